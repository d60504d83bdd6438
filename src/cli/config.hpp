// The one configuration of a yigong process: defaults, then a TOML file, then YIGONG_*
// environment variables, then command-line flags; validated once, logged with secrets redacted.
#pragma once

#include <cstddef>
#include <string>

#include "core/result.hpp"

namespace yigong::cli {

struct Config {
  std::string db = "sqlite:var/yigong.db";    // database URL: sqlite:PATH or postgresql://…
  std::string listen = "127.0.0.1:8080";      // address:port the server binds ([v6]:port too)
  std::string web_root = "web/dist";          // built web UI; missing folder → a fallback page
  std::string demo_dir = "data/demo";         // the demo ecosystem loaded by init --demo
  std::string thesaurus_dir = "data/bridge";  // the shipped clinical–engineering thesaurus
  std::string
      index_path;  // search index folder; empty: beside a SQLite file, else var/yigong.index
  std::string rubric_dir = "data/calls/rubrics";  // the calls' rubric templates
  std::string pathway_dir = "data/pathway";       // classification rules, routes, durations
  std::string
      files_path;      // proposal attachments; empty: beside a SQLite file, else var/yigong.files
  int io_threads = 1;  // socket threads
  int workers = 8;     // handler threads (database work)
  int db_pool = 8;     // database connections
  std::size_t body_limit = 1 << 20;  // request body bytes
  bool secure_cookies = false;       // Secure cookies (serve behind HTTPS)
  std::string log_level = "info";    // trace, debug, info, warn, error, off
};

// Applies a TOML file's keys (same names as the fields) over cfg. Errors: invalid naming the key.
Result<void> apply_toml(Config& cfg, const std::string& path);
// Applies YIGONG_DB, YIGONG_LISTEN, YIGONG_WEB_ROOT, YIGONG_WORKERS, YIGONG_LOG_LEVEL.
Result<void> apply_env(Config& cfg);
// Range and shape checks. Errors: invalid naming the field.
Result<void> validate(const Config& cfg);

// Splits "host:port" / "[v6]:port". Errors: invalid.
Result<std::pair<std::string, unsigned short>> parse_listen(const std::string& listen);

// The search index folder the configuration names or implies.
std::string index_path_of(const Config& cfg);
// The attachments folder the configuration names or implies.
std::string files_path_of(const Config& cfg);

// The database URL with any password replaced by "***", for logs.
std::string redact_url(const std::string& url);

}  // namespace yigong::cli
