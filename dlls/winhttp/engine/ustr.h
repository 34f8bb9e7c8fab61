// UTF-16 string helpers: the engine speaks char16_t at the API edge and bytes on the wire.
#pragma once
#include <winhttp.h>
#include <string>
#include <string_view>

namespace winhttp {

using u16string = std::u16string;
using u16view = std::u16string_view;

size_t u16len(const char16_t* s);
inline u16view u16v(const char16_t* s) { return s ? u16view(s, u16len(s)) : u16view(); }
inline u16view u16v(const char16_t* s, DWORD len) { return s ? u16view(s, len) : u16view(); }

std::string to_utf8(u16view s);
u16string from_utf8(std::string_view s);
// Latin-1 style widening/narrowing (wire header bytes <-> UTF-16 code units).
u16string widen(std::string_view s);
std::string narrow(u16view s);

inline char16_t ascii_lower(char16_t c) { return (c >= u'A' && c <= u'Z') ? char16_t(c + 32) : c; }
bool ieq(u16view a, u16view b);          // ASCII case-insensitive equality
u16view trim(u16view s);                 // strips spaces and tabs at both ends

// Copies `s` plus a terminating NUL into an application buffer of `*len_bytes` bytes, using the
// usual protocol: on success *len_bytes = bytes written without the NUL; when too small,
// *len_bytes = bytes needed including the NUL and ERROR_INSUFFICIENT_BUFFER is returned.
DWORD copy_out_wstr(u16view s, void* buf, DWORD* len_bytes);

} // namespace winhttp
