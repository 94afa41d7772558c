#include "core/base64.h"

#include <gtest/gtest.h>

#include <string>

namespace spatialgen {
namespace {

// RFC 4648 section 10.
struct Vector {
  const char* bytes;
  const char* text;
};
constexpr Vector kRfcVectors[] = {
    {"", ""},           {"f", "Zg=="},         {"fo", "Zm8="},         {"foo", "Zm9v"},
    {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"},
};

TEST(Base64Test, EncodesRfc4648Vectors) {
  for (const auto& v : kRfcVectors) EXPECT_EQ(EncodeBase64(v.bytes), v.text) << v.bytes;
}

TEST(Base64Test, DecodesRfc4648Vectors) {
  for (const auto& v : kRfcVectors) {
    const auto decoded = DecodeBase64(v.text);
    ASSERT_TRUE(decoded.has_value()) << v.text;
    EXPECT_EQ(*decoded, v.bytes);
  }
}

TEST(Base64Test, UsesPlusAndSlashAndKeepsEveryByteValue) {
  EXPECT_EQ(EncodeBase64(std::string("\xfb\xff\xbf", 3)), "+/+/");
  std::string all;
  for (int i = 0; i < 256; ++i) all += char(i);
  for (size_t length : {size_t(254), size_t(255), size_t(256)}) {
    const std::string bytes = all.substr(0, length);
    const auto decoded = DecodeBase64(EncodeBase64(bytes));
    ASSERT_TRUE(decoded.has_value());
    EXPECT_EQ(*decoded, bytes);
  }
}

TEST(Base64Test, RejectsMalformedText) {
  EXPECT_FALSE(DecodeBase64("Zg="));       // length not a multiple of 4
  EXPECT_FALSE(DecodeBase64("Zg"));        // unpadded
  EXPECT_FALSE(DecodeBase64("Zm9v!A=="));  // outside the alphabet
  EXPECT_FALSE(DecodeBase64("Zm-_"));      // URL-safe alphabet is not accepted
  EXPECT_FALSE(DecodeBase64("Z==="));      // three padding characters
  EXPECT_FALSE(DecodeBase64("Zg==Zm8="));  // padding before the end
  EXPECT_FALSE(DecodeBase64("Zh=="));      // non-zero padding bits
  EXPECT_FALSE(DecodeBase64("Zm9="));      // non-zero padding bits
  EXPECT_FALSE(DecodeBase64("Zm9v\nYmFy"));  // line breaks are not accepted
}

}  // namespace
}  // namespace spatialgen
