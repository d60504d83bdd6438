// Repository methods for records of every kind, with SQL built from the kind's FieldSpec list.
#include <soci/soci.h>

#include "store/detail/connection.hpp"
#include "store/detail/query.hpp"
#include "store/store.hpp"

namespace yigong::store {
namespace {

using detail::guarded;
using detail::Query;
using detail::row_int;
using detail::row_opt_int;
using detail::row_text;

// Common columns, in the order select_columns() lists them.
constexpr int kCommonColumns = 10;

std::string select_columns(const KindSpec& spec) {
  std::string cols = "id, tenant_id, ext_key, tier, ";
  cols += spec.has_org ? "org_id" : "0";
  cols += ", created_by, version, created_at, updated_at, deleted_at";
  for (const auto& f : spec.fields) cols += ", " + std::string(f.name);
  return cols;
}

std::string join_lines(const std::vector<std::string>& list) {
  std::string out;
  for (const auto& s : list) {
    if (!out.empty()) out += '\n';
    out += s;
  }
  return out;
}

std::vector<std::string> split_lines(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < s.size()) {
    size_t end = s.find('\n', start);
    if (end == std::string::npos) end = s.size();
    out.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

Record record_from_row(const KindSpec& spec, const soci::row& r) {
  Record rec;
  rec.kind = spec.kind;
  rec.id = RecordId(row_int(r, 0));
  rec.tenant = TenantId(row_int(r, 1));
  rec.ext_key = row_text(r, 2);
  rec.tier = parse_Tier(row_text(r, 3)).value_or(Tier::private_);
  rec.org = OrgId(row_int(r, 4));
  rec.created_by = UserId(row_int(r, 5));
  rec.version = row_int(r, 6);
  rec.created_at = row_int(r, 7);
  rec.updated_at = row_int(r, 8);
  rec.deleted_at = row_opt_int(r, 9);
  for (size_t i = 0; i < spec.fields.size(); ++i) {
    const auto& f = spec.fields[i];
    const size_t col = kCommonColumns + i;
    if (r.get_indicator(col) == soci::i_null) continue;
    switch (f.type) {
      case FieldType::integer:
        rec.fields.emplace(std::string(f.name), row_int(r, col));
        break;
      case FieldType::text_list:
        rec.fields.emplace(std::string(f.name), split_lines(row_text(r, col)));
        break;
      default:
        rec.fields.emplace(std::string(f.name), row_text(r, col));
        break;
    }
  }
  return rec;
}

// Binds a field's value (NULL when absent).
void bind_field(Query& q, const FieldSpec& f, const Record& r) {
  auto it = r.fields.find(f.name);
  const FieldValue* v = it == r.fields.end() ? nullptr : &it->second;
  if (f.type == FieldType::integer) {
    const auto* i = v ? std::get_if<std::int64_t>(v) : nullptr;
    q.integer(i ? *i : 0, i == nullptr);
  } else if (f.type == FieldType::text_list) {
    const auto* l = v ? std::get_if<std::vector<std::string>>(v) : nullptr;
    q.text(l ? join_lines(*l) : std::string(), l == nullptr);
  } else {
    const auto* s = v ? std::get_if<std::string>(v) : nullptr;
    q.text(s ? *s : std::string(), s == nullptr);
  }
}

// Escapes LIKE wildcards so a search for "50%" finds the literal text, and folds A–Z to a–z.
std::string like_pattern(std::string_view q) {
  std::string out = "%";
  for (char ch : q) {
    if (ch == '%' || ch == '_' || ch == '\\') out += '\\';
    out += static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
  }
  return out + "%";
}

// " OR <field> LIKE <pattern>" with A–Z folded to a–z on both backends alike. SQLite's LOWER folds
// only ASCII; PostgreSQL's folds by locale, so it gets TRANSLATE to behave the same. (Full Unicode
// folding and 繁→简 belong to the matching engine's normalised index.)
void append_like(Query& q, Backend backend, std::string_view field, std::string_view text) {
  q << " OR ";
  if (backend == Backend::sqlite) {
    q << "LOWER(COALESCE(" << field << ", ''))";
  } else {
    q << "TRANSLATE(COALESCE(" << field
      << ", ''), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')";
  }
  q << " LIKE ";
  q.text(like_pattern(text));
  q << " ESCAPE '\\'";
}

void append_scope(Query& q, const KindSpec& spec, const ReadScope& s) {
  if (s.everything) return;
  q << " AND (tier = 'public'";
  if (s.tenant) {
    q << " OR (tenant_id = ";
    q.integer(s.tenant.value);
    q << " AND (";
    q << (s.shared_tiers ? "tier IN ('consortium', 'nda')" : "1 = 0");
    q << " OR (tier = 'private' AND (";
    q << (s.all_private ? "1 = 1" : "1 = 0");
    if (spec.has_org && s.private_org) {
      q << " OR org_id = ";
      q.integer(s.private_org.value);
    }
    if (s.self) {
      q << " OR created_by = ";
      q.integer(s.self.value);
    }
    q << "))";
    // The viewer's own rows of any tier.
    if (s.self) {
      q << " OR created_by = ";
      q.integer(s.self.value);
    }
    q << "))";
  }
  q << ")";
}

// Rows the scope sees in full (see ReadScope::nda_full_all): a condition to AND with a predicate
// on non-teaser fields.
void append_full(Query& q, const KindSpec& spec, const ReadScope& s) {
  if (s.everything) {
    q << "1 = 1";
    return;
  }
  q << "(tier <> 'nda'";
  if (s.tenant) {
    q << " OR (tenant_id = ";
    q.integer(s.tenant.value);
    q << " AND (" << (s.nda_full_all ? "1 = 1" : "1 = 0");
    if (spec.has_org && s.private_org) {
      q << " OR org_id = ";
      q.integer(s.private_org.value);
    }
    if (s.self) {
      q << " OR created_by = ";
      q.integer(s.self.value);
      q << " OR EXISTS (SELECT 1 FROM nda_acceptances a WHERE a.kind = ";
      q.text(std::string(name(spec.kind)));
      q << " AND a.record_id = " << spec.table << ".id AND a.user_id = ";
      q.integer(s.self.value);
      q << ")";
    }
    q << "))";
  }
  q << ")";
}

}  // namespace

Result<RecordId> Tx::insert_record(const Record& r) {
  return guarded([&]() -> Result<RecordId> {
    const KindSpec& spec = spec_of(r.kind);
    Query q;
    q << "INSERT INTO " << spec.table << " (tenant_id, ext_key, tier, ";
    if (spec.has_org) q << "org_id, ";
    q << "created_by, version, created_at, updated_at";
    for (const auto& f : spec.fields) q << ", " << f.name;
    q << ") VALUES (";
    q.integer(r.tenant.value) << ", ";
    q.text(r.ext_key, r.ext_key.empty()) << ", ";
    q.text(std::string(name(r.tier))) << ", ";
    if (spec.has_org) q.integer(r.org.value, !r.org) << ", ";
    q.integer(r.created_by.value, !r.created_by) << ", 1, ";
    q.integer(r.created_at) << ", ";
    q.integer(r.updated_at ? r.updated_at : r.created_at);
    for (const auto& f : spec.fields) {
      q << ", ";
      bind_field(q, f, r);
    }
    q << ") RETURNING id";
    std::int64_t id = 0;
    q.each(c_, [&](const soci::row& row) { id = row_int(row, 0); });
    if (!id) return fail(Error::internal("insert returned no id"));
    YG_TRY(enqueue_index(r.kind, RecordId(id)));
    return RecordId(id);
  });
}

Result<std::int64_t> Tx::update_record(const Record& r) {
  return guarded([&]() -> Result<std::int64_t> {
    const KindSpec& spec = spec_of(r.kind);
    Query q;
    q << "UPDATE " << spec.table << " SET version = version + 1, tier = ";
    q.text(std::string(name(r.tier)));
    q << ", ext_key = ";
    q.text(r.ext_key, r.ext_key.empty());
    if (spec.has_org) {
      q << ", org_id = ";
      q.integer(r.org.value, !r.org);
    }
    q << ", updated_at = ";
    q.integer(r.updated_at);
    for (const auto& f : spec.fields) {
      q << ", " << f.name << " = ";
      bind_field(q, f, r);
    }
    q << " WHERE id = ";
    q.integer(r.id.value);
    q << " AND version = ";
    q.integer(r.version);
    q << " AND deleted_at IS NULL";
    if (q.execute(c_) != 1) {
      return fail(Error::conflict("the record changed since it was read (version " +
                                      std::to_string(r.version) + "); reload and retry",
                                  "version"));
    }
    YG_TRY(enqueue_index(r.kind, r.id));
    return r.version + 1;
  });
}

Result<std::optional<Record>> Tx::get_record(RecordKind kind, RecordId id) {
  return guarded([&]() -> Result<std::optional<Record>> {
    const KindSpec& spec = spec_of(kind);
    Query q;
    q << "SELECT " << select_columns(spec) << " FROM " << spec.table << " WHERE id = ";
    q.integer(id.value);
    std::optional<Record> out;
    q.each(c_, [&](const soci::row& row) { out = record_from_row(spec, row); });
    return out;
  });
}

Result<std::optional<Record>> Tx::find_record_by_key(RecordKind kind, TenantId tenant,
                                                     std::string_view ext_key) {
  return guarded([&]() -> Result<std::optional<Record>> {
    const KindSpec& spec = spec_of(kind);
    Query q;
    q << "SELECT " << select_columns(spec) << " FROM " << spec.table << " WHERE tenant_id = ";
    q.integer(tenant.value);
    q << " AND ext_key = ";
    q.text(std::string(ext_key));
    std::optional<Record> out;
    q.each(c_, [&](const soci::row& row) { out = record_from_row(spec, row); });
    return out;
  });
}

Result<std::vector<Record>> Tx::list_records(RecordKind kind, const ListQuery& lq) {
  if (lq.limit < 1 || lq.limit > 1000)
    return fail(Error::invalid("limit must be between 1 and 1000", "limit"));
  return guarded([&]() -> Result<std::vector<Record>> {
    const KindSpec& spec = spec_of(kind);
    Query q;
    // SQLite: walk the primary key newest first and stop at the limit. Left free, its planner
    // picks the tenant or tier index, reads every visible row and sorts them all for one page.
    q << "SELECT " << select_columns(spec) << " FROM " << spec.table
      << (c_.backend == Backend::sqlite ? " NOT INDEXED" : "") << " WHERE deleted_at IS NULL";
    append_scope(q, spec, lq.scope);
    for (const auto& [field, value] : lq.equals) {
      const FieldSpec* f = find_field(spec, field);
      if (!f || !f->filter || f->type == FieldType::integer)
        return fail(Error::invalid("not a filter", field));
      q << " AND " << f->name << " = ";
      q.text(value);
      if (!f->teaser) {
        q << " AND ";
        append_full(q, spec, lq.scope);
      }
    }
    for (const auto* bounds : {&lq.at_least, &lq.at_most}) {
      for (const auto& [field, value] : *bounds) {
        const FieldSpec* f = find_field(spec, field);
        if (!f || !f->filter || f->type != FieldType::integer)
          return fail(Error::invalid("not an integer filter", field));
        q << " AND " << f->name << (bounds == &lq.at_least ? " >= " : " <= ");
        q.integer(value);
        if (!f->teaser) {
          q << " AND ";
          append_full(q, spec, lq.scope);
        }
      }
    }
    if (lq.tier) {
      q << " AND tier = ";
      q.text(std::string(name(*lq.tier)));
    }
    if (lq.org) {
      q << (spec.has_org ? " AND org_id = " : " AND id = ");
      q.integer(lq.org.value);
    }
    if (lq.tenant) {
      q << " AND tenant_id = ";
      q.integer(lq.tenant.value);
    }
    if (!lq.q.empty()) {
      // Teaser fields match for every visible row; the others only where the row is seen in full.
      q << " AND (1 = 0";
      for (const auto& f : spec.fields) {
        if (f.search && f.teaser) append_like(q, c_.backend, f.name, lq.q);
      }
      q << " OR (";
      append_full(q, spec, lq.scope);
      q << " AND (1 = 0";
      for (const auto& f : spec.fields) {
        if (f.search && !f.teaser) append_like(q, c_.backend, f.name, lq.q);
      }
      q << ")))";
    }
    if (lq.before) {
      q << " AND id < ";
      q.integer(lq.before.value);
    }
    q << " ORDER BY id DESC LIMIT " << std::to_string(lq.limit);
    std::vector<Record> out;
    q.each(c_, [&](const soci::row& row) { out.push_back(record_from_row(spec, row)); });
    return out;
  });
}

Result<void> Tx::soft_delete_record(RecordKind kind, RecordId id, Micros at) {
  return guarded([&]() -> Result<void> {
    Query q;
    q << "UPDATE " << spec_of(kind).table << " SET deleted_at = ";
    q.integer(at);
    q << ", version = version + 1 WHERE id = ";
    q.integer(id.value);
    q << " AND deleted_at IS NULL";
    if (q.execute(c_) != 1) return fail(Error::not_found(name(kind), id.str()));
    return enqueue_index(kind, id);
  });
}

Result<std::int64_t> Tx::count_records(RecordKind kind, const ReadScope& scope) {
  return guarded([&]() -> Result<std::int64_t> {
    const KindSpec& spec = spec_of(kind);
    Query q;
    q << "SELECT COUNT(*) FROM " << spec.table << " WHERE deleted_at IS NULL";
    append_scope(q, spec, scope);
    std::int64_t n = 0;
    q.each(c_, [&](const soci::row& row) { n = row_int(row, 0); });
    return n;
  });
}

Result<std::vector<std::pair<std::string, std::int64_t>>> Tx::count_by(RecordKind kind,
                                                                       std::string_view field,
                                                                       const ReadScope& scope) {
  const KindSpec& spec = spec_of(kind);
  const FieldSpec* f = find_field(spec, field);
  if (field != "tier" &&
      (!f || !f->teaser || f->type == FieldType::text_list || f->type == FieldType::long_text))
    return fail(Error::invalid("not a field to count by", std::string(field)));
  return guarded([&]() -> Result<std::vector<std::pair<std::string, std::int64_t>>> {
    const std::string column(field);
    Query q;
    q << "SELECT " << column << ", COUNT(*) FROM " << spec.table << " WHERE deleted_at IS NULL";
    append_scope(q, spec, scope);
    q << " GROUP BY " << column << " ORDER BY " << column;
    std::vector<std::pair<std::string, std::int64_t>> out;
    const bool integer = f && f->type == FieldType::integer;
    q.each(c_, [&](const soci::row& row) {
      std::string value;
      if (row.get_indicator(0) != soci::i_null)
        value = integer ? std::to_string(row_int(row, 0)) : row_text(row, 0);
      out.emplace_back(std::move(value), row_int(row, 1));
    });
    return out;
  });
}

Result<std::vector<std::pair<std::string, std::int64_t>>> Tx::count_match_states(
    const ReadScope& scope) {
  return guarded([&]() -> Result<std::vector<std::pair<std::string, std::int64_t>>> {
    const KindSpec& spec = spec_of(RecordKind::need);
    Query q;
    q << "SELECT state, COUNT(*) FROM match_states WHERE need_id IN (SELECT id FROM " << spec.table
      << " WHERE deleted_at IS NULL";
    append_scope(q, spec, scope);
    q << ") GROUP BY state ORDER BY state";
    std::vector<std::pair<std::string, std::int64_t>> out;
    q.each(c_, [&](const soci::row& row) { out.emplace_back(row_text(row, 0), row_int(row, 1)); });
    return out;
  });
}

Result<void> Tx::accept_nda(RecordKind kind, RecordId id, UserId user, Micros at) {
  return guarded([&]() -> Result<void> {
    Query q;
    q << "INSERT INTO nda_acceptances (kind, record_id, user_id, accepted_at) VALUES (";
    q.text(std::string(name(kind))) << ", ";
    q.integer(id.value) << ", ";
    q.integer(user.value) << ", ";
    q.integer(at) << ")";
    q.execute(c_);
    return ok();
  });
}

Result<bool> Tx::has_accepted_nda(RecordKind kind, RecordId id, UserId user) {
  return guarded([&]() -> Result<bool> {
    Query q;
    q << "SELECT COUNT(*) FROM nda_acceptances WHERE kind = ";
    q.text(std::string(name(kind))) << " AND record_id = ";
    q.integer(id.value) << " AND user_id = ";
    q.integer(user.value);
    std::int64_t n = 0;
    q.each(c_, [&](const soci::row& row) { n = row_int(row, 0); });
    return n > 0;
  });
}

Result<std::vector<RecordId>> Tx::accepted_ndas(RecordKind kind, const std::vector<RecordId>& ids,
                                                UserId user) {
  if (ids.empty()) return std::vector<RecordId>{};
  return guarded([&]() -> Result<std::vector<RecordId>> {
    Query q;
    q << "SELECT record_id FROM nda_acceptances WHERE kind = ";
    q.text(std::string(name(kind))) << " AND user_id = ";
    q.integer(user.value) << " AND record_id IN (";
    for (size_t i = 0; i < ids.size(); ++i) {
      if (i) q << ", ";
      q.integer(ids[i].value);
    }
    q << ")";
    std::vector<RecordId> out;
    q.each(c_, [&](const soci::row& row) { out.emplace_back(row_int(row, 0)); });
    return out;
  });
}

}  // namespace yigong::store
