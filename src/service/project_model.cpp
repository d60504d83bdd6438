#include "service/project_model.hpp"

#include <algorithm>
#include <regex>
#include <set>

#include "core/utf8.hpp"
#include "service/json_fields.hpp"

namespace yigong::service {
namespace {

using nlohmann::json;

json team_to_json(const std::vector<TeamMember>& team) {
  json out = json::array();
  for (const auto& m : team) {
    json x = {{"name", m.name}, {"role", m.role}};
    x["user"] = m.user ? json(m.user.value) : json(nullptr);
    out.push_back(x);
  }
  return out;
}

json ids_json(const std::vector<RecordId>& ids) {
  json out = json::array();
  for (auto id : ids) out.push_back(id.value);
  return out;
}

}  // namespace

const std::vector<std::string_view>& outcome_types() {
  static const std::vector<std::string_view> types = {"company_formed", "licence_signed",
                                                      "registration_certificate",
                                                      "product_launched", "follow_on_funding"};
  return types;
}

Result<portfolio::Maturity> maturity_from_json(const json& j, portfolio::Maturity m) {
  if (!j.is_object()) return fail(Error::invalid("must be an object", "maturity"));
  for (const auto& item : j.items()) {
    const std::string& k = item.key();
    int* slot = k == "clinical"     ? &m.clinical
                : k == "market"     ? &m.market
                : k == "regulatory" ? &m.regulatory
                : k == "technical"  ? &m.technical
                                    : nullptr;
    if (!slot) return fail(Error::invalid("unknown domain", "maturity." + k));
    auto n = int_field(item.value(), "maturity." + k, 1, k == "technical" ? 9 : 10);
    if (!n) return fail(n.error());
    *slot = static_cast<int>(*n);
  }
  return m;
}

json maturity_to_json(const portfolio::Maturity& m) {
  return {{"clinical", m.clinical},
          {"market", m.market},
          {"regulatory", m.regulatory},
          {"technical", m.technical}};
}

Result<ProjectOutcome> outcome_from_json(const json& j) {
  if (!j.is_object()) return fail(Error::invalid("the body must be a JSON object"));
  ProjectOutcome o;
  for (const auto& item : j.items()) {
    const std::string& k = item.key();
    const json& x = item.value();
    if (k == "type") {
      auto s = text_field(x, k, 40, true);
      if (!s) return fail(s.error());
      const auto& types = outcome_types();
      if (std::find(types.begin(), types.end(), *s) == types.end()) {
        return fail(
            Error::invalid("must be company_formed, licence_signed, registration_certificate, "
                           "product_launched or follow_on_funding",
                           k));
      }
      o.type = *s;
    } else if (k == "date") {
      auto s = text_field(x, k, 10, true);
      if (!s) return fail(s.error());
      if (!valid_date(*s)) return fail(Error::invalid("must be a date YYYY-MM-DD", k));
      o.date = *s;
    } else if (k == "note") {
      auto s = text_field(x, k, 1000, false);
      if (!s) return fail(s.error());
      o.note = *s;
    } else {
      return fail(Error::invalid("unknown field", k));
    }
  }
  if (o.type.empty()) return fail(Error::invalid("is required", "type"));
  if (o.date.empty()) return fail(Error::invalid("is required", "date"));
  return o;
}

Result<void> apply_project_input(Project& p, const json& body) {
  if (!body.is_object()) return fail(Error::invalid("the body must be a JSON object"));
  for (const auto& item : body.items()) {
    const std::string& k = item.key();
    const json& x = item.value();
    if (k == "title") {
      auto s = text_field(x, k, 200, true);
      if (!s) return fail(s.error());
      p.title = *s;
    } else if (k == "summary") {
      auto s = text_field(x, k, 6000, false);
      if (!s) return fail(s.error());
      p.summary = *s;
    } else if (k == "clinical_area") {
      if (!x.is_string() || !parse_ClinicalArea(x.get<std::string>())) {
        return fail(Error::invalid("unknown clinical area", k));
      }
      p.clinical_area = x.get<std::string>();
    } else if (k == "org") {
      if (x.is_null()) {
        p.org = OrgId();
        continue;
      }
      auto n = int_field(x.is_object() && x.contains("id") ? x["id"] : x, k, 1, INT64_MAX);
      if (!n) return fail(n.error());
      p.org = OrgId(*n);
    } else if (k == "needs" || k == "capabilities") {
      auto ids = ids_field(x, k, 50);
      if (!ids) return fail(ids.error());
      (k == "needs" ? p.needs : p.capabilities) = *ids;
    } else if (k == "team") {
      auto t = team_from_json(x);
      if (!t) return fail(t.error());
      p.team = *t;
    } else if (k == "tier") {
      auto t = x.is_string() ? parse_Tier(x.get<std::string>()) : std::nullopt;
      if (!t) return fail(Error::invalid("must be public, consortium, nda or private", k));
      p.tier = *t;
    } else if (k == "trl") {
      auto n = int_field(x, k, 1, 9);
      if (!n) return fail(n.error());
      p.trl = static_cast<int>(*n);
      p.maturity.technical = p.trl;
    } else if (k == "version" || k == "id" || k == "stage" || k == "stage_id" || k == "state" ||
               k == "maturity" || k == "proposal" || k == "milestones" || k == "outcomes" ||
               k == "tenant" || k == "created_at" || k == "updated_at" || k == "can_edit") {
      continue;  // changed through their own endpoints, or read-only
    } else {
      return fail(Error::invalid("unknown field", k));
    }
  }
  if (p.title.empty()) return fail(Error::invalid("must not be empty", "title"));
  return ok();
}

store::ProjectRow project_row(const Project& p) {
  json outcomes = json::array();
  for (const auto& o : p.outcomes) {
    outcomes.push_back({{"type", o.type}, {"date", o.date}, {"note", o.note}});
  }
  json body = {{"title", p.title},
               {"summary", p.summary},
               {"clinical_area", p.clinical_area},
               {"trl", p.trl},
               {"maturity", maturity_to_json(p.maturity)},
               {"needs", ids_json(p.needs)},
               {"capabilities", ids_json(p.capabilities)},
               {"proposal", p.proposal},
               {"team", team_to_json(p.team)},
               {"outcomes", outcomes}};
  store::ProjectRow r;
  r.id = p.id;
  r.tenant = p.tenant;
  r.org = p.org;
  r.stage = p.stage;
  r.state = p.stopped ? "stopped" : "active";
  r.tier = p.tier;
  r.created_by = p.created_by;
  r.created_at = p.created_at;
  r.updated_at = p.updated_at;
  r.version = p.version;
  r.body = body.dump();
  return r;
}

Result<Project> project_of(const store::ProjectRow& r) {
  Project p;
  p.id = r.id;
  p.tenant = r.tenant;
  p.org = r.org;
  p.stage = r.stage;
  p.stopped = r.state == "stopped";
  p.tier = r.tier;
  p.created_by = r.created_by;
  p.created_at = r.created_at;
  p.updated_at = r.updated_at;
  p.version = r.version;
  try {
    json b = json::parse(r.body);
    p.title = b.value("title", "");
    p.summary = b.value("summary", "");
    p.clinical_area = b.value("clinical_area", "");
    p.trl = b.value("trl", 1);
    auto m = maturity_from_json(b.value("maturity", json::object()), {});
    if (!m) return fail(Error::corrupt("project " + std::to_string(r.id) + " has a bad maturity"));
    p.maturity = *m;
    for (const auto& x : b.value("needs", json::array()))
      p.needs.emplace_back(x.get<std::int64_t>());
    for (const auto& x : b.value("capabilities", json::array())) {
      p.capabilities.emplace_back(x.get<std::int64_t>());
    }
    p.proposal = b.value("proposal", std::int64_t{0});
    for (const auto& x : b.value("team", json::array())) {
      p.team.push_back({x.value("name", ""), x.value("role", "member"),
                        UserId(x["user"].is_number_integer() ? x["user"].get<std::int64_t>() : 0)});
    }
    for (const auto& x : b.value("outcomes", json::array())) {
      p.outcomes.push_back({x.value("type", ""), x.value("date", ""), x.value("note", "")});
    }
  } catch (const json::exception&) {
    return fail(Error::corrupt("project " + std::to_string(r.id) + " has a malformed body"));
  }
  return p;
}

Result<portfolio::StageModel> stage_model_from_json(const json& j) {
  if (!j.is_object() || !j.contains("stages") || !j["stages"].is_array()) {
    return fail(Error::invalid("give {\"stages\": [...]}", "stages"));
  }
  portfolio::StageModel m;
  for (size_t i = 0; i < j["stages"].size(); ++i) {
    const json& s = j["stages"][i];
    std::string f = "stages[" + std::to_string(i) + "]";
    if (!s.is_object()) return fail(Error::invalid("must be an object", f));
    portfolio::Stage st;
    for (const auto& item : s.items()) {
      const std::string& k = item.key();
      const json& x = item.value();
      if (k == "id" || k == "name" || k == "name_en") {
        auto t = text_field(x, f + "." + k, k == "id" ? 40 : 100, false);
        if (!t) return fail(t.error());
        (k == "id" ? st.id : k == "name" ? st.name : st.name_en) = *t;
      } else if (k == "exit_minimum") {
        auto mm = maturity_from_json(x, {});
        if (!mm) return fail(Error::invalid(mm.error().message, f + "." + mm.error().field));
        st.exit_minimum = *mm;
      } else if (k == "criteria") {
        if (!x.is_array() || x.size() > 20) {
          return fail(Error::invalid("must be a list of at most 20 criteria", f + ".criteria"));
        }
        for (size_t c = 0; c < x.size(); ++c) {
          std::string cf = f + ".criteria[" + std::to_string(c) + "]";
          if (!x[c].is_object()) return fail(Error::invalid("must be an object", cf));
          portfolio::GateCriterion gc;
          for (const auto& ci : x[c].items()) {
            if (ci.key() != "id" && ci.key() != "name" && ci.key() != "name_en") {
              return fail(Error::invalid("unknown field", cf + "." + ci.key()));
            }
            auto t =
                text_field(ci.value(), cf + "." + ci.key(), ci.key() == "id" ? 40 : 200, false);
            if (!t) return fail(t.error());
            (ci.key() == "id" ? gc.id : ci.key() == "name" ? gc.name : gc.name_en) = *t;
          }
          st.criteria.push_back(gc);
        }
      } else {
        return fail(Error::invalid("unknown field", f + "." + k));
      }
    }
    m.stages.push_back(st);
  }
  YG_TRY(portfolio::validate_stage_model(m));
  return m;
}

json stage_model_to_json(const portfolio::StageModel& m) {
  json stages = json::array();
  for (const auto& s : m.stages) {
    json criteria = json::array();
    for (const auto& c : s.criteria) {
      criteria.push_back({{"id", c.id}, {"name", c.name}, {"name_en", c.name_en}});
    }
    stages.push_back({{"id", s.id},
                      {"name", s.name},
                      {"name_en", s.name_en},
                      {"criteria", criteria},
                      {"exit_minimum", maturity_to_json(s.exit_minimum)}});
  }
  return {{"stages", stages}};
}

}  // namespace yigong::service
