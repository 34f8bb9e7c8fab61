// Revocation lists fetched from certificates' CRL distribution points, kept per WinHTTP session
// (a TlsCache member) until their next update: whether a server certificate is revoked, or
// which list to fetch first. Fetch failures are remembered for a while (the status is then
// unknown: "offline", which WINHTTP_OPTION_IGNORE_CERT_REVOCATION_OFFLINE lets pass).
// Thread-safe.
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

class CrlCache {
public:
    enum class Status { Good, Revoked, Unknown, Fetch };
    using Clock = std::chrono::steady_clock;
    static constexpr std::chrono::seconds kFailureMemory{60};
    static constexpr size_t kMaxLists = 64;

    CrlCache() = default;
    ~CrlCache();
    CrlCache(const CrlCache&) = delete;
    CrlCache& operator=(const CrlCache&) = delete;

    // The http:// URLs of `cert_der`'s CRL distribution points, in the certificate's order.
    static std::vector<std::string> distribution_points(std::string_view cert_der);

    // `cert_der`'s status from the lists fetched for its distribution points, each checked
    // against `issuer_der` (signature, issuer name, next update): Revoked or Good from the first
    // list that can tell; Fetch with `url` the first point whose list is missing or stale and
    // not failed recently; else Unknown (no http:// point, or none could be had).
    Status status(std::string_view cert_der, std::string_view issuer_der, std::string& url);

    // What fetching `url` gave: `error` ERROR_SUCCESS with the list (DER or PEM) in `body`, or
    // why it failed. A body that is not a list counts as a failure.
    void add(const std::string& url, DWORD error, std::string_view body);

private:
    struct Entry;
    std::mutex mu_;
    std::unordered_map<std::string, std::shared_ptr<Entry>> lists_;
};

} // namespace winhttp::io
