/* cd-workflow.c — the claim workflow as an explicit state machine. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cd-audit-log.h"
#include "cd-decision.h"
#include "cd-office-settings.h"
#include "cd-workflow-private.h"

G_DEFINE_QUARK (cd-workflow-error-quark, cd_workflow_error)

#define ANYONE_WORKING CD_ROLES_WORKING
#define SUPERVISOR     CD_ROLES_SUPERVISING
#define SYSTEM         0

/* The whole workflow. `approved` is passed through inside the approval's transaction: the frozen
 * decision is queued in the same commit, so a claim is never seen resting in it. */
static const CdWorkflowTransition transitions[] = {
  { CD_CLAIM_STATUS_DRAFT, CD_WORKFLOW_ACTION_COMPLETE_EVIDENCE, CD_CLAIM_STATUS_EVIDENCE_COMPLETE,
    ANYONE_WORKING, CD_WORKFLOW_NEEDS_NOTHING },
  { CD_CLAIM_STATUS_EVIDENCE_COMPLETE, CD_WORKFLOW_ACTION_EVALUATE, CD_CLAIM_STATUS_EVALUATED,
    ANYONE_WORKING, CD_WORKFLOW_NEEDS_EVALUATION },
  { CD_CLAIM_STATUS_EVALUATED, CD_WORKFLOW_ACTION_EVALUATE, CD_CLAIM_STATUS_EVALUATED,
    ANYONE_WORKING, CD_WORKFLOW_NEEDS_EVALUATION },
  { CD_CLAIM_STATUS_EVALUATED, CD_WORKFLOW_ACTION_PROPOSE, CD_CLAIM_STATUS_PROPOSED,
    ANYONE_WORKING, CD_WORKFLOW_NEEDS_EVALUATION },
  { CD_CLAIM_STATUS_PROPOSED, CD_WORKFLOW_ACTION_APPROVE, CD_CLAIM_STATUS_APPROVED,
    SUPERVISOR, CD_WORKFLOW_NEEDS_NOTHING },
  { CD_CLAIM_STATUS_PROPOSED, CD_WORKFLOW_ACTION_RETURN, CD_CLAIM_STATUS_RETURNED,
    SUPERVISOR, CD_WORKFLOW_NEEDS_COMMENT },
  { CD_CLAIM_STATUS_PROPOSED, CD_WORKFLOW_ACTION_REJECT, CD_CLAIM_STATUS_REJECTED,
    SUPERVISOR, CD_WORKFLOW_NEEDS_REASON },
  { CD_CLAIM_STATUS_APPROVED, CD_WORKFLOW_ACTION_QUEUE, CD_CLAIM_STATUS_QUEUED,
    SYSTEM, CD_WORKFLOW_NEEDS_NOTHING },
  { CD_CLAIM_STATUS_RETURNED, CD_WORKFLOW_ACTION_EVALUATE, CD_CLAIM_STATUS_EVALUATED,
    ANYONE_WORKING, CD_WORKFLOW_NEEDS_EVALUATION },
  { CD_CLAIM_STATUS_RETURNED, CD_WORKFLOW_ACTION_PROPOSE, CD_CLAIM_STATUS_PROPOSED,
    ANYONE_WORKING, CD_WORKFLOW_NEEDS_EVALUATION },
  { CD_CLAIM_STATUS_QUEUED, CD_WORKFLOW_ACTION_MARK_SYNCED, CD_CLAIM_STATUS_SYNCED,
    SYSTEM, CD_WORKFLOW_NEEDS_RECEIPT },
  { CD_CLAIM_STATUS_QUEUED, CD_WORKFLOW_ACTION_REFUSE_BY_CENTRAL, CD_CLAIM_STATUS_REOPENED,
    SYSTEM, CD_WORKFLOW_NEEDS_REASON },
  { CD_CLAIM_STATUS_SYNCED, CD_WORKFLOW_ACTION_AMEND, CD_CLAIM_STATUS_REOPENED,
    ANYONE_WORKING, CD_WORKFLOW_NEEDS_REASON },
  { CD_CLAIM_STATUS_REFUSED, CD_WORKFLOW_ACTION_REOPEN, CD_CLAIM_STATUS_REOPENED,
    ANYONE_WORKING, CD_WORKFLOW_NEEDS_NOTHING },
  { CD_CLAIM_STATUS_REOPENED, CD_WORKFLOW_ACTION_EVALUATE, CD_CLAIM_STATUS_EVALUATED,
    ANYONE_WORKING, CD_WORKFLOW_NEEDS_EVALUATION },
  { CD_CLAIM_STATUS_REOPENED, CD_WORKFLOW_ACTION_PROPOSE, CD_CLAIM_STATUS_PROPOSED,
    ANYONE_WORKING, CD_WORKFLOW_NEEDS_EVALUATION },
};

