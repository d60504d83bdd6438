// The connection state machine: idle → header → body → handling → writing → idle or closing.
#include "api/detail/session.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/execution.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/prefer.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "api/detail/url.hpp"

namespace yigong::api::detail {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

constexpr std::uint32_t kHeaderLimit = 16 * 1024;
constexpr size_t kReadChunk = 4096;
// Our own deadline timer cancels a slow read so that a 408 can still be written; the stream's
// expiry, this much later, is the backstop that closes the socket should that ever fail.
constexpr auto kBackstop = std::chrono::seconds(1);
// After the last response we half-close and read what the peer still sends, for at most this
// long: closing with unread request bytes would send a reset that can destroy the response
// before the client reads it.
constexpr auto kLingerTimeout = std::chrono::seconds(1);
constexpr size_t kLingerBytes = 64 * 1024;
constexpr size_t kLoggedTargetMax = 512;
constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

// Log lines must stay one line and readable whatever the client sent.
std::string printable(std::string_view s) {
  std::string out(s.substr(0, kLoggedTargetMax));
  for (char& c : out) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) c = '?';
  }
  if (s.size() > kLoggedTargetMax) out += "...";
  return out;
}

bool is_bodyless_status(int status) {
  return (status >= 100 && status < 200) || status == 204 || status == 304;
}

// Headers the server owns: a handler's copy would break framing or contradict ours.
bool is_reserved_header(std::string_view name) {
  for (std::string_view reserved :
       {"content-length", "transfer-encoding", "connection", "keep-alive", "x-request-id", "server",
        "x-content-type-options"}) {
    if (beast::iequals(name, reserved)) return true;
  }
  return false;
}

// A CR or LF in a header would let a value smuggle extra headers into the response.
bool is_safe_header(std::string_view name, std::string_view value) {
  if (name.empty()) return false;
  for (char c : name) {
    if (c == '\r' || c == '\n' || c == '\0' || c == ':' || c == ' ' || c == '\t') return false;
  }
  for (char c : value) {
    if (c == '\r' || c == '\n' || c == '\0') return false;
  }
  return true;
}

HttpResponse invoke_handler(const HttpHandler& handler, const HttpRequest& request) {
  try {
    return handler(request);
  } catch (const std::exception& e) {
    spdlog::error("request_id={} handler threw: {}", request.request_id, e.what());
  } catch (...) {
    spdlog::error("request_id={} handler threw a non-standard exception", request.request_id);
  }
  return HttpResponse::error(500, "internal", "internal error", "", request.request_id);
}

// What the access log and the response need to know about the request being served.
struct RequestInfo {
  std::string request_id;
  std::string method = "-";
  std::string target = "-";
  unsigned version = 11;
  bool head = false;
  bool keep_alive = false;
  Clock::time_point started = Clock::now();
};

// Single-threaded: every member is touched only on the connection's strand, except context_
// (thread-safe referents) and the registry callback, which only posts onto the strand.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(const SessionContext& context, tcp::socket socket)
      : context_(context), stream_(std::move(socket)), deadline_(stream_.get_executor()) {}

  ~Session() {
    if (registry_id_ != 0) context_.connections.remove(registry_id_);
  }

  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void start();

 private:
  enum class Phase { kIdle, kHeader, kBody, kHandling, kWriting, kClosing, kClosed };

  void read_request();
  void on_idle_read(beast::error_code ec, size_t bytes);
  void read_header();
  void on_header(beast::error_code ec, size_t bytes);
  void read_body();
  void on_body(beast::error_code ec, size_t bytes);
  void on_read_error(beast::error_code ec);

  void set_read_deadline(std::chrono::milliseconds timeout);
  void cancel_read_deadline();
  void on_deadline(beast::error_code ec, std::uint64_t generation);

  void note_request_line(const http::request<http::string_body>& header);
  void dispatch_request();
  void reject(int status, std::string_view code, std::string_view message);
  void write_response(HttpResponse response);
  void on_write(beast::error_code ec, size_t bytes);
  void log_access(beast::error_code ec) const;

  void on_server_stop();
  void close_after_response();
  void linger();
  void close_now();

  const SessionContext context_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  net::steady_timer deadline_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::unique_ptr<http::response<http::string_body>> response_;  // alive while it is written
  RequestInfo request_;
  std::string remote_ip_ = "unknown";
  std::uint64_t registry_id_ = 0;
  std::uint64_t deadline_generation_ = 0;  // tells a stale deadline from the current one
  size_t lingered_ = 0;
  int status_ = 0;
  Phase phase_ = Phase::kIdle;
  bool timed_out_ = false;  // our deadline cancelled the current read
  bool first_request_ = true;
};

