#pragma once
// Base64 (RFC 4648 section 4: standard alphabet, '=' padding). Used to embed binary data, such
// as the gallery images of report.html, in text files.
#include <optional>
#include <string>
#include <string_view>

namespace spatialgen {

// The base64 text of `bytes`, padded to a multiple of 4 characters, without line breaks.
std::string EncodeBase64(std::string_view bytes);

// The bytes that `text` encodes, or nullopt when `text` is not padded standard base64 (wrong
// length, a character outside the alphabet, misplaced padding or non-zero padding bits).
std::optional<std::string> DecodeBase64(std::string_view text);

}  // namespace spatialgen
