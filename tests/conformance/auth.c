/* Conformance: server authentication against the loopback test server: WinHttpQueryAuthSchemes
 * on a real 401, Basic credentials from WinHttpSetCredentials sent with the request, Digest
 * (MD5 and SHA-256, qop=auth) answered automatically when the credentials were set before the
 * challenge and on the next send when they were set after it, wrong credentials, and
 * ERROR_WINHTTP_RESEND_REQUEST when the body went through WinHttpWriteData. */
#include "test.h"
#include "../server/harness.h"

#define W(s) ((const WCHAR *)u ## s)

static int port;
static HINTERNET session, connection;
static int sending;   /* SENDING_REQUEST notifications seen */

static void CALLBACK callback(HINTERNET h, DWORD_PTR ctx, DWORD status, LPVOID info, DWORD len)
{
    (void)h; (void)ctx; (void)info; (void)len;
    if (status == WINHTTP_CALLBACK_STATUS_SENDING_REQUEST) sending++;
}

static HINTERNET open_req(const WCHAR *verb, const WCHAR *path)
{
    HINTERNET r = WinHttpOpenRequest(connection, verb, path, NULL, NULL, NULL, 0);
    ok(r != NULL, "WinHttpOpenRequest failed");
    WinHttpSetStatusCallback(r, callback, WINHTTP_CALLBACK_FLAG_SEND_REQUEST, 0);
    return r;
}

/* Sends and receives; the status code, or 0 with the error in *error. */
static DWORD exchange(HINTERNET r, const char *data, DWORD *error)
{
    DWORD len = data ? (DWORD)strlen(data) : 0, code = 0, size = sizeof code;
    sending = 0;
    *error = 0;
    if (!WinHttpSendRequest(r, NULL, 0, (void *)data, len, len, 0) || !WinHttpReceiveResponse(r, NULL)) {
        *error = GetLastError();
        return 0;
    }
    WinHttpQueryHeaders(r, WINHTTP_QUERY_STATUS_CODE | WINHTTP_QUERY_FLAG_NUMBER, NULL, &code, &size, NULL);
    char buf[256];
    DWORD n;
    while (WinHttpReadData(r, buf, sizeof buf, &n) && n) {}
    return code;
}

static void test_basic(void)
{
    DWORD error = 0, supported = 0, first = 0, target = 0;
    HINTERNET r = open_req(NULL, W("/auth/basic?user=alice&pass=secret"));
    ok(exchange(r, NULL, &error) == 401, "no credentials: not 401 (error %lu)", (unsigned long)error);
    ok(WinHttpQueryAuthSchemes(r, &supported, &first, &target), "WinHttpQueryAuthSchemes failed: %lu",
       (unsigned long)GetLastError());
    ok(supported == WINHTTP_AUTH_SCHEME_BASIC && first == WINHTTP_AUTH_SCHEME_BASIC && target == WINHTTP_AUTH_TARGET_SERVER,
       "schemes %lx first %lx target %lx", (unsigned long)supported, (unsigned long)first, (unsigned long)target);
    /* Credentials set, the same handle sent again: Basic goes with the request. */
    ok(WinHttpSetCredentials(r, WINHTTP_AUTH_TARGET_SERVER, WINHTTP_AUTH_SCHEME_BASIC, W("alice"), W("secret"), NULL),
       "WinHttpSetCredentials failed: %lu", (unsigned long)GetLastError());
    ok(exchange(r, NULL, &error) == 200 && sending == 1, "Basic: not 200 in one request (%d sent)", sending);
    WinHttpCloseHandle(r);
    /* Wrong credentials: the 401 is the answer (no loop). */
    r = open_req(NULL, W("/auth/basic?user=alice&pass=secret"));
    WinHttpSetCredentials(r, WINHTTP_AUTH_TARGET_SERVER, WINHTTP_AUTH_SCHEME_BASIC, W("alice"), W("wrong"), NULL);
    ok(exchange(r, NULL, &error) == 401 && sending == 1, "wrong Basic password: not a single 401");
    WinHttpCloseHandle(r);
}

static void test_digest(const WCHAR *path)
{
    DWORD error = 0, supported = 0, first = 0, target = 0;
    /* Credentials set before the challenge: answered inside WinHttpReceiveResponse. */
    HINTERNET r = open_req(NULL, path);
    ok(WinHttpSetCredentials(r, WINHTTP_AUTH_TARGET_SERVER, WINHTTP_AUTH_SCHEME_DIGEST, W("bob"), W("pw"), NULL),
       "WinHttpSetCredentials(DIGEST) failed: %lu", (unsigned long)GetLastError());
    ok(exchange(r, NULL, &error) == 200, "%s: Digest not accepted (error %lu)", u16a(path), (unsigned long)error);
    ok(sending == 2, "%s: %d requests sent, expected the challenge and the answer", u16a(path), sending);
    /* The same handle again: the nonce is reused, its count goes on. */
    ok(exchange(r, NULL, &error) == 200 && sending == 1, "%s: second send not answered at once (%d sent)", u16a(path), sending);
    WinHttpCloseHandle(r);

    /* Credentials set after the 401: the next send answers the challenge kept from it. */
    r = open_req(NULL, path);
    ok(exchange(r, NULL, &error) == 401, "%s: no 401 without credentials", u16a(path));
    ok(WinHttpQueryAuthSchemes(r, &supported, &first, &target) && supported == WINHTTP_AUTH_SCHEME_DIGEST,
       "%s: schemes %lx", u16a(path), (unsigned long)supported);
    WinHttpSetCredentials(r, WINHTTP_AUTH_TARGET_SERVER, WINHTTP_AUTH_SCHEME_DIGEST, W("bob"), W("pw"), NULL);
    ok(exchange(r, NULL, &error) == 200 && sending == 1, "%s: resend with credentials: not 200 at once", u16a(path));
    WinHttpCloseHandle(r);

    /* Wrong password: one answer, then the 401 is the response. */
    r = open_req(NULL, path);
    WinHttpSetCredentials(r, WINHTTP_AUTH_TARGET_SERVER, WINHTTP_AUTH_SCHEME_DIGEST, W("bob"), W("nope"), NULL);
    ok(exchange(r, NULL, &error) == 401 && sending == 2, "%s: wrong password: %d sent", u16a(path), sending);
    WinHttpCloseHandle(r);
}

