/* cd-list-batch.h — works an employer's list in the background: every row fetched, evaluated and
 * checked against what the employer wrote, so the officer triages instead of typing.
 *
 * For each Part 1 row still to do (state `new`, or `fetching` left by a crash), a few rows at once
 * (bounded parallelism: the office's link and central's patience are limited):
 *
 *   resolve   the claimant by the row's SI number: the store's persons, else central's record;
 *   fetch     every source for the claimant over the row's period (CdEvidenceFetcher), stored raw
 *             then read and verified (cd_evidence_store_save), cross-checked (cd_cross_check);
 *   open      the row's claim if it has none (one claim per row, cd_employer_lists_open_claims'
 *             rules: numbered DS-<list>-<position>, linked in the claim's own transaction);
 *   evaluate  the facts built from the evidence for the row's benefit, with the row's own data
 *             (period, days, weekly rest days, the child) where the employer is the source, by the
 *             rule pack; recorded on the claim (cd_workflow_record_evaluation);
 *   compare   the row with the evidence (cd-list-row-checks.h): days claimed against the
 *             certificate, the dates, the person's name and SI number, the child's age, the
 *             employer's calendar, a row repeated in this list or decided in an earlier one.
 *
 * The row ends `ready` (nothing to look at) or `findings` (the checks' and the cross-checks'
 * findings stored on the row), with its amount, in ONE transaction with the claim's evaluation, so
 * a row is either worked or not: a kill at any point leaves the rows done, done, and the others to
 * do; running again picks up the rest and does no row twice. A row that cannot be worked now (a
 * source down, no such insured person) keeps state `new` with its `failure` and an attempt
 * counted; the next run tries it again. Cancelling stops taking new rows; the rows in flight
 * finish or are left as they were.
 */
#pragma once

#include "cd-database.h"
#include "cd-evidence-fetcher.h"
#include "cd-rule-pack.h"
#include "cd-trust-store.h"
#include "cd-users.h"

G_BEGIN_DECLS

/* Where a run stands. `total` counts the Part 1 rows the batch works (those without a parse
 * problem); `done` those worked (ready + findings, by this run or an earlier one); `failed` those
 * this run could not work. "312 of 2,000, 3 failed". */
typedef struct
{
  guint total;
  guint done;
  guint ready;
  guint findings;
  guint failed;
} CdListBatchProgress;

/* Called after each row, from the thread that worked it (cd_list_batch_run) or on the caller's
 * main context (the async run). */
typedef void (*CdListBatchProgressFunc) (const CdListBatchProgress *progress,
                                         gpointer                   user_data);

#define CD_LIST_BATCH_DEFAULT_PARALLEL 8

/* Works list `list_id` in the calling thread (it starts `parallel` workers of its own and waits for
 * them; 0 for the default) on a connection of its own opened on `db_path`. `session` is the
 * officer the claims are opened and evaluated for; `trust` may be NULL (signatures "untrusted").
 * Fails only when the store fails or the list is not there; the rows' own failures are counted
 * and kept on the rows. `out_progress` (may be NULL) gets the final figures. */
gboolean cd_list_batch_run        (const char               *db_path,
                                   CdSession                *session,
                                   gint64                    list_id,
                                   CdEvidenceFetcher        *fetcher,
                                   CdTrustStore             *trust,
                                   CdRulePack               *pack,
                                   guint                     parallel,
                                   GCancellable             *cancellable,
                                   CdListBatchProgressFunc   progress,
                                   gpointer                  progress_data,
                                   CdListBatchProgress      *out_progress,
                                   GError                  **error);

/* The same on a GTask thread; `progress` is called on the caller's thread-default main context
 * (coalesced: at most one pending at a time, the newest figures). A cancelled run finishes with
 * G_IO_ERROR_CANCELLED after the rows in flight are settled. */
void     cd_list_batch_run_async  (const char               *db_path,
                                   CdSession                *session,
                                   gint64                    list_id,
                                   CdEvidenceFetcher        *fetcher,
                                   CdTrustStore             *trust,
                                   CdRulePack               *pack,
                                   guint                     parallel,
                                   GCancellable             *cancellable,
                                   CdListBatchProgressFunc   progress,
                                   gpointer                  progress_data,
                                   GDestroyNotify            progress_destroy,
                                   GAsyncReadyCallback       callback,
                                   gpointer                  user_data);
gboolean cd_list_batch_run_finish (GAsyncResult             *result,
                                   CdListBatchProgress      *out_progress,
                                   GError                  **error);

/* The figures as stored now (no run needed): for a list page opened after a run. */
gboolean cd_list_batch_read_progress (CdDatabase          *db,
                                      gint64               list_id,
                                      CdListBatchProgress *out_progress,
                                      GError             **error);

G_END_DECLS
