/* cd-context-restore.c — restoring a backup: everything on the store closed, and opened again.
 *
 * The sync and backup workers stop and the writer leaves the context, so nothing new starts
 * writing; the restore runs as a job on that writer, after the jobs already queued on it, and
 * copies the backup into the open store (cd_store_backup_restore). Then a writer on the restored
 * store becomes the context's and notify::db-path goes out again: every widget reads the store
 * afresh through readers of its own, and the workers start over.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cd-context-private.h"
#include "cd-data-dir.h"

typedef struct
{
  CdContext      *context;      /* for ::restore-progress, reported from the job's thread */
  char           *db_path;
  char           *backup;
  CdSession      *admin;
  GDateTime      *now;
  CdDatabase     *live;         /* the context's writer, or one the job opens */
  CdStoreRestore  result;
} RestoreJob;

static void
restore_job_free (RestoreJob *job)
{
  g_object_unref (job->context);
  g_free (job->db_path);
  g_free (job->backup);
  g_object_unref (job->admin);
  g_date_time_unref (job->now);
  g_clear_object (&job->live);
  cd_store_restore_clear (&job->result);
  g_free (job);
}

typedef struct
{
  CdContext *context;
  double     fraction;
} Progress;

static gboolean
emit_progress (gpointer user_data)
{
  Progress *progress = user_data;

  g_signal_emit (progress->context, cd_context_signals[CD_CONTEXT_RESTORE_PROGRESS], 0,
                 progress->fraction);
  return G_SOURCE_REMOVE;
}

static void
progress_free (Progress *progress)
{
  g_object_unref (progress->context);
  g_free (progress);
}

static void
on_progress (double   fraction,
             gpointer user_data)
{
  RestoreJob *job = user_data;
  Progress *progress = g_new0 (Progress, 1);

  progress->context = g_object_ref (job->context);
  progress->fraction = fraction;
  g_main_context_invoke_full (NULL, G_PRIORITY_DEFAULT, emit_progress, progress,
                              (GDestroyNotify) progress_free);
}

static void
restore_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  RestoreJob *job = task_data;
  CdStoreBackupSettings settings = { 0 };
  g_autofree char *safety_folder = NULL;
  GError *error = NULL;

  /* A store nobody has opened for writing yet is opened now, so the backup is copied into it
   * like into any other; only a file that is no database at all is replaced instead. */
  if (job->live == NULL)
    {
      g_autoptr(GError) open_error = NULL;

      job->live = cd_database_open_unchecked (job->db_path, &open_error);
      if (job->live == NULL)
        g_debug ("Restoring over %s, which cannot be opened: %s", job->db_path,
                 open_error->message);
    }
  /* The safety copy goes where the backups are, so it is in the list to restore if need be. */
  if (job->live != NULL && cd_store_backup_read_settings (job->live, &settings, NULL))
    safety_folder = g_strdup (settings.folder);
  else
    safety_folder = cd_data_dir_backups ();
  cd_store_backup_settings_clear (&settings);

  if (cd_store_backup_restore (job->db_path, job->live, job->backup, job->admin, job->now,
                               safety_folder, on_progress, job, &job->result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_restored (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  CdContext *self = CD_CONTEXT (object);
  g_autoptr(GTask) task = user_data;
  RestoreJob *job = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;

  self->restoring = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), cd_context_properties[CD_CONTEXT_PROP_RESTORING]);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      /* Nothing changed (or what did is in the message): the store goes on as it was. */
      if (job->live != NULL && g_strcmp0 (job->db_path, self->db_path) == 0)
        cd_context_set_database (self, job->live);
      cd_context_restart_sync_worker (self);
      cd_context_restart_backup_worker (self);
      g_task_return_error (task, error);
      return;
    }

  g_object_freeze_notify (G_OBJECT (self));
  if (g_strcmp0 (job->db_path, self->db_path) == 0)
    cd_context_set_database (self, job->result.writer);
  /* Someone without an account in the restored store cannot go on acting in it. */
  if (!job->result.by_kept && self->session == job->admin)
    cd_context_set_session (self, NULL);
  /* Every reader opens again, on the restored store. */
  g_object_notify_by_pspec (G_OBJECT (self), cd_context_properties[CD_CONTEXT_PROP_DB_PATH]);
  g_object_thaw_notify (G_OBJECT (self));
  cd_context_restart_sync_worker (self);
  cd_context_restart_backup_worker (self);
  g_task_set_task_data (task, g_steal_pointer (&job->result.safety_copy), g_free);
  g_task_return_pointer (task, g_steal_pointer (&job->result.restored),
                         (GDestroyNotify) cd_backup_summary_free);
}

void
cd_context_restore_backup_async (CdContext           *self,
                                 const char          *backup,
                                 CdSession           *admin,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) restore = NULL;
  g_autoptr(GError) error = NULL;
  RestoreJob *job;

  g_return_if_fail (CD_IS_CONTEXT (self));
  g_return_if_fail (backup != NULL);
  g_return_if_fail (CD_IS_SESSION (admin));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_context_restore_backup_async);
  if (!cd_context_is_set (self->db_path))
    {
      g_task_return_new_error (task, CD_DATABASE_ERROR, CD_DATABASE_ERROR_OPEN,
                               _("No claims store has been set up on this workstation"));
      return;
    }
  if (self->restoring)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_BUSY,
                               _("A restore is already under way."));
      return;
    }
  if (!cd_session_require_role (admin, CD_ROLE_BIT (CD_ROLE_ADMIN), _("restore a backup"),
                                &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  job = g_new0 (RestoreJob, 1);
  job->context = g_object_ref (self);
  job->db_path = g_strdup (self->db_path);
  job->backup = g_strdup (backup);
  job->admin = g_object_ref (admin);
  job->now = cd_clock_get_now (self->clock);
  job->live = self->database != NULL ? g_object_ref (self->database) : NULL;

  /* Nothing new starts on the store: no workers, and no writer to hand out. */
  self->restoring = TRUE;
  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), cd_context_properties[CD_CONTEXT_PROP_RESTORING]);
  if (self->database != NULL)
    {
      g_clear_object (&self->database);
      g_object_notify_by_pspec (G_OBJECT (self), cd_context_properties[CD_CONTEXT_PROP_DATABASE]);
    }
  g_object_thaw_notify (G_OBJECT (self));
  cd_context_restart_sync_worker (self);
  cd_context_restart_backup_worker (self);

  /* Not the caller's cancellable: a restore once begun is finished. */
  restore = g_task_new (self, NULL, on_restored, g_steal_pointer (&task));
  g_task_set_source_tag (restore, restore_thread);
  g_task_set_task_data (restore, job, (GDestroyNotify) restore_job_free);
  if (job->live != NULL)
    /* After the writes already queued on the writer, and never beside one. */
    cd_database_run_in_thread (job->live, restore, restore_thread);
  else
    g_task_run_in_thread (restore, restore_thread);
}

CdBackupSummary *
cd_context_restore_backup_finish (CdContext     *self,
                                  GAsyncResult  *result,
                                  char         **safety_copy,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  /* on_restored leaves the safety copy's path as the task's data. */
  if (safety_copy != NULL)
    *safety_copy = g_strdup (g_task_get_task_data (G_TASK (result)));
  return g_task_propagate_pointer (G_TASK (result), error);
}
