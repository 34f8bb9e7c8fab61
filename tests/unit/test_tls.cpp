// Unit tests of the TLS backend (dlls/winhttp/io/tls.h, certinfo.h) against an in-process
// GnuTLS server on loopback, with certificates generated at run time by tests/tls/gen-certs.sh
// (certtool) into a temporary directory: each certificate failure kind with its callback flags
// and error, each SECURITY_FLAG_IGNORE_* flag accepting its failure, revocation through a CRL,
// protocol selection (a TLS 1.0-only server), client certificates (PEM and PKCS#12),
// resumption through TlsCache, the certificate info Windows reports, and several MiB both
// ways through non-blocking send/recv driven by io::Reactor.
// The io headers come first: cmocka defines a fail() macro.
#include "io/certinfo.h"
#include "io/error.h"
#include "io/reactor.h"
#include "io/socket.h"
#include "io/tls.h"
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
extern "C" {   // Debian's cmocka 1.1.5 header declares its functions without C linkage for C++
#include <cmocka.h>
}

using namespace winhttp::io;

#ifndef TLS_GEN_CERTS
#define TLS_GEN_CERTS "tests/tls/gen-certs.sh"
#endif

namespace {

std::string g_dir;   // the generated certificates

std::string path(const std::string& name) { return g_dir + "/" + name; }

std::string read_file(const std::string& p)
{
    std::string s;
    FILE* f = fopen(p.c_str(), "rb");
    if (!f) return s;
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) s.append(buf, n);
    fclose(f);
    return s;
}

// ---------------------------------------------------------------- the in-process server

struct ServerOptions {
    std::string cert = "valid";            // <cert>.pem / <cert>-key.pem
    std::string priority = "NORMAL";
    gnutls_certificate_request_t client_auth = GNUTLS_CERT_IGNORE;
    bool send_chain = false;               // append ca.pem after the leaf
    bool plain = false;                    // not TLS at all: answers in plain HTTP and closes
};

class Server {
public:
    explicit Server(ServerOptions o) : opt_(std::move(o)) {}
    ~Server() { stop(); }

