/* test-employer-lists.c — the office's store of employers' lists: raw first, then parsed;
 * refused lists kept; the same list twice adds nothing; a list a crash left unparsed is parsed on
 * the next store. */
#include <string.h>

#include "cd-data-dir.h"
#include "cd-employer-lists.h"
#include "cd-statement.h"
#include "test-util.h"

typedef struct
{
  char         *dir;
  CdDatabase   *db;
  CdTrustStore *trust;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *pki = cd_data_dir_demo_pki ();
  g_autofree char *trust = g_build_filename (pki, "trust", NULL);

  fixture->dir = test_tmpdir_new ();
  path = g_build_filename (fixture->dir, "claims.db", NULL);
  fixture->db = cd_database_open (path, &error);
  g_assert_no_error (error);
  fixture->trust = cd_trust_store_new_from_dir (trust, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->trust);
  g_clear_object (&fixture->db);
  g_clear_pointer (&fixture->dir, test_tmpdir_free);
}

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
count (CdDatabase *db,
       const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStatement) select = cd_database_prepare (db, sql, &error);

  g_assert_no_error (error);
  g_assert_cmpint (cd_statement_step (select, &error), ==, CD_STEP_ROW);
  return cd_statement_get_int64 (select, 0);
}

static void
test_store_and_again (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = fixture_bytes ("list-630a.xml");
  g_autoptr(GBytes) stored = NULL;
  g_autoptr(CdStoredList) list = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *sha256 = NULL;
  CdStoredListRow *row;
  gint64 id = 0, again = 0;
  gboolean added = FALSE;

  g_assert_true (cd_employer_lists_store (fixture->db, bytes, "list-630a.xml", NULL, NULL,
                                          fixture->trust, &id, &added, &error));
  g_assert_no_error (error);
  g_assert_true (added);

  list = cd_employer_lists_get (fixture->db, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (list->parse_state, ==, "parsed");
  g_assert_cmpstr (list->unit_code, ==, "DN000007");
  g_assert_cmpstr (list->dossier_code, ==, "630a");
  g_assert_cmpstr (list->period, ==, "2026-11");
  g_assert_cmpstr (list->signature, ==, "unsigned");
  g_assert_cmpstr (list->source, ==, "list-630a.xml");
  g_assert_null (list->central_id);
  g_assert_cmpuint (list->n_rows, ==, 3);
  g_assert_cmpuint (list->n_problem_rows, ==, 0);
  sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  g_assert_cmpstr (list->sha256, ==, sha256);
  stored = cd_employer_lists_dup_bytes (fixture->db, id, &error);
  g_assert_true (g_bytes_equal (stored, bytes));

  rows = cd_employer_lists_get_rows (fixture->db, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 3);
  row = g_ptr_array_index (rows, 0);
  g_assert_cmpint (row->part, ==, 1);
  g_assert_cmpstr (row->section, ==, "A.I");
  g_assert_cmpstr (row->benefit, ==, "sickness");
  g_assert_cmpstr (row->si_code, ==, "7912345678");
  g_assert_cmpstr (row->period_from, ==, "2026-11-02");
  g_assert_cmpstr (row->state, ==, "new");
  g_assert_cmpint (row->claim_id, ==, 0);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (row->cells), "E"), ==,
                   "T2, T5, CN; PCKV 0,7");
  g_assert_cmpuint (json_array_get_length (json_node_get_array (row->problems)), ==, 0);

  /* The same bytes again (from a file or from central): nothing added. */
  g_assert_true (cd_employer_lists_store (fixture->db, bytes, "copy.xml", "L0001", NULL,
                                          fixture->trust, &again, &added, &error));
  g_assert_false (added);
  g_assert_cmpint (again, ==, id);
  g_assert_cmpint (count (fixture->db, "SELECT count(*) FROM employer_lists"), ==, 1);
  g_assert_cmpint (count (fixture->db, "SELECT count(*) FROM employer_list_rows"), ==, 3);
}

