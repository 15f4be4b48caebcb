/* cd-session.h — who is working now: a signed-in user, their role, and the idle lock.
 *
 * A CdSession is who is working now: every workflow call takes it, checks it is not locked, and
 * records its user in the audit log. The session locks after the office's `idle_lock_minutes`
 * without activity and is unlocked by the same password (cd_session_unlock, in cd-users.h, since
 * that is a sign-in again). Accounts and sessions share one error domain, CD_USERS_ERROR.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define CD_USERS_ERROR (cd_users_error_quark ())

typedef enum
{
  CD_USERS_ERROR_SIGN_IN_FAILED,  /* unknown login or wrong password: the same error for both */
  CD_USERS_ERROR_LOCKED,          /* the session is locked; unlock it with the password */
  CD_USERS_ERROR_NOT_ALLOWED,     /* the signed-in role may not do this */
  CD_USERS_ERROR_EXISTS,          /* the login is taken */
  CD_USERS_ERROR_INVALID,         /* a bad login, name or role */
  CD_USERS_ERROR_QUERY,           /* the database failed */
  CD_USERS_ERROR_LOCKED_OUT,      /* too many wrong passwords: the account waits (cd-lockout.h) */
  CD_USERS_ERROR_MUST_CHANGE_PASSWORD, /* a one-time password: the user chooses one first */
} CdUsersError;

GQuark cd_users_error_quark (void);

typedef enum
{
  CD_ROLE_OFFICER,
  CD_ROLE_SUPERVISOR,
  CD_ROLE_ADMIN,
  /* The office head (giám đốc / trưởng phòng): a supervisor's rights and the office's oversight
   * (cd-access.h). Last, so the numbers of the roles before it never change. */
  CD_ROLE_HEAD,
} CdRole;

#define CD_ROLE_LAST CD_ROLE_HEAD

const char *cd_role_to_string   (CdRole       role);
gboolean    cd_role_from_string (const char  *name,
                                 CdRole      *out);
const char *cd_role_get_label   (CdRole       role);

#define CD_TYPE_SESSION (cd_session_get_type ())
G_DECLARE_FINAL_TYPE (CdSession, cd_session, CD, SESSION, GObject)

gint64       cd_session_get_user_id      (CdSession   *self);
const char  *cd_session_get_login        (CdSession   *self);
const char  *cd_session_get_full_name    (CdSession   *self);
CdRole       cd_session_get_role         (CdSession   *self);
gboolean     cd_session_get_locked       (CdSession   *self);
/* Monotonic microseconds (g_get_monotonic_time) of the last activity. */
gint64       cd_session_get_last_activity (CdSession  *self);
guint        cd_session_get_idle_lock_minutes (CdSession *self);
/* The office's rule changed while signed in (Preferences): it applies from now. */
void         cd_session_set_idle_lock_minutes (CdSession *self,
                                               guint      minutes);
/* Locks the session if it has been idle too long at monotonic time `now`; the UI calls it from a
 * timer, tests with a time in the future. Returns the (new) locked state. */
gboolean     cd_session_check_idle       (CdSession   *self,
                                          gint64       now);
void         cd_session_lock             (CdSession   *self);
/* Unlocks with `proof`, a session just signed in (e.g. in a worker thread, since Argon2id is slow)
 * for the same user; any other user is refused. notify::locked is emitted on the main context. */
gboolean     cd_session_unlock_with      (CdSession   *self,
                                          CdSession   *proof,
                                          GError     **error);
/* Signed in with a one-time password (an administrator set it): every action is refused with
 * CD_USERS_ERROR_MUST_CHANGE_PASSWORD until cd_users_change_own_password clears it. */
gboolean     cd_session_get_must_change_password (CdSession *self);
void         cd_session_set_must_change_password (CdSession *self,
                                                  gboolean   must);
/* What every action runs first: FALSE (CD_USERS_ERROR_LOCKED) if the session is or becomes locked,
 * or (CD_USERS_ERROR_MUST_CHANGE_PASSWORD) if its password is a one-time one; otherwise records
 * the activity. */
gboolean     cd_session_begin_action     (CdSession   *self,
                                          GError     **error);
/* As cd_session_begin_action, and the session's role must be one of `roles` (a bit per CdRole). */
gboolean     cd_session_require_role     (CdSession   *self,
                                          guint        roles,
                                          const char  *what,
                                          GError     **error);
#define CD_ROLE_BIT(role) (1u << (role))
/* The roles that approve, return and reject, and make and approve payouts: a supervisor, and the
 * office head, who has a supervisor's rights. */
#define CD_ROLES_SUPERVISING (CD_ROLE_BIT (CD_ROLE_SUPERVISOR) | CD_ROLE_BIT (CD_ROLE_HEAD))
/* The roles that work claims: open, complete, evaluate, propose, reopen. */
#define CD_ROLES_WORKING     (CD_ROLE_BIT (CD_ROLE_OFFICER) | CD_ROLES_SUPERVISING)

/* For sign-in (cd-users): a session of an account whose password was just proved. */
CdSession   *cd_session_new              (gint64       user_id,
                                          const char  *login,
                                          const char  *full_name,
                                          CdRole       role,
                                          guint        idle_lock_minutes);

G_END_DECLS
