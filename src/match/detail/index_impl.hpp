// The index's Xapian state, shared by index.cpp and search.cpp only.
#pragma once

#include <xapian.h>

#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "match/index.hpp"

namespace yigong::match {

inline constexpr Xapian::valueno trl_slot = 0;
inline constexpr Xapian::valueno prior_slot = 1;
// The document's concept terms ("C…"), newline-separated: concept agreement reads this one value
// instead of decoding the term list (where every bigram term sorts before the concepts).
inline constexpr Xapian::valueno concepts_slot = 2;

struct Index::Impl {
  std::string path;  // empty: in memory
  std::mutex write_mutex;
  Xapian::WritableDatabase writer;
  std::mutex pool_mutex;
  std::vector<std::unique_ptr<Xapian::Database>> readers;  // idle readers of a disk index

  // Runs fn with a database that sees every commit so far. Disk indexes lend a pooled reader (many
  // searches run at once); an in-memory index is searched through its writer, one at a time.
  Result<void> with_reader(const std::function<void(Xapian::Database&)>& fn);
};

// Converts a Xapian exception into a yigong error.
Error xapian_error(const Xapian::Error& e, const std::string& doing);

}  // namespace yigong::match
