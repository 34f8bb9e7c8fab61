/* Conformance: WinHttpCrackUrl and WinHttpCreateUrl.
 * Expected values follow the reference pages (api/nf-winhttp-winhttpcrackurl.md,
 * api/nf-winhttp-winhttpcreateurl.md, api/ns-winhttp-url_components.md) and, where those are
 * silent, what Windows is known to return (Wine's winhttp url tests pin it). */
#if !defined(_WIN32) && !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 200809L   /* test.h's compat helpers use clock_gettime/nanosleep */
#endif
#include "test.h"

#define W(s) ((WCHAR *)(s))

#ifndef ICU_ESCAPE_AUTHORITY
#define ICU_ESCAPE_AUTHORITY 0x00002000
#endif

static WCHAR http[] = {'h','t','t','p',0};
static WCHAR https[] = {'h','t','t','p','s',0};
static WCHAR ftp[] = {'f','t','p',0};
static WCHAR winehq[] = {'w','w','w','.','w','i','n','e','h','q','.','o','r','g',0};
static WCHAR username[] = {'u','s','e','r','n','a','m','e',0};
static WCHAR password[] = {'p','a','s','s','w','o','r','d',0};
static WCHAR about[] = {'/','s','i','t','e','/','a','b','o','u','t',0};
static WCHAR query[] = {'?','q','u','e','r','y',0};
static WCHAR empty[] = {0};
static WCHAR escape[] = {' ','!','"','#','$','%','&','\'','(',')','*','+',',','-','.','/',':',';','<','=','>',
                         '?','@','[','\\',']','^','_','`','{','|','}','~',0};
static WCHAR escape2[] = {'\r',0x1f,' ','\n',0x7f,'\r','\n',0};
static WCHAR escape3[] = {'?','t','e','x','t','=',0xfb00,0};
static WCHAR escape4[] = {'/','t','e','x','t','=',0xfb00,0};

#define URL1 u"http://username:password@www.winehq.org/site/about?query"

static void reset_components(URL_COMPONENTS *uc)
{
    memset(uc, 0, sizeof(*uc));
    uc->dwStructSize = sizeof(*uc);
    uc->dwSchemeLength = ~0u;
    uc->dwHostNameLength = 1;
    uc->dwUserNameLength = ~0u;
    uc->dwPasswordLength = ~0u;
    uc->dwUrlPathLength = ~0u;
    uc->dwExtraInfoLength = ~0u;
}

static void fill_components(URL_COMPONENTS *uc)
{
    memset(uc, 0, sizeof(*uc));
    uc->dwStructSize = sizeof(*uc);
    uc->lpszScheme = http;
    uc->dwSchemeLength = 4;
    uc->nScheme = INTERNET_SCHEME_HTTP;
    uc->lpszHostName = winehq;
    uc->dwHostNameLength = 14;
    uc->nPort = 80;
    uc->lpszUserName = username;
    uc->dwUserNameLength = 8;
    uc->lpszPassword = password;
    uc->dwPasswordLength = 8;
    uc->lpszUrlPath = about;
    uc->dwUrlPathLength = 11;
    uc->lpszExtraInfo = query;
    uc->dwExtraInfoLength = 6;
}

/* Cracks `url` with every component in pointer mode; returns the BOOL. */
static BOOL crack_ptr(const WCHAR *url, DWORD flags, URL_COMPONENTS *uc)
{
    reset_components(uc);
    SetLastError(0xdeadbeef);
    return WinHttpCrackUrl(url, 0, flags, uc);
}

static int span_is(const WCHAR *p, DWORD len, const char *expect)
{
    size_t n = strlen(expect);
    if (len != n || (!p && n)) return 0;
    for (size_t i = 0; i < n; i++)
        if (p[i] != (WCHAR)(unsigned char)expect[i]) return 0;
    return 1;
}

static int str_is(const WCHAR *p, const char *expect)
{
    return p && span_is(p, (DWORD)u16len(p), expect);
}

static void test_crack_params(void)
{
    URL_COMPONENTS uc;
    WCHAR buf[32];
    const WCHAR *url = W(URL1);
    BOOL ret;

    reset_components(&uc);
    SetLastError(0xdeadbeef);
    ret = WinHttpCrackUrl(NULL, 0, 0, &uc);
    ok(!ret, "NULL url succeeded");
    expect_error(ERROR_INVALID_PARAMETER);

    SetLastError(0xdeadbeef);
    ret = WinHttpCrackUrl(url, 0, 0, NULL);
    ok(!ret, "NULL components succeeded");
    expect_error(ERROR_INVALID_PARAMETER);

    reset_components(&uc);
    uc.dwStructSize = 0;
    SetLastError(0xdeadbeef);
    ret = WinHttpCrackUrl(url, 0, 0, &uc);
    ok(!ret, "dwStructSize 0 succeeded");
    expect_error(ERROR_INVALID_PARAMETER);

    reset_components(&uc);
    uc.dwStructSize = sizeof(uc) + 1;
    SetLastError(0xdeadbeef);
    ret = WinHttpCrackUrl(url, 0, 0, &uc);
    ok(!ret, "dwStructSize too large succeeded");
    expect_error(ERROR_INVALID_PARAMETER);

    reset_components(&uc);
    uc.dwStructSize = sizeof(uc) - 1;
    SetLastError(0xdeadbeef);
    ret = WinHttpCrackUrl(url, 0, 0, &uc);
    ok(!ret, "dwStructSize too small succeeded");
    expect_error(ERROR_INVALID_PARAMETER);

    /* a buffer with a zero length */
    reset_components(&uc);
    uc.lpszHostName = buf;
    uc.dwHostNameLength = 0;
    SetLastError(0xdeadbeef);
    ret = WinHttpCrackUrl(url, 0, 0, &uc);
    ok(!ret, "buffer with zero length succeeded");
    expect_error(ERROR_INVALID_PARAMETER);

    /* nothing wanted at all: still cracks, still reports scheme and port */
    memset(&uc, 0, sizeof(uc));
    uc.dwStructSize = sizeof(uc);
    SetLastError(0xdeadbeef);
    ret = WinHttpCrackUrl(url, 0, 0, &uc);
    ok(ret, "no components failed: %lu", (unsigned long)GetLastError());
    expect_error(ERROR_SUCCESS);
    ok(uc.nScheme == INTERNET_SCHEME_HTTP, "nScheme %d", uc.nScheme);
    ok(uc.nPort == 80, "nPort %u", uc.nPort);
    ok(!uc.lpszHostName && !uc.dwHostNameLength, "host touched");
}

