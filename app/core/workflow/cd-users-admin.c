/* cd-users-admin.c — what an administrator changes about an account: whether it is active, its
 * role, a lockout to lift.
 *
 * Each change is one transaction that reads the account, checks the change is allowed, writes the
 * account's new state and appends its before and after to the audit log. An account is never
 * deleted (a trigger refuses it): deactivated, it cannot sign in and the log still names it.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cd-users-private.h"

typedef struct
{
  const char *what;    /* for "… may not %s", translated */
  const char *action;  /* the audit action */
  /* Refuses a change that is not allowed (inside the transaction); may be NULL. */
  gboolean  (*check) (CdDatabase    *db,
                      CdSession     *admin,
                      const CdUser  *user,
                      gconstpointer  value,
                      GError       **error);
  void      (*apply) (CdUser        *user,
                      gconstpointer  value);
} AccountChange;

/* Whether another active administrator who can sign in remains besides `user`. */
static gboolean
another_admin_remains (CdDatabase    *db,
                       const CdUser  *user,
                       gboolean      *remains,
                       GError       **error)
{
  g_autoptr(CdStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;

  stmt = cd_database_prepare (db,
                              "SELECT count(*) FROM users WHERE role = 'admin' AND active = 1"
                              " AND password_hash IS NOT NULL AND id <> ?",
                              &local_error);
  if (stmt != NULL)
    {
      cd_statement_bind_int64 (stmt, 1, user->id);
      if (cd_statement_step (stmt, &local_error) == CD_STEP_ROW)
        *remains = cd_statement_get_int64 (stmt, 0) > 0;
    }
  if (local_error != NULL)
    {
      cd_users_set_query_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

/* Nobody changes their own standing, and an office always keeps an administrator. */
static gboolean
check_standing (CdDatabase    *db,
                CdSession     *admin,
                const CdUser  *user,
                gboolean       stays_admin,
                GError       **error)
{
  gboolean remains = FALSE;

  if (user->id == cd_session_get_user_id (admin))
    {
      g_set_error (error, CD_USERS_ERROR, CD_USERS_ERROR_NOT_ALLOWED,
                   _("Nobody can deactivate their own account or change its role; ask another "
                     "administrator."));
      return FALSE;
    }
  if (user->role != CD_ROLE_ADMIN || !user->active || stays_admin)
    return TRUE;
  if (!another_admin_remains (db, user, &remains, error))
    return FALSE;
  if (!remains)
    {
      g_set_error (error, CD_USERS_ERROR, CD_USERS_ERROR_NOT_ALLOWED,
                   _("%s is the last administrator who can sign in; make another one first."),
                   user->login);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_active (CdDatabase    *db,
              CdSession     *admin,
              const CdUser  *user,
              gconstpointer  value,
              GError       **error)
{
  gboolean active = *(const gboolean *) value;

  return check_standing (db, admin, user, active, error);
}

static void
apply_active (CdUser        *user,
              gconstpointer  value)
{
  user->active = *(const gboolean *) value;
}

static gboolean
check_role (CdDatabase    *db,
            CdSession     *admin,
            const CdUser  *user,
            gconstpointer  value,
            GError       **error)
{
  CdRole role = *(const CdRole *) value;

  return check_standing (db, admin, user, role == CD_ROLE_ADMIN, error);
}

static void
apply_role (CdUser        *user,
            gconstpointer  value)
{
  user->role = *(const CdRole *) value;
}

static void
apply_lift (CdUser        *user,
            gconstpointer  value)
{
  user->failed_sign_ins = 0;
  g_clear_pointer (&user->locked_until, g_free);
}

static gboolean
write_state (CdDatabase    *db,
             const CdUser  *user,
             GError       **error)
{
  g_autoptr(CdStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;

  stmt = cd_database_prepare (db,
                              "UPDATE users SET role = ?, active = ?, failed_sign_ins = ?,"
                              " locked_until = ? WHERE id = ?",
                              &local_error);
  if (stmt != NULL)
    {
      cd_statement_bind_text (stmt, 1, cd_role_to_string (user->role));
      cd_statement_bind_int64 (stmt, 2, user->active);
      cd_statement_bind_int64 (stmt, 3, user->failed_sign_ins);
      if (user->locked_until != NULL)
        cd_statement_bind_text (stmt, 4, user->locked_until);
      else
        cd_statement_bind_null (stmt, 4);
      cd_statement_bind_int64 (stmt, 5, user->id);
    }
  if (stmt == NULL || !cd_statement_run (stmt, &local_error))
    {
      cd_users_set_change_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
change_account (CdDatabase           *db,
                CdSession            *admin,
                const char           *login,
                const AccountChange  *change,
                gconstpointer         value,
                GError              **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(CdUser) user = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_return_val_if_fail (CD_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (CD_IS_SESSION (admin), FALSE);
  g_return_val_if_fail (login != NULL, FALSE);

  if (!cd_session_require_role (admin, CD_ROLE_BIT (CD_ROLE_ADMIN), _(change->what), error))
    return FALSE;
  if (!cd_database_begin_immediate (db, &local_error))
    {
      cd_users_set_change_error (error, local_error);
      return FALSE;
    }
  user = cd_users_lookup (db, login, error);
  if (user == NULL || (change->check != NULL && !change->check (db, admin, user, value, error)))
    goto fail;
  before = cd_users_state_json (user);
  change->apply (user, value);
  after = cd_users_state_json (user);
  /* Nothing changed: nothing to write or log. */
  if (g_strcmp0 (before, after) == 0)
    {
      cd_database_rollback (db);
      return TRUE;
    }
  if (!write_state (db, user, error)
      || !cd_users_audit (db, cd_session_get_user_id (admin), change->action, user->id, before,
                          after, error))
    goto fail;
  if (!cd_database_commit (db, &local_error))
    {
      cd_users_set_change_error (error, local_error);
      goto fail;
    }
  return TRUE;

fail:
  cd_database_rollback (db);
  return FALSE;
}

gboolean
cd_users_set_active (CdDatabase  *db,
                     CdSession   *admin,
                     const char  *login,
                     gboolean     active,
                     GError     **error)
{
  static const AccountChange deactivate = {
    N_("deactivate accounts"), "user.deactivate", check_active, apply_active
  };
  static const AccountChange reactivate = {
    N_("reactivate accounts"), "user.reactivate", check_active, apply_active
  };

  active = !!active;
  return change_account (db, admin, login, active ? &reactivate : &deactivate, &active, error);
}

gboolean
cd_users_set_role (CdDatabase  *db,
                   CdSession   *admin,
                   const char  *login,
                   CdRole       role,
                   GError     **error)
{
  static const AccountChange change = {
    N_("change roles"), "user.role", check_role, apply_role
  };

  g_return_val_if_fail ((guint) role <= CD_ROLE_LAST, FALSE);
  return change_account (db, admin, login, &change, &role, error);
}

gboolean
cd_users_lift_lockout (CdDatabase  *db,
                       CdSession   *admin,
                       const char  *login,
                       GError     **error)
{
  static const AccountChange change = {
    N_("lift lockouts"), "user.lockout_lifted", NULL, apply_lift
  };

  return change_account (db, admin, login, &change, NULL, error);
}
