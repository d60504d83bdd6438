// The search index: a Xapian database of records (needs, capabilities, people, organisations) with
// words, bigrams and concepts as terms and the structured fields as boolean terms and values.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "match/features.hpp"

namespace yigong::match {

// What the index needs to know about a record.
struct IndexDocument {
  std::string id;     // unique across kinds: "capability:42"
  std::string kind;   // need, capability, person, organisation
  std::string title;  // weighted above the body
  std::string body;
  std::string tenant;  // boolean filters; empty means "not set"
  std::string tier;
  std::string org_type;
  std::string region;
  std::optional<int> trl;
  double prior = 0;  // [0, 1]: record quality prior (e.g. maturity); 0 when unknown
  // Ownership, for the visibility prefilter (AccessFilter); empty means "not set".
  std::string owner_org;
  std::string created_by;
  // The record this document stands for; several documents (full text, teaser) may share one.
  std::string record;   // empty: same as id
  bool teaser = false;  // holds only the teaser fields of an NDA-tier record
};

// Counters of what the index holds.
struct IndexStats {
  uint64_t documents = 0;
};

class Index {
 public:
  // Opens (creating if needed) a disk index at path; an empty path gives an in-memory index.
  static Result<std::unique_ptr<Index>> open(const std::string& path,
                                             std::shared_ptr<const FeatureExtractor> features);
  ~Index();

  // Adds or replaces a record; invalid UTF-8 in its text is Error::invalid.
  Result<void> put(const IndexDocument& doc);
  Result<void> remove(const std::string& id);
  // Removes every document (before a rebuild).
  Result<void> clear();
  // Makes writes durable and visible to searches, with metadata in the same commit.
  Result<void> commit(const std::vector<std::pair<std::string, std::string>>& metadata = {});
  std::string metadata(const std::string& key) const;
  IndexStats stats() const;

  const FeatureExtractor& features() const { return *features_; }

  struct Impl;
  Impl& impl() { return *impl_; }

 private:
  Index(std::unique_ptr<Impl> impl, std::shared_ptr<const FeatureExtractor> features);
  std::unique_ptr<Impl> impl_;
  std::shared_ptr<const FeatureExtractor> features_;
};

}  // namespace yigong::match
