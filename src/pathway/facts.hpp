// Device facts and their vocabulary: what a classification rule may ask about a device.
#pragma once

#include <map>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/result.hpp"

namespace yigong::pathway {

// A bilingual text, as the data files give it.
struct Text {
  std::string zh;
  std::string en;
};

enum class FactType {
  boolean,           // true / false
  number,            // a finite number, optionally bounded
  enumeration,       // one of the declared values
  enumeration_list,  // any number of the declared values
  text,              // free text (a region name, a date)
};

// One fact of the vocabulary. Immutable.
struct FactSpec {
  std::string name;
  FactType type = FactType::boolean;
  Text label;
  std::string source;  // where the regulation defines it ("分类规则第五条(三)")
  // Declared values of an enumeration, in file order, each with its label.
  std::vector<std::pair<std::string, Text>> values;
  std::optional<double> min, max;  // bounds of a number, inclusive

  bool has_value(const std::string& value) const;
  const Text* value_label(const std::string& value) const;
};

// A fact's value; which alternative is used follows FactSpec::type.
using FactValue = std::variant<bool, double, std::string, std::vector<std::string>>;

// What is known about a device: fact name → value. A fact that is absent is unknown. Value type.
struct DeviceFacts {
  std::map<std::string, FactValue> values;

  bool has(const std::string& fact) const { return values.count(fact) != 0; }
};

// Reads {"fact": value, …}: booleans, numbers, strings and arrays of strings; null means unknown
// and is dropped. Error::invalid (field = the fact's name) for any other JSON type.
Result<DeviceFacts> device_facts_from_json(const nlohmann::json& json);
nlohmann::json device_facts_to_json(const DeviceFacts& facts);

// The vocabulary of device facts (data/pathway/facts.json) and the consistency constraints between
// them. Immutable; share by pointer.
class FactSchema {
 public:
  // REQUIRES: json as in data/pathway/facts.json. Error::invalid naming the JSON path otherwise.
  static Result<std::shared_ptr<const FactSchema>> load(const nlohmann::json& json);

  const FactSpec* find(const std::string& name) const;
  const std::map<std::string, FactSpec>& facts() const { return facts_; }

  // Checks each fact against its declaration (known name, type, declared value, bounds) and the
  // constraints between facts (passive + energy therapy, non-contact + body sites, …).
  // Error::invalid with field = the offending fact's name.
  Result<void> validate(const DeviceFacts& facts) const;

  struct Constraint;
  ~FactSchema();
  FactSchema();

 private:
  std::map<std::string, FactSpec> facts_;
  std::vector<Constraint> constraints_;
};

}  // namespace yigong::pathway
