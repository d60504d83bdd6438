// The demo's translation projects (data/demo/projects.json), created through ProjectService with
// their history replayed at its recorded dates, so the KPIs and the network have a past to show.
#pragma once

#include <string>

#include "core/result.hpp"
#include "service/projects.hpp"
#include "store/store.hpp"

namespace yigong::service {

// REQUIRES: load_demo ran on this database with the same dir. A missing projects.json loads
// none. Returns how many projects were created. Errors: invalid naming the entry.
Result<int> load_demo_projects(store::Store& store, ProjectService& projects,
                               const std::string& dir);

}  // namespace yigong::service
