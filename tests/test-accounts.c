/* test-accounts.c — accounts an administrator runs: one-time passwords, lockout after wrong
 * passwords, deactivation, roles, the password rules, and the `user` administration commands. */
#include <string.h>

#include "cd-lockout.h"
#include "cd-password-rules.h"
#include "cd-password.h"
#include "cd-users.h"
#include "test-util.h"
#include "workflow-fixture.h"

static GDateTime *
at (const char *iso)
{
  return g_date_time_new_from_iso8601 (iso, NULL);
}

static void
test_lockout_waits_grow (void)
{
  for (guint failed = 0; failed <= CD_LOCKOUT_FREE_ATTEMPTS; failed++)
    g_assert_cmpint (cd_lockout_wait (failed), ==, 0);
  g_assert_cmpint (cd_lockout_wait (5), ==, 1 * G_TIME_SPAN_MINUTE);
  g_assert_cmpint (cd_lockout_wait (6), ==, 2 * G_TIME_SPAN_MINUTE);
  g_assert_cmpint (cd_lockout_wait (7), ==, 4 * G_TIME_SPAN_MINUTE);
  g_assert_cmpint (cd_lockout_wait (10), ==, 32 * G_TIME_SPAN_MINUTE);
  g_assert_cmpint (cd_lockout_wait (11), ==, CD_LOCKOUT_MAX_WAIT);
  g_assert_cmpint (cd_lockout_wait (1000), ==, CD_LOCKOUT_MAX_WAIT);
}

static CdSession *
sign_in_at (Store       *store,
            const char  *login,
            const char  *password,
            const char  *when,
            GError     **error)
{
  g_autoptr(GDateTime) now = at (when);

  return cd_users_sign_in_at (store->db, login, password, now, error);
}

static void
assert_refused (Store        *store,
                const char   *password,
                const char   *when,
                CdUsersError  code)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (sign_in_at (store, "cb01", password, when, &error));
  g_assert_error (error, CD_USERS_ERROR, code);
}

/* Four wrong passwords are typing; the fifth makes the account wait a minute (even for the right
 * password), the sixth two; a right password after the wait resets the count; all of it in the
 * audit log. */
static void
test_lockout_after_five_wrong_passwords (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdSession) session = NULL;
  g_autoptr(CdUser) user = NULL;

  store_open (&store);
  for (guint i = 0; i < 4; i++)
    assert_refused (&store, "sai mật khẩu", "2026-12-06T08:00:00Z",
                    CD_USERS_ERROR_SIGN_IN_FAILED);
  g_assert_null (sign_in_at (&store, "cb01", "sai mật khẩu", "2026-12-06T08:00:00Z", &error));
  g_assert_error (error, CD_USERS_ERROR, CD_USERS_ERROR_LOCKED_OUT);
  /* The message says until when (local time: TZ is UTC in the tests) and who can help. */
  g_assert_nonnull (strstr (error->message, "08:01 06/12/2026"));
  g_assert_nonnull (strstr (error->message, "cb01"));
  g_assert_nonnull (strstr (error->message, "administrator"));
  g_clear_error (&error);
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM audit_log"
                                   " WHERE action = 'user.locked_out'"), ==, 1);

  /* During the wait even the right password is refused, and not counted. */
  assert_refused (&store, FIXTURE_PASSWORD, "2026-12-06T08:00:30Z", CD_USERS_ERROR_LOCKED_OUT);
  user = cd_users_lookup (store.db, "cb01", &error);
  g_assert_cmpuint (user->failed_sign_ins, ==, 5);
  g_assert_cmpstr (user->locked_until, ==, "2026-12-06T08:01:00Z");
  g_clear_pointer (&user, cd_user_free);

  /* After it, one more wrong password: two minutes. */
  assert_refused (&store, "sai nữa rồi", "2026-12-06T08:01:00Z", CD_USERS_ERROR_LOCKED_OUT);
  user = cd_users_lookup (store.db, "cb01", &error);
  g_assert_cmpstr (user->locked_until, ==, "2026-12-06T08:03:00Z");
  g_clear_pointer (&user, cd_user_free);

  /* Then the right one: in, and the count starts again. */
  session = sign_in_at (&store, "cb01", FIXTURE_PASSWORD, "2026-12-06T08:03:00Z", &error);
  g_assert_no_error (error);
  g_assert_nonnull (session);
  user = cd_users_lookup (store.db, "cb01", &error);
  g_assert_cmpuint (user->failed_sign_ins, ==, 0);
  g_assert_null (user->locked_until);
  store_close (&store);
}

