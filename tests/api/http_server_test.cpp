// The HTTP server over real loopback sockets: keep-alive, limits, timeouts, ids, errors, stop.
#include "api/http_server.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <filesystem>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace yigong::api {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

struct Response {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-cased names; repeats joined by ", "
  std::string body;

  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
  std::string error_code() const {
    return nlohmann::json::parse(body).at("error").at("code").get<std::string>();
  }
};

// A blocking HTTP/1.1 client on one socket. Reads give up after 3 s rather than hang a test.
class Client {
 public:
  explicit Client(unsigned short port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    timeval timeout{3, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  }
  ~Client() { close(); }
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  bool connected() const { return connected_; }
  int fd() const { return fd_; }

  void close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

  bool send(std::string_view data) {
    while (!data.empty()) {
      const ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      data.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }

  // One response; nullopt if the connection ends or stalls first. A HEAD response has no body.
  std::optional<Response> read_response(bool head = false) {
    size_t end = 0;
    while ((end = buffer_.find("\r\n\r\n")) == std::string::npos) {
      if (!fill()) return std::nullopt;
    }
    Response response;
    std::string_view head_text(buffer_.data(), end);
    const size_t line_end = head_text.find("\r\n");
    const std::string_view status_line = head_text.substr(0, line_end);
    if (status_line.size() < 12) return std::nullopt;
    response.status = std::stoi(std::string(status_line.substr(9, 3)));
    std::string_view rest =
        line_end == std::string_view::npos ? std::string_view{} : head_text.substr(line_end + 2);
    while (!rest.empty()) {
      const size_t eol = rest.find("\r\n");
      const std::string_view line = rest.substr(0, eol);
      rest = eol == std::string_view::npos ? std::string_view{} : rest.substr(eol + 2);
      const size_t colon = line.find(':');
      std::string name(line.substr(0, colon));
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      std::string value(line.substr(colon + 1));
      value.erase(0, value.find_first_not_of(' '));
      std::string& slot = response.headers[name];
      slot = slot.empty() ? value : slot + ", " + value;
    }
    buffer_.erase(0, end + 4);
    if (head || response.status == 204 || response.status == 304) return response;
    const size_t length =
        std::stoul(response.header("content-length").empty() ? std::string("0")
                                                             : response.header("content-length"));
    while (buffer_.size() < length) {
      if (!fill()) return std::nullopt;
    }
    response.body = buffer_.substr(0, length);
    buffer_.erase(0, length);
    return response;
  }

  // True once the server has closed the connection and sent nothing more.
  bool closed_by_server() {
    if (!buffer_.empty()) return false;
    char byte = 0;
    const ssize_t n = ::recv(fd_, &byte, 1, 0);
    return n == 0 || (n < 0 && errno == ECONNRESET);
  }

 private:
  bool fill() {
    char chunk[4096];
    const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n <= 0) return false;
    buffer_.append(chunk, static_cast<size_t>(n));
    return true;
  }

  int fd_;
  bool connected_ = false;
  std::string buffer_;
};

std::string get(std::string_view target, std::string_view extra_headers = {}) {
  return "GET " + std::string(target) + " HTTP/1.1\r\nHost: test\r\n" + std::string(extra_headers) +
         "\r\n";
}

ServerOptions test_options() {
  ServerOptions options;
  options.port = 0;
  options.io_threads = 2;
  options.worker_threads = 2;
  return options;
}

HttpResponse echo_path(const HttpRequest& request) {
  return HttpResponse::json(200, nlohmann::json{{"path", request.path}}.dump());
}

// A started server on an ephemeral port.
class TestServer {
 public:
  TestServer(ServerOptions options, HttpHandler handler)
      : server_(std::move(options), std::move(handler)) {
    auto started = server_.start();
    EXPECT_TRUE(started) << started.error().message;
  }
  HttpServer& server() { return server_; }
  unsigned short port() const { return server_.port(); }

 private:
  HttpServer server_;
};

// Collects log lines so a test can check what the server wrote. Thread-safe through base_sink.
class CaptureSink : public spdlog::sinks::base_sink<std::mutex> {
 public:
  std::vector<std::string> lines() {
    std::lock_guard lock(mutex_);
    return lines_;
  }

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    lines_.emplace_back(msg.payload.data(), msg.payload.size());
  }
  void flush_() override {}

 private:
  std::vector<std::string> lines_;
};

