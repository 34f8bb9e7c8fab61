/* Conformance: asynchronous sessions (WINHTTP_FLAG_ASYNC). Each scenario drives a request from
 * its status callback (WinHttpReceiveResponse from SENDREQUEST_COMPLETE, WinHttpQueryDataAvailable
 * from HEADERS_AVAILABLE, WinHttpReadData from DATA_AVAILABLE, ...) against the loopback test
 * server and pins the exact notification sequence and payloads: a plain GET, a POST written
 * with WinHttpWriteData, keep-alive reuse, a refused connection, a name that does not resolve, a
 * timeout, a server that closes early, and a request closed at each stage. */
#include "test.h"
#include "../server/harness.h"
#include <stdatomic.h>
#include <stdint.h>

#define W(s) ((const WCHAR *)u ## s)
#define MAX_NOTES 4096

struct note {
    HINTERNET h;
    DWORD_PTR ctx;
    DWORD status;
    DWORD len;
    DWORD value;          /* DWORD payloads; WINHTTP_ASYNC_RESULT's dwError */
    DWORD_PTR api;        /* WINHTTP_ASYNC_RESULT's dwResult */
};

static struct note notes[MAX_NOTES];
static atomic_int nnotes;
static test_event done_event;     /* the scenario reached its end (or failed) */
static test_event closing_event;  /* HANDLE_CLOSING of the request arrived */
static int port;

/* What the callback does next. */
enum mode {
    M_GET,        /* the whole response: receive, query, read until the end */
    M_CLOSE_AT,   /* close the request handle when `close_at` arrives */
};
static enum mode mode;
static DWORD close_at;
static char body[1 << 20];
static unsigned long long body_len;
static const char *post_data;     /* written with WinHttpWriteData after SENDREQUEST_COMPLETE */
static int post_written;

static void reset(void)
{
    /* Events a previous scenario set and nobody waited for. */
    test_event_wait(done_event, 0);
    test_event_wait(closing_event, 0);
    atomic_store(&nnotes, 0);
    body_len = 0;
    post_data = NULL;
    post_written = 0;
    mode = M_GET;
    close_at = 0;
}

static void CALLBACK callback(HINTERNET h, DWORD_PTR ctx, DWORD status, LPVOID info, DWORD len)
{
    int i = atomic_fetch_add(&nnotes, 1);
    if (i < MAX_NOTES) {
        struct note *n = &notes[i];
        n->h = h;
        n->ctx = ctx;
        n->status = status;
        n->len = len;
        n->value = 0;
        n->api = 0;
        if (status == WINHTTP_CALLBACK_STATUS_REQUEST_ERROR && info) {
            WINHTTP_ASYNC_RESULT *r = info;
            n->api = r->dwResult;
            n->value = r->dwError;
        } else if (info && len == sizeof(DWORD) && status != WINHTTP_CALLBACK_STATUS_READ_COMPLETE) {
            memcpy(&n->value, info, sizeof(DWORD));
        }
    }
    if (status == WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING) {
        test_event_set(closing_event);
        return;
    }
    if (mode == M_CLOSE_AT && status == close_at) {
        WinHttpCloseHandle(h);
        test_event_set(done_event);
        return;
    }
    switch (status) {
    case WINHTTP_CALLBACK_STATUS_SENDREQUEST_COMPLETE:
        if (post_data) {
            WinHttpWriteData(h, post_data, (DWORD)strlen(post_data), NULL);
            break;
        }
        WinHttpReceiveResponse(h, NULL);
        break;
    case WINHTTP_CALLBACK_STATUS_WRITE_COMPLETE:
        post_written += (int)*(DWORD *)info;
        WinHttpReceiveResponse(h, NULL);
        break;
    case WINHTTP_CALLBACK_STATUS_HEADERS_AVAILABLE:
        WinHttpQueryDataAvailable(h, NULL);
        break;
    case WINHTTP_CALLBACK_STATUS_DATA_AVAILABLE: {
        DWORD n = *(DWORD *)info;
        if (!n) {
            test_event_set(done_event);
            break;
        }
        if (n > sizeof body - body_len) n = (DWORD)(sizeof body - body_len);
        WinHttpReadData(h, body + body_len, n, NULL);
        break;
    }
    case WINHTTP_CALLBACK_STATUS_READ_COMPLETE:
        body_len += len;
        if (!len) {
            test_event_set(done_event);
            break;
        }
        WinHttpQueryDataAvailable(h, NULL);
        break;
    case WINHTTP_CALLBACK_STATUS_REQUEST_ERROR:
        test_event_set(done_event);
        break;
    }
}