void Session::start() {
  beast::error_code ec;
  const tcp::endpoint peer = stream_.socket().remote_endpoint(ec);
  if (!ec) remote_ip_ = peer.address().to_string();
  // Small responses should leave at once rather than wait for Nagle's algorithm.
  stream_.socket().set_option(tcp::no_delay(true), ec);

  std::weak_ptr<Session> weak = weak_from_this();
  registry_id_ = context_.connections.add([weak] {
    if (auto self = weak.lock()) {
      net::post(self->stream_.get_executor(), [self] { self->on_server_stop(); });
    }
  });
  if (registry_id_ == 0) return;  // the server is stopping; the socket closes with us
  net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->read_request(); });
}

void Session::read_request() {
  if (phase_ == Phase::kClosed) return;
  if (context_.connections.stopping()) return close_now();
  parser_.emplace();
  parser_->body_limit(context_.options.body_limit);
  parser_->header_limit(kHeaderLimit);
  timed_out_ = false;
  if (buffer_.size() > 0) return read_header();  // pipelined: the next request has begun

  phase_ = Phase::kIdle;
  // The first request must arrive within header_timeout of the accept; a kept-alive
  // connection may then wait idle_timeout for its next one.
  set_read_deadline(first_request_ ? context_.options.header_timeout
                                   : context_.options.idle_timeout);
  stream_.async_read_some(buffer_.prepare(kReadChunk),
                          beast::bind_front_handler(&Session::on_idle_read, shared_from_this()));
}

void Session::on_idle_read(beast::error_code ec, size_t bytes) {
  if (phase_ == Phase::kClosed) return;
  if (ec) return on_read_error(ec);
  buffer_.commit(bytes);
  read_header();
}

void Session::read_header() {
  phase_ = Phase::kHeader;
  request_ = RequestInfo{};
  // The first request's deadline already runs from the accept.
  if (!first_request_) set_read_deadline(context_.options.header_timeout);
  http::async_read_header(stream_, buffer_, *parser_,
                          beast::bind_front_handler(&Session::on_header, shared_from_this()));
}

void Session::on_header(beast::error_code ec, size_t) {
  if (phase_ == Phase::kClosed) return;
  if (ec) return on_read_error(ec);
  if (parser_->is_done()) return dispatch_request();

  phase_ = Phase::kBody;
  set_read_deadline(context_.options.body_timeout);
  const auto& header = parser_->get();
  if (header.version() >= 11 && beast::iequals(header[http::field::expect], "100-continue")) {
    // The client waits for this before sending the body (curl does for bodies over 1 KiB).
    net::async_write(stream_, net::buffer(kContinue.data(), kContinue.size()),
                     [self = shared_from_this()](beast::error_code write_ec, size_t) {
                       if (self->phase_ == Phase::kClosed) return;
                       if (write_ec) return self->on_read_error(write_ec);
                       self->read_body();
                     });
    return;
  }
  read_body();
}

void Session::read_body() {
  http::async_read(stream_, buffer_, *parser_,
                   beast::bind_front_handler(&Session::on_body, shared_from_this()));
}

void Session::on_body(beast::error_code ec, size_t) {
  if (phase_ == Phase::kClosed) return;
  if (ec) return on_read_error(ec);
  dispatch_request();
}

void Session::on_read_error(beast::error_code ec) {
  if (phase_ == Phase::kClosed) return;
  if (timed_out_) {
    // Nothing of a request arrived: an idle connection just goes away.
    if (phase_ == Phase::kIdle) return close_now();
    return reject(408, "request_timeout",
                  phase_ == Phase::kHeader ? "timed out reading the request headers"
                                           : "timed out reading the request body");
  }
  if (ec == http::error::body_limit) {
    return reject(413, "payload_too_large",
                  "request body exceeds " + std::to_string(context_.options.body_limit) + " bytes");
  }
  if (ec == http::error::header_limit) {
    return reject(400, "invalid",
                  "request headers exceed " + std::to_string(kHeaderLimit) + " bytes");
  }
  // The peer closed between requests or in the middle of one: nobody is left to answer.
  if (ec == http::error::end_of_stream || ec == http::error::partial_message) return close_now();
  if (ec.category() == http::make_error_code(http::error::bad_method).category()) {
    return reject(400, "invalid", "malformed HTTP request: " + ec.message());
  }
  close_now();  // reset by the peer, aborted by stop(), or the backstop expiry
}

