/* test-database.c — opening, pragmas and migrations of the workstation database. */
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "cd-backup.h"
#include "cd-database.h"
#include "cd-seed.h"
#include "cd-store-lock.h"
#include "cd-statement.h"
#include "test-util.h"

static int
query_int (CdDatabase *db,
           const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStatement) stmt = cd_database_prepare (db, sql, &error);

  g_assert_no_error (error);
  g_assert_cmpint (cd_statement_step (stmt, &error), ==, CD_STEP_ROW);
  return cd_statement_get_int (stmt, 0);
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
  /* Personal data from the first claim on: the file is its user's only. */
  {
    GStatBuf st;

    g_assert_cmpint (g_stat (path, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  }
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

/* A person's latest medical answer is read by its envelope's parts (cd_stored_documents_load):
 * an index lookup, not a scan of every document the office ever stored. */
static void
test_document_parts_found_by_index (void)
{
  char *dir = test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "office.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDatabase) db = cd_database_open (path, &error);
  g_autoptr(CdStatement) plan = NULL;
  gboolean by_index = FALSE, scanned = FALSE;
  CdStep step;

  g_assert_no_error (error);
  plan = cd_database_prepare (db, "EXPLAIN QUERY PLAN"
                                  " SELECT id, kind, parent_id, fields FROM documents"
                                  " WHERE parent_id = (SELECT max (id) FROM documents"
                                  "   WHERE person_id = 1 AND kind = 'envelope'"
                                  "     AND parse_status = 'parsed')"
                                  " AND parse_status = 'parsed' ORDER BY id", &error);
  g_assert_no_error (error);
  while ((step = cd_statement_step (plan, &error)) == CD_STEP_ROW)
    {
      const char *detail = cd_statement_get_text (plan, 3);

      by_index |= strstr (detail, "documents_parent") != NULL;
      scanned |= g_str_has_prefix (detail, "SCAN documents");
    }
  g_assert_cmpint (step, ==, CD_STEP_DONE);
  g_assert_true (by_index);
  g_assert_false (scanned);
  g_clear_pointer (&plan, cd_statement_free);
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


/* What a file at each schema version could hold, written the way that version would have. */
static void
write_sample (CdDatabase *db,
              int         version)
{
  g_autoptr(GError) error = NULL;

  if (version >= 1)
    g_assert_true (cd_database_exec (
        db, "INSERT INTO settings (key, value) VALUES ('office', 'Q1');", &error));
  if (version >= 2)
    g_assert_true (cd_database_exec (
        db,
        "INSERT INTO offices (id, code, name, province_code) VALUES (1, 'Q1', 'Quận 1', '079');"
        "INSERT INTO users (id, office_id, login, full_name, role, created_at)"
        " VALUES (1, 1, 'cb01', 'Trần Thị Lan', 'officer', '2026-01-01T00:00:00Z');"
        "INSERT INTO persons (id, personal_id, full_name, family_name, middle_name, given_name,"
        " name_folded, sex, birth_date, updated_at) VALUES (1, '079088001234', 'Nguyễn Văn Đức',"
        " 'Nguyễn', 'Văn', 'Đức',"
        " 'nguyen van duc', 'male', '1988-03-02', 'x');"
        "INSERT INTO claims (number, benefit, status, claimant_id, claimant_sort, office_id,"
        " officer_id,"
        " period_from, period_to, received_on, created_at, updated_at) VALUES ('HS-1', 0, 0, 1,"
        " 'nguyen van duc', 1, 1, '2026-11-02', '2026-11-04', 20261105, 'x', 'x');",
        &error));
  g_assert_no_error (error);
}

static void
test_migrates_from_every_version (void)
{
  for (int from = 0; from < cd_database_get_latest_version (); from++)
    {
      char *dir = test_tmpdir_new ();
      g_autofree char *path = g_build_filename (dir, "old.db", NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(CdDatabase) db = cd_database_open_at_version (path, from, &error);

      g_assert_no_error (error);
      g_assert_cmpint (cd_database_get_schema_version (db), ==, from);
      write_sample (db, from);
      g_clear_object (&db);

      db = cd_database_open (path, &error);
      g_assert_no_error (error);
      g_assert_cmpint (cd_database_get_schema_version (db), ==, cd_database_get_latest_version ());
      if (from >= 1)
        g_assert_cmpint (query_int (db, "SELECT count(*) FROM settings"), ==, 1);
      if (from >= 2)
        {
          g_assert_cmpint (query_int (db, "SELECT count(*) FROM claims"), ==, 1);
          /* People written before the search index existed are found after the upgrade. */
          g_assert_cmpint (
              query_int (db, "SELECT count(*) FROM person_search WHERE person_search MATCH 'duc'"),
              ==, 1);
          g_assert_cmpint (query_int (db, "SELECT n FROM claim_counts"), ==, 1);
          g_assert_cmpint (query_int (db, "SELECT count(*) FROM person_name"
                                          " WHERE person_name MATCH '\"nguyenvand\"*'"), ==, 1);
        }
      g_assert_cmpint (query_int (db, "SELECT count(*) FROM pragma_foreign_key_check"), ==, 0);
      g_assert_cmpint (
          query_int (db,
                     "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check <> 'ok'"),
          ==, 0);
      g_clear_object (&db);
      test_tmpdir_free (dir);
    }
}

static void
test_failed_migration_leaves_earlier_version (void)
{
  char *dir = test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "blocked.db", NULL);
  g_autoptr(GError) error = NULL;
  /* Migration 3 → 4, whose second statement creates person_name; later ones are never reached. */
  int before = 3;
  g_autoptr(CdDatabase) db = cd_database_open_at_version (path, before, &error);

  /* Something in the way of that migration's second statement... */
  g_assert_true (cd_database_exec (db, "CREATE TABLE person_name (x INTEGER) STRICT;", &error));
  g_clear_object (&db);

  db = cd_database_open (path, &error);
  g_assert_null (db);
  g_assert_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_MIGRATION);
  g_clear_error (&error);

  /* ...and the file is exactly at the earlier version, with nothing of the failed step in it. */
  db = cd_database_open_at_version (path, before, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cd_database_get_schema_version (db), ==, before);
  g_assert_cmpint (
      query_int (db, "SELECT count(*) FROM sqlite_schema WHERE name = 'claims_by_number'"), ==, 0);
  test_tmpdir_free (dir);
}

static void
damage (const char *path)
{
  test_damage_pages (path, 16);
}

static void
test_damaged_file_names_the_restore_path (void)
{
  char *dir = test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "office.db", NULL);
  g_autofree char *backup = g_build_filename (dir, "office-backup.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDatabase) db = cd_database_open (path, &error);
  gint64 claims;

  g_assert_true (cd_seed_run (db, 4, 200, 600, NULL, NULL, &error));
  claims = query_int (db, "SELECT count(*) FROM claims");
  g_assert_true (cd_backup_to_file (db, backup, &error));
  g_assert_no_error (error);
  /* The backup is complete before it appears under its name. */
  {
    g_autofree char *partial = g_strconcat (backup, ".partial", NULL);
    g_assert_false (g_file_test (partial, G_FILE_TEST_EXISTS));
  }
  g_assert_true (cd_database_exec (db, "PRAGMA wal_checkpoint(TRUNCATE);", &error));
  g_clear_object (&db);

  damage (path);
  db = cd_database_open (path, &error);
  g_assert_null (db);
  g_assert_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, "claimdesk-cli restore --db"));
  g_clear_error (&error);

  /* The recovery path it names works. */
  g_assert_true (cd_backup_restore (path, backup, &error));
  g_assert_no_error (error);
  db = cd_database_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM claims"), ==, claims);
  g_clear_object (&db);

  /* A damaged file is never taken as a backup. */
  damage (backup);
  g_assert_false (cd_backup_restore (path, backup, &error));
  g_assert_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_CORRUPT);
  g_clear_error (&error);
  db = cd_database_open (path, &error);
  g_assert_no_error (error);
  test_tmpdir_free (dir);
}

