// libFuzzer target: arbitrary bytes as a call, proposal, review-settings or rubric body — the
// calls service's JSON checks and the stored body round trip. Must never crash, leak or hit
// undefined behaviour.
#include <nlohmann/json.hpp>

#include "core/utf8.hpp"
#include "service/call_model.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (!yigong::is_valid_utf8(text)) return 0;
  // The API refuses bodies nested deeper than 32 levels before parsing; the fuzzer keeps to that.
  int depth = 0, max_depth = 0;
  for (char c : text) {
    if (c == '[' || c == '{') max_depth = std::max(max_depth, ++depth);
    if (c == ']' || c == '}') --depth;
  }
  if (max_depth > 32) return 0;
  const auto json = nlohmann::json::parse(text, nullptr, false);
  if (json.is_discarded()) return 0;
  using namespace yigong::service;
  Call call;
  call.rubric.criteria.push_back({"significance", "意义", "Significance", 1.0, {}});
  if (apply_call_input(call, json)) {
    auto back = call_of(call_row(call));
    if (!back) __builtin_trap();  // a call that validated must survive its stored form
    (void)call_to_json(*back, std::nullopt, 1).dump();
  }
  Proposal proposal;
  if (apply_proposal_input(proposal, json)) {
    auto back = proposal_of(proposal_row(proposal));
    if (!back) __builtin_trap();
    (void)proposal_to_json(*back, std::nullopt, {}, false).dump();
  }
  (void)review_settings_from_json(json, {});
  (void)rubric_from_json(json);
  return 0;
}
