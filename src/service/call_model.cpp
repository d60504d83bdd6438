#include "service/call_model.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "core/utf8.hpp"
#include "service/json_fields.hpp"

namespace yigong::service {
namespace {

using nlohmann::json;

constexpr std::int64_t kMaxMoney = 1'000'000'000'000;  // 1e12 in the call's currency

Result<std::vector<std::string>> texts_of(const json& v, const std::string& field, size_t max_items,
                                          size_t max_len) {
  if (!v.is_array()) return fail(Error::invalid("must be a list of strings", field));
  if (v.size() > max_items) {
    return fail(Error::invalid("has more than " + std::to_string(max_items) + " entries", field));
  }
  std::vector<std::string> out;
  for (size_t i = 0; i < v.size(); ++i) {
    auto s = text_field(v[i], field + "[" + std::to_string(i) + "]", max_len, true);
    if (!s) return fail(s.error());
    out.push_back(*s);
  }
  return out;
}

Result<bool> bool_of(const json& v, const std::string& field) {
  if (!v.is_boolean()) return fail(Error::invalid("must be true or false", field));
  return v.get<bool>();
}

// A date-time with an explicit offset ("…Z" or "…+08:00"); a bare date is refused.
Result<Micros> instant_of(const json& v, const std::string& field) {
  auto s = text_field(v, field, 40, true);
  if (!s) return fail(s.error());
  auto t = s->size() > 10 ? parse_rfc3339(*s) : std::nullopt;
  if (!t) {
    return fail(Error::invalid(
        "must be an RFC 3339 date-time with its offset, e.g. 2027-01-31T17:00:00+08:00", field));
  }
  return *t;
}

bool valid_time_zone(const std::string& tz) {
  static const std::regex re("^[A-Za-z]+(/[A-Za-z0-9_+-]+){0,2}$");
  return tz.size() <= 40 && std::regex_match(tz, re);
}

Result<review::Eligibility> eligibility_of(const json& v) {
  if (!v.is_object()) return fail(Error::invalid("must be an object", "eligibility"));
  review::Eligibility e;
  for (const auto& [k, x] : v.items()) {
    std::string f = "eligibility." + k;
    if (k == "org_types") {
      auto t = texts_of(x, f, 10, 40);
      if (!t) return fail(t.error());
      for (const auto& s : *t) {
        if (!parse_OrgType(s)) return fail(Error::invalid("unknown organisation type " + s, f));
      }
      e.org_types = *t;
    } else if (k == "regions") {
      auto t = texts_of(x, f, 50, 40);
      if (!t) return fail(t.error());
      e.regions = *t;
    } else if (k == "trl_min" || k == "trl_max") {
      auto n = int_field(x, f, 1, 9);
      if (!n) return fail(n.error());
      (k == "trl_min" ? e.trl_min : e.trl_max) = static_cast<int>(*n);
    } else {
      return fail(Error::invalid("unknown field", f));
    }
  }
  if (e.trl_min > e.trl_max) {
    return fail(Error::invalid("trl_min is above trl_max", "eligibility.trl_min"));
  }
  return e;
}

json eligibility_to_json(const review::Eligibility& e) {
  return {{"org_types", e.org_types},
          {"regions", e.regions},
          {"trl_min", e.trl_min},
          {"trl_max", e.trl_max}};
}

Result<std::vector<Milestone>> milestones_of(const json& v) {
  if (!v.is_array() || v.size() > 30) {
    return fail(Error::invalid("must be a list of at most 30 milestones", "milestones"));
  }
  std::vector<Milestone> out;
  for (size_t i = 0; i < v.size(); ++i) {
    std::string f = "milestones[" + std::to_string(i) + "]";
    if (!v[i].is_object()) return fail(Error::invalid("must be an object", f));
    Milestone m;
    for (const auto& [k, x] : v[i].items()) {
      if (k == "title") {
        auto s = text_field(x, f + ".title", 200, true);
        if (!s) return fail(s.error());
        m.title = *s;
      } else if (k == "due") {
        auto s = text_field(x, f + ".due", 10, true);
        if (!s) return fail(s.error());
        if (!valid_date(*s)) return fail(Error::invalid("must be a date YYYY-MM-DD", f + ".due"));
        m.due = *s;
      } else if (k == "budget") {
        auto n = int_field(x, f + ".budget", 0, kMaxMoney);
        if (!n) return fail(n.error());
        m.budget = *n;
      } else {
        return fail(Error::invalid("unknown field", f + "." + k));
      }
    }
    if (m.title.empty()) return fail(Error::invalid("a milestone needs a title", f + ".title"));
    out.push_back(m);
  }
  return out;
}

Result<json> parse_body(const std::string& body) {
  try {
    return json::parse(body);
  } catch (const json::exception&) {
    return fail(Error::corrupt("a stored body is not JSON"));
  }
}

std::string opt_rfc3339(std::optional<Micros> t) { return t ? format_rfc3339(*t) : ""; }

}  // namespace

Result<review::Rubric> rubric_from_json(const json& j) {
  if (!j.is_object()) return fail(Error::invalid("must be an object", "rubric"));
  review::Rubric r;
  for (const auto& [k, x] : j.items()) {
    if (k == "template") {
      auto s = text_field(x, "rubric.template", 40, false);
      if (!s) return fail(s.error());
      r.template_id = *s;
    } else if (k == "scale") {
      auto n = int_field(x, "rubric.scale", 1, 100);
      if (!n) return fail(n.error());
      r.scale = static_cast<int>(*n);
    } else if (k == "criteria") {
      if (!x.is_array() || x.size() > 20) {
        return fail(Error::invalid("must be a list of at most 20 criteria", "rubric.criteria"));
      }
      for (size_t i = 0; i < x.size(); ++i) {
        std::string f = "rubric.criteria[" + std::to_string(i) + "]";
        if (!x[i].is_object()) return fail(Error::invalid("must be an object", f));
        review::Criterion c;
        for (const auto& [ck, cv] : x[i].items()) {
          if (ck == "id" || ck == "name" || ck == "name_en") {
            auto s = text_field(cv, f + "." + ck, ck == "id" ? 40 : 200, false);
            if (!s) return fail(s.error());
            (ck == "id" ? c.id : ck == "name" ? c.name : c.name_en) = *s;
          } else if (ck == "weight") {
            if (!cv.is_number()) return fail(Error::invalid("must be a number", f + ".weight"));
            c.weight = cv.get<double>();
          } else if (ck == "levels") {
            auto t = texts_of(cv, f + ".levels", 10, 300);
            if (!t) return fail(t.error());
            c.levels = *t;
          } else {
            return fail(Error::invalid("unknown field", f + "." + ck));
          }
        }
        r.criteria.push_back(std::move(c));
      }
    } else {
      return fail(Error::invalid("unknown field", "rubric." + k));
    }
  }
  YG_TRY(review::validate_rubric(r));
  return r;
}

json rubric_to_json(const review::Rubric& r) {
  json criteria = json::array();
  for (const auto& c : r.criteria) {
    criteria.push_back({{"id", c.id},
                        {"name", c.name},
                        {"name_en", c.name_en},
                        {"weight", c.weight},
                        {"levels", c.levels}});
  }
  return {{"template", r.template_id}, {"scale", r.scale}, {"criteria", criteria}};
}

Result<ReviewSettings> review_settings_from_json(const json& body, ReviewSettings s) {
  if (!body.is_object()) return fail(Error::invalid("must be an object", "review"));
  for (const auto& [k, x] : body.items()) {
    if (k == "blind") {
      auto b = bool_of(x, "review.blind");
      if (!b) return fail(b.error());
      s.blind = *b;
    } else if (k == "per_proposal") {
      auto n = int_field(x, k, 1, 10);
      if (!n) return fail(n.error());
      s.per_proposal = static_cast<int>(*n);
    } else if (k == "max_load") {
      auto n = int_field(x, k, 1, 200);
      if (!n) return fail(n.error());
      s.max_load = static_cast<int>(*n);
    } else if (k == "coi_years") {
      auto n = int_field(x, k, 0, 30);
      if (!n) return fail(n.error());
      s.coi_years = static_cast<int>(*n);
    } else if (k == "mix") {
      if (!x.is_object()) return fail(Error::invalid("must be an object", "mix"));
      std::map<std::string, int> mix;
      for (const auto& [g, m] : x.items()) {
        if (g != "clinician" && g != "engineer" && g != "other") {
          return fail(Error::invalid("groups are clinician, engineer and other", "mix." + g));
        }
        auto n = int_field(m, "mix." + g, 0, 10);
        if (!n) return fail(n.error());
        if (*n > 0) mix[g] = static_cast<int>(*n);
      }
      s.mix = mix;
    } else if (k != "pins" && k != "forbids") {
      return fail(Error::invalid("unknown field", k));
    }
  }
  int minima = 0;
  for (const auto& [g, m] : s.mix) minima += m;
  if (minima > s.per_proposal) {
    return fail(Error::invalid("the mix asks for " + std::to_string(minima) +
                                   " reviewers per proposal; per_proposal is " +
                                   std::to_string(s.per_proposal),
                               "mix"));
  }
  return s;
}

json review_settings_to_json(const ReviewSettings& s) {
  json mix = json::object();
  for (const auto& [g, m] : s.mix) mix[g] = m;
  return {{"blind", s.blind},
          {"per_proposal", s.per_proposal},
          {"max_load", s.max_load},
          {"mix", mix},
          {"coi_years", s.coi_years}};
}

Result<void> apply_call_input(Call& c, const json& body) {
  if (!body.is_object()) return fail(Error::invalid("the body must be a JSON object"));
  for (const auto& [k, x] : body.items()) {
    if (k == "version" || k == "id" || k == "state") continue;  // handled by the service
    if (k == "title") {
      auto s = text_field(x, k, 200, true);
      if (!s) return fail(s.error());
      c.title = *s;
    } else if (k == "scope") {
      auto s = text_field(x, k, 4000, true);
      if (!s) return fail(s.error());
      c.scope = *s;
    } else if (k == "reward") {
      auto s = text_field(x, k, 1000, false);
      if (!s) return fail(s.error());
      c.reward = *s;
    } else if (k == "currency") {
      auto s = text_field(x, k, 3, true);
      if (!s) return fail(s.error());
      if (s->size() != 3 ||
          !std::all_of(s->begin(), s->end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; })) {
        return fail(Error::invalid("must be an ISO 4217 code such as CNY", k));
      }
      c.currency = *s;
    } else if (k == "budget") {
      auto n = int_field(x, k, 0, kMaxMoney);
      if (!n) return fail(n.error());
      c.budget = *n;
    } else if (k == "kind") {
      auto s = x.is_string() ? review::parse_CallKind(x.get<std::string>()) : std::nullopt;
      if (!s) return fail(Error::invalid("must be challenge or funding", k));
      c.kind = *s;
    } else if (k == "tier") {
      auto t = x.is_string() ? parse_Tier(x.get<std::string>()) : std::nullopt;
      if (!t) return fail(Error::invalid("must be public, consortium, nda or private", k));
      c.tier = *t;
    } else if (k == "sponsor") {
      auto n = int_field(x.is_object() && x.contains("id") ? x["id"] : x, k, 1, INT64_MAX);
      if (!n) return fail(n.error());
      c.sponsor = OrgId(*n);
    } else if (k == "needs") {
      auto ids = ids_field(x, k, 50);
      if (!ids) return fail(ids.error());
      c.needs = *ids;
    } else if (k == "eligibility") {
      auto e = eligibility_of(x);
      if (!e) return fail(e.error());
      c.eligibility = *e;
    } else if (k == "opens_at" || k == "closes_at") {
      auto t = instant_of(x, k);
      if (!t) return fail(t.error());
      (k == "opens_at" ? c.opens_at : c.closes_at) = *t;
    } else if (k == "time_zone") {
      auto s = text_field(x, k, 40, true);
      if (!s) return fail(s.error());
      if (!valid_time_zone(*s)) {
        return fail(Error::invalid("must be an IANA time zone such as Asia/Shanghai", k));
      }
      c.time_zone = *s;
    } else if (k == "rubric") {
      auto r = rubric_from_json(x);
      if (!r) return fail(r.error());
      c.rubric = *r;
    } else if (k == "review") {
      auto s = review_settings_from_json(x, c.review);
      if (!s) return fail(s.error());
      c.review = *s;
    } else if (k == "tenant" || k == "created_at" || k == "updated_at" || k == "proposals") {
      continue;  // read-only fields echoed back by clients
    } else {
      return fail(Error::invalid("unknown field", k));
    }
  }
  if (c.title.empty()) return fail(Error::invalid("must not be empty", "title"));
  if (c.scope.empty()) return fail(Error::invalid("must not be empty", "scope"));
  if (c.opens_at == 0) return fail(Error::invalid("is required", "opens_at"));
  if (c.closes_at == 0) return fail(Error::invalid("is required", "closes_at"));
  if (c.closes_at <= c.opens_at) {
    return fail(Error::invalid("the call must close after it opens", "closes_at"));
  }
  YG_TRY(review::validate_rubric(c.rubric));
  return ok();
}