static void test_crack_buffers(void)
{
    URL_COMPONENTS uc;
    WCHAR scheme[20], user[20], pass[20], host[40], path[80], extra[40];
    BOOL ret;

    memset(&uc, 0, sizeof(uc));
    uc.dwStructSize = sizeof(uc);
    uc.lpszScheme = scheme; uc.dwSchemeLength = 20;
    uc.lpszUserName = user; uc.dwUserNameLength = 20;
    uc.lpszPassword = pass; uc.dwPasswordLength = 20;
    uc.lpszHostName = host; uc.dwHostNameLength = 40;
    uc.lpszUrlPath = path; uc.dwUrlPathLength = 80;
    uc.lpszExtraInfo = extra; uc.dwExtraInfoLength = 40;
    SetLastError(0xdeadbeef);
    ret = WinHttpCrackUrl(W(URL1), 0, 0, &uc);
    ok(ret, "crack with buffers failed: %lu", (unsigned long)GetLastError());
    expect_error(ERROR_SUCCESS);
    ok(uc.nScheme == INTERNET_SCHEME_HTTP, "nScheme %d", uc.nScheme);
    ok(str_is(scheme, "http") && uc.dwSchemeLength == 4, "scheme %s %lu", u16a(scheme), (unsigned long)uc.dwSchemeLength);
    ok(str_is(user, "username") && uc.dwUserNameLength == 8, "user %s", u16a(user));
    ok(str_is(pass, "password") && uc.dwPasswordLength == 8, "password %s", u16a(pass));
    ok(str_is(host, "www.winehq.org") && uc.dwHostNameLength == 14, "host %s", u16a(host));
    ok(uc.nPort == 80, "nPort %u", uc.nPort);
    ok(str_is(path, "/site/about") && uc.dwUrlPathLength == 11, "path %s", u16a(path));
    ok(str_is(extra, "?query") && uc.dwExtraInfoLength == 6, "extra %s", u16a(extra));
    ok(uc.lpszHostName == host, "buffer pointer changed");

    /* a buffer one character short of the terminator: the needed size includes it */
    memset(&uc, 0, sizeof(uc));
    uc.dwStructSize = sizeof(uc);
    uc.lpszScheme = scheme; uc.dwSchemeLength = 4;
    uc.lpszHostName = host; uc.dwHostNameLength = 40;
    host[0] = 0;
    SetLastError(0xdeadbeef);
    ret = WinHttpCrackUrl(W(URL1), 0, 0, &uc);
    ok(!ret, "short scheme buffer succeeded");
    expect_error(ERROR_INSUFFICIENT_BUFFER);
    ok(uc.dwSchemeLength == 5, "needed scheme length %lu", (unsigned long)uc.dwSchemeLength);
    ok(str_is(host, "www.winehq.org") && uc.dwHostNameLength == 14, "host not copied on overflow: %s", u16a(host));
    ok(uc.nPort == 80 && uc.nScheme == INTERNET_SCHEME_HTTP, "port/scheme not set on overflow");

    /* exactly enough */
    uc.dwSchemeLength = 5;
    uc.dwHostNameLength = 40;
    SetLastError(0xdeadbeef);
    ret = WinHttpCrackUrl(W(URL1), 0, 0, &uc);
    ok(ret, "exact scheme buffer failed");
    ok(str_is(scheme, "http") && uc.dwSchemeLength == 4, "scheme %s", u16a(scheme));

    /* a too small path buffer */
    memset(&uc, 0, sizeof(uc));
    uc.dwStructSize = sizeof(uc);
    uc.lpszUrlPath = path; uc.dwUrlPathLength = 3;
    SetLastError(0xdeadbeef);
    ret = WinHttpCrackUrl(W(URL1), 0, 0, &uc);
    ok(!ret, "short path buffer succeeded");
    expect_error(ERROR_INSUFFICIENT_BUFFER);
    ok(uc.dwUrlPathLength == 18, "needed path length %lu (path includes the query)", (unsigned long)uc.dwUrlPathLength);

    /* absent components copied as empty strings */
    memset(&uc, 0, sizeof(uc));
    uc.dwStructSize = sizeof(uc);
    uc.lpszUserName = user; uc.dwUserNameLength = 20; user[0] = 'x';
    uc.lpszPassword = pass; uc.dwPasswordLength = 20; pass[0] = 'x';
    uc.lpszUrlPath = path; uc.dwUrlPathLength = 80; path[0] = 'x';
    uc.lpszExtraInfo = extra; uc.dwExtraInfoLength = 40; extra[0] = 'x';
    ret = WinHttpCrackUrl(W(u"https://www.winehq.org"), 0, 0, &uc);
    ok(ret, "crack of bare host failed");
    ok(!user[0] && uc.dwUserNameLength == 0, "user not empty");
    ok(!pass[0] && uc.dwPasswordLength == 0, "password not empty");
    ok(!path[0] && uc.dwUrlPathLength == 0, "path not empty");
    ok(!extra[0] && uc.dwExtraInfoLength == 0, "extra not empty");
    ok(uc.nPort == 443 && uc.nScheme == INTERNET_SCHEME_HTTPS, "https defaults: %u %d", uc.nPort, uc.nScheme);
}

