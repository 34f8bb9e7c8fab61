/* The network functions in synchronous mode through the Wine bridge: WinHttpSendRequest,
 * WinHttpWriteData, WinHttpReceiveResponse, WinHttpQueryDataAvailable, WinHttpReadData (and
 * WinHttpReadDataEx, looked up at run time since mingw's winhttp.h lacks it) against the test
 * server: bodies framed by Content-Length, chunked and close, POST with optional data and with
 * WriteData, a big download checked byte for byte, keep-alive, callbacks in order on the
 * calling thread (and a network call nested in a callback), several threads at once, a refused
 * port, a timeout, and QueryHeaders on the response; then an asynchronous session with many
 * requests in flight (under Wine: the DLL's dispatcher thread and the Windows thread pool).
 * Built as a Windows .exe with mingw against mingw's winhttp.h and run by tests/wine/run-net.sh
 * through tools/winhttp-wine (the server's port in WINHTTP_TEST_SERVER_PORT); the same source
 * also builds natively against our header (the harness then starts the server itself). */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* clock_gettime/nanosleep in test.h under -std=c11 */
#endif
#include "test.h"
#include "harness.h"
#include <stdint.h>

#define W(s) ((const WCHAR *)u ## s)

static int port;

static double now_s(void)
{
#ifdef _WIN32
    LARGE_INTEGER f, c;
    QueryPerformanceFrequency(&f);
    QueryPerformanceCounter(&c);
    return (double)c.QuadPart / (double)f.QuadPart;
#else
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
#endif
}

static unsigned long thread_id(void)
{
#ifdef _WIN32
    return GetCurrentThreadId();
#else
    return (unsigned long)pthread_self();
#endif
}

/* WinHttpReadDataEx: declared by our header, absent from mingw's. */
typedef DWORD (WINAPI *read_data_ex_fn)(HINTERNET, LPVOID, DWORD, LPDWORD, ULONGLONG, DWORD, PVOID);
static read_data_ex_fn read_data_ex(void)
{
#ifdef _WIN32
    HMODULE m = GetModuleHandleA("winhttp.dll");
    return m ? (read_data_ex_fn)(void (*)(void))GetProcAddress(m, "WinHttpReadDataEx") : NULL;
#else
    return WinHttpReadDataEx;
#endif
}

/* The pattern byte of the server's bodies at offset i. */
static int pattern_ok(const unsigned char *p, size_t n, uint64_t offset)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != (unsigned char)('a' + (offset + i) % 26)) return 0;
    return 1;
}

struct conn { HINTERNET session, connect; };

static int open_conn(struct conn *c)
{
    c->session = WinHttpOpen(W("net-sync/1.0"), WINHTTP_ACCESS_TYPE_NO_PROXY, WINHTTP_NO_PROXY_NAME,
                             WINHTTP_NO_PROXY_BYPASS, 0);
    c->connect = c->session ? WinHttpConnect(c->session, W("127.0.0.1"), (INTERNET_PORT)port, 0) : NULL;
    return c->connect != NULL;
}

static void close_conn(struct conn *c)
{
    if (c->connect) WinHttpCloseHandle(c->connect);
    if (c->session) WinHttpCloseHandle(c->session);
}

/* Opens, sends (no body) and receives; NULL on failure (the last error tells). */
static HINTERNET get(HINTERNET connect, const WCHAR *path)
{
    HINTERNET r = WinHttpOpenRequest(connect, W("GET"), path, NULL, WINHTTP_NO_REFERER, WINHTTP_DEFAULT_ACCEPT_TYPES, 0);
    if (!r) return NULL;
    if (WinHttpSendRequest(r, WINHTTP_NO_ADDITIONAL_HEADERS, 0, WINHTTP_NO_REQUEST_DATA, 0, 0, 0) &&
        WinHttpReceiveResponse(r, NULL))
        return r;
    DWORD e = GetLastError();
    WinHttpCloseHandle(r);
    SetLastError(e);
    return NULL;
}

static DWORD status_code(HINTERNET r)
{
    DWORD code = 0, len = sizeof code;
    if (!WinHttpQueryHeaders(r, WINHTTP_QUERY_STATUS_CODE | WINHTTP_QUERY_FLAG_NUMBER, WINHTTP_HEADER_NAME_BY_INDEX,
                             &code, &len, WINHTTP_NO_HEADER_INDEX))
        return 0;
    return code;
}

/* Reads the whole body with QueryDataAvailable + ReadData, checking the pattern as it goes.
 * Returns the byte count, or -1 on a failed call; *pattern is cleared on a wrong byte. */
