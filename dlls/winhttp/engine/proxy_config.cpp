// Proxy configuration (see proxy_config.h): the default configuration file, the proxy
// environment variables, Windows proxy/bypass lists, and the three API functions that expose
// them (WinHttpGetIEProxyConfigForCurrentUser, WinHttp{Get,Set}DefaultProxyConfiguration).
#include "engine/proxy_config.h"
#include "engine/api.h"
#include "engine/ustr.h"
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <initializer_list>
#include <limits.h>
#include <new>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

namespace winhttp {

void* global_alloc(size_t size) { return std::malloc(size ? size : 1); }
void global_free(void* p) { std::free(p); }

namespace proxy {
namespace {

constexpr size_t max_config_size = 1 << 20;

bool is_space(char16_t c) { return c == u' ' || c == u'\t' || c == u'\r' || c == u'\n'; }

std::string_view trim8(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

std::string lower8(std::string_view s)
{
    std::string out(s);
    for (char& ch : out)
        if (ch >= 'A' && ch <= 'Z') ch = char(ch + 32);
    return out;
}

u16string lower16(u16view s)
{
    u16string out(s);
    for (char16_t& ch : out) ch = ascii_lower(ch);
    return out;
}

// Splits `s` at any of the separator characters, skipping empty pieces.
template <class View, class IsSep, class Fn>
void for_each_token(View s, IsSep is_sep, Fn fn)
{
    size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && is_sep(s[i])) i++;
        size_t start = i;
        while (i < s.size() && !is_sep(s[i])) i++;
        if (i > start) fn(s.substr(start, i - start));
    }
}

bool list_sep(char16_t c) { return c == u';' || is_space(c); }

// "65535" -> 65535; 0 for anything that is not a port number 1..65535.
template <class View>
INTERNET_PORT parse_port(View s)
{
    if (s.empty() || s.size() > 5) return 0;
    unsigned v = 0;
    for (auto ch : s) {
        if (ch < '0' || ch > '9') return 0;
        v = v * 10 + unsigned(ch - '0');
    }
    return v <= 65535 ? INTERNET_PORT(v) : 0;
}

// Splits "host[:port]" / "[v6]:port"; false when malformed. An unbracketed host with several
// colons is an IPv6 literal without a port when `bare_v6` is allowed.
template <class View>
bool split_host_port(View s, View& host, View& port, bool bare_v6)
{
    port = View();
    if (!s.empty() && s.front() == '[') {
        size_t close = s.find(']');
        if (close == View::npos) return false;
        host = s.substr(0, close + 1);
        View rest = s.substr(close + 1);
        if (rest.empty()) return true;
        if (rest.front() != ':') return false;
        port = rest.substr(1);
        return true;
    }
    size_t colon = s.find(':');
    if (colon == View::npos) { host = s; return true; }
    if (s.find(':', colon + 1) != View::npos) {
        if (!bare_v6) return false;
        host = s;
        return true;
    }
    host = s.substr(0, colon);
    port = s.substr(colon + 1);
    return true;
}

u16view strip_brackets(u16view h)
{
    if (h.size() >= 2 && h.front() == u'[' && h.back() == u']') return h.substr(1, h.size() - 2);
    return h;
}

// Case-insensitive glob match where '*' matches any run of characters.
bool glob_match(u16view pat, u16view s)
{
    size_t p = 0, i = 0, star = u16view::npos, mark = 0;
    while (i < s.size()) {
        if (p < pat.size() && pat[p] == u'*') { star = p++; mark = i; }
        else if (p < pat.size() && ascii_lower(pat[p]) == ascii_lower(s[i])) { p++; i++; }
        else if (star != u16view::npos) { p = star + 1; i = ++mark; }
        else return false;
    }
    while (p < pat.size() && pat[p] == u'*') p++;
    return p == pat.size();
}

// ---- config file values: "\xHH" escapes for control bytes, backslashes and edge whitespace.
std::string escape_value(std::string_view v)
{
    static const char hex[] = "0123456789ABCDEF";
    std::string out;
    for (size_t i = 0; i < v.size(); i++) {
        unsigned char b = static_cast<unsigned char>(v[i]);
        bool edge = (i == 0 || i + 1 == v.size()) && (b == ' ' || b == '\t');
        if (b < 0x20 || b == 0x7F || b == '\\' || edge) {
            out += "\\x";
            out += hex[b >> 4];
            out += hex[b & 15];
        } else {
            out += char(b);
        }
    }
    return out;
}

int hex_val(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string unescape_value(std::string_view v)
{
    std::string out;
    for (size_t i = 0; i < v.size(); i++) {
        if (v[i] == '\\' && i + 3 < v.size() && v[i + 1] == 'x' && hex_val(v[i + 2]) >= 0 &&
            hex_val(v[i + 3]) >= 0) {
            out += char(hex_val(v[i + 2]) * 16 + hex_val(v[i + 3]));
            i += 3;
        } else {
            out += v[i];
        }
    }
    return out;
}

DWORD errno_to_error(int e)
{
    switch (e) {
    case EACCES: case EPERM: case EROFS: return ERROR_ACCESS_DENIED;
    case ENOMEM: return ERROR_NOT_ENOUGH_MEMORY;
    default: return ERROR_WINHTTP_INTERNAL_ERROR;
    }
}

bool write_all(int fd, std::string_view data)
{
    while (!data.empty()) {
        ssize_t n = ::write(fd, data.data(), data.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        data.remove_prefix(size_t(n));
    }
    return true;
}

// mkdir -p for the parents of a default-location config file (0700, as XDG asks).
int make_parent_dirs(const std::string& dir)
{
    struct stat st;
    if (dir.empty() || ::stat(dir.c_str(), &st) == 0) return 0;
    size_t slash = dir.find_last_of('/');
    if (slash != std::string::npos && slash > 0)
        if (int e = make_parent_dirs(dir.substr(0, slash))) return e;
    if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) return errno;
    return 0;
}

bool is_ipv4ish(std::string_view h)
{
    if (h.empty() || h.front() < '0' || h.front() > '9') return false;
    for (char ch : h)
        if (!(ch >= '0' && ch <= '9') && ch != '.') return false;
    return true;
}

// "a.b.c.d/n" as bypass wildcards ("10.*", "172.16.*" ... "172.31.*"); false if not IPv4 CIDR.
bool ipv4_cidr_to_bypass(std::string_view tok, std::vector<std::string>& out)
{
    size_t slash = tok.find('/');
    std::string_view addr = tok.substr(0, slash), bits = tok.substr(slash + 1);
    unsigned oct[4] = {};
    int n = 0;
    size_t i = 0;
    while (n < 4) {
        size_t start = i;
        unsigned v = 0;
        while (i < addr.size() && addr[i] >= '0' && addr[i] <= '9' && i - start < 3)
            v = v * 10 + unsigned(addr[i++] - '0');
        if (i == start || v > 255) return false;
        oct[n++] = v;
        if (i == addr.size()) break;
        if (addr[i++] != '.') return false;
    }
    if (n != 4 || i != addr.size()) return false;
    if (bits.empty() || bits.size() > 2) return false;
    unsigned len = 0;
    for (char ch : bits) {
        if (ch < '0' || ch > '9') return false;
        len = len * 10 + unsigned(ch - '0');
    }
    if (len > 32) return false;
    if (len == 0) { out.push_back("*"); return true; }
    unsigned full = len / 8, rest = len % 8;
    auto prefix = [&](unsigned count) {
        std::string p;
        for (unsigned k = 0; k < count; k++) p += (k ? "." : "") + std::to_string(oct[k]);
        return p;
    };
    if (rest == 0) {
        out.push_back(full == 4 ? prefix(4) : prefix(full) + ".*");
        return true;
    }
    unsigned mask = (0xFFu << (8 - rest)) & 0xFFu, base = oct[full] & mask;
    std::string head = prefix(full);
    for (unsigned v = base; v < base + (1u << (8 - rest)); v++) {
        std::string e = head + (full ? "." : "") + std::to_string(v);
        out.push_back(full + 1 == 4 ? e : e + ".*");
    }
    return true;
}

std::string_view env_value(EnvFn env, const char* name)
{
    const char* v = env(name);
    return v ? trim8(v) : std::string_view();
}

// The first of the names whose variable is set and not blank.
std::string_view first_env(EnvFn env, std::initializer_list<const char*> names)
{
    for (const char* n : names) {
        std::string_view v = env_value(env, n);
        if (!v.empty()) return v;
    }
    return {};
}

LPWSTR dup_global(u16view s)
{
    auto* p = static_cast<char16_t*>(global_alloc((s.size() + 1) * sizeof(char16_t)));
    if (!p) return nullptr;
    if (!s.empty()) std::memcpy(p, s.data(), s.size() * sizeof(char16_t));
    p[s.size()] = 0;
    return reinterpret_cast<LPWSTR>(p);
}

// Allocates the non-empty strings of `src` into `dst` (nullptr for empty ones); all or nothing.
template <size_t N>
bool dup_all(const u16view (&src)[N], LPWSTR (&dst)[N])
{
    for (size_t i = 0; i < N; i++) {
        dst[i] = nullptr;
        if (src[i].empty()) continue;
        if (!(dst[i] = dup_global(src[i]))) {
            for (size_t k = 0; k < i; k++) global_free(dst[k]);
            return false;
        }
    }
    return true;
}

bool all_ascii(LPCWSTR s)
{
    for (; s && *s; s++)
        if (static_cast<char16_t>(*s) > 0x7F) return false;
    return true;
}

} // namespace

const char* default_env(const char* name) { return ::secure_getenv(name); }

// ---------------------------------------------------------------- the configuration file

std::string config_path(EnvFn env, bool* explicit_path)
{
    if (explicit_path) *explicit_path = false;
    const char* p = env("WINHTTP_PROXY_CONFIG");
    if (p && *p) {
        if (explicit_path) *explicit_path = true;
        return p;
    }
    const char* xdg = env("XDG_CONFIG_HOME");
    if (xdg && *xdg == '/') return std::string(xdg) + "/winhttp/proxy.conf";   // XDG: absolute only
    std::string home;
    if (const char* h = env("HOME"); h && *h) {
        home = h;
    } else {
        struct passwd pw, *res = nullptr;
        char buf[4096];
        if (getpwuid_r(getuid(), &pw, buf, sizeof buf, &res) == 0 && res && res->pw_dir)
            home = res->pw_dir;
    }
    if (home.empty()) return {};
    return home + "/.config/winhttp/proxy.conf";
}

std::string format_config(const Config& cfg)
{
    std::string out = "# WinHTTP default proxy configuration (WinHttpSetDefaultProxyConfiguration)\n";
    if (cfg.access_type == WINHTTP_ACCESS_TYPE_NAMED_PROXY && !cfg.proxy.empty()) {
        out += "access_type=named_proxy\n";
        out += "proxy=" + escape_value(to_utf8(cfg.proxy)) + "\n";
        if (!cfg.bypass.empty()) out += "bypass=" + escape_value(to_utf8(cfg.bypass)) + "\n";
    } else {
        out += "access_type=no_proxy\n";
    }
    return out;
}

Config parse_config(std::string_view text)
{
    Config cfg;
    bool named = false;
    while (!text.empty()) {
        size_t nl = text.find('\n');
        std::string_view line = trim8(text.substr(0, nl));
        text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
        if (line.empty() || line.front() == '#') continue;
        size_t eq = line.find('=');
        if (eq == std::string_view::npos) continue;
        std::string key = lower8(trim8(line.substr(0, eq)));
        std::string value = unescape_value(trim8(line.substr(eq + 1)));
        if (key == "access_type") named = lower8(value) == "named_proxy";
        else if (key == "proxy") cfg.proxy = from_utf8(value);
        else if (key == "bypass") cfg.bypass = from_utf8(value);
    }
    if (named && !cfg.proxy.empty()) {
        cfg.access_type = WINHTTP_ACCESS_TYPE_NAMED_PROXY;
    } else {
        cfg = Config();
    }
    return cfg;
}

DWORD read_config_file(const std::string& path, Config& cfg)
{
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return ERROR_FILE_NOT_FOUND;
    struct stat st;
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        return ERROR_FILE_NOT_FOUND;
    }
    std::string text;
    char buf[4096];
    bool too_big = false;
    for (;;) {
        ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) { ::close(fd); return ERROR_FILE_NOT_FOUND; }
        if (n == 0) break;
        if (text.size() + size_t(n) > max_config_size) { too_big = true; break; }
        text.append(buf, size_t(n));
    }
    ::close(fd);
    cfg = too_big ? Config() : parse_config(text);   // an absurd file configures nothing
    return ERROR_SUCCESS;
}

