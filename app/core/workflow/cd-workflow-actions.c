/* cd-workflow-actions.c — the claim workflow's actions, each inside cd_workflow_run's frame. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cd-decision.h"
#include "cd-office-settings.h"
#include "cd-paper-rule.h"
#include "cd-review.h"
#include "cd-workflow-private.h"

static gboolean
json_validate (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  return json_parser_load_from_data (parser, text, -1, NULL);
}

/* --- The actions ------------------------------------------------------------------------------ */

typedef struct
{
  const CdClaimDraft *draft;
  gint64              id;  /* out */
} Opening;

/* The claimant and the child are looked up inside the insert, and the officer and office are the
 * session's: one statement, so an unknown person inserts nothing. */
static gboolean
body_open (CdDatabase                 *db,
           CdSession                  *session,
           const CdWorkflowClaim      *claim,
           const CdWorkflowTransition *t,
           const char                 *text,
           const char                 *at,
           gpointer                    data,
           GError                    **error)
{
  Opening *o = data;
  const CdClaimDraft *d = o->draft;
  CdWorkflowClaim opened = *claim;
  g_autoptr(CdStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;

  stmt = cd_database_prepare_cached (
      db,
      "INSERT INTO claims (number, benefit, status, claimant_id, claimant_sort, child_id,"
      " spouse_id, employer_id, office_id, officer_id, period_from, period_to, event_date,"
      " received_on, created_at, updated_at)"
      " SELECT ?1, ?2, ?3, p.id, p.name_folded, (SELECT id FROM persons WHERE personal_id = ?4),"
      "  (SELECT relative_id FROM family_links"
      "   WHERE person_id = p.id AND relation = 'spouse' LIMIT 1),"
      "  p.employer_id, u.office_id, u.id, ?6, ?7, ?8, ?9, ?10, ?10"
      " FROM persons AS p, users AS u WHERE p.personal_id = ?5 AND u.id = ?11"
      "  AND (?4 IS NULL OR EXISTS (SELECT 1 FROM persons WHERE personal_id = ?4))",
      &local_error);
  if (stmt != NULL)
    {
      cd_statement_bind_text (stmt, 1, d->number);
      cd_statement_bind_int64 (stmt, 2, d->benefit);
      cd_statement_bind_int64 (stmt, 3, t->to);
      cd_statement_bind_text (stmt, 4, d->child_id);
      cd_statement_bind_text (stmt, 5, d->claimant_id);
      cd_statement_bind_text (stmt, 6, d->period_from);
      cd_statement_bind_text (stmt, 7, d->period_to);
      cd_statement_bind_text (stmt, 8, d->event_date);
      cd_statement_bind_int64 (stmt, 9, d->received_on);
      cd_statement_bind_text (stmt, 10, at);
      cd_statement_bind_int64 (stmt, 11, cd_session_get_user_id (session));
      if (cd_statement_run (stmt, &local_error) && cd_database_changes (db) == 1)
        opened.id = cd_database_last_insert_rowid (db);
    }
  if (local_error != NULL)
    {
      g_set_error (error, CD_WORKFLOW_ERROR, CD_WORKFLOW_ERROR_FAILED,
                   _("Claim %s could not be opened; nothing was saved: %s"), d->number,
                   local_error->message);
      return FALSE;
    }
  if (opened.id == 0)
    {
      if (d->child_id != NULL)
        g_set_error (error, CD_WORKFLOW_ERROR, CD_WORKFLOW_ERROR_NOT_FOUND,
                     _("Cannot open claim %s: there is no person %s or %s."), d->number,
                     d->claimant_id, d->child_id);
      else
        g_set_error (error, CD_WORKFLOW_ERROR, CD_WORKFLOW_ERROR_NOT_FOUND,
                     _("Cannot open claim %s: there is no person %s."), d->number,
                     d->claimant_id);
      return FALSE;
    }
  o->id = opened.id;
  return cd_workflow_audit (db, session, &opened, t->action, t->to, NULL, NULL, at, error);
}

gint64
cd_workflow_open_claim (CdDatabase          *db,
                        CdSession           *session,
                        const CdClaimDraft  *draft,
                        GError             **error)
{
  Opening o = { draft, 0 };

  g_return_val_if_fail (CD_IS_DATABASE (db) && CD_IS_SESSION (session), 0);
  g_return_val_if_fail (draft != NULL && draft->number != NULL && draft->claimant_id != NULL, 0);
  g_return_val_if_fail (draft->period_from != NULL && draft->period_to != NULL, 0);
  g_return_val_if_fail ((guint) draft->benefit < CD_N_BENEFITS, 0);

  if (!cd_workflow_run (db, session, draft->number, CD_WORKFLOW_ACTION_OPEN, NULL, body_open, &o,
                        error))
    return 0;
  return o.id;
}

static gboolean
body_simple (CdDatabase                 *db,
             CdSession                  *session,
             const CdWorkflowClaim      *claim,
             const CdWorkflowTransition *t,
             const char                 *text,
             const char                 *at,
             gpointer                    data,
             GError                    **error)
{
  const char *note_name = data;

  return cd_workflow_set_status (db, claim, t->to, text, at, error)
         && cd_workflow_audit (db, session, claim, t->action, t->to, note_name, text, at, error);
}

gboolean
cd_workflow_complete_evidence (CdDatabase  *db,
                               CdSession   *session,
                               const char  *claim_number,
                               GError     **error)
{
  g_return_val_if_fail (CD_IS_DATABASE (db) && CD_IS_SESSION (session), FALSE);
  g_return_val_if_fail (claim_number != NULL, FALSE);

  return cd_workflow_run (db, session, claim_number, CD_WORKFLOW_ACTION_COMPLETE_EVIDENCE, NULL,
                     body_simple, NULL, error);
}

gboolean
cd_workflow_reopen (CdDatabase  *db,
                    CdSession   *session,
                    const char  *claim_number,
                    GError     **error)
{
  g_return_val_if_fail (CD_IS_DATABASE (db) && CD_IS_SESSION (session), FALSE);
  g_return_val_if_fail (claim_number != NULL, FALSE);

  return cd_workflow_run (db, session, claim_number, CD_WORKFLOW_ACTION_REOPEN, NULL, body_simple,
                          NULL,
                     error);
}

typedef struct
{
  const char *facts;
  const char *result;
} Evaluation;

static gboolean
insert_evaluation (CdDatabase             *db,
                   CdSession              *session,
                   const CdWorkflowClaim  *claim,
                   const Evaluation       *e,
                   JsonObject             *result,
                   gint64                  total,
                   const char             *at,
                   GError                **error)
{
  g_autoptr(CdStatement) stmt = NULL;

  stmt = cd_workflow_prepare (db, claim->number,
                              "INSERT INTO evaluations (claim_id, facts, result, rulepack,"
                              " eligible, total, evaluated_by, evaluated_at)"
                              " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                              error);
  if (stmt == NULL)
    return FALSE;
  cd_statement_bind_int64 (stmt, 1, claim->id);
  cd_statement_bind_text (stmt, 2, e->facts);
  cd_statement_bind_text (stmt, 3, e->result);
  cd_statement_bind_text (stmt, 4, json_object_get_string_member (result, "rulepack"));
  cd_statement_bind_int64 (stmt, 5,
                           json_object_get_boolean_member_with_default (result, "eligible", FALSE));
  cd_statement_bind_int64 (stmt, 6, total);
  cd_statement_bind_int64 (stmt, 7, cd_session_get_user_id (session));
  cd_statement_bind_text (stmt, 8, at);
  return cd_workflow_run_statement (stmt, claim->number, error);
}

static gboolean
body_evaluate (CdDatabase                 *db,
               CdSession                  *session,
               const CdWorkflowClaim      *claim,
               const CdWorkflowTransition *t,
               const char                 *text,
               const char                 *at,
               gpointer                    data,
               GError                    **error)
{
  Evaluation *e = data;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *result;
  gint64 total;

  if (!json_parser_load_from_data (parser, e->result, -1, NULL)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser))
      || !json_validate (e->facts))
    goto invalid;
  result = json_node_get_object (json_parser_get_root (parser));
  if (!json_object_has_member (result, "lines") || !json_object_has_member (result, "rulepack"))
    goto invalid;
  total = json_object_get_int_member_with_default (result, "total", -1);
  if (total < 0)
    goto invalid;

  return insert_evaluation (db, session, claim, e, result, total, at, error)
         && cd_workflow_set_amount (db, claim, total, error)
         && cd_workflow_set_status (db, claim, t->to, NULL, at, error)
         && cd_workflow_audit (db, session, claim, t->action, t->to, "rulepack",
                   json_object_get_string_member (result, "rulepack"), at, error);

invalid:
  g_set_error (error, CD_WORKFLOW_ERROR, CD_WORKFLOW_ERROR_INVALID,
               _("The evaluation of claim %s is not a rules result (lines, total, rulepack)."),
               claim->number);
  return FALSE;
}