size_t open_fd_count() {
  size_t count = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator("/proc/self/fd")) {
    ++count;
  }
  return count;
}

TEST(HttpServer, ServesKeepAliveRequestsOnOneConnection) {
  std::atomic<int> calls{0};
  TestServer server(test_options(), [&](const HttpRequest& request) {
    ++calls;
    return echo_path(request);
  });
  Client client(server.port());
  ASSERT_TRUE(client.connected());

  ASSERT_TRUE(client.send(get("/one")));
  auto first = client.read_response();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, 200);
  EXPECT_EQ(first->body, R"({"path":"/one"})");
  EXPECT_NE(first->header("connection"), "close");

  ASSERT_TRUE(client.send(get("/two")));
  auto second = client.read_response();
  ASSERT_TRUE(second);
  EXPECT_EQ(second->body, R"({"path":"/two"})");

  // Pipelined: both requests in one write, answered in order.
  ASSERT_TRUE(client.send(get("/three") + get("/four")));
  auto third = client.read_response();
  auto fourth = client.read_response();
  ASSERT_TRUE(third && fourth);
  EXPECT_EQ(third->body, R"({"path":"/three"})");
  EXPECT_EQ(fourth->body, R"({"path":"/four"})");
  EXPECT_EQ(calls.load(), 4);
}

TEST(HttpServer, ClosesIdleKeepAliveConnectionAfterIdleTimeout) {
  ServerOptions options = test_options();
  options.idle_timeout = 100ms;
  TestServer server(options, echo_path);
  Client client(server.port());
  ASSERT_TRUE(client.send(get("/")));
  ASSERT_TRUE(client.read_response());
  const auto idle_since = Clock::now();
  EXPECT_TRUE(client.closed_by_server());
  EXPECT_GE(Clock::now() - idle_since, 90ms);
  EXPECT_LT(Clock::now() - idle_since, 2s);
}

TEST(HttpServer, AnswersExpectContinueBeforeReadingBody) {
  TestServer server(test_options(), [](const HttpRequest& request) {
    return HttpResponse::json(200, nlohmann::json{{"body", request.body}}.dump());
  });
  Client client(server.port());
  ASSERT_TRUE(client.send(
      "PUT /x HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n"));
  auto interim = client.read_response();
  ASSERT_TRUE(interim);
  EXPECT_EQ(interim->status, 100);
  ASSERT_TRUE(client.send("data"));
  auto response = client.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, R"({"body":"data"})");
}

TEST(HttpServer, ClosesAfterHttp10OrConnectionCloseRequests) {
  TestServer server(test_options(), echo_path);
  Client old_client(server.port());
  ASSERT_TRUE(old_client.send("GET /old HTTP/1.0\r\n\r\n"));
  auto old_response = old_client.read_response();
  ASSERT_TRUE(old_response);
  EXPECT_EQ(old_response->status, 200);
  EXPECT_TRUE(old_client.closed_by_server());

  Client closing_client(server.port());
  ASSERT_TRUE(closing_client.send(get("/bye", "Connection: close\r\n")));
  auto bye = closing_client.read_response();
  ASSERT_TRUE(bye);
  EXPECT_EQ(bye->header("connection"), "close");
  EXPECT_TRUE(closing_client.closed_by_server());
}

TEST(HttpServer, PassesDecodedPathQueryHeadersCookiesAndBody) {
  std::mutex mu;
  std::optional<HttpRequest> seen;
  TestServer server(test_options(), [&](const HttpRequest& request) {
    std::lock_guard lock(mu);
    seen = request;
    return HttpResponse::json(200, "{}");
  });
  Client client(server.port());
  ASSERT_TRUE(client.send(
      "POST /a%20b/c?x=1&y=hello+world&x=2&flag HTTP/1.1\r\nHost: test\r\n"
      "X-Custom: Value\r\nCookie: theme=dark; session=\"abc\"\r\nContent-Length: 5\r\n\r\nhello"));
  auto response = client.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);

  std::lock_guard lock(mu);
  ASSERT_TRUE(seen);
  EXPECT_EQ(seen->method, "POST");
  EXPECT_EQ(seen->target, "/a%20b/c?x=1&y=hello+world&x=2&flag");
  EXPECT_EQ(seen->path, "/a b/c");
  EXPECT_EQ(seen->query.count("x"), 2u);
  EXPECT_EQ(seen->query.find("y")->second, "hello world");
  EXPECT_EQ(seen->query.find("flag")->second, "");
  ASSERT_NE(seen->header("x-custom"), nullptr);
  EXPECT_EQ(*seen->header("x-custom"), "Value");
  EXPECT_EQ(seen->header("x-missing"), nullptr);
  EXPECT_EQ(seen->cookie("theme"), "dark");
  EXPECT_EQ(seen->cookie("session"), "abc");
  EXPECT_EQ(seen->cookie("absent"), std::nullopt);
  EXPECT_EQ(seen->body, "hello");
  EXPECT_EQ(seen->remote_ip, "127.0.0.1");
  EXPECT_EQ(seen->request_id, response->header("x-request-id"));
}

