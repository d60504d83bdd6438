// Accounts and sessions: sign-in with argon2id passwords, session tokens with CSRF tokens,
// invitations, user administration, and login throttling.
#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/domain/access.hpp"
#include "core/domain/account.hpp"
#include "core/result.hpp"
#include "service/login_throttle.hpp"
#include "store/store.hpp"

namespace yigong::service {

struct AuthOptions {
  std::chrono::seconds session_ttl{12 * 3600};     // a session expires this long after sign-in
  std::chrono::seconds invite_ttl{7 * 24 * 3600};  // an invitation's lifetime
  std::chrono::seconds cache_ttl{5};  // how long a validated session is trusted from memory
  ThrottleOptions throttle;
};

// A successful sign-in. The token goes into an HttpOnly cookie; csrf must accompany every
// state-changing request.
struct SignedIn {
  std::string token;
  std::string csrf;
  Micros expires_at = 0;
  User user;
};

// The authenticated caller of one request.
struct Caller {
  Viewer viewer;
  std::string email;
  std::string name;
  std::string csrf;
  std::string token_hash;
};

struct NewUser {
  std::string email;
  std::string name;
  Role role = Role::guest;
  TenantId tenant;
  OrgId org;
  std::string password;
};

// A change to an account; absent members stay as they are.
struct UserPatch {
  std::optional<Role> role;
  std::optional<bool> disabled;
  std::optional<OrgId> org;  // OrgId() clears it
};

struct NewInvite {
  std::string email;
  Role role = Role::guest;
  TenantId tenant;
  OrgId org;
};

// The validated form of an e-mail address (trimmed, lower-cased). Errors: invalid.
Result<std::string> normalise_email(std::string_view email, std::string_view field = "email");
// Password policy: 10–256 characters of valid UTF-8. Errors: invalid.
Result<void> check_password_policy(std::string_view password, std::string_view field = "password");

// Thread-safe.
class AuthService {
 public:
  AuthService(store::Store& store, AuthOptions options = {});

  // Errors: unauthenticated (wrong email or password, disabled account; one message for all),
  // rate_limited (too many failures for the account or the address).
  Result<SignedIn> login(std::string_view email, std::string_view password,
                         const std::string& address);
  // Errors: unauthenticated when the token is unknown, expired or its user disabled.
  Result<Caller> authenticate(std::string_view token);
  Result<void> logout(const Caller& caller);
  // Errors: unauthenticated (old password wrong), invalid (policy). Ends the caller's other
  // sessions.
  Result<void> change_password(const Caller& caller, std::string_view old_password,
                               std::string_view new_password);

  // actor == nullptr: the command line (system). Errors: forbidden, invalid, conflict (email).
  Result<User> create_user(const Viewer* actor, const NewUser& user);
  Result<std::vector<User>> list_users(const Viewer& actor, TenantId tenant);
  // Errors: not_found (no such user, or one outside the actor's administration), forbidden
  // (granting platform_admin without being one; disabling or demoting oneself), invalid (org).
  // Disabling ends the user's sessions at once.
  Result<User> update_user(const Viewer& actor, UserId id, const UserPatch& patch);
  // Invitations of a tenant (tokens are never shown again; only their state).
  Result<std::vector<Invite>> list_invites(const Viewer& actor, TenantId tenant);
  // Returns the one-time token (shown once; only its hash is stored).
  Result<std::string> invite(const Viewer& actor, const NewInvite& invite);
  // Errors: not_found (unknown token), conflict (used), unprocessable (expired).
  Result<SignedIn> accept_invite(std::string_view token, std::string_view name,
                                 std::string_view password);
  // actor == nullptr: the command line. Errors: forbidden, invalid, conflict (slug taken).
  Result<Tenant> create_tenant(const Viewer* actor, std::string_view slug, std::string_view name);
  Result<std::vector<Tenant>> list_tenants(const Viewer& actor);

 private:
  Result<SignedIn> open_session(store::Tx& tx, const User& user);
  void forget_user_sessions(UserId user);

  store::Store& store_;
  AuthOptions options_;
  LoginThrottle throttle_;
  std::string dummy_hash_;  // verified against when the account is unknown: equal timing

  struct CachedSession {
    Caller caller;
    Micros expires_at;
    std::chrono::steady_clock::time_point cached_at;
  };
  std::mutex cache_mu_;
  std::unordered_map<std::string, CachedSession> cache_;  // token hash → session; guarded
};

}  // namespace yigong::service
