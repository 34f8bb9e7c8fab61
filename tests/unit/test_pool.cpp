// Unit tests of the connection pool (engine/pool.h) over real loopback connections: reuse
// (most recently used first), detection of a connection the server closed or that has
// unexpected bytes, key equality, per-server limits and the FIFO of slot waiters (blocking
// threads and reactor posts), idle expiry with an injected clock, idle caps, and no fd leaks.
// The engine/io headers come first: cmocka defines a fail() macro.
#include "engine/pool.h"
#include "io/address.h"
#include "io/reactor.h"
#include "io/socket.h"
#include <dirent.h>
#include <sys/socket.h>
#include <unistd.h>
#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
extern "C" {   // Debian's cmocka 1.1.5 header declares its functions without C linkage for C++
#include <cmocka.h>
}

using namespace winhttp;
using namespace std::chrono_literals;
using Grant = ConnectionPool::Grant;

namespace {

// ---------------------------------------------------------------- helpers

int fd_count()
{
    int n = 0;
    DIR* d = opendir("/proc/self/fd");
    if (!d) return -1;
    while (dirent* e = readdir(d))
        if (e->d_name[0] != '.') ++n;
    closedir(d);
    return n - 1;   // the DIR's own fd
}

int setup_fds(void** state)
{
    *state = reinterpret_cast<void*>(static_cast<intptr_t>(fd_count()));
    return 0;
}

int teardown_fds(void** state)
{
    int base = static_cast<int>(reinterpret_cast<intptr_t>(*state));
    if (fd_count() != base) {
        print_error("fd leak: %d fds before, %d after\n", base, fd_count());
        return -1;
    }
    return 0;
}

// A loopback listener on an ephemeral port; remembers the server ends it accepted.
struct Server {
    int fd = -1;
    io::Address addr;
    std::vector<int> accepted;

    Server()
    {
        fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        assert_true(fd >= 0);
        assert_true(io::parse_numeric_host("127.0.0.1", 0, addr));
        assert_int_equal(bind(fd, addr.sa(), addr.len), 0);
        assert_int_equal(listen(fd, 64), 0);
        sockaddr_storage ss;
        socklen_t len = sizeof ss;
        assert_int_equal(getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len), 0);
        assert_true(io::address_from_sockaddr(reinterpret_cast<sockaddr*>(&ss), len, addr));
    }
    ~Server()
    {
        for (int s : accepted) close(s);
        close(fd);
    }
    // Connects a fresh pool connection; returns the server end.
    int connect(Connection& c)
    {
        assert_int_equal(c.socket.connect(addr, io::deadline_in(2000)), ERROR_SUCCESS);
        int s = accept4(fd, nullptr, nullptr, SOCK_CLOEXEC);
        assert_true(s >= 0);
        accepted.push_back(s);
        return s;
    }
};

// A fresh connected connection for `key` (which must have room).
std::unique_ptr<Connection> open_conn(ConnectionPool& pool, const PoolKey& key, Server& srv,
                                      int* server_end = nullptr)
{
    std::unique_ptr<Connection> c;
    assert_int_equal((int)pool.checkout(key, ConnectionPool::kUnlimited, c), (int)Grant::Fresh);
    assert_non_null(c.get());
    int s = srv.connect(*c);
    if (server_end) *server_end = s;
    c->http_version = 11;
    c->requests_served = 1;
    return c;
}

// An injectable clock for expiry tests.
struct FakeClock {
    io::Deadline base = io::Clock::now();
    std::atomic<long long> ms{0};
    io::Deadline now() const { return base + std::chrono::milliseconds(ms.load()); }
    void advance(long long d) { ms += d; }
};

std::shared_ptr<ConnectionPool> pool_with(FakeClock& clk, size_t per_key = 64, size_t total = 256)
{
    PoolParams p;
    p.idle_timeout = 120s;
    p.max_idle_per_key = per_key;
    p.max_idle_total = total;
    p.clock = [&clk] { return clk.now(); };
    return ConnectionPool::create(p);
}

