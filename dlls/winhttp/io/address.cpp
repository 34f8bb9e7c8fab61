// Address helpers: formatting and numeric host parsing (see address.h).
#include "io/address.h"
#include <arpa/inet.h>
#include <netdb.h>
#include <cstring>

namespace winhttp::io {

uint16_t Address::port() const
{
    if (family() == AF_INET) return ntohs(reinterpret_cast<const sockaddr_in*>(&storage)->sin_port);
    if (family() == AF_INET6) return ntohs(reinterpret_cast<const sockaddr_in6*>(&storage)->sin6_port);
    return 0;
}

std::string Address::host_string() const
{
    char host[NI_MAXHOST];
    if (len == 0 || getnameinfo(sa(), len, host, sizeof host, nullptr, 0, NI_NUMERICHOST) != 0)
        return {};
    return host;
}

std::string Address::to_string() const
{
    std::string h = host_string();
    if (h.empty()) return {};
    std::string p = std::to_string(port());
    return family() == AF_INET6 ? "[" + h + "]:" + p : h + ":" + p;
}

bool Address::operator==(const Address& o) const
{
    return len == o.len && std::memcmp(&storage, &o.storage, len) == 0;
}

bool address_from_sockaddr(const sockaddr* sa, socklen_t len, Address& out)
{
    if (!sa) return false;
    if (!((sa->sa_family == AF_INET && len == sizeof(sockaddr_in)) ||
          (sa->sa_family == AF_INET6 && len == sizeof(sockaddr_in6))))
        return false;
    out = Address{};
    std::memcpy(&out.storage, sa, len);
    out.len = len;
    return true;
}

std::string_view strip_brackets(std::string_view host)
{
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
        return host.substr(1, host.size() - 2);
    return host;
}

bool parse_numeric_host(std::string_view host, uint16_t port, Address& out)
{
    std::string_view inner = strip_brackets(host);
    bool bracketed = inner.size() != host.size();
    std::string h(inner);
    if (h.empty() || h.find('\0') != std::string::npos) return false;
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
    std::string service = std::to_string(port);
    addrinfo* res = nullptr;
    if (getaddrinfo(h.c_str(), service.c_str(), &hints, &res) != 0 || !res) return false;
    // Brackets only ever enclose an IPv6 literal.
    bool ok = (!bracketed || res->ai_family == AF_INET6) &&
              address_from_sockaddr(res->ai_addr, res->ai_addrlen, out);
    freeaddrinfo(res);
    return ok;
}

} // namespace winhttp::io
