/* Conformance: WinHttpQueryHeaders and WinHttpQueryHeadersEx on real responses from
 * tests/server/winhttp-test-server: every WINHTTP_QUERY_* attribute that names a response
 * header, the status line pseudo-headers (STATUS_CODE, STATUS_TEXT, VERSION), RAW_HEADERS and
 * RAW_HEADERS_CRLF, the FLAG_NUMBER, FLAG_NUMBER64 and FLAG_SYSTEMTIME formats, index
 * iteration over repeated headers, buffer sizing (ERROR_INSUFFICIENT_BUFFER with the size
 * needed, in bytes, with the terminator) and ERROR_WINHTTP_HEADER_NOT_FOUND. */
#include "test.h"
#include "../server/harness.h"
#include <stdint.h>

#define W(s) ((const WCHAR *)(u"" s))
#define NUMBER WINHTTP_QUERY_FLAG_NUMBER
#define BYNAME WINHTTP_HEADER_NAME_BY_INDEX
#define NOINDEX WINHTTP_NO_HEADER_INDEX

static int port;
static HINTERNET ses, con;

/* ASCII to UTF-16, in one of a few static buffers. */
static const WCHAR *wide(const char *s)
{
    static WCHAR bufs[4][4096];
    static int k;
    WCHAR *b = bufs[k++ & 3];
    size_t i;
    for (i = 0; s[i] && i < 4095; i++) b[i] = (WCHAR)(unsigned char)s[i];
    b[i] = 0;
    return b;
}

/* Sends GET path and receives the response; the request handle, or NULL. */
static HINTERNET get(const WCHAR *path)
{
    HINTERNET req = WinHttpOpenRequest(con, W("GET"), path, NULL, WINHTTP_NO_REFERER, WINHTTP_DEFAULT_ACCEPT_TYPES, 0);
    if (!req) return NULL;
    if (!WinHttpSendRequest(req, NULL, 0, NULL, 0, 0, 0) || !WinHttpReceiveResponse(req, NULL)) {
        ok(0, "request %s failed: %lu", u16a(path), (unsigned long)GetLastError());
        WinHttpCloseHandle(req);
        return NULL;
    }
    return req;
}

/* Reads and drops the rest of the body. */
static void drain(HINTERNET req)
{
    char buf[4096];
    DWORD n;
    do {
        n = 0;
        if (!WinHttpReadData(req, buf, sizeof buf, &n)) break;
    } while (n);
}

/* TRUE when header `level`/`name` number `index` is `want` (with its length in bytes). */
static int is(HINTERNET req, DWORD level, const WCHAR *name, DWORD index, const WCHAR *want)
{
    WCHAR buf[1024];
    DWORD len = sizeof buf;
    if (!WinHttpQueryHeaders(req, level, name, buf, &len, &index)) return 0;
    return !u16cmp(buf, want) && len == u16len(want) * sizeof(WCHAR);
}

/* Response-header attributes and the header each one names (Wine's header table). The
 * status line, raw forms, request method and URI are tested apart; Content-Length,
 * Transfer-Encoding and Connection shape the response and are tested apart; COST,
 * DERIVED_FROM and MESSAGE_ID are "not supported" (query-info-flags page). */
static const struct { DWORD code; const char *name; } known[] = {
    { WINHTTP_QUERY_MIME_VERSION, "Mime-Version" },
    { WINHTTP_QUERY_CONTENT_TYPE, "Content-Type" },
    { WINHTTP_QUERY_CONTENT_TRANSFER_ENCODING, "Content-Transfer-Encoding" },
    { WINHTTP_QUERY_CONTENT_ID, "Content-ID" },
    { WINHTTP_QUERY_CONTENT_DESCRIPTION, "Content-Description" },
    { WINHTTP_QUERY_CONTENT_LANGUAGE, "Content-Language" },
    { WINHTTP_QUERY_ALLOW, "Allow" },
    { WINHTTP_QUERY_PUBLIC, "Public" },
    { WINHTTP_QUERY_DATE, "Date" },
    { WINHTTP_QUERY_EXPIRES, "Expires" },
    { WINHTTP_QUERY_LAST_MODIFIED, "Last-Modified" },
    { WINHTTP_QUERY_LINK, "Link" },
    { WINHTTP_QUERY_PRAGMA, "Pragma" },
    { WINHTTP_QUERY_ACCEPT, "Accept" },
    { WINHTTP_QUERY_ACCEPT_CHARSET, "Accept-Charset" },
    { WINHTTP_QUERY_ACCEPT_ENCODING, "Accept-Encoding" },
    { WINHTTP_QUERY_ACCEPT_LANGUAGE, "Accept-Language" },
    { WINHTTP_QUERY_AUTHORIZATION, "Authorization" },
    { WINHTTP_QUERY_CONTENT_ENCODING, "Content-Encoding" },
    { WINHTTP_QUERY_FORWARDED, "Forwarded" },
    { WINHTTP_QUERY_FROM, "From" },
    { WINHTTP_QUERY_IF_MODIFIED_SINCE, "If-Modified-Since" },
    { WINHTTP_QUERY_LOCATION, "Location" },
    { WINHTTP_QUERY_ORIG_URI, "Orig-URI" },
    { WINHTTP_QUERY_REFERER, "Referer" },
    { WINHTTP_QUERY_RETRY_AFTER, "Retry-After" },
    { WINHTTP_QUERY_SERVER, "Server" },
    { WINHTTP_QUERY_TITLE, "Title" },
    { WINHTTP_QUERY_USER_AGENT, "User-Agent" },
    { WINHTTP_QUERY_WWW_AUTHENTICATE, "WWW-Authenticate" },
    { WINHTTP_QUERY_PROXY_AUTHENTICATE, "Proxy-Authenticate" },
    { WINHTTP_QUERY_ACCEPT_RANGES, "Accept-Ranges" },
    { WINHTTP_QUERY_SET_COOKIE, "Set-Cookie" },
    { WINHTTP_QUERY_COOKIE, "Cookie" },
    { WINHTTP_QUERY_REFRESH, "Refresh" },
    { WINHTTP_QUERY_CONTENT_DISPOSITION, "Content-Disposition" },
    { WINHTTP_QUERY_AGE, "Age" },
    { WINHTTP_QUERY_CACHE_CONTROL, "Cache-Control" },
    { WINHTTP_QUERY_CONTENT_BASE, "Content-Base" },
    { WINHTTP_QUERY_CONTENT_LOCATION, "Content-Location" },
    { WINHTTP_QUERY_CONTENT_MD5, "Content-MD5" },
    { WINHTTP_QUERY_CONTENT_RANGE, "Content-Range" },
    { WINHTTP_QUERY_ETAG, "ETag" },
    { WINHTTP_QUERY_HOST, "Host" },
    { WINHTTP_QUERY_IF_MATCH, "If-Match" },
    { WINHTTP_QUERY_IF_NONE_MATCH, "If-None-Match" },
    { WINHTTP_QUERY_IF_RANGE, "If-Range" },
    { WINHTTP_QUERY_IF_UNMODIFIED_SINCE, "If-Unmodified-Since" },
    { WINHTTP_QUERY_MAX_FORWARDS, "Max-Forwards" },
    { WINHTTP_QUERY_PROXY_AUTHORIZATION, "Proxy-Authorization" },
    { WINHTTP_QUERY_RANGE, "Range" },
    { WINHTTP_QUERY_UPGRADE, "Upgrade" },
    { WINHTTP_QUERY_VARY, "Vary" },
    { WINHTTP_QUERY_VIA, "Via" },
    { WINHTTP_QUERY_WARNING, "Warning" },
    { WINHTTP_QUERY_EXPECT, "Expect" },
    { WINHTTP_QUERY_PROXY_CONNECTION, "Proxy-Connection" },
    { WINHTTP_QUERY_UNLESS_MODIFIED_SINCE, "Unless-Modified-Since" },
    { WINHTTP_QUERY_PROXY_SUPPORT, "Proxy-Support" },
    { WINHTTP_QUERY_AUTHENTICATION_INFO, "Authentication-Info" },
    { WINHTTP_QUERY_PASSPORT_URLS, "PassportURLs" },
    { WINHTTP_QUERY_PASSPORT_CONFIG, "PassportConfig" },
};

