/* cd-card-check.c — whether a scanned citizen card names the person the population register does.
 */
#include "config.h"

#include <string.h>

#include "cd-card-check.h"
#include "cd-text-fold.h"

/* The form two spellings of one name share: NFC, case-folded, one space between words. */
static char *
name_key (const char *name)
{
  g_autofree char *nfc = g_utf8_normalize (name, -1, G_NORMALIZE_NFC);
  g_autofree char *folded = NULL;
  GString *out;
  gboolean pending_space = FALSE;

  if (nfc == NULL)
    return g_strdup ("");
  folded = g_utf8_casefold (nfc, -1);
  out = g_string_sized_new (strlen (folded));
  for (const char *p = folded; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          pending_space = out->len > 0;
          continue;
        }
      if (pending_space)
        g_string_append_c (out, ' ');
      pending_space = FALSE;
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

gboolean
cd_card_name_matches (const char *card_name,
                      const char *registered_name)
{
  g_autofree char *card_key = NULL;
  g_autofree char *registered_key = NULL;
  g_autofree char *card_plain = NULL;
  g_autofree char *registered_plain = NULL;

  g_return_val_if_fail (card_name != NULL, FALSE);
  g_return_val_if_fail (registered_name != NULL, FALSE);

  card_key = name_key (card_name);
  registered_key = name_key (registered_name);
  if (*card_key != '\0' && g_str_equal (card_key, registered_key))
    return TRUE;

  /* A scanner that cannot type Vietnamese drops every accent: "Nguyen Van An" is "Nguyễn Văn An"
   * spelt without them, not someone else. Only a name with none left qualifies; one that kept some
   * says which accents it means, and a different one is a different name. */
  if (!g_str_is_ascii (card_key))
    return FALSE;
  card_plain = cd_text_fold (card_key);
  registered_plain = cd_text_fold (registered_key);
  return *card_plain != '\0' && g_str_equal (card_plain, registered_plain);
}

gboolean
cd_card_birth_date_matches (const char *card_birth,
                            const char *registered_birth)
{
  gsize known;

  g_return_val_if_fail (card_birth != NULL, FALSE);
  g_return_val_if_fail (registered_birth != NULL, FALSE);

  /* YYYY-MM-DD against YYYY-MM-DD, or against the year (and month) the register knows. */
  known = strlen (registered_birth);
  if (known != 4 && known != 7 && known != 10)
    return FALSE;
  return strncmp (card_birth, registered_birth, known) == 0
         && (card_birth[known] == '\0' || card_birth[known] == '-');
}

CdFinding *
cd_card_check (const CdCitizenCard *card,
               const char          *registered_name,
               const char          *registered_birth)
{
  g_autoptr(GString) vi = NULL;
  g_autoptr(GString) en = NULL;
  gboolean name_ok;
  gboolean birth_ok;

  g_return_val_if_fail (card != NULL, NULL);

  if (registered_name == NULL)
    return cd_finding_new (CD_FINDING_CARD_NOT_CHECKED, CD_FINDING_WARNING,
                           g_strdup_printf ("Chưa đối chiếu được thẻ căn cước %s: không có thông"
                                            " tin nhân thân từ cơ sở dữ liệu dân cư.",
                                            card->personal_id),
                           g_strdup_printf ("The citizen card %s could not be checked: there is no"
                                            " identity from the population register.",
                                            card->personal_id));

  name_ok = cd_card_name_matches (card->full_name, registered_name);
  birth_ok = registered_birth == NULL
             || cd_card_birth_date_matches (card->birth_date, registered_birth);
  if (name_ok && birth_ok)
    return NULL;

  /* One finding names every value that differs, the card's first. */
  vi = g_string_new ("Thẻ căn cước không khớp với cơ sở dữ liệu dân cư: ");
  en = g_string_new ("The citizen card does not match the population register: ");
  if (!name_ok)
    {
      g_string_append_printf (vi, "họ tên trên thẻ là “%s”, trong cơ sở dữ liệu dân cư là “%s”",
                              card->full_name, registered_name);
      g_string_append_printf (en, "the name on the card is “%s”, in the register “%s”",
                              card->full_name, registered_name);
    }
  if (!name_ok && !birth_ok)
    {
      g_string_append (vi, "; ");
      g_string_append (en, "; ");
    }
  if (!birth_ok)
    {
      g_string_append_printf (vi, "ngày sinh trên thẻ là %s, trong cơ sở dữ liệu dân cư là %s",
                              card->birth_date, registered_birth);
      g_string_append_printf (en, "the birth date on the card is %s, in the register %s",
                              card->birth_date, registered_birth);
    }
  g_string_append_c (vi, '.');
  g_string_append_c (en, '.');
  return cd_finding_new (CD_FINDING_CARD_IDENTITY_MISMATCH, CD_FINDING_ERROR,
                         g_string_free (g_steal_pointer (&vi), FALSE),
                         g_string_free (g_steal_pointer (&en), FALSE));
}
