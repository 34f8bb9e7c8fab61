// The per-session cookie jar (RFC 6265): parsing Set-Cookie values received for a request URL,
// storage with the replacement, expiry and eviction rules, and the jar's part of the Cookie
// header of a request. Cookies are bytes as they came off the wire; host names are compared
// ASCII case-insensitively. Thread-safe: every member function takes the jar's own lock.
// Time is "seconds since 1970 UTC"; every function that needs it takes it as `now` (tests pass
// their own clock, the engine passes unix_now()).
#pragma once
#include "engine/headers.h"
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace winhttp {

int64_t unix_now();

struct Cookie {
    std::string name, value;
    std::string domain;        // lower case, no leading dot: the host (host-only) or the Domain
    std::string path;          // the Path attribute, else the request's default path
    bool host_only = true;     // no Domain attribute: sent to exactly this host only
    bool secure = false;       // sent over https only
    bool http_only = false;    // kept and sent (an HTTP client is no script)
    bool persistent = false;   // Expires or Max-Age was given
    int64_t expiry = 0;        // persistent cookies: the moment it expires (seconds)
    int64_t creation = 0;      // kept when a cookie replaces one of the same name/domain/path
    uint64_t order = 0;        // insertion sequence: breaks ties between equal creation times
};

// One Set-Cookie value parsed (RFC 6265 section 5.2); false when it is to be ignored (no '=' in
// the name-value pair, an empty name). Domain is lower-cased with its leading dot removed and is
// empty when absent; `has_max_age`/`has_expires` tell which expiry attribute (last one wins)
// was usable.
struct SetCookie {
    std::string name, value, domain, path;
    bool secure = false, http_only = false;
    bool has_max_age = false, has_expires = false;
    int64_t max_age = 0;       // seconds, may be <= 0
    int64_t expires = 0;       // seconds since 1970
};
bool parse_set_cookie(std::string_view header, SetCookie& out);

// RFC 6265 helpers, exposed for tests.
bool cookie_domain_match(std::string_view host, std::string_view domain);   // both lower case
bool cookie_path_match(std::string_view request_path, std::string_view cookie_path);
std::string cookie_default_path(std::string_view request_path);
// The path of a request target: the part before '?' or '#', "/" when it does not start with '/'
// (an absolute-form target "http://h/p?q" gives "/p").
std::string cookie_request_path(std::string_view target);

class CookieJar {
public:
    // Bounds of the jar (RFC 6265 section 6.1 asks for at least 4096 bytes per cookie, 50 per
    // domain and 3000 in all). Beyond them the oldest cookies are evicted.
    static constexpr size_t kMaxCookieBytes = 4096;   // name + value + attributes' text
    static constexpr size_t kMaxPerDomain = 180;
    static constexpr size_t kMaxTotal = 3000;

    CookieJar() = default;
    CookieJar(const CookieJar&) = delete;
    CookieJar& operator=(const CookieJar&) = delete;

    // Stores (or deletes, for an expired one) the cookie of one Set-Cookie header value received
    // in answer to a request for `host` (the URL's host, without brackets or port) and
    // `request_target` (path and query as sent). Returns true when the jar changed.
    bool set_cookie(std::string_view header, std::string_view host, std::string_view request_target,
                    int64_t now = unix_now());
    // Every Set-Cookie header of a response store, in order; returns how many were stored.
    size_t set_from_response(const HeaderStore& response, std::string_view host,
                             std::string_view request_target, int64_t now = unix_now());

    // The jar's part of the Cookie header for a request: "a=1; b=2" (RFC order: longer paths
    // first, then earlier creation), or "" when no cookie applies. `secure` is true for https.
    // Expired cookies are dropped on the way.
    std::string cookie_header(std::string_view host, std::string_view request_target, bool secure,
                              int64_t now = unix_now());

    size_t size() const;
    void clear();
    std::vector<Cookie> snapshot() const;   // a copy of every cookie, in storage order

private:
    void purge_expired_locked(int64_t now);
    void evict_locked(std::string_view domain);

    mutable std::mutex lock_;
    std::vector<Cookie> cookies_;
    uint64_t next_order_ = 0;
};

} // namespace winhttp
