#include "dataset/hash_set64.h"

namespace spatialgen {

size_t HashSet64::SlotOf(uint64_t hash) const {
  // Mix the bits (splitmix64's finalizer): FNV-1a's low bits alone cluster.
  uint64_t mixed = hash;
  mixed = (mixed ^ (mixed >> 30)) * 0xBF58476D1CE4E5B9ull;
  mixed = (mixed ^ (mixed >> 27)) * 0x94D049BB133111EBull;
  mixed ^= mixed >> 31;
  const size_t mask = slots_.size() - 1;
  size_t slot = static_cast<size_t>(mixed) & mask;
  while (slots_[slot] != 0 && slots_[slot] != hash) slot = (slot + 1) & mask;
  return slot;
}

void HashSet64::Grow() {
  std::vector<uint64_t> old = std::move(slots_);
  slots_.assign(old.empty() ? 1024 : old.size() * 2, 0);
  for (uint64_t hash : old) {
    if (hash != 0) slots_[SlotOf(hash)] = hash;
  }
}

bool HashSet64::Insert(uint64_t hash) {
  if (hash == 0) {
    const bool inserted = !has_zero_;
    has_zero_ = true;
    return inserted;
  }
  if (2 * (size_ + 1) > slots_.size()) Grow();  // at most half full
  uint64_t& slot = slots_[SlotOf(hash)];
  if (slot == hash) return false;
  slot = hash;
  ++size_;
  return true;
}

bool HashSet64::Contains(uint64_t hash) const {
  if (hash == 0) return has_zero_;
  return !slots_.empty() && slots_[SlotOf(hash)] == hash;
}

}  // namespace spatialgen
