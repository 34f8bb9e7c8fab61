/* Conformance: big transfers with constant memory against the loopback test server: a 1 GiB
 * download read in 1 MiB pieces (every byte checked against the server's pattern) and a 5 GiB
 * upload generated on the fly (a Content-Length over 4 GiB with WINHTTP_IGNORE_REQUEST_TOTAL_LENGTH,
 * written with WinHttpWriteData), the server counting what arrived. Natively the peak resident
 * memory may not grow by more than 64 MiB over the whole run. */
#include "test.h"
#include "../server/harness.h"
#include <stdint.h>
#include <stdlib.h>

#define W(s) ((const WCHAR *)u ## s)
#define PIECE (1u << 20)

static int port;
static HINTERNET session, connection;

#ifndef _WIN32
/* A "Name:   <n> kB" field of /proc/self/status, in kB (-1 if unknown). */
static long status_kb(const char *name)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long v = -1;
    size_t n = strlen(name);
    if (!f) return -1;
    while (fgets(line, sizeof line, f))
        if (!strncmp(line, name, n) && line[n] == ':') v = atol(line + n + 1);
    fclose(f);
    return v;
}
#endif

static void test_download(char *buf)
{
    const uint64_t size = 1ull << 30;
    HINTERNET r = WinHttpOpenRequest(connection, NULL, W("/bytes/1073741824"), NULL, NULL, NULL, 0);
    ok(WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, 0) && WinHttpReceiveResponse(r, NULL), "download request failed: %lu",
       (unsigned long)GetLastError());
    uint64_t total = 0;
    int good = 1;
    DWORD n;
    for (;;) {
        n = 0;
        if (!WinHttpReadData(r, buf, PIECE, &n)) {
            ok(0, "WinHttpReadData failed at %llu: %lu", (unsigned long long)total, (unsigned long)GetLastError());
            break;
        }
        if (!n) break;
        for (DWORD i = 0; i < n && good; i++)
            if (buf[i] != (char)('a' + (total + i) % 26)) good = 0;
        total += n;
    }
    ok(total == size, "downloaded %llu bytes", (unsigned long long)total);
    ok(good, "downloaded bytes differ from the pattern");
    WinHttpCloseHandle(r);
}

static void test_upload(char *buf)
{
    const uint64_t size = 5ull << 30;
    HINTERNET r = WinHttpOpenRequest(connection, W("POST"), W("/upload"), NULL, NULL, NULL, 0);
    ok(WinHttpAddRequestHeaders(r, W("Content-Length: 5368709120"), (DWORD)-1, WINHTTP_ADDREQ_FLAG_ADD),
       "adding Content-Length failed");
    ok(WinHttpSendRequest(r, NULL, 0, NULL, 0, WINHTTP_IGNORE_REQUEST_TOTAL_LENGTH, 0), "upload send failed: %lu",
       (unsigned long)GetLastError());
    uint64_t sent = 0;
    for (DWORD i = 0; i < PIECE; i++) buf[i] = (char)('A' + i % 26);
    while (sent < size) {
        DWORD n = (DWORD)(size - sent < PIECE ? size - sent : PIECE), written = 0;
        if (!WinHttpWriteData(r, buf, n, &written) || written != n) {
            ok(0, "WinHttpWriteData failed at %llu: %lu", (unsigned long long)sent, (unsigned long)GetLastError());
            break;
        }
        sent += n;
    }
    ok(WinHttpReceiveResponse(r, NULL), "upload response failed: %lu", (unsigned long)GetLastError());
    char answer[64] = "";
    DWORD n = 0;
    WinHttpReadData(r, answer, sizeof answer - 1, &n);
    answer[n] = 0;
    ok(!strcmp(answer, "5368709120"), "the server counted %s bytes", answer);
    WinHttpCloseHandle(r);
}

int main(void)
{
    if (test_server_start(NULL, &port)) {
        ok(0, "cannot start the test server");
        return test_summary();
    }
    session = WinHttpOpen(W("winhttp-big-test"), WINHTTP_ACCESS_TYPE_NO_PROXY, NULL, NULL, 0);
    connection = WinHttpConnect(session, W("127.0.0.1"), (INTERNET_PORT)port, 0);
    char *buf = malloc(PIECE);
#ifndef _WIN32
    long before = status_kb("VmHWM");
#endif
    test_download(buf);
    test_upload(buf);
#ifndef _WIN32
    long after = status_kb("VmHWM");
    ok(before > 0 && after - before < 64 * 1024, "peak memory grew by %ld kB over 6 GiB of transfers", after - before);
#endif
    free(buf);
    WinHttpCloseHandle(connection);
    WinHttpCloseHandle(session);
    test_server_stop();
    return test_summary();
}
