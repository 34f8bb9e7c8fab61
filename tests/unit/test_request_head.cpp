// Unit tests of the request head WinHttpSendRequest sends (engine/request_head.cpp): exact bytes
// for each rule, objects built through the engine entry points.
#include "engine/api.h"
#include "engine/objects.h"
#include "engine/request_head.h"
#include <cstring>
#include <string>
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

struct Req {
    HINTERNET ses = nullptr, con = nullptr, req = nullptr;
    Req(LPCWSTR agent, LPCWSTR host, INTERNET_PORT port, LPCWSTR verb, LPCWSTR object, DWORD flags = 0,
        LPCWSTR* accept = nullptr, LPCWSTR version = nullptr, LPCWSTR referrer = nullptr)
    {
        Call c;
        ses = api::Open(c, agent, WINHTTP_ACCESS_TYPE_NO_PROXY, nullptr, nullptr, 0);
        con = api::Connect(c, ses, host, port, 0);
        req = api::OpenRequest(c, con, verb, object, version, referrer, accept, flags);
        assert_non_null(req);
    }
    ~Req()
    {
        Call c;
        api::CloseHandle(c, req);
        api::CloseHandle(c, con);
        api::CloseHandle(c, ses);
    }
    void add(LPCWSTR h, DWORD mod = WINHTTP_ADDREQ_FLAG_ADD)
    {
        Call c;
        assert_true(api::AddRequestHeaders(c, req, h, ~DWORD(0), mod));
    }
    void option(HINTERNET h, DWORD opt, DWORD v)
    {
        Call c;
        assert_true(api::SetOption(c, h, opt, &v, sizeof v));
    }
    // Prepares the head; returns the error, the bytes in *bytes.
    DWORD head(const SendArgs& a, std::string* bytes, BodyPlan* plan = nullptr, bool proxy = false)
    {
        Call c;
        Ref<Request> r = get_typed<Request>(c, req);
        assert_true(bool(r));
        RequestHead out;
        Route route;
        route.via_proxy = proxy;
        DWORD e = prepare_request_head(*r, a, route, out);
        if (bytes) *bytes = out.bytes;
        if (plan) *plan = out.body;
        return e;
    }
    std::string head(const SendArgs& a = SendArgs(), bool proxy = false)
    {
        std::string s;
        assert_int_equal(head(a, &s, nullptr, proxy), ERROR_SUCCESS);
        return s;
    }
};

SendArgs args(LPCWSTR headers, DWORD total, const void* opt = nullptr, DWORD optlen = 0)
{
    SendArgs a;
    a.headers = headers;
    a.headers_length = ~DWORD(0);
    a.optional = opt;
    a.optional_length = optlen;
    a.total_length = total;
    return a;
}

#define assert_head(got, want) assert_string_equal((got).c_str(), want)

void test_get_defaults(void**)
{
    // Wine's raw-request tests: Connection: Keep-Alive first, User-Agent, Host last; no body.
    Req q(u"agent", u"example.com", 80, nullptr, nullptr);
    std::string s;
    BodyPlan plan;
    assert_int_equal(q.head(SendArgs(), &s, &plan), ERROR_SUCCESS);
    assert_head(s, "GET / HTTP/1.1\r\nConnection: Keep-Alive\r\nUser-Agent: agent\r\nHost: example.com\r\n\r\n");
    assert_true(plan.framing == RequestBodyFraming::None);
}

void test_no_user_agent_without_agent(void**)
{
    Req a(nullptr, u"example.com", 80, u"GET", u"/x");
    assert_head(a.head(), "GET /x HTTP/1.1\r\nConnection: Keep-Alive\r\nHost: example.com\r\n\r\n");
    Req b(u"", u"example.com", 80, u"GET", u"/x");
    assert_head(b.head(), "GET /x HTTP/1.1\r\nConnection: Keep-Alive\r\nHost: example.com\r\n\r\n");
}

