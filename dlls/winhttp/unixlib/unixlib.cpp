// The ELF half of the Wine bridge (winhttp.so): Wine's unix call table over the engine. Each
// entry unpacks a parameter block (unixlib.h), runs the engine entry point with a Call, and
// hands back the result, the last error and the notifications owed; the PE half delivers them
// on the calling Windows thread. No API logic lives here.
#include "engine/api.h"
#include "engine/proxy_config.h"
#include "engine/trace.h"
#include "unixlib/unixlib.h"
#include <cstdlib>
#include <cstring>
#include <cstdio>
#include <type_traits>

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

wh_ntstatus Open(void* a)
{
    auto& p = params<wh_open_params>(a);
    return run(p.r, "WinHttpOpen",
               [&](Call& c) { return api::Open(c, wstr(p.agent), p.access_type, wstr(p.proxy), wstr(p.bypass), p.flags); },
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
};
static_assert(sizeof __wine_unix_call_funcs / sizeof __wine_unix_call_funcs[0] == wh_unix_count,
              "__wine_unix_call_funcs must follow enum wh_unix_code");
