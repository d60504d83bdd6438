#include "service/demo_calls.hpp"

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "service/demo_refs.hpp"

namespace yigong::service {
namespace {

using nlohmann::json;

Result<json> read_json(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) return fail(Error::invalid("cannot read " + path.string()));
  std::stringstream buf;
  buf << in.rdbuf();
  try {
    return json::parse(buf.str());
  } catch (const json::exception& e) {
    return fail(Error::invalid(path.string() + ": " + e.what()));
  }
}

Error at(const std::string& where, const Error& e) {
  return Error{e.code, where + ": " + e.message + (e.field.empty() ? "" : " [" + e.field + "]"),
               e.field};
}

using Lookup = DemoRefs;

Viewer viewer_of(const User& u) { return Viewer{u.id, u.tenant, u.role, u.org}; }

Result<json> rubric_of(CallService& calls, const std::string& id) {
  const json templates = calls.rubric_templates();
  for (const auto& t : templates["items"]) {
    if (t["id"] == id) {
      return json{{"template", id}, {"scale", t["scale"]}, {"criteria", t["criteria"]}};
    }
  }
  return fail(Error::invalid("no rubric template " + id));
}

Result<void> link_people(store::Store& store, Lookup& look, const json& users, int& linked) {
  for (const auto& u : users) {
    if (!u.contains("person")) continue;
    auto user = look.user(u["email"].get<std::string>());
    if (!user) return fail(user.error());
    auto person = look.record(RecordKind::person, user->tenant, u["person"].get<std::string>());
    if (!person) return fail(person.error());
    auto done = store.write<bool>([&](store::Tx& tx) -> Result<bool> {
      YG_TRY(tx.set_user_person(user->id, RecordId(*person)));
      return true;
    });
    if (!done) return fail(done.error());
    ++linked;
  }
  return ok();
}

Result<void> load_call(CallService& calls, Lookup& look, const json& c, DemoCallsSummary& sum) {
  std::string where = "calls.json " + c.value("key", std::string("?"));
  auto creator = look.user(c["created_by"].get<std::string>());
  if (!creator) return fail(at(where, creator.error()));
  TenantId tenant = creator->tenant;
  json body = c;
  for (const char* k : {"key", "tenant", "created_by", "proposals", "state"}) body.erase(k);
  auto sponsor = look.record(RecordKind::organisation, tenant, c["sponsor"].get<std::string>());
  if (!sponsor) return fail(at(where, sponsor.error()));
  body["sponsor"] = *sponsor;
  auto needs = look.ids(RecordKind::need, tenant, c.value("needs", json::array()));
  if (!needs) return fail(at(where, needs.error()));
  body["needs"] = *needs;
  auto rubric = rubric_of(calls, c["rubric"].get<std::string>());
  if (!rubric) return fail(at(where, rubric.error()));
  body["rubric"] = *rubric;
  Viewer op = viewer_of(*creator);
  auto created = calls.create_call(op, body);
  if (!created) return fail(at(where, created.error()));
  std::int64_t id = (*created)["id"];
  ++sum.calls;
  if (c.value("state", std::string("draft")) == "draft") return ok();
  auto opened = calls.move_call(op, id, "open");
  if (!opened) return fail(at(where, opened.error()));
  for (const auto& p : c.value("proposals", json::array())) {
    auto author = look.user(p["created_by"].get<std::string>());
    if (!author) return fail(at(where, author.error()));
    json pb = p;
    for (const char* k : {"org", "created_by", "submit"}) pb.erase(k);
    auto caps = look.ids(RecordKind::capability, tenant, p.value("capabilities", json::array()));
    if (!caps) return fail(at(where, caps.error()));
    pb["capabilities"] = *caps;
    Viewer team = viewer_of(*author);
    auto made = calls.create_proposal(team, id, pb);
    if (!made) return fail(at(where + " proposal", made.error()));
    if (p.value("submit", false)) {
      auto sent = calls.submit_proposal(team, (*made)["id"].get<std::int64_t>());
      if (!sent) return fail(at(where + " proposal", sent.error()));
    }
    ++sum.proposals;
  }
  return ok();
}

Result<void> load_conflict(CallService& calls, Lookup& look, const json& x) {
  auto user = look.user(x["user"].get<std::string>());
  if (!user) return fail(user.error());
  json body = {{"kind", x["kind"]}, {"user", user->id.value}, {"note", x.value("note", "")}};
  if (x.contains("org")) {
    auto org = look.record(RecordKind::organisation, user->tenant, x["org"].get<std::string>());
    if (!org) return fail(org.error());
    body["org"] = *org;
  }
  if (x.contains("other_user")) {
    auto other = look.user(x["other_user"].get<std::string>());
    if (!other) return fail(other.error());
    body["other_user"] = other->id.value;
  }
  for (const char* k : {"from_year", "to_year"}) {
    if (x.contains(k)) body[k] = x[k];
  }
  Viewer system{UserId(), user->tenant, Role::platform_admin, OrgId()};
  auto added = calls.add_conflict(system, body);
  if (!added) return fail(added.error());
  return ok();
}

}  // namespace

Result<DemoCallsSummary> load_demo_calls(store::Store& store, CallService& calls,
                                         const std::string& dir) {
  namespace fs = std::filesystem;
  DemoCallsSummary sum;
  Lookup look{store};
  try {
    auto tenants = read_json(fs::path(dir) / "tenants.json");
    if (!tenants) return fail(tenants.error());
    YG_TRY(link_people(store, look, tenants->value("users", json::array()), sum.people_linked));
    if (!fs::exists(fs::path(dir) / "calls.json")) return sum;
    auto doc = read_json(fs::path(dir) / "calls.json");
    if (!doc) return fail(doc.error());
    for (const auto& c : doc->value("calls", json::array())) YG_TRY(load_call(calls, look, c, sum));
    for (const auto& x : doc->value("conflicts", json::array())) {
      auto r = load_conflict(calls, look, x);
      if (!r) return fail(at("calls.json conflict", r.error()));
      ++sum.conflicts;
    }
  } catch (const json::exception& e) {
    return fail(Error::invalid(std::string("calls.json: ") + e.what()));
  }
  return sum;
}

}  // namespace yigong::service
