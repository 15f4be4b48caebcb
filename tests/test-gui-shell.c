/* test-gui-shell.c — the application shell: the window, the app actions, demo mode, and every
 * templated widget built, closed and finalized. */
#include "config.h"

#include <glib/gstdio.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cd-application.h"
#include "cd-approval-page.h"
#include "cd-backup-indicator.h"
#include "cd-backups-group.h"
#include "cd-claim-list.h"
#include "cd-claim-view.h"
#include "cd-context.h"
#include "cd-database.h"
#include "cd-demo-accounts.h"
#include "cd-evaluation-view.h"
#include "cd-fact-form.h"
#include "cd-gateway-process.h"
#include "cd-malloc-arenas.h"
#include "cd-new-claim-page.h"
#include "cd-payout-page.h"
#include "cd-preferences-window.h"
#include "cd-renderer-choice.h"
#include "cd-seed.h"
#include "cd-settings.h"
#include "cd-sign-in-page.h"
#include "cd-source-row.h"
#include "cd-statement.h"
#include "cd-sync-indicator.h"
#include "cd-sync-problems-page.h"
#include "cd-window.h"
#include "gui-test-util.h"
#include "test-util.h"

#define WAIT_S 30

/* A seeded store and a gateway (evidence and central system) shared by the finalize tests. */
static char             *store_path;
static CdGatewayProcess *gateway;

