/* cd-store-backup.c — the office's backups: settings, schedule, backup and restore, audited. */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "cd-audit-log.h"
#include "cd-data-dir.h"
#include "cd-office-settings.h"
#include "cd-settings.h"
#include "cd-statement.h"
#include "cd-store-backup.h"

G_DEFINE_QUARK (cd-store-backup-error-quark, cd_store_backup_error)

/* ---- settings ------------------------------------------------------------------------------- */

void
cd_store_backup_settings_clear (CdStoreBackupSettings *settings)
{
  g_clear_pointer (&settings->folder, g_free);
  g_clear_pointer (&settings->last_at, g_free);
}

gboolean
cd_store_backup_read_settings (CdDatabase             *db,
                               CdStoreBackupSettings  *out,
                               GError                **error)
{
  g_autofree char *folder = NULL;
  g_autoptr(GError) local_error = NULL;
  gint64 keep;

  g_return_val_if_fail (CD_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  folder = cd_settings_dup_text (db, CD_SETTING_BACKUP_FOLDER, NULL, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  out->folder_is_default = folder == NULL || *g_strstrip (folder) == '\0';
  out->folder = out->folder_is_default ? cd_data_dir_backups () : g_steal_pointer (&folder);
  keep = cd_settings_get_int64 (db, CD_SETTING_BACKUP_KEEP, CD_BACKUP_DEFAULT_KEEP, NULL);
  out->keep = keep >= 1 ? (guint) MIN (keep, CD_BACKUP_MAX_KEEP) : CD_BACKUP_DEFAULT_KEEP;
  out->last_at = cd_settings_dup_text (db, CD_SETTING_BACKUP_LAST, NULL, NULL);
  return TRUE;
}

static char *
settings_json (const char *folder,
               guint       keep)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "backup_folder");
  if (folder != NULL)
    json_builder_add_string_value (builder, folder);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "backup_keep");
  json_builder_add_int_value (builder, keep);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static gboolean
failed (GError       **error,
        const char    *what,
        const GError  *cause)
{
  g_set_error (error, CD_STORE_BACKUP_ERROR, CD_STORE_BACKUP_ERROR_FAILED, "%s: %s", what,
               cause->message);
  return FALSE;
}

