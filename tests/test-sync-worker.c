/* test-sync-worker.c — the outbox worker's states against the real gateway: backoff after a dead
 * line, a poison item isolated, expired tokens, items left `sending` by a crash, progress, loop
 * mode, and the queue / sync commands' contracts. */
#include <json-glib/json-glib.h>
#include <signal.h>
#include <sys/wait.h>

#include "cd-central-client.h"
#include "cd-claim-types.h"
#include "cd-database.h"
#include "cd-gateway-process.h"
#include "cd-statement.h"
#include "cd-sync-worker.h"
#include "test-util.h"

typedef struct
{
  char             *dir;
  char             *db_path;
  CdGatewayProcess *gateway;
  CdHttpClient     *http;
  CdCentralClient  *central;
  char             *credential_file;  /* for the CLI: the gateway office's, or made up (dead line) */
} Fixture;

/* Writes the office credentials where the CLI reads them (--office-credential-file). */
static void
write_credential_file (Fixture                  *fixture,
                       const CdOfficeCredential *credential)
{
  g_autofree char *text = cd_office_credential_to_string (credential);
  g_autoptr(GError) error = NULL;

  g_free (fixture->credential_file);
  fixture->credential_file = g_build_filename (fixture->dir, "office.credential", NULL);
  g_assert_true (g_file_set_contents_full (fixture->credential_file, text, -1,
                                           G_FILE_SET_CONTENTS_NONE, 0600, &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  const char *cli = g_getenv ("CLAIMDESK_CLI");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  CdHttpRetryPolicy fast = { 3, 5, 20 };

  fixture->dir = test_tmpdir_new ();
  fixture->db_path = g_build_filename (fixture->dir, "office.db", NULL);
  g_assert_nonnull (cli);
  {
    const char *argv[] = { cli, "seed", "--db", fixture->db_path, "--people", "300", "--claims",
                           "400", "--seed", "3", NULL };
    g_assert_cmpint (test_run (argv, &out, &err), ==, 0);
  }
  fixture->http = cd_http_client_new ();
  cd_http_client_set_retry_policy (fixture->http, &fast);
}

static void
start_gateway (Fixture            *fixture,
               const char * const *args)
{
  g_autoptr(GError) error = NULL;

  fixture->gateway = cd_gateway_process_new (args);
  g_assert_true (cd_gateway_process_start_sync (fixture->gateway, NULL, &error));
  fixture->central = cd_central_client_new (fixture->http,
                                            cd_gateway_process_get_base_url (fixture->gateway),
                                            cd_gateway_process_get_office_credential (
                                              fixture->gateway, fixture->http, NULL),
                                            "cb01");
  write_credential_file (fixture, cd_gateway_process_get_office_credential (fixture->gateway,
                                                                            fixture->http, NULL));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->central);
  g_clear_object (&fixture->http);
  g_clear_object (&fixture->gateway);
  g_free (fixture->db_path);
  g_free (fixture->credential_file);
  test_tmpdir_free (fixture->dir);
}

static CdDatabase *
open_db (Fixture     *fixture,
         CdDatabase **keep)
{
  g_autoptr(GError) error = NULL;

  *keep = cd_database_open (fixture->db_path, &error);
  g_assert_no_error (error);
  return *keep;
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

static char *
query_text (CdDatabase *db,
            const char *sql)
{
  g_autoptr(CdStatement) stmt = NULL;
  char *value;

  stmt = cd_database_prepare (db, sql, NULL);
  g_assert_nonnull (stmt);
  g_assert_cmpint (cd_statement_step (stmt, NULL), ==, CD_STEP_ROW);
  value = cd_statement_dup_text (stmt, 0);
  return value;
}

static guint
queued_count (Fixture *fixture)
{
  g_autoptr(CdDatabase) keep = NULL;
  CdDatabase *db = open_db (fixture, &keep);

  return (guint) query_int (db, "SELECT count(*) FROM outbox WHERE state = 'queued'");
}

/* ---- backoff -------------------------------------------------------------------------------- */

static void
test_backoff_bounds (void)
{
  /* Doubles from the base, is capped, and keeps half of the delay fixed. */
  g_assert_cmpuint (cd_sync_backoff_ms (1, 1000, 60000, 0), ==, 500);
  g_assert_cmpuint (cd_sync_backoff_ms (1, 1000, 60000, G_MAXUINT32), ==, 999);
  g_assert_cmpuint (cd_sync_backoff_ms (2, 1000, 60000, 0), ==, 1000);
  g_assert_cmpuint (cd_sync_backoff_ms (4, 1000, 60000, 0), ==, 4000);
  g_assert_cmpuint (cd_sync_backoff_ms (30, 1000, 60000, 0), ==, 30000);
  g_assert_cmpuint (cd_sync_backoff_ms (30, 1000, 60000, G_MAXUINT32), <, 60000);
  g_assert_cmpuint (cd_sync_backoff_ms (1000, 1000, 60000, G_MAXUINT32), >=, 59999);
  for (guint i = 0; i < 100; i++)
    {
      guint d = cd_sync_backoff_ms (3, 1000, 60000, g_random_int ());
      g_assert_cmpuint (d, >=, 2000);
      g_assert_cmpuint (d, <, 4000);
    }
}

/* A dead line: items go back to queued with a last error and a backoff; the retry timer's run
 * (due only) leaves them alone, an operator's sync tries them again. */
static void
test_unreachable_backs_off (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(CdOfficeCredential) credential = cd_office_credential_new ("cred-dead", "secret");
  g_autoptr(CdCentralClient) dead = cd_central_client_new (fixture->http, "http://127.0.0.1:1",
                                                           credential, "cb01");
  g_autoptr(CdSyncWorker) worker = cd_sync_worker_new (fixture->db_path, dead);
  g_autoptr(CdDatabase) keep = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *last_error = NULL;
  g_autofree char *next_at = NULL;
  g_autofree char *soonest = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  guint queued = queued_count (fixture);
  CdSyncReport report;
  CdSyncCounts counts;
  CdDatabase *db;

  cd_sync_worker_set_batch_size (worker, 10);
  cd_sync_worker_set_item_backoff (worker, 60 * 1000, 3600 * 1000);
  g_assert_true (cd_sync_worker_run_once (worker, CD_SYNC_ALL_PENDING, &report, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (report.unreachable);
  /* Two failed batches in a row end the run: the line is down, the rest are not even tried. */
  g_assert_cmpuint (report.deferred, ==, 20);
  g_assert_cmpuint (report.acknowledged, ==, 0);
  g_assert_cmpuint (report.remaining, ==, queued);

  cd_sync_worker_get_counts (worker, &counts);
  g_assert_cmpuint (counts.queued, ==, queued);
  g_assert_cmpuint (counts.sending, ==, 0);
  last_error = cd_sync_worker_dup_last_error (worker);
  g_assert_nonnull (last_error);
  g_assert_nonnull (strstr (last_error, "127.0.0.1:1"));

  db = open_db (fixture, &keep);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM outbox WHERE state = 'queued'"
                                  " AND attempts = 1 AND last_error IS NOT NULL"
                                  " AND next_attempt_at IS NOT NULL"), ==, 20);
  /* Backoff of the first attempt: between half the base and the base, from now. */
  soonest = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  next_at = query_text (db, "SELECT min (next_attempt_at) FROM outbox WHERE attempts = 1"
                            " AND state = 'queued'");
  g_assert_cmpstr (next_at, >, soonest);
  {
    g_autoptr(GDateTime) latest = g_date_time_add_seconds (now, 62);
    g_autofree char *latest_text = g_date_time_format (latest, "%Y-%m-%dT%H:%M:%SZ");
    g_autofree char *max_at = query_text (db, "SELECT max (next_attempt_at) FROM outbox"
                                              " WHERE attempts = 1 AND state = 'queued'");
    g_assert_cmpstr (max_at, <=, latest_text);
  }

  /* The timer's run skips those 20 (not due) and tries the others. */
  g_assert_true (cd_sync_worker_run_once (worker, CD_SYNC_DUE_ONLY, &report, NULL, &error));
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM outbox WHERE attempts = 2"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM outbox WHERE state = 'queued'"
                                  " AND attempts = 1"), ==, 40);
}

