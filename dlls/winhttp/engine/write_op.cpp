// WinHttpWriteData as an operation (request_ops.h): sends the application's bytes on the
// request's connection between WinHttpSendRequest and WinHttpReceiveResponse, under the body
// framing the send decided (Transfer::body_framing): Content-Length bytes are counted against
// the declared length, an application's own chunked body passes through as written, and with
// WINHTTP_FLAG_AUTOMATIC_CHUNKING each write goes out as one chunk (a zero-length write sends
// the last chunk). The send timeout bounds each wait; WRITE_COMPLETE is owed in async mode only.
#include "engine/request_op.h"
#include "engine/request_ops.h"
#include <cstdio>
#include <new>
#include <string>

namespace winhttp {

namespace {

class WriteOp final : public RequestOp {
public:
    WriteOp(Ref<Request> r, std::shared_ptr<Transfer> t) : RequestOp(std::move(r), std::move(t), API_WRITE_DATA) {}

    const char* data = nullptr;
    size_t len = 0;
    std::string prefix, suffix;   // chunk framing around `data` (automatic chunking)
    bool last_chunk = false;      // this write ends an automatically chunked body
    int send_ms = 0;
    LPDWORD written = nullptr;

    OpStatus resume(Call& c, io::Reactor& r) override
    {
        if (cancelled()) return finish(c, r, ERROR_WINHTTP_OPERATION_CANCELLED);
        if (timed_out()) return finish(c, r, ERROR_WINHTTP_TIMEOUT);
        Transfer& t = *t_;
        if (!t.conn) return finish(c, r, ERROR_WINHTTP_CONNECTION_ERROR);
        size_t total = prefix.size() + len + suffix.size();
        while (sent_ < total) {
            const char* p;
            size_t n;
            if (sent_ < prefix.size()) {
                p = prefix.data() + sent_;
                n = prefix.size() - sent_;
            } else if (sent_ < prefix.size() + len) {
                p = data + (sent_ - prefix.size());
                n = len - (sent_ - prefix.size());
            } else {
                p = suffix.data() + (sent_ - prefix.size() - len);
                n = total - sent_;
            }
            io::IoResult w = t.conn->send(p, n);
            if (w.would_block) return wait_on(c, r, t.conn->socket.fd(), t.conn->wait_events(true), timeout_deadline(send_ms));
            if (!w.ok()) return finish(c, r, ERROR_WINHTTP_CONNECTION_ERROR);
            sent_ += w.bytes;
        }
        if (t.body_framing == RequestBodyFraming::Length) t.body_left -= len;
        if (last_chunk) t.last_chunk_sent = true;
        DWORD bytes = static_cast<DWORD>(len);
        if (written) *written = bytes;
        return finish(c, r, ERROR_SUCCESS);
    }

private:
    void completed(Call& c) override
    {
        DWORD bytes = static_cast<DWORD>(len);
        req_->notify(c, WINHTTP_CALLBACK_STATUS_WRITE_COMPLETE, &bytes, sizeof bytes);
    }

    size_t sent_ = 0;
};

} // namespace

namespace api {

std::unique_ptr<Operation> make_write_data(Call& c, HINTERNET request, LPCVOID buffer, DWORD len,
                                           LPDWORD written)
{
    try {
        if (written) *written = 0;   // WinHttpWriteData page: zeroed before any checking
        Ref<Request> r = network_request(c, request);
        if (!r) return nullptr;
        if (!buffer && len) {
            c.error = ERROR_INVALID_PARAMETER;
            return nullptr;
        }
        std::lock_guard<std::mutex> g(r->lock);
        if (r->state != RequestState::Sent || !r->transfer || !r->transfer->conn || op_running(*r)) {
            c.error = ERROR_WINHTTP_INCORRECT_HANDLE_STATE;
            return nullptr;
        }
        Transfer& t = *r->transfer;
        auto op = std::make_unique<WriteOp>(r, r->transfer);
        if (op->busy()) {
            c.error = ERROR_WINHTTP_INCORRECT_HANDLE_STATE;
            return nullptr;
        }
        op->data = static_cast<const char*>(buffer);
        op->len = len;
        op->async = r->session()->async();
        // WINHTTP_OPTION_ASSURED_NON_BLOCKING_CALLBACKS: the application promised callbacks
        // that do not block, so the calling thread may run the operation until it must wait.
        op->may_complete_inline = r->settings.assured_non_blocking_callbacks;
        op->send_ms = r->settings.send_timeout;
        op->written = written;
        switch (t.body_framing) {
        case RequestBodyFraming::None:
        case RequestBodyFraming::Length:
            // More than dwTotalLength / Content-Length declared: refused before anything is sent
            // (Windows fails such a write with ERROR_INVALID_PARAMETER; nothing reaches the wire).
            // Once every declared byte went out, the request takes no more
            // (ERROR_WINHTTP_INCORRECT_HANDLE_STATE, Wine's tests on Windows 7 and later).
            if (len > t.body_left) {
                c.error = t.body_left ? ERROR_INVALID_PARAMETER : ERROR_WINHTTP_INCORRECT_HANDLE_STATE;
                return nullptr;
            }
            break;
        case RequestBodyFraming::AppChunked:
            break;   // the application writes the chunk framing itself
        case RequestBodyFraming::AutoChunked:
            if (t.last_chunk_sent) {
                // The body already ended with its last chunk: no more bytes can follow it
                // (as after the last declared byte of a Content-Length body).
                if (len) {
                    c.error = ERROR_WINHTTP_INCORRECT_HANDLE_STATE;
                    return nullptr;
                }
                op->len = 0;
                break;
            }
            if (len) {
                char size[24];
                std::snprintf(size, sizeof size, "%x\r\n", static_cast<unsigned>(len));
                op->prefix = size;
                op->suffix = "\r\n";
            } else {
                op->prefix = "0\r\n\r\n";   // a zero-length write ends the body
                op->last_chunk = true;
            }
            break;
        }
        return op;
    } catch (const std::bad_alloc&) {
        c.error = ERROR_NOT_ENOUGH_MEMORY;
        return nullptr;
    }
}

} // namespace api

} // namespace winhttp
