/* cd-list-batch.c — an employer's list worked in the background, a few rows at once. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cd-clock.h"
#include "cd-date.h"
#include "cd-evidence-store.h"
#include "cd-list-batch-private.h"

/* The claimant the row's SI number names: the store's, else central's. NULL with a failure to
 * keep on the row (*out_final: TRUE when asking again will not help) or a store error. */
static char *
resolve_claimant (CdListBatchRun         *batch,
                  const CdStoredListRow  *row,
                  char                  **out_failure,
                  gboolean               *out_final,
                  GError                **error)
{
  g_autoptr(GError) local_error = NULL;
  char *personal_id;

  *out_final = FALSE;
  g_mutex_lock (&batch->db_lock);
  personal_id = cd_list_batch_row_find_claimant (batch, row, &local_error);
  g_mutex_unlock (&batch->db_lock);
  if (personal_id != NULL)
    return personal_id;
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  personal_id = cd_evidence_fetcher_find_insured (batch->fetcher, row->si_code,
                                                  batch->cancellable, &local_error);
  if (personal_id == NULL)
    {
      *out_final = g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
      *out_failure = g_strdup (local_error->message);
    }
  return personal_id;
}

/* Whether the answers can be worked on: central's record of the person is the least. */
static char *
fetch_failure (GPtrArray *responses)
{
  CdEvidenceResponse *person = g_ptr_array_index (responses, CD_EVIDENCE_CENTRAL_PERSON);

  if (person->error != NULL)
    return g_strdup (person->error->message);
  return NULL;
}


static void
report (CdListBatchRun *batch,
        gboolean        worked,
        gboolean        ready)
{
  CdListBatchProgress now;

  g_mutex_lock (&batch->progress_lock);
  if (worked)
    {
      batch->progress.done++;
      if (ready)
        batch->progress.ready++;
      else
        batch->progress.findings++;
    }
  else
    batch->progress.failed++;
  now = batch->progress;
  g_mutex_unlock (&batch->progress_lock);
  if (batch->progress_func != NULL)
    batch->progress_func (&now, batch->progress_data);
}

static void
set_fatal (CdListBatchRun *batch,
           GError         *error)
{
  g_mutex_lock (&batch->progress_lock);
  if (batch->fatal == NULL)
    batch->fatal = error;
  else
    g_error_free (error);
  g_mutex_unlock (&batch->progress_lock);
}

static gboolean
stopped (CdListBatchRun *batch)
{
  gboolean fatal;

  g_mutex_lock (&batch->progress_lock);
  fatal = batch->fatal != NULL;
  g_mutex_unlock (&batch->progress_lock);
  return fatal || g_cancellable_is_cancelled (batch->cancellable);
}

