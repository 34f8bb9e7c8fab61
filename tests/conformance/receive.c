/* Conformance: WinHttpReceiveResponse, WinHttpQueryDataAvailable, WinHttpReadData and
 * WinHttpReadDataEx against tests/server/winhttp-test-server, synchronous mode: interim 1xx
 * responses skipped, HTTP/1.0 and 1.1, keep-alive and close, bodies without content (204, 304,
 * HEAD), broken status lines, the response header size limit, bodies by Content-Length, chunked
 * (with trailers) and connection close, large, slow, truncated and badly chunked bodies, and
 * the status callbacks of a synchronous request: on the calling thread, in Windows' order,
 * with Windows' arguments. */
#include "test.h"
#include "../server/harness.h"
#include <stdint.h>

#define W(s) ((const WCHAR *)(u"" s))

static int port;
static HINTERNET ses, con;


/* The calling thread, to compare with the thread a callback runs on. */
#ifdef _WIN32
typedef DWORD thread_id;
static thread_id this_thread(void) { return GetCurrentThreadId(); }
static int same_thread(thread_id a, thread_id b) { return a == b; }
#else
typedef pthread_t thread_id;
static thread_id this_thread(void) { return pthread_self(); }
static int same_thread(thread_id a, thread_id b) { return pthread_equal(a, b); }
#endif

static HINTERNET open_req(const WCHAR *verb, const WCHAR *path)
{
    return WinHttpOpenRequest(con, verb, path, NULL, WINHTTP_NO_REFERER, WINHTTP_DEFAULT_ACCEPT_TYPES, 0);
}

static DWORD status_code(HINTERNET req)
{
    DWORD code = 0, len = sizeof code;
    if (!WinHttpQueryHeaders(req, WINHTTP_QUERY_STATUS_CODE | WINHTTP_QUERY_FLAG_NUMBER, WINHTTP_HEADER_NAME_BY_INDEX,
                             &code, &len, WINHTTP_NO_HEADER_INDEX))
        return 0;
    return code;
}

/* Sends `path` with `verb` and receives the response: the last error (ERROR_SUCCESS). */
static DWORD request(HINTERNET req)
{
    if (!WinHttpSendRequest(req, NULL, 0, NULL, 0, 0, 0)) return GetLastError();
    if (!WinHttpReceiveResponse(req, NULL)) return GetLastError();
    return ERROR_SUCCESS;
}

/* Byte i of the server's body pattern. */
static char pat(uint64_t i) { return (char)('a' + i % 26); }

/* Reads the body with reads of `chunk` bytes (QueryDataAvailable first when `query`):
 * ERROR_SUCCESS and the byte count in *total, or the error of the failing call. Checks the
 * pattern unless `text` receives the body (NUL-terminated, `cap` bytes at most). */
static DWORD read_all(HINTERNET req, DWORD chunk, int query, uint64_t *total, int *pattern_ok, char *text, size_t cap)
{
    static char buf[1 << 20];
    uint64_t got = 0;
    int good = 1;
    if (chunk > sizeof buf) chunk = sizeof buf;
    for (;;) {
        DWORD want = chunk, n = 0, i;
        if (query) {
            DWORD avail = 0;
            if (!WinHttpQueryDataAvailable(req, &avail)) return GetLastError();
            if (!avail) {
                /* Nothing more: the read says so too. */
                if (!WinHttpReadData(req, buf, chunk, &n)) return GetLastError();
                if (n) good = 0;
                break;
            }
            if (avail < want) want = avail;
        }
        if (!WinHttpReadData(req, buf, want, &n)) { *total = got; return GetLastError(); }
        if (!n) break;
        for (i = 0; i < n; i++) {
            if (text) { if (got + i < cap - 1) text[got + i] = buf[i]; }
            else if (buf[i] != pat(got + i)) good = 0;
        }
        got += n;
    }
    if (text) text[got < cap ? got : cap - 1] = 0;
    *total = got;
    if (pattern_ok) *pattern_ok = good;
    return ERROR_SUCCESS;
}

/* GET path: ERROR_SUCCESS when the status is `code` and the body is `len` pattern bytes. */
static int get_pattern(const WCHAR *path, DWORD code, uint64_t len, DWORD chunk, int query)
{
    HINTERNET req = open_req(W("GET"), path);
    uint64_t total = 0;
    int good = 0;
    DWORD e = request(req);
    if (!e && status_code(req) != code) e = 1;
    if (!e) e = read_all(req, chunk, query, &total, &good, NULL, 0);
    WinHttpCloseHandle(req);
    return !e && total == len && good;
}

/* The body of GET path as text, or NULL on failure. */
static const char *get_text(const WCHAR *path)
{
    static char text[4096];
    HINTERNET req = open_req(W("GET"), path);
    uint64_t total;
    DWORD e = request(req);
    if (!e) e = read_all(req, 4096, 0, &total, NULL, text, sizeof text);
    WinHttpCloseHandle(req);
    return e ? NULL : text;
}

static void test_interim(void)
{
    HINTERNET req;
    const char *t;

    /* 1xx responses are skipped (ReceiveResponse page). */
    t = get_text(W("/continue"));
    ok(t && !strcmp(t, "done\n"), "after 100: %s", t ? t : "(failed)");
    t = get_text(W("/continue?count=3&code=102"));
    ok(t && !strcmp(t, "done\n"), "after three 102: %s", t ? t : "(failed)");
    t = get_text(W("/continue?count=2&code=103"));
    ok(t && !strcmp(t, "done\n"), "after two 103: %s", t ? t : "(failed)");
    req = open_req(W("GET"), W("/continue"));
    ok(request(req) == ERROR_SUCCESS, "request failed");
    ok(status_code(req) == 200, "status %lu", (unsigned long)status_code(req));
    WinHttpCloseHandle(req);
}

