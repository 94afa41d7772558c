#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include <memory>

#include "predict/predict_backends.h"
#include "predict/run_predict.h"
#include "tools/spatialgen/commands.h"

namespace spatialgen::cli {
namespace {

void PrintSummary(const PredictOptions& options, const PredictSummary& summary) {
  for (const std::string& error : summary.first_errors) spdlog::warn("failed: {}", error);
  if (summary.failed > int64_t(summary.first_errors.size())) {
    spdlog::warn("... and {} more failures (records with \"text\": null in the file)",
                 summary.failed - int64_t(summary.first_errors.size()));
  }
  fmt::print("predict: {} items: {} answered, {} failed, {} skipped (already answered), {:.1f} s\n",
             summary.items, summary.answered, summary.failed, summary.skipped, summary.seconds);
  if (summary.stopped) {
    fmt::print("stopped after {} items failed in a row (is the server up, the URL and key right?): "
               "{} items not tried\n",
               options.stop_after_failures, summary.not_run);
  }
  fmt::print("predictions: {}\n", std::filesystem::absolute(options.out).string());
  if (summary.failed > 0 || summary.not_run > 0) {
    fmt::print("run the same command again to retry the failed and untried items\n");
  }
}

}  // namespace

void AddPredictCommand(CLI::App& app, Action& run) {
  auto options = std::make_shared<PredictOptions>();
  auto quiet = std::make_shared<bool>(false);
  CLI::App* command = app.add_subcommand(
      "predict",
      "Answer a dataset's questions with a model back end, one JSON line per item in --out; "
      "a rerun skips answered items and retries failed ones (docs/predict.md)");
  command->add_option("--dataset", options->dataset,
                      "Dataset folder, RoboPoint JSON or RoboSpatial JSON/JSONL file")->required();
  command->add_option("--backend", options->backend,
                      fmt::format("Back end: {}", fmt::join(PredictBackendNames(), ", ")))
      ->required();
  command->add_option("--out", options->out, "Predictions file (.jsonl), appended to")->required();
  command->add_option("--image-root", options->image_root,
                      "Where relative image paths resolve (default: the dataset's folder)");
  command->add_option("--concurrency", options->concurrency, "Items in flight at once");
  command->add_option("--limit", options->limit, "Only the first N items (0: all)");
  command->add_option("--retries", options->retries,
                      "Further attempts after a timeout, dropped connection, HTTP 429 or 5xx");
  command->add_option("--backoff", options->backoff.base_seconds,
                      "Pause before the first retry, seconds (doubles each retry, with jitter)");
  command->add_option("--stop-after-failures", options->stop_after_failures,
                      "Stop when this many items fail in a row (0: never)");
  command->add_option("--seed", options->seed, "Seeds the retry jitter and the random back end");
  command->add_option("--base-url", options->http.base_url,
                      "Server: http(s)://host:port of the OpenAI-compatible server or the worker");
  command->add_option("--model", options->http.model,
                      "Model name sent with each request; native: the LLaVA model folder");
  command->add_option("--vision-tower", options->native.vision_tower,
                      "native: the CLIP vision tower folder (default: config.json's mm_vision_tower when local)");
  command->add_option("--device", options->native.device,
                      "native: where the model runs: cpu, or cuda (GPU 0; builds with CUDA only)");
  command->add_option("--kv-positions", options->native.kv_positions,
                      "native, cuda: KV cache positions per sequence (0: the model's context)");
  command->add_option("--dtype", options->native.dtype,
                      "native: matrix operand type: auto (cpu: float32, cuda: bfloat16), float32, bfloat16, float16");
  command->add_option("--batch", options->native.batch, "native: items per engine call");
  command->add_option("--max-new-tokens", options->native.max_new_tokens, "native: longest answer, in tokens");
  command->add_option("--api-key-env", options->http.api_key_env,
                      "Environment variable that holds the API key (openai; '' for none)");
  command->add_option("--max-tokens", options->http.max_tokens, "Longest answer, in tokens");
  command->add_option("--temperature", options->http.temperature, "Sampling temperature");
  command->add_option("--top-p", options->http.top_p, "Nucleus sampling mass (robopoint-worker)");
  command->add_option("--timeout", options->http.timeouts.read_seconds,
                      "Seconds to wait for a reply before the attempt counts as failed");
  command->add_option("--connect-timeout", options->http.timeouts.connect_seconds,
                      "Seconds to wait for a connection");
  command->add_flag("--quiet", *quiet, "No progress output");
  command->callback([&run, options, quiet] {
    run = [options, quiet] {
      options->progress = !*quiet;
      const PredictSummary summary = RunPredict(*options);
      PrintSummary(*options, summary);
      return summary.failed > 0 || summary.not_run > 0 ? 1 : 0;
    };
  });
}

}  // namespace spatialgen::cli
