/* cd-identifiers.c — identifier and compact-date validation for the external formats. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cd-ascii.h"
#include "cd-clock.h"
#include "cd-document-error.h"
#include "cd-identifiers.h"

/* The 63 province codes of the personal identification number (Circular 07/2016/TT-BCA). */
static const guint16 province_codes[] = {
  1, 2, 4, 6, 8, 10, 11, 12, 14, 15, 17, 19, 20, 22, 24, 25, 26, 27, 30, 31, 33, 34, 35, 36, 37, 38,
  40, 42, 44, 45, 46, 48, 49, 51, 52, 54, 56, 58, 60, 62, 64, 66, 67, 68, 70, 72, 74, 75, 77, 79, 80,
  82, 83, 84, 86, 87, 89, 91, 92, 93, 94, 95, 96,
};

static int
digits_value (const char *text,
              gsize       n)
{
  int value = 0;

  for (gsize i = 0; i < n; i++)
    value = value * 10 + (text[i] - '0');
  return value;
}

static gboolean
fail (GError     **error,
      const char  *text,
      const char  *rule)
{
  g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_INVALID_FIELD,
               /* TRANSLATORS: first the value as written, then the rule it broke */
               _("“%s” is not valid: %s"), text, rule);
  return FALSE;
}

static int
current_year (void)
{
  return cd_date_year (cd_clock_get_today (cd_clock_get_default ()));
}

gboolean
cd_identifier_check_personal_id (const char  *text,
                                 GError     **error)
{
  int province, century;
  gboolean known = FALSE;

  g_return_val_if_fail (text != NULL, FALSE);

  if (!cd_ascii_is_digits (text, 12))
    return fail (error, text, _("a personal ID has exactly 12 digits"));

  province = digits_value (text, 3);
  for (guint i = 0; i < G_N_ELEMENTS (province_codes) && !known; i++)
    known = province_codes[i] == province;
  if (!known)
    return fail (error, text, _("the first three digits are not a province code"));

  /* 0/1: born 1900–1999, 2/3: 2000–2099; later centuries cannot exist yet. */
  century = text[3] - '0';
  if (century > 3)
    return fail (error, text, _("the century digit must be 0 to 3"));
  if (cd_personal_id_get_birth_year (text) > current_year ())
    return fail (error, text, _("the birth year is in the future"));
  return TRUE;
}

int
cd_personal_id_get_birth_year (const char *personal_id)
{
  g_return_val_if_fail (personal_id != NULL && strlen (personal_id) >= 6, 0);

  return 1900 + 100 * ((personal_id[3] - '0') / 2) + digits_value (personal_id + 4, 2);
}

gboolean
cd_personal_id_is_female (const char *personal_id)
{
  g_return_val_if_fail (personal_id != NULL && strlen (personal_id) >= 4, FALSE);

  return ((personal_id[3] - '0') % 2) == 1;
}

gboolean
cd_identifier_check_person_doc (const char       *text,
                                CdPersonDocType  *out_type,
                                GError          **error)
{
  gsize length;

  g_return_val_if_fail (text != NULL, FALSE);

  length = strlen (text);
  if (length == 12)
    {
      if (out_type != NULL)
        *out_type = CD_PERSON_DOC_PERSONAL_ID;
      return cd_identifier_check_personal_id (text, error);
    }
  if (length == 9 && cd_ascii_is_digits (text, 9))
    {
      if (out_type != NULL)
        *out_type = CD_PERSON_DOC_OLD_ID;
      return TRUE;
    }
  /* Vietnamese passports: one capital letter and seven digits (B1234567, C7654321). */
  if (length == 8 && g_ascii_isupper (text[0]) && cd_ascii_is_digits (text + 1, 7))
    {
      if (out_type != NULL)
        *out_type = CD_PERSON_DOC_PASSPORT;
      return TRUE;
    }
  return fail (error, text,
               _("expected a 12-digit personal ID, a 9-digit old ID or an 8-character passport"));
}

const char *
cd_person_doc_type_to_string (CdPersonDocType type)
{
  switch (type)
    {
    case CD_PERSON_DOC_PERSONAL_ID: return "personal-id";
    case CD_PERSON_DOC_OLD_ID: return "old-id";
    case CD_PERSON_DOC_PASSPORT: return "passport";
    default: return "unknown";
    }
}