const PoolKey kKey = PoolKey::make("localhost", 80, false);

// ---------------------------------------------------------------- tests

void test_reuse(void**)
{
    Server srv;
    auto pool = ConnectionPool::create();
    auto c = open_conn(*pool, kKey, srv);
    int fd = c->socket.fd();
    assert_int_equal(pool->count(kKey), 1);
    pool->release(std::move(c), true);
    assert_int_equal(pool->idle_count(kKey), 1);
    assert_int_equal(pool->count(kKey), 1);   // idle connections count against the limit

    std::unique_ptr<Connection> again;
    assert_int_equal((int)pool->checkout(kKey, 1, again), (int)Grant::Reused);
    assert_int_equal(again->socket.fd(), fd);
    assert_true(again->reused());
    assert_int_equal(pool->idle_count(kKey), 0);
    assert_int_equal(pool->count(kKey), 1);

    // Not reusable, or no keep-alive: closed, the slot freed.
    pool->release(std::move(again), false);
    assert_int_equal(pool->count(kKey), 0);
    auto d = open_conn(*pool, kKey, srv);
    d->keep_alive = false;
    pool->release(std::move(d), true);
    assert_int_equal(pool->count(kKey), 0);
    assert_null(pool->acquire(kKey).get());
}

void test_most_recent_first(void**)
{
    Server srv;
    auto pool = ConnectionPool::create();
    auto a = open_conn(*pool, kKey, srv);
    auto b = open_conn(*pool, kKey, srv);
    int fa = a->socket.fd(), fb = b->socket.fd();
    pool->release(std::move(a), true);
    pool->release(std::move(b), true);
    auto x = pool->acquire(kKey);
    auto y = pool->acquire(kKey);
    assert_non_null(x.get());
    assert_non_null(y.get());
    assert_int_equal(x->socket.fd(), fb);
    assert_int_equal(y->socket.fd(), fa);
    assert_null(pool->acquire(kKey).get());
}

void test_server_closed(void**)
{
    Server srv;
    auto pool = ConnectionPool::create();
    int s = -1;
    auto c = open_conn(*pool, kKey, srv, &s);
    int fd = c->socket.fd();
    pool->release(std::move(c), true);
    shutdown(s, SHUT_RDWR);
    assert_int_equal(io::wait_fd(fd, io::kReadable, io::deadline_in(2000)), ERROR_SUCCESS);
    assert_null(pool->acquire(kKey).get());
    assert_int_equal(pool->count(kKey), 0);
    assert_int_equal(pool->idle_total(), 0);
}

void test_unexpected_bytes(void**)
{
    Server srv;
    auto pool = ConnectionPool::create();
    int s = -1;
    auto c = open_conn(*pool, kKey, srv, &s);
    int fd = c->socket.fd();
    pool->release(std::move(c), true);
    assert_int_equal(send(s, "HTTP/1.1 408", 12, MSG_NOSIGNAL), 12);
    assert_int_equal(io::wait_fd(fd, io::kReadable, io::deadline_in(2000)), ERROR_SUCCESS);
    std::unique_ptr<Connection> out;
    assert_int_equal((int)pool->checkout(kKey, 1, out), (int)Grant::Fresh);   // slot reused
    assert_false(out->socket.is_open());
    assert_int_equal(pool->count(kKey), 1);
}

