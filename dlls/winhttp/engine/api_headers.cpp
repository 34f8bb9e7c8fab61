// WinHttpAddRequestHeaders(Ex) and WinHttpQueryHeaders(Ex). Queries read a "message head": the
// request's own (request line from verb/path/version plus request_headers) or the response's
// (response_headers with its status line); both go through the same functions, so a response
// only needs response_headers filled and its status line stored to be queryable.
#include "engine/api.h"
#include "engine/headers.h"
#include "engine/objects.h"
#include <cstring>
#include <new>
#include <vector>

// Names newer than some SDK headers (winhttp.h of Windows 10 build 20348 and later).
#ifndef WINHTTP_QUERY_FLAG_TRAILERS
#define WINHTTP_QUERY_FLAG_TRAILERS 0x02000000
#endif
#ifndef WINHTTP_QUERY_FLAG_WIRE_ENCODING
#define WINHTTP_QUERY_FLAG_WIRE_ENCODING 0x01000000
#endif
#ifndef WINHTTP_QUERY_EX_ALL_HEADERS
#define WINHTTP_QUERY_EX_ALL_HEADERS WINHTTP_QUERY_RAW_HEADERS
#endif
#ifndef WINHTTP_EXTENDED_HEADER_FLAG_UNICODE
#define WINHTTP_EXTENDED_HEADER_FLAG_UNICODE 0x1
#endif

