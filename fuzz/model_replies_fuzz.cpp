// HTTP reply bodies of both model protocols: OpenAI chat completions (predict/openai_backend.h)
// and the RoboPoint worker's NUL-separated stream (predict/robopoint_worker_backend.h). A reply
// may be refused with a BackendError.
#include "fuzz/fuzz_support.h"
#include "infer/backend.h"
#include "predict/openai_backend.h"
#include "predict/robopoint_worker_backend.h"

using namespace spatialgen;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string body(fuzz::Bytes(data, size));
  const std::string prompt = RoboPointPrompt("Where is the cup?");
  try {
    OpenAiReplyText(body, "http://model/v1/chat/completions");
  } catch (const BackendError&) {
  }
  try {
    RoboPointWorkerReplyText(body, prompt, "http://worker/worker_generate_stream");
  } catch (const BackendError&) {
  }
  return 0;
}