static void test_versions_and_keep_alive(void)
{
    HINTERNET req;
    WCHAR buf[64];
    DWORD len;
    const char *t;
    char first[32];

    /* An HTTP/1.0 response. */
    req = open_req(W("GET"), W("/bytes/26?version=1.0"));
    ok(request(req) == ERROR_SUCCESS, "HTTP/1.0 request failed");
    len = sizeof buf;
    ok(WinHttpQueryHeaders(req, WINHTTP_QUERY_VERSION, WINHTTP_HEADER_NAME_BY_INDEX, buf, &len, WINHTTP_NO_HEADER_INDEX) &&
       !u16cmp(buf, W("HTTP/1.0")), "version %s", u16a(buf));
    WinHttpCloseHandle(req);
    ok(get_pattern(W("/bytes/26?version=1.0"), 200, 26, 4096, 0), "HTTP/1.0 Content-Length body");
    ok(get_pattern(W("/close/1000?version=1.0"), 200, 1000, 100, 0), "HTTP/1.0 close-delimited body");

    /* Keep-alive: the next request goes on the same connection. */
    t = get_text(W("/keepalive-id"));
    ok(t != NULL, "keepalive-id failed");
    snprintf(first, sizeof first, "%s", t ? t : "");
    t = get_text(W("/keepalive-id"));
    ok(t && !strcmp(t, first), "connection not reused: %s then %s", first, t ? t : "(failed)");
    /* Connection: close: it is not. */
    t = get_text(W("/keepalive-id?close=1"));
    ok(t && !strcmp(t, first), "close response not on the pooled connection: %s then %s", first, t ? t : "(failed)");
    t = get_text(W("/keepalive-id"));
    ok(t && strcmp(t, first), "closed connection reused: %s", first);
    snprintf(first, sizeof first, "%s", t ? t : "");
    /* An HTTP/1.0 response that says keep-alive keeps it; one that does not, closes it. */
    t = get_text(W("/keepalive-id?version=1.0"));
    ok(t && !strcmp(t, first), "HTTP/1.0 keep-alive: %s then %s", first, t ? t : "(failed)");
    t = get_text(W("/keepalive-id"));
    ok(t && !strcmp(t, first), "HTTP/1.0 keep-alive connection not reused: %s then %s", first, t ? t : "(failed)");
    t = get_text(W("/close-after-response"));
    ok(t && !strcmp(t, "closing\n"), "close-after-response: %s", t ? t : "(failed)");
    /* A connection the server closed without saying so is not used again (or is retried). */
    t = get_text(W("/keepalive-id"));
    ok(t && strcmp(t, first), "connection closed by the server reused");
}

static void test_no_body(void)
{
    static const WCHAR *const paths[] = { W("/204"), W("/304"), W("/status/204") };
    HINTERNET req;
    DWORD n, len, code;
    char buf[16];
    size_t i;
    BOOL ret;

    for (i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        req = open_req(W("GET"), paths[i]);
        ok(request(req) == ERROR_SUCCESS, "%s failed", u16a(paths[i]));
        /* No Content-Length (Wine's test_no_content). */
        code = 12345;
        len = sizeof code;
        SetLastError(0xdeadbeef);
        ok(!WinHttpQueryHeaders(req, WINHTTP_QUERY_CONTENT_LENGTH | WINHTTP_QUERY_FLAG_NUMBER, WINHTTP_HEADER_NAME_BY_INDEX,
                                &code, &len, WINHTTP_NO_HEADER_INDEX), "%s: Content-Length found", u16a(paths[i]));
        expect_error(ERROR_WINHTTP_HEADER_NOT_FOUND);
        ok(code == 12345, "output changed on failure: %lu", (unsigned long)code);
        n = 12345;
        SetLastError(0xdeadbeef);
        ret = WinHttpQueryDataAvailable(req, &n);
        ok(ret, "%s: query data failed: %lu", u16a(paths[i]), (unsigned long)GetLastError());
        expect_error(ERROR_SUCCESS);
        ok(n == 0, "%s: %lu bytes available", u16a(paths[i]), (unsigned long)n);
        n = 12345;
        SetLastError(0xdeadbeef);
        ret = WinHttpReadData(req, buf, sizeof buf, &n);
        ok(ret, "%s: read failed: %lu", u16a(paths[i]), (unsigned long)GetLastError());
        expect_error(ERROR_SUCCESS);
        ok(n == 0, "%s: read %lu bytes", u16a(paths[i]), (unsigned long)n);
        WinHttpCloseHandle(req);
    }

    /* HEAD: the length a GET would get, no body (Wine's test_head_request). */
    req = open_req(W("HEAD"), W("/bytes/100"));
    ok(request(req) == ERROR_SUCCESS, "HEAD failed");
    ok(status_code(req) == 200, "HEAD status %lu", (unsigned long)status_code(req));
    code = 0;
    len = sizeof code;
    ok(WinHttpQueryHeaders(req, WINHTTP_QUERY_CONTENT_LENGTH | WINHTTP_QUERY_FLAG_NUMBER, WINHTTP_HEADER_NAME_BY_INDEX,
                           &code, &len, WINHTTP_NO_HEADER_INDEX) && code == 100, "HEAD Content-Length %lu", (unsigned long)code);
    n = 12345;
    ok(WinHttpQueryDataAvailable(req, &n) && n == 0, "HEAD: %lu bytes available", (unsigned long)n);
    n = 12345;
    ok(WinHttpReadData(req, buf, sizeof buf, &n) && n == 0, "HEAD: read %lu bytes", (unsigned long)n);
    WinHttpCloseHandle(req);
    /* The connection is usable right after. */
    ok(get_pattern(W("/bytes/10"), 200, 10, 4096, 0), "request after HEAD");
}

