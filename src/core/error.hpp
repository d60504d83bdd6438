// The one error type of yigong: a code from error_codes.def, a message and an optional field.
#pragma once

#include <string>
#include <string_view>

namespace yigong {

enum class ErrorCode {
#define YG_ERROR(name, status, caller) name,
#include "core/error_codes.def"
#undef YG_ERROR
};

// The wire name of a code ("not_found").
std::string_view error_code_name(ErrorCode code);
// The HTTP status the code maps to (used only by api).
int error_http_status(ErrorCode code);
// True for errors caused by the caller's request, false for environment errors.
bool error_is_caller(ErrorCode code);

// Immutable value.
struct [[nodiscard]] Error {
  ErrorCode code = ErrorCode::internal;
  std::string message;
  std::string field;  // the offending input field ("problem", "items[3].trl"), or empty

  static Error invalid(std::string message, std::string field = {});
  static Error unprocessable(std::string message, std::string field = {});
  static Error unauthenticated(std::string message = "sign in first");
  static Error forbidden(std::string message);
  static Error not_found(std::string_view kind, std::string_view id);
  static Error conflict(std::string message, std::string field = {});
  static Error payload_too_large(std::string message);
  static Error rate_limited(std::string message);
  static Error unavailable(std::string message);
  static Error corrupt(std::string message);
  static Error internal(std::string message);

  // Prefixes field with a path ("items[2]" + "trl" → "items[2].trl").
  Error at(std::string_view prefix) const;
};

}  // namespace yigong
