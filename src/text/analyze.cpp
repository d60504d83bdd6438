#include "text/analyze.hpp"

#include <unicode/brkiter.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <xapian.h>

#include "core/utf8.hpp"

namespace yigong::text {
namespace {

// Break iterators are not thread-safe; each thread clones the root-locale word iterator once.
icu::BreakIterator& word_breaker() {
  thread_local std::unique_ptr<icu::BreakIterator> breaker = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> it(
        icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
    if (U_FAILURE(status)) throw std::runtime_error("ICU word break iterator unavailable");
    return it;
  }();
  return *breaker;
}

// Xapian::Stem holds per-call state; one per thread.
Xapian::Stem& english_stemmer() {
  thread_local Xapian::Stem stemmer("english");
  return stemmer;
}

enum class TokenClass { skip, latin, cjk };

TokenClass classify(const icu::UnicodeString& token, int32_t status) {
  if (status >= UBRK_WORD_IDEO && status < UBRK_WORD_IDEO_LIMIT) return TokenClass::cjk;
  if (status >= UBRK_WORD_KANA && status < UBRK_WORD_KANA_LIMIT) return TokenClass::cjk;
  if (status >= UBRK_WORD_LETTER && status < UBRK_WORD_LETTER_LIMIT) {
    return u_hasBinaryProperty(token.char32At(0), UCHAR_IDEOGRAPHIC) ? TokenClass::cjk
                                                                     : TokenClass::latin;
  }
  if (status >= UBRK_WORD_NUMBER && status < UBRK_WORD_NUMBER_LIMIT) return TokenClass::latin;
  return TokenClass::skip;
}

}  // namespace

Analyzer::Analyzer(Normalizer normalizer, AnalyzerOptions options,
                   std::shared_ptr<const DictionarySegmenter> dictionary)
    : normalizer_(std::move(normalizer)), options_(options), dictionary_(std::move(dictionary)) {
  if (options_.segmentation == CjkSegmentation::dictionary && !dictionary_) {
    dictionary_ = std::make_shared<DictionarySegmenter>();
  }
}

Result<Analysis> Analyzer::analyze(std::string_view raw) const {
  auto normalized = normalizer_.normalize(raw);
  if (!normalized) return fail(std::move(normalized.error()));
  return analyze_normalized(*normalized);
}

Analysis Analyzer::analyze_normalized(std::string_view normalized) const {
  Analysis out;
  auto text =
      icu::UnicodeString::fromUTF8(icu::StringPiece(normalized.data(), int32_t(normalized.size())));
  icu::BreakIterator& breaker = word_breaker();
  breaker.setText(text);
  std::string run;                     // the current CJK run
  std::vector<std::string> run_words;  // ICU's words of that run
  auto flush_run = [&] {
    if (run.empty()) return;
    add_cjk_run(run, run_words, out);
    run.clear();
    run_words.clear();
  };
  int32_t start = breaker.first();
  for (int32_t end = breaker.next(); end != icu::BreakIterator::DONE;
       start = end, end = breaker.next()) {
    icu::UnicodeString token = text.tempSubStringBetween(start, end);
    std::string utf8;
    token.toUTF8String(utf8);
    switch (classify(token, breaker.getRuleStatus())) {
      case TokenClass::cjk:
        run += utf8;
        run_words.push_back(std::move(utf8));
        break;
      case TokenClass::latin: {
        flush_run();
        std::string term = options_.stem ? english_stemmer()(utf8) : utf8;
        if (term.empty()) term = utf8;
        out.stream += term;
        out.stream += ' ';
        out.words.push_back({std::move(term), std::move(utf8)});
        break;
      }
      case TokenClass::skip:
        // Spaces and punctuation end a CJK run; other symbols (emoji) are dropped.
        flush_run();
        break;
    }
  }
  flush_run();
  while (!out.stream.empty() && out.stream.back() == ' ') out.stream.pop_back();
  return out;
}

void Analyzer::add_cjk_run(std::string_view run, const std::vector<std::string>& icu_words,
                           Analysis& out) const {
  if (!out.stream.empty() && out.stream.back() != ' ') out.stream += ' ';
  out.stream += run;
  out.stream += ' ';
  const std::vector<std::string> words =
      options_.segmentation == CjkSegmentation::dictionary ? dictionary_->segment(run) : icu_words;
  for (const auto& w : words) out.words.push_back({w, w});
  if (!options_.bigrams) return;
  std::vector<size_t> at = utf8_offsets(run);
  const size_t n = at.size() - 1;
  if (n == 1) {
    out.bigrams.push_back({std::string(run), std::string(run)});
    return;
  }
  for (size_t i = 0; i + 1 < n; ++i) {
    std::string gram(run.substr(at[i], at[i + 2] - at[i]));
    out.bigrams.push_back({gram, gram});
  }
}

}  // namespace yigong::text
