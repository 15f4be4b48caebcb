/* cd-users.h — local accounts, offline sign-in and the signed-in session.
 *
 * Accounts live in the workstation database (table users) so that sign-in works with no network;
 * passwords are Argon2id hashes (cd-password.h). A CdSession is who is working now: every workflow
 * call takes it, checks it is not locked, and records its user in the audit log. The session locks
 * after `idle_lock_minutes` (setting) without activity and is unlocked by the same password.
 */
#pragma once

#include "cd-database.h"

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
} CdUsersError;

GQuark cd_users_error_quark (void);

typedef enum
{
  CD_ROLE_OFFICER,
  CD_ROLE_SUPERVISOR,
  CD_ROLE_ADMIN,
} CdRole;

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
gboolean     cd_session_unlock           (CdSession   *self,
                                          CdDatabase  *db,
                                          const char  *password,
                                          GError     **error);
/* Unlocks with `proof`, a session just signed in (e.g. in a worker thread, since Argon2id is slow)
 * for the same user; any other user is refused. notify::locked is emitted on the main context. */
gboolean     cd_session_unlock_with      (CdSession   *self,
                                          CdSession   *proof,
                                          GError     **error);
/* What every action runs first: FALSE (CD_USERS_ERROR_LOCKED) if the session is or becomes locked;
 * otherwise records the activity. */
gboolean     cd_session_begin_action     (CdSession   *self,
                                          GError     **error);
/* As cd_session_begin_action, and the session's role must be one of `roles` (a bit per CdRole). */
gboolean     cd_session_require_role     (CdSession   *self,
                                          guint        roles,
                                          const char  *what,
                                          GError     **error);
#define CD_ROLE_BIT(role) (1u << (role))

/* Offline sign-in. An unknown login, an inactive account or a wrong password all take the time of
 * one Argon2id verification and give the same CD_USERS_ERROR_SIGN_IN_FAILED. */
CdSession   *cd_users_sign_in            (CdDatabase  *db,
                                          const char  *login,
                                          const char  *password,
                                          GError     **error);

/* Creates an account (admin session only). Returns the new user's id, 0 on error. */
gint64       cd_users_add                (CdDatabase  *db,
                                          CdSession   *admin,
                                          const char  *login,
                                          const char  *full_name,
                                          CdRole       role,
                                          const char  *password,
                                          GError     **error);
/* Sets (or resets) an account's password (admin session only), recorded in the audit log without
 * the password. */
gboolean     cd_users_set_password       (CdDatabase  *db,
                                          CdSession   *admin,
                                          const char  *login,
                                          const char  *password,
                                          GError     **error);
/* TRUE if no admin account can sign in (none has a password): a new store, or a seeded one. */
gboolean     cd_users_needs_bootstrap    (CdDatabase  *db,
                                          GError     **error);
/* Creates the first admin of a store that needs bootstrap; refused otherwise. */
gint64       cd_users_bootstrap_admin    (CdDatabase  *db,
                                          const char  *login,
                                          const char  *full_name,
                                          const char  *password,
                                          GError     **error);

/* Off the main loop (cd-users-async.c). Sign-in and the check read the store at db_path through a
 * reader of their own; the first administrator is made on the shared writer, and signed in. */
void         cd_users_sign_in_async          (const char          *db_path,
                                              const char          *login,
                                              const char          *password,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
CdSession   *cd_users_sign_in_finish         (GAsyncResult        *result,
                                              GError             **error);
void         cd_users_needs_bootstrap_async  (const char          *db_path,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean     cd_users_needs_bootstrap_finish (GAsyncResult        *result,
                                              gboolean            *needs,
                                              GError             **error);
void         cd_users_bootstrap_admin_async  (CdDatabase          *writer,
                                              const char          *login,
                                              const char          *full_name,
                                              const char          *password,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
CdSession   *cd_users_bootstrap_admin_finish (CdDatabase          *writer,
                                              GAsyncResult        *result,
                                              GError             **error);

typedef struct
{
  gint64   id;
  char    *login;
  char    *full_name;
  CdRole   role;
  gboolean active;
  gboolean can_sign_in;  /* has a password */
  char    *created_at;
} CdUser;

void       cd_user_free  (CdUser *user);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdUser, cd_user_free)

/* Every account, by login. */
GPtrArray *cd_users_list (CdDatabase  *db,
                          GError     **error);

G_END_DECLS
