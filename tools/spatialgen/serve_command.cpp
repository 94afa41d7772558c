#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <csignal>
#include <memory>
#include <thread>

#include "infer/vlm/vlm_server.h"
#include "tools/spatialgen/commands.h"

namespace spatialgen::cli {
namespace {

// SIGINT and SIGTERM, blocked in every thread (so blocked before the model's loading starts TBB's
// workers) and taken by sigwait in one, which may then call anything (a handler could not).
sigset_t StopSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  return signals;
}

// Stops the server when a stop signal arrives.
class StopOnSignal {
 public:
  explicit StopOnSignal(vlm::VlmServer& server) {
    thread_ = std::thread([&server] {
      const sigset_t signals = StopSignals();
      int signal = 0;
      sigwait(&signals, &signal);
      spdlog::info("serve: stopping");
      server.Stop();
    });
  }
  ~StopOnSignal() {
    // Wake the waiting thread when the server stopped another way.
    pthread_kill(thread_.native_handle(), SIGTERM);
    thread_.join();
  }

 private:
  std::thread thread_;
};

}  // namespace

void AddServeCommand(CLI::App& app, Action& run) {
  auto model = std::make_shared<vlm::ModelOptions>();
  auto serve = std::make_shared<vlm::ServeOptions>();
  CLI::App* command = app.add_subcommand(
      "serve",
      "Serve a LLaVA-1.5 model (RoboPoint's) over HTTP: RoboPoint's worker protocol "
      "(/worker_generate_stream) and OpenAI chat completions (/v1/chat/completions); docs/inference.md");
  command->add_option("--model", model->model_dir, "LLaVA model folder (config.json, *.safetensors, tokenizer.model)")
      ->required();
  command->add_option("--vision-tower", model->vision_tower,
                      "CLIP vision tower folder (default: config.json's mm_vision_tower when local)");
  command->add_option("--device", model->device, "Where the model runs: cpu, or cuda (GPU 0; builds with CUDA only)");
  command->add_option("--kv-positions", model->kv_positions,
                      "cuda: KV cache positions per sequence (0: the model's context)");
  command->add_option("--dtype", model->dtype,
                      "Matrix operand type: auto (cpu: float32, cuda: bfloat16), float32, bfloat16, float16");
  command->add_option("--host", serve->host, "Address to listen on");
  command->add_option("--port", serve->port, "Port to listen on (0: any free port, printed)");
  command->add_option("--model-name", serve->model_name, "Name served (default: the model folder's name)");
  command->add_option("--controller", serve->controller_url,
                      "RoboPoint controller URL to register with (its web UI then finds this worker)");
  command->add_option("--worker-address", serve->worker_address,
                      "This worker's URL as the controller reaches it (with --controller)");
  command->callback([&run, model, serve] {
    run = [model, serve] {
      serve->Check();
      const sigset_t signals = StopSignals();
      pthread_sigmask(SIG_BLOCK, &signals, nullptr);
      model->batch = 1;
      vlm::LlavaModel loaded(*model);
      vlm::VlmServer server(loaded, *serve);
      StopOnSignal stop(server);
      const int port = server.Start();
      fmt::print("serving {} on http://{}:{} (POST /worker_generate_stream, /worker_get_status, "
                 "/v1/chat/completions)\n",
                 server.model_name(), serve->host, port);
      std::fflush(stdout);
      server.Wait();
      return 0;
    };
  });
}

}  // namespace spatialgen::cli