static void
work_row (gpointer data,
          gpointer user_data)
{
  CdListBatchRun *batch = user_data;
  const CdStoredListRow *row = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *personal_id = NULL, *failure = NULL, *from = NULL;
  g_autoptr(GPtrArray) responses = NULL;
  g_autoptr(GPtrArray) stored = NULL;
  gboolean final = FALSE, ready = FALSE, ok;
  CdDay first;

  if (stopped (batch))
    return;

  g_mutex_lock (&batch->db_lock);
  ok = cd_list_batch_row_take (batch, row, &error);
  g_mutex_unlock (&batch->db_lock);
  if (ok)
    personal_id = resolve_claimant (batch, row, &failure, &final, &error);
  if (error != NULL)
    goto fatal;

  if (personal_id == NULL && final)
    {
      g_mutex_lock (&batch->db_lock);
      ok = cd_list_batch_row_unknown_person (batch, row, failure, &error);
      g_mutex_unlock (&batch->db_lock);
      if (!ok)
        goto fatal;
      report (batch, TRUE, FALSE);
      return;
    }

  if (personal_id != NULL)
    {
      /* The year before the leave: the certificates, and the case a recovery follows. */
      from = cd_date_parse (row->period_from, &first)
             ? cd_date_to_string (cd_date_add_months (first, -12)) : g_strdup (row->period_from);
      responses = cd_evidence_fetcher_fetch_sync (batch->fetcher, personal_id, from,
                                                  row->period_to, batch->cancellable, &error);
      if (responses == NULL)
        {
          failure = g_strdup (error->message);
          g_clear_error (&error);
        }
      else
        failure = fetch_failure (responses);
    }

  g_mutex_lock (&batch->db_lock);
  if (g_cancellable_is_cancelled (batch->cancellable))
    {
      /* Stopped by the officer: the row waits for the next run as if never taken. */
      ok = cd_list_batch_row_put_back (batch, row, NULL, &error);
      g_mutex_unlock (&batch->db_lock);
      if (!ok)
        goto fatal;
      return;
    }
  if (failure != NULL)
    {
      ok = cd_list_batch_row_put_back (batch, row, failure, &error);
      g_mutex_unlock (&batch->db_lock);
      if (!ok)
        goto fatal;
      report (batch, FALSE, FALSE);
      return;
    }
  stored = cd_evidence_store_save (batch->db, personal_id, from, row->period_to, 0, responses,
                                   batch->trust, &error);
  ok = stored != NULL && cd_list_batch_row_work (batch, row, personal_id, &ready, &error);
  g_mutex_unlock (&batch->db_lock);
  if (!ok)
    goto fatal;
  report (batch, TRUE, ready);
  return;

fatal:
  set_fatal (batch, g_steal_pointer (&error));
}



/* ---- the run -------------------------------------------------------------------------------- */

/* The figures the stored rows give: every row counts; those no longer `new` or `fetching` are
 * done. */
static CdListBatchProgress
count_rows (GPtrArray *rows)
{
  CdListBatchProgress progress = { 0 };

  for (guint i = 0; i < rows->len; i++)
    {
      CdStoredListRow *row = g_ptr_array_index (rows, i);

      progress.total++;
      if (g_str_equal (row->state, "new") || g_str_equal (row->state, "fetching"))
        continue;
      progress.done++;
      if (g_str_equal (row->state, "findings"))
        progress.findings++;
      else
        progress.ready++;
    }
  return progress;
}

gboolean
cd_list_batch_read_progress (CdDatabase           *db,
                             gint64                list_id,
                             CdListBatchProgress  *out_progress,
                             GError              **error)
{
  g_autoptr(GPtrArray) rows = cd_employer_lists_get_rows (db, list_id, error);
  CdListBatchProgress progress;

  if (rows == NULL)
    return FALSE;
  progress = count_rows (rows);
  for (guint i = 0; i < rows->len; i++)
    {
      CdStoredListRow *row = g_ptr_array_index (rows, i);

      if (row->part == CD_EMPLOYER_LIST_PART_NEW && row->failure != NULL
          && g_str_equal (row->state, "new"))
        progress.failed++;
    }
  *out_progress = progress;
  return TRUE;
}