gboolean
cd_store_backup_write_settings (CdDatabase  *db,
                                CdSession   *admin,
                                const char  *folder,
                                guint        keep,
                                GError     **error)
{
  CdStoreBackupSettings before = { 0 };
  g_autofree char *wanted = NULL;
  g_autofree char *before_text = NULL;
  g_autofree char *after_text = NULL;
  g_autoptr(GError) local_error = NULL;
  CdAuditEntry entry = { 0 };
  gboolean ok;

  g_return_val_if_fail (CD_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (CD_IS_SESSION (admin), FALSE);

  if (!cd_session_require_role (admin, CD_ROLE_BIT (CD_ROLE_ADMIN), _("change the backup settings"),
                                error))
    return FALSE;
  if (keep < 1 || keep > CD_BACKUP_MAX_KEEP)
    {
      g_set_error (error, CD_STORE_BACKUP_ERROR, CD_STORE_BACKUP_ERROR_INVALID,
                   _("The number of daily backups kept must be from 1 to %d, not %u."),
                   CD_BACKUP_MAX_KEEP, keep);
      return FALSE;
    }
  wanted = g_strstrip (g_strdup (folder != NULL ? folder : ""));
  if (*wanted != '\0' && !g_path_is_absolute (wanted))
    {
      g_set_error (error, CD_STORE_BACKUP_ERROR, CD_STORE_BACKUP_ERROR_INVALID,
                   _("The backup folder must be a full path, not “%s”."), wanted);
      return FALSE;
    }

  if (!cd_database_begin_immediate (db, &local_error))
    return failed (error, _("The backup settings could not be saved"), local_error);
  cd_store_backup_read_settings (db, &before, NULL);
  if ((*wanted == '\0' ? before.folder_is_default
                       : !before.folder_is_default && g_str_equal (before.folder, wanted))
      && before.keep == keep)
    {
      cd_store_backup_settings_clear (&before);
      cd_database_rollback (db);
      return TRUE;
    }
  before_text = settings_json (before.folder_is_default ? NULL : before.folder, before.keep);
  after_text = settings_json (*wanted != '\0' ? wanted : NULL, keep);
  cd_store_backup_settings_clear (&before);

  ok = *wanted != '\0' ? cd_settings_set_text (db, CD_SETTING_BACKUP_FOLDER, wanted, &local_error)
                       : cd_settings_unset (db, CD_SETTING_BACKUP_FOLDER, &local_error);
  ok = ok && cd_settings_set_int64 (db, CD_SETTING_BACKUP_KEEP, keep, &local_error);
  if (!ok)
    {
      cd_database_rollback (db);
      return failed (error, _("The backup settings could not be saved"), local_error);
    }
  entry.user_id = cd_session_get_user_id (admin);
  entry.action = "settings.change";
  entry.entity = "settings";
  entry.before = before_text;
  entry.after = after_text;
  if (!cd_audit_log_append (db, &entry, error))
    {
      cd_database_rollback (db);
      return FALSE;
    }
  if (!cd_database_commit (db, &local_error))
    {
      cd_database_rollback (db);
      return failed (error, _("The backup settings could not be saved"), local_error);
    }
  return TRUE;
}

/* ---- the schedule --------------------------------------------------------------------------- */

gboolean
cd_store_backup_is_due (const char *last_at,
                        GDateTime  *now)
{
  g_autoptr(GDateTime) last = NULL;
  GTimeSpan age;

  g_return_val_if_fail (now != NULL, FALSE);

  if (last_at != NULL)
    last = g_date_time_new_from_iso8601 (last_at, NULL);
  if (last == NULL)
    return TRUE;
  age = g_date_time_difference (now, last);
  return age >= CD_BACKUP_INTERVAL_HOURS * G_TIME_SPAN_HOUR || age < -G_TIME_SPAN_HOUR;
}

/* ---- backing up ----------------------------------------------------------------------------- */

static char *
iso_utc (GDateTime *when)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (when);

  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

/* The summary's JSON with more members, as an audit entry quotes it. */
static char *
summary_json_with (const CdBackupSummary *summary,
                   const char            *name,
                   JsonNode              *value)
{
  g_autofree char *text = cd_backup_summary_to_json (summary);
  g_autoptr(JsonNode) node = json_from_string (text, NULL);

  g_assert (node != NULL && JSON_NODE_HOLDS_OBJECT (node));
  if (name != NULL)
    json_object_set_member (json_node_get_object (node), name, value);
  return json_to_string (node, FALSE);
}

static gboolean
record_backup (const char            *db_path,
               CdSession             *by,
               const CdBackupSummary *summary,
               guint                  n_removed,
               GError               **error)
{
  g_autoptr(CdDatabase) writer = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *after = NULL;
  CdAuditEntry entry = { 0 };
  JsonNode *removed = json_node_new (JSON_NODE_VALUE);

  json_node_set_int (removed, n_removed);
  after = summary_json_with (summary, "removed_old", removed);
  entry.at = summary->taken_at;
  entry.user_id = by != NULL ? cd_session_get_user_id (by) : 0;
  entry.action = "store.backup";
  entry.entity = "store";
  entry.after = after;

  /* A short write on a connection of its own, like the sync worker's; SQLite keeps it apart from
   * the workstation's writer. */
  writer = cd_database_open_unchecked (db_path, &local_error);
  if (writer == NULL || !cd_database_begin_immediate (writer, &local_error))
    return failed (error, _("The backup could not be recorded in the store"), local_error);
  if (!cd_settings_set_text (writer, CD_SETTING_BACKUP_LAST, summary->taken_at, &local_error)
      || !cd_audit_log_append (writer, &entry, &local_error)
      || !cd_database_commit (writer, &local_error))
    {
      cd_database_rollback (writer);
      return failed (error, _("The backup could not be recorded in the store"), local_error);
    }
  return TRUE;
}

gboolean
cd_store_backup_run (const char             *db_path,
                     CdSession              *by,
                     GDateTime              *now,
                     const char             *folder,
                     guint                   keep,
                     CdBackupProgressFunc    progress,
                     gpointer                progress_data,
                     CdBackupSummary       **summary,
                     GCancellable           *cancellable,
                     GError                **error)
{
  g_autoptr(CdDatabase) reader = NULL;
  CdStoreBackupSettings settings = { 0 };
  g_autoptr(CdBackupSummary) made = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *office = NULL;
  g_autofree char *name = NULL;
  g_autofree char *dest = NULL;
  g_autofree char *target = NULL;
  guint n_removed = 0;

  g_return_val_if_fail (db_path != NULL, FALSE);
  g_return_val_if_fail (by == NULL || CD_IS_SESSION (by), FALSE);
  g_return_val_if_fail (now != NULL, FALSE);

  if (by != NULL && !cd_session_begin_action (by, error))
    return FALSE;
  reader = cd_database_open_reader (db_path, &local_error);
  if (reader == NULL || !cd_store_backup_read_settings (reader, &settings, &local_error))
    return failed (error, _("The store could not be backed up"), local_error);
  target = g_strdup (folder != NULL && *folder != '\0' ? folder : settings.folder);
  if (keep == 0)
    keep = settings.keep;
  cd_store_backup_settings_clear (&settings);
  office = cd_office_settings_dup_office_code (reader, NULL);

  if (g_mkdir_with_parents (target, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, CD_STORE_BACKUP_ERROR, CD_STORE_BACKUP_ERROR_FOLDER,
                   _("The backup folder %s cannot be made: %s"), target, g_strerror (saved));
      return FALSE;
    }
  name = cd_backup_file_name (office, now, NULL);
  dest = g_build_filename (target, name, NULL);
  if (!cd_backup_copy (reader, dest, now, office, progress, progress_data, &made, cancellable,
                       &local_error))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      g_set_error (error, CD_STORE_BACKUP_ERROR,
                   g_error_matches (local_error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_READ_ONLY)
                   || g_error_matches (local_error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_OPEN)
                     ? CD_STORE_BACKUP_ERROR_FOLDER : CD_STORE_BACKUP_ERROR_FAILED,
                   _("The backup to %s failed: %s"), target, local_error->message);
      return FALSE;
    }
  g_clear_object (&reader);

  /* Old ones go only once the new one is safe; the record comes first, so a folder that refuses
   * to let go of old files does not make the schedule back up again every hour. */
  if (!cd_backup_rotate (target, office, keep, &n_removed, &local_error))
    {
      g_autoptr(GError) record_error = NULL;

      record_backup (db_path, by, made, 0, &record_error);
      g_set_error (error, CD_STORE_BACKUP_ERROR, CD_STORE_BACKUP_ERROR_FOLDER,
                   _("The backup %s was written, but older backups could not be removed: %s"),
                   dest, local_error->message);
      return FALSE;
    }
  if (!record_backup (db_path, by, made, n_removed, error))
    {
      /* Say that the copy is there: a full disk under the store is no reason to lose it. */
      g_prefix_error (error, _("The backup %s was written and is whole. "), dest);
      return FALSE;
    }
  if (summary != NULL)
    *summary = g_steal_pointer (&made);
  return TRUE;
}

