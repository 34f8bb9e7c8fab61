// Test server: building and sending responses (status line, headers, the knobs every route
// accepts, and the body framings: Content-Length, chunked, close-delimited).
#pragma once

#include "http_parse.h"

#include <cstdint>
#include <string>

namespace ts {

class Conn;

// What the connection loop does after a route has answered.
enum class After { keep, close, gone };   // gone: the route closed the socket itself

struct Response {
    int status = 200;
    std::string reason;              // empty: the standard phrase
    std::string version = "HTTP/1.1";
    Pairs headers;
    bool close = false;              // close the connection after this response
    bool announce_close = true;      // say "Connection: close" when closing

    void add(std::string name, std::string value) { headers.emplace_back(std::move(name), std::move(value)); }
};

// A response body: literal bytes, or the first n bytes of the pattern (never materialized).
struct Body {
    std::string text;
    uint64_t pattern_len = 0;
    bool is_pattern = false;

    static Body of(std::string s) { Body b; b.text = std::move(s); return b; }
    static Body pattern(uint64_t n) { Body b; b.pattern_len = n; b.is_pattern = true; return b; }
    uint64_t size() const { return is_pattern ? pattern_len : text.size(); }
    bool send(Conn &c, uint64_t off, uint64_t len, bool more) const;
};

// Sends the body in `piece`-byte writes with `delay_ms` between them (piece 0: all at once).
struct Pace {
    uint64_t piece = 0;
    unsigned delay_ms = 0;
};

struct ChunkOpts {
    uint64_t size = 1024;      // bytes per chunk
    Pairs trailers;            // trailer fields after the last chunk
    std::string ext;           // chunk extension appended to every size line (";name=value")
    unsigned delay_ms = 0;     // pause between chunks
};

const char *reason_phrase(int status);
// "Name:Value" as given to h= / trailer= knobs, split into a header pair.
std::pair<std::string, std::string> split_header_arg(const std::string &arg);

// The head of a response: status line, the route's headers, then the knobs any route takes
// (h=Name:Value extra headers, version=1.0, close=1), then the Connection header. Updates r.close.
std::string build_head(const Request &req, Response &r);

// Content-Length framing (no length and no body for 1xx, 204 and 304). HEAD gets headers only.
After send_response(Conn &c, const Request &req, Response &r, const Body &b, Pace pace = {});
// Chunked framing; an HTTP/1.0 request gets the body close-delimited instead.
After send_chunked(Conn &c, const Request &req, Response &r, const Body &b, const ChunkOpts &o);
// No length: the body ends when the connection closes.
After send_close_delimited(Conn &c, const Request &req, Response &r, const Body &b);
// An interim 1xx response.
bool send_interim(Conn &c, int status, std::string_view reason = {});

void sleep_ms(uint64_t ms);

} // namespace ts