static void test_known_attributes(void)
{
    static char path[8192];
    char value[32];
    size_t i, used;
    HINTERNET req, plain;

    used = (size_t)snprintf(path, sizeof path, "/headers?");
    for (i = 0; i < sizeof known / sizeof known[0]; i++)
        used += (size_t)snprintf(path + used, sizeof path - used, "%sh=%s:v%lu", i ? "&" : "", known[i].name,
                                 (unsigned long)known[i].code);
    req = get(wide(path));
    plain = get(W("/headers"));
    if (!req || !plain) return;
    for (i = 0; i < sizeof known / sizeof known[0]; i++) {
        WCHAR buf[64];
        DWORD len = sizeof buf, index = 0;
        BOOL ret;
        snprintf(value, sizeof value, "v%lu", (unsigned long)known[i].code);
        SetLastError(0xdeadbeef);
        ret = WinHttpQueryHeaders(req, known[i].code, BYNAME, buf, &len, &index);
        ok(ret, "%s (%lu) not found: %lu", known[i].name, (unsigned long)known[i].code, (unsigned long)GetLastError());
        expect_error(ERROR_SUCCESS);
        ok(ret && !u16cmp(buf, wide(value)), "%s: %s", known[i].name, u16a(buf));
        ok(len == strlen(value) * sizeof(WCHAR), "%s: length %lu", known[i].name, (unsigned long)len);
        ok(index == 1, "%s: index %lu", known[i].name, (unsigned long)index);
        /* The same by name, in any case. */
        ok(is(req, WINHTTP_QUERY_CUSTOM, wide(known[i].name), 0, wide(value)), "%s by name", known[i].name);
        /* Absent from a response without it. */
        len = sizeof buf;
        SetLastError(0xdeadbeef);
        ok(!WinHttpQueryHeaders(plain, known[i].code, BYNAME, buf, &len, NOINDEX), "%s found in a plain response",
           known[i].name);
        expect_error(ERROR_WINHTTP_HEADER_NOT_FOUND);
    }
    ok(is(req, WINHTTP_QUERY_CUSTOM, W("mime-VERSION"), 0, W("v0")), "name not case-insensitive");
    WinHttpCloseHandle(req);
    WinHttpCloseHandle(plain);
}

static void test_framing_headers(void)
{
    HINTERNET req;
    DWORD num, len;

    req = get(W("/bytes/123"));
    if (!req) return;
    ok(is(req, WINHTTP_QUERY_CONTENT_LENGTH, BYNAME, 0, W("123")), "Content-Length");
    num = 0;
    len = sizeof num;
    ok(WinHttpQueryHeaders(req, WINHTTP_QUERY_CONTENT_LENGTH | NUMBER, BYNAME, &num, &len, NOINDEX), "Content-Length number");
    ok(num == 123 && len == sizeof(DWORD), "Content-Length %lu (length %lu)", (unsigned long)num, (unsigned long)len);
    ok(is(req, WINHTTP_QUERY_CONTENT_TYPE, BYNAME, 0, W("application/octet-stream")), "Content-Type");
    WinHttpCloseHandle(req);

    req = get(W("/chunked/10"));
    if (!req) return;
    ok(is(req, WINHTTP_QUERY_TRANSFER_ENCODING, BYNAME, 0, W("chunked")), "Transfer-Encoding");
    drain(req);
    WinHttpCloseHandle(req);

    req = get(W("/bytes/1?close=1"));
    if (!req) return;
    ok(is(req, WINHTTP_QUERY_CONNECTION, BYNAME, 0, W("close")), "Connection");
    drain(req);
    WinHttpCloseHandle(req);
}

