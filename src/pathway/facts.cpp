// The fact vocabulary: loading facts.json, reading device facts, checking them.
#include "pathway/facts.hpp"

#include <cmath>
#include <nlohmann/json.hpp>

#include "pathway/detail/conditions.hpp"
#include "pathway/detail/json_read.hpp"

namespace yigong::pathway {

using detail::index_path;
using detail::join_path;

struct FactSchema::Constraint {
  std::string id;
  detail::Condition when;
  std::optional<detail::Condition> require;
  std::vector<std::string> absent;  // facts that must not be given when `when` holds
  std::string field;
  Text message;
};

FactSchema::FactSchema() = default;
FactSchema::~FactSchema() = default;

bool FactSpec::has_value(const std::string& value) const { return value_label(value) != nullptr; }

const Text* FactSpec::value_label(const std::string& value) const {
  for (const auto& [v, text] : values) {
    if (v == value) return &text;
  }
  return nullptr;
}

Result<DeviceFacts> device_facts_from_json(const nlohmann::json& json) {
  if (!json.is_object()) return fail(Error::invalid("device facts are a JSON object", "facts"));
  DeviceFacts out;
  for (const auto& [name, v] : json.items()) {
    if (v.is_null()) continue;
    if (v.is_boolean()) {
      out.values[name] = v.get<bool>();
    } else if (v.is_number()) {
      out.values[name] = v.get<double>();
    } else if (v.is_string()) {
      out.values[name] = v.get<std::string>();
    } else if (v.is_array()) {
      std::vector<std::string> list;
      for (const auto& item : v) {
        if (!item.is_string()) return fail(Error::invalid("a list holds strings only", name));
        list.push_back(item.get<std::string>());
      }
      out.values[name] = std::move(list);
    } else {
      return fail(Error::invalid("a fact is a boolean, number, string or list of strings", name));
    }
  }
  return out;
}

nlohmann::json device_facts_to_json(const DeviceFacts& facts) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& entry : facts.values) {
    const std::string& name = entry.first;  // a plain reference: lambdas may capture it
    std::visit([&](const auto& v) { out[name] = v; }, entry.second);
  }
  return out;
}

namespace {

Result<FactType> parse_type(const std::string& s, const std::string& path) {
  if (s == "bool") return FactType::boolean;
  if (s == "number") return FactType::number;
  if (s == "enum") return FactType::enumeration;
  if (s == "enum_list") return FactType::enumeration_list;
  if (s == "text") return FactType::text;
  return fail(Error::invalid("type is bool, number, enum, enum_list or text", path));
}

Result<FactSpec> parse_fact(const std::string& name, const nlohmann::json& json,
                            const std::string& path) {
  if (!json.is_object()) return fail(Error::invalid("a fact is an object", path));
  FactSpec spec;
  spec.name = name;
  auto type = detail::read_string(json, "type", path);
  if (!type) return fail(std::move(type.error()));
  auto parsed_type = parse_type(*type, join_path(path, "type"));
  if (!parsed_type) return fail(std::move(parsed_type.error()));
  spec.type = *parsed_type;
  auto label = detail::read_text(json, "label", path);
  if (!label) return fail(std::move(label.error()));
  spec.label = std::move(*label);
  auto source = detail::read_optional_string(json, "source", path);
  if (!source) return fail(std::move(source.error()));
  spec.source = std::move(*source);
  bool enumerated = spec.type == FactType::enumeration || spec.type == FactType::enumeration_list;
  auto values = json.find("values");
  if (enumerated) {
    if (values == json.end() || !values->is_array() || values->empty()) {
      return fail(Error::invalid("an enumeration declares its values", join_path(path, "values")));
    }
    for (size_t i = 0; i < values->size(); ++i) {
      std::string where = index_path(join_path(path, "values"), i);
      auto value = detail::read_string((*values)[i], "value", where);
      if (!value) return fail(std::move(value.error()));
      if (spec.has_value(*value)) return fail(Error::invalid(*value + " appears twice", where));
      auto value_label = detail::read_text((*values)[i], "label", where);
      if (!value_label) return fail(std::move(value_label.error()));
      spec.values.emplace_back(*value, *value_label);
    }
  } else if (values != json.end()) {
    return fail(Error::invalid("only enumerations declare values", join_path(path, "values")));
  }
  for (const char* bound : {"min", "max"}) {
    auto it = json.find(bound);
    if (it == json.end()) continue;
    if (spec.type != FactType::number || !it->is_number()) {
      return fail(Error::invalid("a number fact's bound is a number", join_path(path, bound)));
    }
    (std::string(bound) == "min" ? spec.min : spec.max) = it->get<double>();
  }
  return spec;
}

}  // namespace

