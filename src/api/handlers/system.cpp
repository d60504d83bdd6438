// Health and statistics.
#include "api/detail/handlers.hpp"

namespace yigong::api::detail {

using nlohmann::json;

Result<HttpResponse> health(Context& c) {
  auto version = c.services.store.schema_version();
  const std::string backend =
      c.services.store.backend() == store::Backend::sqlite ? "sqlite" : "postgresql";
  if (!version) {
    return json_response(
        503,
        {{"status", "unavailable"}, {"database", backend}, {"message", version.error().message}});
  }
  return json_response(200, {{"status", "ok"},
                             {"version", c.options.version},
                             {"database", backend},
                             {"schema_version", *version}});
}

Result<HttpResponse> stats(Context& c) {
  auto counts = c.services.records.counts(c.viewer());
  if (!counts) return fail(counts.error());
  auto breakdowns = c.services.records.breakdowns(c.viewer());
  if (!breakdowns) return fail(breakdowns.error());
  auto states = c.services.matching.state_counts(c.viewer());
  if (!states) return fail(states.error());
  json body = *breakdowns;
  body["counts"] = *counts;
  body["matches"] = {{"by_state", *states}};
  return json_response(200, body);
}

}  // namespace yigong::api::detail
