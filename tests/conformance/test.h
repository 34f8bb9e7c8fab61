/* Tiny test harness shared by the conformance programs.
 * The same C11 source builds natively (against our include/winhttp.h, linked to libwinhttp.so)
 * and as a Windows .exe with mingw against mingw's own winhttp.h, so only portable C and the
 * compat helpers below are used: u"" literals, no wcs* functions. */
#ifndef CONFORMANCE_TEST_H
#define CONFORMANCE_TEST_H

#if !defined(_WIN32) && !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 200809L /* clock_gettime, nanosleep, setenv under -std=c11 */
#endif
#ifdef _WIN32
#include <windows.h>
#endif
#include <winhttp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int test_passed, test_failed;
static const char *test_file_name;

#define ok(cond, ...) test_ok((cond) != 0, __FILE__, __LINE__, __VA_ARGS__)

static inline void test_ok(int cond, const char *file, int line, const char *fmt, ...)
{
    test_file_name = file;
    if (cond) { test_passed++; return; }
    test_failed++;
    va_list ap;
    va_start(ap, fmt);
    fprintf(stdout, "%s:%d: Test failed: ", file, line);
    vfprintf(stdout, fmt, ap);
    fputc('\n', stdout);
    va_end(ap);
}

/* Check a BOOL/handle result and the last error in one assertion each. */
#define expect_error(expected) do { DWORD e_ = GetLastError(); \
    ok(e_ == (DWORD)(expected), "expected error %lu, got %lu", (unsigned long)(expected), (unsigned long)e_); } while (0)

static inline int test_summary(void)
{
    printf("%d passed, %d failed\n", test_passed, test_failed);
    fflush(stdout);
    return test_failed ? 1 : 0;
}

/* UTF-16 string helpers (no wcs* functions: WCHAR is 16-bit on both sides). */
static inline size_t u16len(const WCHAR *s) { size_t n = 0; while (s && s[n]) n++; return n; }
static inline int u16cmp(const WCHAR *a, const WCHAR *b)
{
    if (!a || !b) return a != b;
    while (*a && *a == *b) { a++; b++; }
    return (int)*a - (int)*b;
}
static inline int u16ncmp(const WCHAR *a, const WCHAR *b, size_t n)
{
    for (size_t i = 0; i < n; i++) { if (a[i] != b[i]) return (int)a[i] - (int)b[i]; if (!a[i]) return 0; }
    return 0;
}
/* Renders a UTF-16 string as ASCII for messages (non-ASCII shown as '?'). */
static inline const char *u16a(const WCHAR *s)
{
    static char bufs[4][512]; static int k;
    char *b = bufs[k++ & 3]; size_t i = 0;
    if (!s) return "(null)";
    for (; s[i] && i < 511; i++) b[i] = s[i] < 128 ? (char)s[i] : '?';
    b[i] = 0;
    return b;
}

/* Threads and events (compat: pthreads natively, Win32 under mingw). */
#ifdef _WIN32
typedef HANDLE test_thread;
typedef struct { void *(*fn)(void *); void *arg; } test_thread_start_;
static inline DWORD WINAPI test_thread_tramp_(LPVOID p)
{ test_thread_start_ s = *(test_thread_start_ *)p; free(p); s.fn(s.arg); return 0; }
static inline int test_thread_create(test_thread *t, void *(*fn)(void *), void *arg)
{
    test_thread_start_ *s = malloc(sizeof *s); s->fn = fn; s->arg = arg;
    *t = CreateThread(NULL, 0, test_thread_tramp_, s, 0, NULL);
    return *t ? 0 : -1;
}
static inline void test_thread_join(test_thread t) { WaitForSingleObject(t, INFINITE); CloseHandle(t); }
typedef HANDLE test_event;
static inline test_event test_event_create(void) { return CreateEventW(NULL, FALSE, FALSE, NULL); }
static inline void test_event_set(test_event e) { SetEvent(e); }
static inline int test_event_wait(test_event e, unsigned ms) { return WaitForSingleObject(e, ms) == WAIT_OBJECT_0; }
static inline void test_event_destroy(test_event e) { CloseHandle(e); }
static inline void test_sleep_ms(unsigned ms) { Sleep(ms); }
static inline int test_setenv(const char *k, const char *v) { return _putenv_s(k, v ? v : ""); }
#else
#include <pthread.h>
#include <time.h>
#include <errno.h>
typedef pthread_t test_thread;
static inline int test_thread_create(test_thread *t, void *(*fn)(void *), void *arg)
{ return pthread_create(t, NULL, fn, arg); }
static inline void test_thread_join(test_thread t) { pthread_join(t, NULL); }
typedef struct test_event_s { pthread_mutex_t m; pthread_cond_t c; int set; } *test_event;
static inline test_event test_event_create(void)
{
    test_event e = calloc(1, sizeof *e);
    pthread_mutex_init(&e->m, NULL); pthread_cond_init(&e->c, NULL);
    return e;
}
static inline void test_event_set(test_event e)
{ pthread_mutex_lock(&e->m); e->set = 1; pthread_cond_signal(&e->c); pthread_mutex_unlock(&e->m); }
static inline int test_event_wait(test_event e, unsigned ms)
{
    struct timespec ts; clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_sec += ms / 1000; ts.tv_nsec += (long)(ms % 1000) * 1000000L;
    if (ts.tv_nsec >= 1000000000L) { ts.tv_sec++; ts.tv_nsec -= 1000000000L; }
    pthread_mutex_lock(&e->m);
    int r = 0;
    while (!e->set && r != ETIMEDOUT) r = pthread_cond_timedwait(&e->c, &e->m, &ts);
    int got = e->set; e->set = 0;
    pthread_mutex_unlock(&e->m);
    return got;
}
static inline void test_event_destroy(test_event e)
{ pthread_mutex_destroy(&e->m); pthread_cond_destroy(&e->c); free(e); }
static inline void test_sleep_ms(unsigned ms)
{ struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L }; nanosleep(&ts, NULL); }
static inline int test_setenv(const char *k, const char *v) { return v ? setenv(k, v, 1) : unsetenv(k); }
#endif

