// The asynchronous driver's shared half: one reactor for every asynchronous operation of the
// process and a queue of operations ready to run. Worker threads (the native front's own, or
// the Windows thread pool fed by the Wine front's dispatcher thread) take ready operations with
// next() and run them with step(), delivering the notes in between. Whichever thread finds the
// queue empty and nobody polling becomes the poller (leader/follower), so waiting costs no
// thread per operation.
#pragma once
#include "engine/operation.h"
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <vector>

namespace winhttp {

class Dispatcher {
public:
    // The process's dispatcher, created on first use; ERROR_SUCCESS or the reactor's error.
    // It lives until the process ends (its threads may be in application callbacks then).
    static DWORD get(Dispatcher*& out);

    io::Reactor& reactor() { return *reactor_; }

    // Queues a new operation (owned by the dispatcher's users from now on: whoever steps it
    // to Done deletes it).
    void submit(Operation* op);

    // Blocks until an operation is ready to run: a new one, or a parked one whose waiter came
    // back. Returns null only after shutdown() (the native front never calls it).
    Operation* next();

    // Resumes `op` once in the shared reactor. Notify: deliver c.notes, then step again;
    // Wait: deliver c.notes (if any), then forget `op` — it is parked and comes back through
    // next(), possibly on another thread, so it must not be touched any more; Done: c.error is
    // final: deliver c.notes, then delete `op` (which may queue HANDLE_CLOSING on c) and
    // deliver again.
    OpStatus step(Operation& op, Call& c) { return op.resume(c, *reactor_); }

    // Wakes every thread blocked in next() and makes next() return null (tests).
    void shutdown();

    Dispatcher(const Dispatcher&) = delete;
    Dispatcher& operator=(const Dispatcher&) = delete;

private:
    explicit Dispatcher(std::unique_ptr<io::Reactor> r) : reactor_(std::move(r)) {}

    std::unique_ptr<io::Reactor> reactor_;
    std::mutex mu_;
    std::condition_variable cv_;
    std::deque<Operation*> queue_;
    std::vector<io::Waiter*> ready_;   // the poller's (one at a time)
    size_t idle_ = 0;                  // threads waiting on cv_
    bool polling_ = false;
    bool stopping_ = false;
};

} // namespace winhttp
