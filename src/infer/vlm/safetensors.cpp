#include "infer/vlm/safetensors.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <set>

#include "core/atomic_file.h"
#include "core/error.h"
#include "infer/vlm/vlm_maths.h"

namespace spatialgen::vlm {
namespace {

using Json = nlohmann::json;
namespace fs = std::filesystem;

// The header may not exceed this (the format's own reference reader uses 100 MB).
constexpr uint64_t kMaxHeaderBytes = 100'000'000;

InputError FileError(const fs::path& file, const std::string& tensor, const std::string& message) {
  return InputError(ErrorLocation{file.string(), "", tensor}, message);
}

DType ParseDType(const std::string& name) {
  if (name == "F32") return DType::kF32;
  if (name == "F16") return DType::kF16;
  if (name == "BF16") return DType::kBF16;
  if (name == "I64") return DType::kI64;
  if (name == "I32") return DType::kI32;
  return DType::kOther;
}

std::string PyTorchConversionHint(const fs::path& folder) {
  return fmt::format(
      "{} holds PyTorch weights (.bin/.pt), which spatialgen does not read (unpickling runs "
      "code); convert them to safetensors once, e.g. with Python: `import torch; from "
      "safetensors.torch import save_file; sd = torch.load('pytorch_model.bin', "
      "map_location='cpu'); save_file({{k: v.contiguous() for k, v in sd.items()}}, "
      "'model.safetensors', metadata={{'format': 'pt'}})` for each shard (and rename the index "
      "to model.safetensors.index.json with .bin replaced by .safetensors), or with "
      "transformers: `AutoModel.from_pretrained(dir).save_pretrained(out, "
      "safe_serialization=True)`; see docs/inference.md",
      folder.string());
}

}  // namespace

std::string DTypeName(DType dtype) {
  switch (dtype) {
    case DType::kF32: return "F32";
    case DType::kF16: return "F16";
    case DType::kBF16: return "BF16";
    case DType::kI64: return "I64";
    case DType::kI32: return "I32";
    case DType::kOther: break;
  }
  return "other";
}

int DTypeSize(DType dtype) {
  switch (dtype) {
    case DType::kF32: case DType::kI32: return 4;
    case DType::kF16: case DType::kBF16: return 2;
    case DType::kI64: return 8;
    case DType::kOther: break;
  }
  return 0;
}

int64_t TensorView::elements() const {
  int64_t count = 1;
  for (int64_t d : shape) count *= d;
  return count;
}

std::string TensorView::ShapeText() const { return fmt::format("[{}]", fmt::join(shape, ", ")); }

SafetensorsFile::SafetensorsFile(const fs::path& path) : path_(path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw FileError(path, "", std::string("cannot open: ") + std::strerror(errno));
  struct stat info {};
  if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
    ::close(fd);
    throw FileError(path, "", "not a regular file");
  }
  size_ = size_t(info.st_size);
  if (size_ < 8) {
    ::close(fd);
    throw FileError(path, "", fmt::format("truncated: {} bytes, shorter than the 8-byte header size", size_));
  }
  mapping_ = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd, 0);
  ::close(fd);
  if (mapping_ == MAP_FAILED) {
    mapping_ = nullptr;
    throw FileError(path, "", std::string("cannot memory-map: ") + std::strerror(errno));
  }
  try {
    const auto* bytes = static_cast<const uint8_t*>(mapping_);
    uint64_t header_size = 0;
    for (int i = 7; i >= 0; --i) header_size = (header_size << 8) | bytes[i];
    if (header_size > kMaxHeaderBytes) {
      throw FileError(path, "", fmt::format("header size {} is implausible: not a safetensors file", header_size));
    }
    if (8 + header_size > size_) {
      throw FileError(path, "", fmt::format("truncated: the header needs {} bytes, the file has {}",
                                            8 + header_size, size_));
    }
    const Json header = Json::parse(bytes + 8, bytes + 8 + header_size, nullptr, false);
    if (header.is_discarded() || !header.is_object()) {
      throw FileError(path, "", "the header is not a JSON object: not a safetensors file");
    }
    const size_t data_start = 8 + header_size;
    const size_t data_size = size_ - data_start;
    for (const auto& [name, entry] : header.items()) {
      if (name == "__metadata__") continue;
      if (!entry.is_object() || !entry.contains("dtype") || !entry["dtype"].is_string() ||
          !entry.contains("shape") || !entry["shape"].is_array() || !entry.contains("data_offsets") ||
          !entry["data_offsets"].is_array() || entry["data_offsets"].size() != 2) {
        throw FileError(path, name, "header entry lacks dtype, shape or data_offsets");
      }
      TensorView view;
      view.name = name;
      view.file = path;
      view.dtype_name = entry["dtype"].get<std::string>();
      view.dtype = ParseDType(view.dtype_name);
      for (const Json& d : entry["shape"]) {
        if (!d.is_number_integer() || d.get<int64_t>() < 0) throw FileError(path, name, "shape has a non-integer or negative size");
        view.shape.push_back(d.get<int64_t>());
      }
      const Json& offsets = entry["data_offsets"];
      if (!offsets[0].is_number_unsigned() || !offsets[1].is_number_unsigned()) {
        throw FileError(path, name, "data_offsets are not non-negative integers");
      }
      const uint64_t begin = offsets[0].get<uint64_t>(), end = offsets[1].get<uint64_t>();
      if (end < begin) throw FileError(path, name, fmt::format("data_offsets [{}, {}] end before they begin", begin, end));
      if (end > data_size) {
        throw FileError(path, name,
                        fmt::format("truncated: data ends at byte {} of the data section, which has {} bytes",
                                    end, data_size));
      }
      view.bytes = size_t(end - begin);
      if (view.dtype != DType::kOther && uint64_t(view.elements()) * DTypeSize(view.dtype) != view.bytes) {
        throw FileError(path, name,
                        fmt::format("{} {} needs {} bytes but data_offsets span {}", view.dtype_name,
                                    view.ShapeText(), view.elements() * DTypeSize(view.dtype), view.bytes));
      }
      view.data = bytes + data_start + begin;
      tensors_.emplace(name, std::move(view));
    }
  } catch (...) {
    ::munmap(mapping_, size_);
    mapping_ = nullptr;
    throw;
  }
}

