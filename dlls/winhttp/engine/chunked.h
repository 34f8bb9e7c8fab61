// The chunked transfer coding (RFC 9112 section 7.1), decoded incrementally and without copies:
// the decoder walks the framing in the caller's receive buffer and says where the payload bytes
// are, so ReadData copies them straight from the socket buffer into the application's buffer.
// Chunk extensions are skipped; trailers are parsed into a HeaderStore.
#pragma once
#include "engine/headers.h"
#include <cstdint>
#include <string>
#include <string_view>

namespace winhttp {

class ChunkedDecoder {
public:
    // What next() found at the start of its input.
    struct Span {
        size_t framing = 0;   // framing bytes consumed first (size lines, CRLFs, trailers)
        size_t payload = 0;   // payload bytes right after them, not consumed: see consume()
    };

    // A trailer section longer than `max_trailer_size` bytes fails with
    // ERROR_WINHTTP_HEADER_SIZE_OVERFLOW (the response head's limit is the natural value).
    explicit ChunkedDecoder(size_t max_trailer_size = 64 * 1024) : max_trailer_(max_trailer_size) {}
    void reset();

    // Consumes framing from the start of `in` until payload bytes, the end of `in` or the end
    // of the body; then reports how many payload bytes of the current chunk follow in `in`.
    // The caller drops out.framing bytes, copies up to out.payload bytes and calls consume()
    // with the number it took. Returns ERROR_SUCCESS, ERROR_WINHTTP_INVALID_SERVER_RESPONSE
    // (bad or overflowing chunk size, missing CRLF after a chunk, NUL in trailers) or
    // ERROR_WINHTTP_HEADER_SIZE_OVERFLOW; after an error every call returns it again.
    DWORD next(std::string_view in, Span& out);
    // Marks `n` payload bytes (at most the last Span's payload) as delivered.
    void consume(uint64_t n);

    // The last chunk and the trailer section were read: the body is complete. Bytes after it
    // are never consumed (they belong to the next response).
    bool done() const { return state_ == State::Done; }
    DWORD error() const { return error_; }
    // Payload bytes of the current chunk not yet delivered (0 between chunks).
    uint64_t chunk_remaining() const { return state_ == State::Data ? remaining_ : 0; }
    // The zero-size chunk was seen and the trailer section is being read.
    bool in_trailers() const { return state_ == State::Trailers; }
    // Total payload bytes delivered so far.
    uint64_t delivered() const { return delivered_; }
    const HeaderStore& trailers() const { return trailers_; }
    HeaderStore& trailers() { return trailers_; }

private:
    enum class State { Size, SizeDigits, SizeTail, Extension, SizeLF, Data, DataCR, DataLF, Trailers, Done, Error };
    DWORD fail(DWORD e);
    DWORD end_size_line();
    // Consumes trailer bytes from `in`; returns how many.
    size_t trailer_bytes(std::string_view in);

    size_t max_trailer_;
    State state_ = State::Size;
    DWORD error_ = ERROR_SUCCESS;
    uint64_t size_ = 0;         // the size being read
    uint64_t remaining_ = 0;    // payload left in the current chunk
    uint64_t delivered_ = 0;
    size_t line_len_ = 0;       // bytes of the current size line so far
    size_t line_start_ = 0;     // offset in trailer_raw_ of the trailer line being received
    std::string trailer_raw_;
    HeaderStore trailers_;
};

} // namespace winhttp