gboolean
cd_workflow_record_evaluation (CdDatabase  *db,
                               CdSession   *session,
                               const char  *claim_number,
                               const char  *facts_json,
                               const char  *result_json,
                               GError     **error)
{
  Evaluation e = { facts_json, result_json };

  g_return_val_if_fail (CD_IS_DATABASE (db) && CD_IS_SESSION (session), FALSE);
  g_return_val_if_fail (claim_number != NULL && facts_json != NULL && result_json != NULL, FALSE);

  return cd_workflow_run (db, session, claim_number, CD_WORKFLOW_ACTION_EVALUATE, NULL,
                          body_evaluate,
                     &e, error);
}

gint64
cd_workflow_open_evaluated_claim (CdDatabase          *db,
                                  CdSession           *session,
                                  const CdClaimDraft  *draft,
                                  const char          *facts_json,
                                  const char          *result_json,
                                  GError             **error)
{
  CdWorkflowTx tx = { 0 };
  gint64 id;

  g_return_val_if_fail (CD_IS_DATABASE (db) && CD_IS_SESSION (session), 0);
  g_return_val_if_fail (draft != NULL && draft->number != NULL, 0);
  g_return_val_if_fail (facts_json != NULL && result_json != NULL, 0);

  /* Each action runs as a savepoint of this transaction, with its own checks and audit entry. */
  if (!cd_workflow_tx_begin (&tx, db, draft->number, error))
    return 0;
  id = cd_workflow_open_claim (db, session, draft, error);
  if (id == 0
      || !cd_workflow_complete_evidence (db, session, draft->number, error)
      || !cd_workflow_record_evaluation (db, session, draft->number, facts_json, result_json,
                                         error)
      || !cd_workflow_tx_commit (&tx, draft->number, error))
    id = 0;
  cd_workflow_tx_end (&tx);
  return id;
}

