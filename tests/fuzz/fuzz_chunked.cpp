// libFuzzer target: the chunked body decoder. The first input byte picks how the bytes arrive
// (slice size) and how much the application reads at a time; the result (payload, trailers,
// error, bytes consumed) must not depend on either.
#include "engine/chunked.h"

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

using namespace winhttp;

namespace {

void check(bool ok)
{
    if (!ok) std::abort();
}

struct Outcome {
    DWORD error = 0;
    bool done = false;
    std::string payload;
    std::string trailers;
    size_t consumed = 0;
};

Outcome run(std::string_view data, size_t step, size_t want, size_t max_trailer)
{
    Outcome o;
    ChunkedDecoder d(max_trailer);
    std::string buf;
    size_t off = 0;
    while (off < data.size() && !o.done && o.error == ERROR_SUCCESS) {
        std::string_view slice = data.substr(off, step);
        buf.append(slice);
        off += slice.size();
        for (;;) {
            ChunkedDecoder::Span s;
            o.error = d.next(buf, s);
            if (o.error != ERROR_SUCCESS) break;
            check(s.framing + s.payload <= buf.size());
            check(s.payload <= d.chunk_remaining());
            size_t take = s.payload < want ? s.payload : want;
            o.payload.append(buf, s.framing, take);
            d.consume(take);
            buf.erase(0, s.framing + take);
            o.consumed += s.framing + take;
            if (d.done()) { o.done = true; break; }
            if (s.framing + take == 0) break;
        }
    }
    if (o.error != ERROR_SUCCESS) {
        check(o.error == ERROR_WINHTTP_INVALID_SERVER_RESPONSE || o.error == ERROR_WINHTTP_HEADER_SIZE_OVERFLOW);
        o.payload.clear();   // how much came before the error depends on the slicing
        o.consumed = 0;
    } else {
        check(d.delivered() == o.payload.size());
        check(o.consumed <= data.size());
        if (o.done) o.trailers = narrow(d.trailers().lines());
    }
    return o;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size)
{
    if (size < 1) return 0;
    uint8_t knob = bytes[0];
    std::string_view data(reinterpret_cast<const char*>(bytes + 1), size - 1);
    size_t step = (knob & 7) + 1;
    size_t want = ((knob >> 3) & 7) + 1;
    size_t max_trailer = (knob & 0x40) ? 32 : 64 * 1024;
    Outcome a = run(data, step, want, max_trailer);
    Outcome b = run(data, data.size() ? data.size() : 1, SIZE_MAX, max_trailer);
    check(a.error == b.error);
    check(a.done == b.done);
    // Unfinished bodies differ only in how far the payload got: compare finished ones fully.
    if (a.done) {
        check(a.payload == b.payload);
        check(a.trailers == b.trailers);
        check(a.consumed == b.consumed);
    }
    return 0;
}
