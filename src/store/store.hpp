// The Store: yigong's system of record on SQLite or PostgreSQL through SOCI. Callers see
// transactions (Tx) with typed repository methods; SQL and SOCI stay inside this module.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/domain/access.hpp"
#include "core/domain/account.hpp"
#include "core/domain/record.hpp"
#include "core/result.hpp"

namespace yigong::store {

enum class Backend { sqlite, postgresql };

struct StoreOptions {
  int pool_size = 8;           // connections; SQLite: one writer at a time regardless
  int busy_timeout_ms = 5000;  // SQLite: how long a writer waits for the lock
};

// A parsed --db URL: "sqlite:PATH" or "postgresql://…" (libpq connection URI).
struct DbUrl {
  Backend backend = Backend::sqlite;
  std::string target;  // file path, or libpq keyword=value pairs parsed from the URI
};
Result<DbUrl> parse_db_url(std::string_view url);

// Filters of a record listing. Rows come newest first (id descending).
struct ListQuery {
  ReadScope scope;                                             // who is asking
  std::vector<std::pair<std::string, std::string>> equals;     // text/enumeration field = value
  std::vector<std::pair<std::string, std::int64_t>> at_least;  // integer field >= value
  std::vector<std::pair<std::string, std::int64_t>> at_most;   // integer field <= value
  std::optional<Tier> tier;
  OrgId org;        // 0: any
  TenantId tenant;  // 0: any the scope allows
  std::string q;    // case-insensitive substring over the kind's search fields
  RecordId before;  // cursor: only ids below this (0: from the newest)
  int limit = 20;   // REQUIRES: 1 ≤ limit ≤ 1000
};

class Tx;

// Thread-safe. Owns a pool of connections.
class Store {
 public:
  // Opens the database (creating the SQLite file and its folder if needed). Errors: invalid for a
  // malformed URL, unavailable when the database cannot be reached.
  static Result<std::unique_ptr<Store>> open(std::string_view url, StoreOptions options = {});
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  Backend backend() const;

  // Applies pending migrations in order, each in its own transaction; returns how many ran.
  Result<int> migrate();
  // The highest applied migration version (0 on an empty database).
  Result<int> schema_version();

  // Runs fn in one read-write transaction: committed when fn succeeds, rolled back when it
  // returns an error or throws. A successful return means the commit is durable.
  template <typename T>
  Result<T> write(const std::function<Result<T>(Tx&)>& fn) {
    Result<T> out = fail(Error::internal("transaction did not run"));
    YG_TRY(run(true, [&](Tx& tx) -> Result<void> {
      out = fn(tx);
      if (!out) return fail(out.error());
      return ok();
    }));
    return out;
  }
  // Runs fn in a read-only transaction (one consistent snapshot).
  template <typename T>
  Result<T> read(const std::function<Result<T>(Tx&)>& fn) {
    Result<T> out = fail(Error::internal("transaction did not run"));
    YG_TRY(run(false, [&](Tx& tx) -> Result<void> {
      out = fn(tx);
      if (!out) return fail(out.error());
      return ok();
    }));
    return out;
  }

