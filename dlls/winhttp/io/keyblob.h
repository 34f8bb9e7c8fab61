// A client certificate handed over by the Windows front: the CERT_CONTEXT's DER bytes and its
// RSA private key as CryptoAPI exports it (a PRIVATEKEYBLOB), turned into the PEM texts the
// TLS client loads (io/tls.h TlsConfig::client_cert_data / client_key_data), and checked to
// belong together.
#pragma once
#include <winhttp.h>
#include <string>
#include <string_view>

namespace winhttp::io {

// A DER certificate as PEM ("-----BEGIN CERTIFICATE-----"); false when it does not parse.
bool cert_der_to_pem(std::string_view der, std::string& pem);

// A PRIVATEKEYBLOB (BLOBHEADER, RSAPUBKEY "RSA2", then the little-endian modulus, primes,
// exponents, coefficient and private exponent) as a PKCS#1 PEM key; false when the blob is
// not a consistent RSA private key.
bool rsa_key_blob_to_pem(std::string_view blob, std::string& pem);

// Whether the private key `key_pem` is the one whose public half `cert_der` carries.
bool key_matches_certificate(std::string_view key_pem, std::string_view cert_der);

} // namespace winhttp::io
