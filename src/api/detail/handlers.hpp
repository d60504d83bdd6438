// Route handlers: each parses and validates its input, calls one service, and turns the Result
// into a response.
#pragma once

#include "api/detail/context.hpp"
#include "core/domain/record.hpp"

namespace yigong::api::detail {

// System.
Result<HttpResponse> health(Context& c);
Result<HttpResponse> stats(Context& c);

// Accounts and sessions.
Result<HttpResponse> login(Context& c);
Result<HttpResponse> logout(Context& c);
Result<HttpResponse> me(Context& c);
Result<HttpResponse> change_password(Context& c);
Result<HttpResponse> accept_invite(Context& c);

// Administration.
Result<HttpResponse> list_users(Context& c);
Result<HttpResponse> create_user(Context& c);
Result<HttpResponse> update_user(Context& c);
Result<HttpResponse> create_invite(Context& c);
Result<HttpResponse> list_invites(Context& c);
Result<HttpResponse> list_tenants(Context& c);
Result<HttpResponse> create_tenant(Context& c);
Result<HttpResponse> list_audit(Context& c);
Result<HttpResponse> verify_audit(Context& c);

// Records of one kind.
Result<HttpResponse> list_records(Context& c, RecordKind kind);
Result<HttpResponse> create_record(Context& c, RecordKind kind);
Result<HttpResponse> get_record(Context& c, RecordKind kind);
Result<HttpResponse> update_record(Context& c, RecordKind kind);
Result<HttpResponse> delete_record(Context& c, RecordKind kind);
Result<HttpResponse> accept_record_nda(Context& c, RecordKind kind);

// Import and export.
Result<HttpResponse> import_records(Context& c);

// Matching (handlers/matching.cpp).
Result<HttpResponse> need_matches(Context& c);
Result<HttpResponse> capability_matches(Context& c);
Result<HttpResponse> search(Context& c);
Result<HttpResponse> similar_needs(Context& c);
Result<HttpResponse> set_match_state(Context& c);
Result<HttpResponse> list_concepts(Context& c);
Result<HttpResponse> add_concept(Context& c);
Result<HttpResponse> add_link(Context& c);
Result<HttpResponse> export_records(Context& c, RecordKind kind);

// Calls and challenges (handlers/calls.cpp).
Result<HttpResponse> rubric_templates(Context& c);
Result<HttpResponse> list_calls(Context& c);
Result<HttpResponse> create_call(Context& c);
Result<HttpResponse> get_call(Context& c);
Result<HttpResponse> update_call(Context& c);
Result<HttpResponse> move_call(Context& c);
Result<HttpResponse> list_proposals(Context& c);
Result<HttpResponse> create_proposal(Context& c);
Result<HttpResponse> get_proposal(Context& c);
Result<HttpResponse> update_proposal(Context& c);
Result<HttpResponse> submit_proposal(Context& c);
Result<HttpResponse> withdraw_proposal(Context& c);
Result<HttpResponse> add_attachment(Context& c);
Result<HttpResponse> get_attachment(Context& c);
Result<HttpResponse> delete_attachment(Context& c);
Result<HttpResponse> call_reviewers(Context& c);
Result<HttpResponse> set_call_reviewers(Context& c);
Result<HttpResponse> assignment_board(Context& c);
Result<HttpResponse> assign_reviewers(Context& c);
Result<HttpResponse> my_reviews(Context& c);
Result<HttpResponse> get_review(Context& c);
Result<HttpResponse> put_review(Context& c);
Result<HttpResponse> recuse(Context& c);
Result<HttpResponse> call_ranking(Context& c);
Result<HttpResponse> decide_proposal(Context& c);
Result<HttpResponse> list_conflicts(Context& c);
Result<HttpResponse> add_conflict(Context& c);
Result<HttpResponse> delete_conflict(Context& c);
Result<HttpResponse> list_notifications(Context& c);
Result<HttpResponse> read_notification(Context& c);

// Projects, KPIs and the network (handlers/projects.cpp).
Result<HttpResponse> get_stage_model(Context& c);
Result<HttpResponse> put_stage_model(Context& c);
Result<HttpResponse> list_projects(Context& c);
Result<HttpResponse> create_project(Context& c);
Result<HttpResponse> project_from_proposal(Context& c);
Result<HttpResponse> get_project(Context& c);
Result<HttpResponse> update_project(Context& c);
Result<HttpResponse> project_gate(Context& c);
Result<HttpResponse> project_trl(Context& c);
Result<HttpResponse> add_project_milestone(Context& c);
Result<HttpResponse> update_project_milestone(Context& c);
Result<HttpResponse> add_project_outcome(Context& c);
Result<HttpResponse> add_project_feedback(Context& c);
Result<HttpResponse> respond_project_feedback(Context& c);
Result<HttpResponse> project_timeline(Context& c);
Result<HttpResponse> kpis(Context& c);
Result<HttpResponse> network(Context& c);
Result<HttpResponse> pathway_facts(Context& c);
Result<HttpResponse> pathway_classify(Context& c);
Result<HttpResponse> pathway_plan(Context& c);

}  // namespace yigong::api::detail
