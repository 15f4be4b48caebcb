/* test-gui-rule-packs.c — Preferences' Rule Packs group: the packs listed with their dates, a
 * signed pack installed from a file, and a tampered one refused with its reason shown. */
#include "config.h"

#include <string.h>

#include "cd-data-dir.h"
#include "cd-preferences-window.h"
#include "cd-rule-pack-file.h"
#include "cd-rule-packs-group.h"
#include "gui-test-util.h"
#include "test-util.h"

static void
wait_until (gboolean   (*done) (gpointer),
            gpointer   data,
            const char *what)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_TIME_SPAN_SECOND;

  while (!done (data) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  if (!done (data))
    g_error ("Waited a minute for %s", what);
}

#define wait_for(done, data) wait_until ((done), (data), #done)

typedef struct
{
  gboolean heard;
  gboolean ok;
} Outcome;

static void
on_installed (Outcome  *outcome,
              gboolean  ok)
{
  outcome->heard = TRUE;
  outcome->ok = ok;
}

static gboolean
outcome_heard (gpointer data)
{
  return ((Outcome *) data)->heard;
}

static gboolean
two_packs (gpointer data)
{
  return cd_rule_packs_group_get_n_packs (data) == 2;
}

static gboolean
shipped_listed (gpointer data)
{
  return cd_rule_packs_group_get_n_packs (data) >= 1;
}

static gboolean
rule_pack_loaded (gpointer data)
{
  return cd_context_get_rule_pack (data) != NULL;
}

