// The GnuTLS client session: credentials (trust store, extra CAs, CRLs, client certificate),
// the non-blocking handshake and record I/O over a raw fd, WinHTTP's certificate checks, and
// the per-pool cache of credentials and resumption data.
#include "io/tls.h"
#include "io/error.h"
#include "io/x509.h"
#include <gnutls/gnutls.h>
#include <gnutls/abstract.h>
#include <gnutls/pkcs12.h>
#include <gnutls/x509.h>
#include <arpa/inet.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <algorithm>
#include <new>

namespace winhttp::io {

struct TlsCredentials {
    gnutls_certificate_credentials_t cred = nullptr;
    std::vector<gnutls_x509_crl_t> crls;          // consulted when revocation is checked
    std::vector<gnutls_pcert_st> client_chain;    // the client certificate, leaf first
    gnutls_privkey_t client_key = nullptr;

    TlsCredentials() = default;
    TlsCredentials(const TlsCredentials&) = delete;
    TlsCredentials& operator=(const TlsCredentials&) = delete;
    ~TlsCredentials()
    {
        for (auto c : crls) gnutls_x509_crl_deinit(c);
        for (auto& p : client_chain) gnutls_pcert_deinit(&p);
        if (client_key) gnutls_privkey_deinit(client_key);
        if (cred) gnutls_certificate_free_credentials(cred);
    }
};

namespace {

gnutls_session_t S(void* p) { return static_cast<gnutls_session_t>(p); }

// A file read whole (gnutls_load_file), freed on scope exit; or bytes borrowed from memory.
struct FileData {
    gnutls_datum_t d{nullptr, 0};
    bool owned = false;
    FileData() = default;
    FileData(const FileData&) = delete;
    FileData& operator=(const FileData&) = delete;
    ~FileData() { if (owned) gnutls_free(d.data); }
    bool load(const std::string& path)
    {
        owned = gnutls_load_file(path.c_str(), &d) >= 0;
        return owned;
    }
    bool borrow(const std::string& mem)
    {
        d.data = reinterpret_cast<unsigned char*>(const_cast<char*>(mem.data()));
        d.size = static_cast<unsigned>(mem.size());
        return !mem.empty();
    }
    // The file `path` if set, else the bytes `mem`.
    bool get(const std::string& path, const std::string& mem)
    {
        return path.empty() ? borrow(mem) : load(path);
    }
    bool is_pem() const
    {
        static const char tag[] = "-----BEGIN ";
        if (!d.data) return false;
        std::string_view v(reinterpret_cast<const char*>(d.data), d.size);
        return v.find(tag) != std::string_view::npos;
    }
};

// Loads the client certificate chain and key (PEM or PKCS#12) into `c`.
bool load_client_cert(const TlsConfig& cfg, TlsCredentials& c)
{
    FileData cert;
    if (!cert.get(cfg.client_cert_file, cfg.client_cert_data)) return false;
    const char* pw = cfg.client_password.empty() ? nullptr : cfg.client_password.c_str();
    if (cert.is_pem()) {
        unsigned n = 16;
        c.client_chain.resize(n);
        if (gnutls_pcert_list_import_x509_raw(c.client_chain.data(), &n, &cert.d,
                                              GNUTLS_X509_FMT_PEM, 0) < 0 || n == 0) {
            c.client_chain.clear();
            return false;
        }
        c.client_chain.resize(n);
        FileData keyfile;
        const gnutls_datum_t* kd = &cert.d;
        if (!cfg.client_key_file.empty() || !cfg.client_key_data.empty()) {
            if (!keyfile.get(cfg.client_key_file, cfg.client_key_data)) return false;
            kd = &keyfile.d;
        }
        if (gnutls_privkey_init(&c.client_key) < 0) return false;
        gnutls_x509_crt_fmt_t fmt = (kd == &cert.d || keyfile.is_pem()) ? GNUTLS_X509_FMT_PEM
                                                                        : GNUTLS_X509_FMT_DER;
        return gnutls_privkey_import_x509_raw(c.client_key, kd, fmt, pw, 0) >= 0;
    }
    // PKCS#12 (DER).
    gnutls_pkcs12_t p12;
    if (gnutls_pkcs12_init(&p12) < 0) return false;
    gnutls_x509_privkey_t key = nullptr;
    gnutls_x509_crt_t* chain = nullptr;
    unsigned chain_len = 0;
    bool ok = gnutls_pkcs12_import(p12, &cert.d, GNUTLS_X509_FMT_DER, 0) >= 0 &&
              gnutls_pkcs12_simple_parse(p12, pw ? pw : "", &key, &chain, &chain_len, nullptr,
                                         nullptr, nullptr, 0) >= 0 &&
              chain_len > 0;
    gnutls_pkcs12_deinit(p12);
    if (ok) {
        c.client_chain.resize(chain_len);
        unsigned done = 0;
        for (; done < chain_len; ++done)
            if (gnutls_pcert_import_x509(&c.client_chain[done], chain[done], 0) < 0) break;
        c.client_chain.resize(done);
        ok = done == chain_len && gnutls_privkey_init(&c.client_key) >= 0 &&
             gnutls_privkey_import_x509(c.client_key, key, GNUTLS_PRIVKEY_IMPORT_AUTO_RELEASE) >= 0;
        if (ok) key = nullptr;   // owned by client_key now
    }
    for (unsigned i = 0; i < chain_len; ++i) gnutls_x509_crt_deinit(chain[i]);
    gnutls_free(chain);
    if (key) gnutls_x509_privkey_deinit(key);
    return ok;
}

std::string strip_host(std::string h)
{
    if (h.size() >= 2 && h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);
    if (!h.empty() && h.back() == '.') h.pop_back();
    return h;
}

bool is_ip_literal(const std::string& h)
{
    unsigned char buf[16];
    return inet_pton(AF_INET, h.c_str(), buf) == 1 || inet_pton(AF_INET6, h.c_str(), buf) == 1;
}

} // namespace

// ------------------------------------------------------------------------------ callbacks

struct TlsGlue {
    static TlsSession* self(gnutls_transport_ptr_t p) { return static_cast<TlsSession*>(p); }

