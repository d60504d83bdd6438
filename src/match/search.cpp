#include "match/search.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>

#include "match/detail/index_impl.hpp"

namespace yigong::match {
namespace {

enum class TermRole { word, bigram, concept_, bridged };

// One term of the query with its weight factor and what it means for explanations.
struct QueryTerm {
  std::string term;
  TermRole role = TermRole::word;
  double scale = 1;
  Xapian::termcount wqf = 0;
  std::string surface;         // words and bigrams
  uint32_t concept_index = 0;  // concepts: the concept; bridged: the target concept
  uint32_t via = 0;            // bridged: the query concept it came from
  double link_weight = 0;
};

std::vector<QueryTerm> query_terms(const Features& f, const bridge::ConceptRecognizer* recognizer,
                                   const Query& q) {
  std::vector<QueryTerm> terms;
  std::unordered_map<std::string, size_t> at;
  auto add = [&](QueryTerm t) {
    auto [it, inserted] = at.emplace(t.term, terms.size());
    if (inserted) {
      terms.push_back(std::move(t));
    } else {
      terms[it->second].wqf += t.wqf;
    }
  };
  for (const auto& w : f.words) {
    add({std::string(prefix::word) + w.term, TermRole::word, q.weights.word, 1, w.surface});
  }
  for (const auto& b : f.bigrams) {
    add({std::string(prefix::bigram) + b.term, TermRole::bigram, q.weights.bigram, 1, b.surface});
  }
  if (!recognizer) return terms;
  const auto& thesaurus = recognizer->thesaurus();
  for (const auto& c : f.concepts) {
    add({std::string(prefix::concept_) + thesaurus.concepts()[c.concept_index].id,
         TermRole::concept_, q.weights.concept_, c.count, c.surface, c.concept_index});
  }
  if (q.bridging == Bridging::none) return terms;
  std::vector<bridge::BridgedConcept> bridged;
  if (q.bridging == Bridging::to_engineering || q.bridging == Bridging::both) {
    bridged = recognizer->bridge(f.concepts, bridge::Direction::to_engineering);
  }
  if (q.bridging == Bridging::to_clinical || q.bridging == Bridging::both) {
    auto back = recognizer->bridge(f.concepts, bridge::Direction::to_clinical);
    bridged.insert(bridged.end(), back.begin(), back.end());
  }
  for (const auto& b : bridged) {
    QueryTerm t{std::string(prefix::concept_) + thesaurus.concepts()[b.concept_index].id,
                TermRole::bridged,
                q.weights.bridged * b.weight,
                1,
                {},
                b.concept_index,
                b.via,
                b.weight};
    auto it = at.find(t.term);
    if (it == at.end()) {
      at.emplace(t.term, terms.size());
      terms.push_back(std::move(t));
    } else if (terms[it->second].role == TermRole::bridged && t.scale > terms[it->second].scale) {
      terms[it->second] = std::move(t);
    }
  }
  return terms;
}

// Keeps the max_terms terms with the highest scale × idf; drops terms absent from the index.
void select_terms(std::vector<QueryTerm>& terms, const Xapian::Database& db, size_t max_terms) {
  const double n = std::max<double>(1, db.get_doccount());
  std::vector<std::pair<double, size_t>> ranked;
  for (size_t i = 0; i < terms.size(); ++i) {
    const double df = db.get_termfreq(terms[i].term);
    if (df == 0) continue;
    const double idf = std::log((n - df + 0.5) / (df + 0.5) + 1.0);
    ranked.emplace_back(terms[i].scale * idf * std::min<double>(terms[i].wqf, 3), i);
  }
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  if (max_terms != 0 && ranked.size() > max_terms) ranked.resize(max_terms);
  std::vector<QueryTerm> kept;
  kept.reserve(ranked.size());
  for (const auto& [score, i] : ranked) kept.push_back(std::move(terms[i]));
  terms = std::move(kept);
}

Xapian::Query any_of(std::string_view p, const std::vector<std::string>& values) {
  std::vector<Xapian::Query> parts;
  for (const auto& v : values) parts.emplace_back(std::string(p) + v);
  return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
}

Xapian::Query term(std::string_view p, std::string_view value) {
  return Xapian::Query(std::string(p) + std::string(value));
}

Xapian::Query or_of(std::vector<Xapian::Query> parts) {
  return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
}

Xapian::Query access_query(const AccessFilter& a) {
  std::vector<Xapian::Query> in_tenant;
  if (a.shared_tiers)
    in_tenant.push_back(or_of({term(prefix::tier, "consortium"), term(prefix::tier, "nda")}));
  std::vector<Xapian::Query> private_owners;
  if (a.all_private) private_owners.push_back(Xapian::Query::MatchAll);
  if (!a.private_org.empty()) private_owners.push_back(term(prefix::owner_org, a.private_org));
  if (!a.self.empty()) private_owners.push_back(term(prefix::created_by, a.self));
  if (!private_owners.empty()) {
    in_tenant.emplace_back(Xapian::Query::OP_FILTER, term(prefix::tier, "private"),
                           or_of(std::move(private_owners)));
  }
  std::vector<Xapian::Query> visible = {term(prefix::tier, "public")};
  if (!in_tenant.empty()) {
    visible.emplace_back(Xapian::Query::OP_FILTER, term(prefix::tenant, a.tenant),
                         or_of(std::move(in_tenant)));
  }
  return or_of(std::move(visible));
}

Xapian::Query apply_filters(Xapian::Query main, const Filters& f) {
  std::vector<Xapian::Query> filters;
  if (!f.access.everything) filters.push_back(access_query(f.access));
  if (!f.kinds.empty()) filters.push_back(any_of(prefix::kind, f.kinds));
  if (!f.tenant.empty()) filters.emplace_back(std::string(prefix::tenant) + f.tenant);
  if (!f.tiers.empty()) filters.push_back(any_of(prefix::tier, f.tiers));
  if (!f.org_types.empty()) filters.push_back(any_of(prefix::org_type, f.org_types));
  if (!f.regions.empty()) filters.push_back(any_of(prefix::region, f.regions));
  if (f.trl_min || f.trl_max) {
    filters.emplace_back(Xapian::Query::OP_VALUE_RANGE, trl_slot,
                         Xapian::sortable_serialise(f.trl_min.value_or(1)),
                         Xapian::sortable_serialise(f.trl_max.value_or(9)));
  }
  if (!filters.empty()) {
    main = Xapian::Query(Xapian::Query::OP_FILTER, main,
                         Xapian::Query(Xapian::Query::OP_AND, filters.begin(), filters.end()));
  }
  if (!f.exclude_ids.empty()) {
    main = Xapian::Query(Xapian::Query::OP_AND_NOT, main, any_of(prefix::id, f.exclude_ids));
  }
  return main;
}

// The query terms a document holds, read from its term list (only for the hits returned).
Explanation explain(const Xapian::Database& db, Xapian::docid docid,
                    const std::unordered_map<std::string, const QueryTerm*>& by_term,
                    const bridge::Thesaurus* thesaurus) {
  Explanation why;
  for (auto t = db.termlist_begin(docid); t != db.termlist_end(docid); ++t) {
    auto found = by_term.find(*t);
    if (found == by_term.end()) continue;
    const QueryTerm& q = *found->second;
    switch (q.role) {
      case TermRole::word:
      case TermRole::bigram:
        if (std::find(why.words.begin(), why.words.end(), q.surface) == why.words.end()) {
          why.words.push_back(q.surface);
        }
        break;
      case TermRole::concept_:
        why.concepts.push_back(concept_ref(*thesaurus, q.concept_index));
        break;
      case TermRole::bridged:
        why.bridges.push_back({concept_ref(*thesaurus, q.via),
                               concept_ref(*thesaurus, q.concept_index), q.link_weight});
        break;
    }
  }
  // A bigram inside a matched word says nothing more.
  std::vector<std::string> words;
  for (const auto& w : why.words) {
    bool inside = std::any_of(why.words.begin(), why.words.end(), [&](const std::string& o) {
      return o.size() > w.size() && o.find(w) != std::string::npos;
    });
    if (!inside) words.push_back(w);
  }
  why.words = std::move(words);
  std::sort(why.bridges.begin(), why.bridges.end(),
            [](const BridgeRef& a, const BridgeRef& b) { return a.weight > b.weight; });
  return why;
}

// For each concept the query names: the concepts that count as agreeing with it (itself at 1, and
// those its links reach, at the link weight), keyed by index term.
std::vector<std::unordered_map<std::string, double>> concept_reach(
    const Features& f, const bridge::ConceptRecognizer& recognizer, Bridging bridging,
    double self_weight) {
  const auto& thesaurus = recognizer.thesaurus();
  std::vector<std::unordered_map<std::string, double>> reach;
  for (const auto& hit : f.concepts) {
    auto& r = reach.emplace_back();
    r[std::string(prefix::concept_) + thesaurus.concepts()[hit.concept_index].id] = self_weight;
    std::vector<bridge::Direction> directions;
    if (bridging == Bridging::to_engineering || bridging == Bridging::both) {
      directions.push_back(bridge::Direction::to_engineering);
    }
    if (bridging == Bridging::to_clinical || bridging == Bridging::both) {
      directions.push_back(bridge::Direction::to_clinical);
    }
    for (auto d : directions) {
      for (const auto& b : recognizer.bridge({hit}, d)) {
        auto& w = r[std::string(prefix::concept_) + thesaurus.concepts()[b.concept_index].id];
        w = std::max<double>(w, b.weight);
      }
    }
  }
  return reach;
}

// Concept agreement of a document with the query, in [0, 1]: the mean over the query's concepts
// of the best agreement the document offers (each query concept counts once, however many of its
// linked concepts the document names).
double agreement(const Xapian::Database& db, Xapian::docid docid,
                 const std::vector<std::unordered_map<std::string, double>>& reach) {
  std::vector<double> best(reach.size(), 0.0);
  const std::string list =
      db.get_document(docid, Xapian::DOC_ASSUME_VALID).get_value(concepts_slot);
  for (size_t start = 0, end; start < list.size(); start = end + 1) {
    end = list.find('\n', start);
    if (end == std::string::npos) end = list.size();
    const std::string term = list.substr(start, end - start);
    for (size_t i = 0; i < reach.size(); ++i) {
      auto found = reach[i].find(term);
      if (found != reach[i].end()) best[i] = std::max(best[i], found->second);
    }
  }
  double sum = 0;
  for (double b : best) sum += b;
  return reach.empty() ? 0 : sum / double(reach.size());
}

// Document data is "id\nrecord"; teaser documents' ids end in "#teaser".
Hit hit_of(const std::string& data, double score, Explanation why) {
  Hit h;
  const auto nl = data.find('\n');
  h.id = data.substr(0, nl);
  h.record = nl == std::string::npos ? h.id : data.substr(nl + 1);
  h.teaser = h.id != h.record;
  h.score = score;
  h.why = std::move(why);
  return h;
}

}  // namespace

ConceptRef concept_ref(const bridge::Thesaurus& thesaurus, uint32_t index) {
  const auto& c = thesaurus.concepts()[index];
  return {c.id, c.zh.front(), c.en.front(), c.kind};
}

Result<SearchResult> search(Index& index, const Query& q) {
  auto features = index.features().extract(q.text);
  if (!features) return fail(features.error().at("q"));
  const bridge::ConceptRecognizer* recognizer = index.features().concepts();
  std::vector<QueryTerm> terms = query_terms(*features, recognizer, q);
  SearchResult result;
  for (const auto& t : terms) {
    if (t.role == TermRole::concept_) {
      result.query_concepts.push_back(concept_ref(recognizer->thesaurus(), t.concept_index));
    } else if (t.role == TermRole::bridged) {
      result.query_bridges.push_back({concept_ref(recognizer->thesaurus(), t.via),
                                      concept_ref(recognizer->thesaurus(), t.concept_index),
                                      t.link_weight});
    }
  }
  std::sort(result.query_bridges.begin(), result.query_bridges.end(),
            [](const BridgeRef& a, const BridgeRef& b) { return a.weight > b.weight; });
  auto searched = index.impl().with_reader([&](Xapian::Database& db) {
    select_terms(terms, db, q.max_terms);
    if (terms.empty()) return;
    std::unordered_map<std::string, const QueryTerm*> by_term;
    for (const auto& t : terms) by_term.emplace(t.term, &t);
    auto channel_query = [&](bool concepts) {
      std::vector<Xapian::Query> parts;
      for (const auto& t : terms) {
        const bool is_concept = t.role == TermRole::concept_ || t.role == TermRole::bridged;
        if (is_concept != concepts && q.weights.channel > 0) continue;
        parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(t.term, t.wqf), t.scale);
      }
      return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
    };
    Xapian::ValueWeightPostingSource prior(prior_slot);
    auto with_prior = [&](Xapian::Query main) {
      if (q.weights.prior <= 0 || main.empty()) return main;
      return Xapian::Query(
          Xapian::Query::OP_AND_MAYBE, main,
          Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(&prior), q.weights.prior));
    };
    const bridge::Thesaurus* thesaurus = recognizer ? &recognizer->thesaurus() : nullptr;
    // Candidates by document: each channel's weight divided by that channel's best.
    struct Candidate {
      Xapian::docid docid = 0;
      double score = 0, lexical = 0, concepts = 0;
      int percent = 0;
    };
    std::vector<Candidate> ranked;
    if (q.weights.channel <= 0) {
      Xapian::Enquire enquire(db);
      enquire.set_query(apply_filters(with_prior(channel_query(false)), q.filters));
      enquire.set_weighting_scheme(Xapian::BM25Weight());
      Xapian::MSet mset = enquire.get_mset(Xapian::doccount(q.offset), Xapian::doccount(q.limit));
      result.estimated_total = mset.get_matches_estimated();
      for (auto it = mset.begin(); it != mset.end(); ++it) {
        ranked.push_back({*it, it.get_weight(), 0, 0, it.get_percent()});
      }
    } else {
      std::unordered_map<Xapian::docid, Candidate> pool;
      const Xapian::doccount depth =
          Xapian::doccount(std::max(q.weights.candidates, q.offset + q.limit));
      for (bool concepts : {false, true}) {
        Xapian::Query channel = channel_query(concepts);
        if (channel.empty()) continue;
        Xapian::Enquire enquire(db);
        enquire.set_query(apply_filters(concepts ? channel : with_prior(channel), q.filters));
        enquire.set_weighting_scheme(Xapian::BM25Weight());
        Xapian::MSet mset = enquire.get_mset(0, depth);
        result.estimated_total =
            std::max<uint64_t>(result.estimated_total, mset.get_matches_estimated());
        const double best = mset.empty() ? 1.0 : std::max(mset.begin().get_weight(), 1e-9);
        for (auto it = mset.begin(); it != mset.end(); ++it) {
          Candidate& c = pool[*it];
          c.docid = *it;
          (concepts ? c.concepts : c.lexical) = it.get_weight() / best;
        }
      }
      if (q.weights.agreement && recognizer && !features->concepts.empty()) {
        const auto reach =
            concept_reach(*features, *recognizer, q.bridging, q.weights.self_agreement);
        for (auto& [docid, c] : pool) c.concepts = agreement(db, docid, reach);
      }
      for (auto& [docid, c] : pool) {
        c.score = c.lexical + q.weights.channel * c.concepts;
        ranked.push_back(c);
      }
      // Equal scores: the smaller document first, so rankings are reproducible.
      std::sort(ranked.begin(), ranked.end(), [](const Candidate& a, const Candidate& b) {
        return a.score != b.score ? a.score > b.score : a.docid < b.docid;
      });
      const size_t from = std::min(q.offset, ranked.size());
      const size_t to = std::min(q.offset + q.limit, ranked.size());
      ranked = std::vector<Candidate>(ranked.begin() + long(from), ranked.begin() + long(to));
    }
    for (const auto& c : ranked) {
      Hit h = hit_of(db.get_document(c.docid).get_data(), c.score,
                     explain(db, c.docid, by_term, thesaurus));
      h.percent = c.percent;
      result.hits.push_back(std::move(h));
    }
  });
  if (!searched) return fail(std::move(searched.error()));
  return result;
}

}  // namespace yigong::match
