/* cd-queue-counts.c — how much waits in each of the workstation's work queues. */
#include "config.h"

#include "cd-access.h"
#include "cd-alerts.h"
#include "cd-claim-store.h"
#include "cd-list-jobs.h"
#include "cd-payout.h"
#include "cd-queue-counts.h"
#include "cd-sync-log.h"

typedef struct
{
  CdQueueSpec *specs;
  guint        n_specs;
  gint64       officer_id;  /* whose "mine" is; 0: nobody's */
  gboolean     oversight;   /* may see every alert (cd-access.h) */
} CountJob;

static void
count_job_free (CountJob *job)
{
  g_free (job->specs);
  g_free (job);
}

static gboolean
count_one (CdDatabase         *db,
           const CdQueueSpec  *spec,
           const CountJob     *job,
           gint64             *count,
           GError            **error)
{
  gint64 officer_id = job->officer_id;

  switch (spec->kind)
    {
    case CD_QUEUE_CLAIMS:
      if (spec->mine && officer_id <= 0)
        {
          *count = 0;
          return TRUE;
        }
      return cd_claim_store_count (db, spec->status_mask, spec->mine ? officer_id : -1, count,
                                   error);

    case CD_QUEUE_PAYOUT_BATCHES:
      return cd_payout_count_open (db, count, error);

    case CD_QUEUE_SYNC_PROBLEMS:
      return cd_sync_log_count_problems (db, count, error);

    case CD_QUEUE_EMPLOYER_LISTS:
      return cd_list_jobs_count_open (db, count, error);

    case CD_QUEUE_ALERTS:
      if (officer_id <= 0)
        {
          *count = 0;
          return TRUE;
        }
      return cd_alerts_count_new (db, job->oversight ? -1 : officer_id, count, error);
    case CD_QUEUE_NONE:
      *count = 0;
      return TRUE;

    default:
      g_assert_not_reached ();
    }
}

static void
count_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  CdContext *context = source_object;
  CountJob *job = task_data;
  GError *error = NULL;
  g_autoptr(CdDatabase) reader = cd_context_open_reader (context, &error);
  g_autofree gint64 *counts = NULL;

  if (reader == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  counts = g_new0 (gint64, MAX (job->n_specs, 1));
  for (guint i = 0; i < job->n_specs; i++)
    if (!count_one (reader, &job->specs[i], job, &counts[i], &error))
      {
        g_task_return_error (task, error);
        return;
      }
  g_task_return_pointer (task, g_steal_pointer (&counts), g_free);
}

void
cd_queue_counts_read_async (CdContext           *context,
                            const CdQueueSpec   *specs,
                            guint                n_specs,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  CdSession *session;
  CountJob *job;

  g_return_if_fail (CD_IS_CONTEXT (context));
  g_return_if_fail (specs != NULL || n_specs == 0);

  session = cd_context_get_session (context);
  job = g_new0 (CountJob, 1);
  job->specs = g_memdup2 (specs, sizeof *specs * n_specs);
  job->n_specs = n_specs;
  job->officer_id = session != NULL ? cd_session_get_user_id (session) : 0;
  job->oversight = cd_access_allows (session, CD_ACCESS_ALERTS_ALL);
  task = g_task_new (context, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_queue_counts_read_async);
  g_task_set_task_data (task, job, (GDestroyNotify) count_job_free);
  g_task_run_in_thread (task, count_thread);
}

gint64 *
cd_queue_counts_read_finish (CdContext     *context,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, context), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
