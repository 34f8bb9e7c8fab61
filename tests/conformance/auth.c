/* Conformance: server authentication against the loopback test server: WinHttpQueryAuthSchemes
 * on a real 401, Basic credentials from WinHttpSetCredentials sent with the request, Digest
 * (MD5 and SHA-256, qop=auth) answered automatically when the credentials were set before the
 * challenge and on the next send when they were set after it, ERROR_WINHTTP_RESEND_REQUEST when
 * the body went through WinHttpWriteData, WINHTTP_OPTION_USERNAME/PASSWORD, wrong credentials
 * (the 401 handed over, never ERROR_WINHTTP_LOGIN_FAILURE, no loop), NTLM/Negotiate challenges
 * (not implemented: credentials set for them end in ERROR_WINHTTP_LOGIN_FAILURE), and the
 * WinHttpWriteData page's server that challenges before a big upload is over (resetting the
 * connection, or draining the body). */
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
    /* Sent again: the kept nonce is answered at once and refused again; that answer is not
     * repeated (the same nonce challenged again, not stale: the credentials are wrong). */
    ok(exchange(r, NULL, &error) == 401 && sending == 1, "%s: wrong password again: %d sent", u16a(path), sending);
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

/* Wrong credentials never end in ERROR_WINHTTP_LOGIN_FAILURE for Basic or Digest: the 401 is the
 * response and WinHttpReceiveResponse succeeds (the authentication guide's sample loops on 401s
 * itself and stops when the same credentials are asked for twice, which needs the 401 handed
 * over; Wine's winhttp never returns that error either). The credentials are tried once per
 * receive (SetCredentials Basic: pre-emptively, one leg; the others answer the challenge, two
 * legs), twice when the server says the nonce was stale, however often it says so: no loop. */
static void test_wrong_credentials(void)
{
    DWORD error = 0, code;
    HINTERNET r = open_req(NULL, W("/auth/digest?user=carol&pass=pw2"));
    WinHttpSetOption(r, WINHTTP_OPTION_USERNAME, (void *)W("carol"), 5);
    WinHttpSetOption(r, WINHTTP_OPTION_PASSWORD, (void *)W("bad"), 3);
    code = exchange(r, NULL, &error);
    ok(code == 401 && sending == 2, "wrong Digest password from the options: status %lu error %lu, %d sent",
       (unsigned long)code, (unsigned long)error, sending);
    WinHttpCloseHandle(r);
    /* Sent again with the same wrong Basic credentials: the same single leg and 401. */
    r = open_req(NULL, W("/auth/basic?user=alice&pass=secret"));
    WinHttpSetCredentials(r, WINHTTP_AUTH_TARGET_SERVER, WINHTTP_AUTH_SCHEME_BASIC, W("alice"), W("wrong"), NULL);
    code = exchange(r, NULL, &error);
    ok(code == 401 && sending == 1, "wrong Basic: status %lu error %lu, %d sent", (unsigned long)code,
       (unsigned long)error, sending);
    code = exchange(r, NULL, &error);
    ok(code == 401 && sending == 1, "wrong Basic again: status %lu error %lu, %d sent", (unsigned long)code,
       (unsigned long)error, sending);
    WinHttpCloseHandle(r);
    /* Every challenge says stale=true with a new nonce: answered twice, then handed over. */
    r = open_req(NULL, W("/auth/digest?user=bob&pass=pw&stale=1"));
    WinHttpSetCredentials(r, WINHTTP_AUTH_TARGET_SERVER, WINHTTP_AUTH_SCHEME_DIGEST, W("bob"), W("pw"), NULL);
    code = exchange(r, NULL, &error);
    ok(code == 401 && sending == 3, "always-stale nonce: status %lu error %lu, %d sent", (unsigned long)code,
       (unsigned long)error, sending);
    WinHttpCloseHandle(r);
}

/* NTLM and Negotiate are not implemented. A server offering only them: WinHttpQueryAuthSchemes
 * reports them as Windows does, and WinHttpSetCredentials takes them as Windows does (misc.c), but
 * credentials set for them cannot be used: when the server asks for that very scheme,
 * WinHttpReceiveResponse fails with ERROR_WINHTTP_LOGIN_FAILURE after the one leg, rather than
 * hand over a 401 that would look like wrong credentials. Option credentials name no scheme:
 * they answer what they can (Basic, Digest), else the 401 is handed over; and
 * WINHTTP_OPTION_AUTOLOGON_POLICY is accepted but changes nothing (Linux has no logged-on user's
 * credentials to send, as if the policy were HIGH). */