/* A decision that makes the whole request unreadable (bytes that are not UTF-8 inside the JSON) is
 * split out and quarantined; every other item of its batch is filed in the same run. */
static void
test_poison_item_isolated (Fixture       *fixture,
                           gconstpointer  data)
{
  const char *args[] = { "--fault-seed", "3", NULL };
  g_autoptr(CdSyncWorker) worker = NULL;
  g_autoptr(CdDatabase) keep = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *poison_error = NULL;
  g_autofree char *damaged_error = NULL;
  const char poison[] = "{\"claim_number\":\"HS-2026-\xff\xfe\",\"total\":1}";
  g_autofree char *sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) poison,
                                                      strlen (poison));
  guint queued = queued_count (fixture);
  CdSyncReport report;
  CdDatabase *db;
  g_autoptr(CdStatement) stmt = NULL;

  start_gateway (fixture, args);
  db = open_db (fixture, &keep);
  /* Two extra frozen decisions on an existing claim: the poison, and one whose payload no longer
   * matches its hash (damaged at rest). */
  stmt = cd_database_prepare (db,
                              "INSERT INTO decisions (uuid, claim_id, state, amount, proposed_by,"
                              " proposed_at, payload, payload_sha256, frozen_at)"
                              " SELECT ?, claim_id, 'approved', 1, proposed_by, proposed_at, ?, ?,"
                              " frozen_at FROM decisions WHERE payload IS NOT NULL LIMIT 1",
                              NULL);
  g_assert_nonnull (stmt);
  cd_statement_bind_text (stmt, 1, "00000000-0000-4000-8000-00000000dead");
  cd_statement_bind_text (stmt, 2, poison);
  cd_statement_bind_text (stmt, 3, sha);
  g_assert_cmpint (cd_statement_step (stmt, NULL), ==, CD_STEP_DONE);
  cd_statement_reset (stmt);
  cd_statement_bind_text (stmt, 1, "00000000-0000-4000-8000-0000000bad00");
  cd_statement_bind_text (stmt, 2, "{\"claim_number\":\"HS-2026-1\",\"total\":2}");
  cd_statement_bind_text (stmt, 3, sha);
  g_assert_cmpint (cd_statement_step (stmt, NULL), ==, CD_STEP_DONE);
  g_assert_true (cd_database_exec (db,
                                   "INSERT INTO outbox (decision_id, state, created_at,"
                                   " updated_at) SELECT id, 'queued', frozen_at, frozen_at"
                                   " FROM decisions WHERE uuid LIKE '00000000-0000-4000-8000-%'",
                                   NULL));

  worker = cd_sync_worker_new (fixture->db_path, fixture->central);
  cd_sync_worker_set_batch_size (worker, 16);
  g_assert_true (cd_sync_worker_run_once (worker, CD_SYNC_ALL_PENDING, &report, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.acknowledged, ==, queued);
  g_assert_cmpuint (report.quarantined, ==, 2);
  g_assert_cmpuint (report.remaining, ==, 0);
  g_assert_false (report.unreachable);

  poison_error = query_text (db, "SELECT o.last_error FROM outbox o JOIN decisions d"
                                 " ON d.id = o.decision_id WHERE d.uuid LIKE '%dead'");
  g_assert_nonnull (strstr (poison_error, "invalid"));
  damaged_error = query_text (db, "SELECT o.last_error FROM outbox o JOIN decisions d"
                                  " ON d.id = o.decision_id WHERE d.uuid LIKE '%bad00'");
  g_assert_nonnull (strstr (damaged_error, "SHA-256"));
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM outbox WHERE state = 'quarantined'"), ==,
                   2);
}

