/* test-gui-accounts.c — the Accounts page of Preferences: what an administrator sees and does. */
#include "config.h"

#include <string.h>

#include "cd-account-dialog.h"
#include "cd-accounts-page.h"
#include "cd-demo-accounts.h"
#include "cd-preferences-window.h"
#include "cd-seed.h"
#include "cd-statement.h"
#include "cd-users.h"
#include "gui-test-util.h"
#include "test-util.h"

static char *db_path;

static void
wait_until_idle (CdAccountsPage *page)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_TIME_SPAN_SECOND;

  do
    gui_test_iterate ();
  while (!cd_accounts_page_is_idle (page) && g_get_monotonic_time () < deadline);
  g_assert_true (cd_accounts_page_is_idle (page));
}

static CdAccountsPage *
accounts_page (CdPreferencesWindow *preferences)
{
  GtkWidget *page = gui_test_find_widget (GTK_WIDGET (preferences), CD_TYPE_ACCOUNTS_PAGE);

  g_assert_nonnull (page);
  return CD_ACCOUNTS_PAGE (page);
}

static const char *
subtitle_of (CdAccountsPage *page,
             const char     *login)
{
  AdwActionRow *row = cd_accounts_page_find_row (page, login);

  g_assert_nonnull (row);
  return adw_action_row_get_subtitle (row);
}

/* The one window of exactly `type` open now. */
static GtkWindow *
find_window (GType type)
{
  GtkWindow *found = NULL;
  g_autoptr(GList) windows = gtk_window_list_toplevels ();

  for (GList *l = windows; l != NULL; l = l->next)
    if (G_OBJECT_TYPE (l->data) == type && gtk_widget_get_visible (l->data))
      {
        g_assert_null (found);
        found = l->data;
      }
  g_assert_nonnull (found);
  return found;
}

static void
fill (GtkWidget  *root,
      const char *title,
      const char *text)
{
  GtkWidget *row = gui_test_find_entry_row (root, title);

  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static gboolean
audited (CdDatabase *db,
         const char *action)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStatement) stmt = cd_database_prepare (db,
                                                     "SELECT count(*) FROM audit_log"
                                                     " WHERE action = ?",
                                                     &error);

  g_assert_no_error (error);
  cd_statement_bind_text (stmt, 1, action);
  g_assert_cmpint (cd_statement_step (stmt, &error), ==, CD_STEP_ROW);
  return cd_statement_get_int (stmt, 0) > 0;
}

/* Not an administrator: no accounts, no adding. */
static void
test_officer_sees_no_accounts (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDatabase) db = cd_database_open (db_path, &error);
  g_autoptr(CdSession) officer = gui_test_sign_in (NULL, db_path, "cb01", CD_ROLE_OFFICER);
  g_autoptr(CdContext) context = gui_test_writer_context (db, NULL, NULL, officer);
  CdPreferencesWindow *preferences = cd_preferences_window_new (context);
  CdAccountsPage *page = accounts_page (preferences);

  gtk_window_present (GTK_WINDOW (preferences));
  wait_until_idle (page);
  g_assert_null (cd_accounts_page_find_row (page, "cb01"));
  g_assert_false (gui_test_action_enabled (GTK_WIDGET (page), "accounts.add"));
  gtk_window_destroy (GTK_WINDOW (preferences));
  gui_test_iterate ();
}

/* An administrator adds an account with a one-time password, sees and lifts a wait after wrong
 * passwords, changes a role and deactivates an account; core checks and audits each. */