static long long read_all(HINTERNET r, char *buf, DWORD bufsize, int *pattern)
{
    uint64_t total = 0;
    *pattern = 1;
    for (;;) {
        DWORD avail = 0, got = 0;
        if (!WinHttpQueryDataAvailable(r, &avail)) return -1;
        if (!avail) break;
        DWORD want = avail < bufsize ? avail : bufsize;
        if (!WinHttpReadData(r, buf, want, &got)) return -1;
        if (!got) break;
        if (!pattern_ok((unsigned char *)buf, got, total)) *pattern = 0;
        total += got;
    }
    return (long long)total;
}

static void test_framings(void)
{
    struct conn c;
    ok(open_conn(&c), "open: %lu", (unsigned long)GetLastError());
    static char buf[65536];
    static const struct { const char *what; const WCHAR *path; long long n; DWORD status; } cases[] = {
        { "content-length", W("/bytes/100000"), 100000, 200 },
        { "chunked", W("/chunked/100000?size=777"), 100000, 200 },
        { "close", W("/close/100000"), 100000, 200 },
        { "empty", W("/bytes/0"), 0, 200 },
        { "204", W("/204"), 0, 204 },
        { "HTTP/1.0 close", W("/close/3000?version=1.0"), 3000, 200 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        SetLastError(0xdeadbeef);
        HINTERNET r = get(c.connect, cases[i].path);
        ok(r != NULL, "%s: send/receive failed: %lu", cases[i].what, (unsigned long)GetLastError());
        if (!r) continue;
        expect_error(ERROR_SUCCESS);
        DWORD code = status_code(r);
        ok(code == cases[i].status, "%s: status %lu", cases[i].what, (unsigned long)code);
        int pattern;
        long long n = read_all(r, buf, sizeof buf, &pattern);
        ok(n == cases[i].n, "%s: read %lld bytes, expected %lld (error %lu)", cases[i].what, n, cases[i].n,
           (unsigned long)GetLastError());
        ok(pattern, "%s: body differs from the pattern", cases[i].what);
        /* After the end, reads give 0 bytes and succeed. */
        DWORD got = 1234;
        SetLastError(0xdeadbeef);
        ok(WinHttpReadData(r, buf, sizeof buf, &got) && got == 0, "%s: read after the end: got %lu", cases[i].what,
           (unsigned long)got);
        expect_error(ERROR_SUCCESS);
        WinHttpCloseHandle(r);
    }
    close_conn(&c);
}

/* ReadData fills the buffer across chunk boundaries; ReadDataEx without FILL_BUFFER may return
 * less, with it fills too; unknown flags fail. */
static void test_read_sizes(void)
{
    struct conn c;
    ok(open_conn(&c), "open");
    char buf[3000];
    HINTERNET r = get(c.connect, W("/chunked/10000?size=100"));
    ok(r != NULL, "chunked get: %lu", (unsigned long)GetLastError());
    if (r) {
        DWORD got = 0;
        ok(WinHttpReadData(r, buf, sizeof buf, &got), "ReadData: %lu", (unsigned long)GetLastError());
        ok(got == sizeof buf, "ReadData filled %lu of %u bytes", (unsigned long)got, (unsigned)sizeof buf);
        ok(pattern_ok((unsigned char *)buf, got, 0), "ReadData: pattern");
        read_data_ex_fn ex = read_data_ex();
        ok(ex != NULL, "WinHttpReadDataEx is exported");
        if (ex) {
            DWORD got2 = 0;
            SetLastError(0xdeadbeef);
            DWORD e = ex(r, buf, sizeof buf, &got2, 0x1 /* FILL_BUFFER */, 0, NULL);
            ok(e == ERROR_SUCCESS && got2 == sizeof buf, "ReadDataEx(FILL_BUFFER): %lu, %lu bytes", (unsigned long)e,
               (unsigned long)got2);
            ok(pattern_ok((unsigned char *)buf, got2, got), "ReadDataEx: pattern");
            got += got2;
            got2 = 0;
            e = ex(r, buf, sizeof buf, &got2, 0, 0, NULL);
            ok(e == ERROR_SUCCESS && got2 > 0 && got2 <= sizeof buf, "ReadDataEx(0): %lu, %lu bytes", (unsigned long)e,
               (unsigned long)got2);
            ok(pattern_ok((unsigned char *)buf, got2, got), "ReadDataEx(0): pattern");
            SetLastError(0xdeadbeef);
            e = ex(r, buf, sizeof buf, &got2, 0x100, 0, NULL);
            ok(e == ERROR_INVALID_PARAMETER, "ReadDataEx(unknown flag): %lu", (unsigned long)e);
            expect_error(ERROR_INVALID_PARAMETER);   /* the Ex function sets the last error too */
        }
        WinHttpCloseHandle(r);
    }
    close_conn(&c);
}

static void test_post(void)
{
    struct conn c;
    ok(open_conn(&c), "open");
    char body[5000], reply[64];
    for (size_t i = 0; i < sizeof body; i++) body[i] = (char)('a' + i % 26);

    /* Optional data in WinHttpSendRequest. */
    HINTERNET r = WinHttpOpenRequest(c.connect, W("POST"), W("/upload"), NULL, NULL, NULL, 0);
    SetLastError(0xdeadbeef);
    BOOL sent = WinHttpSendRequest(r, W("Content-Type: application/octet-stream"), (DWORD)-1L, body, sizeof body,
                                   sizeof body, 0);
    ok(sent, "POST optional: send failed: %lu", (unsigned long)GetLastError());
    expect_error(ERROR_SUCCESS);
    ok(WinHttpReceiveResponse(r, NULL), "POST optional: receive failed: %lu", (unsigned long)GetLastError());
    DWORD got = 0;
    memset(reply, 0, sizeof reply);
    ok(WinHttpReadData(r, reply, sizeof reply - 1, &got), "POST optional: read");
    ok(strcmp(reply, "5000") == 0, "POST optional: server got '%s'", reply);
    WinHttpCloseHandle(r);

    /* WinHttpWriteData after a send announcing the total length, in pieces. */
    r = WinHttpOpenRequest(c.connect, W("POST"), W("/upload"), NULL, NULL, NULL, 0);
    ok(WinHttpSendRequest(r, NULL, 0, NULL, 0, sizeof body, 0), "POST write: send failed: %lu",
       (unsigned long)GetLastError());
    DWORD total = 0;
    for (size_t off = 0; off < sizeof body; off += 1000) {
        DWORD written = 0xdead;
        SetLastError(0xdeadbeef);
        ok(WinHttpWriteData(r, body + off, 1000, &written), "WriteData at %u: %lu", (unsigned)off,
           (unsigned long)GetLastError());
        expect_error(ERROR_SUCCESS);
        ok(written == 1000, "WriteData wrote %lu", (unsigned long)written);
        total += written;
    }
    ok(total == sizeof body, "wrote %lu in all", (unsigned long)total);
    ok(WinHttpReceiveResponse(r, NULL), "POST write: receive failed: %lu", (unsigned long)GetLastError());
    memset(reply, 0, sizeof reply);
    got = 0;
    ok(WinHttpReadData(r, reply, sizeof reply - 1, &got), "POST write: read");
    ok(strcmp(reply, "5000") == 0, "POST write: server got '%s'", reply);
    WinHttpCloseHandle(r);

    /* Optional data and WriteData together, checked on the wire through /echo. */
    r = WinHttpOpenRequest(c.connect, W("PUT"), W("/echo"), NULL, NULL, NULL, 0);
    ok(WinHttpSendRequest(r, NULL, 0, (void *)"head-", 5, 10, 0), "echo: send: %lu", (unsigned long)GetLastError());
    DWORD written = 0;
    ok(WinHttpWriteData(r, "tail!", 5, &written) && written == 5, "echo: write: %lu", (unsigned long)GetLastError());
    ok(WinHttpReceiveResponse(r, NULL), "echo: receive: %lu", (unsigned long)GetLastError());
    static char echo[8192];
    DWORD n = 0, len = 0;
    while (WinHttpReadData(r, echo + len, sizeof echo - 1 - len, &n) && n) len += n;
    echo[len] = 0;
    ok(strncmp(echo, "PUT /echo HTTP/1.1\r\n", 20) == 0, "echo: request line: %.30s", echo);
    ok(strstr(echo, "Content-Length: 10\r\n") != NULL, "echo: Content-Length: %s", echo);
    ok(len >= 10 && memcmp(echo + len - 14, "\r\n\r\nhead-tail!", 14) == 0, "echo: body: %s", echo);
    WinHttpCloseHandle(r);
    close_conn(&c);
}

/* A big download with 64 KiB reads, every byte checked. */
static void test_big(uint64_t size, DWORD bufsize, int report, int check)
{
    struct conn c;
    ok(open_conn(&c), "open");
    WCHAR path[64];
    char a[64];
    snprintf(a, sizeof a, "/bytes/%llu", (unsigned long long)size);
    for (size_t i = 0;; i++) { path[i] = (WCHAR)a[i]; if (!a[i]) break; }
    char *buf = malloc(bufsize);
    double t0 = now_s();
    HINTERNET r = get(c.connect, path);
    ok(r != NULL, "big: %lu", (unsigned long)GetLastError());
    uint64_t total = 0;
    int pattern = check;
    while (r) {
        DWORD got = 0;
        if (!WinHttpReadData(r, buf, bufsize, &got)) {
            ok(0, "big: read failed at %llu: %lu", (unsigned long long)total, (unsigned long)GetLastError());
            break;
        }
        if (!got) break;
        if (pattern && !pattern_ok((unsigned char *)buf, got, total)) pattern = 0;
        total += got;
    }
    double t = now_s() - t0;
    ok(total == size, "big: got %llu of %llu bytes", (unsigned long long)total, (unsigned long long)size);
    ok(pattern || !check, "big: body differs from the pattern");
    if (report)
        fprintf(stderr, "big download: %llu bytes in %.3f s (%.2f GB/s, %lu-byte reads)\n", (unsigned long long)total,
                t, total / t / 1e9, (unsigned long)bufsize);
    if (r) WinHttpCloseHandle(r);
    free(buf);
    close_conn(&c);
}

static void test_keep_alive(void)
{
    struct conn c;
    ok(open_conn(&c), "open");
    char id[2][32];
    for (int i = 0; i < 2; i++) {
        memset(id[i], 0, sizeof id[i]);
        HINTERNET r = get(c.connect, W("/keepalive-id"));
        ok(r != NULL, "keepalive %d: %lu", i, (unsigned long)GetLastError());
        DWORD got = 0, n = 0;
        while (r && WinHttpReadData(r, id[i] + got, sizeof id[i] - 1 - got, &n) && n) got += n;
        if (r) WinHttpCloseHandle(r);
    }
    ok(id[0][0] && strcmp(id[0], id[1]) == 0, "the second request reuses the connection ('%s', '%s')", id[0], id[1]);
    close_conn(&c);
}

/* ---- callbacks */

static struct { DWORD status; DWORD_PTR ctx; unsigned long tid; DWORD len; DWORD value; } seen[256];
static int nseen;
static HINTERNET nested_connect;
static int nested_done, nested_ok;

static void CALLBACK recorder(HINTERNET h, DWORD_PTR ctx, DWORD status, LPVOID info, DWORD len)
{
    (void)h;
    if (nseen < 256) {
        seen[nseen].status = status;
        seen[nseen].ctx = ctx;
        seen[nseen].tid = thread_id();
        seen[nseen].len = len;
        seen[nseen].value = (info && len == sizeof(DWORD)) ? *(DWORD *)info : 0;
        nseen++;
    }
    /* A whole synchronous request from inside a callback, once, while the outer request's
     * operation is between two steps. */
    if (status == WINHTTP_CALLBACK_STATUS_CONNECTING_TO_SERVER && nested_connect && !nested_done) {
        nested_done = 1;
        HINTERNET r = get(nested_connect, W("/chunked/5000?size=100"));
        static char buf[8192];
        int pattern = 0;
        nested_ok = r && read_all(r, buf, sizeof buf, &pattern) == 5000 && pattern;
        if (r) WinHttpCloseHandle(r);
    }
}

static int index_of(DWORD status, int from)
{
    for (int i = from; i < nseen; i++)
        if (seen[i].status == status) return i;
    return -1;
}

static void test_callbacks(void)
{
    struct conn c, other;
    ok(open_conn(&c) && open_conn(&other), "open");
    nested_connect = other.connect;
    HINTERNET r = WinHttpOpenRequest(c.connect, W("GET"), W("/bytes/3000"), NULL, NULL, NULL, 0);
    WINHTTP_STATUS_CALLBACK prev = WinHttpSetStatusCallback(r, recorder, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
    ok(prev == NULL, "no previous callback");
    nseen = 0;
    ok(WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, 0x1234), "send: %lu", (unsigned long)GetLastError());
    ok(WinHttpReceiveResponse(r, NULL), "receive: %lu", (unsigned long)GetLastError());
    static char buf[4096];
    int pattern;
    ok(read_all(r, buf, sizeof buf, &pattern) == 3000 && pattern, "read");
    WinHttpCloseHandle(r);

    static const DWORD order[] = {
        WINHTTP_CALLBACK_STATUS_RESOLVING_NAME, WINHTTP_CALLBACK_STATUS_NAME_RESOLVED,
        WINHTTP_CALLBACK_STATUS_CONNECTING_TO_SERVER, WINHTTP_CALLBACK_STATUS_CONNECTED_TO_SERVER,
        WINHTTP_CALLBACK_STATUS_SENDING_REQUEST, WINHTTP_CALLBACK_STATUS_REQUEST_SENT,
        WINHTTP_CALLBACK_STATUS_RECEIVING_RESPONSE, WINHTTP_CALLBACK_STATUS_RESPONSE_RECEIVED,
    };
    int at = 0;
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        int k = index_of(order[i], at);
        ok(k >= 0, "notification %#lx missing or out of order", (unsigned long)order[i]);
        if (k >= 0) at = k + 1;
    }
    int sent = index_of(WINHTTP_CALLBACK_STATUS_REQUEST_SENT, 0);
    ok(sent >= 0 && seen[sent].len == sizeof(DWORD) && seen[sent].value > 0, "REQUEST_SENT carries the byte count");
    int received = index_of(WINHTTP_CALLBACK_STATUS_RESPONSE_RECEIVED, 0);
    ok(received >= 0 && seen[received].len == sizeof(DWORD) && seen[received].value > 0,
       "RESPONSE_RECEIVED carries the byte count");
    ok(nseen > 0 && seen[nseen - 1].status == WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING, "HANDLE_CLOSING comes last");
    int same_thread = 1, ctx_ok = 1;
    for (int i = 0; i < nseen; i++) {
        if (seen[i].tid != thread_id()) same_thread = 0;
        if (seen[i].ctx != 0x1234) ctx_ok = 0;
    }
    ok(same_thread, "every callback runs on the calling thread");
    ok(ctx_ok, "every callback gets the context value from WinHttpSendRequest");
    ok(nested_done && nested_ok, "a synchronous request made inside a callback works");
    nested_connect = NULL;
    close_conn(&other);
    close_conn(&c);
}

