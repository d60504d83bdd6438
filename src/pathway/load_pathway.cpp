// Loading the pathway data: rule tables, routes and programs, durations and regional overrides.
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "pathway/detail/json_read.hpp"
#include "pathway/detail/pathway_data.hpp"

namespace yigong::pathway {

using detail::index_path;
using detail::join_path;

namespace {

FactSpec spec(const std::string& name, FactType type, std::vector<std::string> values = {}) {
  FactSpec s;
  s.name = name;
  s.type = type;
  s.label = Text{name, name};
  for (auto& v : values) s.values.emplace_back(std::move(v), Text{});
  return s;
}

Result<nlohmann::json> read_json(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(Error::unavailable("cannot read " + path));
  std::ostringstream buf;
  buf << in.rdbuf();
  auto json = nlohmann::json::parse(buf.str(), nullptr, false);
  if (json.is_discarded()) return fail(Error::invalid(path + " is not valid JSON", path));
  return json;
}

Result<Duration> parse_duration(const nlohmann::json& json,
                                const std::map<std::string, double>& units,
                                const std::string& path) {
  if (!json.is_object()) return fail(Error::invalid("{min, max, unit}", path));
  Duration d;
  auto min = json.find("min");
  auto max = json.find("max");
  if (min == json.end() || !min->is_number() || max == json.end() || !max->is_number()) {
    return fail(Error::invalid("min and max are numbers", path));
  }
  d.min = min->get<double>();
  d.max = max->get<double>();
  if (d.min < 0 || d.max < d.min) return fail(Error::invalid("0 ≤ min ≤ max", path));
  auto unit = detail::read_string(json, "unit", path);
  if (!unit) return fail(std::move(unit.error()));
  if (!units.count(*unit)) return fail(Error::invalid("unknown unit " + *unit, path + ".unit"));
  d.unit = *unit;
  return d;
}

Result<std::vector<Criterion>> parse_criteria(const nlohmann::json& json,
                                              const detail::Vocabulary& vocabulary,
                                              const std::string& path) {
  std::vector<Criterion> out;
  if (json.is_null()) return out;
  if (!json.is_array()) return fail(Error::invalid("a list of criteria", path));
  for (size_t i = 0; i < json.size(); ++i) {
    std::string where = index_path(path, i);
    Criterion c;
    auto id = detail::read_string(json[i], "id", where);
    if (!id) return fail(std::move(id.error()));
    auto text = detail::read_text(json[i], "text", where);
    if (!text) return fail(std::move(text.error()));
    auto when = detail::parse_condition(json[i].value("when", nlohmann::json()), vocabulary,
                                        join_path(where, "when"));
    if (!when) return fail(std::move(when.error()));
    c.id = *id;
    c.text = *text;
    c.when = std::move(*when);
    out.push_back(std::move(c));
  }
  return out;
}

Result<void> load_pathways(PathwayData::Impl& d, const nlohmann::json& json) {
  if (!json.is_object()) return fail(Error::invalid("an object", ""));
  detail::Vocabulary vocabulary = [&](const std::string& name) -> const FactSpec* {
    auto it = d.context.find(name);
    return it == d.context.end() ? nullptr : &it->second;
  };
  auto markets = json.find("markets");
  if (markets == json.end() || !markets->is_object()) {
    return fail(Error::invalid("an object of markets", "markets"));
  }
  for (const auto& [code, name] : markets->items()) {
    if (code != "CN" && code != "US" && code != "EU") {
      return fail(Error::invalid("markets are CN, US and EU", "markets." + code));
    }
    auto text = detail::read_text(*markets, code, "markets");
    if (!text) return fail(std::move(text.error()));
    d.markets[code] = *text;
  }
  auto programs = json.value("programs", nlohmann::json::array());
  for (size_t i = 0; i < programs.size(); ++i) {
    std::string path = index_path("programs", i);
    Program p;
    auto id = detail::read_string(programs[i], "id", path);
    if (!id) return fail(std::move(id.error()));
    auto market = detail::read_string(programs[i], "market", path);
    if (!market) return fail(std::move(market.error()));
    if (!d.markets.count(*market)) return fail(Error::invalid("unknown market", path + ".market"));
    auto name = detail::read_text(programs[i], "name", path);
    if (!name) return fail(std::move(name.error()));
    auto source = detail::read_string(programs[i], "source", path);
    if (!source) return fail(std::move(source.error()));
    auto all = parse_criteria(programs[i].value("all", nlohmann::json()), vocabulary,
                              join_path(path, "all"));
    if (!all) return fail(std::move(all.error()));
    auto any = parse_criteria(programs[i].value("any", nlohmann::json()), vocabulary,
                              join_path(path, "any"));
    if (!any) return fail(std::move(any.error()));
    if (all->empty() && any->empty()) return fail(Error::invalid("a program has criteria", path));
    p.id = *id;
    p.market = *market;
    p.name = *name;
    p.source = *source;
    p.all = std::move(*all);
    p.any = std::move(*any);
    std::string fact = p.id + "_eligible";
    if (d.context.count(fact)) return fail(Error::invalid("program id used twice", path + ".id"));
    // Later conditions may ask whether the program is open to the device.
    d.context.emplace(fact, spec(fact, FactType::enumeration, {"yes", "no", "unknown"}));
    d.programs.push_back(std::move(p));
  }
  auto routes = json.find("routes");
  if (routes == json.end() || !routes->is_array() || routes->empty()) {
    return fail(Error::invalid("a non-empty list", "routes"));
  }
  std::set<std::string> ids;
  for (size_t i = 0; i < routes->size(); ++i) {
    const auto& r = (*routes)[i];
    std::string path = index_path("routes", i);
    Route route;
    auto id = detail::read_string(r, "id", path);
    if (!id) return fail(std::move(id.error()));
    if (!ids.insert(*id).second) return fail(Error::invalid("route id used twice", path + ".id"));
    auto market = detail::read_string(r, "market", path);
    if (!market) return fail(std::move(market.error()));
    if (!d.markets.count(*market)) return fail(Error::invalid("unknown market", path + ".market"));
    auto name = detail::read_text(r, "name", path);
    if (!name) return fail(std::move(name.error()));
    auto authority = detail::read_text(r, "authority", path);
    if (!authority) return fail(std::move(authority.error()));
    auto source = detail::read_string(r, "source", path);
    if (!source) return fail(std::move(source.error()));
    auto when =
        detail::parse_condition(r.value("when", nlohmann::json()), vocabulary, path + ".when");
    if (!when) return fail(std::move(when.error()));
    route.id = *id;
    route.market = *market;
    route.name = *name;
    route.authority = *authority;
    route.source = *source;
    route.when = std::move(*when);
    auto steps = r.find("steps");
    if (steps == r.end() || !steps->is_array() || steps->empty()) {
      return fail(Error::invalid("a non-empty list of steps", path + ".steps"));
    }
    for (size_t s = 0; s < steps->size(); ++s) {
      std::string where = index_path(path + ".steps", s);
      auto step = detail::read_string((*steps)[s], "step", where);
      if (!step) return fail(std::move(step.error()));
      if (!d.steps.count(*step)) {
        return fail(Error::invalid("no duration for step " + *step, where + ".step"));
      }
      auto step_when = detail::parse_condition((*steps)[s].value("when", nlohmann::json()),
                                               vocabulary, where + ".when");
      if (!step_when) return fail(std::move(step_when.error()));
      route.steps.push_back({*step, std::move(*step_when)});
    }
    d.routes.push_back(std::move(route));
  }
  auto notes = json.value("notes", nlohmann::json::array());
  for (size_t i = 0; i < notes.size(); ++i) {
    std::string path = index_path("notes", i);
    DataNote n;
    auto topic = detail::read_string(notes[i], "topic", path);
    if (!topic) return fail(std::move(topic.error()));
    auto text = detail::read_text(notes[i], "text", path);
    if (!text) return fail(std::move(text.error()));
    auto when = detail::parse_condition(notes[i].value("when", nlohmann::json()), vocabulary,
                                        path + ".when");
    if (!when) return fail(std::move(when.error()));
    n.topic = *topic;
    n.text = *text;
    n.when = std::move(*when);
    d.notes.push_back(std::move(n));
  }
  return ok();
}

Result<void> load_durations(PathwayData::Impl& d, const nlohmann::json& json) {
  if (!json.is_object()) return fail(Error::invalid("an object", ""));
  auto units = json.find("units");
  if (units == json.end() || !units->is_object() || !units->contains("working_days")) {
    return fail(Error::invalid("units: working days per unit, with working_days", "units"));
  }
  for (const auto& [unit, per] : units->items()) {
    if (!per.is_number() || per.get<double>() <= 0) {
      return fail(Error::invalid("a positive number", "units." + unit));
    }
    d.units[unit] = per.get<double>();
  }
  auto steps = json.find("steps");
  if (steps == json.end() || !steps->is_object() || steps->empty()) {
    return fail(Error::invalid("a non-empty object", "steps"));
  }
  for (const auto& [id, s] : steps->items()) {
    std::string path = "steps." + id;
    StepSpec step;
    auto name = detail::read_text(s, "name", path);
    if (!name) return fail(std::move(name.error()));
    auto duration =
        parse_duration(s.value("duration", nlohmann::json()), d.units, path + ".duration");
    if (!duration) return fail(std::move(duration.error()));
    auto basis = detail::read_string(s, "basis", path);
    if (!basis) return fail(std::move(basis.error()));
    if (*basis != "statutory" && *basis != "typical" && *basis != "assumption") {
      return fail(Error::invalid("statutory, typical or assumption", path + ".basis"));
    }
    auto source = detail::read_string(s, "source", path);
    if (!source) return fail(std::move(source.error()));
    step.name = *name;
    step.duration = *duration;
    step.basis = *basis;
    step.source = *source;
    d.steps.emplace(id, std::move(step));
  }
  auto overrides = json.value("overrides", nlohmann::json::array());
  for (size_t i = 0; i < overrides.size(); ++i) {
    const auto& o = overrides[i];
    std::string path = index_path("overrides", i);
    Override ov;
    auto id = detail::read_string(o, "id", path);
    if (!id) return fail(std::move(id.error()));
    auto step = detail::read_string(o, "step", path);
    if (!step) return fail(std::move(step.error()));
    if (!d.steps.count(*step)) return fail(Error::invalid("unknown step", path + ".step"));
    auto duration =
        parse_duration(o.value("duration", nlohmann::json()), d.units, path + ".duration");
    if (!duration) return fail(std::move(duration.error()));
    // An override without a source is a rumour: every override names where its figure comes from.
    auto source = detail::read_text(o, "source", path);
    if (!source) return fail(std::move(source.error()));
    auto cited_in = detail::read_optional_string(o, "cited_in", path);
    if (!cited_in) return fail(std::move(cited_in.error()));
    auto note = detail::read_text(o, "note", path, false);
    if (!note) return fail(std::move(note.error()));
    auto regions = o.find("regions");
    if (regions == o.end() || !regions->is_array() || regions->empty()) {
      return fail(Error::invalid("a non-empty list of region names", path + ".regions"));
    }
    for (const auto& r : *regions) {
      if (!r.is_string() || r.get<std::string>().empty()) {
        return fail(Error::invalid("region names are strings", path + ".regions"));
      }
      ov.regions.push_back(r.get<std::string>());
    }
    ov.id = *id;
    ov.step = *step;
    ov.duration = *duration;
    ov.source = *source;
    ov.cited_in = *cited_in;
    ov.note = *note;
    d.overrides.push_back(std::move(ov));
  }
  return ok();
}

}  // namespace

std::map<std::string, FactSpec> planning_vocabulary(const FactSchema& schema) {
  std::map<std::string, FactSpec> v;
  auto add = [&](FactSpec s) { v.emplace(s.name, std::move(s)); };
  add(spec("nmpa_class", FactType::number));
  add(spec("fda_class", FactType::number));
  add(spec("mdr_class", FactType::enumeration, {"I", "IIa", "IIb", "III"}));
  add(spec("domestic", FactType::boolean));
  add(spec("region", FactType::text));
  add(spec("predicate_in_china", FactType::boolean));
  add(spec("predicate_in_us", FactType::boolean));
  add(spec("clinical_route", FactType::enumeration, {"exempt", "equivalence", "trial"}));
  add(spec("requires_trial_approval", FactType::boolean));
  add(spec("implantable", FactType::boolean));
  add(spec("apply_innovation", FactType::boolean));
  add(spec("patent_status", FactType::enumeration, {"none", "filed", "published", "granted"}));
  add(spec("patent_years_since_grant", FactType::number));
  for (const char* b :
       {"patent_search_report_positive", "prototype_finalized", "first_of_kind_mechanism",
        "fundamental_improvement", "significant_clinical_value", "clear_clinical_advantage",
        "no_effective_alternative"}) {
    add(spec(b, FactType::boolean));
  }
  add(spec("priority_grounds", FactType::enumeration_list,
           {"rare_disease", "cancer", "elderly", "pediatric", "urgent_clinical_need",
            "national_program"}));
  // Device facts the routes may ask about (EU class I special aspects).
  for (const char* name : {"sterile", "measuring_function", "use_form"}) {
    if (const FactSpec* s = schema.find(name)) v.emplace(name, *s);
  }
  return v;
}

Result<PathwayData> PathwayData::load(const nlohmann::json& facts, const nlohmann::json& nmpa_rules,
                                      const nlohmann::json& mdr_rules,
                                      const nlohmann::json& pathways,
                                      const nlohmann::json& durations) {
  auto d = std::make_shared<Impl>();
  auto schema = FactSchema::load(facts);
  if (!schema) return fail(schema.error().at("facts.json"));
  d->schema = *schema;
  auto nmpa = RuleTable::load(d->schema, nmpa_rules);
  if (!nmpa) return fail(nmpa.error().at("nmpa_rules.json"));
  d->nmpa = std::move(*nmpa);
  auto mdr = RuleTable::load(d->schema, mdr_rules);
  if (!mdr) return fail(mdr.error().at("mdr_rules.json"));
  d->mdr = std::move(*mdr);
  d->context = planning_vocabulary(*d->schema);
  if (auto r = load_durations(*d, durations); !r) return fail(r.error().at("durations.json"));
  if (auto r = load_pathways(*d, pathways); !r) return fail(r.error().at("pathways.json"));
  return PathwayData(std::move(d));
}

Result<PathwayData> PathwayData::load_dir(const std::string& dir) {
  std::vector<nlohmann::json> docs;
  for (const char* name :
       {"facts.json", "nmpa_rules.json", "mdr_rules.json", "pathways.json", "durations.json"}) {
    auto json = read_json(dir + "/" + name);
    if (!json) return fail(std::move(json.error()));
    docs.push_back(std::move(*json));
  }
  return load(docs[0], docs[1], docs[2], docs[3], docs[4]);
}

const RuleTable& PathwayData::nmpa() const { return *impl_->nmpa; }
const RuleTable& PathwayData::mdr() const { return *impl_->mdr; }

}  // namespace yigong::pathway
