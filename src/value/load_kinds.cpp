// Loading the Markov cohort and decision tree model kinds.
#include <functional>

#include "value/detail/loader.hpp"

namespace yigong::value::detail {

namespace {
using nlohmann::json;

Result<int> state_index(const MarkovModel& mm, const std::string& name, const std::string& path) {
  if (name == "*") return -1;
  for (std::size_t i = 0; i < mm.states.size(); ++i)
    if (mm.states[i] == name) return static_cast<int>(i);
  return fail(Error::invalid("unknown state '" + name + "'", path));
}

Result<Counting> counting_of(const std::string& s) {
  if (s == "beginning") return Counting::kBeginning;
  if (s == "end") return Counting::kEnd;
  if (s == "life_table") return Counting::kLifeTable;
  if (s == "half_cycle") return Counting::kHalfCycle;
  if (s == "trapezoid") return Counting::kTrapezoid;
  if (s == "simpson") return Counting::kSimpson;
  return fail(Error::invalid(
      "unknown counting '" + s + "' (beginning, end, life_table, half_cycle, trapezoid, simpson)",
      "model.counting"));
}
}  // namespace

Result<void> load_markov(Loader& ld, const json& m) {
  MarkovModel& mm = ld.model.markov;
  if (!m.contains("states") || !m["states"].is_array() || m["states"].empty())
    return fail(Error::invalid("needs a non-empty list of states", "model.states"));
  if (m["states"].size() > static_cast<std::size_t>(kMaxStates))
    return fail(Error::invalid("too many states (at most " + std::to_string(kMaxStates) + ")",
                               "model.states"));
  for (std::size_t i = 0; i < m["states"].size(); ++i) {
    const json& s = m["states"][i];
    std::string p = "model.states[" + std::to_string(i) + "]";
    if (!s.is_string() || s.get<std::string>().empty() || s == "*")
      return fail(Error::invalid("must be a state name", p));
    if (state_index(mm, s, p)) return fail(Error::invalid("duplicate state", p));
    mm.states.push_back(s);
  }
  std::size_t n = mm.states.size();
  // Settings: every convention is explicit and required, because tools differ silently on them.
  for (const char* key : {"cycles", "counting", "discount_start"})
    if (!m.contains(key))
      return fail(Error::invalid(std::string("missing '") + key + "' (no silent default)",
                                 std::string("model.") + key));
  if (!m["cycles"].is_number_integer() || m["cycles"].get<std::int64_t>() < 1 ||
      m["cycles"].get<std::int64_t>() > kMaxCycles)
    return fail(Error::invalid("must be an integer from 1 to " + std::to_string(kMaxCycles),
                               "model.cycles"));
  mm.cycles = m["cycles"].get<int>();
  if (!m["counting"].is_string()) return fail(Error::invalid("must be a string", "model.counting"));
  auto c = counting_of(m["counting"].get<std::string>());
  if (!c) return fail(c.error());
  mm.counting = *c;
  if (m["discount_start"] == "t") {
    mm.discount_from_zero = false;
  } else if (m["discount_start"] == "t-1") {
    mm.discount_from_zero = true;
  } else {
    return fail(Error::invalid("must be \"t\" or \"t-1\"", "model.discount_start"));
  }
  if (m.contains("cycle_length")) {
    if (!m["cycle_length"].is_number() || !(m["cycle_length"].get<double>() > 0) ||
        m["cycle_length"].get<double>() > 100)
      return fail(Error::invalid("must be a number of years in (0, 100]", "model.cycle_length"));
    mm.cycle_length = m["cycle_length"].get<double>();
  }
  if (m.contains("start_age")) {
    if (!m["start_age"].is_number())
      return fail(Error::invalid("must be a number", "model.start_age"));
    mm.start_age = m["start_age"].get<double>();
  }
  if (m.contains("reward_initial")) {
    if (!m["reward_initial"].is_boolean())
      return fail(Error::invalid("must be true or false", "model.reward_initial"));
    mm.reward_initial = m["reward_initial"].get<bool>();
  }
  mm.discount.assign(ld.model.rewards.size(), 0.0);
  if (m.contains("discount")) {
    const json& d = m["discount"];
    if (!d.is_object()) return fail(Error::invalid("must be an object", "model.discount"));
    for (const auto& [r, v] : d.items()) {
      int ri = ld.model.reward_index(r);
      if (ri < 0) return fail(Error::invalid("unknown reward '" + r + "'", "model.discount." + r));
      if (!v.is_number() || v.get<double>() < 0 || v.get<double>() > 1)
        return fail(Error::invalid("must be an annual rate in [0, 1]", "model.discount." + r));
      mm.discount[static_cast<std::size_t>(ri)] = v.get<double>();
    }
  }
  // Initial distribution.
  if (!m.contains("initial") || !m["initial"].is_object())
    return fail(Error::invalid("needs 'initial': {state: share}", "model.initial"));
  mm.initial.assign(n, Expr::constant(0));
  for (const auto& [s, v] : m["initial"].items()) {
    std::string p = "model.initial." + s;
    auto i = state_index(mm, s, p);
    if (!i) return fail(i.error());
    if (*i < 0) return fail(Error::invalid("unknown state '*'", p));
    auto e = ld.expr(v, p);
    if (!e) return fail(e.error());
    mm.initial[static_cast<std::size_t>(*i)] = std::move(*e);
  }
  // Transitions: {from: {to: p or "C"}}; a state with no row is absorbing.
  mm.rows.resize(n);
  for (std::size_t i = 0; i < n; ++i) mm.rows[i].path = "model.transitions." + mm.states[i];
  if (!m.contains("transitions") || !m["transitions"].is_object())
    return fail(
        Error::invalid("needs 'transitions': {from: {to: probability}}", "model.transitions"));
  for (const auto& [from, row] : m["transitions"].items()) {
    std::string rp = "model.transitions." + from;
    auto fi = state_index(mm, from, rp);
    if (!fi) return fail(fi.error());
    if (*fi < 0 || !row.is_object())
      return fail(Error::invalid("must be an object {to: probability}", rp));
    MarkovModel::Row& r = mm.rows[static_cast<std::size_t>(*fi)];
    for (const auto& [to, p] : row.items()) {
      std::string ep = rp + "." + to;
      auto ti = state_index(mm, to, ep);
      if (!ti) return fail(ti.error());
      if (*ti < 0) return fail(Error::invalid("unknown state '*'", ep));
      if (p.is_string() && p == "C") {
        if (r.complement >= 0) return fail(Error::invalid("only one complement \"C\" per row", ep));
        r.complement = *ti;
        continue;
      }
      auto e = ld.expr(p, ep);
      if (!e) return fail(e.error());
      r.entries.push_back(MarkovModel::Entry{*ti, std::move(*e), ep});
    }
  }
  // State rewards: {reward: {state: value per year}}.
  mm.state_rewards.assign(ld.model.rewards.size(), std::vector<Expr>(n, Expr::constant(0)));
  if (m.contains("state_rewards")) {
    const json& sr = m["state_rewards"];
    if (!sr.is_object()) return fail(Error::invalid("must be an object", "model.state_rewards"));
    for (const auto& [r, byState] : sr.items()) {
      std::string p = "model.state_rewards." + r;
      int ri = ld.model.reward_index(r);
      if (ri < 0) return fail(Error::invalid("unknown reward '" + r + "'", p));
      if (!byState.is_object()) return fail(Error::invalid("must be {state: value}", p));
      // "*" first, so that named states override it whatever the key order.
      std::vector<std::pair<std::string, const json*>> items;
      if (byState.contains("*")) items.emplace_back("*", &byState["*"]);
      for (const auto& [s, v] : byState.items())
        if (s != "*") items.emplace_back(s, &v);
      for (const auto& [s, vp] : items) {
        const json& v = *vp;
        auto si = state_index(mm, s, p + "." + s);
        if (!si) return fail(si.error());
        auto e = ld.expr(v, p + "." + s);
        if (!e) return fail(e.error());
        if (*si < 0) {
          for (auto& x : mm.state_rewards[static_cast<std::size_t>(ri)]) x = *e;
        } else {
          mm.state_rewards[static_cast<std::size_t>(ri)][static_cast<std::size_t>(*si)] = *e;
        }
      }
    }
  }
  // Transition rewards: [{from, to, reward: value…}], one-off on the moving cohort share.
  if (m.contains("transition_rewards")) {
    const json& tr = m["transition_rewards"];
    if (!tr.is_array() || tr.size() > 100000)
      return fail(Error::invalid("must be a list", "model.transition_rewards"));
    for (std::size_t k = 0; k < tr.size(); ++k) {
      std::string p = "model.transition_rewards[" + std::to_string(k) + "]";
      const json& t = tr[k];
      if (!t.is_object() || !t.contains("from") || !t.contains("to") || !t["from"].is_string() ||
          !t["to"].is_string())
        return fail(Error::invalid("needs 'from' and 'to' state names (or \"*\")", p));
      auto fi = state_index(mm, t["from"], p + ".from");
      if (!fi) return fail(fi.error());
      auto ti = state_index(mm, t["to"], p + ".to");
      if (!ti) return fail(ti.error());
      for (const auto& [key, v] : t.items()) {
        if (key == "from" || key == "to") continue;
        int ri = ld.model.reward_index(key);
        if (ri < 0) return fail(Error::invalid("unknown reward '" + key + "'", p + "." + key));
        auto e = ld.expr(v, p + "." + key);
        if (!e) return fail(e.error());
        mm.transition_rewards.push_back({ri, *fi, *ti, std::move(*e)});
      }
    }
  }
  for (const auto& r : mm.rows)
    for (const auto& e : r.entries) mm.reads_time = mm.reads_time || e.p.uses_time();
  for (const auto& byState : mm.state_rewards)
    for (const auto& e : byState) mm.reads_time = mm.reads_time || e.uses_time();
  for (const auto& t : mm.transition_rewards) mm.reads_time = mm.reads_time || t.value.uses_time();
  return ok();
}

Result<void> load_tree(Loader& ld, const json& m, const json& spec) {
  TreeModel& tm = ld.model.tree;
  if (!m.contains("root")) return fail(Error::invalid("needs a 'root' node", "model.root"));
  std::function<Result<int>(const json&, const std::string&, int)> node =
      [&](const json& j, const std::string& path, int depth) -> Result<int> {
    if (depth > 200) return fail(Error::invalid("tree deeper than 200 levels", path));
    if (tm.nodes.size() >= static_cast<std::size_t>(kMaxTreeNodes))
      return fail(Error::invalid("too many tree nodes", path));
    if (!j.is_object()) return fail(Error::invalid("a node must be an object", path));
    std::string type = string_at(j, "type");
    int idx = static_cast<int>(tm.nodes.size());
    tm.nodes.emplace_back();
    TreeModel::Node nd;
    nd.path = path;
    for (const auto& r : ld.model.rewards) {
      auto e = ld.expr_or(j, r.c_str(), path, 0);
      if (!e) return fail(e.error());
      nd.rewards.push_back(std::move(*e));
    }
    if (type == "terminal") {
      nd.kind = TreeModel::Node::Kind::kTerminal;
    } else if (type == "chance" || type == "decision") {
      nd.kind =
          type == "chance" ? TreeModel::Node::Kind::kChance : TreeModel::Node::Kind::kDecision;
      if (nd.kind == TreeModel::Node::Kind::kDecision && depth > 0)
        return fail(Error::invalid("decision nodes are supported only at the root", path));
      if (!j.contains("branches") || !j["branches"].is_array() || j["branches"].empty())
        return fail(Error::invalid("needs a non-empty 'branches' list", path + ".branches"));
      bool has_c = false;
      for (std::size_t i = 0; i < j["branches"].size(); ++i) {
        const json& b = j["branches"][i];
        std::string bp = path + ".branches[" + std::to_string(i) + "]";
        if (!b.is_object()) return fail(Error::invalid("a branch must be an object", bp));
        TreeModel::Branch br;
        br.path = bp;
        br.label = string_at(b, "name");
        if (nd.kind == TreeModel::Node::Kind::kChance) {
          if (!b.contains("p")) return fail(Error::invalid("missing 'p'", bp + ".p"));
          if (b["p"].is_string() && b["p"] == "C") {
            if (has_c) return fail(Error::invalid("only one complement \"C\" per node", bp + ".p"));
            has_c = true;
            br.complement = true;
            br.p = Expr::constant(0);
          } else {
            auto e = ld.expr(b["p"], bp + ".p");
            if (!e) return fail(e.error());
            br.p = std::move(*e);
          }
        } else if (br.label.empty()) {
          return fail(
              Error::invalid("a decision branch needs a 'name' (the strategy)", bp + ".name"));
        }
        for (const auto& r : ld.model.rewards) {
          auto e = ld.expr_or(b, r.c_str(), bp, 0);
          if (!e) return fail(e.error());
          br.rewards.push_back(std::move(*e));
        }
        if (b.contains("node")) {
          auto c = node(b["node"], bp + ".node", depth + 1);
          if (!c) return fail(c.error());
          br.child = *c;
        }
        nd.branches.push_back(std::move(br));
      }
    } else {
      return fail(Error::invalid("unknown node type '" + type + "' (chance, decision, terminal)",
                                 path + ".type"));
    }
    tm.nodes[static_cast<std::size_t>(idx)] = std::move(nd);
    return idx;
  };
  auto root = node(m["root"], "model.root", 0);
  if (!root) return fail(root.error());
  tm.root_is_decision = tm.nodes[0].kind == TreeModel::Node::Kind::kDecision;
  const json* ss = spec.contains("strategies") ? &spec["strategies"] : nullptr;
  if (ss && (!ss->is_array() || ss->size() > static_cast<std::size_t>(kMaxStrategies)))
    return fail(Error::invalid("must be a list", "strategies"));
  if (!tm.root_is_decision) {
    if (!ss || ss->empty())
      return fail(Error::invalid("a tree without a root decision needs strategies", "strategies"));
    for (std::size_t i = 0; i < ss->size(); ++i) {
      std::string p = "strategies[" + std::to_string(i) + "]";
      const json& s = (*ss)[i];
      if (!s.is_object() || !s.contains("name") || !s["name"].is_string())
        return fail(Error::invalid("needs a 'name'", p + ".name"));
      auto st =
          build_strategy(ld, s["name"], s.contains("overrides") ? &s["overrides"] : nullptr, p);
      if (!st) return fail(st.error());
      ld.model.strategies.push_back(std::move(*st));
    }
    return ok();
  }
  // Root decision: its branches are the strategies; "strategies" entries may add overrides.
  for (const auto& br : tm.nodes[0].branches) {
    const json* over = nullptr;
    std::string p = "strategies";
    if (ss)
      for (std::size_t i = 0; i < ss->size(); ++i)
        if ((*ss)[i].is_object() && string_at((*ss)[i], "name") == br.label) {
          p = "strategies[" + std::to_string(i) + "]";
          if ((*ss)[i].contains("overrides")) over = &(*ss)[i]["overrides"];
        }
    for (const auto& other : ld.model.strategies)
      if (other.name == br.label)
        return fail(Error::invalid("duplicate strategy name", br.path + ".name"));
    auto st = build_strategy(ld, br.label, over, p);
    if (!st) return fail(st.error());
    ld.model.strategies.push_back(std::move(*st));
  }
  if (ss)
    for (std::size_t i = 0; i < ss->size(); ++i) {
      std::string nm = (*ss)[i].is_object() ? string_at((*ss)[i], "name") : "";
      bool found = false;
      for (const auto& st : ld.model.strategies) found = found || st.name == nm;
      if (!found)
        return fail(Error::invalid("no root decision branch named '" + nm + "'",
                                   "strategies[" + std::to_string(i) + "].name"));
    }
  return ok();
}

}  // namespace yigong::value::detail
