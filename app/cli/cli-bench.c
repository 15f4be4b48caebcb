/* cli-bench.c — `bench store`: the store's figures at a million claims.
 *
 * Prints the seed rate, search latency beside the raw FTS5 query on the same file, and the time and
 * peak memory to the first page of the claim list. The first-page figures are taken in a fresh
 * child process (this program again, with --first-page-only), so the seed's memory does not count.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "cd-claim-list-model.h"
#include "cd-database.h"
#include "cd-search.h"
#include "cd-seed.h"
#include "cd-statement.h"
#include "cli-common.h"

static long
peak_rss_kib (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

static long
current_rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmRSS:");
  return line != NULL ? atol (line + 6) : -1;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
percentile (GArray *sorted,
            double  p)
{
  guint k = (guint) (p * (sorted->len - 1) + 0.5);
  return g_array_index (sorted, double, MIN (k, sorted->len - 1));
}

static gint64
count_claims (CdDatabase *db)
{
  g_autoptr(CdStatement) stmt = cd_database_prepare (db, "SELECT count(*) FROM claims", NULL);

  if (stmt != NULL && cd_statement_step (stmt, NULL) == CD_STEP_ROW)
    return cd_statement_get_int64 (stmt, 0);
  return 0;
}

static void
on_seed_progress (guint64  done,
                  guint64  total,
                  gpointer user_data)
{
  gint64 *last = user_data;
  gint64 now = g_get_monotonic_time ();

  if (done < total ? now - *last < 250000 : *last < 0)
    return;
  if (done >= total)
    now = -1;
  *last = now;
  fprintf (stderr, "\r");
  fprintf (stderr, _("Seeding: %llu of %llu records"), (unsigned long long)done,
           (unsigned long long)total);
  if (done >= total)
    fprintf (stderr, "\n");
}

/* Name queries as an officer types them: a real person's name, the last word cut short half the
 * time. */
static GPtrArray *
make_queries (CdDatabase *db,
              guint       n)
{
  GPtrArray *queries = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261120);
  g_autoptr(CdStatement) stmt = NULL;
  gint64 max_id = 0;

  stmt = cd_database_prepare (db, "SELECT max(id) FROM persons", NULL);
  if (stmt != NULL && cd_statement_step (stmt, NULL) == CD_STEP_ROW)
    max_id = cd_statement_get_int64 (stmt, 0);
  g_clear_pointer (&stmt, cd_statement_free);
  if (max_id == 0)
    return queries;

  stmt = cd_database_prepare (db, "SELECT name_folded FROM persons WHERE id >= ?1 ORDER BY id"
                                  " LIMIT 1", NULL);
  while (stmt != NULL && queries->len < n)
    {
      cd_statement_bind_int64 (stmt, 1, 1 + (gint64) (g_rand_double (rand) * max_id));
      if (cd_statement_step (stmt, NULL) == CD_STEP_ROW)
        {
          char *name = cd_statement_dup_text (stmt, 0);
          char *last = strrchr (name, ' ');
          if (last != NULL && g_rand_boolean (rand) && strlen (last + 1) > 1)
            last[1 + g_rand_int_range (rand, 1, (gint32) strlen (last + 1))] = '\0';
          g_ptr_array_add (queries, name);
        }
      cd_statement_reset (stmt);
    }
  return queries;
}

static double
raw_fts (CdDatabase *db,
         const char *match,
         guint       limit)
{
  g_autoptr(CdStatement) stmt = NULL;
  gint64 start = g_get_monotonic_time ();

  stmt = cd_database_prepare (db, "SELECT rowid FROM person_search WHERE person_search MATCH ?1"
                                  " ORDER BY rank LIMIT ?2", NULL);
  if (stmt == NULL)
    return 0.0;
  cd_statement_bind_text_static (stmt, 1, match);
  cd_statement_bind_int64 (stmt, 2, limit);
  while (cd_statement_step (stmt, NULL) == CD_STEP_ROW)
    ;
  return (g_get_monotonic_time () - start) / 1000.0;
}

