// Import and export of records in CSV (libcsv) and JSON (nlohmann).
#include "service/transfer.hpp"

#include <csv.h>

#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>
#include <set>

#include "core/domain/validate.hpp"
#include "core/utf8.hpp"
#include "service/auth.hpp"
#include "service/record_json.hpp"

namespace yigong::service {
namespace {

using nlohmann::json;

constexpr std::array kImportOrder = {RecordKind::organisation, RecordKind::person, RecordKind::need,
                                     RecordKind::capability};

struct Row {
  RecordKind kind;
  RecordInput input;
  int line = 0;
  std::string item;
};

struct Collector {
  std::vector<RowError>& errors;
  size_t max;
  bool full() const { return errors.size() >= max; }
  void add(const Row& row, const Error& e) {
    if (!full()) errors.push_back({row.line, row.item, e.field, e.message});
  }
  void add(int line, std::string item, const Error& e) {
    if (!full()) errors.push_back({line, std::move(item), e.field, e.message});
  }
};

// The import-only members of an item: "org" and "owner"; the rest goes through the record form.
Result<RecordInput> input_from_item(RecordKind kind, const json& original) {
  if (!original.is_object()) return fail(Error::invalid("each item must be a JSON object"));
  json item = original;  // bounded: documents are at most kMaxJsonDepth deep
  std::optional<std::string> org_key, owner;
  if (item.contains("org")) {
    if (!item["org"].is_string() || !spec_of(kind).has_org)
      return fail(Error::invalid(
          spec_of(kind).has_org ? "must be an organisation key" : "organisations have no org",
          "org"));
    org_key = item["org"].get<std::string>();
    item.erase("org");
  }
  if (item.contains("owner")) {
    if (!item["owner"].is_string()) return fail(Error::invalid("must be an e-mail", "owner"));
    auto email = normalise_email(item["owner"].get<std::string>(), "owner");
    if (!email) return fail(email.error());
    owner = *email;
    item.erase("owner");
  }
  auto in = record_input_from_json(kind, item);
  if (!in) return in;
  if (in->version) return fail(Error::invalid("not accepted on import", "version"));
  in->org_key = org_key;
  in->owner_email = owner;
  return in;
}

// Keeps a row whose item parsed, or reports why it did not.
void keep_row(Row row, Result<RecordInput> input, std::vector<Row>& rows, Collector& errors) {
  if (!input) {
    errors.add(row, input.error());
    return;
  }
  row.input = std::move(*input);
  rows.push_back(std::move(row));
}

Result<std::vector<Row>> rows_from_json(std::string_view document, Collector& errors) {
  auto parsed = parse_json_text(document);
  if (!parsed) return fail(Error::invalid("the document: " + parsed.error().message));
  const json& doc = *parsed;
  if (!doc.is_object())
    return fail(Error::invalid("the document must be an object of arrays by kind"));
  for (const auto& [key, value] : doc.items()) {
    auto kind = parse_RecordKind(key);
    if (!kind || plural(*kind) != key)
      return fail(
          Error::invalid("unknown section; use organisations, people, needs, capabilities", key));
    if (!value.is_array()) return fail(Error::invalid("must be an array", key));
  }
  std::vector<Row> rows;
  for (RecordKind kind : kImportOrder) {
    const std::string section(plural(kind));
    if (!doc.contains(section)) continue;
    const json& items = doc.at(section);
    for (size_t i = 0; i < items.size(); ++i) {
      Row row{kind, {}, 0, section + "[" + std::to_string(i) + "]"};
      keep_row(std::move(row), input_from_item(kind, items[i]), rows, errors);
    }
  }
  return rows;
}

// libcsv callbacks collect fields of the current record and whole records with the physical line
// each starts on: the first non-blank line after the previous record ended.
struct CsvState {
  std::vector<std::string> fields;
  std::vector<std::pair<int, std::vector<std::string>>> records;
  std::vector<bool> blank;  // per physical line (index 0 = line 1)
  int current_line = 1;
  int previous_end = 0;  // line on which the previous record ended

