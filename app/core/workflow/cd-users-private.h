/* cd-users-private.h — what the accounts' files (cd-users.c, cd-users-admin.c) share. */
#pragma once

#include "cd-statement.h"
#include "cd-users.h"

G_BEGIN_DECLS

/* The columns cd_users_user_from_row reads, in its order. */
#define CD_USERS_COLUMNS \
  "id, login, full_name, role, active, password_hash IS NOT NULL, created_at," \
  " must_change_password, failed_sign_ins, locked_until"

CdUser   *cd_users_user_from_row   (CdStatement   *stmt);
/* The account's state as the audit log keeps it: never a password or its hash. */
char     *cd_users_state_json      (const CdUser  *user);
/* Appends "user.<what>" about `user` by `actor` (0: nobody signed in), inside the caller's
 * transaction. */
gboolean  cd_users_audit           (CdDatabase    *db,
                                    gint64         actor,
                                    const char    *action,
                                    gint64         user_id,
                                    const char    *before,
                                    const char    *after,
                                    GError       **error);
void      cd_users_set_query_error  (GError       **error,
                                     const GError  *cause);
void      cd_users_set_change_error (GError       **error,
                                     const GError  *cause);

G_END_DECLS
