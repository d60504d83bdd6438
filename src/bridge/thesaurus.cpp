#include "bridge/thesaurus.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

namespace yigong::bridge {
namespace {

using nlohmann::json;

const std::vector<std::pair<std::string_view, Domain>>& kind_table() {
  static const std::vector<std::pair<std::string_view, Domain>> table = {
      {"disease", Domain::clinical},          {"symptom", Domain::clinical},
      {"anatomy", Domain::clinical},          {"procedure", Domain::clinical},
      {"care_stage", Domain::clinical},       {"outcome", Domain::clinical},
      {"population", Domain::clinical},       {"sensing", Domain::engineering},
      {"imaging", Domain::engineering},       {"signal_processing", Domain::engineering},
      {"ai_ml", Domain::engineering},         {"robotics", Domain::engineering},
      {"materials", Domain::engineering},     {"implant", Domain::engineering},
      {"device", Domain::engineering},        {"energy", Domain::engineering},
      {"drug_delivery", Domain::engineering}, {"ivd_assay", Domain::engineering},
      {"software", Domain::engineering},      {"manufacturing", Domain::engineering},
  };
  return table;
}

// Collects problems instead of stopping at the first.
struct Problems {
  std::vector<std::string> lines;
  void add(std::string line) { lines.push_back(std::move(line)); }
  Result<void> result(std::string_view what) const {
    if (lines.empty()) return ok();
    std::string message = std::string(what) + ": " + std::to_string(lines.size()) + " problem" +
                          (lines.size() == 1 ? "" : "s");
    for (const auto& l : lines) message += "\n" + l;
    return fail(Error::invalid(message));
  }
};

std::vector<std::string> string_list(const json& value, const std::string& where,
                                     Problems& problems) {
  std::vector<std::string> out;
  if (value.is_null()) return out;
  if (!value.is_array()) {
    problems.add(where + ": must be a list of strings");
    return out;
  }
  for (size_t i = 0; i < value.size(); ++i) {
    if (!value[i].is_string() || value[i].get<std::string>().empty()) {
      problems.add(where + "[" + std::to_string(i) + "]: must be a non-empty string");
      continue;
    }
    out.push_back(value[i].get<std::string>());
  }
  return out;
}

std::string field_string(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

uint64_t fnv1a(uint64_t h, std::string_view s) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h ^ 0xff;  // separator
}

}  // namespace

std::optional<Domain> domain_of_kind(std::string_view kind) {
  for (const auto& [k, d] : kind_table()) {
    if (k == kind) return d;
  }
  return std::nullopt;
}

const std::vector<std::string_view>& concept_kinds() {
  static const std::vector<std::string_view> kinds = [] {
    std::vector<std::string_view> out;
    for (const auto& [k, d] : kind_table()) out.push_back(k);
    return out;
  }();
  return kinds;
}

Result<SourceDoc> parse_source(std::string name, std::string_view json_text) {
  json doc = json::parse(json_text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    return fail(Error::invalid(name + ": not a JSON object"));
  }
  Problems problems;
  SourceDoc out;
  out.name = name;
  const json& concepts = doc.contains("concepts") ? doc["concepts"] : json::array();
  const json& links = doc.contains("links") ? doc["links"] : json::array();
  if (!concepts.is_array()) problems.add(name + ": concepts must be a list");
  if (!links.is_array()) problems.add(name + ": links must be a list");
  if (concepts.is_array()) {
    for (size_t i = 0; i < concepts.size(); ++i) {
      const std::string where = name + ": concepts[" + std::to_string(i) + "]";
      const json& c = concepts[i];
      if (!c.is_object()) {
        problems.add(where + ": must be an object");
        continue;
      }
      ConceptInput input;
      input.id = field_string(c, "id");
      input.kind = field_string(c, "kind");
      input.zh = string_list(c.value("zh", json()), where + ".zh", problems);
      input.en = string_list(c.value("en", json()), where + ".en", problems);
      out.concepts.push_back(std::move(input));
    }
  }
  if (links.is_array()) {
    for (size_t i = 0; i < links.size(); ++i) {
      const std::string where = name + ": links[" + std::to_string(i) + "]";
      const json& l = links[i];
      if (!l.is_object() || !l.contains("weight") || !l["weight"].is_number()) {
        problems.add(where + ": must be {\"from\", \"to\", \"weight\": number}");
        continue;
      }
      out.links.push_back(
          {field_string(l, "from"), field_string(l, "to"), l["weight"].get<double>()});
    }
  }
  YG_TRY(problems.result(name));
  return out;
}

Result<std::vector<SourceDoc>> read_source_dir(const std::string& dir) {
  std::error_code ec;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  if (ec)
    return fail(Error::unavailable("cannot read thesaurus folder " + dir + ": " + ec.message()));
  std::sort(files.begin(), files.end());
  std::vector<SourceDoc> docs;
  for (const auto& path : files) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    if (!in) return fail(Error::unavailable("cannot read " + path.string()));
    auto doc = parse_source(path.filename().string(), text.str());
    if (!doc) return fail(std::move(doc.error()));
    docs.push_back(std::move(*doc));
  }
  return docs;
}

