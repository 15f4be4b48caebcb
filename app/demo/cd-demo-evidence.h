/* cd-demo-evidence.h — the sample office's open claims with their evidence, as a real office's.
 *
 * An office fetched each claim's evidence when it opened the claim; a seeded store has none, so
 * the demo's open claims would show no documents, no findings and no alerts. Once the private
 * gateway answers, this fetches the evidence of the most recently received open claims through
 * the new-claim intake (stored raw, verified, cross-checked, linked to the claim: the real path),
 * a few at a time, then scans the store for anomalies. The gateway's world plants its problems
 * (an identity spelled differently, a claimant reported dead, a reused certificate serial,
 * overlapping certificates: gw-world.c) in a few percent of people, so the demo office has some
 * of each to look at.
 */
#pragma once

#include <gio/gio.h>

#include "cd-database.h"
#include "cd-evidence-fetcher.h"
#include "cd-trust-store.h"

G_BEGIN_DECLS

/* How many open claims a demo gathers the evidence of. */
#define CD_DEMO_EVIDENCE_CLAIMS 120

typedef struct
{
  guint claims;    /* open claims whose evidence was asked for */
  guint fetched;   /* of them, answered and stored */
  guint failed;    /* of them, not (the first error is kept in `problem`) */
  guint alerts;    /* anomaly alerts the scan raised or renewed */
  char *problem;   /* the first failure's message, or NULL */
} CdDemoEvidenceReport;

void cd_demo_evidence_report_free (CdDemoEvidenceReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdDemoEvidenceReport, cd_demo_evidence_report_free)

/* Gathers the evidence of up to `limit` open claims that have none, newest first, on the
 * workstation's writer, with `fetcher` (pointed at the gateway) and `trust`. A claim whose fetch
 * fails is counted and skipped. Cancelling stops before the next claim. */
void                  cd_demo_evidence_gather_async  (CdDatabase           *writer,
                                                      CdEvidenceFetcher    *fetcher,
                                                      CdTrustStore         *trust,
                                                      guint                 limit,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
CdDemoEvidenceReport *cd_demo_evidence_gather_finish (GAsyncResult         *result,
                                                      GError              **error);

G_END_DECLS
