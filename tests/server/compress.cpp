// Test server: zlib compression of the body pattern (see compress.h).
#include "compress.h"

#include "conn.h"

#include <algorithm>
#include <zlib.h>

namespace ts {

std::string compress_pattern(uint64_t n, Wrap wrap)
{
    z_stream z{};
    int bits = wrap == Wrap::gzip ? 15 + 16 : wrap == Wrap::zlib ? 15 : -15;
    if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, bits, 8, Z_DEFAULT_STRATEGY) != Z_OK) return {};
    // 26 * 2520 input bytes: every slice starts at pattern offset 0.
    std::string in(26 * 2520, '\0');
    for (size_t i = 0; i < in.size(); i++) in[i] = pattern_byte(i);
    std::string out;
    char buf[65536];
    uint64_t left = n;
    int flush;
    do {
        uInt take = uInt(std::min<uint64_t>(left, in.size()));
        left -= take;
        flush = left == 0 ? Z_FINISH : Z_NO_FLUSH;
        z.next_in = reinterpret_cast<Bytef *>(in.data());
        z.avail_in = take;
        do {
            z.next_out = reinterpret_cast<Bytef *>(buf);
            z.avail_out = sizeof buf;
            if (deflate(&z, flush) == Z_STREAM_ERROR) { deflateEnd(&z); return {}; }
            out.append(buf, sizeof buf - z.avail_out);
        } while (z.avail_out == 0);
    } while (flush != Z_FINISH);
    deflateEnd(&z);
    return out;
}

} // namespace ts
