// The exported C ABI of libwinhttp.so: each function hands its arguments to the engine entry
// point of the same name through native::run (no API logic lives here).
#include "engine/api.h"
#include "engine/request_ops.h"
#include "native/deliver.h"
#include "native/drive.h"

using namespace winhttp;
using native::run;
using native::run_op;

extern "C" {

WINHTTPAPI HINTERNET WINAPI WinHttpOpen(LPCWSTR agent, DWORD access, LPCWSTR proxy, LPCWSTR bypass, DWORD flags)
{
    return run("WinHttpOpen", [&](Call& c) { return api::Open(c, agent, access, proxy, bypass, flags); },
               agent, access, proxy, bypass, flags);
}

WINHTTPAPI HINTERNET WINAPI WinHttpConnect(HINTERNET session, LPCWSTR server, INTERNET_PORT port, DWORD reserved)
{
    return run("WinHttpConnect", [&](Call& c) { return api::Connect(c, session, server, port, reserved); },
               session, server, port, reserved);
}

WINHTTPAPI HINTERNET WINAPI WinHttpOpenRequest(HINTERNET connect, LPCWSTR verb, LPCWSTR object, LPCWSTR version,
                                               LPCWSTR referrer, LPCWSTR* accept_types, DWORD flags)
{
    return run("WinHttpOpenRequest",
               [&](Call& c) { return api::OpenRequest(c, connect, verb, object, version, referrer, accept_types, flags); },
               connect, verb, object, version, referrer, accept_types, flags);
}

WINHTTPAPI BOOL WINAPI WinHttpCloseHandle(HINTERNET h)
{
    return run("WinHttpCloseHandle", [&](Call& c) { return api::CloseHandle(c, h); }, h);
}

WINHTTPAPI WINHTTP_STATUS_CALLBACK WINAPI WinHttpSetStatusCallback(HINTERNET h, WINHTTP_STATUS_CALLBACK cb,
                                                                   DWORD flags, DWORD_PTR reserved)
{
    return run("WinHttpSetStatusCallback",
               [&](Call& c) { return api::SetStatusCallback(c, h, cb, flags, reserved); }, h, cb, flags,
               static_cast<unsigned long long>(reserved));
}

WINHTTPAPI BOOL WINAPI WinHttpSetTimeouts(HINTERNET h, int resolve, int connect, int send, int receive)
{
    return run("WinHttpSetTimeouts", [&](Call& c) { return api::SetTimeouts(c, h, resolve, connect, send, receive); },
               h, resolve, connect, send, receive);
}

WINHTTPAPI BOOL WINAPI WinHttpSetOption(HINTERNET h, DWORD option, LPVOID buffer, DWORD length)
{
    return run("WinHttpSetOption", [&](Call& c) { return api::SetOption(c, h, option, buffer, length); }, h, option,
               buffer, length);
}

WINHTTPAPI BOOL WINAPI WinHttpQueryOption(HINTERNET h, DWORD option, LPVOID buffer, LPDWORD length)
{
    return run("WinHttpQueryOption", [&](Call& c) { return api::QueryOption(c, h, option, buffer, length); }, h,
               option, buffer, length);
}

WINHTTPAPI BOOL WINAPI WinHttpCrackUrl(LPCWSTR url, DWORD length, DWORD flags, LPURL_COMPONENTS components)
{
    return run("WinHttpCrackUrl", [&](Call& c) { return api::CrackUrl(c, url, length, flags, components); }, url,
               length, flags, components);
}

WINHTTPAPI BOOL WINAPI WinHttpCreateUrl(LPURL_COMPONENTS components, DWORD flags, LPWSTR url, LPDWORD length)
{
    return run("WinHttpCreateUrl", [&](Call& c) { return api::CreateUrl(c, components, flags, url, length); },
               components, flags, url, length);
}

WINHTTPAPI BOOL WINAPI WinHttpTimeFromSystemTime(const SYSTEMTIME* st, LPWSTR time)
{
    return run("WinHttpTimeFromSystemTime", [&](Call& c) { return api::TimeFromSystemTime(c, st, time); }, st, time);
}

WINHTTPAPI BOOL WINAPI WinHttpTimeToSystemTime(LPCWSTR time, SYSTEMTIME* st)
{
    return run("WinHttpTimeToSystemTime", [&](Call& c) { return api::TimeToSystemTime(c, time, st); }, time, st);
}

WINHTTPAPI BOOL WINAPI WinHttpCheckPlatform(void)
{
    return run("WinHttpCheckPlatform", [&](Call& c) { return api::CheckPlatform(c); });
}

WINHTTPAPI BOOL WINAPI WinHttpAddRequestHeaders(HINTERNET request, LPCWSTR headers, DWORD length, DWORD modifiers)
{
    return run("WinHttpAddRequestHeaders",
               [&](Call& c) { return api::AddRequestHeaders(c, request, headers, length, modifiers); }, request,
               headers, length, modifiers);
}

WINHTTPAPI DWORD WINAPI WinHttpAddRequestHeadersEx(HINTERNET request, DWORD modifiers, ULONGLONG flags,
                                                   ULONGLONG extra, DWORD count, WINHTTP_EXTENDED_HEADER* headers)
{
    return run("WinHttpAddRequestHeadersEx",
               [&](Call& c) { return api::AddRequestHeadersEx(c, request, modifiers, flags, extra, count, headers); },
               request, modifiers, static_cast<unsigned long long>(flags), static_cast<unsigned long long>(extra),
               count, headers);
}

WINHTTPAPI BOOL WINAPI WinHttpQueryHeaders(HINTERNET request, DWORD level, LPCWSTR name, LPVOID buffer,
                                           LPDWORD length, LPDWORD index)
{
    return run("WinHttpQueryHeaders",
               [&](Call& c) { return api::QueryHeaders(c, request, level, name, buffer, length, index); }, request,
               level, name, buffer, length, index);
}

WINHTTPAPI DWORD WINAPI WinHttpQueryHeadersEx(HINTERNET request, DWORD level, ULONGLONG flags, UINT codepage,
                                              PDWORD index, PWINHTTP_HEADER_NAME name, PVOID buffer,
                                              PDWORD length, PWINHTTP_EXTENDED_HEADER* headers, PDWORD count)
{
    return run("WinHttpQueryHeadersEx",
               [&](Call& c) {
                   return api::QueryHeadersEx(c, request, level, flags, codepage, index, name, buffer, length,
                                              headers, count);
               },
               request, level, static_cast<unsigned long long>(flags), codepage, index, name, buffer, length,
               headers, count);
}

WINHTTPAPI BOOL WINAPI WinHttpSetCredentials(HINTERNET request, DWORD targets, DWORD scheme, LPCWSTR user,
                                             LPCWSTR password, LPVOID params)
{
    return run("WinHttpSetCredentials",
               [&](Call& c) { return api::SetCredentials(c, request, targets, scheme, user, password, params); },
               request, targets, scheme, user, password ? u"****" : nullptr, params);
}

WINHTTPAPI BOOL WINAPI WinHttpQueryAuthSchemes(HINTERNET request, LPDWORD supported, LPDWORD first, LPDWORD target)
{
    return run("WinHttpQueryAuthSchemes",
               [&](Call& c) { return api::QueryAuthSchemes(c, request, supported, first, target); }, request,
               supported, first, target);
}

WINHTTPAPI BOOL WINAPI WinHttpGetIEProxyConfigForCurrentUser(WINHTTP_CURRENT_USER_IE_PROXY_CONFIG* config)
{
    return run("WinHttpGetIEProxyConfigForCurrentUser",
               [&](Call& c) { return api::GetIEProxyConfigForCurrentUser(c, config); }, config);
}

WINHTTPAPI BOOL WINAPI WinHttpGetDefaultProxyConfiguration(WINHTTP_PROXY_INFO* info)
{
    return run("WinHttpGetDefaultProxyConfiguration",
               [&](Call& c) { return api::GetDefaultProxyConfiguration(c, info); }, info);
}

WINHTTPAPI BOOL WINAPI WinHttpSetDefaultProxyConfiguration(WINHTTP_PROXY_INFO* info)
{
    return run("WinHttpSetDefaultProxyConfiguration",
               [&](Call& c) { return api::SetDefaultProxyConfiguration(c, info); }, info);
}

// The network functions start an engine operation and drive it (native/drive.h).

WINHTTPAPI BOOL WINAPI WinHttpSendRequest(HINTERNET request, LPCWSTR headers, DWORD headers_length, LPVOID optional,
                                          DWORD optional_length, DWORD total_length, DWORD_PTR context)
{
    return !run_op("WinHttpSendRequest",
                   [&](Call& c) {
                       return api::make_send_request(c, request, headers, headers_length, optional, optional_length,
                                                     total_length, context);
                   },
                   request, headers, headers_length, optional, optional_length, total_length,
                   static_cast<unsigned long long>(context));
}

WINHTTPAPI BOOL WINAPI WinHttpWriteData(HINTERNET request, LPCVOID buffer, DWORD length, LPDWORD written)
{
    return !run_op("WinHttpWriteData", [&](Call& c) { return api::make_write_data(c, request, buffer, length, written); },
                   request, buffer, length, written);
}

WINHTTPAPI BOOL WINAPI WinHttpReceiveResponse(HINTERNET request, LPVOID reserved)
{
    return !run_op("WinHttpReceiveResponse", [&](Call& c) { return api::make_receive_response(c, request, reserved); },
                   request, reserved);
}

WINHTTPAPI BOOL WINAPI WinHttpQueryDataAvailable(HINTERNET request, LPDWORD available)
{
    return !run_op("WinHttpQueryDataAvailable",
                   [&](Call& c) { return api::make_query_data_available(c, request, available); }, request, available);
}

WINHTTPAPI BOOL WINAPI WinHttpReadData(HINTERNET request, LPVOID buffer, DWORD length, LPDWORD read)
{
    return !run_op("WinHttpReadData", [&](Call& c) { return api::make_read_data(c, request, buffer, length, read); },
                   request, buffer, length, read);
}

WINHTTPAPI DWORD WINAPI WinHttpReadDataEx(HINTERNET request, LPVOID buffer, DWORD length, LPDWORD read,
                                          ULONGLONG flags, DWORD property_size, PVOID property)
{
    return run_op("WinHttpReadDataEx",
                  [&](Call& c) {
                      return api::make_read_data_ex(c, request, buffer, length, read, flags, property_size, property);
                  },
                  request, buffer, length, read, static_cast<unsigned long long>(flags), property_size, property);
}

} // extern "C"
