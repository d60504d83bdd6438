// Projects: creation, access, gates, TRL, milestones, feedback, outcomes, timeline.
#include "service/projects.hpp"

#include <algorithm>
#include <set>

#include "core/utf8.hpp"
#include "service/audit.hpp"
#include "service/call_model.hpp"
#include "service/calls.hpp"

namespace yigong::service {
namespace {

using nlohmann::json;

const TeamMember* member_of(const Project& p, UserId user) {
  for (const auto& m : p.team) {
    if (m.user && m.user == user) return &m;
  }
  return nullptr;
}

bool readable(const Viewer& v, const Project& p) {
  if (p.tier == Tier::public_) return true;
  if (v.tenant != p.tenant || v.role == Role::guest) return false;  // guests: public only
  if (p.tier != Tier::private_) return true;
  return member_of(p, v.user) || (v.org && v.org == p.org) || v.user == p.created_by;
}

Result<void> only_keys(const json& body, std::initializer_list<std::string_view> keys) {
  if (!body.is_object()) return fail(Error::invalid("the body must be a JSON object"));
  for (const auto& item : body.items()) {
    if (std::find(keys.begin(), keys.end(), item.key()) == keys.end()) {
      return fail(Error::invalid("unknown field", item.key()));
    }
  }
  return ok();
}

json milestone_json(const store::MilestoneRow& m) {
  return {{"id", m.id},
          {"title", m.title},
          {"due", m.due},
          {"owner", m.owner ? json(m.owner.value) : json(nullptr)},
          {"status", m.status}};
}

bool valid_status(const std::string& s) {
  return s == "open" || s == "done" || s == "late" || s == "dropped";
}

}  // namespace

// ---- loading, access, JSON ----

Result<portfolio::StageModel> ProjectService::model_of(store::Tx& tx, TenantId tenant) {
  auto stored = tx.stage_model(tenant);
  if (!stored) return fail(stored.error());
  if (!*stored) return portfolio::default_stage_model();
  json j = json::parse(**stored, nullptr, false);
  auto m = stage_model_from_json(j);
  if (!m) return fail(Error::corrupt("the stored stage model does not validate"));
  return *m;
}

Result<ProjectService::Loaded> ProjectService::load(store::Tx& tx, const Viewer& viewer,
                                                    std::int64_t id) {
  auto row = tx.get_project(id);
  if (!row) return fail(row.error());
  if (!*row) return fail(Error::not_found("project", std::to_string(id)));
  auto p = project_of(**row);
  if (!p) return fail(p.error());
  Access access = Access::none;
  if (runs_calls(viewer, p->tenant)) {
    access = Access::staff;
  } else if (readable(viewer, *p)) {
    const TeamMember* m = member_of(*p, viewer.user);
    access = m && is_lead_role(m->role) && viewer.tenant == p->tenant ? Access::lead : Access::read;
  }
  if (access == Access::none) return fail(Error::not_found("project", std::to_string(id)));
  return Loaded{*p, access};
}

Result<json> ProjectService::project_json(store::Tx& tx, const Viewer& viewer, const Project& p,
                                          Access access,
                                          std::map<std::int64_t, portfolio::StageModel>* models) {
  std::map<std::int64_t, portfolio::StageModel> local;
  if (!models) models = &local;
  auto cached = models->find(p.tenant.value);
  if (cached == models->end()) {
    auto read = model_of(tx, p.tenant);
    if (!read) return fail(read.error());
    cached = models->emplace(p.tenant.value, std::move(*read)).first;
  }
  const portfolio::StageModel* model = &cached->second;
  json org = nullptr;
  if (p.org) {
    auto o = tx.get_record(RecordKind::organisation, RecordId(p.org.value));
    if (!o) return fail(o.error());
    if (*o) org = {{"id", p.org.value}, {"name", (*o)->text("name") ? *(*o)->text("name") : ""}};
  }
  auto ms = tx.milestones(p.id);
  if (!ms) return fail(ms.error());
  json milestones = json::array();
  for (const auto& m : *ms) milestones.push_back(milestone_json(m));
  json outcomes = json::array();
  for (const auto& o : p.outcomes) {
    outcomes.push_back({{"type", o.type}, {"date", o.date}, {"note", o.note}});
  }
  json team = json::array();
  for (const auto& m : p.team) {
    team.push_back({{"user", m.user ? json(m.user.value) : json(nullptr)},
                    {"name", m.name},
                    {"role", m.role}});
  }
  json needs = json::array(), caps = json::array();
  for (auto n : p.needs) needs.push_back(n.value);
  for (auto c : p.capabilities) caps.push_back(c.value);
  const auto& stages = model->stages;
  int stage = std::clamp(p.stage, 0, static_cast<int>(stages.size()) - 1);
  (void)viewer;
  return json{{"id", p.id},
              {"tenant", p.tenant.value},
              {"title", p.title},
              {"summary", p.summary},
              {"clinical_area", p.clinical_area},
              {"org", org},
              {"stage", p.stage},
              {"stage_id", stages[static_cast<size_t>(stage)].id},
              {"state", p.stopped ? "stopped" : "active"},
              {"trl", p.trl},
              {"maturity", maturity_to_json(p.maturity)},
              {"needs", needs},
              {"capabilities", caps},
              {"proposal", p.proposal ? json(p.proposal) : json(nullptr)},
              {"team", team},
              {"tier", name(p.tier)},
              {"version", p.version},
              {"created_at", format_rfc3339(p.created_at)},
              {"updated_at", format_rfc3339(p.updated_at)},
              {"milestones", milestones},
              {"outcomes", outcomes},
              {"can_edit", access == Access::staff || access == Access::lead}};
}

Result<std::int64_t> ProjectService::save(store::Tx& tx, Project& p) {
  p.updated_at = clock_();
  auto v = tx.update_project(project_row(p));
  if (!v) return fail(v.error());
  p.version = *v;
  return *v;
}

Result<std::int64_t> ProjectService::event(store::Tx& tx, const Viewer& viewer, const Project& p,
                                           const std::string& kind, const json& detail) {
  auto id = tx.insert_project_event({0, p.id, kind, clock_(), viewer.user, detail.dump()});
  if (!id) return fail(id.error());
  AuditEvent e;
  e.tenant = p.tenant;
  e.actor = viewer.user;
  e.action = kind;
  e.kind = "project";
  e.record_id = p.id;
  e.detail = detail.dump();
  auto a = append_audit(tx, std::move(e));
  if (!a) return fail(a.error());
  return *id;
}

Result<void> ProjectService::check_references(const Viewer& viewer, const Project& p) {
  for (auto n : p.needs) {
    if (!records_.get(viewer, RecordKind::need, n)) {
      return fail(Error::unprocessable("need " + n.str() + " is unknown", "needs"));
    }
  }
  for (auto c : p.capabilities) {
    if (!records_.get(viewer, RecordKind::capability, c)) {
      return fail(Error::unprocessable("capability " + c.str() + " is unknown", "capabilities"));
    }
  }
  if (p.org && !records_.get(viewer, RecordKind::organisation, RecordId(p.org.value))) {
    return fail(Error::unprocessable("organisation " + p.org.str() + " is unknown", "org"));
  }
  return ok();
}

// ---- stage model ----

Result<json> ProjectService::stage_model(const Viewer& viewer) {
  return store_.read<json>([&](store::Tx& tx) -> Result<json> {
    auto m = model_of(tx, viewer.tenant);
    if (!m) return fail(m.error());
    return stage_model_to_json(*m);
  });
}

Result<json> ProjectService::set_stage_model(const Viewer& viewer, const json& body) {
  if (!can_administer(viewer, viewer.tenant)) {
    return fail(Error::forbidden("only the tenant's administrators change its stages"));
  }
  auto m = stage_model_from_json(body);
  if (!m) return fail(m.error());
  return store_.write<json>([&](store::Tx& tx) -> Result<json> {
    json j = stage_model_to_json(*m);
    YG_TRY(tx.set_stage_model(viewer.tenant, j.dump()));
    AuditEvent e;
    e.tenant = viewer.tenant;
    e.actor = viewer.user;
    e.action = "stage_model";
    e.kind = "tenant";
    e.record_id = viewer.tenant.value;
    e.detail = json{{"stages", m->stages.size()}}.dump();
    auto a = append_audit(tx, std::move(e));
    if (!a) return fail(a.error());
    return j;
  });
}

// ---- projects ----

Result<std::vector<Project>> ProjectService::visible_projects(store::Tx& tx, const Viewer& viewer,
                                                              bool all_tenants) {
  auto rows = tx.list_projects(viewer.role == Role::platform_admin ? TenantId() : viewer.tenant);
  if (!rows) return fail(rows.error());
  std::vector<Project> out;
  for (const auto& r : *rows) {
    auto p = project_of(r);
    if (!p) return fail(p.error());
    if (!all_tenants && p->tenant != viewer.tenant) continue;
    if (!runs_calls(viewer, p->tenant) && !readable(viewer, *p)) continue;
    out.push_back(std::move(*p));
  }
  return out;
}

Result<json> ProjectService::list(const Viewer& viewer, const std::string& stage,
                                  const std::string& state, const std::string& area) {
  std::optional<int> stage_no;
  if (!stage.empty()) {
    if (stage.size() > 2 || !std::all_of(stage.begin(), stage.end(), ::isdigit)) {
      return fail(Error::invalid("must be a stage number", "stage"));
    }
    stage_no = std::stoi(stage);
  }
  if (!state.empty() && state != "active" && state != "stopped") {
    return fail(Error::invalid("must be active or stopped", "state"));
  }
  if (!area.empty() && !parse_ClinicalArea(area)) {
    return fail(Error::invalid("unknown clinical area", "area"));
  }
  return store_.read<json>([&](store::Tx& tx) -> Result<json> {
    auto projects = visible_projects(tx, viewer, true);
    if (!projects) return fail(projects.error());
    std::map<std::int64_t, portfolio::StageModel> models;
    json items = json::array();
    for (const auto& p : *projects) {
      if (stage_no && p.stage != *stage_no) continue;
      if (!state.empty() && (p.stopped ? "stopped" : "active") != state) continue;
      if (!area.empty() && p.clinical_area != area) continue;
      auto j = project_json(tx, viewer, p,
                            runs_calls(viewer, p.tenant) ? Access::staff : Access::read, &models);
      if (!j) return fail(j.error());
      items.push_back(*j);
    }
    return json{{"items", items}};
  });
}

Result<json> ProjectService::create(const Viewer& viewer, const json& body) {
  if (!runs_calls(viewer, viewer.tenant)) {
    return fail(Error::forbidden("only operators and administrators start projects"));
  }
  Project p;
  p.tenant = viewer.tenant;
  p.org = viewer.org;
  p.created_by = viewer.user;
  YG_TRY(apply_project_input(p, body));
  YG_TRY(check_references(viewer, p));
  p.created_at = p.updated_at = clock_();
  return store_.write<json>([&](store::Tx& tx) -> Result<json> {
    auto id = tx.insert_project(project_row(p));
    if (!id) return fail(id.error());
    p.id = *id;
    auto e = event(tx, viewer, p, "created", {{"stage", p.stage}, {"trl", p.trl}});
    if (!e) return fail(e.error());
    return project_json(tx, viewer, p, Access::staff);
  });
}

Result<json> ProjectService::create_from_proposal(const Viewer& viewer, std::int64_t proposal_id) {
  return store_.write<json>([&](store::Tx& tx) -> Result<json> {
    auto prow = tx.get_proposal(proposal_id);
    if (!prow) return fail(prow.error());
    if (!*prow) return fail(Error::not_found("proposal", std::to_string(proposal_id)));
    auto proposal = proposal_of(**prow);
    if (!proposal) return fail(proposal.error());
    auto crow = tx.get_call(proposal->call);
    if (!crow) return fail(crow.error());
    if (!*crow) return fail(Error::not_found("proposal", std::to_string(proposal_id)));
    auto call = call_of(**crow);
    if (!call) return fail(call.error());
    if (!runs_calls(viewer, call->tenant)) {
      return fail(Error::not_found("proposal", std::to_string(proposal_id)));
    }
    if (proposal->state != review::ProposalState::awarded) {
      return fail(Error::unprocessable("only an awarded proposal becomes a project"));
    }
    auto existing = tx.list_projects(call->tenant);
    if (!existing) return fail(existing.error());
    for (const auto& r : *existing) {
      auto p = project_of(r);
      if (p && p->proposal == proposal_id) {
        return fail(Error::conflict("proposal " + std::to_string(proposal_id) +
                                    " is already project " + std::to_string(p->id)));
      }
    }
    Project p;
    p.tenant = call->tenant;
    p.org = proposal->org;
    p.created_by = viewer.user;
    p.title = proposal->title;
    p.summary = proposal->summary;
    p.needs = call->needs;
    p.capabilities = proposal->capabilities;
    p.proposal = proposal_id;
    p.tier = call->tier == Tier::public_ ? Tier::consortium : call->tier;
    p.trl = std::max(1, proposal->trl);
    p.maturity.technical = p.trl;
    p.team = proposal->team;
    if (!member_of(p, proposal->created_by)) {
      auto author = tx.get_user(proposal->created_by);
      if (!author) return fail(author.error());
      if (*author) p.team.push_back({(*author)->name, "engineering lead", (*author)->id});
    }
    p.created_at = p.updated_at = clock_();
    auto id = tx.insert_project(project_row(p));
    if (!id) return fail(id.error());
    p.id = *id;
    auto e =
        event(tx, viewer, p, "created",
              {{"stage", p.stage}, {"trl", p.trl}, {"proposal", proposal_id}, {"call", call->id}});
    if (!e) return fail(e.error());
    return project_json(tx, viewer, p, Access::staff);
  });
}

Result<json> ProjectService::get(const Viewer& viewer, std::int64_t id) {
  return store_.read<json>([&](store::Tx& tx) -> Result<json> {
    auto x = load(tx, viewer, id);
    if (!x) return fail(x.error());
    return project_json(tx, viewer, x->project, x->access);
  });
}

Result<json> ProjectService::update(const Viewer& viewer, std::int64_t id, const json& body) {
  if (!body.is_object() || !body.contains("version") || !body["version"].is_number_integer()) {
    return fail(Error::invalid("the current version is required", "version"));
  }
  return store_.write<json>([&](store::Tx& tx) -> Result<json> {
    auto x = load(tx, viewer, id);
    if (!x) return fail(x.error());
    if (x->access != Access::staff && x->access != Access::lead) {
      return fail(Error::forbidden("only the project's leads and operators edit it"));
    }
    Project& p = x->project;
    p.version = body["version"].get<std::int64_t>();
    int trl_before = p.trl;
    YG_TRY(apply_project_input(p, body));
    YG_TRY(check_references(viewer, p));
    YG_TRY(save(tx, p));
    json keys = json::array();
    for (const auto& item : body.items()) keys.push_back(item.key());
    auto e = event(tx, viewer, p, "update", {{"fields", keys}});
    if (!e) return fail(e.error());
    if (p.trl != trl_before) {
      auto t = event(tx, viewer, p, "trl", {{"from", trl_before}, {"to", p.trl}, {"note", ""}});
      if (!t) return fail(t.error());
    }
    return project_json(tx, viewer, p, x->access);
  });
}

Result<json> ProjectService::gate(const Viewer& viewer, std::int64_t id, const json& body) {
  YG_TRY(only_keys(body, {"decision", "criteria", "maturity", "reasons", "reviewers"}));
  if (!body.contains("decision") || !body["decision"].is_string() ||
      !portfolio::parse_GateDecision(body["decision"].get<std::string>())) {
    return fail(Error::invalid("must be go, hold, stop or recycle", "decision"));
  }
  portfolio::GateInput input;
  input.decision = *portfolio::parse_GateDecision(body["decision"].get<std::string>());
  if (body.contains("criteria")) {
    if (!body["criteria"].is_object()) return fail(Error::invalid("must be an object", "criteria"));
    for (const auto& item : body["criteria"].items()) {
      if (!item.value().is_boolean()) {
        return fail(Error::invalid("must be true or false", "criteria." + item.key()));
      }
      input.criteria[item.key()] = item.value().get<bool>();
    }
  }
  auto reasons = member_text(body, "reasons", 4000, true);
  if (!reasons) return fail(reasons.error());
  json reviewers = json::array();
  if (body.contains("reviewers")) {
    if (!body["reviewers"].is_array() || body["reviewers"].size() > 20) {
      return fail(Error::invalid("must be a list of user ids", "reviewers"));
    }
    for (const auto& r : body["reviewers"]) {
      if (!r.is_number_integer() || r.get<std::int64_t>() < 1) {
        return fail(Error::invalid("must be a list of user ids", "reviewers"));
      }
      reviewers.push_back(r);
    }
  }
  return store_.write<json>([&](store::Tx& tx) -> Result<json> {
    auto x = load(tx, viewer, id);
    if (!x) return fail(x.error());
    if (x->access != Access::staff) {
      return fail(Error::forbidden("gate decisions are recorded by the tenant's operators"));
    }
    Project& p = x->project;
    if (p.stopped) return fail(Error::conflict("the project is stopped"));
    input.maturity = p.maturity;
    if (body.contains("maturity")) {
      auto m = maturity_from_json(body["maturity"], p.maturity);
      if (!m) return fail(m.error());
      input.maturity = *m;
    }
    for (const auto& r : reviewers) {
      auto u = tx.get_user(UserId(r.get<std::int64_t>()));
      if (!u) return fail(u.error());
      if (!*u || (*u)->tenant != p.tenant) {
        return fail(Error::unprocessable(
            "reviewer " + std::to_string(r.get<std::int64_t>()) + " is not a user of this tenant",
            "reviewers"));
      }
    }
    auto model = model_of(tx, p.tenant);
    if (!model) return fail(model.error());
    auto outcome = portfolio::apply_gate(*model, p.stage, input);
    if (!outcome) return fail(outcome.error());
    int from = p.stage;
    p.stage = outcome->stage;
    p.stopped = outcome->stopped;
    p.maturity = input.maturity;
    p.trl = input.maturity.technical;
    YG_TRY(save(tx, p));
    json criteria = json::object();
    for (const auto& [k, v] : input.criteria) criteria[k] = v;
    auto e = event(tx, viewer, p, "gate",
                   {{"decision", name(input.decision)},
                    {"from", from},
                    {"to", p.stage},
                    {"criteria", criteria},
                    {"maturity", maturity_to_json(input.maturity)},
                    {"reasons", *reasons},
                    {"reviewers", reviewers},
                    {"unmet", outcome->unmet}});
    if (!e) return fail(e.error());
    return project_json(tx, viewer, p, x->access);
  });
}

Result<json> ProjectService::set_trl(const Viewer& viewer, std::int64_t id, const json& body) {
  YG_TRY(only_keys(body, {"trl", "note"}));
  if (!body.contains("trl") || !body["trl"].is_number_integer() || body["trl"].get<int>() < 1 ||
      body["trl"].get<int>() > 9) {
    return fail(Error::invalid("must be an integer from 1 to 9", "trl"));
  }
  auto note = member_text(body, "note", 1000, false);
  if (!note) return fail(note.error());
  return store_.write<json>([&](store::Tx& tx) -> Result<json> {
    auto x = load(tx, viewer, id);
    if (!x) return fail(x.error());
    if (x->access != Access::staff && x->access != Access::lead) {
      return fail(Error::forbidden("only the project's leads and operators record its TRL"));
    }
    Project& p = x->project;
    int from = p.trl;
    p.trl = body["trl"].get<int>();
    p.maturity.technical = p.trl;
    YG_TRY(save(tx, p));
    auto e = event(tx, viewer, p, "trl", {{"from", from}, {"to", p.trl}, {"note", *note}});
    if (!e) return fail(e.error());
    return project_json(tx, viewer, p, x->access);
  });
}

Result<json> ProjectService::add_milestone(const Viewer& viewer, std::int64_t id,
                                           const json& body) {
  YG_TRY(only_keys(body, {"title", "due", "owner"}));
  auto title = member_text(body, "title", 200, true);
  if (!title) return fail(title.error());
  auto due = member_text(body, "due", 10, true);
  if (!due) return fail(due.error());
  if (!valid_date(*due)) return fail(Error::invalid("must be a date YYYY-MM-DD", "due"));
  UserId owner;
  if (body.contains("owner") && !body["owner"].is_null()) {
    if (!body["owner"].is_number_integer() || body["owner"].get<std::int64_t>() < 1) {
      return fail(Error::invalid("must be a user id", "owner"));
    }
    owner = UserId(body["owner"].get<std::int64_t>());
  }
  return store_.write<json>([&](store::Tx& tx) -> Result<json> {
    auto x = load(tx, viewer, id);
    if (!x) return fail(x.error());
    if (x->access != Access::staff && x->access != Access::lead) {
      return fail(Error::forbidden("only the project's leads and operators plan milestones"));
    }
    store::MilestoneRow m{0, id, *title, *due, "open", owner, clock_()};
    auto mid = tx.insert_milestone(m);
    if (!mid) return fail(mid.error());
    m.id = *mid;
    auto e = event(tx, viewer, x->project, "milestone",
                   {{"milestone", m.id}, {"title", m.title}, {"due", m.due}, {"status", "open"}});
    if (!e) return fail(e.error());
    return milestone_json(m);
  });
}

Result<json> ProjectService::update_milestone(const Viewer& viewer, std::int64_t id,
                                              std::int64_t milestone, const json& body) {
  YG_TRY(only_keys(body, {"title", "due", "status", "owner"}));
  return store_.write<json>([&](store::Tx& tx) -> Result<json> {
    auto x = load(tx, viewer, id);
    if (!x) return fail(x.error());
    if (x->access != Access::staff && x->access != Access::lead) {
      return fail(Error::forbidden("only the project's leads and operators change milestones"));
    }
    auto all = tx.milestones(id);
    if (!all) return fail(all.error());
    auto it =
        std::find_if(all->begin(), all->end(), [&](const auto& m) { return m.id == milestone; });
    if (it == all->end()) return fail(Error::not_found("milestone", std::to_string(milestone)));
    store::MilestoneRow m = *it;
    if (body.contains("title")) {
      auto t = member_text(body, "title", 200, true);
      if (!t) return fail(t.error());
      m.title = *t;
    }
    if (body.contains("due")) {
      auto d = member_text(body, "due", 10, true);
      if (!d) return fail(d.error());
      if (!valid_date(*d)) return fail(Error::invalid("must be a date YYYY-MM-DD", "due"));
      m.due = *d;
    }
    if (body.contains("status")) {
      if (!body["status"].is_string() || !valid_status(body["status"].get<std::string>())) {
        return fail(Error::invalid("must be open, done, late or dropped", "status"));
      }
      m.status = body["status"].get<std::string>();
    }
    if (body.contains("owner")) {
      if (body["owner"].is_null()) {
        m.owner = UserId();
      } else if (!body["owner"].is_number_integer() || body["owner"].get<std::int64_t>() < 1) {
        return fail(Error::invalid("must be a user id", "owner"));
      } else {
        m.owner = UserId(body["owner"].get<std::int64_t>());
      }
    }
    m.updated_at = clock_();
    YG_TRY(tx.update_milestone(m));
    auto e = event(tx, viewer, x->project, "milestone",
                   {{"milestone", m.id}, {"title", m.title}, {"due", m.due}, {"status", m.status}});
    if (!e) return fail(e.error());
    return milestone_json(m);
  });
}

Result<json> ProjectService::add_outcome(const Viewer& viewer, std::int64_t id, const json& body) {
  auto o = outcome_from_json(body);
  if (!o) return fail(o.error());
  return store_.write<json>([&](store::Tx& tx) -> Result<json> {
    auto x = load(tx, viewer, id);
    if (!x) return fail(x.error());
    if (x->access != Access::staff && x->access != Access::lead) {
      return fail(Error::forbidden("only the project's leads and operators record outcomes"));
    }
    Project& p = x->project;
    p.outcomes.push_back(*o);
    YG_TRY(save(tx, p));
    auto e =
        event(tx, viewer, p, "outcome", {{"type", o->type}, {"date", o->date}, {"note", o->note}});
    if (!e) return fail(e.error());
    return project_json(tx, viewer, p, x->access);
  });
}

Result<json> ProjectService::add_feedback(const Viewer& viewer, std::int64_t id, const json& body) {
  YG_TRY(only_keys(body, {"iteration", "sessions", "issues"}));
  auto iteration = member_text(body, "iteration", 100, true);
  if (!iteration) return fail(iteration.error());
  if (!body.contains("sessions") || !body["sessions"].is_number_integer() ||
      body["sessions"].get<std::int64_t>() < 0 || body["sessions"].get<std::int64_t>() > 100000) {
    return fail(Error::invalid("must be the number of use sessions (0 to 100000)", "sessions"));
  }
  json issues = json::array();
  const json& list = body.contains("issues") ? body["issues"] : json::array();
  if (!list.is_array() || list.size() > 50) {
    return fail(Error::invalid("must be a list of at most 50 issues", "issues"));
  }
  for (size_t i = 0; i < list.size(); ++i) {
    std::string f = "issues[" + std::to_string(i) + "]";
    const json& x = list[i];
    if (!x.is_object()) return fail(Error::invalid("must be an object", f));
    auto text = member_text(x, "text", 2000, true);
    if (!text) return fail(Error::invalid(text.error().message, f + ".text"));
    std::string sev = x.value("severity", "");
    if (sev != "low" && sev != "medium" && sev != "high" && sev != "critical") {
      return fail(Error::invalid("must be low, medium, high or critical", f + ".severity"));
    }
    issues.push_back({{"text", *text}, {"severity", sev}});
  }
  return store_.write<json>([&](store::Tx& tx) -> Result<json> {
    auto x = load(tx, viewer, id);
    if (!x) return fail(x.error());
    const TeamMember* m = member_of(x->project, viewer.user);
    bool clinical = (viewer.role == Role::clinician && viewer.tenant == x->project.tenant) ||
                    (m && m->role == "clinical lead");
    if (!clinical && x->access != Access::staff) {
      return fail(Error::forbidden("clinical feedback comes from clinicians"));
    }
    json detail = {{"iteration", *iteration}, {"sessions", body["sessions"]}, {"issues", issues}};
    auto e = event(tx, viewer, x->project, "feedback", detail);
    if (!e) return fail(e.error());
    return json{{"id", *e}, {"kind", "feedback"}, {"detail", detail}};
  });
}

Result<json> ProjectService::respond(const Viewer& viewer, std::int64_t id, std::int64_t feedback,
                                     const json& body) {
  YG_TRY(only_keys(body, {"text"}));
  auto text = member_text(body, "text", 4000, true);
  if (!text) return fail(text.error());
  return store_.write<json>([&](store::Tx& tx) -> Result<json> {
    auto x = load(tx, viewer, id);
    if (!x) return fail(x.error());
    if (x->access != Access::staff && x->access != Access::lead) {
      return fail(Error::forbidden("the project's leads respond to feedback"));
    }
    auto events = tx.project_events(id);
    if (!events) return fail(events.error());
    bool found = std::any_of(events->begin(), events->end(), [&](const store::ProjectEvent& e) {
      return e.id == feedback && e.kind == "feedback";
    });
    if (!found) return fail(Error::not_found("feedback", std::to_string(feedback)));
    json detail = {{"to", feedback}, {"text", *text}};
    auto e = event(tx, viewer, x->project, "response", detail);
    if (!e) return fail(e.error());
    return json{{"id", *e}, {"kind", "response"}, {"detail", detail}};
  });
}

Result<json> ProjectService::timeline(const Viewer& viewer, std::int64_t id) {
  return store_.read<json>([&](store::Tx& tx) -> Result<json> {
    auto x = load(tx, viewer, id);
    if (!x) return fail(x.error());
    auto events = tx.project_events(id);
    if (!events) return fail(events.error());
    std::map<std::int64_t, std::string> names;
    json items = json::array();
    for (const auto& e : *events) {
      if (e.actor && !names.count(e.actor.value)) {
        auto u = tx.get_user(e.actor);
        if (!u) return fail(u.error());
        names[e.actor.value] = *u ? (*u)->name : "";
      }
      items.push_back(
          {{"id", e.id},
           {"kind", e.kind},
           {"at", format_rfc3339(e.at)},
           {"actor",
            e.actor ? json{{"id", e.actor.value}, {"name", names[e.actor.value]}} : json(nullptr)},
           {"detail", json::parse(e.body, nullptr, false)}});
    }
    return json{{"items", items}};
  });
}

}  // namespace yigong::service
