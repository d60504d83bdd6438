// The text analyser: normalised text → index terms (words, CJK bigrams) and the concept stream.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "text/normalize.hpp"
#include "text/segment.hpp"

namespace yigong::text {

enum class CjkSegmentation {
  icu,         // ICU's dictionary break iterator
  dictionary,  // DictionarySegmenter over a word list (jieba's dict.txt plus user words)
};

struct AnalyzerOptions {
  CjkSegmentation segmentation = CjkSegmentation::icu;
  bool bigrams = true;  // index overlapping CJK character bigrams besides words
  bool stem = true;     // English stemming of Latin-script words
};

// One term produced by analysis.
struct Term {
  std::string term;     // what is indexed: a stem, a CJK word or a bigram
  std::string surface;  // the normalised text it came from (for explanations)
};

struct Analysis {
  std::vector<Term> words;    // Latin stems and segmented CJK words, in text order
  std::vector<Term> bigrams;  // CJK character bigrams (a one-character run gives the character)
  // The concept-matching stream: Latin words as stems, each followed by one space; CJK runs as
  // their characters; a space between runs. Labels are put through the same steps, so a label
  // matches the stream wherever the text says the same thing.
  std::string stream;
};

// Stateless apart from its configuration; safe to share between threads.
class Analyzer {
 public:
  Analyzer(Normalizer normalizer, AnalyzerOptions options,
           std::shared_ptr<const DictionarySegmenter> dictionary = nullptr);

  // Normalises then analyses; invalid UTF-8 is Error::invalid.
  Result<Analysis> analyze(std::string_view raw) const;
  // Analyses text that is already normalised.
  Analysis analyze_normalized(std::string_view normalized) const;

  const Normalizer& normalizer() const { return normalizer_; }
  const AnalyzerOptions& options() const { return options_; }

 private:
  void add_cjk_run(std::string_view run, const std::vector<std::string>& icu_words,
                   Analysis& out) const;
  Normalizer normalizer_;
  AnalyzerOptions options_;
  std::shared_ptr<const DictionarySegmenter> dictionary_;
};

}  // namespace yigong::text
