#include "raycast/png_encoder.h"

#include <zlib.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <array>
#include <cassert>
#include <cstring>
#include <stdexcept>

namespace spatialgen {
namespace {

// Deflate (RFC 1951) as this encoder uses it: one dynamic-Huffman block per strip, whose
// symbols are literal bytes and runs (a byte repeated, distance 1).
constexpr int kLiteralCodes = 286;  // 0-255 literals, 256 end of block, 257-285 lengths
constexpr int kEndOfBlock = 256;
constexpr int kMinRun = 3, kMaxRun = 258;
constexpr int kMaxCodeBits = 15, kMaxCodeLengthBits = 7;
// The order in which the code lengths of the code-length alphabet are sent.
constexpr std::array<int, 19> kCodeLengthOrder = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};
// Filtered bytes per strip, about: large enough for Huffman codes to pay, small enough for a
// red box to leave most strips untouched.
constexpr size_t kStripBytes = 64 * 1024;
// Filtered bytes per segment of an RGB strip: no symbol spans two, so a copy of the image
// that changes a few bytes re-encodes only their segments (and the next) and copies the
// others' bits. A red
// box's side (8 pixels wide on a 1280x800 view) touches one or two segments of a row.
constexpr size_t kSegmentBytes = 128;

struct LengthCode {
  uint16_t symbol = 0;
  uint8_t extra_bits = 0;
  uint16_t extra = 0;
};

// The length symbol and extra bits of every run length 3..258.
const std::array<LengthCode, kMaxRun + 1>& LengthCodes() {
  static const std::array<LengthCode, kMaxRun + 1> table = [] {
    constexpr std::array<int, 29> base = {3,  4,  5,  6,  7,  8,  9,  10, 11,  13,  15,  17,  19,  23, 27,
                                          31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
    constexpr std::array<int, 29> extra = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2,
                                           2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
    std::array<LengthCode, kMaxRun + 1> codes{};
    // In increasing order, so that 258 ends with its own symbol 285 (284 would reach it too).
    for (int k = 0; k < 29; ++k) {
      for (int length = base[k]; length < base[k] + (1 << extra[k]) && length <= kMaxRun; ++length) {
        codes[length] = {uint16_t(257 + k), uint8_t(extra[k]), uint16_t(length - base[k])};
      }
    }
    return codes;
  }();
  return table;
}

// Bits packed from the least significant end, as deflate stores them, into a buffer the
// caller sized for the worst case plus 8 bytes: every Put stores the whole 64-bit buffer and
// keeps the bits of the last, unfinished byte (no branch).
class BitWriter {
 public:
  explicit BitWriter(uint8_t* out) : start_(out), out_(out) {}
  void Put(uint64_t bits, int count) {  // count <= 56, bits < 2^count
    buffer_ |= bits << used_;
    used_ += count;
    std::memcpy(out_, &buffer_, sizeof(buffer_));
    out_ += used_ >> 3;
    buffer_ >>= used_ & ~7;
    used_ &= 7;
  }
  // Pads with zero bits to a byte boundary (the bits are stored already); returns the end of
  // the written bytes.
  uint8_t* Flush() {
    out_ += used_ > 0 ? 1 : 0;
    buffer_ = 0;
    used_ = 0;
    return out_;
  }
  // Bits written so far.
  uint64_t position() const { return uint64_t(out_ - start_) * 8 + uint64_t(used_); }
  // Appends bits [begin, end) of `data` (`size` bytes, bits numbered from the least
  // significant of byte 0, as written here).
  void Copy(const uint8_t* data, size_t size, uint64_t begin, uint64_t end) {
    while (begin < end) {
      const int count = int(std::min<uint64_t>(end - begin, 56));
      const size_t byte = size_t(begin >> 3);
      uint64_t word = 0;
      std::memcpy(&word, data + byte, std::min<size_t>(8, size - byte));
      Put((word >> (begin & 7)) & ((uint64_t{1} << count) - 1), count);
      begin += uint64_t(count);
    }
  }

 private:
  uint8_t* start_;
  uint8_t* out_;
  uint64_t buffer_ = 0;
  int used_ = 0;
};

// Huffman code lengths for `freq` (0 for unused symbols), none longer than max_bits. At least
// two symbols must be used, so that the code is complete. Frequencies are halved (rounding
// up) until the optimal code fits, which ends at a balanced code at the latest.
void CodeLengths(std::span<const uint32_t> freq_in, int max_bits, std::span<uint8_t> lengths) {
  std::vector<uint32_t> freq(freq_in.begin(), freq_in.end());
  std::vector<int> leaves;
  std::vector<uint64_t> weight;
  std::vector<int> parent, depth;
  while (true) {
    leaves.clear();
    for (size_t s = 0; s < freq.size(); ++s) {
      if (freq[s] > 0) leaves.push_back(int(s));
    }
    std::sort(leaves.begin(), leaves.end(),
              [&](int a, int b) { return freq[a] != freq[b] ? freq[a] < freq[b] : a < b; });
    const int count = int(leaves.size());
    assert(count >= 2);
    // Two queues: the sorted leaves, and the merged nodes, which are made in increasing weight.
    const int nodes = 2 * count - 1;
    weight.assign(nodes, 0);
    parent.assign(nodes, -1);
    for (int k = 0; k < count; ++k) weight[k] = freq[leaves[k]];
    int next_leaf = 0, next_merged = count;
    const auto lightest = [&](int made) {
      if (next_leaf < count && (next_merged >= made || weight[next_leaf] <= weight[next_merged])) return next_leaf++;
      return next_merged++;
    };
    for (int made = count; made < nodes; ++made) {
      const int a = lightest(made), b = lightest(made);
      weight[made] = weight[a] + weight[b];
      parent[a] = parent[b] = made;
    }
    depth.assign(nodes, 0);
    int deepest = 0;
    for (int k = nodes - 2; k >= 0; --k) {
      depth[k] = depth[parent[k]] + 1;
      deepest = std::max(deepest, depth[k]);
    }
    if (deepest <= max_bits) {
      std::fill(lengths.begin(), lengths.end(), uint8_t{0});
      for (int k = 0; k < count; ++k) lengths[leaves[k]] = uint8_t(depth[k]);
      return;
    }
    for (uint32_t& f : freq) f = (f + 1) / 2;
  }
}

// Canonical codes (RFC 1951 3.2.2) of `lengths`, bit-reversed for the LSB-first writer.
void CanonicalCodes(std::span<const uint8_t> lengths, std::span<uint16_t> codes) {
  std::array<int, kMaxCodeBits + 1> count{};
  for (uint8_t length : lengths) {
    if (length > 0) ++count[length];
  }
  std::array<uint32_t, kMaxCodeBits + 2> next{};
  uint32_t code = 0;
  for (int bits = 1; bits <= kMaxCodeBits; ++bits) {
    code = (code + uint32_t(bits > 1 ? count[bits - 1] : 0)) << 1;
    next[bits] = code;
  }
  for (size_t s = 0; s < lengths.size(); ++s) {
    const int length = lengths[s];
    if (length == 0) continue;
    uint32_t value = next[length]++, reversed = 0;
    for (int bit = 0; bit < length; ++bit, value >>= 1) reversed = (reversed << 1) | (value & 1);
    codes[s] = uint16_t(reversed);
  }
}

// Per-thread buffers of a strip's encoding, kept between strips: they grow once and are
// never cleared.
struct StripScratch {
  std::vector<uint8_t> filtered;   // the strip's rows, each its filter type byte and the filtered bytes
  std::vector<uint8_t> original;   // a copy's strip as the encoder's own image has it, filtered
  std::vector<uint64_t> runs;      // the runs: position << 9 | length (3..258); the other bytes are literals
  std::vector<uint8_t> deflated;   // the deflate block
};

StripScratch& Scratch() {
  thread_local StripScratch scratch;
  return scratch;
}

template <typename T>
T* GrownTo(std::vector<T>& buffer, size_t size) {
  if (buffer.size() < size) buffer.resize(size);
  return buffer.data();
}

// Calls literal(byte) or run(length) for each symbol of bytes [begin, end): runs of at least 3
// copies of the byte before (distance 1) that end by `end`, so that a segment's symbols depend
// on its own bytes and the one before only; the bytes between are literals.
template <typename Literal, typename Run>
void ForEachSymbol(const uint8_t* bytes, size_t begin, size_t end, Literal&& literal, Run&& run) {
  size_t position = begin;
  while (position < end) {
    if (position > 0 && bytes[position] == bytes[position - 1]) {
      const uint8_t previous = bytes[position - 1];
      const size_t limit = std::min(end, position + kMaxRun);
      size_t stop = position + 1;
      while (stop < limit && bytes[stop] == previous) ++stop;
      if (stop - position >= size_t(kMinRun)) {
        run(int(stop - position));
        position = stop;
        continue;
      }
    }
    literal(bytes[position]);
    ++position;
  }
}

}  // namespace

// A strip's Huffman codes, by symbol: 0-255 a literal byte, 256 + n a run of n copies of the
// byte before (the length code, its extra bits and the distance code).
struct PngSymbolCodes {
  static constexpr int kSymbols = 256 + kMaxRun + 1;
  std::array<uint32_t, kSymbols> bits{};
  std::array<uint8_t, kSymbols> bit_count{};
  uint32_t end_bits = 0;
  uint8_t end_bit_count = 0;

