// Tenants, users, sessions, invitations and audit events: the records of access and accountability.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/domain/enums.hpp"
#include "core/ids.hpp"
#include "core/time.hpp"

namespace yigong {

// Value type: a consortium member installation slice; its data is isolated from other tenants.
struct Tenant {
  TenantId id;
  std::string slug;  // [a-z0-9-]{2,40}
  std::string name;
  Micros created_at = 0;
};

// Value type: an account that can sign in.
struct User {
  UserId id;
  TenantId tenant;
  std::string email;  // lower-cased, unique on the installation
  std::string name;
  Role role = Role::guest;
  OrgId org;
  std::string password_hash;  // argon2id encoded string; never leaves the service layer
  Micros created_at = 0;
  std::optional<Micros> disabled_at;
};

// Value type: a signed-in browser or client. Only the token's hash is stored.
struct Session {
  std::string token_hash;
  UserId user;
  std::string csrf_token;
  Micros created_at = 0;
  Micros expires_at = 0;
};

// Value type: a one-time invitation to create an account with a given role in a tenant.
struct Invite {
  std::string token_hash;
  TenantId tenant;
  std::string email;
  Role role = Role::guest;
  OrgId org;
  UserId created_by;
  Micros created_at = 0;
  Micros expires_at = 0;
  std::optional<Micros> used_at;
};

// Value type: one entry of the hash-chained audit log.
struct AuditEvent {
  std::int64_t seq = 0;  // 1, 2, 3, … without gaps
  Micros at = 0;
  TenantId tenant;
  UserId actor;        // 0 for the system (command line, migrations)
  std::string action;  // "create", "update", "delete", "nda_accept", "user_create", …
  std::string kind;    // record kind or "user", "invite", "session"
  std::int64_t record_id = 0;
  std::string detail;     // compact JSON of what changed
  std::string prev_hash;  // hex SHA-256 of the previous event ("" before the first)
  std::string hash;       // hex SHA-256 over this event's canonical form and prev_hash
};

}  // namespace yigong
