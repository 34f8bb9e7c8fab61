/* Conformance: WinHttpWriteData against tests/server/winhttp-test-server, synchronous mode,
 * the page sentence by sentence: only after WinHttpSendRequest, the byte count (zeroed first,
 * the bytes written on success), the declared length, WinHttpReceiveResponse ending the
 * upload, WinHttpCloseHandle aborting it, the handle checks, a server that goes away, and no
 * completion notification in synchronous mode. */
#include "test.h"
#include "../server/harness.h"
#include <stdint.h>

#define W(s) ((const WCHAR *)(u"" s))
#define BIG 65536

static int port;
static HINTERNET ses, con;
static char body[BIG];

static const char *show(const char *s) { return test_show(s, port); }

static HINTERNET open_req(const WCHAR *verb, const WCHAR *path)
{
    return WinHttpOpenRequest(con, verb, path, NULL, WINHTTP_NO_REFERER, WINHTTP_DEFAULT_ACCEPT_TYPES, 0);
}

static long read_body(HINTERNET req) { return test_read_body(req, body, sizeof body); }

static long finish(HINTERNET req)
{
    if (!WinHttpReceiveResponse(req, NULL)) return -1;
    return read_body(req);
}

/* Sync-mode notifications seen, by status bit. */
static DWORD seen_status;
static int write_completes;
static void CALLBACK callback(HINTERNET h, DWORD_PTR ctx, DWORD status, LPVOID info, DWORD len)
{
    (void)h; (void)ctx; (void)info; (void)len;
    seen_status |= status;
    if (status == WINHTTP_CALLBACK_STATUS_WRITE_COMPLETE) write_completes++;
}

