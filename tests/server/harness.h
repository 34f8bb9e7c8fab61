/* Test server harness for the network tests (header-only, C11 + POSIX; C++ works too).
 *
 *   int port;
 *   if (test_server_start(NULL, &port)) { ...skip or fail... }
 *   ... connect to 127.0.0.1:port ...
 *   test_server_stop();
 *
 * test_server_start() spawns tests/server/winhttp-test-server with --stdin-eof (so the server
 * dies with the test process), reads its "PORT <n>" line and returns 0. When the environment
 * variable WINHTTP_TEST_SERVER_PORT is set, no server is spawned: that already running server
 * is used (how the Windows .exe builds of the tests find the server their runner started).
 * A NULL server_path means test_server_default_path(): $WINHTTP_TEST_SERVER, else
 * $top_builddir/tests/server/winhttp-test-server, else found from the test program's own path
 * (tests/<dir>/prog or tests/<dir>/.libs/prog), else the current directory's
 * tests/server/winhttp-test-server.
 * One server per process; starting again while it runs returns the same port.
 *
 * Tests that need several servers at once (e.g. one per TLS certificate) use
 *   struct test_server s;
 *   if (test_server_spawn(&s, NULL, args) == 0) { ...s.port... ; test_server_kill(&s); }
 * which always spawns a new server (natively; under Windows it fails: the runner starts the
 * servers and passes their ports some other way) and ignores WINHTTP_TEST_SERVER_PORT. */
#ifndef WINHTTP_TESTS_SERVER_HARNESS_H
#define WINHTTP_TESTS_SERVER_HARNESS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int test_server_port_;

/* The port of an already running server from WINHTTP_TEST_SERVER_PORT, or 0. */
static inline int test_server_env_port(void)
{
    const char *s = getenv("WINHTTP_TEST_SERVER_PORT");
    if (!s || !*s) return 0;
    char *end;
    long v = strtol(s, &end, 10);
    return (*end == 0 && v > 0 && v < 65536) ? (int)v : 0;
}

/* The port of the server in use (0 when none). */
static inline int test_server_port(void) { return test_server_port_; }

#ifdef _WIN32

struct test_server { int port; };
static inline int test_server_spawn(struct test_server *s, const char *server_path, const char *const *extra_args)
{
    (void)server_path; (void)extra_args;
    s->port = 0;
    return -1;
}
static inline void test_server_kill(struct test_server *s) { s->port = 0; }

static inline const char *test_server_default_path(void) { return NULL; }
static inline int test_server_start_args(const char *server_path, const char *const *extra_args, int *port)
{
    (void)server_path; (void)extra_args;
    int p = test_server_env_port();
    if (!p) {
        fprintf(stderr, "test server: set WINHTTP_TEST_SERVER_PORT to the port of a running server\n");
        return -1;
    }
    *port = test_server_port_ = p;
    return 0;
}
static inline void test_server_stop(void) { test_server_port_ = 0; }

#else /* POSIX */

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* POSIX names that glibc hides under a strict -std=c11 without feature macros (C++ builds get
 * them from glibc, as g++ defines _GNU_SOURCE). */
#ifndef __cplusplus
extern char **environ;
int kill(pid_t, int);
ssize_t readlink(const char *restrict, char *restrict, size_t);
int nanosleep(const struct timespec *, struct timespec *);
#endif

static inline const char *test_server_default_path(void)
{
    static char buf[4096];
    const char *tail = "tests/server/winhttp-test-server";
    const char *env = getenv("WINHTTP_TEST_SERVER");
    if (env && *env) return env;
    const char *top = getenv("top_builddir");
    if (top && *top) {
        snprintf(buf, sizeof buf, "%s/%s", top, tail);
        if (access(buf, X_OK) == 0) return buf;
    }
    /* <build>/tests/<dir>/prog or <build>/tests/<dir>/.libs/prog (libtool) */
    char exe[3072];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = 0;
        for (int up = 2; up <= 3; up++) {
            char dir[3072];
            memcpy(dir, exe, (size_t)n + 1);
            for (int i = 0; i < up; i++) {
                char *slash = strrchr(dir, '/');
                if (slash) *slash = 0;
            }
            snprintf(buf, sizeof buf, "%s/server/winhttp-test-server", dir);
            if (access(buf, X_OK) == 0) return buf;
        }
    }
    return tail;
}

