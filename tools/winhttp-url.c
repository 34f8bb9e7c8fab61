/* winhttp-url: a small command-line tool over the public WinHTTP URL and time functions.
 *
 *   winhttp-url crack [--decode] [--escape] [--reject-userpwd] URL...
 *   winhttp-url create [--escape] [--scheme S] [--host H] [--port N] [--user U]
 *                      [--password P] [--path P] [--extra X]
 *   winhttp-url roundtrip URL...
 *   winhttp-url time [HTTP-DATE]
 *
 * crack prints each component WinHttpCrackUrl finds; create prints the URL WinHttpCreateUrl
 * builds; roundtrip cracks each URL and creates it again; time prints the current time as
 * WinHttpTimeFromSystemTime formats it, or parses an HTTP date with WinHttpTimeToSystemTime.
 * Arguments are UTF-8 and converted to UTF-16 here. On failure the tool prints the Windows error
 * and exits with its low 8 bits (1 when those are 0); bad usage exits with 64.
 * Plain C11 on the public API only, so it also builds with mingw. */
#ifdef _WIN32
#include <windows.h>
#endif
#include <winhttp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define EXIT_USAGE 64
#define TOOL_NAME "winhttp-url"
#define TOOL_OOM_STATUS 1
#include "toolutil.h"

/* ------------------------------------------------------------------------ errors */

static int fail(const char *function)
{
    unsigned long e = (unsigned long)GetLastError();
    const char *name = error_name(e);
    fflush(stdout);
    if (name) fprintf(stderr, "winhttp-url: %s failed: %s (%lu)\n", function, name, e);
    else fprintf(stderr, "winhttp-url: %s failed: error %lu\n", function, e);
    if (!e) return 1;
    return (e & 0xFF) ? (int)(e & 0xFF) : 1;
}

static int usage(FILE *f, int status)
{
    fputs("usage: winhttp-url crack [--decode] [--escape] [--reject-userpwd] URL...\n"
          "       winhttp-url create [--escape] [--scheme S] [--host H] [--port N] [--user U]\n"
          "                          [--password P] [--path P] [--extra X]\n"
          "       winhttp-url roundtrip URL...\n"
          "       winhttp-url time [HTTP-DATE]\n",
          f);
    return status;
}

/* ------------------------------------------------------------------------ crack */

/* Component buffers owned by the tool, sized for the worst escaping of a url of n units. */
struct parts {
    URL_COMPONENTS uc;
    WCHAR *buf;
};

static void parts_init(struct parts *p, size_t n)
{
    size_t each = 3 * n + 16;
    memset(&p->uc, 0, sizeof p->uc);
    p->uc.dwStructSize = sizeof p->uc;
    p->buf = calloc(6 * each, sizeof *p->buf);
    if (!p->buf) { fputs("winhttp-url: out of memory\n", stderr); exit(1); }
    p->uc.lpszScheme = p->buf;
    p->uc.lpszHostName = p->buf + each;
    p->uc.lpszUserName = p->buf + 2 * each;
    p->uc.lpszPassword = p->buf + 3 * each;
    p->uc.lpszUrlPath = p->buf + 4 * each;
    p->uc.lpszExtraInfo = p->buf + 5 * each;
    p->uc.dwSchemeLength = p->uc.dwHostNameLength = p->uc.dwUserNameLength = (DWORD)each;
    p->uc.dwPasswordLength = p->uc.dwUrlPathLength = p->uc.dwExtraInfoLength = (DWORD)each;
}

static void print_part(const char *label, const WCHAR *s, DWORD len)
{
    printf("%-9s ", label);
    put_utf16(stdout, s, len);
    putchar('\n');
}

static void print_parts(const URL_COMPONENTS *uc)
{
    print_part("scheme:", uc->lpszScheme, uc->dwSchemeLength);
    printf("%-9s %d\n", "nscheme:", (int)uc->nScheme);
    print_part("host:", uc->lpszHostName, uc->dwHostNameLength);
    printf("%-9s %u\n", "port:", (unsigned)uc->nPort);
    print_part("user:", uc->lpszUserName, uc->dwUserNameLength);
    print_part("password:", uc->lpszPassword, uc->dwPasswordLength);
    print_part("path:", uc->lpszUrlPath, uc->dwUrlPathLength);
    print_part("extra:", uc->lpszExtraInfo, uc->dwExtraInfoLength);
}

