/* cd-account-change.h — what an administrator does to an account, run off the main loop.
 *
 * The accounts page of the workstation makes one CdAccountChange per button and hands it to
 * cd_account_change_apply_async, which runs the matching cd_users_* call (cd-users.h) on the shared
 * writer, so every rule (administrators only, nobody changes their own role, the last administrator
 * stays, each change audited) is the same as on the command line.
 */
#pragma once

#include "cd-database.h"
#include "cd-session.h"
#include "cd-users.h"

G_BEGIN_DECLS

typedef enum
{
  CD_ACCOUNT_CHANGE_ADD,             /* login, full_name, role, password (one-time) */
  CD_ACCOUNT_CHANGE_RESET_PASSWORD,  /* login, password (one-time) */
  CD_ACCOUNT_CHANGE_DEACTIVATE,      /* login */
  CD_ACCOUNT_CHANGE_REACTIVATE,      /* login */
  CD_ACCOUNT_CHANGE_SET_ROLE,        /* login, role */
  CD_ACCOUNT_CHANGE_LIFT_LOCKOUT,    /* login */
} CdAccountChangeKind;

typedef struct
{
  CdAccountChangeKind  kind;
  char                *login;
  char                *full_name;
  CdRole               role;
  char                *password;  /* wiped when the change is freed */
} CdAccountChange;

CdAccountChange *cd_account_change_new  (CdAccountChangeKind  kind,
                                         const char          *login);
void             cd_account_change_free (CdAccountChange     *change);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdAccountChange, cd_account_change_free)

/* Runs `change` for `admin` (synchronously: the CLI, tests). */
gboolean   cd_account_change_apply        (CdDatabase             *db,
                                           CdSession              *admin,
                                           const CdAccountChange  *change,
                                           GError                **error);

/* The same on the writer; `change` is copied. */
void       cd_account_change_apply_async  (CdDatabase             *writer,
                                           CdSession              *admin,
                                           const CdAccountChange  *change,
                                           GCancellable           *cancellable,
                                           GAsyncReadyCallback     callback,
                                           gpointer                user_data);
gboolean   cd_account_change_apply_finish (CdDatabase             *writer,
                                           GAsyncResult           *result,
                                           GError                **error);

/* cd_users_list on the writer, so that a list read after a change shows it. A GPtrArray of CdUser. */
void       cd_users_list_async            (CdDatabase             *writer,
                                           GCancellable           *cancellable,
                                           GAsyncReadyCallback     callback,
                                           gpointer                user_data);
GPtrArray *cd_users_list_finish           (CdDatabase             *writer,
                                           GAsyncResult           *result,
                                           GError                **error);

G_END_DECLS
