// The regulatory pathway adviser as a use case: classification and pathway plans over the data in
// data/pathway (src/pathway does the work). Any signed-in user may ask; nothing is stored.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "core/domain/access.hpp"
#include "core/result.hpp"
#include "pathway/plan.hpp"

namespace yigong::service {

// Thread-safe: the data is immutable once loaded.
class PathwayService {
 public:
  static Result<std::unique_ptr<PathwayService>> open(const std::string& dir);

  // The device facts the rules read (names, values, labels): facts.json as shipped.
  const nlohmann::json& facts() const { return facts_; }
  // {"facts": {...}} → {"nmpa": classification, "mdr": classification}.
  Result<nlohmann::json> classify(const Viewer& viewer, const nlohmann::json& body) const;
  // PathwayInput as JSON → the pathway (classes, routes, programmes, steps, working days).
  Result<nlohmann::json> plan(const Viewer& viewer, const nlohmann::json& body) const;

 private:
  PathwayService(pathway::PathwayData data, nlohmann::json facts)
      : data_(std::move(data)), facts_(std::move(facts)) {}
  pathway::PathwayData data_;
  nlohmann::json facts_;
};

}  // namespace yigong::service
