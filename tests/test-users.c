/* test-users.c — local accounts, offline sign-in, the idle lock, and `user add|list`. */
#include "cd-office-settings.h"
#include "cd-settings.h"
#include "cd-statement.h"
#include "cd-users.h"
#include "cd-workflow.h"
#include "test-util.h"
#include "workflow-fixture.h"

static void
test_sign_in_wrong_password (void)
{
  Store store;
  g_autoptr(GError) wrong_password = NULL;
  g_autoptr(GError) unknown_login = NULL;
  g_autoptr(GError) no_password = NULL;
  g_autoptr(CdSession) session = NULL;

  store_open (&store);
  g_assert_null (cd_users_sign_in (store.db, "gs01", "not the password", &wrong_password));
  g_assert_null (cd_users_sign_in (store.db, "nobody", FIXTURE_PASSWORD, &unknown_login));
  /* Same code, same words: the answer never tells which logins exist. */
  g_assert_error (wrong_password, CD_USERS_ERROR, CD_USERS_ERROR_SIGN_IN_FAILED);
  g_assert_error (unknown_login, CD_USERS_ERROR, CD_USERS_ERROR_SIGN_IN_FAILED);
  g_assert_cmpstr (wrong_password->message, ==, unknown_login->message);

  /* An account without a password (a seeded one) cannot sign in with any. */
  fx_exec (&store, "UPDATE users SET password_hash = NULL WHERE login = 'cb02'");
  g_assert_null (cd_users_sign_in (store.db, "cb02", FIXTURE_PASSWORD, &no_password));
  g_assert_error (no_password, CD_USERS_ERROR, CD_USERS_ERROR_SIGN_IN_FAILED);

  session = cd_users_sign_in (store.db, "gs01", FIXTURE_PASSWORD, NULL);
  g_assert_nonnull (session);
  g_assert_cmpint (cd_session_get_role (session), ==, CD_ROLE_SUPERVISOR);
  g_assert_cmpstr (cd_session_get_full_name (session), ==, "Lê Văn Cường");
  g_assert_false (cd_session_get_locked (session));
  store_close (&store);
}

static void
test_idle_lock (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdSession) session = NULL;
  gint64 start;

  store_open (&store);
  fx_exec (&store, "INSERT INTO settings (key, value) VALUES ('idle_lock_minutes', '5')");
  session = cd_users_sign_in (store.db, "cb01", FIXTURE_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cd_session_get_idle_lock_minutes (session), ==, 5);
  start = cd_session_get_last_activity (session);

  g_assert_false (cd_session_check_idle (session, start + 4 * 60 * G_USEC_PER_SEC));
  g_assert_true (cd_session_check_idle (session, start + 5 * 60 * G_USEC_PER_SEC));
  g_assert_true (cd_session_get_locked (session));
  g_assert_false (cd_session_begin_action (session, &error));
  g_assert_error (error, CD_USERS_ERROR, CD_USERS_ERROR_LOCKED);
  g_clear_error (&error);

  /* Only the same user's password unlocks it. */
  g_assert_false (cd_session_unlock (session, store.db, "sai mật khẩu", &error));
  g_assert_error (error, CD_USERS_ERROR, CD_USERS_ERROR_SIGN_IN_FAILED);
  g_clear_error (&error);
  g_assert_true (cd_session_get_locked (session));
  g_assert_true (cd_session_unlock (session, store.db, FIXTURE_PASSWORD, &error));
  g_assert_no_error (error);
  g_assert_false (cd_session_get_locked (session));
  g_assert_true (cd_session_begin_action (session, &error));
  store_close (&store);
}

static void
test_default_idle_lock (void)
{
  Store store;
  g_autoptr(CdSession) session = NULL;

  store_open (&store);
  session = cd_users_sign_in (store.db, "cb01", FIXTURE_PASSWORD, NULL);
  g_assert_cmpuint (cd_session_get_idle_lock_minutes (session), ==, CD_DEFAULT_IDLE_LOCK_MINUTES);
  store_close (&store);
}

