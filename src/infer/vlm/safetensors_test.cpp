// The safetensors reader and writer, and every malformed-checkpoint case: each is an error that
// names the file and the tensor or field.
#include "infer/vlm/safetensors.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "core/atomic_file.h"
#include "core/error.h"
#include "infer/vlm/llava_model.h"
#include "infer/vlm/vlm_test_data.h"

namespace spatialgen::vlm {
namespace {

namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::HasSubstr;
using testing::FreshDir;

TensorData Floats(std::vector<float> values, std::vector<int64_t> shape, DType dtype) {
  return {dtype, std::move(shape), EncodeFloats(values.data(), values.size(), dtype)};
}

std::map<std::string, TensorData> SmallTensors() {
  std::map<std::string, TensorData> tensors;
  tensors["a.weight"] = Floats({1, -2, 3.5f, 0, 1e-3f, 65504}, {2, 3}, DType::kF32);
  tensors["b.bias"] = Floats({1, -2.5f, 0.15625f}, {3}, DType::kBF16);
  tensors["c"] = Floats({0.5f, -1, 2, 1024}, {2, 2}, DType::kF16);
  int64_t ids[2] = {7, -1};
  tensors["ids"] = {DType::kI64, {2}, std::string(reinterpret_cast<const char*>(ids), sizeof ids)};
  return tensors;
}

// The error message of `f`, or "" when it does not throw InputError.
template <typename F>
std::string ErrorOf(F f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

std::string ReadBytes(const fs::path& path) {
  std::ifstream stream(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(stream), {});
}

TEST(SafetensorsTest, WritesAndReadsEveryDType) {
  const fs::path file = FreshDir("roundtrip") / "m.safetensors";
  WriteSafetensors(file, SmallTensors(), {{"format", "pt"}});
  const SafetensorsFile read(file);
  ASSERT_EQ(read.tensors().size(), 4u);
  const TensorView& a = *read.Find("a.weight");
  EXPECT_EQ(a.dtype, DType::kF32);
  EXPECT_EQ(a.ShapeText(), "[2, 3]");
  EXPECT_EQ(ToFloats(a), (std::vector<float>{1, -2, 3.5f, 0, 1e-3f, 65504}));
  EXPECT_EQ(ToFloats(*read.Find("b.bias")), (std::vector<float>{1, -2.5f, 0.15625f}));  // exact in bf16
  EXPECT_EQ(ToFloats(*read.Find("c")), (std::vector<float>{0.5f, -1, 2, 1024}));        // exact in fp16
  EXPECT_EQ(read.Find("ids")->dtype, DType::kI64);
  // The header is padded to a multiple of 8, so the data starts aligned.
  const std::string bytes = ReadBytes(file);
  EXPECT_EQ(uint8_t(bytes[0]) % 8, 0);
}

TEST(SafetensorsTest, TruncatedAndMalformedFilesNameTheFileAndTensor) {
  const fs::path dir = FreshDir("malformed");
  const fs::path good = dir / "good.safetensors";
  WriteSafetensors(good, SmallTensors());
  const std::string bytes = ReadBytes(good);

  const fs::path cut = dir / "cut.safetensors";
  WriteFileAtomic(cut, bytes.substr(0, bytes.size() - 1));  // the last tensor ("ids") loses a byte
  EXPECT_THAT(ErrorOf([&] { SafetensorsFile f(cut); }),
              AllOf(HasSubstr(cut.string()), HasSubstr("ids"), HasSubstr("truncated")));

  const fs::path tiny = dir / "tiny.safetensors";
  WriteFileAtomic(tiny, bytes.substr(0, 5));
  EXPECT_THAT(ErrorOf([&] { SafetensorsFile f(tiny); }), AllOf(HasSubstr(tiny.string()), HasSubstr("truncated")));

  const fs::path header_cut = dir / "header_cut.safetensors";
  WriteFileAtomic(header_cut, bytes.substr(0, 20));
  EXPECT_THAT(ErrorOf([&] { SafetensorsFile f(header_cut); }), HasSubstr("truncated: the header needs"));

  const fs::path not_json = dir / "not_json.safetensors";
  std::string garbage = std::string("\x08\0\0\0\0\0\0\0", 8) + "{\"a\": 1";
  garbage.resize(16, ' ');
  WriteFileAtomic(not_json, garbage);
  EXPECT_THAT(ErrorOf([&] { SafetensorsFile f(not_json); }), HasSubstr("not a JSON object"));

  // Offsets that do not span the shape's bytes.
  const fs::path inconsistent = dir / "inconsistent.safetensors";
  std::string header = R"({"w":{"dtype":"F32","shape":[2,2],"data_offsets":[0,12]}})";
  header.append((8 - header.size() % 8) % 8, ' ');
  std::string file(8, '\0');
  file[0] = char(header.size());
  WriteFileAtomic(inconsistent, file + header + std::string(12, '\0'));
  EXPECT_THAT(ErrorOf([&] { SafetensorsFile f(inconsistent); }),
              AllOf(HasSubstr(inconsistent.string()), HasSubstr("w: F32 [2, 2] needs 16 bytes but data_offsets span 12")));
}

TEST(SafetensorsTest, CheckpointRequireChecksPresenceDTypeAndShape) {
  const fs::path dir = FreshDir("require");
  WriteSafetensors(dir / "model.safetensors", SmallTensors());
  const Checkpoint checkpoint(dir);
  EXPECT_EQ(checkpoint.Require("a.weight", {2, 3}).dtype, DType::kF32);
  EXPECT_THAT(ErrorOf([&] { checkpoint.Require("nope.weight", {4}, "config.json hidden_size"); }),
              AllOf(HasSubstr(dir.string()), HasSubstr("nope.weight"), HasSubstr("missing tensor"),
                    HasSubstr("config.json hidden_size")));
  EXPECT_THAT(ErrorOf([&] { checkpoint.Require("a.weight", {3, 2}); }),
              AllOf(HasSubstr("model.safetensors"), HasSubstr("a.weight"), HasSubstr("shape [2, 3], expected [3, 2]")));
  EXPECT_THAT(ErrorOf([&] { checkpoint.Require("ids", {2}); }),
              AllOf(HasSubstr("ids"), HasSubstr("dtype I64: expected BF16, F16 or F32")));
}

TEST(SafetensorsTest, PyTorchBinCheckpointsAreRefusedWithHowToConvert) {
  const fs::path dir = FreshDir("pytorch");
  WriteFileAtomic(dir / "pytorch_model.bin", "not read");
  EXPECT_THAT(ErrorOf([&] { Checkpoint c(dir); }),
              AllOf(HasSubstr(dir.string()), HasSubstr("PyTorch"), HasSubstr("save_file"), HasSubstr("safetensors")));
  const fs::path empty = FreshDir("no_weights");
  EXPECT_THAT(ErrorOf([&] { Checkpoint c(empty); }), HasSubstr("no *.safetensors"));
}

TEST(SafetensorsTest, ShardIndexMustMatchTheShards) {
  const fs::path dir = FreshDir("index");
  std::map<std::string, TensorData> first = SmallTensors(), second;
  second["d"] = first.extract("c").mapped();
  WriteSafetensors(dir / "part-1.safetensors", first);
  WriteSafetensors(dir / "part-2.safetensors", second);
  nlohmann::json index = {{"weight_map", {{"a.weight", "part-1.safetensors"}, {"b.bias", "part-1.safetensors"},
                                          {"ids", "part-1.safetensors"}, {"d", "part-2.safetensors"}}}};
  WriteFileAtomic(dir / "model.safetensors.index.json", index.dump());
  const Checkpoint checkpoint(dir);
  EXPECT_EQ(checkpoint.Names().size(), 4u);
  EXPECT_EQ(checkpoint.Find("d")->file, dir / "part-2.safetensors");

  index["weight_map"]["e"] = "part-3.safetensors";
  WriteFileAtomic(dir / "model.safetensors.index.json", index.dump());
  EXPECT_THAT(ErrorOf([&] { Checkpoint c(dir); }), AllOf(HasSubstr("part-3.safetensors"), HasSubstr("missing")));

  index["weight_map"].erase("e");
  index["weight_map"]["a.weight"] = "part-2.safetensors";
  WriteFileAtomic(dir / "model.safetensors.index.json", index.dump());
  EXPECT_THAT(ErrorOf([&] { Checkpoint c(dir); }),
              AllOf(HasSubstr("part-2.safetensors"), HasSubstr("a.weight"), HasSubstr("the file lacks it")));
}

// ------------------------------------------------------------------ the model's checks

// A copy of the tiny model whose shards are rewritten by `edit`.
fs::path EditedModel(const std::string& name,
                     const std::function<void(std::map<std::string, TensorData>&)>& edit) {
  const fs::path dir = FreshDir(name) / "tiny-llava";
  testing::CopyFolder(testing::TinyLlavaDir(), dir);
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".safetensors") continue;
    std::map<std::string, TensorData> tensors;
    {
      const SafetensorsFile file(entry.path());
      for (const auto& [tensor, view] : file.tensors()) {
        tensors[tensor] = {view.dtype, view.shape, std::string(reinterpret_cast<const char*>(view.data), view.bytes)};
      }
    }
    edit(tensors);
    WriteSafetensors(entry.path(), tensors);
  }
  return dir;
}

std::string LoadError(const fs::path& model_dir) {
  ModelOptions options = testing::TinyOptions();
  options.model_dir = model_dir;
  return ErrorOf([&] { LlavaModel model(options); });
}

void EditConfig(const fs::path& file, const std::string& key, const nlohmann::json& value) {
  nlohmann::json config = nlohmann::json::parse(std::ifstream(file));
  config[key] = value;
  WriteFileAtomic(file, config.dump(2));
}

TEST(MalformedCheckpointTest, MissingTensorNamesIt) {
  const fs::path dir = EditedModel("missing_tensor", [](auto& t) { t.erase("model.layers.1.mlp.up_proj.weight"); });
  // The index still lists it: the shard is named as lacking it.
  EXPECT_THAT(LoadError(dir), AllOf(HasSubstr("model.layers.1.mlp.up_proj.weight"), HasSubstr("safetensors")));
  fs::remove(dir / "model.safetensors.index.json");
  EXPECT_THAT(LoadError(dir), AllOf(HasSubstr(dir.string()), HasSubstr("model.layers.1.mlp.up_proj.weight"),
                                    HasSubstr("missing tensor")));
}

TEST(MalformedCheckpointTest, WrongShapeAndDTypeNameFileAndTensor) {
  const fs::path shape = EditedModel("wrong_shape", [](auto& t) {
    auto it = t.find("model.norm.weight");
    if (it != t.end()) {
      it->second.shape = {32};
      it->second.bytes.resize(64);
    }
  });
  EXPECT_THAT(LoadError(shape), AllOf(HasSubstr("model-0000"), HasSubstr("model.norm.weight"),
                                      HasSubstr("shape [32], expected [64]"), HasSubstr("config.json")));
  const fs::path dtype = EditedModel("wrong_dtype", [](auto& t) {
    auto it = t.find("model.norm.weight");
    if (it != t.end()) {
      it->second.dtype = DType::kI32;
      it->second.shape = {32};
    }
  });
  EXPECT_THAT(LoadError(dtype), AllOf(HasSubstr("model.norm.weight"), HasSubstr("dtype I32")));
}

TEST(MalformedCheckpointTest, TruncatedShardNamesIt) {
  const fs::path dir = FreshDir("truncated") / "tiny-llava";
  testing::CopyFolder(testing::TinyLlavaDir(), dir);
  const fs::path shard = dir / "model-00002-of-00002.safetensors";
  fs::resize_file(shard, fs::file_size(shard) - 100);
  EXPECT_THAT(LoadError(dir), AllOf(HasSubstr(shard.string()), HasSubstr("truncated")));
}

TEST(MalformedCheckpointTest, InconsistentConfigNamesTheField) {
  const fs::path dir = FreshDir("bad_config") / "tiny-llava";
  testing::CopyFolder(testing::TinyLlavaDir(), dir);
  EditConfig(dir / "config.json", "num_key_value_heads", 3);
  EXPECT_THAT(LoadError(dir), AllOf(HasSubstr("config.json"), HasSubstr("num_key_value_heads"),
                                    HasSubstr("3 does not divide num_attention_heads 4")));
  EditConfig(dir / "config.json", "num_key_value_heads", 2);
  EditConfig(dir / "config.json", "mm_hidden_size", 48);
  EXPECT_THAT(LoadError(dir), AllOf(HasSubstr("mm_hidden_size"), HasSubstr("hidden_size 32")));
  EditConfig(dir / "config.json", "mm_hidden_size", 32);
  EditConfig(dir / "config.json", "vocab_size", 100);  // fewer than the tokenizer's pieces
  EXPECT_THAT(LoadError(dir), AllOf(HasSubstr("vocab_size"), HasSubstr("tokenizer.model has 320 pieces")));
  EditConfig(dir / "config.json", "vocab_size", 400);  // more than the tensors hold
  EXPECT_THAT(LoadError(dir), AllOf(HasSubstr("model.embed_tokens.weight"), HasSubstr("expected [400, 64]")));
  EditConfig(dir / "config.json", "vocab_size", 320);
  EditConfig(dir / "config.json", "mm_projector_type", "qformer");
  EXPECT_THAT(LoadError(dir), AllOf(HasSubstr("mm_projector_type"), HasSubstr("qformer")));
  EditConfig(dir / "config.json", "mm_projector_type", "mlp2x_gelu");
  fs::remove(dir / "tokenizer.model");
  EXPECT_THAT(LoadError(dir), AllOf(HasSubstr("tokenizer.model"), HasSubstr("missing")));
}

TEST(MalformedCheckpointTest, VisionTowerMustBeGivenWhenNotLocal) {
  ModelOptions options = testing::TinyOptions();
  options.vision_tower.clear();  // config.json names "tiny-clip", which is not beside the model
  EXPECT_THAT(ErrorOf([&] { LlavaModel model(options); }),
              AllOf(HasSubstr("mm_vision_tower"), HasSubstr("--vision-tower")));
}

}  // namespace
}  // namespace spatialgen::vlm
