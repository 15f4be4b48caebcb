/* cd-sync-log.c — the outbox, as the sync log lists it. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cd-statement.h"
#include "cd-sync-error.h"
#include "cd-sync-log.h"

void
cd_sync_log_item_free (CdSyncLogItem *item)
{
  if (item == NULL)
    return;
  g_free (item->claim_number);
  g_free (item->state);
  g_free (item->last_error);
  g_free (item->receipt);
  g_free (item->updated_at);
  g_free (item->decision);
  g_free (item->next_attempt_at);
  g_free (item);
}

/* The one definition of a problem, in SQL so that lists and counts share it: refused, set aside,
 * or acknowledged by central for a claim this office had meanwhile moved on from. The partial
 * index outbox_problems (schema 20) holds the same condition. */
#define PROBLEM_SQL \
  "(o.state IN ('refused', 'quarantined')" \
  " OR (o.state = 'acknowledged' AND o.last_error IS NOT NULL))"

gboolean
cd_sync_log_item_is_problem (const CdSyncLogItem *item)
{
  g_return_val_if_fail (item != NULL, FALSE);

  return item->problem;
}

gboolean
cd_sync_log_count_problems (CdDatabase  *db,
                            gint64      *count,
                            GError     **error)
{
  g_autoptr(CdStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (CD_IS_DATABASE (db), FALSE);

  /* Named, because SQLite would rather split the OR over outbox_state and read every
   * acknowledged item for the second half. */
  stmt = cd_database_prepare (db, "SELECT count(*) FROM outbox o INDEXED BY outbox_problems "
                                  "WHERE " PROBLEM_SQL, &local_error);
  if (stmt == NULL || cd_statement_step (stmt, &local_error) != CD_STEP_ROW)
    return cd_sync_error_outbox (error, local_error);
  *count = cd_statement_get_int64 (stmt, 0);
  return TRUE;
}

#define ITEM_COLUMNS                                                                               \
  "o.id, c.number, o.state, o.attempts, o.last_error, o.central_receipt, o.updated_at, "          \
  PROBLEM_SQL ", d.uuid, o.next_attempt_at"

/* The rows of a statement over ITEM_COLUMNS (NULL: it could not be prepared, `local_error` says
 * why). */
static GPtrArray *
read_items (CdStatement  *stmt,
            GError       *local_error,
            GError      **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (
      (GDestroyNotify) cd_sync_log_item_free);
  CdStep step = CD_STEP_FAILED;

  while (stmt != NULL && (step = cd_statement_step (stmt, &local_error)) == CD_STEP_ROW)
    {
      CdSyncLogItem *item = g_new0 (CdSyncLogItem, 1);

      item->outbox_id = cd_statement_get_int64 (stmt, 0);
      item->claim_number = cd_statement_dup_text (stmt, 1);
      item->state = cd_statement_dup_text (stmt, 2);
      item->attempts = (guint) cd_statement_get_int (stmt, 3);
      item->last_error = cd_statement_dup_text (stmt, 4);
      item->receipt = cd_statement_dup_text (stmt, 5);
      item->updated_at = cd_statement_dup_text (stmt, 6);
      item->problem = cd_statement_get_int (stmt, 7) != 0;
      item->decision = cd_statement_dup_text (stmt, 8);
      item->next_attempt_at = cd_statement_dup_text (stmt, 9);
      g_ptr_array_add (items, item);
    }
  if (step == CD_STEP_FAILED)
    {
      cd_sync_error_outbox (error, local_error);
      g_error_free (local_error);
      return NULL;
    }
  return g_steal_pointer (&items);
}

GPtrArray *
cd_sync_log_read (CdDatabase  *db,
                  gboolean     problems_only,
                  guint        limit,
                  GError     **error)
{
  g_autoptr(CdStatement) stmt = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (CD_IS_DATABASE (db), NULL);

  stmt = cd_database_prepare (db,
                              "SELECT " ITEM_COLUMNS
                              " FROM outbox o JOIN decisions d ON d.id = o.decision_id"
                              " JOIN claims c ON c.id = d.claim_id"
                              " WHERE ?1 = 0 OR " PROBLEM_SQL
                              " ORDER BY o.updated_at DESC, o.id DESC LIMIT ?2",
                              &local_error);
  if (stmt != NULL)
    {
      cd_statement_bind_int64 (stmt, 1, problems_only ? 1 : 0);
      cd_statement_bind_int64 (stmt, 2, limit);
    }
  return read_items (stmt, local_error, error);
}

GPtrArray *
cd_sync_log_read_queue (CdDatabase  *db,
                        GError     **error)
{
  g_autoptr(CdStatement) stmt = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (CD_IS_DATABASE (db), NULL);

  stmt = cd_database_prepare (db,
                              "SELECT " ITEM_COLUMNS
                              " FROM outbox o JOIN decisions d ON d.id = o.decision_id"
                              " JOIN claims c ON c.id = d.claim_id ORDER BY o.id",
                              &local_error);
  return read_items (stmt, local_error, error);
}

/* --- Off the main loop ----------------------------------------------------------------------- */

typedef struct
{
  char          *db_path;
  CdSyncLogView  view;
  guint          limit;
} LoadJob;

static void
load_job_free (LoadJob *job)
{
  g_free (job->db_path);
  g_free (job);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadJob *job = task_data;
  GError *error = NULL;
  g_autoptr(CdDatabase) db = cd_database_open_reader (job->db_path, &error);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) recent = NULL;

  if (db != NULL)
    problems = cd_sync_log_read (db, TRUE, job->limit, &error);
  if (problems != NULL && job->view == CD_SYNC_LOG_PROBLEMS_FIRST)
    {
      /* Problems first, whatever their age; then the latest deliveries. */
      recent = cd_sync_log_read (db, FALSE, job->limit, &error);
      if (recent == NULL)
        g_clear_pointer (&problems, g_ptr_array_unref);
      for (guint i = 0; recent != NULL && i < recent->len && problems->len < job->limit; i++)
        if (!cd_sync_log_item_is_problem (g_ptr_array_index (recent, i)))
          g_ptr_array_add (problems, g_ptr_array_steal_index (recent, i--));
    }
  if (problems == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_steal_pointer (&problems), (GDestroyNotify) g_ptr_array_unref);
}

void
cd_sync_log_load_async (const char          *db_path,
                        CdSyncLogView        view,
                        guint                limit,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadJob *job;

  g_return_if_fail (db_path != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_sync_log_load_async);
  job = g_new0 (LoadJob, 1);
  job->db_path = g_strdup (db_path);
  job->view = view;
  job->limit = limit;
  g_task_set_task_data (task, job, (GDestroyNotify) load_job_free);
  g_task_run_in_thread (task, load_thread);
}

GPtrArray *
cd_sync_log_load_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