void test_host_port(void**)
{
    // The port appears only when it is not the scheme's default.
    Req a(nullptr, u"h", 8080, u"GET", u"/");
    assert_head(a.head(), "GET / HTTP/1.1\r\nConnection: Keep-Alive\r\nHost: h:8080\r\n\r\n");
    Req b(nullptr, u"h", 443, u"GET", u"/");
    assert_head(b.head(), "GET / HTTP/1.1\r\nConnection: Keep-Alive\r\nHost: h:443\r\n\r\n");
    Req c(nullptr, u"h", 443, u"GET", u"/", WINHTTP_FLAG_SECURE);
    assert_head(c.head(), "GET / HTTP/1.1\r\nConnection: Keep-Alive\r\nHost: h\r\n\r\n");
    Req d(nullptr, u"h", 80, u"GET", u"/", WINHTTP_FLAG_SECURE);
    assert_head(d.head(), "GET / HTTP/1.1\r\nConnection: Keep-Alive\r\nHost: h:80\r\n\r\n");
    Req e(nullptr, u"h", INTERNET_DEFAULT_PORT, u"GET", u"/", WINHTTP_FLAG_SECURE);
    assert_head(e.head(), "GET / HTTP/1.1\r\nConnection: Keep-Alive\r\nHost: h\r\n\r\n");
}

void test_host_ipv6(void**)
{
    Req a(nullptr, u"::1", 8080, u"GET", u"/");
    assert_head(a.head(), "GET / HTTP/1.1\r\nConnection: Keep-Alive\r\nHost: [::1]:8080\r\n\r\n");
    Req b(nullptr, u"[::1]", 80, u"GET", u"/");
    assert_head(b.head(), "GET / HTTP/1.1\r\nConnection: Keep-Alive\r\nHost: [::1]\r\n\r\n");
}

void test_content_length_post_put_zero(void**)
{
    // POST and PUT carry "Content-Length: 0" even with no data (Wine's send_request).
    Req a(nullptr, u"h", 80, u"POST", u"/p");
    std::string s;
    BodyPlan plan;
    assert_int_equal(a.head(SendArgs(), &s, &plan), ERROR_SUCCESS);
    assert_head(s, "POST /p HTTP/1.1\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\nHost: h\r\n\r\n");
    assert_true(plan.framing == RequestBodyFraming::Length);
    assert_int_equal(plan.length, 0);
    Req b(nullptr, u"h", 80, u"PUT", u"/p");
    assert_head(b.head(), "PUT /p HTTP/1.1\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\nHost: h\r\n\r\n");
    Req c(nullptr, u"h", 80, u"DELETE", u"/p");
    assert_head(c.head(), "DELETE /p HTTP/1.1\r\nConnection: Keep-Alive\r\nHost: h\r\n\r\n");
}

void test_content_length_from_total(void**)
{
    Req a(u"ua", u"h", 80, u"GET", u"/");
    std::string s;
    BodyPlan plan;
    assert_int_equal(a.head(args(nullptr, 10, "abcd", 4), &s, &plan), ERROR_SUCCESS);
    assert_head(s, "GET / HTTP/1.1\r\nConnection: Keep-Alive\r\nUser-Agent: ua\r\nContent-Length: 10\r\nHost: h\r\n\r\n");
    assert_true(plan.framing == RequestBodyFraming::Length);
    assert_int_equal(plan.length, 10);
    assert_int_equal(plan.optional_length, 4);
}

void test_order(void**)
{
    // General headers first in a fixed order (Cache-Control, Connection, Pragma), then the
    // store in the order added, then User-Agent, Content-Length, Host.
    LPCWSTR types[] = {u"text/html", u"*/*", nullptr};
    Req a(u"ua", u"h", 80, u"POST", u"/", WINHTTP_FLAG_REFRESH, types);
    a.add(u"X-B: 2");
    a.add(u"X-A: 1\r\nWarning: w");
    assert_head(a.head(args(u"Content-Type: text/plain\r\n", 3, "abc", 3)),
                "POST / HTTP/1.1\r\nCache-Control: no-cache\r\nConnection: Keep-Alive\r\nPragma: no-cache\r\n"
                "Warning: w\r\nAccept: text/html, */*\r\nX-B: 2\r\nX-A: 1\r\nContent-Type: text/plain\r\n"
                "User-Agent: ua\r\nContent-Length: 3\r\nHost: h\r\n\r\n");
}

void test_app_headers_override_defaults(void**)
{
    Req a(u"ua", u"h", 80, u"GET", u"/");
    a.add(u"Host: other:1\r\nUser-Agent: mine\r\nConnection: Upgrade");
    assert_head(a.head(), "GET / HTTP/1.1\r\nConnection: Upgrade\r\nHost: other:1\r\nUser-Agent: mine\r\n\r\n");
}

