/* Benchmark reference: libcurl's easy interface doing what the WinHTTP client does.
 *   curl_get download URL        one GET, body to a discarding write callback (256 KiB buffer)
 *   curl_get keepalive URL COUNT COUNT sequential GETs on one reused easy handle (keep-alive)
 * Prints "RESULT <body bytes or requests> <seconds>". Part of tools/bench (run.sh). */
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

static size_t discard(char *data, size_t size, size_t nmemb, void *user)
{
    (void)data;
    *(unsigned long long *)user += size * nmemb;
    return size * nmemb;
}

static int get(CURL *h)
{
    CURLcode rc = curl_easy_perform(h);
    long status = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    if (rc != CURLE_OK || status != 200) {
        fprintf(stderr, "curl_get: %s, status %ld\n", curl_easy_strerror(rc), status);
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    int keepalive = argc == 4 && strcmp(argv[1], "keepalive") == 0;
    if (!keepalive && !(argc == 3 && strcmp(argv[1], "download") == 0)) {
        fprintf(stderr, "usage: %s download URL | keepalive URL COUNT\n", argv[0]);
        return 2;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    CURL *h = curl_easy_init();
    unsigned long long bytes = 0;
    curl_easy_setopt(h, CURLOPT_URL, argv[2]);
    curl_easy_setopt(h, CURLOPT_NOPROXY, "*"); /* loopback only, whatever the environment says */
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &bytes);
    curl_easy_setopt(h, CURLOPT_BUFFERSIZE, 256L * 1024);
    /* HTTPS scenario: the test CA the script generated. */
    const char *ca = getenv("BENCH_CA_FILE");
    if (ca && *ca) curl_easy_setopt(h, CURLOPT_CAINFO, ca);

    double t0 = now();
    long count = keepalive ? atol(argv[3]) : 1;
    for (long i = 0; i < count; i++)
        if (get(h) != 0) return 1;
    double t1 = now();
    if (keepalive) {
        long conns = 0;
        curl_easy_getinfo(h, CURLINFO_NUM_CONNECTS, &conns); /* of the last transfer: 0 = reused */
        if (count > 1 && conns != 0) fprintf(stderr, "curl_get: warning: connection not reused\n");
        printf("RESULT %ld %.6f\n", count, t1 - t0);
    } else {
        printf("RESULT %llu %.6f\n", bytes, t1 - t0);
    }
    curl_easy_cleanup(h);
    curl_global_cleanup();
    return 0;
}
