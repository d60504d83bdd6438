// The storage conformance suite: every case runs on SQLite and on PostgreSQL.
#include "store/store.hpp"

#include <gtest/gtest.h>

#include "service/audit.hpp"
#include "service/crypto.hpp"
#include "support/test_db.hpp"

namespace yigong {
namespace {

using store::Store;
using store::Tx;
using testing::TestBackend;
using testing::TestDb;

class StoreTest : public ::testing::TestWithParam<TestBackend> {
 protected:
  void SetUp() override {
    if (GetParam() == TestBackend::postgresql && !testing::postgres_available()) {
      if (testing::running_in_ci()) FAIL() << "CI=true but YIGONG_TEST_PG is not set";
      GTEST_SKIP() << "YIGONG_TEST_PG not set (run through tests/support/pg_cluster.sh)";
    }
    ASSERT_TRUE(service::crypto_init());
    db_ = std::make_unique<TestDb>(GetParam());
    auto s = Store::open(db_->url(), {.pool_size = 4});
    ASSERT_TRUE(s) << s.error().message;
    store_ = std::move(*s);
    auto m = store_->migrate();
    ASSERT_TRUE(m) << m.error().message;
    tenant_ = write<TenantId>([](Tx& tx) {
      return tx.create_tenant({TenantId(), "t1", "Tenant", 0});
    });
    other_tenant_ = write<TenantId>([](Tx& tx) {
      return tx.create_tenant({TenantId(), "t2", "Other", 0});
    });
  }

  template <typename T>
  T write(const std::function<Result<T>(Tx&)>& fn) {
    auto r = store_->write<T>(fn);
    EXPECT_TRUE(r) << r.error().message;
    return r ? *r : T{};
  }
  template <typename T>
  T read(const std::function<Result<T>(Tx&)>& fn) {
    auto r = store_->read<T>(fn);
    EXPECT_TRUE(r) << r.error().message;
    return r ? *r : T{};
  }

  Record need(TenantId tenant, Tier tier, std::string title, UserId by = UserId()) {
    Record r;
    r.kind = RecordKind::need;
    r.tenant = tenant;
    r.tier = tier;
    r.created_by = by;
    r.created_at = r.updated_at = now_micros();
    r.fields = {{"title", title},
                {"problem", std::string("房颤患者术后常需二次手术")},
                {"population", std::string("adults with AF")},
                {"outcome", std::string("reduce repeat procedures by 30%")},
                {"clinical_area", std::string("cardiovascular")},
                {"care_stage", std::string("treatment")},
                {"language", std::string("zh-Hans")},
                {"population_size", std::int64_t{2'000'000}},
                {"must_have", std::vector<std::string>{"单次手术", "ICE imaging"}}};
    return r;
  }

  std::unique_ptr<TestDb> db_;
  std::unique_ptr<Store> store_;
  TenantId tenant_, other_tenant_;
};

TEST_P(StoreTest, MigrationsAreIdempotent) {
  auto again = store_->migrate();
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, 0);
  auto v = store_->schema_version();
  ASSERT_TRUE(v);
  EXPECT_GE(*v, 2);
}

TEST_P(StoreTest, UsersHaveUniqueEmails) {
  User u;
  u.tenant = tenant_;
  u.email = "a@example.com";
  u.name = "A";
  u.role = Role::clinician;
  u.password_hash = "x";
  const UserId id = write<UserId>([&](Tx& tx) { return tx.create_user(u); });
  EXPECT_TRUE(id);
  auto dup = store_->write<UserId>([&](Tx& tx) { return tx.create_user(u); });
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, ErrorCode::conflict);
  const auto found =
      read<std::optional<User>>([](Tx& tx) { return tx.find_user_by_email("a@example.com"); });
  ASSERT_TRUE(found);
  EXPECT_EQ(found->role, Role::clinician);
  EXPECT_EQ(found->tenant, tenant_);
  EXPECT_FALSE(found->org);
}

TEST_P(StoreTest, FailedTransactionLeavesNoTrace) {
  auto r = store_->write<bool>([&](Tx& tx) -> Result<bool> {
    auto id = tx.insert_record(need(tenant_, Tier::public_, "rolled back"));
    if (!id) return fail(id.error());
    return fail(Error::invalid("stop"));
  });
  ASSERT_FALSE(r);
  EXPECT_EQ(read<std::int64_t>([](Tx& tx) {
              return tx.count_records(RecordKind::need, ReadScope{.everything = true});
            }),
            0);
}

