/* test-gui-office.c — the workstation without --demo: the office store, made on the first run.
 *
 * Each test runs the application as `claimdesk [--db PATH]` would, watches the window until the
 * store is open (or the dialog that says why not is up), and quits.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cd-application.h"
#include "cd-data-dir.h"
#include "cd-database.h"
#include "cd-seed.h"
#include "cd-sign-in-page.h"
#include "cd-store-lock.h"
#include "cd-window.h"
#include "gui-test-util.h"
#include "test-util.h"

typedef gboolean (*Done) (CdApplication *app);

typedef struct
{
  Done      done;
  gboolean  reached;
} Watch;

static gboolean
poll_done (gpointer user_data)
{
  CdApplication *app = user_data;
  Watch *watch = g_object_get_data (G_OBJECT (app), "test-watch");

  if (!watch->done (app))
    return G_SOURCE_CONTINUE;
  watch->reached = TRUE;
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  return G_SOURCE_REMOVE;
}

static gboolean
give_up (gpointer user_data)
{
  CdApplication *app = user_data;
  guint *timeout = g_object_get_data (G_OBJECT (app), "test-timeout");

  *timeout = 0;
  g_application_quit (G_APPLICATION (app));
  return G_SOURCE_REMOVE;
}

static void
on_activate (CdApplication *app)
{
  g_timeout_add (20, poll_done, app);
}

/* Runs the application with `args` until `done` says so (or 30 s pass); TRUE if it got there. */
static gboolean
run_until (const char * const *args,
           Done                done)
{
  g_autoptr(CdApplication) app = cd_application_new ();
  Watch watch = { done, FALSE };
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  guint timeout;

  g_ptr_array_add (argv, (gpointer) "claimdesk");
  for (guint i = 0; args != NULL && args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_object_set_data (G_OBJECT (app), "test-watch", &watch);
  g_signal_connect_after (app, "activate", G_CALLBACK (on_activate), NULL);
  g_object_set_data (G_OBJECT (app), "test-timeout", &timeout);
  timeout = g_timeout_add_seconds (30, give_up, app);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), (int) argv->len - 1,
                                      (char **) argv->pdata), ==, 0);
  if (timeout != 0)
    g_source_remove (timeout);
  return watch.reached;
}

static CdWindow *
main_window (CdApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (CD_IS_WINDOW (l->data))
      return l->data;
  return CD_IS_WINDOW (window) ? CD_WINDOW (window) : NULL;
}

/* The store is open for writing, and the sign-in page has read it. */
static gboolean
store_ready_for_first_administrator (CdApplication *app)
{
  CdWindow *window = main_window (app);
  GtkWidget *page = window != NULL ? cd_window_get_sign_in_page (window) : NULL;

  return cd_context_get_database (cd_application_get_context (app)) != NULL && page != NULL
         && !cd_sign_in_page_get_busy (CD_SIGN_IN_PAGE (page))
         && cd_sign_in_page_get_mode (CD_SIGN_IN_PAGE (page)) == CD_SIGN_IN_MODE_BOOTSTRAP;
}

static char *last_store;

static gboolean
note_store_ready (CdApplication *app)
{
  if (!store_ready_for_first_administrator (app))
    return FALSE;
  g_free (last_store);
  last_store = g_strdup (cd_context_get_db_path (cd_application_get_context (app)));
  return TRUE;
}

static void
assert_new_store (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDatabase) reader = NULL;
  GStatBuf st;

  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  reader = cd_database_open_reader (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cd_database_get_schema_version (reader), ==, cd_database_get_latest_version ());
}

/* The first run, with --db: the store is made there, and the administrator is asked for. */
static void
test_first_run_makes_the_store (void)
{
  g_autofree char *dir = test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "office", "office.db", NULL);
  const char *args[] = { "--db", path, NULL };

  g_assert_true (run_until (args, note_store_ready));
  g_assert_cmpstr (last_store, ==, path);
  assert_new_store (path);
  /* The lock is let go with the window. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(CdStoreLock) lock = cd_store_lock_acquire (path, &error);

    g_assert_no_error (error);
  }
  test_tmpdir_free (g_steal_pointer (&dir));
}

/* With neither --db nor the setting: the default place under the user's data folder. */
static void
test_default_place (void)
{
  g_autofree char *expected = cd_data_dir_office_store ();
  g_autofree char *folder = g_path_get_dirname (expected);
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", folder);

  g_assert_true (g_str_has_prefix (expected, g_getenv ("XDG_DATA_HOME")));
  g_assert_cmpint (system (command), ==, 0);
  g_assert_true (run_until (NULL, note_store_ready));
  g_assert_cmpstr (last_store, ==, expected);
  assert_new_store (expected);
}

