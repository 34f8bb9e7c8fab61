// Unit tests of engine/url: parse_url's spans and errors, the escaping and decoding helpers, and
// the CrackUrl / CreateUrl entry points through the engine API (the Call's error).
// The engine headers come first: cmocka defines a fail() macro that Call::fail would meet.
#include "engine/api.h"
#include "engine/url.h"
#include "engine/ustr.h"
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

std::string u8(std::u16string_view s) { return to_utf8(s); }
#define assert_u16_equal(a, b) assert_string_equal(u8(a).c_str(), (b))

void test_parse_full(void**)
{
    ParsedUrl p;
    u16view url = u"https://user:pw@www.example.com:8443/a/b.html?x=1#frag";
    assert_int_equal(parse_url(url, p), ERROR_SUCCESS);
    assert_int_equal(p.scheme, INTERNET_SCHEME_HTTPS);
    assert_int_equal(p.port, 8443);
    assert_true(p.port_explicit);
    assert_false(p.ipv6_literal);
    assert_u16_equal(p.view(p.scheme_name), "https");
    assert_u16_equal(p.view(p.user), "user");
    assert_u16_equal(p.view(p.password), "pw");
    assert_u16_equal(p.view(p.host), "www.example.com");
    assert_u16_equal(p.host_name(), "www.example.com");
    assert_u16_equal(p.view(p.path), "/a/b.html");
    assert_u16_equal(p.view(p.extra), "?x=1#frag");
    assert_u16_equal(p.object(), "/a/b.html?x=1#frag");
    assert_int_equal(p.user.pos, 8);
    assert_int_equal(p.host.pos, 16);
    assert_true(p.src.data() == url.data());
}

void test_parse_minimal(void**)
{
    ParsedUrl p;
    u16view url = u"HTTP://host";
    assert_int_equal(parse_url(url, p), ERROR_SUCCESS);
    assert_int_equal(p.scheme, INTERNET_SCHEME_HTTP);
    assert_int_equal(p.port, 80);
    assert_false(p.port_explicit);
    assert_false(p.user.present);
    assert_false(p.password.present);
    assert_true(p.path.present);
    assert_int_equal(p.path.pos, 11);
    assert_int_equal(p.path.len, 0);
    assert_int_equal(p.extra.pos, 11);
    assert_u16_equal(p.object(), "/");

    assert_int_equal(parse_url(u"http://host?q", p), ERROR_SUCCESS);
    assert_u16_equal(p.view(p.host), "host?q");   // the authority runs to the first '/'
    assert_int_equal(parse_url(u"http://u@host", p), ERROR_SUCCESS);
    assert_true(p.user.present);
    assert_false(p.password.present);
    assert_int_equal(parse_url(u"http://u:@host", p), ERROR_SUCCESS);
    assert_true(p.password.present);
    assert_int_equal(p.password.len, 0);
    assert_int_equal(parse_url(u"http://a@b:c@host/", p), ERROR_SUCCESS);   // the last '@' ends the user info
    assert_u16_equal(p.view(p.user), "a@b");
    assert_u16_equal(p.view(p.password), "c");
    assert_u16_equal(p.view(p.host), "host");
}

void test_parse_ports(void**)
{
    ParsedUrl p;
    assert_int_equal(parse_url(u"http://h:65535/", p), ERROR_SUCCESS);
    assert_int_equal(p.port, 65535);
    assert_int_equal(parse_url(u"https://h:/", p), ERROR_SUCCESS);
    assert_int_equal(p.port, 443);
    assert_false(p.port_explicit);
    assert_int_equal(parse_url(u"http://h:0", p), ERROR_SUCCESS);
    assert_int_equal(p.port, 0);
    assert_true(p.port_explicit);
    assert_int_equal(parse_url(u"http://h:65536/", p), ERROR_WINHTTP_INVALID_URL);
    assert_int_equal(parse_url(u"http://h:99999999999999999999/", p), ERROR_WINHTTP_INVALID_URL);
    assert_int_equal(parse_url(u"http://h:8a/", p), ERROR_WINHTTP_INVALID_URL);
    assert_int_equal(parse_url(u"http://h: 80/", p), ERROR_WINHTTP_INVALID_URL);
}

void test_parse_ipv6(void**)
{
    ParsedUrl p;
    assert_int_equal(parse_url(u"http://[::1]:81/x", p), ERROR_SUCCESS);
    assert_true(p.ipv6_literal);
    assert_u16_equal(p.view(p.host), "[::1]");
    assert_u16_equal(p.host_name(), "::1");
    assert_int_equal(p.port, 81);
    assert_int_equal(parse_url(u"http://[fe80::1%25eth0]/", p), ERROR_SUCCESS);
    assert_u16_equal(p.host_name(), "fe80::1%25eth0");
    assert_int_equal(parse_url(u"http://[::1", p), ERROR_WINHTTP_INVALID_URL);
    assert_int_equal(parse_url(u"http://[::1]:", p), ERROR_SUCCESS);
    assert_int_equal(p.port, 80);
    assert_int_equal(parse_url(u"http://[::1]a", p), ERROR_WINHTTP_INVALID_URL);
    assert_int_equal(parse_url(u"http://[1.2.3.4]/", p), ERROR_WINHTTP_INVALID_URL);
    assert_int_equal(parse_url(u"http://[]/", p), ERROR_WINHTTP_INVALID_URL);
    assert_int_equal(parse_url(u"http://[::g]/", p), ERROR_WINHTTP_INVALID_URL);
}

