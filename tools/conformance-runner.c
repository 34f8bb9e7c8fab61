/* winhttp-conformance: runs conformance programs, reads their results and reports them.
 *
 *   winhttp-conformance [--junit FILE] [--timeout SECONDS] [--verbose] PROGRAM|DIRECTORY...
 *
 * Each program runs with its stdout and stderr captured. Its result comes from its last
 * "N passed, N failed" line and its "file:line: Test failed: message" lines (the format of
 * tests/conformance/test.h and of Wine's tests); a program also fails when it exits non-zero,
 * dies from a signal, prints no summary, or runs past the timeout (then it is killed with its
 * process group). A directory stands for every executable regular file in it, in name order.
 * --junit writes a JUnit XML report (one testsuite per program) with libxml2's xmlTextWriter.
 * The exit status is 0 when every program passed, 1 otherwise, 2 on bad usage.
 * Native only: POSIX fork/exec/pipe/poll. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <libxml/xmlwriter.h>

/* Captured output beyond this many bytes per stream is dropped (and the drop noted). */
#define CAPTURE_LIMIT (8u << 20)

struct buffer {
    char *data;
    size_t len, cap;
    bool truncated;
};

struct failure {
    char *file;
    long line;
    char *message;
};

struct result {
    const char *path;
    const char *name;      /* basename of path */
    struct buffer out, err;
    double seconds;
    bool started;          /* fork/exec worked */
    bool timed_out;
    bool lingered;         /* processes it started kept its output open after it exited */
    int exit_code;         /* valid when !signaled */
    int signal;            /* non-zero when killed by a signal */
    bool have_summary;
    long passed, failed, skipped;
    struct failure *failures;
    size_t nfailures;
    char *problem;         /* why the program failed apart from its assertions, or NULL */
};

static bool verbose;

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) {
        fprintf(stderr, "winhttp-conformance: out of memory\n");
        exit(2);
    }
    return q;
}

static char *xstrndup(const char *s, size_t n)
{
    char *d = xrealloc(NULL, n + 1);
    memcpy(d, s, n);
    d[n] = 0;
    return d;
}

