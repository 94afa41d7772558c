#pragma once
// The host side of DeviceEngine: what each pass over the decoder rows holds (which token or
// image row feeds each row, its cache slot and position, the attention tiles, the rows whose
// logits are wanted), how a prefill splits into passes, and how many KV cache slots fit.
// Plain data, so it is tested against the CPU engine on any machine.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "infer/vlm/vlm_device.h"

namespace spatialgen::vlm {

// Rows of one sequence in a pass: cache slot, position of the first row, row count, and the
// decoder input of each row (PromptSources' encoding).
struct SequenceRows {
  int slot = 0;
  int start = 0;
  int count = 0;
  std::vector<int32_t> sources;
  bool wants_logits = false;  // the last row's logits are wanted
};

// The decoder input of a prompt, one entry per position: a token id (>= 0), or -(row + 1) for
// row `row` of the batch's projected image rows, where image `first_image + i` (the i-th
// <image> placeholder of this prompt) takes rows [(first_image + i) * image_tokens, ...).
std::vector<int32_t> PromptSources(const std::vector<int>& prompt_ids, int image_tokens, int first_image);

// Attention tiles of the sequences' rows, laid out one sequence after another: at most
// kAttentionTileRows rows each. Causal tiles see keys up to their last row's position; the
// others see the whole sequence (start + count keys).
std::vector<AttentionTile> PlanTiles(const std::vector<SequenceRows>& sequences, bool causal);

// Splits sequences into passes of at most `max_rows` rows, in order; a sequence cut in two
// continues in the next pass at the position it reached (its later rows read the keys the
// earlier pass wrote), and only its final part keeps wants_logits.
std::vector<std::vector<SequenceRows>> SplitPasses(const std::vector<SequenceRows>& sequences, int max_rows);

// One pass, packed for a single upload: per row source, slot and position; the tiles; the rows
// whose logits are wanted.
struct PassPlan {
  int rows = 0;
  int tile_count = 0;
  int logit_count = 0;
  std::vector<int32_t> packed;  // source | slot | position | tiles | logit rows
  size_t slot_offset() const { return size_t(rows); }
  size_t position_offset() const { return 2 * size_t(rows); }
  size_t tiles_offset() const { return 3 * size_t(rows); }
  size_t logits_offset() const { return tiles_offset() + 5 * size_t(tile_count); }
};
// With every_row_logits, every row's logits are wanted, not only the marked last rows.
PassPlan PlanPass(const std::vector<SequenceRows>& sequences, bool causal, bool every_row_logits = false);

// KV cache slots to allocate: `wanted`, or as many as `free_bytes` minus `reserve_bytes` holds
// at `bytes_per_slot` each when fewer; 0 when not even one fits.
int KvSlotsThatFit(size_t free_bytes, size_t reserve_bytes, size_t bytes_per_slot, int wanted);

}  // namespace spatialgen::vlm
