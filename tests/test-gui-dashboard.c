/* test-gui-dashboard.c — the dashboard ("Overview") on a real store with real accounts: the
 * fixture's twelve claims, received around National Day 2026 and on 11 Sep, some decided in time,
 * one late, the rest open past the deadline on Wed 30 Sep (the fixed clock). The page shows the
 * totals, the charts and their tables with the figures the deadline report gives (and the ones
 * worked out by hand below), says them to assistive technologies, exports a table as CSV and
 * prints one, each recorded in the audit log; an officer sees only their own claims and never the
 * office view. The window's claim list exports every claim of its queue the same way, the
 * approval queue its rows and the search its results.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "cd-approval-page.h"
#include "cd-chart.h"
#include "cd-dashboard-page.h"
#include "cd-figure-panel.h"
#include "cd-format.h"
#include "cd-access.h"
#include "cd-window.h"
#include "gui-test-util.h"
#include "test-util.h"
#include "workflow-fixture.h"

#define TIMEOUT_S 60

static void
receive (Store      *store,
         guint       n,
         const char *yyyymmdd)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE claims SET received_on = %s WHERE number = '%s'",
                                          yyyymmdd, fx_claim (n));

  fx_exec (store, sql);
}

/* A decision frozen at `frozen_at`, as the freeze writes it, and the claim queued. */
static void
decide_at (Store      *store,
           guint       n,
           const char *frozen_at)
{
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *sql = g_strdup_printf (
      "INSERT INTO decisions (uuid, claim_id, state, amount, proposed_by, proposed_at, payload,"
      " payload_sha256, frozen_at)"
      " SELECT '%s', id, 'approved', 1000000, officer_id, '%s', '{}', '%s', '%s'"
      " FROM claims WHERE number = '%s';"
      "UPDATE claims SET status = 7 WHERE number = '%s'",
      uuid, frozen_at, "0000000000000000000000000000000000000000000000000000000000000000",
      frozen_at, fx_claim (n), fx_claim (n));

  fx_exec (store, sql);
}

/* Claims 1–5 around National Day (1, 3, 5 childbirth; 2, 4 sickness), as test-deadline-report
 * has them; 6–12 stay as the fixture made them: received Fri 11 Sep, due Tue 22 Sep, open. */
static void
national_day_world (Store *store)
{
  g_autofree char *sql = NULL;

  receive (store, 1, "20260828");
  decide_at (store, 1, "2026-09-10T03:00:00Z");   /* in time: due Fri 11 Sep */
  receive (store, 2, "20260828");
  decide_at (store, 2, "2026-09-14T03:00:00Z");   /* one working day late */
  receive (store, 3, "20260828");                 /* open: 13 working days over on 30 Sep */
  receive (store, 4, "20260901");                 /* rejected 4 Sep, in time */
  fx_exec (store, "UPDATE claims SET status = 6, updated_at = '2026-09-04T02:00:00Z'"
                  " WHERE number = 'HS-T-0004'");
  receive (store, 5, "20260828");
  decide_at (store, 5, "2026-09-11T09:00:00Z");   /* on the deadline itself */
  /* Amounts claimed on a few: the totals and the amounts by benefit must follow. */
  fx_exec (store, "UPDATE claims SET amount = 1406250 WHERE number IN ('HS-T-0001', 'HS-T-0002');"
                  "UPDATE claims SET amount = 2500000 WHERE number = 'HS-T-0005'");
  sql = g_strdup_printf ("UPDATE claims SET officer_id = %lld WHERE number = 'HS-T-0005'",
                         (long long) cd_session_get_user_id (fx_officer2));
  fx_exec (store, sql);
}

static CdContext *
context_for (Store     *store,
             CdSession *session)
{
  CdContext *context = cd_context_new ();
  g_autoptr(GDateTime) now = g_date_time_new_local (2026, 9, 30, 10, 0, 0);
  g_autoptr(CdClock) clock = cd_clock_new_fixed (now);

  cd_context_set_clock (context, clock);
  cd_context_set_database (context, store->db);
  cd_context_set_session (context, session);
  return context;
}

typedef gboolean (*Condition) (gpointer data);

