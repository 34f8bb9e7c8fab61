// Unit tests of the operation model (engine/operation.h): an operation that connects, notifies,
// sends, waits for a reply with a deadline and reads it, driven by drive_sync on real loopback
// sockets; plus the timeout and cancellation paths.
#include "engine/operation.h"
#include "io/address.h"
#include "io/socket.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <atomic>
#include <chrono>
#include <cstring>
#include <string>
#include <thread>
#include <vector>
// cmocka.h last: its fail() macro would clash with Call::fail.
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
extern "C" {
#include <cmocka.h>
}

using namespace winhttp;

namespace {

// A one-connection loopback server: reads 4 bytes, then answers "pong" unless told to stay
// silent (it then holds the connection until the test ends).
struct Server {
    int lfd = -1;
    uint16_t port = 0;
    bool silent = false;
    std::thread t;
    std::atomic<bool> stop{false};

    explicit Server(bool quiet) : silent(quiet)
    {
        lfd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ::bind(lfd, reinterpret_cast<sockaddr*>(&a), sizeof a);
        ::listen(lfd, 4);
        socklen_t len = sizeof a;
        ::getsockname(lfd, reinterpret_cast<sockaddr*>(&a), &len);
        port = ntohs(a.sin_port);
        t = std::thread([this] {
            int c = ::accept(lfd, nullptr, nullptr);
            if (c < 0) return;
            char buf[4];
            size_t got = 0;
            while (got < 4) {
                ssize_t n = ::read(c, buf + got, 4 - got);
                if (n <= 0) break;
                got += n;
            }
            if (!silent && got == 4) {
                ssize_t w = ::write(c, "pong", 4);
                (void)w;
            }
            while (!stop) std::this_thread::sleep_for(std::chrono::milliseconds(5));
            ::close(c);
        });
    }
    ~Server()
    {
        stop = true;
        ::shutdown(lfd, SHUT_RDWR);
        t.join();
        ::close(lfd);
    }
};

// Connect, notify CONNECTED_TO_SERVER, send "ping", notify REQUEST_SENT, wait for the reply
// (bounded by `timeout_ms`), read it.
class PingOp final : public Operation {
public:
    PingOp(uint16_t port, long long timeout_ms) : port_(port), timeout_ms_(timeout_ms) {}
    ~PingOp() override { close(); }

    OpStatus resume(Call& c, io::Reactor& r) override
    {
        if (cancelled()) return finish(c, r, ERROR_WINHTTP_OPERATION_CANCELLED);
        switch (state_) {
        case State::Start: {
            io::Address a;
            io::parse_numeric_host("127.0.0.1", port_, a);
            DWORD e = sock_.start_connect(a);
            if (e == io::kIoPending) {
                state_ = State::Connecting;
                return wait(c, r, io::kWritable);
            }
            if (e) return finish(c, r, e);
            return connected(c);
        }
        case State::Connecting: {
            if (waiter.fired & io::kTimeout) return finish(c, r, ERROR_WINHTTP_TIMEOUT);
            DWORD e = sock_.finish_connect();
            if (e == io::kIoPending) return wait(c, r, io::kWritable);
            if (e) return finish(c, r, e);
            return connected(c);
        }
        case State::Connected: {
            io::IoResult s = sock_.send("ping", 4);
            if (!s.ok()) return finish(c, r, s.error ? s.error : ERROR_WINHTTP_CONNECTION_ERROR);
            DWORD sent = static_cast<DWORD>(s.bytes);
            state_ = State::Sent;
            c.notes.push_back(note(WINHTTP_CALLBACK_STATUS_REQUEST_SENT, &sent, sizeof sent));
            return OpStatus::Notify;
        }
        case State::Sent:
            state_ = State::Receiving;
            return wait(c, r, io::kReadable);
        case State::Receiving: {
            if (waiter.fired & io::kTimeout) return finish(c, r, ERROR_WINHTTP_TIMEOUT);
            char buf[16];
            io::IoResult rr = sock_.recv(buf, sizeof buf);
            if (rr.would_block) return wait(c, r, io::kReadable);
            if (!rr.ok()) return finish(c, r, rr.error);
            reply_.append(buf, rr.bytes);
            if (rr.eof() || reply_.size() >= 4) return finish(c, r, ERROR_SUCCESS);
            return wait(c, r, io::kReadable);
        }
        default:
            return finish(c, r, ERROR_WINHTTP_INTERNAL_ERROR);
        }
    }

