/* test-list-claims.c — one claim per row of an employer's list: opened for the rows whose person
 * (and child) the store knows, linked to the row, never twice; the others keep a problem saying
 * why; Part 2 rows are left as recorded. */
#include <string.h>

#include "cd-employer-lists.h"
#include "test-util.h"
#include "workflow-fixture.h"

static GBytes *
fixture_bytes (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "lists", name, NULL);
  char *data = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  return g_bytes_new_take (data, length);
}

static gint64
store_list (Store      *store,
            const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = fixture_bytes (name);
  gint64 id = 0;

  g_assert_true (cd_employer_lists_store (store->db, bytes, name, NULL, NULL, NULL, &id, NULL,
                                          &error));
  g_assert_no_error (error);
  return id;
}

static void
open_claims (Store *store,
             gint64 list_id,
             guint  opened,
             guint  refused)
{
  g_autoptr(GError) error = NULL;
  guint n_opened = 99, n_refused = 99;
  gboolean ok = cd_employer_lists_open_claims (store->db, fx_officer, list_id, &n_opened,
                                               &n_refused, &error);

  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_cmpuint (n_opened, ==, opened);
  g_assert_cmpuint (n_refused, ==, refused);
}

static void
test_one_claim_per_row (void)
{
  Store store;
  gint64 list_id;
  g_autofree char *claimant = NULL, *problem = NULL, *problem3 = NULL, *child = NULL;
  g_autofree char *number = NULL;

  store_open (&store);
  list_id = store_list (&store, "list-630a.xml");

  /* Row 1's SI number is the fixture's claimant; rows 2 and 3 name nobody the store knows. */
  open_claims (&store, list_id, 1, 2);
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM employer_list_rows"
                                   " WHERE claim_id IS NOT NULL"), ==, 1);
  number = fx_text (&store, "SELECT c.number FROM claims c JOIN employer_list_rows r"
                            " ON r.claim_id = c.id WHERE r.position = 1");
  g_assert_cmpstr (number, ==, "DS-000001-001");
  claimant = fx_text (&store, "SELECT p.personal_id || ' ' || c.period_from || ' ' || c.period_to"
                              " || ' ' || c.benefit || ' ' || c.status || ' ' || c.received_on"
                              " FROM claims c JOIN persons p ON p.id = c.claimant_id"
                              " WHERE c.number = 'DS-000001-001'");
  g_assert_true (g_str_has_prefix (claimant, "079190123456 2026-11-02 2026-11-05 0 0 20"));
  problem = fx_text (&store, "SELECT problems FROM employer_list_rows WHERE position = 2");
  g_assert_nonnull (strstr (problem, "\"column\":\"claim\""));
  g_assert_nonnull (strstr (problem, "7912345679"));
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM audit_log a JOIN claims c"
                                   " ON a.entity_id = c.id WHERE a.action = 'open'"
                                   " AND c.number = 'DS-000001-001'"), ==, 1);

  /* The sick child's parent is known now, the child not yet: another reason, not a second one. */
  fx_exec (&store, "INSERT INTO persons (id, personal_id, si_code, full_name, family_name,"
                   " middle_name, given_name, name_folded, sex, birth_date, updated_at) VALUES"
                   " (3, '079085000001', '7912345680', 'Lê Văn Cường', 'Lê', 'Văn', 'Cường',"
                   "  'le van cuong', 'male', '1985-02-02', '2026-11-01T00:00:00Z')");
  open_claims (&store, list_id, 0, 2);
  problem3 = fx_text (&store, "SELECT problems FROM employer_list_rows WHERE position = 3");
  g_assert_nonnull (strstr (problem3, "TE1797912345681"));
  g_assert_null (strstr (problem3, "SI number"));
  g_assert_cmpint (fx_int (&store, "SELECT n_problems FROM employer_list_rows WHERE position = 3"),
                   ==, 1);

  /* With the child and its card: the claim is about that child. Row 1 is not opened twice. */
  fx_exec (&store, "INSERT INTO persons (id, personal_id, health_card, full_name, family_name,"
                   " middle_name, given_name, name_folded, sex, birth_date, updated_at) VALUES"
                   " (4, '079324000002', 'TE1797912345681', 'Lê Thị Na', 'Lê', 'Thị', 'Na',"
                   "  'le thi na', 'female', '2024-03-14', '2026-11-01T00:00:00Z');"
                   "INSERT INTO family_links (person_id, relation, relative_id) VALUES"
                   " (3, 'child', 4)");
  open_claims (&store, list_id, 1, 1);
  child = fx_text (&store, "SELECT p.personal_id FROM claims c JOIN employer_list_rows r"
                           " ON r.claim_id = c.id JOIN persons p ON p.id = c.child_id"
                           " WHERE r.position = 3");
  g_assert_cmpstr (child, ==, "079324000002");
  g_assert_cmpint (fx_int (&store, "SELECT n_problems FROM employer_list_rows WHERE position = 3"),
                   ==, 0);
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM claims WHERE number GLOB 'DS-*'"), ==,
                   2);
  store_close (&store);
}

static void
test_part2_and_problems_left (void)
{
  Store store;
  gint64 list_id;

  store_open (&store);
  /* Part 2 (an adjustment) is recorded only; the maternity row names nobody known. */
  list_id = store_list (&store, "list-630b-part2.xml");
  open_claims (&store, list_id, 0, 1);
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM employer_list_rows WHERE part = 2"
                                   " AND claim_id IS NULL AND n_problems = 0"), ==, 1);
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM claims WHERE number GLOB 'DS-*'"), ==,
                   0);
  store_close (&store);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  fixture_init ();
  g_test_add_func ("/list-claims/one-claim-per-row", test_one_claim_per_row);
  g_test_add_func ("/list-claims/part2-and-problems-left", test_part2_and_problems_left);
  status = g_test_run ();
  fixture_shutdown ();
  return status;
}
