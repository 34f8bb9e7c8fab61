// Test server: hostile and broken responses under /bad/... (see README.md). Each writes its bytes
// verbatim and then closes the connection, whatever the request asked for.
#include "routes.h"

#include "conn.h"

#include <algorithm>
#include <string>

namespace ts {

namespace {

// A header line of exactly `len` bytes (CRLF included) when len allows it.
std::string filler_line(uint64_t k, uint64_t len)
{
    std::string line = "X-Huge-" + std::to_string(k) + ": ";
    if (len > line.size() + 2) line.append(size_t(len - line.size() - 2), 'x');
    return line + "\r\n";
}

std::string huge_headers(const Request &req)
{
    uint64_t size = std::min<uint64_t>(req.q_num("size", 65536), 64 << 20);
    std::string h;
    if (req.q("single") == "1") {
        h = filler_line(0, size);
    } else {
        // 1000-byte lines; the tail is split in two lines so none is shorter than 500 bytes.
        const uint64_t line = 1000;
        uint64_t k = 0, left = size;
        while (left > 0) {
            uint64_t n = left > 2 * line ? line : left > line ? left / 2 : left;
            h += filler_line(k++, n);
            left -= n;
        }
    }
    return "HTTP/1.1 200 OK\r\n" + h + "Content-Length: 2\r\n\r\nok";
}

std::string many_headers(const Request &req)
{
    uint64_t count = std::min<uint64_t>(req.q_num("count", 1000), 1000000);
    std::string out = "HTTP/1.1 200 OK\r\n";
    for (uint64_t i = 0; i < count; i++)
        out += "X-Header-" + std::to_string(i) + ": " + std::to_string(i) + "\r\n";
    return out + "Content-Length: 2\r\n\r\nok";
}

// Status line and headers announcing `length` bytes, then `sent` bytes of the pattern.
bool partial_body(Conn &c, uint64_t length, uint64_t sent)
{
    std::string head = "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(length) + "\r\n\r\n";
    return c.send_str(head, sent > 0) && c.send_pattern(0, sent);
}

} // namespace

After handle_bad(Conn &c, Request &req, std::string_view name)
{
    std::string out;
    if (name == "bad-status-line") {
        out = req.q("line", "HTTP/1.1 2x0 OK") + "\r\nContent-Length: 2\r\n\r\nok";
    } else if (name == "no-status-code") {
        out = "HTTP/1.1\r\nContent-Length: 2\r\n\r\nok";
    } else if (name == "http09") {
        out = "<html>no status line here</html>\n";
    } else if (name == "huge-headers") {
        out = huge_headers(req);
    } else if (name == "many-headers") {
        out = many_headers(req);
    } else if (name == "bad-chunk-size" || name == "overflow-chunk-size") {
        // The overflow default wraps to 2 in 64 bits: a parser that ignores overflow reads "ok".
        std::string size = req.q("size", name == "bad-chunk-size" ? "zz" : "10000000000000002");
        out = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + size + "\r\nok\r\n0\r\n\r\n";
    } else if (name == "negative-content-length") {
        out = "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\nok";
    } else if (name == "duplicate-content-length-mismatch") {
        out = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 5\r\n\r\nok";
    } else if (name == "early-close") {
        uint64_t after = req.q_num("after", 10);
        partial_body(c, req.q_num("length", after + 100), after);
        return After::close;
    } else if (name == "reset") {
        if (req.has_q("after")) {
            uint64_t after = req.q_num("after", 0);
            partial_body(c, after + 100, after);
            sleep_ms(50);   // let the partial response reach the peer before the RST
        }
        c.close_reset();
        return After::gone;
    } else if (name == "lf-only") {
        out = "HTTP/1.1 200 OK\nContent-Type: text/plain\nX-Test: lf\nContent-Length: 2\n\nok";
    } else if (name == "header-no-colon") {
        out = "HTTP/1.1 200 OK\r\nX-Before: 1\r\nNoColonHere\r\nX-After: 2\r\nContent-Length: 2\r\n\r\nok";
    } else if (name == "header-leading-space") {
        if (req.q("first") == "1")   // whitespace before the first field line (RFC 9112 2.2)
            out = "HTTP/1.1 200 OK\r\n X-Leading: 1\r\nContent-Length: 2\r\n\r\nok";
        else   // obs-fold continuation lines
            out = "HTTP/1.1 200 OK\r\nX-Folded: first\r\n second\r\n\tthird\r\nContent-Length: 2\r\n\r\nok";
    } else if (name == "content-length-and-chunked") {
        out = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n"
              "2\r\nok\r\n0\r\n\r\n";
    } else if (name == "raw") {
        out = req.q("data");
    } else {
        Response r;
        r.status = 404;
        r.close = true;
        return send_response(c, req, r, Body::of("no such /bad/ route\n"));
    }
    c.send_str(out);
    return After::close;
}

} // namespace ts
