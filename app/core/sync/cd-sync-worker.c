/* cd-sync-worker.c — the sync worker object: its settings, the GTask form of a run, loop mode
 * (GNetworkMonitor and a retry timer with backoff) and the "progress" signal for the UI. The run
 * itself is in cd-sync-run.c.
 */
#include "config.h"

#include "cd-sync-worker-private.h"
#include "cd-background-task.h"
#include "cd-url-policy.h"

G_DEFINE_FINAL_TYPE (CdSyncWorker, cd_sync_worker, G_TYPE_OBJECT)

enum
{
  SIGNAL_PROGRESS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
emit_progress_now (CdSyncWorker *self)
{
  g_signal_emit (self, signals[SIGNAL_PROGRESS], 0);
}

static gboolean
emit_progress_idle (gpointer data)
{
  emit_progress_now (data);
  return G_SOURCE_REMOVE;
}

void
cd_sync_worker_emit_progress (CdSyncWorker *self)
{
  if (g_thread_self () == self->owner)
    emit_progress_now (self);
  else
    g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, emit_progress_idle,
                                g_object_ref (self), g_object_unref);
}

static void
run_once_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  CdSyncWorker *self = source_object;
  CdSyncFlags flags = GPOINTER_TO_UINT (task_data);
  CdSyncReport *report = g_new0 (CdSyncReport, 1);
  GError *error = NULL;

  if (cd_sync_worker_run_once (self, flags, report, cancellable, &error))
    g_task_return_pointer (task, report, g_free);
  else
    {
      g_free (report);
      g_task_return_error (task, error);
    }
}

void
cd_sync_worker_run_once_async (CdSyncWorker        *self,
                               CdSyncFlags          flags,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CD_IS_SYNC_WORKER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_sync_worker_run_once_async);
  g_task_set_task_data (task, GUINT_TO_POINTER (flags), NULL);
  /* Cancellation is handled inside (items go back to queued), so the result is the run's own. */
  g_task_set_return_on_cancel (task, FALSE);
  /* A backlog of decisions delivered while the officer works: below the window's priority. */
  cd_background_task_run (task, run_once_thread);
}

gboolean
cd_sync_worker_run_once_finish (CdSyncWorker  *self,
                                GAsyncResult  *result,
                                CdSyncReport  *report,
                                GError       **error)
{
  g_autofree CdSyncReport *answer = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  answer = g_task_propagate_pointer (G_TASK (result), error);
  if (answer == NULL)
    return FALSE;
  if (report != NULL)
    *report = *answer;
  return TRUE;
}

/* ---- loop mode ---------------------------------------------------------------------------- */

static void schedule_run (CdSyncWorker *self, guint delay_ms);

static gboolean
central_is_loopback (CdSyncWorker *self)
{
  const char *url = cd_central_client_get_base_url (self->central);
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  return uri != NULL && g_uri_get_host (uri) != NULL
         && cd_url_host_is_loopback (g_uri_get_host (uri));
}

static gboolean
network_is_up (CdSyncWorker *self)
{
  /* A loopback central (demo, tests) needs no network; the monitor would say "down" in a sandbox
   * without a default route. */
  return g_network_monitor_get_network_available (self->monitor) || central_is_loopback (self);
}

static void
loop_run_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  CdSyncWorker *self = CD_SYNC_WORKER (source);
  g_autoptr(GError) error = NULL;
  CdSyncReport report = { 0 };
  guint delay;

  self->in_flight = FALSE;
  /* The run is over: an indicator showing "syncing" must hear it. */
  cd_sync_worker_emit_progress (self);
  if (!cd_sync_worker_run_once_finish (self, result, &report, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || !self->looping)
        return;
      /* A "sync now" run has the outbox: nothing failed, the loop looks again soon after. */
      if (g_error_matches (error, CD_SYNC_ERROR, CD_SYNC_ERROR_BUSY))
        {
          schedule_run (self, self->timer_base_ms);
          return;
        }
      g_warning ("sync: %s", error->message);
      report.unreachable = TRUE;
      report.remaining = 1;
    }
  if (!self->looping)
    return;

  if (report.unreachable || report.deferred > 0)
    {
      self->failed_runs++;
      delay = cd_sync_backoff_ms (self->failed_runs, self->timer_base_ms, self->timer_max_ms,
                                  g_random_int ());
    }
  else
    {
      self->failed_runs = 0;
      delay = self->idle_period_ms;
    }
  schedule_run (self, delay);
}

static void
start_run (CdSyncWorker *self)
{
  if (self->in_flight || !self->looping)
    return;
  if (!network_is_up (self))
    {
      /* network-changed starts the next run; the timer still looks now and then, in case the
       * monitor is wrong (a proxy, a VPN it does not see). */
      schedule_run (self, self->idle_period_ms);
      return;
    }
  self->in_flight = TRUE;
  cd_sync_worker_run_once_async (self, self->next_flags, self->loop_cancellable, loop_run_done,
                                 NULL);
  self->next_flags = CD_SYNC_DUE_ONLY;
}

