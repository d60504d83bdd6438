#include "service/matching.hpp"

#include <algorithm>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>

#include "core/utf8.hpp"
#include "match/expertise.hpp"
#include "service/audit.hpp"

namespace yigong::service {
namespace {

// Index layout version: bump when index_documents or the term scheme changes (forces a rebuild).
constexpr std::string_view kLayout = "2";
constexpr std::string_view kOperatorSource = "operator additions";
constexpr std::size_t kMaxQueryChars = 2000;

std::string doc_id(RecordKind kind, RecordId id) {
  return std::string(name(kind)) + ":" + id.str();
}

std::optional<std::pair<RecordKind, RecordId>> parse_doc_id(const std::string& s) {
  const auto colon = s.find(':');
  if (colon == std::string::npos) return std::nullopt;
  auto kind = parse_RecordKind(s.substr(0, colon));
  if (!kind) return std::nullopt;
  try {
    return std::pair{*kind, RecordId(std::stoll(s.substr(colon + 1)))};
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::string field_text(const Record& r, std::string_view field) {
  auto it = r.fields.find(field);
  if (it == r.fields.end()) return {};
  if (const auto* s = std::get_if<std::string>(&it->second)) return *s;
  if (const auto* list = std::get_if<std::vector<std::string>>(&it->second)) {
    std::string out;
    for (const auto& item : *list) out += item + "\n";
    return out;
  }
  return {};
}

std::string_view title_field(const KindSpec& spec) {
  return find_field(spec, "title") ? std::string_view("title") : std::string_view("name");
}

// The searchable text of a record: (title, body). teaser_only keeps the teaser fields.
std::pair<std::string, std::string> record_text(const Record& r, bool teaser_only) {
  const KindSpec& spec = spec_of(r.kind);
  const std::string_view title = title_field(spec);
  std::string body;
  for (const auto& f : spec.fields) {
    if (!f.search || f.name == title || (teaser_only && !f.teaser)) continue;
    std::string text = field_text(r, f.name);
    if (!text.empty()) body += text + "\n";
  }
  if (r.kind == RecordKind::organisation || r.kind == RecordKind::person) {
    body += field_text(r, "name_en") + "\n";
  }
  return {field_text(r, title), body};
}

std::string viewer_text(const Record& r) {
  auto [title, body] = record_text(r, false);
  return title + "\n" + body;
}

Result<void> require_text(const std::string& text, std::string_view field,
                          std::size_t max_chars = kMaxQueryChars) {
  if (!is_valid_utf8(text)) return fail(Error::invalid("not valid UTF-8", std::string(field)));
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
    return fail(Error::invalid("must not be empty", std::string(field)));
  }
  if (utf8_length(text) > max_chars) {
    return fail(Error::invalid("longer than " + std::to_string(max_chars) + " characters",
                               std::string(field)));
  }
  return ok();
}

// Lower-cases ASCII letters only (labels are mostly CJK; case matters only for Latin ones).
std::string ascii_lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char ch) { return char(std::tolower(ch)); });
  return s;
}

bool may_edit_thesaurus(const Viewer& v) {
  return v.role == Role::platform_admin || v.role == Role::operator_;
}

}  // namespace

const std::vector<std::string_view>& match_state_names() {
  static const std::vector<std::string_view> names = {"suggested", "contacted", "accepted",
                                                      "declined"};
  return names;
}

std::vector<match::IndexDocument> index_documents(const Record& r) {
  std::vector<match::IndexDocument> docs;
  if (r.deleted_at) return docs;
  match::IndexDocument full;
  full.id = doc_id(r.kind, r.id);
  full.kind = std::string(name(r.kind));
  std::tie(full.title, full.body) = record_text(r, false);
  full.tenant = r.tenant.str();
  full.tier = std::string(name(r.tier));
  if (r.org) full.owner_org = r.org.str();
  if (r.kind == RecordKind::organisation) full.owner_org = r.id.str();
  if (r.created_by) full.created_by = r.created_by.str();
  if (r.kind == RecordKind::organisation) {
    full.org_type = field_text(r, "type");
    full.region = field_text(r, "region");
  }
  if (auto trl = r.integer("trl")) {
    full.trl = int(*trl);
    full.prior = double(*trl) / 9.0;
  }
  full.record = full.id;
  if (r.tier == Tier::nda) {
    match::IndexDocument teaser = full;
    teaser.id = full.id + "#teaser";
    teaser.teaser = true;
    std::tie(teaser.title, teaser.body) = record_text(r, true);
    docs.push_back(std::move(teaser));
  }
  docs.push_back(std::move(full));
  return docs;
}

