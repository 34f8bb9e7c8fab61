// The synchronous request path as engine operations (operation.h): the work of
// WinHttpSendRequest, WinHttpWriteData, WinHttpReceiveResponse, WinHttpQueryDataAvailable and
// WinHttpReadData.
// Each make_* function checks the handle, the arguments and the request state the way the API
// function does; on failure it returns null with c.error set, otherwise an operation that the
// caller drives (drive_sync in sync mode) and whose final c.error is the call's last error.
// In async mode (the session's WINHTTP_FLAG_ASYNC) the operation ends with its completion
// notification (SENDREQUEST_COMPLETE, ..., or REQUEST_ERROR) as its last note, and out-pointers
// may be null.
#pragma once
#include "engine/call.h"
#include "engine/operation.h"
#include <memory>

namespace winhttp::api {

std::unique_ptr<Operation> make_send_request(Call& c, HINTERNET request, LPCWSTR headers,
                                             DWORD headers_length, LPVOID optional,
                                             DWORD optional_length, DWORD total_length,
                                             DWORD_PTR context);
std::unique_ptr<Operation> make_receive_response(Call& c, HINTERNET request, LPVOID reserved);
// `available` (may be null) receives the byte count when the operation ends successfully.
std::unique_ptr<Operation> make_query_data_available(Call& c, HINTERNET request, LPDWORD available);
// `read` receives the bytes copied into `buffer` when the operation ends successfully.
std::unique_ptr<Operation> make_read_data(Call& c, HINTERNET request, LPVOID buffer,
                                          DWORD to_read, LPDWORD read);
// WinHttpReadDataEx: as make_read_data, but without WINHTTP_READ_DATA_EX_FLAG_FILL_BUFFER the
// read ends once some bytes were copied. The operation's final c.error is the DWORD returned.
std::unique_ptr<Operation> make_read_data_ex(Call& c, HINTERNET request, LPVOID buffer, DWORD to_read,
                                             LPDWORD read, ULONGLONG flags, DWORD property_size,
                                             PVOID property);
// WinHttpWriteData: `written` (may be null) receives the byte count when the operation ends
// successfully (it is zeroed first).
std::unique_ptr<Operation> make_write_data(Call& c, HINTERNET request, LPCVOID buffer, DWORD len,
                                           LPDWORD written);

} // namespace winhttp::api
