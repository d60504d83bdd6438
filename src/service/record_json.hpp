// The JSON form of records: parsing client input into a RecordInput with field-level errors, and
// rendering a RecordView. The same form is used by the API, import and export.
#pragma once

#include <nlohmann/json.hpp>

#include "core/domain/record.hpp"
#include "core/result.hpp"
#include "service/records.hpp"

namespace yigong::service {

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