    static void note_errno(TlsSession* t, int e)
    {
        t->sock_errno_ = (e == EAGAIN || e == EWOULDBLOCK || e == EINTR) ? 0 : e;
        gnutls_transport_set_errno(S(t->session_), e);
    }

    static ssize_t push(gnutls_transport_ptr_t p, const void* data, size_t len)
    {
        TlsSession* t = self(p);
        ssize_t n = ::send(t->fd_, data, len, MSG_NOSIGNAL);
        if (n < 0) note_errno(t, errno);
        return n;
    }

    static ssize_t vec_push(gnutls_transport_ptr_t p, const giovec_t* iov, int count)
    {
        TlsSession* t = self(p);
        msghdr m{};
        m.msg_iov = const_cast<iovec*>(reinterpret_cast<const iovec*>(iov));
        m.msg_iovlen = static_cast<size_t>(count);
        ssize_t n = ::sendmsg(t->fd_, &m, MSG_NOSIGNAL);
        if (n < 0) note_errno(t, errno);
        return n;
    }

    static ssize_t pull(gnutls_transport_ptr_t p, void* data, size_t len)
    {
        TlsSession* t = self(p);
        ssize_t n = ::recv(t->fd_, data, len, 0);
        if (n < 0) note_errno(t, errno);
        return n;
    }

    // Only ever asked "is something there now": the session is non-blocking.
    static int pull_timeout(gnutls_transport_ptr_t p, unsigned)
    {
        pollfd pfd{self(p)->fd_, POLLIN, 0};
        int r = ::poll(&pfd, 1, 0);
        return r < 0 ? -1 : r;
    }

    // TLS 1.3 tickets arrive after the handshake: keep each one for resumption.
    static int ticket_hook(gnutls_session_t s, unsigned, unsigned, unsigned, const gnutls_datum_t*)
    {
        if (auto* t = static_cast<TlsSession*>(gnutls_session_get_ptr(s))) t->save_session();
        return 0;
    }

