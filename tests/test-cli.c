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

/* Daily backups from the command line: into a folder, listed, checked, and restored. */
static void
test_backup_folder_list_verify_restore (void)
{
  char *dir = test_tmpdir_new ();
  g_autofree char *db = g_build_filename (dir, "office.db", NULL);
  g_autofree char *folder = g_build_filename (dir, "backups", NULL);
  const char *seed[]
      = { cli (), "seed", "--db", db, "--people", "20", "--claims", "30", "--seed", "5", NULL };
  const char *daily[] = { cli (), "backup", "--db", db, "--to", folder, "--keep", "3", NULL };
  const char *list[] = { cli (), "backup", "--list", "--to", folder, NULL };
  const char *too_many[] = { cli (), "backup", "--db", db, "--keep", "400", NULL };
  const char *audit[] = { cli (), "verify-audit", "--db", db, NULL };
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *file = NULL;
  g_autofree char *damaged = NULL;
  const char *line;

  g_assert_cmpint (test_run (seed, &out, &err), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (test_run (daily, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "claims: 30"));
  line = strstr (out, "file: ");
  g_assert_nonnull (line);
  file = g_strndup (line + 6, strcspn (line + 6, "\n"));
  g_assert_true (g_str_has_prefix (file, folder));
  g_assert_true (g_file_test (file, G_FILE_TEST_IS_REGULAR));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (test_run (list, &out, &err), ==, 0);
  g_assert_cmpuint (test_count_lines (out), ==, 2);
  g_assert_nonnull (strstr (out, "\t30\t"));
  g_assert_nonnull (strstr (out, file));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  {
    const char *verify[] = { cli (), "backup", "--verify", file, NULL };

    g_assert_cmpint (test_run (verify, &out, &err), ==, 0);
    g_assert_nonnull (strstr (out, "verified: yes"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  g_assert_cmpint (test_run (too_many, &out, &err), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* The backup is audited in the store; a restore from it too, and the chain holds. */
  {
    const char *restore[] = { cli (), "restore", "--db", db, file, NULL };

    g_assert_cmpint (test_run (restore, &out, &err), ==, 0);
    g_assert_nonnull (strstr (out, "kept as"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  g_assert_cmpint (test_run (audit, &out, &err), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A damaged backup is refused, by name, and the store stays as it is. */
  damaged = g_build_filename (dir, "damaged.db", NULL);
  {
    g_autofree char *bytes = NULL;
    gsize length;

    g_assert_true (g_file_get_contents (file, &bytes, &length, NULL));
    g_assert_true (g_file_set_contents (damaged, bytes, length, NULL));
  }
  test_damage_pages (damaged, 2);
  {
    const char *verify[] = { cli (), "backup", "--verify", damaged, NULL };
    const char *restore[] = { cli (), "restore", "--db", db, damaged, NULL };

    g_assert_cmpint (test_run (verify, &out, &err), ==, 1);
    g_assert_nonnull (strstr (err, damaged));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (test_run (restore, &out, &err), ==, 1);
    g_assert_nonnull (strstr (err, damaged));
    g_assert_cmpuint (test_count_lines (err), ==, 1);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  g_assert_cmpint (test_run (audit, &out, &err), ==, 0);
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
  g_test_add_func ("/cli/backup-folder-list-verify-restore",
                   test_backup_folder_list_verify_restore);

  return g_test_run ();
}
