// Catalogue suggestions: rank a catalogue's product types for a device description (zh-Hans,
// zh-Hant or English) with the matching engine's pipeline, and say which words matched.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "match/features.hpp"
#include "pathway/catalogue.hpp"

namespace yigong::match {
class Index;
}

namespace yigong::pathway {

struct Suggestion {
  std::string id;    // the catalogue entry
  std::string name;  // its product type name
  std::vector<int> classes;
  double score = 0;
  // Why: the words and bigrams both share (normalised), then the concepts both name
  // ("起搏器 / pacemaker"), which is how an English description finds a Chinese entry.
  std::vector<std::string> why;
};

// An in-memory index over one catalogue: each entry's name and examples as title, description and
// intended use as body. Single-threaded (the index is searched in place); build one per thread.
class CatalogueSuggester {
 public:
  // features: the matching pipeline; with a thesaurus (concepts on) descriptions in one language
  // find entries written in another. Errors from the index (unavailable) or invalid UTF-8 in an
  // entry (invalid, field = the entry id).
  static Result<CatalogueSuggester> build(const Catalogue& catalogue,
                                          std::shared_ptr<const match::FeatureExtractor> features);
  CatalogueSuggester(CatalogueSuggester&&) noexcept;
  CatalogueSuggester& operator=(CatalogueSuggester&&) noexcept;
  ~CatalogueSuggester();

  // The best `limit` entries, best first; none when nothing matches. Error::invalid (field
  // "description") for an empty or whitespace-only description or invalid UTF-8.
  Result<std::vector<Suggestion>> suggest(std::string_view description, size_t limit = 5);

 private:
  CatalogueSuggester() = default;
  std::unique_ptr<match::Index> index_;
  std::map<std::string, size_t> by_id_;  // entry id → index in catalogue_.entries
  Catalogue catalogue_;
};

}  // namespace yigong::pathway
