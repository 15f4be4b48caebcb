/* test-identifiers.c — personal IDs, SI codes, cards, facility and ICD-10 codes, compact dates. */
#include <string.h>

#include "cd-ascii.h"
#include "cd-document-error.h"
#include "cd-identifiers.h"

typedef gboolean (*CheckFunc) (const char *text, GError **error);

typedef struct
{
  const char *value;
  gboolean    valid;
} IdCase;

static void
run_cases (CheckFunc     check,
           const IdCase *cases,
           guint         n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean ok = check (cases[i].value, &error);

      g_test_message ("%s", cases[i].value);
      g_assert_cmpint (ok, ==, cases[i].valid);
      if (!ok)
        {
          g_assert_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_INVALID_FIELD);
          /* The message quotes the value so an officer sees what was wrong. */
          g_assert_nonnull (strstr (error->message, cases[i].value));
        }
    }
}

static void
test_personal_id (void)
{
  static const IdCase cases[] = {
    { "079190012345", TRUE },   /* HCMC, woman born 1990 */
    { "001085012346", TRUE },   /* Hà Nội, man born 1985 */
    { "079225001234", TRUE },   /* HCMC, boy born 2025 */
    { "096351000001", FALSE },  /* Cà Mau, a girl born in 2051: in the future */
    { "003190012345", FALSE },  /* 003 is not a province */
    { "079490012345", FALSE },  /* century digit 4: born after 2099 */
    { "07919001234", FALSE },
    { "0791900123456", FALSE },
    { "07919001234A", FALSE },
    { "", FALSE },
  };
  run_cases (cd_identifier_check_personal_id, cases, G_N_ELEMENTS (cases));

  g_assert_cmpint (cd_personal_id_get_birth_year ("079190012345"), ==, 1990);
  g_assert_cmpint (cd_personal_id_get_birth_year ("079225001234"), ==, 2025);
  g_assert_true (cd_personal_id_is_female ("079190012345"));
  g_assert_false (cd_personal_id_is_female ("001085012346"));
}

static void
test_person_doc (void)
{
  struct { const char *value; gboolean valid; CdPersonDocType type; } cases[] = {
    { "079190012345", TRUE, CD_PERSON_DOC_PERSONAL_ID },
    { "025123456", TRUE, CD_PERSON_DOC_OLD_ID },
    { "C1234567", TRUE, CD_PERSON_DOC_PASSPORT },
    { "c1234567", FALSE, 0 },
    { "CC123456", FALSE, 0 },
    { "02512345", FALSE, 0 },
    { "003190012345", FALSE, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      CdPersonDocType type = 99;
      gboolean ok = cd_identifier_check_person_doc (cases[i].value, &type, &error);

      g_test_message ("%s", cases[i].value);
      g_assert_cmpint (ok, ==, cases[i].valid);
      if (ok)
        g_assert_cmpint (type, ==, cases[i].type);
      else
        g_assert_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_INVALID_FIELD);
    }
  g_assert_cmpstr (cd_person_doc_type_to_string (CD_PERSON_DOC_PASSPORT), ==, "passport");
}

static void
test_si_card_facility_icd (void)
{
  static const IdCase si[] = {
    { "7912345678", TRUE }, { "0000000001", TRUE }, { "0000000000", FALSE },
    { "791234567", FALSE }, { "79123456789", FALSE }, { "79123A5678", FALSE },
  };
  static const IdCase cards[] = {
    { "DN4797912345678", TRUE }, { "HT3010112233445", TRUE },
    { "DN6797912345678", FALSE },  /* benefit level 6 */
    { "DN0797912345678", FALSE },
    { "dn4797912345678", FALSE },
    { "DN479791234567", FALSE },
    { "DN4790000000000", FALSE },  /* SI code all zeros */
  };
  static const IdCase facilities[] = {
    { "79001", TRUE }, { "01A02", TRUE }, { "7900", FALSE }, { "790011", FALSE }, { "79-01", FALSE },
  };
  static const IdCase icd[] = {
    { "O80", TRUE }, { "J18.9", TRUE }, { "S52.50", TRUE }, { "O84.2", TRUE },
    { "o80", FALSE }, { "J189", FALSE }, { "J18.", FALSE }, { "J18.123", FALSE }, { "18.9", FALSE },
  };

  run_cases (cd_identifier_check_si_code, si, G_N_ELEMENTS (si));
  run_cases (cd_identifier_check_health_card, cards, G_N_ELEMENTS (cards));
  run_cases (cd_identifier_check_facility, facilities, G_N_ELEMENTS (facilities));
  run_cases (cd_identifier_check_icd10, icd, G_N_ELEMENTS (icd));
}