static void test_crack_pointers(void)
{
    URL_COMPONENTS uc;
    const WCHAR *k1 = W(u"http://username:password@www.winehq.org/site/about");
    const WCHAR *k2 = W(u"http://www.winehq.org");
    const WCHAR *k3 = W(u"https://www.winehq.org/post?");
    const WCHAR *k4 = W(u"HtTp://www.winehq.org/post?data");
    const WCHAR *k9 = W(u"http://winehq?");
    const WCHAR *k10 = W(u"http://winehq/post;a");
    BOOL ret;

    ret = crack_ptr(k1, 0, &uc);
    ok(ret, "k1 failed: %lu", (unsigned long)GetLastError());
    expect_error(ERROR_SUCCESS);
    ok(uc.lpszScheme == k1 && uc.dwSchemeLength == 4, "k1 scheme");
    ok(uc.lpszUserName == k1 + 7 && uc.dwUserNameLength == 8, "k1 user");
    ok(uc.lpszPassword == k1 + 16 && uc.dwPasswordLength == 8, "k1 password");
    ok(uc.lpszHostName == k1 + 25 && uc.dwHostNameLength == 14, "k1 host");
    ok(uc.nPort == 80, "k1 port %u", uc.nPort);
    ok(uc.lpszUrlPath == k1 + 39 && uc.dwUrlPathLength == 11, "k1 path");
    ok(uc.lpszExtraInfo == k1 + 50 && uc.dwExtraInfoLength == 0, "k1 extra");

    ret = crack_ptr(k2, 0, &uc);
    ok(ret, "k2 failed");
    ok(uc.lpszScheme == k2 && uc.dwSchemeLength == 4, "k2 scheme");
    ok(!uc.lpszUserName && !uc.dwUserNameLength, "k2 user");
    ok(!uc.lpszPassword && !uc.dwPasswordLength, "k2 password");
    ok(uc.lpszHostName == k2 + 7 && uc.dwHostNameLength == 14, "k2 host");
    ok(uc.nPort == 80, "k2 port");
    /* no path: path and extra info point at the end of the string (Wine's tests) */
    ok(uc.lpszUrlPath == k2 + 21 && uc.dwUrlPathLength == 0, "k2 path");
    ok(uc.lpszExtraInfo == k2 + 21 && uc.dwExtraInfoLength == 0, "k2 extra");

    ret = crack_ptr(k3, 0, &uc);
    ok(ret, "k3 failed");
    ok(uc.nScheme == INTERNET_SCHEME_HTTPS && uc.dwSchemeLength == 5, "k3 scheme");
    ok(uc.lpszHostName == k3 + 8 && uc.dwHostNameLength == 14, "k3 host");
    ok(uc.nPort == 443, "k3 port %u", uc.nPort);
    ok(uc.lpszUrlPath == k3 + 22 && uc.dwUrlPathLength == 5, "k3 path");
    ok(uc.lpszExtraInfo == k3 + 27 && uc.dwExtraInfoLength == 1, "k3 extra");

    /* the scheme is case-insensitive */
    ret = crack_ptr(k4, 0, &uc);
    ok(ret, "k4 failed");
    ok(uc.nScheme == INTERNET_SCHEME_HTTP && uc.lpszScheme == k4 && uc.dwSchemeLength == 4, "k4 scheme");
    ok(uc.lpszUrlPath == k4 + 21 && uc.dwUrlPathLength == 5, "k4 path");
    ok(uc.lpszExtraInfo == k4 + 26 && uc.dwExtraInfoLength == 5, "k4 extra");

    /* "?" right after the host: path and extra info at the end (Wine's tests) */
    ret = crack_ptr(k9, 0, &uc);
    ok(ret, "k9 failed");
    ok(uc.lpszUrlPath == k9 + 14 && uc.dwUrlPathLength == 0, "k9 path %ld", (long)(uc.lpszUrlPath - k9));
    ok(uc.lpszExtraInfo == k9 + 14 && uc.dwExtraInfoLength == 0, "k9 extra");

    /* ';' is part of the path */
    ret = crack_ptr(k10, 0, &uc);
    ok(ret, "k10 failed");
    ok(uc.lpszUrlPath == k10 + 13 && uc.dwUrlPathLength == 7, "k10 path");
    ok(uc.lpszExtraInfo == k10 + 20 && uc.dwExtraInfoLength == 0, "k10 extra");

    /* only the extra info length left at 0: the query stays in the path (reference page) */
    reset_components(&uc);
    uc.dwExtraInfoLength = 0;
    ret = WinHttpCrackUrl(W(URL1), 0, 0, &uc);
    ok(ret, "crack without extra failed");
    ok(span_is(uc.lpszUrlPath, uc.dwUrlPathLength, "/site/about?query"), "path with query: %lu", (unsigned long)uc.dwUrlPathLength);
    ok(!uc.lpszExtraInfo && !uc.dwExtraInfoLength, "extra info touched");

    /* a fragment starts the extra info too */
    ret = crack_ptr(W(u"http://host/a/b#frag"), 0, &uc);
    ok(ret, "fragment url failed");
    ok(span_is(uc.lpszUrlPath, uc.dwUrlPathLength, "/a/b"), "fragment path");
    ok(span_is(uc.lpszExtraInfo, uc.dwExtraInfoLength, "#frag"), "fragment extra");
    ret = crack_ptr(W(u"http://host/a?q=1#frag"), 0, &uc);
    ok(ret && span_is(uc.lpszExtraInfo, uc.dwExtraInfoLength, "?q=1#frag"), "query and fragment extra");

    /* '@' after the path is not a user name (Wine's tests) */
    ret = crack_ptr(W(u"http://example.net/path?var1=example@example.com&var2=x&var3=y"), 0, &uc);
    ok(ret, "url11 failed");
    ok(!uc.lpszUserName && !uc.dwUserNameLength, "url11 user");
    ok(span_is(uc.lpszHostName, uc.dwHostNameLength, "example.net"), "url11 host");
    ok(span_is(uc.lpszUrlPath, uc.dwUrlPathLength, "/path"), "url11 path");
    ok(span_is(uc.lpszExtraInfo, uc.dwExtraInfoLength, "?var1=example@example.com&var2=x&var3=y"), "url11 extra");

    /* ':' in the query is not a port (Wine's tests) */
    ret = crack_ptr(W(u"https://tools.google.com/service/update2?w=3:BxJ8bkYd8ewsBBVHsbL1i17SeEwTfK3KqCvQ0lhmbsxqUJYr4BuRM-lhuAclg2pG"), 0, &uc);
    ok(ret, "url12 failed");
    ok(uc.nPort == 443, "url12 port %u", uc.nPort);
    ok(span_is(uc.lpszHostName, uc.dwHostNameLength, "tools.google.com"), "url12 host");
    ok(span_is(uc.lpszUrlPath, uc.dwUrlPathLength, "/service/update2"), "url12 path");

    /* user name without password; empty password */
    ret = crack_ptr(W(u"http://user@host/"), 0, &uc);
    ok(ret && span_is(uc.lpszUserName, uc.dwUserNameLength, "user"), "user only");
    ok(!uc.lpszPassword && !uc.dwPasswordLength, "no password");
    ret = crack_ptr(W(u"http://user:@host/"), 0, &uc);
    ok(ret && span_is(uc.lpszUserName, uc.dwUserNameLength, "user"), "user with empty password");
    ok(uc.lpszPassword && uc.dwPasswordLength == 0, "empty password");
    ret = crack_ptr(W(u"http://user:pa:ss@host/"), 0, &uc);
    ok(ret && span_is(uc.lpszPassword, uc.dwPasswordLength, "pa:ss"), "password with ':'");

    /* an explicit url length cuts the string */
    reset_components(&uc);
    SetLastError(0xdeadbeef);
    ret = WinHttpCrackUrl(W(URL1), 39, 0, &uc);
    ok(ret, "length 39 failed: %lu", (unsigned long)GetLastError());
    ok(span_is(uc.lpszHostName, uc.dwHostNameLength, "www.winehq.org"), "cut host");
    ok(uc.dwUrlPathLength == 0 && uc.dwExtraInfoLength == 0, "cut path/extra");
    reset_components(&uc);
    ret = WinHttpCrackUrl(W(URL1), 44, 0, &uc);
    ok(ret && span_is(uc.lpszUrlPath, uc.dwUrlPathLength, "/site"), "cut path at 44");
}