static void
test_only_admin_adds_accounts (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  gint64 id;

  store_open (&store);
  g_assert_cmpint (cd_users_add (store.db, fx_sup1, "cb09", "Người Mới", CD_ROLE_OFFICER,
                                 FIXTURE_PASSWORD, CD_PASSWORD_KEEP, &error), ==, 0);
  g_assert_error (error, CD_USERS_ERROR, CD_USERS_ERROR_NOT_ALLOWED);
  g_clear_error (&error);

  g_assert_cmpint (cd_users_add (store.db, fx_admin, "cb01", "Trùng Tên", CD_ROLE_OFFICER,
                                 FIXTURE_PASSWORD, CD_PASSWORD_KEEP, &error), ==, 0);
  g_assert_error (error, CD_USERS_ERROR, CD_USERS_ERROR_EXISTS);
  g_clear_error (&error);

  g_assert_cmpint (cd_users_add (store.db, fx_admin, "cb09", "Người Mới", CD_ROLE_OFFICER, "ngắn",
                                 CD_PASSWORD_KEEP, &error), ==, 0);
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* A store with a usable admin never bootstraps another. */
  g_assert_false (cd_users_needs_bootstrap (store.db, NULL));
  g_assert_cmpint (cd_users_bootstrap_admin (store.db, "root", "Kẻ Lạ", FIXTURE_PASSWORD, &error),
                   ==, 0);
  g_assert_error (error, CD_USERS_ERROR, CD_USERS_ERROR_NOT_ALLOWED);
  g_clear_error (&error);

  id = cd_users_add (store.db, fx_admin, "cb09", "Người Mới", CD_ROLE_OFFICER, FIXTURE_PASSWORD,
                     CD_PASSWORD_KEEP, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  /* Recorded as the admin, and never with the password or its hash. */
  g_assert_cmpint (fx_int (&store, "SELECT user_id FROM audit_log WHERE action = 'user.add'"
                                   " ORDER BY seq DESC LIMIT 1"), ==,
                   cd_session_get_user_id (fx_admin));
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM audit_log WHERE after LIKE '%argon%'"
                                   " OR after LIKE '%mật khẩu%'"), ==, 0);
  store_close (&store);
}

static void
test_admin_sets_password (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdSession) session = NULL;

  store_open (&store);
  /* Only an admin, and only a known account. */
  g_assert_false (cd_users_set_password (store.db, fx_sup1, "cb01", "mật-khẩu-mới", CD_PASSWORD_KEEP, &error));
  g_assert_error (error, CD_USERS_ERROR, CD_USERS_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  g_assert_false (cd_users_set_password (store.db, fx_admin, "không-có", "mật-khẩu-mới", CD_PASSWORD_KEEP, &error));
  g_assert_error (error, CD_USERS_ERROR, CD_USERS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "không-có"));
  g_clear_error (&error);

  g_assert_true (cd_users_set_password (store.db, fx_admin, "cb01", "mật-khẩu-mới", CD_PASSWORD_KEEP, &error));
  g_assert_no_error (error);
  /* The old password no longer opens the account; the new one does. */
  g_assert_null (cd_users_sign_in (store.db, "cb01", FIXTURE_PASSWORD, &error));
  g_assert_error (error, CD_USERS_ERROR, CD_USERS_ERROR_SIGN_IN_FAILED);
  g_clear_error (&error);
  session = cd_users_sign_in (store.db, "cb01", "mật-khẩu-mới", &error);
  g_assert_no_error (error);
  g_assert_nonnull (session);
  g_assert_cmpint (fx_int (&store, "SELECT user_id FROM audit_log WHERE action = 'user.password'"
                                   " ORDER BY seq DESC LIMIT 1"), ==,
                   cd_session_get_user_id (fx_admin));
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM audit_log WHERE after LIKE '%argon%'"
                                   " OR after LIKE '%mật-khẩu%'"), ==, 0);
  store_close (&store);
}

static void
record_notify_thread (CdSession  *session,
                      GParamSpec *pspec,
                      GThread   **thread)
{
  *thread = g_thread_self ();
}

