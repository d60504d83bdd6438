// Bad input: every mistake in a spec is an error naming its JSON path; nothing crashes.
#include <gtest/gtest.h>

#include "value/analysis.hpp"
#include "value/model.hpp"

namespace yigong::value {
namespace {

using nlohmann::json;

// A valid two-state Markov spec that each test breaks in one place.
json base_spec() {
  return json::parse(R"({
    "parameters": {"p": 0.1, "c": 100, "c_trt": 0,
                   "q": {"value": 0.2, "distribution": {"type": "beta", "alpha": 2, "beta": 8}}},
    "strategies": [{"name": "soc"}, {"name": "new", "overrides": {"c_trt": 50}}],
    "model": {"type": "markov", "states": ["Alive", "Dead"], "initial": {"Alive": 1},
              "transitions": {"Alive": {"Alive": "C", "Dead": "p"}},
              "state_rewards": {"cost": {"Alive": "c + c_trt"}, "qaly": {"Alive": 1}},
              "cycles": 10, "counting": "end", "discount_start": "t"}})");
}

// Expects load_model (or, if it loads, the base case) to fail at `field`.
void expect_error(const json& spec, const std::string& field, const std::string& words = "") {
  auto m = load_model(spec);
  Error e;
  if (m) {
    auto b = run_base_case(*m);
    ASSERT_FALSE(b) << "expected an error at " << field;
    e = b.error();
  } else {
    e = m.error();
  }
  EXPECT_EQ(e.field, field) << e.message;
  if (!words.empty()) {
    EXPECT_NE(e.message.find(words), std::string::npos) << e.message;
  }
}

TEST(BadInput, ValidBaseSpecRuns) {
  auto m = load_model(base_spec());
  ASSERT_TRUE(m) << m.error().message;
  EXPECT_TRUE(run_base_case(*m));
}

TEST(BadInput, RowNotSummingToOne) {
  json s = base_spec();
  s["model"]["transitions"]["Alive"] = {{"Alive", 0.8}, {"Dead", "p"}};
  expect_error(s, "model.transitions.Alive", "does not sum to 1");
  s["model"]["transitions"]["Alive"] = {{"Alive", "C"}, {"Dead", "p + 1"}};
  expect_error(s, "model.transitions.Alive.Dead", "outside [0, 1]");
}

TEST(BadInput, ProbabilityOutsideUnitIntervalInAStrategy) {
  json s = base_spec();
  s["strategies"][1]["overrides"]["p"] = -0.2;
  expect_error(s, "model.transitions.Alive.Dead", "outside [0, 1]");
  s = base_spec();
  s["model"]["transitions"]["Alive"]["Dead"] = "p * cycle";  // exceeds 1 from cycle 11 on
  s["model"]["cycles"] = 20;
  expect_error(s, "model.transitions.Alive.Dead", "in cycle 11");
}

TEST(BadInput, UnknownNames) {
  json s = base_spec();
  s["model"]["state_rewards"]["cost"]["Alive"] = "c + c_drug";
  expect_error(s, "model.state_rewards.cost.Alive", "unknown name 'c_drug'");
  s = base_spec();
  s["strategies"][1]["overrides"]["c_new"] = 5;
  expect_error(s, "strategies[1].overrides.c_new", "unknown parameter");
  s = base_spec();
  s["model"]["transitions"]["Alive"]["Sick"] = 0.1;
  expect_error(s, "model.transitions.Alive.Sick", "unknown state");
  s = base_spec();
  s["model"]["state_rewards"]["dalys"] = {{"Alive", 1}};
  expect_error(s, "model.state_rewards.dalys", "unknown reward");
  s = base_spec();
  s["parameters"]["x"] = "lookup(life, 3)";
  expect_error(s, "parameters.x", "unknown table");
}

TEST(BadInput, BadDistributionNamesItsPath) {
  json s = base_spec();
  s["parameters"]["q"]["distribution"]["alpha"] = -1;
  expect_error(s, "parameters.q.distribution.alpha");
}

TEST(BadInput, ConventionsAreRequiredNotDefaulted) {
  json s = base_spec();
  s["model"].erase("counting");
  expect_error(s, "model.counting", "no silent default");
  s = base_spec();
  s["model"]["counting"] = "middle";
  expect_error(s, "model.counting", "unknown counting");
  s = base_spec();
  s["model"]["discount_start"] = "t+1";
  expect_error(s, "model.discount_start");
}

TEST(BadInput, AbsurdSizes) {
  json s = base_spec();
  s["model"]["cycles"] = 1000000000;
  expect_error(s, "model.cycles");
  s = base_spec();
  s["analysis"] = {{"psa", {{"draws", 1e9}}}};
  expect_error(s, "analysis.psa.draws");
  s = base_spec();
  s["model"]["states"] = json::array();
  for (int i = 0; i < 5000; ++i) s["model"]["states"].push_back("s" + std::to_string(i));
  expect_error(s, "model.states", "too many states");
  s = base_spec();
  s["model"]["discount"] = {{"cost", 3}};
  expect_error(s, "model.discount.cost");
}

TEST(BadInput, MalformedShapes) {
  expect_error(json::array(), "");
  json s = base_spec();
  s["model"]["type"] = "spreadsheet";
  expect_error(s, "model.type");
  s = base_spec();
  s.erase("strategies");
  expect_error(s, "strategies");
  s = base_spec();
  s["strategies"][1]["name"] = "soc";
  expect_error(s, "strategies[1].name", "duplicate");
  s = base_spec();
  s["parameters"]["p"] = json::array({1, 2});
  expect_error(s, "parameters.p");
  s = base_spec();
  s["parameters"]["cycle"] = 3;
  expect_error(s, "parameters.cycle", "bad parameter name");
  s = base_spec();
  s["model"]["transitions"]["Alive"]["Dead"] = "C";
  expect_error(s, "model.transitions.Alive.Dead", "only one complement");
  s = base_spec();
  s["model"]["initial"]["Alive"] = -1;
  expect_error(s, "model.initial.Alive");
}

TEST(BadInput, NonFiniteResultsAreErrors) {
  json s = base_spec();
  s["parameters"]["c"] = "1 / 0";
  expect_error(s, "model", "not finite");
}

TEST(BadInput, TreeErrors) {
  json s = json::parse(R"({
    "strategies": [{"name": "x"}],
    "model": {"type": "tree", "root": {"type": "chance", "branches": [
      {"p": 0.5, "node": {"type": "terminal", "qaly": 1}},
      {"p": 0.6, "node": {"type": "terminal"}}]}}})");
  expect_error(s, "model.root", "do not sum to 1");
  s["model"]["root"]["branches"][1]["node"]["type"] = "leaf";
  expect_error(s, "model.root.branches[1].node.type", "unknown node type");
  json deep = {{"type", "terminal"}};
  for (int i = 0; i < 500; ++i)
    deep = {{"type", "chance"}, {"branches", json::array({{{"p", 1}, {"node", deep}}})}};
  s["model"]["root"] = deep;
  auto m = load_model(s);
  ASSERT_FALSE(m);
  EXPECT_NE(m.error().message.find("deeper than 200"), std::string::npos);
}

}  // namespace
}  // namespace yigong::value
