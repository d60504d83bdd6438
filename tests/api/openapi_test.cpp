// The OpenAPI document lists every route of the route table with its method, and every documented
// operation is dispatched by the server (no 404 "endpoint not found").
#include <gtest/gtest.h>

#include "api/api.hpp"
#include "service/crypto.hpp"
#include "support/test_db.hpp"

namespace yigong::api {
namespace {

class OpenApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(service::crypto_init());
    db_ = std::make_unique<testing::TestDb>(testing::TestBackend::sqlite);
    store_ = std::move(*store::Store::open(db_->url()));
    ASSERT_TRUE(store_->migrate());
    auth_ = std::make_unique<service::AuthService>(*store_);
    records_ = std::make_unique<service::RecordService>(*store_);
    service::MatchConfig mc;
    mc.thesaurus_dir = YIGONG_SOURCE_DIR "/data/bridge";
    matching_ = std::move(*service::MatchService::open(*store_, *records_, mc));
    service::CallsConfig cc;
    cc.rubric_dir = YIGONG_SOURCE_DIR "/data/calls/rubrics";
    cc.files_dir = db_->url().substr(7) + ".files";
    projects_ = std::make_unique<service::ProjectService>(*store_, *records_);
    pathway_ = std::move(*service::PathwayService::open(YIGONG_SOURCE_DIR "/data/pathway"));
    calls_ = std::move(*service::CallService::open(*store_, *records_, matching_.get(), cc));
    api_ = std::make_unique<Api>(
        Services{*store_, *auth_, *records_, *matching_, *calls_, *projects_, *pathway_},
        ApiOptions{});
  }

  HttpResponse call(const std::string& method, const std::string& path) {
    HttpRequest r;
    r.method = method;
    r.target = r.path = path;
    r.request_id = "test";
    r.remote_ip = "127.0.0.1";
    return api_->handle(r);
  }

  std::unique_ptr<testing::TestDb> db_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<service::AuthService> auth_;
  std::unique_ptr<service::RecordService> records_;
  std::unique_ptr<service::MatchService> matching_;
  std::unique_ptr<service::CallService> calls_;
  std::unique_ptr<service::ProjectService> projects_;
  std::unique_ptr<service::PathwayService> pathway_;
  std::unique_ptr<Api> api_;
};

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

TEST_F(OpenApiTest, EveryRouteIsDocumented) {
  const auto doc = api_->openapi();
  const auto routes = api_->routes();
  ASSERT_GT(routes.size(), 30u);
  for (const auto& r : routes) {
    ASSERT_TRUE(doc["paths"].contains(r.pattern)) << "undocumented path " << r.pattern;
    EXPECT_TRUE(doc["paths"][r.pattern].contains(lower(r.method)))
        << "undocumented operation " << r.method << " " << r.pattern;
  }
}

TEST_F(OpenApiTest, EveryDocumentedOperationIsServed) {
  const auto doc = api_->openapi();
  int operations = 0;
  for (const auto& [pattern, ops] : doc["paths"].items()) {
    std::string path = pattern;
    if (auto p = path.find("{id}"); p != std::string::npos) path.replace(p, 4, "1");
    for (const auto& [method, op] : ops.items()) {
      std::string upper = method;
      for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      const auto response = call(upper, path);
      EXPECT_EQ(response.body.find("endpoint"), std::string::npos)
          << upper << " " << path << " is documented but not routed: " << response.body;
      EXPECT_NE(response.status, 405) << upper << " " << path;
      ++operations;
    }
  }
  EXPECT_EQ(operations, static_cast<int>(api_->routes().size()));
}

TEST_F(OpenApiTest, UndocumentedPathsAreNotFound) {
  EXPECT_EQ(call("GET", "/api/v1/secrets").status, 404);
  EXPECT_EQ(call("DELETE", "/api/v1/health").status, 405);
}

TEST_F(OpenApiTest, RecordSchemasFollowTheFieldSpecs) {
  const auto doc = api_->openapi();
  const auto& need = doc["components"]["schemas"]["need"];
  EXPECT_FALSE(need["additionalProperties"].get<bool>());
  EXPECT_EQ(need["properties"]["clinical_area"]["enum"].size(), 13u);
  EXPECT_EQ(doc["components"]["schemas"]["capability"]["properties"]["trl"]["maximum"], 9);
}

}  // namespace
}  // namespace yigong::api
