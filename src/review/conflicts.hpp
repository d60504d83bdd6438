// Conflicts of interest between a reviewer and an applicant, from what the system records.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace yigong::review {

enum class RelationKind { affiliation, collaboration, coauthorship, equity, ip, declared };
std::string_view name(RelationKind k);
std::optional<RelationKind> parse_RelationKind(std::string_view s);

// A recorded relation of `user` with an organisation (org) or another user (other_user); years
// bound it (0: open-ended). affiliation: user belonged to org; collaboration/coauthorship: worked
// or published with org or other_user; equity/ip: owns shares or IP in org; declared: anything
// the user declared.
struct Relation {
  RelationKind kind = RelationKind::declared;
  std::int64_t user = 0;
  std::int64_t org = 0;
  std::int64_t other_user = 0;
  int from_year = 0, to_year = 0;
};

struct Party {
  std::int64_t org = 0;             // current organisation (0: none)
  std::vector<std::int64_t> users;  // reviewer: just themself; applicant: author and team
};

// The conflicts between reviewer and applicant, one English reason each; empty when none.
// A relation that ended (to_year) more than window_years before this_year no longer counts;
// declared relations, equity and IP count while they last.
std::vector<std::string> conflicts_between(const Party& reviewer, const Party& applicant,
                                           std::span<const Relation> relations, int window_years,
                                           int this_year);

}  // namespace yigong::review
