/* test-gui-backups.c — Preferences' Backups group and the header bar's backup warning. */
#include "config.h"

#include <string.h>

#include "cd-backup.h"
#include "cd-backups-group.h"
#include "cd-demo-accounts.h"
#include "cd-format.h"
#include "cd-preferences-window.h"
#include "cd-seed.h"
#include "cd-statement.h"
#include "cd-window.h"
#include "gui-test-util.h"
#include "test-util.h"

static char *dir;
static char *db_path;

static void
wait_until (gboolean   (*done) (gpointer),
            gpointer   data,
            const char *what)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_TIME_SPAN_SECOND;

  while (!done (data) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  if (!done (data))
    g_error ("Waited a minute for %s", what);
}

#define wait_for(done, data) wait_until ((done), (data), #done)

static gboolean
group_loaded (gpointer data)
{
  return cd_backups_group_get_loaded (data);
}

static gboolean
indicator_hidden (gpointer data)
{
  return !gtk_widget_get_visible (data);
}

/* Each of ::saved, ::backed-up and ::restored: heard, and how it went. */
typedef struct
{
  gboolean heard;
  gboolean ok;
} Outcome;

static void
on_outcome (Outcome  *outcome,
            gboolean  ok)
{
  outcome->heard = TRUE;
  outcome->ok = ok;
}

static gboolean
outcome_heard (gpointer data)
{
  return ((Outcome *) data)->heard;
}

static void
print_toast (CdBackupsGroup *group,
             const char     *message)
{
  g_test_message ("Toast: %s", message);
}

static void
set_clock (CdContext *context,
           int        hour)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 20, hour, 5, 0);
  g_autoptr(CdClock) clock = cd_clock_new_fixed (now);

  cd_context_set_clock (context, clock);
}

/* Saves a folder as the chooser would, and waits for the store to have it. */
static void
choose_folder (CdBackupsGroup *group,
               const char     *folder)
{
  Outcome saved = { 0 };
  gulong id = g_signal_connect_swapped (group, "saved", G_CALLBACK (on_outcome), &saved);

  cd_backups_group_set_folder (group, folder);
  wait_for (outcome_heard, &saved);
  g_assert_true (saved.ok);
  g_signal_handler_disconnect (group, id);
  wait_for (group_loaded, group);
}

static gboolean
back_up_now (CdBackupsGroup *group)
{
  Outcome backed_up = { 0 };
  gulong id = g_signal_connect_swapped (group, "backed-up", G_CALLBACK (on_outcome), &backed_up);

  g_assert_true (gui_test_activate_if_enabled (GTK_WIDGET (group), "backups.back-up-now", NULL));
  wait_for (outcome_heard, &backed_up);
  g_signal_handler_disconnect (group, id);
  wait_for (group_loaded, group);
  return backed_up.ok;
}

static gint64
count_in_store (const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDatabase) db = cd_database_open_reader (db_path, &error);
  g_autoptr(CdStatement) stmt = NULL;

  g_assert_no_error (error);
  stmt = cd_database_prepare (db, sql, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cd_statement_step (stmt, &error), ==, CD_STEP_ROW);
  return cd_statement_get_int64 (stmt, 0);
}

