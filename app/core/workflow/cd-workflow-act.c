/* cd-workflow-act.c — one entry point for what a signed-in user does to a claim, blocking or on
 * the shared writer. */
#include "config.h"

#include "cd-workflow.h"

gboolean
cd_workflow_is_session_action (CdWorkflowAction action)
{
  switch (action)
    {
    case CD_WORKFLOW_ACTION_COMPLETE_EVIDENCE:
    case CD_WORKFLOW_ACTION_PROPOSE:
    case CD_WORKFLOW_ACTION_APPROVE:
    case CD_WORKFLOW_ACTION_RETURN:
    case CD_WORKFLOW_ACTION_REJECT:
    case CD_WORKFLOW_ACTION_REOPEN:
    case CD_WORKFLOW_ACTION_AMEND:
      return TRUE;

    /* Evaluating takes facts and a result, not one text; opening has no claim yet; the rest are
     * the approval's own step or the sync worker's. */
    case CD_WORKFLOW_ACTION_EVALUATE:
    case CD_WORKFLOW_ACTION_QUEUE:
    case CD_WORKFLOW_ACTION_MARK_SYNCED:
    case CD_WORKFLOW_ACTION_REFUSE_BY_CENTRAL:
    case CD_WORKFLOW_ACTION_OPEN:
    case CD_N_WORKFLOW_ACTIONS:
    default:
      return FALSE;
    }
}

gboolean
cd_workflow_act (CdDatabase          *db,
                 CdSession           *session,
                 const char          *claim_number,
                 CdWorkflowAction     action,
                 const char          *text,
                 CdWorkflowApproval  *outcome,
                 GError             **error)
{
  CdWorkflowApproval approval = CD_WORKFLOW_APPROVAL_FINAL;
  gboolean ok;

  g_return_val_if_fail (CD_IS_DATABASE (db) && CD_IS_SESSION (session), FALSE);
  g_return_val_if_fail (claim_number != NULL, FALSE);
  g_return_val_if_fail (cd_workflow_is_session_action (action), FALSE);

  switch (action)
    {
    case CD_WORKFLOW_ACTION_COMPLETE_EVIDENCE:
      ok = cd_workflow_complete_evidence (db, session, claim_number, error);
      break;

    case CD_WORKFLOW_ACTION_PROPOSE:
      ok = cd_workflow_propose (db, session, claim_number, text, error);
      break;

    case CD_WORKFLOW_ACTION_APPROVE:
      ok = cd_workflow_approve (db, session, claim_number, &approval, error);
      break;

    case CD_WORKFLOW_ACTION_RETURN:
      ok = cd_workflow_return (db, session, claim_number, text, error);
      break;

    case CD_WORKFLOW_ACTION_REJECT:
      ok = cd_workflow_reject (db, session, claim_number, text, error);
      break;

    case CD_WORKFLOW_ACTION_REOPEN:
      ok = cd_workflow_reopen (db, session, claim_number, error);
      break;

    case CD_WORKFLOW_ACTION_AMEND:
      ok = cd_workflow_amend (db, session, claim_number, text, error);
      break;

    case CD_WORKFLOW_ACTION_EVALUATE:
    case CD_WORKFLOW_ACTION_QUEUE:
    case CD_WORKFLOW_ACTION_MARK_SYNCED:
    case CD_WORKFLOW_ACTION_REFUSE_BY_CENTRAL:
    case CD_WORKFLOW_ACTION_OPEN:
    case CD_N_WORKFLOW_ACTIONS:
    default:
      g_assert_not_reached ();
    }
  if (ok && outcome != NULL)
    *outcome = approval;
  return ok;
}

typedef struct
{
  CdDatabase         *db;
  CdSession          *session;
  char               *number;
  CdWorkflowAction    action;
  char               *text;
  CdWorkflowApproval  outcome;  /* out */
} ActJob;

static void
act_job_free (ActJob *job)
{
  g_object_unref (job->db);
  g_object_unref (job->session);
  g_free (job->number);
  g_free (job->text);
  g_free (job);
}

static void
act_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  ActJob *job = task_data;
  GError *error = NULL;

  if (cd_workflow_act (job->db, job->session, job->number, job->action, job->text, &job->outcome,
                       &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
cd_workflow_act_async (CdDatabase          *db,
                       CdSession           *session,
                       const char          *claim_number,
                       CdWorkflowAction     action,
                       const char          *text,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  ActJob *job;

  g_return_if_fail (CD_IS_DATABASE (db) && CD_IS_SESSION (session));
  g_return_if_fail (claim_number != NULL);
  g_return_if_fail (cd_workflow_is_session_action (action));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_workflow_act_async);
  /* Where the session locks, its notify::locked is emitted: here, on the caller's thread. The
   * worker's own check then only records the activity. */
  if (!cd_session_begin_action (session, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  job = g_new0 (ActJob, 1);
  job->db = g_object_ref (db);
  job->session = g_object_ref (session);
  job->number = g_strdup (claim_number);
  job->action = action;
  job->text = g_strdup (text);
  job->outcome = CD_WORKFLOW_APPROVAL_FINAL;
  g_task_set_task_data (task, job, (GDestroyNotify) act_job_free);
  cd_database_run_in_thread (db, task, act_thread);
}

gboolean
cd_workflow_act_finish (GAsyncResult        *result,
                        CdWorkflowApproval  *outcome,
                        GError             **error)
{
  ActJob *job;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cd_workflow_act_async, FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  job = g_task_get_task_data (G_TASK (result));
  if (outcome != NULL)
    *outcome = job->outcome;
  return TRUE;
}
