// The native front's operation drivers (see drive.h).
#include "native/drive.h"
#include "engine/dispatch.h"
#include <algorithm>
#include <mutex>
#include <new>
#include <thread>

namespace winhttp::native {

namespace {

constexpr int kMaxInlineDepth = 4;

// The calling thread's reactor for synchronous operations, created on first use.
io::Reactor* thread_reactor(DWORD& error)
{
    thread_local std::unique_ptr<io::Reactor> reactor;
    if (!reactor) error = io::Reactor::create(reactor);
    return reactor.get();
}

// One worker: runs ready operations, delivering their notifications on this thread.
void worker(Dispatcher* d)
{
    while (Operation* op = d->next()) {
        for (;;) {
            Call c;
            OpStatus st = d->step(*op, c);
            if (st == OpStatus::Done) {
                // The completion first, with the operation (and its reference on the request)
                // still alive: if the application closes the handle meanwhile, HANDLE_CLOSING
                // is queued by whoever drops the last reference, after this delivery.
                deliver(c);
                delete op;   // may queue HANDLE_CLOSING on c
                deliver(c);
                break;
            }
            deliver(c);
            if (st == OpStatus::Wait) break;   // parked: no longer ours
        }
    }
}

// Starts the workers once. The number is fixed: enough that callbacks which block a while do
// not stall the others on a small machine.
DWORD start_workers(Dispatcher* d)
{
    static std::once_flag once;
    static DWORD error = ERROR_SUCCESS;
    std::call_once(once, [d] {
        unsigned n = std::max(4u, 2 * std::thread::hardware_concurrency());
        try {
            for (unsigned i = 0; i < n; i++) std::thread(worker, d).detach();
        } catch (...) {
            error = ERROR_NOT_ENOUGH_MEMORY;   // std::system_error or bad_alloc
        }
    });
    return error;
}

} // namespace

void drive(Call& c, std::unique_ptr<Operation> op)
{
    if (!op) return;
    if (op->async) {
        Dispatcher* d = nullptr;
        DWORD e = Dispatcher::get(d);
        if (!e) e = start_workers(d);
        if (e) {
            c.error = e;
            return;
        }
        // A read that buffered data can satisfy completes on this thread, inside the API call,
        // as on Windows; nested reads from its callback do too, up to a small depth, beyond
        // which they go to the workers (no unbounded recursion).
        thread_local int inline_depth = 0;
        if (op->may_complete_inline && inline_depth < kMaxInlineDepth) {
            inline_depth++;
            for (;;) {
                OpStatus st = d->step(*op, c);
                if (st == OpStatus::Wait) {   // parked in the shared reactor: a worker goes on
                    op.release();
                    break;
                }
                deliver(c);
                if (st == OpStatus::Done) {
                    op.reset();   // may queue HANDLE_CLOSING on c (run_op delivers it)
                    break;
                }
            }
            inline_depth--;
        } else {
            d->submit(op.release());
        }
        c.error = ERROR_SUCCESS;   // the outcome is in the completion notification
        return;
    }
    DWORD e = ERROR_SUCCESS;
    io::Reactor* r = thread_reactor(e);
    if (!r) {
        c.error = e ? e : ERROR_NOT_ENOUGH_MEMORY;
        return;
    }
    drive_sync(*op, c, *r, deliver);
    op.reset();   // may queue HANDLE_CLOSING on c
}

} // namespace winhttp::native
