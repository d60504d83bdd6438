// Expression language: precedence, functions, lookup tables, errors with paths, cycles.
#include "value/expr.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "value/model.hpp"

namespace yigong::value {
namespace {

class ExprTest : public ::testing::Test {
 protected:
  std::map<std::string, int, std::less<>> names{{"a", 0}, {"b", 1}};
  std::vector<double> slots{2.0, 3.0};
  std::vector<Table> tables{Table{{10, 20, 30}, {1.0, 2.0, 3.0}}};
  Resolver resolve = [this](std::string_view n) -> std::optional<Symbol> {
    if (n == "cycle") return Symbol{Symbol::Kind::kVar, 0, Var::kCycle};
    if (n == "mx") return Symbol{Symbol::Kind::kTable, 0, Var::kCycle};
    auto it = names.find(n);
    if (it == names.end()) return std::nullopt;
    return Symbol{Symbol::Kind::kSlot, it->second, Var::kCycle};
  };
  double eval(const std::string& text, double cycle = 0) {
    auto e = Expr::compile(text, resolve, "p");
    EXPECT_TRUE(e) << text << ": " << (e ? "" : e.error().message);
    if (!e) return NAN;
    EvalContext ctx{slots.data(), &tables, cycle, 0, 0};
    return e->eval(ctx);
  }
  Error error(const std::string& text) {
    auto e = Expr::compile(text, resolve, "parameters.x");
    EXPECT_FALSE(e) << text;
    return e ? Error{} : e.error();
  }
};

TEST_F(ExprTest, ArithmeticPrecedence) {
  EXPECT_DOUBLE_EQ(eval("1 + 2 * 3"), 7);
  EXPECT_DOUBLE_EQ(eval("(1 + 2) * 3"), 9);
  EXPECT_DOUBLE_EQ(eval("8 / 4 / 2"), 1);
  EXPECT_DOUBLE_EQ(eval("10 - 3 - 2"), 5);
  EXPECT_DOUBLE_EQ(eval("2 ^ 3 ^ 2"), 512);  // right-associative
  EXPECT_DOUBLE_EQ(eval("-2 ^ 2"), -4);      // power binds tighter than unary minus
  EXPECT_DOUBLE_EQ(eval("2 ^ -1"), 0.5);
  EXPECT_DOUBLE_EQ(eval("-a * b"), -6);
  EXPECT_DOUBLE_EQ(eval("1.5e2 + .5"), 150.5);
}

TEST_F(ExprTest, FunctionsAndVariables) {
  EXPECT_DOUBLE_EQ(eval("min(a, b, 1)"), 1);
  EXPECT_DOUBLE_EQ(eval("max(a, b)"), 3);
  EXPECT_DOUBLE_EQ(eval("exp(log(a))"), 2);
  EXPECT_DOUBLE_EQ(eval("sqrt(16) + abs(-1)"), 5);
  EXPECT_DOUBLE_EQ(eval("rate_to_prob(0.1, 2)"), 1 - std::exp(-0.2));
  EXPECT_NEAR(eval("prob_to_rate(rate_to_prob(0.3, 1), 1)"), 0.3, 1e-15);
  EXPECT_DOUBLE_EQ(eval("cycle * 2", 7), 14);
}

TEST_F(ExprTest, LookupIsAStepFunctionClampedAtBothEnds) {
  EXPECT_DOUBLE_EQ(eval("lookup(mx, 5)"), 1);
  EXPECT_DOUBLE_EQ(eval("lookup(mx, 10)"), 1);
  EXPECT_DOUBLE_EQ(eval("lookup(mx, 29.9)"), 2);
  EXPECT_DOUBLE_EQ(eval("lookup(mx, 30)"), 3);
  EXPECT_DOUBLE_EQ(eval("lookup(mx, 1000)"), 3);
}

TEST_F(ExprTest, TracksDependenciesAndTime) {
  auto e = Expr::compile("a + b * a + cycle", resolve, "p");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->slot_deps(), (std::vector<int>{0, 1}));
  EXPECT_TRUE(e->uses_time());
  auto c = Expr::compile("a", resolve, "p");
  EXPECT_FALSE(c->uses_time());
}

TEST_F(ExprTest, ErrorsNameThePathAndTheProblem) {
  Error e = error("a + zz");
  EXPECT_EQ(e.code, ErrorCode::invalid);
  EXPECT_EQ(e.field, "parameters.x");
  EXPECT_NE(e.message.find("unknown name 'zz'"), std::string::npos) << e.message;
  EXPECT_NE(error("foo(1)").message.find("unknown function 'foo'"), std::string::npos);
  EXPECT_NE(error("exp(1, 2)").message.find("exp() takes 1"), std::string::npos);
  EXPECT_NE(error("(1 + 2").message.find("expected ')'"), std::string::npos);
  EXPECT_NE(error("1 +").message.find("unexpected end"), std::string::npos);
  EXPECT_NE(error("1 2").message.find("unexpected '2'"), std::string::npos);
  EXPECT_NE(error("mx + 1").message.find("use lookup"), std::string::npos);
  EXPECT_NE(error("lookup(nope, 1)").message.find("unknown table"), std::string::npos);
  EXPECT_FALSE(Expr::compile("", resolve, "p"));
  EXPECT_FALSE(Expr::compile("a $ b", resolve, "p"));
}

TEST_F(ExprTest, DeepNestingIsRejectedNotCrashing) {
  std::string deep(10000, '(');
  deep += "1";
  deep += std::string(10000, ')');
  EXPECT_FALSE(Expr::compile(deep, resolve, "p"));
  std::string minus(5000, '-');
  EXPECT_FALSE(Expr::compile(minus + "1", resolve, "p"));
  std::string chain = "1";
  for (int i = 0; i < 2000; ++i) chain += " + 1";
  EXPECT_DOUBLE_EQ(eval(chain), 2001);  // long but flat stays fine
}

TEST(ExprModel, CyclicDefinitionsAreReportedWithTheChainAndPath) {
  auto spec = nlohmann::json::parse(R"({
    "parameters": {"a": "b + 1", "b": "c * 2", "c": "a", "d": 1},
    "strategies": [{"name": "s"}],
    "model": {"type": "outcomes", "values": {"s": {"cost": "d"}}}})");
  auto m = load_model(spec);
  ASSERT_FALSE(m);
  EXPECT_NE(m.error().message.find("cyclic definition: a -> b -> c -> a"), std::string::npos)
      << m.error().message;
  EXPECT_EQ(m.error().field, "parameters.a");
}

TEST(ExprModel, CycleThroughAStrategyOverrideNamesTheOverride) {
  auto spec = nlohmann::json::parse(R"({
    "parameters": {"a": 1, "b": "a + 1"},
    "strategies": [{"name": "s"}, {"name": "t", "overrides": {"a": "b"}}],
    "model": {"type": "outcomes", "values": {"s": {"cost": "a"}, "t": {"cost": "b"}}}})");
  auto m = load_model(spec);
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().field, "strategies[1].overrides.a");
}

}  // namespace
}  // namespace yigong::value
