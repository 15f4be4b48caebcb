/* cd-workflow.h — the claim workflow as an explicit state machine.
 *
 * A claim comes into being only through cd_workflow_open_claim, in status draft, opened by an
 * officer or a supervisor. Every change of its status after that goes through one row of the
 * transition table (see cd_workflow_get_transitions and docs/workflow.md): from a status, by an
 * action, to a status, done by the roles the row names (none: only the system — the sync worker),
 * with what the row requires (a comment to return, a reason to reject). Anything else is refused
 * with CD_WORKFLOW_ERROR_ILLEGAL, naming the claim, its status and the action. Each change, the
 * opening included, is one transaction with its audit entry.
 *
 * Segregation of duties: whoever proposed a decision never approves it, whatever their role; the
 * database refuses it too (trigger approvals_segregation). Above the `approval_threshold` setting
 * (VND) two different supervisors approve; the decision stays proposed until the second.
 */
#pragma once

#include "cd-claim-types.h"
#include "cd-database.h"
#include "cd-users.h"

G_BEGIN_DECLS

#define CD_WORKFLOW_ERROR (cd_workflow_error_quark ())

typedef enum
{
  CD_WORKFLOW_ERROR_NOT_FOUND,         /* no claim with that number; no such claimant or child */
  CD_WORKFLOW_ERROR_ILLEGAL,           /* the action is not allowed from the claim's status */
  CD_WORKFLOW_ERROR_NOT_ALLOWED,       /* the signed-in role may not do it */
  CD_WORKFLOW_ERROR_SEGREGATION,       /* the proposer tried to approve their own proposal */
  CD_WORKFLOW_ERROR_ALREADY_APPROVED,  /* the same supervisor approved twice */
  CD_WORKFLOW_ERROR_COMMENT_REQUIRED,  /* returning needs a comment */
  CD_WORKFLOW_ERROR_REASON_REQUIRED,   /* rejecting (or a central refusal) needs a reason */
  CD_WORKFLOW_ERROR_NO_EVALUATION,     /* proposing needs an evaluation */
  CD_WORKFLOW_ERROR_INVALID,           /* a bad evaluation result or receipt */
  CD_WORKFLOW_ERROR_FAILED,            /* the database refused; nothing was changed */
  CD_WORKFLOW_ERROR_PAPER_UNVERIFIED,  /* the office rule refuses a decision on unverified paper */
  CD_WORKFLOW_ERROR_NOT_REVIEWED,      /* drawn for review and not opened (a bulk approval) */
} CdWorkflowError;

GQuark cd_workflow_error_quark (void);

typedef enum
{
  CD_WORKFLOW_ACTION_COMPLETE_EVIDENCE,
  CD_WORKFLOW_ACTION_EVALUATE,
  CD_WORKFLOW_ACTION_PROPOSE,
  CD_WORKFLOW_ACTION_APPROVE,
  CD_WORKFLOW_ACTION_RETURN,
  CD_WORKFLOW_ACTION_REJECT,
  CD_WORKFLOW_ACTION_QUEUE,
  CD_WORKFLOW_ACTION_MARK_SYNCED,
  CD_WORKFLOW_ACTION_REFUSE_BY_CENTRAL,
  CD_WORKFLOW_ACTION_REOPEN,
  CD_WORKFLOW_ACTION_OPEN,   /* not in the table: there is no status to come from */
  CD_WORKFLOW_ACTION_AMEND,  /* a synced decision reopened for an employer's adjustment */
  CD_N_WORKFLOW_ACTIONS
} CdWorkflowAction;

typedef enum
{
  CD_WORKFLOW_NEEDS_NOTHING    = 0,
  CD_WORKFLOW_NEEDS_COMMENT    = 1 << 0,
  CD_WORKFLOW_NEEDS_REASON     = 1 << 1,
  CD_WORKFLOW_NEEDS_EVALUATION = 1 << 2,
  CD_WORKFLOW_NEEDS_RECEIPT    = 1 << 3,
} CdWorkflowNeeds;

typedef struct
{
  CdClaimStatus    from;
  CdWorkflowAction action;
  CdClaimStatus    to;
  guint            roles;  /* CD_ROLE_BIT()s; 0: the system only */
  CdWorkflowNeeds  needs;
} CdWorkflowTransition;

