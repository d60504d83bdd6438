// The regulatory pathway adviser: classification by the NMPA and EU MDR rule tables, pathways and
// timelines, catalogue importers and catalogue suggestions.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "bridge/thesaurus.hpp"
#include "match/engine.hpp"
#include "pathway/catalogue.hpp"
#include "pathway/classify.hpp"
#include "pathway/plan.hpp"
#include "pathway/suggest.hpp"

namespace yigong::pathway {
namespace {

const std::string kData = YIGONG_SOURCE_DIR "/data/pathway";
const std::string kFixtures = YIGONG_SOURCE_DIR "/tests/pathway/fixtures";

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in) << path;
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

nlohmann::json read_json(const std::string& path) { return nlohmann::json::parse(read_file(path)); }

const PathwayData& data() {
  static const PathwayData d = [] {
    auto loaded = PathwayData::load_dir(kData);
    if (!loaded) {
      ADD_FAILURE() << loaded.error().field << ": " << loaded.error().message;
      std::abort();
    }
    return *loaded;
  }();
  return d;
}

DeviceFacts facts(const nlohmann::json& j) {
  auto f = device_facts_from_json(j);
  EXPECT_TRUE(f) << f.error().message;
  return *f;
}

std::vector<std::string> ids(const Classification& c) {
  std::vector<std::string> out;
  for (const auto& a : c.applied) out.push_back(a.id);
  return out;
}

std::vector<std::string> strings(const nlohmann::json& j) {
  return j.get<std::vector<std::string>>();
}

// ---- Classification ---------------------------------------------------------------------------

TEST(PathwayData, ShippedTablesLoadAndCiteTheRegulation) {
  EXPECT_EQ(data().nmpa().class_names(), (std::vector<std::string>{"I", "II", "III"}));
  EXPECT_EQ(data().mdr().class_names(), (std::vector<std::string>{"I", "IIa", "IIb", "III"}));
  // Every row of the NMPA decision table (8 + 6 + 3 + 4) and article 6(2)–(12).
  EXPECT_EQ(data().nmpa().rule_count(), 32u);
  EXPECT_GE(data().mdr().rule_count(), 30u);
}

TEST(PathwayClassify, WellKnownDevicesGetTheirClassAndEveryRuleIsCited) {
  auto cases = read_json(kFixtures + "/classify_cases.json");
  for (const auto& c : cases["cases"]) {
    SCOPED_TRACE(c["name"].get<std::string>());
    auto f = facts(c["facts"]);
    auto nmpa = classify(data().nmpa(), f);
    ASSERT_TRUE(nmpa) << nmpa.error().field << ": " << nmpa.error().message;
    EXPECT_EQ(nmpa->class_name, c["nmpa"]["class"].get<std::string>());
    EXPECT_EQ(ids(*nmpa), strings(c["nmpa"]["applied"]));
    EXPECT_EQ(nmpa->decisive, strings(c["nmpa"]["decisive"]));
    std::vector<std::string> missing;
    for (const auto& m : nmpa->missing) missing.push_back(m.fact);
    EXPECT_EQ(missing, strings(c["nmpa"]["missing"]));
    for (const auto& a : nmpa->applied) {
      EXPECT_NE(a.source.find("《医疗器械分类规则》"), std::string::npos) << a.id;
      EXPECT_FALSE(a.text.zh.empty());
      EXPECT_FALSE(a.text.en.empty());
    }
    auto mdr = classify(data().mdr(), f);
    ASSERT_TRUE(mdr) << mdr.error().field << ": " << mdr.error().message;
    EXPECT_EQ(mdr->class_name, c["mdr"]["class"].get<std::string>());
    EXPECT_EQ(ids(*mdr), strings(c["mdr"]["applied"]));
    for (const auto& a : mdr->applied) EXPECT_NE(a.source.find("Annex VIII"), std::string::npos);
  }
}

TEST(PathwayClassify, BadFactsAreRefusedNamingTheField) {
  auto cases = read_json(kFixtures + "/classify_cases.json");
  for (const auto& c : cases["errors"]) {
    SCOPED_TRACE(c["name"].get<std::string>());
    auto f = device_facts_from_json(c["facts"]);
    ASSERT_TRUE(f);
    auto r = classify(data().nmpa(), *f);
    ASSERT_FALSE(r);
    EXPECT_EQ(error_code_name(r.error().code), c["code"].get<std::string>()) << r.error().message;
    EXPECT_EQ(r.error().field, c["field"].get<std::string>()) << r.error().message;
  }
}

TEST(PathwayClassify, AnIvdReagentIsExcludedWithTheArticleThatSaysSo) {
  auto r = classify(data().nmpa(), facts({{"ivd_reagent", true}, {"active", false}}));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::unprocessable);
  EXPECT_NE(r.error().message.find("第七条"), std::string::npos) << r.error().message;
  auto mdr = classify(data().mdr(), facts({{"ivd_reagent", true}}));
  ASSERT_FALSE(mdr);
  EXPECT_NE(mdr.error().message.find("2017/746"), std::string::npos) << mdr.error().message;
}