/* A signed copy of the shipped pack as version `id`, applying from 2099. */
static char *
signed_pack (const char *dir,
             const char *id)
{
  g_autofree char *shipped = cd_rule_pack_default_dir ();
  g_autofree char *pki = cd_data_dir_demo_pki ();
  g_autofree char *key = g_build_filename (pki, "central", "configuration.key.pem", NULL);
  g_autofree char *cert = g_build_filename (pki, "central", "configuration.cert.pem", NULL);
  g_autofree char *pack_dir = g_build_filename (dir, id, NULL);
  g_autofree char *out = g_strconcat (pack_dir, ".xml", NULL);
  const char *folders[] = { "calendars", "golden" };
  g_autofree char *text = NULL;
  g_autofree char *params = g_build_filename (shipped, "parameters.json", NULL);
  g_autofree char *params_to = g_build_filename (pack_dir, "parameters.json", NULL);
  g_autofree char *version = g_strdup_printf ("\"version\": \"%s\"", id);
  g_auto(GStrv) parts = NULL;
  g_autofree char *renamed = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdSigningKey) signer = cd_signing_key_new_from_files (key, cert, &error);
  g_autoptr(GBytes) bytes = NULL;

  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (params, &text, NULL, NULL));
  parts = g_strsplit (text, "\"version\": \"vn-si-2024+2026.07\"", 2);
  renamed = g_strjoinv (version, parts);
  g_assert_cmpint (g_mkdir_with_parents (pack_dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (params_to, renamed, -1, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (folders); i++)
    {
      g_autofree char *from = g_build_filename (shipped, folders[i], NULL);
      g_autofree char *to = g_build_filename (pack_dir, folders[i], NULL);
      g_autoptr(GDir) listing = g_dir_open (from, 0, NULL);
      const char *name;

      g_assert_cmpint (g_mkdir_with_parents (to, 0700), ==, 0);
      while ((name = g_dir_read_name (listing)) != NULL)
        {
          g_autofree char *source = g_build_filename (from, name, NULL);
          g_autofree char *target = g_build_filename (to, name, NULL);
          g_autofree char *contents = NULL;

          g_assert_true (g_file_get_contents (source, &contents, NULL, NULL));
          g_assert_true (g_file_set_contents (target, contents, -1, NULL));
        }
    }
  bytes = cd_rule_pack_file_build (pack_dir, id, cd_date_from_ymd (2099, 1, 1), signer, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (out, g_bytes_get_data (bytes, NULL),
                                      g_bytes_get_size (bytes), NULL));
  return g_steal_pointer (&out);
}

static void
test_install_from_file (void)
{
  g_autofree char *dir = test_tmpdir_new ();
  g_autofree char *packs_dir = g_build_filename (dir, "packs", NULL);
  g_autofree char *pki = cd_data_dir_demo_pki ();
  g_autofree char *trust = g_build_filename (pki, "trust", NULL);
  g_autoptr(CdContext) context = cd_context_new ();
  g_autofree char *good = signed_pack (dir, "vn-si-2024+2099.01");
  g_autofree char *bad = signed_pack (dir, "vn-si-2024+2099.02");
  g_autofree char *text = NULL;
  GPtrArray *watches = g_ptr_array_new ();
  CdPreferencesWindow *window;
  CdRulePacksGroup *group;
  Outcome installed = { FALSE, FALSE };
  Outcome refused = { FALSE, FALSE };
  char *content;

  /* A relay changed one character of the second file after central signed it. */
  g_assert_true (g_file_get_contents (bad, &text, NULL, NULL));
  content = strchr (strstr (text, "<File "), '>') + 5;
  *content = *content == 'A' ? 'B' : 'A';
  g_assert_true (g_file_set_contents (bad, text, -1, NULL));

  cd_context_set_trust_dir (context, trust);
  cd_context_set_rule_packs_dir (context, packs_dir);
  cd_context_load_rule_pack_async (context, NULL, NULL, NULL);
  wait_for (rule_pack_loaded, context);
  /* Not presented: focus moving between windows under Xvfb only tests Xvfb (as test-gui-backups
   * does). */
  window = cd_preferences_window_new (context);
  gui_test_watch_finalize_tree (watches, GTK_WIDGET (window));
  group = cd_preferences_window_get_rule_packs_group (window);
  wait_for (shipped_listed, group);
  g_assert_cmpuint (cd_rule_packs_group_get_n_packs (group), ==, 1);
  g_assert_cmpstr (adw_preferences_row_get_title (
                     ADW_PREFERENCES_ROW (cd_rule_packs_group_get_pack_row (group, 0))),
                   ==, "vn-si-2024+2026.07");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (cd_rule_packs_group_get_pack_row (group,
                                                                                          0)),
                            "In force today"));
  g_assert_true (gui_test_action_enabled (GTK_WIDGET (group), "rule-packs.install-from-file"));

  g_signal_connect_swapped (group, "installed", G_CALLBACK (on_installed), &installed);
  cd_rule_packs_group_install_file (group, good);
  wait_for (outcome_heard, &installed);
  g_assert_true (installed.ok);
  wait_for (two_packs, group);
  g_assert_cmpstr (adw_preferences_row_get_title (
                     ADW_PREFERENCES_ROW (cd_rule_packs_group_get_pack_row (group, 1))),
                   ==, "vn-si-2024+2099.01");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (cd_rule_packs_group_get_pack_row (group,
                                                                                          1)),
                            "Not yet in force"));
  g_signal_handlers_disconnect_by_func (group, on_installed, &installed);

  g_signal_connect_swapped (group, "installed", G_CALLBACK (on_installed), &refused);
  cd_rule_packs_group_install_file (group, bad);
  wait_for (outcome_heard, &refused);
  g_assert_false (refused.ok);
  g_assert_nonnull (strstr (cd_rule_packs_group_get_status (group), "does not match its content"));
  g_assert_nonnull (strstr (cd_rule_packs_group_get_status (group), bad));
  g_signal_handlers_disconnect_by_func (group, on_installed, &refused);

  gtk_window_destroy (GTK_WINDOW (window));
  gui_test_assert_finalized (watches);
  test_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int    argc,
      char **argv)
{
  gui_test_init (&argc, &argv);
  g_test_add_func ("/gui/rule-packs/install-from-file", test_install_from_file);
  return g_test_run ();
}
