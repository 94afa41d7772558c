#include "qa_gen/selection.h"

#include <gtest/gtest.h>

#include <map>

namespace spatialgen {
namespace {

std::vector<Candidate> Group(const std::string& name, int yes, int no) {
  std::vector<Candidate> candidates;
  for (int i = 0; i < yes; ++i) candidates.push_back({name, true});
  for (int i = 0; i < no; ++i) candidates.push_back({name, false});
  return candidates;
}

TEST(SelectionTest, BalancesYesAndNoPerGroup) {
  std::vector<Candidate> candidates = Group("a", 5, 2);
  const std::vector<Candidate> only_yes = Group("b", 3, 0);
  candidates.insert(candidates.end(), only_yes.begin(), only_yes.end());
  Rng rng(1);
  const std::vector<size_t> selected = SelectCandidates(candidates, 100, true, rng);
  int yes = 0, no = 0;
  for (size_t i : selected) {
    EXPECT_EQ(candidates[i].group, "a");  // a group with one answer only gives nothing
    (*candidates[i].answer ? yes : no)++;
  }
  EXPECT_EQ(yes, 2);
  EXPECT_EQ(no, 2);
}

TEST(SelectionTest, CapSpreadsOverGroupsInPairs) {
  std::vector<Candidate> candidates;
  for (const std::string name : {"x", "y", "z"}) {
    const std::vector<Candidate> group = Group(name, 4, 4);
    candidates.insert(candidates.end(), group.begin(), group.end());
  }
  Rng rng(2);
  const std::vector<size_t> selected = SelectCandidates(candidates, 7, true, rng);
  ASSERT_EQ(selected.size(), 6u);  // pairs only: 7 rounds down
  std::map<std::string, int> per_group;
  for (size_t i : selected) ++per_group[candidates[i].group];
  EXPECT_EQ(per_group, (std::map<std::string, int>{{"x", 2}, {"y", 2}, {"z", 2}}));
}

TEST(SelectionTest, UnbalancedAndAnswerlessCandidatesAreTakenSingly) {
  std::vector<Candidate> candidates = Group("a", 3, 0);
  candidates.push_back({"g", std::nullopt});
  Rng rng(3);
  EXPECT_EQ(SelectCandidates(candidates, 10, false, rng).size(), 4u);
  Rng rng_balanced(3);
  EXPECT_EQ(SelectCandidates(candidates, 10, true, rng_balanced).size(), 1u);
}

TEST(SelectionTest, DeterministicForTheSameStream) {
  const std::vector<Candidate> candidates = Group("a", 10, 10);
  Rng first(9), second(9);
  EXPECT_EQ(SelectCandidates(candidates, 6, true, first), SelectCandidates(candidates, 6, true, second));
}

}  // namespace
}  // namespace spatialgen
