// Header store, header block parsing and validation, request head serialization, response head
// parsing and the WINHTTP_QUERY_* name table (see headers.h).
#include "engine/headers.h"

namespace winhttp {

DWORD StatusLine::code_number() const
{
    DWORD n = 0;
    for (char16_t ch : code) {
        if (ch < u'0' || ch > u'9') return 0;
        n = n * 10 + (ch - u'0');
    }
    return n;
}

namespace {

// RFC 7230 tchar: ALPHA / DIGIT / "!#$%&'*+-.^_`|~".
bool is_tchar(char16_t c)
{
    if ((c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9')) return true;
    switch (c) {
    case u'!': case u'#': case u'$': case u'%': case u'&': case u'\'': case u'*': case u'+':
    case u'-': case u'.': case u'^': case u'_': case u'`': case u'|': case u'~':
        return true;
    default:
        return false;
    }
}

} // namespace

bool valid_header_name(u16view name)
{
    if (name.empty()) return false;
    for (char16_t c : name)
        if (!is_tchar(c)) return false;
    return true;
}

bool valid_header_value(u16view value)
{
    for (char16_t c : value)
        if (c == u'\r' || c == u'\n' || c == 0) return false;
    return true;
}

DWORD parse_header_line(u16view line, u16view& name, u16view& value)
{
    size_t colon = line.find(u':');
    if (colon == u16view::npos) return ERROR_WINHTTP_INVALID_HEADER;
    u16view n = line.substr(0, colon);
    u16view v = trim(line.substr(colon + 1));
    if (!valid_header_name(n) || !valid_header_value(v)) return ERROR_WINHTTP_INVALID_HEADER;
    name = n;
    value = v;
    return ERROR_SUCCESS;
}

size_t HeaderStore::find(u16view name, size_t nth) const
{
    for (size_t i = 0; i < list_.size(); i++)
        if (ieq(list_[i].name, name) && nth-- == 0) return i;
    return npos;
}

size_t HeaderStore::count(u16view name) const
{
    size_t n = 0;
    for (const Header& h : list_)
        if (ieq(h.name, name)) n++;
    return n;
}

const u16string* HeaderStore::get(u16view name, size_t nth) const
{
    size_t i = find(name, nth);
    return i == npos ? nullptr : &list_[i].value;
}

void HeaderStore::append(u16view name, u16view value)
{
    list_.push_back(Header{u16string(name), u16string(value)});
}

bool HeaderStore::remove_first(u16view name)
{
    size_t i = find(name);
    if (i == npos) return false;
    list_.erase(list_.begin() + static_cast<std::ptrdiff_t>(i));
    return true;
}

size_t HeaderStore::remove_all(u16view name)
{
    size_t before = list_.size();
    std::erase_if(list_, [&](const Header& h) { return ieq(h.name, name); });
    return before - list_.size();
}

DWORD HeaderStore::apply(u16view name, u16view value, DWORD modifiers)
{
    size_t i = find(name);
    bool found = i != npos;
    if (found && (modifiers & WINHTTP_ADDREQ_FLAG_ADD_IF_NEW)) return ERROR_WINHTTP_HEADER_ALREADY_EXISTS;

    if (modifiers & WINHTTP_ADDREQ_FLAG_REPLACE) {
        if (found) {
            if (value.empty()) {
                list_.erase(list_.begin() + static_cast<std::ptrdiff_t>(i));
                return ERROR_SUCCESS;
            }
            // Replaced where it stands: Windows 7 and later keep the position (the "reverse"
            // case of Wine's test_WinHttpAddHeaders).
            list_[i].name = name;
            list_[i].value = value;
            return ERROR_SUCCESS;
        }
        // REPLACE alone needs an existing header; with ADD it adds (WinHttpAddRequestHeaders page).
        if (!(modifiers & WINHTTP_ADDREQ_FLAG_ADD)) return ERROR_WINHTTP_HEADER_NOT_FOUND;
        append(name, value);
        return ERROR_SUCCESS;
    }

    // COALESCE (== COALESCE_WITH_COMMA) merges into the first header of that name with ", ",
    // COALESCE_WITH_SEMICOLON with "; " (Wine's tests: "test2, test4, test5; test6"); with no
    // such header yet the value is simply added, as Wine and wininet do.
    if (found && (modifiers & (WINHTTP_ADDREQ_FLAG_COALESCE_WITH_COMMA | WINHTTP_ADDREQ_FLAG_COALESCE_WITH_SEMICOLON))) {
        u16string& v = list_[i].value;
        v += (modifiers & WINHTTP_ADDREQ_FLAG_COALESCE_WITH_COMMA) ? u", " : u"; ";
        v += value;
        return ERROR_SUCCESS;
    }
    append(name, value);
    return ERROR_SUCCESS;
}

DWORD HeaderStore::add_block(u16view block, DWORD modifiers)
{
    // The block is a C string for Windows too: what follows a NUL is not looked at.
    size_t nul = block.find(u'\0');
    if (nul != u16view::npos) block = block.substr(0, nul);

    bool any = false;
    while (!block.empty()) {
        size_t lf = block.find(u'\n');
        u16view line = block.substr(0, lf);
        block = lf == u16view::npos ? u16view() : block.substr(lf + 1);
        if (!line.empty() && line.back() == u'\r') line.remove_suffix(1);
        if (line.empty()) continue;
        u16view name, value;
        DWORD e = parse_header_line(line, name, value);
        if (e == ERROR_SUCCESS) e = apply(name, value, modifiers);
        if (e != ERROR_SUCCESS) return e;
        any = true;
    }
    return any ? ERROR_SUCCESS : ERROR_WINHTTP_INVALID_HEADER;
}

u16string HeaderStore::lines(u16view eol) const
{
    u16string out;
    for (const Header& h : list_) {
        out += h.name;
        out += u": ";
        out += h.value;
        out += eol;
    }
    return out;
}

u16string build_request_head(u16view verb, u16view target, u16view version, const HeaderStore& h)
{
    u16string out;
    out += verb;
    out += u' ';
    out += target;
    out += u' ';
    out += version;
    out += u"\r\n";
    out += h.lines();
    out += u"\r\n";
    return out;
}

u16string build_response_head(const HeaderStore& h, u16view eol)
{
    u16string out;
    out += h.status.version;
    out += u' ';
    out += h.status.code;
    if (!h.status.reason.empty()) {
        out += u' ';
        out += h.status.reason;
    }
    out += eol;
    out += h.lines(eol);
    out += eol;
    return out;
}

std::string wire_bytes(u16view s)
{
    for (char16_t c : s)
        if (c >= 0x100) return to_utf8(s);
    return narrow(s);
}

namespace {

std::string_view trim_bytes(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// "HTTP/<major>.<minor> <3 digits>[ <reason>]".
bool parse_status_line(std::string_view line, StatusLine& st)
{
    if (line.substr(0, 5) != "HTTP/") return false;
    size_t sp = line.find(' ');
    if (sp == std::string_view::npos) return false;
    std::string_view version = line.substr(0, sp);
    std::string_view num = version.substr(5);
    size_t dot = num.find('.');
    if (num.empty() || !is_digit(num.front())) return false;
    for (size_t k = 0; k < num.size(); k++)
        if (!is_digit(num[k]) && k != dot) return false;
    if (dot != std::string_view::npos && dot + 1 >= num.size()) return false;

    std::string_view rest = line.substr(sp);
    while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    if (rest.size() < 3 || !is_digit(rest[0]) || !is_digit(rest[1]) || !is_digit(rest[2])) return false;
    std::string_view code = rest.substr(0, 3);
    rest.remove_prefix(3);
    if (!rest.empty() && rest.front() != ' ' && rest.front() != '\t') return false;
    st.version = widen(version);
    st.code = widen(code);
    st.reason = widen(trim_bytes(rest));
    return true;
}

// The field lines after the start line, up to and including the empty line that ends them.
HeadParse parse_fields(std::string_view data, size_t& pos, std::vector<Header>& parsed)
{
    u16string* last_value = nullptr;   // the value a continuation line extends
    for (;;) {
        size_t lf = data.find('\n', pos);
        if (lf == std::string_view::npos) return HeadParse::Incomplete;
        std::string_view line = data.substr(pos, lf - pos);
        pos = lf + 1;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.find('\0') != std::string_view::npos) return HeadParse::Invalid;
        if (line.empty()) return HeadParse::Done;
        if (line.front() == ' ' || line.front() == '\t') {
            std::string_view more = trim_bytes(line);
            if (last_value && !more.empty()) {
                if (!last_value->empty()) *last_value += u' ';
                *last_value += widen(more);
            }
            continue;
        }
        size_t colon = line.find(':');
        if (colon == std::string_view::npos) { last_value = nullptr; continue; }
        std::string_view name = trim_bytes(line.substr(0, colon));
        if (name.empty()) { last_value = nullptr; continue; }
        parsed.push_back(Header{widen(name), widen(trim_bytes(line.substr(colon + 1)))});
        last_value = &parsed.back().value;
    }
}

} // namespace

HeadParse parse_response_head(std::string_view data, HeaderStore& out, size_t* consumed)
{
    out.clear();
    size_t lf = data.find('\n');
    if (lf == std::string_view::npos) {
        // Not yet a whole line; a first line that cannot become a status line is refused now.
        std::string_view start = data.substr(0, 5);
        if (std::string_view("HTTP/").substr(0, start.size()) != start) return HeadParse::Invalid;
        return HeadParse::Incomplete;
    }
    std::string_view line = data.substr(0, lf);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    StatusLine st;
    if (line.find('\0') != std::string_view::npos || !parse_status_line(line, st)) return HeadParse::Invalid;
    size_t pos = lf + 1;
    std::vector<Header> parsed;
    HeadParse r = parse_fields(data, pos, parsed);
    if (r != HeadParse::Done) return r;
    for (Header& h : parsed) out.append(h.name, h.value);
    out.status = std::move(st);
    if (consumed) *consumed = pos;
    return HeadParse::Done;
}

HeadParse parse_header_lines(std::string_view data, HeaderStore& out, size_t* consumed)
{
    size_t pos = 0;
    std::vector<Header> parsed;
    HeadParse r = parse_fields(data, pos, parsed);
    if (r != HeadParse::Done) return r;
    for (Header& h : parsed) out.append(h.name, h.value);
    if (consumed) *consumed = pos;
    return HeadParse::Done;
}

namespace {

// WINHTTP_QUERY_* attribute -> header name; the holes are attributes that are not headers.
constexpr const char16_t* kQueryNames[] = {
    u"Mime-Version",              // 0  WINHTTP_QUERY_MIME_VERSION
    u"Content-Type",              // 1  WINHTTP_QUERY_CONTENT_TYPE
    u"Content-Transfer-Encoding", // 2  WINHTTP_QUERY_CONTENT_TRANSFER_ENCODING
    u"Content-ID",                // 3  WINHTTP_QUERY_CONTENT_ID
    u"Content-Description",       // 4  WINHTTP_QUERY_CONTENT_DESCRIPTION
    u"Content-Length",            // 5  WINHTTP_QUERY_CONTENT_LENGTH
    u"Content-Language",          // 6  WINHTTP_QUERY_CONTENT_LANGUAGE
    u"Allow",                     // 7  WINHTTP_QUERY_ALLOW
    u"Public",                    // 8  WINHTTP_QUERY_PUBLIC
    u"Date",                      // 9  WINHTTP_QUERY_DATE
    u"Expires",                   // 10 WINHTTP_QUERY_EXPIRES
    u"Last-Modified",             // 11 WINHTTP_QUERY_LAST_MODIFIED
    u"Message-ID",                // 12 WINHTTP_QUERY_MESSAGE_ID
    u"URI",                       // 13 WINHTTP_QUERY_URI (request heads answer the request target)
    u"Derived-From",              // 14 WINHTTP_QUERY_DERIVED_FROM
    u"Cost",                      // 15 WINHTTP_QUERY_COST
    u"Link",                      // 16 WINHTTP_QUERY_LINK
    u"Pragma",                    // 17 WINHTTP_QUERY_PRAGMA
    nullptr,                      // 18 WINHTTP_QUERY_VERSION
    nullptr,                      // 19 WINHTTP_QUERY_STATUS_CODE
    nullptr,                      // 20 WINHTTP_QUERY_STATUS_TEXT
    nullptr,                      // 21 WINHTTP_QUERY_RAW_HEADERS
    nullptr,                      // 22 WINHTTP_QUERY_RAW_HEADERS_CRLF
    u"Connection",                // 23 WINHTTP_QUERY_CONNECTION
    u"Accept",                    // 24 WINHTTP_QUERY_ACCEPT
    u"Accept-Charset",            // 25 WINHTTP_QUERY_ACCEPT_CHARSET
    u"Accept-Encoding",           // 26 WINHTTP_QUERY_ACCEPT_ENCODING
    u"Accept-Language",           // 27 WINHTTP_QUERY_ACCEPT_LANGUAGE
    u"Authorization",             // 28 WINHTTP_QUERY_AUTHORIZATION
    u"Content-Encoding",          // 29 WINHTTP_QUERY_CONTENT_ENCODING
    u"Forwarded",                 // 30 WINHTTP_QUERY_FORWARDED
    u"From",                      // 31 WINHTTP_QUERY_FROM
    u"If-Modified-Since",         // 32 WINHTTP_QUERY_IF_MODIFIED_SINCE
    u"Location",                  // 33 WINHTTP_QUERY_LOCATION
    u"Orig-URI",                  // 34 WINHTTP_QUERY_ORIG_URI
    u"Referer",                   // 35 WINHTTP_QUERY_REFERER
    u"Retry-After",               // 36 WINHTTP_QUERY_RETRY_AFTER
    u"Server",                    // 37 WINHTTP_QUERY_SERVER
    u"Title",                     // 38 WINHTTP_QUERY_TITLE
    u"User-Agent",                // 39 WINHTTP_QUERY_USER_AGENT
    u"WWW-Authenticate",          // 40 WINHTTP_QUERY_WWW_AUTHENTICATE
    u"Proxy-Authenticate",        // 41 WINHTTP_QUERY_PROXY_AUTHENTICATE
    u"Accept-Ranges",             // 42 WINHTTP_QUERY_ACCEPT_RANGES
    u"Set-Cookie",                // 43 WINHTTP_QUERY_SET_COOKIE
    u"Cookie",                    // 44 WINHTTP_QUERY_COOKIE
    nullptr,                      // 45 WINHTTP_QUERY_REQUEST_METHOD
    u"Refresh",                   // 46 WINHTTP_QUERY_REFRESH
    u"Content-Disposition",       // 47 WINHTTP_QUERY_CONTENT_DISPOSITION
    u"Age",                       // 48 WINHTTP_QUERY_AGE
    u"Cache-Control",             // 49 WINHTTP_QUERY_CACHE_CONTROL
    u"Content-Base",              // 50 WINHTTP_QUERY_CONTENT_BASE
    u"Content-Location",          // 51 WINHTTP_QUERY_CONTENT_LOCATION
    u"Content-MD5",               // 52 WINHTTP_QUERY_CONTENT_MD5
    u"Content-Range",             // 53 WINHTTP_QUERY_CONTENT_RANGE
    u"ETag",                      // 54 WINHTTP_QUERY_ETAG
    u"Host",                      // 55 WINHTTP_QUERY_HOST
    u"If-Match",                  // 56 WINHTTP_QUERY_IF_MATCH
    u"If-None-Match",             // 57 WINHTTP_QUERY_IF_NONE_MATCH
    u"If-Range",                  // 58 WINHTTP_QUERY_IF_RANGE
    u"If-Unmodified-Since",       // 59 WINHTTP_QUERY_IF_UNMODIFIED_SINCE
    u"Max-Forwards",              // 60 WINHTTP_QUERY_MAX_FORWARDS
    u"Proxy-Authorization",       // 61 WINHTTP_QUERY_PROXY_AUTHORIZATION
    u"Range",                     // 62 WINHTTP_QUERY_RANGE
    u"Transfer-Encoding",         // 63 WINHTTP_QUERY_TRANSFER_ENCODING
    u"Upgrade",                   // 64 WINHTTP_QUERY_UPGRADE
    u"Vary",                      // 65 WINHTTP_QUERY_VARY
    u"Via",                       // 66 WINHTTP_QUERY_VIA
    u"Warning",                   // 67 WINHTTP_QUERY_WARNING
    u"Expect",                    // 68 WINHTTP_QUERY_EXPECT
    u"Proxy-Connection",          // 69 WINHTTP_QUERY_PROXY_CONNECTION
    u"Unless-Modified-Since",     // 70 WINHTTP_QUERY_UNLESS_MODIFIED_SINCE
    nullptr,                      // 71 (wininet's echo attributes; none in WinHTTP)
    nullptr,                      // 72
    nullptr,                      // 73
    nullptr,                      // 74
    u"Proxy-Support",             // 75 WINHTTP_QUERY_PROXY_SUPPORT
    u"Authentication-Info",       // 76 WINHTTP_QUERY_AUTHENTICATION_INFO
    u"PassportURLs",              // 77 WINHTTP_QUERY_PASSPORT_URLS
    u"PassportConfig",            // 78 WINHTTP_QUERY_PASSPORT_CONFIG
};
static_assert(sizeof kQueryNames / sizeof kQueryNames[0] == WINHTTP_QUERY_MAX + 1);

} // namespace

u16view query_header_name(DWORD attribute)
{
    if (attribute >= sizeof kQueryNames / sizeof kQueryNames[0] || !kQueryNames[attribute]) return {};
    return u16view(kQueryNames[attribute]);
}

} // namespace winhttp
