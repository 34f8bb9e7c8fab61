// HTTP dates: RFC 1123 formatting and the lenient parsing of RFC 1123, RFC 850 and asctime
// dates, for WinHttpTimeFromSystemTime / WinHttpTimeToSystemTime and for the engine's own header
// use (WINHTTP_QUERY_FLAG_SYSTEMTIME, cookie expiry).
#pragma once
#include "engine/ustr.h"
#include <cstdint>
#include <string>
#include <string_view>

namespace winhttp {

// The fields a date string yielded; -1 where nothing was found.
struct DateFields {
    int weekday = -1, day = -1, month = -1, year = -1, hour = -1, minute = -1, second = -1;
    bool has_date() const { return day >= 0 && month >= 0 && year >= 0; }
};

// Scans a date in any of the forms HTTP has used, leniently (case, separators, a missing
// weekday or zone, space-separated times): "Sun, 06 Nov 1994 08:49:37 GMT",
// "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994", " sun 6 nov 1994 8 49 37".
// Two-digit years are 1950-2049. Scanning stops at the first field that does not fit.
DateFields scan_http_date(std::string_view s);
DateFields scan_http_date(u16view s);

// A complete, valid date (day, month, year; missing time fields are 0) into `st`, with the day
// of the week computed. False when the string holds no complete valid date.
bool parse_http_date(std::string_view s, SYSTEMTIME& st);
bool parse_http_date(u16view s, SYSTEMTIME& st);

// "Sun, 06 Nov 1994 08:49:37 GMT" (the weekday is computed from the date, not taken from
// wDayOfWeek). The caller checks systemtime_valid() first.
std::string format_http_date(const SYSTEMTIME& st);

// What SystemTimeToFileTime accepts: years 1601-30827, real calendar days, hours < 24,
// minutes and seconds < 60, milliseconds < 1000 (wDayOfWeek is ignored).
bool systemtime_valid(const SYSTEMTIME& st);
int days_in_month(int year, int month);
int day_of_week(int year, int month, int day);   // 0 = Sunday

// Seconds since 1970-01-01 UTC, and back.
int64_t systemtime_to_unix(const SYSTEMTIME& st);
SYSTEMTIME unix_to_systemtime(int64_t secs);
SYSTEMTIME current_systemtime();   // now, UTC, with milliseconds

} // namespace winhttp
