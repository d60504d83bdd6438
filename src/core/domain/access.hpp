// Who may see and change which record: the confidentiality rules of DESIGN §9 as pure functions.
// The per-record decision (visibility) and the SQL-side filter (read_scope) must agree; a test
// computes both over every role × tier × tenant × ownership combination and compares.
#pragma once

#include "core/domain/enums.hpp"
#include "core/domain/record.hpp"
#include "core/ids.hpp"

namespace yigong {

// Value type: the signed-in caller.
struct Viewer {
  UserId user;
  TenantId tenant;
  Role role = Role::guest;
  OrgId org;  // the organisation the user belongs to, 0 if none
};

enum class Visibility {
  none,    // the record does not exist for this viewer (404, never 403: no existence leak)
  teaser,  // NDA tier, not yet accepted: only teaser fields
  full,
};

// Ownership facts about a record that decide its visibility.
struct RecordAccess {
  TenantId tenant;
  Tier tier = Tier::private_;
  OrgId org;
  UserId created_by;
};

RecordAccess access_of(const Record& record);

// REQUIRES: nda_accepted is true only when this viewer accepted this record's NDA.
Visibility visibility(const Viewer& viewer, const RecordAccess& record, bool nda_accepted);

// The rows a viewer may see at least a teaser of, as a filter storage can express in SQL:
// a row is visible when everything, or tier = public, or (tenant = tenant and (tier in
// {consortium, nda} when shared_tiers, or tier = private and (all_private or org = private_org or
// created_by = self))).
struct ReadScope {
  bool everything = false;
  TenantId tenant;
  bool shared_tiers = false;  // consortium and nda rows of the tenant
  bool all_private = false;   // every private row of the tenant
  OrgId private_org;          // private rows of this organisation (0: none)
  UserId self;                // rows the viewer created
  // Which visible rows the viewer sees in full rather than as an NDA teaser: every row that is
  // not NDA-tier, and NDA rows of the tenant when nda_full_all, or of private_org, or created by
  // self, or whose NDA self accepted. Searches and filters may look into non-teaser fields only
  // of those rows, or a teaser would leak its hidden text through repeated queries.
  bool nda_full_all = false;
};

ReadScope read_scope(const Viewer& viewer);

// True when the viewer's role may create records of this kind in its own tenant.
bool can_create(const Viewer& viewer, RecordKind kind);

// True when the viewer may update or delete the record (implies full visibility).
bool can_edit(const Viewer& viewer, const RecordAccess& record);

// Administration of users, invitations and the audit log.
bool can_administer(const Viewer& viewer, TenantId tenant);

// Bulk import into the viewer's tenant.
bool can_import(const Viewer& viewer);

}  // namespace yigong