static gboolean
timer_fired (gpointer data)
{
  CdSyncWorker *self = data;

  self->timer_id = 0;
  start_run (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_run (CdSyncWorker *self,
              guint         delay_ms)
{
  g_clear_handle_id (&self->timer_id, g_source_remove);
  self->timer_id = g_timeout_add (delay_ms, timer_fired, self);
}

static void
network_changed (GNetworkMonitor *monitor,
                 gboolean         available,
                 gpointer         user_data)
{
  CdSyncWorker *self = user_data;

  if (available && self->looping && !self->in_flight)
    {
      /* Back on line: try at once, and forget the backoff of the outage. */
      self->failed_runs = 0;
      self->next_flags = CD_SYNC_ALL_PENDING;
      schedule_run (self, 0);
    }
}

void
cd_sync_worker_start (CdSyncWorker *self)
{
  g_return_if_fail (CD_IS_SYNC_WORKER (self));

  if (self->looping)
    return;
  self->looping = TRUE;
  self->failed_runs = 0;
  g_clear_object (&self->loop_cancellable);
  self->loop_cancellable = g_cancellable_new ();
  self->network_handler = g_signal_connect (self->monitor, "network-changed",
                                            G_CALLBACK (network_changed), self);
  /* Starting (the application, or `sync`) is a moment to try everything, backoff or not. */
  self->next_flags = CD_SYNC_ALL_PENDING;
  schedule_run (self, 0);
}

void
cd_sync_worker_stop (CdSyncWorker *self)
{
  g_return_if_fail (CD_IS_SYNC_WORKER (self));

  if (!self->looping)
    return;
  self->looping = FALSE;
  g_clear_handle_id (&self->timer_id, g_source_remove);
  g_clear_signal_handler (&self->network_handler, self->monitor);
  g_cancellable_cancel (self->loop_cancellable);
}

gboolean
cd_sync_worker_is_running (CdSyncWorker *self)
{
  g_return_val_if_fail (CD_IS_SYNC_WORKER (self), FALSE);

  return self->in_flight || g_atomic_int_get (&self->busy);
}

/* ---- the object --------------------------------------------------------------------------- */

void
cd_sync_worker_get_counts (CdSyncWorker *self,
                           CdSyncCounts *counts)
{
  g_return_if_fail (CD_IS_SYNC_WORKER (self));
  g_return_if_fail (counts != NULL);

  g_mutex_lock (&self->lock);
  *counts = self->counts;
  g_mutex_unlock (&self->lock);
}

char *
cd_sync_worker_dup_last_error (CdSyncWorker *self)
{
  char *text;

  g_return_val_if_fail (CD_IS_SYNC_WORKER (self), NULL);

  g_mutex_lock (&self->lock);
  text = g_strdup (self->last_error);
  g_mutex_unlock (&self->lock);
  return text;
}

void
cd_sync_worker_set_batch_size (CdSyncWorker *self,
                               guint         batch_size)
{
  g_return_if_fail (CD_IS_SYNC_WORKER (self));
  g_return_if_fail (batch_size > 0);

  self->batch_size = MIN (batch_size, CD_SYNC_MAX_BATCH);
}

void
cd_sync_worker_set_item_backoff (CdSyncWorker *self,
                                 guint         base_ms,
                                 guint         max_ms)
{
  g_return_if_fail (CD_IS_SYNC_WORKER (self));
  g_return_if_fail (base_ms > 0 && max_ms >= base_ms);

  self->item_base_ms = base_ms;
  self->item_max_ms = max_ms;
}

void
cd_sync_worker_set_retry_timer (CdSyncWorker *self,
                                guint         base_ms,
                                guint         max_ms,
                                guint         idle_period_ms)
{
  g_return_if_fail (CD_IS_SYNC_WORKER (self));
  g_return_if_fail (base_ms > 0 && max_ms >= base_ms && idle_period_ms > 0);

  self->timer_base_ms = base_ms;
  self->timer_max_ms = max_ms;
  self->idle_period_ms = idle_period_ms;
}

static void
cd_sync_worker_dispose (GObject *object)
{
  CdSyncWorker *self = CD_SYNC_WORKER (object);

  cd_sync_worker_stop (self);
  g_clear_object (&self->loop_cancellable);
  g_clear_object (&self->monitor);
  g_clear_object (&self->central);
  G_OBJECT_CLASS (cd_sync_worker_parent_class)->dispose (object);
}

static void
cd_sync_worker_finalize (GObject *object)
{
  CdSyncWorker *self = CD_SYNC_WORKER (object);

  g_clear_object (&self->db);
  g_free (self->db_path);
  g_free (self->last_error);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_mutex_clear (&self->lock);
  g_mutex_clear (&self->run_lock);
  G_OBJECT_CLASS (cd_sync_worker_parent_class)->finalize (object);
}

static void
cd_sync_worker_class_init (CdSyncWorkerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cd_sync_worker_dispose;
  object_class->finalize = cd_sync_worker_finalize;

  /* Emitted on the worker's main context after each batch and at the end of each run. */
  signals[SIGNAL_PROGRESS] = g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
cd_sync_worker_init (CdSyncWorker *self)
{
  g_mutex_init (&self->lock);
  g_mutex_init (&self->run_lock);
  self->batch_size = 100;
  self->item_base_ms = 15 * 1000;
  self->item_max_ms = 60 * 60 * 1000;
  self->timer_base_ms = 2 * 1000;
  self->timer_max_ms = 5 * 60 * 1000;
  self->idle_period_ms = 30 * 1000;
}

CdSyncWorker *
cd_sync_worker_new (const char      *db_path,
                    CdCentralClient *central)
{
  CdSyncWorker *self;

  g_return_val_if_fail (db_path != NULL, NULL);
  g_return_val_if_fail (CD_IS_CENTRAL_CLIENT (central), NULL);

  self = g_object_new (CD_TYPE_SYNC_WORKER, NULL);
  self->db_path = g_strdup (db_path);
  self->central = g_object_ref (central);
  self->context = g_main_context_ref_thread_default ();
  self->owner = g_thread_self ();
  self->monitor = g_object_ref (g_network_monitor_get_default ());
  return self;
}
