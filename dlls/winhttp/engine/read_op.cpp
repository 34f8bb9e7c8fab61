// WinHttpQueryDataAvailable and WinHttpReadData as operations (request_ops.h). Body bytes are
// copied from the request's receive buffer straight into the caller's buffer; when the buffer
// is empty and the caller asks for more, the socket reads straight into the caller's buffer
// (no intermediate copy). At the end of the body the connection goes back to the pool when
// the response allows keep-alive, else it is closed (CLOSING_CONNECTION, CONNECTION_CLOSED).
#include "engine/request_op.h"
#include "engine/request_ops.h"
#include <algorithm>
#include <cstring>
#include <limits>
#include <new>

namespace winhttp {

namespace {

class BodyOp : public RequestOp {
public:
    BodyOp(Ref<Request> r, std::shared_ptr<Transfer> t, DWORD api) : RequestOp(std::move(r), std::move(t), api) {}
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
        // Once: reads after the end come here again.
        if (!req_->trailers_ready && t_->framing.framing == ResponseBodyFraming::Chunked)
            req_->response_trailers = std::move(t_->chunked.trailers());
        req_->trailers_ready = true;
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
        return wait_on(c, r, t_->conn->socket.fd(), t_->conn->wait_events(false), timeout_deadline(receive_ms));
    }
};

class QueryDataOp final : public BodyOp {
public:
    QueryDataOp(Ref<Request> r, std::shared_ptr<Transfer> t, LPDWORD out)
        : BodyOp(std::move(r), std::move(t), API_QUERY_DATA_AVAILABLE), out_(out) {}

