// OpenAPI generation: paths from the route table, record schemas from KindSpec.
#include "api/detail/openapi.hpp"

namespace yigong::api::detail {

using nlohmann::json;

namespace {

json field_schema(const FieldSpec& f) {
  switch (f.type) {
    case FieldType::integer:
      return {{"type", "integer"}, {"format", "int64"}, {"minimum", f.min}, {"maximum", f.max}};
    case FieldType::enumeration: {
      json e = json::array();
      for (auto c : f.choices) e.push_back(std::string(c));
      return {{"type", "string"}, {"enum", e}};
    }
    case FieldType::text_list:
      return {{"type", "array"},
              {"maxItems", f.max_len},
              {"items", {{"type", "string"}, {"maxLength", 200}}}};
    case FieldType::email:
      return {{"type", "string"}, {"format", "email"}, {"maxLength", f.max_len}};
    default:
      return {{"type", "string"}, {"maxLength", f.max_len}};
  }
}

json record_schema(RecordKind kind) {
  const KindSpec& spec = spec_of(kind);
  json props = json::object();
  json required = json::array();
  json tiers = json::array();
  for (Tier t : spec.allowed_tiers) tiers.push_back(std::string(name(t)));
  props["tier"] = {{"type", "string"}, {"enum", tiers}};
  props["key"] = {
      {"type", "string"}, {"maxLength", 100}, {"description", "import key, unique per tenant"}};
  props["version"] = {{"type", "integer"}, {"description", "required on PATCH: the version read"}};
  if (spec.has_org) props["org_id"] = {{"type", "integer"}, {"nullable", true}};
  for (const auto& f : spec.fields) {
    props[std::string(f.name)] = field_schema(f);
    if (f.required) required.push_back(std::string(f.name));
  }
  return {{"type", "object"},
          {"additionalProperties", false},
          {"properties", props},
          {"required", required}};
}

json string_object(std::initializer_list<const char*> names,
                   std::initializer_list<const char*> req) {
  json props = json::object();
  for (const char* n : names) props[n] = {{"type", "string"}};
  json r = json::array();
  for (const char* n : req) r.push_back(n);
  return {
      {"type", "object"}, {"additionalProperties", false}, {"properties", props}, {"required", r}};
}

json error_schema() {
  json inner = {{"type", "object"},
                {"properties",
                 {{"code", {{"type", "string"}}},
                  {"message", {{"type", "string"}}},
                  {"field", {{"type", "string"}}},
                  {"request_id", {{"type", "string"}}}}}};
  return {{"type", "object"}, {"properties", {{"error", inner}}}};
}

}  // namespace

json openapi_document(const std::vector<Route>& routes, const std::string& version) {
  json schemas = json::object();
  for (RecordKind k : all_record_kinds()) schemas[std::string(name(k))] = record_schema(k);
  schemas["Login"] = string_object({"email", "password"}, {"email", "password"});
  schemas["PasswordChange"] =
      string_object({"old_password", "new_password"}, {"old_password", "new_password"});
  schemas["InviteAccept"] =
      string_object({"token", "name", "password"}, {"token", "name", "password"});
  schemas["NewUser"] =
      string_object({"email", "name", "role", "password"}, {"email", "name", "role", "password"});
  schemas["NewUser"]["properties"]["tenant_id"] = {{"type", "integer"}};
  schemas["NewUser"]["properties"]["org_id"] = {{"type", "integer"}};
  schemas["NewInvite"] = string_object({"email", "role"}, {"email", "role"});
  schemas["NewInvite"]["properties"]["tenant_id"] = {{"type", "integer"}};
  schemas["NewInvite"]["properties"]["org_id"] = {{"type", "integer"}};
  schemas["UserPatch"] = {{"type", "object"},
                          {"additionalProperties", false},
                          {"properties",
                           {{"role", {{"type", "string"}}},
                            {"disabled", {{"type", "boolean"}}},
                            {"org_id", {{"type", "integer"}, {"nullable", true}}}}}};
  schemas["NewTenant"] = string_object({"slug", "name"}, {"slug", "name"});
  schemas["MatchState"] = string_object({"state"}, {"state"});
  schemas["NeedDraft"] = string_object({"title", "problem", "population", "outcome"}, {});
  schemas["NewConcept"] = {{"type", "object"},
                           {"required", {"id", "kind", "zh", "en"}},
                           {"properties",
                            {{"id", {{"type", "string"}}},
                             {"kind", {{"type", "string"}}},
                             {"zh", {{"type", "array"}, {"items", {{"type", "string"}}}}},
                             {"en", {{"type", "array"}, {"items", {{"type", "string"}}}}}}}};
  schemas["NewLink"] = {{"type", "object"},
                        {"required", {"from", "to", "weight"}},
                        {"properties",
                         {{"from", {{"type", "string"}}},
                          {"to", {{"type", "string"}}},
                          {"weight", {{"type", "number"}}}}}};
  schemas["Error"] = error_schema();

  json paths = json::object();
  for (const auto& r : routes) {
    json op = {
        {"summary", r.info.summary},
        {"tags", json::array({r.info.tag})},
        {"responses",
         {{"200", {{"description", "success"}}},
          {"4XX",
           {{"description", "caller error"},
            {"content",
             {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}}}}}};
    if (!r.info.signed_in) op["security"] = json::array();
    json params = json::array();
    if (r.info.pattern.find("{id}") != std::string::npos) {
      params.push_back(
          {{"name", "id"}, {"in", "path"}, {"required", true}, {"schema", {{"type", "integer"}}}});
    }
    if (r.info.method != "GET" && r.info.signed_in) {
      params.push_back({{"name", "X-CSRF-Token"},
                        {"in", "header"},
                        {"required", true},
                        {"schema", {{"type", "string"}}}});
    }
    if (!params.empty()) op["parameters"] = params;
    if (r.info.json_body) {
      json schema = r.json_schema_ref.empty()
                        ? json{{"type", "object"}}
                        : json{{"$ref", "#/components/schemas/" + r.json_schema_ref}};
      op["requestBody"] = {{"required", true},
                           {"content", {{"application/json", {{"schema", schema}}}}}};
    }
    std::string method = r.info.method;
    std::transform(method.begin(), method.end(), method.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    paths[r.info.pattern][method] = op;
  }
  return {{"openapi", "3.0.3"},
          {"info",
           {{"title", "yigong 医工 API"},
            {"version", version},
            {"license", {{"name", "AGPL-3.0-or-later"}}}}},
          {"servers", json::array({{{"url", "/"}}})},
          {"components",
           {{"schemas", schemas},
            {"securitySchemes",
             {{"session", {{"type", "apiKey"}, {"in", "cookie"}, {"name", "yg_session"}}}}}}},
          {"security", json::array({{{"session", json::array()}}})},
          {"paths", paths}};
}

}  // namespace yigong::api::detail
