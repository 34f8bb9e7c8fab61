/* Benchmark baseline: one HTTP/1.1 GET over a plain socket, the body read into a 256 KiB buffer
 * and discarded. Usage: raw_get HOST PORT PATH. Prints "RESULT <body bytes> <seconds>" (time
 * from connect to the last byte). Part of tools/bench (run.sh); not a general client. */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BUF_SIZE (256 * 1024)

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc != 4) { fprintf(stderr, "usage: %s HOST PORT PATH\n", argv[0]); return 2; }
    static char buf[BUF_SIZE];
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((unsigned short)atoi(argv[2])) };
    if (inet_pton(AF_INET, argv[1], &sa.sin_addr) != 1) { fprintf(stderr, "raw_get: bad IPv4 address\n"); return 2; }

    double t0 = now();
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0) { perror("raw_get: connect"); return 1; }
    int len = snprintf(buf, sizeof buf, "GET %s HTTP/1.1\r\nHost: %s:%s\r\nConnection: close\r\n\r\n",
                       argv[3], argv[1], argv[2]);
    for (int off = 0; off < len;) {
        ssize_t n = send(fd, buf + off, (size_t)(len - off), 0);
        if (n < 0) { if (errno == EINTR) continue; perror("raw_get: send"); return 1; }
        off += (int)n;
    }

    /* Read until the end of the headers (they fit in the buffer), then count the body. */
    size_t have = 0;
    char *eoh = NULL;
    while (!eoh) {
        ssize_t n = recv(fd, buf + have, sizeof buf - 1 - have, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) { fprintf(stderr, "raw_get: connection ended in the headers\n"); return 1; }
        have += (size_t)n;
        buf[have] = 0;
        eoh = strstr(buf, "\r\n\r\n");
        if (!eoh && have >= sizeof buf - 1) { fprintf(stderr, "raw_get: headers too long\n"); return 1; }
    }
    if (strncmp(buf, "HTTP/1.1 200", 12) != 0) { fprintf(stderr, "raw_get: status is not 200\n"); return 1; }
    long long expected = -1;
    for (char *p = buf; p < eoh; p = strstr(p, "\r\n") + 2)
        if (strncasecmp(p, "Content-Length:", 15) == 0) expected = atoll(p + 15);
    unsigned long long body = have - (size_t)(eoh + 4 - buf);
    for (;;) {
        ssize_t n = recv(fd, buf, sizeof buf, 0);
        if (n < 0) { if (errno == EINTR) continue; perror("raw_get: recv"); return 1; }
        if (n == 0) break;
        body += (unsigned long long)n;
    }
    double t1 = now();
    close(fd);
    if (expected >= 0 && body != (unsigned long long)expected) {
        fprintf(stderr, "raw_get: got %llu body bytes, expected %lld\n", body, expected);
        return 1;
    }
    printf("RESULT %llu %.6f\n", body, t1 - t0);
    return 0;
}