static gpointer
lock_from_worker (gpointer data)
{
  CdSession *session = data;

  /* A worker acting long after the last activity finds the session idle and locks it. */
  cd_session_check_idle (session, g_get_monotonic_time ()
                                  + (gint64) (cd_session_get_idle_lock_minutes (session) + 1)
                                    * 60 * G_USEC_PER_SEC);
  return NULL;
}

static void
test_lock_from_worker_notifies_main (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdSession) session = NULL;
  GMainContext *context = g_main_context_default ();
  GThread *notified_on = NULL;
  GThread *worker;
  gint64 deadline;

  store_open (&store);
  session = cd_users_sign_in (store.db, "cb01", FIXTURE_PASSWORD, &error);
  g_assert_no_error (error);
  g_signal_connect (session, "notify::locked", G_CALLBACK (record_notify_thread), &notified_on);

  /* The main thread runs the main context, as the UI does. */
  g_assert_true (g_main_context_acquire (context));
  worker = g_thread_new ("lock", lock_from_worker, session);
  g_thread_join (worker);
  g_assert_true (cd_session_get_locked (session));
  g_assert_null (notified_on);
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (notified_on == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (context, FALSE);
  g_main_context_release (context);
  g_assert_true (notified_on == g_thread_self ());
  store_close (&store);
}

static void
test_office_settings (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  CdOfficeSettings settings = { 0 };
  CdOfficeSettings wanted = { (char *) "BHXH-001-HN", 25, 5000000 };
  g_autoptr(CdSession) session = NULL;
  gint64 entries;

  store_open (&store);
  g_assert_true (cd_office_settings_read (store.db, &settings, &error));
  g_assert_cmpstr (settings.office_code, ==, CD_DEFAULT_OFFICE_CODE);
  g_assert_cmpuint (settings.idle_lock_minutes, ==, CD_DEFAULT_IDLE_LOCK_MINUTES);
  g_assert_cmpint (settings.approval_threshold, ==, CD_DEFAULT_APPROVAL_THRESHOLD);
  cd_office_settings_clear (&settings);

  /* Only an administrator; a value out of range names itself. */
  g_assert_false (cd_office_settings_write (store.db, fx_sup1, &wanted, &error));
  g_assert_error (error, CD_USERS_ERROR, CD_USERS_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  {
    CdOfficeSettings silly = { (char *) "X", 100000, 1 };

    g_assert_false (cd_office_settings_write (store.db, fx_admin, &silly, &error));
    g_assert_error (error, CD_OFFICE_SETTINGS_ERROR, CD_OFFICE_SETTINGS_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "100000"));
    g_clear_error (&error);
  }

  entries = fx_int (&store, "SELECT count(*) FROM audit_log WHERE action = 'settings.change'");
  g_assert_true (cd_office_settings_write (store.db, fx_admin, &wanted, &error));
  g_assert_no_error (error);
  /* Saving the same values again changes nothing and logs nothing. */
  g_assert_true (cd_office_settings_write (store.db, fx_admin, &wanted, &error));
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM audit_log"
                                   " WHERE action = 'settings.change'"), ==, entries + 1);

  /* Core enforces what was saved: the threshold, and the lock time of the next sign-in. */
  g_assert_cmpint (cd_workflow_get_approval_threshold (store.db), ==, 5000000);
  session = cd_users_sign_in (store.db, "cb01", FIXTURE_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cd_session_get_idle_lock_minutes (session), ==, 25);
  g_assert_true (cd_office_settings_read (store.db, &settings, &error));
  g_assert_cmpstr (settings.office_code, ==, "BHXH-001-HN");
  cd_office_settings_clear (&settings);
  store_close (&store);
}

/* Sign-in, the office settings and the workflow read the rules through one reader, so a value
 * nobody could save through the form (written by hand, or by an older ClaimDesk) reads the same
 * everywhere: a lock time above a day as a day, a negative one or a threshold below zero as the
 * default. */
