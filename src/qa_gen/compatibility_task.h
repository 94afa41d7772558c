#pragma once
// Spatial compatibility (RoboSpatial, SPEC section 4): "can A be placed {rel} B {frame}?" and
// "can A be placed on top of B?", answered by trying virtual placements of A's footprint on
// B's support surface (or on B's top) with a clearance around it.
#include <vector>

#include "core/counters.h"
#include "core/json_reader.h"
#include "core/rng.h"
#include "occupancy/placement.h"
#include "qa_gen/templates.h"
#include "qa_gen/view_context.h"
#include "reframe/relations.h"

namespace spatialgen {

struct CompatibilityOptions {
  PlacementOptions placement;                       // clearance around a placed footprint (key "placement")
  double max_distance = 0.5;                        // placements this far from B (plus A's half diagonal), m
  double position_step = 0.05;                      // spacing of the candidate positions, m
  std::vector<double> yaws_deg = {0, 45, 90, 135};  // candidate yaws of A, degrees
  int max_questions_per_view = 24;  // (A, B, frame, relation) questions evaluated per view, drawn at random
  void Check() const;
};
void ReadOptions(JsonReader& reader, CompatibilityOptions& options);

// Yes/no candidates for movable, nameable A and nameable B, for each relation the task asks
// (horizontal ones: vertical beyond tests and gaps with a `min` are skipped) in the frames it
// is asked in, and "on top of" for B with `support` (task compatibility_on_top).
std::vector<PendingItem> CompatibilityCandidates(const ViewContext& context, const std::vector<Frame>& frames,
                                                 const std::vector<const RelationEntry*>& relations,
                                                 const RelationOptions& relation_options,
                                                 const CompatibilityOptions& options, bool on_top, Rng& rng,
                                                 Counters& counters);

}  // namespace spatialgen