TEST(PathwayClassify, UnknownFactsThatCouldRaiseTheClassAreReported) {
  // A tongue depressor with nothing said about sterility or the special cases.
  auto r = classify(data().nmpa(), facts({{"active", false},
                                          {"body_contact", true},
                                          {"use_form", "other_passive_contact"},
                                          {"continuous_use_hours", 0.05},
                                          {"body_sites", {"oral_ear_nasal"}}}));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->class_name, "I");
  std::map<std::string, MissingFact> missing;
  for (const auto& m : r->missing) missing[m.fact] = m;
  ASSERT_TRUE(missing.count("sterile"));
  EXPECT_EQ(missing["sterile"].could_raise_to, "II");
  EXPECT_EQ(missing["sterile"].rules, (std::vector<std::string>{"6(8)"}));
  ASSERT_TRUE(missing.count("absorbable"));
  EXPECT_EQ(missing["absorbable"].could_raise_to, "III");
  ASSERT_TRUE(missing.count("drug_combination"));
  // A fact that can only lower or keep the class is not reported.
  EXPECT_FALSE(missing.count("dressing_features"));
  EXPECT_FALSE(missing.count("endoscopic_use"));
}

TEST(PathwayClassify, AMissingFactIsNotReportedOnceTheClassIsAlreadyHighest) {
  auto r = classify(data().nmpa(), facts({{"active", false},
                                          {"body_contact", true},
                                          {"use_form", "implant"},
                                          {"invasiveness", "implantable"},
                                          {"continuous_use_hours", 87600},
                                          {"body_sites", {"tissue"}}}));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->class_name, "III");
  EXPECT_TRUE(r->missing.empty());
}

TEST(PathwayClassify, AnAccessoryTakesItsParentsClass) {
  auto base = nlohmann::json{{"active", false},
                             {"body_contact", false},
                             {"use_form", "other_passive_noncontact"},
                             {"effect_on_outcome", "none"},
                             {"relation_to_parent", "significant_accessory"}};
  auto without = classify(data().nmpa(), facts(base));
  ASSERT_FALSE(without);
  EXPECT_EQ(without.error().field, "parent_device_class");
  base["parent_device_class"] = "III";
  auto r = classify(data().nmpa(), facts(base));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->class_name, "III");
  EXPECT_EQ(r->decisive, (std::vector<std::string>{"6(2)"}));
}

TEST(PathwayClassify, TheDurationBandsDifferBetweenNmpaAndMdr) {
  // Two hours is transient for NMPA (< 24 h) but short-term for the MDR (≥ 60 min).
  auto f = facts({{"active", false},
                  {"body_contact", true},
                  {"use_form", "invasive"},
                  {"invasiveness", "surgically_invasive"},
                  {"continuous_use_hours", 2},
                  {"body_sites", {"tissue"}},
                  {"absorbable", false}});
  auto nmpa = classify(data().nmpa(), f);
  ASSERT_TRUE(nmpa);
  ASSERT_FALSE(nmpa->applied.empty());
  EXPECT_NE(nmpa->applied[0].because.find("transient"), std::string::npos);
  auto mdr = classify(data().mdr(), f);
  ASSERT_TRUE(mdr);
  EXPECT_EQ(ids(*mdr), (std::vector<std::string>{"Rule 7"}));
}

TEST(PathwayRuleTable, ABadTableIsRefusedWithItsPath) {
  auto schema = FactSchema::load(read_json(kData + "/facts.json"));
  ASSERT_TRUE(schema);
  auto rules = read_json(kData + "/nmpa_rules.json");
  rules["rules"][3]["when"]["use_form"] = {"teleportation"};
  auto r = RuleTable::load(*schema, rules);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "rules[3].when.use_form");
  rules = read_json(kData + "/nmpa_rules.json");
  rules["rules"][0]["grid"]["cells"].erase("long_term");
  r = RuleTable::load(*schema, rules);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "rules[0].grid.cells.long_term");
  rules = read_json(kData + "/nmpa_rules.json");
  rules["rules"][1]["id"] = rules["rules"][0]["id"];
  EXPECT_FALSE(RuleTable::load(*schema, rules));
}

