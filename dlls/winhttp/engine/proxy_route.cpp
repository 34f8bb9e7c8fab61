// Proxy routing (see proxy_route.h).
#include "engine/proxy_route.h"
#include "engine/proxy_config.h"
#include <string>

namespace winhttp {

u16string ProxyServer::authority() const
{
    u16string out;
    if (ipv6_literal) out += u'[';
    out += host;
    if (ipv6_literal) out += u']';
    out += u':';
    std::string p = std::to_string(port);
    out.append(p.begin(), p.end());
    return out;
}

ProxyRoute route_request(DWORD access_type, u16view proxy_list, u16view bypass_list,
                         INTERNET_SCHEME scheme, u16view host, INTERNET_PORT port)
{
    ProxyRoute route;
    if (access_type != WINHTTP_ACCESS_TYPE_NAMED_PROXY) return route;
    u16view scheme_name = scheme == INTERNET_SCHEME_HTTPS ? u16view(u"https") : u16view(u"http");
    if (!bypass_list.empty() && proxy::bypass_list_matches(bypass_list, host, port, scheme_name)) return route;

    std::vector<proxy::ProxyEntry> all;
    proxy::parse_proxy_list(proxy_list, all);   // malformed entries are skipped
    for (const auto& e : proxy::proxies_for_scheme(all, scheme_name)) {
        if (!e.proxy_scheme.empty() && e.proxy_scheme != u"http") continue;   // not an HTTP proxy
        ProxyServer s;
        u16view h = e.host;
        if (h.size() >= 2 && h.front() == u'[' && h.back() == u']') {
            h = h.substr(1, h.size() - 2);
            s.ipv6_literal = true;
        }
        s.host = h;
        s.port = e.port ? e.port : INTERNET_DEFAULT_HTTP_PORT;
        if (route.direct) {
            route.direct = false;
            route.proxy = std::move(s);
        } else {
            route.others.push_back(std::move(s));
        }
    }
    return route;
}

} // namespace winhttp
