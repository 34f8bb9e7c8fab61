// WinHttpQueryDataAvailable and WinHttpReadData as operations (request_ops.h). Body bytes are
// copied from the request's receive buffer straight into the caller's buffer; when the buffer
// is empty and the caller asks for more, the socket reads straight into the caller's buffer
// (no intermediate copy). At the end of the body the connection goes back to the pool when
// the response allows keep-alive, else it is closed (CLOSING_CONNECTION, CONNECTION_CLOSED).
#include "engine/request_op.h"
#include "engine/request_ops.h"
#include <algorithm>
#include <limits>
#include <new>

namespace winhttp {

namespace {

class BodyOp : public RequestOp {
public:
    BodyOp(Ref<Request> r, std::shared_ptr<Transfer> t) : RequestOp(std::move(r), std::move(t)) {}
    int receive_ms = 0;

protected:
    // The body ended (or was already over): give the connection back, mark the request done.
    void body_end(Call& c, io::Reactor& r)
    {
        if (t_->conn) {
            r.cancel(&waiter);
            end_connection(c, *req_, *t_, &r, true);
        }
        std::lock_guard<std::mutex> g(req_->lock);
        req_->state = RequestState::Done;
    }
    void reading()
    {
        std::lock_guard<std::mutex> g(req_->lock);
        if (req_->state == RequestState::ResponseReceived) req_->state = RequestState::Reading;
    }
    // The connection ended before the body did.
    DWORD truncated() const
    {
        return t_->framing.framing == ResponseBodyFraming::Chunked || t_->framing.framing == ResponseBodyFraming::Length
                   ? ERROR_WINHTTP_CONNECTION_ERROR : ERROR_SUCCESS;
    }
    OpStatus wait_readable(Call& c, io::Reactor& r)
    {
        return wait_on(c, r, t_->conn->socket.fd(), io::kReadable, timeout_deadline(receive_ms));
    }
};

class QueryDataOp final : public BodyOp {
public:
    QueryDataOp(Ref<Request> r, std::shared_ptr<Transfer> t, LPDWORD out)
        : BodyOp(std::move(r), std::move(t)), out_(out) {}

    OpStatus resume(Call& c, io::Reactor& r) override
    {
        if (cancelled()) return finish(c, r, ERROR_WINHTTP_OPERATION_CANCELLED);
        if (timed_out()) return finish(c, r, ERROR_WINHTTP_TIMEOUT);
        Transfer& t = *t_;
        for (;;) {
            uint64_t avail = 0;
            if (DWORD e = buffered_body(t, avail)) return finish(c, r, e);
            if (avail || t.body_done) {
                if (out_) *out_ = static_cast<DWORD>(std::min<uint64_t>(avail, std::numeric_limits<DWORD>::max()));
                if (t.body_done) body_end(c, r);
                else reading();
                return finish(c, r, ERROR_SUCCESS);
            }
            if (t.eof || !t.conn) return finish(c, r, truncated());
            size_t got;
            DWORD e = t.fill(kRecvChunk, got);
            if (e == io::kIoPending) return wait_readable(c, r);
            if (e) return finish(c, r, e);
        }
    }

private:
    LPDWORD out_;
};

class ReadOp final : public BodyOp {
public:
    ReadOp(Ref<Request> r, std::shared_ptr<Transfer> t, char* buf, DWORD len, LPDWORD read)
        : BodyOp(std::move(r), std::move(t)), buf_(buf), len_(len), read_(read) {}

