// Proxy settings in Wine's registry (see proxy_registry.h): reading and writing the binary
// "WinHttpSettings" value, reading the user's WinINet settings, and handing either to the
// application (GlobalAlloc'd strings) or to the unix side.
#include "pe/proxy_registry.h"
#include <cstring>
#include <new>
#include <vector>

namespace winhttp::pe::registry {

namespace {

const WCHAR kInternetSettings[] = L"Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings";
const WCHAR kConnections[] = L"Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\Connections";

constexpr DWORD kWinHttpMagic = 0x18;        // "WinHttpSettings" as Wine's winhttp and Windows write it
constexpr DWORD kWinHttpMagicNew = 0x28;     // what newer Windows' netsh writes (same leading layout)
constexpr DWORD kWinInetMagic = 0x46;        // "DefaultConnectionSettings" (Windows 7 and later, Wine)
constexpr DWORD kWinInetMagicOld = 0x3C;     // ... as older Windows wrote it
constexpr DWORD kTypeDirect = 1, kTypeProxy = 2, kTypeAutoProxyUrl = 4, kTypeAutoDetect = 8;
constexpr DWORD kMaxValue = 1 << 20;         // an absurd value configures nothing

// A REG_BINARY value; false when it is absent, of another type, or unreadable.
bool read_binary(HKEY root, const WCHAR* path, const WCHAR* name, std::vector<BYTE>& out)
{
    HKEY key;
    if (RegOpenKeyExW(root, path, 0, KEY_READ, &key) != ERROR_SUCCESS) return false;
    DWORD type = 0, size = 0;
    bool ok = RegQueryValueExW(key, name, nullptr, &type, nullptr, &size) == ERROR_SUCCESS &&
              type == REG_BINARY && size <= kMaxValue;
    if (ok) {
        out.resize(size);
        ok = RegQueryValueExW(key, name, nullptr, &type, out.data(), &size) == ERROR_SUCCESS && type == REG_BINARY;
        out.resize(ok ? size : 0);
    }
    RegCloseKey(key);
    return ok;
}

// A REG_SZ (or REG_EXPAND_SZ, taken as written) value; "" when absent or of another type.
wstring read_string(HKEY key, const WCHAR* name)
{
    DWORD type = 0, size = 0;
    if (RegQueryValueExW(key, name, nullptr, &type, nullptr, &size) != ERROR_SUCCESS ||
        (type != REG_SZ && type != REG_EXPAND_SZ) || size > kMaxValue)
        return {};
    std::vector<WCHAR> buf(size / sizeof(WCHAR) + 1, 0);
    if (RegQueryValueExW(key, name, nullptr, &type, reinterpret_cast<BYTE*>(buf.data()), &size) != ERROR_SUCCESS)
        return {};
    buf[size / sizeof(WCHAR)] = 0;
    return wstring(buf.data());
}

// Reads the little-endian blob field by field; a length running past the end makes it bad.
struct Reader {
    const std::vector<BYTE>& b;
    size_t at = 0;
    bool bad = false;

