// WinHttpOpen, WinHttpConnect, WinHttpOpenRequest, WinHttpCloseHandle, WinHttpSetStatusCallback
// and WinHttpSetTimeouts: creating, configuring and closing handles.
#include "engine/api.h"
#include "engine/objects.h"
#include <new>

namespace winhttp::api {

namespace {

// A child starts with its parent's callback, notification flags and context value.
void inherit_callback(Object& child, const Object& parent)
{
    std::lock_guard<std::mutex> g(parent.lock);
    child.callback = parent.callback;
    child.notify_flags = parent.notify_flags;
    child.context = parent.context;
}

// Puts a new object in the table and queues HANDLE_CREATED; on failure frees it.
HINTERNET publish(Call& c, Object* obj)
{
    HINTERNET h = handle_insert(obj);
    if (!h) {
        obj->release();
        return c.fail(ERROR_NOT_ENOUGH_MEMORY, HINTERNET(nullptr));
    }
    obj->notify(c, WINHTTP_CALLBACK_STATUS_HANDLE_CREATED, &h, sizeof h);
    return h;
}

// A front's proxy configuration as the session keeps it: NAMED_PROXY with a proxy list, else
// NO_PROXY; false when there is none.
bool host_settings(const HostProxyConfig* in, ProxySettings& out)
{
    if (!in || !in->present) return false;
    if (in->access_type == WINHTTP_ACCESS_TYPE_NAMED_PROXY && in->proxy && *in->proxy) {
        out.access_type = WINHTTP_ACCESS_TYPE_NAMED_PROXY;
        out.proxy = in->proxy;
        if (in->bypass) out.bypass = in->bypass;
    }
    return true;
}

} // namespace

HINTERNET Open(Call& c, LPCWSTR agent, DWORD access_type, LPCWSTR proxy, LPCWSTR bypass, DWORD flags)
{
    return OpenWithHostProxy(c, agent, access_type, proxy, bypass, flags, nullptr, nullptr);
}

HINTERNET OpenWithHostProxy(Call& c, LPCWSTR agent, DWORD access_type, LPCWSTR proxy, LPCWSTR bypass,
                            DWORD flags, const HostProxyConfig* default_config,
                            const HostProxyConfig* user_config)
{
    // Only the documented access types (WinHttpOpen page); anything else is a bad parameter.
    switch (access_type) {
    case WINHTTP_ACCESS_TYPE_DEFAULT_PROXY:
    case WINHTTP_ACCESS_TYPE_NO_PROXY:
    case WINHTTP_ACCESS_TYPE_NAMED_PROXY:
    case WINHTTP_ACCESS_TYPE_AUTOMATIC_PROXY:
        break;
    default:
        return c.fail(ERROR_INVALID_PARAMETER, HINTERNET(nullptr));
    }
    // A named proxy needs a name, and only the documented flags exist (WinInet-style argument
    // checks; pinned in tests/conformance/handles.c).
    if (access_type == WINHTTP_ACCESS_TYPE_NAMED_PROXY && (!proxy || !*proxy))
        return c.fail(ERROR_INVALID_PARAMETER, HINTERNET(nullptr));
    if (flags & ~DWORD(WINHTTP_FLAG_ASYNC | WINHTTP_FLAG_SECURE_DEFAULTS))
        return c.fail(ERROR_INVALID_PARAMETER, HINTERNET(nullptr));
    try {
        Session* s = new Session;
        if (agent) s->agent = agent;
        s->open_flags = flags;
        // WINHTTP_FLAG_SECURE_DEFAULTS implies asynchronous use and TLS 1.2 or newer only.
        if (flags & WINHTTP_FLAG_SECURE_DEFAULTS) {
            s->open_flags |= WINHTTP_FLAG_ASYNC;
            s->settings.secure_protocols = WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2 | WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_3;
            s->settings.disable_secure_protocol_fallback = TRUE;
        }
        s->proxy.access_type = access_type;
        s->host_proxy.has_default = host_settings(default_config, s->host_proxy.default_proxy);
        s->host_proxy.has_user = host_settings(user_config, s->host_proxy.user_proxy) &&
                                 s->host_proxy.user_proxy.access_type == WINHTTP_ACCESS_TYPE_NAMED_PROXY;
        if (access_type == WINHTTP_ACCESS_TYPE_NAMED_PROXY) {
            if (proxy) s->proxy.proxy = proxy;
            if (bypass) s->proxy.bypass = bypass;
        } else if (access_type == WINHTTP_ACCESS_TYPE_DEFAULT_PROXY) {
            load_default_proxy(s->proxy, &s->host_proxy);
        }
        HINTERNET h = handle_insert(s);
        if (!h) {
            s->release();
            return c.fail(ERROR_NOT_ENOUGH_MEMORY, HINTERNET(nullptr));
        }
        return h;
    } catch (const std::bad_alloc&) {
        return c.fail(ERROR_NOT_ENOUGH_MEMORY, HINTERNET(nullptr));
    }
}

HINTERNET Connect(Call& c, HINTERNET hsession, LPCWSTR server, INTERNET_PORT port, DWORD reserved)
{
    Ref<Session> s = get_typed<Session>(c, hsession);
    if (!s) return nullptr;
    if (!server) return c.fail(ERROR_INVALID_PARAMETER, HINTERNET(nullptr));
    try {
        winhttp::Connect* conn = new winhttp::Connect;
        conn->host = server;
        conn->port = port;
        {
            std::lock_guard<std::mutex> g(s->lock);
            conn->settings = s->settings;
        }
        inherit_callback(*conn, *s);
        s->add_ref();
        conn->parent = s.get();
        return publish(c, conn);
    } catch (const std::bad_alloc&) {
        return c.fail(ERROR_NOT_ENOUGH_MEMORY, HINTERNET(nullptr));
    }
}

HINTERNET OpenRequest(Call& c, HINTERNET hconnect, LPCWSTR verb, LPCWSTR object, LPCWSTR version,
                      LPCWSTR referrer, LPCWSTR* accept_types, DWORD flags)
{
    Ref<winhttp::Connect> conn = get_typed<winhttp::Connect>(c, hconnect);
    if (!conn) return nullptr;
    try {
        Request* r = new Request;
        r->verb = (verb && *verb) ? verb : u"GET";
        if (object && *object) {
            r->path = object;
        } else {
            r->path = u"/";
        }
        r->version = (version && *version) ? version : u"HTTP/1.1";
        if (referrer) r->referrer = referrer;
        // Accept types become one comma-joined Accept request header, visible to
        // WinHttpQueryHeaders(WINHTTP_QUERY_FLAG_REQUEST_HEADERS) before sending.
        if (accept_types) {
            for (LPCWSTR* t = accept_types; *t; t++) {
                if (!**t) continue;
                r->accept_types.emplace_back(*t);
                r->request_headers.apply(u"Accept", *t,
                                         WINHTTP_ADDREQ_FLAG_ADD | WINHTTP_ADDREQ_FLAG_COALESCE_WITH_COMMA);
            }
        }
        // WINHTTP_FLAG_REFRESH (and BYPASS_PROXY_CACHE, the same) add "Pragma: no-cache", and for
        // HTTP/1.1 "Cache-Control: no-cache" (WinHttpOpenRequest page).
        if (flags & (WINHTTP_FLAG_REFRESH | WINHTTP_FLAG_BYPASS_PROXY_CACHE)) {
            r->request_headers.apply(u"Pragma", u"no-cache", WINHTTP_ADDREQ_FLAG_ADD_IF_NEW);
            if (r->version == u"HTTP/1.1")
                r->request_headers.apply(u"Cache-Control", u"no-cache", WINHTTP_ADDREQ_FLAG_ADD_IF_NEW);
        }
        r->open_flags = flags;
        {
            std::lock_guard<std::mutex> g(conn->lock);
            r->settings = conn->settings;
        }
        {
            // Timeouts come from the session as it is now (a connection only mirrors them), and
            // so does the proxy.
            Session* s = conn->session();
            std::lock_guard<std::mutex> g(s->lock);
            r->settings.resolve_timeout = s->settings.resolve_timeout;
            r->settings.connect_timeout = s->settings.connect_timeout;
            r->settings.send_timeout = s->settings.send_timeout;
            r->settings.receive_timeout = s->settings.receive_timeout;
            r->settings.receive_response_timeout = s->settings.receive_response_timeout;
            r->proxy = s->proxy;
        }
        inherit_callback(*r, *conn);
        conn->add_ref();
        r->parent = conn.get();
        return publish(c, r);
    } catch (const std::bad_alloc&) {
        return c.fail(ERROR_NOT_ENOUGH_MEMORY, HINTERNET(nullptr));
    }
}

BOOL CloseHandle(Call& c, HINTERNET h)
{
    Ref<Object> o = handle_remove(h);
    if (!o) return c.fail(ERROR_INVALID_HANDLE);
    {
        std::lock_guard<std::mutex> g(o->lock);
        o->closed = true;
        o->closing();
    }
    // Dropping `o` releases the table's reference; the object (and its HANDLE_CLOSING) goes
    // when the last user is done with it.
    return TRUE;
}

WINHTTP_STATUS_CALLBACK SetStatusCallback(Call& c, HINTERNET h, WINHTTP_STATUS_CALLBACK cb,
                                          DWORD notification_flags, DWORD_PTR reserved)
{
    // Installing the "invalid" sentinel itself would make every notification a wild call.
    if (cb == WINHTTP_INVALID_STATUS_CALLBACK)
        return c.fail(ERROR_INVALID_PARAMETER, WINHTTP_INVALID_STATUS_CALLBACK);
    Ref<Object> o = handle_get(h);
    if (!o) return c.fail(ERROR_INVALID_HANDLE, WINHTTP_INVALID_STATUS_CALLBACK);
    std::lock_guard<std::mutex> g(o->lock);
    WINHTTP_STATUS_CALLBACK prev = o->callback;
    o->callback = cb;
    o->notify_flags = cb ? notification_flags : 0;
    return prev;
}

BOOL SetTimeouts(Call& c, HINTERNET h, int resolve, int connect, int send, int receive)
{
    // Negative values other than -1 (infinite) are rejected before the handle is looked at.
    if (resolve < -1 || connect < -1 || send < -1 || receive < -1) return c.fail(ERROR_INVALID_PARAMETER);
    Ref<Object> o = handle_get(h);
    if (!o) return c.fail(ERROR_INVALID_HANDLE);
    Settings* st = nullptr;
    if (o->type == HandleType::Session) st = &static_cast<Session*>(o.get())->settings;
    else if (o->type == HandleType::Request) st = &static_cast<Request*>(o.get())->settings;
    else return c.fail(ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
    std::lock_guard<std::mutex> g(o->lock);
    st->resolve_timeout = resolve;
    st->connect_timeout = connect;
    st->send_timeout = send;
    st->receive_timeout = receive;
    return TRUE;
}

} // namespace winhttp::api
