/* cd-approval.c — the supervisor's approval queue and bulk runs over it. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cd-approval.h"
#include "cd-audit-log.h"
#include "cd-paper-rule.h"
#include "cd-review.h"
#include "cd-statement.h"
#include "cd-workflow.h"

void
cd_approval_item_free (CdApprovalItem *item)
{
  if (item == NULL)
    return;
  g_free (item->claim_number);
  g_free (item->claimant);
  g_free (item->proposer);
  g_free (item->proposer_name);
  g_free (item->proposed_at);
  g_free (item->paper_rule);
  g_free (item->review_reasons);
  g_free (item);
}

void
cd_approval_result_free (CdApprovalResult *result)
{
  if (result == NULL)
    return;
  g_free (result->claim_number);
  g_free (result->message);
  g_free (result);
}

GPtrArray *
cd_approval_list_waiting (CdDatabase  *database,
                          gint64       supervisor_id,
                          GError     **error)
{
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(CdStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  CdStep step = CD_STEP_FAILED;
  CdPaperRules rules = { 0 };

  g_return_val_if_fail (CD_IS_DATABASE (database), NULL);

  cd_office_settings_read_paper_rules (database, &rules);
  items = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_approval_item_free);
  /* Status 3 is proposed. A supervisor never sees their own proposals, nor a decision above the
   * threshold they have already approved once: it waits for someone else. */
  stmt = cd_database_prepare (database,
                              "SELECT c.number, p.full_name, c.benefit, d.amount, u.login,"
                              " u.full_name, d.proposed_at,"
                              " (SELECT count(*) FROM approvals a WHERE a.decision_id = d.id),"
                              " (SELECT count(*) FROM documents pd WHERE " CD_PAPER_OF_CLAIM_SQL
                              "  AND pd.paper_state = 'unverified'),"
                              " (SELECT count(*) FROM documents pd WHERE " CD_PAPER_OF_CLAIM_SQL
                              "  AND pd.paper_state IN ('mismatch', 'not_found')),"
                              " r.sampled, r.score, r.parts, r.reasons,"
                              " EXISTS (SELECT 1 FROM decision_reviews dr"
                              "         WHERE dr.decision_id = d.id AND dr.user_id = ?1)"
                              " FROM decisions d JOIN claims c ON c.id = d.claim_id"
                              " LEFT JOIN decision_risk r ON r.decision_id = d.id"
                              " JOIN persons p ON p.id = c.claimant_id"
                              " JOIN users u ON u.id = d.proposed_by"
                              " WHERE d.state = 'proposed' AND c.status = 3"
                              " AND d.proposed_by <> ?1"
                              " AND NOT EXISTS (SELECT 1 FROM approvals a"
                              "                 WHERE a.decision_id = d.id AND a.approver_id = ?1)"
                              " ORDER BY d.proposed_at, c.number",
                              &local_error);
  if (stmt != NULL)
    cd_statement_bind_int64 (stmt, 1, supervisor_id);
  while (stmt != NULL && (step = cd_statement_step (stmt, &local_error)) == CD_STEP_ROW)
    {
      CdApprovalItem *item = g_new0 (CdApprovalItem, 1);

      item->claim_number = cd_statement_dup_text (stmt, 0);
      item->claimant = cd_statement_dup_text (stmt, 1);
      item->benefit = (CdBenefit) CLAMP (cd_statement_get_int (stmt, 2), 0, CD_N_BENEFITS - 1);
      item->amount = cd_statement_get_int64 (stmt, 3);
      item->proposer = cd_statement_dup_text (stmt, 4);
      item->proposer_name = cd_statement_dup_text (stmt, 5);
      item->proposed_at = cd_statement_dup_text (stmt, 6);
      item->n_approvals = (guint) cd_statement_get_int (stmt, 7);
      item->n_paper_unverified = (guint) cd_statement_get_int (stmt, 8);
      item->n_paper_mismatch = (guint) cd_statement_get_int (stmt, 9);
      if (item->n_paper_unverified + item->n_paper_mismatch > 0)
        {
          CdPaperCount count = { item->n_paper_unverified, item->n_paper_mismatch, 0 };

          item->paper_rule = cd_paper_rule_describe (&rules, &count, item->amount);
        }
      item->review_sampled = cd_statement_get_int (stmt, 10) != 0;
      item->risk_score = (guint) cd_statement_get_int (stmt, 11);
      item->review_opened = cd_statement_get_int (stmt, 14) != 0;
      if (item->review_sampled)
        {
          CdRiskScore score = { 0 };

          cd_risk_score_from_json (cd_statement_get_text (stmt, 12), &score);
          item->review_reasons
              = cd_review_describe (cd_review_reasons_from_json (cd_statement_get_text (stmt, 13)),
                                    &score);
        }
      g_ptr_array_add (items, item);
    }
  if (step == CD_STEP_FAILED)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "%s: ",
                                  _("read the approval queue"));
      return NULL;
    }
  return g_steal_pointer (&items);
}

