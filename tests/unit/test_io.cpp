// Unit tests of the Unix I/O backend (dlls/winhttp/io): the epoll reactor (fd readiness, timer
// order, wake-ups and posts from other threads), non-blocking TCP sockets over loopback
// (connect, refusal, would-block, EOF and reset, errno mapping) and the resolver (numeric
// hosts inline, localhost, names that cannot resolve, deadlines, cancellation). All traffic
// stays on loopback; every test checks it leaves no fd behind.
// The io headers come first: cmocka defines a fail() macro.
#include "io/address.h"
#include "io/error.h"
#include "io/reactor.h"
#include "io/resolver.h"
#include "io/socket.h"
#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>
#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
extern "C" {   // Debian's cmocka 1.1.5 header declares its functions without C linkage for C++
#include <cmocka.h>
}

using namespace winhttp::io;
using namespace std::chrono_literals;

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

// Waits (briefly) for the fd count to come back to `base`: helper threads of abandoned
// lookups release their eventfd when their getaddrinfo returns.
bool fds_back_to(int base)
{
    for (int i = 0; i < 200; ++i) {
        if (fd_count() == base) return true;
        std::this_thread::sleep_for(10ms);
    }
    return fd_count() == base;
}

int setup_fds(void** state)
{
    *state = reinterpret_cast<void*>(static_cast<intptr_t>(fd_count()));
    return 0;
}

int teardown_fds(void** state)
{
    int base = static_cast<int>(reinterpret_cast<intptr_t>(*state));
    if (!fds_back_to(base)) {
        print_error("fd leak: %d fds before, %d after\n", base, fd_count());
        return -1;
    }
    return 0;
}

long long ms_since(Clock::time_point t)
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t).count();
}

// A loopback listener on an ephemeral port.
struct Listener {
    int fd = -1;
    Address addr;

    explicit Listener(int family = AF_INET)
    {
        fd = socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
        assert_true(fd >= 0);
        int one = 1;
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        Address a;
        assert_true(parse_numeric_host(family == AF_INET ? "127.0.0.1" : "::1", 0, a));
        assert_int_equal(bind(fd, a.sa(), a.len), 0);
        assert_int_equal(listen(fd, 16), 0);
        sockaddr_storage ss;
        socklen_t len = sizeof ss;
        assert_int_equal(getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len), 0);
        assert_true(address_from_sockaddr(reinterpret_cast<sockaddr*>(&ss), len, addr));
    }
    ~Listener() { close(fd); }
    int accept_one() { return accept4(fd, nullptr, nullptr, SOCK_CLOEXEC); }
};

// A loopback port nobody listens on: bound, then closed.
Address closed_port(int family = AF_INET)
{
    Address a;
    {
        Listener l(family);
        a = l.addr;
    }
    return a;
}

// A connected pair: our non-blocking client Socket and the accepted server fd.
struct Pair {
    Listener l;
    Socket client;
    int server = -1;

    explicit Pair(int family = AF_INET) : l(family)
    {
        assert_int_equal(client.connect(l.addr, deadline_in(2000)), ERROR_SUCCESS);
        server = l.accept_one();
        assert_true(server >= 0);
    }
    ~Pair() { if (server >= 0) close(server); }
};

std::unique_ptr<Reactor> make_reactor()
{
    std::unique_ptr<Reactor> r;
    assert_int_equal(Reactor::create(r), ERROR_SUCCESS);
    assert_non_null(r.get());
    return r;
}

// Runs the reactor until `w` comes back (or 2 s pass); returns its fired bits (0 if never).
uint32_t run_until(Reactor& r, Waiter& w)
{
    Deadline give_up = deadline_in(2000);
    std::vector<Waiter*> ready;
    while (Clock::now() < give_up) {
        ready.clear();
        r.run_once(give_up, ready);
        if (std::find(ready.begin(), ready.end(), &w) != ready.end()) return w.fired;
    }
    return 0;
}

// ---------------------------------------------------------------- addresses and errors