static void
test_administrator_manages_accounts (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDatabase) db = cd_database_open (db_path, &error);
  g_autoptr(CdSession) admin = gui_test_sign_in (NULL, db_path, CD_DEMO_ADMIN_LOGIN,
                                                  CD_ROLE_ADMIN);
  g_autoptr(CdContext) context = NULL;
  g_autoptr(CdUser) user = NULL;
  g_autofree char *one_time = NULL;
  CdPreferencesWindow *preferences;
  CdAccountsPage *page;
  AdwMessageDialog *dialog;

  /* gs02 typed five wrong passwords before the administrator looked. */
  for (guint i = 0; i < 5; i++)
    g_assert_null (cd_users_sign_in (db, "gs02", "không phải mật khẩu", NULL));

  context = gui_test_writer_context (db, NULL, NULL, admin);
  preferences = cd_preferences_window_new (context);
  page = accounts_page (preferences);
  gtk_window_present (GTK_WINDOW (preferences));
  wait_until_idle (page);
  g_assert_nonnull (strstr (subtitle_of (page, "cb01"), "Officer"));
  g_assert_nonnull (strstr (subtitle_of (page, "gs02"), "Waits until"));

  /* Adding: the form is ready only with a login, a name and a password that meets the rules. */
  g_assert_true (gui_test_activate_if_enabled (GTK_WIDGET (page), "accounts.add", NULL));
  gui_test_iterate ();
  dialog = ADW_MESSAGE_DIALOG (find_window (CD_TYPE_ACCOUNT_DIALOG));
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "apply"));
  fill (GTK_WIDGET (dialog), "Login", "cb88");
  fill (GTK_WIDGET (dialog), "Full Name", "Lê Văn Tám");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "apply"));
  one_time = g_strdup (gtk_editable_get_text (GTK_EDITABLE (gui_test_find_entry_row (
    GTK_WIDGET (dialog), "One-Time Password"))));
  fill (GTK_WIDGET (dialog), "One-Time Password", "12345678");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "apply"));
  fill (GTK_WIDGET (dialog), "One-Time Password", one_time);
  adw_message_dialog_response (dialog, "apply");
  gui_test_iterate ();
  wait_until_idle (page);
  g_assert_nonnull (strstr (subtitle_of (page, "cb88"), "One-time password not changed yet"));
  {
    g_autoptr(CdSession) first = cd_users_sign_in (db, "cb88", one_time, &error);

    g_assert_no_error (error);
    g_assert_true (cd_session_get_must_change_password (first));
  }

  /* The wait is lifted. */
  g_assert_true (gui_test_activate_if_enabled (GTK_WIDGET (page), "accounts.lift-wait",
                                               g_variant_new_string ("gs02")));
  wait_until_idle (page);
  g_assert_null (strstr (subtitle_of (page, "gs02"), "Waits until"));
  user = cd_users_lookup (db, "gs02", &error);
  g_assert_no_error (error);
  g_assert_null (user->locked_until);
  g_clear_pointer (&user, cd_user_free);

  /* A new role. */
  g_assert_true (gui_test_activate_if_enabled (GTK_WIDGET (page), "accounts.set-role",
                                               g_variant_new ("(ss)", "cb88", "supervisor")));
  wait_until_idle (page);
  g_assert_nonnull (strstr (subtitle_of (page, "cb88"), "Supervisor"));

  /* Deactivating asks first; the account stays, greyed, and cannot sign in. */
  g_assert_true (gui_test_activate_if_enabled (GTK_WIDGET (page), "accounts.deactivate",
                                               g_variant_new_string ("cb88")));
  gui_test_iterate ();
  dialog = ADW_MESSAGE_DIALOG (find_window (ADW_TYPE_MESSAGE_DIALOG));
  adw_message_dialog_response (dialog, "deactivate");
  gui_test_iterate ();
  wait_until_idle (page);
  g_assert_nonnull (strstr (subtitle_of (page, "cb88"), "Deactivated"));
  g_assert_null (cd_users_sign_in (db, "cb88", one_time, NULL));

  /* Nobody changes their own role: core refuses, the role stays. */
  g_assert_true (gui_test_activate_if_enabled (GTK_WIDGET (page), "accounts.set-role",
                                               g_variant_new ("(ss)", CD_DEMO_ADMIN_LOGIN,
                                                              "officer")));
  wait_until_idle (page);
  user = cd_users_lookup (db, CD_DEMO_ADMIN_LOGIN, &error);
  g_assert_no_error (error);
  g_assert_cmpint (user->role, ==, CD_ROLE_ADMIN);

  g_assert_true (audited (db, "user.add"));
  g_assert_true (audited (db, "user.lockout_lifted"));
  g_assert_true (audited (db, "user.role"));
  g_assert_true (audited (db, "user.deactivate"));

  gtk_window_destroy (GTK_WINDOW (preferences));
  gui_test_iterate ();
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *dir = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDatabase) db = NULL;
  int status;

  gui_test_init (&argc, &argv);
  dir = test_tmpdir_new ();
  db_path = g_build_filename (dir, "claims.db", NULL);
  db = cd_database_open (db_path, &error);
  g_assert_no_error (error);
  g_assert_true (cd_seed_run (db, 2, 20, 40, NULL, NULL, &error));
  g_assert_true (cd_demo_accounts_ensure (db, &error));
  g_assert_no_error (error);
  g_clear_object (&db);

  g_test_add_func ("/gui/accounts/officer-sees-none", test_officer_sees_no_accounts);
  g_test_add_func ("/gui/accounts/administrator-manages", test_administrator_manages_accounts);
  status = g_test_run ();
  g_free (db_path);
  return status;
}