  // The symbols of bytes [begin, end) (see ForEachSymbol).
  void Put(BitWriter& writer, const uint8_t* bytes, size_t begin, size_t end) const {
    ForEachSymbol(
        bytes, begin, end, [&](uint8_t byte) { writer.Put(bits[byte], bit_count[byte]); },
        [&](int run) { writer.Put(bits[256 + run], bit_count[256 + run]); });
  }
};

namespace {

// Writes the block header of codes fitted to `literal_freq` (0 for unused symbols) and returns
// the codes.
PngSymbolCodes WriteCodes(std::array<uint32_t, kLiteralCodes> literal_freq, BitWriter& bits) {
  const auto& length_codes = LengthCodes();
  literal_freq[kEndOfBlock] = 1;
  if (std::count_if(literal_freq.begin(), literal_freq.end(), [](uint32_t f) { return f > 0; }) < 2) {
    literal_freq[0] = std::max<uint32_t>(literal_freq[0], 1);  // two symbols at least: a complete code
  }
  std::array<uint8_t, kLiteralCodes> literal_lengths{};
  CodeLengths(literal_freq, kMaxCodeBits, literal_lengths);
  std::array<uint16_t, kLiteralCodes> literal_codes{};
  CanonicalCodes(literal_lengths, literal_codes);
  // Distances: only 1 (code 0) is used; codes 0 and 1 of one bit each keep the code complete.
  constexpr int kDistanceCodes = 2;
  const std::array<uint8_t, kDistanceCodes> distance_lengths = {1, 1};
  const uint16_t distance_one_code = 0;

  int literal_count = kLiteralCodes;
  while (literal_count > 257 && literal_lengths[literal_count - 1] == 0) --literal_count;

  // The code lengths of both alphabets, run-length coded with symbols 16 (repeat the last
  // length 3-6 times), 17 (3-10 zeros) and 18 (11-138 zeros).
  std::vector<uint8_t> sequence(literal_lengths.begin(), literal_lengths.begin() + literal_count);
  sequence.insert(sequence.end(), distance_lengths.begin(), distance_lengths.end());
  struct CodeLengthToken {
    uint8_t symbol, extra;
  };
  std::vector<CodeLengthToken> length_tokens;
  std::array<uint32_t, 19> length_freq{};
  for (size_t k = 0; k < sequence.size();) {
    const uint8_t length = sequence[k];
    size_t run = 1;
    while (k + run < sequence.size() && sequence[k + run] == length) ++run;
    if (length == 0 && run >= 11) {
      const size_t n = std::min<size_t>(run, 138);
      length_tokens.push_back({18, uint8_t(n - 11)});
      k += n;
    } else if (length == 0 && run >= 3) {
      const size_t n = std::min<size_t>(run, 10);
      length_tokens.push_back({17, uint8_t(n - 3)});
      k += n;
    } else if (length != 0 && run >= 4) {
      length_tokens.push_back({length, 0});
      const size_t n = std::min<size_t>(run - 1, 6);
      length_tokens.push_back({16, uint8_t(n - 3)});
      k += 1 + n;
    } else {
      length_tokens.push_back({length, 0});
      k += 1;
    }
  }
  for (const CodeLengthToken& token : length_tokens) ++length_freq[token.symbol];
  if (std::count_if(length_freq.begin(), length_freq.end(), [](uint32_t f) { return f > 0; }) < 2) {
    // A code-length code must be complete: give it a second (unused) symbol.
    length_freq[length_freq[0] > 0 ? 1 : 0] = 1;
  }
  std::array<uint8_t, 19> length_lengths{};
  CodeLengths(length_freq, kMaxCodeLengthBits, length_lengths);
  std::array<uint16_t, 19> length_codes_bits{};
  CanonicalCodes(length_lengths, length_codes_bits);
  int length_count = 19;
  while (length_count > 4 && length_lengths[kCodeLengthOrder[length_count - 1]] == 0) --length_count;

  bits.Put(0, 1);  // not the final block
  bits.Put(2, 2);  // dynamic Huffman codes
  bits.Put(uint32_t(literal_count - 257), 5);
  bits.Put(uint32_t(kDistanceCodes - 1), 5);
  bits.Put(uint32_t(length_count - 4), 4);
  for (int k = 0; k < length_count; ++k) bits.Put(length_lengths[kCodeLengthOrder[k]], 3);
  for (const CodeLengthToken& token : length_tokens) {
    bits.Put(length_codes_bits[token.symbol], length_lengths[token.symbol]);
    if (token.symbol == 16) bits.Put(token.extra, 2);
    if (token.symbol == 17) bits.Put(token.extra, 3);
    if (token.symbol == 18) bits.Put(token.extra, 7);
  }

  PngSymbolCodes codes;
  for (int literal = 0; literal < 256; ++literal) {
    codes.bits[literal] = literal_codes[literal];
    codes.bit_count[literal] = literal_lengths[literal];
  }
  for (int run = kMinRun; run <= kMaxRun; ++run) {
    const LengthCode& code = length_codes[run];
    const int length_bits = literal_lengths[code.symbol];
    if (length_bits == 0) continue;  // no run of this length class
    codes.bits[256 + run] = literal_codes[code.symbol] | (uint32_t(code.extra) << length_bits) |
                            (uint32_t(distance_one_code) << (length_bits + code.extra_bits));
    codes.bit_count[256 + run] = uint8_t(length_bits + code.extra_bits + distance_lengths[0]);
  }
  codes.end_bits = literal_codes[kEndOfBlock];
  codes.end_bit_count = literal_lengths[kEndOfBlock];
  return codes;
}

// Ends a block: the end-of-block code, then an empty stored block, which pads to a byte
// boundary (the deflate "sync flush"); returns the end of the written bytes.
uint8_t* EndBlock(const PngSymbolCodes& codes, BitWriter& bits) {
  bits.Put(codes.end_bits, codes.end_bit_count);
  bits.Put(0, 3);
  uint8_t* end = bits.Flush();
  for (uint8_t byte : {0x00, 0x00, 0xff, 0xff}) *end++ = byte;
  return end;
}

// At most 15 + 5 + 1 bits a run of 3 or more bytes, 15 bits a literal; the header is under
// 20 + 19 * 3 + (286 + 2) * 14 bits; the writer stores 8 bytes at a time.
uint8_t* DeflateBuffer(size_t size, StripScratch& scratch) { return GrownTo(scratch.deflated, 2 * size + 1024); }

// Adler-32 (RFC 1950) of `data`, 16 bytes at a time in SSE2: over n blocks of 16 bytes x_i,
// a gains the sum of all bytes and b gains 16 n a + 16 (the sum over blocks of the bytes before
// them) + the sum of (16 - k) x_i[k]. Reduced modulo 65521 every 5536 bytes (zlib's NMAX
// bound, 5552, rounded down to whole blocks).
uint32_t Adler32(std::span<const uint8_t> data) {
  constexpr uint32_t kBase = 65521;
  constexpr size_t kChunk = 5536;
  uint64_t a = 1, b = 0;
  const uint8_t* p = data.data();
  size_t left = data.size();
  while (left > 0) {
    size_t n = std::min(left, kChunk);
    left -= n;
#if defined(__SSE2__)
    const size_t blocks = n / 16;
    const __m128i zero = _mm_setzero_si128();
    const __m128i weights_low = _mm_set_epi16(9, 10, 11, 12, 13, 14, 15, 16);
    const __m128i weights_high = _mm_set_epi16(1, 2, 3, 4, 5, 6, 7, 8);
    __m128i sum = zero, sum_before = zero, weighted = zero;
    for (size_t block = 0; block < blocks; ++block, p += 16) {
      const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
      sum_before = _mm_add_epi64(sum_before, sum);
      sum = _mm_add_epi64(sum, _mm_sad_epu8(x, zero));
      weighted = _mm_add_epi32(weighted, _mm_madd_epi16(_mm_unpacklo_epi8(x, zero), weights_low));
      weighted = _mm_add_epi32(weighted, _mm_madd_epi16(_mm_unpackhi_epi8(x, zero), weights_high));
    }
    alignas(16) uint64_t sums[2], befores[2];
    alignas(16) uint32_t weights[4];
    _mm_store_si128(reinterpret_cast<__m128i*>(sums), sum);
    _mm_store_si128(reinterpret_cast<__m128i*>(befores), sum_before);
    _mm_store_si128(reinterpret_cast<__m128i*>(weights), weighted);
    b += 16 * blocks * a + 16 * (befores[0] + befores[1]) + weights[0] + weights[1] + weights[2] + weights[3];
    a += sums[0] + sums[1];
    n -= 16 * blocks;
#endif
    for (; n > 0; --n, ++p) {
      a += *p;
      b += a;
    }
    a %= kBase;
    b %= kBase;
  }
  return uint32_t(b << 16 | a);
}

void AppendBigEndian(std::string& out, uint32_t value) {
  const char bytes[4] = {char(value >> 24), char(value >> 16), char(value >> 8), char(value)};
  out.append(bytes, 4);
}

// A whole chunk: length, type, data, CRC over type and data.
std::string Chunk(const char* type, std::string_view data) {
  std::string chunk;
  chunk.reserve(12 + data.size());
  AppendBigEndian(chunk, uint32_t(data.size()));
  chunk.append(type, 4);
  chunk.append(data);
  const uint32_t crc = uint32_t(crc32(0, reinterpret_cast<const Bytef*>(chunk.data() + 4), uInt(4 + data.size())));
  AppendBigEndian(chunk, crc);
  return chunk;
}

// Paeth filter (type 4) of one row of `bytes` bytes, `bpp` bytes a pixel; `previous` is the
// row above (zeros for the first row).
void PaethRow(const uint8_t* row, const uint8_t* previous, size_t bytes, size_t bpp, uint8_t* out) {
  // The first pixel has nothing to its left: the predictor is the byte above.
  size_t x = 0;
  for (; x < std::min(bpp, bytes); ++x) out[x] = uint8_t(row[x] - previous[x]);
#if defined(__SSE2__)
  // 16 bytes at a time in 16-bit lanes (the left and upper-left bytes are the row's own, so
  // the bytes do not depend on each other when encoding).
  const __m128i zero = _mm_setzero_si128(), low_byte = _mm_set1_epi16(0xff);
  const auto paeth8 = [&](__m128i a, __m128i b, __m128i c, __m128i value) {
    const __m128i b_c = _mm_sub_epi16(b, c), a_c = _mm_sub_epi16(a, c);
    const auto abs16 = [&](__m128i v) { return _mm_max_epi16(v, _mm_sub_epi16(zero, v)); };
    const __m128i pa = abs16(b_c), pb = abs16(a_c), pc = abs16(_mm_add_epi16(b_c, a_c));
    // b when pb <= pc, else c; a when pa <= pb and pa <= pc.
    const __m128i c_wins = _mm_cmpgt_epi16(pb, pc);
    const __m128i b_or_c = _mm_or_si128(_mm_and_si128(c_wins, c), _mm_andnot_si128(c_wins, b));
    const __m128i a_loses = _mm_or_si128(_mm_cmpgt_epi16(pa, pb), _mm_cmpgt_epi16(pa, pc));
    const __m128i predicted = _mm_or_si128(_mm_and_si128(a_loses, b_or_c), _mm_andnot_si128(a_loses, a));
    return _mm_and_si128(_mm_sub_epi16(value, predicted), low_byte);
  };
  for (; x + 16 <= bytes; x += 16) {
    const auto load = [](const uint8_t* p) { return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p)); };
    const __m128i a = load(row + x - bpp), b = load(previous + x), c = load(previous + x - bpp), v = load(row + x);
    const __m128i low = paeth8(_mm_unpacklo_epi8(a, zero), _mm_unpacklo_epi8(b, zero), _mm_unpacklo_epi8(c, zero),
                               _mm_unpacklo_epi8(v, zero));
    const __m128i high = paeth8(_mm_unpackhi_epi8(a, zero), _mm_unpackhi_epi8(b, zero), _mm_unpackhi_epi8(c, zero),
                                _mm_unpackhi_epi8(v, zero));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + x), _mm_packus_epi16(low, high));
  }
