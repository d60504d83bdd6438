// The demo's calls: reviewers linked to their person records, calls with proposals, recorded
// conflicts (data/demo/calls.json), created through CallService so every rule applies.
#pragma once

#include <string>

#include "core/result.hpp"
#include "service/calls.hpp"
#include "store/store.hpp"

namespace yigong::service {

struct DemoCallsSummary {
  int people_linked = 0, calls = 0, proposals = 0, conflicts = 0;
};

// REQUIRES: load_demo ran on this database with the same dir. A missing calls.json loads none.
// Errors: invalid naming the entry that does not resolve or validate.
Result<DemoCallsSummary> load_demo_calls(store::Store& store, CallService& calls,
                                         const std::string& dir);

}  // namespace yigong::service
