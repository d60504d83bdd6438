// Text normalisation shared by indexing and querying: one function decides what "the same text" is.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace yigong::text {

struct NormalizerOptions {
  // OpenCC configuration for traditional → simplified ("tw2sp.json" also maps Taiwan phrases such
  // as 軟體 → 软件); empty turns conversion off.
  std::string opencc_config = "tw2sp.json";
};

// NFKC with case folding (which also maps full-width forms to half-width), then traditional →
// simplified Chinese. Safe to share between threads.
class Normalizer {
 public:
  // Fails when the OpenCC configuration cannot be loaded.
  static Result<Normalizer> create(const NormalizerOptions& options = {});

  // Rejects invalid UTF-8 with Error::invalid; never throws.
  Result<std::string> normalize(std::string_view utf8) const;

  const NormalizerOptions& options() const { return options_; }

 private:
  struct Impl;
  Normalizer(NormalizerOptions options, std::shared_ptr<const Impl> impl);
  NormalizerOptions options_;
  std::shared_ptr<const Impl> impl_;
};

}  // namespace yigong::text