void test_keep_alive_disabled(void**)
{
    Req a(nullptr, u"h", 80, u"GET", u"/");
    a.option(a.req, WINHTTP_OPTION_DISABLE_FEATURE, WINHTTP_DISABLE_KEEP_ALIVE);
    assert_head(a.head(), "GET / HTTP/1.1\r\nConnection: close\r\nHost: h\r\n\r\n");
}

void test_version(void**)
{
    Req a(nullptr, u"h", 80, u"GET", u"/", 0, nullptr, u"HTTP/1.0");
    assert_head(a.head(), "GET / HTTP/1.0\r\nConnection: Keep-Alive\r\nHost: h\r\n\r\n");
}

void test_referrer(void**)
{
    Req a(nullptr, u"h", 80, u"GET", u"/", 0, nullptr, nullptr, u"http://r/");
    a.add(u"X: 1");
    assert_head(a.head(), "GET / HTTP/1.1\r\nConnection: Keep-Alive\r\nReferer: http://r/\r\nX: 1\r\nHost: h\r\n\r\n");
}

void test_additional_headers_join_store(void**)
{
    Req a(nullptr, u"h", 80, u"GET", u"/");
    a.add(u"X-A: old\r\nX-B: b");
    // ADD | REPLACE: a same-named header is replaced where it stands.
    assert_head(a.head(args(u"X-A: new\r\nX-C: c", 0)),
                "GET / HTTP/1.1\r\nConnection: Keep-Alive\r\nX-A: new\r\nX-B: b\r\nX-C: c\r\nHost: h\r\n\r\n");
    Call c;
    WCHAR buf[64];
    DWORD len = sizeof buf;
    assert_true(api::QueryHeaders(c, a.req, WINHTTP_QUERY_CUSTOM | WINHTTP_QUERY_FLAG_REQUEST_HEADERS, u"X-C", buf,
                                  &len, nullptr));
    assert_true(std::u16string(buf) == u"c");
    len = sizeof buf;
    assert_true(api::QueryHeaders(c, a.req, WINHTTP_QUERY_CUSTOM | WINHTTP_QUERY_FLAG_REQUEST_HEADERS, u"X-A", buf,
                                  &len, nullptr));
    assert_true(std::u16string(buf) == u"new");
    // Sending again with the same headers does not duplicate them.
    assert_head(a.head(args(u"X-A: new\r\nX-C: c", 0)),
                "GET / HTTP/1.1\r\nConnection: Keep-Alive\r\nX-A: new\r\nX-B: b\r\nX-C: c\r\nHost: h\r\n\r\n");
}

void test_additional_headers_length(void**)
{
    Req a(nullptr, u"h", 80, u"GET", u"/");
    SendArgs s = args(u"X-A: 1\r\nX-B: 2", 0);
    s.headers_length = 6;   // "X-A: 1" only
    std::string out;
    assert_int_equal(a.head(s, &out), ERROR_SUCCESS);
    assert_head(out, "GET / HTTP/1.1\r\nConnection: Keep-Alive\r\nX-A: 1\r\nHost: h\r\n\r\n");
    s.headers_length = 0;   // with a string: NUL-terminated, like -1 (Wine's WinHttpSendRequest)
    Req b(nullptr, u"h", 80, u"GET", u"/");
    assert_int_equal(b.head(s, &out), ERROR_SUCCESS);
    assert_head(out, "GET / HTTP/1.1\r\nConnection: Keep-Alive\r\nX-A: 1\r\nX-B: 2\r\nHost: h\r\n\r\n");
}

void test_invalid_additional_header(void**)
{
    // WinHttpSendRequest page: ERROR_INVALID_PARAMETER, and the invalid header is not added
    // (nor, here, any other header of the block).
    Req a(nullptr, u"h", 80, u"GET", u"/");
    std::string out;
    assert_int_equal(a.head(args(u"X-Good: 1\r\nno colon here", 0), &out), ERROR_INVALID_PARAMETER);
    assert_int_equal(a.head(args(u"Bad Name: 1", 0), &out), ERROR_INVALID_PARAMETER);
    Call c;
    WCHAR buf[64];
    DWORD len = sizeof buf;
    assert_false(api::QueryHeaders(c, a.req, WINHTTP_QUERY_CUSTOM | WINHTTP_QUERY_FLAG_REQUEST_HEADERS, u"X-Good",
                                   buf, &len, nullptr));
    assert_int_equal(c.error, ERROR_WINHTTP_HEADER_NOT_FOUND);
}

