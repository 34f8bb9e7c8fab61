/* Proxy settings from Wine's registry, as Windows keeps them (dlls/winhttp/pe/proxy_registry.h):
 * the default configuration in HKLM\...\Internet Settings\Connections "WinHttpSettings" (what
 * WinHttpSetDefaultProxyConfiguration writes, byte for byte, and the getter reads), the user's
 * (IE) configuration in HKCU ... "DefaultConnectionSettings" and the plain ProxyEnable /
 * ProxyServer / ProxyOverride / AutoConfigURL values, sessions opened with DEFAULT_PROXY and
 * AUTOMATIC_PROXY and WINHTTP_OPTION_PROXY {DEFAULT_PROXY} using them (a real GET through the
 * test server acting as the proxy), and the fall back to the engine's Linux sources when the
 * registry holds nothing.
 * Windows-only (built with mingw against mingw's winhttp.h); tests/wine/run-proxy-registry.sh
 * runs it twice through tools/winhttp-wine in the test tree's private prefix: `env` with
 * http_proxy naming a dead proxy (http://127.0.0.1:1), `noenv` with no proxy variables; both
 * with WINHTTP_PROXY_CONFIG naming a file that does not exist and the test server's port in
 * WINHTTP_TEST_SERVER_PORT. It writes the registry values and deletes them afterwards. */
#include "test.h"
#include "harness.h"

#define W(s) ((WCHAR *)L ## s)

static const WCHAR *const k_settings = L"Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings";
static const WCHAR *const k_connections = L"Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\Connections";

static int port;
static int env_mode;            /* http_proxy=http://127.0.0.1:1 in the environment */
static WCHAR proxy_here[64];    /* L"127.0.0.1:PORT": the test server as a proxy */
static WCHAR target[64];        /* the same server as the request's target host */

static void widen(const char *s, WCHAR *out)
{
    while ((*out++ = (WCHAR)(unsigned char)*s++)) {}
}

/* ---- the registry */

static void delete_value(HKEY root, const WCHAR *path, const WCHAR *name)
{
    HKEY key;
    if (RegOpenKeyExW(root, path, 0, KEY_SET_VALUE, &key) != ERROR_SUCCESS) return;
    RegDeleteValueW(key, name);
    RegCloseKey(key);
}

static void clear_registry(void)
{
    delete_value(HKEY_LOCAL_MACHINE, k_connections, L"WinHttpSettings");
    delete_value(HKEY_CURRENT_USER, k_connections, L"DefaultConnectionSettings");
    delete_value(HKEY_CURRENT_USER, k_settings, L"ProxyEnable");
    delete_value(HKEY_CURRENT_USER, k_settings, L"ProxyServer");
    delete_value(HKEY_CURRENT_USER, k_settings, L"ProxyOverride");
    delete_value(HKEY_CURRENT_USER, k_settings, L"AutoConfigURL");
}

static void set_value(HKEY root, const WCHAR *path, const WCHAR *name, DWORD type, const void *data, DWORD size)
{
    HKEY key;
    LONG e = RegCreateKeyExW(root, path, 0, NULL, 0, KEY_SET_VALUE, NULL, &key, NULL);
    if (!e) {
        e = RegSetValueExW(key, name, 0, type, (const BYTE *)data, size);
        RegCloseKey(key);
    }
    ok(e == ERROR_SUCCESS, "writing registry value %s: %ld", u16a(name), (long)e);
}

static void set_sz(const WCHAR *name, const WCHAR *value)
{
    set_value(HKEY_CURRENT_USER, k_settings, name, REG_SZ, value, (DWORD)((u16len(value) + 1) * sizeof(WCHAR)));
}

static void set_enable(DWORD v)
{
    set_value(HKEY_CURRENT_USER, k_settings, L"ProxyEnable", REG_DWORD, &v, sizeof v);
}

