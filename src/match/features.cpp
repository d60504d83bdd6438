#include "match/features.hpp"

namespace yigong::match {

FeatureExtractor::FeatureExtractor(text::Analyzer analyzer,
                                   std::shared_ptr<const bridge::ConceptRecognizer> concepts)
    : analyzer_(std::move(analyzer)), concepts_(std::move(concepts)) {}

Result<Features> FeatureExtractor::extract(std::string_view raw) const {
  auto analysis = analyzer_.analyze(raw);
  if (!analysis) return fail(std::move(analysis.error()));
  Features f;
  if (concepts_) f.concepts = concepts_->recognize(*analysis);
  f.words = std::move(analysis->words);
  f.bigrams = std::move(analysis->bigrams);
  return f;
}

}  // namespace yigong::match
