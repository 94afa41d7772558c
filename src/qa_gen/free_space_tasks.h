#pragma once
// The two free-space tasks (SPEC section 5), sharing one region computation:
// - context (RoboSpatial): "points in the free space {rel} the {b} {frame}", for nameable
//   anchors, in every requested frame;
// - free_space_reference (RoboPoint): the same in the ego frame for any referable anchor,
//   named by a red box on the image.
// Relations on the vertical axis have no free space on a surface and are skipped.
#include <vector>

#include "core/counters.h"
#include "qa_gen/free_space.h"
#include "qa_gen/templates.h"
#include "qa_gen/view_context.h"

namespace spatialgen {

std::vector<PendingItem> ContextCandidates(const ViewContext& context, const TemplateLibrary& library,
                                           const std::vector<Frame>& frames, const RelationOptions& relations,
                                           const PointOptions& points, FreeSpaceView& free_space,
                                           Counters& counters);

std::vector<PendingItem> FreeSpaceReferenceCandidates(const ViewContext& context,
                                                      const TemplateLibrary& library,
                                                      const RelationOptions& relations,
                                                      const PointOptions& points, FreeSpaceView& free_space,
                                                      Counters& counters);

}  // namespace spatialgen
