// Request accessors and the response factories, including the JSON error body.
#include "api/http_types.hpp"

#include <nlohmann/json.hpp>

namespace yigong::api {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

const std::string* HttpRequest::header(std::string_view lower_name) const {
  for (const auto& [name, value] : headers) {
    if (name == lower_name) return &value;
  }
  return nullptr;
}

std::optional<std::string> HttpRequest::cookie(std::string_view name) const {
  // RFC 6265 §5.4: "a=1; b=2". Browsers may send several Cookie headers over HTTP/2 proxies.
  for (const auto& [header_name, value] : headers) {
    if (header_name != "cookie") continue;
    std::string_view rest = value;
    while (!rest.empty()) {
      const size_t semi = rest.find(';');
      std::string_view pair = trim(rest.substr(0, semi));
      rest = semi == std::string_view::npos ? std::string_view{} : rest.substr(semi + 1);
      const size_t eq = pair.find('=');
      if (eq == std::string_view::npos || trim(pair.substr(0, eq)) != name) continue;
      std::string_view cookie_value = trim(pair.substr(eq + 1));
      if (cookie_value.size() >= 2 && cookie_value.front() == '"' && cookie_value.back() == '"') {
        cookie_value = cookie_value.substr(1, cookie_value.size() - 2);
      }
      return std::string(cookie_value);
    }
  }
  return std::nullopt;
}

HttpResponse HttpResponse::json(int status, std::string body) {
  HttpResponse response;
  response.status = status;
  response.body = std::move(body);
  return response;
}

HttpResponse HttpResponse::error(int status, std::string_view code, std::string_view message,
                                 std::string_view field, std::string_view request_id) {
  // ordered_json keeps the documented key order; plain json would sort the keys.
  nlohmann::ordered_json inner;
  inner["code"] = code;
  inner["message"] = message;
  inner["field"] = field;
  inner["request_id"] = request_id;
  nlohmann::ordered_json outer;
  outer["error"] = std::move(inner);
  return json(status, outer.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace yigong::api
