// The rules of calls and expert review: call and proposal state machines, rubric validation and
// weighted scores, eligibility, conflicts of interest with a look-back window, and the ranking of
// proposals by per-reviewer z-scores (ties, unreviewed proposals, disagreement).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "review/aggregate.hpp"
#include "review/conflicts.hpp"
#include "review/eligibility.hpp"
#include "review/lifecycle.hpp"
#include "review/rubric.hpp"

namespace yigong::review {
namespace {

// ---------------------------------------------------------------------------------------------
// lifecycle

constexpr CallState kCallStates[] = {CallState::draft,     CallState::open,    CallState::closed,
                                     CallState::in_review, CallState::decided, CallState::archived};
constexpr ProposalState kProposalStates[] = {ProposalState::draft, ProposalState::submitted,
                                             ProposalState::withdrawn, ProposalState::awarded,
                                             ProposalState::rejected};

bool contains_text(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

TEST(CallLifecycle, NextStateWalksTheChainAndStopsAtArchived) {
  EXPECT_EQ(next_state(CallState::draft), CallState::open);
  EXPECT_EQ(next_state(CallState::open), CallState::closed);
  EXPECT_EQ(next_state(CallState::closed), CallState::in_review);
  EXPECT_EQ(next_state(CallState::in_review), CallState::decided);
  EXPECT_EQ(next_state(CallState::decided), CallState::archived);
  EXPECT_EQ(next_state(CallState::archived), std::nullopt);
}

TEST(CallLifecycle, EveryLegalTransitionIsOk) {
  const std::pair<CallState, CallState> legal[] = {
      {CallState::draft, CallState::open},       {CallState::open, CallState::closed},
      {CallState::closed, CallState::in_review}, {CallState::in_review, CallState::decided},
      {CallState::decided, CallState::archived},
  };
  for (const auto& [from, to] : legal) {
    auto r = check_call_transition(from, to);
    EXPECT_TRUE(r.has_value()) << name(from) << " -> " << name(to) << ": "
                               << (r ? "" : r.error().message);
  }
}

TEST(CallLifecycle, EveryOtherPairIsAConflictNamingTheLegalNextState) {
  int illegal = 0;
  for (std::size_t i = 0; i < std::size(kCallStates); ++i) {
    for (std::size_t j = 0; j < std::size(kCallStates); ++j) {
      const CallState from = kCallStates[i], to = kCallStates[j];
      auto r = check_call_transition(from, to);
      if (j == i + 1) {
        EXPECT_TRUE(r.has_value()) << name(from) << " -> " << name(to);
        continue;
      }
      ++illegal;
      ASSERT_FALSE(r.has_value()) << name(from) << " -> " << name(to) << " was allowed";
      EXPECT_EQ(r.error().code, ErrorCode::conflict) << name(from) << " -> " << name(to);
      EXPECT_EQ(r.error().field, "to");
      const std::string& msg = r.error().message;
      EXPECT_TRUE(contains_text(msg, name(from))) << msg;
      EXPECT_TRUE(contains_text(msg, "cannot move to " + std::string(name(to)))) << msg;
      if (from == CallState::archived) {
        EXPECT_TRUE(contains_text(msg, "an archived call is final")) << msg;
      } else {
        EXPECT_TRUE(
            contains_text(msg, "the next state is " + std::string(name(kCallStates[i + 1]))))
            << msg;
      }
    }
  }
  EXPECT_EQ(illegal, 36 - 5);
}

TEST(CallLifecycle, ConflictMessageIsExact) {
  auto back = check_call_transition(CallState::closed, CallState::open);
  ASSERT_FALSE(back.has_value());
  EXPECT_EQ(back.error().message,
            "a call in state closed cannot move to open; the next state is in_review");
  auto skip = check_call_transition(CallState::draft, CallState::closed);
  ASSERT_FALSE(skip.has_value());
  EXPECT_EQ(skip.error().message,
            "a call in state draft cannot move to closed; the next state is open");
  auto stay = check_call_transition(CallState::archived, CallState::archived);
  ASSERT_FALSE(stay.has_value());
  EXPECT_EQ(stay.error().message,
            "a call in state archived cannot move to archived; an archived call is final");
}

TEST(ProposalLifecycle, OnlyTheDocumentedTransitionsAreLegal) {
  using P = ProposalState;
  const std::set<std::pair<P, P>> legal = {
      {P::draft, P::submitted},   {P::draft, P::withdrawn},    {P::submitted, P::withdrawn},
      {P::submitted, P::awarded}, {P::submitted, P::rejected},
  };
  int ok_count = 0;
  for (P from : kProposalStates) {
    for (P to : kProposalStates) {
      auto r = check_proposal_transition(from, to);
      if (legal.count({from, to})) {
        ++ok_count;
        EXPECT_TRUE(r.has_value()) << name(from) << " -> " << name(to);
      } else {
        ASSERT_FALSE(r.has_value()) << name(from) << " -> " << name(to) << " was allowed";
        EXPECT_EQ(r.error().code, ErrorCode::conflict) << name(from) << " -> " << name(to);
        EXPECT_TRUE(contains_text(r.error().message, name(from))) << r.error().message;
        EXPECT_TRUE(contains_text(r.error().message, "cannot move to " + std::string(name(to))))
            << r.error().message;
      }
    }
  }
  EXPECT_EQ(ok_count, 5);
}

TEST(ProposalLifecycle, FinalStatesAreFinal) {
  using P = ProposalState;
  for (P from : {P::withdrawn, P::awarded, P::rejected}) {
    for (P to : kProposalStates) {
      EXPECT_FALSE(check_proposal_transition(from, to).has_value())
          << name(from) << " -> " << name(to);
    }
  }
  // No skipping the submission, no going back.
  EXPECT_FALSE(check_proposal_transition(P::draft, P::awarded).has_value());
  EXPECT_FALSE(check_proposal_transition(P::draft, P::rejected).has_value());
  EXPECT_FALSE(check_proposal_transition(P::submitted, P::draft).has_value());
  EXPECT_FALSE(check_proposal_transition(P::submitted, P::submitted).has_value());
}

TEST(LifecycleNames, CallStatesRoundTrip) {
  const char* const expected[] = {"draft", "open", "closed", "in_review", "decided", "archived"};
  auto names = names_of_CallState();
  ASSERT_EQ(names.size(), std::size(kCallStates));
  for (std::size_t i = 0; i < std::size(kCallStates); ++i) {
    const CallState s = kCallStates[i];
    EXPECT_EQ(name(s), expected[i]);
    EXPECT_EQ(names[i], name(s));
    EXPECT_EQ(parse_CallState(name(s)), s);
  }
}

TEST(LifecycleNames, ProposalStatesRoundTrip) {
  const char* const expected[] = {"draft", "submitted", "withdrawn", "awarded", "rejected"};
  for (std::size_t i = 0; i < std::size(kProposalStates); ++i) {
    const ProposalState s = kProposalStates[i];
    EXPECT_EQ(name(s), expected[i]);
    EXPECT_EQ(parse_ProposalState(name(s)), s);
  }
}

TEST(LifecycleNames, CallKindsRoundTrip) {
  auto names = names_of_CallKind();
  ASSERT_EQ(names.size(), 2u);
  EXPECT_EQ(name(CallKind::challenge), "challenge");
  EXPECT_EQ(name(CallKind::funding), "funding");
  EXPECT_EQ(names[0], "challenge");
  EXPECT_EQ(names[1], "funding");
  EXPECT_EQ(parse_CallKind("challenge"), CallKind::challenge);
  EXPECT_EQ(parse_CallKind("funding"), CallKind::funding);
}

TEST(LifecycleNames, UnknownNamesAreNullopt) {
  for (const char* bad : {"", "Draft", "OPEN", "drafts", "in-review", "inreview", " open", "open ",
                          "award", "challenge"}) {
    EXPECT_EQ(parse_CallState(bad), std::nullopt) << '"' << bad << '"';
  }
  for (const char* bad : {"", "Submitted", "submit", "awarded ", "open", "archived"}) {
    EXPECT_EQ(parse_ProposalState(bad), std::nullopt) << '"' << bad << '"';
  }
  for (const char* bad : {"", "Challenge", "grant", "fundings", "draft"}) {
    EXPECT_EQ(parse_CallKind(bad), std::nullopt) << '"' << bad << '"';
  }
}

TEST(LifecycleNames, RelationKindsRoundTrip) {
  const std::pair<RelationKind, const char*> kinds[] = {
      {RelationKind::affiliation, "affiliation"},
      {RelationKind::collaboration, "collaboration"},
      {RelationKind::coauthorship, "coauthorship"},
      {RelationKind::equity, "equity"},
      {RelationKind::ip, "ip"},
      {RelationKind::declared, "declared"},
  };
  for (const auto& [kind, text] : kinds) {
    EXPECT_EQ(name(kind), text);
    EXPECT_EQ(parse_RelationKind(text), kind);
  }
  for (const char* bad : {"", "IP", "co-authorship", "equities", "declare"}) {
    EXPECT_EQ(parse_RelationKind(bad), std::nullopt) << '"' << bad << '"';
  }
}

TEST(CallLifecycle, ReviewSettingsEditableUntilReviewStarts) {
  EXPECT_TRUE(review_settings_editable(CallState::draft));
  EXPECT_TRUE(review_settings_editable(CallState::open));
  EXPECT_TRUE(review_settings_editable(CallState::closed));
  EXPECT_FALSE(review_settings_editable(CallState::in_review));
  EXPECT_FALSE(review_settings_editable(CallState::decided));
  EXPECT_FALSE(review_settings_editable(CallState::archived));
}

// ---------------------------------------------------------------------------------------------
// rubric

std::vector<std::string> levels_of(int n) {
  std::vector<std::string> out;
  for (int i = 1; i <= n; ++i) out.push_back("level " + std::to_string(i));
  return out;
}

Criterion criterion(std::string id, double weight, std::vector<std::string> levels = {}) {
  Criterion c;
  c.id = std::move(id);
  c.name = "名称";
  c.name_en = "Name";
  c.weight = weight;
  c.levels = std::move(levels);
  return c;
}

// novelty 0.5, impact 0.3, team 0.2.
Rubric three_criteria(int scale = 5, bool with_levels = false) {
  Rubric r;
  r.scale = scale;
  auto lv = with_levels ? levels_of(scale) : std::vector<std::string>{};
  r.criteria = {criterion("novelty", 0.5, lv), criterion("impact", 0.3, lv),
                criterion("team", 0.2, lv)};
  return r;
}

// Expects Error::invalid with exactly this field.
void expect_invalid(const Result<void>& r, const std::string& field) {
  ASSERT_FALSE(r.has_value()) << "expected invalid at " << field;
  EXPECT_EQ(r.error().code, ErrorCode::invalid) << r.error().message;
  EXPECT_EQ(r.error().field, field) << r.error().message;
  EXPECT_FALSE(r.error().message.empty());
}

void expect_valid(const Result<void>& r) {
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().field + ": " + r.error().message);
}

TEST(RubricValidate, ValidRubrics) {
  expect_valid(validate_rubric(three_criteria(5, false)));
  expect_valid(validate_rubric(three_criteria(5, true)));
  expect_valid(validate_rubric(three_criteria(10, false)));
  expect_valid(validate_rubric(three_criteria(10, true)));

  // One criterion with descriptors, one without.
  Rubric mixed;
  mixed.scale = 10;
  mixed.criteria = {criterion("ab", 0.25, levels_of(10)), criterion("cd", 0.75)};
  expect_valid(validate_rubric(mixed));

  // A single criterion of weight 1.
  Rubric single;
  single.criteria = {criterion("overall", 1.0)};
  expect_valid(validate_rubric(single));
}

TEST(RubricValidate, BoundaryRubricsAreValid) {
  // 20 criteria, ids of 2 and 40 characters, names in only one language, weights within ±0.001.
  Rubric twenty;
  for (int i = 0; i < 20; ++i) twenty.criteria.push_back(criterion("c" + std::to_string(i), 0.05));
  expect_valid(validate_rubric(twenty));

  Rubric r = three_criteria();
  r.criteria[0].id = "a_";
  r.criteria[1].id = std::string(40, 'z');
  r.criteria[2].id = "09_x";
  expect_valid(validate_rubric(r));

  r = three_criteria();
  r.criteria[0].name = "";     // English only
  r.criteria[1].name_en = "";  // Chinese only
  expect_valid(validate_rubric(r));

  r = three_criteria();
  r.criteria[2].weight = 0.2005;  // sums to 1.0005
  expect_valid(validate_rubric(r));
  r.criteria[2].weight = 0.1995;  // sums to 0.9995
  expect_valid(validate_rubric(r));
}

TEST(RubricValidate, ScaleMustBe5Or10) {
  for (int scale : {7, 0, 1, 4, 6, 9, 11, -5}) {
    Rubric r = three_criteria();
    r.scale = scale;
    expect_invalid(validate_rubric(r), "rubric.scale");
  }
}

TEST(RubricValidate, OneToTwentyCriteria) {
  Rubric none;
  expect_invalid(validate_rubric(none), "rubric.criteria");

  Rubric many;
  for (int i = 0; i < 21; ++i)
    many.criteria.push_back(criterion("c" + std::to_string(i), 1.0 / 21));
  expect_invalid(validate_rubric(many), "rubric.criteria");
}

TEST(RubricValidate, BadIds) {
  const std::vector<std::string> bad_ids = {"Novelty", "a-b", "a b", "x", "", std::string(41, 'a'),
                                            "ab.c",    "é_x", "ab\n"};
  for (const auto& bad : bad_ids) {
    Rubric r = three_criteria();
    r.criteria[1].id = bad;
    expect_invalid(validate_rubric(r), "rubric.criteria[1].id");
  }
}

TEST(RubricValidate, DuplicateIdsNameTheSecond) {
  Rubric r = three_criteria();
  r.criteria[2].id = "novelty";
  auto result = validate_rubric(r);
  expect_invalid(result, "rubric.criteria[2].id");
  ASSERT_FALSE(result.has_value());
  EXPECT_TRUE(contains_text(result.error().message, "novelty")) << result.error().message;
}

TEST(RubricValidate, NeedsANameInSomeLanguage) {
  Rubric r = three_criteria();
  r.criteria[0].name = "";
  r.criteria[0].name_en = "";
  expect_invalid(validate_rubric(r), "rubric.criteria[0].name");
}

TEST(RubricValidate, WeightsMustBePositiveAndFinite) {
  for (double w :
       {0.0, -0.2, -0.0, std::numeric_limits<double>::quiet_NaN(),
        std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()}) {
    Rubric r = three_criteria();
    r.criteria[1].weight = w;
    expect_invalid(validate_rubric(r), "rubric.criteria[1].weight");
  }
}

TEST(RubricValidate, WeightsMustSumToOne) {
  Rubric r = three_criteria();
  r.criteria[0].weight = 0.4;  // 0.4 + 0.3 + 0.2 = 0.9
  auto result = validate_rubric(r);
  expect_invalid(result, "rubric.criteria");

  r.criteria[0].weight = 0.6;  // 1.1
  expect_invalid(validate_rubric(r), "rubric.criteria");

  r.criteria[0].weight = 0.502;  // 1.002: outside ±0.001
  expect_invalid(validate_rubric(r), "rubric.criteria");
}

TEST(RubricValidate, LevelsMustMatchTheScale) {
  Rubric r = three_criteria(5, true);
  r.criteria[2].levels = levels_of(4);
  expect_invalid(validate_rubric(r), "rubric.criteria[2].levels");
  r.criteria[2].levels = levels_of(6);
  expect_invalid(validate_rubric(r), "rubric.criteria[2].levels");
  r.criteria[2].levels = levels_of(10);  // right for 10, wrong for 5
  expect_invalid(validate_rubric(r), "rubric.criteria[2].levels");

  Rubric ten = three_criteria(10, true);
  ten.criteria[0].levels = levels_of(5);
  expect_invalid(validate_rubric(ten), "rubric.criteria[0].levels");
}

TEST(RubricValidate, LevelsMayNotBeEmpty) {
  Rubric r = three_criteria(5, true);
  r.criteria[1].levels[3] = "";
  expect_invalid(validate_rubric(r), "rubric.criteria[1].levels");
}

TEST(RubricValidate, ReportsTheFirstProblem) {
  Rubric r = three_criteria();
  r.scale = 7;
  r.criteria[0].id = "BAD";
  expect_invalid(validate_rubric(r), "rubric.scale");

  r = three_criteria();
  r.criteria[1].weight = 0;
  r.criteria[2].id = "BAD";
  expect_invalid(validate_rubric(r), "rubric.criteria[1].weight");
}

TEST(RubricScore, WeightedSumOfScores) {
  Rubric r = three_criteria();
  // 0.5×4 + 0.3×5 + 0.2×2 = 2 + 1.5 + 0.4 = 3.9
  auto s = weighted_score(r, {{"novelty", 4}, {"impact", 5}, {"team", 2}});
  ASSERT_TRUE(s.has_value()) << s.error().message;
  EXPECT_NEAR(*s, 3.9, 1e-12);

  auto top = weighted_score(r, {{"novelty", 5}, {"impact", 5}, {"team", 5}});
  ASSERT_TRUE(top.has_value());
  EXPECT_NEAR(*top, 5.0, 1e-12);
  auto bottom = weighted_score(r, {{"novelty", 1}, {"impact", 1}, {"team", 1}});
  ASSERT_TRUE(bottom.has_value());
  EXPECT_NEAR(*bottom, 1.0, 1e-12);

  Rubric ten = three_criteria(10, true);
  // 0.5×10 + 0.3×1 + 0.2×7 = 5 + 0.3 + 1.4 = 6.7
  auto t = weighted_score(ten, {{"novelty", 10}, {"impact", 1}, {"team", 7}});
  ASSERT_TRUE(t.has_value()) << t.error().message;
  EXPECT_NEAR(*t, 6.7, 1e-12);
}

void expect_score_invalid(const Result<double>& r, const std::string& field) {
  ASSERT_FALSE(r.has_value()) << "expected invalid at " << field << ", got " << *r;
  EXPECT_EQ(r.error().code, ErrorCode::invalid) << r.error().message;
  EXPECT_EQ(r.error().field, field) << r.error().message;
}

TEST(RubricScore, MissingCriterion) {
  Rubric r = three_criteria();
  expect_score_invalid(weighted_score(r, {{"novelty", 4}, {"impact", 5}}), "scores.team");
  expect_score_invalid(weighted_score(r, {}), "scores.novelty");
}

TEST(RubricScore, UnknownCriterion) {
  Rubric r = three_criteria();
  expect_score_invalid(
      weighted_score(r, {{"novelty", 4}, {"impact", 5}, {"team", 2}, {"budget", 3}}),
      "scores.budget");
}

TEST(RubricScore, ScoresOutsideTheScale) {
  Rubric r = three_criteria();
  expect_score_invalid(weighted_score(r, {{"novelty", 0}, {"impact", 5}, {"team", 2}}),
                       "scores.novelty");
  expect_score_invalid(weighted_score(r, {{"novelty", 4}, {"impact", 6}, {"team", 2}}),
                       "scores.impact");
  expect_score_invalid(weighted_score(r, {{"novelty", 4}, {"impact", 5}, {"team", -1}}),
                       "scores.team");

  Rubric ten = three_criteria(10);
  expect_score_invalid(weighted_score(ten, {{"novelty", 11}, {"impact", 5}, {"team", 2}}),
                       "scores.novelty");
  expect_score_invalid(weighted_score(ten, {{"novelty", 0}, {"impact", 5}, {"team", 2}}),
                       "scores.novelty");
  EXPECT_TRUE(weighted_score(ten, {{"novelty", 10}, {"impact", 6}, {"team", 1}}).has_value());
}

TEST(RubricScore, PartialScoresMayLeaveCriteriaOut) {
  Rubric r = three_criteria();
  expect_valid(check_partial_scores(r, {}));
  expect_valid(check_partial_scores(r, {{"impact", 3}}));
  expect_valid(check_partial_scores(r, {{"novelty", 1}, {"team", 5}}));
  expect_valid(check_partial_scores(r, {{"novelty", 1}, {"impact", 2}, {"team", 5}}));
  expect_invalid(check_partial_scores(r, {{"impact", 3}, {"budget", 2}}), "scores.budget");
  expect_invalid(check_partial_scores(r, {{"impact", 0}}), "scores.impact");
  expect_invalid(check_partial_scores(r, {{"team", 6}}), "scores.team");

  Rubric ten = three_criteria(10);
  expect_valid(check_partial_scores(ten, {{"team", 10}}));
  expect_invalid(check_partial_scores(ten, {{"team", 11}}), "scores.team");
}

// ---------------------------------------------------------------------------------------------
// eligibility

Applicant applicant(std::string org_type, std::string region, int trl) {
  return Applicant{std::move(org_type), std::move(region), trl};
}

TEST(Eligibility, EmptyRulesAdmitAnyoneWithATrlInRange) {
  const Eligibility rules;
  for (int trl = 1; trl <= 9; ++trl) {
    EXPECT_TRUE(eligibility_problems(rules, applicant("company", "CN-SH", trl)).empty()) << trl;
  }
  EXPECT_TRUE(eligibility_problems(rules, applicant("", "", 5)).empty());
  EXPECT_TRUE(eligibility_problems(rules, applicant("anything", "US-CA", 1)).empty());
  EXPECT_EQ(eligibility_problems(rules, applicant("company", "CN", 0)).size(), 1u);
  EXPECT_EQ(eligibility_problems(rules, applicant("company", "CN", 10)).size(), 1u);
}

TEST(Eligibility, OrgTypeMismatch) {
  Eligibility rules;
  rules.org_types = {"company", "university"};
  EXPECT_TRUE(eligibility_problems(rules, applicant("company", "", 5)).empty());
  EXPECT_TRUE(eligibility_problems(rules, applicant("university", "", 5)).empty());

  auto p = eligibility_problems(rules, applicant("hospital", "", 5));
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0],
            "the call admits organisations of type company, university; the applicant is "
            "hospital");

