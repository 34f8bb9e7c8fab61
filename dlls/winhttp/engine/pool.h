// The connection pool (one per session): idle keep-alive connections kept per server key,
// handed back most recently used first once a peek shows they are still clean; the per-server
// connection limits (WINHTTP_OPTION_MAX_CONNS_PER_SERVER / _PER_1_0_SERVER) with a FIFO of
// requests waiting for a slot; idle expiry and caps on the number of idle connections.
//
// Counting: every Connection the pool hands out (reused or fresh) counts against its key until
// it is released as not reusable, or destroyed; an idle one counts too. So "active + idle per
// key" is what the limits bound, as in WinHTTP.
//
// Waiting for a slot: checkout() with a SlotWait queues the request at the tail of the key's
// FIFO when the key is at its limit. A slot freed on that key (a connection closed) or a
// connection released for reuse goes to the head of the FIFO directly (newcomers cannot
// overtake it), and the waiter is signalled:
// - async (and yielding sync) drivers give the SlotWait a Reactor and an io::Waiter: the pool
//   post()s the waiter, the driver gets it back from run_once() with kPosted and calls
//   checkout() again with the same SlotWait, which returns the granted connection;
// - a plain blocking caller uses wait(slot, deadline) (a condition variable), then checkout().
// A SlotWait that is abandoned (destroyed, or cancel()) leaves the FIFO; what it was granted
// and did not take goes to the next waiter. If it had a reactor waiter that was already
// posted, the owner cancels that too (Reactor::cancel) or drains it.
//
// Threading: all pool methods may be called from any thread (one mutex per pool). A
// Connection is used by one thread at a time, outside the pool. The pool never calls
// application code; the only outside call made under its lock is Reactor::post().
// Reactor interest: release() expects the socket to have no reactor registration left (call
// Reactor::forget(fd) first): an idle connection may next be used by another thread's reactor.
#pragma once
#include "io/socket.h"
#include "io/time.h"
#include <winhttp.h>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace winhttp {

namespace io { class Reactor; struct Waiter; }

// What a pooled connection is for: the server as the request connects to it.
struct PoolKey {
    std::string host;    // lower-cased (ASCII); as the request connects to it
    uint16_t port = 0;
    bool secure = false;
    std::string proxy;   // identity of the proxy used (verbatim), empty for a direct connection

    // Builds a key, lower-casing the host.
    static PoolKey make(std::string_view host, uint16_t port, bool secure,
                        std::string_view proxy = {});
    bool operator==(const PoolKey&) const = default;
};

struct PoolKeyHash {
    size_t operator()(const PoolKey& k) const noexcept;
};

// A byte stream layered over the connection's socket (TLS later). The plain-socket case needs
// none: Connection talks to its Socket directly when no transport is set.
class Transport {
public:
    virtual ~Transport() = default;
    virtual io::IoResult send(const void* data, size_t len) = 0;
    virtual io::IoResult recv(void* buf, size_t len) = 0;
    // True while an idle connection is clean: nothing buffered, nothing arrived, no close.
    virtual bool idle_usable() const = 0;
    // After a would-block send or recv: whether to wait for the socket to be writable (TLS
    // may need to write to read, and the other way round).
    virtual bool wants_write() const { return false; }
};

class ConnectionPool;

class Connection {
public:
    ~Connection();   // a counted connection dropped without release() frees its slot
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    const PoolKey& key() const { return key_; }

    io::Socket socket;                        // connected by the caller for a fresh one
    std::unique_ptr<Transport> transport;     // TLS session over `socket`, or null
    int http_version = 0;                     // the peer's: 10, 11 (0 until a response came)
    bool keep_alive = true;                   // false once either side said "close"
    io::Deadline idle_since{};                // when it last went idle (set by release)
    uint64_t requests_served = 0;             // requests sent on it (the request code counts)

    bool reused() const { return requests_served > 0; }
    io::IoResult send(const void* data, size_t len)
    {
        return transport ? transport->send(data, len) : socket.send(data, len);
    }
    io::IoResult recv(void* buf, size_t len)
    {
        return transport ? transport->recv(buf, len) : socket.recv(buf, len);
    }
    // The readiness a would-blocked receive (`for_send` false) or send waits for.
    uint32_t wait_events(bool for_send) const;
    bool idle_usable() const
    {
        return socket.is_open() && (transport ? transport->idle_usable() : socket.idle_usable());
    }

private:
    friend class ConnectionPool;
    Connection(PoolKey key, std::weak_ptr<ConnectionPool> pool)
        : key_(std::move(key)), pool_(std::move(pool)) {}
    PoolKey key_;
    std::weak_ptr<ConnectionPool> pool_;
    bool counted_ = false;   // holds a slot of its key (guarded by the pool's mutex)
};

// A request's place in a key's FIFO of slot waiters. Owned by the request; one key at a time.
class SlotWait {
public:
    // With a reactor: woken by reactor->post(waiter). Without: block in ConnectionPool::wait().
    SlotWait() = default;
    SlotWait(io::Reactor* reactor, io::Waiter* waiter) : reactor_(reactor), waiter_(waiter) {}
    ~SlotWait() { cancel(); }
    SlotWait(const SlotWait&) = delete;
    SlotWait& operator=(const SlotWait&) = delete;

