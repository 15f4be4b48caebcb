/* test-statement.c — the store's statement API: binds, NULLs, columns, errors that name their
 * input, a full disk and a read-only file, the statement cache, transactions and savepoints. */
#include <string.h>

#include "cd-database.h"
#include "cd-statement.h"
#include "test-util.h"

typedef struct
{
  char       *dir;
  char       *path;
  CdDatabase *db;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = test_tmpdir_new ();
  f->path = g_build_filename (f->dir, "office.db", NULL);
  /* Version 0: an empty file, so each test makes only the table it needs. */
  f->db = cd_database_open_at_version (f->path, 0, &error);
  g_assert_no_error (error);
  g_assert_true (cd_database_exec (f->db,
                                   "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL,"
                                   " note TEXT, n INTEGER, x REAL, data BLOB, UNIQUE (name))",
                                   &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->db);
  test_tmpdir_free (f->dir);
  g_free (f->path);
}

static gint64
count_rows (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStatement) stmt = cd_database_prepare (f->db, "SELECT count(*) FROM t", &error);

  g_assert_no_error (error);
  g_assert_cmpint (cd_statement_step (stmt, &error), ==, CD_STEP_ROW);
  return cd_statement_get_int64 (stmt, 0);
}

static void
insert (Fixture    *f,
        const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStatement) stmt = cd_database_prepare (f->db, "INSERT INTO t (name) VALUES (?1)",
                                                     &error);

  g_assert_no_error (error);
  cd_statement_bind_text (stmt, 1, name);
  g_assert_true (cd_statement_run (stmt, &error));
  g_assert_no_error (error);
}

