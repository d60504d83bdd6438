// The four record kinds' field specifications.
#include "core/domain/record.hpp"

#include <array>

namespace yigong {
namespace {

constexpr std::array<std::string_view, 7> kDisciplines = {
    "clinician", "engineer", "scientist", "investor", "manager", "regulatory", "other"};
constexpr std::array kAllTiers = {Tier::public_, Tier::consortium, Tier::nda, Tier::private_};
constexpr std::array kDirectoryTiers = {Tier::public_, Tier::consortium};
constexpr std::array kNeedCreators = {Role::clinician};
constexpr std::array kCapabilityCreators = {Role::supplier};
constexpr std::span<const Role> kNoExtraCreators = {};

constexpr std::int64_t kPara = 4000;

const KindSpec& organisation_spec() {
  static const std::array fields = {
      FieldSpec{.name = "name",
                .type = FieldType::text,
                .required = true,
                .teaser = true,
                .search = true},
      FieldSpec{.name = "name_en", .type = FieldType::text, .teaser = true, .search = true},
      FieldSpec{.name = "type",
                .type = FieldType::enumeration,
                .required = true,
                .choices = names_of_OrgType(),
                .teaser = true,
                .filter = true},
      FieldSpec{
          .name = "region", .type = FieldType::text, .max_len = 40, .teaser = true, .filter = true},
      FieldSpec{
          .name = "description", .type = FieldType::long_text, .max_len = kPara, .search = true},
      FieldSpec{.name = "website", .type = FieldType::text, .max_len = 300},
  };
  static const KindSpec spec{RecordKind::organisation, "organisations",  fields,
                             kDirectoryTiers,          kNoExtraCreators, false};
  return spec;
}

const KindSpec& person_spec() {
  static const std::array fields = {
      FieldSpec{.name = "name",
                .type = FieldType::text,
                .required = true,
                .teaser = true,
                .search = true},
      FieldSpec{.name = "name_en", .type = FieldType::text, .teaser = true, .search = true},
      FieldSpec{.name = "email", .type = FieldType::email, .max_len = 254},
      FieldSpec{.name = "title", .type = FieldType::text, .teaser = true},
      FieldSpec{.name = "discipline",
                .type = FieldType::enumeration,
                .choices = kDisciplines,
                .teaser = true,
                .filter = true},
      FieldSpec{.name = "expertise",
                .type = FieldType::text_list,
                .max_len = 30,
                .teaser = true,
                .search = true},
  };
  static const KindSpec spec{RecordKind::person, "people",         fields,
                             kDirectoryTiers,    kNoExtraCreators, true};
  return spec;
}

const KindSpec& need_spec() {
  static const std::array fields = {
      FieldSpec{.name = "title",
                .type = FieldType::text,
                .required = true,
                .teaser = true,
                .search = true},
      FieldSpec{.name = "problem",
                .type = FieldType::long_text,
                .required = true,
                .max_len = 2000,
                .search = true},
      FieldSpec{.name = "population",
                .type = FieldType::long_text,
                .required = true,
                .max_len = 1000,
                .search = true},
      FieldSpec{.name = "outcome",
                .type = FieldType::long_text,
                .required = true,
                .max_len = 1000,
                .search = true},
      FieldSpec{.name = "clinical_area",
                .type = FieldType::enumeration,
                .required = true,
                .choices = names_of_ClinicalArea(),
                .teaser = true,
                .filter = true},
      FieldSpec{.name = "care_stage",
                .type = FieldType::enumeration,
                .required = true,
                .choices = names_of_CareStage(),
                .teaser = true,
                .filter = true},
      FieldSpec{.name = "current_practice",
                .type = FieldType::long_text,
                .max_len = kPara,
                .search = true},
      FieldSpec{.name = "shortfall", .type = FieldType::long_text, .max_len = kPara},
      FieldSpec{.name = "population_size",
                .type = FieldType::integer,
                .min = 0,
                .max = 10'000'000'000,
                .filter = true},
      FieldSpec{.name = "evidence_problem", .type = FieldType::long_text, .max_len = 2000},
      FieldSpec{.name = "evidence_population", .type = FieldType::long_text, .max_len = 2000},
      FieldSpec{.name = "evidence_outcome", .type = FieldType::long_text, .max_len = 2000},
      FieldSpec{.name = "must_have", .type = FieldType::text_list, .max_len = 20},
      FieldSpec{.name = "nice_to_have", .type = FieldType::text_list, .max_len = 20},
      FieldSpec{.name = "language",
                .type = FieldType::enumeration,
                .required = true,
                .choices = names_of_Language(),
                .teaser = true,
                .filter = true},
      FieldSpec{.name = "status",
                .type = FieldType::enumeration,
                .choices = names_of_NeedStatus(),
                .teaser = true,
                .filter = true},
  };
  static const KindSpec spec{RecordKind::need, "needs", fields, kAllTiers, kNeedCreators, true};
  return spec;
}

const KindSpec& capability_spec() {
  static const std::array fields = {
      FieldSpec{.name = "title",
                .type = FieldType::text,
                .required = true,
                .teaser = true,
                .search = true},
      // "type", not "kind": every record's JSON already names its record kind in "kind".
      FieldSpec{.name = "type",
                .type = FieldType::enumeration,
                .required = true,
                .choices = names_of_CapabilityKind(),
                .teaser = true,
                .filter = true},
      FieldSpec{
          .name = "description", .type = FieldType::long_text, .max_len = kPara, .search = true},
      FieldSpec{.name = "trl",
                .type = FieldType::integer,
                .required = true,
                .min = 1,
                .max = 9,
                .teaser = true,
                .filter = true},
      FieldSpec{.name = "keywords",
                .type = FieldType::text_list,
                .max_len = 30,
                .teaser = true,
                .search = true},
      FieldSpec{.name = "language",
                .type = FieldType::enumeration,
                .required = true,
                .choices = names_of_Language(),
                .teaser = true,
                .filter = true},
  };
  static const KindSpec spec{
      RecordKind::capability, "capabilities", fields, kAllTiers, kCapabilityCreators, true};
  return spec;
}

constexpr std::array kKinds = {RecordKind::organisation, RecordKind::person, RecordKind::need,
                               RecordKind::capability};
constexpr std::array<std::string_view, 4> kKindNames = {"organisation", "person", "need",
                                                        "capability"};
constexpr std::array<std::string_view, 4> kKindPlurals = {"organisations", "people", "needs",
                                                          "capabilities"};

}  // namespace

std::string_view name(RecordKind kind) { return kKindNames.at(static_cast<size_t>(kind)); }
std::string_view plural(RecordKind kind) { return kKindPlurals.at(static_cast<size_t>(kind)); }

std::optional<RecordKind> parse_RecordKind(std::string_view s) {
  for (size_t i = 0; i < kKinds.size(); ++i) {
    if (kKindNames[i] == s || kKindPlurals[i] == s) return kKinds[i];
  }
  return std::nullopt;
}

std::span<const RecordKind> all_record_kinds() { return kKinds; }

const KindSpec& spec_of(RecordKind kind) {
  switch (kind) {
    case RecordKind::organisation:
      return organisation_spec();
    case RecordKind::person:
      return person_spec();
    case RecordKind::need:
      return need_spec();
    case RecordKind::capability:
      return capability_spec();
  }
  return need_spec();
}

const FieldSpec* find_field(const KindSpec& spec, std::string_view field) {
  for (const auto& f : spec.fields) {
    if (f.name == field) return &f;
  }
  return nullptr;
}

const std::string* Record::text(std::string_view field) const {
  auto it = fields.find(field);
  if (it == fields.end()) return nullptr;
  return std::get_if<std::string>(&it->second);
}

std::optional<std::int64_t> Record::integer(std::string_view field) const {
  auto it = fields.find(field);
  if (it == fields.end()) return std::nullopt;
  if (const auto* v = std::get_if<std::int64_t>(&it->second)) return *v;
  return std::nullopt;
}

}  // namespace yigong
