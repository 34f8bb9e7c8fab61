/* Conformance: WinHttpGetIEProxyConfigForCurrentUser, WinHttpGetDefaultProxyConfiguration,
 * WinHttpSetDefaultProxyConfiguration.
 * Natively the default configuration lives in the file named by WINHTTP_PROXY_CONFIG (pointed
 * at a temporary file here) and falls back to the proxy environment variables. Built for
 * Windows, the tests that change the machine's setting run only when WINHTTP_PROXY_CONFIG is
 * set (the runner's sign that the configuration is private to the test). */
#include "test.h"

#ifdef _WIN32
static void free_str(WCHAR *p) { if (p) GlobalFree(p); }
#else
static void free_str(WCHAR *p) { free(p); }   /* native: malloc'd (README, "Proxy configuration") */
#endif

#define W(s) ((LPWSTR)(s))

static BOOL get_default(WINHTTP_PROXY_INFO *info)
{
    memset(info, 0xcc, sizeof *info);
    SetLastError(0xdeadbeef);
    return WinHttpGetDefaultProxyConfiguration(info);
}

static BOOL get_ie(WINHTTP_CURRENT_USER_IE_PROXY_CONFIG *cfg)
{
    memset(cfg, 0xcc, sizeof *cfg);
    SetLastError(0xdeadbeef);
    return WinHttpGetIEProxyConfigForCurrentUser(cfg);
}

static void free_info(WINHTTP_PROXY_INFO *info)
{
    free_str(info->lpszProxy);
    free_str(info->lpszProxyBypass);
}

static void free_ie(WINHTTP_CURRENT_USER_IE_PROXY_CONFIG *cfg)
{
    free_str(cfg->lpszAutoConfigUrl);
    free_str(cfg->lpszProxy);
    free_str(cfg->lpszProxyBypass);
}

/* Sets a configuration and expects success. */
static void set_ok(DWORD type, const WCHAR *proxy, const WCHAR *bypass, int line)
{
    WINHTTP_PROXY_INFO info;
    info.dwAccessType = type;
    info.lpszProxy = W(proxy);
    info.lpszProxyBypass = W(bypass);
    SetLastError(0xdeadbeef);
    BOOL ret = WinHttpSetDefaultProxyConfiguration(&info);
    ok(ret, "line %d: set failed, error %lu", line, (unsigned long)GetLastError());
    expect_error(ERROR_SUCCESS);
    /* The caller's structure is input only. */
    ok(info.dwAccessType == type && info.lpszProxy == W(proxy) && info.lpszProxyBypass == W(bypass),
       "line %d: structure changed", line);
}

/* Sets an invalid configuration and expects ERROR_INVALID_PARAMETER (Wine's winhttp tests). */
static void set_invalid(DWORD type, const WCHAR *proxy, const WCHAR *bypass, int may_be_denied, int line)
{
    WINHTTP_PROXY_INFO info;
    info.dwAccessType = type;
    info.lpszProxy = W(proxy);
    info.lpszProxyBypass = W(bypass);
    SetLastError(0xdeadbeef);
    BOOL ret = WinHttpSetDefaultProxyConfiguration(&info);
    DWORD err = GetLastError();
    ok(!ret, "line %d: invalid configuration accepted", line);
    /* A non-administrator on Windows may be refused before the strings are looked at. */
    ok(err == ERROR_INVALID_PARAMETER || (may_be_denied && err == ERROR_ACCESS_DENIED),
       "line %d: expected ERROR_INVALID_PARAMETER, got %lu", line, (unsigned long)err);
}