static void
wait_for (Condition   condition,
          gpointer    data,
          const char *what)
{
  gint64 deadline = g_get_monotonic_time () + TIMEOUT_S * G_TIME_SPAN_SECOND;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out waiting for %s", what);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static gboolean
page_loaded (gpointer data)
{
  return !cd_dashboard_page_get_loading (data) && cd_dashboard_page_get_stats (data) != NULL;
}

static gboolean
message_came (gpointer data)
{
  return *(char **) data != NULL;
}

static void
keep_message (char       **out,
              const char  *message)
{
  g_free (*out);
  *out = g_strdup (message);
}

static CdDashboardPage *
dashboard_for (CdContext  *context,
               GtkWindow **window)
{
  GtkWidget *page = cd_dashboard_page_new (context);

  *window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (*window, 1000, 800);
  gtk_window_set_child (*window, page);
  gtk_window_present (*window);
  wait_for (page_loaded, page, "the first load");
  /* Twelve weeks back from Mon 28 Sep: 13 Jul, so every claim of the world is in. */
  cd_dashboard_page_set_period (CD_DASHBOARD_PAGE (page), CD_DASHBOARD_12_WEEKS);
  g_assert_true (cd_dashboard_page_get_loading (CD_DASHBOARD_PAGE (page)));
  wait_for (page_loaded, page, "the twelve weeks");
  return CD_DASHBOARD_PAGE (page);
}

static CdFigurePanel *
panel (CdDashboardPage  *page,
       CdDashboardPanel  which)
{
  return cd_dashboard_page_get_panel (page, which);
}

static void
test_period_range (void)
{
  CdDay today = cd_date_from_ymd (2026, 9, 30);   /* a Wednesday */
  CdDay from, to;

  cd_dashboard_period_range (CD_DASHBOARD_THIS_WEEK, today, &from, &to);
  g_assert_cmpint (from, ==, cd_date_from_ymd (2026, 9, 28));
  g_assert_cmpint (to, ==, today);
  cd_dashboard_period_range (CD_DASHBOARD_4_WEEKS, today, &from, &to);
  g_assert_cmpint (from, ==, cd_date_from_ymd (2026, 9, 7));
  cd_dashboard_period_range (CD_DASHBOARD_12_WEEKS, today, &from, &to);
  g_assert_cmpint (from, ==, cd_date_from_ymd (2026, 7, 13));
  cd_dashboard_period_range (CD_DASHBOARD_QUARTER, today, &from, &to);
  g_assert_cmpint (from, ==, cd_date_from_ymd (2026, 7, 1));
}

/* A supervisor: the office's figures, charts with their tables, said in words. */
static void
test_office (void)
{
  Store store;
  g_autoptr(CdContext) context = NULL;
  GtkWindow *window;
  CdDashboardPage *page;
  CdFigurePanel *by_benefit, *by_week, *on_time, *overdue;
  CdChart *chart;
  const CdOfficeStats *report;
  g_autofree char *words = NULL;
  g_autofree char *amount = NULL;

  store_open (&store);
  national_day_world (&store);
  context = context_for (&store, fx_sup1);
  page = dashboard_for (context, &window);

  g_assert_true (cd_dashboard_page_get_office_view (page));
  /* The statistics forms are a supervisor's to take out. */
  g_assert_true (gui_test_action_enabled (GTK_WIDGET (page), "dashboard.forms"));
  report = cd_dashboard_page_get_stats (page);
  g_assert_null (report->officer);
  g_assert_cmpint (report->from, ==, cd_date_from_ymd (2026, 7, 13));

  /* The totals as shown. */
  g_assert_cmpstr (cd_dashboard_page_get_total (page, CD_DASHBOARD_TOTAL_RECEIVED), ==, "12");
  g_assert_cmpstr (cd_dashboard_page_get_total (page, CD_DASHBOARD_TOTAL_DECIDED), ==, "4");
  g_assert_cmpstr (cd_dashboard_page_get_total (page, CD_DASHBOARD_TOTAL_ON_TIME_SHARE), ==,
                   "75 %");
  g_assert_cmpstr (cd_dashboard_page_get_total (page, CD_DASHBOARD_TOTAL_LATE), ==, "1");
  g_assert_cmpstr (cd_dashboard_page_get_total (page, CD_DASHBOARD_TOTAL_OPEN_OVERDUE), ==, "8");

  /* The amounts, as a plain SQL sum gives them. */
  amount = cd_format_money_vnd (fx_int (&store, "SELECT coalesce (sum (amount), 0) FROM claims"));
  g_assert_cmpstr (cd_dashboard_page_get_total (page, CD_DASHBOARD_TOTAL_AMOUNT), ==, amount);
  g_assert_cmpstr (amount, ==, "5.312.500 ₫");
  g_assert_cmpstr (cd_dashboard_page_get_total (page, CD_DASHBOARD_TOTAL_OUTBOX_WAITING), ==,
                   "0");
  g_assert_cmpstr (cd_dashboard_page_get_total (page, CD_DASHBOARD_TOTAL_VERIFICATION), ==, "0");

  /* By benefit (by code: sickness, then childbirth): bars of claims received, a table with the
   * amounts, and the amounts as bars of their own. */
  by_benefit = panel (page, CD_DASHBOARD_PANEL_BY_BENEFIT);
  chart = cd_figure_panel_get_chart (by_benefit);
  g_assert_cmpint (cd_chart_get_kind (chart), ==, CD_CHART_BARS);
  g_assert_cmpuint (cd_chart_get_n_values (chart), ==, 2);
  g_assert_cmpstr (cd_chart_get_label (chart, 0), ==, cd_benefit_get_label (CD_BENEFIT_SICKNESS));
  g_assert_cmpstr (cd_chart_get_label (chart, 1), ==, cd_benefit_get_label (CD_BENEFIT_CHILDBIRTH));
  g_assert_cmpfloat (cd_chart_get_value (chart, 0), ==, 6);
  g_assert_cmpfloat (cd_chart_get_value (chart, 1), ==, 6);
  g_assert_cmpuint (cd_figure_panel_get_n_rows (by_benefit), ==, 2);
  g_assert_cmpstr (cd_figure_panel_get_cell (by_benefit, 0, 0), ==,
                   cd_benefit_get_label (CD_BENEFIT_SICKNESS));
  g_assert_cmpstr (cd_figure_panel_get_cell (by_benefit, 0, 1), ==, "6");
  g_clear_pointer (&amount, g_free);
  amount = cd_format_money_vnd (fx_int (&store, "SELECT coalesce (sum (amount), 0) FROM claims"
                                                " WHERE benefit = 5"));
  g_assert_cmpstr (cd_figure_panel_get_cell (by_benefit, 1, 2), ==, amount);
  g_assert_cmpstr (amount, ==, "3.906.250 ₫");
  chart = cd_figure_panel_get_chart (panel (page, CD_DASHBOARD_PANEL_AMOUNT_BY_BENEFIT));
  g_assert_cmpfloat (cd_chart_get_value (chart, 1), ==,
                     fx_int (&store, "SELECT coalesce (sum (amount), 0) FROM claims"
                                     " WHERE benefit = 5"));
  chart = cd_figure_panel_get_chart (by_benefit);
  /* Said in words: the chart is an image named by its title, described by its figures. */
  words = g_strdup_printf ("%s: 6; %s: 6", cd_benefit_get_label (CD_BENEFIT_SICKNESS),
                           cd_benefit_get_label (CD_BENEFIT_CHILDBIRTH));
  g_assert_cmpstr (cd_chart_get_description (chart), ==, words);
  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_ROLE_IMG);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       cd_figure_panel_get_title (by_benefit));
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (chart),
                                       GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, words);

  /* The switch: the table in place of the chart, and back. */
  g_assert_false (cd_figure_panel_get_showing_table (by_benefit));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (chart)));
  cd_figure_panel_show_table (by_benefit, TRUE);
  g_assert_true (cd_figure_panel_get_showing_table (by_benefit));
  gui_test_iterate ();
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (cd_figure_panel_get_column_view (by_benefit))));
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (chart)));
  cd_figure_panel_show_table (by_benefit, FALSE);
  g_assert_false (cd_figure_panel_get_showing_table (by_benefit));

  /* By week: twelve ISO weeks from W29; W35 (24 Aug) received 4, of which 3 decided, 2 on
   * time, 1 late and 1 open past the deadline; W37 (7 Sep) 7. */
  by_week = panel (page, CD_DASHBOARD_PANEL_BY_WEEK);
  chart = cd_figure_panel_get_chart (by_week);
  g_assert_cmpuint (cd_chart_get_n_values (chart), ==, 12);
  g_assert_cmpstr (cd_chart_get_label (chart, 6), ==, "24/08");
  g_assert_cmpfloat (cd_chart_get_value (chart, 6), ==, 4);
  g_assert_cmpfloat (cd_chart_get_value (chart, 8), ==, 7);
  g_assert_cmpfloat (cd_chart_get_value (chart, 0), ==, 0);
  g_assert_nonnull (strstr (cd_figure_panel_get_cell (by_week, 6, 0), "24/08/2026"));
  g_assert_cmpstr (cd_figure_panel_get_cell (by_week, 6, 1), ==, "4");
  g_assert_cmpstr (cd_figure_panel_get_cell (by_week, 6, 3), ==, "3");
  g_assert_cmpstr (cd_figure_panel_get_cell (by_week, 6, 4), ==, "2");
  g_assert_cmpstr (cd_figure_panel_get_cell (by_week, 6, 5), ==, "1");
  g_assert_cmpstr (cd_figure_panel_get_cell (by_week, 6, 6), ==, "1");
  g_assert_cmpstr (cd_figure_panel_get_cell (by_week, 8, 6), ==, "7");

  /* The trend: two of three on time in W35, all in W36, no figure where nothing was decided. */
  on_time = panel (page, CD_DASHBOARD_PANEL_ON_TIME);
  chart = cd_figure_panel_get_chart (on_time);
  g_assert_cmpint (cd_chart_get_kind (chart), ==, CD_CHART_LINE);
  g_assert_cmpfloat_with_epsilon (cd_chart_get_value (chart, 6), 2.0 / 3.0, 1e-9);
  g_assert_cmpfloat (cd_chart_get_value (chart, 7), ==, 1.0);
  g_assert_true (isnan (cd_chart_get_value (chart, 8)));
  g_assert_cmpstr (cd_figure_panel_get_cell (on_time, 6, 3), ==, "66,67 %");
  g_assert_cmpstr (cd_figure_panel_get_cell (on_time, 7, 3), ==, "100 %");
  g_assert_cmpstr (cd_figure_panel_get_cell (on_time, 8, 3), ==, "—");
  g_assert_nonnull (strstr (cd_chart_get_description (chart), "24/08: 66,67 %"));

  /* By officer: the office view has it. */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (panel (page, CD_DASHBOARD_PANEL_BY_OFFICER))));
  g_assert_cmpuint (cd_figure_panel_get_n_rows (panel (page, CD_DASHBOARD_PANEL_BY_OFFICER)), ==,
                    2);

  /* The overdue, most working days over first: HS-T-0003 due Fri 11 Sep, 13 days over. */
  overdue = panel (page, CD_DASHBOARD_PANEL_OVERDUE);
  g_assert_null (cd_figure_panel_get_chart (overdue));
  g_assert_true (cd_figure_panel_get_showing_table (overdue));
  g_assert_cmpuint (cd_figure_panel_get_n_rows (overdue), ==, 8);
  g_assert_cmpstr (cd_figure_panel_get_cell (overdue, 0, 0), ==, "HS-T-0003");
  g_assert_cmpstr (cd_figure_panel_get_cell (overdue, 0, 3), ==, "28/08/2026");
  g_assert_cmpstr (cd_figure_panel_get_cell (overdue, 0, 4), ==, "11/09/2026");
  g_assert_cmpstr (cd_figure_panel_get_cell (overdue, 0, 5), ==, "13");
  g_assert_cmpstr (cd_figure_panel_get_cell (overdue, 7, 4), ==, "22/09/2026");
  g_assert_cmpstr (cd_figure_panel_get_cell (overdue, 7, 5), ==, "6");

  gtk_window_destroy (window);
  gui_test_iterate ();
  store_close (&store);
}

