// The per-record visibility rule and the SQL-side read scope must agree on every combination.
#include "core/domain/access.hpp"

#include <gtest/gtest.h>

#include <array>

namespace yigong {
namespace {

// What read_scope() admits, evaluated in C++ exactly as the store's WHERE clause does.
bool scope_admits(const ReadScope& s, const RecordAccess& r) {
  if (s.everything || r.tier == Tier::public_) return true;
  if (!s.tenant || r.tenant != s.tenant) return false;
  if (s.self && r.created_by == s.self) return true;
  if (r.tier == Tier::consortium || r.tier == Tier::nda) return s.shared_tiers;
  return s.all_private || (s.private_org && r.org == s.private_org) ||
         (s.self && r.created_by == s.self);
}

// What the store's full-view condition (ReadScope::nda_full_all) admits, for a visible row.
bool scope_full(const ReadScope& s, const RecordAccess& r, bool accepted) {
  if (s.everything || r.tier != Tier::nda) return true;
  if (!s.tenant || r.tenant != s.tenant) return false;
  return s.nda_full_all || (s.private_org && r.org == s.private_org) ||
         (s.self && (r.created_by == s.self || accepted));
}

constexpr std::array kRoles = {Role::platform_admin, Role::tenant_admin, Role::operator_,
                               Role::clinician,      Role::supplier,     Role::reviewer,
                               Role::investor,       Role::guest};
constexpr std::array kTiers = {Tier::public_, Tier::consortium, Tier::nda, Tier::private_};

TEST(Access, ScopeAgreesWithVisibilityEverywhere) {
  const TenantId t1(1), t2(2);
  const OrgId o1(10), o2(20);
  const UserId me(100), other(200);
  for (Role role : kRoles) {
    for (OrgId my_org : {OrgId(), o1}) {
      const Viewer v{me, t1, role, my_org};
      const ReadScope scope = read_scope(v);
      for (Tier tier : kTiers) {
        for (TenantId tenant : {t1, t2}) {
          for (OrgId org : {o1, o2}) {
            for (UserId creator : {me, other}) {
              const RecordAccess r{tenant, tier, org, creator};
              const bool visible = visibility(v, r, false) != Visibility::none;
              EXPECT_EQ(visible, scope_admits(scope, r))
                  << name(role) << " tier " << name(tier) << " tenant " << tenant.value << " org "
                  << org.value << " creator " << creator.value;
            }
          }
        }
      }
    }
  }
}

TEST(Access, FullViewConditionAgreesWithVisibility) {
  const TenantId t1(1), t2(2);
  const OrgId o1(10), o2(20);
  const UserId me(100), other(200);
  int checked = 0;
  for (Role role : kRoles) {
    for (OrgId my_org : {OrgId(), o1}) {
      const Viewer v{me, t1, role, my_org};
      const ReadScope scope = read_scope(v);
      for (Tier tier : kTiers) {
        for (TenantId tenant : {t1, t2}) {
          for (OrgId org : {o1, o2}) {
            for (UserId creator : {me, other}) {
              for (bool accepted : {false, true}) {
                const RecordAccess r{tenant, tier, org, creator};
                const Visibility vis = visibility(v, r, accepted);
                if (vis == Visibility::none) continue;
                EXPECT_EQ(vis == Visibility::full, scope_full(scope, r, accepted))
                    << name(role) << " tier " << name(tier) << " accepted " << accepted;
                ++checked;
              }
            }
          }
        }
      }
    }
  }
  EXPECT_GT(checked, 100);
}

TEST(Access, NdaShowsTeaserUntilAccepted) {
  const Viewer v{UserId(5), TenantId(1), Role::supplier, OrgId(9)};
  const RecordAccess r{TenantId(1), Tier::nda, OrgId(3), UserId(4)};
  EXPECT_EQ(visibility(v, r, false), Visibility::teaser);
  EXPECT_EQ(visibility(v, r, true), Visibility::full);
}

TEST(Access, PrivateIsTeamOnly) {
  const RecordAccess r{TenantId(1), Tier::private_, OrgId(3), UserId(4)};
  EXPECT_EQ(visibility({UserId(5), TenantId(1), Role::supplier, OrgId(9)}, r, true),
            Visibility::none);
  EXPECT_EQ(visibility({UserId(5), TenantId(1), Role::operator_, OrgId(9)}, r, false),
            Visibility::none);
  EXPECT_EQ(visibility({UserId(5), TenantId(1), Role::clinician, OrgId(3)}, r, false),
            Visibility::full);
  EXPECT_EQ(visibility({UserId(4), TenantId(1), Role::clinician, OrgId()}, r, false),
            Visibility::full);
  EXPECT_EQ(visibility({UserId(5), TenantId(1), Role::tenant_admin, OrgId()}, r, false),
            Visibility::full);
}

TEST(Access, OtherTenantsSeeOnlyPublic) {
  const Viewer v{UserId(5), TenantId(2), Role::tenant_admin, OrgId(3)};
  for (Tier tier : kTiers) {
    const RecordAccess r{TenantId(1), tier, OrgId(3), UserId(5)};
    EXPECT_EQ(visibility(v, r, true) != Visibility::none, tier == Tier::public_) << name(tier);
    EXPECT_FALSE(can_edit(v, r));
  }
}

TEST(Access, GuestsSeePublicAndChangeNothing) {
  const Viewer g{UserId(5), TenantId(1), Role::guest, OrgId(3)};
  for (Tier tier : kTiers) {
    const RecordAccess r{TenantId(1), tier, OrgId(3), UserId(5)};
    EXPECT_EQ(visibility(g, r, true) != Visibility::none, tier == Tier::public_);
    EXPECT_FALSE(can_edit(g, r));
  }
  for (RecordKind k : all_record_kinds()) EXPECT_FALSE(can_create(g, k));
}

TEST(Access, CreatorsFollowTheKindSpec) {
  auto viewer = [](Role r) { return Viewer{UserId(1), TenantId(1), r, OrgId()}; };
  EXPECT_TRUE(can_create(viewer(Role::clinician), RecordKind::need));
  EXPECT_FALSE(can_create(viewer(Role::clinician), RecordKind::capability));
  EXPECT_TRUE(can_create(viewer(Role::supplier), RecordKind::capability));
  EXPECT_FALSE(can_create(viewer(Role::supplier), RecordKind::need));
  EXPECT_FALSE(can_create(viewer(Role::investor), RecordKind::organisation));
  EXPECT_TRUE(can_create(viewer(Role::operator_), RecordKind::organisation));
}

}  // namespace
}  // namespace yigong
