// Certificates between the engine and crypt32 in winhttp.dll: the server certificate and chain
// the engine hands out as native blocks become crypt32 objects the application frees with
// crypt32, and an application's client CERT_CONTEXT becomes what the engine's TLS can load.
#pragma once
#include <windows.h>

namespace winhttp::pe {

// After the engine filled `buffer` for WINHTTP_OPTION_SERVER_CERT_CONTEXT (a native
// CERT_CONTEXT-shaped block) or WINHTTP_OPTION_SERVER_CERT_CHAIN_CONTEXT (a native
// CERT_CHAIN_CONTEXT-shaped block): replaces it with crypt32's object and frees the block.
// FALSE with the last error set when crypt32 fails (the block is freed all the same).
BOOL server_cert_to_crypt32(void* buffer);
BOOL server_chain_to_crypt32(void* buffer);

} // namespace winhttp::pe