#endif
  for (; x < bytes; ++x) {
    const int a = row[x - bpp], b = previous[x], c = previous[x - bpp];
    const int pa = std::abs(b - c), pb = std::abs(a - c), pc = std::abs(a + b - 2 * c);
    const int predicted = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    out[x] = uint8_t(row[x] - predicted);
  }
}

// Packs a mask row (one byte a pixel, non-zero = set) to 1 bit a pixel, most significant first.
void PackRow(const uint8_t* row, int width, uint8_t* packed) {
  int i = 0;
#if defined(__SSE2__)
  // 16 pixels at a time: a bit per non-zero byte, then each byte's bits reversed (pixel 0 is
  // the most significant bit in PNG).
  static const std::array<uint8_t, 256> reversed = [] {
    std::array<uint8_t, 256> table{};
    for (int v = 0; v < 256; ++v) {
      for (int bit = 0; bit < 8; ++bit) {
        if (v & (1 << bit)) table[v] |= uint8_t(0x80 >> bit);
      }
    }
    return table;
  }();
  const __m128i zero = _mm_setzero_si128();
  for (; i + 16 <= width; i += 16) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(row + i));
    const int set = ~_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, zero)) & 0xffff;
    packed[i / 8] = reversed[set & 0xff];
    packed[i / 8 + 1] = reversed[set >> 8];
  }