    bool more() const { return at + sizeof(DWORD) <= b.size(); }
    DWORD dword()
    {
        if (!more()) { bad = true; return 0; }
        DWORD v;
        std::memcpy(&v, b.data() + at, sizeof v);
        at += sizeof v;
        return v;
    }
    // A length-prefixed byte string, each byte one character (Latin-1, as Wine's winhttp widens
    // them); an absent field at the very end reads as "".
    wstring string()
    {
        if (!more()) return {};
        DWORD n = dword();
        if (n > b.size() - at) { bad = true; return {}; }
        wstring s;
        for (DWORD i = 0; i < n; i++) s += static_cast<WCHAR>(b[at + i]);
        at += n;
        while (!s.empty() && s.back() == 0) s.pop_back();   // some writers count a terminator
        return s;
    }
};

void set_named(ProxyConfig& cfg, wstring proxy, wstring bypass)
{
    if (proxy.empty()) return;   // a proxy type without a proxy list is direct
    cfg.access_type = WINHTTP_ACCESS_TYPE_NAMED_PROXY;
    cfg.proxy = std::move(proxy);
    cfg.bypass = std::move(bypass);
}

bool all_ascii(const WCHAR* s)
{
    for (; s && *s; s++)
        if (static_cast<unsigned>(*s) > 0x7F) return false;
    return true;
}

size_t length(const WCHAR* s)
{
    size_t n = 0;
    while (s && s[n]) n++;
    return n;
}

void put_dword(std::vector<BYTE>& out, DWORD v)
{
    BYTE b[sizeof v];
    std::memcpy(b, &v, sizeof v);
    out.insert(out.end(), b, b + sizeof v);
}

void put_string(std::vector<BYTE>& out, const WCHAR* s)
{
    size_t n = length(s);
    put_dword(out, static_cast<DWORD>(n));
    for (size_t i = 0; i < n; i++) out.push_back(static_cast<BYTE>(s[i]));   // ASCII, checked
}

WCHAR* dup_global(const wstring& s)
{
    if (s.empty()) return nullptr;
    auto* g = static_cast<WCHAR*>(GlobalAlloc(GMEM_FIXED, (s.size() + 1) * sizeof(WCHAR)));
    if (g) CopyMemory(g, s.c_str(), (s.size() + 1) * sizeof(WCHAR));
    return g;
}

// GlobalAlloc'd copies of the strings; all or nothing.
template <size_t N> bool dup_all(const wstring* (&src)[N], WCHAR* (&dst)[N])
{
    for (size_t i = 0; i < N; i++) {
        dst[i] = dup_global(*src[i]);
        if (!dst[i] && !src[i]->empty()) {
            for (size_t k = 0; k < i; k++)
                if (dst[k]) GlobalFree(dst[k]);
            return false;
        }
    }
    return true;
}

} // namespace

ProxyConfig read_default()
{
    ProxyConfig cfg;
    try {
        std::vector<BYTE> blob;
        if (!read_binary(HKEY_LOCAL_MACHINE, kConnections, L"WinHttpSettings", blob)) return cfg;
        Reader r{blob};
        DWORD magic = r.dword();
        r.dword();   // 0 as Wine and Windows write it; not checked
        DWORD flags = r.dword();
        if (r.bad || (magic != kWinHttpMagic && magic != kWinHttpMagicNew)) return cfg;
        if (flags & kTypeProxy) {
            wstring proxy = r.string();
            wstring bypass = r.string();
            if (r.bad) return cfg;
            set_named(cfg, std::move(proxy), std::move(bypass));
        }
        cfg.present = true;
    } catch (const std::bad_alloc&) {
        cfg = ProxyConfig();   // as if the registry held nothing
    }
    return cfg;
}

ProxyConfig read_user()
{
    ProxyConfig cfg;
    try {
        // The WinINet blob, which Windows and Wine's winhttp read.
        std::vector<BYTE> blob;
        if (read_binary(HKEY_CURRENT_USER, kConnections, L"DefaultConnectionSettings", blob)) {
            Reader r{blob};
            DWORD magic = r.dword();
            r.dword();   // the change counter
            DWORD flags = r.dword();
            wstring proxy = r.string(), bypass = r.string(), url = r.string();
            if (!r.bad && (magic == kWinInetMagic || magic == kWinInetMagicOld)) {
                cfg.present = true;
                cfg.auto_detect = (flags & kTypeAutoDetect) != 0;
                if (flags & kTypeProxy) set_named(cfg, std::move(proxy), std::move(bypass));
                if (flags & kTypeAutoProxyUrl) cfg.auto_config_url = std::move(url);
                return cfg;
            }
        }
        // The plain values (what WinINet and Wine's wininet keep besides the blob).
        HKEY key;
        if (RegOpenKeyExW(HKEY_CURRENT_USER, kInternetSettings, 0, KEY_READ, &key) != ERROR_SUCCESS) return cfg;
        DWORD enable = 0, type = 0, size = sizeof enable;
        if (RegQueryValueExW(key, L"ProxyEnable", nullptr, &type, reinterpret_cast<BYTE*>(&enable), &size) !=
                ERROR_SUCCESS ||
            type != REG_DWORD || size != sizeof enable)
            enable = 0;
        wstring server = enable ? read_string(key, L"ProxyServer") : wstring();
        wstring override_list = server.empty() ? wstring() : read_string(key, L"ProxyOverride");
        wstring url = read_string(key, L"AutoConfigURL");
        RegCloseKey(key);
        set_named(cfg, std::move(server), std::move(override_list));
        cfg.auto_config_url = std::move(url);
        cfg.present = cfg.access_type == WINHTTP_ACCESS_TYPE_NAMED_PROXY || !cfg.auto_config_url.empty();
    } catch (const std::bad_alloc&) {
        cfg = ProxyConfig();
    }
    return cfg;
}

DWORD write_default(const WINHTTP_PROXY_INFO* info)
{
    // The engine's checks (engine/proxy_config.cpp SetDefaultProxyConfiguration, pinned in
    // tests/conformance/proxy.c): DEFAULT_PROXY and NO_PROXY store a direct setting.
    if (!info) return ERROR_INVALID_PARAMETER;
    bool named = false;
    switch (info->dwAccessType) {
    case WINHTTP_ACCESS_TYPE_DEFAULT_PROXY:
    case WINHTTP_ACCESS_TYPE_NO_PROXY:
        break;
    case WINHTTP_ACCESS_TYPE_NAMED_PROXY:
        if (!info->lpszProxy || !all_ascii(info->lpszProxy) || !all_ascii(info->lpszProxyBypass))
            return ERROR_INVALID_PARAMETER;
        named = true;
        break;
    default:
        return ERROR_INVALID_PARAMETER;
    }
    try {
        // As Wine's winhttp writes it: magic, 0, the type, then both strings (empty when direct).
        std::vector<BYTE> blob;
        put_dword(blob, kWinHttpMagic);
        put_dword(blob, 0);
        put_dword(blob, named ? kTypeProxy : kTypeDirect);
        put_string(blob, named ? info->lpszProxy : nullptr);
        put_string(blob, named ? info->lpszProxyBypass : nullptr);
        HKEY key;
        LONG e = RegCreateKeyExW(HKEY_LOCAL_MACHINE, kConnections, 0, nullptr, 0, KEY_WRITE, nullptr, &key, nullptr);
        if (e != ERROR_SUCCESS) return static_cast<DWORD>(e);
        e = RegSetValueExW(key, L"WinHttpSettings", 0, REG_BINARY, blob.data(), static_cast<DWORD>(blob.size()));
        RegCloseKey(key);
        return static_cast<DWORD>(e);
    } catch (const std::bad_alloc&) {
        return ERROR_NOT_ENOUGH_MEMORY;
    }
}

bool to_proxy_info(const ProxyConfig& cfg, WINHTTP_PROXY_INFO* info)
{
    const wstring* src[2] = {&cfg.proxy, &cfg.bypass};
    WCHAR* dst[2];
    if (!dup_all(src, dst)) return false;
    info->dwAccessType = cfg.access_type;
    info->lpszProxy = dst[0];
    info->lpszProxyBypass = dst[1];
    return true;
}

bool to_ie_config(const ProxyConfig& cfg, WINHTTP_CURRENT_USER_IE_PROXY_CONFIG* config)
{
    const wstring* src[3] = {&cfg.auto_config_url, &cfg.proxy, &cfg.bypass};
    WCHAR* dst[3];
    if (!dup_all(src, dst)) return false;
    config->fAutoDetect = cfg.auto_detect ? TRUE : FALSE;
    config->lpszAutoConfigUrl = dst[0];
    config->lpszProxy = dst[1];
    config->lpszProxyBypass = dst[2];
    return true;
}

wh_proxy_config to_unix(const ProxyConfig& cfg)
{
    wh_proxy_config u{};
    u.present = cfg.present;
    u.access_type = cfg.access_type;
    if (!cfg.proxy.empty()) u.proxy = reinterpret_cast<uintptr_t>(cfg.proxy.c_str());
    if (!cfg.bypass.empty()) u.bypass = reinterpret_cast<uintptr_t>(cfg.bypass.c_str());
    return u;
}

} // namespace winhttp::pe::registry
