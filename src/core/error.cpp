// Error factories and the code table lookups.
#include "core/error.hpp"

#include <array>

namespace yigong {
namespace {

struct CodeInfo {
  std::string_view name;
  int status;
  bool caller;
};

constexpr std::array kCodes = {
#define YG_ERROR(name, status, caller) CodeInfo{#name, status, caller},
#include "core/error_codes.def"
#undef YG_ERROR
};

const CodeInfo& info(ErrorCode code) { return kCodes.at(static_cast<size_t>(code)); }

}  // namespace

std::string_view error_code_name(ErrorCode code) { return info(code).name; }
int error_http_status(ErrorCode code) { return info(code).status; }
bool error_is_caller(ErrorCode code) { return info(code).caller; }

Error Error::invalid(std::string message, std::string field) {
  return {ErrorCode::invalid, std::move(message), std::move(field)};
}
Error Error::unprocessable(std::string message, std::string field) {
  return {ErrorCode::unprocessable, std::move(message), std::move(field)};
}
Error Error::unauthenticated(std::string message) {
  return {ErrorCode::unauthenticated, std::move(message), {}};
}
Error Error::forbidden(std::string message) {
  return {ErrorCode::forbidden, std::move(message), {}};
}
Error Error::not_found(std::string_view kind, std::string_view id) {
  return {ErrorCode::not_found, std::string(kind) + " " + std::string(id) + " not found", {}};
}
Error Error::conflict(std::string message, std::string field) {
  return {ErrorCode::conflict, std::move(message), std::move(field)};
}
Error Error::payload_too_large(std::string message) {
  return {ErrorCode::payload_too_large, std::move(message), {}};
}
Error Error::rate_limited(std::string message) {
  return {ErrorCode::rate_limited, std::move(message), {}};
}
Error Error::unavailable(std::string message) {
  return {ErrorCode::unavailable, std::move(message), {}};
}
Error Error::corrupt(std::string message) { return {ErrorCode::corrupt, std::move(message), {}}; }
Error Error::internal(std::string message) { return {ErrorCode::internal, std::move(message), {}}; }

Error Error::at(std::string_view prefix) const {
  Error e = *this;
  if (e.field.empty()) {
    e.field = std::string(prefix);
  } else if (e.field.front() == '[') {
    e.field = std::string(prefix) + e.field;
  } else {
    e.field = std::string(prefix) + "." + e.field;
  }
  return e;
}

}  // namespace yigong
