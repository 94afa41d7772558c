#pragma once
// Whether a PNG or JPEG file is whole, from its structure, before anyone decodes it: decoders
// fill a cut-short JPEG with grey and only warn on stderr, so a photo cut to 1000 bytes was
// taken as a good one (issue 15).
//
// PNG: the signature, then chunks whose lengths fit the file and whose CRCs match, IHDR first,
// at least one IDAT, and IEND. Every byte of a PNG is under a CRC, so any corruption is found.
// JPEG: SOI, then marker segments whose lengths fit the file, a frame (SOF) before the first
// scan (SOS), entropy-coded data holding only stuffed bytes (FF 00) and restart markers, and
// EOI. Bytes after EOI are ignored, as decoders do. JPEG has no checksum: a byte changed inside
// the entropy-coded data with the structure intact is not found here (the decoder may still
// refuse it).
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace spatialgen {

// What is wrong with the bytes of a PNG or JPEG file ("cut short: no end-of-image marker",
// "chunk IDAT: CRC mismatch"), or nullopt when its structure is whole.
std::optional<std::string> ImageBytesProblem(std::string_view bytes);

// The same for a file; a file that cannot be read is a problem too.
std::optional<std::string> ImageFileProblem(const std::filesystem::path& path);

// What keeps a file from being a view's photo: ImageFileProblem(), or a size (from its header,
// before anything is decoded) beyond the view limits of image_header.h.
std::optional<std::string> ViewImageProblem(const std::filesystem::path& path);

}  // namespace spatialgen
