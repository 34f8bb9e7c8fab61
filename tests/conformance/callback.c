/* Conformance: WinHttpSetStatusCallback and the handle notifications: return values, bad
 * handles, the notification filter, inheritance by child handles, HANDLE_CREATED and
 * HANDLE_CLOSING (arguments, order, parents outliving their close), context values, removing a
 * callback, and calling WinHTTP from inside a callback. */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* clock_gettime/nanosleep in test.h under -std=c11 */
#endif
#include "test.h"
#include <stdint.h>

#define W(s) ((const WCHAR *)u ## s)

struct note {
    HINTERNET h;
    DWORD_PTR ctx;
    DWORD status;
    HINTERNET info_handle;   /* *(HINTERNET *)info for handle notifications */
    DWORD len;
    int which;               /* 1: callback_a, 2: callback_b */
};

static struct note notes[256];
static volatile int nnotes;

static void record(int which, HINTERNET h, DWORD_PTR ctx, DWORD status, LPVOID info, DWORD len)
{
    int i = nnotes;
    if (i >= 256) return;
    notes[i].h = h;
    notes[i].ctx = ctx;
    notes[i].status = status;
    notes[i].len = len;
    notes[i].which = which;
    notes[i].info_handle = NULL;
    if ((status == WINHTTP_CALLBACK_STATUS_HANDLE_CREATED || status == WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING) && info &&
        len == sizeof(HINTERNET))
        memcpy(&notes[i].info_handle, info, sizeof(HINTERNET));
    nnotes = i + 1;
}

static void CALLBACK callback_a(HINTERNET h, DWORD_PTR ctx, DWORD status, LPVOID info, DWORD len)
{
    record(1, h, ctx, status, info, len);
}

static void CALLBACK callback_b(HINTERNET h, DWORD_PTR ctx, DWORD status, LPVOID info, DWORD len)
{
    record(2, h, ctx, status, info, len);
}

static void reset_notes(void) { nnotes = 0; }

/* HANDLE_CLOSING may be delivered after WinHttpCloseHandle returns: wait a little for it. */
static int wait_notes(int n)
{
    int waited = 0;
    while (nnotes < n && waited < 2000) { test_sleep_ms(10); waited += 10; }
    return nnotes;
}

static int count_status(DWORD status, HINTERNET h)
{
    int i, n = 0;
    for (i = 0; i < nnotes; i++)
        if (notes[i].status == status && (!h || notes[i].h == h)) n++;
    return n;
}

static HINTERNET open_session(void)
{
    return WinHttpOpen(W("winetest"), WINHTTP_ACCESS_TYPE_NO_PROXY, WINHTTP_NO_PROXY_NAME, WINHTTP_NO_PROXY_BYPASS, 0);
}

static HINTERNET open_request(HINTERNET con)
{
    return WinHttpOpenRequest(con, NULL, NULL, NULL, WINHTTP_NO_REFERER, WINHTTP_DEFAULT_ACCEPT_TYPES, 0);
}

static void set_context(HINTERNET h, DWORD_PTR ctx)
{
    ok(WinHttpSetOption(h, WINHTTP_OPTION_CONTEXT_VALUE, &ctx, sizeof(ctx)), "set context failed: %lu",
       (unsigned long)GetLastError());
}

/* ------------------------------------------------------------------ return values and errors */

