// Unit tests of engine/httptime: date scanning in every HTTP form, strict parsing, formatting,
// calendar helpers, Unix time conversions and the two time API entry points.
// The engine headers come first: cmocka defines a fail() macro that Call::fail would meet.
#include "engine/api.h"
#include "engine/httptime.h"
#include "engine/ustr.h"
#include <cstring>
#include <ctime>
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

SYSTEMTIME st_of(int y, int mo, int d, int h = 0, int mi = 0, int s = 0)
{
    SYSTEMTIME st{};
    st.wYear = WORD(y); st.wMonth = WORD(mo); st.wDay = WORD(d);
    st.wHour = WORD(h); st.wMinute = WORD(mi); st.wSecond = WORD(s);
    return st;
}

void expect_date(const char* s, int y, int mo, int d, int h, int mi, int sec, int dow)
{
    SYSTEMTIME st;
    if (!parse_http_date(std::string_view(s), st)) fail_msg("no date in \"%s\"", s);
    assert_int_equal(st.wYear, y);
    assert_int_equal(st.wMonth, mo);
    assert_int_equal(st.wDay, d);
    assert_int_equal(st.wHour, h);
    assert_int_equal(st.wMinute, mi);
    assert_int_equal(st.wSecond, sec);
    assert_int_equal(st.wDayOfWeek, dow);
    assert_int_equal(st.wMilliseconds, 0);
}

void test_parse_formats(void**)
{
    expect_date("Sun, 06 Nov 1994 08:49:37 GMT", 1994, 11, 6, 8, 49, 37, 0);
    expect_date("Sunday, 06-Nov-94 08:49:37 GMT", 1994, 11, 6, 8, 49, 37, 0);
    expect_date("Sun Nov  6 08:49:37 1994", 1994, 11, 6, 8, 49, 37, 0);
    expect_date("Thu, 01-Jan-1970 00:00:01 GMT", 1970, 1, 1, 0, 0, 1, 4);   // Netscape cookies
    expect_date(" mon 28 jul 2008 10 05 52\n", 2008, 7, 28, 10, 5, 52, 1);
    expect_date("28 Jul 2008 10:05:52", 2008, 7, 28, 10, 5, 52, 1);
    expect_date("Wed, 09 Jun 2021", 2021, 6, 9, 0, 0, 0, 3);
    expect_date("Mon Jul 28 2008 10:05:52 GMT", 2008, 7, 28, 10, 5, 52, 1);
    expect_date("Mon Jul 28 10:05:52 GMT 2008", 2008, 7, 28, 10, 5, 52, 1);
    expect_date("Tue, 28 Jul 2008 10:05:52 GMT", 2008, 7, 28, 10, 5, 52, 1);   // weekday computed
    expect_date("Sat, 01 Jan 00 00:00:00 GMT", 2000, 1, 1, 0, 0, 0, 6);
    expect_date("Fri, 31 Dec 99 23:59:59 GMT", 1999, 12, 31, 23, 59, 59, 5);
    SYSTEMTIME st;
    assert_true(parse_http_date(u16view(u"Sun, 06 Nov 1994 08:49:37 GMT"), st));
    assert_int_equal(st.wYear, 1994);
}

void test_parse_invalid(void**)
{
    SYSTEMTIME st = st_of(1, 2, 3);
    const char* bad[] = {
        "", "garbage", "Sun", "Sun, 06", "Sun, 06 Nov", "Sun, 06 Foo 1994", "06/11/1994",
        "Sun, 31 Feb 1994 00:00:00 GMT", "Sun, 06 Nov 1994 24:00:00 GMT", "Sun, 06 Nov 1994 08:60:00",
        "Sun, 06 Nov 1994 08:49:60", "Sun, 00 Nov 1994", "Sun, 06 Nov 1500", "Nov", "Nov 6",
        "Sun, 06 Nov 99999",
    };
    for (const char* s : bad)
        if (parse_http_date(std::string_view(s), st)) fail_msg("accepted \"%s\"", s);
    assert_int_equal(st.wYear, 1);   // untouched
}

void test_scan_partial(void**)
{
    DateFields f = scan_http_date(std::string_view("Wed"));
    assert_int_equal(f.weekday, 3);
    assert_int_equal(f.day, -1);
    assert_false(f.has_date());
    f = scan_http_date(std::string_view("Wed, 09 Jun"));
    assert_int_equal(f.day, 9);
    assert_int_equal(f.month, 6);
    assert_int_equal(f.year, -1);
    f = scan_http_date(std::string_view("xyz 09 Jun 2021"));
    assert_int_equal(f.weekday, -1);
    assert_int_equal(f.day, -1);
    f = scan_http_date(std::string_view("Sunday, 06-Nov-94 08:49"));
    assert_int_equal(f.year, 1994);
    assert_int_equal(f.hour, 8);
    assert_int_equal(f.minute, 49);
    assert_int_equal(f.second, -1);
}

