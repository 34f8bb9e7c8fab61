/* Request headers before sending: WinHttpAddRequestHeaders (validation, every modifier, blocks
 * of lines), WinHttpQueryHeaders with WINHTTP_QUERY_FLAG_REQUEST_HEADERS (custom names, known
 * attributes, raw headers, the request line, number and time formats, indexes, buffer sizing),
 * the handle checks of both, and the Ex variants where the SDK header has them. */
#include "test.h"

#define W(s) ((const WCHAR *)(u"" s))
#define RQ WINHTTP_QUERY_FLAG_REQUEST_HEADERS

static HINTERNET ses, con, req;

static HINTERNET open_request(void)
{
    return WinHttpOpenRequest(con, W("GET"), W("/path?q=1"), NULL, WINHTTP_NO_REFERER,
                              WINHTTP_DEFAULT_ACCEPT_TYPES, 0);
}

static BOOL add(const WCHAR *headers, DWORD modifiers)
{
    return WinHttpAddRequestHeaders(req, headers, (DWORD)-1, modifiers);
}

/* TRUE when request header `name` number `index` exists and equals `want`. */
static int has(const WCHAR *name, DWORD index, const WCHAR *want)
{
    WCHAR buf[256];
    DWORD len = sizeof buf;
    if (!WinHttpQueryHeaders(req, WINHTTP_QUERY_CUSTOM | RQ, name, buf, &len, &index)) return 0;
    return !u16cmp(buf, want) && len == u16len(want) * sizeof(WCHAR);
}

/* Number of request headers called `name`. */
static DWORD count(const WCHAR *name)
{
    WCHAR buf[256];
    DWORD index = 0, len;
    for (;;) {
        DWORD before = index;
        len = sizeof buf;
        if (!WinHttpQueryHeaders(req, WINHTTP_QUERY_CUSTOM | RQ, name, buf, &len, &index)) return before;
    }
}

static int starts_with(const WCHAR *s, const WCHAR *prefix)
{
    return !u16ncmp(s, prefix, u16len(prefix));
}

static int ends_with(const WCHAR *s, const WCHAR *suffix)
{
    size_t n = u16len(s), m = u16len(suffix);
    return n >= m && !u16cmp(s + n - m, suffix);
}

static int contains(const WCHAR *s, const WCHAR *part)
{
    size_t m = u16len(part);
    for (; *s; s++)
        if (!u16ncmp(s, part, m)) return 1;
    return 0;
}

static void test_add_arguments(void)
{
    BOOL ret;
    HINTERNET closed;

    SetLastError(0xdeadbeef);
    ret = WinHttpAddRequestHeaders(req, NULL, (DWORD)-1, WINHTTP_ADDREQ_FLAG_ADD);
    ok(!ret, "NULL headers accepted");
    expect_error(ERROR_INVALID_PARAMETER);

    SetLastError(0xdeadbeef);
    ret = WinHttpAddRequestHeaders(req, W("A: b"), 0, WINHTTP_ADDREQ_FLAG_ADD);
    ok(!ret, "zero length accepted");
    expect_error(ERROR_INVALID_PARAMETER);

    SetLastError(0xdeadbeef);
    ret = WinHttpAddRequestHeaders(req, NULL, 0, WINHTTP_ADDREQ_FLAG_ADD);
    ok(!ret, "NULL headers, zero length accepted");
    expect_error(ERROR_INVALID_PARAMETER);

    SetLastError(0xdeadbeef);
    ret = WinHttpAddRequestHeaders(NULL, W("A: b"), (DWORD)-1, WINHTTP_ADDREQ_FLAG_ADD);
    ok(!ret, "NULL handle accepted");
    expect_error(ERROR_INVALID_HANDLE);

    /* The arguments are checked before the handle (Wine's test_WinHttpAddHeaders order). */
    SetLastError(0xdeadbeef);
    ret = WinHttpAddRequestHeaders(NULL, NULL, (DWORD)-1, WINHTTP_ADDREQ_FLAG_ADD);
    ok(!ret, "NULL handle and headers accepted");
    expect_error(ERROR_INVALID_PARAMETER);

    SetLastError(0xdeadbeef);
    ret = WinHttpAddRequestHeaders(ses, W("A: b"), (DWORD)-1, WINHTTP_ADDREQ_FLAG_ADD);
    ok(!ret, "session handle accepted");
    expect_error(ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);

    SetLastError(0xdeadbeef);
    ret = WinHttpAddRequestHeaders(con, W("A: b"), (DWORD)-1, WINHTTP_ADDREQ_FLAG_ADD);
    ok(!ret, "connect handle accepted");
    expect_error(ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);

    closed = open_request();
    ok(closed != NULL, "WinHttpOpenRequest failed: %lu", (unsigned long)GetLastError());
    ok(WinHttpCloseHandle(closed), "close failed");
    SetLastError(0xdeadbeef);
    ret = WinHttpAddRequestHeaders(closed, W("A: b"), (DWORD)-1, WINHTTP_ADDREQ_FLAG_ADD);
    ok(!ret, "closed handle accepted");
    expect_error(ERROR_INVALID_HANDLE);
}

