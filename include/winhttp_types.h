/*
 * winhttp_types.h - Windows base types for the Linux WinHTTP implementation.
 *
 * On Windows (and under mingw-w64) this simply pulls in <windows.h>.
 * Everywhere else it provides the subset of the Windows base types,
 * structures and error codes that <winhttp.h> needs, with the sizes of
 * the Windows x64 data model (LLP64): DWORD/LONG/ULONG are 32 bits wide,
 * pointers and *_PTR types are pointer sized, WCHAR is a 16-bit UTF-16
 * code unit.  Structure layouts built from these types therefore match
 * the Windows ones on x86_64 / aarch64.
 */
#ifndef WINHTTP_TYPES_H
#define WINHTTP_TYPES_H

#ifdef _WIN32

#include <windows.h>

#else /* !_WIN32 */

#include <stddef.h>
#include <stdint.h>
#ifndef __cplusplus
#include <uchar.h>      /* char16_t for C11 */
#endif

/* ------------------------------------------------------------------ */
/* Calling conventions and linkage decorations (no-ops off Windows).  */
/* ------------------------------------------------------------------ */
#ifndef WINAPI
#define WINAPI
#endif
#ifndef WINAPIV
#define WINAPIV
#endif
#ifndef CALLBACK
#define CALLBACK
#endif
#ifndef APIENTRY
#define APIENTRY
#endif
#ifndef DECLSPEC_IMPORT
#define DECLSPEC_IMPORT
#endif

#ifndef VOID
#define VOID void
#endif

#ifndef TRUE
#define TRUE  1
#endif
#ifndef FALSE
#define FALSE 0
#endif

#ifndef INFINITE
#define INFINITE 0xFFFFFFFF
#endif

/* Code pages accepted by the *Ex header functions. */
#ifndef CP_ACP
#define CP_ACP  0
#endif
#ifndef CP_UTF8
#define CP_UTF8 65001
#endif

/* ------------------------------------------------------------------ */
/* Scalar types (LLP64 widths).                                        */
/* Guarded as a block so that another Windows-compatibility header    */
/* defining the same names first does not clash with us.              */
/* ------------------------------------------------------------------ */
#ifndef WINHTTP_NATIVE_BASETYPES_DEFINED
#define WINHTTP_NATIVE_BASETYPES_DEFINED

typedef int                 BOOL;
typedef BOOL               *PBOOL, *LPBOOL;
typedef unsigned char       BYTE;
typedef BYTE               *PBYTE, *LPBYTE;
typedef BYTE                BOOLEAN;
typedef BOOLEAN            *PBOOLEAN;
typedef char                CHAR;
typedef unsigned char       UCHAR;
typedef CHAR               *PCHAR;
typedef UCHAR              *PUCHAR;
typedef int16_t             SHORT;
typedef uint16_t            USHORT;
typedef uint16_t            WORD;
typedef SHORT              *PSHORT;
typedef USHORT             *PUSHORT;
typedef WORD               *PWORD, *LPWORD;
typedef int                 INT;
typedef unsigned int        UINT;
typedef INT                *PINT, *LPINT;
typedef UINT               *PUINT;
typedef int32_t             LONG;
typedef uint32_t            ULONG;
typedef uint32_t            DWORD;
typedef LONG               *PLONG, *LPLONG;
typedef ULONG              *PULONG;
typedef DWORD              *PDWORD, *LPDWORD;
typedef int64_t             LONGLONG;
typedef uint64_t            ULONGLONG;
typedef uint64_t            DWORDLONG;
typedef int64_t             LONG64;
typedef uint64_t            ULONG64;
typedef uint64_t            DWORD64;
typedef int64_t             INT64;
typedef uint64_t            UINT64;
typedef LONGLONG           *PLONGLONG;
typedef ULONGLONG          *PULONGLONG;
typedef DWORDLONG          *PDWORDLONG;