namespace winhttp::api {

namespace {

constexpr DWORD kFormatFlags = WINHTTP_QUERY_FLAG_NUMBER | WINHTTP_QUERY_FLAG_NUMBER64 | WINHTTP_QUERY_FLAG_SYSTEMTIME;
constexpr DWORD kQueryModifiers = WINHTTP_QUERY_FLAG_REQUEST_HEADERS | WINHTTP_QUERY_FLAG_TRAILERS | kFormatFlags;
constexpr DWORD kQueryExModifiers = kQueryModifiers | WINHTTP_QUERY_FLAG_WIRE_ENCODING;
constexpr UINT kCpUtf8 = 65001;

// One message head as the query code sees it.
struct Head {
    const HeaderStore* store = nullptr;
    bool request = false;   // request line + request headers; otherwise a response
    u16view verb;           // the request's verb (WINHTTP_QUERY_REQUEST_METHOD on either head)
    u16view target;         // request heads: the request target
    u16view version;        // request heads: the version of the request line
    bool trailers = false;  // a chunked response's trailer section: header lines only
};

Head request_head(const Request& r)
{
    // Once sent, the headers that went on the wire (with Host, User-Agent, Content-Length...),
    // until the application changes them for the next send.
    return Head{r.headers_sent ? &r.sent_headers : &r.request_headers, true, r.verb, r.path, r.version};
}

Head response_head(const Request& r)
{
    return Head{&r.response_headers, false, r.verb, {}, {}};
}

u16string head_text(const Head& h)
{
    if (h.trailers) return h.store->lines(u"\r\n") + u"\r\n";
    return h.request ? build_request_head(h.verb, h.target, h.version, *h.store)
                     : build_response_head(*h.store);
}

// WINHTTP_QUERY_RAW_HEADERS: the CRLF text with every line break turned into a NUL, so the
// list ends with two NULs. Success reports the length without the last NUL, as for strings.
DWORD copy_out_raw(u16view crlf_text, void* buf, DWORD* len)
{
    u16string out;
    out.reserve(crlf_text.size());
    for (size_t i = 0; i < crlf_text.size(); i++) {
        if (crlf_text[i] == u'\r' && i + 1 < crlf_text.size() && crlf_text[i + 1] == u'\n') {
            out += u'\0';
            i++;
        } else {
            out += crlf_text[i];
        }
    }
    size_t need = out.size() * sizeof(char16_t);
    if (!buf || *len < need) {
        *len = static_cast<DWORD>(need);
        return ERROR_INSUFFICIENT_BUFFER;
    }
    std::memcpy(buf, out.data(), need);
    *len = static_cast<DWORD>(need - (need ? sizeof(char16_t) : 0));
    return ERROR_SUCCESS;
}

// Leading blanks, an optional sign, decimal digits; saturates on overflow (wcstoul's rules,
// which is what Wine's tests see Windows agree with for well-formed numbers).
template <class T> T parse_number(u16view s)
{
    size_t i = 0;
    while (i < s.size() && (s[i] == u' ' || s[i] == u'\t')) i++;
    bool neg = false;
    if (i < s.size() && (s[i] == u'+' || s[i] == u'-')) neg = s[i++] == u'-';
    T n = 0;
    bool overflow = false;
    for (; i < s.size() && s[i] >= u'0' && s[i] <= u'9'; i++) {
        T d = static_cast<T>(s[i] - u'0');
        if (n > (static_cast<T>(-1) - d) / 10) overflow = true;
        n = static_cast<T>(n * 10 + d);
    }
    if (overflow) return static_cast<T>(-1);
    return neg ? static_cast<T>(T(0) - n) : n;
}

template <class T> DWORD copy_out_fixed(const T& v, void* buf, DWORD* len)
{
    if (!buf || *len < sizeof(T)) {
        *len = sizeof(T);
        return ERROR_INSUFFICIENT_BUFFER;
    }
    std::memcpy(buf, &v, sizeof(T));
    *len = sizeof(T);
    return ERROR_SUCCESS;
}

// Hands one value out as a string, a DWORD, a ULONGLONG or a SYSTEMTIME. When several format
// flags are given, NUMBER wins over NUMBER64, which wins over SYSTEMTIME (Wine's order).
DWORD copy_out_value(u16view value, DWORD level, void* buf, DWORD* len)
{
    if (level & WINHTTP_QUERY_FLAG_NUMBER) return copy_out_fixed(parse_number<DWORD>(value), buf, len);
    if (level & WINHTTP_QUERY_FLAG_NUMBER64) return copy_out_fixed(parse_number<ULONGLONG>(value), buf, len);
    if (level & WINHTTP_QUERY_FLAG_SYSTEMTIME) {
        if (!buf || *len < sizeof(SYSTEMTIME)) {
            *len = sizeof(SYSTEMTIME);
            return ERROR_INSUFFICIENT_BUFFER;
        }
        // The same reading as WinHttpTimeToSystemTime (what Wine calls here too): lenient,
        // fields the value lacks come from the current time, and it does not fail.
        SYSTEMTIME st = {};
        Call inner;
        u16string text(value);
        TimeToSystemTime(inner, text.c_str(), &st);
        return copy_out_fixed(st, buf, len);
    }
    return copy_out_wstr(value, buf, len);
}

// The core of WinHttpQueryHeaders on one head.
DWORD query_head(const Head& h, DWORD level, LPCWSTR name, void* buf, DWORD* len, DWORD* index)
{
    DWORD attr = level & ~kQueryModifiers;
    u16view header;   // the header to look up, when the attribute is one
    switch (attr) {
    case WINHTTP_QUERY_RAW_HEADERS:
        return copy_out_raw(head_text(h), buf, len);
    case WINHTTP_QUERY_RAW_HEADERS_CRLF:
        return copy_out_wstr(head_text(h), buf, len);
    case WINHTTP_QUERY_REQUEST_METHOD:
        return copy_out_value(h.verb, level, buf, len);
    case WINHTTP_QUERY_VERSION:
        if (h.trailers) return ERROR_WINHTTP_HEADER_NOT_FOUND;
        return copy_out_value(h.request ? h.version : u16view(h.store->status.version), level, buf, len);
    case WINHTTP_QUERY_STATUS_CODE:
        if (h.request || h.trailers) return ERROR_WINHTTP_HEADER_NOT_FOUND;
        return copy_out_value(h.store->status.code, level, buf, len);
    case WINHTTP_QUERY_STATUS_TEXT:
        if (h.request || h.trailers) return ERROR_WINHTTP_HEADER_NOT_FOUND;
        return copy_out_value(h.store->status.reason, level, buf, len);
    case WINHTTP_QUERY_URI:
        // The request's URI is its request target; a response can only carry a URI header.
        if (h.request) return copy_out_value(h.target, level, buf, len);
        header = query_header_name(attr);
        break;
    case WINHTTP_QUERY_CUSTOM:
        if (!name) return ERROR_INVALID_PARAMETER;
        header = u16v(name);
        break;
    default:
        if (attr > WINHTTP_QUERY_MAX) return ERROR_INVALID_PARAMETER;
        header = query_header_name(attr);
        if (header.empty()) return ERROR_WINHTTP_HEADER_NOT_FOUND;
        break;
    }
    const u16string* v = h.store->get(header, index ? *index : 0);
    if (!v) return ERROR_WINHTTP_HEADER_NOT_FOUND;
    DWORD e = copy_out_value(*v, level, buf, len);
    if (e == ERROR_SUCCESS && index) ++*index;
    return e;
}

// Checks shared by both query functions: which head the level asks for, or an error.
// The caller holds the request's lock.
DWORD select_head(const Request& r, DWORD level, Head& out)
{
    if ((level & WINHTTP_QUERY_FLAG_REQUEST_HEADERS) && (level & WINHTTP_QUERY_FLAG_TRAILERS))
        return ERROR_INVALID_PARAMETER;
    if (level & WINHTTP_QUERY_FLAG_REQUEST_HEADERS) {
        out = request_head(r);
        return ERROR_SUCCESS;
    }
    // The verb is known before anything is sent, so it alone may be asked without the flag
    // (Wine's WinHttpQueryHeaders makes the same exception).
    bool method = (level & ~kQueryExModifiers) == WINHTTP_QUERY_REQUEST_METHOD;
    if (level & WINHTTP_QUERY_FLAG_TRAILERS) {
        // Trailers exist once the body was read to its end (WinHttpQueryHeadersEx page).
        if (!r.trailers_ready) return ERROR_WINHTTP_INCORRECT_HANDLE_STATE;
        out = Head{&r.response_trailers, false, r.verb, {}, {}, true};
        return ERROR_SUCCESS;
    }
    if (r.state < RequestState::ResponseReceived && !method) return ERROR_WINHTTP_INCORRECT_HANDLE_STATE;
    out = response_head(r);
    return ERROR_SUCCESS;
}

// A header name or value as the Ex functions hand it out.
struct ExString {
    std::string narrow;     // WINHTTP_QUERY_FLAG_WIRE_ENCODING
    u16string wide;
};

ExString ex_string(u16view s, bool wire, bool response, UINT codepage)
{
    ExString out;
    if (wire) {
        out.narrow = wire_bytes(s);
    } else if (response && codepage == kCpUtf8) {
        // Response strings hold the wire bytes one per code unit; decode them as asked.
        out.wide = from_utf8(narrow(s));
    } else {
        out.wide = u16string(s);
    }
    return out;
}

void put_ptr(void* slot, const void* p) { std::memcpy(slot, &p, sizeof p); }

DWORD query_head_ex(const Head& h, DWORD level, DWORD* index, PWINHTTP_HEADER_NAME hname, UINT codepage,
                    void* buf, DWORD* len, PWINHTTP_EXTENDED_HEADER* headers, DWORD* count)
{
    bool wire = (level & WINHTTP_QUERY_FLAG_WIRE_ENCODING) != 0;
    DWORD attr = level & ~kQueryExModifiers;
    std::vector<const Header*> picked;
    if (attr == WINHTTP_QUERY_EX_ALL_HEADERS) {
        for (const Header& x : h.store->items()) picked.push_back(&x);
    } else {
        u16string name;
        if (attr == WINHTTP_QUERY_CUSTOM) {
            if (!hname) return ERROR_INVALID_PARAMETER;
            if (wire) {
                if (!hname->pszName) return ERROR_INVALID_PARAMETER;
                name = widen(hname->pszName);
            } else {
                if (!hname->pwszName) return ERROR_INVALID_PARAMETER;
                name = hname->pwszName;
            }
        } else {
            if (attr > WINHTTP_QUERY_MAX) return ERROR_INVALID_PARAMETER;
            name = u16string(query_header_name(attr));
            if (name.empty()) return ERROR_WINHTTP_HEADER_NOT_FOUND;
        }
        size_t i = h.store->find(name, index ? *index : 0);
        if (i == HeaderStore::npos) return ERROR_WINHTTP_HEADER_NOT_FOUND;
        picked.push_back(&(*h.store)[i]);
    }

    std::vector<ExString> strings;
    size_t need = picked.size() * sizeof(WINHTTP_EXTENDED_HEADER);
    for (const Header* x : picked) {
        for (u16view s : {u16view(x->name), u16view(x->value)}) {
            strings.push_back(ex_string(s, wire, !h.request, codepage));
            need += wire ? strings.back().narrow.size() + 1 : (strings.back().wide.size() + 1) * sizeof(char16_t);
        }
    }
    if (need > 0xFFFFFFFFu) return ERROR_NOT_ENOUGH_MEMORY;
    if (!buf || *len < need) {
        *len = static_cast<DWORD>(need);
        return ERROR_INSUFFICIENT_BUFFER;
    }
    auto* base = static_cast<unsigned char*>(buf);
    unsigned char* text = base + picked.size() * sizeof(WINHTTP_EXTENDED_HEADER);
    for (size_t k = 0; k < strings.size(); k++) {
        // Entry k/2; its name pointer first, then its value pointer.
        void* slot = base + (k / 2) * sizeof(WINHTTP_EXTENDED_HEADER) + (k % 2) * sizeof(void*);
        put_ptr(slot, text);
        if (wire) {
            std::memcpy(text, strings[k].narrow.c_str(), strings[k].narrow.size() + 1);
            text += strings[k].narrow.size() + 1;
        } else {
            size_t bytes = (strings[k].wide.size() + 1) * sizeof(char16_t);
            std::memcpy(text, strings[k].wide.c_str(), bytes);
            text += bytes;
        }
    }
    *len = static_cast<DWORD>(need);
    if (headers) *headers = picked.empty() ? nullptr : reinterpret_cast<PWINHTTP_EXTENDED_HEADER>(buf);
    *count = static_cast<DWORD>(picked.size());
    if (attr != WINHTTP_QUERY_EX_ALL_HEADERS && index) ++*index;
    return ERROR_SUCCESS;
}

} // namespace

BOOL AddRequestHeaders(Call& c, HINTERNET request, LPCWSTR headers, DWORD length, DWORD modifiers)
{
    // Checked before the handle, as Windows does (Wine's test_WinHttpAddHeaders).
    if (!headers || !length) return c.fail(ERROR_INVALID_PARAMETER);
    Ref<Request> r = get_typed<Request>(c, request);
    if (!r) return FALSE;
    try {
        u16view block(headers, length == ~DWORD(0) ? u16len(headers) : length);
        // An empty string given with -1 adds nothing and succeeds (what Wine does, and its
        // tests pass on Windows); an explicit length over no header line is invalid.
        if (block.empty()) return TRUE;
        std::lock_guard<std::mutex> g(r->lock);
        DWORD e = r->request_headers.add_block(block, modifiers);
        if (e != ERROR_SUCCESS) return c.fail(e);
        r->headers_sent = false;
        return TRUE;
    } catch (const std::bad_alloc&) {
        return c.fail(ERROR_NOT_ENOUGH_MEMORY);
    }
}

DWORD AddRequestHeadersEx(Call& c, HINTERNET request, DWORD modifiers, ULONGLONG flags, ULONGLONG extra,
                          DWORD count, WINHTTP_EXTENDED_HEADER* headers)
{
    if ((flags & ~ULONGLONG(WINHTTP_EXTENDED_HEADER_FLAG_UNICODE)) || extra || !count || !headers)
        return c.error = ERROR_INVALID_PARAMETER;
    Ref<Request> r = get_typed<Request>(c, request);
    if (!r) return c.error;
    bool unicode = (flags & WINHTTP_EXTENDED_HEADER_FLAG_UNICODE) != 0;
    try {
        std::lock_guard<std::mutex> g(r->lock);
        r->headers_sent = false;
        for (DWORD i = 0; i < count; i++) {
            u16string name, value;
            if (unicode) {
                if (!headers[i].pwszName) return c.error = ERROR_INVALID_PARAMETER;
                name = headers[i].pwszName;
                if (headers[i].pwszValue) value = headers[i].pwszValue;
            } else {
                // Narrow strings are wire bytes: kept one byte per code unit.
                if (!headers[i].pszName) return c.error = ERROR_INVALID_PARAMETER;
                name = widen(headers[i].pszName);
                if (headers[i].pszValue) value = widen(headers[i].pszValue);
            }
            u16view v = trim(value);
            if (!valid_header_name(name) || !valid_header_value(v)) return c.error = ERROR_WINHTTP_INVALID_HEADER;
            DWORD e = r->request_headers.apply(name, v, modifiers);
            if (e != ERROR_SUCCESS) return c.error = e;
        }
        return ERROR_SUCCESS;
    } catch (const std::bad_alloc&) {
        return c.error = ERROR_NOT_ENOUGH_MEMORY;
    }
}

BOOL QueryHeaders(Call& c, HINTERNET request, DWORD info_level, LPCWSTR name, LPVOID buffer,
                  LPDWORD buffer_length, LPDWORD index)
{
    Ref<Request> r = get_typed<Request>(c, request);
    if (!r) return FALSE;
    if (!buffer_length) return c.fail(ERROR_INVALID_PARAMETER);
    try {
        std::lock_guard<std::mutex> g(r->lock);
        Head h;
        DWORD e = select_head(*r, info_level, h);
        if (e == ERROR_SUCCESS) e = query_head(h, info_level, name, buffer, buffer_length, index);
        if (e != ERROR_SUCCESS) return c.fail(e);
        return TRUE;
    } catch (const std::bad_alloc&) {
        return c.fail(ERROR_NOT_ENOUGH_MEMORY);
    }
}

DWORD QueryHeadersEx(Call& c, HINTERNET request, DWORD info_level, ULONGLONG flags, UINT codepage,
                     PDWORD index, PWINHTTP_HEADER_NAME name, PVOID buffer, PDWORD buffer_length,
                     PWINHTTP_EXTENDED_HEADER* headers, PDWORD header_count)
{
    Ref<Request> r = get_typed<Request>(c, request);
    if (!r) return c.error;
    DWORD attr = info_level & ~kQueryExModifiers;
    // The formats and pseudo-headers of WinHttpQueryHeaders have no place in name/value pairs
    // (WinHttpQueryHeadersEx page).
    if (flags || !buffer_length || !header_count || (info_level & kFormatFlags) ||
        attr == WINHTTP_QUERY_VERSION || attr == WINHTTP_QUERY_STATUS_CODE ||
        attr == WINHTTP_QUERY_STATUS_TEXT || attr == WINHTTP_QUERY_RAW_HEADERS_CRLF)
        return c.error = ERROR_INVALID_PARAMETER;
    try {
        std::lock_guard<std::mutex> g(r->lock);
        Head h;
        DWORD e = select_head(*r, info_level, h);
        if (e == ERROR_SUCCESS)
            e = query_head_ex(h, info_level, index, name, codepage, buffer, buffer_length, headers, header_count);
        return c.error = e;
    } catch (const std::bad_alloc&) {
        return c.error = ERROR_NOT_ENOUGH_MEMORY;
    }
}

} // namespace winhttp::api
