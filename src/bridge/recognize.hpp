// Concept recognition (longest match of thesaurus labels) and bridging along weighted links.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "bridge/thesaurus.hpp"
#include "core/result.hpp"
#include "text/analyze.hpp"
#include "text/phrase_matcher.hpp"

namespace yigong::bridge {

struct ConceptHit {
  uint32_t concept_index = 0;
  std::string surface;  // the stream text that matched
  uint32_t count = 0;   // occurrences in the text
};

// A concept reached from a recognised one by following a link.
struct BridgedConcept {
  uint32_t concept_index = 0;
  uint32_t via = 0;  // the recognised concept it was reached from
  float weight = 0;  // the link's weight (the strongest, when several links reach it)
};

enum class Direction {
  to_engineering,  // a need looks for capabilities: clinical → engineering
  to_clinical,     // a capability looks for needs: engineering → clinical
};

class ConceptRecognizer {
 public:
  // Puts every label through the analyser; two concepts sharing a label is an error listing them.
  static Result<ConceptRecognizer> build(std::shared_ptr<const Thesaurus> thesaurus,
                                         const text::Analyzer& analyzer);

  // Concepts named in an analysed text, in order of first appearance.
  std::vector<ConceptHit> recognize(const text::Analysis& analysis) const;
  // Concepts linked to the hits, excluding those already among the hits.
  std::vector<BridgedConcept> bridge(const std::vector<ConceptHit>& hits,
                                     Direction direction) const;

  const Thesaurus& thesaurus() const { return *thesaurus_; }
  std::shared_ptr<const Thesaurus> thesaurus_ptr() const { return thesaurus_; }
  // Every label's analysis stream, for the dictionary segmenter's user words.
  const std::vector<std::string>& label_streams() const { return label_streams_; }

 private:
  std::shared_ptr<const Thesaurus> thesaurus_;
  text::PhraseMatcher matcher_;
  std::vector<std::string> label_streams_;
};

}  // namespace yigong::bridge
