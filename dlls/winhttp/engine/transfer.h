// The network side of one request between WinHttpSendRequest and the end of its response body:
// the connection taken from the session's pool, the receive buffer the response head is parsed
// from and the body is copied out of, and the body framing. Shared by the send, receive and
// read operations (request_ops.h); one operation at a time uses it.
#pragma once
#include "engine/call.h"
#include "engine/chunked.h"
#include "engine/decompress.h"
#include "engine/http_response.h"
#include "engine/pool.h"
#include "engine/request_head.h"
#include "engine/ustr.h"
#include "io/reactor.h"
#include <cstddef>
#include <memory>
#include <string_view>

namespace winhttp {

class Request;

// A growable byte buffer: bytes [begin, end) are received and not consumed yet.
class RecvBuffer {
public:
    std::string_view view() const { return {data_.get() + begin_, end_ - begin_}; }
    size_t size() const { return end_ - begin_; }
    bool empty() const { return begin_ == end_; }
    void consume(size_t n);
    // Room for at least `min` more bytes at the tail (moves or grows the buffer); returns it.
    char* space(size_t min, size_t& len);
    void commit(size_t n) { end_ += n; }
    void clear() { begin_ = end_ = 0; }

private:
    std::unique_ptr<char[]> data_;
    size_t cap_ = 0, begin_ = 0, end_ = 0;
};

struct Transfer {
    std::shared_ptr<ConnectionPool> pool;
    std::unique_ptr<Connection> conn;
    RecvBuffer buf;
    RequestMethod method = RequestMethod::Other;
    ResponseFraming framing;
    ChunkedDecoder chunked;
    uint64_t remaining = 0;     // Length framing: body bytes still to come
    bool body_done = false;
    bool eof = false;           // the server closed its side
    // The request body after the head (set by the send, used by WriteData and ReceiveResponse).
    RequestBodyFraming body_framing = RequestBodyFraming::None;
    uint64_t body_left = 0;     // Length framing: body bytes the application still owes
    bool last_chunk_sent = false; // AutoChunked: the terminating 0-length chunk went out
    // The whole body was the optional data (no WriteData to follow): a redirect or an
    // authentication round can send the request again, with `replay_body` as its body.
    bool replayable = false;
    std::string replay_body;
    // A Content-Encoding undone for the application (WINHTTP_OPTION_DECOMPRESSION): the raw
    // body goes through `decoder` into `decoded`, which reads take from.
    std::unique_ptr<Decoder> decoder;
    RecvBuffer decoded;
    bool decoded_end = false;   // the raw body ended and the decoder gave all it had
    bool no_reuse = false;      // the connection must not go back to the pool (a proxy's 407)

    // Reads what the socket has into `buf` (at least `want` bytes of room). ERROR_SUCCESS with
    // `got` (0 and eof set at the end of the stream), kIoPending when nothing is there yet, or
    // the error (ERROR_WINHTTP_CONNECTION_ERROR...).
    DWORD fill(size_t want, size_t& got);
};

// The receive buffer size used when reading from the socket.
constexpr size_t kRecvChunk = 64 * 1024;

// A deadline `ms` from now for the handle timeouts: 0 and negative values mean none.
io::Deadline timeout_deadline(long long ms);

// Body bytes ready in the buffer that a read can take now without touching the socket (for
// chunked bodies: the payload of the current chunk that is buffered; framing is consumed).
// Marks the body done when it is. ERROR_SUCCESS or the decoder's error.
DWORD buffered_body(Transfer& t, uint64_t& avail);

// Copies up to `len` body bytes from the buffer into `out`; `copied` says how many.
DWORD copy_body(Transfer& t, char* out, size_t len, size_t& copied);

// Decoded bodies: runs raw body bytes from the buffer through the decoder until `decoded` holds
// something, the decoded body ended (decoded_end), or more raw bytes are needed from the socket.
DWORD decode_buffered(Transfer& t);

// Ends the transfer's use of its connection: back to the pool when `reusable` (and the
// response allowed it), otherwise closed with CLOSING_CONNECTION / CONNECTION_CLOSED queued on
// `c` for `r`. The fd is dropped from `reactor` first.
void end_connection(Call& c, Request& r, Transfer& t, io::Reactor* reactor, bool reusable);

} // namespace winhttp
