#include "infer/vlm/tokenizer.h"

#include <sentencepiece_processor.h>

#include <string_view>

#include "core/error.h"

namespace spatialgen::vlm {
namespace {

constexpr std::string_view kImagePlaceholder = "<image>";

}  // namespace

Tokenizer::Tokenizer(const std::filesystem::path& model_file)
    : path_(model_file), processor_(std::make_unique<sentencepiece::SentencePieceProcessor>()) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(model_file, ec)) {
    throw InputError(ErrorLocation{model_file.string(), "", ""}, "missing: the SentencePiece tokenizer.model");
  }
  const auto status = processor_->Load(model_file.string());
  if (!status.ok()) {
    throw InputError(ErrorLocation{model_file.string(), "", ""},
                     "not a SentencePiece model: " + std::string(status.ToString()));
  }
  if (bos_id() < 0 || eos_id() < 0) {
    throw InputError(ErrorLocation{model_file.string(), "", ""}, "the model defines no <s> or </s> piece");
  }
}

Tokenizer::~Tokenizer() = default;

std::vector<int> Tokenizer::Encode(const std::string& text) const {
  std::vector<int> ids;
  if (text.empty()) return ids;
  const auto status = processor_->Encode(text, &ids);
  if (!status.ok()) {
    throw InputError(ErrorLocation{path_.string(), "", ""}, "cannot tokenize: " + std::string(status.ToString()));
  }
  return ids;
}

void Tokenizer::AppendChunk(const std::string& chunk, std::vector<int>& ids) const {
  // Hugging Face splits text on its special tokens first and tokenizes the pieces apart.
  const std::string bos = processor_->IdToPiece(bos_id()), eos = processor_->IdToPiece(eos_id());
  size_t start = 0;
  while (start <= chunk.size()) {
    const size_t at_bos = chunk.find(bos, start), at_eos = chunk.find(eos, start);
    const size_t at = std::min(at_bos, at_eos);
    const std::vector<int> piece = Encode(chunk.substr(start, at == std::string::npos ? std::string::npos : at - start));
    ids.insert(ids.end(), piece.begin(), piece.end());
    if (at == std::string::npos) break;
    ids.push_back(at == at_eos ? eos_id() : bos_id());
    start = at + (at == at_eos ? eos.size() : bos.size());
  }
}

std::vector<int> Tokenizer::EncodePrompt(const std::string& prompt) const {
  std::vector<int> ids = {bos_id()};
  size_t start = 0;
  while (true) {
    const size_t at = prompt.find(kImagePlaceholder, start);
    AppendChunk(prompt.substr(start, at == std::string::npos ? std::string::npos : at - start), ids);
    if (at == std::string::npos) break;
    ids.push_back(kImageTokenId);
    start = at + kImagePlaceholder.size();
  }
  return ids;
}

std::string Tokenizer::Decode(const std::vector<int>& ids) const {
  std::vector<int> kept;
  kept.reserve(ids.size());
  for (int id : ids) {
    if (id < 0 || id >= vocab_size() || id == bos_id() || id == eos_id() || id == unk_id()) continue;
    kept.push_back(id);
  }
  std::string text;
  const auto status = processor_->Decode(kept, &text);
  if (!status.ok()) {
    throw InputError(ErrorLocation{path_.string(), "", ""}, "cannot decode: " + std::string(status.ToString()));
  }
  return text;
}

int Tokenizer::bos_id() const { return processor_->bos_id(); }
int Tokenizer::eos_id() const { return processor_->eos_id(); }
int Tokenizer::unk_id() const { return processor_->unk_id(); }
int Tokenizer::vocab_size() const { return processor_->GetPieceSize(); }

}  // namespace spatialgen::vlm
