#include "sources/ply_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <cctype>
#include <charconv>
#include <cfloat>
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <optional>
#include <vector>

#include "core/error.h"
#include "core/text.h"

namespace spatialgen {
namespace {

enum class Encoding { kAscii, kLittleEndian, kBigEndian };
enum class Type { kInt8, kUint8, kInt16, kUint16, kInt32, kUint32, kFloat32, kFloat64 };

struct Property {
  std::string name;
  bool is_list = false;
  Type count_type = Type::kUint8;  // lists only
  Type type = Type::kFloat32;      // the value type (of each list item, for lists)
};

struct Element {
  std::string name;
  uint64_t count = 0;
  std::vector<Property> properties;
};

struct Header {
  Encoding encoding = Encoding::kAscii;
  std::vector<Element> elements;
  size_t body_offset = 0;
};

std::optional<Type> ParseType(std::string_view name) {
  if (name == "char" || name == "int8") return Type::kInt8;
  if (name == "uchar" || name == "uint8") return Type::kUint8;
  if (name == "short" || name == "int16") return Type::kInt16;
  if (name == "ushort" || name == "uint16") return Type::kUint16;
  if (name == "int" || name == "int32") return Type::kInt32;
  if (name == "uint" || name == "uint32") return Type::kUint32;
  if (name == "float" || name == "float32") return Type::kFloat32;
  if (name == "double" || name == "float64") return Type::kFloat64;
  return std::nullopt;
}

int TypeSize(Type type) {
  switch (type) {
    case Type::kInt8: case Type::kUint8: return 1;
    case Type::kInt16: case Type::kUint16: return 2;
    case Type::kInt32: case Type::kUint32: case Type::kFloat32: return 4;
    case Type::kFloat64: return 8;
  }
  return 0;
}

bool IsInteger(Type type) { return type != Type::kFloat32 && type != Type::kFloat64; }

Header ParseHeader(std::string_view bytes, const std::string& file) {
  Header header;
  bool has_format = false;
  size_t pos = 0;
  for (int line_number = 1;; ++line_number) {
    const std::string where = fmt::format("header line {}", line_number);
    const size_t end = bytes.find('\n', pos);
    if (end == std::string_view::npos) throw InputError({file, "", ""}, "the header has no end_header line");
    std::string_view line = bytes.substr(pos, end - pos);
    pos = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const std::vector<std::string_view> tokens = BlankSeparatedWords(line);
    if (line_number == 1) {
      if (tokens.size() != 1 || tokens[0] != "ply") throw InputError({file, "", ""}, "not a PLY file (no \"ply\" line)");
      continue;
    }
    if (tokens.empty() || tokens[0] == "comment" || tokens[0] == "obj_info") continue;
    const std::string_view keyword = tokens[0];
    if (keyword == "end_header") {
      if (!has_format) throw InputError({file, "", where}, "end_header before any format line");
      header.body_offset = pos;
      return header;
    }
    if (keyword == "format") {
      if (tokens.size() != 3 || has_format) throw InputError({file, "", where}, "expected one \"format <encoding> 1.0\"");
      if (tokens[1] == "ascii") {
        header.encoding = Encoding::kAscii;
      } else if (tokens[1] == "binary_little_endian") {
        header.encoding = Encoding::kLittleEndian;
      } else if (tokens[1] == "binary_big_endian") {
        header.encoding = Encoding::kBigEndian;
      } else {
        throw InputError({file, "", where}, "unknown format \"" + std::string(tokens[1]) + "\"");
      }
      has_format = true;
    } else if (keyword == "element") {
      Element element;
      if (tokens.size() != 3) throw InputError({file, "", where}, "expected \"element <name> <count>\"");
      element.name = tokens[1];
      const auto [rest, error] = std::from_chars(tokens[2].data(), tokens[2].data() + tokens[2].size(), element.count);
      if (error != std::errc() || rest != tokens[2].data() + tokens[2].size()) {
        throw InputError({file, "", where}, "the element count must be a whole number, got \"" + std::string(tokens[2]) + "\"");
      }
      for (const Element& other : header.elements) {
        if (other.name == element.name) throw InputError({file, "", where}, "element \"" + element.name + "\" declared twice");
      }
      header.elements.push_back(std::move(element));
    } else if (keyword == "property") {
      if (header.elements.empty()) throw InputError({file, "", where}, "a property before any element");
      Property property;
      const bool list = tokens.size() >= 2 && tokens[1] == "list";
      if (tokens.size() != (list ? 5u : 3u)) {
        throw InputError({file, "", where}, "expected \"property <type> <name>\" or \"property list <count type> <type> <name>\"");
      }
      const std::optional<Type> type = ParseType(tokens[list ? 3 : 1]);
      if (!type) throw InputError({file, "", where}, "unknown type \"" + std::string(tokens[list ? 3 : 1]) + "\"");
      property.type = *type;
      if (list) {
        const std::optional<Type> count_type = ParseType(tokens[2]);
        if (!count_type || !IsInteger(*count_type)) {
          throw InputError({file, "", where}, "a list count must have an integer type, got \"" + std::string(tokens[2]) + "\"");
        }
        property.is_list = true;
        property.count_type = *count_type;
      }
      property.name = tokens.back();
      header.elements.back().properties.push_back(std::move(property));
    } else {
      throw InputError({file, "", where}, "unknown header keyword \"" + std::string(keyword) + "\"");
    }
  }
}

// Reads the body's values one at a time, as double (exact for every PLY type).
class BodyReader {
 public:
  BodyReader(std::string_view body, Encoding encoding, const std::string& file)
      : body_(body), encoding_(encoding), file_(file) {}

