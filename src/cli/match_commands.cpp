// `yigong match eval` and `yigong bridge check`: the matching engine on files.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "bridge/recognize.hpp"
#include "cli/app.hpp"
#include "cli/commands.hpp"
#include "cli/progress.hpp"
#include "match/engine.hpp"
#include "matcheval/report.hpp"

namespace yigong::cli {
namespace {

Result<std::shared_ptr<const bridge::Thesaurus>> load_thesaurus(const std::string& dir) {
  auto sources = bridge::read_source_dir(dir);
  if (!sources) return fail(std::move(sources.error()));
  if (sources->empty()) return fail(Error::invalid("no thesaurus files (*.json) in " + dir));
  auto thesaurus = bridge::Thesaurus::build(*sources);
  if (!thesaurus) return fail(std::move(thesaurus.error()));
  return std::make_shared<const bridge::Thesaurus>(std::move(*thesaurus));
}

nlohmann::json metrics_json(const matcheval::Metrics& m) {
  return {{"ndcg@10", m.ndcg10}, {"recall@50", m.recall50}, {"mrr", m.mrr}, {"queries", m.queries}};
}

void print_table(const matcheval::EvalReport& report) {
  std::printf(
      "eval set: %zu documents, %zu queries (%zu judged), %zu share no word or bigram with "
      "their relevant records\n\n",
      report.documents, report.queries, report.judged_queries, report.no_overlap_queries.size());
  std::printf("%-20s %8s %9s %7s   %-24s  %s\n", "system", "nDCG@10", "recall@50", "MRR",
              "no-overlap nDCG/R@50", "description");
  for (const auto& r : report.rows) {
    std::printf("%-20s %8.3f %9.3f %7.3f   %11.3f / %-10.3f  %s\n", r.key.c_str(), r.all.ndcg10,
                r.all.recall50, r.all.mrr, r.no_overlap.ndcg10, r.no_overlap.recall50,
                r.description.c_str());
  }
  std::printf("\nby query language (nDCG@10)\n%-20s", "system");
  const auto& first = report.rows.front().by_language;
  for (const auto& [language, m] : first) std::printf(" %8s", language.c_str());
  std::printf("\n");
  for (const auto& r : report.rows) {
    std::printf("%-20s", r.key.c_str());
    for (const auto& [language, m] : r.by_language) std::printf(" %8.3f", m.ndcg10);
    std::printf("\n");
  }
  if (const auto* y = report.row("yigong"); y) {
    if (const auto* b2 = report.row("lexical"); b2) {
      std::printf("\nyigong − B2: nDCG@10 %+.3f, recall@50 %+.3f, MRR %+.3f\n",
                  y->all.ndcg10 - b2->all.ndcg10, y->all.recall50 - b2->all.recall50,
                  y->all.mrr - b2->all.mrr);
    }
  }
}

// How often the bridge can help: queries with concepts, and relevant records (grade ≥ 2) that share
// a concept with their query directly or through a link.
int trace_coverage(const std::vector<matcheval::CorpusDoc>& corpus,
                   const std::vector<matcheval::EvalQuery>& queries, const matcheval::Qrels& qrels,
                   std::shared_ptr<const bridge::Thesaurus> thesaurus) {
  auto features = match::make_features({}, thesaurus);
  if (!features) {
    print_error(features.error());
    return 1;
  }
  std::map<std::string, std::set<uint32_t>> doc_concepts;
  for (const auto& d : corpus) {
    auto f = (*features)->extract(d.title + "\n" + d.description);
    if (!f) continue;
    for (const auto& h : f->concepts) doc_concepts[d.id].insert(h.concept_index);
  }
  size_t with_concepts = 0, relevant = 0, direct = 0, bridged = 0, either = 0, docs_with = 0;
  for (const auto& [id, cs] : doc_concepts) docs_with += !cs.empty();
  for (const auto& q : queries) {
    auto f = (*features)->extract(q.text());
    if (!f) continue;
    with_concepts += !f->concepts.empty();
    std::set<uint32_t> qd, qb;
    for (const auto& h : f->concepts) qd.insert(h.concept_index);
    for (const auto& b :
         (*features)->concepts()->bridge(f->concepts, bridge::Direction::to_engineering)) {
      qb.insert(b.concept_index);
    }
    if (!qrels.count(q.id)) continue;
    for (const auto& [doc, grade] : qrels.at(q.id)) {
      if (grade < 2) continue;
      ++relevant;
      const auto& dc = doc_concepts[doc];
      bool d = false, b = false;
      for (auto c : dc) d = d || qd.count(c), b = b || qb.count(c);
      direct += d;
      bridged += b;
      either += d || b;
    }
  }
  std::printf(
      "queries with a concept: %zu of %zu; records with a concept: %zu of %zu\n"
      "relevant records (grade >= 2): %zu; sharing a query concept %zu, a bridged concept %zu, "
      "either %zu\n",
      with_concepts, queries.size(), docs_with, corpus.size(), relevant, direct, bridged, either);
  return 0;
}

// Prints how yigong reads one query: its concepts and bridges, the top hits with their grades and
// explanations, and the concepts found in each relevant record.
int trace_query(const MatchEvalArgs& args, const std::vector<matcheval::CorpusDoc>& corpus,
                const std::vector<matcheval::EvalQuery>& queries, const matcheval::Qrels& qrels,
                std::shared_ptr<const bridge::Thesaurus> thesaurus, const match::Weights& weights,
                size_t max_terms) {
  if (args.trace == "all") return trace_coverage(corpus, queries, qrels, thesaurus);
  auto q = std::find_if(queries.begin(), queries.end(),
                        [&](const matcheval::EvalQuery& x) { return x.id == args.trace; });
  if (q == queries.end()) {
    std::fprintf(stderr, "yigong: no query %s\n", args.trace.c_str());
    return 2;
  }
  auto features = match::make_features({}, thesaurus);
  if (!features) {
    print_error(features.error());
    return 1;
  }
  auto index = match::Index::open("", *features);
  if (!index) {
    print_error(index.error());
    return 1;
  }
  for (const auto& d : corpus) {
    if (auto r = (*index)->put({d.id, "capability", d.title, d.description}); !r) {
      print_error(r.error());
      return 1;
    }
  }
  (void)(*index)->commit();
  match::Query query;
  query.text = q->text();
  query.limit = 10;
  query.weights = weights;
  query.max_terms = max_terms;
  auto found = match::search(**index, query);
  if (!found) {
    print_error(found.error());
    return 1;
  }
  const auto& judged = qrels.count(q->id) ? qrels.at(q->id) : std::map<std::string, int>{};
  std::printf("%s: %s\nconcepts:", q->id.c_str(), q->text().c_str());
  for (const auto& c : found->query_concepts) std::printf(" %s", c.id.c_str());
  std::printf("\nbridged:");
  for (const auto& b : found->query_bridges) std::printf(" %s(%.1f)", b.to.id.c_str(), b.weight);
  std::printf("\n\ntop hits:\n");
  for (const auto& h : found->hits) {
    std::printf("  %-10s grade %d  %.2f  words:", h.id.c_str(),
                judged.count(h.id) ? judged.at(h.id) : 0, h.score);
    for (const auto& w : h.why.words) std::printf(" %s", w.c_str());
    std::printf("  concepts:");
    for (const auto& c : h.why.concepts) std::printf(" %s", c.id.c_str());
    for (const auto& b : h.why.bridges) std::printf(" %s→%s", b.from.id.c_str(), b.to.id.c_str());
    std::printf("\n");
  }
  std::printf("\nrelevant records and their concepts:\n");
  for (const auto& judgment : judged) {
    const std::string& doc_id = judgment.first;
    const int grade = judgment.second;
    auto d = std::find_if(corpus.begin(), corpus.end(),
                          [&](const matcheval::CorpusDoc& x) { return x.id == doc_id; });
    if (d == corpus.end()) continue;
    auto f = (*features)->extract(d->title + "\n" + d->description);
    std::printf("  %-10s grade %d  %s\n     concepts:", doc_id.c_str(), grade, d->title.c_str());
    if (f) {
      for (const auto& c : f->concepts)
        std::printf(" %s", thesaurus->concepts()[c.concept_index].id.c_str());
    }
    std::printf("\n");
  }
  return 0;
}

}  // namespace

int run_match_eval(const MatchEvalArgs& args) {
  auto corpus = matcheval::read_corpus(args.corpus);
  auto queries = corpus ? matcheval::read_queries(args.queries) : fail(corpus.error());
  auto qrels = queries ? matcheval::read_qrels(args.qrels) : fail(queries.error());
  if (!qrels) {
    print_error(qrels.error());
    return 2;
  }
  auto thesaurus = load_thesaurus(args.thesaurus);
  if (!thesaurus) {
    print_error(thesaurus.error());
    return 1;
  }
  matcheval::EvalOptions options{args.ablations, args.dictionary};
  if (args.concept_weight >= 0) options.weights.concept_ = args.concept_weight;
  if (args.bridged_weight >= 0) options.weights.bridged = args.bridged_weight;
  if (args.bigram_weight >= 0) options.weights.bigram = args.bigram_weight;
  if (args.channel_weight >= 0) options.weights.channel = args.channel_weight;
  if (args.agreement >= 0) options.weights.agreement = args.agreement != 0;
  if (args.max_terms >= 0) options.max_terms = size_t(args.max_terms);
  if (!args.trace.empty()) {
    return trace_query(args, *corpus, *queries, *qrels, *thesaurus, options.weights,
                       options.max_terms);
  }
  ProgressBar bar;
  auto report = matcheval::run_eval(
      *corpus, *queries, *qrels, *thesaurus, options,
      [&](size_t done, size_t total, const std::string& what) { bar.update(what, done, total); });
  bar.finish();
  if (!report) {
    print_error(report.error());
    return 1;
  }
  if (args.json) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& r : report->rows) {
      out[r.key] = metrics_json(r.all);
      out[r.key]["no_overlap"] = metrics_json(r.no_overlap);
      for (const auto& [language, m] : r.by_language)
        out[r.key]["by_language"][language] = metrics_json(m);
    }
    out["eval_set"] = {{"documents", report->documents},
                       {"queries", report->queries},
                       {"no_overlap_queries", report->no_overlap_queries.size()}};
    std::printf("%s\n", out.dump(2).c_str());
  } else {
    print_table(*report);
  }
  return 0;
}