typedef struct
{
  CdDatabase   *db;
  CdSession    *session;
  char         *number;
  CdBenefit     benefit;
  char         *claimant_id;
  char         *child_id;
  char         *period_from;
  char         *period_to;
  char         *event_date;
  guint32       received_on;
  char         *facts;
  char         *result;
} OpenJob;

static void
open_job_free (OpenJob *job)
{
  g_clear_object (&job->db);
  g_clear_object (&job->session);
  g_free (job->number);
  g_free (job->claimant_id);
  g_free (job->child_id);
  g_free (job->period_from);
  g_free (job->period_to);
  g_free (job->event_date);
  g_free (job->facts);
  g_free (job->result);
  g_free (job);
}

static void
open_evaluated_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  OpenJob *job = task_data;
  CdClaimDraft draft = { job->number, job->benefit, job->claimant_id, job->child_id,
                         job->period_from, job->period_to, job->event_date, job->received_on };
  GError *error = NULL;
  gint64 id;

  if (g_task_return_error_if_cancelled (task))
    return;
  id = cd_workflow_open_evaluated_claim (job->db, job->session, &draft, job->facts, job->result,
                                         &error);
  if (id == 0)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, (gssize) id);
}

void
cd_workflow_open_evaluated_claim_async (CdDatabase          *db,
                                        CdSession           *session,
                                        const CdClaimDraft  *draft,
                                        const char          *facts_json,
                                        const char          *result_json,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  OpenJob *job;

  g_return_if_fail (CD_IS_DATABASE (db) && CD_IS_SESSION (session));
  g_return_if_fail (draft != NULL && draft->number != NULL && draft->claimant_id != NULL);
  g_return_if_fail (draft->period_from != NULL && draft->period_to != NULL);
  g_return_if_fail ((guint) draft->benefit < CD_N_BENEFITS);
  g_return_if_fail (facts_json != NULL && result_json != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_workflow_open_evaluated_claim_async);
  /* Where the session locks, its notify::locked is emitted: here, on the caller's thread. The
   * worker's own check then only records the activity. */
  if (!cd_session_begin_action (session, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  job = g_new0 (OpenJob, 1);
  job->db = g_object_ref (db);
  job->session = g_object_ref (session);
  job->number = g_strdup (draft->number);
  job->benefit = draft->benefit;
  job->claimant_id = g_strdup (draft->claimant_id);
  job->child_id = g_strdup (draft->child_id);
  job->period_from = g_strdup (draft->period_from);
  job->period_to = g_strdup (draft->period_to);
  job->event_date = g_strdup (draft->event_date);
  job->received_on = draft->received_on;
  job->facts = g_strdup (facts_json);
  job->result = g_strdup (result_json);
  g_task_set_task_data (task, job, (GDestroyNotify) open_job_free);
  /* Once the worker writes, the result must say what it wrote, cancelled or not. */
  g_task_set_check_cancellable (task, FALSE);
  /* A job on the shared writer: never beside another writer's transaction on `db`. */
  cd_database_run_in_thread (db, task, open_evaluated_thread);
}

gint64
cd_workflow_open_evaluated_claim_finish (GAsyncResult  *result,
                                         GError       **error)
{
  gssize id;

  g_return_val_if_fail (g_task_is_valid (result, NULL), 0);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result))
                        == cd_workflow_open_evaluated_claim_async, 0);

  id = g_task_propagate_int (G_TASK (result), error);
  return id > 0 ? (gint64) id : 0;
}

