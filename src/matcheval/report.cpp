#include "matcheval/report.hpp"

#include <set>

#include "match/engine.hpp"
#include "matcheval/retrievers.hpp"

namespace yigong::matcheval {
namespace {

struct SystemSpec {
  std::string key, description;
  std::function<Result<std::unique_ptr<Retriever>>()> make;
};

using FeaturesPtr = std::shared_ptr<const match::FeatureExtractor>;

std::set<std::string> lexical_terms(const match::Features& f) {
  std::set<std::string> out;
  for (const auto& w : f.words) out.insert("W" + w.term);
  for (const auto& b : f.bigrams) out.insert("B" + b.term);
  return out;
}

// Queries whose words and bigrams meet none of their relevant records' words and bigrams.
Result<std::vector<std::string>> no_overlap_queries(const std::vector<CorpusDoc>& corpus,
                                                    const std::vector<EvalQuery>& queries,
                                                    const Qrels& qrels,
                                                    const FeaturesPtr& lexical) {
  std::map<std::string, const CorpusDoc*> by_id;
  for (const auto& d : corpus) by_id[d.id] = &d;
  std::vector<std::string> out;
  for (const auto& q : queries) {
    auto judged = qrels.find(q.id);
    if (judged == qrels.end()) continue;
    auto qf = lexical->extract(q.text());
    if (!qf) return fail(qf.error().at(q.id));
    const auto qterms = lexical_terms(*qf);
    bool overlap = false;
    for (const auto& [doc_id, grade] : judged->second) {
      auto d = by_id.find(doc_id);
      if (d == by_id.end()) continue;
      auto df = lexical->extract(d->second->title + "\n" + d->second->description);
      if (!df) return fail(df.error().at(doc_id));
      for (const auto& t : lexical_terms(*df)) overlap = overlap || qterms.count(t);
      if (overlap) break;
    }
    if (!overlap) out.push_back(q.id);
  }
  return out;
}

}  // namespace

const SystemRow* EvalReport::row(std::string_view key) const {
  for (const auto& r : rows) {
    if (r.key == key) return &r;
  }
  return nullptr;
}

Result<EvalReport> run_eval(
    const std::vector<CorpusDoc>& corpus, const std::vector<EvalQuery>& queries, const Qrels& qrels,
    std::shared_ptr<const bridge::Thesaurus> thesaurus, const EvalOptions& options,
    const std::function<void(size_t, size_t, const std::string&)>& progress) {
  for (const auto& [qid, docs] : qrels) {
    (void)docs;
    bool known = false;
    for (const auto& q : queries) known = known || q.id == qid;
    if (!known)
      return fail(Error::invalid("qrels name query " + qid + ", which is not among the queries"));
  }
  auto pipeline = [&](match::EngineOptions o) { return match::make_features(o, thesaurus); };
  match::EngineOptions full;
  match::EngineOptions lexical_options = full;
  lexical_options.concepts = false;
  auto lexical = pipeline(lexical_options);
  if (!lexical) return fail(std::move(lexical.error()));
  auto yigong = pipeline(full);
  if (!yigong) return fail(std::move(yigong.error()));
  auto normalizer = text::Normalizer::create();
  if (!normalizer) return fail(std::move(normalizer.error()));

  auto with = [&](match::EngineOptions o, match::Bridging bridging) {
    return [=, &pipeline]() -> Result<std::unique_ptr<Retriever>> {
      auto f = pipeline(o);
      if (!f) return fail(std::move(f.error()));
      return yigong_retriever(*f, bridging, options.weights, options.max_terms);
    };
  };
  std::vector<SystemSpec> specs = {
      {"xapian", "B0: Xapian 1.4 as shipped (FLAG_CJK_NGRAM, OR, BM25)",
       [] { return Result<std::unique_ptr<Retriever>>(xapian_default_retriever()); }},
      {"fts5", "B1: SQLite FTS5 trigram, OR of quoted trigrams, bm25()",
       [&] { return Result<std::unique_ptr<Retriever>>(fts5_retriever(*normalizer)); }},
      {"lexical", "B2: yigong's normaliser + segmenter, words + CJK bigrams, BM25, OR",
       [&] {
         return Result<std::unique_ptr<Retriever>>(
             yigong_retriever(*lexical, match::Bridging::none, options.weights, options.max_terms));
       }},
      {"yigong", "yigong: B2 + concepts + bridged concepts",
       [&] {
         return Result<std::unique_ptr<Retriever>>(yigong_retriever(
             *yigong, match::Bridging::to_engineering, options.weights, options.max_terms));
       }},
  };
  if (options.ablations) {
    match::EngineOptions no_bigrams = full;
    no_bigrams.analyzer.bigrams = false;
    match::EngineOptions no_opencc = full;
    no_opencc.opencc_config.clear();
    match::EngineOptions dictionary = full;
    dictionary.analyzer.segmentation = text::CjkSegmentation::dictionary;
    dictionary.dictionary_path = options.dictionary_path;
    match::EngineOptions lexical_dictionary = dictionary;
    lexical_dictionary.concepts = false;
    match::EngineOptions lexical_no_bigrams = lexical_options;
    lexical_no_bigrams.analyzer.bigrams = false;
    specs.push_back({"concepts-only",
                     "yigong without the bridge (concepts named in the query only)",
                     with(full, match::Bridging::none)});
    specs.push_back({"no-bigrams", "yigong without CJK bigrams (words + concepts)",
                     with(no_bigrams, match::Bridging::to_engineering)});
    specs.push_back({"no-opencc", "yigong without traditional → simplified conversion",
                     with(no_opencc, match::Bridging::to_engineering)});
    specs.push_back({"dictionary",
                     "yigong with the dictionary segmenter (jieba dict + labels) instead of ICU",
                     with(dictionary, match::Bridging::to_engineering)});
    specs.push_back({"lexical-no-bigrams", "B2 without CJK bigrams (ICU words only)",
                     with(lexical_no_bigrams, match::Bridging::none)});
    specs.push_back({"lexical-dictionary", "B2 with the dictionary segmenter instead of ICU",
                     with(lexical_dictionary, match::Bridging::none)});
  }

  EvalReport report;
  report.documents = corpus.size();
  report.queries = queries.size();
  std::vector<std::string> ids;
  std::map<std::string, std::vector<std::string>> by_language;
  for (const auto& q : queries) {
    auto judged = qrels.find(q.id);
    if (judged == qrels.end() || judged->second.empty()) continue;
    ids.push_back(q.id);
    by_language[q.language].push_back(q.id);
  }
  report.judged_queries = ids.size();
  auto none = no_overlap_queries(corpus, queries, qrels, *lexical);
  if (!none) return fail(std::move(none.error()));
  report.no_overlap_queries = std::move(*none);

  for (size_t i = 0; i < specs.size(); ++i) {
    if (progress) progress(i, specs.size(), specs[i].key);
    auto retriever = specs[i].make();
    if (!retriever) return fail(std::move(retriever.error()));
    YG_TRY((*retriever)->index(corpus));
    auto run = run_queries(**retriever, queries);
    if (!run) return fail(std::move(run.error()));
    SystemRow row{specs[i].key,
                  specs[i].description,
                  evaluate(*run, qrels, ids),
                  evaluate(*run, qrels, report.no_overlap_queries),
                  {}};
    for (const auto& [language, qids] : by_language)
      row.by_language[language] = evaluate(*run, qrels, qids);
    report.rows.push_back(std::move(row));
  }
  if (progress) progress(specs.size(), specs.size(), "done");
  return report;
}

}  // namespace yigong::matcheval