  int record_start() const {
    int line = previous_end + 1;
    while (line < current_line && blank[static_cast<size_t>(line - 1)]) ++line;
    return line;
  }
};

void on_field(void* data, size_t len, void* state_ptr) {
  auto* st = static_cast<CsvState*>(state_ptr);
  st->fields.emplace_back(data ? std::string(static_cast<const char*>(data), len) : std::string());
}

void on_record(int, void* state_ptr) {
  auto* st = static_cast<CsvState*>(state_ptr);
  st->records.emplace_back(st->record_start(), std::move(st->fields));
  st->fields.clear();
  st->previous_end = st->current_line;
}

Result<std::vector<std::pair<int, std::vector<std::string>>>> parse_csv(std::string_view text) {
  csv_parser parser;
  if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL | CSV_EMPTY_IS_NULL) != 0)
    return fail(Error::internal("cannot initialise the CSV parser"));
  CsvState st;
  // Feed line by line so each record knows the physical line it starts on.
  size_t start = 0;
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) start = 3;  // UTF-8 byte-order mark from spreadsheets
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    end = end == std::string_view::npos ? text.size() : end + 1;
    const auto chunk = text.substr(start, end - start);
    st.blank.push_back(chunk.find_first_not_of(" \t\r\n") == std::string_view::npos);
    if (csv_parse(&parser, chunk.data(), chunk.size(), on_field, on_record, &st) != chunk.size()) {
      const std::string msg = csv_strerror(csv_error(&parser));
      csv_free(&parser);
      return fail(Error::invalid("CSV line " + std::to_string(st.current_line) + ": " + msg));
    }
    ++st.current_line;
    start = end;
  }
  if (csv_fini(&parser, on_field, on_record, &st) != 0) {
    csv_free(&parser);
    return fail(Error::invalid("CSV line " + std::to_string(st.record_start()) +
                               ": a quoted field is never closed"));
  }

  csv_free(&parser);
  return st.records;
}

std::string trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return {};
  const auto e = s.find_last_not_of(" \t\r");
  return std::string(s.substr(b, e - b + 1));
}

// A CSV cell as the JSON value the record form expects for that column.
Result<json> cell_to_json(RecordKind kind, const std::string& column, const std::string& cell) {
  const FieldSpec* f = find_field(spec_of(kind), column);
  if (column == "org_id" || (f && f->type == FieldType::integer)) {
    std::int64_t v = 0;
    const std::string t = trim(cell);
    auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
    if (t.empty() || ec != std::errc() || p != t.data() + t.size())
      return fail(Error::invalid("must be an integer", column));
    return json(v);
  }
  if (f && f->type == FieldType::text_list) {
    json list = json::array();
    size_t start = 0;
    while (start <= cell.size()) {
      size_t end = cell.find('|', start);
      if (end == std::string::npos) end = cell.size();
      const std::string entry = trim(std::string_view(cell).substr(start, end - start));
      if (!entry.empty()) list.push_back(entry);
      start = end + 1;
    }
    return list;
  }
  return json(cell);
}

Result<std::vector<Row>> rows_from_csv(std::string_view document, RecordKind kind,
                                       Collector& errors) {
  if (!is_valid_utf8(document)) return fail(Error::invalid("the CSV file is not valid UTF-8"));
  auto records = parse_csv(document);
  if (!records) return fail(records.error());
  if (records->empty()) return fail(Error::invalid("the CSV file is empty"));
  std::vector<std::string> header;
  for (const auto& h : records->front().second) header.push_back(trim(h));
  std::set<std::string> seen;
  for (const auto& h : header) {
    if (h.empty()) return fail(Error::invalid("the header has an empty column name"));
    if (!seen.insert(h).second) return fail(Error::invalid("column given twice in the header", h));
  }
  std::vector<Row> rows;
  for (size_t r = 1; r < records->size(); ++r) {
    const auto& [line, cells] = (*records)[r];
    if (cells.size() == 1 && cells[0].empty()) continue;  // blank line
    Row row{kind, {}, line, "row " + std::to_string(r)};
    if (cells.size() != header.size()) {
      errors.add(row, Error::invalid("has " + std::to_string(cells.size()) + " cells, the header " +
                                     std::to_string(header.size())));
      continue;
    }
    json item = json::object();
    bool bad = false;
    for (size_t c = 0; c < cells.size() && !bad; ++c) {
      if (cells[c].empty()) continue;  // empty cell: field absent
      auto v = cell_to_json(kind, header[c], cells[c]);
      if (!v) {
        errors.add(row, v.error());
        bad = true;
      } else {
        item[header[c]] = std::move(*v);
      }
    }
    if (bad) continue;
    keep_row(std::move(row), input_from_item(kind, item), rows, errors);
  }
  return rows;
}

