// Matching over a real SQLite store: search and matches see exactly what the record endpoints
// show each viewer; the index survives a crash between a write and its indexing; operators extend
// the thesaurus and nobody else does.
#include "service/matching.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "service/auth.hpp"
#include "service/crypto.hpp"
#include "service/records.hpp"
#include "support/test_db.hpp"

namespace yigong::service {
namespace {

using testing::TestBackend;
using testing::TestDb;

class MatchingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(crypto_init());
    db_ = std::make_unique<TestDb>(TestBackend::sqlite);
    store_ = std::move(*store::Store::open(db_->url()));
    ASSERT_TRUE(store_->migrate());
    auth_ = std::make_unique<AuthService>(*store_);
    records_ = std::make_unique<RecordService>(*store_);
    tenant_ = auth_->create_tenant(nullptr, "sh", "上海").value().id;
    other_ = auth_->create_tenant(nullptr, "bj", "北京").value().id;
    const Viewer loader{UserId(), tenant_, Role::operator_, OrgId()};
    org_ = OrgId(records_->create(loader, RecordKind::organisation, org_input("瑞金医院"))
                     .value()
                     .record.id.value);
    other_org_ = OrgId(records_->create(loader, RecordKind::organisation, org_input("微创"))
                           .value()
                           .record.id.value);
    index_dir_ = std::filesystem::temp_directory_path() /
                 ("yigong-match-test-" + std::to_string(::getpid()) + "-" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(index_dir_);
    open_matching();
  }
  void TearDown() override {
    matching_.reset();
    std::filesystem::remove_all(index_dir_);
  }

  void open_matching() {
    matching_.reset();
    MatchConfig mc;
    mc.index_path = index_dir_.string();
    mc.thesaurus_dir = YIGONG_SOURCE_DIR "/data/bridge";
    auto m = MatchService::open(*store_, *records_, mc);
    ASSERT_TRUE(m) << m.error().message;
    matching_ = std::move(*m);
  }

  static RecordInput org_input(std::string name) {
    RecordInput in;
    in.fields = {{"name", name}, {"type", std::string("hospital")}};
    in.tier = Tier::public_;
    return in;
  }

  // A need whose title (a teaser field) holds title_token and whose problem holds body_token.
  static RecordInput need(Tier tier, const std::string& title_token,
                          const std::string& body_token) {
    RecordInput in;
    in.fields = {{"title", "房颤 " + title_token},
                 {"problem", "房颤患者术后常需二次手术 " + body_token},
                 {"population", std::string("成人房颤")},
                 {"outcome", std::string("二次手术率降低 50%")},
                 {"clinical_area", std::string("cardiovascular")},
                 {"care_stage", std::string("treatment")},
                 {"language", std::string("zh-Hans")}};
    in.tier = tier;
    return in;
  }

  Viewer user(const std::string& email, Role role, TenantId tenant, OrgId org = OrgId()) {
    NewUser u{email, email, role, tenant, org, "correct horse battery"};
    auto created = auth_->create_user(nullptr, u);
    EXPECT_TRUE(created) << created.error().message;
    return Viewer{created->id, tenant, role, org};
  }

  std::set<std::pair<std::int64_t, bool>> found(const Viewer& v, const std::string& q) {
    std::set<std::pair<std::int64_t, bool>> out;
    auto page = matching_->search(v, q, RecordKind::need, 0, 50);
    EXPECT_TRUE(page) << page.error().message;
    if (!page) return out;
    for (const auto& item : page->items) {
      out.insert({item.view.record.id.value, item.view.visibility == Visibility::teaser});
    }
    return out;
  }