/* ---- errors */

static int closing_seen;
static void CALLBACK close_in_callback(HINTERNET h, DWORD_PTR ctx, DWORD status, LPVOID info, DWORD len)
{
    (void)ctx; (void)info; (void)len;
    if (status == WINHTTP_CALLBACK_STATUS_SENDING_REQUEST) WinHttpCloseHandle(h);
    if (status == WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING) closing_seen++;
}

static void *close_later(void *h)
{
    test_sleep_ms(200);
    WinHttpCloseHandle((HINTERNET)h);
    return NULL;
}

static void test_errors(void)
{
    struct conn c;
    ok(open_conn(&c), "open");
    char buf[16];
    DWORD got;

    /* Out-of-state and bad-handle calls fail at once. */
    HINTERNET r = WinHttpOpenRequest(c.connect, W("GET"), W("/"), NULL, NULL, NULL, 0);
    SetLastError(0xdeadbeef);
    ok(!WinHttpReadData(r, buf, sizeof buf, &got), "ReadData before send fails");
    expect_error(ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
    SetLastError(0xdeadbeef);
    ok(!WinHttpReceiveResponse(r, NULL), "ReceiveResponse before send fails");
    expect_error(ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
    SetLastError(0xdeadbeef);
    ok(!WinHttpSendRequest(c.connect, NULL, 0, NULL, 0, 0, 0), "SendRequest on a connect handle fails");
    expect_error(ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
    SetLastError(0xdeadbeef);
    ok(!WinHttpQueryDataAvailable(NULL, &got), "QueryDataAvailable(NULL) fails");
    expect_error(ERROR_INVALID_HANDLE);
    WinHttpCloseHandle(r);

    /* A refused port. */
    HINTERNET refused = WinHttpConnect(c.session, W("127.0.0.1"), 1, 0);
    r = WinHttpOpenRequest(refused, W("GET"), W("/"), NULL, NULL, NULL, 0);
    SetLastError(0xdeadbeef);
    ok(!WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, 0), "send to a refused port fails");
    expect_error(ERROR_WINHTTP_CANNOT_CONNECT);
    WinHttpCloseHandle(r);
    WinHttpCloseHandle(refused);

    /* A server that never answers: the receive timeout. */
    r = WinHttpOpenRequest(c.connect, W("GET"), W("/stall"), NULL, NULL, NULL, 0);
    ok(WinHttpSetTimeouts(r, 5000, 5000, 5000, 300), "SetTimeouts");
    ok(WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, 0), "send to /stall: %lu", (unsigned long)GetLastError());
    double t0 = now_s();
    SetLastError(0xdeadbeef);
    ok(!WinHttpReceiveResponse(r, NULL), "receive from /stall fails");
    expect_error(ERROR_WINHTTP_TIMEOUT);
    double t = now_s() - t0;
    ok(t > 0.2 && t < 3.0, "the timeout took %.3f s (300 ms set)", t);
    WinHttpCloseHandle(r);

    /* Closing the handle from another thread ends a waiting call. */
    r = WinHttpOpenRequest(c.connect, W("GET"), W("/stall"), NULL, NULL, NULL, 0);
    ok(WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, 0), "send to /stall: %lu", (unsigned long)GetLastError());
    test_thread closer;
    test_thread_create(&closer, close_later, r);
    t0 = now_s();
    SetLastError(0xdeadbeef);
    ok(!WinHttpReceiveResponse(r, NULL), "receive on a handle closed meanwhile fails");
    expect_error(ERROR_WINHTTP_OPERATION_CANCELLED);
    t = now_s() - t0;
    ok(t < 3.0, "the close ended the wait after %.3f s", t);
    test_thread_join(closer);

    /* Closing the handle from the operation's own callback ends it; HANDLE_CLOSING follows. */
    r = WinHttpOpenRequest(c.connect, W("GET"), W("/"), NULL, NULL, NULL, 0);
    WinHttpSetStatusCallback(r, close_in_callback, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
    closing_seen = 0;
    SetLastError(0xdeadbeef);
    ok(!WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, 1), "send closed from its callback fails");
    expect_error(ERROR_WINHTTP_OPERATION_CANCELLED);
    ok(closing_seen == 1, "HANDLE_CLOSING delivered once (%d)", closing_seen);

    /* A body cut short by the server. */
    r = get(c.connect, W("/bad/early-close?after=10&length=100"));
    ok(r != NULL, "early-close: %lu", (unsigned long)GetLastError());
    if (r) {
        static char big[256];
        DWORD total = 0, n = 0;
        BOOL okr;
        SetLastError(0xdeadbeef);
        while ((okr = WinHttpReadData(r, big, sizeof big, &n)) && n) total += n;
        ok(!okr, "a truncated body ends in an error (read %lu bytes)", (unsigned long)total);
        expect_error(ERROR_WINHTTP_CONNECTION_ERROR);
        WinHttpCloseHandle(r);
    }
    close_conn(&c);
}

