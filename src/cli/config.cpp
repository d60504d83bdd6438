// Configuration layering and validation.
#include "cli/config.hpp"

#include <toml++/toml.h>

#include <charconv>
#include <cstdlib>

namespace yigong::cli {
namespace {

Result<int> to_int(const std::string& s, const std::string& field) {
  int v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || p != s.data() + s.size())
    return fail(Error::invalid("must be an integer", field));
  return v;
}

}  // namespace

Result<void> apply_toml(Config& cfg, const std::string& path) {
  toml::table t;
  try {
    t = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    return fail(Error::invalid(path + ": " + std::string(e.description()), "config"));
  }
  for (const auto& entry : t) {
    // Named, not a structured binding: clang 14 cannot capture bindings in the lambdas below.
    const std::string k(entry.first.str());
    const toml::node& node = entry.second;
    auto text = [&](std::string& out) -> Result<void> {
      if (!node.is_string()) return fail(Error::invalid("must be a string", k));
      out = *node.value<std::string>();
      return ok();
    };
    auto number = [&](auto& out) -> Result<void> {
      if (!node.is_integer()) return fail(Error::invalid("must be an integer", k));
      out = static_cast<std::remove_reference_t<decltype(out)>>(*node.value<std::int64_t>());
      return ok();
    };
    Result<void> r = ok();
    if (k == "db")
      r = text(cfg.db);
    else if (k == "listen")
      r = text(cfg.listen);
    else if (k == "web_root")
      r = text(cfg.web_root);
    else if (k == "demo_dir")
      r = text(cfg.demo_dir);
    else if (k == "thesaurus_dir")
      r = text(cfg.thesaurus_dir);
    else if (k == "index_path")
      r = text(cfg.index_path);
    else if (k == "rubric_dir")
      r = text(cfg.rubric_dir);
    else if (k == "pathway_dir")
      r = text(cfg.pathway_dir);
    else if (k == "files_path")
      r = text(cfg.files_path);
    else if (k == "log_level")
      r = text(cfg.log_level);
    else if (k == "io_threads")
      r = number(cfg.io_threads);
    else if (k == "workers")
      r = number(cfg.workers);
    else if (k == "db_pool")
      r = number(cfg.db_pool);
    else if (k == "body_limit")
      r = number(cfg.body_limit);
    else if (k == "secure_cookies") {
      if (!node.is_boolean()) return fail(Error::invalid("must be true or false", k));
      cfg.secure_cookies = *node.value<bool>();
    } else {
      return fail(Error::invalid("unknown configuration key in " + path, k));
    }
    if (!r) return r;
  }
  return ok();
}

Result<void> apply_env(Config& cfg) {
  auto env = [](const char* name) -> const char* { return std::getenv(name); };
  if (const char* v = env("YIGONG_DB")) cfg.db = v;
  if (const char* v = env("YIGONG_LISTEN")) cfg.listen = v;
  if (const char* v = env("YIGONG_WEB_ROOT")) cfg.web_root = v;
  if (const char* v = env("YIGONG_INDEX")) cfg.index_path = v;
  if (const char* v = env("YIGONG_LOG_LEVEL")) cfg.log_level = v;
  if (const char* v = env("YIGONG_WORKERS")) {
    auto n = to_int(v, "YIGONG_WORKERS");
    if (!n) return fail(n.error());
    cfg.workers = *n;
  }
  return ok();
}

Result<std::pair<std::string, unsigned short>> parse_listen(const std::string& listen) {
  std::string host;
  std::string port;
  if (!listen.empty() && listen.front() == '[') {
    const auto close = listen.find(']');
    if (close == std::string::npos || close + 1 >= listen.size() || listen[close + 1] != ':')
      return fail(Error::invalid("use [v6-address]:port", "listen"));
    host = listen.substr(1, close - 1);
    port = listen.substr(close + 2);
  } else {
    const auto colon = listen.rfind(':');
    if (colon == std::string::npos || colon == 0)
      return fail(Error::invalid("use address:port, e.g. 127.0.0.1:8080", "listen"));
    host = listen.substr(0, colon);
    port = listen.substr(colon + 1);
  }
  auto n = to_int(port, "listen");
  if (!n || *n < 0 || *n > 65535) return fail(Error::invalid("port must be 0–65535", "listen"));
  return std::make_pair(host, static_cast<unsigned short>(*n));
}

Result<void> validate(const Config& cfg) {
  auto listen = parse_listen(cfg.listen);
  if (!listen) return fail(listen.error());
  if (cfg.io_threads < 1 || cfg.io_threads > 64)
    return fail(Error::invalid("must be 1–64", "io_threads"));
  if (cfg.workers < 1 || cfg.workers > 256) return fail(Error::invalid("must be 1–256", "workers"));
  if (cfg.db_pool < 1 || cfg.db_pool > 256) return fail(Error::invalid("must be 1–256", "db_pool"));
  if (cfg.body_limit < 1024 || cfg.body_limit > (64u << 20))
    return fail(Error::invalid("must be 1 KiB–64 MiB", "body_limit"));
  for (const char* lvl : {"trace", "debug", "info", "warn", "error", "off"}) {
    if (cfg.log_level == lvl) return ok();
  }
  return fail(Error::invalid("must be trace, debug, info, warn, error or off", "log_level"));
}

std::string redact_url(const std::string& url) {
  const auto scheme = url.find("://");
  const auto at = url.find('@');
  if (scheme == std::string::npos || at == std::string::npos || at < scheme) return url;
  const auto colon = url.find(':', scheme + 3);
  if (colon == std::string::npos || colon > at) return url;
  return url.substr(0, colon + 1) + "***" + url.substr(at);
}

std::string index_path_of(const Config& cfg) {
  if (!cfg.index_path.empty()) return cfg.index_path;
  if (cfg.db.rfind("sqlite:", 0) == 0) return cfg.db.substr(7) + ".index";
  return "var/yigong.index";
}

std::string files_path_of(const Config& cfg) {
  if (!cfg.files_path.empty()) return cfg.files_path;
  if (cfg.db.rfind("sqlite:", 0) == 0) return cfg.db.substr(7) + ".files";
  return "var/yigong.files";
}

}  // namespace yigong::cli
