/* cd-export-audit.c — the `list.export` audit entry of an export or a print. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "cd-audit-log.h"
#include "cd-export-audit.h"

const char *
cd_export_format_to_string (CdExportFormat format)
{
  switch (format)
    {
    case CD_EXPORT_CSV:
      return "csv";
    case CD_EXPORT_PRINT:
      return "print";
    case CD_EXPORT_PDF:
      return "pdf";
    default:
      g_return_val_if_reached (NULL);
    }
}

static char *
after_json (const char     *list,
            const char     *title,
            CdExportFormat  format,
            guint           n_rows,
            const char     *file)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *base = file != NULL ? g_path_get_basename (file) : NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "list");
  json_builder_add_string_value (builder, list);
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, title != NULL ? title : "");
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, cd_export_format_to_string (format));
  json_builder_set_member_name (builder, "rows");
  json_builder_add_int_value (builder, n_rows);
  json_builder_set_member_name (builder, "file");
  if (base != NULL)
    json_builder_add_string_value (builder, base);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

CdAccessRight
cd_export_audit_right (const char *list)
{
  g_return_val_if_fail (list != NULL, CD_ACCESS_EXPORT_OFFICE_LISTS);

  if (g_str_equal (list, "claims.my-drafts") || g_str_has_prefix (list, "dashboard."))
    return CD_ACCESS_EXPORT_OWN_LISTS;
  if (g_str_has_prefix (list, "forms."))
    return CD_ACCESS_STATISTICS_FORMS;
  if (g_str_has_prefix (list, "payouts."))
    return CD_ACCESS_EXPORT_PAYOUTS;
  return CD_ACCESS_EXPORT_OFFICE_LISTS;
}

gboolean
cd_export_audit_check (CdSession   *session,
                       const char  *list,
                       GError     **error)
{
  g_return_val_if_fail (CD_IS_SESSION (session), FALSE);
  g_return_val_if_fail (list != NULL && *list != '\0', FALSE);

  return cd_access_require (session, cd_export_audit_right (list), error);
}

gboolean
cd_export_audit_record (CdDatabase      *writer,
                        CdSession       *session,
                        const char      *list,
                        const char      *title,
                        CdExportFormat   format,
                        guint            n_rows,
                        const char      *file,
                        GError         **error)
{
  g_autofree char *after = NULL;
  CdAuditEntry entry = { 0 };

  g_return_val_if_fail (CD_IS_DATABASE (writer), FALSE);
  g_return_val_if_fail (CD_IS_SESSION (session), FALSE);
  g_return_val_if_fail (list != NULL && *list != '\0', FALSE);

  if (!cd_export_audit_check (session, list, error))
    return FALSE;
  after = after_json (list, title, format, n_rows, file);
  entry.user_id = cd_session_get_user_id (session);
  entry.action = "list.export";
  entry.entity = "list";
  entry.after = after;
  if (!cd_database_begin_immediate (writer, error))
    return FALSE;
  if (!cd_audit_log_append (writer, &entry, error) || !cd_database_commit (writer, error))
    {
      cd_database_rollback (writer);
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  CdSession      *session;
  char           *list;
  char           *title;
  CdExportFormat  format;
  guint           n_rows;
  char           *file;
} RecordJob;

static void
record_job_free (RecordJob *job)
{
  g_object_unref (job->session);
  g_free (job->list);
  g_free (job->title);
  g_free (job->file);
  g_free (job);
}

static void
record_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  RecordJob *job = task_data;
  GError *error = NULL;

  if (!cd_export_audit_record (source_object, job->session, job->list, job->title, job->format,
                               job->n_rows, job->file, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
cd_export_audit_record_async (CdDatabase           *writer,
                              CdSession            *session,
                              const char           *list,
                              const char           *title,
                              CdExportFormat        format,
                              guint                 n_rows,
                              const char           *file,
                              GCancellable         *cancellable,
                              GAsyncReadyCallback   callback,
                              gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  RecordJob *job;

  g_return_if_fail (CD_IS_DATABASE (writer));
  g_return_if_fail (CD_IS_SESSION (session));
  g_return_if_fail (list != NULL && *list != '\0');

  job = g_new0 (RecordJob, 1);
  job->session = g_object_ref (session);
  job->list = g_strdup (list);
  job->title = g_strdup (title);
  job->format = format;
  job->n_rows = n_rows;
  job->file = g_strdup (file);
  task = g_task_new (writer, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_export_audit_record_async);
  g_task_set_task_data (task, job, (GDestroyNotify) record_job_free);
  cd_database_run_in_thread (writer, task, record_thread);
}

gboolean
cd_export_audit_record_finish (CdDatabase    *writer,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, writer), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
