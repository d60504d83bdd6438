// Fresh per-test databases on SQLite and PostgreSQL.
#include "support/test_db.hpp"

#include <libpq-fe.h>
#include <sqlite3.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <stdexcept>

namespace yigong::testing {
namespace {

std::string unique_suffix() {
  static std::atomic<int> counter{0};
  std::random_device rd;
  return std::to_string(::getpid()) + "_" + std::to_string(rd() % 1000000) + "_" +
         std::to_string(counter++);
}

std::string pg_exec(const std::string& url, const std::string& sql, bool want_value) {
  PGconn* conn = PQconnectdb(url.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string msg = PQerrorMessage(conn);
    PQfinish(conn);
    throw std::runtime_error("postgres connect: " + msg);
  }
  PGresult* res = PQexec(conn, sql.c_str());
  const auto status = PQresultStatus(res);
  std::string out;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    std::string msg = PQerrorMessage(conn);
    PQclear(res);
    PQfinish(conn);
    throw std::runtime_error("postgres: " + msg + " in: " + sql);
  }
  if (want_value && PQntuples(res) > 0) out = PQgetvalue(res, 0, 0);
  PQclear(res);
  PQfinish(conn);
  return out;
}

std::string sqlite_exec(const std::string& path, const std::string& sql, bool want_value) {
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) {
    sqlite3_close(db);
    throw std::runtime_error("sqlite open " + path);
  }
  sqlite3_busy_timeout(db, 5000);
  std::string out;
  if (want_value) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
      std::string msg = sqlite3_errmsg(db);
      sqlite3_close(db);
      throw std::runtime_error("sqlite: " + msg);
    }
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
      out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
  } else {
    char* err = nullptr;
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      std::string msg = err ? err : "?";
      sqlite3_free(err);
      sqlite3_close(db);
      throw std::runtime_error("sqlite: " + msg + " in: " + sql);
    }
  }
  sqlite3_close(db);
  return out;
}

}  // namespace

bool postgres_available() { return std::getenv("YIGONG_TEST_PG") != nullptr; }

bool running_in_ci() {
  const char* ci = std::getenv("CI");
  return ci && std::string(ci) == "true";
}

std::string make_temp_dir(const std::string& prefix) {
  auto dir = std::filesystem::temp_directory_path() / (prefix + unique_suffix());
  std::filesystem::create_directories(dir);
  return dir.string();
}

TestDb::TestDb(TestBackend backend) : backend_(backend) {
  if (backend == TestBackend::sqlite) {
    path_ = make_temp_dir("yigong-test-");
    url_ = "sqlite:" + path_ + "/yigong.db";
  } else {
    admin_url_ = std::getenv("YIGONG_TEST_PG");
    db_name_ = "yigong_t_" + unique_suffix();
    pg_exec(admin_url_, "CREATE DATABASE " + db_name_, false);
    const auto slash = admin_url_.rfind('/');
    url_ = admin_url_.substr(0, slash + 1) + db_name_;
  }
}

TestDb::~TestDb() {
  try {
    if (backend_ == TestBackend::sqlite) {
      std::filesystem::remove_all(path_);
    } else {
      pg_exec(admin_url_, "DROP DATABASE IF EXISTS " + db_name_ + " WITH (FORCE)", false);
    }
  } catch (const std::exception&) {
    // Best effort: the cluster or folder is temporary anyway.
  }
}

void TestDb::exec(const std::string& sql) const {
  if (backend_ == TestBackend::sqlite) {
    sqlite_exec(path_ + "/yigong.db", sql, false);
  } else {
    pg_exec(url_, sql, false);
  }
}

std::string TestDb::scalar(const std::string& sql) const {
  return backend_ == TestBackend::sqlite ? sqlite_exec(path_ + "/yigong.db", sql, true)
                                         : pg_exec(url_, sql, true);
}

}  // namespace yigong::testing
