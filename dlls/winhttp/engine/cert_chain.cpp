// WINHTTP_OPTION_SERVER_CERT_CHAIN_CONTEXT natively (see cert_chain.h).
#include "engine/cert_chain.h"
#include "engine/proxy_config.h"   // global_alloc
#include "io/tls.h"
#include <cstring>

namespace winhttp {

namespace {

// The trust errors the handshake's findings put on the leaf.
DWORD leaf_errors(DWORD problems)
{
    DWORD e = 0;
    if (problems & WINHTTP_CALLBACK_STATUS_FLAG_CERT_DATE_INVALID) e |= CERT_TRUST_IS_NOT_TIME_VALID;
    if (problems & WINHTTP_CALLBACK_STATUS_FLAG_CERT_REVOKED) e |= CERT_TRUST_IS_REVOKED;
    if (problems & WINHTTP_CALLBACK_STATUS_FLAG_CERT_REV_FAILED)
        e |= CERT_TRUST_REVOCATION_STATUS_UNKNOWN | CERT_TRUST_IS_OFFLINE_REVOCATION;
    if (problems & WINHTTP_CALLBACK_STATUS_FLAG_CERT_WRONG_USAGE) e |= CERT_TRUST_IS_NOT_VALID_FOR_USAGE;
    if (problems & WINHTTP_CALLBACK_STATUS_FLAG_INVALID_CERT) e |= CERT_TRUST_IS_NOT_SIGNATURE_VALID;
    // A name mismatch is the SSL policy's finding, not the chain's (CertVerifyCertificateChainPolicy).
    return e;
}

size_t align8(size_t n) { return (n + 7) & ~size_t(7); }

} // namespace

CERT_CHAIN_CONTEXT* make_chain_context(const io::CertPath& path, DWORD problems)
{
    const size_t n = path.certs.size();
    // One block: the chain context, its one simple chain, the chain's pointer array, the
    // element pointers, the elements, the certificate contexts, then the DER bytes.
    size_t size = align8(sizeof(CERT_CHAIN_CONTEXT)) + align8(sizeof(CERT_SIMPLE_CHAIN)) +
                  align8(sizeof(PCERT_SIMPLE_CHAIN)) + align8(n * sizeof(PCERT_CHAIN_ELEMENT)) +
                  align8(n * sizeof(CERT_CHAIN_ELEMENT)) + align8(n * sizeof(CERT_CONTEXT));
    for (const std::string& der : path.certs) size += der.size();
    auto* base = static_cast<unsigned char*>(global_alloc(size));
    if (!base) return nullptr;
    std::memset(base, 0, size);
    unsigned char* at = base;
    auto take = [&at](size_t bytes) {
        unsigned char* p = at;
        at += align8(bytes);
        return p;
    };
    auto* chain = reinterpret_cast<CERT_CHAIN_CONTEXT*>(take(sizeof(CERT_CHAIN_CONTEXT)));
    auto* simple = reinterpret_cast<CERT_SIMPLE_CHAIN*>(take(sizeof(CERT_SIMPLE_CHAIN)));
    auto* chains = reinterpret_cast<PCERT_SIMPLE_CHAIN*>(take(sizeof(PCERT_SIMPLE_CHAIN)));
    auto* element_ptrs = reinterpret_cast<PCERT_CHAIN_ELEMENT*>(take(n * sizeof(PCERT_CHAIN_ELEMENT)));
    auto* elements = reinterpret_cast<CERT_CHAIN_ELEMENT*>(take(n * sizeof(CERT_CHAIN_ELEMENT)));
    auto* certs = reinterpret_cast<CERT_CONTEXT*>(take(n * sizeof(CERT_CONTEXT)));
    unsigned char* der_at = at;

    DWORD all_errors = 0;
    for (size_t i = 0; i < n; ++i) {
        CERT_CONTEXT& cert = certs[i];
        cert.dwCertEncodingType = X509_ASN_ENCODING | PKCS_7_ASN_ENCODING;
        cert.pbCertEncoded = der_at;
        cert.cbCertEncoded = static_cast<DWORD>(path.certs[i].size());
        std::memcpy(der_at, path.certs[i].data(), path.certs[i].size());
        der_at += path.certs[i].size();

        CERT_CHAIN_ELEMENT& e = elements[i];
        e.cbSize = sizeof e;
        e.pCertContext = &cert;
        bool last = i + 1 == n;
        bool root = last && path.ends_self_signed;
        DWORD errors = i == 0 ? leaf_errors(problems) : 0;
        if (last && (problems & WINHTTP_CALLBACK_STATUS_FLAG_INVALID_CA))
            errors |= root ? CERT_TRUST_IS_UNTRUSTED_ROOT : CERT_TRUST_IS_PARTIAL_CHAIN;
        e.TrustStatus.dwErrorStatus = errors;
        // Each issuer was found by name (the next element, or itself for the root).
        if (!last || root) e.TrustStatus.dwInfoStatus = CERT_TRUST_HAS_NAME_MATCH_ISSUER;
        if (root) e.TrustStatus.dwInfoStatus |= CERT_TRUST_IS_SELF_SIGNED;
        element_ptrs[i] = &e;
        all_errors |= errors;
    }
    simple->cbSize = sizeof *simple;
    simple->TrustStatus.dwErrorStatus = all_errors;
    simple->cElement = static_cast<DWORD>(n);
    simple->rgpElement = element_ptrs;
    chains[0] = simple;
    chain->cbSize = sizeof *chain;
    chain->TrustStatus.dwErrorStatus = all_errors;
    chain->cChain = 1;
    chain->rgpChain = chains;
    return chain;
}

} // namespace winhttp