static inline int test_server_cloexec_(int fd) { return fcntl(fd, F_SETFD, FD_CLOEXEC); }

struct test_server {
    int port;
    pid_t pid;        /* -1 when not running */
    int stdin_fd;     /* our end of the server's stdin: closing it stops the server */
};

/* Spawns a server with --stdin-eof and `extra_args` (NULL-terminated, may be NULL) and reads
 * its port; 0 on success, -1 (with a message on stderr) otherwise. */
static inline int test_server_spawn(struct test_server *s, const char *server_path, const char *const *extra_args)
{
    s->port = 0;
    s->pid = -1;
    s->stdin_fd = -1;
    if (!server_path) server_path = test_server_default_path();

    const char *argv[32];
    int argc = 0;
    argv[argc++] = server_path;
    argv[argc++] = "--stdin-eof";
    for (int i = 0; extra_args && extra_args[i] && argc < 31; i++) argv[argc++] = extra_args[i];
    argv[argc] = NULL;

    int in[2], out[2];
    if (pipe(in) != 0) return -1;
    if (pipe(out) != 0) { close(in[0]); close(in[1]); return -1; }
    test_server_cloexec_(in[0]); test_server_cloexec_(in[1]);
    test_server_cloexec_(out[0]); test_server_cloexec_(out[1]);

    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, in[0], 0);    /* dup2 clears close-on-exec */
    posix_spawn_file_actions_adddup2(&fa, out[1], 1);
    pid_t pid;
    int rc = posix_spawn(&pid, server_path, &fa, NULL, (char *const *)argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(in[0]);
    close(out[1]);
    if (rc != 0) {
        fprintf(stderr, "test server: cannot start %s: %s\n", server_path, strerror(rc));
        close(in[1]); close(out[0]);
        return -1;
    }

    /* Read "PORT <n>\n", 10 seconds at most. */
    char line[64];
    size_t len = 0;
    int got = 0;
    for (int waited = 0; waited < 10000 && len < sizeof line - 1;) {
        struct pollfd p = { out[0], POLLIN, 0 };
        int r = poll(&p, 1, 100);
        if (r < 0 && errno == EINTR) continue;
        if (r == 0) { waited += 100; continue; }
        ssize_t n = read(out[0], line + len, 1);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        if (line[len] == '\n') { got = 1; break; }
        len++;
    }
    line[len] = 0;
    close(out[0]);
    int p = 0;
    if (!got || sscanf(line, "PORT %d", &p) != 1 || p <= 0) {
        fprintf(stderr, "test server: %s did not report its port (got '%s')\n", server_path, line);
        close(in[1]);
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
        return -1;
    }
    s->pid = pid;
    s->stdin_fd = in[1];
    s->port = p;
    return 0;
}

/* Closes the server's stdin (it exits), waits for it; SIGKILL after 3 seconds. */
static inline void test_server_kill(struct test_server *s)
{
    s->port = 0;
    if (s->pid <= 0) return;
    close(s->stdin_fd);
    s->stdin_fd = -1;
    for (int i = 0; i < 300; i++) {
        pid_t r = waitpid(s->pid, NULL, WNOHANG);
        if (r == s->pid || (r < 0 && errno != EINTR)) { s->pid = -1; return; }
        struct timespec ts = { 0, 10 * 1000000L };
        nanosleep(&ts, NULL);
    }
    kill(s->pid, SIGKILL);
    waitpid(s->pid, NULL, 0);
    s->pid = -1;
}

static struct test_server test_server_single_ = { 0, -1, -1 };

static inline int test_server_start_args(const char *server_path, const char *const *extra_args, int *port)
{
    int env_port = test_server_env_port();
    if (env_port) { *port = test_server_port_ = env_port; return 0; }
    if (test_server_single_.pid > 0) { *port = test_server_port_; return 0; }
    if (test_server_spawn(&test_server_single_, server_path, extra_args) != 0) return -1;
    *port = test_server_port_ = test_server_single_.port;
    return 0;
}

/* Stops the server test_server_start() spawned (none when it used WINHTTP_TEST_SERVER_PORT). */
static inline void test_server_stop(void)
{
    test_server_port_ = 0;
    test_server_kill(&test_server_single_);
}

#endif /* POSIX */

static inline int test_server_start(const char *server_path, int *port)
{
    return test_server_start_args(server_path, NULL, port);
}

#endif
