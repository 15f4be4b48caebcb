/* test-claim-store.c — the async repository: reads off the main thread. Claims are written by
 * the workflow, tested in test-workflow.c. */
#include "cd-claim-store.h"
#include "cd-search.h"
#include "cd-seed.h"
#include "cd-statement.h"
#include "test-util.h"

typedef struct
{
  char         *dir;
  CdDatabase   *db;
  CdClaimStore *store;
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
  f->store = cd_claim_store_new (cd_database_get_path (f->db), &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  g_clear_object (&f->db);
  test_tmpdir_free (f->dir);
}

static void
on_done (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static char *
first_number (Fixture *f)
{
  g_autoptr(CdStatement) stmt = NULL;

  stmt = cd_database_prepare (f->db, "SELECT number FROM claims WHERE status = 0 LIMIT 1", NULL);
  g_assert_cmpint (cd_statement_step (stmt, NULL), ==, CD_STEP_ROW);
  return cd_statement_dup_text (stmt, 0);
}

static CdClaimRow *
get_claim (Fixture     *f,
           const char  *number,
           GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cd_claim_store_get_claim_async (f->store, number, NULL, on_done, &result);
  return cd_claim_store_get_claim_finish (f->store, wait_for (&result), error);
}

static void
test_get_claim (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *number = first_number (f);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdClaimRow) row = get_claim (f, number, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (cd_claim_row_get_number (row), ==, number);
  g_assert_cmpint (cd_claim_row_get_status (row), ==, CD_CLAIM_STATUS_DRAFT);

  g_assert_null (get_claim (f, "HS-0000-00000000", &error));
  g_assert_error (error, CD_STORE_ERROR, CD_STORE_ERROR_NOT_FOUND);
}

static void
test_search_and_list (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GAsyncResult) searched = NULL;
  g_autoptr(GAsyncResult) listed = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(CdClaimListModel) model = NULL;
  g_autoptr(GError) error = NULL;
  CdClaimFilter filter;

  cd_claim_store_search_async (f->store, "nguyen", 7, NULL, on_done, &searched);
  results = cd_claim_store_search_finish (f->store, wait_for (&searched), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, 7);

  cd_claim_filter_init (&filter);
  filter.status = CD_CLAIM_STATUS_QUEUED;
  cd_claim_store_list_async (f->store, &filter, CD_CLAIM_SORT_AGE, FALSE, NULL, on_done, &listed);
  model = cd_claim_store_list_finish (f->store, wait_for (&listed), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), >, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/claim-store/get-claim", Fixture, NULL, fixture_set_up, test_get_claim,
              fixture_tear_down);
  g_test_add ("/claim-store/search-and-list", Fixture, NULL, fixture_set_up, test_search_and_list,
              fixture_tear_down);

  return g_test_run ();
}
