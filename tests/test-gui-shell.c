/* test-gui-shell.c — the application shell: every templated widget, the app actions, demo mode. */
#include "config.h"

#include <glib/gstdio.h>

#include "cd-application.h"
#include "cd-database.h"
#include "cd-preferences-window.h"
#include "cd-window.h"
#include "gui-test-util.h"

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
  g_assert_cmpuint (rows, ==, 8);

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

static void
test_preferences_refuse_insecure_urls (void)
{
  g_autoptr(GSettings) settings = g_settings_new (BASE_APP_ID);
  CdPreferencesWindow *preferences = cd_preferences_window_new ();
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
  gboolean  db_existed;
  gint64    n_claims;
  gint64    n_people;
  guint     progress_reports;
} DemoObservation;

static gint64
count_rows (CdDatabase *db,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (cd_database_get_handle (db), sql, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
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
  seen->db_existed = g_file_test (seen->db_path, G_FILE_TEST_IS_REGULAR);
  seen->n_claims = count_rows (cd_demo_session_get_database (session),
                               "SELECT count(*) FROM claims");
  seen->n_people = count_rows (cd_demo_session_get_database (session),
                               "SELECT count(*) FROM persons");
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
  g_assert_true (g_str_has_prefix (seen.gateway_url, "http://127.0.0.1:"));
  /* A fresh demo database is seeded with the sample world, with progress on the way. */
  g_assert_cmpint (seen.n_claims, ==, CD_DEMO_CLAIMS);
  g_assert_cmpint (seen.n_people, >, 0);
  g_assert_cmpuint (seen.progress_reports, >, 0);

  /* On quit the private gateway is stopped and the temporary sample database removed. */
  dir = g_path_get_dirname (seen.db_path);
  g_assert_false (g_file_test (seen.db_path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));

  g_free (seen.db_path);
  g_free (seen.gateway_url);
}

int
main (int    argc,
      char **argv)
{
  gui_test_init (&argc, &argv);

  g_test_add_func ("/gui/window/builds-and-destroys", test_window_builds_and_destroys);
  g_test_add_func ("/gui/window/size-is-saved", test_window_size_is_saved);
  g_test_add_func ("/gui/preferences/refuse-insecure-urls", test_preferences_refuse_insecure_urls);
  g_test_add_func ("/gui/app/actions-open-windows", test_app_actions_open_windows);
  g_test_add_func ("/gui/demo/starts-and-cleans-up", test_demo_starts_and_cleans_up);

  return g_test_run ();
}