static void
test_office_settings_one_reader (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdSession) session = NULL;
  CdOfficeSettings settings = { 0 };

  store_open (&store);
  g_assert_true (cd_settings_set_text (store.db, CD_SETTING_IDLE_LOCK_MINUTES, "5000", &error));
  g_assert_true (cd_settings_set_int64 (store.db, CD_SETTING_APPROVAL_THRESHOLD, -1, &error));
  g_assert_no_error (error);
  session = cd_users_sign_in (store.db, "cb01", FIXTURE_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_true (cd_office_settings_read (store.db, &settings, &error));
  g_assert_cmpuint (settings.idle_lock_minutes, ==, CD_OFFICE_MAX_IDLE_LOCK_MINUTES);
  g_assert_cmpuint (cd_session_get_idle_lock_minutes (session), ==, settings.idle_lock_minutes);
  g_assert_cmpint (settings.approval_threshold, ==, CD_DEFAULT_APPROVAL_THRESHOLD);
  g_assert_cmpint (cd_workflow_get_approval_threshold (store.db), ==, settings.approval_threshold);
  cd_office_settings_clear (&settings);
  g_clear_object (&session);

  g_assert_true (cd_settings_set_int64 (store.db, CD_SETTING_IDLE_LOCK_MINUTES, -3, &error));
  session = cd_users_sign_in (store.db, "cb01", FIXTURE_PASSWORD, &error);
  g_assert_cmpuint (cd_session_get_idle_lock_minutes (session), ==, CD_DEFAULT_IDLE_LOCK_MINUTES);
  store_close (&store);
}

/* A store without an office makes one for its first account, with the code the office rules read:
 * the one set, or the default when none is set or it was cleared (an office code is never empty:
 * the offices table refuses one). */