typedef intptr_t            INT_PTR;
typedef uintptr_t           UINT_PTR;
typedef intptr_t            LONG_PTR;
typedef uintptr_t           ULONG_PTR;
typedef ULONG_PTR           DWORD_PTR;
typedef size_t              SIZE_T;
typedef LONG_PTR            SSIZE_T;
typedef INT_PTR            *PINT_PTR;
typedef UINT_PTR           *PUINT_PTR;
typedef LONG_PTR           *PLONG_PTR;
typedef ULONG_PTR          *PULONG_PTR;
typedef DWORD_PTR          *PDWORD_PTR;
typedef SIZE_T             *PSIZE_T;

typedef void               *PVOID, *LPVOID;
typedef const void         *LPCVOID;
typedef void               *HANDLE;
typedef HANDLE             *PHANDLE, *LPHANDLE;
typedef LONG                HRESULT;

/* Characters and strings: WCHAR is a UTF-16 code unit, so u"..." literals
 * are valid LPCWSTR values in both C11 and C++. */
typedef char16_t            WCHAR;
typedef WCHAR              *PWCHAR, *LPWCH, *PWCH;
typedef const WCHAR        *LPCWCH, *PCWCH;
typedef WCHAR              *LPWSTR, *PWSTR;
typedef const WCHAR        *LPCWSTR, *PCWSTR;
typedef CHAR               *LPSTR, *PSTR;
typedef const CHAR         *LPCSTR, *PCSTR;

typedef USHORT              ADDRESS_FAMILY;
typedef unsigned int        ALG_ID;

/* ------------------------------------------------------------------ */
/* Structures shared with the rest of the Windows API.                */
/* ------------------------------------------------------------------ */

/* 100-nanosecond intervals since 1601-01-01 UTC, split in two halves. */
typedef struct _FILETIME {
    DWORD dwLowDateTime;
    DWORD dwHighDateTime;
} FILETIME, *PFILETIME, *LPFILETIME;

/* Broken-down calendar time, in the Windows field order. */
typedef struct _SYSTEMTIME {
    WORD wYear;
    WORD wMonth;
    WORD wDayOfWeek;
    WORD wDay;
    WORD wHour;
    WORD wMinute;
    WORD wSecond;
    WORD wMilliseconds;
} SYSTEMTIME, *PSYSTEMTIME, *LPSYSTEMTIME;

typedef struct _GUID {
    uint32_t      Data1;
    unsigned short Data2;
    unsigned short Data3;
    unsigned char Data4[8];
} GUID, *LPGUID;
typedef const GUID *LPCGUID;

/* Winsock's protocol-independent socket address (128 bytes, 8-aligned).
 * Note: ss_family holds Windows AF_* values (AF_INET 2, AF_INET6 23). */
#define _SS_MAXSIZE   128
#define _SS_ALIGNSIZE 8
#define _SS_PAD1SIZE  (_SS_ALIGNSIZE - sizeof(USHORT))
#define _SS_PAD2SIZE  (_SS_MAXSIZE - (sizeof(USHORT) + _SS_PAD1SIZE + _SS_ALIGNSIZE))
typedef struct _SOCKADDR_STORAGE {
    ADDRESS_FAMILY ss_family;
    CHAR           __ss_pad1[_SS_PAD1SIZE];
    LONGLONG       __ss_align;
    CHAR           __ss_pad2[_SS_PAD2SIZE];
} SOCKADDR_STORAGE, *PSOCKADDR_STORAGE, *LPSOCKADDR_STORAGE;

/* SChannel connection summary (schannel.h). */
typedef struct _SecPkgContext_ConnectionInfo {
    DWORD  dwProtocol;
    ALG_ID aiCipher;
    DWORD  dwCipherStrength;
    ALG_ID aiHash;
    DWORD  dwHashStrength;
    ALG_ID aiExch;
    DWORD  dwExchStrength;
} SecPkgContext_ConnectionInfo, *PSecPkgContext_ConnectionInfo;