static void test_ntlm_negotiate(void)
{
    DWORD error = 0, code, supported = 0, first = 0, target = 0, policy = WINHTTP_AUTOLOGON_SECURITY_LEVEL_LOW;
    static const DWORD schemes[] = { WINHTTP_AUTH_SCHEME_NTLM, WINHTTP_AUTH_SCHEME_NEGOTIATE };
    HINTERNET r = open_req(NULL, W("/auth/multi?schemes=negotiate,ntlm"));
    code = exchange(r, NULL, &error);
    ok(code == 401, "negotiate,ntlm: status %lu error %lu", (unsigned long)code, (unsigned long)error);
    ok(WinHttpQueryAuthSchemes(r, &supported, &first, &target), "QueryAuthSchemes failed: %lu",
       (unsigned long)GetLastError());
    ok(supported == (WINHTTP_AUTH_SCHEME_NEGOTIATE | WINHTTP_AUTH_SCHEME_NTLM), "supported %lx", (unsigned long)supported);
    ok(first == WINHTTP_AUTH_SCHEME_NEGOTIATE, "first %lx", (unsigned long)first);
    ok(target == WINHTTP_AUTH_TARGET_SERVER, "target %lx", (unsigned long)target);
    {
        /* The first scheme is the first the server listed, weak or not (WinHttpQueryAuthSchemes
         * page: "the first authentication scheme listed by the server"). */
        HINTERNET r2 = open_req(NULL, W("/auth/multi?schemes=basic,ntlm"));
        DWORD e2 = 0, s2 = 0, f2 = 0, t2 = 0;
        ok(exchange(r2, NULL, &e2) == 401, "basic,ntlm: no 401 (%lu)", (unsigned long)e2);
        ok(WinHttpQueryAuthSchemes(r2, &s2, &f2, &t2) && s2 == (WINHTTP_AUTH_SCHEME_BASIC | WINHTTP_AUTH_SCHEME_NTLM) &&
           f2 == WINHTTP_AUTH_SCHEME_BASIC, "basic,ntlm: supported %lx first %lx", (unsigned long)s2, (unsigned long)f2);
        WinHttpCloseHandle(r2);
    }
    /* The application answers with NTLM credentials and sends again. */
    ok(WinHttpSetCredentials(r, WINHTTP_AUTH_TARGET_SERVER, WINHTTP_AUTH_SCHEME_NTLM, W("user"), W("pw"), NULL),
       "SetCredentials(NTLM) failed: %lu", (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    code = exchange(r, NULL, &error);
    ok(code == 0 && error == ERROR_WINHTTP_LOGIN_FAILURE && sending == 1,
       "NTLM resend: status %lu error %lu, %d sent", (unsigned long)code, (unsigned long)error, sending);
    WinHttpCloseHandle(r);

    /* Set before the first send, with a name or for the logged-on user (NULL, NULL). */
    for (int i = 0; i < 2; i++) {
        r = open_req(NULL, W("/auth/multi?schemes=negotiate,ntlm"));
        const WCHAR *user = i ? NULL : W("user"), *password = i ? NULL : W("pw");
        ok(WinHttpSetCredentials(r, WINHTTP_AUTH_TARGET_SERVER, schemes[i], user, password, NULL),
           "SetCredentials(%lx) failed: %lu", (unsigned long)schemes[i], (unsigned long)GetLastError());
        SetLastError(0xdeadbeef);
        code = exchange(r, NULL, &error);
        ok(code == 0 && error == ERROR_WINHTTP_LOGIN_FAILURE && sending == 1,
           "scheme %lx: status %lu error %lu, %d sent", (unsigned long)schemes[i], (unsigned long)code,
           (unsigned long)error, sending);
        WinHttpCloseHandle(r);
    }
    /* NTLM credentials for a server that asks for Basic only: nothing to answer, the 401. */
    r = open_req(NULL, W("/auth/basic"));
    WinHttpSetCredentials(r, WINHTTP_AUTH_TARGET_SERVER, WINHTTP_AUTH_SCHEME_NTLM, W("user"), W("pw"), NULL);
    code = exchange(r, NULL, &error);
    ok(code == 401 && sending == 1, "NTLM credentials, Basic challenge: status %lu error %lu, %d sent",
       (unsigned long)code, (unsigned long)error, sending);
    WinHttpCloseHandle(r);

    r = open_req(NULL, W("/auth/multi?schemes=negotiate,ntlm"));
    SetLastError(0xdeadbeef);
    ok(WinHttpSetOption(r, WINHTTP_OPTION_AUTOLOGON_POLICY, &policy, sizeof policy), "AUTOLOGON_POLICY LOW failed: %lu",
       (unsigned long)GetLastError());
    WinHttpSetOption(r, WINHTTP_OPTION_USERNAME, (void *)W("user"), 4);
    WinHttpSetOption(r, WINHTTP_OPTION_PASSWORD, (void *)W("pw"), 2);
    code = exchange(r, NULL, &error);
    ok(code == 401 && sending == 1, "autologon LOW and option credentials: status %lu error %lu, %d sent",
       (unsigned long)code, (unsigned long)error, sending);
    WinHttpCloseHandle(r);
    /* Offered with Basic too: the option credentials answer Basic. */
    r = open_req(NULL, W("/auth/multi?schemes=negotiate,ntlm,basic&user=user&pass=pw"));
    WinHttpSetOption(r, WINHTTP_OPTION_USERNAME, (void *)W("user"), 4);
    WinHttpSetOption(r, WINHTTP_OPTION_PASSWORD, (void *)W("pw"), 2);
    code = exchange(r, NULL, &error);
    ok(code == 200 && sending == 2, "negotiate,ntlm,basic with option credentials: status %lu error %lu, %d sent",
       (unsigned long)code, (unsigned long)error, sending);
    WinHttpCloseHandle(r);
}

#define BIG_UPLOAD (32u << 20)   /* far more than loopback's socket buffers hold */

/* Reads the whole response body into buf (NUL-terminated, truncated to size - 1). */
static void read_body(HINTERNET r, char *buf, DWORD size)
{
    DWORD total = 0, n = 0;
    while (total < size - 1 && WinHttpReadData(r, buf + total, size - 1 - total, &n) && n) total += n;
    buf[total] = 0;
}

static DWORD status_of(HINTERNET r)
{
    DWORD code = 0, size = sizeof code;
    WinHttpQueryHeaders(r, WINHTTP_QUERY_STATUS_CODE | WINHTTP_QUERY_FLAG_NUMBER, NULL, &code, &size, NULL);
    return code;
}

/* The same reset in asynchronous mode: the write completes with REQUEST_ERROR (API_WRITE_DATA,
 * 12030) on a worker, and closing the handle still ends with HANDLE_CLOSING. */
static test_event async_step, async_closing;
static DWORD async_status, async_api, async_error;

static void CALLBACK async_callback(HINTERNET h, DWORD_PTR ctx, DWORD status, LPVOID info, DWORD len)
{
    (void)h; (void)ctx; (void)len;
    if (status == WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING) {
        test_event_set(async_closing);
        return;
    }
    if (status == WINHTTP_CALLBACK_STATUS_REQUEST_ERROR) {
        WINHTTP_ASYNC_RESULT *res = info;
        async_api = (DWORD)res->dwResult;
        async_error = res->dwError;
    }
    async_status = status;
    test_event_set(async_step);
}

static void test_early_reset_async(const char *big)
{
    async_step = test_event_create();
    async_closing = test_event_create();
    HINTERNET s = WinHttpOpen(W("winhttp-auth-test"), WINHTTP_ACCESS_TYPE_NO_PROXY, NULL, NULL, WINHTTP_FLAG_ASYNC);
    HINTERNET c = WinHttpConnect(s, W("127.0.0.1"), (INTERNET_PORT)port, 0);
    HINTERNET r = WinHttpOpenRequest(c, W("POST"), W("/auth/early?user=dave&pass=pw"), NULL, NULL, NULL, 0);
    WinHttpSetStatusCallback(r, async_callback,
                             WINHTTP_CALLBACK_FLAG_ALL_COMPLETIONS | WINHTTP_CALLBACK_FLAG_HANDLES, 0);
    /* (A context value: HANDLE_CLOSING comes only to handles with one.) */
    ok(WinHttpSendRequest(r, NULL, 0, NULL, 0, BIG_UPLOAD, 1), "async send failed: %lu", (unsigned long)GetLastError());
    /* (Waits before the checks: ok()'s message arguments may be read before its condition.) */
    int got = test_event_wait(async_step, 5000);
    ok(got && async_status == WINHTTP_CALLBACK_STATUS_SENDREQUEST_COMPLETE, "async send: status %lx",
       (unsigned long)async_status);
    async_status = 0;
    ok(WinHttpWriteData(r, big, BIG_UPLOAD, NULL), "async WriteData did not start: %lu", (unsigned long)GetLastError());
    got = test_event_wait(async_step, 10000);
    ok(got, "async WriteData: no completion");
    ok(async_status == WINHTTP_CALLBACK_STATUS_REQUEST_ERROR && async_api == API_WRITE_DATA &&
           async_error == ERROR_WINHTTP_CONNECTION_ERROR,
       "async WriteData: status %lx api %lu error %lu", (unsigned long)async_status, (unsigned long)async_api,
       (unsigned long)async_error);
    ok(WinHttpCloseHandle(r), "closing the async request failed: %lu", (unsigned long)GetLastError());
    ok(test_event_wait(async_closing, 5000), "no HANDLE_CLOSING for the async request");
    WinHttpCloseHandle(c);
    WinHttpCloseHandle(s);
    test_event_destroy(async_step);
    test_event_destroy(async_closing);
}

/* The WinHttpWriteData page's case: a server that challenges before the upload is over. */
static void test_early_challenge(void)
{
    char *big = malloc(BIG_UPLOAD), body[256];
    DWORD written = 0;
    BOOL ret;
    if (!big) {
        ok(0, "out of memory");
        return;
    }
    memset(big, 'x', BIG_UPLOAD);

    /* It answers 401 after the head and resets the connection with the body unread: the write
     * fails as on any connection the server reset (12030, the WinHttpWriteData page: "not only
     * does WinHttpWriteData fail ..."), and the request handle closes cleanly. */
    HINTERNET r = open_req(W("POST"), W("/auth/early?user=dave&pass=pw"));
    ok(WinHttpSendRequest(r, NULL, 0, NULL, 0, BIG_UPLOAD, 0), "send failed: %lu", (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ret = WinHttpWriteData(r, big, BIG_UPLOAD, &written);
    ok(!ret, "WriteData of %u bytes to a server that reset the connection succeeded", BIG_UPLOAD);
    expect_error(ERROR_WINHTTP_CONNECTION_ERROR);
    /* No response can be read after the failed write: the connection is gone with it (as after
     * any failed send, the handle is not in a state to receive). */
    SetLastError(0xdeadbeef);
    ok(!WinHttpReceiveResponse(r, NULL), "ReceiveResponse after the failed write succeeded");
    expect_error(ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
    /* The handle can be sent again, here with the credentials the server wanted. */
    /* Nor can more be written: the connection went with the failure. */
    SetLastError(0xdeadbeef);
    ok(!WinHttpWriteData(r, big, 1000, &written), "WriteData after the failed write succeeded");
    expect_error(ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
    ok(WinHttpSetCredentials(r, WINHTTP_AUTH_TARGET_SERVER, WINHTTP_AUTH_SCHEME_BASIC, W("dave"), W("pw"), NULL),
       "SetCredentials after the failed write failed: %lu", (unsigned long)GetLastError());
    ok(WinHttpSendRequest(r, NULL, 0, NULL, 0, BIG_UPLOAD, 0), "send again failed: %lu", (unsigned long)GetLastError());
    ok(WinHttpWriteData(r, big, BIG_UPLOAD, &written) && written == BIG_UPLOAD, "upload again failed: %lu",
       (unsigned long)GetLastError());
    ok(WinHttpReceiveResponse(r, NULL) && status_of(r) == 200, "upload again: status %lu", (unsigned long)status_of(r));
    SetLastError(0xdeadbeef);
    ok(WinHttpCloseHandle(r), "closing the request failed: %lu", (unsigned long)GetLastError());

    /* The page's work-around: a warm-up GET takes the challenge and is answered with the
     * credentials; the POST that follows carries them from the start (Basic goes pre-emptively)
     * and uploads everything in one leg on the same connection. */
    DWORD error = 0;
    char warm[64];
    r = open_req(NULL, W("/auth/early?user=dave&pass=pw"));
    ok(exchange(r, NULL, &error) == 401, "warm-up: no 401 (error %lu)", (unsigned long)error);
    WinHttpSetCredentials(r, WINHTTP_AUTH_TARGET_SERVER, WINHTTP_AUTH_SCHEME_BASIC, W("dave"), W("pw"), NULL);
    ok(WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, 0) && WinHttpReceiveResponse(r, NULL), "warm-up resend failed: %lu",
       (unsigned long)GetLastError());
    ok(status_of(r) == 200, "warm-up with credentials: status %lu", (unsigned long)status_of(r));
    read_body(r, warm, sizeof warm);
    WinHttpCloseHandle(r);
    r = open_req(W("POST"), W("/auth/early?user=dave&pass=pw"));
    ok(WinHttpSetCredentials(r, WINHTTP_AUTH_TARGET_SERVER, WINHTTP_AUTH_SCHEME_BASIC, W("dave"), W("pw"), NULL),
       "SetCredentials failed");
    sending = 0;
    ok(WinHttpSendRequest(r, NULL, 0, NULL, 0, BIG_UPLOAD, 0), "send failed: %lu", (unsigned long)GetLastError());
    ok(WinHttpWriteData(r, big, BIG_UPLOAD, &written) && written == BIG_UPLOAD, "authenticated upload failed: %lu",
       (unsigned long)GetLastError());
    ok(WinHttpReceiveResponse(r, NULL), "receive failed: %lu", (unsigned long)GetLastError());
    ok(status_of(r) == 200 && sending == 1, "authenticated upload: status %lu, %d sent", (unsigned long)status_of(r), sending);
    read_body(r, body, sizeof body);
    const char *conn = strstr(body, " conn=");
    ok(!strncmp(body, "bytes=33554432 ", 15), "the server got: %s", body);
    ok(conn && strstr(warm, conn), "not the warm-up's connection: %s then %s", warm, body);
    WinHttpCloseHandle(r);

    /* A server that challenges early but reads (and drops) the body: the upload completes and
     * the 401 is the response. */
    r = open_req(W("POST"), W("/auth/early?user=dave&pass=pw&early=drain"));
    ok(WinHttpSendRequest(r, NULL, 0, NULL, 0, BIG_UPLOAD, 0), "send failed: %lu", (unsigned long)GetLastError());
    ok(WinHttpWriteData(r, big, BIG_UPLOAD, &written) && written == BIG_UPLOAD, "upload to the draining server failed: %lu",
       (unsigned long)GetLastError());
    ok(WinHttpReceiveResponse(r, NULL), "receive failed: %lu", (unsigned long)GetLastError());
    ok(status_of(r) == 401, "draining server: status %lu", (unsigned long)status_of(r));
    WinHttpCloseHandle(r);
    /* The same with credentials in WINHTTP_OPTION_USERNAME/PASSWORD: they answer only a
     * challenge, and the body went through WinHttpWriteData, so the application sends again
     * (ERROR_WINHTTP_RESEND_REQUEST); the second send carries them and goes through. */
    r = open_req(W("POST"), W("/auth/early?user=dave&pass=pw&early=drain"));
    WinHttpSetOption(r, WINHTTP_OPTION_USERNAME, (void *)W("dave"), 4);
    WinHttpSetOption(r, WINHTTP_OPTION_PASSWORD, (void *)W("pw"), 2);
    ok(WinHttpSendRequest(r, NULL, 0, NULL, 0, BIG_UPLOAD, 0), "send failed: %lu", (unsigned long)GetLastError());
    ok(WinHttpWriteData(r, big, BIG_UPLOAD, &written), "upload failed: %lu", (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ok(!WinHttpReceiveResponse(r, NULL), "ReceiveResponse succeeded on a challenge to a written body");
    expect_error(ERROR_WINHTTP_RESEND_REQUEST);
    ok(WinHttpSendRequest(r, NULL, 0, NULL, 0, BIG_UPLOAD, 0), "send again failed: %lu", (unsigned long)GetLastError());
    ok(WinHttpWriteData(r, big, BIG_UPLOAD, &written), "upload again failed: %lu", (unsigned long)GetLastError());
    ok(WinHttpReceiveResponse(r, NULL), "receive failed: %lu", (unsigned long)GetLastError());
    ok(status_of(r) == 200, "second send with the option credentials: status %lu", (unsigned long)status_of(r));
    read_body(r, body, sizeof body);
    ok(!strncmp(body, "bytes=33554432 ", 15), "the server got: %s", body);
    WinHttpCloseHandle(r);
    test_early_reset_async(big);
    free(big);
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
    test_wrong_credentials();
    test_ntlm_negotiate();
    test_early_challenge();
    WinHttpCloseHandle(connection);
    WinHttpCloseHandle(session);
    test_server_stop();
    return test_summary();
}
