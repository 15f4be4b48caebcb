/* test-sync-crash.c — the outbox survives SIGKILL at any moment of a sync through a faulty line:
 * afterwards every decision is filed at the central side exactly once, none is lost; a resubmission
 * with another payload is a named conflict; a refusal reopens the claim with central's reason. */
#include <json-glib/json-glib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cd-canonical-json.h"
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
  char             *credential_file;  /* the office credentials the CLI reads */
} Fixture;

static void
seed_store (Fixture    *fixture,
            const char *claims)
{
  const char *cli = g_getenv ("CLAIMDESK_CLI");
  const char *argv[] = { cli, "seed", "--db", fixture->db_path, "--people", "1500", "--claims",
                         claims, "--seed", "6", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_nonnull (cli);
  g_assert_cmpint (test_run (argv, &out, &err), ==, 0);
}

static void
start_gateway (Fixture            *fixture,
               const char * const *args)
{
  g_autoptr(GError) error = NULL;
  CdHttpRetryPolicy fast = { 4, 5, 40 };

  fixture->gateway = cd_gateway_process_new (args);
  g_assert_true (cd_gateway_process_start_sync (fixture->gateway, NULL, &error));
  g_assert_no_error (error);
  fixture->http = cd_http_client_new ();
  cd_http_client_set_retry_policy (fixture->http, &fast);
  {
    /* The office enrols as a workstation does; the CLI reads the credentials from a file. */
    const CdOfficeCredential *credential =
      cd_gateway_process_get_office_credential (fixture->gateway, fixture->http, &error);
    g_autofree char *text = NULL;

    g_assert_no_error (error);
    text = cd_office_credential_to_string (credential);
    fixture->credential_file = g_build_filename (fixture->dir, "office.credential", NULL);
    g_assert_true (g_file_set_contents_full (fixture->credential_file, text, -1,
                                             G_FILE_SET_CONTENTS_NONE, 0600, &error));
  }
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = test_tmpdir_new ();
  fixture->db_path = g_build_filename (fixture->dir, "office.db", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->http);
  g_clear_object (&fixture->gateway);
  g_free (fixture->db_path);
  g_free (fixture->credential_file);
  test_tmpdir_free (fixture->dir);
}

static void
control_post (Fixture    *fixture,
              const char *path,
              const char *json)
{
  g_autofree char *url = g_strconcat (cd_gateway_process_get_base_url (fixture->gateway), path,
                                      NULL);
  g_autoptr(CdHttpRequest) request = cd_http_request_new ("POST", url);
  g_autoptr(GBytes) body = g_bytes_new (json, strlen (json));
  g_autoptr(CdHttpResponse) response = NULL;

  cd_http_request_set_body (request, "application/json", body);
  response = cd_http_client_send (fixture->http, request, NULL, NULL);
  g_assert_nonnull (response);
  g_assert_cmpuint (response->status, ==, 200);
}

/* id → the central side's JSON object for it; asserts each id appears once. */
static GHashTable *
central_decisions (Fixture    *fixture,
                   JsonParser *parser)
{
  g_autofree char *url = g_strconcat (cd_gateway_process_get_base_url (fixture->gateway),
                                      "/_control/central/decisions", NULL);
  g_autoptr(CdHttpRequest) request = cd_http_request_new ("GET", url);
  g_autoptr(CdHttpResponse) response = cd_http_client_send (fixture->http, request, NULL, NULL);
  GHashTable *by_id = g_hash_table_new (g_str_hash, g_str_equal);
  gsize length = 0;
  const char *data;
  JsonArray *array;

  g_assert_nonnull (response);
  data = g_bytes_get_data (response->body, &length);
  g_assert_true (json_parser_load_from_data (parser, data, (gssize) length, NULL));
  array = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *item = json_array_get_object_element (array, i);
      const char *id = json_object_get_string_member (item, "id");

      g_assert_false (g_hash_table_contains (by_id, id));   /* exactly once */
      g_hash_table_insert (by_id, (gpointer) id, item);
    }
  return by_id;
}

typedef struct
{
  char *uuid;
  char *sha;
  char *state;
  char *receipt;
  char *last_error;
  int   claim_status;
  char *status_note;
} LocalItem;

static void
local_item_free (gpointer data)
{
  LocalItem *item = data;

  g_free (item->uuid);
  g_free (item->sha);
  g_free (item->state);
  g_free (item->receipt);
  g_free (item->last_error);
  g_free (item->status_note);
  g_free (item);
}

