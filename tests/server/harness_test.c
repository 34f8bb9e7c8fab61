/* Checks tests/server/harness.h: start the server, talk HTTP to it over a socket, stop it, and
 * the WINHTTP_TEST_SERVER_PORT mode. Run by selftest.sh; prints "N passed, N failed". */
#include "harness.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

int setenv(const char *, const char *, int);
int unsetenv(const char *);

static int passed, failed;
#define check(cond, what) do { if (cond) passed++; else { failed++; printf("harness_test: Test failed: %s\n", what); } } while (0)

/* GET path on 127.0.0.1:port with Connection: close; the whole response into buf. */
static size_t fetch(int port, const char *path, char *buf, size_t size)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((unsigned short)port);
    a.sin_addr.s_addr = htonl(0x7f000001);
    size_t len = 0;
    if (fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof a) == 0) {
        char req[256];
        int n = snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n", path);
        if (write(fd, req, (size_t)n) == n) {
            ssize_t r;
            while (len < size - 1 && (r = read(fd, buf + len, size - 1 - len)) > 0) len += (size_t)r;
        }
    }
    if (fd >= 0) close(fd);
    buf[len] = 0;
    return len;
}

int main(void)
{
    char buf[4096];
    int port = 0, port2 = 0;
    unsetenv("WINHTTP_TEST_SERVER_PORT");

    check(test_server_start(NULL, &port) == 0, "test_server_start");
    check(port > 0 && port == test_server_port(), "port reported");
    pid_t pid = test_server_single_.pid;
    fetch(port, "/bytes/26", buf, sizeof buf);
    check(strstr(buf, "HTTP/1.1 200 OK\r\n") == buf, "status line");
    check(strstr(buf, "\r\n\r\nabcdefghijklmnopqrstuvwxyz") != NULL, "body");
    check(test_server_start(NULL, &port2) == 0 && port2 == port, "second start reuses the server");

    test_server_stop();
    check(pid > 0 && kill(pid, 0) != 0, "server gone after test_server_stop");
    check(fetch(port, "/bytes/1", buf, sizeof buf) == 0, "nothing listens after stop");

    const char *args[] = { "--ipv6", NULL };
    int r = test_server_start_args(NULL, args, &port);
    check(r == 0 && port > 0, "test_server_start_args");
    fetch(port, "/keepalive-id", buf, sizeof buf);
    check(strstr(buf, "\r\n\r\n1") != NULL, "fresh server: first connection id is 1");
    test_server_stop();

    setenv("WINHTTP_TEST_SERVER_PORT", "54321", 1);
    check(test_server_start("/nonexistent", &port) == 0 && port == 54321, "WINHTTP_TEST_SERVER_PORT is used");
    check(test_server_single_.pid == -1, "no server spawned with WINHTTP_TEST_SERVER_PORT");
    test_server_stop();
    unsetenv("WINHTTP_TEST_SERVER_PORT");

    check(test_server_start("/nonexistent/server", &port) != 0, "a missing binary fails");

    /* Several servers at once, beside the single one (even with WINHTTP_TEST_SERVER_PORT set). */
    check(test_server_start(NULL, &port) == 0, "single server for the multi-server checks");
    setenv("WINHTTP_TEST_SERVER_PORT", "54321", 1);
    struct test_server s1, s2;
    check(test_server_spawn(&s1, NULL, NULL) == 0 && s1.port > 0, "test_server_spawn 1");
    check(test_server_spawn(&s2, NULL, args) == 0 && s2.port > 0, "test_server_spawn 2 with args");
    unsetenv("WINHTTP_TEST_SERVER_PORT");
    check(s1.port != s2.port && s1.port != port && s2.port != port, "three distinct ports");
    fetch(s2.port, "/keepalive-id", buf, sizeof buf);
    check(strstr(buf, "\r\n\r\n1") != NULL, "spawned server answers");
    pid_t p1 = s1.pid;
    test_server_kill(&s1);
    check(s1.pid == -1 && s1.port == 0 && kill(p1, 0) != 0, "test_server_kill stops it");
    check(fetch(s2.port, "/bytes/1", buf, sizeof buf) > 0, "the other spawned server still runs");
    check(fetch(port, "/bytes/1", buf, sizeof buf) > 0, "the single server still runs");
    test_server_kill(&s2);
    test_server_kill(&s2);   /* twice: no-op */
    test_server_stop();
    struct test_server bad;
    check(test_server_spawn(&bad, "/nonexistent/server", NULL) != 0 && bad.pid == -1, "spawn of a missing binary fails");

    printf("%d passed, %d failed\n", passed, failed);
    return failed != 0;
}
