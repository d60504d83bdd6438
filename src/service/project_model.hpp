// Projects as the service sees them, and their JSON forms (stored body, API bodies), plus the
// stage model's JSON form.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/domain/enums.hpp"
#include "core/ids.hpp"
#include "core/result.hpp"
#include "core/time.hpp"
#include "portfolio/stages.hpp"
#include "service/json_fields.hpp"
#include "service/team.hpp"
#include "store/store.hpp"

namespace yigong::service {

struct ProjectOutcome {
  std::string type;  // company_formed, licence_signed, registration_certificate, …
  std::string date;  // YYYY-MM-DD
  std::string note;
};

struct Project {
  std::int64_t id = 0;
  TenantId tenant;
  OrgId org;
  int stage = 0;
  bool stopped = false;
  Tier tier = Tier::consortium;
  std::string title, summary, clinical_area;
  int trl = 1;
  portfolio::Maturity maturity;
  std::vector<RecordId> needs, capabilities;
  std::int64_t proposal = 0;
  std::vector<TeamMember> team;
  std::vector<ProjectOutcome> outcomes;
  UserId created_by;
  Micros created_at = 0, updated_at = 0;
  std::int64_t version = 1;
};

const std::vector<std::string_view>& outcome_types();

store::ProjectRow project_row(const Project& p);
Result<Project> project_of(const store::ProjectRow& row);

// Applies a create or patch body (title, summary, clinical_area, org, needs, capabilities, team,
// tier, trl); unknown fields are Error::invalid.
Result<void> apply_project_input(Project& p, const nlohmann::json& body);

Result<portfolio::Maturity> maturity_from_json(const nlohmann::json& j, portfolio::Maturity base);
nlohmann::json maturity_to_json(const portfolio::Maturity& m);
Result<ProjectOutcome> outcome_from_json(const nlohmann::json& j);

Result<portfolio::StageModel> stage_model_from_json(const nlohmann::json& j);
nlohmann::json stage_model_to_json(const portfolio::StageModel& m);

}  // namespace yigong::service
