// An evaluation set for retrieval: corpus, queries and graded judgments, in the formats of
// `yigong match eval` (docs/matching.md).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace yigong::matcheval {

struct CorpusDoc {
  std::string id, title, description, language;
  std::string kind, org_type, region;  // optional
  std::optional<int> trl;
};

struct EvalQuery {
  std::string id, title, statement, language;
  std::string text() const { return title + "\n" + statement; }
};

// query id → doc id → grade (1–3); unlisted pairs are 0.
using Qrels = std::map<std::string, std::map<std::string, int>>;

// Each reader reports the first bad line with its number and what is wrong.
Result<std::vector<CorpusDoc>> read_corpus(const std::string& path);
Result<std::vector<EvalQuery>> read_queries(const std::string& path);
Result<Qrels> read_qrels(const std::string& path);

}  // namespace yigong::matcheval
