// The TLS client (GnuTLS) of the Unix backend: a non-blocking TLS session over an already
// connected non-blocking socket, used as the Connection's Transport once its handshake is done;
// certificate verification reported the way WinHTTP reports it (callback flags and error
// codes, the SECURITY_FLAG_IGNORE_* flags honoured); what the handshake negotiated (protocol,
// cipher strength, the peer's chain); and TlsCache, the per-pool store of credentials and of
// session data for resumption.
//
// Driving a session (sync or async alike):
//   TlsSession::create(fd, cfg, cache, s);
//   loop: DWORD e = s->handshake_step();
//         kIoPending -> wait for s->wants_write() ? kWritable : kReadable on fd, then again;
//         ERROR_SUCCESS -> connected and verified; other -> failed (see failure_flags()).
//   Then send()/recv(): a would_block result waits for the direction wants_write() names (a
//   TLS read may need to write and the other way round), then the same call again.
// A session is used by one thread at a time. It never closes the fd (the Socket owns it).
// Its destructor sends close_notify only if the fd is still the same open socket; code that
// closes the socket first (conn->socket.close()) should call close_notify() before, if it
// wants the peer told.
#pragma once
#include "engine/pool.h"
#include "io/revocation_cache.h"
#include "io/socket.h"
#include <winhttp.h>
#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace winhttp::io {

// Every WINHTTP_FLAG_SECURE_PROTOCOL_* bit this backend can negotiate (SSL 2/3 never).
// handshake_step(): revocation data must be fetched first (revocation_fetch()).
inline constexpr DWORD kFetchRevocation = 0x20000001;

inline constexpr DWORD kTlsProtocolsSupported =
    WINHTTP_FLAG_SECURE_PROTOCOL_TLS1 | WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_1 |
    WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2 | WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_3;

struct TlsConfig {
    // The host as the request names it (UTF-8, no brackets needed around IPv6): the SNI name
    // (none is sent for an IP literal) and the name the certificate must match.
    std::string server_name;
    uint16_t port = 443;                 // with server_name: the resumption cache key
    // WINHTTP_FLAG_SECURE_PROTOCOL_* bits; bits outside kTlsProtocolsSupported are ignored
    // and none left makes the handshake fail with ERROR_WINHTTP_SECURE_FAILURE.
    DWORD protocols = WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2 | WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_3;
    // SECURITY_FLAG_IGNORE_* bits (WINHTTP_OPTION_SECURITY_FLAGS); others are ignored.
    DWORD ignore_flags = 0;
    bool check_revocation = false;       // WINHTTP_ENABLE_SSL_REVOCATION
    // WINHTTP_OPTION_IGNORE_CERT_REVOCATION_OFFLINE: an unknown revocation status passes.
    bool ignore_revocation_offline = false;

    enum class ClientCert {
        Ask,    // none set: a server asking for one fails with CLIENT_AUTH_CERT_NEEDED
        None,   // WINHTTP_NO_CLIENT_CERT_CONTEXT: go on without one
        File,   // client_cert_file / _data (+ client_key_file / _data) below
        Unusable,   // one was set but cannot be used: a server asking fails with client_cert_error
    };
    ClientCert client_cert = ClientCert::Ask;
    DWORD client_cert_error = ERROR_SUCCESS;
    // PEM (certificate chain, then the key in the same file unless client_key_file is set)
    // or PKCS#12 (.p12/.pfx, or any file that is not PEM), decrypted with client_password.
    std::string client_cert_file;
    std::string client_key_file;
    std::string client_password;
    // The same contents in memory, used where the file name is empty (under Wine: the
    // certificate context exported as PKCS#12 by the PE side).
    std::string client_cert_data;
    std::string client_key_data;

    bool system_trust = true;            // the system's trust store (p11-kit / ca-certificates)
    std::string ca_file;                 // extra trusted CAs (PEM), empty for none
    // CRLs (PEM) consulted when check_revocation is set. Without one from the leaf's issuer
    // (and without a stapled OCSP response) the revocation status is unknown: CERT_REV_FAILED.
    std::string crl_file;
};

// Fills ca_file and crl_file from the environment when they are empty:
// WINHTTP_TLS_CA_FILE and WINHTTP_TLS_CRL_FILE (how tests and users add a private CA).
void tls_config_from_environment(TlsConfig& cfg);