static void test_bad_responses(void)
{
    static const struct { const WCHAR *path; DWORD error; } cases[] = {
        { W("/bad/bad-status-line"), ERROR_WINHTTP_INVALID_SERVER_RESPONSE },
        { W("/bad/no-status-code"), ERROR_WINHTTP_INVALID_SERVER_RESPONSE },
        /* Wine's test_no_headers: a body without status line. */
        { W("/bad/http09"), ERROR_WINHTTP_INVALID_SERVER_RESPONSE },
        /* Nothing at all before the close. */
        { W("/bad/raw"), ERROR_WINHTTP_INVALID_SERVER_RESPONSE },
    };
    HINTERNET req;
    size_t i;
    BOOL ret;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        req = open_req(W("GET"), cases[i].path);
        ok(WinHttpSendRequest(req, NULL, 0, NULL, 0, 0, 0), "%s: send failed", u16a(cases[i].path));
        SetLastError(0xdeadbeef);
        ret = WinHttpReceiveResponse(req, NULL);
        ok(!ret, "%s: response accepted", u16a(cases[i].path));
        expect_error(cases[i].error);
        WinHttpCloseHandle(req);
    }
    /* A reset instead of a response: ERROR_WINHTTP_CONNECTION_ERROR. */
    req = open_req(W("GET"), W("/bad/reset"));
    ok(WinHttpSendRequest(req, NULL, 0, NULL, 0, 0, 0), "send failed");
    SetLastError(0xdeadbeef);
    ok(!WinHttpReceiveResponse(req, NULL), "reset accepted as a response");
    expect_error(ERROR_WINHTTP_CONNECTION_ERROR);
    WinHttpCloseHandle(req);
    /* Bare LF line ends are read as line ends (tolerant parsing, as Wine's). */
    req = open_req(W("GET"), W("/bad/lf-only"));
    ok(request(req) == ERROR_SUCCESS, "LF-only response refused");
    {
        WCHAR buf[16];
        DWORD len = sizeof buf;
        ok(WinHttpQueryHeaders(req, WINHTTP_QUERY_CUSTOM, W("X-Test"), buf, &len, WINHTTP_NO_HEADER_INDEX) &&
           !u16cmp(buf, W("lf")), "LF-only header: %s", u16a(buf));
    }
    WinHttpCloseHandle(req);
    /* Transfer-Encoding wins over Content-Length (RFC 7230 3.3.3). */
    {
        const char *t = get_text(W("/bad/content-length-and-chunked"));
        ok(t && !strcmp(t, "ok"), "chunked beside Content-Length: %s", t ? t : "(failed)");
    }
    /* A status line without a reason phrase is fine. */
    req = open_req(W("GET"), W("/bad/bad-status-line?line=HTTP/1.1%20200"));
    ok(request(req) == ERROR_SUCCESS, "status line without a reason refused");
    ok(status_code(req) == 200, "status %lu", (unsigned long)status_code(req));
    WinHttpCloseHandle(req);
}

static void test_header_size_limit(void)
{
    HINTERNET req;
    DWORD limit;
    BOOL ret;

    /* The default limit is 64 KiB of headers (WINHTTP_OPTION_MAX_RESPONSE_HEADER_SIZE). */
    req = open_req(W("GET"), W("/bad/huge-headers"));
    ok(WinHttpSendRequest(req, NULL, 0, NULL, 0, 0, 0), "send failed");
    SetLastError(0xdeadbeef);
    ret = WinHttpReceiveResponse(req, NULL);
    ok(!ret, "64 KiB of headers accepted");
    expect_error(ERROR_WINHTTP_HEADER_SIZE_OVERFLOW);
    WinHttpCloseHandle(req);

    req = open_req(W("GET"), W("/bad/huge-headers?size=8000"));
    ok(request(req) == ERROR_SUCCESS, "8000 bytes of headers refused");
    WinHttpCloseHandle(req);

    req = open_req(W("GET"), W("/bad/huge-headers?size=4000"));
    limit = 1024;
    ok(WinHttpSetOption(req, WINHTTP_OPTION_MAX_RESPONSE_HEADER_SIZE, &limit, sizeof limit), "set limit failed");
    ok(WinHttpSendRequest(req, NULL, 0, NULL, 0, 0, 0), "send failed");
    SetLastError(0xdeadbeef);
    ret = WinHttpReceiveResponse(req, NULL);
    ok(!ret, "headers over the limit accepted");
    expect_error(ERROR_WINHTTP_HEADER_SIZE_OVERFLOW);
    WinHttpCloseHandle(req);

    /* One long line over the limit too. */
    req = open_req(W("GET"), W("/bad/huge-headers?size=3000&single=1"));
    ok(WinHttpSetOption(req, WINHTTP_OPTION_MAX_RESPONSE_HEADER_SIZE, &limit, sizeof limit), "set limit failed");
    ok(WinHttpSendRequest(req, NULL, 0, NULL, 0, 0, 0), "send failed");
    SetLastError(0xdeadbeef);
    ok(!WinHttpReceiveResponse(req, NULL), "long header line over the limit accepted");
    expect_error(ERROR_WINHTTP_HEADER_SIZE_OVERFLOW);
    WinHttpCloseHandle(req);
}

