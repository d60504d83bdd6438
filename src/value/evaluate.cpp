// Cohort trace with explicit counting and discounting; decision tree roll-back; outcome tables.
#include "value/evaluate.hpp"

#include <array>
#include <cmath>
#include <string>

namespace yigong::value {

namespace {

Error bad_value(const std::string& what, double v, const std::string& path, int cycle) {
  std::string msg = what + " (" + std::to_string(v) + ")";
  if (cycle > 0) msg += " in cycle " + std::to_string(cycle);
  return Error::unprocessable(msg, path);
}

Result<double> probability(const Expr& e, const EvalContext& ctx, const std::string& path,
                           int cycle) {
  double p = e.eval(ctx);
  if (!(p >= -kProbabilityTolerance && p <= 1 + kProbabilityTolerance))
    return fail(bad_value("probability outside [0, 1]", p, path, cycle));
  return p;
}

// Weight of trace row t (0…n) in the row-based counting schemes.
double row_weight(Counting c, int t, int n) {
  if (c == Counting::kSimpson) {
    if (t == 0 || t == n) return 1.0 / 3.0;
    return t % 2 == 0 ? 4.0 / 3.0 : 2.0 / 3.0;
  }
  return (t == 0 || t == n) ? 0.5 : 1.0;
}

// cost plus at most 16 effects (load_model enforces it).
constexpr std::size_t kMaxRewards = 17;

bool row_based(Counting c) {
  return c == Counting::kHalfCycle || c == Counting::kTrapezoid || c == Counting::kSimpson;
}

}  // namespace

Evaluator::Evaluator(const Model& model) : m_(model) {
  slots_.assign(m_.slot_names.size(), 0.0);
  ctx_.tables = &m_.tables;
  std::size_t n = m_.markov.states.size();
  p_.assign(n * n, 0.0);
  cur_.assign(n, 0.0);
  next_.assign(n, 0.0);
  rew_.assign(m_.rewards.size() * n, 0.0);
  trew_.assign(m_.markov.transition_rewards.size(), 0.0);
}

Result<void> Evaluator::run(int s, const double* sampled, double* out) {
  const Strategy& st = m_.strategies[static_cast<std::size_t>(s)];
  ctx_.slots = slots_.data();
  ctx_.cycle = 0;
  ctx_.age = m_.markov.start_age;
  ctx_.time = 0;
  if (m_.kind == Model::Kind::kMarkov) ctx_.cycle = 1;  // time-independent values see cycle 1
  for (const Step& step : st.steps) {
    if (step.sampled && sampled) {
      slots_[static_cast<std::size_t>(step.slot)] = sampled[step.slot];
    } else if (!step.time_dependent) {
      slots_[static_cast<std::size_t>(step.slot)] = step.expr.eval(ctx_);
    }
  }
  std::size_t nr = m_.rewards.size();
  for (std::size_t r = 0; r < nr; ++r) out[r] = 0;
  switch (m_.kind) {
    case Model::Kind::kMarkov:
      YG_TRY(markov(st, out));
      break;
    case Model::Kind::kTree:
      YG_TRY(tree(out, s));
      break;
    case Model::Kind::kOutcomes:
      for (std::size_t r = 0; r < nr; ++r)
        out[r] = m_.outcomes.values[static_cast<std::size_t>(s)][r].eval(ctx_);
      break;
  }
  for (std::size_t r = 0; r < nr; ++r)
    if (!std::isfinite(out[r]))
      return fail(Error::unprocessable("result '" + m_.rewards[r] + "' of strategy '" + st.name +
                                           "' is not finite (check divisions and logs)",
                                       "model"));
  return ok();
}

Result<void> Evaluator::build_matrix(const Strategy& st, bool first, int cycle) {
  const MarkovModel& mm = m_.markov;
  std::size_t n = mm.states.size();
  auto time_dep = [&](const Expr& e) {
    if (e.uses_time()) return true;
    for (int d : e.slot_deps())
      if (st.slot_time[static_cast<std::size_t>(d)]) return true;
    return false;
  };
  for (std::size_t i = 0; i < n; ++i) {
    const MarkovModel::Row& row = mm.rows[i];
    bool dirty = first;
    if (!dirty)
      for (const auto& e : row.entries) dirty = dirty || time_dep(e.p);
    if (!dirty) continue;
    double* pr = &p_[i * n];
    for (std::size_t j = 0; j < n; ++j) pr[j] = 0;
    double sum = 0;
    for (const auto& e : row.entries) {
      auto p = probability(e.p, ctx_, e.path, cycle);
      if (!p) return fail(p.error());
      pr[e.to] += *p;
      sum += *p;
    }
    if (row.complement >= 0) {
      double c = 1 - sum;
      if (c < -kProbabilityTolerance)
        return fail(bad_value("probabilities of the row sum above 1", sum, row.path, cycle));
      pr[row.complement] += c;
    } else if (row.entries.empty()) {
      pr[i] = 1;  // no row given: absorbing
    } else if (std::abs(sum - 1) > kProbabilityTolerance) {
      return fail(bad_value("row does not sum to 1", sum, row.path, cycle));
    }
  }
  return ok();
}

Result<void> Evaluator::markov(const Strategy& st, double* out) {
  const MarkovModel& mm = m_.markov;
  const std::size_t n = mm.states.size(), nr = m_.rewards.size();
  const int N = mm.cycles;
  const double L = mm.cycle_length;
  double* cur = cur_.data();
  double* next = next_.data();
  for (std::size_t i = 0; i < n; ++i) {
    cur[i] = mm.initial[i].eval(ctx_);
    if (!(cur[i] >= 0) || !std::isfinite(cur[i]))
      return fail(
          bad_value("initial share must be >= 0", cur[i], "model.initial." + mm.states[i], 0));
  }
  bool any_time = mm.reads_time;
  for (const Step& s : st.steps) any_time = any_time || s.time_dependent;
  const bool rows = row_based(mm.counting);
  const int offset = mm.discount_from_zero ? 1 : 0;
  // Totals and discount factors live in locals: `out` could alias the workspace, which would
  // force a store and reload per addition in the hot loop.
  std::array<double, kMaxRewards> acc{}, disc_step{}, disc_cycle{}, disc_row{};
  for (std::size_t r = 0; r < nr; ++r) {
    disc_step[r] = std::pow(1 + mm.discount[r], -L);
    disc_cycle[r] = std::pow(1 + mm.discount[r], -L * (1 - offset));  // cycle k = 1
    disc_row[r] = std::pow(1 + mm.discount[r], L * offset);           // row t = 0
  }
  const double wb = mm.counting == Counting::kBeginning ? 1.0
                    : mm.counting == Counting::kEnd     ? 0.0
                                                        : 0.5;
  const double we = 1.0 - wb;
  const double* P = p_.data();
  const double* rew = rew_.data();
  auto add_row = [&](const double* m, int t) {
    double w = row_weight(mm.counting, t, N);
    if (t == 0 && !mm.reward_initial) w = 0;
    for (std::size_t r = 0; r < nr; ++r) {
      double a = 0;
      for (std::size_t i = 0; i < n; ++i) a += m[i] * rew[r * n + i];
      acc[r] += a * w * L * disc_row[r];
    }
  };
  for (int k = 1; k <= N; ++k) {
    ctx_.cycle = k;
    ctx_.time = (k - 1) * L;
    ctx_.age = mm.start_age + ctx_.time;
    if (k == 1 || any_time) {
      if (any_time)
        for (const Step& s : st.steps)
          if (s.time_dependent) slots_[static_cast<std::size_t>(s.slot)] = s.expr.eval(ctx_);
      YG_TRY(build_matrix(st, k == 1, k));
      for (std::size_t r = 0; r < nr; ++r)
        for (std::size_t i = 0; i < n; ++i) rew_[r * n + i] = mm.state_rewards[r][i].eval(ctx_);
      for (std::size_t t = 0; t < mm.transition_rewards.size(); ++t)
        trew_[t] = mm.transition_rewards[t].value.eval(ctx_);
    }
    // next = cur · P, one register accumulator per column (a store per term would serialise
    // on store forwarding); terms are added in row order as in the textbook product.
    for (std::size_t j = 0; j < n; ++j) {
      double a = 0;
      for (std::size_t i = 0; i < n; ++i) a += cur[i] * P[i * n + j];
      next[j] = a;
    }
    if (rows) {
      add_row(cur, k - 1);
    } else {
      const double b = (k == 1 && !mm.reward_initial) ? 0.0 : wb;
      for (std::size_t r = 0; r < nr; ++r) {
        double a = 0;
        for (std::size_t i = 0; i < n; ++i) a += (b * cur[i] + we * next[i]) * rew[r * n + i];
        acc[r] += a * L * disc_cycle[r];
      }
    }
    // One-off rewards on the share moving i → j during cycle k, discounted as cycle k.
    for (std::size_t t = 0; t < mm.transition_rewards.size(); ++t) {
      const auto& tr = mm.transition_rewards[t];
      double flow = 0;
      for (std::size_t i = 0; i < n; ++i) {
        if (tr.from >= 0 && static_cast<std::size_t>(tr.from) != i) continue;
        for (std::size_t j = 0; j < n; ++j) {
          if (tr.to >= 0 && static_cast<std::size_t>(tr.to) != j) continue;
          if (i == j && (tr.from < 0 || tr.to < 0)) continue;  // wildcards never mean staying
          flow += cur[i] * P[i * n + j];
        }
      }
      auto r = static_cast<std::size_t>(tr.reward);
      acc[r] += flow * trew_[t] * std::pow(1 + mm.discount[r], -L * (k - offset));
    }
    for (std::size_t r = 0; r < nr; ++r) {
      disc_cycle[r] *= disc_step[r];
      disc_row[r] *= disc_step[r];
    }
    std::swap(cur, next);
  }
  if (rows) add_row(cur, N);
  for (std::size_t r = 0; r < nr; ++r) out[r] = acc[r];
  return ok();
}

Result<double> Evaluator::node_value(int node, int nr, std::vector<double>& acc, double prob,
                                     int depth) {
  const TreeModel::Node& nd = m_.tree.nodes[static_cast<std::size_t>(node)];
  for (int r = 0; r < nr; ++r)
    acc[static_cast<std::size_t>(r)] += prob * nd.rewards[static_cast<std::size_t>(r)].eval(ctx_);
  if (nd.kind == TreeModel::Node::Kind::kTerminal) return 0.0;
  double sum = 0;
  const TreeModel::Branch* comp = nullptr;
  std::vector<double> ps(nd.branches.size(), 0.0);
  for (std::size_t b = 0; b < nd.branches.size(); ++b) {
    const auto& br = nd.branches[b];
    if (br.complement) {
      comp = &br;
      continue;
    }
    auto p = probability(br.p, ctx_, br.path + ".p", 0);
    if (!p) return fail(p.error());
    ps[b] = *p;
    sum += *p;
  }
  if (comp) {
    if (sum > 1 + kProbabilityTolerance)
      return fail(bad_value("branch probabilities sum above 1", sum, nd.path, 0));
    for (std::size_t b = 0; b < nd.branches.size(); ++b)
      if (nd.branches[b].complement) ps[b] = 1 - sum;
  } else if (std::abs(sum - 1) > kProbabilityTolerance) {
    return fail(bad_value("branch probabilities do not sum to 1", sum, nd.path, 0));
  }
  for (std::size_t b = 0; b < nd.branches.size(); ++b) {
    const auto& br = nd.branches[b];
    double pb = prob * ps[b];
    for (int r = 0; r < nr; ++r)
      acc[static_cast<std::size_t>(r)] += pb * br.rewards[static_cast<std::size_t>(r)].eval(ctx_);
    if (br.child >= 0) YG_TRY(node_value(br.child, nr, acc, pb, depth + 1));
  }
  return 0.0;
}

Result<void> Evaluator::tree(double* out, int strategy) {
  int nr = static_cast<int>(m_.rewards.size());
  std::vector<double> acc(static_cast<std::size_t>(nr), 0.0);
  if (m_.tree.root_is_decision) {
    const auto& br = m_.tree.nodes[0].branches[static_cast<std::size_t>(strategy)];
    for (int r = 0; r < nr; ++r)
      acc[static_cast<std::size_t>(r)] += br.rewards[static_cast<std::size_t>(r)].eval(ctx_);
    if (br.child >= 0) {
      auto v = node_value(br.child, nr, acc, 1.0, 1);
      if (!v) return fail(v.error());
    }
  } else {
    auto v = node_value(0, nr, acc, 1.0, 0);
    if (!v) return fail(v.error());
  }
  for (int r = 0; r < nr; ++r) out[r] = acc[static_cast<std::size_t>(r)];
  return ok();
}

}  // namespace yigong::value