void test_numeric_hosts(void**)
{
    Address a;
    assert_true(parse_numeric_host("127.0.0.1", 80, a));
    assert_int_equal(a.family(), AF_INET);
    assert_int_equal(a.port(), 80);
    assert_string_equal(a.to_string().c_str(), "127.0.0.1:80");
    assert_true(parse_numeric_host("[::1]", 443, a));
    assert_int_equal(a.family(), AF_INET6);
    assert_string_equal(a.to_string().c_str(), "[::1]:443");
    assert_string_equal(a.host_string().c_str(), "::1");
    assert_true(parse_numeric_host("::ffff:10.0.0.1", 1, a));
    assert_int_equal(a.family(), AF_INET6);
    assert_false(parse_numeric_host("[127.0.0.1]", 80, a));   // brackets are for IPv6 only
    assert_false(parse_numeric_host("localhost", 80, a));
    assert_false(parse_numeric_host("", 80, a));
    assert_false(parse_numeric_host("[]", 80, a));
    assert_false(parse_numeric_host("1.2.3.4.5", 80, a));
    assert_false(parse_numeric_host(std::string_view("1.2.3.4\0x", 9), 80, a));
}

void test_errno_mapping(void**)
{
    assert_int_equal(map_errno(0, Phase::Connect), ERROR_SUCCESS);
    assert_int_equal(map_errno(ECONNREFUSED, Phase::Connect), ERROR_WINHTTP_CANNOT_CONNECT);
    assert_int_equal(map_errno(ENETUNREACH, Phase::Connect), ERROR_WINHTTP_CANNOT_CONNECT);
    assert_int_equal(map_errno(EHOSTUNREACH, Phase::Connect), ERROR_WINHTTP_CANNOT_CONNECT);
    assert_int_equal(map_errno(EADDRNOTAVAIL, Phase::Connect), ERROR_WINHTTP_CANNOT_CONNECT);
    // The TCP stack giving up on its SYNs: Windows reports 12029 (WSAETIMEDOUT from the stack),
    // while the WinHttpSetTimeouts connect deadline is ERROR_WINHTTP_TIMEOUT (tested below).
    assert_int_equal(map_errno(ETIMEDOUT, Phase::Connect), ERROR_WINHTTP_CANNOT_CONNECT);
    assert_int_equal(map_errno(ECONNRESET, Phase::Transfer), ERROR_WINHTTP_CONNECTION_ERROR);
    assert_int_equal(map_errno(EPIPE, Phase::Transfer), ERROR_WINHTTP_CONNECTION_ERROR);
    assert_int_equal(map_errno(ECONNABORTED, Phase::Transfer), ERROR_WINHTTP_CONNECTION_ERROR);
    assert_int_equal(map_errno(ETIMEDOUT, Phase::Transfer), ERROR_WINHTTP_CONNECTION_ERROR);
    assert_int_equal(map_errno(ENOMEM, Phase::Connect), ERROR_NOT_ENOUGH_MEMORY);
    assert_int_equal(map_errno(ENOBUFS, Phase::Transfer), ERROR_NOT_ENOUGH_MEMORY);
}

// ---------------------------------------------------------------- sockets

void test_connect_v4(void**)
{
    Pair p;
    int one = 0;
    socklen_t len = sizeof one;
    assert_int_equal(getsockopt(p.client.fd(), IPPROTO_TCP, TCP_NODELAY, &one, &len), 0);
    assert_int_equal(one, 1);
    assert_true(fcntl(p.client.fd(), F_GETFL) & O_NONBLOCK);
    assert_true(fcntl(p.client.fd(), F_GETFD) & FD_CLOEXEC);
    Address peer, local;
    assert_true(p.client.peer_address(peer));
    assert_true(peer == p.l.addr);
    assert_true(p.client.local_address(local));
    assert_int_equal(local.family(), AF_INET);

    IoResult r = p.client.send("ping", 4);
    assert_true(r.ok());
    assert_int_equal(r.bytes, 4);
    char buf[8] = {};
    assert_int_equal(recv(p.server, buf, sizeof buf, 0), 4);
    assert_memory_equal(buf, "ping", 4);
}