static char *xasprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *s = xrealloc(NULL, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

static void buffer_append(struct buffer *b, const char *p, size_t n)
{
    if (b->len + n > CAPTURE_LIMIT) {
        n = CAPTURE_LIMIT - b->len;
        b->truncated = true;
    }
    if (!n) return;
    if (b->len + n + 1 > b->cap) {
        b->cap = (b->len + n + 1) * 2;
        b->data = xrealloc(b->data, b->cap);
    }
    memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = 0;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ------------------------------------------------------------------------ running */

static void child_exec(const char *path, int out_fd, int err_fd)
{
    setpgid(0, 0);
    signal(SIGPIPE, SIG_DFL);
    int devnull = open("/dev/null", O_RDONLY);
    if (devnull >= 0) { dup2(devnull, 0); close(devnull); }
    dup2(out_fd, 1);
    dup2(err_fd, 2);
    close(out_fd);
    close(err_fd);
    char *argv[] = { (char *)path, NULL };
    execv(path, argv);
    fprintf(stderr, "winhttp-conformance: cannot run %s: %s\n", path, strerror(errno));
    _exit(127);
}

/* Reads what is available on *fd into b; closes and clears *fd at end of file. */
static void drain(int *fd, struct buffer *b)
{
    char chunk[65536];
    ssize_t n = read(*fd, chunk, sizeof chunk);
    if (n > 0) {
        buffer_append(b, chunk, (size_t)n);
    } else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
        close(*fd);
        *fd = -1;
    }
}

static void run_program(struct result *r, double timeout)
{
    int out[2], err[2];
    if (pipe(out) || pipe(err)) {
        r->problem = xasprintf("pipe: %s", strerror(errno));
        return;
    }
    double start = now_seconds();
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        r->problem = xasprintf("fork: %s", strerror(errno));
        close(out[0]); close(out[1]); close(err[0]); close(err[1]);
        return;
    }
    if (pid == 0) {
        close(out[0]);
        close(err[0]);
        child_exec(r->path, out[1], err[1]);
    }
    setpgid(pid, pid); /* also done by the child: whichever runs first wins the race */
    r->started = true;
    close(out[1]);
    close(err[1]);

    int fds[2] = { out[0], err[0] };
    struct buffer *bufs[2] = { &r->out, &r->err };
    bool exited = false;
    int status = 0;
    double exited_at = 0;
    for (;;) {
        if (!exited) {
            pid_t w = waitpid(pid, &status, WNOHANG);
            if (w == pid) { exited = true; exited_at = now_seconds(); }
        }
        if (fds[0] < 0 && fds[1] < 0 && exited) break;
        double t = now_seconds();
        if (!exited && t - start >= timeout) {
            r->timed_out = true;
            kill(-pid, SIGKILL);
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            exited = true;
            break;
        }
        /* A process the program left behind may hold the pipes open: give it a moment. */
        if (exited && t - exited_at > 2.0) { r->lingered = true; break; }

        struct pollfd p[2];
        nfds_t n = 0;
        int which[2];
        for (int i = 0; i < 2; i++)
            if (fds[i] >= 0) { p[n].fd = fds[i]; p[n].events = POLLIN; which[n] = i; n++; }
        int ms = 100;
        int rc = n ? poll(p, n, ms) : (nanosleep(&(struct timespec){ 0, 10000000L }, NULL), 0);
        if (rc < 0 && errno != EINTR) {
            r->problem = xasprintf("poll: %s", strerror(errno));
            kill(-pid, SIGKILL);
            break;
        }
        for (nfds_t i = 0; rc > 0 && i < n; i++)
            if (p[i].revents & (POLLIN | POLLHUP | POLLERR)) drain(&fds[which[i]], bufs[which[i]]);
    }
    /* Nothing the program started may outlive it. */
    kill(-pid, SIGKILL);
    if (!exited) waitpid(pid, &status, 0);
    for (int i = 0; i < 2; i++) {
        if (fds[i] < 0) continue;
        /* Whatever is left in the pipe, without waiting for a writer that may still hold it. */
        int fl = fcntl(fds[i], F_GETFL);
        fcntl(fds[i], F_SETFL, fl | O_NONBLOCK);
        char chunk[65536];
        ssize_t got;
        while ((got = read(fds[i], chunk, sizeof chunk)) > 0) buffer_append(bufs[i], chunk, (size_t)got);
        close(fds[i]);
    }
    r->seconds = now_seconds() - start;
    if (WIFSIGNALED(status)) r->signal = WTERMSIG(status);
    else if (WIFEXITED(status)) r->exit_code = WEXITSTATUS(status);
}

/* ------------------------------------------------------------------------ parsing */

static bool parse_long(const char **p, long *v)
{
    const char *s = *p;
    if (*s < '0' || *s > '9') return false;
    long n = 0;
    while (*s >= '0' && *s <= '9') { n = n * 10 + (*s - '0'); s++; }
    *v = n;
    *p = s;
    return true;
}

static bool skip(const char **p, const char *word)
{
    size_t n = strlen(word);
    if (strncmp(*p, word, n)) return false;
    *p += n;
    return true;
}

/* "N passed, N failed" alone on a line, optionally "word: " before and ", N skipped" after. */
static bool parse_summary(const char *line, long *passed, long *failed, long *skipped)
{
    const char *s = line;
    const char *colon = strchr(s, ':');
    if (colon && colon[1] == ' ') {
        bool word = colon > s;
        for (const char *q = s; q < colon; q++)
            if (*q == ' ' || *q == '\t') word = false;
        if (word) s = colon + 2;
    }
    long sk = 0;
    if (!parse_long(&s, passed) || !skip(&s, " passed, ") || !parse_long(&s, failed) ||
        !skip(&s, " failed"))
        return false;
    if (*s == ',') {
        if (!skip(&s, ", ") || !parse_long(&s, &sk) || !skip(&s, " skipped")) return false;
    }
    while (*s == ' ' || *s == '\t' || *s == '\r') s++;
    if (*s) return false;
    *skipped = sk;
    return true;
}

