// libFuzzer target: WinHttpCrackUrl's engine entry point (api::CrackUrl) on arbitrary UTF-16
// URLs, with flags and the two ways of asking for components (pointers into the URL, or copies
// into caller buffers) chosen by the first input bytes. Returned pointers must stay inside the
// URL; copies must fit their buffers and be NUL-terminated.
#include "engine/api.h"
#include "engine/call.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

using namespace winhttp;

namespace {

void check(bool ok)
{
    if (!ok) std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size)
{
    if (size < 2) return 0;
    uint8_t knob = bytes[0], bufsize = bytes[1];
    bytes += 2;
    size -= 2;
    std::vector<char16_t> url(size / 2 + 1, 0);
    for (size_t i = 0; i < size / 2; i++) url[i] = char16_t(bytes[2 * i] | (bytes[2 * i + 1] << 8));
    DWORD len = DWORD(size / 2);

    DWORD flags = 0;
    if (knob & 1) flags |= ICU_DECODE;
    if (knob & 2) flags |= ICU_ESCAPE;
    if (knob & 4) flags |= ICU_REJECT_USERPWD;
    bool copies = knob & 8;
    // NUL-terminated (length 0) when the URL holds no NUL of its own.
    if ((knob & 16) && std::find(url.begin(), url.end() - 1, u'\0') == url.end() - 1) len = 0;

    constexpr int kParts = 6;
    std::vector<char16_t> bufs[kParts];
    URL_COMPONENTS uc;
    std::memset(&uc, 0, sizeof uc);
    uc.dwStructSize = sizeof uc;
    LPWSTR* strs[kParts] = {&uc.lpszScheme, &uc.lpszHostName, &uc.lpszUserName,
                            &uc.lpszPassword, &uc.lpszUrlPath, &uc.lpszExtraInfo};
    DWORD* lens[kParts] = {&uc.dwSchemeLength, &uc.dwHostNameLength, &uc.dwUserNameLength,
                           &uc.dwPasswordLength, &uc.dwUrlPathLength, &uc.dwExtraInfoLength};
    DWORD given[kParts];
    for (int k = 0; k < kParts; k++) {
        bool want = !((knob >> 5) & 1) || (k & 1);   // some calls ask for every other part only
        if (copies) {
            DWORD n = want ? (bufsize >> (k % 4)) : 0;
            bufs[k].assign(n + 1, u'\xfffe');
            *strs[k] = n ? bufs[k].data() : nullptr;
            *lens[k] = n;
        } else {
            *lens[k] = want ? DWORD(-1) : 0;
        }
        given[k] = *lens[k];
    }

    Call c;
    BOOL ok = api::CrackUrl(c, url.data(), len, flags, &uc);
    if (!ok) {
        check(c.error != ERROR_SUCCESS);
        return 0;
    }
    check(c.error == ERROR_SUCCESS);
    size_t n = len ? len : std::find(url.begin(), url.end(), u'\0') - url.begin();
    for (int k = 0; k < kParts; k++) {
        LPWSTR s = *strs[k];
        if (!s) continue;
        if (copies) {
            check(*lens[k] < given[k]);
            check(s[*lens[k]] == 0);
        } else {
            check(s >= url.data() && s + *lens[k] <= url.data() + n);
        }
    }
    return 0;
}