/* The outbox items whose state is one of `states` (comma-separated SQL literals), keyed by uuid. */
static GHashTable *
local_items (Fixture    *fixture,
             const char *where)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDatabase) db = cd_database_open_reader (fixture->db_path, &error);
  g_autofree char *sql = g_strconcat (
      "SELECT d.uuid, d.payload_sha256, o.state, o.central_receipt, o.last_error, c.status,"
      " c.status_note FROM outbox o JOIN decisions d ON d.id = o.decision_id"
      " JOIN claims c ON c.id = d.claim_id WHERE ", where, NULL);
  GHashTable *items = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, local_item_free);
  g_autoptr(CdStatement) stmt = NULL;

  g_assert_no_error (error);
  stmt = cd_database_prepare (db, sql, NULL);
  g_assert_nonnull (stmt);
  while (cd_statement_step (stmt, NULL) == CD_STEP_ROW)
    {
      LocalItem *item = g_new0 (LocalItem, 1);

      item->uuid = cd_statement_dup_text (stmt, 0);
      item->sha = cd_statement_dup_text (stmt, 1);
      item->state = cd_statement_dup_text (stmt, 2);
      item->receipt = cd_statement_dup_text (stmt, 3);
      item->last_error = cd_statement_dup_text (stmt, 4);
      item->claim_status = cd_statement_get_int (stmt, 5);
      item->status_note = cd_statement_dup_text (stmt, 6);
      g_hash_table_insert (items, item->uuid, item);
    }
  return items;
}

static GPid
spawn_sync (Fixture *fixture)
{
  const char *argv[] = { g_getenv ("CLAIMDESK_CLI"), "sync", "--db", fixture->db_path, "--central",
                         cd_gateway_process_get_base_url (fixture->gateway), "--batch", "10",
                         "--officer", "cb01", "--office-credential-file", fixture->credential_file,
                         NULL };
  g_autoptr(GError) error = NULL;
  GPid pid = 0;

  /* Output to /dev/null: a pipe nobody reads could block it or kill it with SIGPIPE, and only
   * SIGKILL may stop it here. */
  g_assert_true (g_spawn_async (NULL, (char **) argv, NULL,
                                G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL
                                | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &pid, &error));
  g_assert_no_error (error);
  return pid;
}

static int
run_sync_once (Fixture *fixture)
{
  const char *argv[] = { g_getenv ("CLAIMDESK_CLI"), "sync", "--db", fixture->db_path, "--central",
                         cd_gateway_process_get_base_url (fixture->gateway), "--once",
                         "--officer", "cb01", "--office-credential-file", fixture->credential_file,
                         NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = test_run (argv, &out, &err);

  if (status != 0)
    g_test_message ("sync --once: %s %s", out, err);
  return status;
}

/* How many claims the system marked synced, by the audit log. */
static guint
count_audited_syncs (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDatabase) db = cd_database_open_reader (fixture->db_path, &error);
  g_autoptr(CdStatement) stmt = NULL;

  g_assert_no_error (error);
  stmt = cd_database_prepare (db, "SELECT count(DISTINCT entity_id) FROM audit_log"
                              " WHERE action = 'mark_synced' AND user_id IS NULL", NULL);
  g_assert_nonnull (stmt);
  g_assert_cmpint (cd_statement_step (stmt, NULL), ==, CD_STEP_ROW);
  return (guint) cd_statement_get_int (stmt, 0);
}

