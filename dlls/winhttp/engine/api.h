// The engine's API entry points: one per WinHTTP function, with the Windows signature plus the
// Call context that carries the resulting last error and the notifications owed. Fronts (the
// native libwinhttp.so exports, and the Wine unixlib) only move arguments and deliver results;
// every check and every error code lives behind these functions.
#pragma once
#include "engine/call.h"

namespace winhttp::api {

// Handles, sessions, connections, requests (api_handles.cpp)
HINTERNET Open(Call&, LPCWSTR agent, DWORD access_type, LPCWSTR proxy, LPCWSTR bypass, DWORD flags);
// WinHttpOpen with proxy configurations from the front's host (the Wine front: Wine's registry)
// that take the place of the Linux sources: `default_config` the default (WinHTTP) one, for
// DEFAULT_PROXY sessions and AUTOMATIC_PROXY's last resort; `user_config` the user's (IE) one,
// which AUTOMATIC_PROXY sessions use when it names a proxy. Null or not `present`: none.
struct HostProxyConfig {
    bool present;
    DWORD access_type;          // WINHTTP_ACCESS_TYPE_NAMED_PROXY, else read as NO_PROXY
    LPCWSTR proxy, bypass;      // null = none
};
HINTERNET OpenWithHostProxy(Call&, LPCWSTR agent, DWORD access_type, LPCWSTR proxy, LPCWSTR bypass,
                            DWORD flags, const HostProxyConfig* default_config,
                            const HostProxyConfig* user_config);
HINTERNET Connect(Call&, HINTERNET session, LPCWSTR server, INTERNET_PORT port, DWORD reserved);
HINTERNET OpenRequest(Call&, HINTERNET connect, LPCWSTR verb, LPCWSTR object, LPCWSTR version,
                      LPCWSTR referrer, LPCWSTR* accept_types, DWORD flags);
BOOL CloseHandle(Call&, HINTERNET h);
WINHTTP_STATUS_CALLBACK SetStatusCallback(Call&, HINTERNET h, WINHTTP_STATUS_CALLBACK cb,
                                          DWORD notification_flags, DWORD_PTR reserved);
BOOL SetTimeouts(Call&, HINTERNET h, int resolve, int connect, int send, int receive);

// Options (options.cpp)
BOOL SetOption(Call&, HINTERNET h, DWORD option, LPVOID buffer, DWORD length);
BOOL QueryOption(Call&, HINTERNET h, DWORD option, LPVOID buffer, LPDWORD length);

// URLs and times (url.cpp, httptime.cpp)
BOOL CrackUrl(Call&, LPCWSTR url, DWORD url_length, DWORD flags, LPURL_COMPONENTS components);
BOOL CreateUrl(Call&, LPURL_COMPONENTS components, DWORD flags, LPWSTR url, LPDWORD url_length);
BOOL TimeFromSystemTime(Call&, const SYSTEMTIME* st, LPWSTR time);
BOOL TimeToSystemTime(Call&, LPCWSTR time, SYSTEMTIME* st);

// Request headers (api_headers.cpp)
BOOL AddRequestHeaders(Call&, HINTERNET request, LPCWSTR headers, DWORD length, DWORD modifiers);
DWORD AddRequestHeadersEx(Call&, HINTERNET request, DWORD modifiers, ULONGLONG flags,
                          ULONGLONG extra, DWORD count, WINHTTP_EXTENDED_HEADER* headers);
BOOL QueryHeaders(Call&, HINTERNET request, DWORD info_level, LPCWSTR name, LPVOID buffer,
                  LPDWORD buffer_length, LPDWORD index);
DWORD QueryHeadersEx(Call&, HINTERNET request, DWORD info_level, ULONGLONG flags, UINT codepage,
                     PDWORD index, PWINHTTP_HEADER_NAME name, PVOID buffer, PDWORD buffer_length,
                     PWINHTTP_EXTENDED_HEADER* headers, PDWORD header_count);

// Proxy configuration (proxy_config.cpp)
BOOL GetIEProxyConfigForCurrentUser(Call&, WINHTTP_CURRENT_USER_IE_PROXY_CONFIG* config);
BOOL GetDefaultProxyConfiguration(Call&, WINHTTP_PROXY_INFO* info);
BOOL SetDefaultProxyConfiguration(Call&, WINHTTP_PROXY_INFO* info);

// Everything else that does not touch the network (api_misc.cpp)
BOOL CheckPlatform(Call&);
BOOL SetCredentials(Call&, HINTERNET request, DWORD targets, DWORD scheme, LPCWSTR user,
                    LPCWSTR password, LPVOID params);
BOOL QueryAuthSchemes(Call&, HINTERNET request, LPDWORD supported, LPDWORD first, LPDWORD target);

// The Windows front only (client_cert.cpp): after WINHTTP_OPTION_CLIENT_CERT_CONTEXT was set on
// `request`, the certificate's DER bytes and its RSA private key as a CryptoAPI PRIVATEKEYBLOB,
// or (key_blob NULL) the ERROR_WINHTTP_CLIENT_CERT_* error the handshake reports when asked.
BOOL SetClientCertificate(Call&, HINTERNET request, const void* der, DWORD der_length, const void* key_blob,
                          DWORD key_blob_length, DWORD key_error);

} // namespace winhttp::api
