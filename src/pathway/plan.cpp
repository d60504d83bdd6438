// Planning: classes per market, special-procedure eligibility, the route and its timeline.
#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "core/time.hpp"
#include "pathway/detail/json_read.hpp"
#include "pathway/detail/pathway_data.hpp"

namespace yigong::pathway {

using detail::Truth;

const char* status_name(Status s) {
  switch (s) {
    case Status::yes:
      return "yes";
    case Status::no:
      return "no";
    case Status::unknown:
      return "unknown";
  }
  return "unknown";
}

namespace {

Status to_status(Truth t) {
  return t == Truth::yes ? Status::yes : t == Truth::no ? Status::no : Status::unknown;
}

Result<std::optional<bool>> read_bool(const nlohmann::json& json, const char* key) {
  auto it = json.find(key);
  if (it == json.end() || it->is_null()) return std::optional<bool>();
  if (!it->is_boolean()) return fail(Error::invalid("true or false", key));
  return std::optional<bool>(it->get<bool>());
}

Result<std::string> read_str(const nlohmann::json& json, const char* key) {
  auto it = json.find(key);
  if (it == json.end() || it->is_null()) return std::string();
  if (!it->is_string()) return fail(Error::invalid("a string", key));
  return it->get<std::string>();
}

Result<std::optional<int>> read_class(const nlohmann::json& json, const char* key) {
  auto it = json.find(key);
  if (it == json.end() || it->is_null()) return std::optional<int>();
  if (!it->is_number_integer()) return fail(Error::invalid("1, 2 or 3", key));
  return std::optional<int>(it->get<int>());
}

Result<std::vector<std::string>> read_strings(const nlohmann::json& v, const char* key) {
  if (!v.is_array()) return fail(Error::invalid("a list of strings", key));
  std::vector<std::string> out;
  for (const auto& s : v) {
    if (!s.is_string()) return fail(Error::invalid("a list of strings", key));
    out.push_back(s.get<std::string>());
  }
  return out;
}

int to_working_days(double value, double per_unit) {
  return static_cast<int>(std::lround(value * per_unit));
}

std::string format_duration(const Duration& d) {
  auto num = [](double v) {
    return std::floor(v) == v ? std::to_string(static_cast<long long>(v)) : std::to_string(v);
  };
  std::string unit = d.unit;
  std::replace(unit.begin(), unit.end(), '_', ' ');
  return d.min == d.max ? num(d.min) + " " + unit : num(d.min) + "–" + num(d.max) + " " + unit;
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

ProgramFinding evaluate_program(const Program& p, const detail::FactMap& context) {
  ProgramFinding f;
  f.id = p.id;
  f.name = p.name;
  f.source = p.source;
  auto judge = [&](const Criterion& c) {
    std::set<std::string> unknown;
    CriterionFinding cf{c.id, c.text, to_status(detail::evaluate(c.when, context, &unknown)), {}};
    cf.missing.assign(unknown.begin(), unknown.end());
    return cf;
  };
  bool any_all_no = false, all_all_yes = true;
  for (const auto& c : p.all) {
    f.criteria.push_back(judge(c));
    any_all_no |= f.criteria.back().status == Status::no;
    all_all_yes &= f.criteria.back().status == Status::yes;
  }
  bool any_yes = p.any.empty(), any_unknown = false;
  for (const auto& c : p.any) {
    f.criteria.push_back(judge(c));
    any_yes |= f.criteria.back().status == Status::yes;
    any_unknown |= f.criteria.back().status == Status::unknown;
  }
  std::string failed, open;
  for (const auto& c : f.criteria) {
    if (c.status == Status::no) failed += (failed.empty() ? "" : ", ") + c.id;
    if (c.status == Status::unknown) open += (open.empty() ? "" : ", ") + c.id;
  }
  if (any_all_no || (!any_yes && !any_unknown)) {
    f.eligible = Status::no;
    f.reason = any_all_no ? "not met: " + failed : "none of the alternative grounds holds";
  } else if (all_all_yes && any_yes) {
    f.eligible = Status::yes;
    f.reason = "every criterion is met";
  } else {
    f.eligible = Status::unknown;
    f.reason = "undecided until these are known: " + open;
  }
  return f;
}

}  // namespace

Result<PathwayInput> pathway_input_from_json(const nlohmann::json& json) {
  if (!json.is_object()) return fail(Error::invalid("the plan input is a JSON object", ""));
  static const std::set<std::string> known = {"nmpa_class",
                                              "facts",
                                              "mdr_class",
                                              "fda_class",
                                              "markets",
                                              "domestic",
                                              "region",
                                              "novel",
                                              "predicate_in_china",
                                              "predicate_in_us",
                                              "clinical_route",
                                              "requires_trial_approval",
                                              "apply_innovation",
                                              "patent_status",
                                              "patent_grant_date",
                                              "patent_search_report_positive",
                                              "prototype_finalized",
                                              "first_of_kind_mechanism",
                                              "fundamental_improvement",
                                              "significant_clinical_value",
                                              "priority_grounds",
                                              "clear_clinical_advantage",
                                              "no_effective_alternative",
                                              "as_of"};
  for (const auto& [key, value] : json.items()) {
    if (!known.count(key)) return fail(Error::invalid("unknown key " + key, key));
  }
  PathwayInput in;
  auto nmpa = read_class(json, "nmpa_class");
  if (!nmpa) return fail(std::move(nmpa.error()));
  in.nmpa_class = *nmpa;
  auto fda = read_class(json, "fda_class");
  if (!fda) return fail(std::move(fda.error()));
  in.fda_class = *fda;
  if (auto it = json.find("facts"); it != json.end() && !it->is_null()) {
    auto facts = device_facts_from_json(*it);
    if (!facts) return fail(facts.error().at("facts"));
    in.facts = std::move(*facts);
  }
  auto mdr = read_str(json, "mdr_class");
  if (!mdr) return fail(std::move(mdr.error()));
  if (!mdr->empty()) in.mdr_class = *mdr;
  if (auto it = json.find("markets"); it != json.end()) {
    auto markets = read_strings(*it, "markets");
    if (!markets) return fail(std::move(markets.error()));
    in.markets = std::move(*markets);
  }
  auto domestic = read_bool(json, "domestic");
  if (!domestic) return fail(std::move(domestic.error()));
  in.domestic = domestic->value_or(true);
  struct BoolKey {
    const char* key;
    std::optional<bool>* target;
  };
  for (const auto& [key, target] :
       {BoolKey{"novel", &in.novel}, BoolKey{"predicate_in_china", &in.predicate_in_china},
        BoolKey{"predicate_in_us", &in.predicate_in_us},
        BoolKey{"requires_trial_approval", &in.requires_trial_approval},
        BoolKey{"patent_search_report_positive", &in.patent_search_report_positive},
        BoolKey{"prototype_finalized", &in.prototype_finalized},
        BoolKey{"first_of_kind_mechanism", &in.first_of_kind_mechanism},
        BoolKey{"fundamental_improvement", &in.fundamental_improvement},
        BoolKey{"significant_clinical_value", &in.significant_clinical_value},
        BoolKey{"clear_clinical_advantage", &in.clear_clinical_advantage},
        BoolKey{"no_effective_alternative", &in.no_effective_alternative}}) {
    auto v = read_bool(json, key);
    if (!v) return fail(std::move(v.error()));
    *target = *v;
  }
  auto apply = read_bool(json, "apply_innovation");
  if (!apply) return fail(std::move(apply.error()));
  in.apply_innovation = apply->value_or(false);
  struct StrKey {
    const char* key;
    std::string* target;
  };
  for (const auto& [key, target] :
       {StrKey{"region", &in.region}, StrKey{"clinical_route", &in.clinical_route},
        StrKey{"patent_status", &in.patent_status},
        StrKey{"patent_grant_date", &in.patent_grant_date}, StrKey{"as_of", &in.as_of}}) {
    auto v = read_str(json, key);
    if (!v) return fail(std::move(v.error()));
    *target = *v;
  }
  if (auto it = json.find("priority_grounds"); it != json.end() && !it->is_null()) {
    auto grounds = read_strings(*it, "priority_grounds");
    if (!grounds) return fail(std::move(grounds.error()));
    in.priority_grounds = std::move(*grounds);
  }
  return in;
}

Result<Pathway> plan_pathway(const PathwayData& data, const PathwayInput& in) {
  const auto& d = data.impl();
  Pathway out;
  auto note = [&](std::string topic, std::string text) {
    out.notes.push_back({std::move(topic), std::move(text)});
  };
  // Markets.
  if (in.markets.empty()) return fail(Error::invalid("name at least one market", "markets"));
  for (size_t i = 0; i < in.markets.size(); ++i) {
    const auto& m = in.markets[i];
    if (!d.markets.count(m)) return fail(Error::invalid("unknown market " + m, "markets"));
    if (std::count(in.markets.begin(), in.markets.end(), m) > 1) {
      return fail(Error::invalid(m + " appears twice", "markets"));
    }
  }
  auto targets = [&](const std::string& m) {
    return std::find(in.markets.begin(), in.markets.end(), m) != in.markets.end();
  };

  // The NMPA class: given, or from the facts (and then both must agree).
  if (in.nmpa_class && (*in.nmpa_class < 1 || *in.nmpa_class > 3)) {
    return fail(Error::invalid("the NMPA class is 1, 2 or 3", "nmpa_class"));
  }
  if (in.facts) {
    auto c = classify(data.nmpa(), *in.facts);
    if (!c) return fail(c.error().at("facts"));
    if (in.nmpa_class && *in.nmpa_class != c->device_class) {
      return fail(Error::invalid("nmpa_class " + std::to_string(*in.nmpa_class) +
                                     " contradicts the facts, which the rules put in class " +
                                     c->class_name + " (" + c->decisive.front() + ")",
                                 "nmpa_class"));
    }
    out.nmpa_class = c->device_class;
    out.nmpa_classification = std::move(*c);
  } else if (in.nmpa_class) {
    out.nmpa_class = *in.nmpa_class;
  } else {
    return fail(Error::invalid("give nmpa_class or the device facts", "nmpa_class"));
  }

  // The EU MDR class, when the EU is a target.
  std::string mdr_class;
  if (targets("EU")) {
    if (in.mdr_class) {
      const auto& names = data.mdr().class_names();
      if (std::find(names.begin(), names.end(), *in.mdr_class) == names.end()) {
        return fail(Error::invalid("the MDR class is I, IIa, IIb or III", "mdr_class"));
      }
      mdr_class = *in.mdr_class;
    }
    if (in.facts) {
      auto c = classify(data.mdr(), *in.facts);
      if (!c) return fail(c.error().at("facts"));
      if (!mdr_class.empty() && mdr_class != c->class_name) {
        return fail(Error::invalid("mdr_class " + mdr_class + " contradicts the facts, which " +
                                       "Annex VIII puts in class " + c->class_name,
                                   "mdr_class"));
      }
      mdr_class = c->class_name;
      out.mdr_classification = std::move(*c);
    }
    if (mdr_class.empty()) {
      return fail(Error::invalid("the EU route needs mdr_class or the device facts", "mdr_class"));
    }
  }

  // The FDA class: given, or approximated by the NMPA class.
  int fda_class = 0;
  if (targets("US")) {
    if (in.fda_class && (*in.fda_class < 1 || *in.fda_class > 3)) {
      return fail(Error::invalid("the FDA class is 1, 2 or 3", "fda_class"));
    }
    fda_class = in.fda_class.value_or(out.nmpa_class);
    if (!in.fda_class) {
      note("fda_class",
           "FDA class taken to equal the NMPA class (" + std::to_string(out.nmpa_class) +
               "); look up the product code (yigong pathway import-fda) to confirm it. A novel "
               "device of moderate risk may qualify for De Novo even where NMPA class III "
               "suggests PMA.");
    }
  }

  // Novelty.
  std::optional<bool> predicate_cn = in.predicate_in_china, predicate_us = in.predicate_in_us;
  if (in.novel) {
    if (!predicate_cn) predicate_cn = !*in.novel;
    if (!predicate_us) predicate_us = !*in.novel;
  }

  // The clinical route in China.
  std::string clinical_route = in.clinical_route;
  if (!clinical_route.empty() && clinical_route != "exempt" && clinical_route != "equivalence" &&
      clinical_route != "trial") {
    return fail(Error::invalid("exempt, equivalence or trial", "clinical_route"));
  }
  if (clinical_route.empty()) {
    if (out.nmpa_class == 1) {
      clinical_route = "exempt";
      note("clinical_route", "class I filing: no clinical evaluation report is assumed");
    } else if (predicate_cn) {
      clinical_route = *predicate_cn ? "equivalence" : "trial";
      note("clinical_route",
           *predicate_cn
               ? "a same-kind device is registered in China: clinical evaluation by comparison "
                 "assumed (check the exemption catalogue 免于临床评价医疗器械目录 first)"
               : "no same-kind device registered in China: a clinical trial is assumed");
    } else {
      note("clinical_route",
           "clinical route unknown (give clinical_route or predicate_in_china): the clinical "
           "steps are conditional");
    }
  }

  // Patent window for the innovation procedure.
  std::optional<double> patent_years;
  if (!in.as_of.empty() && !parse_rfc3339(in.as_of)) {
    return fail(Error::invalid("a date YYYY-MM-DD", "as_of"));
  }
  if (!in.patent_grant_date.empty() && !parse_rfc3339(in.patent_grant_date)) {
    return fail(Error::invalid("a date YYYY-MM-DD", "patent_grant_date"));
  }
  if (!in.patent_status.empty() && in.patent_status != "none" && in.patent_status != "filed" &&
      in.patent_status != "published" && in.patent_status != "granted") {
    return fail(Error::invalid("none, filed, published or granted", "patent_status"));
  }
  if (in.patent_status == "granted" && !in.patent_grant_date.empty() && !in.as_of.empty()) {
    double micros =
        static_cast<double>(*parse_rfc3339(in.as_of) - *parse_rfc3339(in.patent_grant_date));
    patent_years = micros / (86400.0 * 1e6 * 365.25);
    if (*patent_years < 0) {
      return fail(Error::invalid("the patent is granted after as_of", "patent_grant_date"));
    }
  }
  if (in.priority_grounds) {
    const auto& allowed = d.context.at("priority_grounds");
    for (const auto& g : *in.priority_grounds) {
      if (!allowed.has_value(g))
        return fail(Error::invalid("unknown ground " + g, "priority_grounds"));
    }
  }

  // The planning context.
  detail::FactMap ctx;
  ctx["nmpa_class"] = static_cast<double>(out.nmpa_class);
  if (fda_class) ctx["fda_class"] = static_cast<double>(fda_class);
  if (!mdr_class.empty()) ctx["mdr_class"] = mdr_class;
  ctx["domestic"] = in.domestic;
  if (!in.region.empty()) ctx["region"] = in.region;
  if (predicate_cn) ctx["predicate_in_china"] = *predicate_cn;
  if (predicate_us) ctx["predicate_in_us"] = *predicate_us;
  if (!clinical_route.empty()) ctx["clinical_route"] = clinical_route;
  if (in.requires_trial_approval) ctx["requires_trial_approval"] = *in.requires_trial_approval;
  ctx["apply_innovation"] = in.apply_innovation;
  if (!in.patent_status.empty()) ctx["patent_status"] = in.patent_status;
  if (patent_years) ctx["patent_years_since_grant"] = *patent_years;
  struct Flag {
    const char* name;
    const std::optional<bool>& value;
  };
  for (const auto& [name, value] :
       {Flag{"patent_search_report_positive", in.patent_search_report_positive},
        Flag{"prototype_finalized", in.prototype_finalized},
        Flag{"first_of_kind_mechanism", in.first_of_kind_mechanism},
        Flag{"fundamental_improvement", in.fundamental_improvement},
        Flag{"significant_clinical_value", in.significant_clinical_value},
        Flag{"clear_clinical_advantage", in.clear_clinical_advantage},
        Flag{"no_effective_alternative", in.no_effective_alternative}}) {
    if (value) ctx[name] = *value;
  }
  if (in.priority_grounds) ctx["priority_grounds"] = *in.priority_grounds;
  if (in.facts) {
    const auto& f = in.facts->values;
    for (const char* name : {"sterile", "measuring_function", "use_form"}) {
      if (auto it = f.find(name); it != f.end()) ctx[name] = it->second;
    }
    auto inv = f.find("invasiveness");
    auto form = f.find("use_form");
    bool implant_form =
        form != f.end() && (std::get<std::string>(form->second) == "implant" ||
                            std::get<std::string>(form->second) == "active_implant");
    if (inv != f.end() || implant_form) {
      ctx["implantable"] = implant_form || std::get<std::string>(inv->second) == "implantable";
    }
  }

  // Special procedures of the target markets.
  for (const auto& p : d.programs) {
    if (!targets(p.market)) continue;
    auto finding = evaluate_program(p, ctx);
    ctx[p.id + "_eligible"] = std::string(status_name(finding.eligible));
    out.programs.push_back(std::move(finding));
  }
  if (in.apply_innovation) {
    auto it = ctx.find("innovation_eligible");
    if (it != ctx.end() && std::get<std::string>(it->second) == "no") {
      note("innovation",
           "apply_innovation is set, but the device is not eligible: no special "
           "review step is planned");
    }
  }

  // One route per market.
  for (const auto& market : in.markets) {
    const Route* chosen = nullptr;
    std::set<std::string> open;
    for (const auto& r : d.routes) {
      if (r.market != market) continue;
      Truth t = detail::evaluate(r.when, ctx, &open);
      if (t != Truth::yes) continue;
      if (chosen) {
        return fail(Error::corrupt("pathways.json: routes " + chosen->id + " and " + r.id +
                                   " both fit; a route's conditions must exclude the others'"));
      }
      chosen = &r;
    }
    if (!chosen) {
      if (!open.empty()) {
        return fail(Error::invalid(
            "the " + market + " route depends on " + *open.begin() + ": give it", *open.begin()));
      }
      return fail(Error::unprocessable("no " + market + " route in pathways.json fits"));
    }
    RoutePlan plan;
    plan.market = market;
    plan.id = chosen->id;
    plan.name = chosen->name;
    plan.authority = chosen->authority;
    plan.source = chosen->source;
    static const char* kRoman[] = {"", "I", "II", "III"};
    plan.device_class = market == "CN"   ? data.nmpa().class_names()[out.nmpa_class - 1]
                        : market == "US" ? std::string(kRoman[fda_class])
                                         : mdr_class;
    for (const auto& ref : chosen->steps) {
      Truth t = detail::evaluate(ref.when, ctx);
      if (t == Truth::no) continue;
      const StepSpec& spec = d.steps.at(ref.step);
      PlanStep step;
      step.id = ref.step;
      step.name = spec.name;
      step.basis = spec.basis;
      step.source = spec.source;
      step.conditional = t == Truth::unknown;
      Duration duration = spec.duration;
      for (const auto& o : d.overrides) {
        if (o.step != ref.step || in.region.empty()) continue;
        bool here = std::any_of(o.regions.begin(), o.regions.end(),
                                [&](const std::string& r) { return lower(r) == lower(in.region); });
        if (!here) continue;
        duration = o.duration;
        step.override_id = o.id;
        step.override_source = o.source.zh + " — " + o.cited_in;
        note("override", o.id + ": " + o.source.en + " (" + format_duration(spec.duration) + " → " +
                             format_duration(o.duration) + "). " + o.note.en);
      }
      double per = d.units.at(duration.unit);
      step.min_days = to_working_days(duration.min, per);
      step.max_days = to_working_days(duration.max, per);
      if (duration.unit != "working_days") step.original = format_duration(duration);
      plan.max_days += step.max_days;
      if (!step.conditional) plan.min_days += step.min_days;
      plan.steps.push_back(std::move(step));
    }
    out.routes.push_back(std::move(plan));
  }
  for (const auto& n : d.notes) {
    if (detail::evaluate(n.when, ctx) == Truth::yes) note(n.topic, n.text.en);
  }
  return out;
}

nlohmann::json pathway_to_json(const Pathway& p) {
  nlohmann::json routes = nlohmann::json::array();
  for (const auto& r : p.routes) {
    nlohmann::json steps = nlohmann::json::array();
    for (const auto& s : r.steps) {
      nlohmann::json step = {{"id", s.id},
                             {"name", detail::text_json(s.name)},
                             {"working_days", {s.min_days, s.max_days}},
                             {"basis", s.basis},
                             {"source", s.source},
                             {"conditional", s.conditional}};
      if (!s.original.empty()) step["as_stored"] = s.original;
      if (!s.override_id.empty()) {
        step["override"] = {{"id", s.override_id}, {"source", s.override_source}};
      }
      steps.push_back(std::move(step));
    }
    routes.push_back({{"market", r.market},
                      {"id", r.id},
                      {"name", detail::text_json(r.name)},
                      {"authority", detail::text_json(r.authority)},
                      {"source", r.source},
                      {"class", r.device_class},
                      {"steps", std::move(steps)},
                      {"total_working_days", {r.min_days, r.max_days}}});
  }
  nlohmann::json programs = nlohmann::json::array();
  for (const auto& f : p.programs) {
    nlohmann::json criteria = nlohmann::json::array();
    for (const auto& c : f.criteria) {
      criteria.push_back({{"id", c.id},
                          {"text", detail::text_json(c.text)},
                          {"status", status_name(c.status)},
                          {"missing", c.missing}});
    }
    programs.push_back({{"id", f.id},
                        {"name", detail::text_json(f.name)},
                        {"source", f.source},
                        {"eligible", status_name(f.eligible)},
                        {"reason", f.reason},
                        {"criteria", std::move(criteria)}});
  }
  nlohmann::json notes = nlohmann::json::array();
  for (const auto& n : p.notes) notes.push_back({{"topic", n.topic}, {"text", n.text}});
  nlohmann::json out = {{"nmpa_class", p.nmpa_class},
                        {"routes", std::move(routes)},
                        {"programs", std::move(programs)},
                        {"notes", std::move(notes)}};
  if (p.nmpa_classification) out["nmpa"] = classification_to_json(*p.nmpa_classification);
  if (p.mdr_classification) out["mdr"] = classification_to_json(*p.mdr_classification);
  return out;
}

}  // namespace yigong::pathway
