#pragma once
// Spatial configuration candidates (RoboSpatial): for every ordered pair of nameable objects
// (and every third one, for relations with two anchors), every relation the task asks and
// the frames the relation is asked in, a yes/no item when the relation is clearly true or
// clearly false; ambiguous ones are counted and produce nothing.
#include <vector>

#include "core/counters.h"
#include "qa_gen/templates.h"
#include "qa_gen/view_context.h"
#include "reframe/relations.h"

namespace spatialgen {

std::vector<PendingItem> ConfigurationCandidates(const ViewContext& context,
                                                 const TemplateLibrary& library,
                                                 const std::vector<Frame>& frames,
                                                 const std::vector<const RelationEntry*>& relations,
                                                 const RelationOptions& options,
                                                 Counters& counters);

}  // namespace spatialgen
