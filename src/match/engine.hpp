// Assembles the feature pipeline from options: normaliser, segmenter, thesaurus.
#pragma once

#include <memory>
#include <string>

#include "bridge/thesaurus.hpp"
#include "core/result.hpp"
#include "match/features.hpp"

namespace yigong::match {

struct EngineOptions {
  std::string opencc_config = "tw2sp.json";  // empty: no traditional → simplified conversion
  text::AnalyzerOptions analyzer;
  bool concepts = true;  // false: the purely lexical pipeline
  // Word list for CjkSegmentation::dictionary (jieba's dict.txt); thesaurus labels are added to it.
  std::string dictionary_path = "/usr/lib/python3/dist-packages/jieba/dict.txt";
};

// Builds the pipeline; the thesaurus may be null when options.concepts is false.
Result<std::shared_ptr<const FeatureExtractor>> make_features(
    const EngineOptions& options, std::shared_ptr<const bridge::Thesaurus> thesaurus);

}  // namespace yigong::match