/* Opening comes before the table: there is no status to come from. It is here that who may open a
 * claim is decided. */
static const CdWorkflowTransition opening = {
  CD_WORKFLOW_NO_STATUS, CD_WORKFLOW_ACTION_OPEN, CD_CLAIM_STATUS_DRAFT, ANYONE_WORKING,
  CD_WORKFLOW_NEEDS_NOTHING
};

static const char * const action_names[CD_N_WORKFLOW_ACTIONS] = {
  "complete_evidence", "evaluate", "propose", "approve", "return", "reject", "queue",
  "mark_synced", "refuse_by_central", "reopen", "open", "amend",
};

/* Verbs, as in “Cannot approve claim …”. */
static const char * const action_labels[CD_N_WORKFLOW_ACTIONS] = {
  N_("mark the evidence complete of"), N_("evaluate"), N_("propose a decision on"), N_("approve"),
  N_("return"), N_("reject"), N_("queue"), N_("mark as synced"), N_("record a central refusal of"),
  N_("reopen"), N_("open"), N_("amend"),
};

const CdWorkflowTransition *
cd_workflow_get_transitions (guint *n_transitions)
{
  *n_transitions = G_N_ELEMENTS (transitions);
  return transitions;
}

const CdWorkflowTransition *
cd_workflow_find_transition (CdClaimStatus    from,
                             CdWorkflowAction action)
{
  for (guint i = 0; i < G_N_ELEMENTS (transitions); i++)
    if (transitions[i].from == from && transitions[i].action == action)
      return &transitions[i];
  return NULL;
}

gboolean
cd_workflow_can (CdClaimStatus    from,
                 CdWorkflowAction action,
                 CdRole           role)
{
  const CdWorkflowTransition *t = cd_workflow_find_transition (from, action);

  return t != NULL && (t->roles & CD_ROLE_BIT (role)) != 0;
}

gboolean
cd_workflow_can_open (CdRole role)
{
  return (opening.roles & CD_ROLE_BIT (role)) != 0;
}

const char *
cd_workflow_action_to_string (CdWorkflowAction action)
{
  g_return_val_if_fail ((guint) action < CD_N_WORKFLOW_ACTIONS, NULL);
  return action_names[action];
}

const char *
cd_workflow_action_get_label (CdWorkflowAction action)
{
  g_return_val_if_fail ((guint) action < CD_N_WORKFLOW_ACTIONS, NULL);
  return _(action_labels[action]);
}

gint64
cd_workflow_get_approval_threshold (CdDatabase *db)
{
  g_return_val_if_fail (CD_IS_DATABASE (db), CD_DEFAULT_APPROVAL_THRESHOLD);
  return cd_office_settings_get_approval_threshold (db);
}

/* --- Transactions ----------------------------------------------------------------------------- */