static void test_resend(void)
{
    /* A POST with optional data is sent again with the answer by WinHTTP itself. */
    DWORD error = 0;
    HINTERNET r = open_req(W("POST"), W("/auth/digest?user=bob&pass=pw"));
    WinHttpSetCredentials(r, WINHTTP_AUTH_TARGET_SERVER, WINHTTP_AUTH_SCHEME_DIGEST, W("bob"), W("pw"), NULL);
    ok(exchange(r, "payload", &error) == 200 && sending == 2, "POST with optional data: not answered");
    WinHttpCloseHandle(r);

    /* A body written with WinHttpWriteData cannot be: the application sends again. */
    r = open_req(W("POST"), W("/auth/digest?user=bob&pass=pw"));
    WinHttpSetCredentials(r, WINHTTP_AUTH_TARGET_SERVER, WINHTTP_AUTH_SCHEME_DIGEST, W("bob"), W("pw"), NULL);
    DWORD written = 0;
    ok(WinHttpSendRequest(r, NULL, 0, NULL, 0, 7, 0), "send failed: %lu", (unsigned long)GetLastError());
    ok(WinHttpWriteData(r, "payload", 7, &written) && written == 7, "write failed");
    SetLastError(0xdeadbeef);
    ok(!WinHttpReceiveResponse(r, NULL), "ReceiveResponse succeeded on a challenge to a written body");
    expect_error(ERROR_WINHTTP_RESEND_REQUEST);
    ok(WinHttpSendRequest(r, NULL, 0, NULL, 0, 7, 0), "send again failed: %lu", (unsigned long)GetLastError());
    ok(WinHttpWriteData(r, "payload", 7, &written), "write again failed");
    ok(WinHttpReceiveResponse(r, NULL), "ReceiveResponse after resending failed: %lu", (unsigned long)GetLastError());
    DWORD code = 0, size = sizeof code;
    WinHttpQueryHeaders(r, WINHTTP_QUERY_STATUS_CODE | WINHTTP_QUERY_FLAG_NUMBER, NULL, &code, &size, NULL);
    ok(code == 200, "after resending: status %lu", (unsigned long)code);
    WinHttpCloseHandle(r);
}

/* WINHTTP_OPTION_USERNAME / PASSWORD: credentials for the challenge the server offers. */
static void test_options(void)
{
    DWORD error = 0;
    HINTERNET r = open_req(NULL, W("/auth/basic?user=carol&pass=pw2"));
    ok(WinHttpSetOption(r, WINHTTP_OPTION_USERNAME, (void *)W("carol"), 5), "USERNAME failed");
    ok(WinHttpSetOption(r, WINHTTP_OPTION_PASSWORD, (void *)W("pw2"), 3), "PASSWORD failed");
    ok(exchange(r, NULL, &error) == 200 && sending == 2, "Basic from the options: %d sent, error %lu", sending,
       (unsigned long)error);
    WinHttpCloseHandle(r);
    r = open_req(NULL, W("/auth/digest?user=carol&pass=pw2"));
    WinHttpSetOption(r, WINHTTP_OPTION_USERNAME, (void *)W("carol"), 5);
    WinHttpSetOption(r, WINHTTP_OPTION_PASSWORD, (void *)W("pw2"), 3);
    ok(exchange(r, NULL, &error) == 200 && sending == 2, "Digest from the options: %d sent, error %lu", sending,
       (unsigned long)error);
    WinHttpCloseHandle(r);
    r = open_req(NULL, W("/auth/basic?user=carol&pass=pw2"));
    WinHttpSetOption(r, WINHTTP_OPTION_USERNAME, (void *)W("carol"), 5);
    WinHttpSetOption(r, WINHTTP_OPTION_PASSWORD, (void *)W("bad"), 3);
    ok(exchange(r, NULL, &error) == 401 && sending == 2, "wrong password from the options: %d sent", sending);
    WinHttpCloseHandle(r);
}

int main(void)
{
    if (test_server_start(NULL, &port)) {
        ok(0, "cannot start the test server");
        return test_summary();
    }
    session = WinHttpOpen(W("winhttp-auth-test"), WINHTTP_ACCESS_TYPE_NO_PROXY, NULL, NULL, 0);
    connection = WinHttpConnect(session, W("127.0.0.1"), (INTERNET_PORT)port, 0);
    test_basic();
    test_digest(W("/auth/digest?user=bob&pass=pw"));
    test_digest(W("/auth/digest?user=bob&pass=pw&algorithm=SHA-256"));
    test_resend();
    test_options();
    WinHttpCloseHandle(connection);
    WinHttpCloseHandle(session);
    test_server_stop();
    return test_summary();
}