#endif
  for (int byte = i / 8; byte < (width + 7) / 8; ++byte) {
    uint8_t value = 0;
    for (int bit = 0; bit < 8; ++bit) {
      const int pixel = 8 * byte + bit;
      if (pixel < width && row[pixel] != 0) value |= uint8_t(0x80 >> bit);
    }
    packed[byte] = value;
  }
}

}  // namespace

PngEncoder::PngEncoder(std::span<const uint8_t> pixels, int width, int height, PngPixels layout)
    : width_(width), height_(height), layout_(layout) {
  if (width <= 0 || height <= 0) {
    throw std::invalid_argument("PngEncoder: image size " + std::to_string(width) + "x" + std::to_string(height));
  }
  row_bytes_ = size_t(width) * (layout == PngPixels::kRgb ? 3 : 1);
  if (pixels.size() != row_bytes_ * size_t(height)) {
    throw std::invalid_argument("PngEncoder: " + std::to_string(pixels.size()) + " bytes for a " +
                                std::to_string(width) + "x" + std::to_string(height) + " image");
  }
  const size_t filtered_row = 1 + (layout == PngPixels::kRgb ? row_bytes_ : size_t(width + 7) / 8);
  rows_per_strip_ = int(std::max<size_t>(1, kStripBytes / filtered_row));
  pixels_ = pixels;
  const int strips = (height + rows_per_strip_ - 1) / rows_per_strip_;
  strips_.reserve(strips);
  for (int strip = 0; strip < strips; ++strip) strips_.push_back(EncodeStrip(pixels_, strip));
}

