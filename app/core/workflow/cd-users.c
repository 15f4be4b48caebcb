/* cd-users.c — local accounts, offline sign-in and the signed-in session. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cd-audit-log.h"
#include "cd-lockout.h"
#include "cd-office-settings.h"
#include "cd-password-rules.h"
#include "cd-password.h"
#include "cd-users-private.h"

void
cd_users_set_query_error (GError       **error,
                          const GError  *cause)
{
  g_set_error (error, CD_USERS_ERROR, CD_USERS_ERROR_QUERY, _("The accounts could not be read: %s"),
               cause->message);
}

void
cd_users_set_change_error (GError       **error,
                           const GError  *cause)
{
  g_set_error (error, CD_USERS_ERROR, CD_USERS_ERROR_QUERY,
               _("The accounts could not be changed: %s"), cause->message);
}

static char *
format_utc (GDateTime *time)
{
  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");
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

/* The account a sign-in is about, as read before the password is checked. */
typedef struct
{
  gint64     id;
  char      *full_name;
  CdRole     role;
  char      *hash;          /* NULL: cannot sign in (no password, inactive, unknown role) */
  gboolean   must_change;
  guint      failed;
  GDateTime *locked_until;  /* NULL if none */
} Candidate;

static void
candidate_clear (Candidate *c)
{
  g_free (c->full_name);
  g_free (c->hash);
  g_clear_pointer (&c->locked_until, g_date_time_unref);
}

/* FALSE only if the store failed; an unknown login leaves c->id 0. */
static gboolean
read_candidate (CdDatabase  *database,
                const char  *login,
                Candidate   *c,
                GError     **error)
{
  g_autoptr(CdStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  CdStep step = CD_STEP_FAILED;

  stmt = cd_database_prepare (database,
                              "SELECT id, full_name, role, password_hash, active,"
                              " must_change_password, failed_sign_ins, locked_until"
                              " FROM users WHERE login = ?",
                              &local_error);
  if (stmt != NULL)
    {
      cd_statement_bind_text (stmt, 1, login);
      step = cd_statement_step (stmt, &local_error);
    }
  if (step == CD_STEP_FAILED)
    {
      cd_users_set_query_error (error, local_error);
      return FALSE;
    }
  if (step != CD_STEP_ROW)
    return TRUE;
  c->id = cd_statement_get_int64 (stmt, 0);
  c->full_name = cd_statement_dup_text (stmt, 1);
  /* A text hash: an account made without a password (NULL) cannot sign in. */
  if (cd_role_from_string (cd_statement_get_text (stmt, 2), &c->role)
      && !cd_statement_is_null (stmt, 3) && cd_statement_get_int (stmt, 4) == 1)
    c->hash = cd_statement_dup_text (stmt, 3);
  c->must_change = cd_statement_get_int (stmt, 5) == 1;
  c->failed = (guint) cd_statement_get_int (stmt, 6);
  if (!cd_statement_is_null (stmt, 7))
    c->locked_until = g_date_time_new_from_iso8601 (cd_statement_get_text (stmt, 7), NULL);
  return TRUE;
}

static void
set_locked_out_error (GError     **error,
                      const char  *login,
                      guint        failed,
                      GDateTime   *until)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (until);
  g_autofree char *when = g_date_time_format (local, "%H:%M %d/%m/%Y");

  g_set_error (error, CD_USERS_ERROR, CD_USERS_ERROR_LOCKED_OUT,
               g_dngettext (GETTEXT_PACKAGE,
                            "After %u wrong password in a row, the account “%s” waits until %s. "
                            "An administrator can lift the wait.",
                            "After %u wrong passwords in a row, the account “%s” waits until %s. "
                            "An administrator can lift the wait.",
                            failed),
               failed, login, when);
}

/* Counts a wrong password, and from the fifth starts a wait; its own transaction. Returns the
 * end of the wait (NULL if none starts), or sets `error` if the store failed. */