static void
test_same_central_id (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) first = fixture_bytes ("list-630a.xml");
  g_autoptr(GBytes) second = fixture_bytes ("list-630b-part2.xml");
  gint64 id = 0, again = 0;
  gboolean added = FALSE;

  /* Central's id names the list: what it serves under the same id again is not a new list. */
  g_assert_true (cd_employer_lists_store (fixture->db, first, "https://central/central/lists/L7",
                                          "L7", "2026-11-19T08:00:00Z", NULL, &id, &added,
                                          &error));
  g_assert_true (added);
  g_assert_true (cd_employer_lists_store (fixture->db, second, "https://central/central/lists/L7",
                                          "L7", "2026-11-19T08:00:00Z", NULL, &again, &added,
                                          &error));
  g_assert_no_error (error);
  g_assert_false (added);
  g_assert_cmpint (again, ==, id);
  g_assert_cmpint (count (fixture->db, "SELECT count(*) FROM employer_lists"), ==, 1);
}

static void
test_refused_kept (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) good = fixture_bytes ("list-630a.xml");
  g_autofree char *text = g_strndup (g_bytes_get_data (good, NULL), g_bytes_get_size (good));
  g_autoptr(GString) changed = g_string_new (text);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) stored = NULL;
  g_autoptr(CdStoredList) list = NULL;
  gint64 id = 0;
  gboolean added = FALSE;

  g_string_replace (changed, "<MaThuTuc>630a</MaThuTuc>", "<MaThuTuc>999</MaThuTuc>", 1);
  bytes = g_bytes_new (changed->str, changed->len);
  /* A list the parser refuses is kept as it came, with the reason: not an error. */
  g_assert_true (cd_employer_lists_store (fixture->db, bytes, "bad.xml", NULL, NULL,
                                          fixture->trust, &id, &added, &error));
  g_assert_no_error (error);
  g_assert_true (added);
  list = cd_employer_lists_get (fixture->db, id, &error);
  g_assert_cmpstr (list->parse_state, ==, "refused");
  g_assert_nonnull (strstr (list->parse_error, "999"));
  g_assert_null (list->unit_code);
  stored = cd_employer_lists_dup_bytes (fixture->db, id, &error);
  g_assert_true (g_bytes_equal (stored, bytes));
  g_assert_cmpint (count (fixture->db, "SELECT count(*) FROM employer_list_rows"), ==, 0);
}

static void
test_unparsed_after_crash (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = fixture_bytes ("list-630b-part2.xml");
  g_autoptr(CdStoredList) list = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  gint64 id = 0;
  gboolean added = FALSE;

  g_assert_true (cd_employer_lists_store (fixture->db, bytes, "b.xml", NULL, NULL, NULL, &id,
                                          &added, &error));
  /* As a crash between the raw row's commit and the parse's would leave it. */
  g_assert_true (cd_database_exec (fixture->db,
                                   "DELETE FROM employer_list_rows;"
                                   "UPDATE employer_lists SET parse_state = 'stored',"
                                   " unit_code = NULL, n_rows = 0", &error));
  g_assert_true (cd_employer_lists_store (fixture->db, bytes, "b.xml", NULL, NULL, NULL, &id,
                                          &added, &error));
  g_assert_no_error (error);
  g_assert_false (added);
  list = cd_employer_lists_get (fixture->db, id, &error);
  g_assert_cmpstr (list->parse_state, ==, "parsed");
  g_assert_cmpstr (list->signature, ==, "not_checked");
  g_assert_cmpuint (list->n_rows, ==, 2);
  rows = cd_employer_lists_get_rows (fixture->db, id, &error);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpint (((CdStoredListRow *) g_ptr_array_index (rows, 1))->part, ==, 2);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/employer-lists/store-and-again", Fixture, NULL, fixture_set_up,
              test_store_and_again, fixture_tear_down);
  g_test_add ("/employer-lists/same-central-id", Fixture, NULL, fixture_set_up,
              test_same_central_id, fixture_tear_down);
  g_test_add ("/employer-lists/refused-kept", Fixture, NULL, fixture_set_up, test_refused_kept,
              fixture_tear_down);
  g_test_add ("/employer-lists/unparsed-after-crash", Fixture, NULL, fixture_set_up,
              test_unparsed_after_crash, fixture_tear_down);
  return g_test_run ();
}