Result<void> apply_proposal_input(Proposal& p, const json& body) {
  if (!body.is_object()) return fail(Error::invalid("the body must be a JSON object"));
  for (const auto& [k, x] : body.items()) {
    if (k == "title") {
      auto s = text_field(x, k, 200, true);
      if (!s) return fail(s.error());
      p.title = *s;
    } else if (k == "summary") {
      auto s = text_field(x, k, 6000, true);
      if (!s) return fail(s.error());
      p.summary = *s;
    } else if (k == "budget") {
      auto n = int_field(x, k, 0, kMaxMoney);
      if (!n) return fail(n.error());
      p.budget = *n;
    } else if (k == "trl") {
      auto n = int_field(x, k, 1, 9);
      if (!n) return fail(n.error());
      p.trl = static_cast<int>(*n);
    } else if (k == "capabilities") {
      auto ids = ids_field(x, k, 30);
      if (!ids) return fail(ids.error());
      p.capabilities = *ids;
    } else if (k == "team") {
      auto t = team_from_json(x);
      if (!t) return fail(t.error());
      p.team = *t;
    } else if (k == "milestones") {
      auto m = milestones_of(x);
      if (!m) return fail(m.error());
      p.milestones = *m;
    } else if (k == "version" || k == "id" || k == "call" || k == "state" || k == "org" ||
               k == "created_by" || k == "attachments" || k == "submitted_at" || k == "decision" ||
               k == "blind") {
      continue;  // set by the service, or read-only fields echoed back
    } else {
      return fail(Error::invalid("unknown field", k));
    }
  }
  if (p.title.empty()) return fail(Error::invalid("must not be empty", "title"));
  if (p.summary.empty()) return fail(Error::invalid("must not be empty", "summary"));
  return ok();
}

