// Resolving the demo files' references: users by e-mail, records by their key in a tenant.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "core/result.hpp"
#include "store/store.hpp"

namespace yigong::service {

struct DemoRefs {
  store::Store& store;

  Result<User> user(const std::string& email);
  Result<std::int64_t> record(RecordKind kind, TenantId tenant, const std::string& key);
  // A JSON list of keys → a JSON list of ids.
  Result<nlohmann::json> ids(RecordKind kind, TenantId tenant, const nlohmann::json& keys);
};

}  // namespace yigong::service
