// Unit tests of engine/proxy_route: which proxy (or none) a request URL goes through, under
// Windows' proxy-list and bypass-list syntax.
#include "engine/proxy_route.h"
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

constexpr DWORD NAMED = WINHTTP_ACCESS_TYPE_NAMED_PROXY;
constexpr INTERNET_SCHEME HTTP = INTERNET_SCHEME_HTTP;
constexpr INTERNET_SCHEME HTTPS = INTERNET_SCHEME_HTTPS;

// "direct" or "host:port" of the chosen proxy.
std::string via(DWORD access, u16view list, u16view bypass, INTERNET_SCHEME scheme, u16view host,
                INTERNET_PORT port = 0)
{
    if (!port) port = scheme == HTTPS ? 443 : 80;
    ProxyRoute r = route_request(access, list, bypass, scheme, host, port);
    return r.direct ? "direct" : to_utf8(r.proxy.authority());
}

#define assert_via(expected, ...) assert_string_equal(via(__VA_ARGS__).c_str(), (expected))

void test_access_types(void** state)
{
    (void)state;
    assert_via("direct", WINHTTP_ACCESS_TYPE_NO_PROXY, u"p:1", u"", HTTP, u"h");
    // DEFAULT and AUTOMATIC are resolved by the caller first; unresolved they mean direct.
    assert_via("direct", WINHTTP_ACCESS_TYPE_DEFAULT_PROXY, u"p:1", u"", HTTP, u"h");
    assert_via("direct", WINHTTP_ACCESS_TYPE_AUTOMATIC_PROXY, u"p:1", u"", HTTP, u"h");
    assert_via("p:1", NAMED, u"p:1", u"", HTTP, u"h");
    // A named configuration whose list holds nothing usable: direct.
    assert_via("direct", NAMED, u"", u"", HTTP, u"h");
    assert_via("direct", NAMED, u";; ", u"", HTTP, u"h");
    assert_via("direct", NAMED, u"p:0 q:99999", u"", HTTP, u"h");
}

void test_proxy_list(void** state)
{
    (void)state;
    // A scheme-less entry serves both schemes; no port means 80 (the WinHttpOpen page).
    assert_via("proxy:8080", NAMED, u"proxy:8080", u"", HTTP, u"h");
    assert_via("proxy:8080", NAMED, u"proxy:8080", u"", HTTPS, u"h");
    assert_via("proxy:80", NAMED, u"proxy", u"", HTTPS, u"h");
    // Per-scheme entries: each scheme its own proxy.
    assert_via("a:1", NAMED, u"http=a:1;https=b:2", u"", HTTP, u"h");
    assert_via("b:2", NAMED, u"http=a:1;https=b:2", u"", HTTPS, u"h");
    assert_via("b:2", NAMED, u"HTTPS=b:2 HTTP=a:1", u"", HTTPS, u"h");
    // No entry for the URL's scheme and no scheme-less one: that scheme goes direct.
    assert_via("direct", NAMED, u"http=a:1", u"", HTTPS, u"h");
    assert_via("direct", NAMED, u"https=b:2", u"", HTTP, u"h");
    // A scheme's own entry wins over a scheme-less one, in any order.
    assert_via("a:1", NAMED, u"c:3 http=a:1", u"", HTTP, u"h");
    assert_via("c:3", NAMED, u"c:3 http=a:1", u"", HTTPS, u"h");
    // An http:// prefix names the (only) proxy protocol WinHTTP speaks; SOCKS and other
    // protocols are not used.
    assert_via("p:3128", NAMED, u"http://p:3128", u"", HTTPS, u"h");
    assert_via("p:3128", NAMED, u"https=http://p:3128/", u"", HTTPS, u"h");
    assert_via("direct", NAMED, u"socks=s:1080", u"", HTTP, u"h");
    assert_via("direct", NAMED, u"socks://s:1080", u"", HTTP, u"h");
    assert_via("q:2", NAMED, u"socks://s:1080 q:2", u"", HTTP, u"h");
    // Malformed entries are skipped.
    assert_via("good:2", NAMED, u"bad:x;good:2", u"", HTTP, u"h");

    // Several proxies: the first is used, the others are kept in order.
    ProxyRoute r = route_request(NAMED, u"a:1;b:2 http=c:3 https=d:4", u"", HTTPS, u"h", 443);
    assert_false(r.direct);
    assert_string_equal(to_utf8(r.proxy.host).c_str(), "d");
    assert_int_equal(r.others.size(), 0);
    r = route_request(NAMED, u"a:1;b:2\tc", u"", HTTP, u"h", 80);
    assert_string_equal(to_utf8(r.proxy.authority()).c_str(), "a:1");
    assert_int_equal(r.others.size(), 2);
    assert_string_equal(to_utf8(r.others[0].authority()).c_str(), "b:2");
    assert_string_equal(to_utf8(r.others[1].authority()).c_str(), "c:80");

    // IPv6 literal proxies: resolved without brackets, written with them.
    r = route_request(NAMED, u"[::1]:3128", u"", HTTP, u"h", 80);
    assert_false(r.direct);
    assert_string_equal(to_utf8(r.proxy.host).c_str(), "::1");
    assert_true(r.proxy.ipv6_literal);
    assert_int_equal(r.proxy.port, 3128);
    assert_string_equal(to_utf8(r.proxy.authority()).c_str(), "[::1]:3128");
}

