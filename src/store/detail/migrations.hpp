// The schema migrations compiled into the binary from src/store/migrations/*.sql.
#pragma once

#include <string_view>
#include <vector>

namespace yigong::store::detail {

struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;  // statements separated by ';' at line ends; {{ID}} to be substituted
};

// In ascending version order.
const std::vector<Migration>& migrations();

}  // namespace yigong::store::detail