static void test_validation(void)
{
    /* Lines Windows refuses (Wine's test_WinHttpAddHeaders and RFC 7230 tokens). */
    static const WCHAR *const bad[] = {
        W(":"), W(":b"), W("cd"), W(" e :f"), W("g : value"), W("a b: c"), W("x(y): z"), W("x/y: z"),
        W("A: b\rc"), W("\r\n"), W("\r\n\r\n"),
    };
    size_t i;
    BOOL ret;

    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        SetLastError(0xdeadbeef);
        ret = add(bad[i], WINHTTP_ADDREQ_FLAG_ADD);
        ok(!ret, "header %lu (%s) accepted", (unsigned long)i, u16a(bad[i]));
        expect_error(ERROR_WINHTTP_INVALID_HEADER);
    }
    /* An empty string with -1 is nothing to add: success (Wine's test_WinHttpAddHeaders). */
    SetLastError(0xdeadbeef);
    ok(add(W(""), WINHTTP_ADDREQ_FLAG_ADD), "empty string refused");
    expect_error(ERROR_SUCCESS);
    /* With an explicit length, a block without any header line is invalid. */
    SetLastError(0xdeadbeef);
    ok(!WinHttpAddRequestHeaders(req, W("\0\0"), 2, WINHTTP_ADDREQ_FLAG_ADD), "NULs accepted");
    expect_error(ERROR_WINHTTP_INVALID_HEADER);

    ok(count(W("cd")) == 0, "refused header present");
    ok(count(W("a b")) == 0 && count(W("a")) == 0, "refused header present");
    ok(count(W("g")) == 0 && count(W("e")) == 0, "refused header present");

    SetLastError(0xdeadbeef);
    ok(add(W("a:"), WINHTTP_ADDREQ_FLAG_ADD), "empty value refused");
    expect_error(ERROR_SUCCESS);
    ok(has(W("a"), 0, W("")), "empty value not found");

    ok(add(W("field: value "), WINHTTP_ADDREQ_FLAG_ADD), "trailing space refused");
    /* Spaces around the value are not part of it (RFC 7230 OWS; our pinned choice). */
    ok(has(W("field"), 0, W("value")), "value not trimmed");

    ok(add(W("name:value"), WINHTTP_ADDREQ_FLAG_ADD), "no space after colon refused");
    ok(has(W("Name"), 0, W("value")), "name:value not found");

    ok(add(W("Time: 10:20:30"), WINHTTP_ADDREQ_FLAG_ADD), "colons in value refused");
    ok(has(W("time"), 0, W("10:20:30")), "value with colons wrong");

    ok(add(W("X-Tab:\tv1\tv2\t"), WINHTTP_ADDREQ_FLAG_ADD), "tab in value refused");
    ok(has(W("X-Tab"), 0, W("v1\tv2")), "tabs not kept inside / trimmed outside");

    ok(add(W("X.y_z~!#$%&'*+^`|: token"), WINHTTP_ADDREQ_FLAG_ADD), "token characters refused");
    ok(has(W("x.Y_Z~!#$%&'*+^`|"), 0, W("token")), "token name not found");
}

static void test_query_basics(void)
{
    WCHAR buf[256];
    DWORD len, index;
    BOOL ret;

    index = 0;
    len = sizeof buf;
    SetLastError(0xdeadbeef);
    ret = WinHttpQueryHeaders(req, WINHTTP_QUERY_CUSTOM | RQ, W("Warning"), buf, &len, &index);
    ok(!ret, "absent header found");
    expect_error(ERROR_WINHTTP_HEADER_NOT_FOUND);

    SetLastError(0xdeadbeef);
    ret = add(W("Warning:test1"), WINHTTP_ADDREQ_FLAG_ADD);
    ok(ret, "add failed: %lu", (unsigned long)GetLastError());
    expect_error(ERROR_SUCCESS);

    index = 0;
    len = sizeof buf;
    SetLastError(0xdeadbeef);
    ret = WinHttpQueryHeaders(req, WINHTTP_QUERY_CUSTOM | RQ, W("Warning"), buf, &len, &index);
    ok(ret, "query failed: %lu", (unsigned long)GetLastError());
    expect_error(ERROR_SUCCESS);
    ok(!u16cmp(buf, W("test1")), "got %s", u16a(buf));
    ok(len == 5 * sizeof(WCHAR), "len %lu", (unsigned long)len);
    ok(index == 1, "index %lu", (unsigned long)index);

    len = sizeof buf;
    SetLastError(0xdeadbeef);
    ret = WinHttpQueryHeaders(req, WINHTTP_QUERY_CUSTOM | RQ, W("Warning"), buf, &len, &index);
    ok(!ret, "second instance found");
    expect_error(ERROR_WINHTTP_HEADER_NOT_FOUND);
    ok(index == 1, "index changed on failure: %lu", (unsigned long)index);

    /* Too small: the size needed includes the terminating NUL; the index does not move. */
    index = 0;
    len = 5 * sizeof(WCHAR);
    SetLastError(0xdeadbeef);
    ret = WinHttpQueryHeaders(req, WINHTTP_QUERY_CUSTOM | RQ, W("Warning"), buf, &len, &index);
    ok(!ret, "small buffer accepted");
    expect_error(ERROR_INSUFFICIENT_BUFFER);
    ok(len == 6 * sizeof(WCHAR), "needed %lu", (unsigned long)len);
    ok(index == 0, "index moved: %lu", (unsigned long)index);

    len = 0;
    SetLastError(0xdeadbeef);
    ret = WinHttpQueryHeaders(req, WINHTTP_QUERY_CUSTOM | RQ, W("Warning"), WINHTTP_NO_OUTPUT_BUFFER, &len, &index);
    ok(!ret, "no buffer accepted");
    expect_error(ERROR_INSUFFICIENT_BUFFER);
    ok(len == 6 * sizeof(WCHAR), "needed %lu", (unsigned long)len);

    len = 1000;
    SetLastError(0xdeadbeef);
    ret = WinHttpQueryHeaders(req, WINHTTP_QUERY_CUSTOM | RQ, W("Warning"), WINHTTP_NO_OUTPUT_BUFFER, &len, &index);
    ok(!ret, "no buffer with a length accepted");
    expect_error(ERROR_INSUFFICIENT_BUFFER);

    len = 6 * sizeof(WCHAR);
    ret = WinHttpQueryHeaders(req, WINHTTP_QUERY_CUSTOM | RQ, W("Warning"), buf, &len, WINHTTP_NO_HEADER_INDEX);
    ok(ret, "exact buffer refused: %lu", (unsigned long)GetLastError());
    ok(len == 5 * sizeof(WCHAR), "len %lu", (unsigned long)len);

    len = sizeof buf;
    ret = WinHttpQueryHeaders(req, WINHTTP_QUERY_CUSTOM | RQ, W("wARNING"), buf, &len, WINHTTP_NO_HEADER_INDEX);
    ok(ret && !u16cmp(buf, W("test1")), "names are not case-insensitive");

    len = sizeof buf;
    ret = WinHttpQueryHeaders(req, WINHTTP_QUERY_WARNING | RQ, WINHTTP_HEADER_NAME_BY_INDEX, buf, &len, WINHTTP_NO_HEADER_INDEX);
    ok(ret && !u16cmp(buf, W("test1")), "WINHTTP_QUERY_WARNING failed");

    /* A name passed with a known attribute is ignored (Wine's Range test). */
    len = sizeof buf;
    ret = WinHttpQueryHeaders(req, WINHTTP_QUERY_WARNING | RQ, W("Other"), buf, &len, WINHTTP_NO_HEADER_INDEX);
    ok(ret && !u16cmp(buf, W("test1")), "name not ignored for a known attribute");

    SetLastError(0xdeadbeef);
    ret = WinHttpQueryHeaders(req, WINHTTP_QUERY_CUSTOM | RQ, W("Warning"), buf, NULL, WINHTTP_NO_HEADER_INDEX);
    ok(!ret, "NULL length accepted");
    expect_error(ERROR_INVALID_PARAMETER);

    len = sizeof buf;
    SetLastError(0xdeadbeef);
    ret = WinHttpQueryHeaders(req, WINHTTP_QUERY_CUSTOM | RQ, NULL, buf, &len, WINHTTP_NO_HEADER_INDEX);
    ok(!ret, "CUSTOM without a name accepted");
    expect_error(ERROR_INVALID_PARAMETER);

    len = sizeof buf;
    SetLastError(0xdeadbeef);
    ret = WinHttpQueryHeaders(req, WINHTTP_QUERY_CUSTOM | RQ, W(""), buf, &len, WINHTTP_NO_HEADER_INDEX);
    ok(!ret, "empty name found");
    expect_error(ERROR_WINHTTP_HEADER_NOT_FOUND);

    /* Without the request flag there is nothing before a response. */
    len = sizeof buf;
    SetLastError(0xdeadbeef);
    ret = WinHttpQueryHeaders(req, WINHTTP_QUERY_CUSTOM, W("Warning"), buf, &len, WINHTTP_NO_HEADER_INDEX);
    ok(!ret, "response header query before a response succeeded");
    expect_error(ERROR_WINHTTP_INCORRECT_HANDLE_STATE);

    len = sizeof buf;
    SetLastError(0xdeadbeef);
    ret = WinHttpQueryHeaders(req, WINHTTP_QUERY_RAW_HEADERS_CRLF, WINHTTP_HEADER_NAME_BY_INDEX, buf, &len, WINHTTP_NO_HEADER_INDEX);
    ok(!ret, "raw response headers before a response");
    expect_error(ERROR_WINHTTP_INCORRECT_HANDLE_STATE);

    len = sizeof buf;
    SetLastError(0xdeadbeef);
    ret = WinHttpQueryHeaders(req, WINHTTP_QUERY_STATUS_CODE, WINHTTP_HEADER_NAME_BY_INDEX, buf, &len, WINHTTP_NO_HEADER_INDEX);
    ok(!ret, "status code before a response");
    expect_error(ERROR_WINHTTP_INCORRECT_HANDLE_STATE);

    /* The verb is known already, so it may be asked without the flag (Wine makes this exception). */
    len = sizeof buf;
    SetLastError(0xdeadbeef);
    ret = WinHttpQueryHeaders(req, WINHTTP_QUERY_REQUEST_METHOD, WINHTTP_HEADER_NAME_BY_INDEX, buf, &len, WINHTTP_NO_HEADER_INDEX);
    ok(ret, "request method failed: %lu", (unsigned long)GetLastError());
    ok(ret && !u16cmp(buf, W("GET")), "method %s", u16a(buf));
}