/* The value's bytes (REG_BINARY expected); its size, or -1 when absent or of another type. */
static long read_binary(HKEY root, const WCHAR *path, const WCHAR *name, BYTE *buf, DWORD cap)
{
    HKEY key;
    DWORD type = 0, size = cap;
    long n = -1;
    if (RegOpenKeyExW(root, path, 0, KEY_QUERY_VALUE, &key) != ERROR_SUCCESS) return -1;
    if (RegQueryValueExW(key, name, NULL, &type, buf, &size) == ERROR_SUCCESS && type == REG_BINARY) n = (long)size;
    RegCloseKey(key);
    return n;
}

/* Builds a blob: three DWORDs, then up to three length-prefixed ASCII strings (NULL: stop). */
struct blob { BYTE b[512]; DWORD n; };
static void put_dword(struct blob *x, DWORD v) { memcpy(x->b + x->n, &v, 4); x->n += 4; }
static void put_str(struct blob *x, const char *s)
{
    put_dword(x, (DWORD)strlen(s));
    memcpy(x->b + x->n, s, strlen(s));
    x->n += (DWORD)strlen(s);
}
static struct blob make_blob(DWORD magic, DWORD second, DWORD flags, const char *s1, const char *s2, const char *s3)
{
    struct blob x;
    x.n = 0;
    put_dword(&x, magic);
    put_dword(&x, second);
    put_dword(&x, flags);
    if (s1) put_str(&x, s1);
    if (s1 && s2) put_str(&x, s2);
    if (s1 && s2 && s3) put_str(&x, s3);
    return x;
}

static void set_winhttp_settings(const struct blob *x)
{
    set_value(HKEY_LOCAL_MACHINE, k_connections, L"WinHttpSettings", REG_BINARY, x->b, x->n);
}

static void set_ie_blob(const struct blob *x)
{
    set_value(HKEY_CURRENT_USER, k_connections, L"DefaultConnectionSettings", REG_BINARY, x->b, x->n);
}

/* ---- the API */

static void free_info(WINHTTP_PROXY_INFO *info)
{
    if (info->lpszProxy) GlobalFree(info->lpszProxy);
    if (info->lpszProxyBypass) GlobalFree(info->lpszProxyBypass);
}

static void free_ie(WINHTTP_CURRENT_USER_IE_PROXY_CONFIG *cfg)
{
    if (cfg->lpszAutoConfigUrl) GlobalFree(cfg->lpszAutoConfigUrl);
    if (cfg->lpszProxy) GlobalFree(cfg->lpszProxy);
    if (cfg->lpszProxyBypass) GlobalFree(cfg->lpszProxyBypass);
}

static BOOL set_default(DWORD type, const WCHAR *proxy, const WCHAR *bypass)
{
    WINHTTP_PROXY_INFO info;
    info.dwAccessType = type;
    info.lpszProxy = (WCHAR *)proxy;
    info.lpszProxyBypass = (WCHAR *)bypass;
    SetLastError(0xdeadbeef);
    return WinHttpSetDefaultProxyConfiguration(&info);
}

/* Checks the default configuration: access type and both strings (NULL = must be NULL). */
static void check_default(DWORD type, const WCHAR *proxy, const WCHAR *bypass, const char *what)
{
    WINHTTP_PROXY_INFO info;
    memset(&info, 0xcc, sizeof info);
    SetLastError(0xdeadbeef);
    BOOL ret = WinHttpGetDefaultProxyConfiguration(&info);
    ok(ret, "%s: get failed: %lu", what, (unsigned long)GetLastError());
    if (!ret) return;
    expect_error(ERROR_SUCCESS);
    ok(info.dwAccessType == type, "%s: access type %lu", what, (unsigned long)info.dwAccessType);
    ok(!u16cmp(info.lpszProxy, proxy), "%s: proxy %s", what, u16a(info.lpszProxy));
    ok(!u16cmp(info.lpszProxyBypass, bypass), "%s: bypass %s", what, u16a(info.lpszProxyBypass));
    free_info(&info);
}

