// Recursive-descent compiler and stack evaluator of the expression language.
#include "value/expr.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdlib>

namespace yigong::value {

namespace {
// The evaluator uses a fixed stack: expressions deeper than this are rejected at compile time,
// so evaluation can never overflow.
constexpr int kMaxStack = 64;
constexpr std::size_t kMaxLength = 10000;
}  // namespace

double Table::at(double x) const {
  if (keys.empty()) return 0;
  auto it = std::upper_bound(keys.begin(), keys.end(), x);
  if (it == keys.begin()) return values.front();
  return values[static_cast<std::size_t>(it - keys.begin()) - 1];
}

class ExprParser {
 public:
  ExprParser(std::string_view text, const Resolver& resolve, const std::string& path)
      : s_(text), resolve_(resolve), path_(path) {}

  Result<Expr> run() {
    if (s_.size() > kMaxLength) return fail(Error::invalid("expression too long", path_));
    YG_TRY(sum());
    skip_ws();
    if (pos_ != s_.size()) return error("unexpected '" + std::string(1, s_[pos_]) + "'");
    std::sort(out_.deps_.begin(), out_.deps_.end());
    out_.deps_.erase(std::unique(out_.deps_.begin(), out_.deps_.end()), out_.deps_.end());
    out_.text_ = std::string(s_);
    return std::move(out_);
  }

 private:
  using Op = Expr::Op;