/* The newest evaluation of a claim: what a proposal decides on. */
static gboolean
latest_evaluation (CdDatabase             *db,
                   const CdWorkflowClaim  *claim,
                   gint64                 *id,
                   gint64                 *total,
                   GError                **error)
{
  g_autoptr(CdStatement) stmt = NULL;
  CdStep step;

  stmt = cd_workflow_prepare (db, claim->number,
                              "SELECT id, total FROM evaluations WHERE claim_id = ?"
                              " ORDER BY evaluated_at DESC, id DESC LIMIT 1",
                              error);
  if (stmt == NULL)
    return FALSE;
  cd_statement_bind_int64 (stmt, 1, claim->id);
  step = cd_workflow_step (stmt, claim->number, error);
  if (step == CD_STEP_DONE)
    {
      g_set_error (error, CD_WORKFLOW_ERROR, CD_WORKFLOW_ERROR_NO_EVALUATION,
                   _("Claim %s has no evaluation to propose a decision on."), claim->number);
      return FALSE;
    }
  if (step != CD_STEP_ROW)
    return FALSE;
  *id = cd_statement_get_int64 (stmt, 0);
  *total = cd_statement_get_int64 (stmt, 1);
  return TRUE;
}

/* Writes that take one claim's id and nothing else. */
static gboolean
run_for_claim (CdDatabase             *db,
               const CdWorkflowClaim  *claim,
               const char             *sql,
               GError                **error)
{
  g_autoptr(CdStatement) stmt = cd_workflow_prepare (db, claim->number, sql, error);

  if (stmt == NULL)
    return FALSE;
  cd_statement_bind_int64 (stmt, 1, claim->id);
  return cd_workflow_run_statement (stmt, claim->number, error);
}

static gboolean
insert_proposal (CdDatabase             *db,
                 CdSession              *session,
                 const CdWorkflowClaim  *claim,
                 const char             *uuid,
                 gint64                  evaluation,
                 gint64                  total,
                 const char             *comment,
                 const char             *at,
                 GError                **error)
{
  g_autoptr(CdStatement) stmt = NULL;

  stmt = cd_workflow_prepare (db, claim->number,
                              "INSERT INTO decisions (uuid, claim_id, evaluation_id, state, amount,"
                              " proposed_by, proposed_at, comment)"
                              " VALUES (?, ?, ?, 'proposed', ?, ?, ?, ?)",
                              error);
  if (stmt == NULL)
    return FALSE;
  cd_statement_bind_text (stmt, 1, uuid);
  cd_statement_bind_int64 (stmt, 2, claim->id);
  cd_statement_bind_int64 (stmt, 3, evaluation);
  cd_statement_bind_int64 (stmt, 4, total);
  cd_statement_bind_int64 (stmt, 5, cd_session_get_user_id (session));
  cd_statement_bind_text (stmt, 6, at);
  cd_statement_bind_text (stmt, 7, comment);
  return cd_workflow_run_statement (stmt, claim->number, error);
}

/* The proposal's risk and review draw (cd-review.h), in its transaction: the row just inserted
 * is the decision. */
static gboolean
record_risk (CdDatabase             *db,
             CdSession              *session,
             const CdWorkflowClaim  *claim,
             gint64                  total,
             const char             *at,
             GError                **error)
{
  gint64 decision = cd_database_last_insert_rowid (db);
  g_autoptr(GError) local_error = NULL;

  if (!cd_review_record_proposal (db, decision, claim->id, claim->number,
                                  cd_session_get_user_id (session), total, at, &local_error))
    return cd_workflow_db_failed (error, local_error, claim->number);
  return TRUE;
}

static gboolean
body_propose (CdDatabase                 *db,
              CdSession                  *session,
              const CdWorkflowClaim      *claim,
              const CdWorkflowTransition *t,
              const char                 *text,
              const char                 *at,
              gpointer                    data,
              GError                    **error)
{
  g_autofree char *uuid = cd_decision_new_uuid ();
  gint64 evaluation = 0, total = 0;

  /* An earlier proposal that was returned, or refused by central, no longer stands. */
  return latest_evaluation (db, claim, &evaluation, &total, error)
         && run_for_claim (db, claim,
                           "UPDATE decisions SET state = 'superseded' WHERE claim_id = ?"
                           " AND state IN ('proposed', 'returned')",
                           error)
         && insert_proposal (db, session, claim, uuid, evaluation, total, text, at, error)
         && record_risk (db, session, claim, total, at, error)
         && cd_workflow_set_amount (db, claim, total, error)
         && cd_workflow_set_status (db, claim, t->to, NULL, at, error)
         && cd_workflow_audit (db, session, claim, t->action, t->to, "decision", uuid, at, error);
}

