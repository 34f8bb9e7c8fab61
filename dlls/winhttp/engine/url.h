// URLs: the parser behind WinHttpCrackUrl (and the engine's own use of URLs: redirects, proxy
// names, request targets), the builder behind WinHttpCreateUrl, and the percent-escaping and
// decoding helpers they share.
#pragma once
#include "engine/ustr.h"
#include <cstdint>
#include <string>
#include <string_view>

namespace winhttp {

// A component of a parsed URL as a span of the source string. `present` tells a component that
// is absent (no user name in the URL) from one that is there but empty ("http://user:@host").
struct UrlSpan {
    uint32_t pos = 0;
    uint32_t len = 0;
    bool present = false;
};

struct ParsedUrl {
    u16view src;                       // the parsed string; not owned, the views point into it
    INTERNET_SCHEME scheme = 0;        // INTERNET_SCHEME_HTTP or INTERNET_SCHEME_HTTPS
    INTERNET_PORT port = 0;            // the explicit port, else the scheme's default
    bool port_explicit = false;        // a non-empty port was written in the URL
    bool ipv6_literal = false;         // the host is a bracketed IPv6 literal ("[::1]")
    UrlSpan scheme_name;               // "http" / "HTTPS" as written
    UrlSpan user, password;            // before '@'
    UrlSpan host;                      // as written, brackets included for IPv6 literals
    UrlSpan path;                      // from the first '/' after the authority; may be empty
    UrlSpan extra;                     // from the first '?' or '#' in the path part; may be empty

    u16view view(const UrlSpan& s) const { return s.present ? src.substr(s.pos, s.len) : u16view(); }
    // The host for name resolution: IPv6 brackets stripped.
    u16view host_name() const;
    // Path plus extra info: the request target ("/" when the URL has none).
    u16string object() const;
};

// Parses an absolute http/https URL. Returns ERROR_SUCCESS, ERROR_WINHTTP_UNRECOGNIZED_SCHEME or
// ERROR_WINHTTP_INVALID_URL. `flags` may hold ICU_REJECT_USERPWD.
DWORD parse_url(u16view url, ParsedUrl& out, DWORD flags = 0);

// The default port of a scheme (0 for anything but http/https).
INTERNET_PORT default_port(INTERNET_SCHEME scheme);
// "http" -> INTERNET_SCHEME_HTTP, "https" -> INTERNET_SCHEME_HTTPS (ASCII case-insensitive), else 0.
INTERNET_SCHEME scheme_from_name(u16view name);

// ---- escaping -------------------------------------------------------------------------------

// The characters ICU_ESCAPE turns into %XX: controls, space, DEL, non-ASCII and
// " # % < > [ \ ] ^ ` { | } ~.
bool icu_needs_escape(char16_t c);

// ICU_ESCAPE escaping of a component: non-ASCII text is encoded as UTF-8 and each byte escaped.
// With keep_hash, '#' is left alone (it delimits the fragment of a URL being cracked).
u16string icu_escape(u16view s, bool keep_hash = false);

// ICU_DECODE: every %XX (two hex digits) becomes the single code unit 0xXX; no UTF-8 decoding.
u16string icu_decode(u16view s);

// Byte-level percent-escaping for the wire (request targets, proxy URLs), in the spirit of
// WinHttpOpenRequest: the set of bytes to escape is chosen with these bits.
enum EscapeBits : unsigned {
    ESC_CONTROL = 0x01,   // bytes below 0x20 and DEL
    ESC_SPACE   = 0x02,   // ' '
    ESC_UNSAFE  = 0x04,   // " < > [ \ ] ^ ` { | }
    ESC_HIGH    = 0x08,   // bytes 0x80-0xFF
    ESC_PERCENT = 0x10,   // '%'
    ESC_HASH    = 0x20,   // '#'
    ESC_TILDE   = 0x40,   // '~'
    ESC_DEFAULT = ESC_CONTROL | ESC_SPACE | ESC_UNSAFE | ESC_HIGH,
};
std::string percent_escape(std::string_view bytes, unsigned bits = ESC_DEFAULT);
// Decodes %XX sequences of a byte string (invalid sequences are kept as they are).
std::string percent_decode(std::string_view bytes);

} // namespace winhttp