// The two-step connect through the reactor, over IPv6.
void test_connect_v6_reactor(void**)
{
    auto r = make_reactor();
    Listener l(AF_INET6);
    Socket s;
    DWORD err = s.start_connect(l.addr);
    assert_true(err == ERROR_SUCCESS || err == kIoPending);
    if (err == kIoPending) {
        Waiter w;
        assert_int_equal(r->watch(s.fd(), kWritable, &w, deadline_in(2000)), ERROR_SUCCESS);
        assert_int_equal(run_until(*r, w) & kWritable, kWritable);
        assert_int_equal(s.finish_connect(), ERROR_SUCCESS);
        r->forget(s.fd());
    }
    assert_int_equal(s.start_connect(l.addr), ERROR_INVALID_PARAMETER);   // already open
    int srv = l.accept_one();
    assert_true(srv >= 0);
    Address peer;
    assert_true(s.peer_address(peer));
    assert_int_equal(peer.family(), AF_INET6);
    close(srv);
}

void test_connect_refused(void**)
{
    Address gone = closed_port();
    Socket s;
    assert_int_equal(s.connect(gone, deadline_in(2000)), ERROR_WINHTTP_CANNOT_CONNECT);
    assert_false(s.is_open());   // closed again on failure

    // The same through the reactor: the refusal comes either at once or via SO_ERROR.
    auto r = make_reactor();
    Socket s2;
    DWORD err = s2.start_connect(closed_port(AF_INET6));
    if (err == kIoPending) {
        Waiter w;
        assert_int_equal(r->watch(s2.fd(), kWritable, &w), ERROR_SUCCESS);
        assert_true(run_until(*r, w) & kWritable);
        err = s2.finish_connect();
        r->forget(s2.fd());
    }
    assert_int_equal(err, ERROR_WINHTTP_CANNOT_CONNECT);

    Socket s3;
    Address none;   // not an address at all
    assert_int_equal(s3.start_connect(none), ERROR_INVALID_PARAMETER);
}

// A connect timeout cannot be provoked reliably on loopback; the deadline machinery that
// bounds it (wait_fd, reactor deadlines) ends in ERROR_WINHTTP_TIMEOUT / kTimeout on time.
void test_deadlines(void**)
{
    Pair p;
    auto t0 = Clock::now();
    assert_int_equal(wait_fd(p.client.fd(), kReadable, deadline_in(30)), ERROR_WINHTTP_TIMEOUT);
    long long el = ms_since(t0);
    assert_true(el >= 30 && el < 1000);
    assert_int_equal(wait_fd(p.client.fd(), kWritable, deadline_in(1000)), ERROR_SUCCESS);
    assert_int_equal(wait_fd(p.client.fd(), kReadable, Clock::now()), ERROR_WINHTTP_TIMEOUT);

    // A connect whose deadline has already passed: loopback may still complete at once;
    // otherwise it is ERROR_WINHTTP_TIMEOUT and the socket is closed again.
    Socket s;
    DWORD err = s.connect(p.l.addr, Clock::now());
    assert_true(err == ERROR_SUCCESS || err == ERROR_WINHTTP_TIMEOUT);
    assert_true(s.is_open() == (err == ERROR_SUCCESS));
    s.close();   // a connection the listener queued anyway goes with the listener

    auto r = make_reactor();
    Waiter w;
    t0 = Clock::now();
    assert_int_equal(r->watch(p.client.fd(), kReadable, &w, deadline_in(30)), ERROR_SUCCESS);
    assert_int_equal(run_until(*r, w), kTimeout);
    el = ms_since(t0);
    assert_true(el >= 30 && el < 1000);
    assert_int_equal(r->pending(), 0);
    // The fd interest went with the timer: data arriving now wakes nobody.
    assert_int_equal(send(p.server, "x", 1, 0), 1);
    std::vector<Waiter*> ready;
    assert_int_equal(r->run_once(50, ready), 0);
    r->forget(p.client.fd());
}

