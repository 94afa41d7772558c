#include "infer/vlm/cpu_engine.h"

#include <fmt/format.h>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "infer/vlm/cpu_ops.h"
#include "infer/vlm/tokenizer.h"
#include "infer/vlm/vlm_maths.h"

namespace spatialgen::vlm {
namespace {

// f(i) for every element index, in chunks worth a task.
template <typename F>
void ForEachIndex(size_t count, F f) {
  tbb::parallel_for(tbb::blocked_range<size_t>(0, count, 16384), [&](const tbb::blocked_range<size_t>& range) {
    for (size_t i = range.begin(); i < range.end(); ++i) f(i);
  });
}

void AddInPlace(FloatMatrix& x, const FloatMatrix& y) {
  ForEachIndex(x.data.size(), [&](size_t i) { x.data[i] += y.data[i]; });
}

FloatMatrix RmsNormRows(const FloatMatrix& x, const std::vector<float>& weight, float eps) {
  FloatMatrix out(x.rows, x.cols);
  tbb::parallel_for(0, x.rows, [&](int r) { RmsNormRow(x.row(r), weight.data(), x.cols, eps, out.row(r)); });
  return out;
}

FloatMatrix LayerNormRows(const FloatMatrix& x, const std::vector<float>& weight, const std::vector<float>& bias,
                          float eps) {
  FloatMatrix out(x.rows, x.cols);
  tbb::parallel_for(0, x.rows, [&](int r) {
    LayerNormRow(x.row(r), weight.data(), bias.data(), x.cols, eps, out.row(r));
  });
  return out;
}

FloatMatrix ApplyLinear(const FloatMatrix& x, const WeightMatrix& w, const std::vector<float>* bias = nullptr) {
  FloatMatrix y(x.rows, w.rows);
  Linear(x.data.data(), x.rows, w, bias ? bias->data() : nullptr, y.data.data());
  return y;
}

template <typename F>
void ForEachElement(FloatMatrix& x, F f) {
  ForEachIndex(x.data.size(), [&](size_t i) { x.data[i] = f(x.data[i]); });
}

}  // namespace

CpuEngine::CpuEngine(const LlavaConfig& config, const LlavaWeights& weights, CpuEngineOptions options)
    : config_(config), weights_(weights), options_(options) {
  if (options_.batch < 1) throw std::invalid_argument("CpuEngine: batch must be >= 1");
}

std::vector<FloatMatrix> CpuEngine::VisionBatch(const std::vector<const std::vector<float>*>& pixels) {
  const ClipVisionConfig& v = config_.vision;
  const ClipWeights& w = weights_.clip;
  const int images = int(pixels.size()), patches = v.patches(), tokens = patches + 1, dv = v.hidden_size;
  const int side = v.image_size, patch = v.patch_size, per_side = v.patches_per_side();
  for (const std::vector<float>* p : pixels) {
    if (p->size() != size_t(3) * side * side) throw std::invalid_argument("VisionFeatures: wrong pixel count");
  }
  // Patch embedding: the stride-`patch` convolution as a product with flattened patches.
  FloatMatrix flat(images * patches, 3 * patch * patch);
  tbb::parallel_for(0, images * patches, [&](int row) {
    const int image = row / patches, index = row % patches;
    const int top = (index / per_side) * patch, left = (index % per_side) * patch;
    float* out = flat.row(row);
    for (int c = 0; c < 3; ++c) {
      for (int y = 0; y < patch; ++y) {
        for (int x = 0; x < patch; ++x) {
          *out++ = (*pixels[image])[(size_t(c) * side + top + y) * side + left + x];
        }
      }
    }
  });
  const FloatMatrix embedded = ApplyLinear(flat, w.patch);
  FloatMatrix x(images * tokens, dv);
  tbb::parallel_for(0, images * tokens, [&](int row) {
    const int image = row / tokens, token = row % tokens;
    const float* source = token == 0 ? w.class_embedding.data() : embedded.row(image * patches + token - 1);
    const float* position = w.position_embedding.data() + size_t(token) * dv;
    for (int i = 0; i < dv; ++i) x.row(row)[i] = source[i] + position[i];
  });
  x = LayerNormRows(x, w.pre_norm_weight, w.pre_norm_bias, v.layer_norm_eps);

  const int heads = v.num_attention_heads, head_dim = v.head_dim();
  const float scale = 1.0f / std::sqrt(float(head_dim));
  for (const ClipLayerWeights& layer : w.layers) {
    const FloatMatrix h = LayerNormRows(x, layer.norm1_weight, layer.norm1_bias, v.layer_norm_eps);
    const FloatMatrix q = ApplyLinear(h, layer.q, &layer.q_bias);
    const FloatMatrix k = ApplyLinear(h, layer.k, &layer.k_bias);
    const FloatMatrix vv = ApplyLinear(h, layer.v, &layer.v_bias);
    FloatMatrix attended(x.rows, dv);
    tbb::parallel_for(0, images * heads, [&](int task) {
      thread_local std::vector<float> scores;
      const int image = task / heads, head = task % heads;
      const size_t offset = size_t(image) * tokens * dv + size_t(head) * head_dim;
      AttendHead(q.data.data() + offset, dv, tokens, k.data.data() + offset, vv.data.data() + offset, dv, tokens,
                 head_dim, scale, false, 0, attended.data.data() + offset, dv, scores);
    });
    AddInPlace(x, ApplyLinear(attended, layer.out, &layer.out_bias));
    FloatMatrix hidden = ApplyLinear(LayerNormRows(x, layer.norm2_weight, layer.norm2_bias, v.layer_norm_eps),
                                     layer.fc1, &layer.fc1_bias);
    if (v.hidden_act == "quick_gelu") {
      ForEachElement(hidden, QuickGelu);
    } else {
      ForEachElement(hidden, GeluErf);
    }
    AddInPlace(x, ApplyLinear(hidden, layer.fc2, &layer.fc2_bias));
  }
  const int skip = config_.select_patch_only ? 1 : 0;
  std::vector<FloatMatrix> features;
  for (int image = 0; image < images; ++image) {
    FloatMatrix f(tokens - skip, dv);
    std::copy_n(x.row(image * tokens + skip), size_t(tokens - skip) * dv, f.data.data());
    features.push_back(std::move(f));
  }
  return features;
}

FloatMatrix CpuEngine::VisionFeatures(const std::vector<float>& pixels) { return VisionBatch({&pixels}).front(); }

FloatMatrix CpuEngine::Project(const FloatMatrix& features) {
  const ProjectorWeights& p = weights_.projector;
  FloatMatrix x = ApplyLinear(features, p.linear[0], &p.bias[0]);
  for (size_t i = 1; i < p.linear.size(); ++i) {
    ForEachElement(x, GeluErf);
    x = ApplyLinear(x, p.linear[i], &p.bias[i]);
  }
  return x;
}

void CheckGenerationRequest(const LlavaConfig& config, const GenerationRequest& request) {
  const size_t placeholders = size_t(std::count(request.prompt_ids.begin(), request.prompt_ids.end(), kImageTokenId));
  if (placeholders != request.images.size()) {
    throw std::invalid_argument(fmt::format("the prompt has {} <image> placeholders but {} images came with it",
                                            placeholders, request.images.size()));
  }
  for (int id : request.prompt_ids) {
    if (id != kImageTokenId && (id < 0 || id >= config.llama.vocab_size)) {
      throw std::invalid_argument(fmt::format("token id {} is outside the vocabulary ({})", id, config.llama.vocab_size));
    }
  }
  for (const RgbImage& image : request.images) {
    if (image.width <= 0 || image.height <= 0 || image.pixels.size() != size_t(image.width) * image.height * 3) {
      throw std::invalid_argument("an image is empty or its pixel buffer does not match its size");
    }
  }
  const int positions = int(request.prompt_ids.size() - placeholders) + int(placeholders) * config.image_tokens();
  if (positions >= config.llama.max_position_embeddings) {
    throw std::invalid_argument(fmt::format("the prompt takes {} positions; the model's context is {}", positions,
                                            config.llama.max_position_embeddings));
  }
}

std::vector<std::vector<FloatMatrix>> CpuEngine::EmbedImages(const std::vector<GenerationRequest>& requests) {
  std::vector<std::pair<size_t, size_t>> owners;  // (request, image) of each image, in order
  for (size_t r = 0; r < requests.size(); ++r) {
    for (size_t i = 0; i < requests[r].images.size(); ++i) owners.emplace_back(r, i);
  }
  std::vector<std::vector<float>> pixels(owners.size());
  tbb::parallel_for(size_t(0), owners.size(), [&](size_t i) {
    pixels[i] = PreprocessImage(requests[owners[i].first].images[owners[i].second], config_);
  });
  std::vector<const std::vector<float>*> pointers;
  for (const auto& p : pixels) pointers.push_back(&p);
  std::vector<std::vector<FloatMatrix>> embedded(requests.size());
  if (pointers.empty()) return embedded;
  const std::vector<FloatMatrix> features = VisionBatch(pointers);
  // One projector pass over every image's rows.
  FloatMatrix all(0, features.front().cols);
  for (const FloatMatrix& f : features) all.data.insert(all.data.end(), f.data.begin(), f.data.end());
  all.rows = int(all.data.size() / all.cols);
  const FloatMatrix projected = Project(all);
  const int per_image = features.front().rows;
  for (size_t i = 0; i < owners.size(); ++i) {
    FloatMatrix image(per_image, projected.cols);
    std::copy_n(projected.row(int(i) * per_image), image.data.size(), image.data.data());
    embedded[owners[i].first].push_back(std::move(image));
  }
  return embedded;
}

FloatMatrix CpuEngine::EmbedTokens(const std::vector<int>& ids) {
  const int d = config_.llama.hidden_size;
  FloatMatrix x(int(ids.size()), d);
  tbb::parallel_for(size_t(0), ids.size(), [&](size_t i) {
    thread_local std::vector<float> scratch;
    const float* row = weights_.llama.embed_tokens.Rows(ids[i], 1, scratch);
    std::copy_n(row, d, x.row(int(i)));
  });
  return x;
}

FloatMatrix CpuEngine::EmbedPrompt(const GenerationRequest& request, const std::vector<FloatMatrix>& images) {
  std::vector<int> text;
  for (int id : request.prompt_ids) {
    if (id != kImageTokenId) text.push_back(id);
  }
  const FloatMatrix tokens = EmbedTokens(text);
  const int d = config_.llama.hidden_size;
  FloatMatrix x(0, d);
  size_t next_text = 0, next_image = 0;
  for (int id : request.prompt_ids) {
    if (id == kImageTokenId) {
      const FloatMatrix& image = images[next_image++];
      x.data.insert(x.data.end(), image.data.begin(), image.data.end());
    } else {
      const float* row = tokens.row(int(next_text++));
      x.data.insert(x.data.end(), row, row + d);
    }
  }
  x.rows = int(x.data.size() / d);
  return x;
}

void CpuEngine::Decode(FloatMatrix& x, const std::vector<Segment>& segments, KvCache& cache) {
  const LlamaConfig& l = config_.llama;
  const int d = l.hidden_size, heads = l.num_attention_heads, kv_heads = l.num_key_value_heads;
  const int head_dim = l.head_dim(), group = heads / kv_heads;
  const float scale = 1.0f / std::sqrt(float(head_dim));
  std::vector<int> segment_first_row;
  int rows = 0;
  for (const Segment& s : segments) {
    segment_first_row.push_back(rows);
    rows += s.rows;
  }
  for (int layer_index = 0; layer_index < l.num_hidden_layers; ++layer_index) {
    const LlamaLayerWeights& layer = weights_.llama.layers[layer_index];
    const FloatMatrix h = RmsNormRows(x, layer.input_norm, l.rms_norm_eps);
    FloatMatrix q = ApplyLinear(h, layer.q), k = ApplyLinear(h, layer.k);
    const FloatMatrix v = ApplyLinear(h, layer.v);
    // Rotary embeddings at each row's position, then the keys and values into the cache.
    tbb::parallel_for(size_t(0), segments.size(), [&](size_t s) {
      const Segment& segment = segments[s];
      for (int r = 0; r < segment.rows; ++r) {
        const int row = segment_first_row[s] + r, position = segment.start + r;
        for (int head = 0; head < heads; ++head) {
          RotateHalfInPlace(q.row(row) + head * head_dim, head_dim, position, l.rope_theta);
        }
        for (int head = 0; head < kv_heads; ++head) {
          float* key = k.row(row) + head * head_dim;
          RotateHalfInPlace(key, head_dim, position, l.rope_theta);
          const size_t at = cache.layout.Offset(layer_index, segment.slot, head, position);
          std::copy_n(key, head_dim, cache.k.data() + at);
          std::copy_n(v.row(row) + head * head_dim, head_dim, cache.v.data() + at);
        }
      }
    });
    FloatMatrix attended(x.rows, d);
    tbb::parallel_for(size_t(0), segments.size() * heads, [&](size_t task) {
      thread_local std::vector<float> scores;
      const size_t s = task / heads;
      const int head = int(task % heads), kv_head = head / group;
      const Segment& segment = segments[s];
      const size_t base = cache.layout.Offset(layer_index, segment.slot, kv_head, 0);
      const size_t offset = size_t(segment_first_row[s]) * d + size_t(head) * head_dim;
      AttendHead(q.data.data() + offset, d, segment.rows, cache.k.data() + base, cache.v.data() + base, head_dim,
                 segment.start + segment.rows, head_dim, scale, true, segment.start, attended.data.data() + offset,
                 d, scores);
    });
    AddInPlace(x, ApplyLinear(attended, layer.o));
    const FloatMatrix h2 = RmsNormRows(x, layer.post_attention_norm, l.rms_norm_eps);
    FloatMatrix gate = ApplyLinear(h2, layer.gate);
    const FloatMatrix up = ApplyLinear(h2, layer.up);
    ForEachIndex(gate.data.size(), [&](size_t i) { gate.data[i] = SwiGlu(gate.data[i], up.data[i]); });
    AddInPlace(x, ApplyLinear(gate, layer.down));
  }
}

FloatMatrix CpuEngine::Logits(const FloatMatrix& x, const std::vector<int>& rows) {
  FloatMatrix normed(int(rows.size()), x.cols);
  tbb::parallel_for(size_t(0), rows.size(), [&](size_t i) {
    RmsNormRow(x.row(rows[i]), weights_.llama.norm.data(), x.cols, config_.llama.rms_norm_eps, normed.row(int(i)));
  });
  return ApplyLinear(normed, weights_.llama.lm_head);
}

FloatMatrix CpuEngine::PromptLogits(const GenerationRequest& request) {
  CheckGenerationRequest(config_, request);
  FloatMatrix x = EmbedPrompt(request, EmbedImages({request}).front());
  const LlamaConfig& l = config_.llama;
  KvCache cache;
  cache.layout = {l.num_hidden_layers, 1, l.num_key_value_heads, x.rows, l.head_dim()};
  cache.k.assign(cache.layout.elements(), 0);
  cache.v.assign(cache.layout.elements(), 0);
  Decode(x, {{0, 0, x.rows}}, cache);
  std::vector<int> rows(x.rows);
  for (int i = 0; i < x.rows; ++i) rows[i] = i;
  return Logits(x, rows);
}

std::vector<GenerationResult> CpuEngine::Generate(const std::vector<GenerationRequest>& requests,
                                                  const TokenCallback& on_token) {
  for (const GenerationRequest& request : requests) CheckGenerationRequest(config_, request);
  std::vector<GenerationResult> results(requests.size());
  if (requests.empty()) return results;
  const LlamaConfig& l = config_.llama;
  const std::vector<std::vector<FloatMatrix>> images = EmbedImages(requests);

  // Prefill: every prompt's rows at once.
  FloatMatrix x(0, l.hidden_size);
  std::vector<Segment> segments;
  std::vector<int> allowed(requests.size()), last_rows;
  int capacity = 0;
  for (size_t i = 0; i < requests.size(); ++i) {
    const FloatMatrix prompt = EmbedPrompt(requests[i], images[i]);
    segments.push_back({int(i), 0, prompt.rows});
    x.data.insert(x.data.end(), prompt.data.begin(), prompt.data.end());
    x.rows += prompt.rows;
    last_rows.push_back(x.rows - 1);
    results[i].prompt_positions = prompt.rows;
    allowed[i] = std::max(0, std::min(requests[i].max_new_tokens, l.max_position_embeddings - prompt.rows));
    capacity = std::max(capacity, prompt.rows + allowed[i]);
  }
  KvCache cache;
  cache.layout = {l.num_hidden_layers, int(requests.size()), l.num_key_value_heads, capacity, l.head_dim()};
  cache.k.assign(cache.layout.elements(), 0);
  cache.v.assign(cache.layout.elements(), 0);
  Decode(x, segments, cache);
  FloatMatrix logits = Logits(x, last_rows);

  // Greedy steps for the sequences still running.
  std::vector<int> active;
  for (size_t i = 0; i < requests.size(); ++i) {
    if (allowed[i] > 0) active.push_back(int(i));
  }
  std::vector<int> logit_row(requests.size());
  for (size_t i = 0; i < requests.size(); ++i) logit_row[i] = int(i);
  while (!active.empty()) {
    std::vector<int> still, next_ids;
    std::vector<Segment> steps;
    for (int i : active) {
      const int token = ArgMax(logits.row(logit_row[i]), logits.cols);
      GenerationResult& result = results[i];
      if (token == l.eos_token_id) {
        result.ended_with_eos = true;
        continue;
      }
      result.tokens.push_back(token);
      if (on_token) on_token(size_t(i), token);
      if (int(result.tokens.size()) >= allowed[i]) continue;
      logit_row[i] = int(still.size());
      still.push_back(i);
      next_ids.push_back(token);
      steps.push_back({i, result.prompt_positions + int(result.tokens.size()) - 1, 1});
    }
    active = std::move(still);
    if (active.empty()) break;
    FloatMatrix step = EmbedTokens(next_ids);
    Decode(step, steps, cache);
    std::vector<int> rows(step.rows);
    for (int r = 0; r < step.rows; ++r) rows[r] = r;
    logits = Logits(step, rows);
  }
  return results;
}

}  // namespace spatialgen::vlm
