/* bench-office-stats.c — the office dashboard's figures on a large store (issue 18, item 1).
 *
 * Reads the figures for one week, twelve weeks and a year of receipt ending on --to, as the
 * dashboard does (a reader connection opened for the read, cd_office_stats_read), for the office
 * and for one officer, --runs times each, and prints the fastest, the median and the slowest, with
 * the deadline report's per-claim read of the same period beside them. The store is seeded first
 * (`claimdesk-cli seed --people 125000 --claims 1000000`, docs/store-benchmark.md).
 *
 * Run: CLAIMDESK_DATADIR=data build/tests/bench-office-stats --db PATH [--to D] [--today D]
 *      [--runs N] [--no-report]
 */
#include <stdio.h>
#include <stdlib.h>

#include "cd-deadline-report.h"
#include "cd-office-stats.h"
#include "cd-statement.h"

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
print_times (const char *what,
             GArray     *ms,
             guint       claims)
{
  g_array_sort (ms, compare_double);
  printf ("  %-34s %8u claims  min %7.1f ms  median %7.1f ms  max %7.1f ms\n", what, claims,
          g_array_index (ms, double, 0), g_array_index (ms, double, ms->len / 2),
          g_array_index (ms, double, ms->len - 1));
}

/* An officer's session, made the way sign-in makes it, for the officer with the most claims. */
static CdSession *
busiest_officer (const char *db_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDatabase) db = cd_database_open_reader (db_path, &error);
  g_autoptr(CdStatement) stmt = NULL;

  if (db == NULL)
    g_error ("%s", error->message);
  stmt = cd_database_prepare (db, "SELECT u.id, u.login, u.full_name FROM users u"
                                  " WHERE u.role = 'officer' ORDER BY"
                                  " (SELECT sum (n) FROM claim_counts WHERE officer_id = u.id) DESC"
                                  " LIMIT 1", &error);
  if (stmt == NULL || cd_statement_step (stmt, &error) != CD_STEP_ROW)
    g_error ("no officer in %s: %s", db_path, error != NULL ? error->message : "none");
  return cd_session_new (cd_statement_get_int64 (stmt, 0), cd_statement_get_text (stmt, 1),
                         cd_statement_get_text (stmt, 2), CD_ROLE_OFFICER, 0);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *db_path = NULL;
  g_autofree char *to_text = NULL;
  g_autofree char *today_text = NULL;
  int runs = 7;
  gboolean no_report = FALSE;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, "A seeded store", "PATH" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to_text, "The last day of receipt", "YYYY-MM-DD" },
    { "today", 0, 0, G_OPTION_ARG_STRING, &today_text, "Count as of this day", "YYYY-MM-DD" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Reads of each period", "N" },
    { "no-report", 0, 0, G_OPTION_ARG_NONE, &no_report, "Skip the deadline report's reads",
      NULL },
    { NULL }
  };
  const struct { const char *name; int days; } periods[] = {
    { "one week", 7 }, { "twelve weeks", 84 }, { "a year", 365 },
  };
  g_autoptr(GOptionContext) options = g_option_context_new ("— the dashboard's figures");
  g_autoptr(GError) error = NULL;
  g_autoptr(CdRulePack) pack = NULL;
  g_autoptr(CdSession) officer = NULL;
  g_autofree char *pack_dir = cd_rule_pack_default_dir ();
  CdDay to, today;

  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error) || db_path == NULL || runs < 1)
    {
      fprintf (stderr, "%s\n", error != NULL ? error->message : "--db PATH is required");
      return 2;
    }
  if (!cd_date_parse (to_text != NULL ? to_text : "2026-11-22", &to)
      || !cd_date_parse (today_text != NULL ? today_text : "2026-11-25", &today))
    {
      fprintf (stderr, "--to and --today are dates YYYY-MM-DD\n");
      return 2;
    }
  pack = cd_rule_pack_load_with_installed (pack_dir, NULL, &error);
  if (pack == NULL)
    g_error ("%s", error->message);
  officer = busiest_officer (db_path);

  printf ("%s, figures as of %d runs (ms, a reader opened for each read)\n", db_path, runs);
  for (guint p = 0; p < G_N_ELEMENTS (periods); p++)
    {
      CdDay from = to - (periods[p].days - 1);
      char from_day[11], to_day[11];

      cd_date_format (from, from_day);
      cd_date_format (to, to_day);
      printf ("%s (%s – %s)\n", periods[p].name, from_day, to_day);
      for (guint scope = 0; scope < 2; scope++)
        {
          g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));
          guint claims = 0;

          for (int run = 0; run < runs; run++)
            {
              gint64 start = g_get_monotonic_time ();
              g_autoptr(CdDatabase) reader = cd_database_open_reader (db_path, &error);
              g_autoptr(CdOfficeStats) stats = NULL;
              double elapsed;

              if (reader == NULL)
                g_error ("%s", error->message);
              stats = cd_office_stats_read (reader, pack, scope == 0 ? NULL : officer, from, to,
                                            today, &error);
              if (stats == NULL)
                g_error ("%s", error->message);
              elapsed = (g_get_monotonic_time () - start) / 1000.0;
              g_array_append_val (ms, elapsed);
              claims = stats->received;
            }
          print_times (scope == 0 ? "dashboard, the office" : "dashboard, one officer", ms,
                       claims);
        }
      if (!no_report)
        {
          g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));
          guint claims = 0;

          /* The per-claim read it replaces: fewer runs, it is slow. */
          for (int run = 0; run < MIN (runs, 3); run++)
            {
              gint64 start = g_get_monotonic_time ();
              g_autoptr(CdDatabase) reader = cd_database_open_reader (db_path, &error);
              g_autoptr(CdDeadlineReport) report = NULL;
              double elapsed;

              report = cd_deadline_report_build (reader, pack, NULL, from, to, today, &error);
              if (report == NULL)
                g_error ("%s", error->message);
              elapsed = (g_get_monotonic_time () - start) / 1000.0;
              g_array_append_val (ms, elapsed);
              claims = report->received;
            }
          print_times ("deadline report (per claim)", ms, claims);
        }
    }
  return 0;
}
