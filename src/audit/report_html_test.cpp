#include "audit/report_html.h"

#include <gtest/gtest.h>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "audit/gallery_images.h"
#include "audit/html_text.h"
#include "audit/svg_charts.h"
#include "core/atomic_file.h"
#include "core/base64.h"
#include "core/error.h"
#include "testing/temp_path.h"

namespace spatialgen {
namespace {

namespace fs = std::filesystem;

constexpr const char* kPlantedQuestion = "Is the <mug> left of the \"box\" & the bowl?";
constexpr const char* kEscapedQuestion =
    "Is the &lt;mug&gt; left of the &quot;box&quot; &amp; the bowl?";
constexpr const char* kDataUri = "data:image/jpeg;base64,";

size_t CountOf(const std::string& text, const std::string& needle) {
  size_t count = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++count;
  return count;
}

// The n-th embedded gallery picture, decoded.
cv::Mat EmbeddedImage(const std::string& html, size_t n) {
  size_t at = std::string::npos;
  for (size_t i = 0; i <= n; ++i) {
    at = html.find(kDataUri, at == std::string::npos ? 0 : at + 1);
    if (at == std::string::npos) return {};
  }
  const size_t begin = at + std::string(kDataUri).size();
  const size_t end = html.find('"', begin);
  const auto bytes = DecodeBase64(std::string_view(html).substr(begin, end - begin));
  if (!bytes) return {};
  const cv::Mat buffer(1, int(bytes->size()), CV_8UC1, const_cast<char*>(bytes->data()));
  return cv::imdecode(buffer, cv::IMREAD_COLOR);
}

// Whether the pixel at (x, y) is within `tolerance` of `bgr` in every channel (JPEG is lossy).
::testing::AssertionResult PixelNear(const cv::Mat& image, int x, int y, cv::Vec3i bgr,
                                     int tolerance) {
  const cv::Vec3b pixel = image.at<cv::Vec3b>(y, x);
  for (int c = 0; c < 3; ++c) {
    if (std::abs(int(pixel[c]) - bgr[c]) > tolerance) {
      return ::testing::AssertionFailure()
             << "pixel (" << x << ", " << y << ") is BGR " << int(pixel[0]) << "," << int(pixel[1])
             << "," << int(pixel[2]) << ", expected " << bgr[0] << "," << bgr[1] << "," << bgr[2];
    }
  }
  return ::testing::AssertionSuccess();
}

// A check that failed once per example.
AuditCheck MakeCheck(std::string name, std::string category, CheckSeverity severity,
                     int64_t checked, std::vector<std::string> examples) {
  AuditCheck check;
  check.name = std::move(name);
  check.category = std::move(category);
  check.severity = severity;
  check.description = "what " + check.name + " asks";
  check.checked = checked;
  check.failed = int64_t(examples.size());
  check.examples = std::move(examples);
  return check;
}

class ReportHtmlTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = spatialgen::testing::TempPath("spatialgen_report_html_test");
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    // A 640x480 mid-grey image, and a mask over its top-right quarter.
    cv::Mat image(480, 640, CV_8UC3, cv::Scalar(128, 128, 128));
    ASSERT_TRUE(cv::imwrite((dir_ / "view.png").string(), image));
    cv::Mat mask(480, 640, CV_8UC1, cv::Scalar(0));
    mask(cv::Rect(320, 0, 320, 240)).setTo(255);
    ASSERT_TRUE(cv::imwrite((dir_ / "mask.png").string(), mask));
  }
  void TearDown() override { fs::remove_all(dir_); }

