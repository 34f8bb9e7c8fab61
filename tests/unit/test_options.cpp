// Unit tests of the option table (engine/options.cpp) through the engine entry points.
#include "engine/api.h"
#include "engine/objects.h"
#include <cstring>
// cmocka.h last: its fail() macro would clash with Call::fail.
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
extern "C" {
#include <cmocka.h>
}

using namespace winhttp;

namespace {

struct Handles {
    HINTERNET ses, con, req;
    Handles()
    {
        Call c;
        ses = api::Open(c, u"unit", WINHTTP_ACCESS_TYPE_NO_PROXY, nullptr, nullptr, 0);
        con = api::Connect(c, ses, u"example.com", 8080, 0);
        req = api::OpenRequest(c, con, u"POST", u"/a/b?c=d", nullptr, nullptr, nullptr, 0);
    }
    ~Handles()
    {
        Call c;
        api::CloseHandle(c, req);
        api::CloseHandle(c, con);
        api::CloseHandle(c, ses);
    }
};

DWORD query_dword(HINTERNET h, DWORD opt, DWORD* err)
{
    Call c;
    DWORD v = 0xdeadbeef, len = sizeof v;
    BOOL ok = api::QueryOption(c, h, opt, &v, &len);
    *err = ok ? 0 : c.error;
    return v;
}

void test_defaults(void**)
{
    Handles h;
    DWORD e;
    assert_int_equal(query_dword(h.ses, WINHTTP_OPTION_RESOLVE_TIMEOUT, &e), 0);
    assert_int_equal(query_dword(h.ses, WINHTTP_OPTION_CONNECT_TIMEOUT, &e), 60000);
    assert_int_equal(query_dword(h.ses, WINHTTP_OPTION_SEND_TIMEOUT, &e), 30000);
    assert_int_equal(query_dword(h.ses, WINHTTP_OPTION_RECEIVE_TIMEOUT, &e), 30000);
    assert_int_equal(query_dword(h.req, WINHTTP_OPTION_HANDLE_TYPE, &e), WINHTTP_HANDLE_TYPE_REQUEST);
    assert_int_equal(query_dword(h.con, WINHTTP_OPTION_HANDLE_TYPE, &e), WINHTTP_HANDLE_TYPE_CONNECT);
    assert_int_equal(query_dword(h.ses, WINHTTP_OPTION_HANDLE_TYPE, &e), WINHTTP_HANDLE_TYPE_SESSION);
}

void test_every_table_entry_has_a_direction(void**)
{
    // Each known option either queries or sets on some handle; unknown ids are INVALID_OPTION.
    Handles h;
    Call c;
    DWORD v = 0, len = sizeof v;
    assert_false(api::QueryOption(c, h.ses, 0xFFFF, &v, &len));
    assert_int_equal(c.error, ERROR_WINHTTP_INVALID_OPTION);
    Call c2;
    assert_false(api::SetOption(c2, h.ses, 0xFFFF, &v, sizeof v));
    assert_int_equal(c2.error, ERROR_WINHTTP_INVALID_OPTION);
}

void test_buffer_protocol(void**)
{
    Handles h;
    Call c;
    DWORD len = 0;
    assert_false(api::QueryOption(c, h.ses, WINHTTP_OPTION_USER_AGENT, nullptr, &len));
    assert_int_equal(c.error, ERROR_INSUFFICIENT_BUFFER);
    assert_int_equal(len, (std::strlen("unit") + 1) * 2);
    char16_t buf[16];
    Call c2;
    assert_true(api::QueryOption(c2, h.ses, WINHTTP_OPTION_USER_AGENT, buf, &len));
    assert_int_equal(len, 8);
    assert_true(u16view(buf) == u"unit");
}

void test_url(void**)
{
    Handles h;
    Call c;
    char16_t buf[64];
    DWORD len = sizeof buf;
    assert_true(api::QueryOption(c, h.req, WINHTTP_OPTION_URL, buf, &len));
    assert_true(u16view(buf) == u"http://example.com:8080/a/b?c=d");
}

void test_set_inherit(void**)
{
    Call c;
    HINTERNET ses = api::Open(c, nullptr, WINHTTP_ACCESS_TYPE_NO_PROXY, nullptr, nullptr, 0);
    DWORD v = 1234;
    assert_true(api::SetOption(c, ses, WINHTTP_OPTION_CONNECT_TIMEOUT, &v, sizeof v));
    HINTERNET con = api::Connect(c, ses, u"h", 0, 0);
    HINTERNET req = api::OpenRequest(c, con, nullptr, nullptr, nullptr, nullptr, nullptr, 0);
    DWORD e;
    assert_int_equal(query_dword(req, WINHTTP_OPTION_CONNECT_TIMEOUT, &e), 1234);
    api::CloseHandle(c, req);
    api::CloseHandle(c, con);
    api::CloseHandle(c, ses);
}

void test_wrong_handle_kinds(void**)
{
    Handles h;
    Call c;
    DWORD v = 1;
    assert_false(api::SetOption(c, h.con, WINHTTP_OPTION_CONNECT_TIMEOUT, &v, sizeof v));
    assert_int_equal(c.error, ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
    Call c2;
    assert_false(api::SetOption(c2, h.req, WINHTTP_OPTION_USER_AGENT, (void*)u"x", 1));
    assert_int_equal(c2.error, ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
    Call c3;
    DWORD len = sizeof v;
    assert_false(api::QueryOption(c3, h.req, WINHTTP_OPTION_DISABLE_FEATURE, &v, &len));
    assert_int_equal(c3.error, ERROR_INVALID_PARAMETER);
    Call c4;
    assert_false(api::SetOption(c4, h.req, WINHTTP_OPTION_HANDLE_TYPE, &v, sizeof v));
    assert_int_equal(c4.error, ERROR_WINHTTP_OPTION_NOT_SETTABLE);
}

} // namespace

int main()
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_every_table_entry_has_a_direction),
        cmocka_unit_test(test_buffer_protocol),
        cmocka_unit_test(test_url),
        cmocka_unit_test(test_set_inherit),
        cmocka_unit_test(test_wrong_handle_kinds),
    };
    return cmocka_run_group_tests_name("options", tests, nullptr, nullptr);
}
