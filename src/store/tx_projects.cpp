// Projects, their timeline events and milestones, and tenants' stage models.
#include <soci/soci.h>

#include "store/detail/connection.hpp"
#include "store/detail/query.hpp"
#include "store/store.hpp"

namespace yigong::store {
namespace {

using detail::guarded;
using detail::Query;
using detail::returned_id;
using detail::row_int;
using detail::row_opt_int;
using detail::row_text;

constexpr std::string_view kProjectColumns =
    "SELECT id, tenant_id, org_id, stage, state, tier, created_by, created_at, updated_at, "
    "version, body FROM projects ";

ProjectRow project_of_row(const soci::row& r) {
  ProjectRow p;
  p.id = row_int(r, 0);
  p.tenant = TenantId(row_int(r, 1));
  p.org = OrgId(row_opt_int(r, 2).value_or(0));
  p.stage = static_cast<int>(row_int(r, 3));
  p.state = row_text(r, 4);
  p.tier = parse_Tier(row_text(r, 5)).value_or(Tier::private_);
  p.created_by = UserId(row_opt_int(r, 6).value_or(0));
  p.created_at = row_int(r, 7);
  p.updated_at = row_int(r, 8);
  p.version = row_int(r, 9);
  p.body = row_text(r, 10);
  return p;
}

}  // namespace

Result<std::int64_t> Tx::insert_project(const ProjectRow& p) {
  return guarded([&]() -> Result<std::int64_t> {
    Query q;
    q << "INSERT INTO projects (tenant_id, org_id, stage, state, tier, created_by, created_at, "
         "updated_at, version, body) VALUES (";
    q.integer(p.tenant.value) << ", ";
    q.integer(p.org.value, !p.org) << ", ";
    q.integer(p.stage) << ", ";
    q.text(p.state) << ", ";
    q.text(std::string(name(p.tier))) << ", ";
    q.integer(p.created_by.value, !p.created_by) << ", ";
    q.integer(p.created_at) << ", ";
    q.integer(p.updated_at) << ", 1, ";
    q.text(p.body) << ") RETURNING id";
    auto id = returned_id(q, c_);
    if (!id) return fail(Error::internal("insert returned no id"));
    return id;
  });
}

Result<std::int64_t> Tx::update_project(const ProjectRow& p) {
  return guarded([&]() -> Result<std::int64_t> {
    Query q;
    q << "UPDATE projects SET version = version + 1, org_id = ";
    q.integer(p.org.value, !p.org) << ", stage = ";
    q.integer(p.stage) << ", state = ";
    q.text(p.state) << ", tier = ";
    q.text(std::string(name(p.tier))) << ", updated_at = ";
    q.integer(p.updated_at) << ", body = ";
    q.text(p.body) << " WHERE id = ";
    q.integer(p.id) << " AND version = ";
    q.integer(p.version);
    if (q.execute(c_) != 1) {
      return fail(Error::conflict("the project changed since it was read (version " +
                                      std::to_string(p.version) + "); reload and retry",
                                  "version"));
    }
    return p.version + 1;
  });
}

Result<std::optional<ProjectRow>> Tx::get_project(std::int64_t id) {
  return guarded([&]() -> Result<std::optional<ProjectRow>> {
    Query q;
    q << kProjectColumns << "WHERE id = ";
    q.integer(id);
    std::optional<ProjectRow> out;
    q.each(c_, [&](const soci::row& r) { out = project_of_row(r); });
    return out;
  });
}

Result<std::vector<ProjectRow>> Tx::list_projects(TenantId tenant) {
  return guarded([&]() -> Result<std::vector<ProjectRow>> {
    Query q;
    q << kProjectColumns;
    if (tenant) {
      q << "WHERE tenant_id = ";
      q.integer(tenant.value) << " OR tier = 'public' ";
    }
    q << "ORDER BY id DESC LIMIT 5000";
    std::vector<ProjectRow> out;
    q.each(c_, [&](const soci::row& r) { out.push_back(project_of_row(r)); });
    return out;
  });
}

Result<std::int64_t> Tx::insert_project_event(const ProjectEvent& e) {
  return guarded([&]() -> Result<std::int64_t> {
    Query q;
    q << "INSERT INTO project_events (project_id, kind, at, actor, body) VALUES (";
    q.integer(e.project) << ", ";
    q.text(e.kind) << ", ";
    q.integer(e.at) << ", ";
    q.integer(e.actor.value, !e.actor) << ", ";
    q.text(e.body) << ") RETURNING id";
    auto id = returned_id(q, c_);
    if (!id) return fail(Error::internal("insert returned no id"));
    return id;
  });
}

Result<std::vector<ProjectEvent>> Tx::project_events(std::int64_t project) {
  return guarded([&]() -> Result<std::vector<ProjectEvent>> {
    Query q;
    q << "SELECT id, project_id, kind, at, actor, body FROM project_events WHERE project_id = ";
    q.integer(project) << " ORDER BY at, id";
    std::vector<ProjectEvent> out;
    q.each(c_, [&](const soci::row& r) {
      out.push_back({row_int(r, 0), row_int(r, 1), row_text(r, 2), row_int(r, 3),
                     UserId(row_opt_int(r, 4).value_or(0)), row_text(r, 5)});
    });
    return out;
  });
}

Result<std::int64_t> Tx::insert_milestone(const MilestoneRow& m) {
  return guarded([&]() -> Result<std::int64_t> {
    Query q;
    q << "INSERT INTO project_milestones (project_id, title, due, owner, status, updated_at) "
         "VALUES (";
    q.integer(m.project) << ", ";
    q.text(m.title) << ", ";
    q.text(m.due) << ", ";
    q.integer(m.owner.value, !m.owner) << ", ";
    q.text(m.status) << ", ";
    q.integer(m.updated_at) << ") RETURNING id";
    auto id = returned_id(q, c_);
    if (!id) return fail(Error::internal("insert returned no id"));
    return id;
  });
}

Result<void> Tx::update_milestone(const MilestoneRow& m) {
  return guarded([&]() -> Result<void> {
    Query q;
    q << "UPDATE project_milestones SET title = ";
    q.text(m.title) << ", due = ";
    q.text(m.due) << ", owner = ";
    q.integer(m.owner.value, !m.owner) << ", status = ";
    q.text(m.status) << ", updated_at = ";
    q.integer(m.updated_at) << " WHERE id = ";
    q.integer(m.id) << " AND project_id = ";
    q.integer(m.project);
    if (q.execute(c_) != 1) return fail(Error::not_found("milestone", std::to_string(m.id)));
    return ok();
  });
}

Result<std::vector<MilestoneRow>> Tx::milestones(std::int64_t project) {
  return guarded([&]() -> Result<std::vector<MilestoneRow>> {
    Query q;
    q << "SELECT id, project_id, title, due, owner, status, updated_at FROM project_milestones "
         "WHERE project_id = ";
    q.integer(project) << " ORDER BY due, id";
    std::vector<MilestoneRow> out;
    q.each(c_, [&](const soci::row& r) {
      out.push_back({row_int(r, 0), row_int(r, 1), row_text(r, 2), row_text(r, 3), row_text(r, 5),
                     UserId(row_opt_int(r, 4).value_or(0)), row_int(r, 6)});
    });
    return out;
  });
}

Result<std::optional<std::string>> Tx::stage_model(TenantId tenant) {
  return guarded([&]() -> Result<std::optional<std::string>> {
    Query q;
    q << "SELECT body FROM stage_models WHERE tenant_id = ";
    q.integer(tenant.value);
    std::optional<std::string> out;
    q.each(c_, [&](const soci::row& r) { out = row_text(r, 0); });
    return out;
  });
}

Result<void> Tx::set_stage_model(TenantId tenant, const std::string& body) {
  return guarded([&]() -> Result<void> {
    Query del;
    del << "DELETE FROM stage_models WHERE tenant_id = ";
    del.integer(tenant.value);
    del.execute(c_);
    Query q;
    q << "INSERT INTO stage_models (tenant_id, body) VALUES (";
    q.integer(tenant.value) << ", ";
    q.text(body) << ")";
    q.execute(c_);
    return ok();
  });
}

}  // namespace yigong::store