match::AccessFilter access_filter(const Viewer& viewer) {
  const ReadScope scope = read_scope(viewer);
  match::AccessFilter a;
  a.everything = scope.everything;
  a.tenant = scope.tenant.str();
  a.shared_tiers = scope.shared_tiers;
  a.all_private = scope.all_private;
  if (scope.private_org) a.private_org = scope.private_org.str();
  if (scope.self) a.self = scope.self.str();
  return a;
}

MatchService::MatchService(store::Store& store, RecordService& records, MatchConfig config)
    : store_(store), records_(records), config_(std::move(config)) {}

Result<std::unique_ptr<MatchService>> MatchService::open(store::Store& store,
                                                         RecordService& records,
                                                         const MatchConfig& config) {
  std::unique_ptr<MatchService> svc(new MatchService(store, records, config));
  auto shipped = bridge::read_source_dir(config.thesaurus_dir);
  if (!shipped) return fail(std::move(shipped.error()));
  svc->shipped_ = std::move(*shipped);
  auto extra = svc->operator_sources();
  if (!extra) return fail(std::move(extra.error()));
  auto engine = svc->build_engine(*extra);
  if (!engine) return fail(std::move(engine.error()));
  svc->engine_ = std::move(*engine);
  const bool current =
      svc->engine_.index->metadata("layout") == kLayout &&
      svc->engine_.index->metadata("thesaurus") == svc->engine_.thesaurus->version();
  std::unique_lock lock(svc->engine_mutex_);
  std::lock_guard sync_lock(svc->sync_mutex_);
  auto status = current ? svc->sync_locked() : svc->rebuild_locked({});
  if (!status) return fail(std::move(status.error()));
  return svc;
}

Result<std::vector<bridge::SourceDoc>> MatchService::operator_sources() {
  return store_.read<std::vector<bridge::SourceDoc>>(
      [&](store::Tx& tx) -> Result<std::vector<bridge::SourceDoc>> {
        auto concepts = tx.bridge_concepts();
        if (!concepts) return fail(std::move(concepts.error()));
        auto links = tx.bridge_links();
        if (!links) return fail(std::move(links.error()));
        bridge::SourceDoc doc;
        doc.name = std::string(kOperatorSource);
        for (const auto& c : *concepts) doc.concepts.push_back({c.id, c.kind, c.zh, c.en});
        for (const auto& l : *links) doc.links.push_back({l.from, l.to, l.weight});
        return std::vector<bridge::SourceDoc>{std::move(doc)};
      });
}

Result<MatchService::Engine> MatchService::build_engine(
    const std::vector<bridge::SourceDoc>& extra) const {
  std::vector<bridge::SourceDoc> sources = shipped_;
  sources.insert(sources.end(), extra.begin(), extra.end());
  auto thesaurus = bridge::Thesaurus::build(sources);
  if (!thesaurus) return fail(std::move(thesaurus.error()));
  auto shared = std::make_shared<const bridge::Thesaurus>(std::move(*thesaurus));
  auto features = match::make_features(config_.engine, shared);
  if (!features) return fail(std::move(features.error()));
  auto index = match::Index::open(config_.index_path, *features);
  if (!index) return fail(std::move(index.error()));
  return Engine{shared, *features, std::move(*index)};
}

std::shared_ptr<const bridge::Thesaurus> MatchService::thesaurus() const {
  std::shared_lock lock(engine_mutex_);
  return engine_.thesaurus;
}

Result<std::vector<std::vector<double>>> MatchService::expertise_scores(
    const std::vector<std::string>& queries, const std::vector<std::string>& documents) const {
  std::shared_ptr<const match::FeatureExtractor> features;
  {
    std::shared_lock lock(engine_mutex_);
    features = engine_.features;
  }
  return match::expertise_scores(std::move(features), queries, documents);
}

Result<IndexStatus> MatchService::sync() {
  std::shared_lock lock(engine_mutex_);
  std::lock_guard sync_lock(sync_mutex_);
  return sync_locked();
}

