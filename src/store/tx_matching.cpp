// Search index outbox, match states and thesaurus additions.
#include <soci/soci.h>

#include <sstream>

#include "store/detail/connection.hpp"
#include "store/detail/query.hpp"
#include "store/store.hpp"

namespace yigong::store {
namespace {

using detail::guarded;
using detail::Query;
using detail::row_int;
using detail::row_text;

std::string join_lines(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) {
    if (!out.empty()) out += '\n';
    out += s;
  }
  return out;
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) out.push_back(line);
  }
  return out;
}

MatchState match_state_of_row(const soci::row& r) {
  MatchState m;
  m.tenant = TenantId(row_int(r, 0));
  m.need = RecordId(row_int(r, 1));
  m.target_kind = parse_RecordKind(row_text(r, 2)).value_or(RecordKind::capability);
  m.target = RecordId(row_int(r, 3));
  m.state = row_text(r, 4);
  m.updated_by = UserId(detail::row_opt_int(r, 5).value_or(0));
  m.updated_at = row_int(r, 6);
  return m;
}

constexpr std::string_view kMatchColumns =
    "SELECT tenant_id, need_id, target_kind, target_id, state, updated_by, updated_at FROM "
    "match_states ";

}  // namespace

Result<void> Tx::enqueue_index(RecordKind kind, RecordId id) {
  Query q;
  q << "INSERT INTO index_outbox (kind, record_id) VALUES (";
  q.text(std::string(name(kind))) << ", ";
  q.integer(id.value) << ")";
  q.execute(c_);
  return ok();
}

Result<std::vector<OutboxEntry>> Tx::outbox_pending(int limit) {
  return guarded([&]() -> Result<std::vector<OutboxEntry>> {
    Query q;
    q << "SELECT seq, kind, record_id FROM index_outbox ORDER BY seq LIMIT ";
    q.integer(limit);
    std::vector<OutboxEntry> out;
    q.each(c_, [&](const soci::row& r) {
      auto kind = parse_RecordKind(row_text(r, 1));
      if (kind) out.push_back({row_int(r, 0), *kind, RecordId(row_int(r, 2))});
    });
    return out;
  });
}

Result<void> Tx::outbox_remove(const std::vector<std::int64_t>& seqs) {
  return guarded([&]() -> Result<void> {
    for (size_t i = 0; i < seqs.size(); i += 500) {
      Query q;
      q << "DELETE FROM index_outbox WHERE seq IN (";
      for (size_t j = i; j < std::min(seqs.size(), i + 500); ++j) {
        if (j != i) q << ", ";
        q.integer(seqs[j]);
      }
      q << ")";
      q.execute(c_);
    }
    return ok();
  });
}

Result<void> Tx::put_match_state(const MatchState& m) {
  return guarded([&]() -> Result<void> {
    Query del;
    del << "DELETE FROM match_states WHERE need_id = ";
    del.integer(m.need.value) << " AND target_kind = ";
    del.text(std::string(name(m.target_kind))) << " AND target_id = ";
    del.integer(m.target.value);
    del.execute(c_);
    Query q;
    q << "INSERT INTO match_states (tenant_id, need_id, target_kind, target_id, state, updated_by, "
         "updated_at) VALUES (";
    q.integer(m.tenant.value) << ", ";
    q.integer(m.need.value) << ", ";
    q.text(std::string(name(m.target_kind))) << ", ";
    q.integer(m.target.value) << ", ";
    q.text(m.state) << ", ";
    q.integer(m.updated_by.value, !m.updated_by) << ", ";
    q.integer(m.updated_at) << ")";
    q.execute(c_);
    return ok();
  });
}

Result<std::vector<MatchState>> Tx::match_states_of_need(RecordId need) {
  return guarded([&]() -> Result<std::vector<MatchState>> {
    Query q;
    q << kMatchColumns << "WHERE need_id = ";
    q.integer(need.value);
    std::vector<MatchState> out;
    q.each(c_, [&](const soci::row& r) { out.push_back(match_state_of_row(r)); });
    return out;
  });
}