static void
on_checked (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
test_background_check (void)
{
  char *dir = test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "office.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDatabase) db = cd_database_open (path, &error);
  g_autoptr(GAsyncResult) result = NULL;

  g_assert_true (cd_seed_run (db, 4, 200, 600, NULL, NULL, &error));
  g_assert_true (cd_database_exec (db, "PRAGMA wal_checkpoint(TRUNCATE);", &error));
  g_clear_object (&db);
  /* Claim rows, far from the schema: the file still opens. */
  {
    GStatBuf st;
    g_assert_cmpint (g_stat (path, &st), ==, 0);
    test_damage_pages (path, (gsize) st.st_size / 4096 / 2);
  }

  /* Opening without the check works on the damaged file; the check in the background finds it. */
  db = cd_database_open_unchecked (path, &error);
  g_assert_no_error (error);
  cd_database_check_async (db, NULL, on_checked, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (cd_database_check_finish (db, result, &error));
  g_assert_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "claimdesk-cli restore --db"));
  test_tmpdir_free (dir);
}

/* A reader never migrates: an earlier store is "behind" (for the writer to migrate first), a
 * later one "too new". */
static void
test_reader_refuses_another_schema (void)
{
  g_autofree char *dir = test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "earlier.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDatabase) writer = NULL;
  g_autoptr(CdDatabase) reader = NULL;
  int latest = cd_database_get_latest_version ();

  writer = cd_database_open_at_version (path, latest - 1, &error);
  g_assert_no_error (error);
  g_clear_object (&writer);
  reader = cd_database_open_reader (path, &error);
  g_assert_null (reader);
  g_assert_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_BEHIND);
  g_assert_nonnull (strstr (error->message, path));
  g_clear_error (&error);

  writer = cd_database_open (path, &error);
  g_assert_no_error (error);
  reader = cd_database_open_reader (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cd_database_get_schema_version (reader), ==, latest);
  g_clear_object (&reader);

  {
    g_autofree char *sql = g_strdup_printf ("PRAGMA user_version = %d;", latest + 1);

    g_assert_true (cd_database_exec (writer, sql, &error));
    g_clear_object (&writer);
  }
  reader = cd_database_open_reader (path, &error);
  g_assert_null (reader);
  g_assert_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_TOO_NEW);
  test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_read_only_file (void)
{
  char *dir = test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "ro.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDatabase) db = cd_database_open (path, &error);
  g_autoptr(CdDatabase) reader = NULL;

  write_sample (db, cd_database_get_latest_version ());
  g_clear_object (&db);

  /* Deterministic whoever runs the test (root ignores file modes): a connection SQLite itself
   * opened read-only refuses the write with a clear message and leaves the data as it was. */
  reader = cd_database_open_reader (path, &error);
  g_assert_no_error (error);
  g_assert_true (cd_database_is_read_only (reader));
  g_assert_false (cd_database_exec (reader, "UPDATE claims SET status = 4;", &error));
  g_assert_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_READ_ONLY);
  g_assert_nonnull (strstr (error->message, "read-only"));
  g_assert_nonnull (strstr (error->message, path));
  g_clear_error (&error);
  g_assert_cmpint (query_int (reader, "SELECT status FROM claims"), ==, 0);
  g_clear_object (&reader);

  /* A real read-only file and folder, when the file modes apply to us. */
  if (geteuid () != 0)
    {
      g_assert_cmpint (g_chmod (path, 0444), ==, 0);
      g_assert_cmpint (g_chmod (dir, 0555), ==, 0);
      db = cd_database_open (path, &error);
      g_assert_null (db);
      g_assert_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_READ_ONLY);
      g_clear_error (&error);
      g_chmod (dir, 0755);
      g_chmod (path, 0644);
      db = cd_database_open (path, &error);
      g_assert_no_error (error);
      g_assert_cmpint (query_int (db, "SELECT status FROM claims"), ==, 0);
      g_clear_object (&db);
    }
  test_tmpdir_free (dir);
}