static void
test_expired_tokens (Fixture       *fixture,
                     gconstpointer  data)
{
  const char *args[] = { "--fault-seed", "4", "--expire-tokens", NULL };
  g_autoptr(CdSyncWorker) worker = NULL;
  g_autoptr(GError) error = NULL;
  guint queued = queued_count (fixture);
  CdSyncReport report;

  start_gateway (fixture, args);
  worker = cd_sync_worker_new (fixture->db_path, fixture->central);
  cd_sync_worker_set_batch_size (worker, 7);
  g_assert_true (cd_sync_worker_run_once (worker, CD_SYNC_ALL_PENDING, &report, NULL, &error));
  g_assert_no_error (error);
  /* Each batch found its token spent, fetched a new one and went through. */
  g_assert_cmpuint (report.acknowledged, ==, queued);
  g_assert_cmpuint (report.remaining, ==, 0);
  g_assert_cmpuint (queued_count (fixture), ==, 0);
}

/* Items a crash left `sending` are re-sent first; central had them already, so they come back as
 * duplicates with the receipt of the first filing. */
static void
test_left_sending_is_resent (Fixture       *fixture,
                             gconstpointer  data)
{
  const char *args[] = { "--fault-seed", "5", NULL };
  g_autoptr(CdSyncWorker) worker = NULL;
  g_autoptr(CdDatabase) keep = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) first = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *sha = NULL;
  CdOutboundDecision outbound;
  CdSyncReport report;
  CdDatabase *db;

  start_gateway (fixture, args);
  db = open_db (fixture, &keep);
  uuid = query_text (db, "SELECT d.uuid FROM outbox o JOIN decisions d ON d.id = o.decision_id"
                         " WHERE o.state = 'queued' ORDER BY o.id DESC LIMIT 1");
  payload = query_text (db, "SELECT payload FROM decisions WHERE uuid = (SELECT d.uuid"
                            " FROM outbox o JOIN decisions d ON d.id = o.decision_id"
                            " WHERE o.state = 'queued' ORDER BY o.id DESC LIMIT 1)");
  sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, payload, -1);
  /* The request arrived, then the workstation died before it recorded the answer. */
  outbound = (CdOutboundDecision) { uuid, sha, payload };
  first = cd_central_client_submit_decisions (fixture->central, &outbound, 1, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (cd_database_exec (db,
                                   "UPDATE outbox SET state = 'sending', attempts = 1 WHERE id ="
                                   " (SELECT max (id) FROM outbox WHERE state = 'queued')",
                                   NULL));

  worker = cd_sync_worker_new (fixture->db_path, fixture->central);
  g_assert_true (cd_sync_worker_run_once (worker, CD_SYNC_DUE_ONLY, &report, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.remaining, ==, 0);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT o.central_receipt || ' ' || o.state || ' '"
                                            " || o.attempts FROM outbox o JOIN decisions d"
                                            " ON d.id = o.decision_id WHERE d.uuid = '%s'", uuid);
    g_autofree char *got = query_text (db, sql);
    g_autofree char *want = g_strdup_printf ("%s acknowledged 2",
                                             ((CdCentralResult *) first->pdata[0])->receipt);
    g_assert_cmpstr (got, ==, want);
  }
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM outbox WHERE state = 'sending'"), ==, 0);
}

