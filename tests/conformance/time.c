/* Conformance: WinHttpTimeFromSystemTime and WinHttpTimeToSystemTime.
 * Expected values follow the reference pages (api/nf-winhttp-winhttptimefromsystemtime.md,
 * api/nf-winhttp-winhttptimetosystemtime.md) and, where those are silent, what Windows is known
 * to return (Wine's winhttp tests pin it). */
#if !defined(_WIN32) && !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 200809L   /* test.h's compat helpers use clock_gettime/nanosleep */
#endif
#include "test.h"

#define W(s) ((WCHAR *)(s))
#define TIME_CHARS (WINHTTP_TIME_FORMAT_BUFSIZE / sizeof(WCHAR))

static SYSTEMTIME make_time(int y, int mo, int dow, int d, int h, int mi, int s, int ms)
{
    SYSTEMTIME st;
    st.wYear = (WORD)y; st.wMonth = (WORD)mo; st.wDayOfWeek = (WORD)dow; st.wDay = (WORD)d;
    st.wHour = (WORD)h; st.wMinute = (WORD)mi; st.wSecond = (WORD)s; st.wMilliseconds = (WORD)ms;
    return st;
}

static int same_time(const SYSTEMTIME *a, const SYSTEMTIME *b)
{
    return a->wYear == b->wYear && a->wMonth == b->wMonth && a->wDayOfWeek == b->wDayOfWeek &&
           a->wDay == b->wDay && a->wHour == b->wHour && a->wMinute == b->wMinute &&
           a->wSecond == b->wSecond && a->wMilliseconds == b->wMilliseconds;
}

static const char *fmt_time(const SYSTEMTIME *t)
{
    static char buf[4][64]; static int k;
    char *b = buf[k++ & 3];
    snprintf(b, 64, "%u-%u-%u dow %u %u:%u:%u.%u", t->wYear, t->wMonth, t->wDay, t->wDayOfWeek, t->wHour,
             t->wMinute, t->wSecond, t->wMilliseconds);
    return b;
}

