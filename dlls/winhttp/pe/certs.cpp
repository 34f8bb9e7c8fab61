// Certificates between the engine and crypt32 (see certs.h).
#include "pe/certs.h"
#include "pe/unixcall.h"
#include <wincrypt.h>
#include <string>
#include <utility>
#include <vector>

namespace winhttp::pe {

namespace {

uint64_t u(const void* p) { return reinterpret_cast<uintptr_t>(p); }

} // namespace

BOOL server_cert_to_crypt32(void* buffer)
{
    // Same leading layout as crypt32's CERT_CONTEXT, the DER inside.
    CERT_CONTEXT* native = nullptr;
    CopyMemory(&native, buffer, sizeof native);
    PCCERT_CONTEXT ctx = native ? CertCreateCertificateContext(native->dwCertEncodingType, native->pbCertEncoded,
                                                               native->cbCertEncoded)
                                : nullptr;
    DWORD e = ctx ? ERROR_SUCCESS : GetLastError();
    unix_free(u(native));
    if (!ctx) {
        SetLastError(e ? e : ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    CopyMemory(buffer, &ctx, sizeof ctx);
    return TRUE;
}

BOOL server_chain_to_crypt32(void* buffer)
{
    // crypt32 builds the chain from the certificates of the engine's path (leaf first) as the
    // additional store, requesting server authentication as the TLS client does; its trust
    // status is crypt32's own (its root store, not the engine's trust anchors).
    CERT_CHAIN_CONTEXT* native = nullptr;
    CopyMemory(&native, buffer, sizeof native);
    PCCERT_CHAIN_CONTEXT chain = nullptr;
    DWORD e = ERROR_SUCCESS;
    HCERTSTORE store = CertOpenStore(CERT_STORE_PROV_MEMORY, 0, 0, 0, nullptr);
    if (!store) e = GetLastError();
    PCCERT_CONTEXT leaf = nullptr;
    const CERT_SIMPLE_CHAIN* simple = native && native->cChain ? native->rgpChain[0] : nullptr;
    for (DWORD i = 0; !e && simple && i < simple->cElement; ++i) {
        PCCERT_CONTEXT c = simple->rgpElement[i]->pCertContext;
        if (!CertAddEncodedCertificateToStore(store, c->dwCertEncodingType, c->pbCertEncoded, c->cbCertEncoded,
                                              CERT_STORE_ADD_ALWAYS, i == 0 ? &leaf : nullptr))
            e = GetLastError();
    }
    if (!e && leaf) {
        LPSTR server_auth[] = {const_cast<LPSTR>(szOID_PKIX_KP_SERVER_AUTH)};
        CERT_CHAIN_PARA para{};
        para.cbSize = sizeof para;
        para.RequestedUsage.dwType = USAGE_MATCH_TYPE_AND;
        para.RequestedUsage.Usage.cUsageIdentifier = 1;
        para.RequestedUsage.Usage.rgpszUsageIdentifier = server_auth;
        if (!CertGetCertificateChain(nullptr, leaf, nullptr, store, &para, 0, nullptr, &chain)) e = GetLastError();
    } else if (!e) {
        e = ERROR_WINHTTP_INCORRECT_HANDLE_STATE;   // no certificate in the block
    }
    if (leaf) CertFreeCertificateContext(leaf);
    if (store) CertCloseStore(store, 0);
    unix_free(u(native));
    if (!chain) {
        SetLastError(e ? e : ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    CopyMemory(buffer, &chain, sizeof chain);
    return TRUE;
}

// The certificate's private key as a PRIVATEKEYBLOB, or the reason there is none to give.
// A key CryptoAPI will not export (imported without CRYPT_EXPORTABLE, the usual case) from where
// Wine's rsaenh persists it: the container's key under HKCU (HKLM for a machine key set)
// Software\Wine\Crypto\RSA, value KeyExchangeKeyPair or SignatureKeyPair, a PRIVATEKEYBLOB protected with
// CryptProtectData. The key goes to this process's own TLS client only, for the use the
// application asked for, as Schannel would use it in-process on Windows; the engine checks that
// it belongs to the certificate.
bool read_wine_key_pair(const CERT_CONTEXT* cert, DWORD spec, std::vector<BYTE>& blob)
{
    DWORD size = 0;
    if (!CertGetCertificateContextProperty(cert, CERT_KEY_PROV_INFO_PROP_ID, nullptr, &size) || !size) return false;
    std::vector<BYTE> info_bytes(size);
    if (!CertGetCertificateContextProperty(cert, CERT_KEY_PROV_INFO_PROP_ID, info_bytes.data(), &size)) return false;
    const auto* info = reinterpret_cast<const CRYPT_KEY_PROV_INFO*>(info_bytes.data());
    if (!info->pwszContainerName || !*info->pwszContainerName) return false;
    std::wstring path = L"Software\\Wine\\Crypto\\RSA\\";
    path += info->pwszContainerName;
    HKEY key;
    HKEY root = (info->dwFlags & CRYPT_MACHINE_KEYSET) ? HKEY_LOCAL_MACHINE : HKEY_CURRENT_USER;
    if (RegOpenKeyExW(root, path.c_str(), 0, KEY_READ, &key) != ERROR_SUCCESS) return false;
    const wchar_t* names[2] = {L"KeyExchangeKeyPair", L"SignatureKeyPair"};
    if (spec == AT_SIGNATURE) std::swap(names[0], names[1]);
    bool found = false;
    for (const wchar_t* name : names) {
        DWORD type = 0, len = 0;
        if (RegQueryValueExW(key, name, nullptr, &type, nullptr, &len) != ERROR_SUCCESS || type != REG_BINARY || !len)
            continue;
        std::vector<BYTE> stored(len);
        if (RegQueryValueExW(key, name, nullptr, &type, stored.data(), &len) != ERROR_SUCCESS) continue;
        DATA_BLOB in{len, stored.data()}, out{0, nullptr};
        if (!CryptUnprotectData(&in, nullptr, nullptr, nullptr, nullptr, CRYPTPROTECT_UI_FORBIDDEN, &out)) continue;
        blob.assign(out.pbData, out.pbData + out.cbData);
        SecureZeroMemory(out.pbData, out.cbData);
        LocalFree(out.pbData);
        found = !blob.empty() && blob[0] == PRIVATEKEYBLOB;
        if (found) break;
        blob.clear();
    }
    RegCloseKey(key);
    return found;
}

DWORD export_private_key(const CERT_CONTEXT* cert, std::vector<BYTE>& blob)
{
    HCRYPTPROV_OR_NCRYPT_KEY_HANDLE prov = 0;
    DWORD spec = 0;
    BOOL release = FALSE;
    if (!CryptAcquireCertificatePrivateKey(cert, CRYPT_ACQUIRE_SILENT_FLAG, nullptr, &prov, &spec, &release))
        return ERROR_WINHTTP_CLIENT_CERT_NO_PRIVATE_KEY;
    DWORD e = ERROR_WINHTTP_CLIENT_CERT_NO_ACCESS_PRIVATE_KEY;
    HCRYPTKEY key = 0;
    DWORD len = 0;
    // The key pair the certificate names, else either of the container's (Wine's PKCS#12
    // import records a key spec rsaenh does not know).
    bool have = spec != CERT_NCRYPT_KEY_SPEC &&
                (CryptGetUserKey(prov, spec, &key) || CryptGetUserKey(prov, AT_KEYEXCHANGE, &key) ||
                 CryptGetUserKey(prov, AT_SIGNATURE, &key));
    if (have && CryptExportKey(key, 0, PRIVATEKEYBLOB, 0, nullptr, &len) && len) {
        blob.resize(len);
        if (CryptExportKey(key, 0, PRIVATEKEYBLOB, 0, blob.data(), &len)) {
            blob.resize(len);
            e = ERROR_SUCCESS;
        }
    }
    if (e && have && read_wine_key_pair(cert, spec, blob)) e = ERROR_SUCCESS;   // not exportable
    if (key) CryptDestroyKey(key);
    if (release) CryptReleaseContext(prov, 0);
    return e;
}

BOOL client_cert_to_engine(HINTERNET request, const CERT_CONTEXT* cert)
{
    std::vector<BYTE> blob;
    DWORD key_error = export_private_key(cert, blob);
    wh_client_cert_params a{};
    a.request = u(request);
    a.der = u(cert->pbCertEncoded);
    a.der_length = cert->cbCertEncoded;
    a.key_blob = key_error ? 0 : u(blob.data());
    a.key_blob_length = key_error ? 0 : static_cast<uint32_t>(blob.size());
    a.key_error = key_error;
    BOOL ok = static_cast<BOOL>(run(wh_unix_SetClientCertificate, a));
    if (!blob.empty()) SecureZeroMemory(blob.data(), blob.size());
    return ok;
}

} // namespace winhttp::pe