  auto none = eligibility_problems(rules, applicant("", "", 5));
  ASSERT_EQ(none.size(), 1u);
  EXPECT_TRUE(contains_text(none[0], "of no recorded type")) << none[0];

  // Exact match only: no prefixes or case folding for organisation types.
  EXPECT_EQ(eligibility_problems(rules, applicant("Company", "", 5)).size(), 1u);
  EXPECT_EQ(eligibility_problems(rules, applicant("comp", "", 5)).size(), 1u);
}

TEST(Eligibility, RegionPrefixes) {
  auto admitted = [](std::vector<std::string> regions, std::string region) {
    Eligibility rules;
    rules.regions = std::move(regions);
    return eligibility_problems(rules, applicant("company", std::move(region), 5)).empty();
  };
  EXPECT_TRUE(admitted({"CN"}, "CN-SH"));
  EXPECT_TRUE(admitted({"CN"}, "CN"));
  EXPECT_FALSE(admitted({"CN-S"}, "CN-SH"));
  EXPECT_TRUE(admitted({"CN-SH"}, "CN-SH"));
  EXPECT_FALSE(admitted({"CN-SH"}, "CN"));
  EXPECT_FALSE(admitted({"CN-SH"}, "CN-BJ"));
  EXPECT_FALSE(admitted({"CN"}, "CNX"));
  EXPECT_FALSE(admitted({"CN"}, "HK"));
  EXPECT_FALSE(admitted({"CN"}, ""));
  EXPECT_TRUE(admitted({"US", "CN-SH"}, "CN-SH"));
  EXPECT_TRUE(admitted({"US", "CN-SH"}, "US-CA"));
  EXPECT_FALSE(admitted({"US", "CN-SH"}, "CN-GD"));
}

