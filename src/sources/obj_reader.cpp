#include "sources/obj_reader.h"

#include <fmt/format.h>

#include <charconv>
#include <cfloat>
#include <climits>
#include <cmath>
#include <cstdint>
#include <vector>

#include "core/error.h"
#include "core/text.h"

namespace spatialgen {
namespace {

struct Face {
  std::vector<int64_t> indices;  // 0-based, not yet checked against the vertex count
  std::vector<int64_t> written;  // as in the file, for messages
  int line = 0;
};

}  // namespace

Mesh ParseObj(std::string_view text, const std::string& file) {
  Mesh mesh;
  std::vector<Face> faces;
  bool every_vertex_coloured = true;
  size_t pos = 0;
  for (int line_number = 1; pos < text.size(); ++line_number) {
    const size_t end = std::min(text.find('\n', pos), text.size());
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    if (const size_t comment = line.find('#'); comment != std::string_view::npos) line = line.substr(0, comment);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const std::vector<std::string_view> tokens = BlankSeparatedWords(line);
    if (tokens.empty()) continue;
    const std::string where = fmt::format("line {}", line_number);
    if (tokens[0] == "v") {
      std::vector<double> numbers;
      for (size_t k = 1; k < tokens.size(); ++k) {
        double value = 0;
        const auto [rest, error] = std::from_chars(tokens[k].data(), tokens[k].data() + tokens[k].size(), value);
        if (error != std::errc() || rest != tokens[k].data() + tokens[k].size() || !std::isfinite(value) ||
            std::abs(value) > FLT_MAX) {
          throw InputError({file, "", where}, fmt::format("\"{}\" is not a finite number", tokens[k]));
        }
        numbers.push_back(value);
      }
      if (numbers.size() != 3 && numbers.size() != 4 && numbers.size() != 6) {
        throw InputError({file, "", where}, fmt::format("a vertex has 3 (x y z), 4 (x y z w) or 6 (x y z r g b) numbers, got {}",
                                                        numbers.size()));
      }
      mesh.vertices.emplace_back(float(numbers[0]), float(numbers[1]), float(numbers[2]));
      if (numbers.size() == 6) {
        mesh.vertex_colors.emplace_back(float(numbers[3]), float(numbers[4]), float(numbers[5]));
      } else {
        every_vertex_coloured = false;
      }
    } else if (tokens[0] == "f") {
      if (tokens.size() < 4) throw InputError({file, "", where}, fmt::format("a face needs at least 3 vertices, got {}", tokens.size() - 1));
      Face face{{}, {}, line_number};
      for (size_t k = 1; k < tokens.size(); ++k) {
        const std::string_view entry = tokens[k].substr(0, tokens[k].find('/'));
        int64_t index = 0;
        const auto [rest, error] = std::from_chars(entry.data(), entry.data() + entry.size(), index);
        if (error != std::errc() || rest != entry.data() + entry.size() || index == 0) {
          throw InputError({file, "", where}, fmt::format("\"{}\" does not start with a vertex number (1, 2, ... or -1, -2, ...)", tokens[k]));
        }
        // Negative: relative to the vertices read so far.
        face.indices.push_back(index > 0 ? index - 1 : int64_t(mesh.vertices.size()) + index);
        face.written.push_back(index);
      }
      faces.push_back(std::move(face));
    }
  }
  if (faces.empty()) throw InputError({file, "", ""}, "no faces: a point cloud, not a mesh");
  if (mesh.vertices.size() > size_t(INT_MAX)) throw InputError({file, "", ""}, "more vertices than a mesh index holds");
  const int64_t vertex_count = int64_t(mesh.vertices.size());
  for (const Face& face : faces) {
    for (size_t k = 0; k < face.indices.size(); ++k) {
      if (face.indices[k] < 0 || face.indices[k] >= vertex_count) {
        throw InputError({file, "", fmt::format("line {}", face.line)},
                         fmt::format("the face names vertex {}, which does not exist", face.written[k]));
      }
    }
    for (size_t k = 2; k < face.indices.size(); ++k) {
      mesh.triangles.emplace_back(int(face.indices[0]), int(face.indices[k - 1]), int(face.indices[k]));
    }
  }
  if (!every_vertex_coloured) mesh.vertex_colors.clear();
  return mesh;
}

}  // namespace spatialgen
