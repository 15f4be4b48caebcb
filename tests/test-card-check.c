/* test-card-check.c — a scanned citizen card against the population register's identity: which
 * spellings are the registered name, which birth dates agree, and the finding when they do not. */
#include <string.h>

#include "cd-card-check.h"

typedef struct
{
  const char *card;
  const char *registered;
  gboolean    matches;
} NameCase;

static void
test_names (void)
{
  static const NameCase cases[] = {
    { "Nguyễn Văn An", "Nguyễn Văn An", TRUE },
    /* Case and white space are no part of a name. */
    { "NGUYỄN VĂN AN", "Nguyễn Văn An", TRUE },
    { "  Nguyễn   Văn\tAn ", "Nguyễn Văn An", TRUE },
    /* Decomposed accents are the same letters. */
    { "Nguye\xcc\x82\xcc\x83n Va\xcc\x86n An", "Nguyễn Văn An", TRUE },
    /* A scanner that drops every accent (and types đ as d) read the registered name. */
    { "Nguyen Van An", "Nguyễn Văn An", TRUE },
    { "NGUYEN VAN AN", "Nguyễn Văn An", TRUE },
    { "Dang Thi Duc", "Đặng Thị Đức", TRUE },
    /* Some accents kept: they must be the registered ones. An, Ân and Ấn are three names. */
    { "Nguyễn Văn Ân", "Nguyễn Văn An", FALSE },
    { "Nguyễn Van An", "Nguyễn Văn An", FALSE },
    /* No accents, but not the registered name either. */
    { "Nguyen Van Anh", "Nguyễn Văn An", FALSE },
    { "Tran Van An", "Nguyễn Văn An", FALSE },
    /* A name the register spells without accents is not matched by one with them. */
    { "Nguyễn Văn An", "Nguyen Van An", FALSE },
    { "", "Nguyễn Văn An", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("“%s” against “%s”", cases[i].card, cases[i].registered);
      g_assert_cmpint (cd_card_name_matches (cases[i].card, cases[i].registered), ==,
                       cases[i].matches);
    }
}

static void
test_birth_dates (void)
{
  g_assert_true (cd_card_birth_date_matches ("1990-01-01", "1990-01-01"));
  g_assert_false (cd_card_birth_date_matches ("1990-01-01", "1990-01-02"));
  g_assert_false (cd_card_birth_date_matches ("1990-01-01", "1991-01-01"));
  /* The register may know only the year, or the year and month, of a birth. */
  g_assert_true (cd_card_birth_date_matches ("1990-01-01", "1990"));
  g_assert_true (cd_card_birth_date_matches ("1990-01-01", "1990-01"));
  g_assert_false (cd_card_birth_date_matches ("1990-01-01", "1991"));
  g_assert_false (cd_card_birth_date_matches ("1990-01-01", "1990-02"));
  g_assert_false (cd_card_birth_date_matches ("1990-01-01", ""));
}

static CdCitizenCard *
card_of (const char *name,
         const char *birth)
{
  CdCitizenCard *card = g_new0 (CdCitizenCard, 1);

  card->personal_id = g_strdup ("001090012345");
  card->full_name = g_strdup (name);
  card->birth_date = g_strdup (birth);
  card->sex = g_strdup ("Nam");
  card->address = g_strdup ("Hà Nội");
  card->issue_date = g_strdup ("2021-08-15");
  return card;
}

static void
test_agreeing_card_has_no_finding (void)
{
  g_autoptr(CdCitizenCard) card = card_of ("NGUYEN VAN AN", "1990-01-01");
  g_autoptr(CdFinding) finding = cd_card_check (card, "Nguyễn Văn An", "1990-01-01");

  g_assert_null (finding);
}

/* Both differ: one finding, an error, naming the card's values and the register's. */
static void
test_mismatch_names_both_values (void)
{
  g_autoptr(CdCitizenCard) card = card_of ("Nguyễn Văn Ân", "1990-01-02");
  g_autoptr(CdFinding) finding = cd_card_check (card, "Nguyễn Văn An", "1990-01-01");

  g_assert_nonnull (finding);
  g_assert_cmpstr (finding->code, ==, CD_FINDING_CARD_IDENTITY_MISMATCH);
  g_assert_cmpstr (finding->code, ==, "card.identity_mismatch");
  g_assert_cmpint (finding->severity, ==, CD_FINDING_ERROR);
  for (guint i = 0; i < 2; i++)
    {
      const char *message = i == 0 ? finding->message_vi : finding->message_en;

      g_test_message ("%s", message);
      g_assert_nonnull (strstr (message, "“Nguyễn Văn Ân”"));
      g_assert_nonnull (strstr (message, "“Nguyễn Văn An”"));
      g_assert_nonnull (strstr (message, "1990-01-02"));
      g_assert_nonnull (strstr (message, "1990-01-01"));
    }
  g_assert_cmpstr (finding->message_en, ==,
                   "The citizen card does not match the population register: the name on the "
                   "card is “Nguyễn Văn Ân”, in the register “Nguyễn Văn An”; the birth date on "
                   "the card is 1990-01-02, in the register 1990-01-01.");
}

/* Only the birth date differs: the finding is about it alone. */
static void
test_birth_date_mismatch_alone (void)
{
  g_autoptr(CdCitizenCard) card = card_of ("Nguyễn Văn An", "1990-01-02");
  g_autoptr(CdFinding) finding = cd_card_check (card, "Nguyễn Văn An", "1990-01-01");

  g_assert_nonnull (finding);
  g_assert_cmpstr (finding->code, ==, CD_FINDING_CARD_IDENTITY_MISMATCH);
  g_assert_null (strstr (finding->message_en, "name"));
  g_assert_nonnull (strstr (finding->message_en, "1990-01-02"));
  g_assert_nonnull (strstr (finding->message_vi, "ngày sinh"));
}

/* No population identity: the card is said not to be checked, never taken as matching. */
static void
test_nothing_to_check_against (void)
{
  g_autoptr(CdCitizenCard) card = card_of ("Nguyễn Văn An", "1990-01-01");
  g_autoptr(CdFinding) finding = cd_card_check (card, NULL, NULL);
  g_autoptr(CdFinding) no_birth = cd_card_check (card, "Nguyễn Văn An", NULL);

  g_assert_nonnull (finding);
  g_assert_cmpstr (finding->code, ==, CD_FINDING_CARD_NOT_CHECKED);
  g_assert_cmpint (finding->severity, ==, CD_FINDING_WARNING);
  g_assert_nonnull (strstr (finding->message_en, "001090012345"));
  /* A register without a birth date: the name alone is compared. */
  g_assert_null (no_birth);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/card-check/names", test_names);
  g_test_add_func ("/card-check/birth-dates", test_birth_dates);
  g_test_add_func ("/card-check/agreeing-card-has-no-finding", test_agreeing_card_has_no_finding);
  g_test_add_func ("/card-check/mismatch-names-both-values", test_mismatch_names_both_values);
  g_test_add_func ("/card-check/birth-date-mismatch-alone", test_birth_date_mismatch_alone);
  g_test_add_func ("/card-check/nothing-to-check-against", test_nothing_to_check_against);

  return g_test_run ();
}