  size_t remaining() const { return body_.size() - pos_; }

  double Next(Type type, const std::string& where) {
    return encoding_ == Encoding::kAscii ? NextText(type, where) : NextBinary(type, where);
  }

  // A list count or an index: an integer in [0, limit).
  uint64_t NextCount(Type type, const std::string& where) {
    const double value = Next(type, where);
    if (value < 0) throw InputError({file_, "", where}, fmt::format("a list count must be >= 0, got {}", value));
    return uint64_t(value);
  }

  // The smallest number of body bytes one instance of `element` takes.
  uint64_t MinBytes(const Element& element) const {
    uint64_t bytes = 0;
    for (const Property& property : element.properties) {
      if (encoding_ == Encoding::kAscii) {
        bytes += 2;  // one digit and a separator
      } else {
        bytes += TypeSize(property.is_list ? property.count_type : property.type);
      }
    }
    return bytes;
  }

 private:
  double NextText(Type type, const std::string& where) {
    while (pos_ < body_.size() && std::isspace(static_cast<unsigned char>(body_[pos_]))) ++pos_;
    const size_t start = pos_;
    while (pos_ < body_.size() && !std::isspace(static_cast<unsigned char>(body_[pos_]))) ++pos_;
    if (pos_ == start) throw InputError({file_, "", where}, "the file ends inside it");
    const char* first = body_.data() + start;
    const char* last = body_.data() + pos_;
    const std::string_view token(first, pos_ - start);
    if (IsInteger(type)) {
      int64_t value = 0;
      const auto [rest, error] = std::from_chars(first, last, value);
      if (error != std::errc() || rest != last || value < Low(type) || value > High(type)) {
        throw InputError({file_, "", where}, fmt::format("\"{}\" is not a valid {}", token, TypeName(type)));
      }
      return double(value);
    }
    double value = 0;
    const auto [rest, error] = std::from_chars(first, last, value);
    if (error != std::errc() || rest != last) {
      throw InputError({file_, "", where}, fmt::format("\"{}\" is not a number", token));
    }
    return value;
  }