    OpStatus resume(Call& c, io::Reactor& r) override
    {
        if (cancelled()) return finish(c, r, ERROR_WINHTTP_OPERATION_CANCELLED);
        if (timed_out()) return finish(c, r, ERROR_WINHTTP_TIMEOUT);
        Transfer& t = *t_;
        for (;;) {
            uint64_t avail = 0;
            bool ready = false, ended = false;
            if (DWORD e = available(t, avail, ready, ended)) return finish(c, r, e);
            if (ready) {
                avail_ = static_cast<DWORD>(std::min<uint64_t>(avail, std::numeric_limits<DWORD>::max()));
                if (out_) *out_ = avail_;
                if (ended) body_end(c, r);
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
    // What a read can take now: the raw body's buffered bytes, or the decoded ones (decoding
    // what is buffered). `ready` when that is something or the body is over (`ended`).
    static DWORD available(Transfer& t, uint64_t& avail, bool& ready, bool& ended)
    {
        if (t.decoder) {
            if (DWORD e = decode_buffered(t)) return e;
            avail = t.decoded.size();
            ready = avail || t.decoded_end;
            ended = ready && !avail;
            return ERROR_SUCCESS;
        }
        if (DWORD e = buffered_body(t, avail)) return e;
        ready = avail || t.body_done;
        ended = t.body_done;
        return ERROR_SUCCESS;
    }

    void completed(Call& c) override
    {
        req_->notify(c, WINHTTP_CALLBACK_STATUS_DATA_AVAILABLE, &avail_, sizeof avail_);
    }

    LPDWORD out_;
    DWORD avail_ = 0;
};

class ReadOp final : public BodyOp {
public:
    // `fill`: go on until the buffer is full or the body ends (WinHttpReadData, and
    // WinHttpReadDataEx with WINHTTP_READ_DATA_EX_FLAG_FILL_BUFFER); otherwise end as soon as
    // some bytes were copied.
    ReadOp(Ref<Request> r, std::shared_ptr<Transfer> t, char* buf, DWORD len, LPDWORD read, bool fill)
        : BodyOp(std::move(r), std::move(t), API_READ_DATA), buf_(buf), len_(len), read_(read), fill_(fill) {}

    OpStatus resume(Call& c, io::Reactor& r) override
    {
        if (cancelled()) return finish(c, r, ERROR_WINHTTP_OPERATION_CANCELLED);
        if (timed_out()) return finish(c, r, ERROR_WINHTTP_TIMEOUT);
        Transfer& t = *t_;
        if (t.decoder) return resume_decoded(c, r);
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
                    if (copied_ && !fill_) return done(c, r);
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
                if (copied_ && !fill_) return done(c, r);
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
        if (read_) *read_ = static_cast<DWORD>(copied_);
        return finish(c, r, ERROR_SUCCESS);
    }
    void completed(Call& c) override
    {
        req_->notify(c, WINHTTP_CALLBACK_STATUS_READ_COMPLETE, buf_, static_cast<DWORD>(copied_), false);
    }

    // A decoded body: copies decoded bytes, decoding more as the socket brings raw ones.
    OpStatus resume_decoded(Call& c, io::Reactor& r)
    {
        Transfer& t = *t_;
        for (;;) {
            size_t n = std::min<size_t>(t.decoded.size(), len_ - copied_);
            if (n) {
                std::memcpy(buf_ + copied_, t.decoded.view().data(), n);
                t.decoded.consume(n);
                copied_ += n;
            }
            if (copied_ == len_) return done_decoded(c, r);
            if (DWORD e = decode_buffered(t)) return finish(c, r, e);
            if (!t.decoded.empty()) continue;
            if (t.decoded_end) return done_decoded(c, r);
            if (t.eof || !t.conn) return copied_ ? done_decoded(c, r) : finish(c, r, truncated());
            size_t got;
            DWORD e = t.fill(kRecvChunk, got);
            if (e == io::kIoPending) {
                if (copied_ && !fill_) return done_decoded(c, r);
                return wait_readable(c, r);
            }
            if (e) return finish(c, r, e);
        }
    }
    OpStatus done_decoded(Call& c, io::Reactor& r)
    {
        if (t_->decoded_end && t_->decoded.empty()) body_end(c, r);
        else reading();
        if (read_) *read_ = static_cast<DWORD>(copied_);
        return finish(c, r, ERROR_SUCCESS);
    }

    char* buf_;
    DWORD len_;
    LPDWORD read_;
    bool fill_;
    size_t copied_ = 0;
};

// What a body operation needs from its request, taken under the request's lock.
struct BodyStart {
    Ref<Request> r;
    std::shared_ptr<Transfer> t;
    int receive_ms = 0;
    bool async = false;
};

// The request (a valid request handle), or false with c.error set.
bool body_handle(Call& c, HINTERNET request, BodyStart& b)
{
    b.r = network_request(c, request);
    if (!b.r) return false;
    b.async = b.r->session()->async();
    return true;
}

// The request in a state where its body can be read, or false with c.error set.
bool body_state(Call& c, BodyStart& b)
{
    std::lock_guard<std::mutex> g(b.r->lock);
    if (b.r->state < RequestState::ResponseReceived || !b.r->transfer) {
        c.error = ERROR_WINHTTP_INCORRECT_HANDLE_STATE;
        return false;
    }
    b.receive_ms = b.r->settings.receive_timeout;
    b.t = b.r->transfer;
    return true;
}

std::unique_ptr<Operation> start_read(Call& c, HINTERNET request, LPVOID buffer, DWORD to_read, LPDWORD read, bool fill)
{
    if (!buffer && to_read) {
        c.error = ERROR_INVALID_PARAMETER;
        return nullptr;
    }
    BodyStart b;
    if (!body_handle(c, request, b)) return nullptr;
    // A synchronous read must say how much it read (an asynchronous one says it in READ_COMPLETE).
    if (!read && !b.async) {
        c.error = ERROR_INVALID_PARAMETER;
        return nullptr;
    }
    if (!body_state(c, b)) return nullptr;
    auto op = std::make_unique<ReadOp>(std::move(b.r), std::move(b.t), static_cast<char*>(buffer), to_read, read, fill);
    if (op->busy()) {
        c.error = ERROR_WINHTTP_INCORRECT_HANDLE_STATE;
        return nullptr;
    }
    op->receive_ms = b.receive_ms;
    op->async = b.async;
    op->may_complete_inline = true;
    return op;
}

} // namespace

namespace api {

std::unique_ptr<Operation> make_query_data_available(Call& c, HINTERNET request, LPDWORD available)
{
    try {
        BodyStart b;
        if (!body_handle(c, request, b) || !body_state(c, b)) return nullptr;
        auto op = std::make_unique<QueryDataOp>(std::move(b.r), std::move(b.t), available);
        if (op->busy()) {
            c.error = ERROR_WINHTTP_INCORRECT_HANDLE_STATE;
            return nullptr;
        }
        op->receive_ms = b.receive_ms;
        op->async = b.async;
        op->may_complete_inline = true;
        return op;
    } catch (const std::bad_alloc&) {
        c.error = ERROR_NOT_ENOUGH_MEMORY;
        return nullptr;
    }
}

std::unique_ptr<Operation> make_read_data(Call& c, HINTERNET request, LPVOID buffer, DWORD to_read, LPDWORD read)
{
    try {
        if (read) *read = 0;
        // WinHttpReadData fills the buffer unless the body ends first (the WinHttpReadDataEx page
        // says FILL_BUFFER makes ReadDataEx behave as ReadData).
        return start_read(c, request, buffer, to_read, read, true);
    } catch (const std::bad_alloc&) {
        c.error = ERROR_NOT_ENOUGH_MEMORY;
        return nullptr;
    }
}

std::unique_ptr<Operation> make_read_data_ex(Call& c, HINTERNET request, LPVOID buffer, DWORD to_read, LPDWORD read,
                                             ULONGLONG flags, DWORD property_size, PVOID property)
{
    try {
        if (read) *read = 0;   // WinHttpReadDataEx page: zeroed before any work or checking
        if ((flags & ~ULONGLONG(WINHTTP_READ_DATA_EX_FLAG_FILL_BUFFER)) || property_size || property) {
            c.error = ERROR_INVALID_PARAMETER;
            return nullptr;
        }
        return start_read(c, request, buffer, to_read, read, (flags & WINHTTP_READ_DATA_EX_FLAG_FILL_BUFFER) != 0);
    } catch (const std::bad_alloc&) {
        c.error = ERROR_NOT_ENOUGH_MEMORY;
        return nullptr;
    }
}

} // namespace api

} // namespace winhttp
