// yigong: the server and its command line (CLI11). Flags override YIGONG_* environment variables,
// which override the --config TOML file, which overrides the defaults.
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <functional>

#include "cli/commands.hpp"
#include "cli/config.hpp"

namespace yigong::cli {
// pathway_commands.cpp: registers `yigong pathway …`; the result runs the chosen one (-1: none).
std::function<int()> add_pathway_commands(CLI::App& app);
}  // namespace yigong::cli

namespace {

using yigong::cli::Config;

// Flags that every command shares.
struct Common {
  std::string config_file;
  std::string db;
  std::string index;      // search index folder
  std::string thesaurus;  // thesaurus folder
  std::string rubrics;    // rubric templates folder
};

void add_common(CLI::App& cmd, Common& common, bool with_db = true) {
  cmd.add_option("--config", common.config_file, "TOML configuration file")
      ->check(CLI::ExistingFile);
  if (with_db)
    cmd.add_option("--db", common.db,
                   "database URL: sqlite:PATH or postgresql://user@host:port/dbname "
                   "(default sqlite:var/yigong.db, or YIGONG_DB)");
}

// The search index and thesaurus flags of the commands that open the matching engine.
void add_matching(CLI::App& cmd, Common& common) {
  cmd.add_option("--index", common.index,
                 "search index folder (default: the SQLite file's path + .index, else "
                 "var/yigong.index; or YIGONG_INDEX)");
  cmd.add_option("--thesaurus", common.thesaurus, "thesaurus folder (default data/bridge)")
      ->check(CLI::ExistingDirectory);
}

// The flag of the commands that open the calls service.
void add_calls(CLI::App& cmd, Common& common) {
  cmd.add_option("--rubrics", common.rubrics,
                 "rubric templates folder (default data/calls/rubrics)")
      ->check(CLI::ExistingDirectory);
}

// Layers file → environment → flags over the defaults, then validates. Exits 2 on errors.
bool build_config(const Common& common, Config& cfg) {
  if (!common.config_file.empty()) {
    if (auto r = yigong::cli::apply_toml(cfg, common.config_file); !r) {
      std::fprintf(stderr, "yigong: %s: %s\n", r.error().field.c_str(), r.error().message.c_str());
      return false;
    }
  }
  if (auto r = yigong::cli::apply_env(cfg); !r) {
    std::fprintf(stderr, "yigong: %s: %s\n", r.error().field.c_str(), r.error().message.c_str());
    return false;
  }
  if (!common.db.empty()) cfg.db = common.db;
  if (!common.index.empty()) cfg.index_path = common.index;
  if (!common.thesaurus.empty()) cfg.thesaurus_dir = common.thesaurus;
  if (!common.rubrics.empty()) cfg.rubric_dir = common.rubrics;
  if (auto r = yigong::cli::validate(cfg); !r) {
    std::fprintf(stderr, "yigong: %s: %s\n", r.error().field.c_str(), r.error().message.c_str());
    return false;
  }
  spdlog::set_level(spdlog::level::from_str(cfg.log_level));
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"yigong (医工): from a clinician's unmet need to a product on the market"};
  app.require_subcommand(1);
  Common common;
  Config cfg;

  auto* init =
      app.add_subcommand("init", "Create or migrate the database; --demo loads the demo ecosystem");
  add_common(*init, common);
  yigong::cli::InitArgs init_args;
  init->add_flag("--demo", init_args.demo, "load the demo ecosystem into an empty database");
  init->add_option("--demo-dir", cfg.demo_dir, "folder of the demo ecosystem")
      ->check(CLI::ExistingDirectory);
  add_calls(*init, common);

  auto* serve = app.add_subcommand("serve", "Serve the API and the web UI until SIGTERM");
  add_common(*serve, common);
  add_matching(*serve, common);
  add_calls(*serve, common);
  serve->add_option("--pathway", cfg.pathway_dir, "regulatory pathway data (default data/pathway)")
      ->check(CLI::ExistingDirectory);
  std::string listen, web_root;
  int workers = 0;
  std::size_t body_limit = 0;
  serve->add_option("--listen", listen, "address:port to listen on (default 127.0.0.1:8080)");
  serve->add_option("--web-root", web_root, "folder of the built web UI (default web/dist)");
  serve->add_option("--workers", workers, "handler threads (default 8)");
  serve->add_option("--body-limit", body_limit, "request body limit in bytes (default 1 MiB)");

