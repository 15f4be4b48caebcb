/* cd-users.h — local accounts and offline sign-in.
 *
 * Accounts live in the workstation database (table users) so that sign-in works with no network;
 * passwords are Argon2id hashes (cd-password.h). Signing in gives a CdSession (cd-session.h).
 */
#pragma once

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
