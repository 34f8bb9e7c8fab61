// The per-request transfer state (see transfer.h): receive buffer, body accounting, and the
// hand-back of the connection at the end of a response.
#include "engine/transfer.h"
#include "engine/objects.h"
#include <algorithm>
#include <cstring>

namespace winhttp {

void RecvBuffer::consume(size_t n)
{
    begin_ += std::min(n, size());
    if (begin_ == end_) begin_ = end_ = 0;
}

char* RecvBuffer::space(size_t min, size_t& len)
{
    if (cap_ - end_ < min) {
        size_t used = size();
        if (begin_ && cap_ - used >= min) {
            std::memmove(data_.get(), data_.get() + begin_, used);
        } else {
            size_t cap = std::max(cap_ * 2, used + min);
            std::unique_ptr<char[]> d(new char[cap]);
            if (used) std::memcpy(d.get(), data_.get() + begin_, used);
            data_ = std::move(d);
            cap_ = cap;
        }
        begin_ = 0;
        end_ = used;
    }
    len = cap_ - end_;
    return data_.get() + end_;
}

DWORD Transfer::fill(size_t want, size_t& got)
{
    got = 0;
    if (!conn) return ERROR_WINHTTP_CONNECTION_ERROR;
    size_t room;
    char* p = buf.space(want, room);
    io::IoResult rr = conn->recv(p, room);
    if (rr.would_block) return io::kIoPending;
    if (!rr.ok()) return rr.error ? rr.error : ERROR_WINHTTP_CONNECTION_ERROR;
    if (rr.bytes == 0) eof = true;
    buf.commit(rr.bytes);
    got = rr.bytes;
    return ERROR_SUCCESS;
}

io::Deadline timeout_deadline(long long ms)
{
    return ms <= 0 || ms == 0xFFFFFFFFll ? io::kNever : io::deadline_in(ms);
}

DWORD buffered_body(Transfer& t, uint64_t& avail)
{
    avail = 0;
    if (t.body_done) return ERROR_SUCCESS;
    switch (t.framing.framing) {
    case ResponseBodyFraming::None:
        t.body_done = true;
        return ERROR_SUCCESS;
    case ResponseBodyFraming::Length:
        avail = std::min<uint64_t>(t.buf.size(), t.remaining);
        if (t.remaining == 0) t.body_done = true;
        return ERROR_SUCCESS;
    case ResponseBodyFraming::UntilClose:
        avail = t.buf.size();
        if (!avail && t.eof) t.body_done = true;
        return ERROR_SUCCESS;
    case ResponseBodyFraming::Chunked: {
        ChunkedDecoder::Span sp;
        if (DWORD e = t.chunked.next(t.buf.view(), sp)) return e;
        t.buf.consume(sp.framing);
        avail = sp.payload;
        if (t.chunked.done()) t.body_done = true;
        return ERROR_SUCCESS;
    }
    }
    return ERROR_SUCCESS;
}

DWORD copy_body(Transfer& t, char* out, size_t len, size_t& copied)
{
    copied = 0;
    while (copied < len && !t.body_done) {
        uint64_t avail;
        if (DWORD e = buffered_body(t, avail)) return e;
        if (!avail) break;
        size_t n = static_cast<size_t>(std::min<uint64_t>(avail, len - copied));
        std::memcpy(out + copied, t.buf.view().data(), n);
        t.buf.consume(n);
        copied += n;
        if (t.framing.framing == ResponseBodyFraming::Length) {
            t.remaining -= n;
            if (!t.remaining) t.body_done = true;
        } else if (t.framing.framing == ResponseBodyFraming::Chunked) {
            t.chunked.consume(n);
        }
    }
    // A chunked body whose last chunk is buffered ends without another read.
    if (!t.body_done && t.framing.framing == ResponseBodyFraming::Chunked && !t.buf.empty()) {
        uint64_t avail;
        if (DWORD e = buffered_body(t, avail)) return e;
    }
    return ERROR_SUCCESS;
}

DWORD decode_buffered(Transfer& t)
{
    char raw[16384];
    while (t.decoded.empty() && !t.decoded_end) {
        size_t n = 0;
        if (DWORD e = copy_body(t, raw, sizeof raw, n)) return e;
        if (n == 0 && !t.body_done) return ERROR_SUCCESS;   // more raw bytes needed
        size_t off = 0;
        for (;;) {
            size_t cap = 0;
            char* out = t.decoded.space(64 * 1024, cap);
            size_t consumed = 0, produced = 0;
            if (DWORD e = t.decoder->feed(raw + off, n - off, &consumed, out, cap, &produced)) return e;
            t.decoded.commit(produced);
            off += consumed;
            if (!consumed && !produced) break;   // needs more input
            if (off < n || produced == cap) continue;
            break;
        }
        // The raw body ended and the decoder was drained (a truncated stream ends here too, as
        // browsers take it).
        if (n == 0) t.decoded_end = true;
    }
    return ERROR_SUCCESS;
}

void end_connection(Call& c, Request& r, Transfer& t, io::Reactor* reactor, bool reusable)
{
    if (!t.conn) return;
    if (reactor && t.conn->socket.is_open()) reactor->forget(t.conn->socket.fd());
    reusable = reusable && !t.no_reuse && t.framing.keep_alive && !t.eof && t.buf.empty() && t.conn->socket.is_open();
    t.buf.clear();
    if (reusable) {
        t.conn->keep_alive = true;
        if (t.pool) t.pool->release(std::move(t.conn), true);
        t.conn.reset();
        return;
    }
    r.notify(c, WINHTTP_CALLBACK_STATUS_CLOSING_CONNECTION, nullptr, 0, false);
    t.conn->socket.close();
    if (t.pool) t.pool->release(std::move(t.conn), false);
    t.conn.reset();
    r.notify(c, WINHTTP_CALLBACK_STATUS_CONNECTION_CLOSED, nullptr, 0, false);
}

} // namespace winhttp