#define SZ_ALG_MAX_SIZE 64

/* SChannel negotiated cipher suite description (schannel.h). */
typedef struct _SecPkgContext_CipherInfo {
    DWORD dwVersion;
    DWORD dwProtocol;
    DWORD dwCipherSuite;
    DWORD dwBaseCipherSuite;
    WCHAR szCipherSuite[SZ_ALG_MAX_SIZE];
    WCHAR szCipher[SZ_ALG_MAX_SIZE];
    DWORD dwCipherLen;
    DWORD dwCipherBlockLen;
    WCHAR szHash[SZ_ALG_MAX_SIZE];
    DWORD dwHashLen;
    WCHAR szExchange[SZ_ALG_MAX_SIZE];
    DWORD dwMinExchangeLen;
    DWORD dwMaxExchangeLen;
    WCHAR szCertificate[SZ_ALG_MAX_SIZE];
    DWORD dwKeyType;
} SecPkgContext_CipherInfo, *PSecPkgContext_CipherInfo;

/* A server certificate as WINHTTP_OPTION_SERVER_CERT_CONTEXT hands it out natively: the
 * leading fields of wincrypt.h's CERT_CONTEXT, the DER bytes in pbCertEncoded (pCertInfo and
 * hCertStore are NULL). One allocation: native callers free() the pointer (Windows programs call
 * CertFreeCertificateContext on the real CERT_CONTEXT the Wine module gives them). */
#ifndef X509_ASN_ENCODING
#define X509_ASN_ENCODING   0x00000001
#endif
#ifndef PKCS_7_ASN_ENCODING
#define PKCS_7_ASN_ENCODING 0x00010000
#endif
typedef struct _CERT_CONTEXT {
    DWORD dwCertEncodingType;
    BYTE *pbCertEncoded;
    DWORD cbCertEncoded;
    void *pCertInfo;
    void *hCertStore;
} CERT_CONTEXT, *PCERT_CONTEXT;
typedef const CERT_CONTEXT *PCCERT_CONTEXT;

/* The server's certificate chain as WINHTTP_OPTION_SERVER_CERT_CHAIN_CONTEXT hands it out
 * natively: wincrypt.h's CERT_CHAIN_CONTEXT layout with one simple chain whose elements hold
 * CERT_CONTEXT-shaped certificates as above, leaf first, root last. One allocation: native
 * callers free() the pointer (Windows programs get crypt32's chain under Wine and call
 * CertFreeCertificateChain). Fields this implementation does not fill are zero. */
