/* cd-backup-worker.c — the workstation's daily backup, and the state the header bar shows. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cd-backup-worker.h"
#include "cd-background-task.h"

struct _CdBackupWorker
{
  GObject       parent_instance;

  char         *db_path;
  CdClock      *clock;
  GMainContext *main_context;      /* where the properties notify: the one it was made in */
  GCancellable *cancellable;       /* stop cancels the run under way */
  GSource      *timer;
  gboolean      started;

  gboolean      running;
  double        fraction;
  char         *last_error;
  char         *last_backup;
  GPtrArray    *waiters;           /* GTasks for the run under way */

  GMutex        progress_lock;     /* the run's thread reports through these */
  double        pending_fraction;
  gboolean      fraction_queued;
};

G_DEFINE_FINAL_TYPE (CdBackupWorker, cd_backup_worker, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_RUNNING,
  PROP_FRACTION,
  PROP_LAST_ERROR,
  PROP_LAST_BACKUP,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

CdBackupWorker *
cd_backup_worker_new (const char *db_path,
                      CdClock    *clock)
{
  CdBackupWorker *self;

  g_return_val_if_fail (db_path != NULL, NULL);
  g_return_val_if_fail (CD_IS_CLOCK (clock), NULL);

  self = g_object_new (CD_TYPE_BACKUP_WORKER, NULL);
  self->db_path = g_strdup (db_path);
  self->clock = g_object_ref (clock);
  return self;
}

const char *
cd_backup_worker_get_db_path (CdBackupWorker *self)
{
  g_return_val_if_fail (CD_IS_BACKUP_WORKER (self), NULL);
  return self->db_path;
}

/* ---- state ---------------------------------------------------------------------------------- */

static void
set_running (CdBackupWorker *self,
             gboolean        running)
{
  if (self->running == running)
    return;
  self->running = running;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static void
set_fraction (CdBackupWorker *self,
              double          fraction)
{
  if (self->fraction == fraction)
    return;
  self->fraction = fraction;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
}

static void
set_last_error (CdBackupWorker *self,
                const char     *message)
{
  if (g_strcmp0 (self->last_error, message) == 0)
    return;
  g_free (self->last_error);
  self->last_error = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
}

static void
set_last_backup (CdBackupWorker *self,
                 const char     *taken_at)
{
  if (g_strcmp0 (self->last_backup, taken_at) == 0)
    return;
  g_free (self->last_backup);
  self->last_backup = g_strdup (taken_at);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_BACKUP]);
}

static gboolean
apply_fraction (gpointer user_data)
{
  CdBackupWorker *self = user_data;
  double fraction;

  g_mutex_lock (&self->progress_lock);
  fraction = self->pending_fraction;
  self->fraction_queued = FALSE;
  g_mutex_unlock (&self->progress_lock);
  if (self->running)
    set_fraction (self, fraction);
  return G_SOURCE_REMOVE;
}

/* From the run's thread: at most one update waits on the main context at a time. */
static void
on_progress (double   fraction,
             gpointer user_data)
{
  CdBackupWorker *self = user_data;
  gboolean queue;

  g_mutex_lock (&self->progress_lock);
  self->pending_fraction = fraction;
  queue = !self->fraction_queued;
  self->fraction_queued = TRUE;
  g_mutex_unlock (&self->progress_lock);
  if (queue)
    g_main_context_invoke_full (self->main_context, G_PRIORITY_DEFAULT, apply_fraction,
                                g_object_ref (self), g_object_unref);
}

/* ---- a run ---------------------------------------------------------------------------------- */

typedef struct
{
  CdSession *by;
  GDateTime *now;
} RunJob;

static void
run_job_free (RunJob *job)
{
  g_clear_object (&job->by);
  g_date_time_unref (job->now);
  g_free (job);
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  CdBackupWorker *self = source_object;
  RunJob *job = task_data;
  CdBackupSummary *summary = NULL;
  GError *error = NULL;

  if (cd_store_backup_run (self->db_path, job->by, job->now, NULL, 0, on_progress, self, &summary,
                           cancellable, &error))
    g_task_return_pointer (task, summary, (GDestroyNotify) cd_backup_summary_free);
  else
    g_task_return_error (task, error);
}

