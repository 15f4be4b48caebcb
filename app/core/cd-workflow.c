/* cd-workflow.c — the claim workflow as an explicit state machine. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cd-audit-log.h"
#include "cd-decision.h"
#include "cd-workflow.h"

G_DEFINE_QUARK (cd-workflow-error-quark, cd_workflow_error)

#define ANYONE_WORKING (CD_ROLE_BIT (CD_ROLE_OFFICER) | CD_ROLE_BIT (CD_ROLE_SUPERVISOR))
#define SUPERVISOR     CD_ROLE_BIT (CD_ROLE_SUPERVISOR)
#define SYSTEM         0

static gboolean
json_validate (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  return json_parser_load_from_data (parser, text, -1, NULL);
}

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
  { CD_CLAIM_STATUS_REFUSED, CD_WORKFLOW_ACTION_REOPEN, CD_CLAIM_STATUS_REOPENED,
    ANYONE_WORKING, CD_WORKFLOW_NEEDS_NOTHING },
  { CD_CLAIM_STATUS_REOPENED, CD_WORKFLOW_ACTION_EVALUATE, CD_CLAIM_STATUS_EVALUATED,
    ANYONE_WORKING, CD_WORKFLOW_NEEDS_EVALUATION },
  { CD_CLAIM_STATUS_REOPENED, CD_WORKFLOW_ACTION_PROPOSE, CD_CLAIM_STATUS_PROPOSED,
    ANYONE_WORKING, CD_WORKFLOW_NEEDS_EVALUATION },
};

static const char * const action_names[CD_N_WORKFLOW_ACTIONS] = {
  "complete_evidence", "evaluate", "propose", "approve", "return", "reject", "queue",
  "mark_synced", "refuse_by_central", "reopen",
};

/* Verbs, as in “Cannot approve claim …”. */
static const char * const action_labels[CD_N_WORKFLOW_ACTIONS] = {
  N_("mark the evidence complete of"), N_("evaluate"), N_("propose a decision on"), N_("approve"),
  N_("return"), N_("reject"), N_("queue"), N_("mark as synced"), N_("record a central refusal of"),
  N_("reopen"),
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

static gint64
read_setting_int (sqlite3    *db,
                  const char *key,
                  gint64      fallback)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value = fallback;

  if (sqlite3_prepare_v2 (db, "SELECT value FROM settings WHERE key = ?", -1, &stmt, NULL)
      == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          gint64 parsed;

          if (g_ascii_string_to_signed ((const char *) sqlite3_column_text (stmt, 0), 10, 0,
                                        G_MAXINT64, &parsed, NULL))
            value = parsed;
        }
    }
  sqlite3_finalize (stmt);
  return value;
}

gint64
cd_workflow_get_approval_threshold (CdDatabase *db)
{
  g_return_val_if_fail (CD_IS_DATABASE (db), CD_DEFAULT_APPROVAL_THRESHOLD);
  return read_setting_int (cd_database_get_handle (db), "approval_threshold",
                           CD_DEFAULT_APPROVAL_THRESHOLD);
}

/* --- Transactions ------------------------------------------------------------------------------ */

/* A call on its own opens BEGIN IMMEDIATE (the write lock at once, so the status read is the one
 * changed); inside the caller's transaction (the sync worker) it is a savepoint. */
typedef struct
{
  sqlite3 *db;
  gboolean nested;
  gboolean open;
} Tx;

static gboolean
db_failed (GError     **error,
           sqlite3     *db,
           const char  *number)
{
  g_set_error (error, CD_WORKFLOW_ERROR, CD_WORKFLOW_ERROR_FAILED,
               _("Claim %s could not be changed; nothing was saved: %s"),
               number, sqlite3_errmsg (db));
  return FALSE;
}

static gboolean
tx_begin (Tx          *tx,
          sqlite3     *db,
          const char  *number,
          GError     **error)
{
  tx->db = db;
  tx->nested = !sqlite3_get_autocommit (db);
  if (sqlite3_exec (db, tx->nested ? "SAVEPOINT cd_workflow;" : "BEGIN IMMEDIATE;", NULL, NULL,
                    NULL) != SQLITE_OK)
    return db_failed (error, db, number);
  tx->open = TRUE;
  return TRUE;
}

