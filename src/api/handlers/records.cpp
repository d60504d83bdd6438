// CRUD, listing and NDA acceptance for every record kind.
#include "api/detail/handlers.hpp"
#include "service/record_json.hpp"

namespace yigong::api::detail {

using nlohmann::json;

namespace {

Result<service::RecordInput> input(const Context& c, RecordKind kind) {
  return service::record_input_from_json(kind, c.body);
}

}  // namespace

Result<HttpResponse> list_records(Context& c, RecordKind kind) {
  auto query = service::parse_list_params(kind, c.request.query);
  if (!query) return fail(query.error());
  auto page = c.services.records.list(c.viewer(), kind, std::move(*query));
  if (!page) return fail(page.error());
  json items = json::array();
  for (const auto& v : page->items) items.push_back(service::record_to_json(v));
  return json_response(
      200, {{"items", std::move(items)},
            {"next_cursor", page->next_cursor.empty() ? json(nullptr) : json(page->next_cursor)}});
}

Result<HttpResponse> create_record(Context& c, RecordKind kind) {
  auto in = input(c, kind);
  if (!in) return fail(in.error());
  if (in->version) return fail(Error::invalid("not accepted on create", "version"));
  auto view = c.services.records.create(c.viewer(), kind, *in);
  if (!view) return fail(view.error());
  auto r = json_response(201, service::record_to_json(*view));
  r.headers.emplace_back("Location",
                         "/api/v1/" + std::string(plural(kind)) + "/" + view->record.id.str());
  return r;
}

Result<HttpResponse> get_record(Context& c, RecordKind kind) {
  auto id = id_param(c);
  if (!id) return fail(id.error());
  auto view = c.services.records.get(c.viewer(), kind, RecordId(*id));
  if (!view) return fail(view.error());
  return json_response(200, service::record_to_json(*view));
}

Result<HttpResponse> update_record(Context& c, RecordKind kind) {
  auto id = id_param(c);
  if (!id) return fail(id.error());
  auto in = input(c, kind);
  if (!in) return fail(in.error());
  auto view = c.services.records.update(c.viewer(), kind, RecordId(*id), *in);
  if (!view) return fail(view.error());
  return json_response(200, service::record_to_json(*view));
}

Result<HttpResponse> delete_record(Context& c, RecordKind kind) {
  auto id = id_param(c);
  if (!id) return fail(id.error());
  YG_TRY(c.services.records.remove(c.viewer(), kind, RecordId(*id)));
  return no_content();
}

Result<HttpResponse> accept_record_nda(Context& c, RecordKind kind) {
  auto id = id_param(c);
  if (!id) return fail(id.error());
  auto view = c.services.records.accept_nda(c.viewer(), kind, RecordId(*id));
  if (!view) return fail(view.error());
  return json_response(200, service::record_to_json(*view));
}

}  // namespace yigong::api::detail