/* ---- restoring ------------------------------------------------------------------------------ */

void
cd_store_restore_clear (CdStoreRestore *restore)
{
  g_clear_pointer (&restore->restored, cd_backup_summary_free);
  g_clear_pointer (&restore->safety_copy, g_free);
  g_clear_object (&restore->writer);
}

/* The restoring user is the same account in the restored store: same id, login and role, and
 * still active. */
static gboolean
account_kept (CdDatabase *db,
              CdSession  *by)
{
  g_autoptr(CdStatement) stmt = NULL;

  stmt = cd_database_prepare (db, "SELECT 1 FROM users WHERE id = ?1 AND login = ?2 AND role = ?3"
                                  " AND active = 1", NULL);
  if (stmt == NULL)
    return FALSE;
  cd_statement_bind_int64 (stmt, 1, cd_session_get_user_id (by));
  cd_statement_bind_text (stmt, 2, cd_session_get_login (by));
  cd_statement_bind_text (stmt, 3, cd_role_to_string (cd_session_get_role (by)));
  return cd_statement_step (stmt, NULL) == CD_STEP_ROW;
}

static gboolean
record_restore (CdDatabase             *writer,
                CdSession              *by,
                GDateTime              *now,
                const CdBackupSummary  *restored,
                const CdBackupSummary  *before,
                const char             *safety_copy,
                gboolean               *by_kept,
                GError                **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *at = iso_utc (now);
  g_autofree char *before_text = NULL;
  g_autofree char *after_text = NULL;
  CdAuditEntry entry = { 0 };
  JsonNode *login = NULL;

  if (!cd_database_begin_immediate (writer, &local_error))
    return failed (error, _("The restore could not be recorded in the store"), local_error);
  *by_kept = by != NULL && account_kept (writer, by);
  if (by != NULL && !*by_kept)
    {
      /* The audit log names accounts by id: one the restored store does not have is named by its
       * login instead. */
      login = json_node_new (JSON_NODE_VALUE);
      json_node_set_string (login, cd_session_get_login (by));
    }
  after_text = summary_json_with (restored, login != NULL ? "restored_by" : NULL, login);
  if (before != NULL)
    before_text = cd_backup_summary_to_json (before);
  else if (safety_copy != NULL)
    {
      CdBackupSummary kept = { .path = (char *) safety_copy };

      /* A store too damaged to count: only where its bytes were kept. */
      before_text = cd_backup_summary_to_json (&kept);
    }
  entry.at = at;
  entry.user_id = *by_kept ? cd_session_get_user_id (by) : 0;
  entry.action = "store.restore";
  entry.entity = "store";
  entry.before = before_text;
  entry.after = after_text;
  /* The stamp the backup carried of itself describes the file, not the store it became. */
  if (!cd_settings_unset (writer, CD_SETTING_BACKUP_SUMMARY, &local_error)
      || !cd_audit_log_append (writer, &entry, &local_error)
      || !cd_database_commit (writer, &local_error))
    {
      cd_database_rollback (writer);
      return failed (error, _("The restore could not be recorded in the store"), local_error);
    }
  return TRUE;
}

