// Certificates between the engine and crypt32 (see certs.h).
#include "pe/certs.h"
#include "pe/unixcall.h"
#include <wincrypt.h>

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

} // namespace winhttp::pe