static void test_bodies(void)
{
    /* By Content-Length, chunked (with trailers and extensions) and connection close; small
     * reads, QueryDataAvailable-sized reads, large reads. */
    ok(get_pattern(W("/bytes/0"), 200, 0, 4096, 0), "empty body");
    ok(get_pattern(W("/bytes/100000"), 200, 100000, 4096, 0), "Content-Length body, 4 KiB reads");
    ok(get_pattern(W("/bytes/100000"), 200, 100000, 7, 1), "Content-Length body, small reads");
    ok(get_pattern(W("/bytes/100000"), 200, 100000, 1 << 20, 1), "Content-Length body, available reads");
    ok(get_pattern(W("/chunked/5000?size=333"), 200, 5000, 4096, 0), "chunked body");
    ok(get_pattern(W("/chunked/5000?size=333"), 200, 5000, 1, 0), "chunked body, 1-byte reads");
    ok(get_pattern(W("/chunked/70000?size=20000"), 200, 70000, 1 << 20, 1), "chunked body, large chunks");
    ok(get_pattern(W("/chunked/3000?size=100&trailer=X-T:1&trailer=X-U:2"), 200, 3000, 10, 1), "chunked body with trailers");
    ok(get_pattern(W("/chunked/3000?size=1000&ext=;a=b"), 200, 3000, 4096, 0), "chunked body with extensions");
    ok(get_pattern(W("/chunked/0"), 200, 0, 4096, 0), "empty chunked body");
    ok(get_pattern(W("/close/12345"), 200, 12345, 4096, 0), "close-delimited body");
    ok(get_pattern(W("/close/12345"), 200, 12345, 100, 1), "close-delimited body, available reads");
    ok(get_pattern(W("/close/0"), 200, 0, 4096, 0), "empty close-delimited body");
    {
        const char *t = get_text(W("/status/404?body=missing"));
        ok(t && !strcmp(t, "missing"), "404 body: %s", t ? t : "(failed)");
    }
    /* Bytes come as they are: no character conversion. */
    {
        HINTERNET req = open_req(W("GET"), W("/bad/raw?data=HTTP/1.1%20200%20OK%0D%0AContent-Length:%205%0D%0A%0D%0A%00%FF%80A%0A"));
        static const char want[5] = { 0, (char)0xff, (char)0x80, 'A', '\n' };
        char buf[16];
        DWORD n = 0;
        ok(request(req) == ERROR_SUCCESS, "raw request failed");
        ok(WinHttpReadData(req, buf, sizeof buf, &n) && n == 5 && !memcmp(buf, want, 5), "binary body: %lu bytes", (unsigned long)n);
        WinHttpCloseHandle(req);
    }
    /* Big bodies. */
    ok(get_pattern(W("/bytes/20000000"), 200, 20000000, 1 << 20, 0), "20 MB by Content-Length");
    ok(get_pattern(W("/chunked/20000000?size=65536"), 200, 20000000, 1 << 20, 0), "20 MB chunked");
    ok(get_pattern(W("/close/20000000"), 200, 20000000, 1 << 20, 0), "20 MB close-delimited");
}

