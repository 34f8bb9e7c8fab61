/* Conformance: requests through proxies. Plain HTTP through WINHTTP_ACCESS_TYPE_NAMED_PROXY (the
 * test server answers absolute-form targets as a proxy would): the request line WinHTTP sends,
 * per-scheme entries, the bypass list (names, wildcards, <local>), WINHTTP_OPTION_PROXY on one
 * request, Basic proxy credentials. Natively also HTTPS through a real forward proxy from
 * Debian (tinyproxy) with CONNECT, when it is installed. */
#include "test.h"
#include "../server/harness.h"

#define W(s) ((const WCHAR *)u ## s)

static int port;

static void widen(WCHAR *out, const char *in)
{
    while ((*out++ = (WCHAR)(unsigned char)*in++)) {}
}

struct result {
    BOOL ok;
    DWORD error, code;
    char body[2048];
};

static struct result fetch(HINTERNET session, const char *host, INTERNET_PORT p, const char *path, DWORD flags,
                           const WINHTTP_PROXY_INFO *per_request, const WCHAR *proxy_user)
{
    struct result res;
    WCHAR whost[256], wpath[256];
    memset(&res, 0, sizeof res);
    widen(whost, host);
    widen(wpath, path);
    HINTERNET c = WinHttpConnect(session, whost, p, 0);
    HINTERNET r = WinHttpOpenRequest(c, NULL, wpath, NULL, NULL, NULL, flags);
    if (per_request) ok(WinHttpSetOption(r, WINHTTP_OPTION_PROXY, (void *)per_request, sizeof *per_request), "WINHTTP_OPTION_PROXY failed");
    if (proxy_user)
        ok(WinHttpSetCredentials(r, WINHTTP_AUTH_TARGET_PROXY, WINHTTP_AUTH_SCHEME_BASIC, proxy_user, W("pass"), NULL),
           "proxy credentials failed");
    res.ok = WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, 0) && WinHttpReceiveResponse(r, NULL);
    res.error = res.ok ? 0 : GetLastError();
    if (res.ok) {
        DWORD size = sizeof res.code, n = 0, total = 0;
        WinHttpQueryHeaders(r, WINHTTP_QUERY_STATUS_CODE | WINHTTP_QUERY_FLAG_NUMBER, NULL, &res.code, &size, NULL);
        while (total < sizeof res.body - 1 && WinHttpReadData(r, res.body + total, sizeof res.body - 1 - total, &n) && n)
            total += n;
    }
    WinHttpCloseHandle(r);
    WinHttpCloseHandle(c);
    return res;
}

static HINTERNET named(const char *proxy, const char *bypass)
{
    WCHAR wp[256], wb[256];
    widen(wp, proxy);
    if (bypass) widen(wb, bypass);
    HINTERNET s = WinHttpOpen(W("winhttp-proxy-test"), WINHTTP_ACCESS_TYPE_NAMED_PROXY, wp,
                              bypass ? wb : WINHTTP_NO_PROXY_BYPASS, 0);
    ok(s != NULL, "WinHttpOpen(%s) failed: %lu", proxy, (unsigned long)GetLastError());
    return s;
}

