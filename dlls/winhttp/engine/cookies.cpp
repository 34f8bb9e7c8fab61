// The per-session cookie jar (see cookies.h).
#include "engine/cookies.h"
#include "engine/httptime.h"
#include <algorithm>
#include <chrono>
#include <climits>

namespace winhttp {

namespace {

constexpr int64_t kNever = INT64_MAX;     // session cookies never expire on their own
constexpr int64_t kEarliest = INT64_MIN;  // Max-Age <= 0: already expired

bool is_wsp(char c) { return c == ' ' || c == '\t'; }

std::string_view trim_wsp(std::string_view s)
{
    while (!s.empty() && is_wsp(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_wsp(s.back())) s.remove_suffix(1);
    return s;
}

char lower(char c) { return (c >= 'A' && c <= 'Z') ? char(c + 32) : c; }

std::string lower_str(std::string_view s)
{
    std::string out(s);
    for (char& c : out) c = lower(c);
    return out;
}

bool ieq_ascii(std::string_view a, std::string_view b)
{
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); i++)
        if (lower(a[i]) != lower(b[i])) return false;
    return true;
}

// The host as the jar compares it: lower case, IPv6 brackets and a trailing dot removed.
std::string canonical_host(std::string_view host)
{
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    while (!host.empty() && host.back() == '.') host.remove_suffix(1);
    return lower_str(host);
}

// An IP address literal (domain cookies never apply to those).
bool is_ip_literal(std::string_view host)
{
    if (host.find(':') != std::string_view::npos) return true;   // IPv6
    if (host.empty()) return false;
    int dots = 0;
    for (char c : host) {
        if (c == '.') dots++;
        else if (c < '0' || c > '9') return false;
    }
    return dots == 3;
}

// Max-Age: an optional '-' then digits only (RFC 6265 5.2.2); false when not of that form.
bool parse_max_age(std::string_view v, int64_t& out)
{
    bool neg = false;
    if (!v.empty() && v.front() == '-') {
        neg = true;
        v.remove_prefix(1);
    }
    if (v.empty()) return false;
    int64_t n = 0;
    for (char c : v) {
        if (c < '0' || c > '9') return false;
        if (n < INT64_MAX / 10) n = n * 10 + (c - '0');
        else n = INT64_MAX;   // saturate: "forever" is as good as any larger number
    }
    out = neg ? -n : n;
    return true;
}

} // namespace

