#include "core/json_reader.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include "testing/temp_path.h"

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

// Issue 15: seed -1 wrapped to 2^64-1, 1.5 became 1, 1e20 said "must be >= 0", true became 1.
TEST(JsonReaderTest, NumbersConvertOnlyWithoutLoss) {
  const Json json = Json::parse(R"({"minus": -1, "half": 1.5, "huge": 1e20, "yes": true, "three": 3.0,
                                   "big": 4294967296, "list": [1, 2.5], "word": "x"})");
  JsonReader reader(json, "c.json");
  auto error_of = [&](auto read) -> std::string {
    try {
      read();
    } catch (const InputError& e) {
      return e.what();
    }
    return "";
  };
  uint64_t seed = 0;
  int count = 0;
  double number = 0;
  EXPECT_EQ(error_of([&] { reader.Read("minus", seed); }), "c.json: minus: must be an integer in [0, 18446744073709551615], got -1");
  EXPECT_EQ(error_of([&] { reader.Read("half", seed); }), "c.json: half: must be an integer in [0, 18446744073709551615], got 1.5");
  EXPECT_EQ(error_of([&] { reader.Read("huge", count); }), "c.json: huge: must be an integer in [-2147483648, 2147483647], got 1e+20");
  EXPECT_EQ(error_of([&] { reader.Read("big", count); }), "c.json: big: must be an integer in [-2147483648, 2147483647], got 4294967296");
  EXPECT_EQ(error_of([&] { reader.Read("yes", count); }), "c.json: yes: wrong type: expected an integer, got boolean");
  EXPECT_EQ(error_of([&] { reader.Read("yes", number); }), "c.json: yes: wrong type: expected a number, got boolean");
  EXPECT_EQ(error_of([&] { reader.Require<std::vector<int>>("list"); }),
            "c.json: list[1]: must be an integer in [-2147483648, 2147483647], got 2.5");
  EXPECT_EQ(error_of([&] { reader.Require<std::vector<int>>("word"); }), "c.json: word: wrong type: expected an array, got string");
  reader.Read("three", count);
  EXPECT_EQ(count, 3);
  reader.Read("minus", number);
  EXPECT_EQ(number, -1);
}

// Issue 15: a key given twice was accepted, the last one winning.
TEST(JsonReaderTest, KeyGivenTwiceIsAnErrorNamingItsPath) {
  auto error_of = [](const std::string& text) -> std::string {
    try {
      ParseJsonText(text, "c.json");
    } catch (const InputError& e) {
      return e.what();
    }
    return "";
  };
  EXPECT_EQ(error_of(R"({"seed": 1, "seed": 2})"), "c.json: seed: key given twice");
  EXPECT_EQ(error_of(R"({"scenes": {"procedural": {"views": {"count": 1, "width": 3, "count": 2}}}})"),
            "c.json: scenes.procedural.views.count: key given twice");
  EXPECT_EQ(error_of(R"({"objects": [{"id": 1}, [0, {"a": 1}], {"id": 2, "size": [1, 2], "id": 3}]})"),
            "c.json: objects[2].id: key given twice");
  EXPECT_EQ(error_of(R"([{"a": 1}, {"a": 2}])"), "");  // the same key in two objects is fine
}

TEST(JsonReaderTest, FileWithCommentsParses) {
  const auto path = spatialgen::testing::TempPath("spatialgen_json_reader_test.json");
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