TEST(Eligibility, RegionMessages) {
  Eligibility rules;
  rules.regions = {"CN-SH", "CN-BJ"};
  auto p = eligibility_problems(rules, applicant("company", "CN-GD", 5));
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0], "the call admits applicants from CN-SH, CN-BJ; the applicant is in CN-GD");
  auto none = eligibility_problems(rules, applicant("company", "", 5));
  ASSERT_EQ(none.size(), 1u);
  EXPECT_TRUE(contains_text(none[0], "in no recorded region")) << none[0];
}

TEST(Eligibility, Trl) {
  Eligibility rules;
  rules.trl_min = 3;
  rules.trl_max = 6;
  for (int trl = 3; trl <= 6; ++trl) {
    EXPECT_TRUE(eligibility_problems(rules, applicant("company", "CN", trl)).empty()) << trl;
  }
  auto unstated = eligibility_problems(rules, applicant("company", "CN", 0));
  ASSERT_EQ(unstated.size(), 1u);
  EXPECT_EQ(unstated[0], "the proposal states no TRL; the call asks for TRL 3 to 6");

  auto below = eligibility_problems(rules, applicant("company", "CN", 2));
  ASSERT_EQ(below.size(), 1u);
  EXPECT_EQ(below[0], "the call asks for TRL 3 to 6; the proposal states TRL 2");

  auto above = eligibility_problems(rules, applicant("company", "CN", 7));
  ASSERT_EQ(above.size(), 1u);
  EXPECT_EQ(above[0], "the call asks for TRL 3 to 6; the proposal states TRL 7");
}

