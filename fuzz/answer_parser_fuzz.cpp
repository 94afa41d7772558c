// Model answers (infer/answer_parser.h): yes/no, points and boxes, normalized and in pixels.
#include "fuzz/fuzz_support.h"
#include "infer/answer_parser.h"

using namespace spatialgen;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text = fuzz::Bytes(data, size);
  ParseYesNo(text);
  for (const AnswerImageSize image : {AnswerImageSize{}, AnswerImageSize{640, 480}, AnswerImageSize{1, 1}}) {
    if (const auto points = ParsePoints(text, image)) FormatPointsAnswer(*points);
    if (const auto box = ParseBox(text, image)) FormatBoxAnswer(*box);
  }
  return 0;
}
