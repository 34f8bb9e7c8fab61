// Engine operations that wait (see docs/ARCHITECTURE.md, "Operations that wait"): an operation
// runs in steps; each resume() goes until notifications are due, until it has armed its waiter
// in a reactor, or until it is finished. Whoever drives it (the calling thread in sync mode, a
// worker in async mode, a Windows thread under Wine) delivers the notifications, waits for the
// waiter and resumes. The operation itself never blocks and never calls application code.
#pragma once
#include "engine/call.h"
#include "io/reactor.h"
#include <atomic>

namespace winhttp {

enum class OpStatus {
    Notify, // c.notes holds notifications to deliver now; resume again afterwards
    Wait,   // `waiter` is armed in the reactor; resume once the reactor hands it back
    Done,   // finished: c.error is the result (notes may still hold the last notifications)
};

class Operation {
public:
    Operation() { waiter.op = this; }
    virtual ~Operation() = default;
    Operation(const Operation&) = delete;
    Operation& operator=(const Operation&) = delete;

    // One step. `r` is the reactor the waiter must be armed in; on Wait the operation has
    // armed `waiter` there (watch or timer, with the handle's timeout as deadline).
    virtual OpStatus resume(Call& c, io::Reactor& r) = 0;

    // Asks the operation to stop (its handle was closed): sets the flag and posts the waiter
    // so a parked operation resumes, sees it and ends (ERROR_WINHTTP_OPERATION_CANCELLED).
    void cancel(io::Reactor& r)
    {
        cancelled_.store(true, std::memory_order_release);
        r.post(&waiter);
    }
    bool cancelled() const { return cancelled_.load(std::memory_order_acquire); }

    io::Waiter waiter;

private:
    std::atomic<bool> cancelled_{false};
};

// Drives `op` to completion on the calling thread: resume, hand notes to `deliver` (the front's
// callback delivery, which runs application code and empties c.notes), wait in `r` when the
// operation waits. Returns c.error when the operation is done. `r` must be a reactor this
// thread polls alone.
using DeliverFn = void (*)(Call&);
DWORD drive_sync(Operation& op, Call& c, io::Reactor& r, DeliverFn deliver);

} // namespace winhttp
