#include "service/demo_refs.hpp"

namespace yigong::service {

Result<User> DemoRefs::user(const std::string& email) {
  auto u =
      store.read<std::optional<User>>([&](store::Tx& tx) { return tx.find_user_by_email(email); });
  if (!u) return fail(u.error());
  if (!*u) return fail(Error::invalid("no demo user " + email));
  return **u;
}

Result<std::int64_t> DemoRefs::record(RecordKind kind, TenantId tenant, const std::string& key) {
  auto r = store.read<std::optional<Record>>(
      [&](store::Tx& tx) { return tx.find_record_by_key(kind, tenant, key); });
  if (!r) return fail(r.error());
  if (!*r) return fail(Error::invalid("no demo " + std::string(name(kind)) + " " + key));
  return (*r)->id.value;
}

Result<nlohmann::json> DemoRefs::ids(RecordKind kind, TenantId tenant, const nlohmann::json& keys) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& k : keys) {
    auto id = record(kind, tenant, k.get<std::string>());
    if (!id) return fail(id.error());
    out.push_back(*id);
  }
  return out;
}

}  // namespace yigong::service
