#include "audit/gallery_sample.h"

#include <numeric>
#include <set>

#include "core/rng.h"

namespace spatialgen {
namespace {

GalleryEntry GalleryEntryOf(const DatasetItem& item, const std::map<std::string, std::vector<std::string>>& problems) {
  GalleryEntry entry;
  entry.id = item.id;
  entry.task = item.task;
  entry.frame = item.frame;
  entry.relation = item.relation;
  entry.image_path = item.image_path;
  entry.mask_path = item.mask_path;
  entry.question = item.question;
  entry.answer = item.answer;
  if (item.answer_kind) entry.answer_kind = AnswerKindName(*item.answer_kind);
  for (const Eigen::Vector2d& point : item.points) entry.points.push_back({point.x(), point.y()});
  if (item.answer_kind == AnswerKind::kBox) {
    entry.box = {item.box.min().x(), item.box.min().y(), item.box.max().x(), item.box.max().y()};
  }
  if (const auto found = problems.find(item.id); found != problems.end()) entry.problems = found->second;
  return entry;
}

// The first `rounds` positions (within its task, in dataset order) of each task's items after a
// seeded shuffle; the shuffles run over whole tasks in task order, from one stream.
std::map<std::string, std::vector<int64_t>> ShuffledHeads(const std::map<std::string, int64_t>& items_per_task,
                                                          uint64_t seed, int64_t rounds) {
  Rng rng = Rng::ForScene(seed, "audit_gallery");
  std::map<std::string, std::vector<int64_t>> heads;
  for (const auto& [task, count] : items_per_task) {
    std::vector<uint32_t> order(static_cast<size_t>(count));
    std::iota(order.begin(), order.end(), 0u);
    for (size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng.Index(i)]);
    order.resize(static_cast<size_t>(std::min(count, rounds)));
    heads[task].assign(order.begin(), order.end());
  }
  return heads;
}

}  // namespace

void GallerySample::Count(const std::vector<DatasetItem>& items) {
  for (const DatasetItem& item : items) {
    ids_.Insert(StableHash(item.id));
    ++items_per_task_[item.task];
  }
}

void GallerySample::Choose(const AuditOptions& options, const DatasetStream& stream, AuditReport& report) const {
  const auto gallery_size = static_cast<size_t>(options.gallery_size);
  if (gallery_size == 0) return;
  std::map<std::string, std::vector<std::string>> problems;
  std::vector<std::string> chosen;
  std::set<std::string> taken;
  for (const AuditCheck& check : report.checks) {
    for (const std::string& id : check.example_ids) {
      if (id.empty() || !ids_.Contains(StableHash(id))) continue;
      problems[id].push_back(check.name);
      if (chosen.size() < gallery_size / 2 && taken.insert(id).second) chosen.push_back(id);
    }
  }

  // The sample, round-robin over the tasks. Each round takes the next shuffled item of every
  // task; the ids of the first rounds are read, and more when the taken ones leave it short.
  const std::vector<std::string> problem_ids = chosen;
  for (int64_t rounds = std::max<int64_t>(options.gallery_size, 1);; rounds *= 2) {
    const std::map<std::string, std::vector<int64_t>> heads = ShuffledHeads(items_per_task_, options.seed, rounds);
    std::map<std::string, std::map<int64_t, std::string>> ids;  // task -> position -> id
    for (const auto& [task, positions] : heads) {
      for (int64_t position : positions) ids[task][position];
    }
    std::map<std::string, int64_t> seen;
    stream.Read([&](DatasetPiece& piece) {
      for (const DatasetItem& item : piece.items) {
        const auto task = ids.find(item.task);
        if (task == ids.end()) continue;
        const auto slot = task->second.find(seen[item.task]++);
        if (slot != task->second.end()) slot->second = item.id;
      }
    });
    chosen = problem_ids;
    taken = std::set<std::string>(problem_ids.begin(), problem_ids.end());
    bool exhausted = true;  // every round that could add an item was read
    for (int64_t round = 0; chosen.size() < gallery_size; ++round) {
      if (round >= rounds) {
        exhausted = false;
        break;
      }
      bool any = false;
      for (const auto& [task, positions] : heads) {
        if (round >= static_cast<int64_t>(positions.size()) || chosen.size() >= gallery_size) continue;
        any = true;
        const std::string& id = ids.at(task).at(positions[round]);
        if (taken.insert(id).second) chosen.push_back(id);
      }
      if (!any) break;
    }
    if (exhausted) break;
  }

  // The chosen items (the first of an id, as the checks name it).
  std::map<std::string, GalleryEntry> entries;
  for (const std::string& id : chosen) entries[id];
  std::set<std::string> found;
  stream.Read([&](DatasetPiece& piece) {
    for (const DatasetItem& item : piece.items) {
      const auto entry = entries.find(item.id);
      if (entry != entries.end() && found.insert(item.id).second) entry->second = GalleryEntryOf(item, problems);
    }
  });
  for (const std::string& id : chosen) report.gallery.push_back(entries.at(id));
}

}  // namespace spatialgen