static GtkWidget *
find_sidebar (GtkWidget *root)
{
  if (GTK_IS_LIST_BOX (root) && gtk_widget_has_css_class (root, "navigation-sidebar"))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_sidebar (child);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_window_builds_and_destroys (void)
{
  g_autoptr(CdApplication) app = gui_test_registered_app ();
  CdWindow *window = cd_window_new (app);
  GtkListBox *queues = GTK_LIST_BOX (find_sidebar (GTK_WIDGET (window)));
  guint rows = 0;

  g_assert_nonnull (queues);
  while (gtk_list_box_get_row_at_index (queues, rows) != NULL)
    rows++;
  g_assert_cmpuint (rows, ==, 11);   /* the ten queues and the overview */

  /* It opens on the queue of all claims, and switching queues is reflected in the window. */
  g_assert_cmpstr (cd_window_get_queue (window), ==, "all-claims");
  cd_window_select_queue (window, "my-drafts");
  g_assert_cmpstr (cd_window_get_queue (window), ==, "my-drafts");

  g_assert_nonnull (gui_test_find_widget (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE));
  g_assert_nonnull (gui_test_find_widget (GTK_WIDGET (window), ADW_TYPE_TOAST_OVERLAY));
  g_assert_nonnull (gui_test_find_widget (GTK_WIDGET (window), ADW_TYPE_LEAFLET));

  gtk_window_present (GTK_WINDOW (window));
  gui_test_iterate ();
  gtk_window_destroy (GTK_WINDOW (window));
  gui_test_iterate ();
}

static void
test_window_size_is_saved (void)
{
  g_autoptr(CdApplication) app = gui_test_registered_app ();
  g_autoptr(GSettings) settings = g_settings_new (BASE_APP_ID);
  CdWindow *window = cd_window_new (app);

  gtk_window_set_default_size (GTK_WINDOW (window), 1010, 707);
  gtk_window_present (GTK_WINDOW (window));
  gui_test_iterate ();
  gtk_window_close (GTK_WINDOW (window));
  gui_test_iterate ();

  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 1010);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 707);

  /* A new window comes back at the saved size. */
  window = cd_window_new (app);
  {
    int width, height;
    gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
    g_assert_cmpint (width, ==, 1010);
    g_assert_cmpint (height, ==, 707);
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
no_rule_pack (gpointer context)
{
  return cd_context_get_rule_pack (context) == NULL;
}

/* Once a store is open the window loads the rule pack, and warns while the context's clock is past
 * the pack's review date (30/06/2027): hidden on the day itself, shown the day after. */
static void
test_window_warns_of_pack_past_review (void)
{
  g_autoptr(CdApplication) app = gui_test_registered_app ();
  CdContext *context = cd_application_get_context (app);
  g_autoptr(GDateTime) on_the_day = g_date_time_new_from_iso8601 ("2027-06-30T20:00:00+07:00",
                                                                  NULL);
  g_autoptr(GDateTime) day_after = g_date_time_new_from_iso8601 ("2027-07-01T08:00:00+07:00",
                                                                 NULL);
  g_autoptr(CdClock) before = cd_clock_new_fixed (on_the_day);
  g_autoptr(CdClock) after = cd_clock_new_fixed (day_after);
  gint64 deadline = g_get_monotonic_time () + WAIT_S * G_TIME_SPAN_SECOND;
  CdWindow *window;
  const char *warning;

  cd_context_set_clock (context, before);
  window = cd_window_new (app);
  g_assert_null (cd_window_get_pack_warning (window));
  cd_context_set_db_path (context, store_path);
  gtk_window_present (GTK_WINDOW (window));
  while (no_rule_pack (context) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_nonnull (cd_context_get_rule_pack (context));
  gui_test_iterate ();
  g_assert_null (cd_window_get_pack_warning (window));

  cd_context_set_clock (context, after);
  warning = cd_window_get_pack_warning (window);
  g_assert_nonnull (warning);
  g_assert_nonnull (strstr (warning, "vn-si-2024+2026.07"));
  g_assert_nonnull (strstr (warning, "30/06/2027"));

  cd_context_set_clock (context, before);
  g_assert_null (cd_window_get_pack_warning (window));

  gtk_window_destroy (GTK_WINDOW (window));
  gui_test_iterate ();
}

static void
test_preferences_refuse_insecure_urls (void)
{
  g_autoptr(GSettings) settings = g_settings_new (BASE_APP_ID);
  CdPreferencesWindow *preferences = cd_preferences_window_new (NULL);
  GtkWidget *row;

  g_settings_set_string (settings, "gateway-url", "");
  row = gui_test_find_entry_row (GTK_WIDGET (preferences), "Evidence Gateway Address");
  g_assert_nonnull (row);

  /* Plain HTTP to the network is refused, marked, and not saved. */
  gtk_editable_set_text (GTK_EDITABLE (row), "http://gateway.example.vn/");
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  g_signal_emit_by_name (row, "apply");
  g_assert_cmpstr (g_settings_get_string (settings, "gateway-url"), ==, "");

  /* HTTPS, or HTTP on loopback, is accepted. */
  gtk_editable_set_text (GTK_EDITABLE (row), "https://gateway.example.vn/");
  g_assert_false (gtk_widget_has_css_class (row, "error"));
  g_signal_emit_by_name (row, "apply");
  {
    g_autofree char *saved = g_settings_get_string (settings, "gateway-url");
    g_assert_cmpstr (saved, ==, "https://gateway.example.vn/");
  }

  gtk_window_destroy (GTK_WINDOW (preferences));
}

static void
test_app_actions_open_windows (void)
{
  g_autoptr(CdApplication) app = gui_test_registered_app ();
  CdWindow *window = cd_window_new (app);
  gboolean found_preferences = FALSE;
  gboolean found_about = FALSE;
  g_autoptr(GList) toplevels = NULL;

  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "about"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "preferences"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "quit"));

  gtk_window_present (GTK_WINDOW (window));
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  gui_test_iterate ();

  toplevels = gtk_window_list_toplevels ();
  for (GList *l = toplevels; l != NULL; l = l->next)
    {
      found_preferences |= CD_IS_PREFERENCES_WINDOW (l->data);
      found_about |= ADW_IS_ABOUT_WINDOW (l->data);
      if (CD_IS_PREFERENCES_WINDOW (l->data) || ADW_IS_ABOUT_WINDOW (l->data))
        gtk_window_destroy (l->data);
    }
  g_assert_true (found_preferences);
  g_assert_true (found_about);

  /* The shortcuts window comes from the resources by GtkApplication's convention. */
  g_assert_nonnull (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct
{
  gboolean  ready;
  char     *db_path;
  char     *gateway_url;
  gboolean  enrolled;
  gboolean  db_existed;
  gint64    n_claims;
  gint64    n_people;
  guint     progress_reports;
  GStrv     trust_subjects;
} DemoObservation;

static gint64
count_rows (CdDatabase *db,
            const char *sql)
{
  g_autoptr(CdStatement) stmt = NULL;
  gint64 n = -1;

  stmt = cd_database_prepare (db, sql, NULL);
  g_assert_nonnull (stmt);
  if (cd_statement_step (stmt, NULL) == CD_STEP_ROW)
    n = cd_statement_get_int64 (stmt, 0);
  return n;
}

static void
on_demo_progress (CdDemoSession   *session,
                  double           fraction,
                  DemoObservation *seen)
{
  g_assert_cmpfloat (fraction, >=, 0.0);
  g_assert_cmpfloat (fraction, <=, 1.0);
  seen->progress_reports++;
}

static void
on_demo_ready (CdApplication   *app,
               GParamSpec      *pspec,
               DemoObservation *seen)
{
  CdDemoSession *session = cd_application_get_demo_session (app);

  seen->ready = cd_application_get_demo_ready (app);
  seen->db_path = g_strdup (cd_demo_session_get_db_path (session));
  seen->gateway_url = g_strdup (cd_demo_session_get_gateway_url (session));
  seen->enrolled = cd_demo_session_get_office_credential (session) != NULL;
  seen->db_existed = g_file_test (seen->db_path, G_FILE_TEST_IS_REGULAR);
  seen->n_claims = count_rows (cd_demo_session_get_database (session),
                               "SELECT count(*) FROM claims");
  seen->n_people = count_rows (cd_demo_session_get_database (session),
                               "SELECT count(*) FROM persons");
  {
    g_autoptr(GError) error = NULL;
    CdTrustStore *trust = cd_context_get_trust_store (cd_application_get_context (app), &error);

    g_assert_no_error (error);
    seen->trust_subjects = cd_trust_store_dup_subjects (trust);
  }
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
}

static gboolean
give_up (gpointer user_data)
{
  g_application_quit (user_data);
  return G_SOURCE_REMOVE;
}

static void
on_app_activate (CdApplication   *app,
                 DemoObservation *seen)
{
  CdDemoSession *session = cd_application_get_demo_session (app);

  g_assert_nonnull (session);
  g_signal_connect (session, "progress", G_CALLBACK (on_demo_progress), seen);
}

static void
test_demo_starts_and_cleans_up (void)
{
  g_autoptr(CdApplication) app = cd_application_new ();
  DemoObservation seen = { 0 };
  char *argv[] = { (char *) "claimdesk", (char *) "--demo", NULL };
  g_autofree char *dir = NULL;
  guint timeout;

  g_signal_connect (app, "notify::demo-ready", G_CALLBACK (on_demo_ready), &seen);
  g_signal_connect_after (app, "activate", G_CALLBACK (on_app_activate), &seen);
  timeout = g_timeout_add_seconds (30, give_up, app);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 2, argv), ==, 0);
  g_source_remove (timeout);

  g_assert_true (seen.ready);
  g_assert_true (seen.db_existed);
  /* A real deployment's shape: HTTPS under the test CA, and an office enrolled with a one-time
   * code, whose credentials the workstation's tokens are asked with. */
  g_assert_true (g_str_has_prefix (seen.gateway_url, "https://127.0.0.1:"));
  g_assert_true (seen.enrolled);
  /* A fresh demo database is seeded with the sample world, with progress on the way. */
  g_assert_cmpint (seen.n_claims, ==, CD_DEMO_CLAIMS);
  g_assert_cmpint (seen.n_people, >, 0);
  g_assert_cmpuint (seen.progress_reports, >, 0);
  /* The demo trusts the CA its gateway's TEST-ONLY facility keys chain to, and only that: its own
   * anchors, not the workstation's (which hold nothing here). */
  g_assert_cmpuint (g_strv_length (seen.trust_subjects), ==, 1);
  g_assert_nonnull (strstr (seen.trust_subjects[0], "ClaimDesk TEST-ONLY CA"));

  /* On quit the private gateway is stopped and the temporary sample database removed. */
  dir = g_path_get_dirname (seen.db_path);
  g_assert_false (g_file_test (seen.db_path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));

  g_free (seen.db_path);
  g_free (seen.gateway_url);
  g_strfreev (seen.trust_subjects);
}

