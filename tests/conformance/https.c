/* Conformance: HTTPS against test servers with generated certificates (tests/tls/gen-certs.sh):
 * a GET over TLS and keep-alive reuse, each certificate failure kind (last error of
 * WinHttpSendRequest and the SECURE_FAILURE notification's flags), the SECURITY_FLAG_IGNORE_*
 * flag that accepts it, revocation through a CRL (WINHTTP_ENABLE_SSL_REVOCATION), the security
 * options after the handshake and before it (INCORRECT_HANDLE_STATE), WINHTTP_OPTION_SECURE_PROTOCOLS
 * against a TLS 1.0-only server, servers that require or request a client certificate, session
 * resumption on a second connection, bodies of each framing and an upload through TLS, and the
 * asynchronous notifications (SECURE_FAILURE, then REQUEST_ERROR for API_SEND_REQUEST).
 *
 * One server per certificate kind. Natively the program generates the certificates (into a
 * temporary directory) and spawns the servers itself, unless $WINHTTP_TEST_TLS_PORTS
 * ("valid=N,expired=N,...") names running ones; it trusts the test CA through
 * WINHTTP_TLS_CA_FILE and finds the CRL through WINHTTP_TLS_CRL_FILE (io/tls.h). The cdp*
 * certificates name a CRL distribution point on a plain server serving that directory.
 * As a Windows .exe under Wine, tests/wine/run-conformance.sh does all that and passes the
 * ports in WINHTTP_TEST_TLS_PORTS (the unix side reads the two file variables itself). */
#include "test.h"
#ifdef _WIN32
#include <wincrypt.h>
#endif
#include "../server/harness.h"
#include <stdint.h>
#include <time.h>

#define W(s) ((const WCHAR *)u ## s)

enum kind {
    K_VALID, K_EXPIRED, K_NOTYET, K_WRONGHOST, K_UNKNOWNCA, K_SELFSIGNED, K_WRONGUSAGE, K_REVOKED,
    K_TLS10, K_CLIENTREQ, K_CLIENTASK, K_CDPGOOD, K_CDPREVOKED, K_CDPSLOW, K_CDPDEAD, K_CDPPROXY,
    K_OCSPGOOD, K_OCSPREVOKED, K_OCSPFALLBACK, K_CHAINGOOD, K_CHAINREVOKED,
    K_FILES,   /* not a TLS server: the plain one serving the certificates' directory */
    K_COUNT
};
static const char *const kind_names[K_COUNT] = {
    "valid", "expired", "notyet", "wronghost", "unknownca", "selfsigned", "wrongusage", "revoked",
    "tls10", "clientreq", "clientask", "cdpgood", "cdprevoked", "cdpslow", "cdpdead", "cdpproxy",
    "ocspgood", "ocsprevoked", "ocspfallback", "chaingood", "chainrevoked", "files"
};
static int ports[K_COUNT];

/* ------------------------------------------------------------------ servers */

/* "valid=123,expired=456": the ports of servers someone else started. */
static int ports_from_env(void)
{
    const char *s = getenv("WINHTTP_TEST_TLS_PORTS");
    if (!s || !*s) return 0;
    while (*s) {
        const char *eq = strchr(s, '=');
        if (!eq) break;
        for (int k = 0; k < K_COUNT; k++)
            if ((size_t)(eq - s) == strlen(kind_names[k]) && !strncmp(s, kind_names[k], (size_t)(eq - s)))
                ports[k] = atoi(eq + 1);
        s = eq + 1;
        while (*s && *s != ',' && *s != ' ') s++;
        while (*s == ',' || *s == ' ') s++;
    }
    return 1;
}

#ifndef _WIN32
#ifndef TLS_GEN_CERTS
#define TLS_GEN_CERTS "tests/tls/gen-certs.sh"
#endif
char *mkdtemp(char *);
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>


static struct test_server servers[K_COUNT];
static struct test_server files_server;   /* serves the directory: ca2.crl for the cdp* kinds */
static char cert_dir[512];
static int cert_dir_ours;

static pid_t ocsp_pid;   /* openssl ocsp, the responder the ocsp* certificates name */

/* A loopback port free at the moment, for a server whose port goes into certificates before it
 * runs: one below the ephemeral range (32768 and up on Linux), so that no other process's
 * outgoing or port-0 socket takes it in the meantime. */
static int free_port(void)
{
    unsigned seed = (unsigned)getpid() * 2654435761u ^ (unsigned)time(NULL);
    for (int tries = 0; tries < 200; tries++) {
        seed = seed * 1103515245u + 12345u;
        int port = 20000 + (int)((seed >> 8) % 12000);
        /* What openssl binds: [::], dual-stack; 0.0.0.0 where there is no IPv6. */
        int ok_bind = 0, fd = socket(AF_INET6, SOCK_STREAM, 0);
        if (fd >= 0) {
            struct sockaddr_in6 a6;
            memset(&a6, 0, sizeof a6);
            a6.sin6_family = AF_INET6;
            a6.sin6_port = htons((unsigned short)port);
            ok_bind = bind(fd, (struct sockaddr *)&a6, sizeof a6) == 0;
        } else if ((fd = socket(AF_INET, SOCK_STREAM, 0)) >= 0) {
            struct sockaddr_in a4;
            memset(&a4, 0, sizeof a4);
            a4.sin_family = AF_INET;
            a4.sin_port = htons((unsigned short)port);
            ok_bind = bind(fd, (struct sockaddr *)&a4, sizeof a4) == 0;
        }
        if (fd < 0) return 0;
        close(fd);
        if (ok_bind) return port;
    }
    return 0;
}

/* Starts OpenSSL's OCSP responder for ca2 on `port` and waits until it listens: it says so with
 * an "ACCEPT" line on its standard output, here a file (a connection to find out would stall
 * it: it waits for a request on the first connection it accepts). */
static void start_ocsp_responder(int port)
{
    char index[600], ca2[600], key[600], out[600], port_text[16];
    snprintf(index, sizeof index, "%s/ca2-index.txt", cert_dir);
    snprintf(ca2, sizeof ca2, "%s/ca2.pem", cert_dir);
    snprintf(key, sizeof key, "%s/ca2-key.pem", cert_dir);
    snprintf(out, sizeof out, "%s/ocsp.out", cert_dir);
    snprintf(port_text, sizeof port_text, "%d", port);
    ocsp_pid = fork();
    if (ocsp_pid == 0) {
        if (!freopen(out, "w", stdout) || !freopen("/dev/null", "w", stderr)) _exit(127);
        execlp("openssl", "openssl", "ocsp", "-index", index, "-port", port_text, "-rsigner", ca2, "-rkey", key,
               "-CA", ca2, "-nmin", "60", (char *)NULL);
        _exit(127);
    }
    for (int i = 0; i < 100 && ocsp_pid > 0; i++) {
        char line[128] = "";
        FILE *f = fopen(out, "r");
        if (f) {
            if (!fgets(line, sizeof line, f)) line[0] = 0;
            fclose(f);
        }
        if (!strncmp(line, "ACCEPT", 6)) return;
        test_sleep_ms(50);
    }
    fprintf(stderr, "https: the OCSP responder (openssl ocsp) did not start\n");
}

/* Generates the certificates, points the client at the CA and the CRL, and spawns one server
 * per kind, plus a plain one serving the directory (the CRL the cdp* certificates name). */
static int start_servers(void)
{
    snprintf(cert_dir, sizeof cert_dir, "/tmp/winhttp-https-XXXXXX");
    if (!mkdtemp(cert_dir)) return -1;
    cert_dir_ours = 1;
    const char *files_args[] = { "--files", cert_dir, NULL };
    if (test_server_spawn(&files_server, NULL, files_args) != 0) return -1;
    ports[K_FILES] = files_server.port;
    char url[128];
    snprintf(url, sizeof url, "http://127.0.0.1:%d/files/ca2.crl", files_server.port);
    test_setenv("CRL_URL", url);
    int ocsp_port = free_port();
    snprintf(url, sizeof url, "http://127.0.0.1:%d/", ocsp_port);
    test_setenv("OCSP_URL", url);
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "sh '%s' '%s'", TLS_GEN_CERTS, cert_dir);
    if (system(cmd) != 0) {
        fprintf(stderr, "https: %s failed (certtool from gnutls-bin missing?)\n", TLS_GEN_CERTS);
        test_server_kill(&files_server);
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", cert_dir);
        if (system(cmd) != 0) fprintf(stderr, "https: cannot remove %s\n", cert_dir);
        return 77;   /* automake's SKIP */
    }
    char ca[600], crl[600];
    snprintf(ca, sizeof ca, "%s/ca.pem", cert_dir);
    snprintf(crl, sizeof crl, "%s/crl.pem", cert_dir);
    test_setenv("WINHTTP_TLS_CA_FILE", ca);
    test_setenv("WINHTTP_TLS_CRL_FILE", crl);
    if (ports_from_env()) return 0;
    start_ocsp_responder(ocsp_port);

    for (int k = 0; k < K_FILES; k++) {
        const char *name = k == K_TLS10 ? "rsa" : (k == K_CLIENTREQ || k == K_CLIENTASK) ? "valid" : kind_names[k];
        char cert[600], key[600];
        snprintf(cert, sizeof cert, "%s/%s.pem", cert_dir, name);
        snprintf(key, sizeof key, "%s/%s-key.pem", cert_dir, name);
        const char *args[8] = { "--tls-cert", cert, "--tls-key", key, NULL };
        if (k == K_TLS10) { args[4] = "--tls-priority"; args[5] = "NORMAL:-VERS-ALL:+VERS-TLS1.0"; }
        if (k == K_CLIENTREQ) { args[4] = "--tls-client-ca"; args[5] = ca; }
        if (k == K_CLIENTASK) args[4] = "--tls-request-client-cert";
        if (test_server_spawn(&servers[k], NULL, args) == 0) ports[k] = servers[k].port;
    }
    return 0;
}