static void test_modifiers(void)
{
    BOOL ret;

    /* Duplicates are kept in order. */
    ok(add(W("Warning:test2"), WINHTTP_ADDREQ_FLAG_ADD), "duplicate refused");
    ok(count(W("Warning")) == 2, "count %lu", (unsigned long)count(W("Warning")));
    ok(has(W("Warning"), 0, W("test1")), "first instance wrong");
    ok(has(W("Warning"), 1, W("test2")), "second instance wrong");
    ok(!has(W("Warning"), 2, W("")), "third instance found");

    SetLastError(0xdeadbeef);
    ret = add(W("Warning:test3"), WINHTTP_ADDREQ_FLAG_ADD_IF_NEW);
    ok(!ret, "ADD_IF_NEW added over an existing header");
    expect_error(ERROR_WINHTTP_HEADER_ALREADY_EXISTS);
    ok(count(W("Warning")) == 2, "ADD_IF_NEW changed the count");

    SetLastError(0xdeadbeef);
    ret = add(W("X-New: 1"), WINHTTP_ADDREQ_FLAG_ADD_IF_NEW);
    ok(ret, "ADD_IF_NEW refused a new header");
    expect_error(ERROR_SUCCESS);
    ok(has(W("X-New"), 0, W("1")), "ADD_IF_NEW header missing");

    /* REPLACE changes the first one where it stands (Windows 7+, the "reverse" case in Wine). */
    SetLastError(0xdeadbeef);
    ok(add(W("Warning:test3"), WINHTTP_ADDREQ_FLAG_REPLACE), "REPLACE failed");
    expect_error(ERROR_SUCCESS);
    ok(count(W("Warning")) == 2, "REPLACE changed the count");
    ok(has(W("Warning"), 0, W("test3")), "REPLACE: first instance wrong");
    ok(has(W("Warning"), 1, W("test2")), "REPLACE: second instance wrong");

    /* COALESCE merges into the first one with ", ", the semicolon flag with "; ". */
    ok(add(W("Warning:test4"), WINHTTP_ADDREQ_FLAG_COALESCE), "COALESCE failed");
    ok(has(W("Warning"), 0, W("test3, test4")), "COALESCE result wrong");
    ok(add(W("Warning:test5"), WINHTTP_ADDREQ_FLAG_COALESCE_WITH_COMMA), "COALESCE_WITH_COMMA failed");
    ok(has(W("Warning"), 0, W("test3, test4, test5")), "COALESCE_WITH_COMMA result wrong");
    ok(add(W("Warning:test6"), WINHTTP_ADDREQ_FLAG_COALESCE_WITH_SEMICOLON), "COALESCE_WITH_SEMICOLON failed");
    ok(has(W("Warning"), 0, W("test3, test4, test5; test6")), "COALESCE_WITH_SEMICOLON result wrong");
    ok(has(W("Warning"), 1, W("test2")), "coalescing touched the second instance");
    ok(count(W("Warning")) == 2, "coalescing changed the count");

    /* COALESCE with no such header yet adds it (Wine and wininet). */
    ok(add(W("X-Fresh: 1"), WINHTTP_ADDREQ_FLAG_COALESCE), "COALESCE of a new header failed");
    ok(has(W("X-Fresh"), 0, W("1")), "COALESCE did not add");
    ok(add(W("X-Fresh2: 2"), WINHTTP_ADDREQ_FLAG_COALESCE_WITH_SEMICOLON), "semicolon on a new header failed");
    ok(has(W("X-Fresh2"), 0, W("2")), "semicolon did not add");

    /* REPLACE with an empty value removes one header. */
    ok(add(W("Warning:"), WINHTTP_ADDREQ_FLAG_REPLACE), "REPLACE removal failed");
    ok(count(W("Warning")) == 1, "removal count %lu", (unsigned long)count(W("Warning")));
    ok(has(W("Warning"), 0, W("test2")), "the wrong instance was removed");
    ok(add(W("Warning:"), WINHTTP_ADDREQ_FLAG_REPLACE), "second removal failed");
    ok(count(W("Warning")) == 0, "header still present");

    /* REPLACE alone needs an existing header. */
    SetLastError(0xdeadbeef);
    ret = add(W("Warning: x"), WINHTTP_ADDREQ_FLAG_REPLACE);
    ok(!ret, "REPLACE of a missing header succeeded");
    expect_error(ERROR_WINHTTP_HEADER_NOT_FOUND);
    SetLastError(0xdeadbeef);
    ret = add(W("Warning:"), WINHTTP_ADDREQ_FLAG_REPLACE);
    ok(!ret, "removal of a missing header succeeded");
    expect_error(ERROR_WINHTTP_HEADER_NOT_FOUND);
    ok(count(W("Warning")) == 0, "failed REPLACE added something");

    /* REPLACE | ADD adds when missing, replaces when present. */
    SetLastError(0xdeadbeef);
    ok(add(W("Warning: r1"), WINHTTP_ADDREQ_FLAG_REPLACE | WINHTTP_ADDREQ_FLAG_ADD), "REPLACE|ADD failed");
    expect_error(ERROR_SUCCESS);
    ok(has(W("Warning"), 0, W("r1")), "REPLACE|ADD did not add");
    ok(add(W("Warning: r2"), WINHTTP_ADDREQ_FLAG_REPLACE | WINHTTP_ADDREQ_FLAG_ADD), "REPLACE|ADD failed");
    ok(count(W("Warning")) == 1 && has(W("Warning"), 0, W("r2")), "REPLACE|ADD did not replace");

    /* No modifier adds. */
    ok(add(W("X-Plain: 1"), 0), "no modifiers failed");
    ok(add(W("X-Plain: 2"), 0), "no modifiers failed");
    ok(count(W("X-Plain")) == 2, "no modifiers did not add");
}