gboolean
cd_list_batch_run (const char               *db_path,
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
                   GError                  **error)
{
  g_autoptr(GCancellable) own_cancellable = NULL;
  g_autoptr(CdDatabase) db = NULL;
  g_autoptr(CdStoredList) list = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  GThreadPool *pool;
  CdListBatchRun batch = { 0 };
  gboolean ok = TRUE;

  g_return_val_if_fail (db_path != NULL && CD_IS_SESSION (session), FALSE);
  g_return_val_if_fail (CD_IS_EVIDENCE_FETCHER (fetcher) && pack != NULL, FALSE);

  db = cd_database_open (db_path, error);
  if (db == NULL || (list = cd_employer_lists_get (db, list_id, error)) == NULL
      || (rows = cd_employer_lists_get_rows (db, list_id, error)) == NULL)
    return FALSE;

  if (cancellable == NULL)
    cancellable = own_cancellable = g_cancellable_new ();
  batch.session = session;
  batch.fetcher = fetcher;
  batch.trust = trust;
  batch.pack = pack;
  batch.cancellable = cancellable;
  batch.db = db;
  batch.list = list;
  batch.rows = rows;
  batch.today = cd_date_to_string (cd_clock_get_today (cd_clock_get_default ()));
  batch.progress_func = progress;
  batch.progress_data = progress_data;
  g_mutex_init (&batch.db_lock);
  g_mutex_init (&batch.progress_lock);
  batch.progress = count_rows (rows);

  /* The rows the parser refused and the adjustments need no request: worked first, in one go. */
  for (guint i = 0; i < rows->len && ok; i++)
    {
      CdStoredListRow *row = g_ptr_array_index (rows, i);
      gboolean ready = FALSE;

      if (!(g_str_equal (row->state, "new") || g_str_equal (row->state, "fetching")))
        continue;
      if (cd_stored_list_row_has_parse_problems (row))
        ok = cd_list_batch_row_problems (&batch, row, error);
      else if (row->part != CD_EMPLOYER_LIST_PART_NEW)
        ok = cd_list_batch_row_adjustment (&batch, row, &ready, error);
      else
        continue;
      if (ok)
        {
          batch.progress.done++;
          if (ready)
            batch.progress.ready++;
          else
            batch.progress.findings++;
        }
    }
  if (!ok)
    {
      g_mutex_clear (&batch.db_lock);
      g_mutex_clear (&batch.progress_lock);
      g_free (batch.today);
      return FALSE;
    }
  if (progress != NULL)
    progress (&batch.progress, progress_data);

  pool = g_thread_pool_new (work_row, &batch,
                            (int) (parallel > 0 ? parallel : CD_LIST_BATCH_DEFAULT_PARALLEL),
                            FALSE, NULL);
  for (guint i = 0; i < rows->len; i++)
    {
      CdStoredListRow *row = g_ptr_array_index (rows, i);

      if (row->part == CD_EMPLOYER_LIST_PART_NEW && !cd_stored_list_row_has_parse_problems (row)
          && (g_str_equal (row->state, "new") || g_str_equal (row->state, "fetching")))
        g_thread_pool_push (pool, row, NULL);
    }
  /* Waits for the rows taken; those not taken yet are dropped when stopped. */
  g_thread_pool_free (pool, FALSE, TRUE);

  if (batch.fatal != NULL)
    {
      g_propagate_error (error, batch.fatal);
      ok = FALSE;
    }
  else if (g_cancellable_set_error_if_cancelled (cancellable, error))
    ok = FALSE;
  if (out_progress != NULL)
    *out_progress = batch.progress;
  g_mutex_clear (&batch.db_lock);
  g_mutex_clear (&batch.progress_lock);
  g_free (batch.today);
  return ok;
}

/* ---- the same off the main loop ------------------------------------------------------------- */

/* The newest figures for the caller's main context; at most one delivery pending. */
typedef struct
{
  GMutex                   lock;
  GMainContext            *context;
  CdListBatchProgressFunc  func;
  gpointer                 data;
  GDestroyNotify           destroy;
  CdListBatchProgress      latest;
  gboolean                 pending;
  GCancellable            *cancellable;
} Relay;

static void
relay_clear (Relay *relay)
{
  if (relay->destroy != NULL)
    relay->destroy (relay->data);
  g_main_context_unref (relay->context);
  g_clear_object (&relay->cancellable);
  g_mutex_clear (&relay->lock);
}

/* Whoever lets the relay go last clears it: the job, or a delivery still queued when the job
 * ended. */
static void
relay_release (gpointer data)
{
  g_atomic_rc_box_release_full (data, (GDestroyNotify) relay_clear);
}

