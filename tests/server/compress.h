// Test server: zlib compression of the body pattern for /gzip/N and /deflate/N.
#pragma once

#include <cstdint>
#include <string>

namespace ts {

enum class Wrap { gzip, zlib, raw };   // gzip member, zlib stream (HTTP "deflate"), bare deflate

// The first n bytes of the body pattern, compressed. Empty string if zlib fails.
std::string compress_pattern(uint64_t n, Wrap wrap);

} // namespace ts
