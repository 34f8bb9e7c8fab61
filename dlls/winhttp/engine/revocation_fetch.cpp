// Revocation data over plain HTTP (see revocation_fetch.h).
#include "engine/revocation_fetch.h"
#include "engine/http_response.h"
#include "io/reactor.h"
#include <cstring>
#include <new>

namespace winhttp {

namespace {

bool starts_with_nocase(std::string_view s, std::string_view prefix)
{
    if (s.size() < prefix.size()) return false;
    for (size_t i = 0; i < prefix.size(); ++i) {
        char a = s[i], b = prefix[i];
        if (a >= 'A' && a <= 'Z') a = char(a + 32);
        if (a != b) return false;
    }
    return true;
}

} // namespace

bool RevocationFetch::split_url(std::string_view url, std::string& host, uint16_t& port, std::string& path)
{
    if (!starts_with_nocase(url, "http://")) return false;
    std::string_view rest = url.substr(7);
    size_t slash = rest.find_first_of("/?#");
    std::string_view authority = rest.substr(0, slash);
    std::string_view p = slash == std::string_view::npos ? std::string_view("/") : rest.substr(slash);
    if (size_t frag = p.find('#'); frag != std::string_view::npos) p = p.substr(0, frag);
    if (authority.find('@') != std::string_view::npos) return false;   // no credentials in CDPs
    std::string_view h = authority, port_text;
    if (!h.empty() && h[0] == '[') {
        size_t close = h.find(']');
        if (close == std::string_view::npos) return false;
        port_text = h.substr(close + 1);
        h = h.substr(1, close - 1);
        if (!port_text.empty() && port_text[0] != ':') return false;
        if (!port_text.empty()) port_text.remove_prefix(1);
    } else if (size_t colon = h.rfind(':'); colon != std::string_view::npos) {
        port_text = h.substr(colon + 1);
        h = h.substr(0, colon);
    }
    if (h.empty()) return false;
    unsigned v = 80;
    if (!port_text.empty()) {
        if (port_text.size() > 5) return false;
        v = 0;
        for (char ch : port_text) {
            if (ch < '0' || ch > '9') return false;
            v = v * 10 + unsigned(ch - '0');
        }
        if (v == 0 || v > 65535) return false;
    }
    for (char ch : p)   // a request target goes out as it is: no controls or spaces
        if (static_cast<unsigned char>(ch) <= 0x20 || ch == 0x7f) return false;
    host.assign(h);
    port = static_cast<uint16_t>(v);
    path = p.empty() ? std::string("/") : std::string(p);
    return true;
}

DWORD RevocationFetch::start(std::string_view url, std::string_view ocsp_request, std::unique_ptr<RevocationFetch>& out,
                             std::string_view proxy_host, uint16_t proxy_port)
{
    try {
        std::unique_ptr<RevocationFetch> f(new RevocationFetch);
        std::string path;
        if (!starts_with_nocase(url, "http://")) return ERROR_WINHTTP_UNRECOGNIZED_SCHEME;
        if (!split_url(url, f->host_, f->port_, path)) return ERROR_WINHTTP_INVALID_URL;
        bool v6 = f->host_.find(':') != std::string::npos;
        std::string authority = v6 ? "[" + f->host_ + "]" : f->host_;
        if (f->port_ != 80) authority += ":" + std::to_string(f->port_);
        std::string target = proxy_host.empty() ? path : "http://" + authority + path;
        f->request_ = (ocsp_request.empty() ? "GET " : "POST ") + target + " HTTP/1.0\r\nHost: " + authority +
                      "\r\nAccept: */*\r\nUser-Agent: Microsoft-CryptoAPI/10.0\r\nConnection: close\r\n";
        if (!ocsp_request.empty())
            f->request_ += "Content-Type: application/ocsp-request\r\nContent-Length: " +
                           std::to_string(ocsp_request.size()) + "\r\n";
        f->request_ += "\r\n";
        f->request_ += ocsp_request;
        if (!proxy_host.empty()) {   // the connection goes to the proxy
            f->host_.assign(proxy_host);
            f->port_ = proxy_port;
        }
        if (DWORD e = io::Lookup::start(f->host_, f->port_, f->lookup_)) return e;
        out = std::move(f);
        return ERROR_SUCCESS;
    } catch (const std::bad_alloc&) {
        return ERROR_NOT_ENOUGH_MEMORY;
    }
}

// Starts connecting to addrs_[addr_], moving on to the next address while one fails at once.
DWORD RevocationFetch::connect_from_current()
{
    for (; addr_ < addrs_.size(); ++addr_) {
        DWORD e = socket_.start_connect(addrs_[addr_]);
        if (e == io::kIoPending || e == ERROR_SUCCESS) return e;
    }
    return ERROR_WINHTTP_CANNOT_CONNECT;
}

DWORD RevocationFetch::wait_connect(int& fd, uint32_t& events)
{
    fd = socket_.fd();
    events = io::kWritable;
    return io::kIoPending;
}

DWORD RevocationFetch::step(int& fd, uint32_t& events)
{
    try {
        for (;;) {
            DWORD e;
            switch (state_) {
            case State::Resolving:
                e = lookup_->result(addrs_);
                if (e == io::kIoPending) {
                    fd = lookup_->fd();
                    events = io::kReadable;
                    return io::kIoPending;
                }
                if (e) return e == ERROR_NOT_ENOUGH_MEMORY ? e : ERROR_WINHTTP_NAME_NOT_RESOLVED;
                if (addrs_.empty()) return ERROR_WINHTTP_NAME_NOT_RESOLVED;
                state_ = State::Connecting;
                e = connect_from_current();
                if (e == io::kIoPending) return wait_connect(fd, events);
                if (e) return e;
                state_ = State::Sending;
                break;
            case State::Connecting:
                e = socket_.finish_connect();
                if (e && e != io::kIoPending) {   // the next address of the name, if any
                    socket_.close();
                    ++addr_;
                    e = connect_from_current();
                }
                if (e == io::kIoPending) return wait_connect(fd, events);
                if (e) return ERROR_WINHTTP_CANNOT_CONNECT;
                state_ = State::Sending;
                break;
            case State::Sending:
                while (sent_ < request_.size()) {
                    io::IoResult w = socket_.send(request_.data() + sent_, request_.size() - sent_);
                    if (w.would_block) {
                        fd = socket_.fd();
                        events = io::kWritable;
                        return io::kIoPending;
                    }
                    if (!w.ok()) return ERROR_WINHTTP_CONNECTION_ERROR;
                    sent_ += w.bytes;
                }
                state_ = State::Receiving;
                break;
            case State::Receiving:
                for (;;) {
                    char buf[16384];
                    io::IoResult rr = socket_.recv(buf, sizeof buf);
                    if (rr.would_block) {
                        fd = socket_.fd();
                        events = io::kReadable;
                        return io::kIoPending;
                    }
                    if (!rr.ok()) return ERROR_WINHTTP_CONNECTION_ERROR;
                    if (rr.bytes == 0) {
                        state_ = State::Done;
                        return parse_response();
                    }
                    if (received_.size() + rr.bytes > kMaxBody + 65536) return ERROR_WINHTTP_INVALID_SERVER_RESPONSE;
                    received_.append(buf, rr.bytes);
                }
            case State::Done:
                return parse_response();
            }
        }
    } catch (const std::bad_alloc&) {
        return ERROR_NOT_ENOUGH_MEMORY;
    }
}

// The whole response is in (the server closed): a 200's body, cut to its Content-Length. An
// HTTP/1.0 request gets no chunked body: one is refused.
DWORD RevocationFetch::parse_response()
{
    ResponseHeadParser parser;
    size_t used = 0;
    if (parser.feed(received_, &used) != ResponseHeadParser::Result::Done) return ERROR_WINHTTP_INVALID_SERVER_RESPONSE;
    ResponseFraming framing;
    if (parser.status_code() != 200 ||
        decide_framing(parser.headers(), parser.minor_version(), RequestMethod::Other, framing) != ERROR_SUCCESS ||
        framing.framing == ResponseBodyFraming::Chunked)
        return ERROR_WINHTTP_INVALID_SERVER_RESPONSE;
    std::string_view rest = std::string_view(received_).substr(used);
    if (framing.framing == ResponseBodyFraming::Length) {
        if (framing.length > rest.size()) return ERROR_WINHTTP_CONNECTION_ERROR;   // cut short
        rest = rest.substr(0, static_cast<size_t>(framing.length));
    }
    if (rest.size() > kMaxBody) return ERROR_WINHTTP_INVALID_SERVER_RESPONSE;
    body_.assign(rest);
    received_.clear();
    received_.shrink_to_fit();
    return ERROR_SUCCESS;
}

} // namespace winhttp
