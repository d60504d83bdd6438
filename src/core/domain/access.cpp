// Confidentiality rules: tenants isolate, tiers widen or narrow, NDAs unlock.
#include "core/domain/access.hpp"

#include <algorithm>

namespace yigong {
namespace {

bool is_admin_or_operator(Role r) {
  return r == Role::platform_admin || r == Role::tenant_admin || r == Role::operator_;
}

}  // namespace

RecordAccess access_of(const Record& record) {
  return {record.tenant, record.tier, record.org, record.created_by};
}

Visibility visibility(const Viewer& v, const RecordAccess& r, bool nda_accepted) {
  if (v.role == Role::platform_admin) return Visibility::full;
  if (r.tier == Tier::public_) return Visibility::full;
  if (v.role == Role::guest || v.tenant != r.tenant) return Visibility::none;
  const bool own = v.user && v.user == r.created_by;
  const bool same_org = v.org && v.org == r.org;
  if (v.role == Role::tenant_admin || own) return Visibility::full;
  switch (r.tier) {
    case Tier::public_:
    case Tier::consortium:
      return Visibility::full;
    case Tier::nda:
      // The translation office holds every NDA on the consortium's behalf; the record's own
      // organisation needs none.
      if (v.role == Role::operator_ || same_org || nda_accepted) return Visibility::full;
      return Visibility::teaser;
    case Tier::private_:
      return same_org ? Visibility::full : Visibility::none;
  }
  return Visibility::none;
}

ReadScope read_scope(const Viewer& v) {
  ReadScope s;
  if (v.role == Role::platform_admin) {
    s.everything = true;
    return s;
  }
  if (v.role == Role::guest) return s;  // public rows only
  s.tenant = v.tenant;
  s.shared_tiers = true;
  s.all_private = v.role == Role::tenant_admin;
  s.nda_full_all = v.role == Role::tenant_admin || v.role == Role::operator_;
  s.private_org = v.org;
  s.self = v.user;
  return s;
}

bool can_create(const Viewer& v, RecordKind kind) {
  if (is_admin_or_operator(v.role)) return true;
  const auto& creators = spec_of(kind).creators;
  return std::find(creators.begin(), creators.end(), v.role) != creators.end();
}

bool can_edit(const Viewer& v, const RecordAccess& r) {
  if (v.role == Role::platform_admin) return true;
  if (v.role == Role::guest || v.tenant != r.tenant) return false;
  if (visibility(v, r, false) != Visibility::full) return false;
  if (v.role == Role::tenant_admin || v.role == Role::operator_) return true;
  return v.user && v.user == r.created_by;
}

bool can_administer(const Viewer& v, TenantId tenant) {
  return v.role == Role::platform_admin || (v.role == Role::tenant_admin && v.tenant == tenant);
}

bool can_import(const Viewer& v) { return is_admin_or_operator(v.role); }

}  // namespace yigong
