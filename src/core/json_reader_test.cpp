#include "core/json_reader.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace spatialgen {
namespace {

TEST(JsonReaderTest, ReadsKnownKeysAndKeepsDefaults) {
  const Json json = Json::parse(R"({"a": 3, "nested": {"b": "x"}})");
  JsonReader reader(json, "c.json");
  int a = 0, missing = 7;
  reader.Read("a", a);
  reader.Read("missing", missing);
  JsonReader nested = reader.Child("nested");
  EXPECT_EQ(nested.Require<std::string>("b"), "x");
  nested.Finish();
  reader.Finish();
  EXPECT_EQ(a, 3);
  EXPECT_EQ(missing, 7);
}

TEST(JsonReaderTest, ResolvedHoldsReadValuesAndDefaults) {
  const Json json = Json::parse(R"({"a": 3, "nested": {"b": "x"}, "list": [{"n": 1}]})");
  JsonReader reader(json, "c.json");
  int a = 0, missing = 7, n = 0;
  std::string b;
  double deep = 0.5;
  reader.Read("a", a);
  reader.Read("missing", missing);
  reader.Child("nested").Read("b", b);
  reader.OptionalChild("absent").Read("deep", deep);
  reader.Children("list")[0].Read("n", n);
  EXPECT_EQ(reader.resolved(), Json::parse(R"({"a": 3, "missing": 7, "nested": {"b": "x"},
                                               "absent": {"deep": 0.5}, "list": [{"n": 1}]})"));
}

TEST(JsonReaderTest, UnknownKeyNamesFileAndKeyPath) {
  const Json json = Json::parse(R"({"generation": {"relation_margn": 0.1}})");
  JsonReader reader(json, "configs/x.json");
  JsonReader generation = reader.Child("generation");
  try {
    generation.Finish();
    FAIL() << "expected an error";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "configs/x.json: generation.relation_margn: unknown key");
  }
}

TEST(JsonReaderTest, WrongTypeNamesTheKey) {
  const Json json = Json::parse(R"({"list": [{"n": "three"}]})");
  JsonReader reader(json, "f.json");
  std::vector<JsonReader> items = reader.Children("list");
  ASSERT_EQ(items.size(), 1u);
  try {
    items[0].Require<int>("n");
    FAIL() << "expected an error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.location().field, "list[0].n");
    EXPECT_NE(std::string(e.what()).find("wrong type"), std::string::npos);
  }
}

TEST(JsonReaderTest, FileWithCommentsParses) {
  const auto path = std::filesystem::temp_directory_path() / "spatialgen_json_reader_test.json";
  std::ofstream(path) << "// a comment\n{\"k\": /* inline */ 1}\n";
  const Json json = ReadJsonFile(path);
  EXPECT_EQ(json.at("k").get<int>(), 1);
  std::filesystem::remove(path);
}

TEST(JsonReaderTest, MissingFileIsNamed) {
  try {
    ReadJsonFile("/nonexistent/dir/config.json");
    FAIL() << "expected an error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.location().file, "/nonexistent/dir/config.json");
  }
}

}  // namespace
}  // namespace spatialgen