/* An item that failed (or was in flight at a crash) three times or more goes last and alone, even
 * if a crash left it `sending`: central's arrival order shows it. */
static void
test_suspect_goes_last (Fixture       *fixture,
                        gconstpointer  data)
{
  const char *args[] = { "--fault-seed", "11", NULL };
  g_autoptr(CdSyncWorker) worker = NULL;
  g_autoptr(CdDatabase) keep = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *suspect = NULL;
  g_autofree char *fresh_sending = NULL;
  CdSyncReport report;
  JsonArray *arrived;
  CdDatabase *db;

  start_gateway (fixture, args);
  db = open_db (fixture, &keep);
  suspect = query_text (db, "SELECT d.uuid FROM outbox o JOIN decisions d ON d.id = o.decision_id"
                            " WHERE o.state = 'queued' ORDER BY o.id LIMIT 1");
  fresh_sending = query_text (db, "SELECT d.uuid FROM outbox o JOIN decisions d"
                                  " ON d.id = o.decision_id WHERE o.state = 'queued'"
                                  " ORDER BY o.id DESC LIMIT 1");
  g_assert_true (cd_database_exec (db,
                                   "UPDATE outbox SET state = 'sending', attempts = 5 WHERE id ="
                                   " (SELECT min (id) FROM outbox WHERE state = 'queued');"
                                   "UPDATE outbox SET state = 'sending', attempts = 1 WHERE id ="
                                   " (SELECT max (id) FROM outbox WHERE state = 'queued');",
                                   NULL));

  worker = cd_sync_worker_new (fixture->db_path, fixture->central);
  cd_sync_worker_set_batch_size (worker, 10);
  g_assert_true (cd_sync_worker_run_once (worker, CD_SYNC_ALL_PENDING, &report, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.remaining, ==, 0);

  {
    g_autofree char *url = g_strconcat (cd_gateway_process_get_base_url (fixture->gateway),
                                        "/_control/central/decisions", NULL);
    g_autoptr(CdHttpRequest) request = cd_http_request_new ("GET", url);
    g_autoptr(CdHttpResponse) response = cd_http_client_send (fixture->http, request, NULL, NULL);
    gsize length = 0;
    const char *body = g_bytes_get_data (response->body, &length);

    g_assert_true (json_parser_load_from_data (parser, body, (gssize) length, NULL));
  }
  arrived = json_node_get_array (json_parser_get_root (parser));
  /* The ordinary crash leftover first, the suspect last. */
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (arrived, 0), "id"),
                   ==, fresh_sending);
  g_assert_cmpstr (json_object_get_string_member (
                       json_array_get_object_element (arrived, json_array_get_length (arrived) - 1),
                       "id"), ==, suspect);
}

