/* cd-password-rules-view.h — the password rules (cd-password-rules.h) as a list ticked as the user
 * types, under a field where a password is chosen (the first administrator, a one-time password
 * being replaced, an administrator's new account).
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CD_TYPE_PASSWORD_RULES_VIEW (cd_password_rules_view_get_type ())
G_DECLARE_FINAL_TYPE (CdPasswordRulesView, cd_password_rules_view, CD, PASSWORD_RULES_VIEW,
                      GtkBox)

GtkWidget *cd_password_rules_view_new    (void);
/* Ticks the rules `password` meets; `login` and `full_name` may be NULL. */
void       cd_password_rules_view_update (CdPasswordRulesView *self,
                                          const char          *password,
                                          const char          *login,
                                          const char          *full_name);
/* A bit per rule met (CD_PASSWORD_RULE_BIT), as last updated. */
guint      cd_password_rules_view_get_met (CdPasswordRulesView *self);

G_END_DECLS