void test_keys(void**)
{
    Server srv;
    auto pool = ConnectionPool::create();
    PoolKey k = PoolKey::make("Example.COM", 8080, false);
    assert_string_equal(k.host.c_str(), "example.com");
    assert_true(k == PoolKey::make("example.com", 8080, false, ""));
    assert_true(PoolKeyHash()(k) == PoolKeyHash()(PoolKey::make("EXAMPLE.com", 8080, false)));
    assert_false(k == PoolKey::make("example.com", 8081, false));
    assert_false(k == PoolKey::make("example.com", 8080, true));
    assert_false(k == PoolKey::make("example.com", 8080, false, "proxy:3128"));
    assert_false(k == PoolKey::make("example.org", 8080, false));

    auto c = open_conn(*pool, k, srv);
    pool->release(std::move(c), true);
    assert_null(pool->acquire(PoolKey::make("example.com", 8081, false)).get());
    assert_null(pool->acquire(PoolKey::make("example.com", 8080, true)).get());
    assert_null(pool->acquire(PoolKey::make("example.com", 8080, false, "proxy:3128")).get());
    auto same = pool->acquire(PoolKey::make("EXAMPLE.COM", 8080, false));
    assert_non_null(same.get());
    assert_true(same->key() == k);
}

void test_limits(void**)
{
    auto pool = ConnectionPool::create();
    std::unique_ptr<Connection> a, b, c;
    assert_true(pool->can_open(kKey, 2));
    assert_int_equal((int)pool->checkout(kKey, 2, a), (int)Grant::Fresh);
    assert_int_equal((int)pool->checkout(kKey, 2, b), (int)Grant::Fresh);
    assert_false(pool->can_open(kKey, 2));
    assert_true(pool->can_open(kKey, 3));
    assert_int_equal((int)pool->checkout(kKey, 2, c), (int)Grant::Full);
    assert_null(c.get());
    // Other keys are not affected.
    assert_true(pool->can_open(PoolKey::make("localhost", 81, false), 2));
    // A connection dropped without release() gives its slot back.
    a.reset();
    assert_int_equal(pool->count(kKey), 1);
    assert_int_equal((int)pool->checkout(kKey, 2, c), (int)Grant::Fresh);
    pool->release(std::move(b), false);
    pool->release(std::move(c), false);
    assert_int_equal(pool->count(kKey), 0);
    // 0 means no limit (never a deadlock).
    assert_true(pool->can_open(kKey, 0));
}

void test_limit_for_http10(void**)
{
    Server srv;
    auto pool = ConnectionPool::create();
    assert_int_equal(pool->limit_for(kKey, 6, 4), 6);
    auto c = open_conn(*pool, kKey, srv);
    c->http_version = 10;
    pool->release(std::move(c), false);
    assert_int_equal(pool->limit_for(kKey, 6, 4), 4);
    auto d = open_conn(*pool, kKey, srv);
    d->http_version = 11;
    pool->release(std::move(d), false);
    assert_int_equal(pool->limit_for(kKey, 6, 4), 6);
}

void test_fifo_threads(void**)
{
    auto pool = ConnectionPool::create();
    std::unique_ptr<Connection> held;
    assert_int_equal((int)pool->checkout(kKey, 1, held), (int)Grant::Fresh);

    constexpr int N = 4;
    std::mutex mu;
    std::vector<int> order;
    std::atomic<int> bad{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < N; ++i) {
        threads.emplace_back([&, i] {
            SlotWait w;
            std::unique_ptr<Connection> c;
            if (pool->checkout(kKey, 1, c, &w) != Grant::Queued) { ++bad; return; }
            if (pool->wait(w, io::deadline_in(5000)) != ERROR_SUCCESS) { ++bad; return; }
            if (pool->checkout(kKey, 1, c, &w) != Grant::Fresh || !c) { ++bad; return; }
            if (w.queued()) ++bad;
            {
                std::lock_guard lk(mu);
                order.push_back(i);
            }
            std::this_thread::sleep_for(2ms);
            pool->release(std::move(c), false);
        });
        // Queue them in a known order.
        for (int t = 0; t < 2000 && pool->waiters(kKey) != size_t(i + 1); ++t)
            std::this_thread::sleep_for(1ms);
        assert_int_equal(pool->waiters(kKey), i + 1);
    }
    // A newcomer cannot overtake the queue, even with a higher limit.
    std::unique_ptr<Connection> late;
    assert_int_equal((int)pool->checkout(kKey, 5, late), (int)Grant::Full);
    pool->release(std::move(held), false);
    for (auto& t : threads) t.join();
    assert_int_equal(bad.load(), 0);
    assert_int_equal(order.size(), N);
    for (int i = 0; i < N; ++i) assert_int_equal(order[i], i);
    assert_int_equal(pool->count(kKey), 0);
    assert_int_equal(pool->waiters(kKey), 0);
}

