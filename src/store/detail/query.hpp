// Query: a statement whose parameters are bound one by one at run time, for SQL built from a
// KindSpec. Keeps every bound value alive until the statement has run.
#pragma once

#include <soci/soci.h>

#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <vector>

#include "store/detail/connection.hpp"

namespace yigong::store::detail {

// Single-threaded.
class Query {
 public:
  // Appends SQL text.
  Query& operator<<(std::string_view sql) {
    sql_ += sql;
    return *this;
  }
  // Appends a placeholder bound to a text value (NULL when null is true).
  Query& text(std::string value, bool null = false);
  Query& integer(std::int64_t value, bool null = false);

  const std::string& sql() const { return sql_; }

  // Executes a statement that returns no rows; returns the affected row count.
  std::int64_t execute(Connection& c);
  // Executes and calls fn for every row (a row is valid only during its call).
  void each(Connection& c, const std::function<void(const soci::row&)>& fn);

 private:
  enum class Kind { text, integer };
  struct Param {
    Kind kind;
    std::size_t index;
    soci::indicator ind;
  };
  std::string placeholder();
  void bind(soci::statement& st);

  std::string sql_;
  std::vector<Param> params_;
  std::deque<std::string> texts_;
  std::deque<long long> ints_;
  std::deque<soci::indicator> inds_;
};

// Runs an INSERT … RETURNING id and gives the id (0 when no row came back).
std::int64_t returned_id(Query& q, Connection& c);

}  // namespace yigong::store::detail