void test_would_block(void**)
{
    Pair p;
    char buf[4096];
    IoResult r = p.client.recv(buf, sizeof buf);
    assert_true(r.would_block);
    assert_false(r.ok());
    assert_int_equal(r.error, ERROR_SUCCESS);
    assert_true(p.client.idle_usable());

    // Fill the send side until the kernel pushes back. (Default buffer sizes: tiny ones close
    // the TCP window and the drain below would wait for the persist timer.)
    std::vector<char> big(256 * 1024, 'a');
    size_t sent = 0;
    for (int i = 0; i < 10000; ++i) {
        r = p.client.send(big.data(), big.size());
        if (r.would_block) break;
        assert_true(r.ok());
        sent += r.bytes;
    }
    assert_true(r.would_block);
    assert_int_equal(r.bytes, 0);

    // The reactor reports writability once the peer drains.
    auto re = make_reactor();
    Waiter w;
    assert_int_equal(re->watch(p.client.fd(), kWritable, &w, deadline_in(40)), ERROR_SUCCESS);
    assert_int_equal(run_until(*re, w), kTimeout);   // nobody reads yet
    assert_int_equal(re->watch(p.client.fd(), kWritable, &w, deadline_in(2000)), ERROR_SUCCESS);
    size_t drained = 0;
    while (drained < sent) {
        ssize_t n = recv(p.server, big.data(), big.size(), 0);
        assert_true(n > 0);
        drained += static_cast<size_t>(n);
    }
    assert_int_equal(run_until(*re, w), kWritable);
    re->forget(p.client.fd());
}

void test_writev_recv_eof(void**)
{
    Pair p;
    iovec iov[3] = {{const_cast<char*>("GET "), 4}, {const_cast<char*>("/ "), 2},
                    {const_cast<char*>("HTTP/1.1\r\n"), 10}};
    IoResult r = p.client.writev(iov, 3);
    assert_true(r.ok());
    assert_int_equal(r.bytes, 16);
    char buf[32] = {};
    size_t got = 0;
    while (got < 16) {
        ssize_t n = recv(p.server, buf + got, sizeof buf - got, 0);
        assert_true(n > 0);
        got += static_cast<size_t>(n);
    }
    assert_memory_equal(buf, "GET / HTTP/1.1\r\n", 16);

    // Data then an orderly close: the reactor says readable, recv returns it, then EOF.
    assert_int_equal(send(p.server, "hello", 5, 0), 5);
    shutdown(p.server, SHUT_WR);
    auto re = make_reactor();
    Waiter w;
    assert_int_equal(re->watch(p.client.fd(), kReadable, &w), ERROR_SUCCESS);
    assert_true(run_until(*re, w) & kReadable);
    r = p.client.recv(buf, sizeof buf);
    assert_true(r.ok());
    assert_int_equal(r.bytes, 5);
    assert_false(p.client.idle_usable());   // EOF pending
    r = p.client.recv(buf, sizeof buf);
    assert_true(r.eof());
    assert_int_equal(p.client.shutdown_write(), ERROR_SUCCESS);
    re->forget(p.client.fd());
}