store::CallRow call_row(const Call& c) {
  json needs = json::array();
  for (auto n : c.needs) needs.push_back(n.value);
  json body = {{"title", c.title},
               {"scope", c.scope},
               {"reward", c.reward},
               {"currency", c.currency},
               {"budget", c.budget},
               {"needs", needs},
               {"eligibility", eligibility_to_json(c.eligibility)},
               {"time_zone", c.time_zone},
               {"rubric", rubric_to_json(c.rubric)},
               {"review", review_settings_to_json(c.review)}};
  store::CallRow r;
  r.id = c.id;
  r.tenant = c.tenant;
  r.sponsor = c.sponsor;
  r.kind = std::string(name(c.kind));
  r.state = std::string(name(c.state));
  r.tier = c.tier;
  r.opens_at = c.opens_at;
  r.closes_at = c.closes_at;
  r.created_by = c.created_by;
  r.created_at = c.created_at;
  r.updated_at = c.updated_at;
  r.version = c.version;
  r.body = body.dump();
  return r;
}

Result<Call> call_of(const store::CallRow& r) {
  auto body = parse_body(r.body);
  if (!body) return fail(body.error());
  Call c;
  c.id = r.id;
  c.tenant = r.tenant;
  c.sponsor = r.sponsor;
  c.kind = review::parse_CallKind(r.kind).value_or(review::CallKind::challenge);
  c.state = review::parse_CallState(r.state).value_or(review::CallState::draft);
  c.tier = r.tier;
  c.opens_at = r.opens_at;
  c.closes_at = r.closes_at;
  c.created_by = r.created_by;
  c.created_at = r.created_at;
  c.updated_at = r.updated_at;
  c.version = r.version;
  try {
    c.title = body->value("title", "");
    c.scope = body->value("scope", "");
    c.reward = body->value("reward", "");
    c.currency = body->value("currency", "CNY");
    c.budget = body->value("budget", std::int64_t{0});
    for (const auto& n : body->value("needs", json::array()))
      c.needs.emplace_back(n.get<std::int64_t>());
    c.time_zone = body->value("time_zone", "UTC");
    auto e = eligibility_of(body->value("eligibility", json::object()));
    auto rubric = rubric_from_json(body->value("rubric", json::object()));
    auto settings = review_settings_from_json(body->value("review", json::object()), {});
    if (!e || !rubric || !settings)
      return fail(Error::corrupt("call " + std::to_string(r.id) + " has a malformed body"));
    c.eligibility = *e;
    c.rubric = *rubric;
    c.review = *settings;
  } catch (const json::exception&) {
    return fail(Error::corrupt("call " + std::to_string(r.id) + " has a malformed body"));
  }
  return c;
}

