// `yigong pathway classify|plan|import-fda`: the regulatory pathway adviser on files. No database.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <fstream>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/app.hpp"
#include "core/time.hpp"
#include "pathway/catalogue.hpp"
#include "pathway/classify.hpp"
#include "pathway/plan.hpp"

namespace yigong::cli {
namespace {

struct PathwayArgs {
  std::string data_dir = "data/pathway";
  std::string file;
  std::string out;
  std::string system = "both";  // classify: nmpa, mdr or both
  bool json = false;
};

Result<std::string> read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(Error::invalid("cannot read " + path, "file"));
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

Result<nlohmann::json> read_json(const std::string& path) {
  auto text = read_text(path);
  if (!text) return fail(std::move(text.error()));
  auto json = nlohmann::json::parse(*text, nullptr, false);
  if (json.is_discarded()) return fail(Error::invalid(path + " is not valid JSON", "file"));
  return json;
}

void print_classification(const pathway::Classification& c) {
  std::printf("%s class %s\n", c.system.c_str(), c.class_name.c_str());
  std::printf("  %s\n", c.principle.zh.c_str());
  for (const auto& a : c.applied) {
    bool decisive = std::find(c.decisive.begin(), c.decisive.end(), a.id) != c.decisive.end();
    std::printf("  %s [%s] → %s%s\n", decisive ? "*" : " ", a.id.c_str(), a.class_name.c_str(),
                a.because.empty() ? "" : ("   (" + a.because + ")").c_str());
    std::printf("      %s\n      %s\n      %s\n", a.source.c_str(), a.text.zh.c_str(),
                a.text.en.c_str());
  }
  if (!c.missing.empty()) {
    std::printf("  not given, and could raise the class:\n");
    for (const auto& m : c.missing) {
      std::string rules;
      for (const auto& r : m.rules) rules += (rules.empty() ? "" : ", ") + r;
      std::printf("    %-26s up to %-4s (%s) — %s\n", m.fact.c_str(), m.could_raise_to.c_str(),
                  rules.c_str(), m.label.zh.c_str());
    }
  }
}

int run_classify(const PathwayArgs& args) {
  auto data = pathway::PathwayData::load_dir(args.data_dir);
  if (!data) {
    print_error(data.error());
    return 1;
  }
  auto json = read_json(args.file);
  if (!json) {
    print_error(json.error());
    return 1;
  }
  auto facts = pathway::device_facts_from_json(*json);
  if (!facts) {
    print_error(facts.error().at("facts"));
    return 1;
  }
  nlohmann::json out = nlohmann::json::object();
  int rc = 0;
  std::string last_error;  // both tables check the same facts: say a shared problem once
  for (const auto& [name, table] :
       {std::pair<std::string, const pathway::RuleTable*>{"nmpa", &data->nmpa()},
        {"mdr", &data->mdr()}}) {
    if (args.system != "both" && args.system != name) continue;
    auto c = pathway::classify(*table, *facts);
    if (!c) {
      if (c.error().message != last_error) print_error(c.error().at("facts"));
      last_error = c.error().message;
      rc = 1;
      continue;
    }
    if (args.json) {
      out[name] = pathway::classification_to_json(*c);
    } else {
      print_classification(*c);
      std::printf("\n");
    }
  }
  if (args.json && !out.empty()) std::printf("%s\n", out.dump(2).c_str());
  return rc;
}

void print_pathway(const pathway::Pathway& p) {
  for (const auto& r : p.routes) {
    std::printf("%s — %s (class %s)\n  %s\n  %s\n  authority: %s\n  basis: %s\n", r.market.c_str(),
                r.id.c_str(), r.device_class.c_str(), r.name.zh.c_str(), r.name.en.c_str(),
                r.authority.zh.c_str(), r.source.c_str());
    std::printf("  %-30s %14s  %-10s %s\n", "step", "working days", "basis", "");
    for (const auto& s : r.steps) {
      std::string days = s.min_days == s.max_days
                             ? std::to_string(s.min_days)
                             : std::to_string(s.min_days) + "–" + std::to_string(s.max_days);
      std::string extra;
      if (s.conditional) extra += " (if it applies)";
      if (!s.original.empty()) extra += " [" + s.original + "]";
      if (!s.override_id.empty()) extra += " [regional override " + s.override_id + "]";
      std::printf("  %-30s %14s  %-10s %s%s\n", s.id.c_str(), days.c_str(), s.basis.c_str(),
                  s.name.zh.c_str(), extra.c_str());
    }
    std::printf("  %-30s %14s  (about %.0f–%.0f months at 21 working days a month)\n\n", "total",
                (std::to_string(r.min_days) + "–" + std::to_string(r.max_days)).c_str(),
                r.min_days / 21.0, r.max_days / 21.0);
  }
  for (const auto& f : p.programs) {
    std::printf("%s (%s): %s — %s\n", f.name.zh.c_str(), f.id.c_str(),
                pathway::status_name(f.eligible), f.reason.c_str());
    for (const auto& c : f.criteria) {
      std::string missing;
      for (const auto& m : c.missing) missing += (missing.empty() ? "" : ", ") + m;
      std::printf("  %-8s %-16s %s%s\n", pathway::status_name(c.status), c.id.c_str(),
                  c.text.zh.c_str(), missing.empty() ? "" : (" [need: " + missing + "]").c_str());
    }
  }
  if (!p.notes.empty()) std::printf("\nnotes:\n");
  for (const auto& n : p.notes) std::printf("  - %s: %s\n", n.topic.c_str(), n.text.c_str());
}

int run_plan(const PathwayArgs& args) {
  auto data = pathway::PathwayData::load_dir(args.data_dir);
  if (!data) {
    print_error(data.error());
    return 1;
  }
  auto json = read_json(args.file);
  if (!json) {
    print_error(json.error());
    return 1;
  }
  auto input = pathway::pathway_input_from_json(*json);
  if (!input) {
    print_error(input.error());
    return 1;
  }
  // The engine reads no clock: the patent window is counted to today unless the input says.
  if (input->as_of.empty()) input->as_of = format_rfc3339(now_micros()).substr(0, 10);
  auto plan = pathway::plan_pathway(*data, *input);
  if (!plan) {
    print_error(plan.error());
    return 1;
  }
  if (args.json) {
    std::printf("%s\n", pathway::pathway_to_json(*plan).dump(2).c_str());
  } else {
    if (plan->nmpa_classification) {
      print_classification(*plan->nmpa_classification);
      std::printf("\n");
    }
    if (plan->mdr_classification) {
      print_classification(*plan->mdr_classification);
      std::printf("\n");
    }
    print_pathway(*plan);
  }
  return 0;
}

int run_import_fda(const PathwayArgs& args) {
  auto text = read_text(args.file);
  if (!text) {
    print_error(text.error());
    return 1;
  }
  auto catalogue = pathway::parse_fda_classification(*text);
  if (!catalogue) {
    Error e = catalogue.error();
    e.field = args.file + ": " + e.field;
    print_error(e);
    return 1;
  }
  std::ofstream out(args.out, std::ios::binary | std::ios::trunc);
  out << pathway::catalogue_to_json(*catalogue).dump(1) << "\n";
  out.close();
  if (!out) {
    print_error(Error::unavailable("cannot write " + args.out));
    return 1;
  }
  std::fprintf(stderr, "yigong: %zu product codes written to %s\n", catalogue->entries.size(),
               args.out.c_str());
  return 0;
}

}  // namespace

// Registers `yigong pathway …`; the returned function runs the command chosen after parsing, or
// returns -1 when none of them was.
std::function<int()> add_pathway_commands(CLI::App& app) {
  auto args = std::make_shared<PathwayArgs>();
  auto* pathway = app.add_subcommand(
      "pathway", "Regulatory pathway: classify a device, plan its route, import catalogues");
  pathway->require_subcommand(1);
  auto add_data = [&](CLI::App* cmd) {
    cmd->add_option("--data", args->data_dir, "folder of the pathway data (default data/pathway)")
        ->check(CLI::ExistingDirectory);
    cmd->add_flag("--json", args->json, "print JSON");
  };
  auto* classify = pathway->add_subcommand(
      "classify", "Classify a device by the NMPA 2015 rules and EU MDR Annex VIII; cite the rules");
  classify->add_option("facts", args->file, "device facts (JSON, see data/pathway/facts.json)")
      ->required()
      ->check(CLI::ExistingFile);
  classify->add_option("--system", args->system, "nmpa, mdr or both (default both)")
      ->check(CLI::IsMember({"nmpa", "mdr", "both"}));
  add_data(classify);
  auto* plan = pathway->add_subcommand(
      "plan", "Plan the route per market, special procedures and a working-day timeline");
  plan->add_option("input", args->file, "plan input (JSON, see src/pathway/README.md)")
      ->required()
      ->check(CLI::ExistingFile);
  add_data(plan);
  auto* import_fda = pathway->add_subcommand(
      "import-fda", "Convert FDA's product classification file (foiclass.txt) to catalogue JSON");
  import_fda->add_option("file", args->file, "foiclass.txt")->required()->check(CLI::ExistingFile);
  import_fda->add_option("--out", args->out, "catalogue JSON to write")->required();
  return [args, classify, plan, import_fda]() {
    if (*classify) return run_classify(*args);
    if (*plan) return run_plan(*args);
    if (*import_fda) return run_import_fda(*args);
    return -1;
  };
}

}  // namespace yigong::cli
