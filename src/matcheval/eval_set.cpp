#include "matcheval/eval_set.hpp"

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "core/utf8.hpp"

namespace yigong::matcheval {
namespace {

using nlohmann::json;

// Calls fn(line, lineno) for each non-blank line; stops at the first error.
template <typename Fn>
Result<void> each_line(const std::string& path, Fn fn) {
  std::ifstream in(path);
  if (!in) return fail(Error::invalid("cannot read " + path));
  std::string line;
  size_t lineno = 0;
  while (std::getline(in, line)) {
    ++lineno;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    if (!is_valid_utf8(line)) {
      return fail(Error::invalid(path + ":" + std::to_string(lineno) + ": not valid UTF-8"));
    }
    auto r = fn(line);
    if (!r)
      return fail(Error::invalid(path + ":" + std::to_string(lineno) + ": " + r.error().message));
  }
  return ok();
}

Result<json> parse_object(const std::string& line) {
  json j = json::parse(line, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return fail(Error::invalid("not a JSON object"));
  return j;
}

Result<std::string> required(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string() || it->get<std::string>().empty()) {
    return fail(Error::invalid(std::string("\"") + key + "\" must be a non-empty string"));
  }
  return it->get<std::string>();
}

std::string optional_string(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

Result<std::vector<CorpusDoc>> read_corpus(const std::string& path) {
  std::vector<CorpusDoc> docs;
  std::set<std::string> ids;
  auto r = each_line(path, [&](const std::string& line) -> Result<void> {
    auto j = parse_object(line);
    if (!j) return fail(j.error());
    CorpusDoc d;
    for (auto [key, field] : {std::pair{"id", &d.id},
                              {"title", &d.title},
                              {"description", &d.description},
                              {"language", &d.language}}) {
      auto v = required(*j, key);
      if (!v) return fail(v.error());
      *field = *v;
    }
    d.kind = optional_string(*j, "kind");
    d.org_type = optional_string(*j, "org_type");
    d.region = optional_string(*j, "region");
    if (j->contains("trl")) {
      if (!(*j)["trl"].is_number_integer())
        return fail(Error::invalid("\"trl\" must be an integer"));
      d.trl = (*j)["trl"].get<int>();
    }
    if (!ids.insert(d.id).second) return fail(Error::invalid("duplicate id " + d.id));
    docs.push_back(std::move(d));
    return ok();
  });
  if (!r) return fail(r.error());
  return docs;
}

Result<std::vector<EvalQuery>> read_queries(const std::string& path) {
  std::vector<EvalQuery> queries;
  std::set<std::string> ids;
  auto r = each_line(path, [&](const std::string& line) -> Result<void> {
    auto j = parse_object(line);
    if (!j) return fail(j.error());
    EvalQuery q;
    for (auto [key, field] : {std::pair{"id", &q.id},
                              {"title", &q.title},
                              {"statement", &q.statement},
                              {"language", &q.language}}) {
      auto v = required(*j, key);
      if (!v) return fail(v.error());
      *field = *v;
    }
    if (!ids.insert(q.id).second) return fail(Error::invalid("duplicate id " + q.id));
    queries.push_back(std::move(q));
    return ok();
  });
  if (!r) return fail(r.error());
  return queries;
}

Result<Qrels> read_qrels(const std::string& path) {
  Qrels qrels;
  auto r = each_line(path, [&](const std::string& line) -> Result<void> {
    std::vector<std::string> parts;
    std::stringstream ss(line);
    std::string part;
    while (std::getline(ss, part, '\t')) parts.push_back(part);
    if (parts.size() != 3) return fail(Error::invalid("expected query_id<TAB>doc_id<TAB>grade"));
    int grade = -1;
    try {
      size_t used = 0;
      grade = std::stoi(parts[2], &used);
      if (used != parts[2].size()) grade = -1;
    } catch (const std::exception&) {
    }
    if (grade < 0 || grade > 3) return fail(Error::invalid("grade must be 0, 1, 2 or 3"));
    if (grade > 0) qrels[parts[0]][parts[1]] = grade;
    return ok();
  });
  if (!r) return fail(r.error());
  return qrels;
}

}  // namespace yigong::matcheval