DWORD write_config_file(const std::string& given, const Config& cfg, bool make_dirs)
{
    // Write through a symlinked config file to its target rather than replacing the link.
    std::string path = given;
    if (char* real = ::realpath(given.c_str(), nullptr)) {
        path = real;
        std::free(real);
    }
    size_t slash = path.find_last_of('/');
    std::string dir = slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
    std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
    if (base.empty()) return ERROR_WINHTTP_INTERNAL_ERROR;
    if (make_dirs)
        if (int e = make_parent_dirs(dir)) return errno_to_error(e);

    mode_t mode = 0644;
    struct stat st;
    if (::stat(path.c_str(), &st) == 0) mode = st.st_mode & 07777;

    std::string tmp = (dir == "/" ? "" : dir) + "/." + base + ".XXXXXX";
    int fd = ::mkostemp(tmp.data(), O_CLOEXEC);
    if (fd < 0) return errno_to_error(errno);
    std::string text = format_config(cfg);
    int e = 0;
    if (!write_all(fd, text) || ::fchmod(fd, mode) != 0 || ::fsync(fd) != 0) e = errno;
    if (::close(fd) != 0 && !e) e = errno;
    if (!e && ::rename(tmp.c_str(), path.c_str()) != 0) e = errno;
    if (e) {
        ::unlink(tmp.c_str());
        return errno_to_error(e);
    }
    int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        ::fsync(dfd);   // best effort: make the rename durable
        ::close(dfd);
    }
    return ERROR_SUCCESS;
}

