#pragma once
// A set of 64-bit hashes (of item ids, of image paths): at most 16 bytes an entry, for checks
// that must see every item of a dataset once without holding the items. Two strings with the
// same 64-bit hash count as one: for the FNV-1a hashes of a million ids, a chance of about 3e-8.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace spatialgen {

class HashSet64 {
 public:
  // Whether `hash` was new.
  bool Insert(uint64_t hash);
  bool Contains(uint64_t hash) const;
  size_t size() const { return size_ + (has_zero_ ? 1 : 0); }

 private:
  size_t SlotOf(uint64_t hash) const;
  void Grow();

  std::vector<uint64_t> slots_;  // open addressing, 0 marks an empty slot
  size_t size_ = 0;              // non-zero hashes held
  bool has_zero_ = false;        // the hash 0, which has no slot
};

}  // namespace spatialgen
