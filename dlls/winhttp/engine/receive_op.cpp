// WinHttpReceiveResponse as an operation (request_ops.h): reads the response head into the
// request's receive buffer and parses it (ResponseHeadParser, the head size limit of
// WINHTTP_OPTION_MAX_RESPONSE_HEADER_SIZE), skips interim 1xx responses (up to
// WINHTTP_OPTION_MAX_HTTP_STATUS_CONTINUE of them), fills the response headers and decides the
// body framing. Notifications: RECEIVING_RESPONSE, RESPONSE_RECEIVED (the head's bytes). With
// WINHTTP_FLAG_AUTOMATIC_CHUNKING it first ends the request body with the last chunk when the
// application's writes did not. The response's cookies go to the session's jar, a gzip/deflate
// body gets its decoder (WINHTTP_OPTION_DECOMPRESSION), and three cases send the request again
// from here, through a send operation run as this one's child: a redirect it follows, a 401/407
// its credentials can answer, and a reused connection that died before any response byte.
#include "engine/auth.h"
#include "engine/cookies.h"
#include "engine/request_head.h"
#include "engine/request_op.h"
#include "engine/request_ops.h"
#include "engine/url.h"
#include <algorithm>
#include <new>
#include <string>
#include <utility>

namespace winhttp {

namespace {

class ReceiveOp final : public RequestOp {
    // The next leg decided on a step, started once its notifications were delivered.
    enum class Next { None, Redirect, Authenticate, SendAgain };

public:
    ReceiveOp(Ref<Request> r, std::shared_ptr<Transfer> t) : RequestOp(std::move(r), std::move(t), API_RECEIVE_RESPONSE) {}

    int receive_ms = 0;
    DWORD response_ms = 0;
    DWORD max_continue = 10;
    size_t max_head = kDefaultMaxResponseHeaderSize;
    int send_ms = 0;
    DWORD max_drain = 1024 * 1024;   // WINHTTP_OPTION_MAX_RESPONSE_DRAIN_SIZE
    std::string pending;   // request bytes still owed before the response (the last chunk)

    ~ReceiveOp() override { drop_child(); }

    void cancel() override
    {
        // Called with the request's op_lock held (Request::closing), under which child_ changes.
        Operation::cancel();
        if (child_) child_->cancel();
    }

    OpStatus resume(Call& c, io::Reactor& r) override
    {
        if (child_) {
            // A send on this operation's behalf (a redirect, or a retry on a fresh connection).
            OpStatus st = child_->resume(c, r);
            if (st != OpStatus::Done) return st;
            DWORD e = c.error;
            drop_child();
            if (e) return finish(c, r, e);
            restart();
        }
        if (cancelled()) return finish(c, r, ERROR_WINHTTP_OPERATION_CANCELLED);
        // A second leg decided on the previous step, once its notifications were delivered.
        switch (std::exchange(next_, Next::None)) {
        case Next::Redirect: return redirect(c, r);
        case Next::Authenticate: return authenticate(c, r);
        case Next::SendAgain: return start_child(c, r, child_verb_, target_.to_get);
        case Next::None: break;
        }
        if (pending_sent_ < pending.size()) {
            if (timed_out()) return finish(c, r, ERROR_WINHTTP_TIMEOUT);
            if (!t_->conn) return finish(c, r, ERROR_WINHTTP_CONNECTION_ERROR);
            while (pending_sent_ < pending.size()) {
                io::IoResult w = t_->conn->send(pending.data() + pending_sent_, pending.size() - pending_sent_);
                if (w.would_block)
                    return wait_on(c, r, t_->conn->socket.fd(), t_->conn->wait_events(true), timeout_deadline(send_ms));
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
                if (retryable()) return retry(c, r);
                auto res = parser_.eof();
                if (res == ResponseHeadParser::Result::Error) return finish(c, r, parser_.error());
                return complete(c, r);
            }
            size_t got = 0;
            DWORD e = t.fill(16 * 1024, got);
            if (e == io::kIoPending) {
                io::Deadline d = std::min(timeout_deadline(receive_ms), response_deadline_);
                return wait_on(c, r, t.conn->socket.fd(), t.conn->wait_events(false), d);
            }
            if (e && retryable()) return retry(c, r);
            if (e) return finish(c, r, e);
        }
    }

private:
    // A reused connection that the server closed before answering (it gave up on the idle
    // connection as the request went out): the request goes again, once, on a fresh one, when
    // its whole body is known (optional data only).
    bool retryable() const
    {
        const Transfer& t = *t_;
        return !retried_ && head_bytes_ == 0 && t.buf.empty() && t.conn && t.conn->requests_served > 1 &&
               t.replayable && pending.empty();
    }