// ---- Pathways and timelines -------------------------------------------------------------------

nlohmann::json stent_facts() {
  auto cases = read_json(kFixtures + "/classify_cases.json");
  for (const auto& c : cases["cases"]) {
    if (c["name"].get<std::string>().find("coronary stent") != std::string::npos) return c["facts"];
  }
  ADD_FAILURE() << "no stent case";
  return {};
}

PathwayInput input(const nlohmann::json& j) {
  auto in = pathway_input_from_json(j);
  EXPECT_TRUE(in) << in.error().field << ": " << in.error().message;
  return *in;
}

const PlanStep* find_step(const RoutePlan& r, const std::string& id) {
  for (const auto& s : r.steps) {
    if (s.id == id) return &s;
  }
  return nullptr;
}

TEST(PathwayPlan, ClassIIIsRegisteredAtNmpaAndTheTimelineAddsUp) {
  auto p = plan_pathway(data(), input({{"facts", stent_facts()},
                                       {"markets", {"CN"}},
                                       {"novel", true},
                                       {"requires_trial_approval", true}}));
  ASSERT_TRUE(p) << p.error().field << ": " << p.error().message;
  EXPECT_EQ(p->nmpa_class, 3);
  ASSERT_EQ(p->routes.size(), 1u);
  const auto& r = p->routes[0];
  EXPECT_EQ(r.id, "cn_class3_registration");
  EXPECT_NE(r.authority.zh.find("国家药品监督管理局"), std::string::npos);
  std::vector<std::string> steps;
  for (const auto& s : r.steps) steps.push_back(s.id);
  EXPECT_EQ(steps, (std::vector<std::string>{"cn_type_testing", "cn_clinical_trial_approval",
                                             "cn_clinical_trial", "cn_acceptance",
                                             "cn_technical_review_class3",
                                             "cn_administrative_decision", "cn_certificate"}));
  // 3–6 months of testing at 21 working days a month, 60 working days for trial approval,
  // 12–24 months of trial, 0–5 acceptance, 90–150 review, 20 decision, 0–10 certificate.
  EXPECT_EQ(find_step(r, "cn_type_testing")->min_days, 63);
  EXPECT_EQ(find_step(r, "cn_type_testing")->max_days, 126);
  EXPECT_EQ(find_step(r, "cn_clinical_trial_approval")->min_days, 60);
  EXPECT_EQ(r.min_days, 63 + 60 + 252 + 0 + 90 + 20 + 0);
  EXPECT_EQ(r.max_days, 126 + 60 + 504 + 5 + 150 + 20 + 10);
  int sum_min = 0, sum_max = 0;
  for (const auto& s : r.steps) {
    sum_min += s.min_days;
    sum_max += s.max_days;
    EXPECT_FALSE(s.source.empty()) << s.id;
  }
  EXPECT_EQ(r.min_days, sum_min);
  EXPECT_EQ(r.max_days, sum_max);
}

TEST(PathwayPlan, TheBeijingOverrideCutsTrialApprovalFrom60To30WorkingDays) {
  auto base =
      nlohmann::json{{"facts", stent_facts()}, {"novel", true}, {"requires_trial_approval", true}};
  auto national = plan_pathway(data(), input(base));
  base["region"] = "Beijing";
  auto beijing = plan_pathway(data(), input(base));
  ASSERT_TRUE(national && beijing);
  const auto* before = find_step(national->routes[0], "cn_clinical_trial_approval");
  const auto* after = find_step(beijing->routes[0], "cn_clinical_trial_approval");
  ASSERT_TRUE(before && after);
  EXPECT_EQ(before->min_days, 60);
  EXPECT_EQ(after->min_days, 30);
  EXPECT_EQ(after->max_days, 30);
  EXPECT_EQ(after->override_id, "beijing_2025_trial_review_30wd");
  EXPECT_NE(after->override_source.find("seeds/004"), std::string::npos);
  EXPECT_EQ(national->routes[0].min_days - beijing->routes[0].min_days, 30);
  EXPECT_EQ(national->routes[0].max_days - beijing->routes[0].max_days, 30);
  // Elsewhere nothing changes.
  base["region"] = "guangdong";
  auto elsewhere = plan_pathway(data(), input(base));
  ASSERT_TRUE(elsewhere);
  EXPECT_EQ(elsewhere->routes[0].min_days, national->routes[0].min_days);
}

