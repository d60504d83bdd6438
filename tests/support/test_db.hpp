// Test databases: a fresh SQLite file or a fresh PostgreSQL database per test, and raw SQL access
// for tests that tamper with stored rows behind the Store's back.
#pragma once

#include <string>

namespace yigong::testing {

enum class TestBackend { sqlite, postgresql };

// A database that exists for the lifetime of this object.
class TestDb {
 public:
  explicit TestDb(TestBackend backend);
  ~TestDb();
  TestDb(const TestDb&) = delete;
  TestDb& operator=(const TestDb&) = delete;

  const std::string& url() const { return url_; }  // for Store::open / --db
  // Executes SQL directly (sqlite3 C API or libpq); throws std::runtime_error on failure.
  void exec(const std::string& sql) const;
  // The first column of the first row of a query, as text ("" when no row).
  std::string scalar(const std::string& sql) const;

 private:
  TestBackend backend_;
  std::string url_;
  std::string path_;     // sqlite file or temp folder
  std::string db_name_;  // postgresql database
  std::string admin_url_;
};

// True when PostgreSQL tests can run (YIGONG_TEST_PG set). When false and CI=true, callers must
// fail, not skip.
bool postgres_available();
bool running_in_ci();

// A fresh temporary folder, removed by the caller.
std::string make_temp_dir(const std::string& prefix);

}  // namespace yigong::testing