/* A store an earlier release left is migrated before it is shown, and keeps its claims. */
static void
test_earlier_store_is_updated (void)
{
  g_autofree char *dir = test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "office.db", NULL);
  const char *args[] = { "--db", path, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDatabase) reader = NULL;
  int earlier = cd_database_get_latest_version () - 1;

  {
    g_autoptr(CdDatabase) db = cd_database_open_at_version (path, earlier, &error);

    g_assert_no_error (error);
    g_assert_cmpint (cd_database_get_schema_version (db), ==, earlier);
  }
  g_assert_true (run_until (args, note_store_ready));
  reader = cd_database_open_reader (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cd_database_get_schema_version (reader), ==, cd_database_get_latest_version ());
  test_tmpdir_free (g_steal_pointer (&dir));
}

/* A dialog with this heading is up. */
static const char *wanted_heading;

static gboolean
dialog_up (CdApplication *app)
{
  g_autoptr(GListModel) toplevels = g_object_ref (gtk_window_get_toplevels ());

  (void) app;
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window)
          && g_strcmp0 (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (window)),
                        wanted_heading) == 0)
        {
          g_free (last_store);
          last_store = g_strdup (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (window)));
          gtk_window_destroy (GTK_WINDOW (window));
          return TRUE;
        }
    }
  return FALSE;
}

/* A second window on a store another has: it says so, by which process, and opens nothing. */
static void
test_store_in_use (void)
{
  g_autofree char *dir = test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "office.db", NULL);
  g_autofree char *pid = g_strdup_printf ("process %d", (int) getpid ());
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStoreLock) other = cd_store_lock_acquire (path, &error);
  const char *args[] = { "--db", path, NULL };

  g_assert_no_error (error);
  wanted_heading = "The Office Store Is in Use";
  g_assert_true (run_until (args, dialog_up));
  g_assert_nonnull (strstr (last_store, path));
  g_assert_nonnull (strstr (last_store, pid));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  test_tmpdir_free (g_steal_pointer (&dir));
}

/* An existing store that turns out damaged: the list reads what it can, and a dialog names the
 * file and the restore command. */
static void
test_damaged_store_names_the_restore (void)
{
  g_autofree char *dir = test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "office.db", NULL);
  const char *args[] = { "--db", path, NULL };
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(CdDatabase) db = cd_database_open (path, &error);
    GStatBuf st;

    g_assert_no_error (error);
    g_assert_true (cd_seed_run (db, 4, 200, 600, NULL, NULL, &error));
    g_assert_true (cd_database_exec (db, "PRAGMA wal_checkpoint(TRUNCATE);", &error));
    g_clear_object (&db);
    g_assert_cmpint (g_stat (path, &st), ==, 0);
    test_damage_pages (path, (gsize) st.st_size / 4096 / 2);
  }
  wanted_heading = "The Office Store Is Damaged";
  g_test_expect_message ("claimdesk-context", G_LOG_LEVEL_WARNING, "*claimdesk-cli restore*");
  g_assert_true (run_until (args, dialog_up));
  g_test_assert_expected_messages ();
  g_assert_nonnull (strstr (last_store, path));
  g_assert_nonnull (strstr (last_store, "claimdesk-cli restore --db"));
  test_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int    argc,
      char **argv)
{
  int status;

  gui_test_init (&argc, &argv);
  g_test_add_func ("/gui/office/first-run-makes-the-store", test_first_run_makes_the_store);
  g_test_add_func ("/gui/office/default-place", test_default_place);
  g_test_add_func ("/gui/office/earlier-store-is-updated", test_earlier_store_is_updated);
  g_test_add_func ("/gui/office/store-in-use", test_store_in_use);
  g_test_add_func ("/gui/office/damaged-store-names-the-restore",
                   test_damaged_store_names_the_restore);
  status = g_test_run ();
  g_free (last_store);
  return status;
}
