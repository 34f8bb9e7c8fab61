// winhttp-test-server: a programmable HTTP/1.x server on loopback for the network tests.
// main(): options, listening sockets, the accept loop, one thread per connection running the
// request loop, and shutdown on SIGTERM/SIGINT (or stdin EOF with --stdin-eof).
// Prints "PORT <n>" as its first line of stdout once it accepts connections.
#include "conn.h"
#include "http_parse.h"
#include "response.h"
#include "routes.h"
#include "tls.h"

#include <arpa/inet.h>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <memory>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <string>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

namespace {

using namespace ts;

constexpr size_t kMaxHead = 1 << 20;             // request heads larger than this get 431
constexpr uint64_t kMaxCapture = 64 << 20;        // /echo bodies larger than this get 413

std::atomic<uint64_t> next_conn_id{1};

struct ConnStart {
    int fd;
    const Config *cfg;
};

void log_request(const Config &cfg, const Request &req, uint64_t id)
{
    if (cfg.log_fd < 0) return;
    std::string line = req.method + ' ' + req.target + ' ' + std::to_string(id) + '\n';
    // One write per line on an O_APPEND descriptor: lines of concurrent connections never mix.
    ssize_t w = ::write(cfg.log_fd, line.data(), line.size());
    (void)w;
}

// Answers a request we could not parse, then the connection closes.
void reject(Conn &c, int status)
{
    Request dummy;
    dummy.method = "GET";
    Response r;
    r.status = status;
    r.close = true;
    r.add("Content-Type", "text/plain");
    send_response(c, dummy, r, Body::of(std::string(reason_phrase(status)) + '\n'));
}

// The request loop of one connection: head, Expect, body, route, until close.
void serve(Conn &c)
{
    for (;;) {
        std::string head;
        int got = c.read_head(head, kMaxHead);
        if (got == 0) break;
        if (got < 0) {
            if (head.size() > kMaxHead) reject(c, 431);
            break;
        }
        Request req;
        if (!parse_head(std::move(head), req)) {
            reject(c, 400);
            break;
        }
        log_request(c.cfg(), req, c.id());
        bool capture = wants_body_capture(req);
        if (capture && req.content_length > kMaxCapture) {
            reject(c, 413);
            break;
        }
        if (handle_expect(c, req) != After::keep) break;
        if (!read_body(c, req, capture)) {
            reject(c, 400);
            break;
        }
        After a = handle_request(c, req);
        if (a == After::gone) return;
        if (a == After::close || !req.keep_alive) break;
    }
    c.close_graceful();
}

void *conn_thread(void *arg)
{
    ConnStart start = *static_cast<ConnStart *>(arg);
    delete static_cast<ConnStart *>(arg);
    try {
        auto c = std::make_unique<Conn>(start.fd, next_conn_id.fetch_add(1), *start.cfg);
        if (c->start_tls()) serve(*c);
    } catch (const std::exception &e) {
        std::fprintf(stderr, "winhttp-test-server: connection: %s\n", e.what());
    }
    return nullptr;
}

int listen_on(int family, int port)
{
    int fd = ::socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    int rc;
    if (family == AF_INET) {
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_port = htons(uint16_t(port));
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        rc = ::bind(fd, reinterpret_cast<sockaddr *>(&a), sizeof a);
    } else {
        ::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
        sockaddr_in6 a{};
        a.sin6_family = AF_INET6;
        a.sin6_port = htons(uint16_t(port));
        a.sin6_addr = in6addr_loopback;
        rc = ::bind(fd, reinterpret_cast<sockaddr *>(&a), sizeof a);
    }
    if (rc != 0 || ::listen(fd, 1024) != 0) {
        int e = errno;
        ::close(fd);
        errno = e;
        return -1;
    }
    return fd;
}

int bound_port(int fd)
{
    sockaddr_storage ss{};
    socklen_t len = sizeof ss;
    if (::getsockname(fd, reinterpret_cast<sockaddr *>(&ss), &len) != 0) return -1;
    if (ss.ss_family == AF_INET) return ntohs(reinterpret_cast<sockaddr_in *>(&ss)->sin_port);
    return ntohs(reinterpret_cast<sockaddr_in6 *>(&ss)->sin6_port);
}

struct AcceptArgs {
    std::vector<int> fds;
    Config *cfg;
};

void *accept_thread(void *arg)
{
    auto *a = static_cast<AcceptArgs *>(arg);
    std::vector<pollfd> pfds;
    for (int fd : a->fds) pfds.push_back({fd, POLLIN, 0});
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&attr, 256 * 1024);
    for (;;) {
        if (::poll(pfds.data(), pfds.size(), -1) < 0) continue;
        for (auto &p : pfds) {
            if (!(p.revents & POLLIN)) continue;
            int fd = ::accept4(p.fd, nullptr, nullptr, SOCK_CLOEXEC);
            if (fd < 0) {
                if (errno == EMFILE || errno == ENFILE) sleep_ms(10);
                continue;
            }
            int one = 1;
            ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            auto *start = new ConnStart{fd, a->cfg};
            pthread_t t;
            if (pthread_create(&t, &attr, conn_thread, start) != 0) {
                delete start;
                ::close(fd);
            }
        }
    }
    return nullptr;
}

