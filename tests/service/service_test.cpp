// Use cases over a real SQLite store: sign-in and sessions, record access, import and export.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "service/auth.hpp"
#include "service/crypto.hpp"
#include "service/records.hpp"
#include "service/transfer.hpp"
#include "support/test_db.hpp"

namespace yigong::service {
namespace {

using testing::TestBackend;
using testing::TestDb;

class ServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(crypto_init());
    db_ = std::make_unique<TestDb>(TestBackend::sqlite);
    store_ = std::move(*store::Store::open(db_->url()));
    ASSERT_TRUE(store_->migrate());
    AuthOptions options;
    options.throttle.max_failures_per_account = 3;
    auth_ = std::make_unique<AuthService>(*store_, options);
    records_ = std::make_unique<RecordService>(*store_);
    tenant_ = auth_->create_tenant(nullptr, "sh", "上海").value().id;
    other_ = auth_->create_tenant(nullptr, "bj", "北京").value().id;
    admin_ = user("admin@example.com", Role::tenant_admin, tenant_);
    const Viewer loader{UserId(), tenant_, Role::operator_, OrgId()};
    hospital_ = OrgId(records_->create(loader, RecordKind::organisation, org_input("瑞金医院"))
                          .value()
                          .record.id.value);
    company_ = OrgId(records_->create(loader, RecordKind::organisation, org_input("微创"))
                         .value()
                         .record.id.value);
  }

  static RecordInput org_input(std::string name) {
    RecordInput in;
    in.fields = {{"name", name}, {"type", std::string("hospital")}};
    in.tier = Tier::public_;
    return in;
  }

  static RecordInput need_input(Tier tier, std::string title = "房颤") {
    RecordInput in;
    in.fields = {{"title", title},
                 {"problem", std::string("房颤患者术后常需二次手术")},
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

  std::unique_ptr<TestDb> db_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<AuthService> auth_;
  std::unique_ptr<RecordService> records_;
  TenantId tenant_, other_;
  Viewer admin_;
  OrgId hospital_, company_;
};

TEST_F(ServiceTest, SignInOpensASessionThatLogoutEnds) {
  user("doc@example.com", Role::clinician, tenant_);
  auto s = auth_->login("  DOC@example.com ", "correct horse battery", "127.0.0.1");
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->token.size(), 64u);
  EXPECT_TRUE(s->user.password_hash.empty());
  auto caller = auth_->authenticate(s->token);
  ASSERT_TRUE(caller);
  EXPECT_EQ(caller->viewer.role, Role::clinician);
  EXPECT_EQ(caller->csrf, s->csrf);
  ASSERT_TRUE(auth_->logout(*caller));
  EXPECT_EQ(auth_->authenticate(s->token).error().code, ErrorCode::unauthenticated);
}

TEST_F(ServiceTest, WrongPasswordAndUnknownAccountLookTheSame) {
  user("doc@example.com", Role::clinician, tenant_);
  const auto wrong = auth_->login("doc@example.com", "wrong password!", "10.0.0.1");
  const auto unknown = auth_->login("nobody@example.com", "wrong password!", "10.0.0.2");
  EXPECT_EQ(wrong.error().code, ErrorCode::unauthenticated);
  EXPECT_EQ(wrong.error().message, unknown.error().message);
}

TEST_F(ServiceTest, RepeatedFailuresAreThrottledPerAccount) {
  user("doc@example.com", Role::clinician, tenant_);
  for (int i = 0; i < 3; ++i)
    auth_->login("doc@example.com", "wrong password!", "10.0.0." + std::to_string(i)).error();
  const auto blocked = auth_->login("doc@example.com", "correct horse battery", "10.0.0.9");
  ASSERT_FALSE(blocked);
  EXPECT_EQ(blocked.error().code, ErrorCode::rate_limited);
}

TEST_F(ServiceTest, PasswordPolicyAndEmailShapeAreChecked) {
  NewUser u{"not-an-email", "x", Role::guest, tenant_, OrgId(), "correct horse battery"};
  EXPECT_EQ(auth_->create_user(nullptr, u).error().field, "email");
  u.email = "ok@example.com";
  u.password = "short";
  EXPECT_EQ(auth_->create_user(nullptr, u).error().field, "password");
}

TEST_F(ServiceTest, OnlyAdministratorsGrantRolesAndOnlyInTheirTenant) {
  const Viewer op = user("op@example.com", Role::operator_, tenant_);
  NewUser u{"new@example.com", "New", Role::clinician, tenant_, OrgId(), "correct horse battery"};
  EXPECT_EQ(auth_->create_user(&op, u).error().code, ErrorCode::forbidden);
  u.tenant = other_;
  EXPECT_EQ(auth_->create_user(&admin_, u).error().code, ErrorCode::forbidden);
  u.tenant = tenant_;
  u.role = Role::platform_admin;
  EXPECT_EQ(auth_->create_user(&admin_, u).error().code, ErrorCode::forbidden);
  u.role = Role::clinician;
  EXPECT_TRUE(auth_->create_user(&admin_, u));
}

TEST_F(ServiceTest, InvitationsWorkOnce) {
  auto token = auth_->invite(admin_, {"rev@example.com", Role::reviewer, tenant_, OrgId()});
  ASSERT_TRUE(token);
  auto s = auth_->accept_invite(*token, "Reviewer", "correct horse battery");
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->user.role, Role::reviewer);
  EXPECT_EQ(auth_->accept_invite(*token, "Again", "correct horse battery").error().code,
            ErrorCode::conflict);
  EXPECT_EQ(auth_->accept_invite("nope", "X", "correct horse battery").error().code,
            ErrorCode::not_found);
}

