#pragma once
// The Llama SentencePiece tokenizer as LLaVA uses it (Hugging Face's slow LlamaTokenizer,
// legacy mode): text -> ids through SentencePiece with its dummy-prefix space, BOS first;
// `<image>` placeholders split the prompt as LLaVA's tokenizer_image_token does; the special
// token texts <s> and </s> in a prompt (vicuna_v1 ends finished turns with </s>) become their
// ids. Decoding skips the special ids (bos, eos, unk), as skip_special_tokens does.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace sentencepiece {
class SentencePieceProcessor;
}

namespace spatialgen::vlm {

// The id an image placeholder gets in a token sequence (LLaVA's IMAGE_TOKEN_INDEX).
constexpr int kImageTokenId = -200;

class Tokenizer {
 public:
  // Loads a SentencePiece model (tokenizer.model). Throws InputError naming the file.
  explicit Tokenizer(const std::filesystem::path& model_file);
  ~Tokenizer();

  // SentencePiece's ids for `text` (with the dummy prefix), no BOS.
  std::vector<int> Encode(const std::string& text) const;
  // LLaVA's tokenizer_image_token: BOS, then each chunk between <image> placeholders
  // tokenized on its own (with its dummy prefix), kImageTokenId between them.
  std::vector<int> EncodePrompt(const std::string& prompt) const;
  // The text of `ids` with special ids (bos, eos, unk, image) left out.
  std::string Decode(const std::vector<int>& ids) const;

  int bos_id() const;
  int eos_id() const;
  int unk_id() const;
  int vocab_size() const;

 private:
  // Appends the ids of a chunk of text holding no <image>, mapping <s> and </s> to their ids.
  void AppendChunk(const std::string& chunk, std::vector<int>& ids) const;

  std::filesystem::path path_;
  std::unique_ptr<sentencepiece::SentencePieceProcessor> processor_;
};

}  // namespace spatialgen::vlm