store::ProposalRow proposal_row(const Proposal& p) {
  json caps = json::array();
  for (auto id : p.capabilities) caps.push_back(id.value);
  json team = json::array();
  for (const auto& m : p.team) {
    json x = {{"name", m.name}, {"role", m.role}};
    if (m.user) x["user"] = m.user.value;
    team.push_back(x);
  }
  json milestones = json::array();
  for (const auto& m : p.milestones) {
    milestones.push_back({{"title", m.title}, {"due", m.due}, {"budget", m.budget}});
  }
  json body = {
      {"title", p.title},     {"summary", p.summary}, {"budget", p.budget},      {"trl", p.trl},
      {"capabilities", caps}, {"team", team},         {"milestones", milestones}};
  if (p.decision) {
    body["decision"] = {{"outcome", p.decision->outcome},
                        {"reason", p.decision->reason},
                        {"at", p.decision->at},
                        {"by", p.decision->by.value}};
  }
  store::ProposalRow r;
  r.id = p.id;
  r.call = p.call;
  r.tenant = p.tenant;
  r.org = p.org;
  r.state = std::string(name(p.state));
  r.created_by = p.created_by;
  r.created_at = p.created_at;
  r.updated_at = p.updated_at;
  r.submitted_at = p.submitted_at;
  r.version = p.version;
  r.body = body.dump();
  return r;
}