static void test_blocks(void)
{
    WCHAR big[4096];
    BOOL ret;

    ok(add(W("A1: 1\r\nA2: 2\r\nA3: 3"), WINHTTP_ADDREQ_FLAG_ADD), "CRLF block failed");
    ok(has(W("A1"), 0, W("1")) && has(W("A2"), 0, W("2")) && has(W("A3"), 0, W("3")), "CRLF block content");

    ok(add(W("B1: 1\nB2: 2\n"), WINHTTP_ADDREQ_FLAG_ADD), "LF block failed");
    ok(has(W("B1"), 0, W("1")) && has(W("B2"), 0, W("2")), "LF block content");

    ok(add(W("C1: 1\r\n\r\n"), WINHTTP_ADDREQ_FLAG_ADD), "block with an empty line at the end failed");
    ok(has(W("C1"), 0, W("1")), "C1 missing");

    /* Lines go in order; the first bad line stops the call and is not added. */
    SetLastError(0xdeadbeef);
    ret = add(W("P1: 1\r\nbad\r\nP2: 2"), WINHTTP_ADDREQ_FLAG_ADD);
    ok(!ret, "block with a bad line accepted");
    expect_error(ERROR_WINHTTP_INVALID_HEADER);
    ok(has(W("P1"), 0, W("1")), "line before the bad one missing");
    ok(count(W("P2")) == 0, "line after the bad one added");

    SetLastError(0xdeadbeef);
    ret = add(W("Q1: 1\r\nA1: x\r\nQ2: 2"), WINHTTP_ADDREQ_FLAG_ADD_IF_NEW);
    ok(!ret, "ADD_IF_NEW block over an existing header accepted");
    expect_error(ERROR_WINHTTP_HEADER_ALREADY_EXISTS);
    ok(has(W("Q1"), 0, W("1")) && count(W("Q2")) == 0, "ADD_IF_NEW block not applied in order");
    ok(has(W("A1"), 0, W("1")), "existing header changed");

    /* The modifier applies to each line. */
    ok(add(W("A1: r\r\nA2: s"), WINHTTP_ADDREQ_FLAG_REPLACE), "REPLACE block failed");
    ok(has(W("A1"), 0, W("r")) && has(W("A2"), 0, W("s")), "REPLACE block content");

    /* An explicit length takes a prefix. */
    ok(WinHttpAddRequestHeaders(req, W("Len: abcdef"), 7, WINHTTP_ADDREQ_FLAG_ADD), "prefix length failed");
    ok(has(W("Len"), 0, W("ab")), "prefix not honoured");

    /* A length beyond the string: the NUL ends the headers (the buffer is all zeros after it). */
    memset(big, 0, sizeof big);
    memcpy(big, W("Big: 1"), 6 * sizeof(WCHAR));
    ok(WinHttpAddRequestHeaders(req, big, sizeof big / sizeof big[0], WINHTTP_ADDREQ_FLAG_ADD), "long length failed: %lu",
       (unsigned long)GetLastError());
    ok(has(W("Big"), 0, W("1")), "Big missing");
}

