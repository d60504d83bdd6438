// HttpServer: the listening socket, the io threads, the worker pool and the graceful stop.
#include "api/http_server.hpp"

#include <spdlog/fmt/fmt.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/error.hpp>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "api/detail/connection_registry.hpp"
#include "api/detail/request_id.hpp"
#include "api/detail/session.hpp"
#include "api/detail/worker_pool.hpp"

namespace yigong::api {
namespace {

namespace beast = boost::beast;
namespace net = boost::asio;
using tcp = net::ip::tcp;

// Accept fails transiently when the process runs out of descriptors; retrying at once would
// spin an io thread at 100% until one is freed.
constexpr auto kAcceptRetryDelay = std::chrono::milliseconds(100);
// Connections admitted per completed asynchronous accept, before yielding to other io work.
constexpr int kAcceptBurst = 64;

enum class Lifecycle { kNew, kRunning, kStopped };

}  // namespace

// Thread-safe: the lifecycle under lifecycle_mu, the acceptor on its strand.
// Declaration order matters: members are destroyed in reverse, and sessions still pending in
// ioc die with it and use ids, connections and the options then, so those are declared first;
// the pool's queued tasks hold work on ioc, so the pool is declared after it.
struct HttpServer::Impl {
  Impl(ServerOptions server_options, HttpHandler server_handler)
      : options(std::move(server_options)),
        handler(std::move(server_handler)),
        ioc(std::max(1, options.io_threads)),
        acceptor(net::make_strand(ioc)),
        accept_retry(acceptor.get_executor()),
        pool(options.max_queue),
        context{options, handler, pool, ids, connections} {}

  void accept();
  void on_accept(beast::error_code ec, tcp::socket socket);
  // Starts a session for an accepted socket, or closes it at max_connections.
  void admit(tcp::socket socket);
  void run_io();

  const ServerOptions options;
  const HttpHandler handler;
  detail::RequestIdGenerator ids;
  detail::ConnectionRegistry connections;
  net::io_context ioc;
  tcp::acceptor acceptor;            // used on its strand once the io threads run
  net::steady_timer accept_retry;    // on the acceptor's strand
  bool at_connection_limit = false;  // on the acceptor's strand; limits the warning to one
  detail::WorkerPool pool;
  const detail::SessionContext context;
  std::atomic<unsigned short> port{0};

  std::mutex lifecycle_mu;
  std::condition_variable stopped;
  Lifecycle lifecycle = Lifecycle::kNew;  // guarded by lifecycle_mu
  std::vector<std::thread> io_threads;    // guarded by lifecycle_mu
};

void HttpServer::Impl::accept() {
  acceptor.async_accept(net::make_strand(ioc), beast::bind_front_handler(&Impl::on_accept, this));
}

void HttpServer::Impl::on_accept(beast::error_code ec, tcp::socket socket) {
  if (ec == net::error::operation_aborted || !acceptor.is_open()) return;  // stop()
  if (ec) {
    spdlog::warn("http accept failed: {}; retrying in {} ms", ec.message(),
                 kAcceptRetryDelay.count());
    accept_retry.expires_after(kAcceptRetryDelay);
    accept_retry.async_wait([this](beast::error_code wait_ec) {
      if (!wait_ec && acceptor.is_open()) accept();
    });
    return;
  }
  admit(std::move(socket));
  // Drain every connection already waiting: one accept per turn of the io loop admits only a
  // trickle when a thousand clients connect at once.
  for (int drained = 0; drained < kAcceptBurst; ++drained) {
    tcp::socket next(net::make_strand(ioc));
    beast::error_code accept_ec;
    acceptor.accept(next, accept_ec);
    if (accept_ec) break;  // would_block: none waiting; other errors surface on the async path
    admit(std::move(next));
  }
  accept();
}

void HttpServer::Impl::admit(tcp::socket socket) {
  if (connections.size() >= options.max_connections) {
    if (!at_connection_limit) {
      spdlog::warn("http server at max_connections ({}); closing new connections",
                   options.max_connections);
    }
    at_connection_limit = true;
    beast::error_code ignored;
    socket.close(ignored);
    return;
  }
  at_connection_limit = false;
  detail::start_session(context, std::move(socket));
}

void HttpServer::Impl::run_io() {
  // Sessions catch their own errors; this keeps a stray exception from ending the process or
  // silently losing an io thread.
  for (;;) {
    try {
      ioc.run();
      return;
    } catch (const std::exception& e) {
      spdlog::error("http io thread caught an exception: {}", e.what());
    } catch (...) {
      spdlog::error("http io thread caught a non-standard exception");
    }
  }
}

HttpServer::HttpServer(ServerOptions options, HttpHandler handler)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler))) {}

