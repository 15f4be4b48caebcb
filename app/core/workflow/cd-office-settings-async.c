/* cd-office-settings-async.c — the office rules read and written off the main loop.
 *
 * Reading uses a reader connection of its own; writing runs on the shared writer with the other
 * writes, as one transaction with its audit entry (cd_office_settings_write).
 */
#include "config.h"

#include "cd-office-settings.h"

static void
settings_free (CdOfficeSettings *settings)
{
  cd_office_settings_clear (settings);
  g_free (settings);
}

static void
read_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  g_autoptr(CdDatabase) reader = cd_database_open_reader (task_data, &error);
  CdOfficeSettings *settings = g_new0 (CdOfficeSettings, 1);

  if (reader == NULL || !cd_office_settings_read (reader, settings, &error))
    {
      g_free (settings);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, settings, (GDestroyNotify) settings_free);
}

void
cd_office_settings_read_async (const char          *db_path,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (db_path != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_office_settings_read_async);
  g_task_set_task_data (task, g_strdup (db_path), g_free);
  g_task_run_in_thread (task, read_thread);
}

CdOfficeSettings *
cd_office_settings_read_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  CdSession        *admin;
  CdOfficeSettings  settings;
} WriteJob;

static void
write_job_free (WriteJob *job)
{
  g_object_unref (job->admin);
  cd_office_settings_clear (&job->settings);
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

  if (!cd_office_settings_write (source_object, job->admin, &job->settings, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
cd_office_settings_write_async (CdDatabase              *writer,
                                CdSession               *admin,
                                const CdOfficeSettings  *settings,
                                GCancellable            *cancellable,
                                GAsyncReadyCallback      callback,
                                gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  WriteJob *job;

  g_return_if_fail (CD_IS_DATABASE (writer));
  g_return_if_fail (CD_IS_SESSION (admin));
  g_return_if_fail (settings != NULL);

  job = g_new0 (WriteJob, 1);
  job->admin = g_object_ref (admin);
  job->settings.office_code = g_strdup (settings->office_code);
  job->settings.idle_lock_minutes = settings->idle_lock_minutes;
  job->settings.approval_threshold = settings->approval_threshold;
  task = g_task_new (writer, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_office_settings_write_async);
  g_task_set_task_data (task, job, (GDestroyNotify) write_job_free);
  cd_database_run_in_thread (writer, task, write_thread);
}

gboolean
cd_office_settings_write_finish (CdDatabase    *writer,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, writer), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

typedef struct
{
  char              *db_path;
  gsize              size;
  CdOfficeRulesFill  fill;
} RulesRead;

static void
rules_read_free (RulesRead *job)
{
  g_free (job->db_path);
  g_free (job);
}

static void
rules_read_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  RulesRead *job = task_data;
  GError *error = NULL;
  g_autoptr(CdDatabase) reader = cd_database_open_reader (job->db_path, &error);
  gpointer rules;

  if (reader == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  rules = g_malloc0 (job->size);
  job->fill (reader, rules);
  g_task_return_pointer (task, rules, g_free);
}

void
cd_office_rules_read_async (const char          *db_path,
                            gsize                size,
                            CdOfficeRulesFill    fill,
                            gpointer             source_tag,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RulesRead *job;

  g_return_if_fail (db_path != NULL && size > 0 && fill != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  job = g_new0 (RulesRead, 1);
  job->db_path = g_strdup (db_path);
  job->size = size;
  job->fill = fill;
  g_task_set_task_data (task, job, (GDestroyNotify) rules_read_free);
  g_task_run_in_thread (task, rules_read_thread);
}

gpointer
cd_office_rules_read_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
fill_paper_rules (CdDatabase *reader,
                  gpointer    rules)
{
  cd_office_settings_read_paper_rules (reader, rules);
}

void
cd_office_settings_read_paper_rules_async (const char          *db_path,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  cd_office_rules_read_async (db_path, sizeof (CdPaperRules), fill_paper_rules,
                              cd_office_settings_read_paper_rules_async, cancellable, callback,
                              user_data);
}

CdPaperRules *
cd_office_settings_read_paper_rules_finish (GAsyncResult  *result,
                                            GError       **error)
{
  return cd_office_rules_read_finish (result, error);
}

typedef struct
{
  CdSession    *admin;
  CdPaperRules  rules;
} PaperJob;

static void
paper_job_free (PaperJob *job)
{
  g_object_unref (job->admin);
  g_free (job);
}

static void
write_paper_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  PaperJob *job = task_data;
  GError *error = NULL;

  if (!cd_office_settings_write_paper_rules (source_object, job->admin, &job->rules, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
cd_office_settings_write_paper_rules_async (CdDatabase          *writer,
                                            CdSession           *admin,
                                            const CdPaperRules  *rules,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  PaperJob *job;

  g_return_if_fail (CD_IS_DATABASE (writer));
  g_return_if_fail (CD_IS_SESSION (admin));
  g_return_if_fail (rules != NULL);

  job = g_new0 (PaperJob, 1);
  job->admin = g_object_ref (admin);
  job->rules = *rules;
  task = g_task_new (writer, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_office_settings_write_paper_rules_async);
  g_task_set_task_data (task, job, (GDestroyNotify) paper_job_free);
  cd_database_run_in_thread (writer, task, write_paper_thread);
}

gboolean
cd_office_settings_write_paper_rules_finish (GAsyncResult  *result,
                                             GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result)
                        && g_task_get_source_tag (G_TASK (result))
                           == cd_office_settings_write_paper_rules_async, FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
