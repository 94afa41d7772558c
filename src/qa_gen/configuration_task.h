#pragma once
// Spatial configuration candidates (RoboSpatial): for every ordered pair of nameable objects,
// every relation of the vocabulary and every requested frame, a yes/no item when the relation
// is clearly true or clearly false; ambiguous pairs are counted and produce nothing.
#include <vector>

#include "core/counters.h"
#include "qa_gen/templates.h"
#include "qa_gen/view_context.h"
#include "reframe/relations.h"

namespace spatialgen {

std::vector<PendingItem> ConfigurationCandidates(const ViewContext& context,
                                                 const TemplateLibrary& library,
                                                 const std::vector<Frame>& frames,
                                                 const RelationOptions& options,
                                                 Counters& counters);

}  // namespace spatialgen