/* Milliseconds from a monotonic clock. */
static inline unsigned long test_now_ms(void)
{
#ifdef _WIN32
    return (unsigned long)GetTickCount();
#else
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (unsigned long)ts.tv_sec * 1000ul + (unsigned long)(ts.tv_nsec / 1000000);
#endif
}

/* Text received from the test server, fit for a failure message: one line, the server's port
 * written as PORT (the native and the Windows runs use different servers, and their failure
 * lines are compared). Four calls may be in use at once. */
static inline const char *test_show(const char *s, int port)
{
    static char out[4][1024];
    static int k;
    char *o = out[k++ & 3], portstr[16];
    size_t n = 0, plen;
    snprintf(portstr, sizeof portstr, "%d", port);
    plen = strlen(portstr);
    while (*s && n < sizeof out[0] - 8) {
        if (s[0] == '\r') { o[n++] = '\\'; o[n++] = 'r'; s++; }
        else if (s[0] == '\n') { o[n++] = '\\'; o[n++] = 'n'; s++; }
        else if (!strncmp(s, portstr, plen)) { memcpy(o + n, "PORT", 4); n += 4; s += plen; }
        else o[n++] = *s++;
    }
    o[n] = 0;
    return o;
}

/* Reads the rest of a response body into buf (NUL-terminated, at most cap - 1 bytes); its
 * length, or -1 when WinHttpReadData fails. */
static inline long test_read_body(HINTERNET req, char *buf, size_t cap)
{
    long total = 0;
    for (;;) {
        DWORD n = 0;
        if ((size_t)total >= cap - 1) break;
        if (!WinHttpReadData(req, buf + total, (DWORD)(cap - 1 - (size_t)total), &n)) return -1;
        if (!n) break;
        total += (long)n;
    }
    buf[total] = 0;
    return total;
}

/* A session (no proxy; connect, send and receive timeouts of 10 s, so an engine waiting for a
 * response that cannot come costs 10 s, not 30) and a connection to the test server on
 * 127.0.0.1:port, each checked. */
static inline void test_open_loopback(int port, HINTERNET *ses, HINTERNET *con)
{
    *ses = WinHttpOpen((const WCHAR *)u"conformance", WINHTTP_ACCESS_TYPE_NO_PROXY, WINHTTP_NO_PROXY_NAME,
                       WINHTTP_NO_PROXY_BYPASS, 0);
    ok(*ses != NULL, "WinHttpOpen failed: %lu", (unsigned long)GetLastError());
    ok(WinHttpSetTimeouts(*ses, 0, 10000, 10000, 10000), "WinHttpSetTimeouts failed");
    *con = WinHttpConnect(*ses, (const WCHAR *)u"127.0.0.1", (INTERNET_PORT)port, 0);
    ok(*con != NULL, "WinHttpConnect failed: %lu", (unsigned long)GetLastError());
}

#endif
