/* test-claim-list-model.c — the lazy claim list: pages on demand, every sort, every filter. */
#include <string.h>

#include "cd-claim-list-model.h"
#include "cd-database.h"
#include "cd-seed.h"
#include "cd-statement.h"
#include "test-util.h"

#define N_CLAIMS 2600

typedef struct
{
  char       *dir;
  char       *path;
  CdDatabase *db;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = test_tmpdir_new ();
  f->path = g_build_filename (f->dir, "list.db", NULL);
  f->db = cd_database_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_true (cd_seed_run (f->db, 21, 400, N_CLAIMS, NULL, NULL, &error));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->db);
  g_free (f->path);
  test_tmpdir_free (f->dir);
}

static void
wait_loaded (CdClaimListModel *model)
{
  while (cd_claim_list_model_get_pending (model) > 0)
    g_main_context_iteration (NULL, TRUE);
}

static CdClaimRow *
row_at (CdClaimListModel *model,
        guint             position)
{
  CdClaimRow *row = g_list_model_get_item (G_LIST_MODEL (model), position);

  g_assert_nonnull (row);
  wait_loaded (model);
  g_assert_true (cd_claim_row_get_loaded (row));
  return row;
}

/* The ids the database gives for the same order, to compare the model with. */
static GArray *
expected_ids (Fixture    *f,
              const char *where,
              const char *order)
{
  g_autofree char *sql
      = g_strdup_printf ("SELECT c.id FROM claims AS c %s ORDER BY %s", where, order);
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(CdStatement) stmt = NULL;

  stmt = cd_database_prepare (f->db, sql, NULL);
  g_assert_nonnull (stmt);
  while (cd_statement_step (stmt, NULL) == CD_STEP_ROW)
    {
      gint64 id = cd_statement_get_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  return ids;
}

static void
test_opens_without_reading_everything (Fixture       *f,
                                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr (CdClaimListModel) model
      = cd_claim_list_model_new (f->path, NULL, CD_CLAIM_SORT_NUMBER, FALSE, &error);
  guint64 rows_read = 0, steps = 0;
  g_autoptr(CdClaimRow) first = NULL;
  g_autoptr(CdClaimRow) middle = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_CLAIMS);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (model)) == CD_TYPE_CLAIM_ROW);

  /* Opening read the first page and nothing else. */
  cd_claim_list_model_get_stats (model, &rows_read, &steps);
  g_assert_cmpuint (rows_read, ==, CD_CLAIM_LIST_PAGE_SIZE);
  first = row_at (model, 0);
  {
    g_autoptr(CdStatement) stmt = NULL;
    stmt = cd_database_prepare (f->db, "SELECT min(number) FROM claims", NULL);
    g_assert_cmpint (cd_statement_step (stmt, NULL), ==, CD_STEP_ROW);
    g_assert_cmpstr (cd_claim_row_get_number (first), ==,
                     cd_statement_get_text (stmt, 0));
  }

  /* A row in the middle reads its page only. */
  middle = g_list_model_get_item (G_LIST_MODEL (model), N_CLAIMS / 2);
  g_assert_false (cd_claim_row_get_loaded (middle));
  wait_loaded (model);
  g_assert_true (cd_claim_row_get_loaded (middle));
  cd_claim_list_model_get_stats (model, &rows_read, NULL);
  g_assert_cmpuint (rows_read, ==, 2 * CD_CLAIM_LIST_PAGE_SIZE);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), N_CLAIMS));
}

static void
test_far_jumps_seek_after_sampling (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdClaimListModel) model =
    cd_claim_list_model_new (f->path, NULL, CD_CLAIM_SORT_CLAIMANT, TRUE, &error);
  g_autoptr(GArray) ids = expected_ids (f, "", "c.claimant_sort DESC, c.id DESC");
  guint64 steps_before, steps_after, rows_before, rows_after;

  /* The first far jump counts inside the index, and starts the walk that notes every page start. */
  {
    g_autoptr(CdClaimRow) far = row_at (model, 10 * CD_CLAIM_LIST_PAGE_SIZE + 3);
    g_assert_cmpint (cd_claim_row_get_id (far), ==,
                     g_array_index (ids, gint64, 10 * CD_CLAIM_LIST_PAGE_SIZE + 3));
  }
  wait_loaded (model);

  /* A page far from every page read so far is now one seek: a page of rows, a page of index
   * steps. */
  cd_claim_list_model_get_stats (model, &rows_before, &steps_before);
  {
    g_autoptr(CdClaimRow) row = row_at (model, 6 * CD_CLAIM_LIST_PAGE_SIZE + 5);
    g_assert_cmpint (cd_claim_row_get_id (row), ==,
                     g_array_index (ids, gint64, 6 * CD_CLAIM_LIST_PAGE_SIZE + 5));
  }
  cd_claim_list_model_get_stats (model, &rows_after, &steps_after);
  g_assert_cmpuint (rows_after - rows_before, ==, CD_CLAIM_LIST_PAGE_SIZE);
  g_assert_cmpuint (steps_after - steps_before, <=, CD_CLAIM_LIST_PAGE_SIZE);
}

