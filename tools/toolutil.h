/* Helpers shared by the command-line tools (winhttp-url, winhttp-get): UTF-8 <-> UTF-16 for
 * arguments and output, and the names of Windows error codes for messages. Header-only C11 on the
 * public API (it also builds with mingw). Define TOOL_NAME (the program's name for messages) and
 * TOOL_OOM_STATUS (the exit status when memory runs out) before including it. */
#ifndef WINHTTP_TOOLS_TOOLUTIL_H
#define WINHTTP_TOOLS_TOOLUTIL_H

#include <winhttp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A newly allocated UTF-16 copy of the UTF-8 string s (invalid bytes become U+FFFD). */
static WCHAR *to_utf16(const char *s)
{
    size_t n = strlen(s), o = 0;
    WCHAR *d = malloc((n + 1) * sizeof *d);
    if (!d) { fputs(TOOL_NAME ": out of memory\n", stderr); exit(TOOL_OOM_STATUS); }
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
        int good = len > 0 && i + len <= n;
        unsigned long cp = len == 1 ? c : len == 2 ? (c & 0x1Fu) : len == 3 ? (c & 0x0Fu) : (c & 0x07u);
        for (size_t k = 1; good && k < len; k++) {
            unsigned char cc = (unsigned char)s[i + k];
            if ((cc & 0xC0) != 0x80) good = 0;
            else cp = (cp << 6) | (cc & 0x3Fu);
        }
        if (good && ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
                     cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)))
            good = 0;
        if (!good) { d[o++] = (WCHAR)0xFFFD; i++; continue; }
        if (cp >= 0x10000) {
            cp -= 0x10000;
            d[o++] = (WCHAR)(0xD800 + (cp >> 10));
            d[o++] = (WCHAR)(0xDC00 + (cp & 0x3FF));
        } else {
            d[o++] = (WCHAR)cp;
        }
        i += len;
    }
    d[o] = 0;
    return d;
}

/* Writes n UTF-16 code units of s to f as UTF-8 (lone surrogates become U+FFFD). */
static void put_utf16(FILE *f, const WCHAR *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned long cp = (unsigned long)s[i];
        if (cp >= 0xD800 && cp <= 0xDBFF && i + 1 < n && s[i + 1] >= 0xDC00 && s[i + 1] <= 0xDFFF) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + ((unsigned long)s[i + 1] - 0xDC00);
            i++;
        } else if (cp >= 0xD800 && cp <= 0xDFFF) {
            cp = 0xFFFD;
        }
        if (cp < 0x80) {
            fputc((int)cp, f);
        } else if (cp < 0x800) {
            fputc((int)(0xC0 | (cp >> 6)), f);
            fputc((int)(0x80 | (cp & 0x3F)), f);
        } else if (cp < 0x10000) {
            fputc((int)(0xE0 | (cp >> 12)), f);
            fputc((int)(0x80 | ((cp >> 6) & 0x3F)), f);
            fputc((int)(0x80 | (cp & 0x3F)), f);
        } else {
            fputc((int)(0xF0 | (cp >> 18)), f);
            fputc((int)(0x80 | ((cp >> 12) & 0x3F)), f);
            fputc((int)(0x80 | ((cp >> 6) & 0x3F)), f);
            fputc((int)(0x80 | (cp & 0x3F)), f);
        }
    }
}

static size_t wlen(const WCHAR *s)
{
    size_t n = 0;
    while (s && s[n]) n++;
    return n;
}