    // Sends the configured client certificate whenever the server asks, whatever CA names it
    // lists (Windows sends the certificate the application chose).
    static int retrieve(gnutls_session_t s, const gnutls_datum_t*, int, const gnutls_pk_algorithm_t*,
                        int, gnutls_pcert_st** pcert, unsigned* pcert_length,
                        gnutls_privkey_t* privkey)
    {
        auto* t = static_cast<TlsSession*>(gnutls_session_get_ptr(s));
        if (!t || !t->creds_ || t->creds_->client_chain.empty() || !t->creds_->client_key) {
            *pcert_length = 0;
            *pcert = nullptr;
            *privkey = nullptr;
            return 0;
        }
        *pcert = t->creds_->client_chain.data();
        *pcert_length = static_cast<unsigned>(t->creds_->client_chain.size());
        *privkey = t->creds_->client_key;
        return 0;
    }
};

// ------------------------------------------------------------------------------ config

void tls_config_from_environment(TlsConfig& cfg)
{
    if (cfg.ca_file.empty())
        if (const char* v = std::getenv("WINHTTP_TLS_CA_FILE"); v && *v) cfg.ca_file = v;
    if (cfg.crl_file.empty())
        if (const char* v = std::getenv("WINHTTP_TLS_CRL_FILE"); v && *v) cfg.crl_file = v;
}

DWORD tls_load_credentials(const TlsConfig& cfg, std::shared_ptr<TlsCredentials>& out)
{
    try {
        auto c = std::make_shared<TlsCredentials>();
        if (gnutls_certificate_allocate_credentials(&c->cred) < 0) return ERROR_NOT_ENOUGH_MEMORY;
        if (cfg.system_trust) gnutls_certificate_set_x509_system_trust(c->cred);   // none: fine
        if (!cfg.ca_file.empty()) {
            FileData f;
            if (!f.load(cfg.ca_file)) return ERROR_WINHTTP_SECURE_FAILURE;
            if (gnutls_certificate_set_x509_trust_mem(c->cred, &f.d, f.is_pem() ? GNUTLS_X509_FMT_PEM
                                                                             : GNUTLS_X509_FMT_DER) < 0)
                return ERROR_WINHTTP_SECURE_FAILURE;
        }
        if (!cfg.crl_file.empty()) {
            FileData f;
            if (!f.load(cfg.crl_file)) return ERROR_WINHTTP_SECURE_FAILURE;
            gnutls_x509_crl_t* list = nullptr;
            unsigned n = 0;
            if (gnutls_x509_crl_list_import2(&list, &n, &f.d, f.is_pem() ? GNUTLS_X509_FMT_PEM
                                                                         : GNUTLS_X509_FMT_DER, 0) < 0)
                return ERROR_WINHTTP_SECURE_FAILURE;
            try {
                c->crls.assign(list, list + n);
            } catch (...) {
                for (unsigned i = 0; i < n; ++i) gnutls_x509_crl_deinit(list[i]);
                gnutls_free(list);
                throw;
            }
            gnutls_free(list);
        }
        if (cfg.client_cert == TlsConfig::ClientCert::File) {
            if (!load_client_cert(cfg, *c)) return ERROR_WINHTTP_SECURE_FAILURE;
            gnutls_certificate_set_retrieve_function2(c->cred, &TlsGlue::retrieve);
        }
        out = std::move(c);
        return ERROR_SUCCESS;
    } catch (const std::bad_alloc&) {
        return ERROR_NOT_ENOUGH_MEMORY;
    }
}

// ------------------------------------------------------------------------------ cache

TlsCache::~TlsCache() = default;

std::string TlsCache::key_for(const TlsConfig& cfg)
{
    std::string k = strip_host(cfg.server_name);
    for (auto& ch : k)
        if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    k += ':';
    k += std::to_string(cfg.port);
    k += '|';
    k += std::to_string(static_cast<int>(cfg.client_cert));
    if (cfg.client_cert == TlsConfig::ClientCert::File) {
        k += '|';
        k += cfg.client_cert_file;
        k += '|';
        k += cfg.client_key_file;
        k += '|';
        k += std::to_string(std::hash<std::string>{}(cfg.client_cert_data + '\0' + cfg.client_key_data));
    }
    return k;
}

DWORD TlsCache::credentials(const TlsConfig& cfg, std::shared_ptr<TlsCredentials>& out)
{
    try {
        std::string k;
        k += cfg.system_trust ? '1' : '0';
        for (const std::string* s : {&cfg.ca_file, &cfg.crl_file, &cfg.client_cert_file,
                                     &cfg.client_key_file, &cfg.client_password,
                                     &cfg.client_cert_data, &cfg.client_key_data}) {
            k += '\0';
            k += *s;
        }
        k += static_cast<char>('0' + static_cast<int>(cfg.client_cert));
        {
            std::lock_guard<std::mutex> lock(mu_);
            auto it = creds_.find(k);
            if (it != creds_.end()) {
                out = it->second;
                return ERROR_SUCCESS;
            }
        }
        std::shared_ptr<TlsCredentials> c;
        if (DWORD e = tls_load_credentials(cfg, c); e != ERROR_SUCCESS) return e;
        std::lock_guard<std::mutex> lock(mu_);
        auto [it, inserted] = creds_.emplace(k, c);
        out = it->second;   // a concurrent loader may have won: use its credentials
        return ERROR_SUCCESS;
    } catch (const std::bad_alloc&) {
        return ERROR_NOT_ENOUGH_MEMORY;
    }
}

void TlsCache::store(const std::string& key, std::vector<unsigned char> data)
{
    try {
        std::lock_guard<std::mutex> lock(mu_);
        auto it = sessions_.find(key);
        if (it != sessions_.end()) {
            it->second.first = std::move(data);
            order_.splice(order_.begin(), order_, it->second.second);
            return;
        }
        order_.push_front(key);
        try {
            sessions_.emplace(key, std::make_pair(std::move(data), order_.begin()));
        } catch (...) {
            order_.pop_front();
            throw;
        }
        while (sessions_.size() > max_sessions_ && !order_.empty()) {
            sessions_.erase(order_.back());
            order_.pop_back();
        }
    } catch (const std::bad_alloc&) {
        // Resumption is an optimisation: nothing is lost but a faster next handshake.
    }
}

bool TlsCache::load(const std::string& key, std::vector<unsigned char>& out) const
{
    try {
        std::lock_guard<std::mutex> lock(mu_);
        auto it = sessions_.find(key);
        if (it == sessions_.end()) return false;
        out = it->second.first;
        return true;
    } catch (const std::bad_alloc&) {
        return false;
    }
}

void TlsCache::forget(const std::string& key)
{
    std::lock_guard<std::mutex> lock(mu_);
    auto it = sessions_.find(key);
    if (it == sessions_.end()) return;
    order_.erase(it->second.second);
    sessions_.erase(it);
}

size_t TlsCache::session_count() const
{
    std::lock_guard<std::mutex> lock(mu_);
    return sessions_.size();
}

void TlsCache::clear()
{
    std::lock_guard<std::mutex> lock(mu_);
    sessions_.clear();
    order_.clear();
    creds_.clear();
}

// ------------------------------------------------------------------------------ session

DWORD TlsSession::create(int fd, const TlsConfig& cfg, TlsCache* cache,
                         std::unique_ptr<TlsSession>& out)
{
    try {
        std::unique_ptr<TlsSession> t(new TlsSession());
        t->fd_ = fd;
        struct stat st;
        if (fd >= 0 && fstat(fd, &st) == 0) t->fd_ino_ = st.st_ino;
        t->cfg_ = cfg;
        t->cfg_.server_name = strip_host(cfg.server_name);
        t->cache_ = cache;
        DWORD e = cache ? cache->credentials(cfg, t->creds_) : tls_load_credentials(cfg, t->creds_);
        if (e != ERROR_SUCCESS) return e;

        gnutls_session_t s;
        if (gnutls_init(&s, GNUTLS_CLIENT | GNUTLS_NONBLOCK) < 0) return ERROR_NOT_ENOUGH_MEMORY;
        t->session_ = s;
        gnutls_session_set_ptr(s, t.get());
        gnutls_handshake_set_timeout(s, 0);   // the caller's deadlines bound the handshake

        // Protocols: the WINHTTP_FLAG_SECURE_PROTOCOL_* bits; SSL 2/3 are never offered.
        std::string prio = "NORMAL:-VERS-ALL";
        const DWORD protos = cfg.protocols & kTlsProtocolsSupported;
        if (protos & WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_3) prio += ":+VERS-TLS1.3";
        if (protos & WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2) prio += ":+VERS-TLS1.2";
        if (protos & WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_1) prio += ":+VERS-TLS1.1";
        if (protos & WINHTTP_FLAG_SECURE_PROTOCOL_TLS1) prio += ":+VERS-TLS1.0";
        if (!protos || gnutls_priority_set_direct(s, prio.c_str(), nullptr) < 0) {
            // Nothing left to offer: the handshake fails as one the server refused.
            t->state_ = State::Failed;
            t->failure_error_ = ERROR_WINHTTP_SECURE_FAILURE;
            t->failure_flags_ = WINHTTP_CALLBACK_STATUS_FLAG_SECURITY_CHANNEL_ERROR;
        }
        if (gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE, t->creds_->cred) < 0)
            return ERROR_NOT_ENOUGH_MEMORY;

        if (!t->cfg_.server_name.empty() && !is_ip_literal(t->cfg_.server_name))
            gnutls_server_name_set(s, GNUTLS_NAME_DNS, t->cfg_.server_name.data(),
                                   t->cfg_.server_name.size());
        static const char http11[] = "http/1.1";
        gnutls_datum_t alpn{reinterpret_cast<unsigned char*>(const_cast<char*>(http11)),
                            sizeof http11 - 1};
        gnutls_alpn_set_protocols(s, &alpn, 1, 0);
        if (cfg.check_revocation) gnutls_ocsp_status_request_enable_client(s, nullptr, 0, nullptr);

        gnutls_transport_set_ptr(s, t.get());
        gnutls_transport_set_push_function(s, &TlsGlue::push);
        gnutls_transport_set_vec_push_function(s, &TlsGlue::vec_push);
        gnutls_transport_set_pull_function(s, &TlsGlue::pull);
        gnutls_transport_set_pull_timeout_function(s, &TlsGlue::pull_timeout);

        if (cache) {
            t->cache_key_ = TlsCache::key_for(t->cfg_);
            std::vector<unsigned char> data;
            if (cache->load(t->cache_key_, data) && !data.empty())
                gnutls_session_set_data(s, data.data(), data.size());   // bad data: full handshake
            gnutls_handshake_set_hook_function(s, GNUTLS_HANDSHAKE_NEW_SESSION_TICKET,
                                               GNUTLS_HOOK_POST, &TlsGlue::ticket_hook);
        }
        out = std::move(t);
        return ERROR_SUCCESS;
    } catch (const std::bad_alloc&) {
        return ERROR_NOT_ENOUGH_MEMORY;
    }
}