Result<std::vector<MatchState>> Tx::match_states_of_tenant(TenantId tenant) {
  return guarded([&]() -> Result<std::vector<MatchState>> {
    Query q;
    q << kMatchColumns << "WHERE tenant_id = ";
    q.integer(tenant.value);
    std::vector<MatchState> out;
    q.each(c_, [&](const soci::row& r) { out.push_back(match_state_of_row(r)); });
    return out;
  });
}

Result<std::vector<MatchState>> Tx::match_states_of_target(RecordKind kind, RecordId target) {
  return guarded([&]() -> Result<std::vector<MatchState>> {
    Query q;
    q << kMatchColumns << "WHERE target_kind = ";
    q.text(std::string(name(kind))) << " AND target_id = ";
    q.integer(target.value);
    std::vector<MatchState> out;
    q.each(c_, [&](const soci::row& r) { out.push_back(match_state_of_row(r)); });
    return out;
  });
}

Result<void> Tx::insert_bridge_concept(const BridgeConceptRow& c) {
  return guarded([&]() -> Result<void> {
    Query exists;
    exists << "SELECT COUNT(*) FROM bridge_concepts WHERE id = ";
    exists.text(c.id);
    std::int64_t n = 0;
    exists.each(c_, [&](const soci::row& r) { n = row_int(r, 0); });
    if (n) return fail(Error::conflict("concept " + c.id + " exists", "id"));
    Query q;
    q << "INSERT INTO bridge_concepts (id, kind, zh, en, created_by, created_at) VALUES (";
    q.text(c.id) << ", ";
    q.text(c.kind) << ", ";
    q.text(join_lines(c.zh)) << ", ";
    q.text(join_lines(c.en)) << ", ";
    q.integer(c.created_by.value, !c.created_by) << ", ";
    q.integer(c.created_at) << ")";
    q.execute(c_);
    return ok();
  });
}

Result<void> Tx::insert_bridge_link(const BridgeLinkRow& l) {
  return guarded([&]() -> Result<void> {
    Query exists;
    exists << "SELECT COUNT(*) FROM bridge_links WHERE from_id = ";
    exists.text(l.from) << " AND to_id = ";
    exists.text(l.to);
    std::int64_t n = 0;
    exists.each(c_, [&](const soci::row& r) { n = row_int(r, 0); });
    if (n) return fail(Error::conflict("link " + l.from + " → " + l.to + " exists"));
    // Weights travel as text: the run-time binder knows text and integers only.
    std::ostringstream weight;
    weight.precision(17);
    weight << l.weight;
    Query q;
    q << "INSERT INTO bridge_links (from_id, to_id, weight, created_by, created_at) VALUES (";
    q.text(l.from) << ", ";
    q.text(l.to) << ", CAST(";
    q.text(weight.str()) << " AS DOUBLE PRECISION), ";
    q.integer(l.created_by.value, !l.created_by) << ", ";
    q.integer(l.created_at) << ")";
    q.execute(c_);
    return ok();
  });
}

Result<std::vector<BridgeConceptRow>> Tx::bridge_concepts() {
  return guarded([&]() -> Result<std::vector<BridgeConceptRow>> {
    Query q;
    q << "SELECT id, kind, zh, en, created_by, created_at FROM bridge_concepts ORDER BY "
         "created_at, id";
    std::vector<BridgeConceptRow> out;
    q.each(c_, [&](const soci::row& r) {
      out.push_back({row_text(r, 0), row_text(r, 1), split_lines(row_text(r, 2)),
                     split_lines(row_text(r, 3)), UserId(detail::row_opt_int(r, 4).value_or(0)),
                     row_int(r, 5)});
    });
    return out;
  });
}

Result<std::vector<BridgeLinkRow>> Tx::bridge_links() {
  return guarded([&]() -> Result<std::vector<BridgeLinkRow>> {
    Query q;
    q << "SELECT from_id, to_id, CAST(weight AS TEXT), created_by, created_at FROM bridge_links "
         "ORDER BY created_at, from_id, to_id";
    std::vector<BridgeLinkRow> out;
    q.each(c_, [&](const soci::row& r) {
      out.push_back({row_text(r, 0), row_text(r, 1), std::stod(row_text(r, 2)),
                     UserId(detail::row_opt_int(r, 3).value_or(0)), row_int(r, 4)});
    });
    return out;
  });
}

}  // namespace yigong::store