static void test_status_line(void)
{
    HINTERNET req;
    WCHAR buf[64];
    DWORD len, num, index;
    BOOL ret;

    req = get(W("/"));
    if (!req) return;
    len = sizeof buf;
    index = 0;
    SetLastError(0xdeadbeef);
    ret = WinHttpQueryHeaders(req, WINHTTP_QUERY_STATUS_CODE, BYNAME, buf, &len, &index);
    ok(ret, "status code failed: %lu", (unsigned long)GetLastError());
    expect_error(ERROR_SUCCESS);
    ok(!u16cmp(buf, W("200")) && len == 3 * sizeof(WCHAR), "status code %s (length %lu)", u16a(buf), (unsigned long)len);
    num = 0;
    len = sizeof num;
    ok(WinHttpQueryHeaders(req, WINHTTP_QUERY_STATUS_CODE | NUMBER, BYNAME, &num, &len, NOINDEX) && num == 200 &&
       len == sizeof(DWORD), "status code number %lu", (unsigned long)num);
    ok(is(req, WINHTTP_QUERY_STATUS_TEXT, BYNAME, 0, W("OK")), "status text");
    ok(is(req, WINHTTP_QUERY_VERSION, BYNAME, 0, W("HTTP/1.1")), "version");
    /* Sizes: the string's bytes with the terminator. */
    len = 2;
    SetLastError(0xdeadbeef);
    ok(!WinHttpQueryHeaders(req, WINHTTP_QUERY_STATUS_CODE, BYNAME, buf, &len, NOINDEX), "status code in 2 bytes");
    expect_error(ERROR_INSUFFICIENT_BUFFER);
    ok(len == 4 * sizeof(WCHAR), "status code needs %lu", (unsigned long)len);
    len = 0;
    SetLastError(0xdeadbeef);
    ok(!WinHttpQueryHeaders(req, WINHTTP_QUERY_VERSION, BYNAME, WINHTTP_NO_OUTPUT_BUFFER, &len, NOINDEX), "version in no buffer");
    expect_error(ERROR_INSUFFICIENT_BUFFER);
    ok(len == 9 * sizeof(WCHAR), "version needs %lu", (unsigned long)len);
    len = 3 * sizeof(WCHAR);
    ok(WinHttpQueryHeaders(req, WINHTTP_QUERY_STATUS_TEXT, BYNAME, buf, &len, NOINDEX) && len == 2 * sizeof(WCHAR),
       "status text in its exact size: %lu", (unsigned long)len);
    /* The request method is known without the request flag (as before the response). */
    ok(is(req, WINHTTP_QUERY_REQUEST_METHOD, BYNAME, 0, W("GET")), "request method");
    drain(req);
    WinHttpCloseHandle(req);

    req = get(W("/status/404"));
    if (req) {
        num = 0;
        len = sizeof num;
        ok(WinHttpQueryHeaders(req, WINHTTP_QUERY_STATUS_CODE | NUMBER, BYNAME, &num, &len, NOINDEX) && num == 404,
           "404 status %lu", (unsigned long)num);
        ok(is(req, WINHTTP_QUERY_STATUS_TEXT, BYNAME, 0, W("Not Found")), "404 status text");
        drain(req);
        WinHttpCloseHandle(req);
    }
    req = get(W("/status/299?reason=Fine%20Thing"));
    if (req) {
        ok(is(req, WINHTTP_QUERY_STATUS_TEXT, BYNAME, 0, W("Fine Thing")), "custom reason phrase");
        ok(is(req, WINHTTP_QUERY_STATUS_CODE, BYNAME, 0, W("299")), "status 299");
        drain(req);
        WinHttpCloseHandle(req);
    }
    req = get(W("/bytes/1?version=1.0"));
    if (req) {
        ok(is(req, WINHTTP_QUERY_VERSION, BYNAME, 0, W("HTTP/1.0")), "HTTP/1.0 version");
        drain(req);
        WinHttpCloseHandle(req);
    }
}

