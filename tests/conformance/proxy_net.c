/* Conformance: requests through proxies. Plain HTTP through WINHTTP_ACCESS_TYPE_NAMED_PROXY (the
 * test server answers absolute-form targets as a proxy would): the request line WinHTTP sends,
 * per-scheme entries, the bypass list (names, wildcards, <local>), WINHTTP_OPTION_PROXY on one
 * request, proxy authentication: Basic and Digest (MD5, SHA-256) credentials from
 * WinHttpSetCredentials and from PROXY_USERNAME/PASSWORD, a proxy's 407 followed by the server's
 * 401, wrong credentials (the 407 handed over, never ERROR_WINHTTP_LOGIN_FAILURE), NTLM proxy
 * credentials (not implemented: ERROR_WINHTTP_LOGIN_FAILURE). Natively also HTTPS through CONNECT:
 * to the test server playing a proxy that wants Digest, and through a real forward proxy from
 * Debian (tinyproxy), when it is installed. */
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

static int sends;   /* SENDING_REQUEST notifications: the legs of one exchange */

static void CALLBACK count_sends(HINTERNET h, DWORD_PTR ctx, DWORD status, LPVOID info, DWORD len)
{
    (void)h; (void)ctx; (void)info; (void)len;
    if (status == WINHTTP_CALLBACK_STATUS_SENDING_REQUEST) sends++;
}

enum creds { CREDS_NONE, CREDS_SET, CREDS_OPTIONS };

/* Sends `r` and receives; the status code (0 when an API call failed, the error in *error). */
static DWORD send_counted(HINTERNET r, DWORD *error)
{
    DWORD code = 0, size = sizeof code, n;
    char drain[256];
    sends = 0;
    *error = 0;
    SetLastError(0xdeadbeef);
    if (!WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, 0) || !WinHttpReceiveResponse(r, NULL)) {
        *error = GetLastError();
        return 0;
    }
    WinHttpQueryHeaders(r, WINHTTP_QUERY_STATUS_CODE | WINHTTP_QUERY_FLAG_NUMBER, NULL, &code, &size, NULL);
    while (WinHttpReadData(r, drain, sizeof drain, &n) && n) {}
    return code;
}

/* A request for `path` through the proxy, with the proxy credentials given the way `how` says. */
static HINTERNET proxy_request(HINTERNET c, const WCHAR *path, enum creds how, DWORD scheme, const WCHAR *password)
{
    HINTERNET r = WinHttpOpenRequest(c, NULL, path, NULL, NULL, NULL, 0);
    ok(r != NULL, "WinHttpOpenRequest failed: %lu", (unsigned long)GetLastError());
    WinHttpSetStatusCallback(r, count_sends, WINHTTP_CALLBACK_FLAG_SEND_REQUEST, 0);
    if (how == CREDS_SET)
        ok(WinHttpSetCredentials(r, WINHTTP_AUTH_TARGET_PROXY, scheme, W("bob"), password, NULL),
           "SetCredentials(PROXY) failed: %lu", (unsigned long)GetLastError());
    if (how == CREDS_OPTIONS) {
        ok(WinHttpSetOption(r, WINHTTP_OPTION_PROXY_USERNAME, (void *)W("bob"), 3), "PROXY_USERNAME failed");
        ok(WinHttpSetOption(r, WINHTTP_OPTION_PROXY_PASSWORD, (void *)password, (DWORD)u16len(password)),
           "PROXY_PASSWORD failed");
    }
    return r;
}

