// WinHttpSendRequest as an operation (request_ops.h): a pooled connection (an idle keep-alive
// one, or a fresh one: resolve with the resolve timeout, connect with the connect timeout),
// then the request head and the optional data with the send timeout. Notifications in
// Windows' order: RESOLVING_NAME, NAME_RESOLVED, CONNECTING_TO_SERVER, CONNECTED_TO_SERVER
// (only for a fresh connection), SENDING_REQUEST, REQUEST_SENT.
#include "engine/cookies.h"
#include "engine/http_response.h"
#include "engine/proxy_config.h"
#include "engine/proxy_route.h"
#include "engine/auth.h"
#include "engine/request_head.h"
#include "engine/request_op.h"
#include "engine/request_ops.h"
#include "engine/revocation_fetch.h"
#include "io/resolver.h"
#include "io/tls.h"
#include <cstdio>
#include <cstring>
#include <new>
#include <string>
#include <vector>

namespace winhttp {

namespace {

class SendOp final : public RequestOp {
public:
    SendOp(Ref<Request> r, std::shared_ptr<Transfer> t) : RequestOp(std::move(r), std::move(t), API_SEND_REQUEST) {}
    ~SendOp() override
    {
        if (slot_) slot_->cancel();
    }

    std::string host;           // as the resolver gets it
    u16string host_w;           // RESOLVING_NAME's string
    uint16_t port = 0;
    DWORD limit = 0;            // WINHTTP_OPTION_MAX_CONNS_PER_SERVER
    DWORD limit_1_0 = 0;        // WINHTTP_OPTION_MAX_CONNS_PER_1_0_SERVER, once it answered 1.0
    int resolve_ms = 0, connect_ms = 0, send_ms = 0, receive_ms = 0;
    std::string head;
    const char* optional = nullptr;
    size_t optional_len = 0;
    std::string tail;           // after the optional data (its chunk's CRLF when chunking)
    bool secure = false;        // TLS on the connection (WINHTTP_FLAG_SECURE)
    std::string proxy;          // the proxy's authority when the request goes through one
    std::string tunnel;         // HTTPS through a proxy: the CONNECT request for the tunnel
    io::TlsConfig tls;          // ... configured from the request
    std::shared_ptr<io::TlsCache> tls_cache;
    ProxySettings proxy_settings;   // resolved (named or direct): also routes revocation fetches

    OpStatus resume(Call& c, io::Reactor& r) override
    {
        if (cancelled()) return finish(c, r, ERROR_WINHTTP_OPERATION_CANCELLED);
        switch (step_) {
        case Step::Checkout: return checkout(c, r);
        case Step::Resolve: return resolve(c, r);
        case Step::Resolving: return resolved(c, r);
        case Step::Connect: return connect(c, r);
        case Step::Connecting: return connecting(c, r);
        case Step::Tunnel: return open_tunnel(c, r);
        case Step::Handshake: return handshake(c, r);
        case Step::Revocation: return fetch_revocation(c, r, false);
        case Step::Send: return send(c, r);
        }
        return finish(c, r, ERROR_WINHTTP_INTERNAL_ERROR);
    }

private:
    void completed(Call& c) override { req_->notify(c, WINHTTP_CALLBACK_STATUS_SENDREQUEST_COMPLETE, nullptr, 0, false); }

    enum class Step { Checkout, Resolve, Resolving, Connect, Connecting, Tunnel, Handshake, Revocation, Send };