TEST(HttpServer, AddsStandardHeadersAndSendsNoBodyForHead) {
  TestServer server(test_options(), [](const HttpRequest& request) {
    HttpResponse response = HttpResponse::json(200, R"({"hello":"world"})");
    if (request.path == "/cached") response.headers.emplace_back("Cache-Control", "max-age=60");
    // Neither may reach the wire: one would split the response, the other break framing.
    response.headers.emplace_back("X-Bad", "a\r\nSet-Cookie: stolen=1");
    response.headers.emplace_back("Content-Length", "999");
    return response;
  });
  Client client(server.port());
  ASSERT_TRUE(client.send(get("/")));
  auto plain = client.read_response();
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->header("content-type"), "application/json");
  EXPECT_EQ(plain->header("content-length"), std::to_string(plain->body.size()));
  EXPECT_EQ(plain->header("x-content-type-options"), "nosniff");
  EXPECT_EQ(plain->header("cache-control"), "no-store");
  EXPECT_EQ(plain->header("server"), "yigong");
  EXPECT_FALSE(plain->header("x-request-id").empty());
  EXPECT_EQ(plain->headers.count("x-bad"), 0u);
  EXPECT_EQ(plain->headers.count("set-cookie"), 0u);

  ASSERT_TRUE(client.send(get("/cached")));
  auto cached = client.read_response();
  ASSERT_TRUE(cached);
  EXPECT_EQ(cached->header("cache-control"), "max-age=60");

  ASSERT_TRUE(client.send("HEAD / HTTP/1.1\r\nHost: test\r\n\r\n"));
  auto head = client.read_response(/*head=*/true);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->header("content-length"), std::to_string(plain->body.size()));
  // Had the HEAD response carried a body, this read would parse it as the status line.
  ASSERT_TRUE(client.send(get("/")));
  auto after = client.read_response();
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, 200);
  EXPECT_EQ(after->body, plain->body);
}

TEST(HttpServer, RejectsOversizeBodyWith413) {
  ServerOptions options = test_options();
  options.body_limit = 16;
  std::atomic<int> calls{0};
  TestServer server(options, [&](const HttpRequest& request) {
    ++calls;
    return HttpResponse::json(200, nlohmann::json{{"size", request.body.size()}}.dump());
  });

  Client at_limit(server.port());
  ASSERT_TRUE(at_limit.send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 16\r\n\r\n" +
                            std::string(16, 'a')));
  auto accepted = at_limit.read_response();
  ASSERT_TRUE(accepted);
  EXPECT_EQ(accepted->status, 200);

  Client declared(server.port());
  ASSERT_TRUE(declared.send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\n" +
                            std::string(100, 'a')));
  auto too_large = declared.read_response();
  ASSERT_TRUE(too_large);
  EXPECT_EQ(too_large->status, 413);
  EXPECT_EQ(too_large->error_code(), "payload_too_large");
  EXPECT_EQ(nlohmann::json::parse(too_large->body)["error"]["request_id"],
            too_large->header("x-request-id"));
  EXPECT_TRUE(declared.closed_by_server());

  Client chunked(server.port());
  ASSERT_TRUE(
      chunked.send("POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n20\r\n" +
                   std::string(32, 'b') + "\r\n0\r\n\r\n"));
  auto chunked_too_large = chunked.read_response();
  ASSERT_TRUE(chunked_too_large);
  EXPECT_EQ(chunked_too_large->status, 413);
  EXPECT_EQ(calls.load(), 1);
}