static void check_ie(BOOL auto_detect, const WCHAR *url, const WCHAR *proxy, const WCHAR *bypass, const char *what)
{
    WINHTTP_CURRENT_USER_IE_PROXY_CONFIG cfg;
    memset(&cfg, 0xcc, sizeof cfg);
    SetLastError(0xdeadbeef);
    BOOL ret = WinHttpGetIEProxyConfigForCurrentUser(&cfg);
    ok(ret, "%s: get failed: %lu", what, (unsigned long)GetLastError());
    if (!ret) return;
    expect_error(ERROR_SUCCESS);
    ok(cfg.fAutoDetect == auto_detect, "%s: fAutoDetect %d", what, (int)cfg.fAutoDetect);
    ok(!u16cmp(cfg.lpszAutoConfigUrl, url), "%s: url %s", what, u16a(cfg.lpszAutoConfigUrl));
    ok(!u16cmp(cfg.lpszProxy, proxy), "%s: proxy %s", what, u16a(cfg.lpszProxy));
    ok(!u16cmp(cfg.lpszProxyBypass, bypass), "%s: bypass %s", what, u16a(cfg.lpszProxyBypass));
    free_ie(&cfg);
}

/* What the environment gives when the registry holds nothing (engine/proxy_config.h). */
#define ENV_PROXY (env_mode ? W("http=127.0.0.1:1") : NULL)
#define ENV_TYPE (env_mode ? WINHTTP_ACCESS_TYPE_NAMED_PROXY : WINHTTP_ACCESS_TYPE_NO_PROXY)

/* ---- WinHttpSetDefaultProxyConfiguration / WinHttpGetDefaultProxyConfiguration */

static void check_stored(const struct blob *want, const char *what)
{
    BYTE got[512];
    long n = read_binary(HKEY_LOCAL_MACHINE, k_connections, L"WinHttpSettings", got, sizeof got);
    ok(n == (long)want->n && !memcmp(got, want->b, want->n), "%s: WinHttpSettings has %ld bytes, want %lu",
       what, n, (unsigned long)want->n);
}