gboolean
cd_identifier_check_si_code (const char  *text,
                             GError     **error)
{
  g_return_val_if_fail (text != NULL, FALSE);

  if (!cd_ascii_is_digits (text, 10))
    return fail (error, text, _("an SI code has exactly 10 digits"));
  if (strspn (text, "0") == 10)
    return fail (error, text, _("an SI code cannot be all zeros"));
  return TRUE;
}

gboolean
cd_identifier_check_health_card (const char  *text,
                                 GError     **error)
{
  g_return_val_if_fail (text != NULL, FALSE);

  /* Two letters (the holder group), the benefit level 1–5, the province, then the SI code. */
  if (strlen (text) != 15 || !g_ascii_isupper (text[0]) || !g_ascii_isupper (text[1]))
    return fail (error, text, _("a health-insurance card is 2 capital letters and 13 digits"));
  if (text[2] < '1' || text[2] > '5')
    return fail (error, text, _("the benefit level of a health-insurance card is 1 to 5"));
  if (!cd_ascii_is_digits (text + 3, 12))
    return fail (error, text, _("a health-insurance card is 2 capital letters and 13 digits"));
  if (strspn (text + 5, "0") == 10)
    return fail (error, text, _("an SI code cannot be all zeros"));
  return TRUE;
}

gboolean
cd_identifier_check_facility (const char  *text,
                              GError     **error)
{
  g_return_val_if_fail (text != NULL, FALSE);

  if (strlen (text) != 5)
    return fail (error, text, _("a facility code has exactly 5 characters"));
  for (guint i = 0; i < 5; i++)
    if (!g_ascii_isdigit (text[i]) && !g_ascii_isupper (text[i]))
      return fail (error, text, _("a facility code has only digits and capital letters"));
  return TRUE;
}

gboolean
cd_identifier_check_icd10 (const char  *text,
                           GError     **error)
{
  gsize length;

  g_return_val_if_fail (text != NULL, FALSE);

  /* A letter and two digits, then optionally a dot and one or two digits: O80, J18.9, S52.50. */
  length = strlen (text);
  if ((length == 3 || length == 5 || length == 6)
      && g_ascii_isupper (text[0]) && g_ascii_isdigit (text[1]) && g_ascii_isdigit (text[2])
      && (length == 3
          || (text[3] == '.' && g_ascii_isdigit (text[4])
              && (length == 5 || g_ascii_isdigit (text[5])))))
    return TRUE;
  return fail (error, text, _("an ICD-10 code is a capital letter, two digits and an optional .d or .dd"));
}

/* The dagger (†) and asterisk (*) of the ICD-10 dual classification: the MoH code lists write them
 * after the code (A17.0†, G01*) and hospital systems copy them into their exports. */
static gsize
icd10_mark_length (const char *text,
                   gsize       length)
{
  static const char dagger[] = "\xe2\x80\xa0";

  if (length > 1 && text[length - 1] == '*')
    return 1;
  if (length > 3 && g_str_has_suffix (text, dagger))
    return 3;
  return 0;
}

gboolean
cd_identifier_check_icd10_marked (const char  *text,
                                  GError     **error)
{
  gsize length, mark;
  g_autofree char *code = NULL;

  g_return_val_if_fail (text != NULL, FALSE);

  length = strlen (text);
  mark = icd10_mark_length (text, length);
  if (mark == 0)
    return cd_identifier_check_icd10 (text, error);
  code = g_strndup (text, length - mark);
  if (cd_identifier_check_icd10 (code, NULL))
    return TRUE;
  return fail (error, text, _("an ICD-10 code is a capital letter, two digits, an optional .d or "
                              ".dd and an optional dagger (†) or asterisk (*)"));
}

char *
cd_identifier_icd10_without_mark (const char *text)
{
  g_return_val_if_fail (text != NULL, NULL);

  return g_strndup (text, strlen (text) - icd10_mark_length (text, strlen (text)));
}