void test_waiter_gets_released_connection(void**)
{
    Server srv;
    auto pool = ConnectionPool::create();
    auto held = open_conn(*pool, kKey, srv);
    int fd = held->socket.fd();
    SlotWait w;
    std::unique_ptr<Connection> c;
    assert_int_equal((int)pool->checkout(kKey, 1, c, &w), (int)Grant::Queued);
    assert_false(w.granted());
    pool->release(std::move(held), true);   // handed over, not parked idle
    assert_true(w.granted());
    assert_int_equal(pool->idle_count(kKey), 0);
    assert_int_equal((int)pool->checkout(kKey, 1, c, &w), (int)Grant::Reused);
    assert_int_equal(c->socket.fd(), fd);
    assert_int_equal(pool->count(kKey), 1);
}

void test_reactor_post(void**)
{
    std::unique_ptr<io::Reactor> r;
    assert_int_equal(io::Reactor::create(r), ERROR_SUCCESS);
    auto pool = ConnectionPool::create();
    std::unique_ptr<Connection> held, c;
    assert_int_equal((int)pool->checkout(kKey, 1, held), (int)Grant::Fresh);
    io::Waiter rw;
    {
        SlotWait w(r.get(), &rw);
        assert_int_equal((int)pool->checkout(kKey, 1, c, &w), (int)Grant::Queued);
        std::vector<io::Waiter*> ready;
        assert_int_equal(r->run_once(0LL, ready), 0);
        std::thread t([&] {
            std::this_thread::sleep_for(20ms);
            pool->release(std::move(held), false);
        });
        assert_int_equal(r->run_once(2000LL, ready), 1);
        t.join();
        assert_ptr_equal(ready[0], &rw);
        assert_true(rw.fired & io::kPosted);
        assert_int_equal((int)pool->checkout(kKey, 1, c, &w), (int)Grant::Fresh);
        assert_false(w.queued());
    }
    assert_int_equal(pool->count(kKey), 1);
    c.reset();
    assert_int_equal(pool->count(kKey), 0);
}

void test_wait_timeout_and_cancel(void**)
{
    auto pool = ConnectionPool::create();
    std::unique_ptr<Connection> held, c1, c2;
    assert_int_equal((int)pool->checkout(kKey, 1, held), (int)Grant::Fresh);
    SlotWait w1, w2, other;
    assert_int_equal(pool->wait(other, io::deadline_in(10)), ERROR_INVALID_PARAMETER);
    assert_int_equal((int)pool->checkout(kKey, 1, c1, &w1), (int)Grant::Queued);
    assert_int_equal((int)pool->checkout(kKey, 1, c2, &w2), (int)Grant::Queued);
    auto t0 = io::Clock::now();
    assert_int_equal(pool->wait(w1, io::deadline_in(50)), ERROR_WINHTTP_TIMEOUT);
    assert_true(io::Clock::now() - t0 >= 50ms);
    assert_int_equal((int)pool->checkout(kKey, 1, c1, &w1), (int)Grant::Queued);

    // The first waiter is granted, then gives up: its slot passes to the next one.
    pool->release(std::move(held), false);
    assert_true(w1.granted());
    assert_false(w2.granted());
    w1.cancel();
    assert_false(w1.queued());
    assert_true(w2.granted());
    assert_int_equal(pool->count(kKey), 1);
    // Abandoning a granted wait entirely frees the slot.
    w2.cancel();
    assert_int_equal(pool->count(kKey), 0);
    assert_int_equal(pool->waiters(kKey), 0);
}