static void test_query_headers(void)
{
    struct conn c;
    ok(open_conn(&c), "open");
    HINTERNET r = get(c.connect, W("/status/201?reason=Made&h=X-Test:hello%20there&body=xyz"));
    ok(r != NULL, "get: %lu", (unsigned long)GetLastError());
    if (r) {
        ok(status_code(r) == 201, "status 201");
        WCHAR text[256];
        DWORD len = sizeof text;
        ok(WinHttpQueryHeaders(r, WINHTTP_QUERY_STATUS_TEXT, NULL, text, &len, NULL) && u16cmp(text, W("Made")) == 0,
           "status text '%s'", u16a(text));
        len = sizeof text;
        ok(WinHttpQueryHeaders(r, WINHTTP_QUERY_CUSTOM, W("X-Test"), text, &len, NULL) &&
               u16cmp(text, W("hello there")) == 0,
           "custom header '%s'", u16a(text));
        len = sizeof text;
        ok(WinHttpQueryHeaders(r, WINHTTP_QUERY_VERSION, NULL, text, &len, NULL) && u16cmp(text, W("HTTP/1.1")) == 0,
           "version '%s'", u16a(text));
        DWORD clen = 0;
        len = sizeof clen;
        ok(WinHttpQueryHeaders(r, WINHTTP_QUERY_CONTENT_LENGTH | WINHTTP_QUERY_FLAG_NUMBER, NULL, &clen, &len, NULL) &&
               clen == 3,
           "Content-Length %lu", (unsigned long)clen);
        len = 0;
        SetLastError(0xdeadbeef);
        ok(!WinHttpQueryHeaders(r, WINHTTP_QUERY_RAW_HEADERS_CRLF, NULL, NULL, &len, NULL), "raw headers: size query");
        expect_error(ERROR_INSUFFICIENT_BUFFER);
        WCHAR *raw = malloc(len + sizeof(WCHAR));
        ok(raw && WinHttpQueryHeaders(r, WINHTTP_QUERY_RAW_HEADERS_CRLF, NULL, raw, &len, NULL), "raw headers");
        ok(raw && u16ncmp(raw, W("HTTP/1.1 201 Made\r\n"), 19) == 0, "raw headers start: '%s'", u16a(raw));
        free(raw);
        char body[8] = {0};
        DWORD got = 0;
        ok(WinHttpReadData(r, body, sizeof body - 1, &got) && got == 3 && strcmp(body, "xyz") == 0, "body '%s'", body);
        WinHttpCloseHandle(r);
    }
    close_conn(&c);
}

