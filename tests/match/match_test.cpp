// The matching engine's libraries: normalisation, analysis, phrase matching, the thesaurus and its
// checks, concept recognition and bridging, the index, search with explanations, and filters.
#include <gtest/gtest.h>

#include "bridge/recognize.hpp"
#include "bridge/thesaurus.hpp"
#include "match/engine.hpp"
#include "match/index.hpp"
#include "match/search.hpp"
#include "text/analyze.hpp"
#include "text/normalize.hpp"
#include "text/phrase_matcher.hpp"
#include "text/segment.hpp"

namespace yigong {
namespace {

text::Normalizer normalizer() { return text::Normalizer::create().value(); }

std::vector<std::string> terms(const std::vector<text::Term>& ts) {
  std::vector<std::string> out;
  for (const auto& t : ts) out.push_back(t.term);
  return out;
}

TEST(Normalize, TraditionalAndSimplifiedBecomeOne) {
  auto n = normalizer();
  EXPECT_EQ(n.normalize("醫療器械").value(), n.normalize("医疗器械").value());
  EXPECT_EQ(n.normalize("心房顫動").value(), "心房颤动");
  // Taiwan phrases (tw2sp): 軟體 → 软件.
  EXPECT_EQ(n.normalize("軟體").value(), "软件");
}

TEST(Normalize, FullWidthAndCaseFold) {
  auto n = normalizer();
  EXPECT_EQ(n.normalize("ＰＦＡ　Ablation").value(), "pfa ablation");
  EXPECT_EQ(n.normalize("ÉCG").value(), "écg");
}

TEST(Normalize, InvalidUtf8IsAnErrorNotACrash) {
  auto n = normalizer();
  auto r = n.normalize(std::string("ab\xff\xfe", 4));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::invalid);
  EXPECT_FALSE(n.normalize("\xed\xa0\x80"));  // a surrogate
}

TEST(Normalize, ConversionCanBeTurnedOff) {
  auto n = text::Normalizer::create({""}).value();
  EXPECT_EQ(n.normalize("醫療").value(), "醫療");
}

TEST(Analyze, MixedScriptInOnePass) {
  text::Analyzer a(normalizer(), {});
  auto r = a.analyze("PFA导管 Catheters, 房颤!").value();
  const auto words = terms(r.words);
  EXPECT_NE(std::find(words.begin(), words.end(), "pfa"), words.end());
  EXPECT_NE(std::find(words.begin(), words.end(), "cathet"), words.end());  // stemmed
  const auto bigrams = terms(r.bigrams);
  EXPECT_NE(std::find(bigrams.begin(), bigrams.end(), "导管"), bigrams.end());
  EXPECT_NE(std::find(bigrams.begin(), bigrams.end(), "房颤"), bigrams.end());
  // Runs are separated; Latin words end with a space.
  EXPECT_EQ(r.stream, "pfa 导管 cathet 房颤");
}

TEST(Analyze, EmojiAndPunctuationGiveNoTerms) {
  text::Analyzer a(normalizer(), {});
  auto r = a.analyze("😀🎉！？…").value();
  EXPECT_TRUE(r.words.empty());
  EXPECT_TRUE(r.bigrams.empty());
  EXPECT_TRUE(r.stream.empty());
}

TEST(Analyze, BigramsCanBeTurnedOff) {
  text::Analyzer a(normalizer(), {.bigrams = false});
  EXPECT_TRUE(a.analyze("脉冲电场消融").value().bigrams.empty());
}

TEST(Segment, DictionaryPrefersTheLikelierSplit) {
  text::DictionarySegmenter d;
  d.add_words({"脑机接口", "接口", "脑"}, 100);
  EXPECT_EQ(d.segment("脑机接口"), (std::vector<std::string>{"脑机接口"}));
  EXPECT_EQ(d.segment("接口脑"), (std::vector<std::string>{"接口", "脑"}));
  // Unknown characters come out one by one.
  EXPECT_EQ(d.segment("甲乙"), (std::vector<std::string>{"甲", "乙"}));
}

TEST(PhraseMatcher, LeftmostLongestAndWholeLatinWords) {
  text::PhraseMatcher m;
  m.add("左心耳", 1);
  m.add("左心耳封堵器", 2);
  m.add("封堵器", 3);
  m.add("af", 4);
  m.add("pulsed field", 5);
  m.build();
  auto found = m.find("左心耳封堵器 afib af pulsed field");
  ASSERT_EQ(found.size(), 3u);
  EXPECT_EQ(found[0].payload, 2u);  // the longer label wins over 左心耳 and 封堵器
  EXPECT_EQ(found[1].payload, 4u);  // "af" alone, not inside "afib"
  EXPECT_EQ(found[2].payload, 5u);
}

bridge::SourceDoc source(std::string_view json) {
  auto doc = bridge::parse_source("test.json", json);
  EXPECT_TRUE(doc) << doc.error().message;
  return doc.value_or(bridge::SourceDoc{});
}

constexpr std::string_view kThesaurus = R"({
  "concepts": [
    {"id": "cv.af", "kind": "disease", "zh": ["心房颤动", "房颤"], "en": ["atrial fibrillation"]},
    {"id": "eng.pfa", "kind": "energy", "zh": ["脉冲电场消融"], "en": ["pulsed field ablation", "PFA"]},
    {"id": "eng.mapping", "kind": "imaging", "zh": ["心脏标测"], "en": ["cardiac mapping"]},
    {"id": "eng.cgm", "kind": "sensing", "zh": ["连续血糖监测"], "en": ["continuous glucose monitoring"]}
  ],
  "links": [
    {"from": "cv.af", "to": "eng.pfa", "weight": 0.9},
    {"from": "cv.af", "to": "eng.mapping", "weight": 0.6}
  ]})";