static void test_default_round_trip(void)
{
    clear_registry();
    /* As Wine's winhttp (and Windows' netsh) write it: magic 0x18, 0, PROXY_TYPE_PROXY (2), then
     * each string with its length, ASCII, no terminator. */
    ok(set_default(WINHTTP_ACCESS_TYPE_NAMED_PROXY, W("http=a.example:3128;https=b.example:3129"),
                   W("<local>;*.example.com")), "set named: %lu", (unsigned long)GetLastError());
    expect_error(ERROR_SUCCESS);
    struct blob named = make_blob(0x18, 0, 2, "http=a.example:3128;https=b.example:3129", "<local>;*.example.com", NULL);
    check_stored(&named, "named");
    check_default(WINHTTP_ACCESS_TYPE_NAMED_PROXY, W("http=a.example:3128;https=b.example:3129"),
                  W("<local>;*.example.com"), "named");

    /* No bypass list: a zero length, and none comes back. */
    ok(set_default(WINHTTP_ACCESS_TYPE_NAMED_PROXY, W("proxy_server"), NULL), "set without bypass");
    struct blob nobypass = make_blob(0x18, 0, 2, "proxy_server", "", NULL);
    check_stored(&nobypass, "no bypass");
    check_default(WINHTTP_ACCESS_TYPE_NAMED_PROXY, W("proxy_server"), NULL, "no bypass");

    /* Direct: PROXY_TYPE_DIRECT (1) and two empty strings, 20 bytes (Windows' reset value). The
     * stored direct setting wins over the environment (Wine's builtin would read http_proxy
     * instead; Windows has no environment fallback at all). */
    ok(set_default(WINHTTP_ACCESS_TYPE_NO_PROXY, W("ignored:1"), W("ignored")), "set direct");
    expect_error(ERROR_SUCCESS);
    struct blob direct = make_blob(0x18, 0, 1, "", "", NULL);
    check_stored(&direct, "direct");
    check_default(WINHTTP_ACCESS_TYPE_NO_PROXY, NULL, NULL, "direct");

    /* DEFAULT_PROXY stores a direct setting too (as natively, tests/conformance/proxy.c). */
    ok(set_default(WINHTTP_ACCESS_TYPE_NAMED_PROXY, W("p:1"), NULL), "set p:1");
    ok(set_default(WINHTTP_ACCESS_TYPE_DEFAULT_PROXY, NULL, NULL), "set DEFAULT_PROXY");
    check_stored(&direct, "DEFAULT_PROXY");

    /* Refused settings leave the stored value alone. */
    static const WCHAR wide[] = { 0x226f, 0x575b, 0 };
    ok(set_default(WINHTTP_ACCESS_TYPE_NAMED_PROXY, W("keep.example:1"), W("<local>")), "set keep");
    struct blob keep = make_blob(0x18, 0, 2, "keep.example:1", "<local>", NULL);
    static const struct { DWORD type; const WCHAR *proxy, *bypass; } bad[] = {
        { WINHTTP_ACCESS_TYPE_NAMED_PROXY, NULL, NULL },
        { WINHTTP_ACCESS_TYPE_NAMED_PROXY, NULL, L"<local>" },
        { WINHTTP_ACCESS_TYPE_NAMED_PROXY, wide, NULL },
        { WINHTTP_ACCESS_TYPE_NAMED_PROXY, L"proxy:80", wide },
        { WINHTTP_ACCESS_TYPE_NAMED_PROXY, L"pr\x00f6xy:80", NULL },
        { 2, L"proxy:80", NULL },
        { WINHTTP_ACCESS_TYPE_AUTOMATIC_PROXY, L"proxy:80", NULL },
        { 0xdeadbeef, NULL, NULL },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ok(!set_default(bad[i].type, bad[i].proxy, bad[i].bypass), "bad %u accepted", (unsigned)i);
        expect_error(ERROR_INVALID_PARAMETER);
    }
    SetLastError(0xdeadbeef);
    ok(!WinHttpSetDefaultProxyConfiguration(NULL), "set NULL accepted");
    expect_error(ERROR_INVALID_PARAMETER);
    check_stored(&keep, "after refused sets");
    SetLastError(0xdeadbeef);
    ok(!WinHttpGetDefaultProxyConfiguration(NULL), "get NULL accepted");
    expect_error(ERROR_INVALID_PARAMETER);

    /* A long list survives (ASCII, 20000 characters). */
    {
        enum { N = 20000 };
        WCHAR *big = malloc((N + 1) * sizeof(WCHAR));
        for (int i = 0; i < N; i++) big[i] = (WCHAR)(i % 7 == 6 ? ';' : 'a' + i % 7);
        big[N] = 0;
        ok(set_default(WINHTTP_ACCESS_TYPE_NAMED_PROXY, big, W("*.x")), "set long");
        check_default(WINHTTP_ACCESS_TYPE_NAMED_PROXY, big, W("*.x"), "long");
        free(big);
    }
}

static void test_default_values(void)
{
    struct blob x;
    /* Values as other writers leave them: the second DWORD is not checked, PROXY_TYPE_DIRECT
     * beside PROXY_TYPE_PROXY still names the proxy, newer Windows' magic 0x28 reads the same. */
    x = make_blob(0x18, 1, 3, "hand.example:1", "", NULL);
    set_winhttp_settings(&x);
    check_default(WINHTTP_ACCESS_TYPE_NAMED_PROXY, W("hand.example:1"), NULL, "flags 3, unknown 1");
    x = make_blob(0x28, 0, 3, "new.example:2", "*.corp", NULL);
    set_winhttp_settings(&x);
    check_default(WINHTTP_ACCESS_TYPE_NAMED_PROXY, W("new.example:2"), W("*.corp"), "magic 0x28");
    /* A proxy type with an empty list is direct, and still a setting (no fallback). */
    x = make_blob(0x18, 0, 2, "", "", NULL);
    set_winhttp_settings(&x);
    check_default(WINHTTP_ACCESS_TYPE_NO_PROXY, NULL, NULL, "empty proxy list");

    /* What the registry does not hold: the engine's Linux sources (here the environment). */
    clear_registry();
    check_default(ENV_TYPE, ENV_PROXY, NULL, "no value");
    x = make_blob(0x19, 0, 2, "bad.example:1", "", NULL);
    set_winhttp_settings(&x);
    check_default(ENV_TYPE, ENV_PROXY, NULL, "bad magic");
    x = make_blob(0x18, 0, 2, "cut.example:1", "", NULL);
    x.n -= 6;   /* the proxy string runs past the end */
    set_winhttp_settings(&x);
    check_default(ENV_TYPE, ENV_PROXY, NULL, "truncated");
    set_value(HKEY_LOCAL_MACHINE, k_connections, L"WinHttpSettings", REG_SZ, L"sz.example:1", 26);
    check_default(ENV_TYPE, ENV_PROXY, NULL, "REG_SZ");
    clear_registry();
}

