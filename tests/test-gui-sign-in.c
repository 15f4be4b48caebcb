/* test-gui-sign-in.c — signing in, locking, unlocking and signing out through the window. */
#include "config.h"

#include <string.h>

#include "cd-database.h"
#include "cd-demo-accounts.h"
#include "cd-office-settings.h"
#include "cd-password-rules-view.h"
#include "cd-password-rules.h"
#include "cd-seed.h"
#include "cd-sign-in-page.h"
#include "cd-preferences-window.h"
#include "cd-statement.h"
#include "cd-window.h"
#include "cd-workflow.h"
#include "gui-test-util.h"
#include "test-util.h"

static char *db_path;

static void
wait_until_idle (CdSignInPage *page)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_TIME_SPAN_SECOND;

  /* One iteration first: a submit has just started its worker. */
  gui_test_iterate ();
  while (cd_sign_in_page_get_busy (page) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (cd_sign_in_page_get_busy (page));
  gui_test_iterate ();
}

static void
fill (GtkWidget  *page,
      const char *title,
      const char *text)
{
  GtkWidget *row = gui_test_find_entry_row (page, title);

  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static const char *
visible_page (CdWindow *window)
{
  GtkWidget *stack = gtk_widget_get_ancestor (cd_window_get_sign_in_page (window), GTK_TYPE_STACK);

  return gtk_stack_get_visible_child_name (GTK_STACK (stack));
}

static void
test_sign_in_lock_unlock_sign_out (void)
{
  g_autoptr(CdApplication) app = gui_test_registered_app ();
  CdWindow *window = cd_window_new (app);
  GtkWidget *page = cd_window_get_sign_in_page (window);
  CdSession *session;

  gtk_window_present (GTK_WINDOW (window));
  cd_context_set_db_path (cd_window_get_context (window), db_path);
  wait_until_idle (CD_SIGN_IN_PAGE (page));
  g_assert_cmpstr (visible_page (window), ==, "sign-in");
  g_assert_cmpint (cd_sign_in_page_get_mode (CD_SIGN_IN_PAGE (page)), ==, CD_SIGN_IN_MODE_SIGN_IN);
  /* Nothing can be done before sign-in. */
  g_assert_false (gui_test_activate_if_enabled (GTK_WIDGET (window), "win.lock", NULL));
  g_assert_false (gui_test_activate_if_enabled (GTK_WIDGET (window), "win.sign-out", NULL));
  g_assert_null (cd_window_get_session (window));

  /* A wrong password: an error on the page, nobody signed in. */
  fill (page, "Login", "cb01");
  fill (page, "Password", "không-đúng-đâu");
  g_assert_true (gtk_widget_activate_action (page, "sign-in.submit", NULL));
  wait_until_idle (CD_SIGN_IN_PAGE (page));
  g_assert_nonnull (cd_sign_in_page_get_error (CD_SIGN_IN_PAGE (page)));
  g_assert_null (cd_context_get_session (cd_application_get_context (app)));
  g_assert_cmpstr (visible_page (window), ==, "sign-in");

  /* The right one: the work appears, as that officer. */
  fill (page, "Password", CD_DEMO_PASSWORD);
  g_assert_true (gtk_widget_activate_action (page, "sign-in.submit", NULL));
  wait_until_idle (CD_SIGN_IN_PAGE (page));
  session = cd_context_get_session (cd_application_get_context (app));
  g_assert_nonnull (session);
  g_assert_cmpstr (cd_session_get_login (session), ==, "cb01");
  g_assert_true (cd_window_get_session (window) == session);
  g_assert_cmpint (cd_window_get_officer_id (window), ==, cd_session_get_user_id (session));
  g_assert_cmpstr (visible_page (window), ==, "work");

  /* Lock: the unlock form, for the same user. */
  g_assert_true (gui_test_activate_if_enabled (GTK_WIDGET (window), "win.lock", NULL));
  gui_test_iterate ();
  g_assert_true (cd_session_get_locked (session));
  g_assert_cmpstr (visible_page (window), ==, "sign-in");
  g_assert_cmpint (cd_sign_in_page_get_mode (CD_SIGN_IN_PAGE (page)), ==, CD_SIGN_IN_MODE_UNLOCK);

  fill (page, "Password", "sai-mật-khẩu");
  g_assert_true (gtk_widget_activate_action (page, "sign-in.submit", NULL));
  wait_until_idle (CD_SIGN_IN_PAGE (page));
  g_assert_true (cd_session_get_locked (session));
  g_assert_nonnull (cd_sign_in_page_get_error (CD_SIGN_IN_PAGE (page)));

  fill (page, "Password", CD_DEMO_PASSWORD);
  g_assert_true (gtk_widget_activate_action (page, "sign-in.submit", NULL));
  wait_until_idle (CD_SIGN_IN_PAGE (page));
  /* The same session goes on, unlocked. */
  g_assert_true (cd_context_get_session (cd_application_get_context (app)) == session);
  g_assert_false (cd_session_get_locked (session));
  g_assert_cmpstr (visible_page (window), ==, "work");

  /* Idle time locks it too. */
  cd_session_check_idle (session, g_get_monotonic_time ()
                                  + (gint64) (cd_session_get_idle_lock_minutes (session) + 1)
                                    * 60 * G_USEC_PER_SEC);
  gui_test_iterate ();
  g_assert_cmpstr (visible_page (window), ==, "sign-in");

  /* Signing out from the locked screen leaves nobody signed in. */
  g_assert_true (gtk_widget_activate_action (page, "sign-in.sign-out", NULL));
  gui_test_iterate ();
  g_assert_null (cd_context_get_session (cd_application_get_context (app)));
  g_assert_null (cd_window_get_session (window));
  g_assert_cmpint (cd_sign_in_page_get_mode (CD_SIGN_IN_PAGE (page)), ==, CD_SIGN_IN_MODE_SIGN_IN);

  gtk_window_destroy (GTK_WINDOW (window));
  gui_test_iterate ();
}

/* The hidden work page is laid out behind the sign-in page once the first frame is drawn, so the
 * frame after the password check has only the list's rows to make; it holds no claim until then. */
static void
test_work_page_laid_out_before_sign_in (void)
{
  g_autoptr(CdApplication) app = gui_test_registered_app ();
  CdWindow *window = cd_window_new (app);
  GtkWidget *page = cd_window_get_sign_in_page (window);
  GtkWidget *stack = gtk_widget_get_ancestor (page, GTK_TYPE_STACK);
  GtkWidget *work = gtk_stack_get_child_by_name (GTK_STACK (stack), "work");
  GtkWidget *columns = gui_test_find_widget (work, GTK_TYPE_COLUMN_VIEW);
  gint64 deadline;

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 700);
  gtk_window_present (GTK_WINDOW (window));
  cd_context_set_db_path (cd_window_get_context (window), db_path);
  wait_until_idle (CD_SIGN_IN_PAGE (page));
  deadline = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;
  while (gtk_widget_get_width (work) == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpstr (visible_page (window), ==, "sign-in");
  g_assert_false (gtk_widget_get_mapped (work));
  g_assert_cmpint (gtk_widget_get_width (work), ==, gtk_widget_get_width (stack));
  g_assert_cmpint (gtk_widget_get_height (work), >=, gtk_widget_get_height (stack));
  g_assert_cmpint (gtk_widget_get_width (columns), >, 0);
  g_assert_null (gtk_column_view_get_model (GTK_COLUMN_VIEW (columns)));

  fill (page, "Login", "cb01");
  fill (page, "Password", CD_DEMO_PASSWORD);
  g_assert_true (gtk_widget_activate_action (page, "sign-in.submit", NULL));
  wait_until_idle (CD_SIGN_IN_PAGE (page));
  g_assert_cmpstr (visible_page (window), ==, "work");
  g_assert_true (gtk_widget_get_mapped (work));
  g_assert_nonnull (gtk_column_view_get_model (GTK_COLUMN_VIEW (columns)));

  gtk_window_destroy (GTK_WINDOW (window));
  gui_test_iterate ();
}

/* The demo (or another workstation) made the first administrator while the page asked for one. */
static void
test_administrator_made_meanwhile (void)
{
  g_autofree char *dir = test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "raced.db", NULL);
  g_autoptr(CdApplication) app = gui_test_registered_app ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDatabase) db = cd_database_open (path, &error);
  CdWindow *window = cd_window_new (app);
  GtkWidget *page = cd_window_get_sign_in_page (window);

  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (window));
  cd_context_set_db_path (cd_window_get_context (window), path);
  wait_until_idle (CD_SIGN_IN_PAGE (page));
  g_assert_cmpint (cd_sign_in_page_get_mode (CD_SIGN_IN_PAGE (page)), ==,
                   CD_SIGN_IN_MODE_BOOTSTRAP);
  g_assert_cmpint (cd_users_bootstrap_admin (db, "khac", "Người Khác", "mật-khẩu-dài", &error), >,
                   0);

  /* Submitting the stale form is refused and the page turns to signing in. */
  fill (page, "Full Name", "Trần Thị Quản Trị");
  fill (page, "Login", "quantri");
  fill (page, "Password", "mật-khẩu-dài");
  fill (page, "Repeat the Password", "mật-khẩu-dài");
  g_assert_true (gtk_widget_activate_action (page, "sign-in.submit", NULL));
  wait_until_idle (CD_SIGN_IN_PAGE (page));
  g_assert_nonnull (cd_sign_in_page_get_error (CD_SIGN_IN_PAGE (page)));
  g_assert_cmpint (cd_sign_in_page_get_mode (CD_SIGN_IN_PAGE (page)), ==, CD_SIGN_IN_MODE_SIGN_IN);

  /* And told of it directly, a page still asking reads the store again. */
  cd_sign_in_page_reset (CD_SIGN_IN_PAGE (page));
  cd_window_accounts_changed (window);
  wait_until_idle (CD_SIGN_IN_PAGE (page));
  g_assert_cmpint (cd_sign_in_page_get_mode (CD_SIGN_IN_PAGE (page)), ==, CD_SIGN_IN_MODE_SIGN_IN);

  gtk_window_destroy (GTK_WINDOW (window));
  gui_test_iterate ();
}

