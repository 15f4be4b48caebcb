/* cd-users.h — local accounts and offline sign-in.
 *
 * Accounts live in the workstation database (table users) so that sign-in works with no network;
 * passwords are Argon2id hashes (cd-password.h). Signing in gives a CdSession (cd-session.h).
 */
#pragma once

#include "cd-clock.h"
#include "cd-database.h"
#include "cd-session.h"

G_BEGIN_DECLS

/* Unlocks a locked session with its user's password: the same path as signing in, so a
 * deactivated account cannot be unlocked either. */
gboolean     cd_session_unlock           (CdSession   *self,
                                          CdDatabase  *db,
                                          const char  *password,
                                          GError     **error);

/* Offline sign-in. An unknown login, an inactive account or a wrong password all take the time of
 * one Argon2id verification and give the same CD_USERS_ERROR_SIGN_IN_FAILED. On the writer, wrong
 * passwords in a row are counted: from the fifth the account waits (cd-lockout.h) and sign-in
 * fails with CD_USERS_ERROR_LOCKED_OUT, saying until when, without checking the password; a right
 * password resets the count. A reader only checks. The session of a one-time password must change
 * it first (cd_session_get_must_change_password). */
CdSession   *cd_users_sign_in            (CdDatabase  *db,
                                          const char  *login,
                                          const char  *password,
                                          GError     **error);
/* The same at `now` (UTC), for a clock a test controls. */
CdSession   *cd_users_sign_in_at         (CdDatabase  *db,
                                          const char  *login,
                                          const char  *password,
                                          GDateTime   *now,
                                          GError     **error);

/* Whether a password an administrator sets is the account's own (the CLI's and the demo's
 * accounts) or one-time: its owner must choose another at the first sign-in (the UI's). */
typedef enum
{
  CD_PASSWORD_KEEP,
  CD_PASSWORD_ONE_TIME,
} CdPasswordKind;

/* Creates an account (admin session only). Returns the new user's id, 0 on error. */
gint64       cd_users_add                (CdDatabase     *db,
                                          CdSession      *admin,
                                          const char     *login,
                                          const char     *full_name,
                                          CdRole          role,
                                          const char     *password,
                                          CdPasswordKind  kind,
                                          GError        **error);
/* Sets (or resets) an account's password (admin session only), recorded in the audit log without
 * the password. It also lifts a lockout: the administrator has just spoken to the owner. */
gboolean     cd_users_set_password       (CdDatabase     *db,
                                          CdSession      *admin,
                                          const char     *login,
                                          const char     *password,
                                          CdPasswordKind  kind,
                                          GError        **error);
/* The signed-in user chooses a new password (the one-time one, or any time): `current` is checked,
 * `password` must meet cd-password-rules.h and differ from it. Clears the session's
 * must-change-password. Allowed while must-change-password is set, never while locked. */
gboolean     cd_users_change_own_password (CdDatabase  *db,
                                           CdSession   *session,
                                           const char  *current,
                                           const char  *password,
                                           GError     **error);

/* Administration (cd-users-admin.c), admin session only, each change audited with the account's
 * state before and after (never a password or hash). Nobody deactivates or changes the role of
 * their own account, and the last active administrator stays one. */
gboolean     cd_users_set_active         (CdDatabase  *db,
                                          CdSession   *admin,
                                          const char  *login,
                                          gboolean     active,
                                          GError     **error);
gboolean     cd_users_set_role           (CdDatabase  *db,
                                          CdSession   *admin,
                                          const char  *login,
                                          CdRole       role,
                                          GError     **error);
/* Ends a lockout and forgets the wrong passwords before it. */
gboolean     cd_users_lift_lockout       (CdDatabase  *db,
                                          CdSession   *admin,
                                          const char  *login,
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

/* Off the main loop (cd-users-async.c). The bootstrap check reads the store at db_path through a
 * reader of its own; sign-in (which counts wrong passwords), the first administrator and a change
 * of password run on the shared writer. Sign-in asks `clock` the time. */
void         cd_users_sign_in_async          (CdDatabase          *writer,
                                              CdClock             *clock,
                                              const char          *login,
                                              const char          *password,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
CdSession   *cd_users_sign_in_finish         (CdDatabase          *writer,
                                              GAsyncResult        *result,
                                              GError             **error);
/* cd_users_change_own_password on the writer. */
void         cd_users_change_own_password_async  (CdDatabase          *writer,
                                                  CdSession           *session,
                                                  const char          *current,
                                                  const char          *password,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
gboolean     cd_users_change_own_password_finish (CdDatabase          *writer,
                                                  GAsyncResult        *result,
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
  gboolean must_change_password;
  guint    failed_sign_ins;  /* wrong passwords in a row */
  char    *locked_until;     /* ISO 8601 UTC while or after a lockout; NULL if none */
} CdUser;

void       cd_user_free  (CdUser *user);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdUser, cd_user_free)

/* Every account, by login. */
GPtrArray *cd_users_list   (CdDatabase  *db,
                            GError     **error);
/* One account, NULL (CD_USERS_ERROR_INVALID, naming it) if there is none. */
CdUser    *cd_users_lookup (CdDatabase  *db,
                            const char  *login,
                            GError     **error);
/* TRUE while `user` waits after wrong passwords at `now`. */
gboolean   cd_user_is_locked_out (const CdUser *user,
                                  GDateTime    *now);

G_END_DECLS
