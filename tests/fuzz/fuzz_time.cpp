// libFuzzer target: RFC 3339 parsing; whatever parses must format and parse back to itself.
#include <cstdlib>
#include <string_view>

#include "core/time.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto t = yigong::parse_rfc3339(text);
  if (!t) return 0;
  const auto whole_seconds = *t - (*t % 1'000'000 + 1'000'000) % 1'000'000;
  const auto back = yigong::parse_rfc3339(yigong::format_rfc3339(*t));
  if (!back || *back != whole_seconds) std::abort();
  return 0;
}
