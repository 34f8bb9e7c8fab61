// The common part of the request operations (send, receive, query-data, read): the request
// they hold a reference on, its transfer, waiting on the connection's socket with a deadline,
// and finishing (the socket is always dropped from the reactor, since the next call on the
// request may be driven by another thread's reactor). In async mode finishing also queues the
// completion: the operation's own notification on success, REQUEST_ERROR with a
// WINHTTP_ASYNC_RESULT naming the API call on failure.
#pragma once
#include "engine/objects.h"
#include "engine/operation.h"
#include "engine/transfer.h"

namespace winhttp {

// The request behind `h` for a network call, or null with c.error set: a closed parent
// invalidates its children (a request whose connection or session handle was closed fails
// with ERROR_INVALID_HANDLE; guide/hinternet-handles-in-winhttp.md).
inline Ref<Request> network_request(Call& c, HINTERNET h)
{
    Ref<Request> r = get_typed<Request>(c, h);
    if (!r) return r;
    for (Object* o = r->parent; o; o = o->parent) {
        std::lock_guard<std::mutex> g(o->lock);
        if (o->closed) {
            c.error = ERROR_INVALID_HANDLE;
            return {};
        }
    }
    return r;
}

struct SendArgs;
class RequestOp;
// send_op.cpp: the operation that sends `r` (its lock held) to its current target with `args`:
// a new Transfer on the session's pool, the head prepared, the request marked Sending. The
// caller sets `async` and friends. ERROR_SUCCESS or the error WinHttpSendRequest gives.
DWORD build_send(Ref<Request> r, const SendArgs& args, std::unique_ptr<RequestOp>& out);

// True while an operation runs on `r` (a call made meanwhile fails with
// ERROR_WINHTTP_INCORRECT_HANDLE_STATE).
inline bool op_running(Request& r)
{
    std::lock_guard<std::mutex> g(r.op_lock);
    return r.active_op != nullptr;
}

class RequestOp : public Operation {
public:
    // `api` is the API_* value REQUEST_ERROR names for this operation.
    RequestOp(Ref<Request> r, std::shared_ptr<Transfer> t, DWORD api) : req_(std::move(r)), t_(std::move(t)), api_(api)
    {
        std::lock_guard<std::mutex> g(req_->op_lock);
        if (req_->active_op) busy_ = true;
        else req_->active_op = this;
    }
    // Another operation was still running on the request when this one was made: the call
    // fails with ERROR_WINHTTP_INCORRECT_HANDLE_STATE (make_* check it and drop this one).
    bool busy() const { return busy_; }
    ~RequestOp() override
    {
        std::lock_guard<std::mutex> g(req_->op_lock);
        if (req_->active_op == this) req_->active_op = nullptr;
    }

protected:
    // Arms the waiter on `fd` for `events` until `deadline`.
    OpStatus wait_on(Call& c, io::Reactor& r, int fd, uint32_t events, io::Deadline deadline)
    {
        return park(c, r, [&] { return r.watch(fd, events, &waiter, deadline); });
    }
    // Arms the waiter with `arm` and returns Wait, or finishes with arm's error. op_lock is held
    // from the arming until armed() is done: in async mode another worker may get the waiter
    // back at once, and its finish() (which takes op_lock) must not free this operation under
    // our feet; Request::closing() cancels under op_lock too, so a close is either seen by
    // armed() or finds the waiter armed.
    template <class Arm> OpStatus park(Call& c, io::Reactor& r, Arm&& arm)
    {
        DWORD e;
        {
            std::lock_guard<std::mutex> g(req_->op_lock);
            waiter.fired = 0;
            e = arm();
            if (!e) {
                armed(r);
                return OpStatus::Wait;
            }
        }
        return finish(c, r, e);
    }
    // Ends the operation with `e`. On failure the connection is closed (not reusable).
    OpStatus finish(Call& c, io::Reactor& r, DWORD e)
    {
        r.cancel(&waiter);
        if (t_ && t_->conn && t_->conn->socket.is_open()) r.forget(t_->conn->socket.fd());
        if (e != ERROR_SUCCESS) failed(c, r);
        c.error = e;
        done_ = true;
        {
            // The next call on the request may start now (from the completion's callback).
            std::lock_guard<std::mutex> g(req_->op_lock);
            if (req_->active_op == this) req_->active_op = nullptr;
        }
        if (async) {
            if (e == ERROR_SUCCESS) {
                completed(c);
            } else {
                WINHTTP_ASYNC_RESULT res{api_, e};
                req_->notify(c, WINHTTP_CALLBACK_STATUS_REQUEST_ERROR, &res, sizeof res);
            }
        }
        return OpStatus::Done;
    }
    // The async completion notification of a successful operation.
    virtual void completed(Call& c) = 0;
    // What a failure undoes; by default the connection is dropped.
    virtual void failed(Call& c, io::Reactor& r)
    {
        if (t_ && t_->conn) {
            t_->conn->socket.close();
            t_->conn.reset();
            t_->buf.clear();
        }
    }
    bool timed_out() const { return (waiter.fired & io::kTimeout) != 0; }

    Ref<Request> req_;
    std::shared_ptr<Transfer> t_;
    bool done_ = false;
    bool busy_ = false;
    DWORD api_;
};

} // namespace winhttp