TlsSession::~TlsSession()
{
    if (session_) {
        struct stat st;
        if (fd_ >= 0 && fstat(fd_, &st) == 0 && st.st_ino == fd_ino_) close_notify();
        gnutls_deinit(S(session_));
    }
}

DWORD TlsSession::fail(DWORD error, DWORD flags)
{
    state_ = State::Failed;
    failure_error_ = error;
    failure_flags_ = flags;
    if (cache_ && !cache_key_.empty()) cache_->forget(cache_key_);
    return error;
}

DWORD TlsSession::handshake_step()
{
    switch (state_) {
    case State::Open: return ERROR_SUCCESS;
    case State::Closed: return ERROR_WINHTTP_CONNECTION_ERROR;
    case State::Failed:
        return failure_error_ != ERROR_SUCCESS ? failure_error_ : ERROR_WINHTTP_CONNECTION_ERROR;
    case State::Handshake: break;
    }
    if (verifying_) return finish_handshake();   // again, with the revocation list at hand
    gnutls_session_t s = S(session_);
    for (int spins = 0; spins < 64; ++spins) {
        sock_errno_ = 0;
        int rc = gnutls_handshake(s);
        if (rc == GNUTLS_E_SUCCESS) return finish_handshake();
        if (rc == GNUTLS_E_AGAIN) {
            wants_write_ = gnutls_record_get_direction(s) == 1;
            return kIoPending;
        }
        if (rc == GNUTLS_E_INTERRUPTED || !gnutls_error_is_fatal(rc)) continue;   // warnings
        if (DWORD e = client_cert_refusal()) return fail(e, 0);   // asked for a certificate
        if (sock_errno_) return fail(map_errno(sock_errno_, Phase::Transfer), 0);
        // Refused or broken handshakes (no common protocol or cipher, an alert, a peer that
        // closed or does not speak TLS): a secure failure of the channel, as Schannel's
        // handshake errors surface through WinHTTP.
        return fail(ERROR_WINHTTP_SECURE_FAILURE, WINHTTP_CALLBACK_STATUS_FLAG_SECURITY_CHANNEL_ERROR);
    }
    return fail(ERROR_WINHTTP_SECURE_FAILURE, WINHTTP_CALLBACK_STATUS_FLAG_SECURITY_CHANNEL_ERROR);
}