/* "file:line: Test failed: message" */
static bool parse_failure(const char *line, struct failure *f)
{
    const char *tag = strstr(line, ": Test failed: ");
    if (!tag) return false;
    const char *colon = NULL;
    for (const char *q = tag - 1; q >= line; q--) {
        if (*q == ':') { colon = q; break; }
        if (*q < '0' || *q > '9') return false;
    }
    if (!colon || colon == line || colon + 1 == tag) return false;
    const char *num = colon + 1;
    long ln = 0;
    parse_long(&num, &ln);
    f->file = xstrndup(line, (size_t)(colon - line));
    f->line = ln;
    const char *msg = tag + strlen(": Test failed: ");
    size_t len = strlen(msg);
    while (len && (msg[len - 1] == '\r' || msg[len - 1] == ' ')) len--;
    f->message = xstrndup(msg, len);
    return true;
}

static void parse_stream(struct result *r, const struct buffer *b)
{
    if (!b->data) return;
    const char *s = b->data;
    while (*s) {
        const char *e = strchr(s, '\n');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        char *line = xstrndup(s, n);
        long p, f, k;
        struct failure fl;
        if (parse_summary(line, &p, &f, &k)) {
            r->have_summary = true;
            r->passed = p;
            r->failed = f;
            r->skipped = k;
        } else if (parse_failure(line, &fl)) {
            r->failures = xrealloc(r->failures, (r->nfailures + 1) * sizeof *r->failures);
            r->failures[r->nfailures++] = fl;
        }
        free(line);
        s += n;
        if (*s == '\n') s++;
    }
}

static void judge(struct result *r)
{
    if (!r->started) {
        if (!r->problem) r->problem = xasprintf("could not start");
        return;
    }
    parse_stream(r, &r->out);
    parse_stream(r, &r->err);
    if (r->problem) return;
    if (r->timed_out)
        r->problem = xasprintf("timed out after %.0f s and was killed", r->seconds);
    else if (r->signal)
        r->problem = xasprintf("killed by signal %d (%s)", r->signal, strsignal(r->signal));
    else if (r->exit_code == 127 && !r->have_summary)
        r->problem = xasprintf("could not be run (exit status 127)");
    else if (!r->have_summary)
        r->problem = xasprintf("printed no \"N passed, N failed\" line (exit status %d)", r->exit_code);
    else if (r->exit_code != 0 && r->failed == 0 && r->nfailures == 0)
        r->problem = xasprintf("exited with status %d although it reported no failure", r->exit_code);
    else if (r->exit_code == 0 && (r->failed > 0 || r->nfailures > 0))
        r->problem = xasprintf("reported failures but exited with status 0");
}

static bool result_failed(const struct result *r)
{
    return r->problem || r->failed > 0 || r->nfailures > 0;
}

/* Assertion failures for the totals: the program's own count, at least its failure lines, and
 * at least one when it failed in another way. */
static long failed_count(const struct result *r)
{
    long f = r->failed;
    if ((long)r->nfailures > f) f = (long)r->nfailures;
    if (r->problem && f == 0) f = 1;
    return f;
}

/* ------------------------------------------------------------------------ JUnit XML */

/* Text for XML: valid UTF-8 without the control characters XML 1.0 forbids ('?' instead). */
static char *xml_text(const char *s, size_t n)
{
    char *d = xrealloc(NULL, n + 1);
    size_t o = 0;
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        unsigned c = u[i];
        size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
        bool good = len > 0 && i + len <= n;
        unsigned cp = len == 1 ? c : len == 2 ? c & 0x1F : len == 3 ? c & 0x0F : c & 0x07;
        for (size_t k = 1; good && k < len; k++) {
            if ((u[i + k] & 0xC0) != 0x80) good = false;
            else cp = (cp << 6) | (u[i + k] & 0x3F);
        }
        if (good && ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
                     cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFFFE || cp == 0xFFFF))
            good = false;
        if (good && cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') good = false;
        if (!good) {
            d[o++] = '?';
            i++;
            continue;
        }
        memcpy(d + o, s + i, len);
        o += len;
        i += len;
    }
    d[o] = 0;
    return d;
}

static int wattr(xmlTextWriterPtr w, const char *name, const char *value)
{
    char *v = xml_text(value, strlen(value));
    int rc = xmlTextWriterWriteAttribute(w, BAD_CAST name, BAD_CAST v);
    free(v);
    return rc;
}

static int wattrf(xmlTextWriterPtr w, const char *name, const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return wattr(w, name, buf);
}