const CdWorkflowTransition *cd_workflow_get_transitions   (guint             *n_transitions);
/* The row for (from, action), or NULL if the action is illegal from there. */
const CdWorkflowTransition *cd_workflow_find_transition   (CdClaimStatus      from,
                                                           CdWorkflowAction   action);
/* For the UI: may this role do this action on a claim in this status? */
gboolean                    cd_workflow_can               (CdClaimStatus      from,
                                                           CdWorkflowAction   action,
                                                           CdRole             role);
/* For the UI: may this role open a new claim? */
gboolean                    cd_workflow_can_open          (CdRole             role);
const char                 *cd_workflow_action_to_string  (CdWorkflowAction   action);
const char                 *cd_workflow_action_get_label  (CdWorkflowAction   action);

/* VND above which two supervisors approve: the office's rule (cd-office-settings.h). */
gint64   cd_workflow_get_approval_threshold (CdDatabase  *db);

/* A new claim as an officer opens it. Strings are copied where they must outlive the call. */
typedef struct
{
  const char *number;       /* unique, e.g. HS-2026-00001234 */
  CdBenefit   benefit;
  const char *claimant_id;  /* the claimant's 12-digit personal ID; the person must be known */
  const char *child_id;     /* personal ID of the child the claim is about, or NULL */
  const char *period_from;  /* YYYY-MM-DD */
  const char *period_to;    /* YYYY-MM-DD */
  const char *event_date;   /* YYYY-MM-DD or NULL */
  guint32     received_on;  /* yyyymmdd */
} CdClaimDraft;

/* The officer's actions. */

/* Opens a claim in status draft: the session's user is its officer and their office its office.
 * Returns its id, or 0 with CD_WORKFLOW_ERROR_NOT_ALLOWED (an administrator),
 * CD_WORKFLOW_ERROR_NOT_FOUND (no such claimant or child) or CD_WORKFLOW_ERROR_FAILED (whatever
 * the database refuses: a number in use, a period that ends before it starts, a full disk); then
 * nothing is written. */
gint64   cd_workflow_open_claim        (CdDatabase          *db,
                                        CdSession           *session,
                                        const CdClaimDraft  *draft,
                                        GError             **error);
gboolean cd_workflow_complete_evidence (CdDatabase  *db,
                                        CdSession   *session,
                                        const char  *claim_number,
                                        GError     **error);
/* Stores the evaluation (facts and result per evaluate-contract.md) and moves the claim to
 * evaluated; the proposal takes its total as the amount. */
gboolean cd_workflow_record_evaluation (CdDatabase  *db,
                                        CdSession   *session,
                                        const char  *claim_number,
                                        const char  *facts_json,
                                        const char  *result_json,
                                        GError     **error);
gboolean cd_workflow_propose           (CdDatabase  *db,
                                        CdSession   *session,
                                        const char  *claim_number,
                                        const char  *comment,
                                        GError     **error);
gboolean cd_workflow_reopen            (CdDatabase  *db,
                                        CdSession   *session,
                                        const char  *claim_number,
                                        GError     **error);
/* synced → reopened with `reason` as the claim's status note: an employer's adjustment (Part 2 of
 * a list: a salary raise reported late, a wrong period) of a decision central already has. The
 * frozen decision is kept, marked superseded; the claim is evaluated and proposed again, and its
 * new decision goes to central as any other. */
gboolean cd_workflow_amend             (CdDatabase  *db,
                                        CdSession   *session,
                                        const char  *claim_number,
                                        const char  *reason,
                                        GError     **error);

/* What the new-claim page does on Create: opens the claim, marks its evidence complete and records
 * its evaluation, three audited actions in one transaction, so a failure leaves no claim behind.
 * Returns the claim's id, or 0 and the first step's error. */
gint64   cd_workflow_open_evaluated_claim        (CdDatabase           *db,
                                                  CdSession            *session,
                                                  const CdClaimDraft   *draft,
                                                  const char           *facts_json,
                                                  const char           *result_json,
                                                  GError              **error);
