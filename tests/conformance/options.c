/* Conformance: WinHttpSetOption and WinHttpQueryOption. For every option of guide/option-flags.md:
 * on which handle kinds it may be queried and set, the errors elsewhere, the buffer protocol and
 * the defaults; then the options with their own rules (strings, proxy, credentials, security,
 * state-dependent ones, the NULL handle, unknown option numbers). */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* clock_gettime/nanosleep in test.h under -std=c11 */
#endif
#include "test.h"
#include <stdint.h>

#define W(s) ((const WCHAR *)u ## s)

/* mingw's winhttp.h lacks WINHTTP_CONNECTION_INFO; the Windows build skips what needs its size. */
#ifndef __MINGW32__
#define HAVE_CONNECTION_INFO 1
#define CONNECTION_INFO_SIZE sizeof(WINHTTP_CONNECTION_INFO)
#else
#define CONNECTION_INFO_SIZE 512
#endif

/* WINHTTP_CREDS' layout (mingw's header lacks the type). */
struct test_creds { LPSTR lpszUserName, lpszPassword, lpszRealm; DWORD dwAuthTargets, dwAuthScheme; };

/* Strings inside a returned WINHTTP_PROXY_INFO are the caller's to free (GlobalFree on Windows,
 * free() natively). */
static void free_global(void *p)
{
#ifdef _WIN32
    if (p) GlobalFree(p);
#else
    free(p);
#endif
}

enum { KS = 1, KC = 2, KR = 4 }; /* session, connect, request */
enum { T_DWORD, T_BOOL, T_STR, T_PTR, T_STRUCT, T_NONE };
enum {
    F_STATE = 1,   /* before a request is sent, querying gives ERROR_WINHTTP_INCORRECT_HANDLE_STATE */
    F_SKIPQ = 2,   /* the query result on accepted kinds is not pinned */
    F_SKIPS = 4,   /* the set result on accepted kinds is not pinned (needs a real object) */
    F_SKIPC = 8,   /* the connect handle's answer is not pinned */
};
#define NODEF 0xfee1deadu

struct opt {
    DWORD id;
    const char *name;
    int type;
    DWORD size;        /* T_STRUCT size */
    unsigned query;    /* kinds it can be queried on */
    unsigned set;      /* kinds it can be set on */
    unsigned flags;
    DWORD sample;      /* a valid value to set (T_DWORD/T_BOOL) */
    DWORD def;         /* default value (T_DWORD/T_BOOL), NODEF when not pinned */
};

#define O(x) x, #x

/* Handle kinds follow the "Remarks" table of option-flags.md. Connection handles take only the
 * generic options (callback, context, handle type, parent); timeouts can be read from them (they
 * report the session's) but not set: Wine's test_timeouts pins both on Windows. */
static const struct opt options[] = {
    { O(WINHTTP_OPTION_CALLBACK), T_PTR, 0, KS | KC | KR, KS | KC | KR, 0, 0, 0 },
    { O(WINHTTP_OPTION_RESOLVE_TIMEOUT), T_DWORD, 0, KS | KC | KR, KS | KR, 0, 1000, 0 },
    { O(WINHTTP_OPTION_CONNECT_TIMEOUT), T_DWORD, 0, KS | KC | KR, KS | KR, 0, 1000, 60000 },
    { O(WINHTTP_OPTION_CONNECT_RETRIES), T_DWORD, 0, KS | KR, KS | KR, F_SKIPC, 3, 5 },
    { O(WINHTTP_OPTION_SEND_TIMEOUT), T_DWORD, 0, KS | KC | KR, KS | KR, 0, 1000, 30000 },
    { O(WINHTTP_OPTION_RECEIVE_TIMEOUT), T_DWORD, 0, KS | KC | KR, KS | KR, 0, 1000, 30000 },
    { O(WINHTTP_OPTION_RECEIVE_RESPONSE_TIMEOUT), T_DWORD, 0, KS | KC | KR, KS | KR, 0, 1000, 90000 },
    { O(WINHTTP_OPTION_HANDLE_TYPE), T_DWORD, 0, KS | KC | KR, 0, 0, 0, NODEF },
    { O(WINHTTP_OPTION_READ_BUFFER_SIZE), T_DWORD, 0, KR, KR, 0, 8192, NODEF },
    { O(WINHTTP_OPTION_WRITE_BUFFER_SIZE), T_DWORD, 0, KR, KR, 0, 8192, NODEF },
    { O(WINHTTP_OPTION_PARENT_HANDLE), T_PTR, 0, KS | KC | KR, 0, 0, 0, 0 },
    { O(WINHTTP_OPTION_EXTENDED_ERROR), T_DWORD, 0, KS | KC | KR, 0, F_SKIPQ | F_SKIPC, 0, NODEF },
    { O(WINHTTP_OPTION_SECURITY_FLAGS), T_DWORD, 0, KR, KR, 0, SECURITY_FLAG_IGNORE_UNKNOWN_CA, 0 },
    { O(WINHTTP_OPTION_SECURITY_CERTIFICATE_STRUCT), T_STRUCT, sizeof(WINHTTP_CERTIFICATE_INFO), KR, 0, F_STATE, 0, NODEF },
    { O(WINHTTP_OPTION_URL), T_STR, 0, KR, 0, 0, 0, NODEF },
    { O(WINHTTP_OPTION_SECURITY_KEY_BITNESS), T_DWORD, 0, KR, 0, F_SKIPQ, 0, NODEF },
    { O(WINHTTP_OPTION_PROXY), T_STRUCT, sizeof(WINHTTP_PROXY_INFO), KS | KR, KS | KR, F_SKIPS | F_SKIPQ, 0, NODEF },
    { O(WINHTTP_OPTION_USER_AGENT), T_STR, 0, KS, KS, 0, 0, NODEF },
    { O(WINHTTP_OPTION_CONTEXT_VALUE), T_PTR, 0, KS | KC | KR, KS | KC | KR, 0, 0, 0 },
    { O(WINHTTP_OPTION_CLIENT_CERT_CONTEXT), T_NONE, 0, 0, KR, 0, 0, NODEF },
    { O(WINHTTP_OPTION_REQUEST_PRIORITY), T_DWORD, 0, KR, KR, 0, 1, NODEF },
    { O(WINHTTP_OPTION_HTTP_VERSION), T_STRUCT, sizeof(HTTP_VERSION_INFO), KS | KR, KS | KR, F_SKIPS | F_SKIPQ | F_SKIPC, 0, NODEF },
    { O(WINHTTP_OPTION_DISABLE_FEATURE), T_DWORD, 0, 0, KR, 0, WINHTTP_DISABLE_COOKIES, NODEF },
    { O(WINHTTP_OPTION_CODEPAGE), T_DWORD, 0, 0, KS, 0, 65001, NODEF },
    { O(WINHTTP_OPTION_MAX_CONNS_PER_SERVER), T_DWORD, 0, KS, KS, 0, 4, 0xffffffff },
    { O(WINHTTP_OPTION_MAX_CONNS_PER_1_0_SERVER), T_DWORD, 0, KS, KS, 0, 4, 0xffffffff },
    { O(WINHTTP_OPTION_AUTOLOGON_POLICY), T_DWORD, 0, 0, KR, 0, WINHTTP_AUTOLOGON_SECURITY_LEVEL_HIGH, NODEF },
    { O(WINHTTP_OPTION_SERVER_CERT_CONTEXT), T_PTR, 0, KR, 0, F_STATE, 0, NODEF },
    { O(WINHTTP_OPTION_ENABLE_FEATURE), T_DWORD, 0, 0, KS | KR, F_SKIPS, 0, NODEF },
    { O(WINHTTP_OPTION_PASSPORT_COBRANDING_TEXT), T_STR, 0, KR, 0, F_SKIPQ, 0, NODEF },
    { O(WINHTTP_OPTION_PASSPORT_COBRANDING_URL), T_STR, 0, KR, 0, F_SKIPQ, 0, NODEF },
    { O(WINHTTP_OPTION_CONFIGURE_PASSPORT_AUTH), T_DWORD, 0, 0, KS, 0, WINHTTP_DISABLE_PASSPORT_AUTH, NODEF },
    { O(WINHTTP_OPTION_SECURE_PROTOCOLS), T_DWORD, 0, 0, KS, 0, WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2, NODEF },
    { O(WINHTTP_OPTION_PASSPORT_SIGN_OUT), T_NONE, 0, 0, KS, F_SKIPS, 0, NODEF },
    { O(WINHTTP_OPTION_PASSPORT_RETURN_URL), T_STR, 0, KR, 0, F_SKIPQ, 0, NODEF },
    { O(WINHTTP_OPTION_REDIRECT_POLICY), T_DWORD, 0, KS | KR, KS | KR, 0, WINHTTP_OPTION_REDIRECT_POLICY_ALWAYS,
      WINHTTP_OPTION_REDIRECT_POLICY_DISALLOW_HTTPS_TO_HTTP },
    { O(WINHTTP_OPTION_MAX_HTTP_AUTOMATIC_REDIRECTS), T_DWORD, 0, KS | KR, KS | KR, 0, 3, 10 },
    { O(WINHTTP_OPTION_MAX_HTTP_STATUS_CONTINUE), T_DWORD, 0, KS | KR, KS | KR, 0, 3, 10 },
    { O(WINHTTP_OPTION_MAX_RESPONSE_HEADER_SIZE), T_DWORD, 0, KS | KR, KS | KR, 0, 4096, 64 * 1024 },
    { O(WINHTTP_OPTION_MAX_RESPONSE_DRAIN_SIZE), T_DWORD, 0, KS | KR, KS | KR, 0, 4096, 1024 * 1024 },
    { O(WINHTTP_OPTION_CONNECTION_INFO), T_STRUCT, CONNECTION_INFO_SIZE, KR, 0, F_STATE, 0, NODEF },
    { O(WINHTTP_OPTION_CLIENT_CERT_ISSUER_LIST), T_PTR, 0, KR, 0, F_SKIPQ, 0, NODEF },
    { O(WINHTTP_OPTION_SPN), T_DWORD, 0, 0, KR, 0, WINHTTP_DISABLE_SPN_SERVER_PORT, NODEF },
    { O(WINHTTP_OPTION_UNLOAD_NOTIFY_EVENT), T_PTR, 0, 0, KS, F_SKIPS, 0, NODEF },
    { O(WINHTTP_OPTION_REJECT_USERPWD_IN_URL), T_BOOL, 0, 0, KR, 0, TRUE, NODEF },
    { O(WINHTTP_OPTION_USE_GLOBAL_SERVER_CREDENTIALS), T_BOOL, 0, 0, KS | KR, 0, TRUE, NODEF },
    { O(WINHTTP_OPTION_RECEIVE_PROXY_CONNECT_RESPONSE), T_BOOL, 0, 0, KS | KR, 0, TRUE, NODEF },
    { O(WINHTTP_OPTION_IS_PROXY_CONNECT_RESPONSE), T_BOOL, 0, KS | KR, 0, F_SKIPQ, 0, NODEF },
    { O(WINHTTP_OPTION_SERVER_SPN_USED), T_STR, 0, KR, 0, F_SKIPQ, 0, NODEF },
    { O(WINHTTP_OPTION_PROXY_SPN_USED), T_STR, 0, KR, 0, F_SKIPQ, 0, NODEF },
    { O(WINHTTP_OPTION_SERVER_CBT), T_PTR, 0, KR, 0, F_SKIPQ, 0, NODEF },
    { O(WINHTTP_OPTION_UNSAFE_HEADER_PARSING), T_DWORD, 0, 0, KR, F_SKIPS, 0, NODEF },
    { O(WINHTTP_OPTION_ASSURED_NON_BLOCKING_CALLBACKS), T_BOOL, 0, 0, KS, 0, TRUE, NODEF },
    { O(WINHTTP_OPTION_UPGRADE_TO_WEB_SOCKET), T_NONE, 0, 0, KR, 0, 0, NODEF },
    { O(WINHTTP_OPTION_DECOMPRESSION), T_DWORD, 0, 0, KS | KR, 0, WINHTTP_DECOMPRESSION_FLAG_ALL, NODEF },
    { O(WINHTTP_OPTION_WEB_SOCKET_RECEIVE_BUFFER_SIZE), T_DWORD, 0, KS | KR, KS | KR, 0, 16384, NODEF },
    { O(WINHTTP_OPTION_WEB_SOCKET_SEND_BUFFER_SIZE), T_DWORD, 0, KS | KR, KS | KR, 0, 16384, NODEF },
    { O(WINHTTP_OPTION_ENABLE_HTTP_PROTOCOL), T_DWORD, 0, 0, KS | KR, 0, WINHTTP_PROTOCOL_FLAG_HTTP2, NODEF },
    { O(WINHTTP_OPTION_HTTP_PROTOCOL_USED), T_DWORD, 0, KR, 0, F_SKIPQ, 0, NODEF },
    { O(WINHTTP_OPTION_ENCODE_EXTRA), T_BOOL, 0, 0, KS | KR, 0, TRUE, NODEF },
    { O(WINHTTP_OPTION_DISABLE_STREAM_QUEUE), T_BOOL, 0, 0, KS | KR, 0, TRUE, NODEF },
    { O(WINHTTP_OPTION_IPV6_FAST_FALLBACK), T_BOOL, 0, 0, KS, 0, TRUE, NODEF },
    { O(WINHTTP_OPTION_CONNECTION_STATS_V0), T_STRUCT, 256, KR, 0, F_SKIPQ, 0, NODEF },
    { O(WINHTTP_OPTION_REQUEST_TIMES), T_STRUCT, 256, KR, 0, F_SKIPQ, 0, NODEF },
    { O(WINHTTP_OPTION_EXPIRE_CONNECTION), T_NONE, 0, 0, KR, F_SKIPS, 0, NODEF },
    { O(WINHTTP_OPTION_DISABLE_SECURE_PROTOCOL_FALLBACK), T_BOOL, 0, 0, KS, 0, TRUE, NODEF },
    { O(WINHTTP_OPTION_HTTP_PROTOCOL_REQUIRED), T_BOOL, 0, 0, KS | KR, 0, TRUE, NODEF },
    { O(WINHTTP_OPTION_REQUEST_STATS), T_STRUCT, 256, KR, 0, F_SKIPQ, 0, NODEF },
    { O(WINHTTP_OPTION_SERVER_CERT_CHAIN_CONTEXT), T_PTR, 0, KR, 0, F_STATE, 0, NODEF },
#ifdef WINHTTP_OPTION_CONNECTION_STATS_V1
    { O(WINHTTP_OPTION_CONNECTION_STATS_V1), T_STRUCT, 256, KR, 0, F_SKIPQ, 0, NODEF },
#endif
#ifdef WINHTTP_OPTION_SECURITY_INFO
    { O(WINHTTP_OPTION_SECURITY_INFO), T_STRUCT, 256, KR, 0, F_STATE, 0, NODEF },
#endif
#ifdef WINHTTP_OPTION_TCP_KEEPALIVE
    { O(WINHTTP_OPTION_TCP_KEEPALIVE), T_STRUCT, 3 * sizeof(ULONG), 0, KS, F_SKIPS, 0, NODEF },
#endif
#ifdef WINHTTP_OPTION_TCP_FAST_OPEN
    { O(WINHTTP_OPTION_TCP_FAST_OPEN), T_BOOL, 0, 0, KS, 0, TRUE, NODEF },
#endif
#ifdef WINHTTP_OPTION_TLS_FALSE_START
    { O(WINHTTP_OPTION_TLS_FALSE_START), T_BOOL, 0, 0, KS, 0, TRUE, NODEF },
#endif
#ifdef WINHTTP_OPTION_IGNORE_CERT_REVOCATION_OFFLINE
    { O(WINHTTP_OPTION_IGNORE_CERT_REVOCATION_OFFLINE), T_BOOL, 0, 0, KR, 0, TRUE, NODEF },
#endif
#ifdef WINHTTP_OPTION_TLS_PROTOCOL_INSECURE_FALLBACK
    { O(WINHTTP_OPTION_TLS_PROTOCOL_INSECURE_FALLBACK), T_BOOL, 0, 0, KS, 0, FALSE, NODEF },
#endif
#ifdef WINHTTP_OPTION_STREAM_ERROR_CODE
    { O(WINHTTP_OPTION_STREAM_ERROR_CODE), T_DWORD, 0, KR, 0, F_SKIPQ, 0, NODEF },
#endif
#ifdef WINHTTP_OPTION_REQUIRE_STREAM_END
    { O(WINHTTP_OPTION_REQUIRE_STREAM_END), T_BOOL, 0, 0, KS | KR, 0, TRUE, NODEF },
#endif
#ifdef WINHTTP_OPTION_ENABLE_HTTP2_PLUS_CLIENT_CERT
    { O(WINHTTP_OPTION_ENABLE_HTTP2_PLUS_CLIENT_CERT), T_BOOL, 0, 0, KS, 0, TRUE, NODEF },
#endif
#ifdef WINHTTP_OPTION_HTTP2_KEEPALIVE
    { O(WINHTTP_OPTION_HTTP2_KEEPALIVE), T_DWORD, 0, 0, KS, 0, 5000, NODEF },
#endif
#ifdef WINHTTP_OPTION_RESOLUTION_HOSTNAME
    { O(WINHTTP_OPTION_RESOLUTION_HOSTNAME), T_STR, 0, 0, KR, 0, 0, NODEF },
#endif
#ifdef WINHTTP_OPTION_HTTP2_PLUS_TRANSFER_ENCODING
    { O(WINHTTP_OPTION_HTTP2_PLUS_TRANSFER_ENCODING), T_BOOL, 0, 0, KS | KR, 0, TRUE, NODEF },
#endif
#ifdef WINHTTP_OPTION_DISABLE_CERT_CHAIN_BUILDING
    { O(WINHTTP_OPTION_DISABLE_CERT_CHAIN_BUILDING), T_BOOL, 0, 0, KS, 0, TRUE, NODEF },
#endif
#ifdef WINHTTP_OPTION_BACKGROUND_CONNECTIONS
    { O(WINHTTP_OPTION_BACKGROUND_CONNECTIONS), T_DWORD, 0, 0, KS, 0, 2, NODEF },
#endif
#ifdef WINHTTP_OPTION_FIRST_AVAILABLE_CONNECTION
    { O(WINHTTP_OPTION_FIRST_AVAILABLE_CONNECTION), T_BOOL, 0, 0, KS, 0, TRUE, NODEF },
#endif
    { O(WINHTTP_OPTION_USERNAME), T_STR, 0, KR, KR, 0, 0, NODEF },
    { O(WINHTTP_OPTION_PASSWORD), T_STR, 0, KR, KR, 0, 0, NODEF },
    { O(WINHTTP_OPTION_PROXY_USERNAME), T_STR, 0, KR, KR, 0, 0, NODEF },
    { O(WINHTTP_OPTION_PROXY_PASSWORD), T_STR, 0, KR, KR, 0, 0, NODEF },
};

