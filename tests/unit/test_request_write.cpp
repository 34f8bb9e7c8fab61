// Unit tests of the WinHttpWriteData operation (engine/request_ops.h, write_op.cpp) driven by
// drive_sync against tests/server/winhttp-test-server: Content-Length bodies written in parts
// (/upload counts them), an application's own chunked body and automatic chunking (/echo returns
// the exact bytes), writing past the declared length, too few bytes before ReceiveResponse,
// calls out of order, the send timeout, and WRITE_COMPLETE in async mode only.
#include "engine/api.h"
#include "engine/handles.h"
#include "engine/operation.h"
#include "engine/request_ops.h"
#include "io/reactor.h"
#include "../server/harness.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cstring>
#include <memory>
#include <string>
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

#include "request_client.h"

bool ends_with(const std::string& s, const std::string& tail)
{
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// Receive and read the response body.
std::string response(Client& cl, HINTERNET r)
{
    std::string body;
    assert_int_equal(cl.receive(r), ERROR_SUCCESS);
    assert_int_equal(cl.body(r, body), ERROR_SUCCESS);
    return body;
}

void test_content_length_parts(void**)
{
    Client cl;
    HINTERNET r = cl.open(u"/upload", u"POST");
    std::string data = pattern(30000);
    seen.clear();
    // 1000 bytes of optional data, the rest in three writes and a zero-length one.
    assert_int_equal(cl.send(r, 30000, nullptr, data.data(), 1000), ERROR_SUCCESS);
    DWORD w = 0;
    assert_int_equal(cl.write(r, data.data() + 1000, 10000, &w), ERROR_SUCCESS);
    assert_int_equal(w, 10000);
    assert_int_equal(cl.write(r, data.data() + 11000, 0, &w), ERROR_SUCCESS);
    assert_int_equal(w, 0);
    assert_int_equal(cl.write(r, data.data() + 11000, 10000, &w), ERROR_SUCCESS);
    assert_int_equal(cl.write(r, data.data() + 21000, 9000, &w), ERROR_SUCCESS);
    assert_int_equal(w, 9000);
    // WRITE_COMPLETE is a completion of async mode: a synchronous write owes no notification.
    assert_int_equal(count(WINHTTP_CALLBACK_STATUS_WRITE_COMPLETE), 0);
    assert_string_equal(response(cl, r).c_str(), "30000");
    cl.close(r);
}

void test_write_too_much(void**)
{
    Client cl;
    HINTERNET r = cl.open(u"/upload", u"POST");
    std::string data = pattern(3000);
    assert_int_equal(cl.send(r, 2000), ERROR_SUCCESS);
    DWORD w = 0;
    assert_int_equal(cl.write(r, data.data(), 1500, &w), ERROR_SUCCESS);
    // Past the declared length: refused whole, nothing sent (Windows: ERROR_INVALID_PARAMETER).
    assert_int_equal(cl.write(r, data.data(), 501, &w), ERROR_INVALID_PARAMETER);
    assert_int_equal(w, 0);
    // The request goes on: the rest fits.
    assert_int_equal(cl.write(r, data.data(), 500, &w), ERROR_SUCCESS);
    assert_int_equal(w, 500);
    // Every declared byte went out: the request takes no more (Wine's tests, Windows 7+).
    assert_int_equal(cl.write(r, data.data(), 1, &w), ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
    assert_int_equal(cl.write(r, data.data(), 0, &w), ERROR_SUCCESS);
    assert_string_equal(response(cl, r).c_str(), "2000");
    // No body declared (dwTotalLength 0, Content-Length: 0): any byte is too much.
    assert_int_equal(cl.send(r, 0), ERROR_SUCCESS);
    assert_int_equal(cl.write(r, data.data(), 1, &w), ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
    assert_string_equal(response(cl, r).c_str(), "0");
    cl.close(r);
}

void test_too_few_bytes(void**)
{
    Client cl;
    HINTERNET r = cl.open(u"/upload", u"POST");
    std::string data = pattern(200);
    assert_int_equal(cl.send(r, 200), ERROR_SUCCESS);
    assert_int_equal(cl.write(r, data.data(), 100), ERROR_SUCCESS);
    // The declared body is incomplete: no response can be had (pinned as Windows).
    assert_int_equal(cl.receive(r), ERROR_WINHTTP_INVALID_SERVER_RESPONSE);
    // The connection is gone: writing and receiving are out of order now ...
    assert_int_equal(cl.write(r, data.data(), 100), ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
    assert_int_equal(cl.receive(r), ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
    // ... but the request can be sent again.
    assert_int_equal(cl.send(r, 200, nullptr, data.data(), 200), ERROR_SUCCESS);
    assert_string_equal(response(cl, r).c_str(), "200");
    cl.close(r);
}

void test_app_chunked_echo(void**)
{
    Client cl;
    HINTERNET r = cl.open(u"/echo", u"POST");
    assert_int_equal(cl.send(r, WINHTTP_IGNORE_REQUEST_TOTAL_LENGTH, u"Transfer-Encoding: chunked\r\n"), ERROR_SUCCESS);
    const std::string parts[] = {"5\r\nhel", "lo\r\n", "6\r\n world\r\n", "", "0\r\n\r\n"};
    std::string all;
    for (const std::string& p : parts) {
        DWORD w = 1;
        assert_int_equal(cl.write(r, p, &w), ERROR_SUCCESS);
        assert_int_equal(w, p.size());
        all += p;
    }
    std::string echo = response(cl, r);
    // The bytes pass through exactly as written, right after the head.
    assert_true(echo.find("Transfer-Encoding: chunked\r\n") != std::string::npos);
    assert_true(ends_with(echo, "\r\n\r\n" + all));
    cl.close(r);
}

void test_auto_chunked(void**)
{
    Client cl;
    HINTERNET r = cl.open(u"/echo", u"POST", WINHTTP_FLAG_AUTOMATIC_CHUNKING);
    assert_int_equal(cl.send(r, WINHTTP_IGNORE_REQUEST_TOTAL_LENGTH), ERROR_SUCCESS);
    DWORD w = 0;
    assert_int_equal(cl.write(r, "hello", 5, &w), ERROR_SUCCESS);
    assert_int_equal(w, 5);
    assert_int_equal(cl.write(r, std::string(" world, and more"), &w), ERROR_SUCCESS);
    assert_int_equal(w, 16);
    // ReceiveResponse ends the body with the last chunk the application did not write.
    std::string echo = response(cl, r);
    assert_true(echo.find("Transfer-Encoding: chunked\r\n") != std::string::npos);
    assert_true(ends_with(echo, "\r\n\r\n5\r\nhello\r\n10\r\n world, and more\r\n0\r\n\r\n"));

    // A zero-length write ends the body itself: the last chunk goes out once.
    assert_int_equal(cl.send(r, WINHTTP_IGNORE_REQUEST_TOTAL_LENGTH), ERROR_SUCCESS);
    assert_int_equal(cl.write(r, "abc", 3, &w), ERROR_SUCCESS);
    assert_int_equal(cl.write(r, "", 0, &w), ERROR_SUCCESS);
    assert_int_equal(w, 0);
    // After the last chunk nothing can follow; another empty write does nothing.
    assert_int_equal(cl.write(r, "x", 1, &w), ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
    assert_int_equal(cl.write(r, nullptr, 0, &w), ERROR_SUCCESS);
    echo = response(cl, r);
    assert_true(ends_with(echo, "\r\n\r\n3\r\nabc\r\n0\r\n\r\n"));
    cl.close(r);

    // The decoded body counts at the server.
    r = cl.open(u"/upload", u"POST", WINHTTP_FLAG_AUTOMATIC_CHUNKING);
    assert_int_equal(cl.send(r, WINHTTP_IGNORE_REQUEST_TOTAL_LENGTH), ERROR_SUCCESS);
    std::string data = pattern(100000);
    assert_int_equal(cl.write(r, data.data(), 70000), ERROR_SUCCESS);
    assert_int_equal(cl.write(r, data.data(), 30000), ERROR_SUCCESS);
    assert_string_equal(response(cl, r).c_str(), "100000");
    cl.close(r);
}

void test_out_of_order(void**)
{
    Client cl;
    HINTERNET r = cl.open(u"/upload", u"POST");
    DWORD w = 5;
    // Before WinHttpSendRequest.
    assert_int_equal(cl.write(r, "ab", 2, &w), ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
    assert_int_equal(w, 0);   // zeroed before any checking (WinHttpWriteData page)
    // Not a request handle.
    {
        Call c;
        w = 5;
        assert_true(api::make_write_data(c, cl.session, "ab", 2, &w) == nullptr);
        assert_int_equal(c.error, ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
        assert_int_equal(w, 0);
        Call c2;
        assert_true(api::make_write_data(c2, nullptr, "ab", 2, nullptr) == nullptr);
        assert_int_equal(c2.error, ERROR_INVALID_HANDLE);
    }
    assert_int_equal(cl.send(r, 4), ERROR_SUCCESS);
    // A NULL buffer with bytes to write; with none it is a harmless empty write.
    assert_int_equal(cl.write(r, nullptr, 2, &w), ERROR_INVALID_PARAMETER);
    assert_int_equal(cl.write(r, nullptr, 0, &w), ERROR_SUCCESS);
    assert_int_equal(cl.write(r, "abcd", 4, &w), ERROR_SUCCESS);
    assert_string_equal(response(cl, r).c_str(), "4");
    // After WinHttpReceiveResponse.
    assert_int_equal(cl.write(r, "ab", 2, &w), ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
    cl.close(r);
    // A closed handle.
    assert_int_equal(cl.write(r, "ab", 2, &w), ERROR_INVALID_HANDLE);
}

void test_async_write_complete(void**)
{
    Client cl(u"127.0.0.1", -1, WINHTTP_FLAG_ASYNC);
    HINTERNET r = cl.open(u"/upload", u"POST");
    assert_int_equal(cl.send(r, 10), ERROR_SUCCESS);
    seen.clear();
    assert_int_equal(cl.write(r, "abcdef", 6), ERROR_SUCCESS);
    assert_int_equal(cl.write(r, "ghij", 4), ERROR_SUCCESS);
    assert_int_equal(count(WINHTTP_CALLBACK_STATUS_WRITE_COMPLETE), 2);
    assert_int_equal(seen.size(), 2);
    assert_int_equal(seen[0].number, 6);
    assert_int_equal(seen[1].number, 4);
    cl.close(r);
}

void test_send_timeout(void**)
{
    // A listener that never reads: the kernel accepts the connection, the buffers fill up.
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    assert_int_equal(::listen(fd, 4), 0);
    socklen_t len = sizeof a;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    Client cl(u"127.0.0.1", ntohs(a.sin_port));
    HINTERNET r = cl.open(u"/upload", u"POST");
    Call c;
    assert_true(api::SetTimeouts(c, r, 0, 5000, 200, 5000));
    const DWORD total = 0x40000000;
    assert_int_equal(cl.send(r, total), ERROR_SUCCESS);
    std::string data(8 << 20, 'x');
    DWORD e = ERROR_SUCCESS;
    for (int i = 0; i < 64 && e == ERROR_SUCCESS; i++) e = cl.write(r, data);
    assert_int_equal(e, ERROR_WINHTTP_TIMEOUT);
    // The connection was dropped with the failure.
    assert_int_equal(cl.write(r, data.data(), 1), ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
    cl.close(r);
    ::close(fd);
}


} // namespace

int main()
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_content_length_parts),
        cmocka_unit_test(test_write_too_much),
        cmocka_unit_test(test_too_few_bytes),
        cmocka_unit_test(test_app_chunked_echo),
        cmocka_unit_test(test_auto_chunked),
        cmocka_unit_test(test_out_of_order),
        cmocka_unit_test(test_async_write_complete),
        cmocka_unit_test(test_send_timeout),
    };
    return cmocka_run_group_tests_name("request_write", tests, setup, teardown);
}