typedef struct _CERT_TRUST_STATUS {
    DWORD dwErrorStatus;
    DWORD dwInfoStatus;
} CERT_TRUST_STATUS, *PCERT_TRUST_STATUS;
typedef struct _CERT_CHAIN_ELEMENT {
    DWORD cbSize;
    PCCERT_CONTEXT pCertContext;
    CERT_TRUST_STATUS TrustStatus;
    void *pRevocationInfo;
    void *pIssuanceUsage;
    void *pApplicationUsage;
    const WCHAR *pwszExtendedErrorInfo;
} CERT_CHAIN_ELEMENT, *PCERT_CHAIN_ELEMENT;
typedef const CERT_CHAIN_ELEMENT *PCCERT_CHAIN_ELEMENT;
typedef struct _CERT_SIMPLE_CHAIN {
    DWORD cbSize;
    CERT_TRUST_STATUS TrustStatus;
    DWORD cElement;
    PCERT_CHAIN_ELEMENT *rgpElement;
    void *pTrustListInfo;
    BOOL fHasRevocationFreshnessTime;
    DWORD dwRevocationFreshnessTime;
} CERT_SIMPLE_CHAIN, *PCERT_SIMPLE_CHAIN;
typedef const CERT_SIMPLE_CHAIN *PCCERT_SIMPLE_CHAIN;
typedef struct _CERT_CHAIN_CONTEXT CERT_CHAIN_CONTEXT, *PCERT_CHAIN_CONTEXT;
typedef const CERT_CHAIN_CONTEXT *PCCERT_CHAIN_CONTEXT;
struct _CERT_CHAIN_CONTEXT {
    DWORD cbSize;
    CERT_TRUST_STATUS TrustStatus;
    DWORD cChain;
    PCERT_SIMPLE_CHAIN *rgpChain;
    DWORD cLowerQualityChainContext;
    PCCERT_CHAIN_CONTEXT *rgpLowerQualityChainContext;
    BOOL fHasRevocationFreshnessTime;
    DWORD dwRevocationFreshnessTime;
    DWORD dwCreateFlags;
    GUID ChainId;
};
/* CERT_TRUST_STATUS bits (wincrypt.h values) the native chain uses. */
#define CERT_TRUST_NO_ERROR                     0x00000000
#define CERT_TRUST_IS_NOT_TIME_VALID            0x00000001
#define CERT_TRUST_IS_REVOKED                   0x00000004
#define CERT_TRUST_IS_NOT_SIGNATURE_VALID       0x00000008
#define CERT_TRUST_IS_NOT_VALID_FOR_USAGE       0x00000010
#define CERT_TRUST_IS_UNTRUSTED_ROOT            0x00000020
#define CERT_TRUST_REVOCATION_STATUS_UNKNOWN    0x00000040
#define CERT_TRUST_IS_PARTIAL_CHAIN             0x00010000
#define CERT_TRUST_IS_OFFLINE_REVOCATION        0x01000000
#define CERT_TRUST_HAS_NAME_MATCH_ISSUER        0x00000004
#define CERT_TRUST_IS_SELF_SIGNED               0x00000008
#define CERT_TRUST_HAS_PREFERRED_ISSUER         0x00000100

#endif /* WINHTTP_NATIVE_BASETYPES_DEFINED */

