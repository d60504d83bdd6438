// A pooled SOCI session and the helpers every repository file uses to talk to it.
#pragma once

#include <soci/soci.h>

#include <cstdint>
#include <optional>
#include <string>

#include "core/result.hpp"
#include "store/store.hpp"

namespace yigong::store {

// Single-threaded: owned by the pool, lent to one transaction at a time.
struct Connection {
  Backend backend;
  soci::session sql;
};

namespace detail {

// Maps a database exception to an Error: unique violations → conflict, foreign-key violations →
// unprocessable, lock time-outs → unavailable, the rest → internal (with the driver's message).
Error to_error(const std::exception& e);

// Reads column i of a row as an integer whatever integral type the backend reported.
std::int64_t row_int(const soci::row& row, std::size_t i);
std::optional<std::int64_t> row_opt_int(const soci::row& row, std::size_t i);
std::string row_text(const soci::row& row, std::size_t i);  // NULL → ""

// Runs fn, turning database exceptions into Errors.
template <typename F>
auto guarded(F&& fn) -> decltype(fn()) {
  try {
    return fn();
  } catch (const std::exception& e) {
    return fail(to_error(e));
  }
}

}  // namespace detail
}  // namespace yigong::store
