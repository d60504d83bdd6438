// The portfolio's KPIs (after the NIH CAI/REACH evaluation set), their CSV and XLSX exports, and
// the organisations' collaboration network.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "portfolio/kpi.hpp"
#include "portfolio/network.hpp"
#include "service/call_model.hpp"
#include "service/calls.hpp"
#include "service/json_fields.hpp"
#include "service/projects.hpp"

namespace yigong::service {
namespace {

using nlohmann::json;

constexpr double kStallDays = 180;

// At least a teaser of the record is visible to the viewer (organisations are directory records).
bool readable_by(const Viewer& v, const Record& r) {
  return visibility(v, access_of(r), false) != Visibility::none;
}

bool in_period(const std::string& date, const KpiQuery& q) {
  if (date.empty()) return q.from.empty() && q.to.empty();
  return (q.from.empty() || date >= q.from) && (q.to.empty() || date <= q.to);
}

std::string date_of(Micros t) { return format_rfc3339(t).substr(0, 10); }

double round1(double x) { return std::round(x * 10.0) / 10.0; }

// Organisations a project involves: its lead, and the owners of its needs and capabilities.
std::set<std::int64_t> orgs_of(store::Tx& tx, const Project& p) {
  std::set<std::int64_t> out;
  if (p.org) out.insert(p.org.value);
  auto add = [&](RecordKind kind, RecordId id) {
    auto r = tx.get_record(kind, id);
    if (r && *r && (*r)->org && !(*r)->deleted_at) out.insert((*r)->org.value);
  };
  for (auto n : p.needs) add(RecordKind::need, n);
  for (auto c : p.capabilities) add(RecordKind::capability, c);
  return out;
}

std::vector<std::vector<std::string>> kpi_table(const json& k) {
  std::vector<std::vector<std::string>> rows = {{"section", "key", "value", "detail"}};
  auto num = [](const json& v) {
    std::ostringstream s;
    s << (v.is_number_integer() ? static_cast<double>(v.get<std::int64_t>()) : v.get<double>());
    return s.str();
  };
  for (const auto& [key, v] : k["projects"].items()) rows.push_back({"projects", key, num(v), ""});
  for (const auto& [key, v] : k["outcomes"].items()) rows.push_back({"outcomes", key, num(v), ""});
  for (const auto& [key, v] : k["calls"].items()) rows.push_back({"calls", key, num(v), ""});
  for (const auto& s : k["funnel"]) {
    std::string stage = std::to_string(s["stage"].get<int>()) + " " + s["id"].get<std::string>();
    rows.push_back({"funnel", stage, num(s["reached"]),
                    "current " + num(s["current"]) + "; stopped " + num(s["stopped"]) +
                        "; stalled " + num(s["stalled"]) + "; median days " +
                        num(s["median_days"]) + "; p90 days " + num(s["p90_days"])});
  }
  for (const auto& [key, v] : k["needs"]["by_area"].items())
    rows.push_back({"needs by area", key, num(v), ""});
  for (const auto& [key, v] : k["needs"]["by_status"].items()) {
    rows.push_back({"needs by status", key, num(v), ""});
  }
  for (const auto& [key, v] : k["partners"].items()) rows.push_back({"partners", key, num(v), ""});
  return rows;
}

}  // namespace

Result<json> ProjectService::kpis(const Viewer& viewer, const KpiQuery& q) {
  if ((!q.from.empty() && !valid_date(q.from)) || (!q.to.empty() && !valid_date(q.to))) {
    return fail(Error::invalid("dates are YYYY-MM-DD",
                               q.from.empty() || valid_date(q.from) ? "to" : "from"));
  }
  if (!q.from.empty() && !q.to.empty() && q.from > q.to) {
    return fail(Error::invalid("the period ends before it starts", "to"));
  }
  if (!q.area.empty() && !parse_ClinicalArea(q.area)) {
    return fail(Error::invalid("unknown clinical area", "area"));
  }
  return store_.read<json>([&](store::Tx& tx) -> Result<json> {
    auto model = model_of(tx, viewer.tenant);
    if (!model) return fail(model.error());
    auto all = visible_projects(tx, viewer, q.consortium);
    if (!all) return fail(all.error());
    Micros end = now_micros();
    if (!q.to.empty())
      end = std::min<Micros>(end, *parse_rfc3339(q.to) + Micros{86400} * 1000000 - 1);
    std::vector<portfolio::StageHistory> histories;
    json outcomes = json::object();
    for (auto t : outcome_types()) outcomes[std::string(t)] = 0;
    int total = 0, stopped = 0;
    std::map<std::string, int> partners;
    std::set<std::int64_t> partner_orgs;
    int stages = static_cast<int>(model->stages.size());
    for (const auto& p : *all) {
      if (!q.area.empty() && p.clinical_area != q.area) continue;
      if (!q.to.empty() && date_of(p.created_at) > q.to) continue;
      ++total;
      auto events = tx.project_events(p.id);
      if (!events) return fail(events.error());
      portfolio::StageHistory h;
      int start = 0;
      for (const auto& e : *events) {
        if (e.at > end) break;
        json d = json::parse(e.body, nullptr, false);
        if (e.kind == "created") {
          start = d.value("stage", 0);
          h.entered.push_back({e.at, std::clamp(start, 0, stages - 1)});
        } else if (e.kind == "gate") {
          int to = std::clamp(d.value("to", 0), 0, stages - 1);
          if (d.value("decision", "") == "stop") h.stopped_at = e.at;
          if (!h.entered.empty() && to != h.entered.back().second) h.entered.push_back({e.at, to});
        }
      }
      if (h.entered.empty())
        h.entered.push_back({p.created_at, std::clamp(p.stage, 0, stages - 1)});
      if (h.stopped_at) ++stopped;
      histories.push_back(h);
      for (const auto& o : p.outcomes) {
        if (in_period(o.date, q) || (q.from.empty() && q.to.empty())) {
          outcomes[o.type] = outcomes[o.type].get<int>() + 1;
        }
      }
      for (auto org : orgs_of(tx, p)) partner_orgs.insert(org);
    }
    for (auto org : partner_orgs) {
      auto r = tx.get_record(RecordKind::organisation, RecordId(org));
      if (!r) return fail(r.error());
      if (*r && readable_by(viewer, **r)) {
        const std::string* type = (*r)->text("type");
        partners[type ? *type : "other"] += 1;
      }
    }
    auto stats = portfolio::stage_statistics(histories, stages, end, kStallDays);
    json funnel = json::array();
    for (const auto& s : stats) {
      const auto& st = model->stages[static_cast<size_t>(s.stage)];
      funnel.push_back({{"stage", s.stage},
                        {"id", st.id},
                        {"name", st.name},
                        {"name_en", st.name_en},
                        {"reached", s.reached},
                        {"current", s.current},
                        {"stopped", s.stopped_here},
                        {"stalled", s.stalled},
                        {"median_days", round1(s.median_days)},
                        {"p90_days", round1(s.p90_days)}});
    }
    // Needs the caller may see, by area and status (current counts).
    json by_area = json::object(), by_status = json::object();
    ReadScope scope = read_scope(viewer);
    if (q.consortium) {
      auto a = tx.count_by(RecordKind::need, "clinical_area", scope);
      auto s = tx.count_by(RecordKind::need, "status", scope);
      if (!a || !s) return fail(!a ? a.error() : s.error());
      for (const auto& [k, n] : *a) by_area[k.empty() ? "unknown" : k] = n;
      for (const auto& [k, n] : *s) by_status[k.empty() ? "unknown" : k] = n;
    } else {
      store::ListQuery lq;
      lq.scope = scope;
      lq.tenant = viewer.tenant;
      lq.limit = 1000;
      if (!q.area.empty()) lq.equals.push_back({"clinical_area", q.area});
      auto needs = tx.list_records(RecordKind::need, lq);
      if (!needs) return fail(needs.error());
      for (const auto& n : *needs) {
        std::string day = date_of(n.created_at);
        if ((!q.from.empty() && day < q.from) || (!q.to.empty() && day > q.to)) continue;
        const std::string* area = n.text("clinical_area");
        const std::string* status = n.text("status");
        std::string ak = area ? *area : "unknown", sk = status ? *status : "unknown";
        by_area[ak] = by_area.value(ak, 0) + 1;
        by_status[sk] = by_status.value(sk, 0) + 1;
      }
    }
    // Calls of the tenant in the period.
    int calls = 0, proposals = 0, awarded = 0;
    auto call_rows = tx.list_calls(viewer.tenant);
    if (!call_rows) return fail(call_rows.error());
    for (const auto& c : *call_rows) {
      if (c.tenant != viewer.tenant || c.state == "draft") continue;
      std::string day = date_of(c.opens_at);
      if ((!q.from.empty() && day < q.from) || (!q.to.empty() && day > q.to)) continue;
      ++calls;
      auto ps = tx.list_proposals(c.id);
      if (!ps) return fail(ps.error());
      for (const auto& p : *ps) {
        if (p.state == "draft" || p.state == "withdrawn") continue;
        ++proposals;
        awarded += p.state == "awarded" ? 1 : 0;
      }
    }
    json jp = json::object();
    for (const auto& [k, n] : partners) jp[k] = n;
    return json{{"period", {{"from", q.from}, {"to", q.to}}},
                {"area", q.area},
                {"scope", q.consortium ? "consortium" : "tenant"},
                {"needs", {{"by_area", by_area}, {"by_status", by_status}}},
                {"funnel", funnel},
                {"outcomes", outcomes},
                {"projects", {{"total", total}, {"active", total - stopped}, {"stopped", stopped}}},
                {"calls", {{"calls", calls}, {"proposals", proposals}, {"awarded", awarded}}},
                {"partners", jp}};
  });
}

Result<std::string> ProjectService::kpis_csv(const Viewer& viewer, const KpiQuery& q) {
  auto k = kpis(viewer, q);
  if (!k) return fail(k.error());
  return table_to_csv(kpi_table(*k));
}

Result<std::string> ProjectService::kpis_xlsx(const Viewer& viewer, const KpiQuery& q) {
  auto k = kpis(viewer, q);
  if (!k) return fail(k.error());
  return table_to_xlsx(kpi_table(*k), "kpis", {2});
}

Result<json> ProjectService::network(const Viewer& viewer) {
  return store_.read<json>([&](store::Tx& tx) -> Result<json> {
    std::map<std::int64_t, size_t> index;
    std::vector<Record> orgs;
    auto node = [&](std::int64_t org) -> std::optional<size_t> {
      if (auto it = index.find(org); it != index.end()) return it->second;
      auto r = tx.get_record(RecordKind::organisation, RecordId(org));
      if (!r || !*r || (*r)->deleted_at || !readable_by(viewer, **r)) return std::nullopt;
      index[org] = orgs.size();
      orgs.push_back(**r);
      return orgs.size() - 1;
    };
    std::map<std::pair<size_t, size_t>, std::pair<double, std::set<std::string>>> links;
    auto link = [&](std::int64_t a, std::int64_t b, const std::string& kind) {
      if (!a || !b || a == b) return;
      auto x = node(a), y = node(b);
      if (!x || !y) return;
      auto key = std::minmax(*x, *y);
      auto& l = links[{key.first, key.second}];
      l.first += 1;
      l.second.insert(kind);
    };
    auto projects = visible_projects(tx, viewer, false);
    if (!projects) return fail(projects.error());
    for (const auto& p : *projects) {
      auto involved = orgs_of(tx, p);
      for (auto a : involved) {
        for (auto b : involved) {
          if (a < b) link(a, b, "project");
        }
      }
    }
    auto states = tx.match_states_of_tenant(viewer.tenant);
    if (!states) return fail(states.error());
    for (const auto& m : *states) {
      if (m.state != "contacted" && m.state != "accepted") continue;
      auto need = tx.get_record(RecordKind::need, m.need);
      auto target = tx.get_record(m.target_kind, m.target);
      if (!need || !*need || !target || !*target) continue;
      std::int64_t b =
          m.target_kind == RecordKind::organisation ? (*target)->id.value : (*target)->org.value;
      link((*need)->org.value, b, "match");
    }
    auto calls = tx.list_calls(viewer.tenant);
    if (!calls) return fail(calls.error());
    for (const auto& c : *calls) {
      if (c.tenant != viewer.tenant) continue;
      auto ps = tx.list_proposals(c.id);
      if (!ps) return fail(ps.error());
      for (const auto& p : *ps) {
        if (p.state != "draft" && p.state != "withdrawn")
          link(c.sponsor.value, p.org.value, "proposal");
      }
    }
    std::vector<portfolio::NetworkEdge> edges;
    for (const auto& [key, l] : links) edges.push_back({key.first, key.second, l.first});
    auto c = portfolio::centrality(orgs.size(), edges);
    if (!c) return fail(c.error());
    json nodes = json::array(), jl = json::array();
    for (size_t i = 0; i < orgs.size(); ++i) {
      const std::string* n = orgs[i].text("name");
      const std::string* t = orgs[i].text("type");
      nodes.push_back({{"id", orgs[i].id.value},
                       {"name", n ? *n : ""},
                       {"type", t ? *t : ""},
                       {"betweenness", std::round(c->betweenness[i] * 10000.0) / 10000.0},
                       {"component", c->component[i]}});
    }
    for (const auto& [key, l] : links) {
      jl.push_back({{"source", orgs[key.first].id.value},
                    {"target", orgs[key.second].id.value},
                    {"weight", l.first},
                    {"kinds", l.second}});
    }
    return json{{"nodes", nodes}, {"links", jl}};
  });
}

}  // namespace yigong::service
