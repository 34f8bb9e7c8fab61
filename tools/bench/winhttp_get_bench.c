/* Benchmark client written only on the WinHTTP API (sync, 256 KiB reads): the same work as
 * curl_get.c. Builds natively against include/winhttp.h (linked to libwinhttp.so) and as a
 * Windows .exe with mingw against mingw's own winhttp.h (run under Wine).
 *   winhttp_get_bench download HOST PORT PATH
 *   winhttp_get_bench keepalive HOST PORT PATH COUNT
 * Prints "RESULT <body bytes or requests> <seconds>". Part of tools/bench (run.sh). */
#ifdef _WIN32
#include <windows.h>
#else
#define _POSIX_C_SOURCE 200809L
#include <time.h>
#endif
#include <winhttp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BUF_SIZE (256 * 1024)

static double now(void)
{
#ifdef _WIN32
    LARGE_INTEGER f, c;
    QueryPerformanceFrequency(&f);
    QueryPerformanceCounter(&c);
    return (double)c.QuadPart / (double)f.QuadPart;
#else
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
#endif
}

/* ASCII argument to a NUL-terminated UTF-16 string. */
static WCHAR *widen(const char *s)
{
    size_t n = strlen(s);
    WCHAR *w = malloc((n + 1) * sizeof *w);
    if (!w) exit(1);
    for (size_t i = 0; i <= n; i++) w[i] = (WCHAR)(unsigned char)s[i];
    return w;
}

static int fail(const char *what)
{
    fprintf(stderr, "winhttp_get_bench: %s failed, error %lu\n", what, (unsigned long)GetLastError());
    return -1;
}

/* One GET on the connection handle; adds the body size to *bytes. */
static int get(HINTERNET conn, const WCHAR *path, char *buf, unsigned long long *bytes)
{
    /* HTTPS scenario: BENCH_SECURE=1 (the CA comes from WINHTTP_TLS_CA_FILE). */
    const char *secure = getenv("BENCH_SECURE");
    HINTERNET req = WinHttpOpenRequest(conn, (LPCWSTR)u"GET", path, NULL, WINHTTP_NO_REFERER,
                                       WINHTTP_DEFAULT_ACCEPT_TYPES,
                                       secure && *secure == '1' ? WINHTTP_FLAG_SECURE : 0);
    if (!req) return fail("WinHttpOpenRequest");
    int rc = -1;
    DWORD status = 0, size = sizeof status;
    if (!WinHttpSendRequest(req, WINHTTP_NO_ADDITIONAL_HEADERS, 0, WINHTTP_NO_REQUEST_DATA, 0, 0, 0))
        { fail("WinHttpSendRequest"); goto out; }
    if (!WinHttpReceiveResponse(req, NULL)) { fail("WinHttpReceiveResponse"); goto out; }
    if (!WinHttpQueryHeaders(req, WINHTTP_QUERY_STATUS_CODE | WINHTTP_QUERY_FLAG_NUMBER,
                             WINHTTP_HEADER_NAME_BY_INDEX, &status, &size, WINHTTP_NO_HEADER_INDEX))
        { fail("WinHttpQueryHeaders"); goto out; }
    if (status != 200) { fprintf(stderr, "winhttp_get_bench: status %lu\n", (unsigned long)status); goto out; }
    for (;;) {
        DWORD avail = 0, got = 0;
        if (!WinHttpQueryDataAvailable(req, &avail)) { fail("WinHttpQueryDataAvailable"); goto out; }
        if (!avail) break;
        if (!WinHttpReadData(req, buf, avail < BUF_SIZE ? avail : BUF_SIZE, &got)) { fail("WinHttpReadData"); goto out; }
        if (!got) break;
        *bytes += got;
    }
    rc = 0;
out:
    WinHttpCloseHandle(req);
    return rc;
}

int main(int argc, char **argv)
{
    int keepalive = argc == 6 && strcmp(argv[1], "keepalive") == 0;
    if (!keepalive && !(argc == 5 && strcmp(argv[1], "download") == 0)) {
        fprintf(stderr, "usage: %s download HOST PORT PATH | keepalive HOST PORT PATH COUNT\n", argv[0]);
        return 2;
    }
    char *buf = malloc(BUF_SIZE);
    WCHAR *host = widen(argv[2]), *path = widen(argv[4]);
    long count = keepalive ? atol(argv[5]) : 1;
    HINTERNET session = WinHttpOpen((LPCWSTR)u"winhttp_get_bench", WINHTTP_ACCESS_TYPE_NO_PROXY,
                                    WINHTTP_NO_PROXY_NAME, WINHTTP_NO_PROXY_BYPASS, 0);
    if (!buf || !session) return fail("WinHttpOpen") ? 1 : 1;
    HINTERNET conn = WinHttpConnect(session, host, (INTERNET_PORT)atoi(argv[3]), 0);
    if (!conn) return fail("WinHttpConnect") ? 1 : 1;

    unsigned long long bytes = 0;
    double t0 = now();
    for (long i = 0; i < count; i++)
        if (get(conn, path, buf, &bytes) != 0) return 1;
    double t1 = now();
    if (keepalive) printf("RESULT %ld %.6f\n", count, t1 - t0);
    else printf("RESULT %llu %.6f\n", bytes, t1 - t0);
    WinHttpCloseHandle(conn);
    WinHttpCloseHandle(session);
    free(buf); free(host); free(path);
    return 0;
}