HttpServer::~HttpServer() { stop(); }

Result<void> HttpServer::start() {
  Impl& s = *impl_;
  const ServerOptions& o = s.options;
  std::lock_guard lock(s.lifecycle_mu);
  if (s.lifecycle != Lifecycle::kNew) {
    return fail(Error::invalid("the server was already started or stopped"));
  }
  if (o.io_threads < 1) return fail(Error::invalid("must be at least 1", "io_threads"));
  if (o.worker_threads < 1) return fail(Error::invalid("must be at least 1", "worker_threads"));
  if (o.max_queue < 1) return fail(Error::invalid("must be at least 1", "max_queue"));
  if (o.max_connections < 1) return fail(Error::invalid("must be at least 1", "max_connections"));

  beast::error_code ec;
  const net::ip::address address = net::ip::make_address(o.address, ec);
  if (ec) {
    return fail(Error::unavailable(
        fmt::format("invalid listen address '{}': {}", o.address, ec.message())));
  }
  const tcp::endpoint endpoint(address, o.port);
  auto failed = [&](std::string_view step) {
    beast::error_code ignored;
    s.acceptor.close(ignored);
    return fail(Error::unavailable(
        fmt::format("cannot {} {}:{}: {}", step, o.address, o.port, ec.message())));
  };
  s.acceptor.open(endpoint.protocol(), ec);
  if (ec) return failed("open a socket for");
  // Lets a restarted server bind while old connections linger in TIME_WAIT; Linux still
  // refuses a port another socket listens on.
  s.acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (ec) return failed("configure a socket for");
  s.acceptor.bind(endpoint, ec);
  if (ec) return failed("bind");
  s.acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) return failed("listen on");
  // Synchronous accepts in on_accept's drain loop must return would_block, never wait.
  s.acceptor.non_blocking(true, ec);
  if (ec) return failed("configure a socket for");
  const tcp::endpoint bound = s.acceptor.local_endpoint(ec);
  if (ec) return failed("read the bound port of");
  s.port.store(bound.port());

  s.pool.start(o.worker_threads);
  s.accept();
  for (int i = 0; i < o.io_threads; ++i) s.io_threads.emplace_back([&s] { s.run_io(); });
  s.lifecycle = Lifecycle::kRunning;
  spdlog::info("http server listening on {}:{} ({} io threads, {} workers)", o.address,
               bound.port(), o.io_threads, o.worker_threads);
  return ok();
}

unsigned short HttpServer::port() const { return impl_->port.load(); }

void HttpServer::stop() {
  Impl& s = *impl_;
  std::lock_guard lock(s.lifecycle_mu);
  if (s.lifecycle == Lifecycle::kRunning) {
    spdlog::info("http server stopping; {} open connections", s.connections.size());
    net::post(s.acceptor.get_executor(), [&s] {
      beast::error_code ignored;
      s.acceptor.close(ignored);
      s.accept_retry.cancel();
    });
    s.connections.stop_all();
    // The io threads return once nothing is left to do: the acceptor is closed, idle
    // connections are closed, and every request already read has been answered.
    for (auto& thread : s.io_threads) thread.join();
    s.io_threads.clear();
    s.pool.shutdown();
    spdlog::info("http server stopped");
  }
  s.lifecycle = Lifecycle::kStopped;
  s.stopped.notify_all();
}

void HttpServer::wait() {
  Impl& s = *impl_;
  std::unique_lock lock(s.lifecycle_mu);
  s.stopped.wait(lock, [&s] { return s.lifecycle != Lifecycle::kRunning; });
}

}  // namespace yigong::api
