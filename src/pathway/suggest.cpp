// Catalogue suggestions through an in-memory match::Index over the catalogue's entries.
#include "pathway/suggest.hpp"

#include "match/index.hpp"
#include "match/search.hpp"
#include "pathway/detail/delimited.hpp"

namespace yigong::pathway {

CatalogueSuggester::CatalogueSuggester(CatalogueSuggester&&) noexcept = default;
CatalogueSuggester& CatalogueSuggester::operator=(CatalogueSuggester&&) noexcept = default;
CatalogueSuggester::~CatalogueSuggester() = default;

Result<CatalogueSuggester> CatalogueSuggester::build(
    const Catalogue& catalogue, std::shared_ptr<const match::FeatureExtractor> features) {
  if (!features) return fail(Error::invalid("the suggester needs the matching pipeline"));
  CatalogueSuggester s;
  auto index = match::Index::open("", std::move(features));
  if (!index) return fail(std::move(index.error()));
  s.index_ = std::move(*index);
  s.catalogue_ = catalogue;
  for (size_t i = 0; i < s.catalogue_.entries.size(); ++i) {
    const auto& e = s.catalogue_.entries[i];
    match::IndexDocument doc;
    doc.id = e.id;
    doc.kind = "catalogue";
    doc.title = e.name;
    for (const auto& x : e.examples) doc.title += "\n" + x;
    doc.body = e.description + "\n" + e.intended_use;
    if (auto r = s.index_->put(doc); !r) return fail(r.error().at(e.id));
    s.by_id_[e.id] = i;
  }
  YG_TRY(s.index_->commit());
  return s;
}

Result<std::vector<Suggestion>> CatalogueSuggester::suggest(std::string_view description,
                                                            size_t limit) {
  if (detail::trim(description).empty()) {
    return fail(Error::invalid("describe the device", "description"));
  }
  match::Query query;
  query.text = std::string(description);
  // Only concepts the description names itself: bridging clinical → engineering concepts would
  // pull in devices for the same disease rather than the same device.
  query.bridging = match::Bridging::none;
  query.limit = limit;
  auto found = match::search(*index_, query);
  if (!found) return fail(found.error().at("description"));
  std::vector<Suggestion> out;
  for (const auto& hit : found->hits) {
    auto it = by_id_.find(hit.id);
    if (it == by_id_.end()) continue;
    const auto& e = catalogue_.entries[it->second];
    Suggestion s{e.id, e.name, e.classes, hit.score, hit.why.words};
    for (const auto& c : hit.why.concepts) s.why.push_back(c.label_zh + " / " + c.label_en);
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace yigong::pathway
