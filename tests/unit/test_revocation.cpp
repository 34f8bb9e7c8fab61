// engine/revocation_fetch.h and io/revocation_cache.h: which URLs a revocation fetch accepts, what
// it makes of answers from a loopback socket (good ones, hostile ones), and what the cache
// answers for certificates without revocation pointers, for garbage, and after failed fetches.
#include "io/reactor.h"
#include "io/revocation_cache.h"
#include "engine/revocation_fetch.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <string>
#include <thread>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
extern "C" {   // Debian's cmocka 1.1.5 header declares its functions without C linkage for C++
#include <cmocka.h>
}

using namespace winhttp;
using namespace winhttp::io;

namespace {

void test_split_url(void**)
{
    std::string host, path;
    uint16_t port = 0;
    assert_true(RevocationFetch::split_url("http://crl.example.com/ca.crl", host, port, path));
    assert_true(host == "crl.example.com" && port == 80 && path == "/ca.crl");
    assert_true(RevocationFetch::split_url("HTTP://127.0.0.1:8080", host, port, path));
    assert_true(host == "127.0.0.1" && port == 8080 && path == "/");
    assert_true(RevocationFetch::split_url("http://[::1]:81/x?y=1#frag", host, port, path));
    assert_true(host == "::1" && port == 81 && path == "/x?y=1");
    assert_false(RevocationFetch::split_url("https://crl.example.com/ca.crl", host, port, path));
    assert_false(RevocationFetch::split_url("ldap://ldap.example.com/cn=x", host, port, path));
    assert_false(RevocationFetch::split_url("http://", host, port, path));
    assert_false(RevocationFetch::split_url("http://:80/", host, port, path));
    assert_false(RevocationFetch::split_url("http://h:0/", host, port, path));
    assert_false(RevocationFetch::split_url("http://h:65536/", host, port, path));
    assert_false(RevocationFetch::split_url("http://h:8x/", host, port, path));
    assert_false(RevocationFetch::split_url("http://user@h/", host, port, path));
    assert_false(RevocationFetch::split_url("http://[::1/", host, port, path));
    assert_false(RevocationFetch::split_url("http://h/a b", host, port, path));
    assert_false(RevocationFetch::split_url("http://h/a\r\nX: y", host, port, path));

    std::unique_ptr<RevocationFetch> f;
    assert_int_equal(RevocationFetch::start("ftp://h/x", {}, f), ERROR_WINHTTP_UNRECOGNIZED_SCHEME);
    assert_int_equal(RevocationFetch::start("http://h:99999/x", {}, f), ERROR_WINHTTP_INVALID_URL);
    assert_null(f.get());
}

void test_cache_without_data(void**)
{
    RevocationCache cache;
    RevocationCache::Fetch next;
    // Not certificates at all: nothing to ask.
    assert_int_equal(static_cast<int>(cache.status("garbage", "garbage", next)),
                     static_cast<int>(RevocationCache::Status::Unknown));
    assert_true(next.url.empty());
    assert_true(RevocationCache::distribution_points("garbage").empty());
    assert_true(RevocationCache::ocsp_responders("").empty());
    // Failed fetches are remembered; adding garbage as a list or a response is a failure too.
    cache.add({"http://h/a.crl", {}}, ERROR_WINHTTP_CANNOT_CONNECT, {});
    cache.add({"http://h/b.crl", {}}, ERROR_SUCCESS, "not a CRL");
    cache.add({"http://h/ocsp", "request"}, ERROR_SUCCESS, "not an OCSP response");
    for (int i = 0; i < 300; i++)   // bounded however many URLs come and go
        cache.add({"http://h/" + std::to_string(i), {}}, ERROR_WINHTTP_TIMEOUT, {});
}

// One connection on a loopback listener: reads the request, writes `answer`, closes. Returns
// the port; the thread is joined by the caller.
int serve_once(std::string answer, std::string& request, std::thread& t)
{
    int ls = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    assert_int_equal(bind(ls, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    assert_int_equal(listen(ls, 1), 0);
    assert_int_equal(getsockname(ls, reinterpret_cast<sockaddr*>(&a), &len), 0);
    t = std::thread([ls, answer, &request] {
        int c = accept(ls, nullptr, nullptr);
        char buf[4096];
        while (request.find("\r\n\r\n") == std::string::npos) {
            ssize_t n = recv(c, buf, sizeof buf, 0);
            if (n <= 0) break;
            request.append(buf, size_t(n));
        }
        for (size_t off = 0; off < answer.size();) {
            ssize_t n = send(c, answer.data() + off, answer.size() - off, MSG_NOSIGNAL);
            if (n <= 0) break;
            off += size_t(n);
        }
        close(c);
        close(ls);
    });
    return ntohs(a.sin_port);
}

// Runs a fetch of http://127.0.0.1:PORT/x.crl to its end, waiting with poll.
DWORD fetch(int port, std::string_view ocsp_request, std::string& body)
{
    std::unique_ptr<RevocationFetch> f;
    DWORD e = RevocationFetch::start("http://127.0.0.1:" + std::to_string(port) + "/x.crl", ocsp_request, f);
    while (!e) {
        int fd = -1;
        uint32_t events = 0;
        e = f->step(fd, events);
        if (e != kIoPending) break;
        pollfd p{fd, short((events & kReadable) ? POLLIN : POLLOUT), 0};
        if (poll(&p, 1, 5000) != 1) return ERROR_WINHTTP_TIMEOUT;
        e = ERROR_SUCCESS;
    }
    if (!e) body = f->body();
    return e;
}

void test_fetch_answers(void**)
{
    struct Case {
        const char* answer;
        DWORD error;
        const char* body;
    } cases[] = {
        {"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", ERROR_SUCCESS, "hello"},
        {"HTTP/1.0 200 OK\r\n\r\nto the end", ERROR_SUCCESS, "to the end"},                   // no length
        {"HTTP/1.1 200\r\nContent-Length: 3\r\n\r\nabcdef", ERROR_SUCCESS, "abc"},             // extra bytes
        {"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n", ERROR_WINHTTP_INVALID_SERVER_RESPONSE, ""},
        {"HTTP/1.1 2000 OK\r\n\r\n", ERROR_WINHTTP_INVALID_SERVER_RESPONSE, ""},
        {"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort", ERROR_WINHTTP_CONNECTION_ERROR, ""},  // cut
        {"HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\nabc", ERROR_WINHTTP_INVALID_SERVER_RESPONSE, ""},
        {"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
         ERROR_WINHTTP_INVALID_SERVER_RESPONSE, ""},
        {"garbage without a head", ERROR_WINHTTP_INVALID_SERVER_RESPONSE, ""},
        {"", ERROR_WINHTTP_INVALID_SERVER_RESPONSE, ""},                                        // closed at once
    };
    for (const Case& c : cases) {
        std::string request, body;
        std::thread t;
        int port = serve_once(c.answer, request, t);
        DWORD e = fetch(port, {}, body);
        t.join();
        assert_int_equal(e, c.error);
        assert_true(body == c.body);
        assert_true(request.rfind("GET /x.crl HTTP/1.0\r\n", 0) == 0);
    }
    // An OCSP request goes out as a POST with its length and type.
    std::string request, body;
    std::thread t;
    int port = serve_once("HTTP/1.0 200 OK\r\n\r\nresp", request, t);
    assert_int_equal(fetch(port, "REQ", body), ERROR_SUCCESS);
    t.join();
    assert_true(request.rfind("POST /x.crl HTTP/1.0\r\n", 0) == 0);
    assert_true(request.find("Content-Type: application/ocsp-request\r\nContent-Length: 3\r\n") != std::string::npos);
    // Nobody listening.
    int closed = serve_once("", request, t);
    std::string r2;
    {   // take the one connection the thread waits for, so it ends
        std::string ignored;
        fetch(closed, {}, ignored);
    }
    t.join();
    assert_int_equal(fetch(closed, {}, r2), ERROR_WINHTTP_CANNOT_CONNECT);
}

} // namespace

int main()
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_split_url),
        cmocka_unit_test(test_cache_without_data),
        cmocka_unit_test(test_fetch_answers),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
