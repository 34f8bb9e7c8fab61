// The ELF half of the Wine bridge (winhttp.so): Wine's unix call table over the engine. Each
// entry unpacks a parameter block (unixlib.h), runs the engine entry point with a Call, and
// hands back the result, the last error and the notifications owed; the PE half delivers them
// on the calling Windows thread. The network functions are engine operations: a start call, then
// steps (sync) or the engine's Dispatcher (async), with the notes delivered between steps by the
// PE half. No API logic lives here.
#include "engine/api.h"
#include "engine/dispatch.h"
#include "engine/operation.h"
#include "engine/proxy_config.h"
#include "engine/request_ops.h"
#include "engine/trace.h"
#include "io/reactor.h"
#include "unixlib/unixlib.h"
#include <cstdlib>
#include <cstring>
#include <cstdio>
#include <memory>
#include <new>
#include <string>
#include <type_traits>
#include <vector>

using namespace winhttp;

namespace {

constexpr wh_ntstatus kStatusSuccess = 0;
constexpr wh_ntstatus kStatusNoMemory = static_cast<wh_ntstatus>(0xC0000017);

template <class T> T* ptr(uint64_t v) { return reinterpret_cast<T*>(static_cast<uintptr_t>(v)); }
LPCWSTR wstr(uint64_t v) { return ptr<const char16_t>(v); }
template <class T> uint64_t u64(T v)
{
    if constexpr (std::is_pointer_v<T>) return reinterpret_cast<uintptr_t>(v);
    else return static_cast<uint64_t>(v);
}

template <class R> bool failed_result(const R& r, const Call& c)
{
    if constexpr (std::is_same_v<R, WINHTTP_STATUS_CALLBACK>) return r == WINHTTP_INVALID_STATUS_CALLBACK;
    else if constexpr (std::is_pointer_v<R>) return r == nullptr;
    else return c.error != ERROR_SUCCESS;
}

// Copies the call's notifications into one malloc'd array of wh_note for the PE side.
wh_ntstatus pack_notes(Call& c, wh_result& r)
{
    r.notes = 0;
    r.note_count = 0;
    if (c.notes.empty()) return kStatusSuccess;
    auto* out = static_cast<wh_note*>(std::calloc(c.notes.size(), sizeof(wh_note)));
    if (!out) return kStatusNoMemory;
    for (size_t i = 0; i < c.notes.size(); i++) {
        Notification& n = c.notes[i];
        wh_note& o = out[i];
        o.callback = u64(reinterpret_cast<void*>(n.callback));
        o.handle = u64(n.handle);
        o.context = u64(n.context);
        o.status = n.status;
        o.info_len = n.info_len;
        if (n.inline_info) {
            o.info_inline = 1;
            std::memcpy(o.info_bytes, n.info_inline, sizeof o.info_bytes);
        } else {
            o.info = u64(n.info_external);
        }
    }
    r.notes = u64(out);
    r.note_count = static_cast<uint32_t>(c.notes.size());
    c.notes.clear();
    return kStatusSuccess;
}

// Runs one engine entry point and fills `r`; the trace line matches the native front's.
template <class F, class... A> wh_ntstatus run(wh_result& r, const char* name, F&& fn, const A&... args)
{
    Call c;
    auto result = fn(c);
    if constexpr (std::is_same_v<decltype(result), WINHTTP_STATUS_CALLBACK>)
        r.ret = u64(reinterpret_cast<void*>(result));
    else
        r.ret = u64(result);
    r.error = c.error;
    r.keep_last_error = c.keep_last_error;
    if (trace::enabled()) trace::call(name, result, failed_result(result, c), c.error, args...);
    return pack_notes(c, r);
}

template <class P> P& params(void* a) { return *static_cast<P*>(a); }

// A registry configuration of the PE side as the engine takes it (null when absent).
const api::HostProxyConfig* host_config(const wh_proxy_config& in, api::HostProxyConfig& out)
{
    if (!in.present) return nullptr;
    out = {true, in.access_type, wstr(in.proxy), wstr(in.bypass)};
    return &out;
}

wh_ntstatus Open(void* a)
{
    auto& p = params<wh_open_params>(a);
    const auto* host = ptr<const wh_host_proxy>(p.host_proxy);
    api::HostProxyConfig d, u;
    const api::HostProxyConfig* def = host ? host_config(host->default_config, d) : nullptr;
    const api::HostProxyConfig* user = host ? host_config(host->user_config, u) : nullptr;
    return run(p.r, "WinHttpOpen",
               [&](Call& c) {
                   return api::OpenWithHostProxy(c, wstr(p.agent), p.access_type, wstr(p.proxy), wstr(p.bypass),
                                                 p.flags, def, user);
               },
               wstr(p.agent), p.access_type, wstr(p.proxy), wstr(p.bypass), p.flags);
}

wh_ntstatus Connect(void* a)
{
    auto& p = params<wh_connect_params>(a);
    auto port = static_cast<INTERNET_PORT>(p.port);
    return run(p.r, "WinHttpConnect",
               [&](Call& c) { return api::Connect(c, ptr<void>(p.session), wstr(p.server), port, p.reserved); },
               ptr<void>(p.session), wstr(p.server), port, p.reserved);
}

wh_ntstatus OpenRequest(void* a)
{
    auto& p = params<wh_open_request_params>(a);
    auto accept = ptr<LPCWSTR>(p.accept_types);
    return run(p.r, "WinHttpOpenRequest",
               [&](Call& c) {
                   return api::OpenRequest(c, ptr<void>(p.connect), wstr(p.verb), wstr(p.object), wstr(p.version),
                                           wstr(p.referrer), accept, p.flags);
               },
               ptr<void>(p.connect), wstr(p.verb), wstr(p.object), wstr(p.version), wstr(p.referrer), accept,
               p.flags);
}

wh_ntstatus CloseHandle(void* a)
{
    auto& p = params<wh_handle_params>(a);
    return run(p.r, "WinHttpCloseHandle", [&](Call& c) { return api::CloseHandle(c, ptr<void>(p.handle)); },
               ptr<void>(p.handle));
}

wh_ntstatus SetStatusCallback(void* a)
{
    auto& p = params<wh_set_status_callback_params>(a);
    auto cb = reinterpret_cast<WINHTTP_STATUS_CALLBACK>(static_cast<uintptr_t>(p.callback));
    auto reserved = static_cast<DWORD_PTR>(p.reserved);
    return run(p.r, "WinHttpSetStatusCallback",
               [&](Call& c) { return api::SetStatusCallback(c, ptr<void>(p.handle), cb, p.flags, reserved); },
               ptr<void>(p.handle), ptr<void>(p.callback), p.flags, static_cast<unsigned long long>(p.reserved));
}

wh_ntstatus SetTimeouts(void* a)
{
    auto& p = params<wh_set_timeouts_params>(a);
    return run(p.r, "WinHttpSetTimeouts",
               [&](Call& c) {
                   return api::SetTimeouts(c, ptr<void>(p.handle), p.resolve, p.connect, p.send, p.receive);
               },
               ptr<void>(p.handle), int(p.resolve), int(p.connect), int(p.send), int(p.receive));
}

wh_ntstatus SetOption(void* a)
{
    auto& p = params<wh_set_option_params>(a);
    return run(p.r, "WinHttpSetOption",
               [&](Call& c) { return api::SetOption(c, ptr<void>(p.handle), p.option, ptr<void>(p.buffer), p.length); },
               ptr<void>(p.handle), p.option, ptr<void>(p.buffer), p.length);
}

wh_ntstatus QueryOption(void* a)
{
    auto& p = params<wh_query_option_params>(a);
    return run(p.r, "WinHttpQueryOption",
               [&](Call& c) {
                   return api::QueryOption(c, ptr<void>(p.handle), p.option, ptr<void>(p.buffer), ptr<DWORD>(p.length));
               },
               ptr<void>(p.handle), p.option, ptr<void>(p.buffer), ptr<DWORD>(p.length));
}

wh_ntstatus CrackUrl(void* a)
{
    auto& p = params<wh_crack_url_params>(a);
    auto uc = ptr<URL_COMPONENTS>(p.components);
    return run(p.r, "WinHttpCrackUrl", [&](Call& c) { return api::CrackUrl(c, wstr(p.url), p.length, p.flags, uc); },
               wstr(p.url), p.length, p.flags, uc);
}

wh_ntstatus CreateUrl(void* a)
{
    auto& p = params<wh_create_url_params>(a);
    auto uc = ptr<URL_COMPONENTS>(p.components);
    return run(p.r, "WinHttpCreateUrl",
               [&](Call& c) { return api::CreateUrl(c, uc, p.flags, ptr<char16_t>(p.url), ptr<DWORD>(p.length)); },
               uc, p.flags, ptr<char16_t>(p.url), ptr<DWORD>(p.length));
}

wh_ntstatus TimeFromSystemTime(void* a)
{
    auto& p = params<wh_time_from_params>(a);
    auto st = ptr<const SYSTEMTIME>(p.systime);
    return run(p.r, "WinHttpTimeFromSystemTime",
               [&](Call& c) { return api::TimeFromSystemTime(c, st, ptr<char16_t>(p.time)); }, st,
               ptr<char16_t>(p.time));
}

wh_ntstatus TimeToSystemTime(void* a)
{
    auto& p = params<wh_time_to_params>(a);
    auto st = ptr<SYSTEMTIME>(p.systime);
    return run(p.r, "WinHttpTimeToSystemTime", [&](Call& c) { return api::TimeToSystemTime(c, wstr(p.time), st); },
               wstr(p.time), st);
}

wh_ntstatus AddRequestHeaders(void* a)
{
    auto& p = params<wh_add_headers_params>(a);
    return run(p.r, "WinHttpAddRequestHeaders",
               [&](Call& c) {
                   return api::AddRequestHeaders(c, ptr<void>(p.request), wstr(p.headers), p.length, p.modifiers);
               },
               ptr<void>(p.request), wstr(p.headers), p.length, p.modifiers);
}

wh_ntstatus AddRequestHeadersEx(void* a)
{
    auto& p = params<wh_add_headers_ex_params>(a);
    auto headers = ptr<WINHTTP_EXTENDED_HEADER>(p.headers);
    return run(p.r, "WinHttpAddRequestHeadersEx",
               [&](Call& c) {
                   return api::AddRequestHeadersEx(c, ptr<void>(p.request), p.modifiers, p.flags, p.extra, p.count,
                                                   headers);
               },
               ptr<void>(p.request), p.modifiers, static_cast<unsigned long long>(p.flags),
               static_cast<unsigned long long>(p.extra), p.count, headers);
}

wh_ntstatus QueryHeaders(void* a)
{
    auto& p = params<wh_query_headers_params>(a);
    return run(p.r, "WinHttpQueryHeaders",
               [&](Call& c) {
                   return api::QueryHeaders(c, ptr<void>(p.request), p.level, wstr(p.name), ptr<void>(p.buffer),
                                            ptr<DWORD>(p.length), ptr<DWORD>(p.index));
               },
               ptr<void>(p.request), p.level, wstr(p.name), ptr<void>(p.buffer), ptr<DWORD>(p.length),
               ptr<DWORD>(p.index));
}

wh_ntstatus QueryHeadersEx(void* a)
{
    auto& p = params<wh_query_headers_ex_params>(a);
    auto name = ptr<WINHTTP_HEADER_NAME>(p.name);
    auto headers = ptr<PWINHTTP_EXTENDED_HEADER>(p.headers);
    return run(p.r, "WinHttpQueryHeadersEx",
               [&](Call& c) {
                   return api::QueryHeadersEx(c, ptr<void>(p.request), p.level, p.flags, p.codepage, ptr<DWORD>(p.index),
                                              name, ptr<void>(p.buffer), ptr<DWORD>(p.length), headers,
                                              ptr<DWORD>(p.count));
               },
               ptr<void>(p.request), p.level, static_cast<unsigned long long>(p.flags), p.codepage,
               ptr<DWORD>(p.index), name, ptr<void>(p.buffer), ptr<DWORD>(p.length), headers, ptr<DWORD>(p.count));
}

wh_ntstatus GetIEProxyConfigForCurrentUser(void* a)
{
    auto& p = params<wh_pointer_params>(a);
    auto cfg = ptr<WINHTTP_CURRENT_USER_IE_PROXY_CONFIG>(p.ptr);
    return run(p.r, "WinHttpGetIEProxyConfigForCurrentUser",
               [&](Call& c) { return api::GetIEProxyConfigForCurrentUser(c, cfg); }, cfg);
}

wh_ntstatus GetDefaultProxyConfiguration(void* a)
{
    auto& p = params<wh_pointer_params>(a);
    auto info = ptr<WINHTTP_PROXY_INFO>(p.ptr);
    return run(p.r, "WinHttpGetDefaultProxyConfiguration",
               [&](Call& c) { return api::GetDefaultProxyConfiguration(c, info); }, info);
}

wh_ntstatus SetDefaultProxyConfiguration(void* a)
{
    auto& p = params<wh_pointer_params>(a);
    auto info = ptr<WINHTTP_PROXY_INFO>(p.ptr);
    return run(p.r, "WinHttpSetDefaultProxyConfiguration",
               [&](Call& c) { return api::SetDefaultProxyConfiguration(c, info); }, info);
}

wh_ntstatus CheckPlatform(void* a)
{
    auto& p = params<wh_pointer_params>(a);
    return run(p.r, "WinHttpCheckPlatform", [&](Call& c) { return api::CheckPlatform(c); });
}

wh_ntstatus SetCredentials(void* a)
{
    auto& p = params<wh_set_credentials_params>(a);
    LPCWSTR shown_password = p.password ? u"****" : nullptr;
    return run(p.r, "WinHttpSetCredentials",
               [&](Call& c) {
                   return api::SetCredentials(c, ptr<void>(p.request), p.targets, p.scheme, wstr(p.user),
                                              wstr(p.password), ptr<void>(p.params));
               },
               ptr<void>(p.request), p.targets, p.scheme, wstr(p.user), shown_password, ptr<void>(p.params));
}

wh_ntstatus SetClientCertificate(void* a)
{
    auto& p = params<wh_client_cert_params>(a);
    return run(p.r, "SetClientCertificate",
               [&](Call& c) {
                   return api::SetClientCertificate(c, ptr<void>(p.request), ptr<void>(p.der), p.der_length,
                                                    ptr<void>(p.key_blob), p.key_blob_length, p.key_error);
               },
               ptr<void>(p.request), p.der_length, p.key_blob_length, p.key_error);
}

wh_ntstatus QueryAuthSchemes(void* a)
{
    auto& p = params<wh_query_auth_schemes_params>(a);
    return run(p.r, "WinHttpQueryAuthSchemes",
               [&](Call& c) {
                   return api::QueryAuthSchemes(c, ptr<void>(p.request), ptr<DWORD>(p.supported), ptr<DWORD>(p.first),
                                                ptr<DWORD>(p.target));
               },
               ptr<void>(p.request), ptr<DWORD>(p.supported), ptr<DWORD>(p.first), ptr<DWORD>(p.target));
}

// ---- The network functions: operations driven by the PE side (one start call, then steps).

// The reactors of this thread (a Windows thread is a pthread, so this is per Windows thread).
// A sync operation waits in the reactor of its nesting depth: an operation whose callback runs a
// nested one (on this same thread) may have its waiter armed meanwhile, and must not have it
// handed to the nested operation's wait. Sync operations on one thread end in LIFO order.
struct ThreadReactors {
    std::vector<std::unique_ptr<io::Reactor>> by_depth;
    size_t depth = 0;
};
thread_local ThreadReactors thread_reactors;

// What the opaque operation id names.
struct OpRecord {
    std::unique_ptr<Operation> op;
    io::Reactor* reactor = nullptr;
    size_t depth = 0;
    const char* name = nullptr;   // the API function, for the trace line
    std::string args;             // its arguments rendered at start (only when tracing)
    bool done = false;            // ... and then its final error
    DWORD error = ERROR_SUCCESS;
};

template <class... A> std::string render_args(const A&... a)
{
    std::string args;
    bool first = true;
    ((args += first ? "" : ", ", first = false, trace::arg(args, a)), ...);
    return args;
}

// The line the native front writes (native/drive.h): the result as a BOOL, for ReadDataEx too.
void trace_end(const char* name, const std::string& args, DWORD error)
{
    std::string res;
    trace::arg(res, BOOL(error == ERROR_SUCCESS));
    trace::emit(name, args, res, error != ERROR_SUCCESS, error);
}

// Ends the operation (under the current Call, which gets what its destruction queues, such as
// HANDLE_CLOSING when it held the request's last reference) and gives its reactor back.
void end_op(OpRecord* rec)
{
    if (!rec->op) return;
    rec->op.reset();   // (an abandoned operation takes its waiter out of the reactor itself)
    ThreadReactors& tr = thread_reactors;
    if (rec->depth < tr.depth) tr.depth = rec->depth;
}

// Once everything is delivered: the trace line (after the callbacks, as the native front writes
// it) and the record goes.
void finish_record(OpRecord* rec)
{
    if (rec->done && trace::enabled()) trace_end(rec->name, rec->args, rec->error);
    delete rec;
}

// After the operation is done or abandoned, with `c` holding the notes still to deliver: ends
// the operation unless those notes point into it, and finishes the record once nothing is left
// to deliver. Returns whether the record is kept (the PE side calls wh_unix_op_free after
// delivering the notes).
uint32_t wind_down(Call& c, OpRecord* rec)
{
    bool points_in = false;
    for (const Notification& n : c.notes)
        if (!n.inline_info && n.info_external) points_in = true;
    if (!points_in) end_op(rec);
    if (!c.notes.empty()) return 1;
    finish_record(rec);
    return 0;
}

// Starts one operation: `make(c)` is the engine's make_* function with the API's arguments.
// r.ret is the operation id, or 0 when the call failed at once (r.error set, trace written).
template <class Make, class... A>
wh_ntstatus start_op(wh_result& r, const char* name, Make&& make, const A&... args)
{
    Call c;
    r.ret = 0;
    std::string rendered;
    try {
        if (trace::enabled()) rendered = render_args(args...);
        auto rec = std::make_unique<OpRecord>();
        rec->op = make(c);
        if (rec->op && rec->op->async) {
            // An asynchronous session: the dispatcher runs it; the call succeeds now.
            Dispatcher* d = nullptr;
            if (DWORD e = Dispatcher::get(d)) {
                c.error = e;
            } else {
                d->submit(rec->op.release());
                if (trace::enabled()) trace_end(name, rendered, ERROR_SUCCESS);
                r.error = ERROR_SUCCESS;
                return pack_notes(c, r);
            }
        } else if (rec->op) {
            // Synchronous: the reactor of this thread's nesting depth (created on first use;
            // as natively, the operation is dropped if that fails).
            ThreadReactors& tr = thread_reactors;
            if (tr.depth == tr.by_depth.size()) {
                std::unique_ptr<io::Reactor> reactor;
                if (DWORD e = io::Reactor::create(reactor)) c.error = e;
                else tr.by_depth.push_back(std::move(reactor));
            }
            if (c.error == ERROR_SUCCESS) {
                rec->reactor = tr.by_depth[tr.depth].get();
                rec->depth = tr.depth++;
                rec->name = name;
                rec->args = std::move(rendered);
                r.ret = u64(rec.release());
            }
        }
    } catch (const std::bad_alloc&) {
        c.error = ERROR_NOT_ENOUGH_MEMORY;
    }
    if (!r.ret) {
        if (c.error == ERROR_SUCCESS) c.error = ERROR_WINHTTP_INTERNAL_ERROR;
        r.error = c.error;
        if (trace::enabled()) trace_end(name, rendered, c.error);
    }
    return pack_notes(c, r);
}

wh_ntstatus OpStep(void* a)
{
    auto& p = params<wh_op_step_params>(a);
    auto* rec = ptr<OpRecord>(p.op);
    Call c;
    OpStatus st;
    try {
        st = drive_until_notes(*rec->op, c, *rec->reactor);
    } catch (const std::bad_alloc&) {
        st = OpStatus::Done;
        c.error = ERROR_NOT_ENOUGH_MEMORY;
    }
    p.done = st == OpStatus::Done;
    p.kept = 0;
    if (p.done) {
        p.r.error = rec->error = c.error;
        rec->done = true;
        p.kept = wind_down(c, rec);
    }
    return pack_notes(c, p.r);
}

wh_ntstatus OpFree(void* a)
{
    auto& p = params<wh_op_step_params>(a);
    Call c;
    p.kept = wind_down(c, ptr<OpRecord>(p.op));
    return pack_notes(c, p.r);
}

wh_ntstatus AsyncNext(void* a)
{
    auto& p = params<wh_async_step_params>(a);
    Dispatcher* d = nullptr;
    if (DWORD e = Dispatcher::get(d)) {
        p.r.error = e;
        return kStatusNoMemory;
    }
    p.op = p.r.ret = u64(d->next());
    return kStatusSuccess;
}

// As the native front's workers do (native/drive.cpp): on Done the operation stays alive
// (holding its request) until its completion was delivered; wh_unix_async_free then deletes
// it and hands over what that queued (HANDLE_CLOSING), so HANDLE_CLOSING comes last.
wh_ntstatus AsyncStep(void* a)
{
    auto& p = params<wh_async_step_params>(a);
    auto* op = ptr<Operation>(p.op);
    Dispatcher* d = nullptr;
    Dispatcher::get(d);   // exists: the operation came from it
    Call c;
    OpStatus st = d->step(*op, c);
    p.status = st == OpStatus::Notify ? 0 : st == OpStatus::Wait ? 1 : 2;
    return pack_notes(c, p.r);
}

wh_ntstatus AsyncFree(void* a)
{
    auto& p = params<wh_async_step_params>(a);
    Call c;
    delete ptr<Operation>(p.op);
    return pack_notes(c, p.r);
}

wh_ntstatus SendRequest(void* a)
{
    auto& p = params<wh_send_request_params>(a);
    auto context = static_cast<DWORD_PTR>(p.context);
    return start_op(p.r, "WinHttpSendRequest",
                    [&](Call& c) {
                        return api::make_send_request(c, ptr<void>(p.request), wstr(p.headers), p.headers_length,
                                                      ptr<void>(p.optional), p.optional_length, p.total_length,
                                                      context);
                    },
                    ptr<void>(p.request), wstr(p.headers), p.headers_length, ptr<void>(p.optional),
                    p.optional_length, p.total_length, static_cast<unsigned long long>(p.context));
}

wh_ntstatus WriteData(void* a)
{
    auto& p = params<wh_write_data_params>(a);
    return start_op(p.r, "WinHttpWriteData",
                    [&](Call& c) {
                        return api::make_write_data(c, ptr<void>(p.request), ptr<const void>(p.buffer), p.length,
                                                    ptr<DWORD>(p.written));
                    },
                    ptr<void>(p.request), ptr<const void>(p.buffer), p.length, ptr<DWORD>(p.written));
}

wh_ntstatus ReceiveResponse(void* a)
{
    auto& p = params<wh_receive_response_params>(a);
    return start_op(p.r, "WinHttpReceiveResponse",
                    [&](Call& c) { return api::make_receive_response(c, ptr<void>(p.request), ptr<void>(p.reserved)); },
                    ptr<void>(p.request), ptr<void>(p.reserved));
}

wh_ntstatus QueryDataAvailable(void* a)
{
    auto& p = params<wh_query_data_params>(a);
    return start_op(p.r, "WinHttpQueryDataAvailable",
                    [&](Call& c) {
                        return api::make_query_data_available(c, ptr<void>(p.request), ptr<DWORD>(p.available));
                    },
                    ptr<void>(p.request), ptr<DWORD>(p.available));
}

wh_ntstatus ReadData(void* a)
{
    auto& p = params<wh_read_data_params>(a);
    return start_op(p.r, "WinHttpReadData",
                    [&](Call& c) {
                        return api::make_read_data(c, ptr<void>(p.request), ptr<void>(p.buffer), p.to_read,
                                                   ptr<DWORD>(p.read));
                    },
                    ptr<void>(p.request), ptr<void>(p.buffer), p.to_read, ptr<DWORD>(p.read));
}

wh_ntstatus ReadDataEx(void* a)
{
    auto& p = params<wh_read_data_ex_params>(a);
    return start_op(p.r, "WinHttpReadDataEx",
                    [&](Call& c) {
                        return api::make_read_data_ex(c, ptr<void>(p.request), ptr<void>(p.buffer), p.to_read,
                                                      ptr<DWORD>(p.read), p.flags, p.property_size,
                                                      ptr<void>(p.property));
                    },
                    ptr<void>(p.request), ptr<void>(p.buffer), p.to_read, ptr<DWORD>(p.read),
                    static_cast<unsigned long long>(p.flags), p.property_size, ptr<void>(p.property));
}

wh_ntstatus Free(void* a)
{
    auto& p = params<wh_pointer_params>(a);
    global_free(ptr<void>(p.ptr));
    return kStatusSuccess;
}

wh_ntstatus Version(void* a)
{
    auto& p = params<wh_version_params>(a);
    std::snprintf(p.text, sizeof p.text, "winhttp-linux %s (winhttp.so)", PACKAGE_VERSION);
    return kStatusSuccess;
}

} // namespace

