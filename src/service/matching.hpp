// Matching use cases: matches for a need or a capability, free search, similar needs, match
// states, and the thesaurus operators extend. Owns the search index and keeps it consistent with
// the database through the index outbox (DESIGN.md §6).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

#include "bridge/thesaurus.hpp"
#include "core/domain/access.hpp"
#include "core/result.hpp"
#include "match/engine.hpp"
#include "match/index.hpp"
#include "match/search.hpp"
#include "service/records.hpp"
#include "store/store.hpp"

namespace yigong::service {

struct MatchConfig {
  std::string index_path;     // folder of the search index; empty: in memory (tests)
  std::string thesaurus_dir;  // the shipped thesaurus (data/bridge)
  match::EngineOptions engine;
};

// One hit as the viewer may see it.
struct MatchItem {
  RecordView view;  // teaser or full, exactly as the record endpoints return it
  double score = 0;
  int percent = 0;
  match::Explanation why;
  std::optional<std::string> state;  // need ↔ target match lists only
  // The owning organisation when this viewer may see it (a public record of another tenant may
  // belong to an organisation the viewer cannot see).
  std::optional<Record> org;
};

struct MatchPage {
  std::vector<MatchItem> items;
  std::uint64_t total = 0;  // estimate
  std::vector<match::ConceptRef> query_concepts;
  std::vector<match::BridgeRef> query_bridges;
};

// The states a match moves through.
const std::vector<std::string_view>& match_state_names();

struct ConceptSummary {
  const bridge::Concept* concept_ = nullptr;
  std::size_t links = 0;
};
struct ConceptPage {
  std::vector<ConceptSummary> items;
  std::size_t total = 0;
  std::string version;
  std::shared_ptr<const bridge::Thesaurus> keep;  // keeps items' concepts alive
};

struct IndexStatus {
  std::uint64_t documents = 0;
  std::size_t applied = 0;  // outbox entries applied by this call
  bool rebuilt = false;
};

// Thread-safe. Searches run concurrently; a rebuild (thesaurus change) waits for them.
class MatchService {
 public:
  // Loads the thesaurus (files, then operators' additions), opens the index, and rebuilds it when
  // it was built with another thesaurus or layout, else replays the outbox.
  static Result<std::unique_ptr<MatchService>> open(store::Store& store, RecordService& records,
                                                    const MatchConfig& config);

  // Applies pending outbox entries (every search does this first).
  Result<IndexStatus> sync();
  // Re-indexes every record from the database; progress(done, total).
  Result<IndexStatus> rebuild(const std::function<void(std::size_t, std::size_t)>& progress = {});

  Result<MatchPage> matches_for_need(const Viewer& viewer, RecordId need, RecordKind target,
                                     std::size_t offset, std::size_t limit);
  Result<MatchPage> matches_for_capability(const Viewer& viewer, RecordId capability,
                                           std::size_t offset, std::size_t limit);
  Result<MatchPage> search(const Viewer& viewer, const std::string& text,
                           std::optional<RecordKind> kind, std::size_t offset, std::size_t limit);
  // Existing needs that look like duplicates of a draft (title, problem, population, outcome).
  Result<MatchPage> similar_needs(const Viewer& viewer, const std::string& draft_text);

  // Recorded match states of the needs the viewer may see, by state (the dashboard's chart).
  Result<std::map<std::string, std::int64_t>> state_counts(const Viewer& viewer);

  Result<store::MatchState> set_state(const Viewer& viewer, RecordId need, RecordKind target_kind,
                                      RecordId target, const std::string& state);

  Result<ConceptPage> concepts(const Viewer& viewer, const std::string& q, std::size_t offset,
                               std::size_t limit);
  Result<void> add_concept(const Viewer& viewer, const bridge::ConceptInput& concept_);
  Result<void> add_link(const Viewer& viewer, const bridge::LinkInput& link);

  std::shared_ptr<const bridge::Thesaurus> thesaurus() const;

  // match::expertise_scores with the current pipeline (reviewer assignment).
  Result<std::vector<std::vector<double>>> expertise_scores(
      const std::vector<std::string>& queries, const std::vector<std::string>& documents) const;

 private:
  struct Engine {
    std::shared_ptr<const bridge::Thesaurus> thesaurus;
    std::shared_ptr<const match::FeatureExtractor> features;
    std::unique_ptr<match::Index> index;
  };
  MatchService(store::Store& store, RecordService& records, MatchConfig config);
  Result<Engine> build_engine(const std::vector<bridge::SourceDoc>& extra) const;
  Result<std::vector<bridge::SourceDoc>> operator_sources();
  Result<IndexStatus> sync_locked();
  Result<IndexStatus> rebuild_locked(const std::function<void(std::size_t, std::size_t)>& progress);
  Result<MatchPage> run(const Viewer& viewer, match::Query query, std::size_t offset,
                        std::size_t limit, std::optional<RecordId> states_of_need);
  Result<void> change_thesaurus(
      const Viewer& viewer, const std::function<Result<void>(store::Tx&, bridge::SourceDoc&)>& add);

  store::Store& store_;
  RecordService& records_;
  MatchConfig config_;
  std::vector<bridge::SourceDoc> shipped_;
  mutable std::shared_mutex engine_mutex_;  // shared: searches; unique: engine swap
  std::mutex sync_mutex_;                   // one outbox applier at a time
  Engine engine_;
};

// The index document(s) of a record: the full text, plus a teaser-only document for NDA-tier
// records (searched by viewers who see only the teaser).
std::vector<match::IndexDocument> index_documents(const Record& record);

// The Xapian-side visibility prefilter of a viewer (the exact check runs per hit afterwards).
match::AccessFilter access_filter(const Viewer& viewer);

}  // namespace yigong::service
