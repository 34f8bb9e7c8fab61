// libFuzzer target: HeaderStore::add_block, the parser behind WinHttpAddRequestHeaders, on
// arbitrary UTF-16 blocks with modifiers from the first input byte, over a store that already
// holds a few headers. Whatever it accepts must be a valid header, and serialization must work.
#include "engine/headers.h"

#include <cstdint>
#include <cstdlib>
#include <string>

using namespace winhttp;

namespace {

void check(bool ok)
{
    if (!ok) std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size)
{
    if (size < 1) return 0;
    uint8_t knob = bytes[0];
    bytes++;
    size--;
    u16string block;
    if (knob & 0x80) {
        // Bytes widened one per code unit: easier for the fuzzer to reach the interesting ASCII.
        for (size_t i = 0; i < size; i++) block += char16_t(bytes[i]);
    } else {
        for (size_t i = 0; i + 1 < size; i += 2) block += char16_t(bytes[i] | (bytes[i + 1] << 8));
    }
    static const DWORD kMods[] = {
        WINHTTP_ADDREQ_FLAG_ADD,
        WINHTTP_ADDREQ_FLAG_ADD_IF_NEW,
        WINHTTP_ADDREQ_FLAG_REPLACE,
        WINHTTP_ADDREQ_FLAG_REPLACE | WINHTTP_ADDREQ_FLAG_ADD,
        WINHTTP_ADDREQ_FLAG_COALESCE_WITH_COMMA,
        WINHTTP_ADDREQ_FLAG_COALESCE_WITH_SEMICOLON,
        WINHTTP_ADDREQ_FLAG_ADD | WINHTTP_ADDREQ_FLAG_COALESCE_WITH_COMMA,
        0,
    };
    DWORD mods = kMods[knob & 7];

    HeaderStore h;
    if (knob & 8) {
        h.append(u"Host", u"example");
        h.append(u"Accept", u"*/*");
        h.append(u"X-Dup", u"1");
        h.append(u"x-dup", u"2");
    }
    DWORD e = h.add_block(block, mods);
    check(e == ERROR_SUCCESS || e == ERROR_WINHTTP_INVALID_HEADER ||
          e == ERROR_WINHTTP_HEADER_ALREADY_EXISTS || e == ERROR_WINHTTP_HEADER_NOT_FOUND);
    for (const Header& hd : h.items()) {
        check(valid_header_name(hd.name));
        check(valid_header_value(hd.value));
    }
    u16string head = build_request_head(u"GET", u"/", u"HTTP/1.1", h);
    std::string wire = wire_bytes(head);
    check(!wire.empty());
    // Every stored header can be found again by its name.
    for (size_t i = 0; i < h.size(); i++) check(h.find(h[i].name) != HeaderStore::npos);
    return 0;
}