typedef struct
{
  char   *db_path;
  gint64  supervisor_id;
} ListJob;

static void
list_job_free (ListJob *job)
{
  g_free (job->db_path);
  g_free (job);
}

static void
list_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ListJob *job = task_data;
  g_autoptr(CdDatabase) reader = NULL;
  GError *error = NULL;
  GPtrArray *items = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  reader = cd_database_open_reader (job->db_path, &error);
  if (reader != NULL)
    items = cd_approval_list_waiting (reader, job->supervisor_id, &error);
  if (items == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, items, (GDestroyNotify) g_ptr_array_unref);
}

void
cd_approval_list_waiting_async (const char          *db_path,
                                gint64               supervisor_id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ListJob *job;

  g_return_if_fail (db_path != NULL);

  job = g_new0 (ListJob, 1);
  job->db_path = g_strdup (db_path);
  job->supervisor_id = supervisor_id;
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_approval_list_waiting_async);
  g_task_set_task_data (task, job, (GDestroyNotify) list_job_free);
  g_task_run_in_thread (task, list_thread);
}

GPtrArray *
cd_approval_list_waiting_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cd_approval_list_waiting_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- Opened for review ---------------------------------------------------------------------- */

static gboolean
mark_failed (GError       **error,
             GError        *cause,
             const char    *number)
{
  g_set_error (error, CD_WORKFLOW_ERROR, CD_WORKFLOW_ERROR_FAILED,
               _("Could not record that claim %s was opened for review: %s"), number,
               cause != NULL ? cause->message : "");
  g_clear_error (&cause);
  return FALSE;
}

