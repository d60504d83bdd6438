// Validation of record fields and the need-statement rules.
#include "core/domain/validate.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "core/utf8.hpp"

namespace yigong {
namespace {

// Words that name a solution or technology rather than a problem. CJK entries match anywhere;
// Latin entries match whole words, case-insensitively.
constexpr std::array<std::string_view, 44> kSolutionWords = {
    "器械",     "设备",     "設備",      "装置",
    "裝置",     "系统",     "系統",      "导管",
    "導管",     "支架",     "机器人",    "機器人",
    "传感器",   "傳感器",   "感測器",    "算法",
    "演算法",   "人工智能", "人工智慧",  "软件",
    "軟體",     "芯片",     "晶片",      "植入物",
    "可穿戴",   "穿戴式",   "app",       "device",
    "devices",  "system",   "sensor",    "sensors",
    "robot",    "robotic",  "algorithm", "software",
    "catheter", "stent",    "implant",   "ai",
    "platform", "wearable", "chip",      "machine learning"};

constexpr std::array<std::string_view, 26> kMeasurableWords = {
    "降低",  "减少", "減少", "缩短",   "縮短",     "提高",     "提升",    "增加",    "下降",
    "率",    "减轻", "減輕", "reduce", "increase", "decrease", "shorten", "improve", "lower",
    "raise", "rate", "time", "days",   "hours",    "minutes",  "percent", "cut"};

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool is_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

// Whole-word match for ASCII words, substring match for CJK ones.
bool contains_term(const std::string& lowered, std::string_view term) {
  const bool latin = static_cast<unsigned char>(term.front()) < 0x80;
  size_t pos = 0;
  while ((pos = lowered.find(term, pos)) != std::string::npos) {
    if (!latin) return true;
    const bool left_ok = pos == 0 || !is_word_char(lowered[pos - 1]);
    const size_t end = pos + term.size();
    const bool right_ok = end >= lowered.size() || !is_word_char(lowered[end]);
    if (left_ok && right_ok) return true;
    pos = end;
  }
  return false;
}

bool has_control_chars(std::string_view s, bool allow_newlines) {
  for (unsigned char c : s) {
    if (c == '\n' || c == '\t' || c == '\r') {
      if (!allow_newlines) return true;
      continue;
    }
    if (c < 0x20 || c == 0x7f) return true;
  }
  return false;
}

bool looks_like_email(std::string_view s) {
  const auto at = s.find('@');
  if (at == 0 || at == std::string_view::npos || s.find('@', at + 1) != std::string_view::npos)
    return false;
  const auto domain = s.substr(at + 1);
  const auto dot = domain.find('.');
  if (dot == 0 || dot == std::string_view::npos || domain.back() == '.') return false;
  return std::none_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == ',' || c == ';'; });
}

Result<void> validate_text(const FieldSpec& spec, std::string_view s, bool one_line) {
  const std::string field(spec.name);
  if (!is_valid_utf8(s)) return fail(Error::invalid("not valid UTF-8", field));
  if (has_control_chars(s, !one_line))
    return fail(Error::invalid(
        one_line ? "must be one line without control characters" : "contains control characters",
        field));
  if (static_cast<std::int64_t>(utf8_length(s)) > spec.max_len)
    return fail(
        Error::invalid("longer than " + std::to_string(spec.max_len) + " characters", field));
  return ok();
}

}  // namespace

bool names_solution(std::string_view text) {
  const std::string lowered = ascii_lower(text);
  return std::any_of(kSolutionWords.begin(), kSolutionWords.end(),
                     [&](std::string_view w) { return contains_term(lowered, w); });
}

