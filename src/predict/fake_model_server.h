#pragma once
// Test-only: a local model server on 127.0.0.1 (a free port) that speaks both protocols the
// HTTP back ends use, records what it receives, and replies as each test scripts it.
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

// Kept out of the header: httplib.h pulls in <resolv.h>, whose _res macro breaks Eigen.
namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace spatialgen {

struct FakeReply {
  int status = 200;
  std::string body;            // sent as is; empty with status 200: a normal answer
  double delay_seconds = 0;    // wait before replying (to outlast the client's timeout)
};

struct ReceivedRequest {
  std::string path;
  std::string body;
  std::string authorization;  // the Authorization header, "" when absent
  std::string question;       // the question found in the body ("" when none)
};

class FakeModelServer {
 public:
  FakeModelServer();
  ~FakeModelServer();

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  // Replies for requests about `question`, in order; the last one repeats.
  void Script(const std::string& question, std::vector<FakeReply> replies);
  std::vector<ReceivedRequest> requests() const;
  int RequestsAbout(const std::string& question) const;
  // The most requests that were being handled at the same moment.
  int max_in_flight() const;

  // The normal answer to `question`, and how each protocol sends it.
  static std::string AnswerFor(const std::string& question) { return "answer: " + question; }
  static std::string ChatReply(const std::string& text);
  // NUL-separated worker chunks: prompt + each growing prefix of `text`, in `pieces` steps.
  static std::string WorkerStream(const std::string& prompt, const std::string& text,
                                  int pieces, int error_code = 0);

 private:
  void Handle(const httplib::Request& request, httplib::Response& response, bool worker);

  std::unique_ptr<httplib::Server> server_;
  int port_ = -1;
  std::thread thread_;
  mutable std::mutex mutex_;
  std::map<std::string, std::deque<FakeReply>> scripts_;
  std::vector<ReceivedRequest> requests_;
  int in_flight_ = 0;
  int max_in_flight_ = 0;
};

}  // namespace spatialgen