gboolean
cd_workflow_db_failed (GError       **error,
                       const GError  *cause,
                       const char    *number)
{
  g_set_error (error, CD_WORKFLOW_ERROR, CD_WORKFLOW_ERROR_FAILED,
               _("Claim %s could not be changed; nothing was saved: %s"),
               number, cause->message);
  return FALSE;
}

CdStatement *
cd_workflow_prepare (CdDatabase  *db,
                     const char  *number,
                     const char  *sql,
                     GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  CdStatement *stmt = cd_database_prepare_cached (db, sql, &local_error);

  if (stmt == NULL)
    cd_workflow_db_failed (error, local_error, number);
  return stmt;
}

CdStep
cd_workflow_step (CdStatement  *stmt,
                  const char   *number,
                  GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  CdStep step = cd_statement_step (stmt, &local_error);

  if (step == CD_STEP_FAILED)
    cd_workflow_db_failed (error, local_error, number);
  return step;
}

gboolean
cd_workflow_run_statement (CdStatement  *stmt,
                           const char   *number,
                           GError      **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!cd_statement_run (stmt, &local_error))
    return cd_workflow_db_failed (error, local_error, number);
  return TRUE;
}

static const char savepoint[] = "cd_workflow";

gboolean
cd_workflow_tx_begin (CdWorkflowTx  *tx,
                      CdDatabase    *db,
                      const char    *number,
                      GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  tx->db = db;
  tx->nested = cd_database_in_transaction (db);
  if (!(tx->nested ? cd_database_savepoint (db, savepoint, &local_error)
                   : cd_database_begin_immediate (db, &local_error)))
    return cd_workflow_db_failed (error, local_error, number);
  tx->open = TRUE;
  return TRUE;
}

gboolean
cd_workflow_tx_commit (CdWorkflowTx  *tx,
                       const char    *number,
                       GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!(tx->nested ? cd_database_release (tx->db, savepoint, &local_error)
                   : cd_database_commit (tx->db, &local_error)))
    return cd_workflow_db_failed (error, local_error, number);
  tx->open = FALSE;
  return TRUE;
}

void
cd_workflow_tx_end (CdWorkflowTx *tx)
{
  if (!tx->open)
    return;
  if (tx->nested)
    cd_database_rollback_to (tx->db, savepoint);
  else
    cd_database_rollback (tx->db);
  tx->open = FALSE;
}

/* --- Claims ----------------------------------------------------------------------------------- */


static void
claim_clear (CdWorkflowClaim *c)
{
  g_free (c->number);
  g_free (c->claimant_name);
  g_free (c->personal_id);
  g_free (c->si_code);
  g_free (c->period_from);
  g_free (c->period_to);
  g_free (c->office_code);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CdWorkflowClaim, claim_clear)

static gboolean
load_claim (CdDatabase      *db,
            const char      *number,
            CdWorkflowClaim *out,
            GError         **error)
{
  g_autoptr(CdStatement) stmt = NULL;
  CdStep step;

  stmt = cd_workflow_prepare (db, number,
                              "SELECT c.id, c.number, c.status, c.benefit, p.full_name,"
                              " p.personal_id, p.si_code, c.period_from, c.period_to, o.code"
                              " FROM claims c JOIN persons p ON p.id = c.claimant_id"
                              " LEFT JOIN offices o ON o.id = c.office_id WHERE c.number = ?",
                              error);
  if (stmt == NULL)
    return FALSE;
  cd_statement_bind_text (stmt, 1, number);
  step = cd_workflow_step (stmt, number, error);
  if (step == CD_STEP_FAILED)
    return FALSE;
  if (step == CD_STEP_DONE)
    {
      g_set_error (error, CD_WORKFLOW_ERROR, CD_WORKFLOW_ERROR_NOT_FOUND,
                   _("There is no claim %s."), number);
      return FALSE;
    }
  out->id = cd_statement_get_int64 (stmt, 0);
  out->number = cd_statement_dup_text (stmt, 1);
  out->status = (CdClaimStatus) cd_statement_get_int (stmt, 2);
  out->benefit = (CdBenefit) cd_statement_get_int (stmt, 3);
  out->claimant_name = cd_statement_dup_text (stmt, 4);
  out->personal_id = cd_statement_dup_text (stmt, 5);
  out->si_code = cd_statement_dup_text (stmt, 6);
  out->period_from = cd_statement_dup_text (stmt, 7);
  out->period_to = cd_statement_dup_text (stmt, 8);
  out->office_code = cd_statement_dup_text (stmt, 9);
  if ((guint) out->status >= CD_N_CLAIM_STATUSES || (guint) out->benefit >= CD_N_BENEFITS)
    {
      g_set_error (error, CD_WORKFLOW_ERROR, CD_WORKFLOW_ERROR_INVALID,
                   _("Claim %s has an unknown status or benefit."), number);
      return FALSE;
    }
  return TRUE;
}

