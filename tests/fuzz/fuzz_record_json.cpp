// libFuzzer target: arbitrary bytes as a record body — the API's JSON checks, then the record form
// of every kind. Must never crash, leak or hit undefined behaviour.
#include <nlohmann/json.hpp>

#include "core/utf8.hpp"
#include "service/record_json.hpp"

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
  for (auto kind : yigong::all_record_kinds()) {
    auto in = yigong::service::record_input_from_json(kind, json);
    if (!in) continue;
    yigong::Viewer v{yigong::UserId(1), yigong::TenantId(1), yigong::Role::operator_,
                     yigong::OrgId()};
    auto draft = yigong::service::draft_record(v, kind, *in);
    (void)yigong::validate_record(draft);
    yigong::service::RecordView view{draft, yigong::Visibility::full, true, {}};
    (void)yigong::service::record_to_json(view).dump();
  }
  return 0;
}
