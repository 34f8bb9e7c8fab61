// errno -> Windows error mapping for the socket layer (see error.h).
#include "io/error.h"
#include <cerrno>

namespace winhttp::io {

DWORD map_errno(int err, Phase phase)
{
    switch (err) {
    case 0:
        return ERROR_SUCCESS;
    case ENOMEM:
    case ENOBUFS:
        return ERROR_NOT_ENOUGH_MEMORY;
    default:
        break;
    }
    if (phase == Phase::Connect) {
        // ECONNREFUSED, ENETUNREACH, EHOSTUNREACH, EADDRNOTAVAIL, EACCES, ... all mean the
        // connection could not be made. ETIMEDOUT here is the TCP stack giving up on its SYN
        // retries, which Windows reports as 12029 too (the stack's WSAETIMEDOUT); the connect
        // timeout of WinHttpSetTimeouts expiring is ERROR_WINHTTP_TIMEOUT, decided by the
        // caller's deadline, not by an errno.
        return ERROR_WINHTTP_CANNOT_CONNECT;
    }
    // On an established connection (ECONNRESET, EPIPE, ECONNABORTED, ETIMEDOUT from keepalive
    // or retransmission give-up, EHOSTUNREACH, ...): the connection was reset or terminated.
    return ERROR_WINHTTP_CONNECTION_ERROR;
}

} // namespace winhttp::io
