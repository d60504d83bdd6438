#include "service/pathway.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "pathway/classify.hpp"
#include "pathway/facts.hpp"

namespace yigong::service {

using nlohmann::json;

Result<std::unique_ptr<PathwayService>> PathwayService::open(const std::string& dir) {
  auto data = pathway::PathwayData::load_dir(dir);
  if (!data) return fail(data.error());
  std::ifstream in(std::filesystem::path(dir) / "facts.json");
  std::stringstream buf;
  buf << in.rdbuf();
  json facts = json::parse(buf.str(), nullptr, false);
  if (facts.is_discarded()) return fail(Error::invalid(dir + "/facts.json is not valid JSON"));
  return std::unique_ptr<PathwayService>(new PathwayService(std::move(*data), std::move(facts)));
}

Result<json> PathwayService::classify(const Viewer& viewer, const json& body) const {
  if (viewer.role == Role::guest && !viewer.user) return fail(Error::unauthenticated());
  if (!body.is_object() || !body.contains("facts")) {
    return fail(Error::invalid("give the device facts as {\"facts\": {...}}", "facts"));
  }
  for (const auto& item : body.items()) {
    if (item.key() != "facts") return fail(Error::invalid("unknown field", item.key()));
  }
  auto facts = pathway::device_facts_from_json(body["facts"]);
  if (!facts) return fail(facts.error());
  auto nmpa = pathway::classify(data_.nmpa(), *facts);
  if (!nmpa) return fail(nmpa.error());
  auto mdr = pathway::classify(data_.mdr(), *facts);
  if (!mdr) return fail(mdr.error());
  return json{{"nmpa", pathway::classification_to_json(*nmpa)},
              {"mdr", pathway::classification_to_json(*mdr)}};
}

Result<json> PathwayService::plan(const Viewer& viewer, const json& body) const {
  if (viewer.role == Role::guest && !viewer.user) return fail(Error::unauthenticated());
  auto input = pathway::pathway_input_from_json(body);
  if (!input) return fail(input.error());
  if (input->as_of.empty()) input->as_of = format_rfc3339(now_micros()).substr(0, 10);
  auto plan = pathway::plan_pathway(data_, *input);
  if (!plan) return fail(plan.error());
  return pathway::pathway_to_json(*plan);
}

}  // namespace yigong::service
