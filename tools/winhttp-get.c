/* winhttp-get: a curl-like HTTP client written only on the public WinHTTP API.
 *
 *   winhttp-get [options] URL        (winhttp-get --help lists the options)
 *
 * The URL is cracked with WinHttpCrackUrl; the request goes through WinHttpOpen, WinHttpConnect,
 * WinHttpOpenRequest, WinHttpSendRequest (+ WinHttpWriteData for a body from a file or stdin,
 * chunked when its size is unknown), WinHttpReceiveResponse, then WinHttpQueryDataAvailable and
 * WinHttpReadData into a 1 MiB buffer. Redirects are WinHTTP's own. With --async the session is
 * asynchronous: every call completes through the status callback, and the main thread waits on
 * an event for each completion. -v prints every status-callback notification.
 * Plain C11; builds natively against include/winhttp.h + libwinhttp.so and as a Windows .exe
 * with mingw against mingw's own winhttp.h (POSIX/Windows differences sit in #ifdef _WIN32). */
#if !defined(_WIN32) && !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 200809L /* clock_gettime, fileno, isatty under -std=c11 */
#endif
#ifdef _WIN32
#include <windows.h>
#include <fcntl.h>
#include <io.h>
#else
#include <pthread.h>
#include <unistd.h>
#endif
#include <winhttp.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>

#define PROG "winhttp-get"
#define BUF_SIZE (1u << 20)     /* body buffer: reads and writes go through it in one piece */
#define CHUNK_HEAD 16           /* room before the body buffer for a chunk-size line */
#define EXIT_HTTP 22            /* -f and an HTTP status >= 400 (curl's number) */
#define EXIT_USAGE 64
#define EXIT_OTHER_ERROR 200    /* a Windows error that is not an ERROR_WINHTTP_* one */
#define EXIT_LOCAL 201          /* a local file could not be opened, read or written */
#define WINHTTP_BASE 12000
#define TOOL_NAME PROG
#define TOOL_OOM_STATUS EXIT_OTHER_ERROR
#include "toolutil.h"

/* ------------------------------------------------------------------------ small portability */

static uint64_t now_ms(void)
{
#ifdef _WIN32
    return (uint64_t)GetTickCount64();
#else
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
#endif
}

static int is_tty(FILE *f)
{
#ifdef _WIN32
    return _isatty(_fileno(f));
#else
    return isatty(fileno(f));
#endif
}

/* The size of the regular file open as f, or -1 when it is not one (a pipe, a terminal...). */
static int64_t regular_size(FILE *f)
{
#ifdef _WIN32
    struct _stat64 st;
    if (_fstat64(_fileno(f), &st) || !(st.st_mode & _S_IFREG)) return -1;
#else
    struct stat st;
    if (fstat(fileno(f), &st) || !S_ISREG(st.st_mode)) return -1;
#endif
    return (int64_t)st.st_size;
}

/* One-shot event the status callback signals and the main thread waits on (--async). */
struct event {
#ifdef _WIN32
    CRITICAL_SECTION lock;
    HANDLE ev;
#else
    pthread_mutex_t lock;
    pthread_cond_t cond;
#endif
    int set;
};

static void event_init(struct event *e)
{
#ifdef _WIN32
    InitializeCriticalSection(&e->lock);
    e->ev = CreateEventW(NULL, FALSE, FALSE, NULL);
#else
    pthread_mutex_init(&e->lock, NULL);
    pthread_cond_init(&e->cond, NULL);
#endif
    e->set = 0;
}

static void event_lock(struct event *e)
{
#ifdef _WIN32
    EnterCriticalSection(&e->lock);
#else
    pthread_mutex_lock(&e->lock);
#endif
}

static void event_unlock(struct event *e)
{
#ifdef _WIN32
    LeaveCriticalSection(&e->lock);
#else
    pthread_mutex_unlock(&e->lock);
#endif
}

/* Call with the lock held. */
static void event_signal_locked(struct event *e)
{
    e->set = 1;
#ifdef _WIN32
    SetEvent(e->ev);
#else
    pthread_cond_broadcast(&e->cond);
#endif
}

/* Waits (lock held on entry and exit) until the event is set or timeout_ms passes (<0: no
 * limit); returns 1 if it was set, and clears it. */
static int event_wait_locked(struct event *e, long timeout_ms)
{
#ifdef _WIN32
    uint64_t deadline = timeout_ms < 0 ? 0 : now_ms() + (uint64_t)timeout_ms;
    while (!e->set) {
        DWORD wait = INFINITE;
        if (timeout_ms >= 0) {
            uint64_t t = now_ms();
            if (t >= deadline) break;
            wait = (DWORD)(deadline - t);
        }
        LeaveCriticalSection(&e->lock);
        WaitForSingleObject(e->ev, wait);
        EnterCriticalSection(&e->lock);
    }
#else
    struct timespec until;
    if (timeout_ms >= 0) {
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += timeout_ms / 1000;
        until.tv_nsec += (timeout_ms % 1000) * 1000000L;
        if (until.tv_nsec >= 1000000000L) { until.tv_sec++; until.tv_nsec -= 1000000000L; }
    }
    while (!e->set) {
        if (timeout_ms < 0) pthread_cond_wait(&e->cond, &e->lock);
        else if (pthread_cond_timedwait(&e->cond, &e->lock, &until)) break;
    }
#endif
    int was = e->set;
    e->set = 0;
    return was;
}

/* ------------------------------------------------------------------------ names */