static int cmd_crack(int argc, char **argv)
{
    DWORD flags = 0;
    int i = 0, status = 0, urls = 0;
    for (; i < argc && argv[i][0] == '-' && argv[i][1] == '-'; i++) {
        if (!strcmp(argv[i], "--decode")) flags |= ICU_DECODE;
        else if (!strcmp(argv[i], "--escape")) flags |= ICU_ESCAPE;
        else if (!strcmp(argv[i], "--reject-userpwd")) flags |= ICU_REJECT_USERPWD;
        else if (!strcmp(argv[i], "--")) { i++; break; }
        else return usage(stderr, EXIT_USAGE);
    }
    for (; i < argc; i++, urls++) {
        WCHAR *url = to_utf16(argv[i]);
        struct parts p;
        parts_init(&p, wlen(url));
        if (urls) putchar('\n');
        printf("%-9s %s\n", "url:", argv[i]);
        if (WinHttpCrackUrl(url, 0, flags, &p.uc)) print_parts(&p.uc);
        else status = fail("WinHttpCrackUrl");
        free(p.buf);
        free(url);
    }
    return urls ? status : usage(stderr, EXIT_USAGE);
}

/* ------------------------------------------------------------------------ create */

/* Prints the URL WinHttpCreateUrl makes of uc, asking for the length first. */
static int create_and_print(URL_COMPONENTS *uc, DWORD flags)
{
    DWORD len = 0;
    if (WinHttpCreateUrl(uc, flags, NULL, &len)) {
        fputs("winhttp-url: WinHttpCreateUrl succeeded without a buffer\n", stderr);
        return 1;
    }
    if (GetLastError() != ERROR_INSUFFICIENT_BUFFER) return fail("WinHttpCreateUrl");
    WCHAR *url = calloc((size_t)len + 1, sizeof *url);
    if (!url) { fputs("winhttp-url: out of memory\n", stderr); return 1; }
    len += 1;
    int status = 0;
    if (WinHttpCreateUrl(uc, flags, url, &len)) {
        put_utf16(stdout, url, wlen(url));
        putchar('\n');
    } else {
        status = fail("WinHttpCreateUrl");
    }
    free(url);
    return status;
}

static int cmd_create(int argc, char **argv)
{
    URL_COMPONENTS uc;
    WCHAR *owned[6] = { 0 };
    int n = 0, status;
    DWORD flags = 0;
    memset(&uc, 0, sizeof uc);
    uc.dwStructSize = sizeof uc;
    for (int i = 0; i < argc; i++) {
        const char *o = argv[i];
        if (!strcmp(o, "--escape")) { flags |= ICU_ESCAPE; continue; }
        if (i + 1 >= argc) return usage(stderr, EXIT_USAGE);
        const char *v = argv[++i];
        if (!strcmp(o, "--port")) {
            char *end;
            long port = strtol(v, &end, 10);
            if (*end || port < 0 || port > 65535) return usage(stderr, EXIT_USAGE);
            uc.nPort = (INTERNET_PORT)port;
            continue;
        }
        WCHAR *w = to_utf16(v);
        DWORD wl = (DWORD)wlen(w);
        if (!strcmp(o, "--scheme")) {
            uc.lpszScheme = w; uc.dwSchemeLength = wl;
            if (!strcmp(v, "http")) uc.nScheme = INTERNET_SCHEME_HTTP;
            else if (!strcmp(v, "https")) uc.nScheme = INTERNET_SCHEME_HTTPS;
        } else if (!strcmp(o, "--host")) { uc.lpszHostName = w; uc.dwHostNameLength = wl; }
        else if (!strcmp(o, "--user")) { uc.lpszUserName = w; uc.dwUserNameLength = wl; }
        else if (!strcmp(o, "--password")) { uc.lpszPassword = w; uc.dwPasswordLength = wl; }
        else if (!strcmp(o, "--path")) { uc.lpszUrlPath = w; uc.dwUrlPathLength = wl; }
        else if (!strcmp(o, "--extra")) { uc.lpszExtraInfo = w; uc.dwExtraInfoLength = wl; }
        else { free(w); return usage(stderr, EXIT_USAGE); }
        if (n < 6) owned[n++] = w;
    }
    status = create_and_print(&uc, flags);
    for (int i = 0; i < n; i++) free(owned[i]);
    return status;
}

