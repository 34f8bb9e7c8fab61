// The native front's driver: runs an engine entry point on the calling thread, delivers the
// status notifications it produced to the application's callbacks (in order, on this thread),
// sets the thread's last error, and writes the trace line.
#pragma once
#include "engine/call.h"
#include "engine/trace.h"
#include <type_traits>

namespace winhttp::native {

void set_last_error(DWORD e);
void deliver(Call& c);

// The failure value of each API return type: FALSE, NULL, or a DWORD error code.
template <class R> bool failed_result(const R& r, const Call& c)
{
    if constexpr (std::is_same_v<R, WINHTTP_STATUS_CALLBACK>) return r == WINHTTP_INVALID_STATUS_CALLBACK;
    else if constexpr (std::is_pointer_v<R>) return r == nullptr;
    else return c.error != ERROR_SUCCESS;
}

template <class F, class... A> auto run(const char* name, F&& fn, const A&... args)
{
    Call c;
    auto result = fn(c);
    deliver(c);
    if (!c.keep_last_error) set_last_error(c.error);
    if (trace::enabled()) trace::call(name, result, failed_result(result, c), c.error, args...);
    return result;
}

} // namespace winhttp::native