  tl::unexpected<Error> error(const std::string& what) const {
    return fail(Error::invalid(
        "expression '" + std::string(s_) + "': " + what + " at column " + std::to_string(pos_ + 1),
        path_));
  }
  void skip_ws() {
    while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_]))) ++pos_;
  }
  bool eat(char c) {
    skip_ws();
    if (pos_ < s_.size() && s_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  Result<void> emit(Op op, int pops, int pushes = 1, int index = 0, double value = 0,
                    int argc = 0) {
    depth_ += pushes - pops;
    if (depth_ > kMaxStack) return error("expression nested too deeply");
    out_.code_.push_back(Expr::Instr{op, static_cast<std::uint8_t>(argc), index, value});
    return ok();
  }

  Result<void> sum() {
    YG_TRY(product());
    for (;;) {
      if (eat('+')) {
        YG_TRY(product());
        YG_TRY(emit(Op::kAdd, 2));
      } else if (eat('-')) {
        YG_TRY(product());
        YG_TRY(emit(Op::kSub, 2));
      } else {
        return ok();
      }
    }
  }
  Result<void> product() {
    YG_TRY(unary());
    for (;;) {
      if (eat('*')) {
        YG_TRY(unary());
        YG_TRY(emit(Op::kMul, 2));
      } else if (eat('/')) {
        YG_TRY(unary());
        YG_TRY(emit(Op::kDiv, 2));
      } else {
        return ok();
      }
    }
  }
  Result<void> unary() {
    if (++nesting_ > kMaxStack) return error("expression nested too deeply");
    Result<void> r;
    if (eat('-')) {
      r = unary();
      if (r) r = emit(Op::kNeg, 1);
    } else if (eat('+')) {
      r = unary();
    } else {
      r = power();
    }
    --nesting_;
    return r;
  }
  Result<void> power() {
    YG_TRY(atom());
    if (eat('^')) {
      YG_TRY(unary());  // right-associative, binds tighter than unary minus on its left
      YG_TRY(emit(Op::kPow, 2));
    }
    return ok();
  }
  Result<void> atom() {
    skip_ws();
    if (pos_ >= s_.size()) return error("unexpected end");
    char c = s_[pos_];
    if (std::isdigit(static_cast<unsigned char>(c)) || c == '.') return number();
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') return name();
    if (eat('(')) {
      if (++nesting_ > kMaxStack) return error("expression nested too deeply");
      YG_TRY(sum());
      --nesting_;
      if (!eat(')')) return error("expected ')'");
      return ok();
    }
    return error("unexpected '" + std::string(1, c) + "'");
  }
  Result<void> number() {
    std::string buf(s_.substr(pos_, std::min<std::size_t>(s_.size() - pos_, 64)));
    char* end = nullptr;
    double v = std::strtod(buf.c_str(), &end);
    if (end == buf.c_str()) return error("bad number");
    pos_ += static_cast<std::size_t>(end - buf.c_str());
    return emit(Op::kConst, 0, 1, 0, v);
  }
  std::string ident() {
    std::size_t b = pos_;
    while (pos_ < s_.size() &&
           (std::isalnum(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '_'))
      ++pos_;
    return std::string(s_.substr(b, pos_ - b));
  }
  Result<void> name() {
    std::size_t start = pos_;
    std::string id = ident();
    if (eat('(')) return call(id, start);
    auto sym = resolve_(id);
    if (!sym) {
      pos_ = start;
      return error("unknown name '" + id + "'");
    }
    if (sym->kind == Symbol::Kind::kTable) {
      pos_ = start;
      return error("table '" + id + "' used as a value; use lookup(" + id + ", x)");
    }
    if (sym->kind == Symbol::Kind::kVar) {
      out_.uses_time_ = true;
      return emit(Op::kVar, 0, 1, static_cast<int>(sym->var));
    }
    out_.deps_.push_back(sym->index);
    return emit(Op::kSlot, 0, 1, sym->index);
  }
  Result<void> call(const std::string& fn, std::size_t start) {
    struct Fn {
      const char* name;
      Op op;
      int min_args, max_args;
    };
    static constexpr std::array<Fn, 8> kFns{{{"min", Op::kMin, 2, 16},
                                             {"max", Op::kMax, 2, 16},
                                             {"exp", Op::kExp, 1, 1},
                                             {"log", Op::kLog, 1, 1},
                                             {"sqrt", Op::kSqrt, 1, 1},
                                             {"abs", Op::kAbs, 1, 1},
                                             {"rate_to_prob", Op::kRateToProb, 2, 2},
                                             {"prob_to_rate", Op::kProbToRate, 2, 2}}};
    if (fn == "lookup") {
      skip_ws();
      std::size_t tstart = pos_;
      std::string table = ident();
      auto sym = resolve_(table);
      if (!sym || sym->kind != Symbol::Kind::kTable) {
        pos_ = tstart;
        return error("unknown table '" + table + "'");
      }
      if (!eat(',')) return error("expected ',' after the table name");
      YG_TRY(sum());
      if (!eat(')')) return error("lookup takes (table, x)");
      return emit(Op::kLookup, 1, 1, sym->index);
    }
    const Fn* f = nullptr;
    for (const auto& k : kFns)
      if (fn == k.name) f = &k;
    if (!f) {
      pos_ = start;
      return error("unknown function '" + fn + "'");
    }
    int argc = 0;
    if (!eat(')')) {
      do {
        YG_TRY(sum());
        ++argc;
      } while (eat(','));
      if (!eat(')')) return error("expected ')'");
    }
    if (argc < f->min_args || argc > f->max_args)
      return error(fn + "() takes " + std::to_string(f->min_args) +
                   (f->max_args > f->min_args ? "+" : "") + " argument(s), got " +
                   std::to_string(argc));
    return emit(f->op, argc, 1, 0, 0, argc);
  }

  std::string_view s_;
  const Resolver& resolve_;
  const std::string& path_;
  std::size_t pos_ = 0;
  int depth_ = 0;
  int nesting_ = 0;
  Expr out_;
};

Result<Expr> Expr::compile(std::string_view text, const Resolver& resolve,
                           const std::string& path) {
  return ExprParser(text, resolve, path).run();
}

Expr Expr::constant(double v) {
  Expr e;
  e.code_.push_back(Instr{Op::kConst, 0, 0, v});
  return e;
}

double Expr::eval(const EvalContext& ctx) const {
  std::array<double, kMaxStack + 1> st;
  int sp = 0;  // number of values on the stack
  for (const Instr& in : code_) {
    switch (in.op) {
      case Op::kConst:
        st[sp++] = in.value;
        break;
      case Op::kSlot:
        st[sp++] = ctx.slots[in.index];
        break;
      case Op::kVar:
        st[sp++] = in.index == 0 ? ctx.cycle : in.index == 1 ? ctx.age : ctx.time;
        break;
      case Op::kAdd:
        --sp;
        st[sp - 1] += st[sp];
        break;
      case Op::kSub:
        --sp;
        st[sp - 1] -= st[sp];
        break;
      case Op::kMul:
        --sp;
        st[sp - 1] *= st[sp];
        break;
      case Op::kDiv:
        --sp;
        st[sp - 1] /= st[sp];
        break;
      case Op::kPow:
        --sp;
        st[sp - 1] = std::pow(st[sp - 1], st[sp]);
        break;
      case Op::kNeg:
        st[sp - 1] = -st[sp - 1];
        break;
      case Op::kMin:
      case Op::kMax: {
        double v = st[sp - in.argc];
        for (int i = sp - in.argc + 1; i < sp; ++i)
          v = in.op == Op::kMin ? std::min(v, st[i]) : std::max(v, st[i]);
        sp -= in.argc - 1;
        st[sp - 1] = v;
        break;
      }
      case Op::kExp:
        st[sp - 1] = std::exp(st[sp - 1]);
        break;
      case Op::kLog:
        st[sp - 1] = std::log(st[sp - 1]);
        break;
      case Op::kSqrt:
        st[sp - 1] = std::sqrt(st[sp - 1]);
        break;
      case Op::kAbs:
        st[sp - 1] = std::abs(st[sp - 1]);
        break;
      case Op::kRateToProb:
        --sp;
        st[sp - 1] = 1.0 - std::exp(-st[sp - 1] * st[sp]);
        break;
      case Op::kProbToRate:
        --sp;
        st[sp - 1] = -std::log(1.0 - st[sp - 1]) / st[sp];
        break;
      case Op::kLookup:
        st[sp - 1] = (*ctx.tables)[static_cast<std::size_t>(in.index)].at(st[sp - 1]);
        break;
    }
  }
  return st[0];
}

}  // namespace yigong::value
