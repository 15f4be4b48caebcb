/* cd-accounts-page.h — the Accounts page of Preferences: every account of the store with its state
 * (role, deactivated, waiting after wrong passwords, one-time password not yet changed), and, for
 * an administrator, adding accounts, new one-time passwords, deactivating and reactivating,
 * changing roles and lifting waits. Each change goes through core (cd-account-change.h), which
 * checks it and writes it to the audit log.
 */
#pragma once

#include <adwaita.h>

#include "cd-context.h"

G_BEGIN_DECLS

#define CD_TYPE_ACCOUNTS_PAGE (cd_accounts_page_get_type ())
G_DECLARE_FINAL_TYPE (CdAccountsPage, cd_accounts_page, CD, ACCOUNTS_PAGE, AdwPreferencesPage)

CdAccountsPage *cd_accounts_page_new        (CdContext      *context);

/* TRUE once the list shows the store's accounts as they are now (no read or change under way). */
gboolean        cd_accounts_page_is_idle    (CdAccountsPage *self);
/* The row of `login`, or NULL: tests. */
AdwActionRow   *cd_accounts_page_find_row   (CdAccountsPage *self,
                                             const char     *login);

G_END_DECLS
