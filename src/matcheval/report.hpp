// The evaluation run behind `yigong match eval`: every system on one eval set, with per-language
// rows and the subset of queries that share no word or bigram with any of their relevant records.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "bridge/thesaurus.hpp"
#include "core/result.hpp"
#include "match/search.hpp"
#include "matcheval/eval_set.hpp"
#include "matcheval/metrics.hpp"

namespace yigong::matcheval {

struct EvalOptions {
  bool ablations = false;  // also run the ablation rows
  std::string dictionary_path = "/usr/lib/python3/dist-packages/jieba/dict.txt";
  match::Weights weights;                       // yigong's rows (B2 uses the word/bigram ones)
  size_t max_terms = match::Query{}.max_terms;  // yigong's and B2's query-term budget
};

struct SystemRow {
  std::string key;          // "yigong", "xapian", "fts5", "lexical", or an ablation's key
  std::string description;  // what the row is
  Metrics all;
  Metrics no_overlap;  // the queries sharing no word or bigram with their relevant records
  std::map<std::string, Metrics> by_language;
};

struct EvalReport {
  size_t documents = 0, queries = 0, judged_queries = 0;
  std::vector<std::string> no_overlap_queries;
  std::vector<SystemRow> rows;  // B0, B1, B2, yigong first, then ablations
  const SystemRow* row(std::string_view key) const;
};

// progress(done, total, what) is called as systems finish.
Result<EvalReport> run_eval(
    const std::vector<CorpusDoc>& corpus, const std::vector<EvalQuery>& queries, const Qrels& qrels,
    std::shared_ptr<const bridge::Thesaurus> thesaurus, const EvalOptions& options,
    const std::function<void(size_t, size_t, const std::string&)>& progress = {});

}  // namespace yigong::matcheval