    OpStatus retry(Call& c, io::Reactor& r)
    {
        retried_ = true;
        if (t_->conn->socket.is_open()) r.forget(t_->conn->socket.fd());
        return start_child(c, r, req_->verb, false);
    }

    // Sends the request again (same verb unless `to_get`), through a send operation run as
    // this one's child; the receive starts over once it is done.
    OpStatus start_child(Call& c, io::Reactor& r, const u16string& verb, bool to_get)
    {
        std::unique_ptr<RequestOp> op;
        DWORD e;
        {
            std::lock_guard<std::mutex> g(req_->lock);
            // The body lives here, beyond the child that sends it.
            child_body_ = to_get ? std::string() : t_->replay_body;
            req_->verb = verb;
            SendArgs args;
            args.optional = child_body_.empty() ? nullptr : child_body_.data();
            args.optional_length = static_cast<DWORD>(child_body_.size());
            args.total_length = args.optional_length;
            e = build_send(req_, args, op);
            if (!e) t_ = req_->transfer;
        }
        if (e) return finish(c, r, e);
        op->waiter.op = this;   // its waits bring this operation back
        {
            std::lock_guard<std::mutex> g(req_->op_lock);
            child_ = std::move(op);
            if (cancelled()) child_->cancel();
        }
        return resume(c, r);
    }

    void drop_child()
    {
        std::unique_ptr<RequestOp> dead;
        {
            std::lock_guard<std::mutex> g(req_->op_lock);
            dead = std::move(child_);
        }
    }

    // After a redirect or a retry: a new response on the new transfer.
    void restart()
    {
        parser_.reset();
        started_ = false;
        head_bytes_ = 0;
        skipped_ = 0;
        waiter.fired = 0;
    }

    // WINHTTP_OPTION_DECOMPRESSION: a gzip or deflate body is decoded for the application, and
    // the headers that describe the encoded body (Content-Encoding, Content-Length) are
    // removed from the response, as Windows reports them after decoding.
    void setup_decoding(Transfer& t)
    {
        DWORD flags;
        {
            std::lock_guard<std::mutex> g(req_->lock);
            flags = req_->settings.decompression;
        }
        if (!flags || t.body_done) return;
        ContentCoding coding = decoder_for(parser_.headers(), flags);
        if (coding == ContentCoding::None) return;
        t.decoder = std::make_unique<Decoder>(coding);
        drop_coding_headers(parser_.headers());
    }

    // The response's Set-Cookie headers go to the session's jar (unless WINHTTP_DISABLE_COOKIES).
    void store_cookies()
    {
        const HeaderStore& h = parser_.headers();
        if (!h.get(u"Set-Cookie", 0)) return;
        Session* s = req_->session();
        std::string host, target;
        {
            std::lock_guard<std::mutex> g(req_->lock);
            if (req_->settings.disable_features & WINHTTP_DISABLE_COOKIES) return;
            host = to_utf8(req_->target_host());
            target = to_utf8(req_->path);
        }
        if (target.empty() || target[0] != '/') target.insert(target.begin(), '/');
        std::shared_ptr<CookieJar> jar;
        try {
            std::lock_guard<std::mutex> g(s->lock);
            if (!s->cookies) s->cookies = std::make_shared<CookieJar>();
            jar = s->cookies;
        } catch (const std::bad_alloc&) {
            return;   // no jar: the cookies are lost, the response is not
        }
        jar->set_from_response(h, host, target);
    }

    // ---- redirects ----

