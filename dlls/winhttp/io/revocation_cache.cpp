// Revocation data per session (see revocation_cache.h).
#include "io/revocation_cache.h"
#include "io/x509.h"
#include <gnutls/gnutls.h>
#include <gnutls/ocsp.h>
#include <gnutls/x509.h>
#include <cstring>
#include <ctime>

namespace winhttp::io {

namespace {

bool http_url(std::string_view u)
{
    if (u.size() < 8) return false;
    for (size_t i = 0; i < 7; ++i) {
        char c = u[i];
        if (c >= 'A' && c <= 'Z') c = char(c + 32);
        if (c != "http://"[i]) return false;
    }
    return true;
}

// The OCSP request (DER) asking about `cert` issued by `issuer`: SHA-1 certificate id, no nonce
// (what CryptoAPI sends, so responses can be cached).
std::string ocsp_request(gnutls_x509_crt_t cert, gnutls_x509_crt_t issuer)
{
    gnutls_ocsp_req_t req;
    if (gnutls_ocsp_req_init(&req) < 0) return {};
    std::string out;
    gnutls_datum_t der{nullptr, 0};
    if (gnutls_ocsp_req_add_cert(req, GNUTLS_DIG_SHA1, issuer, cert) >= 0 && gnutls_ocsp_req_export(req, &der) >= 0) {
        out.assign(reinterpret_cast<const char*>(der.data), der.size);
        gnutls_free(der.data);
    }
    gnutls_ocsp_req_deinit(req);
    return out;
}

} // namespace

struct RevocationCache::Entry {
    gnutls_x509_crl_t crl = nullptr;         // a CRL fetched
    gnutls_ocsp_resp_t ocsp = nullptr;       // or an OCSP response; neither: the fetch failed
    Clock::time_point fetched;
    ~Entry()
    {
        if (crl) gnutls_x509_crl_deinit(crl);
        if (ocsp) gnutls_ocsp_resp_deinit(ocsp);
    }
};

RevocationCache::~RevocationCache() = default;

std::vector<std::string> RevocationCache::distribution_points(std::string_view cert_der)
{
    std::vector<std::string> out;
    X509Cert c(cert_der);
    if (!c.crt) return out;
    for (unsigned seq = 0; seq < 16; ++seq) {
        char buf[2048];
        size_t size = sizeof buf - 1;
        unsigned reasons = 0, critical = 0;
        int type = gnutls_x509_crt_get_crl_dist_points(c.crt, seq, buf, &size, &reasons, &critical);
        if (type == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE) break;
        if (type < 0) continue;   // too long, or not parseable: skip the point
        if (type == GNUTLS_SAN_URI && http_url(std::string_view(buf, size))) out.emplace_back(buf, size);
    }
    return out;
}

std::vector<std::string> RevocationCache::ocsp_responders(std::string_view cert_der)
{
    std::vector<std::string> out;
    X509Cert c(cert_der);
    if (!c.crt) return out;
    for (unsigned seq = 0; seq < 16; ++seq) {
        gnutls_datum_t d{nullptr, 0};
        int rc = gnutls_x509_crt_get_authority_info_access(c.crt, seq, GNUTLS_IA_OCSP_URI, &d, nullptr);
        if (rc == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE) break;
        if (rc < 0) continue;   // another access method, or malformed
        std::string_view url(reinterpret_cast<const char*>(d.data), d.size);
        if (http_url(url)) out.emplace_back(url);
        gnutls_free(d.data);
    }
    return out;
}

std::string RevocationCache::key_of(const Fetch& f)
{
    return f.ocsp() ? "ocsp " + f.url + '\n' + f.ocsp_request : "crl " + f.url;
}

RevocationCache::Status RevocationCache::status(std::string_view cert_der, std::string_view issuer_der, Fetch& next)
{
    X509Cert cert(cert_der), issuer(issuer_der);
    if (!cert.crt || !issuer.crt) return Status::Unknown;
    std::vector<Fetch> asks;
    std::vector<std::string> responders = ocsp_responders(cert_der);
    if (!responders.empty()) {
        std::string req = ocsp_request(cert.crt, issuer.crt);
        if (!req.empty())
            for (std::string& url : responders) asks.push_back({std::move(url), req});
    }
    for (std::string& url : distribution_points(cert_der)) asks.push_back({std::move(url), {}});
    if (asks.empty()) return Status::Unknown;

    gnutls_datum_t want{nullptr, 0};
    if (gnutls_x509_crt_get_raw_issuer_dn(cert.crt, &want) < 0) return Status::Unknown;
    const Clock::time_point now = Clock::now();
    const time_t wall = time(nullptr);
    Status result = Status::Unknown;
    std::lock_guard<std::mutex> g(mu_);
    for (Fetch& ask : asks) {
        auto it = entries_.find(key_of(ask));
        if (it == entries_.end()) {
            next = std::move(ask);
            result = Status::Fetch;
            break;
        }
        const Entry& e = *it->second;
        bool recent = now - e.fetched < kFailureMemory;
        if (e.ocsp) {
            unsigned verify = 0, cert_status = 0;
            time_t this_update = 0, next_update = 0, revoked_at = 0;
            unsigned reason = 0;
            bool usable = gnutls_ocsp_resp_verify_direct(e.ocsp, issuer.crt, &verify, 0) >= 0 && verify == 0 &&
                          gnutls_ocsp_resp_check_crt(e.ocsp, 0, cert.crt) >= 0 &&
                          gnutls_ocsp_resp_get_single(e.ocsp, 0, nullptr, nullptr, nullptr, nullptr, &cert_status,
                                                      &this_update, &next_update, &revoked_at, &reason) >= 0;
            if (!usable || cert_status == GNUTLS_OCSP_CERT_UNKNOWN) {   // it cannot tell: the next one
                if (recent) continue;
                next = std::move(ask);
                result = Status::Fetch;
                break;
            }
            bool stale = next_update != static_cast<time_t>(-1) ? next_update < wall
                                                                : now - e.fetched > kOcspDefaultLife;
            if (stale && !recent) {
                next = std::move(ask);
                result = Status::Fetch;
                break;
            }
            if (stale) continue;
            result = cert_status == GNUTLS_OCSP_CERT_REVOKED ? Status::Revoked : Status::Good;
            break;
        }
        if (!e.crl) {
            if (recent) continue;   // failed a moment ago: ask the next one, else unknown
            next = std::move(ask);
            result = Status::Fetch;
            break;
        }
        // A list past its next update is fetched again (but one just fetched stays what it is).
        time_t next_update = gnutls_x509_crl_get_next_update(e.crl);
        if (next_update != static_cast<time_t>(-1) && next_update < wall) {
            if (recent) continue;
            next = std::move(ask);
            result = Status::Fetch;
            break;
        }
        gnutls_datum_t have{nullptr, 0};
        if (gnutls_x509_crl_get_raw_issuer_dn(e.crl, &have) < 0) continue;
        bool same = have.size == want.size && !std::memcmp(have.data, want.data, have.size);
        gnutls_free(have.data);
        unsigned verify = 0;
        gnutls_x509_crt_t issuers[1] = {issuer.crt};
        if (!same || gnutls_x509_crl_verify(e.crl, issuers, 1, 0, &verify) < 0 || verify != 0) continue;
        gnutls_x509_crl_t lists[1] = {e.crl};
        result = gnutls_x509_crt_check_revocation(cert.crt, lists, 1) == 1 ? Status::Revoked : Status::Good;
        break;
    }
    gnutls_free(want.data);
    return result;
}

void RevocationCache::add(const Fetch& what, DWORD error, std::string_view body)
{
    auto e = std::make_shared<Entry>();
    e->fetched = Clock::now();
    gnutls_datum_t d{reinterpret_cast<unsigned char*>(const_cast<char*>(body.data())), static_cast<unsigned>(body.size())};
    if (!error && what.ocsp() && gnutls_ocsp_resp_init(&e->ocsp) >= 0) {
        if (gnutls_ocsp_resp_import(e->ocsp, &d) < 0 || gnutls_ocsp_resp_get_status(e->ocsp) != GNUTLS_OCSP_RESP_SUCCESSFUL) {
            gnutls_ocsp_resp_deinit(e->ocsp);
            e->ocsp = nullptr;
        }
    } else if (!error && !what.ocsp() && gnutls_x509_crl_init(&e->crl) >= 0) {
        if (gnutls_x509_crl_import(e->crl, &d, GNUTLS_X509_FMT_DER) < 0 &&
            gnutls_x509_crl_import(e->crl, &d, GNUTLS_X509_FMT_PEM) < 0) {
            gnutls_x509_crl_deinit(e->crl);
            e->crl = nullptr;
        }
    }
    std::lock_guard<std::mutex> g(mu_);
    insert_locked(key_of(what), std::move(e));
}

void RevocationCache::insert_locked(std::string key, std::shared_ptr<Entry> e)
{
    if (entries_.size() >= kMaxEntries && !entries_.count(key)) {
        // Full: the oldest fetch goes.
        auto oldest = entries_.begin();
        for (auto it = entries_.begin(); it != entries_.end(); ++it)
            if (it->second->fetched < oldest->second->fetched) oldest = it;
        entries_.erase(oldest);
    }
    entries_[std::move(key)] = std::move(e);
}

} // namespace winhttp::io
