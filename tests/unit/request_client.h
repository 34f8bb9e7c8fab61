// Shared by the request-operation unit tests (test_request_sync.cpp, test_request_write.cpp):
// a small client that opens a session/connection to tests/server/winhttp-test-server and drives
// the engine's request operations with drive_sync, recording every notification. Include it
// after cmocka.h (it uses cmocka's assertions) inside the test's anonymous namespace.
#pragma once

int port;   // the test server's, set by setup()

struct Seen {
    DWORD status;
    std::u16string text;   // string payloads (server name, IP address)
    DWORD number = 0;      // DWORD payloads (byte counts)
};
std::vector<Seen> seen;

void CALLBACK callback(HINTERNET, DWORD_PTR, DWORD, LPVOID, DWORD) {}

void record(Call& c)
{
    for (Notification& n : c.notes) {
        Seen s{n.status, {}, 0};
        void* info = n.info();
        switch (n.status) {
        case WINHTTP_CALLBACK_STATUS_RESOLVING_NAME:
        case WINHTTP_CALLBACK_STATUS_NAME_RESOLVED:
        case WINHTTP_CALLBACK_STATUS_CONNECTING_TO_SERVER:
        case WINHTTP_CALLBACK_STATUS_CONNECTED_TO_SERVER:
            if (info) s.text = static_cast<const char16_t*>(info);
            break;
        default:
            if (info && n.info_len == sizeof(DWORD)) std::memcpy(&s.number, info, sizeof(DWORD));
            break;
        }
        seen.push_back(s);
    }
    c.notes.clear();
}

size_t count(DWORD status)
{
    size_t n = 0;
    for (const Seen& s : seen) n += s.status == status;
    return n;
}

// The test server's body pattern: byte i is 'a' + i % 26.
std::string pattern(size_t n)
{
    std::string s(n, 0);
    for (size_t i = 0; i < n; i++) s[i] = static_cast<char>('a' + i % 26);
    return s;
}

struct Client {
    HINTERNET session = nullptr, connect = nullptr;
    std::unique_ptr<io::Reactor> reactor;

    explicit Client(const char16_t* host = u"127.0.0.1", int p = -1, DWORD session_flags = 0)
    {
        Call c;
        session = api::Open(c, u"test", WINHTTP_ACCESS_TYPE_NO_PROXY, nullptr, nullptr, session_flags);
        assert_non_null(session);
        connect = api::Connect(c, session, host, static_cast<INTERNET_PORT>(p < 0 ? port : p), 0);
        assert_non_null(connect);
        assert_int_equal(io::Reactor::create(reactor), ERROR_SUCCESS);
    }
    ~Client()
    {
        Call c;
        api::CloseHandle(c, connect);
        api::CloseHandle(c, session);
    }
    HINTERNET open(const char16_t* path, const char16_t* verb = u"GET", DWORD flags = 0)
    {
        Call c;
        HINTERNET r = api::OpenRequest(c, connect, verb, path, nullptr, nullptr, nullptr, flags);
        assert_non_null(r);
        api::SetStatusCallback(c, r, callback, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
        return r;
    }
    DWORD run(std::unique_ptr<Operation> op, Call& c)
    {
        if (!op) return c.error;
        return drive_sync(*op, c, *reactor, record);
    }
    DWORD send(HINTERNET r, DWORD total = 0, const char16_t* headers = nullptr, const void* opt = nullptr,
               DWORD opt_len = 0)
    {
        Call c;
        return run(api::make_send_request(c, r, headers, headers ? ~0u : 0, const_cast<void*>(opt), opt_len,
                                          total, 0), c);
    }
    DWORD write(HINTERNET r, const void* buf, DWORD len, DWORD* written = nullptr)
    {
        Call c;
        DWORD w = 0xdead;
        DWORD e = run(api::make_write_data(c, r, buf, len, &w), c);
        if (written) *written = w;
        return e;
    }
    DWORD write(HINTERNET r, const std::string& s, DWORD* written = nullptr)
    {
        return write(r, s.data(), static_cast<DWORD>(s.size()), written);
    }
    DWORD receive(HINTERNET r)
    {
        Call c;
        return run(api::make_receive_response(c, r, nullptr), c);
    }
    DWORD available(HINTERNET r, DWORD& n)
    {
        Call c;
        return run(api::make_query_data_available(c, r, &n), c);
    }
    DWORD read(HINTERNET r, void* buf, DWORD len, DWORD& got)
    {
        Call c;
        return run(api::make_read_data(c, r, buf, len, &got), c);
    }
    // Reads the whole body with reads of `chunk` bytes (QueryDataAvailable first when asked).
    DWORD body(HINTERNET r, std::string& out, DWORD chunk = 4096, bool query = false)
    {
        out.clear();
        std::vector<char> buf(chunk ? chunk : 1);
        for (;;) {
            if (query) {
                DWORD n = 0;
                if (DWORD e = available(r, n)) return e;
                if (!n) return ERROR_SUCCESS;
            }
            DWORD got = 0;
            if (DWORD e = read(r, buf.data(), chunk, got)) return e;
            if (!got) return ERROR_SUCCESS;
            out.append(buf.data(), got);
        }
    }
    void close(HINTERNET r)
    {
        Call c;
        api::CloseHandle(c, r);
    }
};

int setup(void**)
{
    if (test_server_start(nullptr, &port) != 0) return -1;
    return test_server_port() == port ? 0 : -1;
}

int teardown(void**)
{
    test_server_stop();
    return 0;
}