    // The response is a redirect the request follows: REDIRECT is queued and the follow-up
    // runs on the next resume (after the application saw it). False to hand the response over.
    bool wants_redirect(Call& c, DWORD& error)
    {
        error = ERROR_SUCCESS;
        const HeaderStore& h = parser_.headers();
        DWORD code = 0;
        for (char16_t ch : h.status.code) code = code * 10 + DWORD(ch - u'0');
        if (code != 301 && code != 302 && code != 303 && code != 307 && code != 308) return false;
        const u16string* location = h.get(u"Location", 0);
        if (!location || location->empty() || t_->method == RequestMethod::Head) return false;
        Target to;
        bool secure;
        DWORD policy, max, disabled;
        {
            std::lock_guard<std::mutex> g(req_->lock);
            secure = req_->secure();
            policy = req_->settings.redirect_policy;
            max = req_->settings.max_http_automatic_redirects;
            disabled = req_->settings.disable_features & WINHTTP_DISABLE_REDIRECTS;
            if (!resolve_location(*location, to)) return false;
            if (disabled || policy == WINHTTP_OPTION_REDIRECT_POLICY_NEVER) return false;
            if (policy == WINHTTP_OPTION_REDIRECT_POLICY_DISALLOW_HTTPS_TO_HTTP && secure && !to.secure) return false;
            // 301 and 302 turn a POST into a GET, 303 anything but HEAD; 307 and 308 keep
            // the method and the body, which must be at hand to send again.
            to.to_get = code == 303 || ((code == 301 || code == 302) && ieq(req_->verb, u"POST"));
            if (req_->redirects >= max) {
                error = ERROR_WINHTTP_REDIRECT_FAILED;
                return true;
            }
            if (!to.to_get && !t_->replayable) {
                // The body went through WinHttpWriteData: the application sends the request
                // again, to the new location (WinHttpSendRequest page, ERROR_WINHTTP_RESEND_REQUEST).
                resend_target_ = true;
            }
        }
        target_ = std::move(to);
        location_ = *location;
        if (resend_target_) {
            apply_target();
            error = ERROR_WINHTTP_RESEND_REQUEST;
            return true;
        }
        next_ = Next::Redirect;
        return true;
    }

    struct Target {
        u16string host;
        INTERNET_PORT port = 0;
        bool secure = false;
        u16string path;
        bool to_get = false;
    };

    // The Location value against the request's current URL (request lock held).
    bool resolve_location(const u16string& loc, Target& to)
    {
        if (loc.find(u"://") != u16string::npos) {
            ParsedUrl u;
            if (parse_url(loc, u)) return false;
            to.host = u16string(u.host_name());
            to.port = u.port;
            to.secure = u.scheme == INTERNET_SCHEME_HTTPS;
            to.path = u.object();
            return !to.host.empty();
        }
        to.host = req_->target_host();
        to.secure = req_->secure();
        to.port = req_->target_port();
        if (to.port == INTERNET_DEFAULT_PORT) to.port = to.secure ? INTERNET_DEFAULT_HTTPS_PORT : INTERNET_DEFAULT_HTTP_PORT;
        if (!loc.empty() && loc[0] == u'/') {
            to.path = loc;
        } else {
            // Relative to the current path's directory.
            u16string base = req_->path.substr(0, req_->path.find(u'?'));
            size_t slash = base.rfind(u'/');
            to.path = (slash == u16string::npos ? u16string(u"/") : base.substr(0, slash + 1)) + loc;
        }
        return true;
    }

    OpStatus redirect(Call& c, io::Reactor& r)
    {
        Transfer& t = *t_;
        if (OpStatus st; !drained(c, r, Next::Redirect, st)) return st;
        end_connection(c, *req_, t, &r, t.body_done);
        u16string verb = apply_target();
        return send_again(c, r, std::move(verb), target_.to_get);
    }

    // The body of a response that is not handed over, before the next leg (a redirect, a
    // challenge answered): read and dropped up to WINHTTP_OPTION_MAX_RESPONSE_DRAIN_SIZE, so the
    // connection goes back to the pool for that leg; a longer body, one that lasts until the
    // server closes, a timeout or an error leave it unfinished, and the connection is closed
    // instead. True once done; false with `st` when it waits for more (`again` resumes it).
    bool drained(Call& c, io::Reactor& r, Next again, OpStatus& st)
    {
        Transfer& t = *t_;
        bool gave_up = timed_out();
        waiter.fired = 0;   // a drain that ran out of time is no timeout of the operation
        while (!gave_up && !t.body_done && t.conn && t.framing.framing != ResponseBodyFraming::UntilClose) {
            char scratch[16384];
            size_t got = 0;
            if (copy_body(t, scratch, sizeof scratch, got) != ERROR_SUCCESS) break;
            drained_ += got;
            if (t.body_done || drained_ > max_drain) break;
            if (got) continue;
            size_t n = 0;
            DWORD e = t.fill(16 * 1024, n);
            if (e == io::kIoPending) {
                next_ = again;
                st = wait_on(c, r, t.conn->socket.fd(), t.conn->wait_events(false), timeout_deadline(receive_ms));
                return false;
            }
            if (e || t.eof) break;
        }
        return true;
    }

    // The body of a response handed back to the application to send again (ERROR_WINHTTP_RESEND_REQUEST):
    // skipped when it is all here, so the connection goes back to the pool; otherwise it will be closed.
    static void skip_buffered_body(Transfer& t)
    {
        if (!t.body_done && t.framing.framing == ResponseBodyFraming::Length && t.buf.size() >= t.remaining) {
            t.buf.consume(static_cast<size_t>(t.remaining));
            t.remaining = 0;
            t.body_done = true;
        }
    }

