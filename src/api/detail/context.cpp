// Shared response and parameter helpers for handlers.
#include "api/detail/context.hpp"

#include <charconv>

namespace yigong::api::detail {

using nlohmann::json;

HttpResponse error_response(const Error& e, const std::string& request_id) {
  auto r = HttpResponse::error(error_http_status(e.code), error_code_name(e.code), e.message,
                               e.field, request_id);
  return r;
}

HttpResponse json_response(int status, const json& body) {
  return HttpResponse::json(status, body.dump(-1, ' ', false, json::error_handler_t::replace));
}

Result<HttpResponse> json_answer(Result<json> r, int status) {
  if (!r) return fail(r.error());
  return json_response(status, *r);
}

Result<HttpResponse> empty_answer(Result<void> r) {
  if (!r) return fail(r.error());
  return no_content();
}

HttpResponse download(std::string body, std::string content_type, const std::string& file_name) {
  HttpResponse r;
  r.body = std::move(body);
  r.content_type = std::move(content_type);
  r.headers.push_back({"Content-Disposition", "attachment; filename=\"" + file_name + "\""});
  return r;
}

std::string export_content_type(const std::string& format) {
  return format == "csv" ? "text/csv; charset=utf-8"
                         : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
}

std::string query_text(const Context& c, const std::string& key) {
  auto it = c.request.query.find(key);
  return it == c.request.query.end() ? std::string() : it->second;
}

HttpResponse no_content() {
  HttpResponse r;
  r.status = 204;
  r.content_type.clear();
  return r;
}

Result<std::int64_t> id_param(const Context& c, const std::string& name) {
  auto it = c.params.find(name);
  const std::string v = it == c.params.end() ? "" : it->second;
  std::int64_t out = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (v.empty() || ec != std::errc() || p != v.data() + v.size() || out <= 0)
    return fail(Error::invalid("must be a positive integer id", name));
  return out;
}

Result<std::string> body_string(const Context& c, const std::string& member) {
  if (!c.body.is_object() || !c.body.contains(member))
    return fail(Error::invalid("required", member));
  const auto& v = c.body[member];
  if (!v.is_string()) return fail(Error::invalid("must be a string", member));
  return v.get<std::string>();
}

Result<std::optional<std::string>> body_optional_string(const Context& c,
                                                        const std::string& member) {
  if (!c.body.is_object() || !c.body.contains(member) || c.body[member].is_null())
    return std::optional<std::string>();
  const auto& v = c.body[member];
  if (!v.is_string()) return fail(Error::invalid("must be a string", member));
  return std::optional<std::string>(v.get<std::string>());
}

Result<void> only_members(const Context& c, std::initializer_list<std::string_view> allowed) {
  if (!c.body.is_object()) return fail(Error::invalid("the body must be a JSON object"));
  for (const auto& [k, v] : c.body.items()) {
    if (std::find(allowed.begin(), allowed.end(), k) == allowed.end())
      return fail(Error::invalid("unknown field", k));
  }
  return ok();
}

std::vector<std::pair<std::string, std::string>> session_cookies(const service::SignedIn& s,
                                                                 bool secure) {
  const auto max_age = std::to_string(std::max<Micros>(0, (s.expires_at - now_micros()) / 1000000));
  const std::string attrs =
      "; Path=/; SameSite=Lax; Max-Age=" + max_age + (secure ? "; Secure" : "");
  return {{"Set-Cookie", std::string(kSessionCookie) + "=" + s.token + attrs + "; HttpOnly"},
          // Readable by the web UI's script, which echoes it in X-CSRF-Token.
          {"Set-Cookie", std::string(kCsrfCookie) + "=" + s.csrf + attrs}};
}

std::vector<std::pair<std::string, std::string>> clear_session_cookies(bool secure) {
  const std::string attrs =
      std::string("=; Path=/; SameSite=Lax; Max-Age=0") + (secure ? "; Secure" : "");
  return {{"Set-Cookie", std::string(kSessionCookie) + attrs + "; HttpOnly"},
          {"Set-Cookie", std::string(kCsrfCookie) + attrs}};
}

Result<std::int64_t> query_int(const Context& c, const std::string& key, std::int64_t fallback,
                               std::int64_t min, std::int64_t max) {
  auto it = c.request.query.find(key);
  if (it == c.request.query.end()) return fallback;
  std::int64_t v = 0;
  const auto& s = it->second;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || p != s.data() + s.size() || v < min || v > max)
    return fail(Error::invalid(
        "must be an integer from " + std::to_string(min) + " to " + std::to_string(max), key));
  return v;
}

Result<void> only_query(const Context& c, std::initializer_list<std::string_view> allowed) {
  for (const auto& [k, v] : c.request.query) {
    if (std::find(allowed.begin(), allowed.end(), k) == allowed.end())
      return fail(Error::invalid("unknown parameter", k));
  }
  return ok();
}

}  // namespace yigong::api::detail