static const struct { DWORD status; const char *name; } status_names[] = {
    { 0x00000001, "RESOLVING_NAME" },
    { 0x00000002, "NAME_RESOLVED" },
    { 0x00000004, "CONNECTING_TO_SERVER" },
    { 0x00000008, "CONNECTED_TO_SERVER" },
    { 0x00000010, "SENDING_REQUEST" },
    { 0x00000020, "REQUEST_SENT" },
    { 0x00000040, "RECEIVING_RESPONSE" },
    { 0x00000080, "RESPONSE_RECEIVED" },
    { 0x00000100, "CLOSING_CONNECTION" },
    { 0x00000200, "CONNECTION_CLOSED" },
    { 0x00000400, "HANDLE_CREATED" },
    { 0x00000800, "HANDLE_CLOSING" },
    { 0x00001000, "DETECTING_PROXY" },
    { 0x00004000, "REDIRECT" },
    { 0x00008000, "INTERMEDIATE_RESPONSE" },
    { 0x00010000, "SECURE_FAILURE" },
    { 0x00020000, "HEADERS_AVAILABLE" },
    { 0x00040000, "DATA_AVAILABLE" },
    { 0x00080000, "READ_COMPLETE" },
    { 0x00100000, "WRITE_COMPLETE" },
    { 0x00200000, "REQUEST_ERROR" },
    { 0x00400000, "SENDREQUEST_COMPLETE" },
    { 0x01000000, "GETPROXYFORURL_COMPLETE" },
    { 0x02000000, "CLOSE_COMPLETE" },
    { 0x04000000, "SHUTDOWN_COMPLETE" },
    { 0x08000000, "GETPROXYSETTINGS_COMPLETE" },
    { 0x10000000, "SETTINGS_WRITE_COMPLETE" },
    { 0x20000000, "SETTINGS_READ_COMPLETE" },
};

/* The function an async WINHTTP_ASYNC_RESULT::dwResult (API_*) names. */
static const char *api_name(DWORD_PTR api)
{
    switch (api) {
    case 1: return "WinHttpReceiveResponse";
    case 2: return "WinHttpQueryDataAvailable";
    case 3: return "WinHttpReadData";
    case 4: return "WinHttpWriteData";
    case 5: return "WinHttpSendRequest";
    case 6: return "WinHttpGetProxyForUrl";
    default: return "(async operation)";
    }
}

/* ------------------------------------------------------------------------ state */

struct options {
    const char *url;
    const char *method;
    const char **headers;
    int nheaders;
    char *data;             /* literal body (-d, --data-binary without @) */
    size_t data_len;
    int have_data;
    const char *data_file;  /* --data-binary @FILE / -d @FILE; "-" is stdin */
    const char *output;
    const char *agent;
    const char *proxy;
    const char *user, *proxy_user;   /* -u / --proxy-user "name:password" */
    int noproxy, head, include, verbose, silent, insecure, fail_http, async, no_location, compressed;
    int manual_chunks, has_content_type;
    long max_time_ms;       /* < 0: none */
};

/* Everything the callback and the main flow share; static, so a late notification on another
 * thread never touches freed memory. */
static struct app {
    const struct options *o;
    HINTERNET session, connect, request;
    struct event ev;
    /* the last async completion */
    DWORD status, value, error;
    DWORD_PTR api;
    int session_closed;
    /* progress meter */
    int meter;
    uint64_t start, last_draw, done, total;
    int drawn;
    const char *meter_label;
} app;

/* What run() allocates, freed by main whichever way run() ends. */
static struct owned {
    WCHAR *url, *host, *object, *agent, *proxy, *method;
    char *block;
    FILE *in;
} own;

static void free_owned(void)
{
    free(own.url); free(own.host); free(own.object); free(own.agent); free(own.proxy); free(own.method);
    free(own.block);
    if (own.in && own.in != stdin) fclose(own.in);
    memset(&own, 0, sizeof own);
}

/* ------------------------------------------------------------------------ failure */

/* Prints "winhttp-get: FUNCTION failed: NAME (CODE)" and returns the exit status for it:
 * an ERROR_WINHTTP_* error exits with its code - 12000, any other with EXIT_OTHER_ERROR. */
static int fail_with(const char *function, unsigned long e)
{
    const char *name = error_name(e);
    fflush(stdout);
    if (app.drawn) { fputc('\n', stderr); app.drawn = 0; }
    if (name) fprintf(stderr, PROG ": %s failed: %s (%lu)\n", function, name, e);
    else fprintf(stderr, PROG ": %s failed: error %lu\n", function, e);
    if (e > WINHTTP_BASE && e < WINHTTP_BASE + 200) return (int)(e - WINHTTP_BASE);
    return EXIT_OTHER_ERROR;
}

static int fail(const char *function)
{
    return fail_with(function, (unsigned long)GetLastError());
}

static int local_error(const char *what, const char *path)
{
    fflush(stdout);
    if (app.drawn) { fputc('\n', stderr); app.drawn = 0; }
    fprintf(stderr, PROG ": %s %s: %s\n", what, path, strerror(errno));
    return EXIT_LOCAL;
}

/* ------------------------------------------------------------------------ progress meter */

static void human(char *out, size_t n, double v)
{
    static const char *units[] = { "B", "KiB", "MiB", "GiB", "TiB" };
    int u = 0;
    while (v >= 1024.0 && u < 4) { v /= 1024.0; u++; }
    if (u) snprintf(out, n, "%.1f %s", v, units[u]);
    else snprintf(out, n, "%.0f %s", v, units[u]);
}

static void meter_start(const char *label, uint64_t total)
{
    app.meter_label = label;
    app.start = app.last_draw = now_ms();
    app.done = 0;
    app.total = total;
}

