// Request dispatch: route matching, authentication, CSRF, JSON parsing, error mapping, static UI.
#include "api/api.hpp"

#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "api/detail/context.hpp"
#include "api/detail/openapi.hpp"
#include "api/detail/routes.hpp"
#include "service/crypto.hpp"
#include "service/record_json.hpp"

namespace yigong::api {

using detail::Context;
using detail::error_response;
using detail::Route;
using nlohmann::json;

namespace {

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> out;
  size_t start = 1;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    out.emplace_back(path.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// Matches a pattern like /api/v1/needs/{id}; fills params.
bool match(const std::vector<std::string>& pattern, const std::vector<std::string>& path,
           std::map<std::string, std::string>& params) {
  if (pattern.size() != path.size()) return false;
  std::map<std::string, std::string> found;
  for (size_t i = 0; i < pattern.size(); ++i) {
    const auto& p = pattern[i];
    if (p.size() > 2 && p.front() == '{' && p.back() == '}') {
      if (path[i].empty()) return false;
      found[p.substr(1, p.size() - 2)] = path[i];
    } else if (p != path[i]) {
      return false;
    }
  }
  params = std::move(found);
  return true;
}

bool is_state_changing(std::string_view method) {
  return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

Result<json> parse_json_body(const HttpRequest& req) {
  const std::string* ct = req.header("content-type");
  if (!ct || ct->rfind("application/json", 0) != 0)
    return fail(Error{ErrorCode::unsupported_media_type, "send the body as application/json",
                      "content-type"});
  auto body = service::parse_json_text(req.body);
  if (!body) return fail(Error::invalid("the body: " + body.error().message));
  return body;
}

std::string_view mime_type(const std::filesystem::path& p) {
  const auto ext = p.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json") return "application/json";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".woff2") return "font/woff2";
  return "application/octet-stream";
}

constexpr std::string_view kFallbackPage =
    "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>yigong 医工</title>"
    "</head><body><h1>yigong 医工</h1><p>The API is running: <a href=\"/api/v1/health\">"
    "/api/v1/health</a>, <a href=\"/api/v1/openapi.json\">/api/v1/openapi.json</a>.</p>"
    "<p>The web UI has not been built into this server's web root.</p></body></html>";

}  // namespace

struct Api::Impl {
  Services services;
  ApiOptions options;
  std::vector<Route> routes;
  std::vector<std::vector<std::string>> patterns;
  std::string openapi_text;

  HttpResponse dispatch(const HttpRequest& req) const;
  HttpResponse serve_static(const HttpRequest& req) const;
  // session_rejected: set when the request's session cookie was missing, unknown or expired.
  Result<HttpResponse> run_route(const Route& route, const HttpRequest& req,
                                 std::map<std::string, std::string> params,
                                 bool& session_rejected) const;
};

Api::Api(Services services, ApiOptions options)
    : impl_(std::make_unique<Impl>(
          Impl{services, std::move(options), detail::build_routes(), {}, {}})) {
  for (const auto& r : impl_->routes) impl_->patterns.push_back(split_path(r.info.pattern));
  impl_->openapi_text = openapi().dump(2);
}

Api::~Api() = default;

std::vector<RouteInfo> Api::routes() const {
  std::vector<RouteInfo> out;
  for (const auto& r : impl_->routes) out.push_back(r.info);
  return out;
}

json Api::openapi() const {
  return detail::openapi_document(impl_->routes, impl_->options.version);
}

HttpResponse Api::handle(const HttpRequest& req) const {
  try {
    return impl_->dispatch(req);
  } catch (const std::exception& e) {
    spdlog::error("[{}] unhandled exception: {}", req.request_id, e.what());
    return error_response(Error::internal("internal error"), req.request_id);
  }
}

HttpResponse Api::Impl::dispatch(const HttpRequest& req) const {
  if (req.path.rfind("/api/", 0) != 0) return serve_static(req);
  const auto path = split_path(req.path);
  std::string allowed;
  for (size_t i = 0; i < routes.size(); ++i) {
    std::map<std::string, std::string> params;
    if (!match(patterns[i], path, params)) continue;
    const bool head_as_get = req.method == "HEAD" && routes[i].info.method == "GET";
    if (routes[i].info.method != req.method && !head_as_get) {
      allowed += (allowed.empty() ? "" : ", ") + routes[i].info.method;
      continue;
    }
    if (routes[i].info.pattern == "/api/v1/openapi.json") {
      return HttpResponse::json(200, openapi_text);
    }
    if (!routes[i].info.takes_query && !req.query.empty()) {
      return error_response(
          Error::invalid("this endpoint takes no query parameters", req.query.begin()->first),
          req.request_id);
    }
    bool session_rejected = false;
    auto result = run_route(routes[i], req, std::move(params), session_rejected);
    if (result) return std::move(*result);
    const Error& e = result.error();
    if (!error_is_caller(e.code)) {
      spdlog::error("[{}] {} {}: {} ({})", req.request_id, req.method, req.path, e.message,
                    error_code_name(e.code));
    }
    auto response = error_response(e, req.request_id);
    if (e.code == ErrorCode::rate_limited) response.headers.emplace_back("Retry-After", "60");
    if (session_rejected) {
      // The browser's session is gone: clear its cookies so the UI signs in afresh.
      for (auto& h : detail::clear_session_cookies(options.secure_cookies))
        response.headers.push_back(h);
    }
    return response;
  }
  if (!allowed.empty()) {
    auto r = error_response(Error{ErrorCode::method_not_allowed,
                                  req.method + " is not allowed here; use " + allowed, ""},
                            req.request_id);
    r.headers.emplace_back("Allow", allowed);
    return r;
  }
  return error_response(Error::not_found("endpoint", req.path), req.request_id);
}

Result<HttpResponse> Api::Impl::run_route(const Route& route, const HttpRequest& req,
                                          std::map<std::string, std::string> params,
                                          bool& session_rejected) const {
  Context c{req, services, options, std::nullopt, json(), std::move(params)};
  if (route.info.signed_in) {
    const auto token = req.cookie(detail::kSessionCookie);
    if (!token) return fail(Error::unauthenticated("sign in first"));
    auto caller = services.auth.authenticate(*token);
    if (!caller) {
      session_rejected = caller.error().code == ErrorCode::unauthenticated;
      return fail(caller.error());
    }
    c.caller = std::move(*caller);
    if (is_state_changing(req.method)) {
      const std::string* sent = req.header("x-csrf-token");
      if (!sent || !service::equal_constant_time(*sent, c.caller->csrf))
        return fail(Error::forbidden("missing or wrong X-CSRF-Token header"));
    }
  }
  if (route.info.json_body) {
    auto body = parse_json_body(req);
    if (!body) return fail(body.error());
    c.body = std::move(*body);
  } else if (req.method != "POST" && !req.body.empty()) {
    return fail(Error::invalid("this request takes no body"));
  }
  return route.handler(c);
}

HttpResponse Api::Impl::serve_static(const HttpRequest& req) const {
  if (req.method != "GET" && req.method != "HEAD") {
    auto r =
        error_response(Error{ErrorCode::method_not_allowed, "only GET here", ""}, req.request_id);
    r.headers.emplace_back("Allow", "GET, HEAD");
    return r;
  }
  HttpResponse fallback;
  fallback.content_type = "text/html; charset=utf-8";
  fallback.body = std::string(kFallbackPage);
  if (options.web_root.empty()) return fallback;
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path root = fs::weakly_canonical(options.web_root, ec);
  if (ec || !fs::is_directory(root, ec)) return fallback;
  if (req.path.find("..") != std::string::npos || req.path.find('\0') != std::string::npos)
    return error_response(Error::not_found("file", "path"), req.request_id);
  fs::path file = fs::weakly_canonical(root / req.path.substr(1), ec);
  const auto rel = file.lexically_relative(root);
  const bool inside = !ec && !rel.empty() && *rel.begin() != "..";
  // Client-side routes (/needs/12) get the app's index.html.
  if (!inside || !fs::is_regular_file(file, ec)) file = root / "index.html";
  std::ifstream in(file, std::ios::binary);
  if (!in) return fallback;
  std::ostringstream buf;
  buf << in.rdbuf();
  HttpResponse r;
  r.body = buf.str();
  r.content_type = std::string(mime_type(file));
  const bool hashed_asset = req.path.rfind("/assets/", 0) == 0;
  r.headers.emplace_back("Cache-Control",
                         hashed_asset ? "public, max-age=31536000, immutable" : "no-cache");
  return r;
}

}  // namespace yigong::api
