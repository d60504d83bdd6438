// Declarative reference runner: every tests/value/reference/*.json holds a spec and the published
// figures it must reproduce, with tolerances. Adding a case needs no C++.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iomanip>

#include "value/analysis.hpp"
#include "value/model.hpp"

namespace yigong::value {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::vector<std::string> reference_files() {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(YIGONG_VALUE_REFERENCE_DIR))
    if (e.path().extension() == ".json") out.push_back(e.path().string());
  std::sort(out.begin(), out.end());
  return out;
}

// Tolerance for a quantity: {"abs": x} or {"rel": x}; default relative 1e-6.
bool close(double got, double want, const json& tol) {
  if (tol.contains("abs")) return std::abs(got - want) <= tol["abs"].get<double>() + 1e-12;
  double rel = tol.value("rel", 1e-6);
  return std::abs(got - want) <= rel * std::abs(want) + 1e-12;
}

class Reference : public ::testing::TestWithParam<std::string> {};

TEST_P(Reference, ReproducesPublishedResults) {
  std::ifstream in(GetParam());
  json doc = json::parse(in);
  auto model = load_model(doc["spec"]);
  ASSERT_TRUE(model) << model.error().message << " at " << model.error().field;
  auto base = run_base_case(*model);
  ASSERT_TRUE(base) << base.error().message << " at " << base.error().field;
  const json& exp = doc["expected"];
  json tol = exp.value("tolerance", json::object());
  auto index_of = [&](const std::string& name) {
    for (std::size_t s = 0; s < base->strategies.size(); ++s)
      if (base->strategies[s].name == name) return static_cast<int>(s);
    return -1;
  };
  const json strategies = exp.value("strategies", json::object());
  for (const auto& [name, values] : strategies.items()) {
    int s = index_of(name);
    ASSERT_GE(s, 0) << "no strategy " << name;
    for (const auto& [reward, want] : values.items()) {
      int r = model->reward_index(reward);
      ASSERT_GE(r, 0) << "no reward " << reward;
      double got =
          base->strategies[static_cast<std::size_t>(s)].values[static_cast<std::size_t>(r)];
      EXPECT_TRUE(close(got, want.get<double>(), tol.value(reward, json::object())))
          << name << "." << reward << ": got " << std::setprecision(10) << got << ", published "
          << want;
    }
  }
  for (const auto& row : base->incremental) {
    if (exp.contains("status") && exp["status"].contains(row.name)) {
      EXPECT_EQ(dominance_name(row.status), exp["status"][row.name].get<std::string>()) << row.name;
    }
    if (exp.contains("icer") && exp["icer"].contains(row.name)) {
      EXPECT_TRUE(
          close(row.icer, exp["icer"][row.name].get<double>(), tol.value("icer", json::object())))
          << row.name << " ICER: got " << std::setprecision(10) << row.icer << ", published "
          << exp["icer"][row.name];
    }
    if (exp.contains("inc_effect") && exp["inc_effect"].contains(row.name)) {
      EXPECT_TRUE(close(row.inc_effect, exp["inc_effect"][row.name].get<double>(),
                        tol.value("inc_effect", json::object())))
          << row.name << " incremental effect: got " << std::setprecision(10) << row.inc_effect;
    }
    if (exp.contains("inc_cost") && exp["inc_cost"].contains(row.name)) {
      EXPECT_TRUE(close(row.inc_cost, exp["inc_cost"][row.name].get<double>(),
                        tol.value("inc_cost", json::object())))
          << row.name << " incremental cost: got " << std::setprecision(10) << row.inc_cost;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Value, Reference, ::testing::ValuesIn(reference_files()),
                         [](const auto& param_info) {
                           std::string n = fs::path(param_info.param).stem().string();
                           for (char& c : n)
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           return n;
                         });

}  // namespace
}  // namespace yigong::value
