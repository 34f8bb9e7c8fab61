// Incremental response head parser, body framing and keep-alive decisions (see http_response.h).
// The head is collected line by line (its bytes are copied: heads are small and bounded); the
// lines themselves are parsed by parse_response_head (headers.h) once the empty line arrives.
#include "engine/http_response.h"

#include <algorithm>
#include <cstdint>

namespace winhttp {

namespace {

bool is_digit(char16_t c) { return c >= u'0' && c <= u'9'; }

u16view trim_ows(u16view s)
{
    while (!s.empty() && (s.front() == u' ' || s.front() == u'\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == u' ' || s.back() == u'\t')) s.remove_suffix(1);
    return s;
}

// Calls f(element) for every comma-separated element (trimmed, empty ones skipped) of every
// `name` header, in order; stops when f returns false.
template <class F> void for_each_element(const HeaderStore& h, u16view name, F f)
{
    for (const Header& hd : h.items()) {
        if (!ieq(hd.name, name)) continue;
        u16view v = hd.value;
        while (!v.empty()) {
            size_t comma = v.find(u',');
            u16view e = trim_ows(v.substr(0, comma));
            v = comma == u16view::npos ? u16view() : v.substr(comma + 1);
            if (!e.empty() && !f(e)) return;
        }
    }
}

} // namespace

void ResponseHeadParser::reset()
{
    state_ = State::Start;
    error_ = ERROR_SUCCESS;
    started_ = false;
    counted_ = 0;
    line_start_ = 0;
    headers_.clear();
    raw_.clear();
    code_ = 0;
    minor_ = 0;
}

ResponseHeadParser::Result ResponseHeadParser::fail(DWORD e)
{
    state_ = State::Error;
    error_ = e;
    return Result::Error;
}

ResponseHeadParser::Result ResponseHeadParser::feed(std::string_view data, size_t* used)
{
    size_t dummy;
    if (!used) used = &dummy;
    *used = 0;
    if (state_ == State::Done) return Result::Done;
    if (state_ == State::Error) return Result::Error;

    size_t i = 0;
    while (i < data.size()) {
        if (state_ == State::Start) {
            // Empty lines before the status line are skipped (the stray CRLF some servers send
            // after a body); they count against the limit, so an endless stream of them ends.
            if (data[i] == '\r' || data[i] == '\n') {
                started_ = true;
                if (++counted_ > max_) return fail(ERROR_WINHTTP_HEADER_SIZE_OVERFLOW);
                i++;
                continue;
            }
            state_ = State::StatusLine;
        }
        size_t lf = data.find('\n', i);
        size_t end = lf == std::string_view::npos ? data.size() : lf + 1;
        size_t n = end - i;
        if (state_ == State::StatusLine && raw_.size() < 5) {
            // No status line can start this way: WinHTTP has no HTTP/0.9 (a response without
            // a status line fails; Wine's test_no_headers pins ERROR_WINHTTP_INVALID_SERVER_RESPONSE).
            // Checked first, so the error does not depend on how the bytes were sliced.
            size_t k = std::min(n, 5 - raw_.size());
            if (data.substr(i, k) != std::string_view("HTTP/").substr(raw_.size(), k))
                return fail(ERROR_WINHTTP_INVALID_SERVER_RESPONSE);
        }
        if (n > max_ - counted_) return fail(ERROR_WINHTTP_HEADER_SIZE_OVERFLOW);
        raw_.append(data.data() + i, n);
        counted_ += n;
        started_ = true;
        i = end;

        if (lf != std::string_view::npos) blank_bare_cr(raw_, line_start_, raw_.size() - 1);
        if (state_ == State::StatusLine) {
            if (lf == std::string_view::npos) break;
            if (finish_status_line() == Result::Error) return Result::Error;
            state_ = State::Fields;
            line_start_ = raw_.size();
            continue;
        }
        if (lf == std::string_view::npos) break;
        size_t len = raw_.size() - 1 - line_start_;   // the line without its LF
        bool empty = len == 0 || (len == 1 && raw_[line_start_] == '\r');
        line_start_ = raw_.size();
        if (empty) {
            *used = i;
            return finish_head();
        }
    }
    *used = data.size();
    return Result::NeedMore;
}

ResponseHeadParser::Result ResponseHeadParser::finish_status_line()
{
    // The status line alone, ended by an empty line, through the shared head parser.
    std::string probe = raw_;
    probe += '\n';
    size_t used = 0;
    if (parse_response_head(probe, headers_, &used) != HeadParse::Done)
        return fail(ERROR_WINHTTP_INVALID_SERVER_RESPONSE);
    // Only HTTP/1.x is spoken on an HTTP/1 connection: "HTTP/1", "HTTP/2.0", "HTTP/0.9" are
    // refused like any malformed status line (RFC 9112 2.3); a later minor reads as 1.1.
    const u16string& v = headers_.status.version;
    if (v.size() < 8 || v.compare(0, 7, u"HTTP/1.") != 0) return fail(ERROR_WINHTTP_INVALID_SERVER_RESPONSE);
    unsigned minor = 0;
    for (size_t k = 7; k < v.size(); k++) {
        if (!is_digit(v[k])) return fail(ERROR_WINHTTP_INVALID_SERVER_RESPONSE);
        if (minor < 1000) minor = minor * 10 + (v[k] - u'0');
    }
    // Status codes run from 100 to 999 (RFC 9110 15: three digits, the first 1-5 in use; 6xx-9xx
    // are seen in the wild and reported as they are); 0xx cannot be classified and is refused.
    DWORD code = headers_.status.code_number();
    if (code < 100) return fail(ERROR_WINHTTP_INVALID_SERVER_RESPONSE);
    minor_ = minor;
    code_ = code;
    headers_.clear();
    return Result::NeedMore;
}

ResponseHeadParser::Result ResponseHeadParser::finish_head()
{
    size_t used = 0;
    if (parse_response_head(raw_, headers_, &used) != HeadParse::Done || used != raw_.size())
        return fail(ERROR_WINHTTP_INVALID_SERVER_RESPONSE);
    state_ = State::Done;
    return Result::Done;
}

ResponseHeadParser::Result ResponseHeadParser::eof()
{
    if (state_ == State::Done) return Result::Done;
    if (state_ == State::Error) return Result::Error;
    return fail(ERROR_WINHTTP_INVALID_SERVER_RESPONSE);
}

void blank_bare_cr(std::string& s, size_t from, size_t lf)
{
    size_t end = lf > from && s[lf - 1] == '\r' ? lf - 1 : lf;
    for (size_t j = s.find('\r', from); j < end; j = s.find('\r', j + 1)) s[j] = ' ';
}

bool header_has_token(const HeaderStore& h, u16view name, u16view token)
{
    bool found = false;
    for_each_element(h, name, [&](u16view e) { return !(found = ieq(e, token)); });
    return found;
}

DWORD decide_framing(const HeaderStore& h, unsigned minor, RequestMethod method, ResponseFraming& out)
{
    out = ResponseFraming();
    // HTTP/1.1 connections persist unless closed; HTTP/1.0 ones only when the server says so.
    bool persist = !header_has_token(h, u"Connection", u"close") &&
                   (minor >= 1 || header_has_token(h, u"Connection", u"keep-alive"));
    DWORD code = h.status.code_number();

    // RFC 9112 6.3 (1): no body after HEAD, 1xx, 204, 304, whatever the headers announce.
    if (method == RequestMethod::Head || (code >= 100 && code < 200) || code == 204 || code == 304) {
        out.framing = ResponseBodyFraming::None;
        out.keep_alive = persist && code != 101;
        return ERROR_SUCCESS;
    }
    // (2): a 2xx to CONNECT turns the connection into a tunnel.
    if (method == RequestMethod::Connect && code >= 200 && code < 300) {
        out.framing = ResponseBodyFraming::None;
        return ERROR_SUCCESS;
    }

    // (3), (4): Transfer-Encoding overrides Content-Length. "identity" (RFC 2616's no-op
    // coding) is ignored; chunked must be the final coding, or the body runs to the close.
    bool has_te = false, chunked_last = false;
    for_each_element(h, u"Transfer-Encoding", [&](u16view e) {
        if (ieq(e, u"identity")) return true;
        has_te = true;
        chunked_last = ieq(e, u"chunked");
        return true;
    });
    if (has_te) {
        if (chunked_last) {
            out.framing = ResponseBodyFraming::Chunked;
            // Both headers smell of response splitting (RFC 9112 6.3 (3)) and an HTTP/1.0
            // message with Transfer-Encoding has faulty framing (6.1): the body is decoded as
            // chunked, but the connection is not used again.
            out.keep_alive = persist && minor >= 1 && h.find(u"Content-Length") == HeaderStore::npos;
        }
        return ERROR_SUCCESS;
    }

    // (5): every Content-Length (and every element of a comma list, "5, 5") must be the same
    // decimal number; anything else is a framing error, not a guess.
    bool has_cl = false, bad = false;
    uint64_t length = 0;
    for (const Header& hd : h.items()) {
        if (!ieq(hd.name, u"Content-Length")) continue;
        u16view v = hd.value;
        for (bool more = true; more;) {
            size_t comma = v.find(u',');
            u16view e = trim_ows(v.substr(0, comma));
            more = comma != u16view::npos;
            v = more ? v.substr(comma + 1) : u16view();
            uint64_t n = 0;
            if (e.empty()) bad = true;
            for (char16_t ch : e) {
                if (!is_digit(ch) || n > (uint64_t(INT64_MAX) - (ch - u'0')) / 10) { bad = true; break; }
                n = n * 10 + (ch - u'0');
            }
            if (bad || (has_cl && n != length)) return ERROR_WINHTTP_INVALID_SERVER_RESPONSE;
            has_cl = true;
            length = n;
        }
    }
    if (has_cl) {
        out.framing = ResponseBodyFraming::Length;
        out.length = length;
        out.keep_alive = persist;
        return ERROR_SUCCESS;
    }

    // (7): read until the server closes; nothing can follow on this connection.
    return ERROR_SUCCESS;
}

} // namespace winhttp