static void test_raw(void)
{
    static const char crlf[] = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nA-One: 1\r\nb-two: Two words\r\n\r\n";
    static const char nul[] = "HTTP/1.1 200 OK\0Content-Length: 0\0A-One: 1\0b-two: Two words\0";
    WCHAR buf[512], want[512];
    DWORD len, index, i;
    HINTERNET req = get(W("/headers?h=A-One:1&h=b-two:Two%20words"));
    BOOL ret;

    if (!req) return;
    len = 0;
    index = 0;
    SetLastError(0xdeadbeef);
    ret = WinHttpQueryHeaders(req, WINHTTP_QUERY_RAW_HEADERS_CRLF, BYNAME, WINHTTP_NO_OUTPUT_BUFFER, &len, &index);
    ok(!ret, "raw headers in no buffer");
    expect_error(ERROR_INSUFFICIENT_BUFFER);
    ok(len == (sizeof crlf) * sizeof(WCHAR), "CRLF form needs %lu, expected %lu", (unsigned long)len,
       (unsigned long)(sizeof crlf * sizeof(WCHAR)));
    len = (sizeof crlf - 1) * sizeof(WCHAR);
    SetLastError(0xdeadbeef);
    ok(!WinHttpQueryHeaders(req, WINHTTP_QUERY_RAW_HEADERS_CRLF, BYNAME, buf, &len, &index), "raw headers one WCHAR short");
    expect_error(ERROR_INSUFFICIENT_BUFFER);
    ok(len == sizeof crlf * sizeof(WCHAR), "CRLF form still needs %lu", (unsigned long)len);
    len = sizeof buf;
    SetLastError(0xdeadbeef);
    ret = WinHttpQueryHeaders(req, WINHTTP_QUERY_RAW_HEADERS_CRLF, BYNAME, buf, &len, &index);
    ok(ret, "raw headers failed: %lu", (unsigned long)GetLastError());
    expect_error(ERROR_SUCCESS);
    ok(!u16cmp(buf, wide(crlf)), "CRLF form: %s", u16a(buf));
    ok(len == (sizeof crlf - 1) * sizeof(WCHAR), "CRLF form length %lu", (unsigned long)len);
    ok(index == 0, "raw query moved the index to %lu", (unsigned long)index);

    /* The NUL form: one NUL after each line, one more at the end; the length counts the last
     * line's NUL, not the final one. */
    for (i = 0; i < sizeof nul; i++) want[i] = (WCHAR)(unsigned char)nul[i];
    len = 0;
    SetLastError(0xdeadbeef);
    ok(!WinHttpQueryHeaders(req, WINHTTP_QUERY_RAW_HEADERS, BYNAME, NULL, &len, NOINDEX), "NUL form in no buffer");
    expect_error(ERROR_INSUFFICIENT_BUFFER);
    ok(len == sizeof nul * sizeof(WCHAR), "NUL form needs %lu, expected %lu", (unsigned long)len,
       (unsigned long)(sizeof nul * sizeof(WCHAR)));
    memset(buf, 0xff, sizeof buf);
    len = sizeof buf;
    ret = WinHttpQueryHeaders(req, WINHTTP_QUERY_RAW_HEADERS, BYNAME, buf, &len, NOINDEX);
    ok(ret, "NUL form failed: %lu", (unsigned long)GetLastError());
    ok(len == (sizeof nul - 1) * sizeof(WCHAR), "NUL form length %lu", (unsigned long)len);
    ok(!memcmp(buf, want, sizeof nul * sizeof(WCHAR)), "NUL form content: %s", u16a(buf));
    WinHttpCloseHandle(req);
}

static void test_index(void)
{
    HINTERNET req = get(W("/headers?h=X-Rep:one&h=X-Other:o&h=x-rep:two&h=X-REP:three&h=X-N:7&h=X-N:9"
                          "&h=Set-Cookie:a=1&h=Set-Cookie:b=2"));
    WCHAR buf[64];
    DWORD len, index, num;
    BOOL ret;

    if (!req) return;
    /* Each call returns instance `index` and moves it to the next; names match in any case. */
    index = 0;
    len = sizeof buf;
    ok(WinHttpQueryHeaders(req, WINHTTP_QUERY_CUSTOM, W("X-Rep"), buf, &len, &index) && !u16cmp(buf, W("one")),
       "instance 0: %s", u16a(buf));
    ok(index == 1, "index %lu", (unsigned long)index);
    len = sizeof buf;
    ok(WinHttpQueryHeaders(req, WINHTTP_QUERY_CUSTOM, W("X-Rep"), buf, &len, &index) && !u16cmp(buf, W("two")),
       "instance 1: %s", u16a(buf));
    ok(index == 2, "index %lu", (unsigned long)index);
    len = sizeof buf;
    ok(WinHttpQueryHeaders(req, WINHTTP_QUERY_CUSTOM, W("X-Rep"), buf, &len, &index) && !u16cmp(buf, W("three")),
       "instance 2: %s", u16a(buf));
    ok(index == 3, "index %lu", (unsigned long)index);
    len = sizeof buf;
    SetLastError(0xdeadbeef);
    ret = WinHttpQueryHeaders(req, WINHTTP_QUERY_CUSTOM, W("X-Rep"), buf, &len, &index);
    ok(!ret, "instance 3 found");
    expect_error(ERROR_WINHTTP_HEADER_NOT_FOUND);
    ok(index == 3, "index moved on failure: %lu", (unsigned long)index);
    /* WINHTTP_NO_HEADER_INDEX: the first. */
    ok(is(req, WINHTTP_QUERY_CUSTOM, W("x-REP"), 0, W("one")), "first instance");
    len = sizeof buf;
    ok(WinHttpQueryHeaders(req, WINHTTP_QUERY_CUSTOM, W("X-Rep"), buf, &len, NOINDEX) && !u16cmp(buf, W("one")),
       "no index: %s", u16a(buf));
    /* A too small buffer leaves the index where it was. */
    index = 1;
    len = 2;
    SetLastError(0xdeadbeef);
    ok(!WinHttpQueryHeaders(req, WINHTTP_QUERY_CUSTOM, W("X-Rep"), buf, &len, &index), "small buffer accepted");
    expect_error(ERROR_INSUFFICIENT_BUFFER);
    ok(len == 4 * sizeof(WCHAR) && index == 1, "needed %lu, index %lu", (unsigned long)len, (unsigned long)index);
    /* Numbers iterate the same way. */
    index = 0;
    num = 0;
    len = sizeof num;
    ok(WinHttpQueryHeaders(req, WINHTTP_QUERY_CUSTOM | NUMBER, W("X-N"), &num, &len, &index) && num == 7 && index == 1,
       "number 0: %lu, index %lu", (unsigned long)num, (unsigned long)index);
    len = sizeof num;
    ok(WinHttpQueryHeaders(req, WINHTTP_QUERY_CUSTOM | NUMBER, W("X-N"), &num, &len, &index) && num == 9 && index == 2,
       "number 1: %lu, index %lu", (unsigned long)num, (unsigned long)index);
    /* And known attributes. */
    ok(is(req, WINHTTP_QUERY_SET_COOKIE, BYNAME, 0, W("a=1")), "Set-Cookie 0");
    ok(is(req, WINHTTP_QUERY_SET_COOKIE, BYNAME, 1, W("b=2")), "Set-Cookie 1");
    ok(!is(req, WINHTTP_QUERY_SET_COOKIE, BYNAME, 2, W("")), "Set-Cookie 2 found");
    WinHttpCloseHandle(req);
}

