#include "review/conflicts.hpp"

#include <algorithm>
#include <array>

namespace yigong::review {
namespace {

constexpr std::array<std::string_view, 6> kKinds = {
    "affiliation", "collaboration", "coauthorship", "equity", "ip", "declared"};

bool contains(const std::vector<std::int64_t>& v, std::int64_t x) {
  return x != 0 && std::find(v.begin(), v.end(), x) != v.end();
}

// Still counts: open-ended, or ended within the window (equity, IP and declarations while they
// last, i.e. open-ended or not yet ended).
bool current(const Relation& r, int window_years, int this_year) {
  if (r.to_year == 0) return true;
  bool lasting = r.kind == RelationKind::equity || r.kind == RelationKind::ip ||
                 r.kind == RelationKind::declared;
  if (lasting) return r.to_year >= this_year;
  return r.to_year >= this_year - window_years;
}

std::string years(const Relation& r) {
  if (r.from_year == 0 && r.to_year == 0) return "";
  std::string s = " (";
  s += r.from_year ? std::to_string(r.from_year) : std::string("…");
  s += "–";
  s += r.to_year ? std::to_string(r.to_year) : std::string("now");
  return s + ")";
}

std::string describe(const Relation& r, bool with_org) {
  std::string target = with_org ? "the applicant's organisation" : "a member of the applicant team";
  if (!with_org && (r.kind == RelationKind::affiliation || r.kind == RelationKind::equity ||
                    r.kind == RelationKind::ip)) {
    // These relations name an organisation; one naming a person is still recorded as a tie.
    return "recorded " + std::string(name(r.kind)) + " tie with " + target + years(r);
  }
  switch (r.kind) {
    case RelationKind::affiliation:
      return (r.to_year ? "formerly affiliated with " : "affiliated with ") + target + years(r);
    case RelationKind::collaboration:
      return "collaborated with " + target + years(r);
    case RelationKind::coauthorship:
      return "co-authored with " + target + years(r);
    case RelationKind::equity:
      return "holds equity in " + target + years(r);
    case RelationKind::ip:
      return "owns IP with " + target + years(r);
    case RelationKind::declared:
      return "declared a conflict with " + target;
  }
  return "conflict";
}

}  // namespace

std::string_view name(RelationKind k) { return kKinds.at(static_cast<size_t>(k)); }
std::optional<RelationKind> parse_RelationKind(std::string_view s) {
  for (size_t i = 0; i < kKinds.size(); ++i) {
    if (kKinds[i] == s) return static_cast<RelationKind>(i);
  }
  return std::nullopt;
}

std::vector<std::string> conflicts_between(const Party& reviewer, const Party& applicant,
                                           std::span<const Relation> relations, int window_years,
                                           int this_year) {
  std::vector<std::string> out;
  auto add = [&](std::string reason) {
    if (std::find(out.begin(), out.end(), reason) == out.end()) out.push_back(std::move(reason));
  };
  if (reviewer.org != 0 && reviewer.org == applicant.org) {
    add("same organisation as the applicant");
  }
  for (auto u : reviewer.users) {
    if (contains(applicant.users, u)) add("member of the applicant team");
  }
  for (const auto& r : relations) {
    if (!current(r, window_years, this_year)) continue;
    if (r.from_year != 0 && r.from_year > this_year) continue;  // not begun yet
    bool by_reviewer = contains(reviewer.users, r.user);
    bool by_applicant = contains(applicant.users, r.user);
    if (by_reviewer && r.org != 0 && r.org == applicant.org) {
      add(describe(r, true));
    } else if (by_reviewer && contains(applicant.users, r.other_user)) {
      add(describe(r, false));
    } else if (by_applicant && contains(reviewer.users, r.other_user) &&
               r.kind != RelationKind::affiliation) {
      add(describe(r, false));
    } else if (by_applicant && r.org != 0 && r.org == reviewer.org &&
               (r.kind == RelationKind::equity || r.kind == RelationKind::ip)) {
      add("an applicant holds equity or IP in the reviewer's organisation" + years(r));
    }
  }
  return out;
}

}  // namespace yigong::review
