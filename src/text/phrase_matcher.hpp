// Longest-match phrase recognition over an analysis stream (Aho–Corasick over bytes).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace yigong::text {

struct PhraseMatch {
  size_t begin = 0;  // byte offsets into the stream
  size_t end = 0;
  uint32_t payload = 0;
};

// Patterns and streams are analysis streams (Analysis::stream). A match never starts or ends inside
// a Latin word; CJK matches may start at any character. Overlaps are resolved leftmost-longest.
class PhraseMatcher {
 public:
  // Adds a pattern; the first payload added for an identical pattern wins. Empty patterns are
  // ignored.
  void add(std::string_view pattern, uint32_t payload);
  // Builds the automaton; call after the last add and before find.
  void build();
  std::vector<PhraseMatch> find(std::string_view stream) const;
  size_t pattern_count() const { return pattern_count_; }

 private:
  struct State {
    std::vector<std::pair<unsigned char, uint32_t>> next;  // sorted by byte
    uint32_t fail = 0;
    uint32_t output = 0;  // next state (via fail links) that ends a pattern; 0 = none
    uint32_t length = 0;  // pattern length when this state ends a pattern, else 0
    uint32_t payload = 0;
  };
  uint32_t child(uint32_t state, unsigned char byte) const;  // 0 (root) when absent
  std::vector<State> states_ = std::vector<State>(1);
  size_t pattern_count_ = 0;
  bool built_ = false;
};

}  // namespace yigong::text