static void stop_servers(void)
{
    for (int k = 0; k < K_COUNT; k++) test_server_kill(&servers[k]);
    test_server_kill(&files_server);
    if (ocsp_pid > 0) {
        kill(ocsp_pid, SIGTERM);
        waitpid(ocsp_pid, NULL, 0);
        ocsp_pid = 0;
    }
    if (cert_dir_ours) {
        char cmd[600];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", cert_dir);
        if (system(cmd) != 0) fprintf(stderr, "https: cannot remove %s\n", cert_dir);
    }
}
#else
static int start_servers(void)
{
    if (ports_from_env()) return 0;
    fprintf(stderr, "https: set WINHTTP_TEST_TLS_PORTS (and WINHTTP_TLS_CA_FILE for the unix side)\n");
    return -1;
}
static void stop_servers(void) {}
#endif

/* ------------------------------------------------------------------ requests */

static int secure_failures;
static DWORD secure_failure_flags;

static void CALLBACK callback(HINTERNET h, DWORD_PTR ctx, DWORD status, LPVOID info, DWORD len)
{
    (void)h; (void)ctx;
    if (status == WINHTTP_CALLBACK_STATUS_SECURE_FAILURE) {
        secure_failures++;
        if (info && len >= sizeof(DWORD)) secure_failure_flags = *(DWORD *)info;
    }
}

struct conn { HINTERNET ses, con, req; };

/* A fresh session (so no pooled connection is shared between cases), a connection to the
 * kind's server as "localhost", and a secure GET `path` with the SECURE_FAILURE callback. */
static int open_https(struct conn *c, enum kind k, const WCHAR *path)
{
    memset(c, 0, sizeof *c);
    c->ses = WinHttpOpen(W("winhttp-conformance"), WINHTTP_ACCESS_TYPE_NO_PROXY, NULL, NULL, 0);
    if (c->ses) c->con = WinHttpConnect(c->ses, W("localhost"), (INTERNET_PORT)ports[k], 0);
    if (c->con) c->req = WinHttpOpenRequest(c->con, W("GET"), path, NULL, NULL, NULL, WINHTTP_FLAG_SECURE);
    if (c->req) WinHttpSetStatusCallback(c->req, callback, WINHTTP_CALLBACK_FLAG_SECURE_FAILURE, 0);
    ok(c->req != NULL, "opening a secure request to %s failed: %lu", kind_names[k], (unsigned long)GetLastError());
    return c->req != NULL;
}

static void close_https(struct conn *c)
{
    if (c->req) WinHttpCloseHandle(c->req);
    if (c->con) WinHttpCloseHandle(c->con);
    if (c->ses) WinHttpCloseHandle(c->ses);
    memset(c, 0, sizeof *c);
}

struct result {
    BOOL sent;
    DWORD send_error;      /* last error of WinHttpSendRequest */
    int failures;          /* SECURE_FAILURE notifications */
    DWORD flags;           /* ... and the flags of the last one */
    BOOL received;
    DWORD status;
    char body[512];
};

/* Sends, and if that worked receives and reads the whole body. */
static struct result exchange(HINTERNET req)
{
    struct result r;
    memset(&r, 0, sizeof r);
    secure_failures = 0;
    secure_failure_flags = 0;
    SetLastError(0xdeadbeef);
    r.sent = WinHttpSendRequest(req, NULL, 0, NULL, 0, 0, 0);
    r.send_error = GetLastError();
    r.failures = secure_failures;
    r.flags = secure_failure_flags;
    if (!r.sent) return r;
    r.received = WinHttpReceiveResponse(req, NULL);
    if (!r.received) return r;
    DWORD size = sizeof r.status;
    WinHttpQueryHeaders(req, WINHTTP_QUERY_STATUS_CODE | WINHTTP_QUERY_FLAG_NUMBER, NULL, &r.status, &size, NULL);
    DWORD n = 0, total = 0;
    while (total < sizeof r.body - 1 && WinHttpReadData(req, r.body + total, sizeof r.body - 1 - total, &n) && n)
        total += n;
    r.body[total] = 0;
    return r;
}

static DWORD query_dword(HINTERNET h, DWORD option, BOOL *ret)
{
    DWORD v = 0xdeadbeef, size = sizeof v;
    SetLastError(0xdeadbeef);
    *ret = WinHttpQueryOption(h, option, &v, &size);
    return v;
}

static void free_cert_info(WINHTTP_CERTIFICATE_INFO *info)
{
#ifdef _WIN32
    LocalFree(info->lpszSubjectInfo);
    LocalFree(info->lpszIssuerInfo);
#else
    free(info->lpszSubjectInfo);   /* the engine allocates them with malloc natively */
    free(info->lpszIssuerInfo);
#endif
}

static uint64_t ft64(FILETIME ft) { return ((uint64_t)ft.dwHighDateTime << 32) | ft.dwLowDateTime; }
/* Unix seconds as FILETIME units (100 ns since 1601). */
static uint64_t unix_to_ft(int64_t t) { return (uint64_t)(t + 11644473600LL) * 10000000ULL; }

static const char pattern26[] = "abcdefghijklmnopqrstuvwxyz";

/* ------------------------------------------------------------------ tests */