/* ---- WinHttpGetIEProxyConfigForCurrentUser */

static void test_ie_config(void)
{
    struct blob x;
    clear_registry();
    /* Nothing in the registry: the engine's answer (the environment, no auto-detection). */
    check_ie(FALSE, NULL, ENV_PROXY, NULL, "empty registry");

    /* The WinINet blob: version 0x46, a counter, the flags (PROXY_TYPE_DIRECT 1, PROXY 2,
     * AUTO_PROXY_URL 4, AUTO_DETECT 8), then proxy, bypass and autoconfig URL; each string is
     * reported only when its flag is set (Wine's winhttp reads it so). */
    x = make_blob(0x46, 5, 1 | 2 | 8, "ie.example:8080", "<local>", "http://pac.example/x.pac");
    set_ie_blob(&x);
    check_ie(TRUE, NULL, W("ie.example:8080"), W("<local>"), "blob proxy + autodetect");
    x = make_blob(0x46, 6, 1 | 4, "ie.example:8080", "<local>", "http://pac.example/x.pac");
    set_ie_blob(&x);
    check_ie(FALSE, W("http://pac.example/x.pac"), NULL, NULL, "blob autoconfig URL");
    x = make_blob(0x3C, 1, 2, "old.example:1", "", "");
    set_ie_blob(&x);
    check_ie(FALSE, NULL, W("old.example:1"), NULL, "blob version 0x3C");
    /* A direct blob is a setting: no environment fallback. */
    x = make_blob(0x46, 7, 1, "", "", "");
    set_ie_blob(&x);
    check_ie(FALSE, NULL, NULL, NULL, "blob direct");

    /* The blob wins over the plain values when both are there. */
    set_enable(1);
    set_sz(L"ProxyServer", L"plain.example:3128");
    set_sz(L"ProxyOverride", L"*.local;<local>");
    set_sz(L"AutoConfigURL", L"http://pac.example/plain.pac");
    check_ie(FALSE, NULL, NULL, NULL, "blob over plain values");

    /* Without a valid blob: the plain values (no auto-detection flag among them). */
    x = make_blob(0x47, 1, 2, "badmagic.example:1", "", "");
    set_ie_blob(&x);
    check_ie(FALSE, W("http://pac.example/plain.pac"), W("plain.example:3128"), W("*.local;<local>"),
             "plain values (blob with a bad version)");
    x = make_blob(0x46, 1, 2, "cut.example:1", "", "");
    x.n -= 10;
    set_ie_blob(&x);
    check_ie(FALSE, W("http://pac.example/plain.pac"), W("plain.example:3128"), W("*.local;<local>"),
             "plain values (truncated blob)");
    delete_value(HKEY_CURRENT_USER, k_connections, L"DefaultConnectionSettings");
    check_ie(FALSE, W("http://pac.example/plain.pac"), W("plain.example:3128"), W("*.local;<local>"),
             "plain values");
    /* ProxyEnable 0: the server and override lists are not in force. */
    set_enable(0);
    check_ie(FALSE, W("http://pac.example/plain.pac"), NULL, NULL, "ProxyEnable 0");
    /* ... and without an AutoConfigURL the registry holds nothing: the environment. */
    delete_value(HKEY_CURRENT_USER, k_settings, L"AutoConfigURL");
    check_ie(FALSE, NULL, ENV_PROXY, NULL, "ProxyEnable 0, no URL");
    set_enable(1);
    delete_value(HKEY_CURRENT_USER, k_settings, L"ProxyOverride");
    check_ie(FALSE, NULL, W("plain.example:3128"), NULL, "ProxyServer only");
    clear_registry();

    SetLastError(0xdeadbeef);
    ok(!WinHttpGetIEProxyConfigForCurrentUser(NULL), "NULL accepted");
    expect_error(ERROR_INVALID_PARAMETER);
}