/* ---- the demo office dated to a day, its open claims' evidence fetched --------------------- */

typedef struct
{
  char   *reference_day;
  char   *workload;
  gint64  latest_received;
  gint64  open_old;
  gint64  claims_with_documents;
  gint64  alerts;
  gboolean done;
} DatedDemo;

static void
on_dated_demo_signed_in (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  CdApplication *app = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdSession) session = cd_demo_accounts_sign_in_finish (result, &error);

  g_assert_no_error (error);
  cd_context_set_session (cd_application_get_context (app), session);
}

/* Ready: an officer signs in, as in the office, which starts the fetching. */
static void
on_dated_demo_ready (CdApplication *app,
                     GParamSpec    *pspec,
                     DatedDemo     *seen)
{
  CdDemoSession *session = cd_application_get_demo_session (app);
  CdDatabase *db = cd_demo_session_get_database (session);

  seen->reference_day = cd_settings_dup_text (db, CD_SETTING_WORLD_REFERENCE_DAY, NULL, NULL);
  seen->workload = cd_settings_dup_text (db, CD_SETTING_WORLD_WORKLOAD, NULL, NULL);
  seen->latest_received = count_rows (db, "SELECT max (received_on) FROM claims");
  /* Open three weeks after receipt: none (the office keeps up). */
  seen->open_old = count_rows (db, "SELECT count(*) FROM claims WHERE status IN (0, 1, 2, 3, 5, 7)"
                                   " AND received_on < 20270101");
  cd_demo_accounts_sign_in_async (cd_demo_session_get_db_path (session), "cb01", NULL,
                                  on_dated_demo_signed_in, app);
}

static void
on_dated_demo_evidence (CdApplication *app,
                        GParamSpec    *pspec,
                        DatedDemo     *seen)
{
  CdDatabase *db = cd_demo_session_get_database (cd_application_get_demo_session (app));

  seen->done = TRUE;
  seen->claims_with_documents = count_rows (db, "SELECT count (DISTINCT claim_id) FROM documents"
                                                " WHERE claim_id IS NOT NULL");
  seen->alerts = count_rows (db, "SELECT count(*) FROM alerts");
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
}

