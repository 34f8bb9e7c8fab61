/* Conformance: WinHttpSendRequest against tests/server/winhttp-test-server, synchronous mode.
 * What went on the wire is read back through /echo: the request line and header order, the
 * additional headers (NUL-terminated, explicit length, invalid ones not added), optional data,
 * dwTotalLength with the rest written by WinHttpWriteData, the Content-Length header against
 * dwTotalLength, a Content-Length over 4 GiB with WINHTTP_IGNORE_REQUEST_TOTAL_LENGTH,
 * Transfer-Encoding: chunked framed by the application, WINHTTP_FLAG_AUTOMATIC_CHUNKING, every
 * invalid combination of the page, sending a handle again, calls out of order, bad handles and
 * the network errors (refused, unresolvable, timeout). */
#include "test.h"
#include "../server/harness.h"
#include <stdint.h>

#define W(s) ((const WCHAR *)(u"" s))
#define RQ WINHTTP_QUERY_FLAG_REQUEST_HEADERS
#define BIG 65536

static int port;
static HINTERNET ses, con;
static char body[BIG];

static const char *show(const char *s) { return test_show(s, port); }


static HINTERNET open_req(const WCHAR *verb, const WCHAR *path, DWORD flags)
{
    return WinHttpOpenRequest(con, verb, path, NULL, WINHTTP_NO_REFERER, WINHTTP_DEFAULT_ACCEPT_TYPES, flags);
}

/* Reads the rest of the body into `body` (NUL-terminated); its length, or -1 on failure. */
static long read_body(HINTERNET req) { return test_read_body(req, body, sizeof body); }

static DWORD status_code(HINTERNET req)
{
    DWORD code = 0, len = sizeof code;
    if (!WinHttpQueryHeaders(req, WINHTTP_QUERY_STATUS_CODE | WINHTTP_QUERY_FLAG_NUMBER, WINHTTP_HEADER_NAME_BY_INDEX,
                             &code, &len, WINHTTP_NO_HEADER_INDEX))
        return 0;
    return code;
}

/* Receives the response and reads its body; the body length or -1. */
static long finish(HINTERNET req)
{
    if (!WinHttpReceiveResponse(req, NULL)) return -1;
    if (status_code(req) != 200) return -1;
    return read_body(req);
}

/* The head this client sends for `verb path` with `middle` (header lines) before Host. */
static const char *head(const char *verb, const char *path, const char *middle)
{
    static char buf[2048];
    snprintf(buf, sizeof buf, "%s %s HTTP/1.1\r\nConnection: Keep-Alive\r\n%sUser-Agent: conformance\r\nHost: 127.0.0.1:%d\r\n\r\n",
             verb, path, middle, port);
    return buf;
}

/* Same as head(), with `after` (header lines) after User-Agent (Content-Length goes there). */
static const char *head2(const char *verb, const char *path, const char *middle, const char *after)
{
    static char buf[2048];
    snprintf(buf, sizeof buf, "%s %s HTTP/1.1\r\nConnection: Keep-Alive\r\n%sUser-Agent: conformance\r\n%sHost: 127.0.0.1:%d\r\n\r\n",
             verb, path, middle, after, port);
    return buf;
}

static int has_request_header(HINTERNET req, const WCHAR *name)
{
    WCHAR buf[256];
    DWORD len = sizeof buf;
    return WinHttpQueryHeaders(req, WINHTTP_QUERY_CUSTOM | RQ, name, buf, &len, WINHTTP_NO_HEADER_INDEX);
}

