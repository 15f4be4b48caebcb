/* cd-citizen-card.c — reading the QR code of a chip-based citizen ID card. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cd-ascii.h"
#include "cd-citizen-card.h"
#include "cd-document-error.h"
#include "cd-identifiers.h"

/* The fields in the order the card writes them. */
enum
{
  FIELD_PERSONAL_ID,
  FIELD_OLD_ID,
  FIELD_FULL_NAME,
  FIELD_BIRTH_DATE,
  FIELD_SEX,
  FIELD_ADDRESS,
  FIELD_ISSUE_DATE,
  N_FIELDS
};

gboolean
cd_citizen_card_is_qr_payload (const char *text)
{
  return text != NULL && strchr (text, '|') != NULL;
}

/* ddMMyyyy, a day that exists, as YYYY-MM-DD; NULL if it is not one. */
static char *
dmy_to_iso (const char *text)
{
  int day, month, year;

  if (strlen (text) != 8 || !cd_ascii_is_digits (text, 8))
    return NULL;
  day = (text[0] - '0') * 10 + (text[1] - '0');
  month = (text[2] - '0') * 10 + (text[3] - '0');
  year = 0;
  for (guint i = 4; i < 8; i++)
    year = year * 10 + (text[i] - '0');
  if (year < 1900 || month < 1 || month > 12 || day < 1
      || !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return NULL;
  return g_strdup_printf ("%04d-%02d-%02d", year, month, day);
}

/* The text with every run of white space made one space: a name typed or printed with two spaces
 * (or a tab from the scanner) is the same name. */
static char *
collapse_spaces (const char *text)
{
  GString *out = g_string_sized_new (strlen (text));
  gboolean pending_space = FALSE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
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

CdCitizenCard *
cd_citizen_card_parse_qr (const char  *payload,
                          GError     **error)
{
  g_autoptr(CdCitizenCard) card = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *nfc = NULL;
  g_auto(GStrv) fields = NULL;
  gsize length;
  guint n_fields;
  int birth_year;

  g_return_val_if_fail (payload != NULL, NULL);

  length = strlen (payload);
  if (length > CD_CITIZEN_CARD_QR_MAX_LENGTH)
    {
      g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_TOO_LARGE,
                   _("The card's QR code is %lu bytes long, more than a card's can be"),
                   (unsigned long) length);
      return NULL;
    }
  if (!g_utf8_validate (payload, (gssize) length, NULL))
    {
      g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_ENCODING,
                   _("The card's QR code is not UTF-8 text"));
      return NULL;
    }

  /* Scanners differ in how they type accents: decomposed ones are composed first, so that every
   * name read off a card compares with the registers' (which are NFC). The CR, LF or tab a
   * scanner ends with, and any space around the payload, are no part of it. */
  nfc = g_utf8_normalize (payload, -1, G_NORMALIZE_NFC);
  g_strstrip (nfc);
  fields = g_strsplit (nfc, "|", -1);
  n_fields = g_strv_length (fields);
  for (guint i = 0; i < n_fields; i++)
    g_strstrip (fields[i]);
  /* Some scanners end with a "|" of their own: empty fields after the seventh are no part of the
   * card. A field with something in it is: a payload of another count is not the layout we know,
   * and its fields cannot be trusted to be where we would read them. */
  while (n_fields > N_FIELDS && *fields[n_fields - 1] == '\0')
    n_fields--;
  if (n_fields != N_FIELDS)
    {
      g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_MALFORMED,
                   /* TRANSLATORS: %u is how many fields were read, %s the whole scan */
                   _("The card's QR code should have 7 fields separated by “|”, but has %u: “%s”"),
                   n_fields, nfc);
      return NULL;
    }

  card = g_new0 (CdCitizenCard, 1);
  if (!cd_identifier_check_personal_id (fields[FIELD_PERSONAL_ID], &local_error))
    {
      g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_INVALID_FIELD,
                   /* TRANSLATORS: %s says which ID was read and why it cannot be one */
                   _("The card's QR code has a wrong personal ID: %s"), local_error->message);
      return NULL;
    }
  card->personal_id = g_strdup (fields[FIELD_PERSONAL_ID]);

  /* Cards issued to holders of the 12-digit identity cards of 2012–2016 carry that number. */
  length = strlen (fields[FIELD_OLD_ID]);
  if (length > 0)
    {
      if ((length != 9 && length != 12) || !cd_ascii_is_digits (fields[FIELD_OLD_ID], length))
        {
          g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_INVALID_FIELD,
                       _("The card's QR code has an old ID “%s” that is not 9 or 12 digits"),
                       fields[FIELD_OLD_ID]);
          return NULL;
        }
      card->old_id = g_strdup (fields[FIELD_OLD_ID]);
    }

  card->full_name = collapse_spaces (fields[FIELD_FULL_NAME]);
  if (*card->full_name == '\0')
    {
      g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_MISSING_FIELD,
                   _("The card's QR code has no full name"));
      return NULL;
    }

  card->birth_date = dmy_to_iso (fields[FIELD_BIRTH_DATE]);
  if (card->birth_date == NULL)
    {
      g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_INVALID_FIELD,
                   _("The card's QR code has a birth date “%s” that is not a date"),
                   fields[FIELD_BIRTH_DATE]);
      return NULL;
    }
  /* The personal ID says the century and year of its holder's birth: a card whose birth date is in
   * another year was misread, or its fields do not all come from one card. */
  birth_year = (int) g_ascii_strtoll (card->birth_date, NULL, 10);
  if (birth_year != cd_personal_id_get_birth_year (card->personal_id))
    {
      g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_INVALID_FIELD,
                   /* TRANSLATORS: the birth date as read (ddMMyyyy), its year, the personal ID
                    * and the year of birth that ID stands for */
                   _("The card's QR code has a birth date “%s” in %d, but its personal ID %s is "
                     "of someone born in %d"),
                   fields[FIELD_BIRTH_DATE], birth_year, card->personal_id,
                   cd_personal_id_get_birth_year (card->personal_id));
      return NULL;
    }
  card->sex = g_strdup (fields[FIELD_SEX]);
  card->address = g_strdup (fields[FIELD_ADDRESS]);
  card->issue_date = dmy_to_iso (fields[FIELD_ISSUE_DATE]);
  if (card->issue_date == NULL)
    {
      g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_INVALID_FIELD,
                   _("The card's QR code has an issue date “%s” that is not a date"),
                   fields[FIELD_ISSUE_DATE]);
      return NULL;
    }
  /* Both dates read, but in the wrong order: a misread, or the two fields swapped. */
  if (strcmp (card->issue_date, card->birth_date) < 0)
    {
      g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_INVALID_FIELD,
                   _("The card's QR code has an issue date “%s” before the birth date “%s”"),
                   fields[FIELD_ISSUE_DATE], fields[FIELD_BIRTH_DATE]);
      return NULL;
    }
  return g_steal_pointer (&card);
}

CdCitizenCard *
cd_citizen_card_copy (const CdCitizenCard *card)
{
  CdCitizenCard *copy;

  g_return_val_if_fail (card != NULL, NULL);

  copy = g_new0 (CdCitizenCard, 1);
  copy->personal_id = g_strdup (card->personal_id);
  copy->old_id = g_strdup (card->old_id);
  copy->full_name = g_strdup (card->full_name);
  copy->birth_date = g_strdup (card->birth_date);
  copy->sex = g_strdup (card->sex);
  copy->address = g_strdup (card->address);
  copy->issue_date = g_strdup (card->issue_date);
  return copy;
}

void
cd_citizen_card_free (CdCitizenCard *card)
{
  if (card == NULL)
    return;
  g_free (card->personal_id);
  g_free (card->old_id);
  g_free (card->full_name);
  g_free (card->birth_date);
  g_free (card->sex);
  g_free (card->address);
  g_free (card->issue_date);
  g_free (card);
}
