/* cd-account-dialog.h — the form an administrator fills to add an account or give an account a
 * new one-time password: the fields, a one-time password already drawn (cd-password-rules.h) that
 * can be replaced, and the rules ticked as it is typed. The "apply" response is enabled only when
 * the form would be accepted.
 */
#pragma once

#include <adwaita.h>

#include "cd-account-change.h"

G_BEGIN_DECLS

#define CD_TYPE_ACCOUNT_DIALOG (cd_account_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CdAccountDialog, cd_account_dialog, CD, ACCOUNT_DIALOG, AdwMessageDialog)

/* A new account (login, full name, role, one-time password). */
CdAccountDialog *cd_account_dialog_new_add   (GtkWindow       *parent);
/* A new one-time password for `user`. */
CdAccountDialog *cd_account_dialog_new_reset (GtkWindow       *parent,
                                              const CdUser    *user);

/* What the form says, once "apply" was chosen. */
CdAccountChange *cd_account_dialog_get_change (CdAccountDialog *self);

G_END_DECLS