static gboolean
relay_deliver (gpointer data)
{
  Relay *relay = data;
  CdListBatchProgress latest;

  g_mutex_lock (&relay->lock);
  latest = relay->latest;
  relay->pending = FALSE;
  g_mutex_unlock (&relay->lock);
  if (relay->func != NULL && !g_cancellable_is_cancelled (relay->cancellable))
    relay->func (&latest, relay->data);
  return G_SOURCE_REMOVE;
}

static void
relay_progress (const CdListBatchProgress *progress,
                gpointer                   data)
{
  Relay *relay = data;
  gboolean schedule;

  g_mutex_lock (&relay->lock);
  relay->latest = *progress;
  schedule = !relay->pending;
  relay->pending = TRUE;
  g_mutex_unlock (&relay->lock);
  if (schedule)
    g_main_context_invoke_full (relay->context, G_PRIORITY_DEFAULT, relay_deliver,
                                g_atomic_rc_box_acquire (relay), relay_release);
}

typedef struct
{
  char                *db_path;
  CdSession           *session;
  gint64               list_id;
  CdEvidenceFetcher   *fetcher;
  CdTrustStore        *trust;
  CdRulePack          *pack;
  guint                parallel;
  Relay               *relay;
  CdListBatchProgress  progress;
} RunJob;

static void
run_job_free (RunJob *job)
{
  g_free (job->db_path);
  g_clear_object (&job->session);
  g_clear_object (&job->fetcher);
  g_clear_object (&job->trust);
  g_clear_pointer (&job->pack, cd_rule_pack_unref);
  relay_release (job->relay);
  g_free (job);
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  RunJob *job = task_data;
  GError *error = NULL;

  if (cd_list_batch_run (job->db_path, job->session, job->list_id, job->fetcher, job->trust,
                         job->pack, job->parallel, cancellable, relay_progress, job->relay,
                         &job->progress, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
cd_list_batch_run_async (const char              *db_path,
                         CdSession               *session,
                         gint64                   list_id,
                         CdEvidenceFetcher       *fetcher,
                         CdTrustStore            *trust,
                         CdRulePack              *pack,
                         guint                    parallel,
                         GCancellable            *cancellable,
                         CdListBatchProgressFunc  progress,
                         gpointer                 progress_data,
                         GDestroyNotify           progress_destroy,
                         GAsyncReadyCallback      callback,
                         gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  RunJob *job;

  g_return_if_fail (db_path != NULL && CD_IS_SESSION (session));
  g_return_if_fail (CD_IS_EVIDENCE_FETCHER (fetcher) && pack != NULL);

  job = g_new0 (RunJob, 1);
  job->db_path = g_strdup (db_path);
  job->session = g_object_ref (session);
  job->list_id = list_id;
  job->fetcher = g_object_ref (fetcher);
  job->trust = trust != NULL ? g_object_ref (trust) : NULL;
  job->pack = cd_rule_pack_ref (pack);
  job->parallel = parallel;
  job->relay = g_atomic_rc_box_new0 (Relay);
  g_mutex_init (&job->relay->lock);
  job->relay->context = g_main_context_ref_thread_default ();
  job->relay->func = progress;
  job->relay->data = progress_data;
  job->relay->destroy = progress_destroy;
  job->relay->cancellable = cancellable != NULL ? g_object_ref (cancellable) : g_cancellable_new ();

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_list_batch_run_async);
  g_task_set_task_data (task, job, (GDestroyNotify) run_job_free);
  g_task_run_in_thread (task, run_thread);
}

gboolean
cd_list_batch_run_finish (GAsyncResult         *result,
                          CdListBatchProgress  *out_progress,
                          GError              **error)
{
  RunJob *job;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cd_list_batch_run_async, FALSE);

  job = g_task_get_task_data (G_TASK (result));
  if (out_progress != NULL)
    *out_progress = job->progress;
  return g_task_propagate_boolean (G_TASK (result), error);
}
