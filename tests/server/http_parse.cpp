// Test server: request head parsing, query decoding and request body reading (see http_parse.h).
#include "http_parse.h"

#include "conn.h"

#include <cctype>

namespace ts {

namespace {

std::string_view trim(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Splits "a=1&b=2" into decoded pairs ('+' is kept as is: only %XX is decoded).
Pairs parse_query(std::string_view q)
{
    Pairs out;
    while (!q.empty()) {
        size_t amp = q.find('&');
        std::string_view item = q.substr(0, amp);
        q = amp == std::string_view::npos ? std::string_view{} : q.substr(amp + 1);
        if (item.empty()) continue;
        size_t eq = item.find('=');
        if (eq == std::string_view::npos) out.emplace_back(percent_decode(item), std::string());
        else out.emplace_back(percent_decode(item.substr(0, eq)), percent_decode(item.substr(eq + 1)));
    }
    return out;
}

} // namespace

bool ieq(std::string_view a, std::string_view b)
{
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); i++)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

bool has_token(std::string_view list, std::string_view token)
{
    while (!list.empty()) {
        size_t comma = list.find(',');
        if (ieq(trim(list.substr(0, comma)), token)) return true;
        if (comma == std::string_view::npos) break;
        list.remove_prefix(comma + 1);
    }
    return false;
}

std::string percent_decode(std::string_view s)
{
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size(); i++) {
        int h, l;
        if (s[i] == '%' && i + 2 < s.size() && (h = hexval(s[i + 1])) >= 0 &&
            (l = hexval(s[i + 2])) >= 0) {
            out.push_back(static_cast<char>(h * 16 + l));
            i += 2;
        } else {
            out.push_back(s[i]);
        }
    }
    return out;
}

bool parse_u64(std::string_view s, uint64_t &out, int base)
{
    if (s.empty()) return false;
    uint64_t v = 0;
    for (char c : s) {
        int d = base == 16 ? hexval(c) : (c >= '0' && c <= '9' ? c - '0' : -1);
        if (d < 0) return false;
        if (v > (UINT64_MAX - uint64_t(d)) / uint64_t(base)) return false;
        v = v * uint64_t(base) + uint64_t(d);
    }
    out = v;
    return true;
}

const std::string *Request::header(std::string_view name) const
{
    for (auto &h : headers)
        if (ieq(h.first, name)) return &h.second;
    return nullptr;
}

std::string Request::header_all(std::string_view name, std::string_view sep) const
{
    std::string out;
    bool first = true;
    for (auto &h : headers) {
        if (!ieq(h.first, name)) continue;
        if (!first) out += sep;
        out += h.second;
        first = false;
    }
    return out;
}

bool Request::has_q(std::string_view name) const
{
    for (auto &p : query)
        if (p.first == name) return true;
    return false;
}

std::string Request::q(std::string_view name, std::string_view def) const
{
    for (auto &p : query)
        if (p.first == name) return p.second;
    return std::string(def);
}

std::vector<std::string> Request::q_all(std::string_view name) const
{
    std::vector<std::string> out;
    for (auto &p : query)
        if (p.first == name) out.push_back(p.second);
    return out;
}

uint64_t Request::q_num(std::string_view name, uint64_t def) const
{
    uint64_t v;
    for (auto &p : query)
        if (p.first == name) return parse_u64(p.second, v) ? v : def;
    return def;
}

bool parse_head(std::string head, Request &req)
{
    req.raw = std::move(head);
    std::string_view rest = req.raw;
    bool first = true;
    while (!rest.empty()) {
        size_t nl = rest.find('\n');
        std::string_view line = rest.substr(0, nl);
        rest = nl == std::string_view::npos ? std::string_view{} : rest.substr(nl + 1);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.empty()) break;
        if (first) {
            first = false;
            size_t s1 = line.find(' ');
            size_t s2 = line.rfind(' ');
            if (s1 == std::string_view::npos || s2 == s1) return false;
            req.method = std::string(line.substr(0, s1));
            req.target = std::string(trim(line.substr(s1 + 1, s2 - s1 - 1)));
            req.version = std::string(line.substr(s2 + 1));
            if (req.version == "HTTP/1.1") req.minor = 1;
            else if (req.version == "HTTP/1.0") req.minor = 0;
            else return false;
            if (req.method.empty() || req.target.empty()) return false;
            continue;
        }
        if (line.front() == ' ' || line.front() == '\t') {   // obs-fold continuation
            if (req.headers.empty()) return false;
            req.headers.back().second += ' ';
            req.headers.back().second += trim(line);
            continue;
        }
        size_t colon = line.find(':');
        if (colon == std::string_view::npos || colon == 0) return false;
        req.headers.emplace_back(std::string(line.substr(0, colon)), std::string(trim(line.substr(colon + 1))));
    }
    if (first) return false;

    // Target: absolute-form (as sent to a proxy) is routed on its path.
    std::string_view t = req.target;
    if (size_t scheme = t.find("://"); scheme != std::string_view::npos && t.front() != '/') {
        size_t slash = t.find('/', scheme + 3);
        t = slash == std::string_view::npos ? std::string_view("/") : t.substr(slash);
    }
    size_t qm = t.find('?');
    req.path = std::string(t.substr(0, qm));
    if (qm != std::string_view::npos) {
        req.query_string = std::string(t.substr(qm + 1));
        req.query = parse_query(req.query_string);
    }

    const std::string *conn = req.header("Connection");
    if (req.minor == 0) req.keep_alive = conn && has_token(*conn, "keep-alive");
    else req.keep_alive = !(conn && has_token(*conn, "close"));

    if (const std::string *te = req.header("Transfer-Encoding"); te && has_token(*te, "chunked")) {
        req.chunked = true;
    } else if (const std::string *cl = req.header("Content-Length")) {
        if (!parse_u64(*cl, req.content_length)) return false;
    }
    return true;
}

bool read_body(Conn &c, Request &req, bool capture)
{
    std::string *raw = capture ? &req.raw : nullptr;
    if (!req.chunked) {
        req.body_bytes = req.content_length;
        return c.read_n(req.content_length, raw);
    }
    std::string line;
    for (;;) {
        if (!c.read_line(line, 4096, raw)) return false;
        std::string_view sz = line;
        sz = sz.substr(0, sz.find(';'));
        uint64_t n;
        if (!parse_u64(trim(sz), n, 16)) return false;
        if (n == 0) break;
        if (!c.read_n(n, raw)) return false;
        req.body_bytes += n;
        if (!c.read_line(line, 0, raw) || !line.empty()) return false;
    }
    // Trailer section up to the empty line.
    for (;;) {
        if (!c.read_line(line, 65536, raw)) return false;
        if (line.empty()) return true;
    }
}

} // namespace ts
