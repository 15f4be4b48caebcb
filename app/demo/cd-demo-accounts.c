/* cd-demo-accounts.c — known passwords for a few sample accounts, in demo mode only. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cd-demo-accounts.h"

/* The first officer, the first two supervisors (the seed's order) and the office head that
 * cannot sign in yet. */
static GPtrArray *
demo_logins (CdDatabase  *db,
             GError     **error)
{
  g_autoptr(GPtrArray) users = cd_users_list (db, error);
  g_autoptr(GPtrArray) logins = g_ptr_array_new_with_free_func (g_free);
  guint officers = 0, supervisors = 0, heads = 0;

  if (users == NULL)
    return NULL;
  /* cd_users_list sorts by login, which for the seed (cb01…, gs01…) is also its order. */
  for (guint i = 0; i < users->len; i++)
    {
      CdUser *user = g_ptr_array_index (users, i);

      gboolean wanted;

      if (!user->active)
        continue;
      if (user->role == CD_ROLE_OFFICER)
        wanted = officers++ < 1;
      else if (user->role == CD_ROLE_SUPERVISOR)
        wanted = supervisors++ < 2;
      else if (user->role == CD_ROLE_HEAD)
        wanted = heads++ < 1;
      else
        wanted = FALSE;
      if (wanted && !user->can_sign_in)
        g_ptr_array_add (logins, g_strdup (user->login));
    }
  return g_steal_pointer (&logins);
}

gboolean
cd_demo_accounts_ensure (CdDatabase  *db,
                         GError     **error)
{
  /* The demo's start-up and its screenshots may both ask at once, from two threads. */
  static GMutex lock;
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&lock);
  g_autoptr(CdSession) admin = NULL;
  g_autoptr(GPtrArray) logins = NULL;
  GError *local = NULL;

  g_return_val_if_fail (CD_IS_DATABASE (db), FALSE);

  /* Each step is its own transaction, so a store left half done (a kill, a busy file) is finished
   * next time: what is decided is which demo accounts still cannot sign in. */
  if (cd_users_needs_bootstrap (db, &local))
    {
      if (cd_users_bootstrap_admin (db, CD_DEMO_ADMIN_LOGIN, _("Demo Administrator"),
                                    CD_DEMO_PASSWORD, error) == 0)
        return FALSE;
    }
  else if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  logins = demo_logins (db, error);
  if (logins == NULL)
    return FALSE;
  if (logins->len == 0)
    return TRUE;
  /* A store someone set up with their own administrator is left alone. */
  admin = cd_users_sign_in (db, CD_DEMO_ADMIN_LOGIN, CD_DEMO_PASSWORD, NULL);
  if (admin == NULL)
    return TRUE;
  for (guint i = 0; i < logins->len; i++)
    if (!cd_users_set_password (db, admin, g_ptr_array_index (logins, i), CD_DEMO_PASSWORD,
                                CD_PASSWORD_KEEP, error))
      return FALSE;
  return TRUE;
}

CdSession *
cd_demo_accounts_sign_in (const char  *db_path,
                          const char  *login,
                          GError     **error)
{
  g_autoptr(CdDatabase) db = NULL;

  g_return_val_if_fail (db_path != NULL && login != NULL, NULL);

  db = cd_database_open_unchecked (db_path, error);
  if (db == NULL || !cd_demo_accounts_ensure (db, error))
    return NULL;
  return cd_users_sign_in (db, login, CD_DEMO_PASSWORD, error);
}

static void
sign_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  char **args = task_data;  /* { db_path, login, NULL } */
  GError *error = NULL;
  CdSession *session = cd_demo_accounts_sign_in (args[0], args[1], &error);

  if (session == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, session, g_object_unref);
}

void
cd_demo_accounts_sign_in_async (const char          *db_path,
                                const char          *login,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  char *args[] = { (char *) db_path, (char *) login, NULL };

  g_return_if_fail (db_path != NULL && login != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_demo_accounts_sign_in_async);
  g_task_set_task_data (task, g_strdupv (args), (GDestroyNotify) g_strfreev);
  g_task_run_in_thread (task, sign_in_thread);
}

CdSession *
cd_demo_accounts_sign_in_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