static HINTERNET session, connection;

static HINTERNET open_request(const char *verb, const WCHAR *path)
{
    HINTERNET r = WinHttpOpenRequest(connection, verb ? W("POST") : NULL, path, NULL, WINHTTP_NO_REFERER,
                                     WINHTTP_DEFAULT_ACCEPT_TYPES, 0);
    ok(r != NULL, "WinHttpOpenRequest failed: %lu", (unsigned long)GetLastError());
    WINHTTP_STATUS_CALLBACK prev = WinHttpSetStatusCallback(r, callback, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
    ok(prev == NULL, "WinHttpSetStatusCallback returned %p", (void *)prev);
    /* A context value, so that HANDLE_CLOSING comes even before WinHttpSendRequest sets one. */
    DWORD_PTR ctx = 1;
    ok(WinHttpSetOption(r, WINHTTP_OPTION_CONTEXT_VALUE, &ctx, sizeof ctx), "setting the context failed");
    return r;
}

/* Compares the recorded statuses for `h` with `want` (terminated by 0), skipping none. */
static void check_sequence(const char *what, HINTERNET h, const DWORD *want)
{
    int n = atomic_load(&nnotes), i, j = 0, same = 1;
    char got[2048] = "", exp[2048] = "";
    for (i = 0; i < n && i < MAX_NOTES; i++) {
        if (notes[i].h != h) continue;
        size_t l = strlen(got);
        snprintf(got + l, sizeof got - l, " %lx", (unsigned long)notes[i].status);
        if (!want[j] || notes[i].status != want[j]) same = 0;
        if (want[j]) j++;
    }
    if (want[j]) same = 0;
    for (j = 0; want[j]; j++) {
        size_t l = strlen(exp);
        snprintf(exp + l, sizeof exp - l, " %lx", (unsigned long)want[j]);
    }
    ok(same, "%s: notifications%s, expected%s", what, got, exp);
}

static const struct note *find(HINTERNET h, DWORD status, int nth)
{
    int n = atomic_load(&nnotes), i;
    for (i = 0; i < n && i < MAX_NOTES; i++)
        if (notes[i].h == h && notes[i].status == status && nth-- == 0) return &notes[i];
    return NULL;
}

static void close_request(HINTERNET r)
{
    ok(WinHttpCloseHandle(r), "WinHttpCloseHandle failed: %lu", (unsigned long)GetLastError());
    ok(test_event_wait(closing_event, 5000), "no HANDLE_CLOSING");
}

/* Statuses (short names). */
enum {
    RESOLVING = WINHTTP_CALLBACK_STATUS_RESOLVING_NAME,
    RESOLVED = WINHTTP_CALLBACK_STATUS_NAME_RESOLVED,
    CONNECTING = WINHTTP_CALLBACK_STATUS_CONNECTING_TO_SERVER,
    CONNECTED = WINHTTP_CALLBACK_STATUS_CONNECTED_TO_SERVER,
    SENDING = WINHTTP_CALLBACK_STATUS_SENDING_REQUEST,
    SENT = WINHTTP_CALLBACK_STATUS_REQUEST_SENT,
    SEND_DONE = WINHTTP_CALLBACK_STATUS_SENDREQUEST_COMPLETE,
    WRITE_DONE = WINHTTP_CALLBACK_STATUS_WRITE_COMPLETE,
    RECEIVING = WINHTTP_CALLBACK_STATUS_RECEIVING_RESPONSE,
    RECEIVED = WINHTTP_CALLBACK_STATUS_RESPONSE_RECEIVED,
    HEADERS = WINHTTP_CALLBACK_STATUS_HEADERS_AVAILABLE,
    DATA = WINHTTP_CALLBACK_STATUS_DATA_AVAILABLE,
    READ = WINHTTP_CALLBACK_STATUS_READ_COMPLETE,
    ERR = WINHTTP_CALLBACK_STATUS_REQUEST_ERROR,
    CLOSING_CONN = WINHTTP_CALLBACK_STATUS_CLOSING_CONNECTION,
    CONN_CLOSED = WINHTTP_CALLBACK_STATUS_CONNECTION_CLOSED,
    CLOSING = WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING,
};

static void test_get(void)
{
    reset();
    HINTERNET r = open_request(NULL, W("/bytes/100"));
    SetLastError(0xdeadbeef);
    BOOL ret = WinHttpSendRequest(r, WINHTTP_NO_ADDITIONAL_HEADERS, 0, WINHTTP_NO_REQUEST_DATA, 0, 0, 0x1234);
    ok(ret, "WinHttpSendRequest failed: %lu", (unsigned long)GetLastError());
    /* The call returns at once; its last error is ERROR_SUCCESS (Windows 7 and later). */
    ok(GetLastError() == ERROR_SUCCESS, "last error %lu", (unsigned long)GetLastError());
    ok(test_event_wait(done_event, 5000), "GET did not finish");
    close_request(r);
    static const DWORD want[] = { RESOLVING, RESOLVED, CONNECTING, CONNECTED, SENDING, SENT, SEND_DONE,
                                  RECEIVING, RECEIVED, HEADERS, DATA, READ, DATA, CLOSING, 0 };
    check_sequence("GET", r, want);
    ok(body_len == 100 && !memcmp(body, "abcdefghijklmnopqrstuvwxyzabcd", 30), "body: %llu bytes", body_len);
    const struct note *n = find(r, SEND_DONE, 0);
    ok(n && n->ctx == 0x1234, "SENDREQUEST_COMPLETE context %p", n ? (void *)n->ctx : NULL);
    ok(n && n->len == 0, "SENDREQUEST_COMPLETE length %lu", n ? (unsigned long)n->len : 0ul);
    n = find(r, HEADERS, 0);
    ok(n && n->len == 0, "HEADERS_AVAILABLE length %lu", n ? (unsigned long)n->len : 0ul);
    n = find(r, DATA, 0);
    ok(n && n->len == sizeof(DWORD) && n->value == 100, "first DATA_AVAILABLE %lu", n ? (unsigned long)n->value : 0ul);
    n = find(r, DATA, 1);
    ok(n && n->value == 0, "last DATA_AVAILABLE %lu", n ? (unsigned long)n->value : 0ul);
    n = find(r, READ, 0);
    ok(n && n->len == 100, "READ_COMPLETE length %lu", n ? (unsigned long)n->len : 0ul);
    n = find(r, SENT, 0);
    ok(n && n->len == sizeof(DWORD) && n->value > 0, "REQUEST_SENT bytes %lu", n ? (unsigned long)n->value : 0ul);
    n = find(r, RECEIVED, 0);
    ok(n && n->len == sizeof(DWORD) && n->value > 0, "RESPONSE_RECEIVED bytes %lu", n ? (unsigned long)n->value : 0ul);
    n = find(r, CLOSING, 0);
    ok(n && n->len == sizeof(HINTERNET), "HANDLE_CLOSING length %lu", n ? (unsigned long)n->len : 0ul);

    /* The same connection again: no resolving or connecting. */
    reset();
    r = open_request(NULL, W("/bytes/3000"));
    ok(WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, 1), "WinHttpSendRequest failed: %lu", (unsigned long)GetLastError());
    ok(test_event_wait(done_event, 5000), "second GET did not finish");
    close_request(r);
    static const DWORD reuse[] = { SENDING, SENT, SEND_DONE, RECEIVING, RECEIVED, HEADERS, DATA, READ, DATA, CLOSING, 0 };
    check_sequence("keep-alive GET", r, reuse);
    ok(body_len == 3000, "body: %llu bytes", body_len);
}

