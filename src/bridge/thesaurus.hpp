// The concept bridge: bilingual clinical and engineering concepts and the weighted links between
// them. Data, not code: loaded from data/bridge/*.json and from operators' additions.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.hpp"

namespace yigong::bridge {

enum class Domain { clinical, engineering };

// The kinds a concept may have; the domain follows from the kind.
std::optional<Domain> domain_of_kind(std::string_view kind);
// Every known kind, clinical first.
const std::vector<std::string_view>& concept_kinds();

struct Concept {
  std::string id;  // "cv.atrial_fibrillation"
  std::string kind;
  Domain domain = Domain::clinical;
  std::vector<std::string> zh;  // preferred label first
  std::vector<std::string> en;
  std::string source;  // the file or "operator" it came from
};

struct Link {
  uint32_t from = 0;  // clinical concept index
  uint32_t to = 0;    // engineering concept index
  float weight = 0;   // (0, 1]
  std::string source;
};

// A concept or link as written in a source, before cross-checks.
struct ConceptInput {
  std::string id, kind;
  std::vector<std::string> zh, en;
};
struct LinkInput {
  std::string from, to;
  double weight = 0;
};

// One source document (a data file or the operators' additions).
struct SourceDoc {
  std::string name;
  std::vector<ConceptInput> concepts;
  std::vector<LinkInput> links;
};

// Parses {"concepts":[…],"links":[…]}; every problem is reported, each with its place.
Result<SourceDoc> parse_source(std::string name, std::string_view json_text);
// Reads every *.json file of a folder, in name order.
Result<std::vector<SourceDoc>> read_source_dir(const std::string& dir);

// Immutable once built; share by pointer.
class Thesaurus {
 public:
  // Cross-checks the sources together: unique ids, known kinds, labels in both languages, links
  // clinical → engineering between existing concepts with weights in (0, 1], no duplicate links.
  // Label uniqueness needs normalisation and is checked by ConceptRecognizer. All problems are
  // listed in one error, one per line.
  static Result<Thesaurus> build(const std::vector<SourceDoc>& sources);

  const std::vector<Concept>& concepts() const { return concepts_; }
  const std::vector<Link>& links() const { return links_; }
  std::optional<uint32_t> find(std::string_view id) const;
  // Links leaving a clinical concept / arriving at an engineering concept (indices into links()).
  std::span<const uint32_t> links_from(uint32_t concept_index) const;
  std::span<const uint32_t> links_to(uint32_t concept_index) const;
  // A content hash: changes whenever a concept, label or link changes.
  const std::string& version() const { return version_; }

 private:
  std::vector<Concept> concepts_;
  std::vector<Link> links_;
  std::unordered_map<std::string, uint32_t> by_id_;
  std::vector<std::vector<uint32_t>> from_, to_;
  std::string version_;
};

}  // namespace yigong::bridge
