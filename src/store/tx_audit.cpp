// Repository methods for the hash-chained audit log.
#include <soci/soci.h>

#include "store/detail/connection.hpp"
#include "store/detail/query.hpp"
#include "store/store.hpp"

namespace yigong::store {
namespace {

using detail::guarded;
using detail::Query;
using detail::row_int;
using detail::row_text;

Result<std::pair<std::int64_t, std::string>> read_head(Connection& c, bool lock) {
  return guarded([&]() -> Result<std::pair<std::int64_t, std::string>> {
    Query q;
    // SQLite needs no row lock: BEGIN IMMEDIATE already holds the database's write lock.
    q << "SELECT seq, hash FROM audit_head WHERE id = 1";
    if (lock && c.backend == Backend::postgresql) q << " FOR UPDATE";
    std::optional<std::pair<std::int64_t, std::string>> head;
    q.each(c, [&](const soci::row& r) { head.emplace(row_int(r, 0), row_text(r, 1)); });
    if (!head) return fail(Error::corrupt("the audit head row is missing"));
    return *head;
  });
}

}  // namespace

Result<std::pair<std::int64_t, std::string>> Tx::audit_head_for_update() {
  return read_head(c_, true);
}

Result<std::pair<std::int64_t, std::string>> Tx::audit_head() { return read_head(c_, false); }

Result<void> Tx::append_audit(const AuditEvent& e) {
  return guarded([&]() -> Result<void> {
    Query ins;
    ins << "INSERT INTO audit_events (seq, at, tenant_id, actor_id, action, kind, record_id, "
           "detail, prev_hash, hash) VALUES (";
    ins.integer(e.seq) << ", ";
    ins.integer(e.at) << ", ";
    ins.integer(e.tenant.value) << ", ";
    ins.integer(e.actor.value) << ", ";
    ins.text(e.action) << ", ";
    ins.text(e.kind) << ", ";
    ins.integer(e.record_id) << ", ";
    ins.text(e.detail) << ", ";
    ins.text(e.prev_hash) << ", ";
    ins.text(e.hash) << ")";
    ins.execute(c_);
    Query head;
    head << "UPDATE audit_head SET seq = ";
    head.integer(e.seq) << ", hash = ";
    head.text(e.hash) << " WHERE id = 1 AND seq = ";
    head.integer(e.seq - 1);
    if (head.execute(c_) != 1)
      return fail(Error::conflict("audit head moved; the event was not appended in order"));
    return ok();
  });
}

Result<std::vector<AuditEvent>> Tx::audit_events(std::int64_t after_seq, int limit,
                                                 TenantId tenant) {
  return guarded([&]() -> Result<std::vector<AuditEvent>> {
    Query q;
    q << "SELECT seq, at, tenant_id, actor_id, action, kind, record_id, detail, prev_hash, hash "
         "FROM audit_events WHERE seq > ";
    q.integer(after_seq);
    if (tenant) {
      q << " AND tenant_id = ";
      q.integer(tenant.value);
    }
    q << " ORDER BY seq LIMIT " << std::to_string(std::max(1, limit));
    std::vector<AuditEvent> out;
    q.each(c_, [&](const soci::row& r) {
      AuditEvent e;
      e.seq = row_int(r, 0);
      e.at = row_int(r, 1);
      e.tenant = TenantId(row_int(r, 2));
      e.actor = UserId(row_int(r, 3));
      e.action = row_text(r, 4);
      e.kind = row_text(r, 5);
      e.record_id = row_int(r, 6);
      e.detail = row_text(r, 7);
      e.prev_hash = row_text(r, 8);
      e.hash = row_text(r, 9);
      out.push_back(std::move(e));
    });
    return out;
  });
}

}  // namespace yigong::store
