// HTTP authentication challenges and credentials (see auth.h).
#include "engine/auth.h"
#include <cstdio>
#include <cstdlib>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>

namespace winhttp {

namespace {

char lower(char c) { return (c >= 'A' && c <= 'Z') ? char(c + 32) : c; }

bool ieq_ascii(std::string_view a, std::string_view b)
{
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); i++)
        if (lower(a[i]) != lower(b[i])) return false;
    return true;
}

bool is_tchar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
    switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+': case '-':
    case '.': case '^': case '_': case '`': case '|': case '~':
        return true;
    default:
        return false;
    }
}

bool is_token68_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
}

struct Scanner {
    std::string_view s;
    size_t p = 0;

    bool end() const { return p >= s.size(); }
    char peek() const { return s[p]; }
    void skip_ws()
    {
        while (p < s.size() && (s[p] == ' ' || s[p] == '\t')) p++;
    }
    size_t ws_after(size_t q) const
    {
        while (q < s.size() && (s[q] == ' ' || s[q] == '\t')) q++;
        return q;
    }
    std::string_view token()
    {
        size_t b = p;
        while (p < s.size() && is_tchar(s[p])) p++;
        return s.substr(b, p - b);
    }
    void skip_element()   // junk: up to the next comma outside quotes
    {
        bool quoted = false;
        while (p < s.size()) {
            char c = s[p];
            if (quoted && c == '\\') p++;
            else if (c == '"') quoted = !quoted;
            else if (c == ',' && !quoted) break;
            p++;
        }
    }
    // A parameter value: a quoted string (unescaped), else the text up to the next comma.
    std::string value()
    {
        std::string out;
        if (p < s.size() && s[p] == '"') {
            p++;
            while (p < s.size()) {
                char c = s[p++];
                if (c == '\\' && p < s.size()) out += s[p++];
                else if (c == '"') break;
                else out += c;
            }
            return out;
        }
        size_t b = p;
        while (p < s.size() && s[p] != ',') p++;
        std::string_view v = s.substr(b, p - b);
        while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
        return std::string(v);
    }
};

} // namespace

const std::string* Challenge::param(std::string_view name) const
{
    for (const auto& p : params)
        if (ieq_ascii(p.name, name)) return &p.value;
    return nullptr;
}

DWORD auth_scheme_flag(std::string_view scheme)
{
    if (ieq_ascii(scheme, "Basic")) return WINHTTP_AUTH_SCHEME_BASIC;
    if (ieq_ascii(scheme, "NTLM")) return WINHTTP_AUTH_SCHEME_NTLM;
    if (ieq_ascii(scheme, "Passport1.4") || ieq_ascii(scheme, "Passport")) return WINHTTP_AUTH_SCHEME_PASSPORT;
    if (ieq_ascii(scheme, "Digest")) return WINHTTP_AUTH_SCHEME_DIGEST;
    if (ieq_ascii(scheme, "Negotiate")) return WINHTTP_AUTH_SCHEME_NEGOTIATE;
    return 0;
}

std::string_view auth_scheme_name(DWORD flag)
{
    switch (flag) {
    case WINHTTP_AUTH_SCHEME_BASIC: return "Basic";
    case WINHTTP_AUTH_SCHEME_NTLM: return "NTLM";
    case WINHTTP_AUTH_SCHEME_PASSPORT: return "Passport1.4";
    case WINHTTP_AUTH_SCHEME_DIGEST: return "Digest";
    case WINHTTP_AUTH_SCHEME_NEGOTIATE: return "Negotiate";
    default: return "";
    }
}

