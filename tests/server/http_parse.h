// Test server: the parsed request (request line, headers, target split into path and query) and
// reading its body by Content-Length or chunked transfer coding.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ts {

class Conn;

using Pairs = std::vector<std::pair<std::string, std::string>>;

struct Request {
    std::string raw;       // the bytes as received: head, plus the body when it was captured
    std::string method, target, version;
    int minor = 1;         // HTTP/1.<minor>
    Pairs headers;         // names as sent, values trimmed; obs-fold lines joined with a space
    std::string path;      // target without scheme/authority (absolute-form) and query
    Pairs query;           // percent-decoded query parameters, in order
    std::string query_string;   // the raw query, without '?'
    bool keep_alive = true;
    bool chunked = false;          // Transfer-Encoding: chunked
    uint64_t content_length = 0;   // when not chunked
    uint64_t body_bytes = 0;       // decoded body bytes read

    // First header of that name (case-insensitive), or nullptr.
    const std::string *header(std::string_view name) const;
    // Every value of that name joined by `sep`.
    std::string header_all(std::string_view name, std::string_view sep) const;
    bool has_body() const { return chunked || content_length > 0; }

    // Query lookups: first value, all values, numbers with defaults.
    bool has_q(std::string_view name) const;
    std::string q(std::string_view name, std::string_view def = {}) const;
    std::vector<std::string> q_all(std::string_view name) const;
    uint64_t q_num(std::string_view name, uint64_t def) const;
};

// Parses a head read by Conn::read_head into `req` (head is kept as req.raw). False: malformed.
bool parse_head(std::string head, Request &req);

// Reads the body the headers announce; its raw bytes are appended to req.raw when `capture`.
// False on malformed framing or EOF.
bool read_body(Conn &c, Request &req, bool capture);

// Helpers shared with the routes.
bool ieq(std::string_view a, std::string_view b);
bool has_token(std::string_view list, std::string_view token);   // comma-separated, any case
std::string percent_decode(std::string_view s);
bool parse_u64(std::string_view s, uint64_t &out, int base = 10);

} // namespace ts
