/* cd-demo-accounts.h — accounts a newcomer can sign in with in `claimdesk --demo`.
 *
 * A seeded store has accounts but no passwords (nobody could sign in). For the demo only, the first
 * officer and the first two supervisors of the sample world get a known password, set through an
 * administrator made for the purpose, so every step is audited like any other. Never used outside
 * demo mode.
 */
#pragma once

#include "cd-database.h"
#include "cd-users.h"

G_BEGIN_DECLS

#define CD_DEMO_PASSWORD    "claimdesk"
#define CD_DEMO_ADMIN_LOGIN "demo-admin"

/* Gives the demo accounts their password if the store has no usable administrator yet; does
 * nothing otherwise (a store someone already set up keeps its accounts). */
gboolean cd_demo_accounts_ensure (CdDatabase  *db,
                                  GError     **error);

/* The demo officer the screenshots and the start-up probe sign in as. */
#define CD_DEMO_OFFICER_LOGIN    "cb01"
#define CD_DEMO_SUPERVISOR_LOGIN "gs01"

/* Opens the store at db_path (without the slow integrity check), makes sure the demo accounts can
 * sign in, and signs `login` in. Blocking (Argon2id): for a worker thread. */
CdSession *cd_demo_accounts_sign_in (const char  *db_path,
                                     const char  *login,
                                     GError     **error);
/* The same in a worker thread. */
void       cd_demo_accounts_sign_in_async  (const char          *db_path,
                                            const char          *login,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
CdSession *cd_demo_accounts_sign_in_finish (GAsyncResult        *result,
                                            GError             **error);

G_END_DECLS