  double NextBinary(Type type, const std::string& where) {
    const int size = TypeSize(type);
    if (remaining() < size_t(size)) throw InputError({file_, "", where}, "the file ends inside it");
    uint8_t raw[8];
    std::memcpy(raw, body_.data() + pos_, size);
    pos_ += size;
    const bool swap = (encoding_ == Encoding::kBigEndian) == (std::endian::native == std::endian::little);
    if (swap) std::reverse(raw, raw + size);
    switch (type) {
      case Type::kInt8: return Load<int8_t>(raw);
      case Type::kUint8: return Load<uint8_t>(raw);
      case Type::kInt16: return Load<int16_t>(raw);
      case Type::kUint16: return Load<uint16_t>(raw);
      case Type::kInt32: return Load<int32_t>(raw);
      case Type::kUint32: return Load<uint32_t>(raw);
      case Type::kFloat32: return Load<float>(raw);
      case Type::kFloat64: return Load<double>(raw);
    }
    return 0;
  }

  template <typename T>
  static double Load(const uint8_t* raw) {
    T value;
    std::memcpy(&value, raw, sizeof(T));
    return double(value);
  }

  static int64_t Low(Type type) {
    switch (type) {
      case Type::kInt8: return INT8_MIN;
      case Type::kInt16: return INT16_MIN;
      case Type::kInt32: return INT32_MIN;
      default: return 0;
    }
  }
  static int64_t High(Type type) {
    switch (type) {
      case Type::kInt8: return INT8_MAX;
      case Type::kUint8: return UINT8_MAX;
      case Type::kInt16: return INT16_MAX;
      case Type::kUint16: return UINT16_MAX;
      case Type::kInt32: return INT32_MAX;
      default: return UINT32_MAX;
    }
  }
  static const char* TypeName(Type type) {
    switch (type) {
      case Type::kInt8: return "int8";
      case Type::kUint8: return "uint8";
      case Type::kInt16: return "int16";
      case Type::kUint16: return "uint16";
      case Type::kInt32: return "int32";
      default: return "uint32";
    }
  }

