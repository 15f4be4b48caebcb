/* cd-users-async.c — signing in and making the first administrator off the main loop.
 *
 * Argon2id takes a good part of a second on purpose; the workstation's main loop never waits for
 * it. The bootstrap check reads through a reader connection of its own. Sign-in writes (it counts
 * wrong passwords, cd-lockout.h), as do making the first administrator and changing a password,
 * so they run on the shared writer with the other writes; sign-in is rare enough that the writer
 * waiting one Argon2id for it costs nothing. The passwords are wiped from the job's memory when
 * the job is done.
 */
#include "config.h"

#include <string.h>

#include "cd-users.h"

typedef struct
{
  char      *db_path;
  char      *login;
  char      *full_name;
  char      *password;
  char      *current;   /* a change of password: the one it replaces */
  GDateTime *now;
  CdSession *session;
} UsersJob;

static void
wipe (char *secret)
{
  if (secret == NULL)
    return;
  memset (secret, 0, strlen (secret));
  g_free (secret);
}

static void
users_job_free (UsersJob *job)
{
  g_free (job->db_path);
  g_free (job->login);
  g_free (job->full_name);
  wipe (job->password);
  wipe (job->current);
  g_clear_pointer (&job->now, g_date_time_unref);
  g_clear_object (&job->session);
  g_free (job);
}

static GTask *
users_task_new (gpointer             source_tag,
                const char          *db_path,
                const char          *login,
                const char          *full_name,
                const char          *password,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  UsersJob *job = g_new0 (UsersJob, 1);

  job->db_path = g_strdup (db_path);
  job->login = g_strdup (login);
  job->full_name = g_strdup (full_name);
  job->password = g_strdup (password);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, job, (GDestroyNotify) users_job_free);
  return task;
}

static void
return_session (GTask     *task,
                CdSession *session,
                GError    *error)
{
  if (session == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, session, g_object_unref);
}

/* ---- sign-in -------------------------------------------------------------------------------- */

static void
sign_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  UsersJob *job = task_data;
  GError *error = NULL;
  CdSession *session = cd_users_sign_in_at (source_object, job->login, job->password, job->now,
                                            &error);

  return_session (task, session, error);
}

void
cd_users_sign_in_async (CdDatabase          *writer,
                        CdClock             *clock,
                        const char          *login,
                        const char          *password,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  UsersJob *job;

  g_return_if_fail (CD_IS_DATABASE (writer) && CD_IS_CLOCK (clock));
  g_return_if_fail (login != NULL && password != NULL);

  task = g_task_new (writer, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_users_sign_in_async);
  job = g_new0 (UsersJob, 1);
  job->login = g_strdup (login);
  job->password = g_strdup (password);
  /* The moment the user pressed the button, not the one the writer got to it. */
  job->now = cd_clock_get_now (clock);
  g_task_set_task_data (task, job, (GDestroyNotify) users_job_free);
  cd_database_run_in_thread (writer, task, sign_in_thread);
}

CdSession *
cd_users_sign_in_finish (CdDatabase    *writer,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, writer), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- a new password, chosen by its owner ---------------------------------------------------- */

static void
change_own_password_thread (GTask        *task,
                            gpointer      source_object,
                            gpointer      task_data,
                            GCancellable *cancellable)
{
  UsersJob *job = task_data;
  GError *error = NULL;

  if (cd_users_change_own_password (source_object, job->session, job->current, job->password,
                                    &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
cd_users_change_own_password_async (CdDatabase          *writer,
                                    CdSession           *session,
                                    const char          *current,
                                    const char          *password,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  UsersJob *job;

  g_return_if_fail (CD_IS_DATABASE (writer) && CD_IS_SESSION (session));
  g_return_if_fail (current != NULL && password != NULL);

  task = g_task_new (writer, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_users_change_own_password_async);
  job = g_new0 (UsersJob, 1);
  job->session = g_object_ref (session);
  job->current = g_strdup (current);
  job->password = g_strdup (password);
  g_task_set_task_data (task, job, (GDestroyNotify) users_job_free);
  cd_database_run_in_thread (writer, task, change_own_password_thread);
}

gboolean
cd_users_change_own_password_finish (CdDatabase    *writer,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, writer), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- does the store need its first administrator? ------------------------------------------ */

static void
needs_bootstrap_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  UsersJob *job = task_data;
  GError *error = NULL;
  g_autoptr(CdDatabase) reader = cd_database_open_reader (job->db_path, &error);
  gboolean needs = FALSE;

  if (reader != NULL)
    needs = cd_users_needs_bootstrap (reader, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, needs);
}

void
cd_users_needs_bootstrap_async (const char          *db_path,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (db_path != NULL);

  task = users_task_new (cd_users_needs_bootstrap_async, db_path, NULL, NULL, NULL, cancellable,
                         callback, user_data);
  g_task_run_in_thread (task, needs_bootstrap_thread);
}

gboolean
cd_users_needs_bootstrap_finish (GAsyncResult  *result,
                                 gboolean      *needs,
                                 GError       **error)
{
  GError *local_error = NULL;
  gssize value;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  value = g_task_propagate_int (G_TASK (result), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  *needs = value != 0;
  return TRUE;
}

/* ---- the first administrator ---------------------------------------------------------------- */

static void
bootstrap_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  CdDatabase *writer = source_object;
  UsersJob *job = task_data;
  GError *error = NULL;
  CdSession *session = NULL;

  if (cd_users_bootstrap_admin (writer, job->login, job->full_name, job->password, &error) > 0)
    session = cd_users_sign_in (writer, job->login, job->password, &error);
  return_session (task, session, error);
}

void
cd_users_bootstrap_admin_async (CdDatabase          *writer,
                                const char          *login,
                                const char          *full_name,
                                const char          *password,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  UsersJob *job;

  g_return_if_fail (CD_IS_DATABASE (writer));
  g_return_if_fail (login != NULL && full_name != NULL && password != NULL);

  task = g_task_new (writer, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_users_bootstrap_admin_async);
  job = g_new0 (UsersJob, 1);
  job->login = g_strdup (login);
  job->full_name = g_strdup (full_name);
  job->password = g_strdup (password);
  g_task_set_task_data (task, job, (GDestroyNotify) users_job_free);
  cd_database_run_in_thread (writer, task, bootstrap_thread);
}

CdSession *
cd_users_bootstrap_admin_finish (CdDatabase    *writer,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, writer), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