static void test_from_systemtime(void)
{
    SYSTEMTIME st = make_time(2008, 7, 1, 28, 10, 5, 52, 0);
    WCHAR buf[TIME_CHARS + 8];
    BOOL ret;

    SetLastError(0xdeadbeef);
    ret = WinHttpTimeFromSystemTime(&st, NULL);
    ok(!ret, "NULL buffer succeeded");
    expect_error(ERROR_INVALID_PARAMETER);

    SetLastError(0xdeadbeef);
    ret = WinHttpTimeFromSystemTime(NULL, buf);
    ok(!ret, "NULL time succeeded");
    expect_error(ERROR_INVALID_PARAMETER);

    for (size_t i = 0; i < sizeof(buf) / sizeof(buf[0]); i++) buf[i] = 0x5555;
    SetLastError(0xdeadbeef);
    ret = WinHttpTimeFromSystemTime(&st, buf);
    ok(ret, "WinHttpTimeFromSystemTime failed: %lu", (unsigned long)GetLastError());
    expect_error(ERROR_SUCCESS);
    ok(!u16cmp(buf, W(u"Mon, 28 Jul 2008 10:05:52 GMT")), "got %s", u16a(buf));
    ok(u16len(buf) == 29, "length %u", (unsigned)u16len(buf));
    ok(buf[TIME_CHARS] == 0x5555, "wrote past WINHTTP_TIME_FORMAT_BUFSIZE");

    /* two-digit fields are zero-padded */
    st = make_time(1994, 11, 0, 6, 8, 9, 7, 0);
    ret = WinHttpTimeFromSystemTime(&st, buf);
    ok(ret && !u16cmp(buf, W(u"Sun, 06 Nov 1994 08:09:07 GMT")), "padded: %s", u16a(buf));

    /* the weekday comes from the date, not from wDayOfWeek (SystemTimeToFileTime ignores it) */
    st = make_time(2008, 7, 0, 28, 10, 5, 52, 0);
    ret = WinHttpTimeFromSystemTime(&st, buf);
    ok(ret && !u16cmp(buf, W(u"Mon, 28 Jul 2008 10:05:52 GMT")), "weekday: %s", u16a(buf));
    st.wDayOfWeek = 9;
    SetLastError(0xdeadbeef);
    ret = WinHttpTimeFromSystemTime(&st, buf);
    ok(ret && !u16cmp(buf, W(u"Mon, 28 Jul 2008 10:05:52 GMT")), "weekday 9: %s", u16a(buf));
    expect_error(ERROR_SUCCESS);

    /* milliseconds do not show */
    st = make_time(2000, 2, 2, 29, 23, 59, 59, 999);
    ret = WinHttpTimeFromSystemTime(&st, buf);
    ok(ret && !u16cmp(buf, W(u"Tue, 29 Feb 2000 23:59:59 GMT")), "leap day: %s", u16a(buf));

    /* every month name */
    {
        static const char *names[12] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
        int good = 1;
        for (int m = 1; m <= 12; m++) {
            st = make_time(2021, m, 0, 1, 0, 0, 0, 0);
            ret = WinHttpTimeFromSystemTime(&st, buf);
            if (!ret || buf[8] != (WCHAR)names[m - 1][0] || buf[9] != (WCHAR)names[m - 1][1] ||
                buf[10] != (WCHAR)names[m - 1][2]) good = 0;
        }
        ok(good, "month names");
    }
    st = make_time(1601, 1, 0, 1, 0, 0, 0, 0);
    ret = WinHttpTimeFromSystemTime(&st, buf);
    ok(ret && !u16cmp(buf, W(u"Mon, 01 Jan 1601 00:00:00 GMT")), "1601: %s", u16a(buf));
    st = make_time(9999, 12, 0, 31, 23, 59, 59, 0);
    ret = WinHttpTimeFromSystemTime(&st, buf);
    ok(ret && !u16cmp(buf, W(u"Fri, 31 Dec 9999 23:59:59 GMT")), "9999: %s", u16a(buf));

    /* impossible dates are parameter errors (validated like SystemTimeToFileTime) */
    {
        static const SYSTEMTIME bad[] = {
            { 2008, 0, 0, 28, 10, 5, 52, 0 },   /* month 0 */
            { 2008, 13, 0, 28, 10, 5, 52, 0 },  /* month 13 */
            { 2008, 7, 0, 0, 10, 5, 52, 0 },    /* day 0 */
            { 2008, 7, 0, 32, 10, 5, 52, 0 },   /* day 32 */
            { 2008, 6, 0, 31, 10, 5, 52, 0 },   /* 31 June */
            { 2007, 2, 0, 29, 10, 5, 52, 0 },   /* 29 February, not a leap year */
            { 1900, 2, 0, 29, 10, 5, 52, 0 },   /* 1900 was not a leap year */
            { 2008, 7, 0, 28, 24, 5, 52, 0 },   /* hour 24 */
            { 2008, 7, 0, 28, 10, 60, 52, 0 },  /* minute 60 */
            { 2008, 7, 0, 28, 10, 5, 60, 0 },   /* second 60 */
            { 2008, 7, 0, 28, 10, 5, 52, 1000 },/* millisecond 1000 */
            { 1600, 12, 0, 31, 10, 5, 52, 0 },  /* before 1601 */
            { 30828, 1, 0, 1, 0, 0, 0, 0 },     /* after 30827 */
        };
        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
            SetLastError(0xdeadbeef);
            ret = WinHttpTimeFromSystemTime(&bad[i], buf);
            DWORD e = GetLastError();
            ok(!ret && e == ERROR_INVALID_PARAMETER, "bad time %s: ret %d error %lu", fmt_time(&bad[i]), ret,
               (unsigned long)e);
        }
    }
}

static void expect_parse(const WCHAR *s, SYSTEMTIME expect, int line)
{
    SYSTEMTIME st;
    memset(&st, 0xcc, sizeof(st));
    SetLastError(0xdeadbeef);
    BOOL ret = WinHttpTimeToSystemTime(s, &st);
    DWORD e = GetLastError();
    ok(ret && e == ERROR_SUCCESS, "line %d: %s: ret %d error %lu", line, u16a(s), ret, (unsigned long)e);
    ok(same_time(&st, &expect), "line %d: %s: got %s expected %s", line, u16a(s), fmt_time(&st), fmt_time(&expect));
}
#define expect_parse(s, e) expect_parse(W(s), e, __LINE__)

