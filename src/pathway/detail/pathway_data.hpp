// The compiled pathway data, shared by its loader (load_pathway.cpp) and plan.cpp.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "pathway/detail/conditions.hpp"
#include "pathway/plan.hpp"

namespace yigong::pathway {

struct Criterion {
  std::string id;
  Text text;
  detail::Condition when;
};

// A special procedure: eligible when every `all` criterion holds and, if `any` is not empty, at
// least one of `any`.
struct Program {
  std::string id, market, source;
  Text name;
  std::vector<Criterion> all, any;
};

struct StepRef {
  std::string step;
  detail::Condition when;
};

struct Route {
  std::string id, market, source;
  Text name, authority;
  detail::Condition when;
  std::vector<StepRef> steps;
};

struct Duration {
  double min = 0, max = 0;
  std::string unit;  // a key of PathwayData::Impl::units
};

struct StepSpec {
  Text name;
  Duration duration;
  std::string basis, source;
};

struct Override {
  std::string id, step, cited_in;
  std::vector<std::string> regions;
  Duration duration;
  Text source, note;
};

struct DataNote {
  std::string topic;
  Text text;
  detail::Condition when;
};

struct PathwayData::Impl {
  std::shared_ptr<const FactSchema> schema;
  std::optional<RuleTable> nmpa, mdr;
  std::map<std::string, Text> markets;
  std::vector<Program> programs;
  std::vector<Route> routes;
  std::vector<DataNote> notes;
  std::map<std::string, double> units;  // working days per unit
  std::map<std::string, StepSpec> steps;
  std::vector<Override> overrides;
  // The facts route, step and criterion conditions may name (see plan.cpp).
  std::map<std::string, FactSpec> context;
};

// The planning context's vocabulary; programs add "<id>_eligible" facts.
std::map<std::string, FactSpec> planning_vocabulary(const FactSchema& schema);

}  // namespace yigong::pathway