gboolean
cd_store_backup_restore (const char             *db_path,
                         CdDatabase             *live,
                         const char             *backup,
                         CdSession              *by,
                         GDateTime              *now,
                         const char             *safety_folder,
                         CdBackupProgressFunc    progress,
                         gpointer                progress_data,
                         CdStoreRestore         *out,
                         GError                **error)
{
  g_autoptr(CdBackupSummary) restored = NULL;
  g_autoptr(CdBackupSummary) before = NULL;
  g_autoptr(CdDatabase) writer = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *office = NULL;
  g_autofree char *name = NULL;
  g_autofree char *safety = NULL;
  gboolean by_kept = FALSE;

  g_return_val_if_fail (db_path != NULL && backup != NULL && now != NULL, FALSE);
  g_return_val_if_fail (live == NULL || CD_IS_DATABASE (live), FALSE);
  g_return_val_if_fail (by == NULL || CD_IS_SESSION (by), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (by != NULL
      && !cd_session_require_role (by, CD_ROLE_BIT (CD_ROLE_ADMIN), _("restore a backup"), error))
    return FALSE;
  /* Nothing is touched until the backup has passed every check. */
  restored = cd_backup_verify (backup, error);
  if (restored == NULL)
    return FALSE;

  folder = safety_folder != NULL ? g_strdup (safety_folder) : g_path_get_dirname (db_path);
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, CD_STORE_BACKUP_ERROR, CD_STORE_BACKUP_ERROR_FOLDER,
                   _("Nothing was restored: the folder %s for the safety copy cannot be made: %s"),
                   folder, g_strerror (saved));
      return FALSE;
    }
  if (live != NULL)
    office = cd_office_settings_dup_office_code (live, NULL);
  name = cd_backup_file_name (office != NULL ? office : restored->office_code, now,
                              "-before-restore");
  safety = g_build_filename (folder, name, NULL);
  /* A store lost with its disk has nothing to keep: the backup simply becomes it. */
  if (!g_file_test (db_path, G_FILE_TEST_EXISTS))
    g_clear_pointer (&safety, g_free);
  else if (!cd_backup_safety_copy (db_path, safety, &before, &local_error))
    {
      g_set_error (error, CD_STORE_BACKUP_ERROR, CD_STORE_BACKUP_ERROR_FOLDER,
                   _("Nothing was restored: the store could not be kept first: %s"),
                   local_error->message);
      return FALSE;
    }

  if (live != NULL ? !cd_backup_restore_into (live, backup, progress, progress_data, &local_error)
                   : !cd_backup_restore (db_path, backup, &local_error))
    {
      g_set_error (error, CD_STORE_BACKUP_ERROR, CD_STORE_BACKUP_ERROR_FAILED,
                   _("The store was not restored from %s: %s"), backup, local_error->message);
      return FALSE;
    }

  /* A backup from an earlier release is brought to this schema by opening it for writing. */
  writer = cd_database_open_unchecked (db_path, &local_error);
  if (writer == NULL
      || !record_restore (writer, by, now, restored, before, safety, &by_kept, &local_error))
    {
      g_set_error (error, CD_STORE_BACKUP_ERROR, CD_STORE_BACKUP_ERROR_FAILED,
                   _("The store was restored from %s, but then failed: %s"), backup,
                   local_error->message);
      return FALSE;
    }
  out->restored = g_steal_pointer (&restored);
  out->safety_copy = g_steal_pointer (&safety);
  out->writer = g_steal_pointer (&writer);
  out->by_kept = by_kept;
  return TRUE;
}