void test_bypass(void** state)
{
    (void)state;
    // <local>: names without a dot go direct.
    assert_via("direct", NAMED, u"p:1", u"<local>", HTTP, u"intranet");
    assert_via("p:1", NAMED, u"p:1", u"<local>", HTTP, u"www.example.com");
    assert_via("p:1", NAMED, u"p:1", u"<local>", HTTP, u"127.0.0.1");
    // No implicit loopback bypass: with no bypass list, localhost goes through the proxy too
    // (a proxy on loopback must be usable for local servers; "<local>" is the way to bypass).
    assert_via("p:1", NAMED, u"p:1", u"", HTTP, u"localhost");
    assert_via("p:1", NAMED, u"p:1", u"", HTTP, u"127.0.0.1");
    assert_via("direct", NAMED, u"p:1", u"<local>", HTTP, u"localhost");
    // Wildcards, case-insensitive; "*.example.com" does not cover example.com itself.
    assert_via("direct", NAMED, u"p:1", u"*.EXAMPLE.com", HTTP, u"www.example.COM");
    assert_via("p:1", NAMED, u"p:1", u"*.example.com", HTTP, u"example.com");
    assert_via("direct", NAMED, u"p:1", u"10.*", HTTPS, u"10.1.2.3");
    assert_via("p:1", NAMED, u"p:1", u"10.*", HTTPS, u"110.1.2.3");
    // Entries separated by ';' or whitespace; exact names.
    assert_via("direct", NAMED, u"p:1", u"a.com b.com;c.com", HTTP, u"b.com");
    assert_via("direct", NAMED, u"p:1", u"a.com b.com;c.com", HTTP, u"c.com");
    assert_via("p:1", NAMED, u"p:1", u"a.com b.com;c.com", HTTP, u"d.com");
    // host:port entries match that port only (the request's port, default ports included).
    assert_via("direct", NAMED, u"p:1", u"h.com:8080", HTTP, u"h.com", 8080);
    assert_via("p:1", NAMED, u"p:1", u"h.com:8080", HTTP, u"h.com", 80);
    assert_via("direct", NAMED, u"p:1", u"h.com:443", HTTPS, u"h.com");
    // Scheme-qualified entries match that scheme only.
    assert_via("direct", NAMED, u"p:1", u"https://*.corp", HTTPS, u"x.corp");
    assert_via("p:1", NAMED, u"p:1", u"https://*.corp", HTTP, u"x.corp");
    // IPv6 literal hosts.
    assert_via("direct", NAMED, u"p:1", u"[::1]", HTTP, u"[::1]");
    assert_via("direct", NAMED, u"p:1", u"::1", HTTP, u"::1");
    // The bypass list is checked before the scheme's proxy is looked up.
    assert_via("direct", NAMED, u"http=a:1", u"*", HTTP, u"anything.example");
}

} // namespace

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_access_types),
        cmocka_unit_test(test_proxy_list),
        cmocka_unit_test(test_bypass),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