    OpStatus checkout(Call& c, io::Reactor& r)
    {
        if (slot_ && slot_->queued() && timed_out()) return finish(c, r, ERROR_WINHTTP_TIMEOUT);
        if (!slot_) slot_ = std::make_unique<SlotWait>(&r, &waiter);
        // Through a proxy the connection is to the proxy: plain requests share it whatever
        // their server; a tunnel belongs to its server (the key names the server and the proxy).
        PoolKey key = PoolKey::make(pool_host_, pool_port_, secure, proxy);
        ConnectionPool::Grant g = t_->pool->checkout(key, t_->pool->limit_for(key, limit, limit_1_0), t_->conn, slot_.get());
        switch (g) {
        case ConnectionPool::Grant::Reused:
            if (secure) record_tls();
            return sending(c);
        case ConnectionPool::Grant::Fresh:
            step_ = Step::Resolve;
            req_->notify(c, WINHTTP_CALLBACK_STATUS_RESOLVING_NAME, host_w.c_str(),
                         static_cast<DWORD>(host_w.size() + 1), false);
            return OpStatus::Notify;
        case ConnectionPool::Grant::Queued:
            if (!slot_deadline_set_) {
                slot_deadline_ = timeout_deadline(connect_ms);
                slot_deadline_set_ = true;
            }
            // ERROR_INVALID_PARAMETER from add_timer: the pool already posted the waiter (a slot
            // was granted in between), which brings the operation back as well.
            return park(c, r, [&] {
                DWORD e = r.add_timer(&waiter, slot_deadline_);
                return e == ERROR_INVALID_PARAMETER ? DWORD(ERROR_SUCCESS) : e;
            });
        default:
            return finish(c, r, ERROR_WINHTTP_CANNOT_CONNECT);
        }
    }

    OpStatus resolve(Call& c, io::Reactor& r)
    {
        if (DWORD e = io::Lookup::start(host, port, lookup_)) return finish(c, r, e);
        step_ = Step::Resolving;
        if (lookup_->done()) return resolved(c, r);
        return wait_on(c, r, lookup_->fd(), io::kReadable, timeout_deadline(resolve_ms));
    }

    OpStatus resolved(Call& c, io::Reactor& r)
    {
        if (timed_out()) return finish(c, r, ERROR_WINHTTP_TIMEOUT);
        DWORD e = lookup_->result(addrs_);
        if (e == io::kIoPending) return wait_on(c, r, lookup_->fd(), io::kReadable, timeout_deadline(resolve_ms));
        drop_lookup(r);
        if (e) return finish(c, r, e == ERROR_NOT_ENOUGH_MEMORY ? e : ERROR_WINHTTP_NAME_NOT_RESOLVED);
        if (addrs_.empty()) return finish(c, r, ERROR_WINHTTP_NAME_NOT_RESOLVED);
        ip_w_ = from_utf8(addrs_[0].host_string());
        step_ = Step::Connect;
        req_->notify(c, WINHTTP_CALLBACK_STATUS_NAME_RESOLVED, ip_w_.c_str(), static_cast<DWORD>(ip_w_.size() + 1), false);
        return OpStatus::Notify;
    }

    // CONNECTING_TO_SERVER, then the connect itself on the next step.
    OpStatus connect(Call& c, io::Reactor& r)
    {
        if (!connect_announced_) {
            connect_announced_ = true;
            ip_w_ = from_utf8(addrs_[addr_].host_string());
            req_->notify(c, WINHTTP_CALLBACK_STATUS_CONNECTING_TO_SERVER, ip_w_.c_str(),
                         static_cast<DWORD>(ip_w_.size() + 1), false);
            if (!c.notes.empty()) return OpStatus::Notify;
        }
        if (connect_deadline_ == io::Deadline{}) connect_deadline_ = timeout_deadline(connect_ms);
        DWORD e = t_->conn->socket.start_connect(addrs_[addr_]);
        step_ = Step::Connecting;
        if (e == io::kIoPending) return wait_on(c, r, t_->conn->socket.fd(), io::kWritable, connect_deadline_);
        return connected(c, r, e);
    }

    OpStatus connecting(Call& c, io::Reactor& r)
    {
        if (timed_out()) return finish(c, r, ERROR_WINHTTP_TIMEOUT);
        DWORD e = t_->conn->socket.finish_connect();
        if (e == io::kIoPending) return wait_on(c, r, t_->conn->socket.fd(), io::kWritable, connect_deadline_);
        return connected(c, r, e);
    }

