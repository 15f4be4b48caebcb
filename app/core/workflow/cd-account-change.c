/* cd-account-change.c — an administrator's change to an account, on the writer. */
#include "config.h"

#include <string.h>

#include "cd-account-change.h"

CdAccountChange *
cd_account_change_new (CdAccountChangeKind  kind,
                       const char          *login)
{
  CdAccountChange *change = g_new0 (CdAccountChange, 1);

  g_return_val_if_fail (login != NULL, NULL);

  change->kind = kind;
  change->login = g_strdup (login);
  change->role = CD_ROLE_OFFICER;
  return change;
}

static CdAccountChange *
copy_change (const CdAccountChange *change)
{
  CdAccountChange *copy = cd_account_change_new (change->kind, change->login);

  copy->full_name = g_strdup (change->full_name);
  copy->role = change->role;
  copy->password = g_strdup (change->password);
  return copy;
}

void
cd_account_change_free (CdAccountChange *change)
{
  if (change == NULL)
    return;
  if (change->password != NULL)
    memset (change->password, 0, strlen (change->password));
  g_free (change->password);
  g_free (change->login);
  g_free (change->full_name);
  g_free (change);
}

gboolean
cd_account_change_apply (CdDatabase             *db,
                         CdSession              *admin,
                         const CdAccountChange  *change,
                         GError                **error)
{
  g_return_val_if_fail (CD_IS_DATABASE (db) && CD_IS_SESSION (admin), FALSE);
  g_return_val_if_fail (change != NULL, FALSE);

  switch (change->kind)
    {
    case CD_ACCOUNT_CHANGE_ADD:
      g_return_val_if_fail (change->full_name != NULL && change->password != NULL, FALSE);
      return cd_users_add (db, admin, change->login, change->full_name, change->role,
                           change->password, CD_PASSWORD_ONE_TIME, error) > 0;
    case CD_ACCOUNT_CHANGE_RESET_PASSWORD:
      g_return_val_if_fail (change->password != NULL, FALSE);
      return cd_users_set_password (db, admin, change->login, change->password,
                                    CD_PASSWORD_ONE_TIME, error);
    case CD_ACCOUNT_CHANGE_DEACTIVATE:
      return cd_users_set_active (db, admin, change->login, FALSE, error);
    case CD_ACCOUNT_CHANGE_REACTIVATE:
      return cd_users_set_active (db, admin, change->login, TRUE, error);
    case CD_ACCOUNT_CHANGE_SET_ROLE:
      return cd_users_set_role (db, admin, change->login, change->role, error);
    case CD_ACCOUNT_CHANGE_LIFT_LOCKOUT:
      return cd_users_lift_lockout (db, admin, change->login, error);
    default:
      g_return_val_if_reached (FALSE);
    }
}

/* ---- off the main loop ---------------------------------------------------------------------- */

typedef struct
{
  CdSession       *admin;
  CdAccountChange *change;
} ChangeJob;

static void
change_job_free (ChangeJob *job)
{
  g_clear_object (&job->admin);
  cd_account_change_free (job->change);
  g_free (job);
}

static void
apply_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  ChangeJob *job = task_data;
  GError *error = NULL;

  if (cd_account_change_apply (source_object, job->admin, job->change, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
cd_account_change_apply_async (CdDatabase             *writer,
                               CdSession              *admin,
                               const CdAccountChange  *change,
                               GCancellable           *cancellable,
                               GAsyncReadyCallback     callback,
                               gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  ChangeJob *job;

  g_return_if_fail (CD_IS_DATABASE (writer) && CD_IS_SESSION (admin) && change != NULL);

  task = g_task_new (writer, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_account_change_apply_async);
  job = g_new0 (ChangeJob, 1);
  job->admin = g_object_ref (admin);
  job->change = copy_change (change);
  g_task_set_task_data (task, job, (GDestroyNotify) change_job_free);
  cd_database_run_in_thread (writer, task, apply_thread);
}

gboolean
cd_account_change_apply_finish (CdDatabase    *writer,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, writer), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
list_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *users = cd_users_list (source_object, &error);

  if (users == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, users, (GDestroyNotify) g_ptr_array_unref);
}

void
cd_users_list_async (CdDatabase          *writer,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CD_IS_DATABASE (writer));

  task = g_task_new (writer, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_users_list_async);
  cd_database_run_in_thread (writer, task, list_thread);
}

GPtrArray *
cd_users_list_finish (CdDatabase    *writer,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, writer), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