/* Redraws the meter at most 5 times a second, and only once the transfer has taken a second. */
static void meter_update(uint64_t bytes, int final)
{
    app.done += bytes;
    if (!app.meter) return;
    uint64_t t = now_ms();
    if (!final && (t - app.start < 1000 || t - app.last_draw < 200)) return;
    if (final && !app.drawn) return;
    app.last_draw = t;
    double secs = (double)(t - app.start) / 1000.0;
    char got[32], total[32], rate[32];
    human(got, sizeof got, (double)app.done);
    human(rate, sizeof rate, secs > 0 ? (double)app.done / secs : 0.0);
    if (app.total) {
        int pct = (int)(app.done * 100 / app.total), width = 30, fill = pct * width / 100;
        char bar[64];
        for (int i = 0; i < width; i++) bar[i] = i < fill ? '#' : '-';
        bar[width] = 0;
        human(total, sizeof total, (double)app.total);
        fprintf(stderr, "\r%s [%s] %3d%%  %s / %s  %s/s   ", app.meter_label, bar, pct > 100 ? 100 : pct, got,
                total, rate);
    } else {
        fprintf(stderr, "\r%s %s  %s/s   ", app.meter_label, got, rate);
    }
    app.drawn = 1;
    if (final) { fputc('\n', stderr); app.drawn = 0; }
    fflush(stderr);
}

/* ------------------------------------------------------------------------ status callback */

static void print_wstr(FILE *f, const WCHAR *s, size_t max)
{
    size_t n = 0;
    while (n < max && s[n]) n++;
    put_utf16(f, s, n);
}

static void print_notification(HINTERNET h, DWORD status, LPVOID info, DWORD len)
{
    const char *name = NULL;
    for (size_t i = 0; i < sizeof status_names / sizeof status_names[0]; i++)
        if (status_names[i].status == status) name = status_names[i].name;
    if (app.drawn) { fputc('\n', stderr); app.drawn = 0; }
    fprintf(stderr, "* WINHTTP_CALLBACK_STATUS_%s (0x%08lx) on 0x%llx", name ? name : "UNKNOWN",
            (unsigned long)status, (unsigned long long)(uintptr_t)h);
    switch (status) {
    case WINHTTP_CALLBACK_STATUS_RESOLVING_NAME:
    case WINHTTP_CALLBACK_STATUS_NAME_RESOLVED:
    case WINHTTP_CALLBACK_STATUS_CONNECTING_TO_SERVER:
    case WINHTTP_CALLBACK_STATUS_CONNECTED_TO_SERVER:
    case WINHTTP_CALLBACK_STATUS_REDIRECT:
        if (info) { fputs(": ", stderr); print_wstr(stderr, (const WCHAR *)info, 8192); }
        break;
    case WINHTTP_CALLBACK_STATUS_REQUEST_SENT:
    case WINHTTP_CALLBACK_STATUS_RESPONSE_RECEIVED:
    case WINHTTP_CALLBACK_STATUS_DATA_AVAILABLE:
    case WINHTTP_CALLBACK_STATUS_WRITE_COMPLETE:
        if (info && len >= sizeof(DWORD)) fprintf(stderr, ": %lu bytes", (unsigned long)*(DWORD *)info);
        break;
    case WINHTTP_CALLBACK_STATUS_INTERMEDIATE_RESPONSE:
        if (info && len >= sizeof(DWORD)) fprintf(stderr, ": status %lu", (unsigned long)*(DWORD *)info);
        break;
    case WINHTTP_CALLBACK_STATUS_SECURE_FAILURE:
        if (info && len >= sizeof(DWORD)) fprintf(stderr, ": flags 0x%08lx", (unsigned long)*(DWORD *)info);
        break;
    case WINHTTP_CALLBACK_STATUS_HANDLE_CREATED:
    case WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING:
        if (info && len >= sizeof(HINTERNET))
            fprintf(stderr, ": handle 0x%llx", (unsigned long long)(uintptr_t)*(HINTERNET *)info);
        break;
    case WINHTTP_CALLBACK_STATUS_READ_COMPLETE:
        fprintf(stderr, ": %lu bytes", (unsigned long)len);
        break;
    case WINHTTP_CALLBACK_STATUS_REQUEST_ERROR:
        if (info) {
            const WINHTTP_ASYNC_RESULT *r = (const WINHTTP_ASYNC_RESULT *)info;
            const char *en = error_name((unsigned long)r->dwError);
            fprintf(stderr, ": %s, %s (%lu)", api_name(r->dwResult), en ? en : "error", (unsigned long)r->dwError);
        }
        break;
    default:
        if (len) fprintf(stderr, ": %lu bytes of information", (unsigned long)len);
        break;
    }
    fputc('\n', stderr);
}

static void CALLBACK on_status(HINTERNET h, DWORD_PTR context, DWORD status, LPVOID info, DWORD len)
{
    (void)context;
    if (app.o->verbose) print_notification(h, status, info, len);
    if (!app.o->async) return;
    DWORD value = 0, error = 0;
    DWORD_PTR api = 0;
    switch (status) {
    case WINHTTP_CALLBACK_STATUS_SENDREQUEST_COMPLETE:
    case WINHTTP_CALLBACK_STATUS_HEADERS_AVAILABLE:
        break;
    case WINHTTP_CALLBACK_STATUS_WRITE_COMPLETE:
    case WINHTTP_CALLBACK_STATUS_DATA_AVAILABLE:
        value = info ? *(DWORD *)info : 0;
        break;
    case WINHTTP_CALLBACK_STATUS_READ_COMPLETE:
        value = len;
        break;
    case WINHTTP_CALLBACK_STATUS_REQUEST_ERROR: {
        const WINHTTP_ASYNC_RESULT *r = (const WINHTTP_ASYNC_RESULT *)info;
        error = r ? r->dwError : ERROR_WINHTTP_INTERNAL_ERROR;
        api = r ? r->dwResult : 0;
        break;
    }
    case WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING:
        if (h != app.session) return;
        event_lock(&app.ev);
        app.session_closed = 1;
        event_signal_locked(&app.ev);
        event_unlock(&app.ev);
        return;
    default:
        return;
    }
    event_lock(&app.ev);
    app.status = status;
    app.value = value;
    app.error = error;
    app.api = api;
    event_signal_locked(&app.ev);
    event_unlock(&app.ev);
}