struct TlsCredentials;   // tls.cpp: gnutls certificate credentials + client certificate

// Per-pool (per-session) cache: credentials built once per trust/client-certificate setting,
// and the latest session data per server for resumption. Thread-safe.
class TlsCache {
public:
    explicit TlsCache(size_t max_sessions = 256) : max_sessions_(max_sessions) {}
    ~TlsCache();
    TlsCache(const TlsCache&) = delete;
    TlsCache& operator=(const TlsCache&) = delete;

    // Shared credentials for `cfg` (loading the trust store and client certificate the first
    // time): ERROR_SUCCESS, ERROR_NOT_ENOUGH_MEMORY, or ERROR_WINHTTP_SECURE_FAILURE when a
    // configured file cannot be loaded.
    DWORD credentials(const TlsConfig& cfg, std::shared_ptr<TlsCredentials>& out);

    void store(const std::string& key, std::vector<unsigned char> data);
    bool load(const std::string& key, std::vector<unsigned char>& out) const;
    void forget(const std::string& key);
    size_t session_count() const;
    void clear();   // sessions and credentials

    // The resumption key of `cfg`: server name, port and client certificate setting.
    static std::string key_for(const TlsConfig& cfg);

    // Revocation data (OCSP responses, CRLs) fetched for this session's handshakes.
    RevocationCache& revocation() { return revocation_; }

private:
    mutable std::mutex mu_;
    size_t max_sessions_;
    std::list<std::string> order_;   // front: most recently stored
    std::unordered_map<std::string, std::pair<std::vector<unsigned char>,
                                              std::list<std::string>::iterator>> sessions_;
    std::unordered_map<std::string, std::shared_ptr<TlsCredentials>> creds_;
    RevocationCache revocation_;
};

// Loads credentials without a cache (TlsCache::credentials does this once per setting).
DWORD tls_load_credentials(const TlsConfig& cfg, std::shared_ptr<TlsCredentials>& out);

// A certificate's path to its root: the leaf, then the issuer of each certificate before
// (from what the peer sent, in whatever order, then from the trust store), as far as issuers
// are found.
struct CertPath {
    std::vector<std::string> certs;   // DER, leaf first
    bool ends_self_signed = false;    // the last one is a (self-signed) root
};

class TlsSession final : public winhttp::Transport {
public:
    // A client session on `fd` (connected, non-blocking). `cache` may be null (no resumption,
    // credentials loaded for this session alone); if given it must outlive the session.
    // ERROR_SUCCESS, ERROR_NOT_ENOUGH_MEMORY or ERROR_WINHTTP_SECURE_FAILURE (files).
    static DWORD create(int fd, const TlsConfig& cfg, TlsCache* cache,
                        std::unique_ptr<TlsSession>& out);
    // Best-effort close_notify (never blocks; skipped when the fd was closed, or closed and
    // reused, meanwhile), then frees.
    ~TlsSession() override;
    TlsSession(const TlsSession&) = delete;
    TlsSession& operator=(const TlsSession&) = delete;

    // Advances the handshake: ERROR_SUCCESS once done and the certificate accepted,
    // kIoPending (wait for wants_write() ? writable : readable), or the failure, final:
    // - ERROR_WINHTTP_SECURE_FAILURE for a certificate not accepted and for a handshake that
    //   failed (failure_flags() says why: certificate bits or SECURITY_CHANNEL_ERROR). A
    //   synchronous WinHttpSendRequest on Windows fails with ERROR_WINHTTP_SECURE_FAILURE and
    //   names the reasons only in the SECURE_FAILURE callback's flags (Wine's winhttp tests,
    //   test_secure_connection, accept exactly that code for a bad certificate);
    //   cert_error() gives the specific ERROR_WINHTTP_SECURE_* code where one is wanted.
    // - ERROR_WINHTTP_CLIENT_AUTH_CERT_NEEDED: the server asked for a client certificate and
    //   the configuration is ClientCert::Ask (even when the server would go on without one,
    //   as Windows fails then too).
    // - the socket's error (ERROR_WINHTTP_CONNECTION_ERROR, ...) when the transport failed.
    // - kFetchRevocation: revocation is checked, nothing at hand covers the certificate and one
    //   of its OCSP responders or CRL distribution points can be asked: fetch
    //   revocation_fetch() (engine/revocation_fetch.h), give the answer to revocation_fetched(),
    //   then call handshake_step() again.
    DWORD handshake_step();
    const RevocationCache::Fetch& revocation_fetch() const { return fetch_; }
    void revocation_fetched(DWORD error, std::string_view body);
    bool handshake_done() const { return state_ == State::Open; }