/* A table out as CSV and on paper, each recorded: who, which list, how many rows. */
static void
test_export_and_print (void)
{
  Store store;
  g_autoptr(CdContext) context = NULL;
  GtkWindow *window;
  CdDashboardPage *page;
  CdFigurePanel *overdue, *by_benefit;
  g_autofree char *dir = test_tmpdir_new ();
  g_autofree char *csv_path = g_build_filename (dir, "quá hạn.csv", NULL);
  g_autofree char *pdf_path = g_build_filename (dir, "theo chế độ.pdf", NULL);
  g_autofree char *message = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *after = NULL;
  g_autofree char *sql = NULL;
  g_auto(GStrv) lines = NULL;
  gsize length = 0;

  store_open (&store);
  national_day_world (&store);
  context = context_for (&store, fx_sup1);
  page = dashboard_for (context, &window);
  overdue = panel (page, CD_DASHBOARD_PANEL_OVERDUE);
  g_signal_connect_swapped (overdue, "toast", G_CALLBACK (keep_message), &message);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (overdue), "table.export-csv", "s",
                                             csv_path));
  wait_for (message_came, &message, "the export");
  g_assert_nonnull (strstr (message, csv_path));

  /* The file: the BOM, the header, one CRLF line per overdue claim, as the table shows them. */
  g_assert_true (g_file_get_contents (csv_path, &contents, &length, NULL));
  g_assert_cmpmem (contents, 3, "\xEF\xBB\xBF", 3);
  lines = g_strsplit (contents + 3, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + 8 + 1);   /* the last line ends the file */
  g_assert_cmpstr (lines[0], ==, "Claim,Benefit,Officer,Received,Deadline,Working days over");
  sql = g_strdup_printf ("HS-T-0003,%s,cb01,28/08/2026,11/09/2026,13",
                         cd_benefit_get_label (CD_BENEFIT_CHILDBIRTH));
  g_assert_cmpstr (lines[1], ==, sql);
  g_assert_true (g_str_has_suffix (lines[8], ",22/09/2026,6"));
  g_assert_cmpstr (lines[9], ==, "");

  /* Recorded in the supervisor's name. */
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT count(*) FROM audit_log WHERE action = 'list.export'"
                         " AND entity = 'list' AND user_id = %lld",
                         (long long) cd_session_get_user_id (fx_sup1));
  g_assert_cmpint (fx_int (&store, sql), ==, 1);
  after = fx_text (&store, "SELECT after FROM audit_log WHERE action = 'list.export'");
  g_assert_nonnull (strstr (after, "\"list\":\"dashboard.overdue\""));
  g_assert_nonnull (strstr (after, "\"format\":\"csv\""));
  g_assert_nonnull (strstr (after, "\"rows\":8"));
  g_assert_nonnull (strstr (after, "\"file\":\"quá hạn.csv\""));

  /* Printed (to a PDF, without the dialog), and recorded too. */
  by_benefit = panel (page, CD_DASHBOARD_PANEL_BY_BENEFIT);
  g_clear_pointer (&message, g_free);
  g_signal_connect_swapped (by_benefit, "toast", G_CALLBACK (keep_message), &message);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (by_benefit), "table.print", "s",
                                             pdf_path));
  wait_for (message_came, &message, "the print");
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (pdf_path, &contents, &length, NULL));
  g_assert_true (g_str_has_prefix (contents, "%PDF"));
  g_clear_pointer (&after, g_free);
  after = fx_text (&store, "SELECT after FROM audit_log WHERE action = 'list.export'"
                           " ORDER BY seq DESC LIMIT 1");
  g_assert_nonnull (strstr (after, "\"list\":\"dashboard.by-benefit\""));
  g_assert_nonnull (strstr (after, "\"format\":\"print\""));
  g_assert_nonnull (strstr (after, "\"rows\":2"));

  gtk_window_destroy (window);
  gui_test_iterate ();
  test_tmpdir_free (g_steal_pointer (&dir));
  store_close (&store);
}

