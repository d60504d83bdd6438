// Parsing and three-valued evaluation of the data files' conditions.
#include "pathway/detail/conditions.hpp"

#include <algorithm>
#include <cmath>

#include "pathway/detail/json_read.hpp"

namespace yigong::pathway::detail {
namespace {

Result<Test> parse_test(const std::string& fact, const nlohmann::json& json, const FactSpec& spec,
                        const std::string& path) {
  Test t;
  t.fact = fact;
  auto check_value = [&](const std::string& v) -> Result<void> {
    if (spec.type == FactType::text) return ok();
    if (!spec.has_value(v)) {
      return fail(Error::invalid("'" + v + "' is not a value of " + fact, path));
    }
    return ok();
  };
  switch (spec.type) {
    case FactType::boolean:
      if (!json.is_boolean()) return fail(Error::invalid(fact + " is true or false", path));
      t.kind = Test::Kind::boolean;
      t.boolean = json.get<bool>();
      return t;
    case FactType::number:
      if (json.is_number()) {
        t.kind = Test::Kind::numbers;
        t.numbers.push_back(json.get<double>());
        return t;
      }
      if (json.is_array() && !json.empty()) {
        t.kind = Test::Kind::numbers;
        for (const auto& v : json) {
          if (!v.is_number()) return fail(Error::invalid(fact + " is compared to numbers", path));
          t.numbers.push_back(v.get<double>());
        }
        return t;
      }
      if (json.is_object() && !json.empty()) {
        t.kind = Test::Kind::range;
        for (const auto& [k, v] : json.items()) {
          if (!v.is_number()) return fail(Error::invalid("a bound is a number", path + "." + k));
          if (k == "min") {
            t.min = v.get<double>();
          } else if (k == "max") {
            t.max = v.get<double>();
          } else {
            return fail(Error::invalid("a range has min and/or max", path + "." + k));
          }
        }
        return t;
      }
      return fail(Error::invalid(fact + " needs a number, numbers or {min, max}", path));
    case FactType::enumeration:
    case FactType::enumeration_list:
    case FactType::text:
      t.kind = Test::Kind::strings;
      if (json.is_string()) {
        YG_TRY(check_value(json.get<std::string>()));
        t.strings.push_back(json.get<std::string>());
        return t;
      }
      if (json.is_array() && !json.empty()) {
        for (const auto& v : json) {
          if (!v.is_string()) return fail(Error::invalid(fact + " is compared to strings", path));
          YG_TRY(check_value(v.get<std::string>()));
          t.strings.push_back(v.get<std::string>());
        }
        return t;
      }
      return fail(Error::invalid(fact + " needs a value or a non-empty list of values", path));
  }
  return fail(Error::internal("unknown fact type"));
}

Result<Conjunction> parse_conjunction(const nlohmann::json& json, const Vocabulary& vocabulary,
                                      const std::string& path) {
  if (!json.is_object()) return fail(Error::invalid("a condition is an object", path));
  Conjunction c;
  for (const auto& [fact, test] : json.items()) {
    const FactSpec* spec = vocabulary(fact);
    std::string where = join_path(path, fact);
    if (!spec) return fail(Error::invalid("unknown fact " + fact, where));
    auto parsed = parse_test(fact, test, *spec, where);
    if (!parsed) return fail(std::move(parsed.error()));
    c.tests.push_back(std::move(*parsed));
  }
  return c;
}

Truth evaluate_test(const Test& t, const FactValue& value) {
  switch (t.kind) {
    case Test::Kind::boolean:
      if (const bool* b = std::get_if<bool>(&value))
        return *b == t.boolean ? Truth::yes : Truth::no;
      return Truth::no;
    case Test::Kind::numbers:
      if (const double* d = std::get_if<double>(&value)) {
        return std::find(t.numbers.begin(), t.numbers.end(), *d) != t.numbers.end() ? Truth::yes
                                                                                    : Truth::no;
      }
      return Truth::no;
    case Test::Kind::range:
      if (const double* d = std::get_if<double>(&value)) {
        if (t.min && *d < *t.min) return Truth::no;
        if (t.max && *d > *t.max) return Truth::no;
        return Truth::yes;
      }
      return Truth::no;
    case Test::Kind::strings: {
      auto in = [&](const std::string& s) {
        return std::find(t.strings.begin(), t.strings.end(), s) != t.strings.end();
      };
      if (const auto* s = std::get_if<std::string>(&value)) return in(*s) ? Truth::yes : Truth::no;
      if (const auto* list = std::get_if<std::vector<std::string>>(&value)) {
        return std::any_of(list->begin(), list->end(), in) ? Truth::yes : Truth::no;
      }
      return Truth::no;
    }
  }
  return Truth::no;
}

}  // namespace

std::set<std::string> Condition::facts() const {
  std::set<std::string> out;
  for (const auto& c : alternatives) {
    for (const auto& t : c.tests) out.insert(t.fact);
  }
  return out;
}

Result<Condition> parse_condition(const nlohmann::json& json, const Vocabulary& vocabulary,
                                  const std::string& path) {
  Condition out;
  if (json.is_null()) {
    out.alternatives.emplace_back();
    return out;
  }
  if (json.is_array()) {
    if (json.empty()) return fail(Error::invalid("a list of alternatives cannot be empty", path));
    for (size_t i = 0; i < json.size(); ++i) {
      auto c = parse_conjunction(json[i], vocabulary, index_path(path, i));
      if (!c) return fail(std::move(c.error()));
      out.alternatives.push_back(std::move(*c));
    }
    return out;
  }
  auto c = parse_conjunction(json, vocabulary, path);
  if (!c) return fail(std::move(c.error()));
  out.alternatives.push_back(std::move(*c));
  return out;
}

Truth evaluate(const Condition& condition, const FactMap& facts,
               std::set<std::string>* unknown_facts) {
  bool any_unknown = false;
  std::set<std::string> unknown;
  for (const auto& alternative : condition.alternatives) {
    Truth all = Truth::yes;
    std::set<std::string> missing_here;
    for (const auto& test : alternative.tests) {
      auto it = facts.find(test.fact);
      if (it == facts.end()) {
        all = Truth::unknown;
        missing_here.insert(test.fact);
        continue;
      }
      if (evaluate_test(test, it->second) == Truth::no) {
        all = Truth::no;
        break;
      }
    }
    if (all == Truth::yes) return Truth::yes;
    if (all == Truth::unknown) {
      any_unknown = true;
      unknown.insert(missing_here.begin(), missing_here.end());
    }
  }
  if (!any_unknown) return Truth::no;
  if (unknown_facts) unknown_facts->insert(unknown.begin(), unknown.end());
  return Truth::unknown;
}

std::string describe(const FactValue& value) {
  if (const bool* b = std::get_if<bool>(&value)) return *b ? "true" : "false";
  if (const double* d = std::get_if<double>(&value)) {
    if (std::floor(*d) == *d && std::abs(*d) < 1e15)
      return std::to_string(static_cast<long long>(*d));
    return std::to_string(*d);
  }
  if (const auto* s = std::get_if<std::string>(&value)) return *s;
  const auto& list = std::get<std::vector<std::string>>(value);
  std::string out = "[";
  for (size_t i = 0; i < list.size(); ++i) out += (i ? ", " : "") + list[i];
  return out + "]";
}

}  // namespace yigong::pathway::detail
