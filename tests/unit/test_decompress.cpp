// Unit tests of engine/decompress: choosing the decoder, the Accept-Encoding value, and the
// streaming gzip/deflate decoder (any split of input and output, concatenated gzip members,
// raw deflate, corrupt and truncated data).
#include "engine/decompress.h"
#include "engine/headers.h"
#include <string>
#include <vector>
#include <zlib.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
extern "C" {   // Debian's cmocka 1.1.5 header declares its functions without C linkage for C++
#include <cmocka.h>
}

using namespace winhttp;

namespace {

// Some compressible but not trivial text.
std::string sample(size_t n)
{
    std::string s;
    uint32_t x = 12345;
    while (s.size() < n) {
        x = x * 1103515245 + 12345;
        s += "line " + std::to_string(x % 1000) + " of the sample body\n";
    }
    s.resize(n);
    return s;
}

// window_bits: 16+15 gzip, 15 zlib, -15 raw deflate.
std::string compress_with(const std::string& in, int window_bits)
{
    z_stream z{};
    assert_int_equal(deflateInit2(&z, 6, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY), Z_OK);
    std::string out(deflateBound(&z, uLong(in.size())) + 32, '\0');
    z.next_in = (Bytef*)in.data();
    z.avail_in = uInt(in.size());
    z.next_out = (Bytef*)out.data();
    z.avail_out = uInt(out.size());
    assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
    out.resize(z.total_out);
    deflateEnd(&z);
    return out;
}
std::string gzip(const std::string& in) { return compress_with(in, 16 + 15); }

struct Result {
    DWORD err = ERROR_SUCCESS;
    std::string out;
    bool complete = false;
};

// Runs the whole input through a decoder in input pieces of `in_step` bytes and output room of
// `out_step` bytes, draining after each piece.
Result decode(ContentCoding coding, const std::string& in, size_t in_step, size_t out_step)
{
    Decoder d(coding);
    Result r;
    std::vector<char> buf(out_step);
    size_t pos = 0;
    for (;;) {
        size_t n = std::min(in_step, in.size() - pos);
        size_t consumed = 0, produced = 0;
        r.err = d.feed(in.data() + pos, n, &consumed, buf.data(), buf.size(), &produced);
        assert_true(consumed <= n);
        assert_true(produced <= buf.size());
        r.out.append(buf.data(), produced);
        pos += consumed;
        if (r.err != ERROR_SUCCESS) break;
        if (consumed == 0 && produced == 0) {
            assert_int_equal(n, 0);   // while input is offered, something must happen
            break;                    // all input in, nothing more to drain
        }
    }
    r.complete = d.complete();
    return r;
}

void test_decoder_for(void** state)
{
    (void)state;
    const DWORD all = WINHTTP_DECOMPRESSION_FLAG_ALL;
    assert_true(decoder_for(u"gzip", all) == ContentCoding::Gzip);
    assert_true(decoder_for(u" GZip ", WINHTTP_DECOMPRESSION_FLAG_GZIP) == ContentCoding::Gzip);
    assert_true(decoder_for(u"x-gzip", all) == ContentCoding::Gzip);
    assert_true(decoder_for(u"Deflate", all) == ContentCoding::Deflate);
    assert_true(decoder_for(u"deflate", WINHTTP_DECOMPRESSION_FLAG_DEFLATE) == ContentCoding::Deflate);
    // Not enabled by the flags: passed on as received.
    assert_true(decoder_for(u"gzip", WINHTTP_DECOMPRESSION_FLAG_DEFLATE) == ContentCoding::None);
    assert_true(decoder_for(u"deflate", WINHTTP_DECOMPRESSION_FLAG_GZIP) == ContentCoding::None);
    assert_true(decoder_for(u"gzip", 0) == ContentCoding::None);
    // Unknown, empty, identity, stacked codings.
    assert_true(decoder_for(u"br", all) == ContentCoding::None);
    assert_true(decoder_for(u"", all) == ContentCoding::None);
    assert_true(decoder_for(u"identity", all) == ContentCoding::None);
    assert_true(decoder_for(u"identity, gzip", all) == ContentCoding::Gzip);
    assert_true(decoder_for(u"gzip,", all) == ContentCoding::Gzip);
    assert_true(decoder_for(u"deflate, gzip", all) == ContentCoding::None);
    assert_true(decoder_for(u"gzip, gzip", all) == ContentCoding::None);
    assert_true(decoder_for(u"gzipx", all) == ContentCoding::None);

    HeaderStore h;
    assert_true(decoder_for(h, all) == ContentCoding::None);
    h.append(u"Content-Encoding", u"gzip");
    assert_true(decoder_for(h, all) == ContentCoding::Gzip);
    h.append(u"content-encoding", u"deflate");   // two headers: two stacked codings
    assert_true(decoder_for(h, all) == ContentCoding::None);
}

void test_drop_headers(void** state)
{
    (void)state;
    HeaderStore h;
    h.append(u"Content-Type", u"text/plain");
    h.append(u"Content-Encoding", u"gzip");
    h.append(u"content-length", u"10");
    h.append(u"Vary", u"Accept-Encoding");
    drop_coding_headers(h);
    assert_int_equal(h.size(), 2);
    assert_null(h.get(u"Content-Encoding"));
    assert_null(h.get(u"Content-Length"));
    assert_non_null(h.get(u"Vary"));
}

void test_accept_encoding(void** state)
{
    (void)state;
    // Windows sends "gzip, deflate" for WINHTTP_DECOMPRESSION_FLAG_ALL.
    assert_true(accept_encoding_for(WINHTTP_DECOMPRESSION_FLAG_ALL) == u"gzip, deflate");
    assert_true(accept_encoding_for(WINHTTP_DECOMPRESSION_FLAG_GZIP) == u"gzip");
    assert_true(accept_encoding_for(WINHTTP_DECOMPRESSION_FLAG_DEFLATE) == u"deflate");
    assert_true(accept_encoding_for(0).empty());
    assert_true(accept_encoding_for(0x100 | WINHTTP_DECOMPRESSION_FLAG_GZIP) == u"gzip");
}

void test_gzip_splits(void** state)
{
    (void)state;
    std::string plain = sample(200000);
    std::string z = gzip(plain);
    assert_true(z.size() < plain.size() / 2);
    const size_t steps[][2] = {{1 << 20, 1 << 20}, {1, 1 << 20}, {1 << 20, 1}, {7, 13}, {4096, 8192}, {1, 1}};
    for (auto& st : steps) {
        // 1x1 on the whole sample would take a while: use a shorter body there.
        const std::string& p = (st[0] == 1 && st[1] == 1) ? plain.substr(0, 5000) : plain;
        std::string zz = (st[0] == 1 && st[1] == 1) ? gzip(p) : z;
        Result r = decode(ContentCoding::Gzip, zz, st[0], st[1]);
        assert_int_equal(r.err, ERROR_SUCCESS);
        assert_true(r.out == p);
        assert_true(r.complete);
    }
}

void test_gzip_members(void** state)
{
    (void)state;
    std::string a = sample(3000), b = "second member", c = sample(100);
    std::string z = gzip(a) + gzip(b) + gzip(c);
    for (size_t step : {size_t(1), size_t(2), size_t(3), size_t(100000)}) {
        Result r = decode(ContentCoding::Gzip, z, step, 64);
        assert_int_equal(r.err, ERROR_SUCCESS);
        assert_true(r.out == a + b + c);
        assert_true(r.complete);
    }
    // Bytes after a member that start no new member are dropped; a lone 0x1f too.
    for (std::string tail : {std::string("\0\0\0\0", 4), std::string("garbage"), std::string("\x1f"),
                             std::string("\x1f\x00zz", 4)}) {
        Result r = decode(ContentCoding::Gzip, gzip(a) + tail, 5, 1000);
        assert_int_equal(r.err, ERROR_SUCCESS);
        assert_true(r.out == a);
        assert_true(r.complete);
    }
    // An empty body (say, the answer to HEAD) is no complete stream.
    Result r = decode(ContentCoding::Gzip, "", 10, 10);
    assert_int_equal(r.err, ERROR_SUCCESS);
    assert_false(r.complete);
}

void test_deflate(void** state)
{
    (void)state;
    std::string plain = sample(50000);
    for (int bits : {15, -15, 9, -9}) {   // zlib-wrapped and raw, several window sizes
        std::string z = compress_with(plain, bits);
        for (size_t step : {size_t(1), size_t(2), size_t(1000), size_t(1 << 20)}) {
            Result r = decode(ContentCoding::Deflate, z, step, 333);
            assert_int_equal(r.err, ERROR_SUCCESS);
            assert_true(r.out == plain);
            assert_true(r.complete);
        }
        // Trailing bytes after the end of the stream are dropped.
        Result r = decode(ContentCoding::Deflate, z + "tail", 100, 1 << 16);
        assert_true(r.out == plain);
        assert_true(r.complete);
    }
    // Empty payloads compress to a few bytes and decode to nothing.
    for (int bits : {15, -15}) {
        Result r = decode(ContentCoding::Deflate, compress_with("", bits), 1, 16);
        assert_int_equal(r.err, ERROR_SUCCESS);
        assert_true(r.out.empty());
        assert_true(r.complete);
    }
    // gzip data is no deflate stream.
    Result r = decode(ContentCoding::Deflate, gzip(plain), 100, 100);
    assert_int_equal(r.err, ERROR_WINHTTP_INVALID_SERVER_RESPONSE);
}

void test_corrupt(void** state)
{
    (void)state;
    std::string plain = sample(20000);
    // Not gzip at all.
    Result r = decode(ContentCoding::Gzip, "this is plain text, not gzip", 100, 100);
    assert_int_equal(r.err, ERROR_WINHTTP_INVALID_SERVER_RESPONSE);
    // A flipped byte in the middle of the data, or a bad CRC.
    std::string z = gzip(plain);
    std::string bad = z;
    bad[bad.size() / 2] ^= 0x55;
    r = decode(ContentCoding::Gzip, bad, 1000, 1 << 20);
    assert_int_equal(r.err, ERROR_WINHTTP_INVALID_SERVER_RESPONSE);
    bad = z;
    bad[bad.size() - 6] ^= 1;   // in the CRC32 of the trailer
    r = decode(ContentCoding::Gzip, bad, 1000, 1 << 20);
    assert_int_equal(r.err, ERROR_WINHTTP_INVALID_SERVER_RESPONSE);
    assert_false(r.complete);
    // A corrupt second member.
    r = decode(ContentCoding::Gzip, z + std::string("\x1f\x8b\x08\0\0\0\0\0\0\x03\x07\0", 12), 1000, 1 << 20);
    assert_int_equal(r.err, ERROR_WINHTTP_INVALID_SERVER_RESPONSE);
    assert_true(r.out == plain);
    // Once failed, always failed.
    Decoder d(ContentCoding::Deflate);
    char out[16];
    size_t used, made;
    assert_int_equal(d.feed("\x78\x9c\xff\xff\xff\xff", 6, &used, out, sizeof out, &made),
                     ERROR_WINHTTP_INVALID_SERVER_RESPONSE);
    assert_true(d.failed());
    std::string good = compress_with("x", 15);
    assert_int_equal(d.feed(good.data(), good.size(), &used, out, sizeof out, &made),
                     ERROR_WINHTTP_INVALID_SERVER_RESPONSE);
    assert_int_equal(used, 0);
    assert_int_equal(made, 0);
}

void test_truncated(void** state)
{
    (void)state;
    std::string plain = sample(20000);
    std::string z = gzip(plain);
    Result r = decode(ContentCoding::Gzip, z.substr(0, z.size() - 3), 500, 1 << 20);
    assert_int_equal(r.err, ERROR_SUCCESS);
    assert_false(r.complete);
    assert_true(r.out.size() <= plain.size());
    assert_true(plain.compare(0, r.out.size(), r.out) == 0);
    r = decode(ContentCoding::Deflate, std::string("\x78"), 1, 10);   // one byte: undecided
    assert_int_equal(r.err, ERROR_SUCCESS);
    assert_false(r.complete);
}

void test_bounded_output(void** state)
{
    (void)state;
    // A small input expanding hugely still only fills the caller's buffer per call.
    std::string plain(1 << 20, 'a');
    std::string z = gzip(plain);
    Decoder d(ContentCoding::Gzip);
    char buf[100];
    size_t used = 0, made = 0;
    assert_int_equal(d.feed(z.data(), z.size(), &used, buf, sizeof buf, &made), ERROR_SUCCESS);
    assert_int_equal(made, sizeof buf);
    assert_true(used < z.size());
    // Zero room: nothing produced, no error.
    size_t used2 = 0, made2 = 0;
    assert_int_equal(d.feed(z.data() + used, z.size() - used, &used2, buf, 0, &made2), ERROR_SUCCESS);
    assert_int_equal(made2, 0);
}

void test_identity(void** state)
{
    (void)state;
    Decoder d(ContentCoding::None);
    char buf[4];
    size_t used, made;
    assert_int_equal(d.feed("abcdef", 6, &used, buf, sizeof buf, &made), ERROR_SUCCESS);
    assert_int_equal(used, 4);
    assert_int_equal(made, 4);
    assert_memory_equal(buf, "abcd", 4);
    assert_true(d.complete());
}

// Random and mutated input never crashes the decoder nor overruns the output buffer.
void test_random_inputs(void** state)
{
    (void)state;
    std::string z = gzip(sample(3000)), d = compress_with(sample(3000), 15);
    uint32_t x = 3;
    for (int round = 0; round < 3000; round++) {
        std::string s = (round & 1) ? z : d;
        for (int k = 0; k < 3; k++) {
            x = x * 1103515245 + 12345;
            s[(x >> 8) % s.size()] = char(x >> 24);
        }
        if (round % 3 == 0) s.resize((x >> 4) % s.size());
        Result r = decode((round & 2) ? ContentCoding::Gzip : ContentCoding::Deflate, s, 1 + (x >> 12) % 200,
                          1 + (x >> 20) % 300);
        assert_true(r.err == ERROR_SUCCESS || r.err == ERROR_WINHTTP_INVALID_SERVER_RESPONSE);
    }
}

} // namespace

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decoder_for),
        cmocka_unit_test(test_accept_encoding),
        cmocka_unit_test(test_drop_headers),
        cmocka_unit_test(test_gzip_splits),
        cmocka_unit_test(test_gzip_members),
        cmocka_unit_test(test_deflate),
        cmocka_unit_test(test_corrupt),
        cmocka_unit_test(test_truncated),
        cmocka_unit_test(test_bounded_output),
        cmocka_unit_test(test_identity),
        cmocka_unit_test(test_random_inputs),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
