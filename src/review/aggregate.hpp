// From reviews to a ranking: raw weighted means, per-reviewer normalisation, ties, disagreement.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace yigong::review {

struct ScoredReview {
  std::size_t proposal = 0;
  std::int64_t reviewer = 0;
  double weighted = 0;           // the rubric's weighted score, on its scale
  std::vector<double> criteria;  // per-criterion scores, in rubric order
};

struct RankedProposal {
  std::size_t proposal = 0;
  int reviews = 0;
  double raw = 0;                // mean weighted score
  double normalised = 0;         // mean of the reviewers' z-scores
  std::vector<double> criteria;  // per-criterion means
  double spread = 0;             // highest minus lowest weighted score
  bool disagreement = false;     // spread above the threshold
  int rank = 0;                  // 1-based; equal (normalised, raw) share a rank; unreviewed last
  std::vector<std::size_t> tied_with;
};

// Each reviewer's weighted scores are turned into z-scores over the proposals that reviewer
// scored (population SD; a reviewer with one review or no spread contributes 0, i.e. no
// information about their calibration). Proposals are ranked by mean z-score, then raw mean;
// proposals without reviews come last with rank shared among them.
// REQUIRES: every review's proposal < proposals; criteria sizes equal `criteria`.
std::vector<RankedProposal> rank_proposals(std::size_t proposals, std::size_t criteria,
                                           std::span<const ScoredReview> reviews,
                                           double disagreement_threshold);

}  // namespace yigong::review