/* Every type goes in and comes back as it was; NULL text binds SQL NULL. */
static void
test_binds_and_columns (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStatement) insert_stmt = NULL;
  g_autoptr(CdStatement) select_stmt = NULL;
  g_autoptr(GBytes) bytes = NULL;
  static const guint8 blob[] = { 0x00, 0xff, 0x10, 0x00 };
  g_autofree char *name = g_strdup ("Nguyễn Thị Hoa");
  gint64 id;

  insert_stmt = cd_database_prepare (f->db,
                                     "INSERT INTO t (name, note, n, x, data)"
                                     " VALUES (?1, ?2, ?3, ?4, ?5)", &error);
  g_assert_no_error (error);
  cd_statement_bind_text (insert_stmt, 1, name);
  /* Text is copied at bind time: changing the caller's string afterwards changes nothing. */
  name[0] = 'X';
  cd_statement_bind_text (insert_stmt, 2, NULL);
  cd_statement_bind_int64 (insert_stmt, 3, G_GINT64_CONSTANT (9007199254740993));
  cd_statement_bind_double (insert_stmt, 4, 2.5);
  cd_statement_bind_blob (insert_stmt, 5, blob, sizeof blob);
  g_assert_true (cd_statement_run (insert_stmt, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cd_database_changes (f->db), ==, 1);
  id = cd_database_last_insert_rowid (f->db);
  g_assert_cmpint (id, >, 0);

  select_stmt = cd_database_prepare (f->db, "SELECT name, note, n, x, data, id FROM t WHERE id = ?",
                                     &error);
  g_assert_no_error (error);
  cd_statement_bind_int64 (select_stmt, 1, id);
  g_assert_cmpint (cd_statement_step (select_stmt, &error), ==, CD_STEP_ROW);
  g_assert_no_error (error);
  g_assert_cmpstr (cd_statement_get_text (select_stmt, 0), ==, "Nguyễn Thị Hoa");
  g_assert_true (cd_statement_is_null (select_stmt, 1));
  g_assert_null (cd_statement_get_text (select_stmt, 1));
  g_assert_null (cd_statement_dup_text (select_stmt, 1));
  g_assert_false (cd_statement_is_null (select_stmt, 2));
  g_assert_cmpint (cd_statement_get_int64 (select_stmt, 2), ==,
                   G_GINT64_CONSTANT (9007199254740993));
  g_assert_cmpfloat (cd_statement_get_double (select_stmt, 3), ==, 2.5);
  bytes = cd_statement_dup_bytes (select_stmt, 4);
  g_assert_nonnull (bytes);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), blob, sizeof blob);
  g_assert_cmpint (cd_statement_get_int (select_stmt, 5), ==, (int) id);
  g_assert_cmpint (cd_statement_step (select_stmt, &error), ==, CD_STEP_DONE);
  g_assert_no_error (error);

  /* Reset keeps the bindings: the same row again. */
  cd_statement_reset (select_stmt);
  g_assert_cmpint (cd_statement_step (select_stmt, &error), ==, CD_STEP_ROW);
  g_assert_cmpstr (cd_statement_get_text (select_stmt, 0), ==, "Nguyễn Thị Hoa");

  /* Cleared bindings are NULL: no row has id NULL. */
  cd_statement_reset (select_stmt);
  cd_statement_clear_bindings (select_stmt);
  g_assert_cmpint (cd_statement_step (select_stmt, &error), ==, CD_STEP_DONE);

  /* Without the copy the value is read at the step; NULL is NULL there too. */
  cd_statement_reset (select_stmt);
  cd_statement_bind_text_static (select_stmt, 1, NULL);
  g_assert_cmpint (cd_statement_step (select_stmt, &error), ==, CD_STEP_DONE);
  cd_statement_clear_bindings (insert_stmt);
  cd_statement_bind_text_static (insert_stmt, 1, "Lê Văn Bình");
  g_assert_true (cd_statement_run (insert_stmt, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (f), ==, 2);

  /* Explicit NULLs, and an empty blob is not NULL. */
  cd_statement_clear_bindings (insert_stmt);
  cd_statement_bind_text (insert_stmt, 1, "Trần Văn Nam");
  cd_statement_bind_null (insert_stmt, 3);
  cd_statement_bind_blob (insert_stmt, 5, NULL, 0);
  g_assert_true (cd_statement_run (insert_stmt, &error));
  g_clear_pointer (&select_stmt, cd_statement_free);
  select_stmt = cd_database_prepare (f->db, "SELECT n, data, typeof (data) FROM t WHERE name = ?",
                                     &error);
  cd_statement_bind_text (select_stmt, 1, "Trần Văn Nam");
  g_assert_cmpint (cd_statement_step (select_stmt, &error), ==, CD_STEP_ROW);
  g_assert_true (cd_statement_is_null (select_stmt, 0));
  g_assert_cmpint (cd_statement_get_int64 (select_stmt, 0), ==, 0);
  g_assert_cmpstr (cd_statement_get_text (select_stmt, 2), ==, "blob");
  g_clear_pointer (&bytes, g_bytes_unref);
  bytes = cd_statement_dup_bytes (select_stmt, 1);
  g_assert_nonnull (bytes);
  g_assert_cmpuint (g_bytes_get_size (bytes), ==, 0);
}

/* Errors are CD_DATABASE_ERROR and name the file, and for a mistake in the SQL the SQL. */
static void
test_errors_name_the_input (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStatement) stmt = NULL;

  stmt = cd_database_prepare (f->db, "SELECT nothing FROM no_such_table", &error);
  g_assert_null (stmt);
  g_assert_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_QUERY);
  g_assert_nonnull (strstr (error->message, f->path));
  g_assert_nonnull (strstr (error->message, "no_such_table"));
  g_clear_error (&error);

  /* A parameter that is not there: reported by the step, naming the parameter. */
  stmt = cd_database_prepare (f->db, "INSERT INTO t (name) VALUES (?1)", &error);
  g_assert_no_error (error);
  cd_statement_bind_text (stmt, 1, "a");
  cd_statement_bind_int64 (stmt, 2, 7);
  g_assert_cmpint (cd_statement_step (stmt, &error), ==, CD_STEP_FAILED);
  g_assert_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_QUERY);
  g_assert_nonnull (strstr (error->message, "parameter 2"));
  g_assert_nonnull (strstr (error->message, f->path));
  g_clear_error (&error);
  g_assert_cmpint (count_rows (f), ==, 0);

  /* Once the bindings are cleared, the statement works. */
  cd_statement_clear_bindings (stmt);
  cd_statement_bind_text (stmt, 1, "a");
  g_assert_true (cd_statement_run (stmt, &error));
  g_assert_no_error (error);

  /* A constraint has its own code; the statement stays usable after it. */
  g_assert_false (cd_statement_run (stmt, &error));
  g_assert_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_CONSTRAINT);
  g_assert_nonnull (strstr (error->message, "UNIQUE"));
  g_clear_error (&error);
  cd_statement_bind_text (stmt, 1, "b");
  g_assert_true (cd_statement_run (stmt, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (f), ==, 2);

  cd_statement_clear_bindings (stmt);
  g_assert_false (cd_statement_run (stmt, &error));
  g_assert_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_CONSTRAINT);
  g_assert_nonnull (strstr (error->message, "NOT NULL"));
}

