/* cd-list-batch-private.h — what the batch's run (cd-list-batch.c: the workers, the requests, the
 * progress) and one row's work in the store (cd-list-batch-row.c) share. Private to the two. */
#pragma once

#include "cd-employer-lists.h"
#include "cd-evidence-fetcher.h"
#include "cd-list-batch.h"
#include "cd-rule-pack.h"
#include "cd-trust-store.h"

G_BEGIN_DECLS

typedef struct
{
  CdSession               *session;
  CdEvidenceFetcher       *fetcher;
  CdTrustStore            *trust;
  CdRulePack              *pack;
  GCancellable            *cancellable;

  /* The run's one connection: the rows' database work takes turns on it, the requests do not. */
  GMutex                   db_lock;
  CdDatabase              *db;
  CdStoredList            *list;
  GPtrArray               *rows;          /* CdStoredListRow, all of the list's, as read at start */
  char                    *today;         /* YYYY-MM-DD: the evaluations' decision date */

  GMutex                   progress_lock;
  CdListBatchProgress      progress;
  GError                  *fatal;         /* the store failed: no more rows are taken */
  CdListBatchProgressFunc  progress_func;
  gpointer                 progress_data;
} CdListBatchRun;

/* A row's work in the store; each is called holding `db_lock`. */

/* The store's person with the row's SI number: their personal ID, or NULL (and no error) when
 * the store does not know them. */
char     *cd_list_batch_row_find_claimant (CdListBatchRun         *batch,
                                           const CdStoredListRow  *row,
                                           GError                **error);
/* `fetching`, an attempt counted: the row is in flight. */
gboolean  cd_list_batch_row_take          (CdListBatchRun         *batch,
                                           const CdStoredListRow  *row,
                                           GError                **error);
/* Back to `new` with why it could not be worked now (NULL: cancelled), for the next run. */
gboolean  cd_list_batch_row_put_back      (CdListBatchRun         *batch,
                                           const CdStoredListRow  *row,
                                           const char             *failure,
                                           GError                **error);
/* The row's evidence is stored: detect, open its claim, evaluate, compare, record. */
gboolean  cd_list_batch_row_work          (CdListBatchRun         *batch,
                                           const CdStoredListRow  *row,
                                           const char             *personal_id,
                                           gboolean               *out_ready,
                                           GError                **error);
/* Worked without a request: an SI number central does not know, a row the parser refused, a
 * Part 2 adjustment. */
gboolean  cd_list_batch_row_unknown_person (CdListBatchRun        *batch,
                                            const CdStoredListRow *row,
                                            const char            *why,
                                            GError               **error);
gboolean  cd_list_batch_row_problems      (CdListBatchRun         *batch,
                                           const CdStoredListRow  *row,
                                           GError                **error);
gboolean  cd_list_batch_row_adjustment    (CdListBatchRun         *batch,
                                           const CdStoredListRow  *row,
                                           gboolean               *out_ready,
                                           GError                **error);

G_END_DECLS
