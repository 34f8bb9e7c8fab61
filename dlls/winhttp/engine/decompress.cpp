// Content-Encoding decoding over zlib (see decompress.h).
#include "engine/decompress.h"
#include <cstring>
#include <vector>
#include <zlib.h>

namespace winhttp {

ContentCoding decoder_for(u16view value, DWORD flags)
{
    std::vector<u16view> codings;
    while (!value.empty()) {
        size_t comma = value.find(u',');
        u16view item = trim(value.substr(0, comma));
        value = comma == u16view::npos ? u16view() : value.substr(comma + 1);
        if (item.empty() || ieq(item, u"identity")) continue;
        codings.push_back(item);
    }
    if (codings.size() != 1) return ContentCoding::None;   // nothing, or stacked codings
    u16view c = codings[0];
    if ((flags & WINHTTP_DECOMPRESSION_FLAG_GZIP) && (ieq(c, u"gzip") || ieq(c, u"x-gzip")))
        return ContentCoding::Gzip;
    if ((flags & WINHTTP_DECOMPRESSION_FLAG_DEFLATE) && ieq(c, u"deflate"))
        return ContentCoding::Deflate;
    return ContentCoding::None;
}

ContentCoding decoder_for(const HeaderStore& response, DWORD flags)
{
    u16string all;
    for (size_t i = 0; const u16string* v = response.get(u"Content-Encoding", i); i++) {
        if (!all.empty()) all += u',';
        all += *v;
    }
    return decoder_for(all, flags);
}

void drop_coding_headers(HeaderStore& response)
{
    response.remove_all(u"Content-Encoding");
    response.remove_all(u"Content-Length");
}

u16view accept_encoding_for(DWORD flags)
{
    // Windows announces both codings as "gzip, deflate" when both are enabled.
    switch (flags & WINHTTP_DECOMPRESSION_FLAG_ALL) {
    case WINHTTP_DECOMPRESSION_FLAG_ALL: return u"gzip, deflate";
    case WINHTTP_DECOMPRESSION_FLAG_GZIP: return u"gzip";
    case WINHTTP_DECOMPRESSION_FLAG_DEFLATE: return u"deflate";
    default: return u16view();
    }
}

// ---------------------------------------------------------------- the decoder

struct Decoder::State {
    enum class Phase {
        Sniff,      // deflate: waiting for two bytes to tell zlib-wrapped from raw
        Inflate,    // inside a stream (gzip member)
        Between,    // gzip: a member ended; another may follow (0x1f 0x8b)
        Trailing,   // the stream ended: whatever follows is discarded
        Error,
    };
    ContentCoding coding;
    Phase phase = Phase::Sniff;
    z_stream z{};
    bool z_ready = false;
    unsigned char hold[2] = {0, 0};   // look-ahead bytes, already consumed from the caller
    size_t held = 0, hold_pos = 0;
    unsigned streams_done = 0;
    DWORD error = ERROR_SUCCESS;

    ~State()
    {
        if (z_ready) inflateEnd(&z);
    }

    DWORD fail(DWORD e)
    {
        phase = Phase::Error;
        error = e;
        return e;
    }