/* Nobody signed in exports nothing: there would be no one to record it for. */
static void
test_export_needs_session (void)
{
  Store store;
  g_autoptr(CdContext) context = NULL;
  GtkWindow *window;
  CdDashboardPage *page;
  g_autofree char *dir = test_tmpdir_new ();
  g_autofree char *csv_path = g_build_filename (dir, "x.csv", NULL);
  g_autofree char *message = NULL;
  CdFigurePanel *overdue;

  store_open (&store);
  national_day_world (&store);
  context = context_for (&store, fx_sup1);
  page = dashboard_for (context, &window);
  overdue = panel (page, CD_DASHBOARD_PANEL_OVERDUE);
  g_signal_connect_swapped (overdue, "toast", G_CALLBACK (keep_message), &message);
  g_signal_handlers_block_matched (context, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, page);
  cd_context_set_session (context, NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (overdue), "table.export-csv", "s",
                                             csv_path));
  wait_for (message_came, &message, "the refusal");
  g_assert_false (g_file_test (csv_path, G_FILE_TEST_EXISTS));
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM audit_log WHERE action = 'list.export'"),
                   ==, 0);
  gtk_window_destroy (window);
  gui_test_iterate ();
  test_tmpdir_free (g_steal_pointer (&dir));
  store_close (&store);
}

