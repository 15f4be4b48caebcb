/* cd-decision-list-export.c — writes a decision list to a file, off the main loop. */
#include "config.h"

#include "cd-decision-list.h"
#include "cd-decision-list-export.h"

typedef struct
{
  JsonNode             *data;
  CdDecisionListFormat  format;
  char                 *path;
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  g_clear_pointer (&job->data, json_node_unref);
  g_free (job->path);
  g_free (job);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportJob *job = task_data;
  CdDecisionList list = { 0 };
  GError *error = NULL;
  gboolean ok;

  if (!JSON_NODE_HOLDS_OBJECT (job->data))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               "The decision list's data is not a JSON object");
      return;
    }
  if (!cd_decision_list_init_from_json (&list, json_node_get_object (job->data), &error))
    {
      g_task_return_error (task, error);
      return;
    }
  ok = job->format == CD_DECISION_LIST_PDF ? cd_decision_list_render_pdf (&list, job->path, &error)
                                           : cd_decision_list_write_csv (&list, job->path, &error);
  cd_decision_list_clear (&list);
  if (!ok)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
cd_decision_list_export_async (JsonNode             *data,
                               CdDecisionListFormat  format,
                               const char           *path,
                               GCancellable         *cancellable,
                               GAsyncReadyCallback   callback,
                               gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  ExportJob *job;

  g_return_if_fail (data != NULL);
  g_return_if_fail (path != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_decision_list_export_async);
  job = g_new0 (ExportJob, 1);
  job->data = json_node_ref (data);
  job->format = format;
  job->path = g_strdup (path);
  g_task_set_task_data (task, job, (GDestroyNotify) export_job_free);
  g_task_run_in_thread (task, export_thread);
}

gboolean
cd_decision_list_export_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
