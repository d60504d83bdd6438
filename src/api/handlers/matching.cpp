// Matches, search, similar needs, match states and the thesaurus.
#include "service/matching.hpp"

#include "api/detail/handlers.hpp"
#include "core/utf8.hpp"
#include "service/record_json.hpp"

namespace yigong::api::detail {

using nlohmann::json;

namespace {

json concept_json(const match::ConceptRef& c) {
  return {{"id", c.id}, {"label_zh", c.label_zh}, {"label_en", c.label_en}, {"kind", c.kind}};
}

json bridge_json(const match::BridgeRef& b) {
  return {{"from", concept_json(b.from)}, {"to", concept_json(b.to)}, {"weight", b.weight}};
}

json why_json(const match::Explanation& why) {
  json concepts = json::array(), bridges = json::array();
  for (const auto& c : why.concepts) concepts.push_back(concept_json(c));
  for (const auto& b : why.bridges) bridges.push_back(bridge_json(b));
  return {{"words", why.words}, {"concepts", std::move(concepts)}, {"bridges", std::move(bridges)}};
}

json page_json(const service::MatchPage& page) {
  json items = json::array();
  for (const auto& m : page.items) {
    json item = {{"kind", name(m.view.record.kind)},
                 {"record", service::record_to_json(m.view)},
                 {"score", m.score},
                 {"why", why_json(m.why)}};
    if (m.state) item["state"] = *m.state;
    if (m.org) {
      const auto* name = m.org->text("name");
      const auto* name_en = m.org->text("name_en");
      item["org"] = {{"id", m.org->id.value},
                     {"name", name ? *name : std::string()},
                     {"name_en", name_en ? json(*name_en) : json(nullptr)}};
    } else {
      item["org"] = nullptr;
    }
    items.push_back(std::move(item));
  }
  json concepts = json::array(), bridges = json::array();
  for (const auto& c : page.query_concepts) concepts.push_back(concept_json(c));
  // The strongest bridges; the full list can run to dozens.
  for (size_t i = 0; i < std::min<size_t>(page.query_bridges.size(), 24); ++i) {
    bridges.push_back(bridge_json(page.query_bridges[i]));
  }
  return {{"items", std::move(items)},
          {"total", page.total},
          {"query", {{"concepts", std::move(concepts)}, {"bridges", std::move(bridges)}}}};
}

struct Paging {
  std::size_t offset = 0, limit = 10;
};

Result<Paging> paging(const Context& c) {
  auto offset = query_int(c, "offset", 0, 0, 1000);
  if (!offset) return fail(offset.error());
  auto limit = query_int(c, "limit", 10, 1, 50);
  if (!limit) return fail(limit.error());
  return Paging{std::size_t(*offset), std::size_t(*limit)};
}

Result<RecordKind> kind_of(const std::string& text, std::string_view field) {
  auto kind = parse_RecordKind(text);
  if (!kind)
    return fail(
        Error::invalid("must be need, capability, person or organisation", std::string(field)));
  return *kind;
}

Result<std::vector<std::string>> body_labels(const Context& c, const std::string& member) {
  if (!c.body.contains(member) || !c.body[member].is_array()) {
    return fail(Error::invalid("must be a list of labels", member));
  }
  std::vector<std::string> out;
  for (const auto& v : c.body[member]) {
    if (!v.is_string() || v.get<std::string>().empty() || v.get<std::string>().size() > 200) {
      return fail(Error::invalid("labels are non-empty strings of at most 200 bytes", member));
    }
    out.push_back(v.get<std::string>());
  }
  if (out.empty() || out.size() > 30) return fail(Error::invalid("give 1 to 30 labels", member));
  for (size_t i = 0; i < out.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (out[i] == out[j])
        return fail(Error::invalid("label '" + out[i] + "' is given twice", member));
    }
  }
  return out;
}

}  // namespace

Result<HttpResponse> need_matches(Context& c) {
  YG_TRY(only_query(c, {"kind", "offset", "limit"}));
  auto id = id_param(c);
  if (!id) return fail(id.error());
  auto page = paging(c);
  if (!page) return fail(page.error());
  const std::string kind_text = query_text(c, "kind");
  auto kind = kind_of(kind_text.empty() ? "capability" : kind_text, "kind");
  if (!kind) return fail(kind.error());
  auto found = c.services.matching.matches_for_need(c.viewer(), RecordId(*id), *kind, page->offset,
                                                    page->limit);
  if (!found) return fail(found.error());
  return json_response(200, page_json(*found));
}

Result<HttpResponse> capability_matches(Context& c) {
  YG_TRY(only_query(c, {"offset", "limit"}));
  auto id = id_param(c);
  if (!id) return fail(id.error());
  auto page = paging(c);
  if (!page) return fail(page.error());
  auto found = c.services.matching.matches_for_capability(c.viewer(), RecordId(*id), page->offset,
                                                          page->limit);
  if (!found) return fail(found.error());
  return json_response(200, page_json(*found));
}