// ---------------------------------------------------------------- the environment

std::u16string env_proxy_server(std::string_view v)
{
    v = trim8(v);
    size_t sep = v.find("://");
    if (sep != std::string_view::npos) {
        if (lower8(v.substr(0, sep)) != "http") return {};   // WinHTTP speaks to HTTP proxies only
        v.remove_prefix(sep + 3);
    }
    v = v.substr(0, v.find_first_of("/?#"));
    size_t at = v.rfind('@');
    if (at != std::string_view::npos) v.remove_prefix(at + 1);   // no credentials in a proxy list
    std::string_view host, port;
    if (!split_host_port(v, host, port, false) || host.empty() || host == "[]") return {};
    for (char ch : host)
        if (ch == ';' || ch == '=' || ch == ' ' || ch == '\t' || ch == ',' || ch == '@') return {};
    std::string out(host);
    if (!port.empty()) {
        INTERNET_PORT p = parse_port(port);
        if (!p) return {};
        out += ":" + std::to_string(p);
    }
    return from_utf8(out);
}

std::u16string no_proxy_to_bypass(std::string_view value)
{
    std::vector<std::string> entries;
    auto sep = [](char c) { return c == ',' || c == ';' || c == ' ' || c == '\t'; };
    for_each_token(value, sep, [&](std::string_view tok) {
        if (tok == "*" || (tok.front() == '<' && tok.back() == '>')) {
            entries.emplace_back(tok);
            return;
        }
        if (tok.find('/') != std::string_view::npos) {
            ipv4_cidr_to_bypass(tok, entries);   // IPv6 and malformed ranges are dropped
            return;
        }
        std::string_view host, port;
        if (!split_host_port(tok, host, port, true) || host.empty()) return;
        std::string suffix;
        if (!port.empty()) {
            INTERNET_PORT p = parse_port(port);
            if (!p) return;
            suffix = ":" + std::to_string(p);
        }
        if (host.front() != '[' && host.find(':') != std::string_view::npos) {
            entries.push_back("[" + std::string(host) + "]" + suffix);   // bare IPv6 literal
        } else if (host.front() == '[' || host.substr(0, 2) == "*." || is_ipv4ish(host)) {
            entries.push_back(std::string(host) + suffix);
        } else if (host.front() == '.') {
            if (host.size() > 1) entries.push_back("*" + std::string(host) + suffix);
        } else {
            // A domain name covers itself and its subdomains (curl, wget, Python, Go).
            entries.push_back(std::string(host) + suffix);
            entries.push_back("*." + std::string(host) + suffix);
        }
    });
    std::string out;
    for (const auto& e : entries) out += (out.empty() ? "" : ";") + e;
    return from_utf8(out);
}

