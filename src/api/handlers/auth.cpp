// Sign-in, sign-out, the current user, password change and invitation acceptance.
#include "api/detail/handlers.hpp"
#include "service/record_json.hpp"

namespace yigong::api::detail {

using nlohmann::json;

namespace {

HttpResponse signed_in_response(int status, const service::SignedIn& s, bool secure) {
  auto r = json_response(status, {{"user", service::user_to_json(s.user)},
                                  {"csrf_token", s.csrf},
                                  {"expires_at", format_rfc3339(s.expires_at)}});
  for (auto& h : session_cookies(s, secure)) r.headers.push_back(std::move(h));
  return r;
}

}  // namespace

Result<HttpResponse> login(Context& c) {
  YG_TRY(only_members(c, {"email", "password"}));
  auto email = body_string(c, "email");
  if (!email) return fail(email.error());
  auto password = body_string(c, "password");
  if (!password) return fail(password.error());
  auto s = c.services.auth.login(*email, *password, c.request.remote_ip);
  if (!s) return fail(s.error());
  return signed_in_response(200, *s, c.options.secure_cookies);
}

Result<HttpResponse> logout(Context& c) {
  YG_TRY(c.services.auth.logout(c.signed_in()));
  auto r = no_content();
  r.headers = clear_session_cookies(c.options.secure_cookies);
  return r;
}

Result<HttpResponse> me(Context& c) {
  const auto& s = c.signed_in();
  return json_response(200,
                       {{"user",
                         {{"id", s.viewer.user.value},
                          {"email", s.email},
                          {"name", s.name},
                          {"role", std::string(name(s.viewer.role))},
                          {"tenant_id", s.viewer.tenant.value},
                          {"org_id", s.viewer.org ? json(s.viewer.org.value) : json(nullptr)}}},
                        {"csrf_token", s.csrf}});
}

Result<HttpResponse> change_password(Context& c) {
  YG_TRY(only_members(c, {"old_password", "new_password"}));
  auto old_pw = body_string(c, "old_password");
  if (!old_pw) return fail(old_pw.error());
  auto new_pw = body_string(c, "new_password");
  if (!new_pw) return fail(new_pw.error());
  YG_TRY(c.services.auth.change_password(c.signed_in(), *old_pw, *new_pw));
  return no_content();
}

Result<HttpResponse> accept_invite(Context& c) {
  YG_TRY(only_members(c, {"token", "name", "password"}));
  auto token = body_string(c, "token");
  if (!token) return fail(token.error());
  auto name_v = body_string(c, "name");
  if (!name_v) return fail(name_v.error());
  auto password = body_string(c, "password");
  if (!password) return fail(password.error());
  auto s = c.services.auth.accept_invite(*token, *name_v, *password);
  if (!s) return fail(s.error());
  return signed_in_response(201, *s, c.options.secure_cookies);
}

}  // namespace yigong::api::detail