TEST_F(ServiceTest, PasswordChangeEndsOtherSessions) {
  user("doc@example.com", Role::clinician, tenant_);
  auto a = auth_->login("doc@example.com", "correct horse battery", "1.1.1.1").value();
  auto b = auth_->login("doc@example.com", "correct horse battery", "1.1.1.2").value();
  auto caller = auth_->authenticate(a.token).value();
  EXPECT_EQ(auth_->change_password(caller, "wrong", "another long pass").error().code,
            ErrorCode::unauthenticated);
  ASSERT_TRUE(auth_->change_password(caller, "correct horse battery", "another long pass"));
  EXPECT_TRUE(auth_->authenticate(a.token));
  EXPECT_FALSE(auth_->authenticate(b.token));
  EXPECT_TRUE(auth_->login("doc@example.com", "another long pass", "1.1.1.3"));
}

TEST_F(ServiceTest, NdaRecordsShowATeaserUntilAccepted) {
  const Viewer author = user("doc@example.com", Role::clinician, tenant_, hospital_);
  const Viewer supplier = user("eng@example.com", Role::supplier, tenant_, company_);
  auto need = records_->create(author, RecordKind::need, need_input(Tier::nda));
  ASSERT_TRUE(need) << need.error().message;
  const RecordId id = need->record.id;
  auto teaser = records_->get(supplier, RecordKind::need, id);
  ASSERT_TRUE(teaser);
  EXPECT_EQ(teaser->visibility, Visibility::teaser);
  EXPECT_TRUE(teaser->record.fields.contains("title"));
  EXPECT_FALSE(teaser->record.fields.contains("problem"));
  EXPECT_FALSE(teaser->can_edit);
  auto full = records_->accept_nda(supplier, RecordKind::need, id);
  ASSERT_TRUE(full);
  EXPECT_EQ(full->visibility, Visibility::full);
  EXPECT_TRUE(full->record.fields.contains("problem"));
  EXPECT_EQ(records_->get(supplier, RecordKind::need, id)->visibility, Visibility::full);
}

TEST_F(ServiceTest, PrivateAndOtherTenantRecordsDoNotExistForOutsiders) {
  const Viewer author = user("doc@example.com", Role::clinician, tenant_, hospital_);
  const Viewer supplier = user("eng@example.com", Role::supplier, tenant_, company_);
  const Viewer colleague = user("doc2@example.com", Role::clinician, tenant_, hospital_);
  const Viewer stranger = user("bj@example.com", Role::tenant_admin, other_);
  const RecordId id =
      records_->create(author, RecordKind::need, need_input(Tier::private_))->record.id;
  EXPECT_EQ(records_->get(supplier, RecordKind::need, id).error().code, ErrorCode::not_found);
  EXPECT_EQ(records_->get(stranger, RecordKind::need, id).error().code, ErrorCode::not_found);
  EXPECT_TRUE(records_->get(colleague, RecordKind::need, id));
  auto page = records_->list(supplier, RecordKind::need, *parse_list_params(RecordKind::need, {}));
  ASSERT_TRUE(page);
  EXPECT_TRUE(page->items.empty());
  EXPECT_EQ(records_->accept_nda(supplier, RecordKind::need, id).error().code,
            ErrorCode::not_found);
}

