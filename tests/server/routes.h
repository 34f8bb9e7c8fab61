// Test server: the routes (path-based, query parameters as knobs). routes.cpp holds the regular
// ones, routes_bad.cpp the hostile /bad/... ones. The full list is in README.md beside this file.
#pragma once

#include "http_parse.h"
#include "response.h"

#include <string_view>

namespace ts {

class Conn;

// Called after the head, before the body: answers "Expect: 100-continue" (100 Continue, or
// nothing with ?expect=ignore, or a final 417 with ?expect=417). After::keep: go on reading.
After handle_expect(Conn &c, Request &req);
// Whether the route wants the body's raw bytes kept in req.raw (/echo).
bool wants_body_capture(const Request &req);
// Answers a request whose body has been read.
After handle_request(Conn &c, Request &req);
// The /bad/<name> routes.
After handle_bad(Conn &c, Request &req, std::string_view name);

} // namespace ts