void test_reset(void**)
{
    Pair p;
    linger lg{1, 0};   // close with RST
    setsockopt(p.server, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
    close(p.server);
    p.server = -1;
    assert_int_equal(wait_fd(p.client.fd(), kReadable, deadline_in(2000)), ERROR_SUCCESS);
    char buf[16];
    IoResult r = p.client.recv(buf, sizeof buf);
    assert_false(r.would_block);
    assert_int_equal(r.error, ERROR_WINHTTP_CONNECTION_ERROR);   // ECONNRESET, reported once
    assert_false(p.client.idle_usable());
    // Writing to the dead connection: EPIPE, and no SIGPIPE kills the test.
    r = p.client.send("x", 1);
    assert_int_equal(r.error, ERROR_WINHTTP_CONNECTION_ERROR);
    iovec iov{const_cast<char*>("y"), 1};
    r = p.client.writev(&iov, 1);
    assert_int_equal(r.error, ERROR_WINHTTP_CONNECTION_ERROR);
}

void test_socket_move_close(void**)
{
    Pair p;
    int fd = p.client.fd();
    Socket other(std::move(p.client));
    assert_false(p.client.is_open());
    assert_int_equal(other.fd(), fd);
    Socket third;
    third = std::move(other);
    assert_int_equal(third.fd(), fd);
    third.close();
    assert_false(third.is_open());
    third.close();   // twice is harmless
}

// ---------------------------------------------------------------- reactor

void test_reactor_timer_order(void**)
{
    auto r = make_reactor();
    const int delays[] = {40, 10, 30, 20, 50};
    Waiter w[5], cancelled, same1, same2;
    auto t0 = Clock::now();
    for (int i = 0; i < 5; ++i) {
        w[i].op = reinterpret_cast<void*>(static_cast<intptr_t>(delays[i]));
        assert_int_equal(r->add_timer(&w[i], t0 + std::chrono::milliseconds(delays[i])),
                         ERROR_SUCCESS);
    }
    assert_int_equal(r->add_timer(&cancelled, t0 + 5ms), ERROR_SUCCESS);
    assert_int_equal(r->add_timer(&w[0], t0), ERROR_INVALID_PARAMETER);   // already armed
    // Equal deadlines fire in arming order.
    assert_int_equal(r->add_timer(&same1, t0 + 25ms), ERROR_SUCCESS);
    assert_int_equal(r->add_timer(&same2, t0 + 25ms), ERROR_SUCCESS);
    assert_int_equal(r->pending(), 8);
    assert_true(r->cancel(&cancelled));
    assert_false(r->cancel(&cancelled));

    std::vector<Waiter*> ready;
    while (ready.size() < 7 && ms_since(t0) < 2000) r->run_once(2000, ready);
    assert_int_equal(ready.size(), 7);
    const Waiter* expect[] = {&w[1], &w[3], &same1, &same2, &w[2], &w[0], &w[4]};
    for (int i = 0; i < 7; ++i) {
        assert_ptr_equal(ready[i], expect[i]);
        assert_int_equal(ready[i]->fired, kTimeout);
    }
    assert_true(ms_since(t0) >= 50);
    assert_int_equal(r->pending(), 0);
    assert_int_equal(cancelled.fired, 0);
    // A deadline already past fires on the next turn without blocking.
    assert_int_equal(r->add_timer(&w[0], t0), ERROR_SUCCESS);
    ready.clear();
    auto t1 = Clock::now();
    assert_int_equal(r->run_once(5000, ready), 1);
    assert_true(ms_since(t1) < 1000);
    // Nothing armed: run_once times out with nothing.
    ready.clear();
    assert_int_equal(r->run_once(10, ready), 0);
}

void test_reactor_fds(void**)
{
    auto r = make_reactor();
    int sv[2];
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, sv), 0);
    Waiter rd, wr, other;
    assert_int_equal(r->watch(sv[0], kReadable, &rd), ERROR_SUCCESS);
    assert_int_equal(r->watch(sv[0], kReadable, &other), ERROR_INVALID_PARAMETER);  // taken
    assert_int_equal(r->watch(sv[0], 0, &other), ERROR_INVALID_PARAMETER);
    assert_int_equal(r->watch(-1, kReadable, &other), ERROR_INVALID_PARAMETER);
    // Reader and writer on one fd: the writer is ready at once, the reader still waits.
    assert_int_equal(r->watch(sv[0], kWritable, &wr), ERROR_SUCCESS);
    std::vector<Waiter*> ready;
    r->run_once(2000, ready);
    assert_int_equal(ready.size(), 1);
    assert_ptr_equal(ready[0], &wr);
    assert_int_equal(wr.fired, kWritable);
    ready.clear();
    assert_int_equal(r->run_once(20, ready), 0);   // re-armed for the reader only
    assert_int_equal(write(sv[1], "z", 1), 1);
    assert_int_equal(run_until(*r, rd), kReadable);
    // Level-triggered data still there: re-arming reports it again.
    assert_int_equal(r->watch(sv[0], kReadable, &rd), ERROR_SUCCESS);
    assert_int_equal(run_until(*r, rd), kReadable);
    char c;
    assert_int_equal(read(sv[0], &c, 1), 1);
    // One waiter for both directions gets what is ready.
    assert_int_equal(r->watch(sv[0], kReadable | kWritable, &rd, deadline_in(2000)), ERROR_SUCCESS);
    assert_int_equal(run_until(*r, rd), kWritable);
    // Hang-up reaches a reader as readable.
    close(sv[1]);
    assert_int_equal(r->watch(sv[0], kReadable, &rd), ERROR_SUCCESS);
    assert_int_equal(run_until(*r, rd) & (kReadable | kTimeout), kReadable);
    // forget() drops armed waiters with the fd.
    assert_int_equal(r->watch(sv[0], kReadable, &rd, deadline_in(20)), ERROR_SUCCESS);
    assert_int_equal(r->forget(sv[0]), 1);
    assert_int_equal(r->pending(), 0);
    assert_false(r->cancel(&rd));
    close(sv[0]);
    // A regular file cannot be polled by epoll.
    int f = open("/proc/self/stat", O_RDONLY | O_CLOEXEC);
    assert_true(f >= 0);
    assert_int_equal(r->watch(f, kReadable, &other), ERROR_INVALID_PARAMETER);
    assert_int_equal(r->pending(), 0);
    close(f);
    // A closed fd number.
    assert_int_equal(r->watch(f, kReadable, &other), ERROR_INVALID_HANDLE);
    assert_int_equal(r->pending(), 0);
}

