#include "review/eligibility.hpp"

#include <algorithm>

namespace yigong::review {
namespace {

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) {
    if (!out.empty()) out += ", ";
    out += s;
  }
  return out;
}

bool region_admitted(const std::vector<std::string>& regions, const std::string& region) {
  return std::any_of(regions.begin(), regions.end(), [&](const std::string& r) {
    return region == r || (region.size() > r.size() && region.compare(0, r.size(), r) == 0 &&
                           region[r.size()] == '-');
  });
}

}  // namespace

std::vector<std::string> eligibility_problems(const Eligibility& rules, const Applicant& a) {
  std::vector<std::string> out;
  if (!rules.org_types.empty() && std::find(rules.org_types.begin(), rules.org_types.end(),
                                            a.org_type) == rules.org_types.end()) {
    out.push_back("the call admits organisations of type " + joined(rules.org_types) +
                  "; the applicant is " +
                  (a.org_type.empty() ? "of no recorded type" : a.org_type));
  }
  if (!rules.regions.empty() && !region_admitted(rules.regions, a.region)) {
    out.push_back("the call admits applicants from " + joined(rules.regions) +
                  "; the applicant is " +
                  (a.region.empty() ? "in no recorded region" : "in " + a.region));
  }
  if (a.trl == 0) {
    out.push_back("the proposal states no TRL; the call asks for TRL " +
                  std::to_string(rules.trl_min) + " to " + std::to_string(rules.trl_max));
  } else if (a.trl < rules.trl_min || a.trl > rules.trl_max) {
    out.push_back("the call asks for TRL " + std::to_string(rules.trl_min) + " to " +
                  std::to_string(rules.trl_max) + "; the proposal states TRL " +
                  std::to_string(a.trl));
  }
  return out;
}

}  // namespace yigong::review
