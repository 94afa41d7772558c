#pragma once
// Grounding candidates (SPEC section 7): each nameable object's visible 2D box, normalized.
#include <vector>

#include "qa_gen/templates.h"
#include "qa_gen/view_context.h"

namespace spatialgen {

std::vector<PendingItem> GroundingCandidates(const ViewContext& context, const TemplateLibrary& library);

// "[x1, y1, x2, y2]" with 3 decimals.
std::string FormatBox(const Eigen::AlignedBox2d& box_normalized);

}  // namespace spatialgen
