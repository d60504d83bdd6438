// UTF-8 validation: invalid byte sequences are rejected as input errors, never passed on.
#pragma once

#include <string_view>
#include <vector>

namespace yigong {

// True when text is well-formed UTF-8 (no overlongs, no surrogates, ≤ U+10FFFF).
bool is_valid_utf8(std::string_view text);

// Number of code points in well-formed UTF-8 text.
size_t utf8_length(std::string_view text);

// Byte offset of every code point of well-formed UTF-8 text, followed by text.size().
std::vector<size_t> utf8_offsets(std::string_view text);

}  // namespace yigong
