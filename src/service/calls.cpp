// Calls, proposals, attachments, conflict records and notifications.
#include "service/calls.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

#include "core/utf8.hpp"
#include "service/audit.hpp"
#include "service/crypto.hpp"

namespace yigong::service {
namespace {

using nlohmann::json;
using review::CallState;
using review::ProposalState;

bool is_hex_token(const std::string& s) {
  return s.size() == 32 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

bool team_member(const Viewer& v, const Proposal& p) {
  if (v.user == p.created_by) return true;
  if (v.org && v.org == p.org && v.tenant == p.tenant) return true;
  return std::any_of(p.team.begin(), p.team.end(),
                     [&](const TeamMember& m) { return m.user && m.user == v.user; });
}

std::string clean_file_name(const std::string& name) {
  std::string out;
  for (char c : name) {
    if (c == '/' || c == '\\' || c == '"' || static_cast<unsigned char>(c) < 0x20) continue;
    out += c;
  }
  return out;
}

}  // namespace

bool runs_calls(const Viewer& v, TenantId tenant) {
  if (v.role == Role::platform_admin) return true;
  return (v.role == Role::operator_ || v.role == Role::tenant_admin) && v.tenant == tenant;
}

bool attachment_type_allowed(std::string_view t) {
  static const std::set<std::string_view> allowed = {
      "application/pdf",
      "image/png",
      "image/jpeg",
      "text/plain",
      "text/csv",
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "application/vnd.openxmlformats-officedocument.presentationml.presentation"};
  return allowed.count(t) > 0;
}

CallService::CallService(store::Store& store, RecordService& records, MatchService* matching,
                         CallsConfig config, std::vector<RubricTemplate> templates)
    : store_(store),
      records_(records),
      matching_(matching),
      config_(std::move(config)),
      templates_(std::move(templates)) {}

Result<std::unique_ptr<CallService>> CallService::open(store::Store& store, RecordService& records,
                                                       MatchService* matching, CallsConfig config) {
  auto templates = load_rubric_templates(config.rubric_dir);
  if (!templates) return fail(templates.error());
  if (config.files_dir.empty()) return fail(Error::invalid("no attachments folder configured"));
  std::error_code ec;
  std::filesystem::create_directories(config.files_dir, ec);
  if (ec) {
    return fail(Error::unavailable("cannot create " + config.files_dir + ": " + ec.message()));
  }
  return std::unique_ptr<CallService>(
      new CallService(store, records, matching, std::move(config), std::move(*templates)));
}

json CallService::rubric_templates() const {
  json items = json::array();
  for (const auto& t : templates_) items.push_back(rubric_template_to_json(t));
  return {{"items", items}};
}

// ---- loading with access checks ----

// Whether the viewer may see the call at all: its operators always; others not a draft, and then
// a public call, or a consortium/NDA call of their own tenant (guests: public only).
bool call_visible(const Viewer& viewer, const Call& call) {
  if (runs_calls(viewer, call.tenant)) return true;
  bool member = viewer.tenant == call.tenant && viewer.role != Role::guest;
  return call.state != CallState::draft &&
         (call.tier == Tier::public_ || (member && call.tier != Tier::private_));
}

Result<Call> CallService::load_call(store::Tx& tx, const Viewer& viewer, std::int64_t id) {
  auto row = tx.get_call(id);
  if (!row) return fail(row.error());
  if (!*row) return fail(Error::not_found("call", std::to_string(id)));
  auto call = call_of(**row);
  if (!call) return fail(call.error());
  if (!call_visible(viewer, *call)) return fail(Error::not_found("call", std::to_string(id)));
  return *call;
}

Result<Call> CallService::load_staff_call(store::Tx& tx, const Viewer& viewer, std::int64_t id) {
  auto call = load_call(tx, viewer, id);
  if (!call) return fail(call.error());
  if (!runs_calls(viewer, call->tenant)) {
    return fail(Error::forbidden("only the call's operators may do this"));
  }
  return call;
}

Result<std::vector<review::Relation>> CallService::relations_of(store::Tx& tx, TenantId tenant) {
  auto rows = tx.relations(tenant);
  if (!rows) return fail(rows.error());
  std::vector<review::Relation> out;
  for (const auto& r : *rows) {
    auto kind = review::parse_RelationKind(r.kind);
    if (kind) {
      out.push_back({*kind, r.user.value, r.org.value, r.other_user.value, r.from_year, r.to_year});
    }
  }
  return out;
}

std::vector<std::string> conflicts_with(const Call& call, const Proposal& p, UserId reviewer,
                                        OrgId reviewer_org,
                                        const std::vector<review::Relation>& relations) {
  review::Party rev{reviewer_org.value, {reviewer.value}};
  review::Party app{p.org.value, {p.created_by.value}};
  for (const auto& m : p.team) {
    if (m.user) app.users.push_back(m.user.value);
  }
  int year = std::stoi(format_rfc3339(now_micros()).substr(0, 4));
  return review::conflicts_between(rev, app, relations, call.review.coi_years, year);
}

Result<std::vector<std::string>> CallService::conflicts_of(store::Tx& tx, const Call& call,
                                                           const Proposal& p, UserId reviewer) {
  auto user = tx.get_user(reviewer);
  if (!user) return fail(user.error());
  auto relations = relations_of(tx, call.tenant);
  if (!relations) return fail(relations.error());
  return conflicts_with(call, p, reviewer, *user ? (*user)->org : OrgId(), *relations);
}

Result<CallService::Access> CallService::access_of(store::Tx& tx, const Viewer& viewer,
                                                   const Call& call, const Proposal& p) {
  if (runs_calls(viewer, call.tenant)) return Access::staff;
  if (team_member(viewer, p)) return Access::team;
  if (p.state == ProposalState::draft || p.state == ProposalState::withdrawn) return Access::none;
  auto a = tx.get_assignment(p.id, viewer.user);
  if (!a) return fail(a.error());
  if (!*a || (*a)->state != "assigned") return Access::none;
  auto conflicts = conflicts_of(tx, call, p, viewer.user);
  if (!conflicts) return fail(conflicts.error());
  return conflicts->empty() ? Access::reviewer : Access::none;
}

Result<CallService::Loaded> CallService::load_proposal(store::Tx& tx, const Viewer& viewer,
                                                       std::int64_t id) {
  auto row = tx.get_proposal(id);
  if (!row) return fail(row.error());
  if (!*row) return fail(Error::not_found("proposal", std::to_string(id)));
  auto p = proposal_of(**row);
  if (!p) return fail(p.error());
  auto call = load_call(tx, viewer, p->call);
  if (!call) return fail(Error::not_found("proposal", std::to_string(id)));
  auto access = access_of(tx, viewer, *call, *p);
  if (!access) return fail(access.error());
  if (*access == Access::none) return fail(Error::not_found("proposal", std::to_string(id)));
  return Loaded{*call, *p, *access};
}

// ---- JSON with names ----

Result<std::optional<OrgRef>> CallService::org_ref(store::Tx& tx, OrgId org) {
  if (!org) return std::optional<OrgRef>{};
  auto r = tx.get_record(RecordKind::organisation, RecordId(org.value));
  if (!r) return fail(r.error());
  if (!*r) return std::optional<OrgRef>{};
  const std::string* n = (*r)->text("name");
  return std::optional<OrgRef>{OrgRef{org, n ? *n : ""}};
}

Result<json> CallService::call_json(store::Tx& tx, const Viewer& viewer, const Call& call) {
  auto sponsor = org_ref(tx, call.sponsor);
  if (!sponsor) return fail(sponsor.error());
  std::optional<std::int64_t> count;
  if (runs_calls(viewer, call.tenant)) {
    auto n = tx.count_proposals(call.id);
    if (!n) return fail(n.error());
    count = *n;
  }
  return call_to_json(call, *sponsor, count);
}

Result<json> CallService::proposal_json(store::Tx& tx, const Proposal& p, bool blind) {
  std::optional<OrgRef> org;
  std::vector<store::AttachmentRow> files;
  if (!blind) {
    auto o = org_ref(tx, p.org);
    if (!o) return fail(o.error());
    org = *o;
    auto f = tx.attachments_of(p.id);
    if (!f) return fail(f.error());
    files = *f;
  }
  return proposal_to_json(p, org, files, blind);
}

// ---- saving, auditing, notifying ----

Result<std::int64_t> CallService::save_call(store::Tx& tx, Call& call) {
  call.updated_at = now_micros();
  auto v = tx.update_call(call_row(call));
  if (!v) return fail(v.error());
  call.version = *v;
  return *v;
}

Result<std::int64_t> CallService::save_proposal(store::Tx& tx, Proposal& p) {
  p.updated_at = now_micros();
  auto v = tx.update_proposal(proposal_row(p));
  if (!v) return fail(v.error());
  p.version = *v;
  return *v;
}

Result<void> CallService::audit(store::Tx& tx, const Viewer& viewer, TenantId tenant,
                                std::string action, std::string kind, std::int64_t id,
                                json detail) {
  AuditEvent e;
  e.tenant = tenant;
  e.actor = viewer.user;
  e.action = std::move(action);
  e.kind = std::move(kind);
  e.record_id = id;
  e.detail = detail.dump();
  auto a = append_audit(tx, std::move(e));
  if (!a) return fail(a.error());
  return ok();
}

Result<void> CallService::notify(store::Tx& tx, const std::vector<UserId>& users,
                                 const std::string& kind, const std::string& text,
                                 const std::string& link) {
  std::set<std::int64_t> seen;
  for (auto u : users) {
    if (!u || !seen.insert(u.value).second) continue;
    auto n = tx.insert_notification({0, u, kind, text, link, now_micros(), std::nullopt});
    if (!n) return fail(n.error());
  }
  return ok();
}

// ---- calls ----

Result<json> CallService::list_calls(const Viewer& viewer, const std::string& state,
                                     const std::string& kind) {
  if (!state.empty() && !review::parse_CallState(state)) {
    return fail(Error::invalid("unknown state " + state, "state"));
  }
  if (!kind.empty() && !review::parse_CallKind(kind)) {
    return fail(Error::invalid("must be challenge or funding", "kind"));
  }
  return store_.read<json>([&](store::Tx& tx) -> Result<json> {
    auto rows = tx.list_calls(viewer.role == Role::platform_admin ? TenantId() : viewer.tenant);
    if (!rows) return fail(rows.error());
    json items = json::array();
    for (const auto& row : *rows) {
      auto call = call_of(row);
      if (!call) return fail(call.error());
      if (!call_visible(viewer, *call)) continue;
      if (!state.empty() && name(call->state) != state) continue;
      if (!kind.empty() && name(call->kind) != kind) continue;
      auto j = call_json(tx, viewer, *call);
      if (!j) return fail(j.error());
      items.push_back(*j);
    }
    return json{{"items", items}};
  });
}

Result<json> CallService::create_call(const Viewer& viewer, const json& body) {
  if (!runs_calls(viewer, viewer.tenant)) {
    return fail(Error::forbidden("only operators and administrators create calls"));
  }
  Call call;
  call.tenant = viewer.tenant;
  call.sponsor = viewer.org;
  call.created_by = viewer.user;
  if (!templates_.empty()) call.rubric = templates_.front().rubric;
  for (const auto& t : templates_) {
    if (t.id == "nih_cai") call.rubric = t.rubric;
  }
  YG_TRY(apply_call_input(call, body));
  call.created_at = call.updated_at = now_micros();
  return store_.write<json>([&](store::Tx& tx) -> Result<json> {
    for (auto need : call.needs) {
      auto v = records_.get(viewer, RecordKind::need, need);
      if (!v) return fail(Error::unprocessable("need " + need.str() + " is unknown", "needs"));
    }
    if (call.sponsor) {
      auto o = tx.get_record(RecordKind::organisation, RecordId(call.sponsor.value));
      if (!o) return fail(o.error());
      if (!*o || (*o)->tenant != call.tenant) {
        return fail(
            Error::unprocessable("the sponsor is not an organisation of this tenant", "sponsor"));
      }
    }
    auto id = tx.insert_call(call_row(call));
    if (!id) return fail(id.error());
    call.id = *id;
    YG_TRY(audit(tx, viewer, call.tenant, "create", "call", call.id, {{"title", call.title}}));
    return call_json(tx, viewer, call);
  });
}

Result<json> CallService::get_call(const Viewer& viewer, std::int64_t id) {
  return store_.read<json>([&](store::Tx& tx) -> Result<json> {
    auto call = load_call(tx, viewer, id);
    if (!call) return fail(call.error());
    return call_json(tx, viewer, *call);
  });
}

Result<json> CallService::update_call(const Viewer& viewer, std::int64_t id, const json& body) {
  if (!body.is_object() || !body.contains("version") || !body["version"].is_number_integer()) {
    return fail(Error::invalid("the current version is required", "version"));
  }
  return store_.write<json>([&](store::Tx& tx) -> Result<json> {
    auto call = load_staff_call(tx, viewer, id);
    if (!call) return fail(call.error());
    if (call->state == CallState::decided || call->state == CallState::archived) {
      return fail(Error::conflict("a " + std::string(name(call->state)) + " call cannot change"));
    }
    if (!review::review_settings_editable(call->state) &&
        (body.contains("rubric") || body.contains("review"))) {
      return fail(Error::conflict("the rubric and review settings are frozen once review starts",
                                  body.contains("rubric") ? "rubric" : "review"));
    }
    call->version = body["version"].get<std::int64_t>();
    YG_TRY(apply_call_input(*call, body));
    for (auto need : call->needs) {
      auto v = records_.get(viewer, RecordKind::need, need);
      if (!v) return fail(Error::unprocessable("need " + need.str() + " is unknown", "needs"));
    }
    YG_TRY(save_call(tx, *call));
    YG_TRY(audit(tx, viewer, call->tenant, "update", "call", call->id,
                 {{"fields", [&] {
                     json keys = json::array();
                     for (const auto& [k, v] : body.items()) keys.push_back(k);
                     return keys;
                   }()}}));
    return call_json(tx, viewer, *call);
  });
}

Result<json> CallService::move_call(const Viewer& viewer, std::int64_t id, const std::string& to) {
  auto target = review::parse_CallState(to);
  if (!target) return fail(Error::invalid("unknown state " + to, "to"));
  return store_.write<json>([&](store::Tx& tx) -> Result<json> {
    auto call = load_staff_call(tx, viewer, id);
    if (!call) return fail(call.error());
    YG_TRY(review::check_call_transition(call->state, *target));
    if (*target == CallState::decided) {
      auto rows = tx.list_proposals(call->id);
      if (!rows) return fail(rows.error());
      for (const auto& r : *rows) {
        if (r.state == "submitted") {
          return fail(Error::unprocessable("proposal " + std::to_string(r.id) +
                                               " has no decision yet; decide every "
                                               "submitted proposal first",
                                           "to"));
        }
      }
    }
    auto from = call->state;
    call->state = *target;
    YG_TRY(save_call(tx, *call));
    YG_TRY(audit(tx, viewer, call->tenant, "state", "call", call->id,
                 {{"from", name(from)}, {"to", name(*target)}}));
    return call_json(tx, viewer, *call);
  });
}

// ---- proposals ----

Result<json> CallService::list_proposals(const Viewer& viewer, std::int64_t call_id) {
  return store_.read<json>([&](store::Tx& tx) -> Result<json> {
    auto call = load_call(tx, viewer, call_id);
    if (!call) return fail(call.error());
    auto rows = tx.list_proposals(call_id);
    if (!rows) return fail(rows.error());
    json items = json::array();
    for (const auto& row : *rows) {
      auto p = proposal_of(row);
      if (!p) return fail(p.error());
      auto access = access_of(tx, viewer, *call, *p);
      if (!access) return fail(access.error());
      if (*access == Access::none) continue;
      auto j = proposal_json(tx, *p, *access == Access::reviewer && call->review.blind);
      if (!j) return fail(j.error());
      items.push_back(*j);
    }
    return json{{"items", items}};
  });
}

Result<json> CallService::create_proposal(const Viewer& viewer, std::int64_t call_id,
                                          const json& body) {
  if (viewer.role != Role::supplier) {
    return fail(Error::forbidden("proposals come from supplier teams"));
  }
  if (!viewer.org) {
    return fail(
        Error::unprocessable("your account belongs to no organisation; ask an "
                             "administrator to set it before applying"));
  }
  Proposal p;
  YG_TRY(apply_proposal_input(p, body));
  return store_.write<json>([&](store::Tx& tx) -> Result<json> {
    auto call = load_call(tx, viewer, call_id);
    if (!call) return fail(call.error());
    Micros now = now_micros();
    if (call->state != CallState::open || now >= call->closes_at || now < call->opens_at) {
      return fail(Error::unprocessable("the call is not open for proposals (state " +
                                       std::string(name(call->state)) + ", closes " +
                                       format_rfc3339(call->closes_at) + ")"));
    }
    for (auto cap : p.capabilities) {
      auto v = records_.get(viewer, RecordKind::capability, cap);
      if (!v) {
        return fail(
            Error::unprocessable("capability " + cap.str() + " is unknown", "capabilities"));
      }
    }
    p.call = call->id;
    p.tenant = call->tenant;
    p.org = viewer.org;
    p.created_by = viewer.user;
    p.created_at = p.updated_at = now;
    auto id = tx.insert_proposal(proposal_row(p));
    if (!id) return fail(id.error());
    p.id = *id;
    YG_TRY(audit(tx, viewer, call->tenant, "create", "proposal", p.id, {{"call", call->id}}));
    return proposal_json(tx, p, false);
  });
}

Result<json> CallService::get_proposal(const Viewer& viewer, std::int64_t id) {
  return store_.read<json>([&](store::Tx& tx) -> Result<json> {
    auto x = load_proposal(tx, viewer, id);
    if (!x) return fail(x.error());
    return proposal_json(tx, x->proposal, x->access == Access::reviewer && x->call.review.blind);
  });
}

namespace {

Result<void> check_team_can_edit(const Call& call, const Proposal& p) {
  Micros now = now_micros();
  if (call.state != CallState::open || now >= call.closes_at) {
    return fail(Error::unprocessable("the call closed at " + format_rfc3339(call.closes_at) +
                                     "; the proposal can no longer change"));
  }
  if (p.state != ProposalState::draft && p.state != ProposalState::submitted) {
    return fail(Error::conflict("a " + std::string(name(p.state)) + " proposal cannot change"));
  }
  return ok();
}

}  // namespace

Result<json> CallService::update_proposal(const Viewer& viewer, std::int64_t id, const json& body) {
  if (!body.is_object() || !body.contains("version") || !body["version"].is_number_integer()) {
    return fail(Error::invalid("the current version is required", "version"));
  }
  return store_.write<json>([&](store::Tx& tx) -> Result<json> {
    auto x = load_proposal(tx, viewer, id);
    if (!x) return fail(x.error());
    if (x->access != Access::team) return fail(Error::forbidden("only the team edits a proposal"));
    YG_TRY(check_team_can_edit(x->call, x->proposal));
    auto& p = x->proposal;
    p.version = body["version"].get<std::int64_t>();
    YG_TRY(apply_proposal_input(p, body));
    for (auto cap : p.capabilities) {
      auto v = records_.get(viewer, RecordKind::capability, cap);
      if (!v) {
        return fail(
            Error::unprocessable("capability " + cap.str() + " is unknown", "capabilities"));
      }
    }
    YG_TRY(save_proposal(tx, p));
    YG_TRY(audit(tx, viewer, p.tenant, "update", "proposal", p.id, json::object()));
    return proposal_json(tx, p, false);
  });
}

Result<json> CallService::submit_proposal(const Viewer& viewer, std::int64_t id) {
  return store_.write<json>([&](store::Tx& tx) -> Result<json> {
    auto x = load_proposal(tx, viewer, id);
    if (!x) return fail(x.error());
    if (x->access != Access::team) {
      return fail(Error::forbidden("only the team submits a proposal"));
    }
    YG_TRY(check_team_can_edit(x->call, x->proposal));
    auto& p = x->proposal;
    if (p.state == ProposalState::submitted) return proposal_json(tx, p, false);
    review::Applicant applicant;
    applicant.trl = p.trl;
    auto org = tx.get_record(RecordKind::organisation, RecordId(p.org.value));
    if (!org) return fail(org.error());
    if (*org) {
      if (auto t = (*org)->text("type")) applicant.org_type = *t;
      if (auto r = (*org)->text("region")) applicant.region = *r;
    }
    auto problems = review::eligibility_problems(x->call.eligibility, applicant);
    if (!problems.empty()) {
      std::string msg = "not eligible: ";
      for (size_t i = 0; i < problems.size(); ++i) msg += (i ? "; " : "") + problems[i];
      return fail(Error::unprocessable(msg, "eligibility"));
    }
    YG_TRY(review::check_proposal_transition(p.state, ProposalState::submitted));
    p.state = ProposalState::submitted;
    p.submitted_at = now_micros();
    YG_TRY(save_proposal(tx, p));
    YG_TRY(audit(tx, viewer, p.tenant, "submit", "proposal", p.id, {{"call", p.call}}));
    return proposal_json(tx, p, false);
  });
}

Result<json> CallService::withdraw_proposal(const Viewer& viewer, std::int64_t id) {
  return store_.write<json>([&](store::Tx& tx) -> Result<json> {
    auto x = load_proposal(tx, viewer, id);
    if (!x) return fail(x.error());
    if (x->access != Access::team) {
      return fail(Error::forbidden("only the team withdraws a proposal"));
    }
    auto& p = x->proposal;
    YG_TRY(review::check_proposal_transition(p.state, ProposalState::withdrawn));
    p.state = ProposalState::withdrawn;
    YG_TRY(save_proposal(tx, p));
    YG_TRY(audit(tx, viewer, p.tenant, "withdraw", "proposal", p.id, json::object()));
    return proposal_json(tx, p, false);
  });
}

// ---- attachments ----

Result<json> CallService::add_attachment(const Viewer& viewer, std::int64_t proposal,
                                         const std::string& name, const std::string& type,
                                         std::string_view bytes) {
  std::string clean = clean_file_name(name);
  if (clean.empty() || clean.size() > 200 || !is_valid_utf8(clean)) {
    return fail(Error::invalid("give the file's name (1 to 200 bytes of UTF-8)", "name"));
  }
  if (!attachment_type_allowed(type)) {
    return fail(Error{ErrorCode::unsupported_media_type,
                      "attachments are PDF, PNG, JPEG, plain text, CSV, DOCX, XLSX or PPTX; got " +
                          (type.empty() ? std::string("no type") : type),
                      "Content-Type"});
  }
  if (bytes.empty()) return fail(Error::invalid("the file is empty", "body"));
  if (bytes.size() > config_.max_attachment) {
    return fail(Error::payload_too_large("attachments are at most " +
                                         std::to_string(config_.max_attachment) + " bytes"));
  }
  std::string sha = sha256_hex(bytes);
  namespace fs = std::filesystem;
  fs::path dir = fs::path(config_.files_dir) / sha.substr(0, 2);
  fs::path path = dir / sha;
  return store_.write<json>([&](store::Tx& tx) -> Result<json> {
    auto x = load_proposal(tx, viewer, proposal);
    if (!x) return fail(x.error());
    if (x->access != Access::team) return fail(Error::forbidden("only the team adds files"));
    YG_TRY(check_team_can_edit(x->call, x->proposal));
    auto existing = tx.attachments_of(proposal);
    if (!existing) return fail(existing.error());
    if (existing->size() >= 20)
      return fail(Error::unprocessable("a proposal has at most 20 files"));
    std::error_code ec;
    if (!fs::exists(path, ec)) {
      fs::create_directories(dir, ec);
      fs::path tmp = path;
      tmp += ".part";
      {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        out.flush();
        if (!out) return fail(Error::unavailable("cannot write the attachment to disk"));
      }
      fs::rename(tmp, path, ec);
      if (ec) return fail(Error::unavailable("cannot store the attachment: " + ec.message()));
    }
    store::AttachmentRow row{
        random_token(16), proposal,    clean, type, static_cast<std::int64_t>(bytes.size()), sha,
        viewer.user,      now_micros()};
    YG_TRY(tx.insert_attachment(row));
    YG_TRY(audit(tx, viewer, x->proposal.tenant, "attach", "proposal", proposal,
                 {{"name", clean}, {"sha256", sha}, {"size", row.size}}));
    return json{{"token", row.token},
                {"name", row.name},
                {"type", row.content_type},
                {"size", row.size},
                {"sha256", row.sha256}};
  });
}

Result<AttachmentFile> CallService::attachment(const Viewer& viewer, const std::string& token) {
  if (!is_hex_token(token)) return fail(Error::not_found("attachment", token));
  return store_.read<AttachmentFile>([&](store::Tx& tx) -> Result<AttachmentFile> {
    auto row = tx.get_attachment(token);
    if (!row) return fail(row.error());
    if (!*row) return fail(Error::not_found("attachment", token));
    auto x = load_proposal(tx, viewer, (*row)->proposal);
    if (!x || (x->access == Access::reviewer && x->call.review.blind)) {
      return fail(Error::not_found("attachment", token));
    }
    auto path =
        std::filesystem::path(config_.files_dir) / (*row)->sha256.substr(0, 2) / (*row)->sha256;
    return AttachmentFile{(*row)->name, (*row)->content_type, path.string(), (*row)->size};
  });
}

Result<void> CallService::delete_attachment(const Viewer& viewer, const std::string& token) {
  if (!is_hex_token(token)) return fail(Error::not_found("attachment", token));
  std::string orphan;
  auto done = store_.write<bool>([&](store::Tx& tx) -> Result<bool> {
    auto row = tx.get_attachment(token);
    if (!row) return fail(row.error());
    if (!*row) return fail(Error::not_found("attachment", token));
    auto x = load_proposal(tx, viewer, (*row)->proposal);
    if (!x) return fail(Error::not_found("attachment", token));
    if (x->access != Access::team) return fail(Error::forbidden("only the team removes files"));
    YG_TRY(check_team_can_edit(x->call, x->proposal));
    YG_TRY(tx.delete_attachment(token));
    auto used = tx.sha256_in_use((*row)->sha256);
    if (!used) return fail(used.error());
    if (!*used) orphan = (*row)->sha256;
    YG_TRY(audit(tx, viewer, x->proposal.tenant, "detach", "proposal", x->proposal.id,
                 {{"name", (*row)->name}, {"sha256", (*row)->sha256}}));
    return true;
  });
  if (!done) return fail(done.error());
  if (!orphan.empty()) {
    std::error_code ec;  // a file left behind costs space, never correctness
    std::filesystem::remove(std::filesystem::path(config_.files_dir) / orphan.substr(0, 2) / orphan,
                            ec);
  }
  return ok();
}

// ---- conflicts ----

Result<json> CallService::conflicts(const Viewer& viewer, std::optional<std::int64_t> user) {
  bool staff = runs_calls(viewer, viewer.tenant);
  if (!staff && user && *user != viewer.user.value) {
    return fail(Error::forbidden("you may list only your own conflicts"));
  }
  return store_.read<json>([&](store::Tx& tx) -> Result<json> {
    auto rows = tx.relations(viewer.tenant);
    if (!rows) return fail(rows.error());
    json items = json::array();
    for (const auto& r : *rows) {
      if (!staff && r.user != viewer.user) continue;
      if (user && r.user.value != *user) continue;
      items.push_back({{"id", r.id},
                       {"kind", r.kind},
                       {"user", r.user.value},
                       {"org", r.org ? json(r.org.value) : json(nullptr)},
                       {"other_user", r.other_user ? json(r.other_user.value) : json(nullptr)},
                       {"from_year", r.from_year ? json(r.from_year) : json(nullptr)},
                       {"to_year", r.to_year ? json(r.to_year) : json(nullptr)},
                       {"note", r.note}});
    }
    return json{{"items", items}};
  });
}

Result<json> CallService::add_conflict(const Viewer& viewer, const json& body) {
  if (!body.is_object()) return fail(Error::invalid("the body must be a JSON object"));
  store::RelationRow r;
  r.tenant = viewer.tenant;
  r.created_by = viewer.user;
  r.created_at = now_micros();
  r.user = viewer.user;
  for (const auto& item : body.items()) {
    const std::string& k = item.key();
    const json& x = item.value();
    auto id_of = [&](std::int64_t& out) -> Result<void> {
      if (x.is_null()) return ok();
      if (!x.is_number_integer() || x.get<std::int64_t>() < 1) {
        return fail(Error::invalid("must be an id", k));
      }
      out = x.get<std::int64_t>();
      return ok();
    };
    if (k == "kind") {
      if (!x.is_string() || !review::parse_RelationKind(x.get<std::string>())) {
        return fail(Error::invalid(
            "must be affiliation, collaboration, coauthorship, equity, ip or declared", k));
      }
      r.kind = x.get<std::string>();
    } else if (k == "user") {
      YG_TRY(id_of(r.user.value));
    } else if (k == "org") {
      YG_TRY(id_of(r.org.value));
    } else if (k == "other_user") {
      YG_TRY(id_of(r.other_user.value));
    } else if (k == "from_year" || k == "to_year") {
      if (x.is_null()) continue;
      if (!x.is_number_integer() || x.get<int>() < 1950 || x.get<int>() > 2100) {
        return fail(Error::invalid("must be a year between 1950 and 2100", k));
      }
      (k == "from_year" ? r.from_year : r.to_year) = x.get<int>();
    } else if (k == "note") {
      if (!x.is_string() || x.get<std::string>().size() > 1000 ||
          !is_valid_utf8(x.get<std::string>())) {
        return fail(Error::invalid("must be text of at most 1000 bytes", k));
      }
      r.note = x.get<std::string>();
    } else {
      return fail(Error::invalid("unknown field", k));
    }
  }
  if (r.kind.empty()) return fail(Error::invalid("is required", "kind"));
  if (!r.org && !r.other_user) {
    return fail(Error::invalid("name the organisation (org) or the person (other_user)", "org"));
  }
  if (r.from_year && r.to_year && r.to_year < r.from_year) {
    return fail(Error::invalid("ends before it starts", "to_year"));
  }
  if (r.user != viewer.user && !runs_calls(viewer, viewer.tenant)) {
    return fail(Error::forbidden("you may declare only your own conflicts"));
  }
  return store_.write<json>([&](store::Tx& tx) -> Result<json> {
    auto u = tx.get_user(r.user);
    if (!u) return fail(u.error());
    if (!*u || ((*u)->tenant != viewer.tenant && viewer.role != Role::platform_admin)) {
      return fail(Error::unprocessable("user " + r.user.str() + " is unknown", "user"));
    }
    if (r.other_user) {
      auto o = tx.get_user(r.other_user);
      if (!o) return fail(o.error());
      if (!*o)
        return fail(
            Error::unprocessable("user " + r.other_user.str() + " is unknown", "other_user"));
    }
    if (r.org) {
      auto o = tx.get_record(RecordKind::organisation, RecordId(r.org.value));
      if (!o) return fail(o.error());
      if (!*o)
        return fail(Error::unprocessable("organisation " + r.org.str() + " is unknown", "org"));
    }
    auto id = tx.insert_relation(r);
    if (!id) return fail(id.error());
    YG_TRY(audit(tx, viewer, viewer.tenant, "create", "conflict", *id,
                 {{"kind", r.kind}, {"user", r.user.value}}));
    return json{{"id", *id}, {"kind", r.kind}, {"user", r.user.value}};
  });
}

Result<void> CallService::delete_conflict(const Viewer& viewer, std::int64_t id) {
  return store_
      .write<bool>([&](store::Tx& tx) -> Result<bool> {
        auto r = tx.get_relation(id);
        if (!r) return fail(r.error());
        bool staff = *r && runs_calls(viewer, (*r)->tenant);
        if (!*r || (!staff && (*r)->user != viewer.user)) {
          return fail(Error::not_found("conflict", std::to_string(id)));
        }
        YG_TRY(tx.delete_relation(id));
        YG_TRY(audit(tx, viewer, (*r)->tenant, "delete", "conflict", id, json::object()));
        return true;
      })
      .map([](bool) {});
}

// ---- notifications ----

Result<json> CallService::notifications(const Viewer& viewer) {
  return store_.read<json>([&](store::Tx& tx) -> Result<json> {
    auto rows = tx.notifications_of(viewer.user, 100);
    if (!rows) return fail(rows.error());
    json items = json::array();
    int unread = 0;
    for (const auto& n : *rows) {
      unread += n.read_at ? 0 : 1;
      items.push_back({{"id", n.id},
                       {"kind", n.kind},
                       {"text", n.text},
                       {"link", n.link},
                       {"created_at", format_rfc3339(n.created_at)},
                       {"read", n.read_at.has_value()}});
    }
    return json{{"items", items}, {"unread", unread}};
  });
}

Result<void> CallService::mark_read(const Viewer& viewer, std::int64_t id) {
  auto r = store_.write<bool>(
      [&](store::Tx& tx) { return tx.mark_notification_read(id, viewer.user, now_micros()); });
  if (!r) return fail(r.error());
  if (!*r) return fail(Error::not_found("notification", std::to_string(id)));
  return ok();
}

}  // namespace yigong::service