/* The gate of every action: legal from here, by this role, with what it needs. */
static const CdWorkflowTransition *
check_transition (const CdWorkflowClaim       *claim,
                  CdWorkflowAction   action,
                  CdSession         *session,
                  const char        *text,
                  GError           **error)
{
  const CdWorkflowTransition *t = action == CD_WORKFLOW_ACTION_OPEN
                                   ? &opening : cd_workflow_find_transition (claim->status, action);

  if (t == NULL)
    {
      g_set_error (error, CD_WORKFLOW_ERROR, CD_WORKFLOW_ERROR_ILLEGAL,
                   _("Cannot %s claim %s: it is “%s” (%s)."), cd_workflow_action_get_label (action),
                   claim->number, cd_claim_status_get_label (claim->status),
                   cd_claim_status_to_string (claim->status));
      return NULL;
    }
  if (session == NULL ? t->roles != SYSTEM
                      : (t->roles & CD_ROLE_BIT (cd_session_get_role (session))) == 0)
    {
      if (session == NULL)
        g_set_error (error, CD_WORKFLOW_ERROR, CD_WORKFLOW_ERROR_NOT_ALLOWED,
                     _("Only a signed-in user may %s claim %s."),
                     cd_workflow_action_get_label (action), claim->number);
      else
        g_set_error (error, CD_WORKFLOW_ERROR, CD_WORKFLOW_ERROR_NOT_ALLOWED,
                     _("%s (%s) may not %s claim %s."), cd_session_get_login (session),
                     cd_role_get_label (cd_session_get_role (session)),
                     cd_workflow_action_get_label (action), claim->number);
      return NULL;
    }
  if ((t->needs
       & (CD_WORKFLOW_NEEDS_COMMENT | CD_WORKFLOW_NEEDS_REASON | CD_WORKFLOW_NEEDS_RECEIPT))
      && (text == NULL || strspn (text, " \t\r\n") == strlen (text)))
    {
      if (t->needs & CD_WORKFLOW_NEEDS_COMMENT)
        g_set_error (error, CD_WORKFLOW_ERROR, CD_WORKFLOW_ERROR_COMMENT_REQUIRED,
                     _("Returning claim %s needs a comment for the officer."), claim->number);
      else if (t->needs & CD_WORKFLOW_NEEDS_REASON)
        g_set_error (error, CD_WORKFLOW_ERROR, CD_WORKFLOW_ERROR_REASON_REQUIRED,
                     _("Rejecting or refusing claim %s needs a reason."), claim->number);
      else
        g_set_error (error, CD_WORKFLOW_ERROR, CD_WORKFLOW_ERROR_INVALID,
                     _("Marking claim %s as synced needs the central receipt number."),
                     claim->number);
      return NULL;
    }
  return t;
}