    OpStatus connected(Call& c, io::Reactor& r, DWORD e)
    {
        if (e) {
            if (t_->conn->socket.is_open()) r.forget(t_->conn->socket.fd());
            t_->conn->socket.close();
            if (++addr_ < addrs_.size()) {   // the next address of the name
                step_ = Step::Connect;
                connect_announced_ = false;
                return connect(c, r);
            }
            return finish(c, r, e == ERROR_WINHTTP_TIMEOUT ? e : ERROR_WINHTTP_CANNOT_CONNECT);
        }
        req_->notify(c, WINHTTP_CALLBACK_STATUS_CONNECTED_TO_SERVER, ip_w_.c_str(),
                     static_cast<DWORD>(ip_w_.size() + 1), false);
        send_announced_ = false;
        if (!tunnel.empty() && !tunnel_open_) {
            step_ = Step::Tunnel;
            return OpStatus::Notify;
        }
        return start_tls_or_send();
    }

    OpStatus start_tls_or_send()
    {
        if (secure) {
            std::unique_ptr<io::TlsSession> s;
            if (DWORD e = io::TlsSession::create(t_->conn->socket.fd(), tls, tls_cache.get(), s)) {
                tls_error_ = e;
                step_ = Step::Handshake;
                return OpStatus::Notify;
            }
            tls_session_ = s.get();
            t_->conn->transport = std::move(s);
            handshake_deadline_ = timeout_deadline(connect_ms);
            step_ = Step::Handshake;
        } else {
            step_ = Step::Send;
        }
        return OpStatus::Notify;
    }

    // HTTPS through a proxy: CONNECT host:port, then the proxy's answer; 2xx opens the tunnel
    // (the TLS handshake goes through it). A 407 becomes the request's response, so the
    // application can answer it (WinHttpQueryAuthSchemes, proxy credentials, send again). Any
    // other answer fails the send with ERROR_WINHTTP_CANNOT_CONNECT (the proxy refused).
    OpStatus open_tunnel(Call& c, io::Reactor& r)
    {
        if (timed_out()) return finish(c, r, ERROR_WINHTTP_TIMEOUT);
        if (tunnel_deadline_ == io::Deadline{}) tunnel_deadline_ = timeout_deadline(send_ms);
        while (tunnel_sent_ < tunnel.size()) {
            io::IoResult w = t_->conn->socket.send(tunnel.data() + tunnel_sent_, tunnel.size() - tunnel_sent_);
            if (w.would_block) return wait_on(c, r, t_->conn->socket.fd(), io::kWritable, tunnel_deadline_);
            if (!w.ok()) return finish(c, r, ERROR_WINHTTP_CANNOT_CONNECT);
            tunnel_sent_ += w.bytes;
        }
        for (;;) {
            char buf[4096];
            io::IoResult rr = t_->conn->socket.recv(buf, sizeof buf);
            if (rr.would_block) return wait_on(c, r, t_->conn->socket.fd(), io::kReadable, tunnel_deadline_);
            if (!rr.ok() || rr.bytes == 0) return finish(c, r, ERROR_WINHTTP_CANNOT_CONNECT);
            size_t used = 0;
            tunnel_raw_.append(buf, rr.bytes);
            auto res = tunnel_parser_.feed(std::string_view(buf, rr.bytes), &used);
            if (res == ResponseHeadParser::Result::Error) return finish(c, r, ERROR_WINHTTP_INVALID_SERVER_RESPONSE);
            if (res != ResponseHeadParser::Result::Done) continue;
            // (An interim answer to CONNECT is not something proxies send: refused too.)
            const u16string& code = tunnel_parser_.headers().status.code;
            if (code == u"407" && !tunnel_parser_.interim()) return proxy_challenge(c, r);
            // Bytes after the head would be the server's, which cannot come before the TLS hello.
            if (code.empty() || code[0] != u'2' || used != rr.bytes) return finish(c, r, ERROR_WINHTTP_CANNOT_CONNECT);
            tunnel_open_ = true;
            return start_tls_or_send();
        }
    }

