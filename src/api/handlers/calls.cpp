// Calls and challenges: calls, proposals, attachments, assignment, reviews, ranking, decisions,
// conflicts and notifications (docs/calls.md).
#include "service/calls.hpp"

#include <fstream>
#include <sstream>

#include "api/detail/handlers.hpp"

namespace yigong::api::detail {

using nlohmann::json;

namespace {

service::CallService& calls(Context& c) { return c.services.calls; }

}  // namespace

Result<HttpResponse> rubric_templates(Context& c) {
  return json_response(200, calls(c).rubric_templates());
}

Result<HttpResponse> list_calls(Context& c) {
  YG_TRY(only_query(c, {"state", "kind"}));
  return json_answer(
      calls(c).list_calls(c.viewer(), query_text(c, "state"), query_text(c, "kind")));
}

Result<HttpResponse> create_call(Context& c) {
  return json_answer(calls(c).create_call(c.viewer(), c.body), 201);
}

Result<HttpResponse> get_call(Context& c) {
  auto id = id_param(c);
  if (!id) return fail(id.error());
  return json_answer(calls(c).get_call(c.viewer(), *id));
}

Result<HttpResponse> update_call(Context& c) {
  auto id = id_param(c);
  if (!id) return fail(id.error());
  return json_answer(calls(c).update_call(c.viewer(), *id, c.body));
}

Result<HttpResponse> move_call(Context& c) {
  auto id = id_param(c);
  if (!id) return fail(id.error());
  YG_TRY(only_members(c, {"to"}));
  auto to = body_string(c, "to");
  if (!to) return fail(to.error());
  return json_answer(calls(c).move_call(c.viewer(), *id, *to));
}

Result<HttpResponse> list_proposals(Context& c) {
  auto id = id_param(c);
  if (!id) return fail(id.error());
  return json_answer(calls(c).list_proposals(c.viewer(), *id));
}

Result<HttpResponse> create_proposal(Context& c) {
  auto id = id_param(c);
  if (!id) return fail(id.error());
  return json_answer(calls(c).create_proposal(c.viewer(), *id, c.body), 201);
}

Result<HttpResponse> get_proposal(Context& c) {
  auto id = id_param(c);
  if (!id) return fail(id.error());
  return json_answer(calls(c).get_proposal(c.viewer(), *id));
}

Result<HttpResponse> update_proposal(Context& c) {
  auto id = id_param(c);
  if (!id) return fail(id.error());
  return json_answer(calls(c).update_proposal(c.viewer(), *id, c.body));
}

Result<HttpResponse> submit_proposal(Context& c) {
  auto id = id_param(c);
  if (!id) return fail(id.error());
  return json_answer(calls(c).submit_proposal(c.viewer(), *id));
}

Result<HttpResponse> withdraw_proposal(Context& c) {
  auto id = id_param(c);
  if (!id) return fail(id.error());
  return json_answer(calls(c).withdraw_proposal(c.viewer(), *id));
}

Result<HttpResponse> add_attachment(Context& c) {
  auto id = id_param(c);
  if (!id) return fail(id.error());
  YG_TRY(only_query(c, {"name"}));
  const std::string* ct = c.request.header("content-type");
  std::string type = ct ? ct->substr(0, ct->find(';')) : "";
  return json_answer(
      calls(c).add_attachment(c.viewer(), *id, query_text(c, "name"), type, c.request.body), 201);
}

Result<HttpResponse> get_attachment(Context& c) {
  auto file = calls(c).attachment(c.viewer(), c.params["token"]);
  if (!file) return fail(file.error());
  std::ifstream in(file->path, std::ios::binary);
  std::stringstream buf;
  buf << in.rdbuf();
  if (!in.good() && !in.eof()) return fail(Error::unavailable("the attachment cannot be read"));
  HttpResponse r;
  r.status = 200;
  r.body = buf.str();
  if (static_cast<std::int64_t>(r.body.size()) != file->size) {
    return fail(Error::corrupt("the stored attachment does not match its record"));
  }
  r.content_type = file->content_type;
  // RFC 5987: the UTF-8 name percent-encoded, so no header injection and CJK names survive.
  std::string encoded;
  for (unsigned char ch : file->name) {
    if (std::isalnum(ch) || ch == '.' || ch == '-' || ch == '_') {
      encoded += static_cast<char>(ch);
    } else {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02X", ch);
      encoded += hex;
    }
  }
  r.headers.push_back({"Content-Disposition", "attachment; filename*=UTF-8''" + encoded});
  r.headers.push_back({"X-Content-Type-Options", "nosniff"});
  r.headers.push_back({"Cache-Control", "private, no-store"});
  return r;
}

Result<HttpResponse> delete_attachment(Context& c) {
  return empty_answer(calls(c).delete_attachment(c.viewer(), c.params["token"]));
}

Result<HttpResponse> call_reviewers(Context& c) {
  auto id = id_param(c);
  if (!id) return fail(id.error());
  return json_answer(calls(c).reviewers(c.viewer(), *id));
}

Result<HttpResponse> set_call_reviewers(Context& c) {
  auto id = id_param(c);
  if (!id) return fail(id.error());
  return json_answer(calls(c).set_reviewers(c.viewer(), *id, c.body));
}

Result<HttpResponse> assignment_board(Context& c) {
  auto id = id_param(c);
  if (!id) return fail(id.error());
  return json_answer(calls(c).board(c.viewer(), *id));
}

Result<HttpResponse> assign_reviewers(Context& c) {
  auto id = id_param(c);
  if (!id) return fail(id.error());
  return json_answer(calls(c).assign(c.viewer(), *id, c.body));
}

Result<HttpResponse> my_reviews(Context& c) { return json_answer(calls(c).my_reviews(c.viewer())); }

Result<HttpResponse> get_review(Context& c) {
  auto id = id_param(c);
  if (!id) return fail(id.error());
  return json_answer(calls(c).get_review(c.viewer(), *id));
}

Result<HttpResponse> put_review(Context& c) {
  auto id = id_param(c);
  if (!id) return fail(id.error());
  return json_answer(calls(c).put_review(c.viewer(), *id, c.body));
}

Result<HttpResponse> recuse(Context& c) {
  auto id = id_param(c);
  if (!id) return fail(id.error());
  return empty_answer(calls(c).recuse(c.viewer(), *id, c.body));
}

Result<HttpResponse> call_ranking(Context& c) {
  auto id = id_param(c);
  if (!id) return fail(id.error());
  YG_TRY(only_query(c, {"format"}));
  std::string format = query_text(c, "format");
  if (format.empty() || format == "json") return json_answer(calls(c).ranking(c.viewer(), *id));
  if (format != "csv" && format != "xlsx") {
    return fail(Error::invalid("must be json, csv or xlsx", "format"));
  }
  auto body = format == "csv" ? calls(c).ranking_csv(c.viewer(), *id)
                              : calls(c).ranking_xlsx(c.viewer(), *id);
  if (!body) return fail(body.error());
  return download(std::move(*body), export_content_type(format),
                  "call-" + std::to_string(*id) + "-ranking." + format);
}

Result<HttpResponse> decide_proposal(Context& c) {
  auto id = id_param(c);
  if (!id) return fail(id.error());
  YG_TRY(only_members(c, {"outcome", "reason"}));
  return json_answer(calls(c).decide(c.viewer(), *id, c.body));
}

Result<HttpResponse> list_conflicts(Context& c) {
  YG_TRY(only_query(c, {"user"}));
  std::optional<std::int64_t> user;
  if (c.request.query.count("user")) {
    auto u = query_int(c, "user", 0, 1, INT64_MAX);
    if (!u) return fail(u.error());
    user = *u;
  }
  return json_answer(calls(c).conflicts(c.viewer(), user));
}

Result<HttpResponse> add_conflict(Context& c) {
  return json_answer(calls(c).add_conflict(c.viewer(), c.body), 201);
}

Result<HttpResponse> delete_conflict(Context& c) {
  auto id = id_param(c);
  if (!id) return fail(id.error());
  return empty_answer(calls(c).delete_conflict(c.viewer(), *id));
}

Result<HttpResponse> list_notifications(Context& c) {
  return json_answer(calls(c).notifications(c.viewer()));
}

Result<HttpResponse> read_notification(Context& c) {
  auto id = id_param(c);
  if (!id) return fail(id.error());
  return empty_answer(calls(c).mark_read(c.viewer(), *id));
}

}  // namespace yigong::api::detail