struct handles { HINTERNET ses, con, req; };

static void open_handles(struct handles *h)
{
    h->ses = WinHttpOpen(W("winetest"), WINHTTP_ACCESS_TYPE_NO_PROXY, WINHTTP_NO_PROXY_NAME, WINHTTP_NO_PROXY_BYPASS, 0);
    h->con = WinHttpConnect(h->ses, W("localhost"), INTERNET_DEFAULT_HTTP_PORT, 0);
    h->req = WinHttpOpenRequest(h->con, NULL, W("/path"), NULL, WINHTTP_NO_REFERER, WINHTTP_DEFAULT_ACCEPT_TYPES, 0);
    ok(h->ses && h->con && h->req, "handles not created");
}

static void close_handles(struct handles *h)
{
    WinHttpCloseHandle(h->req);
    WinHttpCloseHandle(h->con);
    WinHttpCloseHandle(h->ses);
}

static HINTERNET kind_handle(const struct handles *h, unsigned kind)
{
    return kind == KS ? h->ses : kind == KC ? h->con : h->req;
}

static const char *kind_name(unsigned kind)
{
    return kind == KS ? "session" : kind == KC ? "connect" : "request";
}

/* Sets an option's sample value with the length its type takes. */
static BOOL set_sample(HINTERNET h, const struct opt *o)
{
    static WCHAR str[] = { 'a', 'b', 'c', 0 };
    union { DWORD d; void *p; unsigned char s[256]; } buf;
    memset(&buf, 0, sizeof(buf));
    switch (o->type) {
    case T_DWORD: case T_BOOL: buf.d = o->sample; return WinHttpSetOption(h, o->id, &buf, sizeof(DWORD));
    case T_STR: return WinHttpSetOption(h, o->id, str, 3);
    case T_PTR: return WinHttpSetOption(h, o->id, &buf, sizeof(void *));
    case T_STRUCT: return WinHttpSetOption(h, o->id, &buf, o->size);
    default: return WinHttpSetOption(h, o->id, NULL, 0);
    }
}

