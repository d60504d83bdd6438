// Shared state of load_model while it compiles a spec (internal to the value module).
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "value/model.hpp"

namespace yigong::value::detail {

struct Loader {
  Model model;
  std::map<std::string, int, std::less<>> slot_of;   // parameter name → slot
  std::map<std::string, int, std::less<>> table_of;  // table name → index
  std::vector<Expr> base;                            // per slot: base definition
  std::vector<std::string> base_path;                // per slot: JSON path of the definition
  std::vector<bool> is_sampled;                      // per slot

  Resolver resolver() const;
  // Compiles a number or an expression string found at `path`.
  Result<Expr> expr(const nlohmann::json& j, const std::string& path) const;
  // Same, but a missing key gives the constant `dflt`.
  Result<Expr> expr_or(const nlohmann::json& obj, const char* key, const std::string& path,
                       double dflt) const;
};

// obj[key] if obj is an object holding a string there, else "" (never throws).
inline std::string string_at(const nlohmann::json& obj, const char* key) {
  if (!obj.is_object()) return {};
  auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

Result<void> load_parameters(Loader& ld, const nlohmann::json& spec);
// Builds one strategy's evaluation order; `overrides` may be null.
Result<Strategy> build_strategy(const Loader& ld, const std::string& name,
                                const nlohmann::json* overrides, const std::string& path);
Result<void> load_markov(Loader& ld, const nlohmann::json& m);
Result<void> load_tree(Loader& ld, const nlohmann::json& m, const nlohmann::json& spec);
Result<void> load_outcomes(Loader& ld, const nlohmann::json& m);

}  // namespace yigong::value::detail
