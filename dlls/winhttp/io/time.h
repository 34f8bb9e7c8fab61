// Monotonic deadlines for the I/O backend: every wait (connect, send, receive, resolve, timers)
// is bounded by a steady-clock time point, with `kNever` meaning no bound.
#pragma once
#include <chrono>
#include <climits>

namespace winhttp::io {

using Clock = std::chrono::steady_clock;   // CLOCK_MONOTONIC
using Deadline = Clock::time_point;

inline constexpr Deadline kNever = Deadline::max();

// A deadline `ms` milliseconds from now; a negative value means no deadline.
inline Deadline deadline_in(long long ms)
{
    if (ms < 0) return kNever;
    return Clock::now() + std::chrono::milliseconds(ms);
}

// Milliseconds to wait for poll/epoll_wait until `d`: -1 for kNever, 0 once passed, rounded up
// so a wait never returns before its deadline, capped at INT_MAX.
inline int wait_ms_until(Deadline d, Deadline now = Clock::now())
{
    if (d == kNever) return -1;
    if (d <= now) return 0;
    auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(d - now).count();
    long long ms = (ns + 999999) / 1000000;
    return ms > INT_MAX ? INT_MAX : static_cast<int>(ms);
}

} // namespace winhttp::io
