// Who may apply to a call: organisation types, regions and a TRL range.
#pragma once

#include <string>
#include <vector>

namespace yigong::review {

struct Eligibility {
  std::vector<std::string> org_types;  // empty: any
  std::vector<std::string>
      regions;  // ISO 3166-2 codes or prefixes ("CN" admits "CN-SH"); empty: any
  int trl_min = 1, trl_max = 9;
};

struct Applicant {
  std::string org_type;  // "" when the organisation has none recorded
  std::string region;
  int trl = 0;  // 0: not stated
};

// Why the applicant is not eligible, one sentence each; empty when eligible.
std::vector<std::string> eligibility_problems(const Eligibility& rules, const Applicant& applicant);

}  // namespace yigong::review
