// URLs: parsing and escaping helpers, and the WinHttpCrackUrl / WinHttpCreateUrl entry points.
// Behaviour where the reference pages are silent follows what Windows is known to do (Wine's
// winhttp url tests pin it); each such choice carries a one-line note.
#include "engine/url.h"
#include "engine/api.h"
#include <cstring>
#include <new>
#include <string>

namespace winhttp {

namespace {

constexpr DWORD kTransformFlags = ICU_DECODE | ICU_ESCAPE;

bool is_hex(char16_t c)
{
    return (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f') || (c >= u'A' && c <= u'F');
}

int hex_val(char16_t c)
{
    if (c >= u'0' && c <= u'9') return c - u'0';
    if (c >= u'a' && c <= u'f') return c - u'a' + 10;
    return c - u'A' + 10;
}

const char kHex[] = "0123456789ABCDEF";

// Contents of an IPv6 literal between the brackets: hex digits, ':' and '.', with at least one
// ':', optionally followed by a zone ("%eth0" or "%25eth0").
bool valid_ipv6_literal(u16view s)
{
    size_t zone = s.find(u'%');
    u16view addr = s.substr(0, zone);
    if (addr.empty() || addr.find(u':') == u16view::npos) return false;
    for (char16_t c : addr)
        if (!is_hex(c) && c != u':' && c != u'.') return false;
    if (zone != u16view::npos) {
        u16view z = s.substr(zone + 1);
        if (z.empty()) return false;
        for (char16_t c : z) {
            bool ok = (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') ||
                      c == u'-' || c == u'.' || c == u'_' || c == u'~' || c == u'%';
            if (!ok) return false;
        }
    }
    return true;
}

UrlSpan span(size_t pos, size_t len) { return UrlSpan{uint32_t(pos), uint32_t(len), true}; }

} // namespace

INTERNET_PORT default_port(INTERNET_SCHEME scheme)
{
    if (scheme == INTERNET_SCHEME_HTTP) return INTERNET_DEFAULT_HTTP_PORT;
    if (scheme == INTERNET_SCHEME_HTTPS) return INTERNET_DEFAULT_HTTPS_PORT;
    return 0;
}

INTERNET_SCHEME scheme_from_name(u16view name)
{
    if (ieq(name, u"http")) return INTERNET_SCHEME_HTTP;
    if (ieq(name, u"https")) return INTERNET_SCHEME_HTTPS;
    return 0;
}

u16view ParsedUrl::host_name() const
{
    u16view h = view(host);
    if (ipv6_literal && h.size() >= 2) return h.substr(1, h.size() - 2);
    return h;
}

u16string ParsedUrl::object() const
{
    u16string out(view(path));
    if (out.empty()) out = u"/";
    out += view(extra);
    return out;
}

DWORD parse_url(u16view url, ParsedUrl& out, DWORD flags)
{
    ParsedUrl p;
    p.src = url;
    if (url.size() > 0xFFFFFFF0u) return ERROR_WINHTTP_INVALID_URL;

    // A URL without ':' has no scheme at all (Wine's tests: "", "www", "http").
    size_t colon = url.find(u':');
    if (colon == u16view::npos) return ERROR_WINHTTP_UNRECOGNIZED_SCHEME;
    p.scheme = scheme_from_name(url.substr(0, colon));
    if (!p.scheme) return ERROR_WINHTTP_UNRECOGNIZED_SCHEME;
    p.scheme_name = span(0, colon);

    size_t i = colon + 1;
    // "http:host" and "http:/host" are not URLs WinHTTP can use.
    if (url.size() - i < 2 || url[i] != u'/' || url[i + 1] != u'/') return ERROR_WINHTTP_INVALID_URL;
    i += 2;

    // The authority runs to the first '/'; '?' and '#' before it stay in the host name, as
    // Windows does for "http://winehq?" (Wine's tests: path and extra info at the very end).
    size_t auth_end = url.find(u'/', i);
    if (auth_end == u16view::npos) auth_end = url.size();
    u16view auth = url.substr(i, auth_end - i);
    if (auth.empty()) return ERROR_WINHTTP_INVALID_URL;

    size_t hp = i;
    size_t at = auth.rfind(u'@');
    if (at != u16view::npos) {
        if (flags & ICU_REJECT_USERPWD) return ERROR_WINHTTP_INVALID_URL;
        u16view ui = auth.substr(0, at);
        size_t c = ui.find(u':');
        if (c != u16view::npos) {
            p.user = span(i, c);
            p.password = span(i + c + 1, at - c - 1);
        } else {
            p.user = span(i, at);
        }
        hp = i + at + 1;
    }

    u16view hpv = url.substr(hp, auth_end - hp);
    size_t host_len;
    u16view rest;
    if (!hpv.empty() && hpv[0] == u'[') {
        size_t rb = hpv.find(u']');
        if (rb == u16view::npos || !valid_ipv6_literal(hpv.substr(1, rb - 1))) return ERROR_WINHTTP_INVALID_URL;
        host_len = rb + 1;
        rest = hpv.substr(host_len);
        if (!rest.empty() && rest[0] != u':') return ERROR_WINHTTP_INVALID_URL;
        p.ipv6_literal = true;
    } else {
        size_t c = hpv.find(u':');
        host_len = c == u16view::npos ? hpv.size() : c;
        rest = hpv.substr(host_len);
    }
    if (host_len == 0) return ERROR_WINHTTP_INVALID_URL;
    p.host = span(hp, host_len);

    p.port = default_port(p.scheme);
    if (!rest.empty()) {
        u16view digits = rest.substr(1);
        // An empty port ("host:") means the scheme's default, as for URLs in general.
        if (!digits.empty()) {
            uint32_t port = 0;
            for (char16_t c : digits) {
                if (c < u'0' || c > u'9') return ERROR_WINHTTP_INVALID_URL;
                port = port * 10 + (c - u'0');
                if (port > 65535) return ERROR_WINHTTP_INVALID_URL;  // Wine's tests: ":65536" fails
            }
            p.port = INTERNET_PORT(port);
            p.port_explicit = true;
        }
    }

    if (auth_end < url.size()) {
        size_t q = url.find_first_of(u"?#", auth_end);
        if (q == u16view::npos) q = url.size();
        p.path = span(auth_end, q - auth_end);
        p.extra = span(q, url.size() - q);
    } else {
        p.path = span(url.size(), 0);
        p.extra = span(url.size(), 0);
    }
    out = p;
    return ERROR_SUCCESS;
}

bool icu_needs_escape(char16_t c)
{
    if (c <= 0x1F || c >= 0x7F) return true;
    for (const char* p = " \"#%<>[\\]^`{|}~"; *p; p++)
        if (c == char16_t(*p)) return true;
    return false;
}

u16string icu_escape(u16view s, bool keep_hash)
{
    u16string out;
    out.reserve(s.size());
    auto put = [&out](unsigned char b) {
        out += u'%';
        out += char16_t(kHex[b >> 4]);
        out += char16_t(kHex[b & 15]);
    };
    for (size_t i = 0; i < s.size(); i++) {
        char16_t c = s[i];
        if (c == u'#' && keep_hash) { out += c; continue; }
        if (!icu_needs_escape(c)) { out += c; continue; }
        if (c < 0x80) { put(static_cast<unsigned char>(c)); continue; }
        // Non-ASCII: the UTF-8 bytes of the character (or surrogate pair), each escaped.
        size_t n = (c >= 0xD800 && c < 0xDC00 && i + 1 < s.size() && s[i + 1] >= 0xDC00 && s[i + 1] < 0xE000) ? 2 : 1;
        for (unsigned char b : to_utf8(s.substr(i, n))) put(b);
        i += n - 1;
    }
    return out;
}

u16string icu_decode(u16view s)
{
    u16string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size(); i++) {
        if (s[i] == u'%' && i + 2 < s.size() && is_hex(s[i + 1]) && is_hex(s[i + 2])) {
            out += char16_t(hex_val(s[i + 1]) * 16 + hex_val(s[i + 2]));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

std::string percent_escape(std::string_view bytes, unsigned bits)
{
    std::string out;
    out.reserve(bytes.size());
    for (char ch : bytes) {
        unsigned char b = static_cast<unsigned char>(ch);
        bool esc = false;
        if ((bits & ESC_CONTROL) && (b < 0x20 || b == 0x7F)) esc = true;
        else if ((bits & ESC_SPACE) && b == ' ') esc = true;
        else if ((bits & ESC_HIGH) && b >= 0x80) esc = true;
        else if ((bits & ESC_PERCENT) && b == '%') esc = true;
        else if ((bits & ESC_HASH) && b == '#') esc = true;
        else if ((bits & ESC_TILDE) && b == '~') esc = true;
        else if ((bits & ESC_UNSAFE) && b && std::strchr("\"<>[\\]^`{|}", b)) esc = true;
        if (esc) {
            out += '%';
            out += kHex[b >> 4];
            out += kHex[b & 15];
        } else {
            out += ch;
        }
    }
    return out;
}

std::string percent_decode(std::string_view s)
{
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size(); i++) {
        if (s[i] == '%' && i + 2 < s.size() && is_hex(char16_t(s[i + 1])) && is_hex(char16_t(s[i + 2]))) {
            out += char(hex_val(char16_t(s[i + 1])) * 16 + hex_val(char16_t(s[i + 2])));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

// ---------------------------------------------------------------- WinHttpCrackUrl

namespace {

struct Component {
    LPWSTR* str;
    DWORD* len;
    const UrlSpan* span;
    bool transform;        // its text goes through ICU_DECODE / ICU_ESCAPE
};

} // namespace

namespace api {

BOOL CrackUrl(Call& c, LPCWSTR url, DWORD url_length, DWORD flags, LPURL_COMPONENTS uc)
{
    try {
        if (!url || !uc || uc->dwStructSize != sizeof(URL_COMPONENTS)) return c.fail(ERROR_INVALID_PARAMETER);
        // A buffer with a zero length can hold nothing, not even the terminator (Wine's checks).
        if ((uc->lpszScheme && !uc->dwSchemeLength) || (uc->lpszHostName && !uc->dwHostNameLength) ||
            (uc->lpszUserName && !uc->dwUserNameLength) || (uc->lpszPassword && !uc->dwPasswordLength) ||
            (uc->lpszUrlPath && !uc->dwUrlPathLength) || (uc->lpszExtraInfo && !uc->dwExtraInfoLength))
            return c.fail(ERROR_INVALID_PARAMETER);

        size_t len = url_length ? url_length : u16len(url);
        ParsedUrl p;
        if (DWORD err = parse_url(u16view(url, len), p, flags & ICU_REJECT_USERPWD)) return c.fail(err);

        // Without a wanted extra-info component the query stays in the path (reference page).
        UrlSpan path = p.path, extra = p.extra;
        if (!uc->dwExtraInfoLength) path.len += extra.len;

        bool escape = flags & ICU_ESCAPE;
        bool decode = !escape && (flags & ICU_DECODE);   // ICU_ESCAPE wins when both are given
        Component comps[] = {
            {&uc->lpszScheme, &uc->dwSchemeLength, &p.scheme_name, false},
            {&uc->lpszUserName, &uc->dwUserNameLength, &p.user, decode},
            {&uc->lpszPassword, &uc->dwPasswordLength, &p.password, decode},
            {&uc->lpszHostName, &uc->dwHostNameLength, &p.host, decode},
            {&uc->lpszUrlPath, &uc->dwUrlPathLength, &path, decode || escape},
            {&uc->lpszExtraInfo, &uc->dwExtraInfoLength, &extra, decode || escape},
        };

        // A transformed component cannot point into the caller's string: ICU_DECODE and
        // ICU_ESCAPE need buffers (reference page; Windows fails with ERROR_INVALID_PARAMETER).
        if (flags & kTransformFlags)
            for (const Component& k : comps)
                if (!*k.str && *k.len && k.span->present && k.span->len) return c.fail(ERROR_INVALID_PARAMETER);

        bool overflow = false;
        for (const Component& k : comps) {
            if (!*k.len) continue;                  // not wanted
            if (!*k.str) {                          // pointer into the URL
                if (!k.span->present) { *k.len = 0; continue; }   // absent: NULL, 0
                *k.str = const_cast<LPWSTR>(url) + k.span->pos;
                *k.len = k.span->len;
                continue;
            }
            u16string text;
            if (k.span->present) {
                u16view raw = p.view(*k.span);
                if (!k.transform) text.assign(raw);
                else if (escape) text = icu_escape(raw, true);
                else text = icu_decode(raw);
            }
            if (text.size() >= *k.len) {            // the terminator does not fit
                *k.len = DWORD(text.size() + 1);
                overflow = true;
                continue;
            }
            if (!text.empty()) std::memcpy(*k.str, text.data(), text.size() * sizeof(char16_t));
            (*k.str)[text.size()] = 0;
            *k.len = DWORD(text.size());
        }
        uc->nScheme = p.scheme;
        uc->nPort = p.port;
        if (overflow) return c.fail(ERROR_INSUFFICIENT_BUFFER);
        return TRUE;
    } catch (const std::bad_alloc&) {
        return c.fail(ERROR_NOT_ENOUGH_MEMORY);
    }
}

// ---------------------------------------------------------------- WinHttpCreateUrl

BOOL CreateUrl(Call& c, LPURL_COMPONENTS uc, DWORD flags, LPWSTR url, LPDWORD url_length)
{
    try {
        if (!uc || uc->dwStructSize != sizeof(URL_COMPONENTS) || !url_length) return c.fail(ERROR_INVALID_PARAMETER);

        auto comp = [](LPCWSTR s, DWORD len) { return s ? u16view(s, len ? len : u16len(s)) : u16view(); };
        u16view scheme_name = comp(uc->lpszScheme, uc->dwSchemeLength);
        u16view user = comp(uc->lpszUserName, uc->dwUserNameLength);
        u16view password = comp(uc->lpszPassword, uc->dwPasswordLength);
        u16view host = comp(uc->lpszHostName, uc->dwHostNameLength);
        u16view path = comp(uc->lpszUrlPath, uc->dwUrlPathLength);
        u16view extra = comp(uc->lpszExtraInfo, uc->dwExtraInfoLength);

        // A password needs a user name in front of it (Wine's tests: ERROR_INVALID_PARAMETER).
        if (uc->lpszPassword && !uc->lpszUserName) return c.fail(ERROR_INVALID_PARAMETER);
        if ((flags & ICU_REJECT_USERPWD) && (uc->lpszUserName || uc->lpszPassword))
            return c.fail(ERROR_WINHTTP_INVALID_URL);

        // lpszScheme has precedence over nScheme (Wine's tests); nScheme 0 means http.
        INTERNET_SCHEME scheme;
        if (uc->lpszScheme) {
            scheme = scheme_from_name(scheme_name);
        } else {
            scheme = uc->nScheme ? uc->nScheme : INTERNET_SCHEME_HTTP;
            if (scheme == INTERNET_SCHEME_HTTP) scheme_name = u"http";
            else if (scheme == INTERNET_SCHEME_HTTPS) scheme_name = u"https";
            else return c.fail(ERROR_INVALID_PARAMETER);
        }

        bool esc_auth = flags & ICU_ESCAPE_AUTHORITY;   // user name, password and host name too
        bool esc = flags & ICU_ESCAPE;
        // Text that is not escaped must fit in 8 bits: Windows fails a path or extra info with
        // U+FB00 in it unless ICU_ESCAPE is given (Wine's tests).
        auto narrow_ok = [](u16view s) {
            for (char16_t ch : s)
                if (ch > 0xFF) return false;
            return true;
        };
        if (!narrow_ok(scheme_name) || (!esc_auth && (!narrow_ok(user) || !narrow_ok(password) || !narrow_ok(host))) ||
            (!esc && (!narrow_ok(path) || !narrow_ok(extra))))
            return c.fail(ERROR_INVALID_PARAMETER);

        u16string out(scheme_name);
        out += u"://";   // always, even without a host name (Wine's tests: "http:///text=...")
        if (uc->lpszUserName) {
            out += esc_auth ? icu_escape(user) : u16string(user);
            if (uc->lpszPassword) {
                out += u':';
                out += esc_auth ? icu_escape(password) : u16string(password);
            }
            out += u'@';
        }
        if (uc->lpszHostName) {
            out += esc_auth ? icu_escape(host) : u16string(host);
            // The port appears unless it is the scheme's default; port 0 is written as ":0".
            if (!scheme || uc->nPort != default_port(scheme)) {
                out += u':';
                for (char ch : std::to_string(uc->nPort)) out += char16_t(ch);
            }
            if (uc->lpszUrlPath && (path.empty() || path[0] != u'/')) out += u'/';
        }
        if (uc->lpszUrlPath) out += esc ? icu_escape(path) : u16string(path);
        if (uc->lpszExtraInfo) out += esc ? icu_escape(extra) : u16string(extra);

        if (out.size() >= 0xFFFFFFFEu) return c.fail(ERROR_NOT_ENOUGH_MEMORY);
        DWORD need = DWORD(out.size());
        // Too small: the size needed including the terminator (Wine's tests: 57 for a 56-char URL).
        if (*url_length < need + 1) {
            *url_length = need + 1;
            return c.fail(ERROR_INSUFFICIENT_BUFFER);
        }
        // A large enough length with no buffer is a parameter error; the length stays (Wine's tests).
        if (!url) return c.fail(ERROR_INVALID_PARAMETER);
        std::memcpy(url, out.data(), out.size() * sizeof(char16_t));
        url[need] = 0;
        *url_length = need;   // success: characters written, without the terminator
        return TRUE;
    } catch (const std::bad_alloc&) {
        return c.fail(ERROR_NOT_ENOUGH_MEMORY);
    }
}

} // namespace api
} // namespace winhttp
