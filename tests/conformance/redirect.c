/* Conformance: automatic redirects against the loopback test server: the 3xx codes WinHTTP
 * follows and how (method and body), the REDIRECT notification and its URL, WINHTTP_OPTION_URL
 * afterwards, WINHTTP_OPTION_MAX_HTTP_AUTOMATIC_REDIRECTS and ERROR_WINHTTP_REDIRECT_FAILED,
 * WINHTTP_OPTION_REDIRECT_POLICY and WINHTTP_DISABLE_REDIRECTS. */
#include "test.h"
#include "../server/harness.h"
#include <stdint.h>

#define W(s) ((const WCHAR *)u ## s)

static int port;
static HINTERNET session, connection;

static DWORD statuses[256];
static WCHAR redirect_urls[16][256];
static int nstatus, nredirect;

static DWORD redirect_codes[16];   /* the status code queried from inside each REDIRECT */

static void CALLBACK callback(HINTERNET h, DWORD_PTR ctx, DWORD status, LPVOID info, DWORD len)
{
    (void)ctx;
    if (nstatus < 256) statuses[nstatus++] = status;
    if (status == WINHTTP_CALLBACK_STATUS_REDIRECT && nredirect < 16) {
        DWORD code = 0, size = sizeof code;
        WinHttpQueryHeaders(h, WINHTTP_QUERY_STATUS_CODE | WINHTTP_QUERY_FLAG_NUMBER, NULL, &code, &size, NULL);
        redirect_codes[nredirect] = code;
    }
    if (status == WINHTTP_CALLBACK_STATUS_REDIRECT && nredirect < 16 && info) {
        DWORD n = len < 255 ? len : 255;
        memcpy(redirect_urls[nredirect], info, n * sizeof(WCHAR));
        redirect_urls[nredirect][n] = 0;
        nredirect++;
    }
}

struct result {
    BOOL ok;
    DWORD error;
    DWORD code;
    char body[256];
    WCHAR url[512];
};