void TlsSession::revocation_fetched(DWORD error, std::string_view body)
{
    if (cache_ && !fetch_.url.empty()) cache_->revocation().add(fetch_, error, body);
    fetch_ = {};
}

DWORD TlsSession::client_cert_refusal() const
{
    // The server asked for a certificate we were told not to improvise: Windows fails with
    // CLIENT_AUTH_CERT_NEEDED (the application then sets one, or NO_CLIENT_CERT_CONTEXT); one
    // whose key cannot be used fails with the reason the front found.
    bool asked = gnutls_certificate_client_get_request_status(S(session_)) != 0;
    if (!asked) return ERROR_SUCCESS;
    if (cfg_.client_cert == TlsConfig::ClientCert::Ask) return ERROR_WINHTTP_CLIENT_AUTH_CERT_NEEDED;
    if (cfg_.client_cert == TlsConfig::ClientCert::Unusable) return cfg_.client_cert_error;
    return ERROR_SUCCESS;
}

DWORD TlsSession::finish_handshake()
{
    gnutls_session_t s = S(session_);
    resumed_ = gnutls_session_is_resumed(s) != 0;
    if (DWORD e = client_cert_refusal()) return fail(e, 0);
    DWORD flags = verify_peer();
    verifying_ = !fetch_.url.empty();
    if (verifying_) return kFetchRevocation;
    if (flags) return fail(ERROR_WINHTTP_SECURE_FAILURE, flags);
    state_ = State::Open;
    if (gnutls_protocol_get_version(s) != GNUTLS_TLS1_3) save_session();
    return ERROR_SUCCESS;
}

void TlsSession::save_session()
{
    if (!cache_ || cache_key_.empty()) return;
    gnutls_datum_t d{nullptr, 0};
    if (gnutls_session_get_data2(S(session_), &d) < 0) return;
    try {
        std::vector<unsigned char> v(d.data, d.data + d.size);
        gnutls_free(d.data);
        cache_->store(cache_key_, std::move(v));
    } catch (const std::bad_alloc&) {
        gnutls_free(d.data);
    }
}