void test_content_length_header_vs_total(void**)
{
    Req a(nullptr, u"h", 80, u"POST", u"/");
    std::string out;
    BodyPlan plan;
    // Equal: the application's header is sent, once.
    assert_int_equal(a.head(args(u"Content-Length: 5", 5), &out, &plan), ERROR_SUCCESS);
    assert_head(out, "POST / HTTP/1.1\r\nConnection: Keep-Alive\r\nContent-Length: 5\r\nHost: h\r\n\r\n");
    assert_int_equal(plan.length, 5);
    // Different (a value under 2^32 must equal dwTotalLength, even when that is IGNORE).
    Req b(nullptr, u"h", 80, u"POST", u"/");
    assert_int_equal(b.head(args(u"Content-Length: 5", 6), &out), ERROR_INVALID_PARAMETER);
    assert_int_equal(b.head(args(u"Content-Length: 5", WINHTTP_IGNORE_REQUEST_TOTAL_LENGTH), &out),
                     ERROR_INVALID_PARAMETER);
    assert_int_equal(b.head(args(u"Content-Length: x", 0), &out), ERROR_INVALID_PARAMETER);
    // The failed calls left nothing behind.
    assert_int_equal(b.head(SendArgs(), &out), ERROR_SUCCESS);
    assert_head(out, "POST / HTTP/1.1\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\nHost: h\r\n\r\n");
}

void test_content_length_over_4g(void**)
{
    Req a(nullptr, u"h", 80, u"PUT", u"/big");
    std::string out;
    BodyPlan plan;
    assert_int_equal(a.head(args(u"Content-Length: 68719476735\r\n", WINHTTP_IGNORE_REQUEST_TOTAL_LENGTH), &out, &plan),
                     ERROR_SUCCESS);
    assert_head(out, "PUT /big HTTP/1.1\r\nConnection: Keep-Alive\r\nContent-Length: 68719476735\r\nHost: h\r\n\r\n");
    assert_true(plan.framing == RequestBodyFraming::Length);
    assert_true(plan.length == 68719476735ull);
    Req b(nullptr, u"h", 80, u"PUT", u"/big");
    assert_int_equal(b.head(args(u"Content-Length: 68719476735\r\n", 100), &out), ERROR_INVALID_PARAMETER);
}

void test_transfer_encoding(void**)
{
    Req a(u"ua", u"h", 80, u"POST", u"/up");
    std::string out;
    BodyPlan plan;
    // No Content-Length, not even POST's 0; the header leads with the general headers.
    assert_int_equal(a.head(args(u"Transfer-Encoding: chunked", WINHTTP_IGNORE_REQUEST_TOTAL_LENGTH), &out, &plan),
                     ERROR_SUCCESS);
    assert_head(out, "POST /up HTTP/1.1\r\nConnection: Keep-Alive\r\nTransfer-Encoding: chunked\r\n"
                     "User-Agent: ua\r\nHost: h\r\n\r\n");
    assert_true(plan.framing == RequestBodyFraming::AppChunked);
}

void test_transfer_encoding_conflicts(void**)
{
    // WinHttpSendRequest page: optional data, or a Content-Length, beside a Transfer-Encoding.
    Req a(nullptr, u"h", 80, u"POST", u"/up");
    a.add(u"Transfer-Encoding: chunked");
    std::string out;
    assert_int_equal(a.head(args(nullptr, 0, "x", 1), &out), ERROR_INVALID_PARAMETER);
    assert_int_equal(a.head(args(u"Content-Length: 0", 0), &out), ERROR_INVALID_PARAMETER);
    assert_int_equal(a.head(args(nullptr, 10), &out), ERROR_INVALID_PARAMETER);
}

