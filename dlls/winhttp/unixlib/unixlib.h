/* The Wine bridge's shared contract: the unix call codes and their parameter blocks, used by
 * both halves (the PE winhttp.dll built with mingw, the ELF winhttp.so built with g++). C, with
 * fixed-size fields only (pointers travel as uint64_t: one address space, so the unix side reads
 * and writes PE memory through them). Wine's own include/wine/unixlib.h is not shipped by
 * Debian, so the few declarations needed are here. */
#ifndef WINHTTP_UNIXLIB_H
#define WINHTTP_UNIXLIB_H

#include <stdint.h>

typedef uint64_t wh_unixlib_handle;              /* Wine 8: the address of __wine_unix_call_funcs */
typedef int32_t wh_ntstatus;                     /* NTSTATUS */
typedef wh_ntstatus (*wh_unixlib_entry)(void *args); /* unix side, System V ABI */

/* One status notification the call owes the application; the PE side calls `callback` with
 * these arguments on the calling Windows thread. Small payloads (a handle, a DWORD, an async
 * result) come copied in `info_bytes` (`info_inline` != 0); otherwise `info` is the pointer the
 * engine gave (it points into PE memory, e.g. the application's read buffer). */
struct wh_note {
    uint64_t callback;      /* WINHTTP_STATUS_CALLBACK of the PE side */
    uint64_t handle;
    uint64_t context;
    uint64_t info;
    uint32_t status;
    uint32_t info_len;
    uint32_t info_inline;
    uint32_t reserved;
    uint8_t info_bytes[48];
};

/* What every call returns besides its own outputs. `notes` is a malloc'd array of `note_count`
 * wh_note, released by the PE side through wh_unix_free once delivered. */
struct wh_result {
    uint64_t ret;           /* the return value (BOOL, DWORD, HINTERNET, callback pointer) */
    uint64_t notes;
    uint32_t note_count;
    uint32_t error;         /* the last error to set ... */
    uint32_t keep_last_error; /* ... unless this is non-zero */
    uint32_t reserved;
};

enum wh_unix_code {
    wh_unix_Open,
    wh_unix_Connect,
    wh_unix_OpenRequest,
    wh_unix_CloseHandle,
    wh_unix_SetStatusCallback,
    wh_unix_SetTimeouts,
    wh_unix_SetOption,
    wh_unix_QueryOption,
    wh_unix_CrackUrl,
    wh_unix_CreateUrl,
    wh_unix_TimeFromSystemTime,
    wh_unix_TimeToSystemTime,
    wh_unix_AddRequestHeaders,
    wh_unix_AddRequestHeadersEx,
    wh_unix_QueryHeaders,
    wh_unix_QueryHeadersEx,
    wh_unix_GetIEProxyConfigForCurrentUser,
    wh_unix_GetDefaultProxyConfiguration,
    wh_unix_SetDefaultProxyConfiguration,
    wh_unix_CheckPlatform,
    wh_unix_SetCredentials,
    wh_unix_QueryAuthSchemes,
    wh_unix_free,            /* frees engine memory (global_free): notes arrays, proxy strings */
    wh_unix_version,         /* the engine's identity, for the DLL's private version export */
    /* The network functions are operations (engine/operation.h): a start call checks the
     * arguments and returns an opaque operation id in r.ret (0 on failure, r.error set); the PE
     * side then calls wh_unix_op_step until it says done, delivering each step's notes. */
    wh_unix_SendRequest,
    wh_unix_WriteData,
    wh_unix_ReceiveResponse,
    wh_unix_QueryDataAvailable,
    wh_unix_ReadData,
    wh_unix_ReadDataEx,
    wh_unix_op_step,         /* runs the operation until notes are due or it is done */
    wh_unix_op_free,         /* releases an operation (done but kept, or abandoned) */
    /* Asynchronous sessions: a start call hands the operation to the engine's dispatcher and
     * returns r.ret 0 with r.error ERROR_SUCCESS; the PE side's dispatcher thread blocks in
     * wh_unix_async_next for operations ready to run and queues each to the Windows thread
     * pool, which runs wh_unix_async_step and delivers the notes until the step says so. */
    wh_unix_async_next,
    wh_unix_async_step,
    wh_unix_async_free,      /* deletes a done operation once its completion was delivered */
    /* After WINHTTP_OPTION_CLIENT_CERT_CONTEXT: the certificate the PE side exported (pe/certs.h). */
    wh_unix_SetClientCertificate,
    wh_unix_count
};

/* Proxy configurations the PE side read from Wine's registry (pe/proxy_registry.h), which the
 * engine uses in place of its Linux sources (engine/objects.h HostProxy). `present` 0: the
 * registry holds none. `access_type` WINHTTP_ACCESS_TYPE_NAMED_PROXY or _NO_PROXY; strings
 * UTF-16 in PE memory, 0 for none. */