TEST_P(StoreTest, RecordsRoundTripEveryFieldType) {
  Record n = need(tenant_, Tier::nda, "醫療器械 ' OR 1=1; DROP TABLE needs; --");
  n.ext_key = "need-1";
  const RecordId id = write<RecordId>([&](Tx& tx) { return tx.insert_record(n); });
  const auto got =
      read<std::optional<Record>>([&](Tx& tx) { return tx.get_record(RecordKind::need, id); });
  ASSERT_TRUE(got);
  EXPECT_EQ(*got->text("title"), *n.text("title"));
  EXPECT_EQ(got->integer("population_size"), 2'000'000);
  EXPECT_EQ(std::get<std::vector<std::string>>(got->fields.at("must_have")),
            (std::vector<std::string>{"单次手术", "ICE imaging"}));
  EXPECT_EQ(got->tier, Tier::nda);
  EXPECT_EQ(got->ext_key, "need-1");
  EXPECT_EQ(got->version, 1);
  EXPECT_FALSE(got->fields.contains("shortfall"));
  const auto by_key = read<std::optional<Record>>(
      [&](Tx& tx) { return tx.find_record_by_key(RecordKind::need, tenant_, "need-1"); });
  ASSERT_TRUE(by_key);
  EXPECT_EQ(by_key->id, id);
}

TEST_P(StoreTest, UpdatesNeedTheCurrentVersion) {
  const RecordId id =
      write<RecordId>([&](Tx& tx) { return tx.insert_record(need(tenant_, Tier::public_, "v1")); });
  Record r =
      *read<std::optional<Record>>([&](Tx& tx) { return tx.get_record(RecordKind::need, id); });
  r.fields["title"] = std::string("v2");
  EXPECT_EQ(write<std::int64_t>([&](Tx& tx) { return tx.update_record(r); }), 2);
  auto stale = store_->write<std::int64_t>([&](Tx& tx) { return tx.update_record(r); });
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, ErrorCode::conflict);
}

TEST_P(StoreTest, SoftDeletedRecordsLeaveListsButStayStored) {
  const RecordId id = write<RecordId>(
      [&](Tx& tx) { return tx.insert_record(need(tenant_, Tier::public_, "gone")); });
  write<bool>([&](Tx& tx) -> Result<bool> {
    YG_TRY(tx.soft_delete_record(RecordKind::need, id, now_micros()));
    return true;
  });
  store::ListQuery q;
  q.scope.everything = true;
  EXPECT_TRUE(read<std::vector<Record>>([&](Tx& tx) {
                return tx.list_records(RecordKind::need, q);
              }).empty());
  const auto kept =
      read<std::optional<Record>>([&](Tx& tx) { return tx.get_record(RecordKind::need, id); });
  ASSERT_TRUE(kept);
  EXPECT_TRUE(kept->deleted_at);
  auto twice = store_->write<bool>([&](Tx& tx) -> Result<bool> {
    YG_TRY(tx.soft_delete_record(RecordKind::need, id, now_micros()));
    return true;
  });
  EXPECT_FALSE(twice);
}