TEST(HttpServer, SlowHeaderClientTimesOutWithoutBlockingWorkers) {
  ServerOptions options = test_options();
  options.io_threads = 1;
  options.worker_threads = 1;
  options.header_timeout = 200ms;
  std::atomic<int> calls{0};
  TestServer server(options, [&](const HttpRequest& request) {
    ++calls;
    return echo_path(request);
  });

  const auto slow_start = Clock::now();
  Client slow(server.port());
  ASSERT_TRUE(slow.send("GET /slow HTTP/1.1\r\nHost: test\r\nX-Partial: ab"));

  const auto fast_start = Clock::now();
  Client fast(server.port());
  ASSERT_TRUE(fast.send(get("/fast")));
  auto fast_response = fast.read_response();
  ASSERT_TRUE(fast_response);
  EXPECT_EQ(fast_response->status, 200);
  EXPECT_LT(Clock::now() - fast_start, 150ms);

  auto timed_out = slow.read_response();
  const auto slow_elapsed = Clock::now() - slow_start;
  ASSERT_TRUE(timed_out);
  EXPECT_EQ(timed_out->status, 408);
  EXPECT_EQ(timed_out->error_code(), "request_timeout");
  EXPECT_GE(slow_elapsed, 190ms);
  EXPECT_LT(slow_elapsed, 2s);
  EXPECT_TRUE(slow.closed_by_server());
  EXPECT_EQ(calls.load(), 1);
}

TEST(HttpServer, SlowBodyClientTimesOutWith408) {
  ServerOptions options = test_options();
  options.body_timeout = 200ms;
  std::atomic<int> calls{0};
  TestServer server(options, [&](const HttpRequest& request) {
    ++calls;
    return echo_path(request);
  });
  const auto start = Clock::now();
  Client client(server.port());
  ASSERT_TRUE(client.send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nabc"));
  auto response = client.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 408);
  EXPECT_EQ(response->error_code(), "request_timeout");
  EXPECT_GE(Clock::now() - start, 190ms);
  EXPECT_TRUE(client.closed_by_server());
  EXPECT_EQ(calls.load(), 0);
}

TEST(HttpServer, HandlerExceptionGives500AndServerKeepsServing) {
  TestServer server(test_options(), [](const HttpRequest& request) -> HttpResponse {
    if (request.path == "/boom") throw std::runtime_error("kaboom");
    if (request.path == "/weird") throw 42;
    return echo_path(request);
  });
  Client client(server.port());
  for (const char* path : {"/boom", "/weird"}) {
    ASSERT_TRUE(client.send(get(path)));
    auto failed = client.read_response();
    ASSERT_TRUE(failed) << path;
    EXPECT_EQ(failed->status, 500);
    EXPECT_EQ(failed->error_code(), "internal");
    EXPECT_EQ(nlohmann::json::parse(failed->body)["error"]["request_id"],
              failed->header("x-request-id"));
  }
  ASSERT_TRUE(client.send(get("/fine")));
  auto fine = client.read_response();
  ASSERT_TRUE(fine);
  EXPECT_EQ(fine->status, 200);
}

TEST(HttpServer, EchoesOrGeneratesRequestId) {
  TestServer server(test_options(), [](const HttpRequest& request) {
    return HttpResponse::json(200, nlohmann::json{{"id", request.request_id}}.dump());
  });
  Client client(server.port());
  auto request_with = [&](std::string_view id) {
    const std::string extra = id.empty() ? "" : "X-Request-Id: " + std::string(id) + "\r\n";
    EXPECT_TRUE(client.send(get("/", extra)));
    auto response = client.read_response();
    EXPECT_TRUE(response);
    const std::string seen = nlohmann::json::parse(response->body)["id"];
    EXPECT_EQ(seen, response->header("x-request-id"));
    return seen;
  };
  auto is_generated = [](const std::string& id) {
    return id.size() == 16 && id.find_first_not_of("0123456789abcdef") == std::string::npos;
  };

  EXPECT_EQ(request_with("abc-123.X_y"), "abc-123.X_y");
  const std::string longest(64, 'z');
  EXPECT_EQ(request_with(longest), longest);
  EXPECT_TRUE(is_generated(request_with(std::string(65, 'z'))));
  EXPECT_TRUE(is_generated(request_with("bad id!")));
  const std::string first = request_with("");
  const std::string second = request_with("");
  EXPECT_TRUE(is_generated(first));
  EXPECT_TRUE(is_generated(second));
  EXPECT_NE(first, second);

  // The server's own error responses carry an id too.
  Client garbage(server.port());
  ASSERT_TRUE(garbage.send("NOT HTTP\r\n\r\n"));
  auto rejected = garbage.read_response();
  ASSERT_TRUE(rejected);
  EXPECT_TRUE(is_generated(rejected->header("x-request-id")));
}

