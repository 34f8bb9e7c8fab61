// The client certificate a Windows front hands over after WINHTTP_OPTION_CLIENT_CERT_CONTEXT:
// the application's certificate and its exported key, kept as PEM for the TLS client, or the
// reason its key could not be had (api::SetClientCertificate, api.h).
#include "engine/api.h"
#include "engine/objects.h"
#include "io/keyblob.h"
#include <new>

namespace winhttp::api {

BOOL SetClientCertificate(Call& c, HINTERNET hrequest, const void* der, DWORD der_length, const void* key_blob,
                          DWORD key_blob_length, DWORD key_error)
{
    try {
        Ref<Request> req = get_typed<Request>(c, hrequest);
        if (!req) return FALSE;
        if (!der || !der_length) return c.fail(ERROR_INVALID_PARAMETER);
        std::string cert_pem, key_pem;
        DWORD error = key_error;
        if (!io::cert_der_to_pem({static_cast<const char*>(der), der_length}, cert_pem)) return c.fail(ERROR_INVALID_PARAMETER);
        // A key, but not one we can use, or not the certificate's.
        if (!error && (!key_blob ||
                       !io::rsa_key_blob_to_pem({static_cast<const char*>(key_blob), key_blob_length}, key_pem) ||
                       !io::key_matches_certificate(key_pem, {static_cast<const char*>(der), der_length})))
            error = ERROR_WINHTTP_CLIENT_CERT_NO_ACCESS_PRIVATE_KEY;
        std::lock_guard<std::mutex> g(req->lock);
        req->client_cert_error = error;
        req->client_cert_pem = error ? std::string() : std::move(cert_pem);
        req->client_key_pem = std::move(key_pem);
        return TRUE;
    } catch (const std::bad_alloc&) {
        return c.fail(ERROR_NOT_ENOUGH_MEMORY);
    }
}

} // namespace winhttp::api