static void
test_first_administrator (void)
{
  g_autofree char *dir = test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "fresh.db", NULL);
  g_autoptr(CdApplication) app = gui_test_registered_app ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDatabase) db = cd_database_open (path, &error);
  CdWindow *window = cd_window_new (app);
  GtkWidget *page = cd_window_get_sign_in_page (window);
  CdSession *session;

  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (window));
  cd_context_set_db_path (cd_window_get_context (window), path);
  wait_until_idle (CD_SIGN_IN_PAGE (page));
  /* A store nobody can sign in to asks for its first administrator. */
  g_assert_cmpint (cd_sign_in_page_get_mode (CD_SIGN_IN_PAGE (page)), ==,
                   CD_SIGN_IN_MODE_BOOTSTRAP);

  fill (page, "Full Name", "Trần Thị Quản Trị");
  fill (page, "Login", "quantri");
  fill (page, "Password", "mật-khẩu-dài");
  fill (page, "Repeat the Password", "mật-khẩu-khác");
  g_assert_true (gtk_widget_activate_action (page, "sign-in.submit", NULL));
  wait_until_idle (CD_SIGN_IN_PAGE (page));
  g_assert_nonnull (cd_sign_in_page_get_error (CD_SIGN_IN_PAGE (page)));
  g_assert_true (cd_users_needs_bootstrap (db, NULL));

  fill (page, "Password", "mật-khẩu-dài");
  fill (page, "Repeat the Password", "mật-khẩu-dài");
  g_assert_true (gtk_widget_activate_action (page, "sign-in.submit", NULL));
  wait_until_idle (CD_SIGN_IN_PAGE (page));
  session = cd_context_get_session (cd_application_get_context (app));
  g_assert_nonnull (session);
  g_assert_cmpint (cd_session_get_role (session), ==, CD_ROLE_ADMIN);
  g_assert_false (cd_users_needs_bootstrap (db, NULL));

  gtk_window_destroy (GTK_WINDOW (window));
  gui_test_iterate ();
}