static void
count_progress (CdSyncWorker *worker,
                guint        *calls)
{
  (*calls)++;
}

/* Every progress adds up to the whole outbox, and queued only goes down. */
typedef struct
{
  guint calls;
  guint total;
  guint last_queued;
} ProgressCheck;

static void
check_progress (CdSyncWorker  *worker,
                ProgressCheck *check)
{
  CdSyncCounts c;

  cd_sync_worker_get_counts (worker, &c);
  g_assert_cmpuint (c.queued + c.sending + c.acknowledged + c.refused + c.quarantined, ==,
                    check->total);
  g_assert_cmpuint (c.sending, ==, 0);   /* between batches nothing is in flight */
  g_assert_cmpuint (c.queued, <=, check->last_queued);
  check->last_queued = c.queued;
  check->calls++;
}

static void
test_progress_and_claims (Fixture       *fixture,
                          gconstpointer  data)
{
  const char *args[] = { "--fault-seed", "6", NULL };
  g_autoptr(CdSyncWorker) worker = NULL;
  g_autoptr(CdDatabase) keep = NULL;
  g_autoptr(GError) error = NULL;
  guint queued = queued_count (fixture);
  ProgressCheck check = { 0, 0, G_MAXUINT };
  CdSyncReport report;
  CdSyncCounts counts;
  CdDatabase *db;

  start_gateway (fixture, args);
  db = open_db (fixture, &keep);
  check.total = (guint) query_int (db, "SELECT count(*) FROM outbox");
  worker = cd_sync_worker_new (fixture->db_path, fixture->central);
  cd_sync_worker_set_batch_size (worker, 10);
  g_signal_connect (worker, "progress", G_CALLBACK (check_progress), &check);
  g_assert_true (cd_sync_worker_run_once (worker, CD_SYNC_ALL_PENDING, &report, NULL, &error));
  g_assert_no_error (error);
  /* One progress per batch and one at the end. */
  g_assert_cmpuint (check.calls, ==, (queued + 9) / 10 + 1);
  cd_sync_worker_get_counts (worker, &counts);
  g_assert_cmpuint (counts.queued, ==, 0);
  g_assert_cmpuint (counts.sending, ==, 0);
  g_assert_null (cd_sync_worker_dup_last_error (worker));

  g_assert_cmpuint (counts.acknowledged, ==,
                    query_int (db, "SELECT count(*) FROM outbox WHERE state = 'acknowledged'"));
  /* Every acknowledged item's claim is synced, with its receipt kept on the item. */
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM outbox o JOIN decisions d"
                                  " ON d.id = o.decision_id JOIN claims c ON c.id = d.claim_id"
                                  " WHERE o.state = 'acknowledged' AND (c.status <> 8"
                                  " OR o.central_receipt IS NULL)"), ==, 0);
}

static void
run_done (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  CdSyncReport *report = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (cd_sync_worker_run_once_finish (CD_SYNC_WORKER (source), result, report, &error));
  g_assert_no_error (error);
}