 private:
  struct Impl;
  explicit Store(std::unique_ptr<Impl> impl);
  Result<void> run(bool writable, const std::function<Result<void>(Tx&)>& fn);
  std::unique_ptr<Impl> impl_;
};

struct Connection;  // detail: a pooled SOCI session

// A record the search index must re-read (index_outbox row).
struct OutboxEntry {
  std::int64_t seq = 0;
  RecordKind kind = RecordKind::need;
  RecordId id;
};

// Where a need and a suggested record stand.
struct MatchState {
  TenantId tenant;
  RecordId need;
  RecordKind target_kind = RecordKind::capability;
  RecordId target;
  std::string state;  // suggested, contacted, accepted, declined
  UserId updated_by;
  Micros updated_at = 0;
};

// An operator's addition to the thesaurus; labels in the order given.
struct BridgeConceptRow {
  std::string id, kind;
  std::vector<std::string> zh, en;
  UserId created_by;
  Micros created_at = 0;
};
struct BridgeLinkRow {
  std::string from, to;
  double weight = 0;
  UserId created_by;
  Micros created_at = 0;
};

// A call: the columns queries and access checks need, and its descriptive fields as JSON.
struct CallRow {
  std::int64_t id = 0;
  TenantId tenant;
  OrgId sponsor;
  std::string kind, state;
  Tier tier = Tier::consortium;
  Micros opens_at = 0, closes_at = 0;
  UserId created_by;
  Micros created_at = 0, updated_at = 0;
  std::int64_t version = 1;
  std::string body;
};

struct ProposalRow {
  std::int64_t id = 0;
  std::int64_t call = 0;
  TenantId tenant;
  OrgId org;
  std::string state;
  UserId created_by;
  Micros created_at = 0, updated_at = 0;
  std::optional<Micros> submitted_at;
  std::int64_t version = 1;
  std::string body;
};

struct AttachmentRow {
  std::string token;  // 32 hex digits
  std::int64_t proposal = 0;
  std::string name, content_type;
  std::int64_t size = 0;
  std::string sha256;
  UserId created_by;
  Micros created_at = 0;
};

struct AssignmentRow {
  std::int64_t call = 0, proposal = 0;
  UserId reviewer;
  std::int64_t score_micros = 0;  // expertise × 1e6
  std::string state;              // assigned, recused
  Micros created_at = 0;
};

struct AssignmentRule {
  std::int64_t proposal = 0;
  UserId reviewer;
  std::string rule;  // pin, forbid
};

struct ReviewRow {
  std::int64_t proposal = 0;
  UserId reviewer;
  std::int64_t call = 0;
  std::string scores;  // JSON {criterion: integer}
  std::string comment;
  std::optional<std::int64_t> weighted_micros;  // set when submitted
  std::optional<Micros> submitted_at;
  Micros updated_at = 0;
};

// A recorded relation behind conflicts of interest (review/conflicts.hpp).
struct RelationRow {
  std::int64_t id = 0;
  TenantId tenant;
  std::string kind;
  UserId user;
  OrgId org;
  UserId other_user;
  int from_year = 0, to_year = 0;
  std::string note;
  UserId created_by;
  Micros created_at = 0;
};

struct NotificationRow {
  std::int64_t id = 0;
  UserId user;
  std::string kind, text, link;
  Micros created_at = 0;
  std::optional<Micros> read_at;
};

struct ProjectRow {
  std::int64_t id = 0;
  TenantId tenant;
  OrgId org;
  int stage = 0;
  std::string state;  // active, stopped
  Tier tier = Tier::consortium;
  UserId created_by;
  Micros created_at = 0, updated_at = 0;
  std::int64_t version = 1;
  std::string body;
};

struct ProjectEvent {
  std::int64_t id = 0, project = 0;
  std::string kind;
  Micros at = 0;
  UserId actor;
  std::string body;  // JSON
};

struct MilestoneRow {
  std::int64_t id = 0, project = 0;
  std::string title, due, status;
  UserId owner;
  Micros updated_at = 0;
};

// Single-threaded: one transaction on one connection, valid only inside Store::write/read.
class Tx {
 public:
  explicit Tx(Connection& c) : c_(c) {}

  // Tenants.
  Result<TenantId> create_tenant(const Tenant& t);
  Result<std::optional<Tenant>> find_tenant(std::string_view slug);
  Result<std::optional<Tenant>> get_tenant(TenantId id);
  Result<std::vector<Tenant>> list_tenants();

  // Users. Emails are unique (conflict on a duplicate).
  Result<UserId> create_user(const User& u);
  Result<std::optional<User>> find_user_by_email(std::string_view email);
  Result<std::optional<User>> get_user(UserId id);
  Result<std::vector<User>> list_users(TenantId tenant);  // 0: all tenants
  Result<void> set_user_password(UserId id, std::string_view password_hash);
  Result<void> set_user_org(UserId id, OrgId org);
  Result<void> set_user_role(UserId id, Role role);
  Result<void> set_user_disabled(UserId id, std::optional<Micros> at);