/* A redirect followed inside WinHttpReceiveResponse: RESPONSE_RECEIVED, REDIRECT (the Location
 * value), then the new request on the kept-alive connection (Wine's notification tests). */
static void test_redirect(void)
{
    reset();
    HINTERNET r = open_request(NULL, W("/redirect/1"));
    ok(WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, 1), "WinHttpSendRequest failed: %lu", (unsigned long)GetLastError());
    ok(test_event_wait(done_event, 5000), "redirect did not finish");
    close_request(r);
    static const DWORD want[] = { SENDING, SENT, SEND_DONE, RECEIVING, RECEIVED, WINHTTP_CALLBACK_STATUS_REDIRECT,
                                  SENDING, SENT, RECEIVING, RECEIVED, HEADERS, DATA, CLOSING, 0 };
    check_sequence("redirect", r, want);
    const struct note *n = find(r, WINHTTP_CALLBACK_STATUS_REDIRECT, 0);
    ok(n && n->len == 12, "REDIRECT length %lu (\"/status/200\" and its NUL)", n ? (unsigned long)n->len : 0ul);
}

/* A 401 answered with credentials set before: ReceiveResponse sends the request again itself;
 * the application sees the second exchange's notifications and its 200. */
static void test_auth(void)
{
    reset();
    HINTERNET r = open_request(NULL, W("/auth/digest?user=u&pass=p"));
    ok(WinHttpSetCredentials(r, WINHTTP_AUTH_TARGET_SERVER, WINHTTP_AUTH_SCHEME_DIGEST, W("u"), W("p"), NULL),
       "WinHttpSetCredentials failed: %lu", (unsigned long)GetLastError());
    ok(WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, 1), "WinHttpSendRequest failed: %lu", (unsigned long)GetLastError());
    ok(test_event_wait(done_event, 5000), "authenticated GET did not finish");
    DWORD code = 0, size = sizeof code;
    WinHttpQueryHeaders(r, WINHTTP_QUERY_STATUS_CODE | WINHTTP_QUERY_FLAG_NUMBER, NULL, &code, &size, NULL);
    ok(code == 200, "status %lu after the challenge", (unsigned long)code);
    close_request(r);
    static const DWORD want[] = { SENDING, SENT, SEND_DONE, RECEIVING, RECEIVED, SENDING, SENT, RECEIVING, RECEIVED,
                                  HEADERS, DATA, READ, DATA, CLOSING, 0 };
    check_sequence("401 answered", r, want);
}