/* A reader only checks: it neither counts nor resets. */
static void
test_reader_does_not_count (void)
{
  Store store;
  g_autoptr(CdDatabase) reader = NULL;
  g_autoptr(GDateTime) now = at ("2026-12-06T08:00:00Z");
  g_autoptr(GError) error = NULL;
  g_autoptr(CdUser) user = NULL;

  store_open (&store);
  reader = cd_database_open_reader (store.path, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 6; i++)
    {
      g_assert_null (cd_users_sign_in_at (reader, "cb01", "sai", now, &error));
      g_assert_error (error, CD_USERS_ERROR, CD_USERS_ERROR_SIGN_IN_FAILED);
      g_clear_error (&error);
    }
  user = cd_users_lookup (store.db, "cb01", &error);
  g_assert_cmpuint (user->failed_sign_ins, ==, 0);
  store_close (&store);
}

static void
test_administrator_lifts_a_lockout (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdSession) session = NULL;
  g_autoptr(CdUser) user = NULL;

  store_open (&store);
  for (guint i = 0; i < 5; i++)
    g_assert_null (sign_in_at (&store, "cb01", "sai", "2026-12-06T08:00:00Z", NULL));
  assert_refused (&store, FIXTURE_PASSWORD, "2026-12-06T08:00:10Z", CD_USERS_ERROR_LOCKED_OUT);

  /* Only an administrator. */
  g_assert_false (cd_users_lift_lockout (store.db, fx_sup1, "cb01", &error));
  g_assert_error (error, CD_USERS_ERROR, CD_USERS_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  g_assert_true (cd_users_lift_lockout (store.db, fx_admin, "cb01", &error));
  g_assert_no_error (error);
  user = cd_users_lookup (store.db, "cb01", &error);
  g_assert_cmpuint (user->failed_sign_ins, ==, 0);
  {
    g_autoptr(GDateTime) now = at ("2026-12-06T08:00:20Z");

    g_assert_false (cd_user_is_locked_out (user, now));
  }
  session = sign_in_at (&store, "cb01", FIXTURE_PASSWORD, "2026-12-06T08:00:20Z", &error);
  g_assert_no_error (error);
  g_assert_cmpint (fx_int (&store, "SELECT user_id FROM audit_log"
                                   " WHERE action = 'user.lockout_lifted'"),
                   ==, cd_session_get_user_id (fx_admin));
  store_close (&store);
}