    bool queued() const;    // in a FIFO (granted or not)
    bool granted() const;   // a connection or a slot is waiting to be taken by checkout()
    // Leaves the FIFO; anything granted and not taken goes to the next waiter.
    void cancel();

private:
    friend class ConnectionPool;
    io::Reactor* reactor_ = nullptr;
    io::Waiter* waiter_ = nullptr;
    std::shared_ptr<ConnectionPool> pool_;   // set while queued
    PoolKey key_;
    DWORD limit_ = 0;
    std::unique_ptr<Connection> grant_;      // guarded by the pool's mutex
    bool grant_fresh_ = false;
};

struct PoolParams {
    std::chrono::milliseconds idle_timeout{120000};  // Windows' idle keep-alive time, ~2 min
    size_t max_idle_per_key = 64;
    size_t max_idle_total = 256;
    std::function<io::Deadline()> clock;             // null: io::Clock::now (tests inject)
};

class ConnectionPool : public std::enable_shared_from_this<ConnectionPool> {
public:
    static std::shared_ptr<ConnectionPool> create(PoolParams params = {});
    ~ConnectionPool();
    ConnectionPool(const ConnectionPool&) = delete;
    ConnectionPool& operator=(const ConnectionPool&) = delete;

    static constexpr DWORD kUnlimited = 0xFFFFFFFF;

    enum class Grant {
        Reused,   // an idle connection, still clean
        Fresh,    // a slot: an unconnected Connection the caller connects (or drops)
        Full,     // the key is at its limit (no SlotWait given)
        Queued,   // at the limit; the SlotWait is in the FIFO and will be signalled
    };

    // Gets a connection for `key`: an idle clean one (most recently used first; unusable or
    // expired ones are closed on the way), else a new slot if the key has fewer than `limit`
    // connections, else Full / Queued. A `limit` of 0 means no limit. A newcomer never
    // overtakes queued waiters of the key. With a SlotWait already queued here for `key`:
    // Queued until it is granted, then its grant (a handed-over connection found dead on the
    // way becomes a Fresh slot); a SlotWait queued for another key or pool gives Full.
    Grant checkout(const PoolKey& key, DWORD limit, std::unique_ptr<Connection>& out,
                   SlotWait* wait = nullptr);
    // Only the idle part of checkout(): a clean idle connection or null.
    std::unique_ptr<Connection> acquire(const PoolKey& key);
    // Blocks until `slot` is granted (ERROR_SUCCESS), or `deadline` passes
    // (ERROR_WINHTTP_TIMEOUT). ERROR_INVALID_PARAMETER if it is not queued in this pool.
    DWORD wait(SlotWait& slot, io::Deadline deadline);

    // Gives a connection back at the end of a request. Kept idle if `reusable`, keep-alive and
    // still open (handed straight to the first waiter of its key, if any); closed otherwise.
    void release(std::unique_ptr<Connection> conn, bool reusable);

    // Closes idle connections idle for at least the idle timeout at `now`; returns how many.
    size_t sweep(io::Deadline now);
    size_t sweep() { return sweep(now()); }

    // Connections counted against `key` (active + idle) and idle ones.
    size_t count(const PoolKey& key) const;
    size_t idle_count(const PoolKey& key) const;
    size_t idle_total() const;
    size_t waiters(const PoolKey& key) const;
    bool can_open(const PoolKey& key, DWORD limit) const;
    // The limit that applies to `key`: per_1_0_server once the server answered HTTP/1.0.
    DWORD limit_for(const PoolKey& key, DWORD per_server, DWORD per_1_0_server) const;
    // Closes every idle connection (WINHTTP_OPTION_... flush, session close).
    void clear_idle();

    io::Deadline now() const { return params_.clock ? params_.clock() : io::Clock::now(); }

private:
    friend class Connection;
    friend class SlotWait;
    using ConnPtr = std::unique_ptr<Connection>;
    using Dead = std::deque<ConnPtr>;   // closed after the lock is dropped

    struct Bucket {
        std::list<ConnPtr> idle;        // front: most recently used
        size_t count = 0;               // active + idle
        std::deque<SlotWait*> fifo;
        int http_version = 0;           // last seen from this server
    };

    explicit ConnectionPool(PoolParams p) : params_(std::move(p)) {}
    Bucket& bucket_locked(const PoolKey& key);
    const Bucket* find_locked(const PoolKey& key) const;
    ConnPtr new_slot_locked(const PoolKey& key, Bucket& b);
    void uncount_locked(ConnPtr c, Bucket& b, Dead& dead);
    ConnPtr take_idle_locked(Bucket& b, io::Deadline now, Dead& dead);
    void give_locked(Bucket& b, ConnPtr conn, Dead& dead);
    void grant_slots_locked(const PoolKey& key, Bucket& b);
    void signal_locked(SlotWait& w);
    void sweep_locked(io::Deadline now, Dead& dead);
    void cap_total_locked(Dead& dead);
    void drop_if_empty_locked(const PoolKey& key);
    void lost(Connection& c);                 // from ~Connection
    void cancel(SlotWait& w);                 // from SlotWait

    PoolParams params_;
    mutable std::mutex mu_;
    std::condition_variable cv_;
    std::unordered_map<PoolKey, Bucket, PoolKeyHash> buckets_;
    size_t idle_total_ = 0;
};

} // namespace winhttp
