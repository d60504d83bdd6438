// `yigong init`, `user add`, `import`, `export` and `audit verify`.
#include "cli/commands.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/app.hpp"
#include "cli/progress.hpp"
#include "service/audit.hpp"
#include "service/demo.hpp"
#include "service/demo_calls.hpp"
#include "service/demo_projects.hpp"
#include "service/transfer.hpp"

namespace yigong::cli {
namespace {

// The tenant a command acts in: the named one, or the only one there is.
Result<Tenant> pick_tenant(App& app, const std::string& slug) {
  return app.store->read<Tenant>([&](store::Tx& tx) -> Result<Tenant> {
    if (!slug.empty()) {
      auto t = tx.find_tenant(slug);
      if (!t) return fail(t.error());
      if (!*t) return fail(Error{ErrorCode::not_found, "no tenant '" + slug + "'", "tenant"});
      return **t;
    }
    auto all = tx.list_tenants();
    if (!all) return fail(all.error());
    if (all->size() == 1) return all->front();
    return fail(Error::invalid(all->empty() ? "no tenants yet; create one with --tenant SLUG"
                                            : "several tenants exist; name one with --tenant",
                               "tenant"));
  });
}

// The process's services and the tenant a command acts in.
Result<std::pair<App, Tenant>> open_in_tenant(const Config& cfg, const std::string& slug) {
  auto app = open_app(cfg);
  if (!app) return fail(app.error());
  auto tenant = pick_tenant(*app, slug);
  if (!tenant) return fail(tenant.error());
  return std::make_pair(std::move(*app), std::move(*tenant));
}

Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(Error::invalid("cannot read " + path, "file"));
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

}  // namespace

int run_init(const Config& cfg, const InitArgs& args) {
  auto app = open_app(cfg);
  if (!app) {
    print_error(app.error());
    return 1;
  }
  auto version = app->store->schema_version();
  std::printf("yigong: database ready (%s, schema version %d)\n", redact_url(cfg.db).c_str(),
              version.value_or(0));
  if (!args.demo) return 0;
  auto tenants =
      app->store->read<std::vector<Tenant>>([](store::Tx& tx) { return tx.list_tenants(); });
  if (!tenants) {
    print_error(tenants.error());
    return 1;
  }
  if (!tenants->empty()) {
    std::printf(
        "yigong: the database already holds data; the demo is loaded only into an empty one\n");
    return 0;
  }
  auto summary = service::load_demo(*app->store, *app->auth, *app->records, cfg.demo_dir);
  if (!summary) {
    print_error(summary.error());
    return 1;
  }
  if (auto c = open_calls(*app, cfg); !c) {
    print_error(c.error());
    return 1;
  }
  auto calls = service::load_demo_calls(*app->store, *app->calls, cfg.demo_dir);
  if (!calls) {
    print_error(calls.error());
    return 1;
  }
  auto projects = service::load_demo_projects(*app->store, *app->projects, cfg.demo_dir);
  if (!projects) {
    print_error(projects.error());
    return 1;
  }
  std::printf("yigong: demo ecosystem loaded:");
  for (const auto& [kind, n] : summary->rows) std::printf(" %d %s", n, kind.c_str());
  std::printf(" %d calls %d proposals %d conflicts %d projects", calls->calls, calls->proposals,
              calls->conflicts, *projects);
  std::printf("\n\nDemo accounts (e-mail / password / role / tenant):\n");
  for (const auto& l : summary->logins)
    std::printf("  %-34s %-24s %-15s %s\n", l.email.c_str(), l.password.c_str(), l.role.c_str(),
                l.tenant.c_str());
  return 0;
}

int run_user_add(const Config& cfg, const UserAddArgs& args) {
  auto role = parse_Role(args.role);
  if (!role) {
    print_error(Error::invalid("unknown role '" + args.role +
                                   "' (platform_admin, tenant_admin, operator, clinician, "
                                   "supplier, reviewer, investor, guest)",
                               "role"));
    return 2;
  }
  std::string password;
  if (!std::getline(std::cin, password)) {
    print_error(Error::invalid("write the password on standard input", "password"));
    return 2;
  }
  if (!password.empty() && password.back() == '\r') password.pop_back();
  auto app = open_app(cfg);
  if (!app) {
    print_error(app.error());
    return 1;
  }
  auto tenant = pick_tenant(*app, args.tenant);
  if (!tenant && tenant.error().code == ErrorCode::not_found) {
    // Naming a tenant that does not exist yet creates it: the first step on a new installation.
    auto created = app->auth->create_tenant(nullptr, args.tenant, args.tenant);
    if (!created) {
      print_error(created.error());
      return 1;
    }
    tenant = *created;
  }
  if (!tenant) {
    print_error(tenant.error());
    return 1;
  }
  service::NewUser u{args.email,
                     args.name.empty() ? args.email : args.name,
                     *role,
                     tenant->id,
                     OrgId(args.org.value_or(0)),
                     password};
  auto user = app->auth->create_user(nullptr, u);
  if (!user) {
    print_error(user.error());
    return 1;
  }
  std::printf("yigong: user %lld %s (%s) added to tenant %s\n",
              static_cast<long long>(user->id.value), user->email.c_str(), args.role.c_str(),
              tenant->slug.c_str());
  return 0;
}

int run_import(const Config& cfg, const ImportArgs& args) {
  const auto ext = std::filesystem::path(args.file).extension().string();
  if (ext != ".csv" && ext != ".json") {
    print_error(Error::invalid("the file must end in .csv or .json", "file"));
    return 2;
  }
  auto text = read_file(args.file);
  if (!text) {
    print_error(text.error());
    return 2;
  }
  service::ImportOptions options;
  options.format = ext == ".csv" ? service::TransferFormat::csv : service::TransferFormat::json;
  options.dry_run = args.dry_run;
  if (options.format == service::TransferFormat::csv) {
    const std::string kind_name =
        args.kind.empty() ? std::filesystem::path(args.file).stem().string() : args.kind;
    auto kind = parse_RecordKind(kind_name);
    if (!kind) {
      print_error(
          Error::invalid("say what the rows are with --kind (organisations, people, needs, "
                         "capabilities)",
                         "kind"));
      return 2;
    }
    options.csv_kind = *kind;
  }
  auto opened = open_in_tenant(cfg, args.tenant);
  if (!opened) {
    print_error(opened.error());
    return 1;
  }
  auto& [app, tenant] = *opened;
  ProgressBar bar;
  options.progress = [&](std::string_view phase, size_t done, size_t total) {
    bar.update(phase, done, total);
  };
  const Viewer system{UserId(), tenant.id, Role::operator_, OrgId()};
  auto report = service::import_records(*app.records, *app.store, system, *text, options);
  bar.finish();
  if (!report) {
    print_error(report.error());
    return 1;
  }
  for (const auto& e : report->errors) {
    std::fprintf(stderr, "%s:%s%s %s%s%s\n", args.file.c_str(),
                 e.line ? (std::to_string(e.line) + ":").c_str() : "", e.item.c_str(),
                 e.field.empty() ? "" : e.field.c_str(), e.field.empty() ? "" : ": ",
                 e.message.c_str());
  }
  std::string counts;
  for (const auto& [kind, n] : report->rows) counts += " " + std::to_string(n) + " " + kind;
  if (!report->errors.empty()) {
    std::fprintf(stderr, "yigong: %zu error(s); nothing was written\n", report->errors.size());
    return 1;
  }
  std::printf("yigong: %s%s into tenant %s\n", report->written ? "imported" : "checked (dry run)",
              counts.c_str(), tenant.slug.c_str());
  return 0;
}

int run_export(const Config& cfg, const ExportArgs& args) {
  auto kind = parse_RecordKind(args.kind);
  if (!kind) {
    print_error(Error::invalid("organisations, people, needs or capabilities", "kind"));
    return 2;
  }
  if (args.format != "json" && args.format != "csv") {
    print_error(Error::invalid("csv or json", "format"));
    return 2;
  }
  auto opened = open_in_tenant(cfg, args.tenant);
  if (!opened) {
    print_error(opened.error());
    return 1;
  }
  auto& [app, tenant] = *opened;
  // The command line acts as the tenant's administrator: every record of the tenant.
  const Viewer admin{UserId(), tenant.id, Role::tenant_admin, OrgId()};
  store::ListQuery query;
  query.tenant = tenant.id;
  auto text = service::export_records(
      *app.records, admin, *kind, query,
      args.format == "csv" ? service::TransferFormat::csv : service::TransferFormat::json);
  if (!text) {
    print_error(text.error());
    return 1;
  }
  if (args.output.empty()) {
    std::fwrite(text->data(), 1, text->size(), stdout);
    return 0;
  }
  std::ofstream out(args.output, std::ios::binary);
  out << *text;
  if (!out) {
    print_error(Error::unavailable("cannot write " + args.output));
    return 1;
  }
  return 0;
}

int run_audit_verify(const Config& cfg) {
  auto app = open_app(cfg);
  if (!app) {
    print_error(app.error());
    return 1;
  }
  ProgressBar bar;
  std::int64_t total = 0;
  auto head = app->store->read<std::pair<std::int64_t, std::string>>(
      [](store::Tx& tx) { return tx.audit_head(); });
  if (head) total = head->first;
  auto report = service::verify_audit(*app->store, [&](std::int64_t done) {
    bar.update("verify", static_cast<size_t>(std::min(done, total)), static_cast<size_t>(total));
  });
  bar.finish();
  if (!report) {
    print_error(report.error());
    return 1;
  }
  if (!report->ok) {
    std::printf("yigong: audit chain BROKEN at event %lld: %s\n",
                static_cast<long long>(report->first_bad), report->problem.c_str());
    return 1;
  }
  std::printf("yigong: audit chain intact: %lld events verified\n",
              static_cast<long long>(report->events));
  return 0;
}

}  // namespace yigong::cli

