// `yigong serve`: the HTTP server until SIGTERM or SIGINT, then a graceful stop.
#include <signal.h>
#include <spdlog/spdlog.h>

#include <cstdio>

#include "api/api.hpp"
#include "api/http_server.hpp"
#include "cli/app.hpp"
#include "cli/commands.hpp"

namespace yigong::cli {

int run_serve(const Config& cfg) {
  // Block the stop signals in every thread the server will start; this thread waits for them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto app = open_app(cfg);
  if (!app) {
    print_error(app.error());
    return 1;
  }
  auto expired = app->store->write<int>(
      [](store::Tx& tx) { return tx.delete_expired_sessions(now_micros()); });
  if (!expired) spdlog::warn("could not purge expired sessions: {}", expired.error().message);

  if (auto m = open_matching(*app, cfg); !m) {
    print_error(m.error());
    return 1;
  }
  if (auto c = open_calls(*app, cfg); !c) {
    print_error(c.error());
    return 1;
  }
  if (auto p = open_pathway(*app, cfg); !p) {
    print_error(p.error());
    return 1;
  }
  api::Api api({*app->store, *app->auth, *app->records, *app->matching, *app->calls, *app->projects,
                *app->pathway},
               {cfg.web_root, cfg.secure_cookies, "0.1.0"});
  const auto listen = parse_listen(cfg.listen);
  api::ServerOptions options;
  options.address = listen->first;
  options.port = listen->second;
  options.io_threads = cfg.io_threads;
  options.worker_threads = cfg.workers;
  options.body_limit = cfg.body_limit;
  api::HttpServer server(options, [&api](const api::HttpRequest& r) { return api.handle(r); });
  if (auto started = server.start(); !started) {
    print_error(started.error());
    return 1;
  }
  spdlog::info(
      "config: db={} index={} listen={} web_root={} io_threads={} workers={} db_pool={} "
      "body_limit={} "
      "secure_cookies={} log_level={}",
      redact_url(cfg.db), index_path_of(cfg), cfg.listen, cfg.web_root, cfg.io_threads, cfg.workers,
      cfg.db_pool, cfg.body_limit, cfg.secure_cookies, cfg.log_level);
  spdlog::info("yigong serving on http://{}:{}", options.address, server.port());
  std::printf("yigong: serving on http://%s:%u\n", options.address.c_str(), server.port());
  std::fflush(stdout);

  int sig = 0;
  sigwait(&signals, &sig);
  spdlog::info("signal {}: stopping; in-flight requests complete first", sig);
  server.stop();
  spdlog::info("stopped");
  return 0;
}

}  // namespace yigong::cli
