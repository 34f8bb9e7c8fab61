// Unit tests of engine/proxy_config: the default configuration file, the environment mapping,
// Windows proxy lists and bypass lists, and the three proxy configuration API functions.
// The engine headers come first: cmocka defines a fail() macro that Call::fail would meet.
#include "engine/api.h"
#include "engine/proxy_config.h"
#include "engine/ustr.h"
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
extern "C" {   // Debian's cmocka 1.1.5 header declares its functions without C linkage for C++
#include <cmocka.h>
}

using namespace winhttp;
using namespace winhttp::proxy;

namespace {

// ---- an injectable environment
std::map<std::string, std::string> fake;
const char* fake_env(const char* name)
{
    auto it = fake.find(name);
    return it == fake.end() ? nullptr : it->second.c_str();
}

std::string u8(std::u16string_view s) { return to_utf8(s); }

#define assert_u16_equal(a, b) assert_string_equal(u8(a).c_str(), (b))

// ---- a temporary directory, removed with everything in it
struct TempDir {
    std::string path;
    TempDir()
    {
        char tmpl[] = "/tmp/test_proxy_config.XXXXXX";
        assert_non_null(mkdtemp(tmpl));
        path = tmpl;
    }
    ~TempDir() { std::system(("rm -rf '" + path + "'").c_str()); }
};

std::string slurp(const std::string& path)
{
    std::string out;
    if (FILE* f = std::fopen(path.c_str(), "rb")) {
        char buf[512];
        size_t n;
        while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
        std::fclose(f);
    }
    return out;
}

void spew(const std::string& path, const std::string& text)
{
    FILE* f = std::fopen(path.c_str(), "wb");
    assert_non_null(f);
    std::fwrite(text.data(), 1, text.size(), f);
    std::fclose(f);
}

// Clears every variable the proxy code reads from the real environment.
void clear_real_env()
{
    for (const char* n : {"http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "no_proxy",
                          "NO_PROXY", "REQUEST_METHOD", "WINHTTP_AUTOCONFIG_URL", "auto_proxy",
                          "WINHTTP_PROXY_CONFIG"})
        unsetenv(n);
}

// ---------------------------------------------------------------- file format

void test_format_round_trip(void** state)
{
    (void)state;
    Config in;
    in.access_type = WINHTTP_ACCESS_TYPE_NAMED_PROXY;
    in.proxy = u"http=a.example:3128;https=b.example:3129";
    in.bypass = u"<local>;*.example.com";
    std::string text = format_config(in);
    assert_non_null(strstr(text.c_str(), "access_type=named_proxy\n"));
    assert_non_null(strstr(text.c_str(), "proxy=http=a.example:3128;https=b.example:3129\n"));
    assert_non_null(strstr(text.c_str(), "bypass=<local>;*.example.com\n"));
    Config out = parse_config(text);
    assert_int_equal(out.access_type, WINHTTP_ACCESS_TYPE_NAMED_PROXY);
    assert_true(out.proxy == in.proxy);
    assert_true(out.bypass == in.bypass);

    // No bypass: no bypass line, and none read back.
    in.bypass.clear();
    text = format_config(in);
    assert_null(strstr(text.c_str(), "bypass="));
    out = parse_config(text);
    assert_true(out.proxy == in.proxy);
    assert_true(out.bypass.empty());

    // Direct: only the access type is written.
    Config direct;
    direct.proxy = u"ignored:1";
    text = format_config(direct);
    assert_non_null(strstr(text.c_str(), "access_type=no_proxy\n"));
    assert_null(strstr(text.c_str(), "proxy=ignored"));
    out = parse_config(text);
    assert_int_equal(out.access_type, WINHTTP_ACCESS_TYPE_NO_PROXY);
    assert_true(out.proxy.empty());
}

void test_format_escapes(void** state)
{
    (void)state;
    Config in;
    in.access_type = WINHTTP_ACCESS_TYPE_NAMED_PROXY;
    in.proxy = u"  a\\b\nproxy_access=x\t";
    in.bypass = u"\x01\x7f#not a comment ";
    std::string text = format_config(in);
    // Every value stays on its own line; only control bytes, backslashes and edge blanks escape.
    assert_non_null(strstr(text.c_str(), "proxy=\\x20 a\\x5Cb\\x0Aproxy_access=x\\x09\n"));
    assert_non_null(strstr(text.c_str(), "bypass=\\x01\\x7F#not a comment\\x20\n"));
    Config out = parse_config(text);
    assert_int_equal(out.access_type, WINHTTP_ACCESS_TYPE_NAMED_PROXY);
    assert_true(out.proxy == in.proxy);
    assert_true(out.bypass == in.bypass);

    // Non-ASCII text travels as UTF-8.
    in.proxy = u"pr\u00f6xy:80";
    out = parse_config(format_config(in));
    assert_true(out.proxy == in.proxy);
}

void test_parse_hand_written(void** state)
{
    (void)state;
    Config c = parse_config("# comment\r\n\r\n  ACCESS_TYPE = Named_Proxy \r\n"
                            "   # another = comment\n"
                            "future_key=whatever\n"
                            "no equals sign here\n"
                            "proxy =  proxy.example:8080  \r\n"
                            "bypass=\\x5c\\zz\\x4\n");
    assert_int_equal(c.access_type, WINHTTP_ACCESS_TYPE_NAMED_PROXY);
    assert_u16_equal(c.proxy, "proxy.example:8080");
    assert_u16_equal(c.bypass, "\\\\zz\\x4");   // only complete \xHH escapes decode

    // The last assignment wins.
    c = parse_config("access_type=named_proxy\nproxy=a:1\nproxy=b:2\n");
    assert_u16_equal(c.proxy, "b:2");

    // No final newline.
    c = parse_config("access_type=named_proxy\nproxy=a:1");
    assert_u16_equal(c.proxy, "a:1");

    // A named proxy without a proxy list, or an unknown access type, configures nothing.
    c = parse_config("access_type=named_proxy\nbypass=<local>\n");
    assert_int_equal(c.access_type, WINHTTP_ACCESS_TYPE_NO_PROXY);
    assert_true(c.bypass.empty());
    c = parse_config("access_type=named_proxy\nproxy=\n");
    assert_int_equal(c.access_type, WINHTTP_ACCESS_TYPE_NO_PROXY);
    c = parse_config("access_type=automatic\nproxy=a:1\n");
    assert_int_equal(c.access_type, WINHTTP_ACCESS_TYPE_NO_PROXY);
    assert_true(c.proxy.empty());
    c = parse_config("proxy=a:1\n");
    assert_int_equal(c.access_type, WINHTTP_ACCESS_TYPE_NO_PROXY);
    c = parse_config("access_type=no_proxy\nproxy=a:1\nbypass=b\n");
    assert_int_equal(c.access_type, WINHTTP_ACCESS_TYPE_NO_PROXY);
    assert_true(c.proxy.empty());
    assert_true(c.bypass.empty());
    c = parse_config("");
    assert_int_equal(c.access_type, WINHTTP_ACCESS_TYPE_NO_PROXY);
    c = parse_config(std::string_view("access_type=named_proxy\nproxy=a\0b\n", 34));
    assert_int_equal(c.access_type, WINHTTP_ACCESS_TYPE_NAMED_PROXY);
}

// ---------------------------------------------------------------- files

void test_file_write_read(void** state)
{
    (void)state;
    TempDir dir;
    std::string path = dir.path + "/a/b/proxy.conf";
    Config in;
    in.access_type = WINHTTP_ACCESS_TYPE_NAMED_PROXY;
    in.proxy = u"proxy:3128";
    in.bypass = u"<local>";

    Config out;
    assert_int_equal(read_config_file(path, out), ERROR_FILE_NOT_FOUND);
    // Missing parents are created only when asked to.
    assert_int_equal(write_config_file(path, in, false), ERROR_WINHTTP_INTERNAL_ERROR);
    assert_int_equal(write_config_file(path, in, true), ERROR_SUCCESS);
    struct stat st;
    assert_int_equal(stat((dir.path + "/a").c_str(), &st), 0);
    assert_int_equal(st.st_mode & 0777, 0700);
    assert_int_equal(stat(path.c_str(), &st), 0);
    assert_int_equal(st.st_mode & 0777, 0644);
    assert_int_equal(read_config_file(path, out), ERROR_SUCCESS);
    assert_int_equal(out.access_type, WINHTTP_ACCESS_TYPE_NAMED_PROXY);
    assert_u16_equal(out.proxy, "proxy:3128");
    assert_u16_equal(out.bypass, "<local>");

    // Replacing keeps the file's mode and leaves no temporary file behind.
    assert_int_equal(chmod(path.c_str(), 0600), 0);
    assert_int_equal(write_config_file(path, Config(), false), ERROR_SUCCESS);
    assert_int_equal(stat(path.c_str(), &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_int_equal(read_config_file(path, out), ERROR_SUCCESS);
    assert_int_equal(out.access_type, WINHTTP_ACCESS_TYPE_NO_PROXY);
    std::string listing;
    FILE* ls = popen(("ls -A '" + dir.path + "/a/b'").c_str(), "r");
    char line[256];
    while (fgets(line, sizeof line, ls)) listing += line;
    pclose(ls);
    assert_string_equal(listing.c_str(), "proxy.conf\n");

    // A symlinked file is written through, the link stays.
    std::string target = dir.path + "/target.conf";
    spew(target, "access_type=no_proxy\n");
    std::string link = dir.path + "/link.conf";
    assert_int_equal(symlink(target.c_str(), link.c_str()), 0);
    assert_int_equal(write_config_file(link, in, false), ERROR_SUCCESS);
    assert_int_equal(lstat(link.c_str(), &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    assert_int_equal(read_config_file(target, out), ERROR_SUCCESS);
    assert_u16_equal(out.proxy, "proxy:3128");

    // A directory is not a config file; a parent that is a file is an internal error.
    assert_int_equal(read_config_file(dir.path, out), ERROR_FILE_NOT_FOUND);
    assert_int_equal(write_config_file(target + "/x.conf", in, false), ERROR_WINHTTP_INTERNAL_ERROR);
    assert_int_equal(write_config_file(target + "/x.conf", in, true), ERROR_WINHTTP_INTERNAL_ERROR);

    // A file that is absurdly large configures nothing (but exists).
    std::string big = dir.path + "/big.conf";
    spew(big, "access_type=named_proxy\nproxy=a:1\n" + std::string(2 << 20, '#'));
    out.access_type = 99;
    assert_int_equal(read_config_file(big, out), ERROR_SUCCESS);
    assert_int_equal(out.access_type, WINHTTP_ACCESS_TYPE_NO_PROXY);

    // A directory the user may not write to: ERROR_ACCESS_DENIED (root writes anywhere).
    if (geteuid() != 0) {
        std::string ro = dir.path + "/ro";
        assert_int_equal(mkdir(ro.c_str(), 0500), 0);
        assert_int_equal(write_config_file(ro + "/proxy.conf", in, false), ERROR_ACCESS_DENIED);
        assert_int_equal(write_config_file(ro + "/sub/proxy.conf", in, true), ERROR_ACCESS_DENIED);
        chmod(ro.c_str(), 0700);
    }
}

void test_config_path(void** state)
{
    (void)state;
    bool expl = true;
    fake = {{"HOME", "/home/u"}};
    assert_string_equal(config_path(fake_env, &expl).c_str(), "/home/u/.config/winhttp/proxy.conf");
    assert_false(expl);
    fake = {{"HOME", "/home/u"}, {"XDG_CONFIG_HOME", "/xdg"}};
    assert_string_equal(config_path(fake_env).c_str(), "/xdg/winhttp/proxy.conf");
    // A relative XDG_CONFIG_HOME is invalid and ignored, as the XDG spec says.
    fake = {{"HOME", "/home/u"}, {"XDG_CONFIG_HOME", "rel"}};
    assert_string_equal(config_path(fake_env).c_str(), "/home/u/.config/winhttp/proxy.conf");
    fake = {{"HOME", "/home/u"}, {"XDG_CONFIG_HOME", "/xdg"}, {"WINHTTP_PROXY_CONFIG", "/etc/p.conf"}};
    assert_string_equal(config_path(fake_env, &expl).c_str(), "/etc/p.conf");
    assert_true(expl);
    fake = {{"HOME", "/home/u"}, {"WINHTTP_PROXY_CONFIG", ""}};
    assert_string_equal(config_path(fake_env, &expl).c_str(), "/home/u/.config/winhttp/proxy.conf");
    assert_false(expl);
    // Without HOME, the password database supplies the home directory.
    fake = {};
    std::string p = config_path(fake_env);
    assert_true(p.empty() || p.find("/.config/winhttp/proxy.conf") != std::string::npos);
}

// ---------------------------------------------------------------- environment

void test_env_proxy_server(void** state)
{
    (void)state;
    assert_u16_equal(env_proxy_server("proxy:3128"), "proxy:3128");
    assert_u16_equal(env_proxy_server("http://proxy:3128"), "proxy:3128");
    assert_u16_equal(env_proxy_server("HTTP://proxy:3128/"), "proxy:3128");
    assert_u16_equal(env_proxy_server("  http://user:pa%40ss@proxy.example:8080/path?q#f "),
                     "proxy.example:8080");
    assert_u16_equal(env_proxy_server("http://proxy"), "proxy");   // WinHTTP's default port then
    assert_u16_equal(env_proxy_server("proxy:"), "proxy");
    assert_u16_equal(env_proxy_server("http://[::1]:3128"), "[::1]:3128");
    assert_u16_equal(env_proxy_server("[fe80::1]"), "[fe80::1]");
    assert_u16_equal(env_proxy_server("proxy:03128"), "proxy:3128");
    // Unusable: WinHTTP cannot talk to SOCKS or TLS proxies; malformed values.
    assert_u16_equal(env_proxy_server(""), "");
    assert_u16_equal(env_proxy_server("   "), "");
    assert_u16_equal(env_proxy_server("socks5://proxy:1080"), "");
    assert_u16_equal(env_proxy_server("https://proxy:443"), "");
    assert_u16_equal(env_proxy_server("http://"), "");
    assert_u16_equal(env_proxy_server("http://:8080"), "");
    assert_u16_equal(env_proxy_server("proxy:0"), "");
    assert_u16_equal(env_proxy_server("proxy:65536"), "");
    assert_u16_equal(env_proxy_server("proxy:80x"), "");
    assert_u16_equal(env_proxy_server("::1"), "");
    assert_u16_equal(env_proxy_server("[::1"), "");
    assert_u16_equal(env_proxy_server("[::1]x"), "");
    assert_u16_equal(env_proxy_server("a;b:1"), "");
    assert_u16_equal(env_proxy_server("a=b:1"), "");
}

void test_no_proxy_to_bypass(void** state)
{
    (void)state;
    assert_u16_equal(no_proxy_to_bypass(""), "");
    assert_u16_equal(no_proxy_to_bypass(" , ,"), "");
    assert_u16_equal(no_proxy_to_bypass("example.com"), "example.com;*.example.com");
    assert_u16_equal(no_proxy_to_bypass(".example.com"), "*.example.com");
    assert_u16_equal(no_proxy_to_bypass("*.example.com"), "*.example.com");
    assert_u16_equal(no_proxy_to_bypass("."), "");
    assert_u16_equal(no_proxy_to_bypass("*"), "*");
    assert_u16_equal(no_proxy_to_bypass("<local>, localhost"), "<local>;localhost;*.localhost");
    assert_u16_equal(no_proxy_to_bypass("127.0.0.1,::1,[fe80::1]:8080"),
                     "127.0.0.1;[::1];[fe80::1]:8080");
    assert_u16_equal(no_proxy_to_bypass("intra:8080 .corp:443;bad:99999"),
                     "intra:8080;*.intra:8080;*.corp:443");
    // IPv4 ranges become wildcards; a range inside an octet expands to each value.
    assert_u16_equal(no_proxy_to_bypass("10.0.0.0/8,192.168.1.0/24,1.2.3.4/32"),
                     "10.*;192.168.1.*;1.2.3.4");
    assert_u16_equal(no_proxy_to_bypass("172.16.0.0/12"),
                     "172.16.*;172.17.*;172.18.*;172.19.*;172.20.*;172.21.*;172.22.*;172.23.*;"
                     "172.24.*;172.25.*;172.26.*;172.27.*;172.28.*;172.29.*;172.30.*;172.31.*");
    assert_u16_equal(no_proxy_to_bypass("10.1.2.5/31"), "10.1.2.4;10.1.2.5");
    assert_u16_equal(no_proxy_to_bypass("0.0.0.0/0"), "*");
    assert_u16_equal(no_proxy_to_bypass("224.0.0.0/4"),
                     "224.*;225.*;226.*;227.*;228.*;229.*;230.*;231.*;"
                     "232.*;233.*;234.*;235.*;236.*;237.*;238.*;239.*");
    // Not expressible (IPv6 ranges) or malformed: dropped.
    assert_u16_equal(no_proxy_to_bypass("fd00::/8,10.0.0.0/33,10.0.0/8,300.0.0.0/8,a/8,x"),
                     "x;*.x");
}

void test_config_from_env(void** state)
{
    (void)state;
    fake = {};
    Config c = config_from_env(fake_env);
    assert_int_equal(c.access_type, WINHTTP_ACCESS_TYPE_NO_PROXY);
    assert_true(c.proxy.empty() && c.bypass.empty());

    // The same proxy for both schemes is one bare server.
    fake = {{"http_proxy", "http://p:3128/"}, {"https_proxy", "p:3128"}, {"no_proxy", "localhost"}};
    c = config_from_env(fake_env);
    assert_int_equal(c.access_type, WINHTTP_ACCESS_TYPE_NAMED_PROXY);
    assert_u16_equal(c.proxy, "p:3128");
    assert_u16_equal(c.bypass, "localhost;*.localhost");

    fake = {{"http_proxy", "a:1"}, {"https_proxy", "b:2"}};
    c = config_from_env(fake_env);
    assert_u16_equal(c.proxy, "http=a:1;https=b:2");
    assert_true(c.bypass.empty());

    fake = {{"http_proxy", "a:1"}};
    assert_u16_equal(config_from_env(fake_env).proxy, "http=a:1");
    fake = {{"HTTPS_PROXY", "b:2"}, {"NO_PROXY", ".corp"}};
    c = config_from_env(fake_env);
    assert_u16_equal(c.proxy, "https=b:2");
    assert_u16_equal(c.bypass, "*.corp");

    // Lower case wins over upper case; blank counts as unset.
    fake = {{"http_proxy", "low:1"}, {"HTTP_PROXY", "up:1"}, {"no_proxy", "a"}, {"NO_PROXY", "b"}};
    c = config_from_env(fake_env);
    assert_u16_equal(c.proxy, "http=low:1");
    assert_u16_equal(c.bypass, "a;*.a");
    fake = {{"http_proxy", " "}, {"HTTP_PROXY", "up:1"}, {"no_proxy", ""}, {"NO_PROXY", "b"}};
    c = config_from_env(fake_env);
    assert_u16_equal(c.proxy, "http=up:1");
    assert_u16_equal(c.bypass, "b;*.b");

    // The first set variable decides even when it is unusable.
    fake = {{"http_proxy", "socks5://s:1080"}, {"HTTP_PROXY", "up:1"}};
    c = config_from_env(fake_env);
    assert_int_equal(c.access_type, WINHTTP_ACCESS_TYPE_NO_PROXY);

    // In a CGI program HTTP_PROXY may come from the client (httpoxy): ignored there.
    fake = {{"HTTP_PROXY", "evil:1"}, {"REQUEST_METHOD", "GET"}};
    assert_int_equal(config_from_env(fake_env).access_type, WINHTTP_ACCESS_TYPE_NO_PROXY);
    fake = {{"http_proxy", "good:1"}, {"REQUEST_METHOD", "GET"}};
    assert_u16_equal(config_from_env(fake_env).proxy, "http=good:1");

    // A bypass list without a proxy is no configuration.
    fake = {{"no_proxy", "example.com"}};
    c = config_from_env(fake_env);
    assert_int_equal(c.access_type, WINHTTP_ACCESS_TYPE_NO_PROXY);
    assert_true(c.bypass.empty());

    fake = {{"auto_proxy", "http://wpad/a.pac"}};
    assert_u16_equal(autoconfig_url_from_env(fake_env), "http://wpad/a.pac");
    fake = {{"auto_proxy", "http://wpad/a.pac"}, {"WINHTTP_AUTOCONFIG_URL", " http://pac/b.pac "}};
    assert_u16_equal(autoconfig_url_from_env(fake_env), "http://pac/b.pac");
    fake = {};
    assert_u16_equal(autoconfig_url_from_env(fake_env), "");
}

void test_default_config(void** state)
{
    (void)state;
    TempDir dir;
    std::string path = dir.path + "/proxy.conf";
    fake = {{"WINHTTP_PROXY_CONFIG", path}, {"http_proxy", "env:1"}};
    // No file: the environment.
    Config c = default_config(fake_env);
    assert_u16_equal(c.proxy, "http=env:1");
    // A file, even a direct one, wins over the environment.
    spew(path, "access_type=no_proxy\n");
    c = default_config(fake_env);
    assert_int_equal(c.access_type, WINHTTP_ACCESS_TYPE_NO_PROXY);
    spew(path, "access_type=named_proxy\nproxy=file:2\n");
    c = default_config(fake_env);
    assert_u16_equal(c.proxy, "file:2");
}

// ---------------------------------------------------------------- proxy lists

void test_parse_proxy_list(void** state)
{
    (void)state;
    std::vector<ProxyEntry> v;
    assert_true(parse_proxy_list(u"http=a:1;https=b:2", v));
    assert_int_equal(v.size(), 2);
    assert_u16_equal(v[0].scheme, "http");
    assert_u16_equal(v[0].host, "a");
    assert_int_equal(v[0].port, 1);
    assert_u16_equal(v[1].scheme, "https");
    assert_u16_equal(v[1].host, "b");
    assert_int_equal(v[1].port, 2);

    v.clear();
    assert_true(parse_proxy_list(u"  a:1 \t b:2;;c ", v));
    assert_int_equal(v.size(), 3);
    assert_true(v[0].scheme.empty());
    assert_u16_equal(v[1].host, "b");
    assert_int_equal(v[2].port, 0);

    v.clear();
    assert_true(parse_proxy_list(u"HTTP=http://Proxy:80/ https=[::1]:3128 socks=socks://s", v));
    assert_int_equal(v.size(), 3);
    assert_u16_equal(v[0].scheme, "http");
    assert_u16_equal(v[0].proxy_scheme, "http");
    assert_u16_equal(v[0].host, "Proxy");
    assert_int_equal(v[0].port, 80);
    assert_u16_equal(v[1].host, "[::1]");
    assert_int_equal(v[1].port, 3128);
    assert_u16_equal(v[2].proxy_scheme, "socks");

    v.clear();
    assert_true(parse_proxy_list(u"", v));
    assert_true(v.empty());
    // Malformed entries are skipped and reported.
    assert_false(parse_proxy_list(u"=a:1;good:2;b:0;c:99999;d:x;::1;[::1;http=;e:1", v));
    assert_int_equal(v.size(), 2);
    assert_u16_equal(v[0].host, "good");
    assert_u16_equal(v[1].host, "e");

    v.clear();
    parse_proxy_list(u"http=h:1 any:2 https=s:3 other:4", v);
    auto http = proxies_for_scheme(v, u"HTTP");
    assert_int_equal(http.size(), 1);
    assert_u16_equal(http[0].host, "h");
    auto ftp = proxies_for_scheme(v, u"ftp");
    assert_int_equal(ftp.size(), 2);
    assert_u16_equal(ftp[0].host, "any");
    assert_u16_equal(ftp[1].host, "other");
    v.clear();
    parse_proxy_list(u"http=h:1", v);
    assert_true(proxies_for_scheme(v, u"https").empty());
}

void test_bypass(void** state)
{
    (void)state;
    // <local>: names without a dot.
    assert_true(bypass_entry_matches(u"<local>", u"intranet", 80));
    assert_true(bypass_entry_matches(u"<LOCAL>", u"intranet", 0));
    assert_false(bypass_entry_matches(u"<local>", u"www.example.com", 80));
    assert_false(bypass_entry_matches(u"<local>", u"10.0.0.1", 80));
    assert_false(bypass_entry_matches(u"<local>", u"[::1]", 80));
    assert_false(bypass_entry_matches(u"<local>", u"", 80));
    assert_false(bypass_entry_matches(u"<-loopback>", u"localhost", 80));
    // Exact names, case-insensitive; a trailing dot on the host is ignored.
    assert_true(bypass_entry_matches(u"www.Example.com", u"WWW.example.COM.", 443));
    assert_false(bypass_entry_matches(u"example.com", u"www.example.com", 443));
    // Wildcards.
    assert_true(bypass_entry_matches(u"*.example.com", u"www.example.com", 80));
    assert_true(bypass_entry_matches(u"*.example.com", u"a.b.example.com", 80));
    assert_false(bypass_entry_matches(u"*.example.com", u"example.com", 80));
    assert_false(bypass_entry_matches(u"*.example.com", u"wwwexample.com", 80));
    assert_true(bypass_entry_matches(u"*example.com", u"example.com", 80));
    assert_true(bypass_entry_matches(u"10.*", u"10.1.2.3", 80));
    assert_false(bypass_entry_matches(u"10.*", u"110.1.2.3", 80));
    assert_true(bypass_entry_matches(u"*", u"anything.at.all", 80));
    assert_true(bypass_entry_matches(u"a*b*c", u"aXXbYYc", 80));
    assert_false(bypass_entry_matches(u"a*b*c", u"aXXbYYcd", 80));
    // host:port entries.
    assert_true(bypass_entry_matches(u"intra:8080", u"intra", 8080));
    assert_false(bypass_entry_matches(u"intra:8080", u"intra", 80));
    assert_false(bypass_entry_matches(u"intra:8080", u"intra", 0));
    assert_false(bypass_entry_matches(u"intra:bad", u"intra", 80));
    // IPv6 literals, with or without brackets on either side.
    assert_true(bypass_entry_matches(u"[::1]", u"::1", 80));
    assert_true(bypass_entry_matches(u"::1", u"[::1]", 80));
    assert_true(bypass_entry_matches(u"[::1]:8080", u"[::1]", 8080));
    assert_false(bypass_entry_matches(u"[::1]:8080", u"[::1]", 80));
    // Scheme-qualified entries.
    assert_true(bypass_entry_matches(u"https://*.corp", u"x.corp", 443, u"https"));
    assert_false(bypass_entry_matches(u"https://*.corp", u"x.corp", 80, u"http"));
    assert_false(bypass_entry_matches(u"https://*.corp", u"x.corp", 443));
    assert_true(bypass_entry_matches(u"http://x.corp:8080", u"x.corp", 8080, u"HTTP"));

    // Lists.
    std::u16string list = u" <local> ; *.example.com\tfoo.org:81;;";
    assert_true(bypass_list_matches(list, u"server", 80));
    assert_true(bypass_list_matches(list, u"a.example.com", 80));
    assert_true(bypass_list_matches(list, u"foo.org", 81));
    assert_false(bypass_list_matches(list, u"foo.org", 80));
    assert_false(bypass_list_matches(list, u"example.org", 80));
    assert_false(bypass_list_matches(u"", u"server", 80));
    // What the environment mapping produces matches what no_proxy meant.
    std::u16string env = no_proxy_to_bypass("example.com,.corp,10.0.0.0/8");
    assert_true(bypass_list_matches(env, u"example.com", 80));
    assert_true(bypass_list_matches(env, u"www.example.com", 80));
    assert_false(bypass_list_matches(env, u"badexample.com", 80));
    assert_true(bypass_list_matches(env, u"x.corp", 80));
    assert_true(bypass_list_matches(env, u"10.20.30.40", 80));
    assert_false(bypass_list_matches(env, u"11.0.0.1", 80));
}

// ---------------------------------------------------------------- API functions

void test_api_invalid(void** state)
{
    (void)state;
    {
        Call c;
        assert_false(api::GetIEProxyConfigForCurrentUser(c, nullptr));
        assert_int_equal(c.error, ERROR_INVALID_PARAMETER);
    }
    {
        Call c;
        assert_false(api::GetDefaultProxyConfiguration(c, nullptr));
        assert_int_equal(c.error, ERROR_INVALID_PARAMETER);
    }
    {
        Call c;
        assert_false(api::SetDefaultProxyConfiguration(c, nullptr));
        assert_int_equal(c.error, ERROR_INVALID_PARAMETER);
    }
    WCHAR wide[] = {0x226f, 0x575b, 0};
    WCHAR name[] = {'p', ':', '1', 0};
    struct { DWORD type; LPWSTR proxy, bypass; } bad[] = {
        {WINHTTP_ACCESS_TYPE_NAMED_PROXY, nullptr, nullptr},
        {WINHTTP_ACCESS_TYPE_NAMED_PROXY, nullptr, name},
        {WINHTTP_ACCESS_TYPE_NAMED_PROXY, wide, nullptr},
        {WINHTTP_ACCESS_TYPE_NAMED_PROXY, name, wide},
        {WINHTTP_ACCESS_TYPE_AUTOMATIC_PROXY, name, nullptr},
        {2, name, nullptr},
        {0xdeadbeef, nullptr, nullptr},
    };
    for (auto& b : bad) {
        WINHTTP_PROXY_INFO info = {b.type, b.proxy, b.bypass};
        Call c;
        assert_false(api::SetDefaultProxyConfiguration(c, &info));
        assert_int_equal(c.error, ERROR_INVALID_PARAMETER);
    }
}

void test_api_round_trip(void** state)
{
    (void)state;
    clear_real_env();
    TempDir dir;
    std::string path = dir.path + "/sub/proxy.conf";
    setenv("WINHTTP_PROXY_CONFIG", path.c_str(), 1);

    WINHTTP_PROXY_INFO info;
    std::memset(&info, 0xcc, sizeof info);
    {
        Call c;
        assert_true(api::GetDefaultProxyConfiguration(c, &info));
        assert_int_equal(c.error, ERROR_SUCCESS);
        assert_int_equal(info.dwAccessType, WINHTTP_ACCESS_TYPE_NO_PROXY);
        assert_null(info.lpszProxy);
        assert_null(info.lpszProxyBypass);
    }
    // The explicit path's directory is not created for it.
    WCHAR proxy_s[] = {'h', 't', 't', 'p', '=', 'a', ':', '1', ';', 'h', 't', 't', 'p', 's', '=', 'b', ':', '2', 0};
    WCHAR bypass_s[] = {'<', 'l', 'o', 'c', 'a', 'l', '>', 0};
    WINHTTP_PROXY_INFO set = {WINHTTP_ACCESS_TYPE_NAMED_PROXY, proxy_s, bypass_s};
    {
        Call c;
        assert_false(api::SetDefaultProxyConfiguration(c, &set));
        assert_int_equal(c.error, ERROR_WINHTTP_INTERNAL_ERROR);
    }
    path = dir.path + "/proxy.conf";
    setenv("WINHTTP_PROXY_CONFIG", path.c_str(), 1);
    {
        Call c;
        assert_true(api::SetDefaultProxyConfiguration(c, &set));
        assert_int_equal(c.error, ERROR_SUCCESS);
    }
    {
        Call c;
        assert_true(api::GetDefaultProxyConfiguration(c, &info));
        assert_int_equal(info.dwAccessType, WINHTTP_ACCESS_TYPE_NAMED_PROXY);
        assert_u16_equal(u16v(info.lpszProxy), "http=a:1;https=b:2");
        assert_u16_equal(u16v(info.lpszProxyBypass), "<local>");
        global_free(info.lpszProxy);
        global_free(info.lpszProxyBypass);
    }
    // DEFAULT_PROXY stores a direct configuration, ignoring the strings.
    set.dwAccessType = WINHTTP_ACCESS_TYPE_DEFAULT_PROXY;
    {
        Call c;
        assert_true(api::SetDefaultProxyConfiguration(c, &set));
    }
    {
        Call c;
        assert_true(api::GetDefaultProxyConfiguration(c, &info));
        assert_int_equal(info.dwAccessType, WINHTTP_ACCESS_TYPE_NO_PROXY);
        assert_null(info.lpszProxy);
        assert_null(info.lpszProxyBypass);
    }
    assert_non_null(strstr(slurp(path).c_str(), "access_type=no_proxy"));

    // The IE configuration comes from the environment only.
    WINHTTP_CURRENT_USER_IE_PROXY_CONFIG ie;
    std::memset(&ie, 0xcc, sizeof ie);
    {
        Call c;
        assert_true(api::GetIEProxyConfigForCurrentUser(c, &ie));
        assert_int_equal(c.error, ERROR_SUCCESS);
        assert_false(ie.fAutoDetect);
        assert_null(ie.lpszAutoConfigUrl);
        assert_null(ie.lpszProxy);
        assert_null(ie.lpszProxyBypass);
    }
    setenv("http_proxy", "http://p:8080", 1);
    setenv("no_proxy", "localhost,.lan", 1);
    setenv("WINHTTP_AUTOCONFIG_URL", "http://pac/x.pac", 1);
    {
        Call c;
        assert_true(api::GetIEProxyConfigForCurrentUser(c, &ie));
        assert_false(ie.fAutoDetect);
        assert_u16_equal(u16v(ie.lpszAutoConfigUrl), "http://pac/x.pac");
        assert_u16_equal(u16v(ie.lpszProxy), "http=p:8080");
        assert_u16_equal(u16v(ie.lpszProxyBypass), "localhost;*.localhost;*.lan");
        global_free(ie.lpszAutoConfigUrl);
        global_free(ie.lpszProxy);
        global_free(ie.lpszProxyBypass);
    }
    // The file (direct) still wins for the default configuration; without it, the environment.
    {
        Call c;
        assert_true(api::GetDefaultProxyConfiguration(c, &info));
        assert_int_equal(info.dwAccessType, WINHTTP_ACCESS_TYPE_NO_PROXY);
    }
    unlink(path.c_str());
    {
        Call c;
        assert_true(api::GetDefaultProxyConfiguration(c, &info));
        assert_int_equal(info.dwAccessType, WINHTTP_ACCESS_TYPE_NAMED_PROXY);
        assert_u16_equal(u16v(info.lpszProxy), "http=p:8080");
        assert_u16_equal(u16v(info.lpszProxyBypass), "localhost;*.localhost;*.lan");
        global_free(info.lpszProxy);
        global_free(info.lpszProxyBypass);
    }
    clear_real_env();
}

void test_api_default_location(void** state)
{
    (void)state;
    clear_real_env();
    TempDir dir;
    setenv("XDG_CONFIG_HOME", dir.path.c_str(), 1);
    WCHAR proxy_s[] = {'p', ':', '1', 0};
    WINHTTP_PROXY_INFO set = {WINHTTP_ACCESS_TYPE_NAMED_PROXY, proxy_s, nullptr};
    Call c;
    assert_true(api::SetDefaultProxyConfiguration(c, &set));
    std::string text = slurp(dir.path + "/winhttp/proxy.conf");
    assert_non_null(strstr(text.c_str(), "proxy=p:1\n"));
    assert_null(strstr(text.c_str(), "bypass"));
    unsetenv("XDG_CONFIG_HOME");
}

} // namespace

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format_round_trip),
        cmocka_unit_test(test_format_escapes),
        cmocka_unit_test(test_parse_hand_written),
        cmocka_unit_test(test_file_write_read),
        cmocka_unit_test(test_config_path),
        cmocka_unit_test(test_env_proxy_server),
        cmocka_unit_test(test_no_proxy_to_bypass),
        cmocka_unit_test(test_config_from_env),
        cmocka_unit_test(test_default_config),
        cmocka_unit_test(test_parse_proxy_list),
        cmocka_unit_test(test_bypass),
        cmocka_unit_test(test_api_invalid),
        cmocka_unit_test(test_api_round_trip),
        cmocka_unit_test(test_api_default_location),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