/* ---- sessions */

static void check_option_proxy(HINTERNET h, DWORD type, const WCHAR *proxy, const WCHAR *bypass, const char *what)
{
    WINHTTP_PROXY_INFO info;
    DWORD len = sizeof info;
    memset(&info, 0xcc, sizeof info);
    SetLastError(0xdeadbeef);
    BOOL ret = WinHttpQueryOption(h, WINHTTP_OPTION_PROXY, &info, &len);
    ok(ret, "%s: query failed: %lu", what, (unsigned long)GetLastError());
    if (!ret) return;
    ok(info.dwAccessType == type, "%s: access type %lu", what, (unsigned long)info.dwAccessType);
    ok(!u16cmp(info.lpszProxy, proxy), "%s: proxy %s", what, u16a(info.lpszProxy));
    ok(!u16cmp(info.lpszProxyBypass, bypass), "%s: bypass %s", what, u16a(info.lpszProxyBypass));
    free_info(&info);
}

/* GET http://127.0.0.1:PORT/echo on `session`: 1 when it went through the test server as a
 * proxy (absolute-form request line), 0 when straight to it, -1 on failure (*error set). */
static int fetch(HINTERNET session, HINTERNET *request_out, DWORD *error)
{
    static char body[8192];
    char want[128];
    int result = -1;
    *error = 0;
    HINTERNET c = WinHttpConnect(session, target, (INTERNET_PORT)port, 0);
    HINTERNET r = c ? WinHttpOpenRequest(c, W("GET"), W("/echo"), NULL, WINHTTP_NO_REFERER,
                                         WINHTTP_DEFAULT_ACCEPT_TYPES, 0) : NULL;
    if (r && request_out && *request_out == (HINTERNET)1) {
        /* The caller's WINHTTP_OPTION_PROXY {DEFAULT_PROXY} on the request, before sending. */
        WINHTTP_PROXY_INFO info = { WINHTTP_ACCESS_TYPE_DEFAULT_PROXY, NULL, NULL };
        SetLastError(0xdeadbeef);
        ok(WinHttpSetOption(r, WINHTTP_OPTION_PROXY, &info, sizeof info), "request DEFAULT_PROXY: %lu",
           (unsigned long)GetLastError());
        expect_error(ERROR_SUCCESS);
        check_option_proxy(r, WINHTTP_ACCESS_TYPE_NAMED_PROXY, proxy_here, NULL, "request DEFAULT_PROXY");
    }
    if (r && WinHttpSendRequest(r, WINHTTP_NO_ADDITIONAL_HEADERS, 0, WINHTTP_NO_REQUEST_DATA, 0, 0, 0) &&
        WinHttpReceiveResponse(r, NULL) && test_read_body(r, body, sizeof body) > 0) {
        snprintf(want, sizeof want, "GET http://%s:%d/echo HTTP/1.1\r\n", u16a(target), port);
        if (!strncmp(body, want, strlen(want))) result = 1;
        else if (!strncmp(body, "GET /echo HTTP/1.1\r\n", 20)) result = 0;
        else printf("unexpected request line: %s\n", test_show(body, port));
    } else {
        *error = GetLastError();
    }
    if (r) WinHttpCloseHandle(r);
    if (c) WinHttpCloseHandle(c);
    return result;
}

/* Fetches and checks the route: `want` as fetch() returns it (-1: failing with `want_error`). */
static void check_route(HINTERNET session, HINTERNET *mark, int want, DWORD want_error, const char *what)
{
    DWORD e = 0;
    int got = fetch(session, mark, &e);
    ok(got == want && (want != -1 || e == want_error), "%s: route %d (error %lu)", what, got, (unsigned long)e);
}