/* Several threads at once, each with its own session. */
static void *worker(void *arg)
{
    int *result = arg;
    struct conn c;
    *result = 0;
    if (!open_conn(&c)) return NULL;
    static char bufs[4][65536];
    char *buf = bufs[result[1]];
    int good = 1;
    for (int i = 0; i < 5 && good; i++) {
        HINTERNET r = get(c.connect, i % 2 ? W("/chunked/300000?size=4000") : W("/bytes/300000"));
        int pattern = 0;
        good = r && read_all(r, buf, 65536, &pattern) == 300000 && pattern;
        if (r) WinHttpCloseHandle(r);
    }
    close_conn(&c);
    *result = good;
    return NULL;
}

static void test_threads(void)
{
    test_thread t[4];
    int results[4][2];
    for (int i = 0; i < 4; i++) {
        results[i][1] = i;
        test_thread_create(&t[i], worker, results[i]);
    }
    for (int i = 0; i < 4; i++) test_thread_join(t[i]);
    for (int i = 0; i < 4; i++) ok(results[i][0], "thread %d: its downloads worked", i);
}

/* ---- an asynchronous session under load: many requests in flight at once, each driven from
 * its callbacks (Send -> Receive -> QueryDataAvailable -> Read ... until DATA_AVAILABLE 0). Under
 * Wine this runs through winhttp.dll's dispatcher thread and the Windows thread pool. */

