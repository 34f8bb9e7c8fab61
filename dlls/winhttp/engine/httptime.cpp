// HTTP dates (see httptime.h) and the WinHttpTimeFromSystemTime / WinHttpTimeToSystemTime
// entry points.
#include "engine/httptime.h"
#include "engine/api.h"
#include <chrono>
#include <cstdio>
#include <new>
#include <vector>

namespace winhttp {

namespace {

const char* const kWeekdays[7] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
const char* const kMonths[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

struct Token {
    bool alpha;
    int number;            // numbers: the value (capped)
    char name[3];          // words: the first three letters, lowercase
    size_t length;
};

char lower(unsigned c) { return char(c >= 'A' && c <= 'Z' ? c + 32 : c); }
bool is_alpha(unsigned c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(unsigned c) { return c >= '0' && c <= '9'; }

// Splits into words and numbers; everything else separates. Stops at a NUL.
template <class Ch> std::vector<Token> tokenize(const Ch* s, size_t n)
{
    std::vector<Token> out;
    size_t i = 0;
    while (i < n && s[i] && out.size() < 16) {
        unsigned c = static_cast<unsigned>(s[i]);
        if (is_alpha(c)) {
            Token t{true, 0, {0, 0, 0}, 0};
            while (i < n && is_alpha(static_cast<unsigned>(s[i]))) {
                if (t.length < 3) t.name[t.length] = lower(static_cast<unsigned>(s[i]));
                t.length++;
                i++;
            }
            out.push_back(t);
        } else if (is_digit(c)) {
            Token t{false, 0, {0, 0, 0}, 0};
            while (i < n && is_digit(static_cast<unsigned>(s[i]))) {
                if (t.number < 100000) t.number = t.number * 10 + int(s[i] - '0');
                t.length++;
                i++;
            }
            out.push_back(t);
        } else {
            i++;
        }
    }
    return out;
}

int match(const Token& t, const char* const* names, int count)
{
    if (!t.alpha || t.length < 3) return -1;
    for (int k = 0; k < count; k++)
        if (t.name[0] == lower(names[k][0]) && t.name[1] == lower(names[k][1]) && t.name[2] == lower(names[k][2]))
            return k;
    return -1;
}

int fix_year(const Token& t)
{
    if (t.length <= 2) return t.number < 50 ? 2000 + t.number : 1900 + t.number;
    return t.number;
}

DateFields scan(const std::vector<Token>& t)
{
    DateFields f;
    size_t i = 0;
    auto num = [&](int& field) {
        if (i < t.size() && !t[i].alpha) { field = t[i].number; i++; return true; }
        return false;
    };
    if (i < t.size() && t[i].alpha) {
        f.weekday = match(t[i], kWeekdays, 7);
        if (f.weekday >= 0) i++;
    }
    if (i >= t.size()) return f;
    if (!t[i].alpha) {
        // RFC 1123 / RFC 850: day month year hour minute second
        f.day = t[i++].number;
        if (i >= t.size() || (f.month = match(t[i], kMonths, 12)) < 0) { f.month = -1; return f; }
        f.month++;
        i++;
        if (i >= t.size() || t[i].alpha) return f;
        f.year = fix_year(t[i++]);
        if (num(f.hour) && num(f.minute)) num(f.second);
        return f;
    }
    // asctime: month day hour minute second year (or month day year hour minute second)
    if ((f.month = match(t[i], kMonths, 12)) < 0) { f.month = -1; return f; }
    f.month++;
    i++;
    if (!num(f.day)) return f;
    if (i < t.size() && !t[i].alpha && t[i].length >= 3) {
        f.year = fix_year(t[i++]);
        if (num(f.hour) && num(f.minute)) num(f.second);
        return f;
    }
    int h = -1, m = -1, s = -1;
    if (num(h) && num(m) && num(s)) {
        // skip a zone word ("GMT") that some servers put before the year
        while (i < t.size() && t[i].alpha) i++;
        if (i < t.size()) {
            f.year = fix_year(t[i++]);
            f.hour = h; f.minute = m; f.second = s;
        }
    }
    return f;
}

bool fields_to_systemtime(const DateFields& f, SYSTEMTIME& st)
{
    if (!f.has_date()) return false;
    SYSTEMTIME t{};
    t.wYear = WORD(f.year);
    t.wMonth = WORD(f.month);
    t.wDay = WORD(f.day);
    t.wHour = WORD(f.hour < 0 ? 0 : f.hour);
    t.wMinute = WORD(f.minute < 0 ? 0 : f.minute);
    t.wSecond = WORD(f.second < 0 ? 0 : f.second);
    if (f.year > 30827 || f.day > 31 || f.hour > 23 || f.minute > 59 || f.second > 59) return false;
    if (!systemtime_valid(t)) return false;
    t.wDayOfWeek = WORD(day_of_week(t.wYear, t.wMonth, t.wDay));
    st = t;
    return true;
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

} // namespace

DateFields scan_http_date(std::string_view s) { return scan(tokenize(s.data(), s.size())); }
DateFields scan_http_date(u16view s) { return scan(tokenize(s.data(), s.size())); }

bool parse_http_date(std::string_view s, SYSTEMTIME& st) { return fields_to_systemtime(scan_http_date(s), st); }
bool parse_http_date(u16view s, SYSTEMTIME& st) { return fields_to_systemtime(scan_http_date(s), st); }

int days_in_month(int year, int month)
{
    static const int d[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12) return 0;
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return d[month - 1] + (month == 2 && leap ? 1 : 0);
}

int day_of_week(int year, int month, int day)
{
    int64_t days = days_from_civil(year, unsigned(month), unsigned(day));
    int64_t w = (days + 4) % 7;   // 1970-01-01 was a Thursday
    return int(w < 0 ? w + 7 : w);
}

bool systemtime_valid(const SYSTEMTIME& st)
{
    return st.wYear >= 1601 && st.wYear <= 30827 && st.wMonth >= 1 && st.wMonth <= 12 && st.wDay >= 1 &&
           st.wDay <= days_in_month(st.wYear, st.wMonth) && st.wHour < 24 && st.wMinute < 60 &&
           st.wSecond < 60 && st.wMilliseconds < 1000;
}

std::string format_http_date(const SYSTEMTIME& st)
{
    char buf[64];
    int wd = day_of_week(st.wYear, st.wMonth, st.wDay);
    const char* mon = st.wMonth >= 1 && st.wMonth <= 12 ? kMonths[st.wMonth - 1] : "???";
    snprintf(buf, sizeof buf, "%s, %02u %s %04u %02u:%02u:%02u GMT", kWeekdays[wd], unsigned(st.wDay), mon,
             unsigned(st.wYear), unsigned(st.wHour), unsigned(st.wMinute), unsigned(st.wSecond));
    return buf;
}

int64_t systemtime_to_unix(const SYSTEMTIME& st)
{
    return days_from_civil(st.wYear, st.wMonth, st.wDay) * 86400 + st.wHour * 3600 + st.wMinute * 60 + st.wSecond;
}

SYSTEMTIME unix_to_systemtime(int64_t secs)
{
    int64_t days = secs / 86400, rem = secs % 86400;
    if (rem < 0) { rem += 86400; days--; }
    // civil_from_days (Howard Hinnant)
    int64_t z = days + 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    int64_t y = static_cast<int64_t>(yoe) + era * 400 + (m <= 2);
    SYSTEMTIME st{};
    st.wYear = WORD(y);
    st.wMonth = WORD(m);
    st.wDay = WORD(d);
    st.wHour = WORD(rem / 3600);
    st.wMinute = WORD(rem / 60 % 60);
    st.wSecond = WORD(rem % 60);
    st.wDayOfWeek = WORD(day_of_week(int(y), int(m), int(d)));
    return st;
}

SYSTEMTIME current_systemtime()
{
    using namespace std::chrono;
    int64_t ms = duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
    int64_t secs = ms / 1000;
    SYSTEMTIME st = unix_to_systemtime(secs);
    st.wMilliseconds = WORD(ms - secs * 1000);
    return st;
}

namespace api {

BOOL TimeFromSystemTime(Call& c, const SYSTEMTIME* st, LPWSTR time)
{
    if (!st || !time) return c.fail(ERROR_INVALID_PARAMETER);
    // Windows validates the date the way SystemTimeToFileTime does and derives the weekday
    // from it; an impossible date is a parameter error.
    if (!systemtime_valid(*st)) return c.fail(ERROR_INVALID_PARAMETER);
    std::string s = format_http_date(*st);   // at most 30 characters: fits the 31-WCHAR buffer
    size_t n = 0;
    for (; n < s.size() && n < WINHTTP_TIME_FORMAT_BUFSIZE / sizeof(WCHAR) - 1; n++) time[n] = char16_t(s[n]);
    time[n] = 0;
    return TRUE;
}

BOOL TimeToSystemTime(Call& c, LPCWSTR time, SYSTEMTIME* st)
{
    if (!time || !st) return c.fail(ERROR_INVALID_PARAMETER);
    try {
        // Windows starts from the current time and overwrites what the string provides; a string
        // it cannot read still succeeds (Wine's winhttp and wininet tests).
        SYSTEMTIME out = current_systemtime();
        size_t n = 0;
        while (time[n] && n < 4096) n++;
        DateFields f = scan_http_date(u16view(time, n));
        if (f.weekday >= 0) out.wDayOfWeek = WORD(f.weekday);
        if (f.day >= 0) out.wDay = WORD(f.day);
        if (f.month >= 0) out.wMonth = WORD(f.month);
        if (f.year >= 0) out.wYear = WORD(f.year);
        if (f.has_date()) {
            out.wHour = WORD(f.hour < 0 ? 0 : f.hour);
            out.wMinute = WORD(f.minute < 0 ? 0 : f.minute);
            out.wSecond = WORD(f.second < 0 ? 0 : f.second);
            out.wMilliseconds = 0;
            if (f.day >= 1 && f.day <= days_in_month(f.year, f.month))
                out.wDayOfWeek = WORD(day_of_week(f.year, f.month, f.day));
        }
        *st = out;
        return TRUE;
    } catch (const std::bad_alloc&) {
        return c.fail(ERROR_NOT_ENOUGH_MEMORY);
    }
}

} // namespace api
} // namespace winhttp