TEST(Eligibility, SeveralProblemsOneSentenceEach) {
  Eligibility rules;
  rules.org_types = {"university"};
  rules.regions = {"CN"};
  rules.trl_min = 4;
  rules.trl_max = 7;
  auto p = eligibility_problems(rules, applicant("company", "US-CA", 9));
  ASSERT_EQ(p.size(), 3u);
  EXPECT_TRUE(contains_text(p[0], "organisations of type university")) << p[0];
  EXPECT_TRUE(contains_text(p[1], "applicants from CN")) << p[1];
  EXPECT_TRUE(contains_text(p[2], "TRL 4 to 7")) << p[2];
  for (const auto& s : p) EXPECT_EQ(s.find('\n'), std::string::npos);

  auto two = eligibility_problems(rules, applicant("company", "CN-SH", 0));
  ASSERT_EQ(two.size(), 2u);
  EXPECT_TRUE(contains_text(two[0], "type university")) << two[0];
  EXPECT_TRUE(contains_text(two[1], "states no TRL")) << two[1];
}

// ---------------------------------------------------------------------------------------------
// conflicts

constexpr int kWindow = 3;
constexpr int kYear = 2026;
constexpr std::int64_t kReviewer = 1, kReviewerOrg = 100;
constexpr std::int64_t kAuthor = 10, kTeamMate = 11, kApplicantOrg = 200;

Party reviewer_party() { return Party{kReviewerOrg, {kReviewer}}; }
Party applicant_party() { return Party{kApplicantOrg, {kAuthor, kTeamMate}}; }

Relation rel(RelationKind kind, std::int64_t user, std::int64_t org, std::int64_t other_user,
             int from_year = 0, int to_year = 0) {
  Relation r;
  r.kind = kind;
  r.user = user;
  r.org = org;
  r.other_user = other_user;
  r.from_year = from_year;
  r.to_year = to_year;
  return r;
}

std::vector<std::string> conflicts(const std::vector<Relation>& relations,
                                   const Party& reviewer = reviewer_party(),
                                   const Party& applicant = applicant_party(), int window = kWindow,
                                   int year = kYear) {
  return conflicts_between(reviewer, applicant, relations, window, year);
}

using Reasons = std::vector<std::string>;

TEST(Conflicts, NoneWithoutRelations) { EXPECT_TRUE(conflicts({}).empty()); }

TEST(Conflicts, SameOrganisation) {
  Party reviewer{kApplicantOrg, {kReviewer}};
  EXPECT_EQ(conflicts({}, reviewer), Reasons{"same organisation as the applicant"});
}

TEST(Conflicts, MemberOfTheApplicantTeam) {
  Party reviewer{kReviewerOrg, {kTeamMate}};
  EXPECT_EQ(conflicts({}, reviewer), Reasons{"member of the applicant team"});
}

TEST(Conflicts, AffiliationWindow) {
  using K = RelationKind;
  // Open-ended: counts.
  auto open = conflicts({rel(K::affiliation, kReviewer, kApplicantOrg, 0, 2015, 0)});
  ASSERT_EQ(open.size(), 1u);
  EXPECT_TRUE(contains_text(open[0], "affiliated with the applicant's organisation")) << open[0];
  EXPECT_TRUE(contains_text(open[0], "(2015–now)")) << open[0];
  // Ended within the window (2026 − 3 = 2023 is the earliest end that still counts).
  for (int to : {2023, 2024, 2025, 2026}) {
    auto within = conflicts({rel(K::affiliation, kReviewer, kApplicantOrg, 0, 2010, to)});
    ASSERT_EQ(within.size(), 1u) << to;
    EXPECT_EQ(within[0], "formerly affiliated with the applicant's organisation (2010–" +
                             std::to_string(to) + ")");
  }
  // Ended before the window: no conflict.
  for (int to : {2022, 2019, 2000}) {
    EXPECT_TRUE(conflicts({rel(K::affiliation, kReviewer, kApplicantOrg, 0, 2010, to)}).empty())
        << to;
  }
}

TEST(Conflicts, WindowAndYearAreParameters) {
  using K = RelationKind;
  const std::vector<Relation> ended_2020 = {
      rel(K::affiliation, kReviewer, kApplicantOrg, 0, 2015, 2020)};
  EXPECT_TRUE(conflicts(ended_2020, reviewer_party(), applicant_party(), 3, 2026).empty());
  EXPECT_EQ(conflicts(ended_2020, reviewer_party(), applicant_party(), 6, 2026).size(), 1u);
  EXPECT_EQ(conflicts(ended_2020, reviewer_party(), applicant_party(), 3, 2023).size(), 1u);
  EXPECT_TRUE(conflicts(ended_2020, reviewer_party(), applicant_party(), 0, 2021).empty());
  EXPECT_EQ(conflicts(ended_2020, reviewer_party(), applicant_party(), 0, 2020).size(), 1u);
}

