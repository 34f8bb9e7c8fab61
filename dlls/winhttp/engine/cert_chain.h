// WINHTTP_OPTION_SERVER_CERT_CHAIN_CONTEXT natively: the server's certification path (io/tls.h
// CertPath) and the problems the handshake found, laid out as a CERT_CHAIN_CONTEXT in one
// block the caller frees (winhttp_types.h). The Wine front rebuilds it with crypt32.
#pragma once
#include <winhttp.h>

namespace winhttp {
namespace io { struct CertPath; }

// A CERT_CHAIN_CONTEXT-shaped block from global_alloc, or nullptr when out of memory.
// `problems` are WINHTTP_CALLBACK_STATUS_FLAG_* bits; each becomes the trust error of the
// element it concerns (the leaf, or the last element for an unknown or untrusted root).
CERT_CHAIN_CONTEXT* make_chain_context(const io::CertPath& path, DWORD problems);

} // namespace winhttp
