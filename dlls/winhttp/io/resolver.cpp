// Name resolution on helper threads, signalled through an eventfd (see resolver.h).
#include "io/resolver.h"
#include "io/reactor.h"
#include "io/socket.h"
#include <pthread.h>
#include <sys/eventfd.h>
#include <unistd.h>
#include <algorithm>
#include <mutex>
#include <new>
#include <string>
#include <system_error>
#include <thread>

namespace winhttp::io {

// Shared by the Lookup and its helper thread; the last of the two to let go frees it.
struct Lookup::State {
    mutable std::mutex mu;
    int efd = -1;
    bool done = false;
    bool cancelled = false;
    DWORD error = kIoPending;
    std::vector<Address> addrs;

    ~State()
    {
        if (efd >= 0) close(efd);
    }
};

namespace {

void run_lookup(std::shared_ptr<Lookup::State> s, std::string host, std::string service, LookupFn fn)
{
    pthread_setname_np(pthread_self(), "winhttp-dns");
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICSERV;
    addrinfo* res = nullptr;
    int rc = fn ? fn(host.c_str(), service.c_str(), &hints, &res)
                : getaddrinfo(host.c_str(), service.c_str(), &hints, &res);
    DWORD err = ERROR_WINHTTP_NAME_NOT_RESOLVED;
    std::vector<Address> addrs;
    if (rc == 0) {
        try {
            for (const addrinfo* ai = res; ai; ai = ai->ai_next) {
                Address a;
                if (address_from_sockaddr(ai->ai_addr, ai->ai_addrlen, a) &&
                    std::find(addrs.begin(), addrs.end(), a) == addrs.end())
                    addrs.push_back(a);
            }
            if (!addrs.empty()) err = ERROR_SUCCESS;
        } catch (const std::bad_alloc&) {
            addrs.clear();
            err = ERROR_NOT_ENOUGH_MEMORY;
        }
    } else if (rc == EAI_MEMORY) {
        err = ERROR_NOT_ENOUGH_MEMORY;
    }
    if (res) freeaddrinfo(res);
    {
        std::lock_guard lk(s->mu);
        if (!s->cancelled) {
            s->error = err;
            s->addrs = std::move(addrs);
        }
        s->done = true;
    }
    uint64_t one = 1;
    ssize_t n = write(s->efd, &one, sizeof one);
    (void)n;
}

} // namespace

DWORD Lookup::start(std::string_view host, uint16_t port, std::unique_ptr<Lookup>& out, LookupFn fn)
{
    try {
        auto s = std::make_shared<State>();
        Address numeric;
        if (host.empty() || host.find('\0') != std::string_view::npos)
            return ERROR_WINHTTP_NAME_NOT_RESOLVED;
        if (parse_numeric_host(host, port, numeric)) {
            s->done = true;
            s->error = ERROR_SUCCESS;
            s->addrs.push_back(numeric);
        } else if (strip_brackets(host).size() != host.size()) {
            return ERROR_WINHTTP_NAME_NOT_RESOLVED;   // brackets around something not IPv6
        } else {
            s->efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
            if (s->efd < 0) return ERROR_NOT_ENOUGH_MEMORY;
            std::thread(run_lookup, s, std::string(host), std::to_string(port), std::move(fn)).detach();
        }
        out.reset(new Lookup(std::move(s)));
        return ERROR_SUCCESS;
    } catch (const std::bad_alloc&) {
        return ERROR_NOT_ENOUGH_MEMORY;
    } catch (const std::system_error&) {
        return ERROR_NOT_ENOUGH_MEMORY;   // no thread could be started (EAGAIN)
    }
}

Lookup::~Lookup()
{
    cancel();
}

int Lookup::fd() const
{
    return state_->efd;
}

bool Lookup::done() const
{
    std::lock_guard lk(state_->mu);
    return state_->done;
}

DWORD Lookup::result(std::vector<Address>& out) const
{
    std::lock_guard lk(state_->mu);
    if (state_->cancelled) return ERROR_WINHTTP_OPERATION_CANCELLED;
    if (!state_->done) return kIoPending;
    if (state_->error == ERROR_SUCCESS) {
        try {
            out = state_->addrs;
        } catch (const std::bad_alloc&) {
            return ERROR_NOT_ENOUGH_MEMORY;
        }
    }
    return state_->error;
}

void Lookup::cancel()
{
    std::lock_guard lk(state_->mu);
    state_->cancelled = true;
    state_->addrs.clear();
}

DWORD resolve(std::string_view host, uint16_t port, Deadline deadline, std::vector<Address>& out,
              LookupFn fn)
{
    std::unique_ptr<Lookup> l;
    DWORD err = Lookup::start(host, port, l, std::move(fn));
    if (err != ERROR_SUCCESS) return err;
    while (!l->done()) {
        if (wait_fd(l->fd(), kReadable, deadline) != ERROR_SUCCESS) return ERROR_WINHTTP_TIMEOUT;
    }
    return l->result(out);
}

} // namespace winhttp::io
