/* Benchmark for issue 5's scenario with the WinHTTP API: COUNT asynchronous GETs of one path all
 * in flight at once (WINHTTP_FLAG_ASYNC, driven from the status callback), over at most MAXCONNS
 * connections (WINHTTP_OPTION_MAX_CONNS_PER_SERVER).
 *   winhttp_async_bench HOST PORT PATH COUNT MAXCONNS
 * Prints "RESULT <requests> <seconds> <peak threads> <peak RSS growth per in-flight request,
 * bytes>", as curl_multi.c does. Part of tools/bench (run.sh); native only. */
#define _POSIX_C_SOURCE 200809L
#include <winhttp.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static long status_field(const char *name)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long v = -1;
    size_t n = strlen(name);
    if (!f) return -1;
    while (fgets(line, sizeof line, f))
        if (strncmp(line, name, n) == 0 && line[n] == ':') { v = atol(line + n + 1); break; }
    fclose(f);
    return v;
}

struct req {
    HINTERNET h;
    char buf[4096];
};

static atomic_long done, failed;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;

static void finished(struct req *r, int ok)
{
    if (!ok) atomic_fetch_add(&failed, 1);
    WinHttpCloseHandle(r->h);
    free(r);
    atomic_fetch_add(&done, 1);
    pthread_mutex_lock(&mu);
    pthread_cond_signal(&cv);
    pthread_mutex_unlock(&mu);
}

static void CALLBACK callback(HINTERNET h, DWORD_PTR ctx, DWORD status, LPVOID info, DWORD len)
{
    struct req *r = (struct req *)ctx;
    (void)h;
    switch (status) {
    case WINHTTP_CALLBACK_STATUS_SENDREQUEST_COMPLETE:
        if (!WinHttpReceiveResponse(r->h, NULL)) finished(r, 0);
        break;
    case WINHTTP_CALLBACK_STATUS_HEADERS_AVAILABLE: {
        DWORD code = 0, size = sizeof code;
        if (!WinHttpQueryHeaders(r->h, WINHTTP_QUERY_STATUS_CODE | WINHTTP_QUERY_FLAG_NUMBER, NULL, &code, &size, NULL) ||
            code != 200 || !WinHttpReadData(r->h, r->buf, sizeof r->buf, NULL))
            finished(r, 0);
        break;
    }
    case WINHTTP_CALLBACK_STATUS_READ_COMPLETE:
        if (!len) finished(r, 1);
        else if (!WinHttpReadData(r->h, r->buf, sizeof r->buf, NULL)) finished(r, 0);
        break;
    case WINHTTP_CALLBACK_STATUS_REQUEST_ERROR:
        finished(r, 0);
        break;
    }
    (void)info;
}

int main(int argc, char **argv)
{
    if (argc != 6) { fprintf(stderr, "usage: %s HOST PORT PATH COUNT MAXCONNS\n", argv[0]); return 2; }
    long count = atol(argv[4]);
    DWORD maxconns = (DWORD)atol(argv[5]);
    WCHAR host[256], path[1024];
    size_t i;
    for (i = 0; argv[1][i] && i < 255; i++) host[i] = (WCHAR)argv[1][i];
    host[i] = 0;
    for (i = 0; argv[3][i] && i < 1023; i++) path[i] = (WCHAR)argv[3][i];
    path[i] = 0;
    if (count <= 0 || !maxconns) { fprintf(stderr, "winhttp_async_bench: bad COUNT or MAXCONNS\n"); return 2; }

    HINTERNET s = WinHttpOpen((const WCHAR *)u"bench", WINHTTP_ACCESS_TYPE_NO_PROXY, NULL, NULL, WINHTTP_FLAG_ASYNC);
    if (!s || !WinHttpSetOption(s, WINHTTP_OPTION_MAX_CONNS_PER_SERVER, &maxconns, sizeof maxconns)) {
        fprintf(stderr, "winhttp_async_bench: WinHttpOpen/SetOption failed: %u\n", (unsigned)GetLastError());
        return 1;
    }
    HINTERNET c = WinHttpConnect(s, host, (INTERNET_PORT)atoi(argv[2]), 0);
    if (!c) { fprintf(stderr, "winhttp_async_bench: WinHttpConnect failed: %u\n", (unsigned)GetLastError()); return 1; }
    long rss0 = status_field("VmRSS"), peak_threads = status_field("Threads");

    double t0 = now();
    for (long n = 0; n < count; n++) {
        struct req *r = calloc(1, sizeof *r);
        if (!r) { fprintf(stderr, "winhttp_async_bench: out of memory\n"); return 1; }
        r->h = WinHttpOpenRequest(c, NULL, path, NULL, NULL, NULL, 0);
        if (!r->h ||
            WinHttpSetStatusCallback(r->h, callback, WINHTTP_CALLBACK_FLAG_ALL_COMPLETIONS, 0) == WINHTTP_INVALID_STATUS_CALLBACK ||
            !WinHttpSendRequest(r->h, NULL, 0, NULL, 0, 0, (DWORD_PTR)r)) {
            fprintf(stderr, "winhttp_async_bench: starting request %ld failed: %u\n", n, (unsigned)GetLastError());
            return 1;
        }
    }
    pthread_mutex_lock(&mu);
    while (atomic_load(&done) < count) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += 5000000;
        if (ts.tv_nsec >= 1000000000L) { ts.tv_sec++; ts.tv_nsec -= 1000000000L; }
        pthread_cond_timedwait(&cv, &mu, &ts);
        long th = status_field("Threads");
        if (th > peak_threads) peak_threads = th;
    }
    pthread_mutex_unlock(&mu);
    double t1 = now();
    long hwm = status_field("VmHWM");
    if (atomic_load(&failed)) {
        fprintf(stderr, "winhttp_async_bench: %ld of %ld requests failed\n", atomic_load(&failed), count);
        return 1;
    }
    printf("RESULT %ld %.6f %ld %.0f\n", count, t1 - t0, peak_threads, hwm > rss0 ? (hwm - rss0) * 1024.0 / count : 0.0);
    WinHttpCloseHandle(c);
    WinHttpCloseHandle(s);
    return 0;
}
