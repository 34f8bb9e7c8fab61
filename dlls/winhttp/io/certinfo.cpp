// Certificate facts for WINHTTP_CERTIFICATE_INFO: validity as FILETIME, names as Windows'
// CertNameToStr(CERT_SIMPLE_NAME_STR | CERT_NAME_STR_CRLF_FLAG) prints them.
#include "io/certinfo.h"
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <new>

namespace winhttp::io {

namespace {

// Appends the RDN value (content octets of an ASN.1 string of type `tag`) as UTF-16.
void append_value(unsigned long tag, const unsigned char* p, size_t n, std::u16string& out)
{
    auto put = [&](uint32_t cp) {
        if (cp >= 0x10000 && cp <= 0x10FFFF) {
            cp -= 0x10000;
            out += static_cast<char16_t>(0xD800 + (cp >> 10));
            out += static_cast<char16_t>(0xDC00 + (cp & 0x3FF));
        } else if (cp < 0x10000 && (cp < 0xD800 || cp > 0xDFFF)) {
            out += static_cast<char16_t>(cp);
        } else {
            out += u'\xFFFD';
        }
    };
    switch (tag) {
    case 30:   // BMPString: UCS-2 big-endian
        for (size_t i = 0; i + 1 < n; i += 2) out += static_cast<char16_t>(p[i] << 8 | p[i + 1]);
        return;
    case 28:   // UniversalString: UCS-4 big-endian
        for (size_t i = 0; i + 3 < n; i += 4)
            put(uint32_t(p[i]) << 24 | uint32_t(p[i + 1]) << 16 | uint32_t(p[i + 2]) << 8 | p[i + 3]);
        return;
    case 12: { // UTF8String
        size_t i = 0;
        while (i < n) {
            unsigned char c = p[i];
            int extra = c < 0x80 ? 0 : (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2
                      : (c & 0xF8) == 0xF0 ? 3 : -1;
            if (extra < 0 || i + extra >= n) { put(0xFFFD); ++i; continue; }
            if (extra == 0) { put(c); ++i; continue; }
            uint32_t cp = c & (0x3F >> extra);
            bool ok = true;
            for (int k = 1; k <= extra; ++k) {
                if ((p[i + k] & 0xC0) != 0x80) { ok = false; break; }
                cp = cp << 6 | (p[i + k] & 0x3F);
            }
            if (!ok) { put(0xFFFD); ++i; continue; }
            put(cp);
            i += extra + 1;
        }
        return;
    }
    default:   // PrintableString, IA5String, T61String, VisibleString...: one byte a character
        for (size_t i = 0; i < n; ++i) out += static_cast<char16_t>(p[i]);
        return;
    }
}

bool needs_quotes(const std::u16string& v)
{
    if (v.empty()) return false;
    if (v.front() == u' ' || v.back() == u' ') return true;
    for (char16_t c : v) {
        switch (c) {
        case u',': case u'+': case u'=': case u'"': case u'\r': case u'\n':
        case u'<': case u'>': case u'#': case u';':
            return true;
        default:
            break;
        }
    }
    return false;
}

bool dn_to_str(gnutls_x509_dn_t dn, std::u16string& out)
{
    out.clear();
    for (int irdn = 0;; ++irdn) {
        for (int iava = 0;; ++iava) {
            gnutls_x509_ava_st ava;
            int rc = gnutls_x509_dn_get_rdn_ava(dn, irdn, iava, &ava);
            if (rc == GNUTLS_E_ASN1_ELEMENT_NOT_FOUND || rc == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE) {
                if (iava == 0) return true;   // no such RDN: done
                break;                        // next RDN
            }
            if (rc < 0) return false;
            if (iava == 0 && irdn > 0) out += u"\r\n";
            else if (iava > 0) out += u" + ";
            std::u16string v;
            append_value(ava.value_tag, ava.value.data, ava.value.size, v);
            if (needs_quotes(v)) {
                out += u'"';
                for (char16_t c : v) {
                    if (c == u'"') out += u'"';
                    out += c;
                }
                out += u'"';
            } else {
                out += v;
            }
        }
    }
}

} // namespace

FILETIME filetime_from_unix(time_t t)
{
    FILETIME ft{};
    long long s = static_cast<long long>(t) + 11644473600LL;   // 1601-01-01 to 1970-01-01
    if (s <= 0) return ft;
    unsigned long long ticks = static_cast<unsigned long long>(s) * 10000000ULL;
    ft.dwLowDateTime = static_cast<DWORD>(ticks & 0xFFFFFFFFu);
    ft.dwHighDateTime = static_cast<DWORD>(ticks >> 32);
    return ft;
}

bool name_der_to_str(std::string_view der, std::u16string& out)
{
    gnutls_x509_dn_t dn;
    if (gnutls_x509_dn_init(&dn) < 0) throw std::bad_alloc();
    gnutls_datum_t d{reinterpret_cast<unsigned char*>(const_cast<char*>(der.data())),
                     static_cast<unsigned>(der.size())};
    bool ok = gnutls_x509_dn_import(dn, &d) >= 0 && dn_to_str(dn, out);
    gnutls_x509_dn_deinit(dn);
    return ok;
}

DWORD cert_info_from_der(std::string_view der, CertInfo& out)
{
    try {
        gnutls_x509_crt_t crt;
        if (gnutls_x509_crt_init(&crt) < 0) return ERROR_NOT_ENOUGH_MEMORY;
        struct Free { gnutls_x509_crt_t c; ~Free() { gnutls_x509_crt_deinit(c); } } guard{crt};
        gnutls_datum_t d{reinterpret_cast<unsigned char*>(const_cast<char*>(der.data())),
                         static_cast<unsigned>(der.size())};
        if (gnutls_x509_crt_import(crt, &d, GNUTLS_X509_FMT_DER) < 0) return ERROR_INVALID_PARAMETER;
        CertInfo info;
        info.not_before = filetime_from_unix(gnutls_x509_crt_get_activation_time(crt));
        info.not_after = filetime_from_unix(gnutls_x509_crt_get_expiration_time(crt));
        gnutls_x509_dn_t dn;
        if (gnutls_x509_crt_get_subject(crt, &dn) < 0 || !dn_to_str(dn, info.subject))
            return ERROR_INVALID_PARAMETER;
        if (gnutls_x509_crt_get_issuer(crt, &dn) < 0 || !dn_to_str(dn, info.issuer))
            return ERROR_INVALID_PARAMETER;
        unsigned bits = 0;
        if (gnutls_x509_crt_get_pk_algorithm(crt, &bits) >= 0) info.public_key_bits = bits;
        out = std::move(info);
        return ERROR_SUCCESS;
    } catch (const std::bad_alloc&) {
        return ERROR_NOT_ENOUGH_MEMORY;
    }
}

} // namespace winhttp::io