static void test_crack_errors(void)
{
    URL_COMPONENTS uc;
    BOOL ret;

    static const struct { const WCHAR *url; DWORD error; } cases[] = {
        { W(u""), ERROR_WINHTTP_UNRECOGNIZED_SCHEME },
        { W(u"www.winehq.org/post?data"), ERROR_WINHTTP_UNRECOGNIZED_SCHEME },
        { W(u"www"), ERROR_WINHTTP_UNRECOGNIZED_SCHEME },
        { W(u"http"), ERROR_WINHTTP_UNRECOGNIZED_SCHEME },
        { W(u"ftp://ftp.winehq.org/"), ERROR_WINHTTP_UNRECOGNIZED_SCHEME },
        { W(u"file:///c:/x"), ERROR_WINHTTP_UNRECOGNIZED_SCHEME },
        { W(u"httpx://host/"), ERROR_WINHTTP_UNRECOGNIZED_SCHEME },
        { W(u"://host/"), ERROR_WINHTTP_UNRECOGNIZED_SCHEME },
        { W(u"HTTP:www.winehq.org"), ERROR_WINHTTP_INVALID_URL },
        { W(u"http:/www.winehq.org"), ERROR_WINHTTP_INVALID_URL },
        { W(u"http:"), ERROR_WINHTTP_INVALID_URL },
        { W(u"http://"), ERROR_WINHTTP_INVALID_URL },
        { W(u"http:///path"), ERROR_WINHTTP_INVALID_URL },
        { W(u"http://user@/path"), ERROR_WINHTTP_INVALID_URL },
        { W(u"http://:80/"), ERROR_WINHTTP_INVALID_URL },
        { W(u"http://www.winehq.org:65536"), ERROR_WINHTTP_INVALID_URL },
        { W(u"http://www.winehq.org:9999999999999999999"), ERROR_WINHTTP_INVALID_URL },
        { W(u"http://www.winehq.org:80abc/"), ERROR_WINHTTP_INVALID_URL },
        { W(u"http://www.winehq.org:-80/"), ERROR_WINHTTP_INVALID_URL },
        { W(u"http://[::1/"), ERROR_WINHTTP_INVALID_URL },
        { W(u"http://[::1]x/"), ERROR_WINHTTP_INVALID_URL },
        { W(u"http://[]/"), ERROR_WINHTTP_INVALID_URL },
        { W(u"http://[zz::1]/"), ERROR_WINHTTP_INVALID_URL },
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        ret = crack_ptr(cases[i].url, 0, &uc);
        DWORD e = GetLastError();
        ok(!ret && e == cases[i].error, "%s: ret %d error %lu, expected %lu", u16a(cases[i].url), ret,
           (unsigned long)e, (unsigned long)cases[i].error);
    }
    /* a failed crack leaves the structure alone */
    reset_components(&uc);
    uc.nPort = 1234;
    ret = WinHttpCrackUrl(W(u"http://host:99999/"), 0, 0, &uc);
    ok(!ret && uc.nPort == 1234 && !uc.lpszHostName, "structure written on failure");
}

static void test_crack_ports(void)
{
    URL_COMPONENTS uc;
    BOOL ret;

    ret = crack_ptr(W(u"http://www.winehq.org:65535"), 0, &uc);
    ok(ret && uc.nPort == 65535, "port 65535: %d %u", ret, uc.nPort);
    ok(span_is(uc.lpszHostName, uc.dwHostNameLength, "www.winehq.org"), "host before port");
    ret = crack_ptr(W(u"http://host:8080/x"), 0, &uc);
    ok(ret && uc.nPort == 8080, "port 8080");
    ret = crack_ptr(W(u"https://host:80/x"), 0, &uc);
    ok(ret && uc.nPort == 80 && uc.nScheme == INTERNET_SCHEME_HTTPS, "https port 80");
    ret = crack_ptr(W(u"http://host:443/x"), 0, &uc);
    ok(ret && uc.nPort == 443 && uc.nScheme == INTERNET_SCHEME_HTTP, "http port 443");
    /* an empty port means the default one */
    ret = crack_ptr(W(u"http://host:/x"), 0, &uc);
    ok(ret && uc.nPort == 80, "empty port: %u", uc.nPort);
    ret = crack_ptr(W(u"https://host:"), 0, &uc);
    ok(ret && uc.nPort == 443 && span_is(uc.lpszHostName, uc.dwHostNameLength, "host"), "empty https port");
    ret = crack_ptr(W(u"http://host:0/"), 0, &uc);
    ok(ret && uc.nPort == 0, "port 0: %u", uc.nPort);
    ret = crack_ptr(W(u"http://host:00080/"), 0, &uc);
    ok(ret && uc.nPort == 80, "leading zeros");
}