    // The proxy's 407 to CONNECT, handed to WinHttpReceiveResponse as the response: its bytes go
    // into the receive buffer, the request counts as sent (nothing of it went out), and the
    // connection, plain to the proxy, is not pooled under the tunnel's key.
    OpStatus proxy_challenge(Call& c, io::Reactor& r)
    {
        size_t cap = 0;
        char* p = t_->buf.space(tunnel_raw_.size(), cap);
        std::memcpy(p, tunnel_raw_.data(), tunnel_raw_.size());
        t_->buf.commit(tunnel_raw_.size());
        t_->no_reuse = true;
        t_->body_framing = RequestBodyFraming::None;
        t_->body_left = 0;
        t_->conn->requests_served++;
        {
            std::lock_guard<std::mutex> g(req_->lock);
            req_->state = RequestState::Sent;
        }
        return finish(c, r, ERROR_SUCCESS);
    }

    // The TLS handshake, bounded by the connect timeout. A certificate or handshake failure is
    // reported as SECURE_FAILURE with its WINHTTP_CALLBACK_STATUS_FLAG_* reasons, then the
    // error (ERROR_WINHTTP_SECURE_FAILURE, as Windows' WinHttpSendRequest gives; io/tls.h).
    OpStatus handshake(Call& c, io::Reactor& r)
    {
        if (tls_error_) return finish(c, r, tls_error_);
        if (timed_out()) return finish(c, r, ERROR_WINHTTP_TIMEOUT);
        DWORD e = tls_session_->handshake_step();
        if (e == io::kIoPending)
            return wait_on(c, r, t_->conn->socket.fd(), tls_session_->wants_write() ? io::kWritable : io::kReadable,
                           handshake_deadline_);
        if (e == io::kFetchRevocation) return fetch_revocation(c, r, true);
        if (e) {
            if (e == ERROR_WINHTTP_SECURE_FAILURE) {
                DWORD flags = tls_session_->failure_flags();
                req_->notify(c, WINHTTP_CALLBACK_STATUS_SECURE_FAILURE, &flags, sizeof flags);
            }
            return finish(c, r, e);
        }
        record_tls();
        step_ = Step::Send;
        return send(c, r);
    }

    // The revocation data the handshake's check asks for (an OCSP response or a CRL,
    // engine/revocation_fetch.h), bounded by the receive timeout; whatever comes of it goes to the
    // TLS session, and the handshake goes on. The descriptor watched for it is forgotten at
    // each resumption, before the fetch may close it.
    OpStatus fetch_revocation(Call& c, io::Reactor& r, bool first)
    {
        step_ = Step::Revocation;
        forget_revocation_fd(r);
        DWORD e = ERROR_SUCCESS;
        if (first) {
            revocation_deadline_ = timeout_deadline(receive_ms);
            // Through the request's proxy when its settings route the URL's server there.
            std::string host, path, proxy_host;
            uint16_t port = 80, proxy_port = 0;
            const io::RevocationCache::Fetch& what = tls_session_->revocation_fetch();
            if (RevocationFetch::split_url(what.url, host, port, path)) {
                ProxyRoute route = route_request(proxy_settings.access_type, proxy_settings.proxy, proxy_settings.bypass,
                                                 INTERNET_SCHEME_HTTP, from_utf8(host), port);
                if (!route.direct) {
                    proxy_host = to_utf8(route.proxy.host);
                    proxy_port = route.proxy.port;
                }
            }
            e = RevocationFetch::start(what.url, what.ocsp_request, revocation_fetch_, proxy_host, proxy_port);
        } else if (timed_out()) {
            e = ERROR_WINHTTP_TIMEOUT;
        }
        if (!e) {
            int fd = -1;
            uint32_t events = 0;
            e = revocation_fetch_->step(fd, events);
            if (e == io::kIoPending) {
                revocation_fd_ = fd;
                return wait_on(c, r, fd, events, revocation_deadline_);
            }
        }
        tls_session_->revocation_fetched(e, e ? std::string_view() : std::string_view(revocation_fetch_->body()));
        revocation_fetch_.reset();
        // A fetch that ran out of time leaves the status unknown (CERT_REV_FAILED), not the
        // handshake timed out.
        waiter.fired = 0;
        step_ = Step::Handshake;
        return handshake(c, r);
    }

