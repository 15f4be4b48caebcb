/* cd-queue-counts.h — how much waits in each of the workstation's work queues.
 *
 * The sidebar's badges: claims by status (and the signed-in user's own), open payout batches and
 * sync problems, read together through a reader connection of their own, off the main loop. The
 * claims come from the store's running counts (claim_counts), so no claim row is read however
 * large the store; the other two ask their owners (cd-payout, cd-sync-log).
 */
#pragma once

#include "cd-context.h"

G_BEGIN_DECLS

typedef enum
{
  CD_QUEUE_CLAIMS,           /* claims in some statuses */
  CD_QUEUE_PAYOUT_BATCHES,   /* payout batches still open */
  CD_QUEUE_SYNC_PROBLEMS,    /* outbox items a person must look at */
  CD_QUEUE_EMPLOYER_LISTS,   /* employers' lists with rows not yet decided */
  CD_QUEUE_ALERTS,           /* anomaly alerts still new that the signed-in user may see */
  CD_QUEUE_NONE,             /* a page with nothing to count (the dashboard): always 0 */
} CdQueueKind;

typedef struct
{
  CdQueueKind kind;
  guint       status_mask;  /* CD_QUEUE_CLAIMS: a bit per CdClaimStatus; 0 for every status */
  gboolean    mine;         /* CD_QUEUE_CLAIMS: the signed-in user's claims only */
} CdQueueSpec;

/* Counts each of `specs` (copied) in the context's store; "mine" is whoever is signed in now
 * (nobody: 0). */
void    cd_queue_counts_read_async  (CdContext            *context,
                                     const CdQueueSpec    *specs,
                                     guint                 n_specs,
                                     GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data);
/* One count per spec, in order (g_free it); NULL with the error. */
gint64 *cd_queue_counts_read_finish (CdContext            *context,
                                     GAsyncResult         *result,
                                     GError              **error);

G_END_DECLS
