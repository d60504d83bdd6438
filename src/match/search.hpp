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
  double channel = 2.0;
  size_t candidates = 100;  // per channel, when fusing
  // Score the concept channel by agreement (each query concept counted once, at its best link)
  // rather than by BM25 over every linked concept.
  bool agreement = true;
  // Agreement of a record that names the query's concept itself (a link's agreement is its weight).
  double self_agreement = 0.5;
};

// Which documents a viewer may reach, as boolean terms: documents of public tier, plus, within the
// tenant, consortium and NDA tiers when shared_tiers, and private ones when all_private or owned
// by the viewer's organisation or created by the viewer. everything: no restriction. (The record
// layer's exact check still runs on every hit.)
struct AccessFilter {
  bool everything = true;
  std::string tenant;
  bool shared_tiers = false;
  bool all_private = false;
  std::string private_org;  // empty: none
  std::string self;
};

struct Filters {
  AccessFilter access;
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
  std::string id;      // the document
  std::string record;  // the record it stands for
  bool teaser = false;
  double score = 0;
  int percent = 0;  // share of the query's maximum weight (single-channel ranking only)
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
