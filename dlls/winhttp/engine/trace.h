// Trace output: WINEDEBUG=+winhttp (the switch Wine users know) prints one line per API call,
// with its arguments and result, and one per error, to stderr. Off by default; when off a call
// pays one predictable branch on a cached flag.
#pragma once
#include <winhttp.h>
#include <string>

namespace winhttp::trace {

bool enabled();                       // cached once from WINEDEBUG

// Appends one argument's rendering to a line (Wine's style: L"..." strings, hex numbers).
void arg(std::string& line, const char16_t* s);
void arg(std::string& line, const char16_t** list);
void arg(std::string& line, const void* p);
void arg(std::string& line, unsigned long long v);
void arg(std::string& line, long long v);
inline void arg(std::string& line, DWORD v) { arg(line, static_cast<unsigned long long>(v)); }
inline void arg(std::string& line, int v) { arg(line, static_cast<long long>(v)); }
inline void arg(std::string& line, unsigned short v) { arg(line, static_cast<unsigned long long>(v)); }
template <class R, class... P> void arg(std::string& line, R (*fn)(P...))
{
    arg(line, reinterpret_cast<const void*>(fn));
}
template <class T> void arg(std::string& line, T* p) { arg(line, static_cast<const void*>(p)); }

// Writes "tid:trace:winhttp:Name(args) -> result" and, on failure, a warn line with the error.
void emit(const char* name, const std::string& args, const std::string& result, bool failed, DWORD error);

// Renders the whole call and emits it; used by the fronts after every API call.
template <class R, class... A> void call(const char* name, const R& result, bool failed, DWORD error, const A&... a)
{
    std::string args;
    bool first = true;
    ((args += first ? "" : ", ", first = false, arg(args, a)), ...);
    std::string res;
    arg(res, result);
    emit(name, args, res, failed, error);
}

const char* error_name(DWORD e);     // "ERROR_WINHTTP_TIMEOUT", or nullptr when unknown

} // namespace winhttp::trace
