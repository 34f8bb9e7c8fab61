/* Conformance: WinHttpOpen, WinHttpConnect, WinHttpOpenRequest, WinHttpCloseHandle and
 * WinHttpSetTimeouts: arguments, defaults, handle types, the handle hierarchy, stale handles,
 * closing a handle while another thread uses it, and the last error on success paths. */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* clock_gettime/nanosleep in test.h under -std=c11 */
#endif
#include "test.h"
#include <limits.h>
#include <stdint.h>

#define W(s) ((const WCHAR *)u ## s)

static HINTERNET open_session(void)
{
    return WinHttpOpen(W("winetest"), WINHTTP_ACCESS_TYPE_NO_PROXY, WINHTTP_NO_PROXY_NAME,
                       WINHTTP_NO_PROXY_BYPASS, 0);
}

static BOOL query_dword(HINTERNET h, DWORD option, DWORD *value)
{
    DWORD size = sizeof(*value);
    *value = 0xdeadbeef;
    return WinHttpQueryOption(h, option, value, &size);
}

/* Reads a request header of the request being built (WINHTTP_QUERY_FLAG_REQUEST_HEADERS). */
static BOOL query_req_header(HINTERNET req, DWORD level, WCHAR *buf, DWORD bytes)
{
    DWORD size = bytes;
    buf[0] = 0;
    return WinHttpQueryHeaders(req, level | WINHTTP_QUERY_FLAG_REQUEST_HEADERS, WINHTTP_HEADER_NAME_BY_INDEX,
                               buf, &size, WINHTTP_NO_HEADER_INDEX);
}

static BOOL query_url(HINTERNET req, WCHAR *buf, DWORD bytes)
{
    DWORD size = bytes;
    buf[0] = 0;
    return WinHttpQueryOption(req, WINHTTP_OPTION_URL, buf, &size);
}

/* ------------------------------------------------------------------ WinHttpOpen */

static void test_open(void)
{
    HINTERNET ses;
    DWORD type, size;
    WCHAR buf[64];

    SetLastError(0xdeadbeef);
    ses = WinHttpOpen(W("winetest"), WINHTTP_ACCESS_TYPE_DEFAULT_PROXY, WINHTTP_NO_PROXY_NAME,
                      WINHTTP_NO_PROXY_BYPASS, 0);
    ok(ses != NULL, "WinHttpOpen(DEFAULT_PROXY) failed: %lu", (unsigned long)GetLastError());
    expect_error(ERROR_SUCCESS); /* Windows 7+ resets the last error on success */
    ok(query_dword(ses, WINHTTP_OPTION_HANDLE_TYPE, &type), "query handle type failed");
    ok(type == WINHTTP_HANDLE_TYPE_SESSION, "session handle type %lu", (unsigned long)type);
    size = sizeof(buf);
    ok(WinHttpQueryOption(ses, WINHTTP_OPTION_USER_AGENT, buf, &size), "query user agent failed");
    ok(!u16cmp(buf, W("winetest")), "agent %s", u16a(buf));
    ok(size == 8 * sizeof(WCHAR), "agent size %lu", (unsigned long)size);
    SetLastError(0xdeadbeef);
    ok(WinHttpCloseHandle(ses), "close session failed");
    expect_error(ERROR_SUCCESS);

    SetLastError(0xdeadbeef);
    ses = WinHttpOpen(W("winetest"), WINHTTP_ACCESS_TYPE_NO_PROXY, WINHTTP_NO_PROXY_NAME, WINHTTP_NO_PROXY_BYPASS, 0);
    ok(ses != NULL, "WinHttpOpen(NO_PROXY) failed: %lu", (unsigned long)GetLastError());
    expect_error(ERROR_SUCCESS);
    WinHttpCloseHandle(ses);

    /* Wine's test_credentials opens with access type 0 and proxy strings: accepted. */
    SetLastError(0xdeadbeef);
    ses = WinHttpOpen(W("winetest"), WINHTTP_ACCESS_TYPE_DEFAULT_PROXY, W("user"), W("pass"), 0);
    ok(ses != NULL, "WinHttpOpen(DEFAULT_PROXY, strings) failed: %lu", (unsigned long)GetLastError());
    WinHttpCloseHandle(ses);

    SetLastError(0xdeadbeef);
    ses = WinHttpOpen(W("winetest"), WINHTTP_ACCESS_TYPE_NAMED_PROXY, W("proxy.example:8080"), W("<local>"), 0);
    ok(ses != NULL, "WinHttpOpen(NAMED_PROXY) failed: %lu", (unsigned long)GetLastError());
    expect_error(ERROR_SUCCESS);
    WinHttpCloseHandle(ses);

    SetLastError(0xdeadbeef);
    ses = WinHttpOpen(W("winetest"), WINHTTP_ACCESS_TYPE_NAMED_PROXY, W("proxy.example:8080"), WINHTTP_NO_PROXY_BYPASS, 0);
    ok(ses != NULL, "WinHttpOpen(NAMED_PROXY, no bypass) failed: %lu", (unsigned long)GetLastError());
    WinHttpCloseHandle(ses);

    /* A named proxy needs a name: WinInet-derived argument validation rejects a missing one. */
    SetLastError(0xdeadbeef);
    ses = WinHttpOpen(W("winetest"), WINHTTP_ACCESS_TYPE_NAMED_PROXY, WINHTTP_NO_PROXY_NAME, WINHTTP_NO_PROXY_BYPASS, 0);
    ok(ses == NULL, "NAMED_PROXY without a proxy succeeded");
    expect_error(ERROR_INVALID_PARAMETER);
    if (ses) WinHttpCloseHandle(ses);

    SetLastError(0xdeadbeef);
    ses = WinHttpOpen(W("winetest"), WINHTTP_ACCESS_TYPE_AUTOMATIC_PROXY, WINHTTP_NO_PROXY_NAME, WINHTTP_NO_PROXY_BYPASS, 0);
    ok(ses != NULL, "WinHttpOpen(AUTOMATIC_PROXY) failed: %lu", (unsigned long)GetLastError());
    expect_error(ERROR_SUCCESS);
    WinHttpCloseHandle(ses);

    /* Access types outside the documented set (2 is not one of them). */
    SetLastError(0xdeadbeef);
    ses = WinHttpOpen(W("winetest"), 2, WINHTTP_NO_PROXY_NAME, WINHTTP_NO_PROXY_BYPASS, 0);
    ok(ses == NULL, "access type 2 succeeded");
    expect_error(ERROR_INVALID_PARAMETER);
    if (ses) WinHttpCloseHandle(ses);

    SetLastError(0xdeadbeef);
    ses = WinHttpOpen(W("winetest"), 0x1234, WINHTTP_NO_PROXY_NAME, WINHTTP_NO_PROXY_BYPASS, 0);
    ok(ses == NULL, "access type 0x1234 succeeded");
    expect_error(ERROR_INVALID_PARAMETER);
    if (ses) WinHttpCloseHandle(ses);

    SetLastError(0xdeadbeef);
    ses = WinHttpOpen(W("winetest"), 0xffffffff, WINHTTP_NO_PROXY_NAME, WINHTTP_NO_PROXY_BYPASS, 0);
    ok(ses == NULL, "access type 0xffffffff succeeded");
    expect_error(ERROR_INVALID_PARAMETER);
    if (ses) WinHttpCloseHandle(ses);

    /* NULL agent is allowed (pszAgentW is optional); the agent reads back empty. */
    SetLastError(0xdeadbeef);
    ses = WinHttpOpen(NULL, WINHTTP_ACCESS_TYPE_NO_PROXY, WINHTTP_NO_PROXY_NAME, WINHTTP_NO_PROXY_BYPASS, 0);
    ok(ses != NULL, "WinHttpOpen(NULL agent) failed: %lu", (unsigned long)GetLastError());
    expect_error(ERROR_SUCCESS);
    size = sizeof(buf);
    buf[0] = 'x';
    ok(WinHttpQueryOption(ses, WINHTTP_OPTION_USER_AGENT, buf, &size), "query NULL agent failed");
    ok(buf[0] == 0, "NULL agent reads back %s", u16a(buf));
    ok(size == 0, "NULL agent size %lu", (unsigned long)size);
    WinHttpCloseHandle(ses);

    /* Empty agent. */
    ses = WinHttpOpen(W(""), WINHTTP_ACCESS_TYPE_NO_PROXY, WINHTTP_NO_PROXY_NAME, WINHTTP_NO_PROXY_BYPASS, 0);
    ok(ses != NULL, "WinHttpOpen(empty agent) failed");
    WinHttpCloseHandle(ses);

    /* Asynchronous sessions. */
    SetLastError(0xdeadbeef);
    ses = WinHttpOpen(W("winetest"), WINHTTP_ACCESS_TYPE_NO_PROXY, WINHTTP_NO_PROXY_NAME, WINHTTP_NO_PROXY_BYPASS,
                      WINHTTP_FLAG_ASYNC);
    ok(ses != NULL, "WinHttpOpen(ASYNC) failed: %lu", (unsigned long)GetLastError());
    expect_error(ERROR_SUCCESS);
    ok(query_dword(ses, WINHTTP_OPTION_HANDLE_TYPE, &type) && type == WINHTTP_HANDLE_TYPE_SESSION,
       "async session handle type %lu", (unsigned long)type);
    WinHttpCloseHandle(ses);

#ifdef WINHTTP_FLAG_SECURE_DEFAULTS
    SetLastError(0xdeadbeef);
    ses = WinHttpOpen(W("winetest"), WINHTTP_ACCESS_TYPE_NO_PROXY, WINHTTP_NO_PROXY_NAME, WINHTTP_NO_PROXY_BYPASS,
                      WINHTTP_FLAG_SECURE_DEFAULTS);
    ok(ses != NULL, "WinHttpOpen(SECURE_DEFAULTS) failed: %lu", (unsigned long)GetLastError());
    expect_error(ERROR_SUCCESS);
    WinHttpCloseHandle(ses);
#endif

    /* Flags WinHttpOpen does not define: rejected like WinInet's InternetOpen does (flag mask check). */
    SetLastError(0xdeadbeef);
    ses = WinHttpOpen(W("winetest"), WINHTTP_ACCESS_TYPE_NO_PROXY, WINHTTP_NO_PROXY_NAME, WINHTTP_NO_PROXY_BYPASS, 0x1);
    ok(ses == NULL, "unknown open flag 0x1 succeeded");
    expect_error(ERROR_INVALID_PARAMETER);
    if (ses) WinHttpCloseHandle(ses);

    /* Each call makes a new, distinct session. */
    {
        HINTERNET a = open_session(), b = open_session();
        ok(a && b && a != b, "two sessions share a handle %p %p", a, b);
        WinHttpCloseHandle(a);
        WinHttpCloseHandle(b);
    }
}

