/* test-claim-store.c — reading claims without owning them: a queue's count, a claim by its number.
 * Claims are written by the workflow, tested in test-workflow.c; the list and the search have
 * test-claim-list-model.c and test-search.c. */
#include <string.h>

#include "cd-claim-store.h"
#include "cd-claim-types.h"
#include "cd-seed.h"
#include "cd-statement.h"
#include "test-util.h"

typedef struct
{
  char       *dir;
  CdDatabase *db;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = test_tmpdir_new ();
  path = g_build_filename (f->dir, "store.db", NULL);
  f->db = cd_database_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (cd_seed_run (f->db, 8, 200, 800, NULL, NULL, &error));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->db);
  test_tmpdir_free (f->dir);
}

static gint64
query_int (Fixture    *f,
           const char *sql)
{
  g_autoptr(CdStatement) stmt = cd_database_prepare (f->db, sql, NULL);

  g_assert_nonnull (stmt);
  g_assert_cmpint (cd_statement_step (stmt, NULL), ==, CD_STEP_ROW);
  return cd_statement_get_int64 (stmt, 0);
}

static void
test_find_by_number (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(CdStatement) stmt = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *personal_id = NULL;
  g_autofree char *number = NULL;
  g_autofree char *claimant = NULL;
  gint64 expected, id = -1;

  /* The last claim, so that a lookup that took the first row would be caught. */
  stmt = cd_database_prepare (f->db, "SELECT c.id, c.number, p.personal_id FROM claims c"
                                     " JOIN persons p ON p.id = c.claimant_id"
                                     " ORDER BY c.id DESC LIMIT 1", NULL);
  g_assert_cmpint (cd_statement_step (stmt, NULL), ==, CD_STEP_ROW);
  expected = cd_statement_get_int64 (stmt, 0);
  number = cd_statement_dup_text (stmt, 1);
  claimant = cd_statement_dup_text (stmt, 2);
  g_assert_cmpint (expected, >, 1);

  g_assert_true (cd_claim_store_find_by_number (f->db, number, &id, &personal_id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (id, ==, expected);
  g_assert_cmpstr (personal_id, ==, claimant);

  /* The personal ID is optional. */
  id = -1;
  g_assert_true (cd_claim_store_find_by_number (f->db, number, &id, NULL, &error));
  g_assert_cmpint (id, ==, expected);

  /* No such claim: found nothing, which is not an error. */
  g_clear_pointer (&personal_id, g_free);
  g_assert_true (cd_claim_store_find_by_number (f->db, "HS-2026-99999999", &id, &personal_id,
                                                &error));
  g_assert_no_error (error);
  g_assert_cmpint (id, ==, 0);
  g_assert_null (personal_id);
}

/* A database that cannot answer (here: no tables yet) is an error that names the number. */
static void
test_find_unreadable (void)
{
  char *dir = test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "empty.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDatabase) db = cd_database_open_at_version (path, 0, &error);
  g_autofree char *personal_id = NULL;
  gint64 id = -1;

  g_assert_no_error (error);
  g_assert_false (cd_claim_store_find_by_number (db, "HS-2026-00000001", &id, &personal_id,
                                                 &error));
  g_assert_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_QUERY);
  g_assert_nonnull (strstr (error->message, "HS-2026-00000001"));
  g_assert_cmpint (id, ==, 0);
  g_assert_null (personal_id);

  g_clear_object (&db);
  test_tmpdir_free (dir);
}

/* The counts come from claim_counts, kept by triggers: they must agree with the claims. */
static void
test_count (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 count = -1;

  g_assert_true (cd_claim_store_count (f->db, 0, -1, &count, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count, ==, query_int (f, "SELECT count(*) FROM claims"));

  g_assert_true (cd_claim_store_count (f->db, 1u << CD_CLAIM_STATUS_QUEUED
                                              | 1u << CD_CLAIM_STATUS_DRAFT, 3, &count, &error));
  g_assert_cmpint (count, ==, query_int (f, "SELECT count(*) FROM claims WHERE officer_id = 3"
                                            " AND status IN (0, 7)"));
  g_assert_cmpint (count, >, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/claim-store/find-by-number", Fixture, NULL, fixture_set_up, test_find_by_number,
              fixture_tear_down);
  g_test_add_func ("/claim-store/find-unreadable", test_find_unreadable);
  g_test_add ("/claim-store/count", Fixture, NULL, fixture_set_up, test_count, fixture_tear_down);

  return g_test_run ();
}