static void test_basic(void)
{
    HINTERNET req = open_req(W("GET"), W("/echo"), 0);
    DWORD_PTR ctx = 0;
    DWORD len;
    long n;
    BOOL ret;

    ok(req != NULL, "open failed: %lu", (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ret = WinHttpSendRequest(req, WINHTTP_NO_ADDITIONAL_HEADERS, 0, WINHTTP_NO_REQUEST_DATA, 0, 0, 0xfeed);
    ok(ret, "send failed: %lu", (unsigned long)GetLastError());
    expect_error(ERROR_SUCCESS);
    /* dwContext becomes the request's context value (Wine's test_WinHttpSendRequest). */
    len = sizeof ctx;
    ok(WinHttpQueryOption(req, WINHTTP_OPTION_CONTEXT_VALUE, &ctx, &len), "context query failed");
    ok(ctx == 0xfeed, "context %lx", (unsigned long)ctx);
    SetLastError(0xdeadbeef);
    ret = WinHttpReceiveResponse(req, NULL);
    ok(ret, "receive failed: %lu", (unsigned long)GetLastError());
    expect_error(ERROR_SUCCESS);
    ok(status_code(req) == 200, "status %lu", (unsigned long)status_code(req));
    n = read_body(req);
    /* Order pinned from WinHTTP's traffic (tests/unit/test_request_head.cpp). */
    ok(n > 0 && !strcmp(body, head("GET", "/echo", "")), "GET head: %s", show(body));
    WinHttpCloseHandle(req);

    /* The default verb is GET; POST and PUT say Content-Length: 0 without data. */
    req = open_req(NULL, W("/echo"), 0);
    ok(WinHttpSendRequest(req, NULL, 0, NULL, 0, 0, 0), "send failed");
    n = finish(req);
    ok(n > 0 && !strcmp(body, head("GET", "/echo", "")), "default verb: %s", show(body));
    WinHttpCloseHandle(req);
    req = open_req(W("POST"), W("/echo"), 0);
    ok(WinHttpSendRequest(req, NULL, 0, NULL, 0, 0, 0), "send failed");
    n = finish(req);
    ok(n > 0 && !strcmp(body, head2("POST", "/echo", "", "Content-Length: 0\r\n")), "empty POST: %s", show(body));
    WinHttpCloseHandle(req);
}

static void test_wire(void)
{
    static const WCHAR *types[] = { W("text/html"), W("*/*"), NULL };
    char expect[2048];
    HINTERNET req;
    long n;

    /* Accept types, a referrer, HTTP/1.0 and WINHTTP_FLAG_REFRESH, with the order pinned in
     * tests/unit/test_request_head.cpp: general headers first, then Referer, Accept, the
     * application's headers, User-Agent, Content-Length, Host. */
    req = WinHttpOpenRequest(con, W("POST"), W("/echo?a=1"), NULL, W("http://example.com/from"),
                             (LPCWSTR *)types, WINHTTP_FLAG_REFRESH);
    ok(req != NULL, "open failed: %lu", (unsigned long)GetLastError());
    ok(WinHttpAddRequestHeaders(req, W("X-Mine: 1"), (DWORD)-1, WINHTTP_ADDREQ_FLAG_ADD), "add failed");
    ok(WinHttpSendRequest(req, NULL, 0, "ab", 2, 2, 0), "send failed: %lu", (unsigned long)GetLastError());
    n = finish(req);
    snprintf(expect, sizeof expect, "POST /echo?a=1 HTTP/1.1\r\nCache-Control: no-cache\r\nConnection: Keep-Alive\r\n"
             "Pragma: no-cache\r\nReferer: http://example.com/from\r\nAccept: text/html, */*\r\nX-Mine: 1\r\n"
             "User-Agent: conformance\r\nContent-Length: 2\r\nHost: 127.0.0.1:%d\r\n\r\nab", port);
    ok(n > 0 && !strcmp(body, expect), "request head: %s", show(body));
    WinHttpCloseHandle(req);

    /* HTTP/1.0: the version in the request line; a refresh says only Pragma: no-cache there
     * (Cache-Control is HTTP/1.1; WinINet's rule, our pinned choice). */
    req = WinHttpOpenRequest(con, W("GET"), W("/echo"), W("HTTP/1.0"), WINHTTP_NO_REFERER, WINHTTP_DEFAULT_ACCEPT_TYPES,
                             WINHTTP_FLAG_REFRESH);
    ok(WinHttpSendRequest(req, NULL, 0, NULL, 0, 0, 0), "send failed: %lu", (unsigned long)GetLastError());
    n = finish(req);
    snprintf(expect, sizeof expect, "GET /echo HTTP/1.0\r\nConnection: Keep-Alive\r\nPragma: no-cache\r\n"
             "User-Agent: conformance\r\nHost: 127.0.0.1:%d\r\n\r\n", port);
    ok(n > 0 && !strcmp(body, expect), "HTTP/1.0 head: %s", show(body));
    WinHttpCloseHandle(req);

    /* Keep-alive disabled: Connection: close. */
    req = open_req(W("GET"), W("/echo"), 0);
    {
        DWORD v = WINHTTP_DISABLE_KEEP_ALIVE;
        ok(WinHttpSetOption(req, WINHTTP_OPTION_DISABLE_FEATURE, &v, sizeof v), "disable keep-alive failed");
    }
    ok(WinHttpSendRequest(req, NULL, 0, NULL, 0, 0, 0), "send failed");
    n = finish(req);
    snprintf(expect, sizeof expect, "GET /echo HTTP/1.1\r\nConnection: close\r\nUser-Agent: conformance\r\n"
             "Host: 127.0.0.1:%d\r\n\r\n", port);
    ok(n > 0 && !strcmp(body, expect), "keep-alive disabled: %s", show(body));
    WinHttpCloseHandle(req);
}

static void test_additional_headers(void)
{
    HINTERNET req;
    long n;
    BOOL ret;

    /* -1: NUL-terminated. */
    req = open_req(W("GET"), W("/echo"), 0);
    SetLastError(0xdeadbeef);
    ret = WinHttpSendRequest(req, W("X-A: 1\r\nX-B: 2\r\n"), (DWORD)-1, NULL, 0, 0, 0);
    ok(ret, "send failed: %lu", (unsigned long)GetLastError());
    expect_error(ERROR_SUCCESS);
    n = finish(req);
    ok(n > 0 && !strcmp(body, head("GET", "/echo", "X-A: 1\r\nX-B: 2\r\n")), "headers -1: %s", show(body));
    /* They joined the request's headers. */
    ok(has_request_header(req, W("X-B")), "X-B not in the request headers");
    WinHttpCloseHandle(req);

    /* An explicit length in characters: only that much is used. */
    req = open_req(W("GET"), W("/echo"), 0);
    ret = WinHttpSendRequest(req, W("X-A: 1\r\nX-B: 2"), 6, NULL, 0, 0, 0);
    ok(ret, "send failed: %lu", (unsigned long)GetLastError());
    n = finish(req);
    ok(n > 0 && !strcmp(body, head("GET", "/echo", "X-A: 1\r\n")), "headers length 6: %s", show(body));
    ok(!has_request_header(req, W("X-B")), "X-B added beyond the length");
    WinHttpCloseHandle(req);

    /* A length of 0 with a string: taken as NUL-terminated (Wine's test_not_modified). */
    req = open_req(W("GET"), W("/echo"), 0);
    ret = WinHttpSendRequest(req, W("X-Zero: z"), 0, NULL, 0, 0, 0);
    ok(ret, "send failed: %lu", (unsigned long)GetLastError());
    n = finish(req);
    ok(n > 0 && !strcmp(body, head("GET", "/echo", "X-Zero: z\r\n")), "headers length 0: %s", show(body));
    WinHttpCloseHandle(req);

    /* Headers already on the request are replaced, not repeated, by the same name. */
    req = open_req(W("GET"), W("/echo"), 0);
    ok(WinHttpAddRequestHeaders(req, W("X-A: old\r\nX-C: c"), (DWORD)-1, WINHTTP_ADDREQ_FLAG_ADD), "add failed");
    ret = WinHttpSendRequest(req, W("X-A: new"), (DWORD)-1, NULL, 0, 0, 0);
    ok(ret, "send failed: %lu", (unsigned long)GetLastError());
    n = finish(req);
    ok(n > 0 && !strcmp(body, head("GET", "/echo", "X-A: new\r\nX-C: c\r\n")), "replaced header: %s", show(body));
    WinHttpCloseHandle(req);

    /* An invalid header: ERROR_INVALID_PARAMETER, and it is not added (page). */
    req = open_req(W("GET"), W("/echo"), 0);
    SetLastError(0xdeadbeef);
    ret = WinHttpSendRequest(req, W("Bad Name: 1"), (DWORD)-1, NULL, 0, 0, 0);
    ok(!ret, "invalid header accepted");
    expect_error(ERROR_INVALID_PARAMETER);
    ok(!has_request_header(req, W("Bad Name")), "invalid header added");
    SetLastError(0xdeadbeef);
    ret = WinHttpSendRequest(req, W("no colon here"), (DWORD)-1, NULL, 0, 0, 0);
    ok(!ret, "line without a colon accepted");
    expect_error(ERROR_INVALID_PARAMETER);
    /* The handle is still good: nothing of the failed calls went out. */
    ret = WinHttpSendRequest(req, NULL, 0, NULL, 0, 0, 0);
    ok(ret, "send after a refused header failed: %lu", (unsigned long)GetLastError());
    n = finish(req);
    ok(n > 0 && !strcmp(body, head("GET", "/echo", "")), "after invalid header: %s", show(body));
    WinHttpCloseHandle(req);
}

static void test_optional_data(void)
{
    static char data[] = "name=value&x=1";
    char expect[2048];
    HINTERNET req;
    long n;
    BOOL ret;

    req = open_req(W("POST"), W("/echo"), 0);
    SetLastError(0xdeadbeef);
    ret = WinHttpSendRequest(req, W("Content-Type: application/x-www-form-urlencoded"), (DWORD)-1, data,
                             (DWORD)strlen(data), (DWORD)strlen(data), 0);
    ok(ret, "send failed: %lu", (unsigned long)GetLastError());
    expect_error(ERROR_SUCCESS);
    n = finish(req);
    snprintf(expect, sizeof expect, "%s%s",
             head2("POST", "/echo", "Content-Type: application/x-www-form-urlencoded\r\n", "Content-Length: 14\r\n"), data);
    ok(n > 0 && !strcmp(body, expect), "optional data: %s", show(body));
    WinHttpCloseHandle(req);

    /* A buffer with a zero length is ignored (page: set to NULL). */
    req = open_req(W("GET"), W("/echo"), 0);
    ret = WinHttpSendRequest(req, NULL, 0, data, 0, 0, 0);
    ok(ret, "send with a zero-length buffer failed: %lu", (unsigned long)GetLastError());
    n = finish(req);
    ok(n > 0 && !strcmp(body, head("GET", "/echo", "")), "zero-length optional: %s", show(body));
    WinHttpCloseHandle(req);

    /* A length without a buffer, or more optional data than dwTotalLength: refused
     * (tests/unit/test_request_head.cpp pins ERROR_INVALID_PARAMETER). */
    req = open_req(W("POST"), W("/echo"), 0);
    SetLastError(0xdeadbeef);
    ok(!WinHttpSendRequest(req, NULL, 0, NULL, 3, 3, 0), "length without a buffer accepted");
    expect_error(ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    ok(!WinHttpSendRequest(req, NULL, 0, data, 3, 2, 0), "optional data beyond dwTotalLength accepted");
    expect_error(ERROR_INVALID_PARAMETER);
    WinHttpCloseHandle(req);

    /* dwTotalLength beyond the optional data: the rest comes from WinHttpWriteData. */
    req = open_req(W("PUT"), W("/echo"), 0);
    ret = WinHttpSendRequest(req, NULL, 0, data, 4, 10, 0);
    ok(ret, "send failed: %lu", (unsigned long)GetLastError());
    {
        DWORD written = 0xdeadbeef;
        SetLastError(0xdeadbeef);
        ret = WinHttpWriteData(req, data + 4, 6, &written);
        ok(ret, "write failed: %lu", (unsigned long)GetLastError());
        expect_error(ERROR_SUCCESS);
        ok(written == 6, "written %lu", (unsigned long)written);
    }
    n = finish(req);
    snprintf(expect, sizeof expect, "%s%.10s", head2("PUT", "/echo", "", "Content-Length: 10\r\n"), data);
    ok(n > 0 && !strcmp(body, expect), "optional + write: %s", show(body));
    WinHttpCloseHandle(req);

    /* Everything by WinHttpWriteData. */
    req = open_req(W("POST"), W("/upload"), 0);
    ok(WinHttpSendRequest(req, NULL, 0, NULL, 0, 5, 0), "send failed");
    {
        DWORD written = 0;
        ok(WinHttpWriteData(req, "12345", 5, &written) && written == 5, "write failed");
    }
    n = finish(req);
    ok(n == 1 && !strcmp(body, "5"), "upload count: %s", show(body));
    WinHttpCloseHandle(req);
}

static void test_content_length_header(void)
{
    HINTERNET req;
    ULONGLONG big;
    DWORD len, written;
    long n;
    BOOL ret;
    char expect[2048];

    /* Equal to dwTotalLength: sent once, as given. */
    req = open_req(W("POST"), W("/echo"), 0);
    SetLastError(0xdeadbeef);
    ret = WinHttpSendRequest(req, W("Content-Length: 3\r\n"), (DWORD)-1, "abc", 3, 3, 0);
    ok(ret, "matching Content-Length refused: %lu", (unsigned long)GetLastError());
    n = finish(req);
    snprintf(expect, sizeof expect, "%sabc", head("POST", "/echo", "Content-Length: 3\r\n"));
    ok(n > 0 && !strcmp(body, expect), "Content-Length header: %s", show(body));
    WinHttpCloseHandle(req);

    /* A value under 2^32 must equal dwTotalLength (page), even when that is
     * WINHTTP_IGNORE_REQUEST_TOTAL_LENGTH. */
    req = open_req(W("POST"), W("/echo"), 0);
    SetLastError(0xdeadbeef);
    ok(!WinHttpSendRequest(req, W("Content-Length: 5"), (DWORD)-1, NULL, 0, 6, 0), "mismatch accepted");
    expect_error(ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    ok(!WinHttpSendRequest(req, W("Content-Length: 5"), (DWORD)-1, NULL, 0, WINHTTP_IGNORE_REQUEST_TOTAL_LENGTH, 0),
       "small Content-Length with IGNORE accepted");
    expect_error(ERROR_INVALID_PARAMETER);
    WinHttpCloseHandle(req);

    /* The same through WinHttpAddRequestHeaders (page). */
    req = open_req(W("POST"), W("/echo"), 0);
    ok(WinHttpAddRequestHeaders(req, W("Content-Length: 4"), (DWORD)-1, WINHTTP_ADDREQ_FLAG_ADD), "add failed");
    SetLastError(0xdeadbeef);
    ok(!WinHttpSendRequest(req, NULL, 0, NULL, 0, 3, 0), "added Content-Length mismatch accepted");
    expect_error(ERROR_INVALID_PARAMETER);
    ret = WinHttpSendRequest(req, NULL, 0, "ab", 2, 4, 0);
    ok(ret, "added matching Content-Length refused: %lu", (unsigned long)GetLastError());
    written = 0;
    ok(WinHttpWriteData(req, "cd", 2, &written) && written == 2, "write failed");
    n = finish(req);
    snprintf(expect, sizeof expect, "%sabcd", head("POST", "/echo", "Content-Length: 4\r\n"));
    ok(n > 0 && !strcmp(body, expect), "added Content-Length: %s", show(body));
    WinHttpCloseHandle(req);

    /* Over 4 GiB: only with WINHTTP_IGNORE_REQUEST_TOTAL_LENGTH (page). The body itself cannot
     * be sent here; the head goes out and writes are accepted (/echo answers 413 and keeps
     * reading for a while). */
    req = open_req(W("PUT"), W("/echo"), 0);
    SetLastError(0xdeadbeef);
    ok(!WinHttpSendRequest(req, W("Content-Length: 68719476735\r\n"), (DWORD)-1, NULL, 0, 100, 0),
       "4 GiB+ Content-Length with a dwTotalLength accepted");
    expect_error(ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    ret = WinHttpSendRequest(req, W("Content-Length: 68719476735\r\n"), (DWORD)-1, WINHTTP_NO_REQUEST_DATA, 0,
                             WINHTTP_IGNORE_REQUEST_TOTAL_LENGTH, 0);
    ok(ret, "4 GiB+ Content-Length refused: %lu", (unsigned long)GetLastError());
    expect_error(ERROR_SUCCESS);
    big = 0;
    len = sizeof big;
    ok(WinHttpQueryHeaders(req, WINHTTP_QUERY_CONTENT_LENGTH | WINHTTP_QUERY_FLAG_NUMBER64 | RQ, WINHTTP_HEADER_NAME_BY_INDEX,
                           &big, &len, WINHTTP_NO_HEADER_INDEX), "Content-Length not in the request");
    ok(big == 68719476735ull, "Content-Length %lu%09lu", (unsigned long)(big / 1000000000u), (unsigned long)(big % 1000000000u));
    written = 0;
    SetLastError(0xdeadbeef);
    ret = WinHttpWriteData(req, "0123456789", 10, &written);
    ok(ret, "write after a 4 GiB+ send failed: %lu", (unsigned long)GetLastError());
    ok(written == 10, "written %lu", (unsigned long)written);
    WinHttpCloseHandle(req);
}

static void test_transfer_encoding(void)
{
    static const char chunks[] = "5\r\nhello\r\n7\r\n world!\r\n0\r\n\r\n";
    char expect[2048];
    HINTERNET req;
    DWORD written;
    long n;
    BOOL ret;

    /* The application writes the framing and the last chunk (page). */
    req = open_req(W("POST"), W("/echo"), 0);
    SetLastError(0xdeadbeef);
    ret = WinHttpSendRequest(req, W("Transfer-Encoding: chunked"), (DWORD)-1, WINHTTP_NO_REQUEST_DATA, 0,
                             WINHTTP_IGNORE_REQUEST_TOTAL_LENGTH, 0);
    ok(ret, "chunked send failed: %lu", (unsigned long)GetLastError());
    expect_error(ERROR_SUCCESS);
    written = 0;
    ok(WinHttpWriteData(req, chunks, 10, &written) && written == 10, "first chunk: %lu", (unsigned long)written);
    written = 0;
    ok(WinHttpWriteData(req, chunks + 10, 12, &written) && written == 12, "second chunk: %lu", (unsigned long)written);
    written = 0;
    ok(WinHttpWriteData(req, chunks + 22, 5, &written) && written == 5, "last chunk: %lu", (unsigned long)written);
    n = finish(req);
    /* Transfer-Encoding is a general header: it leads with Connection; no Content-Length. */
    snprintf(expect, sizeof expect, "POST /echo HTTP/1.1\r\nConnection: Keep-Alive\r\nTransfer-Encoding: chunked\r\n"
             "User-Agent: conformance\r\nHost: 127.0.0.1:%d\r\n\r\n%s", port, chunks);
    ok(n > 0 && !strcmp(body, expect), "chunked upload: %s", show(body));
    WinHttpCloseHandle(req);

    /* Decoded by the server: 12 bytes. */
    req = open_req(W("PUT"), W("/upload"), 0);
    ok(WinHttpAddRequestHeaders(req, W("Transfer-Encoding: chunked"), (DWORD)-1, WINHTTP_ADDREQ_FLAG_ADD), "add failed");
    ok(WinHttpSendRequest(req, NULL, 0, NULL, 0, WINHTTP_IGNORE_REQUEST_TOTAL_LENGTH, 0), "send failed");
    ok(WinHttpWriteData(req, chunks, sizeof chunks - 1, &written) && written == sizeof chunks - 1, "write failed");
    n = finish(req);
    ok(n == 2 && !strcmp(body, "12"), "decoded size: %s", show(body));

    /* Optional data, a Content-Length or a dwTotalLength beside it: ERROR_INVALID_PARAMETER. */
    SetLastError(0xdeadbeef);
    ok(!WinHttpSendRequest(req, NULL, 0, "x", 1, WINHTTP_IGNORE_REQUEST_TOTAL_LENGTH, 0), "optional data with chunked");
    expect_error(ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    ok(!WinHttpSendRequest(req, NULL, 0, "x", 1, 1, 0), "optional data and length with chunked");
    expect_error(ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    ok(!WinHttpSendRequest(req, W("Content-Length: 0"), (DWORD)-1, NULL, 0, 0, 0), "Content-Length with chunked");
    expect_error(ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    ok(!WinHttpSendRequest(req, NULL, 0, NULL, 0, 10, 0), "dwTotalLength with chunked");
    expect_error(ERROR_INVALID_PARAMETER);
    ok(!has_request_header(req, W("Content-Length")), "refused Content-Length added");
    WinHttpCloseHandle(req);
}

#ifdef WINHTTP_FLAG_AUTOMATIC_CHUNKING
static void test_automatic_chunking(void)
{
    char expect[2048];
    HINTERNET req;
    DWORD written;
    long n;
    BOOL ret;

    /* Each write is one chunk; WinHttpReceiveResponse ends the body with the last chunk. */
    req = open_req(W("POST"), W("/echo"), WINHTTP_FLAG_AUTOMATIC_CHUNKING);
    ok(req != NULL, "automatic chunking refused: %lu", (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ret = WinHttpSendRequest(req, NULL, 0, NULL, 0, WINHTTP_IGNORE_REQUEST_TOTAL_LENGTH, 0);
    ok(ret, "send failed: %lu", (unsigned long)GetLastError());
    written = 0;
    ok(WinHttpWriteData(req, "hello", 5, &written) && written == 5, "write 1: %lu", (unsigned long)written);
    written = 0;
    ok(WinHttpWriteData(req, "0123456789abcdefXY", 18, &written) && written == 18, "write 2: %lu", (unsigned long)written);
    n = finish(req);
    snprintf(expect, sizeof expect, "POST /echo HTTP/1.1\r\nConnection: Keep-Alive\r\nTransfer-Encoding: chunked\r\n"
             "User-Agent: conformance\r\nHost: 127.0.0.1:%d\r\n\r\n5\r\nhello\r\n12\r\n0123456789abcdefXY\r\n0\r\n\r\n", port);
    ok(n > 0 && !strcmp(body, expect), "automatic chunks: %s", show(body));
    WinHttpCloseHandle(req);

    /* A zero-length write ends the body itself; the server sees every byte. */
    req = open_req(W("POST"), W("/upload"), WINHTTP_FLAG_AUTOMATIC_CHUNKING);
    ok(WinHttpSendRequest(req, NULL, 0, NULL, 0, WINHTTP_IGNORE_REQUEST_TOTAL_LENGTH, 0), "send failed");
    ok(WinHttpWriteData(req, "abc", 3, &written) && written == 3, "write failed");
    ok(WinHttpWriteData(req, "", 0, &written) && written == 0, "zero-length write failed");
    n = finish(req);
    ok(n == 1 && !strcmp(body, "3"), "automatic chunking upload: %s", show(body));
    WinHttpCloseHandle(req);

    /* Optional data goes as the first chunk. */
    req = open_req(W("POST"), W("/upload"), WINHTTP_FLAG_AUTOMATIC_CHUNKING);
    ok(WinHttpSendRequest(req, NULL, 0, "abcd", 4, WINHTTP_IGNORE_REQUEST_TOTAL_LENGTH, 0), "send with data failed");
    ok(WinHttpWriteData(req, "ef", 2, &written) && written == 2, "write failed");
    n = finish(req);
    ok(n == 1 && !strcmp(body, "6"), "automatic chunking with optional data: %s", show(body));
    WinHttpCloseHandle(req);

    /* A known total length still goes as Content-Length. */
    req = open_req(W("POST"), W("/echo"), WINHTTP_FLAG_AUTOMATIC_CHUNKING);
    ok(WinHttpSendRequest(req, NULL, 0, "ab", 2, 2, 0), "send failed");
    n = finish(req);
    snprintf(expect, sizeof expect, "%sab", head2("POST", "/echo", "", "Content-Length: 2\r\n"));
    ok(n > 0 && !strcmp(body, expect), "automatic chunking with a length: %s", show(body));
    WinHttpCloseHandle(req);
}
#endif

static void test_resend(void)
{
    HINTERNET req = open_req(W("GET"), W("/"), 0);
    long n;
    BOOL ret;
    int i;

    /* The same handle again once the previous response was read (page). */
    for (i = 0; i < 3; i++) {
        SetLastError(0xdeadbeef);
        ret = WinHttpSendRequest(req, NULL, 0, NULL, 0, 0, 0);
        ok(ret, "send %d failed: %lu", i, (unsigned long)GetLastError());
        expect_error(ERROR_SUCCESS);
        n = finish(req);
        ok(n == 20 && !strcmp(body, "winhttp-test-server\n"), "response %d: %s", i, body);
    }
    WinHttpCloseHandle(req);

    /* Without reading the body first (what an application does after a 401): the new
     * response is the right one. */
    req = open_req(W("GET"), W("/bytes/5000"), 0);
    ok(WinHttpSendRequest(req, NULL, 0, NULL, 0, 0, 0), "send failed");
    ok(WinHttpReceiveResponse(req, NULL), "receive failed");
    ret = WinHttpSendRequest(req, NULL, 0, NULL, 0, 0, 0);
    ok(ret, "send with an unread body failed: %lu", (unsigned long)GetLastError());
    n = finish(req);
    ok(n == 5000 && body[0] == 'a' && body[4999] == 'a' + 4999 % 26, "resent response: %ld bytes", n);
    WinHttpCloseHandle(req);

    /* A POST with optional data sends its data again. */
    req = open_req(W("POST"), W("/upload"), 0);
    for (i = 0; i < 2; i++) {
        ok(WinHttpSendRequest(req, NULL, 0, "xyz", 3, 3, 0), "POST %d failed", i);
        n = finish(req);
        ok(n == 1 && !strcmp(body, "3"), "POST %d body: %s", i, body);
    }
    WinHttpCloseHandle(req);
}

static void test_order_and_handles(void)
{
    HINTERNET req = open_req(W("GET"), W("/"), 0), closed;
    DWORD n, written;
    char buf[16];
    BOOL ret;

    SetLastError(0xdeadbeef);
    ret = WinHttpReceiveResponse(req, NULL);
    ok(!ret, "receive before send");
    expect_error(ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
    /* Wine's test_no_content: the count is left alone. */
    n = 12345;
    SetLastError(0xdeadbeef);
    ret = WinHttpQueryDataAvailable(req, &n);
    ok(!ret, "query data before send");
    expect_error(ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
    ok(n == 12345, "count changed: %lu", (unsigned long)n);
    n = 12345;
    SetLastError(0xdeadbeef);
    ret = WinHttpReadData(req, buf, sizeof buf, &n);
    ok(!ret, "read before send");
    expect_error(ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
    written = 12345;
    SetLastError(0xdeadbeef);
    ret = WinHttpWriteData(req, "x", 1, &written);
    ok(!ret, "write before send");
    expect_error(ERROR_WINHTTP_INCORRECT_HANDLE_STATE);

    ok(WinHttpSendRequest(req, NULL, 0, NULL, 0, 0, 0), "send failed");
    ok(WinHttpReceiveResponse(req, NULL), "receive failed");
    SetLastError(0xdeadbeef);
    ret = WinHttpReceiveResponse(req, NULL);
    ok(!ret, "second receive");
    expect_error(ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
    WinHttpCloseHandle(req);

    SetLastError(0xdeadbeef);
    ok(!WinHttpSendRequest(NULL, NULL, 0, NULL, 0, 0, 0), "NULL handle");
    expect_error(ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    ok(!WinHttpSendRequest(ses, NULL, 0, NULL, 0, 0, 0), "session handle");
    expect_error(ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
    SetLastError(0xdeadbeef);
    ok(!WinHttpSendRequest(con, NULL, 0, NULL, 0, 0, 0), "connect handle");
    expect_error(ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
    closed = open_req(W("GET"), W("/"), 0);
    WinHttpCloseHandle(closed);
    SetLastError(0xdeadbeef);
    ok(!WinHttpSendRequest(closed, NULL, 0, NULL, 0, 0, 0), "closed handle");
    expect_error(ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    ok(!WinHttpReceiveResponse(ses, NULL), "receive on a session");
    expect_error(ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
    SetLastError(0xdeadbeef);
    ok(!WinHttpReceiveResponse(NULL, NULL), "receive on NULL");
    expect_error(ERROR_INVALID_HANDLE);
}

static void test_network_errors(void)
{
    HINTERNET s, c, req;
    unsigned long start;
    DWORD n;
    BOOL ret;

    s = WinHttpOpen(W("conformance"), WINHTTP_ACCESS_TYPE_NO_PROXY, WINHTTP_NO_PROXY_NAME, WINHTTP_NO_PROXY_BYPASS, 0);

    /* Nothing listens on port 1. */
    c = WinHttpConnect(s, W("127.0.0.1"), 1, 0);
    req = WinHttpOpenRequest(c, NULL, NULL, NULL, WINHTTP_NO_REFERER, WINHTTP_DEFAULT_ACCEPT_TYPES, 0);
    SetLastError(0xdeadbeef);
    ret = WinHttpSendRequest(req, NULL, 0, NULL, 0, 0, 0);
    ok(!ret, "send to a closed port succeeded");
    expect_error(ERROR_WINHTTP_CANNOT_CONNECT);
    /* Nothing was sent (Wine's test_resolve_timeout). */
    SetLastError(0xdeadbeef);
    ok(!WinHttpReceiveResponse(req, NULL), "receive after a failed send");
    expect_error(ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
    WinHttpCloseHandle(req);
    WinHttpCloseHandle(c);

    /* RFC 2606: .invalid never resolves. */
    c = WinHttpConnect(s, W("nonexistent.invalid"), 80, 0);
    req = WinHttpOpenRequest(c, NULL, NULL, NULL, WINHTTP_NO_REFERER, WINHTTP_DEFAULT_ACCEPT_TYPES, 0);
    SetLastError(0xdeadbeef);
    ret = WinHttpSendRequest(req, NULL, 0, NULL, 0, 0, 0);
    ok(!ret, "send to an unresolvable name succeeded");
    expect_error(ERROR_WINHTTP_NAME_NOT_RESOLVED);
    SetLastError(0xdeadbeef);
    ok(!WinHttpReceiveResponse(req, NULL), "receive after a failed resolve");
    expect_error(ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
    WinHttpCloseHandle(req);
    WinHttpCloseHandle(c);

    /* A server that never answers: the receive timeout ends the wait. */
    c = WinHttpConnect(s, W("127.0.0.1"), (INTERNET_PORT)port, 0);
    req = WinHttpOpenRequest(c, NULL, W("/stall"), NULL, WINHTTP_NO_REFERER, WINHTTP_DEFAULT_ACCEPT_TYPES, 0);
    ok(WinHttpSetTimeouts(req, 0, 5000, 5000, 300), "set timeouts failed");
    ok(WinHttpSendRequest(req, NULL, 0, NULL, 0, 0, 0), "send failed: %lu", (unsigned long)GetLastError());
    start = test_now_ms();
    SetLastError(0xdeadbeef);
    ret = WinHttpReceiveResponse(req, NULL);
    ok(!ret, "receive from a stalled server succeeded");
    expect_error(ERROR_WINHTTP_TIMEOUT);
    ok(test_now_ms() - start < 3000, "timeout took %lu ms", test_now_ms() - start);
    WinHttpCloseHandle(req);

    /* WINHTTP_OPTION_RECEIVE_RESPONSE_TIMEOUT bounds the wait for the head as well. */
    req = WinHttpOpenRequest(c, NULL, W("/stall"), NULL, WINHTTP_NO_REFERER, WINHTTP_DEFAULT_ACCEPT_TYPES, 0);
    n = 300;
    ok(WinHttpSetOption(req, WINHTTP_OPTION_RECEIVE_RESPONSE_TIMEOUT, &n, sizeof n), "set option failed");
    ok(WinHttpSendRequest(req, NULL, 0, NULL, 0, 0, 0), "send failed");
    start = test_now_ms();
    SetLastError(0xdeadbeef);
    ok(!WinHttpReceiveResponse(req, NULL), "receive from a stalled server succeeded");
    expect_error(ERROR_WINHTTP_TIMEOUT);
    ok(test_now_ms() - start < 3000, "response timeout took %lu ms", test_now_ms() - start);
    WinHttpCloseHandle(req);

    /* Headers that stop half-way: the same. */
    req = WinHttpOpenRequest(c, NULL, W("/stall-headers"), NULL, WINHTTP_NO_REFERER, WINHTTP_DEFAULT_ACCEPT_TYPES, 0);
    ok(WinHttpSetTimeouts(req, 0, 5000, 5000, 300), "set timeouts failed");
    ok(WinHttpSendRequest(req, NULL, 0, NULL, 0, 0, 0), "send failed");
    SetLastError(0xdeadbeef);
    ok(!WinHttpReceiveResponse(req, NULL), "receive of a stalled head succeeded");
    expect_error(ERROR_WINHTTP_TIMEOUT);
    WinHttpCloseHandle(req);

    /* A body that stalls: the read times out. */
    req = WinHttpOpenRequest(c, NULL, W("/slow/64?delay_ms=3000&chunk=8"), NULL, WINHTTP_NO_REFERER,
                             WINHTTP_DEFAULT_ACCEPT_TYPES, 0);
    ok(WinHttpSetTimeouts(req, 0, 5000, 5000, 300), "set timeouts failed");
    ok(WinHttpSendRequest(req, NULL, 0, NULL, 0, 0, 0), "send failed");
    ok(WinHttpReceiveResponse(req, NULL), "receive failed: %lu", (unsigned long)GetLastError());
    {
        char buf[64];
        DWORD total = 0;
        for (;;) {
            n = 0;
            SetLastError(0xdeadbeef);
            ret = WinHttpReadData(req, buf, sizeof buf, &n);
            if (!ret || !n) break;
            total += n;
        }
        ok(!ret, "stalled body read to the end (%lu bytes)", (unsigned long)total);
        expect_error(ERROR_WINHTTP_TIMEOUT);
    }
    WinHttpCloseHandle(req);
    WinHttpCloseHandle(c);
    WinHttpCloseHandle(s);
}

int main(void)
{
    if (test_server_start(NULL, &port)) {
        ok(0, "test server did not start");
        return test_summary();
    }
    test_open_loopback(port, &ses, &con);

    test_basic();
    test_wire();
    test_additional_headers();
    test_optional_data();
    test_content_length_header();
    test_transfer_encoding();
#ifdef WINHTTP_FLAG_AUTOMATIC_CHUNKING
    test_automatic_chunking();
#endif
    test_resend();
    test_order_and_handles();
    test_network_errors();

    WinHttpCloseHandle(con);
    WinHttpCloseHandle(ses);
    test_server_stop();
    return test_summary();
}
