/* cd-workflow-private.h — what cd-workflow.c (the table and the frame of every action) shares with
 * cd-workflow-actions.c (the actions). Not installed, not for other modules. */
#pragma once

#include "cd-statement.h"
#include "cd-workflow.h"

G_BEGIN_DECLS

/* The status of a claim being opened: it has none yet, and its audit entry no "before". */
#define CD_WORKFLOW_NO_STATUS ((CdClaimStatus) CD_N_CLAIM_STATUSES)

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
} CdWorkflowClaim;

/* The frame every action shares (cd_workflow_run): a live session, one transaction, the claim read
 * inside it (none for CD_WORKFLOW_ACTION_OPEN: `body` makes it), the transition checked; then
 * `body` does the action's own writes. */
typedef gboolean (*CdWorkflowActionBody) (CdDatabase                 *db,
                                CdSession                  *session,
                                const CdWorkflowClaim      *claim,
                                const CdWorkflowTransition *t,
                                const char                 *text,
                                const char                 *at,
                                gpointer                    data,
                                GError                    **error);

gboolean  cd_workflow_run          (CdDatabase                 *database,
                                    CdSession                  *session,
                                    const char                 *number,
                                    CdWorkflowAction            action,
                                    const char                 *text,
                                    CdWorkflowActionBody        body,
                                    gpointer                    data,
                                    GError                    **error);
/* A call on its own opens BEGIN IMMEDIATE (the write lock at once, so the status read is the one
 * changed); inside the caller's transaction (the sync worker) it is a savepoint. */
typedef struct
{
  CdDatabase *db;
  gboolean    nested;
  gboolean    open;
} CdWorkflowTx;

gboolean  cd_workflow_tx_begin     (CdWorkflowTx               *tx,
                                    CdDatabase                 *db,
                                    const char                 *number,
                                    GError                    **error);
gboolean  cd_workflow_tx_commit    (CdWorkflowTx               *tx,
                                    const char                 *number,
                                    GError                    **error);
/* Rolls back what is still open; nothing after a commit. */
void      cd_workflow_tx_end       (CdWorkflowTx               *tx);
/* CD_WORKFLOW_ERROR_FAILED for claim `number`, with the store's words (`cause`). */
gboolean  cd_workflow_db_failed    (GError                    **error,
                                    const GError               *cause,
                                    const char                 *number);
/* A statement of an action on claim `number`, failures reported as cd_workflow_db_failed does.
 * Cached: the sync run marks thousands of claims in a row, and preparing an UPDATE of claims
 * takes longer than running it. */
CdStatement *cd_workflow_prepare   (CdDatabase                 *db,
                                    const char                 *number,
                                    const char                 *sql,
                                    GError                    **error);
CdStep    cd_workflow_step         (CdStatement                *stmt,
                                    const char                 *number,
                                    GError                    **error);
/* Runs a write; FALSE (and the error) if it failed. */
gboolean  cd_workflow_run_statement (CdStatement               *stmt,
                                     const char                *number,
                                     GError                   **error);
gboolean  cd_workflow_set_status   (CdDatabase                 *db,
                                    const CdWorkflowClaim      *claim,
                                    CdClaimStatus               to,
                                    const char                 *note,
                                    const char                 *at,
                                    GError                    **error);
/* claims.amount, set by an evaluation and again by the proposal made on it. */
gboolean  cd_workflow_set_amount   (CdDatabase                 *db,
                                    const CdWorkflowClaim      *claim,
                                    gint64                      amount,
                                    GError                    **error);
/* The claim's audit entry: before its status (null when CD_WORKFLOW_NO_STATUS), after the new one
 * and one named extra. */
gboolean  cd_workflow_audit        (CdDatabase                 *db,
                                    CdSession                  *session,
                                    const CdWorkflowClaim      *claim,
                                    CdWorkflowAction            action,
                                    CdClaimStatus               to,
                                    const char                 *extra_name,
                                    const char                 *extra_value,
                                    const char                 *at,
                                    GError                    **error);

G_END_DECLS
