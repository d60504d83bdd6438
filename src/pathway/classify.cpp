// Classification: validate the facts, derive the table's facts, apply every rule, take the highest
// class, and say which unknown facts could still raise it.
#include "pathway/classify.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "pathway/detail/json_read.hpp"
#include "pathway/detail/rule_table.hpp"

namespace yigong::pathway {
namespace {

using detail::Truth;

std::string label_of(const FactSpec* spec, const std::string& value) {
  if (!spec) return value;
  const Text* t = spec->value_label(value);
  return t ? value + " (" + t->zh + ")" : value;
}

// The values of an enumerated fact as a list (a single value becomes a list of one).
std::vector<std::string> values_of(const FactValue& v) {
  if (const auto* s = std::get_if<std::string>(&v)) return {*s};
  if (const auto* l = std::get_if<std::vector<std::string>>(&v)) return *l;
  return {};
}

// The highest cell of the grid over the device's row and column values. nullopt when every
// combination is "no such case".
struct Cell {
  int rank = 0;
  std::string row, col;
};

std::optional<Cell> best_cell(const Grid& g, const detail::FactMap& facts) {
  auto rows = values_of(facts.at(g.rows));
  std::vector<std::string> cols = {""};
  if (!g.cols.empty()) cols = values_of(facts.at(g.cols));
  std::optional<Cell> best;
  for (const auto& r : rows) {
    for (const auto& c : cols) {
      auto row = g.cells.find(r);
      if (row == g.cells.end()) continue;
      auto cell = row->second.find(c);
      if (cell == row->second.end() || !cell->second) continue;
      if (!best || *cell->second > best->rank) best = Cell{*cell->second, r, c};
    }
  }
  return best;
}

int highest_cell(const Grid& g) {
  int best = 0;
  for (const auto& [row, cols] : g.cells) {
    for (const auto& [col, cell] : cols) best = std::max(best, cell.value_or(0));
  }
  return best;
}

}  // namespace

Result<Classification> classify(const RuleTable& table, const DeviceFacts& facts) {
  const auto& t = table.impl();
  YG_TRY(t.schema->validate(facts));
  for (const auto& e : t.exclusions) {
    if (detail::evaluate(e.when, facts.values) == Truth::yes) {
      return fail(
          Error::unprocessable(e.text.en + " (" + e.source + "; " + e.text.zh + ")", e.field));
    }
  }
  for (const auto& req : t.required) {
    if (detail::evaluate(req.when, facts.values) != Truth::yes) continue;
    for (const auto& f : req.facts) {
      if (facts.has(f)) continue;
      const FactSpec* spec = t.schema->find(f);
      return fail(Error::invalid("the " + t.system + " rules need " + f + " (" + spec->label.en +
                                     ", " + spec->label.zh + ") for this kind of device",
                                 f));
    }
  }
  detail::FactMap known = facts.values;
  for (const auto& [name, d] : t.derived) {
    auto it = facts.values.find(d.from);
    if (it == facts.values.end()) continue;
    if (auto v = d.derive(it->second)) known[name] = *v;
  }
  // The device fact behind a fact name (a derived fact's source).
  auto device_fact = [&](const std::string& name) {
    auto it = t.derived.find(name);
    return it == t.derived.end() ? name : it->second.from;
  };

  Classification out;
  out.system = t.system;
  out.principle = t.principle;
  struct Pending {
    const Rule* rule;
    int could_reach;
    std::set<std::string> facts;
  };
  std::vector<Pending> pending;
  for (const auto& rule : t.rules) {
    std::set<std::string> unknown;
    Truth when = detail::evaluate(rule.when, known, &unknown);
    Truth unless = rule.unless ? detail::evaluate(*rule.unless, known, &unknown) : Truth::no;
    if (when == Truth::no || unless == Truth::yes) continue;
    int reach = 0;
    if (rule.rank) {
      reach = *rule.rank;
    } else if (!rule.class_from.empty()) {
      reach = static_cast<int>(t.classes.size());
      if (auto it = known.find(rule.class_from); it != known.end()) {
        reach = t.rank_of(std::get<std::string>(it->second));
      } else {
        unknown.insert(rule.class_from);
      }
    } else if (!known.count(rule.grid->rows) ||
               (!rule.grid->cols.empty() && !known.count(rule.grid->cols))) {
      reach = highest_cell(*rule.grid);
      if (!known.count(rule.grid->rows)) unknown.insert(rule.grid->rows);
      if (!rule.grid->cols.empty() && !known.count(rule.grid->cols)) {
        unknown.insert(rule.grid->cols);
      }
    }
    if (when == Truth::yes && unless == Truth::no && unknown.empty()) {
      AppliedRule a{rule.id, rule.source, rule.text, "", reach, ""};
      if (rule.grid) {
        auto cell = best_cell(*rule.grid, known);
        if (!cell) {
          std::string message = "the " + t.system + " table (" + rule.source +
                                ") has no such case: " + rule.grid->rows + " = " +
                                detail::describe(known.at(rule.grid->rows));
          if (!rule.grid->cols.empty()) {
            message += ", " + rule.grid->cols + " = " + detail::describe(known.at(rule.grid->cols));
          }
          return fail(Error::invalid(message + "; check the facts", device_fact(rule.grid->rows)));
        }
        a.rank = cell->rank;
        a.because = rule.grid->rows + " = " + label_of(t.find(rule.grid->rows), cell->row);
        if (!rule.grid->cols.empty()) {
          a.because +=
              ", " + rule.grid->cols + " = " + label_of(t.find(rule.grid->cols), cell->col);
        }
      } else if (!rule.class_from.empty()) {
        a.because = rule.class_from + " = " + t.classes[static_cast<size_t>(reach - 1)];
      }
      a.class_name = t.classes[static_cast<size_t>(a.rank - 1)];
      out.applied.push_back(std::move(a));
    } else {
      pending.push_back({&rule, reach, std::move(unknown)});
    }
  }
  if (out.applied.empty()) {
    return fail(Error::unprocessable("no rule of the " + t.system +
                                     " table applies to these facts; give more of them"));
  }
  for (const auto& a : out.applied) out.device_class = std::max(out.device_class, a.rank);
  out.class_name = t.classes[static_cast<size_t>(out.device_class - 1)];
  for (const auto& a : out.applied) {
    if (a.rank == out.device_class) out.decisive.push_back(a.id);
  }
  std::map<std::string, MissingFact> missing;
  for (const auto& p : pending) {
    if (p.could_reach <= out.device_class) continue;
    for (const auto& name : p.facts) {
      std::string fact = device_fact(name);
      auto& m = missing[fact];
      if (m.fact.empty()) {
        m.fact = fact;
        if (const FactSpec* spec = t.schema->find(fact)) m.label = spec->label;
      }
      if (t.rank_of(m.could_raise_to) < p.could_reach) {
        m.could_raise_to = t.classes[static_cast<size_t>(p.could_reach - 1)];
      }
      if (std::find(m.rules.begin(), m.rules.end(), p.rule->id) == m.rules.end()) {
        m.rules.push_back(p.rule->id);
      }
    }
  }
  for (auto& [name, m] : missing) out.missing.push_back(std::move(m));
  return out;
}

nlohmann::json classification_to_json(const Classification& c) {
  nlohmann::json applied = nlohmann::json::array();
  for (const auto& a : c.applied) {
    nlohmann::json row = {{"id", a.id},
                          {"source", a.source},
                          {"text", detail::text_json(a.text)},
                          {"class", a.class_name}};
    if (!a.because.empty()) row["because"] = a.because;
    applied.push_back(std::move(row));
  }
  nlohmann::json missing = nlohmann::json::array();
  for (const auto& m : c.missing) {
    missing.push_back({{"fact", m.fact},
                       {"label", detail::text_json(m.label)},
                       {"could_raise_to", m.could_raise_to},
                       {"rules", m.rules}});
  }
  return {{"system", c.system},           {"class", c.class_name},
          {"rank", c.device_class},       {"principle", detail::text_json(c.principle)},
          {"decisive", c.decisive},       {"applied", std::move(applied)},
          {"missing", std::move(missing)}};
}

}  // namespace yigong::pathway
