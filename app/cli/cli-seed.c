/* cli-seed.c — `seed`: fill a store from the synthetic world. */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "cd-clock.h"
#include "cd-database.h"
#include "cd-date.h"
#include "cd-seed.h"
#include "cd-context.h"
#include "cli-common.h"

typedef struct
{
  gint64  started;
  gint64  last_print;
  guint64 last_done;
} Progress;

static void
on_progress (guint64  done,
             guint64  total,
             gpointer user_data)
{
  Progress *p = user_data;
  gint64 now = g_get_monotonic_time ();

  /* At most ten updates a second; one line, rewritten in place. */
  if ((done < total && now - p->last_print < 100000) || done == p->last_done)
    return;
  p->last_print = now;
  p->last_done = done;
  fprintf (stderr, "\r");
  fprintf (stderr, _("Seeding: %llu of %llu records (%.0f %%), %.1f s"), (unsigned long long)done,
           (unsigned long long)total, total > 0 ? 100.0 * done / total : 100.0,
           (now - p->started) / 1e6);
  if (done >= total)
    fprintf (stderr, "\n");
  fflush (stderr);
}

int
cli_seed (int    argc,
          char **argv)
{
  g_autofree char *db_path = NULL;
  g_autofree char *day_text = NULL;
  g_autofree char *workload_text = NULL;
  gint64 people = 1000, claims = 5000, seed = 1;
  gboolean quiet = FALSE;
  CdSeedWorld world = { 0, 0, 0, CD_DAY_NONE, CD_WORLD_WORKLOAD_STRESS };
  GOptionEntry entries[]
      = { { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, N_("The database file"), N_("PATH") },
          { "people", 0, 0, G_OPTION_ARG_INT64, &people,
            N_("Insured people (households) to create"), "N" },
          { "claims", 0, 0, G_OPTION_ARG_INT64, &claims, N_("Claims to create"), "M" },
          { "seed", 0, 0, G_OPTION_ARG_INT64, &seed,
            N_("The world's seed: the same seed gives the same data"), "S" },
          { "reference-day", 0, 0, G_OPTION_ARG_STRING, &day_text,
            N_("The day the world is dated to: YYYY-MM-DD, or \"today\" (default 2026-11-20); "
               "the gateway serving the store needs the same --world-reference-day"),
            N_("DAY") },
          { "workload", 0, 0, G_OPTION_ARG_STRING, &workload_text,
            N_("How far the claims have gone: \"stress\" (every status in volume, the default) or "
               "\"office\" (an office that keeps up, as the demo)"),
            N_("NAME") },
          { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, N_("Do not show progress"), NULL },
          { NULL } };
  g_autoptr(CdContext) context = NULL;
  g_autoptr(CdDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  Progress progress = { 0 };
  gint64 elapsed;

  if (!cli_parse (&argc, &argv, "seed", "", entries, 0, 0))
    return CLI_EXIT_USAGE;
  if (db_path == NULL)
    {
      cli_fail ("seed", _("--db PATH is required"));
      return CLI_EXIT_USAGE;
    }
  if (people <= 0 || people > G_MAXUINT32 || claims < 0 || seed < 0)
    {
      cli_fail ("seed", _("--people must be positive, --claims and --seed not negative"));
      return CLI_EXIT_USAGE;
    }

  if (day_text != NULL && g_str_equal (day_text, "today"))
    world.reference_day = cd_clock_get_today (cd_clock_get_default ());
  else if (day_text != NULL && !cd_date_parse (day_text, &world.reference_day))
    {
      cli_fail ("seed", _("--reference-day %s: expected YYYY-MM-DD or \"today\""), day_text);
      return CLI_EXIT_USAGE;
    }
  if (workload_text != NULL && !cd_world_workload_from_string (workload_text, &world.workload))
    {
      cli_fail ("seed", _("--workload %s: expected \"stress\" or \"office\""), workload_text);
      return CLI_EXIT_USAGE;
    }
  world.seed = (guint64) seed;
  world.people = (guint32) people;
  world.claims = (guint64) claims;

  context = cli_context_open ("seed", db_path, CLI_STORE_CREATE, &db);
  if (context == NULL)
    return CLI_EXIT_FAILED;

  progress.started = g_get_monotonic_time ();
  if (!cd_seed_run_world (db, &world, quiet ? NULL : on_progress, &progress, &error))
    {
      if (!quiet)
        fprintf (stderr, "\n");
      cli_fail ("seed", "%s", error->message);
      return g_error_matches (error, CD_SEED_ERROR, CD_SEED_ERROR_INVALID) ? CLI_EXIT_USAGE
                                                                           : CLI_EXIT_FAILED;
    }
  elapsed = g_get_monotonic_time () - progress.started;
  printf (_("Seeded %s: %lld people, %lld claims, seed %lld, in %.1f s\n"), db_path,
          (long long)people, (long long)claims, (long long)seed, elapsed / 1e6);
  return CLI_EXIT_OK;
}
