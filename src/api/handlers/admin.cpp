// User, invitation, tenant and audit administration.
#include <charconv>

#include "api/detail/handlers.hpp"
#include "service/audit.hpp"
#include "service/record_json.hpp"

namespace yigong::api::detail {

using nlohmann::json;

namespace {

Result<Role> body_role(const Context& c) {
  auto role = body_string(c, "role");
  if (!role) return fail(role.error());
  auto r = parse_Role(*role);
  if (!r) return fail(Error::invalid("unknown role", "role"));
  return *r;
}

// An optional positive id member; absent or null → fallback.
Result<std::int64_t> body_id(const Context& c, const std::string& member, std::int64_t fallback) {
  if (!c.body.contains(member) || c.body[member].is_null()) return fallback;
  const auto& v = c.body[member];
  if (!v.is_number_integer() || v.get<std::int64_t>() <= 0)
    return fail(Error::invalid("must be a positive integer", member));
  return v.get<std::int64_t>();
}

}  // namespace

Result<HttpResponse> list_users(Context& c) {
  YG_TRY(only_query(c, {"tenant_id"}));
  auto tenant = query_int(c, "tenant_id", 0, 1, INT64_MAX);
  if (!tenant) return fail(tenant.error());
  auto users = c.services.auth.list_users(c.viewer(), TenantId(*tenant));
  if (!users) return fail(users.error());
  json items = json::array();
  for (const auto& u : *users) items.push_back(service::user_to_json(u));
  return json_response(200, {{"items", items}});
}

Result<HttpResponse> create_user(Context& c) {
  YG_TRY(only_members(c, {"email", "name", "role", "tenant_id", "org_id", "password"}));
  service::NewUser u;
  auto email = body_string(c, "email");
  if (!email) return fail(email.error());
  auto name_v = body_string(c, "name");
  if (!name_v) return fail(name_v.error());
  auto password = body_string(c, "password");
  if (!password) return fail(password.error());
  auto role = body_role(c);
  if (!role) return fail(role.error());
  auto tenant = body_id(c, "tenant_id", c.viewer().tenant.value);
  if (!tenant) return fail(tenant.error());
  auto org = body_id(c, "org_id", 0);
  if (!org) return fail(org.error());
  u.email = *email;
  u.name = *name_v;
  u.password = *password;
  u.role = *role;
  u.tenant = TenantId(*tenant);
  u.org = OrgId(*org);
  auto created = c.services.auth.create_user(&c.viewer(), u);
  if (!created) return fail(created.error());
  return json_response(201, service::user_to_json(*created));
}

Result<HttpResponse> update_user(Context& c) {
  YG_TRY(only_members(c, {"role", "disabled", "org_id"}));
  auto id = id_param(c);
  if (!id) return fail(id.error());
  service::UserPatch patch;
  if (c.body.contains("role")) {
    auto role = body_role(c);
    if (!role) return fail(role.error());
    patch.role = *role;
  }
  if (c.body.contains("disabled")) {
    if (!c.body["disabled"].is_boolean())
      return fail(Error::invalid("must be true or false", "disabled"));
    patch.disabled = c.body["disabled"].get<bool>();
  }
  if (c.body.contains("org_id")) {
    auto org = body_id(c, "org_id", 0);
    if (!org) return fail(org.error());
    patch.org = OrgId(*org);
  }
  auto user = c.services.auth.update_user(c.viewer(), UserId(*id), patch);
  if (!user) return fail(user.error());
  return json_response(200, service::user_to_json(*user));
}

Result<HttpResponse> list_invites(Context& c) {
  YG_TRY(only_query(c, {"tenant_id"}));
  auto tenant = query_int(c, "tenant_id", 0, 1, INT64_MAX);
  if (!tenant) return fail(tenant.error());
  auto invites = c.services.auth.list_invites(c.viewer(), TenantId(*tenant));
  if (!invites) return fail(invites.error());
  json items = json::array();
  const Micros now = now_micros();
  for (const auto& i : *invites) {
    const char* state = i.used_at ? "used" : (i.expires_at <= now ? "expired" : "pending");
    items.push_back({{"email", i.email},
                     {"role", std::string(name(i.role))},
                     {"tenant_id", i.tenant.value},
                     {"org_id", i.org ? json(i.org.value) : json(nullptr)},
                     {"created_at", format_rfc3339(i.created_at)},
                     {"expires_at", format_rfc3339(i.expires_at)},
                     {"state", state}});
  }
  return json_response(200, {{"items", items}});
}

Result<HttpResponse> create_invite(Context& c) {
  YG_TRY(only_members(c, {"email", "role", "tenant_id", "org_id"}));
  service::NewInvite inv;
  auto email = body_string(c, "email");
  if (!email) return fail(email.error());
  auto role = body_role(c);
  if (!role) return fail(role.error());
  auto tenant = body_id(c, "tenant_id", c.viewer().tenant.value);
  if (!tenant) return fail(tenant.error());
  auto org = body_id(c, "org_id", 0);
  if (!org) return fail(org.error());
  inv.email = *email;
  inv.role = *role;
  inv.tenant = TenantId(*tenant);
  inv.org = OrgId(*org);
  auto token = c.services.auth.invite(c.viewer(), inv);
  if (!token) return fail(token.error());
  return json_response(201, {{"token", *token}, {"accept_path", "/invite/" + *token}});
}

Result<HttpResponse> list_tenants(Context& c) {
  auto tenants = c.services.auth.list_tenants(c.viewer());
  if (!tenants) return fail(tenants.error());
  json items = json::array();
  for (const auto& t : *tenants)
    items.push_back({{"id", t.id.value}, {"slug", t.slug}, {"name", t.name}});
  return json_response(200, {{"items", items}});
}

Result<HttpResponse> create_tenant(Context& c) {
  YG_TRY(only_members(c, {"slug", "name"}));
  auto slug = body_string(c, "slug");
  if (!slug) return fail(slug.error());
  auto name_v = body_string(c, "name");
  if (!name_v) return fail(name_v.error());
  auto t = c.services.auth.create_tenant(&c.viewer(), *slug, *name_v);
  if (!t) return fail(t.error());
  return json_response(201, {{"id", t->id.value}, {"slug", t->slug}, {"name", t->name}});
}

Result<HttpResponse> list_audit(Context& c) {
  YG_TRY(only_query(c, {"after", "limit"}));
  const Viewer& v = c.viewer();
  if (!can_administer(v, v.tenant))
    return fail(Error::forbidden("only administrators may read the audit log"));
  auto after = query_int(c, "after", 0, 0, INT64_MAX);
  if (!after) return fail(after.error());
  auto limit = query_int(c, "limit", 100, 1, 1000);
  if (!limit) return fail(limit.error());
  const TenantId scope = v.role == Role::platform_admin ? TenantId() : v.tenant;
  auto events = c.services.store.read<std::vector<AuditEvent>>(
      [&](store::Tx& tx) { return tx.audit_events(*after, static_cast<int>(*limit), scope); });
  if (!events) return fail(events.error());
  json items = json::array();
  for (const auto& e : *events) {
    items.push_back(
        {{"seq", e.seq},
         {"at", format_rfc3339(e.at)},
         {"tenant_id", e.tenant.value},
         {"actor_id", e.actor.value},
         {"action", e.action},
         {"kind", e.kind},
         {"record_id", e.record_id},
         {"detail", json::parse(e.detail, nullptr, false).is_discarded() ? json(e.detail)
                                                                         : json::parse(e.detail)},
         {"hash", e.hash}});
  }
  json body = {{"items", items}};
  body["next_after"] =
      events->size() == static_cast<size_t>(*limit) ? json(events->back().seq) : json(nullptr);
  return json_response(200, body);
}

Result<HttpResponse> verify_audit(Context& c) {
  const Viewer& v = c.viewer();
  if (!can_administer(v, v.tenant))
    return fail(Error::forbidden("only administrators may verify the audit log"));
  auto report = service::verify_audit(c.services.store);
  if (!report) return fail(report.error());
  return json_response(200,
                       {{"ok", report->ok},
                        {"events", report->events},
                        {"first_bad", report->first_bad ? json(report->first_bad) : json(nullptr)},
                        {"problem", report->problem}});
}

}  // namespace yigong::api::detail