SafetensorsFile::~SafetensorsFile() {
  if (mapping_) ::munmap(mapping_, size_);
}

const TensorView* SafetensorsFile::Find(const std::string& name) const {
  const auto it = tensors_.find(name);
  return it == tensors_.end() ? nullptr : &it->second;
}

Checkpoint::Checkpoint(const fs::path& folder) : folder_(folder) {
  std::error_code ec;
  if (!fs::is_directory(folder, ec)) throw FileError(folder, "", "no such model folder");
  const fs::path index_path = folder / "model.safetensors.index.json";
  std::vector<fs::path> shard_paths;
  Json weight_map;
  if (fs::exists(index_path, ec)) {
    std::ifstream stream(index_path);
    const Json index = Json::parse(stream, nullptr, false);
    if (index.is_discarded() || !index.is_object() || !index.contains("weight_map") ||
        !index["weight_map"].is_object()) {
      throw FileError(index_path, "weight_map", "not a safetensors index (a JSON object with a weight_map)");
    }
    weight_map = index["weight_map"];
    std::set<std::string> names;
    for (const auto& [tensor, file] : weight_map.items()) {
      if (!file.is_string()) throw FileError(index_path, "weight_map." + tensor, "is not a file name");
      names.insert(file.get<std::string>());
    }
    for (const std::string& name : names) shard_paths.push_back(folder / name);
  } else {
    bool pytorch = false;
    for (const auto& entry : fs::directory_iterator(folder, ec)) {
      const std::string extension = entry.path().extension().string();
      if (extension == ".safetensors") shard_paths.push_back(entry.path());
      if (extension == ".bin" || extension == ".pt" || extension == ".pth") pytorch = true;
    }
    std::sort(shard_paths.begin(), shard_paths.end());
    if (shard_paths.empty() && pytorch) throw FileError(folder, "", PyTorchConversionHint(folder));
    if (shard_paths.empty()) throw FileError(folder, "", "no *.safetensors weights in the model folder");
  }
  for (const fs::path& path : shard_paths) {
    if (!fs::exists(path, ec)) {
      const bool pytorch = path.extension() == ".bin";
      throw FileError(index_path, "", pytorch ? PyTorchConversionHint(folder)
                                              : "lists shard " + path.filename().string() + ", which is missing");
    }
    files_.push_back(std::make_unique<SafetensorsFile>(path));
  }
  for (const auto& file : files_) {
    for (const auto& [name, view] : file->tensors()) {
      const auto [it, added] = tensors_.emplace(name, &view);
      if (!added) {
        throw FileError(file->path(), name, "also in " + it->second->file.filename().string() +
                                                ": a tensor may be in one shard only");
      }
    }
  }
  for (const auto& [tensor, file] : weight_map.items()) {
    const TensorView* view = Find(tensor);
    const fs::path shard = folder / file.get<std::string>();
    if (view == nullptr || view->file != shard) {
      throw FileError(shard, tensor, "model.safetensors.index.json puts this tensor here, but the file lacks it");
    }
  }
}

