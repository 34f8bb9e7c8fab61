// The three handle kinds of the HTTP API (session, connection, request) and the settings each
// inherits from its parent when it is created.
#pragma once
#include "engine/handles.h"
#include "engine/headers.h"
#include "engine/ustr.h"
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace winhttp {

class ConnectionPool;   // engine/pool.h
struct Transfer;        // engine/transfer.h
class Operation;        // engine/operation.h
namespace io { class TlsCache; struct CertPath; }   // io/tls.h
class CookieJar;        // engine/cookies.h

// Settings a child copies from its parent at creation (timeouts, limits, policies...).
// Values that Windows keeps per handle kind only live on that kind's object instead.
struct Settings {
    // Timeouts in milliseconds; 0 or 0xFFFFFFFF (as set) mean infinite where Windows says so.
    int resolve_timeout = 0;
    int connect_timeout = 60000;
    int send_timeout = 30000;
    int receive_timeout = 30000;
    DWORD receive_response_timeout = 90000;
    DWORD connect_retries = 5;
    DWORD redirect_policy = WINHTTP_OPTION_REDIRECT_POLICY_DISALLOW_HTTPS_TO_HTTP;
    DWORD max_http_automatic_redirects = 10;
    DWORD max_http_status_continue = 10;
    DWORD max_response_header_size = 64 * 1024;
    DWORD max_response_drain_size = 1024 * 1024;
    DWORD max_conns_per_server = 0xFFFFFFFF;
    DWORD max_conns_per_1_0_server = 0xFFFFFFFF;
    // Windows' default set, with TLS 1.3 where the system has it (as this backend does).
    DWORD secure_protocols = WINHTTP_FLAG_SECURE_PROTOCOL_TLS1 | WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_1 |
                             WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2 | WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_3;
    DWORD decompression = 0;
    DWORD enable_http_protocol = 0;
    DWORD autologon_policy = WINHTTP_AUTOLOGON_SECURITY_LEVEL_MEDIUM;
    DWORD codepage = 65001; // CP_UTF8
    DWORD security_flags = 0;
    DWORD disable_features = 0;
    DWORD enable_features = 0;
    BOOL assured_non_blocking_callbacks = FALSE;
    DWORD http2_keepalive = 0;
    DWORD unsafe_header_parsing = 0;
    BOOL ipv6_fast_fallback = FALSE;
    BOOL tcp_fast_open = FALSE;
    BOOL tls_false_start = FALSE;
    BOOL disable_secure_protocol_fallback = FALSE;
    BOOL disable_stream_queue = FALSE;
    BOOL require_stream_end = FALSE;
    DWORD web_socket_keepalive_interval = 30000;
    DWORD web_socket_close_timeout = 10000;
    DWORD web_socket_receive_buffer_size = 0;
    DWORD web_socket_send_buffer_size = 0;
    DWORD read_buffer_size = 8192;
    DWORD write_buffer_size = 8192;
    DWORD request_priority = 0;
    DWORD passport_auth = 0;
    DWORD spn = WINHTTP_DISABLE_SPN_SERVER_PORT;
    DWORD background_connections = 0;
    DWORD tcp_priority_hint = 0;
    BOOL reject_userpwd_in_url = FALSE;
    BOOL use_global_server_credentials = FALSE;
    BOOL receive_proxy_connect_response = FALSE;
    BOOL encode_extra = FALSE;
    BOOL http_protocol_required = FALSE;
    BOOL ignore_cert_revocation_offline = FALSE;
    BOOL tls_insecure_fallback = FALSE;
    BOOL http2_plus_client_cert = FALSE;
    BOOL disable_cert_chain_building = FALSE;
    BOOL first_available_connection = FALSE;
    BOOL http2_plus_transfer_encoding = FALSE;
    ULONG tcp_keepalive_on = 0, tcp_keepalive_time = 0, tcp_keepalive_interval = 0;
    u16string global_proxy_user, global_proxy_password;
    u16string global_server_user, global_server_password;
};

// A proxy as the session or request was told to use it.
struct ProxySettings {
    DWORD access_type = WINHTTP_ACCESS_TYPE_NO_PROXY;
    u16string proxy;   // list of proxies (WINHTTP_PROXY_INFO::lpszProxy)
    u16string bypass;  // bypass list
};

// Proxy configurations a front read from its host's own store at WinHttpOpen (the Wine front:
// Wine's registry); where present they take the place of the Linux sources (proxy_config.h).
struct HostProxy {
    bool has_default = false;   // the default (WinHTTP) configuration: NAMED_PROXY or NO_PROXY
    ProxySettings default_proxy;
    bool has_user = false;      // the user's (IE) proxy, when it names one
    ProxySettings user_proxy;
};

// Fills `p` from the default proxy configuration (WINHTTP_ACCESS_TYPE_DEFAULT_PROXY): the
// host's when `host` has one, else the Linux sources.
void load_default_proxy(ProxySettings& p, const HostProxy* host = nullptr);

class Session final : public Object {
public:
    static constexpr HandleType kType = HandleType::Session;
    Session() : Object(kType) {}

    u16string agent;
    DWORD open_flags = 0;            // WINHTTP_FLAG_ASYNC, WINHTTP_FLAG_SECURE_DEFAULTS
    ProxySettings proxy;
    HostProxy host_proxy;            // set at creation, read-only afterwards
    Settings settings;
    HANDLE unload_event = nullptr;   // WINHTTP_OPTION_UNLOAD_NOTIFY_EVENT
    std::shared_ptr<ConnectionPool> pool;   // the session's connection cache (engine/pool.h)
    std::shared_ptr<io::TlsCache> tls_cache; // TLS credentials and resumption data (io/tls.h)
    std::shared_ptr<CookieJar> cookies;      // cookies the session's responses set (cookies.h)
    bool async() const { return (open_flags & WINHTTP_FLAG_ASYNC) != 0; }
};

class Connect final : public Object {
public:
    static constexpr HandleType kType = HandleType::Connect;
    Connect() : Object(kType) {}

    Session* session() const { return static_cast<Session*>(parent); }
    u16string host;
    INTERNET_PORT port = 0;
    Settings settings;
    u16string username, password;   // WINHTTP_OPTION_USERNAME/PASSWORD set on the connection
};

// Where a request is in its life; options and calls check it (INCORRECT_HANDLE_STATE).
enum class RequestState {
    Opened,          // created, not sent
    Sending,         // WinHttpSendRequest in progress
    Sent,            // request sent, body may still be written
    ResponseReceived,// headers received
    Reading,         // body being read
    Done,            // body fully read
};

class Request final : public Object {
public:
    static constexpr HandleType kType = HandleType::Request;
    Request() : Object(kType) {}

    Connect* connect() const { return static_cast<Connect*>(parent); }
    Session* session() const { return connect()->session(); }

    u16string verb;          // "GET" when the caller passed NULL
    u16string path;          // object name as given ("/" when NULL)
    u16string version;       // "HTTP/1.1" unless given
    u16string referrer;
    std::vector<u16string> accept_types;
    DWORD open_flags = 0;    // WINHTTP_FLAG_SECURE, _ESCAPE_*, _BYPASS_PROXY_CACHE, _REFRESH, ...
    Settings settings;
    ProxySettings proxy;     // from the session unless WINHTTP_OPTION_PROXY sets it
    bool proxy_set = false;

    HeaderStore request_headers;     // what WinHttpAddRequestHeaders built
    HeaderStore sent_headers;        // the headers the last WinHttpSendRequest put on the wire
    bool headers_sent = false;       // ... and that queries of the request headers show
    HeaderStore response_headers;    // filled when the response arrives
    HeaderStore response_trailers;   // a chunked body's trailers, once the body was read
    bool trailers_ready = false;     // the body ended: WINHTTP_QUERY_FLAG_TRAILERS may be asked
    RequestState state = RequestState::Opened;
    std::shared_ptr<Transfer> transfer;   // connection and receive buffer once sent (transfer.h)

    u16string username, password, proxy_username, proxy_password;
    // WinHttpSetCredentials: per target (server, proxy) the scheme and the credentials.
    struct Credentials {
        DWORD scheme = 0;
        u16string user, password;
        bool set = false;
    } server_creds, proxy_creds;
    // The last 401 / 407 challenges (the header values), which the next sends answer with the
    // credentials above (Digest needs them; its nonce count goes on across requests).
    struct AuthState {
        std::vector<std::string> challenges;
        std::string nonce;
        uint32_t nc = 0;
    } server_auth, proxy_auth;
    u16string resolution_hostname;   // WINHTTP_OPTION_RESOLUTION_HOSTNAME
    DWORD_PTR connection_guid_set = 0;
    GUID connection_guid = {};
    bool match_connection_guid_set = false;
    WINHTTP_MATCH_CONNECTION_GUID match_connection_guid = {};
    BOOL client_cert_set = FALSE;
    const void* client_cert = nullptr; // the application's CERT_CONTEXT (TLS issue uses it)
    u16string client_cert_file, client_cert_password;   // WINHTTP_OPTION_LINUX_CLIENT_CERT_*
    // The application's CERT_CONTEXT as the Windows front exported it (client_cert.cpp): PEM
    // texts for the TLS client, or why its private key is not usable (ERROR_WINHTTP_CLIENT_CERT_*).
    std::string client_cert_pem, client_key_pem;
    DWORD client_cert_error = 0;
    bool upgrade_to_websocket = false;
    bool expire_connection = false;
    bool secure() const { return (open_flags & WINHTTP_FLAG_SECURE) != 0; }

    // The server the request goes to: the connection handle's, until a redirect to another
    // server (secure() and `path` follow redirects too). Guarded by `lock`.
    bool redirected = false;
    u16string redirect_host;
    INTERNET_PORT redirect_port = 0;
    DWORD redirects = 0;     // redirects followed for the current WinHttpSendRequest
    const u16string& target_host() const { return redirected ? redirect_host : connect()->host; }
    INTERNET_PORT target_port() const { return redirected ? redirect_port : connect()->port; }

    // What the TLS handshake of the request's connection negotiated (the security options
    // report it); `valid` once a secure request reached its server.
    struct TlsInfo {
        bool valid = false;
        DWORD protocol = 0;          // WINHTTP_FLAG_SECURE_PROTOCOL_*
        DWORD strength = 0;          // SECURITY_FLAG_SECURE | SECURITY_FLAG_STRENGTH_*
        DWORD cipher_bits = 0;
        DWORD cert_problems = 0;     // WINHTTP_CALLBACK_STATUS_FLAG_* found, ignored ones too
        std::shared_ptr<const io::CertPath> cert_path;   // the server's certificate first
    } tls;

    // The network operation running on this request (set and cleared by the operation, under
    // `op_lock`, which may be taken with `lock` held, never the other way); closing the handle
    // cancels it.
    std::mutex op_lock;
    Operation* active_op = nullptr;
    void closing() override;
};

} // namespace winhttp
