// The epoll reactor: engine operations that must wait park a Waiter here (socket readiness
// and/or a monotonic deadline) and the driver gets the Waiter back from run_once() when it is
// ready. No callbacks: run_once() hands back "ready tokens" and the driver resumes the owning
// operations itself, on its own thread.
//
// Threading contract
// - run_once() is called by at most one thread at a time (the poller) for a given Reactor.
// - watch(), add_timer(), cancel(), post(), forget() and wake() may be called from any thread,
//   concurrently with each other and with a run_once() in progress. An interest or timer added
//   while the poller is blocked takes effect at once (an earlier deadline wakes the poller).
// - A Waiter is armed by watch()/add_timer()/post() and stays armed until it is delivered
//   (returned by run_once) or cancelled. While armed it belongs to the reactor: it must stay
//   alive and must not be armed again. Delivery disarms it completely (its fd interest and
//   its timer), so each arming yields at most one delivery. Once delivered, `fired` says why
//   and the waiter is the receiver's again (it may re-arm it).
// - cancel() returning false means the waiter was not armed: either never armed or already
//   taken by a run_once() (which will return it, or has returned it).
// - Readiness is a hint: a waiter can come back readable/writable and the I/O call still says
//   "would block" (a race with another arming, or a peer that changed its mind). Handle it by
//   re-arming.
//
// Drivers
// - Sync mode: the calling thread owns a small Reactor (two fds) or is the sole poller of a
//   shared one, arms its operation's waiter and loops on run_once() until it comes back.
// - Async mode: one pool thread polls at a time and hands the ready waiters to workers; the
//   workers re-arm waiters while the poller is blocked, and post() or wake() it as needed.
#pragma once
#include "io/time.h"
#include <winhttp.h>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace winhttp::io {

// Interest and `fired` bits.
inline constexpr uint32_t kReadable = 1u << 0; // readable, or the peer closed, or an error
inline constexpr uint32_t kWritable = 1u << 1; // writable (connect finished), or an error
inline constexpr uint32_t kError = 1u << 2;    // EPOLLERR/EPOLLHUP: the I/O call will tell
inline constexpr uint32_t kTimeout = 1u << 3;  // the deadline passed first
inline constexpr uint32_t kPosted = 1u << 4;   // post() made it ready (cancel, completion)

struct Waiter {
    void* op = nullptr;    // the operation to resume; never touched by the reactor
    uint32_t fired = 0;    // why it was delivered (valid after run_once returns it)

private:
    friend class Reactor;
    static constexpr size_t kNoIndex = SIZE_MAX;
    int fd_ = -1;          // watched fd, -1 for none
    uint32_t want_ = 0;    // kReadable|kWritable on fd_
    Deadline deadline_ = kNever;
    size_t heap_index_ = kNoIndex;
    uint64_t seq_ = 0;     // arming order: equal deadlines fire first-armed first
    bool armed_ = false;
    bool posted_ = false;
};

class Reactor {
public:
    // Creates a reactor (an epoll fd and an eventfd). ERROR_SUCCESS or a Windows error.
    static DWORD create(std::unique_ptr<Reactor>& out);
    ~Reactor();
    Reactor(const Reactor&) = delete;
    Reactor& operator=(const Reactor&) = delete;

    // Arms `w` for `events` (kReadable and/or kWritable) on `fd`, optionally bounded by
    // `deadline`. At most one waiter per direction per fd. Errors: ERROR_INVALID_PARAMETER
    // (w already armed, no events, direction already taken, fd not pollable),
    // ERROR_INVALID_HANDLE (bad fd), ERROR_NOT_ENOUGH_MEMORY.
    DWORD watch(int fd, uint32_t events, Waiter* w, Deadline deadline = kNever);
    // Arms `w` as a one-shot timer firing at `deadline` (monotonic).
    DWORD add_timer(Waiter* w, Deadline deadline);
    // Makes `w` ready now with kPosted (disarming whatever it waited for, if armed).
    DWORD post(Waiter* w);
    // Disarms `w`; true if it was armed (it will not be delivered).
    bool cancel(Waiter* w);
    // Drops every trace of `fd` (call before closing it). Waiters still armed on it are
    // cancelled; returns how many there were (0 in correct code).
    size_t forget(int fd);

    // Waits until something is ready or `until` passes (or wake() is called), then appends
    // the ready waiters to `ready`; returns how many it appended (0 on timeout or wake).
    // May throw std::bad_alloc from `ready` only.
    size_t run_once(Deadline until, std::vector<Waiter*>& ready);
    size_t run_once(long long timeout_ms, std::vector<Waiter*>& ready)
    {
        return run_once(deadline_in(timeout_ms), ready);
    }

    // Interrupts a blocked run_once() (or makes the next one return at once). Async-signal-
    // and thread-safe.
    void wake();

    // Number of armed waiters (fd or timer) plus posted ones.
    size_t pending() const;

private:
    struct FdEntry {
        Waiter* reader = nullptr;
        Waiter* writer = nullptr;
        uint32_t gen = 0;        // tells stale epoll events from a reused fd number
        bool registered = false; // known to the epoll set
        bool enabled = false;    // armed in the epoll set (not yet disabled by EPOLLONESHOT)
    };

    Reactor(int epfd, int wakefd) : epfd_(epfd), wakefd_(wakefd) {}
    DWORD arm_fd_locked(int fd, uint32_t events, Waiter* w);
    DWORD update_epoll_locked(int fd, FdEntry& e);
    void disarm_locked(Waiter* w);
    void deliver_locked(Waiter* w, uint32_t why, std::vector<Waiter*>& ready);
    void heap_push_locked(Waiter* w);
    void heap_remove_locked(Waiter* w);
    void heap_sift_up(size_t i);
    void heap_sift_down(size_t i);
    void heap_swap(size_t a, size_t b);
    bool heap_less(size_t a, size_t b) const;
    void wake_if_sooner_locked(Deadline d);

    const int epfd_;
    const int wakefd_;
    mutable std::mutex mu_;
    std::unordered_map<int, FdEntry> fds_;
    std::vector<Waiter*> heap_;    // min-heap on deadline_
    std::vector<Waiter*> posted_;
    uint32_t next_gen_ = 1;
    uint64_t next_seq_ = 0;
    size_t armed_count_ = 0;
    bool polling_ = false;         // a run_once is (about to be) blocked in epoll_wait
    Deadline poll_until_ = kNever; // ... until then
    std::atomic<bool> wake_pending_{false};
};

} // namespace winhttp::io
