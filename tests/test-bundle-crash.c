/* test-bundle-crash.c — file bundles survive SIGKILL at any moment: 30 runs of `bundle export` and
 * `bundle import` killed after a random delay, with central filing whatever complete bundle the
 * stick holds in between (old receipts imported late, too), then a clean finish. Nothing is lost
 * (every decision acknowledged with central's receipt), nothing doubled (central holds each id
 * once, no conflicts; each claim marked synced once), and the audit chain still verifies. */
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bundle-fixture.h"
#include "cd-claim-types.h"
#include "cd-database.h"
#include "cd-statement.h"
#include "test-util.h"

typedef BundleFixture Fixture;

#define ROUNDS 15   /* an export and an import each: 30 killed runs */

static GPid
spawn_cli (Fixture    *fixture,
           const char *verb,
           const char *option,
           const char *file)
{
  const char *argv[] = { g_getenv ("CLAIMDESK_CLI"), "bundle", verb, "--db", fixture->db_path,
                         "--office-credential-file", fixture->credential_file, option, file,
                         NULL };
  g_autoptr(GError) error = NULL;
  GPid pid = 0;

  if (option == NULL)
    {
      argv[7] = file;
      argv[8] = NULL;
    }
  /* Output to /dev/null: a pipe nobody reads could block it, and only SIGKILL may stop it. */
  g_assert_true (g_spawn_async (NULL, (char **) argv, NULL,
                                G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL
                                | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &pid, &error));
  g_assert_no_error (error);
  return pid;
}

/* Kills `pid` after `delay_ms`; TRUE if it was still running then. */
static gboolean
kill_after (GPid        pid,
            const char *verb,
            guint       delay_ms)
{
  int status = 0;

  g_usleep (delay_ms * 1000);
  kill (pid, SIGKILL);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_spawn_close_pid (pid);
  g_test_message ("%s after %u ms: %s (status %d)", verb, delay_ms,
                  WIFSIGNALED (status) ? "killed" : "exited",
                  WIFEXITED (status) ? WEXITSTATUS (status) : -1);
  return WIFSIGNALED (status);
}

static gint64
audited_syncs (Fixture *fixture)
{
  return bundle_fixture_query_int (fixture, "SELECT count (*) FROM audit_log"
                                            " WHERE action = 'mark_synced' AND user_id IS NULL");
}