/* ---- off the main loop ---------------------------------------------------------------------- */

typedef struct
{
  CdStoreBackupSettings  settings;
  GPtrArray             *backups;
} Listing;

static void
listing_free (Listing *listing)
{
  cd_store_backup_settings_clear (&listing->settings);
  g_clear_pointer (&listing->backups, g_ptr_array_unref);
  g_free (listing);
}

static void
list_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  g_autoptr(CdDatabase) reader = cd_database_open_reader (task_data, &error);
  Listing *listing = g_new0 (Listing, 1);

  if (reader == NULL || !cd_store_backup_read_settings (reader, &listing->settings, &error))
    {
      listing_free (listing);
      g_task_return_error (task, error);
      return;
    }
  listing->backups = cd_backup_list (listing->settings.folder, &error);
  if (listing->backups == NULL)
    {
      /* The settings are still worth showing, to change the folder: the list says what is
       * wrong with it. */
      CdBackupSummary *problem = g_new0 (CdBackupSummary, 1);

      problem->path = g_strdup (listing->settings.folder);
      problem->problem = g_strdup (error->message);
      g_clear_error (&error);
      listing->backups = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_backup_summary_free);
      g_ptr_array_add (listing->backups, problem);
    }
  g_task_return_pointer (task, listing, (GDestroyNotify) listing_free);
}

void
cd_store_backup_list_async (const char          *db_path,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (db_path != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_store_backup_list_async);
  g_task_set_task_data (task, g_strdup (db_path), g_free);
  g_task_run_in_thread (task, list_thread);
}

GPtrArray *
cd_store_backup_list_finish (GAsyncResult           *result,
                             CdStoreBackupSettings  *settings,
                             GError                **error)
{
  Listing *listing;
  GPtrArray *backups;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  listing = g_task_propagate_pointer (G_TASK (result), error);
  if (listing == NULL)
    return NULL;
  if (settings != NULL)
    {
      *settings = listing->settings;
      listing->settings = (CdStoreBackupSettings) { 0 };
    }
  backups = g_steal_pointer (&listing->backups);
  listing_free (listing);
  return backups;
}

typedef struct
{
  CdSession *admin;
  char      *folder;
  guint      keep;
} WriteJob;

static void
write_job_free (WriteJob *job)
{
  g_object_unref (job->admin);
  g_free (job->folder);
  g_free (job);
}

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  WriteJob *job = task_data;
  GError *error = NULL;

  if (!cd_store_backup_write_settings (source_object, job->admin, job->folder, job->keep, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
cd_store_backup_write_settings_async (CdDatabase          *writer,
                                      CdSession           *admin,
                                      const char          *folder,
                                      guint                keep,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  WriteJob *job;

  g_return_if_fail (CD_IS_DATABASE (writer));
  g_return_if_fail (CD_IS_SESSION (admin));

  job = g_new0 (WriteJob, 1);
  job->admin = g_object_ref (admin);
  job->folder = g_strdup (folder);
  job->keep = keep;
  task = g_task_new (writer, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_store_backup_write_settings_async);
  g_task_set_task_data (task, job, (GDestroyNotify) write_job_free);
  cd_database_run_in_thread (writer, task, write_thread);
}

gboolean
cd_store_backup_write_settings_finish (CdDatabase    *writer,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, writer), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
