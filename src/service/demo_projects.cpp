#include "service/demo_projects.hpp"

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "service/demo_refs.hpp"

namespace yigong::service {
namespace {

using nlohmann::json;

struct Loader {
  store::Store& store;
  ProjectService& projects;

  DemoRefs refs{store};

  Result<User> user(const std::string& email) { return refs.user(email); }
  Result<std::int64_t> record(RecordKind kind, TenantId tenant, const std::string& key) {
    return refs.record(kind, tenant, key);
  }
  Result<json> ids(RecordKind kind, TenantId tenant, const json& keys) {
    return refs.ids(kind, tenant, keys);
  }

  // Noon (Asia/Shanghai) of a demo date, as the event time.
  void at(const std::string& date) {
    Micros t = parse_rfc3339(date + "T12:00:00+08:00").value_or(now_micros());
    projects.set_clock([t] { return t; });
  }

  Result<void> load(const json& p) {
    auto op = user(p["created_by"].get<std::string>());
    if (!op) return fail(op.error());
    Viewer v{op->id, op->tenant, op->role, op->org};
    TenantId tenant = op->tenant;
    json body = {{"title", p["title"]},
                 {"summary", p.value("summary", "")},
                 {"clinical_area", p.value("clinical_area", "other")},
                 {"tier", p.value("tier", "consortium")},
                 {"trl", p.value("trl", 1)}};
    if (p.contains("org")) {
      auto org = record(RecordKind::organisation, tenant, p["org"].get<std::string>());
      if (!org) return fail(org.error());
      body["org"] = *org;
    }
    auto needs = ids(RecordKind::need, tenant, p.value("needs", json::array()));
    if (!needs) return fail(needs.error());
    body["needs"] = *needs;
    auto caps = ids(RecordKind::capability, tenant, p.value("capabilities", json::array()));
    if (!caps) return fail(caps.error());
    body["capabilities"] = *caps;
    json team = json::array();
    std::optional<Viewer> lead, clinical_lead;
    for (const auto& m : p.value("team", json::array())) {
      json x = {{"name", m["name"]}, {"role", m["role"]}};
      if (m.contains("user")) {
        auto u = user(m["user"].get<std::string>());
        if (!u) return fail(u.error());
        x["user"] = u->id.value;
        Viewer uv{u->id, u->tenant, u->role, u->org};
        std::string role = m["role"].get<std::string>();
        if (role == "clinical lead") clinical_lead = uv;
        if (is_lead_role(role)) lead = uv;
      }
      team.push_back(x);
    }
    body["team"] = team;
    at(p["started"].get<std::string>());
    auto made = projects.create(v, body);
    if (!made) return fail(made.error());
    std::int64_t id = (*made)["id"];
    for (const auto& g : p.value("history", json::array())) {
      at(g["date"].get<std::string>());
      json gate = {{"decision", g["decision"]}, {"reasons", g.value("reasons", "—")}};
      if (g.contains("maturity")) gate["maturity"] = g["maturity"];
      if (g["decision"] == "go") {
        auto model = projects.stage_model(v);
        auto current = projects.get(v, id);
        if (!model || !current) return fail(!model ? model.error() : current.error());
        json criteria = json::object();
        for (const auto& c : (*model)["stages"][(*current)["stage"].get<int>()]["criteria"]) {
          criteria[c["id"].get<std::string>()] = true;
        }
        gate["criteria"] = criteria;
      }
      auto r = projects.gate(v, id, gate);
      if (!r) return fail(r.error());
    }
    for (const auto& m : p.value("milestones", json::array())) {
      at(p["started"].get<std::string>());
      auto made_m = projects.add_milestone(v, id, {{"title", m["title"]}, {"due", m["due"]}});
      if (!made_m) return fail(made_m.error());
      if (m.value("status", "open") != "open") {
        at(m["due"].get<std::string>());
        auto u = projects.update_milestone(v, id, (*made_m)["id"], {{"status", m["status"]}});
        if (!u) return fail(u.error());
      }
    }
    for (const auto& f : p.value("feedback", json::array())) {
      auto by = user(f["by"].get<std::string>());
      if (!by) return fail(by.error());
      at(f["date"].get<std::string>());
      auto e = projects.add_feedback(Viewer{by->id, by->tenant, by->role, by->org}, id,
                                     {{"iteration", f["iteration"]},
                                      {"sessions", f["sessions"]},
                                      {"issues", f.value("issues", json::array())}});
      if (!e) return fail(e.error());
      if (f.contains("response")) {
        auto r = projects.respond(lead.value_or(v), id, (*e)["id"], {{"text", f["response"]}});
        if (!r) return fail(r.error());
      }
    }
    for (const auto& o : p.value("outcomes", json::array())) {
      at(o["date"].get<std::string>());
      auto r = projects.add_outcome(v, id, o);
      if (!r) return fail(r.error());
    }
    (void)clinical_lead;
    return ok();
  }
};

}  // namespace

Result<int> load_demo_projects(store::Store& store, ProjectService& projects,
                               const std::string& dir) {
  namespace fs = std::filesystem;
  fs::path path = fs::path(dir) / "projects.json";
  if (!fs::exists(path)) return 0;
  std::ifstream in(path);
  std::stringstream buf;
  buf << in.rdbuf();
  Loader loader{store, projects};
  int n = 0;
  try {
    json doc = json::parse(buf.str());
    for (const auto& p : doc.value("projects", json::array())) {
      auto r = loader.load(p);
      if (!r) {
        projects.set_clock(now_micros);
        return fail(Error::invalid("projects.json \"" + p.value("title", std::string("?")) +
                                   "\": " + r.error().message +
                                   (r.error().field.empty() ? "" : " [" + r.error().field + "]")));
      }
      ++n;
    }
  } catch (const json::exception& e) {
    projects.set_clock(now_micros);
    return fail(Error::invalid(std::string("projects.json: ") + e.what()));
  }
  projects.set_clock(now_micros);
  return n;
}

}  // namespace yigong::service
