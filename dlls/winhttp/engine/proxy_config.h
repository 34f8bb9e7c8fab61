// Proxy configuration sources on Linux and the proxy-list helpers the proxy resolver shares:
// the default configuration file (what proxycfg/netsh keep in the registry on Windows), the
// http_proxy/https_proxy/no_proxy environment, Windows proxy lists and bypass lists.
//
// Default configuration file: $WINHTTP_PROXY_CONFIG, else $XDG_CONFIG_HOME/winhttp/proxy.conf,
// else ~/.config/winhttp/proxy.conf. UTF-8 text, one `key=value` per line:
//   access_type=named_proxy | no_proxy      (anything else reads as no_proxy)
//   proxy=<Windows proxy list>               e.g. http=a:3128;https=b:3129  or  a:3128
//   bypass=<Windows bypass list>             e.g. <local>;*.example.com
// Blank lines and lines whose first non-blank character is '#' are ignored, as are unknown
// keys; whitespace around keys and values is ignored; in values, "\xHH" stands for the byte HH
// (the writer uses it for control characters, backslashes and edge whitespace only).
#pragma once
#include <winhttp.h>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace winhttp {

// Memory handed to the application by the proxy getters (GlobalAlloc'd on Windows; malloc'd
// here: native callers free() it, the Wine front copies it into GlobalAlloc'd memory and
// releases the original with global_free).
void* global_alloc(size_t size);
void global_free(void* p);

namespace proxy {

// An environment lookup (tests substitute their own); the default one is secure_getenv.
using EnvFn = const char* (*)(const char* name);
const char* default_env(const char* name);

// A proxy configuration with owned strings; empty string = absent.
struct Config {
    DWORD access_type = WINHTTP_ACCESS_TYPE_NO_PROXY;
    std::u16string proxy;
    std::u16string bypass;
};

// ---- the default configuration file
// The file's path ("" when no home directory is known); *explicit_path tells whether it came
// from $WINHTTP_PROXY_CONFIG (whose parent directories are not created).
std::string config_path(EnvFn env = default_env, bool* explicit_path = nullptr);
std::string format_config(const Config& cfg);
Config parse_config(std::string_view text);
// ERROR_SUCCESS and `cfg` filled, or ERROR_FILE_NOT_FOUND when the file cannot be read.
DWORD read_config_file(const std::string& path, Config& cfg);
// Atomic replace (temporary file in the same directory + rename); returns a Windows error:
// ERROR_ACCESS_DENIED for EACCES/EPERM/EROFS, ERROR_NOT_ENOUGH_MEMORY for ENOMEM,
// ERROR_WINHTTP_INTERNAL_ERROR for anything else. `make_dirs` creates missing parents.
DWORD write_config_file(const std::string& path, const Config& cfg, bool make_dirs);

// ---- the environment
// One http_proxy-style value as a "host[:port]" proxy server; "" when empty or unusable
// (a scheme other than http://, no host, a bad port).
std::u16string env_proxy_server(std::string_view value);
// A no_proxy value as a Windows bypass list ("" when nothing is left).
std::u16string no_proxy_to_bypass(std::string_view value);
// NAMED_PROXY with the proxy list and bypass list from the environment, else NO_PROXY.
Config config_from_env(EnvFn env = default_env);
// WINHTTP_AUTOCONFIG_URL, else auto_proxy; "" when neither is set.
std::u16string autoconfig_url_from_env(EnvFn env = default_env);
// The default configuration: the file when it exists, else the environment.
Config default_config(EnvFn env = default_env);

// ---- Windows proxy lists: entries "[<scheme>=][<scheme>://]<server>[:<port>]" separated
// by ';' or whitespace.
struct ProxyEntry {
    std::u16string scheme;        // lower case URL scheme it serves; "" = every scheme
    std::u16string proxy_scheme;  // lower case "<scheme>://" prefix of the server; "" = none
    std::u16string host;          // as written (IPv6 literals keep their brackets)
    INTERNET_PORT port = 0;       // 0 = not given
};
// Appends the entries of `list` to `out`; false if some entry was malformed (and skipped).
bool parse_proxy_list(std::u16string_view list, std::vector<ProxyEntry>& out);
// The entries that serve URLs of `scheme`: those naming it, else those naming no scheme.
std::vector<ProxyEntry> proxies_for_scheme(const std::vector<ProxyEntry>& list,
                                           std::u16string_view scheme);

// ---- Windows bypass lists: entries "<local>", "<-loopback>" or
// "[<scheme>://]<host pattern>[:<port>]" separated by ';' or whitespace; '*' in a pattern
// matches any run of characters, case is ignored. "<local>" matches host names without a dot.
// `port` is the port of the request (0 = unknown: entries with a port do not match);
// `scheme` its URL scheme (empty: entries with a scheme do not match).
bool bypass_entry_matches(std::u16string_view entry, std::u16string_view host,
                          INTERNET_PORT port, std::u16string_view scheme = {});
bool bypass_list_matches(std::u16string_view list, std::u16string_view host,
                         INTERNET_PORT port, std::u16string_view scheme = {});

} // namespace proxy
} // namespace winhttp