  std::string_view body_;
  Encoding encoding_;
  const std::string& file_;
  size_t pos_ = 0;
};

// A PLY double as a float: out-of-range values become infinite (the mesh checks refuse them)
// instead of being converted with undefined behaviour.
float ToFloat(double value) {
  return std::abs(value) > double(FLT_MAX) ? float(std::copysign(INFINITY, value)) : float(value);
}

int FindProperty(const Element& element, std::string_view name) {
  for (size_t i = 0; i < element.properties.size(); ++i) {
    if (element.properties[i].name == name) return int(i);
  }
  return -1;
}

// Where each vertex value goes: the index of x, y, z, red, green, blue in the property list.
struct VertexLayout {
  int position[3] = {-1, -1, -1};
  int color[3] = {-1, -1, -1};
  float color_scale = 1;  // 1/255 for uchar colours
};

VertexLayout FindVertexLayout(const Element& vertex, const std::string& file) {
  VertexLayout layout;
  const char* axes[3] = {"x", "y", "z"};
  for (int k = 0; k < 3; ++k) {
    layout.position[k] = FindProperty(vertex, axes[k]);
    if (layout.position[k] < 0 || vertex.properties[layout.position[k]].is_list) {
      throw InputError({file, "", "element vertex"}, fmt::format("no scalar property \"{}\"", axes[k]));
    }
  }
  const char* channels[3] = {"red", "green", "blue"};
  for (int k = 0; k < 3; ++k) layout.color[k] = FindProperty(vertex, channels[k]);
  if (layout.color[0] < 0 || layout.color[1] < 0 || layout.color[2] < 0) {
    layout.color[0] = layout.color[1] = layout.color[2] = -1;
    return layout;
  }
  const Type type = vertex.properties[layout.color[0]].type;
  for (int k = 0; k < 3; ++k) {
    const Property& channel = vertex.properties[layout.color[k]];
    if (channel.is_list || channel.type != type ||
        (type != Type::kUint8 && type != Type::kFloat32 && type != Type::kFloat64)) {
      throw InputError({file, "", "element vertex"},
                       "red, green and blue must all be uchar, all float or all double");
    }
  }
  layout.color_scale = type == Type::kUint8 ? 1.0f / 255 : 1.0f;
  return layout;
}

int FindFaceIndices(const Element& face, const std::string& file) {
  int index = FindProperty(face, "vertex_indices");
  if (index < 0) index = FindProperty(face, "vertex_index");
  if (index < 0 || !face.properties[index].is_list || !IsInteger(face.properties[index].type)) {
    throw InputError({file, "", "element face"}, "no integer list property \"vertex_indices\"");
  }
  return index;
}

}  // namespace

Mesh ParsePly(std::string_view bytes, const std::string& file) {
  const Header header = ParseHeader(bytes, file);
  const Element* vertex = nullptr;
  const Element* face = nullptr;
  for (const Element& element : header.elements) {
    if (element.name == "vertex") vertex = &element;
    if (element.name == "face") face = &element;
  }
  if (vertex == nullptr) throw InputError({file, "", ""}, "no vertex element");
  if (face == nullptr || face->count == 0) throw InputError({file, "", ""}, "no faces: a point cloud, not a mesh");
  if (vertex->count > uint64_t(INT_MAX)) {
    throw InputError({file, "", "element vertex"}, fmt::format("{} vertices: more than a mesh index holds", vertex->count));
  }
  const VertexLayout layout = FindVertexLayout(*vertex, file);
  const int indices_property = FindFaceIndices(*face, file);
  const int vertex_count = int(vertex->count);

  BodyReader body(bytes.substr(header.body_offset), header.encoding, file);
  Mesh mesh;
  std::vector<double> values;
  for (const Element& element : header.elements) {
    if (element.properties.empty()) continue;  // nothing to read, however many there are
    // Checked before anything is reserved, so a made-up count cannot allocate memory.
    const uint64_t min_bytes = body.MinBytes(element);
    if (element.count > (body.remaining() + 1) / min_bytes) {
      throw InputError({file, "", "element " + element.name},
                       fmt::format("{} declared, but the {} bytes left hold fewer", element.count, body.remaining()));
    }
    const bool is_vertex = &element == vertex, is_face = &element == face;
    if (is_vertex) {
      mesh.vertices.reserve(element.count);
      if (layout.color[0] >= 0) mesh.vertex_colors.reserve(element.count);
    }
    for (uint64_t i = 0; i < element.count; ++i) {
      const std::string where = fmt::format("{} {}", element.name, i);
      values.clear();
      for (size_t p = 0; p < element.properties.size(); ++p) {
        const Property& property = element.properties[p];
        if (!property.is_list) {
          values.push_back(body.Next(property.type, where));
          continue;
        }
        const uint64_t count = body.NextCount(property.count_type, where);
        if (count > body.remaining()) throw InputError({file, "", where}, "the file ends inside it");
        if (!(is_face && int(p) == indices_property)) {
          for (uint64_t k = 0; k < count; ++k) body.Next(property.type, where);
          values.push_back(0);
          continue;
        }
        if (count < 3) throw InputError({file, "", where}, fmt::format("{} vertices: a face needs at least 3", count));
        int first = 0, previous = 0;
        for (uint64_t k = 0; k < count; ++k) {
          const double index = body.Next(property.type, where);
          if (index < 0 || index >= vertex_count) {
            throw InputError({file, "", where},
                             fmt::format("vertex index {} is out of range for {} vertices", index, vertex_count));
          }
          if (k == 0) first = int(index);
          if (k >= 2) mesh.triangles.emplace_back(first, previous, int(index));
          previous = int(index);
        }
        values.push_back(0);
      }
      if (is_vertex) {
        mesh.vertices.emplace_back(ToFloat(values[layout.position[0]]), ToFloat(values[layout.position[1]]),
                                   ToFloat(values[layout.position[2]]));
        if (layout.color[0] >= 0) {
          mesh.vertex_colors.emplace_back(ToFloat(values[layout.color[0]]) * layout.color_scale,
                                          ToFloat(values[layout.color[1]]) * layout.color_scale,
                                          ToFloat(values[layout.color[2]]) * layout.color_scale);
        }
      }
    }
  }
  return mesh;
}

}  // namespace spatialgen