TEST(Conflicts, YearsFormatting) {
  using K = RelationKind;
  EXPECT_EQ(conflicts({rel(K::collaboration, kReviewer, kApplicantOrg, 0)}),
            Reasons{"collaborated with the applicant's organisation"});
  EXPECT_EQ(conflicts({rel(K::collaboration, kReviewer, kApplicantOrg, 0, 0, 2024)}),
            Reasons{"collaborated with the applicant's organisation (…–2024)"});
  EXPECT_EQ(conflicts({rel(K::collaboration, kReviewer, kApplicantOrg, 0, 2019, 2024)}),
            Reasons{"collaborated with the applicant's organisation (2019–2024)"});
}

TEST(Conflicts, CollaborationAndCoauthorship) {
  using K = RelationKind;
  // With the applicant organisation.
  EXPECT_EQ(conflicts({rel(K::collaboration, kReviewer, kApplicantOrg, 0, 2020, 2024)}),
            Reasons{"collaborated with the applicant's organisation (2020–2024)"});
  EXPECT_EQ(conflicts({rel(K::coauthorship, kReviewer, kApplicantOrg, 0)}),
            Reasons{"co-authored with the applicant's organisation"});
  // With a team member, recorded by the reviewer.
  EXPECT_EQ(conflicts({rel(K::collaboration, kReviewer, 0, kTeamMate)}),
            Reasons{"collaborated with a member of the applicant team"});
  EXPECT_EQ(conflicts({rel(K::coauthorship, kReviewer, 0, kAuthor, 2021, 2025)}),
            Reasons{"co-authored with a member of the applicant team (2021–2025)"});
  // Recorded by an applicant, naming the reviewer.
  EXPECT_EQ(conflicts({rel(K::coauthorship, kAuthor, 0, kReviewer)}),
            Reasons{"co-authored with a member of the applicant team"});
  EXPECT_EQ(conflicts({rel(K::collaboration, kTeamMate, 0, kReviewer, 2024, 0)}),
            Reasons{"collaborated with a member of the applicant team (2024–now)"});
  // Ended before the window, either way round.
  EXPECT_TRUE(conflicts({rel(K::collaboration, kReviewer, 0, kTeamMate, 2010, 2022)}).empty());
  EXPECT_TRUE(conflicts({rel(K::coauthorship, kAuthor, 0, kReviewer, 2010, 2022)}).empty());
  EXPECT_TRUE(conflicts({rel(K::coauthorship, kReviewer, kApplicantOrg, 0, 2010, 2022)}).empty());
}

TEST(Conflicts, ReviewerEquityAndIpCountWhileTheyLast) {
  using K = RelationKind;
  EXPECT_EQ(conflicts({rel(K::equity, kReviewer, kApplicantOrg, 0)}),
            Reasons{"holds equity in the applicant's organisation"});
  EXPECT_EQ(conflicts({rel(K::ip, kReviewer, kApplicantOrg, 0, 2018, 0)}),
            Reasons{"owns IP with the applicant's organisation (2018–now)"});
  // Ends this year or later: still lasting.
  EXPECT_EQ(conflicts({rel(K::equity, kReviewer, kApplicantOrg, 0, 2018, 2026)}).size(), 1u);
  EXPECT_EQ(conflicts({rel(K::ip, kReviewer, kApplicantOrg, 0, 2018, 2030)}).size(), 1u);
  // Ended last year: over, although within the look-back window.
  EXPECT_TRUE(conflicts({rel(K::equity, kReviewer, kApplicantOrg, 0, 2018, 2025)}).empty());
  EXPECT_TRUE(conflicts({rel(K::ip, kReviewer, kApplicantOrg, 0, 2018, 2025)}).empty());
}

TEST(Conflicts, ApplicantEquityInTheReviewersOrganisation) {
  using K = RelationKind;
  EXPECT_EQ(conflicts({rel(K::equity, kTeamMate, kReviewerOrg, 0)}),
            Reasons{"an applicant holds equity or IP in the reviewer's organisation"});
  EXPECT_EQ(conflicts({rel(K::ip, kAuthor, kReviewerOrg, 0, 2020, 2027)}),
            Reasons{"an applicant holds equity or IP in the reviewer's organisation (2020–2027)"});
  EXPECT_TRUE(conflicts({rel(K::equity, kAuthor, kReviewerOrg, 0, 2020, 2025)}).empty());
  // An applicant's equity in some other organisation is nobody's business here.
  EXPECT_TRUE(conflicts({rel(K::equity, kAuthor, 999, 0)}).empty());
  // A reviewer without an organisation.
  EXPECT_TRUE(conflicts({rel(K::equity, kAuthor, kReviewerOrg, 0)}, Party{0, {kReviewer}}).empty());
}

TEST(Conflicts, Declared) {
  using K = RelationKind;
  EXPECT_EQ(conflicts({rel(K::declared, kReviewer, kApplicantOrg, 0)}),
            Reasons{"declared a conflict with the applicant's organisation"});
  EXPECT_EQ(conflicts({rel(K::declared, kReviewer, 0, kAuthor)}),
            Reasons{"declared a conflict with a member of the applicant team"});
  // Declared by an applicant, naming the reviewer.
  EXPECT_EQ(conflicts({rel(K::declared, kTeamMate, 0, kReviewer)}),
            Reasons{"declared a conflict with a member of the applicant team"});
  // Declarations count while they last.
  EXPECT_EQ(conflicts({rel(K::declared, kReviewer, kApplicantOrg, 0, 2020, 2026)}).size(), 1u);
  EXPECT_TRUE(conflicts({rel(K::declared, kReviewer, kApplicantOrg, 0, 2020, 2025)}).empty());
}

TEST(Conflicts, AnApplicantsAffiliationNeverNamesTheReviewer) {
  using K = RelationKind;
  // Affiliation is with an organisation; an applicant's affiliation record that happens to carry
  // the reviewer as other_user is not a conflict (collaboration etc. would be).
  EXPECT_TRUE(conflicts({rel(K::affiliation, kAuthor, 0, kReviewer)}).empty());
  EXPECT_TRUE(conflicts({rel(K::affiliation, kAuthor, 999, kReviewer, 2020, 0)}).empty());
  EXPECT_EQ(conflicts({rel(K::collaboration, kAuthor, 999, kReviewer)}).size(), 1u);
}

TEST(Conflicts, RelationsOfUnrelatedUsersAreIgnored) {
  using K = RelationKind;
  const std::vector<Relation> relations = {
      rel(K::affiliation, 50, kApplicantOrg, 0),        // a stranger's affiliation
      rel(K::equity, 51, kApplicantOrg, 0),             // a stranger's equity
      rel(K::collaboration, 52, 0, kAuthor),            // a stranger with the author
      rel(K::coauthorship, 53, 0, kReviewer),           // a stranger with the reviewer
      rel(K::declared, 54, kReviewerOrg, kReviewer),    // a stranger's declaration
      rel(K::affiliation, kReviewer, 300, 0),           // the reviewer elsewhere
      rel(K::collaboration, kReviewer, 0, 60),          // the reviewer with a stranger
      rel(K::coauthorship, kAuthor, 0, 61),             // the author with a stranger
      rel(K::collaboration, kAuthor, kReviewerOrg, 0),  // not equity or IP
      rel(K::equity, kReviewer, kReviewerOrg, 0),       // the reviewer's own organisation
  };
  EXPECT_TRUE(conflicts(relations).empty());
}