    // The request now goes to target_ (request lock taken); returns the verb it goes with.
    u16string apply_target()
    {
        std::lock_guard<std::mutex> g(req_->lock);
        bool other_server = !ieq(target_.host, req_->target_host()) || target_.port != req_->target_port();
        if (other_server) {   // credentials are not for another server
            req_->server_creds = Request::Credentials{};
            req_->server_auth = Request::AuthState{};
        }
        req_->redirected = true;
        req_->redirect_host = target_.host;
        req_->redirect_port = target_.port;
        req_->path = target_.path;
        if (target_.secure) req_->open_flags |= WINHTTP_FLAG_SECURE;
        else req_->open_flags &= ~DWORD(WINHTTP_FLAG_SECURE);
        req_->redirects++;
        if (target_.to_get) req_->verb = u"GET";
        return req_->verb;
    }

    // The next leg of the exchange (after a redirect or a challenge): the notes queued so far
    // (CLOSING_CONNECTION...) are delivered first.
    OpStatus send_again(Call& c, io::Reactor& r, u16string verb, bool to_get)
    {
        if (!c.notes.empty()) {
            next_ = Next::SendAgain;
            child_verb_ = std::move(verb);
            target_.to_get = to_get;
            return OpStatus::Notify;
        }
        return start_child(c, r, verb, to_get);
    }

    // ---- authentication ----

    // A 401 (server) or 407 (proxy) the request's credentials can answer: those set with
    // WinHttpSetCredentials for Digest (Basic ones went out with the request already, so a 401
    // to them is final), or WINHTTP_OPTION_USERNAME/PASSWORD (PROXY_USERNAME/PASSWORD) for the
    // Digest or Basic challenge offered. Once per target and receive (twice when the server says
    // the nonce was merely stale), and not when the refused request already answered the nonce
    // challenged again. `error`: ERROR_WINHTTP_LOGIN_FAILURE when the application set
    // credentials with WinHttpSetCredentials for a scheme this engine cannot answer (NTLM,
    // Negotiate, Passport) and the challenge asks for exactly that scheme.
    bool wants_auth(DWORD code, DWORD& error)
    {
        error = ERROR_SUCCESS;
        if (code != 401 && code != 407) return false;
        bool proxy = code == 407;
        std::vector<Challenge> chs = response_challenges(parser_.headers(), proxy);
        const Challenge* ch = find_challenge(chs, WINHTTP_AUTH_SCHEME_DIGEST);
        int& tries = proxy ? proxy_auth_tries_ : server_auth_tries_;
        std::lock_guard<std::mutex> g(req_->lock);
        // The challenges are kept either way: credentials set after this response answer them
        // when the application sends the request again.
        Request::AuthState& st = proxy ? req_->proxy_auth : req_->server_auth;
        st.challenges.clear();
        const char16_t* header = proxy ? u"Proxy-Authenticate" : u"WWW-Authenticate";
        for (size_t i = 0; const u16string* v = parser_.headers().get(header, i); i++) st.challenges.push_back(to_utf8(*v));
        Request::Credentials& cr = proxy ? req_->proxy_creds : req_->server_creds;
        bool from_options = false;
        if (!cr.set) {
            const u16string& user = proxy ? req_->proxy_username : req_->username;
            DWORD scheme = ch ? DWORD(WINHTTP_AUTH_SCHEME_DIGEST)
                         : find_challenge(chs, WINHTTP_AUTH_SCHEME_BASIC) ? DWORD(WINHTTP_AUTH_SCHEME_BASIC) : 0;
            if (user.empty() || !scheme) return false;
            cr.scheme = scheme;
            cr.user = user;
            cr.password = proxy ? req_->proxy_password : req_->password;
            cr.set = true;
            from_options = true;
        }
        if (cr.scheme != WINHTTP_AUTH_SCHEME_BASIC && cr.scheme != WINHTTP_AUTH_SCHEME_DIGEST) {
            // Windows accepts these credentials (WinHttpSetCredentials takes NTLM and Negotiate,
            // even without a name for the logged-on user's), so the failure shows here: the
            // login cannot be attempted, which is no less final than a refused one. Handing the
            // 401 over would look like wrong credentials.
            if (find_challenge(chs, cr.scheme)) error = ERROR_WINHTTP_LOGIN_FAILURE;
            return false;
        }
        if (cr.scheme == WINHTTP_AUTH_SCHEME_BASIC) {
            if (!from_options || tries) return false;
        } else if (cr.scheme != WINHTTP_AUTH_SCHEME_DIGEST || !ch || tries >= (digest_stale(*ch) ? 2 : 1)) {
            return false;
        } else if (const std::string* nonce = ch->param("nonce");
                   !digest_stale(*ch) && nonce && st.nc && *nonce == st.nonce) {
            return false;   // the refused request answered this very nonce: the credentials are wrong
        }
        tries++;
        return true;
    }

