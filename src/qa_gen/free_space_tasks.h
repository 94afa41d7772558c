#pragma once
// The two free-space tasks (SPEC section 5), sharing one region computation:
// - context (RoboSpatial): "points in the free space {rel} the {b} {frame}", for nameable
//   anchors (and a second nameable anchor C for relations that have two), in the frames the
//   relation is asked in;
// - free_space_reference (RoboPoint): the same in the ego frame for any referable anchor,
//   named by a red box on the image.
// The region is the anchor's free surface where the relation's point form holds; relations
// without one for an anchor (vertical ones: free space lies on a surface) are skipped.
#include <vector>

#include "core/counters.h"
#include "qa_gen/free_space.h"
#include "qa_gen/templates.h"
#include "qa_gen/view_context.h"

namespace spatialgen {

std::vector<PendingItem> ContextCandidates(const ViewContext& context, const TemplateLibrary& library,
                                           const std::vector<Frame>& frames,
                                           const std::vector<const RelationEntry*>& relations,
                                           const RelationOptions& relation_options, const PointOptions& points,
                                           FreeSpaceView& free_space, Counters& counters);

std::vector<PendingItem> FreeSpaceReferenceCandidates(const ViewContext& context,
                                                      const TemplateLibrary& library,
                                                      const std::vector<const RelationEntry*>& relations,
                                                      const RelationOptions& relation_options,
                                                      const PointOptions& points, FreeSpaceView& free_space,
                                                      Counters& counters);

}  // namespace spatialgen