static void
test_demo_dated_office (void)
{
  g_autoptr(CdApplication) app = cd_application_new ();
  DatedDemo seen = { 0 };
  char *argv[] = { (char *) "claimdesk", (char *) "--demo", (char *) "--demo-date",
                   (char *) "2027-01-22", NULL };
  guint timeout;

  g_signal_connect (app, "notify::demo-ready", G_CALLBACK (on_dated_demo_ready), &seen);
  g_signal_connect (app, "notify::demo-evidence-done", G_CALLBACK (on_dated_demo_evidence),
                    &seen);
  timeout = g_timeout_add_seconds (90, give_up, app);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 4, argv), ==, 0);
  g_source_remove (timeout);

  g_assert_cmpstr (seen.reference_day, ==, "2027-01-22");
  g_assert_cmpstr (seen.workload, ==, "office");
  g_assert_cmpint (seen.latest_received, <=, 20270122);
  g_assert_cmpint (seen.latest_received, >=, 20270115);
  g_assert_cmpint (seen.open_old, ==, 0);
  /* The newest open claims have their evidence, and the gateway's planted problems and the seeded
   * birth patterns are alerts to look at. */
  g_assert_true (seen.done);
  g_assert_cmpint (seen.claims_with_documents, >, 50);
  g_assert_cmpint (seen.alerts, >, 0);
  g_free (seen.reference_day);
  g_free (seen.workload);
}

static void
test_demo_options_need_demo (void)
{
  g_autoptr(CdApplication) app = cd_application_new ();
  g_autoptr(CdApplication) bad_day = cd_application_new ();
  char *argv[] = { (char *) "claimdesk", (char *) "--demo-date", (char *) "2027-01-22", NULL };
  char *bad_argv[] = { (char *) "claimdesk", (char *) "--demo", (char *) "--demo-date",
                       (char *) "2027-02-30", NULL };

  g_assert_cmpint (g_application_run (G_APPLICATION (app), 3, argv), ==, 2);
  g_assert_cmpint (g_application_run (G_APPLICATION (bad_day), 4, bad_argv), ==, 2);
}

/* ---- every templated widget is finalized once its window closes ------------------------------
 *
 * Each widget is built as the application builds it, given its backend and some work to do, and
 * its window destroyed while that work may still run: a reference cycle, a signal handler left
 * connected or a task holding the widget keeps it alive, and the test names it. */

typedef gboolean (*Busy) (GtkWidget *widget);

static void
wait_while (Busy       busy,
            GtkWidget *widget)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_S * G_TIME_SPAN_SECOND;

  gui_test_iterate ();
  while (busy (widget) && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_false (busy (widget));
}

static gboolean
claim_list_loading (GtkWidget *widget)
{
  return cd_claim_list_get_loading (CD_CLAIM_LIST (widget));
}

static gboolean
claim_view_busy (GtkWidget *widget)
{
  return cd_claim_view_get_busy (CD_CLAIM_VIEW (widget));
}

static gboolean
approval_loading (GtkWidget *widget)
{
  return cd_approval_page_get_loading (CD_APPROVAL_PAGE (widget));
}

static gboolean
payout_busy (GtkWidget *widget)
{
  return cd_payout_page_get_busy (CD_PAYOUT_PAGE (widget));
}

static gboolean
sign_in_busy (GtkWidget *widget)
{
  return cd_sign_in_page_get_busy (CD_SIGN_IN_PAGE (widget));
}

static char *
first_claim_number (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDatabase) db = cd_database_open (store_path, &error);
  g_autoptr(CdStatement) stmt = NULL;
  char *number = NULL;

  g_assert_no_error (error);
  stmt = cd_database_prepare (db, "SELECT number FROM claims ORDER BY id LIMIT 1", NULL);
  g_assert_nonnull (stmt);
  g_assert_cmpint (cd_statement_step (stmt, NULL), ==, CD_STEP_ROW);
  number = cd_statement_dup_text (stmt, 0);
  return number;
}

/* Puts widget in a window of its own and shows it. */
static GtkWidget *
show_in_window (GtkWidget *widget)
{
  GtkWidget *window = gtk_window_new ();

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 700);
  gtk_window_set_child (GTK_WINDOW (window), widget);
  gtk_window_present (GTK_WINDOW (window));
  gui_test_iterate ();
  return window;
}

static void
close_and_check (GtkWidget  *window,
                 GtkWidget  *widget,
                 const char *what)
{
  GPtrArray *watches = g_ptr_array_new ();

  gui_test_watch_finalize (watches, widget, what);
  /* …and every widget of ours inside it: sections, rows, forms. */
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gui_test_watch_finalize_tree (watches, child);
  gui_test_watch_finalize (watches, window, "its window");
  gtk_window_destroy (GTK_WINDOW (window));
  gui_test_assert_finalized (watches);
}

