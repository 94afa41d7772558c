#include "infer/vlm/device_plan.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>

#include "infer/vlm/tokenizer.h"

namespace spatialgen::vlm {

std::vector<int32_t> PromptSources(const std::vector<int>& prompt_ids, int image_tokens, int first_image) {
  std::vector<int32_t> sources;
  int image = first_image;
  for (int id : prompt_ids) {
    if (id != kImageTokenId) {
      sources.push_back(id);
      continue;
    }
    for (int row = 0; row < image_tokens; ++row) sources.push_back(-(image * image_tokens + row) - 1);
    ++image;
  }
  return sources;
}

std::vector<AttentionTile> PlanTiles(const std::vector<SequenceRows>& sequences, bool causal) {
  std::vector<AttentionTile> tiles;
  int first_row = 0;
  for (const SequenceRows& s : sequences) {
    for (int offset = 0; offset < s.count; offset += kAttentionTileRows) {
      const int rows = std::min(kAttentionTileRows, s.count - offset);
      const int position = s.start + offset;
      tiles.push_back({first_row + offset, rows, s.slot, position, causal ? position + rows : s.start + s.count});
    }
    first_row += s.count;
  }
  return tiles;
}

std::vector<std::vector<SequenceRows>> SplitPasses(const std::vector<SequenceRows>& sequences, int max_rows) {
  if (max_rows < 1) throw std::invalid_argument("SplitPasses: max_rows must be >= 1");
  std::vector<std::vector<SequenceRows>> passes(1);
  int used = 0;
  for (const SequenceRows& s : sequences) {
    int done = 0;
    while (done < s.count) {
      if (used == max_rows) {
        passes.emplace_back();
        used = 0;
      }
      const int take = std::min(s.count - done, max_rows - used);
      SequenceRows part{s.slot, s.start + done, take,
                        std::vector<int32_t>(s.sources.begin() + done, s.sources.begin() + done + take),
                        s.wants_logits && done + take == s.count};
      passes.back().push_back(std::move(part));
      done += take;
      used += take;
    }
  }
  if (passes.back().empty()) passes.pop_back();
  return passes;
}

PassPlan PlanPass(const std::vector<SequenceRows>& sequences, bool causal, bool every_row_logits) {
  PassPlan plan;
  std::vector<int32_t> slot, position, logit_rows;
  for (const SequenceRows& s : sequences) {
    if (s.sources.size() != size_t(s.count)) throw std::invalid_argument("PlanPass: one source per row");
    plan.packed.insert(plan.packed.end(), s.sources.begin(), s.sources.end());
    for (int r = 0; r < s.count; ++r) {
      slot.push_back(s.slot);
      position.push_back(s.start + r);
      if (every_row_logits) logit_rows.push_back(plan.rows + r);
    }
    plan.rows += s.count;
    if (!every_row_logits && s.wants_logits && s.count > 0) logit_rows.push_back(plan.rows - 1);
  }
  const std::vector<AttentionTile> tiles = PlanTiles(sequences, causal);
  plan.tile_count = int(tiles.size());
  plan.logit_count = int(logit_rows.size());
  plan.packed.insert(plan.packed.end(), slot.begin(), slot.end());
  plan.packed.insert(plan.packed.end(), position.begin(), position.end());
  const size_t at = plan.packed.size();
  plan.packed.resize(at + 5 * tiles.size());
  static_assert(sizeof(AttentionTile) == 5 * sizeof(int32_t));
  if (!tiles.empty()) std::memcpy(plan.packed.data() + at, tiles.data(), tiles.size() * sizeof(AttentionTile));
  plan.packed.insert(plan.packed.end(), logit_rows.begin(), logit_rows.end());
  return plan;
}

int KvSlotsThatFit(size_t free_bytes, size_t reserve_bytes, size_t bytes_per_slot, int wanted) {
  if (bytes_per_slot == 0 || free_bytes <= reserve_bytes) return 0;
  const size_t fit = (free_bytes - reserve_bytes) / bytes_per_slot;
  return int(std::min<size_t>(fit, size_t(std::max(wanted, 0))));
}

}  // namespace spatialgen::vlm
