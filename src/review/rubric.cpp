#include "review/rubric.hpp"

#include <cmath>
#include <set>

namespace yigong::review {
namespace {

bool valid_id(const std::string& id) {
  if (id.size() < 2 || id.size() > 40) return false;
  for (char c : id) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

const Criterion* find_criterion(const Rubric& rubric, const std::string& id) {
  for (const auto& c : rubric.criteria) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

}  // namespace

Result<void> validate_rubric(const Rubric& rubric) {
  if (rubric.scale != 5 && rubric.scale != 10) {
    return fail(Error::invalid("the scale must be 5 or 10", "rubric.scale"));
  }
  if (rubric.criteria.empty() || rubric.criteria.size() > 20) {
    return fail(Error::invalid("a rubric needs 1 to 20 criteria", "rubric.criteria"));
  }
  std::set<std::string> ids;
  double sum = 0;
  for (size_t i = 0; i < rubric.criteria.size(); ++i) {
    const auto& c = rubric.criteria[i];
    std::string field = "rubric.criteria[" + std::to_string(i) + "]";
    if (!valid_id(c.id)) {
      return fail(Error::invalid("a criterion id is 2 to 40 of a-z, 0-9 and _", field + ".id"));
    }
    if (!ids.insert(c.id).second) {
      return fail(Error::invalid("criterion id " + c.id + " appears twice", field + ".id"));
    }
    if (c.name.empty() && c.name_en.empty()) {
      return fail(Error::invalid("criterion " + c.id + " needs a name", field + ".name"));
    }
    if (!(c.weight > 0) || !std::isfinite(c.weight)) {
      return fail(
          Error::invalid("criterion " + c.id + " needs a weight above 0", field + ".weight"));
    }
    if (!c.levels.empty() && c.levels.size() != static_cast<size_t>(rubric.scale)) {
      return fail(Error::invalid("criterion " + c.id + " describes " +
                                     std::to_string(c.levels.size()) + " levels; the scale has " +
                                     std::to_string(rubric.scale),
                                 field + ".levels"));
    }
    for (const auto& level : c.levels) {
      if (level.empty()) {
        return fail(Error::invalid("criterion " + c.id + " has an empty level descriptor",
                                   field + ".levels"));
      }
    }
    sum += c.weight;
  }
  if (std::abs(sum - 1.0) > 1e-3) {
    return fail(Error::invalid(
        "the criteria weights sum to " + std::to_string(sum) + "; they must sum to 1",
        "rubric.criteria"));
  }
  return ok();
}

Result<void> check_partial_scores(const Rubric& rubric, const std::map<std::string, int>& scores) {
  for (const auto& [id, value] : scores) {
    if (!find_criterion(rubric, id)) {
      return fail(Error::invalid("the rubric has no criterion " + id, "scores." + id));
    }
    if (value < 1 || value > rubric.scale) {
      return fail(
          Error::invalid("scores are 1 to " + std::to_string(rubric.scale), "scores." + id));
    }
  }
  return ok();
}

Result<double> weighted_score(const Rubric& rubric, const std::map<std::string, int>& scores) {
  YG_TRY(check_partial_scores(rubric, scores));
  double total = 0;
  for (const auto& c : rubric.criteria) {
    auto it = scores.find(c.id);
    if (it == scores.end()) {
      return fail(Error::invalid("criterion " + c.id + " is not scored", "scores." + c.id));
    }
    total += c.weight * it->second;
  }
  return total;
}

}  // namespace yigong::review