/* ------------------------------------------------------------------ WinHttpConnect */

static void test_connect(void)
{
    static const INTERNET_PORT ports[] = { INTERNET_DEFAULT_PORT, INTERNET_DEFAULT_HTTP_PORT,
                                           INTERNET_DEFAULT_HTTPS_PORT, 8080, 1, 65535 };
    HINTERNET ses = open_session(), con, con2, req;
    DWORD type;
    HINTERNET parent;
    DWORD size;
    unsigned i;

    SetLastError(0xdeadbeef);
    con = WinHttpConnect(NULL, W("localhost"), 80, 0);
    ok(con == NULL, "connect on NULL session succeeded");
    expect_error(ERROR_INVALID_HANDLE);

    SetLastError(0xdeadbeef);
    con = WinHttpConnect(ses, NULL, INTERNET_DEFAULT_HTTP_PORT, 0);
    ok(con == NULL, "connect with NULL server succeeded");
    expect_error(ERROR_INVALID_PARAMETER); /* Wine's test_OpenRequest */

    SetLastError(0xdeadbeef);
    con = WinHttpConnect(ses, W("localhost"), INTERNET_DEFAULT_HTTP_PORT, 0);
    ok(con != NULL, "connect failed: %lu", (unsigned long)GetLastError());
    expect_error(ERROR_SUCCESS);
    ok(query_dword(con, WINHTTP_OPTION_HANDLE_TYPE, &type), "query connect handle type failed");
    ok(type == WINHTTP_HANDLE_TYPE_CONNECT, "connect handle type %lu", (unsigned long)type);
    parent = NULL;
    size = sizeof(parent);
    ok(WinHttpQueryOption(con, WINHTTP_OPTION_PARENT_HANDLE, &parent, &size), "query parent failed");
    ok(parent == ses, "parent of connect %p, session %p", parent, ses);
    ok(size == sizeof(HINTERNET), "parent size %lu", (unsigned long)size);

    /* Wrong handle types for the session argument. */
    SetLastError(0xdeadbeef);
    con2 = WinHttpConnect(con, W("localhost"), 80, 0);
    ok(con2 == NULL, "connect on a connect handle succeeded");
    expect_error(ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);

    req = WinHttpOpenRequest(con, NULL, NULL, NULL, WINHTTP_NO_REFERER, WINHTTP_DEFAULT_ACCEPT_TYPES, 0);
    ok(req != NULL, "open request failed");
    SetLastError(0xdeadbeef);
    con2 = WinHttpConnect(req, W("localhost"), 80, 0);
    ok(con2 == NULL, "connect on a request handle succeeded");
    expect_error(ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
    WinHttpCloseHandle(req);

    /* Every port value, including INTERNET_DEFAULT_PORT (0), is accepted. */
    for (i = 0; i < sizeof(ports) / sizeof(ports[0]); i++) {
        SetLastError(0xdeadbeef);
        con2 = WinHttpConnect(ses, W("localhost"), ports[i], 0);
        ok(con2 != NULL, "connect to port %u failed: %lu", ports[i], (unsigned long)GetLastError());
        expect_error(ERROR_SUCCESS);
        WinHttpCloseHandle(con2);
    }

    /* Host names and IP literals are taken as given; nothing is resolved yet. */
    con2 = WinHttpConnect(ses, W("10.0.1.45"), 80, 0);
    ok(con2 != NULL, "connect to an IPv4 literal failed");
    WinHttpCloseHandle(con2);
    con2 = WinHttpConnect(ses, W("no-such-host.invalid"), 80, 0);
    ok(con2 != NULL, "connect to an unresolvable host failed (connect must not resolve)");
    WinHttpCloseHandle(con2);

    /* Several connections under one session are distinct handles. */
    con2 = WinHttpConnect(ses, W("localhost"), 80, 0);
    ok(con2 != NULL && con2 != con, "second connect gave %p (first %p)", con2, con);
    WinHttpCloseHandle(con2);

    WinHttpCloseHandle(con);

    /* A closed session is no session. */
    WinHttpCloseHandle(ses);
    SetLastError(0xdeadbeef);
    con = WinHttpConnect(ses, W("localhost"), 80, 0);
    ok(con == NULL, "connect on a closed session succeeded");
    expect_error(ERROR_INVALID_HANDLE);
}

/* ------------------------------------------------------------------ WinHttpOpenRequest */

static void check_url(HINTERNET ses, const WCHAR *host, INTERNET_PORT port, DWORD flags, const WCHAR *object,
                      const WCHAR *expected)
{
    HINTERNET con = WinHttpConnect(ses, host, port, 0);
    HINTERNET req = con ? WinHttpOpenRequest(con, NULL, object, NULL, WINHTTP_NO_REFERER,
                                             WINHTTP_DEFAULT_ACCEPT_TYPES, flags) : NULL;
    WCHAR url[256];
    ok(req != NULL, "open request for %s port %u failed", u16a(expected), port);
    if (req) {
        SetLastError(0xdeadbeef);
        ok(query_url(req, url, sizeof(url)), "query URL failed: %lu", (unsigned long)GetLastError());
        ok(!u16cmp(url, expected), "URL %s, expected %s", u16a(url), u16a(expected));
    }
    WinHttpCloseHandle(req);
    WinHttpCloseHandle(con);
}

static void test_open_request(void)
{
    HINTERNET ses = open_session(), con, req, req2;
    WCHAR buf[256];
    DWORD type, size;
    HINTERNET parent;

    con = WinHttpConnect(ses, W("example.com"), INTERNET_DEFAULT_HTTP_PORT, 0);
    ok(con != NULL, "connect failed");

    /* Wrong handles. */
    SetLastError(0xdeadbeef);
    req = WinHttpOpenRequest(NULL, NULL, NULL, NULL, WINHTTP_NO_REFERER, WINHTTP_DEFAULT_ACCEPT_TYPES, 0);
    ok(req == NULL, "open request on NULL succeeded");
    expect_error(ERROR_INVALID_HANDLE);

    SetLastError(0xdeadbeef);
    req = WinHttpOpenRequest(ses, NULL, NULL, NULL, WINHTTP_NO_REFERER, WINHTTP_DEFAULT_ACCEPT_TYPES, 0);
    ok(req == NULL, "open request on a session succeeded");
    expect_error(ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);

    /* All defaults: GET / HTTP/1.1. */
    SetLastError(0xdeadbeef);
    req = WinHttpOpenRequest(con, NULL, NULL, NULL, WINHTTP_NO_REFERER, WINHTTP_DEFAULT_ACCEPT_TYPES, 0);
    ok(req != NULL, "open request failed: %lu", (unsigned long)GetLastError());
    expect_error(ERROR_SUCCESS);
    ok(query_dword(req, WINHTTP_OPTION_HANDLE_TYPE, &type), "query request handle type failed");
    ok(type == WINHTTP_HANDLE_TYPE_REQUEST, "request handle type %lu", (unsigned long)type);
    parent = NULL;
    size = sizeof(parent);
    ok(WinHttpQueryOption(req, WINHTTP_OPTION_PARENT_HANDLE, &parent, &size), "query parent failed");
    ok(parent == con, "parent of request %p, connect %p", parent, con);

    SetLastError(0xdeadbeef);
    ok(query_req_header(req, WINHTTP_QUERY_REQUEST_METHOD, buf, sizeof(buf)), "query method failed: %lu",
       (unsigned long)GetLastError());
    expect_error(ERROR_SUCCESS);
    ok(!u16cmp(buf, W("GET")), "NULL verb gives %s", u16a(buf));
    ok(query_req_header(req, WINHTTP_QUERY_URI, buf, sizeof(buf)), "query URI failed");
    ok(!u16cmp(buf, W("/")), "NULL object gives %s", u16a(buf));
    ok(query_req_header(req, WINHTTP_QUERY_VERSION, buf, sizeof(buf)), "query version failed");
    ok(!u16cmp(buf, W("HTTP/1.1")), "NULL version gives %s", u16a(buf));
    ok(query_url(req, buf, sizeof(buf)), "query URL failed");
    ok(!u16cmp(buf, W("http://example.com/")), "default URL %s", u16a(buf));

    /* Request-header queries follow the usual size protocol: needed size includes the NUL. */
    size = 0;
    SetLastError(0xdeadbeef);
    ok(!WinHttpQueryHeaders(req, WINHTTP_QUERY_REQUEST_METHOD | WINHTTP_QUERY_FLAG_REQUEST_HEADERS,
                            WINHTTP_HEADER_NAME_BY_INDEX, NULL, &size, WINHTTP_NO_HEADER_INDEX),
       "method query without a buffer succeeded");
    expect_error(ERROR_INSUFFICIENT_BUFFER);
    ok(size == 4 * sizeof(WCHAR), "needed size for GET %lu", (unsigned long)size);
    size = sizeof(buf);
    ok(WinHttpQueryHeaders(req, WINHTTP_QUERY_REQUEST_METHOD | WINHTTP_QUERY_FLAG_REQUEST_HEADERS,
                           WINHTTP_HEADER_NAME_BY_INDEX, buf, &size, WINHTTP_NO_HEADER_INDEX), "method query failed");
    ok(size == 3 * sizeof(WCHAR), "returned size for GET %lu", (unsigned long)size);

    /* No accept types given: no Accept header. */
    SetLastError(0xdeadbeef);
    ok(!query_req_header(req, WINHTTP_QUERY_ACCEPT, buf, sizeof(buf)), "Accept present without accept types");
    expect_error(ERROR_WINHTTP_HEADER_NOT_FOUND);

    /* Wrong handle types for WinHttpOpenRequest's connect argument. */
    SetLastError(0xdeadbeef);
    req2 = WinHttpOpenRequest(req, NULL, NULL, NULL, WINHTTP_NO_REFERER, WINHTTP_DEFAULT_ACCEPT_TYPES, 0);
    ok(req2 == NULL, "open request on a request handle succeeded");
    expect_error(ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
    WinHttpCloseHandle(req);

    /* Empty strings are defaulted like NULL (Wine's test_request_parameter_defaults). */
    req = WinHttpOpenRequest(con, W(""), W(""), W(""), WINHTTP_NO_REFERER, WINHTTP_DEFAULT_ACCEPT_TYPES, 0);
    ok(req != NULL, "open request with empty strings failed: %lu", (unsigned long)GetLastError());
    ok(query_req_header(req, WINHTTP_QUERY_REQUEST_METHOD, buf, sizeof(buf)) && !u16cmp(buf, W("GET")),
       "empty verb gives %s", u16a(buf));
    ok(query_req_header(req, WINHTTP_QUERY_URI, buf, sizeof(buf)) && !u16cmp(buf, W("/")),
       "empty object gives %s", u16a(buf));
    ok(query_req_header(req, WINHTTP_QUERY_VERSION, buf, sizeof(buf)) && !u16cmp(buf, W("HTTP/1.1")),
       "empty version gives %s", u16a(buf));
    WinHttpCloseHandle(req);

    /* Explicit values are kept as given. */
    req = WinHttpOpenRequest(con, W("POST"), W("/a/b?c=d"), W("HTTP/1.0"), WINHTTP_NO_REFERER,
                             WINHTTP_DEFAULT_ACCEPT_TYPES, 0);
    ok(req != NULL, "open POST request failed");
    ok(query_req_header(req, WINHTTP_QUERY_REQUEST_METHOD, buf, sizeof(buf)) && !u16cmp(buf, W("POST")),
       "verb %s", u16a(buf));
    ok(query_req_header(req, WINHTTP_QUERY_URI, buf, sizeof(buf)) && !u16cmp(buf, W("/a/b?c=d")),
       "object %s", u16a(buf));
    ok(query_req_header(req, WINHTTP_QUERY_VERSION, buf, sizeof(buf)) && !u16cmp(buf, W("HTTP/1.0")),
       "version %s", u16a(buf));
    ok(query_url(req, buf, sizeof(buf)) && !u16cmp(buf, W("http://example.com/a/b?c=d")), "URL %s", u16a(buf));
    WinHttpCloseHandle(req);

    /* Any verb string is accepted. */
    req = WinHttpOpenRequest(con, W("PROPFIND"), W("/"), NULL, WINHTTP_NO_REFERER, WINHTTP_DEFAULT_ACCEPT_TYPES, 0);
    ok(req != NULL, "open PROPFIND request failed");
    ok(query_req_header(req, WINHTTP_QUERY_REQUEST_METHOD, buf, sizeof(buf)) && !u16cmp(buf, W("PROPFIND")),
       "verb %s", u16a(buf));
    WinHttpCloseHandle(req);

    /* Accept types become one Accept header, joined with ", " (added with COALESCE_WITH_COMMA). */
    {
        LPCWSTR one[] = { W("text/html"), NULL };
        LPCWSTR two[] = { W("text/html"), W("image/gif"), NULL };
        LPCWSTR none[] = { NULL };

        req = WinHttpOpenRequest(con, NULL, NULL, NULL, WINHTTP_NO_REFERER, one, 0);
        ok(req != NULL, "open request with one accept type failed");
        ok(query_req_header(req, WINHTTP_QUERY_ACCEPT, buf, sizeof(buf)), "Accept missing");
        ok(!u16cmp(buf, W("text/html")), "Accept %s", u16a(buf));
        WinHttpCloseHandle(req);

        req = WinHttpOpenRequest(con, NULL, NULL, NULL, WINHTTP_NO_REFERER, two, 0);
        ok(req != NULL, "open request with two accept types failed");
        ok(query_req_header(req, WINHTTP_QUERY_ACCEPT, buf, sizeof(buf)), "Accept missing");
        ok(!u16cmp(buf, W("text/html, image/gif")), "Accept %s", u16a(buf));
        WinHttpCloseHandle(req);

        req = WinHttpOpenRequest(con, NULL, NULL, NULL, WINHTTP_NO_REFERER, none, 0);
        ok(req != NULL, "open request with an empty accept list failed");
        SetLastError(0xdeadbeef);
        ok(!query_req_header(req, WINHTTP_QUERY_ACCEPT, buf, sizeof(buf)), "Accept present for an empty list");
        expect_error(ERROR_WINHTTP_HEADER_NOT_FOUND);
        WinHttpCloseHandle(req);
    }

    /* WINHTTP_FLAG_REFRESH adds "Pragma: no-cache" and, for HTTP/1.1, "Cache-Control: no-cache"
     * (WinHttpOpenRequest page); WINHTTP_FLAG_BYPASS_PROXY_CACHE behaves the same. */
    req = WinHttpOpenRequest(con, NULL, NULL, NULL, WINHTTP_NO_REFERER, WINHTTP_DEFAULT_ACCEPT_TYPES,
                             WINHTTP_FLAG_REFRESH);
    ok(req != NULL, "open request with REFRESH failed");
    ok(query_req_header(req, WINHTTP_QUERY_PRAGMA, buf, sizeof(buf)) && !u16cmp(buf, W("no-cache")),
       "REFRESH Pragma %s", u16a(buf));
    ok(query_req_header(req, WINHTTP_QUERY_CACHE_CONTROL, buf, sizeof(buf)) && !u16cmp(buf, W("no-cache")),
       "REFRESH Cache-Control %s", u16a(buf));
    WinHttpCloseHandle(req);

    req = WinHttpOpenRequest(con, NULL, NULL, NULL, WINHTTP_NO_REFERER, WINHTTP_DEFAULT_ACCEPT_TYPES,
                             WINHTTP_FLAG_BYPASS_PROXY_CACHE);
    ok(req != NULL, "open request with BYPASS_PROXY_CACHE failed");
    ok(query_req_header(req, WINHTTP_QUERY_PRAGMA, buf, sizeof(buf)) && !u16cmp(buf, W("no-cache")),
       "BYPASS_PROXY_CACHE Pragma %s", u16a(buf));
    WinHttpCloseHandle(req);

    /* Without REFRESH there is no Pragma header. */
    req = WinHttpOpenRequest(con, NULL, NULL, NULL, WINHTTP_NO_REFERER, WINHTTP_DEFAULT_ACCEPT_TYPES, 0);
    SetLastError(0xdeadbeef);
    ok(!query_req_header(req, WINHTTP_QUERY_PRAGMA, buf, sizeof(buf)), "Pragma present without REFRESH");
    expect_error(ERROR_WINHTTP_HEADER_NOT_FOUND);
    WinHttpCloseHandle(req);

    /* The documented flags are all accepted. */
    req = WinHttpOpenRequest(con, NULL, W("/x"), NULL, WINHTTP_NO_REFERER, WINHTTP_DEFAULT_ACCEPT_TYPES,
                             WINHTTP_FLAG_ESCAPE_DISABLE | WINHTTP_FLAG_ESCAPE_DISABLE_QUERY);
    ok(req != NULL, "open request with ESCAPE_DISABLE flags failed");
    WinHttpCloseHandle(req);
    req = WinHttpOpenRequest(con, NULL, W("/x"), NULL, WINHTTP_NO_REFERER, WINHTTP_DEFAULT_ACCEPT_TYPES,
                             WINHTTP_FLAG_ESCAPE_PERCENT);
    ok(req != NULL, "open request with ESCAPE_PERCENT failed");
    WinHttpCloseHandle(req);
    req = WinHttpOpenRequest(con, NULL, W("/x"), NULL, WINHTTP_NO_REFERER, WINHTTP_DEFAULT_ACCEPT_TYPES,
                             WINHTTP_FLAG_NULL_CODEPAGE);
    ok(req != NULL, "open request with NULL_CODEPAGE failed");
    WinHttpCloseHandle(req);

    /* Referrer is optional; a request with one opens fine. */
    req = WinHttpOpenRequest(con, NULL, NULL, NULL, W("http://example.com/from"), WINHTTP_DEFAULT_ACCEPT_TYPES, 0);
    ok(req != NULL, "open request with a referrer failed");
    WinHttpCloseHandle(req);

    /* Several requests on one connection are distinct handles. */
    req = WinHttpOpenRequest(con, NULL, NULL, NULL, WINHTTP_NO_REFERER, WINHTTP_DEFAULT_ACCEPT_TYPES, 0);
    req2 = WinHttpOpenRequest(con, NULL, NULL, NULL, WINHTTP_NO_REFERER, WINHTTP_DEFAULT_ACCEPT_TYPES, 0);
    ok(req && req2 && req != req2, "two requests %p %p", req, req2);
    WinHttpCloseHandle(req);
    WinHttpCloseHandle(req2);

    WinHttpCloseHandle(con);

    /* WINHTTP_OPTION_URL: scheme from WINHTTP_FLAG_SECURE, port shown only when it is not the
     * scheme's default, INTERNET_DEFAULT_PORT meaning 80 or 443. */
    check_url(ses, W("example.com"), INTERNET_DEFAULT_PORT, 0, W("/p"), W("http://example.com/p"));
    check_url(ses, W("example.com"), INTERNET_DEFAULT_PORT, WINHTTP_FLAG_SECURE, W("/p"), W("https://example.com/p"));
    check_url(ses, W("example.com"), 80, 0, W("/p"), W("http://example.com/p"));
    check_url(ses, W("example.com"), 443, WINHTTP_FLAG_SECURE, W("/p"), W("https://example.com/p"));
    check_url(ses, W("example.com"), 8080, 0, W("/p"), W("http://example.com:8080/p"));
    check_url(ses, W("example.com"), 8443, WINHTTP_FLAG_SECURE, W("/p"), W("https://example.com:8443/p"));
    check_url(ses, W("example.com"), 443, 0, W("/p"), W("http://example.com:443/p"));
    check_url(ses, W("example.com"), 80, WINHTTP_FLAG_SECURE, W("/p"), W("https://example.com:80/p"));
    check_url(ses, W("example.com"), 80, 0, NULL, W("http://example.com/"));

    WinHttpCloseHandle(ses);
}

/* ------------------------------------------------------------------ WinHttpCloseHandle */

static void test_close_handle(void)
{
    HINTERNET ses, con, req, req2;
    DWORD type, value;
    BOOL ret;

    SetLastError(0xdeadbeef);
    ret = WinHttpCloseHandle(NULL);
    ok(!ret, "closing NULL succeeded");
    expect_error(ERROR_INVALID_HANDLE);

    /* Each handle type closes, and closing it again fails. */
    ses = open_session();
    con = WinHttpConnect(ses, W("localhost"), 80, 0);
    req = WinHttpOpenRequest(con, NULL, NULL, NULL, WINHTTP_NO_REFERER, WINHTTP_DEFAULT_ACCEPT_TYPES, 0);
    ok(ses && con && req, "handles not created");

    SetLastError(0xdeadbeef);
    ok(WinHttpCloseHandle(req), "close request failed");
    expect_error(ERROR_SUCCESS);
    SetLastError(0xdeadbeef);
    ok(!WinHttpCloseHandle(req), "closing a request twice succeeded");
    expect_error(ERROR_INVALID_HANDLE);

    SetLastError(0xdeadbeef);
    ok(WinHttpCloseHandle(con), "close connect failed");
    expect_error(ERROR_SUCCESS);
    SetLastError(0xdeadbeef);
    ok(!WinHttpCloseHandle(con), "closing a connect twice succeeded");
    expect_error(ERROR_INVALID_HANDLE);

    SetLastError(0xdeadbeef);
    ok(WinHttpCloseHandle(ses), "close session failed");
    expect_error(ERROR_SUCCESS);
    SetLastError(0xdeadbeef);
    ok(!WinHttpCloseHandle(ses), "closing a session twice succeeded");
    expect_error(ERROR_INVALID_HANDLE);

    /* Stale handle values: every call fails with ERROR_INVALID_HANDLE. */
    SetLastError(0xdeadbeef);
    ok(!query_dword(req, WINHTTP_OPTION_HANDLE_TYPE, &type), "query on a closed request succeeded");
    expect_error(ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    ok(!query_dword(con, WINHTTP_OPTION_HANDLE_TYPE, &type), "query on a closed connect succeeded");
    expect_error(ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    ok(!query_dword(ses, WINHTTP_OPTION_HANDLE_TYPE, &type), "query on a closed session succeeded");
    expect_error(ERROR_INVALID_HANDLE);
    value = 1000;
    SetLastError(0xdeadbeef);
    ok(!WinHttpSetOption(req, WINHTTP_OPTION_CONNECT_TIMEOUT, &value, sizeof(value)), "set on a closed request succeeded");
    expect_error(ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    ok(!WinHttpSetTimeouts(req, 0, 0, 0, 0), "SetTimeouts on a closed request succeeded");
    expect_error(ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    ok(!WinHttpSetTimeouts(ses, 0, 0, 0, 0), "SetTimeouts on a closed session succeeded");
    expect_error(ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    ok(WinHttpOpenRequest(con, NULL, NULL, NULL, WINHTTP_NO_REFERER, WINHTTP_DEFAULT_ACCEPT_TYPES, 0) == NULL,
       "open request on a closed connect succeeded");
    expect_error(ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    ok(WinHttpSetStatusCallback(req, NULL, 0, 0) == WINHTTP_INVALID_STATUS_CALLBACK,
       "SetStatusCallback on a closed request did not fail");
    expect_error(ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    ok(!WinHttpAddRequestHeaders(req, W("X-A: b"), (DWORD)-1, WINHTTP_ADDREQ_FLAG_ADD),
       "AddRequestHeaders on a closed request succeeded");
    expect_error(ERROR_INVALID_HANDLE);

    /* A value that was never a handle. */
    SetLastError(0xdeadbeef);
    ok(!WinHttpCloseHandle((HINTERNET)(uintptr_t)0x12345678), "closing a made-up handle succeeded");
    expect_error(ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    ok(!query_dword((HINTERNET)(uintptr_t)0x12345678, WINHTTP_OPTION_HANDLE_TYPE, &type),
       "query on a made-up handle succeeded");
    expect_error(ERROR_INVALID_HANDLE);

    /* Closing a parent before its children: the close succeeds, the parent's handle is gone at
     * once, and the children keep working until they are closed themselves. */
    ses = open_session();
    con = WinHttpConnect(ses, W("localhost"), 80, 0);
    req = WinHttpOpenRequest(con, NULL, NULL, NULL, WINHTTP_NO_REFERER, WINHTTP_DEFAULT_ACCEPT_TYPES, 0);
    SetLastError(0xdeadbeef);
    ok(WinHttpCloseHandle(ses), "closing a session with open children failed");
    expect_error(ERROR_SUCCESS);
    SetLastError(0xdeadbeef);
    ok(!query_dword(ses, WINHTTP_OPTION_HANDLE_TYPE, &type), "closed parent still answers");
    expect_error(ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    ok(query_dword(con, WINHTTP_OPTION_HANDLE_TYPE, &type) && type == WINHTTP_HANDLE_TYPE_CONNECT,
       "connect unusable after its session was closed: %lu", (unsigned long)GetLastError());
    ok(query_dword(req, WINHTTP_OPTION_HANDLE_TYPE, &type) && type == WINHTTP_HANDLE_TYPE_REQUEST,
       "request unusable after its session was closed: %lu", (unsigned long)GetLastError());
    ok(query_dword(req, WINHTTP_OPTION_CONNECT_TIMEOUT, &value) && value == 60000,
       "request timeout after its session was closed: %lu", (unsigned long)value);
    value = 1234;
    ok(WinHttpSetOption(req, WINHTTP_OPTION_CONNECT_TIMEOUT, &value, sizeof(value)),
       "set option on a request whose session was closed failed: %lu", (unsigned long)GetLastError());
    req2 = WinHttpOpenRequest(con, NULL, NULL, NULL, WINHTTP_NO_REFERER, WINHTTP_DEFAULT_ACCEPT_TYPES, 0);
    ok(req2 != NULL, "open request on a connect whose session was closed failed: %lu", (unsigned long)GetLastError());

    SetLastError(0xdeadbeef);
    ok(WinHttpCloseHandle(con), "closing a connect with open requests failed");
    expect_error(ERROR_SUCCESS);
    ok(query_dword(req2, WINHTTP_OPTION_HANDLE_TYPE, &type) && type == WINHTTP_HANDLE_TYPE_REQUEST,
       "request unusable after its connect was closed");
    SetLastError(0xdeadbeef);
    ok(WinHttpCloseHandle(req), "closing an orphaned request failed");
    expect_error(ERROR_SUCCESS);
    ok(WinHttpCloseHandle(req2), "closing an orphaned request failed");
    SetLastError(0xdeadbeef);
    ok(!WinHttpCloseHandle(con), "closed connect closed again");
    expect_error(ERROR_INVALID_HANDLE);
}

/* ------------------------------------------------------------------ WinHttpSetTimeouts */

static void check_timeouts(HINTERNET h, DWORD resolve, DWORD connect, DWORD send, DWORD receive, const char *what)
{
    static const DWORD opts[] = { WINHTTP_OPTION_RESOLVE_TIMEOUT, WINHTTP_OPTION_CONNECT_TIMEOUT,
                                  WINHTTP_OPTION_SEND_TIMEOUT, WINHTTP_OPTION_RECEIVE_TIMEOUT };
    static const char *names[] = { "resolve", "connect", "send", "receive" };
    DWORD expected[4];
    unsigned i;
    expected[0] = resolve; expected[1] = connect; expected[2] = send; expected[3] = receive;
    for (i = 0; i < 4; i++) {
        DWORD v;
        BOOL ret = query_dword(h, opts[i], &v);
        ok(ret && v == expected[i], "%s: %s %#lx, expected %#lx", what, names[i], (unsigned long)v,
           (unsigned long)expected[i]);
    }
}

static void set_timeout_options(HINTERNET h, DWORD value)
{
    static const DWORD opts[] = { WINHTTP_OPTION_RESOLVE_TIMEOUT, WINHTTP_OPTION_CONNECT_TIMEOUT,
                                  WINHTTP_OPTION_SEND_TIMEOUT, WINHTTP_OPTION_RECEIVE_TIMEOUT };
    unsigned i;
    for (i = 0; i < 4; i++) {
        SetLastError(0xdeadbeef);
        ok(WinHttpSetOption(h, opts[i], &value, sizeof(value)), "set timeout option %lu failed: %lu",
           (unsigned long)opts[i], (unsigned long)GetLastError());
        expect_error(ERROR_SUCCESS);
    }
}

static void check_negative_rejected(HINTERNET h, const char *what)
{
    SetLastError(0xdeadbeef);
    ok(!WinHttpSetTimeouts(h, -2, 0, 0, 0), "%s: resolve -2 accepted", what);
    expect_error(ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    ok(!WinHttpSetTimeouts(h, 0, -2, 0, 0), "%s: connect -2 accepted", what);
    expect_error(ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    ok(!WinHttpSetTimeouts(h, 0, 0, -2, 0), "%s: send -2 accepted", what);
    expect_error(ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    ok(!WinHttpSetTimeouts(h, 0, 0, 0, -2), "%s: receive -2 accepted", what);
    expect_error(ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    ok(!WinHttpSetTimeouts(h, INT_MIN, 0, 0, 0), "%s: INT_MIN accepted", what);
    expect_error(ERROR_INVALID_PARAMETER);
}

static void test_set_timeouts(void)
{
    HINTERNET ses, con, req, req2;
    DWORD v;

    SetLastError(0xdeadbeef);
    ok(!WinHttpSetTimeouts(NULL, 0, 0, 0, 0), "SetTimeouts on NULL succeeded");
    expect_error(ERROR_INVALID_HANDLE);

    ses = open_session();

    /* Documented initial values (WinHttpSetTimeouts page, option-flags.md). */
    check_timeouts(ses, 0, 60000, 30000, 30000, "session defaults");
    ok(query_dword(ses, WINHTTP_OPTION_RECEIVE_RESPONSE_TIMEOUT, &v) && v == 90000,
       "receive-response default %lu", (unsigned long)v);

    /* Negative values other than -1 fail (Wine's test_timeouts); the handle keeps its values. */
    check_negative_rejected(ses, "session");
    check_timeouts(ses, 0, 60000, 30000, 30000, "session after rejected values");

    SetLastError(0xdeadbeef);
    ok(WinHttpSetTimeouts(ses, -1, -1, -1, -1), "-1 rejected: %lu", (unsigned long)GetLastError());
    expect_error(ERROR_SUCCESS);
    /* -1 (infinite) reads back as 0xffffffff: the DWORD view of the int. */
    check_timeouts(ses, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, "session -1");

    SetLastError(0xdeadbeef);
    ok(WinHttpSetTimeouts(ses, 0, 0, 0, 0), "zeroes rejected: %lu", (unsigned long)GetLastError());
    expect_error(ERROR_SUCCESS);
    check_timeouts(ses, 0, 0, 0, 0, "session 0");

    SetLastError(0xdeadbeef);
    ok(WinHttpSetTimeouts(ses, 0x0123, 0x4567, 0x89ab, 0xcdef), "values rejected: %lu", (unsigned long)GetLastError());
    expect_error(ERROR_SUCCESS);
    check_timeouts(ses, 0x0123, 0x4567, 0x89ab, 0xcdef, "session values");

    ok(WinHttpSetTimeouts(ses, INT_MAX, INT_MAX, INT_MAX, INT_MAX), "INT_MAX rejected");
    check_timeouts(ses, 0x7fffffff, 0x7fffffff, 0x7fffffff, 0x7fffffff, "session INT_MAX");

    /* SetTimeouts leaves the receive-response timeout alone. */
    ok(query_dword(ses, WINHTTP_OPTION_RECEIVE_RESPONSE_TIMEOUT, &v) && v == 90000,
       "receive-response after SetTimeouts %lu", (unsigned long)v);

    /* The same values through WinHttpSetOption, including ones above INT_MAX. */
    set_timeout_options(ses, 0);
    check_timeouts(ses, 0, 0, 0, 0, "session options 0");
    set_timeout_options(ses, 0xbeefdead);
    check_timeouts(ses, 0xbeefdead, 0xbeefdead, 0xbeefdead, 0xbeefdead, "session options 0xbeefdead");

    /* A connection has no timeouts of its own: it reports its session's, which it cannot change. */
    con = WinHttpConnect(ses, W("localhost"), 0, 0);
    ok(con != NULL, "connect failed");
    check_timeouts(con, 0xbeefdead, 0xbeefdead, 0xbeefdead, 0xbeefdead, "connect inherits");
    check_negative_rejected(con, "connect");
    SetLastError(0xdeadbeef);
    ok(!WinHttpSetTimeouts(con, -1, -1, -1, -1), "SetTimeouts(-1) on a connect succeeded");
    expect_error(ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
    SetLastError(0xdeadbeef);
    ok(!WinHttpSetTimeouts(con, 0, 0, 0, 0), "SetTimeouts(0) on a connect succeeded");
    expect_error(ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
    {
        static const DWORD opts[] = { WINHTTP_OPTION_RESOLVE_TIMEOUT, WINHTTP_OPTION_CONNECT_TIMEOUT,
                                      WINHTTP_OPTION_SEND_TIMEOUT, WINHTTP_OPTION_RECEIVE_TIMEOUT };
        unsigned i;
        for (i = 0; i < 4; i++) {
            v = 0;
            SetLastError(0xdeadbeef);
            ok(!WinHttpSetOption(con, opts[i], &v, sizeof(v)), "set timeout %lu on a connect succeeded",
               (unsigned long)opts[i]);
            expect_error(ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
        }
    }

    /* Changing the session's values changes what the connection reports (Wine's test_timeouts). */
    set_timeout_options(ses, 0xdead);
    check_timeouts(con, 0xdead, 0xdead, 0xdead, 0xdead, "connect follows session");

    /* A request starts with the session's current values. */
    req = WinHttpOpenRequest(con, NULL, NULL, NULL, WINHTTP_NO_REFERER, WINHTTP_DEFAULT_ACCEPT_TYPES, 0);
    ok(req != NULL, "open request failed");
    check_timeouts(req, 0xdead, 0xdead, 0xdead, 0xdead, "request inherits");
    check_negative_rejected(req, "request");

    SetLastError(0xdeadbeef);
    ok(WinHttpSetTimeouts(req, -1, -1, -1, -1), "request -1 rejected: %lu", (unsigned long)GetLastError());
    expect_error(ERROR_SUCCESS);
    SetLastError(0xdeadbeef);
    ok(WinHttpSetTimeouts(req, 0, 0, 0, 0), "request 0 rejected");
    expect_error(ERROR_SUCCESS);
    SetLastError(0xdeadbeef);
    ok(WinHttpSetTimeouts(req, 0xcdef, 0x89ab, 0x4567, 0x0123), "request values rejected");
    expect_error(ERROR_SUCCESS);
    check_timeouts(req, 0xcdef, 0x89ab, 0x4567, 0x0123, "request values");
    set_timeout_options(req, 0xbeefdead);
    check_timeouts(req, 0xbeefdead, 0xbeefdead, 0xbeefdead, 0xbeefdead, "request options");

    /* From then on a request and its session are independent, both ways. */
    set_timeout_options(ses, 0xdead);
    check_timeouts(req, 0xbeefdead, 0xbeefdead, 0xbeefdead, 0xbeefdead, "request after session change");
    set_timeout_options(req, 0x1111);
    check_timeouts(ses, 0xdead, 0xdead, 0xdead, 0xdead, "session after request change");
    check_timeouts(con, 0xdead, 0xdead, 0xdead, 0xdead, "connect after request change");

    /* A request opened after the session changed again gets the new values, though its connect
     * handle was created before the change. */
    ok(WinHttpSetTimeouts(ses, 111, 222, 333, 444), "session values rejected");
    req2 = WinHttpOpenRequest(con, NULL, NULL, NULL, WINHTTP_NO_REFERER, WINHTTP_DEFAULT_ACCEPT_TYPES, 0);
    check_timeouts(req2, 111, 222, 333, 444, "later request");
    check_timeouts(req, 0x1111, 0x1111, 0x1111, 0x1111, "earlier request unchanged");

    WinHttpCloseHandle(req2);
    WinHttpCloseHandle(req);
    WinHttpCloseHandle(con);
    WinHttpCloseHandle(ses);
}

/* ------------------------------------------------------------------ close racing other calls */

struct race {
    HINTERNET req;
    test_event go;    /* set when the racing thread may start */
    int bad;          /* calls that failed with something else than ERROR_INVALID_HANDLE */
    DWORD bad_error;
    int calls;
};

static void *race_thread(void *arg)
{
    struct race *r = arg;
    int i;
    test_event_wait(r->go, 5000);
    for (i = 0; i < 2000; i++) {
        DWORD v = 5000, size = sizeof(v);
        SetLastError(0xdeadbeef);
        if (!WinHttpQueryOption(r->req, WINHTTP_OPTION_CONNECT_TIMEOUT, &v, &size) &&
            GetLastError() != ERROR_INVALID_HANDLE) { r->bad++; r->bad_error = GetLastError(); }
        SetLastError(0xdeadbeef);
        if (!WinHttpSetOption(r->req, WINHTTP_OPTION_SEND_TIMEOUT, &v, sizeof(v)) &&
            GetLastError() != ERROR_INVALID_HANDLE) { r->bad++; r->bad_error = GetLastError(); }
        SetLastError(0xdeadbeef);
        if (!WinHttpSetTimeouts(r->req, 1, 2, 3, 4) && GetLastError() != ERROR_INVALID_HANDLE) {
            r->bad++; r->bad_error = GetLastError();
        }
        SetLastError(0xdeadbeef);
        if (!WinHttpAddRequestHeaders(r->req, W("X-Race: 1"), (DWORD)-1, WINHTTP_ADDREQ_FLAG_ADD) &&
            GetLastError() != ERROR_INVALID_HANDLE) { r->bad++; r->bad_error = GetLastError(); }
        r->calls++;
    }
    return NULL;
}

static void test_close_race(void)
{
    HINTERNET ses = open_session();
    HINTERNET con = WinHttpConnect(ses, W("localhost"), 80, 0);
    int round, bad = 0, closes_failed = 0;
    DWORD bad_error = 0;

    for (round = 0; round < 20; round++) {
        struct race r;
        test_thread t;
        memset(&r, 0, sizeof(r));
        r.go = test_event_create();
        r.req = WinHttpOpenRequest(con, NULL, NULL, NULL, WINHTTP_NO_REFERER, WINHTTP_DEFAULT_ACCEPT_TYPES, 0);
        if (test_thread_create(&t, race_thread, &r)) { test_event_destroy(r.go); break; }
        test_event_set(r.go);
        test_sleep_ms(round % 3);
        if (!WinHttpCloseHandle(r.req)) closes_failed++;
        test_thread_join(t);
        test_event_destroy(r.go);
        bad += r.bad;
        if (r.bad) bad_error = r.bad_error;
    }
    ok(closes_failed == 0, "%d closes failed while another thread used the handle", closes_failed);
    ok(bad == 0, "%d calls racing a close failed with %lu instead of ERROR_INVALID_HANDLE", bad,
       (unsigned long)bad_error);

    /* The same with the session closed underneath a connect in use. */
    {
        struct race r;
        test_thread t;
        HINTERNET ses2 = open_session();
        HINTERNET con2 = WinHttpConnect(ses2, W("localhost"), 80, 0);
        memset(&r, 0, sizeof(r));
        r.go = test_event_create();
        r.req = WinHttpOpenRequest(con2, NULL, NULL, NULL, WINHTTP_NO_REFERER, WINHTTP_DEFAULT_ACCEPT_TYPES, 0);
        if (!test_thread_create(&t, race_thread, &r)) {
            test_event_set(r.go);
            ok(WinHttpCloseHandle(ses2), "closing the session under a busy request failed");
            ok(WinHttpCloseHandle(con2), "closing the connect under a busy request failed");
            test_thread_join(t);
            ok(r.bad == 0, "calls on a request whose parents were closed failed with %lu", (unsigned long)r.bad_error);
            ok(WinHttpCloseHandle(r.req), "closing the busy request failed");
        }
        test_event_destroy(r.go);
    }

    WinHttpCloseHandle(con);
    WinHttpCloseHandle(ses);
}

int main(void)
{
    test_open();
    test_connect();
    test_open_request();
    test_close_handle();
    test_set_timeouts();
    test_close_race();
    return test_summary();
}
