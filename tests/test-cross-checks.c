/* test-cross-checks.c — what does not add up between the sources. */
#include "cd-card-check.h"
#include "cd-cross-checks.h"
#include "test-util.h"

/* One finding, as the verifications table keeps it and the CLI prints it. */
static void
test_finding_to_json (void)
{
  CdFinding finding = {
    (char *) "identity.name_mismatch", CD_FINDING_ERROR,
    (char *) "Họ tên khác nhau giữa các nguồn.", (char *) "The name differs between sources.",
  };
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_array (builder);
  cd_finding_to_json (&finding, builder);
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);
  g_assert_cmpstr (text, ==,
                   "[{\"code\":\"identity.name_mismatch\",\"severity\":\"error\","
                   "\"message_vi\":\"Họ tên khác nhau giữa các nguồn.\","
                   "\"message_en\":\"The name differs between sources.\"}]");
}

/* A card scanned for someone of whom nothing is stored (no source answered): one warning that it
 * was not checked, not silence. */
static void
test_card_of_an_unknown_person (void)
{
  g_autofree char *dir = test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "claims.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDatabase) db = cd_database_open (path, &error);
  g_autoptr(CdCitizenCard) card = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GPtrArray) typed = NULL;
  const CdFinding *finding;

  g_assert_no_error (error);
  card = cd_citizen_card_parse_qr ("001090012345||Nguyễn Văn An|01011990|Nam|Hà Nội|15082021",
                                   &error);
  g_assert_no_error (error);

  findings = cd_cross_check (db, card->personal_id, 0, card, &error);
  g_assert_no_error (error);
  g_assert_nonnull (findings);
  g_assert_cmpuint (findings->len, ==, 1);
  finding = g_ptr_array_index (findings, 0);
  g_assert_cmpstr (finding->code, ==, CD_FINDING_CARD_NOT_CHECKED);
  g_assert_cmpint (finding->severity, ==, CD_FINDING_WARNING);

  /* The same ID typed by hand: nothing to say. */
  typed = cd_cross_check (db, card->personal_id, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (typed->len, ==, 0);

  g_clear_object (&db);
  test_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cross-checks/finding-to-json", test_finding_to_json);
  g_test_add_func ("/cross-checks/card-of-an-unknown-person", test_card_of_an_unknown_person);

  return g_test_run ();
}