TEST(Conflicts, DuplicateReasonsAreNotRepeated) {
  using K = RelationKind;
  // The same relation recorded twice, and two collaborations with different team members.
  auto reasons = conflicts({rel(K::collaboration, kReviewer, 0, kAuthor),
                            rel(K::collaboration, kReviewer, 0, kAuthor),
                            rel(K::collaboration, kReviewer, 0, kTeamMate)});
  EXPECT_EQ(reasons, Reasons{"collaborated with a member of the applicant team"});

  // A reviewer who is two members of the team (two accounts) is named once.
  Party twice{kReviewerOrg, {kAuthor, kTeamMate}};
  EXPECT_EQ(conflicts({}, twice), Reasons{"member of the applicant team"});
}

TEST(Conflicts, SeveralReasonsInOrder) {
  using K = RelationKind;
  Party reviewer{kApplicantOrg, {kReviewer, kAuthor}};
  auto reasons = conflicts(
      {rel(K::equity, kReviewer, kApplicantOrg, 0), rel(K::coauthorship, kTeamMate, 0, kReviewer)},
      reviewer);
  EXPECT_EQ(reasons, (Reasons{"same organisation as the applicant", "member of the applicant team",
                              "holds equity in the applicant's organisation",
                              "co-authored with a member of the applicant team"}));
}

TEST(Conflicts, OpenEndedAffiliationIsCurrent) {
  using K = RelationKind;
  auto now = conflicts({rel(K::affiliation, kReviewer, kApplicantOrg, 0, 2015, 0)});
  ASSERT_EQ(now.size(), 1u);
  EXPECT_EQ(now[0], "affiliated with the applicant's organisation (2015–now)");
}

TEST(Conflicts, RelationsThatHaveNotBegunAreIgnored) {
  using K = RelationKind;
  EXPECT_TRUE(conflicts({rel(K::coauthorship, kReviewer, kApplicantOrg, 0, kYear + 1, 0)}).empty());
  EXPECT_EQ(conflicts({rel(K::coauthorship, kReviewer, kApplicantOrg, 0, kYear, 0)}).size(), 1u);
}

TEST(Conflicts, OrganisationKindsNamingAPersonAreWordedAsTies) {
  using K = RelationKind;
  auto r = conflicts({rel(K::equity, kReviewer, 0, kTeamMate)});
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0], "recorded equity tie with a member of the applicant team");
}

TEST(Conflicts, ZeroIdsNeverMatch) {
  using K = RelationKind;
  Party reviewer{0, {0, kReviewer}};
  Party applicant{0, {0, kAuthor}};
  const std::vector<Relation> relations = {
      rel(K::affiliation, kReviewer, 0, 0),  // org 0 vs applicant org 0
      rel(K::equity, kReviewer, 0, 0),
      rel(K::collaboration, kReviewer, 0, 0),  // other_user 0 vs applicant user 0
      rel(K::declared, 0, 0, 0),               // user 0
      rel(K::coauthorship, 0, 0, kReviewer),
      rel(K::coauthorship, kAuthor, 0, 0),
      rel(K::equity, kAuthor, 0, 0),  // org 0 vs reviewer org 0
      rel(K::collaboration, 0, 0, kAuthor),
  };
  EXPECT_TRUE(conflicts(relations, reviewer, applicant).empty());
  EXPECT_TRUE(conflicts({}, Party{0, {0}}, Party{0, {0}}).empty());
}

// ---------------------------------------------------------------------------------------------
// aggregate

const RankedProposal& of(const std::vector<RankedProposal>& ranked, std::size_t proposal) {
  for (const auto& r : ranked) {
    if (r.proposal == proposal) return r;
  }
  ADD_FAILURE() << "proposal " << proposal << " missing from the ranking";
  static const RankedProposal missing;
  return missing;
}

std::vector<std::size_t> order_of(const std::vector<RankedProposal>& ranked) {
  std::vector<std::size_t> out;
  for (const auto& r : ranked) out.push_back(r.proposal);
  return out;
}

std::vector<std::size_t> sorted(std::vector<std::size_t> v) {
  std::sort(v.begin(), v.end());
  return v;
}

// Every proposal exactly once, sorted by rank, ranks 1-based and competition-style (1, 1, 3).
void expect_well_formed(const std::vector<RankedProposal>& ranked, std::size_t proposals) {
  ASSERT_EQ(ranked.size(), proposals);
  std::set<std::size_t> seen;
  for (std::size_t i = 0; i < ranked.size(); ++i) {
    seen.insert(ranked[i].proposal);
    if (i == 0) {
      EXPECT_EQ(ranked[i].rank, 1);
    } else {
      EXPECT_TRUE(ranked[i].rank == ranked[i - 1].rank || ranked[i].rank == static_cast<int>(i) + 1)
          << "position " << i << " rank " << ranked[i].rank;
    }
  }
  EXPECT_EQ(seen.size(), proposals);
}

// Three proposals, each reviewed by the same three reviewers (weighted scores on a 1–5 scale):
//             P0    P1    P2
//   R1        4     3     5
//   R2        5     4     2
//   R3 harsh  1.5   1     2
// Raw means: P0 3.5, P1 8/3, P2 3 → raw order P0, P2, P1.
// z-scores (population SD):
//   R1: mean 4, SD √(2/3): 0, −√1.5, +√1.5
//   R2: mean 11/3, SD √14/3: 4/√14, 1/√14, −5/√14
//   R3: mean 1.5, SD √(1/6): 0, −√1.5, +√1.5
// Normalised: P0 (4/√14)/3 ≈ 0.3563, P1 (−2√1.5 + 1/√14)/3 ≈ −0.7274,
//             P2 (2√1.5 − 5/√14)/3 ≈ 0.3711 → P2, P0, P1: the harsh reviewer's favourite, P2,
//             counts as much as the others' once their scales are taken out.
std::vector<ScoredReview> harsh_example() {
  return {
      {0, 1, 4.0, {4, 4}}, {1, 1, 3.0, {3, 3}}, {2, 1, 5.0, {5, 5}},
      {0, 2, 5.0, {5, 5}}, {1, 2, 4.0, {4, 4}}, {2, 2, 2.0, {1, 3}},
      {0, 3, 1.5, {1, 2}}, {1, 3, 1.0, {1, 1}}, {2, 3, 2.0, {2, 2}},
  };
}

