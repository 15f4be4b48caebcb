/* test-persons.c — finding a person the office knows by their personal ID. */
#include <string.h>

#include "cd-database.h"
#include "cd-persons.h"
#include "test-util.h"

/* A woman born in `birth_date`; the personal ID must say so (its 4th to 6th digits). */
static gint64
insert_person (CdDatabase *db,
               const char *personal_id,
               const char *birth_date)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = g_strdup_printf (
      "INSERT INTO persons (personal_id, full_name, family_name, given_name, name_folded, sex,"
      " birth_date, updated_at)"
      " VALUES ('%s', 'Trần Thị Lan', 'Trần', 'Lan', 'tran thi lan', 'female', '%s', 'x')",
      personal_id, birth_date);

  cd_database_exec (db, sql, &error);
  g_assert_no_error (error);
  return cd_database_last_insert_rowid (db);
}

static void
test_find_by_personal_id (void)
{
  char *dir = test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "persons.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDatabase) db = cd_database_open (path, &error);
  gint64 first, second, id = -1;

  g_assert_no_error (error);
  first = insert_person (db, "079190012345", "1990-04-02");
  second = insert_person (db, "001188467277", "1988-08-11");
  g_assert_cmpint (first, !=, second);

  g_assert_true (cd_persons_find_by_personal_id (db, "001188467277", &id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (id, ==, second);
  g_assert_true (cd_persons_find_by_personal_id (db, "079190012345", &id, &error));
  g_assert_cmpint (id, ==, first);

  /* Nobody with that ID: found nothing, which is not an error. */
  id = -1;
  g_assert_true (cd_persons_find_by_personal_id (db, "001188467270", &id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (id, ==, 0);

  g_clear_object (&db);
  test_tmpdir_free (dir);
}

/* A database that cannot answer (here: no tables yet) is an error that names the ID. */
static void
test_unreadable_database (void)
{
  char *dir = test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "empty.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDatabase) db = cd_database_open_at_version (path, 0, &error);
  gint64 id = -1;

  g_assert_no_error (error);
  g_assert_false (cd_persons_find_by_personal_id (db, "079190012345", &id, &error));
  g_assert_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_QUERY);
  g_assert_nonnull (strstr (error->message, "079190012345"));
  g_assert_cmpint (id, ==, 0);

  g_clear_object (&db);
  test_tmpdir_free (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/persons/find-by-personal-id", test_find_by_personal_id);
  g_test_add_func ("/persons/unreadable-database", test_unreadable_database);

  return g_test_run ();
}
