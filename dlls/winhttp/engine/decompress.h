// Content-Encoding decoding for WINHTTP_OPTION_DECOMPRESSION: which decoder a response gets,
// the Accept-Encoding value a request announces, and a streaming gzip/deflate decoder over zlib
// that writes into the caller's buffer only (no output is buffered beyond zlib's own window).
#pragma once
#include "engine/headers.h"
#include <cstddef>
#include <memory>

namespace winhttp {

enum class ContentCoding { None, Gzip, Deflate };

// The decoder for a response, from its Content-Encoding value(s) and the request's
// WINHTTP_DECOMPRESSION_FLAG_* bits: Gzip for "gzip"/"x-gzip" with the GZIP bit, Deflate for
// "deflate" with the DEFLATE bit, else None (the body is passed on as received). "identity"
// entries are skipped; a list of several codings ("deflate, gzip") is not decoded.
ContentCoding decoder_for(u16view content_encoding, DWORD flags);
// The same over every Content-Encoding header of a response store (joined as one list).
ContentCoding decoder_for(const HeaderStore& response, DWORD flags);

// When WinHTTP decodes a body it no longer reports the Content-Encoding and Content-Length
// headers of the response (they describe the bytes on the wire, not what the application reads;
// .NET's WinHttpHandler relies on this). Removes both from a response store.
void drop_coding_headers(HeaderStore& response);

// The Accept-Encoding value for the request's flags ("gzip, deflate", "gzip", "deflate"), or
// an empty view when no flag is set.
u16view accept_encoding_for(DWORD flags);

// A streaming decoder. gzip: concatenated members are decoded one after another; bytes after a
// member that do not start another member are discarded. deflate: zlib-wrapped data, or raw
// deflate when the first two bytes are no zlib header (servers send both; browsers and Windows
// accept both); bytes after the end of the stream are discarded. None copies its input.
class Decoder {
public:
    explicit Decoder(ContentCoding coding);
    ~Decoder();
    Decoder(const Decoder&) = delete;
    Decoder& operator=(const Decoder&) = delete;

    // Decodes from `in` into `out`. *consumed is the number of input bytes taken, *produced the
    // number of output bytes written; call again with the rest of the input (and with empty
    // input to drain output that did not fit). No progress at all (both 0) means more input is
    // needed. Returns ERROR_SUCCESS, ERROR_WINHTTP_INVALID_SERVER_RESPONSE for corrupt data
    // (then every later call fails the same way), or ERROR_NOT_ENOUGH_MEMORY.
    DWORD feed(const void* in, size_t in_len, size_t* consumed, void* out, size_t out_len, size_t* produced);

    // True when the data seen so far ends at the end of a whole stream (gzip: member), i.e. the
    // body is complete; false when the body stopped in the middle of one (truncated) or no data
    // was seen at all.
    bool complete() const;
    bool failed() const;

private:
    struct State;
    std::unique_ptr<State> s_;
};

} // namespace winhttp