static GDateTime *
record_wrong_password (CdDatabase  *database,
                       Candidate   *c,
                       const char  *login,
                       GDateTime   *now,
                       GError     **error)
{
  g_autoptr(CdStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GDateTime) until = NULL;
  g_autofree char *until_text = NULL;
  GTimeSpan wait;

  if (!cd_database_begin_immediate (database, &local_error))
    {
      cd_users_set_change_error (error, local_error);
      return NULL;
    }
  stmt = cd_database_prepare (database,
                              "UPDATE users SET failed_sign_ins = failed_sign_ins + 1"
                              " WHERE id = ? RETURNING failed_sign_ins",
                              &local_error);
  if (stmt != NULL)
    {
      cd_statement_bind_int64 (stmt, 1, c->id);
      if (cd_statement_step (stmt, &local_error) == CD_STEP_ROW)
        {
          c->failed = (guint) cd_statement_get_int (stmt, 0);
          cd_statement_run (stmt, &local_error);
        }
    }
  g_clear_pointer (&stmt, cd_statement_free);
  wait = local_error == NULL ? cd_lockout_wait (c->failed) : 0;
  if (wait > 0)
    {
      until = g_date_time_add (now, wait);
      until_text = format_utc (until);
      stmt = cd_database_prepare (database, "UPDATE users SET locked_until = ? WHERE id = ?",
                                  &local_error);
      if (stmt != NULL)
        {
          cd_statement_bind_text (stmt, 1, until_text);
          cd_statement_bind_int64 (stmt, 2, c->id);
          cd_statement_run (stmt, &local_error);
        }
    }
  if (local_error != NULL)
    {
      cd_users_set_change_error (error, local_error);
      goto fail;
    }
  if (until != NULL)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) node = NULL;
      g_autofree char *after = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "login");
      json_builder_add_string_value (builder, login);
      json_builder_set_member_name (builder, "failed_sign_ins");
      json_builder_add_int_value (builder, c->failed);
      json_builder_set_member_name (builder, "locked_until");
      json_builder_add_string_value (builder, until_text);
      json_builder_end_object (builder);
      node = json_builder_get_root (builder);
      after = json_to_string (node, FALSE);
      /* Nobody is signed in: the log names the account, not an actor. */
      if (!cd_users_audit (database, 0, "user.locked_out", c->id, NULL, after, error))
        goto fail;
    }
  if (!cd_database_commit (database, &local_error))
    {
      cd_users_set_change_error (error, local_error);
      goto fail;
    }
  return g_steal_pointer (&until);

fail:
  cd_database_rollback (database);
  return NULL;
}

