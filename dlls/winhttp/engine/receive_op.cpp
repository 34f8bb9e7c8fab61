// WinHttpReceiveResponse as an operation (request_ops.h): reads the response head into the
// request's receive buffer and parses it (ResponseHeadParser, the head size limit of
// WINHTTP_OPTION_MAX_RESPONSE_HEADER_SIZE), skips interim 1xx responses (up to
// WINHTTP_OPTION_MAX_HTTP_STATUS_CONTINUE of them), fills the response headers and decides the
// body framing. Notifications: RECEIVING_RESPONSE, RESPONSE_RECEIVED (the head's bytes). With
// WINHTTP_FLAG_AUTOMATIC_CHUNKING it first ends the request body with the last chunk when the
// application's writes did not.
#include "engine/request_op.h"
#include "engine/request_ops.h"
#include <algorithm>
#include <new>
#include <string>

namespace winhttp {

namespace {

class ReceiveOp final : public RequestOp {
public:
    ReceiveOp(Ref<Request> r, std::shared_ptr<Transfer> t) : RequestOp(std::move(r), std::move(t), API_RECEIVE_RESPONSE) {}

    int receive_ms = 0;
    DWORD response_ms = 0;
    DWORD max_continue = 10;
    size_t max_head = kDefaultMaxResponseHeaderSize;
    int send_ms = 0;
    std::string pending;   // request bytes still owed before the response (the last chunk)

    OpStatus resume(Call& c, io::Reactor& r) override
    {
        if (cancelled()) return finish(c, r, ERROR_WINHTTP_OPERATION_CANCELLED);
        if (pending_sent_ < pending.size()) {
            if (timed_out()) return finish(c, r, ERROR_WINHTTP_TIMEOUT);
            if (!t_->conn) return finish(c, r, ERROR_WINHTTP_CONNECTION_ERROR);
            while (pending_sent_ < pending.size()) {
                io::IoResult w = t_->conn->send(pending.data() + pending_sent_, pending.size() - pending_sent_);
                if (w.would_block)
                    return wait_on(c, r, t_->conn->socket.fd(), io::kWritable, timeout_deadline(send_ms));
                if (!w.ok()) return finish(c, r, ERROR_WINHTTP_CONNECTION_ERROR);
                pending_sent_ += w.bytes;
            }
            t_->last_chunk_sent = true;
            waiter.fired = 0;
        }
        if (!started_) {
            started_ = true;
            parser_.set_max_head_size(max_head);
            response_deadline_ = timeout_deadline(response_ms);
            req_->notify(c, WINHTTP_CALLBACK_STATUS_RECEIVING_RESPONSE, nullptr, 0, false);
            if (!c.notes.empty()) return OpStatus::Notify;
        }
        if (timed_out()) return finish(c, r, ERROR_WINHTTP_TIMEOUT);
        Transfer& t = *t_;
        for (;;) {
            // Parse what is buffered.
            if (!t.buf.empty()) {
                size_t used = 0;
                auto res = parser_.feed(t.buf.view(), &used);
                if (res == ResponseHeadParser::Result::Error) return finish(c, r, parser_.error());
                t.buf.consume(used);
                head_bytes_ += used;
                if (res == ResponseHeadParser::Result::Done) {
                    if (parser_.interim() && skipped_ < max_continue) {
                        skipped_++;
                        DWORD code = 0;
                        for (char16_t ch : parser_.headers().status.code) code = code * 10 + DWORD(ch - u'0');
                        parser_.reset();
                        req_->notify(c, WINHTTP_CALLBACK_STATUS_INTERMEDIATE_RESPONSE, &code, sizeof code);
                        if (!c.notes.empty()) return OpStatus::Notify;
                        continue;
                    }
                    return complete(c, r);
                }
            }
            if (t.eof) {
                auto res = parser_.eof();
                if (res == ResponseHeadParser::Result::Error) return finish(c, r, parser_.error());
                return complete(c, r);
            }
            size_t got = 0;
            DWORD e = t.fill(16 * 1024, got);
            if (e == io::kIoPending) {
                io::Deadline d = std::min(timeout_deadline(receive_ms), response_deadline_);
                return wait_on(c, r, t.conn->socket.fd(), io::kReadable, d);
            }
            if (e) return finish(c, r, e);
        }
    }

private:
    void completed(Call& c) override { req_->notify(c, WINHTTP_CALLBACK_STATUS_HEADERS_AVAILABLE, nullptr, 0, false); }