TEST(PathwayPlan, ClassIIsAFilingWithTheCityAndClassIIGoesToTheProvince) {
  auto one = plan_pathway(data(), input({{"nmpa_class", 1}}));
  ASSERT_TRUE(one);
  EXPECT_EQ(one->routes[0].id, "cn_class1_filing");
  EXPECT_NE(one->routes[0].authority.zh.find("设区的市级"), std::string::npos);
  EXPECT_EQ(one->routes[0].min_days, 0);
  EXPECT_EQ(one->routes[0].max_days, 5);
  auto imported = plan_pathway(data(), input({{"nmpa_class", 1}, {"domestic", false}}));
  ASSERT_TRUE(imported);
  EXPECT_EQ(imported->routes[0].id, "cn_class1_filing_import");
  auto two = plan_pathway(data(), input({{"nmpa_class", 2}, {"predicate_in_china", true}}));
  ASSERT_TRUE(two);
  EXPECT_EQ(two->routes[0].id, "cn_class2_registration");
  EXPECT_NE(two->routes[0].authority.zh.find("省"), std::string::npos);
  EXPECT_TRUE(find_step(two->routes[0], "cn_clinical_evaluation"));
  EXPECT_FALSE(find_step(two->routes[0], "cn_clinical_trial"));
  EXPECT_FALSE(find_step(two->routes[0], "cn_clinical_trial_approval"));
}

TEST(PathwayPlan, AnUnknownClinicalRouteMakesTheClinicalStepsConditional) {
  auto p = plan_pathway(data(), input({{"nmpa_class", 2}}));
  ASSERT_TRUE(p);
  const auto& r = p->routes[0];
  const auto* trial = find_step(r, "cn_clinical_trial");
  ASSERT_TRUE(trial);
  EXPECT_TRUE(trial->conditional);
  int min = 0, max = 0;
  for (const auto& s : r.steps) {
    if (!s.conditional) min += s.min_days;
    max += s.max_days;
  }
  EXPECT_EQ(r.min_days, min);
  EXPECT_EQ(r.max_days, max);
}

nlohmann::json innovative(const std::string& as_of) {
  return {{"nmpa_class", 3},
          {"patent_status", "granted"},
          {"patent_grant_date", "2021-03-01"},
          {"as_of", as_of},
          {"prototype_finalized", true},
          {"first_of_kind_mechanism", true},
          {"fundamental_improvement", true},
          {"significant_clinical_value", true},
          {"predicate_in_china", false}};
}

const ProgramFinding& program(const Pathway& p, const std::string& id) {
  for (const auto& f : p.programs) {
    if (f.id == id) return f;
  }
  static ProgramFinding none;
  ADD_FAILURE() << "no program " << id;
  return none;
}

TEST(PathwayPlan, InnovationReviewNeedsAPatentGrantedWithinFiveYears) {
  auto within = plan_pathway(data(), input(innovative("2025-06-01")));
  ASSERT_TRUE(within) << within.error().message;
  const auto& yes = program(*within, "innovation");
  EXPECT_EQ(yes.eligible, Status::yes) << yes.reason;
  auto late = plan_pathway(data(), input(innovative("2026-06-02")));
  ASSERT_TRUE(late);
  const auto& no = program(*late, "innovation");
  EXPECT_EQ(no.eligible, Status::no);
  EXPECT_NE(no.reason.find("patent"), std::string::npos) << no.reason;
  // A published application with a favourable search report is the other branch.
  auto published = innovative("2026-06-02");
  published["patent_status"] = "published";
  published.erase("patent_grant_date");
  published["patent_search_report_positive"] = true;
  auto p = plan_pathway(data(), input(published));
  ASSERT_TRUE(p);
  EXPECT_EQ(program(*p, "innovation").eligible, Status::yes);
  // Not knowing whether a prototype exists leaves it open, and says what is missing.
  auto open = innovative("2025-06-01");
  open.erase("prototype_finalized");
  auto o = plan_pathway(data(), input(open));
  ASSERT_TRUE(o);
  const auto& undecided = program(*o, "innovation");
  EXPECT_EQ(undecided.eligible, Status::unknown);
  bool named = false;
  for (const auto& c : undecided.criteria) {
    if (c.id == "prototype") {
      named = c.missing == std::vector<std::string>{"prototype_finalized"};
    }
  }
  EXPECT_TRUE(named);
  // Domestic class II is out of NMPA's procedure.
  auto two = innovative("2025-06-01");
  two["nmpa_class"] = 2;
  auto t = plan_pathway(data(), input(two));
  ASSERT_TRUE(t);
  EXPECT_EQ(program(*t, "innovation").eligible, Status::no);
}

