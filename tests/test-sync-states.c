/* test-sync-states.c — the outbox worker with no central system at all (core suite, so it also runs
 * under the sanitizers): backoff arithmetic, damaged items quarantined before anything is sent,
 * and the counts the UI's indicator reads. */

#include "cd-central-client.h"
#include "cd-database.h"
#include "cd-statement.h"
#include "cd-sync-log.h"
#include "cd-sync-worker.h"
#include "test-util.h"

static void
test_backoff (void)
{
  /* Doubles from the base, is capped, and keeps half of the delay fixed. */
  g_assert_cmpuint (cd_sync_backoff_ms (0, 1000, 60000, 0), ==, 500);
  g_assert_cmpuint (cd_sync_backoff_ms (1, 1000, 60000, 0), ==, 500);
  g_assert_cmpuint (cd_sync_backoff_ms (1, 1000, 60000, G_MAXUINT32), ==, 999);
  g_assert_cmpuint (cd_sync_backoff_ms (5, 1000, 60000, 0), ==, 8000);
  g_assert_cmpuint (cd_sync_backoff_ms (7, 1000, 60000, G_MAXUINT32), ==, 59999);
  g_assert_cmpuint (cd_sync_backoff_ms (G_MAXUINT, 1000, 60000, 0), ==, 30000);
  g_assert_cmpuint (cd_sync_backoff_ms (G_MAXUINT, G_MAXUINT, G_MAXUINT, G_MAXUINT32), <,
                    G_MAXUINT);
}

static gint64
query_int (CdDatabase *db,
           const char *sql)
{
  g_autoptr(CdStatement) stmt = NULL;
  gint64 value;

  stmt = cd_database_prepare (db, sql, NULL);
  g_assert_nonnull (stmt);
  g_assert_cmpint (cd_statement_step (stmt, NULL), ==, CD_STEP_ROW);
  value = cd_statement_get_int64 (stmt, 0);
  return value;
}

static void
test_damaged_quarantined_offline (void)
{
  g_autofree char *dir = test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "office.db", NULL);
  const char *argv[] = { g_getenv ("CLAIMDESK_CLI"), "seed", "--db", path, "--people", "100",
                         "--claims", "150", "--seed", "9", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(CdDatabase) db = NULL;
  g_autoptr(CdHttpClient) http = cd_http_client_new ();
  g_autoptr(CdCentralClient) dead = NULL;
  g_autoptr(CdOfficeCredential) credential = NULL;
  g_autoptr(CdSyncWorker) worker = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *last_error = NULL;
  CdHttpRetryPolicy once = { 1, 1, 1 };
  CdSyncCounts before, after;
  CdSyncReport report;
  gint64 queued, problems = 0;

  g_assert_nonnull (argv[0]);
  g_assert_cmpint (test_run (argv, &out, &err), ==, 0);
  db = cd_database_open (path, &error);
  g_assert_no_error (error);
  queued = query_int (db, "SELECT count(*) FROM outbox WHERE state = 'queued'");
  g_assert_cmpint (queued, >, 2);
  /* One item whose decision is no longer frozen-and-intact: its payload was edited at rest (the
   * freeze trigger is dropped for the test, as a careless repair script might). */
  g_assert_true (cd_database_exec (db,
                                   "DROP TRIGGER decisions_frozen;"
                                   "UPDATE decisions SET payload = replace (payload, '\"total\":',"
                                   " '\"total\":1') WHERE id = (SELECT decision_id FROM outbox"
                                   " WHERE state = 'queued' ORDER BY id LIMIT 1);",
                                   NULL));
  g_assert_true (cd_sync_read_counts (db, &before, &error));

  cd_http_client_set_retry_policy (http, &once);
  credential = cd_office_credential_new ("cred-dead", "secret");
  dead = cd_central_client_new (http, "http://127.0.0.1:1", credential, "cb01");
  worker = cd_sync_worker_new (path, dead);
  g_assert_true (cd_sync_worker_run_once (worker, CD_SYNC_ALL_PENDING, &report, NULL, &error));
  g_assert_no_error (error);

  /* Quarantined without being sent, though central was unreachable for the rest. */
  g_assert_cmpuint (report.quarantined, ==, 1);
  g_assert_true (report.unreachable);
  g_assert_cmpuint (report.remaining, ==, (guint) queued - 1);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM outbox WHERE state = 'quarantined'"
                                  " AND attempts = 0 AND last_error LIKE 'local:%SHA-256%'"),
                   ==, 1);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM outbox WHERE state = 'sending'"), ==,
                   0);

  /* The indicator's counts: one moved from queued to quarantined, nothing else changed. */
  cd_sync_worker_get_counts (worker, &after);
  g_assert_cmpuint (after.queued, ==, before.queued - 1);
  g_assert_cmpuint (after.quarantined, ==, before.quarantined + 1);
  g_assert_cmpuint (after.acknowledged, ==, before.acknowledged);
  g_assert_cmpuint (after.refused, ==, before.refused);
  g_assert_cmpuint (after.sending, ==, 0);
  last_error = cd_sync_worker_dup_last_error (worker);
  g_assert_nonnull (last_error);

  /* The problems' count, read through the partial index, is the condition's read in full: the
   * quarantined item and an acknowledged one that came back with an error. */
  g_assert_true (cd_database_exec (db,
                                   "UPDATE outbox SET state = 'acknowledged', last_error = 'moved'"
                                   " WHERE id = (SELECT min (id) FROM outbox"
                                   " WHERE state = 'queued');",
                                   NULL));
  g_assert_true (cd_sync_log_count_problems (db, &problems, &error));
  g_assert_no_error (error);
  g_assert_cmpint (problems, ==,
                   query_int (db, "SELECT count(*) FROM outbox NOT INDEXED"
                                  " WHERE state IN ('refused', 'quarantined')"
                                  " OR (state = 'acknowledged' AND last_error IS NOT NULL)"));
  g_assert_cmpint (problems, >=, 2);

  g_clear_object (&worker);
  g_clear_object (&db);
  test_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync/states/backoff", test_backoff);
  g_test_add_func ("/sync/states/damaged-quarantined-offline", test_damaged_quarantined_offline);
  return g_test_run ();
}