gboolean
cd_workflow_set_status (CdDatabase             *db,
                        const CdWorkflowClaim  *claim,
                        CdClaimStatus           to,
                        const char             *note,
                        const char             *at,
                        GError                **error)
{
  g_autoptr(CdStatement) stmt = NULL;

  stmt = cd_workflow_prepare (db, claim->number,
                              "UPDATE claims SET status = ?, status_note = ?, updated_at = ?"
                              " WHERE id = ?",
                              error);
  if (stmt == NULL)
    return FALSE;
  cd_statement_bind_int64 (stmt, 1, to);
  cd_statement_bind_text (stmt, 2, note);
  cd_statement_bind_text (stmt, 3, at);
  cd_statement_bind_int64 (stmt, 4, claim->id);
  return cd_workflow_run_statement (stmt, claim->number, error);
}

gboolean
cd_workflow_set_amount (CdDatabase             *db,
                        const CdWorkflowClaim  *claim,
                        gint64                  amount,
                        GError                **error)
{
  g_autoptr(CdStatement) stmt = NULL;

  stmt = cd_workflow_prepare (db, claim->number, "UPDATE claims SET amount = ? WHERE id = ?",
                              error);
  if (stmt == NULL)
    return FALSE;
  cd_statement_bind_int64 (stmt, 1, amount);
  cd_statement_bind_int64 (stmt, 2, claim->id);
  return cd_workflow_run_statement (stmt, claim->number, error);
}

gboolean
cd_workflow_audit (CdDatabase        *db,
                   CdSession         *session,
                   const CdWorkflowClaim       *claim,
                   CdWorkflowAction   action,
                   CdClaimStatus      to,
                   const char        *extra_name,
                   const char        *extra_value,
                   const char        *at,
                   GError           **error)
{
  g_autoptr(JsonBuilder) after = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *after_text = NULL;
  g_autofree char *before_text = NULL;
  CdAuditEntry entry = { 0 };

  g_assert (claim->id > 0);
  json_builder_begin_object (after);
  json_builder_set_member_name (after, "status");
  json_builder_add_string_value (after, cd_claim_status_to_string (to));
  if (extra_name != NULL)
    {
      json_builder_set_member_name (after, extra_name);
      json_builder_add_string_value (after, extra_value);
    }
  json_builder_end_object (after);
  node = json_builder_get_root (after);
  after_text = json_to_string (node, FALSE);
  if (claim->status != CD_WORKFLOW_NO_STATUS)
    before_text = g_strdup_printf ("{\"status\":\"%s\"}",
                                   cd_claim_status_to_string (claim->status));

  entry.at = at;
  entry.user_id = session != NULL ? cd_session_get_user_id (session) : 0;
  entry.action = cd_workflow_action_to_string (action);
  entry.entity = "claim";
  entry.entity_id = claim->id;
  entry.before = before_text;
  entry.after = after_text;
  return cd_audit_log_append (db, &entry, error);
}


gboolean
cd_workflow_run (CdDatabase       *database,
                 CdSession        *session,
                 const char       *number,
                 CdWorkflowAction  action,
                 const char       *text,
                 CdWorkflowActionBody        body,
                 gpointer          data,
                 GError          **error)
{
  g_auto(CdWorkflowClaim) claim = { 0 };
  g_autofree char *at = cd_audit_log_now ();
  const CdWorkflowTransition *t;
  CdWorkflowTx tx = { 0 };
  gboolean ok;

  if (session != NULL && !cd_session_begin_action (session, error))
    return FALSE;
  if (!cd_workflow_tx_begin (&tx, database, number, error))
    return FALSE;
  if (action == CD_WORKFLOW_ACTION_OPEN)
    {
      claim.number = g_strdup (number);
      claim.status = CD_WORKFLOW_NO_STATUS;
      ok = TRUE;
    }
  else
    ok = load_claim (database, number, &claim, error);
  ok = ok
       && (t = check_transition (&claim, action, session, text, error)) != NULL
       && body (database, session, &claim, t, text, at, data, error)
       && cd_workflow_tx_commit (&tx, number, error);
  cd_workflow_tx_end (&tx);
  return ok;
}