static void test_handles(void)
{
    HINTERNET req;
    DWORD written;
    BOOL ret;

    /* The count is zeroed before any checking (page). */
    written = 0xdeadbeef;
    SetLastError(0xdeadbeef);
    ret = WinHttpWriteData(NULL, "x", 1, &written);
    ok(!ret, "NULL handle accepted");
    expect_error(ERROR_INVALID_HANDLE);
    ok(written == 0, "count not zeroed: %lu", (unsigned long)written);

    written = 0xdeadbeef;
    SetLastError(0xdeadbeef);
    ret = WinHttpWriteData(ses, "x", 1, &written);
    ok(!ret, "session handle accepted");
    expect_error(ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
    ok(written == 0, "count not zeroed: %lu", (unsigned long)written);

    SetLastError(0xdeadbeef);
    ok(!WinHttpWriteData(con, "x", 1, &written), "connect handle accepted");
    expect_error(ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);

    req = open_req(W("POST"), W("/upload"));
    WinHttpCloseHandle(req);
    SetLastError(0xdeadbeef);
    ok(!WinHttpWriteData(req, "x", 1, &written), "closed handle accepted");
    expect_error(ERROR_INVALID_HANDLE);

    /* Only once WinHttpSendRequest has completed (page). */
    req = open_req(W("POST"), W("/upload"));
    written = 0xdeadbeef;
    SetLastError(0xdeadbeef);
    ret = WinHttpWriteData(req, "x", 1, &written);
    ok(!ret, "write before send accepted");
    expect_error(ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
    ok(written == 0, "count not zeroed: %lu", (unsigned long)written);
    WinHttpCloseHandle(req);
}

static void test_counts(void)
{
    static char data[5 << 20];
    HINTERNET req;
    DWORD written, i;
    long n;
    BOOL ret;

    req = open_req(W("POST"), W("/upload"));
    ok(WinHttpSendRequest(req, NULL, 0, NULL, 0, 10, 0), "send failed: %lu", (unsigned long)GetLastError());
    written = 0xdeadbeef;
    SetLastError(0xdeadbeef);
    ret = WinHttpWriteData(req, "abc", 3, &written);
    ok(ret, "write failed: %lu", (unsigned long)GetLastError());
    expect_error(ERROR_SUCCESS);
    ok(written == 3, "written %lu", (unsigned long)written);

    /* Zero bytes: nothing to do, nothing written. */
    written = 0xdeadbeef;
    SetLastError(0xdeadbeef);
    ret = WinHttpWriteData(req, "", 0, &written);
    ok(ret, "zero-length write failed: %lu", (unsigned long)GetLastError());
    ok(written == 0, "zero-length write wrote %lu", (unsigned long)written);
    SetLastError(0xdeadbeef);
    ok(WinHttpWriteData(req, NULL, 0, &written), "NULL buffer of 0 bytes refused: %lu", (unsigned long)GetLastError());

    /* A NULL buffer with a length (our pinned choice: ERROR_INVALID_PARAMETER, nothing sent). */
    written = 0xdeadbeef;
    SetLastError(0xdeadbeef);
    ok(!WinHttpWriteData(req, NULL, 2, &written), "NULL buffer accepted");
    expect_error(ERROR_INVALID_PARAMETER);
    ok(written == 0, "count not zeroed: %lu", (unsigned long)written);

    /* More than the declared length leaves: refused, nothing sent (engine's choice,
     * ERROR_INVALID_PARAMETER). */
    written = 0xdeadbeef;
    SetLastError(0xdeadbeef);
    ok(!WinHttpWriteData(req, "defghijk", 8, &written), "write beyond dwTotalLength accepted");
    expect_error(ERROR_INVALID_PARAMETER);

    /* In synchronous mode the count pointer may be NULL (only asynchronous use asks for it). */
    SetLastError(0xdeadbeef);
    ret = WinHttpWriteData(req, "defg", 4, NULL);
    ok(ret, "write with a NULL count failed: %lu", (unsigned long)GetLastError());
    ok(WinHttpWriteData(req, "hij", 3, &written) && written == 3, "last write failed");

    /* Every declared byte written: a further write is out of place (Wine's
     * test_WinHttpSendRequest on Windows 7 and later). */
    SetLastError(0xdeadbeef);
    ok(!WinHttpWriteData(req, "k", 1, &written), "write after the declared length accepted");
    expect_error(ERROR_WINHTTP_INCORRECT_HANDLE_STATE);

    n = finish(req);
    ok(n == 2 && !strcmp(body, "10"), "server got: %s", show(body));
    /* WinHttpReceiveResponse ended the upload (page). */
    written = 0xdeadbeef;
    SetLastError(0xdeadbeef);
    ok(!WinHttpWriteData(req, "x", 1, &written), "write after the response accepted");
    expect_error(ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
    ok(written == 0, "count not zeroed: %lu", (unsigned long)written);
    WinHttpCloseHandle(req);

    /* One large write goes out whole; many small ones keep their order. */
    for (i = 0; i < sizeof data; i++) data[i] = (char)('a' + i % 26);
    req = open_req(W("PUT"), W("/upload"));
    ok(WinHttpSendRequest(req, NULL, 0, NULL, 0, sizeof data, 0), "send failed");
    written = 0;
    SetLastError(0xdeadbeef);
    ret = WinHttpWriteData(req, data, sizeof data, &written);
    ok(ret, "large write failed: %lu", (unsigned long)GetLastError());
    ok(written == sizeof data, "large write wrote %lu", (unsigned long)written);
    n = finish(req);
    ok(n > 0 && !strcmp(body, "5242880"), "server got: %s", show(body));
    WinHttpCloseHandle(req);

    req = open_req(W("POST"), W("/echo"));
    ok(WinHttpSendRequest(req, NULL, 0, NULL, 0, 26, 0), "send failed");
    for (i = 0; i < 26; i++) {
        written = 0;
        ok(WinHttpWriteData(req, data + i, 1, &written) && written == 1, "byte %lu not written", (unsigned long)i);
    }
    n = finish(req);
    ok(n > 26 && !strcmp(body + n - 26, "abcdefghijklmnopqrstuvwxyz"), "bytes out of order: %s", show(body));
    WinHttpCloseHandle(req);
}

static void test_close_aborts(void)
{
    HINTERNET req;
    DWORD written;
    long n;

    /* WinHttpCloseHandle aborts the upload (page); the session goes on working. */
    req = open_req(W("POST"), W("/upload"));
    ok(WinHttpSendRequest(req, NULL, 0, NULL, 0, 1000, 0), "send failed");
    ok(WinHttpWriteData(req, "partial", 7, &written) && written == 7, "write failed");
    ok(WinHttpCloseHandle(req), "close failed");

    req = open_req(W("GET"), W("/"));
    ok(WinHttpSendRequest(req, NULL, 0, NULL, 0, 0, 0), "send after an aborted upload failed: %lu",
       (unsigned long)GetLastError());
    n = finish(req);
    ok(n == 20 && !strcmp(body, "winhttp-test-server\n"), "response after an aborted upload: %s", show(body));
    WinHttpCloseHandle(req);
}

static void test_connection_lost(void)
{
    static char data[1 << 20];
    HINTERNET req;
    DWORD written = 0, i;
    BOOL ret = TRUE;

    /* /echo refuses a body over 64 MiB with 413, reads on for two seconds and closes: the
     * writes then fail with ERROR_WINHTTP_CONNECTION_ERROR. */
    req = open_req(W("PUT"), W("/echo"));
    ok(WinHttpSendRequest(req, W("Content-Length: 68719476735"), (DWORD)-1, NULL, 0, WINHTTP_IGNORE_REQUEST_TOTAL_LENGTH, 0),
       "send failed: %lu", (unsigned long)GetLastError());
    for (i = 0; i < 65536 && ret; i++) {
        SetLastError(0xdeadbeef);
        ret = WinHttpWriteData(req, data, sizeof data, &written);
    }
    ok(!ret, "writes to a closed connection kept succeeding");
    expect_error(ERROR_WINHTTP_CONNECTION_ERROR);
    WinHttpCloseHandle(req);
}

static void test_sync_notifications(void)
{
    HINTERNET req;
    DWORD written;
    long n;

    /* No completion notification in synchronous mode (WinHttpSendRequest page). */
    req = open_req(W("POST"), W("/upload"));
    WinHttpSetStatusCallback(req, callback, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
    seen_status = 0;
    write_completes = 0;
    ok(WinHttpSendRequest(req, NULL, 0, NULL, 0, 4, 0), "send failed");
    ok(WinHttpWriteData(req, "ab", 2, &written) && written == 2, "write failed");
    ok(WinHttpWriteData(req, "cd", 2, &written) && written == 2, "write failed");
    n = finish(req);
    ok(n == 1 && !strcmp(body, "4"), "server got: %s", show(body));
    ok(write_completes == 0, "%d WRITE_COMPLETE notifications in synchronous mode", write_completes);
    ok(!(seen_status & WINHTTP_CALLBACK_STATUS_SENDREQUEST_COMPLETE), "SENDREQUEST_COMPLETE in synchronous mode");
    ok(!(seen_status & WINHTTP_CALLBACK_STATUS_HEADERS_AVAILABLE), "HEADERS_AVAILABLE in synchronous mode");
    ok(!(seen_status & WINHTTP_CALLBACK_STATUS_READ_COMPLETE), "READ_COMPLETE in synchronous mode");
    ok(!(seen_status & WINHTTP_CALLBACK_STATUS_REQUEST_ERROR), "REQUEST_ERROR in synchronous mode");
    ok((seen_status & WINHTTP_CALLBACK_STATUS_REQUEST_SENT) != 0, "no REQUEST_SENT");
    WinHttpSetStatusCallback(req, NULL, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
    WinHttpCloseHandle(req);
}

int main(void)
{
    if (test_server_start(NULL, &port)) {
        ok(0, "test server did not start");
        return test_summary();
    }
    test_open_loopback(port, &ses, &con);

    test_handles();
    test_counts();
    test_close_aborts();
    test_sync_notifications();
    test_connection_lost();

    WinHttpCloseHandle(con);
    WinHttpCloseHandle(ses);
    test_server_stop();
    return test_summary();
}