Result<Thesaurus> Thesaurus::build(const std::vector<SourceDoc>& sources) {
  static const std::regex id_pattern("[a-z][a-z0-9]*(\\.[a-z0-9_]+)+");
  Problems problems;
  Thesaurus t;
  uint64_t hash = 14695981039346656037ULL;
  for (const auto& source : sources) {
    for (const auto& c : source.concepts) {
      const std::string where = source.name + ": concept " + (c.id.empty() ? "(no id)" : c.id);
      auto domain = domain_of_kind(c.kind);
      if (!std::regex_match(c.id, id_pattern)) {
        problems.add(where + ": id must look like prefix.snake_case");
        continue;
      }
      if (!domain) problems.add(where + ": unknown kind '" + c.kind + "'");
      if (c.zh.empty()) problems.add(where + ": needs at least one Chinese label");
      if (c.en.empty()) problems.add(where + ": needs at least one English label");
      if (t.by_id_.count(c.id)) {
        problems.add(where + ": duplicate id (first defined in " +
                     t.concepts_[t.by_id_[c.id]].source + ")");
        continue;
      }
      t.by_id_.emplace(c.id, uint32_t(t.concepts_.size()));
      t.concepts_.push_back(
          {c.id, c.kind, domain.value_or(Domain::clinical), c.zh, c.en, source.name});
      hash = fnv1a(hash, c.id);
      hash = fnv1a(hash, c.kind);
      for (const auto& l : c.zh) hash = fnv1a(hash, l);
      for (const auto& l : c.en) hash = fnv1a(hash, l);
    }
  }
  std::set<std::pair<uint32_t, uint32_t>> seen;
  for (const auto& source : sources) {
    for (const auto& l : source.links) {
      const std::string where = source.name + ": link " + l.from + " → " + l.to;
      auto from = t.find(l.from);
      auto to = t.find(l.to);
      if (!from) problems.add(where + ": unknown concept " + l.from);
      if (!to) problems.add(where + ": unknown concept " + l.to);
      if (!from || !to) continue;
      if (t.concepts_[*from].domain != Domain::clinical) {
        problems.add(where + ": must start at a clinical concept");
      }
      if (t.concepts_[*to].domain != Domain::engineering) {
        problems.add(where + ": must end at an engineering concept");
      }
      if (!(l.weight > 0 && l.weight <= 1)) problems.add(where + ": weight must be in (0, 1]");
      if (!seen.insert({*from, *to}).second) problems.add(where + ": duplicate link");
      t.links_.push_back({*from, *to, float(l.weight), source.name});
      hash = fnv1a(hash, l.from);
      hash = fnv1a(hash, l.to);
      hash = fnv1a(hash, std::to_string(l.weight));
    }
  }
  YG_TRY(problems.result("thesaurus"));
  t.from_.assign(t.concepts_.size(), {});
  t.to_.assign(t.concepts_.size(), {});
  for (uint32_t i = 0; i < t.links_.size(); ++i) {
    t.from_[t.links_[i].from].push_back(i);
    t.to_[t.links_[i].to].push_back(i);
  }
  std::ostringstream v;
  v << std::hex << hash;
  t.version_ = v.str();
  return t;
}

std::optional<uint32_t> Thesaurus::find(std::string_view id) const {
  auto it = by_id_.find(std::string(id));
  if (it == by_id_.end()) return std::nullopt;
  return it->second;
}

std::span<const uint32_t> Thesaurus::links_from(uint32_t concept_index) const {
  return from_[concept_index];
}

std::span<const uint32_t> Thesaurus::links_to(uint32_t concept_index) const {
  return to_[concept_index];
}

}  // namespace yigong::bridge