    std::string reply_;

private:
    enum class State { Start, Connecting, Connected, Sent, Receiving, Finished };

    Notification note(DWORD status, const void* info, DWORD len)
    {
        Notification n;
        n.status = status;
        n.set_info_copy(info, len);
        return n;
    }
    OpStatus connected(Call& c)
    {
        state_ = State::Connected;
        c.notes.push_back(note(WINHTTP_CALLBACK_STATUS_CONNECTED_TO_SERVER, "127.0.0.1", 10));
        return OpStatus::Notify;
    }
    OpStatus wait(Call& c, io::Reactor& r, uint32_t events)
    {
        DWORD e = r.watch(sock_.fd(), events, &waiter, io::deadline_in(timeout_ms_));
        if (e) return finish(c, r, e);
        armed(r);
        return OpStatus::Wait;
    }
    OpStatus finish(Call& c, io::Reactor& r, DWORD e)
    {
        r.cancel(&waiter);
        if (sock_.is_open()) r.forget(sock_.fd());
        close();
        state_ = State::Finished;
        c.error = e;
        return OpStatus::Done;
    }
    void close() { sock_.close(); }

    uint16_t port_;
    long long timeout_ms_;
    State state_ = State::Start;
    io::Socket sock_;
};

std::vector<DWORD> delivered;
void record(Call& c)
{
    for (auto& n : c.notes) delivered.push_back(n.status);
    c.notes.clear();
}

void test_drive_to_completion(void**)
{
    Server srv(false);
    std::unique_ptr<io::Reactor> r;
    assert_int_equal(io::Reactor::create(r), ERROR_SUCCESS);
    PingOp op(srv.port, 5000);
    Call c;
    delivered.clear();
    assert_int_equal(drive_sync(op, c, *r, record), ERROR_SUCCESS);
    assert_string_equal(op.reply_.c_str(), "pong");
    // Notifications come in the order the operation produced them.
    assert_int_equal(delivered.size(), 2);
    assert_int_equal(delivered[0], WINHTTP_CALLBACK_STATUS_CONNECTED_TO_SERVER);
    assert_int_equal(delivered[1], WINHTTP_CALLBACK_STATUS_REQUEST_SENT);
    assert_int_equal(r->pending(), 0);
}

void test_timeout(void**)
{
    Server srv(true);
    std::unique_ptr<io::Reactor> r;
    assert_int_equal(io::Reactor::create(r), ERROR_SUCCESS);
    PingOp op(srv.port, 100);
    Call c;
    auto t0 = std::chrono::steady_clock::now();
    assert_int_equal(drive_sync(op, c, *r, record), ERROR_WINHTTP_TIMEOUT);
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
    assert_true(ms >= 100);
    assert_true(ms < 3000);
    assert_int_equal(r->pending(), 0);
}

void test_cancel_from_another_thread(void**)
{
    Server srv(true);
    std::unique_ptr<io::Reactor> r;
    assert_int_equal(io::Reactor::create(r), ERROR_SUCCESS);
    PingOp op(srv.port, -1); // no deadline: only the cancellation can end it
    std::thread closer([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        op.cancel();
    });
    Call c;
    assert_int_equal(drive_sync(op, c, *r, record), ERROR_WINHTTP_OPERATION_CANCELLED);
    closer.join();
    assert_int_equal(r->pending(), 0);
}

void test_connect_refused(void**)
{
    // A port nobody listens on: bind one, note it, close it.
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t len = sizeof a;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    ::close(fd);
    std::unique_ptr<io::Reactor> r;
    assert_int_equal(io::Reactor::create(r), ERROR_SUCCESS);
    PingOp op(ntohs(a.sin_port), 2000);
    Call c;
    delivered.clear();
    assert_int_equal(drive_sync(op, c, *r, record), ERROR_WINHTTP_CANNOT_CONNECT);
    assert_int_equal(delivered.size(), 0);
}

} // namespace

int main()
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_drive_to_completion),
        cmocka_unit_test(test_timeout),
        cmocka_unit_test(test_cancel_from_another_thread),
        cmocka_unit_test(test_connect_refused),
    };
    return cmocka_run_group_tests_name("operation", tests, nullptr, nullptr);
}