void parse_challenges(std::string_view value, std::vector<Challenge>& out)
{
    Scanner sc{value};
    Challenge* cur = nullptr;   // the challenge parameters attach to
    for (;;) {
        sc.skip_ws();
        if (sc.end()) break;
        if (sc.peek() == ',') {   // list separators, empty elements
            sc.p++;
            continue;
        }
        std::string_view tok = sc.token();
        if (tok.empty()) {
            sc.skip_element();
            continue;
        }
        size_t q = sc.ws_after(sc.p);
        if (q < value.size() && value[q] == '=') {
            // name=value: a parameter of the current challenge.
            if (!cur) {
                sc.skip_element();   // a parameter with no scheme before it
                continue;
            }
            sc.p = sc.ws_after(q + 1);
            AuthParam prm;
            prm.name = tok;
            prm.value = sc.value();
            cur->params.push_back(std::move(prm));
            continue;
        }
        // A scheme name: a new challenge, which may carry a token68 after a space.
        out.emplace_back();
        cur = &out.back();
        cur->scheme = tok;
        cur->scheme_flag = auth_scheme_flag(tok);
        sc.skip_ws();
        size_t t = sc.p;
        while (t < value.size() && is_token68_char(value[t])) t++;
        if (t > sc.p) {
            size_t eq_end = t;
            while (eq_end < value.size() && value[eq_end] == '=') eq_end++;
            size_t r = sc.ws_after(eq_end);
            // "abc==" then the end or a comma: a token68, not the name of a parameter.
            if (r >= value.size() || value[r] == ',') {
                cur->token68 = value.substr(sc.p, eq_end - sc.p);
                sc.p = r;
            }
        }
    }
}

std::vector<Challenge> response_challenges(const HeaderStore& response, bool proxy)
{
    std::vector<Challenge> out;
    u16view name = proxy ? u16view(u"Proxy-Authenticate") : u16view(u"WWW-Authenticate");
    for (size_t i = 0; const u16string* v = response.get(name, i); i++) parse_challenges(narrow(*v), out);
    return out;
}

const Challenge* find_challenge(const std::vector<Challenge>& challenges, DWORD scheme_flag)
{
    for (const auto& c : challenges)
        if (c.scheme_flag == scheme_flag) return &c;
    return nullptr;
}

// ---------------------------------------------------------------- credentials