static CdSession *
demo_admin (CdDatabase *db)
{
  g_autoptr(GError) error = NULL;
  CdSession *admin = cd_users_sign_in (db, CD_DEMO_ADMIN_LOGIN, CD_DEMO_PASSWORD, &error);

  g_assert_no_error (error);
  return admin;
}

/* An account an administrator made with a one-time password: signing in asks for a new one, with
 * the rules ticked as typed, and only then shows the work. */
static void
test_one_time_password (void)
{
  g_autoptr(CdApplication) app = gui_test_registered_app ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDatabase) db = cd_database_open (db_path, &error);
  g_autoptr(CdSession) admin = demo_admin (db);
  CdWindow *window = cd_window_new (app);
  GtkWidget *page = cd_window_get_sign_in_page (window);
  GtkWidget *rules;
  CdSession *session;

  g_assert_cmpint (cd_users_add (db, admin, "cb77", "Phan Thị Mới", CD_ROLE_OFFICER,
                                 "một-lần-2026", CD_PASSWORD_ONE_TIME, &error), >, 0);
  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (window));
  cd_context_set_db_path (cd_window_get_context (window), db_path);
  wait_until_idle (CD_SIGN_IN_PAGE (page));

  fill (page, "Login", "cb77");
  fill (page, "Password", "một-lần-2026");
  g_assert_true (gtk_widget_activate_action (page, "sign-in.submit", NULL));
  wait_until_idle (CD_SIGN_IN_PAGE (page));
  g_assert_cmpint (cd_sign_in_page_get_mode (CD_SIGN_IN_PAGE (page)), ==,
                   CD_SIGN_IN_MODE_CHANGE_PASSWORD);
  /* Not signed in yet: the one-time session is the page's alone. */
  g_assert_null (cd_context_get_session (cd_application_get_context (app)));
  g_assert_cmpstr (visible_page (window), ==, "sign-in");

  /* The rules follow the typing. */
  rules = gui_test_find_widget (page, CD_TYPE_PASSWORD_RULES_VIEW);
  g_assert_nonnull (rules);
  g_assert_true (gtk_widget_get_visible (rules));
  fill (page, "New Password", "12345678");
  g_assert_cmpuint (cd_password_rules_view_get_met (CD_PASSWORD_RULES_VIEW (rules)), ==,
                    CD_PASSWORD_RULE_BIT (CD_PASSWORD_RULE_LENGTH)
                    | CD_PASSWORD_RULE_BIT (CD_PASSWORD_RULE_NOT_ACCOUNT));
  fill (page, "Repeat the Password", "12345678");
  g_assert_true (gtk_widget_activate_action (page, "sign-in.submit", NULL));
  wait_until_idle (CD_SIGN_IN_PAGE (page));
  g_assert_nonnull (cd_sign_in_page_get_error (CD_SIGN_IN_PAGE (page)));
  g_assert_null (cd_context_get_session (cd_application_get_context (app)));

  fill (page, "New Password", "mật khẩu của Mới");
  g_assert_cmpuint (cd_password_rules_view_get_met (CD_PASSWORD_RULES_VIEW (rules)), ==,
                    CD_PASSWORD_ALL_RULES);
  fill (page, "Repeat the Password", "mật khẩu của Mới");
  g_assert_true (gtk_widget_activate_action (page, "sign-in.submit", NULL));
  wait_until_idle (CD_SIGN_IN_PAGE (page));
  session = cd_context_get_session (cd_application_get_context (app));
  g_assert_nonnull (session);
  g_assert_cmpstr (cd_session_get_login (session), ==, "cb77");
  g_assert_false (cd_session_get_must_change_password (session));
  g_assert_cmpstr (visible_page (window), ==, "work");
  g_clear_object (&admin);
  {
    g_autoptr(CdSession) again = cd_users_sign_in (db, "cb77", "mật khẩu của Mới", &error);

    g_assert_no_error (error);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  gui_test_iterate ();
}

