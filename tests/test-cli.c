/* test-cli.c — the claimdesk-cli contract: help, usage errors, --db. */
#include <string.h>

#include "test-util.h"

static const char *
cli (void)
{
  const char *path = g_getenv ("CLAIMDESK_CLI");
  g_assert_nonnull (path);
  return path;
}

static void
test_help_lists_subcommands (void)
{
  const char *argv[] = { cli (), "--help", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (test_run (argv, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "init --db PATH"));
  g_assert_nonnull (strstr (out, "info --db PATH"));
  g_assert_nonnull (strstr (out, "seed --db PATH"));
  g_assert_nonnull (strstr (out, "search --db PATH"));
  g_assert_nonnull (strstr (out, "backup --db PATH DEST"));
  g_assert_nonnull (strstr (out, "restore --db PATH FROM"));
}

static void
test_unknown_subcommand_exits_2 (void)
{
  const char *argv[] = { cli (), "frobnicate", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (test_run (argv, &out, &err), ==, 2);
  g_assert_cmpuint (test_count_lines (err), ==, 1);
  g_assert_nonnull (strstr (err, "frobnicate"));
  g_assert_cmpstr (out, ==, "");
}

static void
test_unknown_flag_exits_2 (void)
{
  const char *top[] = { cli (), "--frobnicate", NULL };
  const char *sub[] = { cli (), "info", "--db", "/nonexistent/x.db", "--frobnicate", NULL };
  g_autofree char *out1 = NULL, *err1 = NULL, *out2 = NULL, *err2 = NULL;

  g_assert_cmpint (test_run (top, &out1, &err1), ==, 2);
  g_assert_cmpuint (test_count_lines (err1), ==, 1);
  g_assert_nonnull (strstr (err1, "--frobnicate"));

  g_assert_cmpint (test_run (sub, &out2, &err2), ==, 2);
  g_assert_cmpuint (test_count_lines (err2), ==, 1);
  g_assert_nonnull (strstr (err2, "--frobnicate"));
}

static void
test_db_is_required (void)
{
  const char *argv[] = { cli (), "info", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (test_run (argv, &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, "--db"));
}

static void
test_init_then_info (void)
{
  char *dir = test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "office.db", NULL);
  const char *init[] = { cli (), "init", "--db", path, NULL };
  const char *info[] = { cli (), "info", "--db", path, NULL };
  g_autofree char *out1 = NULL, *err1 = NULL, *out2 = NULL, *err2 = NULL;

  g_assert_cmpint (test_run (init, &out1, &err1), ==, 0);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (test_run (info, &out2, &err2), ==, 0);
  g_assert_nonnull (strstr (out2, "schema_version: "));
  test_tmpdir_free (dir);
}

static void
test_unreadable_db_names_the_file (void)
{
  const char *argv[] = { cli (), "info", "--db", "/nonexistent-dir/office.db", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (test_run (argv, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "/nonexistent-dir/office.db"));
  g_assert_cmpuint (test_count_lines (err), ==, 1);
}


static void
test_seed_backup_restore (void)
{
  char *dir = test_tmpdir_new ();
  g_autofree char *db = g_build_filename (dir, "office.db", NULL);
  g_autofree char *copy = g_build_filename (dir, "copy.db", NULL);
  const char *seed[]
      = { cli (), "seed", "--db", db, "--people", "150", "--claims", "400", "--seed", "3", NULL };
  const char *again[] = { cli (), "seed", "--db", db, "--people", "150", "--claims", "400", NULL };
  const char *too_many[]
      = { cli (), "seed", "--db", copy, "--people", "10", "--claims", "81", NULL };
  const char *backup[] = { cli (), "backup", "--db", db, copy, NULL };
  const char *restore[] = { cli (), "restore", "--db", db, copy, NULL };
  const char *search[] = { cli (), "search", "--db", db, "--limit", "3", "nguyen", NULL };
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (test_run (seed, &out, &err), ==, 0);
  /* Progress is one line on stderr, rewritten in place. */
  g_assert_nonnull (strchr (err, '\r'));
  g_assert_nonnull (strstr (err, "550 of 550"));
  g_assert_nonnull (strstr (out, "400 claims"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (test_run (again, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "already"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (test_run (too_many, &out, &err), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (test_run (backup, &out, &err), ==, 0);
  g_assert_true (g_file_test (copy, G_FILE_TEST_EXISTS));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Damage the original beyond opening, then restore it. */
  g_assert_true (g_file_set_contents (db, "not a database at all", -1, NULL));
  g_assert_cmpint (test_run (search, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "claimdesk-cli restore --db"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (test_run (restore, &out, &err), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (test_run (search, &out, &err), ==, 0);
  g_assert_cmpuint (test_count_lines (out), ==, 3);
  test_tmpdir_free (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/help-lists-subcommands", test_help_lists_subcommands);
  g_test_add_func ("/cli/unknown-subcommand-exits-2", test_unknown_subcommand_exits_2);
  g_test_add_func ("/cli/unknown-flag-exits-2", test_unknown_flag_exits_2);
  g_test_add_func ("/cli/db-is-required", test_db_is_required);
  g_test_add_func ("/cli/init-then-info", test_init_then_info);
  g_test_add_func ("/cli/unreadable-db-names-the-file", test_unreadable_db_names_the_file);
  g_test_add_func ("/cli/seed-backup-restore", test_seed_backup_restore);

  return g_test_run ();
}