static void
test_pages_use_indexes (Fixture       *f,
                        gconstpointer  data)
{
  for (CdClaimSort sort = 0; sort < CD_N_CLAIM_SORTS; sort++)
    {
      CdClaimFilter filter;
      g_autoptr(GError) error = NULL;
      g_autoptr(CdClaimListModel) model = NULL;
      g_autofree char *plan = NULL;

      cd_claim_filter_init (&filter);
      filter.status = CD_CLAIM_STATUS_SYNCED;
      model = cd_claim_list_model_new (f->path, &filter, sort, sort % 2 == 1, &error);
      g_assert_no_error (error);
      plan = cd_claim_list_model_explain (model);
      /* A keyset seek on the sort column's index: no table scan, no sort of the whole result. */
      g_assert_nonnull (strstr (plan, "USING INDEX claims_by_"));
      g_assert_null (strstr (plan, "TEMP B-TREE"));
      g_assert_nonnull (strstr (plan, "SEARCH c USING INDEX"));
    }
}

static const char *const order_by[CD_N_CLAIM_SORTS] = {
  "c.number, c.id", "c.claimant_sort, c.id", "c.benefit, c.id",    "c.period_from, c.id",
  "c.amount, c.id", "c.status, c.id",        "c.officer_id, c.id", "c.received_on DESC, c.id DESC",
};

static void
test_every_sort_matches_sql (Fixture       *f,
                             gconstpointer  data)
{
  for (CdClaimSort sort = 0; sort < CD_N_CLAIM_SORTS; sort++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr (CdClaimListModel) model
          = cd_claim_list_model_new (f->path, NULL, sort, FALSE, &error);
      g_autoptr(GArray) ids = expected_ids (f, "", order_by[sort]);
      guint n = g_list_model_get_n_items (G_LIST_MODEL (model));

      g_assert_no_error (error);
      g_assert_cmpuint (n, ==, ids->len);
      /* Walk backwards from the end first (jump, then keyset to earlier pages), then check all. */
      for (guint p = n; p-- > 0;)
        {
          g_autoptr(CdClaimRow) row = row_at (model, p);
          g_assert_cmpint (cd_claim_row_get_id (row), ==, g_array_index (ids, gint64, p));
          if (p > 0 && p % CD_CLAIM_LIST_PAGE_SIZE == 0)
            p -= MIN (p, 37);
        }
      for (guint p = 0; p < n; p++)
        {
          g_autoptr(CdClaimRow) row = row_at (model, p);
          g_assert_cmpint (cd_claim_row_get_id (row), ==, g_array_index (ids, gint64, p));
        }
    }
}

static void
test_descending_and_filters (Fixture       *f,
                             gconstpointer  data)
{
  CdClaimFilter filter;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdClaimListModel) model = NULL;
  g_autoptr(GArray) ids = NULL;

  cd_claim_filter_init (&filter);
  filter.status = CD_CLAIM_STATUS_SYNCED;
  filter.benefit = CD_BENEFIT_SICKNESS;
  filter.received_from = 20250101;
  filter.received_to = 20261231;
  model = cd_claim_list_model_new (f->path, &filter, CD_CLAIM_SORT_AMOUNT, TRUE, &error);
  g_assert_no_error (error);
  ids = expected_ids (
      f, "WHERE c.status = 8 AND c.benefit = 0 AND c.received_on BETWEEN 20250101 AND 20261231",
      "c.amount DESC, c.id DESC");
  g_assert_cmpuint (ids->len, >, 50);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, ids->len);
  for (guint p = 0; p < ids->len; p++)
    {
      g_autoptr(CdClaimRow) row = row_at (model, p);
      g_assert_cmpint (cd_claim_row_get_id (row), ==, g_array_index (ids, gint64, p));
      g_assert_cmpint (cd_claim_row_get_status (row), ==, CD_CLAIM_STATUS_SYNCED);
      g_assert_cmpint (cd_claim_row_get_benefit (row), ==, CD_BENEFIT_SICKNESS);
    }

  /* By officer: the count comes from the per-officer counts. */
  cd_claim_filter_init (&filter);
  filter.officer_id = 3;
  g_clear_object (&model);
  model = cd_claim_list_model_new (f->path, &filter, CD_CLAIM_SORT_CLAIMANT, FALSE, &error);
  g_assert_no_error (error);
  g_clear_pointer (&ids, g_array_unref);
  ids = expected_ids (f, "WHERE c.officer_id = 3", "c.claimant_sort, c.id");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, ids->len);
}

