// Unix calls from winhttp.dll into winhttp.so (Wine 8's unixlib mechanism, declared here since
// Debian ships no wine/unixlib.h) and the drivers of the PE front: per call, per synchronous
// operation (stepped on the calling thread), and the asynchronous dispatcher thread feeding the
// Windows thread pool.
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

namespace {

// The application's callbacks, in order, on this thread; they may call WinHTTP again.
void deliver(wh_result& r)
{
    auto* notes = reinterpret_cast<wh_note*>(static_cast<uintptr_t>(r.notes));
    for (uint32_t i = 0; i < r.note_count; i++) {
        wh_note& n = notes[i];
        auto cb = reinterpret_cast<WINHTTP_STATUS_CALLBACK>(static_cast<uintptr_t>(n.callback));
        void* info = n.info_inline ? static_cast<void*>(n.info_bytes) : reinterpret_cast<void*>(static_cast<uintptr_t>(n.info));
        cb(reinterpret_cast<HINTERNET>(static_cast<uintptr_t>(n.handle)), static_cast<DWORD_PTR>(n.context), n.status,
           info, n.info_len);
    }
    unix_free(r.notes);
}

// ---- Asynchronous sessions: the dispatcher thread and the thread-pool work items.

// Runs one ready operation on a thread-pool thread: steps it and delivers each step's notes
// until it parks again (it comes back through the dispatcher) or is done.
void CALLBACK run_ready(PTP_CALLBACK_INSTANCE, void* op)
{
    wh_async_step_params s{};
    s.op = reinterpret_cast<uintptr_t>(op);
    for (;;) {
        s.r = wh_result{};
        unix_call(wh_unix_async_step, &s);   // (out of memory: the step's notes are lost)
        deliver(s.r);
        if (s.status == 2) {   // done: its completion was delivered, now free it
            s.r = wh_result{};
            unix_call(wh_unix_async_free, &s);
            deliver(s.r);
        }
        if (s.status != 0) return;
    }
}

// The dispatcher: waits in winhttp.so for operations ready to run (a new one, or one whose
// socket, timer or cancellation came), and queues each to the Windows thread pool.
DWORD WINAPI dispatcher_thread(void*)
{
    for (;;) {
        wh_async_step_params n{};
        if (unix_call(wh_unix_async_next, &n) || !n.op) {
            Sleep(10);   // out of memory in the unix half: try again
            continue;
        }
        void* op = reinterpret_cast<void*>(static_cast<uintptr_t>(n.op));
        if (!TrySubmitThreadpoolCallback(run_ready, op, nullptr)) run_ready(nullptr, op);
    }
}

INIT_ONCE dispatcher_once = INIT_ONCE_STATIC_INIT;

BOOL CALLBACK start_dispatcher(PINIT_ONCE, void*, void**)
{
    HANDLE t = CreateThread(nullptr, 0, dispatcher_thread, nullptr, 0, nullptr);
    if (!t) return FALSE;   // InitOnce tries again on the next asynchronous call
    CloseHandle(t);
    return TRUE;
}

} // namespace

uint64_t run_raw(unsigned code, void* params, wh_result& r, uint64_t failure)
{
    if (unix_call(code, params)) {
        SetLastError(ERROR_WINHTTP_INTERNAL_ERROR);
        return failure;
    }
    deliver(r);
    if (!r.keep_last_error) SetLastError(r.error);
    return r.ret;
}

DWORD run_op_raw(unsigned code, void* params, wh_result& r)
{
    DWORD error = ERROR_WINHTTP_INTERNAL_ERROR;
    if (!unix_call(code, params)) {
        deliver(r);
        error = r.error;
        // Success without an operation to step: it went to the asynchronous dispatcher, whose
        // thread starts with the first one. (Should that thread fail to start, the operation
        // waits for the next asynchronous call to start it.)
        if (!r.ret && error == ERROR_SUCCESS) InitOnceExecuteOnce(&dispatcher_once, start_dispatcher, nullptr, nullptr);
    }
    if (r.ret) {
        wh_op_step_params s{};
        s.op = r.ret;
        for (;;) {
            s.r = wh_result{};
            wh_ntstatus st = unix_call(wh_unix_op_step, &s);
            deliver(s.r);
            if (st) {                    // the bridge ran out of memory: abandon the operation
                error = ERROR_NOT_ENOUGH_MEMORY;
                if (!s.done) s.kept = 1;
                break;
            }
            if (s.done) {
                error = s.r.error;
                break;
            }
        }
        // The operation's end was delivered in part (its last notes, or HANDLE_CLOSING from its
        // release): the unix side finishes it, possibly with more notes.
        while (s.kept) {
            s.r = wh_result{};
            unix_call(wh_unix_op_free, &s);   // (out of memory: its notes are lost, not the record)
            deliver(s.r);
        }
    }
    SetLastError(error);
    return error;
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