  AuditReport MakeReport() const {
    AuditReport report;
    report.dataset = "/data/demo & co";
    report.layout = "spatialgen";
    report.items = 120;
    report.images = 7;
    report.items_per_task = {{"configuration", 80}, {"context", 40}};
    report.image_sizes = {{"640x480", 6}, {"1296x968", 1}};
    report.checks = {
        MakeCheck("unknown_key", "schema", CheckSeverity::kError, 120, {}),
        MakeCheck("point_out_of_range", "content", CheckSeverity::kError, 40,
                  {"ctx_042: point (1.2, 0.3) outside [0, 1]", "ctx_043: point (0.5, -1) outside [0, 1]"}),
        MakeCheck("duplicate_question", "content", CheckSeverity::kWarning, 120,
                  {"cfg_007: same as cfg_003"}),
    };
    report.balance = {{"compatibility", "ego", "left", 10, 30},
                      {"configuration", "ego", "left", 20, 20},
                      {"configuration", "ego", "right", 5, 35},
                      {"configuration", "world", "left", 0, 0}};
    for (int i = 0; i < 60; ++i) {
      report.objects.push_back({"label" + std::to_string(100 + i), 200 - i});
    }
    report.relations = {{"left", 50}, {"right", 40}};
    report.histograms = {{"question length (words)", 5, 1, {1, 4, 9, 3}, 17, 6.8},
                         {"points per item", 1, 1, {}, 0, 0},
                         {"items per image", 1, 5, {2, 0, 1}, 3, 4.0}};
    report.prior = {{"configuration", "ego", "left", 40, 0.90, 0.5, 0.77, 0.96, true},
                    {"configuration", "ego", "right", 40, 0.52, 0.5, 0.37, 0.67}};
    report.prior_accuracy = 0.71;
    report.prior_chance = 0.5;
    report.prior_biased = true;

    GalleryEntry points;
    points.id = "ctx_001";
    points.task = "context";
    points.frame = "ego";
    points.relation = "left";
    points.image_path = dir_ / "view.png";
    points.mask_path = dir_ / "mask.png";
    points.question = kPlantedQuestion;
    points.answer = "[(0.25, 0.5), (0.75, 0.25)]";
    points.answer_kind = "points";
    points.points = {{0.25, 0.5}, {0.75, 0.25}};
    GalleryEntry box;
    box.id = "grd_002";
    box.task = "grounding";
    box.image_path = dir_ / "view.png";
    box.mask_path = dir_ / "no_such_mask.png";
    box.question = "Where is the cup?";
    box.answer = "[0.1, 0.1, 0.5, 0.6]";
    box.answer_kind = "box";
    box.box = {0.1, 0.1, 0.5, 0.6};
    GalleryEntry missing;
    missing.id = "cfg_003";
    missing.task = "configuration";
    missing.image_path = dir_ / "gone.png";
    missing.question = "Is it?";
    missing.answer = "yes";
    missing.answer_kind = "yes_no";
    missing.problems = {"missing_image"};
    report.gallery = {points, box, missing};
    return report;
  }

  fs::path dir_;
};