TEST_F(ServiceTest, UpdatesCheckRoleVersionAndKeepAccess) {
  const Viewer author = user("doc@example.com", Role::clinician, tenant_, hospital_);
  const Viewer other = user("doc2@example.com", Role::clinician, tenant_, company_);
  auto v = records_->create(author, RecordKind::need, need_input(Tier::consortium)).value();
  RecordInput patch;
  patch.fields["title"] = std::string("新标题");
  EXPECT_EQ(records_->update(author, RecordKind::need, v.record.id, patch).error().field,
            "version");
  patch.version = 1;
  EXPECT_EQ(records_->update(other, RecordKind::need, v.record.id, patch).error().code,
            ErrorCode::forbidden);
  auto updated = records_->update(author, RecordKind::need, v.record.id, patch);
  ASSERT_TRUE(updated) << updated.error().message;
  EXPECT_EQ(updated->record.version, 2);
  EXPECT_EQ(records_->update(author, RecordKind::need, v.record.id, patch).error().code,
            ErrorCode::conflict);
  RecordInput clear;
  clear.version = 2;
  clear.fields["outcome"] = FieldValue{};
  EXPECT_EQ(records_->update(author, RecordKind::need, v.record.id, clear).error().field,
            "outcome");
}

TEST_F(ServiceTest, ListsPageWithCursorsAndRejectBadParameters) {
  const Viewer author = user("doc@example.com", Role::clinician, tenant_, hospital_);
  for (int i = 0; i < 7; ++i)
    ASSERT_TRUE(records_->create(author, RecordKind::need,
                                 need_input(Tier::public_, "n" + std::to_string(i))));
  auto q = parse_list_params(RecordKind::need, {{"limit", "3"}});
  ASSERT_TRUE(q);
  std::vector<std::string> titles;
  for (;;) {
    auto page = records_->list(author, RecordKind::need, *q);
    ASSERT_TRUE(page);
    for (const auto& v : page->items) titles.push_back(*v.record.text("title"));
    if (page->next_cursor.empty()) break;
    q = parse_list_params(RecordKind::need, {{"limit", "3"}, {"cursor", page->next_cursor}});
    ASSERT_TRUE(q);
  }
  EXPECT_EQ(titles, (std::vector<std::string>{"n6", "n5", "n4", "n3", "n2", "n1", "n0"}));
  EXPECT_EQ(parse_list_params(RecordKind::need, {{"limit", "1000000"}}).error().field, "limit");
  EXPECT_EQ(parse_list_params(RecordKind::need, {{"limit", "-1"}}).error().field, "limit");
  EXPECT_EQ(parse_list_params(RecordKind::need, {{"cursor", "x"}}).error().field, "cursor");
  EXPECT_EQ(parse_list_params(RecordKind::need, {{"colour", "red"}}).error().field, "colour");
  EXPECT_EQ(parse_list_params(RecordKind::need, {{"clinical_area", "heart"}}).error().field,
            "clinical_area");
  EXPECT_TRUE(parse_list_params(RecordKind::capability, {{"trl_min", "3"}, {"trl_max", "7"}}));
}

TEST_F(ServiceTest, CsvImportReportsEveryBadRowAndWritesNothing) {
  const Viewer op = user("op@example.com", Role::operator_, tenant_);
  const std::string csv =
      "key,title,problem,population,outcome,clinical_area,care_stage,language,tier,must_have\n"
      "n1,房颤,\"problem, with comma\",adults,reduce by "
      "30%,cardiovascular,treatment,zh-Hans,public,a|b\n"
      "n2,Stroke,p,adults,faster,neurology,diagnosis,en,secret,\n"
      "n3,\"multi\nline title\",p,adults,reduce 10%,oncology,screening,en,public,\n"
      "n1,dup,p,adults,reduce 10%,oncology,screening,en,public,\n";
  ImportOptions options;
  options.format = TransferFormat::csv;
  options.csv_kind = RecordKind::need;
  auto report = import_records(*records_, *store_, op, csv, options);
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_FALSE(report->written);
  ASSERT_EQ(report->errors.size(), 3u);
  EXPECT_EQ(report->errors[0].line, 3);
  EXPECT_EQ(report->errors[0].field, "tier");
  EXPECT_EQ(report->errors[1].line, 4);
  EXPECT_EQ(report->errors[1].field, "title");
  EXPECT_EQ(report->errors[2].line, 6);
  EXPECT_EQ(report->errors[2].field, "key");
  EXPECT_EQ(records_->counts(op)->at("needs"), 0);
}

