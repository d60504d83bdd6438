// Translation projects through stage gates: creation (directly, from a need, or from an awarded
// proposal), team, maturity in four domains, gate decisions, TRL history, milestones, clinical
// feedback and responses, outcomes, the timeline; and the portfolio's KPIs and collaboration
// network. Every method checks role, tenant and tier; changes are audited in their transaction.
// Answers are the API's JSON bodies (docs/projects.md).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/domain/access.hpp"
#include "core/result.hpp"
#include "service/project_model.hpp"
#include "service/records.hpp"
#include "store/store.hpp"

namespace yigong::service {

struct KpiQuery {
  std::string from, to;     // YYYY-MM-DD, inclusive; empty: open
  std::string area;         // clinical area; empty: all
  bool consortium = false;  // every tenant's projects the caller may see, not only the tenant's
};

// Thread-safe (stateless over a thread-safe Store).
class ProjectService {
 public:
  ProjectService(store::Store& store, RecordService& records) : store_(store), records_(records) {}

  // The clock that stamps events and changes (default: now). Loading historical records (the
  // demo) sets it before each call; not for concurrent use while serving.
  void set_clock(std::function<Micros()> clock) { clock_ = std::move(clock); }

  Result<nlohmann::json> stage_model(const Viewer& viewer);
  Result<nlohmann::json> set_stage_model(const Viewer& viewer, const nlohmann::json& body);

  Result<nlohmann::json> list(const Viewer& viewer, const std::string& stage,
                              const std::string& state, const std::string& area);
  Result<nlohmann::json> create(const Viewer& viewer, const nlohmann::json& body);
  Result<nlohmann::json> create_from_proposal(const Viewer& viewer, std::int64_t proposal);
  Result<nlohmann::json> get(const Viewer& viewer, std::int64_t id);
  Result<nlohmann::json> update(const Viewer& viewer, std::int64_t id, const nlohmann::json& body);
  Result<nlohmann::json> gate(const Viewer& viewer, std::int64_t id, const nlohmann::json& body);
  Result<nlohmann::json> set_trl(const Viewer& viewer, std::int64_t id, const nlohmann::json& body);
  Result<nlohmann::json> add_milestone(const Viewer& viewer, std::int64_t id,
                                       const nlohmann::json& body);
  Result<nlohmann::json> update_milestone(const Viewer& viewer, std::int64_t id,
                                          std::int64_t milestone, const nlohmann::json& body);
  Result<nlohmann::json> add_outcome(const Viewer& viewer, std::int64_t id,
                                     const nlohmann::json& body);
  Result<nlohmann::json> add_feedback(const Viewer& viewer, std::int64_t id,
                                      const nlohmann::json& body);
  Result<nlohmann::json> respond(const Viewer& viewer, std::int64_t id, std::int64_t feedback,
                                 const nlohmann::json& body);
  Result<nlohmann::json> timeline(const Viewer& viewer, std::int64_t id);

  Result<nlohmann::json> kpis(const Viewer& viewer, const KpiQuery& query);
  Result<std::string> kpis_csv(const Viewer& viewer, const KpiQuery& query);
  Result<std::string> kpis_xlsx(const Viewer& viewer, const KpiQuery& query);
  Result<nlohmann::json> network(const Viewer& viewer);

 private:
  enum class Access { none, read, lead, staff };
  struct Loaded {
    Project project;
    Access access = Access::none;
  };
  Result<Loaded> load(store::Tx& tx, const Viewer& viewer, std::int64_t id);
  Result<portfolio::StageModel> model_of(store::Tx& tx, TenantId tenant);
  // models: stage models already read in this transaction, by tenant (a list reads each once).
  Result<nlohmann::json> project_json(
      store::Tx& tx, const Viewer& viewer, const Project& p, Access access,
      std::map<std::int64_t, portfolio::StageModel>* models = nullptr);
  Result<std::int64_t> save(store::Tx& tx, Project& p);
  Result<std::int64_t> event(store::Tx& tx, const Viewer& viewer, const Project& p,
                             const std::string& kind, const nlohmann::json& detail);
  Result<void> check_references(const Viewer& viewer, const Project& p);
  Result<std::vector<Project>> visible_projects(store::Tx& tx, const Viewer& viewer,
                                                bool all_tenants);

  store::Store& store_;
  RecordService& records_;
  std::function<Micros()> clock_ = now_micros;
};

}  // namespace yigong::service