Result<IndexStatus> MatchService::sync_locked() {
  IndexStatus status;
  for (;;) {
    auto pending = store_.read<std::vector<store::OutboxEntry>>(
        [](store::Tx& tx) { return tx.outbox_pending(1000); });
    if (!pending) return fail(std::move(pending.error()));
    if (pending->empty()) break;
    std::set<std::pair<RecordKind, std::int64_t>> seen;
    std::vector<std::int64_t> seqs;
    for (const auto& e : *pending) {
      seqs.push_back(e.seq);
      if (!seen.insert({e.kind, e.id.value}).second) continue;
      auto record = store_.read<std::optional<Record>>(
          [&](store::Tx& tx) { return tx.get_record(e.kind, e.id); });
      if (!record) return fail(std::move(record.error()));
      const std::string id = doc_id(e.kind, e.id);
      YG_TRY(engine_.index->remove(id + "#teaser"));
      YG_TRY(engine_.index->remove(id));
      if (*record) {
        for (const auto& doc : index_documents(**record)) YG_TRY(engine_.index->put(doc));
      }
    }
    YG_TRY(engine_.index->commit(
        {{"layout", std::string(kLayout)}, {"thesaurus", engine_.thesaurus->version()}}));
    auto removed = store_.write<bool>([&](store::Tx& tx) -> Result<bool> {
      YG_TRY(tx.outbox_remove(seqs));
      return true;
    });
    if (!removed) return fail(std::move(removed.error()));
    status.applied += seqs.size();
  }
  status.documents = engine_.index->stats().documents;
  return status;
}

Result<IndexStatus> MatchService::rebuild(
    const std::function<void(std::size_t, std::size_t)>& progress) {
  std::unique_lock lock(engine_mutex_);
  std::lock_guard sync_lock(sync_mutex_);
  return rebuild_locked(progress);
}

Result<IndexStatus> MatchService::rebuild_locked(
    const std::function<void(std::size_t, std::size_t)>& progress) {
  // Entries pending now are covered by the full read below; later ones stay for the next sync.
  auto pending = store_.read<std::vector<store::OutboxEntry>>(
      [](store::Tx& tx) { return tx.outbox_pending(1'000'000); });
  if (!pending) return fail(std::move(pending.error()));
  YG_TRY(engine_.index->clear());
  ReadScope everything;
  everything.everything = true;
  std::size_t total = 0, done = 0;
  for (RecordKind kind : all_record_kinds()) {
    auto n = store_.read<std::int64_t>(
        [&](store::Tx& tx) { return tx.count_records(kind, everything); });
    if (!n) return fail(std::move(n.error()));
    total += std::size_t(*n);
  }
  for (RecordKind kind : all_record_kinds()) {
    RecordId before;
    for (;;) {
      store::ListQuery q;
      q.scope = everything;
      q.before = before;
      q.limit = 1000;
      auto page =
          store_.read<std::vector<Record>>([&](store::Tx& tx) { return tx.list_records(kind, q); });
      if (!page) return fail(std::move(page.error()));
      for (const auto& r : *page) {
        for (const auto& doc : index_documents(r)) YG_TRY(engine_.index->put(doc));
        if (progress) progress(++done, total);
      }
      if (page->size() < 1000) break;
      before = page->back().id;
    }
  }
  YG_TRY(engine_.index->commit(
      {{"layout", std::string(kLayout)}, {"thesaurus", engine_.thesaurus->version()}}));
  std::vector<std::int64_t> seqs;
  for (const auto& e : *pending) seqs.push_back(e.seq);
  auto removed = store_.write<bool>([&](store::Tx& tx) -> Result<bool> {
    YG_TRY(tx.outbox_remove(seqs));
    return true;
  });
  if (!removed) return fail(std::move(removed.error()));
  return IndexStatus{engine_.index->stats().documents, seqs.size(), true};
}

Result<MatchPage> MatchService::run(const Viewer& viewer, match::Query query, std::size_t offset,
                                    std::size_t limit, std::optional<RecordId> states_of_need) {
  YG_TRY(sync());
  query.filters.access = access_filter(viewer);
  query.offset = 0;
  // Hits the exact check drops (a teaser document for a viewer who sees the full record, …)
  // are made up for by fetching more than the page.
  query.limit = (offset + limit) * 2 + 10;
  std::shared_lock lock(engine_mutex_);
  auto found = match::search(*engine_.index, query);
  lock.unlock();
  if (!found) return fail(std::move(found.error()));
  MatchPage page;
  page.query_concepts = std::move(found->query_concepts);
  page.query_bridges = std::move(found->query_bridges);
  std::set<std::string> taken;
  std::size_t skipped = 0;
  for (auto& hit : found->hits) {
    auto ref = parse_doc_id(hit.record);
    if (!ref || taken.count(hit.record)) continue;
    auto view = records_.get(viewer, ref->first, ref->second);
    if (!view) {
      if (view.error().code == ErrorCode::not_found) continue;
      return fail(std::move(view.error()));
    }
    // A hit counts only through the document made of what this viewer may see.
    if ((view->visibility == Visibility::full) == hit.teaser) continue;
    taken.insert(hit.record);
    if (skipped++ < offset || page.items.size() == limit) continue;
    page.items.push_back(
        {std::move(*view), hit.score, hit.percent, std::move(hit.why), std::nullopt});
  }
  // Counted from what this viewer may see in the fetched window, never from the index's estimate
  // (which counts documents the exact check drops, and would leak hidden text by their number).
  page.total = taken.size();
  for (auto& item : page.items) {
    const OrgId org = item.view.record.org;
    if (!org || item.view.record.kind == RecordKind::organisation) continue;
    auto org_view = records_.get(viewer, RecordKind::organisation, RecordId(org.value));
    if (org_view) item.org = std::move(org_view->record);
  }
  if (states_of_need) {
    auto states = store_.read<std::vector<store::MatchState>>(
        [&](store::Tx& tx) { return tx.match_states_of_need(*states_of_need); });
    if (!states) return fail(std::move(states.error()));
    for (auto& item : page.items) {
      item.state = "suggested";
      for (const auto& s : *states) {
        if (s.target_kind == item.view.record.kind && s.target == item.view.record.id)
          item.state = s.state;
      }
    }
  }
  return page;
}