/* An account made with a one-time password signs in to a session that may only change it. */
static void
test_one_time_password (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdSession) session = NULL;
  g_autoptr(CdSession) again = NULL;
  g_autoptr(CdUser) user = NULL;

  store_open (&store);
  g_assert_cmpint (cd_users_add (store.db, fx_admin, "cb09", "Đỗ Thị Hoa", CD_ROLE_OFFICER,
                                 "tạm-thời-2026", CD_PASSWORD_ONE_TIME, &error), >, 0);
  g_assert_no_error (error);
  user = cd_users_lookup (store.db, "cb09", &error);
  g_assert_true (user->must_change_password);

  session = cd_users_sign_in (store.db, "cb09", "tạm-thời-2026", &error);
  g_assert_no_error (error);
  g_assert_true (cd_session_get_must_change_password (session));
  /* Nothing else until it is changed. */
  g_assert_false (cd_session_begin_action (session, &error));
  g_assert_error (error, CD_USERS_ERROR, CD_USERS_ERROR_MUST_CHANGE_PASSWORD);
  g_clear_error (&error);

  /* The current password is checked, the rules apply, and the new one must differ. */
  g_assert_false (cd_users_change_own_password (store.db, session, "sai", "mật khẩu của Hoa",
                                                &error));
  g_assert_error (error, CD_USERS_ERROR, CD_USERS_ERROR_SIGN_IN_FAILED);
  g_clear_error (&error);
  g_assert_false (cd_users_change_own_password (store.db, session, "tạm-thời-2026", "12345678",
                                                &error));
  g_assert_error (error, CD_PASSWORD_ERROR, CD_PASSWORD_ERROR_WEAK);
  g_clear_error (&error);
  g_assert_false (cd_users_change_own_password (store.db, session, "tạm-thời-2026",
                                                "tạm-thời-2026", &error));
  g_assert_error (error, CD_PASSWORD_ERROR, CD_PASSWORD_ERROR_WEAK);
  g_clear_error (&error);
  g_assert_true (cd_users_change_own_password (store.db, session, "tạm-thời-2026",
                                               "mật khẩu của Hoa", &error));
  g_assert_no_error (error);
  g_assert_false (cd_session_get_must_change_password (session));
  g_assert_true (cd_session_begin_action (session, &error));

  again = cd_users_sign_in (store.db, "cb09", "mật khẩu của Hoa", &error);
  g_assert_no_error (error);
  g_assert_false (cd_session_get_must_change_password (again));
  g_assert_null (cd_users_sign_in (store.db, "cb09", "tạm-thời-2026", NULL));
  g_assert_cmpint (fx_int (&store, "SELECT user_id FROM audit_log"
                                   " WHERE action = 'user.password_changed'"),
                   ==, cd_session_get_user_id (session));
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM audit_log WHERE after LIKE '%argon%'"
                                   " OR after LIKE '%tạm-thời%' OR after LIKE '%của Hoa%'"),
                   ==, 0);

  /* A reset by the administrator is one-time again, and lifts a lockout. */
  g_assert_true (cd_users_set_password (store.db, fx_admin, "cb09", "đặt-lại-2026",
                                        CD_PASSWORD_ONE_TIME, &error));
  g_clear_object (&again);
  again = cd_users_sign_in (store.db, "cb09", "đặt-lại-2026", &error);
  g_assert_true (cd_session_get_must_change_password (again));
  store_close (&store);
}

static void
test_deactivate_never_delete (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdUser) user = NULL;
  g_autofree char *before = NULL;

  store_open (&store);
  g_assert_false (cd_users_set_active (store.db, fx_officer, "cb02", FALSE, &error));
  g_assert_error (error, CD_USERS_ERROR, CD_USERS_ERROR_NOT_ALLOWED);
  g_clear_error (&error);

  g_assert_true (cd_users_set_active (store.db, fx_admin, "cb02", FALSE, &error));
  g_assert_no_error (error);
  g_assert_null (cd_users_sign_in (store.db, "cb02", FIXTURE_PASSWORD, &error));
  g_assert_error (error, CD_USERS_ERROR, CD_USERS_ERROR_SIGN_IN_FAILED);
  g_clear_error (&error);
  before = fx_text (&store, "SELECT before FROM audit_log WHERE action = 'user.deactivate'");
  g_assert_nonnull (strstr (before, "\"active\":true"));

  /* The row stays: the store refuses to delete it. */
  g_assert_false (cd_database_exec (store.db, "DELETE FROM users WHERE login = 'cb02'", &error));
  g_assert_nonnull (strstr (error->message, "never deleted"));
  g_clear_error (&error);

  g_assert_true (cd_users_set_active (store.db, fx_admin, "cb02", TRUE, &error));
  user = cd_users_lookup (store.db, "cb02", &error);
  g_assert_true (user->active);
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM audit_log"
                                   " WHERE action = 'user.reactivate'"), ==, 1);
  /* No change, no entry. */
  g_assert_true (cd_users_set_active (store.db, fx_admin, "cb02", TRUE, &error));
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM audit_log"
                                   " WHERE action = 'user.reactivate'"), ==, 1);
  store_close (&store);
}

