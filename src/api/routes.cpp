// The one route table of the API. The OpenAPI document is generated from it, and a test checks
// that every route appears there.
#include "api/detail/routes.hpp"

#include "api/detail/handlers.hpp"

namespace yigong::api::detail {
namespace {

Route route(std::string method, std::string pattern, std::string summary, std::string tag,
            bool signed_in, bool json_body, Handler h, std::string schema = {}) {
  return Route{RouteInfo{std::move(method), std::move(pattern), std::move(summary), std::move(tag),
                         signed_in, json_body, false},
               std::move(h), std::move(schema)};
}

// The same route, accepting query parameters (filters, paging, formats).
Route with_query(Route r) {
  r.info.takes_query = true;
  return r;
}

}  // namespace

std::vector<Route> build_routes() {
  constexpr bool kPublic = false, kSignedIn = true, kJson = true, kNoBody = false;
  std::vector<Route> r = {
      route("GET", "/api/v1/health", "Liveness and database reachability", "system", kPublic,
            kNoBody, health),
      route("GET", "/api/v1/openapi.json", "This API's OpenAPI 3.0 document", "system", kPublic,
            kNoBody, nullptr),
      route("GET", "/api/v1/stats",
            "Record counts the caller may see, by kind and by clinical area, status, type, TRL, "
            "region",
            "system", kSignedIn, kNoBody, stats),
      route("POST", "/api/v1/auth/login", "Sign in; sets the session and CSRF cookies", "auth",
            kPublic, kJson, login, "Login"),
      route("POST", "/api/v1/auth/logout", "Sign out", "auth", kSignedIn, kNoBody, logout),
      route("GET", "/api/v1/auth/me", "The signed-in user and the CSRF token", "auth", kSignedIn,
            kNoBody, me),
      route("POST", "/api/v1/auth/password", "Change one's password", "auth", kSignedIn, kJson,
            change_password, "PasswordChange"),
      route("POST", "/api/v1/invites/accept", "Create an account from a one-time invitation",
            "auth", kPublic, kJson, accept_invite, "InviteAccept"),
      with_query(route("GET", "/api/v1/users", "List users (administrators)", "admin", kSignedIn,
                       kNoBody, list_users)),
      route("POST", "/api/v1/users", "Create a user (administrators)", "admin", kSignedIn, kJson,
            create_user, "NewUser"),
      route("PATCH", "/api/v1/users/{id}",
            "Change a user's role, organisation or disabled state (administrators)", "admin",
            kSignedIn, kJson, update_user, "UserPatch"),
      with_query(route("GET", "/api/v1/invites", "Invitations of a tenant and their state", "admin",
                       kSignedIn, kNoBody, list_invites)),
      route("POST", "/api/v1/invites", "Invite a user by one-time token (administrators)", "admin",
            kSignedIn, kJson, create_invite, "NewInvite"),
      route("GET", "/api/v1/tenants", "List tenants", "admin", kSignedIn, kNoBody, list_tenants),
      route("POST", "/api/v1/tenants", "Create a tenant (platform admin)", "admin", kSignedIn,
            kJson, create_tenant, "NewTenant"),
      with_query(route("GET", "/api/v1/audit", "Audit events, oldest first (administrators)",
                       "admin", kSignedIn, kNoBody, list_audit)),
      route("GET", "/api/v1/audit/verify", "Verify the audit hash chain (administrators)", "admin",
            kSignedIn, kNoBody, verify_audit),
      with_query(route("POST", "/api/v1/import",
                       "Import CSV or JSON records: all or nothing, with a per-row error report",
                       "records", kSignedIn, kNoBody, import_records)),
      with_query(route("GET", "/api/v1/needs/{id}/matches",
                       "Capabilities, people or organisations for a need (?kind=), with reasons",
                       "matching", kSignedIn, kNoBody, need_matches)),
      with_query(route("GET", "/api/v1/capabilities/{id}/matches",
                       "Needs a capability could answer, with reasons", "matching", kSignedIn,
                       kNoBody, capability_matches)),
      route("PUT", "/api/v1/needs/{id}/matches/{kind}/{target}",
            "Record where a match stands: suggested, contacted, accepted, declined", "matching",
            kSignedIn, kJson, set_match_state, "MatchState"),
      with_query(route("GET", "/api/v1/search", "Search every record kind the caller may see",
                       "matching", kSignedIn, kNoBody, search)),
      route("POST", "/api/v1/needs/similar", "Existing needs that look like a draft need",
            "matching", kSignedIn, kJson, similar_needs, "NeedDraft"),
      with_query(route("GET", "/api/v1/bridge/concepts", "Thesaurus concepts with link counts",
                       "matching", kSignedIn, kNoBody, list_concepts)),
      route("POST", "/api/v1/bridge/concepts", "Add a concept (operators, platform admins)",
            "matching", kSignedIn, kJson, add_concept, "NewConcept"),
      route("POST", "/api/v1/bridge/links", "Add a clinical → engineering link (operators)",
            "matching", kSignedIn, kJson, add_link, "NewLink"),
  };
  for (RecordKind kind : all_record_kinds()) {
    const std::string base = "/api/v1/" + std::string(plural(kind));
    const std::string tag(plural(kind));
    const std::string schema(name(kind));
    r.push_back(with_query(route("GET", base, "List " + tag + " the caller may see", tag, kSignedIn,
                                 kNoBody, [kind](Context& c) { return list_records(c, kind); })));
    r.push_back(route(
        "POST", base, "Create one " + schema, tag, kSignedIn, kJson,
        [kind](Context& c) { return create_record(c, kind); }, schema));
    r.push_back(route("GET", base + "/{id}", "Read one " + schema + " (NDA tier: teaser first)",
                      tag, kSignedIn, kNoBody, [kind](Context& c) { return get_record(c, kind); }));
    r.push_back(route(
        "PATCH", base + "/{id}", "Change fields of one " + schema + " (send version)", tag,
        kSignedIn, kJson, [kind](Context& c) { return update_record(c, kind); }, schema));
    r.push_back(route("DELETE", base + "/{id}", "Soft-delete one " + schema, tag, kSignedIn,
                      kNoBody, [kind](Context& c) { return delete_record(c, kind); }));
    if (std::find(spec_of(kind).allowed_tiers.begin(), spec_of(kind).allowed_tiers.end(),
                  Tier::nda) != spec_of(kind).allowed_tiers.end()) {
      r.push_back(route("POST", base + "/{id}/nda", "Accept this " + schema + "'s NDA", tag,
                        kSignedIn, kNoBody,
                        [kind](Context& c) { return accept_record_nda(c, kind); }));
    }
    r.push_back(with_query(route(
        "GET", "/api/v1/export/" + tag, "Export the " + tag + " the caller may see as CSV or JSON",
        "records", kSignedIn, kNoBody, [kind](Context& c) { return export_records(c, kind); })));
  }
  return r;
}

}  // namespace yigong::api::detail
