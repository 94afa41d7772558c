#pragma once
// Content checks: what the items say, taken together. Duplicate questions per image, yes/no
// balance per task x frame x relation, point counts, question lengths, items per image, and
// the vocabulary of objects and relations.
#include "audit/audit.h"
#include "dataset/dataset.h"

namespace spatialgen {

// Adds the content checks, report.balance, objects, relations, items_per_task, items and the
// histograms.
void AddContentChecks(const Dataset& dataset, const AuditOptions& options, AuditReport& report);

}  // namespace spatialgen