/* A full disk and a read-only file get the store's own codes and sentences. */
static void
test_full_and_read_only (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStatement) stmt = NULL;
  g_autofree char *big = g_strnfill (64 * 1024, 'x');
  gboolean ok = TRUE;

  g_assert_true (cd_database_exec (f->db, "PRAGMA max_page_count = 40", &error));
  stmt = cd_database_prepare (f->db, "INSERT INTO t (name, note) VALUES (?1, ?2)", &error);
  g_assert_no_error (error);
  for (int i = 0; i < 100 && ok; i++)
    {
      g_autofree char *name = g_strdup_printf ("row %d", i);

      cd_statement_bind_text (stmt, 1, name);
      cd_statement_bind_text (stmt, 2, big);
      ok = cd_statement_run (stmt, &error);
    }
  g_assert_false (ok);
  g_assert_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_FULL);
  g_assert_nonnull (strstr (error->message, "full"));
  g_assert_nonnull (strstr (error->message, f->path));
  g_clear_error (&error);
  g_clear_pointer (&stmt, cd_statement_free);

  g_assert_true (cd_database_exec (f->db, "PRAGMA query_only = ON", &error));
  stmt = cd_database_prepare (f->db, "DELETE FROM t", &error);
  g_assert_no_error (error);
  g_assert_false (cd_statement_run (stmt, &error));
  g_assert_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_READ_ONLY);
  g_assert_nonnull (strstr (error->message, f->path));
  g_assert_cmpint (count_rows (f), >, 0);
}

/* A cached statement is prepared once; a second holder gets its own; freeing resets it. */
static void
test_cached_statements (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  CdStatement *first, *again, *inner;
  const char *sql = "SELECT name FROM t WHERE name >= ?1 ORDER BY name";

  insert (f, "a");
  insert (f, "b");
  first = cd_database_prepare_cached (f->db, sql, &error);
  g_assert_no_error (error);
  cd_statement_bind_text (first, 1, "a");
  g_assert_cmpint (cd_statement_step (first, &error), ==, CD_STEP_ROW);
  g_assert_cmpstr (cd_statement_get_text (first, 0), ==, "a");

  /* Held: the same SQL gives another statement, which reads from the start. */
  inner = cd_database_prepare_cached (f->db, sql, &error);
  g_assert_no_error (error);
  g_assert_true (inner != first);
  cd_statement_bind_text (inner, 1, "b");
  g_assert_cmpint (cd_statement_step (inner, &error), ==, CD_STEP_ROW);
  g_assert_cmpstr (cd_statement_get_text (inner, 0), ==, "b");
  cd_statement_free (inner);

  /* Freed in the middle of its rows… */
  cd_statement_free (first);

  /* …it comes back reset (not at "b") and with no bindings left (NULL matches nothing). */
  again = cd_database_prepare_cached (f->db, sql, &error);
  g_assert_true (again == first);
  g_assert_cmpint (cd_statement_step (again, &error), ==, CD_STEP_DONE);
  g_assert_no_error (error);
  cd_statement_free (again);

  /* The cache does not outlive the database, nor keep it alive. */
  {
    GWeakRef weak;

    g_weak_ref_init (&weak, f->db);
    g_clear_object (&f->db);
    g_assert_null (g_weak_ref_get (&weak));
    g_weak_ref_clear (&weak);
  }
}