/* ------------------------------------------------------------------ */
/* Win32 error codes (winerror.h values) that WinHTTP functions may    */
/* report through GetLastError() or return directly.                  */
/* ------------------------------------------------------------------ */
#ifndef ERROR_SUCCESS
#define ERROR_SUCCESS                 0
#endif
#ifndef NO_ERROR
#define NO_ERROR                      0
#endif
#ifndef ERROR_INVALID_FUNCTION
#define ERROR_INVALID_FUNCTION        1
#endif
#ifndef ERROR_FILE_NOT_FOUND
#define ERROR_FILE_NOT_FOUND          2
#endif
#ifndef ERROR_PATH_NOT_FOUND
#define ERROR_PATH_NOT_FOUND          3
#endif
#ifndef ERROR_ACCESS_DENIED
#define ERROR_ACCESS_DENIED           5
#endif
#ifndef ERROR_INVALID_HANDLE
#define ERROR_INVALID_HANDLE          6
#endif
#ifndef ERROR_NOT_ENOUGH_MEMORY
#define ERROR_NOT_ENOUGH_MEMORY       8
#endif
#ifndef ERROR_INVALID_DATA
#define ERROR_INVALID_DATA            13
#endif
#ifndef ERROR_OUTOFMEMORY
#define ERROR_OUTOFMEMORY             14
#endif
#ifndef ERROR_NO_MORE_FILES
#define ERROR_NO_MORE_FILES           18
#endif
#ifndef ERROR_GEN_FAILURE
#define ERROR_GEN_FAILURE             31
#endif
#ifndef ERROR_HANDLE_EOF
#define ERROR_HANDLE_EOF              38
#endif
#ifndef ERROR_NOT_SUPPORTED
#define ERROR_NOT_SUPPORTED           50
#endif
#ifndef ERROR_INVALID_PARAMETER
#define ERROR_INVALID_PARAMETER       87
#endif
#ifndef ERROR_BUFFER_OVERFLOW
#define ERROR_BUFFER_OVERFLOW         111
#endif
#ifndef ERROR_INSUFFICIENT_BUFFER
#define ERROR_INSUFFICIENT_BUFFER     122
#endif
#ifndef ERROR_INVALID_NAME
#define ERROR_INVALID_NAME            123
#endif
#ifndef ERROR_BAD_ARGUMENTS
#define ERROR_BAD_ARGUMENTS           160
#endif
#ifndef ERROR_ALREADY_EXISTS
#define ERROR_ALREADY_EXISTS          183
#endif
#ifndef ERROR_NO_DATA
#define ERROR_NO_DATA                 232
#endif
#ifndef ERROR_MORE_DATA
#define ERROR_MORE_DATA               234
#endif
#ifndef ERROR_NO_MORE_ITEMS
#define ERROR_NO_MORE_ITEMS           259
#endif
#ifndef ERROR_OPERATION_ABORTED
#define ERROR_OPERATION_ABORTED       995
#endif
#ifndef ERROR_IO_INCOMPLETE
#define ERROR_IO_INCOMPLETE           996
#endif
#ifndef ERROR_IO_PENDING
#define ERROR_IO_PENDING              997
#endif
#ifndef ERROR_NOACCESS
#define ERROR_NOACCESS                998
#endif
#ifndef ERROR_INVALID_FLAGS
#define ERROR_INVALID_FLAGS           1004
#endif
#ifndef ERROR_NO_TOKEN
#define ERROR_NO_TOKEN                1008
#endif
#ifndef ERROR_NO_UNICODE_TRANSLATION
#define ERROR_NO_UNICODE_TRANSLATION  1113
#endif
#ifndef ERROR_NOT_FOUND
#define ERROR_NOT_FOUND               1168
#endif
#ifndef ERROR_CANCELLED
#define ERROR_CANCELLED               1223
#endif
#ifndef ERROR_CONNECTION_REFUSED
#define ERROR_CONNECTION_REFUSED      1225
#endif
#ifndef ERROR_NETWORK_UNREACHABLE
#define ERROR_NETWORK_UNREACHABLE     1231
#endif
#ifndef ERROR_HOST_UNREACHABLE
#define ERROR_HOST_UNREACHABLE        1232
#endif
#ifndef ERROR_CONNECTION_ABORTED
#define ERROR_CONNECTION_ABORTED      1236
#endif
#ifndef ERROR_INVALID_SERVER_STATE
#define ERROR_INVALID_SERVER_STATE    1352
#endif
#ifndef ERROR_INTERNAL_ERROR
#define ERROR_INTERNAL_ERROR          1359
#endif
#ifndef ERROR_TIMEOUT
#define ERROR_TIMEOUT                 1460
#endif
#ifndef ERROR_INVALID_OPERATION
#define ERROR_INVALID_OPERATION       4317
#endif
#ifndef ERROR_INVALID_STATE
#define ERROR_INVALID_STATE           5023
#endif

/* ------------------------------------------------------------------ */
/* Thread-local last-error value, exported by libwinhttp.so.           */
/* ------------------------------------------------------------------ */
#ifndef WINHTTP_NATIVE_LASTERROR_DECLARED
#define WINHTTP_NATIVE_LASTERROR_DECLARED
#ifdef __cplusplus
extern "C" {
#endif
#if defined(__GNUC__)
__attribute__((visibility("default")))
#endif
DWORD WINAPI GetLastError(void);
#if defined(__GNUC__)
__attribute__((visibility("default")))
#endif
void WINAPI SetLastError(DWORD dwErrCode);
#ifdef __cplusplus
}
#endif
#endif /* WINHTTP_NATIVE_LASTERROR_DECLARED */

#endif /* !_WIN32 */

#endif /* WINHTTP_TYPES_H */
