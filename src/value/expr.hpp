// A small safe expression language over model parameters, compiled to stack code.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace yigong::value {

// Step-function lookup table (age → mortality): the value at the largest key <= x, clamped at
// both ends. Immutable.
struct Table {
  std::vector<double> keys;  // strictly increasing
  std::vector<double> values;
  double at(double x) const;
};

// Built-in time variables of cohort models; 0 in decision trees.
enum class Var : std::uint8_t { kCycle, kAge, kTime };

// What a name in an expression refers to. The compiler asks the resolver for every identifier.
struct Symbol {
  enum class Kind : std::uint8_t { kSlot, kVar, kTable } kind = Kind::kSlot;
  int index = 0;  // slot or table index
  Var var = Var::kCycle;
};
using Resolver = std::function<std::optional<Symbol>(std::string_view name)>;

// The values an expression reads while it runs.
struct EvalContext {
  const double* slots = nullptr;
  const std::vector<Table>* tables = nullptr;
  double cycle = 0, age = 0, time = 0;
};

// A compiled expression. Immutable and thread-safe.
//   Grammar: sum := product (('+'|'-') product)*; product := unary (('*'|'/') unary)*;
//   unary := '-' unary | power; power := atom ('^' unary)?  (so -2^2 = -4 and 2^3^2 = 2^9);
//   atom := number | name | name '(' args ')' | '(' sum ')'.
//   Functions: min, max (2+ args), exp, log, sqrt, abs, rate_to_prob(r, t) = 1 - exp(-r t),
//   prob_to_rate(p, t) = -log(1 - p) / t, lookup(table, x).
class Expr {
 public:
  // Errors: invalid (syntax, unknown name or function, wrong arity) with `field` = path.
  static Result<Expr> compile(std::string_view text, const Resolver& resolve,
                              const std::string& path);
  // A constant expression.
  static Expr constant(double v);

  double eval(const EvalContext& ctx) const;
  // Slots read by this expression (for dependency ordering).
  const std::vector<int>& slot_deps() const { return deps_; }
  bool uses_time() const { return uses_time_; }
  bool is_constant() const { return code_.size() == 1 && code_[0].op == Op::kConst; }
  const std::string& text() const { return text_; }

  enum class Op : std::uint8_t {
    kConst,
    kSlot,
    kVar,
    kAdd,
    kSub,
    kMul,
    kDiv,
    kPow,
    kNeg,
    kMin,
    kMax,
    kExp,
    kLog,
    kSqrt,
    kAbs,
    kRateToProb,
    kProbToRate,
    kLookup
  };
  struct Instr {
    Op op;
    std::uint8_t argc = 0;
    int index = 0;
    double value = 0;
  };

 private:
  friend class ExprParser;
  std::vector<Instr> code_;
  std::vector<int> deps_;
  bool uses_time_ = false;
  std::string text_;
};

}  // namespace yigong::value