static int welement_text(xmlTextWriterPtr w, const char *element, const struct buffer *b)
{
    int rc = xmlTextWriterStartElement(w, BAD_CAST element);
    if (rc >= 0) {
        char *t = xml_text(b->data ? b->data : "", b->len);
        rc = xmlTextWriterWriteString(w, BAD_CAST t);
        free(t);
        if (rc >= 0 && b->truncated)
            rc = xmlTextWriterWriteString(w, BAD_CAST "\n[output truncated by winhttp-conformance]\n");
    }
    if (rc >= 0) rc = xmlTextWriterEndElement(w);
    return rc;
}

static bool write_junit(const char *file, struct result *rs, size_t n)
{
    xmlTextWriterPtr w = xmlNewTextWriterFilename(file, 0);
    if (!w) {
        fprintf(stderr, "winhttp-conformance: cannot write %s\n", file);
        return false;
    }
    long tests = 0, failures = 0;
    double seconds = 0;
    for (size_t i = 0; i < n; i++) {
        long cases = 1 + (long)rs[i].nfailures + (rs[i].problem ? 1 : 0);
        tests += cases;
        failures += cases - 1;
        seconds += rs[i].seconds;
    }
    int rc = xmlTextWriterSetIndent(w, 1);
    if (rc >= 0) rc = xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL);
    if (rc >= 0) rc = xmlTextWriterStartElement(w, BAD_CAST "testsuites");
    if (rc >= 0) rc = wattr(w, "name", "winhttp-conformance");
    if (rc >= 0) rc = wattrf(w, "tests", "%ld", tests);
    if (rc >= 0) rc = wattrf(w, "failures", "%ld", failures);
    if (rc >= 0) rc = wattr(w, "errors", "0");
    if (rc >= 0) rc = wattrf(w, "time", "%.3f", seconds);
    for (size_t i = 0; rc >= 0 && i < n; i++) {
        struct result *r = &rs[i];
        long cases = 1 + (long)r->nfailures + (r->problem ? 1 : 0);
        rc = xmlTextWriterStartElement(w, BAD_CAST "testsuite");
        if (rc >= 0) rc = wattr(w, "name", r->name);
        if (rc >= 0) rc = wattrf(w, "tests", "%ld", cases);
        if (rc >= 0) rc = wattrf(w, "failures", "%ld", cases - 1);
        if (rc >= 0) rc = wattr(w, "errors", "0");
        if (rc >= 0) rc = wattrf(w, "skipped", "%ld", r->skipped);
        if (rc >= 0) rc = wattrf(w, "time", "%.3f", r->seconds);

        if (rc >= 0) rc = xmlTextWriterStartElement(w, BAD_CAST "properties");
        const char *pn[] = { "path", "assertions-passed", "assertions-failed", "exit-status" };
        char pv[4][64];
        snprintf(pv[1], sizeof pv[1], "%ld", r->passed);
        snprintf(pv[2], sizeof pv[2], "%ld", r->failed);
        if (r->signal) snprintf(pv[3], sizeof pv[3], "signal %d", r->signal);
        else snprintf(pv[3], sizeof pv[3], "%d", r->exit_code);
        for (int k = 0; rc >= 0 && k < 4; k++) {
            rc = xmlTextWriterStartElement(w, BAD_CAST "property");
            if (rc >= 0) rc = wattr(w, "name", pn[k]);
            if (rc >= 0) rc = wattr(w, "value", k == 0 ? r->path : pv[k]);
            if (rc >= 0) rc = xmlTextWriterEndElement(w);
        }
        if (rc >= 0) rc = xmlTextWriterEndElement(w);

        /* One passing case standing for the program's passed assertions. */
        if (rc >= 0) rc = xmlTextWriterStartElement(w, BAD_CAST "testcase");
        if (rc >= 0) rc = wattr(w, "classname", r->name);
        if (rc >= 0) rc = wattrf(w, "name", "%ld checks passed", r->passed);
        if (rc >= 0) rc = wattrf(w, "time", "%.3f", r->seconds);
        if (rc >= 0) rc = xmlTextWriterEndElement(w);

        for (size_t k = 0; rc >= 0 && k < r->nfailures; k++) {
            struct failure *f = &r->failures[k];
            char *text = xasprintf("%s:%ld: Test failed: %s", f->file, f->line, f->message);
            rc = xmlTextWriterStartElement(w, BAD_CAST "testcase");
            if (rc >= 0) rc = wattr(w, "classname", r->name);
            if (rc >= 0) rc = wattrf(w, "name", "%s:%ld", f->file, f->line);
            if (rc >= 0) rc = wattr(w, "file", f->file);
            if (rc >= 0) rc = wattrf(w, "line", "%ld", f->line);
            if (rc >= 0) rc = xmlTextWriterStartElement(w, BAD_CAST "failure");
            if (rc >= 0) rc = wattr(w, "message", f->message);
            if (rc >= 0) rc = wattr(w, "type", "assertion");
            if (rc >= 0) {
                char *t = xml_text(text, strlen(text));
                rc = xmlTextWriterWriteString(w, BAD_CAST t);
                free(t);
            }
            if (rc >= 0) rc = xmlTextWriterEndElement(w);
            if (rc >= 0) rc = xmlTextWriterEndElement(w);
            free(text);
        }
        if (rc >= 0 && r->problem) {
            rc = xmlTextWriterStartElement(w, BAD_CAST "testcase");
            if (rc >= 0) rc = wattr(w, "classname", r->name);
            if (rc >= 0) rc = wattr(w, "name", "program run");
            if (rc >= 0) rc = xmlTextWriterStartElement(w, BAD_CAST "failure");
            if (rc >= 0) rc = wattr(w, "message", r->problem);
            if (rc >= 0) rc = wattr(w, "type", r->timed_out ? "timeout" : r->signal ? "crash" : "program");
            if (rc >= 0) rc = xmlTextWriterEndElement(w);
            if (rc >= 0) rc = xmlTextWriterEndElement(w);
        }
        if (rc >= 0) rc = welement_text(w, "system-out", &r->out);
        if (rc >= 0) rc = welement_text(w, "system-err", &r->err);
        if (rc >= 0) rc = xmlTextWriterEndElement(w);
    }
    if (rc >= 0) rc = xmlTextWriterEndDocument(w);
    xmlFreeTextWriter(w);
    if (rc < 0) {
        fprintf(stderr, "winhttp-conformance: error while writing %s\n", file);
        return false;
    }
    return true;
}