/* Five wrong passwords for an account that has one (gs02): the page says until when it waits. */
static void
test_lockout_says_until_when (void)
{
  g_autoptr(CdApplication) app = gui_test_registered_app ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDatabase) db = cd_database_open (db_path, &error);
  CdWindow *window = cd_window_new (app);
  GtkWidget *page = cd_window_get_sign_in_page (window);

  gtk_window_present (GTK_WINDOW (window));
  cd_context_set_db_path (cd_window_get_context (window), db_path);
  wait_until_idle (CD_SIGN_IN_PAGE (page));
  for (guint i = 0; i < 5; i++)
    {
      fill (page, "Login", "gs02");
      fill (page, "Password", "không phải mật khẩu");
      g_assert_true (gtk_widget_activate_action (page, "sign-in.submit", NULL));
      wait_until_idle (CD_SIGN_IN_PAGE (page));
    }
  g_assert_nonnull (strstr (cd_sign_in_page_get_error (CD_SIGN_IN_PAGE (page)), "waits until"));
  /* Even the right password now waits. */
  fill (page, "Password", CD_DEMO_PASSWORD);
  g_assert_true (gtk_widget_activate_action (page, "sign-in.submit", NULL));
  wait_until_idle (CD_SIGN_IN_PAGE (page));
  g_assert_nonnull (strstr (cd_sign_in_page_get_error (CD_SIGN_IN_PAGE (page)), "waits until"));
  g_assert_null (cd_context_get_session (cd_application_get_context (app)));

  {
    g_autoptr(CdSession) admin = demo_admin (db);

    g_assert_true (cd_users_lift_lockout (db, admin, "gs02", &error));
  }
  fill (page, "Password", CD_DEMO_PASSWORD);
  g_assert_true (gtk_widget_activate_action (page, "sign-in.submit", NULL));
  wait_until_idle (CD_SIGN_IN_PAGE (page));
  g_assert_nonnull (cd_context_get_session (cd_application_get_context (app)));

  gtk_window_destroy (GTK_WINDOW (window));
  gui_test_iterate ();
}