TEST_P(StoreTest, ListsHonourScopeFiltersSearchAndCursor) {
  write<bool>([&](Tx& tx) -> Result<bool> {
    for (int i = 0; i < 25; ++i) {
      Record r =
          need(tenant_, i % 2 ? Tier::consortium : Tier::public_, "需求 " + std::to_string(i));
      if (i == 7) r.fields["title"] = std::string("Stroke 50%_rehab");
      if (i % 5 == 0) r.fields["clinical_area"] = std::string("oncology");
      YG_TRY(tx.insert_record(r));
    }
    YG_TRY(tx.insert_record(need(other_tenant_, Tier::consortium, "other tenant")));
    YG_TRY(tx.insert_record(need(other_tenant_, Tier::private_, "other private")));
    return true;
  });
  store::ListQuery q;
  q.scope = read_scope(Viewer{UserId(99), tenant_, Role::clinician, OrgId()});
  q.limit = 10;
  std::vector<std::string> titles;
  for (int page = 0; page < 5; ++page) {
    auto rows =
        read<std::vector<Record>>([&](Tx& tx) { return tx.list_records(RecordKind::need, q); });
    for (const auto& r : rows) titles.push_back(*r.text("title"));
    if (rows.size() < 10) break;
    q.before = rows.back().id;
  }
  EXPECT_EQ(titles.size(), 25u);  // the other tenant's consortium and private rows stay hidden
  EXPECT_EQ(titles.front(), "需求 24");

  store::ListQuery f;
  f.scope.everything = true;
  f.equals = {{"clinical_area", "oncology"}};
  EXPECT_EQ(read<std::vector<Record>>([&](Tx& tx) {
              return tx.list_records(RecordKind::need, f);
            }).size(),
            5u);
  f.equals.clear();
  f.q = "50%_R";  // wildcards are literal, search is case-insensitive
  auto hits =
      read<std::vector<Record>>([&](Tx& tx) { return tx.list_records(RecordKind::need, f); });
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(*hits[0].text("title"), "Stroke 50%_rehab");
  f.q = "需求 1";
  EXPECT_EQ(read<std::vector<Record>>([&](Tx& tx) {
              return tx.list_records(RecordKind::need, f);
            }).size(),
            11u);
  f.q.clear();
  f.at_least = {{"population_size", 3'000'000}};
  EXPECT_TRUE(read<std::vector<Record>>([&](Tx& tx) {
                return tx.list_records(RecordKind::need, f);
              }).empty());

  store::ListQuery guest;
  guest.scope = read_scope(Viewer{UserId(98), tenant_, Role::guest, OrgId()});
  guest.limit = 100;
  EXPECT_EQ(read<std::vector<Record>>([&](Tx& tx) {
              return tx.list_records(RecordKind::need, guest);
            }).size(),
            13u);
  EXPECT_EQ(
      read<std::int64_t>([&](Tx& tx) { return tx.count_records(RecordKind::need, guest.scope); }),
      13);
}

TEST_P(StoreTest, UnknownFilterFieldIsRejected) {
  store::ListQuery q;
  q.scope.everything = true;
  q.equals = {{"problem; DROP TABLE needs", "x"}};
  auto r = store_->read<std::vector<Record>>(
      [&](Tx& tx) { return tx.list_records(RecordKind::need, q); });
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::invalid);
}

TEST_P(StoreTest, InvitationsAreSingleUse) {
  Invite i;
  i.token_hash = "h1";
  i.tenant = tenant_;
  i.email = "x@example.com";
  i.role = Role::reviewer;
  i.created_at = now_micros();
  i.expires_at = i.created_at + 1000000;
  write<bool>([&](Tx& tx) -> Result<bool> {
    YG_TRY(tx.create_invite(i));
    YG_TRY(tx.mark_invite_used("h1", now_micros()));
    return true;
  });
  auto again = store_->write<bool>([&](Tx& tx) -> Result<bool> {
    YG_TRY(tx.mark_invite_used("h1", now_micros()));
    return true;
  });
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::conflict);
}

TEST_P(StoreTest, SessionsExpire) {
  User u;
  u.tenant = tenant_;
  u.email = "s@example.com";
  u.name = "S";
  u.password_hash = "x";
  const UserId uid = write<UserId>([&](Tx& tx) { return tx.create_user(u); });
  const Micros now = now_micros();
  write<bool>([&](Tx& tx) -> Result<bool> {
    YG_TRY(tx.create_session({"old", uid, "c1", now - 10, now - 1}));
    YG_TRY(tx.create_session({"new", uid, "c2", now, now + 1000000}));
    return true;
  });
  EXPECT_EQ(write<int>([&](Tx& tx) { return tx.delete_expired_sessions(now); }), 1);
  auto s = read<std::optional<Session>>([](Tx& tx) { return tx.find_session("new"); });
  ASSERT_TRUE(s);
  EXPECT_EQ(s->csrf_token, "c2");
}