TEST(HttpServer, LogsOneAccessLinePerRequestWithRequestId) {
  auto sink = std::make_shared<CaptureSink>();
  auto previous = spdlog::default_logger();
  spdlog::set_default_logger(std::make_shared<spdlog::logger>("capture", sink));
  struct Restore {
    std::shared_ptr<spdlog::logger> logger;
    ~Restore() { spdlog::set_default_logger(logger); }
  } restore{previous};

  {
    TestServer server(test_options(), [](const HttpRequest& request) -> HttpResponse {
      if (request.path == "/boom") throw std::runtime_error("kaboom");
      return echo_path(request);
    });
    Client client(server.port());
    ASSERT_TRUE(client.send(get("/hello?x=1", "X-Request-Id: log-test-1\r\n")));
    ASSERT_TRUE(client.read_response());
    ASSERT_TRUE(client.send(get("/boom", "X-Request-Id: log-test-2\r\n")));
    ASSERT_TRUE(client.read_response());
  }  // stopping joins the io threads, so every line has been written

  auto contains = [](const std::string& line, std::initializer_list<std::string_view> parts) {
    for (auto part : parts) {
      if (line.find(part) == std::string::npos) return false;
    }
    return true;
  };
  int access_lines = 0;
  bool saw_exception = false;
  bool saw_boom_access = false;
  for (const auto& line : sink->lines()) {
    if (contains(line, {"request_id=log-test-1", "remote_ip=127.0.0.1", "method=GET",
                        "target=/hello?x=1", "status=200", "duration_ms="})) {
      ++access_lines;
    }
    saw_exception = saw_exception || contains(line, {"request_id=log-test-2", "kaboom"});
    saw_boom_access = saw_boom_access || contains(line, {"request_id=log-test-2", "status=500"});
  }
  EXPECT_EQ(access_lines, 1);
  EXPECT_TRUE(saw_exception);
  EXPECT_TRUE(saw_boom_access);
}

TEST(HttpServer, GracefulStopCompletesInFlightRequest) {
  std::promise<void> slow_started;
  TestServer server(test_options(), [&](const HttpRequest& request) {
    if (request.path == "/slow") {
      slow_started.set_value();
      std::this_thread::sleep_for(300ms);
    }
    return echo_path(request);
  });
  const unsigned short port = server.port();
  std::atomic<bool> waited{false};
  std::thread waiter([&] {
    server.server().wait();
    waited = true;
  });

  Client idle(port);
  ASSERT_TRUE(idle.send(get("/fast")));
  ASSERT_TRUE(idle.read_response());

  Client busy(port);
  ASSERT_TRUE(busy.send(get("/slow")));
  // Waiting for the handler to start makes "already read" certain however loaded the machine.
  ASSERT_EQ(slow_started.get_future().wait_for(2s), std::future_status::ready);
  std::thread stopper([&] {
    std::this_thread::sleep_for(50ms);
    server.server().stop();
  });

  auto response = busy.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, R"({"path":"/slow"})");
  EXPECT_EQ(response->header("connection"), "close");
  EXPECT_TRUE(busy.closed_by_server());
  EXPECT_TRUE(idle.closed_by_server());
  busy.close();
  idle.close();

  stopper.join();
  waiter.join();
  EXPECT_TRUE(waited.load());
  Client late(port);
  EXPECT_FALSE(late.connected());
}

TEST(HttpServer, QueueFullGives503) {
  ServerOptions options = test_options();
  options.worker_threads = 1;
  options.max_queue = 1;
  std::promise<void> started;
  std::atomic<bool> started_once{false};
  std::promise<void> release;
  std::shared_future<void> gate = release.get_future().share();
  TestServer server(options, [&](const HttpRequest& request) {
    if (!started_once.exchange(true)) started.set_value();
    gate.wait();
    return echo_path(request);
  });

  Client running(server.port());
  ASSERT_TRUE(running.send(get("/a")));
  ASSERT_EQ(started.get_future().wait_for(2s), std::future_status::ready);

  // One of these waits in the queue; the other finds it full. Which one is up to the kernel.
  Client b(server.port());
  Client c(server.port());
  ASSERT_TRUE(b.send(get("/b")));
  ASSERT_TRUE(c.send(get("/c")));
  pollfd fds[2] = {{b.fd(), POLLIN, 0}, {c.fd(), POLLIN, 0}};
  ASSERT_EQ(::poll(fds, 2, 2000), 1);
  Client& rejected_client = (fds[0].revents & POLLIN) ? b : c;
  Client& queued_client = (fds[0].revents & POLLIN) ? c : b;
  auto rejected = rejected_client.read_response();
  ASSERT_TRUE(rejected);
  EXPECT_EQ(rejected->status, 503);
  EXPECT_EQ(rejected->error_code(), "unavailable");
  EXPECT_EQ(rejected->header("retry-after"), "1");

  release.set_value();
  auto queued = queued_client.read_response();
  auto first = running.read_response();
  ASSERT_TRUE(queued && first);
  EXPECT_EQ(queued->status, 200);
  EXPECT_EQ(first->status, 200);
}