/* Sends `verb` `path` (with `data` as optional data), receives and reads the response. */
static struct result fetch(const WCHAR *verb, const WCHAR *path, const char *data, const DWORD *option, DWORD value)
{
    struct result res;
    memset(&res, 0, sizeof res);
    nstatus = nredirect = 0;
    HINTERNET r = WinHttpOpenRequest(connection, verb, path, NULL, NULL, NULL, 0);
    ok(r != NULL, "WinHttpOpenRequest failed: %lu", (unsigned long)GetLastError());
    if (!r) return res;
    WinHttpSetStatusCallback(r, callback, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
    if (option) ok(WinHttpSetOption(r, *option, &value, sizeof value), "WinHttpSetOption(%lu) failed", (unsigned long)*option);
    DWORD len = data ? (DWORD)strlen(data) : 0;
    res.ok = WinHttpSendRequest(r, NULL, 0, (void *)data, len, len, 0) && WinHttpReceiveResponse(r, NULL);
    res.error = res.ok ? 0 : GetLastError();
    if (res.ok) {
        DWORD size = sizeof res.code;
        WinHttpQueryHeaders(r, WINHTTP_QUERY_STATUS_CODE | WINHTTP_QUERY_FLAG_NUMBER, NULL, &res.code, &size, NULL);
        DWORD n = 0, total = 0;
        while (total < sizeof res.body - 1 && WinHttpReadData(r, res.body + total, sizeof res.body - 1 - total, &n) && n)
            total += n;
    }
    DWORD size = sizeof res.url;
    WinHttpQueryOption(r, WINHTTP_OPTION_URL, res.url, &size);
    WinHttpCloseHandle(r);
    return res;
}

static int url_ends_with(const WCHAR *url, const char *tail)
{
    size_t n = u16len(url), m = strlen(tail), i;
    if (m > n) return 0;
    for (i = 0; i < m; i++)
        if (url[n - m + i] != (WCHAR)(unsigned char)tail[i]) return 0;
    return 1;
}

static int count(DWORD status)
{
    int i, n = 0;
    for (i = 0; i < nstatus; i++) n += statuses[i] == status;
    return n;
}

static void test_follow(void)
{
    struct result r = fetch(NULL, W("/redirect/3"), NULL, NULL, 0);
    ok(r.ok, "GET /redirect/3 failed: %lu", (unsigned long)r.error);
    ok(r.code == 200, "status %lu after the redirects", (unsigned long)r.code);
    ok(url_ends_with(r.url, "/status/200"), "WINHTTP_OPTION_URL is %s", u16a(r.url));
    ok(nredirect == 3, "%d REDIRECT notifications", nredirect);
    /* The REDIRECT notification carries the Location value. */
    ok(nredirect > 0 && !u16cmp(redirect_urls[0], W("/redirect/2")), "first REDIRECT: %s", u16a(redirect_urls[0]));
    ok(nredirect > 2 && !u16cmp(redirect_urls[2], W("/status/200")), "last REDIRECT: %s", u16a(redirect_urls[2]));
    /* During REDIRECT the redirect response's headers can be queried (status callback page). */
    ok(redirect_codes[0] == 302 && redirect_codes[2] == 302, "status queried in REDIRECT: %lu, %lu",
       (unsigned long)redirect_codes[0], (unsigned long)redirect_codes[2]);
    /* Each hop: RESPONSE_RECEIVED, REDIRECT, then a new request on the kept-alive connection. */
    ok(count(WINHTTP_CALLBACK_STATUS_SENDING_REQUEST) == 4, "%d SENDING_REQUEST", count(WINHTTP_CALLBACK_STATUS_SENDING_REQUEST));
    ok(count(WINHTTP_CALLBACK_STATUS_RESPONSE_RECEIVED) == 4, "%d RESPONSE_RECEIVED", count(WINHTTP_CALLBACK_STATUS_RESPONSE_RECEIVED));
    int i, order = 0;
    for (i = 1; i < nstatus; i++)
        if (statuses[i] == WINHTTP_CALLBACK_STATUS_REDIRECT && statuses[i - 1] == WINHTTP_CALLBACK_STATUS_RESPONSE_RECEIVED) order++;
    ok(order == 3, "REDIRECT right after RESPONSE_RECEIVED %d times", order);

    /* An absolute Location. */
    r = fetch(NULL, W("/redirect/2?absolute=1"), NULL, NULL, 0);
    ok(r.ok && r.code == 200, "absolute redirects: ok %d status %lu", r.ok, (unsigned long)r.code);
    ok(url_ends_with(r.url, "/status/200?absolute=1"), "WINHTTP_OPTION_URL is %s", u16a(r.url));

    /* Every code WinHTTP follows. */
    static const char *codes[] = { "301", "302", "303", "307", "308" };
    size_t k;
    for (k = 0; k < sizeof codes / sizeof codes[0]; k++) {
        WCHAR path[64];
        char a[64];
        snprintf(a, sizeof a, "/redirect-to?url=/status/201&code=%s", codes[k]);
        for (i = 0; a[i]; i++) path[i] = (WCHAR)a[i];
        path[i] = 0;
        r = fetch(NULL, path, NULL, NULL, 0);
        ok(r.ok && r.code == 201, "%s: ok %d status %lu", codes[k], r.ok, (unsigned long)r.code);
    }
    /* 300 and 304 are not followed. */
    r = fetch(NULL, W("/redirect-to?url=/status/201&code=300"), NULL, NULL, 0);
    ok(r.ok && r.code == 300, "300: status %lu", (unsigned long)r.code);
}

static void test_methods(void)
{
    /* 307 and 308 keep the method and send the body again. */
    struct result r = fetch(W("POST"), W("/redirect-to?url=/upload&code=307"), "hello", NULL, 0);
    ok(r.ok && r.code == 200 && !strcmp(r.body, "5"), "POST through 307: status %lu, server got '%s'", (unsigned long)r.code, r.body);
    r = fetch(W("POST"), W("/redirect-to?url=/upload&code=308"), "hello!", NULL, 0);
    ok(r.ok && r.code == 200 && !strcmp(r.body, "6"), "POST through 308: server got '%s'", r.body);
    /* 301, 302 turn a POST into a GET without the body; 303 too. */
    r = fetch(W("POST"), W("/redirect-to?url=/upload&code=302"), "hello", NULL, 0);
    ok(r.ok && !strcmp(r.body, "0"), "POST through 302: server got '%s'", r.body);
    r = fetch(W("POST"), W("/redirect-to?url=/upload&code=301"), "hello", NULL, 0);
    ok(r.ok && !strcmp(r.body, "0"), "POST through 301: server got '%s'", r.body);
    r = fetch(W("POST"), W("/redirect-to?url=/upload&code=303"), "hello", NULL, 0);
    ok(r.ok && !strcmp(r.body, "0"), "POST through 303: server got '%s'", r.body);
    /* The method that reaches the target (/echo shows the request line). */
    r = fetch(W("POST"), W("/redirect-to?url=/echo&code=303"), "hello", NULL, 0);
    ok(!strncmp(r.body, "GET /echo HTTP/1.1\r\n", 20), "303 request line: %.30s", r.body);
    r = fetch(W("PUT"), W("/redirect-to?url=/echo&code=307"), "x", NULL, 0);
    ok(!strncmp(r.body, "PUT /echo HTTP/1.1\r\n", 20), "307 request line: %.30s", r.body);
}

static void test_limits(void)
{
    /* More redirects than allowed (10 by default). */
    struct result r = fetch(NULL, W("/redirect/11"), NULL, NULL, 0);
    ok(!r.ok && r.error == ERROR_WINHTTP_REDIRECT_FAILED, "11 redirects: ok %d error %lu", r.ok, (unsigned long)r.error);
    r = fetch(NULL, W("/redirect/10"), NULL, NULL, 0);
    ok(r.ok && r.code == 200, "10 redirects: ok %d error %lu", r.ok, (unsigned long)r.error);
    DWORD opt = WINHTTP_OPTION_MAX_HTTP_AUTOMATIC_REDIRECTS;
    r = fetch(NULL, W("/redirect/3"), NULL, &opt, 2);
    ok(!r.ok && r.error == ERROR_WINHTTP_REDIRECT_FAILED, "3 redirects, 2 allowed: ok %d error %lu", r.ok, (unsigned long)r.error);
    r = fetch(NULL, W("/redirect/2"), NULL, &opt, 2);
    ok(r.ok && r.code == 200, "2 redirects, 2 allowed: ok %d error %lu", r.ok, (unsigned long)r.error);

    /* Not followed: the 3xx itself is the response. */
    opt = WINHTTP_OPTION_REDIRECT_POLICY;
    r = fetch(NULL, W("/redirect/1"), NULL, &opt, WINHTTP_OPTION_REDIRECT_POLICY_NEVER);
    ok(r.ok && r.code == 302 && nredirect == 0, "policy NEVER: status %lu, %d REDIRECT", (unsigned long)r.code, nredirect);
    ok(url_ends_with(r.url, "/redirect/1"), "policy NEVER: URL %s", u16a(r.url));
    r = fetch(NULL, W("/redirect/1"), NULL, &opt, WINHTTP_OPTION_REDIRECT_POLICY_ALWAYS);
    ok(r.ok && r.code == 200, "policy ALWAYS: status %lu", (unsigned long)r.code);
    opt = WINHTTP_OPTION_DISABLE_FEATURE;
    r = fetch(NULL, W("/redirect/1"), NULL, &opt, WINHTTP_DISABLE_REDIRECTS);
    ok(r.ok && r.code == 302 && nredirect == 0, "DISABLE_REDIRECTS: status %lu", (unsigned long)r.code);
    /* A HEAD is not redirected; a 3xx without Location is the response. */
    r = fetch(W("HEAD"), W("/redirect/1"), NULL, NULL, 0);
    ok(r.ok && r.code == 302, "HEAD: status %lu", (unsigned long)r.code);
    r = fetch(NULL, W("/status/302"), NULL, NULL, 0);
    ok(r.ok && r.code == 302, "302 without Location: status %lu", (unsigned long)r.code);
}

/* The body of a redirect is read and dropped so the next leg can reuse the connection, up to
 * WINHTTP_OPTION_MAX_RESPONSE_DRAIN_SIZE (1 MB by default; the option flags page: "a bound on
 * the amount of data drained from responses in order to reuse a connection"); beyond it the
 * connection is not reused: a second CONNECTED_TO_SERVER, and the redirect still followed. */
static void test_drain(void)
{
    static const struct { DWORD pad, bound; int connects; } cases[] = {
        { 300000, 0, 1 }, { 3000000, 0, 2 }, { 300000, 1000, 2 }, { 0, 0, 1 },
    };
    HINTERNET saved_session = session, saved_connection = connection;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        /* A session of its own: no idle connection of an earlier case to reuse. */
        session = WinHttpOpen(W("winhttp-redirect-test"), WINHTTP_ACCESS_TYPE_NO_PROXY, NULL, NULL, 0);
        connection = WinHttpConnect(session, W("127.0.0.1"), (INTERNET_PORT)port, 0);
        char path[128];
        WCHAR wpath[128];
        size_t k;
        snprintf(path, sizeof path, "/redirect-to?url=/bytes/26&pad=%lu", (unsigned long)cases[i].pad);
        for (k = 0; path[k]; k++) wpath[k] = (WCHAR)path[k];
        wpath[k] = 0;
        DWORD option = WINHTTP_OPTION_MAX_RESPONSE_DRAIN_SIZE;
        struct result r = fetch(NULL, wpath, NULL, cases[i].bound ? &option : NULL, cases[i].bound);
        ok(r.ok && r.code == 200 && !strcmp(r.body, "abcdefghijklmnopqrstuvwxyz"), "pad %lu bound %lu: ok %d code %lu body '%s'",
           (unsigned long)cases[i].pad, (unsigned long)cases[i].bound, r.ok, (unsigned long)r.code, r.body);
        ok(count(WINHTTP_CALLBACK_STATUS_CONNECTED_TO_SERVER) == cases[i].connects, "pad %lu bound %lu: %d connections",
           (unsigned long)cases[i].pad, (unsigned long)cases[i].bound, count(WINHTTP_CALLBACK_STATUS_CONNECTED_TO_SERVER));
        ok(count(WINHTTP_CALLBACK_STATUS_REDIRECT) == 1, "pad %lu: %d REDIRECT notifications", (unsigned long)cases[i].pad,
           count(WINHTTP_CALLBACK_STATUS_REDIRECT));
        WinHttpCloseHandle(connection);
        WinHttpCloseHandle(session);
    }
    session = saved_session;
    connection = saved_connection;
}

int main(void)
{
    if (test_server_start(NULL, &port)) {
        ok(0, "cannot start the test server");
        return test_summary();
    }
    session = WinHttpOpen(W("winhttp-redirect-test"), WINHTTP_ACCESS_TYPE_NO_PROXY, NULL, NULL, 0);
    connection = WinHttpConnect(session, W("127.0.0.1"), (INTERNET_PORT)port, 0);
    ok(session && connection, "WinHttpOpen/WinHttpConnect failed");
    test_follow();
    test_methods();
    test_limits();
    test_drain();
    WinHttpCloseHandle(connection);
    WinHttpCloseHandle(session);
    test_server_stop();
    return test_summary();
}