    // Answers the challenge: the request goes again with the credentials when its body is at
    // hand; otherwise the application must send it again (ERROR_WINHTTP_RESEND_REQUEST).
    OpStatus authenticate(Call& c, io::Reactor& r)
    {
        Transfer& t = *t_;
        if (!t.replayable) {
            skip_buffered_body(t);
            return finish(c, r, ERROR_WINHTTP_RESEND_REQUEST);
        }
        if (OpStatus st; !drained(c, r, Next::Authenticate, st)) return st;
        end_connection(c, *req_, t, &r, t.body_done);
        u16string verb;
        {
            std::lock_guard<std::mutex> g(req_->lock);
            verb = req_->verb;
        }
        return send_again(c, r, std::move(verb), false);
    }

    void completed(Call& c) override { req_->notify(c, WINHTTP_CALLBACK_STATUS_HEADERS_AVAILABLE, nullptr, 0, false); }

    OpStatus complete(Call& c, io::Reactor& r)
    {
        Transfer& t = *t_;
        ResponseFraming f;
        if (DWORD e = decide_framing(parser_.headers(), parser_.minor_version(), t.method, f)) return finish(c, r, e);
        if (!parser_.interim()) {
            store_cookies();
            t.framing = f;
            t.remaining = f.framing == ResponseBodyFraming::Length ? f.length : 0;
            t.body_done = f.framing == ResponseBodyFraming::None ||
                          (f.framing == ResponseBodyFraming::Length && f.length == 0);
            DWORD code = 0;
            for (char16_t ch : parser_.headers().status.code) code = code * 10 + DWORD(ch - u'0');
            DWORD e;
            if (wants_auth(code, e)) {
                DWORD bytes = static_cast<DWORD>(head_bytes_);
                req_->notify(c, WINHTTP_CALLBACK_STATUS_RESPONSE_RECEIVED, &bytes, sizeof bytes);
                next_ = Next::Authenticate;
                return OpStatus::Notify;
            }
            if (e) return finish(c, r, e);
            if (wants_redirect(c, e)) {
                if (e) return finish(c, r, e);
                // RESPONSE_RECEIVED, then REDIRECT with the Location value (Wine's notification
                // tests); the follow-up starts on the next resume. Meanwhile the redirect
                // response's headers can be queried (the status callback page).
                {
                    std::lock_guard<std::mutex> g(req_->lock);
                    req_->response_headers = parser_.headers();
                    req_->state = RequestState::ResponseReceived;
                }
                DWORD bytes = static_cast<DWORD>(head_bytes_);
                req_->notify(c, WINHTTP_CALLBACK_STATUS_RESPONSE_RECEIVED, &bytes, sizeof bytes);
                req_->notify(c, WINHTTP_CALLBACK_STATUS_REDIRECT, location_.c_str(),
                             static_cast<DWORD>(location_.size() + 1), false);
                return OpStatus::Notify;
            }
        }
        t.framing = f;
        t.remaining = f.framing == ResponseBodyFraming::Length ? f.length : 0;
        t.chunked = ChunkedDecoder(max_head);
        t.body_done = f.framing == ResponseBodyFraming::None ||
                      (f.framing == ResponseBodyFraming::Length && f.length == 0);
        // An interim response handed over as final (the skip count ran out) leaves the final
        // response on the connection: the connection is not reused.
        if (parser_.interim()) t.framing.keep_alive = false;
        if (t.conn) t.conn->http_version = parser_.minor_version() ? 11 : 10;
        setup_decoding(t);
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
    bool retried_ = false;
    Next next_ = Next::None;
    bool resend_target_ = false;
    int server_auth_tries_ = 0, proxy_auth_tries_ = 0;
    uint64_t drained_ = 0;   // body bytes dropped before the next leg
    u16string child_verb_;
    std::string child_body_;
    u16string location_;
    Target target_;
    std::unique_ptr<RequestOp> child_;
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
        op->max_drain = r->settings.max_response_drain_size;
        return op;
    } catch (const std::bad_alloc&) {
        c.error = ERROR_NOT_ENOUGH_MEMORY;
        return nullptr;
    }
}

} // namespace api

} // namespace winhttp
