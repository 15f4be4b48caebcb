/* cd-password-rules.c — what makes a password acceptable. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cd-password.h"
#include "cd-password-rules.h"

/* What attackers try first, as people in an office write them (compared case-folded, with spaces
 * and the marks of Vietnamese letters as typed). A short list on purpose: it catches the habit,
 * length does the rest. */
static const char * const common_passwords[] = {
  "12345678", "123456789", "1234567890", "0123456789", "87654321", "11111111", "00000000",
  "password", "password1", "password123", "passw0rd", "matkhau", "matkhau1", "matkhau123",
  "mật khẩu", "mậtkhẩu", "matkhau@123", "qwertyui", "qwerty123", "abc12345", "abcd1234",
  "admin123", "administrator", "iloveyou", "anhyeuem", "emyeuanh", "baohiem", "baohiemxahoi",
  "bhxh1234", "bhxh@123", "12341234", "11223344", "a1234567", "1qaz2wsx", "zxcvbnm1",
};

static char *
fold (const char *text)
{
  g_autofree char *normal = g_utf8_normalize (text, -1, G_NORMALIZE_NFC);

  return g_utf8_casefold (normal != NULL ? normal : text, -1);
}

static gboolean
one_character_repeated (const char *text)
{
  gunichar first = g_utf8_get_char (text);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (g_utf8_get_char (p) != first)
      return FALSE;
  return TRUE;
}

static gboolean
is_common (const char *folded)
{
  for (gsize i = 0; i < G_N_ELEMENTS (common_passwords); i++)
    {
      g_autofree char *entry = fold (common_passwords[i]);

      if (strcmp (folded, entry) == 0)
        return TRUE;
    }
  return one_character_repeated (folded);
}

/* A login of one letter would forbid half the alphabet: only logins of 3 or more count. */
static gboolean
mentions_account (const char *folded,
                  const char *login,
                  const char *full_name)
{
  if (login != NULL && g_utf8_strlen (login, -1) >= 3)
    {
      g_autofree char *folded_login = fold (login);

      if (strstr (folded, folded_login) != NULL)
        return TRUE;
    }
  if (full_name != NULL && *full_name != '\0')
    {
      g_autofree char *folded_name = fold (full_name);

      if (strcmp (folded, folded_name) == 0)
        return TRUE;
    }
  return FALSE;
}

guint
cd_password_rules_met (const char *password,
                       const char *login,
                       const char *full_name)
{
  g_autofree char *folded = NULL;
  guint met = 0;

  g_return_val_if_fail (password != NULL, 0);

  if (g_utf8_strlen (password, -1) >= CD_PASSWORD_MIN_LENGTH)
    met |= CD_PASSWORD_RULE_BIT (CD_PASSWORD_RULE_LENGTH);
  if (*password == '\0')
    return met;
  folded = fold (password);
  if (!mentions_account (folded, login, full_name))
    met |= CD_PASSWORD_RULE_BIT (CD_PASSWORD_RULE_NOT_ACCOUNT);
  if (!is_common (folded))
    met |= CD_PASSWORD_RULE_BIT (CD_PASSWORD_RULE_NOT_COMMON);
  return met;
}

const char *
cd_password_rule_describe (CdPasswordRule rule)
{
  static char *length;

  switch (rule)
    {
    case CD_PASSWORD_RULE_LENGTH:
      /* Made once: the minimum is a constant, and the string outlives every caller. */
      if (g_once_init_enter (&length))
        g_once_init_leave (&length, g_strdup_printf (_("At least %d characters"),
                                                     CD_PASSWORD_MIN_LENGTH));
      return length;
    case CD_PASSWORD_RULE_NOT_ACCOUNT:
      return _("Not the login or the full name");
    case CD_PASSWORD_RULE_NOT_COMMON:
      return _("Not a well-known password such as “12345678”");
    case CD_PASSWORD_N_RULES:
    default:
      g_return_val_if_reached (NULL);
    }
}

static void
set_weak_error (GError         **error,
                CdPasswordRule   rule)
{
  switch (rule)
    {
    case CD_PASSWORD_RULE_LENGTH:
      g_set_error (error, CD_PASSWORD_ERROR, CD_PASSWORD_ERROR_WEAK,
                   _("A password needs at least %d characters"), CD_PASSWORD_MIN_LENGTH);
      break;
    case CD_PASSWORD_RULE_NOT_ACCOUNT:
      g_set_error (error, CD_PASSWORD_ERROR, CD_PASSWORD_ERROR_WEAK,
                   _("A password must not contain the login nor be the full name."));
      break;
    case CD_PASSWORD_RULE_NOT_COMMON:
    case CD_PASSWORD_N_RULES:
    default:
      g_set_error (error, CD_PASSWORD_ERROR, CD_PASSWORD_ERROR_WEAK,
                   _("That password is among the first anyone would try; choose another."));
      break;
    }
}

gboolean
cd_password_rules_check (const char  *password,
                         const char  *login,
                         const char  *full_name,
                         GError     **error)
{
  guint met;

  g_return_val_if_fail (password != NULL, FALSE);

  met = cd_password_rules_met (password, login, full_name);
  for (CdPasswordRule rule = 0; rule < CD_PASSWORD_N_RULES; rule++)
    if ((met & CD_PASSWORD_RULE_BIT (rule)) == 0)
      {
        set_weak_error (error, rule);
        return FALSE;
      }
  return TRUE;
}