static void test_sessions(void)
{
    HINTERNET s, mark;
    clear_registry();

    /* DEFAULT_PROXY: the registry's named configuration, queried and used. */
    ok(set_default(WINHTTP_ACCESS_TYPE_NAMED_PROXY, proxy_here, W("nothing.example")), "set");
    s = WinHttpOpen(W("proxy-registry"), WINHTTP_ACCESS_TYPE_DEFAULT_PROXY, NULL, NULL, 0);
    ok(s != NULL, "open DEFAULT_PROXY: %lu", (unsigned long)GetLastError());
    check_option_proxy(s, WINHTTP_ACCESS_TYPE_NAMED_PROXY, proxy_here, W("nothing.example"), "DEFAULT_PROXY session");
    check_route(s, NULL, 1, 0, "DEFAULT_PROXY session did not go through the registry's proxy");
    WinHttpCloseHandle(s);
    /* WINHTTP_OPTION_PROXY on no handle: the process-wide default, the registry's too. */
    check_option_proxy(NULL, WINHTTP_ACCESS_TYPE_NAMED_PROXY, proxy_here, W("nothing.example"), "default (no handle)");

    /* The bypass list applies: the target host is bypassed, so the request goes direct. */
    ok(set_default(WINHTTP_ACCESS_TYPE_NAMED_PROXY, proxy_here, W("127.0.0.*")), "set with bypass");
    s = WinHttpOpen(W("proxy-registry"), WINHTTP_ACCESS_TYPE_DEFAULT_PROXY, NULL, NULL, 0);
    check_route(s, NULL, 0, 0, "bypassed host did not go direct");
    WinHttpCloseHandle(s);

    /* A direct registry setting: NO_PROXY, whatever the environment says. */
    ok(set_default(WINHTTP_ACCESS_TYPE_NO_PROXY, NULL, NULL), "set direct");
    s = WinHttpOpen(W("proxy-registry"), WINHTTP_ACCESS_TYPE_DEFAULT_PROXY, NULL, NULL, 0);
    check_option_proxy(s, WINHTTP_ACCESS_TYPE_NO_PROXY, NULL, NULL, "direct registry setting");
    check_route(s, NULL, 0, 0, "direct registry setting did not go direct");
    WinHttpCloseHandle(s);

    /* WINHTTP_OPTION_PROXY {DEFAULT_PROXY} reads the registry when set, on a session... */
    s = WinHttpOpen(W("proxy-registry"), WINHTTP_ACCESS_TYPE_NO_PROXY, NULL, NULL, 0);
    ok(set_default(WINHTTP_ACCESS_TYPE_NAMED_PROXY, proxy_here, NULL), "set named again");
    {
        WINHTTP_PROXY_INFO info = { WINHTTP_ACCESS_TYPE_DEFAULT_PROXY, W("ignored:1"), W("ignored") };
        SetLastError(0xdeadbeef);
        ok(WinHttpSetOption(s, WINHTTP_OPTION_PROXY, &info, sizeof info), "session DEFAULT_PROXY: %lu",
           (unsigned long)GetLastError());
        expect_error(ERROR_SUCCESS);
        ok(info.dwAccessType == WINHTTP_ACCESS_TYPE_DEFAULT_PROXY && !u16cmp(info.lpszProxy, W("ignored:1")),
           "the caller's structure changed");
        check_option_proxy(s, WINHTTP_ACCESS_TYPE_NAMED_PROXY, proxy_here, NULL, "session DEFAULT_PROXY option");
        check_route(s, NULL, 1, 0, "session DEFAULT_PROXY option: not through the proxy");
        /* ... with the usual argument checks first. */
        SetLastError(0xdeadbeef);
        ok(!WinHttpSetOption(s, WINHTTP_OPTION_PROXY, &info, sizeof info - 1), "short buffer accepted");
        expect_error(ERROR_INSUFFICIENT_BUFFER);
        SetLastError(0xdeadbeef);
        ok(!WinHttpSetOption(s, WINHTTP_OPTION_PROXY, NULL, sizeof info), "NULL buffer accepted");
        expect_error(ERROR_INVALID_PARAMETER);
        SetLastError(0xdeadbeef);
        ok(!WinHttpSetOption((HINTERNET)(ULONG_PTR)0xdeadbee0, WINHTTP_OPTION_PROXY, &info, sizeof info),
           "bad handle accepted");
        expect_error(ERROR_INVALID_HANDLE);
    }
    WinHttpCloseHandle(s);
    /* ... and on a request of a direct session. */
    s = WinHttpOpen(W("proxy-registry"), WINHTTP_ACCESS_TYPE_NO_PROXY, NULL, NULL, 0);
    mark = (HINTERNET)1;
    check_route(s, &mark, 1, 0, "request DEFAULT_PROXY option: not through the proxy");
    WinHttpCloseHandle(s);

    /* Nothing in the registry: the Linux sources, as natively. */
    clear_registry();
    s = WinHttpOpen(W("proxy-registry"), WINHTTP_ACCESS_TYPE_DEFAULT_PROXY, NULL, NULL, 0);
    check_option_proxy(s, ENV_TYPE, ENV_PROXY, NULL, "empty registry");
    if (env_mode) {
        check_route(s, NULL, -1, ERROR_WINHTTP_CANNOT_CONNECT, "empty registry: not through the environment's proxy");
    } else {
        check_route(s, NULL, 0, 0, "empty registry: not direct");
    }
    WinHttpCloseHandle(s);
}

