// WinHttpCheckPlatform, WinHttpSetCredentials and WinHttpQueryAuthSchemes.
#include "engine/api.h"
#include "engine/objects.h"
#include <new>

namespace winhttp::api {

BOOL CheckPlatform(Call&)
{
    // Every platform this library runs on supports WinHTTP.
    return TRUE;
}

namespace {

bool known_scheme(DWORD s)
{
    switch (s) {
    case WINHTTP_AUTH_SCHEME_BASIC:
    case WINHTTP_AUTH_SCHEME_NTLM:
    case WINHTTP_AUTH_SCHEME_PASSPORT:
    case WINHTTP_AUTH_SCHEME_DIGEST:
    case WINHTTP_AUTH_SCHEME_NEGOTIATE:
        return true;
    default:
        return false;
    }
}

// The scheme bit of one WWW-Authenticate / Proxy-Authenticate value ("Basic realm=...").
DWORD scheme_of(u16view v)
{
    v = trim(v);
    size_t end = 0;
    while (end < v.size() && v[end] != u' ' && v[end] != u'\t' && v[end] != u',') end++;
    u16view name = v.substr(0, end);
    if (ieq(name, u"Basic")) return WINHTTP_AUTH_SCHEME_BASIC;
    if (ieq(name, u"NTLM")) return WINHTTP_AUTH_SCHEME_NTLM;
    if (ieq(name, u"Passport1.4")) return WINHTTP_AUTH_SCHEME_PASSPORT;
    if (ieq(name, u"Digest")) return WINHTTP_AUTH_SCHEME_DIGEST;
    if (ieq(name, u"Negotiate")) return WINHTTP_AUTH_SCHEME_NEGOTIATE;
    return 0;
}

} // namespace

BOOL SetCredentials(Call& c, HINTERNET h, DWORD targets, DWORD scheme, LPCWSTR user, LPCWSTR password,
                    LPVOID params)
{
    Ref<Request> r = get_typed<Request>(c, h);
    if (!r) return FALSE;
    if (targets != WINHTTP_AUTH_TARGET_SERVER && targets != WINHTTP_AUTH_TARGET_PROXY)
        return c.fail(ERROR_INVALID_PARAMETER);
    if (!known_scheme(scheme)) return c.fail(ERROR_INVALID_PARAMETER);
    // Basic and Digest need explicit credentials; NTLM/Negotiate may use the logged-on user's.
    if ((scheme == WINHTTP_AUTH_SCHEME_BASIC || scheme == WINHTTP_AUTH_SCHEME_DIGEST) && (!user || !password))
        return c.fail(ERROR_INVALID_PARAMETER);
    try {
        std::lock_guard<std::mutex> g(r->lock);
        Request::Credentials& cr = targets == WINHTTP_AUTH_TARGET_SERVER ? r->server_creds : r->proxy_creds;
        cr.scheme = scheme;
        cr.user = user ? user : u"";
        cr.password = password ? password : u"";
        cr.set = true;
    } catch (const std::bad_alloc&) {
        return c.fail(ERROR_NOT_ENOUGH_MEMORY);
    }
    return TRUE;
}

BOOL QueryAuthSchemes(Call& c, HINTERNET h, LPDWORD supported, LPDWORD first, LPDWORD target)
{
    Ref<Request> r = get_typed<Request>(c, h);
    if (!r) return FALSE;
    if (!supported || !first || !target) return c.fail(ERROR_INVALID_PARAMETER);
    std::lock_guard<std::mutex> g(r->lock);
    // Server challenges first, then proxy ones; no challenge at all (including "no response
    // yet") is ERROR_INVALID_OPERATION, as Wine's tests pin for Windows.
    const struct { u16view header; DWORD target; } kinds[] = {
        {u"WWW-Authenticate", WINHTTP_AUTH_TARGET_SERVER},
        {u"Proxy-Authenticate", WINHTTP_AUTH_TARGET_PROXY},
    };
    if (r->state == RequestState::Opened || r->state == RequestState::Sending || r->state == RequestState::Sent)
        return c.fail(ERROR_INVALID_OPERATION);
    for (const auto& k : kinds) {
        DWORD all = 0, first_scheme = 0;
        for (size_t i = 0;; i++) {
            const u16string* v = r->response_headers.get(k.header, i);
            if (!v) break;
            DWORD s = scheme_of(*v);
            if (!s) continue;
            if (!first_scheme) first_scheme = s;
            all |= s;
        }
        if (all) {
            *supported = all;
            *first = first_scheme;
            *target = k.target;
            return TRUE;
        }
    }
    return c.fail(ERROR_INVALID_OPERATION);
}

} // namespace winhttp::api