/* Digest to the proxy (the test server's /proxy-auth/digest plays one), MD5 or SHA-256. */
static void test_proxy_digest(const WCHAR *path)
{
    char proxy[64];
    DWORD error = 0, code, supported = 0, first = 0, target = 0;
    snprintf(proxy, sizeof proxy, "127.0.0.1:%d", port);
    HINTERNET s = named(proxy, NULL);
    HINTERNET c = WinHttpConnect(s, W("origin.invalid"), 80, 0);

    /* No credentials: the 407 is the response; the challenge names the proxy. */
    HINTERNET r = proxy_request(c, path, CREDS_NONE, 0, NULL);
    code = send_counted(r, &error);
    ok(code == 407 && sends == 1, "%s: no credentials: status %lu, error %lu, %d sent", u16a(path), (unsigned long)code,
       (unsigned long)error, sends);
    ok(WinHttpQueryAuthSchemes(r, &supported, &first, &target), "%s: QueryAuthSchemes failed: %lu", u16a(path),
       (unsigned long)GetLastError());
    ok(supported == WINHTTP_AUTH_SCHEME_DIGEST && first == WINHTTP_AUTH_SCHEME_DIGEST && target == WINHTTP_AUTH_TARGET_PROXY,
       "%s: schemes %lx first %lx target %lx", u16a(path), (unsigned long)supported, (unsigned long)first,
       (unsigned long)target);
    /* (a) WinHttpSetCredentials after the 407, the handle sent again: answered at once. */
    ok(WinHttpSetCredentials(r, WINHTTP_AUTH_TARGET_PROXY, WINHTTP_AUTH_SCHEME_DIGEST, W("bob"), W("pass"), NULL),
       "%s: SetCredentials(PROXY, DIGEST) failed: %lu", u16a(path), (unsigned long)GetLastError());
    code = send_counted(r, &error);
    ok(code == 200 && sends == 1, "%s: resend with Digest proxy credentials: status %lu, error %lu, %d sent",
       u16a(path), (unsigned long)code, (unsigned long)error, sends);
    WinHttpCloseHandle(r);

    /* Credentials set before the send, by WinHttpSetCredentials or by PROXY_USERNAME/PASSWORD:
     * the 407 is answered inside WinHttpReceiveResponse (two legs). */
    r = proxy_request(c, path, CREDS_SET, WINHTTP_AUTH_SCHEME_DIGEST, W("pass"));
    code = send_counted(r, &error);
    ok(code == 200 && sends == 2, "%s: SetCredentials before the send: status %lu, error %lu, %d sent",
       u16a(path), (unsigned long)code, (unsigned long)error, sends);
    WinHttpCloseHandle(r);
    r = proxy_request(c, path, CREDS_OPTIONS, 0, W("pass"));
    code = send_counted(r, &error);
    ok(code == 200 && sends == 2, "%s: PROXY_USERNAME/PASSWORD: status %lu, error %lu, %d sent", u16a(path),
       (unsigned long)code, (unsigned long)error, sends);
    WinHttpCloseHandle(r);

    /* Wrong credentials: tried once, then the 407 is the application's (no
     * ERROR_WINHTTP_LOGIN_FAILURE: see test_wrong_proxy_credentials). */
    r = proxy_request(c, path, CREDS_SET, WINHTTP_AUTH_SCHEME_DIGEST, W("wrong"));
    code = send_counted(r, &error);
    ok(code == 407 && sends == 2, "%s: wrong SetCredentials: status %lu, error %lu, %d sent", u16a(path),
       (unsigned long)code, (unsigned long)error, sends);
    WinHttpCloseHandle(r);
    r = proxy_request(c, path, CREDS_OPTIONS, 0, W("wrong"));
    code = send_counted(r, &error);
    ok(code == 407 && sends == 2, "%s: wrong PROXY_PASSWORD: status %lu, error %lu, %d sent", u16a(path),
       (unsigned long)code, (unsigned long)error, sends);
    WinHttpCloseHandle(r);
    WinHttpCloseHandle(c);
    WinHttpCloseHandle(s);
}

/* A proxy that wants Digest in front of a server that wants Basic: the 407 and the 401 are
 * answered one after the other, each with its own credentials. */
