// Test server: the regular routes and the dispatcher (see routes.h and README.md).
#include "routes.h"

#include "compress.h"
#include "conn.h"

#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <atomic>
#include <fstream>
#include <iterator>
#include <cerrno>
#include <cstdint>
#include <string>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace ts {

namespace {

// "/bytes/123" with prefix "/bytes/" -> 123.
bool num_after(std::string_view path, std::string_view prefix, uint64_t &n)
{
    return path.substr(0, prefix.size()) == prefix && parse_u64(path.substr(prefix.size()), n);
}

std::string base64(std::string_view in)
{
    static const char tbl[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    size_t i = 0;
    for (; i + 2 < in.size(); i += 3) {
        unsigned v = unsigned(uint8_t(in[i])) << 16 | unsigned(uint8_t(in[i + 1])) << 8 | uint8_t(in[i + 2]);
        out += tbl[v >> 18]; out += tbl[(v >> 12) & 63]; out += tbl[(v >> 6) & 63]; out += tbl[v & 63];
    }
    if (i + 1 == in.size()) {
        unsigned v = unsigned(uint8_t(in[i])) << 16;
        out += tbl[v >> 18]; out += tbl[(v >> 12) & 63]; out += "==";
    } else if (i + 2 == in.size()) {
        unsigned v = unsigned(uint8_t(in[i])) << 16 | unsigned(uint8_t(in[i + 1])) << 8;
        out += tbl[v >> 18]; out += tbl[(v >> 12) & 63]; out += tbl[(v >> 6) & 63]; out += '=';
    }
    return out;
}

// Whether the header carries "Basic <base64(user:pass)>" for the ?user= / ?pass= knobs.
bool basic_matches(const Request &req, const std::string *value)
{
    if (!value) return false;
    std::string_view v = *value;
    if (v.size() < 6 || !ieq(v.substr(0, 6), "Basic ")) return false;
    v.remove_prefix(6);
    while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
    return v == base64(req.q("user", "user") + ':' + req.q("pass", "pass"));
}

After text(Conn &c, const Request &req, int status, std::string body, Response r = {})
{
    r.status = status;
    r.add("Content-Type", "text/plain");
    return send_response(c, req, r, Body::of(std::move(body)));
}

// /files/NAME with --files DIR: the file DIR/NAME (a plain name, no directories), e.g. a
// revocation list a test certificate's distribution point names.
After route_file(Conn &c, Request &req, std::string_view name)
{
    const std::string &dir = c.cfg().files_dir;
    if (dir.empty() || name.empty() || name.find('/') != std::string_view::npos || name[0] == '.')
        return text(c, req, 404, "no such file\n");
    std::ifstream f(dir + "/" + std::string(name), std::ios::binary);
    if (!f) return text(c, req, 404, "no such file\n");
    std::string body((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    Response r;
    r.status = 200;
    r.add("Content-Type", "application/octet-stream");
    return send_response(c, req, r, Body::of(std::move(body)));
}

After route_status(Conn &c, Request &req, uint64_t code)
{
    if (code < 100 || code > 999) return text(c, req, 400, "bad status code\n");
    Response r;
    r.status = int(code);
    r.reason = req.q("reason");
    return send_response(c, req, r, Body::of(req.q("body")));
}

After route_redirect(Conn &c, Request &req, uint64_t n)
{
    if (n == 0) return text(c, req, 200, "redirect done\n");
    Response r;
    r.status = int(req.q_num("code", 302));
    std::string target = n == 1 ? "/status/200" : "/redirect/" + std::to_string(n - 1);
    if (!req.query_string.empty()) target += '?' + req.query_string;
    if (req.q("absolute") == "1") {
        const std::string *host = req.header("Host");
        std::string scheme = c.cfg().tls ? "https://" : "http://";
        target = scheme + (host ? *host : "127.0.0.1:" + std::to_string(c.cfg().port)) + target;
    }
    r.add("Location", target);
    return send_response(c, req, r, Body::of(""));
}

After route_auth_basic(Conn &c, Request &req)
{
    if (basic_matches(req, req.header("Authorization"))) return text(c, req, 200, "authenticated\n");
    Response r;
    r.add("WWW-Authenticate", "Basic realm=\"test\"");
    return text(c, req, 401, "unauthorized\n", std::move(r));
}

// Digest (RFC 7616): the hex digest of `data` with MD5 or SHA-256.
std::string hex_hash(const std::string &algorithm, const std::string &data)
{
    gnutls_digest_algorithm_t a = algorithm == "SHA-256" ? GNUTLS_DIG_SHA256 : GNUTLS_DIG_MD5;
    unsigned char out[32];
    if (gnutls_hash_fast(a, data.data(), data.size(), out) != 0) return {};
    static const char hex[] = "0123456789abcdef";
    std::string s;
    for (unsigned i = 0; i < gnutls_hash_get_len(a); i++) {
        s += hex[out[i] >> 4];
        s += hex[out[i] & 15];
    }
    return s;
}

// The value of `name` in a "Digest a=b, c=\"d\"" header ("" when absent).
std::string digest_param(std::string_view h, std::string_view name)
{
    size_t i = 0;
    while (i < h.size()) {
        while (i < h.size() && (h[i] == ' ' || h[i] == ',')) i++;
        size_t eq = h.find('=', i);
        if (eq == std::string_view::npos) break;
        std::string_view key = h.substr(i, eq - i);
        size_t sp = key.rfind(' ');
        if (sp != std::string_view::npos) key = key.substr(sp + 1);
        std::string value;
        i = eq + 1;
        if (i < h.size() && h[i] == '"') {
            for (i++; i < h.size() && h[i] != '"'; i++) {
                if (h[i] == '\\' && i + 1 < h.size()) i++;
                value += h[i];
            }
            i++;
        } else {
            while (i < h.size() && h[i] != ',') value += h[i++];
        }
        if (ieq(key, name)) return value;
    }
    return {};
}

const char kDigestNonce[] = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
const char kDigestOpaque[] = "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS";

// Whether an Authorization / Proxy-Authorization value answers our Digest challenge (realm
// "test", qop=auth, `nonce`) for user/pass; its uri must be the request target as sent.
bool digest_answers(const Request &req, const std::string *auth, const std::string &user, const std::string &pass,
                    const std::string &algorithm, const std::string &nonce)
{
    if (!auth || auth->compare(0, 7, "Digest ") != 0) return false;
    std::string_view h = *auth;
    std::string ha1 = hex_hash(algorithm, digest_param(h, "username") + ":test:" + pass);
    std::string ha2 = hex_hash(algorithm, req.method + ":" + digest_param(h, "uri"));
    std::string expect = hex_hash(algorithm, ha1 + ":" + digest_param(h, "nonce") + ":" + digest_param(h, "nc") + ":" +
                                                 digest_param(h, "cnonce") + ":auth:" + ha2);
    return digest_param(h, "username") == user && digest_param(h, "nonce") == nonce &&
           digest_param(h, "uri") == req.target && digest_param(h, "response") == expect;
}

std::string digest_challenge(const std::string &algorithm, const std::string &nonce)
{
    return "Digest realm=\"test\", qop=\"auth\", algorithm=" + algorithm + ", nonce=\"" + nonce + "\", opaque=\"" +
           kDigestOpaque + "\"";
}

// Digest (RFC 7616, qop=auth) to a server (/auth/digest: WWW-Authenticate, Authorization, 401)
// or as a proxy (/proxy-auth/digest: Proxy-Authenticate, Proxy-Authorization, 407), for
// ?user=U&pass=P&algorithm=MD5|SHA-256: the challenge unless the request's header answers it
// correctly, then 200 "authenticated nc=<nc>". With stale=1 nothing is accepted: every
// challenge says stale=true with a nonce never used before (a client must not loop on it). The
// proxy with server_user=SU&server_pass=SP: past it, the server wants Basic SU:SP (401).
After route_digest(Conn &c, Request &req, bool proxy)
{
    static std::atomic<unsigned> stale_nonces{0};
    std::string user = req.q("user", "user"), pass = req.q("pass", "pass");
    std::string algorithm = req.q("algorithm", "MD5");
    bool stale = req.q("stale") == "1";
    std::string nonce = kDigestNonce;
    if (stale) nonce += "-" + std::to_string(++stale_nonces);
    const std::string *auth = req.header(proxy ? "Proxy-Authorization" : "Authorization");
    if (!stale && digest_answers(req, auth, user, pass, algorithm, nonce)) {
        if (proxy && req.has_q("server_user")) {
            // Past the proxy: the server behind it wants Basic credentials too.
            const std::string *a = req.header("Authorization");
            std::string want = base64(req.q("server_user") + ':' + req.q("server_pass"));
            if (!a || a->size() < 6 || !ieq(a->substr(0, 6), "Basic ") || a->substr(6) != want) {
                Response r;
                r.add("WWW-Authenticate", "Basic realm=\"test\"");
                return text(c, req, 401, "unauthorized\n", std::move(r));
            }
        }
        return text(c, req, 200, "authenticated nc=" + digest_param(*auth, "nc") + "\n");
    }
    Response r;
    r.add(proxy ? "Proxy-Authenticate" : "WWW-Authenticate",
          digest_challenge(algorithm, nonce) + (stale ? ", stale=true" : ""));
    if (proxy) return text(c, req, 407, "proxy authentication required\n", std::move(r));
    return text(c, req, 401, "unauthorized\n", std::move(r));
}

// /auth/early?user=U&pass=P&early=close|drain: Basic, challenging the way the WinHttpWriteData
// page warns about: a request with a body but without the right Authorization gets its 401 as
// soon as its head is read, before the body; then early=close (the default) resets the
// connection with the body unread, early=drain reads and discards the body and keeps the
// connection. Without a body the 401 comes the ordinary way. The right credentials: the body is
// read, then 200 "bytes=<body bytes> conn=<connection id>".
bool early_challenge(const Request &req)
{
    return req.path == "/auth/early" && req.has_body() && !basic_matches(req, req.header("Authorization"));
}

After route_auth_early(Conn &c, Request &req)
{
    if (early_challenge(req)) return After::keep;   // answered before the body (handle_expect)
    if (basic_matches(req, req.header("Authorization")))
        return text(c, req, 200, "bytes=" + std::to_string(req.body_bytes) + " conn=" + std::to_string(c.id()));
    Response r;
    r.add("WWW-Authenticate", "Basic realm=\"test\"");
    return text(c, req, 401, "unauthorized\n", std::move(r));
}

// CONNECT host:port (the server as an HTTPS proxy): a tunnel to 127.0.0.1:port whatever the
// host, "200 Connection established", then bytes relayed both ways until one side closes. A
// User-Agent containing "proxy-auth=digest" (an authority-form target has no query for knobs)
// makes the proxy want Digest first: user bob, password pass, MD5, the uri being the authority;
// 407 + Proxy-Authenticate as /proxy-auth/digest until then. 502 when the port refuses.
After route_connect(Conn &c, Request &req)
{
    const std::string *agent = req.header("User-Agent");
    if (agent && agent->find("proxy-auth=digest") != std::string::npos &&
        !digest_answers(req, req.header("Proxy-Authorization"), "bob", "pass", "MD5", kDigestNonce)) {
        Response r;
        r.add("Proxy-Authenticate", digest_challenge("MD5", kDigestNonce));
        return text(c, req, 407, "proxy authentication required\n", std::move(r));
    }
    size_t colon = req.target.rfind(':');
    uint64_t port = 0;
    if (c.cfg().tls || colon == std::string::npos || !parse_u64(std::string_view(req.target).substr(colon + 1), port) ||
        port == 0 || port > 65535)
        return text(c, req, 400, "bad CONNECT target\n");
    int up = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(uint16_t(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (up < 0 || ::connect(up, reinterpret_cast<sockaddr *>(&a), sizeof a) != 0) {
        if (up >= 0) ::close(up);
        Response r;
        r.close = true;
        return text(c, req, 502, "cannot connect\n", std::move(r));
    }
    // The client waits for this answer before its first tunnel byte, so nothing is buffered in
    // `c` beyond the head: the relay works on the raw sockets.
    if (!c.send_str("HTTP/1.1 200 Connection established\r\n\r\n")) {
        ::close(up);
        return After::close;
    }
    pollfd p[2] = {{c.fd(), POLLIN, 0}, {up, POLLIN, 0}};
    char buf[65536];
    for (bool open = true; open;) {
        if (::poll(p, 2, -1) < 0) {
            if (errno == EINTR) continue;
            break;
        }
        for (int i = 0; i < 2 && open; i++) {
            if (!p[i].revents) continue;
            ssize_t n = ::recv(p[i].fd, buf, sizeof buf, 0);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) {
                open = false;
                break;
            }
            for (ssize_t off = 0; off < n;) {
                ssize_t w = ::send(p[1 - i].fd, buf + off, size_t(n - off), MSG_NOSIGNAL);
                if (w < 0 && errno == EINTR) continue;
                if (w <= 0) {
                    open = false;
                    break;
                }
                off += w;
            }
        }
    }
    ::close(up);
    return After::close;
}

After route_auth_multi(Conn &c, Request &req)
{
    if (basic_matches(req, req.header("Authorization"))) return text(c, req, 200, "authenticated\n");
    Response r;
    std::string schemes = req.q("schemes", "negotiate,ntlm,digest,basic");
    std::string_view s = schemes;
    while (!s.empty()) {
        size_t comma = s.find(',');
        std::string_view name = s.substr(0, comma);
        s = comma == std::string_view::npos ? std::string_view{} : s.substr(comma + 1);
        if (ieq(name, "negotiate")) r.add("WWW-Authenticate", "Negotiate");
        else if (ieq(name, "ntlm")) r.add("WWW-Authenticate", "NTLM");
        else if (ieq(name, "digest"))
            r.add("WWW-Authenticate", "Digest realm=\"test\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", "
                                      "qop=\"auth\", algorithm=MD5");
        else if (ieq(name, "basic")) r.add("WWW-Authenticate", "Basic realm=\"test\"");
        else if (ieq(name, "passport")) r.add("WWW-Authenticate", "Passport1.4");
    }
    return text(c, req, 401, "unauthorized\n", std::move(r));
}

After route_proxy_auth(Conn &c, Request &req)
{
    if (basic_matches(req, req.header("Proxy-Authorization"))) return text(c, req, 200, "proxy authenticated\n");
    Response r;
    r.add("Proxy-Authenticate", "Basic realm=\"test\"");
    return text(c, req, 407, "proxy authentication required\n", std::move(r));
}

After route_continue(Conn &c, Request &req)
{
    uint64_t count = req.q_num("count", 1), code = req.q_num("code", 100);
    if (code < 100 || code > 199) return text(c, req, 400, "code must be 1xx\n");
    for (uint64_t i = 0; i < count; i++)
        if (!send_interim(c, int(code))) return After::close;
    return text(c, req, 200, "done\n");
}

After route_compressed(Conn &c, Request &req, uint64_t n, bool gzip)
{
    Wrap wrap = gzip ? Wrap::gzip : req.q("raw") == "1" ? Wrap::raw : Wrap::zlib;
    std::string data = compress_pattern(n, wrap);
    if (data.empty()) return text(c, req, 500, "zlib failed\n");
    Response r;
    r.add("Content-Type", "text/plain");
    r.add("Content-Encoding", gzip ? "gzip" : "deflate");
    if (req.q("chunked") == "1") {
        ChunkOpts o;
        o.size = req.q_num("size", 1024);
        return send_chunked(c, req, r, Body::of(std::move(data)), o);
    }
    return send_response(c, req, r, Body::of(std::move(data)));
}

After route_cookies_set(Conn &c, Request &req)
{
    Response r;
    for (auto &kv : req.query) {
        if (kv.first == "h" || kv.first == "wait_ms" || kv.first == "version" || kv.first == "close") continue;
        r.add("Set-Cookie", kv.first + '=' + kv.second + "; Path=/");
    }
    return text(c, req, 200, "cookies set\n", std::move(r));
}

} // namespace

After handle_expect(Conn &c, Request &req)
{
    if (early_challenge(req)) {
        Response r;
        r.add("WWW-Authenticate", "Basic realm=\"test\"");
        text(c, req, 401, "unauthorized\n", std::move(r));
        if (req.q("early") == "drain") return After::keep;   // the body is read, route_auth_early stays silent
        c.close_reset();
        return After::close;
    }
    const std::string *expect = req.header("Expect");
    if (!expect || !ieq(*expect, "100-continue") || req.minor == 0 || !req.has_body()) return After::keep;
    std::string mode = req.q("expect");
    if (mode == "ignore") return After::keep;
    if (mode == "417") {
        Response r;
        r.status = 417;
        r.close = true;
        return send_response(c, req, r, Body::of(""));
    }
    return send_interim(c, 100) ? After::keep : After::close;
}

bool wants_body_capture(const Request &req) { return req.path == "/echo"; }

After handle_request(Conn &c, Request &req)
{
    if (uint64_t w = req.q_num("wait_ms", 0)) sleep_ms(w);
    std::string_view p = req.path;
    uint64_t n;

    if (req.method == "CONNECT") return route_connect(c, req);
    if (p.substr(0, 5) == "/bad/") return handle_bad(c, req, p.substr(5));
    if (p == "/" || p == "*") return text(c, req, 200, "winhttp-test-server\n");
    if (p.substr(0, 7) == "/files/") return route_file(c, req, p.substr(7));
    if (num_after(p, "/status/", n)) return route_status(c, req, n);
    if (num_after(p, "/bytes/", n)) {
        Response r;
        r.add("Content-Type", "application/octet-stream");
        return send_response(c, req, r, Body::pattern(n));
    }
    if (num_after(p, "/chunked/", n)) {
        Response r;
        r.add("Content-Type", "application/octet-stream");
        ChunkOpts o;
        o.size = req.q_num("size", 1024);
        o.ext = req.q("ext");
        o.delay_ms = unsigned(req.q_num("delay_ms", 0));
        for (auto &t : req.q_all("trailer")) o.trailers.push_back(split_header_arg(t));
        return send_chunked(c, req, r, Body::pattern(n), o);
    }
    if (num_after(p, "/close/", n)) {
        Response r;
        r.add("Content-Type", "application/octet-stream");
        return send_close_delimited(c, req, r, Body::pattern(n));
    }
    if (p == "/echo") {
        Response r;
        r.add("Content-Type", "application/octet-stream");
        return send_response(c, req, r, Body::of(req.raw));
    }
    if (p == "/upload") return text(c, req, 200, std::to_string(req.body_bytes));
    if (p == "/headers") {
        Response r;
        return send_response(c, req, r, Body::of(""));
    }
    if (num_after(p, "/slow/", n)) {
        Response r;
        r.add("Content-Type", "application/octet-stream");
        Pace pace{req.q_num("chunk", 16), unsigned(req.q_num("delay_ms", 100))};
        if (pace.piece == 0) pace.piece = 1;
        if (req.q("chunked") == "1") {
            ChunkOpts o;
            o.size = pace.piece;
            o.delay_ms = pace.delay_ms;
            return send_chunked(c, req, r, Body::pattern(n), o);
        }
        return send_response(c, req, r, Body::pattern(n), pace);
    }
    if (p == "/stall") {
        c.drain_until_peer_closes();
        return After::close;
    }
    if (p == "/stall-headers") {
        if (c.send_str("HTTP/1.1 20")) c.drain_until_peer_closes();
        return After::close;
    }
    if (num_after(p, "/redirect/", n)) return route_redirect(c, req, n);
    if (p == "/redirect-to") {
        Response r;
        r.status = int(req.q_num("code", 302));
        r.add("Location", req.q("url", "/status/200"));
        uint64_t pad = req.q_num("pad", 0);   // a body of that many pattern bytes
        return send_response(c, req, r, pad ? Body::pattern(pad) : Body::of(""));
    }
    if (p == "/auth/basic") return route_auth_basic(c, req);
    if (p == "/auth/multi") return route_auth_multi(c, req);
    if (p == "/auth/digest") return route_digest(c, req, false);
    if (p == "/proxy-auth/digest") return route_digest(c, req, true);
    if (p == "/auth/early") return route_auth_early(c, req);
    if (p == "/proxy-auth") return route_proxy_auth(c, req);
    if (p == "/204") return route_status(c, req, 204);
    if (p == "/304") {
        Response r;
        r.status = 304;
        r.add("ETag", "\"test-etag\"");
        return send_response(c, req, r, Body::of(""));
    }
    if (p == "/continue") return route_continue(c, req);
    if (num_after(p, "/gzip/", n)) return route_compressed(c, req, n, true);
    if (num_after(p, "/deflate/", n)) return route_compressed(c, req, n, false);
    if (p == "/cookies/set") return route_cookies_set(c, req);
    if (p == "/cookies/echo") return text(c, req, 200, req.header_all("Cookie", "; "));
    if (p == "/keepalive-id") return text(c, req, 200, std::to_string(c.id()));
    if (p == "/tls-info") return text(c, req, 200, c.tls_info());
    if (p == "/close-after-response") {
        Response r;
        r.close = true;
        r.announce_close = req.q("announce") == "1";
        return text(c, req, 200, "closing\n", std::move(r));
    }
    return text(c, req, 404, "no such route\n");
}

} // namespace ts
