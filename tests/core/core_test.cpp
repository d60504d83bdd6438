// Errors, time, UTF-8 and record validation.
#include <gtest/gtest.h>

#include "core/domain/validate.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "core/utf8.hpp"

namespace yigong {
namespace {

TEST(Errors, CodesMapToHttpStatusesAndKinds) {
  EXPECT_EQ(error_http_status(ErrorCode::invalid), 400);
  EXPECT_EQ(error_http_status(ErrorCode::not_found), 404);
  EXPECT_EQ(error_http_status(ErrorCode::unavailable), 503);
  EXPECT_EQ(error_code_name(ErrorCode::rate_limited), "rate_limited");
  EXPECT_TRUE(error_is_caller(ErrorCode::conflict));
  EXPECT_FALSE(error_is_caller(ErrorCode::corrupt));
}

TEST(Errors, AtPrefixesFieldPaths) {
  EXPECT_EQ(Error::invalid("x", "trl").at("items[2]").field, "items[2].trl");
  EXPECT_EQ(Error::invalid("x", "[3]").at("must_have").field, "must_have[3]");
  EXPECT_EQ(Error::invalid("x").at("needs").field, "needs");
}

TEST(Time, FormatsAndParsesRfc3339) {
  const Micros t = 1'795'549'180'000'000;  // 2026-11-24T19:39:40Z
  EXPECT_EQ(format_rfc3339(t), "2026-11-24T19:39:40Z");
  EXPECT_EQ(parse_rfc3339("2026-11-24T19:39:40Z"), t);
  EXPECT_EQ(parse_rfc3339("2026-11-25T03:39:40+08:00"), t);
  EXPECT_EQ(parse_rfc3339("2026-11-24T19:39:40.123Z"), t);
  EXPECT_EQ(parse_rfc3339("2026-11-24"), 1'795'478'400'000'000);
  for (const char* bad :
       {"", "2026-13-01", "2026-02-30", "2026-11-24T25:00:00Z", "2026-11-24T19:39",
        "2026-11-24T19:39:40", "2026-11-24T19:39:40+8", "yesterday"}) {
    EXPECT_FALSE(parse_rfc3339(bad)) << bad;
  }
}

TEST(Utf8, AcceptsWellFormedAndRejectsEverythingElse) {
  EXPECT_TRUE(is_valid_utf8("房颤 ablation 醫療器械 🫀"));
  EXPECT_EQ(utf8_length("房颤a"), 3u);
  for (std::string bad : {std::string("\xff"), std::string("\xc0\xaf"),      // overlong '/'
                          std::string("\xed\xa0\x80"),                       // surrogate
                          std::string("\xf4\x90\x80\x80"),                   // > U+10FFFF
                          std::string("\xe6\x88"), std::string("a\x80")}) {  // truncated, stray
    EXPECT_FALSE(is_valid_utf8(bad));
  }
}

Record valid_need() {
  Record r;
  r.kind = RecordKind::need;
  r.tier = Tier::consortium;
  r.fields = {{"title", std::string("房颤一站式")},
              {"problem", std::string("房颤患者术后常需二次手术")},
              {"population", std::string("持续性房颤成人患者")},
              {"outcome", std::string("二次手术率降低 50%")},
              {"clinical_area", std::string("cardiovascular")},
              {"care_stage", std::string("treatment")},
              {"language", std::string("zh-Hans")},
              {"evidence_problem", std::string("registry")},
              {"evidence_population", std::string("guideline")},
              {"evidence_outcome", std::string("audit")}};
  return r;
}

TEST(Validation, AcceptsACompleteNeed) {
  const auto r = validate_record(valid_need());
  EXPECT_TRUE(r) << r.error().message;
  EXPECT_TRUE(need_statement_warnings(valid_need()).empty());
}

TEST(Validation, NamesTheFirstBadField) {
  Record r = valid_need();
  r.fields.erase("outcome");
  EXPECT_EQ(validate_record(r).error().field, "outcome");
  r = valid_need();
  r.fields["title"] = std::string("   ");
  EXPECT_EQ(validate_record(r).error().field, "title");
  r = valid_need();
  r.fields["clinical_area"] = std::string("cardiology");
  EXPECT_EQ(validate_record(r).error().field, "clinical_area");
  r = valid_need();
  r.fields["population_size"] = std::string("many");
  EXPECT_EQ(validate_record(r).error().field, "population_size");
  r = valid_need();
  r.fields["must_have"] = std::vector<std::string>{"ok", "two\nlines"};
  EXPECT_EQ(validate_record(r).error().field, "must_have[1]");
  r = valid_need();
  r.fields["title"] = std::string(201, 'x');
  EXPECT_EQ(validate_record(r).error().field, "title");
  r = valid_need();
  r.fields["title"] = std::string(200, 'x');
  EXPECT_TRUE(validate_record(r));
  r.fields["nonsense"] = std::string("x");
  EXPECT_EQ(validate_record(r).error().field, "nonsense");
}

TEST(Validation, LengthsCountCharactersNotBytes) {
  Record r = valid_need();
  std::string title;
  for (int i = 0; i < 200; ++i) title += "医";  // 600 bytes, 200 characters
  r.fields["title"] = title;
  EXPECT_TRUE(validate_record(r));
}

TEST(Validation, CapabilityTrlMustBeOneToNine) {
  Record r;
  r.kind = RecordKind::capability;
  r.fields = {{"title", std::string("PFA catheter")},
              {"type", std::string("product")},
              {"trl", std::int64_t{10}},
              {"language", std::string("en")}};
  EXPECT_EQ(validate_record(r).error().field, "trl");
  r.fields["trl"] = std::int64_t{9};
  EXPECT_TRUE(validate_record(r));
}

TEST(Validation, DirectoryRecordsRefuseNdaAndPrivateTiers) {
  Record r;
  r.kind = RecordKind::organisation;
  r.tier = Tier::nda;
  r.fields = {{"name", std::string("瑞金医院")}, {"type", std::string("hospital")}};
  EXPECT_EQ(validate_record(r).error().field, "tier");
}

TEST(NeedStatement, FlagsSolutionsInTheProblem) {
  EXPECT_TRUE(names_solution("需要一种新型导管"));
  EXPECT_TRUE(names_solution("缺少可穿戴設備"));
  EXPECT_TRUE(names_solution("no wearable device to detect AF"));
  EXPECT_TRUE(names_solution("An AI tool is missing"));
  EXPECT_FALSE(names_solution("patients wait too long for diagnosis"));
  EXPECT_FALSE(names_solution("maintain the airway"));  // "ai" only as a whole word
  Record r = valid_need();
  r.fields["problem"] = std::string("缺少一种能同时消融和封堵的导管");
  const auto w = need_statement_warnings(r);
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].code, "names_solution");
  EXPECT_EQ(w[0].field, "problem");
}

TEST(NeedStatement, WantsAMeasurableOutcomeAndEvidence) {
  Record r = valid_need();
  r.fields["outcome"] = std::string("better care");
  r.fields.erase("evidence_outcome");
  const auto w = need_statement_warnings(r);
  ASSERT_EQ(w.size(), 2u);
  EXPECT_EQ(w[0].code, "outcome_not_measurable");
  EXPECT_EQ(w[1].field, "evidence_outcome");
}

}  // namespace
}  // namespace yigong