// The checks WinHTTP makes on the server's certificate, as WINHTTP_CALLBACK_STATUS_FLAG_*
// bits; returns those not ignored.
DWORD TlsSession::verify_peer()
{
    fetch_ = {};
    gnutls_session_t s = S(session_);
    DWORD p = 0;
    unsigned n = 0;
    const gnutls_datum_t* certs = gnutls_certificate_get_peers(s, &n);
    gnutls_x509_crt_t leaf = nullptr;
    if (!certs || n == 0 || gnutls_x509_crt_init(&leaf) < 0 ||
        gnutls_x509_crt_import(leaf, &certs[0], GNUTLS_X509_FMT_DER) < 0) {
        if (leaf) gnutls_x509_crt_deinit(leaf);
        cert_problems_ = WINHTTP_CALLBACK_STATUS_FLAG_INVALID_CERT;
        return cert_problems_;
    }

    // The chain against the trust store (dates included).
    unsigned status = 0;
    if (gnutls_certificate_verify_peers2(s, &status) < 0) {
        p |= WINHTTP_CALLBACK_STATUS_FLAG_INVALID_CERT;
    } else if (status) {
        if (status & GNUTLS_CERT_SIGNER_NOT_FOUND) p |= WINHTTP_CALLBACK_STATUS_FLAG_INVALID_CA;
        if (status & (GNUTLS_CERT_EXPIRED | GNUTLS_CERT_NOT_ACTIVATED))
            p |= WINHTTP_CALLBACK_STATUS_FLAG_CERT_DATE_INVALID;
        if (status & GNUTLS_CERT_REVOKED)   // a stapled OCSP response said so
            p |= cfg_.check_revocation ? WINHTTP_CALLBACK_STATUS_FLAG_CERT_REVOKED : 0;
        if (status & (GNUTLS_CERT_INVALID_OCSP_STATUS | GNUTLS_CERT_MISSING_OCSP_STATUS))
            p |= cfg_.check_revocation ? WINHTTP_CALLBACK_STATUS_FLAG_CERT_REV_FAILED : 0;
        if ((status & GNUTLS_CERT_INSECURE_ALGORITHM) &&
            !(cfg_.ignore_flags & SECURITY_FLAG_IGNORE_WEAK_SIGNATURE))
            p |= WINHTTP_CALLBACK_STATUS_FLAG_INVALID_CERT;
        // A broken signature or constraint: an invalid certificate, unless the chain simply
        // ends at an untrusted root (a self-signed leaf also fails its "signer is a CA" test).
        if ((status & (GNUTLS_CERT_SIGNATURE_FAILURE | GNUTLS_CERT_SIGNER_CONSTRAINTS_FAILURE |
                       GNUTLS_CERT_SIGNER_NOT_CA | GNUTLS_CERT_MISMATCH)) &&
            !(status & GNUTLS_CERT_SIGNER_NOT_FOUND))
            p |= WINHTTP_CALLBACK_STATUS_FLAG_INVALID_CERT;
        if ((status & GNUTLS_CERT_INVALID) && !p &&
            !(status & (GNUTLS_CERT_REVOKED | GNUTLS_CERT_INVALID_OCSP_STATUS |
                        GNUTLS_CERT_MISSING_OCSP_STATUS | GNUTLS_CERT_INSECURE_ALGORITHM)))
            p |= WINHTTP_CALLBACK_STATUS_FLAG_INVALID_CERT;
    }
    // The leaf's own dates, even when its chain could not be built.
    time_t now = time(nullptr);
    if (gnutls_x509_crt_get_activation_time(leaf) > now || gnutls_x509_crt_get_expiration_time(leaf) < now)
        p |= WINHTTP_CALLBACK_STATUS_FLAG_CERT_DATE_INVALID;

    // The name the request used (DNS name, or IP address against the IP SANs).
    if (!cfg_.server_name.empty() &&
        !gnutls_x509_crt_check_hostname2(leaf, cfg_.server_name.c_str(), 0))
        p |= WINHTTP_CALLBACK_STATUS_FLAG_CERT_CN_INVALID;

    // Extended key usage: without one, any use; with one, server authentication (or any).
    bool has_eku = false, server_ok = false;
    for (unsigned i = 0;; ++i) {
        char oid[128];
        size_t size = sizeof oid;
        int rc = gnutls_x509_crt_get_key_purpose_oid(leaf, i, oid, &size, nullptr);
        if (rc == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE) break;
        if (rc < 0) continue;
        has_eku = true;
        if (!strcmp(oid, GNUTLS_KP_TLS_WWW_SERVER) || !strcmp(oid, GNUTLS_KP_ANY)) server_ok = true;
        if (i > 64) break;
    }
    if (has_eku && !server_ok) p |= WINHTTP_CALLBACK_STATUS_FLAG_CERT_WRONG_USAGE;

    if (cfg_.check_revocation && !(p & WINHTTP_CALLBACK_STATUS_FLAG_CERT_REVOKED)) p |= revocation_problems();
    gnutls_x509_crt_deinit(leaf);

    cert_problems_ = p;
    DWORD ignored = 0;
    if (cfg_.ignore_flags & SECURITY_FLAG_IGNORE_UNKNOWN_CA) ignored |= WINHTTP_CALLBACK_STATUS_FLAG_INVALID_CA;
    if (cfg_.ignore_flags & SECURITY_FLAG_IGNORE_CERT_DATE_INVALID)
        ignored |= WINHTTP_CALLBACK_STATUS_FLAG_CERT_DATE_INVALID;
    if (cfg_.ignore_flags & SECURITY_FLAG_IGNORE_CERT_CN_INVALID)
        ignored |= WINHTTP_CALLBACK_STATUS_FLAG_CERT_CN_INVALID;
    if (cfg_.ignore_flags & SECURITY_FLAG_IGNORE_CERT_WRONG_USAGE)
        ignored |= WINHTTP_CALLBACK_STATUS_FLAG_CERT_WRONG_USAGE;
    return p & ~ignored;
}

// Revocation of each certificate below the root, as WinHTTP asks the chain engine for it
// (CERT_CHAIN_REVOCATION_CHECK_CHAIN_EXCLUDE_ROOT): the configured CRLs, the stapled OCSP response
// (the leaf's), else what its OCSP responders answer and its distribution points' lists say,
// fetched (fetch_ set, kFetchRevocation) and kept per session. REVOKED, REV_FAILED when a status
// could not be had ("offline", unless that is to be ignored), or 0.
DWORD TlsSession::revocation_problems()
{
    std::shared_ptr<const CertPath> path = cert_path();
    const std::vector<std::string>& certs = path->certs;
    const size_t below_root = path->ends_self_signed ? certs.size() - 1 : certs.size();
    bool unknown = false;
    for (size_t i = 0; i < below_root; ++i) {
        X509Cert cert(certs[i]);
        if (!cert.crt) return WINHTTP_CALLBACK_STATUS_FLAG_CERT_REV_FAILED;
        bool known = i == 0 && gnutls_ocsp_status_request_is_checked(S(session_), 0) != 0;
        gnutls_datum_t issuer{nullptr, 0};
        if (gnutls_x509_crt_get_raw_issuer_dn(cert.crt, &issuer) >= 0) {
            for (auto crl : creds_->crls) {
                gnutls_datum_t ci{nullptr, 0};
                if (gnutls_x509_crl_get_raw_issuer_dn(crl, &ci) < 0) continue;
                bool same = ci.size == issuer.size && !memcmp(ci.data, issuer.data, ci.size);
                gnutls_free(ci.data);
                if (!same) continue;
                known = true;
                if (gnutls_x509_crt_check_revocation(cert.crt, &crl, 1) == 1) {
                    gnutls_free(issuer.data);
                    return WINHTTP_CALLBACK_STATUS_FLAG_CERT_REVOKED;
                }
            }
            gnutls_free(issuer.data);
        }
        if (!known && cache_ && i + 1 < certs.size()) {
            switch (cache_->revocation().status(certs[i], certs[i + 1], fetch_)) {
            case RevocationCache::Status::Revoked: return WINHTTP_CALLBACK_STATUS_FLAG_CERT_REVOKED;
            case RevocationCache::Status::Good: known = true; break;
            case RevocationCache::Status::Fetch: return 0;   // checked again once fetch_ is in
            case RevocationCache::Status::Unknown: break;
            }
        }
        if (!known) unknown = true;
    }
    return unknown && !cfg_.ignore_revocation_offline ? WINHTTP_CALLBACK_STATUS_FLAG_CERT_REV_FAILED : 0;
}