std::span<const uint8_t> PngEncoder::FilterStrip(std::span<const uint8_t> pixels, int strip,
                                                 std::vector<uint8_t>& buffer) const {
  const int j0 = strip * rows_per_strip_, j1 = std::min(height_, j0 + rows_per_strip_);
  size_t filtered_size = 0;
  if (layout_ == PngPixels::kRgb) {
    filtered_size = size_t(j1 - j0) * (1 + row_bytes_);
    uint8_t* out = GrownTo(buffer, filtered_size);
    const std::vector<uint8_t> zeros(j0 == 0 ? row_bytes_ : 0, 0);
    for (int j = j0; j < j1; ++j) {
      const uint8_t* row = pixels.data() + size_t(j) * row_bytes_;
      *out++ = 4;  // Paeth
      PaethRow(row, j > 0 ? row - row_bytes_ : zeros.data(), row_bytes_, 3, out);
      out += row_bytes_;
    }
  } else {
    const size_t packed_bytes = size_t(width_ + 7) / 8;
    std::vector<uint8_t> previous(packed_bytes, 0), packed(packed_bytes);
    if (j0 > 0) PackRow(pixels.data() + size_t(j0 - 1) * row_bytes_, width_, previous.data());
    filtered_size = size_t(j1 - j0) * (1 + packed_bytes);
    uint8_t* out = GrownTo(buffer, filtered_size);
    for (int j = j0; j < j1; ++j) {
      PackRow(pixels.data() + size_t(j) * row_bytes_, width_, packed.data());
      *out++ = 2;  // Up
      for (size_t x = 0; x < packed_bytes; ++x) *out++ = uint8_t(packed[x] - previous[x]);
      std::swap(previous, packed);
    }
  }
  return {buffer.data(), filtered_size};
}