static void test_proxy_then_server(void)
{
    char proxy[64];
    DWORD error = 0, code, supported = 0, first = 0, target = 0;
    const WCHAR *path = W("/proxy-auth/digest?user=bob&pass=pass&server_user=eve&server_pass=pw");
    snprintf(proxy, sizeof proxy, "127.0.0.1:%d", port);
    HINTERNET s = named(proxy, NULL);
    HINTERNET c = WinHttpConnect(s, W("origin.invalid"), 80, 0);

    /* The authentication guide's loop: each challenge answered by the application. */
    HINTERNET r = proxy_request(c, path, CREDS_NONE, 0, NULL);
    code = send_counted(r, &error);
    ok(code == 407, "proxy then server: first status %lu, error %lu", (unsigned long)code, (unsigned long)error);
    WinHttpSetCredentials(r, WINHTTP_AUTH_TARGET_PROXY, WINHTTP_AUTH_SCHEME_DIGEST, W("bob"), W("pass"), NULL);
    code = send_counted(r, &error);
    ok(code == 401 && sends == 1, "past the proxy: status %lu, error %lu, %d sent", (unsigned long)code,
       (unsigned long)error, sends);
    ok(WinHttpQueryAuthSchemes(r, &supported, &first, &target) && supported == WINHTTP_AUTH_SCHEME_BASIC &&
           target == WINHTTP_AUTH_TARGET_SERVER,
       "the server's challenge: schemes %lx target %lx", (unsigned long)supported, (unsigned long)target);
    WinHttpSetCredentials(r, WINHTTP_AUTH_TARGET_SERVER, WINHTTP_AUTH_SCHEME_BASIC, W("eve"), W("pw"), NULL);
    code = send_counted(r, &error);
    ok(code == 200 && sends == 1, "both credentials: status %lu, error %lu, %d sent", (unsigned long)code,
       (unsigned long)error, sends);
    WinHttpCloseHandle(r);

    /* Both set with WinHttpSetCredentials before the send: Basic goes at once, the proxy's
     * Digest challenge is answered: two legs. */
    r = proxy_request(c, path, CREDS_SET, WINHTTP_AUTH_SCHEME_DIGEST, W("pass"));
    WinHttpSetCredentials(r, WINHTTP_AUTH_TARGET_SERVER, WINHTTP_AUTH_SCHEME_BASIC, W("eve"), W("pw"), NULL);
    code = send_counted(r, &error);
    ok(code == 200 && sends == 2, "both set up front: status %lu, error %lu, %d sent", (unsigned long)code,
       (unsigned long)error, sends);
    WinHttpCloseHandle(r);

    /* Both from the options: each answers its challenge, 407 then 401 then 200. */
    r = proxy_request(c, path, CREDS_OPTIONS, 0, W("pass"));
    WinHttpSetOption(r, WINHTTP_OPTION_USERNAME, (void *)W("eve"), 3);
    WinHttpSetOption(r, WINHTTP_OPTION_PASSWORD, (void *)W("pw"), 2);
    code = send_counted(r, &error);
    ok(code == 200 && sends == 3, "both from the options: status %lu, error %lu, %d sent", (unsigned long)code,
       (unsigned long)error, sends);
    WinHttpCloseHandle(r);
    WinHttpCloseHandle(c);
    WinHttpCloseHandle(s);
}

/* A proxy that wants NTLM (not implemented; see auth.c's test_ntlm_negotiate): reported by
 * WinHttpQueryAuthSchemes; NTLM proxy credentials end in ERROR_WINHTTP_LOGIN_FAILURE. */
