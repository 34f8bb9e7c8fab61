// What WinHttpSendRequest puts on the wire before the body: the checks of its header, optional
// data and total length arguments, the additional headers joining the request's header store,
// the request head bytes (request line with the escaped target, Windows' default headers in
// Windows' order) and the body framing the send side must then use. Pure code: no sockets.
#pragma once
#include "engine/headers.h"
#include "engine/objects.h"
#include <string>

namespace winhttp {

// How the request body goes on the wire after the head.
enum class RequestBodyFraming {
    None,         // no body (GET with no data)
    Length,       // exactly `length` bytes (Content-Length), optional data first, then WriteData
    AppChunked,   // the application's Transfer-Encoding: it writes the chunk framing itself
    AutoChunked,  // WINHTTP_FLAG_AUTOMATIC_CHUNKING: the engine frames each write as a chunk
};

struct BodyPlan {
    RequestBodyFraming framing = RequestBodyFraming::None;
    ULONGLONG length = 0;        // Length: the Content-Length value
    DWORD optional_length = 0;   // bytes of lpOptional sent right after the head (0: none)
};

// The arguments of WinHttpSendRequest that shape the head.
struct SendArgs {
    LPCWSTR headers = nullptr;     // WINHTTP_NO_ADDITIONAL_HEADERS or a header block
    DWORD headers_length = 0;      // characters, or ~0 for a NUL-terminated block
    const void* optional = nullptr;
    DWORD optional_length = 0;
    DWORD total_length = 0;        // may be WINHTTP_IGNORE_REQUEST_TOTAL_LENGTH
    // The session's cookies for this request ("a=1; b=2", or empty): sent, joined to an
    // application's Cookie header with "; ", not kept in the request's own headers.
    u16string cookies;
};

// The Authorization (or Proxy-Authorization) value the credentials give for a request with
// `verb` and request target `target`: Basic at once, Digest answering the kept challenge (its
// nonce count advances); empty when there is nothing to send.
u16string auth_value(Request::Credentials& cr, Request::AuthState& st, u16view verb, std::string_view target);

// Where the request goes: straight to the server, or through an HTTP proxy (plain HTTP requests
// then carry the absolute-form target; an HTTPS request is tunnelled and keeps origin form).
struct Route {
    bool via_proxy = false;
};

struct RequestHead {
    std::string bytes;     // the exact head: request line, header lines, empty line
    HeaderStore sent;      // the header lines of `bytes`, in order (for queries after sending)
    BodyPlan body;
};

// The request target for the request line: the object name escaped under the request's
// WINHTTP_FLAG_ESCAPE_* flags (query part in `codepage`), in absolute form through a proxy.
std::string request_target(const Request& r, bool via_proxy, DWORD codepage);

// The Host header value: the server name (IPv6 literals bracketed) and the port unless it is the
// scheme's default.
u16string host_value(const Request& r);

// Everything WinHttpSendRequest does before touching the network: validates `args`, adds the
// additional headers to r.request_headers (as WINHTTP_ADDREQ_FLAG_ADD | REPLACE), decides the
// body framing and builds the head. Returns ERROR_SUCCESS or the error the API call fails with;
// on failure r.request_headers is left as it was. The caller holds r.lock (or owns r); the
// session's lock is taken briefly to read the agent and the code page.
DWORD prepare_request_head(Request& r, const SendArgs& args, const Route& route, RequestHead& out);

} // namespace winhttp
