// Unit tests of engine/auth: challenge parsing, the WinHttpQueryAuthSchemes view, Basic values,
// and Digest responses checked against the examples of RFC 2617 and RFC 7616.
#include "engine/auth.h"
#include "engine/headers.h"
#include <cstring>
#include <string>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
extern "C" {   // Debian's cmocka 1.1.5 header declares its functions without C linkage for C++
#include <cmocka.h>
}

using namespace winhttp;

namespace {

#define assert_str(a, b) assert_string_equal(std::string(a).c_str(), (b))

std::vector<Challenge> parse(std::string_view v)
{
    std::vector<Challenge> out;
    parse_challenges(v, out);
    return out;
}

void test_parse_single(void** state)
{
    (void)state;
    auto c = parse("Basic realm=\"a b\"");
    assert_int_equal(c.size(), 1);
    assert_str(c[0].scheme, "Basic");
    assert_int_equal(c[0].scheme_flag, WINHTTP_AUTH_SCHEME_BASIC);
    assert_int_equal(c[0].params.size(), 1);
    assert_str(*c[0].param("REALM"), "a b");
    assert_null(c[0].param("nonce"));

    // Commas and escaped quotes inside quoted strings; unquoted values; spaces around '='.
    c = parse("Digest realm=\"x, y\", nonce=\"n\\\"q\\\\\" ,qop=\"auth,auth-int\", algorithm=MD5-sess ,"
              " opaque = \"o\"");
    assert_int_equal(c.size(), 1);
    assert_int_equal(c[0].scheme_flag, WINHTTP_AUTH_SCHEME_DIGEST);
    assert_int_equal(c[0].params.size(), 5);
    assert_str(*c[0].param("realm"), "x, y");
    assert_str(*c[0].param("nonce"), "n\"q\\");
    assert_str(*c[0].param("qop"), "auth,auth-int");
    assert_str(*c[0].param("algorithm"), "MD5-sess");
    assert_str(*c[0].param("opaque"), "o");
    assert_str(c[0].params[1].name, "nonce");

    // token68 forms.
    c = parse("Negotiate YII+/a==");
    assert_int_equal(c.size(), 1);
    assert_int_equal(c[0].scheme_flag, WINHTTP_AUTH_SCHEME_NEGOTIATE);
    assert_str(c[0].token68, "YII+/a==");
    assert_true(c[0].params.empty());
    c = parse("NTLM TlRMTVNTUAACAAAA");
    assert_str(c[0].token68, "TlRMTVNTUAACAAAA");
    assert_int_equal(c[0].scheme_flag, WINHTTP_AUTH_SCHEME_NTLM);
    c = parse("ntlm");
    assert_int_equal(c.size(), 1);
    assert_int_equal(c[0].scheme_flag, WINHTTP_AUTH_SCHEME_NTLM);
    assert_true(c[0].token68.empty());
    c = parse("Custom abc=");   // a trailing '=' with nothing after it: token68
    assert_str(c[0].token68, "abc=");
    assert_true(c[0].params.empty());

    // An unterminated quoted string runs to the end.
    c = parse("Basic realm=\"abc");
    assert_str(*c[0].param("realm"), "abc");

    // Scheme flags: Passport's header token is "Passport1.4"; unknown schemes are 0.
    assert_int_equal(auth_scheme_flag("Passport1.4"), WINHTTP_AUTH_SCHEME_PASSPORT);
    assert_int_equal(auth_scheme_flag("bASIC"), WINHTTP_AUTH_SCHEME_BASIC);
    assert_int_equal(auth_scheme_flag("Bearer"), 0);
    assert_int_equal(auth_scheme_flag("Basicx"), 0);
    assert_str(auth_scheme_name(WINHTTP_AUTH_SCHEME_DIGEST), "Digest");
    assert_str(auth_scheme_name(0), "");
}

void test_parse_several(void** state)
{
    (void)state;
    // RFC 7235 section 4.1's example: two challenges in one header.
    auto c = parse("Newauth realm=\"apps\", type=1, title=\"Login to \\\"apps\\\"\", Basic realm=\"simple\"");
    assert_int_equal(c.size(), 2);
    assert_str(c[0].scheme, "Newauth");
    assert_int_equal(c[0].scheme_flag, 0);
    assert_int_equal(c[0].params.size(), 3);
    assert_str(*c[0].param("type"), "1");
    assert_str(*c[0].param("title"), "Login to \"apps\"");
    assert_str(c[1].scheme, "Basic");
    assert_str(*c[1].param("realm"), "simple");

    c = parse("Basic, Digest nonce=x, NTLM, Negotiate abc==");
    assert_int_equal(c.size(), 4);
    assert_true(c[0].params.empty());
    assert_str(*c[1].param("nonce"), "x");
    assert_int_equal(c[2].scheme_flag, WINHTTP_AUTH_SCHEME_NTLM);
    assert_str(c[3].token68, "abc==");

    // Junk and empty elements are skipped.
    c = parse(" , ,=x, \"q,r\", Basic realm=a,, ");
    assert_int_equal(c.size(), 1);
    assert_str(*c[0].param("realm"), "a");
    assert_true(parse("").empty());
    assert_true(parse("   ").empty());

    // Parameters without separating commas (seen from sloppy servers) still attach.
    c = parse("Digest realm=\"r\" nonce=\"n\"");
    assert_int_equal(c.size(), 1);
    assert_str(*c[0].param("nonce"), "n");
}

void test_response_challenges(void** state)
{
    (void)state;
    HeaderStore h;
    h.append(u"WWW-Authenticate", u"Bearer");
    h.append(u"WWW-Authenticate", u"Basic realm=\"x\"");
    h.append(u"Proxy-Authenticate", u"Digest realm=\"p\", nonce=\"n\"");
    h.append(u"www-authenticate", u"NTLM, Negotiate");
    auto s = response_challenges(h, false);
    assert_int_equal(s.size(), 4);
    assert_str(s[0].scheme, "Bearer");
    assert_str(s[3].scheme, "Negotiate");
    auto p = response_challenges(h, true);
    assert_int_equal(p.size(), 1);
    assert_str(*p[0].param("realm"), "p");
    assert_non_null(find_challenge(s, WINHTTP_AUTH_SCHEME_BASIC));
    assert_null(find_challenge(s, WINHTTP_AUTH_SCHEME_DIGEST));
}

void test_basic(void** state)
{
    (void)state;
    // RFC 4648 section 10 vectors.
    assert_str(base64_encode(""), "");
    assert_str(base64_encode("f"), "Zg==");
    assert_str(base64_encode("fo"), "Zm8=");
    assert_str(base64_encode("foo"), "Zm9v");
    assert_str(base64_encode("foob"), "Zm9vYg==");
    assert_str(base64_encode("fooba"), "Zm9vYmE=");
    assert_str(base64_encode("foobar"), "Zm9vYmFy");
    assert_str(base64_encode(std::string("\xff\xfe\0", 3)), "//4A");
    // RFC 7617's examples (the second one with charset="UTF-8").
    assert_str(basic_authorization(u"Aladdin", u"open sesame"), "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
    assert_str(basic_authorization(u"test", u"123\u00a3"), "Basic dGVzdDoxMjPCow==");
    assert_str(basic_authorization(u"", u""), "Basic Og==");
}

void test_hashes(void** state)
{
    (void)state;
    assert_str(hex_digest("MD5", ""), "d41d8cd98f00b204e9800998ecf8427e");
    assert_str(hex_digest("md5", "abc"), "900150983cd24fb0d6963f7d28e17f72");
    assert_str(hex_digest("SHA-256", "abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assert_str(hex_digest("SHA-1", "abc"), "");
}

const char kRfc2617Challenge[] = "Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", "
                                 "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", "
                                 "opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"";

void test_digest_rfc2617(void** state)
{
    (void)state;
    auto c = parse(kRfc2617Challenge);
    DigestInput in{"GET", "/dir/index.html", "0a4f113b", 1};
    std::string out;
    assert_true(digest_authorization(c[0], u"Mufasa", u"Circle Of Life", in, out));
    assert_str(out, "Digest username=\"Mufasa\", realm=\"testrealm@host.com\", "
                    "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", uri=\"/dir/index.html\", "
                    "response=\"6629fae49393a05397450978507c4ef1\", qop=auth, nc=00000001, cnonce=\"0a4f113b\", "
                    "opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"");

    // Without qop (RFC 2069 style): response = H(HA1:nonce:HA2), no qop/nc/cnonce sent.
    c = parse("Digest realm=\"testrealm@host.com\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\"");
    assert_true(digest_authorization(c[0], u"Mufasa", u"Circle Of Life", in, out));
    assert_str(out, "Digest username=\"Mufasa\", realm=\"testrealm@host.com\", "
                    "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", uri=\"/dir/index.html\", "
                    "response=\"670fd8c2df070c60b045671b8b24ff02\"");
}

const char kRfc7616Nonce[] = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
const char kRfc7616Cnonce[] = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";

std::string rfc7616_challenge(const char* algorithm)
{
    return std::string("Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm=") + algorithm +
           ", nonce=\"" + kRfc7616Nonce + "\", opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"";
}

void test_digest_rfc7616(void** state)
{
    (void)state;
    DigestInput in{"GET", "/dir/index.html", kRfc7616Cnonce, 1};
    std::string out;
    auto c = parse(rfc7616_challenge("MD5"));
    assert_true(digest_authorization(c[0], u"Mufasa", u"Circle of Life", in, out));
    assert_str(out, "Digest username=\"Mufasa\", realm=\"http-auth@example.org\", "
                    "nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", uri=\"/dir/index.html\", "
                    "algorithm=MD5, response=\"8ca523f5e9506fed4657c9700eebdbec\", qop=auth, nc=00000001, "
                    "cnonce=\"f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ\", "
                    "opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"");
    c = parse(rfc7616_challenge("SHA-256"));
    assert_true(digest_authorization(c[0], u"Mufasa", u"Circle of Life", in, out));
    assert_non_null(strstr(out.c_str(),
                           ", algorithm=SHA-256, response=\"753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1\""));

    // The -sess variants (values computed independently with Python's hashlib), nc=10.
    in.nc = 10;
    c = parse(rfc7616_challenge("MD5-sess"));
    assert_true(digest_authorization(c[0], u"Mufasa", u"Circle of Life", in, out));
    assert_non_null(strstr(out.c_str(), "algorithm=MD5-sess, response=\"48e6908908a125e4c864052b1b4373d8\""));
    assert_non_null(strstr(out.c_str(), "nc=0000000a"));
    c = parse(rfc7616_challenge("sha-256-SESS"));
    assert_true(digest_authorization(c[0], u"Mufasa", u"Circle of Life", in, out));
    assert_non_null(strstr(out.c_str(),
                           "response=\"748317db84c65271b7674b657f77b6d9e80249588df09466740f18f44e8d43d2\""));
}

void test_digest_refused(void** state)
{
    (void)state;
    DigestInput in{"GET", "/", "c", 1};
    std::string out = "untouched";
    assert_false(digest_authorization(parse("Digest realm=\"r\"")[0], u"u", u"p", in, out));   // no nonce
    assert_false(digest_authorization(parse("Digest nonce=n, algorithm=SHA-512-256")[0], u"u", u"p", in, out));
    assert_false(digest_authorization(parse("Digest nonce=n, qop=\"auth-int\"")[0], u"u", u"p", in, out));
    assert_false(digest_authorization(parse("Basic realm=r, nonce=n")[0], u"u", u"p", in, out));
    assert_str(out, "untouched");
    // A missing realm is taken as empty; quotes in the user name are escaped.
    assert_true(digest_authorization(parse("Digest nonce=n")[0], u"a\"b\\c", u"p", in, out));
    assert_int_equal(out.rfind("Digest username=\"a\\\"b\\\\c\", realm=\"\", nonce=\"n\", uri=\"/\", response=\"", 0), 0);

    assert_true(digest_stale(parse("Digest nonce=n, stale=TRUE")[0]));
    assert_false(digest_stale(parse("Digest nonce=n, stale=false")[0]));
    assert_false(digest_stale(parse("Digest nonce=n")[0]));
}

void test_authorization_value(void** state)
{
    (void)state;
    DigestInput in{"GET", "/dir/index.html", "0a4f113b", 1};
    std::string out;
    assert_true(authorization_value(WINHTTP_AUTH_SCHEME_BASIC, nullptr, u"Aladdin", u"open sesame", in, out));
    assert_str(out, "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
    auto c = parse(kRfc2617Challenge);
    assert_true(authorization_value(WINHTTP_AUTH_SCHEME_DIGEST, &c[0], u"Mufasa", u"Circle Of Life", in, out));
    assert_non_null(strstr(out.c_str(), "response=\"6629fae49393a05397450978507c4ef1\""));
    out = "x";
    assert_false(authorization_value(WINHTTP_AUTH_SCHEME_DIGEST, nullptr, u"u", u"p", in, out));
    assert_false(authorization_value(WINHTTP_AUTH_SCHEME_NTLM, &c[0], u"u", u"p", in, out));
    assert_false(authorization_value(WINHTTP_AUTH_SCHEME_NEGOTIATE, nullptr, u"u", u"p", in, out));
    assert_false(authorization_value(WINHTTP_AUTH_SCHEME_PASSPORT, nullptr, u"u", u"p", in, out));
    assert_false(authorization_value(0x100, nullptr, u"u", u"p", in, out));
    assert_str(out, "x");

    DigestNonceCount n;
    assert_int_equal(n.next("a"), 1);
    assert_int_equal(n.next("a"), 2);
    assert_int_equal(n.next("b"), 1);
    assert_int_equal(n.next("a"), 1);
}

void test_cnonce(void** state)
{
    (void)state;
    std::string a = make_cnonce(), b = make_cnonce();
    assert_int_equal(a.size(), 32);
    assert_int_equal(a.find_first_not_of("0123456789abcdef"), std::string::npos);
    assert_true(a != b);
}

// Random bytes (biased towards the syntax characters) never crash the parser or the builders.
void test_random_inputs(void** state)
{
    (void)state;
    const char alphabet[] = "aB=,\" \t\\/+0Digest nonce realm qop=auth";
    uint32_t x = 1;
    for (int round = 0; round < 20000; round++) {
        std::string s;
        size_t n = (x >> 8) % 60;
        for (size_t i = 0; i < n; i++) {
            x = x * 1103515245 + 12345;
            s += (x >> 16) % 4 ? alphabet[(x >> 8) % (sizeof alphabet - 1)] : char(x >> 24);
        }
        x = x * 1103515245 + 12345;
        auto c = parse(s);
        std::string out;
        DigestInput in{"GET", "/", "c", 1};
        for (const auto& ch : c) {
            assert_false(ch.scheme.empty());
            (void)digest_authorization(ch, u"u", u"p", in, out);
        }
    }
}

} // namespace

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_single),
        cmocka_unit_test(test_parse_several),
        cmocka_unit_test(test_response_challenges),
        cmocka_unit_test(test_basic),
        cmocka_unit_test(test_hashes),
        cmocka_unit_test(test_digest_rfc2617),
        cmocka_unit_test(test_digest_rfc7616),
        cmocka_unit_test(test_digest_refused),
        cmocka_unit_test(test_authorization_value),
        cmocka_unit_test(test_cnonce),
        cmocka_unit_test(test_random_inputs),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