static void test_get(void)
{
    struct conn c;
    if (!open_https(&c, K_VALID, W("/bytes/26"))) return;
    BOOL ret;
    DWORD v;

    /* Before the handshake: nothing to report about a TLS session (issue 6; Wine's
     * test_secure_connection checks these fail before sending). */
    v = query_dword(c.req, WINHTTP_OPTION_SECURITY_KEY_BITNESS, &ret);
    ok(!ret, "KEY_BITNESS before sending succeeded");
    expect_error(ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
    WINHTTP_CERTIFICATE_INFO info;
    DWORD size = sizeof info;
    SetLastError(0xdeadbeef);
    ret = WinHttpQueryOption(c.req, WINHTTP_OPTION_SECURITY_CERTIFICATE_STRUCT, &info, &size);
    ok(!ret, "CERTIFICATE_STRUCT before sending succeeded");
    expect_error(ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
    void *cert = NULL;
    size = sizeof cert;
    SetLastError(0xdeadbeef);
    ret = WinHttpQueryOption(c.req, WINHTTP_OPTION_SERVER_CERT_CONTEXT, &cert, &size);
    ok(!ret, "SERVER_CERT_CONTEXT before sending succeeded");
    expect_error(ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
    /* SECURITY_FLAGS: before a handshake only the ignore flags set (none here). */
    v = query_dword(c.req, WINHTTP_OPTION_SECURITY_FLAGS, &ret);
    ok(ret, "SECURITY_FLAGS before sending failed: %lu", (unsigned long)GetLastError());
    ok(v == 0, "SECURITY_FLAGS before sending: %#lx", (unsigned long)v);

    struct result r = exchange(c.req);
    ok(r.sent, "WinHttpSendRequest over HTTPS failed: %lu", (unsigned long)r.send_error);
    ok(r.send_error == ERROR_SUCCESS, "last error after a successful send: %lu", (unsigned long)r.send_error);
    ok(r.failures == 0, "%d SECURE_FAILURE notifications for a valid certificate", r.failures);
    ok(r.received, "WinHttpReceiveResponse over HTTPS failed");
    ok(r.status == 200, "status %lu", (unsigned long)r.status);
    ok(!strcmp(r.body, pattern26), "body '%s'", r.body);

    WCHAR url[256];
    size = sizeof url;
    ret = WinHttpQueryOption(c.req, WINHTTP_OPTION_URL, url, &size);
    char expect_url[64];
    snprintf(expect_url, sizeof expect_url, "https://localhost:%d/bytes/26", ports[K_VALID]);
    ok(ret && !strcmp(u16a(url), expect_url), "WINHTTP_OPTION_URL '%s'", ret ? u16a(url) : "(failed)");

    /* After the handshake: SECURE plus the strength (io/tls.h: STRONG from 128-bit ciphers). */
    v = query_dword(c.req, WINHTTP_OPTION_SECURITY_FLAGS, &ret);
    ok(ret, "SECURITY_FLAGS after the handshake failed: %lu", (unsigned long)GetLastError());
    ok(v == (SECURITY_FLAG_SECURE | SECURITY_FLAG_STRENGTH_STRONG), "SECURITY_FLAGS after the handshake: %#lx", (unsigned long)v);

    DWORD bits = query_dword(c.req, WINHTTP_OPTION_SECURITY_KEY_BITNESS, &ret);
    ok(ret, "KEY_BITNESS after the handshake failed: %lu", (unsigned long)GetLastError());
    /* The bulk cipher's key size (Wine reports the cipher strength): AES-128 or AES-256. */
    ok(bits == 128 || bits == 256, "KEY_BITNESS %lu", (unsigned long)bits);

    /* A buffer too small: the size needed. */
    size = sizeof info - 1;
    SetLastError(0xdeadbeef);
    ret = WinHttpQueryOption(c.req, WINHTTP_OPTION_SECURITY_CERTIFICATE_STRUCT, &info, &size);
    ok(!ret, "CERTIFICATE_STRUCT into a short buffer succeeded");
    expect_error(ERROR_INSUFFICIENT_BUFFER);
    ok(size == sizeof info, "CERTIFICATE_STRUCT size %lu", (unsigned long)size);

    memset(&info, 0x55, sizeof info);
    size = sizeof info;
    SetLastError(0xdeadbeef);
    ret = WinHttpQueryOption(c.req, WINHTTP_OPTION_SECURITY_CERTIFICATE_STRUCT, &info, &size);
    ok(ret, "CERTIFICATE_STRUCT after the handshake failed: %lu", (unsigned long)GetLastError());
    if (ret) {
        ok(size == sizeof info, "CERTIFICATE_STRUCT size %lu", (unsigned long)size);
        /* CertNameToStr(CERT_SIMPLE_NAME_STR | CERT_NAME_STR_CRLF_FLAG): values in encoded order. */
        ok(!u16cmp(info.lpszSubjectInfo, W("US\r\nState\r\nCity\r\nOrg\r\nlocalhost")),
           "subject '%s'", u16a(info.lpszSubjectInfo));
        ok(!u16cmp(info.lpszIssuerInfo, W("Winhttp Test\r\nWinhttp Test CA")), "issuer '%s'", u16a(info.lpszIssuerInfo));
        uint64_t now = unix_to_ft((int64_t)time(NULL));
        ok(ft64(info.ftStart) <= now + 600 * 10000000ULL, "ftStart in the future");
        ok(ft64(info.ftExpiry) > now, "ftExpiry in the past");
        /* gen-certs.sh: expiration_days = 365. */
        ok(ft64(info.ftExpiry) - ft64(info.ftStart) == 365ULL * 86400 * 10000000ULL, "validity %llu s",
           (unsigned long long)((ft64(info.ftExpiry) - ft64(info.ftStart)) / 10000000ULL));
        /* The name fields stay NULL (Wine's implementation; Windows leaves them empty). */
        ok(info.lpszProtocolName == NULL, "lpszProtocolName set");
        ok(info.lpszSignatureAlgName == NULL, "lpszSignatureAlgName set");
        ok(info.lpszEncryptionAlgName == NULL, "lpszEncryptionAlgName set");
        ok(info.dwKeySize == bits, "dwKeySize %lu, KEY_BITNESS %lu", (unsigned long)info.dwKeySize, (unsigned long)bits);
        free_cert_info(&info);
    }
    /* The server's certificate itself: a CERT_CONTEXT with the DER bytes (a crypt32 one under
     * Wine, freed with CertFreeCertificateContext; natively one block the caller frees). */
    PCCERT_CONTEXT server_cert = NULL;
    size = sizeof server_cert;
    ret = WinHttpQueryOption(c.req, WINHTTP_OPTION_SERVER_CERT_CONTEXT, &server_cert, &size);
    ok(ret, "SERVER_CERT_CONTEXT after the handshake failed: %lu", (unsigned long)GetLastError());
    if (ret && server_cert) {
        PCCERT_CONTEXT cert = server_cert;
        ok(size == sizeof(void *), "SERVER_CERT_CONTEXT size %lu", (unsigned long)size);
        ok(cert->dwCertEncodingType == (X509_ASN_ENCODING | PKCS_7_ASN_ENCODING), "encoding type %lx",
           (unsigned long)cert->dwCertEncodingType);
        ok(cert->cbCertEncoded > 100 && cert->pbCertEncoded && cert->pbCertEncoded[0] == 0x30,
           "DER certificate of %lu bytes", (unsigned long)cert->cbCertEncoded);
#ifdef _WIN32
        CertFreeCertificateContext(cert);
#else
        free((void *)cert);
#endif
    }
    close_https(&c);
}

static void test_keepalive(void)
{
    struct conn c;
    if (!open_https(&c, K_VALID, W("/keepalive-id"))) return;
    struct result r1 = exchange(c.req);
    ok(r1.received && r1.status == 200, "first /keepalive-id failed (%lu)", (unsigned long)r1.send_error);
    WinHttpCloseHandle(c.req);
    c.req = WinHttpOpenRequest(c.con, W("GET"), W("/keepalive-id"), NULL, NULL, NULL, WINHTTP_FLAG_SECURE);
    struct result r2 = exchange(c.req);
    ok(r2.received && r2.status == 200, "second /keepalive-id failed (%lu)", (unsigned long)r2.send_error);
    ok(r1.body[0] && !strcmp(r1.body, r2.body), "the TLS connection was not reused ('%s', '%s')", r1.body, r2.body);
    /* The reused connection still reports its TLS session. */
    BOOL ret;
    DWORD v = query_dword(c.req, WINHTTP_OPTION_SECURITY_FLAGS, &ret);
    ok(ret && (v & SECURITY_FLAG_SECURE), "SECURITY_FLAGS on a reused connection: %#lx", (unsigned long)v);
    close_https(&c);

    /* Another session: another connection. */
    if (!open_https(&c, K_VALID, W("/keepalive-id"))) return;
    struct result r3 = exchange(c.req);
    ok(r3.received && strcmp(r3.body, r1.body) != 0, "a new session reused a connection ('%s')", r3.body);
    close_https(&c);
}

/* Reads the whole response body of `req`, checking it against the pattern; returns its size. */
static unsigned long long read_pattern_body(HINTERNET req, int *intact)
{
    static char buf[65536];
    unsigned long long total = 0;
    DWORD n = 0;
    *intact = 1;
    while (WinHttpReadData(req, buf, sizeof buf, &n) && n) {
        for (DWORD i = 0; i < n; i++)
            if (buf[i] != (char)('a' + (total + i) % 26)) { *intact = 0; break; }
        total += n;
    }
    return total;
}

/* Bodies of every framing through TLS records: Content-Length, chunked, and one that ends when
 * the server closes (after close_notify); a large upload with WinHttpWriteData. */
static void test_bodies(void)
{
    static const struct { const WCHAR *path; unsigned long long size; } cases[] = {
        { (const WCHAR *)u"/bytes/3000000", 3000000 },
        { (const WCHAR *)u"/chunked/200000?size=7777", 200000 },
        { (const WCHAR *)u"/close/100000", 100000 },
        { (const WCHAR *)u"/slow/100?delay_ms=5&chunk=7", 100 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct conn c;
        if (!open_https(&c, K_VALID, cases[i].path)) continue;
        BOOL ret = WinHttpSendRequest(c.req, NULL, 0, NULL, 0, 0, 0) && WinHttpReceiveResponse(c.req, NULL);
        ok(ret, "%s: failed: %lu", u16a(cases[i].path), (unsigned long)GetLastError());
        if (ret) {
            int intact;
            unsigned long long n = read_pattern_body(c.req, &intact);
            ok(n == cases[i].size, "%s: %llu bytes", u16a(cases[i].path), n);
            ok(intact, "%s: body corrupted", u16a(cases[i].path));
        }
        close_https(&c);
    }

    struct conn c;
    if (!open_https(&c, K_VALID, W("/upload"))) return;
    WinHttpCloseHandle(c.req);
    c.req = WinHttpOpenRequest(c.con, W("POST"), W("/upload"), NULL, NULL, NULL, WINHTTP_FLAG_SECURE);
    enum { UPLOAD = 1 << 20 };
    static char data[UPLOAD];
    memset(data, 'x', sizeof data);
    BOOL ret = c.req && WinHttpSendRequest(c.req, NULL, 0, NULL, 0, UPLOAD, 0);
    ok(ret, "POST /upload: send failed: %lu", (unsigned long)GetLastError());
    DWORD written = 0, total = 0;
    while (ret && total < UPLOAD && (ret = WinHttpWriteData(c.req, data + total, 100000 < UPLOAD - total ? 100000 : UPLOAD - total, &written)))
        total += written;
    ok(ret && total == UPLOAD, "POST /upload: wrote %lu (%lu)", (unsigned long)total, (unsigned long)GetLastError());
    if (ret) {
        struct result r;
        memset(&r, 0, sizeof r);
        r.received = WinHttpReceiveResponse(c.req, NULL);
        DWORD n = 0;
        if (r.received) WinHttpReadData(c.req, r.body, sizeof r.body - 1, &n);
        r.body[n] = 0;
        ok(r.received && !strcmp(r.body, "1048576"), "POST /upload: server counted '%s'", r.body);
    }
    close_https(&c);
}

/* A second connection of the same session resumes the TLS session of the first (the server
 * closed that one after its response); the server's /tls-info says whether it resumed. */
static void test_resumption(void)
{
    struct conn c;
    if (!open_https(&c, K_VALID, W("/tls-info?close=1"))) return;
    struct result r1 = exchange(c.req);
    ok(r1.received && strstr(r1.body, "\nresumed=0\n") != NULL, "first connection: '%s'", r1.body);
    WinHttpCloseHandle(c.req);
    c.req = WinHttpOpenRequest(c.con, W("GET"), W("/tls-info"), NULL, NULL, NULL, WINHTTP_FLAG_SECURE);
    struct result r2 = exchange(c.req);
    ok(r2.received && strstr(r2.body, "\nresumed=1\n") != NULL, "second connection not resumed: '%s'", r2.body);
    close_https(&c);
}

/* Sends to kind k's server with the given SECURITY_FLAGS (none when 0) and revocation setting. */
#ifndef WINHTTP_OPTION_IGNORE_CERT_REVOCATION_OFFLINE
#define WINHTTP_OPTION_IGNORE_CERT_REVOCATION_OFFLINE 155   /* older mingw headers lack it */
#endif

/* `revocation`: 1 checks revocation; 2 also sets WINHTTP_OPTION_IGNORE_CERT_REVOCATION_OFFLINE. */
static struct result attempt(enum kind k, DWORD ignore, int revocation)
{
    struct result r;
    memset(&r, 0, sizeof r);
    struct conn c;
    if (!open_https(&c, k, W("/bytes/26"))) return r;
    if (ignore)
        ok(WinHttpSetOption(c.req, WINHTTP_OPTION_SECURITY_FLAGS, &ignore, sizeof ignore),
           "setting SECURITY_FLAGS %#lx failed: %lu", (unsigned long)ignore, (unsigned long)GetLastError());
    if (revocation) {
        DWORD f = WINHTTP_ENABLE_SSL_REVOCATION;
        ok(WinHttpSetOption(c.req, WINHTTP_OPTION_ENABLE_FEATURE, &f, sizeof f),
           "enabling revocation failed: %lu", (unsigned long)GetLastError());
    }
    if (revocation == 2) {
        BOOL yes = TRUE;
        ok(WinHttpSetOption(c.req, WINHTTP_OPTION_IGNORE_CERT_REVOCATION_OFFLINE, &yes, sizeof yes),
           "IGNORE_CERT_REVOCATION_OFFLINE failed: %lu", (unsigned long)GetLastError());
    }
    r = exchange(c.req);
    if (r.received) {
        BOOL ret;
        /* Stash SECURITY_FLAGS after success in `flags` (no failure was notified then). */
        if (!r.failures) r.flags = query_dword(c.req, WINHTTP_OPTION_SECURITY_FLAGS, &ret);
    }
    close_https(&c);
    return r;
}

static void expect_secure_failure(enum kind k, DWORD ignore, int revocation, DWORD flags, const char *what)
{
    struct result r = attempt(k, ignore, revocation);
    ok(!r.sent, "%s: WinHttpSendRequest succeeded", what);
    /* ERROR_WINHTTP_SECURE_FAILURE, the reasons only in the callback (io/tls.h; Wine's tests). */
    ok(r.send_error == ERROR_WINHTTP_SECURE_FAILURE, "%s: error %lu", what, (unsigned long)r.send_error);
    ok(r.failures == 1, "%s: %d SECURE_FAILURE notifications", what, r.failures);
    ok(r.flags == flags, "%s: SECURE_FAILURE flags %#lx, expected %#lx", what, (unsigned long)r.flags, (unsigned long)flags);
}

static void expect_success(enum kind k, DWORD ignore, int revocation, const char *what)
{
    struct result r = attempt(k, ignore, revocation);
    ok(r.sent, "%s: WinHttpSendRequest failed: %lu (flags %#lx)", what, (unsigned long)r.send_error, (unsigned long)r.flags);
    ok(r.received && r.status == 200 && !strcmp(r.body, pattern26), "%s: response %lu '%s'", what,
       (unsigned long)r.status, r.body);
    if (ignore && r.received)   /* the ignore flags set, plus what the handshake achieved */
        ok(r.flags == (ignore | SECURITY_FLAG_SECURE | SECURITY_FLAG_STRENGTH_STRONG),
           "%s: SECURITY_FLAGS afterwards %#lx", what, (unsigned long)r.flags);
}

static void test_certificate_failures(void)
{
    static const struct {
        enum kind kind;
        DWORD flags;     /* WINHTTP_CALLBACK_STATUS_FLAG_* */
        DWORD ignore;    /* the SECURITY_FLAG_IGNORE_* that accepts it */
    } cases[] = {
        { K_EXPIRED, WINHTTP_CALLBACK_STATUS_FLAG_CERT_DATE_INVALID, SECURITY_FLAG_IGNORE_CERT_DATE_INVALID },
        { K_NOTYET, WINHTTP_CALLBACK_STATUS_FLAG_CERT_DATE_INVALID, SECURITY_FLAG_IGNORE_CERT_DATE_INVALID },
        { K_WRONGHOST, WINHTTP_CALLBACK_STATUS_FLAG_CERT_CN_INVALID, SECURITY_FLAG_IGNORE_CERT_CN_INVALID },
        { K_UNKNOWNCA, WINHTTP_CALLBACK_STATUS_FLAG_INVALID_CA, SECURITY_FLAG_IGNORE_UNKNOWN_CA },
        { K_SELFSIGNED, WINHTTP_CALLBACK_STATUS_FLAG_INVALID_CA, SECURITY_FLAG_IGNORE_UNKNOWN_CA },
        { K_WRONGUSAGE, WINHTTP_CALLBACK_STATUS_FLAG_CERT_WRONG_USAGE, SECURITY_FLAG_IGNORE_CERT_WRONG_USAGE },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char what[64];
        snprintf(what, sizeof what, "%s", kind_names[cases[i].kind]);
        expect_secure_failure(cases[i].kind, 0, 0, cases[i].flags, what);
        snprintf(what, sizeof what, "%s ignored", kind_names[cases[i].kind]);
        expect_success(cases[i].kind, cases[i].ignore, 0, what);
    }
    /* Another problem's ignore flag does not help. */
    expect_secure_failure(K_EXPIRED, SECURITY_FLAG_IGNORE_UNKNOWN_CA | SECURITY_FLAG_IGNORE_CERT_CN_INVALID, 0,
                          WINHTTP_CALLBACK_STATUS_FLAG_CERT_DATE_INVALID, "expired, other flags ignored");
    /* All four together accept any of them. */
    DWORD all = SECURITY_FLAG_IGNORE_UNKNOWN_CA | SECURITY_FLAG_IGNORE_CERT_DATE_INVALID |
                SECURITY_FLAG_IGNORE_CERT_CN_INVALID | SECURITY_FLAG_IGNORE_CERT_WRONG_USAGE;
    expect_success(K_SELFSIGNED, all, 0, "self-signed, all ignored");
    /* The valid certificate with an ignore flag: SECURITY_FLAGS keeps it. */
    expect_success(K_VALID, SECURITY_FLAG_IGNORE_CERT_CN_INVALID, 0, "valid, CN ignored");
}

/* WINHTTP_OPTION_SERVER_CERT_CHAIN_CONTEXT: one simple chain from the server's certificate
 * to its root (natively one block freed with free(); under Wine crypt32's chain, freed with
 * CertFreeCertificateChain, built against Wine's root store, which lacks the test CA). */
static PCCERT_CHAIN_CONTEXT query_chain(HINTERNET req, BOOL *ret)
{
    PCCERT_CHAIN_CONTEXT chain = NULL;
    DWORD size = sizeof chain;
    SetLastError(0xdeadbeef);
    *ret = WinHttpQueryOption(req, WINHTTP_OPTION_SERVER_CERT_CHAIN_CONTEXT, (void *)&chain, &size);
    if (*ret) ok(size == sizeof(void *), "SERVER_CERT_CHAIN_CONTEXT size %lu", (unsigned long)size);
    return chain;
}

static void free_chain(PCCERT_CHAIN_CONTEXT chain)
{
#ifdef _WIN32
    CertFreeCertificateChain(chain);
#else
    free((void *)chain);
#endif
}

static int same_der(PCCERT_CONTEXT a, PCCERT_CONTEXT b)
{
    return a && b && a->cbCertEncoded == b->cbCertEncoded && !memcmp(a->pbCertEncoded, b->pbCertEncoded, a->cbCertEncoded);
}

/* Opens `kind`'s server with `ignore` flags, completes the exchange and returns its chain. */
static PCCERT_CHAIN_CONTEXT chain_of(struct conn *c, enum kind k, DWORD ignore)
{
    BOOL ret;
    if (!open_https(c, k, W("/bytes/26"))) return NULL;
    if (ignore) WinHttpSetOption(c->req, WINHTTP_OPTION_SECURITY_FLAGS, &ignore, sizeof ignore);
    struct result r = exchange(c->req);
    ok(r.sent && r.received && r.status == 200, "%s: exchange failed (%lu)", kind_names[k], (unsigned long)r.send_error);
    PCCERT_CHAIN_CONTEXT chain = query_chain(c->req, &ret);
    ok(ret && chain, "%s: SERVER_CERT_CHAIN_CONTEXT failed: %lu", kind_names[k], (unsigned long)GetLastError());
    if (chain) {
        /* At least up to dwRevocationFreshnessTime (48 on x64: Wine's crypt32 gives that older
         * size, newer Windows the whole structure). */
        ok(chain->cbSize >= 48 && chain->cbSize <= sizeof(CERT_CHAIN_CONTEXT), "%s: cbSize %lu",
           kind_names[k], (unsigned long)chain->cbSize);
        ok(chain->cChain == 1 && chain->rgpChain && chain->rgpChain[0], "%s: %lu simple chains", kind_names[k],
           (unsigned long)chain->cChain);
        if (chain->cChain != 1 || !chain->rgpChain || !chain->rgpChain[0]) {
            free_chain(chain);
            chain = NULL;
        }
    }
    return chain;
}

static void test_chain_context(void)
{
    struct conn c;
    BOOL ret;
    PCCERT_CHAIN_CONTEXT chain;

    /* Before the handshake: size first, then ERROR_WINHTTP_INCORRECT_HANDLE_STATE. */
    if (open_https(&c, K_VALID, W("/bytes/26"))) {
        DWORD size = 0;
        SetLastError(0xdeadbeef);
        ret = WinHttpQueryOption(c.req, WINHTTP_OPTION_SERVER_CERT_CHAIN_CONTEXT, NULL, &size);
        ok(!ret, "SERVER_CERT_CHAIN_CONTEXT without a buffer succeeded");
        expect_error(ERROR_INSUFFICIENT_BUFFER);
        ok(size == sizeof(void *), "SERVER_CERT_CHAIN_CONTEXT size needed %lu", (unsigned long)size);
        chain = query_chain(c.req, &ret);
        ok(!ret, "SERVER_CERT_CHAIN_CONTEXT before sending succeeded");
        expect_error(ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
        close_https(&c);
    }

    /* A valid certificate: the leaf (the same as SERVER_CERT_CONTEXT), then the test CA, a
     * self-signed root. Natively the CA is trusted; Wine's crypt32 does not know it. */
    chain = chain_of(&c, K_VALID, 0);
    if (chain) {
        const CERT_SIMPLE_CHAIN *simple = chain->rgpChain[0];
        ok(simple->cElement == 2, "valid: %lu elements", (unsigned long)simple->cElement);
        if (simple->cElement == 2) {
            PCCERT_CONTEXT server_cert = NULL;
            DWORD size = sizeof server_cert;
            ret = WinHttpQueryOption(c.req, WINHTTP_OPTION_SERVER_CERT_CONTEXT, (void *)&server_cert, &size);
            ok(ret && same_der(simple->rgpElement[0]->pCertContext, server_cert),
               "valid: the chain's first element is not the server's certificate");
            if (ret && server_cert) {
#ifdef _WIN32
                CertFreeCertificateContext(server_cert);
#else
                free((void *)server_cert);
#endif
            }
            PCCERT_CONTEXT root = simple->rgpElement[1]->pCertContext;
            ok(root && root->cbCertEncoded > 100 && root->pbCertEncoded[0] == 0x30, "valid: root not DER");
            ok(simple->rgpElement[1]->TrustStatus.dwInfoStatus & CERT_TRUST_IS_SELF_SIGNED,
               "valid: root info status %#lx", (unsigned long)simple->rgpElement[1]->TrustStatus.dwInfoStatus);
            ok(!(simple->rgpElement[0]->TrustStatus.dwInfoStatus & CERT_TRUST_IS_SELF_SIGNED),
               "valid: leaf reported self-signed");
            ok(simple->rgpElement[0]->TrustStatus.dwErrorStatus == 0, "valid: leaf error status %#lx",
               (unsigned long)simple->rgpElement[0]->TrustStatus.dwErrorStatus);
        }
        ok((chain->TrustStatus.dwErrorStatus & ~(DWORD)CERT_TRUST_IS_UNTRUSTED_ROOT) == 0,
           "valid: chain error status %#lx", (unsigned long)chain->TrustStatus.dwErrorStatus);
        free_chain(chain);
    }
    close_https(&c);

    /* An expired leaf, accepted with SECURITY_FLAG_IGNORE_CERT_DATE_INVALID: the chain still
     * says so (the ignore flag is WinHTTP's policy, not the chain's). */
    chain = chain_of(&c, K_EXPIRED, SECURITY_FLAG_IGNORE_CERT_DATE_INVALID);
    if (chain) {
        const CERT_SIMPLE_CHAIN *simple = chain->rgpChain[0];
        ok(simple->cElement == 2, "expired: %lu elements", (unsigned long)simple->cElement);
        ok(simple->cElement >= 1 && (simple->rgpElement[0]->TrustStatus.dwErrorStatus & CERT_TRUST_IS_NOT_TIME_VALID),
           "expired: leaf error status %#lx", simple->cElement ? (unsigned long)simple->rgpElement[0]->TrustStatus.dwErrorStatus : 0UL);
        ok(chain->TrustStatus.dwErrorStatus & CERT_TRUST_IS_NOT_TIME_VALID, "expired: chain error status %#lx",
           (unsigned long)chain->TrustStatus.dwErrorStatus);
        free_chain(chain);
    }
    close_https(&c);

    /* A self-signed server certificate: one element, an untrusted root. */
    chain = chain_of(&c, K_SELFSIGNED, SECURITY_FLAG_IGNORE_UNKNOWN_CA);
    if (chain) {
        const CERT_SIMPLE_CHAIN *simple = chain->rgpChain[0];
        ok(simple->cElement == 1, "self-signed: %lu elements", (unsigned long)simple->cElement);
        ok(simple->cElement >= 1 && (simple->rgpElement[0]->TrustStatus.dwInfoStatus & CERT_TRUST_IS_SELF_SIGNED),
           "self-signed: info status %#lx", simple->cElement ? (unsigned long)simple->rgpElement[0]->TrustStatus.dwInfoStatus : 0UL);
        ok(chain->TrustStatus.dwErrorStatus & CERT_TRUST_IS_UNTRUSTED_ROOT, "self-signed: chain error status %#lx",
           (unsigned long)chain->TrustStatus.dwErrorStatus);
        free_chain(chain);
    }
    close_https(&c);

    /* Issued by a CA nobody has: the chain stops at the leaf, partial. */
    chain = chain_of(&c, K_UNKNOWNCA, SECURITY_FLAG_IGNORE_UNKNOWN_CA);
    if (chain) {
        const CERT_SIMPLE_CHAIN *simple = chain->rgpChain[0];
        ok(simple->cElement == 1, "unknown CA: %lu elements", (unsigned long)simple->cElement);
        ok(chain->TrustStatus.dwErrorStatus & CERT_TRUST_IS_PARTIAL_CHAIN, "unknown CA: chain error status %#lx",
           (unsigned long)chain->TrustStatus.dwErrorStatus);
        free_chain(chain);
    }
    close_https(&c);
}

/* Lists named by the certificate's CRL distribution point, fetched during the handshake when
 * revocation is checked and no configured list covers the issuer (CryptoAPI's online check). */
static void test_online_revocation(void)
{
    expect_success(K_CDPGOOD, 0, 1, "distribution point, not revoked");
    expect_secure_failure(K_CDPREVOKED, 0, 1, WINHTTP_CALLBACK_STATUS_FLAG_CERT_REVOKED, "distribution point, revoked");
    expect_success(K_CDPREVOKED, 0, 0, "distribution point, revoked, not checked");
    /* Nothing answers at the point: offline, CERT_REV_FAILED, which
     * WINHTTP_OPTION_IGNORE_CERT_REVOCATION_OFFLINE lets pass. */
    expect_secure_failure(K_CDPDEAD, 0, 1, WINHTTP_CALLBACK_STATUS_FLAG_CERT_REV_FAILED, "distribution point offline");
    expect_success(K_CDPDEAD, 0, 2, "distribution point offline, ignored");
    /* OCSP: the responder the certificate names is asked first (openssl ocsp here); when it
     * cannot be reached, the distribution point's list decides. */
    expect_success(K_OCSPGOOD, 0, 1, "OCSP, good");
    expect_secure_failure(K_OCSPREVOKED, 0, 1, WINHTTP_CALLBACK_STATUS_FLAG_CERT_REVOKED, "OCSP, revoked");
    expect_success(K_OCSPREVOKED, 0, 0, "OCSP, revoked, not checked");
    expect_success(K_OCSPFALLBACK, 0, 1, "OCSP responder dead, CRL good");
    /* Every certificate below the root is checked: a leaf under an intermediate CA (the server
     * sends both), each named list fetched; an intermediate its CA revoked fails the leaf. */
    expect_success(K_CHAINGOOD, 0, 1, "intermediate CA, nothing revoked");
    expect_secure_failure(K_CHAINREVOKED, 0, 1, WINHTTP_CALLBACK_STATUS_FLAG_CERT_REVOKED, "intermediate CA revoked");
    expect_success(K_CHAINREVOKED, 0, 0, "intermediate CA revoked, not checked");
    {
        struct conn c;
        PCCERT_CHAIN_CONTEXT chain = chain_of(&c, K_CHAINGOOD, 0);
        if (chain) {
            ok(chain->rgpChain[0]->cElement == 3, "intermediate CA: %lu chain elements",
               (unsigned long)chain->rgpChain[0]->cElement);
            free_chain(chain);
        }
        close_https(&c);
    }
    /* A point only a proxy reaches (crl.invalid): the fetch goes the request's way, through the
     * session's proxy (the files server, which also tunnels the HTTPS request with CONNECT);
     * straight, the name does not resolve and the status is unknown. */
    expect_secure_failure(K_CDPPROXY, 0, 1, WINHTTP_CALLBACK_STATUS_FLAG_CERT_REV_FAILED, "distribution point behind a proxy, direct");
    {
        char proxy[64];
        WCHAR wproxy[64];
        size_t i;
        snprintf(proxy, sizeof proxy, "127.0.0.1:%d", ports[K_FILES]);
        for (i = 0; proxy[i]; i++) wproxy[i] = (WCHAR)proxy[i];
        wproxy[i] = 0;
        HINTERNET ses = WinHttpOpen(W("winhttp-conformance"), WINHTTP_ACCESS_TYPE_NAMED_PROXY, wproxy, WINHTTP_NO_PROXY_BYPASS, 0);
        HINTERNET con = ses ? WinHttpConnect(ses, W("localhost"), (INTERNET_PORT)ports[K_CDPPROXY], 0) : NULL;
        HINTERNET req = con ? WinHttpOpenRequest(con, W("GET"), W("/bytes/26"), NULL, NULL, NULL, WINHTTP_FLAG_SECURE) : NULL;
        ok(req != NULL, "distribution point behind a proxy: open failed");
        if (req) {
            WinHttpSetStatusCallback(req, callback, WINHTTP_CALLBACK_FLAG_SECURE_FAILURE, 0);
            DWORD f = WINHTTP_ENABLE_SSL_REVOCATION;
            WinHttpSetOption(req, WINHTTP_OPTION_ENABLE_FEATURE, &f, sizeof f);
            struct result r = exchange(req);
            ok(r.sent && r.received && r.status == 200 && !strcmp(r.body, pattern26),
               "distribution point behind a proxy: sent %d error %lu flags %#lx status %lu", r.sent,
               (unsigned long)r.send_error, (unsigned long)r.flags, (unsigned long)r.status);
            WinHttpCloseHandle(req);
        }
        if (con) WinHttpCloseHandle(con);
        if (ses) WinHttpCloseHandle(ses);
    }
    /* A point that answers too late: the fetch is bounded by the receive timeout, and the status
     * is then unknown (CERT_REV_FAILED), not a timed-out request. */
    struct conn c;
    if (open_https(&c, K_CDPSLOW, W("/bytes/26"))) {
        DWORD f = WINHTTP_ENABLE_SSL_REVOCATION;
        WinHttpSetOption(c.req, WINHTTP_OPTION_ENABLE_FEATURE, &f, sizeof f);
        ok(WinHttpSetTimeouts(c.req, 0, 0, 0, 500), "WinHttpSetTimeouts failed: %lu", (unsigned long)GetLastError());
        struct result r = exchange(c.req);
        ok(!r.sent && r.send_error == ERROR_WINHTTP_SECURE_FAILURE && r.flags == WINHTTP_CALLBACK_STATUS_FLAG_CERT_REV_FAILED,
           "slow distribution point: sent %d error %lu flags %#lx", r.sent, (unsigned long)r.send_error, (unsigned long)r.flags);
        close_https(&c);
    }
    /* Several requests of one session: the list fetched once is used again (and revoked stays
     * revoked on a second connection). */
    if (open_https(&c, K_CDPREVOKED, W("/bytes/26"))) {
        DWORD f = WINHTTP_ENABLE_SSL_REVOCATION;
        WinHttpSetOption(c.req, WINHTTP_OPTION_ENABLE_FEATURE, &f, sizeof f);
        struct result r = exchange(c.req);
        ok(!r.sent && r.flags == WINHTTP_CALLBACK_STATUS_FLAG_CERT_REVOKED, "revoked, first: sent %d flags %#lx", r.sent,
           (unsigned long)r.flags);
        HINTERNET req2 = WinHttpOpenRequest(c.con, W("GET"), W("/bytes/26"), NULL, NULL, NULL, WINHTTP_FLAG_SECURE);
        if (req2) {
            WinHttpSetStatusCallback(req2, callback, WINHTTP_CALLBACK_FLAG_SECURE_FAILURE, 0);
            WinHttpSetOption(req2, WINHTTP_OPTION_ENABLE_FEATURE, &f, sizeof f);
            r = exchange(req2);
            ok(!r.sent && r.flags == WINHTTP_CALLBACK_STATUS_FLAG_CERT_REVOKED, "revoked, second: sent %d flags %#lx",
               r.sent, (unsigned long)r.flags);
            WinHttpCloseHandle(req2);
        }
        close_https(&c);
    }
}

static void test_revocation(void)
{
    /* Without WINHTTP_ENABLE_SSL_REVOCATION nothing checks revocation. */
    expect_success(K_REVOKED, 0, 0, "revoked, no revocation check");
    expect_secure_failure(K_REVOKED, 0, 1, WINHTTP_CALLBACK_STATUS_FLAG_CERT_REVOKED, "revoked");
    /* No SECURITY_FLAG_IGNORE_* covers revocation. */
    DWORD all = SECURITY_FLAG_IGNORE_UNKNOWN_CA | SECURITY_FLAG_IGNORE_CERT_DATE_INVALID |
                SECURITY_FLAG_IGNORE_CERT_CN_INVALID | SECURITY_FLAG_IGNORE_CERT_WRONG_USAGE;
    expect_secure_failure(K_REVOKED, all, 1, WINHTTP_CALLBACK_STATUS_FLAG_CERT_REVOKED, "revoked, all ignored");
    expect_success(K_VALID, 0, 1, "valid, revocation checked");
    /* Nothing says whether a certificate from an unknown CA is revoked (no list, no responder, no
     * issuer): CERT_REV_FAILED, unless WINHTTP_OPTION_IGNORE_CERT_REVOCATION_OFFLINE lets an
     * unobtainable status pass (option flags page). A revoked certificate still fails with it. */
    expect_secure_failure(K_UNKNOWNCA, SECURITY_FLAG_IGNORE_UNKNOWN_CA, 1, WINHTTP_CALLBACK_STATUS_FLAG_CERT_REV_FAILED,
                          "unknown CA, revocation unknown");
    expect_success(K_UNKNOWNCA, SECURITY_FLAG_IGNORE_UNKNOWN_CA, 2, "unknown CA, revocation offline ignored");
    expect_secure_failure(K_REVOKED, 0, 2, WINHTTP_CALLBACK_STATUS_FLAG_CERT_REVOKED, "revoked, offline ignored");
    /* The chain's root is not checked (WinHTTP asks for CERT_CHAIN_REVOCATION_CHECK_CHAIN_EXCLUDE_ROOT,
     * as Wine's winhttp does): a self-signed server certificate is that root. */
    expect_success(K_SELFSIGNED, SECURITY_FLAG_IGNORE_UNKNOWN_CA, 1, "self-signed, revocation checked");
#ifndef _WIN32
    /* Without a CRL the status is unknown: CERT_REV_FAILED (io/tls.h). Natively only: under Wine
     * the unix side's environment is the runner's. */
    const char *crl = getenv("WINHTTP_TLS_CRL_FILE");
    char saved[600];
    snprintf(saved, sizeof saved, "%s", crl ? crl : "");
    test_setenv("WINHTTP_TLS_CRL_FILE", NULL);
    expect_secure_failure(K_VALID, 0, 1, WINHTTP_CALLBACK_STATUS_FLAG_CERT_REV_FAILED, "valid, no CRL");
    if (saved[0]) test_setenv("WINHTTP_TLS_CRL_FILE", saved);
#endif
}

/* GET /tls-info on kind k's server with WINHTTP_OPTION_SECURE_PROTOCOLS set on the session
 * before the request is opened (0: left alone). */
static struct result with_protocols(enum kind k, DWORD protocols)
{
    struct result r;
    memset(&r, 0, sizeof r);
    struct conn c;
    memset(&c, 0, sizeof c);
    c.ses = WinHttpOpen(W("winhttp-conformance"), WINHTTP_ACCESS_TYPE_NO_PROXY, NULL, NULL, 0);
    if (c.ses && protocols)
        ok(WinHttpSetOption(c.ses, WINHTTP_OPTION_SECURE_PROTOCOLS, &protocols, sizeof protocols),
           "setting SECURE_PROTOCOLS %#lx failed: %lu", (unsigned long)protocols, (unsigned long)GetLastError());
    if (c.ses) c.con = WinHttpConnect(c.ses, W("localhost"), (INTERNET_PORT)ports[k], 0);
    if (c.con) c.req = WinHttpOpenRequest(c.con, W("GET"), W("/tls-info"), NULL, NULL, NULL, WINHTTP_FLAG_SECURE);
    ok(c.req != NULL, "opening a secure request to %s failed: %lu", kind_names[k], (unsigned long)GetLastError());
    if (c.req) {
        WinHttpSetStatusCallback(c.req, callback, WINHTTP_CALLBACK_FLAG_SECURE_FAILURE, 0);
        r = exchange(c.req);
    }
    close_https(&c);
    return r;
}

static void test_protocols(void)
{
    /* The default protocols include TLS 1.0 (option-flags.md: Windows 10/11 enable TLS 1.0 to
     * 1.2 by default; this backend adds 1.3). */
    struct result r = with_protocols(K_TLS10, 0);
    ok(r.sent && r.received && r.status == 200, "TLS 1.0 server, default protocols: failed (%lu)", (unsigned long)r.send_error);
    ok(!strncmp(r.body, "protocol=TLS1.0\n", 16), "TLS 1.0 server, default protocols: server saw '%s'", r.body);

    /* Without TLS 1.0 the handshake fails: a channel error, not a certificate one. */
    r = with_protocols(K_TLS10, WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_1 | WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2);
    ok(!r.sent, "TLS 1.0 server, TLS 1.0 not allowed: send succeeded");
    ok(r.send_error == ERROR_WINHTTP_SECURE_FAILURE, "TLS 1.0 server, TLS 1.0 not allowed: error %lu",
       (unsigned long)r.send_error);
    ok(r.failures == 1 && r.flags == WINHTTP_CALLBACK_STATUS_FLAG_SECURITY_CHANNEL_ERROR,
       "TLS 1.0 server, TLS 1.0 not allowed: %d notifications, flags %#lx", r.failures, (unsigned long)r.flags);

    r = with_protocols(K_TLS10, WINHTTP_FLAG_SECURE_PROTOCOL_TLS1);
    ok(r.sent && r.received && r.status == 200, "TLS 1.0 only: failed (%lu)", (unsigned long)r.send_error);
    ok(!strncmp(r.body, "protocol=TLS1.0\n", 16), "TLS 1.0 only: server saw '%s'", r.body);

    r = with_protocols(K_VALID, WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2);
    ok(r.sent && r.received && !strncmp(r.body, "protocol=TLS1.2\n", 16), "TLS 1.2 only: '%s' (%lu)", r.body,
       (unsigned long)r.send_error);
#ifdef WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_3
    r = with_protocols(K_VALID, WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_3);
    ok(r.sent && r.received && !strncmp(r.body, "protocol=TLS1.3\n", 16), "TLS 1.3 only: '%s' (%lu)", r.body,
       (unsigned long)r.send_error);
#endif
    /* SSL 3 alone: nothing this client can offer (io/tls.h: SSL 2/3 never). */
    r = with_protocols(K_VALID, WINHTTP_FLAG_SECURE_PROTOCOL_SSL3);
    ok(!r.sent && r.send_error == ERROR_WINHTTP_SECURE_FAILURE, "SSL 3 only: sent %d, error %lu", r.sent,
       (unsigned long)r.send_error);
}

static void test_client_certificates(void)
{
    struct conn c;
    struct result r;
    /* A server that requires one, none configured. */
    if (open_https(&c, K_CLIENTREQ, W("/tls-info"))) {
        r = exchange(c.req);
        ok(!r.sent, "client certificate required: send succeeded");
        ok(r.send_error == ERROR_WINHTTP_CLIENT_AUTH_CERT_NEEDED, "client certificate required: error %lu",
           (unsigned long)r.send_error);
        close_https(&c);
    }
    /* A server that only asks: Windows fails the same way until told to go on without one
     * (io/tls.h), then the same request handle can be sent again (WinHttpSendRequest page). */
    if (open_https(&c, K_CLIENTASK, W("/tls-info"))) {
        r = exchange(c.req);
        ok(!r.sent, "client certificate requested: send succeeded");
        ok(r.send_error == ERROR_WINHTTP_CLIENT_AUTH_CERT_NEEDED, "client certificate requested: error %lu",
           (unsigned long)r.send_error);
        SetLastError(0xdeadbeef);
        BOOL ret = WinHttpSetOption(c.req, WINHTTP_OPTION_CLIENT_CERT_CONTEXT, WINHTTP_NO_CLIENT_CERT_CONTEXT, 0);
        ok(ret, "WINHTTP_NO_CLIENT_CERT_CONTEXT failed: %lu", (unsigned long)GetLastError());
        r = exchange(c.req);
        ok(r.sent && r.received && r.status == 200, "without a client certificate: failed (%lu)", (unsigned long)r.send_error);
        ok(strstr(r.body, "\nclient=\n") != NULL, "server saw a client certificate: '%s'", r.body);
        close_https(&c);
    }
    /* WINHTTP_NO_CLIENT_CERT_CONTEXT from the start, on a fresh handle. */
    if (open_https(&c, K_CLIENTASK, W("/tls-info"))) {
        ok(WinHttpSetOption(c.req, WINHTTP_OPTION_CLIENT_CERT_CONTEXT, WINHTTP_NO_CLIENT_CERT_CONTEXT, 0),
           "WINHTTP_NO_CLIENT_CERT_CONTEXT failed: %lu", (unsigned long)GetLastError());
        r = exchange(c.req);
        ok(r.sent && r.received && r.status == 200, "no client certificate from the start: failed (%lu)",
           (unsigned long)r.send_error);
        close_https(&c);
    }
#ifdef WINHTTP_OPTION_LINUX_CLIENT_CERT_FILE
    /* This implementation's extension: the certificate and key from a file, PEM or PKCS#12. */
    static const struct { const char *file, *password; } files[] = {
        { "client-combined.pem", NULL }, { "client.p12", "secret" },
    };
    for (size_t k = 0; k < sizeof files / sizeof files[0]; k++) {
        if (!open_https(&c, K_CLIENTREQ, W("/tls-info"))) continue;
        char path[700];
        WCHAR wpath[700], wpass[32];
        size_t i;
        snprintf(path, sizeof path, "%s/%s", cert_dir, files[k].file);
        for (i = 0; path[i]; i++) wpath[i] = (WCHAR)(unsigned char)path[i];
        wpath[i] = 0;
        ok(WinHttpSetOption(c.req, WINHTTP_OPTION_LINUX_CLIENT_CERT_FILE, wpath, (DWORD)i),
           "LINUX_CLIENT_CERT_FILE failed: %lu", (unsigned long)GetLastError());
        if (files[k].password) {
            for (i = 0; files[k].password[i]; i++) wpass[i] = (WCHAR)files[k].password[i];
            wpass[i] = 0;
            ok(WinHttpSetOption(c.req, WINHTTP_OPTION_LINUX_CLIENT_CERT_PASSWORD, wpass, (DWORD)i),
               "LINUX_CLIENT_CERT_PASSWORD failed: %lu", (unsigned long)GetLastError());
        }
        r = exchange(c.req);
        ok(r.sent && r.received && r.status == 200, "%s: the exchange failed (%lu)", files[k].file,
           (unsigned long)r.send_error);
        ok(strstr(r.body, "\nclient=") && !strstr(r.body, "\nclient=\n"), "%s: the server saw no certificate: '%s'",
           files[k].file, r.body);
        close_https(&c);
    }
#endif
    /* A CERT_CONTEXT without a private key (the server's own certificate: natively no
     * CERT_CONTEXT has one): a server asking for a certificate fails the send with
     * ERROR_WINHTTP_CLIENT_CERT_NO_PRIVATE_KEY (error messages guide). */
    PCCERT_CONTEXT keyless = NULL;
    if (open_https(&c, K_VALID, W("/bytes/26"))) {
        r = exchange(c.req);
        DWORD size = sizeof keyless;
        if (!WinHttpQueryOption(c.req, WINHTTP_OPTION_SERVER_CERT_CONTEXT, (void *)&keyless, &size)) keyless = NULL;
        ok(keyless != NULL, "no server certificate to use as a client certificate");
        close_https(&c);
    }
    if (keyless && open_https(&c, K_CLIENTREQ, W("/tls-info"))) {
        /* Anything but a whole CERT_CONTEXT is refused (Wine's set_option). */
        SetLastError(0xdeadbeef);
        ok(!WinHttpSetOption(c.req, WINHTTP_OPTION_CLIENT_CERT_CONTEXT, (void *)keyless, sizeof(CERT_CONTEXT) - 1),
           "CLIENT_CERT_CONTEXT with a short length succeeded");
        expect_error(ERROR_INVALID_PARAMETER);
        SetLastError(0xdeadbeef);
        ok(WinHttpSetOption(c.req, WINHTTP_OPTION_CLIENT_CERT_CONTEXT, (void *)keyless, sizeof(CERT_CONTEXT)),
           "CLIENT_CERT_CONTEXT failed: %lu", (unsigned long)GetLastError());
        r = exchange(c.req);
        ok(!r.sent && r.send_error == ERROR_WINHTTP_CLIENT_CERT_NO_PRIVATE_KEY,
           "a certificate without a key: sent %d, error %lu", r.sent, (unsigned long)r.send_error);
        close_https(&c);
    }
    /* ... to a server that only asks, the same. */
    if (keyless && open_https(&c, K_CLIENTASK, W("/tls-info"))) {
        WinHttpSetOption(c.req, WINHTTP_OPTION_CLIENT_CERT_CONTEXT, (void *)keyless, sizeof(CERT_CONTEXT));
        r = exchange(c.req);
        ok(!r.sent && r.send_error == ERROR_WINHTTP_CLIENT_CERT_NO_PRIVATE_KEY,
           "a certificate without a key, asked: sent %d, error %lu", r.sent, (unsigned long)r.send_error);
        close_https(&c);
    }
    /* ... and a server that asks for none never notices. */
    if (keyless && open_https(&c, K_VALID, W("/bytes/26"))) {
        WinHttpSetOption(c.req, WINHTTP_OPTION_CLIENT_CERT_CONTEXT, (void *)keyless, sizeof(CERT_CONTEXT));
        r = exchange(c.req);
        ok(r.sent && r.received && r.status == 200, "a certificate without a key, not asked: failed (%lu)",
           (unsigned long)r.send_error);
        close_https(&c);
    }
    if (keyless) {
#ifdef _WIN32
        CertFreeCertificateContext(keyless);
#else
        free((void *)keyless);
#endif
    }
#ifdef _WIN32
    /* A Windows program's certificate with its private key, imported from PKCS#12: exportable
     * (winhttp.dll hands the key to the TLS client through CryptExportKey) and not (the usual
     * import: winhttp.dll reads the key Wine's rsaenh keeps for the process). */
    for (int exportable = 1; exportable >= 0; exportable--) {
        char path[700];
        const char *ca = getenv("WINHTTP_TLS_CA_FILE");
        size_t dir = ca ? strlen(ca) : 0;
        while (dir && ca[dir - 1] != '/') dir--;
        snprintf(path, sizeof path, "Z:%.*sclient-rsa.p12", (int)dir, ca ? ca : "");
        FILE *f = fopen(path, "rb");
        static BYTE p12[16384];
        DWORD n = f ? (DWORD)fread(p12, 1, sizeof p12, f) : 0;
        if (f) fclose(f);
        ok(n > 0, "cannot read %s", path);
        CRYPT_DATA_BLOB blob = { n, p12 };
        HCERTSTORE store = n ? PFXImportCertStore(&blob, L"secret", exportable ? CRYPT_EXPORTABLE : 0) : NULL;
        ok(store != NULL, "PFXImportCertStore failed: %lu", (unsigned long)GetLastError());
        PCCERT_CONTEXT cert = store ? CertEnumCertificatesInStore(store, NULL) : NULL;
        if (cert && open_https(&c, K_CLIENTREQ, W("/tls-info"))) {
            ok(WinHttpSetOption(c.req, WINHTTP_OPTION_CLIENT_CERT_CONTEXT, (void *)cert, sizeof(CERT_CONTEXT)),
               "CLIENT_CERT_CONTEXT failed: %lu", (unsigned long)GetLastError());
            r = exchange(c.req);
            ok(r.sent && r.received && r.status == 200, "CERT_CONTEXT with its key (exportable %d): the exchange failed (%lu)",
               exportable, (unsigned long)r.send_error);
            ok(strstr(r.body, "Winhttp Test RSA Client") != NULL, "CERT_CONTEXT with its key (exportable %d): the server saw '%s'",
               exportable, r.body);
            close_https(&c);
        }
        if (cert) CertFreeCertificateContext(cert);
        if (store) CertCloseStore(store, 0);
    }
#endif
    /* A server that requires one still refuses to go on without it. */
    if (open_https(&c, K_CLIENTREQ, W("/tls-info"))) {
        WinHttpSetOption(c.req, WINHTTP_OPTION_CLIENT_CERT_CONTEXT, WINHTTP_NO_CLIENT_CERT_CONTEXT, 0);
        r = exchange(c.req);
        ok(!(r.sent && r.received), "client certificate required, none sent: the exchange succeeded (%lu)",
           (unsigned long)r.status);
        close_https(&c);
    }
}

/* ------------------------------------------------------------------ asynchronous */

#define MAX_NOTES 256
struct note { DWORD status; DWORD value; DWORD_PTR api; };
static struct note notes[MAX_NOTES];
static volatile int nnotes;
static test_event async_done;
static char async_body[256];
static DWORD async_len;

/* Drives the request from its notifications (receive, query, read) to the end or an error. */
static void CALLBACK async_callback(HINTERNET h, DWORD_PTR ctx, DWORD status, LPVOID info, DWORD len)
{
    (void)ctx;
    if (nnotes < MAX_NOTES) {
        struct note *n = &notes[nnotes];
        n->status = status;
        n->value = 0;
        n->api = 0;
        if (status == WINHTTP_CALLBACK_STATUS_REQUEST_ERROR && info) {
            n->api = ((WINHTTP_ASYNC_RESULT *)info)->dwResult;
            n->value = ((WINHTTP_ASYNC_RESULT *)info)->dwError;
        } else if (status == WINHTTP_CALLBACK_STATUS_SECURE_FAILURE && info && len >= sizeof(DWORD)) {
            n->value = *(DWORD *)info;
        }
        nnotes++;
    }
    switch (status) {
    case WINHTTP_CALLBACK_STATUS_SENDREQUEST_COMPLETE: WinHttpReceiveResponse(h, NULL); break;
    case WINHTTP_CALLBACK_STATUS_HEADERS_AVAILABLE: WinHttpQueryDataAvailable(h, NULL); break;
    case WINHTTP_CALLBACK_STATUS_DATA_AVAILABLE: {
        DWORD n = *(DWORD *)info;
        if (n > sizeof async_body - 1 - async_len) n = sizeof async_body - 1 - async_len;
        if (!n) { test_event_set(async_done); break; }
        WinHttpReadData(h, async_body + async_len, n, NULL);
        break;
    }
    case WINHTTP_CALLBACK_STATUS_READ_COMPLETE:
        async_len += len;
        if (!len) test_event_set(async_done);
        else WinHttpQueryDataAvailable(h, NULL);
        break;
    case WINHTTP_CALLBACK_STATUS_REQUEST_ERROR: test_event_set(async_done); break;
    }
}

static int find_note(DWORD status)
{
    for (int i = 0; i < nnotes; i++) if (notes[i].status == status) return i;
    return -1;
}

/* An asynchronous GET /bytes/26 to kind k's server; returns once it ended (or 10 s passed). */
static int async_revocation;   /* async_get checks revocation */

static int async_get(enum kind k, DWORD open_flags)
{
    nnotes = 0;
    async_len = 0;
    async_body[0] = 0;
    test_event_wait(async_done, 0);
    HINTERNET ses = WinHttpOpen(W("winhttp-conformance"), WINHTTP_ACCESS_TYPE_NO_PROXY, NULL, NULL, WINHTTP_FLAG_ASYNC | open_flags);
    HINTERNET con = ses ? WinHttpConnect(ses, W("localhost"), (INTERNET_PORT)ports[k], 0) : NULL;
    HINTERNET req = con ? WinHttpOpenRequest(con, W("GET"), W("/bytes/26"), NULL, NULL, NULL, WINHTTP_FLAG_SECURE) : NULL;
    ok(req != NULL, "async request to %s: open failed", kind_names[k]);
    int ended = 0;
    if (req) {
        WinHttpSetStatusCallback(req, async_callback, WINHTTP_CALLBACK_FLAG_ALL_COMPLETIONS |
                                 WINHTTP_CALLBACK_FLAG_SECURE_FAILURE | WINHTTP_CALLBACK_FLAG_SEND_REQUEST |
                                 WINHTTP_CALLBACK_FLAG_CONNECT_TO_SERVER, 0);
        if (async_revocation) {
            DWORD f = WINHTTP_ENABLE_SSL_REVOCATION;
            WinHttpSetOption(req, WINHTTP_OPTION_ENABLE_FEATURE, &f, sizeof f);
        }
        SetLastError(0xdeadbeef);
        BOOL ret = WinHttpSendRequest(req, NULL, 0, NULL, 0, 0, 0);
        ok(ret, "async send to %s failed at once: %lu", kind_names[k], (unsigned long)GetLastError());
        ended = ret && test_event_wait(async_done, 10000);
        ok(ended, "async request to %s did not end", kind_names[k]);
        WinHttpSetStatusCallback(req, NULL, 0, 0);
        WinHttpCloseHandle(req);
    }
    if (con) WinHttpCloseHandle(con);
    if (ses) WinHttpCloseHandle(ses);
    async_body[async_len] = 0;
    return ended;
}

static void test_async(void)
{
    async_done = test_event_create();
    if (async_get(K_VALID, 0)) {
        ok(!strcmp(async_body, pattern26), "async body '%s'", async_body);
        ok(find_note(WINHTTP_CALLBACK_STATUS_SECURE_FAILURE) < 0, "async: SECURE_FAILURE for a valid certificate");
        /* The handshake belongs to connecting: CONNECTED before SENDING_REQUEST. */
        int connected = find_note(WINHTTP_CALLBACK_STATUS_CONNECTED_TO_SERVER);
        int sending = find_note(WINHTTP_CALLBACK_STATUS_SENDING_REQUEST);
        ok(connected >= 0 && sending > connected, "async: CONNECTED at %d, SENDING_REQUEST at %d", connected, sending);
    }
    if (async_get(K_EXPIRED, 0)) {
        int sf = find_note(WINHTTP_CALLBACK_STATUS_SECURE_FAILURE);
        int err = find_note(WINHTTP_CALLBACK_STATUS_REQUEST_ERROR);
        ok(sf >= 0 && notes[sf].value == WINHTTP_CALLBACK_STATUS_FLAG_CERT_DATE_INVALID, "async expired: SECURE_FAILURE %d, flags %#lx",
           sf, sf >= 0 ? (unsigned long)notes[sf].value : 0UL);
        ok(err == sf + 1, "async expired: REQUEST_ERROR at %d, SECURE_FAILURE at %d", err, sf);
        ok(err >= 0 && notes[err].api == API_SEND_REQUEST, "async expired: dwResult %lu",
           err >= 0 ? (unsigned long)notes[err].api : 0UL);
        ok(err >= 0 && notes[err].value == ERROR_WINHTTP_SECURE_FAILURE, "async expired: dwError %lu",
           err >= 0 ? (unsigned long)notes[err].value : 0UL);
        /* Wine's request.c: the handshake is part of opening the connection, before the request
         * goes out. */
        ok(find_note(WINHTTP_CALLBACK_STATUS_SENDING_REQUEST) < 0, "async expired: SENDING_REQUEST before the failure");
    }
    if (async_get(K_CLIENTREQ, 0)) {
        int err = find_note(WINHTTP_CALLBACK_STATUS_REQUEST_ERROR);
        ok(err >= 0 && notes[err].api == API_SEND_REQUEST && notes[err].value == ERROR_WINHTTP_CLIENT_AUTH_CERT_NEEDED,
           "async client certificate needed: REQUEST_ERROR %d (%lu, %lu)", err,
           err >= 0 ? (unsigned long)notes[err].api : 0UL, err >= 0 ? (unsigned long)notes[err].value : 0UL);
    }
    /* Revocation lists fetched from the distribution point while the handshake waits. */
    async_revocation = 1;
    if (async_get(K_CDPGOOD, 0)) ok(!strcmp(async_body, pattern26), "async, CRL fetched, not revoked: body '%s'", async_body);
    if (async_get(K_CDPREVOKED, 0)) {
        int sf = find_note(WINHTTP_CALLBACK_STATUS_SECURE_FAILURE);
        int err = find_note(WINHTTP_CALLBACK_STATUS_REQUEST_ERROR);
        ok(sf >= 0 && notes[sf].value == WINHTTP_CALLBACK_STATUS_FLAG_CERT_REVOKED, "async revoked: SECURE_FAILURE %d, flags %#lx",
           sf, sf >= 0 ? (unsigned long)notes[sf].value : 0UL);
        ok(err == sf + 1 && err >= 0 && notes[err].value == ERROR_WINHTTP_SECURE_FAILURE, "async revoked: REQUEST_ERROR %d", err);
    }
    async_revocation = 0;
#ifdef WINHTTP_FLAG_SECURE_DEFAULTS
    /* WINHTTP_FLAG_SECURE_DEFAULTS: TLS 1.2 and newer only (WinHttpOpen page), so the TLS 1.0
     * server fails the handshake as a channel error. */
    if (async_get(K_TLS10, WINHTTP_FLAG_SECURE_DEFAULTS)) {
        int sf = find_note(WINHTTP_CALLBACK_STATUS_SECURE_FAILURE);
        int err = find_note(WINHTTP_CALLBACK_STATUS_REQUEST_ERROR);
        ok(sf >= 0 && notes[sf].value == WINHTTP_CALLBACK_STATUS_FLAG_SECURITY_CHANNEL_ERROR,
           "secure defaults, TLS 1.0 server: SECURE_FAILURE %d, flags %#lx", sf, sf >= 0 ? (unsigned long)notes[sf].value : 0UL);
        ok(err >= 0 && notes[err].value == ERROR_WINHTTP_SECURE_FAILURE, "secure defaults, TLS 1.0 server: dwError %lu",
           err >= 0 ? (unsigned long)notes[err].value : 0UL);
    }
    if (async_get(K_VALID, WINHTTP_FLAG_SECURE_DEFAULTS))
        ok(!strcmp(async_body, pattern26), "secure defaults, valid server: body '%s'", async_body);
#endif
    test_event_destroy(async_done);
}

int main(void)
{
    int setup = start_servers();
    if (setup == 77) {
        printf("https: skipped: no certificates\n");
        return 77;
    }
    if (setup != 0) {
        ok(0, "cannot set up the HTTPS servers");
        return test_summary();
    }
    int missing = 0;
    for (int k = 0; k < K_COUNT; k++)
        if (!ports[k]) { ok(0, "no %s server", kind_names[k]); missing = 1; }
    if (!missing) {
        test_get();
        test_keepalive();
        test_resumption();
        test_bodies();
        test_certificate_failures();
        test_chain_context();
        test_revocation();
        test_online_revocation();
        test_protocols();
        test_client_certificates();
        test_async();
    }
    stop_servers();
    (void)test_server_start;
    (void)test_server_stop;
    return test_summary();
}
