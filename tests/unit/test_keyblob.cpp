// io/keyblob.h: a CryptoAPI PRIVATEKEYBLOB (as winhttp.dll exports an application's key) and a
// DER certificate become the PEM the TLS client loads; malformed blobs are refused.
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
extern "C" {   // Debian's cmocka 1.1.5 header declares its functions without C linkage for C++
#include <cmocka.h>
}
#include "io/keyblob.h"
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <algorithm>
#include <string>

using namespace winhttp::io;

namespace {

void put32(std::string& s, uint32_t v)
{
    for (int i = 0; i < 4; ++i) s += static_cast<char>(v >> (8 * i));
}

// A big-endian integer as `n` little-endian bytes (what CryptExportKey writes).
void put_le(std::string& s, const gnutls_datum_t& be, size_t n)
{
    std::string v(reinterpret_cast<const char*>(be.data), be.size);
    while (v.size() > n && v[0] == 0) v.erase(0, 1);   // GnuTLS may add a sign byte
    assert_true(v.size() <= n);
    v.insert(0, n - v.size(), '\0');
    std::reverse(v.begin(), v.end());
    s += v;
}

struct Key {
    gnutls_x509_privkey_t k = nullptr;
    Key() { gnutls_x509_privkey_init(&k); }
    ~Key() { gnutls_x509_privkey_deinit(k); }
};

std::string key_id(gnutls_x509_privkey_t k)
{
    unsigned char id[64];
    size_t n = sizeof id;
    if (gnutls_x509_privkey_get_key_id(k, GNUTLS_KEYID_USE_SHA256, id, &n) < 0) return {};
    return std::string(reinterpret_cast<char*>(id), n);
}

// A PRIVATEKEYBLOB of a fresh RSA key of `bits`, and that key's id.
std::string make_blob(unsigned bits, std::string& id, uint32_t alg = 0xa400 /* CALG_RSA_KEYX */)
{
    Key key;
    assert_true(gnutls_x509_privkey_generate(key.k, GNUTLS_PK_RSA, bits, 0) >= 0);
    id = key_id(key.k);
    gnutls_datum_t m, e, d, p, q, u, e1, e2;
    assert_true(gnutls_x509_privkey_export_rsa_raw2(key.k, &m, &e, &d, &p, &q, &u, &e1, &e2) >= 0);
    std::string blob;
    blob += '\x07';   // PRIVATEKEYBLOB
    blob += '\x02';   // CUR_BLOB_VERSION
    blob += std::string(2, '\0');
    put32(blob, alg);
    put32(blob, 0x32415352);   // "RSA2"
    put32(blob, bits);
    uint32_t pubexp = 0;
    for (unsigned i = 0; i < e.size; ++i) pubexp = pubexp << 8 | e.data[i];
    put32(blob, pubexp);
    // The blob's coefficient is q^-1 mod p with p = prime1: GnuTLS's u is the same.
    put_le(blob, m, bits / 8);
    put_le(blob, p, bits / 16);
    put_le(blob, q, bits / 16);
    put_le(blob, e1, bits / 16);
    put_le(blob, e2, bits / 16);
    put_le(blob, u, bits / 16);
    put_le(blob, d, bits / 8);
    for (gnutls_datum_t* x : {&m, &e, &d, &p, &q, &u, &e1, &e2}) gnutls_free(x->data);
    return blob;
}

std::string pem_key_id(const std::string& pem)
{
    Key key;
    gnutls_datum_t d{reinterpret_cast<unsigned char*>(const_cast<char*>(pem.data())), static_cast<unsigned>(pem.size())};
    if (gnutls_x509_privkey_import(key.k, &d, GNUTLS_X509_FMT_PEM) < 0) return {};
    return key_id(key.k);
}

void test_rsa_blob(void**)
{
    for (unsigned bits : {1024u, 2048u}) {
        std::string id;
        std::string blob = make_blob(bits, id);
        std::string pem;
        assert_true(rsa_key_blob_to_pem(blob, pem));
        assert_true(pem.rfind("-----BEGIN RSA PRIVATE KEY-----", 0) == 0);
        assert_false(id.empty());
        assert_true(pem_key_id(pem) == id);
    }
    // A signature key (CALG_RSA_SIGN) is as good.
    std::string id, pem;
    assert_true(rsa_key_blob_to_pem(make_blob(1024, id, 0x2400), pem));
    assert_true(pem_key_id(pem) == id);
}

void test_bad_blobs(void**)
{
    std::string id, pem;
    const std::string good = make_blob(1024, id);
    assert_false(rsa_key_blob_to_pem("", pem));
    assert_false(rsa_key_blob_to_pem(good.substr(0, 19), pem));
    assert_false(rsa_key_blob_to_pem(good.substr(0, good.size() - 1), pem));   // truncated
    std::string b = good;
    b[0] = 0x06;   // PUBLICKEYBLOB
    assert_false(rsa_key_blob_to_pem(b, pem));
    b = good;
    b[8] = 'X';    // not "RSA2"
    assert_false(rsa_key_blob_to_pem(b, pem));
    b = good;
    b[5] = 0x66;   // CALG_3DES-like, not RSA
    assert_false(rsa_key_blob_to_pem(b, pem));
    b = good;
    b[12] = 0; b[13] = 0; b[14] = 0; b[15] = 0;   // 0 bits
    assert_false(rsa_key_blob_to_pem(b, pem));
    b = good;
    b[40] ^= 0x55;  // a modulus that no longer matches the primes
    assert_false(rsa_key_blob_to_pem(b, pem));
}

void test_cert_pem(void**)
{
    Key key;
    assert_true(gnutls_x509_privkey_generate(key.k, GNUTLS_PK_ECDSA, GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_SECP256R1), 0) >= 0);
    gnutls_x509_crt_t crt;
    assert_true(gnutls_x509_crt_init(&crt) >= 0);
    gnutls_x509_crt_set_version(crt, 3);
    unsigned char serial = 1;
    gnutls_x509_crt_set_serial(crt, &serial, 1);
    gnutls_x509_crt_set_activation_time(crt, 1700000000);
    gnutls_x509_crt_set_expiration_time(crt, 1900000000);
    gnutls_x509_crt_set_dn_by_oid(crt, GNUTLS_OID_X520_COMMON_NAME, 0, "t", 1);
    gnutls_x509_crt_set_key(crt, key.k);
    assert_true(gnutls_x509_crt_sign2(crt, crt, key.k, GNUTLS_DIG_SHA256, 0) >= 0);
    gnutls_datum_t der{nullptr, 0};
    assert_true(gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_DER, &der) >= 0);
    std::string pem;
    assert_true(cert_der_to_pem({reinterpret_cast<char*>(der.data), der.size}, pem));
    // The key belongs to the certificate; another one does not.
    gnutls_datum_t key_pem{nullptr, 0};
    assert_true(gnutls_x509_privkey_export2(key.k, GNUTLS_X509_FMT_PEM, &key_pem) >= 0);
    std::string_view der_view(reinterpret_cast<char*>(der.data), der.size);
    assert_true(key_matches_certificate({reinterpret_cast<char*>(key_pem.data), key_pem.size}, der_view));
    gnutls_free(key_pem.data);
    std::string id, other;
    assert_true(rsa_key_blob_to_pem(make_blob(1024, id), other));
    assert_false(key_matches_certificate(other, der_view));
    assert_false(key_matches_certificate("not a key", der_view));
    assert_false(key_matches_certificate(other, "not a certificate"));
    assert_true(pem.rfind("-----BEGIN CERTIFICATE-----", 0) == 0);
    assert_false(cert_der_to_pem({reinterpret_cast<char*>(der.data), der.size / 2}, pem));
    assert_false(cert_der_to_pem("", pem));
    gnutls_free(der.data);
    gnutls_x509_crt_deinit(crt);
}

} // namespace

int main()
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rsa_blob),
        cmocka_unit_test(test_bad_blobs),
        cmocka_unit_test(test_cert_pem),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