static void test_raw_and_request_line(void)
{
    WCHAR buf[4096];
    DWORD len, needed, index = 0, n, breaks;
    const WCHAR *p;
    BOOL ret;
    HINTERNET r2;

    len = 0;
    SetLastError(0xdeadbeef);
    ret = WinHttpQueryHeaders(req, WINHTTP_QUERY_RAW_HEADERS_CRLF | RQ, WINHTTP_HEADER_NAME_BY_INDEX, NULL, &len, &index);
    ok(!ret, "raw headers into no buffer");
    expect_error(ERROR_INSUFFICIENT_BUFFER);
    ok(len > 40 && len <= sizeof buf, "needed %lu", (unsigned long)len);
    needed = len;

    len = needed - sizeof(WCHAR);
    SetLastError(0xdeadbeef);
    ret = WinHttpQueryHeaders(req, WINHTTP_QUERY_RAW_HEADERS_CRLF | RQ, WINHTTP_HEADER_NAME_BY_INDEX, buf, &len, &index);
    ok(!ret, "raw headers into a small buffer");
    expect_error(ERROR_INSUFFICIENT_BUFFER);
    ok(len == needed, "needed %lu then %lu", (unsigned long)needed, (unsigned long)len);

    len = needed;
    SetLastError(0xdeadbeef);
    ret = WinHttpQueryHeaders(req, WINHTTP_QUERY_RAW_HEADERS_CRLF | RQ, WINHTTP_HEADER_NAME_BY_INDEX, buf, &len, &index);
    ok(ret, "raw headers failed: %lu", (unsigned long)GetLastError());
    expect_error(ERROR_SUCCESS);
    ok(len == needed - sizeof(WCHAR), "len %lu needed %lu", (unsigned long)len, (unsigned long)needed);
    ok(len == u16len(buf) * sizeof(WCHAR), "length does not match the string");
    ok(starts_with(buf, W("GET /path?q=1 HTTP/1.1\r\n")), "request line: %s", u16a(buf));
    ok(ends_with(buf, W("\r\n\r\n")), "no empty line at the end");
    ok(contains(buf, W("\r\nA1: r\r\n")), "A1 not serialized as 'Name: value'");
    ok(contains(buf, W("\r\nX-Plain: 1\r\nX-Plain: 2\r\n")), "duplicates not kept in order");
    ok(index == 0, "raw query moved the index");
    for (breaks = 0, p = buf; *p; p++)
        if (p[0] == '\r' && p[1] == '\n') breaks++;

    len = 0;
    SetLastError(0xdeadbeef);
    ret = WinHttpQueryHeaders(req, WINHTTP_QUERY_RAW_HEADERS | RQ, WINHTTP_HEADER_NAME_BY_INDEX, NULL, &len, &index);
    ok(!ret, "raw headers into no buffer");
    expect_error(ERROR_INSUFFICIENT_BUFFER);
    n = len;
    memset(buf, 0xff, sizeof buf);
    len = sizeof buf;
    ret = WinHttpQueryHeaders(req, WINHTTP_QUERY_RAW_HEADERS | RQ, WINHTTP_HEADER_NAME_BY_INDEX, buf, &len, &index);
    ok(ret, "RAW_HEADERS failed: %lu", (unsigned long)GetLastError());
    ok(len + sizeof(WCHAR) == n, "len %lu needed %lu", (unsigned long)len, (unsigned long)n);
    ok(len > 2 && !buf[len / sizeof(WCHAR)] && !buf[len / sizeof(WCHAR) - 1], "no double NUL at the end");
    ok(!u16cmp(buf, W("GET /path?q=1 HTTP/1.1")), "first line: %s", u16a(buf));
    ok(!contains(buf, W("\r")), "CR left in the NUL-separated form");
    /* Same text with one NUL for each CRLF. */
    ok(n == needed - (breaks + 1) * (DWORD)sizeof(WCHAR), "NUL form needs %lu, CRLF form %lu with %lu breaks",
       (unsigned long)n, (unsigned long)needed, (unsigned long)breaks);

    len = sizeof buf;
    ret = WinHttpQueryHeaders(req, WINHTTP_QUERY_REQUEST_METHOD | RQ, WINHTTP_HEADER_NAME_BY_INDEX, buf, &len, WINHTTP_NO_HEADER_INDEX);
    ok(ret && !u16cmp(buf, W("GET")), "method %s", u16a(buf));
    ok(len == 3 * sizeof(WCHAR), "method len %lu", (unsigned long)len);
    len = sizeof buf;
    ret = WinHttpQueryHeaders(req, WINHTTP_QUERY_VERSION | RQ, WINHTTP_HEADER_NAME_BY_INDEX, buf, &len, WINHTTP_NO_HEADER_INDEX);
    ok(ret && !u16cmp(buf, W("HTTP/1.1")), "version %s", u16a(buf));
    len = sizeof buf;
    ret = WinHttpQueryHeaders(req, WINHTTP_QUERY_URI | RQ, WINHTTP_HEADER_NAME_BY_INDEX, buf, &len, WINHTTP_NO_HEADER_INDEX);
    ok(ret && !u16cmp(buf, W("/path?q=1")), "uri %s", u16a(buf));
    len = 2;
    SetLastError(0xdeadbeef);
    ret = WinHttpQueryHeaders(req, WINHTTP_QUERY_REQUEST_METHOD | RQ, WINHTTP_HEADER_NAME_BY_INDEX, buf, &len, WINHTTP_NO_HEADER_INDEX);
    ok(!ret, "method into a small buffer");
    expect_error(ERROR_INSUFFICIENT_BUFFER);
    ok(len == 4 * sizeof(WCHAR), "method needed %lu", (unsigned long)len);

    len = sizeof buf;
    SetLastError(0xdeadbeef);
    ret = WinHttpQueryHeaders(req, WINHTTP_QUERY_STATUS_CODE | RQ, WINHTTP_HEADER_NAME_BY_INDEX, buf, &len, WINHTTP_NO_HEADER_INDEX);
    ok(!ret, "a request has a status code");
    expect_error(ERROR_WINHTTP_HEADER_NOT_FOUND);
    len = sizeof buf;
    SetLastError(0xdeadbeef);
    ret = WinHttpQueryHeaders(req, WINHTTP_QUERY_STATUS_TEXT | RQ, WINHTTP_HEADER_NAME_BY_INDEX, buf, &len, WINHTTP_NO_HEADER_INDEX);
    ok(!ret, "a request has a status text");
    expect_error(ERROR_WINHTTP_HEADER_NOT_FOUND);

    /* A fresh request with another verb, path and version, and no headers. */
    r2 = WinHttpOpenRequest(con, W("PUT"), W("/x"), W("HTTP/1.0"), WINHTTP_NO_REFERER, WINHTTP_DEFAULT_ACCEPT_TYPES, 0);
    ok(r2 != NULL, "open failed");
    len = sizeof buf;
    ret = WinHttpQueryHeaders(r2, WINHTTP_QUERY_RAW_HEADERS_CRLF | RQ, WINHTTP_HEADER_NAME_BY_INDEX, buf, &len, WINHTTP_NO_HEADER_INDEX);
    ok(ret && !u16cmp(buf, W("PUT /x HTTP/1.0\r\n\r\n")), "empty request head: %s", u16a(buf));
    len = sizeof buf;
    ret = WinHttpQueryHeaders(r2, WINHTTP_QUERY_VERSION | RQ, WINHTTP_HEADER_NAME_BY_INDEX, buf, &len, WINHTTP_NO_HEADER_INDEX);
    ok(ret && !u16cmp(buf, W("HTTP/1.0")), "version %s", u16a(buf));
    WinHttpCloseHandle(r2);
}

