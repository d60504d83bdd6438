#include "text/segment.hpp"

#include <cmath>
#include <fstream>
#include <sstream>

#include "core/utf8.hpp"

namespace yigong::text {

Result<DictionarySegmenter> DictionarySegmenter::load(const std::string& path) {
  std::ifstream in(path);
  if (!in) return fail(Error::unavailable("cannot read word list " + path));
  DictionarySegmenter segmenter;
  std::string line;
  size_t lineno = 0;
  while (std::getline(in, line)) {
    ++lineno;
    if (line.empty()) continue;
    std::istringstream fields(line);
    std::string word;
    double frequency = 0;
    if (!(fields >> word >> frequency) || frequency < 0) {
      return fail(Error::invalid(path + ":" + std::to_string(lineno) +
                                 ": expected \"word frequency [tag]\""));
    }
    segmenter.frequency_[word] += frequency;
  }
  segmenter.finish();
  return segmenter;
}

void DictionarySegmenter::add_words(const std::vector<std::string>& words, double frequency) {
  for (const auto& word : words) {
    if (word.empty()) continue;
    auto& f = frequency_[word];
    f = std::max(f, frequency);
  }
  finish();
}

void DictionarySegmenter::finish() {
  total_ = 0;
  max_chars_ = 1;
  for (const auto& [word, f] : frequency_) {
    total_ += f;
    max_chars_ = std::max(max_chars_, utf8_length(word));
  }
  log_prob_.clear();
  log_prob_.reserve(frequency_.size());
  const double log_total = std::log(std::max(total_, 1.0));
  for (const auto& [word, f] : frequency_) {
    if (f > 0) log_prob_.emplace(word, std::log(f) - log_total);
  }
  unknown_log_prob_ = std::log(0.5) - log_total;
}

std::vector<std::string> DictionarySegmenter::segment(std::string_view run) const {
  // Byte offset of each code point, plus the end.
  std::vector<size_t> at = utf8_offsets(run);
  const size_t n = at.size() - 1;
  // best[i]: best log probability of a split of characters [i, n); next[i]: end of its first word.
  std::vector<double> best(n + 1, 0.0);
  std::vector<size_t> next(n + 1, n);
  for (size_t i = n; i-- > 0;) {
    best[i] = unknown_log_prob_ + best[i + 1];
    next[i] = i + 1;
    const size_t limit = std::min(n, i + max_chars_);
    for (size_t j = i + 2; j <= limit; ++j) {
      auto found = log_prob_.find(std::string(run.substr(at[i], at[j] - at[i])));
      if (found == log_prob_.end()) continue;
      const double score = found->second + best[j];
      if (score > best[i]) {
        best[i] = score;
        next[i] = j;
      }
    }
    // A known single character beats the unknown-character estimate.
    auto single = log_prob_.find(std::string(run.substr(at[i], at[i + 1] - at[i])));
    if (single != log_prob_.end() && single->second + best[i + 1] > best[i]) {
      best[i] = single->second + best[i + 1];
      next[i] = i + 1;
    }
  }
  std::vector<std::string> words;
  for (size_t i = 0; i < n; i = next[i]) words.emplace_back(run.substr(at[i], at[next[i]] - at[i]));
  return words;
}

}  // namespace yigong::text
