// A non-blocking TCP socket (IPv4 or IPv6): connect in two steps (start, then finish once the
// reactor reports it writable) or with a blocking deadline for simple callers; send, writev
// and recv that report "would block" apart from errors; every error already a Windows code.
// A Socket is used by one thread at a time. If a Reactor ever watched the fd, call
// Reactor::forget(fd()) before close() or destruction.
#pragma once
#include "io/address.h"
#include "io/error.h"
#include "io/time.h"
#include <sys/uio.h>
#include <cstddef>

namespace winhttp::io {

struct IoResult {
    size_t bytes = 0;
    DWORD error = ERROR_SUCCESS;   // a Windows code when the call failed
    bool would_block = false;      // nothing done: wait for readiness and retry
    bool ok() const { return error == ERROR_SUCCESS && !would_block; }
    // For recv: ok() with bytes == 0 means the peer closed its side (end of stream).
    bool eof() const { return ok() && bytes == 0; }
};

class Socket {
public:
    Socket() = default;
    explicit Socket(int fd) noexcept : fd_(fd) {}   // adopts `fd`
    Socket(Socket&& o) noexcept : fd_(o.release()) {}
    Socket& operator=(Socket&& o) noexcept;
    ~Socket() { close(); }
    Socket(const Socket&) = delete;
    Socket& operator=(const Socket&) = delete;

    int fd() const { return fd_; }
    bool is_open() const { return fd_ >= 0; }
    int release() noexcept;

    // Creates the socket (non-blocking, close-on-exec, TCP_NODELAY) and starts connecting:
    // ERROR_SUCCESS (connected), kIoPending (wait until writable, then finish_connect()) or a
    // Windows error (ERROR_WINHTTP_CANNOT_CONNECT, ...). ERROR_INVALID_PARAMETER if already
    // open or `to` is not an IPv4/IPv6 address. On failure the socket is closed again.
    DWORD start_connect(const Address& to);
    // After writability: ERROR_SUCCESS, kIoPending (not finished yet) or the connect error.
    DWORD finish_connect();
    // start + wait + finish, blocking until `deadline`: ERROR_WINHTTP_TIMEOUT when it passes.
    // The socket is closed again on any failure.
    DWORD connect(const Address& to, Deadline deadline);

    IoResult send(const void* data, size_t len);
    IoResult writev(const iovec* iov, int count);
    IoResult recv(void* buf, size_t len);

    // For a pooled idle connection: true while nothing arrived and the peer has not closed
    // (an idle HTTP/1.1 connection has nothing to read; data, EOF or an error all disqualify).
    // A pending socket error is consumed by the check: discard the connection when false.
    bool idle_usable() const;

    DWORD set_nodelay(bool on);
    DWORD shutdown_write();
    bool local_address(Address& out) const;
    bool peer_address(Address& out) const;
    void close() noexcept;

private:
    int fd_ = -1;
};

// Blocks until `fd` is ready for `events` (kReadable/kWritable of reactor.h) or `deadline`
// passes: ERROR_SUCCESS or ERROR_WINHTTP_TIMEOUT. For callers that do not use a Reactor.
DWORD wait_fd(int fd, uint32_t events, Deadline deadline);

} // namespace winhttp::io