// The table ntdll looks up by name in winhttp.so; its order is enum wh_unix_code's. (extern "C":
// a namespace-scope const array would otherwise have internal linkage.)
extern "C" __attribute__((visibility("default"))) const wh_unixlib_entry __wine_unix_call_funcs[] = {
    Open,
    Connect,
    OpenRequest,
    CloseHandle,
    SetStatusCallback,
    SetTimeouts,
    SetOption,
    QueryOption,
    CrackUrl,
    CreateUrl,
    TimeFromSystemTime,
    TimeToSystemTime,
    AddRequestHeaders,
    AddRequestHeadersEx,
    QueryHeaders,
    QueryHeadersEx,
    GetIEProxyConfigForCurrentUser,
    GetDefaultProxyConfiguration,
    SetDefaultProxyConfiguration,
    CheckPlatform,
    SetCredentials,
    QueryAuthSchemes,
    Free,
    Version,
    SendRequest,
    WriteData,
    ReceiveResponse,
    QueryDataAvailable,
    ReadData,
    ReadDataEx,
    OpStep,
    OpFree,
    AsyncNext,
    AsyncStep,
    AsyncFree,
    SetClientCertificate,
};
static_assert(sizeof __wine_unix_call_funcs / sizeof __wine_unix_call_funcs[0] == wh_unix_count,
              "__wine_unix_call_funcs must follow enum wh_unix_code");
