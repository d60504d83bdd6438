// Retrieval: a text becomes words + concepts + bridged concepts (weighted) + filters; hits come
// back ranked (BM25 over all of them plus a record prior) with an explanation each.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "bridge/recognize.hpp"
#include "core/result.hpp"
#include "match/index.hpp"

namespace yigong::match {

// Weights of the query's parts (OP_SCALE_WEIGHT factors on each part's BM25 weight).
struct Weights {
  double word = 1.0;
  double bigram = 1.0;
  double concept_ = 2.0;  // a concept named in the query
  double bridged = 1.5;   // times the link weight, for a concept reached through the bridge
  double prior = 0.5;     // added for a record whose prior is 1
  // Fusion of the two channels: each channel's BM25 is divided by its best score in the candidate
  // set, then final = lexical + concepts × channel. 0 turns fusion off: one BM25 over all terms.
  double channel = 1.0;
  size_t candidates = 200;  // per channel, when fusing
};

struct Filters {
  std::vector<std::string> kinds;  // any of; empty = all
  std::string tenant;              // required when not empty
  std::vector<std::string> tiers;  // any of; empty = all
  std::vector<std::string> org_types;
  std::vector<std::string> regions;
  std::optional<int> trl_min, trl_max;
  std::vector<std::string> exclude_ids;  // e.g. the need itself
};

enum class Bridging { none, to_engineering, to_clinical, both };

struct Query {
  std::string text;
  Filters filters;
  Bridging bridging = Bridging::to_engineering;
  size_t offset = 0;
  size_t limit = 10;
  Weights weights;
  // At most this many query terms (the highest weight × idf) take part; 0 = all. Long queries
  // keep their most telling terms, which bounds the work per query.
  size_t max_terms = 24;
};

struct ConceptRef {
  std::string id, label_zh, label_en, kind;
};

struct BridgeRef {
  ConceptRef from;  // named in the query
  ConceptRef to;    // found in the record
  double weight = 0;
};

struct Explanation {
  std::vector<std::string> words;    // matched words and bigrams (normalised surface form)
  std::vector<ConceptRef> concepts;  // concepts named by both
  std::vector<BridgeRef> bridges;    // query concept → record concept, with the link weight
};

struct Hit {
  std::string id;
  double score = 0;
  Explanation why;
};

struct SearchResult {
  std::vector<Hit> hits;
  uint64_t estimated_total = 0;
  // What the query was understood as (for display): its concepts and bridged concepts.
  std::vector<ConceptRef> query_concepts;
  std::vector<BridgeRef> query_bridges;
};

// An empty or term-less text (only punctuation or emoji) gives no hits, not an error.
Result<SearchResult> search(Index& index, const Query& query);

ConceptRef concept_ref(const bridge::Thesaurus& thesaurus, uint32_t index);

}  // namespace yigong::match