/* ------------------------------------------------------------------------ calls */

static uint64_t deadline;   /* --max-time: 0 = none */

static long remaining_ms(void)
{
    if (!deadline) return -1;
    uint64_t t = now_ms();
    return t >= deadline ? 0 : (long)(deadline - t);
}

/* After an async call returned TRUE: waits for its completion (expected) or REQUEST_ERROR.
 * Returns 0 with *value set, or the exit status after printing the failure. */
static int await(const char *function, DWORD expected, DWORD *value)
{
    event_lock(&app.ev);
    int got = event_wait_locked(&app.ev, remaining_ms());
    DWORD status = app.status, v = app.value, error = app.error;
    DWORD_PTR api = app.api;
    event_unlock(&app.ev);
    if (!got) {
        /* --max-time ran out: closing the request cancels the pending operation. */
        return fail_with(function, ERROR_WINHTTP_TIMEOUT);
    }
    if (status == WINHTTP_CALLBACK_STATUS_REQUEST_ERROR) return fail_with(api_name(api), error);
    if (status != expected) {
        fprintf(stderr, PROG ": %s: unexpected completion 0x%08lx\n", function, (unsigned long)status);
        return EXIT_OTHER_ERROR;
    }
    if (value) *value = v;
    return 0;
}

static int over_time(const char *function)
{
    if (deadline && now_ms() >= deadline) return fail_with(function, ERROR_WINHTTP_TIMEOUT);
    return 0;
}

static int write_data(const void *p, DWORD n)
{
    DWORD written = 0;
    int rc;
    if ((rc = over_time("WinHttpWriteData"))) return rc;
    if (!WinHttpWriteData(app.request, p, n, app.o->async ? NULL : &written)) return fail("WinHttpWriteData");
    if (app.o->async && (rc = await("WinHttpWriteData", WINHTTP_CALLBACK_STATUS_WRITE_COMPLETE, &written))) return rc;
    if (written != n) {
        fprintf(stderr, PROG ": WinHttpWriteData wrote %lu of %lu bytes\n", (unsigned long)written, (unsigned long)n);
        return EXIT_OTHER_ERROR;
    }
    return 0;
}

/* Queries a header block (RAW_HEADERS_CRLF, of the response or with
 * WINHTTP_QUERY_FLAG_REQUEST_HEADERS of the request); NULL on failure. */
static WCHAR *query_raw(DWORD level)
{
    DWORD len = 0;
    WCHAR *buf;
    if (WinHttpQueryHeaders(app.request, level, WINHTTP_HEADER_NAME_BY_INDEX, NULL, &len, WINHTTP_NO_HEADER_INDEX))
        return calloc(1, sizeof(WCHAR));
    if (GetLastError() != ERROR_INSUFFICIENT_BUFFER) return NULL;
    buf = calloc(len / sizeof(WCHAR) + 1, sizeof(WCHAR));
    if (!buf) return NULL;
    if (!WinHttpQueryHeaders(app.request, level, WINHTTP_HEADER_NAME_BY_INDEX, buf, &len, WINHTTP_NO_HEADER_INDEX)) {
        free(buf);
        return NULL;
    }
    return buf;
}

/* Prints each line of a CRLF header block with a prefix ("> ", "< "), as -v does. */
static void print_prefixed(const WCHAR *h, const char *prefix)
{
    size_t n = wlen(h), start = 0;
    for (size_t i = 0; i < n; i++) {
        if (h[i] != '\n') continue;
        size_t end = i;
        if (end > start && h[end - 1] == '\r') end--;
        fputs(prefix, stderr);
        put_utf16(stderr, h + start, end - start);
        fputc('\n', stderr);
        start = i + 1;
    }
}

/* ------------------------------------------------------------------------ the request body */

/* Sends the body after WinHttpSendRequest: from a file of known size (Content-Length) or, when
 * chunked, read until EOF and framed by WinHTTP (automatic chunking) or here. buf has
 * CHUNK_HEAD bytes of room before it and 2 after. */
static int send_body(FILE *in, const char *path, int chunked, int manual, uint64_t size, char *buf)
{
    int rc = 0;
    uint64_t sent = 0;
    meter_start("upload  ", chunked ? 0 : size);
    for (;;) {
        size_t want = BUF_SIZE;
        if (!chunked && size - sent < want) want = (size_t)(size - sent);
        if (!want) break;
        size_t n = fread(buf, 1, want, in);
        if (!n) {
            if (ferror(in)) return local_error("cannot read", path);
            break;
        }
        if (chunked && manual) {
            char head[CHUNK_HEAD + 1];
            int hl = snprintf(head, sizeof head, "%lx\r\n", (unsigned long)n);
            memcpy(buf - hl, head, (size_t)hl);
            buf[n] = '\r';
            buf[n + 1] = '\n';
            rc = write_data(buf - hl, (DWORD)(n + (size_t)hl + 2));
        } else {
            rc = write_data(buf, (DWORD)n);
        }
        if (rc) return rc;
        sent += n;
        meter_update(n, 0);
    }
    if (chunked && manual && (rc = write_data("0\r\n\r\n", 5))) return rc;
    if (!chunked && sent != size) {
        fprintf(stderr, PROG ": %s: %llu bytes read, %llu expected\n", path, (unsigned long long)sent,
                (unsigned long long)size);
        return EXIT_LOCAL;
    }
    meter_update(0, 1);
    return 0;
}

/* ------------------------------------------------------------------------ usage */