/* The same as a job on the shared writer `db` (cd_database_run_in_thread). A locked session is
 * refused at once, on the caller's thread, so notify::locked is emitted there. Cancelling stops a
 * save that has not begun; one that has begun runs to its end, and the result says what it did. */
void     cd_workflow_open_evaluated_claim_async  (CdDatabase           *db,
                                                  CdSession            *session,
                                                  const CdClaimDraft   *draft,
                                                  const char           *facts_json,
                                                  const char           *result_json,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gint64   cd_workflow_open_evaluated_claim_finish (GAsyncResult         *result,
                                                  GError              **error);

/* The supervisor's actions. */
typedef enum
{
  CD_WORKFLOW_APPROVAL_FINAL,           /* frozen, audited, queued in the outbox */
  CD_WORKFLOW_APPROVAL_NEEDS_SECOND,    /* above the threshold: one more supervisor must approve */
} CdWorkflowApproval;

gboolean cd_workflow_approve           (CdDatabase          *db,
                                        CdSession           *session,
                                        const char          *claim_number,
                                        CdWorkflowApproval  *outcome,
                                        GError             **error);
/* As cd_workflow_approve, for an approval in bulk (cd-approval.h): a decision drawn for review
 * (cd-review.h) that this supervisor has not opened (cd_approval_mark_reviewed) is refused with
 * CD_WORKFLOW_ERROR_NOT_REVIEWED, saying why it was drawn, checked in the approval's own
 * transaction. */
gboolean cd_workflow_approve_opened    (CdDatabase          *db,
                                        CdSession           *session,
                                        const char          *claim_number,
                                        CdWorkflowApproval  *outcome,
                                        GError             **error);
gboolean cd_workflow_return            (CdDatabase  *db,
                                        CdSession   *session,
                                        const char  *claim_number,
                                        const char  *comment,
                                        GError     **error);
gboolean cd_workflow_reject            (CdDatabase  *db,
                                        CdSession   *session,
                                        const char  *claim_number,
                                        const char  *reason,
                                        GError     **error);

/* One entry point for what a signed-in user does to a claim, the claim view's buttons: complete
 * the evidence, propose (`text`: an optional comment), approve, return (`text`: the comment),
 * reject (`text`: the reason) or reopen. The other actions take more than one text (evaluate),
 * have no claim yet (open) or belong to the approval and the sync worker; passing one of them is
 * a programming error. `outcome` (may be NULL) says whether an approval was final or needs a
 * second supervisor; any other action done sets it to CD_WORKFLOW_APPROVAL_FINAL. */
gboolean cd_workflow_is_session_action (CdWorkflowAction     action);
gboolean cd_workflow_act               (CdDatabase          *db,
                                        CdSession           *session,
                                        const char          *claim_number,
                                        CdWorkflowAction     action,
                                        const char          *text,
                                        CdWorkflowApproval  *outcome,
                                        GError             **error);
/* The same as a job on the shared writer `db` (cd_database_run_in_thread), so it never runs
 * beside another writer's transaction on that connection. A locked session is refused at once, on
 * the caller's thread. Cancelled before the job starts, nothing is done; a job that has started
 * runs to its end (one transaction), and _finish still reports G_IO_ERROR_CANCELLED: whoever
 * cancelled and still cares reads the claim again. */
void     cd_workflow_act_async         (CdDatabase          *db,
                                        CdSession           *session,
                                        const char          *claim_number,
                                        CdWorkflowAction     action,
                                        const char          *text,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
gboolean cd_workflow_act_finish        (GAsyncResult        *result,
                                        CdWorkflowApproval  *outcome,
                                        GError             **error);

/* For the sync worker (no session: recorded as the system). Each joins the caller's transaction if
 * one is open (as a savepoint), so the worker can update its outbox item in the same commit. */
gboolean cd_workflow_mark_synced       (CdDatabase  *db,
                                        const char  *claim_number,
                                        const char  *receipt,
                                        GError     **error);
/* queued → reopened, with the central reason as the claim's status note; the frozen decision is
 * kept, marked superseded. */
gboolean cd_workflow_refuse_by_central (CdDatabase  *db,
                                        const char  *claim_number,
                                        const char  *reason,
                                        GError     **error);

G_END_DECLS