#define ASYNC_REQUESTS 16
#define ASYNC_SIZE 200000

struct async_req {
    HINTERNET h;
    uint64_t got;
    int pattern, done, error, on_caller;
    char buf[16384];
};
static struct async_req areqs[ASYNC_REQUESTS];
static test_event async_done;
static volatile long async_left;
static unsigned long main_tid;

static void async_finish(struct async_req *q, int error)
{
    q->error = error;
    q->done = 1;
#ifdef _WIN32
    if (InterlockedDecrement(&async_left) == 0) test_event_set(async_done);
#else
    if (__atomic_sub_fetch(&async_left, 1, __ATOMIC_SEQ_CST) == 0) test_event_set(async_done);
#endif
}

static void CALLBACK async_cb(HINTERNET h, DWORD_PTR ctx, DWORD status, LPVOID info, DWORD len)
{
    struct async_req *q = (struct async_req *)ctx;
    if (!q || q->done) return;
    if (thread_id() == main_tid) q->on_caller = 1;
    switch (status) {
    case WINHTTP_CALLBACK_STATUS_SENDREQUEST_COMPLETE:
        if (!WinHttpReceiveResponse(h, NULL)) async_finish(q, 1);
        break;
    case WINHTTP_CALLBACK_STATUS_HEADERS_AVAILABLE:
        if (!WinHttpQueryDataAvailable(h, NULL)) async_finish(q, 2);
        break;
    case WINHTTP_CALLBACK_STATUS_DATA_AVAILABLE: {
        DWORD n = *(DWORD *)info;
        if (!n) { async_finish(q, 0); break; }
        if (n > sizeof q->buf) n = sizeof q->buf;
        if (!WinHttpReadData(h, q->buf, n, NULL)) async_finish(q, 3);
        break;
    }
    case WINHTTP_CALLBACK_STATUS_READ_COMPLETE:
        if (!pattern_ok((unsigned char *)info, len, q->got)) q->pattern = 0;
        q->got += len;
        if (!len) { async_finish(q, 0); break; }
        if (!WinHttpQueryDataAvailable(h, NULL)) async_finish(q, 4);
        break;
    case WINHTTP_CALLBACK_STATUS_REQUEST_ERROR:
        async_finish(q, 10 + (int)((WINHTTP_ASYNC_RESULT *)info)->dwResult);
        break;
    }
}

