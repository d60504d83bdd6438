// The object graph of one process: config → store → services. Built once by a command.
#pragma once

#include <memory>

#include "cli/config.hpp"
#include "core/result.hpp"
#include "service/auth.hpp"
#include "service/calls.hpp"
#include "service/matching.hpp"
#include "service/pathway.hpp"
#include "service/projects.hpp"
#include "service/records.hpp"
#include "store/store.hpp"

namespace yigong::cli {

// Single-threaded to build; its services are thread-safe.
struct App {
  std::unique_ptr<store::Store> store;
  std::unique_ptr<service::AuthService> auth;
  std::unique_ptr<service::RecordService> records;
  std::unique_ptr<service::MatchService> matching;  // set by open_matching
  std::unique_ptr<service::CallService> calls;      // set by open_calls
  std::unique_ptr<service::ProjectService> projects;
  std::unique_ptr<service::PathwayService> pathway;  // set by open_pathway
};

// Opens the database, applies migrations and builds the services.
Result<App> open_app(const Config& cfg);

// Opens the thesaurus and the search index (rebuilding or catching it up with the database).
Result<void> open_matching(App& app, const Config& cfg);

// Builds the calls service (after open_matching when reviewer expertise is to be scored).
Result<void> open_calls(App& app, const Config& cfg);

// Loads the regulatory pathway data.
Result<void> open_pathway(App& app, const Config& cfg);

// Prints "yigong: <message> [field]" on standard error.
void print_error(const Error& e);

}  // namespace yigong::cli