void test_format(void**)
{
    assert_string_equal(format_http_date(st_of(1994, 11, 6, 8, 49, 37)).c_str(), "Sun, 06 Nov 1994 08:49:37 GMT");
    assert_string_equal(format_http_date(st_of(2008, 7, 28, 10, 5, 52)).c_str(), "Mon, 28 Jul 2008 10:05:52 GMT");
    assert_string_equal(format_http_date(st_of(30827, 12, 31, 23, 59, 59)).c_str(), "Fri, 31 Dec 30827 23:59:59 GMT");
    SYSTEMTIME st;
    assert_true(parse_http_date(std::string_view(format_http_date(st_of(2024, 2, 29, 12))), st));
    assert_int_equal(st.wDay, 29);
    assert_int_equal(st.wDayOfWeek, 4);
}

void test_calendar(void**)
{
    assert_int_equal(day_of_week(1970, 1, 1), 4);
    assert_int_equal(day_of_week(1601, 1, 1), 1);
    assert_int_equal(day_of_week(2000, 2, 29), 2);
    assert_int_equal(day_of_week(2038, 1, 19), 2);
    assert_int_equal(days_in_month(2000, 2), 29);
    assert_int_equal(days_in_month(1900, 2), 28);
    assert_int_equal(days_in_month(2024, 2), 29);
    assert_int_equal(days_in_month(2023, 4), 30);
    assert_int_equal(days_in_month(2023, 13), 0);
    assert_true(systemtime_valid(st_of(1601, 1, 1)));
    assert_true(systemtime_valid(st_of(30827, 12, 31, 23, 59, 59)));
    assert_false(systemtime_valid(st_of(1600, 12, 31)));
    assert_false(systemtime_valid(st_of(30828, 1, 1)));
    assert_false(systemtime_valid(st_of(2023, 2, 29)));
    assert_false(systemtime_valid(st_of(2023, 1, 1, 24)));
    SYSTEMTIME ms = st_of(2023, 1, 1);
    ms.wMilliseconds = 1000;
    assert_false(systemtime_valid(ms));
}

void test_unix(void**)
{
    assert_int_equal(systemtime_to_unix(st_of(1970, 1, 1)), 0);
    assert_int_equal(systemtime_to_unix(st_of(1994, 11, 6, 8, 49, 37)), 784111777);
    assert_int_equal(systemtime_to_unix(st_of(1601, 1, 1)), -11644473600LL);
    SYSTEMTIME st = unix_to_systemtime(784111777);
    assert_int_equal(st.wYear, 1994);
    assert_int_equal(st.wMonth, 11);
    assert_int_equal(st.wDay, 6);
    assert_int_equal(st.wHour, 8);
    assert_int_equal(st.wMinute, 49);
    assert_int_equal(st.wSecond, 37);
    assert_int_equal(st.wDayOfWeek, 0);
    st = unix_to_systemtime(-1);
    assert_int_equal(st.wYear, 1969);
    assert_int_equal(st.wSecond, 59);
    for (int64_t t = -11644473600LL; t < 253402300800LL; t += 86400LL * 97 + 3607)
        assert_int_equal(systemtime_to_unix(unix_to_systemtime(t)), t);
    SYSTEMTIME now = current_systemtime();
    int64_t diff = systemtime_to_unix(now) - int64_t(std::time(nullptr));
    assert_true(diff >= -2 && diff <= 2);
    assert_true(now.wMilliseconds < 1000);
}

void test_api(void**)
{
    char16_t buf[WINHTTP_TIME_FORMAT_BUFSIZE / sizeof(char16_t)];
    SYSTEMTIME st = st_of(2008, 7, 28, 10, 5, 52);
    {
        Call c;
        assert_true(api::TimeFromSystemTime(c, &st, buf));
        assert_int_equal(c.error, ERROR_SUCCESS);
        assert_string_equal(to_utf8(buf).c_str(), "Mon, 28 Jul 2008 10:05:52 GMT");
    }
    {
        Call c;
        assert_false(api::TimeFromSystemTime(c, nullptr, buf));
        assert_int_equal(c.error, ERROR_INVALID_PARAMETER);
    }
    {
        Call c;
        SYSTEMTIME bad = st_of(2008, 2, 30);
        assert_false(api::TimeFromSystemTime(c, &bad, buf));
        assert_int_equal(c.error, ERROR_INVALID_PARAMETER);
    }
    {
        Call c;
        SYSTEMTIME out;
        assert_true(api::TimeToSystemTime(c, u"Sunday, 06-Nov-94 08:49:37 GMT", &out));
        assert_int_equal(c.error, ERROR_SUCCESS);
        assert_int_equal(out.wYear, 1994);
        assert_int_equal(out.wDayOfWeek, 0);
        assert_int_equal(out.wMilliseconds, 0);
    }
    {
        Call c;
        assert_false(api::TimeToSystemTime(c, u"x", nullptr));
        assert_int_equal(c.error, ERROR_INVALID_PARAMETER);
    }
    {
        // an unreadable string: the current time, and success
        Call c;
        SYSTEMTIME out{};
        assert_true(api::TimeToSystemTime(c, u"no date here", &out));
        assert_int_equal(c.error, ERROR_SUCCESS);
        assert_true(systemtime_valid(out));
        int64_t diff = systemtime_to_unix(out) - int64_t(std::time(nullptr));
        assert_true(diff >= -2 && diff <= 2);
    }
}

} // namespace

int main()
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_formats),
        cmocka_unit_test(test_parse_invalid),
        cmocka_unit_test(test_scan_partial),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_calendar),
        cmocka_unit_test(test_unix),
        cmocka_unit_test(test_api),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
