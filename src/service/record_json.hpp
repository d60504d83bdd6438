// The JSON form of records: parsing client input into a RecordInput with field-level errors, and
// rendering a RecordView. The same form is used by the API, import and export.
#pragma once

#include <nlohmann/json.hpp>

#include "core/domain/record.hpp"
#include "core/result.hpp"
#include "service/records.hpp"

namespace yigong::service {

// The deepest nesting a JSON document may have: deeper ones are refused before parsing, so no
// input can exhaust the parser's (or a copy's) stack.
inline constexpr int kMaxJsonDepth = 32;

// Parses a JSON text from a client or a file. Errors: invalid (not UTF-8, nested deeper than
// kMaxJsonDepth, malformed — with the parser's position).
Result<nlohmann::json> parse_json_text(std::string_view text);

// Parses a JSON object into a RecordInput. `version` is accepted (updates); `key` sets ext_key;
// `org_id` is a number (or null). Unknown or read-only members, wrong types and invalid values
// are errors naming the member.
Result<RecordInput> record_input_from_json(RecordKind kind, const nlohmann::json& body);

// Converts one member's JSON value to a FieldValue of the spec's type (null → monostate).
Result<FieldValue> field_from_json(const FieldSpec& spec, const nlohmann::json& value);

nlohmann::json field_to_json(const FieldValue& value);
nlohmann::json record_to_json(const RecordView& view);
nlohmann::json user_to_json(const User& user);

}  // namespace yigong::service
