// Calls, proposals, attachments, reviewer pools, assignments, reviews, relations, notifications.
#include <soci/soci.h>

#include "store/detail/connection.hpp"
#include "store/detail/query.hpp"
#include "store/store.hpp"

namespace yigong::store {
namespace {

using detail::guarded;
using detail::Query;
using detail::returned_id;
using detail::row_int;
using detail::row_opt_int;
using detail::row_text;

constexpr std::string_view kCallColumns =
    "SELECT id, tenant_id, sponsor_org_id, kind, state, tier, opens_at, closes_at, created_by, "
    "created_at, updated_at, version, body FROM calls ";

CallRow call_of_row(const soci::row& r) {
  CallRow c;
  c.id = row_int(r, 0);
  c.tenant = TenantId(row_int(r, 1));
  c.sponsor = OrgId(row_opt_int(r, 2).value_or(0));
  c.kind = row_text(r, 3);
  c.state = row_text(r, 4);
  c.tier = parse_Tier(row_text(r, 5)).value_or(Tier::private_);
  c.opens_at = row_int(r, 6);
  c.closes_at = row_int(r, 7);
  c.created_by = UserId(row_opt_int(r, 8).value_or(0));
  c.created_at = row_int(r, 9);
  c.updated_at = row_int(r, 10);
  c.version = row_int(r, 11);
  c.body = row_text(r, 12);
  return c;
}

constexpr std::string_view kProposalColumns =
    "SELECT id, call_id, tenant_id, org_id, state, created_by, created_at, updated_at, "
    "submitted_at, version, body FROM proposals ";

ProposalRow proposal_of_row(const soci::row& r) {
  ProposalRow p;
  p.id = row_int(r, 0);
  p.call = row_int(r, 1);
  p.tenant = TenantId(row_int(r, 2));
  p.org = OrgId(row_opt_int(r, 3).value_or(0));
  p.state = row_text(r, 4);
  p.created_by = UserId(row_opt_int(r, 5).value_or(0));
  p.created_at = row_int(r, 6);
  p.updated_at = row_int(r, 7);
  p.submitted_at = row_opt_int(r, 8);
  p.version = row_int(r, 9);
  p.body = row_text(r, 10);
  return p;
}

constexpr std::string_view kAttachmentColumns =
    "SELECT token, proposal_id, name, content_type, size, sha256, created_by, created_at FROM "
    "attachments ";

AttachmentRow attachment_of_row(const soci::row& r) {
  return {row_text(r, 0),
          row_int(r, 1),
          row_text(r, 2),
          row_text(r, 3),
          row_int(r, 4),
          row_text(r, 5),
          UserId(row_opt_int(r, 6).value_or(0)),
          row_int(r, 7)};
}

constexpr std::string_view kAssignmentColumns =
    "SELECT call_id, proposal_id, reviewer_id, score, state, created_at FROM assignments ";

AssignmentRow assignment_of_row(const soci::row& r) {
  return {row_int(r, 0), row_int(r, 1),  UserId(row_int(r, 2)),
          row_int(r, 3), row_text(r, 4), row_int(r, 5)};
}

constexpr std::string_view kReviewColumns =
    "SELECT proposal_id, reviewer_id, call_id, scores, comment, weighted, submitted_at, "
    "updated_at FROM reviews ";

ReviewRow review_of_row(const soci::row& r) {
  return {row_int(r, 0),  UserId(row_int(r, 1)), row_int(r, 2),     row_text(r, 3),
          row_text(r, 4), row_opt_int(r, 5),     row_opt_int(r, 6), row_int(r, 7)};
}

constexpr std::string_view kRelationColumns =
    "SELECT id, tenant_id, kind, user_id, org_id, other_user_id, from_year, to_year, note, "
    "created_by, created_at FROM relations ";

RelationRow relation_of_row(const soci::row& r) {
  RelationRow x;
  x.id = row_int(r, 0);
  x.tenant = TenantId(row_int(r, 1));
  x.kind = row_text(r, 2);
  x.user = UserId(row_int(r, 3));
  x.org = OrgId(row_opt_int(r, 4).value_or(0));
  x.other_user = UserId(row_opt_int(r, 5).value_or(0));
  x.from_year = static_cast<int>(row_opt_int(r, 6).value_or(0));
  x.to_year = static_cast<int>(row_opt_int(r, 7).value_or(0));
  x.note = row_text(r, 8);
  x.created_by = UserId(row_opt_int(r, 9).value_or(0));
  x.created_at = row_int(r, 10);
  return x;
}

Result<std::int64_t> stale(std::string_view what, std::int64_t version) {
  return fail(Error::conflict("the " + std::string(what) + " changed since it was read (version " +
                                  std::to_string(version) + "); reload and retry",
                              "version"));
}

}  // namespace

Result<std::int64_t> Tx::insert_call(const CallRow& c) {
  return guarded([&]() -> Result<std::int64_t> {
    Query q;
    q << "INSERT INTO calls (tenant_id, sponsor_org_id, kind, state, tier, opens_at, closes_at, "
         "created_by, created_at, updated_at, version, body) VALUES (";
    q.integer(c.tenant.value) << ", ";
    q.integer(c.sponsor.value, !c.sponsor) << ", ";
    q.text(c.kind) << ", ";
    q.text(c.state) << ", ";
    q.text(std::string(name(c.tier))) << ", ";
    q.integer(c.opens_at) << ", ";
    q.integer(c.closes_at) << ", ";
    q.integer(c.created_by.value, !c.created_by) << ", ";
    q.integer(c.created_at) << ", ";
    q.integer(c.updated_at) << ", 1, ";
    q.text(c.body) << ") RETURNING id";
    auto id = returned_id(q, c_);
    if (!id) return fail(Error::internal("insert returned no id"));
    return id;
  });
}

Result<std::int64_t> Tx::update_call(const CallRow& c) {
  return guarded([&]() -> Result<std::int64_t> {
    Query q;
    q << "UPDATE calls SET version = version + 1, sponsor_org_id = ";
    q.integer(c.sponsor.value, !c.sponsor) << ", kind = ";
    q.text(c.kind) << ", state = ";
    q.text(c.state) << ", tier = ";
    q.text(std::string(name(c.tier))) << ", opens_at = ";
    q.integer(c.opens_at) << ", closes_at = ";
    q.integer(c.closes_at) << ", updated_at = ";
    q.integer(c.updated_at) << ", body = ";
    q.text(c.body) << " WHERE id = ";
    q.integer(c.id) << " AND version = ";
    q.integer(c.version);
    if (q.execute(c_) != 1) return stale("call", c.version);
    return c.version + 1;
  });
}

Result<std::optional<CallRow>> Tx::get_call(std::int64_t id) {
  return guarded([&]() -> Result<std::optional<CallRow>> {
    Query q;
    q << kCallColumns << "WHERE id = ";
    q.integer(id);
    std::optional<CallRow> out;
    q.each(c_, [&](const soci::row& r) { out = call_of_row(r); });
    return out;
  });
}

Result<std::vector<CallRow>> Tx::list_calls(TenantId tenant) {
  return guarded([&]() -> Result<std::vector<CallRow>> {
    Query q;
    q << kCallColumns;
    if (tenant) {
      q << "WHERE tenant_id = ";
      q.integer(tenant.value) << " OR tier = 'public' ";
    }
    q << "ORDER BY id DESC LIMIT 1000";
    std::vector<CallRow> out;
    q.each(c_, [&](const soci::row& r) { out.push_back(call_of_row(r)); });
    return out;
  });
}

Result<std::int64_t> Tx::insert_proposal(const ProposalRow& p) {
  return guarded([&]() -> Result<std::int64_t> {
    Query q;
    q << "INSERT INTO proposals (call_id, tenant_id, org_id, state, created_by, created_at, "
         "updated_at, submitted_at, version, body) VALUES (";
    q.integer(p.call) << ", ";
    q.integer(p.tenant.value) << ", ";
    q.integer(p.org.value, !p.org) << ", ";
    q.text(p.state) << ", ";
    q.integer(p.created_by.value, !p.created_by) << ", ";
    q.integer(p.created_at) << ", ";
    q.integer(p.updated_at) << ", ";
    q.integer(p.submitted_at.value_or(0), !p.submitted_at) << ", 1, ";
    q.text(p.body) << ") RETURNING id";
    auto id = returned_id(q, c_);
    if (!id) return fail(Error::internal("insert returned no id"));
    return id;
  });
}

Result<std::int64_t> Tx::update_proposal(const ProposalRow& p) {
  return guarded([&]() -> Result<std::int64_t> {
    Query q;
    q << "UPDATE proposals SET version = version + 1, state = ";
    q.text(p.state) << ", updated_at = ";
    q.integer(p.updated_at) << ", submitted_at = ";
    q.integer(p.submitted_at.value_or(0), !p.submitted_at) << ", body = ";
    q.text(p.body) << " WHERE id = ";
    q.integer(p.id) << " AND version = ";
    q.integer(p.version);
    if (q.execute(c_) != 1) return stale("proposal", p.version);
    return p.version + 1;
  });
}

Result<std::optional<ProposalRow>> Tx::get_proposal(std::int64_t id) {
  return guarded([&]() -> Result<std::optional<ProposalRow>> {
    Query q;
    q << kProposalColumns << "WHERE id = ";
    q.integer(id);
    std::optional<ProposalRow> out;
    q.each(c_, [&](const soci::row& r) { out = proposal_of_row(r); });
    return out;
  });
}

Result<std::vector<ProposalRow>> Tx::list_proposals(std::int64_t call) {
  return guarded([&]() -> Result<std::vector<ProposalRow>> {
    Query q;
    q << kProposalColumns << "WHERE call_id = ";
    q.integer(call) << " ORDER BY id";
    std::vector<ProposalRow> out;
    q.each(c_, [&](const soci::row& r) { out.push_back(proposal_of_row(r)); });
    return out;
  });
}

Result<std::int64_t> Tx::count_proposals(std::int64_t call) {
  return guarded([&]() -> Result<std::int64_t> {
    Query q;
    q << "SELECT COUNT(*) FROM proposals WHERE state <> 'withdrawn' AND call_id = ";
    q.integer(call);
    std::int64_t n = 0;
    q.each(c_, [&](const soci::row& r) { n = row_int(r, 0); });
    return n;
  });
}

Result<void> Tx::insert_attachment(const AttachmentRow& a) {
  return guarded([&]() -> Result<void> {
    Query q;
    q << "INSERT INTO attachments (token, proposal_id, name, content_type, size, sha256, "
         "created_by, created_at) VALUES (";
    q.text(a.token) << ", ";
    q.integer(a.proposal) << ", ";
    q.text(a.name) << ", ";
    q.text(a.content_type) << ", ";
    q.integer(a.size) << ", ";
    q.text(a.sha256) << ", ";
    q.integer(a.created_by.value, !a.created_by) << ", ";
    q.integer(a.created_at) << ")";
    q.execute(c_);
    return ok();
  });
}

Result<std::optional<AttachmentRow>> Tx::get_attachment(std::string_view token) {
  return guarded([&]() -> Result<std::optional<AttachmentRow>> {
    Query q;
    q << kAttachmentColumns << "WHERE token = ";
    q.text(std::string(token));
    std::optional<AttachmentRow> out;
    q.each(c_, [&](const soci::row& r) { out = attachment_of_row(r); });
    return out;
  });
}

Result<std::vector<AttachmentRow>> Tx::attachments_of(std::int64_t proposal) {
  return guarded([&]() -> Result<std::vector<AttachmentRow>> {
    Query q;
    q << kAttachmentColumns << "WHERE proposal_id = ";
    q.integer(proposal) << " ORDER BY created_at, token";
    std::vector<AttachmentRow> out;
    q.each(c_, [&](const soci::row& r) { out.push_back(attachment_of_row(r)); });
    return out;
  });
}

Result<void> Tx::delete_attachment(std::string_view token) {
  return guarded([&]() -> Result<void> {
    Query q;
    q << "DELETE FROM attachments WHERE token = ";
    q.text(std::string(token));
    q.execute(c_);
    return ok();
  });
}

Result<bool> Tx::sha256_in_use(std::string_view sha256) {
  return guarded([&]() -> Result<bool> {
    Query q;
    q << "SELECT COUNT(*) FROM attachments WHERE sha256 = ";
    q.text(std::string(sha256));
    std::int64_t n = 0;
    q.each(c_, [&](const soci::row& r) { n = row_int(r, 0); });
    return n > 0;
  });
}

Result<std::vector<UserId>> Tx::call_reviewers(std::int64_t call) {
  return guarded([&]() -> Result<std::vector<UserId>> {
    Query q;
    q << "SELECT user_id FROM call_reviewers WHERE call_id = ";
    q.integer(call) << " ORDER BY user_id";
    std::vector<UserId> out;
    q.each(c_, [&](const soci::row& r) { out.emplace_back(row_int(r, 0)); });
    return out;
  });
}

Result<void> Tx::set_call_reviewers(std::int64_t call, const std::vector<UserId>& users) {
  return guarded([&]() -> Result<void> {
    Query del;
    del << "DELETE FROM call_reviewers WHERE call_id = ";
    del.integer(call);
    del.execute(c_);
    for (auto u : users) {
      Query q;
      q << "INSERT INTO call_reviewers (call_id, user_id) VALUES (";
      q.integer(call) << ", ";
      q.integer(u.value) << ")";
      q.execute(c_);
    }
    return ok();
  });
}

Result<std::vector<AssignmentRow>> Tx::assignments_of_call(std::int64_t call) {
  return guarded([&]() -> Result<std::vector<AssignmentRow>> {
    Query q;
    q << kAssignmentColumns << "WHERE call_id = ";
    q.integer(call) << " ORDER BY proposal_id, reviewer_id";
    std::vector<AssignmentRow> out;
    q.each(c_, [&](const soci::row& r) { out.push_back(assignment_of_row(r)); });
    return out;
  });
}

Result<std::vector<AssignmentRow>> Tx::assignments_of_reviewer(UserId reviewer) {
  return guarded([&]() -> Result<std::vector<AssignmentRow>> {
    Query q;
    q << kAssignmentColumns << "WHERE reviewer_id = ";
    q.integer(reviewer.value) << " ORDER BY call_id DESC, proposal_id";
    std::vector<AssignmentRow> out;
    q.each(c_, [&](const soci::row& r) { out.push_back(assignment_of_row(r)); });
    return out;
  });
}

Result<std::optional<AssignmentRow>> Tx::get_assignment(std::int64_t proposal, UserId reviewer) {
  return guarded([&]() -> Result<std::optional<AssignmentRow>> {
    Query q;
    q << kAssignmentColumns << "WHERE proposal_id = ";
    q.integer(proposal) << " AND reviewer_id = ";
    q.integer(reviewer.value);
    std::optional<AssignmentRow> out;
    q.each(c_, [&](const soci::row& r) { out = assignment_of_row(r); });
    return out;
  });
}

Result<void> Tx::replace_open_assignments(std::int64_t call,
                                          const std::vector<AssignmentRow>& rows) {
  return guarded([&]() -> Result<void> {
    Query del;
    del << "DELETE FROM assignments WHERE call_id = ";
    del.integer(call) << " AND NOT EXISTS (SELECT 1 FROM reviews v WHERE v.proposal_id = "
                         "assignments.proposal_id AND v.reviewer_id = assignments.reviewer_id)";
    del.execute(c_);
    for (const auto& a : rows) {
      Query q;
      q << "INSERT INTO assignments (call_id, proposal_id, reviewer_id, score, state, created_at) "
           "VALUES (";
      q.integer(call) << ", ";
      q.integer(a.proposal) << ", ";
      q.integer(a.reviewer.value) << ", ";
      q.integer(a.score_micros) << ", ";
      q.text(a.state) << ", ";
      q.integer(a.created_at) << ")";
      q.execute(c_);
    }
    return ok();
  });
}

Result<void> Tx::set_assignment_state(std::int64_t proposal, UserId reviewer,
                                      std::string_view state) {
  return guarded([&]() -> Result<void> {
    Query q;
    q << "UPDATE assignments SET state = ";
    q.text(std::string(state)) << " WHERE proposal_id = ";
    q.integer(proposal) << " AND reviewer_id = ";
    q.integer(reviewer.value);
    if (q.execute(c_) != 1) return fail(Error::not_found("assignment", std::to_string(proposal)));
    return ok();
  });
}

Result<std::vector<AssignmentRule>> Tx::assignment_rules(std::int64_t call) {
  return guarded([&]() -> Result<std::vector<AssignmentRule>> {
    Query q;
    q << "SELECT proposal_id, reviewer_id, rule FROM assignment_rules WHERE call_id = ";
    q.integer(call) << " ORDER BY proposal_id, reviewer_id";
    std::vector<AssignmentRule> out;
    q.each(c_, [&](const soci::row& r) {
      out.push_back({row_int(r, 0), UserId(row_int(r, 1)), row_text(r, 2)});
    });
    return out;
  });
}

Result<void> Tx::set_assignment_rules(std::int64_t call, const std::vector<AssignmentRule>& rules) {
  return guarded([&]() -> Result<void> {
    Query del;
    del << "DELETE FROM assignment_rules WHERE call_id = ";
    del.integer(call);
    del.execute(c_);
    for (const auto& x : rules) {
      Query q;
      q << "INSERT INTO assignment_rules (call_id, proposal_id, reviewer_id, rule) VALUES (";
      q.integer(call) << ", ";
      q.integer(x.proposal) << ", ";
      q.integer(x.reviewer.value) << ", ";
      q.text(x.rule) << ")";
      q.execute(c_);
    }
    return ok();
  });
}

Result<void> Tx::put_review(const ReviewRow& v) {
  return guarded([&]() -> Result<void> {
    Query del;
    del << "DELETE FROM reviews WHERE proposal_id = ";
    del.integer(v.proposal) << " AND reviewer_id = ";
    del.integer(v.reviewer.value);
    del.execute(c_);
    Query q;
    q << "INSERT INTO reviews (proposal_id, reviewer_id, call_id, scores, comment, weighted, "
         "submitted_at, updated_at) VALUES (";
    q.integer(v.proposal) << ", ";
    q.integer(v.reviewer.value) << ", ";
    q.integer(v.call) << ", ";
    q.text(v.scores) << ", ";
    q.text(v.comment) << ", ";
    q.integer(v.weighted_micros.value_or(0), !v.weighted_micros) << ", ";
    q.integer(v.submitted_at.value_or(0), !v.submitted_at) << ", ";
    q.integer(v.updated_at) << ")";
    q.execute(c_);
    return ok();
  });
}

Result<std::optional<ReviewRow>> Tx::get_review(std::int64_t proposal, UserId reviewer) {
  return guarded([&]() -> Result<std::optional<ReviewRow>> {
    Query q;
    q << kReviewColumns << "WHERE proposal_id = ";
    q.integer(proposal) << " AND reviewer_id = ";
    q.integer(reviewer.value);
    std::optional<ReviewRow> out;
    q.each(c_, [&](const soci::row& r) { out = review_of_row(r); });
    return out;
  });
}

Result<std::vector<ReviewRow>> Tx::reviews_of_call(std::int64_t call) {
  return guarded([&]() -> Result<std::vector<ReviewRow>> {
    Query q;
    q << kReviewColumns << "WHERE call_id = ";
    q.integer(call) << " ORDER BY proposal_id, reviewer_id";
    std::vector<ReviewRow> out;
    q.each(c_, [&](const soci::row& r) { out.push_back(review_of_row(r)); });
    return out;
  });
}

Result<std::int64_t> Tx::insert_relation(const RelationRow& x) {
  return guarded([&]() -> Result<std::int64_t> {
    Query q;
    q << "INSERT INTO relations (tenant_id, kind, user_id, org_id, other_user_id, from_year, "
         "to_year, note, created_by, created_at) VALUES (";
    q.integer(x.tenant.value) << ", ";
    q.text(x.kind) << ", ";
    q.integer(x.user.value) << ", ";
    q.integer(x.org.value, !x.org) << ", ";
    q.integer(x.other_user.value, !x.other_user) << ", ";
    q.integer(x.from_year, x.from_year == 0) << ", ";
    q.integer(x.to_year, x.to_year == 0) << ", ";
    q.text(x.note) << ", ";
    q.integer(x.created_by.value, !x.created_by) << ", ";
    q.integer(x.created_at) << ") RETURNING id";
    auto id = returned_id(q, c_);
    if (!id) return fail(Error::internal("insert returned no id"));
    return id;
  });
}

Result<std::optional<RelationRow>> Tx::get_relation(std::int64_t id) {
  return guarded([&]() -> Result<std::optional<RelationRow>> {
    Query q;
    q << kRelationColumns << "WHERE id = ";
    q.integer(id);
    std::optional<RelationRow> out;
    q.each(c_, [&](const soci::row& r) { out = relation_of_row(r); });
    return out;
  });
}

Result<void> Tx::delete_relation(std::int64_t id) {
  return guarded([&]() -> Result<void> {
    Query q;
    q << "DELETE FROM relations WHERE id = ";
    q.integer(id);
    q.execute(c_);
    return ok();
  });
}

Result<std::vector<RelationRow>> Tx::relations(TenantId tenant) {
  return guarded([&]() -> Result<std::vector<RelationRow>> {
    Query q;
    q << kRelationColumns;
    if (tenant) {
      q << "WHERE tenant_id = ";
      q.integer(tenant.value);
    }
    q << " ORDER BY id";
    std::vector<RelationRow> out;
    q.each(c_, [&](const soci::row& r) { out.push_back(relation_of_row(r)); });
    return out;
  });
}

Result<std::int64_t> Tx::insert_notification(const NotificationRow& n) {
  return guarded([&]() -> Result<std::int64_t> {
    Query q;
    q << "INSERT INTO notifications (user_id, kind, text, link, created_at) VALUES (";
    q.integer(n.user.value) << ", ";
    q.text(n.kind) << ", ";
    q.text(n.text) << ", ";
    q.text(n.link) << ", ";
    q.integer(n.created_at) << ") RETURNING id";
    auto id = returned_id(q, c_);
    if (!id) return fail(Error::internal("insert returned no id"));
    return id;
  });
}

Result<std::vector<NotificationRow>> Tx::notifications_of(UserId user, int limit) {
  return guarded([&]() -> Result<std::vector<NotificationRow>> {
    Query q;
    q << "SELECT id, user_id, kind, text, link, created_at, read_at FROM notifications WHERE "
         "user_id = ";
    q.integer(user.value) << " ORDER BY id DESC LIMIT ";
    q.integer(limit);
    std::vector<NotificationRow> out;
    q.each(c_, [&](const soci::row& r) {
      out.push_back({row_int(r, 0), UserId(row_int(r, 1)), row_text(r, 2), row_text(r, 3),
                     row_text(r, 4), row_int(r, 5), row_opt_int(r, 6)});
    });
    return out;
  });
}

Result<bool> Tx::mark_notification_read(std::int64_t id, UserId user, Micros at) {
  return guarded([&]() -> Result<bool> {
    Query q;
    q << "UPDATE notifications SET read_at = ";
    q.integer(at) << " WHERE read_at IS NULL AND id = ";
    q.integer(id) << " AND user_id = ";
    q.integer(user.value);
    return q.execute(c_) == 1;
  });
}

Result<void> Tx::set_user_person(UserId user, RecordId person) {
  return guarded([&]() -> Result<void> {
    Query del;
    del << "DELETE FROM user_people WHERE user_id = ";
    del.integer(user.value);
    del.execute(c_);
    Query q;
    q << "INSERT INTO user_people (user_id, person_id) VALUES (";
    q.integer(user.value) << ", ";
    q.integer(person.value) << ")";
    q.execute(c_);
    return ok();
  });
}

Result<std::optional<RecordId>> Tx::user_person(UserId user) {
  return guarded([&]() -> Result<std::optional<RecordId>> {
    Query q;
    q << "SELECT person_id FROM user_people WHERE user_id = ";
    q.integer(user.value);
    std::optional<RecordId> out;
    q.each(c_, [&](const soci::row& r) { out = RecordId(row_int(r, 0)); });
    return out;
  });
}

}  // namespace yigong::store