PngEncoder::Strip PngEncoder::EncodeStrip(std::span<const uint8_t> pixels, int strip) const {
  StripScratch& scratch = Scratch();
  const std::span<const uint8_t> filtered = FilterStrip(pixels, strip, scratch.filtered);
  const uint8_t* bytes = filtered.data();
  const size_t size = filtered.size();
  // Views are copied (red boxes): segments, and a code for every symbol that a copy's changed
  // segments may need. Masks are not: one segment, codes for the symbols used.
  const bool copyable = layout_ == PngPixels::kRgb;
  const size_t segment = copyable ? kSegmentBytes : std::max<size_t>(size, 1);
  // The runs (position << 9 | length); the bytes between are literals. Frequencies by
  // deflate symbol.
  const auto& length_codes = LengthCodes();
  uint64_t* const runs = GrownTo(scratch.runs, size / kMinRun + 1);
  size_t run_count = 0;
  std::array<uint32_t, kLiteralCodes> freq{};
  for (size_t begin = 0; begin < size; begin += segment) {
    size_t position = begin;
    ForEachSymbol(
        bytes, begin, std::min(size, begin + segment),
        [&](uint8_t byte) {
          ++freq[byte];
          ++position;
        },
        [&](int run) {
          ++freq[length_codes[run].symbol];
          runs[run_count++] = uint64_t(position) << 9 | uint64_t(run);
          position += size_t(run);
        });
  }
  if (copyable) {
    for (uint32_t& f : freq) f = std::max<uint32_t>(f, 1);
  }
  uint8_t* const start = DeflateBuffer(size, scratch);
  BitWriter bits(start);
  auto codes = std::make_shared<PngSymbolCodes>(WriteCodes(freq, bits));
  const auto put_literals = [&](size_t from, size_t to) {
    for (; from < to; ++from) bits.Put(codes->bits[bytes[from]], codes->bit_count[bytes[from]]);
  };
  Strip result;
  size_t next = 0, run = 0;
  for (size_t begin = 0; begin < size; begin += segment) {
    const size_t end = std::min(size, begin + segment);
    if (copyable) result.segment_bits.push_back(uint32_t(bits.position()));
    for (; run < run_count && (runs[run] >> 9) < end; ++run) {
      const size_t run_position = runs[run] >> 9, length = runs[run] & 0x1ff;
      put_literals(next, run_position);
      bits.Put(codes->bits[256 + length], codes->bit_count[256 + length]);
      next = run_position + length;
    }
    put_literals(next, end);
    next = end;
  }
  if (copyable) result.segment_bits.push_back(uint32_t(bits.position()));
  const uint8_t* end = EndBlock(*codes, bits);
  result.chunk = Chunk("IDAT", std::string_view(reinterpret_cast<const char*>(start), size_t(end - start)));
  result.adler = Adler32(filtered);
  result.filtered_size = size;
  if (copyable) result.codes = std::move(codes);
  return result;
}

