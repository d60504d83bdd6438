#include "match/expertise.hpp"

#include <algorithm>

#include "match/index.hpp"
#include "match/search.hpp"

namespace yigong::match {

Result<std::vector<std::vector<double>>> expertise_scores(
    std::shared_ptr<const FeatureExtractor> features, const std::vector<std::string>& queries,
    const std::vector<std::string>& documents) {
  std::vector<std::vector<double>> out(queries.size(), std::vector<double>(documents.size(), 0.0));
  if (queries.empty() || documents.empty()) return out;
  auto index = Index::open("", std::move(features));
  if (!index) return fail(std::move(index.error()));
  for (std::size_t d = 0; d < documents.size(); ++d) {
    IndexDocument doc;
    doc.id = std::to_string(d);
    doc.kind = "person";
    doc.body = documents[d];
    YG_TRY((*index)->put(doc));
  }
  YG_TRY((*index)->commit());
  double best = 0;
  for (std::size_t q = 0; q < queries.size(); ++q) {
    Query query;
    query.text = queries[q];
    query.bridging = Bridging::both;
    query.limit = documents.size();
    auto found = search(**index, query);
    if (!found) return fail(std::move(found.error()));
    for (const auto& hit : found->hits) {
      std::size_t d = std::stoul(hit.id);
      out[q][d] = hit.score;
      best = std::max(best, hit.score);
    }
  }
  if (best > 0) {
    for (auto& row : out) {
      for (auto& s : row) s = std::clamp(s / best, 0.0, 1.0);
    }
  }
  return out;
}

}  // namespace yigong::match
