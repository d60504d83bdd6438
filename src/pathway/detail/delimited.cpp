// Line, '|' and CSV splitting with line numbers; Windows-1252 fallback for non-UTF-8 bytes.
#include "pathway/detail/delimited.hpp"

#include "core/utf8.hpp"

namespace yigong::pathway::detail {
namespace {

// Windows-1252 0x80–0x9F; 0 where the code page leaves a byte undefined (read as U+FFFD).
constexpr char32_t kCp1252[32] = {0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
                                  0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

std::string_view drop_bom(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  return text;
}

}  // namespace

std::string to_utf8(std::string_view bytes) {
  if (is_valid_utf8(bytes)) return std::string(bytes);
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 4);
  for (unsigned char b : bytes) {
    if (b < 0x80) {
      out += static_cast<char>(b);
    } else if (b < 0xA0) {
      char32_t c = kCp1252[b - 0x80];
      append_utf8(out, c ? c : 0xFFFD);
    } else {
      append_utf8(out, b);
    }
  }
  return out;
}

std::vector<Record> split_pipe_lines(std::string_view text) {
  text = drop_bom(text);
  std::vector<Record> out;
  size_t line = 0;
  while (!text.empty()) {
    ++line;
    size_t end = text.find('\n');
    std::string_view row = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    if (!row.empty() && row.back() == '\r') row.remove_suffix(1);
    if (trim(row).empty()) continue;
    Record r{line, {}};
    size_t start = 0;
    while (true) {
      size_t bar = row.find('|', start);
      r.fields.push_back(to_utf8(row.substr(start, bar - start)));
      if (bar == std::string_view::npos) break;
      start = bar + 1;
    }
    out.push_back(std::move(r));
  }
  return out;
}

Result<std::vector<Record>> parse_csv(std::string_view text) {
  text = drop_bom(text);
  std::vector<Record> out;
  size_t line = 1, i = 0;
  while (i < text.size()) {
    Record r{line, {}};
    std::string field;
    bool quoted = false, was_quoted = false, end_of_record = false;
    while (i < text.size() && !end_of_record) {
      char c = text[i];
      if (quoted) {
        if (c == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          quoted = false;
          ++i;
          continue;
        }
        if (c == '\n') ++line;
        field += c;
        ++i;
        continue;
      }
      switch (c) {
        case '"':
          if (!field.empty() || was_quoted) {
            return fail(
                Error::invalid("a quote inside an unquoted field", "line " + std::to_string(line)));
          }
          quoted = was_quoted = true;
          ++i;
          break;
        case ',':
          r.fields.push_back(std::move(field));
          field.clear();
          was_quoted = false;
          ++i;
          break;
        case '\r':
          ++i;
          break;
        case '\n':
          ++line;
          ++i;
          end_of_record = true;
          break;
        default:
          if (was_quoted) {
            return fail(
                Error::invalid("text after a closing quote", "line " + std::to_string(line)));
          }
          field += c;
          ++i;
      }
    }
    if (quoted) {
      return fail(Error::invalid("a quoted field is not closed", "line " + std::to_string(r.line)));
    }
    r.fields.push_back(std::move(field));
    bool blank = r.fields.size() == 1 && trim(r.fields[0]).empty();
    if (!blank) out.push_back(std::move(r));
  }
  return out;
}

std::string trim(std::string_view s) {
  auto space_at_front = [&]() {
    if (s.empty()) return size_t{0};
    if (s[0] == ' ' || s[0] == '\t' || s[0] == '\r' || s[0] == '\n') return size_t{1};
    if (s.substr(0, 3) == "\xE3\x80\x80") return size_t{3};
    return size_t{0};
  };
  auto space_at_back = [&]() {
    if (s.empty()) return size_t{0};
    char c = s.back();
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') return size_t{1};
    if (s.size() >= 3 && s.substr(s.size() - 3) == "\xE3\x80\x80") return size_t{3};
    return size_t{0};
  };
  while (size_t n = space_at_front()) s.remove_prefix(n);
  while (size_t n = space_at_back()) s.remove_suffix(n);
  return std::string(s);
}

}  // namespace yigong::pathway::detail
