/* test-cli.c — the claimdesk-cli contract: help, usage errors, --db. */
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

  return g_test_run ();
}
