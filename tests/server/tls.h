// Test server: HTTPS (GnuTLS). TlsServer holds what every connection shares (the server's
// certificate and key, the priority string, the client-certificate policy, the ticket key for
// resumption); TlsConn is one connection's TLS session over its blocking socket.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <sys/types.h>

namespace ts {

struct TlsOptions {
    std::string cert_file;          // --tls-cert: PEM chain, leaf first
    std::string key_file;           // --tls-key: PEM private key
    std::string priority;           // --tls-priority: GnuTLS priority string ("" = defaults)
    std::string client_ca_file;     // --tls-client-ca: require a client certificate it signed
    bool request_client_cert = false;   // --tls-request-client-cert: ask, do not require
};

class TlsConn;

class TlsServer {
public:
    ~TlsServer();
    TlsServer(const TlsServer &) = delete;
    TlsServer &operator=(const TlsServer &) = delete;

    // Loads the files; null with a message in `err` when something is wrong.
    static std::unique_ptr<TlsServer> create(const TlsOptions &opt, std::string &err);
    // Runs the server side of the handshake on `fd` (blocking, 10 s at most); null when it
    // failed (the caller closes the socket).
    std::unique_ptr<TlsConn> accept(int fd) const;

private:
    TlsServer() = default;
    struct Impl;
    Impl *impl_ = nullptr;
};

class TlsConn {
public:
    ~TlsConn();
    TlsConn(const TlsConn &) = delete;
    TlsConn &operator=(const TlsConn &) = delete;

    // > 0 bytes, 0 at the end of the stream (close_notify or a bare close), < 0 on error.
    ssize_t recv(char *buf, size_t n);
    // All n bytes, or false when the peer is gone.
    bool send_all(const char *p, size_t n);
    // Sends close_notify (best effort).
    void bye();
    // "TLS1.3" etc., the client certificate's subject DN ("" when none was sent).
    std::string protocol() const;
    std::string client_subject() const;
    bool resumed() const;   // the handshake resumed an earlier session

private:
    friend class TlsServer;
    TlsConn() = default;
    void *session_ = nullptr;   // gnutls_session_t
};

} // namespace ts
