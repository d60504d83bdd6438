// Records and their kinds: organisations, people, needs and capabilities share one shape — common
// columns plus the fields their KindSpec declares — so storage, JSON, CSV, validation and the
// OpenAPI document are each written once, driven by the spec.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/domain/enums.hpp"
#include "core/ids.hpp"
#include "core/time.hpp"

namespace yigong {

enum class RecordKind { organisation, person, need, capability };

std::string_view name(RecordKind kind);    // "organisation", …
std::string_view plural(RecordKind kind);  // "organisations": the API collection name
std::optional<RecordKind> parse_RecordKind(std::string_view s);  // singular or plural
std::span<const RecordKind> all_record_kinds();

enum class FieldType {
  text,         // one line, ≤ max_len code points
  long_text,    // paragraphs, ≤ max_len code points
  integer,      // 64-bit, within [min, max]
  enumeration,  // one of `choices`
  text_list,    // list of one-line texts (keywords, criteria)
  email,        // an e-mail address
};

// Immutable description of one field of a record kind.
struct FieldSpec {
  std::string_view name;
  FieldType type;
  bool required = false;
  std::int64_t max_len = 200;                      // text types: code points; list: entries
  std::int64_t min = 0, max = 0;                   // integer bounds
  std::span<const std::string_view> choices = {};  // enumeration
  bool teaser = false;                             // shown to viewers who see only the NDA teaser
  bool filter = false;  // usable as a list filter (equality; integers also _min/_max)
  bool search = false;  // searched by the list's full-text `q`
};

// Immutable description of a record kind.
struct KindSpec {
  RecordKind kind;
  std::string_view table;
  std::span<const FieldSpec> fields;
  std::span<const Tier> allowed_tiers;
  std::span<const Role> creators;  // roles that may create (admins and operators always may)
  bool has_org = true;             // carries org_id (the owning organisation)
};

const KindSpec& spec_of(RecordKind kind);
const FieldSpec* find_field(const KindSpec& spec, std::string_view name);

// A field value: absent, text (also enumeration and email), integer, or list of texts.
using FieldValue =
    std::variant<std::monostate, std::string, std::int64_t, std::vector<std::string>>;

// Value type: one stored record of any kind.
struct Record {
  RecordKind kind = RecordKind::need;
  RecordId id;
  TenantId tenant;
  std::string ext_key;  // import key, unique per tenant and kind; may be empty
  Tier tier = Tier::consortium;
  OrgId org;  // owning organisation (0 for organisations themselves)
  UserId created_by;
  std::int64_t version = 1;  // bumped on every update; optimistic concurrency
  Micros created_at = 0;
  Micros updated_at = 0;
  std::optional<Micros> deleted_at;
  std::map<std::string, FieldValue, std::less<>> fields;

  const std::string* text(std::string_view field) const;
  std::optional<std::int64_t> integer(std::string_view field) const;
};

}  // namespace yigong
