// Trace output for WINEDEBUG=+winhttp (see trace.h).
#include "engine/trace.h"
#include "engine/ustr.h"
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <unistd.h>
#include <sys/syscall.h>

namespace winhttp::trace {

namespace {

// Wine's syntax: a comma-separated list of [class]+channel / -channel, "all" for every channel.
bool parse_winedebug(const char* v)
{
    if (!v) return false;
    bool on = false;
    std::string s(v);
    size_t pos = 0;
    while (pos <= s.size()) {
        size_t end = s.find(',', pos);
        if (end == std::string::npos) end = s.size();
        std::string item = s.substr(pos, end - pos);
        pos = end + 1;
        size_t sign = item.find_first_of("+-");
        if (sign == std::string::npos) {
            // A bare channel name turns it on.
            if (item == "winhttp" || item == "all") on = true;
            continue;
        }
        std::string cls = item.substr(0, sign);
        std::string chan = item.substr(sign + 1);
        if (!cls.empty() && cls != "trace") continue;
        if (chan == "winhttp" || chan == "all") on = item[sign] == '+';
    }
    return on;
}

} // namespace

bool enabled()
{
    static const bool on = parse_winedebug(std::getenv("WINEDEBUG"));
    return on;
}

void arg(std::string& line, const char16_t* s)
{
    if (!s) { line += "(null)"; return; }
    line += "L\"";
    std::string u = to_utf8(u16v(s));
    for (char ch : u) {
        if (ch == '"' || ch == '\\') { line += '\\'; line += ch; }
        else if (ch == '\n') line += "\\n";
        else if (ch == '\r') line += "\\r";
        else if (static_cast<unsigned char>(ch) < 0x20) {
            char b[8];
            std::snprintf(b, sizeof b, "\\%03o", static_cast<unsigned char>(ch));
            line += b;
        } else line += ch;
    }
    line += '"';
}

void arg(std::string& line, const char16_t** list)
{
    if (!list) { line += "(null)"; return; }
    line += '{';
    for (const char16_t** p = list; *p; p++) {
        if (p != list) line += ", ";
        arg(line, *p);
    }
    line += '}';
}

void arg(std::string& line, const void* p)
{
    char b[32];
    std::snprintf(b, sizeof b, "%p", p);
    line += p ? b : "(nil)";
}

void arg(std::string& line, unsigned long long v)
{
    char b[32];
    std::snprintf(b, sizeof b, v < 10 ? "%llu" : "%#llx", v);
    line += b;
}

void arg(std::string& line, long long v)
{
    char b[32];
    std::snprintf(b, sizeof b, "%lld", v);
    line += b;
}

void emit(const char* name, const std::string& args, const std::string& result, bool failed, DWORD error)
{
    unsigned tid = static_cast<unsigned>(syscall(SYS_gettid));
    std::string line;
    char head[64];
    std::snprintf(head, sizeof head, "%04x:trace:winhttp:", tid);
    line += head;
    line += name;
    line += '(';
    line += args;
    line += ") -> ";
    line += result;
    line += '\n';
    if (failed) {
        const char* en = error_name(error);
        char b[160];
        std::snprintf(b, sizeof b, "%04x:warn:winhttp:%s failed: error %u (%s)\n", tid, name, error,
                      en ? en : "unknown");
        line += b;
    }
    // One write per call keeps lines from different threads whole.
    ssize_t w = ::write(2, line.data(), line.size());
    (void)w;
}

const char* error_name(DWORD e)
{
    switch (e) {
#define E(x) case x: return #x;
    E(ERROR_SUCCESS) E(ERROR_INVALID_HANDLE) E(ERROR_NOT_ENOUGH_MEMORY) E(ERROR_INVALID_PARAMETER)
    E(ERROR_INSUFFICIENT_BUFFER) E(ERROR_INVALID_OPERATION) E(ERROR_ACCESS_DENIED) E(ERROR_NO_MORE_ITEMS)
    E(ERROR_NOT_SUPPORTED) E(ERROR_IO_PENDING) E(ERROR_MORE_DATA)
    E(ERROR_WINHTTP_OUT_OF_HANDLES) E(ERROR_WINHTTP_TIMEOUT) E(ERROR_WINHTTP_INTERNAL_ERROR)
    E(ERROR_WINHTTP_INVALID_URL) E(ERROR_WINHTTP_UNRECOGNIZED_SCHEME) E(ERROR_WINHTTP_NAME_NOT_RESOLVED)
    E(ERROR_WINHTTP_INVALID_OPTION) E(ERROR_WINHTTP_OPTION_NOT_SETTABLE) E(ERROR_WINHTTP_SHUTDOWN)
    E(ERROR_WINHTTP_LOGIN_FAILURE) E(ERROR_WINHTTP_OPERATION_CANCELLED) E(ERROR_WINHTTP_INCORRECT_HANDLE_TYPE)
    E(ERROR_WINHTTP_INCORRECT_HANDLE_STATE) E(ERROR_WINHTTP_CANNOT_CONNECT) E(ERROR_WINHTTP_CONNECTION_ERROR)
    E(ERROR_WINHTTP_RESEND_REQUEST) E(ERROR_WINHTTP_CLIENT_AUTH_CERT_NEEDED) E(ERROR_WINHTTP_CANNOT_CALL_BEFORE_OPEN)
    E(ERROR_WINHTTP_CANNOT_CALL_BEFORE_SEND) E(ERROR_WINHTTP_CANNOT_CALL_AFTER_SEND)
    E(ERROR_WINHTTP_CANNOT_CALL_AFTER_OPEN) E(ERROR_WINHTTP_HEADER_NOT_FOUND) E(ERROR_WINHTTP_INVALID_SERVER_RESPONSE)
    E(ERROR_WINHTTP_INVALID_HEADER) E(ERROR_WINHTTP_INVALID_QUERY_REQUEST) E(ERROR_WINHTTP_HEADER_ALREADY_EXISTS)
    E(ERROR_WINHTTP_REDIRECT_FAILED) E(ERROR_WINHTTP_SECURE_FAILURE) E(ERROR_WINHTTP_HEADER_COUNT_EXCEEDED)
    E(ERROR_WINHTTP_HEADER_SIZE_OVERFLOW) E(ERROR_WINHTTP_RESPONSE_DRAIN_OVERFLOW)
#undef E
    default: return nullptr;
    }
}

} // namespace winhttp::trace