static void test_proxy_ntlm(void)
{
    char proxy[64];
    DWORD error = 0, code, supported = 0, first = 0, target = 0;
    const WCHAR *path = W("/status/407?h=Proxy-Authenticate:NTLM");
    snprintf(proxy, sizeof proxy, "127.0.0.1:%d", port);
    HINTERNET s = named(proxy, NULL);
    HINTERNET c = WinHttpConnect(s, W("origin.invalid"), 80, 0);
    HINTERNET r = proxy_request(c, path, CREDS_NONE, 0, NULL);
    code = send_counted(r, &error);
    ok(code == 407, "NTLM proxy: status %lu, error %lu", (unsigned long)code, (unsigned long)error);
    ok(WinHttpQueryAuthSchemes(r, &supported, &first, &target) && supported == WINHTTP_AUTH_SCHEME_NTLM &&
           first == WINHTTP_AUTH_SCHEME_NTLM && target == WINHTTP_AUTH_TARGET_PROXY,
       "NTLM proxy: schemes %lx first %lx target %lx", (unsigned long)supported, (unsigned long)first,
       (unsigned long)target);
    ok(WinHttpSetCredentials(r, WINHTTP_AUTH_TARGET_PROXY, WINHTTP_AUTH_SCHEME_NTLM, W("bob"), W("pass"), NULL),
       "SetCredentials(PROXY, NTLM) failed: %lu", (unsigned long)GetLastError());
    code = send_counted(r, &error);
    ok(code == 0 && error == ERROR_WINHTTP_LOGIN_FAILURE && sends == 1,
       "NTLM proxy credentials: status %lu, error %lu, %d sent", (unsigned long)code, (unsigned long)error, sends);
    WinHttpCloseHandle(r);
    WinHttpCloseHandle(c);
    WinHttpCloseHandle(s);
}

/* Wrong Basic proxy credentials. No ERROR_WINHTTP_LOGIN_FAILURE for Basic or Digest: the 407 is
 * handed over and the application decides (the authentication guide's sample loops on 407s
 * itself and stops when the same credentials are asked for twice, which needs the response;
 * Wine's winhttp never fails with it either). Pre-emptive credentials (SetCredentials, Basic)
 * take one leg, option credentials answer the challenge once (two legs), never more. */
static void test_wrong_proxy_credentials(void)
{
    char proxy[64];
    DWORD error = 0, code;
    snprintf(proxy, sizeof proxy, "127.0.0.1:%d", port);
    HINTERNET s = named(proxy, NULL);
    HINTERNET c = WinHttpConnect(s, W("origin.invalid"), 80, 0);
    HINTERNET r = proxy_request(c, W("/proxy-auth?user=bob&pass=pass"), CREDS_SET, WINHTTP_AUTH_SCHEME_BASIC, W("wrong"));
    code = send_counted(r, &error);
    ok(code == 407 && sends == 1, "wrong Basic SetCredentials: status %lu, error %lu, %d sent", (unsigned long)code,
       (unsigned long)error, sends);
    /* Sent again with the same wrong credentials: again one leg, again the 407. */
    code = send_counted(r, &error);
    ok(code == 407 && sends == 1, "wrong Basic SetCredentials again: status %lu, error %lu, %d sent", (unsigned long)code,
       (unsigned long)error, sends);
    WinHttpCloseHandle(r);
    r = proxy_request(c, W("/proxy-auth?user=bob&pass=pass"), CREDS_OPTIONS, 0, W("wrong"));
    code = send_counted(r, &error);
    ok(code == 407 && sends == 2, "wrong Basic PROXY_PASSWORD: status %lu, error %lu, %d sent", (unsigned long)code,
       (unsigned long)error, sends);
    WinHttpCloseHandle(r);
    WinHttpCloseHandle(c);
    WinHttpCloseHandle(s);
}

/* HTTPS through a proxy that wants Digest on CONNECT (the test server plays it, see its README):
 * the 407 to CONNECT is the response; Digest proxy credentials answer it, set before the send
 * (inside WinHttpReceiveResponse, with a second CONNECT) or after the 407 (on the next send);
 * wrong ones leave the 407. Each case in its own session, so no authenticated tunnel is reused. */
