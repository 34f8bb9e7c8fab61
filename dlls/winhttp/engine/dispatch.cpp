// The asynchronous driver's shared half (see dispatch.h).
#include "engine/dispatch.h"
#include <new>

namespace winhttp {

DWORD Dispatcher::get(Dispatcher*& out)
{
    // Created once and never destroyed: worker threads may still be running when static
    // destructors would run.
    static Dispatcher* instance = nullptr;
    static DWORD error = [] {
        std::unique_ptr<io::Reactor> r;
        if (DWORD e = io::Reactor::create(r)) return e;
        instance = new (std::nothrow) Dispatcher(std::move(r));
        return instance ? DWORD(ERROR_SUCCESS) : DWORD(ERROR_NOT_ENOUGH_MEMORY);
    }();
    out = instance;
    return error;
}

void Dispatcher::submit(Operation* op)
{
    std::lock_guard<std::mutex> g(mu_);
    queue_.push_back(op);
    if (idle_) cv_.notify_one();
    else if (polling_) reactor_->wake();
}

Operation* Dispatcher::next()
{
    std::unique_lock<std::mutex> lk(mu_);
    for (;;) {
        if (stopping_) return nullptr;
        if (!queue_.empty()) {
            Operation* op = queue_.front();
            queue_.pop_front();
            // Someone must poll (or take the rest) while this thread runs the operation.
            if (idle_ && (!queue_.empty() || !polling_)) cv_.notify_one();
            return op;
        }
        if (!polling_) {
            polling_ = true;
            lk.unlock();
            ready_.clear();
            try {
                reactor_->run_once(io::kNever, ready_);
            } catch (const std::bad_alloc&) {
                // run_once reserves before it delivers anything: nothing was lost; try again.
            }
            lk.lock();
            polling_ = false;
            for (io::Waiter* w : ready_) queue_.push_back(static_cast<Operation*>(w->op));
            continue;
        }
        idle_++;
        cv_.wait(lk);
        idle_--;
    }
}

void Dispatcher::shutdown()
{
    std::lock_guard<std::mutex> g(mu_);
    stopping_ = true;
    cv_.notify_all();
    reactor_->wake();
}

} // namespace winhttp
