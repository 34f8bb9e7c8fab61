// Name resolution that never blocks the engine: numeric hosts (IPv4, IPv6 bare or bracketed)
// are answered inline; names go to getaddrinfo on a helper thread of their own, whose answer
// makes an eventfd readable so the reactor can wait for it next to a resolve deadline.
// Cancelling (or destroying) a Lookup abandons it at once: the helper thread finishes its
// getaddrinfo call on its own and frees what it shares with the Lookup, eventfd included.
//
// Threading: a Lookup is used by one thread at a time (any thread); the helper thread only
// touches the shared state under its lock.
#pragma once
#include "io/address.h"
#include "io/error.h"
#include "io/time.h"
#include <netdb.h>
#include <functional>
#include <memory>
#include <string_view>
#include <vector>

namespace winhttp::io {

// getaddrinfo's signature; the result must be freeable with freeaddrinfo. Tests substitute a
// slow or failing one; by default it is getaddrinfo itself.
using LookupFn = std::function<int(const char*, const char*, const addrinfo*, addrinfo**)>;

class Lookup {
public:
    // Starts resolving `host` (a name, a numeric IPv4, an IPv6 with or without brackets) for
    // TCP port `port`. ERROR_SUCCESS with `out` set (maybe already complete), or
    // ERROR_WINHTTP_NAME_NOT_RESOLVED (empty or malformed host), ERROR_NOT_ENOUGH_MEMORY.
    static DWORD start(std::string_view host, uint16_t port, std::unique_ptr<Lookup>& out,
                       LookupFn fn = {});
    ~Lookup();
    Lookup(const Lookup&) = delete;
    Lookup& operator=(const Lookup&) = delete;

    // Readable once the answer is in; -1 if the lookup completed inline (numeric host).
    // Watch it with Reactor::watch(fd(), kReadable, ...) or wait_fd(). Never close it.
    int fd() const;
    bool done() const;
    // ERROR_SUCCESS with the addresses in resolver order, ERROR_WINHTTP_NAME_NOT_RESOLVED,
    // ERROR_NOT_ENOUGH_MEMORY, ERROR_WINHTTP_OPERATION_CANCELLED after cancel(), or
    // kIoPending while still in flight.
    DWORD result(std::vector<Address>& out) const;
    // Abandons the lookup. The fd stays valid until the Lookup is destroyed (unwatch it
    // from the reactor first: Reactor::forget(fd())).
    void cancel();

    struct State;

private:
    explicit Lookup(std::shared_ptr<State> s) : state_(std::move(s)) {}
    std::shared_ptr<State> state_;
};

// Blocking convenience for callers without a reactor: resolves `host`, waiting at most until
// `deadline` (ERROR_WINHTTP_TIMEOUT, the lookup abandoned).
DWORD resolve(std::string_view host, uint16_t port, Deadline deadline, std::vector<Address>& out,
              LookupFn fn = {});

} // namespace winhttp::io