/* A statement keeps its database alive until it is freed. */
static void
test_statement_holds_database (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  CdStatement *stmt;
  GWeakRef weak;

  insert (f, "a");
  stmt = cd_database_prepare (f->db, "SELECT name FROM t", &error);
  g_assert_no_error (error);
  g_weak_ref_init (&weak, f->db);
  g_clear_object (&f->db);
  g_assert_cmpint (cd_statement_step (stmt, &error), ==, CD_STEP_ROW);
  g_assert_cmpstr (cd_statement_get_text (stmt, 0), ==, "a");
  cd_statement_free (stmt);
  g_assert_null (g_weak_ref_get (&weak));
  g_weak_ref_clear (&weak);
}

/* BEGIN IMMEDIATE, commit, rollback, and savepoints nested inside: a rolled-back savepoint takes
 * only its own writes with it. */
static void
test_transactions_and_savepoints (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (cd_database_in_transaction (f->db));
  g_assert_true (cd_database_begin_immediate (f->db, &error));
  g_assert_true (cd_database_in_transaction (f->db));
  insert (f, "kept");
  g_assert_true (cd_database_savepoint (f->db, "outer", &error));
  insert (f, "outer");
  g_assert_true (cd_database_savepoint (f->db, "inner", &error));
  insert (f, "inner");
  cd_database_rollback_to (f->db, "inner");
  g_assert_true (cd_database_in_transaction (f->db));
  /* …and ended it: there is no "inner" left to release. */
  g_assert_false (cd_database_release (f->db, "inner", &error));
  g_assert_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_QUERY);
  g_clear_error (&error);
  g_assert_cmpint (count_rows (f), ==, 2);
  g_assert_true (cd_database_release (f->db, "outer", &error));
  g_assert_no_error (error);
  g_assert_true (cd_database_commit (f->db, &error));
  g_assert_no_error (error);
  g_assert_false (cd_database_in_transaction (f->db));
  g_assert_cmpint (count_rows (f), ==, 2);

  /* Rolling back a whole transaction takes everything, savepoints and all. */
  g_assert_true (cd_database_begin_immediate (f->db, &error));
  insert (f, "gone");
  g_assert_true (cd_database_savepoint (f->db, "s", &error));
  insert (f, "gone too");
  cd_database_rollback (f->db);
  g_assert_false (cd_database_in_transaction (f->db));
  g_assert_cmpint (count_rows (f), ==, 2);

  /* A savepoint outside a transaction starts one, and releasing it commits. */
  g_assert_true (cd_database_savepoint (f->db, "alone", &error));
  g_assert_true (cd_database_in_transaction (f->db));
  insert (f, "third");
  g_assert_true (cd_database_release (f->db, "alone", &error));
  g_assert_false (cd_database_in_transaction (f->db));
  g_assert_cmpint (count_rows (f), ==, 3);

  /* Nothing to roll back is not an error; a commit without a transaction is. */
  cd_database_rollback (f->db);
  g_assert_false (cd_database_commit (f->db, &error));
  g_assert_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_QUERY);
  g_assert_nonnull (strstr (error->message, f->path));
}

/* A deferred BEGIN is one snapshot: a write by another connection meanwhile is not seen. */
static void
test_read_snapshot (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDatabase) writer = NULL;

  g_assert_true (cd_database_exec (f->db, "PRAGMA journal_mode = WAL", &error));
  insert (f, "a");
  writer = cd_database_open_at_version (f->path, 0, &error);
  g_assert_no_error (error);
  g_assert_true (cd_database_begin (f->db, &error));
  g_assert_cmpint (count_rows (f), ==, 1);
  g_assert_true (cd_database_exec (writer, "INSERT INTO t (name) VALUES ('b')", &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (f), ==, 1);
  g_assert_true (cd_database_commit (f->db, &error));
  g_assert_cmpint (count_rows (f), ==, 2);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/statement/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("binds-and-columns", test_binds_and_columns);
  ADD ("errors-name-the-input", test_errors_name_the_input);
  ADD ("full-and-read-only", test_full_and_read_only);
  ADD ("cached-statements", test_cached_statements);
  ADD ("statement-holds-database", test_statement_holds_database);
  ADD ("transactions-and-savepoints", test_transactions_and_savepoints);
  ADD ("read-snapshot", test_read_snapshot);
#undef ADD

  return g_test_run ();
}