static void test_plain(void)
{
    char proxy[64], list[128];
    snprintf(proxy, sizeof proxy, "127.0.0.1:%d", port);

    /* The request goes to the proxy with the absolute URL as its target. */
    HINTERNET s = named(proxy, NULL);
    struct result r = fetch(s, "origin.invalid", 8080, "/echo?x=1", 0, NULL, NULL);
    ok(r.ok && r.code == 200, "through the proxy: ok %d error %lu", r.ok, (unsigned long)r.error);
    ok(!strncmp(r.body, "GET http://origin.invalid:8080/echo?x=1 HTTP/1.1\r\n", 50), "request line: %.60s", r.body);
    ok(strstr(r.body, "\r\nHost: origin.invalid:8080\r\n") != NULL, "Host header: %s", r.body);
    r = fetch(s, "origin.invalid", 80, "/echo", 0, NULL, NULL);
    ok(!strncmp(r.body, "GET http://origin.invalid/echo HTTP/1.1\r\n", 41), "default port: %.60s", r.body);
    /* Basic proxy credentials go as Proxy-Authorization. */
    r = fetch(s, "origin.invalid", 80, "/proxy-auth?user=bob&pass=pass", 0, NULL, W("bob"));
    ok(r.ok && r.code == 200, "proxy credentials: status %lu", (unsigned long)r.code);
    r = fetch(s, "origin.invalid", 80, "/proxy-auth?user=bob&pass=pass", 0, NULL, NULL);
    ok(r.ok && r.code == 407, "no proxy credentials: status %lu", (unsigned long)r.code);
    /* WINHTTP_OPTION_PROXY_USERNAME / PROXY_PASSWORD answer the proxy's Basic challenge. */
    {
        HINTERNET c = WinHttpConnect(s, W("origin.invalid"), 80, 0);
        HINTERNET q = WinHttpOpenRequest(c, NULL, W("/proxy-auth?user=bob&pass=pass"), NULL, NULL, NULL, 0);
        ok(WinHttpSetOption(q, WINHTTP_OPTION_PROXY_USERNAME, (void *)W("bob"), 3), "PROXY_USERNAME failed");
        ok(WinHttpSetOption(q, WINHTTP_OPTION_PROXY_PASSWORD, (void *)W("pass"), 4), "PROXY_PASSWORD failed");
        DWORD code = 0, size = sizeof code;
        ok(WinHttpSendRequest(q, NULL, 0, NULL, 0, 0, 0) && WinHttpReceiveResponse(q, NULL), "proxy options: %lu",
           (unsigned long)GetLastError());
        WinHttpQueryHeaders(q, WINHTTP_QUERY_STATUS_CODE | WINHTTP_QUERY_FLAG_NUMBER, NULL, &code, &size, NULL);
        ok(code == 200, "proxy credentials from the options: status %lu", (unsigned long)code);
        WinHttpCloseHandle(q);
        WinHttpCloseHandle(c);
    }
    WinHttpCloseHandle(s);

    /* A per-scheme entry: http= applies, https= alone would not. */
    snprintf(list, sizeof list, "http=%s", proxy);
    s = named(list, NULL);
    r = fetch(s, "origin.invalid", 80, "/echo", 0, NULL, NULL);
    ok(r.ok && !strncmp(r.body, "GET http://origin.invalid/", 26), "http= entry: ok %d %.40s", r.ok, r.body);
    WinHttpCloseHandle(s);
    snprintf(list, sizeof list, "https=%s", proxy);
    s = named(list, NULL);
    r = fetch(s, "origin.invalid", 80, "/echo", 0, NULL, NULL);
    ok(!r.ok && r.error == ERROR_WINHTTP_NAME_NOT_RESOLVED, "https= entry used for http: ok %d error %lu", r.ok,
       (unsigned long)r.error);
    WinHttpCloseHandle(s);

    /* The bypass list sends matching hosts straight to them (which do not resolve here). */
    s = named(proxy, "origin.invalid");
    r = fetch(s, "origin.invalid", 80, "/echo", 0, NULL, NULL);
    ok(!r.ok && r.error == ERROR_WINHTTP_NAME_NOT_RESOLVED, "bypassed name: ok %d error %lu", r.ok, (unsigned long)r.error);
    r = fetch(s, "other.invalid", 80, "/echo", 0, NULL, NULL);
    ok(r.ok && r.code == 200, "name not in the bypass list: ok %d error %lu", r.ok, (unsigned long)r.error);
    WinHttpCloseHandle(s);
    s = named(proxy, "*.invalid");
    r = fetch(s, "a.b.invalid", 80, "/echo", 0, NULL, NULL);
    ok(!r.ok && r.error == ERROR_WINHTTP_NAME_NOT_RESOLVED, "wildcard bypass: ok %d error %lu", r.ok, (unsigned long)r.error);
    WinHttpCloseHandle(s);
    s = named(proxy, "<local>");
    r = fetch(s, "nodots", 80, "/echo", 0, NULL, NULL);
    ok(!r.ok && r.error == ERROR_WINHTTP_NAME_NOT_RESOLVED, "<local> bypass: ok %d error %lu", r.ok, (unsigned long)r.error);
    r = fetch(s, "origin.invalid", 80, "/echo", 0, NULL, NULL);
    ok(r.ok, "dotted name with <local>: error %lu", (unsigned long)r.error);
    WinHttpCloseHandle(s);

    /* WINHTTP_OPTION_PROXY on one request of a direct session. */
    WCHAR wproxy[64];
    widen(wproxy, proxy);
    WINHTTP_PROXY_INFO info = { WINHTTP_ACCESS_TYPE_NAMED_PROXY, wproxy, NULL };
    s = WinHttpOpen(W("winhttp-proxy-test"), WINHTTP_ACCESS_TYPE_NO_PROXY, NULL, NULL, 0);
    r = fetch(s, "origin.invalid", 80, "/echo", 0, &info, NULL);
    ok(r.ok && !strncmp(r.body, "GET http://origin.invalid/", 26), "per-request proxy: ok %d %.40s", r.ok, r.body);
    r = fetch(s, "origin.invalid", 80, "/echo", 0, NULL, NULL);
    ok(!r.ok && r.error == ERROR_WINHTTP_NAME_NOT_RESOLVED, "without it: ok %d error %lu", r.ok, (unsigned long)r.error);
    WinHttpCloseHandle(s);
}

