// A call's rubric: weighted criteria scored on a 1–5 or 1–10 scale, each level described.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace yigong::review {

struct Criterion {
  std::string id;  // [a-z0-9_]{2,40}
  std::string name, name_en;
  double weight = 0;                // > 0; the weights of a rubric sum to 1
  std::vector<std::string> levels;  // one descriptor per level, 1..scale
};

struct Rubric {
  std::string template_id;  // the template it started from ("" when written from scratch)
  int scale = 5;            // 5 or 10
  std::vector<Criterion> criteria;
};

// ok, or Error::invalid naming the first problem (field "rubric…"): 1–20 criteria with unique ids,
// names in at least one language, positive weights summing to 1 (±0.001), scale 5 or 10, and
// either no level descriptors or exactly `scale` of them, none empty.
Result<void> validate_rubric(const Rubric& rubric);

// The weighted score of a review on the rubric's scale. Every criterion must be scored with an
// integer 1..scale and no unknown criterion given; Error::invalid (field "scores.<id>") otherwise.
Result<double> weighted_score(const Rubric& rubric, const std::map<std::string, int>& scores);

// Checks scores given so far (a draft): known criteria, values within 1..scale.
Result<void> check_partial_scores(const Rubric& rubric, const std::map<std::string, int>& scores);

}  // namespace yigong::review