/* Built from its template alone, without a backend: dropped, the widget goes. */
static void
test_finalize_templates_alone (void)
{
  GType types[] = { CD_TYPE_APPROVAL_PAGE, CD_TYPE_BACKUP_INDICATOR, CD_TYPE_BACKUPS_GROUP,
                    CD_TYPE_CLAIM_LIST, CD_TYPE_CLAIM_VIEW,
                    CD_TYPE_EVALUATION_VIEW, CD_TYPE_FACT_FORM, CD_TYPE_NEW_CLAIM_PAGE,
                    CD_TYPE_PAYOUT_PAGE, CD_TYPE_SIGN_IN_PAGE, CD_TYPE_SOURCE_ROW,
                    CD_TYPE_SYNC_INDICATOR, CD_TYPE_SYNC_PROBLEMS_PAGE };
  GPtrArray *watches = g_ptr_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      GtkWidget *widget = g_object_ref_sink (g_object_new (types[i], NULL));

      gui_test_watch_finalize (watches, widget, g_type_name (types[i]));
      g_object_unref (widget);
    }
  gui_test_assert_finalized (watches);
}

static void
test_finalize_claim_list (void)
{
  GtkWidget *list = GTK_WIDGET (cd_claim_list_new ());
  GtkWidget *window = show_in_window (list);

  {

    g_autoptr(CdContext) context = gui_test_context_for (store_path);


    cd_claim_list_set_context (CD_CLAIM_LIST (list), context);

  }
  wait_while (claim_list_loading, list);
  g_assert_nonnull (cd_claim_list_get_model (CD_CLAIM_LIST (list)));
  /* A reload is on its way when the window closes. */
  cd_claim_list_reload (CD_CLAIM_LIST (list));
  close_and_check (window, list, "CdClaimList");
}

static void
test_finalize_claim_view (void)
{
  g_autoptr(CdSession) session = gui_test_sign_in (NULL, store_path, "cb01", CD_ROLE_OFFICER);
  g_autofree char *number = first_claim_number ();
  g_autoptr(CdContext) context = cd_context_new ();
  GtkWidget *view, *window;

  cd_context_set_db_path (context, store_path);
  cd_context_set_session (context, session);
  view = cd_claim_view_new (context);
  window = show_in_window (view);
  cd_claim_view_load (CD_CLAIM_VIEW (view), number);
  wait_while (claim_view_busy, view);
  g_assert_nonnull (cd_claim_view_get_details (CD_CLAIM_VIEW (view)));
  /* Reading the claim again when the window closes. */
  cd_claim_view_load (CD_CLAIM_VIEW (view), number);
  g_assert_true (cd_claim_view_get_busy (CD_CLAIM_VIEW (view)));
  close_and_check (window, view, "CdClaimView");
}

/* The page holds nothing that holds it: neither the fetch nor the rule pack's load keeps it
 * alive (their callbacks find them cancelled), so it goes the moment its last reference does. */
static void
test_finalize_new_claim_page (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDatabase) db = cd_database_open (store_path, &error);
  g_autoptr(CdSession) session = gui_test_sign_in (NULL, store_path, "cb01", CD_ROLE_OFFICER);
  g_autoptr(CdContext) context = gui_test_writer_context (db,
                                                          cd_gateway_process_get_base_url (gateway),
                                                          gui_test_gateway_credential (gateway), session);
  GtkWidget *page = cd_new_claim_page_new (context);
  GtkWidget *window = show_in_window (page);
  GtkWidget *id_row = gui_test_find_widget (page, ADW_TYPE_ENTRY_ROW);
  GPtrArray *watches = g_ptr_array_new ();

  g_assert_no_error (error);
  /* Made and dropped before the main loop ran: its rule pack is still loading. */
  {
    g_autoptr(CdContext) fresh = cd_context_new ();

    g_assert_finalize_object (g_object_ref_sink (cd_new_claim_page_new (fresh)));
    g_assert_null (cd_context_get_rule_pack (fresh));
  }

  /* Fetching from every source when the window closes. */
  gtk_editable_set_text (GTK_EDITABLE (id_row), "079190012345");
  g_assert_true (gui_test_activate_if_enabled (page, "new-claim.fetch", NULL));
  g_assert_true (cd_new_claim_page_get_busy (CD_NEW_CLAIM_PAGE (page)));

  g_object_ref (page);
  gui_test_watch_finalize (watches, window, "its window");
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (page);
  gui_test_assert_finalized (watches);
  /* The cancelled work still comes back, to nobody. */
  gui_test_iterate ();
}

static void
test_finalize_approval_page (void)
{
  g_autoptr(CdSession) session = gui_test_sign_in (NULL, store_path, "gs01", CD_ROLE_SUPERVISOR);
  g_autoptr(CdContext) context = cd_context_new ();
  GtkWidget *page, *window;

  cd_context_set_db_path (context, store_path);
  cd_context_set_session (context, session);
  page = cd_approval_page_new (context);
  window = show_in_window (page);
  wait_while (approval_loading, page);
  g_assert_false (cd_approval_page_get_read_only (CD_APPROVAL_PAGE (page)));
  cd_approval_page_reload (CD_APPROVAL_PAGE (page));
  close_and_check (window, page, "CdApprovalPage");
}