gboolean
cd_approval_mark_reviewed (CdDatabase  *db,
                           CdSession   *session,
                           const char  *claim_number,
                           gboolean    *recorded,
                           GError     **error)
{
  g_autoptr(CdStatement) stmt = NULL;
  g_autofree char *now = cd_audit_log_now ();
  g_autofree char *after = NULL;
  GError *local_error = NULL;
  CdAuditEntry entry = { 0 };
  gint64 decision, claim;
  gboolean opened = FALSE;
  CdReviewState state = { 0 };
  CdStep step;

  g_return_val_if_fail (CD_IS_DATABASE (db) && CD_IS_SESSION (session), FALSE);
  g_return_val_if_fail (claim_number != NULL, FALSE);

  if (recorded != NULL)
    *recorded = FALSE;
  /* Only those who approve open a claim for review; an officer reading it opens nothing. */
  if ((CD_ROLES_SUPERVISING & CD_ROLE_BIT (cd_session_get_role (session))) == 0)
    return TRUE;
  if (!cd_session_begin_action (session, error))
    return FALSE;

  /* Read first, outside a transaction: the claim view asks on every load of a proposal, and most
   * are not drawn or already opened; only a first opening takes the write lock. */
  stmt = cd_database_prepare (db,
                              "SELECT d.id, c.id FROM decisions d"
                              " JOIN claims c ON c.id = d.claim_id"
                              " WHERE c.number = ? AND d.state = 'proposed' AND c.status = 3"
                              " ORDER BY d.id DESC LIMIT 1",
                              &local_error);
  if (stmt == NULL)
    goto failed;
  cd_statement_bind_text (stmt, 1, claim_number);
  step = cd_statement_step (stmt, &local_error);
  if (step == CD_STEP_FAILED)
    goto failed;
  if (step == CD_STEP_DONE)
    return TRUE;
  decision = cd_statement_get_int64 (stmt, 0);
  claim = cd_statement_get_int64 (stmt, 1);
  g_clear_pointer (&stmt, cd_statement_free);
  if (!cd_review_read_state (db, decision, &state, &local_error)
      || !cd_review_was_opened (db, decision, cd_session_get_user_id (session), &opened,
                                &local_error))
    goto failed;
  if (!state.sampled || opened)
    return TRUE;

  /* Another writer may have recorded it meanwhile: then this inserts nothing and logs nothing. */
  if (!cd_database_begin_immediate (db, &local_error))
    return mark_failed (error, local_error, claim_number);
  stmt = cd_database_prepare (db,
                              "INSERT OR IGNORE INTO decision_reviews (decision_id, user_id,"
                              " opened_at) VALUES (?, ?, ?)",
                              &local_error);
  if (stmt == NULL)
    goto failed;
  cd_statement_bind_int64 (stmt, 1, decision);
  cd_statement_bind_int64 (stmt, 2, cd_session_get_user_id (session));
  cd_statement_bind_text (stmt, 3, now);
  if (!cd_statement_run (stmt, &local_error))
    goto failed;
  if (cd_database_changes (db) == 0)
    {
      cd_database_rollback (db);
      return TRUE;
    }

  {
    g_autofree char *reasons = cd_review_reasons_to_json (state.reasons);

    after = g_strdup_printf ("{\"decision\":%" G_GINT64_FORMAT ",\"reasons\":%s,\"score\":%u}",
                             decision, reasons, state.score.score);
  }
  entry.at = now;
  entry.user_id = cd_session_get_user_id (session);
  entry.action = "review.open";
  entry.entity = "claim";
  entry.entity_id = claim;
  entry.after = after;
  if (!cd_audit_log_append (db, &entry, &local_error) || !cd_database_commit (db, &local_error))
    goto failed;
  if (recorded != NULL)
    *recorded = TRUE;
  return TRUE;

failed:
  cd_database_rollback (db);
  return mark_failed (error, local_error, claim_number);
}

typedef struct
{
  CdDatabase *db;
  CdSession  *session;
  char       *number;
} MarkJob;

static void
mark_job_free (MarkJob *job)
{
  g_object_unref (job->db);
  g_object_unref (job->session);
  g_free (job->number);
  g_free (job);
}

static void
mark_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  MarkJob *job = task_data;
  GError *error = NULL;
  gboolean recorded = FALSE;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (cd_approval_mark_reviewed (job->db, job->session, job->number, &recorded, &error))
    g_task_return_int (task, recorded);
  else
    g_task_return_error (task, error);
}

void
cd_approval_mark_reviewed_async (CdDatabase          *writer,
                                 CdSession           *session,
                                 const char          *claim_number,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  MarkJob *job;

  g_return_if_fail (CD_IS_DATABASE (writer) && CD_IS_SESSION (session));
  g_return_if_fail (claim_number != NULL);

  job = g_new0 (MarkJob, 1);
  job->db = g_object_ref (writer);
  job->session = g_object_ref (session);
  job->number = g_strdup (claim_number);
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_approval_mark_reviewed_async);
  g_task_set_task_data (task, job, (GDestroyNotify) mark_job_free);
  cd_database_run_in_thread (writer, task, mark_thread);
}

gboolean
cd_approval_mark_reviewed_finish (GAsyncResult  *result,
                                  gboolean      *recorded,
                                  GError       **error)
{
  gssize value;
  GError *local_error = NULL;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cd_approval_mark_reviewed_async,
                        FALSE);

  value = g_task_propagate_int (G_TASK (result), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (recorded != NULL)
    *recorded = value != 0;
  return TRUE;
}