static void test_post(void)
{
    reset();
    HINTERNET r = open_request("POST", W("/upload"));
    post_data = "hello, world";
    ok(WinHttpSendRequest(r, NULL, 0, NULL, 0, 12, 1), "WinHttpSendRequest failed: %lu", (unsigned long)GetLastError());
    ok(test_event_wait(done_event, 5000), "POST did not finish");
    close_request(r);
    static const DWORD want[] = { SENDING, SENT, SEND_DONE, WRITE_DONE, RECEIVING, RECEIVED, HEADERS,
                                  DATA, READ, DATA, CLOSING, 0 };
    check_sequence("POST", r, want);
    ok(post_written == 12, "WRITE_COMPLETE said %d bytes", post_written);
    body[body_len < sizeof body ? body_len : 0] = 0;
    ok(!strcmp(body, "12"), "server got '%s'", body);
}

/* A failure: the sequence up to REQUEST_ERROR, with the API and the error it names. */
static void test_failure(const char *what, HINTERNET con, const WCHAR *path, DWORD timeout_ms, const DWORD *want,
                         DWORD_PTR api, DWORD error)
{
    reset();
    HINTERNET saved = connection;
    connection = con;
    HINTERNET r = open_request(NULL, path);
    connection = saved;
    if (timeout_ms) ok(WinHttpSetTimeouts(r, 0, (int)timeout_ms, (int)timeout_ms, (int)timeout_ms), "%s: SetTimeouts", what);
    ok(WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, 7), "%s: WinHttpSendRequest failed: %lu", what,
       (unsigned long)GetLastError());
    ok(test_event_wait(done_event, 10000), "%s: no completion", what);
    close_request(r);
    check_sequence(what, r, want);
    const struct note *n = find(r, ERR, 0);
    ok(n && n->api == api && n->value == error, "%s: REQUEST_ERROR api %lu error %lu", what,
       n ? (unsigned long)n->api : 0ul, n ? (unsigned long)n->value : 0ul);
    ok(n && n->len == sizeof(WINHTTP_ASYNC_RESULT), "%s: REQUEST_ERROR length %lu", what, n ? (unsigned long)n->len : 0ul);
}

