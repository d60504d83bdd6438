// Conditions over facts, as the data files write them, and their three-valued evaluation.
//
// JSON form: an object {"fact": test, …} is a conjunction; an array of such objects is a
// disjunction of them; {} always holds. A test is true/false (boolean facts), a string or an array
// of strings (any of; for a list fact: the lists share a value), a number or an array of numbers
// (equality), or {"min": a, "max": b} (inclusive bounds of a number).
#pragma once

#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "pathway/facts.hpp"

namespace yigong::pathway::detail {

enum class Truth { no, yes, unknown };

struct Test {
  enum class Kind { boolean, strings, numbers, range };
  std::string fact;
  Kind kind = Kind::boolean;
  bool boolean = false;
  std::vector<std::string> strings;
  std::vector<double> numbers;
  std::optional<double> min, max;
};

struct Conjunction {
  std::vector<Test> tests;
};

// A disjunction of conjunctions. Value type.
struct Condition {
  std::vector<Conjunction> alternatives;  // one empty conjunction: always true

  bool always() const { return alternatives.size() == 1 && alternatives.front().tests.empty(); }
  // Every fact the condition names.
  std::set<std::string> facts() const;
};

// The facts a condition may name: their declarations.
using Vocabulary = std::function<const FactSpec*(const std::string&)>;

// Parses a condition, checking each test against the vocabulary (known fact, a test of the fact's
// type, declared values). Error::invalid with field = path (+ ".fact").
Result<Condition> parse_condition(const nlohmann::json& json, const Vocabulary& vocabulary,
                                  const std::string& path);

// The facts of one evaluation: device facts plus derived ones.
using FactMap = std::map<std::string, FactValue>;

// yes / no when the facts decide, unknown when they do not; `unknown_facts` (optional) receives
// the unknown facts that could still make the condition hold.
Truth evaluate(const Condition& condition, const FactMap& facts,
               std::set<std::string>* unknown_facts = nullptr);

// Text of a fact value for messages ("transient", "[blood, heart]", "true").
std::string describe(const FactValue& value);

}  // namespace yigong::pathway::detail
