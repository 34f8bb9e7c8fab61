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
    // Takes the waiter out of the reactor it was last armed in (a post racing the end).
    virtual ~Operation();
    Operation(const Operation&) = delete;
    Operation& operator=(const Operation&) = delete;

    // One step. `r` is the reactor the waiter must be armed in; on Wait the operation has
    // armed `waiter` there (watch or timer, with the handle's timeout as deadline) and called
    // armed(r).
    virtual OpStatus resume(Call& c, io::Reactor& r) = 0;

    // Asks the operation to stop (its handle was closed), from any thread: sets the flag and,
    // if the operation is parked in a reactor, makes it ready so it resumes, sees the flag and
    // ends (ERROR_WINHTTP_OPERATION_CANCELLED). A running operation sees the flag at its next
    // resume or right after it parks (armed()).
    // Operations that run another one on their behalf (a redirect's send) pass it on.
    virtual void cancel();
    bool cancelled() const { return cancelled_.load(std::memory_order_seq_cst); }

    // Called by the operation right after arming `waiter` in `r`: remembers the reactor for
    // cancel() and closes the race with a cancel() that came before the arming.
    void armed(io::Reactor& r);

    io::Waiter waiter;
    bool parked = false;   // for drivers: the last resume() returned Wait
    bool async = false;    // started on an asynchronous session: completes by notification
    // Async only: the calling thread may run it first and, when buffered data satisfies it,
    // deliver its completion before the API call returns (reads, as Windows does).
    bool may_complete_inline = false;

private:
    std::atomic<bool> cancelled_{false};
    std::atomic<io::Reactor*> reactor_{nullptr};
};

// Drives `op` to completion on the calling thread: resume, hand notes to `deliver` (the front's
// callback delivery, which runs application code and empties c.notes), wait in `r` when the
// operation waits. Returns c.error when the operation is done. `r` must be a reactor this
// thread polls alone.
using DeliverFn = void (*)(Call&);
DWORD drive_sync(Operation& op, Call& c, io::Reactor& r, DeliverFn deliver);

// One leg of drive_sync for drivers that deliver elsewhere (the Wine front hands the notes to
// the Windows thread): resumes `op`, waiting in `r` as needed, until notifications are due
// (returns Notify, c.notes non-empty) or the operation is done (returns Done, c.error final;
// c.notes may hold its last notifications). Never returns Wait.
OpStatus drive_until_notes(Operation& op, Call& c, io::Reactor& r);

} // namespace winhttp
