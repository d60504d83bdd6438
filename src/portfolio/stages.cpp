#include "portfolio/stages.hpp"

#include <array>
#include <set>

namespace yigong::portfolio {
namespace {

constexpr std::array<std::string_view, 4> kDecisions = {"go", "hold", "stop", "recycle"};

bool valid_id(const std::string& id) {
  if (id.size() < 2 || id.size() > 40) return false;
  for (char c : id) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

GateCriterion crit(const char* id, const char* zh, const char* en) { return {id, zh, en}; }

void check_level(std::vector<std::string>& unmet, const char* domain, int have, int need) {
  if (have < need) {
    unmet.push_back(std::string(domain) + " maturity " + std::to_string(have) + " is below the " +
                    std::to_string(need) + " this gate requires");
  }
}

}  // namespace

std::string_view name(GateDecision d) { return kDecisions.at(static_cast<size_t>(d)); }
std::optional<GateDecision> parse_GateDecision(std::string_view s) {
  for (size_t i = 0; i < kDecisions.size(); ++i) {
    if (kDecisions[i] == s) return static_cast<GateDecision>(i);
  }
  return std::nullopt;
}

StageModel default_stage_model() {
  StageModel m;
  m.stages = {
      {"need_validated",
       "需求验证",
       "Need validated",
       {crit("clinical_need_validated", "临床需求已验证（Biodesign 需求陈述与筛选）",
             "Clinical need validated (Biodesign statement and screening)"),
        crit("team", "临床与工程负责人到位", "Clinical and engineering leads in place")},
       {2, 1, 1, 1}},
      {"concept",
       "概念",
       "Concept",
       {crit("technical_feasibility", "技术可行性论证", "Technical feasibility argued"),
        crit("ip_position", "知识产权检索与布局", "IP search and position"),
        crit("regulatory_path_identified", "监管路径初步识别（分类与路径）",
             "Regulatory path identified (class and route)")},
       {3, 2, 2, 2}},
      {"proof_of_concept",
       "概念验证",
       "Proof of concept",
       {crit("technical_feasibility", "关键原理已验证", "Key principle demonstrated"),
        crit("value_case", "价值测算（价值引擎）", "Value case (value engine)"),
        crit("funding", "下一阶段资金落实", "Funding for the next stage")},
       {3, 3, 2, 4}},
      {"prototype",
       "样机",
       "Prototype",
       {crit("prototype_feedback", "临床使用反馈已闭环",
             "Clinical feedback on prototypes addressed"),
        crit("ip_position", "核心专利已申请", "Core patent filed"),
        crit("regulatory_path_identified", "分类界定与注册路径确定",
             "Classification and registration route settled")},
       {4, 4, 3, 5}},
      {"design_verification",
       "设计验证",
       "Design verification",
       {crit("design_verified", "设计验证与型式检验通过",
             "Design verification and type testing passed"),
        crit("quality_system", "质量管理体系就绪", "Quality management system in place"),
        crit("funding", "临床验证资金落实", "Funding for clinical validation")},
       {5, 5, 5, 6}},
      {"clinical_validation",
       "临床验证",
       "Clinical validation",
       {crit("clinical_evidence", "临床评价或试验完成", "Clinical evaluation or trial completed"),
        crit("value_case", "卫生经济学证据", "Health-economic evidence")},
       {7, 6, 6, 7}},
      {"registration",
       "注册",
       "Registration",
       {crit("registration_certificate", "取得注册证或备案", "Registration certificate or filing"),
        crit("manufacturing", "生产许可与量产准备", "Manufacturing licence and scale-up")},
       {8, 7, 8, 8}},
      {"market", "上市", "Market", {}, {9, 8, 9, 9}},
  };
  return m;
}

Result<void> check_maturity(const Maturity& m, const std::string& field) {
  auto in = [](int v, int hi) { return v >= 1 && v <= hi; };
  if (!in(m.clinical, 10))
    return fail(Error::invalid("clinical maturity is 1 to 10", field + ".clinical"));
  if (!in(m.market, 10))
    return fail(Error::invalid("market maturity is 1 to 10", field + ".market"));
  if (!in(m.regulatory, 10)) {
    return fail(Error::invalid("regulatory maturity is 1 to 10", field + ".regulatory"));
  }
  if (!in(m.technical, 9))
    return fail(Error::invalid("technical maturity (TRL) is 1 to 9", field + ".technical"));
  return ok();
}

Result<void> validate_stage_model(const StageModel& model) {
  if (model.stages.size() < 2 || model.stages.size() > 20) {
    return fail(Error::invalid("a stage model has 2 to 20 stages", "stages"));
  }
  std::set<std::string> ids;
  for (size_t i = 0; i < model.stages.size(); ++i) {
    const auto& s = model.stages[i];
    std::string f = "stages[" + std::to_string(i) + "]";
    if (!valid_id(s.id))
      return fail(Error::invalid("a stage id is 2 to 40 of a-z, 0-9 and _", f + ".id"));
    if (!ids.insert(s.id).second)
      return fail(Error::invalid("stage id " + s.id + " appears twice", f + ".id"));
    if (s.name.empty() && s.name_en.empty())
      return fail(Error::invalid("a stage needs a name", f + ".name"));
    std::set<std::string> cids;
    for (size_t j = 0; j < s.criteria.size(); ++j) {
      std::string cf = f + ".criteria[" + std::to_string(j) + "]";
      if (!valid_id(s.criteria[j].id))
        return fail(Error::invalid("a criterion id is 2 to 40 of a-z, 0-9 and _", cf + ".id"));
      if (!cids.insert(s.criteria[j].id).second) {
        return fail(Error::invalid("criterion " + s.criteria[j].id + " appears twice", cf + ".id"));
      }
    }
    YG_TRY(check_maturity(s.exit_minimum, f + ".exit_minimum"));
  }
  return ok();
}

std::vector<std::string> unmet_for_go(const Stage& stage, const GateInput& input) {
  std::vector<std::string> unmet;
  for (const auto& c : stage.criteria) {
    auto it = input.criteria.find(c.id);
    if (it == input.criteria.end() || !it->second) {
      unmet.push_back("criterion not met: " + (c.name_en.empty() ? c.name : c.name_en));
    }
  }
  check_level(unmet, "clinical", input.maturity.clinical, stage.exit_minimum.clinical);
  check_level(unmet, "market", input.maturity.market, stage.exit_minimum.market);
  check_level(unmet, "regulatory", input.maturity.regulatory, stage.exit_minimum.regulatory);
  check_level(unmet, "technical", input.maturity.technical, stage.exit_minimum.technical);
  return unmet;
}

Result<GateOutcome> apply_gate(const StageModel& model, int stage, const GateInput& input) {
  if (stage < 0 || stage >= static_cast<int>(model.stages.size())) {
    return fail(
        Error::invalid("stage " + std::to_string(stage) + " is not in the stage model", "stage"));
  }
  YG_TRY(check_maturity(input.maturity, "maturity"));
  const Stage& s = model.stages[static_cast<size_t>(stage)];
  for (const auto& [id, met] : input.criteria) {
    bool known = false;
    for (const auto& c : s.criteria) known = known || c.id == id;
    if (!known)
      return fail(Error::invalid("stage " + s.id + " has no criterion " + id, "criteria." + id));
  }
  GateOutcome out;
  out.stage = stage;
  switch (input.decision) {
    case GateDecision::go: {
      auto unmet = unmet_for_go(s, input);
      if (!unmet.empty()) {
        std::string msg = "a go needs every criterion and maturity level of the gate: ";
        for (size_t i = 0; i < unmet.size(); ++i) msg += (i ? "; " : "") + unmet[i];
        return fail(Error::unprocessable(msg, "decision"));
      }
      out.stage = std::min(stage + 1, static_cast<int>(model.stages.size()) - 1);
      break;
    }
    case GateDecision::hold:
      out.unmet = unmet_for_go(s, input);
      break;
    case GateDecision::stop:
      out.stopped = true;
      out.unmet = unmet_for_go(s, input);
      break;
    case GateDecision::recycle:
      out.stage = std::max(stage - 1, 0);
      out.unmet = unmet_for_go(s, input);
      break;
  }
  return out;
}

}  // namespace yigong::portfolio