const TensorView* Checkpoint::Find(const std::string& name) const {
  const auto it = tensors_.find(name);
  return it == tensors_.end() ? nullptr : it->second;
}

const TensorView& Checkpoint::Require(const std::string& name, const std::vector<int64_t>& shape,
                                      const std::string& why) const {
  const TensorView* view = Find(name);
  const std::string expected = fmt::format("[{}]", fmt::join(shape, ", "));
  if (view == nullptr) {
    throw FileError(folder_, name, fmt::format("missing tensor (expected shape {}{})", expected,
                                               why.empty() ? "" : ", from " + why));
  }
  if (view->dtype != DType::kF32 && view->dtype != DType::kF16 && view->dtype != DType::kBF16) {
    throw FileError(view->file, name, "dtype " + view->dtype_name + ": expected BF16, F16 or F32");
  }
  if (view->shape != shape) {
    throw FileError(view->file, name, fmt::format("shape {}, expected {}{}", view->ShapeText(), expected,
                                                  why.empty() ? "" : " (from " + why + ")"));
  }
  return *view;
}

std::vector<std::string> Checkpoint::Names() const {
  std::vector<std::string> names;
  for (const auto& [name, view] : tensors_) names.push_back(name);
  return names;
}

bool Checkpoint::HasPrefix(const std::string& prefix) const {
  const auto it = tensors_.lower_bound(prefix);
  return it != tensors_.end() && it->first.starts_with(prefix);
}

void WriteSafetensors(const fs::path& path, const std::map<std::string, TensorData>& tensors,
                      const std::map<std::string, std::string>& metadata) {
  Json header = Json::object();
  if (!metadata.empty()) header["__metadata__"] = metadata;
  size_t offset = 0;
  for (const auto& [name, tensor] : tensors) {
    header[name] = {{"dtype", DTypeName(tensor.dtype)},
                    {"shape", tensor.shape},
                    {"data_offsets", {offset, offset + tensor.bytes.size()}}};
    offset += tensor.bytes.size();
  }
  std::string text = header.dump();
  text.append((8 - text.size() % 8) % 8, ' ');
  std::string bytes(8, '\0');
  for (int i = 0; i < 8; ++i) bytes[i] = char((uint64_t(text.size()) >> (8 * i)) & 0xff);
  bytes.reserve(8 + text.size() + offset);
  bytes += text;
  for (const auto& [name, tensor] : tensors) bytes += tensor.bytes;
  WriteFileAtomic(path, bytes);
}

std::string EncodeFloats(const float* values, size_t count, DType dtype) {
  std::string bytes(count * DTypeSize(dtype), '\0');
  for (size_t i = 0; i < count; ++i) {
    if (dtype == DType::kF32) {
      std::memcpy(bytes.data() + 4 * i, &values[i], 4);
    } else {
      const uint16_t half = dtype == DType::kBF16 ? FloatToBf16(values[i]) : FloatToFp16(values[i]);
      std::memcpy(bytes.data() + 2 * i, &half, 2);
    }
  }
  return bytes;
}

void ConvertToFloat(const TensorView& tensor, size_t first, size_t count, float* out) {
  const uint8_t* data = tensor.data;
  switch (tensor.dtype) {
    case DType::kF32:
      std::memcpy(out, data + 4 * first, 4 * count);
      return;
    case DType::kBF16:
      for (size_t i = 0; i < count; ++i) {
        uint16_t bits;
        std::memcpy(&bits, data + 2 * (first + i), 2);
        out[i] = Bf16ToFloat(bits);
      }
      return;
    case DType::kF16:
      for (size_t i = 0; i < count; ++i) {
        uint16_t bits;
        std::memcpy(&bits, data + 2 * (first + i), 2);
        out[i] = Fp16ToFloat(bits);
      }
      return;
    default:
      throw FileError(tensor.file, tensor.name, "dtype " + tensor.dtype_name + " is not a float type");
  }
}

std::vector<float> ToFloats(const TensorView& tensor) {
  std::vector<float> values(size_t(tensor.elements()));
  ConvertToFloat(tensor, 0, values.size(), values.data());
  return values;
}

}  // namespace spatialgen::vlm