static void test_option_table(void)
{
    static const unsigned kinds[] = { KS, KC, KR };
    unsigned i, k;

    for (i = 0; i < sizeof(options) / sizeof(options[0]); i++) {
        const struct opt *o = &options[i];
        for (k = 0; k < 3; k++) {
            unsigned kind = kinds[k];
            struct handles h;
            union { DWORD d; void *p; unsigned char s[512]; } buf;
            DWORD size, err;
            BOOL ret;

            if (kind == KC && (o->flags & F_SKIPC)) continue;
            open_handles(&h);

            /* Query. */
            memset(&buf, 0, sizeof(buf));
            size = sizeof(buf);
            SetLastError(0xdeadbeef);
            ret = WinHttpQueryOption(kind_handle(&h, kind), o->id, &buf, &size);
            err = GetLastError();
            if (!o->query) {
                /* Set-only options cannot be queried on any handle (Wine's test_QueryOption for
                 * DISABLE_FEATURE; QueryOption page remarks). */
                ok(!ret && err == ERROR_INVALID_PARAMETER, "query %s on %s: ret %d error %lu, expected "
                   "ERROR_INVALID_PARAMETER", o->name, kind_name(kind), ret, (unsigned long)err);
            } else if (!(o->query & kind)) {
                ok(!ret && err == ERROR_WINHTTP_INCORRECT_HANDLE_TYPE, "query %s on %s: ret %d error %lu, expected "
                   "ERROR_WINHTTP_INCORRECT_HANDLE_TYPE", o->name, kind_name(kind), ret, (unsigned long)err);
            } else if (o->flags & F_STATE) {
                ok(!ret && err == ERROR_WINHTTP_INCORRECT_HANDLE_STATE, "query %s on an unsent %s: ret %d error %lu, "
                   "expected ERROR_WINHTTP_INCORRECT_HANDLE_STATE", o->name, kind_name(kind), ret, (unsigned long)err);
            } else if (!(o->flags & F_SKIPQ)) {
                ok(ret && err == ERROR_SUCCESS, "query %s on %s failed: ret %d error %lu", o->name, kind_name(kind),
                   ret, (unsigned long)err);
                if (o->type == T_DWORD || o->type == T_BOOL) {
                    ok(size == sizeof(DWORD), "query %s on %s: size %lu", o->name, kind_name(kind), (unsigned long)size);
                    if (o->def != NODEF)
                        ok(buf.d == o->def, "%s default on %s: %#lx, expected %#lx", o->name, kind_name(kind),
                           (unsigned long)buf.d, (unsigned long)o->def);
                } else if (o->type == T_PTR) {
                    ok(size == sizeof(void *), "query %s on %s: size %lu", o->name, kind_name(kind), (unsigned long)size);
                }
            }

            /* Set (options whose accepted values need real objects are only checked elsewhere). */
            if ((o->set & kind) && (o->flags & F_SKIPS)) { close_handles(&h); continue; }
            SetLastError(0xdeadbeef);
            ret = set_sample(kind_handle(&h, kind), o);
            err = GetLastError();
            if (!o->set) {
                /* Query-only options: "The requested option cannot be set, only queried" (SetOption page). */
                ok(!ret && err == ERROR_WINHTTP_OPTION_NOT_SETTABLE, "set %s on %s: ret %d error %lu, expected "
                   "ERROR_WINHTTP_OPTION_NOT_SETTABLE", o->name, kind_name(kind), ret, (unsigned long)err);
            } else if (!(o->set & kind)) {
                ok(!ret && err == ERROR_WINHTTP_INCORRECT_HANDLE_TYPE, "set %s on %s: ret %d error %lu, expected "
                   "ERROR_WINHTTP_INCORRECT_HANDLE_TYPE", o->name, kind_name(kind), ret, (unsigned long)err);
            } else {
                ok(ret && err == ERROR_SUCCESS, "set %s on %s failed: ret %d error %lu", o->name, kind_name(kind), ret,
                   (unsigned long)err);
                if ((o->type == T_DWORD || o->type == T_BOOL) && (o->query & kind) && !(o->flags & F_SKIPQ)) {
                    size = sizeof(buf);
                    buf.d = 0xdeadbeef;
                    ok(WinHttpQueryOption(kind_handle(&h, kind), o->id, &buf, &size) && buf.d == o->sample,
                       "%s on %s reads back %#lx after setting %#lx", o->name, kind_name(kind), (unsigned long)buf.d,
                       (unsigned long)o->sample);
                }
                if (o->type == T_DWORD || o->type == T_BOOL) {
                    /* DWORD buffer protocol for setting: NULL buffer, short length. */
                    SetLastError(0xdeadbeef);
                    ok(!WinHttpSetOption(kind_handle(&h, kind), o->id, NULL, sizeof(DWORD)),
                       "set %s on %s with a NULL buffer succeeded", o->name, kind_name(kind));
                    err = GetLastError();
                    ok(err == ERROR_INVALID_PARAMETER, "set %s on %s with a NULL buffer: error %lu", o->name,
                       kind_name(kind), (unsigned long)err);
                    buf.d = o->sample;
                    SetLastError(0xdeadbeef);
                    ok(!WinHttpSetOption(kind_handle(&h, kind), o->id, &buf, sizeof(DWORD) - 1),
                       "set %s on %s with 3 bytes succeeded", o->name, kind_name(kind));
                    err = GetLastError();
                    ok(err == ERROR_INSUFFICIENT_BUFFER, "set %s on %s with 3 bytes: error %lu", o->name,
                       kind_name(kind), (unsigned long)err);
                }
            }

            /* DWORD buffer protocol for querying. */
            if ((o->query & kind) && !(o->flags & (F_SKIPQ | F_STATE)) && (o->type == T_DWORD || o->type == T_BOOL)) {
                size = 0xdeadbeef;
                SetLastError(0xdeadbeef);
                ok(!WinHttpQueryOption(kind_handle(&h, kind), o->id, NULL, &size), "query %s on %s without a buffer "
                   "succeeded", o->name, kind_name(kind));
                err = GetLastError();
                ok(err == ERROR_INSUFFICIENT_BUFFER && size == sizeof(DWORD), "query %s on %s without a buffer: error "
                   "%lu size %lu", o->name, kind_name(kind), (unsigned long)err, (unsigned long)size);
                size = sizeof(DWORD) - 1;
                SetLastError(0xdeadbeef);
                ok(!WinHttpQueryOption(kind_handle(&h, kind), o->id, &buf, &size), "query %s on %s into 3 bytes "
                   "succeeded", o->name, kind_name(kind));
                err = GetLastError();
                ok(err == ERROR_INSUFFICIENT_BUFFER && size == sizeof(DWORD), "query %s on %s into 3 bytes: error "
                   "%lu size %lu", o->name, kind_name(kind), (unsigned long)err, (unsigned long)size);
                SetLastError(0xdeadbeef);
                ok(!WinHttpQueryOption(kind_handle(&h, kind), o->id, &buf, NULL), "query %s on %s with NULL length "
                   "succeeded", o->name, kind_name(kind));
                expect_error(ERROR_INVALID_PARAMETER);
            }
            close_handles(&h);
        }
    }
}

/* ------------------------------------------------------------------ Wine's test_QueryOption */

static void test_redirect_policy_protocol(void)
{
    struct handles h;
    DWORD feature, size;
    BOOL ret;

    open_handles(&h);

    SetLastError(0xdeadbeef);
    ret = WinHttpQueryOption(h.ses, WINHTTP_OPTION_REDIRECT_POLICY, NULL, NULL);
    ok(!ret, "query with NULL length succeeded");
    expect_error(ERROR_INVALID_PARAMETER);

    size = 0xdeadbeef;
    SetLastError(0xdeadbeef);
    ret = WinHttpQueryOption(h.ses, WINHTTP_OPTION_REDIRECT_POLICY, NULL, &size);
    ok(!ret, "query with NULL buffer succeeded");
    expect_error(ERROR_INSUFFICIENT_BUFFER);
    ok(size == 4, "needed size %lu", (unsigned long)size);

    feature = 0xdeadbeef;
    size = sizeof(feature) - 1;
    SetLastError(0xdeadbeef);
    ret = WinHttpQueryOption(h.ses, WINHTTP_OPTION_REDIRECT_POLICY, &feature, &size);
    ok(!ret, "query into 3 bytes succeeded");
    expect_error(ERROR_INSUFFICIENT_BUFFER);
    ok(size == 4, "needed size %lu", (unsigned long)size);
    ok(feature == 0xdeadbeef, "short buffer written: %#lx", (unsigned long)feature);

    feature = 0xdeadbeef;
    size = sizeof(feature) + 1;
    SetLastError(0xdeadbeef);
    ret = WinHttpQueryOption(h.ses, WINHTTP_OPTION_REDIRECT_POLICY, &feature, &size);
    ok(ret, "query into 5 bytes failed: %lu", (unsigned long)GetLastError());
    expect_error(ERROR_SUCCESS);
    ok(size == sizeof(feature), "returned size %lu", (unsigned long)size);
    ok(feature == WINHTTP_OPTION_REDIRECT_POLICY_DISALLOW_HTTPS_TO_HTTP, "default policy %lu", (unsigned long)feature);

    SetLastError(0xdeadbeef);
    ret = WinHttpSetOption(h.ses, WINHTTP_OPTION_REDIRECT_POLICY, NULL, sizeof(feature));
    ok(!ret, "set from NULL succeeded");
    expect_error(ERROR_INVALID_PARAMETER);

    feature = WINHTTP_OPTION_REDIRECT_POLICY_ALWAYS;
    SetLastError(0xdeadbeef);
    ret = WinHttpSetOption(h.ses, WINHTTP_OPTION_REDIRECT_POLICY, &feature, sizeof(feature) - 1);
    ok(!ret, "set from 3 bytes succeeded");
    expect_error(ERROR_INSUFFICIENT_BUFFER);

    /* A DWORD option wants exactly sizeof(DWORD): more is refused too. */
    SetLastError(0xdeadbeef);
    ret = WinHttpSetOption(h.ses, WINHTTP_OPTION_REDIRECT_POLICY, &feature, sizeof(feature) + 1);
    ok(!ret, "set from 5 bytes succeeded");
    expect_error(ERROR_INSUFFICIENT_BUFFER);

    SetLastError(0xdeadbeef);
    ret = WinHttpSetOption(h.ses, WINHTTP_OPTION_REDIRECT_POLICY, &feature, sizeof(feature));
    ok(ret, "set policy failed: %lu", (unsigned long)GetLastError());
    expect_error(ERROR_SUCCESS);

    feature = 0xdeadbeef;
    size = sizeof(feature);
    ok(WinHttpQueryOption(h.ses, WINHTTP_OPTION_REDIRECT_POLICY, &feature, &size), "query failed");
    ok(feature == WINHTTP_OPTION_REDIRECT_POLICY_ALWAYS, "policy %lu", (unsigned long)feature);

    /* Policies beyond WINHTTP_OPTION_REDIRECT_POLICY_LAST are not policies. */
    feature = WINHTTP_OPTION_REDIRECT_POLICY_LAST + 1;
    SetLastError(0xdeadbeef);
    ok(!WinHttpSetOption(h.ses, WINHTTP_OPTION_REDIRECT_POLICY, &feature, sizeof(feature)), "policy 3 accepted");
    expect_error(ERROR_INVALID_PARAMETER);

    /* Children take the session's policy when they are created. */
    close_handles(&h);
    open_handles(&h);
    feature = WINHTTP_OPTION_REDIRECT_POLICY_NEVER;
    ok(WinHttpSetOption(h.ses, WINHTTP_OPTION_REDIRECT_POLICY, &feature, sizeof(feature)), "set NEVER failed");
    {
        /* (A connect made after the change, so that whether connects snapshot the session's
         * settings does not matter here.) */
        HINTERNET con = WinHttpConnect(h.ses, W("localhost"), 80, 0);
        HINTERNET req = WinHttpOpenRequest(con, NULL, NULL, NULL, WINHTTP_NO_REFERER, WINHTTP_DEFAULT_ACCEPT_TYPES, 0);
        BOOL ret;
        feature = 0xdeadbeef;
        size = sizeof(feature);
        ret = WinHttpQueryOption(req, WINHTTP_OPTION_REDIRECT_POLICY, &feature, &size);
        ok(ret && feature == WINHTTP_OPTION_REDIRECT_POLICY_NEVER, "new request policy %lu", (unsigned long)feature);
        WinHttpCloseHandle(req);
        WinHttpCloseHandle(con);
    }
    close_handles(&h);
}

