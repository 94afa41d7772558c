#include "predict/http_post.h"

#include <fmt/format.h>

#include <chrono>

#include "core/error.h"
#include "infer/backend.h"

// Last: it pulls in <resolv.h>, whose _res macro breaks Eigen headers included after it.
#include <httplib.h>

namespace spatialgen {
namespace {

std::chrono::microseconds Micros(double seconds) {
  return std::chrono::microseconds(static_cast<int64_t>(seconds * 1e6));
}

// Transport failures that a later attempt may not meet: the server was down, busy or slow.
bool RetryableTransportError(httplib::Error error) {
  switch (error) {
    case httplib::Error::Connection:
    case httplib::Error::ConnectionTimeout:
    case httplib::Error::Read:
    case httplib::Error::Write:
    case httplib::Error::SSLConnection:
    case httplib::Error::Unknown:
      return true;
    default:  // certificates, redirects, compression, bad bind address: a setup problem
      return false;
  }
}

bool RetryableStatus(int status) { return status == 408 || status == 429 || status >= 500; }

std::string DescribeTransportError(httplib::Error error, const HttpTimeouts& timeouts) {
  switch (error) {
    case httplib::Error::Connection:
      return "cannot connect (is the server running, and is the URL right?)";
    case httplib::Error::ConnectionTimeout:
      return fmt::format("no connection within the {} s connect timeout", timeouts.connect_seconds);
    case httplib::Error::Read:
      return fmt::format("no complete reply (connection closed, or the {} s timeout passed)",
                         timeouts.read_seconds);
    case httplib::Error::Write:
      return "the connection dropped while sending the request";
    default:
      return "request failed: " + httplib::to_string(error);
  }
}

}  // namespace

ServerAddress ParseServerAddress(const std::string& base_url, const std::string& field) {
  const ErrorLocation where{"", "", field};
  const size_t scheme_end = base_url.find("://");
  const std::string scheme = scheme_end == std::string::npos ? "" : base_url.substr(0, scheme_end);
  if (scheme != "http" && scheme != "https") {
    throw InputError(where, "'" + base_url + "' is not an http:// or https:// URL");
  }
#ifndef CPPHTTPLIB_OPENSSL_SUPPORT
  if (scheme == "https") {
    throw InputError(where, "'" + base_url +
                                "': https needs cpp-httplib built with OpenSSL, and this build "
                                "has none; use an http:// URL");
  }
#endif
  const size_t host_start = scheme_end + 3;
  const size_t path_start = base_url.find('/', host_start);
  ServerAddress address;
  address.scheme_host_port = base_url.substr(0, path_start);
  const std::string host = address.scheme_host_port.substr(host_start);
  if (host.empty() || host.find_first_of("?# ") != std::string::npos) {
    throw InputError(where, "'" + base_url + "' has no valid host");
  }
  if (path_start != std::string::npos) {
    address.path_prefix = base_url.substr(path_start);
    while (!address.path_prefix.empty() && address.path_prefix.back() == '/') {
      address.path_prefix.pop_back();
    }
  }
  return address;
}

std::string PostJson(const ServerAddress& address, const std::string& path,
                     const std::string& body, const HttpHeaderList& headers,
                     const HttpTimeouts& timeouts) {
  const std::string url = address.Url(path);
  // A client per request: httplib::Client serializes requests, and these run from many threads.
  httplib::Client client(address.scheme_host_port);
  if (!client.is_valid()) throw BackendError("POST " + url + ": cannot set up a client", false);
  client.set_connection_timeout(Micros(timeouts.connect_seconds));
  client.set_read_timeout(Micros(timeouts.read_seconds));
  client.set_write_timeout(Micros(timeouts.read_seconds));
  httplib::Headers request_headers;
  for (const auto& [key, value] : headers) request_headers.emplace(key, value);

  httplib::Result result =
      client.Post(address.path_prefix + path, request_headers, body, "application/json");
  if (!result) {
    const httplib::Error error = result.error();
    throw BackendError(fmt::format("POST {}: {}", url, DescribeTransportError(error, timeouts)),
                       RetryableTransportError(error));
  }
  const int status = result->status;
  if (status < 200 || status >= 300) {
    throw BackendError(fmt::format("POST {}: HTTP {}: {}", url, status, BodySnippet(result->body)),
                       RetryableStatus(status));
  }
  return std::move(result->body);
}

std::string BodySnippet(std::string_view body, size_t max_chars) {
  std::string snippet(body.substr(0, max_chars));
  for (char& c : snippet) {
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  }
  if (body.size() > max_chars) snippet += "...";
  return snippet;
}

}  // namespace spatialgen