typedef struct
{
  gboolean done;
  gboolean ok;
  char    *message;
} LetterResult;

static void
on_letter_saved (CdWindow     *window,
                 gboolean      ok,
                 const char   *message,
                 LetterResult *result)
{
  result->done = TRUE;
  result->ok = ok;
  g_free (result->message);
  result->message = g_strdup (message);
}

static void
save_letter (CdWindow     *window,
             const char   *claim_number,
             const char   *pdf_path,
             LetterResult *result)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_TIME_SPAN_SECOND;

  result->done = FALSE;
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.save-letter", "(ss)",
                                             claim_number, pdf_path));
  while (!result->done && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (result->done);
}

static void
test_save_letter (void)
{
  g_autoptr(CdApplication) app = gui_test_registered_app ();
  g_autoptr(CdSession) session = gui_test_sign_in (app, db_path, "gs01", CD_ROLE_SUPERVISOR);
  g_autofree char *dir = test_tmpdir_new ();
  g_autofree char *pdf = g_build_filename (dir, "letter.pdf", NULL);
  g_autofree char *missing = g_build_filename (dir, "none.pdf", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *number = NULL;
  CdWindow *window = cd_window_new (app);
  LetterResult result = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDatabase) db = cd_database_open_reader (db_path, &error);
  g_autoptr(CdStatement) stmt = NULL;
  gsize length = 0;

  g_assert_no_error (error);
  stmt = cd_database_prepare (db, "SELECT c.number FROM claims c JOIN decisions d"
                              " ON d.claim_id = c.id WHERE d.state = 'approved' LIMIT 1", NULL);
  g_assert_nonnull (stmt);
  g_assert_cmpint (cd_statement_step (stmt, NULL), ==, CD_STEP_ROW);
  number = cd_statement_dup_text (stmt, 0);

  g_signal_connect (window, "letter-saved", G_CALLBACK (on_letter_saved), &result);
  cd_context_set_db_path (cd_window_get_context (window), db_path);
  save_letter (window, number, pdf, &result);
  g_assert_true (result.ok);
  g_assert_true (g_file_get_contents (pdf, &contents, &length, NULL));
  g_assert_true (length > 1000 && g_str_has_prefix (contents, "%PDF"));

  /* An unknown claim: a message naming it, and no file. */
  save_letter (window, "HS-0000-99999999", missing, &result);
  g_assert_false (result.ok);
  g_assert_nonnull (strstr (result.message, "HS-0000-99999999"));
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));

  g_free (result.message);
  gtk_window_destroy (GTK_WINDOW (window));
  gui_test_iterate ();
}