void test_automatic_chunking(void**)
{
    Req a(nullptr, u"h", 80, u"POST", u"/up", WINHTTP_FLAG_AUTOMATIC_CHUNKING);
    std::string out;
    BodyPlan plan;
    assert_int_equal(a.head(args(nullptr, WINHTTP_IGNORE_REQUEST_TOTAL_LENGTH, "ab", 2), &out, &plan), ERROR_SUCCESS);
    assert_head(out, "POST /up HTTP/1.1\r\nConnection: Keep-Alive\r\nTransfer-Encoding: chunked\r\nHost: h\r\n\r\n");
    assert_true(plan.framing == RequestBodyFraming::AutoChunked);
    assert_int_equal(plan.optional_length, 2);
    // A known total length still goes as Content-Length.
    Req b(nullptr, u"h", 80, u"POST", u"/up", WINHTTP_FLAG_AUTOMATIC_CHUNKING);
    assert_int_equal(b.head(args(nullptr, 7), &out, &plan), ERROR_SUCCESS);
    assert_head(out, "POST /up HTTP/1.1\r\nConnection: Keep-Alive\r\nContent-Length: 7\r\nHost: h\r\n\r\n");
    assert_true(plan.framing == RequestBodyFraming::Length);
}

void test_optional_vs_total(void**)
{
    Req a(nullptr, u"h", 80, u"POST", u"/");
    std::string out;
    assert_int_equal(a.head(args(nullptr, 2, "abc", 3), &out), ERROR_INVALID_PARAMETER);
    assert_int_equal(a.head(args(nullptr, 3, nullptr, 3), &out), ERROR_INVALID_PARAMETER);
    // A buffer with a zero length is ignored.
    assert_int_equal(a.head(args(nullptr, 0, "abc", 0), &out), ERROR_SUCCESS);
}

void test_escape_default(void**)
{
    // Controls, space, DEL, " # < > [ \ ] ^ ` { | } and non-ASCII (as UTF-8) escaped; '%' and
    // '~' kept (WinHttpOpenRequest page, Wine's test_request_path_escapes).
    Req a(nullptr, u"h", 80, u"GET", u"/a b%41\x7f\"#<>[\\]^`{|}~\u00e4?q r=%\u00e4#");
    assert_head(a.head(), "GET /a%20b%41%7F%22%23%3C%3E%5B%5C%5D%5E%60%7B%7C%7D~%C3%A4?q%20r=%%C3%A4%23 HTTP/1.1\r\n"
                          "Connection: Keep-Alive\r\nHost: h\r\n\r\n");
}

void test_escape_percent(void**)
{
    Req a(nullptr, u"h", 80, u"GET", u"/a%41?b=%42", WINHTTP_FLAG_ESCAPE_PERCENT);
    assert_head(a.head(), "GET /a%2541?b=%2542 HTTP/1.1\r\nConnection: Keep-Alive\r\nHost: h\r\n\r\n");
}

void test_escape_disable(void**)
{
    Req a(nullptr, u"h", 80, u"GET", u"/a b\u00e4?c d", WINHTTP_FLAG_ESCAPE_DISABLE);
    assert_head(a.head(), "GET /a b\xc3\xa4?c d HTTP/1.1\r\nConnection: Keep-Alive\r\nHost: h\r\n\r\n");
    Req b(nullptr, u"h", 80, u"GET", u"/a b?c d<", WINHTTP_FLAG_ESCAPE_DISABLE_QUERY);
    assert_head(b.head(), "GET /a%20b?c d< HTTP/1.1\r\nConnection: Keep-Alive\r\nHost: h\r\n\r\n");
}

void test_codepage_query(void**)
{
    // WINHTTP_OPTION_CODEPAGE applies to the query; the path stays UTF-8.
    Req a(nullptr, u"h", 80, u"GET", u"/\u00e4?x=\u00e4\u20ac");
    a.option(a.ses, WINHTTP_OPTION_CODEPAGE, 1252);
    assert_head(a.head(), "GET /%C3%A4?x=%E4%80 HTTP/1.1\r\nConnection: Keep-Alive\r\nHost: h\r\n\r\n");
}

void test_proxy_absolute_form(void**)
{
    Req a(u"ua", u"h", 8080, u"GET", u"/p?q");
    assert_head(a.head(SendArgs(), true),
                "GET http://h:8080/p?q HTTP/1.1\r\nConnection: Keep-Alive\r\nUser-Agent: ua\r\nHost: h:8080\r\n\r\n");
    Req b(nullptr, u"h", 80, u"GET", u"/");
    assert_head(b.head(SendArgs(), true), "GET http://h/ HTTP/1.1\r\nConnection: Keep-Alive\r\nHost: h\r\n\r\n");
    // HTTPS is tunnelled: origin form inside the tunnel.
    Req c(nullptr, u"h", 443, u"GET", u"/s", WINHTTP_FLAG_SECURE);
    assert_head(c.head(SendArgs(), true), "GET /s HTTP/1.1\r\nConnection: Keep-Alive\r\nHost: h\r\n\r\n");
}