TEST_F(ServiceTest, JsonImportResolvesOrganisationKeysInOneTransaction) {
  const Viewer op = user("op@example.com", Role::operator_, tenant_);
  user("doc@example.com", Role::clinician, tenant_);
  nlohmann::json doc = {
      {"organisations",
       {{{"key", "org-h"}, {"name", "华山医院"}, {"type", "hospital"}, {"tier", "public"}}}},
      {"needs",
       {{{"key", "need-1"},
         {"org", "org-h"},
         {"owner", "doc@example.com"},
         {"title", "卒中"},
         {"problem", "p"},
         {"population", "adults"},
         {"outcome", "reduce 10%"},
         {"clinical_area", "neurology"},
         {"care_stage", "diagnosis"},
         {"language", "zh-Hans"}}}}};
  ImportOptions options;
  auto report = import_records(*records_, *store_, op, doc.dump(), options);
  ASSERT_TRUE(report) << report.error().message;
  ASSERT_TRUE(report->errors.empty()) << report->errors[0].message;
  EXPECT_TRUE(report->written);
  auto page =
      records_->list(op, RecordKind::need, *parse_list_params(RecordKind::need, {})).value();
  ASSERT_EQ(page.items.size(), 1u);
  EXPECT_TRUE(page.items[0].record.org);
  doc["needs"][0]["org"] = "org-missing";
  doc["needs"][0]["key"] = "need-2";
  doc.erase("organisations");
  report = import_records(*records_, *store_, op, doc.dump(), options);
  ASSERT_TRUE(report);
  ASSERT_EQ(report->errors.size(), 1u);
  EXPECT_EQ(report->errors[0].item, "needs[0]");
  EXPECT_EQ(report->errors[0].field, "org");
}

TEST_F(ServiceTest, ImportIsForOperatorsAndAdministratorsOnly) {
  const Viewer doc = user("doc@example.com", Role::clinician, tenant_);
  EXPECT_EQ(import_records(*records_, *store_, doc, "{}", {}).error().code, ErrorCode::forbidden);
}

TEST_F(ServiceTest, ExportContainsOnlyWhatTheViewerSees) {
  const Viewer author = user("doc@example.com", Role::clinician, tenant_, hospital_);
  const Viewer supplier = user("eng@example.com", Role::supplier, tenant_, company_);
  ASSERT_TRUE(records_->create(author, RecordKind::need, need_input(Tier::public_, "公开")));
  ASSERT_TRUE(records_->create(author, RecordKind::need, need_input(Tier::nda, "保密")));
  ASSERT_TRUE(records_->create(author, RecordKind::need, need_input(Tier::private_, "私有")));
  auto text = export_records(*records_, supplier, RecordKind::need, {}, TransferFormat::json);
  ASSERT_TRUE(text);
  const auto doc = nlohmann::json::parse(*text);
  ASSERT_EQ(doc["needs"].size(), 2u);
  EXPECT_EQ(doc["needs"][0]["title"], "保密");
  EXPECT_TRUE(doc["needs"][0]["teaser"].get<bool>());
  EXPECT_FALSE(doc["needs"][0].contains("problem"));
  auto csv = export_records(*records_, supplier, RecordKind::need, {}, TransferFormat::csv);
  ASSERT_TRUE(csv);
  EXPECT_EQ(csv->find("私有"), std::string::npos);
  EXPECT_NE(csv->find("\"公开\""), std::string::npos);
}

TEST_F(ServiceTest, BreakdownsCountOnlyWhatTheViewerSees) {
  const Viewer author = user("doc@example.com", Role::clinician, tenant_, hospital_);
  const Viewer supplier = user("eng@example.com", Role::supplier, tenant_, company_);
  ASSERT_TRUE(records_->create(author, RecordKind::need, need_input(Tier::public_)));
  ASSERT_TRUE(records_->create(author, RecordKind::need, need_input(Tier::nda)));
  ASSERT_TRUE(records_->create(author, RecordKind::need, need_input(Tier::private_)));
  auto mine = records_->breakdowns(author);
  ASSERT_TRUE(mine) << mine.error().message;
  EXPECT_EQ((*mine)["needs"]["by_clinical_area"]["cardiovascular"], 3);
  EXPECT_EQ((*mine)["needs"]["by_tier"]["private"], 1);
  auto theirs = records_->breakdowns(supplier).value();
  EXPECT_EQ(theirs["needs"]["by_clinical_area"]["cardiovascular"], 2);
  EXPECT_FALSE(theirs["needs"]["by_tier"].contains("private"));
  EXPECT_EQ(theirs["organisations"]["by_type"]["hospital"], 2);
}

}  // namespace
}  // namespace yigong::service
