// Unit tests of the synchronous request path (engine/request_ops.h): send, receive, query-data
// and read operations driven by drive_sync against tests/server/winhttp-test-server on loopback:
// body framings, keep-alive reuse, interim responses, network errors and timeouts, the
// notification order, and WinHttpQueryHeaders on the response.
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

DWORD status_code(HINTERNET r)
{
    Call c;
    DWORD code = 0, len = sizeof code;
    if (!api::QueryHeaders(c, r, WINHTTP_QUERY_STATUS_CODE | WINHTTP_QUERY_FLAG_NUMBER, nullptr, &code, &len, nullptr))
        return 0;
    return code;
}


// GET `path`: send, receive, read the whole body.
DWORD get(Client& cl, const char16_t* path, std::string& body, DWORD* code = nullptr, DWORD chunk = 4096,
          bool query = false, const char16_t* verb = u"GET")
{
    HINTERNET r = cl.open(path, verb);
    DWORD e = cl.send(r);
    if (!e) e = cl.receive(r);
    if (!e && code) *code = status_code(r);
    if (!e) e = cl.body(r, body, chunk, query);
    cl.close(r);
    return e;
}

void test_content_length(void**)
{
    Client cl;
    std::string body;
    DWORD code = 0;
    assert_int_equal(get(cl, u"/bytes/100000", body, &code), ERROR_SUCCESS);
    assert_int_equal(code, 200);
    assert_true(body == pattern(100000));
    // Large reads go straight from the socket into the caller's buffer.
    assert_int_equal(get(cl, u"/bytes/300000", body, &code, 1 << 20), ERROR_SUCCESS);
    assert_true(body == pattern(300000));
    // Small reads with QueryDataAvailable.
    assert_int_equal(get(cl, u"/bytes/1000", body, &code, 7, true), ERROR_SUCCESS);
    assert_true(body == pattern(1000));
}

void test_chunked(void**)
{
    Client cl;
    std::string body;
    assert_int_equal(get(cl, u"/chunked/5000?size=333", body), ERROR_SUCCESS);
    assert_true(body == pattern(5000));
    assert_int_equal(get(cl, u"/chunked/70000?size=20000", body, nullptr, 1 << 20), ERROR_SUCCESS);
    assert_true(body == pattern(70000));
    assert_int_equal(get(cl, u"/chunked/3000?size=100&trailer=X-T:1", body, nullptr, 10, true), ERROR_SUCCESS);
    assert_true(body == pattern(3000));
}

void test_until_close(void**)
{
    Client cl;
    std::string body;
    seen.clear();
    assert_int_equal(get(cl, u"/close/12345", body), ERROR_SUCCESS);
    assert_true(body == pattern(12345));
    // The connection ends with the body: it is closed, not pooled.
    assert_int_equal(count(WINHTTP_CALLBACK_STATUS_CLOSING_CONNECTION), 1);
    assert_int_equal(count(WINHTTP_CALLBACK_STATUS_CONNECTION_CLOSED), 1);
}

void test_head_and_204(void**)
{
    Client cl;
    std::string body;
    DWORD code = 0;
    assert_int_equal(get(cl, u"/bytes/500", body, &code, 4096, false, u"HEAD"), ERROR_SUCCESS);
    assert_int_equal(code, 200);
    assert_int_equal(body.size(), 0);
    assert_int_equal(get(cl, u"/status/204", body, &code, 4096, true), ERROR_SUCCESS);
    assert_int_equal(code, 204);
    assert_int_equal(body.size(), 0);
}

void test_keepalive_reuse(void**)
{
    Client cl;
    std::string first, second;
    assert_int_equal(get(cl, u"/keepalive-id", first), ERROR_SUCCESS);
    seen.clear();
    assert_int_equal(get(cl, u"/keepalive-id", second), ERROR_SUCCESS);
    assert_false(first.empty());
    assert_true(first == second);
    // No resolve or connect notifications on a reused connection.
    assert_int_equal(count(WINHTTP_CALLBACK_STATUS_RESOLVING_NAME), 0);
    assert_int_equal(count(WINHTTP_CALLBACK_STATUS_NAME_RESOLVED), 0);
    assert_int_equal(count(WINHTTP_CALLBACK_STATUS_CONNECTING_TO_SERVER), 0);
    assert_int_equal(count(WINHTTP_CALLBACK_STATUS_CONNECTED_TO_SERVER), 0);
    assert_int_equal(count(WINHTTP_CALLBACK_STATUS_SENDING_REQUEST), 1);
    assert_int_equal(count(WINHTTP_CALLBACK_STATUS_REQUEST_SENT), 1);
}

