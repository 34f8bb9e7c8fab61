// A resolved socket address (IPv4 or IPv6 with port), the unit the resolver produces and the
// socket connects to; plus the inline parse of numeric hosts, which needs no lookup.
#pragma once
#include <netinet/in.h>
#include <sys/socket.h>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace winhttp::io {

struct Address {
    sockaddr_storage storage{};
    socklen_t len = 0;

    int family() const { return storage.ss_family; }
    const sockaddr* sa() const { return reinterpret_cast<const sockaddr*>(&storage); }
    uint16_t port() const;
    // "127.0.0.1:80" / "[::1]:80" (IPv6 with its zone id when it has one).
    std::string to_string() const;
    // The address without port: "127.0.0.1" / "::1".
    std::string host_string() const;
    bool operator==(const Address& o) const;
};

// Copies a sockaddr (AF_INET or AF_INET6 only) into `out`; false for other families or sizes.
bool address_from_sockaddr(const sockaddr* sa, socklen_t len, Address& out);

// Parses a numeric host: dotted IPv4 (including the classic short forms inet_aton accepts),
// IPv6 bare or in brackets, with an optional "%zone". No name service is consulted.
// Returns false if `host` is not numeric.
bool parse_numeric_host(std::string_view host, uint16_t port, Address& out);

// "[::1]" -> "::1"; anything else is returned unchanged.
std::string_view strip_brackets(std::string_view host);

} // namespace winhttp::io
