// Unit tests of the HTTP/1.1 wire codec: the incremental response head parser, the body framing
// and keep-alive decisions (engine/http_response.h) and the chunked decoder (engine/chunked.h).
// Every input is fed whole and byte by byte, as a socket may deliver it; the hostile inputs are
// the bytes the test server's /bad/... routes send (tests/server/README.md).
// The engine headers come first: cmocka.h defines a fail() macro that would clash with Call::fail.
#include "engine/chunked.h"
#include "engine/http_response.h"
#include <string>
#include <vector>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
extern "C" {
#include <cmocka.h>
}

using namespace winhttp;
using R = ResponseHeadParser::Result;

namespace {

bool eq(const u16string* s, const char16_t* want) { return s && *s == want; }

// ------------------------------------------------------------------ head helpers

struct HeadRun {
    R result = R::NeedMore;
    size_t used = 0;     // bytes of the input the head took (Done only)
    DWORD error = 0;
};

// Feeds `data` in slices of `step` bytes (0: whole) into a fresh parser `p`.
HeadRun run_head(ResponseHeadParser& p, std::string_view data, size_t step)
{
    HeadRun out;
    size_t off = 0;
    if (step == 0) step = data.size() ? data.size() : 1;
    while (off < data.size()) {
        size_t used = 0;
        std::string_view slice = data.substr(off, step);
        out.result = p.feed(slice, &used);
        if (out.result == R::Done) { out.used = off + used; break; }
        if (out.result == R::Error) break;
        assert_int_equal(used, slice.size());
        off += slice.size();
    }
    out.error = p.error();
    return out;
}

// Both ways must agree; returns the whole-input run, `p` holds its parse.
HeadRun head(ResponseHeadParser& p, std::string_view data, size_t max = kDefaultMaxResponseHeaderSize)
{
    ResponseHeadParser bytewise(max);
    HeadRun b = run_head(bytewise, data, 1);
    p = ResponseHeadParser(max);
    HeadRun w = run_head(p, data, 0);
    assert_int_equal(w.result, b.result);
    assert_int_equal(w.error, b.error);
    if (w.result == R::Done) {
        assert_int_equal(w.used, b.used);
        assert_true(p.raw() == bytewise.raw());
        assert_true(build_response_head(p.headers()) == build_response_head(bytewise.headers()));
    }
    return w;
}

void expect_invalid(std::string_view data)
{
    ResponseHeadParser p;
    HeadRun r = head(p, data);
    assert_int_equal(r.result, R::Error);
    assert_int_equal(r.error, ERROR_WINHTTP_INVALID_SERVER_RESPONSE);
}

// ------------------------------------------------------------------ heads

void test_head_basic(void**)
{
    ResponseHeadParser p;
    std::string h = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\n";
    HeadRun r = head(p, h + "okHTTP/1.1 ...");
    assert_int_equal(r.result, R::Done);
    assert_int_equal(r.used, h.size());
    assert_true(p.done());
    assert_true(p.started());
    assert_true(p.raw() == h);
    assert_int_equal(p.status_code(), 200);
    assert_int_equal(p.minor_version(), 1);
    assert_false(p.interim());
    assert_true(p.headers().status.version == u"HTTP/1.1");
    assert_true(p.headers().status.reason == u"OK");
    assert_int_equal(p.headers().size(), 2);
    assert_true(eq(p.headers().get(u"content-length"), u"2"));
    // Done is sticky and takes nothing more.
    size_t used = 99;
    assert_int_equal(p.feed("more", &used), R::Done);
    assert_int_equal(used, 0);
    assert_int_equal(p.eof(), R::Done);
}

void test_head_lf_only_and_folding(void**)
{
    ResponseHeadParser p;
    // /bad/lf-only
    std::string h = "HTTP/1.1 200 OK\nContent-Type: text/plain\nX-Test: lf\nContent-Length: 2\n\n";
    HeadRun r = head(p, h + "ok");
    assert_int_equal(r.result, R::Done);
    assert_int_equal(r.used, h.size());
    assert_true(eq(p.headers().get(u"X-Test"), u"lf"));
    assert_int_equal(p.headers().size(), 3);
    // Mixed line ends.
    r = head(p, "HTTP/1.0 404 Not Found\nA: 1\r\nB: 2\n\r\nbody");
    assert_int_equal(r.result, R::Done);
    assert_int_equal(r.used, 36);
    assert_int_equal(p.minor_version(), 0);
    assert_true(p.headers().status.reason == u"Not Found");
    // /bad/header-leading-space: obs-fold joins the previous value with one space.
    r = head(p, "HTTP/1.1 200 OK\r\nX-Folded: first\r\n second\r\n\tthird\r\nContent-Length: 2\r\n\r\nok");
    assert_int_equal(r.result, R::Done);
    assert_true(eq(p.headers().get(u"X-Folded"), u"first second third"));
    assert_int_equal(p.headers().size(), 2);
    // /bad/header-leading-space?first=1: a whitespace-led line right after the status line is
    // dropped (RFC 9112 2.2 allows consuming it unprocessed).
    r = head(p, "HTTP/1.1 200 OK\r\n X-Leading: 1\r\nContent-Length: 2\r\n\r\nok");
    assert_int_equal(r.result, R::Done);
    assert_int_equal(p.headers().size(), 1);
    assert_null(p.headers().get(u"X-Leading"));
    // /bad/header-no-colon: the line is ignored, its neighbours kept.
    r = head(p, "HTTP/1.1 200 OK\r\nX-Before: 1\r\nNoColonHere\r\nX-After: 2\r\nContent-Length: 2\r\n\r\nok");
    assert_int_equal(r.result, R::Done);
    assert_int_equal(p.headers().size(), 3);
    assert_true(eq(p.headers().get(u"X-Before"), u"1"));
    assert_true(eq(p.headers().get(u"X-After"), u"2"));
    // Bytes above 0x7f are widened one per code unit (latin-1), reason phrase included.
    r = head(p, "HTTP/1.1 200 \xc9t\xe9\r\nX: \xff\x80\r\n\r\n");
    assert_int_equal(r.result, R::Done);
    assert_true(p.headers().status.reason == u"\u00c9t\u00e9");
    assert_true(eq(p.headers().get(u"X"), u"\u00ff\u0080"));
    // A bare CR is no line end: it reads as a space (RFC 9112 2.2).
    r = head(p, "HTTP/1.1 200 O\rK\r\r\nX: a\rb\r\r\nY: 1\r\rZ: 2\r\n\r\r\nW: 3\r\n\r\n");
    assert_int_equal(r.result, R::Done);
    assert_true(p.headers().status.reason == u"O K");
    assert_true(eq(p.headers().get(u"X"), u"a b"));
    assert_true(eq(p.headers().get(u"Y"), u"1  Z: 2"));
    assert_true(eq(p.headers().get(u"W"), u"3"));
    assert_int_equal(p.headers().size(), 3);
    assert_true(p.raw().find("\r\r") == std::string::npos);
    // No reason phrase.
    r = head(p, "HTTP/1.1 204\r\n\r\n");
    assert_int_equal(r.result, R::Done);
    assert_true(p.headers().status.reason.empty());
    assert_true(p.headers().empty());
}

void test_head_leading_empty_lines(void**)
{
    // A stray CRLF before the status line (after the previous body) is skipped.
    ResponseHeadParser p;
    HeadRun r = head(p, "\r\n\r\n\nHTTP/1.1 200 OK\r\n\r\n");
    assert_int_equal(r.result, R::Done);
    assert_int_equal(r.used, 24);
    assert_true(p.raw() == "HTTP/1.1 200 OK\r\n\r\n");
    // ... but counted against the limit.
    r = head(p, std::string(100, '\n') + "HTTP/1.1 200 OK\r\n\r\n", 100);
    assert_int_equal(r.result, R::Error);
    assert_int_equal(r.error, ERROR_WINHTTP_HEADER_SIZE_OVERFLOW);
}

void test_head_bad_status_lines(void**)
{
    expect_invalid("HTTP/1.1 2x0 OK\r\nContent-Length: 2\r\n\r\nok");   // /bad/bad-status-line
    expect_invalid("HTTP/1.1\r\nContent-Length: 2\r\n\r\nok");          // /bad/no-status-code
    expect_invalid("<html>no status line here</html>\n");                // /bad/http09
    expect_invalid("HTTP/1.1 20\r\n\r\n");
    expect_invalid("HTTP/1.1 2000 OK\r\n\r\n");
    expect_invalid("HTTP/1.1 200OK\r\n\r\n");
    expect_invalid("HTTP/1.1 099 Low\r\n\r\n");
    expect_invalid("HTTP/1.1 000\r\n\r\n");
    expect_invalid("HTTP/2.0 200 OK\r\n\r\n");
    expect_invalid("HTTP/2 200 OK\r\n\r\n");
    expect_invalid("HTTP/0.9 200 OK\r\n\r\n");
    expect_invalid("HTTP/1 200 OK\r\n\r\n");
    expect_invalid("HTTP/1. 200 OK\r\n\r\n");
    expect_invalid("HTTP/1.x 200 OK\r\n\r\n");
    expect_invalid("http/1.1 200 OK\r\n\r\n");
    expect_invalid("ICY 200 OK\r\n\r\n");
    expect_invalid(" HTTP/1.1 200 OK\r\n\r\n");
    expect_invalid("\r\n<html>");
    expect_invalid(std::string_view("HTTP/1.1 200 OK\r\nA: \0\r\n\r\n", 25));
    expect_invalid(std::string_view("HTTP/1.1 200 O\0K\r\n\r\n", 20));
    // Accepted: other 1.x minors, 6xx-9xx codes, tabs and several spaces.
    ResponseHeadParser p;
    assert_int_equal(head(p, "HTTP/1.2 200 OK\r\n\r\n").result, R::Done);
    assert_int_equal(p.minor_version(), 2);
    assert_int_equal(head(p, "HTTP/1.1 999 Custom\r\n\r\n").result, R::Done);
    assert_int_equal(p.status_code(), 999);
    assert_int_equal(head(p, "HTTP/1.1   301\tMoved\r\n\r\n").result, R::Done);
    assert_int_equal(p.status_code(), 301);
}

void test_head_early_refusal(void**)
{
    // A response that cannot start a status line fails at once, without waiting for a line end
    // (HTTP/0.9 bodies are not accepted).
    ResponseHeadParser p;
    size_t used = 0;
    assert_int_equal(p.feed("<", &used), R::Error);
    assert_int_equal(p.error(), ERROR_WINHTTP_INVALID_SERVER_RESPONSE);
    assert_int_equal(p.feed("HTTP/1.1 200 OK\r\n\r\n", &used), R::Error);
    assert_int_equal(p.eof(), R::Error);
    p.reset();
    assert_int_equal(p.feed("HTT", &used), R::NeedMore);
    assert_int_equal(used, 3);
    assert_int_equal(p.feed("X", &used), R::Error);
    // Junk longer than the head limit is still junk, however it is sliced (found by fuzzing).
    std::string junk = "\r" + std::string(100, '\xff');
    HeadRun r = head(p, junk, 64);
    assert_int_equal(r.error, ERROR_WINHTTP_INVALID_SERVER_RESPONSE);
    r = head(p, "HTTP/1.1 200 " + std::string(100, 'x'), 64);
    assert_int_equal(r.error, ERROR_WINHTTP_HEADER_SIZE_OVERFLOW);
    // A bad status line fails when its line ends, before the headers.
    p.reset();
    assert_int_equal(p.feed("HTTP/1.1 2x0 OK\r\n", &used), R::Error);
    // A good one waits.
    p.reset();
    assert_int_equal(p.feed("HTTP/1.1 200 OK\r\nA: b\r\n", &used), R::NeedMore);
    assert_int_equal(used, 23);
}

void test_head_eof(void**)
{
    ResponseHeadParser p;
    assert_false(p.started());
    assert_int_equal(p.eof(), R::Error);
    assert_int_equal(p.error(), ERROR_WINHTTP_INVALID_SERVER_RESPONSE);
    assert_false(p.started());   // nothing came: a dead reused connection
    p.reset();
    size_t used = 0;
    assert_int_equal(p.feed("HTTP/1.1 200 OK\r\nContent-Le", &used), R::NeedMore);
    assert_true(p.started());
    assert_int_equal(p.eof(), R::Error);
    assert_int_equal(p.error(), ERROR_WINHTTP_INVALID_SERVER_RESPONSE);
    p.reset();
    assert_int_equal(p.feed("\r\n", &used), R::NeedMore);
    assert_true(p.started());
    assert_int_equal(p.feed("", &used), R::NeedMore);
    assert_int_equal(used, 0);
}

void test_head_size_limit(void**)
{
    std::string status = "HTTP/1.1 200 OK\r\n";
    // /bad/huge-headers: 65536 bytes of header lines exceed the default 64 KiB.
    std::string lines;
    for (int k = 0; lines.size() < 65536 - 1000; k++) {
        std::string l = "X-Huge-" + std::to_string(k) + ": ";
        l.append(1000 - l.size() - 2, 'x');
        lines += l + "\r\n";
    }
    std::string last = "X-Last: ";
    last.append(65536 - lines.size() - last.size() - 2, 'y');
    lines += last + "\r\n";
    assert_int_equal(lines.size(), 65536);
    ResponseHeadParser p;
    HeadRun r = head(p, status + lines + "Content-Length: 2\r\n\r\nok");
    assert_int_equal(r.result, R::Error);
    assert_int_equal(r.error, ERROR_WINHTTP_HEADER_SIZE_OVERFLOW);
    // /bad/huge-headers?single=1: one line alone past the limit.
    r = head(p, status + "X: " + std::string(70000, 'z') + "\r\n\r\n");
    assert_int_equal(r.error, ERROR_WINHTTP_HEADER_SIZE_OVERFLOW);
    // The limit counts the whole head: a head of exactly the limit passes, one byte more fails.
    std::string exact = status + "X: " + std::string(100, 'a') + "\r\n\r\n";
    r = head(p, exact + "body", exact.size());
    assert_int_equal(r.result, R::Done);
    assert_int_equal(r.used, exact.size());
    r = head(p, exact, exact.size() - 1);
    assert_int_equal(r.error, ERROR_WINHTTP_HEADER_SIZE_OVERFLOW);
    // Larger limit (WINHTTP_OPTION_MAX_RESPONSE_HEADER_SIZE raised) lets the huge head through.
    r = head(p, status + lines + "Content-Length: 2\r\n\r\nok", 1 << 20);
    assert_int_equal(r.result, R::Done);
    assert_int_equal(p.headers().size(), 67);
    // set_max_head_size applies from then on.
    p = ResponseHeadParser();
    p.set_max_head_size(10);
    size_t used = 0;
    assert_int_equal(p.feed("HTTP/1.1 200", &used), R::Error);
    assert_int_equal(p.error(), ERROR_WINHTTP_HEADER_SIZE_OVERFLOW);
    p.reset();   // keeps the limit
    assert_int_equal(p.feed("HTTP/1.1 200", &used), R::Error);
}

void test_head_many_headers(void**)
{
    // /bad/many-headers: 1000 small headers fit in 64 KiB.
    std::string h = "HTTP/1.1 200 OK\r\n";
    for (int i = 0; i < 1000; i++) h += "X-Header-" + std::to_string(i) + ": " + std::to_string(i) + "\r\n";
    h += "Content-Length: 2\r\n\r\n";
    ResponseHeadParser p;
    HeadRun r = head(p, h + "ok");
    assert_int_equal(r.result, R::Done);
    assert_int_equal(r.used, h.size());
    assert_int_equal(p.headers().size(), 1001);
    assert_true(eq(p.headers().get(u"X-Header-999"), u"999"));
}

void test_head_interim(void**)
{
    std::string c100 = "HTTP/1.1 100 Continue\r\n\r\n";
    std::string c103 = "HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n";
    std::string fin = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n";
    std::string wire = c100 + c103 + fin + "done\n";
    for (size_t step : {size_t(0), size_t(1), size_t(7)}) {
        ResponseHeadParser p;
        std::string_view rest = wire;
        std::vector<DWORD> codes;
        for (;;) {
            HeadRun r = run_head(p, rest, step);
            assert_int_equal(r.result, R::Done);
            codes.push_back(p.status_code());
            rest.remove_prefix(r.used);
            if (!p.interim()) break;
            p.reset();
        }
        assert_int_equal(codes.size(), 3);
        assert_int_equal(codes[0], 100);
        assert_int_equal(codes[1], 103);
        assert_int_equal(codes[2], 200);
        assert_true(rest == "done\n");
        assert_true(eq(p.headers().get(u"Content-Length"), u"5"));
        assert_null(p.headers().get(u"Link"));
    }
    ResponseHeadParser p;
    assert_int_equal(head(p, "HTTP/1.1 102 Processing\r\n\r\n").result, R::Done);
    assert_true(p.interim());
    // 101 Switching Protocols is the final response of an upgrade.
    assert_int_equal(head(p, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n").result, R::Done);
    assert_false(p.interim());
    assert_int_equal(head(p, "HTTP/1.1 199 X\r\n\r\n").result, R::Done);
    assert_true(p.interim());
}

// ------------------------------------------------------------------ framing

ResponseFraming framing(std::string_view h, RequestMethod m = RequestMethod::Other, DWORD* err = nullptr)
{
    ResponseHeadParser p;
    HeadRun r = head(p, h);
    assert_int_equal(r.result, R::Done);
    ResponseFraming f;
    f.framing = ResponseBodyFraming::Length;
    f.length = 12345;
    DWORD e = decide_framing(p.headers(), p.minor_version(), m, f);
    if (err) *err = e;
    else assert_int_equal(e, ERROR_SUCCESS);
    return f;
}

DWORD framing_error(std::string_view h)
{
    DWORD e = 0;
    framing(h, RequestMethod::Other, &e);
    return e;
}

void test_framing_no_body(void**)
{
    ResponseFraming f = framing("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n", RequestMethod::Head);
    assert_int_equal(f.framing, ResponseBodyFraming::None);
    assert_true(f.keep_alive);
    f = framing("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", RequestMethod::Head);
    assert_int_equal(f.framing, ResponseBodyFraming::None);
    // A HEAD answer with a broken length still has no body to frame.
    f = framing("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", RequestMethod::Head);
    assert_int_equal(f.framing, ResponseBodyFraming::None);
    for (const char* s : {"HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n",
                          "HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\nETag: \"x\"\r\n\r\n",
                          "HTTP/1.1 100 Continue\r\n\r\n",
                          "HTTP/1.1 204 No Content\r\nTransfer-Encoding: chunked\r\n\r\n"}) {
        f = framing(s);
        assert_int_equal(f.framing, ResponseBodyFraming::None);
        assert_int_equal(f.length, 0);
        assert_true(f.keep_alive);
    }
    f = framing("HTTP/1.0 304 Not Modified\r\n\r\n");
    assert_int_equal(f.framing, ResponseBodyFraming::None);
    assert_false(f.keep_alive);
    f = framing("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n");
    assert_false(f.keep_alive);
    f = framing("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n");
    assert_int_equal(f.framing, ResponseBodyFraming::None);
    assert_false(f.keep_alive);
    // CONNECT: 2xx opens a tunnel, anything else is an ordinary response.
    f = framing("HTTP/1.1 200 Connection established\r\n\r\n", RequestMethod::Connect);
    assert_int_equal(f.framing, ResponseBodyFraming::None);
    assert_false(f.keep_alive);
    f = framing("HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 3\r\n\r\n", RequestMethod::Connect);
    assert_int_equal(f.framing, ResponseBodyFraming::Length);
    assert_int_equal(f.length, 3);
}

void test_framing_chunked(void**)
{
    ResponseFraming f = framing("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
    assert_int_equal(f.framing, ResponseBodyFraming::Chunked);
    assert_true(f.keep_alive);
    f = framing("HTTP/1.1 200 OK\r\nTransfer-Encoding: CHUNKED\r\n\r\n");
    assert_int_equal(f.framing, ResponseBodyFraming::Chunked);
    f = framing("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n");
    assert_int_equal(f.framing, ResponseBodyFraming::Chunked);
    f = framing("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n");
    assert_int_equal(f.framing, ResponseBodyFraming::Chunked);
    f = framing("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, identity\r\n\r\n");
    assert_int_equal(f.framing, ResponseBodyFraming::Chunked);
    // chunked not last: the body runs to the close (RFC 9112 6.3 (4)).
    f = framing("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\nContent-Length: 3\r\n\r\n");
    assert_int_equal(f.framing, ResponseBodyFraming::UntilClose);
    assert_false(f.keep_alive);
    f = framing("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n");
    assert_int_equal(f.framing, ResponseBodyFraming::UntilClose);
    // "identity" alone is no coding at all.
    f = framing("HTTP/1.1 200 OK\r\nTransfer-Encoding: identity\r\nContent-Length: 3\r\n\r\n");
    assert_int_equal(f.framing, ResponseBodyFraming::Length);
    assert_int_equal(f.length, 3);
    // /bad/content-length-and-chunked: chunked wins, the connection is not reused.
    f = framing("HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n");
    assert_int_equal(f.framing, ResponseBodyFraming::Chunked);
    assert_false(f.keep_alive);
    // ... even when that Content-Length is garbage: it is not looked at.
    f = framing("HTTP/1.1 200 OK\r\nContent-Length: x\r\nTransfer-Encoding: chunked\r\n\r\n");
    assert_int_equal(f.framing, ResponseBodyFraming::Chunked);
    // HTTP/1.0 with chunked: decoded, then closed.
    f = framing("HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: keep-alive\r\n\r\n");
    assert_int_equal(f.framing, ResponseBodyFraming::Chunked);
    assert_false(f.keep_alive);
}

void test_framing_length(void**)
{
    ResponseFraming f = framing("HTTP/1.1 200 OK\r\nContent-Length: 12\r\n\r\n");
    assert_int_equal(f.framing, ResponseBodyFraming::Length);
    assert_int_equal(f.length, 12);
    assert_true(f.keep_alive);
    f = framing("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    assert_int_equal(f.framing, ResponseBodyFraming::Length);
    assert_int_equal(f.length, 0);
    f = framing("HTTP/1.1 200 OK\r\nContent-Length: 00012\r\n\r\n");
    assert_int_equal(f.length, 12);
    f = framing("HTTP/1.1 200 OK\r\nContent-Length: 5\r\ncontent-length: 5\r\n\r\n");
    assert_int_equal(f.length, 5);
    f = framing("HTTP/1.1 200 OK\r\nContent-Length: 5, 5\r\n\r\n");
    assert_int_equal(f.length, 5);
    f = framing("HTTP/1.1 200 OK\r\nContent-Length: 9223372036854775807\r\n\r\n");
    assert_int_equal(f.length, INT64_MAX);
    f = framing("HTTP/1.1 200 OK\r\nContent-Length: 5368709120\r\n\r\n");   // over 4 GiB
    assert_int_equal(f.length, 5368709120ull);

    // Each of these is ERROR_WINHTTP_INVALID_SERVER_RESPONSE.
    for (const char* v : {"-1", "abc", "", "+5", "5a", "0x10", "1 2", "5,", "5, 6", "1.5",
                          "9223372036854775808", "18446744073709551617", "99999999999999999999999"}) {
        std::string h = std::string("HTTP/1.1 200 OK\r\nContent-Length: ") + v + "\r\n\r\n";
        assert_int_equal(framing_error(h), ERROR_WINHTTP_INVALID_SERVER_RESPONSE);
    }
    // /bad/negative-content-length, /bad/duplicate-content-length-mismatch
    assert_int_equal(framing_error("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\nok"), ERROR_WINHTTP_INVALID_SERVER_RESPONSE);
    assert_int_equal(framing_error("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 5\r\n\r\nok"),
                     ERROR_WINHTTP_INVALID_SERVER_RESPONSE);
    assert_int_equal(framing_error("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: \r\n\r\nok"),
                     ERROR_WINHTTP_INVALID_SERVER_RESPONSE);
}

void test_framing_until_close_and_keep_alive(void**)
{
    ResponseFraming f = framing("HTTP/1.1 200 OK\r\n\r\n");
    assert_int_equal(f.framing, ResponseBodyFraming::UntilClose);
    assert_false(f.keep_alive);
    f = framing("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\n\r\n");
    assert_int_equal(f.framing, ResponseBodyFraming::UntilClose);
    assert_false(f.keep_alive);

    struct { const char* head; bool keep; } cases[] = {
        {"HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n", true},
        {"HTTP/1.1 200 OK\r\nContent-Length: 1\r\nConnection: close\r\n\r\n", false},
        {"HTTP/1.1 200 OK\r\nContent-Length: 1\r\nConnection: CLOSE\r\n\r\n", false},
        {"HTTP/1.1 200 OK\r\nContent-Length: 1\r\nConnection: Keep-Alive, close\r\n\r\n", false},
        {"HTTP/1.1 200 OK\r\nContent-Length: 1\r\nConnection: foo\r\nConnection: close\r\n\r\n", false},
        {"HTTP/1.1 200 OK\r\nContent-Length: 1\r\nConnection: closed\r\n\r\n", true},
        {"HTTP/1.1 200 OK\r\nContent-Length: 1\r\nConnection: keep-alive\r\n\r\n", true},
        {"HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\n", false},
        {"HTTP/1.0 200 OK\r\nContent-Length: 1\r\nConnection: keep-alive\r\n\r\n", true},
        {"HTTP/1.0 200 OK\r\nContent-Length: 1\r\nConnection: Keep-Alive\r\n\r\n", true},
        {"HTTP/1.0 200 OK\r\nContent-Length: 1\r\nConnection: keep-alive, close\r\n\r\n", false},
        {"HTTP/1.2 200 OK\r\nContent-Length: 1\r\n\r\n", true},
    };
    for (auto& c : cases) {
        f = framing(c.head);
        assert_int_equal(f.framing, ResponseBodyFraming::Length);
        assert_int_equal(f.keep_alive, c.keep);
    }
}

void test_header_has_token(void**)
{
    HeaderStore h;
    h.append(u"Connection", u" Upgrade ,keep-alive");
    h.append(u"connection", u",, TE");
    h.append(u"X", u"close");
    assert_true(header_has_token(h, u"Connection", u"upgrade"));
    assert_true(header_has_token(h, u"CONNECTION", u"Keep-Alive"));
    assert_true(header_has_token(h, u"Connection", u"te"));
    assert_false(header_has_token(h, u"Connection", u"close"));
    assert_false(header_has_token(h, u"Connection", u"keep"));
    assert_false(header_has_token(h, u"Connection", u""));
    assert_false(header_has_token(h, u"Nope", u"close"));
}

// ------------------------------------------------------------------ chunked

struct ChunkRun {
    DWORD error = 0;
    bool done = false;
    std::string payload;
    size_t consumed = 0;   // bytes of the input taken (framing and payload)
};

// Feeds `data` `step` bytes at a time (0: whole) into a socket-like buffer and drains it into an
// application buffer of `want` bytes per read, as ReadData would.
ChunkRun run_chunked(ChunkedDecoder& d, std::string_view data, size_t step, size_t want)
{
    ChunkRun out;
    std::string buf;
    size_t off = 0;
    if (step == 0) step = data.size() ? data.size() : 1;
    while (off < data.size() && !out.done) {
        std::string_view slice = data.substr(off, step);
        buf.append(slice);
        off += slice.size();
        for (;;) {
            ChunkedDecoder::Span s;
            out.error = d.next(buf, s);
            assert_true(s.framing + s.payload <= buf.size());
            if (out.error != ERROR_SUCCESS) return out;
            size_t take = s.payload < want ? s.payload : want;
            out.payload.append(buf, s.framing, take);
            d.consume(take);
            buf.erase(0, s.framing + take);
            out.consumed += s.framing + take;
            if (d.done()) { out.done = true; break; }
            if (s.framing + take == 0) break;
        }
    }
    return out;
}

ChunkRun chunked(ChunkedDecoder& d, std::string_view data, size_t max_trailer = 64 * 1024)
{
    ChunkRun first;
    bool have = false;
    for (size_t step : {size_t(0), size_t(1), size_t(2), size_t(5)}) {
        for (size_t want : {size_t(1) << 20, size_t(1), size_t(3)}) {
            ChunkedDecoder t(max_trailer);
            ChunkRun r = run_chunked(t, data, step, want);
            if (!have) {
                first = r;
                have = true;
                d = t;
                continue;
            }
            assert_int_equal(r.error, first.error);
            assert_int_equal(r.done, first.done);
            if (r.error == ERROR_SUCCESS) {
                assert_true(r.payload == first.payload);
                assert_int_equal(r.consumed, first.consumed);
                assert_true(t.trailers().lines() == d.trailers().lines());
            }
        }
    }
    return first;
}

void test_chunked_basic(void**)
{
    ChunkedDecoder d;
    std::string body = "5\r\nhello\r\n7\r\n, world\r\n0\r\n\r\n";
    ChunkRun r = chunked(d, body + "HTTP/1.1 200 OK\r\n");
    assert_int_equal(r.error, ERROR_SUCCESS);
    assert_true(r.done);
    assert_true(r.payload == "hello, world");
    assert_int_equal(r.consumed, body.size());   // the next response is left alone
    assert_true(d.done());
    assert_true(d.trailers().empty());
    assert_int_equal(d.delivered(), 12);
    // Done takes nothing more.
    ChunkedDecoder::Span s;
    assert_int_equal(d.next("5\r\nhello", s), ERROR_SUCCESS);
    assert_int_equal(s.framing, 0);
    assert_int_equal(s.payload, 0);
}

void test_chunked_zero_copy(void**)
{
    // The payload is reported where it lies in the caller's buffer.
    ChunkedDecoder d;
    ChunkedDecoder::Span s;
    std::string in = "a;ext=1\r\n0123456789\r\n3\r\nabc";
    assert_int_equal(d.next(in, s), ERROR_SUCCESS);
    assert_int_equal(s.framing, 9);
    assert_int_equal(s.payload, 10);
    assert_int_equal(d.chunk_remaining(), 10);
    d.consume(4);   // the application's buffer took 4
    assert_int_equal(d.chunk_remaining(), 6);
    std::string_view rest = std::string_view(in).substr(13);
    assert_int_equal(d.next(rest, s), ERROR_SUCCESS);
    assert_int_equal(s.framing, 0);
    assert_int_equal(s.payload, 6);
    assert_true(rest.substr(0, 6) == "456789");
    d.consume(6);
    assert_int_equal(d.chunk_remaining(), 0);
    rest.remove_prefix(6);
    assert_int_equal(d.next(rest, s), ERROR_SUCCESS);
    assert_int_equal(s.framing, 5);
    assert_int_equal(s.payload, 3);
    assert_true(rest.substr(5, 3) == "abc");
    // Over-consuming is clamped to the chunk.
    d.consume(100);
    assert_int_equal(d.delivered(), 13);
    assert_false(d.done());
    // Partial chunk: only what is there is offered.
    d.reset();
    assert_int_equal(d.next("10\r\nabc", s), ERROR_SUCCESS);
    assert_int_equal(s.framing, 4);
    assert_int_equal(s.payload, 3);
    assert_int_equal(d.chunk_remaining(), 16);
    // consume outside a chunk does nothing.
    d.reset();
    d.consume(5);
    assert_int_equal(d.delivered(), 0);
}

void test_chunked_syntax_variants(void**)
{
    ChunkedDecoder d;
    // Upper and lower case hex, leading zeros, extensions (with quoted strings), whitespace
    // before them, LF-only framing.
    ChunkRun r = chunked(d, "A\r\n0123456789\r\n00000000000000000000000b;a=b;c=\"x;y\\\"\"\r\nhello world\r\n"
                            "1 ;x\r\n!\r\n2\t\r\n!!\r\n1\n?\n0;last\r\n\r\n");
    assert_int_equal(r.error, ERROR_SUCCESS);
    assert_true(r.done);
    assert_true(r.payload == "0123456789hello world!!!?");
    // Zero-length body.
    r = chunked(d, "0\r\n\r\n");
    assert_true(r.done);
    assert_true(r.payload.empty());
    r = chunked(d, "0\n\n");
    assert_true(r.done);
    // The test server's /chunked/N?size=K&ext=;a=b framing.
    r = chunked(d, "4;a=b\r\nabcd\r\n2;a=b\r\nef\r\n0;a=b\r\n\r\n");
    assert_true(r.done);
    assert_true(r.payload == "abcdef");
    // /bad/content-length-and-chunked's body.
    r = chunked(d, "2\r\nok\r\n0\r\n\r\n");
    assert_true(r.done);
    assert_true(r.payload == "ok");
    // Big sizes are fine until they overflow.
    ChunkedDecoder::Span s;
    d.reset();
    assert_int_equal(d.next("7fffffffffffffff\r\nx", s), ERROR_SUCCESS);
    assert_int_equal(d.chunk_remaining(), INT64_MAX);
    assert_int_equal(s.payload, 1);
    // Incomplete input is not an error.
    r = chunked(d, "5\r\nhel");
    assert_int_equal(r.error, ERROR_SUCCESS);
    assert_false(r.done);
    assert_true(r.payload == "hel");
    r = chunked(d, "5\r\nhello\r\n0\r\n");
    assert_false(r.done);
    assert_true(d.in_trailers());
}

void test_chunked_invalid(void**)
{
    ChunkedDecoder d;
    // Sizes that overflow: the WinHttpReceiveResponse page's chunked-encoding overflow error.
    for (const char* s : {
             "10000000000000002\r\nok\r\n0\r\n\r\n",  // /bad/overflow-chunk-size: 2^64 + 2
             "8000000000000000\r\n",                    // 2^63
             "ffffffffffffffff\r\n",
         }) {
        ChunkedDecoder o;
        ChunkRun r = chunked(o, s);
        assert_int_equal(r.error, ERROR_WINHTTP_CHUNKED_ENCODING_HEADER_SIZE_OVERFLOW);
        assert_true(r.payload.empty());
    }
    for (const char* s : {
             "zz\r\nok\r\n0\r\n\r\n",                 // /bad/bad-chunk-size
             "\r\n",                                     // no size at all
             ";ext\r\n",
             " 5\r\nhello\r\n0\r\n\r\n",
             "-1\r\n",
             "+5\r\nhello\r\n",
             "0x5\r\nhello\r\n",
             "5 5\r\nhello\r\n",
             "5g\r\n",
             "5\rX\nhello\r\n",
             "5\r\r\nhello\r\n",
             "5\r\nhelloX\r\n0\r\n\r\n",                // data longer than its size
             "5\r\nhello\rX",
             "5\r\nhel\r\n0\r\n\r\n",                  // shorter: the size line eats "\r\n0\r\n"
         }) {
        ChunkRun r = chunked(d, s);
        assert_int_equal(r.error, ERROR_WINHTTP_INVALID_SERVER_RESPONSE);
        assert_false(r.done);
        // Errors are sticky.
        ChunkedDecoder::Span sp;
        assert_int_equal(d.next("0\r\n\r\n", sp), ERROR_WINHTTP_INVALID_SERVER_RESPONSE);
        assert_int_equal(d.error(), ERROR_WINHTTP_INVALID_SERVER_RESPONSE);
    }
    // An endless size line (extension) ends with an error instead of growing forever.
    std::string ext = "5;" + std::string(70000, 'e') + "\r\nhello\r\n0\r\n\r\n";
    ChunkedDecoder big;
    ChunkedDecoder::Span sp;
    assert_int_equal(big.next(ext, sp), ERROR_WINHTTP_CHUNKED_ENCODING_HEADER_SIZE_OVERFLOW);
    // Just under the limit is fine.
    big.reset();
    ext = "5;" + std::string(60000, 'e') + "\r\nhello\r\n0\r\n\r\n";
    ChunkRun r = run_chunked(big, ext, 0, 100);
    assert_true(r.done);
    assert_true(r.payload == "hello");
}

void test_chunked_trailers(void**)
{
    ChunkedDecoder d;
    std::string body = "2\r\nok\r\n0\r\nX-Checksum: abc\r\nX-Folded: a\r\n b\r\nNoColon\r\nX-Two: 2\n\r\n";
    ChunkRun r = chunked(d, body + "NEXT");
    assert_int_equal(r.error, ERROR_SUCCESS);
    assert_true(r.done);
    assert_int_equal(r.consumed, body.size());
    assert_true(r.payload == "ok");
    assert_int_equal(d.trailers().size(), 3);
    assert_true(eq(d.trailers().get(u"x-checksum"), u"abc"));
    assert_true(eq(d.trailers().get(u"X-Folded"), u"a b"));
    assert_true(eq(d.trailers().get(u"X-Two"), u"2"));
    assert_true(d.trailers().status.code.empty());
    // Trailers after a zero chunk with an extension, latin-1 widening.
    r = chunked(d, "0;x=y\r\nT: \xe9\r\n\r\n");
    assert_true(r.done);
    assert_true(eq(d.trailers().get(u"T"), u"\u00e9"));
    // Bare CRs read as spaces, as in the head.
    r = chunked(d, "0\r\nT: a\rb\r\n\r\r\n\r\n");
    assert_true(r.done);
    assert_true(eq(d.trailers().get(u"T"), u"a b"));
    // A NUL in a trailer is a broken response.
    r = chunked(d, std::string_view("0\r\nT: a\0b\r\n\r\n", 13));
    assert_int_equal(r.error, ERROR_WINHTTP_INVALID_SERVER_RESPONSE);
    // The trailer section has a size limit, like the head.
    r = chunked(d, "0\r\nT: " + std::string(200, 't') + "\r\n\r\n", 100);
    assert_int_equal(r.error, ERROR_WINHTTP_HEADER_SIZE_OVERFLOW);
    r = chunked(d, "0\r\nT: " + std::string(90, 't') + "\r\n\r\n", 100);
    assert_int_equal(r.error, ERROR_SUCCESS);
    assert_true(r.done);
    // reset() forgets the trailers.
    d.reset();
    assert_true(d.trailers().empty());
    assert_false(d.done());
}

void test_chunked_large(void**)
{
    // Many chunks of every size up to 300, checked against the plain payload.
    std::string plain, wire;
    const char* hex = "0123456789abcdef";
    for (size_t n = 1; n <= 300; n++) {
        std::string chunk;
        for (size_t k = 0; k < n; k++) chunk += char('a' + (plain.size() + k) % 26);
        std::string size;
        for (size_t v = n; v; v >>= 4) size.insert(size.begin(), hex[v & 15]);
        wire += size + "\r\n" + chunk + "\r\n";
        plain += chunk;
    }
    wire += "0\r\n\r\n";
    ChunkedDecoder d;
    for (size_t step : {size_t(0), size_t(1), size_t(4096)}) {
        d.reset();
        ChunkRun r = run_chunked(d, wire, step, 1000);
        assert_true(r.done);
        assert_true(r.payload == plain);
        assert_int_equal(r.consumed, wire.size());
        assert_int_equal(d.delivered(), plain.size());
    }
}

} // namespace

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_head_basic),
        cmocka_unit_test(test_head_lf_only_and_folding),
        cmocka_unit_test(test_head_leading_empty_lines),
        cmocka_unit_test(test_head_bad_status_lines),
        cmocka_unit_test(test_head_early_refusal),
        cmocka_unit_test(test_head_eof),
        cmocka_unit_test(test_head_size_limit),
        cmocka_unit_test(test_head_many_headers),
        cmocka_unit_test(test_head_interim),
        cmocka_unit_test(test_framing_no_body),
        cmocka_unit_test(test_framing_chunked),
        cmocka_unit_test(test_framing_length),
        cmocka_unit_test(test_framing_until_close_and_keep_alive),
        cmocka_unit_test(test_header_has_token),
        cmocka_unit_test(test_chunked_basic),
        cmocka_unit_test(test_chunked_zero_copy),
        cmocka_unit_test(test_chunked_syntax_variants),
        cmocka_unit_test(test_chunked_invalid),
        cmocka_unit_test(test_chunked_trailers),
        cmocka_unit_test(test_chunked_large),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
