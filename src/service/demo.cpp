// Demo ecosystem loading through the same paths operators use: accounts via AuthService, records
// via import.
#include "service/demo.hpp"

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "service/audit.hpp"
#include "service/record_json.hpp"
#include "service/transfer.hpp"

namespace yigong::service {
namespace {

using nlohmann::json;

Result<std::string> read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return fail(Error::invalid("cannot read " + p.string()));
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

Result<json> read_json(const std::filesystem::path& p) {
  auto text = read_file(p);
  if (!text) return fail(text.error());
  auto j = parse_json_text(*text);
  if (!j) return fail(Error::invalid(p.string() + ": " + j.error().message));
  return j;
}

std::string str(const json& j, const char* key) {
  return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
}

}  // namespace

Result<DemoSummary> load_demo(store::Store& store, AuthService& auth, RecordService& records,
                              const std::string& dir) {
  namespace fs = std::filesystem;
  auto doc = read_json(fs::path(dir) / "tenants.json");
  if (!doc) return fail(doc.error());
  if (!doc->contains("tenants") || !(*doc)["tenants"].is_array() || !doc->contains("users") ||
      !(*doc)["users"].is_array())
    return fail(Error::invalid("tenants.json needs 'tenants' and 'users' arrays"));
  DemoSummary summary;
  std::map<std::string, TenantId> tenants;
  for (const auto& t : (*doc)["tenants"]) {
    auto created = auth.create_tenant(nullptr, str(t, "slug"), str(t, "name"));
    if (!created) return fail(created.error().at("tenants.json"));
    tenants[created->slug] = created->id;
  }
  // Accounts first, so records can name their owners; organisations are linked afterwards.
  std::vector<std::pair<UserId, std::pair<TenantId, std::string>>> user_orgs;
  for (const auto& u : (*doc)["users"]) {
    const std::string slug = str(u, "tenant");
    if (!tenants.contains(slug))
      return fail(Error::invalid("user " + str(u, "email") + " names unknown tenant " + slug));
    auto role = parse_Role(str(u, "role"));
    if (!role) return fail(Error::invalid("user " + str(u, "email") + " has an unknown role"));
    NewUser nu{str(u, "email"), str(u, "name"), *role, tenants[slug], OrgId(), str(u, "password")};
    auto created = auth.create_user(nullptr, nu);
    if (!created) return fail(created.error().at("tenants.json: " + nu.email));
    summary.logins.push_back({nu.email, nu.password, str(u, "role"), slug});
    if (!str(u, "org").empty()) user_orgs.push_back({created->id, {tenants[slug], str(u, "org")}});
  }
  for (const auto& [slug, tenant] : tenants) {
    const fs::path file = fs::path(dir) / (slug + ".json");
    if (!fs::exists(file)) continue;
    auto text = read_file(file);
    if (!text) return fail(text.error());
    const Viewer loader{UserId(), tenant, Role::operator_, OrgId()};
    ImportOptions options;
    options.format = TransferFormat::json;
    auto report = import_records(records, store, loader, *text, options);
    if (!report) return fail(report.error());
    if (!report->errors.empty()) {
      const auto& e = report->errors.front();
      return fail(Error::invalid(file.filename().string() + " " + e.item + ": " + e.message + " (" +
                                     std::to_string(report->errors.size()) + " errors)",
                                 e.field));
    }
    for (const auto& [kind, n] : report->rows) summary.rows[kind] += n;
  }
  YG_TRY(store.write<bool>([&](store::Tx& tx) -> Result<bool> {
    for (const auto& [user, ref] : user_orgs) {
      auto org = tx.find_record_by_key(RecordKind::organisation, ref.first, ref.second);
      if (!org) return fail(org.error());
      if (!*org)
        return fail(Error::invalid("a demo user names unknown organisation " + ref.second));
      YG_TRY(tx.set_user_org(user, OrgId((*org)->id.value)));
      AuditEvent e;
      e.tenant = ref.first;
      e.action = "update";
      e.kind = "user";
      e.record_id = user.value;
      e.detail = json{{"org_id", (*org)->id.value}}.dump();
      auto a = append_audit(tx, std::move(e));
      if (!a) return fail(a.error());
    }
    return true;
  }));
  return summary;
}

}  // namespace yigong::service