#ifndef _WIN32
#include <signal.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <sys/wait.h>
#include <unistd.h>

/* HTTPS through tinyproxy: CONNECT, then TLS to the test server through the tunnel. */
static void test_connect(void)
{
    const char *tiny = access("/usr/bin/tinyproxy", X_OK) == 0 ? "/usr/bin/tinyproxy"
                     : access("/usr/sbin/tinyproxy", X_OK) == 0 ? "/usr/sbin/tinyproxy" : NULL;
    if (!tiny) {
        printf("proxy_net: tinyproxy not installed, CONNECT not tested\n");
        return;
    }
    char dir[] = "/tmp/winhttp-proxy-XXXXXX";
    if (!mkdtemp(dir)) return;
    char cmd[512], conf[300];
    /* Certificates and an HTTPS test server. */
    snprintf(cmd, sizeof cmd, "sh '%s' '%s' >/dev/null 2>&1", TLS_GEN_CERTS, dir);
    if (system(cmd) != 0) {
        ok(0, "gen-certs.sh failed");
        return;
    }
    char cert[300], key[300], ca[300];
    snprintf(cert, sizeof cert, "%s/valid.pem", dir);
    snprintf(key, sizeof key, "%s/valid-key.pem", dir);
    snprintf(ca, sizeof ca, "%s/ca.pem", dir);
    const char *args[] = { "--tls-cert", cert, "--tls-key", key, NULL };
    struct test_server tls;
    if (test_server_spawn(&tls, NULL, args)) {
        ok(0, "cannot start the HTTPS test server");
        return;
    }
    test_setenv("WINHTTP_TLS_CA_FILE", ca);
    /* A free port for tinyproxy. */
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    socklen_t alen = sizeof a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd, (struct sockaddr *)&a, sizeof a);
    getsockname(fd, (struct sockaddr *)&a, &alen);
    int pport = ntohs(a.sin_port);
    close(fd);
    snprintf(conf, sizeof conf, "%s/tinyproxy.conf", dir);
    FILE *f = fopen(conf, "w");
    fprintf(f, "Port %d\nListen 127.0.0.1\nTimeout 30\nMaxClients 10\nAllow 127.0.0.1\nLogLevel Critical\n", pport);
    fclose(f);
    pid_t pid = fork();
    if (pid == 0) {
        execl(tiny, tiny, "-d", "-c", conf, (char *)NULL);
        _exit(127);
    }
    test_sleep_ms(300);

    char proxy[64];
    snprintf(proxy, sizeof proxy, "127.0.0.1:%d", pport);
    HINTERNET s = named(proxy, NULL);
    char path[] = "/tls-info";
    struct result r = fetch(s, "localhost", (INTERNET_PORT)tls.port, path, WINHTTP_FLAG_SECURE, NULL, NULL);
    ok(r.ok && r.code == 200, "HTTPS through tinyproxy: ok %d error %lu status %lu", r.ok, (unsigned long)r.error,
       (unsigned long)r.code);
    ok(!strncmp(r.body, "protocol=TLS1.", 14), "the server saw TLS: %.40s", r.body);
    /* A second request uses the same tunnel. */
    r = fetch(s, "localhost", (INTERNET_PORT)tls.port, "/keepalive-id", WINHTTP_FLAG_SECURE, NULL, NULL);
    char first[32];
    snprintf(first, sizeof first, "%.31s", r.body);
    r = fetch(s, "localhost", (INTERNET_PORT)tls.port, "/keepalive-id", WINHTTP_FLAG_SECURE, NULL, NULL);
    ok(r.ok && !strcmp(first, r.body), "tunnel not reused: %s then %s", first, r.body);
    /* Plain HTTP through the real proxy too. */
    r = fetch(s, "127.0.0.1", (INTERNET_PORT)port, "/bytes/1000", 0, NULL, NULL);
    ok(r.ok && r.code == 200, "HTTP through tinyproxy: ok %d error %lu", r.ok, (unsigned long)r.error);
    /* A tunnel to a port nobody listens on: the proxy refuses it. */
    r = fetch(s, "localhost", 1, "/", WINHTTP_FLAG_SECURE, NULL, NULL);
    ok(!r.ok && r.error == ERROR_WINHTTP_CANNOT_CONNECT, "refused tunnel: ok %d error %lu", r.ok, (unsigned long)r.error);
    WinHttpCloseHandle(s);
    kill(pid, SIGTERM);
    waitpid(pid, NULL, 0);

    /* A proxy that wants credentials: its 407 to CONNECT is the response the application
     * sees; with Basic proxy credentials the same handle sent again goes through. */
    f = fopen(conf, "w");
    fprintf(f, "Port %d\nListen 127.0.0.1\nTimeout 30\nMaxClients 10\nAllow 127.0.0.1\nLogLevel Critical\n"
               "BasicAuth bob pass\n", pport);
    fclose(f);
    pid = fork();
    if (pid == 0) {
        execl(tiny, tiny, "-d", "-c", conf, (char *)NULL);
        _exit(127);
    }
    test_sleep_ms(300);
    s = named(proxy, NULL);
    {
        HINTERNET c = WinHttpConnect(s, W("localhost"), (INTERNET_PORT)tls.port, 0);
        HINTERNET q = WinHttpOpenRequest(c, NULL, W("/bytes/10"), NULL, NULL, NULL, WINHTTP_FLAG_SECURE);
        DWORD code = 0, size = sizeof code, supported = 0, first = 0, target = 0;
        ok(WinHttpSendRequest(q, NULL, 0, NULL, 0, 0, 0), "send through the authenticating proxy failed: %lu",
           (unsigned long)GetLastError());
        ok(WinHttpReceiveResponse(q, NULL), "receive the proxy's answer failed: %lu", (unsigned long)GetLastError());
        WinHttpQueryHeaders(q, WINHTTP_QUERY_STATUS_CODE | WINHTTP_QUERY_FLAG_NUMBER, NULL, &code, &size, NULL);
        ok(code == 407, "the proxy's answer: status %lu", (unsigned long)code);
        ok(WinHttpQueryAuthSchemes(q, &supported, &first, &target) && (supported & WINHTTP_AUTH_SCHEME_BASIC) &&
               target == WINHTTP_AUTH_TARGET_PROXY,
           "proxy schemes %lx target %lx", (unsigned long)supported, (unsigned long)target);
        char drain[256];
        DWORD n;
        while (WinHttpReadData(q, drain, sizeof drain, &n) && n) {}
        ok(WinHttpSetCredentials(q, WINHTTP_AUTH_TARGET_PROXY, WINHTTP_AUTH_SCHEME_BASIC, W("bob"), W("pass"), NULL),
           "proxy credentials failed");
        ok(WinHttpSendRequest(q, NULL, 0, NULL, 0, 0, 0) && WinHttpReceiveResponse(q, NULL),
           "send with proxy credentials failed: %lu", (unsigned long)GetLastError());
        code = 0;
        size = sizeof code;
        WinHttpQueryHeaders(q, WINHTTP_QUERY_STATUS_CODE | WINHTTP_QUERY_FLAG_NUMBER, NULL, &code, &size, NULL);
        ok(code == 200, "with proxy credentials: status %lu", (unsigned long)code);
        WinHttpCloseHandle(q);
        WinHttpCloseHandle(c);
    }
    WinHttpCloseHandle(s);
    kill(pid, SIGTERM);
    waitpid(pid, NULL, 0);
    test_server_kill(&tls);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd)) {}
}
#endif

int main(void)
{
    if (test_server_start(NULL, &port)) {
        ok(0, "cannot start the test server");
        return test_summary();
    }
    test_plain();
#ifndef _WIN32
    test_connect();
#endif
    test_server_stop();
    return test_summary();
}
