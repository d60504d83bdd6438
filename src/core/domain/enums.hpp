// Closed vocabularies (roles, tiers, organisation types, …) and their wire names.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace yigong {

// Who a user is on the platform (DESIGN §9).
enum class Role {
  platform_admin,
  tenant_admin,
  operator_,
  clinician,
  supplier,
  reviewer,
  investor,
  guest
};
// Confidentiality tier of a record, from most to least visible.
enum class Tier { public_, consortium, nda, private_ };
// Organisation types: 政产学研医投 and the translation infrastructure around them.
enum class OrgType {
  government,
  company,
  university,
  research_institute,
  hospital,
  investor,
  cro,
  poc_centre,
  pilot_plant,
  park
};
// What a capability is.
enum class CapabilityKind { technology, product, patent, equipment, service };
// Where in the care pathway a need arises.
enum class CareStage { screening, diagnosis, treatment, rehabilitation };
// Clinical area of a need.
enum class ClinicalArea {
  cardiovascular,
  oncology,
  neurology,
  rehabilitation,
  imaging,
  ivd,
  surgery,
  respiratory,
  endocrine,
  orthopaedics,
  ophthalmology,
  digital_health,
  other
};
// Life cycle of a need.
enum class NeedStatus { draft, open, screening, matched, in_project, closed };
// Language a record is written in.
enum class Language { zh_hans, zh_hant, en };

// name(): the wire name ("operator", "nda"); parse_X(): its inverse, nullopt for unknown names;
// names_of_X(): every wire name, in declaration order.
std::string_view name(Role value);
std::optional<Role> parse_Role(std::string_view s);
std::span<const std::string_view> names_of_Role();
std::string_view name(Tier value);
std::optional<Tier> parse_Tier(std::string_view s);
std::span<const std::string_view> names_of_Tier();
std::string_view name(OrgType value);
std::optional<OrgType> parse_OrgType(std::string_view s);
std::span<const std::string_view> names_of_OrgType();
std::string_view name(CapabilityKind value);
std::optional<CapabilityKind> parse_CapabilityKind(std::string_view s);
std::span<const std::string_view> names_of_CapabilityKind();
std::string_view name(CareStage value);
std::optional<CareStage> parse_CareStage(std::string_view s);
std::span<const std::string_view> names_of_CareStage();
std::string_view name(ClinicalArea value);
std::optional<ClinicalArea> parse_ClinicalArea(std::string_view s);
std::span<const std::string_view> names_of_ClinicalArea();
std::string_view name(NeedStatus value);
std::optional<NeedStatus> parse_NeedStatus(std::string_view s);
std::span<const std::string_view> names_of_NeedStatus();
std::string_view name(Language value);
std::optional<Language> parse_Language(std::string_view s);
std::span<const std::string_view> names_of_Language();

}  // namespace yigong
