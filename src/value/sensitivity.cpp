// One-way sensitivity and threshold analysis by re-running the base case with fixed values.
#include "value/sensitivity.hpp"

#include <algorithm>
#include <cmath>

#include "value/analysis.hpp"

namespace yigong::value {

namespace {

Result<int> strategy_index(const Model& m, const std::string& name, const char* field) {
  for (std::size_t s = 0; s < m.strategies.size(); ++s)
    if (m.strategies[s].name == name) return static_cast<int>(s);
  return fail(Error::invalid("unknown strategy '" + name + "'", field));
}

Result<int> slot_index(const Model& m, const std::string& name, const std::string& field) {
  for (std::size_t i = 0; i < m.slot_names.size(); ++i)
    if (m.slot_names[i] == name) return static_cast<int>(i);
  return fail(Error::invalid("unknown parameter '" + name + "'", field));
}

struct Pair {
  double inmb, icer;
};

Result<Pair> compare(const Model& m, int slot, double v, int s, int c, double wtp) {
  auto b = run_base_case(m, {{slot, v}});
  if (!b) return fail(b.error());
  const auto& vs = b->strategies[static_cast<std::size_t>(s)].values;
  const auto& vc = b->strategies[static_cast<std::size_t>(c)].values;
  auto e = static_cast<std::size_t>(m.analysis.effect);
  double dc = vs[0] - vc[0], de = vs[e] - vc[e];
  return Pair{wtp * de - dc, dc / de};
}

}  // namespace

double OneWayRow::swing() const { return std::abs(inmb_high - inmb_low); }

Result<std::vector<OneWayRow>> one_way(const Model& model, const std::string& strategy,
                                       const std::string& comparator,
                                       const std::vector<OneWayRange>& ranges) {
  auto s = strategy_index(model, strategy, "strategy");
  if (!s) return fail(s.error());
  auto c = strategy_index(model, comparator, "comparator");
  if (!c) return fail(c.error());
  std::vector<OneWayRow> rows;
  for (std::size_t i = 0; i < ranges.size(); ++i) {
    const auto& r = ranges[i];
    auto slot = slot_index(model, r.parameter, "ranges[" + std::to_string(i) + "].parameter");
    if (!slot) return fail(slot.error());
    auto lo = compare(model, *slot, r.low, *s, *c, model.analysis.wtp);
    if (!lo) return fail(lo.error());
    auto hi = compare(model, *slot, r.high, *s, *c, model.analysis.wtp);
    if (!hi) return fail(hi.error());
    rows.push_back(OneWayRow{r.parameter, r.low, r.high, lo->inmb, hi->inmb, lo->icer, hi->icer});
  }
  std::stable_sort(rows.begin(), rows.end(),
                   [](const OneWayRow& a, const OneWayRow& b) { return a.swing() > b.swing(); });
  return rows;
}

Result<double> threshold(const Model& model, const std::string& parameter,
                         const std::string& strategy, const std::string& comparator, double wtp,
                         double lo, double hi) {
  auto s = strategy_index(model, strategy, "strategy");
  if (!s) return fail(s.error());
  auto c = strategy_index(model, comparator, "comparator");
  if (!c) return fail(c.error());
  auto slot = slot_index(model, parameter, "parameter");
  if (!slot) return fail(slot.error());
  auto f = [&](double v) -> Result<double> {
    auto p = compare(model, *slot, v, *s, *c, wtp);
    if (!p) return fail(p.error());
    return p->inmb;
  };
  auto flo = f(lo);
  if (!flo) return fail(flo.error());
  auto fhi = f(hi);
  if (!fhi) return fail(fhi.error());
  if (*flo == 0) return lo;
  if (*fhi == 0) return hi;
  if ((*flo > 0) == (*fhi > 0))
    return fail(Error::invalid("no threshold in [" + std::to_string(lo) + ", " +
                                   std::to_string(hi) +
                                   "]: the incremental net benefit has the "
                                   "same sign at both ends",
                               "parameter"));
  double a = lo, b = hi, fa = *flo;
  for (int it = 0; it < 200 && std::abs(b - a) > 1e-10 * std::max(1.0, std::abs(a)); ++it) {
    double mid = 0.5 * (a + b);
    auto fm = f(mid);
    if (!fm) return fail(fm.error());
    if ((*fm > 0) == (fa > 0)) {
      a = mid;
      fa = *fm;
    } else {
      b = mid;
    }
  }
  return 0.5 * (a + b);
}

}  // namespace yigong::value
