/* Conformance: the session's cookie jar against the loopback test server: Set-Cookie stored and
 * sent back on later requests of the same session (not of another session), merged with a
 * Cookie header of the application, cookies set by a redirect response, WINHTTP_DISABLE_COOKIES. */
#include "test.h"
#include "../server/harness.h"

#define W(s) ((const WCHAR *)u ## s)

static int port;

/* GET `path` on a new request of `session`; the body (at most 255 bytes) in `out`. */
static int get(HINTERNET session, const WCHAR *path, const WCHAR *headers, DWORD disable, char *out)
{
    HINTERNET c = WinHttpConnect(session, W("127.0.0.1"), (INTERNET_PORT)port, 0);
    HINTERNET r = WinHttpOpenRequest(c, NULL, path, NULL, NULL, NULL, 0);
    int ok_ = r != NULL;
    if (disable) ok_ = ok_ && WinHttpSetOption(r, WINHTTP_OPTION_DISABLE_FEATURE, &disable, sizeof disable);
    ok_ = ok_ && WinHttpSendRequest(r, headers, headers ? (DWORD)-1 : 0, NULL, 0, 0, 0) && WinHttpReceiveResponse(r, NULL);
    DWORD n = 0, total = 0;
    while (ok_ && total < 255 && WinHttpReadData(r, out + total, 255 - total, &n) && n) total += n;
    out[total] = 0;
    WinHttpCloseHandle(r);
    WinHttpCloseHandle(c);
    return ok_;
}

int main(void)
{
    char body[256];
    if (test_server_start(NULL, &port)) {
        ok(0, "cannot start the test server");
        return test_summary();
    }
    HINTERNET s = WinHttpOpen(W("winhttp-cookie-test"), WINHTTP_ACCESS_TYPE_NO_PROXY, NULL, NULL, 0);
    HINTERNET other = WinHttpOpen(W("winhttp-cookie-test"), WINHTTP_ACCESS_TYPE_NO_PROXY, NULL, NULL, 0);

    ok(get(s, W("/cookies/echo"), NULL, 0, body), "first request failed");
    ok(!strcmp(body, ""), "cookies before any were set: '%s'", body);
    ok(get(s, W("/cookies/set?a=1&b=two"), NULL, 0, body), "set failed");
    ok(get(s, W("/cookies/echo"), NULL, 0, body), "echo failed");
    ok(!strcmp(body, "a=1; b=two"), "cookies sent back: '%s'", body);
    /* A cookie replaced by a later Set-Cookie of the same name. */
    ok(get(s, W("/cookies/set?a=3"), NULL, 0, body), "set failed");
    ok(get(s, W("/cookies/echo"), NULL, 0, body) && !strcmp(body, "a=3; b=two"), "after replacing: '%s'", body);
    /* The jar belongs to the session. */
    ok(get(other, W("/cookies/echo"), NULL, 0, body) && !strcmp(body, ""), "another session sent '%s'", body);
    /* The application's own Cookie header stays as written, the jar's cookies joined to it. */
    ok(get(s, W("/cookies/echo"), W("Cookie: mine=x\r\n"), 0, body), "echo with a Cookie header failed");
    ok(!strcmp(body, "mine=x; a=3; b=two"), "with the application's cookie: '%s'", body);
    /* WINHTTP_DISABLE_COOKIES: the jar is neither used nor fed. */
    ok(get(s, W("/cookies/echo"), NULL, WINHTTP_DISABLE_COOKIES, body) && !strcmp(body, ""), "disabled: sent '%s'", body);
    ok(get(s, W("/cookies/set?c=4"), NULL, WINHTTP_DISABLE_COOKIES, body), "set (disabled) failed");
    ok(get(s, W("/cookies/echo"), NULL, 0, body) && !strcmp(body, "a=3; b=two"), "disabled set stored: '%s'", body);
    /* A cookie set by a redirect response is sent on the redirected request. */
    ok(get(other, W("/redirect-to?url=/cookies/echo&h=Set-Cookie:r%3D9%3B%20Path%3D/"), NULL, 0, body), "redirect failed");
    ok(!strcmp(body, "r=9"), "cookie of the redirect response: '%s'", body);

    WinHttpCloseHandle(s);
    WinHttpCloseHandle(other);
    test_server_stop();
    return test_summary();
}