static const struct { unsigned long code; const char *name; } error_names[] = {
    { 0, "ERROR_SUCCESS" },
    { 6, "ERROR_INVALID_HANDLE" },
    { 8, "ERROR_NOT_ENOUGH_MEMORY" },
    { 87, "ERROR_INVALID_PARAMETER" },
    { 122, "ERROR_INSUFFICIENT_BUFFER" },
    { 1004, "ERROR_INVALID_FLAGS" },
    { 12001, "ERROR_WINHTTP_OUT_OF_HANDLES" },
    { 12002, "ERROR_WINHTTP_TIMEOUT" },
    { 12004, "ERROR_WINHTTP_INTERNAL_ERROR" },
    { 12005, "ERROR_WINHTTP_INVALID_URL" },
    { 12006, "ERROR_WINHTTP_UNRECOGNIZED_SCHEME" },
    { 12007, "ERROR_WINHTTP_NAME_NOT_RESOLVED" },
    { 12009, "ERROR_WINHTTP_INVALID_OPTION" },
    { 12011, "ERROR_WINHTTP_OPTION_NOT_SETTABLE" },
    { 12012, "ERROR_WINHTTP_SHUTDOWN" },
    { 12015, "ERROR_WINHTTP_LOGIN_FAILURE" },
    { 12017, "ERROR_WINHTTP_OPERATION_CANCELLED" },
    { 12018, "ERROR_WINHTTP_INCORRECT_HANDLE_TYPE" },
    { 12019, "ERROR_WINHTTP_INCORRECT_HANDLE_STATE" },
    { 12029, "ERROR_WINHTTP_CANNOT_CONNECT" },
    { 12030, "ERROR_WINHTTP_CONNECTION_ERROR" },
    { 12032, "ERROR_WINHTTP_RESEND_REQUEST" },
    { 12037, "ERROR_WINHTTP_SECURE_CERT_DATE_INVALID" },
    { 12038, "ERROR_WINHTTP_SECURE_CERT_CN_INVALID" },
    { 12044, "ERROR_WINHTTP_CLIENT_AUTH_CERT_NEEDED" },
    { 12045, "ERROR_WINHTTP_SECURE_INVALID_CA" },
    { 12057, "ERROR_WINHTTP_SECURE_CERT_REV_FAILED" },
    { 12100, "ERROR_WINHTTP_CANNOT_CALL_BEFORE_OPEN" },
    { 12101, "ERROR_WINHTTP_CANNOT_CALL_BEFORE_SEND" },
    { 12102, "ERROR_WINHTTP_CANNOT_CALL_AFTER_SEND" },
    { 12103, "ERROR_WINHTTP_CANNOT_CALL_AFTER_OPEN" },
    { 12150, "ERROR_WINHTTP_HEADER_NOT_FOUND" },
    { 12152, "ERROR_WINHTTP_INVALID_SERVER_RESPONSE" },
    { 12153, "ERROR_WINHTTP_INVALID_HEADER" },
    { 12154, "ERROR_WINHTTP_INVALID_QUERY_REQUEST" },
    { 12155, "ERROR_WINHTTP_HEADER_ALREADY_EXISTS" },
    { 12156, "ERROR_WINHTTP_REDIRECT_FAILED" },
    { 12157, "ERROR_WINHTTP_SECURE_CHANNEL_ERROR" },
    { 12166, "ERROR_WINHTTP_BAD_AUTO_PROXY_SCRIPT" },
    { 12167, "ERROR_WINHTTP_UNABLE_TO_DOWNLOAD_SCRIPT" },
    { 12169, "ERROR_WINHTTP_SECURE_INVALID_CERT" },
    { 12170, "ERROR_WINHTTP_SECURE_CERT_REVOKED" },
    { 12172, "ERROR_WINHTTP_NOT_INITIALIZED" },
    { 12175, "ERROR_WINHTTP_SECURE_FAILURE" },
    { 12176, "ERROR_WINHTTP_UNHANDLED_SCRIPT_TYPE" },
    { 12177, "ERROR_WINHTTP_SCRIPT_EXECUTION_ERROR" },
    { 12178, "ERROR_WINHTTP_AUTO_PROXY_SERVICE_ERROR" },
    { 12179, "ERROR_WINHTTP_SECURE_CERT_WRONG_USAGE" },
    { 12180, "ERROR_WINHTTP_AUTODETECTION_FAILED" },
    { 12181, "ERROR_WINHTTP_HEADER_COUNT_EXCEEDED" },
    { 12182, "ERROR_WINHTTP_HEADER_SIZE_OVERFLOW" },
    { 12183, "ERROR_WINHTTP_CHUNKED_ENCODING_HEADER_SIZE_OVERFLOW" },
    { 12184, "ERROR_WINHTTP_RESPONSE_DRAIN_OVERFLOW" },
    { 12185, "ERROR_WINHTTP_CLIENT_CERT_NO_PRIVATE_KEY" },
    { 12186, "ERROR_WINHTTP_CLIENT_CERT_NO_ACCESS_PRIVATE_KEY" },
    { 12187, "ERROR_WINHTTP_CLIENT_AUTH_CERT_NEEDED_PROXY" },
    { 12188, "ERROR_WINHTTP_SECURE_FAILURE_PROXY" },
    { 12190, "ERROR_WINHTTP_HTTP_PROTOCOL_MISMATCH" },
};

static const char *error_name(unsigned long e)
{
    for (size_t i = 0; i < sizeof error_names / sizeof error_names[0]; i++)
        if (error_names[i].code == e) return error_names[i].name;
    return NULL;
}

#endif