DWORD TlsSession::cert_error() const
{
    static const struct { DWORD flag, error; } order[] = {
        {WINHTTP_CALLBACK_STATUS_FLAG_CERT_REVOKED, ERROR_WINHTTP_SECURE_CERT_REVOKED},
        {WINHTTP_CALLBACK_STATUS_FLAG_INVALID_CA, ERROR_WINHTTP_SECURE_INVALID_CA},
        {WINHTTP_CALLBACK_STATUS_FLAG_CERT_DATE_INVALID, ERROR_WINHTTP_SECURE_CERT_DATE_INVALID},
        {WINHTTP_CALLBACK_STATUS_FLAG_CERT_CN_INVALID, ERROR_WINHTTP_SECURE_CERT_CN_INVALID},
        {WINHTTP_CALLBACK_STATUS_FLAG_CERT_WRONG_USAGE, ERROR_WINHTTP_SECURE_CERT_WRONG_USAGE},
        {WINHTTP_CALLBACK_STATUS_FLAG_CERT_REV_FAILED, ERROR_WINHTTP_SECURE_CERT_REV_FAILED},
        {WINHTTP_CALLBACK_STATUS_FLAG_INVALID_CERT, ERROR_WINHTTP_SECURE_INVALID_CERT},
        {WINHTTP_CALLBACK_STATUS_FLAG_SECURITY_CHANNEL_ERROR, ERROR_WINHTTP_SECURE_CHANNEL_ERROR},
    };
    for (const auto& o : order)
        if (failure_flags_ & o.flag) return o.error;
    return ERROR_SUCCESS;
}

// ------------------------------------------------------------------------------ records

io::IoResult TlsSession::send(const void* data, size_t len)
{
    io::IoResult r;
    if (state_ != State::Open || bye_sent_) {
        r.error = ERROR_WINHTTP_CONNECTION_ERROR;
        return r;
    }
    if (send_pending_ && len < send_pending_) {
        r.error = ERROR_INVALID_PARAMETER;   // not the retry of the sealed record
        return r;
    }
    gnutls_session_t s = S(session_);
    for (int spins = 0; spins < 64; ++spins) {
        sock_errno_ = 0;
        ssize_t rc = send_pending_ ? gnutls_record_send(s, nullptr, 0)
                                   : gnutls_record_send(s, data, len);
        if (rc >= 0) {   // a retry returns the size of the record it flushed
            send_pending_ = 0;
            r.bytes = static_cast<size_t>(rc);
            return r;
        }
        if (rc == GNUTLS_E_AGAIN) {
            if (!send_pending_) send_pending_ = std::min(len, gnutls_record_get_max_size(s));
            wants_write_ = gnutls_record_get_direction(s) == 1;
            r.would_block = true;
            return r;
        }
        if (rc == GNUTLS_E_INTERRUPTED || !gnutls_error_is_fatal(static_cast<int>(rc))) continue;
        break;
    }
    state_ = State::Failed;
    r.error = sock_errno_ ? map_errno(sock_errno_, Phase::Transfer) : ERROR_WINHTTP_CONNECTION_ERROR;
    return r;
}

io::IoResult TlsSession::recv(void* buf, size_t len)
{
    io::IoResult r;
    if (state_ == State::Closed) return r;   // end of stream already seen
    if (state_ != State::Open) {
        r.error = ERROR_WINHTTP_CONNECTION_ERROR;
        return r;
    }
    gnutls_session_t s = S(session_);
    for (int spins = 0; spins < 64; ++spins) {
        sock_errno_ = 0;
        ssize_t rc = gnutls_record_recv(s, buf, len);
        if (rc > 0) {
            r.bytes = static_cast<size_t>(rc);
            return r;
        }
        // End of stream: close_notify, or a close without it (HTTP framing tells a
        // truncated body; Schannel reads that as the end too).
        if (rc == 0 || rc == GNUTLS_E_PREMATURE_TERMINATION) {
            state_ = State::Closed;
            return r;
        }
        if (rc == GNUTLS_E_AGAIN) {
            wants_write_ = gnutls_record_get_direction(s) == 1;
            r.would_block = true;
            return r;
        }
        // Interrupted, a renegotiation request (declined by going on) or a warning alert.
        if (rc == GNUTLS_E_INTERRUPTED || rc == GNUTLS_E_REHANDSHAKE ||
            !gnutls_error_is_fatal(static_cast<int>(rc)))
            continue;
        break;
    }
    state_ = State::Failed;
    r.error = sock_errno_ ? map_errno(sock_errno_, Phase::Transfer) : ERROR_WINHTTP_CONNECTION_ERROR;
    return r;
}

