// Features of a text for indexing and querying: words, CJK bigrams and thesaurus concepts.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "bridge/recognize.hpp"
#include "core/result.hpp"
#include "text/analyze.hpp"

namespace yigong::match {

struct Features {
  std::vector<text::Term> words;
  std::vector<text::Term> bigrams;
  std::vector<bridge::ConceptHit> concepts;
};

// Analyser plus (optionally) the concept recogniser. Without a recogniser it is the purely lexical
// pipeline. Safe to share between threads.
class FeatureExtractor {
 public:
  FeatureExtractor(text::Analyzer analyzer,
                   std::shared_ptr<const bridge::ConceptRecognizer> concepts);

  Result<Features> extract(std::string_view raw) const;

  const text::Analyzer& analyzer() const { return analyzer_; }
  // Null in the lexical pipeline.
  const bridge::ConceptRecognizer* concepts() const { return concepts_.get(); }

 private:
  text::Analyzer analyzer_;
  std::shared_ptr<const bridge::ConceptRecognizer> concepts_;
};

// Term prefixes of the index (Xapian convention: upper-case prefix, then the term).
namespace prefix {
inline constexpr std::string_view word = "W";
inline constexpr std::string_view bigram = "B";
inline constexpr std::string_view concept_ = "C";
inline constexpr std::string_view id = "Q";
inline constexpr std::string_view kind = "XK";
inline constexpr std::string_view tenant = "XT";
inline constexpr std::string_view tier = "XV";
inline constexpr std::string_view org_type = "XO";
inline constexpr std::string_view region = "XR";
inline constexpr std::string_view owner_org = "XG";
inline constexpr std::string_view created_by = "XU";
inline constexpr std::string_view variant = "XD";  // "full" or "teaser"
}  // namespace prefix

}  // namespace yigong::match
