// Opening the database, the connection pool, migrations and transactions.
#include "store/store.hpp"

#include <libpq-fe.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <condition_variable>
#include <filesystem>
#include <mutex>

#include "store/detail/connection.hpp"
#include "store/detail/migrations.hpp"

namespace yigong::store {

namespace detail {

Error to_error(const std::exception& e) {
  const std::string msg = e.what();
  std::string state;
  if (const auto* pg = dynamic_cast<const soci::postgresql_soci_error*>(&e)) state = pg->sqlstate();
  if (state == "23505" || msg.find("UNIQUE constraint failed") != std::string::npos)
    return Error::conflict("a record with the same unique key already exists");
  if (state == "23503" || msg.find("FOREIGN KEY constraint failed") != std::string::npos)
    return Error::unprocessable("a referenced record does not exist");
  if (state == "40001" || state == "40P01" || msg.find("database is locked") != std::string::npos ||
      msg.find("database is busy") != std::string::npos)
    return Error::unavailable("the database is busy; retry");
  if (state.rfind("08", 0) == 0 || msg.find("connection") != std::string::npos)
    return Error::unavailable("database connection failed: " + msg);
  return Error::internal("database error: " + msg);
}

std::int64_t row_int(const soci::row& row, std::size_t i) {
  if (row.get_indicator(i) == soci::i_null) return 0;
  switch (row.get_properties(i).get_data_type()) {
    case soci::dt_integer:
      return row.get<int>(i);
    case soci::dt_long_long:
      return row.get<long long>(i);
    case soci::dt_unsigned_long_long:
      return static_cast<std::int64_t>(row.get<unsigned long long>(i));
    case soci::dt_double:
      return static_cast<std::int64_t>(row.get<double>(i));
    case soci::dt_string:
      return std::stoll(row.get<std::string>(i));
    default:
      throw soci::soci_error("column " + std::to_string(i) + " is not an integer");
  }
}

std::optional<std::int64_t> row_opt_int(const soci::row& row, std::size_t i) {
  if (row.get_indicator(i) == soci::i_null) return std::nullopt;
  return row_int(row, i);
}

std::string row_text(const soci::row& row, std::size_t i) {
  if (row.get_indicator(i) == soci::i_null) return {};
  return row.get<std::string>(i);
}

}  // namespace detail

namespace {

// SOCI's PostgreSQL backend takes libpq keyword=value strings, not URIs: let libpq itself parse the
// URI and re-emit it as quoted keyword=value pairs.
Result<std::string> pg_keyword_string(const std::string& uri) {
  char* err = nullptr;
  PQconninfoOption* opts = PQconninfoParse(uri.c_str(), &err);
  if (!opts) {
    std::string msg = err ? err : "unparseable";
    PQfreemem(err);
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    return fail(Error::invalid("bad postgresql URL: " + msg, "db"));
  }
  std::string out;
  for (PQconninfoOption* o = opts; o->keyword; ++o) {
    if (!o->val) continue;
    std::string v;
    for (const char* p = o->val; *p; ++p) {
      if (*p == '\'' || *p == '\\') v += '\\';
      v += *p;
    }
    out += std::string(o->keyword) + "='" + v + "' ";
  }
  PQconninfoFree(opts);
  return out;
}

}  // namespace

Result<DbUrl> parse_db_url(std::string_view url) {
  constexpr std::string_view kSqlite = "sqlite:";
  if (url.rfind(kSqlite, 0) == 0) {
    std::string path(url.substr(kSqlite.size()));
    if (path.rfind("//", 0) == 0) path = path.substr(2);  // sqlite://PATH is accepted too
    if (path.empty()) return fail(Error::invalid("sqlite URL needs a path: sqlite:PATH", "db"));
    if (path.find_first_of(" '\"") != std::string::npos)
      return fail(Error::invalid("sqlite path may not contain spaces or quotes", "db"));
    return DbUrl{Backend::sqlite, path};
  }
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
    auto conninfo = pg_keyword_string(std::string(url));
    if (!conninfo) return fail(conninfo.error());
    return DbUrl{Backend::postgresql, *conninfo};
  }
  return fail(Error::invalid(
      "unknown database URL '" + std::string(url) + "': use sqlite:PATH or postgresql://…", "db"));
}