static void test_sizing(void)
{
    HINTERNET req = get(W("/headers?h=X-Word:hello&h=X-Empty:"));
    WCHAR buf[64];
    DWORD len;
    BOOL ret;

    if (!req) return;
    len = 0;
    SetLastError(0xdeadbeef);
    ret = WinHttpQueryHeaders(req, WINHTTP_QUERY_CUSTOM, W("X-Word"), WINHTTP_NO_OUTPUT_BUFFER, &len, NOINDEX);
    ok(!ret, "no buffer accepted");
    expect_error(ERROR_INSUFFICIENT_BUFFER);
    ok(len == 6 * sizeof(WCHAR), "needed %lu", (unsigned long)len);
    len = 1000;
    SetLastError(0xdeadbeef);
    ok(!WinHttpQueryHeaders(req, WINHTTP_QUERY_CUSTOM, W("X-Word"), WINHTTP_NO_OUTPUT_BUFFER, &len, NOINDEX),
       "no buffer with a length accepted");
    expect_error(ERROR_INSUFFICIENT_BUFFER);
    ok(len == 6 * sizeof(WCHAR), "needed %lu", (unsigned long)len);
    len = 5 * sizeof(WCHAR);
    SetLastError(0xdeadbeef);
    ok(!WinHttpQueryHeaders(req, WINHTTP_QUERY_CUSTOM, W("X-Word"), buf, &len, NOINDEX), "no room for the terminator");
    expect_error(ERROR_INSUFFICIENT_BUFFER);
    ok(len == 6 * sizeof(WCHAR), "needed %lu", (unsigned long)len);
    len = 6 * sizeof(WCHAR) - 1;
    SetLastError(0xdeadbeef);
    ok(!WinHttpQueryHeaders(req, WINHTTP_QUERY_CUSTOM, W("X-Word"), buf, &len, NOINDEX), "odd size accepted");
    expect_error(ERROR_INSUFFICIENT_BUFFER);
    len = 6 * sizeof(WCHAR);
    SetLastError(0xdeadbeef);
    ret = WinHttpQueryHeaders(req, WINHTTP_QUERY_CUSTOM, W("X-Word"), buf, &len, NOINDEX);
    ok(ret, "exact size refused: %lu", (unsigned long)GetLastError());
    expect_error(ERROR_SUCCESS);
    ok(len == 5 * sizeof(WCHAR) && !u16cmp(buf, W("hello")), "exact size: %s, %lu", u16a(buf), (unsigned long)len);

    /* An empty value: found, length 0, one WCHAR needed. */
    buf[0] = 'x';
    len = sizeof buf;
    ok(WinHttpQueryHeaders(req, WINHTTP_QUERY_CUSTOM, W("X-Empty"), buf, &len, NOINDEX), "empty value not found");
    ok(len == 0 && buf[0] == 0, "empty value: length %lu", (unsigned long)len);
    len = 0;
    SetLastError(0xdeadbeef);
    ok(!WinHttpQueryHeaders(req, WINHTTP_QUERY_CUSTOM, W("X-Empty"), NULL, &len, NOINDEX), "empty value in no buffer");
    expect_error(ERROR_INSUFFICIENT_BUFFER);
    ok(len == sizeof(WCHAR), "empty value needs %lu", (unsigned long)len);

    SetLastError(0xdeadbeef);
    ok(!WinHttpQueryHeaders(req, WINHTTP_QUERY_CUSTOM, W("X-Word"), buf, NULL, NOINDEX), "NULL length accepted");
    expect_error(ERROR_INVALID_PARAMETER);
    WinHttpCloseHandle(req);
}

