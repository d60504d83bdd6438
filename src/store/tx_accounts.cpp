// Repository methods for tenants, users, sessions and invitations.
#include <soci/soci.h>

#include "store/detail/connection.hpp"
#include "store/detail/query.hpp"
#include "store/store.hpp"

namespace yigong::store {
namespace {

using detail::guarded;
using detail::Query;
using detail::row_int;
using detail::row_opt_int;
using detail::row_text;

constexpr const char* kUserColumns =
    "id, tenant_id, email, name, role, org_id, password_hash, created_at, disabled_at";

User user_from_row(const soci::row& r) {
  User u;
  u.id = UserId(row_int(r, 0));
  u.tenant = TenantId(row_int(r, 1));
  u.email = row_text(r, 2);
  u.name = row_text(r, 3);
  u.role = parse_Role(row_text(r, 4)).value_or(Role::guest);
  u.org = OrgId(row_int(r, 5));
  u.password_hash = row_text(r, 6);
  u.created_at = row_int(r, 7);
  u.disabled_at = row_opt_int(r, 8);
  return u;
}

Tenant tenant_from_row(const soci::row& r) {
  return Tenant{TenantId(row_int(r, 0)), row_text(r, 1), row_text(r, 2), row_int(r, 3)};
}

Invite invite_from_row(const soci::row& r) {
  Invite i;
  i.token_hash = row_text(r, 0);
  i.tenant = TenantId(row_int(r, 1));
  i.email = row_text(r, 2);
  i.role = parse_Role(row_text(r, 3)).value_or(Role::guest);
  i.org = OrgId(row_int(r, 4));
  i.created_by = UserId(row_int(r, 5));
  i.created_at = row_int(r, 6);
  i.expires_at = row_int(r, 7);
  i.used_at = row_opt_int(r, 8);
  return i;
}

}  // namespace

Result<TenantId> Tx::create_tenant(const Tenant& t) {
  return guarded([&]() -> Result<TenantId> {
    long long id = 0;
    const long long at = t.created_at ? t.created_at : now_micros();
    c_.sql << "INSERT INTO tenants (slug, name, created_at) VALUES (:s, :n, :a) RETURNING id",
        soci::use(t.slug), soci::use(t.name), soci::use(at), soci::into(id);
    return TenantId(id);
  });
}

Result<std::optional<Tenant>> Tx::find_tenant(std::string_view slug) {
  return guarded([&]() -> Result<std::optional<Tenant>> {
    const std::string s(slug);
    soci::rowset<soci::row> rs =
        (c_.sql.prepare << "SELECT id, slug, name, created_at FROM tenants WHERE slug = :s",
         soci::use(s));
    for (const auto& r : rs) return tenant_from_row(r);
    return std::nullopt;
  });
}

Result<std::optional<Tenant>> Tx::get_tenant(TenantId id) {
  return guarded([&]() -> Result<std::optional<Tenant>> {
    const long long v = id.value;
    soci::rowset<soci::row> rs =
        (c_.sql.prepare << "SELECT id, slug, name, created_at FROM tenants WHERE id = :i",
         soci::use(v));
    for (const auto& r : rs) return tenant_from_row(r);
    return std::nullopt;
  });
}

Result<std::vector<Tenant>> Tx::list_tenants() {
  return guarded([&]() -> Result<std::vector<Tenant>> {
    std::vector<Tenant> out;
    soci::rowset<soci::row> rs =
        (c_.sql.prepare << "SELECT id, slug, name, created_at FROM tenants ORDER BY id");
    for (const auto& r : rs) out.push_back(tenant_from_row(r));
    return out;
  });
}

Result<UserId> Tx::create_user(const User& u) {
  return guarded([&]() -> Result<UserId> {
    Query q;
    q << "INSERT INTO users (tenant_id, email, name, role, org_id, password_hash, created_at) "
         "VALUES (";
    q.integer(u.tenant.value) << ", ";
    q.text(u.email) << ", ";
    q.text(u.name) << ", ";
    q.text(std::string(name(u.role))) << ", ";
    q.integer(u.org.value, !u.org) << ", ";
    q.text(u.password_hash) << ", ";
    q.integer(u.created_at ? u.created_at : now_micros()) << ") RETURNING id";
    std::int64_t id = 0;
    q.each(c_, [&](const soci::row& r) { id = row_int(r, 0); });
    return UserId(id);
  });
}

Result<std::optional<User>> Tx::find_user_by_email(std::string_view email) {
  return guarded([&]() -> Result<std::optional<User>> {
    const std::string e(email);
    soci::rowset<soci::row> rs =
        (c_.sql.prepare << "SELECT " << kUserColumns << " FROM users WHERE email = :e",
         soci::use(e));
    for (const auto& r : rs) return user_from_row(r);
    return std::nullopt;
  });
}

Result<std::optional<User>> Tx::get_user(UserId id) {
  return guarded([&]() -> Result<std::optional<User>> {
    const long long v = id.value;
    soci::rowset<soci::row> rs =
        (c_.sql.prepare << "SELECT " << kUserColumns << " FROM users WHERE id = :i", soci::use(v));
    for (const auto& r : rs) return user_from_row(r);
    return std::nullopt;
  });
}

Result<std::vector<User>> Tx::list_users(TenantId tenant) {
  return guarded([&]() -> Result<std::vector<User>> {
    std::vector<User> out;
    const long long t = tenant.value;
    soci::rowset<soci::row> rs =
        (c_.sql.prepare << "SELECT " << kUserColumns
                        << " FROM users WHERE (:t = 0 OR tenant_id = :t2) ORDER BY id",
         soci::use(t), soci::use(t));
    for (const auto& r : rs) out.push_back(user_from_row(r));
    return out;
  });
}

Result<void> Tx::set_user_password(UserId id, std::string_view password_hash) {
  return guarded([&]() -> Result<void> {
    const long long v = id.value;
    const std::string h(password_hash);
    c_.sql << "UPDATE users SET password_hash = :h WHERE id = :i", soci::use(h), soci::use(v);
    return ok();
  });
}

Result<void> Tx::set_user_org(UserId id, OrgId org) {
  return guarded([&]() -> Result<void> {
    Query q;
    q << "UPDATE users SET org_id = ";
    q.integer(org.value, !org) << " WHERE id = ";
    q.integer(id.value);
    q.execute(c_);
    return ok();
  });
}

Result<void> Tx::set_user_role(UserId id, Role role) {
  return guarded([&]() -> Result<void> {
    const long long v = id.value;
    const std::string r(name(role));
    c_.sql << "UPDATE users SET role = :r WHERE id = :i", soci::use(r), soci::use(v);
    return ok();
  });
}

Result<void> Tx::set_user_disabled(UserId id, std::optional<Micros> at) {
  return guarded([&]() -> Result<void> {
    Query q;
    q << "UPDATE users SET disabled_at = ";
    q.integer(at.value_or(0), !at) << " WHERE id = ";
    q.integer(id.value);
    q.execute(c_);
    return ok();
  });
}

Result<void> Tx::create_session(const Session& s) {
  return guarded([&]() -> Result<void> {
    const long long user = s.user.value, created = s.created_at, expires = s.expires_at;
    c_.sql << "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at)"
              " VALUES (:h, :u, :c, :a, :e)",
        soci::use(s.token_hash), soci::use(user), soci::use(s.csrf_token), soci::use(created),
        soci::use(expires);
    return ok();
  });
}

Result<std::optional<Session>> Tx::find_session(std::string_view token_hash) {
  return guarded([&]() -> Result<std::optional<Session>> {
    const std::string h(token_hash);
    soci::rowset<soci::row> rs =
        (c_.sql.prepare << "SELECT token_hash, user_id, csrf_token, created_at, expires_at "
                           "FROM sessions WHERE token_hash = :h",
         soci::use(h));
    for (const auto& r : rs) {
      return Session{row_text(r, 0), UserId(row_int(r, 1)), row_text(r, 2), row_int(r, 3),
                     row_int(r, 4)};
    }
    return std::nullopt;
  });
}

Result<void> Tx::delete_session(std::string_view token_hash) {
  return guarded([&]() -> Result<void> {
    const std::string h(token_hash);
    c_.sql << "DELETE FROM sessions WHERE token_hash = :h", soci::use(h);
    return ok();
  });
}

Result<void> Tx::delete_user_sessions(UserId user) {
  return guarded([&]() -> Result<void> {
    const long long u = user.value;
    c_.sql << "DELETE FROM sessions WHERE user_id = :u", soci::use(u);
    return ok();
  });
}

Result<int> Tx::delete_expired_sessions(Micros now) {
  return guarded([&]() -> Result<int> {
    const long long n = now;
    soci::statement st =
        (c_.sql.prepare << "DELETE FROM sessions WHERE expires_at <= :n", soci::use(n));
    st.execute(true);
    return static_cast<int>(st.get_affected_rows());
  });
}

Result<void> Tx::create_invite(const Invite& i) {
  return guarded([&]() -> Result<void> {
    Query q;
    q << "INSERT INTO invites (token_hash, tenant_id, email, role, org_id, created_by, "
         "created_at, expires_at) VALUES (";
    q.text(i.token_hash) << ", ";
    q.integer(i.tenant.value) << ", ";
    q.text(i.email) << ", ";
    q.text(std::string(name(i.role))) << ", ";
    q.integer(i.org.value, !i.org) << ", ";
    q.integer(i.created_by.value, !i.created_by) << ", ";
    q.integer(i.created_at) << ", ";
    q.integer(i.expires_at) << ")";
    q.execute(c_);
    return ok();
  });
}

Result<std::optional<Invite>> Tx::find_invite(std::string_view token_hash) {
  return guarded([&]() -> Result<std::optional<Invite>> {
    const std::string h(token_hash);
    soci::rowset<soci::row> rs =
        (c_.sql.prepare << "SELECT token_hash, tenant_id, email, role, org_id, created_by, "
                           "created_at, expires_at, used_at FROM invites WHERE token_hash = :h",
         soci::use(h));
    for (const auto& r : rs) return invite_from_row(r);
    return std::nullopt;
  });
}

Result<void> Tx::mark_invite_used(std::string_view token_hash, Micros at) {
  return guarded([&]() -> Result<void> {
    const std::string h(token_hash);
    const long long a = at;
    soci::statement st =
        (c_.sql.prepare
             << "UPDATE invites SET used_at = :a WHERE token_hash = :h AND used_at IS NULL",
         soci::use(a), soci::use(h));
    st.execute(true);
    if (st.get_affected_rows() != 1) return fail(Error::conflict("invitation already used"));
    return ok();
  });
}

Result<std::vector<Invite>> Tx::list_invites(TenantId tenant) {
  return guarded([&]() -> Result<std::vector<Invite>> {
    std::vector<Invite> out;
    const long long t = tenant.value;
    soci::rowset<soci::row> rs =
        (c_.sql.prepare << "SELECT token_hash, tenant_id, email, role, org_id, created_by, "
                           "created_at, expires_at, used_at FROM invites "
                           "WHERE (:t = 0 OR tenant_id = :t2) ORDER BY created_at",
         soci::use(t), soci::use(t));
    for (const auto& r : rs) out.push_back(invite_from_row(r));
    return out;
  });
}

}  // namespace yigong::store
