// Import (CSV or JSON body) and export (CSV or JSON download).
#include "service/transfer.hpp"

#include "api/detail/handlers.hpp"

namespace yigong::api::detail {

using nlohmann::json;

namespace {

Result<service::TransferFormat> format_param(const Context& c, service::TransferFormat fallback) {
  auto it = c.request.query.find("format");
  if (it == c.request.query.end()) return fallback;
  if (it->second == "json") return service::TransferFormat::json;
  if (it->second == "csv") return service::TransferFormat::csv;
  return fail(Error::invalid("must be csv or json", "format"));
}

}  // namespace

Result<HttpResponse> import_records(Context& c) {
  service::ImportOptions options;
  const std::string* ct = c.request.header("content-type");
  const bool csv_body = ct && ct->rfind("text/csv", 0) == 0;
  const bool json_body = ct && ct->rfind("application/json", 0) == 0;
  if (!csv_body && !json_body)
    return fail(Error{ErrorCode::unsupported_media_type, "send text/csv or application/json",
                      "content-type"});
  options.format = csv_body ? service::TransferFormat::csv : service::TransferFormat::json;
  for (const auto& [k, v] : c.request.query) {
    if (k == "kind") {
      auto kind = parse_RecordKind(v);
      if (!kind) return fail(Error::invalid("unknown kind", "kind"));
      options.csv_kind = *kind;
    } else if (k == "dry_run") {
      if (v != "true" && v != "false") return fail(Error::invalid("must be true or false", k));
      options.dry_run = v == "true";
    } else {
      return fail(Error::invalid("unknown parameter", k));
    }
  }
  if (csv_body && !options.csv_kind)
    return fail(Error::invalid(
        "CSV import needs ?kind=needs (or organisations, people, capabilities)", "kind"));
  auto report = service::import_records(c.services.records, c.services.store, c.viewer(),
                                        c.request.body, options);
  if (!report) return fail(report.error());
  json errors = json::array();
  for (const auto& e : report->errors)
    errors.push_back(
        {{"line", e.line}, {"item", e.item}, {"field", e.field}, {"message", e.message}});
  json body = {{"written", report->written},
               {"dry_run", report->dry_run},
               {"rows", report->rows},
               {"errors", errors}};
  if (!report->errors.empty()) {
    body["error"] = {{"code", "unprocessable"},
                     {"message", std::to_string(report->errors.size()) +
                                     " row(s) have errors; nothing was written"},
                     {"field", ""},
                     {"request_id", c.request.request_id}};
    return json_response(422, body);
  }
  return json_response(report->written ? 201 : 200, body);
}

Result<HttpResponse> export_records(Context& c, RecordKind kind) {
  auto format = format_param(c, service::TransferFormat::json);
  if (!format) return fail(format.error());
  std::multimap<std::string, std::string> filters = c.request.query;
  filters.erase("format");
  auto query = service::parse_list_params(kind, filters);
  if (!query) return fail(query.error());
  auto text =
      service::export_records(c.services.records, c.viewer(), kind, std::move(*query), *format);
  if (!text) return fail(text.error());
  HttpResponse r;
  r.body = std::move(*text);
  const bool csv = *format == service::TransferFormat::csv;
  r.content_type = csv ? "text/csv; charset=utf-8" : "application/json";
  r.headers.emplace_back(
      "Content-Disposition",
      "attachment; filename=\"" + std::string(plural(kind)) + (csv ? ".csv\"" : ".json\""));
  return r;
}

}  // namespace yigong::api::detail