    // Transport. send(): after a would_block, call again with at least the same bytes in
    // front (the record was already sealed; it goes out before anything new). recv(): 0
    // bytes with ok() is the end of the stream (close_notify, or a close without it).
    io::IoResult send(const void* data, size_t len) override;
    io::IoResult recv(void* buf, size_t len) override;
    bool idle_usable() const override;
    // The direction the last kIoPending / would_block waits for.
    bool wants_write() const override { return wants_write_; }
    // Decrypted bytes buffered inside the session: readable without waiting for the fd.
    size_t pending() const;

    // Sends close_notify once, best effort, without blocking (the destructor calls it).
    void close_notify();

    // --- after a failed handshake_step()
    // WINHTTP_CALLBACK_STATUS_FLAG_* bits of the failure (those not ignored).
    DWORD failure_flags() const { return failure_flags_; }
    // The specific code for the first reason (REVOKED, INVALID_CA, CERT_DATE_INVALID,
    // CERT_CN_INVALID, CERT_WRONG_USAGE, CERT_REV_FAILED, INVALID_CERT, CHANNEL_ERROR in that
    // order), ERROR_SUCCESS if the failure was not about the certificate.
    DWORD cert_error() const;

    // --- after a successful handshake
    // Every problem found in the certificate, ignored ones included (FLAG_* bits).
    DWORD cert_problems() const { return cert_problems_; }
    bool resumed() const { return resumed_; }
    DWORD protocol() const;        // one WINHTTP_FLAG_SECURE_PROTOCOL_* bit, 0 before
    DWORD cipher_bits() const;     // the bulk cipher's key size in bits (128, 256)
    // SECURITY_FLAG_SECURE | SECURITY_FLAG_STRENGTH_* (STRONG from 128 bits, MEDIUM from 56,
    // else WEAK), as WINHTTP_OPTION_SECURITY_FLAGS reports on top of the ignore flags.
    DWORD strength_flags() const;
    std::string cipher_name() const;   // e.g. "AES-256-GCM"; for traces
    std::string alpn() const;          // the protocol the server selected, "" for none
    // The chain the peer sent, leaf first, as DER.
    std::vector<std::string> peer_chain() const;
    // The certification path of the peer's certificate (WINHTTP_OPTION_SERVER_CERT_CHAIN_CONTEXT
    // ends at the root on Windows); worked out once per session, shared with the requests.
    std::shared_ptr<const CertPath> cert_path() const;

private:
    enum class State { Handshake, Open, Failed, Closed };
    TlsSession() = default;
    DWORD fail(DWORD error, DWORD flags);
    DWORD finish_handshake();
    DWORD client_cert_refusal() const;   // the error a server's certificate request gets, if any
    DWORD revocation_problems();
    DWORD verify_peer();
    void save_session();
    friend struct TlsGlue;      // tls.cpp: the GnuTLS callbacks

    int fd_ = -1;
    unsigned long long fd_ino_ = 0;   // the socket's inode: tells whether fd_ is still ours
    void* session_ = nullptr;   // gnutls_session_t
    std::shared_ptr<TlsCredentials> creds_;
    TlsConfig cfg_;
    TlsCache* cache_ = nullptr;
    std::string cache_key_;
    State state_ = State::Handshake;
    bool wants_write_ = false;
    bool resumed_ = false;
    bool bye_sent_ = false;
    size_t send_pending_ = 0;   // bytes sealed into a record by a send() that would block
    int sock_errno_ = 0;        // the last errno the transport saw (0: none, or EAGAIN)
    DWORD failure_error_ = ERROR_SUCCESS;
    DWORD failure_flags_ = 0;
    DWORD cert_problems_ = 0;
    mutable std::shared_ptr<const CertPath> path_;
    bool verifying_ = false;   // the handshake is done; the verification waits for ...
    RevocationCache::Fetch fetch_;   // ... this (url empty: nothing)
};

} // namespace winhttp::io
