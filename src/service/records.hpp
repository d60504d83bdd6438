// Use cases on organisations, people, needs and capabilities: create, read, update, soft-delete,
// list with filters and cursor pagination, NDA acceptance — every path checks role, tenant and
// confidentiality tier, and every change writes an audit event in the same transaction.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/domain/access.hpp"
#include "core/domain/record.hpp"
#include "core/domain/validate.hpp"
#include "core/result.hpp"
#include "store/store.hpp"

namespace yigong::service {

// What a caller sends to create or patch a record. Absent optionals leave a value unchanged;
// a field mapped to monostate clears it.
struct RecordInput {
  std::map<std::string, FieldValue, std::less<>> fields;
  std::optional<Tier> tier;
  std::optional<OrgId> org;
  std::optional<std::string> ext_key;
  std::optional<std::int64_t> version;  // required for updates: optimistic concurrency
  std::optional<UserId> owner;          // the record's author (default: the caller)
  // Import references, resolved inside the writing transaction: an organisation by its key in the
  // caller's tenant, and the author by e-mail (a user of the caller's tenant).
  std::optional<std::string> org_key;
  std::optional<std::string> owner_email;
};

// The record a create would store, before references are resolved and before validation.
Record draft_record(const Viewer& viewer, RecordKind kind, const RecordInput& input);

// A record as one viewer may see it.
struct RecordView {
  Record record;  // teaser: only teaser fields are present
  Visibility visibility = Visibility::full;
  bool can_edit = false;
  std::vector<Warning> warnings;   // need-statement rules (full view of needs only)
  bool statement_checked = false;  // warnings were computed (detail, create, update; not lists)
};

struct Page {
  std::vector<RecordView> items;
  std::string next_cursor;  // empty on the last page
};

constexpr int kDefaultPageSize = 20;
constexpr int kMaxPageSize = 100;

// Parses list parameters (?limit=&cursor=&q=&tier=&org_id=&<filter>=&<int>_min=&<int>_max=).
// Unknown parameters, bad numbers, limits outside 1..kMaxPageSize → invalid naming the parameter.
Result<store::ListQuery> parse_list_params(RecordKind kind,
                                           const std::multimap<std::string, std::string>& params);

// Thread-safe (stateless over a thread-safe Store).
class RecordService {
 public:
  explicit RecordService(store::Store& store) : store_(store) {}

  // Errors: forbidden (role may not create this kind), invalid (field errors), unprocessable
  // (organisation unknown in the tenant).
  Result<RecordView> create(const Viewer& viewer, RecordKind kind, const RecordInput& input);
  // Creates many records in one transaction (import): all or none. on_row(i) reports progress.
  Result<std::vector<RecordId>> create_all(
      const Viewer& viewer, const std::vector<std::pair<RecordKind, RecordInput>>& inputs,
      const std::function<void(size_t)>& on_row = {});
  // Errors: not_found (absent, deleted, or not visible to this viewer).
  Result<RecordView> get(const Viewer& viewer, RecordKind kind, RecordId id);
  // Errors: not_found, forbidden (visible but not editable), invalid, conflict (stale version).
  Result<RecordView> update(const Viewer& viewer, RecordKind kind, RecordId id,
                            const RecordInput& patch);
  Result<void> remove(const Viewer& viewer, RecordKind kind, RecordId id);
  // REQUIRES: query from parse_list_params (its scope is replaced by the viewer's).
  Result<Page> list(const Viewer& viewer, RecordKind kind, store::ListQuery query);
  // Records the viewer's acceptance of the record's NDA and returns the full record.
  // Errors: not_found, unprocessable (the record is not NDA-tier).
  Result<RecordView> accept_nda(const Viewer& viewer, RecordKind kind, RecordId id);
  // Live record counts the viewer may see (dashboard), by kind.
  Result<std::map<std::string, std::int64_t>> counts(const Viewer& viewer);
  // Counts the viewer may see, by kind (plural) → breakdown ("by_clinical_area") → value → n.
  using Breakdowns =
      std::map<std::string, std::map<std::string, std::map<std::string, std::int64_t>>>;
  Result<Breakdowns> breakdowns(const Viewer& viewer);

 private:
  Result<RecordView> create_in(store::Tx& tx, const Viewer& viewer, RecordKind kind,
                               const RecordInput& input);
  // The record as the viewer may see it; not_found when invisible.
  Result<RecordView> view_of(store::Tx& tx, const Viewer& viewer, Record record);
  static Result<RecordView> view_with(const Viewer& viewer, Record record, bool nda_accepted,
                                      bool check_statement);
  Result<void> resolve_references(store::Tx& tx, const Viewer& viewer, const RecordInput& input,
                                  Record& record);

  store::Store& store_;
};

}  // namespace yigong::service
