// The synchronous driver of engine operations (see operation.h).
#include "engine/operation.h"
#include <new>
#include <vector>

namespace winhttp {

DWORD drive_sync(Operation& op, Call& c, io::Reactor& r, DeliverFn deliver)
{
    std::vector<io::Waiter*> ready;
    for (;;) {
        OpStatus st = op.resume(c, r);
        if (!c.notes.empty()) deliver(c);
        if (st == OpStatus::Done) return c.error;
        if (st == OpStatus::Notify) continue;
        // Wait: poll until our waiter comes back. A reactor polled by this thread alone only
        // holds this operation's waiter, but stay correct if it holds others.
        for (;;) {
            ready.clear();
            try {
                r.run_once(io::kNever, ready);
            } catch (const std::bad_alloc&) {
                r.cancel(&op.waiter);
                c.error = ERROR_NOT_ENOUGH_MEMORY;
                return c.error;
            }
            bool ours = false;
            for (io::Waiter* w : ready)
                if (w == &op.waiter) ours = true;
            if (ours) break;
        }
    }
}

} // namespace winhttp
