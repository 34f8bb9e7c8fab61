// The synchronous driver of engine operations (see operation.h).
#include "engine/operation.h"
#include <new>
#include <vector>

namespace winhttp {

Operation::~Operation()
{
    if (io::Reactor* r = reactor_.load()) r->cancel(&waiter);
}

void Operation::cancel()
{
    cancelled_.store(true, std::memory_order_seq_cst);
    if (io::Reactor* r = reactor_.load(std::memory_order_seq_cst))
        if (r->cancel(&waiter)) r->post(&waiter);
}

void Operation::armed(io::Reactor& r)
{
    reactor_.store(&r, std::memory_order_seq_cst);
    // Both sides look at the other's store after their own (seq_cst): a cancel() that missed
    // the reactor is seen here, and only one of the two gets the waiter out of cancel().
    if (cancelled_.load(std::memory_order_seq_cst) && r.cancel(&waiter)) r.post(&waiter);
}

namespace {

// Polls `r` until `op`'s waiter comes back. A reactor polled by this thread alone only holds
// this operation's waiter, but stay correct if it holds others.
DWORD wait_for(Operation& op, io::Reactor& r)
{
    std::vector<io::Waiter*> ready;
    for (;;) {
        ready.clear();
        try {
            r.run_once(io::kNever, ready);
        } catch (const std::bad_alloc&) {
            r.cancel(&op.waiter);
            return ERROR_NOT_ENOUGH_MEMORY;
        }
        // The waiter may be a sub-operation's that names `op` as its owner (waiter.op).
        for (io::Waiter* w : ready)
            if (w->op == &op) return ERROR_SUCCESS;
    }
}

} // namespace

OpStatus drive_until_notes(Operation& op, Call& c, io::Reactor& r)
{
    for (;;) {
        if (op.parked) {   // it returned Wait last time (with notes delivered since)
            op.parked = false;
            if (DWORD e = wait_for(op, r)) {
                c.error = e;
                return OpStatus::Done;
            }
        }
        OpStatus st = op.resume(c, r);
        if (st == OpStatus::Done) return st;
        op.parked = st == OpStatus::Wait;
        if (!c.notes.empty()) return OpStatus::Notify;
    }
}

DWORD drive_sync(Operation& op, Call& c, io::Reactor& r, DeliverFn deliver)
{
    for (;;) {
        OpStatus st = drive_until_notes(op, c, r);
        if (!c.notes.empty()) deliver(c);
        if (st == OpStatus::Done) return c.error;
    }
}

} // namespace winhttp
