/* test-claim-store.c — the async repository: reads and writes off the main thread. */
#include <string.h>

#include "cd-claim-store.h"
#include "cd-search.h"
#include "cd-seed.h"
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
  f->store = cd_claim_store_new (f->db, &error);
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
  sqlite3_stmt *stmt = NULL;
  char *number;

  sqlite3_prepare_v2 (cd_database_get_handle (f->db),
                      "SELECT number FROM claims WHERE status = 0 LIMIT 1", -1, &stmt, NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  number = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return number;
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

static gboolean
set_status (Fixture       *f,
            gint64         id,
            CdClaimStatus  status,
            GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cd_claim_store_set_status_async (f->store, id, status, "checked", NULL, on_done, &result);
  return cd_claim_store_set_status_finish (f->store, wait_for (&result), error);
}

static void
test_read_and_write (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *number = first_number (f);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdClaimRow) row = get_claim (f, number, &error);
  g_autoptr(CdClaimRow) again = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (cd_claim_row_get_number (row), ==, number);
  g_assert_cmpint (cd_claim_row_get_status (row), ==, CD_CLAIM_STATUS_DRAFT);

  g_assert_true (
      set_status (f, cd_claim_row_get_id (row), CD_CLAIM_STATUS_EVIDENCE_COMPLETE, &error));
  g_assert_no_error (error);
  again = get_claim (f, number, &error);
  g_assert_cmpint (cd_claim_row_get_status (again), ==, CD_CLAIM_STATUS_EVIDENCE_COMPLETE);

  g_assert_false (set_status (f, 999999999, CD_CLAIM_STATUS_DRAFT, &error));
  g_assert_error (error, CD_STORE_ERROR, CD_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (get_claim (f, "HS-0000-00000000", &error));
  g_assert_error (error, CD_STORE_ERROR, CD_STORE_ERROR_NOT_FOUND);
}

static void
test_read_only_write_changes_nothing (Fixture       *f,
                                      gconstpointer  data)
{
  g_autofree char *number = first_number (f);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdClaimRow) row = get_claim (f, number, &error);
  g_autoptr(CdClaimRow) after = NULL;

  /* The writer connection can no longer write, as with a file made read-only under it. */
  g_assert_true (cd_database_exec (f->db, "PRAGMA query_only = 1;", NULL));
  g_assert_false (set_status (f, cd_claim_row_get_id (row), CD_CLAIM_STATUS_APPROVED, &error));
  g_assert_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_READ_ONLY);
  g_assert_nonnull (strstr (error->message, "nothing was changed"));
  g_clear_error (&error);

  after = get_claim (f, number, &error);
  g_assert_cmpint (cd_claim_row_get_status (after), ==, CD_CLAIM_STATUS_DRAFT);

  /* And the store is usable again once the file is writable. */
  g_assert_true (cd_database_exec (f->db, "PRAGMA query_only = 0;", NULL));
  g_assert_true (
      set_status (f, cd_claim_row_get_id (row), CD_CLAIM_STATUS_EVIDENCE_COMPLETE, &error));
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

static gint64
create (Fixture             *f,
        const CdClaimDraft  *draft,
        GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cd_claim_store_create_claim_async (f->store, draft, NULL, on_done, &result);
  return cd_claim_store_create_claim_finish (f->store, wait_for (&result), error);
}

static char *
some_personal_id (Fixture *f)
{
  sqlite3_stmt *stmt = NULL;
  char *id;

  sqlite3_prepare_v2 (cd_database_get_handle (f->db),
                      "SELECT personal_id FROM persons WHERE world_index = 8", -1, &stmt, NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return id;
}

static gint64
claim_count (Fixture *f)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  sqlite3_prepare_v2 (cd_database_get_handle (f->db), "SELECT count(*) FROM claims", -1, &stmt,
                      NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static void
test_create_claim (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *person = some_personal_id (f);
  CdClaimDraft draft = { "HS-2026-77770001",
                         CD_BENEFIT_SICKNESS,
                         person,
                         NULL,
                         "2026-11-02",
                         "2026-11-05",
                         NULL,
                         1,
                         20261106 };
  g_autoptr(GError) error = NULL;
  g_autoptr(CdClaimRow) row = NULL;
  gint64 before = claim_count (f);
  gint64 id = create (f, &draft, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  row = get_claim (f, "HS-2026-77770001", &error);
  g_assert_cmpint (cd_claim_row_get_id (row), ==, id);
  g_assert_cmpint (cd_claim_row_get_status (row), ==, CD_CLAIM_STATUS_DRAFT);
  g_assert_cmpint (claim_count (f), ==, before + 1);

  /* The same number twice, an unknown person, an impossible period: refused, nothing written. */
  g_assert_cmpint (create (f, &draft, &error), ==, 0);
  g_assert_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_QUERY);
  g_clear_error (&error);
  draft.number = "HS-2026-77770002";
  draft.claimant_id = "001099999999";
  g_assert_cmpint (create (f, &draft, &error), ==, 0);
  g_assert_error (error, CD_STORE_ERROR, CD_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  draft.claimant_id = person;
  draft.period_to = "2026-10-01";
  g_assert_cmpint (create (f, &draft, &error), ==, 0);
  g_assert_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_QUERY);
  g_assert_cmpint (claim_count (f), ==, before + 1);
}

static void
test_full_disk_write_changes_nothing (Fixture       *f,
                                      gconstpointer  data)
{
  g_autofree char *person = some_personal_id (f);
  g_autoptr(GError) error = NULL;
  g_autofree char *cap = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 before, created = 0;
  guint k;

  /* The disk is full from now on: whatever fits in free space goes in, then writes fail. */
  sqlite3_prepare_v2 (cd_database_get_handle (f->db), "PRAGMA page_count", -1, &stmt, NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  cap = g_strdup_printf ("PRAGMA max_page_count = %lld;",
                         (long long)sqlite3_column_int64 (stmt, 0));
  sqlite3_finalize (stmt);
  g_assert_true (cd_database_exec (f->db, cap, NULL));

  before = claim_count (f);
  for (k = 0; k < 20000 && error == NULL; k++)
    {
      g_autofree char *number = g_strdup_printf ("HS-2026-8%07u", k);
      CdClaimDraft draft
          = { number,  CD_BENEFIT_SICKNESS, person, NULL, "2026-11-02", "2026-11-05", NULL, 1,
              20261106 };
      if (create (f, &draft, &error) > 0)
        created++;
    }
  g_assert_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_FULL);
  g_assert_nonnull (strstr (error->message, "full"));
  /* Every claim that was acknowledged is there, the refused one is not, and the file is sound. */
  g_assert_cmpint (claim_count (f), ==, before + created);
  g_assert_true (cd_database_quick_check (cd_database_get_handle (f->db), "store.db", NULL));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/claim-store/read-and-write", Fixture, NULL, fixture_set_up, test_read_and_write,
              fixture_tear_down);
  g_test_add ("/claim-store/read-only-write-changes-nothing", Fixture, NULL, fixture_set_up,
              test_read_only_write_changes_nothing, fixture_tear_down);
  g_test_add ("/claim-store/create-claim", Fixture, NULL, fixture_set_up, test_create_claim,
              fixture_tear_down);
  g_test_add ("/claim-store/full-disk-write-changes-nothing", Fixture, NULL, fixture_set_up,
              test_full_disk_write_changes_nothing, fixture_tear_down);
  g_test_add ("/claim-store/search-and-list", Fixture, NULL, fixture_set_up, test_search_and_list,
              fixture_tear_down);

  return g_test_run ();
}