static int cmd_roundtrip(int argc, char **argv)
{
    int status = 0;
    if (!argc) return usage(stderr, EXIT_USAGE);
    for (int i = 0; i < argc; i++) {
        WCHAR *url = to_utf16(argv[i]);
        struct parts p;
        parts_init(&p, wlen(url));
        printf("%-9s %s\n", "url:", argv[i]);
        if (WinHttpCrackUrl(url, 0, 0, &p.uc)) {
            /* An empty but present user name or password would come back as "//:@host". */
            if (!p.uc.dwUserNameLength) p.uc.lpszUserName = NULL;
            if (!p.uc.dwPasswordLength) p.uc.lpszPassword = NULL;
            printf("%-9s ", "created:");
            fflush(stdout);
            int s = create_and_print(&p.uc, 0);
            if (s) { putchar('\n'); status = s; }
        } else {
            status = fail("WinHttpCrackUrl");
        }
        free(p.buf);
        free(url);
    }
    return status;
}

/* ------------------------------------------------------------------------ time */

static int cmd_time(int argc, char **argv)
{
    if (argc > 1) return usage(stderr, EXIT_USAGE);
    if (argc == 1) {
        SYSTEMTIME st;
        WCHAR *w = to_utf16(argv[0]);
        memset(&st, 0, sizeof st);
        BOOL ok = WinHttpTimeToSystemTime(w, &st);
        free(w);
        if (!ok) return fail("WinHttpTimeToSystemTime");
        printf("%04u-%02u-%02u %02u:%02u:%02u.%03u (day of week %u)\n", (unsigned)st.wYear,
               (unsigned)st.wMonth, (unsigned)st.wDay, (unsigned)st.wHour, (unsigned)st.wMinute,
               (unsigned)st.wSecond, (unsigned)st.wMilliseconds, (unsigned)st.wDayOfWeek);
        return 0;
    }
    time_t now = time(NULL);
    long ms = 0;
#ifdef TIME_UTC
    struct timespec ts;
    if (timespec_get(&ts, TIME_UTC)) { now = ts.tv_sec; ms = ts.tv_nsec / 1000000; }
#endif
    struct tm *tm = gmtime(&now);
    if (!tm) { fputs("winhttp-url: cannot read the clock\n", stderr); return 1; }
    SYSTEMTIME st;
    st.wYear = (WORD)(tm->tm_year + 1900);
    st.wMonth = (WORD)(tm->tm_mon + 1);
    st.wDayOfWeek = (WORD)tm->tm_wday;
    st.wDay = (WORD)tm->tm_mday;
    st.wHour = (WORD)tm->tm_hour;
    st.wMinute = (WORD)tm->tm_min;
    st.wSecond = (WORD)(tm->tm_sec > 59 ? 59 : tm->tm_sec);
    st.wMilliseconds = (WORD)ms;
    WCHAR buf[WINHTTP_TIME_FORMAT_BUFSIZE / sizeof(WCHAR)];
    if (!WinHttpTimeFromSystemTime(&st, buf)) return fail("WinHttpTimeFromSystemTime");
    put_utf16(stdout, buf, wlen(buf));
    putchar('\n');
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) return usage(stderr, EXIT_USAGE);
    const char *cmd = argv[1];
    if (!strcmp(cmd, "crack")) return cmd_crack(argc - 2, argv + 2);
    if (!strcmp(cmd, "create")) return cmd_create(argc - 2, argv + 2);
    if (!strcmp(cmd, "roundtrip")) return cmd_roundtrip(argc - 2, argv + 2);
    if (!strcmp(cmd, "time")) return cmd_time(argc - 2, argv + 2);
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) return usage(stdout, 0);
    return usage(stderr, EXIT_USAGE);
}