std::string base64_encode(std::string_view in)
{
    static const char tbl[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((in.size() + 2) / 3 * 4);
    size_t i = 0;
    for (; i + 3 <= in.size(); i += 3) {
        unsigned v = (unsigned char)in[i] << 16 | (unsigned char)in[i + 1] << 8 | (unsigned char)in[i + 2];
        out += tbl[v >> 18];
        out += tbl[(v >> 12) & 63];
        out += tbl[(v >> 6) & 63];
        out += tbl[v & 63];
    }
    if (size_t rest = in.size() - i) {
        unsigned v = (unsigned char)in[i] << 16 | (rest == 2 ? (unsigned char)in[i + 1] << 8 : 0);
        out += tbl[v >> 18];
        out += tbl[(v >> 12) & 63];
        out += rest == 2 ? tbl[(v >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

std::string basic_authorization(u16view user, u16view password)
{
    // UTF-8, as Wine's winhttp encodes Basic credentials (and as RFC 7617's charset="UTF-8"
    // asks); plain ASCII credentials come out the same in every code page.
    std::string raw = to_utf8(user);
    raw += ':';
    raw += to_utf8(password);
    return "Basic " + base64_encode(raw);
}

std::string hex_digest(std::string_view algorithm, std::string_view data)
{
    gnutls_digest_algorithm_t alg;
    size_t len;
    if (ieq_ascii(algorithm, "MD5")) {
        alg = GNUTLS_DIG_MD5;
        len = 16;
    } else if (ieq_ascii(algorithm, "SHA-256")) {
        alg = GNUTLS_DIG_SHA256;
        len = 32;
    } else {
        return std::string();
    }
    unsigned char buf[32];
    if (gnutls_hash_fast(alg, data.data(), data.size(), buf) < 0) return std::string();
    static const char hex[] = "0123456789abcdef";
    std::string out;
    for (size_t i = 0; i < len; i++) {
        out += hex[buf[i] >> 4];
        out += hex[buf[i] & 15];
    }
    return out;
}

std::string make_cnonce()
{
    unsigned char buf[16];
    if (gnutls_rnd(GNUTLS_RND_NONCE, buf, sizeof buf) < 0) {
        // Practically unreachable; a nonce need only be unpredictable enough to avoid replays.
        for (auto& b : buf) b = (unsigned char)(std::rand() & 0xff);
    }
    static const char hex[] = "0123456789abcdef";
    std::string out;
    for (unsigned char b : buf) {
        out += hex[b >> 4];
        out += hex[b & 15];
    }
    return out;
}

bool digest_stale(const Challenge& c)
{
    const std::string* s = c.param("stale");
    return s && ieq_ascii(*s, "true");
}

namespace {

// A quoted-string with '"' and '\' escaped.
std::string quoted(std::string_view v)
{
    std::string out = "\"";
    for (char c : v) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    out += '"';
    return out;
}

// Whether a comma-separated qop list offers "auth".
bool offers_auth(std::string_view list)
{
    while (!list.empty()) {
        size_t comma = list.find(',');
        std::string_view item = list.substr(0, comma);
        list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
        while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
        while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
        if (ieq_ascii(item, "auth")) return true;
    }
    return false;
}

} // namespace

bool digest_authorization(const Challenge& ch, u16view user, u16view password, const DigestInput& in,
                          std::string& out)
{
    if (ch.scheme_flag != WINHTTP_AUTH_SCHEME_DIGEST) return false;
    const std::string* nonce = ch.param("nonce");
    if (!nonce) return false;
    const std::string* realm_p = ch.param("realm");
    std::string realm = realm_p ? *realm_p : std::string();
    const std::string* alg_p = ch.param("algorithm");
    std::string_view hash;   // "MD5" or "SHA-256"
    bool sess = false;
    if (!alg_p || ieq_ascii(*alg_p, "MD5")) hash = "MD5";
    else if (ieq_ascii(*alg_p, "MD5-sess")) hash = "MD5", sess = true;
    else if (ieq_ascii(*alg_p, "SHA-256")) hash = "SHA-256";
    else if (ieq_ascii(*alg_p, "SHA-256-sess")) hash = "SHA-256", sess = true;
    else return false;
    const std::string* qop_p = ch.param("qop");
    bool qop = qop_p != nullptr;
    if (qop && !offers_auth(*qop_p)) return false;   // auth-int alone: not supported

    std::string u = to_utf8(user), pw = to_utf8(password);
    char nc[9];
    std::snprintf(nc, sizeof nc, "%08x", unsigned(in.nc));

    std::string ha1 = hex_digest(hash, u + ":" + realm + ":" + pw);
    if (sess) ha1 = hex_digest(hash, ha1 + ":" + *nonce + ":" + std::string(in.cnonce));
    std::string ha2 = hex_digest(hash, std::string(in.method) + ":" + std::string(in.uri));
    if (ha1.empty() || ha2.empty()) return false;
    std::string response = qop ? hex_digest(hash, ha1 + ":" + *nonce + ":" + nc + ":" + std::string(in.cnonce) +
                                                      ":auth:" + ha2)
                               : hex_digest(hash, ha1 + ":" + *nonce + ":" + ha2);

    out = "Digest username=" + quoted(u);
    out += ", realm=" + quoted(realm);
    out += ", nonce=" + quoted(*nonce);
    out += ", uri=" + quoted(in.uri);
    if (alg_p) out += ", algorithm=" + *alg_p;   // echoed only when the server named one
    out += ", response=" + quoted(response);
    if (qop) {
        out += ", qop=auth, nc=";
        out += nc;
        out += ", cnonce=" + quoted(in.cnonce);
    }
    if (const std::string* opaque = ch.param("opaque")) out += ", opaque=" + quoted(*opaque);
    return true;
}

bool authorization_value(DWORD scheme, const Challenge* challenge, u16view user, u16view password,
                         const DigestInput& in, std::string& out)
{
    switch (scheme) {
    case WINHTTP_AUTH_SCHEME_BASIC:
        out = basic_authorization(user, password);
        return true;
    case WINHTTP_AUTH_SCHEME_DIGEST:
        return challenge && digest_authorization(*challenge, user, password, in, out);
    default:
        return false;
    }
}

} // namespace winhttp
