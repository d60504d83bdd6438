// Dictionary word segmentation of CJK runs: the most probable split under a unigram model over a
// word list with frequencies (jieba's dict.txt format: "word frequency [tag]" per line).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.hpp"

namespace yigong::text {

class DictionarySegmenter {
 public:
  // Reads a word list; lines that are not "word frequency [tag]" are reported with their number.
  static Result<DictionarySegmenter> load(const std::string& path);
  // An empty dictionary: every run splits into single characters until words are added.
  DictionarySegmenter() = default;

  // Adds words (already normalised) with one frequency; user words (thesaurus labels) get a high
  // one.
  void add_words(const std::vector<std::string>& words, double frequency);

  // Splits a run of CJK characters (normalised UTF-8, no spaces) into words.
  std::vector<std::string> segment(std::string_view run) const;

  size_t size() const { return log_prob_.size(); }

 private:
  void finish();  // recomputes log probabilities after loading
  std::unordered_map<std::string, double> frequency_;
  std::unordered_map<std::string, double> log_prob_;
  double total_ = 0;
  double unknown_log_prob_ = -20;
  size_t max_chars_ = 1;
};

}  // namespace yigong::text
