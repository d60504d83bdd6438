// Reading API request bodies field by field: one way to check a text, an integer, a list of ids
// or a date, with errors that name the field (Error::invalid).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/ids.hpp"
#include "core/result.hpp"

namespace yigong::service {

// A UTF-8 string of at most max_len code points; required: not blank.
Result<std::string> text_field(const nlohmann::json& v, const std::string& field, size_t max_len,
                               bool required);
// The text member `key` of an object: absent is "" (or, when required, an error naming it).
Result<std::string> member_text(const nlohmann::json& body, const std::string& key, size_t max_len,
                                bool required);
// An integer in [lo, hi].
Result<std::int64_t> int_field(const nlohmann::json& v, const std::string& field, std::int64_t lo,
                               std::int64_t hi);
// A list of positive ids (duplicates dropped, order kept), at most max_items.
Result<std::vector<RecordId>> ids_field(const nlohmann::json& v, const std::string& field,
                                        size_t max_items);
// A date "YYYY-MM-DD" that exists.
bool valid_date(const std::string& s);

// Spreadsheet exports: rows of cells (the first row is the header). CSV quotes as RFC 4180 and
// defuses cells a spreadsheet would run as formulas; XLSX (libxlsxwriter) writes the columns
// `numeric` names as numbers.
std::string table_to_csv(const std::vector<std::vector<std::string>>& rows);
Result<std::string> table_to_xlsx(const std::vector<std::vector<std::string>>& rows,
                                  const std::string& sheet, const std::vector<size_t>& numeric);

}  // namespace yigong::service