gboolean
cd_workflow_propose (CdDatabase  *db,
                     CdSession   *session,
                     const char  *claim_number,
                     const char  *comment,
                     GError     **error)
{
  g_return_val_if_fail (CD_IS_DATABASE (db) && CD_IS_SESSION (session), FALSE);
  g_return_val_if_fail (claim_number != NULL, FALSE);

  return cd_workflow_run (db, session, claim_number, CD_WORKFLOW_ACTION_PROPOSE, comment,
                          body_propose,
                     NULL, error);
}

typedef struct
{
  gint64 id;
  char  *uuid;
  gint64 amount;
  gint64 proposed_by;
  char  *proposer_login;
  char  *result_json;
} Decision;

static void
decision_clear (Decision *d)
{
  g_free (d->uuid);
  g_free (d->proposer_login);
  g_free (d->result_json);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Decision, decision_clear)

static gboolean
load_proposed_decision (CdDatabase             *db,
                        const CdWorkflowClaim  *claim,
                        Decision               *out,
                        GError                **error)
{
  g_autoptr(CdStatement) stmt = NULL;
  CdStep step;

  stmt = cd_workflow_prepare (db, claim->number,
                              "SELECT d.id, d.uuid, d.amount, d.proposed_by, u.login, e.result"
                              " FROM decisions d JOIN users u ON u.id = d.proposed_by"
                              " LEFT JOIN evaluations e ON e.id = d.evaluation_id"
                              " WHERE d.claim_id = ? AND d.state = 'proposed'"
                              " ORDER BY d.id DESC LIMIT 1",
                              error);
  if (stmt == NULL)
    return FALSE;
  cd_statement_bind_int64 (stmt, 1, claim->id);
  step = cd_workflow_step (stmt, claim->number, error);
  if (step == CD_STEP_DONE)
    {
      g_set_error (error, CD_WORKFLOW_ERROR, CD_WORKFLOW_ERROR_NO_EVALUATION,
                   _("Claim %s has no proposed decision."), claim->number);
      return FALSE;
    }
  if (step != CD_STEP_ROW)
    return FALSE;
  out->id = cd_statement_get_int64 (stmt, 0);
  out->uuid = cd_statement_dup_text (stmt, 1);
  out->amount = cd_statement_get_int64 (stmt, 2);
  out->proposed_by = cd_statement_get_int64 (stmt, 3);
  out->proposer_login = cd_statement_dup_text (stmt, 4);
  out->result_json = cd_statement_dup_text (stmt, 5);
  return TRUE;
}

typedef struct
{
  char *login;
  char *full_name;
  char *approved_at;
} Approver;

static void
approver_clear (gpointer data)
{
  Approver *a = data;

  g_free (a->login);
  g_free (a->full_name);
  g_free (a->approved_at);
}

static GArray *
load_approvers (CdDatabase             *db,
                const CdWorkflowClaim  *claim,
                gint64                  decision,
                GError                **error)
{
  g_autoptr(GArray) approvers = g_array_new (FALSE, TRUE, sizeof (Approver));
  g_autoptr(CdStatement) stmt = NULL;
  CdStep step;

  g_array_set_clear_func (approvers, approver_clear);
  stmt = cd_workflow_prepare (db, claim->number,
                              "SELECT u.login, u.full_name, a.approved_at FROM approvals a"
                              " JOIN users u ON u.id = a.approver_id WHERE a.decision_id = ?"
                              " ORDER BY a.approved_at, u.login",
                              error);
  if (stmt == NULL)
    return NULL;
  cd_statement_bind_int64 (stmt, 1, decision);
  while ((step = cd_workflow_step (stmt, claim->number, error)) == CD_STEP_ROW)
    {
      Approver a = { cd_statement_dup_text (stmt, 0), cd_statement_dup_text (stmt, 1),
                     cd_statement_dup_text (stmt, 2) };

      g_array_append_val (approvers, a);
    }
  if (step == CD_STEP_FAILED)
    return NULL;
  return g_steal_pointer (&approvers);
}