// Checks every row against the database without writing: validity, references and unique keys.
Result<void> check_rows(store::Store& store, const Viewer& viewer, const std::vector<Row>& rows,
                        Collector& errors, const ImportOptions& options) {
  return store
      .read<bool>([&](store::Tx& tx) -> Result<bool> {
        std::map<RecordKind, std::set<std::string>> keys_in_document;
        for (size_t i = 0; i < rows.size() && !errors.full(); ++i) {
          const Row& row = rows[i];
          if (!can_create(viewer, row.kind)) {
            errors.add(row, Error::forbidden(std::string("your role may not create ") +
                                             std::string(plural(row.kind))));
            continue;
          }
          Record draft = draft_record(viewer, row.kind, row.input);
          if (auto v = validate_record(draft); !v) errors.add(row, v.error());
          if (row.input.org_key) {
            const bool in_doc =
                keys_in_document[RecordKind::organisation].contains(*row.input.org_key);
            if (!in_doc) {
              auto org = tx.find_record_by_key(RecordKind::organisation, viewer.tenant,
                                               *row.input.org_key);
              if (!org) return fail(org.error());
              if (!*org || (*org)->deleted_at)
                errors.add(row,
                           Error::unprocessable(
                               "no organisation with key '" + *row.input.org_key + "'", "org"));
            }
          }
          if (row.input.owner_email) {
            auto user = tx.find_user_by_email(*row.input.owner_email);
            if (!user) return fail(user.error());
            if (!*user || (*user)->tenant != viewer.tenant)
              errors.add(row,
                         Error::unprocessable(
                             "no user '" + *row.input.owner_email + "' in this tenant", "owner"));
          }
          if (!draft.ext_key.empty()) {
            if (!keys_in_document[row.kind].insert(draft.ext_key).second) {
              errors.add(row, Error::conflict("key used twice in this document", "key"));
            } else {
              auto existing = tx.find_record_by_key(row.kind, viewer.tenant, draft.ext_key);
              if (!existing) return fail(existing.error());
              if (*existing)
                errors.add(row, Error::conflict("key already used in this tenant", "key"));
            }
          }
          if (options.progress) options.progress("check", i + 1, rows.size());
        }
        return true;
      })
      .map([](bool) {});
}

std::string csv_cell(std::string_view s) {
  std::string out(s.size() * 2 + 2, '\0');
  const size_t n = csv_write(out.data(), out.size(), s.data(), s.size());
  out.resize(n);
  return out;
}

std::string csv_value(const json& v) {
  if (v.is_null()) return "";
  if (v.is_string()) return csv_cell(v.get<std::string>());
  if (v.is_array()) {
    std::string joined;
    for (const auto& e : v) joined += (joined.empty() ? "" : "|") + e.get<std::string>();
    return csv_cell(joined);
  }
  return csv_cell(v.dump());
}

}  // namespace

Result<ImportReport> import_records(RecordService& records, store::Store& store,
                                    const Viewer& viewer, std::string_view document,
                                    const ImportOptions& options) {
  if (!can_import(viewer))
    return fail(Error::forbidden("only operators and administrators may import"));
  ImportReport report;
  report.dry_run = options.dry_run;
  Collector errors{report.errors, options.max_errors};
  Result<std::vector<Row>> rows = fail(Error::internal("unparsed"));
  if (options.format == TransferFormat::csv) {
    if (!options.csv_kind)
      return fail(Error::invalid("CSV import needs the kind of its rows", "kind"));
    rows = rows_from_csv(document, *options.csv_kind, errors);
  } else {
    rows = rows_from_json(document, errors);
  }
  if (!rows) return fail(rows.error());
  for (const Row& r : *rows) ++report.rows[std::string(plural(r.kind))];
  if (rows->empty() && report.errors.empty())
    return fail(Error::invalid("the document holds no rows"));
  YG_TRY(check_rows(store, viewer, *rows, errors, options));
  if (!report.errors.empty() || options.dry_run) return report;
  std::vector<std::pair<RecordKind, RecordInput>> inputs;
  inputs.reserve(rows->size());
  for (const Row& r : *rows) inputs.emplace_back(r.kind, r.input);
  const size_t total = inputs.size();
  auto ids = records.create_all(viewer, inputs, [&](size_t done) {
    if (options.progress) options.progress("write", done, total);
  });
  if (!ids) {
    // A row the check passed failed on write (a concurrent change): nothing was written.
    if (error_is_caller(ids.error().code)) {
      report.errors.push_back({0, "", ids.error().field, ids.error().message});
      return report;
    }
    return fail(ids.error());
  }
  report.written = true;
  return report;
}

Result<std::string> export_records(RecordService& records, const Viewer& viewer, RecordKind kind,
                                   store::ListQuery query, TransferFormat format) {
  query.limit = kMaxPageSize;
  json items = json::array();
  for (;;) {
    auto page = records.list(viewer, kind, query);
    if (!page) return fail(page.error());
    for (const auto& v : page->items) items.push_back(record_to_json(v));
    if (page->next_cursor.empty()) break;
    query.before = page->items.back().record.id;
  }
  if (format == TransferFormat::json) {
    json doc;
    doc[std::string(plural(kind))] = std::move(items);
    return doc.dump(2, ' ', false, json::error_handler_t::strict);
  }
  std::vector<std::string> columns = {"id", "key", "tier"};
  if (spec_of(kind).has_org) columns.push_back("org_id");
  for (const char* c : {"version", "created_at", "updated_at", "teaser"}) columns.push_back(c);
  for (const auto& f : spec_of(kind).fields) columns.emplace_back(f.name);
  std::string out;
  for (size_t i = 0; i < columns.size(); ++i) out += (i ? "," : "") + csv_cell(columns[i]);
  out += "\r\n";
  for (const auto& item : items) {
    for (size_t i = 0; i < columns.size(); ++i) {
      if (i) out += ",";
      if (item.contains(columns[i])) out += csv_value(item[columns[i]]);
    }
    out += "\r\n";
  }
  return out;
}

}  // namespace yigong::service
