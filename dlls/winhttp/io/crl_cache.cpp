// Fetched revocation lists per session (see crl_cache.h).
#include "io/crl_cache.h"
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <cstring>
#include <ctime>

namespace winhttp::io {

namespace {

struct Cert {
    gnutls_x509_crt_t crt = nullptr;
    explicit Cert(std::string_view der)
    {
        if (gnutls_x509_crt_init(&crt) < 0) { crt = nullptr; return; }
        gnutls_datum_t d{reinterpret_cast<unsigned char*>(const_cast<char*>(der.data())), static_cast<unsigned>(der.size())};
        if (gnutls_x509_crt_import(crt, &d, GNUTLS_X509_FMT_DER) < 0) {
            gnutls_x509_crt_deinit(crt);
            crt = nullptr;
        }
    }
    Cert(const Cert&) = delete;
    Cert& operator=(const Cert&) = delete;
    ~Cert() { if (crt) gnutls_x509_crt_deinit(crt); }
};

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

} // namespace

struct CrlCache::Entry {
    gnutls_x509_crl_t crl = nullptr;   // null: the fetch failed
    Clock::time_point fetched;
    ~Entry() { if (crl) gnutls_x509_crl_deinit(crl); }
};

CrlCache::~CrlCache() = default;

std::vector<std::string> CrlCache::distribution_points(std::string_view cert_der)
{
    std::vector<std::string> out;
    Cert c(cert_der);
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

CrlCache::Status CrlCache::status(std::string_view cert_der, std::string_view issuer_der, std::string& url)
{
    std::vector<std::string> points = distribution_points(cert_der);
    if (points.empty()) return Status::Unknown;
    Cert cert(cert_der), issuer(issuer_der);
    if (!cert.crt || !issuer.crt) return Status::Unknown;
    gnutls_datum_t want{nullptr, 0};
    if (gnutls_x509_crt_get_raw_issuer_dn(cert.crt, &want) < 0) return Status::Unknown;
    const Clock::time_point now = Clock::now();
    const time_t wall = time(nullptr);
    Status result = Status::Unknown;
    std::lock_guard<std::mutex> g(mu_);
    for (const std::string& p : points) {
        auto it = lists_.find(p);
        if (it == lists_.end()) {
            url = p;
            result = Status::Fetch;
            break;
        }
        const Entry& e = *it->second;
        bool recent = now - e.fetched < kFailureMemory;
        if (!e.crl) {
            if (recent) continue;   // failed a moment ago: try the next point, else unknown
            url = p;
            result = Status::Fetch;
            break;
        }
        // A list past its next update is refetched (but one just fetched stays what it is).
        time_t next = gnutls_x509_crl_get_next_update(e.crl);
        if (next != static_cast<time_t>(-1) && next < wall) {
            if (recent) continue;
            url = p;
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

void CrlCache::add(const std::string& url, DWORD error, std::string_view body)
{
    auto e = std::make_shared<Entry>();
    e->fetched = Clock::now();
    if (!error && gnutls_x509_crl_init(&e->crl) >= 0) {
        gnutls_datum_t d{reinterpret_cast<unsigned char*>(const_cast<char*>(body.data())), static_cast<unsigned>(body.size())};
        if (gnutls_x509_crl_import(e->crl, &d, GNUTLS_X509_FMT_DER) < 0 &&
            gnutls_x509_crl_import(e->crl, &d, GNUTLS_X509_FMT_PEM) < 0) {
            gnutls_x509_crl_deinit(e->crl);
            e->crl = nullptr;
        }
    }
    std::lock_guard<std::mutex> g(mu_);
    if (lists_.size() >= kMaxLists && !lists_.count(url)) {
        // Full: the oldest fetch goes.
        auto oldest = lists_.begin();
        for (auto it = lists_.begin(); it != lists_.end(); ++it)
            if (it->second->fetched < oldest->second->fetched) oldest = it;
        lists_.erase(oldest);
    }
    lists_[url] = std::move(e);
}

} // namespace winhttp::io
