// The exports of winhttp.dll (the Windows front under Wine): each packs its arguments into the
// parameter block of unixlib.h and runs the engine entry point in winhttp.so through pe::run.
// Besides moving arguments, the only work here is Windows memory ownership: strings the engine
// allocates for the caller are moved into GlobalAlloc'd memory.
#include "pe/certs.h"
#include "pe/unixcall.h"
#include "pe/proxy_registry.h"
#include <wincrypt.h>

using namespace winhttp::pe;

namespace {

template <class T> uint64_t u(T* p) { return reinterpret_cast<uintptr_t>(p); }
template <class T> T* p(uint64_t v) { return reinterpret_cast<T*>(static_cast<uintptr_t>(v)); }

// The proxy strings of a WINHTTP_PROXY_INFO the engine filled, moved to GlobalAlloc'd memory.
BOOL proxy_info_to_global(WINHTTP_PROXY_INFO* info)
{
    bool ok = to_global(&info->lpszProxy);
    ok = to_global(&info->lpszProxyBypass) && ok;
    if (ok) return TRUE;
    if (info->lpszProxy) GlobalFree(info->lpszProxy);
    if (info->lpszProxyBypass) GlobalFree(info->lpszProxyBypass);
    info->lpszProxy = info->lpszProxyBypass = nullptr;
    SetLastError(ERROR_NOT_ENOUGH_MEMORY);
    return FALSE;
}

} // namespace