static void
test_sigkill_rounds (Fixture       *fixture,
                     gconstpointer  data)
{
  GRand *rand = g_rand_new_with_seed (16);
  g_autoptr(GPtrArray) receipts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GHashTable) central = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDatabase) db = NULL;
  g_autoptr(CdStatement) stmt = NULL;
  g_autofree char *audit_out = NULL;
  g_autofree char *audit_err = NULL;
  const char *audit[] = { g_getenv ("CLAIMDESK_CLI"), "verify-audit", "--db", NULL, NULL };
  guint killed = 0, filed_between = 0;
  gint64 queued, syncs_before;
  guint n = 0;

  bundle_fixture_seed (fixture, "20000");
  bundle_fixture_start_gateway (fixture, NULL);
  queued = bundle_fixture_query_int (fixture, "SELECT count (*) FROM outbox"
                                              " WHERE state = 'queued'");
  syncs_before = audited_syncs (fixture);
  g_assert_cmpint (queued, >, 1000);
  bundle_fixture_control_post (fixture, "/_control/faults", "{\"latency-ms\":0}");

  for (guint round = 0; round < ROUNDS; round++)
    {
      g_autofree char *outbox = g_strdup_printf ("%s/outbox-%u.json", fixture->dir, round);
      g_autofree char *answer = g_strdup_printf ("%s/receipts-%u.json", fixture->dir, round);
      const char *to_import;

      /* An export takes ~100 ms here (fsync), an import ~40 ms: the delays land mostly while
       * they work, sometimes after. */
      killed += kill_after (spawn_cli (fixture, "export", "--out", outbox), "export",
                            (guint) g_rand_int_range (rand, 5, 120));
      /* The rename makes the file whole or absent; central files whatever reached the stick,
       * recorded here or not. */
      if (g_file_test (outbox, G_FILE_TEST_EXISTS))
        {
          g_assert_cmpuint (bundle_fixture_post (fixture, outbox, answer, NULL), ==, 200);
          g_ptr_array_add (receipts, g_strdup (answer));
          filed_between++;
        }
      if (receipts->len == 0)
        continue;
      /* Now and then receipts come back late, after a newer bundle. */
      to_import = g_ptr_array_index (receipts, round % 4 == 3
                                               ? (guint) g_rand_int_range (rand, 0,
                                                                           (gint) receipts->len)
                                               : receipts->len - 1);
      killed += kill_after (spawn_cli (fixture, "import", NULL, to_import), "import",
                            (guint) g_rand_int_range (rand, 2, 45));
    }
  g_rand_free (rand);
  g_test_message ("%u of %u runs killed while working; %u bundles filed between", killed,
                  2 * ROUNDS, filed_between);
  g_assert_cmpuint (killed, >=, 5);

  /* A clean finish: export, file, import until the outbox is empty. */
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *outbox = g_strdup_printf ("%s/final-%u.json", fixture->dir, i);
      g_autofree char *answer = g_strdup_printf ("%s/final-receipts-%u.json", fixture->dir, i);
      const char *export_args[] = { "--out", outbox, NULL };
      const char *import_args[] = { answer, NULL };
      g_autofree char *err = NULL;

      if (bundle_fixture_cli (fixture, "export", export_args, NULL, &err) != 0)
        {
          g_assert_nonnull (strstr (err, "Nothing to export"));
          break;
        }
      g_assert_cmpuint (bundle_fixture_post (fixture, outbox, answer, NULL), ==, 200);
      g_assert_cmpint (bundle_fixture_cli (fixture, "import", import_args, NULL, NULL), ==, 0);
    }
  g_assert_cmpint (bundle_fixture_query_int (fixture, "SELECT count (*) FROM outbox"
                                                      " WHERE state IN ('queued', 'sending')"), ==,
                   0);

  /* Nothing lost, nothing doubled. */
  central = bundle_fixture_central (fixture, parser);
  g_assert_cmpuint (g_hash_table_size (central), ==, queued);
  db = cd_database_open_reader (fixture->db_path, &error);
  g_assert_no_error (error);
  stmt = cd_database_prepare (db, "SELECT d.uuid, d.payload_sha256, o.state, o.central_receipt,"
                                  " c.status FROM outbox o JOIN decisions d ON d.id = o.decision_id"
                                  " JOIN claims c ON c.id = d.claim_id"
                                  " WHERE o.id IN (SELECT outbox_id FROM bundle_items)", &error);
  g_assert_no_error (error);
  while (cd_statement_step (stmt, NULL) == CD_STEP_ROW)
    {
      JsonObject *filed = g_hash_table_lookup (central, cd_statement_get_text (stmt, 0));

      g_assert_nonnull (filed);
      g_assert_cmpstr (json_object_get_string_member (filed, "payload_hash"), ==,
                       cd_statement_get_text (stmt, 1));
      g_assert_cmpint (json_object_get_int_member (filed, "conflicts"), ==, 0);
      g_assert_cmpstr (cd_statement_get_text (stmt, 2), ==, "acknowledged");
      g_assert_cmpstr (cd_statement_get_text (stmt, 3), ==,
                       json_object_get_string_member (filed, "receipt"));
      g_assert_cmpint (cd_statement_get_int (stmt, 4), ==, CD_CLAIM_STATUS_SYNCED);
      n++;
    }
  g_assert_cmpuint (n, ==, queued);
  /* Each claim marked synced once, through the workflow, whatever was killed on the way. */
  g_assert_cmpint (audited_syncs (fixture), ==, syncs_before + queued);
  audit[3] = fixture->db_path;
  g_assert_cmpint (test_run (audit, &audit_out, &audit_err), ==, 0);
  /* Bundle numbers stayed dense: a killed export left its number to the next. */
  g_assert_cmpint (bundle_fixture_query_int (fixture, "SELECT max (sequence) - count (*)"
                                                      " FROM bundles"), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/bundle/crash/sigkill-rounds", Fixture, NULL, bundle_fixture_set_up,
              test_sigkill_rounds, bundle_fixture_tear_down);
  return g_test_run ();
}
