// Unit tests of engine/cookies: Set-Cookie parsing, RFC 6265 domain and path rules, expiry with
// an injected clock, replacement, ordering of the Cookie header, bounds and thread safety.
#include "engine/cookies.h"
#include "engine/headers.h"
#include <string>
#include <thread>
#include <vector>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
extern "C" {   // Debian's cmocka 1.1.5 header declares its functions without C linkage for C++
#include <cmocka.h>
}

using namespace winhttp;

namespace {

constexpr int64_t T0 = 1700000000;   // 2023-11-14 22:13:20 UTC

#define assert_str(a, b) assert_string_equal(std::string(a).c_str(), (b))

void test_parse(void** state)
{
    (void)state;
    SetCookie sc;
    assert_true(parse_set_cookie(" sid = abc ; Path=/p ; Domain=.Example.COM; Secure; HttpOnly; SameSite=Strict", sc));
    assert_str(sc.name, "sid");
    assert_str(sc.value, "abc");
    assert_str(sc.path, "/p");
    assert_str(sc.domain, "example.com");
    assert_true(sc.secure);
    assert_true(sc.http_only);
    assert_false(sc.has_max_age);
    assert_false(sc.has_expires);

    // Values keep their quotes and inner '='.
    assert_true(parse_set_cookie("a=\"x=y\"", sc));
    assert_str(sc.value, "\"x=y\"");
    assert_true(parse_set_cookie("a=", sc));
    assert_str(sc.value, "");
    // No '=' or an empty name: ignored (RFC 6265 5.2).
    assert_false(parse_set_cookie("justvalue", sc));
    assert_false(parse_set_cookie("=v", sc));
    assert_false(parse_set_cookie("  ; Path=/", sc));

    // Attribute names are case-insensitive; the last of each wins; a Path not starting with '/'
    // means the default path; an empty Domain is ignored.
    assert_true(parse_set_cookie("a=1; PATH=/x; path=/y; domain=a.com; Domain=; pAtH=rel", sc));
    assert_str(sc.path, "");
    assert_str(sc.domain, "a.com");

    // Max-Age: digits with an optional '-', else ignored.
    assert_true(parse_set_cookie("a=1; Max-Age=60", sc));
    assert_true(sc.has_max_age);
    assert_int_equal(sc.max_age, 60);
    assert_true(parse_set_cookie("a=1; max-age=-5", sc));
    assert_int_equal(sc.max_age, -5);
    assert_true(parse_set_cookie("a=1; Max-Age=6x", sc));
    assert_false(sc.has_max_age);
    assert_true(parse_set_cookie("a=1; Max-Age=", sc));
    assert_false(sc.has_max_age);

    // Expires in the date forms HTTP knows; an unparsable one is ignored.
    assert_true(parse_set_cookie("a=1; Expires=Wed, 09 Jun 2021 10:18:14 GMT", sc));
    assert_true(sc.has_expires);
    assert_int_equal(sc.expires, 1623233894);
    assert_true(parse_set_cookie("a=1; expires=Wednesday, 09-Jun-21 10:18:14 GMT", sc));
    assert_int_equal(sc.expires, 1623233894);
    assert_true(parse_set_cookie("a=1; Expires=soon", sc));
    assert_false(sc.has_expires);
}

void test_matching_helpers(void** state)
{
    (void)state;
    assert_true(cookie_domain_match("example.com", "example.com"));
    assert_true(cookie_domain_match("www.example.com", "example.com"));
    assert_false(cookie_domain_match("wwwexample.com", "example.com"));
    assert_false(cookie_domain_match("example.com", "www.example.com"));
    assert_true(cookie_domain_match("1.2.3.4", "1.2.3.4"));
    assert_false(cookie_domain_match("1.2.3.4", "2.3.4"));   // IP addresses only match exactly

    assert_true(cookie_path_match("/", "/"));
    assert_true(cookie_path_match("/a/b", "/a"));
    assert_true(cookie_path_match("/a/b", "/a/"));
    assert_true(cookie_path_match("/a/", "/a"));
    assert_false(cookie_path_match("/ab", "/a"));
    assert_false(cookie_path_match("/", "/a"));
    assert_true(cookie_path_match("/a", "/"));

    assert_str(cookie_default_path(""), "/");
    assert_str(cookie_default_path("x"), "/");
    assert_str(cookie_default_path("/"), "/");
    assert_str(cookie_default_path("/a"), "/");
    assert_str(cookie_default_path("/a/b"), "/a");
    assert_str(cookie_default_path("/a/b/"), "/a/b");

    assert_str(cookie_request_path("/a/b?x=/y#z"), "/a/b");
    assert_str(cookie_request_path("/a#f"), "/a");
    assert_str(cookie_request_path("http://h:1/p/q?r"), "/p/q");
    assert_str(cookie_request_path("http://h"), "/");
    assert_str(cookie_request_path("http://h?x=/y"), "/");
    assert_str(cookie_request_path("*"), "/");
}

void test_host_only_and_domain(void** state)
{
    (void)state;
    CookieJar jar;
    assert_true(jar.set_cookie("h=1", "WWW.Example.com", "/", T0));
    assert_true(jar.set_cookie("d=2; Domain=example.com", "www.example.com", "/", T0));
    // Host-only: exactly that host. Domain: the domain and its subdomains.
    assert_str(jar.cookie_header("www.example.com", "/", false, T0), "h=1; d=2");
    assert_str(jar.cookie_header("example.com", "/", false, T0), "d=2");
    assert_str(jar.cookie_header("a.b.example.com", "/", false, T0), "d=2");
    assert_str(jar.cookie_header("sub.www.example.com", "/", false, T0), "d=2");
    assert_str(jar.cookie_header("other.com", "/", false, T0), "");
    assert_str(jar.cookie_header("notexample.com", "/", false, T0), "");

    // Refused: a domain the host does not belong to, a sibling, a bare top-level name.
    assert_false(jar.set_cookie("x=1; Domain=other.com", "www.example.com", "/", T0));
    assert_false(jar.set_cookie("x=1; Domain=sub.www.example.com", "www.example.com", "/", T0));
    assert_false(jar.set_cookie("x=1; Domain=com", "www.example.com", "/", T0));
    assert_false(jar.set_cookie("x=1; Domain=.com", "www.example.com", "/", T0));
    assert_false(jar.set_cookie("x=1; Domain=ample.com", "www.example.com", "/", T0));
    assert_int_equal(jar.size(), 2);

    // A dotless Domain equal to the host itself ("localhost") gives a host-only cookie.
    assert_true(jar.set_cookie("l=1; Domain=localhost", "localhost", "/", T0));
    assert_str(jar.cookie_header("localhost", "/", false, T0), "l=1");
    auto snap = jar.snapshot();
    assert_true(snap.back().host_only);

    // IP hosts: a Domain equal to the address is accepted; cookies do not leak to other IPs.
    assert_true(jar.set_cookie("ip=1; Domain=127.0.0.1", "127.0.0.1", "/", T0));
    assert_str(jar.cookie_header("127.0.0.1", "/", false, T0), "ip=1");
    assert_str(jar.cookie_header("127.0.0.2", "/", false, T0), "");
    assert_false(jar.set_cookie("x=1; Domain=0.0.1", "127.0.0.1", "/", T0));   // no suffix matching on IPs
    // IPv6 hosts with or without brackets; a trailing dot on a host name is ignored.
    assert_true(jar.set_cookie("v6=1", "[::1]", "/", T0));
    assert_str(jar.cookie_header("::1", "/", false, T0), "v6=1");
    assert_str(jar.cookie_header("www.example.com.", "/", false, T0), "h=1; d=2");
}

void test_paths(void** state)
{
    (void)state;
    CookieJar jar;
    // The default path is the request path up to its last '/'.
    assert_true(jar.set_cookie("a=1", "h", "/dir/page.html?q=/x", T0));
    assert_true(jar.set_cookie("b=2; Path=/", "h", "/dir/page.html", T0));
    assert_true(jar.set_cookie("c=3; Path=/dir/sub", "h", "/", T0));
    assert_true(jar.set_cookie("d=4; Path=relative", "h", "/x/y", T0));   // default path /x
    assert_str(jar.cookie_header("h", "/", false, T0), "b=2");
    assert_str(jar.cookie_header("h", "/dir", false, T0), "a=1; b=2");
    assert_str(jar.cookie_header("h", "/dir/", false, T0), "a=1; b=2");
    assert_str(jar.cookie_header("h", "/directory", false, T0), "b=2");
    // Longer paths first.
    assert_str(jar.cookie_header("h", "/dir/sub/x?y", false, T0), "c=3; a=1; b=2");
    assert_str(jar.cookie_header("h", "/x/z", false, T0), "d=4; b=2");
    // Absolute-form targets (requests through a proxy) use their path.
    assert_str(jar.cookie_header("h", "http://h/dir/x", false, T0), "a=1; b=2");
}

void test_secure(void** state)
{
    (void)state;
    CookieJar jar;
    assert_true(jar.set_cookie("s=1; Secure", "h.com", "/", T0));
    assert_true(jar.set_cookie("p=2; HttpOnly", "h.com", "/", T0));
    assert_str(jar.cookie_header("h.com", "/", true, T0), "s=1; p=2");
    assert_str(jar.cookie_header("h.com", "/", false, T0), "p=2");   // HttpOnly cookies are sent
}

void test_expiry(void** state)
{
    (void)state;
    CookieJar jar;
    assert_true(jar.set_cookie("m=1; Max-Age=10", "h", "/", T0));
    assert_true(jar.set_cookie("e=2; Expires=Wed, 09 Jun 2100 10:18:14 GMT", "h", "/", T0));
    assert_true(jar.set_cookie("s=3", "h", "/", T0));
    assert_str(jar.cookie_header("h", "/", false, T0 + 9), "m=1; e=2; s=3");
    assert_str(jar.cookie_header("h", "/", false, T0 + 10), "e=2; s=3");
    assert_int_equal(jar.size(), 2);

    // Max-Age wins over Expires, whatever their order.
    assert_true(jar.set_cookie("b=1; Max-Age=5; Expires=Wed, 09 Jun 2100 10:18:14 GMT", "h", "/", T0));
    assert_true(jar.set_cookie("c=1; Expires=Wed, 09 Jun 2100 10:18:14 GMT; Max-Age=5", "h", "/", T0));
    assert_str(jar.cookie_header("h", "/", false, T0 + 6), "e=2; s=3");

    // An expiry in the past, or Max-Age <= 0, deletes the stored cookie and stores nothing.
    assert_true(jar.set_cookie("s=gone; Max-Age=0", "h", "/", T0));
    assert_str(jar.cookie_header("h", "/", false, T0), "e=2");
    assert_true(jar.set_cookie("e=x; Expires=Thu, 01 Jan 1970 00:00:00 GMT", "h", "/", T0));
    assert_str(jar.cookie_header("h", "/", false, T0), "");
    assert_false(jar.set_cookie("n=1; Max-Age=-1", "h", "/", T0));   // nothing to delete
    assert_int_equal(jar.size(), 0);

    // A huge Max-Age does not overflow.
    assert_true(jar.set_cookie("big=1; Max-Age=99999999999999999999999", "h", "/", T0));
    assert_str(jar.cookie_header("h", "/", false, INT64_MAX - 1), "big=1");
}

void test_replacement_and_order(void** state)
{
    (void)state;
    CookieJar jar;
    assert_true(jar.set_cookie("a=1", "h", "/", T0));
    assert_true(jar.set_cookie("b=2", "h", "/", T0 + 1));
    assert_true(jar.set_cookie("c=3", "h", "/", T0 + 1));
    // Same name, domain and path: replaced in place, keeping its creation time (and so its
    // place in the header).
    assert_true(jar.set_cookie("a=new", "h", "/", T0 + 2));
    assert_int_equal(jar.size(), 3);
    assert_str(jar.cookie_header("h", "/", false, T0 + 2), "a=new; b=2; c=3");
    // Names are case-sensitive; a different path is a different cookie.
    assert_true(jar.set_cookie("A=4", "h", "/", T0 + 3));
    assert_true(jar.set_cookie("a=5; Path=/p", "h", "/", T0 + 3));
    assert_int_equal(jar.size(), 5);
    assert_str(jar.cookie_header("h", "/p", false, T0 + 3), "a=5; a=new; b=2; c=3; A=4");
    // A host-only and a domain cookie of the same name and host are replaced by each other
    // (the key is name, domain and path).
    assert_true(jar.set_cookie("b=dom; Domain=h.example", "h.example", "/", T0));
    assert_true(jar.set_cookie("b=host", "h.example", "/", T0));
    assert_str(jar.cookie_header("sub.h.example", "/", false, T0), "");
    assert_str(jar.cookie_header("h.example", "/", false, T0), "b=host");

    jar.clear();
    assert_int_equal(jar.size(), 0);
}

void test_from_response(void** state)
{
    (void)state;
    HeaderStore h;
    h.append(u"Set-Cookie", u"a=1");
    h.append(u"Content-Type", u"text/plain");
    h.append(u"set-cookie", u"b=2; Path=/x");
    h.append(u"Set-Cookie", u"bad");
    CookieJar jar;
    assert_int_equal(jar.set_from_response(h, "host", "/x/y", T0), 2);
    assert_str(jar.cookie_header("host", "/x/", false, T0), "a=1; b=2");
}

void test_bounds(void** state)
{
    (void)state;
    CookieJar jar;
    std::string big(CookieJar::kMaxCookieBytes, 'v');
    assert_false(jar.set_cookie("n=" + big, "h", "/", T0));
    assert_true(jar.set_cookie("n=" + big.substr(1), "h", "/", T0));
    jar.clear();
    // Per domain: the oldest go first.
    for (size_t i = 0; i < CookieJar::kMaxPerDomain + 5; i++)
        assert_true(jar.set_cookie("c" + std::to_string(i) + "=1", "h", "/", T0 + int64_t(i)));
    assert_int_equal(jar.size(), CookieJar::kMaxPerDomain);
    std::string hdr = jar.cookie_header("h", "/", false, T0 + 1000);
    assert_int_equal(hdr.find("c4=1"), std::string::npos);
    assert_int_equal(hdr.rfind("c5=1; ", 0), 0);
    // In all.
    jar.clear();
    for (size_t i = 0; i < CookieJar::kMaxTotal + 3; i++)
        jar.set_cookie("c=1", "h" + std::to_string(i) + ".example", "/", T0 + int64_t(i));
    assert_int_equal(jar.size(), CookieJar::kMaxTotal);
    assert_str(jar.cookie_header("h0.example", "/", false, T0), "");
    assert_str(jar.cookie_header("h3.example", "/", false, T0), "c=1");
}

void test_threads(void** state)
{
    (void)state;
    CookieJar jar;
    std::vector<std::thread> ts;
    for (int t = 0; t < 4; t++)
        ts.emplace_back([&jar, t] {
            for (int i = 0; i < 200; i++) {
                jar.set_cookie("t" + std::to_string(t) + "_" + std::to_string(i % 20) + "=1", "h", "/", T0);
                (void)jar.cookie_header("h", "/", false, T0);
            }
        });
    for (auto& t : ts) t.join();
    assert_int_equal(jar.size(), 80);
}

// Random bytes (biased towards the syntax characters) never crash the parser or the jar.
void test_random_inputs(void** state)
{
    (void)state;
    const char alphabet[] = "a=; \t/.Domain=Path=/Max-Age=-1Expires=Secure";
    CookieJar jar;
    uint32_t x = 7;
    for (int round = 0; round < 20000; round++) {
        std::string s;
        size_t n = (x >> 8) % 50;
        for (size_t i = 0; i < n; i++) {
            x = x * 1103515245 + 12345;
            s += (x >> 16) % 4 ? alphabet[(x >> 8) % (sizeof alphabet - 1)] : char(x >> 24);
        }
        x = x * 1103515245 + 12345;
        jar.set_cookie(s, (x & 1) ? "a.b" : "b", (x & 2) ? "/x/y" : "", T0);
        (void)jar.cookie_header("a.b", "/x/y", true, T0);
    }
    assert_true(jar.size() <= CookieJar::kMaxTotal);
}

} // namespace

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_matching_helpers),
        cmocka_unit_test(test_host_only_and_domain),
        cmocka_unit_test(test_paths),
        cmocka_unit_test(test_secure),
        cmocka_unit_test(test_expiry),
        cmocka_unit_test(test_replacement_and_order),
        cmocka_unit_test(test_from_response),
        cmocka_unit_test(test_bounds),
        cmocka_unit_test(test_threads),
        cmocka_unit_test(test_random_inputs),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
