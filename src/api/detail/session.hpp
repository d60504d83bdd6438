// One HTTP connection: reads requests, hands them to the worker pool, writes the responses.
#pragma once

#include <boost/asio/ip/tcp.hpp>

#include "api/detail/connection_registry.hpp"
#include "api/detail/request_id.hpp"
#include "api/detail/worker_pool.hpp"
#include "api/http_server.hpp"

namespace yigong::api::detail {

// What every session of one server shares. Immutable references; each referent is thread-safe
// or, for options and handler, never changed while the server runs.
struct SessionContext {
  const ServerOptions& options;
  const HttpHandler& handler;
  WorkerPool& pool;
  RequestIdGenerator& ids;
  ConnectionRegistry& connections;
};

// Serves an accepted connection until it closes. The session keeps itself alive through its
// pending operations, so the io_context that runs the socket's executor outlives it, and so
// does context. If the registry is already stopping, closes the socket at once.
void start_session(const SessionContext& context, boost::asio::ip::tcp::socket socket);

}  // namespace yigong::api::detail