extern "C" {

HINTERNET WINAPI WinHttpOpen(LPCWSTR agent, DWORD access, LPCWSTR proxy, LPCWSTR bypass, DWORD flags)
{
    wh_open_params a{};
    a.agent = u(agent), a.access_type = access, a.proxy = u(proxy), a.bypass = u(bypass), a.flags = flags;
    // DEFAULT_PROXY and AUTOMATIC_PROXY sessions: Wine's registry settings, where it has them,
    // in place of the engine's Linux sources (pe/proxy_registry.h).
    registry::ProxyConfig def, user;
    wh_host_proxy host{};
    if (access == WINHTTP_ACCESS_TYPE_DEFAULT_PROXY || access == WINHTTP_ACCESS_TYPE_AUTOMATIC_PROXY) {
        def = registry::read_default();
        if (access == WINHTTP_ACCESS_TYPE_AUTOMATIC_PROXY) user = registry::read_user();
        host.default_config = registry::to_unix(def);
        host.user_config = registry::to_unix(user);
        a.host_proxy = u(&host);
    }
    return p<void>(run(wh_unix_Open, a));
}

HINTERNET WINAPI WinHttpConnect(HINTERNET session, LPCWSTR server, INTERNET_PORT port, DWORD reserved)
{
    wh_connect_params a{};
    a.session = u(session), a.server = u(server), a.port = port, a.reserved = reserved;
    return p<void>(run(wh_unix_Connect, a));
}

HINTERNET WINAPI WinHttpOpenRequest(HINTERNET connect, LPCWSTR verb, LPCWSTR object, LPCWSTR version,
                                    LPCWSTR referrer, LPCWSTR* accept_types, DWORD flags)
{
    wh_open_request_params a{};
    a.connect = u(connect), a.verb = u(verb), a.object = u(object), a.version = u(version);
    a.referrer = u(referrer), a.accept_types = u(accept_types), a.flags = flags;
    return p<void>(run(wh_unix_OpenRequest, a));
}

BOOL WINAPI WinHttpCloseHandle(HINTERNET h)
{
    wh_handle_params a{};
    a.handle = u(h);
    return static_cast<BOOL>(run(wh_unix_CloseHandle, a));
}

WINHTTP_STATUS_CALLBACK WINAPI WinHttpSetStatusCallback(HINTERNET h, WINHTTP_STATUS_CALLBACK cb, DWORD flags,
                                                        DWORD_PTR reserved)
{
    wh_set_status_callback_params a{};
    a.handle = u(h), a.callback = reinterpret_cast<uintptr_t>(cb), a.flags = flags, a.reserved = reserved;
    uint64_t r = run(wh_unix_SetStatusCallback, a, reinterpret_cast<uintptr_t>(WINHTTP_INVALID_STATUS_CALLBACK));
    return reinterpret_cast<WINHTTP_STATUS_CALLBACK>(static_cast<uintptr_t>(r));
}

BOOL WINAPI WinHttpSetTimeouts(HINTERNET h, int resolve, int connect, int send, int receive)
{
    wh_set_timeouts_params a{};
    a.handle = u(h), a.resolve = resolve, a.connect = connect, a.send = send, a.receive = receive;
    return static_cast<BOOL>(run(wh_unix_SetTimeouts, a));
}

BOOL WINAPI WinHttpSetOption(HINTERNET h, DWORD option, LPVOID buffer, DWORD length)
{
    wh_set_option_params a{};
    a.handle = u(h), a.option = option, a.buffer = u(buffer), a.length = length;
    // WINHTTP_OPTION_PROXY with DEFAULT_PROXY: the registry's default configuration, read now,
    // goes to the engine as the named or direct setting it is (when the registry has one).
    WINHTTP_PROXY_INFO given{}, from_registry{};
    registry::ProxyConfig def;
    if (option == WINHTTP_OPTION_PROXY && buffer && length >= sizeof given) {
        CopyMemory(&given, buffer, sizeof given);
        if (given.dwAccessType == WINHTTP_ACCESS_TYPE_DEFAULT_PROXY && (def = registry::read_default()).present) {
            from_registry.dwAccessType = def.access_type;
            if (!def.proxy.empty()) from_registry.lpszProxy = def.proxy.data();
            if (!def.bypass.empty()) from_registry.lpszProxyBypass = def.bypass.data();
            a.buffer = u(&from_registry), a.length = sizeof from_registry;
        }
    }
    BOOL ok = static_cast<BOOL>(run(wh_unix_SetOption, a));
    if (ok && option == WINHTTP_OPTION_CLIENT_CERT_CONTEXT && buffer)
        ok = client_cert_to_engine(h, static_cast<const CERT_CONTEXT*>(buffer));
    return ok;
}

BOOL WINAPI WinHttpQueryOption(HINTERNET h, DWORD option, LPVOID buffer, LPDWORD length)
{
    wh_query_option_params a{};
    a.handle = u(h), a.option = option, a.buffer = u(buffer), a.length = u(length);
    BOOL ok = static_cast<BOOL>(run(wh_unix_QueryOption, a));
    if (ok && option == WINHTTP_OPTION_PROXY)
        ok = proxy_info_to_global(static_cast<WINHTTP_PROXY_INFO*>(buffer));
    if (ok && option == WINHTTP_OPTION_PROXY && !h) {
        // The process-wide default: the registry's configuration when it holds one.
        registry::ProxyConfig def = registry::read_default();
        WINHTTP_PROXY_INFO fresh{};
        if (def.present) {
            auto* info = static_cast<WINHTTP_PROXY_INFO*>(buffer);
            ok = registry::to_proxy_info(def, &fresh);
            if (info->lpszProxy) GlobalFree(info->lpszProxy);
            if (info->lpszProxyBypass) GlobalFree(info->lpszProxyBypass);
            *info = fresh;   // all empty when that failed
            if (!ok) SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        }
    }
    if (ok && option == WINHTTP_OPTION_SERVER_CERT_CONTEXT) ok = server_cert_to_crypt32(buffer);
    if (ok && option == WINHTTP_OPTION_SERVER_CERT_CHAIN_CONTEXT) ok = server_chain_to_crypt32(buffer);
    if (ok && option == WINHTTP_OPTION_SECURITY_CERTIFICATE_STRUCT) {
        // The subject and issuer strings, moved to memory the application frees with LocalFree.
        auto* info = static_cast<WINHTTP_CERTIFICATE_INFO*>(buffer);
        bool moved = to_global(&info->lpszSubjectInfo);
        moved = to_global(&info->lpszIssuerInfo) && moved;
        if (!moved) {
            SetLastError(ERROR_NOT_ENOUGH_MEMORY);
            ok = FALSE;
        }
    }
    return ok;
}

BOOL WINAPI WinHttpCrackUrl(LPCWSTR url, DWORD length, DWORD flags, LPURL_COMPONENTS components)
{
    wh_crack_url_params a{};
    a.url = u(url), a.length = length, a.flags = flags, a.components = u(components);
    return static_cast<BOOL>(run(wh_unix_CrackUrl, a));
}

BOOL WINAPI WinHttpCreateUrl(LPURL_COMPONENTS components, DWORD flags, LPWSTR url, LPDWORD length)
{
    wh_create_url_params a{};
    a.components = u(components), a.flags = flags, a.url = u(url), a.length = u(length);
    return static_cast<BOOL>(run(wh_unix_CreateUrl, a));
}

BOOL WINAPI WinHttpTimeFromSystemTime(const SYSTEMTIME* st, LPWSTR time)
{
    wh_time_from_params a{};
    a.systime = u(st), a.time = u(time);
    return static_cast<BOOL>(run(wh_unix_TimeFromSystemTime, a));
}

BOOL WINAPI WinHttpTimeToSystemTime(LPCWSTR time, SYSTEMTIME* st)
{
    wh_time_to_params a{};
    a.time = u(time), a.systime = u(st);
    return static_cast<BOOL>(run(wh_unix_TimeToSystemTime, a));
}

BOOL WINAPI WinHttpCheckPlatform(void)
{
    wh_pointer_params a{};
    return static_cast<BOOL>(run(wh_unix_CheckPlatform, a));
}

BOOL WINAPI WinHttpAddRequestHeaders(HINTERNET request, LPCWSTR headers, DWORD length, DWORD modifiers)
{
    wh_add_headers_params a{};
    a.request = u(request), a.headers = u(headers), a.length = length, a.modifiers = modifiers;
    return static_cast<BOOL>(run(wh_unix_AddRequestHeaders, a));
}

DWORD WINAPI WinHttpAddRequestHeadersEx(HINTERNET request, DWORD modifiers, ULONGLONG flags, ULONGLONG extra,
                                        DWORD count, WINHTTP_EXTENDED_HEADER* headers)
{
    wh_add_headers_ex_params a{};
    a.request = u(request), a.modifiers = modifiers, a.flags = flags, a.extra = extra, a.count = count;
    a.headers = u(headers);
    return static_cast<DWORD>(run(wh_unix_AddRequestHeadersEx, a, ERROR_WINHTTP_INTERNAL_ERROR));
}

BOOL WINAPI WinHttpQueryHeaders(HINTERNET request, DWORD level, LPCWSTR name, LPVOID buffer, LPDWORD length,
                                LPDWORD index)
{
    wh_query_headers_params a{};
    a.request = u(request), a.level = level, a.name = u(name), a.buffer = u(buffer), a.length = u(length);
    a.index = u(index);
    return static_cast<BOOL>(run(wh_unix_QueryHeaders, a));
}

DWORD WINAPI WinHttpQueryHeadersEx(HINTERNET request, DWORD level, ULONGLONG flags, UINT codepage, PDWORD index,
                                   PWINHTTP_HEADER_NAME name, PVOID buffer, PDWORD length,
                                   PWINHTTP_EXTENDED_HEADER* headers, PDWORD count)
{
    wh_query_headers_ex_params a{};
    a.request = u(request), a.level = level, a.flags = flags, a.codepage = codepage, a.index = u(index);
    a.name = u(name), a.buffer = u(buffer), a.length = u(length), a.headers = u(headers), a.count = u(count);
    return static_cast<DWORD>(run(wh_unix_QueryHeadersEx, a, ERROR_WINHTTP_INTERNAL_ERROR));
}

BOOL WINAPI WinHttpSetCredentials(HINTERNET request, DWORD targets, DWORD scheme, LPCWSTR user, LPCWSTR password,
                                  LPVOID params)
{
    wh_set_credentials_params a{};
    a.request = u(request), a.targets = targets, a.scheme = scheme, a.user = u(user), a.password = u(password);
    a.params = u(params);
    return static_cast<BOOL>(run(wh_unix_SetCredentials, a));
}

BOOL WINAPI WinHttpQueryAuthSchemes(HINTERNET request, LPDWORD supported, LPDWORD first, LPDWORD target)
{
    wh_query_auth_schemes_params a{};
    a.request = u(request), a.supported = u(supported), a.first = u(first), a.target = u(target);
    return static_cast<BOOL>(run(wh_unix_QueryAuthSchemes, a));
}

BOOL WINAPI WinHttpGetIEProxyConfigForCurrentUser(WINHTTP_CURRENT_USER_IE_PROXY_CONFIG* config)
{
    // The user's settings in Wine's registry; when it has none, the engine's (the environment).
    if (config) {
        registry::ProxyConfig cfg = registry::read_user();
        if (cfg.present) {
            BOOL ok = registry::to_ie_config(cfg, config) ? TRUE : FALSE;
            SetLastError(ok ? ERROR_SUCCESS : ERROR_NOT_ENOUGH_MEMORY);
            return ok;
        }
    }
    wh_pointer_params a{};
    a.ptr = u(config);
    BOOL ok = static_cast<BOOL>(run(wh_unix_GetIEProxyConfigForCurrentUser, a));
    if (!ok) return ok;
    bool moved = to_global(&config->lpszAutoConfigUrl);
    moved = to_global(&config->lpszProxy) && moved;
    moved = to_global(&config->lpszProxyBypass) && moved;
    if (moved) return TRUE;
    WCHAR** strings[] = {&config->lpszAutoConfigUrl, &config->lpszProxy, &config->lpszProxyBypass};
    for (WCHAR** s : strings) {
        if (*s) GlobalFree(*s);
        *s = nullptr;
    }
    SetLastError(ERROR_NOT_ENOUGH_MEMORY);
    return FALSE;
}

BOOL WINAPI WinHttpGetDefaultProxyConfiguration(WINHTTP_PROXY_INFO* info)
{
    // "WinHttpSettings" in Wine's registry; when it is absent, the engine's Linux sources.
    if (info) {
        registry::ProxyConfig cfg = registry::read_default();
        if (cfg.present) {
            BOOL ok = registry::to_proxy_info(cfg, info) ? TRUE : FALSE;
            SetLastError(ok ? ERROR_SUCCESS : ERROR_NOT_ENOUGH_MEMORY);
            return ok;
        }
    }
    wh_pointer_params a{};
    a.ptr = u(info);
    BOOL ok = static_cast<BOOL>(run(wh_unix_GetDefaultProxyConfiguration, a));
    return ok ? proxy_info_to_global(info) : ok;
}

BOOL WINAPI WinHttpSetDefaultProxyConfiguration(WINHTTP_PROXY_INFO* info)
{
    // Under Wine the setting lives where Windows keeps it: "WinHttpSettings" in the registry.
    DWORD e = registry::write_default(info);
    SetLastError(e);
    return e == ERROR_SUCCESS;
}

// The network functions: each starts its engine operation and drives it on this thread
// (pe::run_op), delivering the callbacks between steps. Buffers go across by pointer.
BOOL WINAPI WinHttpSendRequest(HINTERNET request, LPCWSTR headers, DWORD headers_length, LPVOID optional,
                               DWORD optional_length, DWORD total_length, DWORD_PTR context)
{
    wh_send_request_params a{};
    a.request = u(request), a.headers = u(headers), a.headers_length = headers_length, a.optional = u(optional);
    a.optional_length = optional_length, a.total_length = total_length, a.context = context;
    return run_op(wh_unix_SendRequest, a) == ERROR_SUCCESS;
}

BOOL WINAPI WinHttpWriteData(HINTERNET request, LPCVOID buffer, DWORD length, LPDWORD written)
{
    wh_write_data_params a{};
    a.request = u(request), a.buffer = u(buffer), a.length = length, a.written = u(written);
    return run_op(wh_unix_WriteData, a) == ERROR_SUCCESS;
}

BOOL WINAPI WinHttpReceiveResponse(HINTERNET request, LPVOID reserved)
{
    wh_receive_response_params a{};
    a.request = u(request), a.reserved = u(reserved);
    return run_op(wh_unix_ReceiveResponse, a) == ERROR_SUCCESS;
}

BOOL WINAPI WinHttpQueryDataAvailable(HINTERNET request, LPDWORD available)
{
    wh_query_data_params a{};
    a.request = u(request), a.available = u(available);
    return run_op(wh_unix_QueryDataAvailable, a) == ERROR_SUCCESS;
}

BOOL WINAPI WinHttpReadData(HINTERNET request, LPVOID buffer, DWORD to_read, LPDWORD read)
{
    wh_read_data_params a{};
    a.request = u(request), a.buffer = u(buffer), a.to_read = to_read, a.read = u(read);
    return run_op(wh_unix_ReadData, a) == ERROR_SUCCESS;
}

DWORD WINAPI WinHttpReadDataEx(HINTERNET request, LPVOID buffer, DWORD to_read, LPDWORD read, ULONGLONG flags,
                               DWORD property_size, PVOID property)
{
    wh_read_data_ex_params a{};
    a.request = u(request), a.buffer = u(buffer), a.to_read = to_read, a.read = u(read), a.flags = flags;
    a.property_size = property_size, a.property = u(property);
    return run_op(wh_unix_ReadDataEx, a);
}

// Only our winhttp.dll has this export (private: not in the import library): it names the
// engine behind the DLL, as the unix side reports it, so a test can prove which DLL it loaded.
const char* WINAPI WinHttpLinuxEngineVersion(void)
{
    static wh_version_params v;
    static INIT_ONCE once = INIT_ONCE_STATIC_INIT;
    InitOnceExecuteOnce(
        &once, [](PINIT_ONCE, void*, void**) -> BOOL {
            if (unix_call(wh_unix_version, &v)) lstrcpynA(v.text, "winhttp-linux (winhttp.so not loaded)", sizeof v.text);
            return TRUE;
        },
        nullptr, nullptr);
    return v.text;
}

} // extern "C"

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, void*)
{
    if (reason == DLL_PROCESS_ATTACH) DisableThreadLibraryCalls(instance);
    return TRUE;
}
