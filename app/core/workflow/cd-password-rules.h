/* cd-password-rules.h — what makes a password acceptable, asked as the user types.
 *
 * Length matters most and composition rules mostly teach people to write "Password1!", so the
 * rules are few (as NIST SP 800-63B advises): long enough, not the account's own login or name,
 * not one of the passwords every attacker tries first, and not one character over and over. Each
 * rule is checked on its own so that a form can show them as a list, ticked as they are met; core
 * applies the same list wherever a password is set (cd-users.h).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  CD_PASSWORD_RULE_LENGTH,       /* at least CD_PASSWORD_MIN_LENGTH characters */
  CD_PASSWORD_RULE_NOT_ACCOUNT,  /* does not contain the login, nor equal the full name */
  CD_PASSWORD_RULE_NOT_COMMON,   /* not a well-known password, nor one character repeated */
  CD_PASSWORD_N_RULES
} CdPasswordRule;

#define CD_PASSWORD_RULE_BIT(rule) (1u << (rule))
#define CD_PASSWORD_ALL_RULES ((1u << CD_PASSWORD_N_RULES) - 1)

/* A bit per rule that `password` meets; `login` and `full_name` may be NULL (not known yet). */
guint        cd_password_rules_met      (const char      *password,
                                         const char      *login,
                                         const char      *full_name);
/* The rule as a user reads it, translated: "At least 8 characters". */
const char  *cd_password_rule_describe  (CdPasswordRule   rule);
/* FALSE with CD_PASSWORD_ERROR_WEAK naming the first rule `password` does not meet. */
gboolean     cd_password_rules_check    (const char      *password,
                                         const char      *login,
                                         const char      *full_name,
                                         GError         **error);

G_END_DECLS
