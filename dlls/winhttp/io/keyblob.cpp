// CryptoAPI key blobs and DER certificates as PEM for the TLS client (see keyblob.h).
#include "io/keyblob.h"
#include "io/x509.h"
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <cstdint>
#include <cstring>
#include <vector>

namespace winhttp::io {

namespace {

constexpr uint8_t kPrivateKeyBlob = 0x07;      // BLOBHEADER.bType PRIVATEKEYBLOB
constexpr uint32_t kRsa2Magic = 0x32415352;    // "RSA2"
constexpr uint32_t kAlgClassMask = 0xE000;     // ALG_CLASS of an ALG_ID
constexpr uint32_t kAlgTypeMask = 0x1E00;      // ALG_TYPE of an ALG_ID
constexpr uint32_t kAlgTypeRsa = 0x0400;       // ALG_TYPE_RSA

uint32_t le32(const unsigned char* p) { return p[0] | p[1] << 8 | p[2] << 16 | uint32_t(p[3]) << 24; }

// Moves `n` little-endian bytes from `at` into a big-endian integer (what GnuTLS imports).
std::vector<unsigned char> big_endian(const unsigned char*& at, size_t n)
{
    std::vector<unsigned char> v(at, at + n);
    for (size_t i = 0; i < n / 2; ++i) std::swap(v[i], v[n - 1 - i]);
    at += n;
    return v;
}

gnutls_datum_t datum(std::vector<unsigned char>& v) { return {v.data(), static_cast<unsigned>(v.size())}; }

bool take_pem(gnutls_datum_t& out, std::string& pem)
{
    pem.assign(reinterpret_cast<const char*>(out.data), out.size);
    gnutls_free(out.data);
    return true;
}

} // namespace

bool cert_der_to_pem(std::string_view der, std::string& pem)
{
    X509Cert cert(der);
    gnutls_datum_t out{nullptr, 0};
    return cert.crt && gnutls_x509_crt_export2(cert.crt, GNUTLS_X509_FMT_PEM, &out) >= 0 && take_pem(out, pem);
}

bool rsa_key_blob_to_pem(std::string_view blob, std::string& pem)
{
    const auto* p = reinterpret_cast<const unsigned char*>(blob.data());
    if (blob.size() < 20 || p[0] != kPrivateKeyBlob) return false;
    uint32_t alg = le32(p + 4);
    if ((alg & kAlgTypeMask) != kAlgTypeRsa || (alg & kAlgClassMask) == 0) return false;
    if (le32(p + 8) != kRsa2Magic) return false;
    uint32_t bits = le32(p + 12);
    uint32_t pubexp = le32(p + 16);
    if (bits < 256 || bits > 16384 || bits % 16) return false;
    size_t n = bits / 8, h = bits / 16;
    if (blob.size() < 20 + n * 2 + h * 5) return false;
    const unsigned char* at = p + 20;
    auto m = big_endian(at, n);
    auto prime1 = big_endian(at, h);
    auto prime2 = big_endian(at, h);
    auto exp1 = big_endian(at, h);
    auto exp2 = big_endian(at, h);
    auto coef = big_endian(at, h);
    auto d = big_endian(at, n);
    std::vector<unsigned char> e{static_cast<unsigned char>(pubexp >> 24), static_cast<unsigned char>(pubexp >> 16),
                                 static_cast<unsigned char>(pubexp >> 8), static_cast<unsigned char>(pubexp)};
    gnutls_datum_t dm = datum(m), de = datum(e), dd = datum(d), dp = datum(prime1), dq = datum(prime2),
                   du = datum(coef), de1 = datum(exp1), de2 = datum(exp2);
    gnutls_x509_privkey_t key;
    if (gnutls_x509_privkey_init(&key) < 0) return false;
    gnutls_datum_t out{nullptr, 0};
    // The blob's coefficient is prime2^-1 mod prime1, PKCS#1's coefficient with p = prime1.
    bool ok = gnutls_x509_privkey_import_rsa_raw2(key, &dm, &de, &dd, &dp, &dq, &du, &de1, &de2) >= 0 &&
              gnutls_x509_privkey_verify_params(key) >= 0 &&
              gnutls_x509_privkey_export2(key, GNUTLS_X509_FMT_PEM, &out) >= 0 && take_pem(out, pem);
    gnutls_x509_privkey_deinit(key);
    // Secrets do not outlive the conversion in these buffers.
    for (auto* v : {&d, &prime1, &prime2, &exp1, &exp2, &coef}) std::memset(v->data(), 0, v->size());
    return ok;
}

bool key_matches_certificate(std::string_view key_pem, std::string_view cert_der)
{
    X509Cert cert(cert_der);
    gnutls_x509_privkey_t key;
    if (!cert.crt || gnutls_x509_privkey_init(&key) < 0) return false;
    gnutls_datum_t k{reinterpret_cast<unsigned char*>(const_cast<char*>(key_pem.data())), static_cast<unsigned>(key_pem.size())};
    unsigned char kid[64], cid[64];
    size_t kn = sizeof kid, cn = sizeof cid;
    bool ok = gnutls_x509_privkey_import(key, &k, GNUTLS_X509_FMT_PEM) >= 0 &&
              gnutls_x509_privkey_get_key_id(key, GNUTLS_KEYID_USE_SHA256, kid, &kn) >= 0 &&
              gnutls_x509_crt_get_key_id(cert.crt, GNUTLS_KEYID_USE_SHA256, cid, &cn) >= 0 && kn == cn &&
              !std::memcmp(kid, cid, kn);
    gnutls_x509_privkey_deinit(key);
    return ok;
}

} // namespace winhttp::io