static void test_crack_ipv6(void)
{
    URL_COMPONENTS uc;
    BOOL ret;

    ret = crack_ptr(W(u"http://[::1]:8080/path"), 0, &uc);
    ok(ret, "ipv6 with port failed: %lu", (unsigned long)GetLastError());
    ok(span_is(uc.lpszHostName, uc.dwHostNameLength, "[::1]"), "ipv6 host keeps brackets");
    ok(uc.nPort == 8080, "ipv6 port %u", uc.nPort);
    ok(span_is(uc.lpszUrlPath, uc.dwUrlPathLength, "/path"), "ipv6 path");
    ret = crack_ptr(W(u"https://[fe80::1:2]/"), 0, &uc);
    ok(ret && uc.nPort == 443 && span_is(uc.lpszHostName, uc.dwHostNameLength, "[fe80::1:2]"), "ipv6 default port");
    ret = crack_ptr(W(u"http://user:pw@[::ffff:1.2.3.4]:81"), 0, &uc);
    ok(ret && uc.nPort == 81 && span_is(uc.lpszHostName, uc.dwHostNameLength, "[::ffff:1.2.3.4]"), "ipv6 mapped v4");
    ok(span_is(uc.lpszPassword, uc.dwPasswordLength, "pw"), "ipv6 password");
}

static void test_crack_flags(void)
{
    URL_COMPONENTS uc;
    WCHAR host[64], path[128], extra[64], user[32];
    BOOL ret;

    /* ICU_REJECT_USERPWD */
    ret = crack_ptr(W(URL1), ICU_REJECT_USERPWD, &uc);
    ok(!ret, "ICU_REJECT_USERPWD accepted credentials");
    expect_error(ERROR_WINHTTP_INVALID_URL);
    ret = crack_ptr(W(u"http://user@host/"), ICU_REJECT_USERPWD, &uc);
    ok(!ret, "ICU_REJECT_USERPWD accepted a user name");
    expect_error(ERROR_WINHTTP_INVALID_URL);
    ret = crack_ptr(W(u"http://www.winehq.org/a@b"), ICU_REJECT_USERPWD, &uc);
    ok(ret, "ICU_REJECT_USERPWD rejected a plain URL");
    expect_error(ERROR_SUCCESS);

    /* ICU_DECODE and ICU_ESCAPE need buffers for what they change */
    ret = crack_ptr(W(URL1), ICU_DECODE, &uc);
    ok(!ret, "ICU_DECODE with pointers succeeded");
    expect_error(ERROR_INVALID_PARAMETER);
    ret = crack_ptr(W(URL1), ICU_ESCAPE, &uc);
    ok(!ret, "ICU_ESCAPE with pointers succeeded");
    expect_error(ERROR_INVALID_PARAMETER);
    /* the scheme check comes first */
    ret = crack_ptr(W(u"ftp://x/"), ICU_DECODE, &uc);
    ok(!ret, "ftp with ICU_DECODE succeeded");
    expect_error(ERROR_WINHTTP_UNRECOGNIZED_SCHEME);

    /* ICU_DECODE: %XX becomes one character, with no UTF-8 decoding */
    memset(&uc, 0, sizeof(uc));
    uc.dwStructSize = sizeof(uc);
    uc.lpszUrlPath = path; uc.dwUrlPathLength = 128;
    uc.lpszExtraInfo = extra; uc.dwExtraInfoLength = 64;
    uc.lpszUserName = user; uc.dwUserNameLength = 32;
    SetLastError(0xdeadbeef);
    ret = WinHttpCrackUrl(W(u"http://us%41r@host/a%20b%2Fc%zz%4?x=%3D%c3%A9"), 0, ICU_DECODE, &uc);
    ok(ret, "ICU_DECODE failed: %lu", (unsigned long)GetLastError());
    expect_error(ERROR_SUCCESS);
    ok(str_is(path, "/a b/c%zz%4") && uc.dwUrlPathLength == 11, "decoded path %s", u16a(path));
    ok(extra[0] == '?' && extra[3] == '=' && extra[4] == 0xc3 && extra[5] == 0xa9 && uc.dwExtraInfoLength == 6,
       "decoded extra %s", u16a(extra));
    ok(str_is(user, "usAr"), "decoded user %s", u16a(user));

    /* ICU_ESCAPE escapes the path and extra info, not the host name */
    memset(&uc, 0, sizeof(uc));
    uc.dwStructSize = sizeof(uc);
    uc.lpszHostName = host; uc.dwHostNameLength = 64;
    uc.lpszUrlPath = path; uc.dwUrlPathLength = 128;
    SetLastError(0xdeadbeef);
    ret = WinHttpCrackUrl(W(u"http://winehq.o g/path with spaces"), 0, ICU_ESCAPE, &uc);
    ok(ret, "ICU_ESCAPE failed: %lu", (unsigned long)GetLastError());
    ok(str_is(host, "winehq.o g"), "escaped host %s", u16a(host));
    ok(str_is(path, "/path%20with%20spaces") && uc.dwUrlPathLength == 21, "escaped path %s", u16a(path));

    memset(&uc, 0, sizeof(uc));
    uc.dwStructSize = sizeof(uc);
    uc.lpszUrlPath = path; uc.dwUrlPathLength = 128;
    uc.lpszExtraInfo = extra; uc.dwExtraInfoLength = 64;
    {
        static WCHAR u[] = {'h','t','t','p',':','/','/','h','/','a','"','<','>','^','|',0xe9,'?','q','=','{','}',' ',0};
        ret = WinHttpCrackUrl(u, 0, ICU_ESCAPE, &uc);
    }
    ok(ret, "ICU_ESCAPE (2) failed");
    ok(str_is(path, "/a%22%3C%3E%5E%7C%C3%A9"), "escaped path 2 %s", u16a(path));
    ok(str_is(extra, "?q=%7B%7D%20"), "escaped extra %s", u16a(extra));

    /* a small buffer reports the escaped size */
    memset(&uc, 0, sizeof(uc));
    uc.dwStructSize = sizeof(uc);
    uc.lpszUrlPath = path; uc.dwUrlPathLength = 5;
    SetLastError(0xdeadbeef);
    ret = WinHttpCrackUrl(W(u"http://h/a b"), 0, ICU_ESCAPE, &uc);
    ok(!ret, "small escaped buffer succeeded");
    expect_error(ERROR_INSUFFICIENT_BUFFER);
    ok(uc.dwUrlPathLength == 7, "escaped needed length %lu", (unsigned long)uc.dwUrlPathLength);

    /* unknown flags are ignored */
    ret = crack_ptr(W(URL1), 0x00000001 | 0x00100000, &uc);
    ok(ret, "unknown flags rejected: %lu", (unsigned long)GetLastError());
    ok(span_is(uc.lpszHostName, uc.dwHostNameLength, "www.winehq.org"), "unknown flags host");
}

