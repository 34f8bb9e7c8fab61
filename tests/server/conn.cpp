// Test server: buffered socket reads, blocking writes and closing for one connection (see conn.h).
#include "conn.h"
#include "tls.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <poll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

namespace ts {

namespace {

// 26 * 2521 + 26 bytes of the pattern: any pattern range is served from an offset below 26.
constexpr size_t kPatternSpan = 26 * 2521;

const char *pattern_buffer()
{
    static const std::string buf = [] {
        std::string s(kPatternSpan + 26, '\0');
        for (size_t i = 0; i < s.size(); i++) s[i] = pattern_byte(i);
        return s;
    }();
    return buf.data();
}

int64_t now_ms()
{
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return int64_t(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

} // namespace

Conn::Conn(int fd, uint64_t id, const Config &cfg) : fd_(fd), id_(id), cfg_(cfg) {}

Conn::~Conn()
{
    tls_.reset();
    if (fd_ >= 0) ::close(fd_);
}

bool Conn::start_tls()
{
    if (!cfg_.tls) return true;
    tls_ = cfg_.tls->accept(fd_);
    return tls_ != nullptr;
}

std::string Conn::tls_info() const
{
    if (!tls_) return "";
    return "protocol=" + tls_->protocol() + "\nclient=" + tls_->client_subject() +
           "\nresumed=" + (tls_->resumed() ? "1" : "0") + "\n";
}

bool Conn::fill()
{
    if (begin_ == end_) begin_ = end_ = 0;
    if (end_ == sizeof buf_) {
        if (begin_ == 0) return true;   // full; caller consumes first
        std::memmove(buf_, buf_ + begin_, end_ - begin_);
        end_ -= begin_;
        begin_ = 0;
    }
    for (;;) {
        ssize_t n = tls_ ? tls_->recv(buf_ + end_, sizeof buf_ - end_)
                         : ::recv(fd_, buf_ + end_, sizeof buf_ - end_, 0);
        if (n > 0) { end_ += size_t(n); return true; }
        if (n < 0 && errno == EINTR) continue;
        return false;
    }
}

int Conn::read_head(std::string &head, size_t max)
{
    head.clear();
    bool any = false;
    for (;;) {
        if (begin_ == end_) {
            if (!fill()) return any ? -1 : 0;
        }
        any = true;
        while (begin_ < end_) {
            char c = buf_[begin_++];
            // Empty lines before the request line are skipped (RFC 9112 section 2.2).
            if (head.empty() && (c == '\r' || c == '\n')) continue;
            head.push_back(c);
            if (c == '\n') {
                size_t n = head.size();
                if ((n >= 2 && head[n - 2] == '\n') ||
                    (n >= 3 && head[n - 2] == '\r' && head[n - 3] == '\n'))
                    return 1;
            }
            if (head.size() > max) return -1;
        }
    }
}

bool Conn::read_line(std::string &line, size_t max, std::string *raw)
{
    line.clear();
    for (;;) {
        if (begin_ == end_ && !fill()) return false;
        while (begin_ < end_) {
            char c = buf_[begin_++];
            if (raw) raw->push_back(c);
            if (c == '\n') {
                if (!line.empty() && line.back() == '\r') line.pop_back();
                return true;
            }
            line.push_back(c);
            if (line.size() > max + 1) return false;   // + 1: the CR of a CRLF
        }
    }
}

bool Conn::read_n(uint64_t n, std::string *raw)
{
    while (n > 0) {
        if (begin_ == end_ && !fill()) return false;
        size_t take = size_t(std::min<uint64_t>(n, end_ - begin_));
        if (raw) raw->append(buf_ + begin_, take);
        begin_ += take;
        n -= take;
    }
    return true;
}

void Conn::drain_until_peer_closes()
{
    begin_ = end_ = 0;
    while (fill()) begin_ = end_ = 0;
}

bool Conn::send_all(const char *p, size_t n, bool more)
{
    if (tls_) return tls_->send_all(p, n);   // `more`: records go out as they are sealed
    int flags = MSG_NOSIGNAL | (more ? MSG_MORE : 0);
    while (n > 0) {
        ssize_t w = ::send(fd_, p, n, flags);
        if (w < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        p += w;
        n -= size_t(w);
    }
    return true;
}

bool Conn::send_pattern(uint64_t offset, uint64_t n, bool more)
{
    const char *buf = pattern_buffer();
    while (n > 0) {
        size_t take = size_t(std::min<uint64_t>(n, kPatternSpan));
        if (!send_all(buf + offset % 26, take, more || take < n)) return false;
        offset += take;
        n -= take;
    }
    return true;
}

void Conn::close_graceful()
{
    if (fd_ < 0) return;
    if (tls_) tls_->bye();
    ::shutdown(fd_, SHUT_WR);
    // Discard what the peer still sends until it closes, for at most two seconds.
    int64_t deadline = now_ms() + 2000;
    char sink[4096];
    for (;;) {
        int64_t left = deadline - now_ms();
        if (left <= 0) break;
        pollfd p{fd_, POLLIN, 0};
        int r = ::poll(&p, 1, int(left));
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) break;
        ssize_t n = ::recv(fd_, sink, sizeof sink, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
    }
    ::close(fd_);
    fd_ = -1;
}

void Conn::close_reset()
{
    if (fd_ < 0) return;
    linger l{1, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_LINGER, &l, sizeof l);
    ::close(fd_);
    fd_ = -1;
}

} // namespace ts
