#pragma once
// Object reference candidates (RoboPoint, SPEC section 6): "points on the {label} {rel} the
// object in the red box". The anchor B is any referable object (named or not: the red box
// names it); the target T is the only referable object of its label for which "T rel B" is
// true in the ego frame, with no other object of that label true or ambiguous. The region is
// T's visible mask; answer points are sampled in it eroded by a few pixels.
#include <vector>

#include "core/counters.h"
#include "qa_gen/points.h"
#include "qa_gen/templates.h"
#include "qa_gen/view_context.h"
#include "reframe/relations.h"

namespace spatialgen {

std::vector<PendingItem> ObjectReferenceCandidates(const ViewContext& context,
                                                   const TemplateLibrary& library,
                                                   const std::vector<const RelationEntry*>& relations,
                                                   const RelationOptions& relation_options,
                                                   const PointOptions& points, Counters& counters);

}  // namespace spatialgen
