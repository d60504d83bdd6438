#include "text/phrase_matcher.hpp"

#include <algorithm>
#include <deque>
#include <stdexcept>

namespace yigong::text {
namespace {

bool is_latin_byte(unsigned char b) { return b < 0x80 && b != ' '; }

// A match may start at begin unless that splits a Latin word (stream words are space-separated).
bool starts_cleanly(std::string_view s, size_t begin) {
  if (!is_latin_byte(static_cast<unsigned char>(s[begin]))) return true;
  return begin == 0 || s[begin - 1] == ' ';
}

bool ends_cleanly(std::string_view s, size_t end) {
  if (!is_latin_byte(static_cast<unsigned char>(s[end - 1]))) return true;
  return end == s.size() || s[end] == ' ';
}

}  // namespace

uint32_t PhraseMatcher::child(uint32_t state, unsigned char byte) const {
  const auto& next = states_[state].next;
  auto it = std::lower_bound(next.begin(), next.end(), byte,
                             [](const auto& edge, unsigned char b) { return edge.first < b; });
  return it != next.end() && it->first == byte ? it->second : 0;
}

void PhraseMatcher::add(std::string_view pattern, uint32_t payload) {
  if (built_) throw std::logic_error("PhraseMatcher::add after build");
  if (pattern.empty()) return;
  uint32_t state = 0;
  for (unsigned char b : pattern) {
    uint32_t next = child(state, b);
    if (next == 0) {
      next = uint32_t(states_.size());
      states_.emplace_back();
      auto& edges = states_[state].next;
      edges.insert(std::lower_bound(edges.begin(), edges.end(), b,
                                    [](const auto& e, unsigned char x) { return e.first < x; }),
                   {b, next});
    }
    state = next;
  }
  if (states_[state].length == 0) {
    states_[state].length = uint32_t(pattern.size());
    states_[state].payload = payload;
    ++pattern_count_;
  }
}

void PhraseMatcher::build() {
  std::deque<uint32_t> queue;
  for (const auto& [b, s] : states_[0].next) {
    states_[s].fail = 0;
    queue.push_back(s);
  }
  while (!queue.empty()) {
    const uint32_t u = queue.front();
    queue.pop_front();
    for (const auto& [b, v] : states_[u].next) {
      uint32_t f = states_[u].fail;
      while (f != 0 && child(f, b) == 0) f = states_[f].fail;
      const uint32_t target = child(f, b);
      states_[v].fail = target == v ? 0 : target;
      const State& fs = states_[states_[v].fail];
      states_[v].output = fs.length != 0 ? states_[v].fail : fs.output;
      queue.push_back(v);
    }
  }
  built_ = true;
}

std::vector<PhraseMatch> PhraseMatcher::find(std::string_view stream) const {
  if (!built_) throw std::logic_error("PhraseMatcher::find before build");
  std::vector<PhraseMatch> all;
  uint32_t state = 0;
  for (size_t i = 0; i < stream.size(); ++i) {
    const auto b = static_cast<unsigned char>(stream[i]);
    while (state != 0 && child(state, b) == 0) state = states_[state].fail;
    state = child(state, b);
    for (uint32_t s = states_[state].length != 0 ? state : states_[state].output; s != 0;
         s = states_[s].output) {
      const size_t end = i + 1;
      const size_t begin = end - states_[s].length;
      if (starts_cleanly(stream, begin) && ends_cleanly(stream, end)) {
        all.push_back({begin, end, states_[s].payload});
      }
    }
  }
  // Leftmost-longest, non-overlapping.
  std::sort(all.begin(), all.end(), [](const PhraseMatch& a, const PhraseMatch& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
  });
  std::vector<PhraseMatch> chosen;
  size_t covered = 0;
  for (const auto& m : all) {
    if (m.begin < covered) continue;
    chosen.push_back(m);
    covered = m.end;
  }
  return chosen;
}

}  // namespace yigong::text