static gboolean
tx_commit (Tx          *tx,
           const char  *number,
           GError     **error)
{
  if (sqlite3_exec (tx->db, tx->nested ? "RELEASE cd_workflow;" : "COMMIT;", NULL, NULL, NULL)
      != SQLITE_OK)
    return db_failed (error, tx->db, number);
  tx->open = FALSE;
  return TRUE;
}

static void
tx_end (Tx *tx)
{
  if (!tx->open)
    return;
  sqlite3_exec (tx->db, tx->nested ? "ROLLBACK TO cd_workflow; RELEASE cd_workflow;" : "ROLLBACK;",
                NULL, NULL, NULL);
  tx->open = FALSE;
}

/* --- Claims ------------------------------------------------------------------------------------ */

typedef struct
{
  gint64        id;
  char         *number;
  CdClaimStatus status;
  CdBenefit     benefit;
  char         *claimant_name;
  char         *personal_id;
  char         *si_code;
  char         *period_from;
  char         *period_to;
  char         *office_code;
} Claim;

static void
claim_clear (Claim *c)
{
  g_free (c->number);
  g_free (c->claimant_name);
  g_free (c->personal_id);
  g_free (c->si_code);
  g_free (c->period_from);
  g_free (c->period_to);
  g_free (c->office_code);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Claim, claim_clear)