/* Nobody changes their own standing, and the last administrator stays one. */
static void
test_roles_keep_an_administrator (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdUser) user = NULL;
  g_autoptr(CdSession) second = NULL;

  store_open (&store);
  g_assert_false (cd_users_set_role (store.db, fx_admin, "admin", CD_ROLE_OFFICER, &error));
  g_assert_error (error, CD_USERS_ERROR, CD_USERS_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  g_assert_false (cd_users_set_active (store.db, fx_admin, "admin", FALSE, &error));
  g_assert_error (error, CD_USERS_ERROR, CD_USERS_ERROR_NOT_ALLOWED);
  g_clear_error (&error);

  g_assert_true (cd_users_set_role (store.db, fx_admin, "gs01", CD_ROLE_ADMIN, &error));
  g_assert_no_error (error);
  user = cd_users_lookup (store.db, "gs01", &error);
  g_assert_cmpint (user->role, ==, CD_ROLE_ADMIN);
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM audit_log WHERE action = 'user.role'"
                                   " AND before LIKE '%supervisor%' AND after LIKE '%admin%'"),
                   ==, 1);

  /* gs01, now an administrator, may demote the first one; then the first may not demote gs01,
   * the last administrator left. */
  second = cd_users_sign_in (store.db, "gs01", FIXTURE_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_true (cd_users_set_role (store.db, second, "admin", CD_ROLE_SUPERVISOR, &error));
  g_assert_no_error (error);
  g_assert_false (cd_users_set_active (store.db, second, "gs01", FALSE, &error));
  g_assert_error (error, CD_USERS_ERROR, CD_USERS_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  g_assert_false (cd_users_set_role (store.db, fx_admin, "gs01", CD_ROLE_OFFICER, &error));
  g_assert_error (error, CD_USERS_ERROR, CD_USERS_ERROR_NOT_ALLOWED);
  store_close (&store);
}

static void
test_password_rules (void)
{
  const guint all = CD_PASSWORD_ALL_RULES;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (cd_password_rules_met ("mật khẩu thử nghiệm", "cb01", "Nguyễn Văn An"), ==,
                    all);
  g_assert_cmpuint (cd_password_rules_met ("ngắn", NULL, NULL)
                    & CD_PASSWORD_RULE_BIT (CD_PASSWORD_RULE_LENGTH), ==, 0);
  g_assert_cmpuint (cd_password_rules_met ("12345678", NULL, NULL)
                    & CD_PASSWORD_RULE_BIT (CD_PASSWORD_RULE_NOT_COMMON), ==, 0);
  g_assert_cmpuint (cd_password_rules_met ("MATKHAU123", NULL, NULL)
                    & CD_PASSWORD_RULE_BIT (CD_PASSWORD_RULE_NOT_COMMON), ==, 0);
  g_assert_cmpuint (cd_password_rules_met ("zzzzzzzzzz", NULL, NULL)
                    & CD_PASSWORD_RULE_BIT (CD_PASSWORD_RULE_NOT_COMMON), ==, 0);
  /* The login inside, whatever the case; the full name as the whole password. */
  g_assert_cmpuint (cd_password_rules_met ("QuanTri-2026!", "quantri", NULL)
                    & CD_PASSWORD_RULE_BIT (CD_PASSWORD_RULE_NOT_ACCOUNT), ==, 0);
  g_assert_cmpuint (cd_password_rules_met ("nguyễn văn an", "cb01", "Nguyễn Văn An")
                    & CD_PASSWORD_RULE_BIT (CD_PASSWORD_RULE_NOT_ACCOUNT), ==, 0);
  /* A two-letter login would forbid too much. */
  g_assert_cmpuint (cd_password_rules_met ("cbcbcb-dài-lắm", "cb", NULL), ==, all);

  g_assert_false (cd_password_rules_check ("12345678", NULL, NULL, &error));
  g_assert_error (error, CD_PASSWORD_ERROR, CD_PASSWORD_ERROR_WEAK);
  g_clear_error (&error);
  for (CdPasswordRule rule = 0; rule < CD_PASSWORD_N_RULES; rule++)
    g_assert_nonnull (cd_password_rule_describe (rule));
}

/* `user password|change-password|deactivate|role|unlock`, passwords on stdin. */
static void
test_cli_administration (void)
{
  Store store;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdUser) user = NULL;

  store_open (&store);
  {
    const char *reset[] = { "user", "password", "--db", store.path, "--login", "cb01", "--as",
                            "admin", "--one-time", NULL };
    const char *change[] = { "user", "change-password", "--db", store.path, "--as", "cb01", NULL };
    const char *role[] = { "user", "role", "--db", store.path, "--login", "cb02", "--role",
                           "supervisor", "--as", "admin", NULL };
    const char *deactivate[] = { "user", "deactivate", "--db", store.path, "--login", "cb02",
                                 "--as", "admin", NULL };
    const char *unlock[] = { "user", "unlock", "--db", store.path, "--login", "gs01", "--as",
                             "admin", NULL };
    const char *self_deactivate[] = { "user", "deactivate", "--db", store.path, "--login",
                                      "admin", "--as", "admin", NULL };

    g_assert_cmpint (fx_cli (reset, FIXTURE_PASSWORD "\nmột-lần-thôi\n", &out, &err), ==, 0);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (fx_cli (change, "một-lần-thôi\nmật khẩu riêng của An\n", &out, &err), ==, 0);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (fx_cli (role, FIXTURE_PASSWORD "\n", &out, &err), ==, 0);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (fx_cli (deactivate, FIXTURE_PASSWORD "\n", &out, &err), ==, 0);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    fx_exec (&store, "UPDATE users SET failed_sign_ins = 7,"
                     " locked_until = '2099-01-01T00:00:00Z' WHERE login = 'gs01'");
    g_assert_cmpint (fx_cli (unlock, FIXTURE_PASSWORD "\n", &out, &err), ==, 0);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (fx_cli (self_deactivate, FIXTURE_PASSWORD "\n", &out, &err), ==, 1);
    g_assert_cmpuint (test_count_lines (err), ==, 1);
    g_assert_nonnull (strstr (err, "own account"));
  }
  user = cd_users_lookup (store.db, "cb01", &error);
  g_assert_false (user->must_change_password);
  g_clear_pointer (&user, cd_user_free);
  g_assert_nonnull (cd_users_sign_in (store.db, "cb01", "mật khẩu riêng của An", NULL));
  user = cd_users_lookup (store.db, "cb02", &error);
  g_assert_cmpint (user->role, ==, CD_ROLE_SUPERVISOR);
  g_assert_false (user->active);
  g_clear_pointer (&user, cd_user_free);
  user = cd_users_lookup (store.db, "gs01", &error);
  g_assert_cmpuint (user->failed_sign_ins, ==, 0);
  g_assert_null (user->locked_until);
  store_close (&store);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  fixture_init ();
  g_test_add_func ("/accounts/lockout-waits-grow", test_lockout_waits_grow);
  g_test_add_func ("/accounts/lockout-after-five-wrong-passwords",
                   test_lockout_after_five_wrong_passwords);
  g_test_add_func ("/accounts/reader-does-not-count", test_reader_does_not_count);
  g_test_add_func ("/accounts/administrator-lifts-a-lockout", test_administrator_lifts_a_lockout);
  g_test_add_func ("/accounts/one-time-password", test_one_time_password);
  g_test_add_func ("/accounts/deactivate-never-delete", test_deactivate_never_delete);
  g_test_add_func ("/accounts/roles-keep-an-administrator", test_roles_keep_an_administrator);
  g_test_add_func ("/accounts/password-rules", test_password_rules);
  g_test_add_func ("/accounts/cli-administration", test_cli_administration);
  status = g_test_run ();
  fixture_shutdown ();
  return status;
}