static void test_formats(void)
{
    DWORD num, len, index;
    ULONGLONG num64;
    SYSTEMTIME st;
    BOOL ret;

    ok(add(W("Content-Length: 1234\r\nMax-Forwards: many\r\nX-Big: 5000000000\r\n"
             "If-Modified-Since: Mon, 20 Nov 2000 20:00:00 GMT"), WINHTTP_ADDREQ_FLAG_ADD), "format headers refused");

    num = 0;
    len = sizeof num;
    index = 0;
    SetLastError(0xdeadbeef);
    ret = WinHttpQueryHeaders(req, WINHTTP_QUERY_CONTENT_LENGTH | WINHTTP_QUERY_FLAG_NUMBER | RQ, WINHTTP_HEADER_NAME_BY_INDEX,
                              &num, &len, &index);
    ok(ret, "number query failed: %lu", (unsigned long)GetLastError());
    expect_error(ERROR_SUCCESS);
    ok(num == 1234, "number %lu", (unsigned long)num);
    ok(len == sizeof(DWORD), "number len %lu", (unsigned long)len);
    ok(index == 1, "number query index %lu", (unsigned long)index);

    len = sizeof num - 1;
    SetLastError(0xdeadbeef);
    ret = WinHttpQueryHeaders(req, WINHTTP_QUERY_CONTENT_LENGTH | WINHTTP_QUERY_FLAG_NUMBER | RQ, WINHTTP_HEADER_NAME_BY_INDEX,
                              &num, &len, WINHTTP_NO_HEADER_INDEX);
    ok(!ret, "number into 3 bytes");
    expect_error(ERROR_INSUFFICIENT_BUFFER);
    ok(len == sizeof(DWORD), "number needed %lu", (unsigned long)len);

    len = 0;
    SetLastError(0xdeadbeef);
    ret = WinHttpQueryHeaders(req, WINHTTP_QUERY_CONTENT_LENGTH | WINHTTP_QUERY_FLAG_NUMBER | RQ, WINHTTP_HEADER_NAME_BY_INDEX,
                              NULL, &len, WINHTTP_NO_HEADER_INDEX);
    ok(!ret, "number into no buffer");
    expect_error(ERROR_INSUFFICIENT_BUFFER);

    /* A value that is no number reads as 0 (wcstoul, as Wine does). */
    num = 77;
    len = sizeof num;
    ret = WinHttpQueryHeaders(req, WINHTTP_QUERY_MAX_FORWARDS | WINHTTP_QUERY_FLAG_NUMBER | RQ, WINHTTP_HEADER_NAME_BY_INDEX,
                              &num, &len, WINHTTP_NO_HEADER_INDEX);
    ok(ret && num == 0, "non-number: ret %d num %lu", ret, (unsigned long)num);

    num = 1;
    len = sizeof num;
    SetLastError(0xdeadbeef);
    ret = WinHttpQueryHeaders(req, WINHTTP_QUERY_HOST | WINHTTP_QUERY_FLAG_NUMBER | RQ, WINHTTP_HEADER_NAME_BY_INDEX,
                              &num, &len, WINHTTP_NO_HEADER_INDEX);
    ok(!ret, "number of an absent header");
    expect_error(ERROR_WINHTTP_HEADER_NOT_FOUND);

    num64 = 0;
    len = sizeof num64;
    ret = WinHttpQueryHeaders(req, WINHTTP_QUERY_CUSTOM | WINHTTP_QUERY_FLAG_NUMBER64 | RQ, W("X-Big"), &num64, &len,
                              WINHTTP_NO_HEADER_INDEX);
    ok(ret, "number64 failed: %lu", (unsigned long)GetLastError());
    ok(num64 == 5000000000ull, "number64 wrong");
    ok(len == sizeof(ULONGLONG), "number64 len %lu", (unsigned long)len);
    len = sizeof(DWORD);
    SetLastError(0xdeadbeef);
    ret = WinHttpQueryHeaders(req, WINHTTP_QUERY_CUSTOM | WINHTTP_QUERY_FLAG_NUMBER64 | RQ, W("X-Big"), &num64, &len,
                              WINHTTP_NO_HEADER_INDEX);
    ok(!ret, "number64 into 4 bytes");
    expect_error(ERROR_INSUFFICIENT_BUFFER);
    ok(len == sizeof(ULONGLONG), "number64 needed %lu", (unsigned long)len);

    memset(&st, 0, sizeof st);
    len = sizeof st;
    SetLastError(0xdeadbeef);
    ret = WinHttpQueryHeaders(req, WINHTTP_QUERY_IF_MODIFIED_SINCE | WINHTTP_QUERY_FLAG_SYSTEMTIME | RQ,
                              WINHTTP_HEADER_NAME_BY_INDEX, &st, &len, WINHTTP_NO_HEADER_INDEX);
    ok(ret, "systemtime failed: %lu", (unsigned long)GetLastError());
    expect_error(ERROR_SUCCESS);
    ok(len == sizeof(SYSTEMTIME), "systemtime len %lu", (unsigned long)len);
    ok(st.wYear == 2000 && st.wMonth == 11 && st.wDay == 20, "date %u-%u-%u", st.wYear, st.wMonth, st.wDay);
    ok(st.wDayOfWeek == 1, "weekday %u", st.wDayOfWeek);
    ok(st.wHour == 20 && st.wMinute == 0 && st.wSecond == 0, "time %u:%u:%u", st.wHour, st.wMinute, st.wSecond);

    len = sizeof st - 1;
    SetLastError(0xdeadbeef);
    ret = WinHttpQueryHeaders(req, WINHTTP_QUERY_IF_MODIFIED_SINCE | WINHTTP_QUERY_FLAG_SYSTEMTIME | RQ,
                              WINHTTP_HEADER_NAME_BY_INDEX, &st, &len, WINHTTP_NO_HEADER_INDEX);
    ok(!ret, "systemtime into a small buffer");
    expect_error(ERROR_INSUFFICIENT_BUFFER);
    ok(len == sizeof(SYSTEMTIME), "systemtime needed %lu", (unsigned long)len);
}