void test_reactor_wake(void**)
{
    auto r = make_reactor();
    std::vector<Waiter*> ready;
    // wake() before run_once: the next one returns at once.
    r->wake();
    auto t0 = Clock::now();
    assert_int_equal(r->run_once(5000, ready), 0);
    assert_true(ms_since(t0) < 1000);

    // wake() from another thread interrupts a blocked run_once.
    t0 = Clock::now();
    std::thread t([&] {
        std::this_thread::sleep_for(30ms);
        r->wake();
    });
    assert_int_equal(r->run_once(5000, ready), 0);
    long long el = ms_since(t0);
    t.join();
    assert_true(el >= 25 && el < 2000);

    // post() from another thread delivers the waiter with kPosted.
    Waiter w;
    std::thread t2([&] {
        std::this_thread::sleep_for(20ms);
        r->post(&w);
    });
    assert_int_equal(run_until(*r, w), kPosted);
    t2.join();

    // A timer armed from another thread, sooner than the one the poller sleeps for, wakes it.
    Waiter late, soon;
    assert_int_equal(r->add_timer(&late, deadline_in(3000)), ERROR_SUCCESS);
    t0 = Clock::now();
    std::thread t3([&] {
        std::this_thread::sleep_for(20ms);
        r->add_timer(&soon, deadline_in(10));
    });
    assert_int_equal(run_until(*r, soon), kTimeout);
    assert_true(ms_since(t0) < 1500);
    t3.join();
    assert_true(r->cancel(&late));

    // post() on an armed waiter replaces its wait.
    int sv[2];
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
    assert_int_equal(r->watch(sv[0], kReadable, &w, deadline_in(3000)), ERROR_SUCCESS);
    assert_int_equal(r->post(&w), ERROR_SUCCESS);
    assert_int_equal(r->post(&w), ERROR_SUCCESS);   // once is enough
    ready.clear();
    assert_int_equal(r->run_once(0, ready), 1);
    assert_int_equal(w.fired, kPosted);
    assert_int_equal(r->pending(), 0);
    r->forget(sv[0]);
    close(sv[0]);
    close(sv[1]);
}

// A pool-style driver: one poller thread, another thread re-arming waiters concurrently.
void test_reactor_concurrent_arming(void**)
{
    auto r = make_reactor();
    constexpr int kRounds = 200;
    std::atomic<int> delivered{0};
    std::atomic<bool> stop{false};
    std::thread poller([&] {
        std::vector<Waiter*> ready;
        while (!stop.load()) {
            ready.clear();
            r->run_once(100, ready);
            delivered += static_cast<int>(ready.size());
        }
    });
    Waiter ws[8];
    for (int i = 0; i < kRounds; ++i) {
        Waiter& w = ws[i % 8];
        while (r->add_timer(&w, deadline_in(i % 3)) != ERROR_SUCCESS) std::this_thread::yield();
    }
    auto t0 = Clock::now();
    while (delivered.load() < kRounds && ms_since(t0) < 3000) std::this_thread::sleep_for(1ms);
    stop = true;
    r->wake();
    poller.join();
    assert_int_equal(delivered.load(), kRounds);
    assert_int_equal(r->pending(), 0);
}

// ---------------------------------------------------------------- resolver