static gboolean
insert_approval (CdDatabase             *db,
                 const CdWorkflowClaim  *claim,
                 gint64                  decision,
                 gint64                  user,
                 const char             *at,
                 GError                **error)
{
  g_autoptr(CdStatement) stmt = NULL;

  stmt = cd_workflow_prepare (db, claim->number,
                              "INSERT INTO approvals (decision_id, approver_id, approved_at)"
                              " VALUES (?, ?, ?)",
                              error);
  if (stmt == NULL)
    return FALSE;
  cd_statement_bind_int64 (stmt, 1, decision);
  cd_statement_bind_int64 (stmt, 2, user);
  cd_statement_bind_text (stmt, 3, at);
  return cd_workflow_run_statement (stmt, claim->number, error);
}

static gboolean
touch_claim (CdDatabase             *db,
             const CdWorkflowClaim  *claim,
             const char             *at,
             GError                **error)
{
  g_autoptr(CdStatement) stmt = NULL;

  stmt = cd_workflow_prepare (db, claim->number, "UPDATE claims SET updated_at = ? WHERE id = ?",
                              error);
  if (stmt == NULL)
    return FALSE;
  cd_statement_bind_text (stmt, 1, at);
  cd_statement_bind_int64 (stmt, 2, claim->id);
  return cd_workflow_run_statement (stmt, claim->number, error);
}

typedef struct
{
  CdWorkflowApproval *outcome;
  gboolean            opened_only;  /* a bulk approval: a decision drawn for review must be open */
} ApproveJob;

/* A decision drawn for review is approved in bulk only once this supervisor has opened it: the
 * sample is there to make someone read the claim, and a bulk run reads nothing. */
static gboolean
check_opened (CdDatabase             *db,
              CdSession              *session,
              const CdWorkflowClaim  *claim,
              gint64                  decision,
              GError                **error)
{
  CdReviewState state = { 0 };
  gboolean opened = FALSE;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *why = NULL;

  if (!cd_review_read_state (db, decision, &state, &local_error)
      || (state.sampled
          && !cd_review_was_opened (db, decision, cd_session_get_user_id (session), &opened,
                                    &local_error)))
    return cd_workflow_db_failed (error, local_error, claim->number);
  if (!state.sampled || opened)
    return TRUE;
  why = cd_review_describe (state.reasons, &state.score);
  g_set_error (error, CD_WORKFLOW_ERROR, CD_WORKFLOW_ERROR_NOT_REVIEWED,
               _("Claim %s is to be reviewed and %s has not opened it yet: open the claim and "
                 "approve it there. %s"),
               claim->number, cd_session_get_login (session), why);
  return FALSE;
}