Result<Proposal> proposal_of(const store::ProposalRow& r) {
  auto body = parse_body(r.body);
  if (!body) return fail(body.error());
  Proposal p;
  p.id = r.id;
  p.call = r.call;
  p.tenant = r.tenant;
  p.org = r.org;
  p.state = review::parse_ProposalState(r.state).value_or(review::ProposalState::draft);
  p.created_by = r.created_by;
  p.created_at = r.created_at;
  p.updated_at = r.updated_at;
  p.submitted_at = r.submitted_at;
  p.version = r.version;
  try {
    p.title = body->value("title", "");
    p.summary = body->value("summary", "");
    p.budget = body->value("budget", std::int64_t{0});
    p.trl = body->value("trl", 0);
    for (const auto& c : body->value("capabilities", json::array())) {
      p.capabilities.emplace_back(c.get<std::int64_t>());
    }
    for (const auto& m : body->value("team", json::array())) {
      p.team.push_back({m.value("name", ""), m.value("role", "member"),
                        UserId(m.value("user", std::int64_t{0}))});
    }
    for (const auto& m : body->value("milestones", json::array())) {
      p.milestones.push_back(
          {m.value("title", ""), m.value("due", ""), m.value("budget", std::int64_t{0})});
    }
    if (body->contains("decision")) {
      const auto& d = (*body)["decision"];
      p.decision = Decision{d.value("outcome", ""), d.value("reason", ""), d.value("at", Micros{0}),
                            UserId(d.value("by", std::int64_t{0}))};
    }
  } catch (const json::exception&) {
    return fail(Error::corrupt("proposal " + std::to_string(r.id) + " has a malformed body"));
  }
  return p;
}