static gboolean
reset_wrong_passwords (CdDatabase  *database,
                       gint64       id,
                       GError     **error)
{
  g_autoptr(CdStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;

  stmt = cd_database_prepare (database,
                              "UPDATE users SET failed_sign_ins = 0, locked_until = NULL"
                              " WHERE id = ?",
                              &local_error);
  if (stmt != NULL)
    cd_statement_bind_int64 (stmt, 1, id);
  if (stmt == NULL || !cd_statement_run (stmt, &local_error))
    {
      cd_users_set_change_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

CdSession *
cd_users_sign_in_at (CdDatabase  *database,
                     const char  *login,
                     const char  *password,
                     GDateTime   *now,
                     GError     **error)
{
  Candidate c = { 0 };
  g_autoptr(GError) local_error = NULL;
  CdSession *session = NULL;
  gboolean counts, verified;

  g_return_val_if_fail (CD_IS_DATABASE (database), NULL);
  g_return_val_if_fail (login != NULL && password != NULL && now != NULL, NULL);

  if (!read_candidate (database, login, &c, error))
    goto out;
  /* A waiting account is not even checked: that is the point of the wait. */
  if (c.hash != NULL && c.locked_until != NULL && g_date_time_compare (c.locked_until, now) > 0)
    {
      set_locked_out_error (error, login, c.failed, c.locked_until);
      goto out;
    }

  /* Always one Argon2id verification, whatever was found. */
  verified = cd_password_verify (c.hash != NULL ? c.hash : dummy_hash (), password)
             && c.hash != NULL;
  counts = c.hash != NULL && !cd_database_is_read_only (database);
  if (!verified)
    {
      g_autoptr(GDateTime) until = counts ? record_wrong_password (database, &c, login, now,
                                                                   &local_error)
                                          : NULL;

      if (local_error != NULL)
        g_warning ("A wrong password for %s could not be counted: %s", login,
                   local_error->message);
      if (until != NULL)
        set_locked_out_error (error, login, c.failed, until);
      else
        g_set_error (error, CD_USERS_ERROR, CD_USERS_ERROR_SIGN_IN_FAILED,
                     _("The login or the password is wrong."));
      goto out;
    }
  if (counts && (c.failed > 0 || c.locked_until != NULL)
      && !reset_wrong_passwords (database, c.id, error))
    goto out;

  session = cd_session_new (c.id, login, c.full_name, c.role,
                            cd_office_settings_get_idle_lock_minutes (database));
  cd_session_set_must_change_password (session, c.must_change);
out:
  candidate_clear (&c);
  return session;
}

CdSession *
cd_users_sign_in (CdDatabase  *database,
                  const char  *login,
                  const char  *password,
                  GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return cd_users_sign_in_at (database, login, password, now, error);
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
      cd_users_set_change_error (error, local_error);
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
      cd_users_set_change_error (error, local_error);
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
      cd_users_set_query_error (error, local_error);
      return FALSE;
    }
  *taken = step == CD_STEP_ROW;
  return TRUE;
}

static gint64
insert_user (CdDatabase     *database,
             gint64          admin_id,
             const char     *login,
             const char     *full_name,
             CdRole          role,
             const char     *password,
             CdPasswordKind  kind,
             gboolean        bootstrap,
             GError        **error)
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
  if (!cd_password_rules_check (password, login, full_name, error))
    return 0;

  hash = cd_password_hash (password, error);
  if (hash == NULL)
    return 0;

  if (!cd_database_begin_immediate (database, &local_error))
    {
      cd_users_set_change_error (error, local_error);
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
                              " created_at, must_change_password) VALUES (?, ?, ?, ?, ?, ?, ?)",
                              &local_error);
  if (stmt != NULL)
    {
      cd_statement_bind_int64 (stmt, 1, office);
      cd_statement_bind_text (stmt, 2, login);
      cd_statement_bind_text (stmt, 3, full_name);
      cd_statement_bind_text (stmt, 4, cd_role_to_string (role));
      cd_statement_bind_text (stmt, 5, hash);
      cd_statement_bind_text (stmt, 6, now);
      cd_statement_bind_int64 (stmt, 7, kind == CD_PASSWORD_ONE_TIME);
    }
  if (stmt == NULL || !cd_statement_run (stmt, &local_error))
    {
      cd_users_set_query_error (error, local_error);
      goto fail;
    }
  id = cd_database_last_insert_rowid (database);

  {
    g_autoptr(JsonBuilder) builder = json_builder_new ();
    g_autoptr(JsonNode) node = NULL;

    /* Never the password nor its hash: the log is for reading. */
    json_builder_begin_object (builder);
    json_builder_set_member_name (builder, "login");
    json_builder_add_string_value (builder, login);
    json_builder_set_member_name (builder, "full_name");
    json_builder_add_string_value (builder, full_name);
    json_builder_set_member_name (builder, "role");
    json_builder_add_string_value (builder, cd_role_to_string (role));
    json_builder_set_member_name (builder, "one_time_password");
    json_builder_add_boolean_value (builder, kind == CD_PASSWORD_ONE_TIME);
    json_builder_end_object (builder);
    node = json_builder_get_root (builder);
    after = json_to_string (node, FALSE);
    if (!cd_users_audit (database, admin_id, bootstrap ? "user.bootstrap" : "user.add", id, NULL,
                         after, error))
      goto fail;
  }

  if (!cd_database_commit (database, &local_error))
    {
      cd_users_set_change_error (error, local_error);
      goto fail;
    }
  return id;

fail:
  cd_database_rollback (database);
  return 0;
}

gint64
cd_users_add (CdDatabase      *database,
              CdSession       *admin,
              const char      *login,
              const char      *full_name,
              CdRole           role,
              const char      *password,
              CdPasswordKind   kind,
              GError         **error)
{
  g_return_val_if_fail (CD_IS_DATABASE (database), 0);
  g_return_val_if_fail (CD_IS_SESSION (admin), 0);
  g_return_val_if_fail (login != NULL && full_name != NULL && password != NULL, 0);

  if (!cd_session_require_role (admin, CD_ROLE_BIT (CD_ROLE_ADMIN), _("create accounts"), error))
    return 0;
  return insert_user (database, cd_session_get_user_id (admin), login, full_name, role, password,
                      kind, FALSE, error);
}

/* Stores a new hash for `login`, and whether it must be changed; lifts any wait. The audit says
 * that it changed, by whom and whether it is one-time; never the password nor its hash. */
static gboolean
write_password (CdDatabase  *database,
                gint64       actor,
                const char  *login,
                const char  *password,
                gboolean     one_time,
                const char  *action,
                GError     **error)
{
  g_autoptr(CdUser) user = cd_users_lookup (database, login, error);
  g_autofree char *hash = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(CdStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;

  if (user == NULL || !cd_password_rules_check (password, login, user->full_name, error))
    return FALSE;
  hash = cd_password_hash (password, error);
  if (hash == NULL)
    return FALSE;

  if (!cd_database_begin_immediate (database, &local_error))
    {
      cd_users_set_change_error (error, local_error);
      return FALSE;
    }
  stmt = cd_database_prepare (database,
                              "UPDATE users SET password_hash = ?, must_change_password = ?,"
                              " failed_sign_ins = 0, locked_until = NULL WHERE id = ?",
                              &local_error);
  if (stmt != NULL)
    {
      cd_statement_bind_text (stmt, 1, hash);
      cd_statement_bind_int64 (stmt, 2, one_time);
      cd_statement_bind_int64 (stmt, 3, user->id);
    }
  if (stmt == NULL || !cd_statement_run (stmt, &local_error))
    {
      cd_users_set_change_error (error, local_error);
      goto fail;
    }
  before = cd_users_state_json (user);
  user->must_change_password = one_time;
  user->failed_sign_ins = 0;
  g_clear_pointer (&user->locked_until, g_free);
  after = cd_users_state_json (user);
  if (!cd_users_audit (database, actor, action, user->id, before, after, error))
    goto fail;
  if (!cd_database_commit (database, &local_error))
    {
      cd_users_set_change_error (error, local_error);
      goto fail;
    }
  return TRUE;

fail:
  cd_database_rollback (database);
  return FALSE;
}

gboolean
cd_users_set_password (CdDatabase      *database,
                       CdSession       *admin,
                       const char      *login,
                       const char      *password,
                       CdPasswordKind   kind,
                       GError         **error)
{
  g_return_val_if_fail (CD_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (CD_IS_SESSION (admin), FALSE);
  g_return_val_if_fail (login != NULL && password != NULL, FALSE);

  if (!cd_session_require_role (admin, CD_ROLE_BIT (CD_ROLE_ADMIN), _("set passwords"), error))
    return FALSE;
  return write_password (database, cd_session_get_user_id (admin), login, password,
                         kind == CD_PASSWORD_ONE_TIME, "user.password", error);
}

gboolean
cd_users_change_own_password (CdDatabase  *database,
                              CdSession   *session,
                              const char  *current,
                              const char  *password,
                              GError     **error)
{
  const char *login;
  Candidate c = { 0 };
  gboolean ok = FALSE;

  g_return_val_if_fail (CD_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (CD_IS_SESSION (session), FALSE);
  g_return_val_if_fail (current != NULL && password != NULL, FALSE);

  login = cd_session_get_login (session);
  /* Not cd_session_begin_action: that refuses a session whose password is one-time, and changing
   * it is the one thing such a session may do. */
  if (cd_session_get_locked (session))
    {
      g_set_error (error, CD_USERS_ERROR, CD_USERS_ERROR_LOCKED,
                   _("The session of %s is locked; enter the password to go on."), login);
      return FALSE;
    }
  if (!read_candidate (database, login, &c, error))
    goto out;
  if (c.hash == NULL || c.id != cd_session_get_user_id (session)
      || !cd_password_verify (c.hash, current))
    {
      g_set_error (error, CD_USERS_ERROR, CD_USERS_ERROR_SIGN_IN_FAILED,
                   _("The current password is wrong."));
      goto out;
    }
  if (g_strcmp0 (current, password) == 0)
    {
      g_set_error (error, CD_PASSWORD_ERROR, CD_PASSWORD_ERROR_WEAK,
                   _("The new password must differ from the current one."));
      goto out;
    }
  ok = write_password (database, c.id, login, password, FALSE, "user.password_changed", error);
  if (ok)
    cd_session_set_must_change_password (session, FALSE);
out:
  candidate_clear (&c);
  return ok;
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
      cd_users_set_query_error (error, local_error);
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

  return insert_user (database, 0, login, full_name, CD_ROLE_ADMIN, password, CD_PASSWORD_KEEP,
                      TRUE, error);
}

void
cd_user_free (CdUser *user)
{
  if (user == NULL)
    return;
  g_free (user->login);
  g_free (user->full_name);
  g_free (user->created_at);
  g_free (user->locked_until);
  g_free (user);
}

CdUser *
cd_users_user_from_row (CdStatement *stmt)
{
  CdUser *user = g_new0 (CdUser, 1);

  user->id = cd_statement_get_int64 (stmt, 0);
  user->login = cd_statement_dup_text (stmt, 1);
  user->full_name = cd_statement_dup_text (stmt, 2);
  cd_role_from_string (cd_statement_get_text (stmt, 3), &user->role);
  user->active = cd_statement_get_int (stmt, 4) == 1;
  user->can_sign_in = cd_statement_get_int (stmt, 5) == 1;
  user->created_at = cd_statement_dup_text (stmt, 6);
  user->must_change_password = cd_statement_get_int (stmt, 7) == 1;
  user->failed_sign_ins = (guint) cd_statement_get_int (stmt, 8);
  user->locked_until = cd_statement_is_null (stmt, 9) ? NULL : cd_statement_dup_text (stmt, 9);
  return user;
}

char *
cd_users_state_json (const CdUser *user)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "login");
  json_builder_add_string_value (builder, user->login);
  json_builder_set_member_name (builder, "full_name");
  json_builder_add_string_value (builder, user->full_name);
  json_builder_set_member_name (builder, "role");
  json_builder_add_string_value (builder, cd_role_to_string (user->role));
  json_builder_set_member_name (builder, "active");
  json_builder_add_boolean_value (builder, user->active);
  json_builder_set_member_name (builder, "must_change_password");
  json_builder_add_boolean_value (builder, user->must_change_password);
  json_builder_set_member_name (builder, "failed_sign_ins");
  json_builder_add_int_value (builder, user->failed_sign_ins);
  json_builder_set_member_name (builder, "locked_until");
  if (user->locked_until != NULL)
    json_builder_add_string_value (builder, user->locked_until);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);
  return json_to_string (node, FALSE);
}

gboolean
cd_users_audit (CdDatabase  *database,
                gint64       actor,
                const char  *action,
                gint64       user_id,
                const char  *before,
                const char  *after,
                GError     **error)
{
  CdAuditEntry entry = { 0 };

  entry.user_id = actor;
  entry.action = action;
  entry.entity = "user";
  entry.entity_id = user_id;
  entry.before = before;
  entry.after = after;
  return cd_audit_log_append (database, &entry, error);
}

GPtrArray *
cd_users_list (CdDatabase  *database,
               GError     **error)
{
  g_autoptr(GPtrArray) users = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_user_free);
  g_autoptr(CdStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  CdStep step = CD_STEP_FAILED;

  stmt = cd_database_prepare (database, "SELECT " CD_USERS_COLUMNS " FROM users ORDER BY login",
                              &local_error);
  while (stmt != NULL && (step = cd_statement_step (stmt, &local_error)) == CD_STEP_ROW)
    g_ptr_array_add (users, cd_users_user_from_row (stmt));
  if (step == CD_STEP_FAILED)
    {
      cd_users_set_query_error (error, local_error);
      return NULL;
    }
  return g_steal_pointer (&users);
}

CdUser *
cd_users_lookup (CdDatabase  *database,
                 const char  *login,
                 GError     **error)
{
  g_autoptr(CdStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  CdStep step = CD_STEP_FAILED;

  g_return_val_if_fail (CD_IS_DATABASE (database), NULL);
  g_return_val_if_fail (login != NULL, NULL);

  stmt = cd_database_prepare (database, "SELECT " CD_USERS_COLUMNS " FROM users WHERE login = ?",
                              &local_error);
  if (stmt != NULL)
    {
      cd_statement_bind_text (stmt, 1, login);
      step = cd_statement_step (stmt, &local_error);
    }
  if (step == CD_STEP_FAILED)
    {
      cd_users_set_query_error (error, local_error);
      return NULL;
    }
  if (step != CD_STEP_ROW)
    {
      g_set_error (error, CD_USERS_ERROR, CD_USERS_ERROR_INVALID, _("There is no account “%s”."),
                   login);
      return NULL;
    }
  return cd_users_user_from_row (stmt);
}

gboolean
cd_user_is_locked_out (const CdUser *user,
                       GDateTime    *now)
{
  g_autoptr(GDateTime) until = NULL;

  g_return_val_if_fail (user != NULL && now != NULL, FALSE);

  if (user->locked_until == NULL)
    return FALSE;
  until = g_date_time_new_from_iso8601 (user->locked_until, NULL);
  return until != NULL && g_date_time_compare (until, now) > 0;
}
