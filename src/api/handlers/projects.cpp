// Projects, stage gates, KPIs, the collaboration network and the regulatory pathway adviser
// (docs/projects.md).
#include "service/projects.hpp"

#include "api/detail/handlers.hpp"
#include "service/pathway.hpp"

namespace yigong::api::detail {

using nlohmann::json;

namespace {

service::ProjectService& projects(Context& c) { return c.services.projects; }

}  // namespace

Result<HttpResponse> get_stage_model(Context& c) {
  return json_answer(projects(c).stage_model(c.viewer()));
}

Result<HttpResponse> put_stage_model(Context& c) {
  return json_answer(projects(c).set_stage_model(c.viewer(), c.body));
}

Result<HttpResponse> list_projects(Context& c) {
  YG_TRY(only_query(c, {"stage", "state", "area"}));
  return json_answer(projects(c).list(c.viewer(), query_text(c, "stage"), query_text(c, "state"),
                                      query_text(c, "area")));
}

Result<HttpResponse> create_project(Context& c) {
  return json_answer(projects(c).create(c.viewer(), c.body), 201);
}

Result<HttpResponse> project_from_proposal(Context& c) {
  auto id = id_param(c);
  if (!id) return fail(id.error());
  return json_answer(projects(c).create_from_proposal(c.viewer(), *id), 201);
}

Result<HttpResponse> get_project(Context& c) {
  auto id = id_param(c);
  if (!id) return fail(id.error());
  return json_answer(projects(c).get(c.viewer(), *id));
}

Result<HttpResponse> update_project(Context& c) {
  auto id = id_param(c);
  if (!id) return fail(id.error());
  return json_answer(projects(c).update(c.viewer(), *id, c.body));
}

Result<HttpResponse> project_gate(Context& c) {
  auto id = id_param(c);
  if (!id) return fail(id.error());
  return json_answer(projects(c).gate(c.viewer(), *id, c.body));
}

Result<HttpResponse> project_trl(Context& c) {
  auto id = id_param(c);
  if (!id) return fail(id.error());
  return json_answer(projects(c).set_trl(c.viewer(), *id, c.body));
}

Result<HttpResponse> add_project_milestone(Context& c) {
  auto id = id_param(c);
  if (!id) return fail(id.error());
  return json_answer(projects(c).add_milestone(c.viewer(), *id, c.body), 201);
}

Result<HttpResponse> update_project_milestone(Context& c) {
  auto id = id_param(c);
  if (!id) return fail(id.error());
  auto mid = id_param(c, "mid");
  if (!mid) return fail(mid.error());
  return json_answer(projects(c).update_milestone(c.viewer(), *id, *mid, c.body));
}

Result<HttpResponse> add_project_outcome(Context& c) {
  auto id = id_param(c);
  if (!id) return fail(id.error());
  return json_answer(projects(c).add_outcome(c.viewer(), *id, c.body));
}

Result<HttpResponse> add_project_feedback(Context& c) {
  auto id = id_param(c);
  if (!id) return fail(id.error());
  return json_answer(projects(c).add_feedback(c.viewer(), *id, c.body), 201);
}

Result<HttpResponse> respond_project_feedback(Context& c) {
  auto id = id_param(c);
  if (!id) return fail(id.error());
  auto eid = id_param(c, "eid");
  if (!eid) return fail(eid.error());
  return json_answer(projects(c).respond(c.viewer(), *id, *eid, c.body), 201);
}

Result<HttpResponse> project_timeline(Context& c) {
  auto id = id_param(c);
  if (!id) return fail(id.error());
  return json_answer(projects(c).timeline(c.viewer(), *id));
}

Result<HttpResponse> kpis(Context& c) {
  YG_TRY(only_query(c, {"from", "to", "area", "scope", "format"}));
  service::KpiQuery q;
  q.from = query_text(c, "from");
  q.to = query_text(c, "to");
  q.area = query_text(c, "area");
  std::string scope = query_text(c, "scope");
  if (!scope.empty() && scope != "tenant" && scope != "consortium") {
    return fail(Error::invalid("must be tenant or consortium", "scope"));
  }
  q.consortium = scope == "consortium";
  std::string format = query_text(c, "format");
  if (format.empty() || format == "json") return json_answer(projects(c).kpis(c.viewer(), q));
  if (format != "csv" && format != "xlsx") {
    return fail(Error::invalid("must be json, csv or xlsx", "format"));
  }
  auto body =
      format == "csv" ? projects(c).kpis_csv(c.viewer(), q) : projects(c).kpis_xlsx(c.viewer(), q);
  if (!body) return fail(body.error());
  return download(std::move(*body), export_content_type(format), "kpis." + format);
}

Result<HttpResponse> network(Context& c) { return json_answer(projects(c).network(c.viewer())); }

Result<HttpResponse> pathway_facts(Context& c) {
  return json_response(200, c.services.pathway.facts());
}

Result<HttpResponse> pathway_classify(Context& c) {
  return json_answer(c.services.pathway.classify(c.viewer(), c.body));
}

Result<HttpResponse> pathway_plan(Context& c) {
  return json_answer(c.services.pathway.plan(c.viewer(), c.body));
}

}  // namespace yigong::api::detail