static void test_formats(void)
{
    HINTERNET req = get(W("/headers?h=Date:Mon,%2020%20Nov%202000%2020:00:00%20GMT"
                          "&h=Last-Modified:Sun,%2006%20Nov%201994%2008:49:37%20GMT"
                          "&h=Expires:Thu,%2001%20Jan%202037%2000:00:01%20GMT&h=Age:30&h=Retry-After:120"
                          "&h=X-Big:5000000000&h=X-Word:hello"));
    SYSTEMTIME st;
    ULONGLONG big;
    DWORD num, len, index;
    BOOL ret;

    if (!req) return;
    memset(&st, 0, sizeof st);
    len = sizeof st;
    index = 0;
    SetLastError(0xdeadbeef);
    ret = WinHttpQueryHeaders(req, WINHTTP_QUERY_DATE | WINHTTP_QUERY_FLAG_SYSTEMTIME, BYNAME, &st, &len, &index);
    ok(ret, "Date as SYSTEMTIME failed: %lu", (unsigned long)GetLastError());
    expect_error(ERROR_SUCCESS);
    ok(len == sizeof st, "SYSTEMTIME length %lu", (unsigned long)len);
    ok(index == 1, "index %lu", (unsigned long)index);
    ok(st.wYear == 2000 && st.wMonth == 11 && st.wDay == 20 && st.wDayOfWeek == 1, "date %u-%u-%u (%u)", st.wYear,
       st.wMonth, st.wDay, st.wDayOfWeek);
    ok(st.wHour == 20 && st.wMinute == 0 && st.wSecond == 0 && st.wMilliseconds == 0, "time %u:%u:%u.%u", st.wHour,
       st.wMinute, st.wSecond, st.wMilliseconds);
    len = sizeof st;
    ok(WinHttpQueryHeaders(req, WINHTTP_QUERY_LAST_MODIFIED | WINHTTP_QUERY_FLAG_SYSTEMTIME, BYNAME, &st, &len, NOINDEX) &&
       st.wYear == 1994 && st.wMonth == 11 && st.wDay == 6 && st.wDayOfWeek == 0 && st.wHour == 8 && st.wMinute == 49 &&
       st.wSecond == 37, "Last-Modified %u-%u-%u %u:%u:%u", st.wYear, st.wMonth, st.wDay, st.wHour, st.wMinute, st.wSecond);
    len = sizeof st;
    ok(WinHttpQueryHeaders(req, WINHTTP_QUERY_EXPIRES | WINHTTP_QUERY_FLAG_SYSTEMTIME, BYNAME, &st, &len, NOINDEX) &&
       st.wYear == 2037 && st.wMonth == 1 && st.wDay == 1 && st.wSecond == 1, "Expires %u-%u-%u", st.wYear, st.wMonth, st.wDay);
    len = sizeof st - 1;
    SetLastError(0xdeadbeef);
    ok(!WinHttpQueryHeaders(req, WINHTTP_QUERY_DATE | WINHTTP_QUERY_FLAG_SYSTEMTIME, BYNAME, &st, &len, NOINDEX),
       "SYSTEMTIME in a small buffer");
    expect_error(ERROR_INSUFFICIENT_BUFFER);
    ok(len == sizeof st, "SYSTEMTIME needs %lu", (unsigned long)len);
    len = sizeof st;
    SetLastError(0xdeadbeef);
    ok(!WinHttpQueryHeaders(req, WINHTTP_QUERY_IF_RANGE | WINHTTP_QUERY_FLAG_SYSTEMTIME, BYNAME, &st, &len, NOINDEX),
       "SYSTEMTIME of an absent header");
    expect_error(ERROR_WINHTTP_HEADER_NOT_FOUND);

    num = 0;
    len = sizeof num;
    ok(WinHttpQueryHeaders(req, WINHTTP_QUERY_AGE | NUMBER, BYNAME, &num, &len, NOINDEX) && num == 30 && len == sizeof num,
       "Age %lu", (unsigned long)num);
    len = sizeof num;
    ok(WinHttpQueryHeaders(req, WINHTTP_QUERY_RETRY_AFTER | NUMBER, BYNAME, &num, &len, NOINDEX) && num == 120,
       "Retry-After %lu", (unsigned long)num);
    len = 3;
    SetLastError(0xdeadbeef);
    ok(!WinHttpQueryHeaders(req, WINHTTP_QUERY_AGE | NUMBER, BYNAME, &num, &len, NOINDEX), "number in 3 bytes");
    expect_error(ERROR_INSUFFICIENT_BUFFER);
    ok(len == sizeof(DWORD), "number needs %lu", (unsigned long)len);
    /* Not a number: 0 (headers.c pins the same for request headers). */
    num = 77;
    len = sizeof num;
    ok(WinHttpQueryHeaders(req, WINHTTP_QUERY_CUSTOM | NUMBER, W("X-Word"), &num, &len, NOINDEX) && num == 0,
       "non-number %lu", (unsigned long)num);
    num = 12345;
    len = sizeof num;
    SetLastError(0xdeadbeef);
    ok(!WinHttpQueryHeaders(req, WINHTTP_QUERY_LOCATION | NUMBER, BYNAME, &num, &len, NOINDEX), "number of an absent header");
    expect_error(ERROR_WINHTTP_HEADER_NOT_FOUND);
    ok(num == 12345, "output changed on failure: %lu", (unsigned long)num);

    big = 0;
    len = sizeof big;
    ret = WinHttpQueryHeaders(req, WINHTTP_QUERY_CUSTOM | WINHTTP_QUERY_FLAG_NUMBER64, W("X-Big"), &big, &len, NOINDEX);
    ok(ret, "NUMBER64 failed: %lu", (unsigned long)GetLastError());
    ok(big == 5000000000ull && len == sizeof big, "NUMBER64 wrong (length %lu)", (unsigned long)len);
    len = sizeof(DWORD);
    SetLastError(0xdeadbeef);
    ok(!WinHttpQueryHeaders(req, WINHTTP_QUERY_CUSTOM | WINHTTP_QUERY_FLAG_NUMBER64, W("X-Big"), &big, &len, NOINDEX),
       "NUMBER64 in 4 bytes");
    expect_error(ERROR_INSUFFICIENT_BUFFER);
    ok(len == sizeof(ULONGLONG), "NUMBER64 needs %lu", (unsigned long)len);
    big = 0;
    len = sizeof big;
    ok(WinHttpQueryHeaders(req, WINHTTP_QUERY_AGE | WINHTTP_QUERY_FLAG_NUMBER64, BYNAME, &big, &len, NOINDEX) && big == 30,
       "Age as NUMBER64");
    WinHttpCloseHandle(req);
}