struct Store::Impl {
  Backend backend = Backend::sqlite;
  // SQLite admits one writer at a time anyway; queueing this process's writers on a mutex before
  // BEGIN IMMEDIATE replaces SQLite's sleep-and-retry busy handler, whose unfair waits made the
  // write latency tail (and busy time-outs) under load.
  std::mutex sqlite_writer;
  std::mutex mu;
  std::condition_variable cv;
  std::vector<std::unique_ptr<Connection>> all;
  std::vector<Connection*> free;  // guarded by mu

  Connection* acquire() {
    std::unique_lock lock(mu);
    cv.wait(lock, [&] { return !free.empty(); });
    Connection* c = free.back();
    free.pop_back();
    return c;
  }
  void release(Connection* c) {
    {
      std::lock_guard lock(mu);
      free.push_back(c);
    }
    cv.notify_one();
  }

  // Holds one pooled connection for a scope.
  struct Lease {
    Impl& impl;
    Connection* c;
    explicit Lease(Impl& i) : impl(i), c(i.acquire()) {}
    ~Lease() { impl.release(c); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
  };
};

namespace {

Result<std::unique_ptr<Connection>> connect(const DbUrl& url, const StoreOptions& options) {
  return detail::guarded([&]() -> Result<std::unique_ptr<Connection>> {
    auto c = std::make_unique<Connection>();
    c->backend = url.backend;
    if (url.backend == Backend::sqlite) {
      const int timeout_s = std::max(1, options.busy_timeout_ms / 1000);
      c->sql.open(soci::sqlite3, "db=" + url.target + " timeout=" + std::to_string(timeout_s));
      c->sql << "PRAGMA journal_mode=WAL";
      // FULL: a commit that returned is on disk even if the machine loses power.
      c->sql << "PRAGMA synchronous=FULL";
      c->sql << "PRAGMA foreign_keys=ON";
      c->sql << "PRAGMA busy_timeout=" << options.busy_timeout_ms;
    } else {
      c->sql.open(soci::postgresql, url.target);
      c->sql << "SET client_min_messages TO WARNING";
    }
    return c;
  });
}

std::string substitute_ids(std::string_view sql, Backend backend) {
  const std::string id = backend == Backend::sqlite
                             ? "INTEGER PRIMARY KEY AUTOINCREMENT"
                             : "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY";
  std::string out(sql);
  for (size_t pos; (pos = out.find("{{ID}}")) != std::string::npos;) out.replace(pos, 6, id);
  return out;
}

// Splits a migration into statements at ';' that end a line; comments are dropped.
std::vector<std::string> split_statements(const std::string& sql) {
  std::vector<std::string> out;
  std::string current;
  size_t start = 0;
  while (start < sql.size()) {
    size_t end = sql.find('\n', start);
    if (end == std::string::npos) end = sql.size();
    std::string line = sql.substr(start, end - start);
    start = end + 1;
    if (line.rfind("--", 0) == 0) continue;
    current += line + "\n";
    const auto last = line.find_last_not_of(" \t\r");
    if (last != std::string::npos && line[last] == ';') {
      out.push_back(current);
      current.clear();
    }
  }
  if (current.find_first_not_of(" \t\r\n") != std::string::npos) out.push_back(current);
  return out;
}

}  // namespace

Result<std::unique_ptr<Store>> Store::open(std::string_view url_text, StoreOptions options) {
  auto url = parse_db_url(url_text);
  if (!url) return fail(url.error());
  if (options.pool_size < 1) return fail(Error::invalid("pool_size must be ≥ 1", "pool_size"));
  if (url->backend == Backend::sqlite) {
    // Memory statistics take one process-wide mutex on every SQLite allocation; yigong reads
    // none of them. Must precede SQLite's initialisation; later calls fail harmlessly. (SOCI's
    // header declares the SQLite API inside namespace sqlite_api.)
    static std::once_flag memstatus_off;
    std::call_once(memstatus_off, [] { sqlite_api::sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
    const auto parent = std::filesystem::path(url->target).parent_path();
    std::error_code ec;
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    if (ec)
      return fail(
          Error::unavailable("cannot create folder " + parent.string() + ": " + ec.message()));
  }
  auto impl = std::make_unique<Impl>();
  impl->backend = url->backend;
  for (int i = 0; i < options.pool_size; ++i) {
    auto c = connect(*url, options);
    if (!c) {
      Error e = c.error();
      if (e.code == ErrorCode::internal) e.code = ErrorCode::unavailable;
      e.message = "cannot open database: " + e.message;
      return fail(e);
    }
    impl->free.push_back(c->get());
    impl->all.push_back(std::move(*c));
  }
  return std::unique_ptr<Store>(new Store(std::move(impl)));
}

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::~Store() = default;

Backend Store::backend() const { return impl_->backend; }

Result<void> Store::run(bool writable, const std::function<Result<void>(Tx&)>& fn) {
  Impl::Lease lease(*impl_);
  Connection* c = lease.c;
  const bool sqlite = c->backend == Backend::sqlite;
  std::unique_lock<std::mutex> writer;
  if (sqlite && writable) writer = std::unique_lock(impl_->sqlite_writer);
  try {
    c->sql << (writable ? (sqlite ? "BEGIN IMMEDIATE" : "BEGIN")
                        : (sqlite ? "BEGIN" : "BEGIN READ ONLY"));
  } catch (const std::exception& e) {
    return fail(detail::to_error(e));
  }
  Result<void> result = ok();
  try {
    Tx tx(*c);
    result = fn(tx);
  } catch (const std::exception& e) {
    result = fail(detail::to_error(e));
  }
  try {
    c->sql << (result ? "COMMIT" : "ROLLBACK");
  } catch (const std::exception& e) {
    try {
      c->sql << "ROLLBACK";
    } catch (const std::exception&) {
      // The connection is unusable; the pool keeps it and the next use reports the failure.
    }
    return fail(detail::to_error(e));
  }
  return result;
}

namespace {

const char* kCreateMigrationsTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, "
    "applied_at BIGINT NOT NULL)";

int current_version(Connection& c) {
  soci::indicator ind = soci::i_ok;
  long long v = 0;
  c.sql << "SELECT MAX(version) FROM schema_migrations", soci::into(v, ind);
  return ind == soci::i_null ? 0 : static_cast<int>(v);
}

}  // namespace

Result<int> Store::schema_version() {
  Impl::Lease lease(*impl_);
  Connection* c = lease.c;
  return detail::guarded([&]() -> Result<int> { return current_version(*c); });
}

Result<int> Store::migrate() {
  Impl::Lease lease(*impl_);
  Connection* c = lease.c;
  const bool sqlite = c->backend == Backend::sqlite;
  int applied = 0;
  for (const auto& m : detail::migrations()) {
    try {
      c->sql << (sqlite ? "BEGIN IMMEDIATE" : "BEGIN");
      // PostgreSQL: one migrator at a time across processes.
      if (!sqlite) c->sql << "SELECT pg_advisory_xact_lock(7369)";
      c->sql << kCreateMigrationsTable;
      if (current_version(*c) >= m.version) {
        c->sql << "ROLLBACK";
        continue;
      }
      for (const auto& stmt : split_statements(substitute_ids(m.sql, c->backend))) c->sql << stmt;
      const long long version = m.version;
      const std::string name(m.name);
      const long long at = now_micros();
      c->sql << "INSERT INTO schema_migrations (version, name, applied_at) VALUES (:v, :n, :a)",
          soci::use(version), soci::use(name), soci::use(at);
      c->sql << "COMMIT";
      ++applied;
    } catch (const std::exception& e) {
      try {
        c->sql << "ROLLBACK";
      } catch (const std::exception&) {
        // Already rolled back by the failure.
      }
      Error err = detail::to_error(e);
      err.message = "migration " + std::string(m.name) + " failed: " + err.message;
      return fail(err);
    }
  }
  return applied;
}

}  // namespace yigong::store
