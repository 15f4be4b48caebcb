/* fuzz-identifiers.c — libFuzzer target: every identifier and date check on arbitrary text. */
#include <stdint.h>

#include "cd-identifiers.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  CdPersonDocType type;
  CdPartialDate date;

  if (cd_identifier_check_personal_id (text, NULL))
    {
      g_assert (cd_personal_id_get_birth_year (text) >= 1900);
      (void) cd_personal_id_is_female (text);
    }
  (void) cd_identifier_check_person_doc (text, &type, NULL);
  (void) cd_identifier_check_si_code (text, NULL);
  (void) cd_identifier_check_health_card (text, NULL);
  (void) cd_identifier_check_facility (text, NULL);
  (void) cd_identifier_check_icd10 (text, NULL);
  if (cd_date_parse_compact (text, &date, NULL) || cd_date_parse_dmy (text, &date, NULL))
    {
      g_autofree char *iso = cd_partial_date_to_iso (&date);

      g_assert (iso != NULL && iso[0] != '\0');
    }
  return 0;
}
