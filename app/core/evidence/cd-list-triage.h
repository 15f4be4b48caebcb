/* cd-list-triage.h — what an officer does with the worked rows of an employer's list.
 *
 * Each action is one transaction on the row and its claim, through the normal workflow, audited:
 *
 *   accept   a `ready` row (or a `findings` row the officer has looked at): the claim's evaluation
 *            is proposed as it stands (cd_workflow_propose); the row becomes `accepted`;
 *   refuse   with a written reason citing the article: the claim's evaluation is recorded again as
 *            a refusal (not eligible, nothing paid, the officer's reason first among the reasons)
 *            and proposed; the row becomes `refused`. A supervisor approves the refusal like any
 *            decision; the decision list prints the reason;
 *   return   to the employer, with a reason (a row that needs the employer's correction): the row
 *            becomes `returned`, its claim stays where it is (nothing is proposed).
 *
 * The row's reason, who decided it and when are kept on the row. A row already accepted, refused
 * or returned is not acted on again (CD_LIST_TRIAGE_ERROR_STATE); neither is one not yet worked.
 * The bulk accept takes every `ready` row, one transaction each, and counts those the workflow
 * refused. A supervisor approves a list's proposals with CdApprovalRun over
 * cd_list_triage_dup_proposed (bulk approval of a list).
 */
#pragma once

#include "cd-database.h"
#include "cd-users.h"

G_BEGIN_DECLS

#define CD_LIST_TRIAGE_ERROR (cd_list_triage_error_quark ())

typedef enum
{
  CD_LIST_TRIAGE_ERROR_NOT_FOUND,   /* no such list or row */
  CD_LIST_TRIAGE_ERROR_STATE,       /* the row is not in a state the action takes */
  CD_LIST_TRIAGE_ERROR_REASON,      /* refuse / return without a written reason */
} CdListTriageError;

GQuark cd_list_triage_error_quark (void);

typedef enum
{
  CD_LIST_TRIAGE_ACCEPT,
  CD_LIST_TRIAGE_REFUSE,
  CD_LIST_TRIAGE_RETURN,
} CdListTriageAction;

/* One row: `part` and `position` name it within the list. `reason` is required to refuse or
 * return, ignored to accept. */
gboolean cd_list_triage_act          (CdDatabase          *db,
                                      CdSession           *session,
                                      gint64               list_id,
                                      int                  part,
                                      guint                position,
                                      CdListTriageAction   action,
                                      const char          *reason,
                                      GError             **error);

/* Accepts every `ready` row of the list, each in its own transaction. *out_accepted and
 * *out_refused (may be NULL) count the rows accepted and those the workflow refused (left as
 * they were). FALSE only when the store fails. */
gboolean cd_list_triage_accept_ready (CdDatabase          *db,
                                      CdSession           *session,
                                      gint64               list_id,
                                      guint               *out_accepted,
                                      guint               *out_refused,
                                      GError             **error);

/* The same two as jobs on the shared writer `db` (cd_database_run_in_thread). For one row,
 * `positions` holds one position of `part`; for the bulk accept pass action ACCEPT and
 * `positions` NULL (every ready row). The result's counts come back through _finish. */
void     cd_list_triage_act_async    (CdDatabase          *db,
                                      CdSession           *session,
                                      gint64               list_id,
                                      int                  part,
                                      GArray              *positions,
                                      CdListTriageAction   action,
                                      const char          *reason,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
gboolean cd_list_triage_act_finish   (GAsyncResult        *result,
                                      guint               *out_done,
                                      guint               *out_refused,
                                      GError             **error);

/* The claim numbers of the list's rows whose claims wait for a supervisor (status proposed), in
 * row order: a NULL-terminated array, empty when none. */
GStrv    cd_list_triage_dup_proposed (CdDatabase          *db,
                                      gint64               list_id,
                                      GError             **error);

G_END_DECLS