Result<std::shared_ptr<const FactSchema>> FactSchema::load(const nlohmann::json& json) {
  if (!json.is_object()) return fail(Error::invalid("the fact vocabulary is an object", ""));
  auto schema = std::make_shared<FactSchema>();
  auto facts = json.find("facts");
  if (facts == json.end() || !facts->is_object() || facts->empty()) {
    return fail(Error::invalid("needs a non-empty object", "facts"));
  }
  for (const auto& [name, spec] : facts->items()) {
    auto parsed = parse_fact(name, spec, "facts." + name);
    if (!parsed) return fail(std::move(parsed.error()));
    schema->facts_.emplace(name, std::move(*parsed));
  }
  detail::Vocabulary vocabulary = [&](const std::string& name) { return schema->find(name); };
  auto constraints = json.find("constraints");
  if (constraints != json.end()) {
    if (!constraints->is_array()) return fail(Error::invalid("must be a list", "constraints"));
    for (size_t i = 0; i < constraints->size(); ++i) {
      const auto& c = (*constraints)[i];
      std::string path = index_path("constraints", i);
      if (!c.is_object()) return fail(Error::invalid("a constraint is an object", path));
      Constraint constraint;
      auto id = detail::read_string(c, "id", path);
      if (!id) return fail(std::move(id.error()));
      constraint.id = *id;
      auto when = detail::parse_condition(c.value("when", nlohmann::json()), vocabulary,
                                          join_path(path, "when"));
      if (!when) return fail(std::move(when.error()));
      constraint.when = std::move(*when);
      if (c.contains("require")) {
        auto require =
            detail::parse_condition(c["require"], vocabulary, join_path(path, "require"));
        if (!require) return fail(std::move(require.error()));
        constraint.require = std::move(*require);
      }
      if (auto absent = c.find("absent"); absent != c.end()) {
        if (!absent->is_array()) return fail(Error::invalid("a list", join_path(path, "absent")));
        for (const auto& a : *absent) {
          if (!a.is_string() || !schema->find(a.get<std::string>())) {
            return fail(Error::invalid("names a declared fact", join_path(path, "absent")));
          }
          constraint.absent.push_back(a.get<std::string>());
        }
      }
      if (!constraint.require && constraint.absent.empty()) {
        return fail(Error::invalid("a constraint has require or absent", path));
      }
      auto field = detail::read_string(c, "field", path);
      if (!field) return fail(std::move(field.error()));
      if (!schema->find(*field)) {
        return fail(Error::invalid("names a declared fact", join_path(path, "field")));
      }
      constraint.field = *field;
      auto message = detail::read_text(c, "message", path);
      if (!message) return fail(std::move(message.error()));
      constraint.message = std::move(*message);
      schema->constraints_.push_back(std::move(constraint));
    }
  }
  return std::shared_ptr<const FactSchema>(std::move(schema));
}

const FactSpec* FactSchema::find(const std::string& name) const {
  auto it = facts_.find(name);
  return it == facts_.end() ? nullptr : &it->second;
}

Result<void> FactSchema::validate(const DeviceFacts& facts) const {
  for (const auto& entry : facts.values) {
    const std::string& name = entry.first;  // plain references: lambdas may capture them
    const auto& value = entry.second;
    const FactSpec* spec = find(name);
    if (!spec) return fail(Error::invalid("unknown fact " + name, name));
    auto expect_value = [&](const std::string& v) -> Result<void> {
      if (spec->has_value(v)) return ok();
      std::string allowed;
      for (const auto& [known, label] : spec->values) {
        allowed += (allowed.empty() ? "" : ", ") + known;
      }
      return fail(Error::invalid(
          "unknown value '" + v + "' of " + name + " (one of: " + allowed + ")", name));
    };
    switch (spec->type) {
      case FactType::boolean:
        if (!std::holds_alternative<bool>(value)) {
          return fail(Error::invalid(name + " is true or false", name));
        }
        break;
      case FactType::number: {
        const double* d = std::get_if<double>(&value);
        if (!d || !std::isfinite(*d)) return fail(Error::invalid(name + " is a number", name));
        if ((spec->min && *d < *spec->min) || (spec->max && *d > *spec->max)) {
          return fail(Error::invalid(name + " is out of range", name));
        }
        break;
      }
      case FactType::enumeration: {
        const auto* s = std::get_if<std::string>(&value);
        if (!s) return fail(Error::invalid(name + " is one value (a string)", name));
        YG_TRY(expect_value(*s));
        break;
      }
      case FactType::enumeration_list: {
        const auto* list = std::get_if<std::vector<std::string>>(&value);
        if (!list) return fail(Error::invalid(name + " is a list of values", name));
        for (const auto& v : *list) YG_TRY(expect_value(v));
        break;
      }
      case FactType::text:
        if (!std::holds_alternative<std::string>(value)) {
          return fail(Error::invalid(name + " is a string", name));
        }
        break;
    }
  }
  for (const auto& c : constraints_) {
    if (detail::evaluate(c.when, facts.values) != detail::Truth::yes) continue;
    if (c.require && detail::evaluate(*c.require, facts.values) == detail::Truth::no) {
      std::string got;
      if (auto it = facts.values.find(c.field); it != facts.values.end()) {
        got = " (" + c.field + " = " + detail::describe(it->second) + ")";
      }
      return fail(Error::invalid(c.message.en + got, c.field));
    }
    for (const auto& a : c.absent) {
      if (facts.has(a)) return fail(Error::invalid(c.message.en, a));
    }
  }
  return ok();
}

}  // namespace yigong::pathway
