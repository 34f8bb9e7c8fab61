// The PE half's side of the Wine bridge: unix calls into winhttp.so, and the drivers that run
// API calls through it (deliver the notifications on this Windows thread, in order, then set
// the last error; network operations are stepped until done, or in asynchronous sessions handed
// to the dispatcher thread, whose ready operations run on the Windows thread pool).
#pragma once
#include <windows.h>
#include <winhttp.h>
#include "unixlib/unixlib.h"

namespace winhttp::pe {

// Calls entry `code` of winhttp.so's table; a non-zero NTSTATUS when the bridge is unavailable
// (not loaded as Wine's builtin winhttp) or the unix side ran out of memory.
wh_ntstatus unix_call(unsigned code, void* params);

// Releases engine memory (malloc'd on the unix side) through the unix call wh_unix_free.
void unix_free(uint64_t p);

// Runs `code` with `params` (whose first member is a wh_result): delivers the notifications
// the call produced, sets the last error, and returns the result. When the bridge itself
// fails, the result is `failure` and the last error ERROR_WINHTTP_INTERNAL_ERROR.
template <class P> uint64_t run(unsigned code, P& params, uint64_t failure = 0);
uint64_t run_raw(unsigned code, void* params, wh_result& r, uint64_t failure);
template <class P> uint64_t run(unsigned code, P& params, uint64_t failure)
{
    return run_raw(code, &params, params.r, failure);
}

// Runs a network function: `code` starts its operation with `params` (whose first member is a
// wh_result), then the operation is stepped in winhttp.so, each step's notifications delivered
// on this thread (callbacks may call WinHTTP again), until it is done. Sets the last error and
// returns it (ERROR_SUCCESS on success).
DWORD run_op_raw(unsigned code, void* params, wh_result& r);
template <class P> DWORD run_op(unsigned code, P& params)
{
    return run_op_raw(code, &params, params.r);
}

// Moves an engine-allocated string into GlobalAlloc'd memory (what the caller frees with
// GlobalFree on Windows) and releases the original; false when GlobalAlloc fails.
bool to_global(WCHAR** s);

} // namespace winhttp::pe