static gboolean
check_calendar (const char    *text,
                CdPartialDate *date,
                GError       **error)
{
  if (date->year < 1900 || date->year > 2199)
    return fail (error, text, _("the year is out of range"));
  if (date->month > 12)
    return fail (error, text, _("there is no such month"));
  if (date->month == 0 && date->day != 0)
    return fail (error, text, _("a day cannot be known when the month is not"));
  if (date->day != 0 && !g_date_valid_dmy (date->day, date->month, date->year))
    return fail (error, text, _("there is no such day in the calendar"));
  if (date->hour > 23 || date->minute > 59 || date->second > 59)
    return fail (error, text, _("there is no such time of day"));

  if (date->month == 0)
    date->precision = CD_DATE_PRECISION_YEAR;
  else if (date->day == 0)
    date->precision = CD_DATE_PRECISION_MONTH;
  return TRUE;
}

gboolean
cd_date_parse_compact (const char     *text,
                       CdPartialDate  *out_date,
                       GError        **error)
{
  CdPartialDate date = { 0 };
  gsize length;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out_date != NULL, FALSE);

  length = strlen (text);
  if ((length != 8 && length != 12 && length != 14) || !cd_ascii_is_digits (text, length))
    return fail (error, text, _("a date is yyyyMMdd, yyyyMMddHHmm or yyyyMMddHHmmss"));

  date.year = digits_value (text, 4);
  date.month = digits_value (text + 4, 2);
  date.day = digits_value (text + 6, 2);
  date.precision = CD_DATE_PRECISION_DAY;
  if (length >= 12)
    {
      date.hour = digits_value (text + 8, 2);
      date.minute = digits_value (text + 10, 2);
      date.precision = CD_DATE_PRECISION_MINUTE;
    }
  if (length == 14)
    {
      date.second = digits_value (text + 12, 2);
      date.precision = CD_DATE_PRECISION_SECOND;
    }
  if (!check_calendar (text, &date, error))
    return FALSE;
  *out_date = date;
  return TRUE;
}

gboolean
cd_date_parse_dmy (const char     *text,
                   CdPartialDate  *out_date,
                   GError        **error)
{
  CdPartialDate date = { 0 };

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out_date != NULL, FALSE);

  if (strlen (text) != 10 || text[2] != '/' || text[5] != '/'
      || !cd_ascii_is_digits (text + 6, 4)
      || !g_ascii_isdigit (text[0]) || !g_ascii_isdigit (text[1])
      || !g_ascii_isdigit (text[3]) || !g_ascii_isdigit (text[4]))
    return fail (error, text, _("a date is dd/MM/yyyy"));

  date.day = digits_value (text, 2);
  date.month = digits_value (text + 3, 2);
  date.year = digits_value (text + 6, 4);
  date.precision = CD_DATE_PRECISION_DAY;
  if (!check_calendar (text, &date, error))
    return FALSE;
  *out_date = date;
  return TRUE;
}

char *
cd_partial_date_to_iso (const CdPartialDate *date)
{
  g_return_val_if_fail (date != NULL, NULL);

  switch (date->precision)
    {
    case CD_DATE_PRECISION_YEAR:
      return g_strdup_printf ("%04d", date->year);
    case CD_DATE_PRECISION_MONTH:
      return g_strdup_printf ("%04d-%02d", date->year, date->month);
    case CD_DATE_PRECISION_DAY:
      return g_strdup_printf ("%04d-%02d-%02d", date->year, date->month, date->day);
    case CD_DATE_PRECISION_MINUTE:
      return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d", date->year, date->month, date->day,
                              date->hour, date->minute);
    case CD_DATE_PRECISION_SECOND:
      return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02d", date->year, date->month,
                              date->day, date->hour, date->minute, date->second);
    default:
      g_assert_not_reached ();
    }
}

int
cd_partial_date_compare (const CdPartialDate *a,
                         const CdPartialDate *b)
{
  int fa[] = { a->year, a->month, a->day, a->hour, a->minute, a->second };
  int fb[] = { b->year, b->month, b->day, b->hour, b->minute, b->second };

  for (guint i = 0; i < G_N_ELEMENTS (fa); i++)
    if (fa[i] != fb[i])
      return fa[i] < fb[i] ? -1 : 1;
  return 0;
}