static void
test_finalize_payout_page (void)
{
  g_autoptr(CdSession) session = gui_test_sign_in (NULL, store_path, "gs01", CD_ROLE_SUPERVISOR);
  g_autoptr(CdContext) context = cd_context_new ();
  GtkWidget *page, *window;

  cd_context_set_db_path (context, store_path);
  cd_context_set_session (context, session);
  page = cd_payout_page_new (context);
  window = show_in_window (page);
  wait_while (payout_busy, page);
  cd_payout_page_reload (CD_PAYOUT_PAGE (page));
  close_and_check (window, page, "CdPayoutPage");
}

static void
test_finalize_sign_in_page (void)
{
  GtkWidget *page = cd_sign_in_page_new ();
  GtkWidget *window = show_in_window (page);
  g_autoptr(CdContext) context = cd_context_new ();

  cd_context_set_db_path (context, store_path);
  cd_sign_in_page_set_context (CD_SIGN_IN_PAGE (page), context);
  wait_while (sign_in_busy, page);
  g_assert_cmpint (cd_sign_in_page_get_mode (CD_SIGN_IN_PAGE (page)), ==,
                   CD_SIGN_IN_MODE_SIGN_IN);
  /* A sign-in checking its password (a slow hash, in a thread) when the window closes. */
  gtk_editable_set_text (GTK_EDITABLE (gui_test_find_entry_row (page, "Login")), "cb01");
  gtk_editable_set_text (GTK_EDITABLE (gui_test_find_entry_row (page, "Password")), "sai");
  g_assert_true (gui_test_activate_if_enabled (page, "sign-in.submit", NULL));
  g_assert_true (cd_sign_in_page_get_busy (CD_SIGN_IN_PAGE (page)));
  close_and_check (window, page, "CdSignInPage");
}

static void
test_finalize_sync_indicator (void)
{
  GtkWidget *indicator = cd_sync_indicator_new ();
  GtkWidget *window = show_in_window (indicator);
  g_autoptr(CdContext) context = gui_test_syncing_context (store_path,
                                                           cd_gateway_process_get_base_url (gateway),
                                                           gui_test_gateway_credential (gateway), "cb01",
                                                           CD_ROLE_OFFICER);

  /* The context's sync worker runs against the gateway's central system. */
  cd_sync_indicator_set_context (CD_SYNC_INDICATOR (indicator), context);
  cd_sync_indicator_reload_log (CD_SYNC_INDICATOR (indicator));
  gui_test_iterate ();
  close_and_check (window, indicator, "CdSyncIndicator");
}

static void
test_finalize_sync_problems_page (void)
{
  g_autoptr(CdContext) context = cd_context_new ();
  GtkWidget *page = NULL;
  GtkWidget *window = NULL;

  cd_context_set_db_path (context, store_path);
  page = cd_sync_problems_page_new (context);
  window = show_in_window (page);
  cd_sync_problems_page_reload (CD_SYNC_PROBLEMS_PAGE (page));
  close_and_check (window, page, "CdSyncProblemsPage");
}

static void
test_finalize_preferences_window (void)
{
  g_autoptr(CdSession) session = gui_test_sign_in (NULL, store_path, "admin-test",
                                                   CD_ROLE_ADMIN);
  g_autoptr(CdContext) context = cd_context_new ();
  CdPreferencesWindow *preferences = NULL;
  GPtrArray *watches = g_ptr_array_new ();

  cd_context_set_db_path (context, store_path);
  cd_context_set_session (context, session);
  preferences = cd_preferences_window_new (context);
  gtk_window_present (GTK_WINDOW (preferences));
  gui_test_iterate ();
  gui_test_watch_finalize (watches, preferences, "CdPreferencesWindow");
  /* An administrator's, with its Backups group reading the folder as it closes. */
  g_assert_true (gtk_widget_get_visible (
      GTK_WIDGET (cd_preferences_window_get_backups_group (preferences))));
  gui_test_watch_finalize (watches, cd_preferences_window_get_backups_group (preferences),
                           "its CdBackupsGroup");
  gtk_window_destroy (GTK_WINDOW (preferences));
  gui_test_assert_finalized (watches);
}

/* The main window as the application makes it, signed in, with every page it adds on the way
 * opened; closing it takes them all. */