Result<MatchPage> MatchService::matches_for_need(const Viewer& viewer, RecordId need,
                                                 RecordKind target, std::size_t offset,
                                                 std::size_t limit) {
  if (target == RecordKind::need) {
    return fail(Error::invalid("kind must be capability, person or organisation", "kind"));
  }
  auto view = records_.get(viewer, RecordKind::need, need);
  if (!view) return fail(std::move(view.error()));
  match::Query q;
  q.text = viewer_text(view->record);
  q.bridging = match::Bridging::to_engineering;
  q.filters.kinds = {std::string(name(target))};
  return run(viewer, std::move(q), offset, limit, need);
}

Result<MatchPage> MatchService::matches_for_capability(const Viewer& viewer, RecordId capability,
                                                       std::size_t offset, std::size_t limit) {
  auto view = records_.get(viewer, RecordKind::capability, capability);
  if (!view) return fail(std::move(view.error()));
  match::Query q;
  q.text = viewer_text(view->record);
  q.bridging = match::Bridging::to_clinical;
  q.filters.kinds = {"need"};
  return run(viewer, std::move(q), offset, limit, std::nullopt);
}

Result<MatchPage> MatchService::search(const Viewer& viewer, const std::string& text,
                                       std::optional<RecordKind> kind, std::size_t offset,
                                       std::size_t limit) {
  YG_TRY(require_text(text, "q"));
  match::Query q;
  q.text = text;
  q.bridging = match::Bridging::both;
  if (kind) q.filters.kinds = {std::string(name(*kind))};
  return run(viewer, std::move(q), offset, limit, std::nullopt);
}

Result<MatchPage> MatchService::similar_needs(const Viewer& viewer, const std::string& draft_text) {
  // A draft's title, problem, population and outcome together (each already length-checked).
  YG_TRY(require_text(draft_text, "title", 4 * kMaxQueryChars));
  match::Query q;
  q.text = draft_text;
  q.bridging = match::Bridging::none;  // duplicates say the same clinical thing
  q.weights.channel = 0;               // one BM25, whose percentages compare across needs
  q.filters.kinds = {"need"};
  auto page = run(viewer, std::move(q), 0, 5, std::nullopt);
  if (!page) return page;
  // A duplicate shares a good part of the draft's weight, not one common word.
  std::erase_if(page->items, [](const MatchItem& m) { return m.percent < 35; });
  return page;
}

Result<std::map<std::string, std::int64_t>> MatchService::state_counts(const Viewer& viewer) {
  const ReadScope scope = read_scope(viewer);
  auto rows = store_.read<std::vector<std::pair<std::string, std::int64_t>>>(
      [&](store::Tx& tx) { return tx.count_match_states(scope); });
  if (!rows) return fail(std::move(rows.error()));
  return std::map<std::string, std::int64_t>(rows->begin(), rows->end());
}