static void test_null_arguments(void)
{
    SetLastError(0xdeadbeef);
    ok(!WinHttpGetIEProxyConfigForCurrentUser(NULL), "GetIEProxyConfigForCurrentUser(NULL) succeeded");
    expect_error(ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    ok(!WinHttpGetDefaultProxyConfiguration(NULL), "GetDefaultProxyConfiguration(NULL) succeeded");
    expect_error(ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    ok(!WinHttpSetDefaultProxyConfiguration(NULL), "SetDefaultProxyConfiguration(NULL) succeeded");
    expect_error(ERROR_INVALID_PARAMETER);
}

static void test_set_invalid(void)
{
    static const WCHAR wide[] = { 0x226f, 0x575b, 0 };
    set_invalid(0xdeadbeef, NULL, NULL, 0, __LINE__);
    set_invalid(2, u"proxy:80", NULL, 0, __LINE__);   /* the unused value between NO and NAMED */
    set_invalid(5, u"proxy:80", NULL, 0, __LINE__);
#ifdef WINHTTP_ACCESS_TYPE_AUTOMATIC_PROXY
    set_invalid(WINHTTP_ACCESS_TYPE_AUTOMATIC_PROXY, u"proxy:80", NULL, 0, __LINE__);
#endif
    /* A named proxy needs a proxy list. */
    set_invalid(WINHTTP_ACCESS_TYPE_NAMED_PROXY, NULL, NULL, 0, __LINE__);
    set_invalid(WINHTTP_ACCESS_TYPE_NAMED_PROXY, NULL, u"<local>", 0, __LINE__);
    /* The setting is ASCII: wider characters are refused. */
    set_invalid(WINHTTP_ACCESS_TYPE_NAMED_PROXY, wide, NULL, 1, __LINE__);
    set_invalid(WINHTTP_ACCESS_TYPE_NAMED_PROXY, u"proxy:80", wide, 1, __LINE__);
    set_invalid(WINHTTP_ACCESS_TYPE_NAMED_PROXY, u"pr\u00f6xy:80", NULL, 1, __LINE__);
}

static void test_round_trip(void)
{
    WINHTTP_PROXY_INFO info;
    BOOL ret;

    set_ok(WINHTTP_ACCESS_TYPE_NAMED_PROXY, u"http=a.example:3128;https=b.example:3129",
           u"<local>;*.example.com", __LINE__);
    ret = get_default(&info);
    ok(ret, "get failed");
    expect_error(ERROR_SUCCESS);
    ok(info.dwAccessType == WINHTTP_ACCESS_TYPE_NAMED_PROXY, "access type %lu", (unsigned long)info.dwAccessType);
    ok(!u16cmp(info.lpszProxy, u"http=a.example:3128;https=b.example:3129"), "proxy %s", u16a(info.lpszProxy));
    ok(!u16cmp(info.lpszProxyBypass, u"<local>;*.example.com"), "bypass %s", u16a(info.lpszProxyBypass));
    free_info(&info);

    /* Calling again gives fresh copies of the same setting. */
    ret = get_default(&info);
    ok(ret && info.lpszProxy && !u16cmp(info.lpszProxy, u"http=a.example:3128;https=b.example:3129"),
       "second get: %s", u16a(info.lpszProxy));
    free_info(&info);

    /* A single proxy server, no bypass list: no bypass string comes back. */
    set_ok(WINHTTP_ACCESS_TYPE_NAMED_PROXY, u"proxy_server", NULL, __LINE__);
    ret = get_default(&info);
    ok(ret, "get failed");
    ok(info.dwAccessType == WINHTTP_ACCESS_TYPE_NAMED_PROXY, "access type %lu", (unsigned long)info.dwAccessType);
    ok(!u16cmp(info.lpszProxy, u"proxy_server"), "proxy %s", u16a(info.lpszProxy));
    ok(info.lpszProxyBypass == NULL, "bypass %s", u16a(info.lpszProxyBypass));
    free_info(&info);

    /* Direct access: the strings are neither stored nor returned. */
    set_ok(WINHTTP_ACCESS_TYPE_NO_PROXY, u"ignored:1", u"ignored", __LINE__);
    ret = get_default(&info);
    ok(ret, "get failed");
    expect_error(ERROR_SUCCESS);
    ok(info.dwAccessType == WINHTTP_ACCESS_TYPE_NO_PROXY, "access type %lu", (unsigned long)info.dwAccessType);
    ok(info.lpszProxy == NULL, "proxy %s", u16a(info.lpszProxy));
    ok(info.lpszProxyBypass == NULL, "bypass %s", u16a(info.lpszProxyBypass));

    /* DEFAULT_PROXY is what the reference page asks for when no proxy is given: it reads
     * back as NO_PROXY (the getter only ever reports NAMED_PROXY or NO_PROXY). */
    set_ok(WINHTTP_ACCESS_TYPE_NAMED_PROXY, u"p:1", NULL, __LINE__);
    set_ok(WINHTTP_ACCESS_TYPE_DEFAULT_PROXY, NULL, NULL, __LINE__);
    ret = get_default(&info);
    ok(ret && info.dwAccessType == WINHTTP_ACCESS_TYPE_NO_PROXY && !info.lpszProxy && !info.lpszProxyBypass,
       "after DEFAULT_PROXY: type %lu proxy %s", (unsigned long)info.dwAccessType, u16a(info.lpszProxy));

    /* A long proxy list survives the trip. */
    {
        enum { N = 20000 };
        WCHAR *big = malloc((N + 1) * sizeof(WCHAR));
        for (int i = 0; i < N; i++) big[i] = (WCHAR)(i % 7 == 6 ? ';' : 'a' + i % 7);
        big[N] = 0;
        set_ok(WINHTTP_ACCESS_TYPE_NAMED_PROXY, big, u"*.x", __LINE__);
        ret = get_default(&info);
        ok(ret && info.lpszProxy && u16len(info.lpszProxy) == N && !u16cmp(info.lpszProxy, big),
           "long proxy list: length %lu", (unsigned long)u16len(info.lpszProxy));
        ok(!u16cmp(info.lpszProxyBypass, u"*.x"), "bypass %s", u16a(info.lpszProxyBypass));
        free_info(&info);
        free(big);
    }

    /* Leave a direct setting behind. */
    set_ok(WINHTTP_ACCESS_TYPE_NO_PROXY, NULL, NULL, __LINE__);
}

static void test_ie_config_any(void)
{
    WINHTTP_CURRENT_USER_IE_PROXY_CONFIG cfg;
    BOOL ret = get_ie(&cfg);
    ok(ret, "GetIEProxyConfigForCurrentUser failed: %lu", (unsigned long)GetLastError());
    expect_error(ERROR_SUCCESS);
    ok(cfg.fAutoDetect == TRUE || cfg.fAutoDetect == FALSE, "fAutoDetect %d", (int)cfg.fAutoDetect);
    free_ie(&cfg);
}

#ifndef _WIN32
static const char *env_names[] = {
    "http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "no_proxy", "NO_PROXY",
    "REQUEST_METHOD", "WINHTTP_AUTOCONFIG_URL", "auto_proxy",
};

static void clear_proxy_env(void)
{
    for (size_t i = 0; i < sizeof env_names / sizeof env_names[0]; i++) test_setenv(env_names[i], NULL);
}

/* The Linux sources of the settings: the proxy environment variables. */
static void test_environment(const char *path)
{
    WINHTTP_CURRENT_USER_IE_PROXY_CONFIG cfg;
    WINHTTP_PROXY_INFO info;
    BOOL ret;

    clear_proxy_env();
    remove(path);

    /* Nothing configured anywhere: direct, NULL strings. */
    ret = get_default(&info);
    ok(ret, "get failed");
    expect_error(ERROR_SUCCESS);
    ok(info.dwAccessType == WINHTTP_ACCESS_TYPE_NO_PROXY, "access type %lu", (unsigned long)info.dwAccessType);
    ok(info.lpszProxy == NULL && info.lpszProxyBypass == NULL, "strings %s %s", u16a(info.lpszProxy),
       u16a(info.lpszProxyBypass));
    ret = get_ie(&cfg);
    ok(ret, "ie failed");
    expect_error(ERROR_SUCCESS);
    ok(cfg.fAutoDetect == FALSE, "fAutoDetect %d", (int)cfg.fAutoDetect);
    ok(cfg.lpszAutoConfigUrl == NULL && cfg.lpszProxy == NULL && cfg.lpszProxyBypass == NULL,
       "ie strings %s %s %s", u16a(cfg.lpszAutoConfigUrl), u16a(cfg.lpszProxy), u16a(cfg.lpszProxyBypass));

    /* The same proxy for both schemes: one server; no_proxy becomes a ';' bypass list. */
    test_setenv("http_proxy", "http://user:pw@proxy.example:3128/");
    test_setenv("https_proxy", "proxy.example:3128");
    test_setenv("no_proxy", "localhost,.corp,127.0.0.1");
    ret = get_default(&info);
    ok(ret && info.dwAccessType == WINHTTP_ACCESS_TYPE_NAMED_PROXY, "env: type %lu", (unsigned long)info.dwAccessType);
    ok(!u16cmp(info.lpszProxy, u"proxy.example:3128"), "env proxy %s", u16a(info.lpszProxy));
    ok(!u16cmp(info.lpszProxyBypass, u"localhost;*.localhost;*.corp;127.0.0.1"), "env bypass %s",
       u16a(info.lpszProxyBypass));
    free_info(&info);
    ret = get_ie(&cfg);
    ok(ret && cfg.fAutoDetect == FALSE, "ie: %d %d", (int)ret, (int)cfg.fAutoDetect);
    ok(!u16cmp(cfg.lpszProxy, u"proxy.example:3128"), "ie proxy %s", u16a(cfg.lpszProxy));
    ok(!u16cmp(cfg.lpszProxyBypass, u"localhost;*.localhost;*.corp;127.0.0.1"), "ie bypass %s",
       u16a(cfg.lpszProxyBypass));
    ok(cfg.lpszAutoConfigUrl == NULL, "ie pac %s", u16a(cfg.lpszAutoConfigUrl));
    free_ie(&cfg);

    /* Different proxies: a per-scheme list. */
    test_setenv("https_proxy", "secure.example:3129");
    test_setenv("no_proxy", NULL);
    ret = get_default(&info);
    ok(ret && !u16cmp(info.lpszProxy, u"http=proxy.example:3128;https=secure.example:3129"), "env proxy %s",
       u16a(info.lpszProxy));
    ok(info.lpszProxyBypass == NULL, "env bypass %s", u16a(info.lpszProxyBypass));
    free_info(&info);

    /* One scheme only; the upper-case names count when the lower-case ones are unset. */
    clear_proxy_env();
    test_setenv("HTTPS_PROXY", "secure.example:3129");
    test_setenv("NO_PROXY", "*");
    ret = get_default(&info);
    ok(ret && !u16cmp(info.lpszProxy, u"https=secure.example:3129"), "env proxy %s", u16a(info.lpszProxy));
    ok(!u16cmp(info.lpszProxyBypass, u"*"), "env bypass %s", u16a(info.lpszProxyBypass));
    free_info(&info);

    /* Proxies WinHTTP cannot use (SOCKS) are no proxy at all. */
    clear_proxy_env();
    test_setenv("http_proxy", "socks5://s.example:1080");
    ret = get_default(&info);
    ok(ret && info.dwAccessType == WINHTTP_ACCESS_TYPE_NO_PROXY && info.lpszProxy == NULL, "socks: %s",
       u16a(info.lpszProxy));

    /* The auto-configuration URL of the IE settings. */
    clear_proxy_env();
    test_setenv("auto_proxy", "http://wpad.example/wpad.dat");
    ret = get_ie(&cfg);
    ok(ret && !u16cmp(cfg.lpszAutoConfigUrl, u"http://wpad.example/wpad.dat"), "pac %s",
       u16a(cfg.lpszAutoConfigUrl));
    ok(cfg.lpszProxy == NULL && cfg.lpszProxyBypass == NULL, "pac only: %s", u16a(cfg.lpszProxy));
    free_ie(&cfg);
    test_setenv("WINHTTP_AUTOCONFIG_URL", "http://pac.example/proxy.pac");
    ret = get_ie(&cfg);
    ok(ret && !u16cmp(cfg.lpszAutoConfigUrl, u"http://pac.example/proxy.pac"), "pac %s",
       u16a(cfg.lpszAutoConfigUrl));
    free_ie(&cfg);

    /* A stored setting, even a direct one, takes precedence over the environment; the IE
     * settings stay those of the environment. */
    clear_proxy_env();
    test_setenv("http_proxy", "env.example:8080");
    set_ok(WINHTTP_ACCESS_TYPE_NO_PROXY, NULL, NULL, __LINE__);
    ret = get_default(&info);
    ok(ret && info.dwAccessType == WINHTTP_ACCESS_TYPE_NO_PROXY && info.lpszProxy == NULL,
       "file over env: type %lu", (unsigned long)info.dwAccessType);
    ret = get_ie(&cfg);
    ok(ret && !u16cmp(cfg.lpszProxy, u"http=env.example:8080"), "ie proxy %s", u16a(cfg.lpszProxy));
    free_ie(&cfg);
    set_ok(WINHTTP_ACCESS_TYPE_NAMED_PROXY, u"file.example:1", NULL, __LINE__);
    ret = get_default(&info);
    ok(ret && !u16cmp(info.lpszProxy, u"file.example:1"), "file proxy %s", u16a(info.lpszProxy));
    free_info(&info);

    clear_proxy_env();
    remove(path);
}
#endif

int main(void)
{
    const char *preset = getenv("WINHTTP_PROXY_CONFIG");
    int private_config = preset != NULL && preset[0] != 0;
#ifndef _WIN32
    /* A private configuration file; never the user's. */
    static char path[256];
    int local;
    snprintf(path, sizeof path, "/tmp/winhttp-proxy-test-%lx-%lx.conf", (unsigned long)time(NULL),
             (unsigned long)(size_t)&local ^ (unsigned long)clock());
    test_setenv("WINHTTP_PROXY_CONFIG", path);
    private_config = 1;
    clear_proxy_env();
#endif

    test_null_arguments();
    test_set_invalid();
    test_ie_config_any();
    if (private_config) {
        test_round_trip();
#ifndef _WIN32
        test_environment(path);
        remove(path);
#endif
    } else {
        printf("skipping tests that change the default proxy configuration (WINHTTP_PROXY_CONFIG unset)\n");
    }
    return test_summary();
}