static CdApprovalResult *
run_one (CdDatabase       *db,
         CdSession        *session,
         CdApprovalAction  action,
         const char       *number,
         const char       *comment)
{
  CdApprovalResult *result = g_new0 (CdApprovalResult, 1);
  g_autoptr(GError) error = NULL;
  CdWorkflowApproval approval = CD_WORKFLOW_APPROVAL_FINAL;
  gboolean ok;

  result->claim_number = g_strdup (number);
  if (action == CD_APPROVAL_ACTION_APPROVE)
    ok = cd_workflow_approve_opened (db, session, number, &approval, &error);
  else
    ok = cd_workflow_return (db, session, number, comment, &error);

  if (!ok)
    {
      result->outcome = CD_APPROVAL_OUTCOME_REFUSED;
      result->domain = error->domain;
      result->code = error->code;
      result->message = g_strdup (error->message);
    }
  else if (action == CD_APPROVAL_ACTION_RETURN)
    result->outcome = CD_APPROVAL_OUTCOME_RETURNED;
  else if (approval == CD_WORKFLOW_APPROVAL_NEEDS_SECOND)
    result->outcome = CD_APPROVAL_OUTCOME_NEEDS_SECOND;
  else
    result->outcome = CD_APPROVAL_OUTCOME_APPROVED;
  return result;
}

GPtrArray *
cd_approval_run_sync (CdDatabase             *db,
                      CdSession              *session,
                      CdApprovalAction        action,
                      const char * const     *claim_numbers,
                      const char             *comment,
                      GCancellable           *cancellable,
                      CdApprovalProgressFunc  progress,
                      gpointer                progress_data)
{
  GPtrArray *results;
  guint total;

  g_return_val_if_fail (CD_IS_DATABASE (db) && CD_IS_SESSION (session), NULL);
  g_return_val_if_fail (claim_numbers != NULL, NULL);

  total = g_strv_length ((char **) claim_numbers);
  results = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_approval_result_free);
  for (guint i = 0; i < total; i++)
    {
      if (g_cancellable_is_cancelled (cancellable))
        {
          CdApprovalResult *skipped = g_new0 (CdApprovalResult, 1);

          skipped->claim_number = g_strdup (claim_numbers[i]);
          skipped->outcome = CD_APPROVAL_OUTCOME_NOT_RUN;
          g_ptr_array_add (results, skipped);
          continue;
        }
      g_ptr_array_add (results, run_one (db, session, action, claim_numbers[i], comment));
      if (progress != NULL)
        progress (i + 1, total, progress_data);
    }
  return results;
}

/* --- On the shared writer ------------------------------------------------------------------ */

struct _CdApprovalRun
{
  GObject           parent_instance;

  CdDatabase       *db;
  CdSession        *session;
  CdApprovalAction  action;
  GStrv             claim_numbers;
  char             *comment;

  GCancellable     *stopping;     /* checked before each claim: stopped, or abandoned */
  GCancellable     *cancellable;  /* the caller's, from cd_approval_run_start */
  GMainContext     *context;      /* where "progress" is emitted */
  GMutex            lock;
  GCond             delivered_cond;
  guint             delivered;    /* the last `done` the main context has handled */
};

G_DEFINE_FINAL_TYPE (CdApprovalRun, cd_approval_run, G_TYPE_OBJECT)

enum
{
  PROGRESS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
cd_approval_run_finalize (GObject *object)
{
  CdApprovalRun *self = CD_APPROVAL_RUN (object);

  g_clear_object (&self->db);
  g_clear_object (&self->session);
  g_strfreev (self->claim_numbers);
  g_free (self->comment);
  g_clear_object (&self->stopping);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->delivered_cond);

  G_OBJECT_CLASS (cd_approval_run_parent_class)->finalize (object);
}

static void
cd_approval_run_class_init (CdApprovalRunClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cd_approval_run_finalize;

  signals[PROGRESS] = g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
}

static void
cd_approval_run_init (CdApprovalRun *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->delivered_cond);
  self->stopping = g_cancellable_new ();
}

