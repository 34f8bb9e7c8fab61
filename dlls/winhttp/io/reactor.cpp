// The epoll reactor (see reactor.h for the model and the threading contract).
// Fds are registered EPOLLONESHOT: an event disables the fd until we re-arm it with the
// interests still pending, so a hung-up idle fd never spins and each readiness is seen once.
#include "io/reactor.h"
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>
#include <algorithm>
#include <cerrno>
#include <new>

namespace winhttp::io {

namespace {

constexpr uint64_t kWakeTag = UINT64_MAX;
constexpr int kMaxEvents = 64;

uint64_t make_tag(int fd, uint32_t gen) { return (uint64_t{gen} << 32) | static_cast<uint32_t>(fd); }

DWORD map_epoll_errno(int err)
{
    switch (err) {
    case EBADF: return ERROR_INVALID_HANDLE;
    case ENOMEM:
    case ENOSPC: return ERROR_NOT_ENOUGH_MEMORY;
    default: return ERROR_INVALID_PARAMETER;   // EPERM (not pollable), EINVAL, ...
    }
}

} // namespace

DWORD Reactor::create(std::unique_ptr<Reactor>& out)
{
    // Out of fds (EMFILE/ENFILE) or kernel memory: both are a resource shortage.
    int ep = epoll_create1(EPOLL_CLOEXEC);
    if (ep < 0) return ERROR_NOT_ENOUGH_MEMORY;
    int wfd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (wfd < 0) {
        close(ep);
        return ERROR_NOT_ENOUGH_MEMORY;
    }
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = kWakeTag;
    if (epoll_ctl(ep, EPOLL_CTL_ADD, wfd, &ev) != 0) {
        int err = errno;
        close(wfd);
        close(ep);
        return map_epoll_errno(err);
    }
    Reactor* r = new (std::nothrow) Reactor(ep, wfd);
    if (!r) {
        close(wfd);
        close(ep);
        return ERROR_NOT_ENOUGH_MEMORY;
    }
    out.reset(r);
    return ERROR_SUCCESS;
}

Reactor::~Reactor()
{
    close(wakefd_);
    close(epfd_);
}

// ---------------------------------------------------------------- arming

DWORD Reactor::watch(int fd, uint32_t events, Waiter* w, Deadline deadline)
{
    if (!w || fd < 0 || !(events & (kReadable | kWritable)) || (events & ~(kReadable | kWritable)))
        return ERROR_INVALID_PARAMETER;
    std::lock_guard lk(mu_);
    if (w->armed_) return ERROR_INVALID_PARAMETER;
    try {
        if (deadline != kNever) heap_.reserve(heap_.size() + 1);
        DWORD err = arm_fd_locked(fd, events, w);
        if (err != ERROR_SUCCESS) return err;
    } catch (const std::bad_alloc&) {
        return ERROR_NOT_ENOUGH_MEMORY;
    }
    w->armed_ = true;
    w->posted_ = false;
    w->fired = 0;
    ++armed_count_;
    if (deadline != kNever) {
        w->deadline_ = deadline;
        heap_push_locked(w);   // capacity reserved above: does not throw
        wake_if_sooner_locked(deadline);
    }
    return ERROR_SUCCESS;
}

DWORD Reactor::add_timer(Waiter* w, Deadline deadline)
{
    if (!w) return ERROR_INVALID_PARAMETER;
    std::lock_guard lk(mu_);
    if (w->armed_) return ERROR_INVALID_PARAMETER;
    try {
        heap_.reserve(heap_.size() + 1);
    } catch (const std::bad_alloc&) {
        return ERROR_NOT_ENOUGH_MEMORY;
    }
    w->armed_ = true;
    w->posted_ = false;
    w->fired = 0;
    w->deadline_ = deadline;
    ++armed_count_;
    heap_push_locked(w);
    wake_if_sooner_locked(deadline);
    return ERROR_SUCCESS;
}

DWORD Reactor::post(Waiter* w)
{
    if (!w) return ERROR_INVALID_PARAMETER;
    {
        std::lock_guard lk(mu_);
        if (w->armed_ && w->posted_) return ERROR_SUCCESS;
        try {
            posted_.reserve(posted_.size() + 1);
        } catch (const std::bad_alloc&) {
            return ERROR_NOT_ENOUGH_MEMORY;
        }
        if (w->armed_) {
            disarm_locked(w);      // drops fd interest and timer
        }
        w->armed_ = true;
        w->posted_ = true;
        w->fired = 0;
        ++armed_count_;
        posted_.push_back(w);
    }
    wake();
    return ERROR_SUCCESS;
}

bool Reactor::cancel(Waiter* w)
{
    if (!w) return false;
    std::lock_guard lk(mu_);
    if (!w->armed_) return false;
    disarm_locked(w);
    return true;
}

size_t Reactor::forget(int fd)
{
    std::lock_guard lk(mu_);
    auto it = fds_.find(fd);
    if (it == fds_.end()) return 0;
    FdEntry& e = it->second;
    e.enabled = false;   // the DEL below covers it; no MOD while disarming
    size_t n = 0;
    if (Waiter* r = e.reader) { disarm_locked(r); ++n; }
    if (Waiter* w = e.writer) { disarm_locked(w); ++n; }
    if (e.registered) epoll_ctl(epfd_, EPOLL_CTL_DEL, fd, nullptr);   // fails harmlessly if closed
    fds_.erase(it);
    return n;
}

DWORD Reactor::arm_fd_locked(int fd, uint32_t events, Waiter* w)
{
    auto [it, inserted] = fds_.try_emplace(fd);
    FdEntry& e = it->second;
    if (inserted) {
        e.gen = next_gen_++;
        if (next_gen_ == UINT32_MAX) next_gen_ = 1;   // keeps tags apart from kWakeTag
    }
    if (((events & kReadable) && e.reader) || ((events & kWritable) && e.writer)) {
        if (inserted) fds_.erase(it);
        return ERROR_INVALID_PARAMETER;
    }
    if (events & kReadable) e.reader = w;
    if (events & kWritable) e.writer = w;
    w->fd_ = fd;
    w->want_ = events;
    DWORD err = update_epoll_locked(fd, e);
    if (err != ERROR_SUCCESS) {
        if (e.reader == w) e.reader = nullptr;
        if (e.writer == w) e.writer = nullptr;
        w->fd_ = -1;
        w->want_ = 0;
        if (!e.registered && !e.reader && !e.writer) fds_.erase(fd);
    }
    return err;
}

// Brings the epoll registration of `fd` in line with its waiters.
DWORD Reactor::update_epoll_locked(int fd, FdEntry& e)
{
    uint32_t mask = 0;
    if (e.reader) mask |= EPOLLIN | EPOLLRDHUP;
    if (e.writer) mask |= EPOLLOUT;
    if (!mask && !e.enabled) return ERROR_SUCCESS;   // already silent
    epoll_event ev{};
    // With no interest left this still reports ERR/HUP once, then the fd goes silent; such a
    // stray event finds no waiter and is dropped.
    ev.events = mask | EPOLLONESHOT;
    ev.data.u64 = make_tag(fd, e.gen);
    int op = e.registered ? EPOLL_CTL_MOD : EPOLL_CTL_ADD;
    int rc = epoll_ctl(epfd_, op, fd, &ev);
    if (rc != 0 && errno == ENOENT && op == EPOLL_CTL_MOD) {
        // The fd was closed (and maybe reopened) without forget(): register it afresh.
        rc = epoll_ctl(epfd_, EPOLL_CTL_ADD, fd, &ev);
    } else if (rc != 0 && errno == EEXIST && op == EPOLL_CTL_ADD) {
        rc = epoll_ctl(epfd_, EPOLL_CTL_MOD, fd, &ev);
    }
    if (rc != 0) return map_epoll_errno(errno);
    e.registered = true;
    e.enabled = mask != 0;
    return ERROR_SUCCESS;
}

void Reactor::disarm_locked(Waiter* w)
{
    if (w->fd_ >= 0) {
        auto it = fds_.find(w->fd_);
        if (it != fds_.end()) {
            FdEntry& e = it->second;
            if (e.reader == w) e.reader = nullptr;
            if (e.writer == w) e.writer = nullptr;
            update_epoll_locked(w->fd_, e);   // narrows or silences the registration
        }
        w->fd_ = -1;
        w->want_ = 0;
    }
    if (w->heap_index_ != Waiter::kNoIndex) heap_remove_locked(w);
    if (w->posted_) {
        auto p = std::find(posted_.begin(), posted_.end(), w);
        if (p != posted_.end()) posted_.erase(p);
        w->posted_ = false;
    }
    w->deadline_ = kNever;
    w->armed_ = false;
    --armed_count_;
}

void Reactor::deliver_locked(Waiter* w, uint32_t why, std::vector<Waiter*>& ready)
{
    ready.push_back(w);   // capacity reserved by run_once
    disarm_locked(w);
    w->fired = why;
}

// ---------------------------------------------------------------- polling

size_t Reactor::run_once(Deadline until, std::vector<Waiter*>& ready)
{
    const size_t before = ready.size();
    Deadline wait_until;
    {
        std::lock_guard lk(mu_);
        wait_until = until;
        if (!posted_.empty()) wait_until = Deadline::min();
        else if (!heap_.empty() && heap_.front()->deadline_ < wait_until)
            wait_until = heap_.front()->deadline_;
        polling_ = true;
        poll_until_ = wait_until;
    }

    epoll_event evs[kMaxEvents];
    int n = epoll_wait(epfd_, evs, kMaxEvents, wait_ms_until(wait_until));
    if (n < 0) n = 0;   // EINTR: report what is due and let the caller loop

    std::lock_guard lk(mu_);
    polling_ = false;
    // Everything that can become ready now fits: no allocation (or exception) midway.
    ready.reserve(ready.size() + armed_count_);
    for (int i = 0; i < n; ++i) {
        const uint64_t tag = evs[i].data.u64;
        if (tag == kWakeTag) {
            wake_pending_.store(false, std::memory_order_seq_cst);
            uint64_t v;
            while (read(wakefd_, &v, sizeof v) > 0) {}
            // A wake() between the store and the drain had its write drained with the flag
            // left set (so later wakes would not write): signal again rather than lose it.
            if (wake_pending_.load(std::memory_order_seq_cst)) {
                uint64_t one = 1;
                ssize_t rc = write(wakefd_, &one, sizeof one);
                (void)rc;
            }
            continue;
        }
        const int fd = static_cast<int>(static_cast<uint32_t>(tag));
        auto it = fds_.find(fd);
        if (it == fds_.end() || it->second.gen != static_cast<uint32_t>(tag >> 32)) continue;
        FdEntry& e = it->second;
        e.enabled = false;   // EPOLLONESHOT disabled it
        const uint32_t bits = evs[i].events;
        const uint32_t err = (bits & (EPOLLERR | EPOLLHUP)) ? kError : 0;
        const bool rd = bits & (EPOLLIN | EPOLLRDHUP | EPOLLERR | EPOLLHUP);
        const bool wr = bits & (EPOLLOUT | EPOLLERR | EPOLLHUP);
        Waiter* r = rd ? e.reader : nullptr;
        Waiter* w = wr ? e.writer : nullptr;
        auto why = [&](Waiter* x) {
            uint32_t f = ((rd ? kReadable : 0) | (wr ? kWritable : 0)) & x->want_;
            return f | err;
        };
        if (r) deliver_locked(r, why(r), ready);
        if (w && w != r) deliver_locked(w, why(w), ready);
        if (e.reader || e.writer) update_epoll_locked(fd, e);   // re-enable what still waits
    }

    const Deadline now = Clock::now();
    while (!heap_.empty() && heap_.front()->deadline_ <= now)
        deliver_locked(heap_.front(), kTimeout, ready);

    while (!posted_.empty())
        deliver_locked(posted_.front(), kPosted, ready);

    return ready.size() - before;
}

void Reactor::wake()
{
    if (wake_pending_.exchange(true, std::memory_order_acq_rel)) return;
    uint64_t one = 1;
    ssize_t rc = write(wakefd_, &one, sizeof one);
    (void)rc;   // EAGAIN only if the counter is saturated: a wake is pending anyway
}

void Reactor::wake_if_sooner_locked(Deadline d)
{
    if (polling_ && d < poll_until_) wake();
}

size_t Reactor::pending() const
{
    std::lock_guard lk(mu_);
    return armed_count_;
}

// ---------------------------------------------------------------- timer heap

bool Reactor::heap_less(size_t a, size_t b) const
{
    const Waiter* x = heap_[a];
    const Waiter* y = heap_[b];
    return x->deadline_ < y->deadline_ || (x->deadline_ == y->deadline_ && x->seq_ < y->seq_);
}

void Reactor::heap_swap(size_t a, size_t b)
{
    std::swap(heap_[a], heap_[b]);
    heap_[a]->heap_index_ = a;
    heap_[b]->heap_index_ = b;
}

void Reactor::heap_sift_up(size_t i)
{
    while (i > 0) {
        size_t parent = (i - 1) / 2;
        if (!heap_less(i, parent)) break;
        heap_swap(i, parent);
        i = parent;
    }
}

void Reactor::heap_sift_down(size_t i)
{
    const size_t n = heap_.size();
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < n && heap_less(l, m)) m = l;
        if (r < n && heap_less(r, m)) m = r;
        if (m == i) break;
        heap_swap(i, m);
        i = m;
    }
}

void Reactor::heap_push_locked(Waiter* w)
{
    w->seq_ = next_seq_++;
    heap_.push_back(w);
    w->heap_index_ = heap_.size() - 1;
    heap_sift_up(w->heap_index_);
}

void Reactor::heap_remove_locked(Waiter* w)
{
    size_t i = w->heap_index_;
    size_t last = heap_.size() - 1;
    if (i != last) heap_swap(i, last);
    heap_.pop_back();
    w->heap_index_ = Waiter::kNoIndex;
    if (i < heap_.size()) {
        heap_sift_up(i);
        heap_sift_down(i);
    }
}

} // namespace winhttp::io
