// Stage gates after Biodesign and device stage-gate practice, with maturity in the four CIMIT
// domains: the stages a project moves through, what each gate asks, and what a decision does.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace yigong::portfolio {

// Maturity levels per CIMIT domain: clinical, market/business and regulatory 1–10 (CIMIT's ten
// innovation maturity levels), technical = TRL 1–9.
struct Maturity {
  int clinical = 1, market = 1, regulatory = 1, technical = 1;
};

struct GateCriterion {
  std::string id;  // [a-z0-9_]{2,40}
  std::string name, name_en;
};

// One stage and the gate that leads out of it: the criteria a "go" must confirm, and the
// maturity the project must have reached in every domain.
struct Stage {
  std::string id;
  std::string name, name_en;
  std::vector<GateCriterion> criteria;
  Maturity exit_minimum;
};

struct StageModel {
  std::vector<Stage> stages;  // in order; index = stage number
};

// DESIGN §2's stages: 0 need validated · 1 concept · 2 proof of concept · 3 prototype ·
// 4 design verification · 5 clinical validation · 6 registration · 7 market, with gate criteria
// from Biodesign and device stage-gate practice (clinical need validated, technical feasibility,
// IP position, regulatory path identified, value case, team, funding).
StageModel default_stage_model();

// ok, or Error::invalid naming the first problem: 2–20 stages with unique ids and names,
// criteria with unique ids, maturity levels within their ranges.
Result<void> validate_stage_model(const StageModel& model);

enum class GateDecision { go, hold, stop, recycle };
std::string_view name(GateDecision d);
std::optional<GateDecision> parse_GateDecision(std::string_view s);

struct GateInput {
  GateDecision decision = GateDecision::hold;
  std::map<std::string, bool> criteria;  // criterion id → met
  Maturity maturity;                     // as assessed at this gate
};

struct GateOutcome {
  int stage = 0;                   // the stage after the decision
  bool stopped = false;            // stop
  std::vector<std::string> unmet;  // what a go still lacks (empty for a go that passed)
};

// Applies a gate decision to a project in `stage`:
// - go: every criterion of the stage met and the maturity at or above its exit minimum in all
//   four domains, else Error::unprocessable listing what is unmet (a project cannot advance
//   without a go that passes); the project moves to stage + 1 (a go at the last stage keeps it);
// - hold: stays; stop: stops; recycle: back to the previous stage (stage 0 stays).
// Errors: invalid for a stage outside the model, unknown criteria or maturity out of range.
Result<GateOutcome> apply_gate(const StageModel& model, int stage, const GateInput& input);

// Why a go would not pass now (empty when it would).
std::vector<std::string> unmet_for_go(const Stage& stage, const GateInput& input);

Result<void> check_maturity(const Maturity& m, const std::string& field);

}  // namespace yigong::portfolio