static void test_errors_and_state(void)
{
    HINTERNET req, closed;
    WCHAR buf[64];
    DWORD len;

    req = WinHttpOpenRequest(con, W("GET"), W("/headers?h=X-A:1"), NULL, WINHTTP_NO_REFERER, WINHTTP_DEFAULT_ACCEPT_TYPES, 0);
    ok(WinHttpSendRequest(req, W("X-Sent: yes"), (DWORD)-1, NULL, 0, 0, 0), "send failed");
    /* Sent, not yet received: no response headers. */
    len = sizeof buf;
    SetLastError(0xdeadbeef);
    ok(!WinHttpQueryHeaders(req, WINHTTP_QUERY_STATUS_CODE, BYNAME, buf, &len, NOINDEX), "status before the response");
    expect_error(ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
    ok(WinHttpReceiveResponse(req, NULL), "receive failed");
    ok(is(req, WINHTTP_QUERY_CUSTOM, W("X-A"), 0, W("1")), "X-A");
    /* The request headers are still there, apart. */
    ok(is(req, WINHTTP_QUERY_CUSTOM | WINHTTP_QUERY_FLAG_REQUEST_HEADERS, W("X-Sent"), 0, W("yes")), "request header");
    len = sizeof buf;
    SetLastError(0xdeadbeef);
    ok(!WinHttpQueryHeaders(req, WINHTTP_QUERY_CUSTOM, W("X-Sent"), buf, &len, NOINDEX), "request header in the response");
    expect_error(ERROR_WINHTTP_HEADER_NOT_FOUND);
    len = sizeof buf;
    SetLastError(0xdeadbeef);
    ok(!WinHttpQueryHeaders(req, WINHTTP_QUERY_CUSTOM | WINHTTP_QUERY_FLAG_REQUEST_HEADERS, W("X-A"), buf, &len, NOINDEX),
       "response header in the request");
    expect_error(ERROR_WINHTTP_HEADER_NOT_FOUND);
    len = sizeof buf;
    SetLastError(0xdeadbeef);
    ok(!WinHttpQueryHeaders(req, WINHTTP_QUERY_CUSTOM, W("X-Absent"), buf, &len, NOINDEX), "absent header found");
    expect_error(ERROR_WINHTTP_HEADER_NOT_FOUND);
    len = sizeof buf;
    SetLastError(0xdeadbeef);
    ok(!WinHttpQueryHeaders(req, (WINHTTP_QUERY_MAX + 50), BYNAME, buf, &len, NOINDEX), "unknown attribute accepted");
    expect_error(ERROR_INVALID_PARAMETER);
    /* Still readable after the body is read. */
    drain(req);
    ok(is(req, WINHTTP_QUERY_CUSTOM, W("X-A"), 0, W("1")), "X-A after the body");
    ok(is(req, WINHTTP_QUERY_STATUS_CODE, BYNAME, 0, W("200")), "status after the body");

    /* Sending again: the new response replaces the old one. */
    ok(WinHttpSendRequest(req, NULL, 0, NULL, 0, 0, 0), "resend failed");
    len = sizeof buf;
    SetLastError(0xdeadbeef);
    ok(!WinHttpQueryHeaders(req, WINHTTP_QUERY_CUSTOM, W("X-A"), buf, &len, NOINDEX), "old response after a new send");
    expect_error(ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
    ok(WinHttpReceiveResponse(req, NULL), "receive failed");
    ok(is(req, WINHTTP_QUERY_CUSTOM, W("X-A"), 0, W("1")), "X-A of the new response");
    ok(!is(req, WINHTTP_QUERY_CUSTOM, W("X-A"), 1, W("1")), "X-A kept from the old response");
    WinHttpCloseHandle(req);

    len = sizeof buf;
    SetLastError(0xdeadbeef);
    ok(!WinHttpQueryHeaders(ses, WINHTTP_QUERY_STATUS_CODE, BYNAME, buf, &len, NOINDEX), "session handle accepted");
    expect_error(ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
    closed = get(W("/"));
    WinHttpCloseHandle(closed);
    len = sizeof buf;
    SetLastError(0xdeadbeef);
    ok(!WinHttpQueryHeaders(closed, WINHTTP_QUERY_STATUS_CODE, BYNAME, buf, &len, NOINDEX), "closed handle accepted");
    expect_error(ERROR_INVALID_HANDLE);
}

#ifdef WINHTTP_QUERY_FLAG_TRAILERS
static void test_trailers(void)
{
    HINTERNET req = get(W("/chunked/10?trailer=X-T:tv&trailer=X-U:uv"));

    if (!req) return;
    /* The Trailer header announces them. */
    ok(is(req, WINHTTP_QUERY_CUSTOM, W("Trailer"), 0, W("X-T, X-U")), "Trailer header");
    drain(req);
    /* Once the body is read, the trailers can be queried (WinHttpQueryHeadersEx page). */
    ok(is(req, WINHTTP_QUERY_CUSTOM | WINHTTP_QUERY_FLAG_TRAILERS, W("X-T"), 0, W("tv")), "trailer X-T");
    ok(is(req, WINHTTP_QUERY_CUSTOM | WINHTTP_QUERY_FLAG_TRAILERS, W("x-u"), 0, W("uv")), "trailer X-U");
    WinHttpCloseHandle(req);
}
#endif

#ifdef WINHTTP_QUERY_EX_ALL_HEADERS
static void test_ex(void)
{
    static const DWORD refused[] = {
        WINHTTP_QUERY_VERSION, WINHTTP_QUERY_STATUS_CODE, WINHTTP_QUERY_STATUS_TEXT, WINHTTP_QUERY_RAW_HEADERS_CRLF,
        WINHTTP_QUERY_CONTENT_LENGTH | WINHTTP_QUERY_FLAG_NUMBER, WINHTTP_QUERY_CONTENT_LENGTH | WINHTTP_QUERY_FLAG_NUMBER64,
        WINHTTP_QUERY_DATE | WINHTTP_QUERY_FLAG_SYSTEMTIME,
    };
    HINTERNET req = get(W("/headers?h=X-Ex1:one&h=X-Ex2:two&h=X-Ex1:uno"));
    union { WINHTTP_EXTENDED_HEADER align; unsigned char bytes[4096]; } buf;
    PWINHTTP_EXTENDED_HEADER out = NULL;
    WINHTTP_HEADER_NAME name;
    DWORD ret, len, n = 0, index;
    size_t i;

    if (!req) return;
    len = 0;
    ret = WinHttpQueryHeadersEx(req, WINHTTP_QUERY_EX_ALL_HEADERS, 0, 0, NULL, NULL, NULL, &len, &out, &n);
    ok(ret == ERROR_INSUFFICIENT_BUFFER, "size query: %lu", (unsigned long)ret);
    /* Same rule as for request headers (headers.c): the array, then each name and value with
     * its NUL. The status line is not a header. */
    ok(len == 4 * sizeof(WINHTTP_EXTENDED_HEADER) + (15 + 2 + 6 + 4 + 6 + 4 + 6 + 4) * sizeof(WCHAR), "size %lu",
       (unsigned long)len);
    len = sizeof buf;
    ret = WinHttpQueryHeadersEx(req, WINHTTP_QUERY_EX_ALL_HEADERS, 0, 0, NULL, NULL, &buf, &len, &out, &n);
    ok(ret == ERROR_SUCCESS, "all headers: %lu", (unsigned long)ret);
    ok(n == 4, "%lu headers", (unsigned long)n);
    if (ret == ERROR_SUCCESS && n == 4) {
        ok(out == &buf.align, "array not at the start of the buffer");
        ok(!u16cmp(out[0].pwszName, W("Content-Length")) && !u16cmp(out[0].pwszValue, W("0")), "header 0: %s",
           u16a(out[0].pwszName));
        ok(!u16cmp(out[1].pwszName, W("X-Ex1")) && !u16cmp(out[1].pwszValue, W("one")), "header 1");
        ok(!u16cmp(out[2].pwszName, W("X-Ex2")) && !u16cmp(out[2].pwszValue, W("two")), "header 2");
        ok(!u16cmp(out[3].pwszName, W("X-Ex1")) && !u16cmp(out[3].pwszValue, W("uno")), "header 3");
    }

    /* One name, instance by instance. */
    name.pwszName = W("x-ex1");
    index = 0;
    len = sizeof buf;
    ret = WinHttpQueryHeadersEx(req, WINHTTP_QUERY_CUSTOM, 0, 0, &index, &name, &buf, &len, &out, &n);
    ok(ret == ERROR_SUCCESS && n == 1 && !u16cmp(out[0].pwszValue, W("one")), "X-Ex1 instance 0: %lu", (unsigned long)ret);
    ok(index == 1, "index %lu", (unsigned long)index);
    len = sizeof buf;
    ret = WinHttpQueryHeadersEx(req, WINHTTP_QUERY_CUSTOM, 0, 0, &index, &name, &buf, &len, &out, &n);
    ok(ret == ERROR_SUCCESS && n == 1 && !u16cmp(out[0].pwszValue, W("uno")), "X-Ex1 instance 1: %lu", (unsigned long)ret);
    len = sizeof buf;
    ret = WinHttpQueryHeadersEx(req, WINHTTP_QUERY_CUSTOM, 0, 0, &index, &name, &buf, &len, &out, &n);
    ok(ret == ERROR_WINHTTP_HEADER_NOT_FOUND, "X-Ex1 instance 2: %lu", (unsigned long)ret);
    /* A known attribute. */
    len = sizeof buf;
    ret = WinHttpQueryHeadersEx(req, WINHTTP_QUERY_CONTENT_LENGTH, 0, 0, NULL, NULL, &buf, &len, &out, &n);
    ok(ret == ERROR_SUCCESS && n == 1 && !u16cmp(out[0].pwszValue, W("0")), "Content-Length: %lu", (unsigned long)ret);
    /* Wire encoding: narrow strings. */
    len = sizeof buf;
    ret = WinHttpQueryHeadersEx(req, WINHTTP_QUERY_EX_ALL_HEADERS | WINHTTP_QUERY_FLAG_WIRE_ENCODING, 0, 0, NULL, NULL, &buf,
                                &len, &out, &n);
    ok(ret == ERROR_SUCCESS && n == 4 && !strcmp(out[2].pszName, "X-Ex2") && !strcmp(out[2].pszValue, "two"),
       "wire encoding: %lu", (unsigned long)ret);
    name.pwszName = W("X-None");
    len = sizeof buf;
    ret = WinHttpQueryHeadersEx(req, WINHTTP_QUERY_CUSTOM, 0, 0, NULL, &name, &buf, &len, &out, &n);
    ok(ret == ERROR_WINHTTP_HEADER_NOT_FOUND, "absent header: %lu", (unsigned long)ret);
    /* Formats and pseudo-headers are refused (page). */
    for (i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        len = sizeof buf;
        ret = WinHttpQueryHeadersEx(req, refused[i], 0, 0, NULL, NULL, &buf, &len, &out, &n);
        ok(ret == ERROR_INVALID_PARAMETER, "level %#lx: %lu", (unsigned long)refused[i], (unsigned long)ret);
    }
    len = sizeof buf;
    ret = WinHttpQueryHeadersEx(ses, WINHTTP_QUERY_EX_ALL_HEADERS, 0, 0, NULL, NULL, &buf, &len, &out, &n);
    ok(ret == ERROR_WINHTTP_INCORRECT_HANDLE_TYPE, "session handle: %lu", (unsigned long)ret);
    WinHttpCloseHandle(req);
}
#endif

int main(void)
{
    if (test_server_start(NULL, &port)) {
        ok(0, "test server did not start");
        return test_summary();
    }
    test_open_loopback(port, &ses, &con);

    test_known_attributes();
    test_framing_headers();
    test_status_line();
    test_raw();
    test_index();
    test_sizing();
    test_formats();
    test_errors_and_state();
#ifdef WINHTTP_QUERY_FLAG_TRAILERS
    test_trailers();
#endif
#ifdef WINHTTP_QUERY_EX_ALL_HEADERS
    test_ex();
#endif

    WinHttpCloseHandle(con);
    WinHttpCloseHandle(ses);
    test_server_stop();
    return test_summary();
}
