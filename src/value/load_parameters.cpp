// Loading parameters, tables and strategies: slots, base definitions, evaluation order, cycles.
#include <algorithm>
#include <cmath>
#include <functional>

#include "value/detail/loader.hpp"

namespace yigong::value::detail {

namespace {
using nlohmann::json;

bool valid_name(const std::string& s) {
  if (s.empty() || s.size() > 128) return false;
  if (!(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

bool reserved(std::string_view s) {
  return s == "cycle" || s == "age" || s == "time" || s == "lookup" || s == "C";
}
}  // namespace

Resolver Loader::resolver() const {
  return [this](std::string_view n) -> std::optional<Symbol> {
    if (n == "cycle") return Symbol{Symbol::Kind::kVar, 0, Var::kCycle};
    if (n == "age") return Symbol{Symbol::Kind::kVar, 0, Var::kAge};
    if (n == "time") return Symbol{Symbol::Kind::kVar, 0, Var::kTime};
    if (auto it = slot_of.find(n); it != slot_of.end())
      return Symbol{Symbol::Kind::kSlot, it->second, Var::kCycle};
    if (auto it = table_of.find(n); it != table_of.end())
      return Symbol{Symbol::Kind::kTable, it->second, Var::kCycle};
    return std::nullopt;
  };
}

Result<Expr> Loader::expr(const json& j, const std::string& path) const {
  if (j.is_number()) {
    double v = j.get<double>();
    if (!std::isfinite(v)) return fail(Error::invalid("must be finite", path));
    return Expr::constant(v);
  }
  if (j.is_string()) return Expr::compile(j.get<std::string>(), resolver(), path);
  return fail(Error::invalid("must be a number or an expression string", path));
}

Result<Expr> Loader::expr_or(const json& obj, const char* key, const std::string& path,
                             double dflt) const {
  if (!obj.is_object() || !obj.contains(key)) return Expr::constant(dflt);
  return expr(obj.at(key), path + "." + key);
}

static Result<void> load_tables(Loader& ld, const json& spec) {
  if (!spec.contains("tables")) return ok();
  const json& t = spec["tables"];
  if (!t.is_object()) return fail(Error::invalid("must be an object", "tables"));
  for (const auto& [name, def] : t.items()) {
    std::string path = "tables." + name;
    if (!valid_name(name) || reserved(name))
      return fail(Error::invalid("bad table name '" + name + "'", path));
    if (!def.is_object() || !def.contains("keys") || !def.contains("values") ||
        !def["keys"].is_array() || !def["values"].is_array())
      return fail(Error::invalid("a table needs 'keys' and 'values' arrays", path));
    Table tab;
    const json& k = def["keys"];
    const json& v = def["values"];
    if (k.size() != v.size() || k.empty() || k.size() > 100000)
      return fail(Error::invalid("'keys' and 'values' must have the same length (1…100000)",
                                 path + ".values"));
    for (std::size_t i = 0; i < k.size(); ++i) {
      std::string ki = path + ".keys[" + std::to_string(i) + "]";
      std::string vi = path + ".values[" + std::to_string(i) + "]";
      if (!k[i].is_number()) return fail(Error::invalid("must be a number", ki));
      if (!v[i].is_number()) return fail(Error::invalid("must be a number", vi));
      double kk = k[i].get<double>();
      if (i > 0 && !(kk > tab.keys.back()))
        return fail(Error::invalid("keys must be strictly increasing", ki));
      tab.keys.push_back(kk);
      tab.values.push_back(v[i].get<double>());
    }
    ld.table_of.emplace(name, static_cast<int>(ld.model.tables.size()));
    ld.model.tables.push_back(std::move(tab));
  }
  return ok();
}

Result<void> load_parameters(Loader& ld, const json& spec) {
  YG_TRY(load_tables(ld, spec));
  if (!spec.contains("parameters")) return ok();
  const json& ps = spec["parameters"];
  if (!ps.is_object()) return fail(Error::invalid("must be an object", "parameters"));
  if (ps.size() > static_cast<std::size_t>(kMaxParameters))
    return fail(Error::invalid("too many parameters", "parameters"));
  auto add_slot = [&](const std::string& name, const std::string& path) -> Result<int> {
    if (!valid_name(name) || reserved(name))
      return fail(Error::invalid("bad parameter name '" + name + "'", path));
    if (ld.slot_of.count(name) || ld.table_of.count(name))
      return fail(Error::invalid("duplicate name '" + name + "'", path));
    int s = static_cast<int>(ld.model.slot_names.size());
    ld.slot_of.emplace(name, s);
    ld.model.slot_names.push_back(name);
    ld.base.push_back(Expr::constant(0));
    ld.base_path.push_back(path);
    ld.is_sampled.push_back(false);
    return s;
  };
  // Pass 1: slots, so that definitions may refer to parameters in any order.
  for (const auto& [name, def] : ps.items()) {
    std::string path = "parameters." + name;
    const json* dist =
        def.is_object() && def.contains("distribution") ? &def["distribution"] : nullptr;
    if (dist && dist->is_object() && string_at(*dist, "type") == "dirichlet") {
      if (!def.contains("components") || !def["components"].is_array())
        return fail(
            Error::invalid("a dirichlet parameter needs 'components': the names of its "
                           "probabilities",
                           path + ".components"));
      for (std::size_t i = 0; i < def["components"].size(); ++i) {
        const json& c = def["components"][i];
        std::string cp = path + ".components[" + std::to_string(i) + "]";
        if (!c.is_string()) return fail(Error::invalid("must be a name", cp));
        auto s = add_slot(c.get<std::string>(), cp);
        if (!s) return fail(s.error());
      }
    } else {
      auto s = add_slot(name, path);
      if (!s) return fail(s.error());
    }
  }
  // Pass 2: definitions and distributions.
  for (const auto& [name, def] : ps.items()) {
    std::string path = "parameters." + name;
    if (def.is_number() || def.is_string()) {
      int s = ld.slot_of.find(name)->second;
      auto e = ld.expr(def, path);
      if (!e) return fail(e.error());
      ld.base[static_cast<std::size_t>(s)] = std::move(*e);
      continue;
    }
    if (!def.is_object())
      return fail(Error::invalid("must be a number, an expression or an object", path));
    for (const auto& [key, unused] : def.items()) {
      (void)unused;
      if (key != "value" && key != "distribution" && key != "components" && key != "description" &&
          key != "unit")
        return fail(Error::invalid("unknown key '" + key + "'", path + "." + key));
    }
    std::optional<Distribution> dist;
    if (def.contains("distribution")) {
      auto d = parse_distribution(def["distribution"], path + ".distribution");
      if (!d) return fail(d.error());
      dist = std::move(*d);
    }
    if (dist && dist->kind == Distribution::Kind::kDirichlet) {
      const json& comps = def["components"];
      if (comps.size() != dist->alpha.size())
        return fail(Error::invalid("needs one component per alpha", path + ".components"));
      Sampled smp{*dist, {}, path + ".distribution"};
      for (std::size_t i = 0; i < comps.size(); ++i) {
        int s = ld.slot_of.find(comps[i].get<std::string>())->second;
        ld.base[static_cast<std::size_t>(s)] = Expr::constant(dist->mean(i));
        ld.is_sampled[static_cast<std::size_t>(s)] = true;
        smp.slots.push_back(s);
      }
      ld.model.sampled.push_back(std::move(smp));
      continue;
    }
    int s = ld.slot_of.find(name)->second;
    if (def.contains("value")) {
      auto e = ld.expr(def["value"], path + ".value");
      if (!e) return fail(e.error());
      ld.base[static_cast<std::size_t>(s)] = std::move(*e);
    } else if (dist) {
      ld.base[static_cast<std::size_t>(s)] = Expr::constant(dist->mean());
    } else {
      return fail(Error::invalid("needs a 'value' or a 'distribution'", path));
    }
    if (dist) {
      ld.is_sampled[static_cast<std::size_t>(s)] = true;
      ld.model.sampled.push_back(Sampled{*dist, {s}, path + ".distribution"});
    }
  }
  return ok();
}

Result<Strategy> build_strategy(const Loader& ld, const std::string& name, const json* overrides,
                                const std::string& path) {
  std::size_t n = ld.base.size();
  std::vector<Expr> def = ld.base;
  std::vector<std::string> where = ld.base_path;
  std::vector<bool> over(n, false);
  if (overrides) {
    if (!overrides->is_object())
      return fail(Error::invalid("must be an object", path + ".overrides"));
    for (const auto& [pname, val] : overrides->items()) {
      std::string op = path + ".overrides." + pname;
      auto it = ld.slot_of.find(pname);
      if (it == ld.slot_of.end())
        return fail(Error::invalid("unknown parameter '" + pname + "'", op));
      auto e = ld.expr(val, op);
      if (!e) return fail(e.error());
      auto s = static_cast<std::size_t>(it->second);
      def[s] = std::move(*e);
      where[s] = op;
      over[s] = true;
    }
  }
  // Depth-first topological sort; a grey node met again closes a cycle.
  Strategy st;
  st.name = name;
  st.slot_time.assign(n, false);
  std::vector<std::uint8_t> color(n, 0);
  std::vector<int> stack;
  std::function<Result<void>(int)> visit = [&](int s) -> Result<void> {
    auto u = static_cast<std::size_t>(s);
    if (color[u] == 2) return ok();
    if (color[u] == 1) {
      std::string chain;
      auto from = std::find(stack.begin(), stack.end(), s);
      for (auto i = from; i != stack.end(); ++i)
        chain += ld.model.slot_names[static_cast<std::size_t>(*i)] + " -> ";
      chain += ld.model.slot_names[u];
      return fail(Error::invalid("cyclic definition: " + chain, where[u]));
    }
    color[u] = 1;
    stack.push_back(s);
    bool sampled = ld.is_sampled[u] && !over[u];
    bool time = def[u].uses_time();
    for (int d : def[u].slot_deps()) {
      YG_TRY(visit(d));
      time = time || st.slot_time[static_cast<std::size_t>(d)];
    }
    stack.pop_back();
    color[u] = 2;
    st.slot_time[u] = time && !sampled;
    st.steps.push_back(Step{s, def[u], st.slot_time[u], sampled});
    return ok();
  };
  for (std::size_t s = 0; s < n; ++s) YG_TRY(visit(static_cast<int>(s)));
  return st;
}

}  // namespace yigong::value::detail
