#pragma once
// Item selection per view (SPEC section 8): yes and no balanced within each group
// (task, frame, relation), then a cap taken round-robin over the groups so that a small cap
// still spreads over frames and relations.
#include <optional>
#include <string>
#include <vector>

#include "core/rng.h"

namespace spatialgen {

struct Candidate {
  std::string group;          // e.g. "configuration/ego/left"
  std::optional<bool> answer; // set for yes/no candidates
};

// Returns indices into `candidates`, at most `cap` of them. With `balance`, yes/no groups
// contribute equal numbers of yes and no (pairs), and a group with only one answer
// contributes nothing. Deterministic for a given stream state.
std::vector<size_t> SelectCandidates(const std::vector<Candidate>& candidates, int cap,
                                     bool balance, Rng& rng);

}  // namespace spatialgen
