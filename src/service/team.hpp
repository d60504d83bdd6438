// A team as proposals and projects record it: members with a role, some with an account.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/ids.hpp"
#include "core/result.hpp"

namespace yigong::service {

struct TeamMember {
  std::string name;
  std::string role;  // clinical lead, engineering lead, business lead, regulatory, member
  UserId user;       // 0 when the member has no account
};

// Reads a "team" list (at most 30 members: name required, role one of the five, default
// member; user an optional id). Errors: invalid naming the member's field.
Result<std::vector<TeamMember>> team_from_json(const nlohmann::json& v);

// A lead role ("… lead").
bool is_lead_role(const std::string& role);

}  // namespace yigong::service
