// Wire-name tables for the closed vocabularies.
#include "core/domain/enums.hpp"

#include <array>

namespace yigong {
namespace {

template <typename E, size_t N>
std::optional<E> find(const std::array<std::string_view, N>& names, std::string_view s) {
  for (size_t i = 0; i < N; ++i) {
    if (names[i] == s) return static_cast<E>(i);
  }
  return std::nullopt;
}

constexpr std::array<std::string_view, 8> kRoleNames = {
    "platform_admin", "tenant_admin", "operator", "clinician",
    "supplier",       "reviewer",     "investor", "guest"};
constexpr std::array<std::string_view, 4> kTierNames = {"public", "consortium", "nda", "private"};
constexpr std::array<std::string_view, 10> kOrgTypeNames = {
    "government", "company", "university", "research_institute", "hospital",
    "investor",   "cro",     "poc_centre", "pilot_plant",        "park"};
constexpr std::array<std::string_view, 5> kCapabilityKindNames = {"technology", "product", "patent",
                                                                  "equipment", "service"};
constexpr std::array<std::string_view, 4> kCareStageNames = {"screening", "diagnosis", "treatment",
                                                             "rehabilitation"};
constexpr std::array<std::string_view, 13> kClinicalAreaNames = {
    "cardiovascular", "oncology",     "neurology",     "rehabilitation",
    "imaging",        "ivd",          "surgery",       "respiratory",
    "endocrine",      "orthopaedics", "ophthalmology", "digital_health",
    "other"};
constexpr std::array<std::string_view, 6> kNeedStatusNames = {"draft",   "open",       "screening",
                                                              "matched", "in_project", "closed"};
constexpr std::array<std::string_view, 3> kLanguageNames = {"zh-Hans", "zh-Hant", "en"};

}  // namespace

std::string_view name(Role value) { return kRoleNames.at(static_cast<size_t>(value)); }
std::optional<Role> parse_Role(std::string_view s) { return find<Role>(kRoleNames, s); }
std::span<const std::string_view> names_of_Role() { return kRoleNames; }
std::string_view name(Tier value) { return kTierNames.at(static_cast<size_t>(value)); }
std::optional<Tier> parse_Tier(std::string_view s) { return find<Tier>(kTierNames, s); }
std::span<const std::string_view> names_of_Tier() { return kTierNames; }
std::string_view name(OrgType value) { return kOrgTypeNames.at(static_cast<size_t>(value)); }
std::optional<OrgType> parse_OrgType(std::string_view s) { return find<OrgType>(kOrgTypeNames, s); }
std::span<const std::string_view> names_of_OrgType() { return kOrgTypeNames; }
std::string_view name(CapabilityKind value) {
  return kCapabilityKindNames.at(static_cast<size_t>(value));
}
std::optional<CapabilityKind> parse_CapabilityKind(std::string_view s) {
  return find<CapabilityKind>(kCapabilityKindNames, s);
}
std::span<const std::string_view> names_of_CapabilityKind() { return kCapabilityKindNames; }
std::string_view name(CareStage value) { return kCareStageNames.at(static_cast<size_t>(value)); }
std::optional<CareStage> parse_CareStage(std::string_view s) {
  return find<CareStage>(kCareStageNames, s);
}
std::span<const std::string_view> names_of_CareStage() { return kCareStageNames; }
std::string_view name(ClinicalArea value) {
  return kClinicalAreaNames.at(static_cast<size_t>(value));
}
std::optional<ClinicalArea> parse_ClinicalArea(std::string_view s) {
  return find<ClinicalArea>(kClinicalAreaNames, s);
}
std::span<const std::string_view> names_of_ClinicalArea() { return kClinicalAreaNames; }
std::string_view name(NeedStatus value) { return kNeedStatusNames.at(static_cast<size_t>(value)); }
std::optional<NeedStatus> parse_NeedStatus(std::string_view s) {
  return find<NeedStatus>(kNeedStatusNames, s);
}
std::span<const std::string_view> names_of_NeedStatus() { return kNeedStatusNames; }
std::string_view name(Language value) { return kLanguageNames.at(static_cast<size_t>(value)); }
std::optional<Language> parse_Language(std::string_view s) {
  return find<Language>(kLanguageNames, s);
}
std::span<const std::string_view> names_of_Language() { return kLanguageNames; }

}  // namespace yigong