    DWORD init(int window_bits)
    {
        int r = z_ready ? inflateReset2(&z, window_bits) : inflateInit2(&z, window_bits);
        if (r == Z_MEM_ERROR) return fail(ERROR_NOT_ENOUGH_MEMORY);
        if (r != Z_OK) return fail(ERROR_WINHTTP_INTERNAL_ERROR);
        z_ready = true;
        phase = Phase::Inflate;
        return ERROR_SUCCESS;
    }
};

namespace {

// A zlib stream header (RFC 1950): deflate method, window size up to 32K, check bits.
bool zlib_header(unsigned char cmf, unsigned char flg)
{
    return (cmf & 0x0f) == 8 && (cmf >> 4) <= 7 && ((unsigned(cmf) << 8) | flg) % 31 == 0;
}

} // namespace

Decoder::Decoder(ContentCoding coding) : s_(std::make_unique<State>())
{
    s_->coding = coding;
    if (coding == ContentCoding::Gzip) s_->init(16 + MAX_WBITS);   // gzip wrapper only
}

Decoder::~Decoder() = default;

bool Decoder::complete() const
{
    if (s_->coding == ContentCoding::None) return true;
    return s_->streams_done > 0 && (s_->phase == State::Phase::Between || s_->phase == State::Phase::Trailing);
}

bool Decoder::failed() const { return s_->phase == State::Phase::Error; }

DWORD Decoder::feed(const void* in_v, size_t in_len, size_t* consumed, void* out_v, size_t out_len,
                    size_t* produced)
{
    using Phase = State::Phase;
    State& s = *s_;
    const auto* in = static_cast<const unsigned char*>(in_v);
    auto* out = static_cast<unsigned char*>(out_v);
    size_t used = 0, prod = 0;
    *consumed = 0;
    *produced = 0;
    if (s.phase == Phase::Error) return s.error;
    if (s.coding == ContentCoding::None) {   // identity: copied as it is
        size_t n = in_len < out_len ? in_len : out_len;
        if (n) std::memcpy(out, in, n);
        *consumed = *produced = n;
        return ERROR_SUCCESS;
    }

    for (;;) {
        if (s.phase == Phase::Sniff || s.phase == Phase::Between) {
            while (s.held < 2 && used < in_len) s.hold[s.held++] = in[used++];
            if (s.phase == Phase::Between && s.held >= 1 && s.hold[0] != 0x1f) {
                s.phase = Phase::Trailing;   // not another member
                continue;
            }
            if (s.held < 2) break;   // need more input to decide
            s.hold_pos = 0;
            if (s.phase == Phase::Sniff) {
                // zlib-wrapped as RFC 9110 says, or raw deflate as some servers send it.
                DWORD e = s.init(zlib_header(s.hold[0], s.hold[1]) ? MAX_WBITS : -MAX_WBITS);
                if (e != ERROR_SUCCESS) return e;
            } else if (s.hold[1] == 0x8b) {
                DWORD e = s.init(16 + MAX_WBITS);   // the next gzip member
                if (e != ERROR_SUCCESS) return e;
            } else {
                s.phase = Phase::Trailing;
                continue;
            }
        }
        if (s.phase == Phase::Trailing) {
            used = in_len;   // discarded
            s.held = s.hold_pos = 0;
            break;
        }
        // Phase::Inflate: the look-ahead bytes first, then the caller's input.
        if (prod == out_len) break;
        bool from_hold = s.hold_pos < s.held;
        const unsigned char* src = from_hold ? s.hold + s.hold_pos : in + used;
        size_t avail = from_hold ? s.held - s.hold_pos : in_len - used;
        size_t room = out_len - prod;
        // zlib counts in uInt: feed at most 1 GiB at a time.
        const size_t kMaxChunk = size_t(1) << 30;
        s.z.next_in = const_cast<unsigned char*>(src);
        s.z.avail_in = uInt(avail < kMaxChunk ? avail : kMaxChunk);
        s.z.next_out = out + prod;
        s.z.avail_out = uInt(room < kMaxChunk ? room : kMaxChunk);
        uInt in_before = s.z.avail_in, out_before = s.z.avail_out;
        int r = inflate(&s.z, Z_NO_FLUSH);
        size_t taken = in_before - s.z.avail_in, made = out_before - s.z.avail_out;
        if (from_hold) s.hold_pos += taken;
        else used += taken;
        prod += made;
        if (r == Z_STREAM_END) {
            s.streams_done++;
            s.held = s.hold_pos = 0;
            s.phase = s.coding == ContentCoding::Gzip ? Phase::Between : Phase::Trailing;
            continue;
        }
        if (r == Z_MEM_ERROR) {
            *consumed = used;
            *produced = prod;
            return s.fail(ERROR_NOT_ENOUGH_MEMORY);
        }
        if (r != Z_OK && r != Z_BUF_ERROR) {
            // Z_DATA_ERROR, Z_NEED_DICT, Z_STREAM_ERROR: the body is not valid compressed data.
            // Windows fails the read of a corrupt compressed body as an invalid server response.
            *consumed = used;
            *produced = prod;
            return s.fail(ERROR_WINHTTP_INVALID_SERVER_RESPONSE);
        }
        if (from_hold && s.hold_pos == s.held) {
            s.held = s.hold_pos = 0;
            continue;   // on to the caller's input
        }
        if (taken == 0 && made == 0) break;   // needs more input (or more room)
    }
    *consumed = used;
    *produced = prod;
    return ERROR_SUCCESS;
}

} // namespace winhttp