void test_continue(void**)
{
    Client cl;
    std::string body;
    DWORD code = 0;
    assert_int_equal(get(cl, u"/continue?count=2", body, &code), ERROR_SUCCESS);
    assert_int_equal(code, 200);
    assert_string_equal(body.c_str(), "done\n");
}

void test_refused(void**)
{
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t len = sizeof a;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    ::close(fd);
    Client cl(u"127.0.0.1", ntohs(a.sin_port));
    HINTERNET r = cl.open(u"/");
    assert_int_equal(cl.send(r), ERROR_WINHTTP_CANNOT_CONNECT);
    // Nothing was sent: receiving is out of order.
    assert_int_equal(cl.receive(r), ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
    cl.close(r);
}

void test_name_not_resolved(void**)
{
    Client cl(u"nonexistent.invalid", 80);
    HINTERNET r = cl.open(u"/");
    assert_int_equal(cl.send(r), ERROR_WINHTTP_NAME_NOT_RESOLVED);
    cl.close(r);
}

void test_receive_timeout(void**)
{
    Client cl;
    HINTERNET r = cl.open(u"/stall");
    Call c;
    assert_true(api::SetTimeouts(c, r, 0, 5000, 5000, 200));
    assert_int_equal(cl.send(r), ERROR_SUCCESS);
    assert_int_equal(cl.receive(r), ERROR_WINHTTP_TIMEOUT);
    cl.close(r);
}

void test_bad_responses(void**)
{
    Client cl;
    std::string body;
    assert_int_equal(get(cl, u"/bad/bad-status-line", body), ERROR_WINHTTP_INVALID_SERVER_RESPONSE);
    assert_int_equal(get(cl, u"/bad/huge-headers", body), ERROR_WINHTTP_HEADER_SIZE_OVERFLOW);
    assert_int_equal(get(cl, u"/bad/bad-chunk-size", body), ERROR_WINHTTP_INVALID_SERVER_RESPONSE);
}

void test_notification_order(void**)
{
    Client cl;
    std::string body;
    seen.clear();
    assert_int_equal(get(cl, u"/bytes/10?close=1", body), ERROR_SUCCESS);
    const DWORD want[] = {
        WINHTTP_CALLBACK_STATUS_RESOLVING_NAME, WINHTTP_CALLBACK_STATUS_NAME_RESOLVED,
        WINHTTP_CALLBACK_STATUS_CONNECTING_TO_SERVER, WINHTTP_CALLBACK_STATUS_CONNECTED_TO_SERVER,
        WINHTTP_CALLBACK_STATUS_SENDING_REQUEST, WINHTTP_CALLBACK_STATUS_REQUEST_SENT,
        WINHTTP_CALLBACK_STATUS_RECEIVING_RESPONSE, WINHTTP_CALLBACK_STATUS_RESPONSE_RECEIVED,
        WINHTTP_CALLBACK_STATUS_CLOSING_CONNECTION, WINHTTP_CALLBACK_STATUS_CONNECTION_CLOSED,
    };
    // HANDLE_CLOSING is not asked for (context 0); nothing else comes.
    assert_int_equal(seen.size(), sizeof want / sizeof want[0]);
    for (size_t i = 0; i < seen.size(); i++) assert_int_equal(seen[i].status, want[i]);
    assert_true(seen[0].text == u"127.0.0.1");
    assert_true(seen[1].text == u"127.0.0.1");
    assert_true(seen[2].text == u"127.0.0.1");
    assert_true(seen[3].text == u"127.0.0.1");
    assert_true(seen[5].number > 20);   // the request head's bytes
    assert_true(seen[7].number > 20);   // the response head's bytes
}

void test_query_headers(void**)
{
    Client cl;
    HINTERNET r = cl.open(u"/bytes/42?h=X-Test:hello");
    Call c;
    DWORD code = 0, len = sizeof code;
    // Before the response there is nothing to query.
    assert_false(api::QueryHeaders(c, r, WINHTTP_QUERY_STATUS_CODE | WINHTTP_QUERY_FLAG_NUMBER, nullptr, &code, &len, nullptr));
    assert_int_equal(c.error, ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
    assert_int_equal(cl.send(r), ERROR_SUCCESS);
    assert_int_equal(cl.receive(r), ERROR_SUCCESS);
    Call c2;
    assert_true(api::QueryHeaders(c2, r, WINHTTP_QUERY_STATUS_CODE | WINHTTP_QUERY_FLAG_NUMBER, nullptr, &code, &len, nullptr));
    assert_int_equal(code, 200);
    char16_t buf[512];
    len = sizeof buf;
    assert_true(api::QueryHeaders(c2, r, WINHTTP_QUERY_CUSTOM, u"X-Test", buf, &len, nullptr));
    assert_true(std::u16string(buf) == u"hello");
    len = sizeof buf;
    assert_true(api::QueryHeaders(c2, r, WINHTTP_QUERY_CONTENT_LENGTH, nullptr, buf, &len, nullptr));
    assert_true(std::u16string(buf) == u"42");
    len = sizeof buf;
    assert_true(api::QueryHeaders(c2, r, WINHTTP_QUERY_RAW_HEADERS_CRLF, nullptr, buf, &len, nullptr));
    std::u16string raw(buf);
    assert_true(raw.rfind(u"HTTP/1.1 200 OK\r\n", 0) == 0);
    assert_true(raw.find(u"X-Test: hello\r\n") != std::u16string::npos);
    assert_true(raw.size() >= 4 && raw.compare(raw.size() - 4, 4, u"\r\n\r\n") == 0);
    std::string body;
    assert_int_equal(cl.body(r, body), ERROR_SUCCESS);
    assert_true(body == pattern(42));
    cl.close(r);
}

void test_state_errors(void**)
{
    Client cl;
    HINTERNET r = cl.open(u"/");
    DWORD n = 0, got = 0;
    char b[4];
    assert_int_equal(cl.receive(r), ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
    assert_int_equal(cl.available(r, n), ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
    assert_int_equal(cl.read(r, b, sizeof b, got), ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
    Call c;
    assert_true(api::make_send_request(c, cl.session, nullptr, 0, nullptr, 0, 0, 0) == nullptr);
    assert_int_equal(c.error, ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
    // Sending the same handle again after the response was read.
    std::string body;
    assert_int_equal(cl.send(r), ERROR_SUCCESS);
    assert_int_equal(cl.receive(r), ERROR_SUCCESS);
    assert_int_equal(cl.body(r, body), ERROR_SUCCESS);
    assert_string_equal(body.c_str(), "winhttp-test-server\n");
    assert_int_equal(cl.send(r), ERROR_SUCCESS);
    assert_int_equal(cl.receive(r), ERROR_SUCCESS);
    assert_int_equal(cl.body(r, body), ERROR_SUCCESS);
    assert_string_equal(body.c_str(), "winhttp-test-server\n");
    cl.close(r);
}


} // namespace

int main()
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_content_length),
        cmocka_unit_test(test_chunked),
        cmocka_unit_test(test_until_close),
        cmocka_unit_test(test_head_and_204),
        cmocka_unit_test(test_keepalive_reuse),
        cmocka_unit_test(test_continue),
        cmocka_unit_test(test_refused),
        cmocka_unit_test(test_name_not_resolved),
        cmocka_unit_test(test_receive_timeout),
        cmocka_unit_test(test_bad_responses),
        cmocka_unit_test(test_notification_order),
        cmocka_unit_test(test_query_headers),
        cmocka_unit_test(test_state_errors),
    };
    return cmocka_run_group_tests_name("request_sync", tests, setup, teardown);
}