/* An officer: their own claims only, and the office view is never opened. */
static void
test_officer_own (void)
{
  Store store;
  g_autoptr(CdContext) context = NULL;
  GtkWindow *window;
  CdDashboardPage *page;
  const CdOfficeStats *report;

  store_open (&store);
  national_day_world (&store);
  g_assert_false (cd_access_allows (fx_officer, CD_ACCESS_DASHBOARD_OFFICE));
  context = context_for (&store, fx_officer);
  page = dashboard_for (context, &window);

  g_assert_false (cd_dashboard_page_get_office_view (page));
  g_assert_false (gui_test_action_enabled (GTK_WIDGET (page), "dashboard.forms"));
  report = cd_dashboard_page_get_stats (page);
  g_assert_cmpstr (report->officer, ==, "cb01");
  /* cb02's HS-T-0005 is not theirs. */
  g_assert_cmpstr (cd_dashboard_page_get_total (page, CD_DASHBOARD_TOTAL_RECEIVED), ==, "11");
  g_assert_cmpstr (cd_dashboard_page_get_total (page, CD_DASHBOARD_TOTAL_DECIDED), ==, "3");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (panel (page,
                                                              CD_DASHBOARD_PANEL_BY_OFFICER))));
  for (guint r = 0; r < cd_figure_panel_get_n_rows (panel (page, CD_DASHBOARD_PANEL_OVERDUE)); r++)
    g_assert_cmpstr (cd_figure_panel_get_cell (panel (page, CD_DASHBOARD_PANEL_OVERDUE), r, 2),
                     ==, "cb01");

  gtk_window_destroy (window);
  gui_test_iterate ();
  store_close (&store);
}

