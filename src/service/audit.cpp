// Audit chain: SHA-256 over the canonical form of each event and its predecessor's hash.
#include "service/audit.hpp"

#include "service/crypto.hpp"

namespace yigong::service {
namespace {

// Length-prefixed fields: no delimiter inside a field can forge another event's canonical form.
void put(std::string& out, std::string_view field) {
  out += std::to_string(field.size());
  out += ':';
  out += field;
  out += ';';
}

}  // namespace

std::string audit_canonical(const AuditEvent& e) {
  std::string out = "yigong-audit-v1;";
  put(out, std::to_string(e.seq));
  put(out, std::to_string(e.at));
  put(out, std::to_string(e.tenant.value));
  put(out, std::to_string(e.actor.value));
  put(out, e.action);
  put(out, e.kind);
  put(out, std::to_string(e.record_id));
  put(out, e.detail);
  put(out, e.prev_hash);
  return out;
}

Result<AuditEvent> append_audit(store::Tx& tx, AuditEvent event) {
  auto head = tx.audit_head_for_update();
  if (!head) return fail(head.error());
  event.seq = head->first + 1;
  event.prev_hash = head->second;
  if (!event.at) event.at = now_micros();
  event.hash = sha256_hex(audit_canonical(event));
  YG_TRY(tx.append_audit(event));
  return event;
}

Result<AuditReport> verify_audit(store::Store& store,
                                 const std::function<void(std::int64_t)>& progress) {
  return store.read<AuditReport>([&](store::Tx& tx) -> Result<AuditReport> {
    AuditReport report;
    std::int64_t expected_seq = 1;
    std::string prev_hash;
    constexpr int kBatch = 1000;
    auto broken = [&](std::int64_t seq, std::string why) {
      report.ok = false;
      report.first_bad = seq;
      report.problem = std::move(why);
      return report;
    };
    for (;;) {
      auto batch = tx.audit_events(expected_seq - 1, kBatch, TenantId());
      if (!batch) return fail(batch.error());
      for (const AuditEvent& e : *batch) {
        if (e.seq != expected_seq)
          return broken(expected_seq, "event " + std::to_string(expected_seq) +
                                          " is missing (next present is " + std::to_string(e.seq) +
                                          ")");
        if (e.prev_hash != prev_hash)
          return broken(e.seq,
                        "event " + std::to_string(e.seq) + " does not link to its predecessor");
        if (sha256_hex(audit_canonical(e)) != e.hash)
          return broken(e.seq, "event " + std::to_string(e.seq) + " was altered");
        prev_hash = e.hash;
        ++expected_seq;
        ++report.events;
      }
      if (progress) progress(report.events);
      if (batch->size() < kBatch) break;
    }
    auto head = tx.audit_head();
    if (!head) return fail(head.error());
    if (head->first != report.events || head->second != prev_hash)
      return broken(report.events + 1, "the chain ends at event " + std::to_string(report.events) +
                                           " but the head records event " +
                                           std::to_string(head->first) +
                                           ": the newest events were deleted or replaced");
    return report;
  });
}

}  // namespace yigong::service
