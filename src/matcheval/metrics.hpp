// Ranking metrics: nDCG@10 (gains 2^grade − 1, log2 discount), recall@50, MRR (first grade ≥ 2).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "matcheval/eval_set.hpp"

namespace yigong::matcheval {

struct ScoredDoc {
  std::string id;
  double score = 0;
};

// query id → ranked documents (best first; ties already broken by score, then id).
using Run = std::map<std::string, std::vector<ScoredDoc>>;

struct Metrics {
  double ndcg10 = 0, recall50 = 0, mrr = 0;
  size_t queries = 0;
};

// Sorts by score descending, then id ascending.
void order_ranking(std::vector<ScoredDoc>& ranking);

double ndcg_at(const std::vector<ScoredDoc>& ranking, const std::map<std::string, int>& judged,
               size_t k);
double recall_at(const std::vector<ScoredDoc>& ranking, const std::map<std::string, int>& judged,
                 size_t k);
double reciprocal_rank(const std::vector<ScoredDoc>& ranking,
                       const std::map<std::string, int>& judged);

// Means over the given queries (those with at least one relevant document).
Metrics evaluate(const Run& run, const Qrels& qrels, const std::vector<std::string>& query_ids);

}  // namespace yigong::matcheval
