// load_model: the top level of a spec — rewards, strategies, model kind, analysis settings.
#include <cmath>

#include "value/detail/loader.hpp"

namespace yigong::value {

using nlohmann::json;

int Model::reward_index(std::string_view n) const {
  for (std::size_t i = 0; i < rewards.size(); ++i)
    if (rewards[i] == n) return static_cast<int>(i);
  return -1;
}

namespace detail {
namespace {

// Collects reward names: "cost" first, then the spec's "effects" list (default qaly, ly).
Result<void> load_rewards(Loader& ld, const json& spec) {
  ld.model.rewards = {"cost"};
  if (!spec.contains("effects")) {
    ld.model.rewards.push_back("qaly");
    ld.model.rewards.push_back("ly");
    return ok();
  }
  const json& e = spec["effects"];
  if (!e.is_array() || e.empty() || e.size() > 16)
    return fail(Error::invalid("must be a list of 1 to 16 effect names", "effects"));
  for (std::size_t i = 0; i < e.size(); ++i) {
    std::string p = "effects[" + std::to_string(i) + "]";
    if (!e[i].is_string() || e[i].get<std::string>().empty() || e[i] == "cost")
      return fail(Error::invalid("must be an effect name other than 'cost'", p));
    if (ld.model.reward_index(e[i].get<std::string>()) >= 0)
      return fail(Error::invalid("duplicate effect", p));
    ld.model.rewards.push_back(e[i].get<std::string>());
  }
  return ok();
}

Result<double> number_in(const json& obj, const char* key, const std::string& path, double dflt,
                         double lo, double hi) {
  if (!obj.is_object() || !obj.contains(key)) return dflt;
  const json& v = obj.at(key);
  std::string f = path + "." + key;
  if (!v.is_number()) return fail(Error::invalid("must be a number", f));
  double d = v.get<double>();
  if (!(d >= lo && d <= hi))
    return fail(
        Error::invalid("must be between " + std::to_string(lo) + " and " + std::to_string(hi), f));
  return d;
}

Result<void> load_analysis(Loader& ld, const json& spec) {
  AnalysisSettings& a = ld.model.analysis;
  a.effect = ld.model.reward_index("qaly") >= 0 ? ld.model.reward_index("qaly") : 1;
  if (!spec.contains("analysis")) return ok();
  const json& j = spec["analysis"];
  if (!j.is_object()) return fail(Error::invalid("must be an object", "analysis"));
  if (j.contains("effect")) {
    int e = j["effect"].is_string() ? ld.model.reward_index(j["effect"].get<std::string>()) : -1;
    if (e < 1) return fail(Error::invalid("unknown effect", "analysis.effect"));
    a.effect = e;
  }
  auto get = [&](const char* k, double d, double lo, double hi) {
    return number_in(j, k, "analysis", d, lo, hi);
  };
  auto wtp = get("wtp", a.wtp, 0, 1e12);
  if (!wtp) return fail(wtp.error());
  a.wtp = *wtp;
  if (j.contains("psa")) {
    const json& p = j["psa"];
    auto draws = number_in(p, "draws", "analysis.psa", 0, 0, static_cast<double>(kMaxDraws));
    if (!draws) return fail(draws.error());
    auto seed = number_in(p, "seed", "analysis.psa", 1, 0, 9007199254740992.0);
    if (!seed) return fail(seed.error());
    a.draws = static_cast<std::int64_t>(*draws);
    a.seed = static_cast<std::uint64_t>(*seed);
  }
  if (j.contains("wtp_grid")) {
    const json& g = j["wtp_grid"];
    auto lo = number_in(g, "min", "analysis.wtp_grid", 0, 0, 1e12);
    auto hi = number_in(g, "max", "analysis.wtp_grid", 100000, 0, 1e12);
    auto st = number_in(g, "step", "analysis.wtp_grid", 1000, 1e-9, 1e12);
    if (!lo || !hi || !st) return fail(!lo ? lo.error() : !hi ? hi.error() : st.error());
    if (*hi < *lo || (*hi - *lo) / *st > 100000)
      return fail(Error::invalid("grid must have min <= max and at most 100000 points",
                                 "analysis.wtp_grid"));
    a.wtp_min = *lo;
    a.wtp_max = *hi;
    a.wtp_step = *st;
  }
  if (j.contains("population")) {
    const json& g = j["population"];
    auto n = number_in(g, "annual", "analysis.population", 0, 0, 1e12);
    auto y = number_in(g, "years", "analysis.population", 1, 0, 1000);
    auto d = number_in(g, "discount", "analysis.population", 0, 0, 1);
    if (!n || !y || !d) return fail(!n ? n.error() : !y ? y.error() : d.error());
    a.population = *n;
    a.horizon_years = *y;
    a.population_discount = *d;
  }
  return ok();
}

Result<void> load_strategies(Loader& ld, const json& spec) {
  if (!spec.contains("strategies") || !spec["strategies"].is_array() || spec["strategies"].empty())
    return fail(Error::invalid("needs a non-empty list of strategies", "strategies"));
  const json& ss = spec["strategies"];
  if (ss.size() > static_cast<std::size_t>(kMaxStrategies))
    return fail(Error::invalid("too many strategies", "strategies"));
  for (std::size_t i = 0; i < ss.size(); ++i) {
    std::string path = "strategies[" + std::to_string(i) + "]";
    const json& s = ss[i];
    if (!s.is_object() || !s.contains("name") || !s["name"].is_string())
      return fail(Error::invalid("needs a 'name'", path + ".name"));
    std::string name = s["name"].get<std::string>();
    for (const auto& other : ld.model.strategies)
      if (other.name == name)
        return fail(Error::invalid("duplicate strategy name", path + ".name"));
    auto st = build_strategy(ld, name, s.contains("overrides") ? &s["overrides"] : nullptr, path);
    if (!st) return fail(st.error());
    ld.model.strategies.push_back(std::move(*st));
  }
  return ok();
}

}  // namespace

Result<void> load_outcomes(Loader& ld, const json& m) {
  if (!m.contains("values") || !m["values"].is_object())
    return fail(Error::invalid("needs 'values': {strategy: {cost, effect…}}", "model.values"));
  for (const auto& st : ld.model.strategies) {
    std::string path = "model.values." + st.name;
    if (!m["values"].contains(st.name)) return fail(Error::invalid("missing strategy", path));
    const json& v = m["values"][st.name];
    std::vector<Expr> row;
    for (const auto& r : ld.model.rewards) {
      auto e = ld.expr_or(v, r.c_str(), path, 0);
      if (!e) return fail(e.error());
      row.push_back(std::move(*e));
    }
    ld.model.outcomes.values.push_back(std::move(row));
  }
  return ok();
}

}  // namespace detail

namespace {
Result<Model> load(const json& spec);
}  // namespace

Result<Model> load_model(const json& spec) {
  // The loaders check every type before reading it; this catch is the safety net that keeps a
  // missed check a clean error instead of an exception escaping a caller's request.
  try {
    return load(spec);
  } catch (const json::exception& e) {
    return fail(Error::invalid(std::string("malformed model spec: ") + e.what()));
  }
}

namespace {
Result<Model> load(const json& spec) {
  if (!spec.is_object()) return fail(Error::invalid("a model spec must be a JSON object"));
  detail::Loader ld;
  if (spec.contains("name") && spec["name"].is_string()) ld.model.name = spec["name"];
  YG_TRY(detail::load_rewards(ld, spec));
  YG_TRY(detail::load_parameters(ld, spec));
  if (!spec.contains("model") || !spec["model"].is_object())
    return fail(Error::invalid("needs a 'model' object", "model"));
  const json& m = spec["model"];
  std::string type = detail::string_at(m, "type");
  if (type == "tree") {
    ld.model.kind = Model::Kind::kTree;
    YG_TRY(detail::load_tree(ld, m, spec));
  } else {
    YG_TRY(detail::load_strategies(ld, spec));
    if (type == "markov") {
      ld.model.kind = Model::Kind::kMarkov;
      YG_TRY(detail::load_markov(ld, m));
    } else if (type == "outcomes") {
      ld.model.kind = Model::Kind::kOutcomes;
      YG_TRY(detail::load_outcomes(ld, m));
    } else {
      return fail(Error::invalid("unknown model type '" + type + "' (markov, tree, outcomes)",
                                 "model.type"));
    }
  }
  YG_TRY(detail::load_analysis(ld, spec));
  return std::move(ld.model);
}

}  // namespace

}  // namespace yigong::value
