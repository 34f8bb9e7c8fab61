// Process-wide option values (set on a NULL handle) and helpers shared by the option code.
#pragma once
#include <winhttp.h>
#include <mutex>

namespace winhttp {

// Options Windows keeps per process rather than per handle (WINHTTP_OPTION_ENABLETRACING,
// WINHTTP_OPTION_HTTP_VERSION, WINHTTP_OPTION_WORKER_THREAD_COUNT). Lives beside the handle
// table as the one other piece of process state.
struct ProcessOptions {
    std::mutex lock;
    BOOL tracing = FALSE;
    DWORD http_major = 1, http_minor = 1;
    DWORD worker_threads = 0;
};
ProcessOptions& process_options();

} // namespace winhttp
