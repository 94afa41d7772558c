#include "core/image_header.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <fstream>
#include <string>

namespace spatialgen {
namespace {

class ImageHeaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = std::filesystem::temp_directory_path() / ("core_image_header_" + std::to_string(::getpid()));
    std::filesystem::create_directories(folder_);
  }
  void TearDown() override { std::filesystem::remove_all(folder_); }
  std::filesystem::path Write(const std::string& name, const std::string& bytes) {
    std::ofstream(folder_ / name, std::ios::binary) << bytes;
    return folder_ / name;
  }
  std::filesystem::path folder_;
};

// A PNG's first 24 bytes: signature, IHDR chunk length 13, "IHDR", width 640, height 480.
const std::string kPngHead = std::string("\x89PNG\r\n\x1a\n", 8) + std::string("\0\0\0\x0dIHDR", 8) +
                             std::string("\0\0\x02\x80\0\0\x01\xe0", 8);

TEST_F(ImageHeaderTest, PngSizeComesFromIhdr) {
  const auto header = ReadImageHeader(Write("a.png", kPngHead + std::string(13, '\0')));
  ASSERT_TRUE(header);
  EXPECT_EQ(header->width, 640);
  EXPECT_EQ(header->height, 480);
  EXPECT_FALSE(ReadImageHeader(Write("cut.png", kPngHead.substr(0, 20))));
}

TEST_F(ImageHeaderTest, JpegSizeComesFromTheFrameAfterOtherSegments) {
  // SOI, an APP0 segment of 16 bytes, a fill byte, SOF2 (progressive): 8-bit, 968 high, 1296 wide.
  const std::string app0 = std::string("\xFF\xE0\x00\x10", 4) + std::string(14, 'j');
  const std::string sof2 = std::string("\xFF\xFF\xC2\x00\x11\x08\x03\xC8\x05\x10", 10) + std::string(12, '\0');
  const auto header = ReadImageHeader(Write("b.jpg", std::string("\xFF\xD8", 2) + app0 + sof2));
  ASSERT_TRUE(header);
  EXPECT_EQ(header->width, 1296);
  EXPECT_EQ(header->height, 968);
  // DHT (C4) is not a frame: a file with only tables and then the scan has no size.
  const std::string dht = std::string("\xFF\xC4\x00\x04\x00\x00", 6);
  EXPECT_FALSE(ReadImageHeader(Write("c.jpg", std::string("\xFF\xD8", 2) + dht + std::string("\xFF\xDA\x00\x02", 4))));
}

TEST_F(ImageHeaderTest, OtherFilesHaveNoHeader) {
  EXPECT_FALSE(ReadImageHeader(Write("t.txt", "hello, world")));
  EXPECT_FALSE(ReadImageHeader(folder_ / "absent.png"));
  EXPECT_FALSE(ReadImageHeader(Write("empty.png", "")));
}

}  // namespace
}  // namespace spatialgen
