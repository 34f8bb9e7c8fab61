// The one place where errno values from the socket layer become Windows error codes.
#pragma once
#include <winhttp.h>

namespace winhttp::io {

// "Not finished yet, wait for readiness" (Windows' ERROR_IO_PENDING), returned by the
// non-blocking steps (connect in progress, lookup in flight).
inline constexpr DWORD kIoPending = 997;

// Where the error happened: the same errno means different things while connecting and on an
// established connection.
enum class Phase { Connect, Transfer };

DWORD map_errno(int err, Phase phase);

} // namespace winhttp::io