  // Sessions (by token hash).
  Result<void> create_session(const Session& s);
  Result<std::optional<Session>> find_session(std::string_view token_hash);
  Result<void> delete_session(std::string_view token_hash);
  Result<void> delete_user_sessions(UserId user);
  Result<int> delete_expired_sessions(Micros now);

  // Invitations (by token hash). take_invite marks it used; returns nullopt if absent.
  Result<void> create_invite(const Invite& i);
  Result<std::optional<Invite>> find_invite(std::string_view token_hash);
  Result<void> mark_invite_used(std::string_view token_hash, Micros at);
  Result<std::vector<Invite>> list_invites(TenantId tenant);

  // Records. insert assigns id; update requires the stored version to equal record.version and
  // bumps it (conflict otherwise); deleted rows are kept with deleted_at set.
  Result<RecordId> insert_record(const Record& r);
  Result<std::int64_t> update_record(const Record& r);
  Result<std::optional<Record>> get_record(RecordKind kind, RecordId id);
  Result<std::optional<Record>> find_record_by_key(RecordKind kind, TenantId tenant,
                                                   std::string_view ext_key);
  Result<std::vector<Record>> list_records(RecordKind kind, const ListQuery& q);
  Result<void> soft_delete_record(RecordKind kind, RecordId id, Micros at);
  // Live rows the scope admits.
  Result<std::int64_t> count_records(RecordKind kind, const ReadScope& scope);
  // Live rows the scope admits, grouped by a teaser field or "tier" (NULL values as "").
  // REQUIRES: field is "tier" or a teaser field of the kind (others are invalid: counting hidden
  // values would leak them).
  Result<std::vector<std::pair<std::string, std::int64_t>>> count_by(RecordKind kind,
                                                                     std::string_view field,
                                                                     const ReadScope& scope);

  // NDA acceptances.
  Result<void> accept_nda(RecordKind kind, RecordId id, UserId user, Micros at);
  Result<bool> has_accepted_nda(RecordKind kind, RecordId id, UserId user);
  // Which of ids the user accepted the NDA of (one query for a whole page).
  Result<std::vector<RecordId>> accepted_ndas(RecordKind kind, const std::vector<RecordId>& ids,
                                              UserId user);

  // Search index outbox: insert_record, update_record and soft_delete_record add an entry.
  Result<std::vector<OutboxEntry>> outbox_pending(int limit);
  Result<void> outbox_remove(const std::vector<std::int64_t>& seqs);

  // Match states. put inserts or replaces the state of one (need, target) pair; count groups the
  // states of the needs the scope admits by state.
  Result<std::vector<std::pair<std::string, std::int64_t>>> count_match_states(
      const ReadScope& scope);
  Result<void> put_match_state(const MatchState& m);
  Result<std::vector<MatchState>> match_states_of_need(RecordId need);
  Result<std::vector<MatchState>> match_states_of_tenant(TenantId tenant);
  Result<std::vector<MatchState>> match_states_of_target(RecordKind kind, RecordId target);

  // Thesaurus additions (conflict when the concept id or the link pair exists).
  Result<void> insert_bridge_concept(const BridgeConceptRow& c);
  Result<void> insert_bridge_link(const BridgeLinkRow& l);
  Result<std::vector<BridgeConceptRow>> bridge_concepts();
  Result<std::vector<BridgeLinkRow>> bridge_links();

  // Calls and proposals. update_* require the stored version to equal row.version and return
  // the new one (conflict otherwise). list_calls: the tenant's calls plus public ones of others
  // (tenant 0: all).
  Result<std::int64_t> insert_call(const CallRow& row);
  Result<std::int64_t> update_call(const CallRow& row);
  Result<std::optional<CallRow>> get_call(std::int64_t id);
  Result<std::vector<CallRow>> list_calls(TenantId tenant);
  Result<std::int64_t> insert_proposal(const ProposalRow& row);
  Result<std::int64_t> update_proposal(const ProposalRow& row);
  Result<std::optional<ProposalRow>> get_proposal(std::int64_t id);
  Result<std::vector<ProposalRow>> list_proposals(std::int64_t call);
  Result<std::int64_t> count_proposals(std::int64_t call);

