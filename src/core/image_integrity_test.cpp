#include "core/image_integrity.h"

#include <gtest/gtest.h>

#include <opencv2/imgcodecs.hpp>

#include <filesystem>
#include <fstream>
#include "testing/temp_path.h"

namespace spatialgen {
namespace {

// A 64x48 colour gradient encoded by OpenCV, as a real writer would produce it.
std::string Encoded(const std::string& extension) {
  cv::Mat image(48, 64, CV_8UC3);
  for (int y = 0; y < image.rows; ++y) {
    for (int x = 0; x < image.cols; ++x) image.at<cv::Vec3b>(y, x) = cv::Vec3b(uchar(4 * x), uchar(5 * y), uchar(x + y));
  }
  std::vector<uchar> bytes;
  cv::imencode(extension, image, bytes);
  return std::string(bytes.begin(), bytes.end());
}

TEST(ImageIntegrityTest, WholeFilesPass) {
  EXPECT_EQ(ImageBytesProblem(Encoded(".png")), std::nullopt);
  EXPECT_EQ(ImageBytesProblem(Encoded(".jpg")), std::nullopt);
  // Bytes after the end are ignored, as decoders do.
  EXPECT_EQ(ImageBytesProblem(Encoded(".jpg") + "trailer"), std::nullopt);
}

// Issue 15: a JPEG cut to 1000 bytes decoded as a mostly grey image and its scene passed.
TEST(ImageIntegrityTest, CutShortFilesAreFound) {
  const std::string jpeg = Encoded(".jpg");
  const std::string png = Encoded(".png");
  EXPECT_EQ(ImageBytesProblem(jpeg.substr(0, jpeg.size() - 50)), "cut short: no end-of-image marker");
  EXPECT_EQ(ImageBytesProblem(jpeg.substr(0, 200)), "cut short inside the segment of marker C4");
  EXPECT_EQ(ImageBytesProblem(jpeg.substr(0, jpeg.size() - 2)), "cut short: no end-of-image marker");
  EXPECT_EQ(ImageBytesProblem(jpeg.substr(0, 10)), "cut short inside the segment of marker E0");
  EXPECT_EQ(ImageBytesProblem(png.substr(0, png.size() - 12)), "cut short: no IEND chunk");
  EXPECT_EQ(ImageBytesProblem(png.substr(0, png.size() - 20)), "cut short inside chunk IDAT");
  EXPECT_EQ(ImageBytesProblem(""), "empty file");
  EXPECT_EQ(ImageBytesProblem("GIF89a"), "neither a PNG nor a JPEG file");
}

TEST(ImageIntegrityTest, CorruptBytesAreFound) {
  std::string png = Encoded(".png");
  png[png.size() - 20] ^= 0x10;  // inside the IDAT data
  EXPECT_EQ(ImageBytesProblem(png), "corrupt: chunk IDAT fails its CRC");
  // A scan before any frame header.
  EXPECT_EQ(ImageBytesProblem(std::string("\xFF\xD8\xFF\xDA\x00\x02\x12\x34\xFF\xD9", 10)),
            "corrupt: a scan before any frame header");
  // A marker where entropy-coded data should go on: FF D8 inside the scan.
  std::string jpeg = Encoded(".jpg");
  jpeg.insert(jpeg.size() - 10, "\xFF\xD8");
  EXPECT_EQ(ImageBytesProblem(jpeg), "corrupt: marker D8 at offset " + std::to_string(jpeg.size() - 11));
}

// A PNG's chunk CRC, to forge headers (PNG's own polynomial, bit by bit).
uint32_t PngCrc(const std::string& bytes) {
  uint32_t crc = 0xFFFFFFFFu;
  for (const char byte : bytes) {
    crc ^= static_cast<uint8_t>(byte);
    for (int k = 0; k < 8; ++k) crc = (crc & 1) ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
  }
  return crc ^ 0xFFFFFFFFu;
}

// A whole PNG whose header claims `width` x `height`.
std::string ForgedPng(uint32_t width, uint32_t height) {
  std::string png = Encoded(".png");
  for (int i = 0; i < 4; ++i) {
    png[16 + i] = char(width >> (24 - 8 * i));
    png[20 + i] = char(height >> (24 - 8 * i));
  }
  const uint32_t crc = PngCrc(png.substr(12, 17));
  for (int i = 0; i < 4; ++i) png[29 + i] = char(crc >> (24 - 8 * i));
  return png;
}

// Issue 15: 100000 x 100000 views ended in std::bad_alloc; a photo that large is refused from
// its header, before anything is decoded.
TEST(ImageIntegrityTest, ViewImagesAreWithinTheSizeLimit) {
  const std::filesystem::path path = spatialgen::testing::TempPath("spatialgen_integrity_forged.png");
  std::ofstream(path, std::ios::binary) << ForgedPng(64, 48);
  EXPECT_EQ(ViewImageProblem(path), std::nullopt);
  std::ofstream(path, std::ios::binary) << ForgedPng(100000, 100000);
  EXPECT_EQ(ImageFileProblem(path), std::nullopt);
  EXPECT_EQ(ViewImageProblem(path), "100000 x 100000 pixels would need 150 GB for its render buffers alone; a view may have at "
                                    "most 67108864 pixels (8192 x 8192) and 16384 on a side");
  std::filesystem::remove(path);
}

TEST(ImageIntegrityTest, RealPhotoCutTo1000BytesIsFound) {
  const std::filesystem::path photo =
      std::filesystem::path(SPATIALGEN_SOURCE_DIR) / "../shared/data/real/sunrgbd_4frames/image/000001.jpg";
  if (!std::filesystem::exists(photo)) GTEST_SKIP() << "real sample absent: " << photo;
  EXPECT_EQ(ImageFileProblem(photo), std::nullopt);
  const std::filesystem::path cut = spatialgen::testing::TempPath("spatialgen_integrity_cut.jpg");
  std::filesystem::copy_file(photo, cut, std::filesystem::copy_options::overwrite_existing);
  std::filesystem::resize_file(cut, 1000);
  EXPECT_EQ(ImageFileProblem(cut), "cut short: no end-of-image marker");
  std::filesystem::remove(cut);
  EXPECT_EQ(ImageFileProblem(cut), "cannot read the file");
}

}  // namespace
}  // namespace spatialgen
