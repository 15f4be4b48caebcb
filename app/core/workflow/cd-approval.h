/* cd-approval.h — the supervisor's approval queue and bulk runs over it.
 *
 * The queue holds the proposed decisions a given supervisor may approve: never their own proposals
 * (segregation of duties) and, above the approval threshold, not those they have already approved
 * once (they wait for a second, different supervisor).
 *
 * A decision drawn for review (cd-review.h) is marked in the queue with why, and a bulk approval
 * refuses it until this supervisor has opened the claim (cd_approval_mark_reviewed, which the
 * claim view calls when it shows a proposal to a supervisor).
 *
 * A bulk run approves (or returns, with one comment) a list of claims one by one through
 * cd_workflow_approve_opened / cd_workflow_return, as one job on the shared writer. Each claim
 * is its own transaction: stopping between claims leaves the ones already done as they are and
 * the rest untouched. Every claim gets an outcome; a refusal carries the workflow's own message.
 */
#pragma once

#include "cd-claim-types.h"
#include "cd-database.h"
#include "cd-users.h"

G_BEGIN_DECLS

typedef struct
{
  char      *claim_number;
  char      *claimant;
  CdBenefit  benefit;
  gint64     amount;
  char      *proposer;       /* login */
  char      *proposer_name;  /* full name */
  char      *proposed_at;    /* ISO 8601 UTC */
  guint      n_approvals;    /* approvals already on record (by other supervisors) */
  /* Paper evidence the decision rests on (cd-paper-rule.h): linked paper documents not yet
   * checked, and those checked that differ from the electronic record or were not found there. */
  guint      n_paper_unverified;
  guint      n_paper_mismatch;
  char      *paper_rule;     /* the office rule that applies to approving it; NULL if no paper */
  /* Review sampling (cd-review.h): drawn for review, and whether the supervisor the queue was
   * read for has opened it since (only then may it be approved in bulk). `review_reasons` says
   * why it was drawn and the score's parts (translated); NULL when not drawn. */
  gboolean   review_sampled;
  gboolean   review_opened;
  guint      risk_score;     /* 0–100; 0 also for a decision proposed before scoring */
  char      *review_reasons;
} CdApprovalItem;

void cd_approval_item_free (CdApprovalItem *item);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdApprovalItem, cd_approval_item_free)

/* The claims waiting for `supervisor_id`'s approval, oldest proposal first (CdApprovalItem). With
 * `supervisor_id` 0 (nobody signed in) every proposed claim, for a read-only view. */
GPtrArray *cd_approval_list_waiting        (CdDatabase           *db,
                                            gint64                supervisor_id,
                                            GError              **error);
/* The same on a reader of its own, opened on `db_path` in a worker thread. */
void       cd_approval_list_waiting_async  (const char           *db_path,
                                            gint64                supervisor_id,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
GPtrArray *cd_approval_list_waiting_finish (GAsyncResult         *result,
                                            GError              **error);

/* The claim view shows `claim_number` to `session`: if its proposal is drawn for review and the
 * session is a supervisor's or the office head's, records that this user opened it
 * (decision_reviews) with an audit entry "review.open", once. Anything else records nothing and
 * succeeds. `recorded` (may be NULL) says whether this call recorded it. */
gboolean   cd_approval_mark_reviewed        (CdDatabase           *db,
                                             CdSession            *session,
                                             const char           *claim_number,
                                             gboolean             *recorded,
                                             GError              **error);
/* The same as a job on the shared writer. */
void       cd_approval_mark_reviewed_async  (CdDatabase           *writer,
                                             CdSession            *session,
                                             const char           *claim_number,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gboolean   cd_approval_mark_reviewed_finish (GAsyncResult         *result,
                                             gboolean             *recorded,
                                             GError              **error);

typedef enum
{
  CD_APPROVAL_ACTION_APPROVE,
  CD_APPROVAL_ACTION_RETURN,
} CdApprovalAction;

typedef enum
{
  CD_APPROVAL_OUTCOME_APPROVED,      /* final: frozen and queued in the outbox */
  CD_APPROVAL_OUTCOME_NEEDS_SECOND,  /* above the threshold: approved once, a second must follow */
  CD_APPROVAL_OUTCOME_RETURNED,      /* sent back to the officer with the comment */
  CD_APPROVAL_OUTCOME_REFUSED,       /* the workflow refused; `message` says why */
  CD_APPROVAL_OUTCOME_NOT_RUN,       /* cancelled before this claim was reached */
} CdApprovalOutcome;

typedef struct
{
  char              *claim_number;
  CdApprovalOutcome  outcome;
  GQuark             domain;   /* of the refusal, or 0 */
  int                code;
  char              *message;  /* the refusal's message, or NULL */
} CdApprovalResult;

void cd_approval_result_free (CdApprovalResult *result);

/* Called after each claim, with how many are done out of how many. */
typedef void (*CdApprovalProgressFunc) (guint     done,
                                        guint     total,
                                        gpointer  user_data);

/* Runs `action` on each claim in turn on `db`, in the calling thread; checks `cancellable` before
 * each claim. Returns the results (CdApprovalResult), one per claim number, in order. `comment` is
 * required to return. */
GPtrArray *cd_approval_run_sync (CdDatabase             *db,
                                 CdSession              *session,
                                 CdApprovalAction        action,
                                 const char * const     *claim_numbers,
                                 const char             *comment,
                                 GCancellable           *cancellable,
                                 CdApprovalProgressFunc  progress,
                                 gpointer                progress_data);

/* The same as one job on the shared writer `db` (cd_database_run_in_thread), for the UI: it never
 * runs beside another writer's transaction there, and waits while another job holds the
 * connection. */
#define CD_TYPE_APPROVAL_RUN (cd_approval_run_get_type ())
G_DECLARE_FINAL_TYPE (CdApprovalRun, cd_approval_run, CD, APPROVAL_RUN, GObject)

/* "progress" (guint done, guint total) is emitted on the thread-default main context of
 * cd_approval_run_start's caller; the worker waits until it has been delivered, so a handler that
 * stops the run stops it before the next claim. Once the start's cancellable is cancelled no more
 * progress is emitted. */
CdApprovalRun *cd_approval_run_new    (CdDatabase             *db,
                                       CdSession              *session,
                                       CdApprovalAction        action,
                                       const char * const     *claim_numbers,
                                       const char             *comment);
guint          cd_approval_run_get_total (CdApprovalRun       *self);
/* Starts the run once. A locked session is refused at once, on the caller's thread. Cancelling
 * `cancellable` abandons the run: it stops before the next claim (those done stay done) and
 * _finish fails with G_IO_ERROR_CANCELLED; cancelled before the run starts, it does nothing. */
void           cd_approval_run_start  (CdApprovalRun          *self,
                                       GCancellable           *cancellable,
                                       GAsyncReadyCallback     callback,
                                       gpointer                user_data);
/* Stops the run before its next claim, from any thread (the UI's Cancel): _finish then returns
 * what was done, the claims not reached CD_APPROVAL_OUTCOME_NOT_RUN. */
void           cd_approval_run_stop   (CdApprovalRun          *self);
/* The results (CdApprovalResult), one per claim number in order; NULL if the run was refused or
 * abandoned. */
GPtrArray     *cd_approval_run_finish (CdApprovalRun          *self,
                                       GAsyncResult           *result,
                                       GError                **error);

G_END_DECLS
