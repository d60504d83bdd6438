// Record ↔ JSON conversion driven by the kind's FieldSpec list.
#include "service/record_json.hpp"

#include <array>

#include "core/utf8.hpp"

namespace yigong::service {
namespace {

using nlohmann::json;

constexpr std::array<std::string_view, 9> kReadOnly = {"id",         "kind",       "tenant_id",
                                                       "created_by", "created_at", "updated_at",
                                                       "teaser",     "can_edit",   "warnings"};

std::string type_name(FieldType t) {
  switch (t) {
    case FieldType::integer:
      return "an integer";
    case FieldType::text_list:
      return "a list of strings";
    default:
      return "a string";
  }
}

// Nesting depth of a JSON text, counted without parsing. Brackets inside strings are skipped.
int json_depth(std::string_view s) {
  int depth = 0, max_depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char ch = s[i];
    if (in_string) {
      if (ch == '\\') {
        ++i;
      } else if (ch == '"') {
        in_string = false;
      }
    } else if (ch == '"') {
      in_string = true;
    } else if (ch == '{' || ch == '[') {
      max_depth = std::max(max_depth, ++depth);
    } else if (ch == '}' || ch == ']') {
      --depth;
    }
  }
  return max_depth;
}

}  // namespace

Result<json> parse_json_text(std::string_view text) {
  if (!is_valid_utf8(text)) return fail(Error::invalid("not valid UTF-8"));
  if (json_depth(text) > kMaxJsonDepth)
    return fail(Error::invalid("nested deeper than " + std::to_string(kMaxJsonDepth) + " levels"));
  try {
    return json::parse(text);
  } catch (const json::parse_error& e) {
    const std::string msg = e.what();
    const auto pos = msg.find("parse error");
    return fail(
        Error::invalid("malformed JSON: " + (pos == std::string::npos ? msg : msg.substr(pos))));
  }
}

Result<FieldValue> field_from_json(const FieldSpec& spec, const json& v) {
  const std::string field(spec.name);
  if (v.is_null()) return FieldValue{};
  switch (spec.type) {
    case FieldType::integer:
      if (v.is_number_integer()) return FieldValue(v.get<std::int64_t>());
      if (v.is_number_float()) {
        const double d = v.get<double>();
        if (d == static_cast<double>(static_cast<std::int64_t>(d)) && d < 9e18 && d > -9e18)
          return FieldValue(static_cast<std::int64_t>(d));
      }
      return fail(Error::invalid("must be " + type_name(spec.type), field));
    case FieldType::text_list: {
      if (!v.is_array()) return fail(Error::invalid("must be " + type_name(spec.type), field));
      std::vector<std::string> out;
      for (size_t i = 0; i < v.size(); ++i) {
        if (!v[i].is_string())
          return fail(Error::invalid("must be a string", field + "[" + std::to_string(i) + "]"));
        out.push_back(v[i].get<std::string>());
      }
      return FieldValue(std::move(out));
    }
    default:
      if (!v.is_string()) return fail(Error::invalid("must be " + type_name(spec.type), field));
      return FieldValue(v.get<std::string>());
  }
}

Result<RecordInput> record_input_from_json(RecordKind kind, const json& body) {
  if (!body.is_object()) return fail(Error::invalid("the body must be a JSON object"));
  const KindSpec& spec = spec_of(kind);
  RecordInput in;
  for (const auto& [key, value] : body.items()) {
    if (key == "tier") {
      if (!value.is_string()) return fail(Error::invalid("must be a string", key));
      auto t = parse_Tier(value.get<std::string>());
      if (!t) return fail(Error::invalid("must be one of public, consortium, nda, private", key));
      in.tier = *t;
    } else if (key == "org_id" && spec.has_org) {
      if (value.is_null()) {
        in.org = OrgId();
      } else if (value.is_number_integer() && value.get<std::int64_t>() > 0) {
        in.org = OrgId(value.get<std::int64_t>());
      } else {
        return fail(Error::invalid("must be a positive integer or null", key));
      }
    } else if (key == "key") {
      if (!value.is_string()) return fail(Error::invalid("must be a string", key));
      in.ext_key = value.get<std::string>();
    } else if (key == "version") {
      if (!value.is_number_integer()) return fail(Error::invalid("must be an integer", key));
      in.version = value.get<std::int64_t>();
    } else if (const FieldSpec* f = find_field(spec, key)) {
      auto fv = field_from_json(*f, value);
      if (!fv) return fail(fv.error());
      YG_TRY(validate_field(*f, *fv));
      in.fields.insert_or_assign(key, std::move(*fv));
    } else if (std::find(kReadOnly.begin(), kReadOnly.end(), key) != kReadOnly.end()) {
      return fail(Error::invalid("read-only; leave it out", key));
    } else {
      return fail(
          Error::invalid(std::string("unknown field for ") + std::string(plural(kind)), key));
    }
  }
  return in;
}

json field_to_json(const FieldValue& value) {
  return std::visit(
      [](const auto& v) -> json {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          return nullptr;
        } else {
          return v;
        }
      },
      value);
}

json record_to_json(const RecordView& view) {
  const Record& r = view.record;
  json j;
  j["id"] = r.id.value;
  j["kind"] = std::string(name(r.kind));
  j["tenant_id"] = r.tenant.value;
  j["tier"] = std::string(name(r.tier));
  if (spec_of(r.kind).has_org) j["org_id"] = r.org ? json(r.org.value) : json(nullptr);
  j["teaser"] = view.visibility == Visibility::teaser;
  j["can_edit"] = view.can_edit;
  j["version"] = r.version;
  j["created_at"] = format_rfc3339(r.created_at);
  j["updated_at"] = format_rfc3339(r.updated_at);
  if (view.visibility == Visibility::full) {
    j["created_by"] = r.created_by ? json(r.created_by.value) : json(nullptr);
    j["key"] = r.ext_key.empty() ? json(nullptr) : json(r.ext_key);
  }
  for (const auto& [k, v] : r.fields) j[k] = field_to_json(v);
  if (view.statement_checked) {
    auto& w = j["warnings"] = json::array();
    for (const auto& warning : view.warnings)
      w.push_back({{"field", warning.field}, {"code", warning.code}, {"message", warning.message}});
  }
  return j;
}

json user_to_json(const User& u) {
  json j = {{"id", u.id.value},
            {"tenant_id", u.tenant.value},
            {"email", u.email},
            {"name", u.name},
            {"role", std::string(name(u.role))},
            {"org_id", u.org ? json(u.org.value) : json(nullptr)},
            {"created_at", format_rfc3339(u.created_at)},
            {"disabled", u.disabled_at.has_value()}};
  return j;
}

}  // namespace yigong::service