/* ------------------------------------------------------------------------ console */

static void print_tail(const char *label, const struct buffer *b, int max_lines)
{
    if (!b->len) return;
    const char *start = b->data + b->len;
    int lines = 0;
    while (start > b->data) {
        if (start[-1] == '\n' && start != b->data + b->len && ++lines > max_lines) break;
        start--;
    }
    printf("  --- %s%s ---\n", label, start > b->data ? " (last lines)" : "");
    fwrite(start, 1, (size_t)(b->data + b->len - start), stdout);
    if (b->data[b->len - 1] != '\n') putchar('\n');
}

static void report(const struct result *r)
{
    bool bad = result_failed(r);
    printf("%s %s: %ld passed, %ld failed", bad ? "FAIL" : "PASS", r->name, r->passed, failed_count(r));
    if (r->skipped) printf(", %ld skipped", r->skipped);
    printf(" (%.2f s)\n", r->seconds);
    if (r->problem) printf("  %s: %s\n", r->path, r->problem);
    if (r->lingered) printf("  note: processes that %s started outlived it; they were killed\n", r->name);
    for (size_t k = 0; k < r->nfailures; k++)
        printf("  %s:%ld: Test failed: %s\n", r->failures[k].file, r->failures[k].line, r->failures[k].message);
    if (verbose) {
        print_tail("stdout", &r->out, 1 << 30);
        print_tail("stderr", &r->err, 1 << 30);
    } else if (r->problem) {
        print_tail("stdout", &r->out, 40);
        print_tail("stderr", &r->err, 40);
    } else if (bad) {
        print_tail("stderr", &r->err, 20);
    }
    fflush(stdout);
}

/* ------------------------------------------------------------------------ arguments */

struct list {
    char **v;
    size_t n;
};

