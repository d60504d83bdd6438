// Loads the demo ecosystem (data/demo/): tenants, accounts, and each tenant's organisations,
// people, needs and capabilities, drawn from the forum reports the platform was conceived from.
#pragma once

#include <string>
#include <vector>

#include "core/result.hpp"
#include "service/auth.hpp"
#include "service/records.hpp"
#include "store/store.hpp"

namespace yigong::service {

struct DemoLogin {
  std::string email;
  std::string password;
  std::string role;
  std::string tenant;
};

struct DemoSummary {
  std::vector<DemoLogin> logins;
  std::map<std::string, int> rows;  // per kind, over all tenants
};

// REQUIRES: an empty, migrated database. dir holds tenants.json and <tenant-slug>.json files.
// Errors: invalid (a file is malformed; the message names it), conflict (already loaded).
Result<DemoSummary> load_demo(store::Store& store, AuthService& auth, RecordService& records,
                              const std::string& dir);

}  // namespace yigong::service