static void test_set_status_callback(void)
{
    HINTERNET ses = open_session(), con, req;
    WINHTTP_STATUS_CALLBACK prev;
    void *p;
    DWORD size;

    SetLastError(0xdeadbeef);
    prev = WinHttpSetStatusCallback(NULL, callback_a, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
    ok(prev == WINHTTP_INVALID_STATUS_CALLBACK, "NULL handle gave %p", (void *)prev);
    expect_error(ERROR_INVALID_HANDLE);

    SetLastError(0xdeadbeef);
    prev = WinHttpSetStatusCallback((HINTERNET)(uintptr_t)0x12345678, callback_a, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
    ok(prev == WINHTTP_INVALID_STATUS_CALLBACK, "made-up handle gave %p", (void *)prev);
    expect_error(ERROR_INVALID_HANDLE);

    /* First callback: the previous one was none. */
    SetLastError(0xdeadbeef);
    prev = WinHttpSetStatusCallback(ses, callback_a, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
    ok(prev == NULL, "first callback replaced %p", (void *)prev);
    expect_error(ERROR_SUCCESS); /* Windows 7+ resets the last error on success */

    SetLastError(0xdeadbeef);
    prev = WinHttpSetStatusCallback(ses, callback_b, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
    ok(prev == callback_a, "second callback replaced %p, expected callback_a", (void *)prev);
    expect_error(ERROR_SUCCESS);

    /* The same callback again returns itself. */
    prev = WinHttpSetStatusCallback(ses, callback_b, WINHTTP_CALLBACK_FLAG_HANDLES, 0);
    ok(prev == callback_b, "re-set callback replaced %p", (void *)prev);

    /* Removing it returns the one removed; removing again returns NULL. */
    SetLastError(0xdeadbeef);
    prev = WinHttpSetStatusCallback(ses, NULL, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
    ok(prev == callback_b, "removal returned %p", (void *)prev);
    expect_error(ERROR_SUCCESS);
    prev = WinHttpSetStatusCallback(ses, NULL, 0, 0);
    ok(prev == NULL, "second removal returned %p", (void *)prev);

    /* Every handle type takes a callback. */
    con = WinHttpConnect(ses, W("localhost"), 80, 0);
    req = open_request(con);
    SetLastError(0xdeadbeef);
    prev = WinHttpSetStatusCallback(con, callback_a, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
    ok(prev == NULL, "connect callback replaced %p", (void *)prev);
    expect_error(ERROR_SUCCESS);
    SetLastError(0xdeadbeef);
    prev = WinHttpSetStatusCallback(req, callback_a, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
    ok(prev == NULL, "request callback replaced %p", (void *)prev);
    expect_error(ERROR_SUCCESS);

    /* WINHTTP_OPTION_CALLBACK reads it back. */
    p = NULL;
    size = sizeof(p);
    ok(WinHttpQueryOption(req, WINHTTP_OPTION_CALLBACK, &p, &size) && p == (void *)callback_a, "option callback %p", p);
    p = (void *)1;
    size = sizeof(p);
    ok(WinHttpQueryOption(ses, WINHTTP_OPTION_CALLBACK, &p, &size) && p == NULL, "removed callback reads %p", p);

    /* Setting a callback on a request says nothing about its parents. */
    prev = WinHttpSetStatusCallback(con, NULL, 0, 0);
    ok(prev == callback_a, "connect callback was %p", (void *)prev);
    prev = WinHttpSetStatusCallback(req, NULL, 0, 0);
    ok(prev == callback_a, "request callback was %p", (void *)prev);

    WinHttpCloseHandle(req);
    WinHttpCloseHandle(con);
    WinHttpCloseHandle(ses);

    /* A closed handle. */
    SetLastError(0xdeadbeef);
    prev = WinHttpSetStatusCallback(ses, callback_a, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
    ok(prev == WINHTTP_INVALID_STATUS_CALLBACK, "closed handle gave %p", (void *)prev);
    expect_error(ERROR_INVALID_HANDLE);
}

/* ------------------------------------------------------------------ creation and closing */

static void test_handle_notifications(void)
{
    HINTERNET ses = open_session(), con, req;
    DWORD_PTR ctx;
    DWORD size;
    void *p;
    int n;

    set_context(ses, 0x5e55);
    reset_notes();
    WinHttpSetStatusCallback(ses, callback_a, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
    ok(nnotes == 0, "setting a callback notified %d times", nnotes);

    /* A connection made after the callback was set gets it, its context, and a HANDLE_CREATED. */
    con = WinHttpConnect(ses, W("localhost"), 80, 0);
    ok(con != NULL, "connect failed");
    ok(nnotes == 1, "%d notifications for WinHttpConnect", nnotes);
    if (nnotes >= 1) {
        ok(notes[0].status == WINHTTP_CALLBACK_STATUS_HANDLE_CREATED, "status %#lx", (unsigned long)notes[0].status);
        ok(notes[0].h == con, "HANDLE_CREATED for %p, connect is %p", notes[0].h, con);
        ok(notes[0].info_handle == con, "HANDLE_CREATED info %p", notes[0].info_handle);
        ok(notes[0].len == sizeof(HINTERNET), "HANDLE_CREATED length %lu", (unsigned long)notes[0].len);
        ok(notes[0].ctx == 0x5e55, "HANDLE_CREATED context %#lx", (unsigned long)notes[0].ctx);
        ok(notes[0].which == 1, "delivered to callback %d", notes[0].which);
    }
    p = NULL;
    size = sizeof(p);
    ok(WinHttpQueryOption(con, WINHTTP_OPTION_CALLBACK, &p, &size) && p == (void *)callback_a,
       "connect inherited callback %p", p);
    ctx = 0;
    size = sizeof(ctx);
    ok(WinHttpQueryOption(con, WINHTTP_OPTION_CONTEXT_VALUE, &ctx, &size) && ctx == 0x5e55,
       "connect inherited context %#lx", (unsigned long)ctx);

    /* The same for a request, with the connect's context. */
    set_context(con, 0xc0);
    reset_notes();
    req = open_request(con);
    ok(req != NULL, "open request failed");
    ok(nnotes == 1, "%d notifications for WinHttpOpenRequest", nnotes);
    if (nnotes >= 1) {
        ok(notes[0].status == WINHTTP_CALLBACK_STATUS_HANDLE_CREATED, "status %#lx", (unsigned long)notes[0].status);
        ok(notes[0].h == req, "HANDLE_CREATED for %p, request is %p", notes[0].h, req);
        ok(notes[0].info_handle == req, "HANDLE_CREATED info %p", notes[0].info_handle);
        ok(notes[0].len == sizeof(HINTERNET), "HANDLE_CREATED length %lu", (unsigned long)notes[0].len);
        ok(notes[0].ctx == 0xc0, "HANDLE_CREATED context %#lx", (unsigned long)notes[0].ctx);
    }

    /* Options on a handle notify nothing. */
    reset_notes();
    set_context(req, 0x7e9);
    ok(nnotes == 0, "set option notified %d times", nnotes);

    /* Closing: HANDLE_CLOSING once, with the handle and the context in force. */
    reset_notes();
    SetLastError(0xdeadbeef);
    ok(WinHttpCloseHandle(req), "close request failed");
    expect_error(ERROR_SUCCESS);
    n = wait_notes(1);
    ok(n == 1, "%d notifications for closing a request", n);
    if (n >= 1) {
        ok(notes[0].status == WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING, "status %#lx", (unsigned long)notes[0].status);
        ok(notes[0].h == req, "HANDLE_CLOSING for %p, request was %p", notes[0].h, req);
        ok(notes[0].info_handle == req, "HANDLE_CLOSING info %p", notes[0].info_handle);
        ok(notes[0].len == sizeof(HINTERNET), "HANDLE_CLOSING length %lu", (unsigned long)notes[0].len);
        ok(notes[0].ctx == 0x7e9, "HANDLE_CLOSING context %#lx (set through WINHTTP_OPTION_CONTEXT_VALUE)",
           (unsigned long)notes[0].ctx);
    }

    reset_notes();
    ok(WinHttpCloseHandle(con), "close connect failed");
    n = wait_notes(1);
    ok(n == 1 && notes[0].status == WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING && notes[0].h == con,
       "closing the connect: %d notifications", n);
    if (n >= 1) ok(notes[0].ctx == 0xc0, "connect HANDLE_CLOSING context %#lx", (unsigned long)notes[0].ctx);

    reset_notes();
    ok(WinHttpCloseHandle(ses), "close session failed");
    n = wait_notes(1);
    ok(n == 1 && notes[0].status == WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING && notes[0].h == ses,
       "closing the session: %d notifications", n);
    if (n >= 1) {
        ok(notes[0].ctx == 0x5e55, "session HANDLE_CLOSING context %#lx", (unsigned long)notes[0].ctx);
        ok(notes[0].info_handle == ses, "session HANDLE_CLOSING info %p", notes[0].info_handle);
    }
    test_sleep_ms(50);
    ok(nnotes == n, "notifications after HANDLE_CLOSING: %d", nnotes - n);
}

static void test_close_parent_first(void)
{
    HINTERNET ses = open_session(), con, req;
    int n;

    set_context(ses, 1);
    WinHttpSetStatusCallback(ses, callback_a, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
    con = WinHttpConnect(ses, W("localhost"), 80, 0);
    req = open_request(con);

    /* Closing the parents first: their handles go at once, their HANDLE_CLOSING waits for the
     * last child. */
    reset_notes();
    ok(WinHttpCloseHandle(ses), "close session failed");
    test_sleep_ms(50);
    ok(count_status(WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING, ses) == 0, "session HANDLE_CLOSING with children open");
    ok(WinHttpCloseHandle(con), "close connect failed");
    test_sleep_ms(50);
    ok(nnotes == 0, "%d notifications with a request still open", nnotes);

    ok(WinHttpCloseHandle(req), "close request failed");
    n = wait_notes(3);
    ok(n == 3, "%d notifications after the last child closed", n);
    if (n >= 3) {
        ok(notes[0].status == WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING && notes[0].h == req, "first closing %p", notes[0].h);
        ok(notes[1].status == WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING && notes[1].h == con, "second closing %p", notes[1].h);
        ok(notes[2].status == WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING && notes[2].h == ses, "third closing %p", notes[2].h);
    }
    ok(count_status(WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING, ses) == 1, "session closing delivered %d times",
       count_status(WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING, ses));

    /* Session closed while only a connect is open. */
    ses = open_session();
    set_context(ses, 2);
    WinHttpSetStatusCallback(ses, callback_a, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
    con = WinHttpConnect(ses, W("localhost"), 80, 0);
    reset_notes();
    ok(WinHttpCloseHandle(ses), "close session failed");
    test_sleep_ms(50);
    ok(nnotes == 0, "%d notifications with a connect still open", nnotes);
    ok(WinHttpCloseHandle(con), "close connect failed");
    n = wait_notes(2);
    ok(n == 2 && notes[0].h == con && notes[1].h == ses, "closing order: %d notifications", n);
}

/* ------------------------------------------------------------------ the filter */

static void test_notification_flags(void)
{
    HINTERNET ses = open_session(), con, req;
    int n;

    set_context(ses, 3);

    /* No flags: the callback is installed but hears nothing. */
    WinHttpSetStatusCallback(ses, callback_a, 0, 0);
    reset_notes();
    con = WinHttpConnect(ses, W("localhost"), 80, 0);
    req = open_request(con);
    WinHttpCloseHandle(req);
    WinHttpCloseHandle(con);
    test_sleep_ms(50);
    ok(nnotes == 0, "flags 0 let %d notifications through", nnotes);

    /* Flags without the handle notifications. */
    WinHttpSetStatusCallback(ses, callback_a, WINHTTP_CALLBACK_FLAG_RESOLVE_NAME | WINHTTP_CALLBACK_FLAG_CONNECT_TO_SERVER, 0);
    reset_notes();
    con = WinHttpConnect(ses, W("localhost"), 80, 0);
    req = open_request(con);
    WinHttpCloseHandle(req);
    WinHttpCloseHandle(con);
    test_sleep_ms(50);
    ok(nnotes == 0, "non-handle flags let %d notifications through", nnotes);

    /* WINHTTP_CALLBACK_FLAG_HANDLES: created and closing. */
    WinHttpSetStatusCallback(ses, callback_a, WINHTTP_CALLBACK_FLAG_HANDLES, 0);
    reset_notes();
    con = WinHttpConnect(ses, W("localhost"), 80, 0);
    req = open_request(con);
    ok(nnotes == 2, "FLAG_HANDLES: %d creation notifications", nnotes);
    WinHttpCloseHandle(req);
    WinHttpCloseHandle(con);
    n = wait_notes(4);
    ok(n == 4, "FLAG_HANDLES: %d notifications", n);
    ok(count_status(WINHTTP_CALLBACK_STATUS_HANDLE_CREATED, NULL) == 2, "created %d",
       count_status(WINHTTP_CALLBACK_STATUS_HANDLE_CREATED, NULL));
    ok(count_status(WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING, NULL) == 2, "closing %d",
       count_status(WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING, NULL));

    /* The flags are the status bits: only HANDLE_CLOSING. */
    WinHttpSetStatusCallback(ses, callback_a, WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING, 0);
    reset_notes();
    con = WinHttpConnect(ses, W("localhost"), 80, 0);
    ok(nnotes == 0, "HANDLE_CREATED delivered though only closing was asked for");
    WinHttpCloseHandle(con);
    n = wait_notes(1);
    ok(n == 1 && notes[0].status == WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING, "closing-only flag: %d notifications", n);

    /* WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS includes the handle notifications. */
    WinHttpSetStatusCallback(ses, callback_a, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
    reset_notes();
    con = WinHttpConnect(ses, W("localhost"), 80, 0);
    ok(nnotes == 1 && notes[0].status == WINHTTP_CALLBACK_STATUS_HANDLE_CREATED, "ALL_NOTIFICATIONS: %d", nnotes);
    WinHttpCloseHandle(con);
    n = wait_notes(2);
    ok(n == 2 && notes[1].status == WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING, "ALL_NOTIFICATIONS close: %d", n);

    /* WINHTTP_CALLBACK_FLAG_ALL_COMPLETIONS has no handle notifications. */
    WinHttpSetStatusCallback(ses, callback_a, WINHTTP_CALLBACK_FLAG_ALL_COMPLETIONS, 0);
    reset_notes();
    con = WinHttpConnect(ses, W("localhost"), 80, 0);
    WinHttpCloseHandle(con);
    test_sleep_ms(50);
    ok(nnotes == 0, "ALL_COMPLETIONS let %d handle notifications through", nnotes);

    WinHttpSetStatusCallback(ses, NULL, 0, 0);
    WinHttpCloseHandle(ses);
}

/* ------------------------------------------------------------------ inheritance and removal */

static void test_inheritance(void)
{
    HINTERNET ses = open_session(), con, con2, req, req2;
    WINHTTP_STATUS_CALLBACK prev;
    int n;

    set_context(ses, 4);

    /* A child created before the callback was set has none. */
    con = WinHttpConnect(ses, W("localhost"), 80, 0);
    WinHttpSetStatusCallback(ses, callback_a, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
    reset_notes();
    req = open_request(con);
    ok(nnotes == 0, "request of a callback-less connect notified %d times", nnotes);
    prev = WinHttpSetStatusCallback(con, NULL, 0, 0);
    ok(prev == NULL, "older connect had callback %p", (void *)prev);
    WinHttpCloseHandle(req);
    WinHttpCloseHandle(con);
    test_sleep_ms(20);

    /* A child created after it inherits it; replacing the parent's later changes no child. */
    con = WinHttpConnect(ses, W("localhost"), 80, 0);
    WinHttpSetStatusCallback(ses, callback_b, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
    reset_notes();
    req = open_request(con);
    ok(nnotes == 1 && notes[0].which == 1, "request of an older connect: %d notifications, callback %d", nnotes,
       nnotes ? notes[0].which : 0);
    con2 = WinHttpConnect(ses, W("localhost"), 80, 0);
    ok(nnotes == 2 && notes[1].which == 2, "new connect uses the new callback: %d", nnotes > 1 ? notes[1].which : 0);

    /* Replacing a child's callback returns the inherited one. */
    prev = WinHttpSetStatusCallback(req, callback_b, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
    ok(prev == callback_a, "request's inherited callback was %p", (void *)prev);

    /* Removing the callback stops its notifications. */
    prev = WinHttpSetStatusCallback(con2, NULL, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
    ok(prev == callback_b, "connect callback was %p", (void *)prev);
    reset_notes();
    req2 = open_request(con2);
    WinHttpCloseHandle(req2);
    WinHttpCloseHandle(con2);
    test_sleep_ms(50);
    ok(nnotes == 0, "removed callback still got %d notifications", nnotes);

    reset_notes();
    WinHttpCloseHandle(req);
    n = wait_notes(1);
    ok(n == 1 && notes[0].which == 2 && notes[0].h == req, "request closing went to callback %d", n ? notes[0].which : 0);
    reset_notes();
    WinHttpCloseHandle(con);
    n = wait_notes(1);
    ok(n == 1 && notes[0].which == 1 && notes[0].h == con, "connect closing went to callback %d", n ? notes[0].which : 0);

    /* A handle whose callback was removed before closing hears nothing of its close. */
    prev = WinHttpSetStatusCallback(ses, NULL, 0, 0);
    ok(prev == callback_b, "session callback was %p", (void *)prev);
    reset_notes();
    WinHttpCloseHandle(ses);
    test_sleep_ms(50);
    ok(nnotes == 0, "closing a session without callback notified %d times", nnotes);
}

/* ------------------------------------------------------------------ calling WinHTTP from a callback */

static HINTERNET spare;
static int inner_ok, inner_closed, inner_type;

static void CALLBACK reentrant_callback(HINTERNET h, DWORD_PTR ctx, DWORD status, LPVOID info, DWORD len)
{
    record(3, h, ctx, status, info, len);
    if (status == WINHTTP_CALLBACK_STATUS_HANDLE_CREATED && ctx == 0x77) {
        DWORD type = 0, size = sizeof(type);
        DWORD_PTR newctx = 0x78;
        /* The new handle is usable inside its own HANDLE_CREATED. */
        if (WinHttpQueryOption(h, WINHTTP_OPTION_HANDLE_TYPE, &type, &size)) inner_type = (int)type;
        if (WinHttpSetOption(h, WINHTTP_OPTION_CONTEXT_VALUE, &newctx, sizeof(newctx))) inner_ok++;
        /* Another handle can be closed from inside a callback. */
        if (spare && WinHttpCloseHandle(spare)) inner_closed++;
        spare = NULL;
    }
}

static void CALLBACK closing_callback(HINTERNET h, DWORD_PTR ctx, DWORD status, LPVOID info, DWORD len)
{
    record(4, h, ctx, status, info, len);
    if (status == WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING) {
        /* The closing handle is gone from the table: calls on it fail cleanly. */
        DWORD type, size = sizeof(type);
        SetLastError(0xdeadbeef);
        if (!WinHttpQueryOption(h, WINHTTP_OPTION_HANDLE_TYPE, &type, &size) && GetLastError() == ERROR_INVALID_HANDLE)
            inner_ok++;
    }
}

static void test_reentrancy(void)
{
    HINTERNET ses = open_session(), con, req;
    DWORD_PTR ctx;
    DWORD size;
    int n;

    con = WinHttpConnect(ses, W("localhost"), 80, 0);
    spare = open_request(con);
    set_context(con, 0x77);
    WinHttpSetStatusCallback(con, reentrant_callback, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
    inner_ok = inner_closed = inner_type = 0;
    reset_notes();
    req = open_request(con);
    ok(req != NULL, "open request with a re-entrant callback failed");
    ok(inner_type == WINHTTP_HANDLE_TYPE_REQUEST, "handle type inside HANDLE_CREATED %d", inner_type);
    ok(inner_ok == 1, "set option inside HANDLE_CREATED failed");
    ok(inner_closed == 1, "closing another handle inside a callback failed");
    ctx = 0;
    size = sizeof(ctx);
    ok(WinHttpQueryOption(req, WINHTTP_OPTION_CONTEXT_VALUE, &ctx, &size) && ctx == 0x78,
       "context set inside the callback reads %#lx", (unsigned long)ctx);
    WinHttpSetStatusCallback(req, NULL, 0, 0);
    WinHttpCloseHandle(req);

    /* Calls from inside HANDLE_CLOSING. */
    req = open_request(con);
    WinHttpSetStatusCallback(req, closing_callback, WINHTTP_CALLBACK_FLAG_HANDLES, 0);
    inner_ok = 0;
    reset_notes();
    ok(WinHttpCloseHandle(req), "close with a re-entrant closing callback failed");
    n = wait_notes(1);
    ok(n == 1 && notes[0].status == WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING, "%d notifications", n);
    ok(inner_ok == 1, "the closing handle still answered inside HANDLE_CLOSING");

    WinHttpSetStatusCallback(con, NULL, 0, 0);
    WinHttpCloseHandle(con);
    WinHttpCloseHandle(ses);
}

/* An asynchronous session notifies handle creation and closing the same way. */
static void test_async_session(void)
{
    HINTERNET ses = WinHttpOpen(W("winetest"), WINHTTP_ACCESS_TYPE_NO_PROXY, WINHTTP_NO_PROXY_NAME,
                                WINHTTP_NO_PROXY_BYPASS, WINHTTP_FLAG_ASYNC);
    HINTERNET con, req;
    int n;

    ok(ses != NULL, "async session not opened");
    set_context(ses, 9);
    WinHttpSetStatusCallback(ses, callback_a, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
    reset_notes();
    con = WinHttpConnect(ses, W("localhost"), 80, 0);
    ok(nnotes == 1 && notes[0].status == WINHTTP_CALLBACK_STATUS_HANDLE_CREATED && notes[0].h == con,
       "async connect: %d notifications", nnotes);
    req = open_request(con);
    ok(nnotes == 2 && notes[1].status == WINHTTP_CALLBACK_STATUS_HANDLE_CREATED && notes[1].h == req,
       "async request: %d notifications", nnotes);
    WinHttpCloseHandle(req);
    WinHttpCloseHandle(con);
    WinHttpCloseHandle(ses);
    n = wait_notes(5);
    ok(n == 5, "async: %d notifications in all", n);
    ok(count_status(WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING, req) == 1, "async request closing %d",
       count_status(WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING, req));
    ok(count_status(WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING, ses) == 1, "async session closing %d",
       count_status(WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING, ses));
    if (n == 5) ok(notes[4].h == ses, "last notification for %p, session %p", notes[4].h, ses);
}

/* HANDLE_CLOSING goes only to handles with a non-zero context (WinHttpCloseHandle page,
 * remarks); HANDLE_CREATED has no such condition. */
static void test_closing_needs_context(void)
{
    HINTERNET ses = open_session(), con, req;
    reset_notes();
    WinHttpSetStatusCallback(ses, callback_a, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
    con = WinHttpConnect(ses, W("localhost"), 0, 0);
    ok(count_status(WINHTTP_CALLBACK_STATUS_HANDLE_CREATED, con) == 1, "HANDLE_CREATED without a context");
    req = open_request(con);
    ok(count_status(WINHTTP_CALLBACK_STATUS_HANDLE_CREATED, req) == 1, "request HANDLE_CREATED without a context");
    reset_notes();
    WinHttpCloseHandle(req);
    test_sleep_ms(50);
    ok(count_status(WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING, req) == 0, "HANDLE_CLOSING for a zero context");
    set_context(con, 9);
    WinHttpCloseHandle(con);
    wait_notes(1);
    ok(count_status(WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING, con) == 1, "HANDLE_CLOSING once a context is set");
    WinHttpCloseHandle(ses);
    test_sleep_ms(50);
    ok(count_status(WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING, ses) == 0, "session HANDLE_CLOSING for a zero context");
}

int main(void)
{
    test_set_status_callback();
    test_handle_notifications();
    test_close_parent_first();
    test_notification_flags();
    test_inheritance();
    test_reentrancy();
    test_async_session();
    test_closing_needs_context();
    return test_summary();
}
