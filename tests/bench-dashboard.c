/* bench-dashboard.c — how long the dashboard takes from asking to showing a period's figures on a
 * large store, for each period: `xvfb-run build/tests/bench-dashboard STORE [YYYY-MM-DD [LOGIN]]`
 * (today defaults to the store's last day of receipt; the account to its first supervisor). The
 * store is only read. The figures go in the closing notes; this is a program, not a timed test.
 */
#include "config.h"

#include <adwaita.h>

#include "cd-dashboard-page.h"
#include "cd-database.h"
#include "cd-statement.h"

static gboolean
pack_ready (CdContext *context)
{
  return cd_context_get_rule_pack (context) != NULL;
}

static void
on_pack (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(CdRulePack) pack = cd_context_load_rule_pack_finish (CD_CONTEXT (object), result,
                                                                 NULL);
}

static gint64
load_once (CdDashboardPage   *page,
           CdDashboardPeriod  period)
{
  gint64 start = g_get_monotonic_time ();

  if (cd_dashboard_page_get_period (page) == period)
    cd_dashboard_page_reload (page);
  else
    cd_dashboard_page_set_period (page, period);
  while (cd_dashboard_page_get_loading (page))
    g_main_context_iteration (NULL, TRUE);
  /* Until the figures are drawn, not only read. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  return g_get_monotonic_time () - start;
}

int
main (int    argc,
      char **argv)
{
  static const char * const names[] = { "this week", "4 weeks", "12 weeks", "quarter" };
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDatabase) reader = NULL;
  g_autoptr(CdStatement) select = NULL;
  g_autoptr(CdContext) context = NULL;
  g_autoptr(CdSession) session = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(CdClock) clock = NULL;
  g_autofree char *login = NULL;
  g_autofree char *name = NULL;
  CdDay today = CD_DAY_NONE;
  gint64 user_id;
  CdRole role;
  GtkWidget *window, *page;
  int year, month, mday;

  if (argc < 2)
    {
      g_printerr ("usage: bench-dashboard STORE [YYYY-MM-DD [LOGIN]]\n");
      return 2;
    }
  gtk_init ();
  adw_init ();

  reader = cd_database_open_reader (argv[1], &error);
  if (reader == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  select = cd_database_prepare (reader, argc > 3
                                ? "SELECT id, login, full_name, role FROM users WHERE login = ?1"
                                : "SELECT id, login, full_name, role FROM users"
                                  " WHERE role = 'supervisor' ORDER BY id LIMIT 1", &error);
  if (argc > 3)
    cd_statement_bind_text (select, 1, argv[3]);
  if (select == NULL || cd_statement_step (select, &error) != CD_STEP_ROW)
    {
      g_printerr ("No such account in %s\n", argv[1]);
      return 1;
    }
  user_id = cd_statement_get_int64 (select, 0);
  login = cd_statement_dup_text (select, 1);
  name = cd_statement_dup_text (select, 2);
  if (!cd_role_from_string (cd_statement_get_text (select, 3), &role))
    role = CD_ROLE_OFFICER;
  g_clear_pointer (&select, cd_statement_free);
  if (argc > 2 && !cd_date_parse (argv[2], &today))
    {
      g_printerr ("Not a day: %s\n", argv[2]);
      return 2;
    }
  if (today == CD_DAY_NONE)
    {
      select = cd_database_prepare (reader, "SELECT max(received_on) FROM claims", &error);
      g_assert (select != NULL && cd_statement_step (select, NULL) == CD_STEP_ROW);
      today = cd_date_from_yyyymmdd ((guint32) cd_statement_get_int64 (select, 0));
    }

  /* Who the figures are for is the bench's to say: no password is proved here. */
  session = cd_session_new (user_id, login, name, role, 0);
  cd_date_to_ymd (today, &year, &month, &mday);
  now = g_date_time_new_local (year, month, mday, 12, 0, 0);
  clock = cd_clock_new_fixed (now);
  context = cd_context_new ();
  cd_context_set_clock (context, clock);
  cd_context_set_db_path (context, argv[1]);
  cd_context_set_session (context, session);
  cd_context_load_rule_pack_async (context, NULL, on_pack, NULL);
  while (!pack_ready (context))
    g_main_context_iteration (NULL, TRUE);

  page = cd_dashboard_page_new (context);
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 900);
  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));
  while (cd_dashboard_page_get_loading (CD_DASHBOARD_PAGE (page)))
    g_main_context_iteration (NULL, TRUE);

  g_print ("%s as %s, today %04d-%02d-%02d\n", argv[1], login, year, month, mday);
  for (guint p = CD_DASHBOARD_THIS_WEEK; p <= CD_DASHBOARD_QUARTER; p++)
    {
      gint64 best = G_MAXINT64, worst = 0;

      for (guint run = 0; run < 3; run++)
        {
          gint64 took = load_once (CD_DASHBOARD_PAGE (page), p);

          best = MIN (best, took);
          worst = MAX (worst, took);
        }
      g_print ("%-10s %6.0f–%.0f ms, %u claims\n", names[p], best / 1000.0, worst / 1000.0,
               cd_dashboard_page_get_stats (CD_DASHBOARD_PAGE (page))->received);
    }
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