  Result<void> insert_attachment(const AttachmentRow& row);
  Result<std::optional<AttachmentRow>> get_attachment(std::string_view token);
  Result<std::vector<AttachmentRow>> attachments_of(std::int64_t proposal);
  Result<void> delete_attachment(std::string_view token);
  // Whether another attachment row still names this content (before deleting its file).
  Result<bool> sha256_in_use(std::string_view sha256);

  Result<std::vector<UserId>> call_reviewers(std::int64_t call);
  Result<void> set_call_reviewers(std::int64_t call, const std::vector<UserId>& users);

  Result<std::vector<AssignmentRow>> assignments_of_call(std::int64_t call);
  Result<std::vector<AssignmentRow>> assignments_of_reviewer(UserId reviewer);
  Result<std::optional<AssignmentRow>> get_assignment(std::int64_t proposal, UserId reviewer);
  // Replaces the call's assignments that have no review yet by rows.
  Result<void> replace_open_assignments(std::int64_t call, const std::vector<AssignmentRow>& rows);
  Result<void> set_assignment_state(std::int64_t proposal, UserId reviewer, std::string_view state);
  Result<std::vector<AssignmentRule>> assignment_rules(std::int64_t call);
  Result<void> set_assignment_rules(std::int64_t call, const std::vector<AssignmentRule>& rules);

  Result<void> put_review(const ReviewRow& row);
  Result<std::optional<ReviewRow>> get_review(std::int64_t proposal, UserId reviewer);
  Result<std::vector<ReviewRow>> reviews_of_call(std::int64_t call);

  Result<std::int64_t> insert_relation(const RelationRow& row);
  Result<std::optional<RelationRow>> get_relation(std::int64_t id);
  Result<void> delete_relation(std::int64_t id);
  Result<std::vector<RelationRow>> relations(TenantId tenant);  // 0: all tenants

  Result<std::int64_t> insert_notification(const NotificationRow& row);
  Result<std::vector<NotificationRow>> notifications_of(UserId user, int limit);
  // False when no unread notification of that user has this id.
  Result<bool> mark_notification_read(std::int64_t id, UserId user, Micros at);

  // The person record a user is (reviewers' expertise comes from it).
  Result<void> set_user_person(UserId user, RecordId person);
  Result<std::optional<RecordId>> user_person(UserId user);

  // Projects. update_project requires the stored version to equal row.version and returns the
  // new one. list_projects: the tenant's projects plus public ones (tenant 0: all).
  Result<std::int64_t> insert_project(const ProjectRow& row);
  Result<std::int64_t> update_project(const ProjectRow& row);
  Result<std::optional<ProjectRow>> get_project(std::int64_t id);
  Result<std::vector<ProjectRow>> list_projects(TenantId tenant);
  Result<std::int64_t> insert_project_event(const ProjectEvent& e);
  Result<std::vector<ProjectEvent>> project_events(std::int64_t project);
  Result<std::int64_t> insert_milestone(const MilestoneRow& m);
  Result<void> update_milestone(const MilestoneRow& m);
  Result<std::vector<MilestoneRow>> milestones(std::int64_t project);
  Result<std::optional<std::string>> stage_model(TenantId tenant);  // JSON body
  Result<void> set_stage_model(TenantId tenant, const std::string& body);

  // Audit log. append requires event.seq == head.seq + 1 and event.prev_hash == head.hash; it
  // serialises concurrent appenders (the head row is locked for the transaction).
  Result<std::pair<std::int64_t, std::string>> audit_head_for_update();
  Result<std::pair<std::int64_t, std::string>> audit_head();
  Result<void> append_audit(const AuditEvent& e);
  Result<std::vector<AuditEvent>> audit_events(std::int64_t after_seq, int limit,
                                               TenantId tenant);  // tenant 0: all

 private:
  Result<void> enqueue_index(RecordKind kind, RecordId id);
  Connection& c_;
};

}  // namespace yigong::store
