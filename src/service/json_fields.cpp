#include "service/json_fields.hpp"

#include <xlsxwriter.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "core/time.hpp"
#include "core/utf8.hpp"
#include "service/crypto.hpp"

namespace yigong::service {

using nlohmann::json;

Result<std::string> text_field(const json& v, const std::string& field, size_t max_len,
                               bool required) {
  if (!v.is_string()) return fail(Error::invalid("must be a string", field));
  std::string s = v.get<std::string>();
  if (!is_valid_utf8(s)) return fail(Error::invalid("is not valid UTF-8", field));
  if (required && s.find_first_not_of(" \t\r\n") == std::string::npos) {
    return fail(Error::invalid("must not be empty", field));
  }
  if (utf8_length(s) > max_len) {
    return fail(Error::invalid("is longer than " + std::to_string(max_len) + " characters", field));
  }
  return s;
}

Result<std::string> member_text(const json& body, const std::string& key, size_t max_len,
                                bool required) {
  if (!body.is_object() || !body.contains(key)) {
    if (required) return fail(Error::invalid("is required", key));
    return std::string();
  }
  return text_field(body[key], key, max_len, required);
}

Result<std::int64_t> int_field(const json& v, const std::string& field, std::int64_t lo,
                               std::int64_t hi) {
  if (!v.is_number_integer()) return fail(Error::invalid("must be an integer", field));
  auto x = v.get<std::int64_t>();
  if (x < lo || x > hi) {
    return fail(Error::invalid(
        "must be between " + std::to_string(lo) + " and " + std::to_string(hi), field));
  }
  return x;
}

Result<std::vector<RecordId>> ids_field(const json& v, const std::string& field, size_t max_items) {
  if (!v.is_array()) return fail(Error::invalid("must be a list of ids", field));
  if (v.size() > max_items) {
    return fail(Error::invalid("has more than " + std::to_string(max_items) + " entries", field));
  }
  std::vector<RecordId> out;
  for (size_t i = 0; i < v.size(); ++i) {
    auto x = int_field(v[i], field + "[" + std::to_string(i) + "]", 1, INT64_MAX);
    if (!x) return fail(x.error());
    if (std::find(out.begin(), out.end(), RecordId(*x)) == out.end()) out.emplace_back(*x);
  }
  return out;
}

bool valid_date(const std::string& s) {
  static const std::regex re("^[0-9]{4}-[0-9]{2}-[0-9]{2}$");
  return std::regex_match(s, re) && parse_rfc3339(s).has_value();
}

namespace {

std::string csv_cell(const std::string& s) {
  bool formula = !s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@');
  if (s.find_first_of(",\"\n\r") == std::string::npos && !formula) return s;
  std::string out = "\"";
  if (formula) out += '\'';
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::string table_to_csv(const std::vector<std::vector<std::string>>& rows) {
  std::string out;
  for (const auto& row : rows) {
    for (size_t i = 0; i < row.size(); ++i) out += (i ? "," : "") + csv_cell(row[i]);
    out += "\r\n";
  }
  return out;
}

Result<std::string> table_to_xlsx(const std::vector<std::vector<std::string>>& rows,
                                  const std::string& sheet, const std::vector<size_t>& numeric) {
  auto path = std::filesystem::temp_directory_path() / ("yigong-" + random_token(8) + ".xlsx");
  lxw_workbook* wb = workbook_new(path.c_str());
  if (!wb) return fail(Error::unavailable("cannot create the spreadsheet"));
  lxw_worksheet* ws = workbook_add_worksheet(wb, sheet.c_str());
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  for (size_t i = 0; i < rows.size(); ++i) {
    for (size_t j = 0; j < rows[i].size(); ++j) {
      const std::string& cell = rows[i][j];
      bool number =
          i > 0 && !cell.empty() && std::find(numeric.begin(), numeric.end(), j) != numeric.end();
      if (number) {
        worksheet_write_number(ws, static_cast<lxw_row_t>(i), static_cast<lxw_col_t>(j),
                               std::stod(cell), nullptr);
      } else {
        worksheet_write_string(ws, static_cast<lxw_row_t>(i), static_cast<lxw_col_t>(j),
                               cell.c_str(), i == 0 ? bold : nullptr);
      }
    }
  }
  if (workbook_close(wb) != LXW_NO_ERROR) {
    std::error_code ec;
    std::filesystem::remove(path, ec);
    return fail(Error::unavailable("cannot write the spreadsheet"));
  }
  std::ifstream in(path, std::ios::binary);
  std::stringstream buf;
  buf << in.rdbuf();
  std::error_code ec;
  std::filesystem::remove(path, ec);
  return buf.str();
}

}  // namespace yigong::service
