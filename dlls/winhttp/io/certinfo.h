// Certificate facts as WinHTTP reports them, taken from a DER certificate with GnuTLS: the
// validity period as FILETIMEs and the subject and issuer names in the form Windows'
// CertNameToStr gives with CERT_SIMPLE_NAME_STR | CERT_NAME_STR_CRLF_FLAG (what
// WINHTTP_CERTIFICATE_INFO carries), plus the public key size.
#pragma once
#include <winhttp.h>
#include <cstdint>
#include <ctime>
#include <string>
#include <string_view>

namespace winhttp::io {

struct CertInfo {
    FILETIME not_before{};       // WINHTTP_CERTIFICATE_INFO.ftStart
    FILETIME not_after{};        // .ftExpiry
    std::u16string subject;      // .lpszSubjectInfo, e.g. u"US\r\nState\r\nCity\r\nOrg\r\nhost"
    std::u16string issuer;       // .lpszIssuerInfo
    DWORD public_key_bits = 0;   // the certificate's key (2048 for RSA-2048, 256 for P-256)
};

// ERROR_SUCCESS, ERROR_INVALID_PARAMETER (not a DER certificate) or ERROR_NOT_ENOUGH_MEMORY.
DWORD cert_info_from_der(std::string_view der, CertInfo& out);

// Seconds since 1970 as a FILETIME (100 ns units since 1601); times before 1601 give zero.
FILETIME filetime_from_unix(time_t t);

// A DER-encoded X.501 Name in CERT_SIMPLE_NAME_STR | CERT_NAME_STR_CRLF_FLAG form: the values
// of the RDNs in encoded order joined by "\r\n", the values of a multi-valued RDN joined by
// " + ", a value quoted ("" doubling inner quotes) when it has a leading or trailing space or
// one of , + = " \r \n < > # ;. False if `der` is not a Name.
bool name_der_to_str(std::string_view der, std::u16string& out);

} // namespace winhttp::io