static gboolean
body_approve (CdDatabase                 *db,
              CdSession                  *session,
              const CdWorkflowClaim      *claim,
              const CdWorkflowTransition *t,
              const char                 *text,
              const char                 *at,
              gpointer                    data,
              GError                    **error)
{
  ApproveJob *job = data;
  CdWorkflowApproval *outcome = job->outcome;
  g_auto(Decision) decision = { 0 };
  g_autoptr(GArray) approvers = NULL;
  g_autofree CdDecisionApprover *facts_approvers = NULL;
  gint64 user = cd_session_get_user_id (session);
  gint64 threshold = cd_office_settings_get_approval_threshold (db);
  guint needed, paper_needed;
  CdDecisionFacts facts = { 0 };
  CdPaperCount paper = { 0 };
  CdPaperRules rules = { 0 };
  g_autoptr(GError) local_error = NULL;

  if (!load_proposed_decision (db, claim, &decision, error))
    return FALSE;

  /* Segregation of duties, decided on the user and never on the role: a supervisor who proposed
   * is the proposer. The database trigger approvals_segregation refuses it as well. */
  if (decision.proposed_by == user)
    {
      g_set_error (error, CD_WORKFLOW_ERROR, CD_WORKFLOW_ERROR_SEGREGATION,
                   _("%s proposed the decision on claim %s and so cannot approve it; another "
                     "supervisor must."),
                   cd_session_get_login (session), claim->number);
      return FALSE;
    }

  approvers = load_approvers (db, claim, decision.id, error);
  if (approvers == NULL)
    return FALSE;
  for (guint i = 0; i < approvers->len; i++)
    if (g_str_equal (g_array_index (approvers, Approver, i).login, cd_session_get_login (session)))
      {
        g_set_error (error, CD_WORKFLOW_ERROR, CD_WORKFLOW_ERROR_ALREADY_APPROVED,
                     _("%s has already approved the decision on claim %s; a second, different "
                       "supervisor must approve it."),
                     cd_session_get_login (session), claim->number);
        return FALSE;
      }

  if (job->opened_only && !check_opened (db, session, claim, decision.id, error))
    return FALSE;

  /* The office rule on unverified paper, before anything is recorded: a refused approval leaves
   * no trace but its error. */
  if (!cd_paper_rule_count (db, claim->id, &paper, &local_error))
    return cd_workflow_db_failed (error, local_error, claim->number);
  cd_office_settings_read_paper_rules (db, &rules);
  paper_needed = cd_paper_rule_needed (&rules, &paper, decision.amount);
  if (paper_needed == 0)
    {
      g_set_error (error, CD_WORKFLOW_ERROR, CD_WORKFLOW_ERROR_PAPER_UNVERIFIED,
                   _("The decision on claim %s rests on paper evidence that is not verified "
                     "(%u not yet checked, %u not matching, %u not found in the electronic "
                     "records), and the office rule refuses approving it until deferred "
                     "verification confirms the paper."),
                   claim->number, paper.unverified, paper.mismatch, paper.not_found);
      return FALSE;
    }

  if (!insert_approval (db, claim, decision.id, user, at, error))
    return FALSE;

  needed = MAX (decision.amount > threshold ? 2u : 1u, paper_needed);
  if (approvers->len + 1 < needed)
    {
      *outcome = CD_WORKFLOW_APPROVAL_NEEDS_SECOND;
      /* The claim stays proposed; the first approval is on record. */
      return touch_claim (db, claim, at, error)
             && cd_workflow_audit (db, session, claim, CD_WORKFLOW_ACTION_APPROVE, claim->status,
                       "awaiting", "second_supervisor", at, error);
    }

  {
    Approver me = { g_strdup (cd_session_get_login (session)),
                    g_strdup (cd_session_get_full_name (session)), g_strdup (at) };
    g_array_append_val (approvers, me);
  }
  facts_approvers = g_new0 (CdDecisionApprover, approvers->len);
  for (guint i = 0; i < approvers->len; i++)
    {
      Approver *a = &g_array_index (approvers, Approver, i);

      facts_approvers[i].login = a->login;
      facts_approvers[i].full_name = a->full_name;
      facts_approvers[i].approved_at = a->approved_at;
    }

  facts.uuid = decision.uuid;
  facts.claim_number = claim->number;
  facts.benefit = cd_benefit_to_string (claim->benefit);
  facts.claimant_name = claim->claimant_name;
  facts.personal_id = claim->personal_id;
  facts.si_code = claim->si_code;
  facts.period_from = claim->period_from;
  facts.period_to = claim->period_to;
  facts.office_code = claim->office_code;
  facts.result_json = decision.result_json;
  facts.amount = decision.amount;
  facts.proposed_by = decision.proposer_login;
  facts.approvers = facts_approvers;
  facts.n_approvers = approvers->len;
  facts.decided_at = at;

  if (decision.result_json == NULL)
    {
      g_set_error (error, CD_WORKFLOW_ERROR, CD_WORKFLOW_ERROR_NO_EVALUATION,
                   _("The decision on claim %s has no evaluation to freeze."), claim->number);
      return FALSE;
    }
  /* approved → queued in this same transaction: decision frozen, audit entry, outbox item. */
  g_assert (cd_workflow_find_transition (t->to, CD_WORKFLOW_ACTION_QUEUE) != NULL);
  if (!cd_decision_freeze (db, decision.id, claim->id, &facts, user,
                           cd_claim_status_to_string (claim->status), error))
    return FALSE;
  *outcome = CD_WORKFLOW_APPROVAL_FINAL;
  return TRUE;
}

gboolean
cd_workflow_approve (CdDatabase          *db,
                     CdSession           *session,
                     const char          *claim_number,
                     CdWorkflowApproval  *outcome,
                     GError             **error)
{
  CdWorkflowApproval ignored;
  ApproveJob job = { outcome != NULL ? outcome : &ignored, FALSE };

  g_return_val_if_fail (CD_IS_DATABASE (db) && CD_IS_SESSION (session), FALSE);
  g_return_val_if_fail (claim_number != NULL, FALSE);

  /* The freeze must reach the disk before the approval is reported done. */
  cd_database_exec (db, "PRAGMA synchronous = FULL;", NULL);
  return cd_workflow_run (db, session, claim_number, CD_WORKFLOW_ACTION_APPROVE, NULL, body_approve,
                     &job, error);
}

gboolean
cd_workflow_approve_opened (CdDatabase          *db,
                            CdSession           *session,
                            const char          *claim_number,
                            CdWorkflowApproval  *outcome,
                            GError             **error)
{
  CdWorkflowApproval ignored;
  ApproveJob job = { outcome != NULL ? outcome : &ignored, TRUE };

  g_return_val_if_fail (CD_IS_DATABASE (db) && CD_IS_SESSION (session), FALSE);
  g_return_val_if_fail (claim_number != NULL, FALSE);

  cd_database_exec (db, "PRAGMA synchronous = FULL;", NULL);
  return cd_workflow_run (db, session, claim_number, CD_WORKFLOW_ACTION_APPROVE, NULL, body_approve,
                          &job, error);
}

