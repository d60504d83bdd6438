// Record use cases with access control and audit.
#include "service/records.hpp"

#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>

#include "service/audit.hpp"

namespace yigong::service {
namespace {

Result<std::int64_t> parse_int(std::string_view s, std::string_view field) {
  std::int64_t v = 0;
  const auto* end = s.data() + s.size();
  auto [p, ec] = std::from_chars(s.data(), end, v);
  if (s.empty() || ec != std::errc() || p != end)
    return fail(Error::invalid("must be an integer", std::string(field)));
  return v;
}

constexpr std::string_view kCursorPrefix = "r";

std::string make_cursor(RecordId id) { return std::string(kCursorPrefix) + id.str(); }

Result<RecordId> parse_cursor(std::string_view c) {
  if (c.rfind(kCursorPrefix, 0) != 0)
    return fail(Error::invalid("not a cursor from a previous page", "cursor"));
  auto v = parse_int(c.substr(kCursorPrefix.size()), "cursor");
  if (!v || *v <= 0) return fail(Error::invalid("not a cursor from a previous page", "cursor"));
  return RecordId(*v);
}

// Keeps only the fields an NDA teaser may show.
void strip_to_teaser(Record& r) {
  const KindSpec& spec = spec_of(r.kind);
  std::erase_if(r.fields, [&](const auto& kv) {
    const FieldSpec* f = find_field(spec, kv.first);
    return !f || !f->teaser;
  });
  r.created_by = UserId();
  r.ext_key.clear();
}

std::string changed_fields_detail(const RecordInput& in) {
  nlohmann::json d;
  auto& fields = d["fields"] = nlohmann::json::array();
  for (const auto& [k, v] : in.fields) fields.push_back(k);
  if (in.tier) d["tier"] = std::string(name(*in.tier));
  if (in.org) d["org_id"] = in.org->value;
  return d.dump();
}

Result<void> audit_change(store::Tx& tx, const Viewer& viewer, const Record& r, std::string action,
                          std::string detail) {
  AuditEvent e;
  e.tenant = r.tenant;
  e.actor = viewer.user;
  e.action = std::move(action);
  e.kind = std::string(name(r.kind));
  e.record_id = r.id.value;
  e.detail = std::move(detail);
  auto a = append_audit(tx, std::move(e));
  if (!a) return fail(a.error());
  return ok();
}

// The organisation a record points to must be a live organisation of the same tenant.
Result<void> check_org(store::Tx& tx, const Record& r) {
  if (!spec_of(r.kind).has_org || !r.org) return ok();
  auto org = tx.get_record(RecordKind::organisation, RecordId(r.org.value));
  if (!org) return fail(org.error());
  if (!*org || (*org)->deleted_at || (*org)->tenant != r.tenant)
    return fail(Error::unprocessable("no such organisation in this tenant", "org_id"));
  return ok();
}

void apply(Record& r, const RecordInput& in) {
  for (const auto& [k, v] : in.fields) {
    if (std::holds_alternative<std::monostate>(v)) {
      r.fields.erase(k);
    } else {
      r.fields.insert_or_assign(k, v);
    }
  }
  if (in.tier) r.tier = *in.tier;
  if (in.org) r.org = *in.org;
  if (in.ext_key) r.ext_key = *in.ext_key;
}

Result<void> check_ext_key(const std::string& key) {
  if (key.size() > 100) return fail(Error::invalid("at most 100 characters", "key"));
  for (char c : key) {
    const bool okc = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                     c == '-' || c == '_' || c == '.' || c == ':';
    if (!okc) return fail(Error::invalid("letters, digits and - _ . : only", "key"));
  }
  return ok();
}

}  // namespace

Record draft_record(const Viewer& viewer, RecordKind kind, const RecordInput& in) {
  Record r;
  r.kind = kind;
  r.tenant = viewer.tenant;
  r.created_by = in.owner.value_or(viewer.user);
  r.created_at = r.updated_at = now_micros();
  r.tier = Tier::consortium;
  if (spec_of(kind).has_org && viewer.org) r.org = viewer.org;
  apply(r, in);
  if (kind == RecordKind::need && !r.fields.contains("status"))
    r.fields.emplace("status", std::string("open"));
  return r;
}

Result<void> RecordService::resolve_references(store::Tx& tx, const Viewer& viewer,
                                               const RecordInput& in, Record& r) {
  if (in.org_key) {
    auto org = tx.find_record_by_key(RecordKind::organisation, viewer.tenant, *in.org_key);
    if (!org) return fail(org.error());
    if (!*org || (*org)->deleted_at)
      return fail(Error::unprocessable("no organisation with key '" + *in.org_key + "'", "org"));
    r.org = OrgId((*org)->id.value);
  }
  if (in.owner_email) {
    auto user = tx.find_user_by_email(*in.owner_email);
    if (!user) return fail(user.error());
    if (!*user || (*user)->tenant != viewer.tenant)
      return fail(
          Error::unprocessable("no user '" + *in.owner_email + "' in this tenant", "owner"));
    r.created_by = (*user)->id;
  }
  return ok();
}

Result<store::ListQuery> parse_list_params(RecordKind kind,
                                           const std::multimap<std::string, std::string>& params) {
  store::ListQuery q;
  q.limit = kDefaultPageSize;
  const KindSpec& spec = spec_of(kind);
  for (const auto& [key, value] : params) {
    if (params.count(key) > 1) return fail(Error::invalid("given more than once", key));
    if (key == "limit") {
      auto v = parse_int(value, key);
      if (!v) return fail(v.error());
      if (*v < 1 || *v > kMaxPageSize)
        return fail(Error::invalid("must be between 1 and " + std::to_string(kMaxPageSize), key));
      q.limit = static_cast<int>(*v);
    } else if (key == "cursor") {
      auto c = parse_cursor(value);
      if (!c) return fail(c.error());
      q.before = *c;
    } else if (key == "q") {
      if (value.size() > 200) return fail(Error::invalid("at most 200 bytes", key));
      q.q = value;
    } else if (key == "tier") {
      auto t = parse_Tier(value);
      if (!t) return fail(Error::invalid("must be one of public, consortium, nda, private", key));
      q.tier = *t;
    } else if (key == "org_id") {
      auto v = parse_int(value, key);
      if (!v) return fail(v.error());
      q.org = OrgId(*v);
    } else if (const FieldSpec* f = find_field(spec, key);
               f && f->filter && f->type != FieldType::integer) {
      YG_TRY(validate_field(*f, FieldValue(value)));
      q.equals.emplace_back(key, value);
    } else {
      const auto suffix = key.size() > 4 ? key.substr(key.size() - 4) : std::string();
      const FieldSpec* g =
          find_field(spec, key.substr(0, key.size() - std::min<size_t>(4, key.size())));
      if ((suffix == "_min" || suffix == "_max") && g && g->filter &&
          g->type == FieldType::integer) {
        auto v = parse_int(value, key);
        if (!v) return fail(v.error());
        (suffix == "_min" ? q.at_least : q.at_most).emplace_back(std::string(g->name), *v);
      } else {
        return fail(Error::invalid("unknown parameter", key));
      }
    }
  }
  return q;
}

Result<RecordView> RecordService::view_of(store::Tx& tx, const Viewer& viewer, Record record) {
  bool accepted = false;
  if (visibility(viewer, access_of(record), false) == Visibility::teaser) {
    auto a = tx.has_accepted_nda(record.kind, record.id, viewer.user);
    if (!a) return fail(a.error());
    accepted = *a;
  }
  return view_with(viewer, std::move(record), accepted, true);
}

Result<RecordView> RecordService::view_with(const Viewer& viewer, Record record, bool nda_accepted,
                                            bool check_statement) {
  const RecordAccess access = access_of(record);
  const Visibility vis = visibility(viewer, access, nda_accepted);
  if (vis == Visibility::none) return fail(Error::not_found(name(record.kind), record.id.str()));
  RecordView view;
  view.visibility = vis;
  view.can_edit = vis == Visibility::full && can_edit(viewer, access);
  if (vis == Visibility::teaser) {
    strip_to_teaser(record);
  } else if (record.kind == RecordKind::need && check_statement) {
    view.warnings = need_statement_warnings(record);
    view.statement_checked = true;
  }
  view.record = std::move(record);
  return view;
}

Result<RecordView> RecordService::create_in(store::Tx& tx, const Viewer& viewer, RecordKind kind,
                                            const RecordInput& in) {
  if (!can_create(viewer, kind))
    return fail(
        Error::forbidden(std::string("your role may not create ") + std::string(plural(kind))));
  Record r = draft_record(viewer, kind, in);
  YG_TRY(resolve_references(tx, viewer, in, r));
  YG_TRY(check_ext_key(r.ext_key));
  YG_TRY(validate_record(r));
  YG_TRY(check_org(tx, r));
  auto id = tx.insert_record(r);
  if (!id) {
    if (id.error().code == ErrorCode::conflict)
      return fail(Error::conflict("key already used in this tenant", "key"));
    return fail(id.error());
  }
  r.id = *id;
  YG_TRY(audit_change(tx, viewer, r, "create", changed_fields_detail(in)));
  RecordView view;
  view.visibility = Visibility::full;
  view.can_edit = can_edit(viewer, access_of(r));
  if (kind == RecordKind::need) {
    view.warnings = need_statement_warnings(r);
    view.statement_checked = true;
  }
  view.record = std::move(r);
  return view;
}

Result<RecordView> RecordService::create(const Viewer& viewer, RecordKind kind,
                                         const RecordInput& input) {
  return store_.write<RecordView>(
      [&](store::Tx& tx) { return create_in(tx, viewer, kind, input); });
}

Result<std::vector<RecordId>> RecordService::create_all(
    const Viewer& viewer, const std::vector<std::pair<RecordKind, RecordInput>>& inputs,
    const std::function<void(size_t)>& on_row) {
  return store_.write<std::vector<RecordId>>([&](store::Tx& tx) -> Result<std::vector<RecordId>> {
    std::vector<RecordId> ids;
    ids.reserve(inputs.size());
    for (size_t i = 0; i < inputs.size(); ++i) {
      auto v = create_in(tx, viewer, inputs[i].first, inputs[i].second);
      if (!v) return fail(v.error());
      ids.push_back(v->record.id);
      if (on_row) on_row(i + 1);
    }
    return ids;
  });
}

Result<RecordView> RecordService::get(const Viewer& viewer, RecordKind kind, RecordId id) {
  return store_.read<RecordView>([&](store::Tx& tx) -> Result<RecordView> {
    auto r = tx.get_record(kind, id);
    if (!r) return fail(r.error());
    if (!*r || (*r)->deleted_at) return fail(Error::not_found(name(kind), id.str()));
    return view_of(tx, viewer, std::move(**r));
  });
}

Result<RecordView> RecordService::update(const Viewer& viewer, RecordKind kind, RecordId id,
                                         const RecordInput& patch) {
  if (!patch.version) return fail(Error::invalid("required for updates", "version"));
  return store_.write<RecordView>([&](store::Tx& tx) -> Result<RecordView> {
    auto found = tx.get_record(kind, id);
    if (!found) return fail(found.error());
    if (!*found || (*found)->deleted_at) return fail(Error::not_found(name(kind), id.str()));
    Record r = std::move(**found);
    const RecordAccess before = access_of(r);
    auto seen = view_of(tx, viewer, r);
    if (!seen) return fail(seen.error());
    if (!can_edit(viewer, before))
      return fail(Error::forbidden("you may read but not change this record"));
    if (*patch.version != r.version)
      return fail(Error::conflict("the record changed since it was read (now version " +
                                      std::to_string(r.version) + "); reload and retry",
                                  "version"));
    apply(r, patch);
    r.updated_at = now_micros();
    YG_TRY(check_ext_key(r.ext_key));
    YG_TRY(validate_record(r));
    YG_TRY(check_org(tx, r));
    // The change must leave the record editable by its editor: no locking oneself out by moving
    // it to another organisation's private tier.
    if (!can_edit(viewer, access_of(r)))
      return fail(Error::forbidden("this change would remove your own access to the record"));
    auto version = tx.update_record(r);
    if (!version) return fail(version.error());
    r.version = *version;
    YG_TRY(audit_change(tx, viewer, r, "update", changed_fields_detail(patch)));
    return view_of(tx, viewer, std::move(r));
  });
}

Result<void> RecordService::remove(const Viewer& viewer, RecordKind kind, RecordId id) {
  return store_
      .write<bool>([&](store::Tx& tx) -> Result<bool> {
        auto found = tx.get_record(kind, id);
        if (!found) return fail(found.error());
        if (!*found || (*found)->deleted_at) return fail(Error::not_found(name(kind), id.str()));
        auto seen = view_of(tx, viewer, **found);
        if (!seen) return fail(seen.error());
        if (!can_edit(viewer, access_of(**found)))
          return fail(Error::forbidden("you may read but not delete this record"));
        YG_TRY(tx.soft_delete_record(kind, id, now_micros()));
        YG_TRY(audit_change(tx, viewer, **found, "delete", "{}"));
        return true;
      })
      .map([](bool) {});
}

Result<Page> RecordService::list(const Viewer& viewer, RecordKind kind, store::ListQuery query) {
  query.scope = read_scope(viewer);
  const int limit = query.limit;
  query.limit = limit + 1;  // one extra row tells whether another page follows
  return store_.read<Page>([&](store::Tx& tx) -> Result<Page> {
    auto rows = tx.list_records(kind, query);
    if (!rows) return fail(rows.error());
    Page page;
    const bool more = static_cast<int>(rows->size()) > limit;
    if (more) rows->resize(static_cast<size_t>(limit));
    // One query for the NDA acceptances of every teaser row on the page.
    std::vector<RecordId> teasers;
    for (const auto& r : *rows) {
      if (visibility(viewer, access_of(r), false) == Visibility::teaser) teasers.push_back(r.id);
    }
    auto accepted = tx.accepted_ndas(kind, teasers, viewer.user);
    if (!accepted) return fail(accepted.error());
    for (auto& r : *rows) {
      const bool nda_ok = std::find(accepted->begin(), accepted->end(), r.id) != accepted->end();
      // List pages skip the need-statement checks: the detail view shows them.
      auto v = view_with(viewer, std::move(r), nda_ok, false);
      // The scope and visibility() agree (tested), so a row the scope admitted is visible.
      if (!v) return fail(Error::internal("read scope admitted an invisible row"));
      page.items.push_back(std::move(*v));
    }
    if (more && !page.items.empty()) page.next_cursor = make_cursor(page.items.back().record.id);
    return page;
  });
}

Result<RecordView> RecordService::accept_nda(const Viewer& viewer, RecordKind kind, RecordId id) {
  return store_.write<RecordView>([&](store::Tx& tx) -> Result<RecordView> {
    auto found = tx.get_record(kind, id);
    if (!found) return fail(found.error());
    if (!*found || (*found)->deleted_at) return fail(Error::not_found(name(kind), id.str()));
    auto seen = view_of(tx, viewer, **found);
    if (!seen) return fail(seen.error());
    if ((*found)->tier != Tier::nda)
      return fail(Error::unprocessable("this record is not under NDA", "tier"));
    if (seen->visibility == Visibility::teaser) {
      YG_TRY(tx.accept_nda(kind, id, viewer.user, now_micros()));
      YG_TRY(audit_change(tx, viewer, **found, "nda_accept", "{}"));
    }
    return view_of(tx, viewer, std::move(**found));
  });
}

Result<RecordService::Breakdowns> RecordService::breakdowns(const Viewer& viewer) {
  static const std::vector<std::pair<RecordKind, std::vector<std::string_view>>> kGroups = {
      {RecordKind::need, {"clinical_area", "status", "care_stage", "tier"}},
      {RecordKind::capability, {"type", "trl", "tier"}},
      {RecordKind::organisation, {"type", "region"}},
  };
  return store_.read<Breakdowns>([&](store::Tx& tx) -> Result<Breakdowns> {
    Breakdowns out;
    const ReadScope scope = read_scope(viewer);
    for (const auto& [kind, fields] : kGroups) {
      for (std::string_view field : fields) {
        auto rows = tx.count_by(kind, field, scope);
        if (!rows) return fail(rows.error());
        auto& target = out[std::string(plural(kind))]["by_" + std::string(field)];
        for (auto& [value, n] : *rows) target[value.empty() ? "unknown" : value] = n;
      }
    }
    return out;
  });
}

Result<std::map<std::string, std::int64_t>> RecordService::counts(const Viewer& viewer) {
  return store_.read<std::map<std::string, std::int64_t>>(
      [&](store::Tx& tx) -> Result<std::map<std::string, std::int64_t>> {
        std::map<std::string, std::int64_t> out;
        for (RecordKind k : all_record_kinds()) {
          auto n = tx.count_records(k, read_scope(viewer));
          if (!n) return fail(n.error());
          out[std::string(plural(k))] = *n;
        }
        return out;
      });
}

}  // namespace yigong::service
