/* Benchmark reference for issue 5's scenario: libcurl's multi interface with COUNT transfers of
 * one URL all in flight at once (added together), over at most MAXCONNS connections.
 *   curl_multi URL COUNT MAXCONNS
 * Prints "RESULT <requests> <seconds> <peak threads> <peak RSS growth per in-flight request, bytes>"
 * (threads from /proc/self/status Threads:, sampled while running; RSS growth = VmHWM at the end
 * minus VmRSS before the transfers were created). Part of tools/bench (run.sh). */
#define _POSIX_C_SOURCE 200809L
#include <curl/curl.h>
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

/* A "Name:   <n> kB"-style field of /proc/self/status, or -1. */
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

static size_t discard(char *data, size_t size, size_t nmemb, void *user)
{
    (void)data; (void)user;
    return size * nmemb;
}

int main(int argc, char **argv)
{
    if (argc != 4) { fprintf(stderr, "usage: %s URL COUNT MAXCONNS\n", argv[0]); return 2; }
    long count = atol(argv[2]), maxconns = atol(argv[3]);
    if (count <= 0 || maxconns <= 0) { fprintf(stderr, "curl_multi: bad COUNT or MAXCONNS\n"); return 2; }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    CURLM *m = curl_multi_init();
    curl_multi_setopt(m, CURLMOPT_MAX_TOTAL_CONNECTIONS, maxconns);
    curl_multi_setopt(m, CURLMOPT_MAX_HOST_CONNECTIONS, maxconns);
    curl_multi_setopt(m, CURLMOPT_MAXCONNECTS, maxconns);
    long rss0 = status_field("VmRSS"), peak_threads = status_field("Threads");

    double t0 = now();
    for (long i = 0; i < count; i++) {
        CURL *h = curl_easy_init();
        if (!h) { fprintf(stderr, "curl_multi: out of memory\n"); return 1; }
        curl_easy_setopt(h, CURLOPT_URL, argv[1]);
        curl_easy_setopt(h, CURLOPT_NOPROXY, "*"); /* loopback only */
        curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard);
        curl_multi_add_handle(m, h);
    }
    long done = 0, failed = 0;
    double next_sample = 0;
    int running = 1;
    while (running || done < count) {
        if (curl_multi_perform(m, &running) != CURLM_OK) { fprintf(stderr, "curl_multi: perform failed\n"); return 1; }
        CURLMsg *msg;
        int left;
        while ((msg = curl_multi_info_read(m, &left))) {
            if (msg->msg != CURLMSG_DONE) continue;
            CURL *h = msg->easy_handle;
            long status = 0;
            curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
            if (msg->data.result != CURLE_OK || status != 200) failed++;
            curl_multi_remove_handle(m, h);
            curl_easy_cleanup(h);
            done++;
        }
        double t = now();
        if (t >= next_sample) { /* sample the thread count every 5 ms */
            long th = status_field("Threads");
            if (th > peak_threads) peak_threads = th;
            next_sample = t + 0.005;
        }
        if (running && curl_multi_poll(m, NULL, 0, 1000, NULL) != CURLM_OK) {
            fprintf(stderr, "curl_multi: poll failed\n");
            return 1;
        }
        if (!running && done < count) { fprintf(stderr, "curl_multi: transfers lost\n"); return 1; }
    }
    double t1 = now();
    long hwm = status_field("VmHWM");
    if (failed) { fprintf(stderr, "curl_multi: %ld of %ld transfers failed\n", failed, count); return 1; }
    printf("RESULT %ld %.6f %ld %.0f\n", count, t1 - t0, peak_threads,
           hwm > rss0 ? (hwm - rss0) * 1024.0 / count : 0.0);
    curl_multi_cleanup(m);
    curl_global_cleanup();
    return 0;
}
