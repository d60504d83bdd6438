#include "matcheval/metrics.hpp"

#include <algorithm>
#include <cmath>

namespace yigong::matcheval {
namespace {

int grade_of(const std::map<std::string, int>& judged, const std::string& id) {
  auto it = judged.find(id);
  return it == judged.end() ? 0 : it->second;
}

double gain(int grade) { return std::pow(2.0, grade) - 1.0; }

}  // namespace

void order_ranking(std::vector<ScoredDoc>& ranking) {
  std::stable_sort(ranking.begin(), ranking.end(), [](const ScoredDoc& a, const ScoredDoc& b) {
    return a.score != b.score ? a.score > b.score : a.id < b.id;
  });
}

double ndcg_at(const std::vector<ScoredDoc>& ranking, const std::map<std::string, int>& judged,
               size_t k) {
  double dcg = 0;
  for (size_t i = 0; i < std::min(k, ranking.size()); ++i) {
    dcg += gain(grade_of(judged, ranking[i].id)) / std::log2(double(i) + 2);
  }
  std::vector<int> ideal;
  for (const auto& [id, g] : judged) ideal.push_back(g);
  std::sort(ideal.rbegin(), ideal.rend());
  double idcg = 0;
  for (size_t i = 0; i < std::min(k, ideal.size()); ++i)
    idcg += gain(ideal[i]) / std::log2(double(i) + 2);
  return idcg > 0 ? dcg / idcg : 0;
}

double recall_at(const std::vector<ScoredDoc>& ranking, const std::map<std::string, int>& judged,
                 size_t k) {
  size_t relevant = 0, found = 0;
  for (const auto& [id, g] : judged) relevant += g > 0;
  for (size_t i = 0; i < std::min(k, ranking.size()); ++i)
    found += grade_of(judged, ranking[i].id) > 0;
  return relevant ? double(found) / double(relevant) : 0;
}

double reciprocal_rank(const std::vector<ScoredDoc>& ranking,
                       const std::map<std::string, int>& judged) {
  for (size_t i = 0; i < ranking.size(); ++i) {
    if (grade_of(judged, ranking[i].id) >= 2) return 1.0 / double(i + 1);
  }
  return 0;
}

Metrics evaluate(const Run& run, const Qrels& qrels, const std::vector<std::string>& query_ids) {
  Metrics m;
  static const std::vector<ScoredDoc> none;
  for (const auto& q : query_ids) {
    auto judged = qrels.find(q);
    if (judged == qrels.end() || judged->second.empty()) continue;
    auto r = run.find(q);
    const auto& ranking = r == run.end() ? none : r->second;
    m.ndcg10 += ndcg_at(ranking, judged->second, 10);
    m.recall50 += recall_at(ranking, judged->second, 50);
    m.mrr += reciprocal_rank(ranking, judged->second);
    ++m.queries;
  }
  if (m.queries) {
    m.ndcg10 /= double(m.queries);
    m.recall50 /= double(m.queries);
    m.mrr /= double(m.queries);
  }
  return m;
}

}  // namespace yigong::matcheval
