// Test server: HTTPS through GnuTLS (see tls.h): shared credentials, the server handshake on a
// blocking socket, record reads and writes, close_notify.
#include "tls.h"

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <sys/socket.h>
#include <sys/time.h>

namespace ts {

struct TlsServer::Impl {
    gnutls_certificate_credentials_t cred = nullptr;
    gnutls_priority_t priority = nullptr;   // null: the library's defaults
    gnutls_datum_t ticket_key{nullptr, 0};
    gnutls_certificate_request_t client_auth = GNUTLS_CERT_IGNORE;
    bool verify_client = false;             // a client CA was given
};

namespace {

gnutls_session_t S(void *p) { return static_cast<gnutls_session_t>(p); }

void set_timeouts(int fd, int seconds)
{
    timeval tv{seconds, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

} // namespace

TlsServer::~TlsServer()
{
    if (!impl_) return;
    if (impl_->cred) gnutls_certificate_free_credentials(impl_->cred);
    if (impl_->priority) gnutls_priority_deinit(impl_->priority);
    if (impl_->ticket_key.data) gnutls_free(impl_->ticket_key.data);
    delete impl_;
}

std::unique_ptr<TlsServer> TlsServer::create(const TlsOptions &opt, std::string &err)
{
    std::unique_ptr<TlsServer> srv(new TlsServer);
    srv->impl_ = new Impl;
    Impl &m = *srv->impl_;
    int rc = gnutls_global_init();
    if (rc < 0) { err = gnutls_strerror(rc); return nullptr; }
    if ((rc = gnutls_certificate_allocate_credentials(&m.cred)) < 0) { err = gnutls_strerror(rc); return nullptr; }
    rc = gnutls_certificate_set_x509_key_file(m.cred, opt.cert_file.c_str(), opt.key_file.c_str(),
                                              GNUTLS_X509_FMT_PEM);
    if (rc < 0) {
        err = opt.cert_file + " / " + opt.key_file + ": " + gnutls_strerror(rc);
        return nullptr;
    }
    if (!opt.priority.empty()) {
        const char *where = nullptr;
        rc = gnutls_priority_init(&m.priority, opt.priority.c_str(), &where);
        if (rc < 0) {
            err = "priority '" + opt.priority + "': " + gnutls_strerror(rc) +
                  (where ? std::string(" at '") + where + "'" : std::string());
            return nullptr;
        }
    }
    if (!opt.client_ca_file.empty()) {
        rc = gnutls_certificate_set_x509_trust_file(m.cred, opt.client_ca_file.c_str(), GNUTLS_X509_FMT_PEM);
        if (rc <= 0) {
            err = opt.client_ca_file + ": " + (rc < 0 ? gnutls_strerror(rc) : "no certificate");
            return nullptr;
        }
        m.verify_client = true;
        m.client_auth = opt.request_client_cert ? GNUTLS_CERT_REQUEST : GNUTLS_CERT_REQUIRE;
    } else if (opt.request_client_cert) {
        m.client_auth = GNUTLS_CERT_REQUEST;
    }
    if ((rc = gnutls_session_ticket_key_generate(&m.ticket_key)) < 0) { err = gnutls_strerror(rc); return nullptr; }
    return srv;
}

std::unique_ptr<TlsConn> TlsServer::accept(int fd) const
{
    const Impl &m = *impl_;
    std::unique_ptr<TlsConn> c(new TlsConn);
    gnutls_session_t s;
    if (gnutls_init(&s, GNUTLS_SERVER) < 0) return nullptr;
    c->session_ = s;
    int rc = m.priority ? gnutls_priority_set(s, m.priority) : gnutls_set_default_priority(s);
    if (rc < 0) return nullptr;
    gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE, m.cred);
    gnutls_certificate_server_set_request(s, m.client_auth);
    gnutls_session_ticket_enable_server(s, &m.ticket_key);
    static const char http11[] = "http/1.1";
    gnutls_datum_t alpn{(unsigned char *)http11, sizeof http11 - 1};
    gnutls_alpn_set_protocols(s, &alpn, 1, 0);
    gnutls_transport_set_int(s, fd);
    gnutls_handshake_set_timeout(s, 10000);
    set_timeouts(fd, 10);   // a client that stalls mid-handshake
    do rc = gnutls_handshake(s);
    while (rc < 0 && !gnutls_error_is_fatal(rc));
    set_timeouts(fd, 0);    // the routes decide how long a connection lives
    if (rc < 0) return nullptr;
    if (m.verify_client) {
        unsigned n = 0;
        if (gnutls_certificate_get_peers(s, &n) && n > 0) {
            unsigned status = 0;
            if (gnutls_certificate_verify_peers2(s, &status) < 0 || status != 0) {
                gnutls_alert_send(s, GNUTLS_AL_FATAL, GNUTLS_A_BAD_CERTIFICATE);
                return nullptr;
            }
        } else if (m.client_auth == GNUTLS_CERT_REQUIRE) {
            return nullptr;   // GnuTLS already refuses this in the handshake
        }
    }
    return c;
}

TlsConn::~TlsConn()
{
    if (session_) gnutls_deinit(S(session_));
}

ssize_t TlsConn::recv(char *buf, size_t n)
{
    for (;;) {
        ssize_t r = gnutls_record_recv(S(session_), buf, n);
        if (r >= 0) return r;
        if (r == GNUTLS_E_INTERRUPTED || r == GNUTLS_E_AGAIN) continue;
        if (r == GNUTLS_E_PREMATURE_TERMINATION) return 0;   // closed without close_notify
        return -1;
    }
}

bool TlsConn::send_all(const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = gnutls_record_send(S(session_), p, n);
        if (w == GNUTLS_E_INTERRUPTED || w == GNUTLS_E_AGAIN) continue;
        if (w < 0) return false;
        p += w;
        n -= size_t(w);
    }
    return true;
}

void TlsConn::bye()
{
    int rc;
    do rc = gnutls_bye(S(session_), GNUTLS_SHUT_WR);
    while (rc == GNUTLS_E_INTERRUPTED || rc == GNUTLS_E_AGAIN);
}

std::string TlsConn::protocol() const
{
    const char *name = gnutls_protocol_get_name(gnutls_protocol_get_version(S(session_)));
    return name ? name : "";
}

bool TlsConn::resumed() const
{
    return gnutls_session_is_resumed(S(session_)) != 0;
}

std::string TlsConn::client_subject() const
{
    unsigned n = 0;
    const gnutls_datum_t *certs = gnutls_certificate_get_peers(S(session_), &n);
    if (!certs || n == 0) return "";
    gnutls_x509_crt_t crt;
    if (gnutls_x509_crt_init(&crt) < 0) return "";
    std::string out;
    gnutls_datum_t dn{nullptr, 0};
    if (gnutls_x509_crt_import(crt, &certs[0], GNUTLS_X509_FMT_DER) >= 0 &&
        gnutls_x509_crt_get_dn3(crt, &dn, 0) >= 0) {
        out.assign(reinterpret_cast<char *>(dn.data), dn.size);
        gnutls_free(dn.data);
    }
    gnutls_x509_crt_deinit(crt);
    return out;
}

} // namespace ts
