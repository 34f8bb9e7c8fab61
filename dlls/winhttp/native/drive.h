// The native front's drivers of engine operations (engine/operation.h): a synchronous one on
// the calling thread (a small reactor per thread), an asynchronous one on the front's worker
// threads over the engine's Dispatcher (engine/dispatch.h).
#pragma once
#include "engine/operation.h"
#include "native/deliver.h"
#include <memory>

namespace winhttp::native {

// Runs `op` (null: the call already failed, c.error says why): to completion on this thread
// in sync mode, or hands it to the workers in async mode (c.error stays ERROR_SUCCESS).
void drive(Call& c, std::unique_ptr<Operation> op);

// native::run for the functions that start an operation: `make` builds it (engine/request_ops.h).
// Returns the call's final error.
template <class Make, class... A> DWORD run_op(const char* name, Make&& make, const A&... args)
{
    Call c;
    drive(c, make(c));
    deliver(c);
    set_last_error(c.error);
    if (trace::enabled()) trace::call(name, BOOL(c.error == ERROR_SUCCESS), c.error != ERROR_SUCCESS, c.error, args...);
    return c.error;
}

} // namespace winhttp::native
