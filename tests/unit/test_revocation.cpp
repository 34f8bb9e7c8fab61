// io/revocation_fetch.h and io/revocation_cache.h without a network: which URLs a revocation
// fetch accepts, and what the cache answers for certificates without revocation pointers, for
// garbage, and after failed fetches.
#include "io/revocation_cache.h"
#include "io/revocation_fetch.h"
#include <string>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
extern "C" {   // Debian's cmocka 1.1.5 header declares its functions without C linkage for C++
#include <cmocka.h>
}

using namespace winhttp::io;

namespace {

void test_split_url(void**)
{
    std::string host, path;
    uint16_t port = 0;
    assert_true(RevocationFetch::split_url("http://crl.example.com/ca.crl", host, port, path));
    assert_true(host == "crl.example.com" && port == 80 && path == "/ca.crl");
    assert_true(RevocationFetch::split_url("HTTP://127.0.0.1:8080", host, port, path));
    assert_true(host == "127.0.0.1" && port == 8080 && path == "/");
    assert_true(RevocationFetch::split_url("http://[::1]:81/x?y=1#frag", host, port, path));
    assert_true(host == "::1" && port == 81 && path == "/x?y=1");
    assert_false(RevocationFetch::split_url("https://crl.example.com/ca.crl", host, port, path));
    assert_false(RevocationFetch::split_url("ldap://ldap.example.com/cn=x", host, port, path));
    assert_false(RevocationFetch::split_url("http://", host, port, path));
    assert_false(RevocationFetch::split_url("http://:80/", host, port, path));
    assert_false(RevocationFetch::split_url("http://h:0/", host, port, path));
    assert_false(RevocationFetch::split_url("http://h:65536/", host, port, path));
    assert_false(RevocationFetch::split_url("http://h:8x/", host, port, path));
    assert_false(RevocationFetch::split_url("http://user@h/", host, port, path));
    assert_false(RevocationFetch::split_url("http://[::1/", host, port, path));
    assert_false(RevocationFetch::split_url("http://h/a b", host, port, path));
    assert_false(RevocationFetch::split_url("http://h/a\r\nX: y", host, port, path));

    std::unique_ptr<RevocationFetch> f;
    assert_int_equal(RevocationFetch::start("ftp://h/x", {}, f), ERROR_WINHTTP_UNRECOGNIZED_SCHEME);
    assert_int_equal(RevocationFetch::start("http://h:99999/x", {}, f), ERROR_WINHTTP_INVALID_URL);
    assert_null(f.get());
}

void test_cache_without_data(void**)
{
    RevocationCache cache;
    RevocationCache::Fetch next;
    // Not certificates at all: nothing to ask.
    assert_int_equal(static_cast<int>(cache.status("garbage", "garbage", next)),
                     static_cast<int>(RevocationCache::Status::Unknown));
    assert_true(next.url.empty());
    assert_true(RevocationCache::distribution_points("garbage").empty());
    assert_true(RevocationCache::ocsp_responders("").empty());
    // Failed fetches are remembered; adding garbage as a list or a response is a failure too.
    cache.add({"http://h/a.crl", {}}, ERROR_WINHTTP_CANNOT_CONNECT, {});
    cache.add({"http://h/b.crl", {}}, ERROR_SUCCESS, "not a CRL");
    cache.add({"http://h/ocsp", "request"}, ERROR_SUCCESS, "not an OCSP response");
    for (int i = 0; i < 300; i++)   // bounded however many URLs come and go
        cache.add({"http://h/" + std::to_string(i), {}}, ERROR_WINHTTP_TIMEOUT, {});
}

} // namespace

int main()
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_split_url),
        cmocka_unit_test(test_cache_without_data),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
