// Delimited text for the catalogue importers: lines, '|' fields, RFC 4180 CSV records, encodings.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace yigong::pathway::detail {

struct Record {
  size_t line = 0;  // 1-based line the record starts on
  std::vector<std::string> fields;
};

// UTF-8 text as is; otherwise each byte read as Windows-1252 (FDA files are not always UTF-8).
std::string to_utf8(std::string_view bytes);

// Lines split on '|' (no quoting), trailing '\r' removed, blank lines skipped, a UTF-8 byte-order
// mark dropped.
std::vector<Record> split_pipe_lines(std::string_view text);

// RFC 4180 CSV: fields separated by ',', optionally quoted with '"' ("" inside quotes is a quote;
// quoted fields may span lines). Blank lines are skipped; a byte-order mark is dropped.
// Error::invalid ("line N") for an unterminated quote or a quote inside an unquoted field.
Result<std::vector<Record>> parse_csv(std::string_view text);

// Leading and trailing ASCII and ideographic (U+3000) spaces removed.
std::string trim(std::string_view s);

}  // namespace yigong::pathway::detail