static int usage(FILE *f, int status)
{
    fputs("usage: " PROG " [options] URL\n"
          "A curl-like HTTP client written on the WinHTTP API.\n"
          "\n"
          "  -X, --request METHOD     request method (default GET, POST with data, HEAD with -I)\n"
          "  -H, --header 'Name: v'   add a request header (repeatable)\n"
          "  -d, --data DATA          send DATA as the body (repeated -d are joined with '&');\n"
          "                           -d @FILE is --data-binary @FILE\n"
          "      --data-binary DATA|@FILE|@-\n"
          "                           send DATA, or FILE's bytes, or stdin's; stdin and files of\n"
          "                           unknown size (pipes) go with Transfer-Encoding: chunked\n"
          "      --manual-chunks      frame a chunked body here instead of with\n"
          "                           WINHTTP_FLAG_AUTOMATIC_CHUNKING (always so without it)\n"
          "  -o, --output FILE        write the body (and headers with -i/-I) to FILE\n"
          "  -I, --head               send HEAD and print the response headers\n"
          "  -i, --include            print the response headers before the body\n"
          "  -v, --verbose            print every status-callback notification (*), the request\n"
          "                           headers (>) and the response headers (<) on stderr\n"
          "  -s, --silent             no progress meter (shown on a terminal for long transfers)\n"
          "  -f, --fail               exit with 22 when the HTTP status is 400 or more\n"
          "  -k, --insecure           ignore certificate errors (WINHTTP_OPTION_SECURITY_FLAGS)\n"
          "  -L, --location           follow redirects (the default: WinHTTP follows them)\n"
          "      --no-location        do not follow redirects (WINHTTP_DISABLE_REDIRECTS)\n"
          "      --compressed         ask for gzip/deflate and decode (WINHTTP_OPTION_DECOMPRESSION)\n"
          "  -m, --max-time SECONDS   give up after SECONDS (also sets every WinHTTP timeout)\n"
          "  -A, --user-agent NAME    the User-Agent (default " PROG "/1.0)\n"
          "  -u, --user NAME:PASSWORD credentials for the server's Basic or Digest challenge\n"
          "                           (WINHTTP_OPTION_USERNAME / PASSWORD)\n"
          "      --proxy-user NAME:PASSWORD  the same for the proxy\n"
          "  -x, --proxy HOST:PORT    use a named proxy; --noproxy: no proxy at all\n"
          "                           (default: the WinHTTP default proxy configuration)\n"
          "      --async              use WINHTTP_FLAG_ASYNC, waiting for each completion\n"
          "  -h, --help               this text\n"
          "\n"
          "Exit status: 0 on success, whatever the HTTP status (unless -f);\n"
          "  1-199  a WinHTTP function failed with ERROR_WINHTTP_*: the error code - 12000\n"
          "         (e.g. 2 TIMEOUT, 5 INVALID_URL, 6 UNRECOGNIZED_SCHEME, 7 NAME_NOT_RESOLVED,\n"
          "         29 CANNOT_CONNECT, 30 CONNECTION_ERROR, 152 INVALID_SERVER_RESPONSE)\n"
          "  22     -f and an HTTP status of 400 or more\n"
          "  64     bad usage\n"
          "  200    a WinHTTP function failed with another Windows error\n"
          "  201    a local file could not be opened, read or written\n",
          f);
    return status;
}

/* ------------------------------------------------------------------------ main */

static int append_data(struct options *o, const char *s)
{
    size_t n = strlen(s), extra = o->have_data && o->data_len ? 1 : 0;
    char *d = realloc(o->data, o->data_len + extra + n + 1);
    if (!d) return 0;
    if (extra) d[o->data_len++] = '&';
    memcpy(d + o->data_len, s, n + 1);
    o->data = d;
    o->data_len += n;
    o->have_data = 1;
    return 1;
}

static int parse_args(struct options *o, int argc, char **argv)
{
    memset(o, 0, sizeof *o);
    o->max_time_ms = -1;
    o->headers = calloc((size_t)argc, sizeof *o->headers);
    if (!o->headers) return EXIT_OTHER_ERROR;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
#define IS(s, l) (!strcmp(a, s) || !strcmp(a, l))
#define ARG() (i + 1 < argc ? argv[++i] : NULL)
        const char *v;
        if (IS("-h", "--help")) exit(usage(stdout, 0));
        else if (IS("-I", "--head")) o->head = 1;
        else if (IS("-i", "--include")) o->include = 1;
        else if (IS("-v", "--verbose")) o->verbose = 1;
        else if (IS("-s", "--silent")) o->silent = 1;
        else if (IS("-f", "--fail")) o->fail_http = 1;
        else if (IS("-k", "--insecure")) o->insecure = 1;
        else if (IS("-L", "--location")) o->no_location = 0;
        else if (!strcmp(a, "--no-location")) o->no_location = 1;
        else if (!strcmp(a, "--compressed")) o->compressed = 1;
        else if (!strcmp(a, "--async")) o->async = 1;
        else if (!strcmp(a, "--manual-chunks")) o->manual_chunks = 1;
        else if (!strcmp(a, "--noproxy")) o->noproxy = 1;
        else if (IS("-X", "--request")) { if (!(o->method = ARG())) return EXIT_USAGE; }
        else if (IS("-o", "--output")) { if (!(o->output = ARG())) return EXIT_USAGE; }
        else if (IS("-A", "--user-agent")) { if (!(o->agent = ARG())) return EXIT_USAGE; }
        else if (IS("-x", "--proxy")) { if (!(o->proxy = ARG())) return EXIT_USAGE; }
        else if (IS("-u", "--user")) { if (!(o->user = ARG())) return EXIT_USAGE; }
        else if (!strcmp(a, "--proxy-user")) { if (!(o->proxy_user = ARG())) return EXIT_USAGE; }
        else if (IS("-H", "--header")) {
            if (!(v = ARG())) return EXIT_USAGE;
            o->headers[o->nheaders++] = v;
            if (!strncmp(v, "Content-Type:", 13) || !strncmp(v, "content-type:", 13)) o->has_content_type = 1;
        } else if (IS("-d", "--data") || !strcmp(a, "--data-binary")) {
            if (!(v = ARG())) return EXIT_USAGE;
            if (v[0] == '@') {
                if (o->have_data) return EXIT_USAGE;
                o->data_file = v + 1;
                o->have_data = 1;
            } else {
                if (o->data_file) return EXIT_USAGE;
                if (!append_data(o, v)) return EXIT_OTHER_ERROR;
            }
        } else if (IS("-m", "--max-time")) {
            char *end;
            if (!(v = ARG())) return EXIT_USAGE;
            double s = strtod(v, &end);
            if (*end || s < 0 || s > 2e6) return EXIT_USAGE;
            o->max_time_ms = (long)(s * 1000.0);
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, PROG ": unknown option %s\n", a);
            return EXIT_USAGE;
        } else if (o->url) {
            return EXIT_USAGE;
        } else {
            o->url = a;
        }