struct wh_proxy_config { uint64_t proxy, bypass; uint32_t present, access_type; };
struct wh_host_proxy { struct wh_proxy_config default_config, user_config; };

/* Parameter blocks: `r` first, then the arguments in the API's order (pointers as uint64_t).
 * WinHttpOpen's `host_proxy`: a struct wh_host_proxy, or 0 (then the Linux sources only). */
struct wh_open_params {
    struct wh_result r; uint64_t agent, proxy, bypass; uint32_t access_type, flags; uint64_t host_proxy;
};
struct wh_connect_params { struct wh_result r; uint64_t session, server; uint32_t port, reserved; };
struct wh_open_request_params {
    struct wh_result r; uint64_t connect, verb, object, version, referrer, accept_types; uint32_t flags, pad;
};
struct wh_handle_params { struct wh_result r; uint64_t handle; };
struct wh_set_status_callback_params {
    struct wh_result r; uint64_t handle, callback, reserved; uint32_t flags, pad;
};
struct wh_set_timeouts_params { struct wh_result r; uint64_t handle; int32_t resolve, connect, send, receive; };
struct wh_set_option_params { struct wh_result r; uint64_t handle, buffer; uint32_t option, length; };
struct wh_query_option_params { struct wh_result r; uint64_t handle, buffer, length; uint32_t option, pad; };
struct wh_crack_url_params { struct wh_result r; uint64_t url, components; uint32_t length, flags; };
struct wh_create_url_params { struct wh_result r; uint64_t components, url, length; uint32_t flags, pad; };
struct wh_time_from_params { struct wh_result r; uint64_t systime, time; };
struct wh_time_to_params { struct wh_result r; uint64_t time, systime; };
struct wh_add_headers_params { struct wh_result r; uint64_t request, headers; uint32_t length, modifiers; };
struct wh_add_headers_ex_params {
    struct wh_result r; uint64_t request, flags, extra, headers; uint32_t modifiers, count;
};
struct wh_query_headers_params {
    struct wh_result r; uint64_t request, name, buffer, length, index; uint32_t level, pad;
};
struct wh_query_headers_ex_params {
    struct wh_result r; uint64_t request, flags, index, name, buffer, length, headers, count;
    uint32_t level, codepage;
};
struct wh_pointer_params { struct wh_result r; uint64_t ptr; };  /* proxy getters/setter, free */
struct wh_set_credentials_params {
    struct wh_result r; uint64_t request, user, password, params; uint32_t targets, scheme;
};
struct wh_query_auth_schemes_params { struct wh_result r; uint64_t request, supported, first, target; };
struct wh_version_params { struct wh_result r; char text[64]; };

/* The network operations. Out-pointers and data buffers point straight into PE memory (the
 * application's buffer is read or filled in place, no copy). Each start call's r.ret is the
 * operation id, 0 when the call failed at once (r.error is then its last error). */
struct wh_send_request_params {
    struct wh_result r; uint64_t request, headers, optional, context;
    uint32_t headers_length, optional_length, total_length, pad;
};
struct wh_write_data_params { struct wh_result r; uint64_t request, buffer, written; uint32_t length, pad; };
struct wh_receive_response_params { struct wh_result r; uint64_t request, reserved; };
struct wh_query_data_params { struct wh_result r; uint64_t request, available; };
struct wh_read_data_params { struct wh_result r; uint64_t request, buffer, read; uint32_t to_read, pad; };
struct wh_read_data_ex_params {
    struct wh_result r; uint64_t request, buffer, read, flags, property; uint32_t to_read, property_size;
};
/* One step of operation `op`: r.notes are due now. When `done` is set, r.error is the call's
 * final last error and, unless `kept` is set, the operation is gone. `kept`: notes remain to be
 * delivered first (its last ones, which may point into it, or HANDLE_CLOSING from its release);
 * the PE side delivers them and calls wh_unix_op_free, again while it answers `kept`. The
 * trace line is written once everything is delivered, as the native front writes it. */
struct wh_op_step_params { struct wh_result r; uint64_t op; uint32_t done, kept; };
/* wh_unix_async_next: r.ret is the next ready operation. wh_unix_async_step: one step of it;
 * `status` 0: deliver the notes and step again; 1: deliver the notes, then forget the
 * operation (it waits, and comes back through wh_unix_async_next); 2: it is done: deliver
 * its last notes, then wh_unix_async_free deletes it and returns what that queued
 * (HANDLE_CLOSING), to deliver too. */
struct wh_async_step_params { struct wh_result r; uint64_t op; uint32_t status, pad; };
/* api::SetClientCertificate: the DER bytes and the PRIVATEKEYBLOB (0 when the key could not be
 * exported, then `key_error` says why), both in PE memory. */
struct wh_client_cert_params {
    struct wh_result r; uint64_t request, der, key_blob; uint32_t der_length, key_blob_length, key_error, pad;
};

#endif