TEST(PathwayPlan, ApplyingForInnovationReviewAddsItsStep) {
  auto j = innovative("2025-06-01");
  j["apply_innovation"] = true;
  auto p = plan_pathway(data(), input(j));
  ASSERT_TRUE(p);
  EXPECT_TRUE(find_step(p->routes[0], "cn_innovation_review"));
  j["prototype_finalized"] = false;
  auto q = plan_pathway(data(), input(j));
  ASSERT_TRUE(q);
  EXPECT_FALSE(find_step(q->routes[0], "cn_innovation_review"));
}

TEST(PathwayPlan, PriorityReviewNeedsAGroundAndTheRightScope) {
  auto p = plan_pathway(data(), input({{"nmpa_class", 3},
                                       {"priority_grounds", {"pediatric"}},
                                       {"clear_clinical_advantage", true},
                                       {"predicate_in_china", true}}));
  ASSERT_TRUE(p);
  EXPECT_EQ(program(*p, "priority").eligible, Status::yes);
  auto none = plan_pathway(data(), input({{"nmpa_class", 3},
                                          {"priority_grounds", nlohmann::json::array()},
                                          {"predicate_in_china", true}}));
  ASSERT_TRUE(none);
  EXPECT_EQ(program(*none, "priority").eligible, Status::no);
  auto urgent = plan_pathway(
      data(),
      input({{"nmpa_class", 3}, {"priority_grounds", {"urgent_clinical_need"}}, {"novel", true}}));
  ASSERT_TRUE(urgent);
  EXPECT_EQ(program(*urgent, "priority").eligible, Status::yes);
  auto domestic_two = plan_pathway(data(), input({{"nmpa_class", 2},
                                                  {"priority_grounds", {"cancer"}},
                                                  {"clear_clinical_advantage", true},
                                                  {"predicate_in_china", true}}));
  ASSERT_TRUE(domestic_two);
  EXPECT_EQ(program(*domestic_two, "priority").eligible, Status::no);
  auto bad = pathway_input_from_json({{"nmpa_class", 3}, {"priority_grounds", {"vanity"}}});
  ASSERT_TRUE(bad);
  auto r = plan_pathway(data(), *bad);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "priority_grounds");
}

TEST(PathwayPlan, FdaRouteFollowsClassAndPredicate) {
  auto route = [](const nlohmann::json& j) {
    auto p = plan_pathway(data(), input(j));
    EXPECT_TRUE(p) << p.error().message;
    return p ? p->routes.back().id : std::string();
  };
  EXPECT_EQ(route({{"nmpa_class", 2}, {"markets", {"US"}}, {"predicate_in_us", true}}), "us_510k");
  EXPECT_EQ(route({{"nmpa_class", 2}, {"markets", {"US"}}, {"novel", true}}), "us_de_novo");
  EXPECT_EQ(route({{"nmpa_class", 3}, {"markets", {"US"}}, {"predicate_in_us", true}}), "us_pma");
  EXPECT_EQ(route({{"nmpa_class", 3}, {"fda_class", 1}, {"markets", {"US"}}}), "us_exempt");
  auto unknown = plan_pathway(data(), input({{"nmpa_class", 2}, {"markets", {"US"}}}));
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().field, "predicate_in_us");
  // FDA durations are stored in calendar days and converted: 90–180 days → 64–129 working days.
  auto k = plan_pathway(data(),
                        input({{"nmpa_class", 2}, {"markets", {"US"}}, {"predicate_in_us", true}}));
  ASSERT_TRUE(k);
  const auto* review = find_step(k->routes[0], "us_510k_review");
  ASSERT_TRUE(review);
  EXPECT_EQ(review->min_days, 64);
  EXPECT_EQ(review->max_days, 129);
  EXPECT_EQ(review->original, "90–180 calendar days");
}