void *stdin_thread(void *)
{
    char buf[256];
    for (;;) {
        ssize_t n = ::read(0, buf, sizeof buf);
        if (n > 0 || (n < 0 && errno == EINTR)) continue;
        std::_Exit(0);   // the parent is gone (or closed our stdin): stop serving
    }
}

void usage(FILE *f)
{
    std::fputs("usage: winhttp-test-server [--port N] [--ipv6] [--stdin-eof] [--log FILE] [--files DIR]\n"
               "         [--tls-cert FILE --tls-key FILE [--tls-priority STRING]\n"
               "          [--tls-client-ca FILE] [--tls-request-client-cert]]\n"
               "  Serves the test routes on 127.0.0.1 (and ::1 with --ipv6, same port) and prints\n"
               "  'PORT <n>' first. Stops on SIGTERM/SIGINT, or when stdin reaches EOF with --stdin-eof.\n"
               "  --tls-cert/--tls-key: HTTPS instead of HTTP (PEM files); --tls-priority: a GnuTLS\n"
               "  priority string; --tls-client-ca: require a client certificate signed by that CA;\n"
               "  --tls-request-client-cert: ask for one without requiring it.\n"
               "  --files DIR: GET /files/NAME answers with the file DIR/NAME (404 when missing).\n",
               f);
}

} // namespace

int main(int argc, char **argv)
{
    static Config cfg;
    int port = 0;
    bool ipv6 = false, stdin_eof = false;
    TlsOptions tls_opt;
    for (int i = 1; i < argc; i++) {
        std::string a = argv[i];
        if (a == "--port" && i + 1 < argc) port = std::atoi(argv[++i]);
        else if (a == "--ipv6") ipv6 = true;
        else if (a == "--stdin-eof") stdin_eof = true;
        else if (a == "--files" && i + 1 < argc) cfg.files_dir = argv[++i];
        else if (a == "--tls-cert" && i + 1 < argc) tls_opt.cert_file = argv[++i];
        else if (a == "--tls-key" && i + 1 < argc) tls_opt.key_file = argv[++i];
        else if (a == "--tls-priority" && i + 1 < argc) tls_opt.priority = argv[++i];
        else if (a == "--tls-client-ca" && i + 1 < argc) tls_opt.client_ca_file = argv[++i];
        else if (a == "--tls-request-client-cert") tls_opt.request_client_cert = true;
        else if (a == "--log" && i + 1 < argc) {
            cfg.log_fd = ::open(argv[++i], O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
            if (cfg.log_fd < 0) {
                std::fprintf(stderr, "winhttp-test-server: %s: %s\n", argv[i], std::strerror(errno));
                return 2;
            }
        } else if (a == "-h" || a == "--help") {
            usage(stdout);
            return 0;
        } else {
            usage(stderr);
            return 2;
        }
    }

    static std::unique_ptr<TlsServer> tls;
    bool tls_wanted = !tls_opt.cert_file.empty() || !tls_opt.key_file.empty() ||
                      !tls_opt.priority.empty() || !tls_opt.client_ca_file.empty() ||
                      tls_opt.request_client_cert;
    if (tls_wanted) {
        if (tls_opt.cert_file.empty() || tls_opt.key_file.empty()) {
            std::fputs("winhttp-test-server: the --tls-* options need --tls-cert and --tls-key\n", stderr);
            return 2;
        }
        std::string err;
        tls = TlsServer::create(tls_opt, err);
        if (!tls) {
            std::fprintf(stderr, "winhttp-test-server: TLS: %s\n", err.c_str());
            return 2;
        }
        cfg.tls = tls.get();
    }

    std::signal(SIGPIPE, SIG_IGN);
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop, nullptr);   // inherited by every thread; main waits for them

    static AcceptArgs accept_args;
    accept_args.cfg = &cfg;
    // With --ipv6 and port 0, ::1 must get the same port as 127.0.0.1: retry if it is taken.
    for (int attempt = 0;; attempt++) {
        int fd4 = listen_on(AF_INET, port);
        if (fd4 < 0) {
            std::fprintf(stderr, "winhttp-test-server: listen on 127.0.0.1:%d: %s\n", port, std::strerror(errno));
            return 1;
        }
        cfg.port = bound_port(fd4);
        accept_args.fds = {fd4};
        if (!ipv6) break;
        int fd6 = listen_on(AF_INET6, cfg.port);
        if (fd6 >= 0) {
            accept_args.fds.push_back(fd6);
            break;
        }
        int e = errno;
        ::close(fd4);
        if (port != 0 || attempt >= 20 || e != EADDRINUSE) {
            std::fprintf(stderr, "winhttp-test-server: listen on [::1]:%d: %s\n", cfg.port, std::strerror(e));
            return 1;
        }
    }

    pthread_t t;
    if (pthread_create(&t, nullptr, accept_thread, &accept_args) != 0) return 1;
    if (stdin_eof && pthread_create(&t, nullptr, stdin_thread, nullptr) != 0) return 1;

    std::printf("PORT %d\n", cfg.port);
    std::fflush(stdout);

    int sig = 0;
    sigwait(&stop, &sig);
    std::_Exit(0);
}
