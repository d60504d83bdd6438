// The HTTP/1.1 server of yigong: reads requests on io threads, runs the handler on a worker pool.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "api/http_types.hpp"
#include "core/result.hpp"

namespace yigong::api {

// How the server listens, how many threads it runs and how long it waits for slow peers.
// Plain value; the server keeps its own copy.
struct ServerOptions {
  std::string address = "127.0.0.1";  // an IPv4 or IPv6 literal; "0.0.0.0" for every interface
  unsigned short port = 8080;         // 0 picks a free port; port() then tells which
  int io_threads = 1;                 // threads that read and write sockets; never block
  int worker_threads = 4;             // threads that run the handler
  size_t max_queue = 4096;            // requests waiting for a worker; beyond it → 503
  size_t body_limit = 1 << 20;        // bytes of request body; beyond it → 413
  std::chrono::milliseconds header_timeout{10000};  // from the first byte to the end of headers
  std::chrono::milliseconds body_timeout{30000};    // to read the body; also bounds each write
  std::chrono::milliseconds idle_timeout{60000};    // a keep-alive connection waiting for a request
  size_t max_connections = 10000;  // open connections; beyond it new ones are closed at once
};

// Thread-safe: stop() and wait() may be called from any thread except the server's own io and
// worker threads (stop() waits for them), including a signal-handling thread.
//
// Each connection reads one request at a time with a fresh parser (body_limit, 16 KiB of
// headers) and a read deadline; the handler runs only once the whole request is read, on a
// bounded worker pool, so a slow client holds a socket but never a worker. The server answers
// its own errors in the HttpResponse::error shape: 400 invalid, 408 request_timeout,
// 413 payload_too_large, 500 internal (handler threw), 503 unavailable (worker queue full).
// Every response carries X-Request-Id, and every request is logged once at info level.
class HttpServer {
 public:
  HttpServer(ServerOptions options, HttpHandler handler);
  // Stops the server if it still runs.
  ~HttpServer();

  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds, listens and starts the io and worker threads.
  // REQUIRES: called once, before stop().
  // Errors: unavailable when the address is invalid, in use or cannot be bound; invalid when
  // the options are out of range or the server was already started.
  Result<void> start();

  // The bound port (the chosen one when options.port was 0); 0 before a successful start().
  unsigned short port() const;

  // Graceful stop: closes the listening socket, closes idle connections and those still
  // receiving a request, lets every request already read run through the handler and have its
  // response written (with Connection: close), then joins all threads. Idempotent; returns once
  // the server has stopped, so it waits for handlers still running.
  void stop();

  // Blocks until the server has stopped; returns at once if it is not running.
  void wait();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace yigong::api
