// Proxy settings in Wine's registry, where Windows keeps them and where Windows programs, tools
// (netsh/proxycfg-like ones, Wine's inetcpl) and Wine's own winhttp read and write them:
//  - the default (WinHTTP) configuration: HKLM\...\Internet Settings\Connections, REG_BINARY
//    "WinHttpSettings" (DWORD magic 0x18, DWORD 0, DWORD flags, then DWORD length + ASCII proxy
//    list and DWORD length + ASCII bypass list);
//  - the user's (IE) configuration: HKCU\...\Internet Settings\Connections, REG_BINARY
//    "DefaultConnectionSettings" (the WinINet blob: DWORD version 0x46 or 0x3C, DWORD counter,
//    DWORD flags, then length-prefixed proxy, bypass and autoconfig URL), else the plain values
//    ProxyEnable / ProxyServer / ProxyOverride / AutoConfigURL of HKCU\...\Internet Settings.
// When the registry holds neither, the callers fall back to the engine's Linux sources.
#pragma once
#include <windows.h>
#include <winhttp.h>
#include <string>
#include "unixlib/unixlib.h"

namespace winhttp::pe::registry {

using wstring = std::basic_string<WCHAR>;

// One proxy configuration read from the registry. `present` false: the registry holds none.
struct ProxyConfig {
    bool present = false;
    bool auto_detect = false;       // user configuration only (WINHTTP_CURRENT_USER_IE_PROXY_CONFIG)
    DWORD access_type = WINHTTP_ACCESS_TYPE_NO_PROXY;   // NAMED_PROXY only with a proxy list
    wstring proxy, bypass;          // empty = none
    wstring auto_config_url;        // user configuration only
};

// The default configuration from "WinHttpSettings" (a malformed value counts as none).
ProxyConfig read_default();
// The user's configuration: the WinINet blob when valid, else the plain values (present when
// ProxyEnable is set with a ProxyServer, or AutoConfigURL is set).
ProxyConfig read_user();

// WinHttpSetDefaultProxyConfiguration: the engine's checks (ERROR_INVALID_PARAMETER), then
// "WinHttpSettings" written as Windows and Wine's winhttp write it. Returns the error (the
// registry's own, e.g. ERROR_ACCESS_DENIED) or ERROR_SUCCESS.
DWORD write_default(const WINHTTP_PROXY_INFO* info);

// A configuration in GlobalAlloc'd strings for the application (null for empty ones); false
// when memory runs out (nothing is left allocated).
bool to_proxy_info(const ProxyConfig& cfg, WINHTTP_PROXY_INFO* info);
bool to_ie_config(const ProxyConfig& cfg, WINHTTP_CURRENT_USER_IE_PROXY_CONFIG* config);

// The unix side's view of a configuration (pointers into `cfg`, which must outlive it).
wh_proxy_config to_unix(const ProxyConfig& cfg);

} // namespace winhttp::pe::registry
