// libFuzzer target: the incremental response head parser, the body framing decision and, for
// chunked bodies, the chunked decoder, on arbitrary server bytes. The first input byte picks the
// slice size, the head size limit and the request method; the same bytes are also fed whole and
// both runs must agree. Interim 1xx heads are skipped as the caller does.
#include "engine/chunked.h"
#include "engine/http_response.h"

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

using namespace winhttp;
using R = ResponseHeadParser::Result;

namespace {

void check(bool ok)
{
    if (!ok) std::abort();
}

struct Outcome {
    R result = R::NeedMore;
    DWORD error = 0;
    size_t used = 0;        // bytes taken by all heads (Done only)
    std::string heads;      // every head as rebuilt from the store
};

Outcome run(std::string_view data, size_t step, size_t max)
{
    Outcome o;
    ResponseHeadParser p(max);
    size_t off = 0;
    while (off < data.size()) {
        std::string_view slice = data.substr(off, step);
        size_t used = 12345;
        o.result = p.feed(slice, &used);
        if (o.result == R::Error) break;
        check(used <= slice.size());
        off += used;
        if (o.result == R::NeedMore) {
            check(used == slice.size());
            continue;
        }
        check(p.raw().size() <= max);
        check(p.status_code() >= 100 && p.status_code() <= 999);
        o.heads += narrow(build_response_head(p.headers()));
        if (!p.interim()) break;
        p.reset();
        o.result = R::NeedMore;
    }
    if (o.result == R::NeedMore) {
        o.result = p.eof();
        check(o.result == R::Error);
    }
    o.error = p.error();
    o.used = off;
    if (o.result == R::Error)
        check(o.error == ERROR_WINHTTP_INVALID_SERVER_RESPONSE || o.error == ERROR_WINHTTP_HEADER_SIZE_OVERFLOW);
    return o;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size)
{
    if (size < 1) return 0;
    uint8_t knob = bytes[0];
    std::string_view data(reinterpret_cast<const char*>(bytes + 1), size - 1);
    size_t step = (knob & 7) + 1;
    size_t max = (knob & 8) ? 64 + (knob >> 4) * 16 : kDefaultMaxResponseHeaderSize;
    RequestMethod method = (knob & 0x30) == 0x10 ? RequestMethod::Head
                         : (knob & 0x30) == 0x20 ? RequestMethod::Connect : RequestMethod::Other;

    Outcome sliced = run(data, step, max);
    Outcome whole = run(data, data.size() ? data.size() : 1, max);
    check(sliced.result == whole.result);
    check(sliced.error == whole.error);
    check(sliced.heads == whole.heads);   // the interim heads before an error too
    if (whole.result != R::Done) return 0;
    check(sliced.used == whole.used);

    // The final head again, for the framing decision and the body.
    ResponseHeadParser p(max);
    std::string_view rest = data;
    for (;;) {
        size_t used = 0;
        check(p.feed(rest, &used) == R::Done);
        rest.remove_prefix(used);
        if (!p.interim()) break;
        p.reset();
    }
    ResponseFraming f;
    DWORD e = decide_framing(p.headers(), p.minor_version(), method, f);
    check(e == ERROR_SUCCESS || e == ERROR_WINHTTP_INVALID_SERVER_RESPONSE);
    if (e != ERROR_SUCCESS || f.framing != ResponseBodyFraming::Chunked) return 0;
    ChunkedDecoder d(max);
    for (;;) {
        ChunkedDecoder::Span s;
        if (d.next(rest, s) != ERROR_SUCCESS) break;
        check(s.framing + s.payload <= rest.size());
        d.consume(s.payload);
        rest.remove_prefix(s.framing + s.payload);
        if (d.done() || s.framing + s.payload == 0) break;
    }
    return 0;
}
