// The compiled form of a rule table, shared by its loader (load_rules.cpp) and classify.cpp.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "pathway/classify.hpp"
#include "pathway/detail/conditions.hpp"

namespace yigong::pathway {

// A fact computed from a device fact: number bands (continuous use in hours → transient, short
// term, long term) or a value mapping (body sites → the table's site groups).
struct DerivedFact {
  struct Band {
    std::string value;
    std::optional<double> below;    // the band holds numbers < below
    std::optional<double> at_most;  // … or ≤ at_most; neither: every number left
  };
  std::string from;
  std::string source;
  FactSpec spec;  // enumeration (bands) or enumeration_list (mapping)
  std::vector<Band> bands;
  std::map<std::string, std::string> map;

  // The derived value, or nothing when the source fact is unknown.
  std::optional<FactValue> derive(const FactValue& value) const;
};

// A table of classes over one or two enumerated facts; nullopt = "no such case" (the regulation's
// "—").
struct Grid {
  std::string rows, cols;  // cols empty: one-dimensional
  std::map<std::string, std::map<std::string, std::optional<int>>> cells;  // row → col → rank
};

struct Rule {
  std::string id, source;
  Text text;
  detail::Condition when;
  std::optional<detail::Condition> unless;  // the rule does not apply where this holds
  std::optional<int> rank;                  // a fixed class (1-based) …
  std::string class_from;                   // … or the class named by a fact's value …
  std::optional<Grid> grid;                 // … or a table cell
};

struct Requirement {
  detail::Condition when;
  std::vector<std::string> facts;
};

struct Exclusion {
  std::string id, source, field;
  Text text;
  detail::Condition when;
};

struct RuleTable::Impl {
  std::string system;
  Text title, principle;
  std::vector<std::string> classes;
  std::shared_ptr<const FactSchema> schema;
  std::map<std::string, DerivedFact> derived;
  std::vector<Requirement> required;
  std::vector<Exclusion> exclusions;
  std::vector<Rule> rules;

  // A device fact or a derived one.
  const FactSpec* find(const std::string& name) const;
  // 1-based rank of a class name, 0 if unknown.
  int rank_of(const std::string& class_name) const;
};

}  // namespace yigong::pathway
