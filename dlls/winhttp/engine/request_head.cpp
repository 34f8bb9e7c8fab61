// The request head WinHttpSendRequest sends, its argument checks and the body framing that
// follows (see request_head.h). Where the reference pages leave the exact bytes open, the
// choices follow WinHTTP's observed traffic and Wine's tests; each carries a one-line note.
#include "engine/request_head.h"
#include "engine/auth.h"
#include "engine/url.h"
#include <new>

namespace winhttp {

namespace {

constexpr DWORD kCpUtf8 = 65001;
constexpr DWORD kCpLatin1 = 28591;
constexpr DWORD kCpWindows1252 = 1252;

// General headers lead the head, in this order, wherever they were added: WinHTTP traffic shows
// "Cache-Control", "Connection", "Pragma" ahead of Accept and the application's headers.
constexpr const char16_t* kGeneralHeaders[] = {
    u"Cache-Control", u"Connection", u"Date", u"Keep-Alive", u"Pragma",
    u"Trailer", u"Transfer-Encoding", u"Upgrade", u"Via", u"Warning",
};

bool is_general(u16view name)
{
    for (const char16_t* g : kGeneralHeaders)
        if (ieq(name, g)) return true;
    return false;
}

// Windows-1252's characters 0x80-0x9F (0 where the code page has none).
constexpr char16_t kCp1252High[32] = {
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
    0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

// Text in a code page: UTF-8, Latin-1 and Windows-1252 are known ('?' for what they cannot
// hold); any other code page is treated as UTF-8.
std::string encode_in_codepage(u16view s, DWORD codepage)
{
    if (codepage != kCpLatin1 && codepage != kCpWindows1252) return to_utf8(s);
    std::string out;
    out.reserve(s.size());
    for (char16_t ch : s) {
        if (ch < 0x80 || (ch < 0x100 && (codepage == kCpLatin1 || ch >= 0xA0))) {
            out += char(ch);
            continue;
        }
        char byte = '?';
        if (codepage == kCpWindows1252)
            for (unsigned k = 0; k < 32; k++)
                if (kCp1252High[k] == ch) byte = char(0x80 + k);
        out += byte;
    }
    return out;
}

std::string base64(std::string_view in)
{
    static const char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((in.size() + 2) / 3 * 4);
    size_t i = 0;
    for (; i + 2 < in.size(); i += 3) {
        unsigned v = (unsigned char)in[i] << 16 | (unsigned char)in[i + 1] << 8 | (unsigned char)in[i + 2];
        out += kAlphabet[v >> 18];
        out += kAlphabet[(v >> 12) & 63];
        out += kAlphabet[(v >> 6) & 63];
        out += kAlphabet[v & 63];
    }
    if (i < in.size()) {
        unsigned v = (unsigned char)in[i] << 16;
        if (i + 1 < in.size()) v |= (unsigned char)in[i + 1] << 8;
        out += kAlphabet[v >> 18];
        out += kAlphabet[(v >> 12) & 63];
        out += i + 1 < in.size() ? kAlphabet[(v >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

// "Basic <base64(user:password)>", the credentials in UTF-8.
u16string basic_value(const Request::Credentials& cr)
{
    return u"Basic " + widen(base64(to_utf8(cr.user) + ":" + to_utf8(cr.password)));
}


// A Content-Length value: decimal digits only (blanks around them allowed), at most 2^64-1.
bool parse_length(u16view v, ULONGLONG& out)
{
    v = trim(v);
    if (v.empty()) return false;
    ULONGLONG n = 0;
    for (char16_t ch : v) {
        if (ch < u'0' || ch > u'9') return false;
        ULONGLONG d = ULONGLONG(ch - u'0');
        if (n > (~ULONGLONG(0) - d) / 10) return false;
        n = n * 10 + d;
    }
    out = n;
    return true;
}

u16string decimal(ULONGLONG n)
{
    return widen(std::to_string(n));
}

INTERNET_PORT effective_port(const Request& r)
{
    INTERNET_PORT p = r.target_port();
    if (p == INTERNET_DEFAULT_PORT) p = r.secure() ? INTERNET_DEFAULT_HTTPS_PORT : INTERNET_DEFAULT_HTTP_PORT;
    return p;
}

u16string bracketed_host(const Request& r)
{
    const u16string& h = r.target_host();
    // A bare IPv6 address needs its brackets in a Host header and a URL (RFC 3986).
    if (h.find(u':') != u16string::npos && (h.empty() || h.front() != u'[')) return u"[" + h + u"]";
    return h;
}

// Checks the framing arguments against the headers the request will carry (`hs`, additional
// headers included) and decides the framing, or returns the error WinHttpSendRequest gives.
DWORD plan_body(const Request& r, const HeaderStore& hs, const SendArgs& a, BodyPlan& plan)
{
    plan = BodyPlan();
    plan.optional_length = a.optional_length;
    bool te = hs.find(u"Transfer-Encoding") != HeaderStore::npos;
    bool cl = hs.find(u"Content-Length") != HeaderStore::npos;
    if (te) {
        // WinHttpSendRequest page: no Content-Length and no optional data beside a
        // Transfer-Encoding; a total length would ask for a Content-Length, so it is refused too.
        if (cl || a.optional_length || a.total_length != WINHTTP_IGNORE_REQUEST_TOTAL_LENGTH)
            return ERROR_INVALID_PARAMETER;
        plan.framing = RequestBodyFraming::AppChunked;
        return ERROR_SUCCESS;
    }
    if (cl) {
        // Every Content-Length must be a number equal to dwTotalLength, except one of 2^32 or
        // more, which goes with WINHTTP_IGNORE_REQUEST_TOTAL_LENGTH (WinHttpSendRequest page).
        ULONGLONG n = 0;
        for (size_t i = 0; const u16string* v = hs.get(u"Content-Length", i); i++) {
            ULONGLONG k;
            if (!parse_length(*v, k) || (i && k != n)) return ERROR_INVALID_PARAMETER;
            n = k;
        }
        bool big = n > 0xFFFFFFFFull;
        if (big ? a.total_length != WINHTTP_IGNORE_REQUEST_TOTAL_LENGTH : n != a.total_length)
            return ERROR_INVALID_PARAMETER;
        if (a.optional_length > n) return ERROR_INVALID_PARAMETER;
        plan.framing = RequestBodyFraming::Length;
        plan.length = n;
        return ERROR_SUCCESS;
    }
    if ((r.open_flags & WINHTTP_FLAG_AUTOMATIC_CHUNKING) && a.total_length == WINHTTP_IGNORE_REQUEST_TOTAL_LENGTH) {
        plan.framing = RequestBodyFraming::AutoChunked;
        return ERROR_SUCCESS;
    }
    // More optional data than the total would send bytes past the Content-Length: refused.
    if (a.optional_length > a.total_length) return ERROR_INVALID_PARAMETER;
    // A total length, and POST and PUT even with none ("Content-Length: 0"), as Wine's
    // send_request does and WinHTTP traffic shows (WinRM's empty POSTs carry it).
    if (a.total_length || r.verb == u"POST" || r.verb == u"PUT") {
        plan.framing = RequestBodyFraming::Length;
        plan.length = a.total_length;
    }
    return ERROR_SUCCESS;
}

void put_line(std::string& out, u16view name, u16view value)
{
    out += wire_bytes(name);
    out += ": ";
    out += wire_bytes(value);
    out += "\r\n";
}

} // namespace

// The Authorization value for credentials set with WinHttpSetCredentials: Basic at once (WinHTTP
// pre-authenticates Basic), Digest once a challenge came (engine/auth.h); empty otherwise.
u16string auth_value(Request::Credentials& cr, Request::AuthState& st, u16view verb, std::string_view target)
{
    if (!cr.set) return {};
    if (cr.scheme == WINHTTP_AUTH_SCHEME_BASIC) return basic_value(cr);
    if (cr.scheme != WINHTTP_AUTH_SCHEME_DIGEST || st.challenges.empty()) return {};
    std::vector<Challenge> chs;
    for (const std::string& v : st.challenges) parse_challenges(v, chs);
    const Challenge* ch = find_challenge(chs, WINHTTP_AUTH_SCHEME_DIGEST);
    if (!ch) return {};
    const std::string* nonce = ch->param("nonce");
    if (!nonce) return {};
    if (*nonce != st.nonce) {
        st.nonce = *nonce;
        st.nc = 0;
    }
    std::string method = to_utf8(verb), cnonce = make_cnonce(), out;
    DigestInput in{method, target, cnonce, ++st.nc};
    if (!digest_authorization(*ch, cr.user, cr.password, in, out)) return {};
    return from_utf8(out);
}

u16string host_value(const Request& r)
{
    u16string h = bracketed_host(r);
    INTERNET_PORT p = effective_port(r);
    if (p != (r.secure() ? INTERNET_DEFAULT_HTTPS_PORT : INTERNET_DEFAULT_HTTP_PORT)) h += u":" + decimal(p);
    return h;
}

std::string request_target(const Request& r, bool via_proxy, DWORD codepage)
{
    u16view object = r.path;
    size_t q = object.find(u'?');
    u16view path = object.substr(0, q);
    u16view query = q == u16view::npos ? u16view() : object.substr(q);

    // The path always goes as UTF-8; WINHTTP_OPTION_CODEPAGE is the query's code page
    // (option-flags.md). WINHTTP_FLAG_NULL_CODEPAGE is obsolete since Windows 7: ignored.
    std::string p = to_utf8(path);
    std::string qs = encode_in_codepage(query, codepage);
    if (!(r.open_flags & WINHTTP_FLAG_ESCAPE_DISABLE)) {
        // By default everything unsafe but '%' is escaped, '#' included (Wine's
        // test_request_path_escapes); ESCAPE_PERCENT adds '%' (WinHttpOpenRequest page).
        unsigned bits = ESC_DEFAULT | ESC_HASH;
        if (r.open_flags & WINHTTP_FLAG_ESCAPE_PERCENT) bits |= ESC_PERCENT;
        p = percent_escape(p, bits);
        if (!(r.open_flags & WINHTTP_FLAG_ESCAPE_DISABLE_QUERY)) qs = percent_escape(qs, bits);
    }
    std::string target = p + qs;
    if (!via_proxy || r.secure()) return target;

    // Absolute form for a plain HTTP request through a proxy; the port only when not 80.
    std::string abs = "http://" + to_utf8(bracketed_host(r));
    INTERNET_PORT port = effective_port(r);
    if (port != INTERNET_DEFAULT_HTTP_PORT) abs += ":" + std::to_string(port);
    if (target.empty() || target.front() != '/') abs += '/';
    return abs + target;
}

DWORD prepare_request_head(Request& r, const SendArgs& a, const Route& route, RequestHead& out)
{
    try {
        // Data with no buffer behind it cannot be sent.
        if (a.optional_length && !a.optional) return ERROR_INVALID_PARAMETER;

        // The additional headers join a copy of the store, so a failure leaves it untouched.
        // They replace same-named headers (ADD | REPLACE), as Wine's send_request adds them, so
        // a request sent again with the same headers does not carry them twice.
        HeaderStore hs = r.request_headers;
        if (a.headers) {
            // -1, and also 0 with a string given, mean NUL-terminated (Wine's WinHttpSendRequest;
            // its test_not_modified relies on it).
            bool terminated = a.headers_length == ~DWORD(0) || a.headers_length == 0;
            u16view block(a.headers, terminated ? u16len(a.headers) : a.headers_length);
            if (!block.empty() && hs.add_block(block, WINHTTP_ADDREQ_FLAG_ADD | WINHTTP_ADDREQ_FLAG_REPLACE))
                return ERROR_INVALID_PARAMETER;   // the error the WinHttpSendRequest page names
        }

        BodyPlan plan;
        if (DWORD e = plan_body(r, hs, a, plan)) return e;

        u16string agent;
        DWORD codepage;
        {
            Session* s = r.session();
            std::lock_guard<std::mutex> g(s->lock);
            agent = s->agent;
            codepage = s->settings.codepage;
        }
        bool via_proxy = route.via_proxy && !r.secure();

        HeaderStore sent;
        // 1. General headers, Connection defaulting to Keep-Alive (or close when keep-alive is
        //    disabled: HTTP/1.1 connections persist unless told otherwise).
        for (const char16_t* g : kGeneralHeaders) {
            u16view name(g);
            if (name == u"Connection" && hs.find(name) == HeaderStore::npos)
                sent.append(name, (r.settings.disable_features & WINHTTP_DISABLE_KEEP_ALIVE) ? u"close" : u"Keep-Alive");
            if (name == u"Transfer-Encoding" && plan.framing == RequestBodyFraming::AutoChunked)
                sent.append(name, u"chunked");
            for (const Header& h : hs.items())
                if (ieq(h.name, name)) sent.append(h.name, h.value);
        }

        // Pre-emptive Basic credentials from WinHttpSetCredentials (Wine's send_request; its
        // tests see Windows answer /auth with 200 on the first request); they win over an
        // Authorization header of the application. Proxy ones only when talking to the proxy.
        std::string target = request_target(r, via_proxy, codepage);
        u16string server_auth = auth_value(r.server_creds, r.server_auth, r.verb, target);
        u16string proxy_auth = via_proxy ? auth_value(r.proxy_creds, r.proxy_auth, r.verb, target) : u16string();
        bool server_basic = !server_auth.empty();
        bool proxy_basic = !proxy_auth.empty();

        // 2. The referrer given to WinHttpOpenRequest, then the store in the order headers were
        //    added (Accept from the accept types first, then the application's).
        if (!r.referrer.empty() && hs.find(u"Referer") == HeaderStore::npos) sent.append(u"Referer", r.referrer);
        for (const Header& h : hs.items()) {
            if (is_general(h.name)) continue;
            if (server_basic && ieq(h.name, u"Authorization")) continue;
            if (proxy_basic && ieq(h.name, u"Proxy-Authorization")) continue;
            sent.append(h.name, h.value);
        }
        if (!a.cookies.empty()) sent.apply(u"Cookie", a.cookies, WINHTTP_ADDREQ_FLAG_ADD | WINHTTP_ADDREQ_FLAG_COALESCE_WITH_SEMICOLON);
        DWORD dec = r.settings.decompression & WINHTTP_DECOMPRESSION_FLAG_ALL;
        if (dec && hs.find(u"Accept-Encoding") == HeaderStore::npos)
            sent.append(u"Accept-Encoding", dec == WINHTTP_DECOMPRESSION_FLAG_ALL ? u"gzip, deflate"
                                            : dec == WINHTTP_DECOMPRESSION_FLAG_GZIP ? u"gzip" : u"deflate");

        // 3. What WinHTTP adds itself, last and in this order (WinHTTP traffic: "...,
        //    Authorization, User-Agent, Content-Length, Host"), unless the application set them.
        if (server_basic) sent.append(u"Authorization", server_auth);
        if (proxy_basic) sent.append(u"Proxy-Authorization", proxy_auth);
        if (!agent.empty() && hs.find(u"User-Agent") == HeaderStore::npos) sent.append(u"User-Agent", agent);
        if (plan.framing == RequestBodyFraming::Length && hs.find(u"Content-Length") == HeaderStore::npos)
            sent.append(u"Content-Length", decimal(plan.length));
        if (hs.find(u"Host") == HeaderStore::npos) sent.append(u"Host", host_value(r));

        std::string bytes = wire_bytes(r.verb);
        bytes += ' ';
        bytes += target;
        bytes += ' ';
        bytes += wire_bytes(r.version);
        bytes += "\r\n";
        for (const Header& h : sent.items()) put_line(bytes, h.name, h.value);
        bytes += "\r\n";

        out.bytes = std::move(bytes);
        out.sent = std::move(sent);
        out.body = plan;
        r.request_headers = std::move(hs);
        return ERROR_SUCCESS;
    } catch (const std::bad_alloc&) {
        return ERROR_NOT_ENOUGH_MEMORY;
    }
}

} // namespace winhttp
