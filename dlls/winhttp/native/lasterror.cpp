// The thread's last error, as GetLastError/SetLastError give it to native callers.
#include "native/deliver.h"

namespace {
thread_local DWORD last_error = ERROR_SUCCESS;
}

namespace winhttp::native {
void set_last_error(DWORD e) { last_error = e; }
} // namespace winhttp::native

extern "C" {
WINHTTPAPI DWORD WINAPI GetLastError(void) { return last_error; }
WINHTTPAPI void WINAPI SetLastError(DWORD e) { last_error = e; }
}
