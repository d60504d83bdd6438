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
  const std::vector<Route> call_routes = {
      route("GET", "/api/v1/rubric-templates",
            "Rubric templates: Biodesign need screening, NIH CAI, Coulter", "calls", kSignedIn,
            kNoBody, rubric_templates),
      with_query(route("GET", "/api/v1/calls", "Calls the caller may see (?state=&kind=)", "calls",
                       kSignedIn, kNoBody, list_calls)),
      route("POST", "/api/v1/calls", "Create a call in draft (operators)", "calls", kSignedIn,
            kJson, create_call),
      route("GET", "/api/v1/calls/{id}", "Read one call", "calls", kSignedIn, kNoBody, get_call),
      route("PATCH", "/api/v1/calls/{id}", "Change a call (send version)", "calls", kSignedIn,
            kJson, update_call),
      route("POST", "/api/v1/calls/{id}/state",
            "Move a call: draft → open → closed → in_review → decided → archived", "calls",
            kSignedIn, kJson, move_call),
      route("GET", "/api/v1/calls/{id}/proposals", "Proposals of a call the caller may see",
            "calls", kSignedIn, kNoBody, list_proposals),
      route("POST", "/api/v1/calls/{id}/proposals", "Start a proposal (supplier teams)", "calls",
            kSignedIn, kJson, create_proposal),
      route("GET", "/api/v1/proposals/{id}", "Read one proposal (blinded for blind reviewers)",
            "calls", kSignedIn, kNoBody, get_proposal),
      route("PATCH", "/api/v1/proposals/{id}", "Change a proposal before the deadline", "calls",
            kSignedIn, kJson, update_proposal),
      route("POST", "/api/v1/proposals/{id}/submit", "Submit a proposal (eligibility checked)",
            "calls", kSignedIn, kNoBody, submit_proposal),
      route("POST", "/api/v1/proposals/{id}/withdraw", "Withdraw a proposal", "calls", kSignedIn,
            kNoBody, withdraw_proposal),
      with_query(route("POST", "/api/v1/proposals/{id}/attachments",
                       "Attach a file (raw body; ?name=; PDF, images, text, office files)", "calls",
                       kSignedIn, kNoBody, add_attachment)),
      route("GET", "/api/v1/attachments/{token}", "Download an attachment", "calls", kSignedIn,
            kNoBody, get_attachment),
      route("DELETE", "/api/v1/attachments/{token}", "Remove an attachment before the deadline",
            "calls", kSignedIn, kNoBody, delete_attachment),
      route("GET", "/api/v1/calls/{id}/reviewers", "The call's reviewer pool (operators)", "calls",
            kSignedIn, kNoBody, call_reviewers),
      route("PUT", "/api/v1/calls/{id}/reviewers", "Choose the call's reviewer pool", "calls",
            kSignedIn, kJson, set_call_reviewers),
      route("GET", "/api/v1/calls/{id}/assignment",
            "Assignment board: expertise scores, conflicts, assignments", "calls", kSignedIn,
            kNoBody, assignment_board),
      route("POST", "/api/v1/calls/{id}/assignment",
            "Assign reviewers (min-cost flow; conflicts excluded; pins and forbids)", "calls",
            kSignedIn, kJson, assign_reviewers),
      route("GET", "/api/v1/reviews/mine", "The caller's review assignments", "calls", kSignedIn,
            kNoBody, my_reviews),
      route("GET", "/api/v1/proposals/{id}/review", "The caller's review of a proposal", "calls",
            kSignedIn, kNoBody, get_review),
      route("PUT", "/api/v1/proposals/{id}/review", "Save or submit a review", "calls", kSignedIn,
            kJson, put_review),
      route("POST", "/api/v1/proposals/{id}/recuse", "Recuse from a proposal (declares a conflict)",
            "calls", kSignedIn, kJson, recuse),
      with_query(route("GET", "/api/v1/calls/{id}/ranking",
                       "Ranking on normalised scores (?format=json|csv|xlsx)", "calls", kSignedIn,
                       kNoBody, call_ranking)),
      route("POST", "/api/v1/proposals/{id}/decision", "Award or reject a proposal", "calls",
            kSignedIn, kJson, decide_proposal),
      with_query(route("GET", "/api/v1/conflicts", "Recorded relations behind conflicts", "calls",
                       kSignedIn, kNoBody, list_conflicts)),
      route("POST", "/api/v1/conflicts", "Record a relation or declare a conflict", "calls",
            kSignedIn, kJson, add_conflict),
      route("DELETE", "/api/v1/conflicts/{id}", "Remove a recorded relation", "calls", kSignedIn,
            kNoBody, delete_conflict),
      route("GET", "/api/v1/notifications", "The caller's notifications", "calls", kSignedIn,
            kNoBody, list_notifications),
      route("POST", "/api/v1/notifications/{id}/read", "Mark a notification read", "calls",
            kSignedIn, kNoBody, read_notification),
  };
  r.insert(r.end(), call_routes.begin(), call_routes.end());
  const std::vector<Route> project_routes = {
      route("GET", "/api/v1/stage-model", "The tenant's stages and gate criteria", "projects",
            kSignedIn, kNoBody, get_stage_model),
      route("PUT", "/api/v1/stage-model", "Change the tenant's stages (tenant administrators)",
            "projects", kSignedIn, kJson, put_stage_model),
      with_query(route("GET", "/api/v1/projects",
                       "Projects the caller may see (?stage=&state=&area=)", "projects", kSignedIn,
                       kNoBody, list_projects)),
      route("POST", "/api/v1/projects", "Start a project (operators)", "projects", kSignedIn, kJson,
            create_project),
      route("POST", "/api/v1/proposals/{id}/project", "Turn an awarded proposal into a project",
            "projects", kSignedIn, kNoBody, project_from_proposal),
      route("GET", "/api/v1/projects/{id}", "Read one project", "projects", kSignedIn, kNoBody,
            get_project),
      route("PATCH", "/api/v1/projects/{id}", "Change a project (send version)", "projects",
            kSignedIn, kJson, update_project),
      route("POST", "/api/v1/projects/{id}/gate",
            "Record a gate decision: go, hold, stop or recycle", "projects", kSignedIn, kJson,
            project_gate),
      route("POST", "/api/v1/projects/{id}/trl", "Record a TRL change", "projects", kSignedIn,
            kJson, project_trl),
      route("POST", "/api/v1/projects/{id}/milestones", "Add a milestone", "projects", kSignedIn,
            kJson, add_project_milestone),
      route("PATCH", "/api/v1/projects/{id}/milestones/{mid}", "Change a milestone", "projects",
            kSignedIn, kJson, update_project_milestone),
      route("POST", "/api/v1/projects/{id}/outcomes",
            "Record an outcome: company formed, licence, registration, product, funding",
            "projects", kSignedIn, kJson, add_project_outcome),
      route("POST", "/api/v1/projects/{id}/feedback", "Record clinical feedback on a prototype",
            "projects", kSignedIn, kJson, add_project_feedback),
      route("POST", "/api/v1/projects/{id}/feedback/{eid}/response", "Respond to feedback",
            "projects", kSignedIn, kJson, respond_project_feedback),
      route("GET", "/api/v1/projects/{id}/timeline", "The project's timeline", "projects",
            kSignedIn, kNoBody, project_timeline),
      with_query(route("GET", "/api/v1/kpis",
                       "KPIs: funnel, time in stage, death valley, outcomes, partners "
                       "(?from=&to=&area=&scope=&format=json|csv|xlsx)",
                       "projects", kSignedIn, kNoBody, kpis)),
      route("GET", "/api/v1/network", "Collaboration network with betweenness", "projects",
            kSignedIn, kNoBody, network),
      route("GET", "/api/v1/pathway/facts", "The device facts the classification rules read",
            "pathway", kSignedIn, kNoBody, pathway_facts),
      route("POST", "/api/v1/pathway/classify",
            "NMPA and EU MDR class of a device, citing the rules applied", "pathway", kSignedIn,
            kJson, pathway_classify),
      route("POST", "/api/v1/pathway/plan",
            "Regulatory routes, special programmes and a timeline for a device", "pathway",
            kSignedIn, kJson, pathway_plan),
  };
  r.insert(r.end(), project_routes.begin(), project_routes.end());
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