size_t TlsSession::pending() const
{
    return session_ ? gnutls_record_check_pending(S(session_)) : 0;
}

bool TlsSession::idle_usable() const
{
    if (state_ != State::Open || bye_sent_ || send_pending_ || pending()) return false;
    char c;
    ssize_t n = ::recv(fd_, &c, 1, MSG_PEEK | MSG_DONTWAIT);
    return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

void TlsSession::close_notify()
{
    if (bye_sent_ || !session_ || (state_ != State::Open && state_ != State::Closed)) return;
    bye_sent_ = true;
    gnutls_bye(S(session_), GNUTLS_SHUT_WR);   // once; a full socket buffer just drops it
}

// ------------------------------------------------------------------------------ facts

DWORD TlsSession::protocol() const
{
    if (state_ != State::Open && state_ != State::Closed) return 0;
    switch (gnutls_protocol_get_version(S(session_))) {
    case GNUTLS_TLS1_0: return WINHTTP_FLAG_SECURE_PROTOCOL_TLS1;
    case GNUTLS_TLS1_1: return WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_1;
    case GNUTLS_TLS1_2: return WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2;
    case GNUTLS_TLS1_3: return WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_3;
    default: return 0;
    }
}

DWORD TlsSession::cipher_bits() const
{
    if (state_ != State::Open && state_ != State::Closed) return 0;
    return static_cast<DWORD>(gnutls_cipher_get_key_size(gnutls_cipher_get(S(session_))) * 8);
}

DWORD TlsSession::strength_flags() const
{
    if (state_ != State::Open && state_ != State::Closed) return 0;
    DWORD bits = cipher_bits();
    // Wine's winhttp (request.c, WINHTTP_OPTION_SECURITY_FLAGS) draws the same lines.
    DWORD f = SECURITY_FLAG_SECURE;
    if (bits >= 128) f |= SECURITY_FLAG_STRENGTH_STRONG;
    else if (bits >= 56) f |= SECURITY_FLAG_STRENGTH_MEDIUM;
    else f |= SECURITY_FLAG_STRENGTH_WEAK;
    return f;
}

std::string TlsSession::cipher_name() const
{
    if (!session_) return {};
    const char* n = gnutls_cipher_get_name(gnutls_cipher_get(S(session_)));
    return n ? n : "";
}

std::string TlsSession::alpn() const
{
    gnutls_datum_t d{nullptr, 0};
    if (!session_ || gnutls_alpn_get_selected_protocol(S(session_), &d) < 0 || !d.data) return {};
    return std::string(reinterpret_cast<const char*>(d.data), d.size);
}

namespace {

bool issued_by(const X509Cert& cert, const X509Cert& issuer)
{
    return cert.crt && issuer.crt && gnutls_x509_crt_check_issuer(cert.crt, issuer.crt) != 0;
}

} // namespace

std::shared_ptr<const CertPath> TlsSession::cert_path() const
{
    if (path_) return path_;
    auto path = std::make_shared<CertPath>();
    std::vector<std::string> sent = peer_chain();
    if (!sent.empty()) {
        std::vector<std::unique_ptr<X509Cert>> parsed;
        for (const std::string& der : sent) parsed.push_back(std::make_unique<X509Cert>(der));
        std::vector<bool> used(sent.size(), false);
        size_t cur = 0;
        used[0] = true;
        path->certs.push_back(sent[0]);
        for (;;) {
            if (issued_by(*parsed[cur], *parsed[cur])) { path->ends_self_signed = true; break; }
            size_t next = sent.size();
            for (size_t k = 0; k < sent.size() && next == sent.size(); ++k)
                if (!used[k] && issued_by(*parsed[cur], *parsed[k])) next = k;
            if (next == sent.size()) break;
            used[next] = true;
            path->certs.push_back(sent[next]);
            cur = next;
        }
        // Not at a root yet: the trust store's issuer of the last certificate, if it has one.
        gnutls_x509_crt_t issuer = nullptr;
        if (!path->ends_self_signed && creds_ && parsed[cur]->crt &&
            gnutls_certificate_get_issuer(creds_->cred, parsed[cur]->crt, &issuer, GNUTLS_TL_GET_COPY) >= 0 &&
            issuer) {
            gnutls_datum_t der{nullptr, 0};
            if (gnutls_x509_crt_export2(issuer, GNUTLS_X509_FMT_DER, &der) >= 0) {
                path->certs.emplace_back(reinterpret_cast<const char*>(der.data), der.size);
                path->ends_self_signed = gnutls_x509_crt_check_issuer(issuer, issuer) != 0;
                gnutls_free(der.data);
            }
            gnutls_x509_crt_deinit(issuer);
        }
    }
    path_ = std::move(path);
    return path_;
}

std::vector<std::string> TlsSession::peer_chain() const
{
    std::vector<std::string> out;
    if (!session_) return out;
    unsigned n = 0;
    const gnutls_datum_t* certs = gnutls_certificate_get_peers(S(session_), &n);
    for (unsigned i = 0; certs && i < n; ++i)
        out.emplace_back(reinterpret_cast<const char*>(certs[i].data), certs[i].size);
    return out;
}

} // namespace winhttp::io