void test_idle_expiry(void**)
{
    Server srv;
    FakeClock clk;
    auto pool = pool_with(clk);
    auto c = open_conn(*pool, kKey, srv);
    pool->release(std::move(c), true);
    clk.advance(119000);
    auto again = pool->acquire(kKey);   // still within the idle timeout
    assert_non_null(again.get());
    pool->release(std::move(again), true);   // idle since "now"
    clk.advance(119000);
    assert_int_equal(pool->sweep(clk.now()), 0);
    assert_int_equal(pool->idle_count(kKey), 1);
    clk.advance(2000);
    assert_int_equal(pool->sweep(clk.now()), 1);
    assert_int_equal(pool->idle_total(), 0);
    assert_int_equal(pool->count(kKey), 0);

    // Expired connections are also dropped by acquire and release.
    auto d = open_conn(*pool, kKey, srv);
    pool->release(std::move(d), true);
    clk.advance(121000);
    assert_null(pool->acquire(kKey).get());
    assert_int_equal(pool->count(kKey), 0);
    PoolKey other = PoolKey::make("other", 80, false);
    auto e = open_conn(*pool, kKey, srv);
    pool->release(std::move(e), true);
    clk.advance(121000);
    auto f = open_conn(*pool, other, srv);
    pool->release(std::move(f), true);   // sweeps kKey's expired one
    assert_int_equal(pool->count(kKey), 0);
    assert_int_equal(pool->idle_total(), 1);
}

void test_idle_caps(void**)
{
    Server srv;
    FakeClock clk;
    auto pool = pool_with(clk, 3, 4);
    std::vector<std::unique_ptr<Connection>> conns;
    std::vector<int> fds;
    for (int i = 0; i < 5; ++i) {
        conns.push_back(open_conn(*pool, kKey, srv));
        fds.push_back(conns.back()->socket.fd());
    }
    for (auto& c : conns) {
        clk.advance(1000);
        pool->release(std::move(c), true);
    }
    assert_int_equal(pool->idle_count(kKey), 3);   // the two oldest closed
    assert_int_equal(pool->count(kKey), 3);

    // Total cap: two more idle on another key push out kKey's oldest.
    PoolKey other = PoolKey::make("other", 80, false);
    auto a = open_conn(*pool, other, srv);
    auto b = open_conn(*pool, other, srv);
    clk.advance(1000);
    pool->release(std::move(a), true);
    clk.advance(1000);
    pool->release(std::move(b), true);
    assert_int_equal(pool->idle_total(), 4);
    assert_int_equal(pool->idle_count(kKey), 2);
    assert_int_equal(pool->idle_count(other), 2);
    auto x = pool->acquire(kKey);
    auto y = pool->acquire(kKey);
    assert_int_equal(x->socket.fd(), fds[4]);
    assert_int_equal(y->socket.fd(), fds[3]);
    assert_null(pool->acquire(kKey).get());
    pool->clear_idle();
    assert_int_equal(pool->idle_total(), 0);
    assert_int_equal(pool->count(other), 0);
}

void test_pool_outlived(void**)
{
    Server srv;
    auto pool = ConnectionPool::create();
    auto c = open_conn(*pool, kKey, srv);
    auto idle = open_conn(*pool, kKey, srv);
    pool->release(std::move(idle), true);
    pool.reset();   // idle ones close with the pool; active ones live on
    assert_true(c->socket.is_open());
    c.reset();
}

} // namespace

#define T(f) cmocka_unit_test_setup_teardown(f, setup_fds, teardown_fds)

int main()
{
    const CMUnitTest tests[] = {
        T(test_reuse),
        T(test_most_recent_first),
        T(test_server_closed),
        T(test_unexpected_bytes),
        T(test_keys),
        T(test_limits),
        T(test_limit_for_http10),
        T(test_fifo_threads),
        T(test_waiter_gets_released_connection),
        T(test_reactor_post),
        T(test_wait_timeout_and_cancel),
        T(test_idle_expiry),
        T(test_idle_caps),
        T(test_pool_outlived),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