TEST_F(ReportHtmlTest, WritesOneSelfContainedPage) {
  const fs::path path = dir_ / "out" / "report.html";
  WriteHtmlReport(MakeReport(), path);
  ASSERT_TRUE(fs::exists(path));
  const std::string html = ReadFileToString(path);
  EXPECT_EQ(html.find("http://"), std::string::npos);
  EXPECT_EQ(html.find("https://"), std::string::npos);
  EXPECT_EQ(html.find("src=\"/"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_EQ(html.find("url("), std::string::npos);
  // A chart per balance task (compatibility, configuration) and per histogram.
  EXPECT_EQ(CountOf(html, "<svg"), 2u + 3u);
  EXPECT_EQ(CountOf(html, "</svg>"), 2u + 3u);
  EXPECT_NE(html.find("no samples"), std::string::npos);  // the empty histogram
}

TEST_F(ReportHtmlTest, EscapesDatasetStrings) {
  const std::string html = RenderHtmlReport(MakeReport());
  EXPECT_NE(html.find(kEscapedQuestion), std::string::npos);
  EXPECT_EQ(html.find("<mug>"), std::string::npos);
  EXPECT_NE(html.find("/data/demo &amp; co"), std::string::npos);
}

TEST_F(ReportHtmlTest, ShowsVerdictAndHighlightsFailingChecks) {
  const std::string html = RenderHtmlReport(MakeReport());
  EXPECT_NE(html.find("2 errors, 1 warning"), std::string::npos);
  EXPECT_NE(html.find("language prior: biased"), std::string::npos);
  EXPECT_NE(html.find("<tr class=\"fail error\"><td><code>point_out_of_range</code>"),
            std::string::npos);
  EXPECT_NE(html.find("<tr class=\"fail warning\"><td><code>duplicate_question</code>"),
            std::string::npos);
  EXPECT_NE(html.find("<tr class=\"pass\"><td><code>unknown_key</code>"), std::string::npos);
  EXPECT_NE(html.find("ctx_042: point (1.2, 0.3) outside [0, 1]"), std::string::npos);
  // Geometry ran no checks and the audit had no scenes config.
  EXPECT_NE(html.find("Not run: the audit was given no scenes config."), std::string::npos);
  // The biased prior group is marked, the one at chance is not.
  EXPECT_NE(html.find("<tr class=\"fail error\"><td>configuration</td><td>ego</td><td>left</td>"),
            std::string::npos);
  EXPECT_NE(html.find("<tr class=\"pass\"><td>configuration</td><td>ego</td><td>right</td>"),
            std::string::npos);
  // Each group shows its interval, so that a reader can tell a small group's noise.
  EXPECT_NE(html.find("77.0% to 96.0%"), std::string::npos);
}

TEST_F(ReportHtmlTest, ListsTopObjectsAndImageSizes) {
  const std::string html = RenderHtmlReport(MakeReport());
  EXPECT_NE(html.find("<td>label100</td>"), std::string::npos);
  EXPECT_NE(html.find("<td>label149</td>"), std::string::npos);
  EXPECT_EQ(html.find("<td>label150</td>"), std::string::npos);
  EXPECT_NE(html.find("60 labels in all"), std::string::npos);
  EXPECT_NE(html.find("<td>1296x968</td>"), std::string::npos);
}

TEST_F(ReportHtmlTest, GalleryEmbedsDrawnPicturesAndMarksMissingImages) {
  const std::string html = RenderHtmlReport(MakeReport());
  EXPECT_EQ(CountOf(html, kDataUri), 2u);
  EXPECT_NE(html.find("image missing: " + (dir_ / "gone.png").string()), std::string::npos);
  EXPECT_NE(html.find("mask missing: " + (dir_ / "no_such_mask.png").string()),
            std::string::npos);

  // The points picture: 640x480 scaled to 480x360, so (0.25, 0.5) lands on pixel (120, 180).
  const cv::Mat points = EmbeddedImage(html, 0);
  ASSERT_FALSE(points.empty());
  EXPECT_EQ(points.cols, 480);
  EXPECT_EQ(points.rows, 360);
  const cv::Vec3i point_color(kGalleryPointBgr[0], kGalleryPointBgr[1], kGalleryPointBgr[2]);
  EXPECT_TRUE(PixelNear(points, 120, 180, point_color, 30));
  EXPECT_TRUE(PixelNear(points, 360, 90, point_color, 30));   // the second point, on the mask
  EXPECT_TRUE(PixelNear(points, 160, 180, {128, 128, 128}, 12));  // away from both
  // Inside the mask (top-right quarter), away from the point: grey blended with the tint.
  EXPECT_TRUE(PixelNear(points, 440, 30, {185, 142, 70}, 20));

  // The box picture: no points, a box from (48, 36) to (240, 216).
  const cv::Mat box = EmbeddedImage(html, 1);
  ASSERT_FALSE(box.empty());
  EXPECT_TRUE(PixelNear(box, 120, 180, {128, 128, 128}, 12));
  const cv::Vec3i box_color(kGalleryBoxBgr[0], kGalleryBoxBgr[1], kGalleryBoxBgr[2]);
  EXPECT_TRUE(PixelNear(box, 144, 36, box_color, 30));  // on the top edge
  EXPECT_TRUE(PixelNear(box, 240, 126, box_color, 30));  // on the right edge
}

TEST(HtmlTextTest, EscapesMarkupCharacters) {
  EXPECT_EQ(EscapeHtml("<a href=\"x\">Tom & Jerry's</a>"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
  EXPECT_EQ(CountNoun(1, "error"), "1 error");
  EXPECT_EQ(CountNoun(0, "error"), "0 errors");
  EXPECT_EQ(FormatPercent(0.1234), "12.3%");
}

TEST(SvgChartsTest, HistogramAxisCoversTheLargestBin) {
  const std::string svg = HistogramSvg({"points per item", 1, 1, {3, 17, 8}, 28, 2.2});
  EXPECT_EQ(CountOf(svg, "<svg"), 1u);
  EXPECT_NE(svg.find(">20</text>"), std::string::npos);  // ticks 0, 5, ..., 20
  EXPECT_EQ(svg.find(">25</text>"), std::string::npos);
  EXPECT_NE(svg.find("<title>2: 17</title>"), std::string::npos);
  EXPECT_NE(svg.find(">points per item</text>"), std::string::npos);  // x-axis label
}

TEST(SvgChartsTest, BalanceChartGroupsRowsByFrame) {
  const std::string svg = BalanceChartSvg(
      "configuration", {{"configuration", "ego", "left", 3, 1}, {"configuration", "ego", "above", 0, 4},
                        {"configuration", "world", "left", 2, 2}});
  EXPECT_EQ(CountOf(svg, "frame: ego"), 1u);
  EXPECT_EQ(CountOf(svg, "frame: world"), 1u);
  EXPECT_NE(svg.find("yes 3 / no 1 (75.0% yes)"), std::string::npos);
  EXPECT_NE(svg.find("yes 0 / no 4 (0.0% yes)"), std::string::npos);
}

TEST(HtmlReportOptionsTest, RejectsBadValues) {
  HtmlReportOptions options;
  EXPECT_NO_THROW(options.Check());
  options.jpeg_quality = 0;
  EXPECT_THROW(options.Check(), InputError);
  options = {};
  options.gallery_max_width = 0;
  EXPECT_THROW(RenderHtmlReport(AuditReport{}, options), InputError);
}

}  // namespace
}  // namespace spatialgen
