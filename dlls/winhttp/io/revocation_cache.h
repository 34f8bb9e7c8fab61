// Revocation data fetched while handshakes check a server certificate (WINHTTP_ENABLE_SSL_REVOCATION),
// kept per WinHTTP session (a TlsCache member): OCSP responses from the responders the
// certificate's authority information access names, and the lists its CRL distribution points
// name. Asked about a certificate, it answers from what it holds (OCSP first, then CRLs, each
// checked against the issuer), or says what to fetch next. Answers are kept until their next
// update, fetch failures for a while (the status is then unknown: "offline", which
// WINHTTP_OPTION_IGNORE_CERT_REVOCATION_OFFLINE lets pass). Only http:// URLs. Thread-safe.
#pragma once
#include <winhttp.h>
#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace winhttp::io {

class RevocationCache {
public:
    enum class Status { Good, Revoked, Unknown, Fetch };
    // What to fetch: GET `url` (a CRL), or POST `ocsp_request` (DER) to `url` (an OCSP responder).
    struct Fetch {
        std::string url;
        std::string ocsp_request;
        bool ocsp() const { return !ocsp_request.empty(); }
    };
    using Clock = std::chrono::steady_clock;
    static constexpr std::chrono::seconds kFailureMemory{60};
    static constexpr std::chrono::seconds kOcspDefaultLife{3600};   // a response without nextUpdate
    static constexpr size_t kMaxEntries = 256;

    RevocationCache() = default;
    ~RevocationCache();
    RevocationCache(const RevocationCache&) = delete;
    RevocationCache& operator=(const RevocationCache&) = delete;

    // The http:// URLs of `cert_der`'s CRL distribution points / OCSP responders, in order.
    static std::vector<std::string> distribution_points(std::string_view cert_der);
    static std::vector<std::string> ocsp_responders(std::string_view cert_der);

    // `cert_der`'s status as its issuer (`issuer_der`) vouches for it: Revoked or Good from the
    // first response or list that can tell; Fetch with `next` when a responder's answer or a
    // point's list is missing or stale and did not fail recently; else Unknown (nothing to ask,
    // or nothing could be had).
    Status status(std::string_view cert_der, std::string_view issuer_der, Fetch& next);

    // What fetching `what` gave: `error` ERROR_SUCCESS with the body, or why it failed. A body
    // that is not a CRL / OCSP response counts as a failure.
    void add(const Fetch& what, DWORD error, std::string_view body);

private:
    struct Entry;
    static std::string key_of(const Fetch& f);
    void insert_locked(std::string key, std::shared_ptr<Entry> e);
    std::mutex mu_;
    std::unordered_map<std::string, std::shared_ptr<Entry>> entries_;
};

} // namespace winhttp::io
