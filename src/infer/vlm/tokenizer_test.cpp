// Token ids against python3-sentencepiece on the same model (reference.json), and LLaVA's
// tokenizer_image_token splicing.
#include "infer/vlm/tokenizer.h"

#include <gtest/gtest.h>

#include "infer/vlm/llava_model.h"
#include "infer/vlm/vlm_test_data.h"

namespace spatialgen::vlm {
namespace {

const Tokenizer& TinyTokenizer() {
  static const Tokenizer tokenizer(testing::TinyLlavaDir() / "tokenizer.model");
  return tokenizer;
}

TEST(TokenizerTest, IdsEqualSentencePiece) {
  for (const auto& entry : testing::Reference().at("tokenizer")) {
    const std::string text = entry.at("text");
    EXPECT_EQ(TinyTokenizer().Encode(text), entry.at("ids").get<std::vector<int>>()) << text;
  }
  EXPECT_EQ(TinyTokenizer().bos_id(), 1);
  EXPECT_EQ(TinyTokenizer().eos_id(), 2);
  EXPECT_EQ(TinyTokenizer().vocab_size(), 320);
}

TEST(TokenizerTest, PromptWithImagesAsTokenizerImageToken) {
  const auto& reference = testing::Reference();
  EXPECT_EQ(reference.at("prompt").get<std::string>(), VicunaPrompt(reference.at("greedy")[0].at("question")));
  EXPECT_EQ(TinyTokenizer().EncodePrompt(reference.at("prompt")), reference.at("prompt_ids").get<std::vector<int>>());
  EXPECT_EQ(TinyTokenizer().EncodePrompt(reference.at("two_image_prompt")),
            reference.at("two_image_prompt_ids").get<std::vector<int>>());
  // BOS once; the chunk after the image starts with SentencePiece's dummy-prefix piece.
  const std::vector<int> ids = TinyTokenizer().EncodePrompt("<image>\nhi");
  const std::vector<int> tail = TinyTokenizer().Encode("\nhi");
  ASSERT_EQ(ids.size(), 2 + tail.size());
  EXPECT_EQ(ids[0], 1);
  EXPECT_EQ(ids[1], kImageTokenId);
  EXPECT_EQ(std::vector<int>(ids.begin() + 2, ids.end()), tail);
}

TEST(TokenizerTest, SpecialTokenTextsBecomeTheirIds) {
  const std::vector<int> ids = TinyTokenizer().EncodePrompt("yes</s>USER: no");
  std::vector<int> expected = {1};
  for (int id : TinyTokenizer().Encode("yes")) expected.push_back(id);
  expected.push_back(2);
  for (int id : TinyTokenizer().Encode("USER: no")) expected.push_back(id);
  EXPECT_EQ(ids, expected);
}

TEST(TokenizerTest, DecodeEqualsSentencePieceAndSkipsSpecialIds) {
  for (const auto& entry : testing::Reference().at("decode")) {
    EXPECT_EQ(TinyTokenizer().Decode(entry.at("ids").get<std::vector<int>>()), entry.at("text").get<std::string>());
  }
  const std::vector<int> hello = TinyTokenizer().Encode("Hello world");
  std::vector<int> with_specials = {1, 0};
  with_specials.insert(with_specials.end(), hello.begin(), hello.end());
  with_specials.push_back(2);
  EXPECT_EQ(TinyTokenizer().Decode(with_specials), "Hello world");
}

}  // namespace
}  // namespace spatialgen::vlm
