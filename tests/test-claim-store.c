/* test-claim-store.c — reading claims without owning them: a queue's count.
 * Claims are written by the workflow, tested in test-workflow.c; the list and the search have
 * test-claim-list-model.c and test-search.c. */
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

  g_test_add ("/claim-store/count", Fixture, NULL, fixture_set_up, test_count, fixture_tear_down);

  return g_test_run ();
}