static void
test_async_and_loop (Fixture       *fixture,
                     gconstpointer  data)
{
  const char *args[] = { "--fault-seed", "7", "--error-rate", "0.2", NULL };
  g_autoptr(CdSyncWorker) worker = NULL;
  g_autoptr(CdDatabase) keep = NULL;
  CdSyncReport report = { 0 };
  CdSyncCounts counts;
  guint calls = 0;
  gint64 deadline;
  CdDatabase *db;

  start_gateway (fixture, args);
  worker = cd_sync_worker_new (fixture->db_path, fixture->central);
  cd_sync_worker_set_batch_size (worker, 5);
  cd_sync_worker_set_item_backoff (worker, 50, 200);
  cd_sync_worker_set_retry_timer (worker, 20, 100, 50);
  g_signal_connect (worker, "progress", G_CALLBACK (count_progress), &calls);

  /* The GTask form: a run on a thread, progress delivered on this main context. */
  cd_sync_worker_run_once_async (worker, CD_SYNC_DUE_ONLY, NULL, run_done, &report);
  deadline = g_get_monotonic_time () + 20 * G_TIME_SPAN_SECOND;
  while (report.sent == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (report.sent, >, 0);

  /* Loop mode finishes what the faults deferred, on its retry timer. */
  db = open_db (fixture, &keep);
  cd_sync_worker_start (worker);
  deadline = g_get_monotonic_time () + 30 * G_TIME_SPAN_SECOND;
  while (query_int (db, "SELECT count(*) FROM outbox WHERE state IN ('queued', 'sending')") > 0
         && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  cd_sync_worker_stop (worker);
  while (cd_sync_worker_is_running (worker))
    g_main_context_iteration (NULL, TRUE);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  g_assert_cmpint (query_int (db, "SELECT count(*) FROM outbox WHERE state IN ('queued',"
                                  " 'sending')"), ==, 0);
  cd_sync_worker_get_counts (worker, &counts);
  g_assert_cmpuint (counts.queued, ==, 0);
  g_assert_cmpuint (calls, >, 1);
}

/* "Sync now" runs while loop mode's timer fires: the loop finds the outbox busy, which is no
 * failure of the line (no warning, no backoff), and looks again until the outbox is empty. */
static void
test_loop_waits_for_a_run_under_way (Fixture       *fixture,
                                     gconstpointer  data)
{
  const char *args[] = { "--latency-ms", "100", NULL };
  g_autoptr(CdSyncWorker) worker = NULL;
  g_autoptr(CdDatabase) keep = NULL;
  CdSyncReport report = { 0 };
  guint calls = 0;
  gint64 deadline;
  CdDatabase *db;

  start_gateway (fixture, args);
  worker = cd_sync_worker_new (fixture->db_path, fixture->central);
  cd_sync_worker_set_batch_size (worker, 5);
  cd_sync_worker_set_retry_timer (worker, 10, 100, 10);
  g_signal_connect (worker, "progress", G_CALLBACK (count_progress), &calls);

  /* The officer's run has the outbox (it has reported progress and has not finished)... */
  cd_sync_worker_run_once_async (worker, CD_SYNC_ALL_PENDING, NULL, run_done, &report);
  deadline = g_get_monotonic_time () + 20 * G_TIME_SPAN_SECOND;
  while (calls == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (calls, >, 0);
  g_assert_cmpuint (report.sent, ==, 0);

  /* ...when loop mode starts and runs at once: busy, so it waits, and carries on after. */
  db = open_db (fixture, &keep);
  cd_sync_worker_start (worker);
  deadline = g_get_monotonic_time () + 60 * G_TIME_SPAN_SECOND;
  while ((report.sent == 0
          || query_int (db, "SELECT count(*) FROM outbox WHERE state IN ('queued', 'sending')")
             > 0)
         && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  cd_sync_worker_stop (worker);
  while (cd_sync_worker_is_running (worker))
    g_main_context_iteration (NULL, TRUE);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  g_assert_cmpuint (report.sent, >, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM outbox WHERE state IN ('queued',"
                                  " 'sending')"), ==, 0);
}

/* Two workers on one store at once (the GUI and a `sync` command): they may send the same items,
 * which central files once; each item ends acknowledged once, nothing is left in flight. */
static void
two_done (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  guint *finished = user_data;
  CdSyncReport report;
  g_autoptr(GError) error = NULL;

  g_assert_true (cd_sync_worker_run_once_finish (CD_SYNC_WORKER (source), result, &report,
                                                 &error));
  g_assert_no_error (error);
  (*finished)++;
}

static void
test_two_workers_one_store (Fixture       *fixture,
                            gconstpointer  data)
{
  const char *args[] = { "--fault-seed", "10", "--latency-ms", "5", "--jitter-ms", "20",
                         "--reset-rate", "0.1", NULL };
  g_autoptr(CdSyncWorker) one = NULL;
  g_autoptr(CdSyncWorker) two = NULL;
  g_autoptr(CdCentralClient) other = NULL;
  g_autoptr(CdDatabase) keep = NULL;
  guint queued = queued_count (fixture);
  guint finished = 0;
  CdDatabase *db;

  start_gateway (fixture, args);
  other = cd_central_client_new (fixture->http, cd_gateway_process_get_base_url (fixture->gateway),
                                 cd_gateway_process_get_office_credential (fixture->gateway,
                                                                           fixture->http, NULL),
                                 "cb02");
  one = cd_sync_worker_new (fixture->db_path, fixture->central);
  two = cd_sync_worker_new (fixture->db_path, other);
  cd_sync_worker_set_batch_size (one, 4);
  cd_sync_worker_set_batch_size (two, 4);
  cd_sync_worker_run_once_async (one, CD_SYNC_ALL_PENDING, NULL, two_done, &finished);
  cd_sync_worker_run_once_async (two, CD_SYNC_ALL_PENDING, NULL, two_done, &finished);
  while (finished < 2)
    g_main_context_iteration (NULL, TRUE);

  db = open_db (fixture, &keep);
  /* A batch that failed its retries is deferred; an operator's sync finishes it. */
  if (query_int (db, "SELECT count(*) FROM outbox WHERE state = 'queued'") > 0)
    {
      CdSyncReport report;
      g_assert_true (cd_sync_worker_run_once (one, CD_SYNC_ALL_PENDING, &report, NULL, NULL));
    }
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM outbox WHERE state IN ('queued',"
                                  " 'sending')"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM outbox WHERE state = 'acknowledged'"
                                  " AND attempts > 0 AND central_receipt LIKE 'TW-2026-%'"), ==,
                   queued);
  {
    g_autofree char *url = g_strconcat (cd_gateway_process_get_base_url (fixture->gateway),
                                        "/_control/central/decisions", NULL);
    g_autoptr(CdHttpRequest) request = cd_http_request_new ("GET", url);
    g_autoptr(CdHttpResponse) response = cd_http_client_send (fixture->http, request, NULL, NULL);
    g_autoptr(JsonParser) parser = json_parser_new ();
    gsize length = 0;
    const char *body = g_bytes_get_data (response->body, &length);

    g_assert_true (json_parser_load_from_data (parser, body, (gssize) length, NULL));
    g_assert_cmpuint (json_array_get_length (json_node_get_array (json_parser_get_root (parser))),
                      ==, queued);
  }
}

/* ---- the commands --------------------------------------------------------------------------- */

static void
test_queue_json_shape (Fixture       *fixture,
                       gconstpointer  data)
{
  const char *argv[] = { g_getenv ("CLAIMDESK_CLI"), "queue", "--db", fixture->db_path, "--json",
                         NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *items;
  guint queued = 0;

  g_assert_cmpint (test_run (argv, &out, &err), ==, 0);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)));
  items = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (items), >, 0);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      const char *state = json_object_get_string_member (item, "state");

      g_assert_cmpint (json_node_get_value_type (json_object_get_member (item, "id")), ==,
                       G_TYPE_INT64);
      g_assert_true (g_str_has_prefix (json_object_get_string_member (item, "claim"), "HS-"));
      g_assert_true (g_strv_contains ((const char *[]) { "queued", "sending", "acknowledged",
                                                          "refused", "quarantined", NULL },
                                      state));
      g_assert_cmpint (json_node_get_value_type (json_object_get_member (item, "attempts")), ==,
                       G_TYPE_INT64);
      g_assert_true (json_object_has_member (item, "last_error"));
      if (g_str_equal (state, "queued"))
        {
          queued++;
          g_assert_true (json_object_get_null_member (item, "last_error"));
          g_assert_cmpint (json_object_get_int_member (item, "attempts"), ==, 0);
        }
      if (g_str_equal (state, "refused"))
        g_assert_nonnull (json_object_get_string_member (item, "last_error"));
    }
  g_assert_cmpuint (queued, ==, queued_count (fixture));
}