static void test_async_load(void)
{
    HINTERNET session = WinHttpOpen(W("net-sync/1.0"), WINHTTP_ACCESS_TYPE_NO_PROXY, WINHTTP_NO_PROXY_NAME,
                                    WINHTTP_NO_PROXY_BYPASS, WINHTTP_FLAG_ASYNC);
    HINTERNET connect = WinHttpConnect(session, W("127.0.0.1"), (INTERNET_PORT)port, 0);
    ok(connect != NULL, "async: connect: %lu", (unsigned long)GetLastError());
    if (!connect) return;
    async_done = test_event_create();
    main_tid = thread_id();
    async_left = ASYNC_REQUESTS;
    int all_sent = 1;
    for (int i = 0; i < ASYNC_REQUESTS; i++) {
        struct async_req *q = &areqs[i];
        memset(q, 0, sizeof *q);
        q->pattern = 1;
        q->h = WinHttpOpenRequest(connect, W("GET"), i % 2 ? W("/chunked/200000?size=3000") : W("/bytes/200000"),
                                  NULL, NULL, NULL, 0);
        WinHttpSetStatusCallback(q->h, async_cb, WINHTTP_CALLBACK_FLAG_ALL_COMPLETIONS, 0);
        SetLastError(0xdeadbeef);
        if (!WinHttpSendRequest(q->h, NULL, 0, NULL, 0, 0, (DWORD_PTR)q)) all_sent = 0;
        else if (GetLastError() != ERROR_SUCCESS) all_sent = 0;
    }
    ok(all_sent, "async: every WinHttpSendRequest returns TRUE at once, last error ERROR_SUCCESS");
    ok(test_event_wait(async_done, 30000), "async: every request ends (%ld left)", (long)async_left);
    for (int i = 0; i < ASYNC_REQUESTS; i++) {
        struct async_req *q = &areqs[i];
        ok(q->done && !q->error && q->got == ASYNC_SIZE && q->pattern, "async %d: done %d, error %d, %llu bytes, pattern %d",
           i, q->done, q->error, (unsigned long long)q->got, q->pattern);
        ok(!q->on_caller, "async %d: no callback on the calling thread", i);
    }
    for (int i = 0; i < ASYNC_REQUESTS; i++) {
        WinHttpSetStatusCallback(areqs[i].h, NULL, 0, 0);
        WinHttpCloseHandle(areqs[i].h);
    }
    WinHttpCloseHandle(connect);
    WinHttpCloseHandle(session);
    test_event_destroy(async_done);
}

