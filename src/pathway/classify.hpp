// Device classification by a rule table stored as data: the NMPA 2015 classification rules
// (医疗器械分类规则, 总局令第15号) or EU MDR Annex VIII, over the same device facts.
#pragma once

#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "pathway/facts.hpp"

namespace yigong::pathway {

// A loaded rule table (data/pathway/nmpa_rules.json, mdr_rules.json). Immutable; copies share the
// loaded table, so any number of threads may classify with it.
class RuleTable {
 public:
  // REQUIRES: rules as in data/pathway/*_rules.json, over the vocabulary `schema`. Every condition
  // is checked against the vocabulary (known facts, declared values) and every class against the
  // table's classes. Error::invalid naming the JSON path of the first problem.
  static Result<RuleTable> load(std::shared_ptr<const FactSchema> schema,
                                const nlohmann::json& rules);

  const std::string& system() const;  // "NMPA", "EU MDR"
  const Text& title() const;          // the regulation, cited
  // The classes from lowest to highest risk: {"I", "II", "III"} or {"I", "IIa", "IIb", "III"}.
  const std::vector<std::string>& class_names() const;
  const FactSchema& schema() const;
  size_t rule_count() const;

  struct Impl;
  const Impl& impl() const { return *impl_; }

 private:
  explicit RuleTable(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const Impl> impl_;
};

// One rule whose conditions the device meets.
struct AppliedRule {
  std::string id;      // "A1-1", "6(8)", "Rule 8"
  std::string source;  // article or table cell of the regulation
  Text text;           // the rule, paraphrased
  std::string class_name;
  int rank = 0;         // 1-based position of class_name in RuleTable::class_names()
  std::string because;  // the table cell used ("nmpa_duration = transient, nmpa_site = …"), if any
};

// A fact the caller did not give that could raise the class.
struct MissingFact {
  std::string fact;
  Text label;
  std::string could_raise_to;      // the highest class it could lead to
  std::vector<std::string> rules;  // the rules waiting on it
};

struct Classification {
  std::string system;
  int device_class = 0;  // 1-based rank of the class (NMPA: 1, 2, 3; MDR: 1 = I … 4 = III)
  std::string class_name;
  Text principle;                     // how the rules combine (the highest class applies)
  std::vector<AppliedRule> applied;   // every applicable rule, in table order
  std::vector<std::string> decisive;  // ids of the applied rules that give the class
  std::vector<MissingFact> missing;   // in fact-name order
};

// Classifies a device: the class is the highest any applicable rule assigns, and every applicable
// rule is cited. Errors:
// - invalid (field = the fact): unknown fact or value, a value of the wrong type, contradictory
//   facts (a passive device with an active use form), a fact the table needs for this kind of
//   device left out, or facts that land on a "no such case" cell of the table;
// - unprocessable (field = the fact): the device is outside these rules (an IVD reagent, a
//   combination product that is mainly a drug).
Result<Classification> classify(const RuleTable& table, const DeviceFacts& facts);

nlohmann::json classification_to_json(const Classification& c);

}  // namespace yigong::pathway
