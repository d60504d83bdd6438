// Calls and challenges (揭榜挂帅, proof-of-concept rounds): calls, proposals and attachments,
// reviewer pools, conflict-of-interest records, assignment, reviews, ranking, decisions and the
// notifications they send. Every method checks the caller's role, tenant and the call's tier;
// a call or proposal the caller may not see is not_found. Every change is audited in its
// transaction. Answers are the API's JSON bodies (docs/calls.md).
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/domain/access.hpp"
#include "core/result.hpp"
#include "review/conflicts.hpp"
#include "service/call_model.hpp"
#include "service/matching.hpp"
#include "service/records.hpp"
#include "store/store.hpp"

namespace yigong::service {

struct CallsConfig {
  std::string rubric_dir = "data/calls/rubrics";
  std::string files_dir;                  // attachments; REQUIRES: not empty
  std::size_t max_attachment = 8u << 20;  // bytes
};

struct AttachmentFile {
  std::string name, content_type, path;
  std::int64_t size = 0;
};

// The content types proposals may attach, by extension-free MIME name.
bool attachment_type_allowed(std::string_view content_type);

// Thread-safe (stateless over a thread-safe Store and MatchService).
class CallService {
 public:
  // Loads the rubric templates and creates the attachments folder.
  static Result<std::unique_ptr<CallService>> open(store::Store& store, RecordService& records,
                                                   MatchService* matching, CallsConfig config);

  nlohmann::json rubric_templates() const;

  // Calls.
  Result<nlohmann::json> list_calls(const Viewer& viewer, const std::string& state,
                                    const std::string& kind);
  Result<nlohmann::json> create_call(const Viewer& viewer, const nlohmann::json& body);
  Result<nlohmann::json> get_call(const Viewer& viewer, std::int64_t id);
  Result<nlohmann::json> update_call(const Viewer& viewer, std::int64_t id,
                                     const nlohmann::json& body);
  Result<nlohmann::json> move_call(const Viewer& viewer, std::int64_t id, const std::string& to);

  // Proposals.
  Result<nlohmann::json> list_proposals(const Viewer& viewer, std::int64_t call);
  Result<nlohmann::json> create_proposal(const Viewer& viewer, std::int64_t call,
                                         const nlohmann::json& body);
  Result<nlohmann::json> get_proposal(const Viewer& viewer, std::int64_t id);
  Result<nlohmann::json> update_proposal(const Viewer& viewer, std::int64_t id,
                                         const nlohmann::json& body);
  Result<nlohmann::json> submit_proposal(const Viewer& viewer, std::int64_t id);
  Result<nlohmann::json> withdraw_proposal(const Viewer& viewer, std::int64_t id);

  // Attachments: stored on disk under their SHA-256, reached only through a random token.
  Result<nlohmann::json> add_attachment(const Viewer& viewer, std::int64_t proposal,
                                        const std::string& name, const std::string& content_type,
                                        std::string_view bytes);
  Result<AttachmentFile> attachment(const Viewer& viewer, const std::string& token);
  Result<void> delete_attachment(const Viewer& viewer, const std::string& token);

  // Reviewer pool, assignment board and solving.
  Result<nlohmann::json> reviewers(const Viewer& viewer, std::int64_t call);
  Result<nlohmann::json> set_reviewers(const Viewer& viewer, std::int64_t call,
                                       const nlohmann::json& body);
  Result<nlohmann::json> board(const Viewer& viewer, std::int64_t call);
  Result<nlohmann::json> assign(const Viewer& viewer, std::int64_t call,
                                const nlohmann::json& body);

  // Reviews.
  Result<nlohmann::json> my_reviews(const Viewer& viewer);
  Result<nlohmann::json> get_review(const Viewer& viewer, std::int64_t proposal);
  Result<nlohmann::json> put_review(const Viewer& viewer, std::int64_t proposal,
                                    const nlohmann::json& body);
  Result<void> recuse(const Viewer& viewer, std::int64_t proposal, const nlohmann::json& body);

  // Ranking and decisions.
  Result<nlohmann::json> ranking(const Viewer& viewer, std::int64_t call);
  Result<std::string> ranking_csv(const Viewer& viewer, std::int64_t call);
  Result<std::string> ranking_xlsx(const Viewer& viewer, std::int64_t call);
  Result<nlohmann::json> decide(const Viewer& viewer, std::int64_t proposal,
                                const nlohmann::json& body);

  // Recorded relations behind conflicts of interest.
  Result<nlohmann::json> conflicts(const Viewer& viewer, std::optional<std::int64_t> user);
  Result<nlohmann::json> add_conflict(const Viewer& viewer, const nlohmann::json& body);
  Result<void> delete_conflict(const Viewer& viewer, std::int64_t id);

  // In-app notifications of the caller.
  Result<nlohmann::json> notifications(const Viewer& viewer);
  Result<void> mark_read(const Viewer& viewer, std::int64_t id);

 private:
  CallService(store::Store& store, RecordService& records, MatchService* matching,
              CallsConfig config, std::vector<RubricTemplate> templates);

  enum class Access { none, team, staff, reviewer };
  struct Loaded {
    Call call;
    Proposal proposal;
    Access access = Access::none;
  };
  struct Pool;  // reviewers with their groups, organisations and profiles

  Result<Call> load_call(store::Tx& tx, const Viewer& viewer, std::int64_t id);
  Result<Call> load_staff_call(store::Tx& tx, const Viewer& viewer, std::int64_t id);
  Result<Loaded> load_proposal(store::Tx& tx, const Viewer& viewer, std::int64_t id);
  Result<Access> access_of(store::Tx& tx, const Viewer& viewer, const Call& call,
                           const Proposal& proposal);
  Result<std::vector<review::Relation>> relations_of(store::Tx& tx, TenantId tenant);
  Result<std::vector<std::string>> conflicts_of(store::Tx& tx, const Call& call,
                                                const Proposal& proposal, UserId reviewer);
  Result<nlohmann::json> call_json(store::Tx& tx, const Viewer& viewer, const Call& call);
  Result<nlohmann::json> proposal_json(store::Tx& tx, const Proposal& proposal, bool blind);
  Result<std::optional<OrgRef>> org_ref(store::Tx& tx, OrgId org);
  Result<Pool> pool_of(store::Tx& tx, const Call& call);
  Result<nlohmann::json> board_in(store::Tx& tx, const Call& call);
  Result<nlohmann::json> ranking_in(store::Tx& tx, const Viewer& viewer, std::int64_t call);
  Result<std::int64_t> save_call(store::Tx& tx, Call& call);
  Result<std::int64_t> save_proposal(store::Tx& tx, Proposal& proposal);
  Result<void> audit(store::Tx& tx, const Viewer& viewer, TenantId tenant, std::string action,
                     std::string kind, std::int64_t id, nlohmann::json detail);
  Result<void> notify(store::Tx& tx, const std::vector<UserId>& users, const std::string& kind,
                      const std::string& text, const std::string& link);

  store::Store& store_;
  RecordService& records_;
  MatchService* matching_;
  CallsConfig config_;
  std::vector<RubricTemplate> templates_;
};

// The conflicts between a reviewer (and their organisation) and a proposal's applicants.
std::vector<std::string> conflicts_with(const Call& call, const Proposal& proposal, UserId reviewer,
                                        OrgId reviewer_org,
                                        const std::vector<review::Relation>& relations);

bool call_visible(const Viewer& viewer, const Call& call);

// Whether the viewer runs calls of this tenant (operator or tenant admin of it, platform admin).
bool runs_calls(const Viewer& viewer, TenantId tenant);

}  // namespace yigong::service
