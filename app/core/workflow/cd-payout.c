/* cd-payout.c — payout batches. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cd-audit-log.h"
#include "cd-canonical-json.h"
#include "cd-csv.h"
#include "cd-payout.h"
#include "cd-statement.h"

G_DEFINE_QUARK (cd-payout-error-quark, cd_payout_error)

static gboolean
failed (GError       **error,
        const GError  *cause)
{
  g_set_error (error, CD_PAYOUT_ERROR, CD_PAYOUT_ERROR_FAILED,
               _("The payout batch could not be saved; nothing was changed: %s"),
               cause->message);
  return FALSE;
}

/* Runs a write whose one parameter is an id. */
static gboolean
run_with_id (CdDatabase  *db,
             const char  *sql,
             gint64       id,
             GError     **error)
{
  g_autoptr(CdStatement) stmt = cd_database_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  cd_statement_bind_int64 (stmt, 1, id);
  return cd_statement_run (stmt, error);
}

static void
item_free (gpointer data)
{
  CdPayoutItem *item = data;

  g_free (item->claim_number);
  g_free (item->claimant);
  g_free (item->personal_id);
  g_free (item);
}

void
cd_payout_batch_free (CdPayoutBatch *batch)
{
  if (batch == NULL)
    return;
  g_free (batch->state);
  g_free (batch->created_by);
  g_free (batch->created_at);
  g_free (batch->approved_by);
  g_free (batch->approved_at);
  g_clear_pointer (&batch->items, g_ptr_array_unref);
  g_clear_pointer (&batch->totals, g_array_unref);
  g_free (batch);
}

static gboolean
audit_batch (CdDatabase  *db,
             CdSession   *session,
             const char  *action,
             gint64       batch,
             const char  *before,
             const char  *after,
             const char  *at,
             GError     **error)
{
  CdAuditEntry entry = { at, cd_session_get_user_id (session), action, "payout_batch", batch,
                         before, after };

  return cd_audit_log_append (db, &entry, error);
}

