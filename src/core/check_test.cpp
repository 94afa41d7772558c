#include "core/check.h"

#include <gtest/gtest.h>

#include <cmath>

namespace spatialgen {
namespace {

struct Inner {
  double clearance = 0.1;
  void Check() const { SG_CHECK_OPTION_GE(clearance, 0); }
};

struct Outer {
  int width = 640;
  Inner placement;
  void Check() const {
    SG_CHECK_OPTION_GT(width, 0);
    CheckNested(placement, "placement");
  }
};

TEST(CheckTest, OptionChecksNameTheFieldTheBoundAndTheValue) {
  Outer outer;
  outer.width = -2;
  try {
    outer.Check();
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.location().field, "width");
    EXPECT_EQ(e.reason(), "must be > 0, got -2");
  }
}

TEST(CheckTest, NestedOptionsGetTheirKeyInFront) {
  Outer outer;
  outer.placement.clearance = -0.5;
  try {
    CheckNested(outer, "compatibility");
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.location().field, "compatibility.placement.clearance");
    EXPECT_EQ(e.reason(), "must be >= 0, got -0.5");
  }
}

TEST(CheckTest, NanFailsEveryComparison) {
  const double ratio = std::nan("");
  EXPECT_THROW(SG_CHECK_OPTION_GE(ratio, 0.0), InputError);
  EXPECT_THROW(SG_CHECK_OPTION_LE(ratio, 1.0), InputError);
  EXPECT_THROW(SG_CHECK_OPTION_IN(ratio, 0.0, 1.0), InputError);
  const double inside = 0.5;
  EXPECT_NO_THROW(SG_CHECK_OPTION_IN(inside, 0.0, 1.0));
}

TEST(CheckTest, RangeMessageShowsTheRange) {
  const int jpeg_quality = 101;
  try {
    SG_CHECK_OPTION_IN(jpeg_quality, 1, 100);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), "jpeg_quality: must lie in [1, 100], got 101");
  }
}

TEST(CheckTest, InvariantFailureNamesTheExpression) {
  const int* anchor = nullptr;
  try {
    SG_CHECK(anchor != nullptr);
    FAIL() << "no error";
  } catch (const std::logic_error& e) {
    EXPECT_NE(std::string(e.what()).find("check failed: anchor != nullptr"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("check_test.cpp:"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace spatialgen