static void
test_sync_once_exit_status (Fixture       *fixture,
                            gconstpointer  data)
{
  const char *args[] = { "--fault-seed", "8", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  /* Nobody listens: the items stay queued and --once says so with 1. */
  {
    g_autoptr(CdOfficeCredential) unused = cd_office_credential_new ("cred-dead", "secret");
    const char *argv[] = { g_getenv ("CLAIMDESK_CLI"), "sync", "--db", fixture->db_path,
                           "--central", "http://127.0.0.1:1", "--once", "--officer", "cb01",
                           "--office-credential-file", NULL, NULL };

    write_credential_file (fixture, unused);
    argv[10] = fixture->credential_file;
    g_assert_cmpint (test_run (argv, &out, &err), ==, 1);
    g_assert_nonnull (strstr (err, "still queued"));
    g_assert_cmpuint (queued_count (fixture), >, 0);
  }
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  start_gateway (fixture, args);
  {
    const char *argv[] = { g_getenv ("CLAIMDESK_CLI"), "sync", "--db", fixture->db_path,
                           "--central", cd_gateway_process_get_base_url (fixture->gateway),
                           "--once", "--officer", "cb02", "--office-credential-file",
                           fixture->credential_file, NULL };
    g_assert_cmpint (test_run (argv, &out, &err), ==, 0);
    g_assert_nonnull (strstr (out, "0 still queued"));
    g_assert_cmpuint (queued_count (fixture), ==, 0);
  }
}

/* Without --once, `sync` keeps going until SIGTERM, then puts back what it was sending and exits
 * 0. */
static void
test_sync_loop_stops_cleanly (Fixture       *fixture,
                              gconstpointer  data)
{
  const char *args[] = { "--fault-seed", "9", "--latency-ms", "30", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDatabase) keep = NULL;
  GPid pid = 0;
  int status = -1;
  gint64 deadline;
  CdDatabase *db;

  start_gateway (fixture, args);
  {
    const char *argv[] = { g_getenv ("CLAIMDESK_CLI"), "sync", "--db", fixture->db_path,
                           "--central", cd_gateway_process_get_base_url (fixture->gateway),
                           "--batch", "5", "--officer", "cb01", "--office-credential-file",
                           fixture->credential_file, NULL };
    g_assert_true (g_spawn_async (NULL, (char **) argv, NULL,
                                  G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL,
                                  NULL, NULL, &pid, &error));
    g_assert_no_error (error);
  }
  /* Stopped mid-drain: some delivered, not all. */
  db = open_db (fixture, &keep);
  deadline = g_get_monotonic_time () + 20 * G_TIME_SPAN_SECOND;
  while (query_int (db, "SELECT count(*) FROM outbox WHERE state = 'acknowledged'"
                        " AND attempts > 0 AND central_receipt LIKE 'TW-2026-%'") == 0
         && g_get_monotonic_time () < deadline)
    g_usleep (10000);
  g_assert_cmpint (kill (pid, SIGTERM), ==, 0);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_spawn_close_pid (pid);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  /* Nothing is left marked in flight by a clean stop. */
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM outbox WHERE state = 'sending'"), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync/worker/backoff-bounds", test_backoff_bounds);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/sync/worker/unreachable-backs-off", test_unreachable_backs_off);
  ADD ("/sync/worker/poison-item-isolated", test_poison_item_isolated);
  ADD ("/sync/worker/expired-tokens", test_expired_tokens);
  ADD ("/sync/worker/left-sending-is-resent", test_left_sending_is_resent);
  ADD ("/sync/worker/suspect-goes-last", test_suspect_goes_last);
  ADD ("/sync/worker/progress-and-claims", test_progress_and_claims);
  ADD ("/sync/worker/async-and-loop", test_async_and_loop);
  ADD ("/sync/worker/loop-waits-for-a-run-under-way", test_loop_waits_for_a_run_under_way);
  ADD ("/sync/worker/two-workers-one-store", test_two_workers_one_store);
  ADD ("/sync/cli/queue-json-shape", test_queue_json_shape);
  ADD ("/sync/cli/sync-once-exit-status", test_sync_once_exit_status);
  ADD ("/sync/cli/sync-loop-stops-cleanly", test_sync_loop_stops_cleanly);
#undef ADD
  return g_test_run ();
}