int run_bridge_check(const std::string& dir) {
  auto thesaurus = load_thesaurus(dir);
  if (!thesaurus) {
    print_error(thesaurus.error());
    return 1;
  }
  // Labels must stay unique after normalisation; building the recogniser checks that.
  auto features = match::make_features({}, *thesaurus);
  if (!features) {
    print_error(features.error());
    return 1;
  }
  const auto& t = **thesaurus;
  size_t clinical = 0, unlinked_clinical = 0, unreached_engineering = 0;
  for (uint32_t i = 0; i < t.concepts().size(); ++i) {
    if (t.concepts()[i].domain == bridge::Domain::clinical) {
      ++clinical;
      unlinked_clinical += t.links_from(i).empty();
    } else {
      unreached_engineering += t.links_to(i).empty();
    }
  }
  std::printf(
      "yigong: thesaurus %s is valid: %zu concepts (%zu clinical, %zu engineering), %zu links, "
      "version %s\n",
      dir.c_str(), t.concepts().size(), clinical, t.concepts().size() - clinical, t.links().size(),
      t.version().c_str());
  if (unlinked_clinical || unreached_engineering) {
    std::printf(
        "note: %zu clinical concepts have no link; %zu engineering concepts are not linked to\n",
        unlinked_clinical, unreached_engineering);
  }
  return 0;
}

}  // namespace yigong::cli
