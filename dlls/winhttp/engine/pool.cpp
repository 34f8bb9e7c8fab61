// The connection pool: idle lists, per-key counting, the FIFO of slot waiters, expiry and caps.
// Connections leaving the pool are destroyed (closed) only after its mutex is released.
#include "engine/pool.h"
#include "io/reactor.h"
#include <algorithm>

namespace winhttp {

PoolKey PoolKey::make(std::string_view host, uint16_t port, bool secure, std::string_view proxy)
{
    PoolKey k;
    k.host.assign(host);
    for (char& c : k.host)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    k.port = port;
    k.secure = secure;
    k.proxy.assign(proxy);
    return k;
}

size_t PoolKeyHash::operator()(const PoolKey& k) const noexcept
{
    size_t h = std::hash<std::string>()(k.host);
    h ^= std::hash<std::string>()(k.proxy) + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
    h ^= (static_cast<size_t>(k.port) << 1 | (k.secure ? 1 : 0)) * 0xff51afd7ed558ccdull;
    return h;
}

uint32_t Connection::wait_events(bool for_send) const
{
    if (transport) return transport->wants_write() ? io::kWritable : io::kReadable;
    return for_send ? io::kWritable : io::kReadable;
}

Connection::~Connection()
{
    if (counted_)
        if (auto p = pool_.lock()) p->lost(*this);
}

bool SlotWait::queued() const { return pool_ != nullptr; }

bool SlotWait::granted() const
{
    if (!pool_) return false;
    std::lock_guard lk(pool_->mu_);
    return grant_ != nullptr;
}

void SlotWait::cancel()
{
    if (!pool_) return;
    std::shared_ptr<ConnectionPool> p = pool_;   // keeps the pool alive past its unlock
    p->cancel(*this);
}

std::shared_ptr<ConnectionPool> ConnectionPool::create(PoolParams params)
{
    return std::shared_ptr<ConnectionPool>(new ConnectionPool(std::move(params)));
}

ConnectionPool::~ConnectionPool()
{
    // Idle connections close with the map; none of them may call back into the pool.
    for (auto& [key, b] : buckets_)
        for (auto& c : b.idle) c->counted_ = false;
}

static DWORD effective_limit(DWORD limit) { return limit == 0 ? ConnectionPool::kUnlimited : limit; }

ConnectionPool::Bucket& ConnectionPool::bucket_locked(const PoolKey& key)
{
    return buckets_[key];
}

const ConnectionPool::Bucket* ConnectionPool::find_locked(const PoolKey& key) const
{
    auto it = buckets_.find(key);
    return it == buckets_.end() ? nullptr : &it->second;
}

ConnectionPool::ConnPtr ConnectionPool::new_slot_locked(const PoolKey& key, Bucket& b)
{
    ConnPtr c(new Connection(key, weak_from_this()));
    c->counted_ = true;
    ++b.count;
    return c;
}

void ConnectionPool::uncount_locked(ConnPtr c, Bucket& b, Dead& dead)
{
    c->counted_ = false;
    --b.count;
    dead.push_back(std::move(c));   // its key stays valid while it lives in `dead`
    grant_slots_locked(dead.back()->key_, b);
}

void ConnectionPool::signal_locked(SlotWait& w)
{
    if (w.reactor_ && w.waiter_) w.reactor_->post(w.waiter_);
    cv_.notify_all();
}

void ConnectionPool::grant_slots_locked(const PoolKey& key, Bucket& b)
{
    while (!b.fifo.empty() && b.count < effective_limit(b.fifo.front()->limit_)) {
        ConnPtr c = new_slot_locked(key, b);
        SlotWait* w = b.fifo.front();
        b.fifo.pop_front();
        w->grant_ = std::move(c);
        w->grant_fresh_ = true;
        signal_locked(*w);
    }
}

void ConnectionPool::give_locked(Bucket& b, ConnPtr conn, Dead& dead)
{
    conn->idle_since = now();
    if (!b.fifo.empty()) {   // the head waiter takes it over, still counted
        SlotWait* w = b.fifo.front();
        b.fifo.pop_front();
        w->grant_ = std::move(conn);
        w->grant_fresh_ = false;
        signal_locked(*w);
        return;
    }
    b.idle.push_front(std::move(conn));
    ++idle_total_;
    while (b.idle.size() > params_.max_idle_per_key) {
        ConnPtr old = std::move(b.idle.back());
        b.idle.pop_back();
        --idle_total_;
        uncount_locked(std::move(old), b, dead);
    }
    cap_total_locked(dead);
}

void ConnectionPool::cap_total_locked(Dead& dead)
{
    while (idle_total_ > params_.max_idle_total) {
        Bucket* oldest = nullptr;
        for (auto& [key, b] : buckets_)
            if (!b.idle.empty() &&
                (!oldest || b.idle.back()->idle_since < oldest->idle.back()->idle_since))
                oldest = &b;
        if (!oldest) break;
        ConnPtr old = std::move(oldest->idle.back());
        oldest->idle.pop_back();
        --idle_total_;
        uncount_locked(std::move(old), *oldest, dead);
    }
}

void ConnectionPool::sweep_locked(io::Deadline t, Dead& dead)
{
    if (idle_total_ == 0) return;
    for (auto& [key, b] : buckets_)
        while (!b.idle.empty() && t - b.idle.back()->idle_since > params_.idle_timeout) {
            ConnPtr old = std::move(b.idle.back());
            b.idle.pop_back();
            --idle_total_;
            uncount_locked(std::move(old), b, dead);
        }
}

void ConnectionPool::drop_if_empty_locked(const PoolKey& key)
{
    // A bucket that knows the server's HTTP version stays: limit_for() needs it later.
    auto it = buckets_.find(key);
    if (it != buckets_.end() && it->second.count == 0 && it->second.fifo.empty() &&
        it->second.idle.empty() && it->second.http_version == 0)
        buckets_.erase(it);
}

ConnectionPool::ConnPtr ConnectionPool::take_idle_locked(Bucket& b, io::Deadline t, Dead& dead)
{
    while (!b.idle.empty()) {
        ConnPtr c = std::move(b.idle.front());
        b.idle.pop_front();
        --idle_total_;
        if (t - c->idle_since <= params_.idle_timeout && c->idle_usable()) return c;
        uncount_locked(std::move(c), b, dead);
    }
    return nullptr;
}

ConnectionPool::Grant ConnectionPool::checkout(const PoolKey& key, DWORD limit,
                                               std::unique_ptr<Connection>& out, SlotWait* wait)
{
    std::shared_ptr<ConnectionPool> keep;   // a taken SlotWait's reference, dropped last
    Dead dead;
    std::lock_guard lk(mu_);
    io::Deadline t = now();
    sweep_locked(t, dead);
    out.reset();

    if (wait && wait->pool_) {
        if (wait->pool_.get() != this || !(wait->key_ == key)) return Grant::Full;
        if (!wait->grant_) return Grant::Queued;
        ConnPtr c = std::move(wait->grant_);
        bool fresh = wait->grant_fresh_;
        keep = std::move(wait->pool_);
        if (!fresh && (t - c->idle_since > params_.idle_timeout || !c->idle_usable())) {
            // The handed-over connection died meanwhile: its slot becomes a fresh one.
            Bucket& b = bucket_locked(key);
            c->counted_ = false;
            --b.count;
            dead.push_back(std::move(c));
            c = new_slot_locked(key, b);
            fresh = true;
        }
        out = std::move(c);
        return fresh ? Grant::Fresh : Grant::Reused;
    }

    Bucket& b = bucket_locked(key);
    if (ConnPtr c = take_idle_locked(b, t, dead)) {
        out = std::move(c);
        return Grant::Reused;
    }
    if (b.fifo.empty() && b.count < effective_limit(limit)) {
        out = new_slot_locked(key, b);
        return Grant::Fresh;
    }
    if (!wait) {
        drop_if_empty_locked(key);
        return Grant::Full;
    }
    b.fifo.push_back(wait);
    wait->pool_ = shared_from_this();
    wait->key_ = key;
    wait->limit_ = limit;
    wait->grant_fresh_ = false;
    return Grant::Queued;
}

std::unique_ptr<Connection> ConnectionPool::acquire(const PoolKey& key)
{
    Dead dead;
    std::lock_guard lk(mu_);
    io::Deadline t = now();
    sweep_locked(t, dead);
    auto it = buckets_.find(key);
    if (it == buckets_.end()) return nullptr;
    ConnPtr c = take_idle_locked(it->second, t, dead);
    if (!c) drop_if_empty_locked(key);
    return c;
}

DWORD ConnectionPool::wait(SlotWait& slot, io::Deadline deadline)
{
    std::unique_lock lk(mu_);
    if (slot.pool_.get() != this) return ERROR_INVALID_PARAMETER;
    auto granted = [&] { return slot.grant_ != nullptr; };
    if (deadline == io::kNever) {
        cv_.wait(lk, granted);
        return ERROR_SUCCESS;
    }
    return cv_.wait_until(lk, deadline, granted) ? ERROR_SUCCESS : ERROR_WINHTTP_TIMEOUT;
}

void ConnectionPool::release(std::unique_ptr<Connection> conn, bool reusable)
{
    if (!conn) return;
    Dead dead;
    std::lock_guard lk(mu_);
    if (!conn->counted_ || conn->pool_.lock().get() != this) {
        dead.push_back(std::move(conn));   // not ours to keep: just close it
        return;
    }
    io::Deadline t = now();
    sweep_locked(t, dead);
    PoolKey key = conn->key_;
    Bucket& b = bucket_locked(key);
    if (conn->http_version) b.http_version = conn->http_version;
    if (reusable && conn->keep_alive && conn->socket.is_open())
        give_locked(b, std::move(conn), dead);
    else
        uncount_locked(std::move(conn), b, dead);
    drop_if_empty_locked(key);
}

size_t ConnectionPool::sweep(io::Deadline t)
{
    Dead dead;
    std::lock_guard lk(mu_);
    sweep_locked(t, dead);
    for (auto it = buckets_.begin(); it != buckets_.end();) {
        const Bucket& b = it->second;
        if (b.count == 0 && b.fifo.empty() && b.idle.empty() && b.http_version == 0)
            it = buckets_.erase(it);
        else
            ++it;
    }
    return dead.size();
}

void ConnectionPool::clear_idle()
{
    Dead dead;
    std::lock_guard lk(mu_);
    for (auto& [key, b] : buckets_)
        while (!b.idle.empty()) {
            ConnPtr old = std::move(b.idle.back());
            b.idle.pop_back();
            --idle_total_;
            uncount_locked(std::move(old), b, dead);
        }
}

void ConnectionPool::lost(Connection& c)
{
    std::lock_guard lk(mu_);
    if (!c.counted_) return;
    c.counted_ = false;
    auto it = buckets_.find(c.key_);
    if (it == buckets_.end()) return;
    --it->second.count;
    grant_slots_locked(c.key_, it->second);
    drop_if_empty_locked(c.key_);
}

void ConnectionPool::cancel(SlotWait& w)
{
    Dead dead;
    std::lock_guard lk(mu_);
    auto it = buckets_.find(w.key_);
    if (it != buckets_.end()) {
        Bucket& b = it->second;
        if (w.grant_) {
            ConnPtr c = std::move(w.grant_);
            if (w.grant_fresh_ || !c->socket.is_open())
                uncount_locked(std::move(c), b, dead);
            else
                give_locked(b, std::move(c), dead);
        } else {
            b.fifo.erase(std::remove(b.fifo.begin(), b.fifo.end(), &w), b.fifo.end());
        }
        drop_if_empty_locked(w.key_);
    }
    w.pool_.reset();   // the caller (SlotWait::cancel) still holds a reference
}

size_t ConnectionPool::count(const PoolKey& key) const
{
    std::lock_guard lk(mu_);
    const Bucket* b = find_locked(key);
    return b ? b->count : 0;
}

size_t ConnectionPool::idle_count(const PoolKey& key) const
{
    std::lock_guard lk(mu_);
    const Bucket* b = find_locked(key);
    return b ? b->idle.size() : 0;
}

size_t ConnectionPool::idle_total() const
{
    std::lock_guard lk(mu_);
    return idle_total_;
}

size_t ConnectionPool::waiters(const PoolKey& key) const
{
    std::lock_guard lk(mu_);
    const Bucket* b = find_locked(key);
    return b ? b->fifo.size() : 0;
}

bool ConnectionPool::can_open(const PoolKey& key, DWORD limit) const
{
    std::lock_guard lk(mu_);
    const Bucket* b = find_locked(key);
    if (!b) return true;
    return b->fifo.empty() && b->count < effective_limit(limit);
}

DWORD ConnectionPool::limit_for(const PoolKey& key, DWORD per_server, DWORD per_1_0_server) const
{
    std::lock_guard lk(mu_);
    const Bucket* b = find_locked(key);
    return b && b->http_version == 10 ? per_1_0_server : per_server;
}

} // namespace winhttp
