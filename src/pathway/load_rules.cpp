// Loading a rule table from JSON: every condition, class and table cell checked before use.
#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "pathway/detail/json_read.hpp"
#include "pathway/detail/rule_table.hpp"

namespace yigong::pathway {

using detail::index_path;
using detail::join_path;

const FactSpec* RuleTable::Impl::find(const std::string& name) const {
  if (auto it = derived.find(name); it != derived.end()) return &it->second.spec;
  return schema->find(name);
}

int RuleTable::Impl::rank_of(const std::string& class_name) const {
  for (size_t i = 0; i < classes.size(); ++i) {
    if (classes[i] == class_name) return static_cast<int>(i) + 1;
  }
  return 0;
}

std::optional<FactValue> DerivedFact::derive(const FactValue& value) const {
  if (!bands.empty()) {
    const double* d = std::get_if<double>(&value);
    if (!d) return std::nullopt;
    for (const auto& b : bands) {
      if ((b.below && *d < *b.below) || (b.at_most && *d <= *b.at_most) ||
          (!b.below && !b.at_most)) {
        return FactValue(b.value);
      }
    }
    return std::nullopt;
  }
  std::vector<std::string> sources;
  if (const auto* s = std::get_if<std::string>(&value)) sources.push_back(*s);
  if (const auto* l = std::get_if<std::vector<std::string>>(&value)) sources = *l;
  std::vector<std::string> out;
  for (const auto& s : sources) {
    auto it = map.find(s);
    if (it == map.end()) continue;
    if (std::find(out.begin(), out.end(), it->second) == out.end()) out.push_back(it->second);
  }
  return FactValue(std::move(out));
}

namespace {

Result<DerivedFact> parse_derived(const nlohmann::json& json, const FactSchema& schema,
                                  const std::string& path, std::string& name) {
  if (!json.is_object()) return fail(Error::invalid("a derived fact is an object", path));
  DerivedFact d;
  auto n = detail::read_string(json, "name", path);
  if (!n) return fail(std::move(n.error()));
  name = *n;
  if (schema.find(name)) return fail(Error::invalid(name + " is already a device fact", path));
  auto from = detail::read_string(json, "from", path);
  if (!from) return fail(std::move(from.error()));
  const FactSpec* source = schema.find(*from);
  if (!source) return fail(Error::invalid("unknown fact " + *from, join_path(path, "from")));
  d.from = *from;
  auto label = detail::read_text(json, "label", path);
  if (!label) return fail(std::move(label.error()));
  auto cite = detail::read_optional_string(json, "source", path);
  if (!cite) return fail(std::move(cite.error()));
  d.source = *cite;
  d.spec.name = name;
  d.spec.label = *label;
  d.spec.source = *cite;
  if (auto bands = json.find("bands"); bands != json.end()) {
    if (source->type != FactType::number) {
      return fail(Error::invalid("bands derive from a number fact", join_path(path, "from")));
    }
    if (!bands->is_array() || bands->empty()) {
      return fail(Error::invalid("a non-empty list", join_path(path, "bands")));
    }
    d.spec.type = FactType::enumeration;
    for (size_t i = 0; i < bands->size(); ++i) {
      const auto& b = (*bands)[i];
      std::string where = index_path(join_path(path, "bands"), i);
      auto value = detail::read_string(b, "value", where);
      if (!value) return fail(std::move(value.error()));
      auto value_label = detail::read_text(b, "label", where);
      if (!value_label) return fail(std::move(value_label.error()));
      DerivedFact::Band band{*value, std::nullopt, std::nullopt};
      for (const char* bound : {"below", "at_most"}) {
        if (!b.contains(bound)) continue;
        if (!b[bound].is_number()) return fail(Error::invalid("a number", join_path(where, bound)));
        (std::string(bound) == "below" ? band.below : band.at_most) = b[bound].get<double>();
      }
      bool last = i + 1 == bands->size();
      if (last != (!band.below && !band.at_most)) {
        return fail(Error::invalid("every band but the last has below or at_most", where));
      }
      d.bands.push_back(band);
      d.spec.values.emplace_back(*value, *value_label);
    }
    return d;
  }
  auto map = json.find("map");
  auto values = json.find("values");
  if (map == json.end() || !map->is_object() || values == json.end() || !values->is_array()) {
    return fail(Error::invalid("a derived fact has bands, or values and map", path));
  }
  if (source->type != FactType::enumeration && source->type != FactType::enumeration_list) {
    return fail(Error::invalid("a map derives from an enumeration", join_path(path, "from")));
  }
  d.spec.type = FactType::enumeration_list;
  for (size_t i = 0; i < values->size(); ++i) {
    std::string where = index_path(join_path(path, "values"), i);
    auto value = detail::read_string((*values)[i], "value", where);
    if (!value) return fail(std::move(value.error()));
    auto value_label = detail::read_text((*values)[i], "label", where);
    if (!value_label) return fail(std::move(value_label.error()));
    d.spec.values.emplace_back(*value, *value_label);
  }
  for (const auto& [from_value, to_value] : map->items()) {
    std::string where = join_path(join_path(path, "map"), from_value);
    if (!source->has_value(from_value)) {
      return fail(Error::invalid(from_value + " is not a value of " + d.from, where));
    }
    if (!to_value.is_string() || !d.spec.has_value(to_value.get<std::string>())) {
      return fail(Error::invalid("maps to a declared value", where));
    }
    d.map[from_value] = to_value.get<std::string>();
  }
  for (const auto& [value, value_label] : source->values) {
    if (!d.map.count(value)) {
      return fail(Error::invalid("the map leaves out " + value, join_path(path, "map")));
    }
  }
  return d;
}

Result<std::optional<int>> parse_cell(const nlohmann::json& v, const RuleTable::Impl& t,
                                      const std::string& path) {
  if (v.is_null()) return std::optional<int>();
  if (!v.is_string() || t.rank_of(v.get<std::string>()) == 0) {
    return fail(Error::invalid("a cell is a class of the table or null", path));
  }
  return std::optional<int>(t.rank_of(v.get<std::string>()));
}

Result<Grid> parse_grid(const nlohmann::json& json, const RuleTable::Impl& t,
                        const std::string& path) {
  if (!json.is_object()) return fail(Error::invalid("a grid is an object", path));
  Grid g;
  auto rows = detail::read_string(json, "rows", path);
  if (!rows) return fail(std::move(rows.error()));
  g.rows = *rows;
  auto cols = detail::read_optional_string(json, "cols", path);
  if (!cols) return fail(std::move(cols.error()));
  g.cols = *cols;
  const FactSpec* row_spec = t.find(g.rows);
  const FactSpec* col_spec = g.cols.empty() ? nullptr : t.find(g.cols);
  auto enumerated = [](const FactSpec* s) {
    return s && (s->type == FactType::enumeration || s->type == FactType::enumeration_list);
  };
  if (!enumerated(row_spec)) {
    return fail(Error::invalid("rows name an enumerated fact", join_path(path, "rows")));
  }
  if (!g.cols.empty() && !enumerated(col_spec)) {
    return fail(Error::invalid("cols name an enumerated fact", join_path(path, "cols")));
  }
  auto cells = json.find("cells");
  std::string cells_path = join_path(path, "cells");
  if (cells == json.end() || !cells->is_object()) {
    return fail(Error::invalid("a grid has cells", cells_path));
  }
  // Every declared row (and column) value has a cell: a gap in the data is an error, not a
  // silent "no rule".
  for (const auto& [row, row_label] : row_spec->values) {
    auto r = cells->find(row);
    std::string row_path = join_path(cells_path, row);
    if (r == cells->end()) return fail(Error::invalid("the grid leaves out this row", row_path));
    if (g.cols.empty()) {
      auto cell = parse_cell(*r, t, row_path);
      if (!cell) return fail(std::move(cell.error()));
      g.cells[row][""] = *cell;
      continue;
    }
    if (!r->is_object()) return fail(Error::invalid("a row is an object of columns", row_path));
    for (const auto& [col, col_label] : col_spec->values) {
      auto c = r->find(col);
      std::string col_path = join_path(row_path, col);
      if (c == r->end()) return fail(Error::invalid("the grid leaves out this cell", col_path));
      auto cell = parse_cell(*c, t, col_path);
      if (!cell) return fail(std::move(cell.error()));
      g.cells[row][col] = *cell;
    }
    if (r->size() != col_spec->values.size()) {
      return fail(Error::invalid("a row names an unknown column", row_path));
    }
  }
  if (cells->size() != row_spec->values.size()) {
    return fail(Error::invalid("the grid names an unknown row", cells_path));
  }
  return g;
}

Result<Rule> parse_rule(const nlohmann::json& json, const RuleTable::Impl& t,
                        const detail::Vocabulary& vocabulary, const std::string& path) {
  if (!json.is_object()) return fail(Error::invalid("a rule is an object", path));
  Rule r;
  auto id = detail::read_string(json, "id", path);
  if (!id) return fail(std::move(id.error()));
  r.id = *id;
  auto source = detail::read_string(json, "source", path);
  if (!source) return fail(std::move(source.error()));
  r.source = *source;
  auto text = detail::read_text(json, "text", path);
  if (!text) return fail(std::move(text.error()));
  r.text = *text;
  auto when = detail::parse_condition(json.value("when", nlohmann::json()), vocabulary,
                                      join_path(path, "when"));
  if (!when) return fail(std::move(when.error()));
  r.when = std::move(*when);
  if (json.contains("unless")) {
    auto unless = detail::parse_condition(json["unless"], vocabulary, join_path(path, "unless"));
    if (!unless) return fail(std::move(unless.error()));
    r.unless = std::move(*unless);
  }
  int kinds = json.contains("class") + json.contains("class_from") + json.contains("grid");
  if (kinds != 1) return fail(Error::invalid("a rule has one of class, class_from, grid", path));
  if (json.contains("class")) {
    const auto& c = json["class"];
    if (!c.is_string() || t.rank_of(c.get<std::string>()) == 0) {
      return fail(Error::invalid("a class of the table", join_path(path, "class")));
    }
    r.rank = t.rank_of(c.get<std::string>());
  } else if (json.contains("class_from")) {
    const auto& c = json["class_from"];
    const FactSpec* spec = c.is_string() ? t.find(c.get<std::string>()) : nullptr;
    if (!spec || spec->type != FactType::enumeration) {
      return fail(Error::invalid("names an enumerated fact", join_path(path, "class_from")));
    }
    for (const auto& [value, label] : spec->values) {
      if (t.rank_of(value) == 0) {
        return fail(
            Error::invalid(value + " is not a class of the table", join_path(path, "class_from")));
      }
    }
    r.class_from = c.get<std::string>();
  } else {
    auto grid = parse_grid(json["grid"], t, join_path(path, "grid"));
    if (!grid) return fail(std::move(grid.error()));
    r.grid = std::move(*grid);
  }
  return r;
}

}  // namespace

Result<RuleTable> RuleTable::load(std::shared_ptr<const FactSchema> schema,
                                  const nlohmann::json& json) {
  if (!schema) return fail(Error::invalid("a rule table needs a fact vocabulary", ""));
  if (!json.is_object()) return fail(Error::invalid("a rule table is an object", ""));
  auto t = std::make_shared<Impl>();
  t->schema = std::move(schema);
  auto system = detail::read_string(json, "system", "");
  if (!system) return fail(std::move(system.error()));
  t->system = *system;
  auto title = detail::read_text(json, "title", "");
  if (!title) return fail(std::move(title.error()));
  t->title = *title;
  auto principle = detail::read_text(json, "principle", "");
  if (!principle) return fail(std::move(principle.error()));
  t->principle = *principle;
  auto classes = json.find("classes");
  if (classes == json.end() || !classes->is_array() || classes->size() < 2) {
    return fail(Error::invalid("at least two classes, lowest risk first", "classes"));
  }
  for (const auto& c : *classes) {
    if (!c.is_string() || c.get<std::string>().empty() || t->rank_of(c.get<std::string>())) {
      return fail(Error::invalid("distinct non-empty class names", "classes"));
    }
    t->classes.push_back(c.get<std::string>());
  }
  if (auto derived = json.find("derived"); derived != json.end()) {
    if (!derived->is_array()) return fail(Error::invalid("a list", "derived"));
    for (size_t i = 0; i < derived->size(); ++i) {
      std::string name;
      auto d = parse_derived((*derived)[i], *t->schema, index_path("derived", i), name);
      if (!d) return fail(std::move(d.error()));
      if (!t->derived.emplace(name, std::move(*d)).second) {
        return fail(Error::invalid(name + " is derived twice", index_path("derived", i)));
      }
    }
  }
  detail::Vocabulary vocabulary = [&](const std::string& name) { return t->find(name); };
  if (auto required = json.find("required"); required != json.end()) {
    if (!required->is_array()) return fail(Error::invalid("a list", "required"));
    for (size_t i = 0; i < required->size(); ++i) {
      const auto& r = (*required)[i];
      std::string path = index_path("required", i);
      if (!r.is_object()) return fail(Error::invalid("an object", path));
      Requirement req;
      auto when = detail::parse_condition(r.value("when", nlohmann::json()), vocabulary,
                                          join_path(path, "when"));
      if (!when) return fail(std::move(when.error()));
      req.when = std::move(*when);
      auto facts = r.find("facts");
      if (facts == r.end() || !facts->is_array() || facts->empty()) {
        return fail(Error::invalid("a non-empty list of facts", join_path(path, "facts")));
      }
      for (const auto& f : *facts) {
        if (!f.is_string() || !t->schema->find(f.get<std::string>())) {
          return fail(Error::invalid("names a device fact", join_path(path, "facts")));
        }
        req.facts.push_back(f.get<std::string>());
      }
      t->required.push_back(std::move(req));
    }
  }
  if (auto exclusions = json.find("exclusions"); exclusions != json.end()) {
    if (!exclusions->is_array()) return fail(Error::invalid("a list", "exclusions"));
    for (size_t i = 0; i < exclusions->size(); ++i) {
      const auto& e = (*exclusions)[i];
      std::string path = index_path("exclusions", i);
      if (!e.is_object()) return fail(Error::invalid("an object", path));
      Exclusion ex;
      auto id = detail::read_string(e, "id", path);
      if (!id) return fail(std::move(id.error()));
      auto source = detail::read_string(e, "source", path);
      if (!source) return fail(std::move(source.error()));
      auto field = detail::read_string(e, "field", path);
      if (!field) return fail(std::move(field.error()));
      auto text = detail::read_text(e, "text", path);
      if (!text) return fail(std::move(text.error()));
      auto when = detail::parse_condition(e.value("when", nlohmann::json()), vocabulary,
                                          join_path(path, "when"));
      if (!when) return fail(std::move(when.error()));
      ex.id = *id;
      ex.source = *source;
      ex.field = *field;
      ex.text = *text;
      ex.when = std::move(*when);
      t->exclusions.push_back(std::move(ex));
    }
  }
  auto rules = json.find("rules");
  if (rules == json.end() || !rules->is_array() || rules->empty()) {
    return fail(Error::invalid("a non-empty list", "rules"));
  }
  std::set<std::string> ids;
  for (size_t i = 0; i < rules->size(); ++i) {
    auto rule = parse_rule((*rules)[i], *t, vocabulary, index_path("rules", i));
    if (!rule) return fail(std::move(rule.error()));
    if (!ids.insert(rule->id).second) {
      return fail(
          Error::invalid("rule id " + rule->id + " appears twice", index_path("rules", i) + ".id"));
    }
    t->rules.push_back(std::move(*rule));
  }
  return RuleTable(std::move(t));
}

const std::string& RuleTable::system() const { return impl_->system; }
const Text& RuleTable::title() const { return impl_->title; }
const std::vector<std::string>& RuleTable::class_names() const { return impl_->classes; }
const FactSchema& RuleTable::schema() const { return *impl_->schema; }
size_t RuleTable::rule_count() const { return impl_->rules.size(); }

}  // namespace yigong::pathway