    OpStatus resume(Call& c, io::Reactor& r) override
    {
        if (cancelled()) return finish(c, r, ERROR_WINHTTP_OPERATION_CANCELLED);
        if (timed_out()) return finish(c, r, ERROR_WINHTTP_TIMEOUT);
        Transfer& t = *t_;
        for (;;) {
            size_t n = 0;
            if (DWORD e = copy_body(t, buf_ + copied_, len_ - copied_, n)) return finish(c, r, e);
            copied_ += n;
            if (t.body_done || copied_ == len_) return done(c, r);
            if (!t.buf.empty()) continue;   // framing only (chunked): keep decoding
            if (t.eof || !t.conn) return copied_ ? done(c, r) : finish(c, r, truncated());
            // The buffer is empty: read straight into the caller's buffer where the framing
            // allows it (body bytes known to come next), into the receive buffer otherwise.
            uint64_t direct = 0;
            switch (t.framing.framing) {
            case ResponseBodyFraming::Length: direct = t.remaining; break;
            case ResponseBodyFraming::UntilClose: direct = len_ - copied_; break;
            case ResponseBodyFraming::Chunked: direct = t.chunked.chunk_remaining(); break;
            default: break;
            }
            direct = std::min<uint64_t>(direct, len_ - copied_);
            if (direct) {
                io::IoResult rr = t.conn->recv(buf_ + copied_, static_cast<size_t>(direct));
                if (rr.would_block) {
                    if (copied_) return done(c, r);
                    return wait_readable(c, r);
                }
                if (!rr.ok()) return finish(c, r, rr.error ? rr.error : ERROR_WINHTTP_CONNECTION_ERROR);
                if (rr.bytes == 0) {
                    t.eof = true;
                    continue;
                }
                copied_ += rr.bytes;
                if (t.framing.framing == ResponseBodyFraming::Length) {
                    t.remaining -= rr.bytes;
                    if (!t.remaining) t.body_done = true;
                } else if (t.framing.framing == ResponseBodyFraming::Chunked) {
                    t.chunked.consume(rr.bytes);
                }
                continue;
            }
            size_t got;
            DWORD e = t.fill(kRecvChunk, got);
            if (e == io::kIoPending) {
                if (copied_) return done(c, r);
                return wait_readable(c, r);
            }
            if (e) return finish(c, r, e);
        }
    }

private:
    OpStatus done(Call& c, io::Reactor& r)
    {
        // A chunked body whose end is already buffered ends with this read.
        if (!t_->body_done && !t_->buf.empty() && t_->framing.framing == ResponseBodyFraming::Chunked) {
            uint64_t avail;
            if (DWORD e = buffered_body(*t_, avail)) return finish(c, r, e);
        }
        if (t_->body_done) body_end(c, r);
        else reading();
        *read_ = static_cast<DWORD>(copied_);
        return finish(c, r, ERROR_SUCCESS);
    }

    char* buf_;
    DWORD len_;
    LPDWORD read_;
    size_t copied_ = 0;
};

// The request in a state where its body can be read, or null with c.error set.
Ref<Request> body_request(Call& c, HINTERNET request, int& receive_ms)
{
    Ref<Request> r = get_typed<Request>(c, request);
    if (!r) return r;
    std::lock_guard<std::mutex> g(r->lock);
    if (r->state < RequestState::ResponseReceived || !r->transfer) {
        c.error = ERROR_WINHTTP_INCORRECT_HANDLE_STATE;
        return {};
    }
    receive_ms = r->settings.receive_timeout;
    return r;
}

} // namespace

namespace api {

std::unique_ptr<Operation> make_query_data_available(Call& c, HINTERNET request, LPDWORD available)
{
    try {
        int ms = 0;
        Ref<Request> r = body_request(c, request, ms);
        if (!r) return nullptr;
        std::shared_ptr<Transfer> t;
        {
            std::lock_guard<std::mutex> g(r->lock);
            t = r->transfer;
        }
        auto op = std::make_unique<QueryDataOp>(std::move(r), std::move(t), available);
        op->receive_ms = ms;
        return op;
    } catch (const std::bad_alloc&) {
        c.error = ERROR_NOT_ENOUGH_MEMORY;
        return nullptr;
    }
}

std::unique_ptr<Operation> make_read_data(Call& c, HINTERNET request, LPVOID buffer, DWORD to_read, LPDWORD read)
{
    try {
        // A synchronous read must say how much it read.
        if (!read || (!buffer && to_read)) {
            c.error = ERROR_INVALID_PARAMETER;
            return nullptr;
        }
        int ms = 0;
        Ref<Request> r = body_request(c, request, ms);
        if (!r) return nullptr;
        *read = 0;
        std::shared_ptr<Transfer> t;
        {
            std::lock_guard<std::mutex> g(r->lock);
            t = r->transfer;
        }
        auto op = std::make_unique<ReadOp>(std::move(r), std::move(t), static_cast<char*>(buffer), to_read, read);
        op->receive_ms = ms;
        return op;
    } catch (const std::bad_alloc&) {
        c.error = ERROR_NOT_ENOUGH_MEMORY;
        return nullptr;
    }
}

} // namespace api

} // namespace winhttp
