// The hash-chained audit log: appending events inside a change's transaction, and verifying the
// whole chain.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "core/domain/account.hpp"
#include "core/result.hpp"
#include "store/store.hpp"

namespace yigong::service {

// The canonical text an event's hash covers (every field but `hash`, unambiguously delimited).
std::string audit_canonical(const AuditEvent& e);

// Appends an event in tx, filling seq, at (if 0), prev_hash and hash. Concurrent appenders are
// serialised by the store's head lock, so the chain has no forks or gaps.
Result<AuditEvent> append_audit(store::Tx& tx, AuditEvent event);

struct AuditReport {
  bool ok = true;
  std::int64_t events = 0;     // events checked
  std::int64_t first_bad = 0;  // seq of the first broken event (0 when ok)
  std::string problem;         // what is wrong, in words
};

// Walks the whole chain: seq without gaps, each prev_hash equal to the previous hash, each hash
// recomputed, and the head row matching the last event. progress(done) is called per batch.
Result<AuditReport> verify_audit(store::Store& store,
                                 const std::function<void(std::int64_t)>& progress = {});

}  // namespace yigong::service
