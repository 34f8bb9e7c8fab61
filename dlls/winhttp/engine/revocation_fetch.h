// Fetching revocation data a certificate names: a CRL from a distribution point (a plain HTTP/1.0
// GET of an http:// URL) or an OCSP response from a responder (a POST of the DER request),
// non-blocking from the name lookup to the end of the body, bounded in size, straight or through
// an HTTP proxy. The TLS handshake's revocation check uses it when WINHTTP_ENABLE_SSL_REVOCATION
// is set and nothing it holds covers the server's certificate (io/revocation_cache.h). The
// response head goes through the engine's parser (http_response.h).
#pragma once
#include "io/resolver.h"
#include "io/socket.h"
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace winhttp {

class RevocationFetch {
public:
    static constexpr size_t kMaxBody = 32u << 20;   // larger lists are refused

    // Splits an http:// URL: false for other schemes, a missing host, a bad port.
    static bool split_url(std::string_view url, std::string& host, uint16_t& port, std::string& path);

    // ERROR_SUCCESS with `out` ready to step, ERROR_WINHTTP_UNRECOGNIZED_SCHEME (not http://),
    // ERROR_WINHTTP_INVALID_URL, ERROR_WINHTTP_NAME_NOT_RESOLVED, ERROR_NOT_ENOUGH_MEMORY.
    // With `ocsp_request` non-empty it is POSTed as application/ocsp-request, else a GET. With a
    // `proxy_host` the request goes to that HTTP proxy (absolute-form target) instead.
    static DWORD start(std::string_view url, std::string_view ocsp_request, std::unique_ptr<RevocationFetch>& out,
                       std::string_view proxy_host = {}, uint16_t proxy_port = 0);
    RevocationFetch(const RevocationFetch&) = delete;
    RevocationFetch& operator=(const RevocationFetch&) = delete;

    // Moves the fetch on as far as it goes: kIoPending with the descriptor and the events
    // (io/reactor.h kReadable / kWritable) to wait for; ERROR_SUCCESS with body() holding a
    // 200 response's body; or ERROR_WINHTTP_CANNOT_CONNECT, ERROR_WINHTTP_NAME_NOT_RESOLVED,
    // ERROR_WINHTTP_CONNECTION_ERROR, ERROR_WINHTTP_INVALID_SERVER_RESPONSE (not a 200, or too
    // large). A Reactor watching a descriptor it returned must forget it before the fetch ends.
    DWORD step(int& fd, uint32_t& events);
    const std::string& body() const { return body_; }

private:
    RevocationFetch() = default;
    DWORD parse_response();
    DWORD connect_from_current();
    DWORD wait_connect(int& fd, uint32_t& events);

    enum class State { Resolving, Connecting, Sending, Receiving, Done };
    State state_ = State::Resolving;
    std::string host_, request_, body_;
    uint16_t port_ = 80;
    std::unique_ptr<io::Lookup> lookup_;
    std::vector<io::Address> addrs_;
    size_t addr_ = 0;
    io::Socket socket_;
    size_t sent_ = 0;
    std::string received_;
};

} // namespace winhttp