TEST(HttpServer, MalformedRequestGives400) {
  TestServer server(test_options(), echo_path);
  Client garbage(server.port());
  ASSERT_TRUE(garbage.send("GARBAGE\r\n\r\n"));
  auto bad = garbage.read_response();
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(bad->error_code(), "invalid");
  EXPECT_TRUE(garbage.closed_by_server());

  Client huge(server.port());
  ASSERT_TRUE(huge.send(get("/", "X-Big: " + std::string(20000, 'x') + "\r\n")));
  auto too_big = huge.read_response();
  ASSERT_TRUE(too_big);
  EXPECT_EQ(too_big->status, 400);

  // A bad escape is the target's fault, not the framing's: the connection stays usable.
  Client escape(server.port());
  ASSERT_TRUE(escape.send(get("/%zz")));
  auto bad_escape = escape.read_response();
  ASSERT_TRUE(bad_escape);
  EXPECT_EQ(bad_escape->status, 400);
  EXPECT_EQ(bad_escape->error_code(), "invalid");
  ASSERT_TRUE(escape.send(get("/ok")));
  auto ok_after = escape.read_response();
  ASSERT_TRUE(ok_after);
  EXPECT_EQ(ok_after->status, 200);
}

TEST(HttpServer, PortInUseIsAnError) {
  TestServer first(test_options(), echo_path);
  ServerOptions options = test_options();
  options.port = first.port();
  HttpServer second(options, echo_path);
  auto started = second.start();
  ASSERT_FALSE(started);
  EXPECT_EQ(started.error().code, ErrorCode::unavailable);
  EXPECT_NE(started.error().message.find("in use"), std::string::npos) << started.error().message;
  EXPECT_NE(started.error().message.find(std::to_string(first.port())), std::string::npos);

  options.address = "not-an-address";
  options.port = 0;
  HttpServer bad_address(options, echo_path);
  auto bad = bad_address.start();
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::unavailable);
  EXPECT_NE(bad.error().message.find("not-an-address"), std::string::npos);
}

TEST(HttpServer, ClosesConnectionsBeyondMaxConnectionsWithoutLeakingSockets) {
  const size_t fds_before = open_fd_count();
  {
    ServerOptions options = test_options();
    options.max_connections = 1;
    TestServer server(options, echo_path);
    {
      Client first(server.port());
      ASSERT_TRUE(first.send(get("/first")));
      ASSERT_TRUE(first.read_response());

      Client extra(server.port());
      EXPECT_TRUE(extra.closed_by_server());

      ASSERT_TRUE(first.send(get("/again")));
      auto again = first.read_response();
      ASSERT_TRUE(again);
      EXPECT_EQ(again->status, 200);
    }
    // The first connection's slot frees once the server notices the close.
    std::optional<Response> later;
    for (int attempt = 0; attempt < 50 && !later; ++attempt) {
      Client retry(server.port());
      if (retry.send(get("/later"))) later = retry.read_response();
      if (!later) std::this_thread::sleep_for(20ms);
    }
    ASSERT_TRUE(later);
    EXPECT_EQ(later->status, 200);
  }
  EXPECT_EQ(open_fd_count(), fds_before);
}

TEST(HttpServer, StopIsIdempotentAndWaitReturnsOnceStopped) {
  HttpServer never_started(test_options(), echo_path);
  never_started.stop();
  never_started.wait();
  EXPECT_FALSE(never_started.start());

  TestServer server(test_options(), echo_path);
  const unsigned short port = server.port();
  EXPECT_FALSE(server.server().start());
  server.server().stop();
  server.server().stop();
  server.server().wait();
  Client late(port);
  EXPECT_FALSE(late.connected());
}

}  // namespace
}  // namespace yigong::api