static void
test_status_mask_and_claimant (Fixture       *f,
                               gconstpointer  data)
{
  CdClaimFilter filter;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdClaimListModel) model = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GArray) people = NULL;
  gint64 person;

  /* Several statuses at once, as the "waiting for evidence" queue asks. */
  cd_claim_filter_init (&filter);
  filter.status_mask = (1u << CD_CLAIM_STATUS_DRAFT) | (1u << CD_CLAIM_STATUS_EVIDENCE_COMPLETE);
  model = cd_claim_list_model_new (f->path, &filter, CD_CLAIM_SORT_NUMBER, TRUE, &error);
  g_assert_no_error (error);
  ids = expected_ids (f, "WHERE c.status IN (0, 1)", "c.number DESC, c.id DESC");
  g_assert_cmpuint (ids->len, >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, ids->len);
  for (guint p = 0; p < ids->len; p++)
    {
      g_autoptr(CdClaimRow) row = row_at (model, p);
      g_assert_cmpint (cd_claim_row_get_id (row), ==, g_array_index (ids, gint64, p));
    }

  /* One person's claims, in any order, through the claimant index. */
  people = expected_ids (f, "WHERE c.claimant_id IN (SELECT claimant_id FROM claims"
                            " GROUP BY claimant_id HAVING count(*) > 1)", "c.id");
  g_assert_cmpuint (people->len, >, 0);
  {
    g_autoptr(CdStatement) stmt = NULL;
    stmt = cd_database_prepare (f->db, "SELECT claimant_id FROM claims WHERE id = ?", NULL);
    g_assert_nonnull (stmt);
    cd_statement_bind_int64 (stmt, 1, g_array_index (people, gint64, 0));
    g_assert_cmpint (cd_statement_step (stmt, NULL), ==, CD_STEP_ROW);
    person = cd_statement_get_int64 (stmt, 0);
  }
  cd_claim_filter_init (&filter);
  filter.claimant_id = person;
  g_clear_object (&model);
  model = cd_claim_list_model_new (f->path, &filter, CD_CLAIM_SORT_AMOUNT, FALSE, &error);
  g_assert_no_error (error);
  {
    g_autofree char *where = g_strdup_printf ("WHERE c.claimant_id = %" G_GINT64_FORMAT, person);
    g_clear_pointer (&ids, g_array_unref);
    ids = expected_ids (f, where, "c.amount, c.id");
  }
  g_assert_cmpuint (ids->len, >, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, ids->len);
  for (guint p = 0; p < ids->len; p++)
    {
      g_autoptr(CdClaimRow) row = row_at (model, p);
      g_assert_cmpint (cd_claim_row_get_id (row), ==, g_array_index (ids, gint64, p));
    }
}

/* Every property of rows across the list, against the claim's own row in the database; the age
 * is counted there by SQLite's dates, not by the model's day arithmetic. */