static void
assert_audit_intact (Fixture *fixture)
{
  const char *argv[] = { g_getenv ("CLAIMDESK_CLI"), "verify-audit", "--db", fixture->db_path,
                         NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (test_run (argv, &out, &err), ==, 0);
}

static void
test_sigkill_rounds (Fixture       *fixture,
                     gconstpointer  data)
{
  const char *args[] = { "--fault-seed", "6", "--reset-rate", "0.1", "--error-rate", "0.1",
                         "--truncate-rate", "0.1", "--latency-ms", "10", "--jitter-ms", "40",
                         NULL };
  g_autoptr(GHashTable) queued = NULL;
  g_autoptr(GHashTable) after = NULL;
  g_autoptr(GHashTable) central = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  GRand *rand = g_rand_new_with_seed (6);
  GHashTableIter iter;
  LocalItem *item;
  guint killed_mid_send = 0;
  guint synced_before;

  seed_store (fixture, "8000");
  synced_before = count_audited_syncs (fixture);
  start_gateway (fixture, args);
  queued = local_items (fixture, "o.state = 'queued'");
  g_assert_cmpuint (g_hash_table_size (queued), >, 300);

  for (guint round = 0; round < 20; round++)
    {
      GPid pid = spawn_sync (fixture);
      int status = 0;

      g_usleep ((gulong) g_rand_int_range (rand, 50, 401) * 1000);
      g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_spawn_close_pid (pid);
      if (WIFSIGNALED (status))
        killed_mid_send++;
      else
        g_test_message ("round %u: sync had already stopped (status %d)", round, status);
    }
  g_rand_free (rand);
  g_assert_cmpuint (killed_mid_send, >, 0);
  {
    /* The kills landed while work was under way: some items got through, some did not. */
    g_autoptr(GHashTable) midway = local_items (fixture, "1");
    guint done = 0, pending = 0;

    g_hash_table_iter_init (&iter, queued);
    while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &item))
      {
        const char *state = ((LocalItem *) g_hash_table_lookup (midway, item->uuid))->state;

        done += g_str_equal (state, "acknowledged");
        pending += g_str_equal (state, "queued") || g_str_equal (state, "sending");
      }
    g_test_message ("after the kills: %u of %u acknowledged, %u still queued or sending", done,
                    g_hash_table_size (queued), pending);
    g_assert_cmpuint (done, >, 0);
  }

  /* The line heals; one more sync finishes the job. */
  control_post (fixture, "/_control/faults",
                "{\"reset-rate\":0,\"error-rate\":0,\"truncate-rate\":0,\"latency-ms\":0,"
                "\"jitter-ms\":0}");
  g_assert_cmpint (run_sync_once (fixture), ==, 0);

  after = local_items (fixture, "1");
  central = central_decisions (fixture, parser);
  /* Nothing lost, nothing extra: central holds exactly the decisions that were queued. */
  g_assert_cmpuint (g_hash_table_size (central), ==, g_hash_table_size (queued));
  g_hash_table_iter_init (&iter, queued);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &item))
    {
      LocalItem *now = g_hash_table_lookup (after, item->uuid);
      JsonObject *filed = g_hash_table_lookup (central, item->uuid);

      g_assert_nonnull (now);
      g_assert_nonnull (filed);
      g_assert_cmpstr (json_object_get_string_member (filed, "payload_hash"), ==, item->sha);
      g_assert_cmpint (json_object_get_int_member (filed, "conflicts"), ==, 0);
      g_assert_cmpstr (now->state, ==, "acknowledged");
      g_assert_cmpstr (now->receipt, ==, json_object_get_string_member (filed, "receipt"));
      g_assert_cmpint (now->claim_status, ==, CD_CLAIM_STATUS_SYNCED);
    }
  /* Every claim synced here went through the workflow: one audited transition each, recorded as
   * the system, and the chain still verifies after all the kills. */
  g_assert_cmpuint (count_audited_syncs (fixture), ==, synced_before + g_hash_table_size (queued));
  assert_audit_intact (fixture);
  /* And no item of the whole outbox is left in flight. */
  g_hash_table_iter_init (&iter, after);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &item))
    g_assert_true (g_str_equal (item->state, "acknowledged")
                   || g_str_equal (item->state, "refused"));
}

static CdCentralClient *
central_client (Fixture *fixture)
{
  return cd_central_client_new (fixture->http, cd_gateway_process_get_base_url (fixture->gateway),
                                cd_gateway_process_get_office_credential (fixture->gateway,
                                                                          fixture->http, NULL),
                                "cb01");
}