Config config_from_env(EnvFn env)
{
    // HTTP_PROXY in a CGI program can come from the request's Proxy: header ("httpoxy").
    std::string_view cgi = env_value(env, "REQUEST_METHOD");
    std::string_view http = cgi.empty() ? first_env(env, {"http_proxy", "HTTP_PROXY"})
                                        : env_value(env, "http_proxy");
    std::string_view https = first_env(env, {"https_proxy", "HTTPS_PROXY"});
    u16string h = env_proxy_server(http), s = env_proxy_server(https);
    Config cfg;
    if (h.empty() && s.empty()) return cfg;
    cfg.access_type = WINHTTP_ACCESS_TYPE_NAMED_PROXY;
    if (h == s) cfg.proxy = h;
    else if (s.empty()) cfg.proxy = u"http=" + h;
    else if (h.empty()) cfg.proxy = u"https=" + s;
    else cfg.proxy = u"http=" + h + u";https=" + s;
    cfg.bypass = no_proxy_to_bypass(first_env(env, {"no_proxy", "NO_PROXY"}));
    return cfg;
}

std::u16string autoconfig_url_from_env(EnvFn env)
{
    return from_utf8(first_env(env, {"WINHTTP_AUTOCONFIG_URL", "auto_proxy"}));
}

Config default_config(EnvFn env)
{
    std::string path = config_path(env);
    Config cfg;
    if (!path.empty() && read_config_file(path, cfg) == ERROR_SUCCESS) return cfg;
    return config_from_env(env);
}