TEST(Aggregate, HarshReviewerHandComputed) {
  const auto reviews = harsh_example();
  const auto ranked = rank_proposals(3, 2, reviews, 3.2);
  expect_well_formed(ranked, 3);

  const double s15 = std::sqrt(1.5), s14 = std::sqrt(14.0);
  const auto& p0 = of(ranked, 0);
  const auto& p1 = of(ranked, 1);
  const auto& p2 = of(ranked, 2);

  EXPECT_EQ(p0.reviews, 3);
  EXPECT_EQ(p1.reviews, 3);
  EXPECT_EQ(p2.reviews, 3);
  EXPECT_NEAR(p0.raw, 3.5, 1e-12);
  EXPECT_NEAR(p1.raw, 8.0 / 3, 1e-12);
  EXPECT_NEAR(p2.raw, 3.0, 1e-12);

  EXPECT_NEAR(p0.normalised, (0 + 4 / s14 + 0) / 3, 1e-9);
  EXPECT_NEAR(p1.normalised, (-s15 + 1 / s14 - s15) / 3, 1e-9);
  EXPECT_NEAR(p2.normalised, (s15 - 5 / s14 + s15) / 3, 1e-9);
  EXPECT_NEAR(p0.normalised, 0.356348322549899, 1e-9);
  EXPECT_NEAR(p1.normalised, -0.727409500290251, 1e-9);
  EXPECT_NEAR(p2.normalised, 0.371061177740352, 1e-9);

  // Raw order would be P0, P2, P1; normalisation puts P2 first.
  EXPECT_EQ(order_of(ranked), (std::vector<std::size_t>{2, 0, 1}));
  EXPECT_EQ(p2.rank, 1);
  EXPECT_EQ(p0.rank, 2);
  EXPECT_EQ(p1.rank, 3);
  for (const auto& r : ranked) EXPECT_TRUE(r.tied_with.empty()) << r.proposal;

  // Per-criterion means.
  ASSERT_EQ(p0.criteria.size(), 2u);
  EXPECT_NEAR(p0.criteria[0], (4 + 5 + 1) / 3.0, 1e-12);
  EXPECT_NEAR(p0.criteria[1], (4 + 5 + 2) / 3.0, 1e-12);
  ASSERT_EQ(p2.criteria.size(), 2u);
  EXPECT_NEAR(p2.criteria[0], (5 + 1 + 2) / 3.0, 1e-12);
  EXPECT_NEAR(p2.criteria[1], (5 + 3 + 2) / 3.0, 1e-12);

  // Spreads 3.5, 3, 3; threshold 3.2 flags only P0.
  EXPECT_NEAR(p0.spread, 3.5, 1e-12);
  EXPECT_NEAR(p1.spread, 3.0, 1e-12);
  EXPECT_NEAR(p2.spread, 3.0, 1e-12);
  EXPECT_TRUE(p0.disagreement);
  EXPECT_FALSE(p1.disagreement);
  EXPECT_FALSE(p2.disagreement);
}

TEST(Aggregate, ConstantOffsetDoesNotChangeNormalisedScores) {
  // A reviewer who scores everything 2 lower than another with the same ranking: the raw order
  // follows both, and their z-scores are identical.
  const std::vector<ScoredReview> reviews = {
      {0, 1, 5.0, {}}, {1, 1, 4.0, {}}, {2, 1, 3.0, {}},
      {0, 2, 3.0, {}}, {1, 2, 2.0, {}}, {2, 2, 1.0, {}},
  };
  const auto ranked = rank_proposals(3, 0, reviews, 10);
  expect_well_formed(ranked, 3);
  EXPECT_EQ(order_of(ranked), (std::vector<std::size_t>{0, 1, 2}));
  EXPECT_NEAR(of(ranked, 0).normalised, std::sqrt(1.5), 1e-9);
  EXPECT_NEAR(of(ranked, 1).normalised, 0.0, 1e-9);
  EXPECT_NEAR(of(ranked, 2).normalised, -std::sqrt(1.5), 1e-9);
  EXPECT_TRUE(of(ranked, 0).criteria.empty());
}

TEST(Aggregate, SingleReviewContributesZero) {
  // R1 scores P0 1 and P1 3: z −1 and +1. R2 reviews only P0, with 5: no information, 0.
  const std::vector<ScoredReview> reviews = {
      {0, 1, 1.0, {1}},
      {1, 1, 3.0, {3}},
      {0, 2, 5.0, {5}},
  };
  const auto ranked = rank_proposals(2, 1, reviews, 10);
  expect_well_formed(ranked, 2);
  const auto& p0 = of(ranked, 0);
  const auto& p1 = of(ranked, 1);
  EXPECT_EQ(p0.reviews, 2);
  EXPECT_EQ(p1.reviews, 1);
  EXPECT_NEAR(p0.raw, 3.0, 1e-12);
  EXPECT_NEAR(p1.raw, 3.0, 1e-12);
  EXPECT_NEAR(p0.normalised, (-1.0 + 0.0) / 2, 1e-9);
  EXPECT_NEAR(p1.normalised, 1.0, 1e-9);
  EXPECT_EQ(order_of(ranked), (std::vector<std::size_t>{1, 0}));
  EXPECT_NEAR(p0.criteria[0], 3.0, 1e-12);
  EXPECT_NEAR(p0.spread, 4.0, 1e-12);
  EXPECT_NEAR(p1.spread, 0.0, 1e-12);
}

TEST(Aggregate, ZeroSpreadReviewerContributesZero) {
  // R1: 1 and 3 (z −1, +1). R2 scores both 4: SD 0, contributes 0 to each.
  const std::vector<ScoredReview> reviews = {
      {0, 1, 1.0, {}},
      {1, 1, 3.0, {}},
      {0, 2, 4.0, {}},
      {1, 2, 4.0, {}},
  };
  const auto ranked = rank_proposals(2, 0, reviews, 10);
  for (const auto& r : ranked) {
    EXPECT_TRUE(std::isfinite(r.normalised)) << r.proposal;
  }
  EXPECT_NEAR(of(ranked, 0).normalised, -0.5, 1e-9);
  EXPECT_NEAR(of(ranked, 1).normalised, 0.5, 1e-9);
  EXPECT_NEAR(of(ranked, 0).raw, 2.5, 1e-12);
  EXPECT_NEAR(of(ranked, 1).raw, 3.5, 1e-12);

  // Only zero-spread reviewers: every normalised score is 0 and the raw mean decides.
  const std::vector<ScoredReview> flat = {
      {0, 1, 2.0, {}}, {1, 1, 2.0, {}}, {1, 2, 4.0, {}}, {2, 2, 4.0, {}}};
  const auto flat_ranked = rank_proposals(3, 0, flat, 10);
  expect_well_formed(flat_ranked, 3);
  for (const auto& r : flat_ranked) EXPECT_NEAR(r.normalised, 0.0, 1e-12) << r.proposal;
  EXPECT_EQ(order_of(flat_ranked), (std::vector<std::size_t>{2, 1, 0}));
  EXPECT_EQ(of(flat_ranked, 2).rank, 1);
  EXPECT_EQ(of(flat_ranked, 1).rank, 2);
  EXPECT_EQ(of(flat_ranked, 0).rank, 3);
}

TEST(Aggregate, RawMeanBreaksNormalisedTies) {
  // R1: P0 5, P1 3 (z +1, −1). R2: P2 4, P1 2 (z +1, −1). P0 and P2 both normalise to 1; P0's
  // raw mean is higher, so no tie.
  const std::vector<ScoredReview> reviews = {
      {0, 1, 5.0, {}}, {1, 1, 3.0, {}}, {2, 2, 4.0, {}}, {1, 2, 2.0, {}}};
  const auto ranked = rank_proposals(3, 0, reviews, 10);
  expect_well_formed(ranked, 3);
  EXPECT_NEAR(of(ranked, 0).normalised, 1.0, 1e-9);
  EXPECT_NEAR(of(ranked, 2).normalised, 1.0, 1e-9);
  EXPECT_EQ(order_of(ranked), (std::vector<std::size_t>{0, 2, 1}));
  EXPECT_EQ(of(ranked, 0).rank, 1);
  EXPECT_EQ(of(ranked, 2).rank, 2);
  EXPECT_EQ(of(ranked, 1).rank, 3);
  for (const auto& r : ranked) EXPECT_TRUE(r.tied_with.empty()) << r.proposal;
}

TEST(Aggregate, TiesShareARankAndListEachOther) {
  // R1 scores P0 and P1 4, P2 2; so does R2: P0 and P1 tie on both keys.
  const std::vector<ScoredReview> reviews = {
      {0, 1, 4.0, {}}, {1, 1, 4.0, {}}, {2, 1, 2.0, {}},
      {0, 2, 4.0, {}}, {1, 2, 4.0, {}}, {2, 2, 2.0, {}},
  };
  const auto ranked = rank_proposals(3, 0, reviews, 10);
  expect_well_formed(ranked, 3);
  EXPECT_EQ(of(ranked, 0).rank, 1);
  EXPECT_EQ(of(ranked, 1).rank, 1);
  EXPECT_EQ(of(ranked, 2).rank, 3);  // competition ranking: 1, 1, 3
  EXPECT_EQ(of(ranked, 0).tied_with, std::vector<std::size_t>{1});
  EXPECT_EQ(of(ranked, 1).tied_with, std::vector<std::size_t>{0});
  EXPECT_TRUE(of(ranked, 2).tied_with.empty());
  // Tied proposals keep the order of their ids.
  EXPECT_EQ(order_of(ranked), (std::vector<std::size_t>{0, 1, 2}));
}

