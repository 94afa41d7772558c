#pragma once
// What the HTTP back ends (openai, robopoint-worker) need to reach a model server and to shape
// their requests.
#include <string>

#include "predict/http_post.h"

namespace spatialgen {

struct HttpBackendOptions {
  std::string base_url;                      // "http://127.0.0.1:8000" (openai), worker address
  std::string model;                         // model name sent in each request
  std::string api_key_env = "OPENAI_API_KEY";  // openai: variable holding the key; "" for none
  int max_tokens = 512;                      // longest answer, in tokens
  double temperature = 0;                    // sampling temperature (0: greedy)
  double top_p = 1;                          // nucleus sampling mass (robopoint-worker)
  HttpTimeouts timeouts;                     // connect and reply timeouts

  // Throws InputError naming the first bad field. `backend` is the back end's name: the
  // openai back end requires a model name.
  void Check(const std::string& backend) const;
};

}  // namespace spatialgen