static void test_to_systemtime(void)
{
    SYSTEMTIME st;
    SYSTEMTIME jul28 = make_time(2008, 7, 1, 28, 10, 5, 52, 0);
    SYSTEMTIME nov6 = make_time(1994, 11, 0, 6, 8, 49, 37, 0);
    BOOL ret;

    SetLastError(0xdeadbeef);
    ret = WinHttpTimeToSystemTime(W(u"Mon, 28 Jul 2008 10:05:52 GMT"), NULL);
    ok(!ret, "NULL SYSTEMTIME succeeded");
    expect_error(ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    ret = WinHttpTimeToSystemTime(NULL, &st);
    ok(!ret, "NULL string succeeded");
    expect_error(ERROR_INVALID_PARAMETER);

    /* Wine's tests: RFC 1123 with a trailing newline, and the lenient form */
    expect_parse(u"Mon, 28 Jul 2008 10:05:52 GMT\n", jul28);
    expect_parse(u" mon 28 jul 2008 10 05 52\n", jul28);
    expect_parse(u"Mon, 28 Jul 2008 10:05:52 GMT", jul28);

    /* the three formats of RFC 2616 section 3.3.1 */
    expect_parse(u"Sun, 06 Nov 1994 08:49:37 GMT", nov6);
    expect_parse(u"Sunday, 06-Nov-94 08:49:37 GMT", nov6);
    expect_parse(u"Sun Nov  6 08:49:37 1994", nov6);

    /* variations servers send */
    expect_parse(u"Sun, 6 Nov 1994 08:49:37 GMT", nov6);
    expect_parse(u"SUN, 06 NOV 1994 08:49:37 GMT", nov6);
    expect_parse(u"06 Nov 1994 08:49:37 GMT", nov6);
    expect_parse(u"Sun, 06-Nov-1994 08:49:37 GMT", nov6);
    expect_parse(u"Sun, 06 Nov 1994 08:49:37 UTC", nov6);
    expect_parse(u"Sun, 06 Nov 1994 08:49:37", nov6);
    expect_parse(u"Sun Nov 6 1994 08:49:37", nov6);
    expect_parse(u"  Sun,   06   Nov   1994   08:49:37   GMT  ", nov6);

    /* the weekday is computed from the date */
    expect_parse(u"Fri, 28 Jul 2008 10:05:52 GMT", jul28);

    /* a date without a time is midnight */
    expect_parse(u"Mon, 28 Jul 2008", make_time(2008, 7, 1, 28, 0, 0, 0, 0));
    expect_parse(u"Mon, 28 Jul 2008 10:05", make_time(2008, 7, 1, 28, 10, 5, 0, 0));

    /* two-digit years: 1950-2049 */
    expect_parse(u"Friday, 01-Jan-49 00:00:00 GMT", make_time(2049, 1, 5, 1, 0, 0, 0, 0));
    expect_parse(u"Sunday, 01-Jan-50 00:00:00 GMT", make_time(1950, 1, 0, 1, 0, 0, 0, 0));

    /* round trip through WinHttpTimeFromSystemTime */
    {
        WCHAR buf[TIME_CHARS];
        SYSTEMTIME in = make_time(2038, 1, 2, 19, 3, 14, 8, 0), out;
        ret = WinHttpTimeFromSystemTime(&in, buf) && WinHttpTimeToSystemTime(buf, &out);
        ok(ret && same_time(&in, &out), "round trip: %s", fmt_time(&out));
    }

    /* a string that is no date still succeeds; what it lacks comes from the current time */
    memset(&st, 0, sizeof(st));
    SetLastError(0xdeadbeef);
    ret = WinHttpTimeToSystemTime(W(u""), &st);
    ok(ret, "empty string failed");
    expect_error(ERROR_SUCCESS);
    ok(st.wYear >= 2024 && st.wMonth >= 1 && st.wMonth <= 12 && st.wDay >= 1, "empty string: %s", fmt_time(&st));
    memset(&st, 0, sizeof(st));
    SetLastError(0xdeadbeef);
    ret = WinHttpTimeToSystemTime(W(u"garbage"), &st);
    ok(ret, "garbage failed");
    expect_error(ERROR_SUCCESS);
    ok(st.wYear >= 2024, "garbage: %s", fmt_time(&st));
    /* a weekday alone sets only the weekday */
    memset(&st, 0, sizeof(st));
    ret = WinHttpTimeToSystemTime(W(u"Wed"), &st);
    ok(ret && st.wDayOfWeek == 3 && st.wYear >= 2024, "weekday only: %s", fmt_time(&st));
}

int main(void)
{
    test_from_systemtime();
    test_to_systemtime();
    return test_summary();
}
