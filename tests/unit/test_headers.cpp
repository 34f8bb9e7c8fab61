// Unit tests of the header store (engine/headers.h) and of the header API functions
// (engine/api_headers.cpp) on requests built directly in the handle table, including the
// response side that the network code fills later.
// The engine headers come first: cmocka.h defines a fail() macro that would clash with Call::fail.
// cmocka.h has no extern "C" of its own.
#include "engine/api.h"
#include "engine/headers.h"
#include "engine/objects.h"
#include <cstring>
#include <string>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
extern "C" {
#include <cmocka.h>
}

using namespace winhttp;

namespace {

bool eq(const u16string* s, const char16_t* want) { return s && *s == want; }
bool eq(const u16string& s, const char16_t* want) { return s == want; }

// ------------------------------------------------------------------ validation and parsing

void test_valid_names(void**)
{
    assert_true(valid_header_name(u"Content-Type"));
    assert_true(valid_header_name(u"X-a_b.c~d!#$%&'*+^`|"));
    assert_true(valid_header_name(u"a"));
    assert_false(valid_header_name(u""));
    assert_false(valid_header_name(u"a b"));
    assert_false(valid_header_name(u" a"));
    assert_false(valid_header_name(u"a\t"));
    assert_false(valid_header_name(u"a:b"));
    for (char16_t c : u"()<>@,;\\\"/[]?={}")
        if (c) assert_false(valid_header_name(u16string(u"x") + c));
    assert_false(valid_header_name(u"x\x7f"));
    assert_false(valid_header_name(u"x\x01"));
    assert_false(valid_header_name(u"\u00e9t\u00e9"));
}

void test_valid_values(void**)
{
    assert_true(valid_header_value(u""));
    assert_true(valid_header_value(u"text/html; charset=utf-8"));
    assert_true(valid_header_value(u"a\tb"));
    assert_true(valid_header_value(u"\u00e9\u4e2d"));
    assert_false(valid_header_value(u"a\rb"));
    assert_false(valid_header_value(u"a\nb"));
    assert_false(valid_header_value(u16view(u"a\0b", 3)));
}

void test_parse_line(void**)
{
    u16view n, v;
    assert_int_equal(parse_header_line(u"Name: value", n, v), ERROR_SUCCESS);
    assert_true(n == u"Name" && v == u"value");
    assert_int_equal(parse_header_line(u"Name:value", n, v), ERROR_SUCCESS);
    assert_true(n == u"Name" && v == u"value");
    assert_int_equal(parse_header_line(u"field: value ", n, v), ERROR_SUCCESS);
    assert_true(n == u"field" && v == u"value");
    assert_int_equal(parse_header_line(u"a:", n, v), ERROR_SUCCESS);
    assert_true(n == u"a" && v.empty());
    assert_int_equal(parse_header_line(u"a: \t ", n, v), ERROR_SUCCESS);
    assert_true(v.empty());
    assert_int_equal(parse_header_line(u"Time: 10:20:30", n, v), ERROR_SUCCESS);
    assert_true(n == u"Time" && v == u"10:20:30");
    assert_int_equal(parse_header_line(u"X: a  b", n, v), ERROR_SUCCESS);
    assert_true(v == u"a  b");
    // What Wine's test_WinHttpAddHeaders sees Windows refuse.
    assert_int_equal(parse_header_line(u":", n, v), ERROR_WINHTTP_INVALID_HEADER);
    assert_int_equal(parse_header_line(u":b", n, v), ERROR_WINHTTP_INVALID_HEADER);
    assert_int_equal(parse_header_line(u"cd", n, v), ERROR_WINHTTP_INVALID_HEADER);
    assert_int_equal(parse_header_line(u" e :f", n, v), ERROR_WINHTTP_INVALID_HEADER);
    assert_int_equal(parse_header_line(u"g : value", n, v), ERROR_WINHTTP_INVALID_HEADER);
    assert_int_equal(parse_header_line(u"a b: c", n, v), ERROR_WINHTTP_INVALID_HEADER);
    assert_int_equal(parse_header_line(u"a: b\rc", n, v), ERROR_WINHTTP_INVALID_HEADER);
    assert_int_equal(parse_header_line(u"", n, v), ERROR_WINHTTP_INVALID_HEADER);
}

// ------------------------------------------------------------------ the store

void test_store_basics(void**)
{
    HeaderStore s;
    assert_true(s.empty());
    s.append(u"Accept", u"a");
    s.append(u"X", u"1");
    s.append(u"accept", u"b");
    assert_int_equal(s.size(), 3);
    assert_int_equal(s.count(u"ACCEPT"), 2);
    assert_int_equal(s.count(u"nope"), 0);
    assert_int_equal(s.find(u"accept"), 0);
    assert_int_equal(s.find(u"Accept", 1), 2);
    assert_int_equal(s.find(u"Accept", 2), HeaderStore::npos);
    assert_true(eq(s.get(u"aCCEPT", 1), u"b"));
    assert_null(s.get(u"Accept-Encoding"));
    assert_null(s.get(u"Accep"));
    assert_true(s.remove_first(u"ACCEPT"));
    assert_true(eq(s.get(u"accept"), u"b"));
    assert_int_equal(s.remove_all(u"accept"), 1);
    assert_false(s.remove_first(u"accept"));
    assert_int_equal(s.size(), 1);
    assert_true(eq(s[0].name, u"X"));
    s.status.code = u"200";
    s.clear();
    assert_true(s.empty());
    assert_true(s.status.code.empty());
}

void test_modifier_add(void**)
{
    HeaderStore s;
    assert_int_equal(s.apply(u"Warning", u"test1", WINHTTP_ADDREQ_FLAG_ADD), ERROR_SUCCESS);
    assert_int_equal(s.apply(u"warning", u"test2", WINHTTP_ADDREQ_FLAG_ADD), ERROR_SUCCESS);
    assert_int_equal(s.count(u"Warning"), 2);   // duplicates are kept, in order
    assert_true(eq(s.get(u"Warning", 0), u"test1"));
    assert_true(eq(s.get(u"Warning", 1), u"test2"));
    // No modifier at all adds too.
    assert_int_equal(s.apply(u"Warning", u"test3", 0), ERROR_SUCCESS);
    assert_int_equal(s.count(u"Warning"), 3);
    // Unknown bits are ignored.
    assert_int_equal(s.apply(u"Y", u"y", WINHTTP_ADDREQ_FLAG_ADD | 0x1234), ERROR_SUCCESS);
    assert_true(eq(s.get(u"Y"), u"y"));
}

void test_modifier_add_if_new(void**)
{
    HeaderStore s;
    assert_int_equal(s.apply(u"A", u"1", WINHTTP_ADDREQ_FLAG_ADD_IF_NEW), ERROR_SUCCESS);
    assert_int_equal(s.apply(u"a", u"2", WINHTTP_ADDREQ_FLAG_ADD_IF_NEW), ERROR_WINHTTP_HEADER_ALREADY_EXISTS);
    assert_int_equal(s.size(), 1);
    assert_true(eq(s.get(u"A"), u"1"));
    // ADD_IF_NEW is checked before REPLACE or COALESCE.
    assert_int_equal(s.apply(u"A", u"3", WINHTTP_ADDREQ_FLAG_ADD_IF_NEW | WINHTTP_ADDREQ_FLAG_REPLACE),
                     ERROR_WINHTTP_HEADER_ALREADY_EXISTS);
    assert_int_equal(s.apply(u"A", u"3", WINHTTP_ADDREQ_FLAG_ADD_IF_NEW | WINHTTP_ADDREQ_FLAG_COALESCE),
                     ERROR_WINHTTP_HEADER_ALREADY_EXISTS);
    assert_true(eq(s.get(u"A"), u"1"));
}

void test_modifier_replace(void**)
{
    HeaderStore s;
    s.append(u"Warning", u"test1");
    s.append(u"Other", u"o");
    s.append(u"Warning", u"test2");
    // Replaces the first one where it stands.
    assert_int_equal(s.apply(u"WARNING", u"test3", WINHTTP_ADDREQ_FLAG_REPLACE), ERROR_SUCCESS);
    assert_int_equal(s.size(), 3);
    assert_true(eq(s[0].value, u"test3"));
    assert_true(eq(s[0].name, u"WARNING"));
    assert_true(eq(s[2].value, u"test2"));
    // An empty value removes the first one only.
    assert_int_equal(s.apply(u"Warning", u"", WINHTTP_ADDREQ_FLAG_REPLACE), ERROR_SUCCESS);
    assert_int_equal(s.count(u"Warning"), 1);
    assert_true(eq(s.get(u"Warning"), u"test2"));
    assert_int_equal(s.apply(u"Warning", u"", WINHTTP_ADDREQ_FLAG_REPLACE), ERROR_SUCCESS);
    assert_int_equal(s.count(u"Warning"), 0);
    // Nothing to replace or remove.
    assert_int_equal(s.apply(u"Warning", u"x", WINHTTP_ADDREQ_FLAG_REPLACE), ERROR_WINHTTP_HEADER_NOT_FOUND);
    assert_int_equal(s.apply(u"Warning", u"", WINHTTP_ADDREQ_FLAG_REPLACE), ERROR_WINHTTP_HEADER_NOT_FOUND);
    assert_int_equal(s.size(), 1);
    // REPLACE | ADD adds when missing, replaces when present.
    assert_int_equal(s.apply(u"Warning", u"x", WINHTTP_ADDREQ_FLAG_REPLACE | WINHTTP_ADDREQ_FLAG_ADD), ERROR_SUCCESS);
    assert_true(eq(s.get(u"Warning"), u"x"));
    assert_int_equal(s.apply(u"Warning", u"y", WINHTTP_ADDREQ_FLAG_REPLACE | WINHTTP_ADDREQ_FLAG_ADD), ERROR_SUCCESS);
    assert_int_equal(s.count(u"Warning"), 1);
    assert_true(eq(s.get(u"Warning"), u"y"));
    // REPLACE | ADD with an empty value: removes when present, adds an empty one when not.
    assert_int_equal(s.apply(u"Warning", u"", WINHTTP_ADDREQ_FLAG_REPLACE | WINHTTP_ADDREQ_FLAG_ADD), ERROR_SUCCESS);
    assert_int_equal(s.count(u"Warning"), 0);
    assert_int_equal(s.apply(u"Warning", u"", WINHTTP_ADDREQ_FLAG_REPLACE | WINHTTP_ADDREQ_FLAG_ADD), ERROR_SUCCESS);
    assert_true(eq(s.get(u"Warning"), u""));
}

void test_modifier_coalesce(void**)
{
    HeaderStore s;
    // No header yet: coalescing adds it.
    assert_int_equal(s.apply(u"Warning", u"test2", WINHTTP_ADDREQ_FLAG_COALESCE), ERROR_SUCCESS);
    assert_true(eq(s.get(u"Warning"), u"test2"));
    s.append(u"Warning", u"second");
    assert_int_equal(s.apply(u"warning", u"test4", WINHTTP_ADDREQ_FLAG_COALESCE), ERROR_SUCCESS);
    assert_int_equal(s.apply(u"Warning", u"test5", WINHTTP_ADDREQ_FLAG_COALESCE_WITH_COMMA), ERROR_SUCCESS);
    assert_int_equal(s.apply(u"Warning", u"test6", WINHTTP_ADDREQ_FLAG_COALESCE_WITH_SEMICOLON), ERROR_SUCCESS);
    assert_int_equal(s.count(u"Warning"), 2);
    assert_true(eq(s.get(u"Warning"), u"test2, test4, test5; test6"));
    assert_true(eq(s.get(u"Warning", 1), u"second"));
    assert_true(eq(s[0].name, u"Warning"));  // the first spelling stays
    // Both coalesce flags: the comma wins.
    assert_int_equal(s.apply(u"Warning", u"z", WINHTTP_ADDREQ_FLAG_COALESCE_WITH_COMMA |
                                                  WINHTTP_ADDREQ_FLAG_COALESCE_WITH_SEMICOLON), ERROR_SUCCESS);
    assert_true(eq(s.get(u"Warning"), u"test2, test4, test5; test6, z"));
    // Semicolon on a fresh name adds.
    assert_int_equal(s.apply(u"Cookie", u"a=1", WINHTTP_ADDREQ_FLAG_COALESCE_WITH_SEMICOLON), ERROR_SUCCESS);
    assert_int_equal(s.apply(u"Cookie", u"b=2", WINHTTP_ADDREQ_FLAG_COALESCE_WITH_SEMICOLON), ERROR_SUCCESS);
    assert_true(eq(s.get(u"Cookie"), u"a=1; b=2"));
    // An empty value still adds the separator.
    assert_int_equal(s.apply(u"Cookie", u"", WINHTTP_ADDREQ_FLAG_COALESCE), ERROR_SUCCESS);
    assert_true(eq(s.get(u"Cookie"), u"a=1; b=2, "));
    // REPLACE takes precedence over COALESCE.
    assert_int_equal(s.apply(u"Cookie", u"c", WINHTTP_ADDREQ_FLAG_REPLACE | WINHTTP_ADDREQ_FLAG_COALESCE), ERROR_SUCCESS);
    assert_true(eq(s.get(u"Cookie"), u"c"));
}

void test_add_block(void**)
{
    HeaderStore s;
    assert_int_equal(s.add_block(u"A: 1\r\nB: 2\nC:3\r\n", WINHTTP_ADDREQ_FLAG_ADD), ERROR_SUCCESS);
    assert_int_equal(s.size(), 3);
    assert_true(eq(s.get(u"A"), u"1") && eq(s.get(u"B"), u"2") && eq(s.get(u"C"), u"3"));
    // Empty lines are skipped; a trailing CRLF CRLF is fine.
    assert_int_equal(s.add_block(u"\r\nD: 4\r\n\r\nE: 5\r\n\r\n", WINHTTP_ADDREQ_FLAG_ADD), ERROR_SUCCESS);
    assert_int_equal(s.size(), 5);
    // No header at all.
    assert_int_equal(s.add_block(u"", WINHTTP_ADDREQ_FLAG_ADD), ERROR_WINHTTP_INVALID_HEADER);
    assert_int_equal(s.add_block(u"\r\n", WINHTTP_ADDREQ_FLAG_ADD), ERROR_WINHTTP_INVALID_HEADER);
    assert_int_equal(s.add_block(u"\r\n\n", WINHTTP_ADDREQ_FLAG_ADD), ERROR_WINHTTP_INVALID_HEADER);
    // Lines are applied in order; the first failing line stops the block, earlier ones stay.
    assert_int_equal(s.add_block(u"F: 6\r\nbad line\r\nG: 7", WINHTTP_ADDREQ_FLAG_ADD), ERROR_WINHTTP_INVALID_HEADER);
    assert_true(eq(s.get(u"F"), u"6"));
    assert_null(s.get(u"G"));
    assert_int_equal(s.add_block(u"H: 8\r\nA: x\r\nI: 9", WINHTTP_ADDREQ_FLAG_ADD_IF_NEW),
                     ERROR_WINHTTP_HEADER_ALREADY_EXISTS);
    assert_true(eq(s.get(u"H"), u"8"));
    assert_null(s.get(u"I"));
    // A lone CR is inside the value: invalid.
    assert_int_equal(s.add_block(u"J: a\rK: b", WINHTTP_ADDREQ_FLAG_ADD), ERROR_WINHTTP_INVALID_HEADER);
    assert_null(s.get(u"J"));
    // A NUL ends the block.
    assert_int_equal(s.add_block(u16view(u"L: 1\0M: 2", 9), WINHTTP_ADDREQ_FLAG_ADD), ERROR_SUCCESS);
    assert_true(eq(s.get(u"L"), u"1"));
    assert_null(s.get(u"M"));
    assert_int_equal(s.add_block(u16view(u"\0N: 1", 5), WINHTTP_ADDREQ_FLAG_ADD), ERROR_WINHTTP_INVALID_HEADER);
    // Modifiers apply to every line.
    assert_int_equal(s.add_block(u"A: r\r\nB: s", WINHTTP_ADDREQ_FLAG_REPLACE), ERROR_SUCCESS);
    assert_true(eq(s.get(u"A"), u"r") && eq(s.get(u"B"), u"s"));
    assert_int_equal(s.add_block(u"A: t\r\nB: u", WINHTTP_ADDREQ_FLAG_COALESCE_WITH_SEMICOLON), ERROR_SUCCESS);
    assert_true(eq(s.get(u"A"), u"r; t") && eq(s.get(u"B"), u"s; u"));
}

// ------------------------------------------------------------------ serialization

void test_serialize(void**)
{
    HeaderStore s;
    assert_true(eq(s.lines(), u""));
    assert_true(eq(build_request_head(u"GET", u"/", u"HTTP/1.1", s), u"GET / HTTP/1.1\r\n\r\n"));
    s.append(u"Host", u"example.com");
    s.append(u"Accept", u"*/*");
    assert_true(eq(s.lines(), u"Host: example.com\r\nAccept: */*\r\n"));
    assert_true(eq(s.lines(u"\n"), u"Host: example.com\nAccept: */*\n"));
    assert_true(eq(build_request_head(u"POST", u"/a?b=c", u"HTTP/1.0", s),
                   u"POST /a?b=c HTTP/1.0\r\nHost: example.com\r\nAccept: */*\r\n\r\n"));
    s.status.version = u"HTTP/1.1";
    s.status.code = u"404";
    s.status.reason = u"Not Found";
    assert_true(eq(build_response_head(s), u"HTTP/1.1 404 Not Found\r\nHost: example.com\r\nAccept: */*\r\n\r\n"));
    s.status.reason.clear();
    s.clear();
    s.status.version = u"HTTP/1.0";
    s.status.code = u"204";
    assert_true(eq(build_response_head(s), u"HTTP/1.0 204\r\n\r\n"));
    assert_int_equal(s.status.code_number(), 204);
    s.status.code = u"2x4";
    assert_int_equal(s.status.code_number(), 0);
}

void test_wire_bytes(void**)
{
    assert_true(wire_bytes(u"abc") == "abc");
    assert_true(wire_bytes(u"") == "");
    assert_true(wire_bytes(u"\u00e9") == "\xe9");          // Latin-1 range: one byte each
    assert_true(wire_bytes(u"\u00e9\u4e2d") == "\xc3\xa9\xe4\xb8\xad");  // otherwise UTF-8
}

// ------------------------------------------------------------------ response heads

void test_response_basic(void**)
{
    HeaderStore s;
    size_t used = 0;
    std::string data = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length:  12 \r\n"
                       "Set-Cookie: a=1\r\nset-cookie: b=2\r\n\r\nhello world!";
    assert_int_equal(parse_response_head(data, s, &used), HeadParse::Done);
    assert_int_equal(used, data.size() - 12);
    assert_true(eq(s.status.version, u"HTTP/1.1"));
    assert_true(eq(s.status.code, u"200"));
    assert_int_equal(s.status.code_number(), 200);
    assert_true(eq(s.status.reason, u"OK"));
    assert_int_equal(s.size(), 4);
    assert_true(eq(s.get(u"content-type"), u"text/html"));
    assert_true(eq(s.get(u"Content-Length"), u"12"));
    assert_int_equal(s.count(u"Set-Cookie"), 2);
    assert_true(eq(s.get(u"Set-Cookie", 1), u"b=2"));
    assert_true(eq(build_response_head(s), u"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 12\r\n"
                                           u"Set-Cookie: a=1\r\nset-cookie: b=2\r\n\r\n"));
}

void test_response_variants(void**)
{
    HeaderStore s;
    size_t used = 0;
    // LF only, no reason phrase, multi-word reason.
    assert_int_equal(parse_response_head("HTTP/1.0 204\nA: 1\n\n", s, &used), HeadParse::Done);
    assert_int_equal(used, 19);
    assert_true(eq(s.status.reason, u""));
    assert_true(eq(s.get(u"A"), u"1"));
    assert_int_equal(parse_response_head("HTTP/1.1 404 Not Found Here\r\n\r\n", s, &used), HeadParse::Done);
    assert_true(eq(s.status.reason, u"Not Found Here"));
    assert_true(s.empty());
    // Continuation lines, lines without a colon, empty names.
    assert_int_equal(parse_response_head("HTTP/1.1 200 OK\r\nX: a\r\n  b\r\n\tc\r\njunk\r\n: v\r\nY: 2\r\n\r\n", s, &used),
                     HeadParse::Done);
    assert_int_equal(s.size(), 2);
    assert_true(eq(s.get(u"X"), u"a b c"));
    assert_true(eq(s.get(u"Y"), u"2"));
    // Bytes are widened one per code unit.
    assert_int_equal(parse_response_head("HTTP/1.1 200 OK\r\nX: \xc3\xa9\r\n\r\n", s, &used), HeadParse::Done);
    assert_true(eq(s.get(u"X"), u"\u00c3\u00a9"));
    assert_true(wire_bytes(*s.get(u"X")) == "\xc3\xa9");
}

void test_response_incomplete_invalid(void**)
{
    HeaderStore s;
    size_t used = 12345;
    assert_int_equal(parse_response_head("", s, &used), HeadParse::Incomplete);
    assert_int_equal(parse_response_head("HT", s, &used), HeadParse::Incomplete);
    assert_int_equal(parse_response_head("HTTP/1.1 200 OK", s, &used), HeadParse::Incomplete);
    assert_int_equal(parse_response_head("HTTP/1.1 200 OK\r\nA: 1\r\n", s, &used), HeadParse::Incomplete);
    assert_int_equal(parse_response_head("HTTP/1.1 200 OK\r\nA: 1\r\n\r", s, &used), HeadParse::Incomplete);
    assert_int_equal(used, 12345);
    assert_true(s.empty());
    assert_int_equal(parse_response_head("XTTP", s, &used), HeadParse::Invalid);
    assert_int_equal(parse_response_head("GET / HTTP/1.1\r\n\r\n", s, &used), HeadParse::Invalid);
    assert_int_equal(parse_response_head("HTTP/1.1\r\n\r\n", s, &used), HeadParse::Invalid);
    assert_int_equal(parse_response_head("HTTP/1.1 20 OK\r\n\r\n", s, &used), HeadParse::Invalid);
    assert_int_equal(parse_response_head("HTTP/1.1 2000 OK\r\n\r\n", s, &used), HeadParse::Invalid);
    assert_int_equal(parse_response_head("HTTP/x 200 OK\r\n\r\n", s, &used), HeadParse::Invalid);
    assert_int_equal(parse_response_head("HTTP/1. 200 OK\r\n\r\n", s, &used), HeadParse::Invalid);
    assert_int_equal(parse_response_head(std::string_view("HTTP/1.1 200 OK\r\nA: \0\r\n\r\n", 24), s, &used),
                     HeadParse::Invalid);
    assert_int_equal(used, 12345);
    // A failed parse leaves the store empty.
    assert_true(s.empty());
}

// ------------------------------------------------------------------ query name table

void test_query_names(void**)
{
    assert_true(query_header_name(WINHTTP_QUERY_CONTENT_TYPE) == u"Content-Type");
    assert_true(query_header_name(WINHTTP_QUERY_MIME_VERSION) == u"Mime-Version");
    assert_true(query_header_name(WINHTTP_QUERY_WARNING) == u"Warning");
    assert_true(query_header_name(WINHTTP_QUERY_ACCEPT) == u"Accept");
    assert_true(query_header_name(WINHTTP_QUERY_HOST) == u"Host");
    assert_true(query_header_name(WINHTTP_QUERY_RANGE) == u"Range");
    assert_true(query_header_name(WINHTTP_QUERY_SET_COOKIE) == u"Set-Cookie");
    assert_true(query_header_name(WINHTTP_QUERY_WWW_AUTHENTICATE) == u"WWW-Authenticate");
    assert_true(query_header_name(WINHTTP_QUERY_UNLESS_MODIFIED_SINCE) == u"Unless-Modified-Since");
    assert_true(query_header_name(WINHTTP_QUERY_PROXY_SUPPORT) == u"Proxy-Support");
    assert_true(query_header_name(WINHTTP_QUERY_AUTHENTICATION_INFO) == u"Authentication-Info");
    assert_true(query_header_name(WINHTTP_QUERY_MAX).size() > 0);
    for (DWORD a : {DWORD(WINHTTP_QUERY_VERSION), DWORD(WINHTTP_QUERY_STATUS_CODE), DWORD(WINHTTP_QUERY_STATUS_TEXT),
                    DWORD(WINHTTP_QUERY_RAW_HEADERS), DWORD(WINHTTP_QUERY_RAW_HEADERS_CRLF),
                    DWORD(WINHTTP_QUERY_REQUEST_METHOD), DWORD(71), DWORD(74), DWORD(WINHTTP_QUERY_MAX + 1), DWORD(WINHTTP_QUERY_CUSTOM), DWORD(0xFFFFFFFF)})
        assert_true(query_header_name(a).empty());
    // Every named attribute is a valid header name, and no two share one.
    for (DWORD a = 0; a <= WINHTTP_QUERY_MAX; a++) {
        u16view n = query_header_name(a);
        if (n.empty()) continue;
        assert_true(valid_header_name(n));
        for (DWORD b = a + 1; b <= WINHTTP_QUERY_MAX; b++) assert_false(ieq(n, query_header_name(b)));
    }
}

// ------------------------------------------------------------------ the API functions

struct Fixture {
    HINTERNET h = nullptr;
    Request* r = nullptr;
    Fixture()
    {
        r = new Request;
        r->verb = u"POST";
        r->path = u"/posttest.php";
        r->version = u"HTTP/1.1";
        h = handle_insert(r);
    }
    ~Fixture() { handle_remove(h); }
};

DWORD qstr(HINTERNET h, DWORD level, const char16_t* name, char16_t* buf, DWORD size, DWORD* len, DWORD* index)
{
    Call c;
    *len = size;
    BOOL ok = api::QueryHeaders(c, h, level, name, buf, len, index);
    assert_true(ok == (c.error == ERROR_SUCCESS));
    return c.error;
}

void test_api_add_query(void**)
{
    Fixture f;
    char16_t buf[256];
    DWORD len = 0, index = 0;
    const DWORD rq = WINHTTP_QUERY_FLAG_REQUEST_HEADERS;
    {
        Call c;
        assert_true(api::AddRequestHeaders(c, f.h, u"Warning:test1", ~0u, WINHTTP_ADDREQ_FLAG_ADD));
        assert_int_equal(c.error, ERROR_SUCCESS);
    }
    assert_int_equal(qstr(f.h, WINHTTP_QUERY_CUSTOM | rq, u"warning", buf, sizeof buf, &len, &index), ERROR_SUCCESS);
    assert_int_equal(len, 10);
    assert_true(u16view(buf) == u"test1");
    assert_int_equal(index, 1);
    assert_int_equal(qstr(f.h, WINHTTP_QUERY_CUSTOM | rq, u"warning", buf, sizeof buf, &len, &index),
                     ERROR_WINHTTP_HEADER_NOT_FOUND);
    assert_int_equal(index, 1);
    index = 0;
    assert_int_equal(qstr(f.h, WINHTTP_QUERY_WARNING | rq, nullptr, buf, 10, &len, &index), ERROR_INSUFFICIENT_BUFFER);
    assert_int_equal(len, 12);
    assert_int_equal(index, 0);
    assert_int_equal(qstr(f.h, WINHTTP_QUERY_WARNING | rq, nullptr, nullptr, 1000, &len, nullptr), ERROR_INSUFFICIENT_BUFFER);
    assert_int_equal(len, 12);

    // Raw headers: the request line, the headers, the empty line.
    const char16_t crlf[] = u"POST /posttest.php HTTP/1.1\r\nWarning: test1\r\n\r\n";
    DWORD crlf_bytes = (sizeof crlf / 2 - 1) * 2;
    assert_int_equal(qstr(f.h, WINHTTP_QUERY_RAW_HEADERS_CRLF | rq, nullptr, nullptr, 0, &len, &index), ERROR_INSUFFICIENT_BUFFER);
    assert_int_equal(len, crlf_bytes + 2);
    assert_int_equal(qstr(f.h, WINHTTP_QUERY_RAW_HEADERS_CRLF | rq, nullptr, buf, crlf_bytes + 2, &len, &index), ERROR_SUCCESS);
    assert_int_equal(len, crlf_bytes);
    assert_true(u16view(buf) == crlf);
    assert_int_equal(index, 0);
    const char16_t raw[] = u"POST /posttest.php HTTP/1.1\0Warning: test1\0\0";
    DWORD raw_bytes = sizeof raw - 2;   // without the literal's own terminator
    assert_int_equal(qstr(f.h, WINHTTP_QUERY_RAW_HEADERS | rq, nullptr, nullptr, 0, &len, &index), ERROR_INSUFFICIENT_BUFFER);
    assert_int_equal(len, raw_bytes);
    std::memset(buf, 0xff, sizeof buf);
    assert_int_equal(qstr(f.h, WINHTTP_QUERY_RAW_HEADERS | rq, nullptr, buf, raw_bytes, &len, &index), ERROR_SUCCESS);
    assert_int_equal(len, raw_bytes - 2);
    assert_memory_equal(buf, raw, raw_bytes);

    // Request line parts.
    assert_int_equal(qstr(f.h, WINHTTP_QUERY_REQUEST_METHOD | rq, nullptr, buf, sizeof buf, &len, nullptr), ERROR_SUCCESS);
    assert_true(u16view(buf) == u"POST");
    assert_int_equal(qstr(f.h, WINHTTP_QUERY_URI | rq, nullptr, buf, sizeof buf, &len, nullptr), ERROR_SUCCESS);
    assert_true(u16view(buf) == u"/posttest.php");
    assert_int_equal(qstr(f.h, WINHTTP_QUERY_VERSION | rq, nullptr, buf, sizeof buf, &len, nullptr), ERROR_SUCCESS);
    assert_true(u16view(buf) == u"HTTP/1.1");
    assert_int_equal(qstr(f.h, WINHTTP_QUERY_STATUS_CODE | rq, nullptr, buf, sizeof buf, &len, nullptr), ERROR_WINHTTP_HEADER_NOT_FOUND);
    // Before a response: only the method may be asked without the request flag.
    assert_int_equal(qstr(f.h, WINHTTP_QUERY_REQUEST_METHOD, nullptr, buf, sizeof buf, &len, nullptr), ERROR_SUCCESS);
    assert_true(u16view(buf) == u"POST");
    assert_int_equal(qstr(f.h, WINHTTP_QUERY_WARNING, nullptr, buf, sizeof buf, &len, nullptr), ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
    assert_int_equal(qstr(f.h, WINHTTP_QUERY_RAW_HEADERS_CRLF, nullptr, buf, sizeof buf, &len, nullptr), ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
    // Argument errors.
    assert_int_equal(qstr(f.h, WINHTTP_QUERY_CUSTOM | rq, nullptr, buf, sizeof buf, &len, nullptr), ERROR_INVALID_PARAMETER);
    assert_int_equal(qstr(f.h, (WINHTTP_QUERY_MAX + 1) | rq, nullptr, buf, sizeof buf, &len, nullptr), ERROR_INVALID_PARAMETER);
    assert_int_equal(qstr(f.h, 72 | rq, nullptr, buf, sizeof buf, &len, nullptr), ERROR_WINHTTP_HEADER_NOT_FOUND);
    {
        Call c;
        assert_false(api::QueryHeaders(c, f.h, WINHTTP_QUERY_WARNING | rq, nullptr, buf, nullptr, nullptr));
        assert_int_equal(c.error, ERROR_INVALID_PARAMETER);
    }
}

void test_api_formats(void**)
{
    Fixture f;
    const DWORD rq = WINHTTP_QUERY_FLAG_REQUEST_HEADERS;
    {
        Call c;
        assert_true(api::AddRequestHeaders(c, f.h, u"Content-Length: 1234\r\nMax-Forwards: x\r\n"
                                                    u"Range: 99999999999\r\nAge: 5000000000\r\n", ~0u, 0));
    }
    DWORD n = 0, len = 0;
    Call c;
    len = sizeof n;
    assert_true(api::QueryHeaders(c, f.h, WINHTTP_QUERY_CONTENT_LENGTH | WINHTTP_QUERY_FLAG_NUMBER | rq, nullptr, &n, &len, nullptr));
    assert_int_equal(n, 1234);
    assert_int_equal(len, 4);
    len = 3;
    assert_false(api::QueryHeaders(c, f.h, WINHTTP_QUERY_CONTENT_LENGTH | WINHTTP_QUERY_FLAG_NUMBER | rq, nullptr, &n, &len, nullptr));
    assert_int_equal(c.error, ERROR_INSUFFICIENT_BUFFER);
    assert_int_equal(len, 4);
    len = sizeof n;
    assert_true(api::QueryHeaders(c, f.h, WINHTTP_QUERY_MAX_FORWARDS | WINHTTP_QUERY_FLAG_NUMBER | rq, nullptr, &n, &len, nullptr));
    assert_int_equal(n, 0);
    len = sizeof n;
    assert_true(api::QueryHeaders(c, f.h, WINHTTP_QUERY_RANGE | WINHTTP_QUERY_FLAG_NUMBER | rq, nullptr, &n, &len, nullptr));
    assert_int_equal(n, 0xFFFFFFFF);
    ULONGLONG n64 = 0;
    len = sizeof n64;
    assert_true(api::QueryHeaders(c, f.h, WINHTTP_QUERY_AGE | WINHTTP_QUERY_FLAG_NUMBER64 | rq, nullptr, &n64, &len, nullptr));
    assert_true(n64 == 5000000000ull);
    assert_int_equal(len, 8);
    len = 4;
    assert_false(api::QueryHeaders(c, f.h, WINHTTP_QUERY_AGE | WINHTTP_QUERY_FLAG_NUMBER64 | rq, nullptr, &n64, &len, nullptr));
    assert_int_equal(len, 8);

    Call c2;
    assert_true(api::AddRequestHeaders(c2, f.h, u"If-Modified-Since: Mon, 20 Nov 2000 20:00:00 GMT", ~0u, 0));
    SYSTEMTIME st = {};
    len = sizeof st;
    assert_true(api::QueryHeaders(c2, f.h, WINHTTP_QUERY_IF_MODIFIED_SINCE | WINHTTP_QUERY_FLAG_SYSTEMTIME | rq, nullptr, &st, &len, nullptr));
    assert_int_equal(len, sizeof st);
    assert_int_equal(st.wYear, 2000);
    assert_int_equal(st.wMonth, 11);
    assert_int_equal(st.wDay, 20);
    assert_int_equal(st.wDayOfWeek, 1);
    assert_int_equal(st.wHour, 20);
    len = sizeof st - 1;
    assert_false(api::QueryHeaders(c2, f.h, WINHTTP_QUERY_IF_MODIFIED_SINCE | WINHTTP_QUERY_FLAG_SYSTEMTIME | rq, nullptr, &st, &len, nullptr));
    assert_int_equal(c2.error, ERROR_INSUFFICIENT_BUFFER);
    assert_int_equal(len, sizeof st);
}

void test_api_response_side(void**)
{
    Fixture f;
    size_t used = 0;
    assert_int_equal(parse_response_head("HTTP/1.1 404 Not Found\r\nServer: t\r\nContent-Length: 7\r\n\r\n",
                                         f.r->response_headers, &used), HeadParse::Done);
    f.r->state = RequestState::ResponseReceived;
    char16_t buf[256];
    DWORD len = 0, index = 0;
    assert_int_equal(qstr(f.h, WINHTTP_QUERY_STATUS_CODE, nullptr, buf, sizeof buf, &len, nullptr), ERROR_SUCCESS);
    assert_true(u16view(buf) == u"404");
    DWORD n = 0;
    {
        Call c;
        len = sizeof n;
        assert_true(api::QueryHeaders(c, f.h, WINHTTP_QUERY_STATUS_CODE | WINHTTP_QUERY_FLAG_NUMBER, nullptr, &n, &len, nullptr));
        assert_int_equal(n, 404);
    }
    assert_int_equal(qstr(f.h, WINHTTP_QUERY_STATUS_TEXT, nullptr, buf, sizeof buf, &len, nullptr), ERROR_SUCCESS);
    assert_true(u16view(buf) == u"Not Found");
    assert_int_equal(qstr(f.h, WINHTTP_QUERY_VERSION, nullptr, buf, sizeof buf, &len, nullptr), ERROR_SUCCESS);
    assert_true(u16view(buf) == u"HTTP/1.1");
    assert_int_equal(qstr(f.h, WINHTTP_QUERY_SERVER, nullptr, buf, sizeof buf, &len, &index), ERROR_SUCCESS);
    assert_true(u16view(buf) == u"t");
    assert_int_equal(index, 1);
    assert_int_equal(qstr(f.h, WINHTTP_QUERY_RAW_HEADERS_CRLF, nullptr, buf, sizeof buf, &len, nullptr), ERROR_SUCCESS);
    assert_true(u16view(buf) == u"HTTP/1.1 404 Not Found\r\nServer: t\r\nContent-Length: 7\r\n\r\n");
    assert_int_equal(qstr(f.h, WINHTTP_QUERY_REQUEST_METHOD, nullptr, buf, sizeof buf, &len, nullptr), ERROR_SUCCESS);
    assert_true(u16view(buf) == u"POST");
    // The request side is still there, apart.
    assert_int_equal(qstr(f.h, WINHTTP_QUERY_SERVER | WINHTTP_QUERY_FLAG_REQUEST_HEADERS, nullptr, buf, sizeof buf, &len, nullptr),
                     ERROR_WINHTTP_HEADER_NOT_FOUND);
    // Trailers: not before the body was read to its end (WinHttpQueryHeadersEx page).
    assert_int_equal(qstr(f.h, WINHTTP_QUERY_SERVER | 0x02000000, nullptr, buf, sizeof buf, &len, nullptr),
                     ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
}

void test_api_add_errors(void**)
{
    Fixture f;
    Call c;
    assert_false(api::AddRequestHeaders(c, f.h, nullptr, ~0u, WINHTTP_ADDREQ_FLAG_ADD));
    assert_int_equal(c.error, ERROR_INVALID_PARAMETER);
    assert_false(api::AddRequestHeaders(c, f.h, u"A: b", 0, WINHTTP_ADDREQ_FLAG_ADD));
    assert_int_equal(c.error, ERROR_INVALID_PARAMETER);
    assert_false(api::AddRequestHeaders(c, nullptr, u"A: b", ~0u, WINHTTP_ADDREQ_FLAG_ADD));
    assert_int_equal(c.error, ERROR_INVALID_HANDLE);
    {
        Call e;
        assert_true(api::AddRequestHeaders(e, f.h, u"", ~0u, WINHTTP_ADDREQ_FLAG_ADD));
        assert_int_equal(e.error, ERROR_SUCCESS);
        assert_true(f.r->request_headers.empty());
    }
    assert_false(api::AddRequestHeaders(c, f.h, u"\r\n", ~0u, WINHTTP_ADDREQ_FLAG_ADD));
    assert_int_equal(c.error, ERROR_WINHTTP_INVALID_HEADER);
    assert_false(api::AddRequestHeaders(c, f.h, u"\0\0", 2, WINHTTP_ADDREQ_FLAG_ADD));
    assert_int_equal(c.error, ERROR_WINHTTP_INVALID_HEADER);
    assert_false(api::AddRequestHeaders(c, f.h, u"A b", ~0u, WINHTTP_ADDREQ_FLAG_ADD));
    assert_int_equal(c.error, ERROR_WINHTTP_INVALID_HEADER);
    // An explicit length takes a prefix.
    Call ok;
    assert_true(api::AddRequestHeaders(ok, f.h, u"Abc: defgh", 8, WINHTTP_ADDREQ_FLAG_ADD));
    assert_int_equal(ok.error, ERROR_SUCCESS);
    assert_true(eq(f.r->request_headers.get(u"Abc"), u"def"));

    Session* s = new Session;
    HINTERNET hs = handle_insert(s);
    assert_false(api::AddRequestHeaders(c, hs, u"A: b", ~0u, WINHTTP_ADDREQ_FLAG_ADD));
    assert_int_equal(c.error, ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
    DWORD len = 10;
    char16_t buf[8];
    assert_false(api::QueryHeaders(c, hs, WINHTTP_QUERY_CUSTOM | WINHTTP_QUERY_FLAG_REQUEST_HEADERS, u"A", buf, &len, nullptr));
    assert_int_equal(c.error, ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
    handle_remove(hs);
    assert_false(api::QueryHeaders(c, hs, WINHTTP_QUERY_CUSTOM | WINHTTP_QUERY_FLAG_REQUEST_HEADERS, u"A", buf, &len, nullptr));
    assert_int_equal(c.error, ERROR_INVALID_HANDLE);
}

void test_api_ex(void**)
{
    Fixture f;
    WINHTTP_EXTENDED_HEADER in[2] = {};
    in[0].pwszName = u"X-One";
    in[0].pwszValue = u" 1 ";
    in[1].pwszName = u"X-Two";
    in[1].pwszValue = u"\u00e9\u4e2d";
    {
        Call c;
        assert_int_equal(api::AddRequestHeadersEx(c, f.h, WINHTTP_ADDREQ_FLAG_ADD, WINHTTP_EXTENDED_HEADER_FLAG_UNICODE, 0, 2, in),
                         ERROR_SUCCESS);
        assert_true(eq(f.r->request_headers.get(u"X-One"), u"1"));
        assert_int_equal(api::AddRequestHeadersEx(c, f.h, WINHTTP_ADDREQ_FLAG_ADD, 0x80, 0, 2, in), ERROR_INVALID_PARAMETER);
        assert_int_equal(api::AddRequestHeadersEx(c, f.h, WINHTTP_ADDREQ_FLAG_ADD, 1, 1, 2, in), ERROR_INVALID_PARAMETER);
        assert_int_equal(api::AddRequestHeadersEx(c, f.h, WINHTTP_ADDREQ_FLAG_ADD, 1, 0, 0, in), ERROR_INVALID_PARAMETER);
        assert_int_equal(api::AddRequestHeadersEx(c, f.h, WINHTTP_ADDREQ_FLAG_ADD, 1, 0, 1, nullptr), ERROR_INVALID_PARAMETER);
        assert_int_equal(api::AddRequestHeadersEx(c, f.h, WINHTTP_ADDREQ_FLAG_ADD_IF_NEW, 1, 0, 1, in),
                         ERROR_WINHTTP_HEADER_ALREADY_EXISTS);
        WINHTTP_EXTENDED_HEADER narrow_h = {};
        narrow_h.pszName = "X-Three";
        narrow_h.pszValue = "\xc3\xa9";
        assert_int_equal(api::AddRequestHeadersEx(c, f.h, 0, 0, 0, 1, &narrow_h), ERROR_SUCCESS);
        assert_true(eq(f.r->request_headers.get(u"X-Three"), u"\u00c3\u00a9"));
        narrow_h.pszName = "Bad Name";
        assert_int_equal(api::AddRequestHeadersEx(c, f.h, 0, 0, 0, 1, &narrow_h), ERROR_WINHTTP_INVALID_HEADER);
        narrow_h.pszName = nullptr;
        assert_int_equal(api::AddRequestHeadersEx(c, f.h, 0, 0, 0, 1, &narrow_h), ERROR_INVALID_PARAMETER);
    }
    alignas(8) unsigned char buf[512];
    DWORD len = 0, count = 99, index = 0;
    PWINHTTP_EXTENDED_HEADER out = nullptr;
    Call c;
    const DWORD rq = WINHTTP_QUERY_FLAG_REQUEST_HEADERS;
    assert_int_equal(api::QueryHeadersEx(c, f.h, WINHTTP_QUERY_EX_ALL_HEADERS | rq, 0, 0, nullptr, nullptr, nullptr, &len, &out, &count),
                     ERROR_INSUFFICIENT_BUFFER);
    DWORD need = 3 * sizeof(WINHTTP_EXTENDED_HEADER) + 2 * (6 + 2 + 6 + 3 + 8 + 3);
    assert_int_equal(len, need);
    len = sizeof buf;
    assert_int_equal(api::QueryHeadersEx(c, f.h, WINHTTP_QUERY_EX_ALL_HEADERS | rq, 0, 0, nullptr, nullptr, buf, &len, &out, &count),
                     ERROR_SUCCESS);
    assert_int_equal(count, 3);
    assert_ptr_equal(out, (void*)buf);
    assert_true(u16view(out[0].pwszName) == u"X-One" && u16view(out[0].pwszValue) == u"1");
    assert_true(u16view(out[1].pwszValue) == u"\u00e9\u4e2d");
    assert_true(u16view(out[2].pwszName) == u"X-Three");
    // Wire encoding: narrow strings.
    len = sizeof buf;
    assert_int_equal(api::QueryHeadersEx(c, f.h, WINHTTP_QUERY_EX_ALL_HEADERS | rq | WINHTTP_QUERY_FLAG_WIRE_ENCODING, 0, 0, nullptr,
                                         nullptr, buf, &len, &out, &count), ERROR_SUCCESS);
    assert_string_equal(out[1].pszValue, "\xc3\xa9\xe4\xb8\xad");
    assert_string_equal(out[2].pszValue, "\xc3\xa9");
    // One header by name, with an index.
    WINHTTP_HEADER_NAME name;
    name.pwszName = u"x-two";
    len = sizeof buf;
    assert_int_equal(api::QueryHeadersEx(c, f.h, WINHTTP_QUERY_CUSTOM | rq, 0, 0, &index, &name, buf, &len, &out, &count), ERROR_SUCCESS);
    assert_int_equal(count, 1);
    assert_int_equal(index, 1);
    assert_true(u16view(out[0].pwszName) == u"X-Two");
    len = sizeof buf;
    assert_int_equal(api::QueryHeadersEx(c, f.h, WINHTTP_QUERY_CUSTOM | rq, 0, 0, &index, &name, buf, &len, &out, &count),
                     ERROR_WINHTTP_HEADER_NOT_FOUND);
    // Forbidden levels and arguments.
    for (DWORD lvl : {DWORD(WINHTTP_QUERY_VERSION), DWORD(WINHTTP_QUERY_STATUS_CODE), DWORD(WINHTTP_QUERY_STATUS_TEXT),
                      DWORD(WINHTTP_QUERY_RAW_HEADERS_CRLF), DWORD(WINHTTP_QUERY_EX_ALL_HEADERS | WINHTTP_QUERY_FLAG_NUMBER)}) {
        len = sizeof buf;
        assert_int_equal(api::QueryHeadersEx(c, f.h, lvl | rq, 0, 0, nullptr, nullptr, buf, &len, &out, &count), ERROR_INVALID_PARAMETER);
    }
    len = sizeof buf;
    assert_int_equal(api::QueryHeadersEx(c, f.h, WINHTTP_QUERY_CUSTOM | rq, 0, 0, nullptr, nullptr, buf, &len, &out, &count),
                     ERROR_INVALID_PARAMETER);
    assert_int_equal(api::QueryHeadersEx(c, f.h, WINHTTP_QUERY_EX_ALL_HEADERS | rq, 1, 0, nullptr, nullptr, buf, &len, &out, &count),
                     ERROR_INVALID_PARAMETER);
    assert_int_equal(api::QueryHeadersEx(c, f.h, WINHTTP_QUERY_EX_ALL_HEADERS, 0, 0, nullptr, nullptr, buf, &len, &out, &count),
                     ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
    assert_int_equal(c.error, ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
}

} // namespace

int main()
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_names),
        cmocka_unit_test(test_valid_values),
        cmocka_unit_test(test_parse_line),
        cmocka_unit_test(test_store_basics),
        cmocka_unit_test(test_modifier_add),
        cmocka_unit_test(test_modifier_add_if_new),
        cmocka_unit_test(test_modifier_replace),
        cmocka_unit_test(test_modifier_coalesce),
        cmocka_unit_test(test_add_block),
        cmocka_unit_test(test_serialize),
        cmocka_unit_test(test_wire_bytes),
        cmocka_unit_test(test_response_basic),
        cmocka_unit_test(test_response_variants),
        cmocka_unit_test(test_response_incomplete_invalid),
        cmocka_unit_test(test_query_names),
        cmocka_unit_test(test_api_add_query),
        cmocka_unit_test(test_api_formats),
        cmocka_unit_test(test_api_response_side),
        cmocka_unit_test(test_api_add_errors),
        cmocka_unit_test(test_api_ex),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