static void
test_row_properties (Fixture       *f,
                     gconstpointer  data)
{
  const guint positions[] = { 0, 1, 250, 1337, N_CLAIMS - 1 };
  g_autoptr(GError) error = NULL;
  g_autoptr (CdClaimListModel) model
      = cd_claim_list_model_new (f->path, NULL, CD_CLAIM_SORT_NUMBER, FALSE, &error);
  g_autoptr(CdStatement) stmt = NULL;
  guint with_amount = 0;
  guint with_age = 0;

  g_assert_no_error (error);
  cd_claim_list_model_set_today (model, cd_date_from_ymd (2026, 11, 20));
  stmt = cd_database_prepare (f->db, "SELECT c.number, p.full_name, c.benefit, c.period_from,"
                              "  c.period_to, c.amount, c.status, u.full_name,"
                              "  r.day, max (0, CAST (julianday ('2026-11-20')"
                              "                       - julianday (r.day) AS INTEGER))"
                              " FROM claims c JOIN persons p ON p.id = c.claimant_id"
                              " JOIN users u ON u.id = c.officer_id,"
                              " (SELECT printf ('%04d-%02d-%02d', received_on / 10000,"
                              "                 received_on / 100 % 100,"
                              "                 received_on % 100) AS day"
                              "  FROM claims WHERE id = ?1) AS r"
                              " WHERE c.id = ?1", NULL);
  g_assert_nonnull (stmt);
  for (guint i = 0; i < G_N_ELEMENTS (positions); i++)
    {
      g_autoptr(CdClaimRow) row = row_at (model, positions[i]);
      g_autofree char *number = NULL, *claimant = NULL, *benefit = NULL, *status = NULL,
                      *officer = NULL, *period_from = NULL, *period_to = NULL;
      g_autofree char *received = NULL;
      gint64 id = 0;
      gint64 amount;
      int age;

      g_object_get (row, "id", &id, "number", &number, "claimant", &claimant, "benefit",
                    &benefit, "period-from", &period_from, "period-to", &period_to, "status",
                    &status, "officer", &officer, "received-on", &received, "amount", &amount,
                    "age-days", &age, NULL);
      cd_statement_reset (stmt);
      cd_statement_bind_int64 (stmt, 1, id);
      g_assert_cmpint (cd_statement_step (stmt, NULL), ==, CD_STEP_ROW);

      g_assert_cmpstr (number, ==, cd_statement_get_text (stmt, 0));
      g_assert_cmpstr (claimant, ==, cd_statement_get_text (stmt, 1));
      g_assert_cmpstr (benefit, ==, cd_benefit_to_string (cd_statement_get_int (stmt, 2)));
      g_assert_cmpstr (period_from, ==, cd_statement_get_text (stmt, 3));
      g_assert_cmpstr (period_to, ==, cd_statement_get_text (stmt, 4));
      g_assert_cmpint (amount, ==, cd_statement_get_int64 (stmt, 5));
      g_assert_cmpstr (status, ==, cd_claim_status_to_string (cd_statement_get_int (stmt, 6)));
      g_assert_cmpstr (officer, ==, cd_statement_get_text (stmt, 7));
      g_assert_cmpstr (received, ==, cd_statement_get_text (stmt, 8));
      /* Days from receipt to the model's today, never negative. */
      g_assert_cmpint (age, ==, cd_statement_get_int (stmt, 9));

      with_amount += amount > 0;
      with_age += age > 0;
    }
  /* The rows checked include money and age, so neither comparison was of zeros. */
  g_assert_cmpuint (with_amount, >, 0);
  g_assert_cmpuint (with_age, >, 0);
}

static void
on_rows_loaded (CdClaimListModel *model,
                guint             position,
                guint             n_rows,
                GArray           *loaded)
{
  g_array_append_val (loaded, position);
  g_array_append_val (loaded, n_rows);
}

/* Scrolling past a page makes objects of the rows on screen only: a page of 200 rows read for the
 * dozen shown gives a dozen rows, each filled when its page arrives (one ::rows-loaded for the
 * page) or at once when it already has; the rows match the database's order either way. */
