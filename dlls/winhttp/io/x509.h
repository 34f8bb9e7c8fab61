// A certificate parsed from DER for GnuTLS's x509 functions, owned: the TLS session's
// certification path, the revocation checks and the client-certificate conversion share it.
#pragma once
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <string_view>

namespace winhttp::io {

struct X509Cert {
    gnutls_x509_crt_t crt = nullptr;   // null when the bytes did not parse

    explicit X509Cert(std::string_view der)
    {
        if (gnutls_x509_crt_init(&crt) < 0) {
            crt = nullptr;
            return;
        }
        gnutls_datum_t d{reinterpret_cast<unsigned char*>(const_cast<char*>(der.data())), static_cast<unsigned>(der.size())};
        if (gnutls_x509_crt_import(crt, &d, GNUTLS_X509_FMT_DER) < 0) {
            gnutls_x509_crt_deinit(crt);
            crt = nullptr;
        }
    }
    X509Cert(const X509Cert&) = delete;
    X509Cert& operator=(const X509Cert&) = delete;
    ~X509Cert()
    {
        if (crt) gnutls_x509_crt_deinit(crt);
    }
};

} // namespace winhttp::io
