// Bulk import (CSV or JSON, all or nothing, every bad row reported) and export (CSV or JSON of
// what the caller may see) of organisations, people, needs and capabilities.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain/access.hpp"
#include "core/result.hpp"
#include "service/records.hpp"
#include "store/store.hpp"

namespace yigong::service {

enum class TransferFormat { json, csv };

// One problem with one input row.
struct RowError {
  int line = 0;      // CSV: physical line the row starts on (header = 1); JSON: 0
  std::string item;  // "needs[3]" (JSON) or "row 4" (CSV)
  std::string field;
  std::string message;
};

struct ImportReport {
  bool written = false;  // true when the rows were committed
  bool dry_run = false;
  std::map<std::string, int> rows;  // per kind (plural): rows read
  std::vector<RowError> errors;     // empty when written
};

struct ImportOptions {
  TransferFormat format = TransferFormat::json;
  std::optional<RecordKind> csv_kind;  // required for CSV: what each row is
  bool dry_run = false;                // check everything, write nothing
  size_t max_errors = 1000;            // stop collecting after this many
  // Progress: phase ("check" or "write"), rows done, rows in all.
  std::function<void(std::string_view, size_t, size_t)> progress;
};

// JSON documents: {"organisations": [...], "people": [...], "needs": [...], "capabilities": [...]}
// where each item holds the kind's fields plus optional "key", "tier", "org" (an organisation's
// key, in this document or already stored) and "owner" (a user's e-mail). CSV: a header row of
// the same names; list fields separate entries with '|'. Rows are created in the order
// organisations, people, needs, capabilities, all in one transaction.
// Errors: forbidden (the caller may not import); a malformed document is an invalid error; bad
// rows are reported in ImportReport::errors (nothing is written then).
Result<ImportReport> import_records(RecordService& records, store::Store& store,
                                    const Viewer& viewer, std::string_view document,
                                    const ImportOptions& options);

// Every record of the kind the viewer may see (NDA teasers as teasers), matching the query's
// filters, as a JSON document {"<plural>": [...]} or CSV with a header row.
Result<std::string> export_records(RecordService& records, const Viewer& viewer, RecordKind kind,
                                   store::ListQuery query, TransferFormat format);

}  // namespace yigong::service