TEST(Aggregate, ThreeWayTieInTheMiddle) {
  // One reviewer: P3 5, P0/P1/P2 3, P4 1.
  const std::vector<ScoredReview> reviews = {
      {0, 7, 3.0, {}}, {1, 7, 3.0, {}}, {2, 7, 3.0, {}}, {3, 7, 5.0, {}}, {4, 7, 1.0, {}}};
  const auto ranked = rank_proposals(5, 0, reviews, 10);
  expect_well_formed(ranked, 5);
  EXPECT_EQ(of(ranked, 3).rank, 1);
  for (std::size_t p : {0u, 1u, 2u}) EXPECT_EQ(of(ranked, p).rank, 2) << p;
  EXPECT_EQ(of(ranked, 4).rank, 5);
  EXPECT_EQ(sorted(of(ranked, 0).tied_with), (std::vector<std::size_t>{1, 2}));
  EXPECT_EQ(sorted(of(ranked, 1).tied_with), (std::vector<std::size_t>{0, 2}));
  EXPECT_EQ(sorted(of(ranked, 2).tied_with), (std::vector<std::size_t>{0, 1}));
  EXPECT_TRUE(of(ranked, 3).tied_with.empty());
  EXPECT_TRUE(of(ranked, 4).tied_with.empty());
}

TEST(Aggregate, UnreviewedProposalsComeLastSharingARank) {
  // Only P1 and P3 reviewed; P3's normalised score is negative, still above the unreviewed.
  const std::vector<ScoredReview> reviews = {{1, 1, 4.0, {4, 4}}, {3, 1, 2.0, {2, 2}}};
  const auto ranked = rank_proposals(5, 2, reviews, 10);
  expect_well_formed(ranked, 5);
  EXPECT_EQ(order_of(ranked), (std::vector<std::size_t>{1, 3, 0, 2, 4}));
  EXPECT_NEAR(of(ranked, 3).normalised, -1.0, 1e-9);
  EXPECT_EQ(of(ranked, 1).rank, 1);
  EXPECT_EQ(of(ranked, 3).rank, 2);
  for (std::size_t p : {0u, 2u, 4u}) {
    const auto& r = of(ranked, p);
    EXPECT_EQ(r.rank, 3) << p;
    EXPECT_EQ(r.reviews, 0) << p;
    EXPECT_EQ(r.raw, 0.0) << p;
    EXPECT_EQ(r.normalised, 0.0) << p;
    EXPECT_EQ(r.spread, 0.0) << p;
    EXPECT_FALSE(r.disagreement) << p;
    EXPECT_EQ(r.criteria, (std::vector<double>{0.0, 0.0})) << p;
  }
  EXPECT_EQ(of(ranked, 0).tied_with, (std::vector<std::size_t>{2, 4}));
  EXPECT_EQ(of(ranked, 2).tied_with, (std::vector<std::size_t>{0, 4}));
  EXPECT_EQ(of(ranked, 4).tied_with, (std::vector<std::size_t>{0, 2}));
  EXPECT_TRUE(of(ranked, 1).tied_with.empty());
  EXPECT_TRUE(of(ranked, 3).tied_with.empty());
}

TEST(Aggregate, ReviewedProposalWithZeroScoreIsNotTiedWithUnreviewed) {
  // A single review normalises to 0, as unreviewed proposals do; it must still rank above them
  // and not share their rank.
  const std::vector<ScoredReview> reviews = {{0, 1, 3.0, {}}};
  const auto ranked = rank_proposals(3, 0, reviews, 10);
  expect_well_formed(ranked, 3);
  EXPECT_EQ(of(ranked, 0).rank, 1);
  EXPECT_TRUE(of(ranked, 0).tied_with.empty());
  EXPECT_EQ(of(ranked, 1).rank, 2);
  EXPECT_EQ(of(ranked, 2).rank, 2);
}

TEST(Aggregate, NoReviewsAtAll) {
  EXPECT_TRUE(rank_proposals(0, 3, {}, 1.0).empty());
  const auto ranked = rank_proposals(2, 1, {}, 1.0);
  expect_well_formed(ranked, 2);
  EXPECT_EQ(of(ranked, 0).rank, 1);
  EXPECT_EQ(of(ranked, 1).rank, 1);
  EXPECT_EQ(of(ranked, 0).tied_with, std::vector<std::size_t>{1});
  EXPECT_EQ(of(ranked, 1).tied_with, std::vector<std::size_t>{0});
}

TEST(Aggregate, DisagreementIsSpreadAboveTheThreshold) {
  // Spreads: P0 2.0 (4 vs 2), P1 1.5 (4.5 vs 3), P2 0 (one review).
  const std::vector<ScoredReview> reviews = {
      {0, 1, 4.0, {}}, {0, 2, 2.0, {}}, {0, 3, 3.0, {}},
      {1, 1, 3.0, {}}, {1, 2, 4.5, {}}, {2, 3, 5.0, {}},
  };
  auto flags = [&](double threshold) {
    const auto ranked = rank_proposals(3, 0, reviews, threshold);
    return std::vector<bool>{of(ranked, 0).disagreement, of(ranked, 1).disagreement,
                             of(ranked, 2).disagreement};
  };
  const auto ranked = rank_proposals(3, 0, reviews, 1.0);
  EXPECT_NEAR(of(ranked, 0).spread, 2.0, 1e-12);
  EXPECT_NEAR(of(ranked, 1).spread, 1.5, 1e-12);
  EXPECT_NEAR(of(ranked, 2).spread, 0.0, 1e-12);
  EXPECT_EQ(flags(1.0), (std::vector<bool>{true, true, false}));
  EXPECT_EQ(flags(1.5), (std::vector<bool>{true, false, false}));  // equal is not above
  EXPECT_EQ(flags(1.99), (std::vector<bool>{true, false, false}));
  EXPECT_EQ(flags(2.0), (std::vector<bool>{false, false, false}));
  EXPECT_EQ(flags(0.0), (std::vector<bool>{true, true, false}));
}

TEST(Aggregate, PerCriterionMeans) {
  const std::vector<ScoredReview> reviews = {
      {0, 1, 3.0, {1, 5, 3}},
      {0, 2, 4.0, {2, 4, 4}},
      {0, 3, 2.0, {3, 3, 2}},
      {1, 1, 5.0, {5, 5, 5}},
  };
  const auto ranked = rank_proposals(2, 3, reviews, 10);
  const auto& p0 = of(ranked, 0);
  ASSERT_EQ(p0.criteria.size(), 3u);
  EXPECT_NEAR(p0.criteria[0], 2.0, 1e-12);
  EXPECT_NEAR(p0.criteria[1], 4.0, 1e-12);
  EXPECT_NEAR(p0.criteria[2], 3.0, 1e-12);
  EXPECT_NEAR(p0.raw, 3.0, 1e-12);
  const auto& p1 = of(ranked, 1);
  EXPECT_EQ(p1.criteria, (std::vector<double>{5, 5, 5}));
}

}  // namespace
}  // namespace yigong::review