// ---------------------------------------------------------------- proxy and bypass lists

bool parse_proxy_list(std::u16string_view list, std::vector<ProxyEntry>& out)
{
    bool ok = true;
    for_each_token(list, list_sep, [&](u16view tok) {
        ProxyEntry e;
        size_t eq = tok.find(u'=');
        if (eq != u16view::npos) {
            e.scheme = lower16(tok.substr(0, eq));
            tok.remove_prefix(eq + 1);
            if (e.scheme.empty()) { ok = false; return; }
        }
        size_t sep = tok.find(u"://");
        if (sep != u16view::npos) {
            e.proxy_scheme = lower16(tok.substr(0, sep));
            tok.remove_prefix(sep + 3);
        }
        while (!tok.empty() && tok.back() == u'/') tok.remove_suffix(1);
        u16view host, port;
        if (!split_host_port(tok, host, port, false) || host.empty() || host == u"[]") {
            ok = false;
            return;
        }
        if (!port.empty() && !(e.port = parse_port(port))) { ok = false; return; }
        e.host = host;
        out.push_back(std::move(e));
    });
    return ok;
}

std::vector<ProxyEntry> proxies_for_scheme(const std::vector<ProxyEntry>& list,
                                           std::u16string_view scheme)
{
    std::vector<ProxyEntry> named, generic;
    for (const auto& e : list) {
        if (e.scheme.empty()) generic.push_back(e);
        else if (ieq(e.scheme, scheme)) named.push_back(e);
    }
    return named.empty() ? generic : named;
}

bool bypass_entry_matches(std::u16string_view entry, std::u16string_view host,
                          INTERNET_PORT port, std::u16string_view scheme)
{
    entry = trim(entry);
    host = strip_brackets(trim(host));
    while (!host.empty() && host.back() == u'.') host.remove_suffix(1);
    if (entry.empty() || host.empty()) return false;
    if (ieq(entry, u"<local>"))   // a name without a dot (an IPv6 literal is not a name)
        return host.find(u'.') == u16view::npos && host.find(u':') == u16view::npos;
    if (entry.front() == u'<') return false;   // <-loopback> and other directives
    size_t sep = entry.find(u"://");
    if (sep != u16view::npos) {
        if (scheme.empty() || !ieq(entry.substr(0, sep), scheme)) return false;
        entry.remove_prefix(sep + 3);
    }
    u16view pat, pport;
    if (!split_host_port(entry, pat, pport, true) || pat.empty()) return false;
    if (!pport.empty()) {
        INTERNET_PORT want = parse_port(pport);
        if (!want || want != port) return false;
    }
    return glob_match(strip_brackets(pat), host);
}