static void
test_conflict_is_named (Fixture       *fixture,
                        gconstpointer  data)
{
  const char *args[] = { "--fault-seed", "7", NULL };
  g_autoptr(CdCentralClient) central = NULL;
  g_autoptr(CdSyncWorker) worker = NULL;
  g_autoptr(GHashTable) queued = NULL;
  g_autoptr(GHashTable) after = NULL;
  g_autoptr(GHashTable) filed = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *other = NULL;
  g_autofree char *other_hash = NULL;
  CdSyncReport report;
  GHashTableIter iter;
  LocalItem *victim = NULL;
  LocalItem *item;
  CdOutboundDecision outbound;

  seed_store (fixture, "400");
  start_gateway (fixture, args);
  central = central_client (fixture);
  queued = local_items (fixture, "o.state = 'queued'");
  g_hash_table_iter_init (&iter, queued);
  g_assert_true (g_hash_table_iter_next (&iter, NULL, (gpointer *) &victim));

  /* Someone filed this id first with another payload (a restored old backup, say). */
  other = cd_canonical_json_from_text ("{\"claim_number\":\"HS-2026-99999999\",\"total\":1}", NULL);
  other_hash = cd_sha256_hex (other, strlen (other));
  outbound = (CdOutboundDecision) { victim->uuid, other_hash, other };
  results = cd_central_client_submit_decisions (central, &outbound, 1, NULL, &error);
  g_assert_no_error (error);

  worker = cd_sync_worker_new (fixture->db_path, central);
  g_assert_true (cd_sync_worker_run_once (worker, CD_SYNC_ALL_PENDING, &report, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.quarantined, ==, 1);
  g_assert_cmpuint (report.acknowledged, ==, g_hash_table_size (queued) - 1);
  g_assert_cmpuint (report.remaining, ==, 0);

  after = local_items (fixture, "1");
  item = g_hash_table_lookup (after, victim->uuid);
  g_assert_cmpstr (item->state, ==, "quarantined");
  g_assert_nonnull (strstr (item->last_error, "conflict"));
  g_assert_nonnull (strstr (item->last_error, victim->uuid));
  g_assert_null (item->receipt);
  g_assert_cmpint (item->claim_status, !=, CD_CLAIM_STATUS_SYNCED);

  /* Central kept the first payload and counted the conflict: nothing was overwritten. */
  filed = central_decisions (fixture, parser);
  g_assert_cmpstr (json_object_get_string_member (g_hash_table_lookup (filed, victim->uuid),
                                                  "payload_hash"), ==, other_hash);
  g_assert_cmpint (json_object_get_int_member (g_hash_table_lookup (filed, victim->uuid),
                                               "conflicts"), ==, 1);

  /* A second sync leaves the quarantined item alone. */
  g_assert_true (cd_sync_worker_run_once (worker, CD_SYNC_ALL_PENDING, &report, NULL, &error));
  g_assert_cmpuint (report.sent, ==, 0);
}

static void
test_refusal_reopens_claim (Fixture       *fixture,
                            gconstpointer  data)
{
  const char *args[] = { "--fault-seed", "8", "--refuse-rate", "0.5", NULL };
  g_autoptr(CdCentralClient) central = NULL;
  g_autoptr(CdSyncWorker) worker = NULL;
  g_autoptr(GHashTable) queued = NULL;
  g_autoptr(GHashTable) after = NULL;
  g_autoptr(GError) error = NULL;
  CdSyncReport report;
  GHashTableIter iter;
  LocalItem *item;
  guint refused = 0, acknowledged = 0;

  seed_store (fixture, "400");
  start_gateway (fixture, args);
  central = central_client (fixture);
  queued = local_items (fixture, "o.state = 'queued'");
  worker = cd_sync_worker_new (fixture->db_path, central);
  g_assert_true (cd_sync_worker_run_once (worker, CD_SYNC_ALL_PENDING, &report, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.refused, >, 0);
  g_assert_cmpuint (report.acknowledged, >, 0);

  after = local_items (fixture, "1");
  g_hash_table_iter_init (&iter, queued);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &item))
    {
      LocalItem *now = g_hash_table_lookup (after, item->uuid);

      if (g_str_equal (now->state, "refused"))
        {
          refused++;
          /* Reopened, with central's own (Vietnamese) reason for the officer to act on. */
          g_assert_cmpint (now->claim_status, ==, CD_CLAIM_STATUS_REOPENED);
          g_assert_nonnull (now->status_note);
          g_assert_nonnull (strstr (now->status_note, "bảo hiểm"));
          g_assert_cmpstr (now->last_error, ==, now->status_note);
        }
      else
        {
          acknowledged++;
          g_assert_cmpstr (now->state, ==, "acknowledged");
          g_assert_cmpint (now->claim_status, ==, CD_CLAIM_STATUS_SYNCED);
        }
    }
  g_assert_cmpuint (refused, ==, report.refused);
  g_assert_cmpuint (acknowledged, ==, report.acknowledged);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/sync/crash/sigkill-rounds", Fixture, NULL, fixture_set_up, test_sigkill_rounds,
              fixture_tear_down);
  g_test_add ("/sync/crash/conflict-is-named", Fixture, NULL, fixture_set_up,
              test_conflict_is_named, fixture_tear_down);
  g_test_add ("/sync/crash/refusal-reopens-claim", Fixture, NULL, fixture_set_up,
              test_refusal_reopens_claim, fixture_tear_down);
  return g_test_run ();
}