TEST_P(StoreTest, NdaAcceptanceIsRecordedOnce) {
  User u;
  u.tenant = tenant_;
  u.email = "n@example.com";
  u.name = "N";
  u.password_hash = "x";
  const UserId uid = write<UserId>([&](Tx& tx) { return tx.create_user(u); });
  const RecordId id =
      write<RecordId>([&](Tx& tx) { return tx.insert_record(need(tenant_, Tier::nda, "nda")); });
  EXPECT_FALSE(read<bool>([&](Tx& tx) { return tx.has_accepted_nda(RecordKind::need, id, uid); }));
  write<bool>([&](Tx& tx) -> Result<bool> {
    YG_TRY(tx.accept_nda(RecordKind::need, id, uid, now_micros()));
    return true;
  });
  EXPECT_TRUE(read<bool>([&](Tx& tx) { return tx.has_accepted_nda(RecordKind::need, id, uid); }));
  const RecordId other =
      write<RecordId>([&](Tx& tx) { return tx.insert_record(need(tenant_, Tier::nda, "nda 2")); });
  const auto accepted = read<std::vector<RecordId>>([&](Tx& tx) {
    return tx.accepted_ndas(RecordKind::need, {id, other}, uid);
  });
  EXPECT_EQ(accepted, std::vector<RecordId>{id});
}

// Appends n audit events, one transaction each.
void append_events(Store& store, int n) {
  for (int i = 0; i < n; ++i) {
    auto r = store.write<AuditEvent>([&](Tx& tx) {
      AuditEvent e;
      e.action = "create";
      e.kind = "need";
      e.record_id = i + 1;
      e.detail = "{\"i\":" + std::to_string(i) + "}";
      return service::append_audit(tx, e);
    });
    ASSERT_TRUE(r) << r.error().message;
  }
}

TEST_P(StoreTest, AuditChainVerifies) {
  append_events(*store_, 30);
  auto report = service::verify_audit(*store_);
  ASSERT_TRUE(report);
  EXPECT_TRUE(report->ok) << report->problem;
  EXPECT_EQ(report->events, 30);
}

TEST_P(StoreTest, AuditDetectsAnEditedEvent) {
  append_events(*store_, 10);
  db_->exec("UPDATE audit_events SET detail = '{\"i\":99}' WHERE seq = 4");
  auto report = service::verify_audit(*store_);
  ASSERT_TRUE(report);
  EXPECT_FALSE(report->ok);
  EXPECT_EQ(report->first_bad, 4);
}

TEST_P(StoreTest, AuditDetectsADeletedEvent) {
  append_events(*store_, 10);
  db_->exec("DELETE FROM audit_events WHERE seq = 6");
  auto report = service::verify_audit(*store_);
  ASSERT_TRUE(report);
  EXPECT_FALSE(report->ok);
  EXPECT_EQ(report->first_bad, 6);
}

TEST_P(StoreTest, AuditDetectsDeletedNewestEvents) {
  append_events(*store_, 10);
  db_->exec("DELETE FROM audit_events WHERE seq >= 9");
  auto report = service::verify_audit(*store_);
  ASSERT_TRUE(report);
  EXPECT_FALSE(report->ok);
  EXPECT_EQ(report->first_bad, 9);
}

TEST_P(StoreTest, AuditDetectsARehashedEdit) {
  // An attacker who edits an event and recomputes its hash still breaks the next link.
  append_events(*store_, 5);
  db_->exec("UPDATE audit_events SET detail = 'x', hash = 'ff' WHERE seq = 2");
  auto report = service::verify_audit(*store_);
  ASSERT_TRUE(report);
  EXPECT_FALSE(report->ok);
  EXPECT_EQ(report->first_bad, 2);
}

TEST_P(StoreTest, ConcurrentAuditAppendsFormOneChain) {
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) threads.emplace_back([&] { append_events(*store_, 15); });
  for (auto& th : threads) th.join();
  auto report = service::verify_audit(*store_);
  ASSERT_TRUE(report);
  EXPECT_TRUE(report->ok) << report->problem;
  EXPECT_EQ(report->events, 60);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest,
                         ::testing::Values(TestBackend::sqlite, TestBackend::postgresql),
                         [](const auto& p) {
                           return p.param == TestBackend::sqlite ? "SQLite" : "PostgreSQL";
                         });

}  // namespace
}  // namespace yigong