std::shared_ptr<const bridge::Thesaurus> thesaurus() {
  return std::make_shared<const bridge::Thesaurus>(
      bridge::Thesaurus::build({source(kThesaurus)}).value());
}

TEST(Thesaurus, BuildsIndexesAndVersions) {
  auto t = thesaurus();
  EXPECT_EQ(t->concepts().size(), 4u);
  ASSERT_TRUE(t->find("cv.af"));
  EXPECT_EQ(t->links_from(*t->find("cv.af")).size(), 2u);
  EXPECT_EQ(t->links_to(*t->find("eng.pfa")).size(), 1u);
  EXPECT_EQ(t->version().size(), 16u);
  auto changed = source(kThesaurus);
  changed.links[0].weight = 0.8;
  EXPECT_NE(bridge::Thesaurus::build({changed}).value().version(), t->version());
}

TEST(Thesaurus, EveryProblemIsReportedWithItsPlace) {
  auto bad = source(R"({"concepts": [
      {"id": "cv.af", "kind": "disease", "zh": ["房颤"], "en": []},
      {"id": "cv.af", "kind": "disease", "zh": ["心房颤动"], "en": ["AF"]},
      {"id": "Bad Id", "kind": "disease", "zh": ["x"], "en": ["x"]},
      {"id": "eng.x", "kind": "spaceship", "zh": ["飞船"], "en": ["ship"]},
      {"id": "eng.ok", "kind": "energy", "zh": ["射频"], "en": ["radiofrequency"]}],
    "links": [
      {"from": "cv.af", "to": "eng.nowhere", "weight": 0.5},
      {"from": "eng.ok", "to": "cv.af", "weight": 0.5},
      {"from": "cv.af", "to": "eng.x", "weight": 1.5}]})");
  auto r = bridge::Thesaurus::build({bad});
  ASSERT_FALSE(r);
  const std::string& m = r.error().message;
  EXPECT_NE(m.find("needs at least one English label"), std::string::npos) << m;
  EXPECT_NE(m.find("duplicate id"), std::string::npos);
  EXPECT_NE(m.find("prefix.snake_case"), std::string::npos);
  EXPECT_NE(m.find("unknown kind 'spaceship'"), std::string::npos);
  EXPECT_NE(m.find("unknown concept eng.nowhere"), std::string::npos);
  EXPECT_NE(m.find("must start at a clinical concept"), std::string::npos);
  EXPECT_NE(m.find("weight must be in (0, 1]"), std::string::npos);
  EXPECT_FALSE(bridge::parse_source("x.json", "{not json"));
}

TEST(Recognizer, SharedLabelsAfterNormalisationAreRejected) {
  // 房顫 (traditional) and "Atrial fibrillations" (stem) collide with cv.af's labels.
  auto doc = source(kThesaurus);
  doc.concepts.push_back({"cv.af2", "disease", {"房顫"}, {"Atrial fibrillations"}});
  auto t = std::make_shared<const bridge::Thesaurus>(bridge::Thesaurus::build({doc}).value());
  auto r = bridge::ConceptRecognizer::build(t, text::Analyzer(normalizer(), {}));
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("belongs to both cv.af and cv.af2"), std::string::npos);
}

TEST(Recognizer, FindsConceptsInAnyScriptAndBridgesThem) {
  text::Analyzer a(normalizer(), {});
  auto r = bridge::ConceptRecognizer::build(thesaurus(), a).value();
  for (std::string_view text :
       {"房颤患者术后复发", "心房顫動病人", "Atrial Fibrillation recurrence"}) {
    auto hits = r.recognize(a.analyze(text).value());
    ASSERT_EQ(hits.size(), 1u) << text;
    EXPECT_EQ(r.thesaurus().concepts()[hits[0].concept_index].id, "cv.af");
  }
  auto hits = r.recognize(a.analyze("房颤").value());
  auto bridged = r.bridge(hits, bridge::Direction::to_engineering);
  ASSERT_EQ(bridged.size(), 2u);
  EXPECT_FLOAT_EQ(bridged[0].weight, 0.9f);
  // And back: a capability naming PFA reaches the clinical concept.
  auto back =
      r.bridge(r.recognize(a.analyze("PFA catheter").value()), bridge::Direction::to_clinical);
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(r.thesaurus().concepts()[back[0].concept_index].id, "cv.af");
}

class SearchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto features = match::make_features({}, thesaurus());
    ASSERT_TRUE(features) << features.error().message;
    index_ = std::move(*match::Index::open("", *features));
    put({"capability:1", "capability", "脉冲电场消融导管", "单次放电实现肺静脉隔离", "1",
         "public"});
    put({"capability:2", "capability", "Cardiac mapping system",
         "High-density electroanatomic mapping", "1", "consortium"});
    put({"capability:3", "capability", "连续血糖监测贴片", "十四天免校准", "2", "consortium"});
    put({"need:9", "need", "房颤消融后复发", "二次手术负担重", "1", "consortium"});
    ASSERT_TRUE(index_->commit());
  }
  void put(match::IndexDocument d) { ASSERT_TRUE(index_->put(d)); }
  std::vector<std::string> ids(const match::SearchResult& r) {
    std::vector<std::string> out;
    for (const auto& h : r.hits) out.push_back(h.id);
    return out;
  }
  std::unique_ptr<match::Index> index_;
};

TEST_F(SearchTest, TheBridgeFindsCapabilitiesThatShareNoWordWithTheNeed) {
  match::Query q;
  q.text = "房颤患者术后一年复发率高";
  q.filters.kinds = {"capability"};
  auto r = match::search(*index_, q).value();
  ASSERT_GE(r.hits.size(), 2u);
  EXPECT_EQ(r.hits[0].id, "capability:1");  // 0.9 link outranks the 0.6 one
  EXPECT_EQ(r.hits[1].id, "capability:2");
  ASSERT_FALSE(r.hits[0].why.bridges.empty());
  EXPECT_EQ(r.hits[0].why.bridges[0].from.id, "cv.af");
  EXPECT_EQ(r.hits[0].why.bridges[0].to.id, "eng.pfa");
  EXPECT_DOUBLE_EQ(r.hits[0].why.bridges[0].weight, 0.9f);
  EXPECT_EQ(r.query_concepts.size(), 1u);
  // Without the bridge, nothing in the capability text matches.
  q.bridging = match::Bridging::none;
  EXPECT_TRUE(match::search(*index_, q).value().hits.empty());
}

TEST_F(SearchTest, FiltersAndAccessRestrictTheHits) {
  match::Query q;
  q.text = "房颤";
  q.filters.kinds = {"capability"};
  q.filters.access = {false, "2", false, false, "", ""};  // another tenant: public only
  EXPECT_EQ(ids(match::search(*index_, q).value()), (std::vector<std::string>{"capability:1"}));
  q.filters.access = {false, "1", true, false, "", ""};
  EXPECT_EQ(match::search(*index_, q).value().hits.size(), 2u);
  q.filters.access.everything = true;
  q.filters.trl_min = 5;  // no document carries a TRL
  EXPECT_TRUE(match::search(*index_, q).value().hits.empty());
}

TEST_F(SearchTest, WritesReplaceAndRemove) {
  put({"capability:1", "capability", "完全不同的内容", "", "1", "public"});
  ASSERT_TRUE(index_->remove("capability:2"));
  ASSERT_TRUE(index_->commit({{"k", "v"}}));
  match::Query q;
  q.text = "房颤";
  q.filters.kinds = {"capability"};
  EXPECT_TRUE(match::search(*index_, q).value().hits.empty());
  EXPECT_EQ(index_->metadata("k"), "v");
  EXPECT_EQ(index_->stats().documents, 3u);
}

TEST_F(SearchTest, BadQueriesGetAClearAnswer) {
  match::Query q;
  q.text = std::string("\xc3\x28", 2);
  auto bad = match::search(*index_, q);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::invalid);
  for (const std::string& text :
       std::vector<std::string>{"", "😀😀", "!!!", std::string(10000, 'x')}) {
    q.text = text;
    auto r = match::search(*index_, q);
    ASSERT_TRUE(r) << text.substr(0, 10);
    EXPECT_TRUE(r->hits.empty());
  }
}

TEST_F(SearchTest, PagingIsStable) {
  match::Query q;
  q.text = "房颤 消融 mapping 血糖";
  q.limit = 2;
  auto first = match::search(*index_, q).value();
  q.offset = 2;
  auto second = match::search(*index_, q).value();
  q.offset = 0;
  q.limit = 4;
  auto all = match::search(*index_, q).value();
  ASSERT_EQ(all.hits.size(), first.hits.size() + second.hits.size());
  for (size_t i = 0; i < first.hits.size(); ++i) EXPECT_EQ(first.hits[i].id, all.hits[i].id);
  for (size_t i = 0; i < second.hits.size(); ++i) EXPECT_EQ(second.hits[i].id, all.hits[i + 2].id);
}

}  // namespace
}  // namespace yigong