static void
test_compact_dates (void)
{
  struct { const char *text; const char *iso; } good[] = {
    { "20250308", "2025-03-08" },
    { "202503080915", "2025-03-08T09:15" },
    { "20250407153015", "2025-04-07T15:30:15" },
    { "20250300", "2025-03" },          /* unknown day */
    { "20250000", "2025" },             /* unknown month and day */
    { "20240229", "2024-02-29" },       /* leap year */
    { "199005120000", "1990-05-12T00:00" },
  };
  const char *bad[] = {
    "20260230", "20250229", "20251301", "20250001", "2025030", "202503081", "2025-03-08",
    "20250308256", "202503082460", "18991231", "abcdefgh",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *iso = NULL;
      CdPartialDate date;

      g_assert_true (cd_date_parse_compact (good[i].text, &date, &error));
      g_assert_no_error (error);
      iso = cd_partial_date_to_iso (&date);
      g_assert_cmpstr (iso, ==, good[i].iso);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      CdPartialDate date;

      g_test_message ("%s", bad[i]);
      g_assert_false (cd_date_parse_compact (bad[i], &date, &error));
      g_assert_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_INVALID_FIELD);
    }
}

static void
test_dmy_dates (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *iso = NULL;
  CdPartialDate a, b;

  g_assert_true (cd_date_parse_dmy ("08/03/2025", &a, &error));
  iso = cd_partial_date_to_iso (&a);
  g_assert_cmpstr (iso, ==, "2025-03-08");
  g_assert_false (cd_date_parse_dmy ("31/02/2025", &b, &error));
  g_assert_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_INVALID_FIELD);
  g_clear_error (&error);
  g_assert_false (cd_date_parse_dmy ("2025-03-08", &b, &error));
  g_assert_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_INVALID_FIELD);
  g_clear_error (&error);

  g_assert_true (cd_date_parse_compact ("20250309", &b, NULL));
  g_assert_cmpint (cd_partial_date_compare (&a, &b), <, 0);
  g_assert_cmpint (cd_partial_date_compare (&b, &a), >, 0);
  g_assert_cmpint (cd_partial_date_compare (&a, &a), ==, 0);
}

static void
test_is_digits (void)
{
  g_assert_true (cd_ascii_is_digits ("079190012345", 12));
  g_assert_false (cd_ascii_is_digits ("079190012345", 11));
  g_assert_false (cd_ascii_is_digits ("07919001234", 12));
  g_assert_false (cd_ascii_is_digits ("07919001234x", 12));
  g_assert_false (cd_ascii_is_digits ("0791 0012345", 12));
  g_assert_true (cd_ascii_is_digits ("", 0));
  /* -1: any length but empty. */
  g_assert_true (cd_ascii_is_digits ("7", -1));
  g_assert_true (cd_ascii_is_digits ("0791900123450000", -1));
  g_assert_false (cd_ascii_is_digits ("", -1));
  g_assert_false (cd_ascii_is_digits ("12a", -1));
  g_assert_false (cd_ascii_is_digits ("١٢", -1));  /* digits, but not ASCII ones */
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/identifiers/personal-id", test_personal_id);
  g_test_add_func ("/identifiers/person-doc", test_person_doc);
  g_test_add_func ("/identifiers/si-card-facility-icd", test_si_card_facility_icd);
  g_test_add_func ("/identifiers/compact-dates", test_compact_dates);
  g_test_add_func ("/identifiers/dmy-dates", test_dmy_dates);
  g_test_add_func ("/identifiers/is-digits", test_is_digits);
  return g_test_run ();
}
