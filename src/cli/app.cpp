// Building the process's object graph.
#include "cli/app.hpp"

#include <cstdio>

#include "service/crypto.hpp"

namespace yigong::cli {

Result<App> open_app(const Config& cfg) {
  YG_TRY(service::crypto_init());
  auto store = store::Store::open(cfg.db, {.pool_size = cfg.db_pool});
  if (!store) return fail(store.error());
  auto migrated = (*store)->migrate();
  if (!migrated) return fail(migrated.error());
  App app;
  app.store = std::move(*store);
  app.auth = std::make_unique<service::AuthService>(*app.store);
  app.records = std::make_unique<service::RecordService>(*app.store);
  app.projects = std::make_unique<service::ProjectService>(*app.store, *app.records);
  return app;
}

Result<void> open_matching(App& app, const Config& cfg) {
  service::MatchConfig mc;
  mc.index_path = index_path_of(cfg);
  mc.thesaurus_dir = cfg.thesaurus_dir;
  auto matching = service::MatchService::open(*app.store, *app.records, mc);
  if (!matching) return fail(matching.error());
  app.matching = std::move(*matching);
  return ok();
}

Result<void> open_calls(App& app, const Config& cfg) {
  service::CallsConfig cc;
  cc.rubric_dir = cfg.rubric_dir;
  cc.files_dir = files_path_of(cfg);
  auto calls = service::CallService::open(*app.store, *app.records, app.matching.get(), cc);
  if (!calls) return fail(calls.error());
  app.calls = std::move(*calls);
  return ok();
}

Result<void> open_pathway(App& app, const Config& cfg) {
  auto pathway = service::PathwayService::open(cfg.pathway_dir);
  if (!pathway) return fail(pathway.error());
  app.pathway = std::move(*pathway);
  return ok();
}

void print_error(const Error& e) {
  if (e.field.empty()) {
    std::fprintf(stderr, "yigong: %s\n", e.message.c_str());
  } else {
    std::fprintf(stderr, "yigong: %s: %s\n", e.field.c_str(), e.message.c_str());
  }
}

}  // namespace yigong::cli
