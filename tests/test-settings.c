/* test-settings.c — the typed `settings` table: defaults, text and integers, replacing a value,
 * values that do not parse, and a store that cannot be read. */
#include <string.h>

#include "cd-settings.h"
#include "test-util.h"

static void
test_defaults_and_values (void)
{
  char *dir = test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "office.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDatabase) db = cd_database_open (path, &error);
  g_autofree char *code = NULL;
  g_autofree char *missing = NULL;

  g_assert_no_error (error);

  /* Nothing set: the caller's default, also NULL. */
  code = cd_settings_dup_text (db, CD_SETTING_OFFICE_CODE, "LOCAL", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (code, ==, "LOCAL");
  missing = cd_settings_dup_text (db, CD_SETTING_OFFICE_PARENT, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (missing);
  g_assert_cmpint (cd_settings_get_int64 (db, CD_SETTING_APPROVAL_THRESHOLD, 42, &error), ==, 42);
  g_assert_no_error (error);

  /* Set, read back, replaced. */
  g_assert_true (cd_settings_set_text (db, CD_SETTING_OFFICE_CODE, "BHXH-079-BT", &error));
  g_assert_no_error (error);
  g_clear_pointer (&code, g_free);
  code = cd_settings_dup_text (db, CD_SETTING_OFFICE_CODE, "LOCAL", &error);
  g_assert_cmpstr (code, ==, "BHXH-079-BT");
  g_assert_true (cd_settings_set_text (db, CD_SETTING_OFFICE_CODE, "", &error));
  g_clear_pointer (&code, g_free);
  code = cd_settings_dup_text (db, CD_SETTING_OFFICE_CODE, "LOCAL", &error);
  g_assert_cmpstr (code, ==, "");

  g_assert_true (cd_settings_set_int64 (db, CD_SETTING_APPROVAL_THRESHOLD,
                                        G_GINT64_CONSTANT (5000000000), &error));
  g_assert_no_error (error);
  g_assert_cmpint (cd_settings_get_int64 (db, CD_SETTING_APPROVAL_THRESHOLD, 42, &error), ==,
                   G_GINT64_CONSTANT (5000000000));
  g_assert_true (cd_settings_set_int64 (db, CD_SETTING_IDLE_LOCK_MINUTES, 0, &error));
  g_assert_cmpint (cd_settings_get_int64 (db, CD_SETTING_IDLE_LOCK_MINUTES, 10, &error), ==, 0);
  g_assert_true (cd_settings_set_int64 (db, "negative", -7, &error));
  g_assert_cmpint (cd_settings_get_int64 (db, "negative", 10, &error), ==, -7);

  /* Text where a number belongs reads as the default, not as 0. */
  g_assert_true (cd_settings_set_text (db, CD_SETTING_IDLE_LOCK_MINUTES, "ten", &error));
  g_assert_cmpint (cd_settings_get_int64 (db, CD_SETTING_IDLE_LOCK_MINUTES, 10, &error), ==, 10);
  g_assert_no_error (error);

  /* One row per key. */
  {
    g_autofree char *v = cd_settings_dup_text (db, CD_SETTING_IDLE_LOCK_MINUTES, NULL, NULL);

    g_assert_cmpstr (v, ==, "ten");
  }

  g_clear_object (&db);
  test_tmpdir_free (dir);
}

/* A writer inside a transaction that is rolled back leaves no setting behind. */
static void
test_inside_a_transaction (void)
{
  char *dir = test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "office.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDatabase) db = cd_database_open (path, &error);

  g_assert_true (cd_database_begin_immediate (db, &error));
  g_assert_true (cd_settings_set_int64 (db, CD_SETTING_APPROVAL_THRESHOLD, 1, &error));
  g_assert_cmpint (cd_settings_get_int64 (db, CD_SETTING_APPROVAL_THRESHOLD, 9, NULL), ==, 1);
  cd_database_rollback (db);
  g_assert_cmpint (cd_settings_get_int64 (db, CD_SETTING_APPROVAL_THRESHOLD, 9, NULL), ==, 9);

  g_clear_object (&db);
  test_tmpdir_free (dir);
}

/* No settings table (dropped here, as a damaged file might lack it): the default,
 * and an error that names the key. */
static void
test_unreadable_store (void)
{
  char *dir = test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "office.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDatabase) db = cd_database_open_at_version (path, 1, &error);
  g_autofree char *code = NULL;

  g_assert_no_error (error);
  g_assert_true (cd_database_exec (db, "DROP TABLE settings", &error));
  code = cd_settings_dup_text (db, CD_SETTING_OFFICE_CODE, "LOCAL", &error);
  g_assert_cmpstr (code, ==, "LOCAL");
  g_assert_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_QUERY);
  g_assert_nonnull (strstr (error->message, CD_SETTING_OFFICE_CODE));
  g_clear_error (&error);

  g_assert_cmpint (cd_settings_get_int64 (db, CD_SETTING_APPROVAL_THRESHOLD, 3, &error), ==, 3);
  g_assert_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_QUERY);
  g_clear_error (&error);

  g_assert_false (cd_settings_set_text (db, CD_SETTING_OFFICE_CODE, "X", &error));
  g_assert_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_QUERY);
  g_assert_nonnull (strstr (error->message, CD_SETTING_OFFICE_CODE));

  g_clear_object (&db);
  test_tmpdir_free (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/settings/defaults-and-values", test_defaults_and_values);
  g_test_add_func ("/settings/inside-a-transaction", test_inside_a_transaction);
  g_test_add_func ("/settings/unreadable-store", test_unreadable_store);

  return g_test_run ();
}