int main(int argc, char **argv)
{
    (void)test_server_port; (void)test_server_default_path;
    if (test_server_start(NULL, &port)) {
        printf("no test server\n");
        ok(0, "the test server is running");
        return test_summary();
    }
    /* "net-sync.exe big N [BUFSIZE [nocheck]]": only the timed download (a throughput check). */
    if (argc >= 3 && strcmp(argv[1], "big") == 0) {
        test_big(strtoull(argv[2], NULL, 10), argc >= 4 ? (DWORD)strtoul(argv[3], NULL, 10) : 65536, 1,
                 !(argc >= 5 && strcmp(argv[4], "nocheck") == 0));
        test_server_stop();
        return test_summary();
    }
    /* "net-sync.exe reqs N": only N keep-alive requests in a row, timed (requests per second). */
    if (argc >= 3 && strcmp(argv[1], "reqs") == 0) {
        struct conn c;
        ok(open_conn(&c), "open");
        long n = atol(argv[2]), good = 0;
        static char buf[4096];
        double t0 = now_s();
        for (long i = 0; i < n; i++) {
            HINTERNET r = get(c.connect, W("/bytes/100"));
            DWORD got = 0;
            if (r && WinHttpReadData(r, buf, sizeof buf, &got) && got == 100) good++;
            if (r) WinHttpCloseHandle(r);
        }
        double t = now_s() - t0;
        ok(good == n, "reqs: %ld of %ld worked", good, n);
        fprintf(stderr, "keep-alive requests: %ld in %.3f s (%.0f req/s)\n", n, t, n / t);
        close_conn(&c);
        test_server_stop();
        return test_summary();
    }
    /* "net-sync.exe async N": only the asynchronous load, N times (a stress run). */
    if (argc >= 3 && strcmp(argv[1], "async") == 0) {
        for (int i = atoi(argv[2]); i > 0 && !test_failed; i--) test_async_load();
        test_server_stop();
        return test_summary();
    }
    test_framings();
    test_read_sizes();
    test_post();
    test_keep_alive();
    test_callbacks();
    test_errors();
    test_query_headers();
    test_threads();
    test_async_load();
    test_big(64ull << 20, 65536, 1, 1);
    test_server_stop();
    return test_summary();
}