static void
on_run_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  CdBackupWorker *self = CD_BACKUP_WORKER (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdBackupSummary) summary = g_task_propagate_pointer (G_TASK (result), &error);
  g_autoptr(GPtrArray) waiters = g_steal_pointer (&self->waiters);

  self->waiters = g_ptr_array_new_with_free_func (g_object_unref);
  g_object_freeze_notify (object);
  set_running (self, FALSE);
  set_fraction (self, 0);
  if (summary != NULL)
    {
      set_last_error (self, NULL);
      set_last_backup (self, summary->taken_at);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Nobody may be looking: it goes to the journal as well as to the header bar. */
      g_message ("The backup of %s failed: %s", self->db_path, error->message);
      set_last_error (self, error->message);
    }
  g_object_thaw_notify (object);

  for (guint i = 0; i < waiters->len; i++)
    {
      GTask *task = g_ptr_array_index (waiters, i);

      if (summary != NULL)
        g_task_return_pointer (task, cd_backup_summary_copy (summary),
                               (GDestroyNotify) cd_backup_summary_free);
      else
        g_task_return_error (task, g_error_copy (error));
    }
}

void
cd_backup_worker_run_async (CdBackupWorker      *self,
                            CdSession           *by,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) run = NULL;
  RunJob *job;

  g_return_if_fail (CD_IS_BACKUP_WORKER (self));
  g_return_if_fail (by == NULL || CD_IS_SESSION (by));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_backup_worker_run_async);
  g_task_set_check_cancellable (task, TRUE);
  g_ptr_array_add (self->waiters, g_steal_pointer (&task));
  if (self->running)
    return;

  set_running (self, TRUE);
  job = g_new0 (RunJob, 1);
  job->by = by != NULL ? g_object_ref (by) : NULL;
  job->now = cd_clock_get_now (self->clock);
  run = g_task_new (self, self->cancellable, on_run_done, NULL);
  g_task_set_source_tag (run, run_thread);
  g_task_set_task_data (run, job, (GDestroyNotify) run_job_free);
  cd_background_task_run (run, run_thread);
}