static gboolean
claim_list_ready (gpointer data)
{
  return !cd_claim_list_get_loading (data) && cd_claim_list_get_model (data) != NULL;
}

static void
on_found (gboolean *flag,
          guint     n_results)
{
  *flag = TRUE;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

static gboolean
approval_ready (gpointer data)
{
  return !cd_approval_page_get_loading (data);
}

/* The window: the Overview row shows the dashboard, and the claim list on show exports every
 * claim of its queue through win.export-list, recorded like any export. */
static void
test_window (void)
{
  Store store;
  g_autoptr(CdApplication) app = gui_test_registered_app ();
  CdContext *context = cd_application_get_context (app);
  CdWindow *window;
  g_autofree char *dir = test_tmpdir_new ();
  g_autofree char *csv_path = g_build_filename (dir, "tất cả.csv", NULL);
  g_autofree char *approval_path = g_build_filename (dir, "chờ duyệt.csv", NULL);
  g_autofree char *search_path = g_build_filename (dir, "tìm kiếm.csv", NULL);
  gboolean found = FALSE;
  guint n_results;
  GtkWidget *approval;
  g_autofree char *contents = NULL;
  g_autofree char *after = NULL;
  g_auto(GStrv) lines = NULL;
  GtkWidget *dashboard;
  gint64 until;

  store_open (&store);
  national_day_world (&store);
  cd_context_set_session (context, fx_sup1);
  window = cd_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  cd_context_set_db_path (cd_window_get_context (window), store.path);
  cd_context_set_database (cd_window_get_context (window), store.db);
  gui_test_iterate ();

  cd_window_select_queue (window, "dashboard");
  dashboard = cd_window_get_dashboard_page (window);
  g_assert_nonnull (dashboard);
  g_assert_true (gtk_widget_get_mapped (dashboard));
  wait_for (page_loaded, dashboard, "the dashboard in the window");

  cd_window_select_queue (window, "all-claims");
  wait_for (claim_list_ready, cd_window_get_claim_list (window), "the claim list");
  g_assert_true (gui_test_activate_if_enabled (GTK_WIDGET (window), "win.export-list",
                                               g_variant_new_string (csv_path)));
  until = g_get_monotonic_time () + TIMEOUT_S * G_TIME_SPAN_SECOND;
  while (fx_int (&store, "SELECT count(*) FROM audit_log WHERE action = 'list.export'") == 0
         && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (g_file_get_contents (csv_path, &contents, NULL, NULL));
  lines = g_strsplit (contents + 3, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + FIXTURE_N_CLAIMS + 1);
  g_assert_true (g_str_has_prefix (lines[0], "Number,Claimant,Benefit,"));
  /* The newest claim number first, as the list shows them. */
  g_assert_true (g_str_has_prefix (lines[1], "HS-T-0012,"));
  g_assert_true (g_str_has_prefix (lines[FIXTURE_N_CLAIMS], "HS-T-0001,"));
  after = fx_text (&store, "SELECT after FROM audit_log WHERE action = 'list.export'");
  g_assert_nonnull (strstr (after, "\"list\":\"claims.all-claims\""));
  g_assert_nonnull (strstr (after, "\"rows\":12"));

  /* The approval queue, through the same action: its two proposed claims, as listed. */
  fx_to_proposed (&store, fx_claim (7), 1406250, fx_officer);
  fx_to_proposed (&store, fx_claim (9), 2000000, fx_officer2);
  cd_window_select_queue (window, "awaiting-approval");
  approval = cd_window_get_approval_page (window);
  g_assert_nonnull (approval);
  wait_for (approval_ready, approval, "the approval queue");
  g_assert_true (gui_test_activate_if_enabled (GTK_WIDGET (window), "win.export-list",
                                               g_variant_new_string (approval_path)));
  until = g_get_monotonic_time () + TIMEOUT_S * G_TIME_SPAN_SECOND;
  while (fx_int (&store, "SELECT count(*) FROM audit_log WHERE action = 'list.export'") < 2
         && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (approval_path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "\r\nHS-T-0007,"));
  g_assert_nonnull (strstr (contents, "1.406.250 ₫"));
  g_assert_nonnull (strstr (contents, "\r\nHS-T-0009,"));
  g_assert_cmpuint (test_count_lines (contents), ==, 3);
  g_clear_pointer (&after, g_free);
  after = fx_text (&store, "SELECT after FROM audit_log WHERE action = 'list.export'"
                           " ORDER BY seq DESC LIMIT 1");
  g_assert_nonnull (strstr (after, "\"list\":\"approval.waiting\""));
  g_assert_nonnull (strstr (after, "\"rows\":2"));

  /* The search results, as listed: each row's name and details. */
  g_signal_connect_swapped (window, "search-finished", G_CALLBACK (on_found), &found);
  cd_window_search (window, fx_claim (3));
  wait_for (flag_set, &found, "the search");
  n_results = cd_window_get_n_results (window);
  g_assert_cmpuint (n_results, >, 0);
  g_assert_true (gui_test_activate_if_enabled (GTK_WIDGET (window), "win.export-list",
                                               g_variant_new_string (search_path)));
  until = g_get_monotonic_time () + TIMEOUT_S * G_TIME_SPAN_SECOND;
  while (fx_int (&store, "SELECT count(*) FROM audit_log WHERE action = 'list.export'") < 3
         && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (search_path, &contents, NULL, NULL));
  g_assert_cmpuint (test_count_lines (contents), ==, 1 + n_results);
  /* The fixture's claimant is "Nguyễn Thị "Hoa", Lan": quoted, its quotes doubled. */
  g_assert_cmpuint (n_results, ==, 1);
  g_assert_cmpstr (cd_window_get_result_title (window, 0), ==, "Nguyễn Thị \"Hoa\", Lan");
  g_assert_nonnull (strstr (contents, "\r\n\"Nguyễn Thị \"\"Hoa\"\", Lan\",Claim HS-T-0003 · "));
  g_assert_nonnull (strstr (contents, fx_claim (3)));
  g_clear_pointer (&after, g_free);
  after = fx_text (&store, "SELECT after FROM audit_log WHERE action = 'list.export'"
                           " ORDER BY seq DESC LIMIT 1");
  g_assert_nonnull (strstr (after, "\"list\":\"search.results\""));

  cd_context_set_session (context, NULL);
  gtk_window_destroy (GTK_WINDOW (window));
  gui_test_iterate ();
  test_tmpdir_free (g_steal_pointer (&dir));
  store_close (&store);
}

int
main (int    argc,
      char **argv)
{
  int status;

  gui_test_init (&argc, &argv);
  fixture_init ();

  g_test_add_func ("/gui/dashboard/period-range", test_period_range);
  g_test_add_func ("/gui/dashboard/office", test_office);
  g_test_add_func ("/gui/dashboard/export-and-print", test_export_and_print);
  g_test_add_func ("/gui/dashboard/export-needs-session", test_export_needs_session);
  g_test_add_func ("/gui/dashboard/officer-own", test_officer_own);
  g_test_add_func ("/gui/dashboard/window", test_window);

  status = g_test_run ();
  fixture_shutdown ();
  return status;
}
