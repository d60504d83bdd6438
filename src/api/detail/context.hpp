// What a route handler receives and the helpers handlers share to answer.
#pragma once

#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "api/api.hpp"
#include "api/http_types.hpp"
#include "core/result.hpp"
#include "service/auth.hpp"

namespace yigong::api::detail {

// Single-threaded: one request.
struct Context {
  const HttpRequest& request;
  const Services& services;
  const ApiOptions& options;
  std::optional<service::Caller> caller;      // set for signed-in routes
  nlohmann::json body;                        // parsed JSON body (json_body routes)
  std::map<std::string, std::string> params;  // path parameters ("id")

  const service::Caller& signed_in() const { return *caller; }
  const Viewer& viewer() const { return caller->viewer; }
};

using Handler = std::function<Result<HttpResponse>(Context&)>;

// The response for an Error: its HTTP status from core/error_codes.def and the JSON error shape.
HttpResponse error_response(const Error& e, const std::string& request_id);

// A JSON response.
HttpResponse json_response(int status, const nlohmann::json& body);
HttpResponse no_content();
// A service's JSON answer (or its error) as a response with the given status.
Result<HttpResponse> json_answer(Result<nlohmann::json> r, int status = 200);
// A service's empty answer as 204.
Result<HttpResponse> empty_answer(Result<void> r);
// A file to download: body, its content type and the name it is saved under.
HttpResponse download(std::string body, std::string content_type, const std::string& file_name);
// The "csv" and "xlsx" export formats' content types.
std::string export_content_type(const std::string& format);
// The first value of a query parameter, "" when absent.
std::string query_text(const Context& c, const std::string& key);

// A positive integer path parameter. Errors: invalid naming the parameter.
Result<std::int64_t> id_param(const Context& c, const std::string& name = "id");

// An integer query parameter in [min, max]; absent → fallback. Errors: invalid naming it.
Result<std::int64_t> query_int(const Context& c, const std::string& key, std::int64_t fallback,
                               std::int64_t min, std::int64_t max);
// Rejects query parameters outside `allowed`.
Result<void> only_query(const Context& c, std::initializer_list<std::string_view> allowed);

// A required string member of the JSON body. Errors: invalid naming the member.
Result<std::string> body_string(const Context& c, const std::string& member);
// An optional string member (absent or null → nullopt).
Result<std::optional<std::string>> body_optional_string(const Context& c,
                                                        const std::string& member);
// Rejects members outside `allowed` (a clear error beats a silently ignored typo).
Result<void> only_members(const Context& c, std::initializer_list<std::string_view> allowed);

// The session cookie's name, and the cookie headers that set or clear it.
inline constexpr std::string_view kSessionCookie = "yg_session";
inline constexpr std::string_view kCsrfCookie = "yg_csrf";
std::vector<std::pair<std::string, std::string>> session_cookies(const service::SignedIn& s,
                                                                 bool secure);
std::vector<std::pair<std::string, std::string>> clear_session_cookies(bool secure);

}  // namespace yigong::api::detail