Result<store::MatchState> MatchService::set_state(const Viewer& viewer, RecordId need,
                                                  RecordKind target_kind, RecordId target,
                                                  const std::string& state) {
  if (std::find(match_state_names().begin(), match_state_names().end(), state) ==
      match_state_names().end()) {
    return fail(
        Error::invalid("state must be suggested, contacted, accepted or declined", "state"));
  }
  if (target_kind == RecordKind::need) {
    return fail(Error::invalid("kind must be capability, person or organisation", "kind"));
  }
  auto need_view = records_.get(viewer, RecordKind::need, need);
  if (!need_view) return fail(std::move(need_view.error()));
  const bool may = need_view->can_edit || viewer.role == Role::operator_ ||
                   can_administer(viewer, need_view->record.tenant);
  if (!may) {
    return fail(Error::forbidden(
        "only the need's authors, operators and administrators record match states"));
  }
  auto target_view = records_.get(viewer, target_kind, target);
  if (!target_view) return fail(std::move(target_view.error()));
  store::MatchState m{
      need_view->record.tenant, need, target_kind, target, state, viewer.user, now_micros()};
  return store_.write<store::MatchState>([&](store::Tx& tx) -> Result<store::MatchState> {
    YG_TRY(tx.put_match_state(m));
    AuditEvent e;
    e.tenant = m.tenant;
    e.actor = viewer.user;
    e.action = "match_state";
    e.kind = "need";
    e.record_id = need.value;
    e.detail = nlohmann::json{
        {"target_kind", name(target_kind)},
        {"target_id", target.value},
        {"state",
         state}}.dump();
    auto a = append_audit(tx, std::move(e));
    if (!a) return fail(a.error());
    return m;
  });
}

Result<ConceptPage> MatchService::concepts(const Viewer& viewer, const std::string& q,
                                           std::size_t offset, std::size_t limit) {
  if (viewer.role == Role::guest)
    return fail(Error::forbidden("sign in as a member to browse the thesaurus"));
  if (!is_valid_utf8(q)) return fail(Error::invalid("not valid UTF-8", "q"));
  ConceptPage page;
  page.keep = thesaurus();
  page.version = page.keep->version();
  const std::string needle = ascii_lower(q);
  const auto& all = page.keep->concepts();
  for (uint32_t i = 0; i < all.size(); ++i) {
    const auto& c = all[i];
    bool hit = needle.empty() || c.id.find(needle) != std::string::npos;
    for (const auto& labels : {&c.zh, &c.en}) {
      for (const auto& l : *labels) {
        hit = hit || ascii_lower(l).find(needle) != std::string::npos;
      }
    }
    if (!hit) continue;
    if (page.total++ < offset || page.items.size() >= limit) continue;
    page.items.push_back({&c, page.keep->links_from(i).size() + page.keep->links_to(i).size()});
  }
  return page;
}

Result<void> MatchService::change_thesaurus(
    const Viewer& viewer, const std::function<Result<void>(store::Tx&, bridge::SourceDoc&)>& add) {
  if (!may_edit_thesaurus(viewer)) {
    return fail(
        Error::forbidden("only operators and platform administrators extend the thesaurus"));
  }
  std::unique_lock lock(engine_mutex_);
  std::lock_guard sync_lock(sync_mutex_);
  auto extra = operator_sources();
  if (!extra) return fail(std::move(extra.error()));
  // Validate the addition against everything first: nothing is stored unless the result builds.
  auto written = store_.write<bool>([&](store::Tx& tx) -> Result<bool> {
    YG_TRY(add(tx, extra->front()));
    std::vector<bridge::SourceDoc> sources = shipped_;
    sources.insert(sources.end(), extra->begin(), extra->end());
    auto t = bridge::Thesaurus::build(sources);
    if (!t) return fail(Error::unprocessable(t.error().message));
    auto f = match::make_features(config_.engine,
                                  std::make_shared<const bridge::Thesaurus>(std::move(*t)));
    if (!f) return fail(Error::unprocessable(f.error().message));
    return true;
  });
  if (!written) return fail(std::move(written.error()));
  // Swap the engine: the index is re-opened with the new thesaurus and rebuilt.
  engine_.index.reset();
  auto engine = build_engine(*extra);
  if (!engine) return fail(std::move(engine.error()));
  engine_ = std::move(*engine);
  auto rebuilt = rebuild_locked({});
  if (!rebuilt) return fail(std::move(rebuilt.error()));
  return ok();
}

Result<void> MatchService::add_concept(const Viewer& viewer, const bridge::ConceptInput& c) {
  return change_thesaurus(viewer, [&](store::Tx& tx, bridge::SourceDoc& doc) -> Result<void> {
    YG_TRY(tx.insert_bridge_concept({c.id, c.kind, c.zh, c.en, viewer.user, now_micros()}));
    doc.concepts.push_back(c);
    return ok();
  });
}

Result<void> MatchService::add_link(const Viewer& viewer, const bridge::LinkInput& l) {
  return change_thesaurus(viewer, [&](store::Tx& tx, bridge::SourceDoc& doc) -> Result<void> {
    YG_TRY(tx.insert_bridge_link({l.from, l.to, l.weight, viewer.user, now_micros()}));
    doc.links.push_back(l);
    return ok();
  });
}

}  // namespace yigong::service