namespace yigong::cli {

int run_reindex(const Config& cfg) {
  auto app = open_app(cfg);
  if (!app) {
    print_error(app.error());
    return 1;
  }
  // Opening catches the index up (or rebuilds it for a new thesaurus); then rebuild in full.
  if (auto m = open_matching(*app, cfg); !m) {
    print_error(m.error());
    return 1;
  }
  ProgressBar bar;
  auto status = app->matching->rebuild(
      [&](size_t done, size_t total) { bar.update("reindex", done, total); });
  bar.finish();
  if (!status) {
    print_error(status.error());
    return 1;
  }
  std::printf("yigong: search index %s rebuilt: %llu documents, thesaurus %s\n",
              index_path_of(cfg).c_str(), static_cast<unsigned long long>(status->documents),
              app->matching->thesaurus()->version().c_str());
  return 0;
}

int run_bridge_add(const Config& cfg, const BridgeAddArgs& args) {
  auto app = open_app(cfg);
  if (!app) {
    print_error(app.error());
    return 1;
  }
  if (auto m = open_matching(*app, cfg); !m) {
    print_error(m.error());
    return 1;
  }
  // The command line acts as a platform administrator: whoever runs it owns the database.
  Viewer system;
  system.role = Role::platform_admin;
  auto done = args.link
                  ? app->matching->add_link(system, {args.from, args.to, args.weight})
                  : app->matching->add_concept(system, {args.id, args.kind, args.zh, args.en});
  if (!done) {
    print_error(done.error());
    return 1;
  }
  std::printf("yigong: thesaurus extended; version %s; search index rebuilt\n",
              app->matching->thesaurus()->version().c_str());
  return 0;
}

}  // namespace yigong::cli