// A getaddrinfo stand-in that waits for the test to open a gate, then answers 127.0.0.1.
struct Gate {
    std::mutex mu;
    std::condition_variable cv;
    bool open = false;
    std::atomic<int> calls{0};
    void release()
    {
        std::lock_guard lk(mu);
        open = true;
        cv.notify_all();
    }
};

LookupFn gated(std::shared_ptr<Gate> g)
{
    return [g](const char*, const char* service, const addrinfo* hints, addrinfo** res) {
        ++g->calls;
        std::unique_lock lk(g->mu);
        g->cv.wait(lk, [&] { return g->open; });
        return getaddrinfo("127.0.0.1", service, hints, res);
    };
}

void test_resolve_numeric(void**)
{
    int base = fd_count();
    std::unique_ptr<Lookup> l;
    std::vector<Address> out;
    assert_int_equal(Lookup::start("192.0.2.7", 8080, l, [](auto...) { return EAI_FAIL; }), ERROR_SUCCESS);
    assert_true(l->done());
    assert_int_equal(l->fd(), -1);   // inline: no thread, no fd
    assert_int_equal(fd_count(), base);
    assert_int_equal(l->result(out), ERROR_SUCCESS);
    assert_int_equal(out.size(), 1);
    assert_string_equal(out[0].to_string().c_str(), "192.0.2.7:8080");

    out.clear();
    assert_int_equal(resolve("[::1]", 443, deadline_in(0), out), ERROR_SUCCESS);
    assert_int_equal(out.size(), 1);
    assert_string_equal(out[0].to_string().c_str(), "[::1]:443");
    out.clear();
    assert_int_equal(resolve("2001:db8::5", 80, deadline_in(0), out), ERROR_SUCCESS);
    assert_string_equal(out[0].to_string().c_str(), "[2001:db8::5]:80");

    assert_int_equal(Lookup::start("", 80, l), ERROR_WINHTTP_NAME_NOT_RESOLVED);
    assert_int_equal(Lookup::start("[localhost]", 80, l), ERROR_WINHTTP_NAME_NOT_RESOLVED);
    assert_int_equal(Lookup::start("[10.0.0.1]", 80, l), ERROR_WINHTTP_NAME_NOT_RESOLVED);
    assert_int_equal(Lookup::start(std::string_view("a\0b", 3), 80, l),
                     ERROR_WINHTTP_NAME_NOT_RESOLVED);
}

void test_resolve_localhost(void**)
{
    std::vector<Address> out;
    auto t0 = Clock::now();
    assert_int_equal(resolve("localhost", 8443, deadline_in(3000), out), ERROR_SUCCESS);
    assert_true(ms_since(t0) < 2000);
    assert_false(out.empty());
    bool loopback = false;
    for (const Address& a : out) {
        assert_int_equal(a.port(), 8443);
        std::string h = a.host_string();
        if (h == "127.0.0.1" || h == "::1") loopback = true;
    }
    assert_true(loopback);

    // And a real connection to what it resolved to.
    Listener l;
    out.clear();
    assert_int_equal(resolve("localhost", l.addr.port(), deadline_in(3000), out), ERROR_SUCCESS);
    Socket s;
    DWORD err = ERROR_WINHTTP_CANNOT_CONNECT;
    for (const Address& a : out)
        if ((err = s.connect(a, deadline_in(2000))) == ERROR_SUCCESS) break;
    assert_int_equal(err, ERROR_SUCCESS);
    int srv = l.accept_one();
    assert_true(srv >= 0);
    close(srv);
}

// The reserved .invalid TLD (RFC 6761) is answered negatively without network traffic.
void test_resolve_unresolvable(void**)
{
    std::vector<Address> out;
    auto t0 = Clock::now();
    assert_int_equal(resolve("nonexistent.invalid", 80, deadline_in(3000), out),
                     ERROR_WINHTTP_NAME_NOT_RESOLVED);
    assert_true(ms_since(t0) < 3000);
    assert_true(out.empty());
    // A lookup function that fails the same way, through the reactor.
    auto r = make_reactor();
    std::unique_ptr<Lookup> l;
    assert_int_equal(Lookup::start("example.invalid", 80, l, [](auto...) { return EAI_NONAME; }),
                     ERROR_SUCCESS);
    Waiter w;
    assert_int_equal(r->watch(l->fd(), kReadable, &w, deadline_in(2000)), ERROR_SUCCESS);
    assert_int_equal(run_until(*r, w), kReadable);
    assert_int_equal(l->result(out), ERROR_WINHTTP_NAME_NOT_RESOLVED);
    r->forget(l->fd());
}

