// Certificates between the engine and crypt32 in winhttp.dll: the server certificate and chain
// the engine hands out as native blocks become crypt32 objects the application frees with
// crypt32, and an application's client CERT_CONTEXT becomes what the engine's TLS can load.
#pragma once
#include <windows.h>
#include <wincrypt.h>
#include <winhttp.h>

namespace winhttp::pe {

// After the engine filled `buffer` for WINHTTP_OPTION_SERVER_CERT_CONTEXT (a native
// CERT_CONTEXT-shaped block) or WINHTTP_OPTION_SERVER_CERT_CHAIN_CONTEXT (a native
// CERT_CHAIN_CONTEXT-shaped block): replaces it with crypt32's object and frees the block.
// FALSE with the last error set when crypt32 fails (the block is freed all the same).
BOOL server_cert_to_crypt32(void* buffer);
BOOL server_chain_to_crypt32(void* buffer);

// After the engine took WINHTTP_OPTION_CLIENT_CERT_CONTEXT: hands it the certificate and its
// RSA private key exported through CryptoAPI, or why the key cannot be had
// (ERROR_WINHTTP_CLIENT_CERT_NO_PRIVATE_KEY without one; ..._NO_ACCESS_PRIVATE_KEY when it cannot
// be exported, e.g. imported without CRYPT_EXPORTABLE), which the handshake reports when the
// server asks for a certificate. FALSE with the last error set when that hand-over fails.
BOOL client_cert_to_engine(HINTERNET request, const CERT_CONTEXT* cert);

} // namespace winhttp::pe
