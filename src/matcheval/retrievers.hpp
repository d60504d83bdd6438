// The systems compared by `yigong match eval`: yigong's engine (in any configuration) and the
// baselines B0 (Xapian as shipped) and B1 (SQLite FTS5 trigram).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "match/features.hpp"
#include "match/search.hpp"
#include "matcheval/eval_set.hpp"
#include "matcheval/metrics.hpp"

namespace yigong::matcheval {

class Retriever {
 public:
  virtual ~Retriever() = default;
  virtual Result<void> index(const std::vector<CorpusDoc>& corpus) = 0;
  // The top k documents for a query text, ordered (score, then id).
  virtual Result<std::vector<ScoredDoc>> rank(const std::string& text, size_t k) = 0;
};

// yigong's index and search over an in-memory index; the pipeline decides the configuration.
std::unique_ptr<Retriever> yigong_retriever(std::shared_ptr<const match::FeatureExtractor> features,
                                            match::Bridging bridging, match::Weights weights = {},
                                            size_t max_terms = match::Query{}.max_terms);

// B0: Xapian 1.4 as shipped: TermGenerator and QueryParser with FLAG_CJK_NGRAM and the English
// stemmer, default OR, BM25 defaults.
std::unique_ptr<Retriever> xapian_default_retriever();

// B1: SQLite FTS5 with the trigram tokenizer; the query is an OR of its quoted trigrams, ranked
// by bm25(). Text is put through yigong's normaliser first (case folding, traditional →
// simplified), which only helps the baseline.
std::unique_ptr<Retriever> fts5_retriever(text::Normalizer normalizer);

// Runs every query through a retriever (top 100 each).
Result<Run> run_queries(Retriever& retriever, const std::vector<EvalQuery>& queries);

}  // namespace yigong::matcheval