void test_resolve_timeout(void**)
{
    auto g = std::make_shared<Gate>();
    std::vector<Address> out;
    auto t0 = Clock::now();
    assert_int_equal(resolve("slow.invalid", 80, deadline_in(20), out, gated(g)),
                     ERROR_WINHTTP_TIMEOUT);
    long long el = ms_since(t0);
    assert_true(el >= 20 && el < 1000);
    assert_true(out.empty());
    g->release();   // the abandoned helper finishes; teardown checks its eventfd goes

    // The engine's way: the lookup's fd and the resolve deadline on one waiter.
    auto g2 = std::make_shared<Gate>();
    auto r = make_reactor();
    std::unique_ptr<Lookup> l;
    assert_int_equal(Lookup::start("slow2.invalid", 80, l, gated(g2)), ERROR_SUCCESS);
    assert_false(l->done());
    assert_int_equal(l->result(out), kIoPending);
    Waiter w;
    assert_int_equal(r->watch(l->fd(), kReadable, &w, deadline_in(20)), ERROR_SUCCESS);
    assert_int_equal(run_until(*r, w), kTimeout);
    r->forget(l->fd());
    l.reset();   // abandons it
    g2->release();
}

void test_resolve_cancel(void**)
{
    int base = fd_count();
    auto g = std::make_shared<Gate>();
    std::unique_ptr<Lookup> l;
    std::vector<Address> out;
    assert_int_equal(Lookup::start("blocked.invalid", 80, l, gated(g)), ERROR_SUCCESS);
    assert_int_equal(fd_count(), base + 1);   // its eventfd
    l->cancel();
    assert_int_equal(l->result(out), ERROR_WINHTTP_OPERATION_CANCELLED);
    g->release();
    // The helper still signals; the answer stays cancelled.
    assert_int_equal(wait_fd(l->fd(), kReadable, deadline_in(2000)), ERROR_SUCCESS);
    assert_true(l->done());
    assert_int_equal(l->result(out), ERROR_WINHTTP_OPERATION_CANCELLED);
    assert_true(out.empty());
    l.reset();
    assert_true(fds_back_to(base));
    assert_int_equal(g->calls.load(), 1);

    // Destroying a lookup in flight is a cancel too; the fd goes when the helper is done.
    auto g2 = std::make_shared<Gate>();
    assert_int_equal(Lookup::start("blocked2.invalid", 80, l, gated(g2)), ERROR_SUCCESS);
    l.reset();
    assert_int_equal(fd_count(), base + 1);
    g2->release();
    assert_true(fds_back_to(base));

    // A successful gated lookup, for contrast.
    auto g3 = std::make_shared<Gate>();
    g3->release();
    assert_int_equal(resolve("gated.invalid", 99, deadline_in(2000), out, gated(g3)), ERROR_SUCCESS);
    assert_int_equal(out.size(), 1);
    assert_string_equal(out[0].to_string().c_str(), "127.0.0.1:99");
}

} // namespace

#define T(f) cmocka_unit_test_setup_teardown(f, setup_fds, teardown_fds)

int main()
{
    const CMUnitTest tests[] = {
        T(test_numeric_hosts),
        T(test_errno_mapping),
        T(test_connect_v4),
        T(test_connect_v6_reactor),
        T(test_connect_refused),
        T(test_deadlines),
        T(test_would_block),
        T(test_writev_recv_eof),
        T(test_reset),
        T(test_socket_move_close),
        T(test_reactor_timer_order),
        T(test_reactor_fds),
        T(test_reactor_wake),
        T(test_reactor_concurrent_arming),
        T(test_resolve_numeric),
        T(test_resolve_localhost),
        T(test_resolve_unresolvable),
        T(test_resolve_timeout),
        T(test_resolve_cancel),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