CdApprovalRun *
cd_approval_run_new (CdDatabase         *db,
                     CdSession          *session,
                     CdApprovalAction    action,
                     const char * const *claim_numbers,
                     const char         *comment)
{
  CdApprovalRun *self;

  g_return_val_if_fail (CD_IS_DATABASE (db) && CD_IS_SESSION (session), NULL);
  g_return_val_if_fail (claim_numbers != NULL, NULL);

  self = g_object_new (CD_TYPE_APPROVAL_RUN, NULL);
  self->db = g_object_ref (db);
  self->session = g_object_ref (session);
  self->action = action;
  self->claim_numbers = g_strdupv ((char **) claim_numbers);
  self->comment = g_strdup (comment);
  return self;
}

guint
cd_approval_run_get_total (CdApprovalRun *self)
{
  g_return_val_if_fail (CD_IS_APPROVAL_RUN (self), 0);

  return g_strv_length (self->claim_numbers);
}

void
cd_approval_run_stop (CdApprovalRun *self)
{
  g_return_if_fail (CD_IS_APPROVAL_RUN (self));

  g_cancellable_cancel (self->stopping);
}

typedef struct
{
  CdApprovalRun *run;
  guint          done;
  guint          total;
} Progress;

static gboolean
deliver_progress (gpointer data)
{
  Progress *p = data;

  /* Abandoned: whoever listened may be gone. */
  if (!g_cancellable_is_cancelled (p->run->cancellable))
    g_signal_emit (p->run, signals[PROGRESS], 0, p->done, p->total);
  g_mutex_lock (&p->run->lock);
  p->run->delivered = p->done;
  g_cond_signal (&p->run->delivered_cond);
  g_mutex_unlock (&p->run->lock);
  return G_SOURCE_REMOVE;
}

static void
progress_free (gpointer data)
{
  Progress *p = data;

  g_object_unref (p->run);
  g_free (p);
}

static void
worker_progress (guint    done,
                 guint    total,
                 gpointer user_data)
{
  CdApprovalRun *self = user_data;
  Progress *p = g_new0 (Progress, 1);
  g_autoptr(GSource) source = g_idle_source_new ();

  p->run = g_object_ref (self);
  p->done = done;
  p->total = total;
  /* Always a source, never a direct call: g_main_context_invoke would run it here, on this
   * thread, whenever the caller's context happens to be free. */
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, deliver_progress, p, progress_free);
  g_source_attach (source, self->context);
  /* Wait for the main context: a stop from a progress handler is seen before the next claim. */
  g_mutex_lock (&self->lock);
  while (self->delivered < done)
    g_cond_wait (&self->delivered_cond, &self->lock);
  g_mutex_unlock (&self->lock);
}

static void
abandon (GCancellable *cancellable,
         GCancellable *stopping)
{
  g_cancellable_cancel (stopping);
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  CdApprovalRun *self = source_object;
  GPtrArray *results;
  gulong handler;

  handler = g_cancellable_connect (self->cancellable, G_CALLBACK (abandon),
                                   g_object_ref (self->stopping), g_object_unref);
  results = cd_approval_run_sync (self->db, self->session, self->action,
                                  (const char * const *) self->claim_numbers, self->comment,
                                  self->stopping, worker_progress, self);
  g_cancellable_disconnect (self->cancellable, handler);
  /* Abandoned, _finish says so (the task checks its cancellable); stopped, these say what was
   * done. */
  g_task_return_pointer (task, results, (GDestroyNotify) g_ptr_array_unref);
}

void
cd_approval_run_start (CdApprovalRun       *self,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;

  g_return_if_fail (CD_IS_APPROVAL_RUN (self));
  g_return_if_fail (self->context == NULL);

  self->context = g_main_context_ref_thread_default ();
  self->cancellable = cancellable != NULL ? g_object_ref (cancellable) : g_cancellable_new ();
  task = g_task_new (self, self->cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_approval_run_start);
  /* Where the session locks, its notify::locked is emitted: here, on the caller's thread. */
  if (!cd_session_begin_action (self->session, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  cd_database_run_in_thread (self->db, task, run_thread);
}
GPtrArray *
cd_approval_run_finish (CdApprovalRun  *self,
                        GAsyncResult   *result,
                        GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