  std::unique_ptr<TestDb> db_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<AuthService> auth_;
  std::unique_ptr<RecordService> records_;
  std::unique_ptr<MatchService> matching_;
  std::filesystem::path index_dir_;
  TenantId tenant_, other_;
  OrgId org_, other_org_;
};

TEST_F(MatchingTest, SearchSeesExactlyWhatTheRecordLayerShows) {
  const Viewer author = user("author@example.com", Role::clinician, tenant_, org_);
  std::vector<RecordId> ids;
  for (Tier tier : {Tier::public_, Tier::consortium, Tier::nda, Tier::private_}) {
    auto v = records_->create(author, RecordKind::need, need(tier, "yqpwtitle", "zqxvbody"));
    ASSERT_TRUE(v) << v.error().message;
    ids.push_back(v->record.id);
  }
  std::vector<Viewer> viewers = {
      author,
      user("colleague@example.com", Role::clinician, tenant_, org_),
      user("supplier@example.com", Role::supplier, tenant_, other_org_),
      user("op@example.com", Role::operator_, tenant_),
      user("admin@example.com", Role::tenant_admin, tenant_),
      user("guest@example.com", Role::guest, tenant_),
      user("outsider@example.com", Role::clinician, other_),
      user("root@example.com", Role::platform_admin, other_),
  };
  // One supplier accepts the NDA: from then on it sees, and finds, the hidden text.
  const Viewer accepted = user("accepted@example.com", Role::supplier, tenant_, other_org_);
  ASSERT_TRUE(records_->accept_nda(accepted, RecordKind::need, ids[2]));
  viewers.push_back(accepted);
  for (const Viewer& v : viewers) {
    std::set<std::pair<std::int64_t, bool>> by_title, by_body;
    for (RecordId id : ids) {
      auto view = records_->get(v, RecordKind::need, id);
      if (!view) continue;
      const bool teaser = view->visibility == Visibility::teaser;
      by_title.insert({id.value, teaser});
      if (!teaser) by_body.insert({id.value, false});
    }
    const std::string who = std::string(name(v.role)) + " of tenant " + v.tenant.str();
    EXPECT_EQ(found(v, "yqpwtitle"), by_title) << who;
    // Hidden text finds only records the viewer sees in full: a teaser never leaks it.
    EXPECT_EQ(found(v, "zqxvbody"), by_body) << who;
  }
}

TEST_F(MatchingTest, AWriteNotYetIndexedIsReplayedAfterACrash) {
  const Viewer author = user("author@example.com", Role::clinician, tenant_, org_);
  // Written and committed, but the process "dies" before any search synced the index.
  auto v = records_->create(author, RecordKind::need, need(Tier::consortium, "crashtoken", "x"));
  ASSERT_TRUE(v);
  matching_.reset();
  open_matching();
  EXPECT_EQ(found(author, "crashtoken").size(), 1u);
  // An index lost entirely is rebuilt from the database.
  matching_.reset();
  std::filesystem::remove_all(index_dir_);
  open_matching();
  EXPECT_EQ(found(author, "crashtoken").size(), 1u);
  // Deletions reach the index too.
  ASSERT_TRUE(records_->remove(author, RecordKind::need, v->record.id));
  EXPECT_TRUE(found(author, "crashtoken").empty());
}

TEST_F(MatchingTest, MatchesExplainAndStatesAreKept) {
  const Viewer author = user("author@example.com", Role::clinician, tenant_, org_);
  const Viewer supplier = user("supplier@example.com", Role::supplier, tenant_, other_org_);
  auto n = records_->create(author, RecordKind::need, need(Tier::consortium, "t", "b"));
  ASSERT_TRUE(n);
  RecordInput cap;
  cap.fields = {{"title", std::string("脉冲电场消融导管")},
                {"type", std::string("product")},
                {"description", std::string("单次放电实现肺静脉隔离")},
                {"trl", std::int64_t(7)},
                {"language", std::string("zh-Hans")}};
  cap.tier = Tier::consortium;
  auto c = records_->create(supplier, RecordKind::capability, cap);
  ASSERT_TRUE(c) << c.error().message;
  auto page = matching_->matches_for_need(author, n->record.id, RecordKind::capability, 0, 10);
  ASSERT_TRUE(page) << page.error().message;
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_FALSE(page->items[0].why.bridges.empty());
  EXPECT_EQ(page->items[0].state, "suggested");
  auto saved =
      matching_->set_state(author, n->record.id, RecordKind::capability, c->record.id, "contacted");
  ASSERT_TRUE(saved) << saved.error().message;
  EXPECT_EQ(matching_->matches_for_need(author, n->record.id, RecordKind::capability, 0, 10)
                ->items[0]
                .state,
            "contacted");
  // The dashboard's counts: the state shows for whoever sees the need, not in another tenant.
  EXPECT_EQ(matching_->state_counts(author).value(),
            (std::map<std::string, std::int64_t>{{"contacted", 1}}));
  const Viewer outsider = user("outsider@example.com", Role::clinician, other_);
  EXPECT_TRUE(matching_->state_counts(outsider).value().empty());
  auto refused = matching_->set_state(supplier, n->record.id, RecordKind::capability, c->record.id,
                                      "accepted");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::forbidden);
  EXPECT_EQ(
      matching_->set_state(author, n->record.id, RecordKind::capability, c->record.id, "maybe")
          .error()
          .code,
      ErrorCode::invalid);
  // The capability finds the need back (engineering → clinical).
  auto back = matching_->matches_for_capability(supplier, c->record.id, 0, 10);
  ASSERT_TRUE(back);
  ASSERT_EQ(back->items.size(), 1u);
  EXPECT_EQ(back->items[0].view.record.id, n->record.id);
}

