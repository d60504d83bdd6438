// libFuzzer target: arbitrary bytes as a CSV import of needs (dry run) against an in-memory SQLite
// store. Must never crash, and must never write.
#include <cstdlib>
#include <memory>

#include "service/crypto.hpp"
#include "service/records.hpp"
#include "service/transfer.hpp"
#include "store/store.hpp"

namespace {

struct Fixture {
  std::unique_ptr<yigong::store::Store> store;
  std::unique_ptr<yigong::service::RecordService> records;
  yigong::TenantId tenant;
  Fixture() {
    (void)yigong::service::crypto_init();
    store = std::move(*yigong::store::Store::open("sqlite::memory:", {.pool_size = 1}));
    (void)store->migrate();
    tenant = *store->write<yigong::TenantId>([](yigong::store::Tx& tx) {
      return tx.create_tenant({yigong::TenantId(), "t", "T", 0});
    });
    records = std::make_unique<yigong::service::RecordService>(*store);
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Fixture f;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const yigong::Viewer op{yigong::UserId(), f.tenant, yigong::Role::operator_, yigong::OrgId()};
  yigong::service::ImportOptions options;
  options.format = yigong::service::TransferFormat::csv;
  options.csv_kind = yigong::RecordKind::need;
  options.dry_run = true;
  (void)yigong::service::import_records(*f.records, *f.store, op, text, options);
  const auto n = f.store->read<std::int64_t>([](yigong::store::Tx& tx) {
    return tx.count_records(yigong::RecordKind::need, yigong::ReadScope{.everything = true});
  });
  if (!n || *n != 0) std::abort();
  return 0;
}