/* Jobs given to one connection never overlap, whatever the thread pool does. */
typedef struct
{
  int active;      /* jobs inside their function now */
  int most;        /* the most that ever were at once */
  int finished;    /* callbacks run */
} Overlap;

static void
overlap_job (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Overlap *overlap = task_data;
  int now = g_atomic_int_add (&overlap->active, 1) + 1;
  int most;

  while ((most = g_atomic_int_get (&overlap->most)) < now
         && !g_atomic_int_compare_and_exchange (&overlap->most, most, now))
    ;
  g_usleep (20 * G_TIME_SPAN_MILLISECOND);
  g_atomic_int_add (&overlap->active, -1);
  g_task_return_boolean (task, TRUE);
}

static void
on_overlap_done (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Overlap *overlap = user_data;

  g_assert_true (g_task_propagate_boolean (G_TASK (result), NULL));
  overlap->finished++;
}

static void
flag_job (GTask        *task,
          gpointer      source_object,
          gpointer      task_data,
          GCancellable *cancellable)
{
  *(gboolean *) task_data = TRUE;
  g_task_return_boolean (task, TRUE);
}

static void
test_jobs_run_one_at_a_time (void)
{
  char *dir = test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "office.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDatabase) db = cd_database_open (path, &error);
  Overlap overlap = { 0 };
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  g_autoptr(GTask) skipped = NULL;
  gboolean skipped_ran = FALSE;

  g_assert_no_error (error);
  for (int i = 0; i < 6; i++)
    {
      g_autoptr(GTask) task = g_task_new (db, NULL, on_overlap_done, &overlap);

      g_task_set_task_data (task, &overlap, NULL);
      cd_database_run_in_thread (db, task, overlap_job);
    }
  while (overlap.finished < 6)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (overlap.most, ==, 1);

  /* A job cancelled before its turn does not run. */
  g_cancellable_cancel (cancelled);
  skipped = g_task_new (db, cancelled, NULL, NULL);
  g_task_set_task_data (skipped, &skipped_ran, NULL);
  cd_database_run_in_thread (db, skipped, flag_job);
  while (!g_task_get_completed (skipped))
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (g_task_had_error (skipped));
  g_assert_false (skipped_ran);
  test_tmpdir_free (dir);
}