static void test_failures(void)
{
    /* A refused connection: the port of a server that was just stopped is free. */
    HINTERNET con = WinHttpConnect(session, W("127.0.0.1"), 1, 0);
    static const DWORD refused[] = { RESOLVING, RESOLVED, CONNECTING, ERR, CLOSING, 0 };
    test_failure("refused", con, W("/"), 0, refused, API_SEND_REQUEST, ERROR_WINHTTP_CANNOT_CONNECT);
    WinHttpCloseHandle(con);

    con = WinHttpConnect(session, W("nonexistent.invalid"), (INTERNET_PORT)port, 0);
    static const DWORD unresolved[] = { RESOLVING, ERR, CLOSING, 0 };
    test_failure("unresolvable", con, W("/"), 0, unresolved, API_SEND_REQUEST, ERROR_WINHTTP_NAME_NOT_RESOLVED);
    WinHttpCloseHandle(con);

    /* The server never answers: ReceiveResponse times out. */
    static const DWORD stalled[] = { SENDING, SENT, SEND_DONE, RECEIVING, ERR, CLOSING, 0 };
    test_failure("timeout", connection, W("/stall"), 300, stalled, API_RECEIVE_RESPONSE, ERROR_WINHTTP_TIMEOUT);

    /* The server closes before the body is complete. */
    static const DWORD early[] = { SENDING, SENT, SEND_DONE, RECEIVING, RECEIVED, HEADERS, DATA, READ, ERR, CLOSING, 0 };
    reset();
    HINTERNET r = open_request(NULL, W("/bad/early-close?after=10&length=5000"));
    ok(WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, 1), "early close: WinHttpSendRequest failed");
    ok(test_event_wait(done_event, 5000), "early close: no completion");
    close_request(r);
    const struct note *n = find(r, ERR, 0);
    ok(n && n->value == ERROR_WINHTTP_CONNECTION_ERROR, "early close: error %lu", n ? (unsigned long)n->value : 0ul);
    (void)early;
}

/* Closing the request from its callback at `stage`: nothing follows but HANDLE_CLOSING (and,
 * for an operation in flight, its REQUEST_ERROR with ERROR_WINHTTP_OPERATION_CANCELLED). */
static void test_close_at(DWORD stage, const WCHAR *path)
{
    reset();
    mode = M_CLOSE_AT;
    close_at = stage;
    HINTERNET r = open_request(NULL, path);
    ok(WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, 1), "close at %lx: WinHttpSendRequest failed", (unsigned long)stage);
    ok(test_event_wait(done_event, 5000), "close at %lx: stage not reached", (unsigned long)stage);
    ok(test_event_wait(closing_event, 5000), "close at %lx: no HANDLE_CLOSING", (unsigned long)stage);
    test_sleep_ms(50);
    int n = atomic_load(&nnotes), i, after = 0, closing = 0, seen_stage = 0;
    for (i = 0; i < n; i++) {
        if (notes[i].h != r) continue;
        if (notes[i].status == stage) seen_stage = 1;
        else if (notes[i].status == CLOSING) closing++;
        else if (seen_stage && !closing && notes[i].status == ERR && notes[i].value == ERROR_WINHTTP_OPERATION_CANCELLED) ;
        else if (seen_stage && !(notes[i].status == CLOSING_CONN || notes[i].status == CONN_CLOSED)) after++;
        if (closing && notes[i].status != CLOSING) after++;
    }
    ok(closing == 1, "close at %lx: HANDLE_CLOSING %d times", (unsigned long)stage, closing);
    ok(after == 0, "close at %lx: %d notifications after the close", (unsigned long)stage, after);
    ok(n > 0 && notes[n - 1].status == CLOSING, "close at %lx: HANDLE_CLOSING is not last", (unsigned long)stage);
}

/* Closing the request from another thread while its operation waits on the server. */
static void test_close_waiting(void)
{
    reset();
    mode = M_CLOSE_AT;
    close_at = 0xffffffff;   /* never */
    HINTERNET r = open_request(NULL, W("/stall"));
    ok(WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, 1), "stall: WinHttpSendRequest failed");
    test_sleep_ms(200);   /* the callback called WinHttpReceiveResponse, which waits */
    /* A second call while one is in flight fails at once. */
    SetLastError(0xdeadbeef);
    ok(!WinHttpReceiveResponse(r, NULL), "stall: a second WinHttpReceiveResponse succeeded");
    expect_error(ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
    ok(WinHttpCloseHandle(r), "stall: WinHttpCloseHandle failed");
    ok(test_event_wait(closing_event, 5000), "stall: no HANDLE_CLOSING");
    const struct note *n = find(r, ERR, 0);
    ok(n && n->api == API_RECEIVE_RESPONSE && n->value == ERROR_WINHTTP_OPERATION_CANCELLED,
       "stall: REQUEST_ERROR api %lu error %lu", n ? (unsigned long)n->api : 0ul, n ? (unsigned long)n->value : 0ul);
    int count = atomic_load(&nnotes);
    ok(count > 0 && notes[count - 1].status == CLOSING, "stall: HANDLE_CLOSING is not last");
}