gint64
cd_payout_create (CdDatabase  *database,
                  CdSession   *session,
                  GError     **error)
{
  g_autofree char *at = cd_audit_log_now ();
  g_autofree char *after = NULL;
  g_autoptr(CdStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  gint64 batch = 0, count = 0, total = 0;

  g_return_val_if_fail (CD_IS_DATABASE (database) && CD_IS_SESSION (session), 0);

  if (!cd_session_require_role (session, CD_ROLES_SUPERVISING,
                                _("make payout batches"), error))
    return 0;
  if (!cd_database_begin_immediate (database, &local_error))
    {
      failed (error, local_error);
      return 0;
    }

  stmt = cd_database_prepare (database,
                              "INSERT INTO payout_batches (office_id, created_by, created_at)"
                              " SELECT office_id, id, ? FROM users WHERE id = ?",
                              &local_error);
  if (stmt == NULL)
    goto fail;
  cd_statement_bind_text (stmt, 1, at);
  cd_statement_bind_int64 (stmt, 2, cd_session_get_user_id (session));
  if (!cd_statement_run (stmt, &local_error))
    goto fail;
  batch = cd_database_last_insert_rowid (database);

  /* Approved means frozen; a claim reopened by a central refusal is no longer payable. */
  if (!run_with_id (database,
                    "INSERT INTO payout_batch_items (batch_id, decision_id, amount)"
                    " SELECT ?, d.id, d.amount FROM decisions d"
                    " JOIN claims c ON c.id = d.claim_id"
                    " WHERE d.state = 'approved' AND d.frozen_at IS NOT NULL"
                    " AND c.status IN (7, 8)"
                    " AND NOT EXISTS (SELECT 1 FROM payout_batch_items i"
                    "                 WHERE i.decision_id = d.id)"
                    " ORDER BY d.id",
                    batch, &local_error))
    goto fail;

  g_clear_pointer (&stmt, cd_statement_free);
  stmt = cd_database_prepare (database,
                              "SELECT count(*), coalesce (sum (amount), 0) FROM payout_batch_items"
                              " WHERE batch_id = ?",
                              &local_error);
  if (stmt == NULL)
    goto fail;
  cd_statement_bind_int64 (stmt, 1, batch);
  if (cd_statement_step (stmt, &local_error) != CD_STEP_ROW)
    goto fail;
  count = cd_statement_get_int64 (stmt, 0);
  total = cd_statement_get_int64 (stmt, 1);
  if (count == 0)
    {
      cd_database_rollback (database);
      g_set_error (error, CD_PAYOUT_ERROR, CD_PAYOUT_ERROR_EMPTY,
                   _("No approved decision is waiting for a payout batch."));
      return 0;
    }

  after = g_strdup_printf ("{\"state\":\"open\",\"items\":%" G_GINT64_FORMAT
                           ",\"total\":%" G_GINT64_FORMAT "}", count, total);
  if (!audit_batch (database, session, "payout.create", batch, NULL, after, at, error))
    {
      cd_database_rollback (database);
      return 0;
    }
  if (!cd_database_commit (database, &local_error))
    goto fail;
  return batch;

fail:
  /* A step that found no row sets no error, but only a failure comes here. */
  g_assert (local_error != NULL);
  failed (error, local_error);
  cd_database_rollback (database);
  return 0;
}

static int
compare_totals (gconstpointer a,
                gconstpointer b)
{
  return (int) ((const CdPayoutTotal *) a)->benefit - (int) ((const CdPayoutTotal *) b)->benefit;
}

CdPayoutBatch *
cd_payout_load (CdDatabase  *database,
                gint64       batch_id,
                GError     **error)
{
  g_autoptr(CdPayoutBatch) batch = g_new0 (CdPayoutBatch, 1);
  g_autoptr(CdStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  CdStep step = CD_STEP_FAILED;

  g_return_val_if_fail (CD_IS_DATABASE (database), NULL);

  stmt = cd_database_prepare (database,
                              "SELECT b.state, c.login, b.created_at, a.login, b.approved_at"
                              " FROM payout_batches b JOIN users c ON c.id = b.created_by"
                              " LEFT JOIN users a ON a.id = b.approved_by WHERE b.id = ?",
                              &local_error);
  if (stmt != NULL)
    {
      cd_statement_bind_int64 (stmt, 1, batch_id);
      step = cd_statement_step (stmt, &local_error);
    }
  if (step == CD_STEP_DONE)
    {
      g_set_error (error, CD_PAYOUT_ERROR, CD_PAYOUT_ERROR_NOT_FOUND,
                   _("There is no payout batch %lld."), (long long) batch_id);
      return NULL;
    }
  if (step == CD_STEP_FAILED)
    {
      failed (error, local_error);
      return NULL;
    }
  batch->id = batch_id;
  batch->state = cd_statement_dup_text (stmt, 0);
  batch->created_by = cd_statement_dup_text (stmt, 1);
  batch->created_at = cd_statement_dup_text (stmt, 2);
  batch->approved_by = cd_statement_dup_text (stmt, 3);
  batch->approved_at = cd_statement_dup_text (stmt, 4);
  g_clear_pointer (&stmt, cd_statement_free);

  batch->items = g_ptr_array_new_with_free_func (item_free);
  batch->totals = g_array_new (FALSE, TRUE, sizeof (CdPayoutTotal));
  stmt = cd_database_prepare (database,
                              "SELECT c.number, p.full_name, p.personal_id, c.benefit, i.amount"
                              " FROM payout_batch_items i JOIN decisions d ON d.id = i.decision_id"
                              " JOIN claims c ON c.id = d.claim_id"
                              " JOIN persons p ON p.id = c.claimant_id"
                              " WHERE i.batch_id = ? ORDER BY c.number",
                              &local_error);
  if (stmt != NULL)
    cd_statement_bind_int64 (stmt, 1, batch_id);
  step = CD_STEP_FAILED;
  while (stmt != NULL && (step = cd_statement_step (stmt, &local_error)) == CD_STEP_ROW)
    {
      CdPayoutItem *item = g_new0 (CdPayoutItem, 1);
      guint k;

      item->claim_number = cd_statement_dup_text (stmt, 0);
      item->claimant = cd_statement_dup_text (stmt, 1);
      item->personal_id = cd_statement_dup_text (stmt, 2);
      item->benefit = (CdBenefit) CLAMP (cd_statement_get_int (stmt, 3), 0, CD_N_BENEFITS - 1);
      item->amount = cd_statement_get_int64 (stmt, 4);
      g_ptr_array_add (batch->items, item);
      batch->total += item->amount;
      batch->n_items++;

      for (k = 0; k < batch->totals->len; k++)
        if (g_array_index (batch->totals, CdPayoutTotal, k).benefit == item->benefit)
          break;
      if (k == batch->totals->len)
        {
          CdPayoutTotal t = { item->benefit, 0, 0 };
          g_array_append_val (batch->totals, t);
        }
      g_array_index (batch->totals, CdPayoutTotal, k).count++;
      g_array_index (batch->totals, CdPayoutTotal, k).amount += item->amount;
    }
  if (step == CD_STEP_FAILED)
    {
      failed (error, local_error);
      return NULL;
    }
  g_array_sort (batch->totals, compare_totals);
  return g_steal_pointer (&batch);
}

gboolean
cd_payout_count_open (CdDatabase  *database,
                      gint64      *count,
                      GError     **error)
{
  g_autoptr(CdStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (CD_IS_DATABASE (database), FALSE);

  stmt = cd_database_prepare (database, "SELECT count(*) FROM payout_batches WHERE state = 'open'",
                              &local_error);
  if (stmt == NULL || cd_statement_step (stmt, &local_error) != CD_STEP_ROW)
    {
      g_set_error (error, CD_PAYOUT_ERROR, CD_PAYOUT_ERROR_FAILED,
                   _("The payout batches could not be read: %s"), local_error->message);
      return FALSE;
    }
  *count = cd_statement_get_int64 (stmt, 0);
  return TRUE;
}

GPtrArray *
cd_payout_list (CdDatabase  *database,
                GError     **error)
{
  g_autoptr(GPtrArray) batches = NULL;
  g_autoptr(CdStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  CdStep step = CD_STEP_FAILED;

  g_return_val_if_fail (CD_IS_DATABASE (database), NULL);

  batches = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_payout_batch_free);
  stmt = cd_database_prepare (database,
                              "SELECT b.id, b.state, c.login, b.created_at, a.login, b.approved_at,"
                              " (SELECT count(*) FROM payout_batch_items i"
                              "  WHERE i.batch_id = b.id),"
                              " (SELECT coalesce (sum (amount), 0) FROM payout_batch_items i"
                              "  WHERE i.batch_id = b.id)"
                              " FROM payout_batches b JOIN users c ON c.id = b.created_by"
                              " LEFT JOIN users a ON a.id = b.approved_by ORDER BY b.id DESC",
                              &local_error);
  while (stmt != NULL && (step = cd_statement_step (stmt, &local_error)) == CD_STEP_ROW)
    {
      CdPayoutBatch *batch = g_new0 (CdPayoutBatch, 1);

      batch->id = cd_statement_get_int64 (stmt, 0);
      batch->state = cd_statement_dup_text (stmt, 1);
      batch->created_by = cd_statement_dup_text (stmt, 2);
      batch->created_at = cd_statement_dup_text (stmt, 3);
      batch->approved_by = cd_statement_dup_text (stmt, 4);
      batch->approved_at = cd_statement_dup_text (stmt, 5);
      batch->n_items = (guint) cd_statement_get_int64 (stmt, 6);
      batch->total = cd_statement_get_int64 (stmt, 7);
      batch->items = g_ptr_array_new_with_free_func (item_free);
      batch->totals = g_array_new (FALSE, TRUE, sizeof (CdPayoutTotal));
      g_ptr_array_add (batches, batch);
    }
  if (step == CD_STEP_FAILED)
    {
      failed (error, local_error);
      return NULL;
    }
  return g_steal_pointer (&batches);
}

static void
append_field (GString    *out,
              const char *text)
{
  /* RFC 4180: quoted only when it must be, doubled quotes inside; the bank's file as it always
   * was, without a formula guard. */
  cd_csv_append_field (out, text, CD_CSV_PLAIN);
}

char *
cd_payout_to_csv (const CdPayoutBatch *batch)
{
  GString *out = g_string_new ("claim_number,claimant,personal_id,benefit,amount\r\n");

  g_return_val_if_fail (batch != NULL, NULL);

  for (guint i = 0; i < batch->items->len; i++)
    {
      CdPayoutItem *item = batch->items->pdata[i];

      append_field (out, item->claim_number);
      g_string_append_c (out, ',');
      append_field (out, item->claimant);
      g_string_append_c (out, ',');
      append_field (out, item->personal_id);
      g_string_append_c (out, ',');
      append_field (out, cd_benefit_to_string (item->benefit));
      g_string_append_printf (out, ",%" G_GINT64_FORMAT "\r\n", item->amount);
    }
  return g_string_free (out, FALSE);
}

gboolean
cd_payout_export_csv (CdDatabase  *database,
                      gint64       batch_id,
                      const char  *path,
                      GError     **error)
{
  g_autoptr(CdPayoutBatch) batch = NULL;
  g_autofree char *csv = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (CD_IS_DATABASE (database) && path != NULL, FALSE);

  batch = cd_payout_load (database, batch_id, error);
  if (batch == NULL)
    return FALSE;
  csv = cd_payout_to_csv (batch);
  if (!g_file_set_contents (path, csv, -1, &local_error))
    {
      g_set_error (error, CD_PAYOUT_ERROR, CD_PAYOUT_ERROR_IO,
                   _("The payout list could not be written to %s: %s"), path,
                   local_error->message);
      return FALSE;
    }
  return TRUE;
}

void
cd_payout_hold_free (CdPayoutHold *hold)
{
  if (hold == NULL)
    return;
  g_free (hold->claim_number);
  g_free (hold->reason);
  g_free (hold);
}

/* Takes the held items out of the open batch; returns how many items and how much remain. */
static gboolean
remove_held (CdDatabase     *db,
             CdPayoutBatch  *batch,
             GPtrArray      *holds,
             GString        *held_json,
             guint          *remaining,
             gint64         *total,
             GError        **error)
{
  *remaining = batch->items->len;
  *total = batch->total;
  for (guint i = 0; holds != NULL && i < holds->len; i++)
    {
      CdPayoutHold *hold = g_ptr_array_index (holds, i);
      g_autoptr(CdStatement) stmt = NULL;

      for (guint k = 0; k < batch->items->len; k++)
        {
          CdPayoutItem *item = g_ptr_array_index (batch->items, k);

          if (!g_str_equal (item->claim_number, hold->claim_number))
            continue;
          stmt = cd_database_prepare (db,
                                      "DELETE FROM payout_batch_items WHERE batch_id = ?"
                                      " AND decision_id IN (SELECT d.id FROM decisions d"
                                      "  JOIN claims c ON c.id = d.claim_id WHERE c.number = ?)",
                                      error);
          if (stmt == NULL)
            return FALSE;
          cd_statement_bind_int64 (stmt, 1, batch->id);
          cd_statement_bind_text (stmt, 2, item->claim_number);
          if (!cd_statement_run (stmt, error))
            return FALSE;
          (*remaining)--;
          *total -= item->amount;
          if (held_json->len > 1)
            g_string_append_c (held_json, ',');
          g_string_append (held_json, "{\"claim\":");
          cd_canonical_json_append_string (held_json, item->claim_number);
          g_string_append (held_json, ",\"reason\":");
          cd_canonical_json_append_string (held_json, hold->reason != NULL ? hold->reason : "");
          g_string_append_c (held_json, '}');
          break;
        }
    }
  return TRUE;
}

gboolean
cd_payout_approve (CdDatabase  *database,
                   CdSession   *session,
                   gint64       batch_id,
                   GError     **error)
{
  return cd_payout_approve_holding (database, session, batch_id, NULL, error);
}

gboolean
cd_payout_approve_holding (CdDatabase  *database,
                           CdSession   *session,
                           gint64       batch_id,
                           GPtrArray   *holds,
                           GError     **error)
{
  g_autofree char *at = cd_audit_log_now ();
  g_autoptr(CdPayoutBatch) batch = NULL;
  g_autofree char *after = NULL;
  g_autoptr(CdStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GString) held_json = g_string_new ("[");
  guint remaining = 0;
  gint64 total = 0;

  g_return_val_if_fail (CD_IS_DATABASE (database) && CD_IS_SESSION (session), FALSE);

  if (!cd_session_require_role (session, CD_ROLES_SUPERVISING,
                                _("approve payout batches"), error))
    return FALSE;
  if (!cd_database_begin_immediate (database, &local_error))
    return failed (error, local_error);

  batch = cd_payout_load (database, batch_id, error);
  if (batch == NULL)
    goto rollback;
  if (!g_str_equal (batch->state, "open"))
    {
      g_set_error (error, CD_PAYOUT_ERROR, CD_PAYOUT_ERROR_APPROVED,
                   _("Payout batch %lld is already approved and cannot change."),
                   (long long) batch_id);
      goto rollback;
    }

  /* Segregation of duties: whoever gathered the batch does not approve it. */
  if (g_str_equal (batch->created_by, cd_session_get_login (session)))
    {
      g_set_error (error, CD_PAYOUT_ERROR, CD_PAYOUT_ERROR_SEGREGATION,
                   _("%s made payout batch %lld and so cannot approve it; another supervisor "
                     "must."),
                   cd_session_get_login (session), (long long) batch_id);
      goto rollback;
    }

  if (!remove_held (database, batch, holds, held_json, &remaining, &total, &local_error))
    {
      failed (error, local_error);
      goto rollback;
    }
  g_string_append_c (held_json, ']');
  if (remaining == 0 && holds != NULL && holds->len > 0)
    {
      g_set_error (error, CD_PAYOUT_ERROR, CD_PAYOUT_ERROR_EMPTY,
                   _("Every item of payout batch %lld is held back, so there is nothing to "
                     "approve: %s"),
                   (long long) batch_id,
                   ((CdPayoutHold *) g_ptr_array_index (holds, 0))->reason);
      goto rollback;
    }

  stmt = cd_database_prepare (database,
                              "UPDATE payout_batches SET state = 'approved', approved_by = ?,"
                              " approved_at = ? WHERE id = ? AND state = 'open'",
                              &local_error);
  if (stmt != NULL)
    {
      cd_statement_bind_int64 (stmt, 1, cd_session_get_user_id (session));
      cd_statement_bind_text (stmt, 2, at);
      cd_statement_bind_int64 (stmt, 3, batch_id);
    }
  if (stmt == NULL || !cd_statement_run (stmt, &local_error))
    {
      failed (error, local_error);
      goto rollback;
    }

  if (remaining == batch->items->len)
    after = g_strdup_printf ("{\"state\":\"approved\",\"items\":%u,\"total\":%" G_GINT64_FORMAT
                             "}", batch->items->len, batch->total);
  else
    after = g_strdup_printf ("{\"state\":\"approved\",\"items\":%u,\"total\":%" G_GINT64_FORMAT
                             ",\"held\":%s}", remaining, total, held_json->str);
  if (!audit_batch (database, session, "payout.approve", batch_id, "{\"state\":\"open\"}", after,
                    at, error))
    goto rollback;
  if (!cd_database_commit (database, &local_error))
    {
      failed (error, local_error);
      goto rollback;
    }
  return TRUE;

rollback:
  cd_database_rollback (database);
  return FALSE;
}

/* --- Off the main loop ------------------------------------------------------------------------ */

typedef struct
{
  CdDatabase *db;       /* the shared writer, for a write */
  char       *db_path;  /* for a read, on a reader of its own */
  CdSession  *session;
  gint64      batch_id;
  char       *path;
} Job;

static void
job_free (Job *job)
{
  g_clear_object (&job->db);
  g_free (job->db_path);
  g_clear_object (&job->session);
  g_free (job->path);
  g_free (job);
}

/* A task carrying `job`; NULL (with the task already answered) if the session is locked: it locks,
 * and notifies, here on the caller's thread rather than in the worker. */
static GTask *
job_task (Job                 *job,
          gpointer             source_tag,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  GError *error = NULL;

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  if (job->session != NULL && !cd_session_begin_action (job->session, &error))
    {
      g_task_return_error (task, error);
      return NULL;
    }
  return g_steal_pointer (&task);
}

static gpointer
job_finish (GAsyncResult  *result,
            gpointer       source_tag,
            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
create_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Job *job = task_data;
  GError *error = NULL;
  gint64 id = cd_payout_create (job->db, job->session, &error);

  if (id == 0)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_memdup2 (&id, sizeof id), g_free);
}

void
cd_payout_create_async (CdDatabase          *db,
                        CdSession           *session,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_return_if_fail (CD_IS_DATABASE (db) && CD_IS_SESSION (session));

  job = g_new0 (Job, 1);
  job->db = g_object_ref (db);
  job->session = g_object_ref (session);
  task = job_task (job, cd_payout_create_async, cancellable, callback, user_data);
  if (task != NULL)
    cd_database_run_in_thread (db, task, create_thread);
}

gint64
cd_payout_create_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_autofree gint64 *id = job_finish (result, cd_payout_create_async, error);

  return id != NULL ? *id : 0;
}

static void
approve_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Job *job = task_data;
  GError *error = NULL;

  if (cd_payout_approve (job->db, job->session, job->batch_id, &error))
    g_task_return_pointer (task, GINT_TO_POINTER (TRUE), NULL);
  else
    g_task_return_error (task, error);
}

