// Time points as UTC microseconds since the epoch, and their RFC 3339 form.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace yigong {

// Microseconds since 1970-01-01T00:00:00Z.
using Micros = std::int64_t;

// The current UTC time.
Micros now_micros();

// RFC 3339 UTC with second precision: "2026-11-24T21:39:40Z".
std::string format_rfc3339(Micros t);

// Parses "YYYY-MM-DD" or an RFC 3339 date-time with Z or ±hh:mm offset; nullopt when malformed.
std::optional<Micros> parse_rfc3339(std::string_view text);

}  // namespace yigong