Result<void> validate_field(const FieldSpec& spec, const FieldValue& value) {
  const std::string field(spec.name);
  if (std::holds_alternative<std::monostate>(value)) return ok();
  switch (spec.type) {
    case FieldType::text:
    case FieldType::long_text:
    case FieldType::enumeration:
    case FieldType::email: {
      const auto* s = std::get_if<std::string>(&value);
      if (!s) return fail(Error::invalid("must be a string", field));
      if (spec.type == FieldType::enumeration) {
        if (std::find(spec.choices.begin(), spec.choices.end(), *s) == spec.choices.end()) {
          std::string allowed;
          for (auto c : spec.choices) allowed += (allowed.empty() ? "" : ", ") + std::string(c);
          return fail(Error::invalid("must be one of: " + allowed, field));
        }
        return ok();
      }
      YG_TRY(validate_text(spec, *s, spec.type != FieldType::long_text));
      if (spec.type == FieldType::email && !s->empty() && !looks_like_email(*s))
        return fail(Error::invalid("not an e-mail address", field));
      return ok();
    }
    case FieldType::integer: {
      const auto* v = std::get_if<std::int64_t>(&value);
      if (!v) return fail(Error::invalid("must be an integer", field));
      if (*v < spec.min || *v > spec.max)
        return fail(Error::invalid(
            "must be between " + std::to_string(spec.min) + " and " + std::to_string(spec.max),
            field));
      return ok();
    }
    case FieldType::text_list: {
      const auto* list = std::get_if<std::vector<std::string>>(&value);
      if (!list) return fail(Error::invalid("must be a list of strings", field));
      if (static_cast<std::int64_t>(list->size()) > spec.max_len)
        return fail(Error::invalid("at most " + std::to_string(spec.max_len) + " entries", field));
      const FieldSpec entry{.name = spec.name, .type = FieldType::text, .max_len = 200};
      for (size_t i = 0; i < list->size(); ++i) {
        const auto r = validate_text(entry, (*list)[i], true);
        if (!r)
          return fail(Error::invalid(r.error().message, field + "[" + std::to_string(i) + "]"));
        if ((*list)[i].empty())
          return fail(Error::invalid("empty entry", field + "[" + std::to_string(i) + "]"));
      }
      return ok();
    }
  }
  return ok();
}

Result<void> validate_record(const Record& record) {
  const KindSpec& spec = spec_of(record.kind);
  if (std::find(spec.allowed_tiers.begin(), spec.allowed_tiers.end(), record.tier) ==
      spec.allowed_tiers.end())
    return fail(Error::invalid(
        std::string("tier not allowed for ") + std::string(plural(record.kind)), "tier"));
  for (const auto& [name, value] : record.fields) {
    const FieldSpec* f = find_field(spec, name);
    if (!f) return fail(Error::invalid("unknown field", name));
    YG_TRY(validate_field(*f, value));
  }
  for (const FieldSpec& f : spec.fields) {
    if (!f.required) continue;
    auto it = record.fields.find(f.name);
    const bool missing =
        it == record.fields.end() || std::holds_alternative<std::monostate>(it->second) ||
        (std::holds_alternative<std::string>(it->second) &&
         std::get<std::string>(it->second).find_first_not_of(" \t\r\n") == std::string::npos);
    if (missing) return fail(Error::invalid("required", std::string(f.name)));
  }
  return ok();
}

std::vector<Warning> need_statement_warnings(const Record& record) {
  std::vector<Warning> out;
  if (const auto* problem = record.text("problem"); problem && names_solution(*problem)) {
    out.push_back({"problem", "names_solution",
                   "the problem names a solution or technology; describe the clinical problem "
                   "only, so that every possible solution stays open"});
  }
  if (const auto* outcome = record.text("outcome")) {
    const std::string lowered = ascii_lower(*outcome);
    const bool has_number =
        std::any_of(lowered.begin(), lowered.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
        lowered.find('%') != std::string::npos;
    const bool has_measure =
        std::any_of(kMeasurableWords.begin(), kMeasurableWords.end(),
                    [&](std::string_view w) { return contains_term(lowered, w); });
    if (!has_number && !has_measure) {
      out.push_back({"outcome", "outcome_not_measurable",
                     "the outcome should be measurable (a rate, a time, a number or a % change)"});
    }
  }
  for (const char* part : {"problem", "population", "outcome"}) {
    const std::string field = std::string("evidence_") + part;
    const auto* ev = record.text(field);
    if (!ev || ev->empty()) {
      out.push_back({field, "missing_evidence", std::string("no evidence given for the ") + part});
    }
  }
  return out;
}

}  // namespace yigong
