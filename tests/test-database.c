/* test-database.c — opening, pragmas and migrations of the workstation database. */
#include <glib/gstdio.h>

#include "cd-database.h"
#include "test-util.h"

static int
query_int (CdDatabase *db,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  int value;

  g_assert_cmpint (sqlite3_prepare_v2 (cd_database_get_handle (db), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static void
test_open_creates_latest_schema (void)
{
  char *dir = test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "office.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDatabase) db = cd_database_open (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (db);
  g_assert_cmpint (cd_database_get_schema_version (db), ==, cd_database_get_latest_version ());
  g_assert_cmpint (cd_database_get_latest_version (), >=, 1);
  g_assert_cmpint (query_int (db, "PRAGMA foreign_keys"), ==, 1);
  g_assert_cmpint (query_int (db, "PRAGMA synchronous"), ==, 2 /* FULL */);
  g_assert_true (cd_database_exec (db, "INSERT INTO settings (key, value) VALUES ('office', 'Q1');",
                                   &error));
  g_assert_no_error (error);
  g_clear_object (&db);

  /* Reopening keeps what was written and does not migrate again. */
  db = cd_database_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM settings"), ==, 1);
  g_clear_object (&db);
  test_tmpdir_free (dir);
}

static void
test_not_a_database_is_reported (void)
{
  char *dir = test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "garbage.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDatabase) db = NULL;
  char junk[4096];

  memset (junk, 'x', sizeof junk);
  g_assert_true (g_file_set_contents (path, junk, sizeof junk, NULL));

  db = cd_database_open (path, &error);
  g_assert_null (db);
  g_assert_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, path));

  /* The damaged file is left exactly as it was, for recovery. */
  {
    g_autofree char *after = NULL;
    gsize length = 0;
    g_assert_true (g_file_get_contents (path, &after, &length, NULL));
    g_assert_cmpmem (after, length, junk, sizeof junk);
  }
  test_tmpdir_free (dir);
}

static void
test_newer_schema_is_refused (void)
{
  char *dir = test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "future.db", NULL);
  g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d;",
                                           cd_database_get_latest_version () + 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDatabase) db = cd_database_open (path, &error);

  g_assert_no_error (error);
  g_assert_true (cd_database_exec (db, bump, &error));
  g_clear_object (&db);

  db = cd_database_open (path, &error);
  g_assert_null (db);
  g_assert_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_TOO_NEW);
  test_tmpdir_free (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/database/open-creates-latest-schema", test_open_creates_latest_schema);
  g_test_add_func ("/database/not-a-database-is-reported", test_not_a_database_is_reported);
  g_test_add_func ("/database/newer-schema-is-refused", test_newer_schema_is_refused);

  return g_test_run ();
}