void Session::set_read_deadline(std::chrono::milliseconds timeout) {
  ++deadline_generation_;
  deadline_.expires_after(timeout);
  deadline_.async_wait([self = shared_from_this(), generation = deadline_generation_](
                           beast::error_code ec) { self->on_deadline(ec, generation); });
  stream_.expires_after(timeout + kBackstop);
}

void Session::cancel_read_deadline() {
  ++deadline_generation_;
  deadline_.cancel();
}

void Session::on_deadline(beast::error_code ec, std::uint64_t generation) {
  if (ec || generation != deadline_generation_) return;
  if (phase_ != Phase::kIdle && phase_ != Phase::kHeader && phase_ != Phase::kBody) return;
  timed_out_ = true;
  beast::error_code ignored;
  stream_.socket().cancel(ignored);  // the read completes with operation_aborted
}

void Session::note_request_line(const http::request<http::string_body>& header) {
  request_.request_id = context_.ids.pick(header["x-request-id"]);
  request_.method = std::string(header.method_string());
  request_.target = std::string(header.target());
  request_.version = header.version() == 10 ? 10 : 11;
  request_.head = header.method() == http::verb::head;
}

void Session::dispatch_request() {
  cancel_read_deadline();
  first_request_ = false;
  http::request<http::string_body> message = parser_->release();
  note_request_line(message);
  request_.keep_alive = message.keep_alive();

  const std::string_view target = message.target();
  const size_t question = target.find('?');
  auto path = percent_decode(target.substr(0, question), false);
  auto query = parse_query(question == std::string_view::npos ? std::string_view{}
                                                              : target.substr(question + 1));
  if (!path || !query) {
    return write_response(HttpResponse::error(400, "invalid",
                                              "malformed percent-encoding in the request target",
                                              "", request_.request_id));
  }

  HttpRequest request;
  request.method = request_.method;
  request.target = request_.target;
  request.path = std::move(*path);
  request.query = std::move(*query);
  for (const auto& field : message) {
    std::string name(field.name_string());
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    request.headers.emplace_back(std::move(name), std::string(field.value()));
  }
  request.body = std::move(message.body());
  request.remote_ip = remote_ip_;
  request.request_id = request_.request_id;

  phase_ = Phase::kHandling;
  // Tracked work keeps the io threads running, even during stop(), until the response is back.
  auto work = net::prefer(stream_.get_executor(), net::execution::outstanding_work.tracked);
  const bool queued = context_.pool.try_submit(
      [self = shared_from_this(), work, request = std::move(request)]() mutable {
        HttpResponse response = invoke_handler(self->context_.handler, request);
        net::post(work, [self = std::move(self), response = std::move(response)]() mutable {
          if (self->phase_ != Phase::kClosed) self->write_response(std::move(response));
        });
      });
  if (!queued) {
    spdlog::warn("request_id={} worker queue full ({} waiting); answering 503", request_.request_id,
                 context_.options.max_queue);
    HttpResponse busy = HttpResponse::error(503, "unavailable", "the server is busy; retry later",
                                            "", request_.request_id);
    busy.headers.emplace_back("Retry-After", "1");
    write_response(std::move(busy));
  }
}

void Session::reject(int status, std::string_view code, std::string_view message) {
  cancel_read_deadline();
  if (parser_ && parser_->is_header_done()) {
    note_request_line(parser_->get());
  } else {
    request_.request_id = context_.ids.next();
  }
  // The rest of the request is unread, so the connection cannot carry another one.
  request_.keep_alive = false;
  spdlog::debug("request_id={} remote_ip={} rejected: {}", request_.request_id, remote_ip_,
                message);
  write_response(HttpResponse::error(status, code, message, "", request_.request_id));
}