    void forget_revocation_fd(io::Reactor& r)
    {
        if (revocation_fd_ >= 0) r.forget(revocation_fd_);
        revocation_fd_ = -1;
    }

    // What the connection's TLS session negotiated, for the security options.
    void record_tls()
    {
        auto* s = dynamic_cast<io::TlsSession*>(t_->conn->transport.get());
        if (!s) return;
        Request::TlsInfo info;
        info.valid = true;
        info.protocol = s->protocol();
        info.strength = s->strength_flags();
        info.cipher_bits = s->cipher_bits();
        info.cert_problems = s->cert_problems();
        info.cert_path = s->cert_path();
        std::lock_guard<std::mutex> g(req_->lock);
        req_->tls = std::move(info);
    }

    OpStatus sending(Call& c)
    {
        step_ = Step::Send;
        send_announced_ = false;
        return OpStatus::Notify;
    }

    OpStatus send(Call& c, io::Reactor& r)
    {
        if (!send_announced_) {
            send_announced_ = true;
            req_->notify(c, WINHTTP_CALLBACK_STATUS_SENDING_REQUEST, nullptr, 0, false);
            if (!c.notes.empty()) return OpStatus::Notify;
        }
        if (timed_out()) return finish(c, r, ERROR_WINHTTP_TIMEOUT);
        size_t total = head.size() + optional_len + tail.size();
        while (sent_ < total) {
            // The three pieces, from where the last write stopped.
            iovec iov[3];
            int n = 0;
            size_t skip = sent_;
            const std::pair<const char*, size_t> parts[3] = {
                {head.data(), head.size()}, {optional, optional_len}, {tail.data(), tail.size()}};
            for (const auto& [p, len] : parts) {
                if (skip >= len) {
                    skip -= len;
                    continue;
                }
                iov[n++] = {const_cast<char*>(p) + skip, len - skip};
                skip = 0;
            }
            io::IoResult w = t_->conn->transport ? t_->conn->send(iov[0].iov_base, iov[0].iov_len)
                                                 : t_->conn->socket.writev(iov, n);
            if (w.would_block) return wait_on(c, r, t_->conn->socket.fd(), t_->conn->wait_events(true), timeout_deadline(send_ms));
            if (!w.ok()) {
                // A reused connection the server closed meanwhile: one more go on a fresh one.
                if (t_->conn->reused() && sent_ == 0 && !retried_) {
                    retried_ = true;
                    r.forget(t_->conn->socket.fd());
                    t_->conn->socket.close();
                    t_->conn.reset();
                    step_ = Step::Checkout;
                    return checkout(c, r);
                }
                return finish(c, r, ERROR_WINHTTP_CONNECTION_ERROR);
            }
            sent_ += w.bytes;
        }
        t_->conn->requests_served++;
        {
            std::lock_guard<std::mutex> g(req_->lock);
            req_->state = RequestState::Sent;
        }
        DWORD bytes = static_cast<DWORD>(sent_);
        req_->notify(c, WINHTTP_CALLBACK_STATUS_REQUEST_SENT, &bytes, sizeof bytes);
        return finish(c, r, ERROR_SUCCESS);
    }

    void failed(Call& c, io::Reactor& r) override
    {
        drop_lookup(r);
        forget_revocation_fd(r);
        revocation_fetch_.reset();
        RequestOp::failed(c, r);
        std::lock_guard<std::mutex> g(req_->lock);
        req_->state = RequestState::Opened;
    }

