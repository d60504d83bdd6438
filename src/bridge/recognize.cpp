#include "bridge/recognize.hpp"

#include <algorithm>
#include <unordered_map>

namespace yigong::bridge {

Result<ConceptRecognizer> ConceptRecognizer::build(std::shared_ptr<const Thesaurus> thesaurus,
                                                   const text::Analyzer& analyzer) {
  ConceptRecognizer r;
  r.thesaurus_ = std::move(thesaurus);
  std::unordered_map<std::string, uint32_t> owner;  // label stream → concept
  std::vector<std::string> problems;
  const auto& concepts = r.thesaurus_->concepts();
  for (uint32_t i = 0; i < concepts.size(); ++i) {
    std::vector<std::string> labels = concepts[i].zh;
    labels.insert(labels.end(), concepts[i].en.begin(), concepts[i].en.end());
    for (const auto& label : labels) {
      auto analysis = analyzer.analyze(label);
      if (!analysis) {
        problems.push_back(concepts[i].id + ": label '" + label + "': " + analysis.error().message);
        continue;
      }
      const std::string& stream = analysis->stream;
      if (stream.empty()) {
        problems.push_back(concepts[i].id + ": label '" + label + "' has no words");
        continue;
      }
      auto [it, inserted] = owner.emplace(stream, i);
      if (!inserted && it->second != i) {
        problems.push_back("label '" + label + "' belongs to both " + concepts[it->second].id +
                           " and " + concepts[i].id);
        continue;
      }
      if (inserted) {
        r.matcher_.add(stream, i);
        r.label_streams_.push_back(stream);
      }
    }
  }
  if (!problems.empty()) {
    std::string message = "thesaurus labels: " + std::to_string(problems.size()) + " problem" +
                          (problems.size() == 1 ? "" : "s");
    for (const auto& p : problems) message += "\n" + p;
    return fail(Error::invalid(message));
  }
  r.matcher_.build();
  return r;
}

std::vector<ConceptHit> ConceptRecognizer::recognize(const text::Analysis& analysis) const {
  std::vector<ConceptHit> hits;
  for (const auto& m : matcher_.find(analysis.stream)) {
    auto it = std::find_if(hits.begin(), hits.end(),
                           [&](const ConceptHit& h) { return h.concept_index == m.payload; });
    if (it != hits.end()) {
      ++it->count;
      continue;
    }
    hits.push_back({m.payload, analysis.stream.substr(m.begin, m.end - m.begin), 1});
  }
  return hits;
}

std::vector<BridgedConcept> ConceptRecognizer::bridge(const std::vector<ConceptHit>& hits,
                                                      Direction direction) const {
  std::vector<BridgedConcept> out;
  auto is_hit = [&](uint32_t c) {
    return std::any_of(hits.begin(), hits.end(),
                       [&](const ConceptHit& h) { return h.concept_index == c; });
  };
  for (const auto& hit : hits) {
    const bool forward = direction == Direction::to_engineering;
    auto links = forward ? thesaurus_->links_from(hit.concept_index)
                         : thesaurus_->links_to(hit.concept_index);
    for (uint32_t li : links) {
      const Link& link = thesaurus_->links()[li];
      const uint32_t target = forward ? link.to : link.from;
      if (is_hit(target)) continue;
      auto it = std::find_if(out.begin(), out.end(),
                             [&](const BridgedConcept& b) { return b.concept_index == target; });
      if (it == out.end()) {
        out.push_back({target, hit.concept_index, link.weight});
      } else if (link.weight > it->weight) {
        it->via = hit.concept_index;
        it->weight = link.weight;
      }
    }
  }
  return out;
}

}  // namespace yigong::bridge
