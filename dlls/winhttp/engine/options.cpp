// WinHttpSetOption and WinHttpQueryOption: one table saying, for every option, on which handle
// kinds it may be queried or set (guide/option-flags.md, "Remarks" table), then one function per
// direction that reads or writes the value with Windows' buffer protocol.
#include "engine/api.h"
#include "engine/cert_chain.h"
#include "engine/objects.h"
#include "engine/options.h"
#include "engine/proxy_config.h"
#include "io/certinfo.h"
#include "io/tls.h"
#include <cstring>
#include <new>

namespace winhttp {

ProcessOptions& process_options()
{
    static ProcessOptions* p = new ProcessOptions; // never destroyed (used during exit)
    return *p;
}

namespace {

// Where an option applies. `Null` is the NULL handle (process-wide options).
enum : unsigned { Ses = 1, Con = 2, Req = 4, Ws = 8, Null = 16, Any = Ses | Con | Req | Ws };

struct OptionDesc {
    DWORD id;
    unsigned query;  // handle kinds it can be queried on (0: set-only)
    unsigned set;    // handle kinds it can be set on (0: query-only)
};

// The option table. Connection handles accept only the generic options; timeouts can be read
// from them (they inherit the session's) but not set (Wine's tests pin this on Windows).
constexpr OptionDesc kOptions[] = {
    {WINHTTP_OPTION_CALLBACK, Any, Any},
    {WINHTTP_OPTION_RESOLVE_TIMEOUT, Ses | Con | Req, Ses | Req},
    {WINHTTP_OPTION_CONNECT_TIMEOUT, Ses | Con | Req, Ses | Req},
    {WINHTTP_OPTION_CONNECT_RETRIES, Ses | Con | Req, Ses | Req},
    {WINHTTP_OPTION_SEND_TIMEOUT, Ses | Con | Req, Ses | Req},
    {WINHTTP_OPTION_RECEIVE_TIMEOUT, Ses | Con | Req, Ses | Req},
    {WINHTTP_OPTION_RECEIVE_RESPONSE_TIMEOUT, Ses | Con | Req, Ses | Req},
    {WINHTTP_OPTION_HANDLE_TYPE, Any, 0},
    {WINHTTP_OPTION_READ_BUFFER_SIZE, Req, Req},
    {WINHTTP_OPTION_WRITE_BUFFER_SIZE, Req, Req},
    {WINHTTP_OPTION_PARENT_HANDLE, Any, 0},
    {WINHTTP_OPTION_EXTENDED_ERROR, Any | Null, 0},
    {WINHTTP_OPTION_SECURITY_FLAGS, Req, Req},
    {WINHTTP_OPTION_SECURITY_CERTIFICATE_STRUCT, Req, 0},
    {WINHTTP_OPTION_URL, Req, 0},
    {WINHTTP_OPTION_SECURITY_KEY_BITNESS, Req, 0},
    {WINHTTP_OPTION_PROXY, Ses | Req | Null, Ses | Req},
    {WINHTTP_OPTION_USER_AGENT, Ses, Ses},
    {WINHTTP_OPTION_CONTEXT_VALUE, Any, Any},
    {WINHTTP_OPTION_CLIENT_CERT_CONTEXT, 0, Req},
    {WINHTTP_OPTION_REQUEST_PRIORITY, Req, Req},
    {WINHTTP_OPTION_HTTP_VERSION, Ses | Req | Null, Ses | Req | Null},
    {WINHTTP_OPTION_DISABLE_FEATURE, 0, Req},
    {WINHTTP_OPTION_CODEPAGE, 0, Ses},
    {WINHTTP_OPTION_MAX_CONNS_PER_SERVER, Ses, Ses},
    {WINHTTP_OPTION_MAX_CONNS_PER_1_0_SERVER, Ses, Ses},
    {WINHTTP_OPTION_AUTOLOGON_POLICY, 0, Req},
    {WINHTTP_OPTION_SERVER_CERT_CONTEXT, Req, 0},
    {WINHTTP_OPTION_ENABLE_FEATURE, 0, Ses | Req},
    {WINHTTP_OPTION_WORKER_THREAD_COUNT, 0, Null},
    {WINHTTP_OPTION_PASSPORT_COBRANDING_TEXT, Req, 0},
    {WINHTTP_OPTION_PASSPORT_COBRANDING_URL, Req, 0},
    {WINHTTP_OPTION_CONFIGURE_PASSPORT_AUTH, 0, Ses},
    {WINHTTP_OPTION_SECURE_PROTOCOLS, 0, Ses},
    {WINHTTP_OPTION_ENABLETRACING, Null, Null},
    {WINHTTP_OPTION_PASSPORT_SIGN_OUT, 0, Ses},
    {WINHTTP_OPTION_PASSPORT_RETURN_URL, Req, 0},
    {WINHTTP_OPTION_REDIRECT_POLICY, Ses | Req, Ses | Req},
    {WINHTTP_OPTION_MAX_HTTP_AUTOMATIC_REDIRECTS, Ses | Req, Ses | Req},
    {WINHTTP_OPTION_MAX_HTTP_STATUS_CONTINUE, Ses | Req, Ses | Req},
    {WINHTTP_OPTION_MAX_RESPONSE_HEADER_SIZE, Ses | Req, Ses | Req},
    {WINHTTP_OPTION_MAX_RESPONSE_DRAIN_SIZE, Ses | Req, Ses | Req},
    {WINHTTP_OPTION_CONNECTION_INFO, Req, 0},
    {WINHTTP_OPTION_CLIENT_CERT_ISSUER_LIST, Req, 0},
    {WINHTTP_OPTION_SPN, 0, Req},
    {WINHTTP_OPTION_GLOBAL_PROXY_CREDS, 0, Ses | Req | Null},
    {WINHTTP_OPTION_GLOBAL_SERVER_CREDS, 0, Ses | Req | Null},
    {WINHTTP_OPTION_UNLOAD_NOTIFY_EVENT, 0, Ses},
    {WINHTTP_OPTION_REJECT_USERPWD_IN_URL, 0, Req},
    {WINHTTP_OPTION_USE_GLOBAL_SERVER_CREDENTIALS, 0, Ses | Req},
    {WINHTTP_OPTION_RECEIVE_PROXY_CONNECT_RESPONSE, 0, Ses | Req},
    {WINHTTP_OPTION_IS_PROXY_CONNECT_RESPONSE, Ses | Req, 0},
    {WINHTTP_OPTION_SERVER_SPN_USED, Req, 0},
    {WINHTTP_OPTION_PROXY_SPN_USED, Req, 0},
    {WINHTTP_OPTION_SERVER_CBT, Req, 0},
    {WINHTTP_OPTION_UNSAFE_HEADER_PARSING, 0, Req},
    {WINHTTP_OPTION_ASSURED_NON_BLOCKING_CALLBACKS, 0, Ses},
    {WINHTTP_OPTION_UPGRADE_TO_WEB_SOCKET, 0, Req},
    {WINHTTP_OPTION_WEB_SOCKET_CLOSE_TIMEOUT, Ses | Req | Ws, Ses | Req | Ws},
    {WINHTTP_OPTION_WEB_SOCKET_KEEPALIVE_INTERVAL, Ses | Req | Ws, Ses | Req | Ws},
    {WINHTTP_OPTION_DECOMPRESSION, 0, Ses | Req},
    {WINHTTP_OPTION_WEB_SOCKET_RECEIVE_BUFFER_SIZE, Ses | Req, Ses | Req},
    {WINHTTP_OPTION_WEB_SOCKET_SEND_BUFFER_SIZE, Ses | Req, Ses | Req},
    {WINHTTP_OPTION_TCP_PRIORITY_HINT, 0, Ses | Req},
    {WINHTTP_OPTION_CONNECTION_FILTER, 0, Ses | Req},
    {WINHTTP_OPTION_ENABLE_HTTP_PROTOCOL, 0, Ses | Req},
    {WINHTTP_OPTION_HTTP_PROTOCOL_USED, Req, 0},
    {WINHTTP_OPTION_KDC_PROXY_SETTINGS, 0, Ses | Req},
    {WINHTTP_OPTION_ENCODE_EXTRA, 0, Ses | Req},
    {WINHTTP_OPTION_DISABLE_STREAM_QUEUE, 0, Ses | Req},
    {WINHTTP_OPTION_IPV6_FAST_FALLBACK, 0, Ses},
    {WINHTTP_OPTION_CONNECTION_STATS_V0, Req, 0},
    {WINHTTP_OPTION_REQUEST_TIMES, Req, 0},
    {WINHTTP_OPTION_EXPIRE_CONNECTION, 0, Req},
    {WINHTTP_OPTION_DISABLE_SECURE_PROTOCOL_FALLBACK, 0, Ses},
    {WINHTTP_OPTION_HTTP_PROTOCOL_REQUIRED, 0, Ses | Req},
    {WINHTTP_OPTION_REQUEST_STATS, Req, 0},
    {WINHTTP_OPTION_SERVER_CERT_CHAIN_CONTEXT, Req, 0},
    {WINHTTP_OPTION_CONNECTION_STATS_V1, Req, 0},
    {WINHTTP_OPTION_SECURITY_INFO, Req, 0},
    {WINHTTP_OPTION_TCP_KEEPALIVE, 0, Ses},
    {WINHTTP_OPTION_TCP_FAST_OPEN, 0, Ses},
    {WINHTTP_OPTION_TLS_FALSE_START, 0, Ses},
    {WINHTTP_OPTION_IGNORE_CERT_REVOCATION_OFFLINE, 0, Req},
    {WINHTTP_OPTION_TLS_PROTOCOL_INSECURE_FALLBACK, 0, Ses},
    {WINHTTP_OPTION_STREAM_ERROR_CODE, Req, 0},
    {WINHTTP_OPTION_REQUIRE_STREAM_END, 0, Ses | Req},
    {WINHTTP_OPTION_ENABLE_HTTP2_PLUS_CLIENT_CERT, 0, Ses},
    {WINHTTP_OPTION_FAILED_CONNECTION_RETRIES, Req, 0},
    {WINHTTP_OPTION_HTTP2_KEEPALIVE, 0, Ses},
    {WINHTTP_OPTION_RESOLUTION_HOSTNAME, 0, Req},
    {WINHTTP_OPTION_SET_TOKEN_BINDING, 0, Req},
    {WINHTTP_OPTION_TOKEN_BINDING_PUBLIC_KEY, Req, 0},
    {WINHTTP_OPTION_REFERER_TOKEN_BINDING_HOSTNAME, 0, Req},
    {WINHTTP_OPTION_DISABLE_CERT_CHAIN_BUILDING, 0, Ses},
    {WINHTTP_OPTION_BACKGROUND_CONNECTIONS, 0, Ses},
    {WINHTTP_OPTION_FIRST_AVAILABLE_CONNECTION, 0, Ses},
    {WINHTTP_OPTION_HTTP2_PLUS_TRANSFER_ENCODING, 0, Ses | Req},
    {WINHTTP_OPTION_CONNECTION_GUID, Req, Req},
    {WINHTTP_OPTION_MATCH_CONNECTION_GUID, 0, Req},
    {WINHTTP_OPTION_USERNAME, Req, Req},
    {WINHTTP_OPTION_PASSWORD, Req, Req},
    {WINHTTP_OPTION_PROXY_USERNAME, Req, Req},
    {WINHTTP_OPTION_PROXY_PASSWORD, Req, Req},
    {WINHTTP_OPTION_LINUX_CLIENT_CERT_FILE, 0, Req},
    {WINHTTP_OPTION_LINUX_CLIENT_CERT_PASSWORD, 0, Req},
};

const OptionDesc* find_option(DWORD id)
{
    for (const OptionDesc& d : kOptions)
        if (d.id == id) return &d;
    return nullptr;
}

unsigned kind_bit(HandleType t)
{
    switch (t) {
    case HandleType::Session: return Ses;
    case HandleType::Connect: return Con;
    case HandleType::Request: return Req;
    case HandleType::WebSocket: return Ws;
    default: return 0;
    }
}

Settings* settings_of(Object* o)
{
    switch (o->type) {
    case HandleType::Session: return &static_cast<Session*>(o)->settings;
    case HandleType::Connect: return &static_cast<Connect*>(o)->settings;
    case HandleType::Request: return &static_cast<Request*>(o)->settings;
    default: return nullptr;
    }
}

// ---- query helpers: the buffer protocol (needed size on ERROR_INSUFFICIENT_BUFFER)

BOOL out_bytes(Call& c, const void* v, DWORD size, void* buf, DWORD* len)
{
    if (!buf || *len < size) {
        *len = size;
        return c.fail(ERROR_INSUFFICIENT_BUFFER);
    }
    std::memcpy(buf, v, size);
    *len = size;
    return TRUE;
}

BOOL out_dword(Call& c, DWORD v, void* buf, DWORD* len) { return out_bytes(c, &v, sizeof v, buf, len); }
BOOL out_timeout(Call& c, int v, void* buf, DWORD* len) { return out_dword(c, static_cast<DWORD>(v), buf, len); }

BOOL out_wstr(Call& c, u16view s, void* buf, DWORD* len)
{
    DWORD e = copy_out_wstr(s, buf, len);
    return e ? c.fail(e) : TRUE;
}

// WINHTTP_OPTION_HTTP_VERSION is process-wide whichever handle it is read or set through.
BOOL out_http_version(Call& c, void* buf, DWORD* len)
{
    ProcessOptions& po = process_options();
    HTTP_VERSION_INFO v{};
    {
        std::lock_guard<std::mutex> g(po.lock);
        v.dwMajorVersion = po.http_major;
        v.dwMinorVersion = po.http_minor;
    }
    return out_bytes(c, &v, sizeof v, buf, len);
}

BOOL set_http_version(Call& c, const void* buf, DWORD len)
{
    if (!buf) return c.fail(ERROR_INVALID_PARAMETER);
    if (len < sizeof(HTTP_VERSION_INFO)) return c.fail(ERROR_INSUFFICIENT_BUFFER);
    HTTP_VERSION_INFO hv;
    std::memcpy(&hv, buf, sizeof hv);
    ProcessOptions& po = process_options();
    std::lock_guard<std::mutex> g(po.lock);
    po.http_major = hv.dwMajorVersion;
    po.http_minor = hv.dwMinorVersion;
    return TRUE;
}

// ---- set helpers

// DWORD-sized values: a NULL buffer is a bad parameter, any length but sizeof(DWORD) too small
// (Wine's test_QueryOption pins ERROR_INSUFFICIENT_BUFFER for sizeof(DWORD)-1 and +1 alike).
bool in_dword(Call& c, const void* buf, DWORD len, DWORD& v)
{
    if (!buf) { c.error = ERROR_INVALID_PARAMETER; return false; }
    if (len != sizeof(DWORD)) { c.error = ERROR_INSUFFICIENT_BUFFER; return false; }
    std::memcpy(&v, buf, sizeof v);
    return true;
}

// String options take their length in characters; the string may also end earlier at a NUL.
bool in_wstr(Call& c, const void* buf, DWORD len, u16string& out)
{
    if (!buf) {
        if (len) { c.error = ERROR_INVALID_PARAMETER; return false; }
        out.clear();
        return true;
    }
    const char16_t* s = static_cast<const char16_t*>(buf);
    size_t n = 0;
    while (n < len && s[n]) n++;
    out.assign(s, n);
    return true;
}

// The URL a request will fetch, as WINHTTP_OPTION_URL reports it.
u16string request_url(Request& r)
{
    bool secure = r.secure();
    u16string url = secure ? u"https://" : u"http://";
    url += r.target_host();
    INTERNET_PORT port = r.target_port();
    if (port == INTERNET_DEFAULT_PORT) port = secure ? INTERNET_DEFAULT_HTTPS_PORT : INTERNET_DEFAULT_HTTP_PORT;
    if (port != (secure ? INTERNET_DEFAULT_HTTPS_PORT : INTERNET_DEFAULT_HTTP_PORT)) {
        url += u':';
        std::string p = std::to_string(port);
        url.append(p.begin(), p.end());
    }
    if (r.path.empty() || r.path[0] != u'/') url += u'/';
    url += r.path;
    return url;
}

// Copies a proxy description out as a WINHTTP_PROXY_INFO whose strings the caller frees.
BOOL out_proxy(Call& c, const ProxySettings& p, void* buf, DWORD* len)
{
    if (!buf || *len < sizeof(WINHTTP_PROXY_INFO)) {
        *len = sizeof(WINHTTP_PROXY_INFO);
        return c.fail(ERROR_INSUFFICIENT_BUFFER);
    }
    auto dup = [](const u16string& s) -> LPWSTR {
        if (s.empty()) return nullptr;
        auto* m = static_cast<char16_t*>(global_alloc((s.size() + 1) * sizeof(char16_t)));
        if (!m) return nullptr;
        std::memcpy(m, s.data(), s.size() * sizeof(char16_t));
        m[s.size()] = 0;
        return reinterpret_cast<LPWSTR>(m);
    };
    WINHTTP_PROXY_INFO info{};
    info.dwAccessType = p.access_type == WINHTTP_ACCESS_TYPE_NAMED_PROXY ? WINHTTP_ACCESS_TYPE_NAMED_PROXY
                                                                        : WINHTTP_ACCESS_TYPE_NO_PROXY;
    if (info.dwAccessType == WINHTTP_ACCESS_TYPE_NAMED_PROXY) {
        info.lpszProxy = dup(p.proxy);
        info.lpszProxyBypass = dup(p.bypass);
        if ((!p.proxy.empty() && !info.lpszProxy) || (!p.bypass.empty() && !info.lpszProxyBypass))
            return c.fail(ERROR_NOT_ENOUGH_MEMORY);
    }
    std::memcpy(buf, &info, sizeof info);
    *len = sizeof info;
    return TRUE;
}

bool request_sent(const Request& r) { return r.state != RequestState::Opened; }

// ---- query: value of one option on one object (lock held)

BOOL query_value(Call& c, Object* o, DWORD option, void* buf, DWORD* len)
{
    Settings* st = settings_of(o);
    Request* req = o->type == HandleType::Request ? static_cast<Request*>(o) : nullptr;
    Session* ses = o->type == HandleType::Session ? static_cast<Session*>(o) : nullptr;

    switch (option) {
    case WINHTTP_OPTION_CALLBACK: {
        void* p = reinterpret_cast<void*>(o->callback);
        return out_bytes(c, &p, sizeof p, buf, len);
    }
    case WINHTTP_OPTION_CONTEXT_VALUE: return out_bytes(c, &o->context, sizeof o->context, buf, len);
    case WINHTTP_OPTION_HANDLE_TYPE: return out_dword(c, handle_type_option_value(o->type), buf, len);
    case WINHTTP_OPTION_PARENT_HANDLE: {
        HINTERNET p = o->parent ? o->parent->handle : nullptr;
        return out_bytes(c, &p, sizeof p, buf, len);
    }
    case WINHTTP_OPTION_EXTENDED_ERROR: return out_dword(c, 0, buf, len);
    case WINHTTP_OPTION_RESOLVE_TIMEOUT: return out_timeout(c, st->resolve_timeout, buf, len);
    case WINHTTP_OPTION_CONNECT_TIMEOUT: return out_timeout(c, st->connect_timeout, buf, len);
    case WINHTTP_OPTION_SEND_TIMEOUT: return out_timeout(c, st->send_timeout, buf, len);
    case WINHTTP_OPTION_RECEIVE_TIMEOUT: return out_timeout(c, st->receive_timeout, buf, len);
    case WINHTTP_OPTION_RECEIVE_RESPONSE_TIMEOUT: return out_dword(c, st->receive_response_timeout, buf, len);
    case WINHTTP_OPTION_CONNECT_RETRIES: return out_dword(c, st->connect_retries, buf, len);
    case WINHTTP_OPTION_REDIRECT_POLICY: return out_dword(c, st->redirect_policy, buf, len);
    case WINHTTP_OPTION_MAX_HTTP_AUTOMATIC_REDIRECTS: return out_dword(c, st->max_http_automatic_redirects, buf, len);
    case WINHTTP_OPTION_MAX_HTTP_STATUS_CONTINUE: return out_dword(c, st->max_http_status_continue, buf, len);
    case WINHTTP_OPTION_MAX_RESPONSE_HEADER_SIZE: return out_dword(c, st->max_response_header_size, buf, len);
    case WINHTTP_OPTION_MAX_RESPONSE_DRAIN_SIZE: return out_dword(c, st->max_response_drain_size, buf, len);
    case WINHTTP_OPTION_MAX_CONNS_PER_SERVER: return out_dword(c, st->max_conns_per_server, buf, len);
    case WINHTTP_OPTION_MAX_CONNS_PER_1_0_SERVER: return out_dword(c, st->max_conns_per_1_0_server, buf, len);
    case WINHTTP_OPTION_WEB_SOCKET_CLOSE_TIMEOUT: return out_dword(c, st->web_socket_close_timeout, buf, len);
    case WINHTTP_OPTION_WEB_SOCKET_KEEPALIVE_INTERVAL: return out_dword(c, st->web_socket_keepalive_interval, buf, len);
    case WINHTTP_OPTION_WEB_SOCKET_RECEIVE_BUFFER_SIZE: return out_dword(c, st->web_socket_receive_buffer_size, buf, len);
    case WINHTTP_OPTION_WEB_SOCKET_SEND_BUFFER_SIZE: return out_dword(c, st->web_socket_send_buffer_size, buf, len);
    case WINHTTP_OPTION_READ_BUFFER_SIZE: return out_dword(c, st->read_buffer_size, buf, len);
    case WINHTTP_OPTION_WRITE_BUFFER_SIZE: return out_dword(c, st->write_buffer_size, buf, len);
    case WINHTTP_OPTION_REQUEST_PRIORITY: return out_dword(c, st->request_priority, buf, len);
    case WINHTTP_OPTION_IS_PROXY_CONNECT_RESPONSE: return out_dword(c, FALSE, buf, len);
    case WINHTTP_OPTION_HTTP_VERSION: return out_http_version(c, buf, len);
    case WINHTTP_OPTION_USER_AGENT: return out_wstr(c, ses->agent, buf, len);
    case WINHTTP_OPTION_PROXY: return out_proxy(c, ses ? ses->proxy : req->proxy, buf, len);
    case WINHTTP_OPTION_URL: return out_wstr(c, request_url(*req), buf, len);
    case WINHTTP_OPTION_USERNAME: return out_wstr(c, req->username, buf, len);
    case WINHTTP_OPTION_PASSWORD: return out_wstr(c, req->password, buf, len);
    case WINHTTP_OPTION_PROXY_USERNAME: return out_wstr(c, req->proxy_username, buf, len);
    case WINHTTP_OPTION_PROXY_PASSWORD: return out_wstr(c, req->proxy_password, buf, len);
    // The ignore flags set, and once the handshake was made what it achieved
    // (SECURITY_FLAG_SECURE and the strength).
    case WINHTTP_OPTION_SECURITY_FLAGS: return out_dword(c, st->security_flags | (req->tls.valid ? req->tls.strength : 0), buf, len);
    case WINHTTP_OPTION_SECURITY_KEY_BITNESS:
        if (!req->tls.valid) return c.fail(ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
        return out_dword(c, req->tls.cipher_bits, buf, len);
    case WINHTTP_OPTION_SECURITY_CERTIFICATE_STRUCT: {
        if (!buf || *len < sizeof(WINHTTP_CERTIFICATE_INFO)) {
            *len = sizeof(WINHTTP_CERTIFICATE_INFO);
            return c.fail(ERROR_INSUFFICIENT_BUFFER);
        }
        if (!req->tls.valid || !req->tls.cert_path || req->tls.cert_path->certs.empty())
            return c.fail(ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
        io::CertInfo ci;
        if (DWORD e = io::cert_info_from_der(req->tls.cert_path->certs[0], ci)) return c.fail(e);
        // Strings the caller frees (LocalFree on Windows; free() natively, the Wine front
        // moves them to Windows memory).
        auto dup = [](const u16string& s) {
            auto* p = static_cast<WCHAR*>(global_alloc((s.size() + 1) * sizeof(WCHAR)));
            if (p) std::memcpy(p, s.c_str(), (s.size() + 1) * sizeof(WCHAR));
            return p;
        };
        WINHTTP_CERTIFICATE_INFO info{};
        info.ftExpiry = ci.not_after;
        info.ftStart = ci.not_before;
        info.lpszSubjectInfo = dup(ci.subject);
        info.lpszIssuerInfo = dup(ci.issuer);
        // The cipher's key size, as Wine reports it; the name fields stay NULL as on Windows.
        info.dwKeySize = req->tls.cipher_bits;
        if (!info.lpszSubjectInfo || !info.lpszIssuerInfo) {
            global_free(info.lpszSubjectInfo);
            global_free(info.lpszIssuerInfo);
            return c.fail(ERROR_NOT_ENOUGH_MEMORY);
        }
        std::memcpy(buf, &info, sizeof info);
        *len = sizeof info;
        return TRUE;
    }
    case WINHTTP_OPTION_HTTP_PROTOCOL_USED: return out_dword(c, 0, buf, len); // HTTP/1.x only
    case WINHTTP_OPTION_CONNECTION_GUID: return out_bytes(c, &req->connection_guid, sizeof(GUID), buf, len);
    case WINHTTP_OPTION_CONNECTION_INFO:
        // Size first, then state (WINHTTP_CONNECTION_INFO exists only once a connection does).
        if (!buf || *len < sizeof(WINHTTP_CONNECTION_INFO)) {
            *len = sizeof(WINHTTP_CONNECTION_INFO);
            return c.fail(ERROR_INSUFFICIENT_BUFFER);
        }
        return c.fail(ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
    // Everything that describes a connection, a TLS session or a finished exchange: nothing to
    // report before the request went out.
    case WINHTTP_OPTION_SERVER_CERT_CONTEXT: {
        // The server's certificate: natively a CERT_CONTEXT-shaped block with the DER after it
        // (one allocation the caller frees); the Wine front turns it into crypt32's CERT_CONTEXT.
        if (!buf || *len < sizeof(void*)) {
            *len = sizeof(void*);
            return c.fail(ERROR_INSUFFICIENT_BUFFER);
        }
        if (!req->tls.valid || !req->tls.cert_path || req->tls.cert_path->certs.empty())
            return c.fail(ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
        const std::string& der = req->tls.cert_path->certs[0];
        auto* cert = static_cast<CERT_CONTEXT*>(global_alloc(sizeof(CERT_CONTEXT) + der.size()));
        if (!cert) return c.fail(ERROR_NOT_ENOUGH_MEMORY);
        cert->dwCertEncodingType = X509_ASN_ENCODING | PKCS_7_ASN_ENCODING;
        cert->pbCertEncoded = reinterpret_cast<BYTE*>(cert + 1);
        cert->cbCertEncoded = static_cast<DWORD>(der.size());
        cert->pCertInfo = nullptr;
        cert->hCertStore = nullptr;
        std::memcpy(cert->pbCertEncoded, der.data(), der.size());
        std::memcpy(buf, &cert, sizeof cert);
        *len = sizeof(void*);
        return TRUE;
    }
    case WINHTTP_OPTION_SERVER_CERT_CHAIN_CONTEXT: {
        // Size first, then state, as for WINHTTP_OPTION_CONNECTION_INFO. Natively one
        // CERT_CHAIN_CONTEXT-shaped block the caller frees; the Wine front turns it into
        // crypt32's chain (CertFreeCertificateChain).
        DWORD need = DWORD(sizeof(void*));
        if (!buf || *len < need) {
            *len = need;
            return c.fail(ERROR_INSUFFICIENT_BUFFER);
        }
        if (!req->tls.valid || !req->tls.cert_path || req->tls.cert_path->certs.empty())
            return c.fail(ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
        CERT_CHAIN_CONTEXT* chain = make_chain_context(*req->tls.cert_path, req->tls.cert_problems);
        if (!chain) return c.fail(ERROR_NOT_ENOUGH_MEMORY);
        std::memcpy(buf, &chain, sizeof chain);
        *len = need;
        return TRUE;
    }
    case WINHTTP_OPTION_SECURITY_INFO:
    case WINHTTP_OPTION_CLIENT_CERT_ISSUER_LIST:
    case WINHTTP_OPTION_SERVER_CBT:
    case WINHTTP_OPTION_SERVER_SPN_USED:
    case WINHTTP_OPTION_PROXY_SPN_USED:
    case WINHTTP_OPTION_CONNECTION_STATS_V0:
    case WINHTTP_OPTION_CONNECTION_STATS_V1:
    case WINHTTP_OPTION_REQUEST_TIMES:
    case WINHTTP_OPTION_REQUEST_STATS:
    case WINHTTP_OPTION_STREAM_ERROR_CODE:
    case WINHTTP_OPTION_FAILED_CONNECTION_RETRIES:
    case WINHTTP_OPTION_TOKEN_BINDING_PUBLIC_KEY:
    case WINHTTP_OPTION_PASSPORT_COBRANDING_TEXT:
    case WINHTTP_OPTION_PASSPORT_COBRANDING_URL:
    case WINHTTP_OPTION_PASSPORT_RETURN_URL:
        return c.fail(ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
    default:
        return c.fail(ERROR_WINHTTP_INVALID_OPTION);
    }
}

// ---- set: one option on one object (lock held)

BOOL set_dword_field(Call& c, const void* buf, DWORD len, DWORD& field)
{
    DWORD v;
    if (!in_dword(c, buf, len, v)) return FALSE;
    field = v;
    return TRUE;
}

BOOL set_bool_field(Call& c, const void* buf, DWORD len, BOOL& field)
{
    DWORD v;
    if (!in_dword(c, buf, len, v)) return FALSE;
    field = v ? TRUE : FALSE;
    return TRUE;
}

BOOL set_timeout_field(Call& c, const void* buf, DWORD len, int& field)
{
    DWORD v;
    if (!in_dword(c, buf, len, v)) return FALSE;
    field = static_cast<int>(v);
    return TRUE;
}

BOOL set_value(Call& c, Object* o, DWORD option, void* buf, DWORD len)
{
    Settings* st = settings_of(o);
    Request* req = o->type == HandleType::Request ? static_cast<Request*>(o) : nullptr;
    Session* ses = o->type == HandleType::Session ? static_cast<Session*>(o) : nullptr;
    DWORD v = 0;

    switch (option) {
    case WINHTTP_OPTION_CALLBACK: {
        if (!buf) return c.fail(ERROR_INVALID_PARAMETER);
        if (len < sizeof(void*)) return c.fail(ERROR_INSUFFICIENT_BUFFER);
        void* p;
        std::memcpy(&p, buf, sizeof p);
        o->callback = reinterpret_cast<WINHTTP_STATUS_CALLBACK>(p);
        return TRUE;
    }
    case WINHTTP_OPTION_CONTEXT_VALUE:
        if (!buf) return c.fail(ERROR_INVALID_PARAMETER);
        if (len < sizeof(DWORD_PTR)) return c.fail(ERROR_INSUFFICIENT_BUFFER);
        std::memcpy(&o->context, buf, sizeof(DWORD_PTR));
        return TRUE;
    case WINHTTP_OPTION_RESOLVE_TIMEOUT: return set_timeout_field(c, buf, len, st->resolve_timeout);
    case WINHTTP_OPTION_CONNECT_TIMEOUT: return set_timeout_field(c, buf, len, st->connect_timeout);
    case WINHTTP_OPTION_SEND_TIMEOUT: return set_timeout_field(c, buf, len, st->send_timeout);
    case WINHTTP_OPTION_RECEIVE_TIMEOUT: return set_timeout_field(c, buf, len, st->receive_timeout);
    case WINHTTP_OPTION_RECEIVE_RESPONSE_TIMEOUT: return set_dword_field(c, buf, len, st->receive_response_timeout);
    case WINHTTP_OPTION_CONNECT_RETRIES: return set_dword_field(c, buf, len, st->connect_retries);
    case WINHTTP_OPTION_MAX_HTTP_AUTOMATIC_REDIRECTS: return set_dword_field(c, buf, len, st->max_http_automatic_redirects);
    case WINHTTP_OPTION_MAX_HTTP_STATUS_CONTINUE: return set_dword_field(c, buf, len, st->max_http_status_continue);
    case WINHTTP_OPTION_MAX_RESPONSE_HEADER_SIZE: return set_dword_field(c, buf, len, st->max_response_header_size);
    case WINHTTP_OPTION_MAX_RESPONSE_DRAIN_SIZE: return set_dword_field(c, buf, len, st->max_response_drain_size);
    case WINHTTP_OPTION_READ_BUFFER_SIZE: return set_dword_field(c, buf, len, st->read_buffer_size);
    case WINHTTP_OPTION_WRITE_BUFFER_SIZE: return set_dword_field(c, buf, len, st->write_buffer_size);
    case WINHTTP_OPTION_REQUEST_PRIORITY: return set_dword_field(c, buf, len, st->request_priority);
    case WINHTTP_OPTION_CODEPAGE: return set_dword_field(c, buf, len, st->codepage);
    case WINHTTP_OPTION_CONFIGURE_PASSPORT_AUTH: return set_dword_field(c, buf, len, st->passport_auth);
    case WINHTTP_OPTION_UNSAFE_HEADER_PARSING: return set_dword_field(c, buf, len, st->unsafe_header_parsing);
    case WINHTTP_OPTION_SPN: return set_dword_field(c, buf, len, st->spn);
    case WINHTTP_OPTION_WEB_SOCKET_CLOSE_TIMEOUT: return set_dword_field(c, buf, len, st->web_socket_close_timeout);
    case WINHTTP_OPTION_WEB_SOCKET_RECEIVE_BUFFER_SIZE: return set_dword_field(c, buf, len, st->web_socket_receive_buffer_size);
    case WINHTTP_OPTION_WEB_SOCKET_SEND_BUFFER_SIZE: return set_dword_field(c, buf, len, st->web_socket_send_buffer_size);
    case WINHTTP_OPTION_HTTP2_KEEPALIVE:
        if (!in_dword(c, buf, len, v)) return FALSE;
        if (v < 5000) return c.fail(ERROR_INVALID_PARAMETER); // the documented minimum
        st->http2_keepalive = v;
        return TRUE;
    case WINHTTP_OPTION_BACKGROUND_CONNECTIONS: return set_dword_field(c, buf, len, st->background_connections);
    case WINHTTP_OPTION_ASSURED_NON_BLOCKING_CALLBACKS: return set_bool_field(c, buf, len, st->assured_non_blocking_callbacks);
    case WINHTTP_OPTION_REJECT_USERPWD_IN_URL: return set_bool_field(c, buf, len, st->reject_userpwd_in_url);
    case WINHTTP_OPTION_USE_GLOBAL_SERVER_CREDENTIALS: return set_bool_field(c, buf, len, st->use_global_server_credentials);
    case WINHTTP_OPTION_RECEIVE_PROXY_CONNECT_RESPONSE: return set_bool_field(c, buf, len, st->receive_proxy_connect_response);
    case WINHTTP_OPTION_ENCODE_EXTRA: return set_bool_field(c, buf, len, st->encode_extra);
    case WINHTTP_OPTION_DISABLE_STREAM_QUEUE: return set_bool_field(c, buf, len, st->disable_stream_queue);
    case WINHTTP_OPTION_IPV6_FAST_FALLBACK: return set_bool_field(c, buf, len, st->ipv6_fast_fallback);
    case WINHTTP_OPTION_DISABLE_SECURE_PROTOCOL_FALLBACK: return set_bool_field(c, buf, len, st->disable_secure_protocol_fallback);
    case WINHTTP_OPTION_HTTP_PROTOCOL_REQUIRED: return set_bool_field(c, buf, len, st->http_protocol_required);
    case WINHTTP_OPTION_TCP_FAST_OPEN: return set_bool_field(c, buf, len, st->tcp_fast_open);
    case WINHTTP_OPTION_TLS_FALSE_START: return set_bool_field(c, buf, len, st->tls_false_start);
    case WINHTTP_OPTION_IGNORE_CERT_REVOCATION_OFFLINE: return set_bool_field(c, buf, len, st->ignore_cert_revocation_offline);
    case WINHTTP_OPTION_TLS_PROTOCOL_INSECURE_FALLBACK: return set_bool_field(c, buf, len, st->tls_insecure_fallback);
    case WINHTTP_OPTION_REQUIRE_STREAM_END: return set_bool_field(c, buf, len, st->require_stream_end);
    case WINHTTP_OPTION_ENABLE_HTTP2_PLUS_CLIENT_CERT: return set_bool_field(c, buf, len, st->http2_plus_client_cert);
    case WINHTTP_OPTION_DISABLE_CERT_CHAIN_BUILDING: return set_bool_field(c, buf, len, st->disable_cert_chain_building);
    case WINHTTP_OPTION_FIRST_AVAILABLE_CONNECTION: return set_bool_field(c, buf, len, st->first_available_connection);
    case WINHTTP_OPTION_HTTP2_PLUS_TRANSFER_ENCODING: return set_bool_field(c, buf, len, st->http2_plus_transfer_encoding);
    case WINHTTP_OPTION_TCP_PRIORITY_HINT: return set_dword_field(c, buf, len, st->tcp_priority_hint);

    case WINHTTP_OPTION_REDIRECT_POLICY:
        if (!in_dword(c, buf, len, v)) return FALSE;
        if (v > WINHTTP_OPTION_REDIRECT_POLICY_LAST) return c.fail(ERROR_INVALID_PARAMETER);
        st->redirect_policy = v;
        return TRUE;
    case WINHTTP_OPTION_MAX_CONNS_PER_SERVER:
    case WINHTTP_OPTION_MAX_CONNS_PER_1_0_SERVER:
        if (!in_dword(c, buf, len, v)) return FALSE;
        if (!v) v = 2; // option-flags.md: zero sets the limit to 2
        (option == WINHTTP_OPTION_MAX_CONNS_PER_SERVER ? st->max_conns_per_server : st->max_conns_per_1_0_server) = v;
        return TRUE;
    case WINHTTP_OPTION_AUTOLOGON_POLICY:
        if (!in_dword(c, buf, len, v)) return FALSE;
        if (v > WINHTTP_AUTOLOGON_SECURITY_LEVEL_HIGH) return c.fail(ERROR_INVALID_PARAMETER);
        st->autologon_policy = v;
        return TRUE;
    case WINHTTP_OPTION_WEB_SOCKET_KEEPALIVE_INTERVAL:
        if (!in_dword(c, buf, len, v)) return FALSE;
        if (v < 15000) return c.fail(ERROR_INVALID_PARAMETER); // the documented minimum
        st->web_socket_keepalive_interval = v;
        return TRUE;
    case WINHTTP_OPTION_SECURITY_FLAGS: {
        // Only the IGNORE_* flags can be set (what Wine's tests show Windows accepting).
        constexpr DWORD accepted = SECURITY_FLAG_IGNORE_UNKNOWN_CA | SECURITY_FLAG_IGNORE_CERT_DATE_INVALID |
                                   SECURITY_FLAG_IGNORE_CERT_CN_INVALID | SECURITY_FLAG_IGNORE_CERT_WRONG_USAGE;
        if (!in_dword(c, buf, len, v)) return FALSE;
        if (v & ~accepted) return c.fail(ERROR_INVALID_PARAMETER);
        st->security_flags = v;
        return TRUE;
    }
    case WINHTTP_OPTION_SECURE_PROTOCOLS: {
        constexpr DWORD all = WINHTTP_FLAG_SECURE_PROTOCOL_SSL2 | WINHTTP_FLAG_SECURE_PROTOCOL_SSL3 |
                              WINHTTP_FLAG_SECURE_PROTOCOL_TLS1 | WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_1 |
                              WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2 | WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_3;
        constexpr DWORD legacy = all & ~(WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2 | WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_3);
        if (!in_dword(c, buf, len, v)) return FALSE;
        if (v & ~all) return c.fail(ERROR_INVALID_PARAMETER);
        // WINHTTP_FLAG_SECURE_DEFAULTS forbids turning older protocols on (WinHttpOpen page).
        if (ses && (ses->open_flags & WINHTTP_FLAG_SECURE_DEFAULTS) && (v & legacy))
            return c.fail(ERROR_ACCESS_DENIED);
        st->secure_protocols = v;
        return TRUE;
    }
    case WINHTTP_OPTION_DISABLE_FEATURE: {
        constexpr DWORD known = WINHTTP_DISABLE_COOKIES | WINHTTP_DISABLE_REDIRECTS |
                                WINHTTP_DISABLE_AUTHENTICATION | WINHTTP_DISABLE_KEEP_ALIVE;
        if (!in_dword(c, buf, len, v)) return FALSE;
        // Unknown bits are ignored, not refused (Wine's test_QueryOption sets 0xffffffff).
        st->disable_features |= v & known;
        return TRUE;
    }
    case WINHTTP_OPTION_ENABLE_FEATURE: {
        // Revocation is a request feature, reverting impersonation a session one (option-flags).
        DWORD allowed = req ? WINHTTP_ENABLE_SSL_REVOCATION : WINHTTP_ENABLE_SSL_REVERT_IMPERSONATION;
        if (!in_dword(c, buf, len, v)) return FALSE;
        if (v & ~allowed) return c.fail(ERROR_INVALID_PARAMETER);
        st->enable_features |= v;
        return TRUE;
    }
    case WINHTTP_OPTION_DECOMPRESSION:
        if (!in_dword(c, buf, len, v)) return FALSE;
        if (v & ~WINHTTP_DECOMPRESSION_FLAG_ALL) return c.fail(ERROR_INVALID_PARAMETER);
        st->decompression = v;
        return TRUE;
    case WINHTTP_OPTION_ENABLE_HTTP_PROTOCOL:
        if (!in_dword(c, buf, len, v)) return FALSE;
        if (v & ~(WINHTTP_PROTOCOL_FLAG_HTTP2 | WINHTTP_PROTOCOL_FLAG_HTTP3)) return c.fail(ERROR_INVALID_PARAMETER);
        st->enable_http_protocol = v;
        return TRUE;
    case WINHTTP_OPTION_HTTP_VERSION: return set_http_version(c, buf, len);
    case WINHTTP_OPTION_TCP_KEEPALIVE: {
        // struct tcp_keepalive { ULONG onoff, keepalivetime, keepaliveinterval; }
        if (!buf) return c.fail(ERROR_INVALID_PARAMETER);
        if (len < 3 * sizeof(ULONG)) return c.fail(ERROR_INSUFFICIENT_BUFFER);
        ULONG ka[3];
        std::memcpy(ka, buf, sizeof ka);
        st->tcp_keepalive_on = ka[0];
        st->tcp_keepalive_time = ka[1];
        st->tcp_keepalive_interval = ka[2];
        return TRUE;
    }
    case WINHTTP_OPTION_USER_AGENT: {
        u16string s;
        if (!in_wstr(c, buf, len, s)) return FALSE;
        ses->agent = std::move(s);
        return TRUE;
    }
    case WINHTTP_OPTION_USERNAME: return in_wstr(c, buf, len, req->username);
    case WINHTTP_OPTION_PASSWORD: return in_wstr(c, buf, len, req->password);
    case WINHTTP_OPTION_PROXY_USERNAME: return in_wstr(c, buf, len, req->proxy_username);
    case WINHTTP_OPTION_PROXY_PASSWORD: return in_wstr(c, buf, len, req->proxy_password);
    case WINHTTP_OPTION_LINUX_CLIENT_CERT_FILE: return in_wstr(c, buf, len, req->client_cert_file);
    case WINHTTP_OPTION_LINUX_CLIENT_CERT_PASSWORD: return in_wstr(c, buf, len, req->client_cert_password);
    case WINHTTP_OPTION_RESOLUTION_HOSTNAME: return in_wstr(c, buf, len, req->resolution_hostname);
    case WINHTTP_OPTION_PROXY: {
        if (!buf) return c.fail(ERROR_INVALID_PARAMETER);
        if (len < sizeof(WINHTTP_PROXY_INFO)) return c.fail(ERROR_INSUFFICIENT_BUFFER);
        WINHTTP_PROXY_INFO pi;
        std::memcpy(&pi, buf, sizeof pi);
        ProxySettings p;
        p.access_type = pi.dwAccessType;
        switch (pi.dwAccessType) {
        case WINHTTP_ACCESS_TYPE_NO_PROXY:
            break;
        case WINHTTP_ACCESS_TYPE_NAMED_PROXY:
            if (!pi.lpszProxy || !*pi.lpszProxy) return c.fail(ERROR_INVALID_PARAMETER);
            p.proxy = pi.lpszProxy;
            if (pi.lpszProxyBypass) p.bypass = pi.lpszProxyBypass;
            break;
        case WINHTTP_ACCESS_TYPE_DEFAULT_PROXY:
            load_default_proxy(p);
            break;
        default:
            return c.fail(ERROR_INVALID_PARAMETER);
        }
        if (ses) ses->proxy = std::move(p);
        else { req->proxy = std::move(p); req->proxy_set = true; }
        return TRUE;
    }
    case WINHTTP_OPTION_CLIENT_CERT_CONTEXT:
        // WINHTTP_NO_CLIENT_CERT_CONTEXT (NULL, 0) says "go on without a certificate"; anything
        // else must be a whole CERT_CONTEXT (Wine's set_option checks the same).
        if (!buf ? len != 0 : len < sizeof(CERT_CONTEXT)) return c.fail(ERROR_INVALID_PARAMETER);
        req->client_cert_set = TRUE;
        req->client_cert = buf;
        // What the Windows front exported from an earlier certificate goes; a certificate has
        // no private key here until the Windows front hands over the one it exported
        // (client_cert.cpp), so natively a server asking for one gets this error.
        req->client_cert_pem.clear();
        req->client_key_pem.clear();
        req->client_cert_error = buf ? ERROR_WINHTTP_CLIENT_CERT_NO_PRIVATE_KEY : 0;
        return TRUE;
    case WINHTTP_OPTION_UPGRADE_TO_WEB_SOCKET:
        if (request_sent(*req)) return c.fail(ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
        req->upgrade_to_websocket = true;
        return TRUE;
    case WINHTTP_OPTION_EXPIRE_CONNECTION:
        // Only meaningful while the request is active on a connection.
        if (!request_sent(*req)) return c.fail(ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
        req->expire_connection = true;
        return TRUE;
    case WINHTTP_OPTION_CONNECTION_GUID:
        if (!buf) return c.fail(ERROR_INVALID_PARAMETER);
        if (len < sizeof(GUID)) return c.fail(ERROR_INSUFFICIENT_BUFFER);
        std::memcpy(&req->connection_guid, buf, sizeof(GUID));
        req->connection_guid_set = 1;
        return TRUE;
    case WINHTTP_OPTION_MATCH_CONNECTION_GUID:
        if (!buf) return c.fail(ERROR_INVALID_PARAMETER);
        if (len < sizeof(WINHTTP_MATCH_CONNECTION_GUID)) return c.fail(ERROR_INSUFFICIENT_BUFFER);
        std::memcpy(&req->match_connection_guid, buf, sizeof(WINHTTP_MATCH_CONNECTION_GUID));
        req->match_connection_guid_set = true;
        return TRUE;
    case WINHTTP_OPTION_GLOBAL_PROXY_CREDS:
    case WINHTTP_OPTION_GLOBAL_SERVER_CREDS: {
        if (!buf) return c.fail(ERROR_INVALID_PARAMETER);
        if (len < sizeof(WINHTTP_CREDS)) return c.fail(ERROR_INSUFFICIENT_BUFFER);
        WINHTTP_CREDS cr;
        std::memcpy(&cr, buf, sizeof cr);
        u16string& user = option == WINHTTP_OPTION_GLOBAL_PROXY_CREDS ? st->global_proxy_user : st->global_server_user;
        u16string& pass = option == WINHTTP_OPTION_GLOBAL_PROXY_CREDS ? st->global_proxy_password : st->global_server_password;
        // WINHTTP_CREDS carries narrow strings; they are taken as UTF-8.
        user = cr.lpszUserName ? from_utf8(cr.lpszUserName) : u16string();
        pass = cr.lpszPassword ? from_utf8(cr.lpszPassword) : u16string();
        return TRUE;
    }
    case WINHTTP_OPTION_UNLOAD_NOTIFY_EVENT:
        if (!buf) return c.fail(ERROR_INVALID_PARAMETER);
        if (len < sizeof(HANDLE)) return c.fail(ERROR_INSUFFICIENT_BUFFER);
        std::memcpy(&ses->unload_event, buf, sizeof(HANDLE));
        return TRUE;
    case WINHTTP_OPTION_PASSPORT_SIGN_OUT:
        // Passport is gone from every supported Windows; signing out of nothing succeeds.
        return TRUE;
    case WINHTTP_OPTION_CONNECTION_FILTER:
    case WINHTTP_OPTION_KDC_PROXY_SETTINGS:
    case WINHTTP_OPTION_SET_TOKEN_BINDING:
    case WINHTTP_OPTION_REFERER_TOKEN_BINDING_HOSTNAME:
        // Accepted and kept opaque: nothing in this implementation consumes them.
        if (!buf && len) return c.fail(ERROR_INVALID_PARAMETER);
        return TRUE;
    default:
        return c.fail(ERROR_WINHTTP_INVALID_OPTION);
    }
}

// Process-wide options set on the NULL handle.
BOOL set_null(Call& c, DWORD option, void* buf, DWORD len)
{
    ProcessOptions& po = process_options();
    DWORD v = 0;
    switch (option) {
    case WINHTTP_OPTION_HTTP_VERSION: return set_http_version(c, buf, len);
    case WINHTTP_OPTION_WORKER_THREAD_COUNT: {
        if (!in_dword(c, buf, len, v)) return FALSE;
        std::lock_guard<std::mutex> g(po.lock);
        po.worker_threads = v;
        return TRUE;
    }
    case WINHTTP_OPTION_ENABLETRACING: {
        if (!in_dword(c, buf, len, v)) return FALSE;
        std::lock_guard<std::mutex> g(po.lock);
        po.tracing = v ? TRUE : FALSE;
        return TRUE;
    }
    case WINHTTP_OPTION_GLOBAL_PROXY_CREDS:
    case WINHTTP_OPTION_GLOBAL_SERVER_CREDS:
        // Windows takes these only when the ShareCredsWithWinHttp registry value is set, which it
        // is not by default (option-flags.md); there is no WinINet here to share with.
        return c.fail(ERROR_WINHTTP_INVALID_OPTION);
    default: return c.fail(ERROR_WINHTTP_INVALID_OPTION);
    }
}

// Process-wide options queried on the NULL handle.
BOOL query_null(Call& c, DWORD option, void* buf, DWORD* len)
{
    ProcessOptions& po = process_options();
    switch (option) {
    case WINHTTP_OPTION_ENABLETRACING: {
        std::lock_guard<std::mutex> g(po.lock);
        return out_dword(c, po.tracing, buf, len);
    }
    case WINHTTP_OPTION_EXTENDED_ERROR: return out_dword(c, 0, buf, len);
    case WINHTTP_OPTION_HTTP_VERSION: return out_http_version(c, buf, len);
    case WINHTTP_OPTION_PROXY: {
        // The process-wide default proxy configuration (option-flags.md, WINHTTP_OPTION_PROXY).
        ProxySettings p;
        load_default_proxy(p);
        return out_proxy(c, p, buf, len);
    }
    default: return c.fail(ERROR_WINHTTP_INVALID_OPTION);
    }
}

bool is_timeout_option(DWORD option)
{
    switch (option) {
    case WINHTTP_OPTION_RESOLVE_TIMEOUT:
    case WINHTTP_OPTION_CONNECT_TIMEOUT:
    case WINHTTP_OPTION_SEND_TIMEOUT:
    case WINHTTP_OPTION_RECEIVE_TIMEOUT:
    case WINHTTP_OPTION_RECEIVE_RESPONSE_TIMEOUT:
        return true;
    default:
        return false;
    }
}

} // namespace

namespace api {

BOOL QueryOption(Call& c, HINTERNET h, DWORD option, LPVOID buffer, LPDWORD length)
{
    const OptionDesc* d = find_option(option);
    if (!d) return c.fail(ERROR_WINHTTP_INVALID_OPTION);
    if (!h) {
        if (!(d->query & Null)) {
            // Handle-bound options need a handle; set-only ones are invalid whatever the handle.
            return c.fail(d->query ? ERROR_INVALID_HANDLE : ERROR_INVALID_PARAMETER);
        }
        if (!length) return c.fail(ERROR_INVALID_PARAMETER);
        return query_null(c, option, buffer, length);
    }
    Ref<Object> o = handle_get(h);
    if (!o) return c.fail(ERROR_INVALID_HANDLE);
    if (!d->query) return c.fail(ERROR_INVALID_PARAMETER); // a set-only option (SetOption page)
    if (!(d->query & kind_bit(o->type))) return c.fail(ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
    if (!length) return c.fail(ERROR_INVALID_PARAMETER);
    // A connection has no timeouts of its own: it reports its session's current ones (Wine's
    // test_timeouts pins this on Windows).
    Object* target = o.get();
    if (o->type == HandleType::Connect && is_timeout_option(option) && o->parent) target = o->parent;
    try {
        std::lock_guard<std::mutex> g(target->lock);
        return query_value(c, target, option, buffer, length);
    } catch (const std::bad_alloc&) {
        return c.fail(ERROR_NOT_ENOUGH_MEMORY);
    }
}

BOOL SetOption(Call& c, HINTERNET h, DWORD option, LPVOID buffer, DWORD length)
{
    const OptionDesc* d = find_option(option);
    if (!d) return c.fail(ERROR_WINHTTP_INVALID_OPTION);
    if (!h) {
        if (!(d->set & Null)) return c.fail(d->set ? ERROR_INVALID_HANDLE : ERROR_WINHTTP_OPTION_NOT_SETTABLE);
        return set_null(c, option, buffer, length);
    }
    Ref<Object> o = handle_get(h);
    if (!o) return c.fail(ERROR_INVALID_HANDLE);
    if (!d->set) return c.fail(ERROR_WINHTTP_OPTION_NOT_SETTABLE);
    if (!(d->set & kind_bit(o->type))) return c.fail(ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
    try {
        std::lock_guard<std::mutex> g(o->lock);
        return set_value(c, o.get(), option, buffer, length);
    } catch (const std::bad_alloc&) {
        return c.fail(ERROR_NOT_ENOUGH_MEMORY);
    }
}

} // namespace api
} // namespace winhttp
