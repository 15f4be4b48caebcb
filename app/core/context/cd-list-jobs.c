/* cd-list-jobs.c — the list page's work off the main loop, on the context's store and clients. */
#include "config.h"

#include "cd-employer-lists.h"
#include "cd-list-jobs.h"
#include "cd-list-triage.h"
#include "cd-statement.h"

typedef struct
{
  CdContext          *context;
  CdDatabase         *db;
  CdHttpClient       *http;
  char               *central_url;
  CdOfficeCredential *credential;
  GFile              *file;
} ListJob;

static void
list_job_free (ListJob *job)
{
  g_clear_object (&job->context);
  g_clear_object (&job->db);
  g_clear_object (&job->http);
  g_free (job->central_url);
  g_clear_pointer (&job->credential, cd_office_credential_free);
  g_clear_object (&job->file);
  g_free (job);
}

/* The writer and what every job needs, taken on the caller's thread: the context's properties
 * change there only. NULL (the task returned) when the store is not open. */
static ListJob *
list_job_new (GTask     *task,
              CdContext *context)
{
  CdDatabase *db = cd_context_get_database (context);
  ListJob *job;

  if (db == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                               "The office's store is not open yet");
      return NULL;
    }
  job = g_new0 (ListJob, 1);
  job->context = g_object_ref (context);
  job->db = g_object_ref (db);
  g_task_set_task_data (task, job, (GDestroyNotify) list_job_free);
  return job;
}

/* ---- fetch ---------------------------------------------------------------------------------- */

static void
fetch_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  ListJob *job = task_data;
  GError *error = NULL;
  /* Without anchors the lists are still stored; their signatures read "untrusted". */
  CdTrustStore *trust = cd_context_get_trust_store (job->context, NULL);
  GPtrArray *added = cd_employer_lists_fetch (job->db, job->http, job->central_url,
                                              job->credential, trust, cancellable, &error);

  if (added == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, added, (GDestroyNotify) g_ptr_array_unref);
}

void
cd_list_jobs_fetch_async (CdContext           *context,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  const char *central_url;
  const CdOfficeCredential *credential;
  ListJob *job;

  g_return_if_fail (CD_IS_CONTEXT (context));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_list_jobs_fetch_async);
  job = list_job_new (task, context);
  if (job == NULL)
    return;
  central_url = cd_context_get_central_url (context);
  if (central_url == NULL || central_url[0] == '\0')
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                               "Central's address is not set: the office is not connected");
      return;
    }
  job->central_url = g_strdup (central_url);
  job->http = g_object_ref (cd_context_get_http_client (context));
  credential = cd_context_get_office_credential (context);
  job->credential = credential != NULL ? cd_office_credential_copy (credential) : NULL;
  cd_database_run_in_thread (job->db, task, fetch_thread);
}

GPtrArray *
cd_list_jobs_fetch_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- open a file ---------------------------------------------------------------------------- */

typedef struct
{
  gint64   id;
  gboolean added;
} OpenResult;

static void
open_file_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  ListJob *job = task_data;
  GError *error = NULL;
  g_autoptr(GBytes) bytes = g_file_load_bytes (job->file, cancellable, NULL, &error);
  g_autofree char *uri = g_file_get_uri (job->file);
  CdTrustStore *trust;
  OpenResult *result;

  if (bytes == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  trust = cd_context_get_trust_store (job->context, NULL);
  result = g_new0 (OpenResult, 1);
  if (!cd_employer_lists_store (job->db, bytes, uri, NULL, NULL, trust, &result->id,
                                &result->added, &error))
    {
      g_free (result);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, result, g_free);
}

void
cd_list_jobs_open_file_async (CdContext           *context,
                              GFile               *file,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ListJob *job;

  g_return_if_fail (CD_IS_CONTEXT (context));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_list_jobs_open_file_async);
  job = list_job_new (task, context);
  if (job == NULL)
    return;
  job->file = g_object_ref (file);
  cd_database_run_in_thread (job->db, task, open_file_thread);
}

gint64
cd_list_jobs_open_file_finish (GAsyncResult  *result,
                               gboolean      *out_added,
                               GError       **error)
{
  g_autofree OpenResult *opened = NULL;

  g_return_val_if_fail (g_task_is_valid (result, NULL), 0);

  opened = g_task_propagate_pointer (G_TASK (result), error);
  if (opened == NULL)
    return 0;
  if (out_added != NULL)
    *out_added = opened->added;
  return opened->id;
}

/* ---- the queue's badge ---------------------------------------------------------------------- */

gboolean
cd_list_jobs_count_open (CdDatabase  *db,
                         gint64      *out_count,
                         GError     **error)
{
  g_autoptr(CdStatement) stmt = cd_database_prepare (
      db, "SELECT count(DISTINCT list_id) FROM employer_list_rows"
          " WHERE part = 1 AND n_problems = 0"
          "   AND state NOT IN ('accepted', 'refused', 'returned')", error);

  if (stmt == NULL)
    return FALSE;
  if (cd_statement_step (stmt, error) != CD_STEP_ROW)
    return FALSE;
  *out_count = cd_statement_get_int64 (stmt, 0);
  return TRUE;
}

/* ---- on a reader ---------------------------------------------------------------------------- */

typedef struct
{
  CdContext *context;
  gint64     list_id;
} ReadJob;

static void
read_job_free (ReadJob *job)
{
  g_clear_object (&job->context);
  g_free (job);
}

static void
dup_proposed_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  ReadJob *job = task_data;
  GError *error = NULL;
  g_autoptr(CdDatabase) reader = cd_context_open_reader (job->context, &error);
  GStrv numbers = reader != NULL ? cd_list_triage_dup_proposed (reader, job->list_id, &error)
                                 : NULL;

  if (numbers == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, numbers, (GDestroyNotify) g_strfreev);
}

void
cd_list_jobs_dup_proposed_async (CdContext           *context,
                                 gint64               list_id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ReadJob *job;

  g_return_if_fail (CD_IS_CONTEXT (context));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_list_jobs_dup_proposed_async);
  job = g_new0 (ReadJob, 1);
  job->context = g_object_ref (context);
  job->list_id = list_id;
  g_task_set_task_data (task, job, (GDestroyNotify) read_job_free);
  g_task_run_in_thread (task, dup_proposed_thread);
}

GStrv
cd_list_jobs_dup_proposed_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