static void test_connect_digest(int tls_port)
{
    char proxy[64], body[256];
    WCHAR wproxy[64];
    DWORD error = 0, code, supported = 0, first = 0, target = 0, n, total;
    static const char *const what[] = { "no credentials", "SetCredentials", "the options", "a wrong password" };
    snprintf(proxy, sizeof proxy, "127.0.0.1:%d", port);
    widen(wproxy, proxy);
    for (int how = 0; how < 4; how++) {
        HINTERNET s = WinHttpOpen(W("winhttp-proxy-test proxy-auth=digest"), WINHTTP_ACCESS_TYPE_NAMED_PROXY, wproxy,
                                  WINHTTP_NO_PROXY_BYPASS, 0);
        HINTERNET c = WinHttpConnect(s, W("localhost"), (INTERNET_PORT)tls_port, 0);
        HINTERNET r = WinHttpOpenRequest(c, NULL, W("/tls-info"), NULL, NULL, NULL, WINHTTP_FLAG_SECURE);
        if (how == 1)
            WinHttpSetCredentials(r, WINHTTP_AUTH_TARGET_PROXY, WINHTTP_AUTH_SCHEME_DIGEST, W("bob"), W("pass"), NULL);
        if (how >= 2) {
            WinHttpSetOption(r, WINHTTP_OPTION_PROXY_USERNAME, (void *)W("bob"), 3);
            WinHttpSetOption(r, WINHTTP_OPTION_PROXY_PASSWORD, how == 2 ? (void *)W("pass") : (void *)W("nope"), 4);
        }
        code = send_counted(r, &error);
        ok(code == (how == 1 || how == 2 ? 200u : 407u), "CONNECT with %s: status %lu, error %lu", what[how],
           (unsigned long)code, (unsigned long)error);
        if (how == 0) {
            ok(WinHttpQueryAuthSchemes(r, &supported, &first, &target) && supported == WINHTTP_AUTH_SCHEME_DIGEST &&
                   target == WINHTTP_AUTH_TARGET_PROXY,
               "CONNECT's challenge: schemes %lx target %lx", (unsigned long)supported, (unsigned long)target);
            WinHttpSetCredentials(r, WINHTTP_AUTH_TARGET_PROXY, WINHTTP_AUTH_SCHEME_DIGEST, W("bob"), W("pass"), NULL);
            body[0] = 0;
            total = 0;
            if (WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, 0) && WinHttpReceiveResponse(r, NULL))
                while (total < sizeof body - 1 && WinHttpReadData(r, body + total, sizeof body - 1 - total, &n) && n)
                    total += n;
            body[total] = 0;
            /* The tunnel carries TLS to the server. */
            ok(!strncmp(body, "protocol=TLS1.", 14), "credentials set after the 407: the server saw %.40s", body);
        }
        WinHttpCloseHandle(r);
        WinHttpCloseHandle(c);
        WinHttpCloseHandle(s);
    }
}

#ifndef _WIN32
#include <signal.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <sys/wait.h>
#include <unistd.h>


/* HTTPS through proxies: CONNECT, then TLS to the test server through the tunnel; the test server
 * as a proxy that wants Digest, then tinyproxy (when installed). */
static void test_connect(void)
{
    const char *tiny = access("/usr/bin/tinyproxy", X_OK) == 0 ? "/usr/bin/tinyproxy"
                     : access("/usr/sbin/tinyproxy", X_OK) == 0 ? "/usr/sbin/tinyproxy" : NULL;
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
    test_connect_digest(tls.port);
    if (!tiny) {
        printf("proxy_net: tinyproxy not installed, CONNECT through a real proxy not tested\n");
        test_server_kill(&tls);
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
        if (system(cmd)) {}
        return;
    }
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
    test_proxy_digest(W("/proxy-auth/digest?user=bob&pass=pass"));
    test_proxy_digest(W("/proxy-auth/digest?user=bob&pass=pass&algorithm=SHA-256"));
    test_proxy_then_server();
    test_proxy_ntlm();
    test_wrong_proxy_credentials();
#ifndef _WIN32
    test_connect();
#else
    /* The runner's HTTPS test server ("valid=PORT" in WINHTTP_TEST_TLS_PORTS). */
    const char *tls = getenv("WINHTTP_TEST_TLS_PORTS");
    const char *valid = tls ? strstr(tls, "valid=") : NULL;
    if (valid) test_connect_digest(atoi(valid + 6));
    else ok(0, "no HTTPS test server for the CONNECT tests (WINHTTP_TEST_TLS_PORTS)");
#endif
    test_server_stop();
    return test_summary();
}