int64_t unix_now()
{
    using namespace std::chrono;
    return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

bool parse_set_cookie(std::string_view header, SetCookie& out)
{
    out = SetCookie();
    size_t semi = header.find(';');
    std::string_view pair = header.substr(0, semi);
    std::string_view attrs = semi == std::string_view::npos ? std::string_view() : header.substr(semi + 1);
    size_t eq = pair.find('=');
    if (eq == std::string_view::npos) return false;
    std::string_view name = trim_wsp(pair.substr(0, eq));
    if (name.empty()) return false;
    out.name = name;
    out.value = trim_wsp(pair.substr(eq + 1));

    while (!attrs.empty()) {
        semi = attrs.find(';');
        std::string_view av = attrs.substr(0, semi);
        attrs = semi == std::string_view::npos ? std::string_view() : attrs.substr(semi + 1);
        eq = av.find('=');
        std::string_view an = trim_wsp(av.substr(0, eq));
        std::string_view val = eq == std::string_view::npos ? std::string_view() : trim_wsp(av.substr(eq + 1));
        if (ieq_ascii(an, "expires")) {
            SYSTEMTIME st;
            if (parse_http_date(val, st)) {
                out.has_expires = true;
                out.expires = systemtime_to_unix(st);
            }
        } else if (ieq_ascii(an, "max-age")) {
            int64_t n;
            if (parse_max_age(val, n)) {
                out.has_max_age = true;
                out.max_age = n;
            }
        } else if (ieq_ascii(an, "domain")) {
            if (!val.empty()) {   // an empty Domain is ignored (5.2.3), the last one wins
                if (val.front() == '.') val.remove_prefix(1);
                out.domain = lower_str(val);
            }
        } else if (ieq_ascii(an, "path")) {
            // A Path that is empty or does not start with '/' stands for the default path.
            out.path = (!val.empty() && val.front() == '/') ? std::string(val) : std::string();
        } else if (ieq_ascii(an, "secure")) {
            out.secure = true;
        } else if (ieq_ascii(an, "httponly")) {
            out.http_only = true;
        }
        // SameSite and unknown attributes are ignored (Windows ignores SameSite too).
    }
    return true;
}

bool cookie_domain_match(std::string_view host, std::string_view domain)
{
    if (host == domain) return true;
    if (domain.empty() || host.size() <= domain.size()) return false;
    if (host.substr(host.size() - domain.size()) != domain) return false;
    if (host[host.size() - domain.size() - 1] != '.') return false;
    return !is_ip_literal(host);
}

bool cookie_path_match(std::string_view request_path, std::string_view cookie_path)
{
    if (request_path == cookie_path) return true;
    if (request_path.size() <= cookie_path.size()) return false;
    if (request_path.substr(0, cookie_path.size()) != cookie_path) return false;
    return cookie_path.back() == '/' || request_path[cookie_path.size()] == '/';
}

std::string cookie_default_path(std::string_view request_path)
{
    if (request_path.empty() || request_path.front() != '/') return "/";
    size_t last = request_path.rfind('/');
    if (last == 0) return "/";
    return std::string(request_path.substr(0, last));
}

std::string cookie_request_path(std::string_view target)
{
    if (target.empty() || target.front() != '/') {
        size_t sep = target.find("://");
        if (sep == std::string_view::npos) return "/";
        size_t slash = target.find_first_of("/?#", sep + 3);
        if (slash == std::string_view::npos || target[slash] != '/') return "/";
        target.remove_prefix(slash);
    }
    size_t end = target.find_first_of("?#");
    return std::string(target.substr(0, end));
}

// ---------------------------------------------------------------- the jar

bool CookieJar::set_cookie(std::string_view header, std::string_view host_in,
                           std::string_view request_target, int64_t now)
{
    SetCookie sc;
    if (!parse_set_cookie(header, sc)) return false;
    if (sc.name.size() + sc.value.size() > kMaxCookieBytes) return false;
    std::string host = canonical_host(host_in);
    if (host.empty()) return false;

    Cookie c;
    c.name = std::move(sc.name);
    c.value = std::move(sc.value);
    c.secure = sc.secure;
    c.http_only = sc.http_only;
    if (sc.has_max_age) {
        c.persistent = true;
        c.expiry = sc.max_age <= 0 ? kEarliest
                 : (sc.max_age > INT64_MAX - now ? kNever : now + sc.max_age);
    } else if (sc.has_expires) {
        c.persistent = true;
        c.expiry = sc.expires;
    } else {
        c.expiry = kNever;
    }

    std::string domain = std::move(sc.domain);
    while (!domain.empty() && domain.back() == '.') domain.pop_back();
    if (!domain.empty() && domain.find('.') == std::string::npos) {
        // No public suffix list: a bare top-level name ("com") stands in for one. It is fine
        // only when it is the request's own host ("localhost"), and then host-only.
        if (domain != host) return false;
        domain.clear();
    }
    if (!domain.empty()) {
        if (!cookie_domain_match(host, domain)) return false;   // a cookie for another site
        c.host_only = false;
        c.domain = std::move(domain);
    } else {
        c.host_only = true;
        c.domain = host;
    }
    c.path = sc.path.empty() ? cookie_default_path(cookie_request_path(request_target)) : std::move(sc.path);

    std::lock_guard<std::mutex> g(lock_);
    purge_expired_locked(now);
    bool changed = false;
    c.creation = now;
    for (auto it = cookies_.begin(); it != cookies_.end(); ++it) {
        if (it->name == c.name && it->domain == c.domain && it->path == c.path) {
            c.creation = it->creation;   // a replacement keeps the old creation time (5.3 step 11)
            c.order = it->order;
            cookies_.erase(it);
            changed = true;
            break;
        }
    }
    if (c.expiry <= now) return changed;   // an expired cookie only deletes
    if (!changed) c.order = next_order_++;
    cookies_.push_back(std::move(c));
    evict_locked(cookies_.back().domain);
    return true;
}

size_t CookieJar::set_from_response(const HeaderStore& response, std::string_view host,
                                    std::string_view request_target, int64_t now)
{
    size_t stored = 0;
    for (size_t i = 0; const u16string* v = response.get(u"Set-Cookie", i); i++)
        if (set_cookie(narrow(*v), host, request_target, now)) stored++;
    return stored;
}

std::string CookieJar::cookie_header(std::string_view host_in, std::string_view request_target,
                                     bool secure, int64_t now)
{
    std::string host = canonical_host(host_in);
    std::string path = cookie_request_path(request_target);
    std::vector<const Cookie*> hits;
    std::lock_guard<std::mutex> g(lock_);
    purge_expired_locked(now);
    for (const Cookie& c : cookies_) {
        if (c.host_only ? host != c.domain : !cookie_domain_match(host, c.domain)) continue;
        if (!cookie_path_match(path, c.path)) continue;
        if (c.secure && !secure) continue;
        hits.push_back(&c);
    }
    std::stable_sort(hits.begin(), hits.end(), [](const Cookie* a, const Cookie* b) {
        if (a->path.size() != b->path.size()) return a->path.size() > b->path.size();
        if (a->creation != b->creation) return a->creation < b->creation;
        return a->order < b->order;
    });
    std::string out;
    for (const Cookie* c : hits) {
        if (!out.empty()) out += "; ";
        out += c->name;
        out += '=';
        out += c->value;
    }
    return out;
}

size_t CookieJar::size() const
{
    std::lock_guard<std::mutex> g(lock_);
    return cookies_.size();
}

void CookieJar::clear()
{
    std::lock_guard<std::mutex> g(lock_);
    cookies_.clear();
}

std::vector<Cookie> CookieJar::snapshot() const
{
    std::lock_guard<std::mutex> g(lock_);
    return cookies_;
}

void CookieJar::purge_expired_locked(int64_t now)
{
    cookies_.erase(std::remove_if(cookies_.begin(), cookies_.end(),
                                  [now](const Cookie& c) { return c.expiry <= now; }),
                   cookies_.end());
}

void CookieJar::evict_locked(std::string_view domain)
{
    auto oldest = [this](auto pred) {
        auto best = cookies_.end();
        for (auto it = cookies_.begin(); it != cookies_.end(); ++it)
            if (pred(*it) && (best == cookies_.end() || it->creation < best->creation ||
                              (it->creation == best->creation && it->order < best->order)))
                best = it;
        return best;
    };
    auto in_domain = [domain](const Cookie& c) { return c.domain == domain; };
    while (size_t(std::count_if(cookies_.begin(), cookies_.end(), in_domain)) > kMaxPerDomain)
        cookies_.erase(oldest(in_domain));
    while (cookies_.size() > kMaxTotal)
        cookies_.erase(oldest([](const Cookie&) { return true; }));
}

} // namespace winhttp