static void test_query_errors(void)
{
    WCHAR buf[64];
    DWORD len;
    BOOL ret;
    HINTERNET closed;

    len = sizeof buf;
    SetLastError(0xdeadbeef);
    ret = WinHttpQueryHeaders(req, (WINHTTP_QUERY_MAX + 50) | RQ, WINHTTP_HEADER_NAME_BY_INDEX, buf, &len, WINHTTP_NO_HEADER_INDEX);
    ok(!ret, "unknown attribute accepted");
    expect_error(ERROR_INVALID_PARAMETER);

    len = sizeof buf;
    SetLastError(0xdeadbeef);
    ret = WinHttpQueryHeaders(req, WINHTTP_QUERY_ACCEPT_LANGUAGE | RQ, WINHTTP_HEADER_NAME_BY_INDEX, buf, &len, WINHTTP_NO_HEADER_INDEX);
    ok(!ret, "absent known header found");
    expect_error(ERROR_WINHTTP_HEADER_NOT_FOUND);

    len = sizeof buf;
    SetLastError(0xdeadbeef);
    ret = WinHttpQueryHeaders(NULL, WINHTTP_QUERY_CUSTOM | RQ, W("A1"), buf, &len, WINHTTP_NO_HEADER_INDEX);
    ok(!ret, "NULL handle accepted");
    expect_error(ERROR_INVALID_HANDLE);

    len = sizeof buf;
    SetLastError(0xdeadbeef);
    ret = WinHttpQueryHeaders(ses, WINHTTP_QUERY_CUSTOM | RQ, W("A1"), buf, &len, WINHTTP_NO_HEADER_INDEX);
    ok(!ret, "session handle accepted");
    expect_error(ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);

    len = sizeof buf;
    SetLastError(0xdeadbeef);
    ret = WinHttpQueryHeaders(con, WINHTTP_QUERY_CUSTOM | RQ, W("A1"), buf, &len, WINHTTP_NO_HEADER_INDEX);
    ok(!ret, "connect handle accepted");
    expect_error(ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);

    closed = open_request();
    WinHttpCloseHandle(closed);
    len = sizeof buf;
    SetLastError(0xdeadbeef);
    ret = WinHttpQueryHeaders(closed, WINHTTP_QUERY_CUSTOM | RQ, W("A1"), buf, &len, WINHTTP_NO_HEADER_INDEX);
    ok(!ret, "closed handle accepted");
    expect_error(ERROR_INVALID_HANDLE);

    /* Headers belong to their request. */
    closed = open_request();
    len = sizeof buf;
    SetLastError(0xdeadbeef);
    ret = WinHttpQueryHeaders(closed, WINHTTP_QUERY_CUSTOM | RQ, W("A1"), buf, &len, WINHTTP_NO_HEADER_INDEX);
    ok(!ret, "header of another request found");
    expect_error(ERROR_WINHTTP_HEADER_NOT_FOUND);
    WinHttpCloseHandle(closed);
}

