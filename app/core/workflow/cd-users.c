/* cd-users.c — local accounts, offline sign-in and the signed-in session. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cd-audit-log.h"
#include "cd-office-settings.h"
#include "cd-password.h"
#include "cd-statement.h"
#include "cd-users.h"

static void
set_query_error (GError       **error,
                 const GError  *cause)
{
  g_set_error (error, CD_USERS_ERROR, CD_USERS_ERROR_QUERY, _("The accounts could not be read: %s"),
               cause->message);
}

static void
set_change_error (GError       **error,
                  const GError  *cause)
{
  g_set_error (error, CD_USERS_ERROR, CD_USERS_ERROR_QUERY,
               _("The accounts could not be changed: %s"), cause->message);
}

/* A hash of a password nobody has, verified when the login is unknown, so that a wrong login takes
 * as long as a wrong password and the two cannot be told apart by timing. */
static const char *
dummy_hash (void)
{
  static gsize hash;

  if (g_once_init_enter (&hash))
    {
      char *made = cd_password_hash ("claimdesk-no-such-account", NULL);

      /* Without libsodium nothing verifies; "" is a hash nothing matches. */
      g_once_init_leave (&hash, (gsize) (made != NULL ? made : g_strdup ("")));
    }
  return (const char *) hash;
}

