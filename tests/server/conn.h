// Test server: one accepted TCP connection, plain or TLS (buffered reads, blocking writes, the ways to close it)
// and the server-wide settings every connection sees.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <memory>
#include <string_view>

namespace ts {

class TlsServer;
class TlsConn;

struct Config {
    int log_fd = -1;   // --log FILE, opened O_APPEND; -1 when not logging
    int port = 0;      // the port the server listens on
    const TlsServer *tls = nullptr;   // --tls-cert/--tls-key: every connection speaks HTTPS
    std::string files_dir;            // --files DIR: /files/NAME serves DIR/NAME
};

// The body pattern: byte i of every generated body is 'a' + i % 26.
inline char pattern_byte(uint64_t i) { return static_cast<char>('a' + i % 26); }

class Conn {
public:
    Conn(int fd, uint64_t id, const Config &cfg);
    ~Conn();
    Conn(const Conn &) = delete;
    Conn &operator=(const Conn &) = delete;

    uint64_t id() const { return id_; }
    const Config &cfg() const { return cfg_; }
    int fd() const { return fd_; }

    // With cfg().tls: runs the TLS handshake; false when it failed (the connection is over).
    // Without: true. Afterwards every read and write below goes through TLS.
    bool start_tls();
    // "" for plain HTTP, else "protocol=<TLS1.x>\nclient=<client certificate subject>\n"
    // "resumed=<0|1>\n".
    std::string tls_info() const;

    // Reads a request head up to and including its empty line (CRLF CRLF, or bare LFs), after
    // skipping empty lines in front of it. 1: read; 0: clean EOF before any byte; -1: error,
    // EOF inside the head, or more than `max` bytes.
    int read_head(std::string &head, size_t max);
    // Reads one line of at most `max` bytes (terminator removed from `line`, kept in `raw`).
    // False on EOF, error, or a longer line.
    bool read_line(std::string &line, size_t max, std::string *raw);
    // Consumes exactly n bytes, appending them to `raw` when given. False on EOF/error.
    bool read_n(uint64_t n, std::string *raw);
    // Reads and discards everything until the peer closes (or an error).
    void drain_until_peer_closes();

    // Blocking writes; false when the peer is gone. `more` hints that more data follows soon.
    bool send_all(const char *p, size_t n, bool more = false);
    bool send_str(std::string_view s, bool more = false) { return send_all(s.data(), s.size(), more); }
    // Sends bytes [offset, offset + n) of the endless body pattern.
    bool send_pattern(uint64_t offset, uint64_t n, bool more = false);

    // Half-closes, waits (bounded) for the peer to close so no RST eats the response, closes.
    void close_graceful();
    // Closes with SO_LINGER 0 so the peer gets a TCP RST.
    void close_reset();

private:
    bool fill();   // reads more into buf_; false on EOF/error

    int fd_;
    uint64_t id_;
    const Config &cfg_;
    std::unique_ptr<TlsConn> tls_;
    char buf_[65536];
    size_t begin_ = 0, end_ = 0;
};

} // namespace ts