/* ------------------------------------------------------------------ WinHttpCreateUrl */

static void test_create_params(void)
{
    URL_COMPONENTS uc;
    WCHAR url[256];
    DWORD len;
    BOOL ret;

    len = ~0u;
    SetLastError(0xdeadbeef);
    ret = WinHttpCreateUrl(NULL, 0, NULL, &len);
    ok(!ret, "NULL components succeeded");
    expect_error(ERROR_INVALID_PARAMETER);
    ok(len == ~0u, "length changed: %lu", (unsigned long)len);

    memset(&uc, 0, sizeof(uc));
    SetLastError(0xdeadbeef);
    ret = WinHttpCreateUrl(&uc, 0, NULL, &len);
    ok(!ret, "zeroed components succeeded");
    expect_error(ERROR_INVALID_PARAMETER);
    ok(len == ~0u, "length changed: %lu", (unsigned long)len);

    fill_components(&uc);
    uc.dwStructSize = sizeof(uc) + 4;
    len = 256;
    SetLastError(0xdeadbeef);
    ret = WinHttpCreateUrl(&uc, 0, url, &len);
    ok(!ret, "bad dwStructSize succeeded");
    expect_error(ERROR_INVALID_PARAMETER);

    fill_components(&uc);
    SetLastError(0xdeadbeef);
    ret = WinHttpCreateUrl(&uc, 0, NULL, NULL);
    ok(!ret, "NULL length succeeded");
    expect_error(ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    ret = WinHttpCreateUrl(&uc, 0, url, NULL);
    ok(!ret, "NULL length with buffer succeeded");
    expect_error(ERROR_INVALID_PARAMETER);

    /* size query: the size needed includes the terminator */
    len = 0;
    SetLastError(0xdeadbeef);
    ret = WinHttpCreateUrl(&uc, 0, NULL, &len);
    ok(!ret, "size query succeeded");
    expect_error(ERROR_INSUFFICIENT_BUFFER);
    ok(len == 57, "needed length %lu", (unsigned long)len);

    /* a large enough length but no buffer */
    len = 256;
    SetLastError(0xdeadbeef);
    ret = WinHttpCreateUrl(&uc, 0, NULL, &len);
    ok(!ret, "NULL buffer succeeded");
    expect_error(ERROR_INVALID_PARAMETER);
    ok(len == 256, "length changed: %lu", (unsigned long)len);

    /* short buffer */
    len = 2;
    url[0] = 'x';
    SetLastError(0xdeadbeef);
    ret = WinHttpCreateUrl(&uc, 0, url, &len);
    ok(!ret, "short buffer succeeded");
    expect_error(ERROR_INSUFFICIENT_BUFFER);
    ok(len == 57, "needed length %lu", (unsigned long)len);

    /* room for the characters but not the terminator */
    len = 56;
    SetLastError(0xdeadbeef);
    ret = WinHttpCreateUrl(&uc, 0, url, &len);
    ok(!ret, "buffer without room for NUL succeeded");
    expect_error(ERROR_INSUFFICIENT_BUFFER);
    ok(len == 57, "needed length %lu", (unsigned long)len);

    /* exactly enough: success, length without the terminator */
    len = 57;
    SetLastError(0xdeadbeef);
    ret = WinHttpCreateUrl(&uc, 0, url, &len);
    ok(ret, "exact buffer failed: %lu", (unsigned long)GetLastError());
    expect_error(ERROR_SUCCESS);
    ok(len == 56, "length %lu", (unsigned long)len);
    ok(!u16cmp(url, W(URL1)), "url %s", u16a(url));

    /* unknown flags are ignored */
    len = 256;
    ret = WinHttpCreateUrl(&uc, 0x00000001 | 0x00100000, url, &len);
    ok(ret && len == 56 && !u16cmp(url, W(URL1)), "unknown flags: %s", u16a(url));
}

static void expect_url_(URL_COMPONENTS *uc, DWORD flags, const WCHAR *expect, int line)
{
    WCHAR url[512];
    DWORD len = 512;
    url[0] = 0;
    SetLastError(0xdeadbeef);
    BOOL ret = WinHttpCreateUrl(uc, flags, url, &len);
    DWORD err = GetLastError();
    ok(ret && err == ERROR_SUCCESS, "line %d: failed %lu", line, (unsigned long)err);
    ok(!u16cmp(url, expect) && len == u16len(expect), "line %d: got %s (%lu), expected %s", line, u16a(url),
       (unsigned long)len, u16a(expect));
}

#define expect_url(uc, flags, s, line) expect_url_(uc, flags, W(s), line)

static void expect_create_error(URL_COMPONENTS *uc, DWORD flags, DWORD error, int line)
{
    WCHAR url[512];
    DWORD len = 512;
    SetLastError(0xdeadbeef);
    BOOL ret = WinHttpCreateUrl(uc, flags, url, &len);
    DWORD err = GetLastError();
    ok(!ret && err == error, "line %d: ret %d error %lu, expected %lu", line, ret, (unsigned long)err,
       (unsigned long)error);
}

static void test_create_components(void)
{
    URL_COMPONENTS uc;

    fill_components(&uc);
    expect_url(&uc, 0, URL1, __LINE__);

    /* the scheme from nScheme when lpszScheme is NULL */
    fill_components(&uc);
    uc.lpszScheme = NULL;
    uc.dwSchemeLength = 0;
    expect_url(&uc, 0, URL1, __LINE__);
    uc.nScheme = INTERNET_SCHEME_HTTPS;
    uc.nPort = 443;
    expect_url(&uc, 0, u"https://username:password@www.winehq.org/site/about?query", __LINE__);
    uc.nPort = 80;
    expect_url(&uc, 0, u"https://username:password@www.winehq.org:80/site/about?query", __LINE__);
    /* nScheme 0 means http; port 0 is not the default and shows */
    uc.nScheme = 0;
    uc.nPort = 0;
    expect_url(&uc, 0, u"http://username:password@www.winehq.org:0/site/about?query", __LINE__);
    uc.nScheme = 99;
    expect_create_error(&uc, 0, ERROR_INVALID_PARAMETER, __LINE__);

    /* lpszScheme has precedence over nScheme */
    fill_components(&uc);
    uc.nScheme = 0;
    expect_url(&uc, 0, URL1, __LINE__);
    uc.lpszScheme = ftp;
    uc.dwSchemeLength = 3;
    uc.nScheme = INTERNET_SCHEME_HTTP;
    expect_url(&uc, 0, u"ftp://username:password@www.winehq.org:80/site/about?query", __LINE__);
    uc.lpszScheme = W(u"HTTPS");
    uc.dwSchemeLength = 0;
    uc.nPort = 443;
    expect_url(&uc, 0, u"HTTPS://username:password@www.winehq.org/site/about?query", __LINE__);
    uc.lpszScheme = https;
    uc.nPort = 80;
    expect_url(&uc, 0, u"https://username:password@www.winehq.org:80/site/about?query", __LINE__);

    /* non-default port */
    fill_components(&uc);
    uc.nPort = 42;
    expect_url(&uc, 0, u"http://username:password@www.winehq.org:42/site/about?query", __LINE__);
    uc.nPort = 65535;
    expect_url(&uc, 0, u"http://username:password@www.winehq.org:65535/site/about?query", __LINE__);

    /* user names and passwords */
    fill_components(&uc);
    uc.lpszPassword = NULL;
    uc.dwPasswordLength = 0;
    expect_url(&uc, 0, u"http://username@www.winehq.org/site/about?query", __LINE__);
    uc.lpszPassword = empty;
    expect_url(&uc, 0, u"http://username:@www.winehq.org/site/about?query", __LINE__);
    fill_components(&uc);
    uc.lpszUserName = NULL;
    uc.dwUserNameLength = 0;
    expect_create_error(&uc, 0, ERROR_INVALID_PARAMETER, __LINE__);
    uc.lpszUserName = empty;
    expect_url(&uc, 0, u"http://:password@www.winehq.org/site/about?query", __LINE__);
    uc.lpszPassword = empty;
    uc.dwPasswordLength = 0;
    expect_url(&uc, 0, u"http://:@www.winehq.org/site/about?query", __LINE__);
    uc.lpszUserName = NULL;
    uc.lpszPassword = NULL;
    expect_url(&uc, 0, u"http://www.winehq.org/site/about?query", __LINE__);

    /* component lengths: 0 means NUL-terminated, otherwise exactly that many characters */
    fill_components(&uc);
    uc.lpszUserName = NULL; uc.dwUserNameLength = 0;
    uc.lpszPassword = NULL; uc.dwPasswordLength = 0;
    uc.dwHostNameLength = 3;
    uc.dwUrlPathLength = 5;
    uc.dwExtraInfoLength = 0;
    expect_url(&uc, 0, u"http://www/site?query", __LINE__);

    /* the path gets its leading '/' when a host name precedes it */
    fill_components(&uc);
    uc.lpszUserName = NULL; uc.lpszPassword = NULL;
    uc.lpszUrlPath = W(u"index.html");
    uc.dwUrlPathLength = 0;
    uc.lpszExtraInfo = NULL;
    uc.dwExtraInfoLength = 0;
    expect_url(&uc, 0, u"http://www.winehq.org/index.html", __LINE__);
    uc.lpszUrlPath = empty;
    expect_url(&uc, 0, u"http://www.winehq.org/", __LINE__);
    uc.lpszUrlPath = NULL;
    expect_url(&uc, 0, u"http://www.winehq.org", __LINE__);
    uc.lpszExtraInfo = query;
    expect_url(&uc, 0, u"http://www.winehq.org?query", __LINE__);

    /* no host name: "//" still follows the scheme, no port, no added '/' */
    memset(&uc, 0, sizeof(uc));
    uc.dwStructSize = sizeof(uc);
    expect_url(&uc, 0, u"http://", __LINE__);
    uc.nPort = 8080;
    uc.lpszUrlPath = W(u"x/y");
    expect_url(&uc, 0, u"http://x/y", __LINE__);

    /* ICU_REJECT_USERPWD */
    fill_components(&uc);
    expect_create_error(&uc, ICU_REJECT_USERPWD, ERROR_WINHTTP_INVALID_URL, __LINE__);
    uc.lpszPassword = NULL;
    expect_create_error(&uc, ICU_REJECT_USERPWD, ERROR_WINHTTP_INVALID_URL, __LINE__);
    uc.lpszUserName = NULL;
    expect_url(&uc, ICU_REJECT_USERPWD, u"http://www.winehq.org/site/about?query", __LINE__);
}

static void test_create_escape(void)
{
    URL_COMPONENTS uc;

    /* ICU_ESCAPE: the extra info (Wine's tests: 113 characters) */
    fill_components(&uc);
    uc.lpszExtraInfo = escape;
    uc.dwExtraInfoLength = (DWORD)u16len(escape);
    expect_url(&uc, ICU_ESCAPE,
               u"http://username:password@www.winehq.org/site/about%20!%22%23$%25&'()*+,-./:;%3C=%3E?@%5B%5C%5D%5E_%60%7B%7C%7D%7E",
               __LINE__);
    /* without the flag the text goes in as it is */
    expect_url(&uc, 0,
               u"http://username:password@www.winehq.org/site/about !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", __LINE__);

    /* control characters and DEL */
    memset(&uc, 0, sizeof(uc));
    uc.dwStructSize = sizeof(uc);
    uc.lpszExtraInfo = escape2;
    uc.dwExtraInfoLength = (DWORD)u16len(escape2);
    expect_url(&uc, ICU_ESCAPE, u"http://%0D%1F%20%0A%7F%0D%0A", __LINE__);

    /* characters beyond 8 bits: rejected unless escaped, then escaped as UTF-8 */
    memset(&uc, 0, sizeof(uc));
    uc.dwStructSize = sizeof(uc);
    uc.lpszExtraInfo = escape3;
    uc.dwExtraInfoLength = (DWORD)u16len(escape3);
    expect_create_error(&uc, 0, ERROR_INVALID_PARAMETER, __LINE__);
    expect_url(&uc, ICU_ESCAPE, u"http://?text=%EF%AC%80", __LINE__);
    memset(&uc, 0, sizeof(uc));
    uc.dwStructSize = sizeof(uc);
    uc.lpszUrlPath = escape4;
    uc.dwUrlPathLength = (DWORD)u16len(escape4);
    expect_create_error(&uc, 0, ERROR_INVALID_PARAMETER, __LINE__);
    expect_url(&uc, ICU_ESCAPE, u"http:///text=%EF%AC%80", __LINE__);

    /* ICU_ESCAPE leaves the host name and user name alone; the path is escaped */
    fill_components(&uc);
    uc.lpszUserName = W(u"us er");
    uc.dwUserNameLength = 0;
    uc.lpszHostName = W(u"ho st");
    uc.dwHostNameLength = 0;
    uc.lpszUrlPath = W(u"/a b");
    uc.dwUrlPathLength = 0;
    uc.lpszExtraInfo = NULL;
    uc.dwExtraInfoLength = 0;
    expect_url(&uc, ICU_ESCAPE, u"http://us er:password@ho st/a%20b", __LINE__);
    /* ICU_ESCAPE_AUTHORITY escapes the authority too */
    expect_url(&uc, ICU_ESCAPE | ICU_ESCAPE_AUTHORITY, u"http://us%20er:password@ho%20st/a%20b", __LINE__);

    /* the size query counts the escaped characters */
    {
        DWORD len = 0;
        SetLastError(0xdeadbeef);
        BOOL ret = WinHttpCreateUrl(&uc, ICU_ESCAPE, NULL, &len);
        ok(!ret, "escaped size query succeeded");
        expect_error(ERROR_INSUFFICIENT_BUFFER);
        ok(len == 34, "escaped needed length %lu", (unsigned long)len);
    }
}

/* The reference pages' example: crack, change the extra info, create. */
static void test_round_trip(void)
{
    URL_COMPONENTS uc;
    const WCHAR *url1 = W(u"https://search.msn.com/results.asp?RS=CHECKED&FORM=MSNH&v=1&q=wininet");
    WCHAR url2[256];
    DWORD len = 0;
    BOOL ret;

    memset(&uc, 0, sizeof(uc));
    uc.dwStructSize = sizeof(uc);
    uc.dwSchemeLength = (DWORD)-1;
    uc.dwHostNameLength = (DWORD)-1;
    uc.dwUrlPathLength = (DWORD)-1;
    uc.dwExtraInfoLength = (DWORD)-1;
    ret = WinHttpCrackUrl(url1, (DWORD)u16len(url1), 0, &uc);
    ok(ret, "example crack failed: %lu", (unsigned long)GetLastError());
    uc.lpszExtraInfo = W(u"?RS=CHECKED&FORM=MSNH&v=1&q=winhttp");
    SetLastError(0xdeadbeef);
    ret = WinHttpCreateUrl(&uc, 0, NULL, &len);
    ok(!ret && GetLastError() == ERROR_INSUFFICIENT_BUFFER, "example size query");
    ok(len == 70, "example needed length %lu", (unsigned long)len);
    ret = WinHttpCreateUrl(&uc, 0, url2, &len);
    ok(ret && len == 69, "example create: %d %lu", ret, (unsigned long)len);
    ok(!u16cmp(url2, W(u"https://search.msn.com/results.asp?RS=CHECKED&FORM=MSNH&v=1&q=winhttp")), "example url %s",
       u16a(url2));

    /* every component cracked into pointers and built again */
    ret = crack_ptr(W(u"http://user:pw@[::1]:8080/a/b?c=d#e"), 0, &uc);
    ok(ret, "round trip crack");
    len = 256;
    ret = WinHttpCreateUrl(&uc, 0, url2, &len);
    ok(ret && !u16cmp(url2, W(u"http://user:pw@[::1]:8080/a/b?c=d#e")), "round trip %s", u16a(url2));
}

int main(void)
{
    test_crack_params();
    test_crack_buffers();
    test_crack_pointers();
    test_crack_errors();
    test_crack_ports();
    test_crack_ipv6();
    test_crack_flags();
    test_create_params();
    test_create_components();
    test_create_escape();
    test_round_trip();
    return test_summary();
}
