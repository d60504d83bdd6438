// Regulatory pathway and timeline: from a device's class and novelty to the route in each target
// market (NMPA filing or registration, FDA 510(k)/De Novo/PMA, EU MDR conformity assessment), the
// special procedures it may use, and the steps with their working days.
#pragma once

#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "pathway/classify.hpp"
#include "pathway/facts.hpp"

namespace yigong::pathway {

// Everything plan_pathway needs, loaded from data/pathway/. Immutable; copies share the data, so
// any number of threads may plan with it.
class PathwayData {
 public:
  // Loads facts.json, nmpa_rules.json, mdr_rules.json, pathways.json and durations.json from dir.
  // Error::invalid naming the file and JSON path of the first problem; unavailable when a file
  // cannot be read.
  static Result<PathwayData> load_dir(const std::string& dir);
  // The same from parsed documents (tests, or data kept elsewhere).
  static Result<PathwayData> load(const nlohmann::json& facts, const nlohmann::json& nmpa_rules,
                                  const nlohmann::json& mdr_rules, const nlohmann::json& pathways,
                                  const nlohmann::json& durations);

  const RuleTable& nmpa() const;
  const RuleTable& mdr() const;

  struct Impl;
  const Impl& impl() const { return *impl_; }

 private:
  explicit PathwayData(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const Impl> impl_;
};

// What the caller knows about the device and the plan. Every optional left empty is unknown.
struct PathwayInput {
  std::optional<int> nmpa_class;         // 1–3; classified from `facts` when empty
  std::optional<DeviceFacts> facts;      // for the NMPA and EU MDR classes
  std::optional<std::string> mdr_class;  // I, IIa, IIb, III; classified from `facts` when empty
  std::optional<int> fda_class;  // 1–3 from the FDA product code; else taken from nmpa_class
  std::vector<std::string> markets = {"CN"};  // any of CN, US, EU
  bool domestic = true;  // made in mainland China (境内) rather than imported (进口)
  std::string region;    // where the applicant is, for regional overrides ("beijing"); may be empty
  // Novelty. `novel` = no same-kind product registered in China and no US predicate; the specific
  // flags win over it.
  std::optional<bool> novel;
  std::optional<bool> predicate_in_china;  // 境内已有同品种产品获准注册
  std::optional<bool> predicate_in_us;     // a legally marketed predicate for a 510(k)
  std::string clinical_route;  // exempt, equivalence, trial; empty: derived from class and novelty
  std::optional<bool> requires_trial_approval;  // listed among class III devices whose clinical
                                                // trials need NMPA approval
  // 创新医疗器械特别审查程序
  bool apply_innovation = false;  // plan the special review step when eligible
  std::string patent_status;      // none, filed, published, granted; empty: unknown
  std::string patent_grant_date;  // YYYY-MM-DD (granted patents)
  std::optional<bool> patent_search_report_positive;  // search report: novel and inventive
  std::optional<bool> prototype_finalized;            // 已有基本定型产品
  std::optional<bool> first_of_kind_mechanism;        // 工作原理/作用机理国内首创
  std::optional<bool> fundamental_improvement;     // 性能或安全性根本性改进,国际领先
  std::optional<bool> significant_clinical_value;  // 显著的临床应用价值
  // 优先审批 / 优先注册程序
  std::optional<std::vector<std::string>> priority_grounds;  // rare_disease, cancer, elderly,
                                                             // pediatric, urgent_clinical_need,
                                                             // national_program
  std::optional<bool> clear_clinical_advantage;              // 明显临床优势
  std::optional<bool> no_effective_alternative;  // 目前尚无有效诊断或者治疗手段
  std::string as_of;  // YYYY-MM-DD: the date the patent window is counted to
};

// Reads the JSON form of PathwayInput (the keys are the member names; "facts" is an object of
// device facts). Error::invalid naming the key.
Result<PathwayInput> pathway_input_from_json(const nlohmann::json& json);

enum class Status { yes, no, unknown };
const char* status_name(Status s);

struct CriterionFinding {
  std::string id;
  Text text;
  Status status = Status::unknown;
  std::vector<std::string> missing;  // inputs that would decide it
};

// Eligibility for a special procedure (innovation special review, priority review).
struct ProgramFinding {
  std::string id;
  Text name;
  std::string source;
  Status eligible = Status::unknown;
  std::string reason;  // one sentence: why eligible, not, or undecided
  std::vector<CriterionFinding> criteria;
};

struct PlanStep {
  std::string id;
  Text name;
  int min_days = 0, max_days = 0;  // working days
  std::string original;  // the figure as stored when not in working days ("90–180 calendar days")
  std::string basis;     // statutory, typical or assumption
  std::string source;
  bool conditional = false;  // applies only if an unknown input turns out so (counts in max only)
  std::string override_id;   // the regional override applied, if any
  std::string override_source;
};

struct RoutePlan {
  std::string market;  // CN, US, EU
  std::string id;
  Text name, authority;
  std::string source;
  std::string device_class;  // the class in that market: NMPA "III", FDA "II", MDR "IIb"
  std::vector<PlanStep> steps;
  int min_days = 0, max_days = 0;  // sum over the steps (run one after another)
};

struct Note {
  std::string topic;
  std::string text;
};

struct Pathway {
  int nmpa_class = 0;
  std::optional<Classification> nmpa_classification;  // when classified from facts
  std::optional<Classification> mdr_classification;
  std::vector<RoutePlan> routes;  // one per target market, in the order asked
  std::vector<ProgramFinding> programs;
  std::vector<Note> notes;  // assumptions made and inputs that would sharpen the plan
};

// Plans the route in each target market. Errors: invalid (field = the input key) for an unknown
// market, class, clinical route or grounds value, a date that is not YYYY-MM-DD, a class that
// contradicts the facts, or a route that cannot be chosen without an input (the message names
// it); the errors of classify() for the facts, with field prefixed "facts.".
Result<Pathway> plan_pathway(const PathwayData& data, const PathwayInput& input);

nlohmann::json pathway_to_json(const Pathway& p);

}  // namespace yigong::pathway