/* The two-step name lookup as raw FTS5: the whole folded name exactly, then as a prefix. */
static double
raw_whole_name (CdDatabase *db,
                const char *query,
                guint       limit,
                guint      *found)
{
  g_autoptr(GHashTable) people = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GArray) ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), 2 * limit);
  g_autofree char *folded = cd_search_build_match (query);
  GString *whole = g_string_new (NULL);
  gint64 start;
  guint rows = 0;

  /* build_match gives "w1"* "w2"*: keep the letters only. */
  for (const char *p = folded != NULL ? folded : ""; *p != '\0'; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (whole, *p);
  start = g_get_monotonic_time ();
  for (int pass = 0; pass < 2 && rows < limit; pass++)
    {
      g_autofree char *match = g_strdup_printf (pass == 0 ? "\"%s\"" : "\"%s\"*", whole->str);
      g_autoptr(CdStatement) stmt = NULL;

      stmt = cd_database_prepare (db, "SELECT rowid FROM person_name WHERE person_name MATCH ?1"
                                      " ORDER BY rowid LIMIT ?2", NULL);
      if (stmt == NULL)
        break;
      cd_statement_bind_text (stmt, 1, match);
      cd_statement_bind_int64 (stmt, 2, limit);
      while (cd_statement_step (stmt, NULL) == CD_STEP_ROW)
        {
          gint64 id = cd_statement_get_int64 (stmt, 0);
          g_array_append_val (ids, id);
          if (g_hash_table_add (people, &g_array_index (ids, gint64, ids->len - 1)))
            rows++;
        }
    }
  g_string_free (whole, TRUE);
  if (found != NULL)
    *found = rows;
  return (g_get_monotonic_time () - start) / 1000.0;
}

static int
bench_search (const char *db_path,
              guint       n_queries)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDatabase) reader = cd_database_open_reader (db_path, &error);
  g_autoptr(GPtrArray) queries = NULL;
  g_autoptr(GArray) ours = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) raw = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) raw_whole = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) raw_same = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GPtrArray) warm = NULL;
  guint hits = 0;

  if (reader == NULL)
    {
      cli_fail ("bench", "%s", error->message);
      return CLI_EXIT_FAILED;
    }
  queries = make_queries (reader, n_queries);

  /* One untimed pass warms the page cache for both, then each query is timed both ways, in turn. */
  for (guint k = 0; k < queries->len; k++)
    {
      g_autofree char *match = cd_search_build_match (queries->pdata[k]);

      g_clear_pointer (&warm, g_ptr_array_unref);
      warm = cd_search_run (reader, queries->pdata[k], 20, NULL);
      raw_fts (reader, match, 20);
      raw_whole_name (reader, queries->pdata[k], 20, NULL);
    }
  for (guint k = 0; k < queries->len; k++)
    {
      g_autofree char *match = cd_search_build_match (queries->pdata[k]);
      gint64 start = g_get_monotonic_time ();
      g_autoptr(GPtrArray) results = cd_search_run (reader, queries->pdata[k], 20, &error);
      double ms = (g_get_monotonic_time () - start) / 1000.0;
      double raw_ms;

      if (results == NULL)
        {
          cli_fail ("bench", "%s", error->message);
          return CLI_EXIT_FAILED;
        }
      hits += results->len > 0;
      g_array_append_val (ours, ms);
      raw_ms = raw_fts (reader, match, 20);
      g_array_append_val (raw, raw_ms);
      {
        guint found = 0;
        double whole_ms = raw_whole_name (reader, queries->pdata[k], 20, &found);
        /* The FTS5 statements the search itself runs for this query: the whole-name lookups, and
         * the ranked word query when they did not fill the page. */
        double same_ms = whole_ms + (found < 20 ? raw_ms : 0.0);
        g_array_append_val (raw_whole, whole_ms);
        g_array_append_val (raw_same, same_ms);
      }
    }
  g_array_sort (ours, compare_double);
  g_array_sort (raw, compare_double);
  g_array_sort (raw_whole, compare_double);
  g_array_sort (raw_same, compare_double);
  printf ("search: %u name queries (%u with results), limit 20\n", queries->len, hits);
  printf (
      "search: p50 %.2f ms, p95 %.2f ms, max %.2f ms"
      " (cd_search_run: fold, identifiers, FTS5, people, their claims)\n",
      percentile (ours, 0.5), percentile (ours, 0.95), percentile (ours, 1.0));
  printf (
      "raw fts5, words ranked: p50 %.2f ms, p95 %.2f ms, max %.2f ms"
      " (SELECT rowid FROM person_search WHERE … MATCH '\"w1\"* \"w2\"*…'"
      " ORDER BY rank LIMIT 20)\n",
      percentile (raw, 0.5), percentile (raw, 0.95), percentile (raw, 1.0));
  printf (
      "raw fts5, whole name: p50 %.2f ms, p95 %.2f ms, max %.2f ms"
      " (SELECT rowid FROM person_name WHERE … MATCH '\"w1w2…\"' then '\"w1w2…\"*'"
      " ORDER BY rowid LIMIT 20)\n",
      percentile (raw_whole, 0.5), percentile (raw_whole, 0.95), percentile (raw_whole, 1.0));
  printf ("raw fts5, the statements the search runs: p50 %.2f ms, p95 %.2f ms, max %.2f ms"
          " (whole name, then words ranked when the page is not full)\n",
          percentile (raw_same, 0.5), percentile (raw_same, 0.95), percentile (raw_same, 1.0));
  printf ("search p95 / raw p95: %.2f against the same statements, %.2f against the words-ranked"
          " query (target <= 2.0; p95 target < 30 ms)\n",
          percentile (ours, 0.95) / MAX (percentile (raw_same, 0.95), 0.001),
          percentile (ours, 0.95) / MAX (percentile (raw, 0.95), 0.001));
  return CLI_EXIT_OK;
}

