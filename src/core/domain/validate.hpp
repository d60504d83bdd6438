// Field and record validation driven by KindSpec, and the Biodesign need-statement rules.
#pragma once

#include <string>
#include <vector>

#include "core/domain/record.hpp"
#include "core/result.hpp"

namespace yigong {

// Checks one value against its spec: type, UTF-8, length, control characters, range, choices.
// Errors are ErrorCode::invalid with `field` set to the spec's name.
Result<void> validate_field(const FieldSpec& spec, const FieldValue& value);

// Checks a whole record: every present field valid, every required field present and non-empty,
// tier allowed for the kind. Errors name the first offending field.
Result<void> validate_record(const Record& record);

// A rule a record breaks without being rejected (shown to the author, stored with the record).
struct Warning {
  std::string field;
  std::string code;  // "names_solution", "outcome_not_measurable", "missing_evidence"
  std::string message;
};

// The Biodesign need-statement checks (methods.md §1.1): the problem must not name a solution or
// technology, the outcome must be measurable, each part should carry evidence.
// REQUIRES: record.kind == RecordKind::need.
std::vector<Warning> need_statement_warnings(const Record& record);

// True when the text names a solution or technology (device, algorithm, 导管, 機器人, …).
bool names_solution(std::string_view text);

}  // namespace yigong