TEST(PathwayPlan, TheEuRouteUsesTheMdrClassFromTheSameFacts) {
  auto p = plan_pathway(
      data(), input({{"facts", stent_facts()}, {"markets", {"CN", "US", "EU"}}, {"novel", true}}));
  ASSERT_TRUE(p) << p.error().field << ": " << p.error().message;
  ASSERT_EQ(p->routes.size(), 3u);
  EXPECT_EQ(p->routes[0].market, "CN");
  EXPECT_EQ(p->routes[1].id, "us_pma");
  EXPECT_EQ(p->routes[2].id, "eu_class3");
  EXPECT_EQ(p->routes[2].device_class, "III");
  ASSERT_TRUE(p->mdr_classification);
  EXPECT_TRUE(find_step(p->routes[2], "eu_cecp"));  // an implantable class III device
  auto j = pathway_to_json(*p);
  EXPECT_EQ(j["routes"][2]["class"], "III");
  EXPECT_EQ(j["nmpa"]["class"], "III");
}

TEST(PathwayPlan, InputsThatCannotBeUsedAreRefusedNamingTheKey) {
  auto contradict = plan_pathway(data(), input({{"facts", stent_facts()}, {"nmpa_class", 2}}));
  ASSERT_FALSE(contradict);
  EXPECT_EQ(contradict.error().field, "nmpa_class");
  auto market = plan_pathway(data(), input({{"nmpa_class", 2}, {"markets", {"MARS"}}}));
  ASSERT_FALSE(market);
  EXPECT_EQ(market.error().field, "markets");
  auto nothing = plan_pathway(data(), input(nlohmann::json::object()));
  ASSERT_FALSE(nothing);
  EXPECT_EQ(nothing.error().field, "nmpa_class");
  auto eu = plan_pathway(data(), input({{"nmpa_class", 2}, {"markets", {"EU"}}}));
  ASSERT_FALSE(eu);
  EXPECT_EQ(eu.error().field, "mdr_class");
  auto date = plan_pathway(data(), input({{"nmpa_class", 3}, {"as_of", "June 2025"}}));
  ASSERT_FALSE(date);
  EXPECT_EQ(date.error().field, "as_of");
  auto bad_facts = nlohmann::json{{"facts", {{"active", "maybe"}}}};
  auto f = plan_pathway(data(), input(bad_facts));
  ASSERT_FALSE(f);
  EXPECT_EQ(f.error().field, "facts.active");
  auto key = pathway_input_from_json({{"nmpa_klass", 2}});
  ASSERT_FALSE(key);
  EXPECT_EQ(key.error().field, "nmpa_klass");
}

TEST(PathwayPlan, AnOverrideWithoutASourceIsRefused) {
  auto durations = read_json(kData + "/durations.json");
  durations["overrides"][0].erase("source");
  auto d = PathwayData::load(
      read_json(kData + "/facts.json"), read_json(kData + "/nmpa_rules.json"),
      read_json(kData + "/mdr_rules.json"), read_json(kData + "/pathways.json"), durations);
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().field, "durations.json.overrides[0].source");
}

// ---- Catalogue importers ----------------------------------------------------------------------

TEST(PathwayFdaImport, ReadsTheFixtureByHeaderName) {
  auto c = parse_fda_classification(read_file(kFixtures + "/fixture_foiclass.txt"));
  ASSERT_TRUE(c) << c.error().field << ": " << c.error().message;
  ASSERT_EQ(c->entries.size(), 4u);
  const auto& monitor = c->entries[0];
  EXPECT_EQ(monitor.id, "QXA");
  EXPECT_EQ(monitor.name, "Monitor, Cardiac (Fixture)");
  EXPECT_EQ(monitor.classes, (std::vector<int>{2}));
  EXPECT_EQ(monitor.category, "CV");
  EXPECT_EQ(monitor.attributes.at("regulation_number"), "870.0001");
  EXPECT_EQ(monitor.attributes.at("implant"), "N");
  // Windows-1252 bytes (en dash, micro sign) arrive as UTF-8.
  EXPECT_NE(monitor.description.find("ECG \u2013 heart rate \u00b5V"), std::string::npos)
      << monitor.description;
  EXPECT_EQ(c->entries[1].attributes.at("life_sustaining"), "Y");
  EXPECT_TRUE(c->entries[3].classes.empty());  // unclassified
  EXPECT_EQ(c->entries[3].attributes.at("device_class"), "U");
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == sep) {
      out.push_back(cur);
      cur.clear();
    } else if (c != '\r') {
      cur += c;
    }
  }
  out.push_back(cur);
  return out;
}