CdSession *
cd_users_sign_in (CdDatabase  *database,
                  const char  *login,
                  const char  *password,
                  GError     **error)
{
  g_autoptr(CdStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *full_name = NULL;
  gint64 user_id = 0;
  CdRole role = CD_ROLE_OFFICER;
  gboolean usable = FALSE;
  gboolean verified;
  CdStep step = CD_STEP_FAILED;

  g_return_val_if_fail (CD_IS_DATABASE (database), NULL);
  g_return_val_if_fail (login != NULL && password != NULL, NULL);

  stmt = cd_database_prepare (database,
                              "SELECT id, full_name, role, password_hash, active FROM users"
                              " WHERE login = ?",
                              &local_error);
  if (stmt != NULL)
    {
      cd_statement_bind_text (stmt, 1, login);
      step = cd_statement_step (stmt, &local_error);
      if (step == CD_STEP_ROW)
        {
          user_id = cd_statement_get_int64 (stmt, 0);
          full_name = cd_statement_dup_text (stmt, 1);
          /* A text hash: an account made without a password (NULL) cannot sign in. */
          usable = cd_role_from_string (cd_statement_get_text (stmt, 2), &role)
                   && !cd_statement_is_null (stmt, 3)
                   && cd_statement_get_int (stmt, 4) == 1;
          if (usable)
            stored = cd_statement_dup_text (stmt, 3);
        }
    }
  if (step == CD_STEP_FAILED)
    {
      set_query_error (error, local_error);
      return NULL;
    }

  /* Always one Argon2id verification, whatever was found. */
  verified = cd_password_verify (usable ? stored : dummy_hash (), password) && usable;
  if (!verified)
    {
      g_set_error (error, CD_USERS_ERROR, CD_USERS_ERROR_SIGN_IN_FAILED,
                   _("The login or the password is wrong."));
      return NULL;
    }

  return cd_session_new (user_id, login, full_name, role,
                         cd_office_settings_get_idle_lock_minutes (database));
}

gboolean
cd_session_unlock (CdSession   *self,
                   CdDatabase  *database,
                   const char  *password,
                   GError     **error)
{
  g_autoptr(CdSession) again = NULL;

  g_return_val_if_fail (CD_IS_SESSION (self), FALSE);

  /* The same path as signing in, so a deactivated account cannot be unlocked either. */
  again = cd_users_sign_in (database, cd_session_get_login (self), password, error);
  return again != NULL && cd_session_unlock_with (self, again, error);
}

/* The office new accounts belong to: the admin's, else the store's first; a store with no office
 * yet gets one with the office's code (cd-office-settings, CD_DEFAULT_OFFICE_CODE when none is set)
 * so that the first account can be made. */
static gint64
ensure_office (CdDatabase  *db,
               gint64       admin_id,
               GError     **error)
{
  g_autoptr(CdStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *code = NULL;
  gint64 office = 0;

  stmt = cd_database_prepare (db,
                              "SELECT coalesce ((SELECT office_id FROM users WHERE id = ?),"
                              " (SELECT min (id) FROM offices))",
                              &local_error);
  if (stmt != NULL)
    {
      cd_statement_bind_int64 (stmt, 1, admin_id);
      if (cd_statement_step (stmt, &local_error) == CD_STEP_ROW)
        office = cd_statement_get_int64 (stmt, 0);
    }
  if (local_error != NULL)
    {
      set_change_error (error, local_error);
      return 0;
    }
  if (office != 0)
    return office;

  code = cd_office_settings_dup_office_code (db, &local_error);
  g_clear_pointer (&stmt, cd_statement_free);
  if (local_error == NULL)
    stmt = cd_database_prepare (db,
                                "INSERT INTO offices (code, name, province_code)"
                                " VALUES (?, 'ClaimDesk', '001')",
                                &local_error);
  if (stmt != NULL)
    cd_statement_bind_text (stmt, 1, code);
  if (stmt == NULL || !cd_statement_run (stmt, &local_error))
    {
      set_change_error (error, local_error);
      return 0;
    }
  return cd_database_last_insert_rowid (db);
}

/* Inside the transaction that adds it, so nobody takes the login in between. */
static gboolean
login_taken (CdDatabase  *db,
             const char  *login,
             gboolean    *taken,
             GError     **error)
{
  g_autoptr(CdStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  CdStep step = CD_STEP_FAILED;

  stmt = cd_database_prepare (db, "SELECT 1 FROM users WHERE login = ?", &local_error);
  if (stmt != NULL)
    {
      cd_statement_bind_text (stmt, 1, login);
      step = cd_statement_step (stmt, &local_error);
    }
  if (step == CD_STEP_FAILED)
    {
      set_query_error (error, local_error);
      return FALSE;
    }
  *taken = step == CD_STEP_ROW;
  return TRUE;
}

static gint64
insert_user (CdDatabase  *database,
             gint64       admin_id,
             const char  *login,
             const char  *full_name,
             CdRole       role,
             const char  *password,
             gboolean     bootstrap,
             GError     **error)
{
  g_autofree char *hash = NULL;
  g_autofree char *now = cd_audit_log_now ();
  g_autofree char *after = NULL;
  g_autoptr(CdStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  gint64 office, id = 0;
  gboolean taken = FALSE;

  if (g_utf8_strlen (login, -1) < 2 || g_utf8_strlen (login, -1) > 64
      || strpbrk (login, " \t\r\n") != NULL)
    {
      g_set_error (error, CD_USERS_ERROR, CD_USERS_ERROR_INVALID,
                   _("“%s” is not a usable login: 2 to 64 characters, no spaces."), login);
      return 0;
    }
  if (strspn (full_name, " \t\r\n") == strlen (full_name))
    {
      g_set_error (error, CD_USERS_ERROR, CD_USERS_ERROR_INVALID, _("The full name is empty."));
      return 0;
    }

  hash = cd_password_hash (password, error);
  if (hash == NULL)
    return 0;

  if (!cd_database_begin_immediate (database, &local_error))
    {
      set_change_error (error, local_error);
      return 0;
    }
  if (bootstrap && !cd_users_needs_bootstrap (database, error))
    {
      if (error == NULL || *error == NULL)
        g_set_error (error, CD_USERS_ERROR, CD_USERS_ERROR_NOT_ALLOWED,
                     _("This store already has an administrator; sign in as one to add accounts."));
      goto fail;
    }
  office = ensure_office (database, admin_id, error);
  if (office == 0)
    goto fail;

  if (!login_taken (database, login, &taken, error))
    goto fail;
  if (taken)
    {
      g_set_error (error, CD_USERS_ERROR, CD_USERS_ERROR_EXISTS,
                   _("The login “%s” is already taken."), login);
      goto fail;
    }
  stmt = cd_database_prepare (database,
                              "INSERT INTO users (office_id, login, full_name, role, password_hash,"
                              " created_at) VALUES (?, ?, ?, ?, ?, ?)",
                              &local_error);
  if (stmt != NULL)
    {
      cd_statement_bind_int64 (stmt, 1, office);
      cd_statement_bind_text (stmt, 2, login);
      cd_statement_bind_text (stmt, 3, full_name);
      cd_statement_bind_text (stmt, 4, cd_role_to_string (role));
      cd_statement_bind_text (stmt, 5, hash);
      cd_statement_bind_text (stmt, 6, now);
    }
  if (stmt == NULL || !cd_statement_run (stmt, &local_error))
    {
      set_query_error (error, local_error);
      goto fail;
    }
  id = cd_database_last_insert_rowid (database);

  {
    g_autoptr(JsonBuilder) builder = json_builder_new ();
    g_autoptr(JsonNode) node = NULL;
    CdAuditEntry entry = { 0 };

    /* Never the password nor its hash: the log is for reading. */
    json_builder_begin_object (builder);
    json_builder_set_member_name (builder, "login");
    json_builder_add_string_value (builder, login);
    json_builder_set_member_name (builder, "full_name");
    json_builder_add_string_value (builder, full_name);
    json_builder_set_member_name (builder, "role");
    json_builder_add_string_value (builder, cd_role_to_string (role));
    json_builder_end_object (builder);
    node = json_builder_get_root (builder);
    after = json_to_string (node, FALSE);

    entry.at = now;
    entry.user_id = admin_id;
    entry.action = bootstrap ? "user.bootstrap" : "user.add";
    entry.entity = "user";
    entry.entity_id = id;
    entry.after = after;
    if (!cd_audit_log_append (database, &entry, error))
      goto fail;
  }

  if (!cd_database_commit (database, &local_error))
    {
      set_change_error (error, local_error);
      goto fail;
    }
  return id;

fail:
  cd_database_rollback (database);
  return 0;
}

gint64
cd_users_add (CdDatabase  *database,
              CdSession   *admin,
              const char  *login,
              const char  *full_name,
              CdRole       role,
              const char  *password,
              GError     **error)
{
  g_return_val_if_fail (CD_IS_DATABASE (database), 0);
  g_return_val_if_fail (CD_IS_SESSION (admin), 0);
  g_return_val_if_fail (login != NULL && full_name != NULL && password != NULL, 0);

  if (!cd_session_require_role (admin, CD_ROLE_BIT (CD_ROLE_ADMIN), _("create accounts"), error))
    return 0;
  return insert_user (database, cd_session_get_user_id (admin), login, full_name, role, password, FALSE, error);
}

gboolean
cd_users_set_password (CdDatabase  *database,
                       CdSession   *admin,
                       const char  *login,
                       const char  *password,
                       GError     **error)
{
  g_autofree char *hash = NULL;
  g_autofree char *now = cd_audit_log_now ();
  g_autofree char *after = NULL;
  g_autoptr(CdStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  gint64 id = 0;

  g_return_val_if_fail (CD_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (CD_IS_SESSION (admin), FALSE);
  g_return_val_if_fail (login != NULL && password != NULL, FALSE);

  if (!cd_session_require_role (admin, CD_ROLE_BIT (CD_ROLE_ADMIN), _("set passwords"), error))
    return FALSE;
  hash = cd_password_hash (password, error);
  if (hash == NULL)
    return FALSE;

  if (!cd_database_begin_immediate (database, &local_error))
    {
      set_change_error (error, local_error);
      return FALSE;
    }
  stmt = cd_database_prepare (database,
                              "UPDATE users SET password_hash = ? WHERE login = ? RETURNING id",
                              &local_error);
  if (stmt != NULL)
    {
      cd_statement_bind_text (stmt, 1, hash);
      cd_statement_bind_text (stmt, 2, login);
      if (cd_statement_step (stmt, &local_error) == CD_STEP_ROW)
        {
          id = cd_statement_get_int64 (stmt, 0);
          /* The one row RETURNING gives, then the end of the statement. */
          cd_statement_run (stmt, &local_error);
        }
    }
  if (local_error != NULL)
    {
      set_query_error (error, local_error);
      goto fail;
    }
  if (id == 0)
    {
      g_set_error (error, CD_USERS_ERROR, CD_USERS_ERROR_INVALID, _("There is no account “%s”."),
                   login);
      goto fail;
    }

  {
    g_autoptr(JsonBuilder) builder = json_builder_new ();
    g_autoptr(JsonNode) node = NULL;
    CdAuditEntry entry = { 0 };

    /* That it changed and for whom; never the password nor its hash. */
    json_builder_begin_object (builder);
    json_builder_set_member_name (builder, "login");
    json_builder_add_string_value (builder, login);
    json_builder_set_member_name (builder, "password");
    json_builder_add_string_value (builder, "changed");
    json_builder_end_object (builder);
    node = json_builder_get_root (builder);
    after = json_to_string (node, FALSE);
    entry.at = now;
    entry.user_id = cd_session_get_user_id (admin);
    entry.action = "user.password";
    entry.entity = "user";
    entry.entity_id = id;
    entry.after = after;
    if (!cd_audit_log_append (database, &entry, error))
      goto fail;
  }
  if (!cd_database_commit (database, &local_error))
    {
      set_change_error (error, local_error);
      goto fail;
    }
  return TRUE;

fail:
  cd_database_rollback (database);
  return FALSE;
}

gboolean
cd_users_needs_bootstrap (CdDatabase  *database,
                          GError     **error)
{
  g_autoptr(CdStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  gint64 n = -1;

  stmt = cd_database_prepare (database,
                              "SELECT count(*) FROM users WHERE role = 'admin' AND active = 1"
                              " AND password_hash IS NOT NULL",
                              &local_error);
  if (stmt != NULL && cd_statement_step (stmt, &local_error) == CD_STEP_ROW)
    n = cd_statement_get_int64 (stmt, 0);
  if (n < 0)
    {
      set_query_error (error, local_error);
      return FALSE;
    }
  return n == 0;
}

gint64
cd_users_bootstrap_admin (CdDatabase  *database,
                          const char  *login,
                          const char  *full_name,
                          const char  *password,
                          GError     **error)
{
  g_return_val_if_fail (CD_IS_DATABASE (database), 0);
  g_return_val_if_fail (login != NULL && full_name != NULL && password != NULL, 0);

  return insert_user (database, 0, login, full_name, CD_ROLE_ADMIN, password, TRUE, error);
}

void
cd_user_free (CdUser *user)
{
  if (user == NULL)
    return;
  g_free (user->login);
  g_free (user->full_name);
  g_free (user->created_at);
  g_free (user);
}

GPtrArray *
cd_users_list (CdDatabase  *database,
               GError     **error)
{
  g_autoptr(GPtrArray) users = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_user_free);
  g_autoptr(CdStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  CdStep step = CD_STEP_FAILED;

  stmt = cd_database_prepare (database,
                              "SELECT id, login, full_name, role, active,"
                              " password_hash IS NOT NULL, created_at FROM users ORDER BY login",
                              &local_error);
  while (stmt != NULL && (step = cd_statement_step (stmt, &local_error)) == CD_STEP_ROW)
    {
      CdUser *user = g_new0 (CdUser, 1);

      user->id = cd_statement_get_int64 (stmt, 0);
      user->login = cd_statement_dup_text (stmt, 1);
      user->full_name = cd_statement_dup_text (stmt, 2);
      cd_role_from_string (cd_statement_get_text (stmt, 3), &user->role);
      user->active = cd_statement_get_int (stmt, 4) == 1;
      user->can_sign_in = cd_statement_get_int (stmt, 5) == 1;
      user->created_at = cd_statement_dup_text (stmt, 6);
      g_ptr_array_add (users, user);
    }
  if (step == CD_STEP_FAILED)
    {
      set_query_error (error, local_error);
      return NULL;
    }
  return g_steal_pointer (&users);
}
