// The per-call context of an engine entry point: the last error the API call leaves behind and
// the status notifications it owes the application. The engine never calls application code;
// the front that drives the call delivers `notes` (in order) and then sets the last error.
#pragma once
#include <winhttp.h>
#include <cstring>
#include <vector>

namespace winhttp {

struct Notification {
    WINHTTP_STATUS_CALLBACK callback = nullptr;
    HINTERNET handle = nullptr;
    DWORD_PTR context = 0;
    DWORD status = 0;
    // The information buffer: small payloads (a handle, a DWORD, an async result) are copied
    // here so they outlive the object that produced them; `info_external` points elsewhere.
    alignas(8) unsigned char info_inline[48] = {};
    void* info_external = nullptr;
    DWORD info_len = 0;
    bool inline_info = false;

    void* info() { return inline_info ? static_cast<void*>(info_inline) : info_external; }
    void set_info_copy(const void* p, DWORD len)
    {
        if (p && len) std::memcpy(info_inline, p, len < sizeof info_inline ? len : sizeof info_inline);
        info_len = len;
        inline_info = true;
    }
};

struct Call {
    // ERROR_SUCCESS unless the call fails; Windows (7 and later) resets the last error to
    // ERROR_SUCCESS on the success path of the API functions, so that is the default.
    DWORD error = ERROR_SUCCESS;
    // Set by the few functions that leave the last error untouched.
    bool keep_last_error = false;
    std::vector<Notification> notes;

    Call();
    ~Call();
    Call(const Call&) = delete;
    Call& operator=(const Call&) = delete;

    BOOL fail(DWORD e) { error = e; return FALSE; }
    template <class T> T fail(DWORD e, T value) { error = e; return value; }

    // The innermost call running on this thread (calls nest when a callback calls the API).
    static Call* current();

private:
    Call* outer_;
};

} // namespace winhttp