static void test_read_semantics(void)
{
    static char buf[1 << 16];
    HINTERNET req;
    DWORD n, avail, avail2, e;
    unsigned long start;
    BOOL ret;

    /* A read fills the buffer until the body ends (WinHttpReadDataEx page: FILL_BUFFER is
     * WinHttpReadData's behaviour), even when the data trickles in. */
    req = open_req(W("GET"), W("/slow/200?delay_ms=20&chunk=16"));
    ok(request(req) == ERROR_SUCCESS, "slow request failed");
    n = 0;
    SetLastError(0xdeadbeef);
    ret = WinHttpReadData(req, buf, 150, &n);
    ok(ret, "read failed: %lu", (unsigned long)GetLastError());
    expect_error(ERROR_SUCCESS);
    ok(n == 150, "slow read returned %lu bytes, not a full buffer", (unsigned long)n);
    n = 0;
    ret = WinHttpReadData(req, buf + 150, 1000, &n);
    ok(ret && n == 50, "rest of the slow body: %lu", (unsigned long)n);
    n = 1;
    ok(WinHttpReadData(req, buf, 1000, &n) && n == 0, "end of the slow body: %lu", (unsigned long)n);
    WinHttpCloseHandle(req);

    /* The same for a chunked body and a large buffer on a Content-Length body. */
    req = open_req(W("GET"), W("/slow/100?delay_ms=20&chunk=10&chunked=1"));
    ok(request(req) == ERROR_SUCCESS, "slow chunked request failed");
    n = 0;
    ok(WinHttpReadData(req, buf, sizeof buf, &n) && n == 100, "slow chunked read returned %lu", (unsigned long)n);
    WinHttpCloseHandle(req);
    req = open_req(W("GET"), W("/bytes/200000"));
    ok(request(req) == ERROR_SUCCESS, "request failed");
    n = 0;
    ok(WinHttpReadData(req, buf, sizeof buf, &n) && n == sizeof buf, "large read returned %lu", (unsigned long)n);

    /* What QueryDataAvailable announced can be read at once; it is not recalculated before
     * it is all read (page). */
    avail = 0;
    SetLastError(0xdeadbeef);
    ret = WinHttpQueryDataAvailable(req, &avail);
    ok(ret, "query data failed: %lu", (unsigned long)GetLastError());
    expect_error(ERROR_SUCCESS);
    ok(avail > 1 && avail <= 200000 - sizeof buf, "available %lu", (unsigned long)avail);
    n = 0;
    ok(WinHttpReadData(req, buf, 1, &n) && n == 1, "1-byte read: %lu", (unsigned long)n);
    avail2 = 0;
    ok(WinHttpQueryDataAvailable(req, &avail2) && avail2 == avail - 1, "available %lu then %lu",
       (unsigned long)avail, (unsigned long)avail2);
    n = 0;
    ok(WinHttpReadData(req, buf, avail2, &n) && n == avail2, "read of the available bytes: %lu of %lu",
       (unsigned long)n, (unsigned long)avail2);
    WinHttpCloseHandle(req);

    /* A synchronous QueryDataAvailable waits for data. */
    req = open_req(W("GET"), W("/slow/20?delay_ms=300&chunk=10"));
    ok(request(req) == ERROR_SUCCESS, "slow request failed");
    n = 0;
    ok(WinHttpReadData(req, buf, 10, &n) && n == 10, "first piece: %lu", (unsigned long)n);
    start = test_now_ms();
    avail = 0;
    ok(WinHttpQueryDataAvailable(req, &avail) && avail == 10, "available after waiting: %lu", (unsigned long)avail);
    ok(test_now_ms() - start >= 150, "QueryDataAvailable did not wait (%lu ms)", test_now_ms() - start);
    WinHttpCloseHandle(req);

#ifdef WINHTTP_READ_DATA_EX_FLAG_FILL_BUFFER
    /* WinHttpReadDataEx returns what has come without the flag, a full buffer with it. */
    req = open_req(W("GET"), W("/slow/200?delay_ms=50&chunk=16"));
    ok(request(req) == ERROR_SUCCESS, "slow request failed");
    n = 12345;
    e = WinHttpReadDataEx(req, buf, 150, &n, 0, 0, NULL);
    ok(e == ERROR_SUCCESS, "ReadDataEx: %lu", (unsigned long)e);
    ok(n > 0 && n < 150, "ReadDataEx without FILL_BUFFER returned %lu", (unsigned long)n);
    avail = n;
    n = 12345;
    e = WinHttpReadDataEx(req, buf + avail, 200 - avail, &n, WINHTTP_READ_DATA_EX_FLAG_FILL_BUFFER, 0, NULL);
    ok(e == ERROR_SUCCESS, "ReadDataEx FILL_BUFFER: %lu", (unsigned long)e);
    ok(n == 200 - avail, "ReadDataEx FILL_BUFFER returned %lu of %lu", (unsigned long)n, (unsigned long)(200 - avail));
    n = 12345;
    e = WinHttpReadDataEx(req, buf, 100, &n, 0, 0, NULL);
    ok(e == ERROR_SUCCESS && n == 0, "ReadDataEx at the end: %lu, %lu bytes", (unsigned long)e, (unsigned long)n);
    for (n = 0; n < 200 && buf[n] == pat(n); n++) {}
    ok(n == 200, "ReadDataEx bytes wrong from %lu", (unsigned long)n);
    WinHttpCloseHandle(req);

    n = 12345;
    e = WinHttpReadDataEx(NULL, buf, 10, &n, 0, 0, NULL);
    ok(e == ERROR_INVALID_HANDLE, "ReadDataEx on NULL: %lu", (unsigned long)e);
    ok(n == 0, "ReadDataEx count not zeroed: %lu", (unsigned long)n);
    e = WinHttpReadDataEx(ses, buf, 10, &n, 0, 0, NULL);
    ok(e == ERROR_WINHTTP_INCORRECT_HANDLE_TYPE, "ReadDataEx on a session: %lu", (unsigned long)e);
    req = open_req(W("GET"), W("/"));
    e = WinHttpReadDataEx(req, buf, 10, &n, 0, 0, NULL);
    ok(e == ERROR_WINHTTP_INCORRECT_HANDLE_STATE, "ReadDataEx before a response: %lu", (unsigned long)e);
    WinHttpCloseHandle(req);
#else
    (void)e;
#endif
}