static void
test_first_office_takes_the_office_code (void)
{
  const struct { const char *set; const char *office; } cases[] = {
    { NULL, CD_DEFAULT_OFFICE_CODE },
    { "", CD_DEFAULT_OFFICE_CODE },
    { "  ", CD_DEFAULT_OFFICE_CODE },
    { "BHXH-079-BT", "BHXH-079-BT" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      char *dir = test_tmpdir_new ();
      g_autofree char *path = g_build_filename (dir, "office.db", NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(CdDatabase) db = cd_database_open (path, &error);
      g_autoptr(CdStatement) stmt = NULL;
      g_autofree char *code = NULL;
      CdOfficeSettings settings = { 0 };

      g_assert_no_error (error);
      if (cases[i].set != NULL)
        g_assert_true (cd_settings_set_text (db, CD_SETTING_OFFICE_CODE, cases[i].set, &error));
      g_assert_cmpint (cd_users_bootstrap_admin (db, "quantri", "Quản Trị", FIXTURE_PASSWORD,
                                                 &error), >, 0);
      g_assert_no_error (error);

      stmt = cd_database_prepare (db, "SELECT o.code FROM users u JOIN offices o"
                                      " ON o.id = u.office_id WHERE u.login = 'quantri'", &error);
      g_assert_no_error (error);
      g_assert_cmpint (cd_statement_step (stmt, NULL), ==, CD_STEP_ROW);
      g_assert_cmpstr (cd_statement_get_text (stmt, 0), ==, cases[i].office);
      g_assert_true (cd_office_settings_read (db, &settings, &error));
      g_assert_cmpstr (settings.office_code, ==, cases[i].office);
      cd_office_settings_clear (&settings);
      code = cd_office_settings_dup_office_code (db, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (code, ==, cases[i].office);

      g_clear_pointer (&stmt, cd_statement_free);
      g_clear_object (&db);
      test_tmpdir_free (dir);
    }
}

static void
test_cli_user_add_and_list (void)
{
  g_autofree char *dir = test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "users.db", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *bootstrap[] = { "user", "add", "--db", path, "--login", "quantri", "--full-name",
                              "Quản Trị", "--role", "admin", NULL };
  const char *officer[] = { "user", "add", "--db", path, "--login", "cb01", "--full-name",
                            "Nguyễn Văn An", "--role", "officer", "--as", "quantri", NULL };
  const char *officer_no_admin[] = { "user", "add", "--db", path, "--login", "cb02",
                                     "--full-name", "X", "--role", "officer", NULL };
  const char *bad_role[] = { "user", "add", "--db", path, "--login", "cb03", "--full-name", "X",
                             "--role", "boss", NULL };
  const char *list[] = { "user", "list", "--db", path, "--json", NULL };

  g_assert_cmpint (fx_cli (bootstrap, "mật khẩu quản trị\n", &out, &err), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  /* A second first admin is refused once one can sign in. */
  g_assert_cmpint (fx_cli (bootstrap, "mật khẩu quản trị\n", &out, &err), ==, 1);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (fx_cli (officer, "sai\nmật khẩu cán bộ\n", &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "wrong"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (fx_cli (officer, "mật khẩu quản trị\nmật khẩu cán bộ\n", &out, &err), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (fx_cli (officer_no_admin, "mật khẩu cán bộ\n", &out, &err), ==, 1);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (fx_cli (bad_role, "mật khẩu cán bộ\n", &out, &err), ==, 2);
  g_assert_cmpuint (test_count_lines (err), ==, 1);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (fx_cli (list, NULL, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "\"login\" : \"cb01\""));
  g_assert_nonnull (strstr (out, "\"role\" : \"officer\""));
  g_assert_nonnull (strstr (out, "\"login\" : \"quantri\""));
  g_assert_null (strstr (out, "argon"));

  /* The password never reached argv, and signs in. */
  {
    g_autoptr(CdDatabase) db = cd_database_open (path, NULL);
    g_autoptr(CdSession) session = cd_users_sign_in (db, "cb01", "mật khẩu cán bộ", NULL);
    g_assert_nonnull (session);
  }
  test_tmpdir_free (g_steal_pointer (&dir));
}

static void
on_async_done (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

/* A job that holds the writer until released, as a long write of another page would. */
static void
hold_writer (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  while (!g_atomic_int_get ((int *) task_data))
    g_usleep (5 * G_TIME_SPAN_MILLISECOND);
  g_task_return_boolean (task, TRUE);
}

static void
test_async_sign_in_and_bootstrap (void)
{
  char *dir = test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "office.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDatabase) writer = cd_database_open (path, &error);
  g_autoptr(GAsyncResult) checked = NULL;
  g_autoptr(GAsyncResult) held = NULL;
  g_autoptr(GAsyncResult) made = NULL;
  g_autoptr(GAsyncResult) signed_in = NULL;
  g_autoptr(GAsyncResult) refused = NULL;
  g_autoptr(GTask) blocker = NULL;
  g_autoptr(CdSession) admin = NULL;
  g_autoptr(CdSession) again = NULL;
  gboolean needs = FALSE;
  int release = 0;
  gint64 until;

  g_assert_no_error (error);
  cd_users_needs_bootstrap_async (path, NULL, on_async_done, &checked);
  g_assert_true (cd_users_needs_bootstrap_finish (wait_result (&checked), &needs, &error));
  g_assert_true (needs);
  g_clear_object (&checked);

  /* The first administrator is written on the shared writer: it waits for the job before it. */
  blocker = g_task_new (writer, NULL, on_async_done, &held);
  g_task_set_task_data (blocker, &release, NULL);
  cd_database_run_in_thread (writer, blocker, hold_writer);
  cd_users_bootstrap_admin_async (writer, "admin", "Quản trị viên", FIXTURE_PASSWORD, NULL,
                                  on_async_done, &made);
  until = g_get_monotonic_time () + 200 * G_TIME_SPAN_MILLISECOND;
  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
  g_assert_null (made);
  g_atomic_int_set (&release, 1);
  wait_result (&held);
  admin = cd_users_bootstrap_admin_finish (writer, wait_result (&made), &error);
  g_assert_no_error (error);
  g_assert_cmpint (cd_session_get_role (admin), ==, CD_ROLE_ADMIN);
  g_assert_cmpstr (cd_session_get_login (admin), ==, "admin");

  cd_users_needs_bootstrap_async (path, NULL, on_async_done, &checked);
  g_assert_true (cd_users_needs_bootstrap_finish (wait_result (&checked), &needs, &error));
  g_assert_false (needs);

  /* Signing in on the writer: the same answers as the blocking call, and a wrong password is
   * counted. */
  cd_users_sign_in_async (writer, cd_clock_get_default (), "admin", FIXTURE_PASSWORD, NULL,
                          on_async_done, &signed_in);
  again = cd_users_sign_in_finish (writer, wait_result (&signed_in), &error);
  g_assert_no_error (error);
  g_assert_cmpint (cd_session_get_user_id (again), ==, cd_session_get_user_id (admin));
  cd_users_sign_in_async (writer, cd_clock_get_default (), "admin", "sai mật khẩu", NULL,
                          on_async_done, &refused);
  g_assert_null (cd_users_sign_in_finish (writer, wait_result (&refused), &error));
  g_assert_error (error, CD_USERS_ERROR, CD_USERS_ERROR_SIGN_IN_FAILED);
  {
    g_autoptr(CdUser) user = cd_users_lookup (writer, "admin", NULL);

    g_assert_cmpuint (user->failed_sign_ins, ==, 1);
  }
  test_tmpdir_free (dir);
}

static void
test_async_office_settings (void)
{
  Store store;
  g_autoptr(GAsyncResult) read = NULL;
  g_autoptr(GAsyncResult) written = NULL;
  g_autoptr(GAsyncResult) refused = NULL;
  g_autoptr(GError) error = NULL;
  CdOfficeSettings wanted = { (char *) "79-HCM-Q1", 20, G_GINT64_CONSTANT (35000000) };
  CdOfficeSettings *settings;

  store_open (&store);
  cd_office_settings_write_async (store.db, fx_admin, &wanted, NULL, on_async_done, &written);
  g_assert_true (cd_office_settings_write_finish (store.db, wait_result (&written), &error));
  g_assert_no_error (error);
  /* Only an administrator: the officer's write is refused and changes nothing. */
  wanted.idle_lock_minutes = 5;
  cd_office_settings_write_async (store.db, fx_officer, &wanted, NULL, on_async_done, &refused);
  g_assert_false (cd_office_settings_write_finish (store.db, wait_result (&refused), &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  cd_office_settings_read_async (store.path, NULL, on_async_done, &read);
  settings = cd_office_settings_read_finish (wait_result (&read), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (settings->office_code, ==, "79-HCM-Q1");
  g_assert_cmpuint (settings->idle_lock_minutes, ==, 20);
  g_assert_cmpint (settings->approval_threshold, ==, 35000000);
  cd_office_settings_clear (settings);
  g_free (settings);
  store_close (&store);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  fixture_init ();

  g_test_add_func ("/users/sign-in-wrong-password", test_sign_in_wrong_password);
  g_test_add_func ("/users/idle-lock", test_idle_lock);
  g_test_add_func ("/users/default-idle-lock", test_default_idle_lock);
  g_test_add_func ("/users/only-admin-adds-accounts", test_only_admin_adds_accounts);
  g_test_add_func ("/users/admin-sets-password", test_admin_sets_password);
  g_test_add_func ("/users/office-settings", test_office_settings);
  g_test_add_func ("/users/office-settings-one-reader", test_office_settings_one_reader);
  g_test_add_func ("/users/first-office-takes-the-office-code",
                   test_first_office_takes_the_office_code);
  g_test_add_func ("/users/lock-from-worker-notifies-main", test_lock_from_worker_notifies_main);
  g_test_add_func ("/users/cli-user-add-and-list", test_cli_user_add_and_list);
  g_test_add_func ("/users/async/sign-in-and-bootstrap", test_async_sign_in_and_bootstrap);
  g_test_add_func ("/users/async/office-settings", test_async_office_settings);

  status = g_test_run ();
  fixture_shutdown ();
  return status;
}
