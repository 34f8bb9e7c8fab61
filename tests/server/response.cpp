// Test server: response heads, the common knobs and body framings (see response.h).
#include "response.h"

#include "conn.h"

#include <algorithm>
#include <cstdio>
#include <time.h>

namespace ts {

void sleep_ms(uint64_t ms)
{
    timespec ts{time_t(ms / 1000), long(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0) {}
}

bool Body::send(Conn &c, uint64_t off, uint64_t len, bool more) const
{
    if (is_pattern) return c.send_pattern(off, len, more);
    return c.send_all(text.data() + off, size_t(len), more);
}

const char *reason_phrase(int status)
{
    switch (status) {
    case 100: return "Continue";
    case 101: return "Switching Protocols";
    case 102: return "Processing";
    case 103: return "Early Hints";
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 203: return "Non-Authoritative Information";
    case 204: return "No Content";
    case 205: return "Reset Content";
    case 206: return "Partial Content";
    case 300: return "Multiple Choices";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 305: return "Use Proxy";
    case 307: return "Temporary Redirect";
    case 308: return "Permanent Redirect";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 407: return "Proxy Authentication Required";
    case 408: return "Request Timeout";
    case 411: return "Length Required";
    case 413: return "Content Too Large";
    case 417: return "Expectation Failed";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    case 505: return "HTTP Version Not Supported";
    default: return "Unknown";
    }
}

std::pair<std::string, std::string> split_header_arg(const std::string &arg)
{
    size_t colon = arg.find(':');
    if (colon == std::string::npos) return {arg, std::string()};
    size_t v = arg.find_first_not_of(" \t", colon + 1);
    return {arg.substr(0, colon), v == std::string::npos ? std::string() : arg.substr(v)};
}

std::string build_head(const Request &req, Response &r)
{
    std::string version = r.version;
    if (req.has_q("version")) version = "HTTP/" + req.q("version");
    if (req.q("close") == "1" || !req.keep_alive) r.close = true;

    std::string h = version + ' ' + std::to_string(r.status) + ' ' +
                    (r.reason.empty() ? reason_phrase(r.status) : r.reason) + "\r\n";
    auto line = [&h](const std::string &name, const std::string &value) {
        h += name;
        h += ':';
        if (!value.empty()) { h += ' '; h += value; }
        h += "\r\n";
    };
    for (auto &kv : r.headers) line(kv.first, kv.second);
    for (auto &arg : req.q_all("h")) {
        auto kv = split_header_arg(arg);
        line(kv.first, kv.second);
    }
    if (r.close) {
        if (r.announce_close) line("Connection", "close");
    } else if (req.minor == 0 || version == "HTTP/1.0") {
        line("Connection", "keep-alive");
    }
    h += "\r\n";
    return h;
}

namespace {

bool head_only(const Request &req) { return req.method == "HEAD"; }
After after(const Response &r) { return r.close ? After::close : After::keep; }

} // namespace

After send_response(Conn &c, const Request &req, Response &r, const Body &b, Pace pace)
{
    bool no_body = r.status < 200 || r.status == 204 || r.status == 304;
    if (!no_body) r.add("Content-Length", std::to_string(b.size()));
    std::string head = build_head(req, r);
    if (no_body || head_only(req)) return c.send_str(head) ? after(r) : After::close;

    uint64_t total = b.size();
    if (pace.piece == 0 && !b.is_pattern && total < 65536) {
        head += b.text;   // one write for small responses
        return c.send_str(head) ? after(r) : After::close;
    }
    if (!c.send_str(head, total > 0)) return After::close;
    uint64_t piece = pace.piece ? pace.piece : total;
    for (uint64_t off = 0; off < total; off += piece) {
        uint64_t n = std::min(piece, total - off);
        if (!b.send(c, off, n, false)) return After::close;
        if (pace.delay_ms && off + n < total) sleep_ms(pace.delay_ms);
    }
    return after(r);
}

After send_chunked(Conn &c, const Request &req, Response &r, const Body &b, const ChunkOpts &o)
{
    if (req.minor == 0) return send_close_delimited(c, req, r, b);
    r.add("Transfer-Encoding", "chunked");
    if (!o.trailers.empty()) {
        std::string names;
        for (auto &t : o.trailers) names += (names.empty() ? "" : ", ") + t.first;
        r.add("Trailer", names);
    }
    std::string head = build_head(req, r);
    if (head_only(req)) return c.send_str(head) ? after(r) : After::close;
    if (!c.send_str(head, true)) return After::close;

    uint64_t total = b.size(), size = o.size ? o.size : 1024;
    char line[64];
    for (uint64_t off = 0; off < total; off += size) {
        uint64_t n = std::min(size, total - off);
        std::snprintf(line, sizeof line, "%llx", static_cast<unsigned long long>(n));
        std::string sl = line + o.ext + "\r\n";
        if (!c.send_str(sl, true) || !b.send(c, off, n, true) || !c.send_str("\r\n", o.delay_ms == 0))
            return After::close;
        if (o.delay_ms) sleep_ms(o.delay_ms);
    }
    std::string last = "0" + o.ext + "\r\n";
    for (auto &t : o.trailers) last += t.first + ": " + t.second + "\r\n";
    last += "\r\n";
    return c.send_str(last) ? after(r) : After::close;
}

After send_close_delimited(Conn &c, const Request &req, Response &r, const Body &b)
{
    r.close = true;
    std::string head = build_head(req, r);
    if (!c.send_str(head, !head_only(req))) return After::close;
    if (!head_only(req)) b.send(c, 0, b.size(), false);
    return After::close;
}

bool send_interim(Conn &c, int status, std::string_view reason)
{
    std::string s = "HTTP/1.1 " + std::to_string(status) + ' ' +
                    (reason.empty() ? std::string(reason_phrase(status)) : std::string(reason)) + "\r\n\r\n";
    return c.send_str(s);
}

} // namespace ts