bool bypass_list_matches(std::u16string_view list, std::u16string_view host,
                         INTERNET_PORT port, std::u16string_view scheme)
{
    bool hit = false;
    for_each_token(list, list_sep, [&](u16view e) {
        if (!hit) hit = bypass_entry_matches(e, host, port, scheme);
    });
    return hit;
}

} // namespace proxy

// ---------------------------------------------------------------- the API functions

namespace api {

BOOL GetIEProxyConfigForCurrentUser(Call& c, WINHTTP_CURRENT_USER_IE_PROXY_CONFIG* config)
{
    if (!config) return c.fail(ERROR_INVALID_PARAMETER);
    try {
        // Linux has no per-user IE settings: the user's proxy environment plays their part.
        proxy::Config cfg = proxy::config_from_env();
        u16string pac = proxy::autoconfig_url_from_env();
        const u16view src[3] = {pac, cfg.proxy, cfg.bypass};
        LPWSTR dst[3];
        if (!proxy::dup_all(src, dst)) return c.fail(ERROR_NOT_ENOUGH_MEMORY);
        config->fAutoDetect = FALSE;   // no WPAD probing unless the application asks for it
        config->lpszAutoConfigUrl = dst[0];
        config->lpszProxy = dst[1];
        config->lpszProxyBypass = dst[2];
        return TRUE;
    } catch (const std::bad_alloc&) {
        return c.fail(ERROR_NOT_ENOUGH_MEMORY);
    }
}

BOOL GetDefaultProxyConfiguration(Call& c, WINHTTP_PROXY_INFO* info)
{
    if (!info) return c.fail(ERROR_INVALID_PARAMETER);
    try {
        proxy::Config cfg = proxy::default_config();
        const u16view src[2] = {cfg.proxy, cfg.bypass};
        LPWSTR dst[2];
        if (!proxy::dup_all(src, dst)) return c.fail(ERROR_NOT_ENOUGH_MEMORY);
        info->dwAccessType = cfg.access_type;
        info->lpszProxy = dst[0];
        info->lpszProxyBypass = dst[1];
        return TRUE;
    } catch (const std::bad_alloc&) {
        return c.fail(ERROR_NOT_ENOUGH_MEMORY);
    }
}

BOOL SetDefaultProxyConfiguration(Call& c, WINHTTP_PROXY_INFO* info)
{
    if (!info) return c.fail(ERROR_INVALID_PARAMETER);
    try {
        proxy::Config cfg;
        switch (info->dwAccessType) {
        case WINHTTP_ACCESS_TYPE_DEFAULT_PROXY:   // the page asks for this when there is no proxy
        case WINHTTP_ACCESS_TYPE_NO_PROXY:
            break;   // the strings are ignored, as Windows stores none for a direct setting
        case WINHTTP_ACCESS_TYPE_NAMED_PROXY:
            // The setting is stored as ASCII on Windows: wider characters are refused (Wine tests).
            if (!info->lpszProxy || !proxy::all_ascii(info->lpszProxy) ||
                !proxy::all_ascii(info->lpszProxyBypass))
                return c.fail(ERROR_INVALID_PARAMETER);
            cfg.access_type = WINHTTP_ACCESS_TYPE_NAMED_PROXY;
            cfg.proxy = u16v(reinterpret_cast<const char16_t*>(info->lpszProxy));
            cfg.bypass = u16v(reinterpret_cast<const char16_t*>(info->lpszProxyBypass));
            break;
        default:
            return c.fail(ERROR_INVALID_PARAMETER);
        }
        bool explicit_path = false;
        std::string path = proxy::config_path(proxy::default_env, &explicit_path);
        if (path.empty()) return c.fail(ERROR_WINHTTP_INTERNAL_ERROR);
        DWORD e = proxy::write_config_file(path, cfg, !explicit_path);
        if (e != ERROR_SUCCESS) return c.fail(e);
        return TRUE;
    } catch (const std::bad_alloc&) {
        return c.fail(ERROR_NOT_ENOUGH_MEMORY);
    }
}

} // namespace api
} // namespace winhttp