#undef IS
#undef ARG
    }
    return o->url ? 0 : EXIT_USAGE;
}

/* The request, once options are parsed and the output is open. */
static int run(const struct options *o, FILE *out)
{
    int rc;
    WCHAR *url = own.url = to_utf16(o->url);
    URL_COMPONENTS uc;
    memset(&uc, 0, sizeof uc);
    uc.dwStructSize = sizeof uc;
    uc.dwHostNameLength = uc.dwUrlPathLength = uc.dwExtraInfoLength = (DWORD)-1;
    if (!WinHttpCrackUrl(url, 0, 0, &uc)) return fail("WinHttpCrackUrl");
    /* The host is a pointer into url: terminate copies. The object name is path + query; the
     * fragment never goes on the wire. */
    WCHAR *host = own.host = calloc((size_t)uc.dwHostNameLength + 1, sizeof(WCHAR));
    WCHAR *object = own.object = calloc((size_t)uc.dwUrlPathLength + uc.dwExtraInfoLength + 2, sizeof(WCHAR));
    if (!host || !object) return fail_with("calloc", ERROR_NOT_ENOUGH_MEMORY);
    memcpy(host, uc.lpszHostName, uc.dwHostNameLength * sizeof(WCHAR));
    size_t on = 0;
    if (!uc.dwUrlPathLength) object[on++] = '/';
    memcpy(object + on, uc.lpszUrlPath, uc.dwUrlPathLength * sizeof(WCHAR));
    on += uc.dwUrlPathLength;
    for (DWORD i = 0; i < uc.dwExtraInfoLength && uc.lpszExtraInfo[i] != '#'; i++) object[on++] = uc.lpszExtraInfo[i];
    if (o->verbose) {
        fprintf(stderr, "* URL: host ");
        put_utf16(stderr, host, wlen(host));
        fprintf(stderr, ", port %u, %s, object ", (unsigned)uc.nPort, uc.nScheme == INTERNET_SCHEME_HTTPS ? "https" : "http");
        put_utf16(stderr, object, on);
        fputc('\n', stderr);
    }

    /* The body source and its size. */
    FILE *in = NULL;
    int chunked = 0, manual = o->manual_chunks;
    uint64_t body_size = 0;
    if (o->data_file) {
        if (!strcmp(o->data_file, "-")) {
            in = stdin;
            chunked = 1;
        } else {
            in = own.in = fopen(o->data_file, "rb");
            if (!in) return local_error("cannot open", o->data_file);
            int64_t s = regular_size(in);
            if (s < 0) chunked = 1;
            else body_size = (uint64_t)s;
        }
    } else if (o->have_data) {
        body_size = o->data_len;
    }
#ifndef WINHTTP_FLAG_AUTOMATIC_CHUNKING
    manual = 1;
#endif

    WCHAR *agent = own.agent = to_utf16(o->agent ? o->agent : PROG "/1.0");
    WCHAR *proxy = own.proxy = o->proxy ? to_utf16(o->proxy) : NULL;
    DWORD access = proxy ? WINHTTP_ACCESS_TYPE_NAMED_PROXY
                   : o->noproxy ? WINHTTP_ACCESS_TYPE_NO_PROXY : WINHTTP_ACCESS_TYPE_DEFAULT_PROXY;
    app.session = WinHttpOpen(agent, access, proxy ? proxy : WINHTTP_NO_PROXY_NAME, WINHTTP_NO_PROXY_BYPASS,
                              o->async ? WINHTTP_FLAG_ASYNC : 0);
    if (!app.session) return fail("WinHttpOpen");
    DWORD_PTR ctx = (DWORD_PTR)&app;
    /* A non-zero context value on each handle, so each one's HANDLE_CLOSING comes. */
    if (!WinHttpSetOption(app.session, WINHTTP_OPTION_CONTEXT_VALUE, &ctx, sizeof ctx))
        return fail("WinHttpSetOption(WINHTTP_OPTION_CONTEXT_VALUE)");
    if (o->max_time_ms >= 0) {
        int t = o->max_time_ms > 0x7fffffff ? 0x7fffffff : (int)o->max_time_ms;
        if (!WinHttpSetTimeouts(app.session, t, t, t, t)) return fail("WinHttpSetTimeouts");
    }
    if ((o->verbose || o->async) &&
        WinHttpSetStatusCallback(app.session, on_status, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0) ==
            WINHTTP_INVALID_STATUS_CALLBACK)
        return fail("WinHttpSetStatusCallback");

    app.connect = WinHttpConnect(app.session, host, uc.nPort, 0);
    if (!app.connect) return fail("WinHttpConnect");
    WinHttpSetOption(app.connect, WINHTTP_OPTION_CONTEXT_VALUE, &ctx, sizeof ctx);

    const char *method = o->method ? o->method : o->head ? "HEAD" : o->have_data ? "POST" : "GET";
    WCHAR *wmethod = own.method = to_utf16(method);
    DWORD flags = uc.nScheme == INTERNET_SCHEME_HTTPS ? WINHTTP_FLAG_SECURE : 0;
#ifdef WINHTTP_FLAG_AUTOMATIC_CHUNKING
    if (chunked && !manual) flags |= WINHTTP_FLAG_AUTOMATIC_CHUNKING;
#endif
    app.request = WinHttpOpenRequest(app.connect, wmethod, object, NULL, WINHTTP_NO_REFERER,
                                     WINHTTP_DEFAULT_ACCEPT_TYPES, flags);
    if (!app.request) return fail("WinHttpOpenRequest");
    if (!WinHttpSetOption(app.request, WINHTTP_OPTION_CONTEXT_VALUE, &ctx, sizeof ctx))
        return fail("WinHttpSetOption(WINHTTP_OPTION_CONTEXT_VALUE)");
    if (o->insecure) {
        DWORD sec = SECURITY_FLAG_IGNORE_UNKNOWN_CA | SECURITY_FLAG_IGNORE_CERT_DATE_INVALID |
                    SECURITY_FLAG_IGNORE_CERT_CN_INVALID | SECURITY_FLAG_IGNORE_CERT_WRONG_USAGE;
        if (!WinHttpSetOption(app.request, WINHTTP_OPTION_SECURITY_FLAGS, &sec, sizeof sec) && o->verbose)
            fprintf(stderr, "* -k: WINHTTP_OPTION_SECURITY_FLAGS not set (error %lu)\n", (unsigned long)GetLastError());
    }
    if (o->no_location) {
        DWORD feature = WINHTTP_DISABLE_REDIRECTS;
        if (!WinHttpSetOption(app.request, WINHTTP_OPTION_DISABLE_FEATURE, &feature, sizeof feature))
            return fail("WinHttpSetOption(WINHTTP_OPTION_DISABLE_FEATURE)");
    }
#ifdef WINHTTP_OPTION_DECOMPRESSION
    if (o->compressed) {
        DWORD flags = WINHTTP_DECOMPRESSION_FLAG_ALL;
        if (!WinHttpSetOption(app.request, WINHTTP_OPTION_DECOMPRESSION, &flags, sizeof flags))
            return fail("WinHttpSetOption(WINHTTP_OPTION_DECOMPRESSION)");
    }
#endif
    /* Credentials as options: WinHTTP answers the challenge the server (proxy) offers. */
    const char *creds[2] = { o->user, o->proxy_user };
    const DWORD cred_options[2][2] = { { WINHTTP_OPTION_USERNAME, WINHTTP_OPTION_PASSWORD },
                                       { WINHTTP_OPTION_PROXY_USERNAME, WINHTTP_OPTION_PROXY_PASSWORD } };
    for (int k = 0; k < 2; k++) {
        if (!creds[k]) continue;
        const char *colon = strchr(creds[k], ':');
        size_t ulen = colon ? (size_t)(colon - creds[k]) : strlen(creds[k]);
        char *name = malloc(ulen + 1);
        if (!name) return fail("malloc");
        memcpy(name, creds[k], ulen);
        name[ulen] = 0;
        WCHAR *wname = to_utf16(name), *wpass = to_utf16(colon ? colon + 1 : "");
        BOOL ok = WinHttpSetOption(app.request, cred_options[k][0], wname, (DWORD)wlen(wname)) &&
                  WinHttpSetOption(app.request, cred_options[k][1], wpass, (DWORD)wlen(wpass));
        free(name);
        free(wname);
        free(wpass);
        if (!ok) return fail("WinHttpSetOption(credentials)");
    }
    for (int i = 0; i < o->nheaders; i++) {
        WCHAR *h = to_utf16(o->headers[i]);
        BOOL ok = WinHttpAddRequestHeaders(app.request, h, (DWORD)-1, WINHTTP_ADDREQ_FLAG_ADD);
        free(h);
        if (!ok) return fail("WinHttpAddRequestHeaders");
    }
    if (o->have_data && !o->has_content_type &&
        !WinHttpAddRequestHeaders(app.request, (LPCWSTR)u"Content-Type: application/x-www-form-urlencoded", (DWORD)-1,
                                  WINHTTP_ADDREQ_FLAG_ADD))
        return fail("WinHttpAddRequestHeaders");
    /* A chunked body framed here announces itself; automatic chunking adds the header itself.
     * A body over 4 GiB cannot be announced in the DWORD total length: Content-Length goes as
     * a header with WINHTTP_IGNORE_REQUEST_TOTAL_LENGTH (WinHttpSendRequest remarks). */
    DWORD total = (DWORD)body_size;
    if (chunked && manual &&
        !WinHttpAddRequestHeaders(app.request, (LPCWSTR)u"Transfer-Encoding: chunked", (DWORD)-1, WINHTTP_ADDREQ_FLAG_ADD))
        return fail("WinHttpAddRequestHeaders");
    if (chunked) total = WINHTTP_IGNORE_REQUEST_TOTAL_LENGTH;
    if (!chunked && body_size > 0xffffffffu) {
        char line[64];
        snprintf(line, sizeof line, "Content-Length: %llu", (unsigned long long)body_size);
        WCHAR *h = to_utf16(line);
        BOOL ok = WinHttpAddRequestHeaders(app.request, h, (DWORD)-1, WINHTTP_ADDREQ_FLAG_ADD);
        free(h);
        if (!ok) return fail("WinHttpAddRequestHeaders");
        total = WINHTTP_IGNORE_REQUEST_TOTAL_LENGTH;
    }

    /* A literal body goes with the request itself; a file's through WinHttpWriteData. */
    LPVOID optional = o->have_data && !o->data_file ? o->data : WINHTTP_NO_REQUEST_DATA;
    DWORD optional_len = o->have_data && !o->data_file ? (DWORD)o->data_len : 0;
    if (!WinHttpSendRequest(app.request, WINHTTP_NO_ADDITIONAL_HEADERS, 0, optional, optional_len, total, ctx))
        return fail("WinHttpSendRequest");
    if (o->async && (rc = await("WinHttpSendRequest", WINHTTP_CALLBACK_STATUS_SENDREQUEST_COMPLETE, NULL))) return rc;
    if (o->verbose) {
        WCHAR *h = query_raw(WINHTTP_QUERY_RAW_HEADERS_CRLF | WINHTTP_QUERY_FLAG_REQUEST_HEADERS);
        if (h) print_prefixed(h, "> ");
        free(h);
    }

    char *block = own.block = malloc(BUF_SIZE + CHUNK_HEAD + 2);
    if (!block) return fail_with("malloc", ERROR_NOT_ENOUGH_MEMORY);
    char *buf = block + CHUNK_HEAD;
    if (in) {
        if ((rc = send_body(in, o->data_file, chunked, manual, body_size, buf))) return rc;
    }

    if ((rc = over_time("WinHttpReceiveResponse"))) return rc;
    if (!WinHttpReceiveResponse(app.request, NULL)) return fail("WinHttpReceiveResponse");
    if (o->async && (rc = await("WinHttpReceiveResponse", WINHTTP_CALLBACK_STATUS_HEADERS_AVAILABLE, NULL))) return rc;

    DWORD code = 0, code_len = sizeof code;
    if (!WinHttpQueryHeaders(app.request, WINHTTP_QUERY_STATUS_CODE | WINHTTP_QUERY_FLAG_NUMBER,
                             WINHTTP_HEADER_NAME_BY_INDEX, &code, &code_len, WINHTTP_NO_HEADER_INDEX))
        return fail("WinHttpQueryHeaders(WINHTTP_QUERY_STATUS_CODE)");
    if (o->verbose || o->include || o->head) {
        WCHAR *h = query_raw(WINHTTP_QUERY_RAW_HEADERS_CRLF);
        if (!h) return fail("WinHttpQueryHeaders(WINHTTP_QUERY_RAW_HEADERS_CRLF)");
        if (o->verbose) print_prefixed(h, "< ");
        if (o->include || o->head) put_utf16(out, h, wlen(h));
        free(h);
    }
    uint64_t length = 0;
    {
        WCHAR cl[32];
        DWORD cl_len = sizeof cl;
        if (WinHttpQueryHeaders(app.request, WINHTTP_QUERY_CONTENT_LENGTH, WINHTTP_HEADER_NAME_BY_INDEX, cl, &cl_len,
                                WINHTTP_NO_HEADER_INDEX))
            for (DWORD i = 0; i < cl_len / sizeof(WCHAR) && cl[i] >= '0' && cl[i] <= '9'; i++)
                length = length * 10 + (uint64_t)(cl[i] - '0');
    }

    /* The body: ask what is there, then read as much as the buffer holds. */
    meter_start("download", length);
    for (;;) {
        DWORD avail = 0, got = 0;
        if ((rc = over_time("WinHttpQueryDataAvailable"))) return rc;
        if (!WinHttpQueryDataAvailable(app.request, o->async ? NULL : &avail)) return fail("WinHttpQueryDataAvailable");
        if (o->async && (rc = await("WinHttpQueryDataAvailable", WINHTTP_CALLBACK_STATUS_DATA_AVAILABLE, &avail)))
            return rc;
        if (!avail) break;
        if (!WinHttpReadData(app.request, buf, BUF_SIZE, o->async ? NULL : &got)) return fail("WinHttpReadData");
        if (o->async && (rc = await("WinHttpReadData", WINHTTP_CALLBACK_STATUS_READ_COMPLETE, &got))) return rc;
        if (!got) break;
        if (!o->head && fwrite(buf, 1, got, out) != got) return local_error("cannot write", o->output ? o->output : "stdout");
        meter_update(got, 0);
    }
    meter_update(0, 1);
    if (fflush(out)) return local_error("cannot write", o->output ? o->output : "stdout");
    if (o->verbose) fprintf(stderr, "* HTTP status %lu\n", (unsigned long)code);
    if (o->fail_http && code >= 400) {
        fprintf(stderr, PROG ": the server answered with HTTP status %lu\n", (unsigned long)code);
        return EXIT_HTTP;
    }
    return 0;
}

