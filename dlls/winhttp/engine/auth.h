// HTTP authentication pieces: parsing WWW-Authenticate / Proxy-Authenticate challenges
// (RFC 9110 section 11: several challenges per header, quoted strings, token68), the
// WINHTTP_AUTH_SCHEME_* view of them that WinHttpQueryAuthSchemes reports, and the Authorization
// / Proxy-Authorization values of the Basic and Digest (RFC 7616: MD5, MD5-sess, SHA-256,
// SHA-256-sess, qop=auth) schemes. Pure code: the request path decides when to use them.
#pragma once
#include "engine/headers.h"
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace winhttp {

struct AuthParam {
    std::string name;    // as written
    std::string value;   // quoted strings unquoted (backslash escapes removed)
};

struct Challenge {
    std::string scheme;             // as written ("Digest")
    DWORD scheme_flag = 0;          // WINHTTP_AUTH_SCHEME_*, 0 for schemes WinHTTP does not know
    std::string token68;            // "Negotiate <token68>"; empty when absent
    std::vector<AuthParam> params;  // in order
    // The value of the first parameter called `name` (any case), or nullptr.
    const std::string* param(std::string_view name) const;
};

// WINHTTP_AUTH_SCHEME_* for a scheme name (case-insensitive): Basic, NTLM, Passport1.4 (or
// Passport), Digest, Negotiate; 0 for anything else (Bearer, ...).
DWORD auth_scheme_flag(std::string_view scheme);
// The scheme name as sent in an Authorization value ("Basic", "Digest", ...); "" if unknown.
std::string_view auth_scheme_name(DWORD flag);

// Appends the challenges of one header value ("Basic realm="a", Digest realm="b", nonce="n"").
// Malformed parts are skipped; parsing never fails.
void parse_challenges(std::string_view value, std::vector<Challenge>& out);
// Every challenge of a response's WWW-Authenticate (proxy: Proxy-Authenticate) headers, in
// header order.
std::vector<Challenge> response_challenges(const HeaderStore& response, bool proxy);

// The first challenge of `scheme_flag` in the list, or nullptr.
const Challenge* find_challenge(const std::vector<Challenge>& challenges, DWORD scheme_flag);

// ---- credentials into header values

std::string base64_encode(std::string_view bytes);

// "Basic " + base64 of the UTF-8 "user:password".
std::string basic_authorization(u16view user, u16view password);

struct DigestInput {
    std::string_view method;   // "GET"
    std::string_view uri;      // the request target exactly as on the request line
    std::string_view cnonce;   // the client nonce (make_cnonce()); unused without qop
    uint32_t nc = 1;           // the nonce count: 1 for the first use of a nonce
};

// The Digest value answering `challenge` for user/password (UTF-8): "Digest username=...,
// realm=..., nonce=..., uri=..., [algorithm=...,] response=..., [qop=auth, nc=..., cnonce=...,]
// [opaque=...]". False when the challenge cannot be answered (not Digest, no nonce, an unknown
// algorithm, a qop list without "auth"): the scheme is then to be treated as unsupported.
bool digest_authorization(const Challenge& challenge, u16view user, u16view password,
                           const DigestInput& in, std::string& out);
// The nonce count of one target's Digest exchanges: it restarts at 1 with each new nonce and
// goes up by one with each request that reuses the nonce.
struct DigestNonceCount {
    std::string nonce;
    uint32_t nc = 0;
    uint32_t next(std::string_view current_nonce)
    {
        if (current_nonce != nonce) {
            nonce = current_nonce;
            nc = 0;
        }
        return ++nc;
    }
};

// The Authorization (or Proxy-Authorization) value for credentials of `scheme`
// (WINHTTP_AUTH_SCHEME_*): Basic needs no challenge (so it can be sent before any 401, as
// WinHTTP pre-authenticates Basic); Digest answers `challenge` (the first Digest challenge of the
// last 401/407). False for the schemes this engine cannot answer (NTLM, Negotiate, Passport), a
// Digest without a usable challenge, or an unknown scheme.
bool authorization_value(DWORD scheme, const Challenge* challenge, u16view user, u16view password,
                         const DigestInput& in, std::string& out);

// True when the challenge says the previous nonce was merely stale (stale=true): the same
// credentials may be tried again with the new nonce.
bool digest_stale(const Challenge& challenge);

// A fresh client nonce: 32 lower-case hex digits from the random number generator.
std::string make_cnonce();

// Lower-case hex digests (exposed for tests): algorithm "MD5" or "SHA-256"; "" if unknown.
std::string hex_digest(std::string_view algorithm, std::string_view data);

} // namespace winhttp
