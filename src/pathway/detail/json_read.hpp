// Small readers for the pathway data files: each failure is Error::invalid naming the JSON path.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "pathway/facts.hpp"

namespace yigong::pathway::detail {

inline std::string join_path(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}

inline std::string index_path(const std::string& path, size_t i) {
  return path + "[" + std::to_string(i) + "]";
}

// A required non-empty string member.
inline Result<std::string> read_string(const nlohmann::json& obj, const std::string& key,
                                       const std::string& path) {
  auto it = obj.find(key);
  if (it == obj.end() || !it->is_string() || it->get<std::string>().empty()) {
    return fail(Error::invalid("needs a non-empty string", join_path(path, key)));
  }
  return it->get<std::string>();
}

// An optional string member ("" when absent).
inline Result<std::string> read_optional_string(const nlohmann::json& obj, const std::string& key,
                                                const std::string& path) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return std::string();
  if (!it->is_string()) return fail(Error::invalid("must be a string", join_path(path, key)));
  return it->get<std::string>();
}

// {"zh": "…", "en": "…"} with at least one of them; a plain string is taken as both.
inline Result<Text> read_text(const nlohmann::json& obj, const std::string& key,
                              const std::string& path, bool required = true) {
  auto it = obj.find(key);
  std::string where = join_path(path, key);
  if (it == obj.end() || it->is_null()) {
    if (required) return fail(Error::invalid("needs a text {\"zh\", \"en\"}", where));
    return Text{};
  }
  if (it->is_string()) return Text{it->get<std::string>(), it->get<std::string>()};
  if (!it->is_object()) return fail(Error::invalid("must be {\"zh\", \"en\"}", where));
  Text t;
  for (const auto& [k, v] : it->items()) {
    if (!v.is_string()) return fail(Error::invalid("must be a string", where + "." + k));
    if (k == "zh") {
      t.zh = v.get<std::string>();
    } else if (k == "en") {
      t.en = v.get<std::string>();
    } else {
      return fail(Error::invalid("unknown language (zh or en)", where + "." + k));
    }
  }
  if (t.zh.empty() && t.en.empty()) return fail(Error::invalid("needs zh or en", where));
  return t;
}

inline nlohmann::json text_json(const Text& t) { return {{"zh", t.zh}, {"en", t.en}}; }

}  // namespace yigong::pathway::detail