static void
set_flag (gboolean *flag)
{
  *flag = TRUE;
}

static void
wait_for (gboolean (*done) (gpointer),
          gpointer  data)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_TIME_SPAN_SECOND;

  while (!done (data) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (done (data));
}

static gboolean
office_loaded (gpointer data)
{
  return cd_preferences_window_get_office_loaded (data);
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

/* A spin button by its range: the threshold reaches past a million, the idle lock ends at a day's
 * minutes. */
static GtkWidget *
find_spin (GtkWidget *root,
           gboolean   large)
{
  if (GTK_IS_SPIN_BUTTON (root)
      && (gtk_adjustment_get_upper (gtk_spin_button_get_adjustment (GTK_SPIN_BUTTON (root)))
          > 1e6) == large)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_spin (child, large);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gint64
stored_threshold (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDatabase) db = cd_database_open_reader (db_path, &error);

  g_assert_no_error (error);
  return cd_workflow_get_approval_threshold (db);
}

static void
test_office_rules_in_preferences (void)
{
  g_autoptr(CdSession) officer = gui_test_sign_in (NULL, db_path, "cb01", CD_ROLE_OFFICER);
  g_autoptr(CdSession) admin = gui_test_sign_in (NULL, db_path, CD_DEMO_ADMIN_LOGIN,
                                                  CD_ROLE_ADMIN);
  g_autoptr(CdContext) context = cd_context_new ();
  CdPreferencesWindow *preferences = NULL;
  GtkWidget *threshold;
  gboolean saved = FALSE;

  /* An officer sees the rules but cannot change them. */
  cd_context_set_db_path (context, db_path);
  cd_context_set_session (context, officer);
  preferences = cd_preferences_window_new (context);
  wait_for (office_loaded, preferences);
  threshold = find_spin (GTK_WIDGET (preferences), TRUE);
  g_assert_nonnull (threshold);
  g_assert_false (gtk_widget_get_sensitive (threshold));

  /* An administrator changes the threshold: it is saved in the store, where core reads it. */
  cd_context_set_session (context, admin);
  wait_for (office_loaded, preferences);
  g_signal_connect_swapped (preferences, "office-saved", G_CALLBACK (set_flag), &saved);
  g_assert_cmpint (stored_threshold (), !=, 7000000);
  threshold = find_spin (GTK_WIDGET (preferences), TRUE);
  g_assert_nonnull (threshold);
  g_assert_true (gtk_widget_get_sensitive (threshold));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (threshold), 7000000);
  cd_preferences_window_save_office (preferences);
  wait_for (flag_set, &saved);
  g_assert_cmpint (stored_threshold (), ==, 7000000);

  /* A new idle time applies to the administrator's session at once. */
  {
    GtkWidget *idle = find_spin (GTK_WIDGET (preferences), FALSE);

    g_assert_nonnull (idle);
    saved = FALSE;
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (idle), 3);
    cd_preferences_window_save_office (preferences);
    wait_for (flag_set, &saved);
    g_assert_cmpuint (cd_session_get_idle_lock_minutes (admin), ==, 3);
  }

  gtk_window_destroy (GTK_WINDOW (preferences));
  gui_test_iterate ();
}

static gboolean
paper_loaded (gpointer data)
{
  return cd_preferences_window_get_paper_loaded (data);
}