static void test_read_errors(void)
{
    HINTERNET req;
    DWORD n, e;
    uint64_t total = 0;
    int good = 0;
    char buf[16];
    BOOL ret;

    /* The count is zeroed before any checking (ReadData page). */
    n = 12345;
    SetLastError(0xdeadbeef);
    ret = WinHttpReadData(NULL, buf, sizeof buf, &n);
    ok(!ret, "read on NULL");
    expect_error(ERROR_INVALID_HANDLE);
    ok(n == 0, "count not zeroed: %lu", (unsigned long)n);
    n = 12345;
    SetLastError(0xdeadbeef);
    ret = WinHttpReadData(ses, buf, sizeof buf, &n);
    ok(!ret, "read on a session");
    expect_error(ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
    ok(n == 0, "count not zeroed: %lu", (unsigned long)n);
    SetLastError(0xdeadbeef);
    ok(!WinHttpQueryDataAvailable(NULL, &n), "query data on NULL");
    expect_error(ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    ok(!WinHttpQueryDataAvailable(con, &n), "query data on a connection");
    expect_error(ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);

    /* Sent but not received: still out of order. */
    req = open_req(W("GET"), W("/"));
    ok(WinHttpSendRequest(req, NULL, 0, NULL, 0, 0, 0), "send failed");
    n = 12345;
    SetLastError(0xdeadbeef);
    ok(!WinHttpReadData(req, buf, sizeof buf, &n), "read before the response");
    expect_error(ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
    SetLastError(0xdeadbeef);
    ok(!WinHttpQueryDataAvailable(req, &n), "query data before the response");
    expect_error(ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
    /* lpReserved must be NULL (our pinned choice: ERROR_INVALID_PARAMETER). */
    SetLastError(0xdeadbeef);
    ok(!WinHttpReceiveResponse(req, buf), "reserved pointer accepted");
    expect_error(ERROR_INVALID_PARAMETER);
    ok(WinHttpReceiveResponse(req, NULL), "receive failed");
    WinHttpCloseHandle(req);

    /* The body ends early: ERROR_WINHTTP_CONNECTION_ERROR, after at most the bytes that came. */
    req = open_req(W("GET"), W("/bad/early-close?after=10&length=110"));
    ok(request(req) == ERROR_SUCCESS, "early-close request failed");
    e = read_all(req, 4096, 0, &total, &good, NULL, 0);
    ok(e == ERROR_WINHTTP_CONNECTION_ERROR, "truncated body: %lu after %lu bytes", (unsigned long)e, (unsigned long)total);
    ok(total <= 10, "read %lu bytes of 10", (unsigned long)total);
    WinHttpCloseHandle(req);
    req = open_req(W("GET"), W("/bad/early-close?after=0&length=50"));
    ok(request(req) == ERROR_SUCCESS, "early-close request failed");
    e = read_all(req, 4096, 1, &total, &good, NULL, 0);
    ok(e == ERROR_WINHTTP_CONNECTION_ERROR, "empty truncated body (query): %lu", (unsigned long)e);
    WinHttpCloseHandle(req);
    /* A reset inside the body: the same error. */
    req = open_req(W("GET"), W("/bad/reset?after=10"));
    ok(request(req) == ERROR_SUCCESS, "reset request failed");
    e = read_all(req, 4096, 0, &total, &good, NULL, 0);
    ok(e == ERROR_WINHTTP_CONNECTION_ERROR, "reset body: %lu after %lu bytes", (unsigned long)e, (unsigned long)total);
    ok(total <= 10, "read %lu bytes of 10", (unsigned long)total);
    WinHttpCloseHandle(req);
    /* A chunked body cut inside a chunk. */
    req = open_req(W("GET"), W("/bad/raw?data=HTTP/1.1%20200%20OK%0D%0ATransfer-Encoding:%20chunked%0D%0A%0D%0A5%0D%0Aab"));
    ok(request(req) == ERROR_SUCCESS, "truncated chunked request failed");
    e = read_all(req, 4096, 0, &total, &good, NULL, 0);
    ok(e == ERROR_WINHTTP_CONNECTION_ERROR, "truncated chunked body: %lu", (unsigned long)e);
    WinHttpCloseHandle(req);

    /* A chunk size that is no hex number: the response cannot be parsed (our pinned choice). */
    req = open_req(W("GET"), W("/bad/bad-chunk-size"));
    e = request(req);
    if (!e) e = read_all(req, 4096, 0, &total, &good, NULL, 0);
    ok(e == ERROR_WINHTTP_INVALID_SERVER_RESPONSE, "bad chunk size: %lu", (unsigned long)e);
    WinHttpCloseHandle(req);
    /* A chunk size over 64 bits: no wrap-around to a small size. */
    req = open_req(W("GET"), W("/bad/overflow-chunk-size"));
    e = request(req);
    if (!e) e = read_all(req, 4096, 0, &total, &good, NULL, 0);
#ifdef ERROR_WINHTTP_CHUNKED_ENCODING_HEADER_SIZE_OVERFLOW
    /* ReceiveResponse page: the error for an overflow while parsing chunked encoding. */
    ok(e == ERROR_WINHTTP_CHUNKED_ENCODING_HEADER_SIZE_OVERFLOW, "overflowing chunk size: %lu", (unsigned long)e);
#else
    ok(e != ERROR_SUCCESS, "overflowing chunk size accepted");
#endif
    WinHttpCloseHandle(req);
}

/* ---- status callbacks of a synchronous request ---- */

struct note {
    HINTERNET h;
    DWORD_PTR ctx;
    DWORD status;
    DWORD len;
    int null_info;
    WCHAR text[64];
    DWORD number;
    HINTERNET handle;
    int on_caller;
};
static struct note notes[64];
static volatile int nnotes;
static thread_id caller;

static void CALLBACK callback(HINTERNET h, DWORD_PTR ctx, DWORD status, LPVOID info, DWORD len)
{
    struct note *n;
    if (nnotes >= 64) return;
    n = &notes[nnotes];
    memset(n, 0, sizeof *n);
    n->h = h;
    n->ctx = ctx;
    n->status = status;
    n->len = len;
    n->null_info = info == NULL;
    n->on_caller = same_thread(this_thread(), caller);
    switch (status) {
    case WINHTTP_CALLBACK_STATUS_RESOLVING_NAME:
    case WINHTTP_CALLBACK_STATUS_NAME_RESOLVED:
    case WINHTTP_CALLBACK_STATUS_CONNECTING_TO_SERVER:
    case WINHTTP_CALLBACK_STATUS_CONNECTED_TO_SERVER:
        if (info) {
            size_t i;
            for (i = 0; i < 63 && ((const WCHAR *)info)[i]; i++) n->text[i] = ((const WCHAR *)info)[i];
        }
        break;
    case WINHTTP_CALLBACK_STATUS_REQUEST_SENT:
    case WINHTTP_CALLBACK_STATUS_RESPONSE_RECEIVED:
    case WINHTTP_CALLBACK_STATUS_INTERMEDIATE_RESPONSE:
        if (info && len == sizeof(DWORD)) memcpy(&n->number, info, sizeof(DWORD));
        break;
    case WINHTTP_CALLBACK_STATUS_HANDLE_CREATED:
    case WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING:
        if (info && len == sizeof(HINTERNET)) memcpy(&n->handle, info, sizeof(HINTERNET));
        break;
    }
    nnotes++;
}

static int wait_for(DWORD status)
{
    int waited, i;
    for (waited = 0; waited < 2000; waited += 10) {
        for (i = 0; i < nnotes; i++)
            if (notes[i].status == status) return 1;
        test_sleep_ms(10);
    }
    return 0;
}

static int count_of(DWORD status)
{
    int i, c = 0;
    for (i = 0; i < nnotes; i++) c += notes[i].status == status;
    return c;
}

/* Checks the notifications against `want`; `what` names the case. */
static void check_sequence(const char *what, const DWORD *want, int nwant)
{
    int i;
    ok(nnotes == nwant, "%s: %d notifications, expected %d", what, nnotes, nwant);
    for (i = 0; i < nnotes && i < nwant; i++)
        ok(notes[i].status == want[i], "%s: notification %d is %#lx, expected %#lx", what, i,
           (unsigned long)notes[i].status, (unsigned long)want[i]);
}

static void test_callbacks(void)
{
    static const DWORD fresh[] = {
        WINHTTP_CALLBACK_STATUS_RESOLVING_NAME, WINHTTP_CALLBACK_STATUS_NAME_RESOLVED,
        WINHTTP_CALLBACK_STATUS_CONNECTING_TO_SERVER, WINHTTP_CALLBACK_STATUS_CONNECTED_TO_SERVER,
        WINHTTP_CALLBACK_STATUS_SENDING_REQUEST, WINHTTP_CALLBACK_STATUS_REQUEST_SENT,
        WINHTTP_CALLBACK_STATUS_RECEIVING_RESPONSE, WINHTTP_CALLBACK_STATUS_RESPONSE_RECEIVED,
        WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING,
    };
    static const DWORD reused[] = {
        WINHTTP_CALLBACK_STATUS_SENDING_REQUEST, WINHTTP_CALLBACK_STATUS_REQUEST_SENT,
        WINHTTP_CALLBACK_STATUS_RECEIVING_RESPONSE, WINHTTP_CALLBACK_STATUS_RESPONSE_RECEIVED,
        WINHTTP_CALLBACK_STATUS_CLOSING_CONNECTION, WINHTTP_CALLBACK_STATUS_CONNECTION_CLOSED,
        WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING,
    };
    static char text[4096];
    HINTERNET s, c, req;
    WINHTTP_STATUS_CALLBACK prev;
    DWORD_PTR ctx = 0x1234;
    uint64_t total = 0;
    DWORD e, head_len;
    int i;
    char digits[32];

    caller = this_thread();
    s = WinHttpOpen(W("conformance"), WINHTTP_ACCESS_TYPE_NO_PROXY, WINHTTP_NO_PROXY_NAME, WINHTTP_NO_PROXY_BYPASS, 0);
    prev = WinHttpSetStatusCallback(s, callback, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
    ok(prev == NULL, "a previous callback was set");
    c = WinHttpConnect(s, W("127.0.0.1"), (INTERNET_PORT)port, 0);

    /* A fresh connection: resolve, connect, send, receive; the body ends on a connection
     * that stays open. */
    req = WinHttpOpenRequest(c, W("GET"), W("/echo"), NULL, WINHTTP_NO_REFERER, WINHTTP_DEFAULT_ACCEPT_TYPES, 0);
    ok(WinHttpSetOption(req, WINHTTP_OPTION_CONTEXT_VALUE, &ctx, sizeof ctx), "context failed");
    nnotes = 0;
    e = request(req);
    ok(e == ERROR_SUCCESS, "request failed: %lu", (unsigned long)e);
    e = read_all(req, 4096, 0, &total, NULL, text, sizeof text);
    ok(e == ERROR_SUCCESS, "read failed: %lu", (unsigned long)e);
    WinHttpCloseHandle(req);
    ok(wait_for(WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING), "no HANDLE_CLOSING");
    check_sequence("fresh connection", fresh, (int)(sizeof fresh / sizeof fresh[0]));
    for (i = 0; i < nnotes; i++) {
        struct note *n = &notes[i];
        ok(n->h == req, "notification %d for another handle", i);
        ok(n->ctx == 0x1234, "notification %d context %lx", i, (unsigned long)n->ctx);
        if (n->status != WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING)
            ok(n->on_caller, "notification %#lx not on the calling thread", (unsigned long)n->status);
        switch (n->status) {
        case WINHTTP_CALLBACK_STATUS_RESOLVING_NAME:
        case WINHTTP_CALLBACK_STATUS_NAME_RESOLVED:
        case WINHTTP_CALLBACK_STATUS_CONNECTING_TO_SERVER:
        case WINHTTP_CALLBACK_STATUS_CONNECTED_TO_SERVER:
            /* The name, then the address, as strings; the length in characters with the NUL
             * (Wine's send_callback arguments). */
            ok(!u16cmp(n->text, W("127.0.0.1")), "%#lx: %s", (unsigned long)n->status, u16a(n->text));
            ok(n->len == 10, "%#lx: length %lu", (unsigned long)n->status, (unsigned long)n->len);
            break;
        case WINHTTP_CALLBACK_STATUS_SENDING_REQUEST:
        case WINHTTP_CALLBACK_STATUS_RECEIVING_RESPONSE:
            ok(n->null_info && n->len == 0, "%#lx: info %d len %lu", (unsigned long)n->status, !n->null_info,
               (unsigned long)n->len);
            break;
        case WINHTTP_CALLBACK_STATUS_REQUEST_SENT:
            /* The bytes sent: the head /echo sends back. */
            ok(n->len == sizeof(DWORD), "REQUEST_SENT length %lu", (unsigned long)n->len);
            ok(n->number == (DWORD)total, "REQUEST_SENT %lu, request was %lu bytes", (unsigned long)n->number,
               (unsigned long)total);
            break;
        case WINHTTP_CALLBACK_STATUS_RESPONSE_RECEIVED:
            /* The bytes of the response head. */
            snprintf(digits, sizeof digits, "%lu", (unsigned long)total);
            head_len = (DWORD)(strlen("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: \r\n\r\n") +
                               strlen(digits));
            ok(n->len == sizeof(DWORD), "RESPONSE_RECEIVED length %lu", (unsigned long)n->len);
            ok(n->number == head_len, "RESPONSE_RECEIVED %lu, head was %lu bytes", (unsigned long)n->number,
               (unsigned long)head_len);
            break;
        case WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING:
            ok(n->len == sizeof(HINTERNET) && n->handle == req, "HANDLE_CLOSING payload");
            break;
        }
    }

    /* The same connection again: no resolving or connecting; the response closes it. */
    req = WinHttpOpenRequest(c, W("GET"), W("/echo?close=1"), NULL, WINHTTP_NO_REFERER, WINHTTP_DEFAULT_ACCEPT_TYPES, 0);
    /* HANDLE_CLOSING comes only for a handle with a context value (WinHttpCloseHandle page). */
    ok(WinHttpSetOption(req, WINHTTP_OPTION_CONTEXT_VALUE, &ctx, sizeof ctx), "context failed");
    nnotes = 0;
    e = request(req);
    ok(e == ERROR_SUCCESS, "request failed: %lu", (unsigned long)e);
    e = read_all(req, 4096, 0, &total, NULL, text, sizeof text);
    ok(e == ERROR_SUCCESS, "read failed: %lu", (unsigned long)e);
    WinHttpCloseHandle(req);
    ok(wait_for(WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING), "no HANDLE_CLOSING");
    check_sequence("reused connection", reused, (int)(sizeof reused / sizeof reused[0]));
    for (i = 0; i < nnotes; i++) {
        struct note *n = &notes[i];
        if (n->status == WINHTTP_CALLBACK_STATUS_CLOSING_CONNECTION || n->status == WINHTTP_CALLBACK_STATUS_CONNECTION_CLOSED)
            ok(n->null_info && n->len == 0, "%#lx: info %d len %lu", (unsigned long)n->status, !n->null_info,
               (unsigned long)n->len);
        if (n->status != WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING)
            ok(n->on_caller, "notification %#lx not on the calling thread", (unsigned long)n->status);
    }

    /* No completion notifications in synchronous mode (WinHttpSendRequest page); an interim
     * response is announced with its status code. */
    req = WinHttpOpenRequest(c, W("GET"), W("/continue"), NULL, WINHTTP_NO_REFERER, WINHTTP_DEFAULT_ACCEPT_TYPES, 0);
    nnotes = 0;
    e = request(req);
    ok(e == ERROR_SUCCESS, "request failed: %lu", (unsigned long)e);
    e = read_all(req, 4096, 1, &total, NULL, text, sizeof text);
    ok(e == ERROR_SUCCESS && !strcmp(text, "done\n"), "body %s", text);
    ok(count_of(WINHTTP_CALLBACK_STATUS_INTERMEDIATE_RESPONSE) == 1, "%d INTERMEDIATE_RESPONSE notifications",
       count_of(WINHTTP_CALLBACK_STATUS_INTERMEDIATE_RESPONSE));
    for (i = 0; i < nnotes; i++)
        if (notes[i].status == WINHTTP_CALLBACK_STATUS_INTERMEDIATE_RESPONSE)
            ok(notes[i].len == sizeof(DWORD) && notes[i].number == 100, "INTERMEDIATE_RESPONSE %lu (length %lu)",
               (unsigned long)notes[i].number, (unsigned long)notes[i].len);
    ok(count_of(WINHTTP_CALLBACK_STATUS_SENDREQUEST_COMPLETE) == 0, "SENDREQUEST_COMPLETE in synchronous mode");
    ok(count_of(WINHTTP_CALLBACK_STATUS_HEADERS_AVAILABLE) == 0, "HEADERS_AVAILABLE in synchronous mode");
    ok(count_of(WINHTTP_CALLBACK_STATUS_DATA_AVAILABLE) == 0, "DATA_AVAILABLE in synchronous mode");
    ok(count_of(WINHTTP_CALLBACK_STATUS_READ_COMPLETE) == 0, "READ_COMPLETE in synchronous mode");
    ok(count_of(WINHTTP_CALLBACK_STATUS_REQUEST_ERROR) == 0, "REQUEST_ERROR in synchronous mode");
    WinHttpCloseHandle(req);

    /* A failed send: no REQUEST_ERROR in synchronous mode either. */
    req = WinHttpOpenRequest(c, W("GET"), W("/bad/http09"), NULL, WINHTTP_NO_REFERER, WINHTTP_DEFAULT_ACCEPT_TYPES, 0);
    nnotes = 0;
    e = request(req);
    ok(e == ERROR_WINHTTP_INVALID_SERVER_RESPONSE, "http09: %lu", (unsigned long)e);
    ok(count_of(WINHTTP_CALLBACK_STATUS_REQUEST_ERROR) == 0, "REQUEST_ERROR in synchronous mode");
    WinHttpCloseHandle(req);

    WinHttpSetStatusCallback(s, NULL, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
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

    test_interim();
    test_versions_and_keep_alive();
    test_no_body();
    test_bad_responses();
    test_header_size_limit();
    test_bodies();
    test_read_semantics();
    test_read_errors();
    test_callbacks();

    WinHttpCloseHandle(con);
    WinHttpCloseHandle(ses);
    test_server_stop();
    return test_summary();
}