    void drop_lookup(io::Reactor& r)
    {
        if (!lookup_) return;
        if (lookup_->fd() >= 0) r.forget(lookup_->fd());
        lookup_.reset();
    }

    Step step_ = Step::Checkout;
    std::unique_ptr<SlotWait> slot_;   // armed with this operation's waiter and reactor
    bool slot_deadline_set_ = false;
    io::Deadline slot_deadline_{};
    std::unique_ptr<io::Lookup> lookup_;
    std::vector<io::Address> addrs_;
    size_t addr_ = 0;
    u16string ip_w_;
    bool connect_announced_ = false;
    io::Deadline connect_deadline_{};
    bool send_announced_ = false;
    size_t sent_ = 0;
    bool retried_ = false;
    io::TlsSession* tls_session_ = nullptr;   // owned by the connection (its transport)
    DWORD tls_error_ = ERROR_SUCCESS;
    size_t tunnel_sent_ = 0;
    bool tunnel_open_ = false;
    io::Deadline tunnel_deadline_{};
    ResponseHeadParser tunnel_parser_;
    std::string tunnel_raw_;   // the proxy's answer as received
    std::unique_ptr<RevocationFetch> revocation_fetch_;
    int revocation_fd_ = -1;          // the descriptor the fetch was last watched on
    io::Deadline revocation_deadline_{};

public:
    std::string pool_host_;     // the host and port the pooled connection is keyed by
    uint16_t pool_port_ = 0;
    io::Deadline handshake_deadline_{};
};

// The TLS client configuration of a secure request (its lock held).
io::TlsConfig tls_config(const Request& r, const std::string& host, uint16_t port)
{
    io::TlsConfig cfg;
    cfg.server_name = host;
    cfg.port = port;
    {
        // A session option: its value when the request goes out counts, even if set after the
        // request was opened.
        Session* s = r.session();
        std::lock_guard<std::mutex> g(s->lock);
        cfg.protocols = s->settings.secure_protocols;
    }
    cfg.ignore_flags = r.settings.security_flags;
    cfg.check_revocation = (r.settings.enable_features & WINHTTP_ENABLE_SSL_REVOCATION) != 0;
    cfg.ignore_revocation_offline = r.settings.ignore_cert_revocation_offline != FALSE;
    // WINHTTP_NO_CLIENT_CERT_CONTEXT: go on without one. A CERT_CONTEXT of the application has
    // no usable private key natively (client_cert_error says so); under Wine the front exports
    // it with its key (below).
    cfg.client_cert = r.client_cert_set && !r.client_cert ? io::TlsConfig::ClientCert::None
                                                          : io::TlsConfig::ClientCert::Ask;
    if (r.client_cert_error) {   // the Windows front could not use the certificate's key
        cfg.client_cert = io::TlsConfig::ClientCert::Unusable;
        cfg.client_cert_error = r.client_cert_error;
    } else if (!r.client_cert_pem.empty()) {   // ... or exported it (client_cert.cpp)
        cfg.client_cert = io::TlsConfig::ClientCert::File;
        cfg.client_cert_data = r.client_cert_pem;
        cfg.client_key_data = r.client_key_pem;
    }
    if (!r.client_cert_file.empty()) {   // WINHTTP_OPTION_LINUX_CLIENT_CERT_FILE
        cfg.client_cert = io::TlsConfig::ClientCert::File;
        cfg.client_cert_file = to_utf8(r.client_cert_file);
        cfg.client_password = to_utf8(r.client_cert_password);
    }
    io::tls_config_from_environment(cfg);
    return cfg;
}

} // namespace

DWORD build_send(Ref<Request> r, const SendArgs& given, std::unique_ptr<RequestOp>& out)
{
    Session* s = r->session();
    SendArgs args = given;
    // The session's cookies, unless WINHTTP_DISABLE_COOKIES.
    if (!(r->settings.disable_features & WINHTTP_DISABLE_COOKIES)) {
        std::shared_ptr<CookieJar> jar;
        {
            std::lock_guard<std::mutex> g(s->lock);
            jar = s->cookies;
        }
        if (jar) {
            std::string target = to_utf8(r->path);
            if (target.empty() || target[0] != '/') target.insert(target.begin(), '/');
            std::string v = jar->cookie_header(to_utf8(r->target_host()), target, r->secure());
            if (!v.empty()) args.cookies = from_utf8(v);
        }
    }
    std::shared_ptr<ConnectionPool> pool;
    {
        std::lock_guard<std::mutex> g(s->lock);
        if (!s->pool) s->pool = ConnectionPool::create();
        pool = s->pool;
    }
    std::shared_ptr<io::TlsCache> tls_cache;
    if (r->secure()) {
        std::lock_guard<std::mutex> g(s->lock);
        if (!s->tls_cache) s->tls_cache = std::make_shared<io::TlsCache>();
        tls_cache = s->tls_cache;
    }
    u16string host = r->target_host();
    INTERNET_PORT port = r->target_port();
    if (port == INTERNET_DEFAULT_PORT) port = r->secure() ? INTERNET_DEFAULT_HTTPS_PORT : INTERNET_DEFAULT_HTTP_PORT;

    // Straight to the server or through a proxy (the request's, else the session's settings;
    // an automatic configuration is the user's proxy of the front's host (Wine: the registry's
    // IE settings), else the environment's, else the default configuration).
    ProxySettings ps = r->proxy;
    if (ps.access_type == WINHTTP_ACCESS_TYPE_AUTOMATIC_PROXY) {
        const HostProxy& hp = s->host_proxy;   // read-only once the session exists
        proxy::Config env = hp.has_user ? proxy::Config() : proxy::config_from_env();
        if (hp.has_user) {
            ps = hp.user_proxy;
        } else if (!env.proxy.empty()) {
            ps.access_type = WINHTTP_ACCESS_TYPE_NAMED_PROXY;
            ps.proxy = env.proxy;
            ps.bypass = env.bypass;
        } else {
            load_default_proxy(ps, &hp);
        }
    }
    ProxyRoute route = route_request(ps.access_type, ps.proxy, ps.bypass,
                                     r->secure() ? INTERNET_SCHEME_HTTPS : INTERNET_SCHEME_HTTP, host, port);
    RequestHead head;
    if (DWORD e = prepare_request_head(*r, args, Route{!route.direct}, head)) return e;
    // A previous response whose body was not read to the end: its connection cannot be
    // reused (the rest of the body is still on it).
    if (r->transfer && r->transfer->conn) {
        r->transfer->conn->socket.close();
        r->transfer->conn.reset();
    }
    auto t = std::make_shared<Transfer>();
    t->pool = pool;
    t->method = ieq(r->verb, u"HEAD") ? RequestMethod::Head
              : ieq(r->verb, u"CONNECT") ? RequestMethod::Connect : RequestMethod::Other;
    auto op = std::make_unique<SendOp>(r, t);
    op->host = to_utf8(host);
    op->host_w = host;
    op->port = port;
    op->secure = r->secure();
    op->pool_host_ = op->host;
    op->pool_port_ = port;
    if (!route.direct) {
        // The connection goes to the proxy (its name is what gets resolved).
        op->proxy = to_utf8(route.proxy.authority());
        op->host = to_utf8(route.proxy.host);
        op->host_w = route.proxy.host;
        op->port = route.proxy.port;
        if (!op->secure) {
            op->pool_host_ = op->host;
            op->pool_port_ = op->port;
        } else {
            std::string authority = op->pool_host_.find(':') != std::string::npos ? "[" + op->pool_host_ + "]" : op->pool_host_;
            authority += ":" + std::to_string(port);
            op->tunnel = "CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority + "\r\n";
            u16string agent;
            {
                std::lock_guard<std::mutex> g(s->lock);
                agent = s->agent;
            }
            if (!agent.empty()) op->tunnel += "User-Agent: " + to_utf8(agent) + "\r\n";
            // Proxy credentials: Basic at once, Digest once the proxy challenged a CONNECT.
            u16string pa = auth_value(r->proxy_creds, r->proxy_auth, u"CONNECT", authority);
            if (!pa.empty()) op->tunnel += "Proxy-Authorization: " + to_utf8(pa) + "\r\n";
            op->tunnel += "\r\n";
        }
    }
    if (op->secure) {
        op->tls = tls_config(*r, op->pool_host_, port);   // the server's name, even through a tunnel
        op->tls_cache = std::move(tls_cache);
        op->proxy_settings = std::move(ps);
    }
    r->tls = Request::TlsInfo{};
    {
        std::lock_guard<std::mutex> g(s->lock);   // session options, as they are now
        op->limit = s->settings.max_conns_per_server;
        op->limit_1_0 = s->settings.max_conns_per_1_0_server;
    }
    op->resolve_ms = r->settings.resolve_timeout;
    op->connect_ms = r->settings.connect_timeout;
    op->send_ms = r->settings.send_timeout;
    op->receive_ms = r->settings.receive_timeout;
    op->head = std::move(head.bytes);
    op->optional = static_cast<const char*>(args.optional);
    op->optional_len = head.body.optional_length;
    if (head.body.framing == RequestBodyFraming::AutoChunked && op->optional_len) {
        // With automatic chunking the optional data goes out as the body's first chunk.
        char size[24];
        std::snprintf(size, sizeof size, "%zx\r\n", op->optional_len);
        op->head += size;
        op->tail = "\r\n";
    }
    t->body_framing = head.body.framing;
    t->body_left = head.body.framing == RequestBodyFraming::Length ? head.body.length - head.body.optional_length : 0;
    // A body given whole as optional data can be sent again (redirects, authentication).
    t->replayable = t->body_left == 0 && (head.body.framing == RequestBodyFraming::None ||
                                          head.body.framing == RequestBodyFraming::Length);
    if (t->replayable && op->optional_len) t->replay_body.assign(op->optional, op->optional_len);
    r->transfer = std::move(t);
    r->sent_headers = std::move(head.sent);
    r->headers_sent = true;
    r->response_headers.clear();
    r->response_trailers.clear();
    r->trailers_ready = false;
    r->state = RequestState::Sending;
    out = std::move(op);
    return ERROR_SUCCESS;
}

namespace api {

std::unique_ptr<Operation> make_send_request(Call& c, HINTERNET request, LPCWSTR headers,
                                             DWORD headers_length, LPVOID optional,
                                             DWORD optional_length, DWORD total_length,
                                             DWORD_PTR context)
{
    try {
        Ref<Request> r = network_request(c, request);
        if (!r) return nullptr;
        std::lock_guard<std::mutex> g(r->lock);
        if (r->state == RequestState::Sending || op_running(*r)) {
            c.error = ERROR_WINHTTP_INCORRECT_HANDLE_STATE;
            return nullptr;
        }
        SendArgs args;
        args.headers = headers;
        args.headers_length = headers_length;
        args.optional = optional;
        args.optional_length = optional_length;
        args.total_length = total_length;
        // A new send goes where the last redirect led (as Wine's does), with a new count.
        r->redirects = 0;
        std::unique_ptr<RequestOp> op;
        if (DWORD e = build_send(r, args, op)) {
            c.error = e;
            return nullptr;
        }
        op->async = r->session()->async();
        // WINHTTP_OPTION_ASSURED_NON_BLOCKING_CALLBACKS: the application promised callbacks
        // that do not block, so the calling thread may run the operation until it must wait.
        op->may_complete_inline = r->settings.assured_non_blocking_callbacks;
        // The context value given here is the one callbacks get from now on (Wine: when non-zero).
        if (context) r->context = context;
        return op;
    } catch (const std::bad_alloc&) {
        c.error = ERROR_NOT_ENOUGH_MEMORY;
        return nullptr;
    }
}

} // namespace api

} // namespace winhttp