TEST(PathwayFdaImport, ColumnsInAnotherOrderGiveTheSameEntries) {
  std::string text = read_file(kFixtures + "/fixture_foiclass.txt");
  auto original = parse_fda_classification(text);
  ASSERT_TRUE(original);
  std::istringstream lines(text);
  std::string line, shuffled;
  while (std::getline(lines, line)) {
    auto f = split(line, '|');
    if (f.size() < 2) continue;
    std::reverse(f.begin(), f.end());
    std::rotate(f.begin(), f.begin() + 5, f.end());
    for (size_t i = 0; i < f.size(); ++i) shuffled += (i ? "|" : "") + f[i];
    shuffled += "\n";
  }
  auto again = parse_fda_classification(shuffled);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(catalogue_to_json(*again), catalogue_to_json(*original));
}

TEST(PathwayFdaImport, AMalformedLineReportsItsNumber) {
  std::string text = read_file(kFixtures + "/fixture_foiclass.txt");
  auto lines = split(text, '\n');
  lines.insert(lines.begin() + 3, "CV|CV|QXZ|Too Short|2");
  std::string broken;
  for (const auto& l : lines) broken += l + "\n";
  auto r = parse_fda_classification(broken);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "line 4");
  EXPECT_NE(r.error().message.find("5 fields"), std::string::npos) << r.error().message;
  auto bad_class =
      parse_fda_classification("PRODUCTCODE|DEVICENAME|DEVICECLASS\nQXA|Monitor|2\nQXB|Thing|7\n");
  ASSERT_FALSE(bad_class);
  EXPECT_EQ(bad_class.error().field, "line 3: DEVICECLASS");
  auto twice = parse_fda_classification("PRODUCTCODE|DEVICENAME|DEVICECLASS\nQXA|A|2\nQXA|B|2\n");
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().field, "line 3: PRODUCTCODE");
  auto no_column = parse_fda_classification("PRODUCTCODE|DEVICENAME\nQXA|A\n");
  ASSERT_FALSE(no_column);
  EXPECT_EQ(no_column.error().field, "line 1");
}

TEST(PathwayNmpaCatalogue, ReadsTheCsvFixtureWithChineseHeaders) {
  auto c = parse_nmpa_catalogue_csv(read_file(kFixtures + "/fixture_nmpa_catalogue.csv"));
  ASSERT_TRUE(c) << c.error().field << ": " << c.error().message;
  ASSERT_EQ(c->entries.size(), 8u);
  const auto& monitor = c->entries[1];
  EXPECT_EQ(monitor.id, "07-10-01");
  EXPECT_EQ(monitor.name, "心电监护仪");
  EXPECT_EQ(monitor.classes, (std::vector<int>{2}));
  EXPECT_EQ(monitor.examples,
            (std::vector<std::string>{"心电监护仪", "床旁监护仪", "多参数监护仪"}));
  EXPECT_EQ(monitor.category, "07 医用诊察和监护器械 / 10 病人监护设备");
  // JSON form of the same catalogue, and back.
  auto again = catalogue_from_json(catalogue_to_json(*c));
  ASSERT_TRUE(again);
  EXPECT_EQ(catalogue_to_json(*again), catalogue_to_json(*c));
}

TEST(PathwayNmpaCatalogue, MalformedRowsReportTheirLine) {
  const std::string header =
      "category_code,category_name,level1_code,level1_name,level2_code,level2_name,description,"
      "intended_use,examples,class\n";
  const std::string good = "07,诊察,01,辅助,01,压舌板,木制,检查口腔,压舌板,Ⅰ\n";
  ASSERT_TRUE(parse_nmpa_catalogue_csv(header + good));
  auto bad_class =
      parse_nmpa_catalogue_csv(header + good + "07,诊察,01,辅助,02,棉签,棉,清洁,棉签,IV\n");
  ASSERT_FALSE(bad_class);
  EXPECT_EQ(bad_class.error().field, "line 3: class");
  auto short_row = parse_nmpa_catalogue_csv(header + good + "07,诊察,01\n");
  ASSERT_FALSE(short_row);
  EXPECT_EQ(short_row.error().field, "line 3");
  auto category = parse_nmpa_catalogue_csv(header + "23,其他,01,辅助,01,物品,描述,用途,物品,Ⅱ\n");
  ASSERT_FALSE(category);
  EXPECT_EQ(category.error().field, "line 2: category_code");
  auto quote = parse_nmpa_catalogue_csv(header + good + "07,诊察,01,辅助,03,\"未闭合,x,y,z,w,Ⅱ\n");
  ASSERT_FALSE(quote);
  EXPECT_EQ(quote.error().field, "line 3");
  auto gbk = parse_nmpa_catalogue_csv(header + good + "07,\xd5\xef\xb2\xec,01,a,02,b,c,d,e,1\n");
  ASSERT_FALSE(gbk);
  EXPECT_EQ(gbk.error().field, "line 3");
  auto json = parse_nmpa_catalogue_json({{"entries",
                                          {{{"category_code", "07"},
                                            {"category_name", "诊察"},
                                            {"level1_code", "01"},
                                            {"level1_name", "辅助"},
                                            {"level2_code", "01"},
                                            {"level2_name", "压舌板"},
                                            {"description", "木制"},
                                            {"intended_use", "检查"},
                                            {"examples", {"压舌板"}},
                                            {"class", "五"}}}}});
  ASSERT_FALSE(json);
  EXPECT_EQ(json.error().field, "entries[0].class");
}