TEST_F(MatchingTest, OnlyOperatorsExtendTheThesaurusAndOnlyWithValidData) {
  const Viewer op = user("op@example.com", Role::operator_, tenant_);
  const Viewer doc = user("doc@example.com", Role::clinician, tenant_, org_);
  const std::string before = matching_->thesaurus()->version();
  bridge::ConceptInput c{"cv.test_syndrome", "disease", {"测试综合征"}, {"test syndrome"}};
  EXPECT_EQ(matching_->add_concept(doc, c).error().code, ErrorCode::forbidden);
  // A label another concept has is refused, and nothing is stored.
  bridge::ConceptInput clash{"cv.test_clash", "disease", {"房颤"}, {"test clash"}};
  EXPECT_EQ(matching_->add_concept(op, clash).error().code, ErrorCode::unprocessable);
  ASSERT_TRUE(matching_->add_concept(op, c));
  EXPECT_EQ(matching_->add_concept(op, c).error().code, ErrorCode::conflict);
  ASSERT_TRUE(matching_->add_link(op, {"cv.test_syndrome", "eng.pfa_catheter", 0.8}) ||
              matching_->add_link(op, {"cv.test_syndrome", "eng.pulsed_field_ablation", 0.8}));
  EXPECT_NE(matching_->thesaurus()->version(), before);
  // The additions live in the database: a restart keeps them.
  open_matching();
  EXPECT_TRUE(matching_->thesaurus()->find("cv.test_syndrome"));
}

TEST_F(MatchingTest, BadQueriesAreRefusedWithAReason) {
  const Viewer doc = user("doc@example.com", Role::clinician, tenant_, org_);
  EXPECT_EQ(matching_->search(doc, "", std::nullopt, 0, 10).error().code, ErrorCode::invalid);
  EXPECT_EQ(matching_->search(doc, "  \n", std::nullopt, 0, 10).error().code, ErrorCode::invalid);
  EXPECT_EQ(matching_->search(doc, std::string(2001, 'x'), std::nullopt, 0, 10).error().code,
            ErrorCode::invalid);
  EXPECT_EQ(matching_->search(doc, "\xff", std::nullopt, 0, 10).error().code, ErrorCode::invalid);
  auto emoji = matching_->search(doc, "😀😀😀", std::nullopt, 0, 10);
  ASSERT_TRUE(emoji);
  EXPECT_TRUE(emoji->items.empty());
  EXPECT_EQ(
      matching_->matches_for_need(doc, RecordId(99999), RecordKind::capability, 0, 10).error().code,
      ErrorCode::not_found);
}

}  // namespace
}  // namespace yigong::service