  auto* user = app.add_subcommand("user", "Manage accounts");
  user->require_subcommand(1);
  auto* user_add =
      user->add_subcommand("add", "Add an account; the password is read from standard input");
  add_common(*user_add, common);
  yigong::cli::UserAddArgs user_args;
  user_add->add_option("--email", user_args.email, "e-mail, the sign-in name")->required();
  user_add
      ->add_option("--role", user_args.role,
                   "platform_admin, tenant_admin, operator, clinician, supplier, reviewer, "
                   "investor or guest")
      ->required();
  user_add->add_option("--tenant", user_args.tenant,
                       "tenant slug (created if it does not exist; default: the only tenant)");
  user_add->add_option("--name", user_args.name, "display name (default: the e-mail)");
  user_add->add_option("--org", user_args.org, "organisation id");

  auto* import = app.add_subcommand(
      "import",
      "Import organisations, people, needs or capabilities (CSV or JSON), all or nothing");
  add_common(*import, common);
  yigong::cli::ImportArgs import_args;
  import->add_option("file", import_args.file, "a .json document or a .csv file")
      ->required()
      ->check(CLI::ExistingFile);
  import->add_option("--tenant", import_args.tenant, "tenant slug (default: the only tenant)");
  import->add_option("--kind", import_args.kind, "what CSV rows are (default: from the file name)");
  import->add_flag("--dry-run", import_args.dry_run, "check every row, write nothing");

  auto* export_cmd =
      app.add_subcommand("export", "Export one kind of record of a tenant as CSV or JSON");
  add_common(*export_cmd, common);
  yigong::cli::ExportArgs export_args;
  export_cmd->add_option("kind", export_args.kind, "organisations, people, needs or capabilities")
      ->required();
  export_cmd->add_option("--tenant", export_args.tenant, "tenant slug (default: the only tenant)");
  export_cmd->add_option("--format", export_args.format, "csv or json (default json)");
  export_cmd->add_option("--output,-o", export_args.output,
                         "file to write (default: standard output)");

  auto* audit = app.add_subcommand("audit", "The tamper-evident audit log");
  audit->require_subcommand(1);
  auto* verify = audit->add_subcommand("verify", "Verify the audit hash chain; exit 1 when broken");
  add_common(*verify, common);