void test_parse_errors(void**)
{
    ParsedUrl p;
    p.port = 4242;
    assert_int_equal(parse_url(u"", p), ERROR_WINHTTP_UNRECOGNIZED_SCHEME);
    assert_int_equal(parse_url(u"host/path", p), ERROR_WINHTTP_UNRECOGNIZED_SCHEME);
    assert_int_equal(parse_url(u"ftp://h/", p), ERROR_WINHTTP_UNRECOGNIZED_SCHEME);
    assert_int_equal(parse_url(u"https2://h/", p), ERROR_WINHTTP_UNRECOGNIZED_SCHEME);
    assert_int_equal(parse_url(u"http:h", p), ERROR_WINHTTP_INVALID_URL);
    assert_int_equal(parse_url(u"http:/h", p), ERROR_WINHTTP_INVALID_URL);
    assert_int_equal(parse_url(u"http://", p), ERROR_WINHTTP_INVALID_URL);
    assert_int_equal(parse_url(u"http:///x", p), ERROR_WINHTTP_INVALID_URL);
    assert_int_equal(parse_url(u"http://u:p@/x", p), ERROR_WINHTTP_INVALID_URL);
    assert_int_equal(parse_url(u"http://u@h/", p, ICU_REJECT_USERPWD), ERROR_WINHTTP_INVALID_URL);
    assert_int_equal(parse_url(u"http://h/u@x", p, ICU_REJECT_USERPWD), ERROR_SUCCESS);
    assert_int_equal(parse_url(u"http://h:1/", p), ERROR_SUCCESS);
    ParsedUrl q;
    q.port = 4242;
    assert_int_equal(parse_url(u"http://h:1x/", q), ERROR_WINHTTP_INVALID_URL);
    assert_int_equal(q.port, 4242);   // untouched on failure
}

void test_scheme_helpers(void**)
{
    assert_int_equal(scheme_from_name(u"http"), INTERNET_SCHEME_HTTP);
    assert_int_equal(scheme_from_name(u"HttpS"), INTERNET_SCHEME_HTTPS);
    assert_int_equal(scheme_from_name(u"ftp"), 0);
    assert_int_equal(scheme_from_name(u""), 0);
    assert_int_equal(default_port(INTERNET_SCHEME_HTTP), 80);
    assert_int_equal(default_port(INTERNET_SCHEME_HTTPS), 443);
    assert_int_equal(default_port(0), 0);
}

void test_escape(void**)
{
    assert_u16_equal(icu_escape(u"abc-._!$&'()*+,;=:@/?"), "abc-._!$&'()*+,;=:@/?");
    assert_u16_equal(icu_escape(u" \"#%<>[\\]^`{|}~"), "%20%22%23%25%3C%3E%5B%5C%5D%5E%60%7B%7C%7D%7E");
    assert_u16_equal(icu_escape(u"a#b", true), "a#b");
    assert_u16_equal(icu_escape(u"\r\n\x7f"), "%0D%0A%7F");
    assert_u16_equal(icu_escape(u"\u00e9\ufb00"), "%C3%A9%EF%AC%80");
    assert_u16_equal(icu_escape(u"\U0001F600"), "%F0%9F%98%80");
    assert_true(icu_needs_escape(u' '));
    assert_true(icu_needs_escape(0x80));
    assert_false(icu_needs_escape(u'a'));
    assert_false(icu_needs_escape(u'\''));

    assert_u16_equal(icu_decode(u"a%20b%2fc"), "a b/c");
    assert_u16_equal(icu_decode(u"%zz%4%"), "%zz%4%");
    u16string d = icu_decode(u"%C3%A9");
    assert_int_equal(d.size(), 2);   // byte values, no UTF-8 decoding
    assert_int_equal(d[0], 0xC3);
    assert_int_equal(d[1], 0xA9);
    assert_u16_equal(icu_decode(u"%41%4"), "A%4");

    assert_string_equal(percent_escape("/a b?c=\"d\"\x01\xff%~#").c_str(), "/a%20b?c=%22d%22%01%FF%~#");
    assert_string_equal(percent_escape("a b%~#", ESC_SPACE | ESC_PERCENT | ESC_TILDE | ESC_HASH).c_str(),
                        "a%20b%25%7E%23");
    assert_string_equal(percent_escape("a b", 0).c_str(), "a b");
    assert_string_equal(percent_decode("a%20b%zz%2").c_str(), "a b%zz%2");
    assert_string_equal(percent_decode("%e2%82%ac").c_str(), "\xe2\x82\xac");
}

