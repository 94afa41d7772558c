#pragma once
// The card every export carries: export.json (machine-readable; its presence marks the folder as
// an export that a later one may replace) and README.md (the same for people): the format and its
// consumer, the source dataset (path, spatialgen version, seed, a hash of the resolved config),
// the licence field, the items exported and left out (why, how many), the items per task x frame
// x relation, the files and the consumer's command lines.
#include "dataset/export_common.h"

namespace spatialgen {

// Writes both files into the job's staging folder.
void WriteExportCard(const ExportJob& job, const ExportResult& result);

}  // namespace spatialgen
