// Non-blocking TCP sockets (see socket.h).
#include "io/socket.h"
#include "io/reactor.h"
#include <limits.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cerrno>
#include <utility>

namespace winhttp::io {

namespace {

bool would_block(int err) { return err == EAGAIN || err == EWOULDBLOCK; }

IoResult io_result(ssize_t n)
{
    IoResult r;
    if (n >= 0) {
        r.bytes = static_cast<size_t>(n);
    } else if (would_block(errno)) {
        r.would_block = true;
    } else {
        r.error = map_errno(errno, Phase::Transfer);
    }
    return r;
}

} // namespace

Socket& Socket::operator=(Socket&& o) noexcept
{
    if (this != &o) {
        close();
        fd_ = o.release();
    }
    return *this;
}

int Socket::release() noexcept
{
    return std::exchange(fd_, -1);
}

void Socket::close() noexcept
{
    if (fd_ >= 0) ::close(std::exchange(fd_, -1));   // EINTR: the fd is gone on Linux anyway
}

DWORD Socket::start_connect(const Address& to)
{
    if (fd_ >= 0 || (to.family() != AF_INET && to.family() != AF_INET6) || to.len == 0)
        return ERROR_INVALID_PARAMETER;
    fd_ = ::socket(to.family(), SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_TCP);
    if (fd_ < 0) return map_errno(errno, Phase::Connect);
    set_nodelay(true);   // requests go out whole: never wait for Nagle
    int rc;
    do rc = ::connect(fd_, to.sa(), to.len);
    while (rc != 0 && errno == EINTR);
    if (rc == 0) return ERROR_SUCCESS;
    // EINTR after the first attempt shows up as EALREADY: still in progress either way.
    if (errno == EINPROGRESS || errno == EALREADY) return kIoPending;
    DWORD err = map_errno(errno, Phase::Connect);
    close();
    return err;
}

DWORD Socket::finish_connect()
{
    if (fd_ < 0) return ERROR_INVALID_PARAMETER;
    int err = 0;
    socklen_t len = sizeof err;
    if (getsockopt(fd_, SOL_SOCKET, SO_ERROR, &err, &len) != 0) err = errno;
    if (err == 0) {
        // No pending error; make sure the handshake really completed (a spurious wake-up).
        sockaddr_storage ss;
        socklen_t sl = sizeof ss;
        if (getpeername(fd_, reinterpret_cast<sockaddr*>(&ss), &sl) == 0) return ERROR_SUCCESS;
        if (errno != ENOTCONN) return map_errno(errno, Phase::Connect);
        return kIoPending;
    }
    if (err == EINPROGRESS || err == EALREADY) return kIoPending;
    return map_errno(err, Phase::Connect);
}

DWORD Socket::connect(const Address& to, Deadline deadline)
{
    DWORD err = start_connect(to);
    while (err == kIoPending) {
        err = wait_fd(fd_, kWritable, deadline);
        if (err == ERROR_SUCCESS) err = finish_connect();
    }
    if (err != ERROR_SUCCESS) close();
    return err;
}

IoResult Socket::send(const void* data, size_t len)
{
    ssize_t n;
    do n = ::send(fd_, data, len, MSG_NOSIGNAL);
    while (n < 0 && errno == EINTR);
    return io_result(n);
}

IoResult Socket::writev(const iovec* iov, int count)
{
    msghdr msg{};
    msg.msg_iov = const_cast<iovec*>(iov);
    msg.msg_iovlen = count < 0 ? 0 : (count > IOV_MAX ? IOV_MAX : count);   // a short write
    ssize_t n;
    do n = ::sendmsg(fd_, &msg, MSG_NOSIGNAL);   // writev() would raise SIGPIPE
    while (n < 0 && errno == EINTR);
    return io_result(n);
}

IoResult Socket::recv(void* buf, size_t len)
{
    ssize_t n;
    do n = ::recv(fd_, buf, len, 0);
    while (n < 0 && errno == EINTR);
    return io_result(n);
}

bool Socket::idle_usable() const
{
    if (fd_ < 0) return false;
    char c;
    ssize_t n;
    do n = ::recv(fd_, &c, 1, MSG_PEEK | MSG_DONTWAIT);
    while (n < 0 && errno == EINTR);
    return n < 0 && would_block(errno);
}

DWORD Socket::set_nodelay(bool on)
{
    int v = on ? 1 : 0;
    if (setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &v, sizeof v) != 0)
        return map_errno(errno, Phase::Transfer);
    return ERROR_SUCCESS;
}

DWORD Socket::shutdown_write()
{
    if (::shutdown(fd_, SHUT_WR) != 0) return map_errno(errno, Phase::Transfer);
    return ERROR_SUCCESS;
}

bool Socket::local_address(Address& out) const
{
    sockaddr_storage ss;
    socklen_t len = sizeof ss;
    if (getsockname(fd_, reinterpret_cast<sockaddr*>(&ss), &len) != 0) return false;
    return address_from_sockaddr(reinterpret_cast<sockaddr*>(&ss), len, out);
}

bool Socket::peer_address(Address& out) const
{
    sockaddr_storage ss;
    socklen_t len = sizeof ss;
    if (getpeername(fd_, reinterpret_cast<sockaddr*>(&ss), &len) != 0) return false;
    return address_from_sockaddr(reinterpret_cast<sockaddr*>(&ss), len, out);
}

DWORD wait_fd(int fd, uint32_t events, Deadline deadline)
{
    pollfd p{};
    p.fd = fd;
    if (events & kReadable) p.events |= POLLIN;
    if (events & kWritable) p.events |= POLLOUT;
    for (;;) {
        int rc = ::poll(&p, 1, wait_ms_until(deadline));
        if (rc > 0) return ERROR_SUCCESS;   // ready, or POLLERR/POLLHUP: the I/O call will tell
        if (rc == 0) {
            if (Clock::now() >= deadline) return ERROR_WINHTTP_TIMEOUT;
            continue;
        }
        if (errno != EINTR) return ERROR_NOT_ENOUGH_MEMORY;   // ENOMEM; EFAULT/EINVAL impossible
    }
}

} // namespace winhttp::io