Result<std::vector<RubricTemplate>> load_rubric_templates(const std::string& dir) {
  namespace fs = std::filesystem;
  std::vector<RubricTemplate> out;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return fail(
        Error::invalid("the rubric templates folder " + dir + " does not exist", "rubrics"));
  }
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (e.path().extension() == ".json") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& path : files) {
    std::ifstream in(path);
    std::stringstream buf;
    buf << in.rdbuf();
    auto where = [&](const std::string& m) {
      return Error::invalid(path.string() + ": " + m, "rubric");
    };
    json j;
    try {
      j = json::parse(buf.str());
    } catch (const json::exception& e) {
      return fail(where(e.what()));
    }
    if (!j.is_object()) return fail(where("not an object"));
    RubricTemplate t;
    t.id = j.value("id", "");
    t.name = j.value("name", "");
    t.name_en = j.value("name_en", "");
    t.source = j.value("source", "");
    json rubric = {{"template", t.id},
                   {"scale", j.value("scale", 5)},
                   {"criteria", j.value("criteria", json::array())}};
    auto r = rubric_from_json(rubric);
    if (!r) return fail(where(r.error().field + " " + r.error().message));
    if (t.id.empty() || t.name.empty()) return fail(where("needs an id and a name"));
    t.rubric = *r;
    out.push_back(std::move(t));
  }
  return out;
}

json rubric_template_to_json(const RubricTemplate& t) {
  json j = rubric_to_json(t.rubric);
  j["id"] = t.id;
  j["name"] = t.name;
  j["name_en"] = t.name_en;
  j["source"] = t.source;
  j.erase("template");
  return j;
}

json call_to_json(const Call& c, const std::optional<OrgRef>& sponsor,
                  std::optional<std::int64_t> proposal_count) {
  json needs = json::array();
  for (auto n : c.needs) needs.push_back(n.value);
  json j = {{"id", c.id},
            {"tenant", c.tenant.value},
            {"sponsor",
             sponsor ? json{{"id", sponsor->id.value}, {"name", sponsor->name}} : json(nullptr)},
            {"kind", name(c.kind)},
            {"title", c.title},
            {"scope", c.scope},
            {"reward", c.reward},
            {"budget", c.budget},
            {"currency", c.currency},
            {"needs", needs},
            {"eligibility", eligibility_to_json(c.eligibility)},
            {"opens_at", format_rfc3339(c.opens_at)},
            {"closes_at", format_rfc3339(c.closes_at)},
            {"time_zone", c.time_zone},
            {"rubric", rubric_to_json(c.rubric)},
            {"review", review_settings_to_json(c.review)},
            {"tier", name(c.tier)},
            {"state", name(c.state)},
            {"version", c.version},
            {"created_at", format_rfc3339(c.created_at)},
            {"updated_at", format_rfc3339(c.updated_at)}};
  if (proposal_count) j["proposals"] = *proposal_count;
  return j;
}

json proposal_to_json(const Proposal& p, const std::optional<OrgRef>& org,
                      const std::vector<store::AttachmentRow>& attachments, bool blind) {
  json milestones = json::array();
  for (const auto& m : p.milestones) {
    milestones.push_back({{"title", m.title}, {"due", m.due}, {"budget", m.budget}});
  }
  json j = {{"id", p.id},
            {"call", p.call},
            {"state", name(p.state)},
            {"title", p.title},
            {"summary", p.summary},
            {"budget", p.budget},
            {"trl", p.trl},
            {"milestones", milestones},
            {"submitted_at", opt_rfc3339(p.submitted_at)},
            {"version", p.version},
            {"blind", blind}};
  if (p.decision) {
    j["decision"] = {{"outcome", p.decision->outcome},
                     {"reason", p.decision->reason},
                     {"at", format_rfc3339(p.decision->at)}};
  } else {
    j["decision"] = nullptr;
  }
  if (blind) return j;
  j["org"] = org ? json{{"id", org->id.value}, {"name", org->name}} : json(nullptr);
  j["created_by"] = p.created_by.value;
  json caps = json::array();
  for (auto id : p.capabilities) caps.push_back(id.value);
  j["capabilities"] = caps;
  json team = json::array();
  for (const auto& m : p.team) {
    json x = {{"name", m.name}, {"role", m.role}};
    if (m.user) x["user"] = m.user.value;
    team.push_back(x);
  }
  j["team"] = team;
  json files = json::array();
  for (const auto& a : attachments) {
    files.push_back({{"token", a.token},
                     {"name", a.name},
                     {"type", a.content_type},
                     {"size", a.size},
                     {"sha256", a.sha256}});
  }
  j["attachments"] = files;
  return j;
}

}  // namespace yigong::service
