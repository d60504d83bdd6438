// Reviewer pools, conflict-free assignment (match::assign_reviewers), reviews, ranking with
// per-reviewer normalisation, exports and decisions.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "core/utf8.hpp"
#include "match/assign.hpp"
#include "review/aggregate.hpp"
#include "service/calls.hpp"
#include "service/json_fields.hpp"

namespace yigong::service {
namespace {

using nlohmann::json;
using review::CallState;
using review::ProposalState;

constexpr double kMicro = 1e6;

std::string group_of_discipline(const std::string& d) {
  if (d == "clinician") return "clinician";
  if (d == "engineer" || d == "scientist") return "engineer";
  return "other";
}

bool reviewable(const Proposal& p) {
  return p.state == ProposalState::submitted || p.state == ProposalState::awarded ||
         p.state == ProposalState::rejected;
}

std::string text_for_matching(const Proposal& p) { return p.title + "\n" + p.summary; }

Result<std::map<std::string, int>> scores_of_json(const json& j) {
  if (!j.is_object())
    return fail(Error::invalid("must be an object of criterion: score", "scores"));
  std::map<std::string, int> out;
  for (const auto& [k, v] : j.items()) {
    if (!v.is_number_integer()) return fail(Error::invalid("must be an integer", "scores." + k));
    auto x = v.get<std::int64_t>();
    if (x < 0 || x > 100) return fail(Error::invalid("is out of range", "scores." + k));
    out[k] = static_cast<int>(x);
  }
  return out;
}

json review_json(const store::ReviewRow& r) {
  json scores = json::object();
  try {
    scores = json::parse(r.scores);
  } catch (const json::exception&) {
  }
  return {{"proposal", r.proposal},
          {"scores", scores},
          {"comment", r.comment},
          {"weighted", r.weighted_micros ? json(*r.weighted_micros / kMicro) : json(nullptr)},
          {"submitted", r.submitted_at.has_value()},
          {"submitted_at", r.submitted_at ? format_rfc3339(*r.submitted_at) : ""},
          {"updated_at", format_rfc3339(r.updated_at)}};
}

double round3(double x) { return std::round(x * 1000.0) / 1000.0; }

}  // namespace

// The call's reviewer pool: chosen users, or every reviewer of the tenant when none chosen.
struct CallService::Pool {
  struct Member {
    User user;
    std::string discipline, group, expertise, org_name;
  };
  std::vector<Member> members;
};

Result<CallService::Pool> CallService::pool_of(store::Tx& tx, const Call& call) {
  auto chosen = tx.call_reviewers(call.id);
  if (!chosen) return fail(chosen.error());
  std::vector<User> users;
  if (chosen->empty()) {
    auto all = tx.list_users(call.tenant);
    if (!all) return fail(all.error());
    for (const auto& u : *all) {
      if (u.role == Role::reviewer && !u.disabled_at) users.push_back(u);
    }
  } else {
    for (auto id : *chosen) {
      auto u = tx.get_user(id);
      if (!u) return fail(u.error());
      if (*u && !(*u)->disabled_at) users.push_back(**u);
    }
  }
  Pool pool;
  for (const auto& u : users) {
    Pool::Member m{u, "", "other", u.name, ""};
    auto person = tx.user_person(u.id);
    if (!person) return fail(person.error());
    if (*person) {
      auto rec = tx.get_record(RecordKind::person, **person);
      if (!rec) return fail(rec.error());
      if (*rec && !(*rec)->deleted_at) {
        const Record& r = **rec;
        if (auto d = r.text("discipline")) m.discipline = *d;
        if (auto t = r.text("title")) m.expertise += "\n" + *t;
        auto it = r.fields.find("expertise");
        if (it != r.fields.end()) {
          if (auto* list = std::get_if<std::vector<std::string>>(&it->second)) {
            for (const auto& e : *list) m.expertise += "\n" + e;
          }
        }
      }
    }
    m.group = group_of_discipline(m.discipline);
    auto org = org_ref(tx, u.org);
    if (!org) return fail(org.error());
    if (*org) m.org_name = (*org)->name;
    pool.members.push_back(std::move(m));
  }
  return pool;
}

Result<json> CallService::reviewers(const Viewer& viewer, std::int64_t call_id) {
  return store_.read<json>([&](store::Tx& tx) -> Result<json> {
    auto call = load_staff_call(tx, viewer, call_id);
    if (!call) return fail(call.error());
    auto pool = pool_of(tx, *call);
    if (!pool) return fail(pool.error());
    json items = json::array();
    for (const auto& m : pool->members) {
      items.push_back({{"user", m.user.id.value},
                       {"name", m.user.name},
                       {"discipline", m.discipline},
                       {"group", m.group},
                       {"org", m.user.org ? json{{"id", m.user.org.value}, {"name", m.org_name}}
                                          : json(nullptr)},
                       {"expertise", m.expertise}});
    }
    return json{{"items", items}};
  });
}

Result<json> CallService::set_reviewers(const Viewer& viewer, std::int64_t call_id,
                                        const json& body) {
  if (!body.is_object() || !body.contains("users") || !body["users"].is_array() ||
      body["users"].size() > 2000) {
    return fail(Error::invalid("give the reviewers as {\"users\": [ids]}", "users"));
  }
  std::vector<UserId> ids;
  for (const auto& v : body["users"]) {
    if (!v.is_number_integer() || v.get<std::int64_t>() < 1) {
      return fail(Error::invalid("must be user ids", "users"));
    }
    UserId id(v.get<std::int64_t>());
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
  }
  auto done = store_.write<bool>([&](store::Tx& tx) -> Result<bool> {
    auto call = load_staff_call(tx, viewer, call_id);
    if (!call) return fail(call.error());
    for (auto id : ids) {
      auto u = tx.get_user(id);
      if (!u) return fail(u.error());
      if (!*u || (*u)->tenant != call->tenant) {
        return fail(
            Error::unprocessable("user " + id.str() + " is not a user of this tenant", "users"));
      }
    }
    YG_TRY(tx.set_call_reviewers(call_id, ids));
    YG_TRY(
        audit(tx, viewer, call->tenant, "reviewers", "call", call_id, {{"users", body["users"]}}));
    return true;
  });
  if (!done) return fail(done.error());
  return reviewers(viewer, call_id);
}

Result<json> CallService::board_in(store::Tx& tx, const Call& call) {
  auto pool = pool_of(tx, call);
  if (!pool) return fail(pool.error());
  auto rows = tx.list_proposals(call.id);
  if (!rows) return fail(rows.error());
  std::vector<Proposal> proposals;
  for (const auto& r : *rows) {
    auto p = proposal_of(r);
    if (!p) return fail(p.error());
    if (reviewable(*p)) proposals.push_back(*p);
  }
  auto assigned = tx.assignments_of_call(call.id);
  if (!assigned) return fail(assigned.error());
  auto rules = tx.assignment_rules(call.id);
  if (!rules) return fail(rules.error());
  auto reviews = tx.reviews_of_call(call.id);
  if (!reviews) return fail(reviews.error());
  auto relations = relations_of(tx, call.tenant);
  if (!relations) return fail(relations.error());
  std::vector<std::string> queries, documents;
  for (const auto& p : proposals) queries.push_back(text_for_matching(p));
  for (const auto& m : pool->members) documents.push_back(m.expertise);
  std::vector<std::vector<double>> scores(proposals.size(),
                                          std::vector<double>(documents.size(), 0.0));
  if (matching_) {
    auto s = matching_->expertise_scores(queries, documents);
    if (!s) return fail(s.error());
    scores = *s;
  }
  json jp = json::array(), jr = json::array(), cells = json::array();
  for (const auto& p : proposals) {
    auto org = org_ref(tx, p.org);
    if (!org) return fail(org.error());
    jp.push_back(
        {{"id", p.id},
         {"title", p.title},
         {"org", *org ? json{{"id", (*org)->id.value}, {"name", (*org)->name}} : json(nullptr)}});
  }
  for (const auto& m : pool->members) {
    int load =
        static_cast<int>(std::count_if(assigned->begin(), assigned->end(), [&](const auto& a) {
          return a.reviewer == m.user.id && a.state == "assigned";
        }));
    jr.push_back({{"user", m.user.id.value},
                  {"name", m.user.name},
                  {"discipline", m.discipline},
                  {"group", m.group},
                  {"org", m.org_name},
                  {"load", load}});
  }
  for (size_t i = 0; i < proposals.size(); ++i) {
    for (size_t j = 0; j < pool->members.size(); ++j) {
      UserId r = pool->members[j].user.id;
      auto conflicts = conflicts_with(call, proposals[i], r, pool->members[j].user.org, *relations);
      auto a = std::find_if(assigned->begin(), assigned->end(), [&](const auto& x) {
        return x.proposal == proposals[i].id && x.reviewer == r;
      });
      auto rule = std::find_if(rules->begin(), rules->end(), [&](const auto& x) {
        return x.proposal == proposals[i].id && x.reviewer == r;
      });
      bool reviewed = std::any_of(reviews->begin(), reviews->end(), [&](const auto& v) {
        return v.proposal == proposals[i].id && v.reviewer == r && v.submitted_at;
      });
      cells.push_back({{"proposal", proposals[i].id},
                       {"reviewer", r.value},
                       {"score", round3(scores[i][j])},
                       {"conflicts", conflicts},
                       {"assigned", a != assigned->end() && a->state == "assigned"},
                       {"recused", a != assigned->end() && a->state == "recused"},
                       {"pinned", rule != rules->end() && rule->rule == "pin"},
                       {"forbidden", rule != rules->end() && rule->rule == "forbid"},
                       {"reviewed", reviewed}});
    }
  }
  return json{{"settings", review_settings_to_json(call.review)},
              {"proposals", jp},
              {"reviewers", jr},
              {"cells", cells}};
}

Result<json> CallService::board(const Viewer& viewer, std::int64_t call_id) {
  return store_.read<json>([&](store::Tx& tx) -> Result<json> {
    auto call = load_staff_call(tx, viewer, call_id);
    if (!call) return fail(call.error());
    auto b = board_in(tx, *call);
    if (!b) return fail(b.error());
    int per = call->review.per_proposal;
    bool complete = !(*b)["proposals"].empty();
    double total = 0;
    for (const auto& p : (*b)["proposals"]) {
      int n = 0;
      for (const auto& c : (*b)["cells"]) {
        if (c["proposal"] == p["id"] && c["assigned"].get<bool>()) {
          ++n;
          total += c["score"].get<double>();
        }
      }
      complete = complete && n >= per;
    }
    (*b)["complete"] = complete;
    (*b)["total_score"] = round3(total);
    (*b)["shortfalls"] = json::array();
    return *b;
  });
}

namespace {

struct PairRef {
  std::int64_t proposal = 0, reviewer = 0;
};

Result<std::vector<PairRef>> pairs_of(const json& body, const char* key) {
  std::vector<PairRef> out;
  if (!body.contains(key)) return out;
  const auto& list = body[key];
  if (!list.is_array() || list.size() > 10000) {
    return fail(Error::invalid("must be a list of {proposal, reviewer}", key));
  }
  for (const auto& x : list) {
    if (!x.is_object() || !x.contains("proposal") || !x.contains("reviewer") ||
        !x["proposal"].is_number_integer() || !x["reviewer"].is_number_integer()) {
      return fail(Error::invalid("must be a list of {proposal, reviewer}", key));
    }
    out.push_back({x["proposal"].get<std::int64_t>(), x["reviewer"].get<std::int64_t>()});
  }
  return out;
}

}  // namespace

Result<json> CallService::assign(const Viewer& viewer, std::int64_t call_id, const json& body) {
  if (!body.is_object()) return fail(Error::invalid("the body must be a JSON object"));
  auto pins = pairs_of(body, "pins");
  if (!pins) return fail(pins.error());
  auto forbids = pairs_of(body, "forbids");
  if (!forbids) return fail(forbids.error());
  json shortfalls = json::array();
  bool complete = false;
  double total = 0;
  auto done = store_.write<bool>([&](store::Tx& tx) -> Result<bool> {
    auto call = load_staff_call(tx, viewer, call_id);
    if (!call) return fail(call.error());
    if (call->state != CallState::closed && call->state != CallState::in_review) {
      return fail(Error::conflict("reviewers are assigned once the call has closed (state " +
                                  std::string(name(call->state)) + ")"));
    }
    auto settings = review_settings_from_json(body, call->review);
    if (!settings) return fail(settings.error());
    call->review = *settings;
    auto b = board_in(tx, *call);
    if (!b) return fail(b.error());
    const json& props = (*b)["proposals"];
    const json& revs = (*b)["reviewers"];
    std::map<std::int64_t, size_t> pi, ri;
    for (size_t i = 0; i < props.size(); ++i) pi[props[i]["id"].get<std::int64_t>()] = i;
    for (size_t j = 0; j < revs.size(); ++j) ri[revs[j]["user"].get<std::int64_t>()] = j;
    std::set<std::pair<std::int64_t, std::int64_t>> forbid_set, pin_set;
    std::vector<store::AssignmentRule> rules;
    for (const auto& f : *forbids) {
      if (!pi.count(f.proposal) || !ri.count(f.reviewer)) {
        return fail(Error::invalid("proposal " + std::to_string(f.proposal) + " or reviewer " +
                                       std::to_string(f.reviewer) + " is not on the board",
                                   "forbids"));
      }
      forbid_set.insert({f.proposal, f.reviewer});
      rules.push_back({f.proposal, UserId(f.reviewer), "forbid"});
    }
    for (const auto& p : *pins) {
      if (!pi.count(p.proposal) || !ri.count(p.reviewer)) {
        return fail(Error::invalid("proposal " + std::to_string(p.proposal) + " or reviewer " +
                                       std::to_string(p.reviewer) + " is not on the board",
                                   "pins"));
      }
      if (forbid_set.count({p.proposal, p.reviewer})) {
        return fail(Error::invalid("a pair cannot be both pinned and forbidden", "pins"));
      }
      pin_set.insert({p.proposal, p.reviewer});
      rules.push_back({p.proposal, UserId(p.reviewer), "pin"});
    }
    match::AssignProblem problem;
    problem.proposals = props.size();
    problem.per_proposal = settings->per_proposal;
    problem.min_per_group = settings->mix;
    for (const auto& r : revs) {
      problem.reviewers.push_back({r["group"].get<std::string>(), settings->max_load});
    }
    std::vector<store::AssignmentRow> kept;  // reviewed pairs stay
    for (const auto& c : (*b)["cells"]) {
      auto p = c["proposal"].get<std::int64_t>(), r = c["reviewer"].get<std::int64_t>();
      bool reviewed = c["reviewed"].get<bool>();
      bool blocked =
          !c["conflicts"].empty() || c["recused"].get<bool>() || forbid_set.count({p, r});
      if (blocked && !reviewed) {
        if (pin_set.count({p, r})) {
          return fail(Error::unprocessable(
              "reviewer " + std::to_string(r) + " cannot review proposal " + std::to_string(p) +
                  ": " +
                  (c["conflicts"].empty() ? std::string("recused or forbidden")
                                          : c["conflicts"][0].get<std::string>()),
              "pins"));
        }
        continue;
      }
      problem.edges.push_back({pi[p], ri[r], c["score"].get<double>()});
      if (reviewed || pin_set.count({p, r})) problem.pinned.push_back({pi[p], ri[r]});
    }
    std::map<std::pair<size_t, size_t>, double> edge_score;
    for (const auto& e : problem.edges) edge_score[{e.proposal, e.reviewer}] = e.score;
    auto result = match::assign_reviewers(problem);
    if (!result) return fail(result.error());
    std::vector<store::AssignmentRow> rows;
    std::set<std::pair<std::int64_t, std::int64_t>> reviewed_pairs;
    for (const auto& c : (*b)["cells"]) {
      if (c["reviewed"].get<bool>()) {
        reviewed_pairs.insert(
            {c["proposal"].get<std::int64_t>(), c["reviewer"].get<std::int64_t>()});
      }
    }
    std::vector<UserId> notified;
    Micros now = now_micros();
    for (auto [p, r] : result->pairs) {
      auto proposal = props[p]["id"].get<std::int64_t>();
      auto reviewer = revs[r]["user"].get<std::int64_t>();
      if (reviewed_pairs.count({proposal, reviewer})) continue;  // kept as it is
      auto found = edge_score.find({p, r});
      double score = found == edge_score.end() ? 0.0 : found->second;
      rows.push_back({call_id, proposal, UserId(reviewer),
                      static_cast<std::int64_t>(std::llround(score * kMicro)), "assigned", now});
      notified.push_back(UserId(reviewer));
    }
    YG_TRY(tx.replace_open_assignments(call_id, rows));
    YG_TRY(tx.set_assignment_rules(call_id, rules));
    YG_TRY(save_call(tx, *call));
    for (const auto& s : result->shortfalls) {
      shortfalls.push_back({{"proposal", props[s.proposal]["id"]},
                            {"title", props[s.proposal]["title"]},
                            {"group", s.group},
                            {"missing", s.missing},
                            {"eligible", s.eligible}});
    }
    complete = result->complete;
    total = result->total_score;
    YG_TRY(audit(tx, viewer, call->tenant, "assign", "call", call_id,
                 {{"pairs", result->pairs.size()},
                  {"complete", complete},
                  {"settings", review_settings_to_json(*settings)}}));
    YG_TRY(notify(tx, notified, "assignment",
                  "You are asked to review proposals of the call \"" + call->title + "\"",
                  "/reviews"));
    return true;
  });
  if (!done) return fail(done.error());
  auto b = board(viewer, call_id);
  if (!b) return fail(b.error());
  (*b)["complete"] = complete;
  (*b)["total_score"] = round3(total);
  (*b)["shortfalls"] = shortfalls;
  return *b;
}

// ---- reviews ----

Result<json> CallService::my_reviews(const Viewer& viewer) {
  return store_.read<json>([&](store::Tx& tx) -> Result<json> {
    auto rows = tx.assignments_of_reviewer(viewer.user);
    if (!rows) return fail(rows.error());
    json items = json::array();
    for (const auto& a : *rows) {
      auto x = load_proposal(tx, viewer, a.proposal);
      bool recused = a.state == "recused";
      if (!x && !recused) continue;  // a conflict recorded since: the proposal is out of reach
      auto call = load_call(tx, viewer, a.call);
      if (!call) continue;
      json item = {{"call",
                    {{"id", call->id},
                     {"title", call->title},
                     {"blind", call->review.blind},
                     {"state", name(call->state)},
                     {"rubric", rubric_to_json(call->rubric)}}}};
      if (recused) {
        item["proposal"] = {{"id", a.proposal}};
        item["review"] = nullptr;
        item["state"] = "recused";
        items.push_back(item);
        continue;
      }
      auto pj = proposal_json(tx, x->proposal, x->access == Access::reviewer && call->review.blind);
      if (!pj) return fail(pj.error());
      item["proposal"] = *pj;
      auto v = tx.get_review(a.proposal, viewer.user);
      if (!v) return fail(v.error());
      item["review"] = *v ? review_json(**v) : json(nullptr);
      item["state"] = !*v ? "to_do" : (*v)->submitted_at ? "submitted" : "draft";
      items.push_back(item);
    }
    return json{{"items", items}};
  });
}

Result<json> CallService::get_review(const Viewer& viewer, std::int64_t proposal) {
  return store_.read<json>([&](store::Tx& tx) -> Result<json> {
    auto x = load_proposal(tx, viewer, proposal);
    if (!x) return fail(x.error());
    if (x->access != Access::reviewer) {
      return fail(Error::not_found("review", std::to_string(proposal)));
    }
    auto v = tx.get_review(proposal, viewer.user);
    if (!v) return fail(v.error());
    if (!*v) return fail(Error::not_found("review", std::to_string(proposal)));
    return review_json(**v);
  });
}

Result<json> CallService::put_review(const Viewer& viewer, std::int64_t proposal,
                                     const json& body) {
  if (!body.is_object()) return fail(Error::invalid("the body must be a JSON object"));
  for (const auto& [k, v] : body.items()) {
    if (k != "scores" && k != "comment" && k != "submit") {
      return fail(Error::invalid("unknown field", k));
    }
  }
  auto scores = scores_of_json(body.value("scores", json::object()));
  if (!scores) return fail(scores.error());
  const json& c = body.contains("comment") ? body["comment"] : json("");
  if (!c.is_string() || c.get<std::string>().size() > 20000 ||
      !is_valid_utf8(c.get<std::string>())) {
    return fail(Error::invalid("must be text of at most 20,000 bytes", "comment"));
  }
  const json& s = body.contains("submit") ? body["submit"] : json(false);
  if (!s.is_boolean()) return fail(Error::invalid("must be true or false", "submit"));
  return store_.write<json>([&](store::Tx& tx) -> Result<json> {
    auto x = load_proposal(tx, viewer, proposal);
    if (!x) return fail(x.error());
    if (x->access != Access::reviewer) {
      return fail(Error::forbidden("only a reviewer assigned to this proposal reviews it"));
    }
    if (x->call.state != CallState::in_review) {
      return fail(Error::conflict("reviews are written while the call is in review (state " +
                                  std::string(name(x->call.state)) + ")"));
    }
    if (x->proposal.state != ProposalState::submitted) {
      return fail(Error::conflict("the proposal is already decided"));
    }
    store::ReviewRow row{
        proposal,     viewer.user,  x->call.id,  json(*scores).dump(), c.get<std::string>(),
        std::nullopt, std::nullopt, now_micros()};
    if (s.get<bool>()) {
      auto w = review::weighted_score(x->call.rubric, *scores);
      if (!w) return fail(w.error());
      row.weighted_micros = std::llround(*w * kMicro);
      row.submitted_at = row.updated_at;
    } else {
      YG_TRY(review::check_partial_scores(x->call.rubric, *scores));
    }
    YG_TRY(tx.put_review(row));
    YG_TRY(audit(tx, viewer, x->call.tenant, s.get<bool>() ? "review_submit" : "review_save",
                 "proposal", proposal, {{"scores", *scores}}));
    return review_json(row);
  });
}

Result<void> CallService::recuse(const Viewer& viewer, std::int64_t proposal, const json& body) {
  if (!body.is_object()) return fail(Error::invalid("the body must be a JSON object"));
  std::string reason = body.value("reason", "");
  if (reason.empty() || reason.size() > 1000 || !is_valid_utf8(reason)) {
    return fail(Error::invalid("say why (1 to 1000 bytes)", "reason"));
  }
  return store_
      .write<bool>([&](store::Tx& tx) -> Result<bool> {
        auto x = load_proposal(tx, viewer, proposal);
        if (!x) return fail(x.error());
        if (x->access != Access::reviewer) {
          return fail(Error::forbidden("only an assigned reviewer recuses"));
        }
        YG_TRY(tx.set_assignment_state(proposal, viewer.user, "recused"));
        store::RelationRow r;
        r.tenant = x->call.tenant;
        r.kind = "declared";
        r.user = viewer.user;
        r.org = x->proposal.org;
        r.note = reason;
        r.created_by = viewer.user;
        r.created_at = now_micros();
        auto id = tx.insert_relation(r);
        if (!id) return fail(id.error());
        YG_TRY(audit(tx, viewer, x->call.tenant, "recuse", "proposal", proposal,
                     {{"reason", reason}}));
        return true;
      })
      .map([](bool) {});
}

// ---- ranking ----

Result<json> CallService::ranking_in(store::Tx& tx, const Viewer& viewer, std::int64_t call_id) {
  auto call = load_staff_call(tx, viewer, call_id);
  if (!call) return fail(call.error());
  auto rows = tx.list_proposals(call_id);
  if (!rows) return fail(rows.error());
  std::vector<Proposal> proposals;
  std::map<std::int64_t, size_t> index;
  for (const auto& r : *rows) {
    auto p = proposal_of(r);
    if (!p) return fail(p.error());
    if (!reviewable(*p)) continue;
    index[p->id] = proposals.size();
    proposals.push_back(*p);
  }
  auto reviews = tx.reviews_of_call(call_id);
  if (!reviews) return fail(reviews.error());
  std::vector<review::ScoredReview> scored;
  for (const auto& v : *reviews) {
    if (!v.submitted_at || !v.weighted_micros || !index.count(v.proposal)) continue;
    review::ScoredReview s;
    s.proposal = index[v.proposal];
    s.reviewer = v.reviewer.value;
    s.weighted = *v.weighted_micros / kMicro;
    json sc = json::parse(v.scores, nullptr, false);
    for (const auto& c : call->rubric.criteria) {
      s.criteria.push_back(sc.is_object() && sc.contains(c.id) ? sc[c.id].get<double>() : 0.0);
    }
    scored.push_back(std::move(s));
  }
  auto ranked = review::rank_proposals(proposals.size(), call->rubric.criteria.size(), scored,
                                       call->rubric.scale / 4.0);
  json criteria = json::array();
  for (const auto& c : call->rubric.criteria) {
    criteria.push_back(
        {{"id", c.id}, {"name", c.name}, {"name_en", c.name_en}, {"weight", c.weight}});
  }
  json items = json::array();
  for (const auto& r : ranked) {
    const Proposal& p = proposals[r.proposal];
    auto org = org_ref(tx, p.org);
    if (!org) return fail(org.error());
    json per = json::object();
    for (size_t c = 0; c < call->rubric.criteria.size(); ++c) {
      per[call->rubric.criteria[c].id] = round3(r.criteria[c]);
    }
    std::string tie;
    for (auto other : r.tied_with) {
      tie += (tie.empty() ? "tied with proposal " : ", ") + std::to_string(proposals[other].id);
    }
    if (!tie.empty()) {
      tie += r.reviews ? " (same normalised and raw score)" : " (no reviews yet)";
    }
    items.push_back(
        {{"rank", r.rank},
         {"proposal",
          {{"id", p.id},
           {"title", p.title},
           {"state", name(p.state)},
           {"org", *org ? json{{"id", (*org)->id.value}, {"name", (*org)->name}} : json(nullptr)}}},
         {"reviews", r.reviews},
         {"raw", round3(r.raw)},
         {"normalised", round3(r.normalised)},
         {"criteria", per},
         {"spread", round3(r.spread)},
         {"disagreement", r.disagreement},
         {"tie", tie}});
  }
  return json{{"call", {{"id", call->id}, {"title", call->title}, {"scale", call->rubric.scale}}},
              {"criteria", criteria},
              {"items", items}};
}

Result<json> CallService::ranking(const Viewer& viewer, std::int64_t call_id) {
  return store_.read<json>(
      [&](store::Tx& tx) -> Result<json> { return ranking_in(tx, viewer, call_id); });
}

namespace {

std::vector<std::vector<std::string>> ranking_table(const json& r) {
  std::vector<std::string> head = {"rank",   "proposal",     "title", "organisation",
                                   "state",  "reviews",      "raw",   "normalised",
                                   "spread", "disagreement", "tie"};
  for (const auto& c : r["criteria"]) head.push_back(c["id"].get<std::string>());
  std::vector<std::vector<std::string>> out = {head};
  auto num = [](const json& v) {
    std::ostringstream s;
    s << v.get<double>();
    return s.str();
  };
  for (const auto& it : r["items"]) {
    const auto& p = it["proposal"];
    std::vector<std::string> row = {std::to_string(it["rank"].get<int>()),
                                    std::to_string(p["id"].get<std::int64_t>()),
                                    p["title"].get<std::string>(),
                                    p["org"].is_null() ? "" : p["org"]["name"].get<std::string>(),
                                    p["state"].get<std::string>(),
                                    std::to_string(it["reviews"].get<int>()),
                                    num(it["raw"]),
                                    num(it["normalised"]),
                                    num(it["spread"]),
                                    it["disagreement"].get<bool>() ? "yes" : "no",
                                    it["tie"].get<std::string>()};
    for (const auto& c : r["criteria"])
      row.push_back(num(it["criteria"][c["id"].get<std::string>()]));
    out.push_back(std::move(row));
  }
  return out;
}

}  // namespace

Result<std::string> CallService::ranking_csv(const Viewer& viewer, std::int64_t call_id) {
  auto r = ranking(viewer, call_id);
  if (!r) return fail(r.error());
  return table_to_csv(ranking_table(*r));
}

Result<std::string> CallService::ranking_xlsx(const Viewer& viewer, std::int64_t call_id) {
  auto r = ranking(viewer, call_id);
  if (!r) return fail(r.error());
  auto table = ranking_table(*r);
  std::vector<size_t> numeric = {0, 1, 5, 6, 7, 8};
  for (size_t j = 11; j < table.front().size(); ++j) numeric.push_back(j);
  return table_to_xlsx(table, "ranking", numeric);
}

// ---- decisions ----

Result<json> CallService::decide(const Viewer& viewer, std::int64_t proposal, const json& body) {
  if (!body.is_object()) return fail(Error::invalid("the body must be a JSON object"));
  std::string outcome = body.value("outcome", "");
  if (outcome != "award" && outcome != "reject") {
    return fail(Error::invalid("must be award or reject", "outcome"));
  }
  const json& reason = body.contains("reason") ? body["reason"] : json("");
  if (!reason.is_string() || reason.get<std::string>().empty() ||
      reason.get<std::string>().size() > 4000 || !is_valid_utf8(reason.get<std::string>())) {
    return fail(Error::invalid("give the reason (1 to 4000 bytes)", "reason"));
  }
  return store_.write<json>([&](store::Tx& tx) -> Result<json> {
    auto x = load_proposal(tx, viewer, proposal);
    if (!x) return fail(x.error());
    if (x->access != Access::staff) {
      return fail(Error::forbidden("only the call's operators decide"));
    }
    if (x->call.state != CallState::in_review) {
      return fail(Error::conflict("decisions are made while the call is in review (state " +
                                  std::string(name(x->call.state)) + ")"));
    }
    auto& p = x->proposal;
    auto to = outcome == "award" ? ProposalState::awarded : ProposalState::rejected;
    YG_TRY(review::check_proposal_transition(p.state, to));
    p.state = to;
    p.decision = Decision{outcome, reason.get<std::string>(), now_micros(), viewer.user};
    YG_TRY(save_proposal(tx, p));
    YG_TRY(audit(tx, viewer, p.tenant, "decide", "proposal", p.id,
                 {{"outcome", outcome}, {"reason", reason}}));
    std::vector<UserId> team = {p.created_by};
    for (const auto& m : p.team) team.push_back(m.user);
    std::string link = "/proposals/" + std::to_string(p.id);
    YG_TRY(notify(tx, team, "decision",
                  std::string(outcome == "award" ? "Awarded: " : "Not selected: ") + p.title,
                  link));
    auto assigned = tx.assignments_of_call(x->call.id);
    if (!assigned) return fail(assigned.error());
    std::vector<UserId> reviewers;
    for (const auto& a : *assigned) {
      if (a.proposal == p.id && a.state == "assigned") reviewers.push_back(a.reviewer);
    }
    YG_TRY(notify(tx, reviewers, "decision",
                  "A proposal you reviewed was decided (" + outcome + ")", link));
    return proposal_json(tx, p, false);
  });
}

}  // namespace yigong::service
