/* cd-letter-export.c — a decision letter from the store to a PDF, in a worker thread. */
#include "config.h"

#include "cd-database.h"
#include "cd-letter-export.h"
#include "cd-letter-source.h"

typedef struct
{
  char *db_path;
  char *claim_number;
  char *pdf_path;
} Job;

static void
job_free (Job *job)
{
  g_free (job->db_path);
  g_free (job->claim_number);
  g_free (job->pdf_path);
  g_free (job);
}

static void
export_in_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  Job *job = task_data;
  GError *error = NULL;
  g_autoptr(CdDatabase) db = cd_database_open_reader (job->db_path, &error);
  g_autoptr(CdLetterSource) source = NULL;

  if (db == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* Letters are Vietnamese administrative documents, whatever the interface language. */
  source = cd_letter_source_load (db, job->claim_number, "vi", &error);
  if (source == NULL
      || !cd_decision_letter_render_pdf (cd_letter_source_get_data (source), job->pdf_path,
                                         &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

void
cd_letter_export_async (const char          *db_path,
                        const char          *claim_number,
                        const char          *pdf_path,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_return_if_fail (db_path != NULL && claim_number != NULL && pdf_path != NULL);

  job = g_new0 (Job, 1);
  job->db_path = g_strdup (db_path);
  job->claim_number = g_strdup (claim_number);
  job->pdf_path = g_strdup (pdf_path);
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_letter_export_async);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, export_in_thread);
}

gboolean
cd_letter_export_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
