// HTTP header lines: the ordered, case-insensitive, duplicate-friendly store behind a request's
// request and response headers; the parsing and validation of the header blocks applications
// hand to WinHttpAddRequestHeaders (with its modifier rules); the serialization of a request
// head; the parser of a response head read from the wire; the WINHTTP_QUERY_* name table.
#pragma once
#include "engine/ustr.h"
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace winhttp {

struct Header {
    u16string name;
    u16string value;
};

// The status line of a response ("HTTP/1.1 200 OK"), as received.
struct StatusLine {
    u16string version;   // "HTTP/1.1"
    u16string code;      // the three status digits, "200"
    u16string reason;    // "OK"; may be empty
    DWORD code_number() const;
};

// True when every character of `name` is an RFC 7230 token character (and `name` is not empty).
bool valid_header_name(u16view name);
// True when `value` holds no CR, LF or NUL (the characters that would split or end a line).
bool valid_header_value(u16view value);
// Splits one "Name: value" line (no line break in it): the name is the text before the first
// colon, the value the text after it without surrounding spaces and tabs. Returns
// ERROR_SUCCESS or ERROR_WINHTTP_INVALID_HEADER (no colon, bad name, bad value).
DWORD parse_header_line(u16view line, u16view& name, u16view& value);

class HeaderStore {
public:
    static constexpr size_t npos = static_cast<size_t>(-1);

    size_t size() const { return list_.size(); }
    bool empty() const { return list_.empty(); }
    const Header& operator[](size_t i) const { return list_[i]; }
    const std::vector<Header>& items() const { return list_; }

    // Position of the `nth` (0-based) header called `name` (any case), or npos.
    size_t find(u16view name, size_t nth = 0) const;
    size_t count(u16view name) const;
    // Value of the `nth` header called `name`, or nullptr.
    const u16string* get(u16view name, size_t nth = 0) const;

    void append(u16view name, u16view value);
    bool remove_first(u16view name);
    size_t remove_all(u16view name);
    void clear() { list_.clear(); status = StatusLine(); }

    // Adds one (already validated) header under the WINHTTP_ADDREQ_FLAG_* rules of
    // WinHttpAddRequestHeaders. Returns ERROR_SUCCESS, ERROR_WINHTTP_HEADER_ALREADY_EXISTS
    // or ERROR_WINHTTP_HEADER_NOT_FOUND.
    DWORD apply(u16view name, u16view value, DWORD modifiers);
    // Parses a block of "Name: value" lines separated by CRLF or LF and applies them in order
    // with `modifiers`. Stops at the first line that fails (an invalid line is not added;
    // the lines before it stay). A NUL ends the block; empty lines are skipped; a block with
    // no header line at all is invalid (ERROR_WINHTTP_INVALID_HEADER).
    DWORD add_block(u16view block, DWORD modifiers);

    // "Name: value<eol>" for every header, in order.
    u16string lines(u16view eol = u"\r\n") const;

    // Response stores only: the status line that came before the headers.
    StatusLine status;

private:
    std::vector<Header> list_;
};

// The request head as sent: "VERB target VERSION\r\n", the header lines, "\r\n".
u16string build_request_head(u16view verb, u16view target, u16view version, const HeaderStore& h);
// A response store as text: status line, header lines, each ended by `eol`, then `eol`.
u16string build_response_head(const HeaderStore& h, u16view eol = u"\r\n");

// The bytes a UTF-16 header string becomes on the wire: one byte per code unit when all are
// below 0x100 (so strings widened from wire bytes go back unchanged), UTF-8 otherwise.
std::string wire_bytes(u16view s);

enum class HeadParse {
    Done,        // a whole head was parsed; *consumed says how many bytes it took
    Incomplete,  // no empty line yet: read more
    Invalid,     // not an HTTP/1.x response head
};
// Parses a response head (status line, header lines, empty line) at the start of `data`.
// Lines may end in CRLF or LF; continuation lines (leading space or tab) join the previous
// value; lines without a colon or with an empty name are ignored. Names and values are
// widened byte for byte. `out` is cleared first and filled on Done.
HeadParse parse_response_head(std::string_view data, HeaderStore& out, size_t* consumed);
// The same rules for header lines alone (no status line), up to and including the empty line
// that ends them (chunked trailers); appends to `out` (not cleared) on Done only.
HeadParse parse_header_lines(std::string_view data, HeaderStore& out, size_t* consumed);

// The header name a WINHTTP_QUERY_* attribute stands for (WINHTTP_QUERY_CONTENT_TYPE ->
// "Content-Type"), or an empty view for the attributes that are not a header (VERSION,
// STATUS_CODE, RAW_HEADERS, CUSTOM, ...) and for unknown values.
u16view query_header_name(DWORD attribute);

} // namespace winhttp