#ifdef WINHTTP_EXTENDED_HEADER_FLAG_UNICODE
static void test_ex(void)
{
    WINHTTP_EXTENDED_HEADER in[2];
    WINHTTP_HEADER_NAME name;
    PWINHTTP_EXTENDED_HEADER out = NULL;
    union { WINHTTP_EXTENDED_HEADER align; unsigned char bytes[4096]; } buf;
    DWORD ret, len, n = 0, index = 0;
    HINTERNET r;

    r = open_request();
    memset(in, 0, sizeof in);
    in[0].pwszName = W("X-Ex1");
    in[0].pwszValue = W("one");
    in[1].pwszName = W("X-Ex2");
    in[1].pwszValue = W("two");
    ret = WinHttpAddRequestHeadersEx(r, WINHTTP_ADDREQ_FLAG_ADD, WINHTTP_EXTENDED_HEADER_FLAG_UNICODE, 0, 2, in);
    ok(ret == ERROR_SUCCESS, "AddRequestHeadersEx: %lu", (unsigned long)ret);
    ret = WinHttpAddRequestHeadersEx(r, WINHTTP_ADDREQ_FLAG_ADD_IF_NEW, WINHTTP_EXTENDED_HEADER_FLAG_UNICODE, 0, 1, in);
    ok(ret == ERROR_WINHTTP_HEADER_ALREADY_EXISTS, "ADD_IF_NEW Ex: %lu", (unsigned long)ret);
    ret = WinHttpAddRequestHeadersEx(r, WINHTTP_ADDREQ_FLAG_ADD, WINHTTP_EXTENDED_HEADER_FLAG_UNICODE, 0, 0, in);
    ok(ret == ERROR_INVALID_PARAMETER, "zero count: %lu", (unsigned long)ret);
    ret = WinHttpAddRequestHeadersEx(r, WINHTTP_ADDREQ_FLAG_ADD, WINHTTP_EXTENDED_HEADER_FLAG_UNICODE, 0, 1, NULL);
    ok(ret == ERROR_INVALID_PARAMETER, "NULL array: %lu", (unsigned long)ret);
    ret = WinHttpAddRequestHeadersEx(ses, WINHTTP_ADDREQ_FLAG_ADD, WINHTTP_EXTENDED_HEADER_FLAG_UNICODE, 0, 1, in);
    ok(ret == ERROR_WINHTTP_INCORRECT_HANDLE_TYPE, "session handle: %lu", (unsigned long)ret);
    in[0].pszName = "Bad Name";
    in[0].pszValue = "v";
    ret = WinHttpAddRequestHeadersEx(r, WINHTTP_ADDREQ_FLAG_ADD, 0, 0, 1, in);
    ok(ret == ERROR_WINHTTP_INVALID_HEADER, "bad narrow name: %lu", (unsigned long)ret);

    len = 0;
    ret = WinHttpQueryHeadersEx(r, WINHTTP_QUERY_EX_ALL_HEADERS | RQ, 0, 0, NULL, NULL, NULL, &len, &out, &n);
    ok(ret == ERROR_INSUFFICIENT_BUFFER, "Ex size query: %lu", (unsigned long)ret);
    ok(len == 2 * sizeof(WINHTTP_EXTENDED_HEADER) + (6 + 4 + 6 + 4) * sizeof(WCHAR),
       "Ex size %lu", (unsigned long)len);
    len = sizeof buf;
    ret = WinHttpQueryHeadersEx(r, WINHTTP_QUERY_EX_ALL_HEADERS | RQ, 0, 0, NULL, NULL, &buf, &len, &out, &n);
    ok(ret == ERROR_SUCCESS, "Ex all: %lu", (unsigned long)ret);
    ok(n == 2, "Ex count %lu", (unsigned long)n);
    ok(out == &buf.align, "Ex array not at the start of the buffer");
    ok(n == 2 && !u16cmp(out[0].pwszName, W("X-Ex1")) && !u16cmp(out[1].pwszValue, W("two")), "Ex content");

    name.pwszName = W("x-ex2");
    len = sizeof buf;
    ret = WinHttpQueryHeadersEx(r, WINHTTP_QUERY_CUSTOM | RQ, 0, 0, &index, &name, &buf, &len, &out, &n);
    ok(ret == ERROR_SUCCESS && n == 1 && !u16cmp(out[0].pwszValue, W("two")), "Ex by name: %lu", (unsigned long)ret);
    ok(index == 1, "Ex index %lu", (unsigned long)index);
    len = sizeof buf;
    ret = WinHttpQueryHeadersEx(r, WINHTTP_QUERY_CUSTOM | RQ, 0, 0, &index, &name, &buf, &len, &out, &n);
    ok(ret == ERROR_WINHTTP_HEADER_NOT_FOUND, "Ex second instance: %lu", (unsigned long)ret);

    len = sizeof buf;
    ret = WinHttpQueryHeadersEx(r, WINHTTP_QUERY_EX_ALL_HEADERS | RQ | WINHTTP_QUERY_FLAG_WIRE_ENCODING, 0, 0, NULL, NULL,
                                &buf, &len, &out, &n);
    ok(ret == ERROR_SUCCESS && n == 2 && !strcmp(out[0].pszName, "X-Ex1"), "Ex wire encoding: %lu", (unsigned long)ret);

    /* Formats and pseudo-headers are refused (WinHttpQueryHeadersEx page). */
    len = sizeof buf;
    ret = WinHttpQueryHeadersEx(r, WINHTTP_QUERY_VERSION | RQ, 0, 0, NULL, NULL, &buf, &len, &out, &n);
    ok(ret == ERROR_INVALID_PARAMETER, "Ex VERSION: %lu", (unsigned long)ret);
    len = sizeof buf;
    ret = WinHttpQueryHeadersEx(r, WINHTTP_QUERY_RAW_HEADERS_CRLF | RQ, 0, 0, NULL, NULL, &buf, &len, &out, &n);
    ok(ret == ERROR_INVALID_PARAMETER, "Ex RAW_HEADERS_CRLF: %lu", (unsigned long)ret);
    len = sizeof buf;
    ret = WinHttpQueryHeadersEx(r, WINHTTP_QUERY_CUSTOM | WINHTTP_QUERY_FLAG_NUMBER | RQ, 0, 0, NULL, &name, &buf, &len, &out, &n);
    ok(ret == ERROR_INVALID_PARAMETER, "Ex NUMBER: %lu", (unsigned long)ret);
    len = sizeof buf;
    ret = WinHttpQueryHeadersEx(r, WINHTTP_QUERY_EX_ALL_HEADERS, 0, 0, NULL, NULL, &buf, &len, &out, &n);
    ok(ret == ERROR_WINHTTP_INCORRECT_HANDLE_STATE, "Ex response before a response: %lu", (unsigned long)ret);
    WinHttpCloseHandle(r);
}
#endif

int main(void)
{
    ses = WinHttpOpen(W("headers test"), WINHTTP_ACCESS_TYPE_NO_PROXY, WINHTTP_NO_PROXY_NAME, WINHTTP_NO_PROXY_BYPASS, 0);
    ok(ses != NULL, "WinHttpOpen failed: %lu", (unsigned long)GetLastError());
    con = WinHttpConnect(ses, W("localhost"), INTERNET_DEFAULT_HTTP_PORT, 0);
    ok(con != NULL, "WinHttpConnect failed: %lu", (unsigned long)GetLastError());
    req = open_request();
    ok(req != NULL, "WinHttpOpenRequest failed: %lu", (unsigned long)GetLastError());
    if (!req) return test_summary();

    test_add_arguments();
    test_validation();
    test_query_basics();
    test_modifiers();
    test_blocks();
    test_raw_and_request_line();
    test_formats();
    test_query_errors();
#ifdef WINHTTP_EXTENDED_HEADER_FLAG_UNICODE
    test_ex();
#endif

    WinHttpCloseHandle(req);
    WinHttpCloseHandle(con);
    WinHttpCloseHandle(ses);
    return test_summary();
}
