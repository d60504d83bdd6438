#include "match/engine.hpp"

#include <sstream>

namespace yigong::match {
namespace {

// The CJK parts of label streams, as user words of the dictionary segmenter.
std::vector<std::string> cjk_label_words(const std::vector<std::string>& streams) {
  std::vector<std::string> words;
  for (const auto& s : streams) {
    std::istringstream parts(s);
    std::string part;
    while (parts >> part) {
      if (static_cast<unsigned char>(part[0]) >= 0x80) words.push_back(part);
    }
  }
  return words;
}

}  // namespace

Result<std::shared_ptr<const FeatureExtractor>> make_features(
    const EngineOptions& options, std::shared_ptr<const bridge::Thesaurus> thesaurus) {
  auto normalizer = text::Normalizer::create({options.opencc_config});
  if (!normalizer) return fail(std::move(normalizer.error()));
  // Label streams do not depend on the segmenter, so the recogniser is built with ICU's.
  text::AnalyzerOptions icu_options = options.analyzer;
  icu_options.segmentation = text::CjkSegmentation::icu;
  text::Analyzer icu_analyzer(*normalizer, icu_options);
  std::shared_ptr<const bridge::ConceptRecognizer> recognizer;
  if (options.concepts) {
    if (!thesaurus) return fail(Error::invalid("the concept pipeline needs a thesaurus"));
    auto built = bridge::ConceptRecognizer::build(thesaurus, icu_analyzer);
    if (!built) return fail(std::move(built.error()));
    recognizer = std::make_shared<const bridge::ConceptRecognizer>(std::move(*built));
  }
  if (options.analyzer.segmentation == text::CjkSegmentation::icu) {
    return std::make_shared<const FeatureExtractor>(icu_analyzer, recognizer);
  }
  auto dictionary = text::DictionarySegmenter::load(options.dictionary_path);
  if (!dictionary) return fail(std::move(dictionary.error()));
  if (recognizer) {
    // Thesaurus labels outrank the word list: a label is one word (房颤, 溶栓, 脑机接口).
    dictionary->add_words(cjk_label_words(recognizer->label_streams()), 1e6);
  }
  text::Analyzer analyzer(
      *normalizer, options.analyzer,
      std::make_shared<const text::DictionarySegmenter>(std::move(*dictionary)));
  return std::make_shared<const FeatureExtractor>(analyzer, recognizer);
}

}  // namespace yigong::match
