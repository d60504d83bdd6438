// The request and response values exchanged between the HTTP server and its handler.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace yigong::api {

// One fully read HTTP request. Immutable value once the server hands it to the handler.
struct HttpRequest {
  std::string method;  // as received: "GET", "POST"
  std::string target;  // path and query exactly as received: "/needs?q=a%20b"
  std::string path;    // percent-decoded path without the query (%2F becomes '/'): "/needs"
  std::multimap<std::string, std::string> query;             // decoded; '+' reads as a space
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased, in wire order
  std::string body;
  std::string remote_ip;   // the peer's address: "127.0.0.1", "::1"
  std::string request_id;  // the caller's valid X-Request-Id, or one the server generated

  // The first value of a header, or nullptr when absent.
  // REQUIRES: lower_name is lower-case ("content-type").
  const std::string* header(std::string_view lower_name) const;
  // The value of a cookie from the Cookie headers (surrounding quotes removed), or nullopt.
  std::optional<std::string> cookie(std::string_view name) const;
};

// What the handler returns. The server adds the framing and security headers (Content-Length,
// Connection, X-Request-Id, X-Content-Type-Options, Server) itself. Immutable value.
struct HttpResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers, any name case
  std::string body;
  std::string content_type = "application/json";  // ignored when headers hold a Content-Type

  // A response with a JSON body the caller has already serialised.
  static HttpResponse json(int status, std::string body);
  // The one error shape of yigong:
  // {"error":{"code":"...","message":"...","field":"...","request_id":"..."}}
  // field may be empty. Strings are JSON-escaped; invalid UTF-8 is replaced, never thrown on.
  static HttpResponse error(int status, std::string_view code, std::string_view message,
                            std::string_view field, std::string_view request_id);
};

// Turns a request into a response. Called on worker threads, never on an io thread, so it may
// block (on a database, a search); called concurrently, so it must be thread-safe; it may throw,
// and the server then answers 500 "internal".
using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

}  // namespace yigong::api