PngEncoder::Strip PngEncoder::EncodeCopyStrip(std::span<const uint8_t> other, int strip) const {
  const Strip& own = strips_[strip];
  StripScratch& scratch = Scratch();
  const std::span<const uint8_t> filtered = FilterStrip(other, strip, scratch.filtered);
  const std::span<const uint8_t> original = FilterStrip(pixels_, strip, scratch.original);
  // The own strip's deflate data, after the chunk's length and type.
  const uint8_t* own_bits = reinterpret_cast<const uint8_t*>(own.chunk.data()) + 8;
  const size_t own_size = own.chunk.size() - 12;
  const size_t size = filtered.size();
  uint8_t* const start = DeflateBuffer(size, scratch);
  BitWriter bits(start);
  bits.Copy(own_bits, own_size, 0, own.segment_bits[0]);  // the header: the same codes
  // Own bits [copy_begin, copy_end) of equal segments, copied in one go before a changed one.
  uint64_t copy_begin = 0, copy_end = 0;
  for (size_t segment = 0, begin = 0; begin < size; ++segment, begin += kSegmentBytes) {
    const size_t end = std::min(size, begin + kSegmentBytes);
    // A segment's symbols depend on its bytes and the byte before it.
    const size_t from = begin > 0 ? begin - 1 : 0;
    if (std::memcmp(filtered.data() + from, original.data() + from, end - from) == 0) {
      if (copy_end != own.segment_bits[segment]) {
        bits.Copy(own_bits, own_size, copy_begin, copy_end);
        copy_begin = own.segment_bits[segment];
      }
      copy_end = own.segment_bits[segment + 1];
    } else {
      bits.Copy(own_bits, own_size, copy_begin, copy_end);
      copy_begin = copy_end = 0;
      own.codes->Put(bits, filtered.data(), begin, end);
    }
  }
  bits.Copy(own_bits, own_size, copy_begin, copy_end);
  const uint8_t* end = EndBlock(*own.codes, bits);
  Strip result;
  result.chunk = Chunk("IDAT", std::string_view(reinterpret_cast<const char*>(start), size_t(end - start)));
  result.adler = Adler32(filtered);
  result.filtered_size = size;
  return result;
}