/* With WINHTTP_OPTION_ASSURED_NON_BLOCKING_CALLBACKS the application promises callbacks that do
 * not block: the same sequence comes, whichever thread runs it. */
static void test_assured_non_blocking(void)
{
    BOOL yes = TRUE;
    ok(WinHttpSetOption(session, WINHTTP_OPTION_ASSURED_NON_BLOCKING_CALLBACKS, &yes, sizeof yes),
       "setting ASSURED_NON_BLOCKING_CALLBACKS failed: %lu", (unsigned long)GetLastError());
    reset();
    HINTERNET r = open_request(NULL, W("/chunked/5000"));
    ok(WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, 1), "WinHttpSendRequest failed: %lu", (unsigned long)GetLastError());
    ok(test_event_wait(done_event, 5000), "GET did not finish");
    close_request(r);
    ok(body_len == 5000, "body: %llu bytes", body_len);
    const struct note *n = find(r, HEADERS, 0);
    ok(n != NULL, "no HEADERS_AVAILABLE");
    n = find(r, CLOSING, 0);
    ok(n != NULL && n == &notes[atomic_load(&nnotes) - 1], "HANDLE_CLOSING is not last");
    yes = FALSE;
    WinHttpSetOption(session, WINHTTP_OPTION_ASSURED_NON_BLOCKING_CALLBACKS, &yes, sizeof yes);
}

/* Arguments: out-pointers may be NULL in async mode; bad handles fail at once. */
static void test_arguments(void)
{
    SetLastError(0xdeadbeef);
    ok(!WinHttpSendRequest(NULL, NULL, 0, NULL, 0, 0, 0), "SendRequest(NULL) succeeded");
    expect_error(ERROR_INVALID_HANDLE);
    HINTERNET r = open_request(NULL, W("/bytes/10"));
    SetLastError(0xdeadbeef);
    ok(!WinHttpReceiveResponse(r, NULL), "ReceiveResponse before send succeeded");
    expect_error(ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
    SetLastError(0xdeadbeef);
    ok(!WinHttpQueryDataAvailable(r, NULL), "QueryDataAvailable before send succeeded");
    expect_error(ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
    char b[4];
    SetLastError(0xdeadbeef);
    ok(!WinHttpReadData(r, b, sizeof b, NULL), "ReadData before send succeeded");
    expect_error(ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
    close_request(r);

    /* A closed parent invalidates its children: the request's next network call fails
     * (guide/hinternet-handles-in-winhttp.md). */
    HINTERNET con = WinHttpConnect(session, W("127.0.0.1"), (INTERNET_PORT)port, 0);
    HINTERNET saved = connection;
    connection = con;
    r = open_request(NULL, W("/bytes/10"));
    connection = saved;
    ok(WinHttpCloseHandle(con), "closing the connection failed");
    SetLastError(0xdeadbeef);
    ok(!WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, 1), "SendRequest under a closed connection succeeded");
    expect_error(ERROR_INVALID_HANDLE);
    close_request(r);
}

int main(void)
{
    if (test_server_start(NULL, &port)) {
        ok(0, "cannot start the test server");
        return test_summary();
    }
    done_event = test_event_create();
    closing_event = test_event_create();
    session = WinHttpOpen(W("winhttp-async-test"), WINHTTP_ACCESS_TYPE_NO_PROXY, NULL, NULL, WINHTTP_FLAG_ASYNC);
    ok(session != NULL, "WinHttpOpen failed");
    connection = WinHttpConnect(session, W("127.0.0.1"), (INTERNET_PORT)port, 0);
    ok(connection != NULL, "WinHttpConnect failed");

    test_arguments();
    test_get();
    test_post();
    test_redirect();
    test_auth();
    test_failures();
    test_close_at(SENDING, W("/bytes/10"));
    test_close_at(SEND_DONE, W("/bytes/10"));
    test_close_at(HEADERS, W("/bytes/10"));
    test_close_at(RECEIVING, W("/slow/100?delay_ms=50"));
    test_close_at(DATA, W("/bytes/10"));
    test_close_at(READ, W("/slow/100?delay_ms=20"));
    test_close_waiting();
    test_assured_non_blocking();

    WinHttpCloseHandle(connection);
    WinHttpCloseHandle(session);
    test_server_stop();
    test_event_destroy(done_event);
    test_event_destroy(closing_event);
    return test_summary();
}