static void
test_rows_made_on_demand (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdClaimListModel) model
      = cd_claim_list_model_new (f->path, NULL, CD_CLAIM_SORT_NUMBER, FALSE, &error);
  g_autoptr(GArray) ids = expected_ids (f, "", "c.number, c.id");
  g_autoptr(GPtrArray) shown = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) loaded = g_array_new (FALSE, FALSE, sizeof (guint));
  const guint from = 5 * CD_CLAIM_LIST_PAGE_SIZE + 17;
  guint64 rows_read = 0;

  g_assert_no_error (error);
  g_signal_connect (model, "rows-loaded", G_CALLBACK (on_rows_loaded), loaded);
  /* The first page was read by the constructor, and nothing asked for its rows yet. */
  g_assert_cmpuint (cd_claim_list_model_get_rows_made (model), ==, 0);

  /* A dozen rows in the middle of page 5, asked before the page is read: placeholders, filled
   * when it arrives. */
  for (guint k = 0; k < 12; k++)
    g_ptr_array_add (shown, g_list_model_get_item (G_LIST_MODEL (model), from + k));
  g_assert_false (cd_claim_row_get_loaded (shown->pdata[0]));
  wait_loaded (model);
  cd_claim_list_model_get_stats (model, &rows_read, NULL);
  g_assert_cmpuint (rows_read, ==, 2 * CD_CLAIM_LIST_PAGE_SIZE);
  g_assert_cmpuint (cd_claim_list_model_get_rows_made (model), ==, 12);
  /* One ::rows-loaded for the page, naming its range. */
  g_assert_cmpuint (loaded->len, ==, 2);
  g_assert_cmpuint (g_array_index (loaded, guint, 0), ==, 5 * CD_CLAIM_LIST_PAGE_SIZE);
  g_assert_cmpuint (g_array_index (loaded, guint, 1), ==, CD_CLAIM_LIST_PAGE_SIZE);
  for (guint k = 0; k < shown->len; k++)
    {
      g_assert_true (cd_claim_row_get_loaded (shown->pdata[k]));
      g_assert_cmpint (cd_claim_row_get_id (shown->pdata[k]), ==,
                       g_array_index (ids, gint64, from + k));
    }

  /* Another row of the page, asked after it was read: made now, and filled at once. */
  {
    g_autoptr(CdClaimRow) later = g_list_model_get_item (G_LIST_MODEL (model), from + 100);

    g_assert_true (cd_claim_row_get_loaded (later));
    g_assert_cmpuint (cd_claim_list_model_get_pending (model), ==, 0);
    g_assert_cmpint (cd_claim_row_get_id (later), ==, g_array_index (ids, gint64, from + 100));
    g_assert_cmpuint (cd_claim_list_model_get_rows_made (model), ==, 13);
    /* Made filled: nothing to announce. */
    g_assert_cmpuint (loaded->len, ==, 2);
  }
  /* The same row asked twice is the same object. */
  {
    g_autoptr(CdClaimRow) again = g_list_model_get_item (G_LIST_MODEL (model), from);

    g_assert_true (again == shown->pdata[0]);
    g_assert_cmpuint (cd_claim_list_model_get_rows_made (model), ==, 13);
  }
}

static void
test_page_cache_is_bounded (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "big.db", NULL);
  g_autoptr(CdDatabase) db = cd_database_open (path, &error);
  g_autoptr(CdClaimListModel) model = NULL;
  g_autoptr(GPtrArray) held = g_ptr_array_new_with_free_func (g_object_unref);
  guint64 rows_read = 0;
  guint n;

  /* More pages than the cache keeps (32). */
  g_assert_true (cd_seed_run (db, 22, 1000, 8000, NULL, NULL, &error));
  model = cd_claim_list_model_new (path, NULL, CD_CLAIM_SORT_AGE, FALSE, &error);
  g_assert_no_error (error);
  n = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_assert_cmpuint (n, ==, 8000);

  /* Ask for every page at once, without waiting: loads pile up, the cache stays bounded, and every
   * row handed out stays valid and gets filled. */
  for (guint p = 0; p < n; p += CD_CLAIM_LIST_PAGE_SIZE)
    g_ptr_array_add (held, g_list_model_get_item (G_LIST_MODEL (model), p));
  wait_loaded (model);
  for (guint k = 0; k < held->len; k++)
    g_assert_true (cd_claim_row_get_loaded (held->pdata[k]));
  /* Coming back to the first page after it was evicted reads it again, by its known start. */
  {
    g_autoptr(CdClaimRow) again = row_at (model, 0);
    g_assert_cmpint (cd_claim_row_get_id (again), ==, cd_claim_row_get_id (held->pdata[0]));
  }
  cd_claim_list_model_get_stats (model, &rows_read, NULL);
  g_assert_cmpuint (rows_read, >=, n);
}

static void
on_model (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  CdClaimListModel **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = cd_claim_list_model_new_finish (result, &error);
  g_assert_no_error (error);
}

static void
test_async_construction (Fixture       *f,
                         gconstpointer  data)
{
  CdClaimListModel *model = NULL;

  cd_claim_list_model_new_async (f->path, NULL, CD_CLAIM_SORT_PERIOD, TRUE, NULL, on_model, &model);
  while (model == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_CLAIMS);
  g_object_unref (model);
}

