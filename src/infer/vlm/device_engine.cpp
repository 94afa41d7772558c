#include "infer/vlm/device_engine.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <stdexcept>

namespace spatialgen::vlm {
namespace {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Workspace slices start on 256-byte boundaries (vector loads, cuBLAS).
size_t Aligned(size_t count) { return (count + 127) / 128 * 128; }

// Rows of a checkpoint matrix into `to` starting at row `first_row`, converted a block at a time.
void UploadMatrix(VlmDevice& device, const WeightMatrix& matrix, const DeviceSpan& to, size_t first_row, int cols) {
  if (matrix.cols != cols) {
    throw std::runtime_error(fmt::format("DeviceEngine: a weight has {} columns, expected {}", matrix.cols, cols));
  }
  std::vector<float> scratch;
  const int block = std::max(1, int((size_t(16) << 20) / size_t(std::max(cols, 1))));
  for (int first = 0; first < matrix.rows; first += block) {
    const int count = std::min(block, matrix.rows - first);
    const float* rows = matrix.Rows(first, count, scratch);
    device.Upload(to.Slice((first_row + first) * cols, size_t(count) * cols), rows, size_t(count) * cols);
  }
}

void UploadVector(VlmDevice& device, const std::vector<float>& values, const DeviceSpan& to) {
  if (values.size() != to.count) throw std::runtime_error("DeviceEngine: a weight vector has the wrong size");
  device.Upload(to, values.data(), values.size());
}

}  // namespace

std::string ComputeTypeName(ComputeType type) {
  switch (type) {
    case ComputeType::kFloat32: return "float32";
    case ComputeType::kBfloat16: return "bfloat16";
    case ComputeType::kFloat16: return "float16";
  }
  return "?";
}

void DeviceEngineOptions::Check() const {
  if (batch < 1 || batch > 4096) throw std::invalid_argument("DeviceEngineOptions.batch must be in [1, 4096]");
  if (max_pass_rows < batch) throw std::invalid_argument("DeviceEngineOptions.max_pass_rows must be >= batch");
  if (cache_positions < 0) throw std::invalid_argument("DeviceEngineOptions.cache_positions must be >= 0");
  if (!(cache_memory_fraction > 0 && cache_memory_fraction <= 1)) {
    throw std::invalid_argument("DeviceEngineOptions.cache_memory_fraction must be in (0, 1]");
  }
}

DeviceSpan DeviceEngine::Carver::F32(size_t count) {
  if (f32_used + count > f32.count) throw std::logic_error("DeviceEngine: float32 workspace overrun");
  const DeviceSpan span = f32.Slice(f32_used, count);
  f32_used += Aligned(count);
  return span;
}

DeviceSpan DeviceEngine::Carver::Compute(size_t count) {
  if (compute_used + count > compute.count) throw std::logic_error("DeviceEngine: compute workspace overrun");
  const DeviceSpan span = compute.Slice(compute_used, count);
  compute_used += Aligned(count);
  return span;
}

DeviceEngine::DeviceEngine(const LlavaConfig& config, std::unique_ptr<VlmDevice> device, DeviceEngineOptions options)
    : config_(config), device_(std::move(device)), options_(options) {
  options_.Check();
  if (!device_) throw std::invalid_argument("DeviceEngine: no device");
  const LlamaConfig& l = config_.llama;
  if (l.num_attention_heads % l.num_key_value_heads != 0 || l.head_dim() > 128 ||
      config_.vision.head_dim() > 128) {
    throw std::invalid_argument("DeviceEngine: head sizes above 128 or uneven key/value head groups");
  }
}

DeviceEngine::DeviceEngine(const LlavaConfig& config, const LlavaWeights& weights, std::unique_ptr<VlmDevice> device,
                           DeviceEngineOptions options)
    : DeviceEngine(config, std::move(device), options) {
  AllocateWeights();
  VlmDevice& d = *device_;
  const ClipWeights& clip = weights.clip;
  const int dv = config_.vision.hidden_size;
  UploadMatrix(d, clip.patch, patch_.w, 0, patch_.in);
  UploadVector(d, clip.class_embedding, class_embedding_);
  UploadVector(d, clip.position_embedding, position_embedding_);
  UploadVector(d, clip.pre_norm_weight, pre_norm_w_);
  UploadVector(d, clip.pre_norm_bias, pre_norm_b_);
  if (clip.layers.size() != vision_layers_.size()) throw std::runtime_error("DeviceEngine: vision layer count");
  for (size_t i = 0; i < vision_layers_.size(); ++i) {
    const ClipLayerWeights& from = clip.layers[i];
    VisionLayer& to = vision_layers_[i];
    UploadVector(d, from.norm1_weight, to.norm1_w);
    UploadVector(d, from.norm1_bias, to.norm1_b);
    UploadVector(d, from.norm2_weight, to.norm2_w);
    UploadVector(d, from.norm2_bias, to.norm2_b);
    UploadMatrix(d, from.q, to.qkv.w, 0, dv);
    UploadMatrix(d, from.k, to.qkv.w, dv, dv);
    UploadMatrix(d, from.v, to.qkv.w, 2 * size_t(dv), dv);
    UploadVector(d, from.q_bias, to.qkv.bias.Slice(0, dv));
    UploadVector(d, from.k_bias, to.qkv.bias.Slice(dv, dv));
    UploadVector(d, from.v_bias, to.qkv.bias.Slice(2 * size_t(dv), dv));
    UploadMatrix(d, from.out, to.out.w, 0, dv);
    UploadVector(d, from.out_bias, to.out.bias);
    UploadMatrix(d, from.fc1, to.fc1.w, 0, dv);
    UploadVector(d, from.fc1_bias, to.fc1.bias);
    UploadMatrix(d, from.fc2, to.fc2.w, 0, to.fc2.in);
    UploadVector(d, from.fc2_bias, to.fc2.bias);
  }
  if (weights.projector.linear.size() != projector_.size()) throw std::runtime_error("DeviceEngine: projector depth");
  for (size_t i = 0; i < projector_.size(); ++i) {
    UploadMatrix(d, weights.projector.linear[i], projector_[i].w, 0, projector_[i].in);
    UploadVector(d, weights.projector.bias[i], projector_[i].bias);
  }
  const LlamaWeights& llama = weights.llama;
  const int hidden = config_.llama.hidden_size;
  UploadMatrix(d, llama.embed_tokens, embed_tokens_, 0, hidden);
  UploadVector(d, llama.norm, final_norm_);
  UploadMatrix(d, llama.lm_head, lm_head_.w, 0, hidden);
  for (size_t i = 0; i < layers_.size(); ++i) {
    const LlamaLayerWeights& from = llama.layers[i];
    DecoderLayer& to = layers_[i];
    UploadVector(d, from.input_norm, to.input_norm);
    UploadVector(d, from.post_attention_norm, to.post_norm);
    UploadMatrix(d, from.q, to.qkv.w, 0, hidden);
    UploadMatrix(d, from.k, to.qkv.w, size_t(from.q.rows), hidden);
    UploadMatrix(d, from.v, to.qkv.w, size_t(from.q.rows) + from.k.rows, hidden);
    UploadMatrix(d, from.o, to.o.w, 0, to.o.in);
    UploadMatrix(d, from.gate, to.gate_up.w, 0, hidden);
    UploadMatrix(d, from.up, to.gate_up.w, size_t(from.gate.rows), hidden);
    UploadMatrix(d, from.down, to.down.w, 0, to.down.in);
  }
  AllocateRuntime();
}

DeviceEngine::DeviceEngine(const LlavaConfig& config, uint64_t seed, std::unique_ptr<VlmDevice> device,
                           DeviceEngineOptions options)
    : DeviceEngine(config, std::move(device), options) {
  AllocateWeights();
  VlmDevice& d = *device_;
  uint64_t stream = seed * 1000003;
  const auto random = [&](const DeviceSpan& span, float scale) { d.FillRandom(span, ++stream, scale); };
  const auto ones = [&](const DeviceSpan& span) {
    const std::vector<float> values(span.count, 1.0f);
    d.Upload(span, values.data(), values.size());
  };
  const auto linear = [&](const Linear& l) {
    random(l.w, 1.0f / std::sqrt(float(l.in)));
    if (!l.bias.empty()) random(l.bias, 0.02f);
  };
  linear(patch_);
  random(class_embedding_, 0.02f);
  random(position_embedding_, 0.02f);
  ones(pre_norm_w_);
  random(pre_norm_b_, 0.02f);
  for (const VisionLayer& layer : vision_layers_) {
    ones(layer.norm1_w);
    ones(layer.norm2_w);
    random(layer.norm1_b, 0.02f);
    random(layer.norm2_b, 0.02f);
    for (const Linear* l : {&layer.qkv, &layer.out, &layer.fc1, &layer.fc2}) linear(*l);
  }
  for (const Linear& l : projector_) linear(l);
  random(embed_tokens_, 1.0f);
  ones(final_norm_);
  linear(lm_head_);
  for (const DecoderLayer& layer : layers_) {
    ones(layer.input_norm);
    ones(layer.post_norm);
    for (const Linear* l : {&layer.qkv, &layer.o, &layer.gate_up, &layer.down}) linear(*l);
  }
  AllocateRuntime();
}

DeviceEngine::~DeviceEngine() {
  for (DeviceSpan& span : owned_) device_->Free(span);
}

DeviceSpan DeviceEngine::Own(size_t count, Elem elem) {
  owned_.push_back(device_->Allocate(count, elem));
  return owned_.back();
}

DeviceEngine::Linear DeviceEngine::OwnLinear(int out, int in, bool bias) {
  Linear l;
  l.out = out;
  l.in = in;
  l.w = Own(size_t(out) * in, Elem::kCompute);
  weight_bytes_ += l.w.count * l.w.elem_bytes;
  if (bias) {
    l.bias = Own(size_t(out), Elem::kF32);
    weight_bytes_ += l.bias.count * 4;
  }
  return l;
}

void DeviceEngine::AllocateWeights() {
  const ClipVisionConfig& v = config_.vision;
  const LlamaConfig& l = config_.llama;
  const int dv = v.hidden_size, d = l.hidden_size, hd = l.head_dim();
  const auto vector = [&](size_t count) {
    weight_bytes_ += count * 4;
    return Own(count, Elem::kF32);
  };
  patch_ = OwnLinear(dv, 3 * v.patch_size * v.patch_size, false);
  class_embedding_ = vector(dv);
  position_embedding_ = vector(size_t(v.patches() + 1) * dv);
  pre_norm_w_ = vector(dv);
  pre_norm_b_ = vector(dv);
  vision_layers_.resize(config_.vision_layers_used());
  for (VisionLayer& layer : vision_layers_) {
    layer.norm1_w = vector(dv);
    layer.norm1_b = vector(dv);
    layer.norm2_w = vector(dv);
    layer.norm2_b = vector(dv);
    layer.qkv = OwnLinear(3 * dv, dv, true);
    layer.out = OwnLinear(dv, dv, true);
    layer.fc1 = OwnLinear(v.intermediate_size, dv, true);
    layer.fc2 = OwnLinear(dv, v.intermediate_size, true);
  }
  projector_.clear();
  for (int i = 0; i < config_.projector_depth; ++i) projector_.push_back(OwnLinear(d, i == 0 ? config_.mm_hidden_size : d, true));
  embed_tokens_ = Own(size_t(l.vocab_size) * d, Elem::kCompute);
  weight_bytes_ += embed_tokens_.count * embed_tokens_.elem_bytes;
  final_norm_ = vector(d);
  lm_head_ = OwnLinear(l.vocab_size, d, false);
  layers_.resize(l.num_hidden_layers);
  for (DecoderLayer& layer : layers_) {
    layer.input_norm = vector(d);
    layer.post_norm = vector(d);
    layer.qkv = OwnLinear((l.num_attention_heads + 2 * l.num_key_value_heads) * hd, d, false);
    layer.o = OwnLinear(d, l.num_attention_heads * hd, false);
    layer.gate_up = OwnLinear(2 * l.intermediate_size, d, false);
    layer.down = OwnLinear(d, l.intermediate_size, false);
  }
}

void DeviceEngine::AllocateRuntime() {
  const ClipVisionConfig& v = config_.vision;
  const LlamaConfig& l = config_.llama;
  const size_t R = options_.max_pass_rows, d = l.hidden_size, dv = v.hidden_size, iv = v.intermediate_size;
  const size_t inter = l.intermediate_size, qh = size_t(l.num_attention_heads) * l.head_dim();
  const size_t qkv_width = size_t(l.num_attention_heads + 2 * l.num_key_value_heads) * l.head_dim();
  const size_t tokens = v.patches() + 1, image_tokens = config_.image_tokens(), side = v.image_size;
  const size_t patch_width = 3 * size_t(v.patch_size) * v.patch_size;
  images_per_pass_ = int(std::max<size_t>(1, R / tokens));
  const size_t V = images_per_pass_, vision_rows = V * tokens, patches = V * v.patches();
  // Each stage's carving, with the alignment slack of every slice.
  const size_t slack = 128 * 12;
  const size_t f32_decoder = R * d + R * qkv_width + R * 2 * inter;
  const size_t f32_vision = 2 * vision_rows * dv + vision_rows * 3 * dv + vision_rows * iv + patches * dv +
                            V * 3 * side * side + V * image_tokens * d + V * image_tokens * d;
  const size_t compute_decoder = R * d + 2 * R * qh + R * inter;
  const size_t compute_vision = vision_rows * dv * 5 + vision_rows * iv + patches * patch_width +
                                V * image_tokens * dv + V * image_tokens * d;
  arena_f32_ = Own(std::max(f32_decoder, f32_vision) + slack, Elem::kF32);
  arena_compute_ = Own(std::max(compute_decoder, compute_vision) + slack, Elem::kCompute);
  logit_rows_ = std::max(64, options_.batch);
  logits_ = Own(size_t(logit_rows_) * l.vocab_size, Elem::kF32);
  ids_ = Own(size_t(logit_rows_), Elem::kI32);
  plan_ = Own(10 * R + 16, Elem::kI32);
  workspace_bytes_ = arena_f32_.count * 4 + arena_compute_.count * arena_compute_.elem_bytes + logits_.count * 4 +
                     ids_.count * 4 + plan_.count * 4;

  // The vision plan for a full pass; a pass of fewer images uses its prefix.
  vision_layout_ = {1, int(V), v.num_attention_heads, int(tokens), v.head_dim()};
  std::vector<SequenceRows> images;
  std::vector<int32_t> vision_plan;
  for (size_t i = 0; i < V; ++i) {
    images.push_back({int(i), 0, int(tokens), {}, false});
    for (size_t t = 0; t < tokens; ++t) vision_plan.push_back(int32_t(i));
  }
  for (size_t i = 0; i < V; ++i) {
    for (size_t t = 0; t < tokens; ++t) vision_plan.push_back(int32_t(t));
  }
  const std::vector<AttentionTile> tiles = PlanTiles(images, false);
  vision_tiles_offset_ = vision_plan.size();
  for (const AttentionTile& t : tiles) {
    vision_plan.insert(vision_plan.end(), {t.first_row, t.rows, t.slot, t.position, t.keys});
  }
  vision_select_offset_ = vision_plan.size();
  const size_t skip = config_.select_patch_only ? 1 : 0;
  for (size_t i = 0; i < V; ++i) {
    for (size_t t = 0; t < image_tokens; ++t) vision_plan.push_back(int32_t(i * tokens + skip + t));
  }
  vision_plan_ = Own(vision_plan.size(), Elem::kI32);
  device_->UploadInts(vision_plan_, vision_plan.data(), vision_plan.size());
  workspace_bytes_ += vision_plan_.count * 4;

  // The KV cache: as many slots as fit, up to `batch`.
  const int capacity = options_.cache_positions > 0 ? options_.cache_positions : l.max_position_embeddings;
  const size_t per_slot = 2 * size_t(l.num_hidden_layers) * l.num_key_value_heads * capacity * l.head_dim() *
                          size_t(ComputeTypeBytes(device_->compute()));
  // Room for the projected image rows of a group (two images a request).
  const size_t reserve = size_t(options_.batch) * 2 * image_tokens * d * 4;
  const size_t free = device_->FreeBytes();
  slots_ = KvSlotsThatFit(size_t(double(free) * options_.cache_memory_fraction), reserve, per_slot, options_.batch);
  if (slots_ < 1) {
    throw std::runtime_error(fmt::format(
        "not enough {} memory for the KV cache: one sequence of {} positions needs {:.2f} GiB, {:.2f} GiB are free "
        "after {:.2f} GiB of weights and {:.2f} GiB of workspace",
        device_->name(), capacity, per_slot / 1073741824.0, free / 1073741824.0, weight_bytes_ / 1073741824.0,
        workspace_bytes_ / 1073741824.0));
  }
  layout_ = {l.num_hidden_layers, slots_, l.num_key_value_heads, capacity, l.head_dim()};
  k_cache_ = Own(layout_.elements(), Elem::kCompute);
  v_cache_ = Own(layout_.elements(), Elem::kCompute);
  cache_bytes_ = 2 * layout_.elements() * k_cache_.elem_bytes;
}

std::string DeviceEngine::device() const { return device_->name(); }

DeviceSpan DeviceEngine::RunVisionTower(const DeviceSpan& pixels, int images, Carver& c) {
  const ClipVisionConfig& v = config_.vision;
  VlmDevice& d = *device_;
  const int tokens = v.patches() + 1, dv = v.hidden_size, iv = v.intermediate_size, heads = v.num_attention_heads;
  const int rows = images * tokens, patch_rows = images * v.patches(), patch_width = 3 * v.patch_size * v.patch_size;
  const DeviceSpan patches = c.Compute(size_t(patch_rows) * patch_width);
  d.Patchify(pixels, images, v.image_size, v.patch_size, patches);
  const DeviceSpan embedded = c.F32(size_t(patch_rows) * dv);
  d.Gemm(patches, patch_rows, patch_width, patch_.w, dv, {}, embedded, dv, false);
  const DeviceSpan summed = c.F32(size_t(rows) * dv), x = c.F32(size_t(rows) * dv);
  d.VisionEmbed(embedded, images, tokens, dv, class_embedding_, position_embedding_, summed);
  d.LayerNorm(summed, rows, dv, pre_norm_w_, pre_norm_b_, v.layer_norm_eps, x);

  const DeviceSpan h = c.Compute(size_t(rows) * dv), qkv = c.F32(size_t(rows) * 3 * dv);
  const DeviceSpan q = c.Compute(size_t(rows) * dv), attended = c.Compute(size_t(rows) * dv);
  const DeviceSpan keys = c.Compute(vision_layout_.elements()), values = c.Compute(vision_layout_.elements());
  const DeviceSpan hidden = c.F32(size_t(rows) * iv), activated = c.Compute(size_t(rows) * iv);
  const size_t full_rows = size_t(images_per_pass_) * tokens;
  const DeviceSpan slot = vision_plan_.Slice(0, rows), position = vision_plan_.Slice(full_rows, rows);
  const int tiles_per_image = (tokens + kAttentionTileRows - 1) / kAttentionTileRows;
  const DeviceSpan tiles = vision_plan_.Slice(vision_tiles_offset_, size_t(5) * tiles_per_image * images);
  const Activation activation = v.hidden_act == "quick_gelu" ? Activation::kQuickGelu : Activation::kGeluErf;
  for (const VisionLayer& layer : vision_layers_) {
    d.LayerNorm(x, rows, dv, layer.norm1_w, layer.norm1_b, v.layer_norm_eps, h);
    d.Gemm(h, rows, dv, layer.qkv.w, 3 * dv, layer.qkv.bias, qkv, 3 * dv, false);
    d.QkvToCache(qkv, rows, heads, slot, position, 0.0f, vision_layout_, 0, keys, values, q);
    d.Attention(q, heads, tiles, tiles_per_image * images, false, vision_layout_, 0, keys, values, attended);
    d.Gemm(attended, rows, dv, layer.out.w, dv, layer.out.bias, x, dv, true);
    d.LayerNorm(x, rows, dv, layer.norm2_w, layer.norm2_b, v.layer_norm_eps, h);
    d.Gemm(h, rows, dv, layer.fc1.w, iv, layer.fc1.bias, hidden, iv, false);
    d.Activate(activation, hidden, size_t(rows) * iv, activated);
    d.Gemm(activated, rows, iv, layer.fc2.w, dv, layer.fc2.bias, x, dv, true);
  }
  return x;
}

void DeviceEngine::RunProjector(const DeviceSpan& features, int rows, Carver& c, const DeviceSpan& out) {
  const int d = config_.llama.hidden_size;
  const DeviceSpan mid = c.F32(size_t(rows) * d), activated = c.Compute(size_t(rows) * d);
  DeviceSpan input = features;
  for (size_t i = 0; i < projector_.size(); ++i) {
    if (i > 0) {
      device_->Activate(Activation::kGeluErf, mid, size_t(rows) * d, activated);
      input = activated;
    }
    const DeviceSpan& to = i + 1 == projector_.size() ? out : mid;
    device_->Gemm(input, rows, projector_[i].in, projector_[i].w, d, projector_[i].bias, to, d, false);
  }
}

DeviceSpan DeviceEngine::EmbedImages(const std::vector<const GenerationRequest*>& requests) {
  std::vector<const RgbImage*> images;
  for (const GenerationRequest* r : requests) {
    for (const RgbImage& image : r->images) images.push_back(&image);
  }
  if (images.empty()) return {};
  const ClipVisionConfig& v = config_.vision;
  const size_t image_tokens = config_.image_tokens(), d = config_.llama.hidden_size, dv = v.hidden_size;
  const size_t pixels_per_image = size_t(3) * v.image_size * v.image_size;
  DeviceSpan out = device_->Allocate(images.size() * image_tokens * d, Elem::kF32);
  try {
    for (size_t first = 0; first < images.size(); first += images_per_pass_) {
      const int count = int(std::min<size_t>(images_per_pass_, images.size() - first));
      Carver c{arena_f32_, arena_compute_};
      const DeviceSpan pixels = c.F32(count * pixels_per_image);
      for (int i = 0; i < count; ++i) {
        device_->Preprocess(*images[first + i], config_, pixels.Slice(i * pixels_per_image, pixels_per_image));
      }
      const DeviceSpan x = RunVisionTower(pixels, count, c);
      const DeviceSpan features = c.Compute(count * image_tokens * dv);
      device_->CastRows(x, int(dv), vision_plan_.Slice(vision_select_offset_, count * image_tokens),
                        int(count * image_tokens), features);
      RunProjector(features, int(count * image_tokens), c, out.Slice(first * image_tokens * d, count * image_tokens * d));
    }
  } catch (...) {
    device_->Free(out);
    throw;
  }
  return out;
}

std::vector<int> DeviceEngine::RunDecoderPass(const PassPlan& plan, const DeviceSpan& images, FloatMatrix* logits) {
  const LlamaConfig& l = config_.llama;
  VlmDevice& dev = *device_;
  const int rows = plan.rows, d = l.hidden_size, heads = l.num_attention_heads, inter = l.intermediate_size;
  const int qh = heads * l.head_dim(), qkv_width = (heads + 2 * l.num_key_value_heads) * l.head_dim();
  dev.UploadInts(plan_, plan.packed.data(), plan.packed.size());
  const DeviceSpan source = plan_.Slice(0, rows), slot = plan_.Slice(plan.slot_offset(), rows);
  const DeviceSpan position = plan_.Slice(plan.position_offset(), rows);
  const DeviceSpan tiles = plan_.Slice(plan.tiles_offset(), size_t(5) * plan.tile_count);
  Carver c{arena_f32_, arena_compute_};
  const DeviceSpan x = c.F32(size_t(rows) * d), qkv = c.F32(size_t(rows) * qkv_width);
  const DeviceSpan gate_up = c.F32(size_t(rows) * 2 * inter);
  const DeviceSpan h = c.Compute(size_t(rows) * d), q = c.Compute(size_t(rows) * qh);
  const DeviceSpan attended = c.Compute(size_t(rows) * qh), activated = c.Compute(size_t(rows) * inter);
  dev.Embed(source, rows, embed_tokens_, images, d, x);
  for (size_t i = 0; i < layers_.size(); ++i) {
    const DecoderLayer& layer = layers_[i];
    dev.RmsNorm(x, rows, d, {}, layer.input_norm, l.rms_norm_eps, h);
    dev.Gemm(h, rows, d, layer.qkv.w, qkv_width, {}, qkv, qkv_width, false);
    dev.QkvToCache(qkv, rows, heads, slot, position, l.rope_theta, layout_, int(i), k_cache_, v_cache_, q);
    dev.Attention(q, heads, tiles, plan.tile_count, true, layout_, int(i), k_cache_, v_cache_, attended);
    dev.Gemm(attended, rows, qh, layer.o.w, d, {}, x, d, true);
    dev.RmsNorm(x, rows, d, {}, layer.post_norm, l.rms_norm_eps, h);
    dev.Gemm(h, rows, d, layer.gate_up.w, 2 * inter, {}, gate_up, 2 * inter, false);
    dev.SwiGlu(gate_up, rows, inter, activated);
    dev.Gemm(activated, rows, inter, layer.down.w, d, {}, x, d, true);
  }
  std::vector<int> ids;
  for (int first = 0; first < plan.logit_count; first += logit_rows_) {
    const int count = std::min(logit_rows_, plan.logit_count - first);
    dev.RmsNorm(x, count, d, plan_.Slice(plan.logits_offset() + first, count), final_norm_, l.rms_norm_eps, h);
    dev.Gemm(h, count, d, lm_head_.w, l.vocab_size, {}, logits_, l.vocab_size, false);
    dev.ArgMax(logits_, count, l.vocab_size, ids_);
    std::vector<int32_t> chunk(count);
    dev.DownloadInts(ids_, chunk.data(), chunk.size());
    ids.insert(ids.end(), chunk.begin(), chunk.end());
    if (logits) {
      const size_t at = logits->data.size();
      logits->data.resize(at + size_t(count) * l.vocab_size);
      dev.Download(logits_, logits->data.data() + at, size_t(count) * l.vocab_size);
      logits->rows += count;
    }
  }
  return ids;
}

void DeviceEngine::GenerateGroup(const std::vector<const GenerationRequest*>& requests, size_t first_index,
                                 std::vector<GenerationResult>& results, const TokenCallback& on_token) {
  const LlamaConfig& l = config_.llama;
  const int image_tokens = config_.image_tokens();
  Clock::time_point start = Clock::now();
  DeviceSpan images = EmbedImages(requests);
  device_->Synchronize();
  stages_.images += SecondsSince(start);
  start = Clock::now();

  const size_t n = requests.size();
  std::vector<int> allowed(n), next_token(n, -1);
  std::vector<SequenceRows> sequences;
  int first_image = 0;
  for (size_t i = 0; i < n; ++i) {
    std::vector<int32_t> sources = PromptSources(requests[i]->prompt_ids, image_tokens, first_image);
    first_image += int(requests[i]->images.size());
    const int positions = int(sources.size());
    if (positions > layout_.capacity) {
      device_->Free(images);
      throw std::invalid_argument(fmt::format("the prompt takes {} positions; the KV cache holds {}", positions,
                                              layout_.capacity));
    }
    results[first_index + i].prompt_positions = positions;
    allowed[i] = std::max(0, std::min({requests[i]->max_new_tokens, l.max_position_embeddings - positions,
                                       layout_.capacity - positions}));
    sequences.push_back({int(i), 0, positions, std::move(sources), allowed[i] > 0});
  }
  try {
    for (const std::vector<SequenceRows>& pass : SplitPasses(sequences, options_.max_pass_rows)) {
      const std::vector<int> ids = RunDecoderPass(PlanPass(pass, true), images, nullptr);
      size_t k = 0;
      for (const SequenceRows& part : pass) {
        if (part.wants_logits) next_token[part.slot] = ids.at(k++);
      }
    }
  } catch (...) {
    device_->Free(images);
    throw;
  }
  device_->Free(images);
  stages_.prefill += SecondsSince(start);
  start = Clock::now();

  std::vector<int> active;
  for (size_t i = 0; i < n; ++i) {
    if (allowed[i] > 0) active.push_back(int(i));
  }
  while (!active.empty()) {
    std::vector<int> still;
    std::vector<SequenceRows> steps;
    for (int i : active) {
      GenerationResult& result = results[first_index + i];
      const int token = next_token[i];
      if (token == l.eos_token_id) {
        result.ended_with_eos = true;
        continue;
      }
      result.tokens.push_back(token);
      if (on_token) on_token(first_index + i, token);
      if (int(result.tokens.size()) >= allowed[i]) continue;
      still.push_back(i);
      steps.push_back({i, result.prompt_positions + int(result.tokens.size()) - 1, 1, {token}, true});
    }
    active = std::move(still);
    if (active.empty()) break;
    const std::vector<int> ids = RunDecoderPass(PlanPass(steps, true), {}, nullptr);
    for (size_t k = 0; k < active.size(); ++k) next_token[active[k]] = ids.at(k);
    ++stages_.decode_steps;
    stages_.decoded_tokens += long(active.size());
  }
  stages_.decode += SecondsSince(start);
}

std::vector<GenerationResult> DeviceEngine::Generate(const std::vector<GenerationRequest>& requests,
                                                     const TokenCallback& on_token) {
  for (const GenerationRequest& request : requests) CheckGenerationRequest(config_, request);
  stages_ = {};
  std::vector<GenerationResult> results(requests.size());
  for (size_t first = 0; first < requests.size(); first += slots_) {
    std::vector<const GenerationRequest*> group;
    for (size_t i = first; i < std::min(requests.size(), first + slots_); ++i) group.push_back(&requests[i]);
    GenerateGroup(group, first, results, on_token);
  }
  return results;
}

FloatMatrix DeviceEngine::VisionFeatures(const std::vector<float>& pixels) {
  const ClipVisionConfig& v = config_.vision;
  if (pixels.size() != size_t(3) * v.image_size * v.image_size) {
    throw std::invalid_argument("VisionFeatures: wrong pixel count");
  }
  Carver c{arena_f32_, arena_compute_};
  const DeviceSpan on_device = c.F32(pixels.size());
  device_->Upload(on_device, pixels.data(), pixels.size());
  const DeviceSpan x = RunVisionTower(on_device, 1, c);
  const int skip = config_.select_patch_only ? 1 : 0;
  FloatMatrix features(config_.image_tokens(), v.hidden_size);
  device_->Download(x.Slice(size_t(skip) * v.hidden_size, features.data.size()), features.data.data(),
                    features.data.size());
  return features;
}

FloatMatrix DeviceEngine::Project(const FloatMatrix& features) {
  const int d = config_.llama.hidden_size, chunk = images_per_pass_ * config_.image_tokens();
  if (features.cols != config_.mm_hidden_size) throw std::invalid_argument("Project: wrong feature width");
  FloatMatrix out(features.rows, d);
  for (int first = 0; first < features.rows; first += chunk) {
    const int rows = std::min(chunk, features.rows - first);
    Carver c{arena_f32_, arena_compute_};
    const DeviceSpan input = c.Compute(size_t(rows) * features.cols), result = c.F32(size_t(rows) * d);
    device_->Upload(input, features.row(first), input.count);
    RunProjector(input, rows, c, result);
    device_->Download(result, out.row(first), result.count);
  }
  return out;
}

FloatMatrix DeviceEngine::PromptLogits(const GenerationRequest& request) {
  CheckGenerationRequest(config_, request);
  DeviceSpan images = EmbedImages({&request});
  std::vector<int32_t> sources = PromptSources(request.prompt_ids, config_.image_tokens(), 0);
  const int positions = int(sources.size());
  FloatMatrix logits(0, config_.llama.vocab_size);
  try {
    if (positions > layout_.capacity) throw std::invalid_argument("PromptLogits: the prompt does not fit the cache");
    const std::vector<SequenceRows> sequence = {{0, 0, positions, std::move(sources), false}};
    for (const std::vector<SequenceRows>& pass : SplitPasses(sequence, options_.max_pass_rows)) {
      RunDecoderPass(PlanPass(pass, true, true), images, &logits);
    }
  } catch (...) {
    device_->Free(images);
    throw;
  }
  device_->Free(images);
  return logits;
}

}  // namespace spatialgen::vlm
