#include "text/normalize.hpp"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <exception>
#include <opencc/SimpleConverter.hpp>

#include "core/utf8.hpp"

namespace yigong::text {

struct Normalizer::Impl {
  const icu::Normalizer2* nfkc_casefold = nullptr;
  std::unique_ptr<opencc::SimpleConverter> converter;  // null when conversion is off
};

Normalizer::Normalizer(NormalizerOptions options, std::shared_ptr<const Impl> impl)
    : options_(std::move(options)), impl_(std::move(impl)) {}

Result<Normalizer> Normalizer::create(const NormalizerOptions& options) {
  auto impl = std::make_shared<Impl>();
  UErrorCode status = U_ZERO_ERROR;
  impl->nfkc_casefold = icu::Normalizer2::getNFKCCasefoldInstance(status);
  if (U_FAILURE(status)) {
    return fail(
        Error::internal(std::string("ICU NFKC_Casefold is unavailable: ") + u_errorName(status)));
  }
  if (!options.opencc_config.empty()) {
    try {
      impl->converter = std::make_unique<opencc::SimpleConverter>(options.opencc_config);
    } catch (const std::exception& e) {
      return fail(Error::unavailable("cannot load OpenCC configuration '" + options.opencc_config +
                                     "': " + e.what()));
    }
  }
  return Normalizer(options, std::move(impl));
}

Result<std::string> Normalizer::normalize(std::string_view utf8) const {
  if (!is_valid_utf8(utf8)) return fail(Error::invalid("text is not valid UTF-8"));
  auto source = icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), int32_t(utf8.size())));
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString folded = impl_->nfkc_casefold->normalize(source, status);
  if (U_FAILURE(status)) {
    return fail(Error::invalid(std::string("text cannot be normalised: ") + u_errorName(status)));
  }
  std::string out;
  folded.toUTF8String(out);
  // OpenCC's dictionaries only hold CJK text (U+2E80 and up: lead byte 0xE2 or above).
  const bool has_cjk = std::any_of(out.begin(), out.end(),
                                   [](char ch) { return static_cast<unsigned char>(ch) >= 0xE2; });
  if (impl_->converter && has_cjk) {
    try {
      out = impl_->converter->Convert(out);
    } catch (const std::exception& e) {
      return fail(Error::internal(std::string("OpenCC conversion failed: ") + e.what()));
    }
  }
  return out;
}

}  // namespace yigong::text