std::string PngEncoder::Assemble(const std::vector<const Strip*>& strips) const {
  std::string header;
  AppendBigEndian(header, uint32_t(width_));
  AppendBigEndian(header, uint32_t(height_));
  const bool rgb = layout_ == PngPixels::kRgb;
  header += char(rgb ? 8 : 1);  // bit depth
  header += char(rgb ? 2 : 0);  // colour type: RGB, grayscale
  header.append(3, '\0');       // deflate, adaptive filtering, no interlace
  size_t size = 8 + 25 + 14 + 18 + 12;
  for (const Strip* strip : strips) size += strip->chunk.size();
  std::string file;
  file.reserve(size);
  file.append("\x89PNG\r\n\x1a\n", 8);
  file += Chunk("IHDR", header);
  file += Chunk("IDAT", std::string_view("\x78\x01", 2));  // zlib header: deflate, 32 KiB window
  uint32_t adler = 1;
  for (const Strip* strip : strips) {
    file += strip->chunk;
    adler = uint32_t(adler32_combine(adler, strip->adler, z_off_t(strip->filtered_size)));
  }
  // An empty final block (fixed codes: the end-of-block code alone), then the Adler-32.
  std::string tail("\x03\x00", 2);
  AppendBigEndian(tail, adler);
  file += Chunk("IDAT", tail);
  file += Chunk("IEND", {});
  return file;
}

std::string PngEncoder::File() const {
  std::vector<const Strip*> strips;
  for (const Strip& strip : strips_) strips.push_back(&strip);
  return Assemble(strips);
}

std::string PngEncoder::FileOf(std::span<const uint8_t> other) const {
  if (other.size() != pixels_.size()) {
    throw std::invalid_argument("PngEncoder::FileOf: " + std::to_string(other.size()) + " bytes, the image has " +
                                std::to_string(pixels_.size()));
  }
  std::vector<Strip> fresh;
  fresh.reserve(strips_.size());
  std::vector<const Strip*> strips;
  for (int strip = 0; strip < int(strips_.size()); ++strip) {
    // The filter reads the row above the strip too.
    const int j0 = std::max(0, strip * rows_per_strip_ - 1), j1 = std::min(height_, (strip + 1) * rows_per_strip_);
    const size_t begin = size_t(j0) * row_bytes_, length = size_t(j1 - j0) * row_bytes_;
    if (std::memcmp(other.data() + begin, pixels_.data() + begin, length) == 0) {
      strips.push_back(&strips_[strip]);
    } else {
      fresh.push_back(layout_ == PngPixels::kRgb ? EncodeCopyStrip(other, strip) : EncodeStrip(other, strip));
      strips.push_back(&fresh.back());
    }
  }
  return Assemble(strips);
}

}  // namespace spatialgen