void Session::write_response(HttpResponse response) {
  phase_ = Phase::kWriting;
  if (context_.connections.stopping()) request_.keep_alive = false;
  if (response.status < 100 || response.status > 599) {
    spdlog::error("request_id={} handler returned HTTP status {}; answering 500",
                  request_.request_id, response.status);
    response = HttpResponse::error(500, "internal", "internal error", "", request_.request_id);
  }
  status_ = response.status;

  auto out = std::make_unique<http::response<http::string_body>>();
  out->version(request_.version);
  out->result(static_cast<unsigned>(response.status));
  bool has_content_type = false;
  bool has_cache_control = false;
  for (const auto& [name, value] : response.headers) {
    if (is_reserved_header(name)) continue;
    if (!is_safe_header(name, value)) {
      spdlog::warn("request_id={} dropped a response header with a control character: {}",
                   request_.request_id, printable(name));
      continue;
    }
    has_content_type = has_content_type || beast::iequals(name, "content-type");
    has_cache_control = has_cache_control || beast::iequals(name, "cache-control");
    out->insert(name, value);
  }
  if (!has_content_type && !response.content_type.empty()) {
    out->set(http::field::content_type, response.content_type);
  }
  if (!has_cache_control) out->set(http::field::cache_control, "no-store");
  out->set("X-Content-Type-Options", "nosniff");
  out->set(http::field::server, "yigong");
  out->set("X-Request-Id", request_.request_id);
  out->keep_alive(request_.keep_alive);
  if (!is_bodyless_status(response.status)) {
    // HEAD gets the length a GET would have, and no body.
    out->content_length(response.body.size());
    if (!request_.head) out->body() = std::move(response.body);
  }
  response_ = std::move(out);

  stream_.expires_after(context_.options.body_timeout);
  http::async_write(stream_, *response_,
                    beast::bind_front_handler(&Session::on_write, shared_from_this()));
}

void Session::on_write(beast::error_code ec, size_t) {
  log_access(ec);
  response_.reset();
  if (phase_ == Phase::kClosed) return;
  if (ec) return close_now();
  if (!request_.keep_alive || context_.connections.stopping()) return close_after_response();
  read_request();
}

void Session::log_access(beast::error_code ec) const {
  const double ms =
      std::chrono::duration<double, std::milli>(Clock::now() - request_.started).count();
  if (ec) {
    spdlog::info(
        "request_id={} remote_ip={} method={} target={} status={} duration_ms={:.1f} "
        "write_error=\"{}\"",
        request_.request_id, remote_ip_, printable(request_.method), printable(request_.target),
        status_, ms, ec.message());
  } else {
    spdlog::info("request_id={} remote_ip={} method={} target={} status={} duration_ms={:.1f}",
                 request_.request_id, remote_ip_, printable(request_.method),
                 printable(request_.target), status_, ms);
  }
}

void Session::on_server_stop() {
  switch (phase_) {
    case Phase::kIdle:
    case Phase::kHeader:
    case Phase::kBody:
    case Phase::kClosing:
      close_now();
      break;
    case Phase::kHandling:
    case Phase::kWriting:
    case Phase::kClosed:
      break;  // the write path sees stopping() and closes once the response is out
  }
}

void Session::close_after_response() {
  phase_ = Phase::kClosing;
  beast::error_code ec;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  if (ec) return close_now();
  buffer_.clear();
  lingered_ = 0;
  stream_.expires_after(kLingerTimeout);
  linger();
}

void Session::linger() {
  stream_.async_read_some(buffer_.prepare(kReadChunk),
                          [self = shared_from_this()](beast::error_code ec, size_t bytes) {
                            if (self->phase_ == Phase::kClosed) return;
                            self->lingered_ += bytes;
                            if (ec || self->lingered_ > kLingerBytes) return self->close_now();
                            self->linger();
                          });
}

void Session::close_now() {
  if (phase_ == Phase::kClosed) return;
  phase_ = Phase::kClosed;
  cancel_read_deadline();
  beast::error_code ignored;
  stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
  stream_.close();
}

}  // namespace

void start_session(const SessionContext& context, tcp::socket socket) {
  std::make_shared<Session>(context, std::move(socket))->start();
}

}  // namespace yigong::api::detail