static void
wait_pages (CdClaimListModel *model)
{
  while (cd_claim_list_model_get_pending (model) > 0)
    g_main_context_iteration (NULL, TRUE);
}

static void
wait_row (CdClaimRow *row)
{
  while (!cd_claim_row_get_loaded (row))
    g_main_context_iteration (NULL, TRUE);
}

/* Runs in a fresh process: open a list, show its first page, jump to the middle. */
static int
bench_first_page (const char *db_path)
{
  char go[8];
  static const struct { CdClaimSort sort; const char *name;
  } sorts[] = {
    { CD_CLAIM_SORT_AGE, "age" },
    { CD_CLAIM_SORT_NUMBER, "number" },
    { CD_CLAIM_SORT_CLAIMANT, "claimant" },
    { CD_CLAIM_SORT_AMOUNT, "amount" },
  };
  long rss_before;

  /* Started before the seed; waits until the store is ready. */
  if (fgets (go, sizeof go, stdin) == NULL)
    return CLI_EXIT_FAILED;
  rss_before = current_rss_kib ();

  for (guint s = 0; s < G_N_ELEMENTS (sorts); s++)
    {
      g_autoptr(GError) error = NULL;
      gint64 start = g_get_monotonic_time ();
      g_autoptr (CdClaimListModel) model
          = cd_claim_list_model_new (db_path, NULL, sorts[s].sort, FALSE, &error);
      g_autoptr(CdClaimRow) row = NULL;
      guint64 rows_read = 0, steps = 0;
      double first_ms, middle_ms, next_ms, sample_ms, quarter_ms;
      guint n;

      if (model == NULL)
        {
          cli_fail ("bench", "%s", error->message);
          return CLI_EXIT_FAILED;
        }
      row = g_list_model_get_item (G_LIST_MODEL (model), 0);
      first_ms = (g_get_monotonic_time () - start) / 1000.0;
      n = g_list_model_get_n_items (G_LIST_MODEL (model));
      cd_claim_list_model_get_stats (model, &rows_read, &steps);
      printf ("first page (sort by %s): %.2f ms for %u of %u claims; %" G_GUINT64_FORMAT
              " rows read, %" G_GUINT64_FORMAT " index steps\n",
              sorts[s].name, first_ms, MIN (n, CD_CLAIM_LIST_PAGE_SIZE), n, rows_read, steps);
      if (s == 0)
        printf (
            "first page memory: peak RSS (getrusage) %ld KiB,"
            " of which %ld KiB since the list was opened\n",
            peak_rss_kib (), peak_rss_kib () - rss_before);

      g_clear_object (&row);
      start = g_get_monotonic_time ();
      row = g_list_model_get_item (G_LIST_MODEL (model), n / 2);
      wait_row (row);
      middle_ms = (g_get_monotonic_time () - start) / 1000.0;
      g_clear_object (&row);
      start = g_get_monotonic_time ();
      row = g_list_model_get_item (G_LIST_MODEL (model), n / 2 + CD_CLAIM_LIST_PAGE_SIZE);
      wait_row (row);
      next_ms = (g_get_monotonic_time () - start) / 1000.0;

      /* The first far jump also started the walk that notes every page start; once it is done,
       * another far jump is a single seek. */
      start = g_get_monotonic_time ();
      wait_pages (model);
      sample_ms = (g_get_monotonic_time () - start) / 1000.0;
      g_clear_object (&row);
      start = g_get_monotonic_time ();
      row = g_list_model_get_item (G_LIST_MODEL (model), n / 4 + 7);
      wait_row (row);
      quarter_ms = (g_get_monotonic_time () - start) / 1000.0;
      cd_claim_list_model_get_stats (model, &rows_read, &steps);
      printf ("  jump to the middle: %.2f ms (counted inside the index); next page by keyset:"
              " %.2f ms;\n  page starts noted in the background in %.0f ms more; then a jump to a"
              " quarter: %.2f ms; %" G_GUINT64_FORMAT " rows read in all\n",
              middle_ms, next_ms, sample_ms, quarter_ms, rows_read);
    }
  return CLI_EXIT_OK;
}