static void
collect_id (CdClaimRow *row,
            gpointer    user_data)
{
  gint64 id = cd_claim_row_get_id (row);

  g_assert_true (cd_claim_row_get_loaded (row));
  g_array_append_val ((GArray *) user_data, id);
}

/* Every row, in the list's order, across pages (2600 claims: 13 pages), sorted on a key that
 * repeats (the benefit, so the keyset's id breaks ties), descending and filtered too; the
 * model's own pages are not touched. */
static void
test_foreach_reads_every_row (Fixture       *f,
                              gconstpointer  data)
{
  static const struct
  {
    CdClaimSort  sort;
    gboolean     descending;
    int          benefit;
    const char  *where;
    const char  *order;
  } cases[] = {
    { CD_CLAIM_SORT_NUMBER, TRUE, -1, "", "c.number DESC, c.id DESC" },
    { CD_CLAIM_SORT_BENEFIT, FALSE, -1, "", "c.benefit, c.id" },
    { CD_CLAIM_SORT_NUMBER, FALSE, 0, "WHERE c.benefit = 0", "c.number, c.id" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autoptr(GArray) expected = expected_ids (f, cases[i].where, cases[i].order);
      CdClaimFilter filter;
      g_autoptr(CdClaimListModel) model = NULL;
      g_autoptr(GCancellable) cancelled = g_cancellable_new ();
      guint64 rows_read = 0;

      cd_claim_filter_init (&filter);
      filter.benefit = cases[i].benefit;
      model = cd_claim_list_model_new (f->path, &filter, cases[i].sort, cases[i].descending,
                                       &error);
      g_assert_no_error (error);
      g_assert_true (cd_claim_list_model_foreach (model, collect_id, ids, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (ids->len, ==, expected->len);
      g_assert_cmpuint (ids->len, ==, g_list_model_get_n_items (G_LIST_MODEL (model)));
      g_assert_cmpmem (ids->data, ids->len * sizeof (gint64),
                       expected->data, expected->len * sizeof (gint64));
      cd_claim_list_model_get_stats (model, &rows_read, NULL);
      g_assert_cmpuint (rows_read, ==, MIN (expected->len, CD_CLAIM_LIST_PAGE_SIZE));

      g_cancellable_cancel (cancelled);
      g_assert_false (cd_claim_list_model_foreach (model, collect_id, ids, cancelled, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/claim-list-model/foreach-reads-every-row", Fixture, NULL, fixture_set_up,
              test_foreach_reads_every_row, fixture_tear_down);
  g_test_add ("/claim-list-model/opens-without-reading-everything", Fixture, NULL, fixture_set_up,
              test_opens_without_reading_everything, fixture_tear_down);
  g_test_add ("/claim-list-model/far-jumps-seek-after-sampling", Fixture, NULL, fixture_set_up,
              test_far_jumps_seek_after_sampling, fixture_tear_down);
  g_test_add ("/claim-list-model/pages-use-indexes", Fixture, NULL, fixture_set_up,
              test_pages_use_indexes, fixture_tear_down);
  g_test_add ("/claim-list-model/every-sort-matches-sql", Fixture, NULL, fixture_set_up,
              test_every_sort_matches_sql, fixture_tear_down);
  g_test_add ("/claim-list-model/descending-and-filters", Fixture, NULL, fixture_set_up,
              test_descending_and_filters, fixture_tear_down);
  g_test_add ("/claim-list-model/status-mask-and-claimant", Fixture, NULL, fixture_set_up,
              test_status_mask_and_claimant, fixture_tear_down);
  g_test_add ("/claim-list-model/row-properties", Fixture, NULL, fixture_set_up,
              test_row_properties, fixture_tear_down);
  g_test_add ("/claim-list-model/rows-made-on-demand", Fixture, NULL, fixture_set_up,
              test_rows_made_on_demand, fixture_tear_down);
  g_test_add ("/claim-list-model/page-cache-is-bounded", Fixture, NULL, fixture_set_up,
              test_page_cache_is_bounded, fixture_tear_down);
  g_test_add ("/claim-list-model/async-construction", Fixture, NULL, fixture_set_up,
              test_async_construction, fixture_tear_down);

  return g_test_run ();
}
