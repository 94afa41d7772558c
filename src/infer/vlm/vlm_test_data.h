#pragma once
// Test-only: the tiny random LLaVA of tests/data/vlm (written by
// tools/reference/make_tiny_llava.py), its reference outputs, and helpers to compare with them.
#include <nlohmann/json.hpp>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "infer/vlm/engine.h"
#include "infer/vlm/llava_model.h"
#include "infer/vlm/safetensors.h"

namespace spatialgen::vlm::testing {

std::filesystem::path DataDir();         // tests/data/vlm
std::filesystem::path TinyLlavaDir();    // .../tiny-llava (sharded, bf16)
std::filesystem::path TinyClipDir();     // .../tiny-clip (fp16)
const nlohmann::json& Reference();       // reference.json
const SafetensorsFile& ReferenceTensors();  // reference.safetensors (float32)
std::vector<float> ReferenceTensor(const std::string& name);

// Options that load the tiny model.
ModelOptions TinyOptions();
// The tiny model, loaded once per test binary.
LlavaModel& TinyModel();

// The script's formula_image(width, height, seed).
RgbImage FormulaImage(int width, int height, int seed);

// The fixture images image0.png .. image2.png, made by the formula (no PNG decoding).
RgbImage FixtureFormulaImage(int index);

// Checks an engine on the tiny model against the reference script: vision features and
// projections of two images, every position's logits of the one-image prompt, the last logits
// of the two-image prompt (all within `tolerance`, relative), and, when `exact_tokens`, the
// three greedy runs' tokens.
void ExpectEngineMatchesReference(Engine& engine, double tolerance, bool exact_tokens);
// The three greedy requests generated together equal each generated alone (tokens, EOS,
// positions), and the callback streams every token.
void ExpectBatchEqualsAlone(Engine& engine);

// max |a - b| / max |b|: the error relative to the reference's scale.
double RelativeError(const std::vector<float>& actual, const std::vector<float>& expected);

// An empty folder under the temporary directory, named after the test.
std::filesystem::path FreshDir(const std::string& name);
// Copies a folder's files into `to` (created).
void CopyFolder(const std::filesystem::path& from, const std::filesystem::path& to);

}  // namespace spatialgen::vlm::testing
