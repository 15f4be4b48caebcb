/* cd-period-read.c — a period's oversight figures read off the main loop (cd-period-read.h). */
#include "config.h"

#include "cd-period-read.h"

typedef struct
{
  CdPeriodRead     period;
  CdPeriodReadFunc read;
  GDestroyNotify   free_result;
} Job;

static void
job_free (Job *job)
{
  g_free (job->period.db_path);
  g_clear_pointer (&job->period.pack, cd_rule_pack_unref);
  g_free (job->period.officer_login);
  g_free (job);
}

static void
read_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(CdDatabase) reader = NULL;
  GError *error = NULL;
  gpointer figures = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  reader = cd_database_open_reader (job->period.db_path, &error);
  if (reader != NULL)
    figures = job->read (reader, &job->period, cancellable, &error);
  if (figures == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, figures, job->free_result);
}

void
cd_period_read_run (GTask            *task,
                    const char       *db_path,
                    CdRulePack       *pack,
                    gint64            officer_id,
                    const char       *officer_login,
                    CdDay             from,
                    CdDay             to,
                    CdDay             today,
                    CdPeriodReadFunc  read,
                    GDestroyNotify    free_result)
{
  Job *job;

  g_return_if_fail (G_IS_TASK (task));
  g_return_if_fail (db_path != NULL && pack != NULL && read != NULL);

  job = g_new0 (Job, 1);
  job->period.db_path = g_strdup (db_path);
  job->period.pack = cd_rule_pack_ref (pack);
  job->period.officer_id = officer_id;
  job->period.officer_login = g_strdup (officer_login);
  job->period.from = from;
  job->period.to = to;
  job->period.today = today;
  job->read = read;
  job->free_result = free_result;
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, read_thread);
}