static void test_automatic(void)
{
    HINTERNET s;
    struct blob x;
    char proxy8[64];
    snprintf(proxy8, sizeof proxy8, "127.0.0.1:%d", port);
    clear_registry();

    /* The user's (IE) proxy from the blob. */
    x = make_blob(0x46, 1, 1 | 2, proxy8, "", "");
    set_ie_blob(&x);
    s = WinHttpOpen(W("proxy-registry"), WINHTTP_ACCESS_TYPE_AUTOMATIC_PROXY, NULL, NULL, 0);
    ok(s != NULL, "open AUTOMATIC_PROXY: %lu", (unsigned long)GetLastError());
    check_route(s, NULL, 1, 0, "AUTOMATIC_PROXY: not through the IE proxy");
    WinHttpCloseHandle(s);

    /* ... from the plain values. */
    clear_registry();
    set_enable(1);
    set_sz(L"ProxyServer", proxy_here);
    s = WinHttpOpen(W("proxy-registry"), WINHTTP_ACCESS_TYPE_AUTOMATIC_PROXY, NULL, NULL, 0);
    check_route(s, NULL, 1, 0, "AUTOMATIC_PROXY: not through ProxyServer");
    WinHttpCloseHandle(s);

    /* No user proxy: the environment's, else the default configuration (the registry's). */
    clear_registry();
    x = make_blob(0x46, 1, 1 | 8, "", "", "");   /* direct + auto-detect: names no proxy */
    set_ie_blob(&x);
    ok(set_default(WINHTTP_ACCESS_TYPE_NAMED_PROXY, proxy_here, NULL), "set default");
    s = WinHttpOpen(W("proxy-registry"), WINHTTP_ACCESS_TYPE_AUTOMATIC_PROXY, NULL, NULL, 0);
    if (env_mode) {
        check_route(s, NULL, -1, ERROR_WINHTTP_CANNOT_CONNECT, "AUTOMATIC_PROXY: not through the environment's proxy");
    } else {
        check_route(s, NULL, 1, 0, "AUTOMATIC_PROXY: not through the default proxy");
    }
    WinHttpCloseHandle(s);
    clear_registry();
}

int main(int argc, char **argv)
{
    port = test_server_env_port();
    env_mode = argc > 1 && !strcmp(argv[1], "env");
    ok(port != 0, "WINHTTP_TEST_SERVER_PORT not set");
    if (!port) return test_summary();
    char text[64];
    snprintf(text, sizeof text, "127.0.0.1:%d", port);
    widen(text, proxy_here);
    widen("127.0.0.1", target);
    printf("mode: %s\n", env_mode ? "env (http_proxy=http://127.0.0.1:1)" : "noenv");

    test_default_round_trip();
    test_default_values();
    test_ie_config();
    test_sessions();
    test_automatic();
    clear_registry();
    return test_summary();
}
