#pragma once
// Reading and writing safetensors checkpoints: one file (an 8-byte little-endian header size,
// a JSON header of {name: {dtype, shape, data_offsets}}, the packed data), or a folder of
// shards listed by model.safetensors.index.json. Files are memory-mapped, never read whole.
// Every problem (a truncated file, a header that does not parse, offsets that do not match
// the shape, a tensor the index promises but the shard lacks) is an InputError naming the file
// and the tensor.
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace spatialgen::vlm {

enum class DType { kF32, kF16, kBF16, kI64, kI32, kOther };

// "F32", "F16", "BF16", "I64", "I32"; the header's own spelling for kOther.
std::string DTypeName(DType dtype);
int DTypeSize(DType dtype);  // bytes per element (0 for kOther)

// One tensor of a mapped file. `data` points into the mapping (possibly unaligned).
struct TensorView {
  std::string name;
  std::filesystem::path file;
  DType dtype = DType::kOther;
  std::string dtype_name;  // as the header spells it
  std::vector<int64_t> shape;
  const uint8_t* data = nullptr;
  size_t bytes = 0;

  int64_t elements() const;
  std::string ShapeText() const;  // "[4096, 11008]"
};

// A memory-mapped safetensors file.
class SafetensorsFile {
 public:
  // Maps and validates `path`. Throws InputError naming the file (and the tensor) when it is
  // missing, truncated, or its header is malformed or inconsistent.
  explicit SafetensorsFile(const std::filesystem::path& path);
  ~SafetensorsFile();
  SafetensorsFile(const SafetensorsFile&) = delete;
  SafetensorsFile& operator=(const SafetensorsFile&) = delete;

  const std::filesystem::path& path() const { return path_; }
  const std::map<std::string, TensorView>& tensors() const { return tensors_; }
  const TensorView* Find(const std::string& name) const;

 private:
  std::filesystem::path path_;
  void* mapping_ = nullptr;
  size_t size_ = 0;
  std::map<std::string, TensorView> tensors_;
};

// The tensors of a model folder: model.safetensors.index.json and its shards when the index is
// there, else every *.safetensors file of the folder. A folder with only PyTorch .bin/.pt
// weights is refused with an error that says how to convert it.
class Checkpoint {
 public:
  explicit Checkpoint(const std::filesystem::path& folder);

  const std::filesystem::path& folder() const { return folder_; }
  const TensorView* Find(const std::string& name) const;
  // The tensor, checked: present, a float type (F32, F16, BF16), and of `shape`. Throws
  // InputError naming the file (or the folder, when missing) and the tensor; `why` says where
  // the expected shape comes from ("config.json hidden_size = 64").
  const TensorView& Require(const std::string& name, const std::vector<int64_t>& shape,
                            const std::string& why = "") const;
  // Every tensor name, sorted.
  std::vector<std::string> Names() const;
  // True when some tensor name starts with `prefix`.
  bool HasPrefix(const std::string& prefix) const;

 private:
  std::filesystem::path folder_;
  std::vector<std::unique_ptr<SafetensorsFile>> files_;
  std::map<std::string, const TensorView*> tensors_;
};

// A tensor to write: its dtype, shape and raw little-endian bytes.
struct TensorData {
  DType dtype = DType::kF32;
  std::vector<int64_t> shape;
  std::string bytes;
};

// Writes a safetensors file atomically (names sorted, data packed in that order, the header
// padded to 8 bytes). Throws std::runtime_error naming the path when it cannot be written.
void WriteSafetensors(const std::filesystem::path& path, const std::map<std::string, TensorData>& tensors,
                      const std::map<std::string, std::string>& metadata = {});

// The raw bytes of float values in `dtype` (F32, F16 via round-to-nearest-even, BF16).
std::string EncodeFloats(const float* values, size_t count, DType dtype);

// The values of a float tensor (F32, F16 or BF16) as float32.
std::vector<float> ToFloats(const TensorView& tensor);
// Converts `count` elements starting at element `first` into `out`.
void ConvertToFloat(const TensorView& tensor, size_t first, size_t count, float* out);

}  // namespace spatialgen::vlm