Result<HttpResponse> search(Context& c) {
  YG_TRY(only_query(c, {"q", "kind", "offset", "limit"}));
  auto page = paging(c);
  if (!page) return fail(page.error());
  std::optional<RecordKind> kind;
  if (const std::string k = query_text(c, "kind"); !k.empty()) {
    auto parsed = kind_of(k, "kind");
    if (!parsed) return fail(parsed.error());
    kind = *parsed;
  }
  auto found =
      c.services.matching.search(c.viewer(), query_text(c, "q"), kind, page->offset, page->limit);
  if (!found) return fail(found.error());
  return json_response(200, page_json(*found));
}

Result<HttpResponse> similar_needs(Context& c) {
  YG_TRY(only_members(c, {"title", "problem", "population", "outcome"}));
  std::string text;
  for (const char* member : {"title", "problem", "population", "outcome"}) {
    auto value = body_optional_string(c, member);
    if (!value) return fail(value.error());
    if (!*value) continue;
    if (utf8_length(**value) > 2000)
      return fail(Error::invalid("longer than 2000 characters", member));
    text += **value + "\n";
  }
  auto found = c.services.matching.similar_needs(c.viewer(), text);
  if (!found) return fail(found.error());
  json body = page_json(*found);
  body.erase("total");
  return json_response(200, body);
}

Result<HttpResponse> set_match_state(Context& c) {
  YG_TRY(only_members(c, {"state"}));
  auto need = id_param(c);
  if (!need) return fail(need.error());
  auto target = id_param(c, "target");
  if (!target) return fail(target.error());
  auto kind = kind_of(c.params.at("kind"), "kind");
  if (!kind) return fail(kind.error());
  auto state = body_string(c, "state");
  if (!state) return fail(state.error());
  auto saved =
      c.services.matching.set_state(c.viewer(), RecordId(*need), *kind, RecordId(*target), *state);
  if (!saved) return fail(saved.error());
  return json_response(200, {{"need_id", saved->need.value},
                             {"kind", name(saved->target_kind)},
                             {"target_id", saved->target.value},
                             {"state", saved->state},
                             {"updated_at", format_rfc3339(saved->updated_at)},
                             {"updated_by", saved->updated_by.value}});
}

Result<HttpResponse> list_concepts(Context& c) {
  YG_TRY(only_query(c, {"q", "offset", "limit"}));
  auto offset = query_int(c, "offset", 0, 0, 1'000'000);
  if (!offset) return fail(offset.error());
  auto limit = query_int(c, "limit", 50, 1, 200);
  if (!limit) return fail(limit.error());
  auto page = c.services.matching.concepts(c.viewer(), query_text(c, "q"), std::size_t(*offset),
                                           std::size_t(*limit));
  if (!page) return fail(page.error());
  json items = json::array();
  for (const auto& s : page->items) {
    const auto& k = *s.concept_;
    items.push_back({{"id", k.id},
                     {"kind", k.kind},
                     {"domain", k.domain == bridge::Domain::clinical ? "clinical" : "engineering"},
                     {"zh", k.zh},
                     {"en", k.en},
                     {"links", s.links}});
  }
  return json_response(
      200, {{"items", std::move(items)}, {"total", page->total}, {"version", page->version}});
}

Result<HttpResponse> add_concept(Context& c) {
  YG_TRY(only_members(c, {"id", "kind", "zh", "en"}));
  auto id = body_string(c, "id");
  if (!id) return fail(id.error());
  auto kind = body_string(c, "kind");
  if (!kind) return fail(kind.error());
  if (!bridge::domain_of_kind(*kind)) return fail(Error::invalid("unknown concept kind", "kind"));
  auto zh = body_labels(c, "zh");
  if (!zh) return fail(zh.error());
  auto en = body_labels(c, "en");
  if (!en) return fail(en.error());
  YG_TRY(c.services.matching.add_concept(c.viewer(), {*id, *kind, *zh, *en}));
  return json_response(201, {{"id", *id},
                             {"kind", *kind},
                             {"zh", *zh},
                             {"en", *en},
                             {"version", c.services.matching.thesaurus()->version()}});
}

Result<HttpResponse> add_link(Context& c) {
  YG_TRY(only_members(c, {"from", "to", "weight"}));
  auto from = body_string(c, "from");
  if (!from) return fail(from.error());
  auto to = body_string(c, "to");
  if (!to) return fail(to.error());
  if (!c.body.contains("weight") || !c.body["weight"].is_number()) {
    return fail(Error::invalid("must be a number in (0, 1]", "weight"));
  }
  const double weight = c.body["weight"].get<double>();
  if (!(weight > 0 && weight <= 1))
    return fail(Error::invalid("must be a number in (0, 1]", "weight"));
  YG_TRY(c.services.matching.add_link(c.viewer(), {*from, *to, weight}));
  return json_response(201, {{"from", *from},
                             {"to", *to},
                             {"weight", weight},
                             {"version", c.services.matching.thesaurus()->version()}});
}

}  // namespace yigong::api::detail