CdBackupSummary *
cd_backup_worker_run_finish (CdBackupWorker  *self,
                             GAsyncResult    *result,
                             GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- the schedule --------------------------------------------------------------------------- */

static void
read_last_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  CdBackupWorker *self = source_object;
  CdStoreBackupSettings settings = { 0 };
  GError *error = NULL;
  g_autoptr(CdDatabase) reader = cd_database_open_reader (self->db_path, &error);

  if (reader == NULL || !cd_store_backup_read_settings (reader, &settings, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  /* "" for never: a NULL pointer would read as an error. */
  g_task_return_pointer (task, g_strdup (settings.last_at != NULL ? settings.last_at : ""), g_free);
  cd_store_backup_settings_clear (&settings);
}

static void
on_check_run_done (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(CdBackupSummary) summary = NULL;
  GError *error = NULL;

  summary = cd_backup_worker_run_finish (CD_BACKUP_WORKER (object), result, &error);
  if (summary == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_last_read (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  CdBackupWorker *self = CD_BACKUP_WORKER (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *last_at = g_task_propagate_pointer (G_TASK (result), &error);
  g_autoptr(GDateTime) now = NULL;
  GCancellable *cancellable;

  if (last_at == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *message =
            g_strdup_printf (_("The store could not be read to back it up: %s"), error->message);

          set_last_error (self, message);
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (*last_at != '\0')
    set_last_backup (self, last_at);
  now = cd_clock_get_now (self->clock);
  if (!cd_store_backup_is_due (*last_at != '\0' ? last_at : NULL, now) || self->running)
    {
      g_task_return_boolean (task, FALSE);
      return;
    }
  cancellable = g_task_get_cancellable (task);
  cd_backup_worker_run_async (self, NULL, cancellable, on_check_run_done, g_steal_pointer (&task));
}

void
cd_backup_worker_check_async (CdBackupWorker      *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) read = NULL;

  g_return_if_fail (CD_IS_BACKUP_WORKER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_backup_worker_check_async);
  read = g_task_new (self, cancellable, on_last_read, g_steal_pointer (&task));
  g_task_run_in_thread (read, read_last_thread);
}

gboolean
cd_backup_worker_check_finish (CdBackupWorker  *self,
                               GAsyncResult    *result,
                               gboolean        *ran,
                               GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean did;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  did = g_task_propagate_boolean (G_TASK (result), &local_error);
  if (ran != NULL)
    *ran = did;
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

static void
on_timer_check_done (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  /* What it found is in the worker's properties already. */
  cd_backup_worker_check_finish (CD_BACKUP_WORKER (object), result, NULL, NULL);
}

static gboolean on_timer (gpointer user_data);

static void
schedule (CdBackupWorker *self,
          guint           seconds)
{
  if (self->timer != NULL)
    {
      g_source_destroy (self->timer);
      g_clear_pointer (&self->timer, g_source_unref);
    }
  self->timer = g_timeout_source_new_seconds (seconds);
  g_source_set_callback (self->timer, on_timer, self, NULL);
  g_source_attach (self->timer, self->main_context);
}

static gboolean
on_timer (gpointer user_data)
{
  CdBackupWorker *self = user_data;

  cd_backup_worker_check_async (self, self->cancellable, on_timer_check_done, NULL);
  schedule (self, CD_BACKUP_CHECK_SECONDS);
  return G_SOURCE_REMOVE;
}

void
cd_backup_worker_start (CdBackupWorker *self)
{
  g_return_if_fail (CD_IS_BACKUP_WORKER (self));

  if (self->started)
    return;
  self->started = TRUE;
  schedule (self, CD_BACKUP_FIRST_CHECK_SECONDS);
}

void
cd_backup_worker_stop (CdBackupWorker *self)
{
  g_return_if_fail (CD_IS_BACKUP_WORKER (self));

  self->started = FALSE;
  if (self->timer != NULL)
    {
      g_source_destroy (self->timer);
      g_clear_pointer (&self->timer, g_source_unref);
    }
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
}

gboolean
cd_backup_worker_get_started (CdBackupWorker *self)
{
  g_return_val_if_fail (CD_IS_BACKUP_WORKER (self), FALSE);
  return self->started;
}

gboolean
cd_backup_worker_get_running (CdBackupWorker *self)
{
  g_return_val_if_fail (CD_IS_BACKUP_WORKER (self), FALSE);
  return self->running;
}

double
cd_backup_worker_get_fraction (CdBackupWorker *self)
{
  g_return_val_if_fail (CD_IS_BACKUP_WORKER (self), 0);
  return self->fraction;
}

const char *
cd_backup_worker_get_last_error (CdBackupWorker *self)
{
  g_return_val_if_fail (CD_IS_BACKUP_WORKER (self), NULL);
  return self->last_error;
}

const char *
cd_backup_worker_get_last_backup (CdBackupWorker *self)
{
  g_return_val_if_fail (CD_IS_BACKUP_WORKER (self), NULL);
  return self->last_backup;
}

/* ---- GObject -------------------------------------------------------------------------------- */

static void
cd_backup_worker_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  CdBackupWorker *self = CD_BACKUP_WORKER (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;

    case PROP_FRACTION:
      g_value_set_double (value, self->fraction);
      break;

    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;

    case PROP_LAST_BACKUP:
      g_value_set_string (value, self->last_backup);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_backup_worker_dispose (GObject *object)
{
  CdBackupWorker *self = CD_BACKUP_WORKER (object);

  if (self->timer != NULL)
    {
      g_source_destroy (self->timer);
      g_clear_pointer (&self->timer, g_source_unref);
    }
  g_cancellable_cancel (self->cancellable);

  G_OBJECT_CLASS (cd_backup_worker_parent_class)->dispose (object);
}

static void
cd_backup_worker_finalize (GObject *object)
{
  CdBackupWorker *self = CD_BACKUP_WORKER (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->clock);
  g_clear_pointer (&self->main_context, g_main_context_unref);
  g_clear_pointer (&self->waiters, g_ptr_array_unref);
  g_clear_pointer (&self->db_path, g_free);
  g_clear_pointer (&self->last_error, g_free);
  g_clear_pointer (&self->last_backup, g_free);
  g_mutex_clear (&self->progress_lock);

  G_OBJECT_CLASS (cd_backup_worker_parent_class)->finalize (object);
}

static void
cd_backup_worker_class_init (CdBackupWorkerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = cd_backup_worker_get_property;
  object_class->dispose = cd_backup_worker_dispose;
  object_class->finalize = cd_backup_worker_finalize;

  properties[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE, ro);
  properties[PROP_FRACTION] = g_param_spec_double ("fraction", NULL, NULL, 0, 1, 0, ro);
  properties[PROP_LAST_ERROR] = g_param_spec_string ("last-error", NULL, NULL, NULL, ro);
  properties[PROP_LAST_BACKUP] = g_param_spec_string ("last-backup", NULL, NULL, NULL, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cd_backup_worker_init (CdBackupWorker *self)
{
  g_mutex_init (&self->progress_lock);
  self->main_context = g_main_context_ref_thread_default ();
  self->cancellable = g_cancellable_new ();
  self->waiters = g_ptr_array_new_with_free_func (g_object_unref);
}
