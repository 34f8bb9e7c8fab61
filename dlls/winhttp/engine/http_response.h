// HTTP/1.1 response heads on the wire: an incremental parser fed the byte slices a socket hands
// over (status line, header lines, interim 1xx responses, the maximum head size), and the
// decisions taken once a head is complete: how the body is framed (RFC 9112 section 6.3) and
// whether the connection can carry another request. Pure code: no sockets, no API state.
#pragma once
#include "engine/headers.h"
#include <cstdint>
#include <string>
#include <string_view>

namespace winhttp {

// WINHTTP_OPTION_MAX_RESPONSE_HEADER_SIZE's default.
constexpr size_t kDefaultMaxResponseHeaderSize = 64 * 1024;

class ResponseHeadParser {
public:
    enum class Result {
        NeedMore,   // every byte given belongs to the head: feed more
        Done,       // the head is complete; the bytes after it are not consumed
        Error,      // error() says which (INVALID_SERVER_RESPONSE or HEADER_SIZE_OVERFLOW)
    };

    explicit ResponseHeadParser(size_t max_head_size = kDefaultMaxResponseHeaderSize)
        : max_(max_head_size) {}

    // The limit applies to the bytes of one head (status line to the empty line, line ends
    // included). Takes effect for the bytes fed from now on.
    void set_max_head_size(size_t n) { max_ = n; }
    // Forgets the head (after an interim 1xx response, or for the next response on the
    // connection); the limit is kept.
    void reset();

    // Feeds the next bytes received. *used is how many of them the head took: all of them on
    // NeedMore, the head's tail on Done (the rest is body or the next response), unspecified on
    // Error. Calling feed again after Done or Error returns the same result and uses nothing.
    Result feed(std::string_view data, size_t* used);
    // The connection ended: returns Error (a head cut short, or no response at all), or Done
    // when the head was already complete.
    Result eof();

    DWORD error() const { return error_; }
    // True once any byte of a response arrived (a dead reused connection sends none).
    bool started() const { return started_; }
    bool done() const { return state_ == State::Done; }

    // After Done: the status line and the headers, widened byte for byte (latin-1).
    HeaderStore& headers() { return headers_; }
    const HeaderStore& headers() const { return headers_; }
    // The head's bytes as received (bare CRs blanked), from the status line to the empty line.
    const std::string& raw() const { return raw_; }
    DWORD status_code() const { return code_; }
    // 1xx other than 101: an interim response the caller skips (100 Continue, 102, 103...).
    // 101 Switching Protocols is final: the connection now speaks another protocol.
    bool interim() const { return code_ >= 100 && code_ < 200 && code_ != 101; }
    // The minor version of "HTTP/1.x" (0 for HTTP/1.0).
    unsigned minor_version() const { return minor_; }

private:
    enum class State { Start, StatusLine, Fields, Done, Error };
    Result fail(DWORD e);
    Result finish_status_line();
    Result finish_head();

    size_t max_;
    State state_ = State::Start;
    DWORD error_ = ERROR_SUCCESS;
    bool started_ = false;
    size_t counted_ = 0;        // bytes counted against the limit (skipped empty lines included)
    size_t line_start_ = 0;     // offset in raw_ of the line being received
    HeaderStore headers_;
    std::string raw_;
    DWORD code_ = 0;
    unsigned minor_ = 0;
};

// How the body after a final response head is delimited.
enum class ResponseBodyFraming {
    None,         // no body: HEAD, 1xx, 204, 304, a 2xx answer to CONNECT
    Length,       // exactly `length` bytes
    Chunked,      // the chunked transfer coding (see chunked.h)
    UntilClose,   // everything up to the end of the connection
};

struct ResponseFraming {
    ResponseBodyFraming framing = ResponseBodyFraming::UntilClose;
    uint64_t length = 0;        // for Length
    bool keep_alive = false;    // the connection can carry the next request once the body is read
};

enum class RequestMethod { Other, Head, Connect };

// Decides the framing of the body that follows `h` (a final response, HTTP/1.`minor`) for a
// request sent with `method`. Returns ERROR_SUCCESS, or ERROR_WINHTTP_INVALID_SERVER_RESPONSE for
// a Content-Length that is not a decimal number, overflows, or disagrees with another one.
DWORD decide_framing(const HeaderStore& h, unsigned minor, RequestMethod method, ResponseFraming& out);

// Turns every CR of the line s[from, lf) that is not the one right before the LF at `lf` into a
// space: a bare CR is no line end, and RFC 9112 2.2 lets a recipient read it as SP, which keeps
// it out of the values WinHttpQueryHeaders returns.
void blank_bare_cr(std::string& s, size_t from, size_t lf);

// True when the comma-separated values of every `name` header hold `token` (any case).
bool header_has_token(const HeaderStore& h, u16view name, u16view token);

} // namespace winhttp