void
cd_payout_approve_async (CdDatabase          *db,
                         CdSession           *session,
                         gint64               batch_id,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_return_if_fail (CD_IS_DATABASE (db) && CD_IS_SESSION (session));

  job = g_new0 (Job, 1);
  job->db = g_object_ref (db);
  job->session = g_object_ref (session);
  job->batch_id = batch_id;
  task = job_task (job, cd_payout_approve_async, cancellable, callback, user_data);
  if (task != NULL)
    cd_database_run_in_thread (db, task, approve_thread);
}

gboolean
cd_payout_approve_finish (GAsyncResult  *result,
                          GError       **error)
{
  return job_finish (result, cd_payout_approve_async, error) != NULL;
}

/* The reads: a reader connection of the job's own, closed when it ends. */
static void
read_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Job *job = task_data;
  gpointer tag = g_task_get_source_tag (task);
  g_autoptr(CdDatabase) reader = NULL;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  reader = cd_database_open_reader (job->db_path, &error);
  if (reader == NULL)
    g_task_return_error (task, error);
  else if (tag == cd_payout_list_async)
    {
      GPtrArray *batches = cd_payout_list (reader, &error);

      if (batches == NULL)
        g_task_return_error (task, error);
      else
        g_task_return_pointer (task, batches, (GDestroyNotify) g_ptr_array_unref);
    }
  else if (tag == cd_payout_load_async)
    {
      CdPayoutBatch *batch = cd_payout_load (reader, job->batch_id, &error);

      if (batch == NULL)
        g_task_return_error (task, error);
      else
        g_task_return_pointer (task, batch, (GDestroyNotify) cd_payout_batch_free);
    }
  else if (cd_payout_export_csv (reader, job->batch_id, job->path, &error))
    g_task_return_pointer (task, GINT_TO_POINTER (TRUE), NULL);
  else
    g_task_return_error (task, error);
}

