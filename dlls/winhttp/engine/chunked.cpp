// Chunked transfer coding decoder (see chunked.h): a byte-level state machine over the framing;
// payload bytes are never looked at, only counted.
#include "engine/chunked.h"
#include "engine/http_response.h"

#include <algorithm>
#include <cstdint>

namespace winhttp {

namespace {

// A chunk size line (size, extensions, line end) longer than this is not a chunk size line;
// extensions are skipped unread, so this only bounds how long a server can talk nonsense.
constexpr size_t kMaxSizeLine = 64 * 1024;

int hex_value(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

} // namespace

void ChunkedDecoder::reset()
{
    state_ = State::Size;
    error_ = ERROR_SUCCESS;
    size_ = remaining_ = delivered_ = 0;
    line_len_ = line_start_ = 0;
    trailer_raw_.clear();
    trailers_.clear();
}

DWORD ChunkedDecoder::fail(DWORD e)
{
    state_ = State::Error;
    error_ = e;
    return e;
}

DWORD ChunkedDecoder::end_size_line()
{
    line_len_ = 0;
    if (size_ == 0) {
        state_ = State::Trailers;
        return ERROR_SUCCESS;
    }
    remaining_ = size_;
    state_ = State::Data;
    return ERROR_SUCCESS;
}

size_t ChunkedDecoder::trailer_bytes(std::string_view in)
{
    size_t i = 0;
    while (i < in.size() && state_ == State::Trailers) {
        size_t lf = in.find('\n', i);
        size_t end = lf == std::string_view::npos ? in.size() : lf + 1;
        if (end - i > max_trailer_ - trailer_raw_.size()) {
            fail(ERROR_WINHTTP_HEADER_SIZE_OVERFLOW);
            return i;
        }
        trailer_raw_.append(in.data() + i, end - i);
        i = end;
        if (lf == std::string_view::npos) break;
        blank_bare_cr(trailer_raw_, line_start_, trailer_raw_.size() - 1);
        size_t len = trailer_raw_.size() - 1 - line_start_;
        bool empty = len == 0 || (len == 1 && trailer_raw_[line_start_] == '\r');
        line_start_ = trailer_raw_.size();
        if (!empty) continue;
        // The empty line ends the trailer section; its lines follow the response head's rules.
        size_t used = 0;
        if (parse_header_lines(trailer_raw_, trailers_, &used) != HeadParse::Done || used != trailer_raw_.size()) {
            fail(ERROR_WINHTTP_INVALID_SERVER_RESPONSE);
            return i;
        }
        state_ = State::Done;
    }
    return i;
}

DWORD ChunkedDecoder::next(std::string_view in, Span& out)
{
    out = Span();
    size_t i = 0;
    while (i < in.size()) {
        if (state_ == State::Data) {
            out.framing = i;
            out.payload = static_cast<size_t>(std::min<uint64_t>(remaining_, in.size() - i));
            return ERROR_SUCCESS;
        }
        if (state_ == State::Trailers) {
            i += trailer_bytes(in.substr(i));
            out.framing = i;
            return error_;
        }
        if (state_ == State::Done || state_ == State::Error) break;

        char c = in[i++];
        // A size line that never ends, and a size that overflows, are the "overflow while parsing
        // chunked encoding" the WinHttpReceiveResponse page names.
        if (state_ <= State::SizeLF && ++line_len_ > kMaxSizeLine) return fail(ERROR_WINHTTP_CHUNKED_ENCODING_HEADER_SIZE_OVERFLOW);
        switch (state_) {
        case State::Size:
        case State::SizeDigits: {
            int d = hex_value(c);
            if (d >= 0) {
                // Sizes above 2^63 - 1 overflow (and would wrap into a plausible small size).
                if (size_ > (uint64_t(INT64_MAX) - uint64_t(d)) / 16) return fail(ERROR_WINHTTP_CHUNKED_ENCODING_HEADER_SIZE_OVERFLOW);
                size_ = size_ * 16 + uint64_t(d);
                state_ = State::SizeDigits;
                break;
            }
            if (state_ == State::Size) return fail(ERROR_WINHTTP_INVALID_SERVER_RESPONSE);
            state_ = State::SizeTail;
            [[fallthrough]];
        }
        case State::SizeTail:
            // After the digits: optional whitespace, then extensions or the line end.
            if (c == ' ' || c == '\t') break;
            if (c == ';') { state_ = State::Extension; break; }
            if (c == '\r') { state_ = State::SizeLF; break; }
            if (c == '\n') { end_size_line(); break; }
            return fail(ERROR_WINHTTP_INVALID_SERVER_RESPONSE);
        case State::Extension:
            // chunk-ext is ignored (RFC 9112 7.1.1); only its line end matters.
            if (c == '\n') end_size_line();
            break;
        case State::SizeLF:
            if (c != '\n') return fail(ERROR_WINHTTP_INVALID_SERVER_RESPONSE);
            end_size_line();
            break;
        case State::DataCR:
            // Every chunk's data ends with CRLF (a bare LF is tolerated, as for every line).
            if (c == '\r') { state_ = State::DataLF; break; }
            if (c == '\n') { state_ = State::Size; size_ = 0; break; }
            return fail(ERROR_WINHTTP_INVALID_SERVER_RESPONSE);
        case State::DataLF:
            if (c != '\n') return fail(ERROR_WINHTTP_INVALID_SERVER_RESPONSE);
            state_ = State::Size;
            size_ = 0;
            break;
        default:
            break;
        }
    }
    out.framing = i;
    return error_;
}

void ChunkedDecoder::consume(uint64_t n)
{
    if (state_ != State::Data) return;
    n = std::min(n, remaining_);
    remaining_ -= n;
    delivered_ += n;
    if (remaining_ == 0) state_ = State::DataCR;
}

} // namespace winhttp
