// Expertise scores: how well each document (a reviewer's profile) fits each query (a proposal),
// by the same retrieval as search — words, concepts and bridged concepts — over a throw-away
// in-memory index of the documents.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "match/features.hpp"

namespace yigong::match {

// scores[q][d] in [0, 1]: the retrieval score of document d for query q divided by the highest
// score in the matrix (0 where d is not retrieved for q; all 0 when nothing matches).
// Errors: invalid UTF-8 in a text.
Result<std::vector<std::vector<double>>> expertise_scores(
    std::shared_ptr<const FeatureExtractor> features, const std::vector<std::string>& queries,
    const std::vector<std::string>& documents);

}  // namespace yigong::match
