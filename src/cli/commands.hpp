// The command-line entry points. Each returns the process exit code and prints its own errors
// as one line on standard error.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cli/config.hpp"

namespace yigong::cli {

struct InitArgs {
  bool demo = false;
};
int run_init(const Config& cfg, const InitArgs& args);

int run_serve(const Config& cfg);

struct UserAddArgs {
  std::string email;
  std::string role;
  std::string tenant;  // slug; empty: the only tenant, or a new "default" one on an empty database
  std::string name;
  std::optional<long long> org;
};
int run_user_add(const Config& cfg, const UserAddArgs& args);

struct ImportArgs {
  std::string file;
  std::string tenant;
  std::string kind;  // for CSV; default: from the file name (needs.csv → needs)
  bool dry_run = false;
};
int run_import(const Config& cfg, const ImportArgs& args);

struct ExportArgs {
  std::string kind;
  std::string tenant;
  std::string format = "json";
  std::string output;  // empty: standard output
};
int run_export(const Config& cfg, const ExportArgs& args);

int run_audit_verify(const Config& cfg);

// Rebuilds the search index from the database.
int run_reindex(const Config& cfg);
// Adds an operator concept or link to the thesaurus (stored in the database).
struct BridgeAddArgs {
  bool link = false;
  std::string id, kind;
  std::vector<std::string> zh, en;
  std::string from, to;
  double weight = 0;
};
int run_bridge_add(const Config& cfg, const BridgeAddArgs& args);

// Health-economic models (value engine). Neither touches the database.
int run_value_check(const std::string& file);
struct ValueRunArgs {
  std::string file;
  std::optional<std::int64_t> psa;    // draws; default: the spec's analysis.draws
  std::optional<std::uint64_t> seed;  // default: the spec's analysis.seed
  int threads = 0;                    // 0: every core
  std::string out;                    // JSON results file; empty: none
};
int run_value_run(const ValueRunArgs& args);

// Matching engine on files: the relevance harness and the thesaurus check. No database.
struct MatchEvalArgs {
  std::string corpus, queries, qrels;
  std::string thesaurus = "data/bridge";
  std::string dictionary = "/usr/lib/python3/dist-packages/jieba/dict.txt";
  bool json = false;
  bool ablations = false;
  double concept_weight = -1, bridged_weight = -1, bigram_weight = -1,
         channel_weight = -1;  // < 0: the engine's default
  int max_terms = -1;
  int agreement = -1;  // 0/1; < 0: the engine's default
  std::string trace;   // a query id: print its concepts, bridges, top hits and relevant records
};
int run_match_eval(const MatchEvalArgs& args);
int run_bridge_check(const std::string& dir);

}  // namespace yigong::cli
