#include "qa_gen/selection.h"

#include <map>

namespace spatialgen {
namespace {

// A group's candidates, cut into units taken whole: a (yes, no) pair or a single item.
using Units = std::vector<std::vector<size_t>>;

Units GroupUnits(const std::vector<Candidate>& candidates, const std::vector<size_t>& members,
                 bool balance, Rng& rng) {
  std::vector<size_t> yes, no, other;
  for (size_t i : members) {
    if (!candidates[i].answer) other.push_back(i);
    else (*candidates[i].answer ? yes : no).push_back(i);
  }
  rng.Shuffle(yes);
  rng.Shuffle(no);
  rng.Shuffle(other);
  Units units;
  if (balance) {
    for (size_t k = 0; k < std::min(yes.size(), no.size()); ++k) units.push_back({yes[k], no[k]});
  } else {
    for (size_t i : yes) units.push_back({i});
    for (size_t i : no) units.push_back({i});
    rng.Shuffle(units);
  }
  for (size_t i : other) units.push_back({i});
  return units;
}

}  // namespace

std::vector<size_t> SelectCandidates(const std::vector<Candidate>& candidates, int cap,
                                     bool balance, Rng& rng) {
  std::map<std::string, std::vector<size_t>> members;  // ordered: deterministic
  for (size_t i = 0; i < candidates.size(); ++i) members[candidates[i].group].push_back(i);
  std::vector<Units> groups;
  for (const auto& [group, indices] : members) groups.push_back(GroupUnits(candidates, indices, balance, rng));
  rng.Shuffle(groups);  // no group is favoured by its name when the cap bites

  std::vector<size_t> selected;
  std::vector<size_t> next(groups.size(), 0);
  for (bool progress = true; progress;) {
    progress = false;
    for (size_t g = 0; g < groups.size(); ++g) {
      if (next[g] == groups[g].size()) continue;
      const std::vector<size_t>& unit = groups[g][next[g]];
      if (int(selected.size() + unit.size()) > cap) continue;
      selected.insert(selected.end(), unit.begin(), unit.end());
      ++next[g];
      progress = true;
    }
  }
  return selected;
}

}  // namespace spatialgen