int
cli_bench (int    argc,
           char **argv)
{
  g_autofree char *db_path = NULL;
  gint64 people = 125000, claims = 1000000, seed = 1;
  int queries = 1000;
  gboolean first_page_only = FALSE;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path,
      N_("The database file (seeded first if it is empty)"), N_("PATH") },
    { "people", 0, 0, G_OPTION_ARG_INT64, &people, N_("People to seed (default 125000)"), "N" },
    { "claims", 0, 0, G_OPTION_ARG_INT64, &claims, N_("Claims to seed (default 1000000)"), "M" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, N_("The world's seed"), "S" },
    { "queries", 0, 0, G_OPTION_ARG_INT, &queries, N_("Search queries to time (default 1000)"),
      "N" },
    { "first-page-only", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &first_page_only, NULL, NULL },
    { NULL }
  };
  g_autoptr(CdDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  GPid child_pid = 0;
  int child_stdin = -1, child_stdout = -1;
  int status;

  if (!cli_parse (&argc, &argv, "bench", "store", entries, 1, 1))
    return CLI_EXIT_USAGE;
  if (!g_str_equal (argv[1], "store"))
    {
      cli_fail ("bench", _("Unknown benchmark “%s”; the one there is: store"), argv[1]);
      return CLI_EXIT_USAGE;
    }
  if (db_path == NULL)
    {
      cli_fail ("bench", _("--db PATH is required"));
      return CLI_EXIT_USAGE;
    }
  if (first_page_only)
    return bench_first_page (db_path);
  if (people <= 0 || claims < 0 || queries <= 0)
    {
      cli_fail ("bench", _("--people and --queries must be positive, --claims not negative"));
      return CLI_EXIT_USAGE;
    }

  /* The process that will time the first page is started now, while this one is still small: the
   * peak resident size a process reports (getrusage) includes what its parent held when it forked.
   */
  {
    g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
    const char *child[] = { self, "bench", "store", "--db", db_path, "--first-page-only", NULL };

    if (self == NULL
        || !g_spawn_async_with_pipes (NULL, (char **)child, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL,
                                      NULL, &child_pid, &child_stdin, &child_stdout, NULL, &error))
      {
        cli_fail ("bench", "%s", error != NULL ? error->message : "cannot find this program");
        return CLI_EXIT_FAILED;
      }
  }

  db = cd_database_open (db_path, &error);
  if (db == NULL)
    {
      cli_fail ("bench", "%s", error->message);
      return CLI_EXIT_FAILED;
    }

  if (count_claims (db) == 0)
    {
      gint64 last = 0;
      gint64 start = g_get_monotonic_time ();
      double seconds;

      if (!cd_seed_run (db, (guint64)seed, (guint32)people, (guint64)claims, on_seed_progress,
                        &last, &error))
        {
          cli_fail ("bench", "%s", error->message);
          return CLI_EXIT_FAILED;
        }
      seconds = (g_get_monotonic_time () - start) / 1e6;
      printf ("seed: %" G_GINT64_FORMAT " claims, %" G_GINT64_FORMAT
              " insured people (households), in %.1f s:"
              " %.0f claims/s (target: 1,000,000 in < 60 s)\n",
              claims, people, seconds, claims / seconds);
    }
  else
    printf ("seed: skipped, %s already holds %" G_GINT64_FORMAT
            " claims (bench an empty file to time it)\n",
            db_path, count_claims (db));
  g_clear_object (&db);

  status = bench_search (db_path, (guint) queries);
  if (status != CLI_EXIT_OK)
    return status;

  /* Let the child measure the first page now, and pass on what it prints. */
  {
    g_autoptr(GIOChannel) in = g_io_channel_unix_new (child_stdin);
    g_autoptr(GIOChannel) out = g_io_channel_unix_new (child_stdout);
    g_autofree char *text = NULL;
    int wait_status = 0;

    g_io_channel_set_close_on_unref (in, TRUE);
    g_io_channel_set_close_on_unref (out, TRUE);
    g_io_channel_write_chars (in, "go\n", -1, NULL, NULL);
    g_io_channel_shutdown (in, TRUE, NULL);
    g_io_channel_read_to_end (out, &text, NULL, NULL);
    waitpid (child_pid, &wait_status, 0);
    g_spawn_close_pid (child_pid);
    if (text != NULL)
      fputs (text, stdout);
    if (!g_spawn_check_wait_status (wait_status, &error))
      {
        cli_fail ("bench", "%s", error->message);
        return CLI_EXIT_FAILED;
      }
  }
  return CLI_EXIT_OK;
}
