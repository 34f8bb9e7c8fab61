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

class RequestOp : public Operation {
public:
    // `api` is the API_* value REQUEST_ERROR names for this operation.
    RequestOp(Ref<Request> r, std::shared_ptr<Transfer> t, DWORD api) : req_(std::move(r)), t_(std::move(t)), api_(api)
    {
        std::lock_guard<std::mutex> g(req_->op_lock);
        req_->active_op = this;
    }
    ~RequestOp() override
    {
        std::lock_guard<std::mutex> g(req_->op_lock);
        if (req_->active_op == this) req_->active_op = nullptr;
    }

protected:
    // Arms the waiter on `fd` for `events` until `deadline`.
    OpStatus wait_on(Call& c, io::Reactor& r, int fd, uint32_t events, io::Deadline deadline)
    {
        waiter.fired = 0;
        if (DWORD e = r.watch(fd, events, &waiter, deadline)) return finish(c, r, e);
        armed(r);
        return OpStatus::Wait;
    }
    // Ends the operation with `e`. On failure the connection is closed (not reusable).
    OpStatus finish(Call& c, io::Reactor& r, DWORD e)
    {
        r.cancel(&waiter);
        if (t_ && t_->conn && t_->conn->socket.is_open()) r.forget(t_->conn->socket.fd());
        if (e != ERROR_SUCCESS) failed(c, r);
        c.error = e;
        done_ = true;
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
    DWORD api_;
};

} // namespace winhttp