    uint16_t start()
    {
        gnutls_certificate_allocate_credentials(&cred_);
        std::string chain = path(opt_.cert + ".pem");
        if (opt_.send_chain) {
            std::string all = read_file(chain) + read_file(path("ca.pem"));
            chain = path(opt_.cert + "-chain.pem");
            FILE* f = fopen(chain.c_str(), "w");
            fwrite(all.data(), 1, all.size(), f);
            fclose(f);
        }
        int rc = gnutls_certificate_set_x509_key_file(cred_, chain.c_str(),
                                                      path(opt_.cert + "-key.pem").c_str(),
                                                      GNUTLS_X509_FMT_PEM);
        assert_true(rc >= 0);
        gnutls_certificate_set_x509_trust_file(cred_, path("ca.pem").c_str(), GNUTLS_X509_FMT_PEM);
        gnutls_session_ticket_key_generate(&ticket_key_);

        lfd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        assert_int_equal(::bind(lfd_, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
        assert_int_equal(::listen(lfd_, 16), 0);
        socklen_t len = sizeof a;
        getsockname(lfd_, reinterpret_cast<sockaddr*>(&a), &len);
        thread_ = std::thread([this] { run(); });
        return ntohs(a.sin_port);
    }

    void stop()
    {
        if (!thread_.joinable()) return;
        stop_ = true;
        thread_.join();
        ::close(lfd_);
        gnutls_certificate_free_credentials(cred_);
        gnutls_free(ticket_key_.data);
    }

    // What the server saw on its last completed handshake.
    struct Seen {
        int handshakes = 0;
        bool resumed = false;
        bool client_cert = false;
        std::string sni;
        int failed = 0;   // handshakes that failed on the server's side
    };
    Seen seen()
    {
        std::lock_guard<std::mutex> l(mu_);
        return seen_;
    }

private:
    void run()
    {
        while (!stop_) {
            pollfd p{lfd_, POLLIN, 0};
            if (::poll(&p, 1, 20) <= 0) continue;
            int fd = ::accept4(lfd_, nullptr, nullptr, SOCK_CLOEXEC);
            if (fd < 0) continue;
            timeval tv{10, 0};
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
            setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
            int one = 1;
            setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            if (opt_.plain) {
                static const char resp[] = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n";
                char buf[512];
                (void)::recv(fd, buf, sizeof buf, 0);
                (void)::send(fd, resp, sizeof resp - 1, MSG_NOSIGNAL);
            } else {
                serve(fd);
            }
            ::close(fd);
        }
    }

    void serve(int fd)
    {
        gnutls_session_t s;
        gnutls_init(&s, GNUTLS_SERVER);
        gnutls_priority_set_direct(s, opt_.priority.c_str(), nullptr);
        gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE, cred_);
        gnutls_certificate_server_set_request(s, opt_.client_auth);
        gnutls_session_ticket_enable_server(s, &ticket_key_);
        static const char http11[] = "http/1.1";
        gnutls_datum_t alpn{(unsigned char*)http11, sizeof http11 - 1};
        gnutls_alpn_set_protocols(s, &alpn, 1, 0);
        gnutls_transport_set_int(s, fd);
        gnutls_handshake_set_timeout(s, 10000);
        int rc;
        do rc = gnutls_handshake(s);
        while (rc < 0 && !gnutls_error_is_fatal(rc));
        if (rc < 0) {
            std::lock_guard<std::mutex> l(mu_);
            ++seen_.failed;
            gnutls_deinit(s);
            return;
        }
        {
            std::lock_guard<std::mutex> l(mu_);
            ++seen_.handshakes;
            seen_.resumed = gnutls_session_is_resumed(s);
            unsigned n = 0;
            seen_.client_cert = gnutls_certificate_get_peers(s, &n) && n > 0;
            char name[256];
            size_t size = sizeof name;
            unsigned type;
            seen_.sni = gnutls_server_name_get(s, name, &size, &type, 0) == 0 ? name : "";
        }
        // The first record is the command: "ECHO", "GET <bytes>" or "CLOSE".
        std::vector<char> buf(64 * 1024);
        ssize_t n;
        do n = gnutls_record_recv(s, buf.data(), buf.size());
        while (n == GNUTLS_E_AGAIN || n == GNUTLS_E_INTERRUPTED);
        if (n > 0) {
            std::string cmd(buf.data(), static_cast<size_t>(n));
            if (cmd == "ECHO") {
                send_all(s, "READY", 5);
                for (;;) {
                    n = gnutls_record_recv(s, buf.data(), buf.size());
                    if (n == GNUTLS_E_AGAIN || n == GNUTLS_E_INTERRUPTED) continue;
                    if (n <= 0 || !send_all(s, buf.data(), static_cast<size_t>(n))) break;
                }
            } else if (cmd.rfind("GET ", 0) == 0) {
                size_t total = std::strtoull(cmd.c_str() + 4, nullptr, 10);
                std::vector<char> chunk(16384);
                for (size_t off = 0; off < total;) {
                    size_t k = std::min(chunk.size(), total - off);
                    for (size_t i = 0; i < k; ++i) chunk[i] = static_cast<char>((off + i) * 7 % 251);
                    if (!send_all(s, chunk.data(), k)) break;
                    off += k;
                }
                gnutls_bye(s, GNUTLS_SHUT_WR);
                while (gnutls_record_recv(s, buf.data(), buf.size()) > 0) {}
            } else if (cmd == "CLOSE") {
                gnutls_bye(s, GNUTLS_SHUT_WR);
                while (gnutls_record_recv(s, buf.data(), buf.size()) > 0) {}
            }
        }
        gnutls_deinit(s);
    }

    static bool send_all(gnutls_session_t s, const char* p, size_t len)
    {
        while (len) {
            ssize_t n = gnutls_record_send(s, p, len);
            if (n == GNUTLS_E_AGAIN || n == GNUTLS_E_INTERRUPTED) continue;
            if (n < 0) return false;
            p += n;
            len -= static_cast<size_t>(n);
        }
        return true;
    }

    ServerOptions opt_;
    gnutls_certificate_credentials_t cred_ = nullptr;
    gnutls_datum_t ticket_key_{nullptr, 0};
    int lfd_ = -1;
    std::thread thread_;
    std::atomic<bool> stop_{false};
    std::mutex mu_;
    Seen seen_;
};

// ---------------------------------------------------------------- the client side

struct Client {
    Socket sock;                        // declared first: destroyed after the session
    std::unique_ptr<TlsSession> tls;
    DWORD create_error = ERROR_SUCCESS;
};

TlsConfig config(const std::string& host = "localhost")
{
    TlsConfig c;
    c.server_name = host;
    c.system_trust = false;
    c.ca_file = path("ca.pem");
    return c;
}

DWORD tls_connect(uint16_t port, const TlsConfig& cfg, Client& c, TlsCache* cache = nullptr)
{
    Address a;
    if (!parse_numeric_host("127.0.0.1", port, a)) return ERROR_INVALID_PARAMETER;
    DWORD e = c.sock.connect(a, deadline_in(5000));
    if (e != ERROR_SUCCESS) return e;
    e = TlsSession::create(c.sock.fd(), cfg, cache, c.tls);
    if (e != ERROR_SUCCESS) {
        c.create_error = e;
        return e;
    }
    Deadline d = deadline_in(10000);
    for (;;) {
        e = c.tls->handshake_step();
        if (e != kIoPending) return e;
        if (wait_fd(c.sock.fd(), c.tls->wants_write() ? kWritable : kReadable, d) != ERROR_SUCCESS)
            return ERROR_WINHTTP_TIMEOUT;
    }
}

DWORD send_all(Client& c, const void* data, size_t len)
{
    auto p = static_cast<const char*>(data);
    while (len) {
        IoResult r = c.tls->send(p, len);
        if (r.error) return r.error;
        if (r.would_block) {
            if (wait_fd(c.sock.fd(), c.tls->wants_write() ? kWritable : kReadable,
                        deadline_in(10000)) != ERROR_SUCCESS)
                return ERROR_WINHTTP_TIMEOUT;
            continue;
        }
        p += r.bytes;
        len -= r.bytes;
    }
    return ERROR_SUCCESS;
}

// Reads exactly `len` bytes (or up to the end of the stream when `len` is SIZE_MAX).
DWORD recv_n(Client& c, std::string& out, size_t len)
{
    char buf[65536];
    while (out.size() < len) {
        IoResult r = c.tls->recv(buf, std::min(sizeof buf, len - out.size()));
        if (r.error) return r.error;
        if (r.would_block) {
            if (wait_fd(c.sock.fd(), c.tls->wants_write() ? kWritable : kReadable,
                        deadline_in(10000)) != ERROR_SUCCESS)
                return ERROR_WINHTTP_TIMEOUT;
            continue;
        }
        if (r.bytes == 0) break;
        out.append(buf, r.bytes);
    }
    return ERROR_SUCCESS;
}

// One ECHO round trip of `msg`.
void echo_once(Client& c, const std::string& msg = "hello over tls")
{
    assert_int_equal(send_all(c, "ECHO", 4), ERROR_SUCCESS);
    std::string got;
    assert_int_equal(recv_n(c, got, 5), ERROR_SUCCESS);
    assert_string_equal(got.c_str(), "READY");
    assert_int_equal(send_all(c, msg.data(), msg.size()), ERROR_SUCCESS);
    got.clear();
    assert_int_equal(recv_n(c, got, msg.size()), ERROR_SUCCESS);
    assert_true(got == msg);
}

// Connects to a fresh server with `so` and the client configuration `cfg`.
struct Attempt {
    DWORD error;
    DWORD flags;
    DWORD cert_error;
    DWORD problems;
};
Attempt attempt(const ServerOptions& so, const TlsConfig& cfg)
{
    Server srv(so);
    uint16_t port = srv.start();
    Client c;
    DWORD e = tls_connect(port, cfg, c);
    Attempt a{e, c.tls ? c.tls->failure_flags() : 0, c.tls ? c.tls->cert_error() : 0,
              c.tls ? c.tls->cert_problems() : 0};
    if (e == ERROR_SUCCESS) echo_once(c);
    return a;
}

ServerOptions with_cert(const char* name)
{
    ServerOptions o;
    o.cert = name;
    return o;
}

// ---------------------------------------------------------------- tests

void test_valid(void**)
{
    Server srv(with_cert("valid"));
    uint16_t port = srv.start();
    Client c;
    assert_int_equal(tls_connect(port, config(), c), ERROR_SUCCESS);
    assert_true(c.tls->handshake_done());
    assert_int_equal(c.tls->failure_flags(), 0);
    assert_int_equal(c.tls->cert_problems(), 0);
    assert_int_equal(c.tls->protocol(), WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_3);
    DWORD bits = c.tls->cipher_bits();
    assert_true(bits == 128 || bits == 256);
    assert_int_equal(c.tls->strength_flags(), SECURITY_FLAG_SECURE | SECURITY_FLAG_STRENGTH_STRONG);
    assert_string_equal(c.tls->alpn().c_str(), "http/1.1");
    assert_false(c.tls->cipher_name().empty());
    assert_false(c.tls->resumed());
    echo_once(c);
    assert_true(c.tls->idle_usable());
    assert_string_equal(srv.seen().sni.c_str(), "localhost");
    assert_int_equal(c.tls->handshake_step(), ERROR_SUCCESS);   // done stays done
}

void test_ip_literal(void**)
{
    // No SNI for an address; the certificate's IP SANs match it.
    Server srv(with_cert("valid"));
    uint16_t port = srv.start();
    {
        Client c;
        assert_int_equal(tls_connect(port, config("127.0.0.1"), c), ERROR_SUCCESS);
        echo_once(c);
        assert_string_equal(srv.seen().sni.c_str(), "");
    }   // the server serves one connection at a time
    Client c6;
    TlsConfig cfg = config("[::1]");   // brackets tolerated; ::1 is in the certificate too
    assert_int_equal(tls_connect(port, cfg, c6), ERROR_SUCCESS);
    assert_int_equal(c6.tls->cert_problems(), 0);
}

void test_peer_chain_and_cert_info(void**)
{
    ServerOptions so = with_cert("valid");
    so.send_chain = true;
    Server srv(so);
    uint16_t port = srv.start();
    Client c;
    assert_int_equal(tls_connect(port, config(), c), ERROR_SUCCESS);
    std::vector<std::string> chain = c.tls->peer_chain();
    assert_int_equal(chain.size(), 2);
    CertInfo info;
    assert_int_equal(cert_info_from_der(chain[0], info), ERROR_SUCCESS);
    // Windows' CertNameToStr(CERT_SIMPLE_NAME_STR | CERT_NAME_STR_CRLF_FLAG): values only, in
    // encoded order (C, ST, L, O, CN as certtool writes them), one per line.
    assert_true(info.subject == u"US\r\nState\r\nCity\r\nOrg\r\nlocalhost");
    assert_true(info.issuer == u"Winhttp Test\r\nWinhttp Test CA");
    assert_int_equal(info.public_key_bits, 256);   // P-256
    unsigned long long start = (unsigned long long)info.not_before.dwHighDateTime << 32 |
                               info.not_before.dwLowDateTime;
    unsigned long long end = (unsigned long long)info.not_after.dwHighDateTime << 32 |
                             info.not_after.dwLowDateTime;
    unsigned long long now = ((unsigned long long)time(nullptr) + 11644473600ULL) * 10000000ULL;
    assert_true(start <= now + 10000000ULL * 3600 && start + 10000000ULL * 86400 >= now);
    assert_true(end > now + 10000000ULL * 86400 * 300);
    CertInfo ca;
    assert_int_equal(cert_info_from_der(chain[1], ca), ERROR_SUCCESS);
    assert_true(ca.subject == ca.issuer);
    // The root was sent: the path is what the server sent, and it ends at the root.
    assert_true(c.tls->cert_path()->certs == chain);
    assert_true(c.tls->cert_path()->ends_self_signed);
    assert_true(c.tls->cert_path() == c.tls->cert_path());   // worked out once
    assert_int_equal(cert_info_from_der("not a certificate", info), ERROR_INVALID_PARAMETER);

    // The RSA leaf: its key size.
    Server rsa(with_cert("rsa"));
    Client c2;
    assert_int_equal(tls_connect(rsa.start(), config(), c2), ERROR_SUCCESS);
    assert_int_equal(cert_info_from_der(c2.tls->peer_chain().at(0), info), ERROR_SUCCESS);
    assert_int_equal(info.public_key_bits, 2048);
    // Only the leaf was sent: the built chain ends at the trusted root.
    assert_int_equal(c2.tls->peer_chain().size(), 1);
    std::shared_ptr<const CertPath> built = c2.tls->cert_path();
    assert_int_equal(built->certs.size(), 2);
    assert_true(built->certs[1] == chain[1]);
    assert_true(built->ends_self_signed);
}

void test_filetime(void**)
{
    FILETIME ft = filetime_from_unix(0);
    // 1970-01-01 is 116444736000000000 ticks after 1601-01-01.
    assert_int_equal(ft.dwHighDateTime, 0x019DB1DE);
    assert_int_equal(ft.dwLowDateTime, 0xD53E8000);
    ft = filetime_from_unix(-11644473600LL - 1);
    assert_int_equal(ft.dwHighDateTime, 0);
    assert_int_equal(ft.dwLowDateTime, 0);
}

// DER helpers for hand-made names.
std::string tlv(unsigned char tag, const std::string& body)
{
    std::string out(1, static_cast<char>(tag));
    if (body.size() < 128) {
        out += static_cast<char>(body.size());
    } else {
        out += static_cast<char>(0x82);
        out += static_cast<char>(body.size() >> 8);
        out += static_cast<char>(body.size() & 0xFF);
    }
    return out + body;
}
std::string ava(const char* oid_der, size_t oid_len, unsigned char tag, const std::string& v)
{
    return tlv(0x30, tlv(0x06, std::string(oid_der, oid_len)) + tlv(tag, v));
}

void test_name_strings(void**)
{
    static const char cn[] = {0x55, 0x04, 0x03}, o[] = {0x55, 0x04, 0x0A}, c[] = {0x55, 0x04, 0x06};
    // C=US (printable), O="a, b" (UTF-8), {CN=x + CN=" y"} (multi-valued), CN=Ünï (UTF-8),
    // CN=BMP "é" and a value with a quote.
    std::string name = tlv(0x31, ava(c, 3, 0x13, "US")) +
                       tlv(0x31, ava(o, 3, 0x0C, "a, b")) +
                       tlv(0x31, ava(cn, 3, 0x0C, "x") + ava(cn, 3, 0x0C, " y")) +
                       tlv(0x31, ava(cn, 3, 0x0C, "\xC3\x9Cn\xC3\xAF")) +
                       tlv(0x31, ava(cn, 3, 0x1E, std::string("\x00\xE9", 2))) +
                       tlv(0x31, ava(cn, 3, 0x0C, "say \"hi\""));
    std::string der = tlv(0x30, name);
    std::u16string s;
    assert_true(name_der_to_str(der, s));
    assert_true(s == u"US\r\n\"a, b\"\r\nx + \" y\"\r\n\u00DCn\u00EF\r\n\u00E9\r\n\"say \"\"hi\"\"\"");
    assert_false(name_der_to_str("junk", s));
    assert_true(name_der_to_str(tlv(0x30, ""), s));
    assert_true(s.empty());
}

// Each certificate failure: the handshake fails with ERROR_WINHTTP_SECURE_FAILURE (what a
// synchronous WinHttpSendRequest reports on Windows), the reason in the callback flags.
void test_failure_kinds(void**)
{
    struct Case { const char* cert; const char* host; DWORD flag; DWORD error; } cases[] = {
        {"expired", "localhost", WINHTTP_CALLBACK_STATUS_FLAG_CERT_DATE_INVALID,
         ERROR_WINHTTP_SECURE_CERT_DATE_INVALID},
        {"notyet", "localhost", WINHTTP_CALLBACK_STATUS_FLAG_CERT_DATE_INVALID,
         ERROR_WINHTTP_SECURE_CERT_DATE_INVALID},
        {"wronghost", "localhost", WINHTTP_CALLBACK_STATUS_FLAG_CERT_CN_INVALID,
         ERROR_WINHTTP_SECURE_CERT_CN_INVALID},
        {"valid", "127.0.0.2", WINHTTP_CALLBACK_STATUS_FLAG_CERT_CN_INVALID,
         ERROR_WINHTTP_SECURE_CERT_CN_INVALID},
        {"unknownca", "localhost", WINHTTP_CALLBACK_STATUS_FLAG_INVALID_CA,
         ERROR_WINHTTP_SECURE_INVALID_CA},
        {"selfsigned", "localhost", WINHTTP_CALLBACK_STATUS_FLAG_INVALID_CA,
         ERROR_WINHTTP_SECURE_INVALID_CA},
        {"wrongusage", "localhost", WINHTTP_CALLBACK_STATUS_FLAG_CERT_WRONG_USAGE,
         ERROR_WINHTTP_SECURE_CERT_WRONG_USAGE},
    };
    for (const Case& k : cases) {
        Attempt a = attempt(with_cert(k.cert), config(k.host));
        print_message("%s as %s: error %u flags 0x%x\n", k.cert, k.host, a.error, a.flags);
        assert_int_equal(a.error, ERROR_WINHTTP_SECURE_FAILURE);
        assert_int_equal(a.flags, k.flag);
        assert_int_equal(a.cert_error, k.error);
    }
    // Two reasons at once: both flags.
    Attempt a = attempt(with_cert("selfsigned"), config("127.0.0.2"));
    assert_int_equal(a.error, ERROR_WINHTTP_SECURE_FAILURE);
    assert_int_equal(a.flags, WINHTTP_CALLBACK_STATUS_FLAG_INVALID_CA |
                                  WINHTTP_CALLBACK_STATUS_FLAG_CERT_CN_INVALID);
    assert_int_equal(a.cert_error, ERROR_WINHTTP_SECURE_INVALID_CA);
    // Without the test CA (system store only) the valid leaf is from an unknown CA.
    TlsConfig sys = config();
    sys.ca_file.clear();
    sys.system_trust = true;
    a = attempt(with_cert("valid"), sys);
    assert_int_equal(a.flags, WINHTTP_CALLBACK_STATUS_FLAG_INVALID_CA);
}

void test_ignore_flags(void**)
{
    struct Case { const char* cert; const char* host; DWORD ignore; DWORD problem; } cases[] = {
        {"expired", "localhost", SECURITY_FLAG_IGNORE_CERT_DATE_INVALID,
         WINHTTP_CALLBACK_STATUS_FLAG_CERT_DATE_INVALID},
        {"notyet", "localhost", SECURITY_FLAG_IGNORE_CERT_DATE_INVALID,
         WINHTTP_CALLBACK_STATUS_FLAG_CERT_DATE_INVALID},
        {"wronghost", "localhost", SECURITY_FLAG_IGNORE_CERT_CN_INVALID,
         WINHTTP_CALLBACK_STATUS_FLAG_CERT_CN_INVALID},
        {"unknownca", "localhost", SECURITY_FLAG_IGNORE_UNKNOWN_CA,
         WINHTTP_CALLBACK_STATUS_FLAG_INVALID_CA},
        {"selfsigned", "localhost", SECURITY_FLAG_IGNORE_UNKNOWN_CA,
         WINHTTP_CALLBACK_STATUS_FLAG_INVALID_CA},
        {"wrongusage", "localhost", SECURITY_FLAG_IGNORE_CERT_WRONG_USAGE,
         WINHTTP_CALLBACK_STATUS_FLAG_CERT_WRONG_USAGE},
        {"selfsigned", "127.0.0.2", SECURITY_FLAG_IGNORE_ALL_CERT_ERRORS,
         WINHTTP_CALLBACK_STATUS_FLAG_INVALID_CA | WINHTTP_CALLBACK_STATUS_FLAG_CERT_CN_INVALID},
    };
    for (const Case& k : cases) {
        TlsConfig cfg = config(k.host);
        cfg.ignore_flags = k.ignore;
        Attempt a = attempt(with_cert(k.cert), cfg);
        assert_int_equal(a.error, ERROR_SUCCESS);
        assert_int_equal(a.problems, k.problem);   // still seen, just accepted
        // The wrong ignore flag does not help.
        cfg.ignore_flags = SECURITY_FLAG_IGNORE_ALL_CERT_ERRORS & ~k.ignore;
        if (k.ignore != SECURITY_FLAG_IGNORE_ALL_CERT_ERRORS)
            assert_int_equal(attempt(with_cert(k.cert), cfg).error, ERROR_WINHTTP_SECURE_FAILURE);
    }
    // Ignoring one reason leaves the other.
    TlsConfig cfg = config("127.0.0.2");
    cfg.ignore_flags = SECURITY_FLAG_IGNORE_UNKNOWN_CA;
    Attempt a = attempt(with_cert("selfsigned"), cfg);
    assert_int_equal(a.error, ERROR_WINHTTP_SECURE_FAILURE);
    assert_int_equal(a.flags, WINHTTP_CALLBACK_STATUS_FLAG_CERT_CN_INVALID);
}

void test_revocation(void**)
{
    TlsConfig cfg = config();
    cfg.crl_file = path("crl.pem");
    // Revocation not checked: the revoked certificate goes through.
    assert_int_equal(attempt(with_cert("revoked"), cfg).error, ERROR_SUCCESS);
    cfg.check_revocation = true;
    Attempt a = attempt(with_cert("revoked"), cfg);
    assert_int_equal(a.error, ERROR_WINHTTP_SECURE_FAILURE);
    assert_int_equal(a.flags, WINHTTP_CALLBACK_STATUS_FLAG_CERT_REVOKED);
    assert_int_equal(a.cert_error, ERROR_WINHTTP_SECURE_CERT_REVOKED);
    // No ignore flag covers revocation.
    cfg.ignore_flags = SECURITY_FLAG_IGNORE_ALL_CERT_ERRORS;
    assert_int_equal(attempt(with_cert("revoked"), cfg).flags, WINHTTP_CALLBACK_STATUS_FLAG_CERT_REVOKED);
    cfg.ignore_flags = 0;
    // A valid certificate whose issuer's CRL does not list it.
    assert_int_equal(attempt(with_cert("valid"), cfg).error, ERROR_SUCCESS);
    // No CRL for the issuer and no OCSP staple: the status cannot be established.
    cfg.crl_file.clear();
    a = attempt(with_cert("valid"), cfg);
    assert_int_equal(a.error, ERROR_WINHTTP_SECURE_FAILURE);
    assert_int_equal(a.flags, WINHTTP_CALLBACK_STATUS_FLAG_CERT_REV_FAILED);
    assert_int_equal(a.cert_error, ERROR_WINHTTP_SECURE_CERT_REV_FAILED);
}

void test_protocols(void**)
{
    // TLS 1.2 only.
    {
        Server srv(with_cert("valid"));
        uint16_t port = srv.start();
        TlsConfig cfg = config();
        cfg.protocols = WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2;
        Client c;
        assert_int_equal(tls_connect(port, cfg, c), ERROR_SUCCESS);
        assert_int_equal(c.tls->protocol(), WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2);
        assert_int_equal(c.tls->strength_flags(), SECURITY_FLAG_SECURE | SECURITY_FLAG_STRENGTH_STRONG);
        echo_once(c);
    }
    // A TLS 1.0-only server (GnuTLS 3.7 still allows it when the priority string asks).
    ServerOptions old = with_cert("rsa");
    old.priority = "NORMAL:-VERS-ALL:+VERS-TLS1.0";
    Attempt a = attempt(old, config());   // the default offer: TLS 1.2 and 1.3
    assert_int_equal(a.error, ERROR_WINHTTP_SECURE_FAILURE);
    assert_int_equal(a.flags, WINHTTP_CALLBACK_STATUS_FLAG_SECURITY_CHANNEL_ERROR);
    assert_int_equal(a.cert_error, ERROR_WINHTTP_SECURE_CHANNEL_ERROR);
    {
        Server srv(old);
        uint16_t port = srv.start();
        TlsConfig cfg = config();
        cfg.protocols = WINHTTP_FLAG_SECURE_PROTOCOL_TLS1 | WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2;
        Client c;
        assert_int_equal(tls_connect(port, cfg, c), ERROR_SUCCESS);
        assert_int_equal(c.tls->protocol(), WINHTTP_FLAG_SECURE_PROTOCOL_TLS1);
        echo_once(c);
    }
    // SSL 2/3 alone: nothing to offer.
    {
        Server srv(with_cert("valid"));
        uint16_t port = srv.start();
        TlsConfig cfg = config();
        cfg.protocols = WINHTTP_FLAG_SECURE_PROTOCOL_SSL2 | WINHTTP_FLAG_SECURE_PROTOCOL_SSL3;
        Client c;
        assert_int_equal(tls_connect(port, cfg, c), ERROR_WINHTTP_SECURE_FAILURE);
        assert_int_equal(c.tls->failure_flags(), WINHTTP_CALLBACK_STATUS_FLAG_SECURITY_CHANNEL_ERROR);
        assert_int_equal(c.tls->protocol(), 0);
        assert_int_equal(c.tls->strength_flags(), 0);
        assert_int_equal(c.tls->handshake_step(), ERROR_WINHTTP_SECURE_FAILURE);   // stays failed
        IoResult r = c.tls->send("x", 1);
        assert_int_equal(r.error, ERROR_WINHTTP_CONNECTION_ERROR);
    }
    // A server that does not speak TLS.
    ServerOptions plain;
    plain.plain = true;
    a = attempt(plain, config());
    assert_int_equal(a.error, ERROR_WINHTTP_SECURE_FAILURE);
    assert_int_equal(a.flags, WINHTTP_CALLBACK_STATUS_FLAG_SECURITY_CHANNEL_ERROR);
}

void test_client_certificates(void**)
{
    for (const char* prio : {"NORMAL", "NORMAL:-VERS-TLS1.3"}) {
        print_message("server priority %s\n", prio);
        ServerOptions req = with_cert("valid");
        req.priority = prio;
        req.client_auth = GNUTLS_CERT_REQUIRE;
        // None set: the server's request fails the connection with CLIENT_AUTH_CERT_NEEDED.
        Attempt a = attempt(req, config());
        assert_int_equal(a.error, ERROR_WINHTTP_CLIENT_AUTH_CERT_NEEDED);
        assert_int_equal(a.flags, 0);
        {
            Server srv(req);
            Client c;
            assert_int_equal(tls_connect(srv.start(), config(), c), ERROR_WINHTTP_CLIENT_AUTH_CERT_NEEDED);
            assert_int_equal(c.tls->handshake_step(), ERROR_WINHTTP_CLIENT_AUTH_CERT_NEEDED);
            assert_int_equal(c.tls->cert_error(), ERROR_SUCCESS);
        }
        // Also when the server only asks and would go on without one.
        ServerOptions ask = req;
        ask.client_auth = GNUTLS_CERT_REQUEST;
        assert_int_equal(attempt(ask, config()).error, ERROR_WINHTTP_CLIENT_AUTH_CERT_NEEDED);
        // WINHTTP_NO_CLIENT_CERT_CONTEXT: fine with a server that only asks ...
        TlsConfig none = config();
        none.client_cert = TlsConfig::ClientCert::None;
        assert_int_equal(attempt(ask, none).error, ERROR_SUCCESS);
        // ... and refused by one that requires it (in the handshake for TLS 1.2; with TLS 1.3
        // the client finishes first and the refusal ends the stream).
        {
            Server srv(req);
            Client c;
            DWORD e = tls_connect(srv.start(), none, c);
            if (e == ERROR_SUCCESS) {
                IoResult r = c.tls->send("ECHO", 4);
                std::string got;
                DWORD re = recv_n(c, got, 5);
                assert_true(r.error || re != ERROR_SUCCESS || got.empty());
            } else {
                // The server's alert, or its reset if that comes first.
                assert_true(e == ERROR_WINHTTP_SECURE_FAILURE || e == ERROR_WINHTTP_CONNECTION_ERROR);
            }
        }
        // A PEM client certificate (certificate and key in one file, or two files).
        TlsConfig pem = config();
        pem.client_cert = TlsConfig::ClientCert::File;
        pem.client_cert_file = path("client-combined.pem");
        {
            Server srv(req);
            Client c;
            assert_int_equal(tls_connect(srv.start(), pem, c), ERROR_SUCCESS);
            echo_once(c);
            assert_true(srv.seen().client_cert);
        }
        pem.client_cert_file = path("client.pem");
        pem.client_key_file = path("client-key.pem");
        assert_int_equal(attempt(req, pem).error, ERROR_SUCCESS);
        // PKCS#12 with its password.
        TlsConfig p12 = config();
        p12.client_cert = TlsConfig::ClientCert::File;
        p12.client_cert_file = path("client.p12");
        p12.client_password = "secret";
        {
            Server srv(req);
            Client c;
            assert_int_equal(tls_connect(srv.start(), p12, c), ERROR_SUCCESS);
            echo_once(c);
            assert_true(srv.seen().client_cert);
        }
    }
    // The PKCS#12 bytes in memory (what the Wine side hands over).
    {
        ServerOptions req = with_cert("valid");
        req.client_auth = GNUTLS_CERT_REQUIRE;
        TlsConfig mem = config();
        mem.client_cert = TlsConfig::ClientCert::File;
        mem.client_cert_data = read_file(path("client.p12"));
        mem.client_password = "secret";
        assert_int_equal(attempt(req, mem).error, ERROR_SUCCESS);
        mem.client_cert_data = read_file(path("client.pem"));
        mem.client_key_data = read_file(path("client-key.pem"));
        mem.client_password.clear();
        assert_int_equal(attempt(req, mem).error, ERROR_SUCCESS);
    }
    // Files that cannot be loaded.
    TlsConfig bad = config();
    bad.client_cert = TlsConfig::ClientCert::File;
    bad.client_cert_file = path("client.p12");
    bad.client_password = "wrong";
    std::unique_ptr<TlsSession> s;
    assert_int_equal(TlsSession::create(-1, bad, nullptr, s), ERROR_WINHTTP_SECURE_FAILURE);
    bad.client_cert_file = path("missing.pem");
    assert_int_equal(TlsSession::create(-1, bad, nullptr, s), ERROR_WINHTTP_SECURE_FAILURE);
    bad.client_cert_file.clear();   // File without a file or bytes
    assert_int_equal(TlsSession::create(-1, bad, nullptr, s), ERROR_WINHTTP_SECURE_FAILURE);
    bad = config();
    bad.ca_file = path("missing.pem");
    assert_int_equal(TlsSession::create(-1, bad, nullptr, s), ERROR_WINHTTP_SECURE_FAILURE);
    bad = config();
    bad.crl_file = path("missing.pem");
    assert_int_equal(TlsSession::create(-1, bad, nullptr, s), ERROR_WINHTTP_SECURE_FAILURE);
    assert_null(s.get());
}

void test_resumption(void**)
{
    for (const char* prio : {"NORMAL", "NORMAL:-VERS-TLS1.3"}) {
        print_message("server priority %s\n", prio);
        ServerOptions so = with_cert("valid");
        so.priority = prio;
        Server srv(so);
        uint16_t port = srv.start();
        TlsCache cache;
        {
            Client c;
            assert_int_equal(tls_connect(port, config(), c, &cache), ERROR_SUCCESS);
            assert_false(c.tls->resumed());
            echo_once(c);   // a TLS 1.3 ticket arrives with the first data
        }
        assert_int_equal(cache.session_count(), 1);
        {
            Client c;
            assert_int_equal(tls_connect(port, config(), c, &cache), ERROR_SUCCESS);
            assert_true(c.tls->resumed());
            assert_int_equal(c.tls->cert_problems(), 0);
            assert_int_equal(c.tls->peer_chain().size(), 1);   // still known when resumed
            echo_once(c);
            assert_true(srv.seen().resumed);
        }
        // Another server name is another key; an unverified server's session is not kept.
        {
            TlsConfig cfg = config("127.0.0.2");
            Client c;
            assert_int_equal(tls_connect(port, cfg, c, &cache), ERROR_WINHTTP_SECURE_FAILURE);
            assert_int_equal(cache.session_count(), 1);
        }
        // A resumed session is still verified: a failure forgets the session.
        {
            TlsConfig cfg = config();
            cfg.check_revocation = true;   // no CRL: REV_FAILED
            Client c;
            assert_int_equal(tls_connect(port, cfg, c, &cache), ERROR_WINHTTP_SECURE_FAILURE);
            assert_int_equal(cache.session_count(), 0);
        }
    }
    TlsCache small(2);
    small.store("a", {1});
    small.store("b", {2});
    small.store("c", {3});
    std::vector<unsigned char> v;
    assert_false(small.load("a", v));
    assert_true(small.load("c", v));
    assert_int_equal(v.at(0), 3);
    small.forget("c");
    assert_int_equal(small.session_count(), 1);
    small.clear();
    assert_int_equal(small.session_count(), 0);
}

void test_idle_and_close(void**)
{
    Server srv(with_cert("valid"));
    uint16_t port = srv.start();
    {
        Client c;
        assert_int_equal(tls_connect(port, config(), c), ERROR_SUCCESS);
        assert_int_equal(send_all(c, "CLOSE", 5), ERROR_SUCCESS);
        // The server's close_notify: not idle-usable, then the end of the stream.
        for (int i = 0; i < 200 && c.tls->idle_usable(); ++i) usleep(5000);
        assert_false(c.tls->idle_usable());
        std::string got;
        assert_int_equal(recv_n(c, got, SIZE_MAX), ERROR_SUCCESS);
        assert_true(got.empty());
        char b1[1];
        IoResult r = c.tls->recv(b1, sizeof b1);
        assert_true(r.eof());
        c.tls->close_notify();
        c.tls->close_notify();   // once only
    }
    // A session outliving its socket writes nothing when destroyed.
    Client d;
    assert_int_equal(tls_connect(port, config(), d), ERROR_SUCCESS);
    d.sock.close();
    d.tls.reset();
}

// Several MiB both ways at once through the reactor: the client writes while the server
// echoes, so both directions block in turn.
void test_large_echo(void**)
{
    Server srv(with_cert("valid"));
    uint16_t port = srv.start();
    Client c;
    assert_int_equal(tls_connect(port, config(), c), ERROR_SUCCESS);
    int small = 65536;   // a small send buffer: sending blocks often
    setsockopt(c.sock.fd(), SOL_SOCKET, SO_SNDBUF, &small, sizeof small);
    std::string ready;
    assert_int_equal(send_all(c, "ECHO", 4), ERROR_SUCCESS);
    assert_int_equal(recv_n(c, ready, 5), ERROR_SUCCESS);

    const size_t total = 8u << 20;
    std::string out(total, '\0');
    for (size_t i = 0; i < total; ++i) out[i] = static_cast<char>(i * 31 % 253);
    std::string in;
    in.reserve(total);
    std::unique_ptr<Reactor> reactor;
    assert_int_equal(Reactor::create(reactor), ERROR_SUCCESS);
    Waiter w;
    std::vector<Waiter*> ready_list;
    size_t sent = 0;
    std::vector<char> buf(256 * 1024);
    int waits = 0, send_blocks = 0, recv_blocks = 0;
    Deadline deadline = deadline_in(60000);
    while (in.size() < total) {
        uint32_t want = 0;
        // Write until it would block (after a would_block, the same bytes again).
        while (sent < total) {
            IoResult r = c.tls->send(out.data() + sent, std::min<size_t>(total - sent, 100000));
            assert_int_equal(r.error, ERROR_SUCCESS);
            if (r.would_block) {
                want |= c.tls->wants_write() ? kWritable : kReadable;
                ++send_blocks;
                break;
            }
            sent += r.bytes;
        }
        for (;;) {
            IoResult r = c.tls->recv(buf.data(), buf.size());
            assert_int_equal(r.error, ERROR_SUCCESS);
            if (r.would_block) {
                want |= c.tls->wants_write() ? kWritable : kReadable;
                ++recv_blocks;
                break;
            }
            assert_true(r.bytes > 0);
            in.append(buf.data(), r.bytes);
        }
        if (in.size() >= total) break;
        assert_int_equal(reactor->watch(c.sock.fd(), want, &w, deadline), ERROR_SUCCESS);
        ready_list.clear();
        while (reactor->run_once(deadline, ready_list) == 0) {}
        assert_true(ready_list.at(0) == &w);
        assert_false(w.fired & kTimeout);
        ++waits;
    }
    reactor->forget(c.sock.fd());
    assert_true(in == out);
    assert_true(send_blocks > 0);
    assert_true(recv_blocks > 0);
    print_message("echoed %zu bytes: %d reactor waits, send blocked %d times, recv %d\n", total,
                  waits, send_blocks, recv_blocks);
}

void test_large_download(void**)
{
    Server srv(with_cert("rsa"));
    uint16_t port = srv.start();
    Client c;
    assert_int_equal(tls_connect(port, config(), c), ERROR_SUCCESS);
    const size_t total = 16u << 20;
    std::string cmd = "GET " + std::to_string(total);
    assert_int_equal(send_all(c, cmd.data(), cmd.size()), ERROR_SUCCESS);
    std::string got;
    assert_int_equal(recv_n(c, got, SIZE_MAX), ERROR_SUCCESS);
    assert_int_equal(got.size(), total);
    for (size_t i = 0; i < total; i += 4099)
        assert_int_equal((unsigned char)got[i], (unsigned char)static_cast<char>(i * 7 % 251));
}

void test_environment(void**)
{
    setenv("WINHTTP_TLS_CA_FILE", "/x/ca.pem", 1);
    setenv("WINHTTP_TLS_CRL_FILE", "/x/crl.pem", 1);
    TlsConfig c;
    tls_config_from_environment(c);
    assert_string_equal(c.ca_file.c_str(), "/x/ca.pem");
    assert_string_equal(c.crl_file.c_str(), "/x/crl.pem");
    c.ca_file = "mine";
    tls_config_from_environment(c);
    assert_string_equal(c.ca_file.c_str(), "mine");
    unsetenv("WINHTTP_TLS_CA_FILE");
    unsetenv("WINHTTP_TLS_CRL_FILE");
}

int setup(void**)
{
    char tmpl[] = "/tmp/winhttp-tls-XXXXXX";
    if (!mkdtemp(tmpl)) return -1;
    g_dir = tmpl;
    const char* gen = getenv("WINHTTP_TLS_GEN_CERTS");
    std::string cmd = std::string("sh '") + (gen ? gen : TLS_GEN_CERTS) + "' '" + g_dir + "'";
    if (system(cmd.c_str()) != 0) {
        fprintf(stderr, "certificate generation failed: %s\n", cmd.c_str());
        return -1;
    }
    return 0;
}

int teardown(void**)
{
    std::error_code ec;
    if (!g_dir.empty()) std::filesystem::remove_all(g_dir, ec);
    return 0;
}

} // namespace

#define T(f) cmocka_unit_test(f)

int main()
{
    const CMUnitTest tests[] = {
        T(test_valid),
        T(test_ip_literal),
        T(test_peer_chain_and_cert_info),
        T(test_filetime),
        T(test_name_strings),
        T(test_failure_kinds),
        T(test_ignore_flags),
        T(test_revocation),
        T(test_protocols),
        T(test_client_certificates),
        T(test_resumption),
        T(test_idle_and_close),
        T(test_large_echo),
        T(test_large_download),
        T(test_environment),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
