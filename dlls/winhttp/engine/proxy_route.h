// Proxy routing: from a session's or request's proxy settings (access type, Windows proxy list,
// bypass list, as WinHttpOpen and WINHTTP_PROXY_INFO take them) and a request URL's scheme,
// host and port, whether the request goes straight to the server or through which proxy.
// Builds on the list parsers of proxy_config.h.
#pragma once
#include "engine/ustr.h"
#include <vector>

namespace winhttp {

struct ProxyServer {
    u16string host;          // for name resolution: IPv6 brackets removed
    INTERNET_PORT port = 0;  // the entry's port, else 80
    bool ipv6_literal = false;
    // "host:port" as it goes into a CONNECT line or a Host header (IPv6 bracketed).
    u16string authority() const;
};

struct ProxyRoute {
    bool direct = true;
    ProxyServer proxy;                 // valid when !direct: the proxy to use
    std::vector<ProxyServer> others;   // further proxies of the list, in order (for failover)
};

// Decides the route of a request to `scheme` (INTERNET_SCHEME_HTTP/HTTPS) `host` (brackets
// optional for IPv6) and `port`. Only WINHTTP_ACCESS_TYPE_NAMED_PROXY routes through a proxy:
// NO_PROXY is direct, and DEFAULT_PROXY / AUTOMATIC_PROXY are to be resolved into a named or
// direct configuration by the caller beforehand (objects.h load_default_proxy). Rules:
//  - the entries for the URL's scheme ("https=p:1") win over scheme-less ones ("p:1"); with
//    neither the request is direct;
//  - entries naming a proxy protocol other than http:// (socks://, https://) are skipped;
//  - a host that the bypass list matches goes direct.
ProxyRoute route_request(DWORD access_type, u16view proxy_list, u16view bypass_list,
                         INTERNET_SCHEME scheme, u16view host, INTERNET_PORT port);

} // namespace winhttp