static void
test_finalize_window_and_pages (void)
{
  g_autoptr(CdApplication) app = gui_test_registered_app ();
  g_autoptr(GSettings) settings = g_settings_new (BASE_APP_ID);
  g_autoptr(CdSession) session = NULL;
  g_autofree char *number = first_claim_number ();
  GPtrArray *watches = g_ptr_array_new ();
  CdWindow *window;
  GtkWidget *page;

  g_settings_set_string (settings, "gateway-url", cd_gateway_process_get_base_url (gateway));
  g_settings_set_string (settings, "central-url", cd_gateway_process_get_base_url (gateway));
  session = gui_test_sign_in (app, store_path, "gs01", CD_ROLE_SUPERVISOR);
  window = cd_window_new (app);
  cd_context_set_db_path (cd_window_get_context (window), store_path);
  gtk_window_present (GTK_WINDOW (window));
  wait_while (claim_list_loading, GTK_WIDGET (cd_window_get_claim_list (window)));

  gui_test_watch_finalize (watches, window, "CdWindow");
  gui_test_watch_finalize (watches, cd_window_get_claim_list (window), "its CdClaimList");
  gui_test_watch_finalize (watches, cd_window_get_sign_in_page (window), "its CdSignInPage");
  gui_test_watch_finalize (watches, cd_window_get_sync_indicator (window), "its CdSyncIndicator");
  gui_test_watch_finalize (watches, cd_window_get_backup_indicator (window),
                           "its CdBackupIndicator");

  g_assert_true (gui_test_activate_if_enabled (GTK_WIDGET (window), "win.new-claim", NULL));
  gui_test_watch_finalize (watches, cd_window_get_new_claim_page (window), "its CdNewClaimPage");

  g_assert_true (gui_test_activate_if_enabled (GTK_WIDGET (window), "win.open-claim",
                                               g_variant_new_string (number)));
  page = cd_window_get_claim_view (window);
  g_assert_nonnull (page);
  wait_while (claim_view_busy, page);
  gui_test_watch_finalize (watches, page, "its CdClaimView");

  cd_window_select_queue (window, "awaiting-approval");
  page = gui_test_find_widget (GTK_WIDGET (window), CD_TYPE_APPROVAL_PAGE);
  g_assert_nonnull (page);
  wait_while (approval_loading, page);
  gui_test_watch_finalize (watches, page, "its CdApprovalPage");

  cd_window_select_queue (window, "payout-batches");
  page = gui_test_find_widget (GTK_WIDGET (window), CD_TYPE_PAYOUT_PAGE);
  g_assert_nonnull (page);
  gui_test_watch_finalize (watches, page, "its CdPayoutPage");

  cd_window_select_queue (window, "sync-problems");
  page = gui_test_find_widget (GTK_WIDGET (window), CD_TYPE_SYNC_PROBLEMS_PAGE);
  g_assert_nonnull (page);
  gui_test_watch_finalize (watches, page, "its CdSyncProblemsPage");

  /* Back to the claims, a search on its way, and the window closes. */
  cd_window_select_queue (window, "all-claims");
  g_assert_true (gui_test_activate_if_enabled (GTK_WIDGET (window), "win.search", NULL));
  gtk_editable_set_text (GTK_EDITABLE (gui_test_find_widget (GTK_WIDGET (window),
                                                             GTK_TYPE_SEARCH_ENTRY)),
                         "Nguyễn");
  gui_test_iterate ();

  /* Every widget of ours the window and its pages made goes with them. */
  gui_test_watch_finalize_tree (watches, GTK_WIDGET (window));
  gtk_window_destroy (GTK_WINDOW (window));
  gui_test_assert_finalized (watches);
  cd_context_set_session (cd_application_get_context (app), NULL);
  g_settings_reset (settings, "gateway-url");
  g_settings_reset (settings, "central-url");
}

/* The arenas glibc's malloc_info lists. */
static guint
count_arenas (void)
{
  char *xml = NULL;
  size_t len = 0;
  FILE *stream = open_memstream (&xml, &len);
  guint arenas = 0;

  g_assert_nonnull (stream);
  malloc_info (0, stream);
  fclose (stream);
  for (const char *p = xml; (p = strstr (p, "<heap nr=")) != NULL; p++)
    arenas++;
  free (xml);
  return arenas;
}

static gpointer
allocate_a_little (gpointer data)
{
  g_free (g_malloc (64));
  return NULL;
}

/* Threads started after cd_malloc_limit_arenas() share CD_MALLOC_ARENAS arenas instead of getting
 * one each, which kept what each thread freed (issue 20: the RSS grew with the arenas). */
