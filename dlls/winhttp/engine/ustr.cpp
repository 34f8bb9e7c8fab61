// UTF-16 string helpers (see ustr.h).
#include "engine/ustr.h"
#include <cstring>

namespace winhttp {

size_t u16len(const char16_t* s)
{
    size_t n = 0;
    if (s)
        while (s[n]) n++;
    return n;
}

std::string to_utf8(u16view s)
{
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size(); i++) {
        char32_t c = s[i];
        if (c >= 0xD800 && c < 0xDC00 && i + 1 < s.size() && s[i + 1] >= 0xDC00 && s[i + 1] < 0xE000) {
            c = 0x10000 + ((c - 0xD800) << 10) + (s[i + 1] - 0xDC00);
            i++;
        } else if (c >= 0xD800 && c < 0xE000) {
            c = 0xFFFD;
        }
        if (c < 0x80) {
            out += char(c);
        } else if (c < 0x800) {
            out += char(0xC0 | (c >> 6));
            out += char(0x80 | (c & 0x3F));
        } else if (c < 0x10000) {
            out += char(0xE0 | (c >> 12));
            out += char(0x80 | ((c >> 6) & 0x3F));
            out += char(0x80 | (c & 0x3F));
        } else {
            out += char(0xF0 | (c >> 18));
            out += char(0x80 | ((c >> 12) & 0x3F));
            out += char(0x80 | ((c >> 6) & 0x3F));
            out += char(0x80 | (c & 0x3F));
        }
    }
    return out;
}

u16string from_utf8(std::string_view s)
{
    u16string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size();) {
        unsigned char b = s[i];
        char32_t c;
        size_t n;
        if (b < 0x80) { c = b; n = 1; }
        else if ((b & 0xE0) == 0xC0) { c = b & 0x1F; n = 2; }
        else if ((b & 0xF0) == 0xE0) { c = b & 0x0F; n = 3; }
        else if ((b & 0xF8) == 0xF0) { c = b & 0x07; n = 4; }
        else { out += char16_t(0xFFFD); i++; continue; }
        if (i + n > s.size()) { out += char16_t(0xFFFD); break; }
        bool bad = false;
        for (size_t k = 1; k < n; k++) {
            unsigned char cb = s[i + k];
            if ((cb & 0xC0) != 0x80) { bad = true; break; }
            c = (c << 6) | (cb & 0x3F);
        }
        if (bad) { out += char16_t(0xFFFD); i++; continue; }
        i += n;
        if (c >= 0x10000) {
            c -= 0x10000;
            out += char16_t(0xD800 + (c >> 10));
            out += char16_t(0xDC00 + (c & 0x3FF));
        } else {
            out += char16_t(c);
        }
    }
    return out;
}

u16string widen(std::string_view s)
{
    u16string out(s.size(), u'\0');
    for (size_t i = 0; i < s.size(); i++) out[i] = static_cast<unsigned char>(s[i]);
    return out;
}

std::string narrow(u16view s)
{
    std::string out(s.size(), '\0');
    for (size_t i = 0; i < s.size(); i++) out[i] = static_cast<char>(s[i] & 0xFF);
    return out;
}

bool ieq(u16view a, u16view b)
{
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); i++)
        if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
    return true;
}

u16view trim(u16view s)
{
    while (!s.empty() && (s.front() == u' ' || s.front() == u'\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == u' ' || s.back() == u'\t')) s.remove_suffix(1);
    return s;
}

DWORD copy_out_wstr(u16view s, void* buf, DWORD* len_bytes)
{
    size_t need = (s.size() + 1) * sizeof(char16_t);
    if (!buf || *len_bytes < need) {
        *len_bytes = static_cast<DWORD>(need);
        return ERROR_INSUFFICIENT_BUFFER;
    }
    char16_t* out = static_cast<char16_t*>(buf);
    if (!s.empty()) std::memcpy(out, s.data(), s.size() * sizeof(char16_t));
    out[s.size()] = 0;
    *len_bytes = static_cast<DWORD>(s.size() * sizeof(char16_t));
    return ERROR_SUCCESS;
}

} // namespace winhttp