static void list_add(struct list *l, char *s)
{
    l->v = xrealloc(l->v, (l->n + 1) * sizeof *l->v);
    l->v[l->n++] = s;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool is_executable_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

/* Adds PATH, or the executables of directory PATH; false when PATH is neither. */
static bool add_path(struct list *programs, const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "winhttp-conformance: %s: %s\n", path, strerror(errno));
        return false;
    }
    if (!S_ISDIR(st.st_mode)) {
        list_add(programs, xstrndup(path, strlen(path)));
        return true;
    }
    DIR *d = opendir(path);
    if (!d) {
        fprintf(stderr, "winhttp-conformance: %s: %s\n", path, strerror(errno));
        return false;
    }
    struct list found = { 0 };
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        size_t pl = strlen(path);
        char *full = xasprintf("%s%s%s", path, pl && path[pl - 1] == '/' ? "" : "/", e->d_name);
        if (is_executable_file(full)) list_add(&found, full);
        else free(full);
    }
    closedir(d);
    if (found.n) qsort(found.v, found.n, sizeof *found.v, cmp_str);
    for (size_t i = 0; i < found.n; i++) list_add(programs, found.v[i]);
    free(found.v);
    if (!found.n) fprintf(stderr, "winhttp-conformance: warning: no executable in %s\n", path);
    return true;
}

static void usage(FILE *f)
{
    fprintf(f,
            "usage: winhttp-conformance [--junit FILE] [--timeout SECONDS] [--verbose] PROGRAM|DIRECTORY...\n"
            "Runs conformance programs and reports their \"N passed, N failed\" results.\n"
            "  --junit FILE       also write a JUnit XML report to FILE\n"
            "  --timeout SECONDS  kill a program that runs longer (default 120)\n"
            "  --verbose, -v      print every program's output\n");
}

int main(int argc, char **argv)
{
    const char *junit = NULL;
    double timeout = 120;
    struct list programs = { 0 };
    bool bad_args = false;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--junit") && i + 1 < argc) junit = argv[++i];
        else if (!strncmp(a, "--junit=", 8)) junit = a + 8;
        else if ((!strcmp(a, "--timeout") && i + 1 < argc) || !strncmp(a, "--timeout=", 10)) {
            const char *v = a[9] == '=' ? a + 10 : argv[++i];
            char *end;
            timeout = strtod(v, &end);
            if (*end || !(timeout > 0)) {
                fprintf(stderr, "winhttp-conformance: bad timeout '%s'\n", v);
                return 2;
            }
        } else if (!strcmp(a, "--verbose") || !strcmp(a, "-v")) verbose = true;
        else if (!strcmp(a, "--help") || !strcmp(a, "-h")) { usage(stdout); return 0; }
        else if (!strcmp(a, "--")) { for (i++; i < argc; i++) bad_args |= !add_path(&programs, argv[i]); }
        else if (a[0] == '-') { usage(stderr); return 2; }
        else bad_args |= !add_path(&programs, a);
    }
    if (bad_args) return 2;
    if (!programs.n) {
        fprintf(stderr, "winhttp-conformance: no program to run\n");
        usage(stderr);
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    LIBXML_TEST_VERSION

    struct result *rs = calloc(programs.n, sizeof *rs);
    if (!rs) return 2;
    long passed = 0, failed = 0, skipped = 0;
    size_t bad_programs = 0;
    for (size_t i = 0; i < programs.n; i++) {
        struct result *r = &rs[i];
        r->path = programs.v[i];
        const char *slash = strrchr(r->path, '/');
        r->name = slash ? slash + 1 : r->path;
        run_program(r, timeout);
        judge(r);
        report(r);
        passed += r->passed;
        failed += failed_count(r);
        skipped += r->skipped;
        if (result_failed(r)) bad_programs++;
    }

    bool ok = true;
    if (junit) ok = write_junit(junit, rs, programs.n);
    printf("programs: %zu run, %zu failed\n", programs.n, bad_programs);
    if (skipped) printf("conformance: %ld passed, %ld failed, %ld skipped\n", passed, failed, skipped);
    else printf("conformance: %ld passed, %ld failed\n", passed, failed);

    for (size_t i = 0; i < programs.n; i++) {
        struct result *r = &rs[i];
        for (size_t k = 0; k < r->nfailures; k++) { free(r->failures[k].file); free(r->failures[k].message); }
        free(r->failures);
        free(r->out.data);
        free(r->err.data);
        free(r->problem);
        free(programs.v[i]);
    }
    free(rs);
    free(programs.v);
    xmlCleanupParser();
    return ok && bad_programs == 0 ? 0 : 1;
}
