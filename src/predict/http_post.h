#pragma once
// One JSON POST to a model server, with the outcome sorted the way the predict driver needs:
// the reply body on HTTP 2xx, else a BackendError that names the URL, the status and the start
// of the body, and says whether trying again can help.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace spatialgen {

struct HttpTimeouts {
  double connect_seconds = 10;  // to open the connection
  double read_seconds = 120;    // for the whole reply to arrive (also bounds each send)
};

// A base URL split for the HTTP client: "http://host:8000/prefix/" ->
// {"http://host:8000", "/prefix"}.
struct ServerAddress {
  std::string scheme_host_port;  // "http://host:8000" (no path)
  std::string path_prefix;       // "" or "/prefix", without a trailing slash
  std::string Url(std::string_view path) const { return scheme_host_port + path_prefix + std::string(path); }
};

// Throws InputError naming `field` when `base_url` is not http(s)://host[:port][/path], or
// when it is https and the HTTP library was built without OpenSSL.
ServerAddress ParseServerAddress(const std::string& base_url, const std::string& field);

using HttpHeaderList = std::vector<std::pair<std::string, std::string>>;

// POSTs `body` as application/json to address + path and returns the reply body (HTTP 2xx).
// Throws BackendError: retryable for connection failures, timeouts, HTTP 408, 429 and 5xx;
// not retryable for other statuses and for TLS certificate problems.
std::string PostJson(const ServerAddress& address, const std::string& path,
                     const std::string& body, const HttpHeaderList& headers,
                     const HttpTimeouts& timeouts);

// The start of a reply body for an error message: at most `max_chars` characters, control
// bytes (the NULs of a stream) shown as ' ', "..." when cut.
std::string BodySnippet(std::string_view body, size_t max_chars = 300);

}  // namespace spatialgen