static gboolean
close_decision (CdDatabase             *db,
                const CdWorkflowClaim  *claim,
                gint64                  decision,
                const char             *state,
                const char             *comment,
                GError                **error)
{
  g_autoptr(CdStatement) stmt = NULL;

  stmt = cd_workflow_prepare (db, claim->number,
                              "UPDATE decisions SET state = ?, comment = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  cd_statement_bind_text (stmt, 1, state);
  cd_statement_bind_text (stmt, 2, comment);
  cd_statement_bind_int64 (stmt, 3, decision);
  return cd_workflow_run_statement (stmt, claim->number, error);
}

/* Return and reject close the proposal with the supervisor's words. */
static gboolean
body_close_proposal (CdDatabase                 *db,
                     CdSession                  *session,
                     const CdWorkflowClaim      *claim,
                     const CdWorkflowTransition *t,
                     const char                 *text,
                     const char                 *at,
                     gpointer                    data,
                     GError                    **error)
{
  const char *state = data;
  g_auto(Decision) decision = { 0 };

  return load_proposed_decision (db, claim, &decision, error)
         && close_decision (db, claim, decision.id, state, text, error)
         && cd_workflow_set_status (db, claim, t->to, text, at, error)
         && cd_workflow_audit (db, session, claim, t->action, t->to,
                   t->action == CD_WORKFLOW_ACTION_RETURN ? "comment" : "reason", text, at, error);
}

gboolean
cd_workflow_return (CdDatabase  *db,
                    CdSession   *session,
                    const char  *claim_number,
                    const char  *comment,
                    GError     **error)
{
  g_return_val_if_fail (CD_IS_DATABASE (db) && CD_IS_SESSION (session), FALSE);
  g_return_val_if_fail (claim_number != NULL, FALSE);

  return cd_workflow_run (db, session, claim_number, CD_WORKFLOW_ACTION_RETURN, comment,
                     body_close_proposal, (gpointer) "returned", error);
}

gboolean
cd_workflow_reject (CdDatabase  *db,
                    CdSession   *session,
                    const char  *claim_number,
                    const char  *reason,
                    GError     **error)
{
  g_return_val_if_fail (CD_IS_DATABASE (db) && CD_IS_SESSION (session), FALSE);
  g_return_val_if_fail (claim_number != NULL, FALSE);

  return cd_workflow_run (db, session, claim_number, CD_WORKFLOW_ACTION_REJECT, reason,
                     body_close_proposal, (gpointer) "rejected", error);
}

gboolean
cd_workflow_mark_synced (CdDatabase  *db,
                         const char  *claim_number,
                         const char  *receipt,
                         GError     **error)
{
  g_return_val_if_fail (CD_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (claim_number != NULL, FALSE);

  return cd_workflow_run (db, NULL, claim_number, CD_WORKFLOW_ACTION_MARK_SYNCED, receipt,
                          body_simple,
                     (gpointer) "receipt", error);
}

static gboolean
body_refuse (CdDatabase                 *db,
             CdSession                  *session,
             const CdWorkflowClaim      *claim,
             const CdWorkflowTransition *t,
             const char                 *text,
             const char                 *at,
             gpointer                    data,
             GError                    **error)
{
  /* Only the state: the frozen payload and its hash stay as they were sent. */
  return run_for_claim (db, claim,
                        "UPDATE decisions SET state = 'superseded' WHERE claim_id = ?"
                        " AND state = 'approved'",
                        error)
         && body_simple (db, session, claim, t, text, at, (gpointer) "reason", error);
}

gboolean
cd_workflow_refuse_by_central (CdDatabase  *db,
                               const char  *claim_number,
                               const char  *reason,
                               GError     **error)
{
  g_return_val_if_fail (CD_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (claim_number != NULL, FALSE);

  return cd_workflow_run (db, NULL, claim_number, CD_WORKFLOW_ACTION_REFUSE_BY_CENTRAL, reason,
                     body_refuse, NULL, error);
}

gboolean
cd_workflow_amend (CdDatabase  *db,
                   CdSession   *session,
                   const char  *claim_number,
                   const char  *reason,
                   GError     **error)
{
  g_return_val_if_fail (CD_IS_DATABASE (db) && CD_IS_SESSION (session), FALSE);
  g_return_val_if_fail (claim_number != NULL, FALSE);

  return cd_workflow_run (db, session, claim_number, CD_WORKFLOW_ACTION_AMEND, reason, body_refuse,
                          NULL, error);
}