/* Closes the handles, request first; with --async waits (briefly) for the session's
 * HANDLE_CLOSING, the last notification, so the process does not end under a callback. */
static void close_all(void)
{
    if (app.request) WinHttpCloseHandle(app.request);
    if (app.connect) WinHttpCloseHandle(app.connect);
    if (!app.session) return;
    WinHttpCloseHandle(app.session);
    if (!app.o->async) return;
    uint64_t until = now_ms() + 2000;
    event_lock(&app.ev);
    while (!app.session_closed && now_ms() < until) event_wait_locked(&app.ev, 100);
    event_unlock(&app.ev);
}

int main(int argc, char **argv)
{
    static struct options o;
    int rc = parse_args(&o, argc, argv);
    if (rc) {
        if (rc == EXIT_USAGE) usage(stderr, rc);
        return rc;
    }
    app.o = &o;
    event_init(&app.ev);
    if (o.max_time_ms >= 0) deadline = now_ms() + (uint64_t)o.max_time_ms;
#ifdef _WIN32
    _setmode(_fileno(stdout), _O_BINARY);
    _setmode(_fileno(stdin), _O_BINARY);
#endif
    FILE *out = stdout;
    if (o.output && strcmp(o.output, "-")) {
        out = fopen(o.output, "wb");
        if (!out) return local_error("cannot create", o.output);
    }
    /* The meter goes to a terminal's stderr, unless the body goes to that terminal too. */
    app.meter = !o.silent && !o.verbose && is_tty(stderr) && (out != stdout || !is_tty(stdout));
    rc = run(&o, out);
    close_all();
    free_owned();
    free(o.headers);
    free(o.data);
    if (out != stdout && fclose(out) && !rc) rc = local_error("cannot write", o.output);
    return rc;
}