void test_basic_credentials(void**)
{
    // Basic credentials from WinHttpSetCredentials go out on the first request ("user:pwd",
    // the pair of Wine's test_basic_authentication), before User-Agent.
    Req a(u"ua", u"h", 80, u"GET", u"/auth");
    a.add(u"X: 1");
    Call c;
    assert_true(api::SetCredentials(c, a.req, WINHTTP_AUTH_TARGET_SERVER, WINHTTP_AUTH_SCHEME_BASIC, u"user", u"pwd",
                                    nullptr));
    assert_head(a.head(), "GET /auth HTTP/1.1\r\nConnection: Keep-Alive\r\nX: 1\r\n"
                          "Authorization: Basic dXNlcjpwd2Q=\r\nUser-Agent: ua\r\nHost: h\r\n\r\n");
}

void test_no_preemptive_other_credentials(void**)
{
    // NTLM credentials, and user/password options, wait for a challenge.
    Req a(nullptr, u"h", 80, u"GET", u"/");
    Call c;
    assert_true(api::SetCredentials(c, a.req, WINHTTP_AUTH_TARGET_SERVER, WINHTTP_AUTH_SCHEME_NTLM, u"u", u"p", nullptr));
    char16_t user[] = u"u";
    assert_true(api::SetOption(c, a.req, WINHTTP_OPTION_USERNAME, user, 1));
    assert_head(a.head(), "GET / HTTP/1.1\r\nConnection: Keep-Alive\r\nHost: h\r\n\r\n");
}

void test_proxy_credentials(void**)
{
    Req a(nullptr, u"h", 80, u"GET", u"/");
    Call c;
    assert_true(api::SetCredentials(c, a.req, WINHTTP_AUTH_TARGET_PROXY, WINHTTP_AUTH_SCHEME_BASIC, u"p", u"q", nullptr));
    assert_head(a.head(SendArgs(), true),
                "GET http://h/ HTTP/1.1\r\nConnection: Keep-Alive\r\nProxy-Authorization: Basic cDpx\r\nHost: h\r\n\r\n");
    // Never sent to the server itself.
    assert_head(a.head(), "GET / HTTP/1.1\r\nConnection: Keep-Alive\r\nHost: h\r\n\r\n");
}

void test_decompression(void**)
{
    Req a(nullptr, u"h", 80, u"GET", u"/");
    a.option(a.req, WINHTTP_OPTION_DECOMPRESSION, WINHTTP_DECOMPRESSION_FLAG_ALL);
    assert_head(a.head(), "GET / HTTP/1.1\r\nConnection: Keep-Alive\r\nAccept-Encoding: gzip, deflate\r\nHost: h\r\n\r\n");
}

} // namespace

int main()
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_get_defaults),
        cmocka_unit_test(test_no_user_agent_without_agent),
        cmocka_unit_test(test_host_port),
        cmocka_unit_test(test_host_ipv6),
        cmocka_unit_test(test_content_length_post_put_zero),
        cmocka_unit_test(test_content_length_from_total),
        cmocka_unit_test(test_order),
        cmocka_unit_test(test_app_headers_override_defaults),
        cmocka_unit_test(test_keep_alive_disabled),
        cmocka_unit_test(test_version),
        cmocka_unit_test(test_referrer),
        cmocka_unit_test(test_additional_headers_join_store),
        cmocka_unit_test(test_additional_headers_length),
        cmocka_unit_test(test_invalid_additional_header),
        cmocka_unit_test(test_content_length_header_vs_total),
        cmocka_unit_test(test_content_length_over_4g),
        cmocka_unit_test(test_transfer_encoding),
        cmocka_unit_test(test_transfer_encoding_conflicts),
        cmocka_unit_test(test_automatic_chunking),
        cmocka_unit_test(test_optional_vs_total),
        cmocka_unit_test(test_escape_default),
        cmocka_unit_test(test_escape_percent),
        cmocka_unit_test(test_escape_disable),
        cmocka_unit_test(test_codepage_query),
        cmocka_unit_test(test_proxy_absolute_form),
        cmocka_unit_test(test_basic_credentials),
        cmocka_unit_test(test_no_preemptive_other_credentials),
        cmocka_unit_test(test_proxy_credentials),
        cmocka_unit_test(test_decompression),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