static void
start_read (Job                 *job,
            gpointer             source_tag,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autoptr(GTask) task = job_task (job, source_tag, cancellable, callback, user_data);

  g_task_run_in_thread (task, read_thread);
}

void
cd_payout_list_async (const char          *db_path,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  Job *job;

  g_return_if_fail (db_path != NULL);

  job = g_new0 (Job, 1);
  job->db_path = g_strdup (db_path);
  start_read (job, cd_payout_list_async, cancellable, callback, user_data);
}

GPtrArray *
cd_payout_list_finish (GAsyncResult  *result,
                       GError       **error)
{
  return job_finish (result, cd_payout_list_async, error);
}

void
cd_payout_load_async (const char          *db_path,
                      gint64               batch_id,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  Job *job;

  g_return_if_fail (db_path != NULL);

  job = g_new0 (Job, 1);
  job->db_path = g_strdup (db_path);
  job->batch_id = batch_id;
  start_read (job, cd_payout_load_async, cancellable, callback, user_data);
}

CdPayoutBatch *
cd_payout_load_finish (GAsyncResult  *result,
                       GError       **error)
{
  return job_finish (result, cd_payout_load_async, error);
}

void
cd_payout_export_csv_async (const char          *db_path,
                            gint64               batch_id,
                            const char          *path,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  Job *job;

  g_return_if_fail (db_path != NULL && path != NULL);

  job = g_new0 (Job, 1);
  job->db_path = g_strdup (db_path);
  job->batch_id = batch_id;
  job->path = g_strdup (path);
  start_read (job, cd_payout_export_csv_async, cancellable, callback, user_data);
}

gboolean
cd_payout_export_csv_finish (GAsyncResult  *result,
                             GError       **error)
{
  return job_finish (result, cd_payout_export_csv_async, error) != NULL;
}