    OpStatus complete(Call& c, io::Reactor& r)
    {
        Transfer& t = *t_;
        ResponseFraming f;
        if (DWORD e = decide_framing(parser_.headers(), parser_.minor_version(), t.method, f)) return finish(c, r, e);
        t.framing = f;
        t.remaining = f.framing == ResponseBodyFraming::Length ? f.length : 0;
        t.chunked = ChunkedDecoder(max_head);
        t.body_done = f.framing == ResponseBodyFraming::None ||
                      (f.framing == ResponseBodyFraming::Length && f.length == 0);
        // An interim response handed over as final (the skip count ran out) leaves the final
        // response on the connection: the connection is not reused.
        if (parser_.interim()) t.framing.keep_alive = false;
        if (t.conn) t.conn->http_version = parser_.minor_version() ? 11 : 10;
        {
            std::lock_guard<std::mutex> g(req_->lock);
            req_->response_headers = std::move(parser_.headers());
            req_->state = t.body_done ? RequestState::Done : RequestState::ResponseReceived;
            req_->trailers_ready = t.body_done;
        }
        DWORD bytes = static_cast<DWORD>(head_bytes_);
        req_->notify(c, WINHTTP_CALLBACK_STATUS_RESPONSE_RECEIVED, &bytes, sizeof bytes);
        OpStatus st = finish(c, r, ERROR_SUCCESS);
        // No body at all: the connection is free now.
        if (t.body_done) end_connection(c, *req_, t, &r, true);
        return st;
    }

    size_t pending_sent_ = 0;
    bool started_ = false;
    ResponseHeadParser parser_;
    DWORD skipped_ = 0;
    size_t head_bytes_ = 0;
    io::Deadline response_deadline_ = io::kNever;
};

} // namespace

namespace api {

std::unique_ptr<Operation> make_receive_response(Call& c, HINTERNET request, LPVOID reserved)
{
    try {
        if (reserved) {
            c.error = ERROR_INVALID_PARAMETER;
            return nullptr;
        }
        Ref<Request> r = network_request(c, request);
        if (!r) return nullptr;
        std::lock_guard<std::mutex> g(r->lock);
        if (r->state != RequestState::Sent || !r->transfer || !r->transfer->conn || op_running(*r)) {
            c.error = ERROR_WINHTTP_INCORRECT_HANDLE_STATE;
            return nullptr;
        }
        Transfer& t = *r->transfer;
        if (t.body_framing == RequestBodyFraming::Length && t.body_left) {
            // Fewer bytes written than dwTotalLength declared: the request cannot be completed,
            // so no valid response can follow (Windows and Wine's tests:
            // ERROR_WINHTTP_INVALID_SERVER_RESPONSE). The connection is dropped, unusable.
            t.conn->socket.close();
            t.conn.reset();
            t.buf.clear();
            r->state = RequestState::Opened;
            c.error = ERROR_WINHTTP_INVALID_SERVER_RESPONSE;
            return nullptr;
        }
        auto op = std::make_unique<ReceiveOp>(r, r->transfer);
        if (op->busy()) {
            c.error = ERROR_WINHTTP_INCORRECT_HANDLE_STATE;
            return nullptr;
        }
        op->async = r->session()->async();
        // WINHTTP_OPTION_ASSURED_NON_BLOCKING_CALLBACKS: the application promised callbacks
        // that do not block, so the calling thread may run the operation until it must wait.
        op->may_complete_inline = r->settings.assured_non_blocking_callbacks;
        op->send_ms = r->settings.send_timeout;
        if (t.body_framing == RequestBodyFraming::AutoChunked && !t.last_chunk_sent) op->pending = "0\r\n\r\n";
        op->receive_ms = r->settings.receive_timeout;
        op->response_ms = r->settings.receive_response_timeout;
        op->max_continue = r->settings.max_http_status_continue;
        op->max_head = r->settings.max_response_header_size;
        return op;
    } catch (const std::bad_alloc&) {
        c.error = ERROR_NOT_ENOUGH_MEMORY;
        return nullptr;
    }
}

} // namespace api

} // namespace winhttp