static void
test_failed_backup_until_one_succeeds_then_restore (void)
{
  g_autoptr(CdApplication) app = gui_test_registered_app ();
  CdContext *context = cd_application_get_context (app);
  g_autoptr(CdSession) officer = gui_test_sign_in (NULL, db_path, "cb01", CD_ROLE_OFFICER);
  g_autoptr(CdSession) admin = gui_test_sign_in (NULL, db_path, CD_DEMO_ADMIN_LOGIN,
                                                  CD_ROLE_ADMIN);
  g_autofree char *not_a_folder = g_build_filename (dir, "a-file", NULL);
  g_autofree char *bad = g_build_filename (not_a_folder, "backups", NULL);
  g_autofree char *good = g_build_filename (dir, "backups", NULL);
  g_autoptr(GPtrArray) watches = g_ptr_array_new ();
  g_autoptr(CdBackupSummary) older = NULL;
  g_autoptr(GError) error = NULL;
  CdWindow *window;
  CdPreferencesWindow *preferences;
  CdBackupsGroup *group;
  CdBackupIndicator *indicator;
  AdwMessageDialog *dialog;
  Outcome restored = { 0 };
  gint64 audit_in_backup;

  g_assert_true (g_file_set_contents (not_a_folder, "", 0, NULL));
  set_clock (context, 14);
  cd_context_set_db_path (context, db_path);
  cd_context_set_session (context, officer);
  window = cd_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  /* Not presented, nor transient for the window: two windows taking the focus from each other
   * under Xvfb only test Xvfb. */
  preferences = cd_preferences_window_new (context);
  group = cd_preferences_window_get_backups_group (preferences);
  indicator = cd_window_get_backup_indicator (window);
  g_signal_connect (group, "toast", G_CALLBACK (print_toast), NULL);
  gui_test_watch_finalize (watches, group, "CdBackupsGroup");
  gui_test_watch_finalize (watches, indicator, "CdBackupIndicator");
  gui_test_iterate ();

  /* An officer sees no Backups group, and nothing has failed. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (group)));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (indicator)));

  /* An administrator does. */
  cd_context_set_session (context, admin);
  wait_for (group_loaded, group);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (group)));
  g_assert_cmpuint (cd_backups_group_get_n_backups (group), ==, 0);
  g_assert_true (gui_test_action_enabled (GTK_WIDGET (group), "backups.back-up-now"));
  g_assert_true (gui_test_action_enabled (GTK_WIDGET (group), "backups.choose-folder"));
  g_assert_true (gtk_widget_get_focusable (gui_test_find_actionable (GTK_WIDGET (group),
                                                                     "backups.back-up-now")));

  /* A folder that cannot be made: Back Up Now fails, and the header bar says why until a backup
   * succeeds. */
  choose_folder (group, bad);
  g_assert_false (back_up_now (group));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (indicator)));
  g_assert_nonnull (strstr (cd_backup_indicator_get_reason (indicator), bad));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (gui_test_find_widget (
                                GTK_WIDGET (indicator), GTK_TYPE_MENU_BUTTON)), bad));
  g_assert_true (gui_test_action_enabled (GTK_WIDGET (indicator), "backup.try-again"));

  /* The administrator fixes the folder; Try Again in the header bar succeeds, and the warning
   * goes. */
  choose_folder (group, good);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (indicator)));
  g_assert_true (gui_test_activate_if_enabled (GTK_WIDGET (indicator), "backup.try-again", NULL));
  wait_for (indicator_hidden, indicator);
  g_assert_null (cd_backup_indicator_get_reason (indicator));

  /* An hour later, Back Up Now: both are listed, newest first. */
  set_clock (context, 15);
  g_assert_true (back_up_now (group));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (indicator)));
  g_assert_cmpuint (cd_backups_group_get_n_backups (group), ==, 2);
  g_assert_true (g_str_has_suffix (cd_backups_group_get_backup_path (group, 0),
                                   "-20261120-150500.db"));
  g_assert_cmpint (count_in_store ("SELECT count(*) FROM audit_log WHERE action = 'store.backup'"),
                   ==, 2);

  /* Restore… asks first, naming the backup's date and what it holds. */
  older = cd_backup_read_summary (cd_backups_group_get_backup_path (group, 1), &error);
  g_assert_no_error (error);
  audit_in_backup = older->n_audit_entries;
  dialog = cd_backups_group_ask_restore (group, older->path);
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (dialog), "20/11/2026 14:05"));
  {
    g_autofree char *claims = cd_format_integer_vi (older->n_claims);
    g_autofree char *entries = cd_format_integer_vi (older->n_audit_entries);
    g_autofree char *claims_text = g_strdup_printf ("%s claims", claims);
    g_autofree char *entries_text = g_strdup_printf ("%s audit entries", entries);
    const char *body = adw_message_dialog_get_body (dialog);

    g_assert_nonnull (strstr (body, claims_text));
    g_assert_nonnull (strstr (body, entries_text));
    g_assert_nonnull (strstr (body, good));
  }
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "cancel");
  /* Cancel changes nothing. */
  adw_message_dialog_response (dialog, "cancel");
  gui_test_iterate ();
  g_assert_false (cd_context_get_restoring (context));

  g_signal_connect_swapped (group, "restored", G_CALLBACK (on_outcome), &restored);
  dialog = cd_backups_group_ask_restore (group, older->path);
  adw_message_dialog_response (dialog, "restore");
  wait_for (outcome_heard, &restored);
  g_assert_true (restored.ok);
  wait_for (group_loaded, group);

  /* The store is the older backup again, plus the restore's own entry; the administrator is still
   * signed in, and the safety copy is in the list to go back to. */
  g_assert_cmpint (count_in_store ("SELECT count(*) FROM audit_log"), ==, audit_in_backup + 1);
  g_assert_cmpint (count_in_store ("SELECT count(*) FROM audit_log WHERE action = 'store.restore'"),
                   ==, 1);
  g_assert_nonnull (cd_context_get_database (context));
  g_assert_true (cd_context_get_session (context) == admin);
  g_assert_cmpuint (cd_backups_group_get_n_backups (group), ==, 3);
  g_assert_true (g_str_has_suffix (cd_backups_group_get_backup_path (group, 0),
                                   "-before-restore.db"));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (indicator)));

  gtk_window_destroy (GTK_WINDOW (preferences));
  gtk_window_destroy (GTK_WINDOW (window));
  gui_test_assert_finalized (g_steal_pointer (&watches));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDatabase) db = NULL;
  int status;

  gui_test_init (&argc, &argv);
  dir = test_tmpdir_new ();
  db_path = g_build_filename (dir, "claims.db", NULL);
  db = cd_database_open (db_path, &error);
  g_assert_no_error (error);
  g_assert_true (cd_seed_run (db, 3, 60, 100, NULL, NULL, &error));
  g_assert_true (cd_demo_accounts_ensure (db, &error));
  g_assert_no_error (error);
  g_clear_object (&db);

  g_test_add_func ("/gui/backups/failed-backup-until-one-succeeds-then-restore",
                   test_failed_backup_until_one_succeeds_then_restore);
  status = g_test_run ();
  test_tmpdir_free (dir);
  g_free (db_path);
  return status;
}