static GtkWidget *
find_switch (GtkWidget *root)
{
  if (GTK_IS_SWITCH (root))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_switch (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The office rule on unverified paper is the administrator's, in Preferences, saved where the
 * workflow's approve reads it. */
static void
test_paper_rules_in_preferences (void)
{
  g_autoptr(CdSession) admin = gui_test_sign_in (NULL, db_path, CD_DEMO_ADMIN_LOGIN,
                                                  CD_ROLE_ADMIN);
  g_autoptr(CdContext) context = cd_context_new ();
  CdPreferencesWindow *preferences = NULL;
  GtkWidget *allow;
  gboolean saved = FALSE;
  CdPaperRules rules;

  cd_context_set_db_path (context, db_path);
  cd_context_set_session (context, admin);
  preferences = cd_preferences_window_new (context);
  wait_for (paper_loaded, preferences);
  allow = find_switch (GTK_WIDGET (preferences));
  g_assert_nonnull (allow);
  g_assert_true (gtk_widget_get_sensitive (allow));
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (allow)));
  g_signal_connect_swapped (preferences, "office-saved", G_CALLBACK (set_flag), &saved);
  gtk_switch_set_active (GTK_SWITCH (allow), TRUE);
  cd_preferences_window_save_paper_rules (preferences);
  wait_for (flag_set, &saved);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(CdDatabase) db = cd_database_open_reader (db_path, &error);

    g_assert_no_error (error);
    cd_office_settings_read_paper_rules (db, &rules);
    g_assert_true (rules.allow_unverified);
  }
  gtk_window_destroy (GTK_WINDOW (preferences));
  gui_test_iterate ();
}

static gboolean
threshold_stored (gpointer data)
{
  return stored_threshold () == *(gint64 *) data;
}

/* An edit still waiting for its delay when the window closes is saved all the same, even on a
 * workstation whose writer nobody has opened yet. */
static void
test_office_edit_saved_on_close (void)
{
  g_autoptr(CdSession) admin = gui_test_sign_in (NULL, db_path, CD_DEMO_ADMIN_LOGIN,
                                                  CD_ROLE_ADMIN);
  g_autoptr(CdContext) context = cd_context_new ();
  CdPreferencesWindow *preferences = NULL;
  GtkWidget *threshold;
  gint64 wanted = 8500000;

  cd_context_set_db_path (context, db_path);
  cd_context_set_session (context, admin);
  g_assert_null (cd_context_get_database (context));
  preferences = cd_preferences_window_new (context);
  wait_for (office_loaded, preferences);
  g_assert_cmpint (stored_threshold (), !=, wanted);
  threshold = find_spin (GTK_WIDGET (preferences), TRUE);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (threshold), (double) wanted);
  gtk_window_destroy (GTK_WINDOW (preferences));
  wait_for (threshold_stored, &wanted);
  g_assert_nonnull (cd_context_get_database (context));
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
  g_assert_true (cd_seed_run (db, 3, 60, 100, NULL, NULL, &error));
  g_assert_true (cd_demo_accounts_ensure (db, &error));
  g_assert_no_error (error);
  g_clear_object (&db);

  g_test_add_func ("/gui/sign-in/sign-in-lock-unlock-sign-out", test_sign_in_lock_unlock_sign_out);
  g_test_add_func ("/gui/sign-in/work-page-laid-out-before",
                   test_work_page_laid_out_before_sign_in);
  g_test_add_func ("/gui/sign-in/first-administrator", test_first_administrator);
  g_test_add_func ("/gui/sign-in/administrator-made-meanwhile", test_administrator_made_meanwhile);
  g_test_add_func ("/gui/sign-in/one-time-password", test_one_time_password);
  g_test_add_func ("/gui/sign-in/lockout-says-until-when", test_lockout_says_until_when);
  g_test_add_func ("/gui/letter/save-letter", test_save_letter);
  g_test_add_func ("/gui/preferences/office-rules", test_office_rules_in_preferences);
  g_test_add_func ("/gui/preferences/edit-saved-on-close", test_office_edit_saved_on_close);
  g_test_add_func ("/gui/preferences/paper-rules", test_paper_rules_in_preferences);
  status = g_test_run ();
  g_free (db_path);
  return status;
}