static void
test_malloc_arenas_limited (void)
{
  if (g_test_subprocess ())
    {
      GThread *threads[8];
      guint before;

      cd_malloc_limit_arenas ();
      before = count_arenas ();
      for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
        threads[i] = g_thread_new ("arena", allocate_a_little, NULL);
      for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
        g_thread_join (threads[i]);
      g_assert_cmpuint (count_arenas (), <=, MAX (before, CD_MALLOC_ARENAS));
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* Cairo where there is no GPU to run GL on, GTK's own choice elsewhere, the setting over both. */
static void
test_renderer_choice (void)
{
  g_autofree char *dri = test_tmpdir_new ();
  g_autofree char *card = g_build_filename (dri, "card0", NULL);
  g_autofree char *render = g_build_filename (dri, "renderD128", NULL);

  g_assert_cmpint (cd_renderer_choose ("auto", FALSE), ==, CD_RENDERER_CAIRO);
  g_assert_cmpint (cd_renderer_choose ("auto", TRUE), ==, CD_RENDERER_DEFAULT);
  g_assert_cmpint (cd_renderer_choose (NULL, FALSE), ==, CD_RENDERER_CAIRO);
  g_assert_cmpint (cd_renderer_choose ("gl", FALSE), ==, CD_RENDERER_DEFAULT);
  g_assert_cmpint (cd_renderer_choose ("cairo", TRUE), ==, CD_RENDERER_CAIRO);

  /* A display-only device (simpledrm's card0) is no GPU; a render node is. */
  g_assert_false (cd_renderer_has_gpu (dri));
  g_assert_true (g_file_set_contents (card, "", 0, NULL));
  g_assert_false (cd_renderer_has_gpu (dri));
  g_assert_true (g_file_set_contents (render, "", 0, NULL));
  g_assert_true (cd_renderer_has_gpu (dri));
  g_assert_false (cd_renderer_has_gpu ("/no/such/dir"));
  g_unlink (card);
  g_unlink (render);
  test_tmpdir_free (g_steal_pointer (&dri));

  /* The environment wins: the tests' own GSK_RENDERER stays as it is. */
  g_setenv ("GSK_RENDERER", "ngl-of-the-test", TRUE);
  cd_renderer_apply ();
  g_assert_cmpstr (g_getenv ("GSK_RENDERER"), ==, "ngl-of-the-test");
  g_assert_null (g_getenv ("GDK_DEBUG"));
  g_setenv ("GSK_RENDERER", "cairo", TRUE);

  /* Without it, this machine's own answer: GL not even set up where there is no GPU. */
  if (g_test_subprocess ())
    {
      g_unsetenv ("GSK_RENDERER");
      cd_renderer_apply ();
      if (cd_renderer_has_gpu ("/dev/dri"))
        g_assert_null (g_getenv ("GSK_RENDERER"));
      else
        {
          g_assert_cmpstr (g_getenv ("GSK_RENDERER"), ==, "cairo");
          g_assert_cmpstr (g_getenv ("GDK_DEBUG"), ==, "gl-disable");
        }
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

int
main (int    argc,
      char **argv)
{
  const char *gateway_args[] = { "--world-seed", "3", "--people", "60", NULL };
  g_autofree char *dir = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDatabase) db = NULL;
  int status;

  gui_test_init (&argc, &argv);
  dir = test_tmpdir_new ();
  store_path = g_build_filename (dir, "claims.db", NULL);
  db = cd_database_open (store_path, &error);
  g_assert_no_error (error);
  g_assert_true (cd_seed_run (db, 3, 60, 100, NULL, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&db);
  gateway = cd_gateway_process_new (gateway_args);
  g_assert_true (cd_gateway_process_start_sync (gateway, NULL, &error));
  g_assert_no_error (error);

  g_test_add_func ("/gui/renderer-choice", test_renderer_choice);
  g_test_add_func ("/gui/window/builds-and-destroys", test_window_builds_and_destroys);
  g_test_add_func ("/gui/window/size-is-saved", test_window_size_is_saved);
  g_test_add_func ("/gui/window/warns-of-pack-past-review", test_window_warns_of_pack_past_review);
  g_test_add_func ("/gui/preferences/refuse-insecure-urls", test_preferences_refuse_insecure_urls);
  g_test_add_func ("/gui/app/actions-open-windows", test_app_actions_open_windows);
  g_test_add_func ("/gui/demo/starts-and-cleans-up", test_demo_starts_and_cleans_up);
  g_test_add_func ("/gui/demo/dated-office", test_demo_dated_office);
  g_test_add_func ("/gui/demo/options-need-demo", test_demo_options_need_demo);
  g_test_add_func ("/gui/finalize/templates-alone", test_finalize_templates_alone);
  g_test_add_func ("/gui/finalize/claim-list", test_finalize_claim_list);
  g_test_add_func ("/gui/finalize/claim-view", test_finalize_claim_view);
  g_test_add_func ("/gui/finalize/new-claim-page", test_finalize_new_claim_page);
  g_test_add_func ("/gui/finalize/approval-page", test_finalize_approval_page);
  g_test_add_func ("/gui/finalize/payout-page", test_finalize_payout_page);
  g_test_add_func ("/gui/finalize/sign-in-page", test_finalize_sign_in_page);
  g_test_add_func ("/gui/finalize/sync-indicator", test_finalize_sync_indicator);
  g_test_add_func ("/gui/finalize/sync-problems-page", test_finalize_sync_problems_page);
  g_test_add_func ("/gui/finalize/preferences-window", test_finalize_preferences_window);
  g_test_add_func ("/gui/finalize/window-and-pages", test_finalize_window_and_pages);
  g_test_add_func ("/gui/malloc/arenas-limited", test_malloc_arenas_limited);

  status = g_test_run ();
  g_clear_object (&gateway);
  g_free (store_path);
  test_tmpdir_free (g_steal_pointer (&dir));
  return status;
}
