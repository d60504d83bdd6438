#include "service/team.hpp"

#include <set>

#include "service/json_fields.hpp"

namespace yigong::service {

using nlohmann::json;

Result<std::vector<TeamMember>> team_from_json(const json& v) {
  if (!v.is_array() || v.size() > 30) {
    return fail(Error::invalid("must be a list of at most 30 members", "team"));
  }
  static const std::set<std::string> roles = {"clinical lead", "engineering lead", "business lead",
                                              "regulatory", "member"};
  std::vector<TeamMember> out;
  for (size_t i = 0; i < v.size(); ++i) {
    std::string f = "team[" + std::to_string(i) + "]";
    if (!v[i].is_object()) return fail(Error::invalid("must be an object", f));
    TeamMember m;
    for (const auto& item : v[i].items()) {
      const std::string& k = item.key();
      const json& x = item.value();
      if (k == "name") {
        auto s = text_field(x, f + ".name", 100, true);
        if (!s) return fail(s.error());
        m.name = *s;
      } else if (k == "role") {
        auto s = text_field(x, f + ".role", 40, true);
        if (!s) return fail(s.error());
        if (!roles.count(*s)) {
          return fail(Error::invalid(
              "must be clinical lead, engineering lead, business lead, regulatory or member",
              f + ".role"));
        }
        m.role = *s;
      } else if (k == "user") {
        if (x.is_null()) continue;
        auto n = int_field(x, f + ".user", 1, INT64_MAX);
        if (!n) return fail(n.error());
        m.user = UserId(*n);
      } else {
        return fail(Error::invalid("unknown field", f + "." + k));
      }
    }
    if (m.name.empty()) return fail(Error::invalid("a member needs a name", f + ".name"));
    if (m.role.empty()) m.role = "member";
    out.push_back(m);
  }
  return out;
}

bool is_lead_role(const std::string& role) {
  return role.size() > 5 && role.compare(role.size() - 5, 5, " lead") == 0;
}

}  // namespace yigong::service