  auto* value = app.add_subcommand("value", "Health-economic models: check a spec, run it");
  value->require_subcommand(1);
  auto* value_check = value->add_subcommand("check", "Validate a model spec; print its errors");
  std::string value_file;
  value_check->add_option("model", value_file, "model spec (JSON, docs/value-model.md)")
      ->required()
      ->check(CLI::ExistingFile);
  auto* value_run = value->add_subcommand(
      "run", "Run a model: base case, incremental analysis, and PSA with --psa N");
  yigong::cli::ValueRunArgs value_args;
  value_run->add_option("model", value_args.file, "model spec (JSON)")
      ->required()
      ->check(CLI::ExistingFile);
  value_run->add_option("--psa", value_args.psa, "probabilistic draws (default: the spec's)")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{10'000'000}));
  value_run->add_option("--seed", value_args.seed, "PSA seed (default: the spec's)");
  value_run->add_option("--threads", value_args.threads, "PSA threads (default: every core)")
      ->check(CLI::Range(0, 256));
  value_run->add_option("--out", value_args.out, "write the results as JSON to this file");

  auto* match = app.add_subcommand("match", "Matching engine: relevance evaluation on files");
  match->require_subcommand(1);
  auto* match_eval = match->add_subcommand(
      "eval", "nDCG@10, recall@50 and MRR of yigong and the baselines on an eval set");
  yigong::cli::MatchEvalArgs eval_args;
  match_eval->add_option("--corpus", eval_args.corpus, "corpus lines (JSONL)")
      ->required()
      ->check(CLI::ExistingFile);
  match_eval->add_option("--queries", eval_args.queries, "query lines (JSONL)")
      ->required()
      ->check(CLI::ExistingFile);
  match_eval->add_option("--qrels", eval_args.qrels, "judgments: query<TAB>doc<TAB>grade")
      ->required()
      ->check(CLI::ExistingFile);
  match_eval->add_option("--thesaurus", eval_args.thesaurus,
                         "thesaurus folder (default data/bridge)");
  match_eval->add_option("--dictionary", eval_args.dictionary,
                         "word list for the dictionary segmenter ablation (jieba dict.txt)");
  match_eval->add_flag("--json", eval_args.json, "print the metrics as JSON");
  match_eval->add_flag("--ablations", eval_args.ablations, "also run the ablation rows");
  match_eval
      ->add_option("--concept-weight", eval_args.concept_weight,
                   "weight of a concept named in the query")
      ->check(CLI::Range(0.0, 100.0));
  match_eval
      ->add_option("--bridged-weight", eval_args.bridged_weight,
                   "weight of a bridged concept (times the link weight)")
      ->check(CLI::Range(0.0, 100.0));
  match_eval
      ->add_option("--channel-weight", eval_args.channel_weight,
                   "weight of the concept channel in fusion (0: one BM25 over all terms)")
      ->check(CLI::Range(0.0, 100.0));
  match_eval
      ->add_option("--agreement", eval_args.agreement,
                   "1: concept channel scored by agreement; 0: by BM25")
      ->check(CLI::Range(0, 1));
  match_eval->add_option("--bigram-weight", eval_args.bigram_weight, "weight of a CJK bigram")
      ->check(CLI::Range(0.0, 100.0));
  match_eval->add_option("--trace", eval_args.trace,
                         "show how yigong reads one query and ranks its relevant records");
  match_eval->add_option("--max-terms", eval_args.max_terms, "query-term budget (0: all terms)")
      ->check(CLI::Range(0, 10000));

  auto* bridge = app.add_subcommand("bridge", "The clinical–engineering concept thesaurus");
  bridge->require_subcommand(1);
  auto* bridge_check = bridge->add_subcommand("check", "Validate the thesaurus files");
  std::string bridge_dir = "data/bridge";
  bridge_check->add_option("dir", bridge_dir, "thesaurus folder (default data/bridge)");

  auto* bridge_concept =
      bridge->add_subcommand("add-concept", "Add a concept (stored in the database)");
  add_common(*bridge_concept, common);
  add_matching(*bridge_concept, common);
  yigong::cli::BridgeAddArgs bridge_args;
  bridge_concept->add_option("--id", bridge_args.id, "concept id, e.g. cv.new_condition")
      ->required();
  bridge_concept->add_option("--kind", bridge_args.kind, "disease, symptom, …, imaging, device, …")
      ->required();
  bridge_concept->add_option("--zh", bridge_args.zh, "Chinese labels")->required();
  bridge_concept->add_option("--en", bridge_args.en, "English labels")->required();
  auto* bridge_link = bridge->add_subcommand("add-link", "Add a clinical → engineering link");
  add_common(*bridge_link, common);
  add_matching(*bridge_link, common);
  bridge_link->add_option("--from", bridge_args.from, "clinical concept id")->required();
  bridge_link->add_option("--to", bridge_args.to, "engineering concept id")->required();
  bridge_link->add_option("--weight", bridge_args.weight, "link weight in (0, 1]")
      ->required()
      ->check(CLI::Range(0.0, 1.0));

  auto run_pathway = yigong::cli::add_pathway_commands(app);

  auto* reindex = app.add_subcommand("reindex", "Rebuild the search index from the database");
  add_common(*reindex, common);
  add_matching(*reindex, common);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "yigong: %s (see yigong --help)\n", e.what());
    return 2;
  }

  // The value commands read a model file only: no configuration, no database.
  if (*value_check) return yigong::cli::run_value_check(value_file);
  if (*value_run) return yigong::cli::run_value_run(value_args);
  if (*match_eval) return yigong::cli::run_match_eval(eval_args);
  if (*bridge_check) return yigong::cli::run_bridge_check(bridge_dir);
  if (int rc = run_pathway(); rc >= 0) return rc;
  if (!build_config(common, cfg)) return 2;
  try {
    if (*init) return yigong::cli::run_init(cfg, init_args);
    if (*serve) {
      if (!listen.empty()) cfg.listen = listen;
      if (!web_root.empty()) cfg.web_root = web_root;
      if (workers) cfg.workers = workers;
      if (body_limit) cfg.body_limit = body_limit;
      if (auto r = yigong::cli::validate(cfg); !r) {
        std::fprintf(stderr, "yigong: %s: %s\n", r.error().field.c_str(),
                     r.error().message.c_str());
        return 2;
      }
      return yigong::cli::run_serve(cfg);
    }
    if (*user_add) return yigong::cli::run_user_add(cfg, user_args);
    if (*import) return yigong::cli::run_import(cfg, import_args);
    if (*export_cmd) return yigong::cli::run_export(cfg, export_args);
    if (*verify) return yigong::cli::run_audit_verify(cfg);
    if (*reindex) return yigong::cli::run_reindex(cfg);
    if (*bridge_concept) return yigong::cli::run_bridge_add(cfg, bridge_args);
    if (*bridge_link) {
      bridge_args.link = true;
      return yigong::cli::run_bridge_add(cfg, bridge_args);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "yigong: internal error: %s\n", e.what());
    return 70;
  }
  return 2;
}