static void test_disable_feature(void)
{
    struct handles h;
    DWORD feature, size;

    open_handles(&h);
    feature = WINHTTP_DISABLE_COOKIES;
    SetLastError(0xdeadbeef);
    ok(!WinHttpSetOption(h.ses, WINHTTP_OPTION_DISABLE_FEATURE, &feature, sizeof(feature)), "set on session succeeded");
    expect_error(ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
    SetLastError(0xdeadbeef);
    ok(!WinHttpSetOption(h.con, WINHTTP_OPTION_DISABLE_FEATURE, &feature, sizeof(feature)), "set on connect succeeded");
    expect_error(ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);

    feature = 0xdeadbeef;
    size = sizeof(feature);
    SetLastError(0xdeadbeef);
    ok(!WinHttpQueryOption(h.req, WINHTTP_OPTION_DISABLE_FEATURE, &feature, &size), "query succeeded");
    expect_error(ERROR_INVALID_PARAMETER);

    /* Wine's test_QueryOption: 0 and all bits are both accepted on a request. */
    feature = 0;
    SetLastError(0xdeadbeef);
    ok(WinHttpSetOption(h.req, WINHTTP_OPTION_DISABLE_FEATURE, &feature, sizeof(feature)), "set 0 failed: %lu",
       (unsigned long)GetLastError());
    expect_error(ERROR_SUCCESS);
    feature = 0xffffffff;
    SetLastError(0xdeadbeef);
    ok(WinHttpSetOption(h.req, WINHTTP_OPTION_DISABLE_FEATURE, &feature, sizeof(feature)), "set 0xffffffff failed: %lu",
       (unsigned long)GetLastError());
    feature = WINHTTP_DISABLE_COOKIES;
    SetLastError(0xdeadbeef);
    ok(WinHttpSetOption(h.req, WINHTTP_OPTION_DISABLE_FEATURE, &feature, sizeof(feature)), "set COOKIES failed: %lu",
       (unsigned long)GetLastError());
    feature = WINHTTP_DISABLE_REDIRECTS | WINHTTP_DISABLE_KEEP_ALIVE | WINHTTP_DISABLE_AUTHENTICATION;
    ok(WinHttpSetOption(h.req, WINHTTP_OPTION_DISABLE_FEATURE, &feature, sizeof(feature)), "set several failed");
    close_handles(&h);
}

static void test_http_protocol(void)
{
    struct handles h;
    DWORD feature, size;

    open_handles(&h);
    /* Wine's test_QueryOption. */
    size = 0;
    SetLastError(0xdeadbeef);
    ok(!WinHttpQueryOption(h.req, WINHTTP_OPTION_HTTP_PROTOCOL_USED, NULL, &size), "query without buffer succeeded");
    expect_error(ERROR_INSUFFICIENT_BUFFER);
    ok(size == sizeof(DWORD), "needed size %lu", (unsigned long)size);

    feature = 0xdeadbeef;
    size = sizeof(feature);
    SetLastError(0xdeadbeef);
    ok(!WinHttpQueryOption(h.ses, WINHTTP_OPTION_HTTP_PROTOCOL_USED, &feature, &size), "query on session succeeded");
    expect_error(ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);

    feature = WINHTTP_PROTOCOL_FLAG_HTTP2;
    SetLastError(0xdeadbeef);
    ok(WinHttpSetOption(h.ses, WINHTTP_OPTION_ENABLE_HTTP_PROTOCOL, &feature, sizeof(feature)), "enable HTTP/2 on "
       "session failed: %lu", (unsigned long)GetLastError());
    expect_error(ERROR_SUCCESS);
    ok(WinHttpSetOption(h.req, WINHTTP_OPTION_ENABLE_HTTP_PROTOCOL, &feature, sizeof(feature)), "enable HTTP/2 on "
       "request failed");
    feature = 0;
    ok(WinHttpSetOption(h.req, WINHTTP_OPTION_ENABLE_HTTP_PROTOCOL, &feature, sizeof(feature)), "HTTP/1.x only failed");
#ifdef WINHTTP_PROTOCOL_FLAG_HTTP3
    feature = WINHTTP_PROTOCOL_FLAG_HTTP2 | WINHTTP_PROTOCOL_FLAG_HTTP3;
    ok(WinHttpSetOption(h.ses, WINHTTP_OPTION_ENABLE_HTTP_PROTOCOL, &feature, sizeof(feature)), "HTTP/2+3 failed");
#endif
    size = sizeof(feature);
    SetLastError(0xdeadbeef);
    ok(!WinHttpQueryOption(h.ses, WINHTTP_OPTION_ENABLE_HTTP_PROTOCOL, &feature, &size), "query of set-only succeeded");
    expect_error(ERROR_INVALID_PARAMETER);
    close_handles(&h);
}

static void test_decompression(void)
{
    struct handles h;
    DWORD v, size;

    open_handles(&h);
    v = WINHTTP_DECOMPRESSION_FLAG_GZIP;
    ok(WinHttpSetOption(h.ses, WINHTTP_OPTION_DECOMPRESSION, &v, sizeof(v)), "gzip on session failed");
    v = WINHTTP_DECOMPRESSION_FLAG_DEFLATE;
    ok(WinHttpSetOption(h.req, WINHTTP_OPTION_DECOMPRESSION, &v, sizeof(v)), "deflate on request failed");
    v = 0;
    ok(WinHttpSetOption(h.req, WINHTTP_OPTION_DECOMPRESSION, &v, sizeof(v)), "0 on request failed");
    /* Only the documented flags are decompression flags. */
    v = 0x100;
    SetLastError(0xdeadbeef);
    ok(!WinHttpSetOption(h.req, WINHTTP_OPTION_DECOMPRESSION, &v, sizeof(v)), "unknown flag accepted");
    expect_error(ERROR_INVALID_PARAMETER);
    size = sizeof(v);
    SetLastError(0xdeadbeef);
    ok(!WinHttpQueryOption(h.req, WINHTTP_OPTION_DECOMPRESSION, &v, &size), "query of set-only succeeded");
    expect_error(ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    ok(!WinHttpSetOption(h.con, WINHTTP_OPTION_DECOMPRESSION, &v, sizeof(v)), "set on connect succeeded");
    expect_error(ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
    close_handles(&h);
}

/* ------------------------------------------------------------------ generic options */

static void CALLBACK dummy_callback(HINTERNET h, DWORD_PTR ctx, DWORD status, LPVOID info, DWORD len)
{
    (void)h; (void)ctx; (void)status; (void)info; (void)len;
}

static void test_generic_options(void)
{
    struct handles h;
    DWORD_PTR ctx;
    DWORD size, type;
    void *p;
    HINTERNET parent;
    HINTERNET con2, req2;

    open_handles(&h);

    /* Handle types. */
    size = sizeof(type);
    ok(WinHttpQueryOption(h.ses, WINHTTP_OPTION_HANDLE_TYPE, &type, &size) && type == WINHTTP_HANDLE_TYPE_SESSION,
       "session type %lu", (unsigned long)type);
    size = sizeof(type);
    ok(WinHttpQueryOption(h.con, WINHTTP_OPTION_HANDLE_TYPE, &type, &size) && type == WINHTTP_HANDLE_TYPE_CONNECT,
       "connect type %lu", (unsigned long)type);
    size = sizeof(type);
    ok(WinHttpQueryOption(h.req, WINHTTP_OPTION_HANDLE_TYPE, &type, &size) && type == WINHTTP_HANDLE_TYPE_REQUEST,
       "request type %lu", (unsigned long)type);

    /* Parents: the session has none. */
    parent = (HINTERNET)1;
    size = sizeof(parent);
    ok(WinHttpQueryOption(h.ses, WINHTTP_OPTION_PARENT_HANDLE, &parent, &size), "session parent query failed");
    ok(parent == NULL, "session parent %p", parent);
    size = sizeof(parent);
    ok(WinHttpQueryOption(h.con, WINHTTP_OPTION_PARENT_HANDLE, &parent, &size) && parent == h.ses, "connect parent %p",
       parent);
    size = sizeof(parent);
    ok(WinHttpQueryOption(h.req, WINHTTP_OPTION_PARENT_HANDLE, &parent, &size) && parent == h.con, "request parent %p",
       parent);
    size = 0;
    SetLastError(0xdeadbeef);
    ok(!WinHttpQueryOption(h.req, WINHTTP_OPTION_PARENT_HANDLE, NULL, &size), "parent query without buffer succeeded");
    expect_error(ERROR_INSUFFICIENT_BUFFER);
    ok(size == sizeof(HINTERNET), "parent needed size %lu", (unsigned long)size);

    /* Context value: 0 by default, pointer-sized, settable on every kind. */
    ctx = 0xdeadbeef;
    size = sizeof(ctx);
    SetLastError(0xdeadbeef);
    ok(WinHttpQueryOption(h.ses, WINHTTP_OPTION_CONTEXT_VALUE, &ctx, &size), "context query failed");
    expect_error(ERROR_SUCCESS);
    ok(ctx == 0, "default context %#lx", (unsigned long)ctx);
    ok(size == sizeof(DWORD_PTR), "context size %lu", (unsigned long)size);
    size = 0;
    SetLastError(0xdeadbeef);
    ok(!WinHttpQueryOption(h.ses, WINHTTP_OPTION_CONTEXT_VALUE, NULL, &size), "context query without buffer succeeded");
    expect_error(ERROR_INSUFFICIENT_BUFFER);
    ok(size == sizeof(DWORD_PTR), "context needed size %lu", (unsigned long)size);
    size = sizeof(DWORD_PTR) - 1;
    SetLastError(0xdeadbeef);
    ok(!WinHttpQueryOption(h.ses, WINHTTP_OPTION_CONTEXT_VALUE, &ctx, &size), "context query into short buffer "
       "succeeded");
    expect_error(ERROR_INSUFFICIENT_BUFFER);

    ctx = (DWORD_PTR)0x12345678;
    SetLastError(0xdeadbeef);
    ok(WinHttpSetOption(h.con, WINHTTP_OPTION_CONTEXT_VALUE, &ctx, sizeof(ctx)), "context set on connect failed");
    expect_error(ERROR_SUCCESS);
    ctx = 0;
    size = sizeof(ctx);
    ok(WinHttpQueryOption(h.con, WINHTTP_OPTION_CONTEXT_VALUE, &ctx, &size) && ctx == 0x12345678,
       "connect context %#lx", (unsigned long)ctx);
    SetLastError(0xdeadbeef);
    ok(!WinHttpSetOption(h.con, WINHTTP_OPTION_CONTEXT_VALUE, &ctx, sizeof(ctx) - 1), "context from short buffer set");
    expect_error(ERROR_INSUFFICIENT_BUFFER);
    SetLastError(0xdeadbeef);
    ok(!WinHttpSetOption(h.con, WINHTTP_OPTION_CONTEXT_VALUE, NULL, sizeof(ctx)), "context from NULL set");
    expect_error(ERROR_INVALID_PARAMETER);

    /* Children created afterwards inherit the context value. */
    ctx = (DWORD_PTR)0xabcdef;
    ok(WinHttpSetOption(h.ses, WINHTTP_OPTION_CONTEXT_VALUE, &ctx, sizeof(ctx)), "context set on session failed");
    con2 = WinHttpConnect(h.ses, W("localhost"), 80, 0);
    req2 = WinHttpOpenRequest(con2, NULL, NULL, NULL, WINHTTP_NO_REFERER, WINHTTP_DEFAULT_ACCEPT_TYPES, 0);
    ctx = 0;
    size = sizeof(ctx);
    ok(WinHttpQueryOption(con2, WINHTTP_OPTION_CONTEXT_VALUE, &ctx, &size) && ctx == 0xabcdef,
       "inherited connect context %#lx", (unsigned long)ctx);
    ctx = 0;
    size = sizeof(ctx);
    ok(WinHttpQueryOption(req2, WINHTTP_OPTION_CONTEXT_VALUE, &ctx, &size) && ctx == 0xabcdef,
       "inherited request context %#lx", (unsigned long)ctx);
    /* Existing children keep theirs. */
    ctx = 0;
    size = sizeof(ctx);
    ok(WinHttpQueryOption(h.req, WINHTTP_OPTION_CONTEXT_VALUE, &ctx, &size) && ctx == 0,
       "older request context changed to %#lx", (unsigned long)ctx);
    WinHttpCloseHandle(req2);
    WinHttpCloseHandle(con2);

    /* Callback: NULL until one is set, then the function pointer. */
    p = (void *)1;
    size = sizeof(p);
    ok(WinHttpQueryOption(h.req, WINHTTP_OPTION_CALLBACK, &p, &size) && p == NULL, "default callback %p", p);
    ok(size == sizeof(void *), "callback size %lu", (unsigned long)size);
    WinHttpSetStatusCallback(h.req, dummy_callback, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
    p = NULL;
    size = sizeof(p);
    ok(WinHttpQueryOption(h.req, WINHTTP_OPTION_CALLBACK, &p, &size) && p == (void *)dummy_callback,
       "callback %p", p);
    size = 0;
    SetLastError(0xdeadbeef);
    ok(!WinHttpQueryOption(h.req, WINHTTP_OPTION_CALLBACK, NULL, &size), "callback query without buffer succeeded");
    expect_error(ERROR_INSUFFICIENT_BUFFER);
    ok(size == sizeof(void *), "callback needed size %lu", (unsigned long)size);
    WinHttpSetStatusCallback(h.req, NULL, 0, 0);

    close_handles(&h);
}

/* ------------------------------------------------------------------ string options */

static void test_user_agent(void)
{
    struct handles h;
    WCHAR buf[64];
    DWORD size;
    static WCHAR agent2[] = { 'a', 'g', 'e', 'n', 't', '2', 0 };

    open_handles(&h);

    size = 0;
    SetLastError(0xdeadbeef);
    ok(!WinHttpQueryOption(h.ses, WINHTTP_OPTION_USER_AGENT, NULL, &size), "agent query without buffer succeeded");
    expect_error(ERROR_INSUFFICIENT_BUFFER);
    ok(size == 9 * sizeof(WCHAR), "agent needed size %lu (includes the NUL)", (unsigned long)size);

    size = 8 * sizeof(WCHAR); /* room for the characters but not the NUL */
    SetLastError(0xdeadbeef);
    ok(!WinHttpQueryOption(h.ses, WINHTTP_OPTION_USER_AGENT, buf, &size), "agent query without room for NUL succeeded");
    expect_error(ERROR_INSUFFICIENT_BUFFER);
    ok(size == 9 * sizeof(WCHAR), "agent needed size %lu", (unsigned long)size);

    size = 9 * sizeof(WCHAR);
    SetLastError(0xdeadbeef);
    ok(WinHttpQueryOption(h.ses, WINHTTP_OPTION_USER_AGENT, buf, &size), "agent query failed");
    expect_error(ERROR_SUCCESS);
    ok(!u16cmp(buf, W("winetest")), "agent %s", u16a(buf));
    ok(size == 8 * sizeof(WCHAR), "agent returned size %lu (excludes the NUL)", (unsigned long)size);

    /* Setting takes a length in characters, with the NUL (option-flags.md) or without it. */
    SetLastError(0xdeadbeef);
    ok(WinHttpSetOption(h.ses, WINHTTP_OPTION_USER_AGENT, agent2, 7), "agent set failed: %lu",
       (unsigned long)GetLastError());
    expect_error(ERROR_SUCCESS);
    size = sizeof(buf);
    ok(WinHttpQueryOption(h.ses, WINHTTP_OPTION_USER_AGENT, buf, &size) && !u16cmp(buf, W("agent2")), "agent %s",
       u16a(buf));
    ok(size == 6 * sizeof(WCHAR), "agent size %lu", (unsigned long)size);
    ok(WinHttpSetOption(h.ses, WINHTTP_OPTION_USER_AGENT, agent2, 5), "agent set (5 chars) failed");
    size = sizeof(buf);
    ok(WinHttpQueryOption(h.ses, WINHTTP_OPTION_USER_AGENT, buf, &size) && !u16cmp(buf, W("agent")), "agent %s",
       u16a(buf));

    SetLastError(0xdeadbeef);
    ok(!WinHttpSetOption(h.req, WINHTTP_OPTION_USER_AGENT, agent2, 7), "agent set on request succeeded");
    expect_error(ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
    size = sizeof(buf);
    SetLastError(0xdeadbeef);
    ok(!WinHttpQueryOption(h.req, WINHTTP_OPTION_USER_AGENT, buf, &size), "agent query on request succeeded");
    expect_error(ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
    close_handles(&h);
}

static void test_url_option(void)
{
    struct handles h;
    WCHAR buf[64];
    DWORD size;
    static const WCHAR url[] = { 'h','t','t','p',':','/','/','l','o','c','a','l','h','o','s','t','/','p','a','t','h',0 };
    DWORD len = (DWORD)u16len(url);

    open_handles(&h);
    size = 0;
    SetLastError(0xdeadbeef);
    ok(!WinHttpQueryOption(h.req, WINHTTP_OPTION_URL, NULL, &size), "URL query without buffer succeeded");
    expect_error(ERROR_INSUFFICIENT_BUFFER);
    ok(size == (len + 1) * sizeof(WCHAR), "URL needed size %lu", (unsigned long)size);
    size = len * sizeof(WCHAR);
    SetLastError(0xdeadbeef);
    ok(!WinHttpQueryOption(h.req, WINHTTP_OPTION_URL, buf, &size), "URL query without room for NUL succeeded");
    expect_error(ERROR_INSUFFICIENT_BUFFER);
    size = sizeof(buf);
    SetLastError(0xdeadbeef);
    ok(WinHttpQueryOption(h.req, WINHTTP_OPTION_URL, buf, &size), "URL query failed");
    expect_error(ERROR_SUCCESS);
    ok(!u16cmp(buf, url), "URL %s", u16a(buf));
    ok(size == len * sizeof(WCHAR), "URL size %lu", (unsigned long)size);
    SetLastError(0xdeadbeef);
    ok(!WinHttpSetOption(h.req, WINHTTP_OPTION_URL, buf, len), "URL set succeeded");
    expect_error(ERROR_WINHTTP_OPTION_NOT_SETTABLE);
    size = sizeof(buf);
    SetLastError(0xdeadbeef);
    ok(!WinHttpQueryOption(h.ses, WINHTTP_OPTION_URL, buf, &size), "URL query on session succeeded");
    expect_error(ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
    close_handles(&h);
}

/* Wine's test_credentials. */
static void test_credential_options(void)
{
    static WCHAR userW[] = { 'u','s','e','r',0 };
    static WCHAR passW[] = { 'p','a','s','s',0 };
    static WCHAR proxy_userW[] = { 'p','r','o','x','y','u','s','e','r',0 };
    static WCHAR proxy_passW[] = { 'p','r','o','x','y','p','a','s','s',0 };
    static const DWORD opts[] = { WINHTTP_OPTION_USERNAME, WINHTTP_OPTION_PASSWORD, WINHTTP_OPTION_PROXY_USERNAME,
                                  WINHTTP_OPTION_PROXY_PASSWORD };
    HINTERNET ses, con, req;
    WCHAR buffer[32];
    DWORD size;
    unsigned i;

    ses = WinHttpOpen(W("winetest"), 0, proxy_userW, proxy_passW, 0);
    con = WinHttpConnect(ses, W("localhost"), 0, 0);
    req = WinHttpOpenRequest(con, NULL, NULL, NULL, NULL, NULL, 0);
    ok(ses && con && req, "handles not created");

    for (i = 0; i < 4; i++) {
        size = sizeof(buffer);
        buffer[0] = 'x';
        SetLastError(0xdeadbeef);
        ok(WinHttpQueryOption(req, opts[i], buffer, &size), "query credential option %lu failed: %lu",
           (unsigned long)opts[i], (unsigned long)GetLastError());
        expect_error(ERROR_SUCCESS);
        ok(!buffer[0], "credential option %lu not empty: %s", (unsigned long)opts[i], u16a(buffer));
        ok(!size, "credential option %lu size %lu", (unsigned long)opts[i], (unsigned long)size);
        /* Even an empty string needs room for its NUL. */
        size = 0;
        SetLastError(0xdeadbeef);
        ok(!WinHttpQueryOption(req, opts[i], NULL, &size), "credential query without buffer succeeded");
        expect_error(ERROR_INSUFFICIENT_BUFFER);
        ok(size == sizeof(WCHAR), "empty credential needed size %lu", (unsigned long)size);
    }

    ok(WinHttpSetOption(req, WINHTTP_OPTION_PROXY_USERNAME, proxy_userW, (DWORD)u16len(proxy_userW)),
       "set proxy username failed: %lu", (unsigned long)GetLastError());
    size = sizeof(buffer);
    ok(WinHttpQueryOption(req, WINHTTP_OPTION_PROXY_USERNAME, buffer, &size), "query proxy username failed");
    ok(!u16cmp(buffer, proxy_userW), "proxy username %s", u16a(buffer));
    ok(size == u16len(proxy_userW) * sizeof(WCHAR), "proxy username size %lu", (unsigned long)size);

    size = sizeof(buffer);
    ok(WinHttpQueryOption(req, WINHTTP_OPTION_USERNAME, buffer, &size) && !buffer[0] && !size,
       "username touched by proxy username: %s", u16a(buffer));

    ok(WinHttpSetOption(req, WINHTTP_OPTION_PROXY_PASSWORD, proxy_passW, (DWORD)u16len(proxy_passW)),
       "set proxy password failed");
    size = sizeof(buffer);
    ok(WinHttpQueryOption(req, WINHTTP_OPTION_PROXY_PASSWORD, buffer, &size) && !u16cmp(buffer, proxy_passW),
       "proxy password %s", u16a(buffer));
    ok(size == u16len(proxy_passW) * sizeof(WCHAR), "proxy password size %lu", (unsigned long)size);

    ok(WinHttpSetOption(req, WINHTTP_OPTION_USERNAME, userW, (DWORD)u16len(userW)), "set username failed");
    size = sizeof(buffer);
    ok(WinHttpQueryOption(req, WINHTTP_OPTION_USERNAME, buffer, &size) && !u16cmp(buffer, userW), "username %s",
       u16a(buffer));
    ok(size == u16len(userW) * sizeof(WCHAR), "username size %lu", (unsigned long)size);

    /* Too small for the string and its NUL: the needed size includes the NUL. */
    size = (DWORD)(u16len(userW) * sizeof(WCHAR));
    SetLastError(0xdeadbeef);
    ok(!WinHttpQueryOption(req, WINHTTP_OPTION_USERNAME, buffer, &size), "username into short buffer succeeded");
    expect_error(ERROR_INSUFFICIENT_BUFFER);
    ok(size == (u16len(userW) + 1) * sizeof(WCHAR), "username needed size %lu", (unsigned long)size);

    ok(WinHttpSetOption(req, WINHTTP_OPTION_PASSWORD, passW, (DWORD)u16len(passW)), "set password failed");
    size = sizeof(buffer);
    ok(WinHttpQueryOption(req, WINHTTP_OPTION_PASSWORD, buffer, &size) && !u16cmp(buffer, passW), "password %s",
       u16a(buffer));
    ok(size == u16len(passW) * sizeof(WCHAR), "password size %lu", (unsigned long)size);

    /* Credential options belong to requests. */
    SetLastError(0xdeadbeef);
    ok(!WinHttpSetOption(ses, WINHTTP_OPTION_USERNAME, userW, (DWORD)u16len(userW)), "username set on session");
    expect_error(ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
    SetLastError(0xdeadbeef);
    ok(!WinHttpSetOption(con, WINHTTP_OPTION_PASSWORD, passW, (DWORD)u16len(passW)), "password set on connect");
    expect_error(ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
    size = sizeof(buffer);
    SetLastError(0xdeadbeef);
    ok(!WinHttpQueryOption(ses, WINHTTP_OPTION_PROXY_USERNAME, buffer, &size), "proxy username query on session");
    expect_error(ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
    WinHttpCloseHandle(req);

    /* WinHttpSetCredentials does not show through the options (Wine's test_credentials). */
    req = WinHttpOpenRequest(con, NULL, NULL, NULL, NULL, NULL, 0);
    ok(WinHttpSetCredentials(req, WINHTTP_AUTH_TARGET_SERVER, WINHTTP_AUTH_SCHEME_BASIC, userW, passW, NULL),
       "set credentials failed: %lu", (unsigned long)GetLastError());
    size = sizeof(buffer);
    ok(WinHttpQueryOption(req, WINHTTP_OPTION_USERNAME, buffer, &size) && !buffer[0] && !size,
       "username after SetCredentials: %s", u16a(buffer));
    size = sizeof(buffer);
    ok(WinHttpQueryOption(req, WINHTTP_OPTION_PASSWORD, buffer, &size) && !buffer[0] && !size,
       "password after SetCredentials: %s", u16a(buffer));

    WinHttpCloseHandle(req);
    WinHttpCloseHandle(con);
    WinHttpCloseHandle(ses);
}

/* ------------------------------------------------------------------ WINHTTP_OPTION_PROXY */

static void test_proxy_option(void)
{
    struct handles h;
    WINHTTP_PROXY_INFO info;
    DWORD size;
    HINTERNET ses;

    open_handles(&h);

    size = 0;
    SetLastError(0xdeadbeef);
    ok(!WinHttpQueryOption(h.ses, WINHTTP_OPTION_PROXY, NULL, &size), "proxy query without buffer succeeded");
    expect_error(ERROR_INSUFFICIENT_BUFFER);
    ok(size == sizeof(WINHTTP_PROXY_INFO), "proxy needed size %lu", (unsigned long)size);

    memset(&info, 0xcc, sizeof(info));
    size = sizeof(info);
    SetLastError(0xdeadbeef);
    ok(WinHttpQueryOption(h.ses, WINHTTP_OPTION_PROXY, &info, &size), "proxy query failed: %lu",
       (unsigned long)GetLastError());
    expect_error(ERROR_SUCCESS);
    ok(size == sizeof(info), "proxy size %lu", (unsigned long)size);
    ok(info.dwAccessType == WINHTTP_ACCESS_TYPE_NO_PROXY, "NO_PROXY session reports %lu",
       (unsigned long)info.dwAccessType);
    ok(info.lpszProxy == NULL, "NO_PROXY session proxy %s", u16a(info.lpszProxy));
    ok(info.lpszProxyBypass == NULL, "NO_PROXY session bypass %s", u16a(info.lpszProxyBypass));

    memset(&info, 0xcc, sizeof(info));
    size = sizeof(info);
    ok(WinHttpQueryOption(h.req, WINHTTP_OPTION_PROXY, &info, &size), "request proxy query failed");
    ok(info.dwAccessType == WINHTTP_ACCESS_TYPE_NO_PROXY && !info.lpszProxy && !info.lpszProxyBypass,
       "request of a NO_PROXY session reports %lu", (unsigned long)info.dwAccessType);

    size = sizeof(info);
    SetLastError(0xdeadbeef);
    ok(!WinHttpQueryOption(h.con, WINHTTP_OPTION_PROXY, &info, &size), "proxy query on connect succeeded");
    expect_error(ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);

    /* Set on a request, read back (strings are the caller's to free). */
    info.dwAccessType = WINHTTP_ACCESS_TYPE_NAMED_PROXY;
    info.lpszProxy = (LPWSTR)W("proxy.example:8080");
    info.lpszProxyBypass = (LPWSTR)W("<local>");
    SetLastError(0xdeadbeef);
    ok(WinHttpSetOption(h.req, WINHTTP_OPTION_PROXY, &info, sizeof(info)), "proxy set on request failed: %lu",
       (unsigned long)GetLastError());
    expect_error(ERROR_SUCCESS);
    memset(&info, 0, sizeof(info));
    size = sizeof(info);
    ok(WinHttpQueryOption(h.req, WINHTTP_OPTION_PROXY, &info, &size), "proxy query after set failed");
    ok(info.dwAccessType == WINHTTP_ACCESS_TYPE_NAMED_PROXY, "access type %lu", (unsigned long)info.dwAccessType);
    ok(!u16cmp(info.lpszProxy, W("proxy.example:8080")), "proxy %s", u16a(info.lpszProxy));
    ok(!u16cmp(info.lpszProxyBypass, W("<local>")), "bypass %s", u16a(info.lpszProxyBypass));
    free_global(info.lpszProxy);
    free_global(info.lpszProxyBypass);

    /* The session keeps its own setting. */
    memset(&info, 0, sizeof(info));
    size = sizeof(info);
    ok(WinHttpQueryOption(h.ses, WINHTTP_OPTION_PROXY, &info, &size) && info.dwAccessType == WINHTTP_ACCESS_TYPE_NO_PROXY,
       "session proxy changed by the request's: %lu", (unsigned long)info.dwAccessType);

    /* Set on a session; back to no proxy. */
    info.dwAccessType = WINHTTP_ACCESS_TYPE_NAMED_PROXY;
    info.lpszProxy = (LPWSTR)W("other.example:3128");
    info.lpszProxyBypass = NULL;
    ok(WinHttpSetOption(h.ses, WINHTTP_OPTION_PROXY, &info, sizeof(info)), "proxy set on session failed");
    memset(&info, 0, sizeof(info));
    size = sizeof(info);
    ok(WinHttpQueryOption(h.ses, WINHTTP_OPTION_PROXY, &info, &size) && info.dwAccessType == WINHTTP_ACCESS_TYPE_NAMED_PROXY
       && !u16cmp(info.lpszProxy, W("other.example:3128")), "session proxy %s", u16a(info.lpszProxy));
    ok(info.lpszProxyBypass == NULL, "session bypass %s", u16a(info.lpszProxyBypass));
    free_global(info.lpszProxy);
    free_global(info.lpszProxyBypass);
    info.dwAccessType = WINHTTP_ACCESS_TYPE_NO_PROXY;
    info.lpszProxy = NULL;
    info.lpszProxyBypass = NULL;
    ok(WinHttpSetOption(h.ses, WINHTTP_OPTION_PROXY, &info, sizeof(info)), "NO_PROXY set on session failed");

    /* Bad arguments. */
    SetLastError(0xdeadbeef);
    ok(!WinHttpSetOption(h.ses, WINHTTP_OPTION_PROXY, NULL, sizeof(info)), "proxy set from NULL succeeded");
    expect_error(ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    ok(!WinHttpSetOption(h.ses, WINHTTP_OPTION_PROXY, &info, sizeof(info) - 1), "proxy set from short buffer succeeded");
    expect_error(ERROR_INSUFFICIENT_BUFFER);
    /* A named proxy without a name, like WinHttpOpen's NAMED_PROXY without one. */
    info.dwAccessType = WINHTTP_ACCESS_TYPE_NAMED_PROXY;
    info.lpszProxy = NULL;
    SetLastError(0xdeadbeef);
    ok(!WinHttpSetOption(h.ses, WINHTTP_OPTION_PROXY, &info, sizeof(info)), "named proxy without name accepted");
    expect_error(ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    ok(!WinHttpSetOption(h.con, WINHTTP_OPTION_PROXY, &info, sizeof(info)), "proxy set on connect succeeded");
    expect_error(ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
    close_handles(&h);

    /* A session opened with a named proxy reports it. */
    ses = WinHttpOpen(W("winetest"), WINHTTP_ACCESS_TYPE_NAMED_PROXY, W("proxy.example:8080"), W("*.local"), 0);
    memset(&info, 0, sizeof(info));
    size = sizeof(info);
    ok(WinHttpQueryOption(ses, WINHTTP_OPTION_PROXY, &info, &size), "named session proxy query failed");
    ok(info.dwAccessType == WINHTTP_ACCESS_TYPE_NAMED_PROXY, "named session access %lu", (unsigned long)info.dwAccessType);
    ok(!u16cmp(info.lpszProxy, W("proxy.example:8080")), "named session proxy %s", u16a(info.lpszProxy));
    ok(!u16cmp(info.lpszProxyBypass, W("*.local")), "named session bypass %s", u16a(info.lpszProxyBypass));
    free_global(info.lpszProxy);
    free_global(info.lpszProxyBypass);
    WinHttpCloseHandle(ses);

    /* The process-wide default configuration is read through the NULL handle (option-flags.md). */
    memset(&info, 0, sizeof(info));
    size = sizeof(info);
    SetLastError(0xdeadbeef);
    ok(WinHttpQueryOption(NULL, WINHTTP_OPTION_PROXY, &info, &size), "proxy query on NULL failed: %lu",
       (unsigned long)GetLastError());
    ok(info.dwAccessType == WINHTTP_ACCESS_TYPE_NO_PROXY || info.dwAccessType == WINHTTP_ACCESS_TYPE_NAMED_PROXY,
       "default proxy access type %lu", (unsigned long)info.dwAccessType);
    free_global(info.lpszProxy);
    free_global(info.lpszProxyBypass);
}

/* ------------------------------------------------------------------ security */

static void test_security_options(void)
{
    struct handles h;
    HINTERNET req;
    DWORD flags, size;
    void *cert;
#ifdef HAVE_CONNECTION_INFO
    WINHTTP_CONNECTION_INFO info;
#endif

    open_handles(&h);
    req = WinHttpOpenRequest(h.con, NULL, NULL, NULL, NULL, NULL, WINHTTP_FLAG_SECURE);
    ok(req != NULL, "secure request not opened");

    /* Wine's test_secure_connection: no flags before sending, IGNORE_* settable, others not. */
    flags = 0xdeadbeef;
    size = sizeof(flags);
    ok(WinHttpQueryOption(req, WINHTTP_OPTION_SECURITY_FLAGS, &flags, &size), "security flags query failed");
    ok(flags == 0, "secure request flags before sending %#lx", (unsigned long)flags);

    flags = SECURITY_FLAG_IGNORE_CERT_DATE_INVALID;
    SetLastError(0xdeadbeef);
    ok(WinHttpSetOption(req, WINHTTP_OPTION_SECURITY_FLAGS, &flags, sizeof(flags)), "set DATE_INVALID failed");
    expect_error(ERROR_SUCCESS);
    flags = 0;
    size = sizeof(flags);
    ok(WinHttpQueryOption(req, WINHTTP_OPTION_SECURITY_FLAGS, &flags, &size) &&
       flags == SECURITY_FLAG_IGNORE_CERT_DATE_INVALID, "flags read back %#lx", (unsigned long)flags);

    flags = SECURITY_FLAG_SECURE;
    SetLastError(0xdeadbeef);
    ok(!WinHttpSetOption(req, WINHTTP_OPTION_SECURITY_FLAGS, &flags, sizeof(flags)), "SECURE accepted");
    expect_error(ERROR_INVALID_PARAMETER);
    flags = SECURITY_FLAG_STRENGTH_STRONG;
    SetLastError(0xdeadbeef);
    ok(!WinHttpSetOption(req, WINHTTP_OPTION_SECURITY_FLAGS, &flags, sizeof(flags)), "STRENGTH_STRONG accepted");
    expect_error(ERROR_INVALID_PARAMETER);

    flags = SECURITY_FLAG_IGNORE_UNKNOWN_CA | SECURITY_FLAG_IGNORE_CERT_DATE_INVALID |
            SECURITY_FLAG_IGNORE_CERT_CN_INVALID | SECURITY_FLAG_IGNORE_CERT_WRONG_USAGE;
    ok(WinHttpSetOption(req, WINHTTP_OPTION_SECURITY_FLAGS, &flags, sizeof(flags)), "all IGNORE flags failed: %lu",
       (unsigned long)GetLastError());
    flags = 0;
    ok(WinHttpSetOption(req, WINHTTP_OPTION_SECURITY_FLAGS, &flags, sizeof(flags)), "clearing flags failed");

    SetLastError(0xdeadbeef);
    ok(!WinHttpSetOption(h.ses, WINHTTP_OPTION_SECURITY_FLAGS, &flags, sizeof(flags)), "flags set on session");
    expect_error(ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);

    /* WINHTTP_NO_CLIENT_CERT_CONTEXT before sending (Wine's test_secure_connection). */
    SetLastError(0xdeadbeef);
    ok(WinHttpSetOption(req, WINHTTP_OPTION_CLIENT_CERT_CONTEXT, WINHTTP_NO_CLIENT_CERT_CONTEXT, 0),
       "no-client-cert failed: %lu", (unsigned long)GetLastError());
    expect_error(ERROR_SUCCESS);

    /* What exists only once a connection does. */
    cert = (void *)1;
    size = sizeof(cert);
    SetLastError(0xdeadbeef);
    ok(!WinHttpQueryOption(req, WINHTTP_OPTION_SERVER_CERT_CONTEXT, &cert, &size), "cert context before sending");
    expect_error(ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
    ok(cert == (void *)1, "cert buffer written: %p", cert);

    size = 0;
    SetLastError(0xdeadbeef);
    ok(!WinHttpQueryOption(req, WINHTTP_OPTION_SERVER_CERT_CONTEXT, NULL, &size), "cert context without buffer");
    expect_error(ERROR_INSUFFICIENT_BUFFER);
    ok(size == sizeof(void *), "cert context needed size %lu", (unsigned long)size);

    {
        WINHTTP_CERTIFICATE_INFO ci;
        size = sizeof(ci);
        SetLastError(0xdeadbeef);
        ok(!WinHttpQueryOption(req, WINHTTP_OPTION_SECURITY_CERTIFICATE_STRUCT, &ci, &size), "cert struct before sending");
        expect_error(ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
        size = 0;
        SetLastError(0xdeadbeef);
        ok(!WinHttpQueryOption(req, WINHTTP_OPTION_SECURITY_CERTIFICATE_STRUCT, NULL, &size), "cert struct without buffer");
        expect_error(ERROR_INSUFFICIENT_BUFFER);
        ok(size == sizeof(ci), "cert struct needed size %lu", (unsigned long)size);
    }

#ifdef HAVE_CONNECTION_INFO
    /* Wine's test_connection_info: the size is checked before the state. */
    size = sizeof(info);
    SetLastError(0xdeadbeef);
    ok(!WinHttpQueryOption(h.req, WINHTTP_OPTION_CONNECTION_INFO, &info, &size), "connection info before sending");
    expect_error(ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
    info.cbSize = 0;
    size = 0;
    SetLastError(0xdeadbeef);
    ok(!WinHttpQueryOption(h.req, WINHTTP_OPTION_CONNECTION_INFO, &info, &size), "connection info into 0 bytes");
    expect_error(ERROR_INSUFFICIENT_BUFFER);
    ok(size == sizeof(info), "connection info needed size %lu", (unsigned long)size);
    size = 0;
    SetLastError(0xdeadbeef);
    ok(!WinHttpQueryOption(h.req, WINHTTP_OPTION_CONNECTION_INFO, NULL, &size), "connection info without buffer");
    expect_error(ERROR_INSUFFICIENT_BUFFER);

#endif
    WinHttpCloseHandle(req);
    close_handles(&h);
}

static void test_secure_protocols(void)
{
    HINTERNET ses = WinHttpOpen(W("winetest"), 0, NULL, NULL, 0);
    DWORD p, size;

    p = WINHTTP_FLAG_SECURE_PROTOCOL_SSL3 | WINHTTP_FLAG_SECURE_PROTOCOL_TLS1;
    SetLastError(0xdeadbeef);
    ok(WinHttpSetOption(ses, WINHTTP_OPTION_SECURE_PROTOCOLS, &p, sizeof(p)), "SSL3|TLS1 failed: %lu",
       (unsigned long)GetLastError());
    expect_error(ERROR_SUCCESS);
    p = WINHTTP_FLAG_SECURE_PROTOCOL_TLS1 | WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_1 | WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2;
    ok(WinHttpSetOption(ses, WINHTTP_OPTION_SECURE_PROTOCOLS, &p, sizeof(p)), "TLS1..1.2 failed");
    p = WINHTTP_FLAG_SECURE_PROTOCOL_ALL;
    ok(WinHttpSetOption(ses, WINHTTP_OPTION_SECURE_PROTOCOLS, &p, sizeof(p)), "PROTOCOL_ALL failed");
    /* Bits that name no protocol. */
    p = 0x1;
    SetLastError(0xdeadbeef);
    ok(!WinHttpSetOption(ses, WINHTTP_OPTION_SECURE_PROTOCOLS, &p, sizeof(p)), "unknown protocol bit accepted");
    expect_error(ERROR_INVALID_PARAMETER);
    size = sizeof(p);
    SetLastError(0xdeadbeef);
    ok(!WinHttpQueryOption(ses, WINHTTP_OPTION_SECURE_PROTOCOLS, &p, &size), "secure protocols queried");
    expect_error(ERROR_INVALID_PARAMETER);
    WinHttpCloseHandle(ses);

#ifdef WINHTTP_FLAG_SECURE_DEFAULTS
    /* WinHttpOpen page: with SECURE_DEFAULTS, enabling anything older than TLS 1.2 is refused. */
    ses = WinHttpOpen(W("winetest"), WINHTTP_ACCESS_TYPE_NO_PROXY, NULL, NULL, WINHTTP_FLAG_SECURE_DEFAULTS);
    ok(ses != NULL, "secure-defaults session not opened");
    p = WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2;
    SetLastError(0xdeadbeef);
    ok(WinHttpSetOption(ses, WINHTTP_OPTION_SECURE_PROTOCOLS, &p, sizeof(p)), "TLS1.2 refused: %lu",
       (unsigned long)GetLastError());
    expect_error(ERROR_SUCCESS);
#ifdef WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_3
    p = WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2 | WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_3;
    ok(WinHttpSetOption(ses, WINHTTP_OPTION_SECURE_PROTOCOLS, &p, sizeof(p)), "TLS1.2|1.3 refused");
#endif
    p = WINHTTP_FLAG_SECURE_PROTOCOL_TLS1;
    SetLastError(0xdeadbeef);
    ok(!WinHttpSetOption(ses, WINHTTP_OPTION_SECURE_PROTOCOLS, &p, sizeof(p)), "TLS1 accepted under secure defaults");
    expect_error(ERROR_ACCESS_DENIED);
    p = WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_1 | WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2;
    SetLastError(0xdeadbeef);
    ok(!WinHttpSetOption(ses, WINHTTP_OPTION_SECURE_PROTOCOLS, &p, sizeof(p)), "TLS1.1 accepted under secure defaults");
    expect_error(ERROR_ACCESS_DENIED);
    p = WINHTTP_FLAG_SECURE_PROTOCOL_SSL3;
    SetLastError(0xdeadbeef);
    ok(!WinHttpSetOption(ses, WINHTTP_OPTION_SECURE_PROTOCOLS, &p, sizeof(p)), "SSL3 accepted under secure defaults");
    expect_error(ERROR_ACCESS_DENIED);
    WinHttpCloseHandle(ses);
#endif
}

/* ------------------------------------------------------------------ options with limits */

static void test_limits(void)
{
    struct handles h;
    DWORD v, size;

    open_handles(&h);

    /* option-flags.md: 0 connections per server means a limit of 2. */
    v = 0;
    SetLastError(0xdeadbeef);
    ok(WinHttpSetOption(h.ses, WINHTTP_OPTION_MAX_CONNS_PER_SERVER, &v, sizeof(v)), "0 conns per server refused: %lu",
       (unsigned long)GetLastError());
    v = 0xdeadbeef;
    size = sizeof(v);
    ok(WinHttpQueryOption(h.ses, WINHTTP_OPTION_MAX_CONNS_PER_SERVER, &v, &size) && v == 2, "0 conns reads back %lu",
       (unsigned long)v);
    v = 0xffffffff;
    ok(WinHttpSetOption(h.ses, WINHTTP_OPTION_MAX_CONNS_PER_SERVER, &v, sizeof(v)), "INFINITE conns refused");
    SetLastError(0xdeadbeef);
    ok(!WinHttpSetOption(h.req, WINHTTP_OPTION_MAX_CONNS_PER_SERVER, &v, sizeof(v)), "conns set on request");
    expect_error(ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);

    /* WebSocket keep-alive: at least 15000 ms (SetOption page), 30000 by default (option-flags.md). */
    v = 0xdeadbeef;
    size = sizeof(v);
    ok(WinHttpQueryOption(h.ses, WINHTTP_OPTION_WEB_SOCKET_KEEPALIVE_INTERVAL, &v, &size) && v == 30000,
       "keep-alive default %lu", (unsigned long)v);
    v = 14999;
    SetLastError(0xdeadbeef);
    ok(!WinHttpSetOption(h.ses, WINHTTP_OPTION_WEB_SOCKET_KEEPALIVE_INTERVAL, &v, sizeof(v)), "14999 accepted");
    expect_error(ERROR_INVALID_PARAMETER);
    v = 0;
    SetLastError(0xdeadbeef);
    ok(!WinHttpSetOption(h.ses, WINHTTP_OPTION_WEB_SOCKET_KEEPALIVE_INTERVAL, &v, sizeof(v)), "0 accepted");
    expect_error(ERROR_INVALID_PARAMETER);
    v = 15000;
    SetLastError(0xdeadbeef);
    ok(WinHttpSetOption(h.ses, WINHTTP_OPTION_WEB_SOCKET_KEEPALIVE_INTERVAL, &v, sizeof(v)), "15000 refused: %lu",
       (unsigned long)GetLastError());
    expect_error(ERROR_SUCCESS);
    v = 0;
    size = sizeof(v);
    ok(WinHttpQueryOption(h.ses, WINHTTP_OPTION_WEB_SOCKET_KEEPALIVE_INTERVAL, &v, &size) && v == 15000,
       "keep-alive reads back %lu", (unsigned long)v);

    /* WebSocket close timeout: 10 s by default (option-flags.md). */
    v = 0xdeadbeef;
    size = sizeof(v);
    ok(WinHttpQueryOption(h.ses, WINHTTP_OPTION_WEB_SOCKET_CLOSE_TIMEOUT, &v, &size) && v == 10000,
       "close timeout default %lu", (unsigned long)v);
    v = 2000;
    ok(WinHttpSetOption(h.ses, WINHTTP_OPTION_WEB_SOCKET_CLOSE_TIMEOUT, &v, sizeof(v)), "close timeout refused");
    v = 0;
    size = sizeof(v);
    ok(WinHttpQueryOption(h.ses, WINHTTP_OPTION_WEB_SOCKET_CLOSE_TIMEOUT, &v, &size) && v == 2000,
       "close timeout reads back %lu", (unsigned long)v);

#ifdef WINHTTP_OPTION_HTTP2_KEEPALIVE
    /* option-flags.md: HTTP/2 keep-alive cannot be below 5000 ms. */
    v = 4999;
    SetLastError(0xdeadbeef);
    ok(!WinHttpSetOption(h.ses, WINHTTP_OPTION_HTTP2_KEEPALIVE, &v, sizeof(v)), "HTTP/2 keep-alive 4999 accepted");
    expect_error(ERROR_INVALID_PARAMETER);
#endif

    /* Automatic logon policy: LOW, MEDIUM, HIGH only. */
    v = WINHTTP_AUTOLOGON_SECURITY_LEVEL_LOW;
    ok(WinHttpSetOption(h.req, WINHTTP_OPTION_AUTOLOGON_POLICY, &v, sizeof(v)), "autologon LOW refused");
    v = WINHTTP_AUTOLOGON_SECURITY_LEVEL_MEDIUM;
    ok(WinHttpSetOption(h.req, WINHTTP_OPTION_AUTOLOGON_POLICY, &v, sizeof(v)), "autologon MEDIUM refused");
    v = 3;
    SetLastError(0xdeadbeef);
    ok(!WinHttpSetOption(h.req, WINHTTP_OPTION_AUTOLOGON_POLICY, &v, sizeof(v)), "autologon 3 accepted");
    expect_error(ERROR_INVALID_PARAMETER);

    /* Enable-feature: revocation on requests, impersonation revert on sessions (option-flags.md). */
    v = WINHTTP_ENABLE_SSL_REVOCATION;
    SetLastError(0xdeadbeef);
    ok(WinHttpSetOption(h.req, WINHTTP_OPTION_ENABLE_FEATURE, &v, sizeof(v)), "revocation on request refused: %lu",
       (unsigned long)GetLastError());
    v = WINHTTP_ENABLE_SSL_REVERT_IMPERSONATION;
    SetLastError(0xdeadbeef);
    ok(WinHttpSetOption(h.ses, WINHTTP_OPTION_ENABLE_FEATURE, &v, sizeof(v)), "impersonation revert on session "
       "refused: %lu", (unsigned long)GetLastError());

    /* Upgrade to WebSocket takes no buffer and is accepted before sending. */
    SetLastError(0xdeadbeef);
    ok(WinHttpSetOption(h.req, WINHTTP_OPTION_UPGRADE_TO_WEB_SOCKET, NULL, 0), "upgrade refused: %lu",
       (unsigned long)GetLastError());
    expect_error(ERROR_SUCCESS);

    /* Expiring a connection needs a request that is active on one (option-flags.md). */
    SetLastError(0xdeadbeef);
    ok(!WinHttpSetOption(h.req, WINHTTP_OPTION_EXPIRE_CONNECTION, NULL, 0), "expire connection on unsent request");
    expect_error(ERROR_WINHTTP_INCORRECT_HANDLE_STATE);

    close_handles(&h);
}

/* ------------------------------------------------------------------ NULL, closed, unknown */

static void test_null_handle(void)
{
    DWORD v, size;
    HTTP_VERSION_INFO hv;

    /* Tracing is a process-wide option, NULL handle only. */
    v = 0xdeadbeef;
    size = sizeof(v);
    SetLastError(0xdeadbeef);
    ok(WinHttpQueryOption(NULL, WINHTTP_OPTION_ENABLETRACING, &v, &size), "tracing query failed: %lu",
       (unsigned long)GetLastError());
    ok(v == FALSE, "tracing default %lu", (unsigned long)v);
    ok(size == sizeof(DWORD), "tracing size %lu", (unsigned long)size);
    v = TRUE;
    SetLastError(0xdeadbeef);
    ok(WinHttpSetOption(NULL, WINHTTP_OPTION_ENABLETRACING, &v, sizeof(v)), "tracing on failed: %lu",
       (unsigned long)GetLastError());
    v = 0;
    size = sizeof(v);
    ok(WinHttpQueryOption(NULL, WINHTTP_OPTION_ENABLETRACING, &v, &size) && v == TRUE, "tracing reads back %lu",
       (unsigned long)v);
    v = FALSE;
    ok(WinHttpSetOption(NULL, WINHTTP_OPTION_ENABLETRACING, &v, sizeof(v)), "tracing off failed");
    {
        HINTERNET ses = WinHttpOpen(W("winetest"), 0, NULL, NULL, 0);
        SetLastError(0xdeadbeef);
        ok(!WinHttpSetOption(ses, WINHTTP_OPTION_ENABLETRACING, &v, sizeof(v)), "tracing set on a session");
        expect_error(ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
        WinHttpCloseHandle(ses);
    }

    /* HTTP version: process-wide, HTTP/1.1 by default. */
    memset(&hv, 0xcc, sizeof(hv));
    size = sizeof(hv);
    SetLastError(0xdeadbeef);
    ok(WinHttpQueryOption(NULL, WINHTTP_OPTION_HTTP_VERSION, &hv, &size), "HTTP version query failed: %lu",
       (unsigned long)GetLastError());
    ok(hv.dwMajorVersion == 1 && hv.dwMinorVersion == 1, "HTTP version %lu.%lu", (unsigned long)hv.dwMajorVersion,
       (unsigned long)hv.dwMinorVersion);
    ok(size == sizeof(hv), "HTTP version size %lu", (unsigned long)size);
    hv.dwMajorVersion = 1;
    hv.dwMinorVersion = 0;
    ok(WinHttpSetOption(NULL, WINHTTP_OPTION_HTTP_VERSION, &hv, sizeof(hv)), "HTTP/1.0 refused");
    memset(&hv, 0, sizeof(hv));
    size = sizeof(hv);
    ok(WinHttpQueryOption(NULL, WINHTTP_OPTION_HTTP_VERSION, &hv, &size) && hv.dwMajorVersion == 1 &&
       hv.dwMinorVersion == 0, "HTTP version reads back %lu.%lu", (unsigned long)hv.dwMajorVersion,
       (unsigned long)hv.dwMinorVersion);
    hv.dwMajorVersion = 1;
    hv.dwMinorVersion = 1;
    ok(WinHttpSetOption(NULL, WINHTTP_OPTION_HTTP_VERSION, &hv, sizeof(hv)), "HTTP/1.1 refused");

    /* The extended error can be read without a handle (option-flags.md). */
    size = sizeof(v);
    SetLastError(0xdeadbeef);
    ok(WinHttpQueryOption(NULL, WINHTTP_OPTION_EXTENDED_ERROR, &v, &size), "extended error query failed: %lu",
       (unsigned long)GetLastError());

    /* Handle options need a handle. */
    size = sizeof(v);
    SetLastError(0xdeadbeef);
    ok(!WinHttpQueryOption(NULL, WINHTTP_OPTION_CONNECT_TIMEOUT, &v, &size), "timeout query on NULL succeeded");
    expect_error(ERROR_INVALID_HANDLE);
    v = 1000;
    SetLastError(0xdeadbeef);
    ok(!WinHttpSetOption(NULL, WINHTTP_OPTION_CONNECT_TIMEOUT, &v, sizeof(v)), "timeout set on NULL succeeded");
    expect_error(ERROR_INVALID_HANDLE);
    size = sizeof(v);
    SetLastError(0xdeadbeef);
    ok(!WinHttpQueryOption(NULL, WINHTTP_OPTION_HANDLE_TYPE, &v, &size), "handle type of NULL");
    expect_error(ERROR_INVALID_HANDLE);
    {
        DWORD_PTR ctx = 1;
        SetLastError(0xdeadbeef);
        ok(!WinHttpSetOption(NULL, WINHTTP_OPTION_CONTEXT_VALUE, &ctx, sizeof(ctx)), "context set on NULL");
        expect_error(ERROR_INVALID_HANDLE);
    }

    /* Global credentials need a registry switch Windows does not set by default (option-flags.md). */
    {
        struct test_creds creds;
        memset(&creds, 0, sizeof(creds));
        creds.lpszUserName = (LPSTR)"user";
        creds.lpszPassword = (LPSTR)"pass";
        creds.dwAuthScheme = WINHTTP_AUTH_SCHEME_BASIC;
        SetLastError(0xdeadbeef);
        ok(!WinHttpSetOption(NULL, WINHTTP_OPTION_GLOBAL_PROXY_CREDS, &creds, sizeof(creds)), "global proxy creds set");
        expect_error(ERROR_WINHTTP_INVALID_OPTION);
        SetLastError(0xdeadbeef);
        ok(!WinHttpSetOption(NULL, WINHTTP_OPTION_GLOBAL_SERVER_CREDS, &creds, sizeof(creds)), "global server creds set");
        expect_error(ERROR_WINHTTP_INVALID_OPTION);
    }
}

static void test_unknown_and_closed(void)
{
    static const DWORD unknown[] = { 0, 8, 10, 11, 0x7fff, 12345, 0x0fff, 0x1004, 0x7fffffff, 0xffffffff };
    struct handles h;
    DWORD v, size;
    unsigned i;
    HINTERNET stale;

    open_handles(&h);
    for (i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++) {
        v = 0;
        size = sizeof(v);
        SetLastError(0xdeadbeef);
        ok(!WinHttpQueryOption(h.ses, unknown[i], &v, &size), "query of unknown option %#lx succeeded",
           (unsigned long)unknown[i]);
        expect_error(ERROR_WINHTTP_INVALID_OPTION);
        SetLastError(0xdeadbeef);
        ok(!WinHttpQueryOption(h.req, unknown[i], &v, &size), "query of unknown option %#lx on request succeeded",
           (unsigned long)unknown[i]);
        expect_error(ERROR_WINHTTP_INVALID_OPTION);
        SetLastError(0xdeadbeef);
        ok(!WinHttpSetOption(h.ses, unknown[i], &v, sizeof(v)), "set of unknown option %#lx succeeded",
           (unsigned long)unknown[i]);
        expect_error(ERROR_WINHTTP_INVALID_OPTION);
        SetLastError(0xdeadbeef);
        ok(!WinHttpSetOption(h.req, unknown[i], &v, sizeof(v)), "set of unknown option %#lx on request succeeded",
           (unsigned long)unknown[i]);
        expect_error(ERROR_WINHTTP_INVALID_OPTION);
    }
    /* The NULL handle too. */
    size = sizeof(v);
    SetLastError(0xdeadbeef);
    ok(!WinHttpQueryOption(NULL, 12345, &v, &size), "unknown option on NULL queried");
    expect_error(ERROR_WINHTTP_INVALID_OPTION);
    SetLastError(0xdeadbeef);
    ok(!WinHttpSetOption(NULL, 12345, &v, sizeof(v)), "unknown option on NULL set");
    expect_error(ERROR_WINHTTP_INVALID_OPTION);

    /* NULL length pointer. */
    SetLastError(0xdeadbeef);
    ok(!WinHttpQueryOption(h.req, WINHTTP_OPTION_CONNECT_TIMEOUT, &v, NULL), "NULL length accepted");
    expect_error(ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    ok(!WinHttpQueryOption(h.ses, WINHTTP_OPTION_USER_AGENT, NULL, NULL), "NULL buffer and length accepted");
    expect_error(ERROR_INVALID_PARAMETER);

    /* Closed handles. */
    stale = h.req;
    WinHttpCloseHandle(h.req);
    h.req = NULL;
    size = sizeof(v);
    SetLastError(0xdeadbeef);
    ok(!WinHttpQueryOption(stale, WINHTTP_OPTION_CONNECT_TIMEOUT, &v, &size), "query on closed request");
    expect_error(ERROR_INVALID_HANDLE);
    v = 1;
    SetLastError(0xdeadbeef);
    ok(!WinHttpSetOption(stale, WINHTTP_OPTION_CONNECT_TIMEOUT, &v, sizeof(v)), "set on closed request");
    expect_error(ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    ok(!WinHttpSetOption(stale, WINHTTP_OPTION_USERNAME, (void *)W("u"), 1), "username set on closed request");
    expect_error(ERROR_INVALID_HANDLE);
    close_handles(&h);
}

int main(void)
{
    test_option_table();
    test_redirect_policy_protocol();
    test_disable_feature();
    test_http_protocol();
    test_decompression();
    test_generic_options();
    test_user_agent();
    test_url_option();
    test_credential_options();
    test_proxy_option();
    test_security_options();
    test_secure_protocols();
    test_limits();
    test_null_handle();
    test_unknown_and_closed();
    return test_summary();
}