static char *
column_dup (sqlite3_stmt *stmt,
            int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

static gboolean
load_claim (sqlite3     *db,
            const char  *number,
            Claim       *out,
            GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db,
                           "SELECT c.id, c.number, c.status, c.benefit, p.full_name, p.personal_id,"
                           " p.si_code, c.period_from, c.period_to, o.code FROM claims c"
                           " JOIN persons p ON p.id = c.claimant_id"
                           " LEFT JOIN offices o ON o.id = c.office_id WHERE c.number = ?",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, number, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
    }
  if (rc == SQLITE_ROW)
    {
      out->id = sqlite3_column_int64 (stmt, 0);
      out->number = column_dup (stmt, 1);
      out->status = (CdClaimStatus) sqlite3_column_int (stmt, 2);
      out->benefit = (CdBenefit) sqlite3_column_int (stmt, 3);
      out->claimant_name = column_dup (stmt, 4);
      out->personal_id = column_dup (stmt, 5);
      out->si_code = column_dup (stmt, 6);
      out->period_from = column_dup (stmt, 7);
      out->period_to = column_dup (stmt, 8);
      out->office_code = column_dup (stmt, 9);
    }
  sqlite3_finalize (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, CD_WORKFLOW_ERROR, CD_WORKFLOW_ERROR_NOT_FOUND,
                   _("There is no claim %s."), number);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return db_failed (error, db, number);
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
check_transition (const Claim       *claim,
                  CdWorkflowAction   action,
                  CdSession         *session,
                  const char        *text,
                  GError           **error)
{
  const CdWorkflowTransition *t = cd_workflow_find_transition (claim->status, action);

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
  if ((t->needs & (CD_WORKFLOW_NEEDS_COMMENT | CD_WORKFLOW_NEEDS_REASON | CD_WORKFLOW_NEEDS_RECEIPT))
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

static gboolean
exec_bound (sqlite3      *db,
            const char   *number,
            const char   *sql,
            GError      **error,
            ...)
{
  sqlite3_stmt *stmt = NULL;
  va_list args;
  int rc;

  /* Arguments in pairs: 't' + const char * (NULL binds NULL) or 'i' + gint64; 0 ends them. */
  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      int column = 1, kind;

      va_start (args, error);
      while ((kind = va_arg (args, int)) != 0)
        {
          if (kind == 't')
            sqlite3_bind_text (stmt, column++, va_arg (args, const char *), -1, SQLITE_TRANSIENT);
          else
            sqlite3_bind_int64 (stmt, column++, va_arg (args, gint64));
        }
      va_end (args);
      rc = sqlite3_step (stmt);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return db_failed (error, db, number);
  return TRUE;
}

static gboolean
set_status (sqlite3       *db,
            const Claim   *claim,
            CdClaimStatus  to,
            const char    *note,
            const char    *at,
            GError       **error)
{
  return exec_bound (db, claim->number,
                     "UPDATE claims SET status = ?, status_note = ?, updated_at = ? WHERE id = ?",
                     error, 'i', (gint64) to, 't', note, 't', at, 'i', claim->id, 0);
}

static gboolean
audit (sqlite3           *db,
       CdSession         *session,
       const Claim       *claim,
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
  before_text = g_strdup_printf ("{\"status\":\"%s\"}", cd_claim_status_to_string (claim->status));

  entry.at = at;
  entry.user_id = session != NULL ? cd_session_get_user_id (session) : 0;
  entry.action = cd_workflow_action_to_string (action);
  entry.entity = "claim";
  entry.entity_id = claim->id;
  entry.before = before_text;
  entry.after = after_text;
  return cd_audit_log_append (db, &entry, error);
}

/* The frame every action shares: a live session, one transaction, the claim read inside it, the
 * transition checked; then `body` does the action's own writes. */
typedef gboolean (*ActionBody) (sqlite3                    *db,
                                CdSession                  *session,
                                const Claim                *claim,
                                const CdWorkflowTransition *t,
                                const char                 *text,
                                const char                 *at,
                                gpointer                    data,
                                GError                    **error);

static gboolean
run_action (CdDatabase       *database,
            CdSession        *session,
            const char       *number,
            CdWorkflowAction  action,
            const char       *text,
            ActionBody        body,
            gpointer          data,
            GError          **error)
{
  sqlite3 *db = cd_database_get_handle (database);
  g_auto(Claim) claim = { 0 };
  g_autofree char *at = cd_audit_log_now ();
  const CdWorkflowTransition *t;
  Tx tx = { 0 };
  gboolean ok;

  if (session != NULL && !cd_session_begin_action (session, error))
    return FALSE;
  if (!tx_begin (&tx, db, number, error))
    return FALSE;
  ok = load_claim (db, number, &claim, error)
       && (t = check_transition (&claim, action, session, text, error)) != NULL
       && body (db, session, &claim, t, text, at, data, error)
       && tx_commit (&tx, number, error);
  tx_end (&tx);
  return ok;
}

/* --- The actions ------------------------------------------------------------------------------- */

static gboolean
body_simple (sqlite3                    *db,
             CdSession                  *session,
             const Claim                *claim,
             const CdWorkflowTransition *t,
             const char                 *text,
             const char                 *at,
             gpointer                    data,
             GError                    **error)
{
  const char *note_name = data;

  return set_status (db, claim, t->to, text, at, error)
         && audit (db, session, claim, t->action, t->to, note_name, text, at, error);
}

gboolean
cd_workflow_complete_evidence (CdDatabase  *db,
                               CdSession   *session,
                               const char  *claim_number,
                               GError     **error)
{
  g_return_val_if_fail (CD_IS_DATABASE (db) && CD_IS_SESSION (session), FALSE);
  g_return_val_if_fail (claim_number != NULL, FALSE);

  return run_action (db, session, claim_number, CD_WORKFLOW_ACTION_COMPLETE_EVIDENCE, NULL,
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

  return run_action (db, session, claim_number, CD_WORKFLOW_ACTION_REOPEN, NULL, body_simple, NULL,
                     error);
}

typedef struct
{
  const char *facts;
  const char *result;
} Evaluation;

static gboolean
body_evaluate (sqlite3                    *db,
               CdSession                  *session,
               const Claim                *claim,
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

  return exec_bound (db, claim->number,
                     "INSERT INTO evaluations (claim_id, facts, result, rulepack, eligible, total,"
                     " evaluated_by, evaluated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                     error, 'i', claim->id, 't', e->facts, 't', e->result,
                     't', json_object_get_string_member (result, "rulepack"),
                     'i', (gint64) json_object_get_boolean_member_with_default (result, "eligible",
                                                                                 FALSE),
                     'i', total, 'i', cd_session_get_user_id (session), 't', at, 0)
         && exec_bound (db, claim->number, "UPDATE claims SET amount = ? WHERE id = ?", error,
                        'i', total, 'i', claim->id, 0)
         && set_status (db, claim, t->to, NULL, at, error)
         && audit (db, session, claim, t->action, t->to, "rulepack",
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

  return run_action (db, session, claim_number, CD_WORKFLOW_ACTION_EVALUATE, NULL, body_evaluate,
                     &e, error);
}

/* The newest evaluation of a claim: what a proposal decides on. */
static gboolean
latest_evaluation (sqlite3     *db,
                   const Claim *claim,
                   gint64      *id,
                   gint64      *total,
                   GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db,
                           "SELECT id, total FROM evaluations WHERE claim_id = ?"
                           " ORDER BY evaluated_at DESC, id DESC LIMIT 1",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, claim->id);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          *id = sqlite3_column_int64 (stmt, 0);
          *total = sqlite3_column_int64 (stmt, 1);
        }
    }
  sqlite3_finalize (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, CD_WORKFLOW_ERROR, CD_WORKFLOW_ERROR_NO_EVALUATION,
                   _("Claim %s has no evaluation to propose a decision on."), claim->number);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return db_failed (error, db, claim->number);
  return TRUE;
}

static gboolean
body_propose (sqlite3                    *db,
              CdSession                  *session,
              const Claim                *claim,
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
         && exec_bound (db, claim->number,
                        "UPDATE decisions SET state = 'superseded' WHERE claim_id = ?"
                        " AND state IN ('proposed', 'returned')",
                        error, 'i', claim->id, 0)
         && exec_bound (db, claim->number,
                        "INSERT INTO decisions (uuid, claim_id, evaluation_id, state, amount,"
                        " proposed_by, proposed_at, comment) VALUES (?, ?, ?, 'proposed', ?, ?, ?, ?)",
                        error, 't', uuid, 'i', claim->id, 'i', evaluation, 'i', total,
                        'i', cd_session_get_user_id (session), 't', at, 't', text, 0)
         && exec_bound (db, claim->number, "UPDATE claims SET amount = ? WHERE id = ?", error,
                        'i', total, 'i', claim->id, 0)
         && set_status (db, claim, t->to, NULL, at, error)
         && audit (db, session, claim, t->action, t->to, "decision", uuid, at, error);
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

  return run_action (db, session, claim_number, CD_WORKFLOW_ACTION_PROPOSE, comment, body_propose,
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
load_proposed_decision (sqlite3     *db,
                        const Claim *claim,
                        Decision    *out,
                        GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db,
                           "SELECT d.id, d.uuid, d.amount, d.proposed_by, u.login, e.result"
                           " FROM decisions d JOIN users u ON u.id = d.proposed_by"
                           " LEFT JOIN evaluations e ON e.id = d.evaluation_id"
                           " WHERE d.claim_id = ? AND d.state = 'proposed'"
                           " ORDER BY d.id DESC LIMIT 1",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, claim->id);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          out->id = sqlite3_column_int64 (stmt, 0);
          out->uuid = column_dup (stmt, 1);
          out->amount = sqlite3_column_int64 (stmt, 2);
          out->proposed_by = sqlite3_column_int64 (stmt, 3);
          out->proposer_login = column_dup (stmt, 4);
          out->result_json = column_dup (stmt, 5);
        }
    }
  sqlite3_finalize (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, CD_WORKFLOW_ERROR, CD_WORKFLOW_ERROR_NO_EVALUATION,
                   _("Claim %s has no proposed decision."), claim->number);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return db_failed (error, db, claim->number);
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
load_approvers (sqlite3     *db,
                const Claim *claim,
                gint64       decision,
                GError     **error)
{
  g_autoptr(GArray) approvers = g_array_new (FALSE, TRUE, sizeof (Approver));
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_array_set_clear_func (approvers, approver_clear);
  rc = sqlite3_prepare_v2 (db,
                           "SELECT u.login, u.full_name, a.approved_at FROM approvals a"
                           " JOIN users u ON u.id = a.approver_id WHERE a.decision_id = ?"
                           " ORDER BY a.approved_at, u.login",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    sqlite3_bind_int64 (stmt, 1, decision);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Approver a = { column_dup (stmt, 0), column_dup (stmt, 1), column_dup (stmt, 2) };

      g_array_append_val (approvers, a);
      rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      db_failed (error, db, claim->number);
      return NULL;
    }
  return g_steal_pointer (&approvers);
}

static gboolean
body_approve (sqlite3                    *db,
              CdSession                  *session,
              const Claim                *claim,
              const CdWorkflowTransition *t,
              const char                 *text,
              const char                 *at,
              gpointer                    data,
              GError                    **error)
{
  CdWorkflowApproval *outcome = data;
  g_auto(Decision) decision = { 0 };
  g_autoptr(GArray) approvers = NULL;
  g_autofree CdDecisionApprover *facts_approvers = NULL;
  gint64 user = cd_session_get_user_id (session);
  gint64 threshold = read_setting_int (db, "approval_threshold", CD_DEFAULT_APPROVAL_THRESHOLD);
  guint needed;
  CdDecisionFacts facts = { 0 };

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

  if (!exec_bound (db, claim->number,
                   "INSERT INTO approvals (decision_id, approver_id, approved_at) VALUES (?, ?, ?)",
                   error, 'i', decision.id, 'i', user, 't', at, 0))
    return FALSE;

  needed = decision.amount > threshold ? 2 : 1;
  if (approvers->len + 1 < needed)
    {
      *outcome = CD_WORKFLOW_APPROVAL_NEEDS_SECOND;
      /* The claim stays proposed; the first approval is on record. */
      return exec_bound (db, claim->number, "UPDATE claims SET updated_at = ? WHERE id = ?",
                         error, 't', at, 'i', claim->id, 0)
             && audit (db, session, claim, CD_WORKFLOW_ACTION_APPROVE, claim->status,
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

  g_return_val_if_fail (CD_IS_DATABASE (db) && CD_IS_SESSION (session), FALSE);
  g_return_val_if_fail (claim_number != NULL, FALSE);

  /* The freeze must reach the disk before the approval is reported done. */
  sqlite3_exec (cd_database_get_handle (db), "PRAGMA synchronous = FULL;", NULL, NULL, NULL);
  return run_action (db, session, claim_number, CD_WORKFLOW_ACTION_APPROVE, NULL, body_approve,
                     outcome != NULL ? outcome : &ignored, error);
}

/* Return and reject close the proposal with the supervisor's words. */
static gboolean
body_close_proposal (sqlite3                    *db,
                     CdSession                  *session,
                     const Claim                *claim,
                     const CdWorkflowTransition *t,
                     const char                 *text,
                     const char                 *at,
                     gpointer                    data,
                     GError                    **error)
{
  const char *state = data;
  g_auto(Decision) decision = { 0 };

  return load_proposed_decision (db, claim, &decision, error)
         && exec_bound (db, claim->number,
                        "UPDATE decisions SET state = ?, comment = ? WHERE id = ?", error,
                        't', state, 't', text, 'i', decision.id, 0)
         && set_status (db, claim, t->to, text, at, error)
         && audit (db, session, claim, t->action, t->to,
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

  return run_action (db, session, claim_number, CD_WORKFLOW_ACTION_RETURN, comment,
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

  return run_action (db, session, claim_number, CD_WORKFLOW_ACTION_REJECT, reason,
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

  return run_action (db, NULL, claim_number, CD_WORKFLOW_ACTION_MARK_SYNCED, receipt, body_simple,
                     (gpointer) "receipt", error);
}

static gboolean
body_refuse (sqlite3                    *db,
             CdSession                  *session,
             const Claim                *claim,
             const CdWorkflowTransition *t,
             const char                 *text,
             const char                 *at,
             gpointer                    data,
             GError                    **error)
{
  /* Only the state: the frozen payload and its hash stay as they were sent. */
  return exec_bound (db, claim->number,
                     "UPDATE decisions SET state = 'superseded' WHERE claim_id = ?"
                     " AND state = 'approved'",
                     error, 'i', claim->id, 0)
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

  return run_action (db, NULL, claim_number, CD_WORKFLOW_ACTION_REFUSE_BY_CENTRAL, reason,
                     body_refuse, NULL, error);
}