// ---- Suggestions ------------------------------------------------------------------------------

class PathwaySuggest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto sources = bridge::read_source_dir(YIGONG_SOURCE_DIR "/data/bridge");
    ASSERT_TRUE(sources);
    auto thesaurus = bridge::Thesaurus::build(*sources);
    ASSERT_TRUE(thesaurus);
    auto features =
        match::make_features({}, std::make_shared<const bridge::Thesaurus>(std::move(*thesaurus)));
    ASSERT_TRUE(features) << features.error().message;
    features_ = *features;
  }
  static inline std::shared_ptr<const match::FeatureExtractor> features_;

  CatalogueSuggester suggester() {
    auto c = parse_nmpa_catalogue_csv(read_file(kFixtures + "/fixture_nmpa_catalogue.csv"));
    EXPECT_TRUE(c);
    auto s = CatalogueSuggester::build(*c, features_);
    EXPECT_TRUE(s) << s.error().message;
    return std::move(*s);
  }
};

TEST_F(PathwaySuggest, TheSameDeviceInSimplifiedTraditionalAndEnglishFindsItsEntry) {
  auto s = suggester();
  struct Case {
    std::string text, expected;
  };
  for (const auto& [text, expected] : std::vector<Case>{
           {"一种植入式心脏起搏器，用于治疗心动过缓", "12-01-01"},
           {"一種植入式心臟起搏器，用於治療心動過緩", "12-01-01"},
           {"an implantable cardiac pacemaker for patients with bradycardia", "12-01-01"},
           {"床旁心电监护仪，连续监测住院患者的心电和心率", "07-10-01"},
           {"床旁心電監護儀，連續監測住院患者的心電和心率", "07-10-01"},
           {"a bedside patient monitor for inpatients", "07-10-01"},
           {"一次性使用输液器", "14-02-01"},
           {"drug-eluting coronary stent", "13-07-02"},
       }) {
    SCOPED_TRACE(text);
    auto r = s.suggest(text);
    ASSERT_TRUE(r) << r.error().message;
    ASSERT_FALSE(r->empty());
    EXPECT_EQ(r->front().id, expected);
    EXPECT_FALSE(r->front().why.empty());
    EXPECT_FALSE(r->front().classes.empty());
  }
}

TEST_F(PathwaySuggest, WhySaysWhichWordsMatched) {
  auto s = suggester();
  auto r = s.suggest("压舌板");
  ASSERT_TRUE(r);
  ASSERT_FALSE(r->empty());
  EXPECT_EQ(r->front().id, "07-01-01");
  EXPECT_EQ(r->front().classes, (std::vector<int>{1}));
  auto& why = r->front().why;
  EXPECT_TRUE(std::any_of(why.begin(), why.end(), [](const std::string& w) {
    return w.find("压舌") != std::string::npos;
  })) << ::testing::PrintToString(why);
}

TEST_F(PathwaySuggest, AnEmptyDescriptionIsRefused) {
  auto s = suggester();
  for (const char* text : {"", "   ", "\t\n", "\u3000"}) {
    auto r = s.suggest(text);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::invalid);
    EXPECT_EQ(r.error().field, "description");
  }
  auto unrelated = s.suggest("quantum chromodynamics lattice");
  ASSERT_TRUE(unrelated);
  EXPECT_TRUE(unrelated->empty());
}

}  // namespace
}  // namespace yigong::pathway
