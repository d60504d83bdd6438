// Sign-in, sessions, invitations and user administration.
#include "service/auth.hpp"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "core/utf8.hpp"
#include "service/audit.hpp"
#include "service/crypto.hpp"

namespace yigong::service {
namespace {

using std::chrono::duration_cast;
using std::chrono::microseconds;

constexpr size_t kCacheMax = 100000;

Result<void> audit(store::Tx& tx, TenantId tenant, UserId actor, std::string action,
                   std::string kind, std::int64_t id, std::string detail) {
  AuditEvent e;
  e.tenant = tenant;
  e.actor = actor;
  e.action = std::move(action);
  e.kind = std::move(kind);
  e.record_id = id;
  e.detail = std::move(detail);
  auto r = append_audit(tx, std::move(e));
  if (!r) return fail(r.error());
  return ok();
}

bool valid_slug(std::string_view s) {
  if (s.size() < 2 || s.size() > 40) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

Result<void> check_name(std::string_view name, std::string_view field) {
  if (!is_valid_utf8(name)) return fail(Error::invalid("not valid UTF-8", std::string(field)));
  if (name.find_first_not_of(" \t") == std::string_view::npos)
    return fail(Error::invalid("required", std::string(field)));
  if (utf8_length(name) > 100)
    return fail(Error::invalid("longer than 100 characters", std::string(field)));
  if (std::any_of(name.begin(), name.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x20; }))
    return fail(Error::invalid("control characters are not allowed", std::string(field)));
  return ok();
}

// Who may grant which role: platform admins any; tenant admins any but platform_admin, in their
// own tenant.
Result<void> check_grant(const Viewer& actor, Role role, TenantId tenant) {
  if (!can_administer(actor, tenant))
    return fail(Error::forbidden("only administrators of this tenant may manage its users"));
  if (role == Role::platform_admin && actor.role != Role::platform_admin)
    return fail(Error::forbidden("only a platform admin may grant platform_admin"));
  return ok();
}

}  // namespace

Result<std::string> normalise_email(std::string_view email, std::string_view field) {
  std::string e(email);
  const auto b = e.find_first_not_of(" \t");
  const auto l = e.find_last_not_of(" \t");
  e = b == std::string::npos ? "" : e.substr(b, l - b + 1);
  std::transform(e.begin(), e.end(), e.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  const auto at = e.find('@');
  const bool shape =
      !e.empty() && e.size() <= 254 && at != std::string::npos && at > 0 &&
      e.find('@', at + 1) == std::string::npos && e.find('.', at + 2) != std::string::npos &&
      e.back() != '.' && std::none_of(e.begin(), e.end(), [](unsigned char c) {
        return c <= 0x20 || c == ',' || c == ';' || c == '<' || c == '>' || c == '"' || c >= 0x7f;
      });
  if (!shape) return fail(Error::invalid("not an e-mail address", std::string(field)));
  return e;
}

Result<void> check_password_policy(std::string_view password, std::string_view field) {
  if (!is_valid_utf8(password)) return fail(Error::invalid("not valid UTF-8", std::string(field)));
  const size_t n = utf8_length(password);
  if (n < 10) return fail(Error::invalid("at least 10 characters", std::string(field)));
  if (n > 256) return fail(Error::invalid("at most 256 characters", std::string(field)));
  return ok();
}

AuthService::AuthService(store::Store& store, AuthOptions options)
    : store_(store), options_(options), throttle_(options.throttle) {
  dummy_hash_ = hash_password(random_token(16)).value_or("");
}

Result<SignedIn> AuthService::open_session(store::Tx& tx, const User& user) {
  SignedIn s;
  s.token = random_token();
  s.csrf = random_token();
  const Micros now = now_micros();
  s.expires_at = now + duration_cast<microseconds>(options_.session_ttl).count();
  s.user = user;
  s.user.password_hash.clear();
  YG_TRY(tx.create_session(Session{sha256_hex(s.token), user.id, s.csrf, now, s.expires_at}));
  return s;
}

Result<SignedIn> AuthService::login(std::string_view email_in, std::string_view password,
                                    const std::string& address) {
  const std::string email =
      normalise_email(email_in).value_or(std::string(email_in.substr(0, 254)));
  int retry_after = 0;
  if (!throttle_.allow(email, address, retry_after))
    return fail(Error::rate_limited("too many failed sign-ins; retry in " +
                                    std::to_string(retry_after) + " s"));
  auto user =
      store_.read<std::optional<User>>([&](store::Tx& tx) { return tx.find_user_by_email(email); });
  if (!user) return fail(user.error());
  const bool found = user->has_value() && !(*user)->disabled_at;
  const bool match = verify_password(found ? (*user)->password_hash : dummy_hash_, password);
  if (!found || !match) {
    throttle_.record_failure(email, address);
    return fail(Error::unauthenticated("wrong e-mail or password"));
  }
  throttle_.record_success(email);
  const User& u = **user;
  return store_.write<SignedIn>([&](store::Tx& tx) -> Result<SignedIn> {
    auto s = open_session(tx, u);
    if (!s) return s;
    YG_TRY(audit(tx, u.tenant, u.id, "login", "session", u.id.value,
                 nlohmann::json{{"address", address}}.dump()));
    return s;
  });
}

Result<Caller> AuthService::authenticate(std::string_view token) {
  if (token.size() != 64) return fail(Error::unauthenticated("sign in first"));
  const std::string hash = sha256_hex(token);
  const Micros now = now_micros();
  {
    std::lock_guard lock(cache_mu_);
    auto it = cache_.find(hash);
    if (it != cache_.end()) {
      if (it->second.expires_at > now &&
          std::chrono::steady_clock::now() - it->second.cached_at < options_.cache_ttl)
        return it->second.caller;
      cache_.erase(it);
    }
  }
  auto found = store_.read<std::optional<std::pair<Session, User>>>(
      [&](store::Tx& tx) -> Result<std::optional<std::pair<Session, User>>> {
        auto s = tx.find_session(hash);
        if (!s) return fail(s.error());
        if (!*s) return std::nullopt;
        auto u = tx.get_user((*s)->user);
        if (!u) return fail(u.error());
        if (!*u) return std::nullopt;
        return std::make_pair(**s, **u);
      });
  if (!found) return fail(found.error());
  if (!*found || (*found)->first.expires_at <= now || (*found)->second.disabled_at)
    return fail(Error::unauthenticated("session expired or unknown; sign in again"));
  const auto& [session, user] = **found;
  Caller c{Viewer{user.id, user.tenant, user.role, user.org}, user.email, user.name,
           session.csrf_token, hash};
  std::lock_guard lock(cache_mu_);
  if (cache_.size() >= kCacheMax) cache_.clear();
  cache_[hash] = CachedSession{c, session.expires_at, std::chrono::steady_clock::now()};
  return c;
}

Result<void> AuthService::logout(const Caller& caller) {
  {
    std::lock_guard lock(cache_mu_);
    cache_.erase(caller.token_hash);
  }
  return store_
      .write<bool>([&](store::Tx& tx) -> Result<bool> {
        YG_TRY(tx.delete_session(caller.token_hash));
        YG_TRY(audit(tx, caller.viewer.tenant, caller.viewer.user, "logout", "session",
                     caller.viewer.user.value, "{}"));
        return true;
      })
      .map([](bool) {});
}

void AuthService::forget_user_sessions(UserId user) {
  std::lock_guard lock(cache_mu_);
  std::erase_if(cache_, [&](const auto& kv) { return kv.second.caller.viewer.user == user; });
}

Result<void> AuthService::change_password(const Caller& caller, std::string_view old_password,
                                          std::string_view new_password) {
  YG_TRY(check_password_policy(new_password, "new_password"));
  auto user = store_.read<std::optional<User>>(
      [&](store::Tx& tx) { return tx.get_user(caller.viewer.user); });
  if (!user) return fail(user.error());
  if (!*user || !verify_password((*user)->password_hash, old_password))
    return fail(Error{ErrorCode::unauthenticated, "the current password is wrong", "old_password"});
  auto hash = hash_password(new_password);
  if (!hash) return fail(hash.error());
  forget_user_sessions(caller.viewer.user);
  return store_
      .write<bool>([&](store::Tx& tx) -> Result<bool> {
        YG_TRY(tx.set_user_password(caller.viewer.user, *hash));
        YG_TRY(tx.delete_user_sessions(caller.viewer.user));
        // The caller keeps this session; the others end.
        YG_TRY(tx.create_session(
            Session{caller.token_hash, caller.viewer.user, caller.csrf, now_micros(),
                    now_micros() + duration_cast<microseconds>(options_.session_ttl).count()}));
        YG_TRY(audit(tx, caller.viewer.tenant, caller.viewer.user, "password_change", "user",
                     caller.viewer.user.value, "{}"));
        return true;
      })
      .map([](bool) {});
}

Result<User> AuthService::create_user(const Viewer* actor, const NewUser& in) {
  auto email = normalise_email(in.email);
  if (!email) return fail(email.error());
  YG_TRY(check_name(in.name, "name"));
  YG_TRY(check_password_policy(in.password));
  if (actor) YG_TRY(check_grant(*actor, in.role, in.tenant));
  auto hash = hash_password(in.password);
  if (!hash) return fail(hash.error());
  return store_.write<User>([&](store::Tx& tx) -> Result<User> {
    auto tenant = tx.get_tenant(in.tenant);
    if (!tenant) return fail(tenant.error());
    if (!*tenant) return fail(Error::invalid("no such tenant", "tenant"));
    if (in.org) {
      auto org = tx.get_record(RecordKind::organisation, RecordId(in.org.value));
      if (!org) return fail(org.error());
      if (!*org || (*org)->tenant != in.tenant || (*org)->deleted_at)
        return fail(Error::invalid("no such organisation in this tenant", "org_id"));
    }
    auto existing = tx.find_user_by_email(*email);
    if (!existing) return fail(existing.error());
    if (*existing) return fail(Error::conflict("an account with this e-mail exists", "email"));
    User u;
    u.tenant = in.tenant;
    u.email = *email;
    u.name = in.name;
    u.role = in.role;
    u.org = in.org;
    u.password_hash = *hash;
    u.created_at = now_micros();
    auto id = tx.create_user(u);
    if (!id) return fail(id.error());
    u.id = *id;
    YG_TRY(audit(tx, u.tenant, actor ? actor->user : UserId(), "create", "user", u.id.value,
                 nlohmann::json{{"email", u.email}, {"role", name(u.role)}}.dump()));
    u.password_hash.clear();
    return u;
  });
}

Result<std::vector<User>> AuthService::list_users(const Viewer& actor, TenantId tenant) {
  if (!tenant && actor.role != Role::platform_admin) tenant = actor.tenant;
  if (!can_administer(actor, tenant ? tenant : actor.tenant))
    return fail(Error::forbidden("only administrators may list users"));
  auto users = store_.read<std::vector<User>>([&](store::Tx& tx) { return tx.list_users(tenant); });
  if (users) {
    for (auto& u : *users) u.password_hash.clear();
  }
  return users;
}

Result<User> AuthService::update_user(const Viewer& actor, UserId id, const UserPatch& patch) {
  auto updated = store_.write<User>([&](store::Tx& tx) -> Result<User> {
    auto found = tx.get_user(id);
    if (!found) return fail(found.error());
    if (!*found || !can_administer(actor, (*found)->tenant))
      return fail(Error::not_found("user", id.str()));
    User u = **found;
    if (patch.role) YG_TRY(check_grant(actor, *patch.role, u.tenant));
    if (id == actor.user &&
        ((patch.disabled && *patch.disabled) || (patch.role && *patch.role != actor.role)))
      return fail(Error::forbidden("you may not disable or demote your own account"));
    if (patch.org && *patch.org) {
      auto org = tx.get_record(RecordKind::organisation, RecordId(patch.org->value));
      if (!org) return fail(org.error());
      if (!*org || (*org)->tenant != u.tenant || (*org)->deleted_at)
        return fail(Error::invalid("no such organisation in this tenant", "org_id"));
    }
    nlohmann::json detail = nlohmann::json::object();
    if (patch.role) {
      YG_TRY(tx.set_user_role(id, *patch.role));
      u.role = *patch.role;
      detail["role"] = std::string(name(*patch.role));
    }
    if (patch.org) {
      YG_TRY(tx.set_user_org(id, *patch.org));
      u.org = *patch.org;
      detail["org_id"] = patch.org->value;
    }
    if (patch.disabled) {
      u.disabled_at = *patch.disabled ? std::optional<Micros>(now_micros()) : std::nullopt;
      YG_TRY(tx.set_user_disabled(id, u.disabled_at));
      if (*patch.disabled) YG_TRY(tx.delete_user_sessions(id));
      detail["disabled"] = *patch.disabled;
    }
    YG_TRY(audit(tx, u.tenant, actor.user, "update", "user", id.value, detail.dump()));
    u.password_hash.clear();
    return u;
  });
  if (updated) forget_user_sessions(id);
  return updated;
}

Result<std::vector<Invite>> AuthService::list_invites(const Viewer& actor, TenantId tenant) {
  if (!tenant) tenant = actor.tenant;
  if (!can_administer(actor, tenant))
    return fail(Error::forbidden("only administrators may list invitations"));
  return store_.read<std::vector<Invite>>([&](store::Tx& tx) { return tx.list_invites(tenant); });
}

Result<std::string> AuthService::invite(const Viewer& actor, const NewInvite& in) {
  auto email = normalise_email(in.email);
  if (!email) return fail(email.error());
  YG_TRY(check_grant(actor, in.role, in.tenant));
  const std::string token = random_token();
  YG_TRY(store_.write<bool>([&](store::Tx& tx) -> Result<bool> {
    auto existing = tx.find_user_by_email(*email);
    if (!existing) return fail(existing.error());
    if (*existing) return fail(Error::conflict("an account with this e-mail exists", "email"));
    Invite i;
    i.token_hash = sha256_hex(token);
    i.tenant = in.tenant;
    i.email = *email;
    i.role = in.role;
    i.org = in.org;
    i.created_by = actor.user;
    i.created_at = now_micros();
    i.expires_at = i.created_at + duration_cast<microseconds>(options_.invite_ttl).count();
    YG_TRY(tx.create_invite(i));
    YG_TRY(audit(tx, in.tenant, actor.user, "create", "invite", 0,
                 nlohmann::json{{"email", i.email}, {"role", name(i.role)}}.dump()));
    return true;
  }));
  return token;
}

Result<SignedIn> AuthService::accept_invite(std::string_view token, std::string_view name_in,
                                            std::string_view password) {
  YG_TRY(check_name(name_in, "name"));
  YG_TRY(check_password_policy(password));
  auto hash = hash_password(password);
  if (!hash) return fail(hash.error());
  const std::string token_hash = sha256_hex(token);
  return store_.write<SignedIn>([&](store::Tx& tx) -> Result<SignedIn> {
    auto inv = tx.find_invite(token_hash);
    if (!inv) return fail(inv.error());
    if (!*inv) return fail(Error::not_found("invitation", "token"));
    const Invite& i = **inv;
    if (i.used_at) return fail(Error::conflict("this invitation was already used"));
    if (i.expires_at <= now_micros())
      return fail(Error::unprocessable("this invitation has expired; ask for a new one"));
    YG_TRY(tx.mark_invite_used(token_hash, now_micros()));
    User u;
    u.tenant = i.tenant;
    u.email = i.email;
    u.name = std::string(name_in);
    u.role = i.role;
    u.org = i.org;
    u.password_hash = *hash;
    u.created_at = now_micros();
    auto id = tx.create_user(u);
    if (!id) return fail(id.error());
    u.id = *id;
    YG_TRY(audit(tx, u.tenant, u.id, "accept", "invite", u.id.value,
                 nlohmann::json{{"email", u.email}}.dump()));
    return open_session(tx, u);
  });
}

Result<Tenant> AuthService::create_tenant(const Viewer* actor, std::string_view slug,
                                          std::string_view name_in) {
  if (actor && actor->role != Role::platform_admin)
    return fail(Error::forbidden("only a platform admin may create tenants"));
  if (!valid_slug(slug)) return fail(Error::invalid("2–40 characters of a–z, 0–9 and '-'", "slug"));
  YG_TRY(check_name(name_in, "name"));
  return store_.write<Tenant>([&](store::Tx& tx) -> Result<Tenant> {
    Tenant t{TenantId(), std::string(slug), std::string(name_in), now_micros()};
    auto id = tx.create_tenant(t);
    if (!id) {
      if (id.error().code == ErrorCode::conflict)
        return fail(Error::conflict("a tenant with this slug exists", "slug"));
      return fail(id.error());
    }
    t.id = *id;
    YG_TRY(audit(tx, t.id, actor ? actor->user : UserId(), "create", "tenant", t.id.value,
                 nlohmann::json{{"slug", t.slug}}.dump()));
    return t;
  });
}

Result<std::vector<Tenant>> AuthService::list_tenants(const Viewer& actor) {
  auto all = store_.read<std::vector<Tenant>>([](store::Tx& tx) { return tx.list_tenants(); });
  if (!all || actor.role == Role::platform_admin) return all;
  std::erase_if(*all, [&](const Tenant& t) { return t.id != actor.tenant; });
  return all;
}

}  // namespace yigong::service