URL_COMPONENTS pointers()
{
    URL_COMPONENTS uc;
    std::memset(&uc, 0, sizeof uc);
    uc.dwStructSize = sizeof uc;
    uc.dwSchemeLength = uc.dwHostNameLength = uc.dwUserNameLength = uc.dwPasswordLength = ~0u;
    uc.dwUrlPathLength = uc.dwExtraInfoLength = ~0u;
    return uc;
}

void test_crack_api(void**)
{
    const char16_t* url = u"http://u:p@h.example:8080/p/q?r=s";
    {
        Call c;
        URL_COMPONENTS uc = pointers();
        assert_true(api::CrackUrl(c, url, 0, 0, &uc));
        assert_int_equal(c.error, ERROR_SUCCESS);
        assert_true(uc.lpszHostName == url + 11);
        assert_int_equal(uc.dwHostNameLength, 9);
        assert_int_equal(uc.nPort, 8080);
        assert_true(uc.lpszExtraInfo == url + 29);
    }
    {
        Call c;
        assert_false(api::CrackUrl(c, nullptr, 0, 0, nullptr));
        assert_int_equal(c.error, ERROR_INVALID_PARAMETER);
    }
    {
        Call c;
        URL_COMPONENTS uc = pointers();
        assert_false(api::CrackUrl(c, url, 0, ICU_DECODE, &uc));
        assert_int_equal(c.error, ERROR_INVALID_PARAMETER);
    }
    {
        Call c;
        URL_COMPONENTS uc = pointers();
        assert_false(api::CrackUrl(c, u"gopher://x/", 0, 0, &uc));
        assert_int_equal(c.error, ERROR_WINHTTP_UNRECOGNIZED_SCHEME);
    }
    {
        Call c;
        char16_t host[4];
        URL_COMPONENTS uc;
        std::memset(&uc, 0, sizeof uc);
        uc.dwStructSize = sizeof uc;
        uc.lpszHostName = host;
        uc.dwHostNameLength = 4;
        assert_false(api::CrackUrl(c, url, 0, 0, &uc));
        assert_int_equal(c.error, ERROR_INSUFFICIENT_BUFFER);
        assert_int_equal(uc.dwHostNameLength, 10);
        assert_int_equal(uc.nPort, 8080);
    }
    {
        // the length argument bounds the string: no NUL needed
        Call c;
        URL_COMPONENTS uc = pointers();
        const char16_t buf[] = {'h', 't', 't', 'p', ':', '/', '/', 'a', 'b', 'X'};
        assert_true(api::CrackUrl(c, buf, 9, 0, &uc));
        assert_int_equal(uc.dwHostNameLength, 2);
        assert_true(uc.lpszUrlPath == buf + 9);
    }
}

void test_create_api(void**)
{
    URL_COMPONENTS uc;
    std::memset(&uc, 0, sizeof uc);
    uc.dwStructSize = sizeof uc;
    char16_t host[] = u"example.com";
    char16_t path[] = u"a b";
    uc.lpszHostName = host;
    uc.lpszUrlPath = path;
    uc.nScheme = INTERNET_SCHEME_HTTPS;
    uc.nPort = 443;
    {
        Call c;
        DWORD len = 0;
        assert_false(api::CreateUrl(c, &uc, ICU_ESCAPE, nullptr, &len));
        assert_int_equal(c.error, ERROR_INSUFFICIENT_BUFFER);
        assert_int_equal(len, 26);
        char16_t out[26];
        Call c2;
        assert_true(api::CreateUrl(c2, &uc, ICU_ESCAPE, out, &len));
        assert_int_equal(c2.error, ERROR_SUCCESS);
        assert_int_equal(len, 25);
        assert_u16_equal(out, "https://example.com/a%20b");
    }
    {
        Call c;
        DWORD len = 64;
        char16_t out[64];
        uc.nPort = 8443;
        assert_true(api::CreateUrl(c, &uc, 0, out, &len));
        assert_u16_equal(out, "https://example.com:8443/a b");
    }
    {
        Call c;
        DWORD len = 64;
        char16_t out[64];
        char16_t pw[] = u"secret";
        uc.lpszPassword = pw;
        assert_false(api::CreateUrl(c, &uc, 0, out, &len));
        assert_int_equal(c.error, ERROR_INVALID_PARAMETER);
        assert_int_equal(len, 64);
    }
}

} // namespace

int main()
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_full),
        cmocka_unit_test(test_parse_minimal),
        cmocka_unit_test(test_parse_ports),
        cmocka_unit_test(test_parse_ipv6),
        cmocka_unit_test(test_parse_errors),
        cmocka_unit_test(test_scheme_helpers),
        cmocka_unit_test(test_escape),
        cmocka_unit_test(test_crack_api),
        cmocka_unit_test(test_create_api),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