/* One workstation window per store: a second is told who has it; the first letting go frees it. */
static void
test_store_lock (void)
{
  char *dir = test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "office.db", NULL);
  g_autofree char *pid = g_strdup_printf ("process %d", (int) getpid ());
  g_autoptr(GError) error = NULL;
  CdStoreLock *first = cd_store_lock_acquire (path, &error);
  CdStoreLock *second;

  g_assert_no_error (error);
  g_assert_nonnull (first);
  second = cd_store_lock_acquire (path, &error);
  g_assert_null (second);
  g_assert_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_IN_USE);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, pid));
  g_clear_error (&error);

  cd_store_lock_release (first);
  second = cd_store_lock_acquire (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (second);
  cd_store_lock_release (second);

  /* A folder that cannot hold the lock file says which file. */
  {
    g_autofree char *nowhere = g_build_filename (dir, "no", "such", "office.db", NULL);

    g_assert_null (cd_store_lock_acquire (nowhere, &error));
    g_assert_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_OPEN);
    g_assert_nonnull (strstr (error->message, "office.db.lock"));
  }
  test_tmpdir_free (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/database/open-creates-latest-schema", test_open_creates_latest_schema);
  g_test_add_func ("/database/document-parts-found-by-index", test_document_parts_found_by_index);
  g_test_add_func ("/database/not-a-database-is-reported", test_not_a_database_is_reported);
  g_test_add_func ("/database/newer-schema-is-refused", test_newer_schema_is_refused);
  g_test_add_func ("/database/migrates-from-every-version", test_migrates_from_every_version);
  g_test_add_func ("/database/failed-migration-leaves-earlier-version",
                   test_failed_migration_leaves_earlier_version);
  g_test_add_func ("/database/damaged-file-names-the-restore-path",
                   test_damaged_file_names_the_restore_path);
  g_test_add_func ("/database/reader-refuses-another-schema",
                   test_reader_refuses_another_schema);
  g_test_add_func ("/database/read-only-file", test_read_only_file);
  g_test_add_func ("/database/background-check", test_background_check);
  g_test_add_func ("/database/jobs-run-one-at-a-time", test_jobs_run_one_at_a_time);
  g_test_add_func ("/database/store-lock", test_store_lock);

  return g_test_run ();
}
