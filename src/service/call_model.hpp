// Calls and proposals as the service sees them, and their JSON forms: the API's request and
// response bodies, the descriptive body the store keeps, and the rubric templates in data/calls.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/domain/enums.hpp"
#include "core/ids.hpp"
#include "core/result.hpp"
#include "core/time.hpp"
#include "review/eligibility.hpp"
#include "review/lifecycle.hpp"
#include "review/rubric.hpp"
#include "service/team.hpp"
#include "store/store.hpp"

namespace yigong::service {

struct ReviewSettings {
  bool blind = false;
  int per_proposal = 3;            // k
  int max_load = 15;               // L
  std::map<std::string, int> mix;  // reviewer group → minimum per proposal
  int coi_years = 3;               // look-back window for past relations
};

struct Call {
  std::int64_t id = 0;
  TenantId tenant;
  OrgId sponsor;
  review::CallKind kind = review::CallKind::challenge;
  review::CallState state = review::CallState::draft;
  Tier tier = Tier::consortium;
  std::string title, scope, reward, currency = "CNY";
  std::int64_t budget = 0;
  std::vector<RecordId> needs;
  review::Eligibility eligibility;
  Micros opens_at = 0, closes_at = 0;
  std::string time_zone = "Asia/Shanghai";
  review::Rubric rubric;
  ReviewSettings review;
  UserId created_by;
  Micros created_at = 0, updated_at = 0;
  std::int64_t version = 1;
};

struct Milestone {
  std::string title, due;  // due: YYYY-MM-DD
  std::int64_t budget = 0;
};

struct Decision {
  std::string outcome;  // award, reject
  std::string reason;
  Micros at = 0;
  UserId by;
};

struct Proposal {
  std::int64_t id = 0, call = 0;
  TenantId tenant;
  OrgId org;
  review::ProposalState state = review::ProposalState::draft;
  std::string title, summary;
  std::int64_t budget = 0;
  int trl = 0;
  std::vector<RecordId> capabilities;
  std::vector<TeamMember> team;
  std::vector<Milestone> milestones;
  std::optional<Decision> decision;
  UserId created_by;
  Micros created_at = 0, updated_at = 0;
  std::optional<Micros> submitted_at;
  std::int64_t version = 1;
};

// Store rows ↔ model. A body that does not parse is Error::corrupt.
store::CallRow call_row(const Call& c);
Result<Call> call_of(const store::CallRow& row);
store::ProposalRow proposal_row(const Proposal& p);
Result<Proposal> proposal_of(const store::ProposalRow& row);

// Applies a create or patch body to a call: every known field present is validated and set,
// unknown fields are Error::invalid. Cross-field rules (dates, rubric) are checked too.
Result<void> apply_call_input(Call& call, const nlohmann::json& body);
Result<void> apply_proposal_input(Proposal& proposal, const nlohmann::json& body);
// The review settings of a body ({per_proposal, max_load, mix, coi_years}), over defaults.
Result<ReviewSettings> review_settings_from_json(const nlohmann::json& body, ReviewSettings base);

Result<review::Rubric> rubric_from_json(const nlohmann::json& j);
nlohmann::json rubric_to_json(const review::Rubric& r);
nlohmann::json review_settings_to_json(const ReviewSettings& s);

// A rubric template: a rubric plus its name and source (data/calls/rubrics/*.json).
struct RubricTemplate {
  std::string id, name, name_en, source;
  review::Rubric rubric;
};
// Reads every *.json in dir; each must be a valid rubric. Errors name the file, or the folder
// when it does not exist.
Result<std::vector<RubricTemplate>> load_rubric_templates(const std::string& dir);
nlohmann::json rubric_template_to_json(const RubricTemplate& t);

// Names shown with a call or proposal (organisation names), looked up by the caller.
struct OrgRef {
  OrgId id;
  std::string name;
};

nlohmann::json call_to_json(const Call& c, const std::optional<OrgRef>& sponsor,
                            std::optional<std::int64_t> proposal_count);
// blind: leave out everything that identifies the applicant.
nlohmann::json proposal_to_json(const Proposal& p, const std::optional<OrgRef>& org,
                                const std::vector<store::AttachmentRow>& attachments, bool blind);

}  // namespace yigong::service
