// The yigong REST API: routes every /api/v1 request through authentication, CSRF protection and
// JSON parsing to a handler that calls one service; serves the web UI's static files otherwise.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "api/http_types.hpp"
#include "service/auth.hpp"
#include "service/calls.hpp"
#include "service/matching.hpp"
#include "service/pathway.hpp"
#include "service/projects.hpp"
#include "service/records.hpp"
#include "store/store.hpp"

namespace yigong::api {

struct ApiOptions {
  std::string web_root;         // folder of the built web UI (index.html); empty: none
  bool secure_cookies = false;  // add Secure to cookies (serve behind HTTPS)
  std::string version = "0.1.0";
};

// The services the API calls; all outlive the Api.
struct Services {
  store::Store& store;
  service::AuthService& auth;
  service::RecordService& records;
  service::MatchService& matching;
  service::CallService& calls;
  service::ProjectService& projects;
  service::PathwayService& pathway;
};

// A route as the OpenAPI document and its test see it.
struct RouteInfo {
  std::string method;
  std::string pattern;  // "/api/v1/needs/{id}"
  std::string summary;
  std::string tag;
  bool signed_in = true;     // needs a session
  bool json_body = false;    // takes a JSON request body
  bool takes_query = false;  // accepts query parameters (others answer 400 to any)
};

// Thread-safe: handle() is called concurrently by the server's workers.
class Api {
 public:
  Api(Services services, ApiOptions options);
  ~Api();

  HttpResponse handle(const HttpRequest& request) const;
  std::vector<RouteInfo> routes() const;
  nlohmann::json openapi() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace yigong::api
