/* Conformance: WINHTTP_OPTION_DECOMPRESSION against the loopback test server: the
 * Accept-Encoding it sends, gzip and deflate (zlib and raw) bodies decoded whole whether framed
 * by Content-Length or chunked, read in small and large pieces, QueryDataAvailable counting
 * decoded bytes, the headers reported afterwards, and bodies left alone without the option. */
#include "test.h"
#include "../server/harness.h"

#define W(s) ((const WCHAR *)u ## s)

static int port;
static HINTERNET session, connection;
static char body[1 << 20];

/* The test server's body pattern: byte i is 'a' + i % 26. */
static int is_pattern(const char *p, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (p[i] != (char)('a' + i % 26)) return 0;
    return 1;
}

static HINTERNET open_get(const WCHAR *path, DWORD flags)
{
    HINTERNET r = WinHttpOpenRequest(connection, NULL, path, NULL, NULL, NULL, 0);
    if (flags) ok(WinHttpSetOption(r, WINHTTP_OPTION_DECOMPRESSION, &flags, sizeof flags), "setting DECOMPRESSION failed");
    ok(WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, 0) && WinHttpReceiveResponse(r, NULL), "request for %s failed: %lu",
       u16a(path), (unsigned long)GetLastError());
    return r;
}

/* Reads the whole body with reads of `piece` bytes; returns its size. */
static size_t read_all(HINTERNET r, DWORD piece)
{
    size_t total = 0;
    DWORD n;
    while (total < sizeof body) {
        n = 0;
        DWORD want = piece < sizeof body - total ? piece : (DWORD)(sizeof body - total);
        if (!WinHttpReadData(r, body + total, want, &n)) {
            ok(0, "WinHttpReadData failed: %lu", (unsigned long)GetLastError());
            break;
        }
        if (!n) break;
        total += n;
    }
    return total;
}

static int header_present(HINTERNET r, DWORD level)
{
    WCHAR buf[256];
    DWORD len = sizeof buf;
    return WinHttpQueryHeaders(r, level, NULL, buf, &len, NULL);
}

static void test_decoded(const WCHAR *path, size_t size, DWORD piece)
{
    HINTERNET r = open_get(path, WINHTTP_DECOMPRESSION_FLAG_ALL);
    size_t got = read_all(r, piece);
    ok(got == size && is_pattern(body, got), "%s in %lu-byte reads: %lu bytes", u16a(path), (unsigned long)piece,
       (unsigned long)got);
    WinHttpCloseHandle(r);
}

int main(void)
{
    if (test_server_start(NULL, &port)) {
        ok(0, "cannot start the test server");
        return test_summary();
    }
    session = WinHttpOpen(W("winhttp-decompress-test"), WINHTTP_ACCESS_TYPE_NO_PROXY, NULL, NULL, 0);
    connection = WinHttpConnect(session, W("127.0.0.1"), (INTERNET_PORT)port, 0);

    /* The Accept-Encoding request header follows the flags. */
    HINTERNET r = open_get(W("/echo"), WINHTTP_DECOMPRESSION_FLAG_ALL);
    size_t n = read_all(r, 4096);
    body[n] = 0;
    ok(strstr(body, "\r\nAccept-Encoding: gzip, deflate\r\n") != NULL, "Accept-Encoding for both: %s", body);
    WinHttpCloseHandle(r);
    r = open_get(W("/echo"), WINHTTP_DECOMPRESSION_FLAG_GZIP);
    n = read_all(r, 4096);
    body[n] = 0;
    ok(strstr(body, "\r\nAccept-Encoding: gzip\r\n") != NULL, "Accept-Encoding for gzip: %s", body);
    WinHttpCloseHandle(r);
    r = open_get(W("/echo"), 0);
    n = read_all(r, 4096);
    body[n] = 0;
    ok(strstr(body, "Accept-Encoding") == NULL, "Accept-Encoding without the option: %s", body);
    WinHttpCloseHandle(r);

    /* Bodies decoded, every framing, big and small reads. */
    test_decoded(W("/gzip/100000"), 100000, 65536);
    test_decoded(W("/gzip/100000"), 100000, 7);
    test_decoded(W("/deflate/70000"), 70000, 65536);
    test_decoded(W("/deflate/70000?raw=1"), 70000, 1000);
    test_decoded(W("/gzip/300000?chunked=1&size=333"), 300000, 4096);
    test_decoded(W("/deflate/5000?chunked=1&size=10"), 5000, 100);
    test_decoded(W("/gzip/0"), 0, 100);

    /* QueryDataAvailable counts decoded bytes; the encoding headers are gone afterwards. */
    r = open_get(W("/gzip/50000"), WINHTTP_DECOMPRESSION_FLAG_ALL);
    ok(!header_present(r, WINHTTP_QUERY_CONTENT_ENCODING), "Content-Encoding still reported after decoding");
    ok(!header_present(r, WINHTTP_QUERY_CONTENT_LENGTH), "Content-Length of the encoded body still reported");
    size_t total = 0;
    DWORD avail = 0, got = 0;
    while (WinHttpQueryDataAvailable(r, &avail) && avail) {
        if (avail > sizeof body - total) break;
        ok(WinHttpReadData(r, body + total, avail, &got) && got == avail, "read %lu of %lu available", (unsigned long)got,
           (unsigned long)avail);
        total += got;
    }
    ok(total == 50000 && is_pattern(body, total), "QueryDataAvailable/ReadData: %lu bytes", (unsigned long)total);
    WinHttpCloseHandle(r);

    /* Only the flag that matches decodes. */
    r = open_get(W("/gzip/1000"), WINHTTP_DECOMPRESSION_FLAG_DEFLATE);
    n = read_all(r, 4096);
    ok(n > 2 && (unsigned char)body[0] == 0x1f && (unsigned char)body[1] == 0x8b, "gzip with the deflate flag only was decoded");
    ok(header_present(r, WINHTTP_QUERY_CONTENT_ENCODING), "Content-Encoding removed though not decoded");
    WinHttpCloseHandle(r);
    /* Without the option the body arrives as sent. */
    r = open_get(W("/gzip/1000"), 0);
    n = read_all(r, 4096);
    ok(n > 2 && (unsigned char)body[0] == 0x1f && (unsigned char)body[1] == 0x8b, "gzip body changed without the option");
    WinHttpCloseHandle(r);

    /* The connection is reused after a decoded body. */
    r = open_get(W("/keepalive-id"), WINHTTP_DECOMPRESSION_FLAG_ALL);
    n = read_all(r, 100);
    body[n] = 0;
    char first[32];
    snprintf(first, sizeof first, "%.31s", body);
    WinHttpCloseHandle(r);
    test_decoded(W("/gzip/1000"), 1000, 100);
    r = open_get(W("/keepalive-id"), WINHTTP_DECOMPRESSION_FLAG_ALL);
    n = read_all(r, 100);
    body[n] = 0;
    ok(!strcmp(first, body), "connection not reused after a decoded body: %s then %s", first, body);
    WinHttpCloseHandle(r);

    WinHttpCloseHandle(connection);
    WinHttpCloseHandle(session);
    test_server_stop();
    return test_summary();
}
