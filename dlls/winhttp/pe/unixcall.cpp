// Unix calls from winhttp.dll into winhttp.so (Wine 8's unixlib mechanism, declared here since
// Debian ships no wine/unixlib.h) and the per-call driver of the PE front.
#include "pe/unixcall.h"
#include <winternl.h>

extern "C" IMAGE_DOS_HEADER __ImageBase;

namespace winhttp::pe {

namespace {

using dispatcher_fn = NTSTATUS(WINAPI*)(wh_unixlib_handle, unsigned, void*);
using query_vm_fn = NTSTATUS(WINAPI*)(HANDLE, const void*, ULONG, void*, SIZE_T, SIZE_T*);
constexpr ULONG kMemoryWineUnixFuncs = 1000;           // Wine's private MEMORY_INFORMATION_CLASS
constexpr wh_ntstatus kStatusDllNotFound = static_cast<wh_ntstatus>(0xC0000135);

INIT_ONCE init_once = INIT_ONCE_STATIC_INIT;
wh_unixlib_handle unix_handle;
dispatcher_fn dispatcher;
wh_ntstatus init_status = kStatusDllNotFound;

BOOL CALLBACK init(PINIT_ONCE, void*, void**)
{
    HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
    auto disp = reinterpret_cast<dispatcher_fn*>(GetProcAddress(ntdll, "__wine_unix_call_dispatcher"));
    auto query = reinterpret_cast<query_vm_fn>(reinterpret_cast<void*>(GetProcAddress(ntdll, "NtQueryVirtualMemory")));
    if (!disp || !query) return TRUE;                     // not Wine
    init_status = query(GetCurrentProcess(), &__ImageBase, kMemoryWineUnixFuncs, &unix_handle,
                        sizeof unix_handle, nullptr);
    if (!init_status) dispatcher = *disp;
    return TRUE;
}

} // namespace

wh_ntstatus unix_call(unsigned code, void* params)
{
    InitOnceExecuteOnce(&init_once, init, nullptr, nullptr);
    if (init_status) return init_status;
    return dispatcher(unix_handle, code, params);
}

void unix_free(uint64_t p)
{
    if (!p) return;
    wh_pointer_params f{};
    f.ptr = p;
    unix_call(wh_unix_free, &f);
}

uint64_t run_raw(unsigned code, void* params, wh_result& r, uint64_t failure)
{
    if (unix_call(code, params)) {
        SetLastError(ERROR_WINHTTP_INTERNAL_ERROR);
        return failure;
    }
    // The application's callbacks, in order, on this thread; they may call WinHTTP again.
    auto* notes = reinterpret_cast<wh_note*>(static_cast<uintptr_t>(r.notes));
    for (uint32_t i = 0; i < r.note_count; i++) {
        wh_note& n = notes[i];
        auto cb = reinterpret_cast<WINHTTP_STATUS_CALLBACK>(static_cast<uintptr_t>(n.callback));
        void* info = n.info_inline ? static_cast<void*>(n.info_bytes) : reinterpret_cast<void*>(static_cast<uintptr_t>(n.info));
        cb(reinterpret_cast<HINTERNET>(static_cast<uintptr_t>(n.handle)), static_cast<DWORD_PTR>(n.context), n.status,
           info, n.info_len);
    }
    unix_free(r.notes);
    if (!r.keep_last_error) SetLastError(r.error);
    return r.ret;
}

bool to_global(WCHAR** s)
{
    if (!*s) return true;
    size_t n = 0;
    while ((*s)[n]) n++;
    auto* g = static_cast<WCHAR*>(GlobalAlloc(GMEM_FIXED, (n + 1) * sizeof(WCHAR)));
    if (g) CopyMemory(g, *s, (n + 1) * sizeof(WCHAR));
    unix_free(reinterpret_cast<uintptr_t>(*s));
    *s = g;
    return g != nullptr;
}

} // namespace winhttp::pe
