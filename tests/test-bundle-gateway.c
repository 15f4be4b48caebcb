/* test-bundle-gateway.c — the outbox carried on a file to the real gateway playing central and its
 * receipts carried back, through claimdesk-cli: every decision acknowledged with central's own
 * receipt; a replayed bundle files nothing twice; network and bundle mixed for one outbox; a
 * partial acceptance reported item by item; what central refuses to file. */
#include <string.h>

#include "bundle-fixture.h"
#include "cd-bundle.h"
#include "cd-canonical-json.h"
#include "cd-central-client.h"
#include "cd-claim-types.h"
#include "cd-database.h"
#include "cd-statement.h"
#include "test-util.h"

typedef BundleFixture Fixture;

static char *
path_in (Fixture    *fixture,
         const char *name)
{
  return g_build_filename (fixture->dir, name, NULL);
}

static JsonObject *
parse_object (JsonParser *parser,
              const char *text)
{
  g_assert_true (json_parser_load_from_data (parser, text, -1, NULL));
  return json_node_get_object (json_parser_get_root (parser));
}

/* Exports to `name` with the CLI; returns its JSON report (owned by parser). */
static JsonObject *
export_bundle (Fixture    *fixture,
               const char *name,
               JsonParser *parser)
{
  g_autofree char *path = path_in (fixture, name);
  const char *args[] = { "--out", path, "--json", NULL };
  g_autofree char *out = NULL;

  g_assert_cmpint (bundle_fixture_cli (fixture, "export", args, &out, NULL), ==, 0);
  return parse_object (parser, out);
}

static JsonObject *
import_receipts (Fixture    *fixture,
                 const char *name,
                 JsonParser *parser)
{
  g_autofree char *path = path_in (fixture, name);
  const char *args[] = { path, "--json", NULL };
  g_autofree char *out = NULL;

  g_assert_cmpint (bundle_fixture_cli (fixture, "import", args, &out, NULL), ==, 0);
  return parse_object (parser, out);
}

static void
post_ok (Fixture    *fixture,
         const char *bundle,
         const char *receipts)
{
  g_autofree char *bundle_path = path_in (fixture, bundle);
  g_autofree char *receipts_path = path_in (fixture, receipts);
  g_autofree char *answer = NULL;
  guint status = bundle_fixture_post (fixture, bundle_path, receipts_path, &answer);

  if (status != 200)
    g_test_message ("POST /central/bundles: %u %s", status, answer);
  g_assert_cmpuint (status, ==, 200);
}

/* Every item of the outbox that `where` selects is acknowledged with the receipt central holds
 * for it, its claim synced; returns how many. */
static guint
assert_acknowledged_as_central (Fixture    *fixture,
                                GHashTable *central,
                                const char *where)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDatabase) db = cd_database_open_reader (fixture->db_path, &error);
  g_autofree char *sql = g_strconcat ("SELECT d.uuid, d.payload_sha256, o.state,"
                                      " o.central_receipt, c.status FROM outbox o"
                                      " JOIN decisions d ON d.id = o.decision_id"
                                      " JOIN claims c ON c.id = d.claim_id WHERE ", where, NULL);
  g_autoptr(CdStatement) stmt = cd_database_prepare (db, sql, &error);
  guint n = 0;

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
  return n;
}

static void
test_round_trip (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(JsonParser) export_parser = json_parser_new ();
  g_autoptr(JsonParser) import_parser = json_parser_new ();
  g_autoptr(JsonParser) again_parser = json_parser_new ();
  g_autoptr(JsonParser) replay_parser = json_parser_new ();
  g_autoptr(JsonParser) central_parser = json_parser_new ();
  g_autoptr(GHashTable) central = NULL;
  g_autofree char *first_receipts = NULL;
  g_autofree char *replay_receipts = NULL;
  JsonObject *exported;
  JsonObject *imported;
  JsonObject *again;
  JsonObject *replayed;
  gint64 queued;
  gint64 n;

  bundle_fixture_seed (fixture, "400");
  bundle_fixture_start_gateway (fixture, NULL);
  queued = bundle_fixture_query_int (fixture, "SELECT count (*) FROM outbox"
                                              " WHERE state = 'queued'");
  g_assert_cmpint (queued, >, 10);

  exported = export_bundle (fixture, "outbox-1.json", export_parser);
  n = json_object_get_int_member (exported, "items");
  g_assert_cmpint (n, ==, queued);
  g_assert_cmpint (json_object_get_int_member (exported, "sequence"), ==, 1);

  post_ok (fixture, "outbox-1.json", "receipts-1.json");
  imported = import_receipts (fixture, "receipts-1.json", import_parser);
  g_assert_cmpint (json_object_get_int_member (imported, "accepted"), ==, n);
  g_assert_false (json_object_get_boolean_member (imported, "already_imported"));
  g_assert_cmpint (json_object_get_int_member (imported, "missing"), ==, 0);

  central = bundle_fixture_central (fixture, central_parser);
  g_assert_cmpuint (g_hash_table_size (central), ==, n);
  g_assert_cmpuint (assert_acknowledged_as_central (fixture, central,
                                                    "o.id IN (SELECT outbox_id FROM bundle_items)"),
                    ==, n);

  /* The same receipts again: nothing changes, and the command says so. */
  again = import_receipts (fixture, "receipts-1.json", again_parser);
  g_assert_true (json_object_get_boolean_member (again, "already_imported"));
  g_assert_cmpint (json_object_get_int_member (again, "unchanged"), ==, n);

  /* Central's operator imports the same stick twice: nothing filed twice, the same receipts. */
  post_ok (fixture, "outbox-1.json", "receipts-1b.json");
  replayed = import_receipts (fixture, "receipts-1b.json", replay_parser);
  g_assert_cmpint (json_object_get_int_member (replayed, "unchanged"), ==, n);
  {
    g_autoptr(JsonParser) parser = json_parser_new ();
    g_autoptr(GHashTable) after = bundle_fixture_central (fixture, parser);
    GHashTableIter iter;
    JsonObject *filed;

    g_assert_cmpuint (g_hash_table_size (after), ==, n);
    g_hash_table_iter_init (&iter, after);
    while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &filed))
      g_assert_cmpint (json_object_get_int_member (filed, "times_received"), ==, 2);
    g_assert_cmpuint (assert_acknowledged_as_central (fixture, after,
                                                      "o.id IN (SELECT outbox_id FROM"
                                                      " bundle_items)"), ==, n);
  }
  {
    /* The replay's answers are central's first ones, item by item. */
    JsonArray *first = json_object_get_array_member (imported, "items");
    JsonArray *second = json_object_get_array_member (replayed, "items");

    g_assert_cmpuint (json_array_get_length (first), ==, json_array_get_length (second));
    for (guint i = 0; i < json_array_get_length (first); i++)
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (first, i),
                                                      "text"), ==,
                       json_object_get_string_member (json_array_get_object_element (second, i),
                                                      "text"));
  }
  g_assert_cmpint (bundle_fixture_query_int (fixture, "SELECT count (*) FROM bundles"
                                                      " WHERE state = 'answered'"), ==, 1);
}

/* Part of the outbox reaches central over the network first (the answer lost on the way: the
 * items are still pending here), then the whole outbox goes on the stick. */
static void
test_network_then_bundle (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(JsonParser) export_parser = json_parser_new ();
  g_autoptr(JsonParser) import_parser = json_parser_new ();
  g_autoptr(JsonParser) central_parser = json_parser_new ();
  g_autoptr(GHashTable) central = NULL;
  g_autoptr(GHashTable) network_receipts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                                  g_free);
  g_autoptr(CdCentralClient) client = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GArray) outbound = g_array_new (FALSE, FALSE, sizeof (CdOutboundDecision));
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDatabase) db = NULL;
  g_autoptr(CdStatement) stmt = NULL;
  JsonObject *imported;
  JsonArray *items;
  gint64 n;

  bundle_fixture_seed (fixture, "400");
  bundle_fixture_start_gateway (fixture, NULL);
  client = cd_central_client_new (fixture->http,
                                  cd_gateway_process_get_base_url (fixture->gateway),
                                  cd_gateway_process_get_office_credential (fixture->gateway,
                                                                            fixture->http, NULL),
                                  "cb01");
  db = cd_database_open_reader (fixture->db_path, &error);
  g_assert_no_error (error);
  stmt = cd_database_prepare (db, "SELECT d.uuid, d.payload_sha256, d.payload FROM outbox o"
                                  " JOIN decisions d ON d.id = o.decision_id"
                                  " WHERE o.state = 'queued' AND o.id % 2 = 0", &error);
  g_assert_no_error (error);
  while (cd_statement_step (stmt, NULL) == CD_STEP_ROW)
    {
      CdOutboundDecision decision;

      g_ptr_array_add (texts, cd_statement_dup_text (stmt, 0));
      decision.id = g_ptr_array_index (texts, texts->len - 1);
      g_ptr_array_add (texts, cd_statement_dup_text (stmt, 1));
      decision.payload_hash = g_ptr_array_index (texts, texts->len - 1);
      g_ptr_array_add (texts, cd_statement_dup_text (stmt, 2));
      decision.payload = g_ptr_array_index (texts, texts->len - 1);
      g_array_append_val (outbound, decision);
    }
  g_assert_cmpuint (outbound->len, >, 3);
  results = cd_central_client_submit_decisions (client, (CdOutboundDecision *) outbound->data,
                                                outbound->len, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < results->len; i++)
    {
      CdCentralResult *result = g_ptr_array_index (results, i);

      g_assert_cmpint (result->outcome, ==, CD_CENTRAL_ACCEPTED);
      g_hash_table_insert (network_receipts, g_strdup (result->id), g_strdup (result->receipt));
    }

  n = json_object_get_int_member (export_bundle (fixture, "outbox-1.json", export_parser),
                                  "items");
  post_ok (fixture, "outbox-1.json", "receipts-1.json");
  imported = import_receipts (fixture, "receipts-1.json", import_parser);
  g_assert_cmpint (json_object_get_int_member (imported, "duplicate"), ==, outbound->len);
  g_assert_cmpint (json_object_get_int_member (imported, "accepted"), ==, n - outbound->len);

  /* Those filed over the network keep the receipt of that first filing, once. */
  items = json_object_get_array_member (imported, "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      const char *first = g_hash_table_lookup (network_receipts,
                                               json_object_get_string_member (item, "decision"));

      if (first != NULL)
        g_assert_cmpstr (json_object_get_string_member (item, "text"), ==, first);
    }
  central = bundle_fixture_central (fixture, central_parser);
  g_assert_cmpuint (g_hash_table_size (central), ==, n);
  g_assert_cmpuint (assert_acknowledged_as_central (fixture, central,
                                                    "o.id IN (SELECT outbox_id FROM bundle_items)"),
                    ==, n);
}

/* The stick goes out, then the line comes back and a network run delivers everything before the
 * receipts return: the receipts then change nothing, central filed each decision once. */
static void
test_bundle_then_network (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(JsonParser) export_parser = json_parser_new ();
  g_autoptr(JsonParser) import_parser = json_parser_new ();
  g_autoptr(JsonParser) central_parser = json_parser_new ();
  g_autoptr(GHashTable) central = NULL;
  const char *argv[] = { g_getenv ("CLAIMDESK_CLI"), "sync", "--db", fixture->db_path, "--central",
                         NULL, "--once", "--officer", "cb01", "--office-credential-file", NULL,
                         NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  JsonObject *imported;
  gint64 n;

  bundle_fixture_seed (fixture, "400");
  bundle_fixture_start_gateway (fixture, NULL);
  argv[5] = cd_gateway_process_get_base_url (fixture->gateway);
  argv[10] = fixture->credential_file;

  n = json_object_get_int_member (export_bundle (fixture, "outbox-1.json", export_parser),
                                  "items");
  /* The network run re-sends what the bundle left in flight. */
  g_assert_cmpint (test_run (argv, &out, &err), ==, 0);
  g_assert_cmpint (bundle_fixture_query_int (fixture, "SELECT count (*) FROM outbox"
                                                      " WHERE state IN ('queued', 'sending')"), ==,
                   0);
  post_ok (fixture, "outbox-1.json", "receipts-1.json");
  imported = import_receipts (fixture, "receipts-1.json", import_parser);
  g_assert_cmpint (json_object_get_int_member (imported, "unchanged"), ==, n);
  g_assert_cmpint (json_object_get_int_member (imported, "accepted"), ==, 0);

  central = bundle_fixture_central (fixture, central_parser);
  g_assert_cmpuint (g_hash_table_size (central), ==, n);
  g_assert_cmpuint (assert_acknowledged_as_central (fixture, central,
                                                    "o.id IN (SELECT outbox_id FROM bundle_items)"),
                    ==, n);
}

static void
test_partial_acceptance (Fixture       *fixture,
                         gconstpointer  data)
{
  const char *args[] = { "--fault-seed", "8", "--refuse-rate", "0.5", NULL };
  g_autoptr(JsonParser) export_parser = json_parser_new ();
  g_autoptr(JsonParser) import_parser = json_parser_new ();
  g_autoptr(JsonParser) central_parser = json_parser_new ();
  g_autoptr(GHashTable) central = NULL;
  g_autofree char *receipts = path_in (fixture, "receipts-1.json");
  const char *plain_args[] = { receipts, NULL };
  g_autofree char *plain = NULL;
  JsonObject *imported;
  JsonArray *items;
  gint64 n, accepted, refused;
  guint seen_refused = 0;

  bundle_fixture_seed (fixture, "400");
  bundle_fixture_start_gateway (fixture, args);
  n = json_object_get_int_member (export_bundle (fixture, "outbox-1.json", export_parser),
                                  "items");
  post_ok (fixture, "outbox-1.json", "receipts-1.json");
  imported = import_receipts (fixture, "receipts-1.json", import_parser);
  accepted = json_object_get_int_member (imported, "accepted");
  refused = json_object_get_int_member (imported, "refused");
  g_assert_cmpint (accepted, >, 0);
  g_assert_cmpint (refused, >, 0);
  g_assert_cmpint (accepted + refused, ==, n);

  /* Each refusal with central's reason, its claim reopened with it. */
  items = json_object_get_array_member (imported, "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      g_autofree char *sql = NULL;

      if (!g_str_equal (json_object_get_string_member (item, "status"), "refused"))
        continue;
      seen_refused++;
      g_assert_nonnull (strstr (json_object_get_string_member (item, "text"), "bảo hiểm"));
      sql = g_strdup_printf ("SELECT count (*) FROM claims WHERE number = '%s' AND status = %d"
                             " AND status_note LIKE '%%bảo hiểm%%'",
                             json_object_get_string_member (item, "claim"),
                             CD_CLAIM_STATUS_REOPENED);
      g_assert_cmpint (bundle_fixture_query_int (fixture, sql), ==, 1);
    }
  g_assert_cmpuint (seen_refused, ==, refused);
  central = bundle_fixture_central (fixture, central_parser);
  g_assert_cmpuint (assert_acknowledged_as_central (fixture, central,
                                                    "o.state = 'acknowledged' AND o.id IN"
                                                    " (SELECT outbox_id FROM bundle_items)"),
                    ==, accepted);

  /* The plain report names the counts; run again, it says nothing changed. */
  g_assert_cmpint (bundle_fixture_cli (fixture, "import", plain_args, &plain, NULL), ==, 0);
  g_assert_nonnull (strstr (plain, "nothing changed"));
}

/* What central will not file, and what the workstation will not import: nothing changes. */
static void
test_refusals (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(JsonParser) export_parser = json_parser_new ();
  g_autoptr(JsonParser) central_parser = json_parser_new ();
  g_autoptr(GHashTable) central = NULL;
  g_autofree char *outbox_path = path_in (fixture, "outbox-1.json");
  g_autofree char *tampered_path = path_in (fixture, "tampered.json");
  g_autofree char *stranger_path = path_in (fixture, "stranger.json");
  g_autofree char *receipts_path = path_in (fixture, "receipts-1.json");
  g_autofree char *contents = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  const char *import_outbox[] = { outbox_path, NULL };
  const char *import_tampered[] = { tampered_path, NULL };
  char *at;

  bundle_fixture_seed (fixture, "400");
  bundle_fixture_start_gateway (fixture, NULL);
  export_bundle (fixture, "outbox-1.json", export_parser);

  /* A changed amount: the MAC fails at central. */
  g_assert_true (g_file_get_contents (outbox_path, &contents, NULL, &error));
  at = strstr (contents, "\\\"amount\\\":");
  g_assert_nonnull (at);
  at[strlen ("\\\"amount\\\":")] = at[strlen ("\\\"amount\\\":")] == '9' ? '8' : '9';
  g_assert_true (g_file_set_contents (tampered_path, contents, -1, &error));
  g_assert_cmpuint (bundle_fixture_post (fixture, tampered_path, NULL, &answer), ==, 403);
  g_assert_nonnull (strstr (answer, "\"mac\""));
  g_clear_pointer (&answer, g_free);

  {
    /* Credentials central never issued. */
    g_autoptr(CdOfficeCredential) stranger = cd_office_credential_new ("nobody",
                                                                        "not-a-real-secret");
    g_autoptr(CdBundle) bundle = cd_bundle_new (CD_BUNDLE_OUTBOX, NULL, "nobody", 1,
                                                "2026-12-01T08:00:00Z");
    g_autoptr(GBytes) bytes = NULL;
    guint8 key[CD_BUNDLE_KEY_SIZE];

    cd_bundle_key_from_credential (stranger, key);
    bytes = cd_bundle_to_bytes (bundle, key, NULL);
    g_assert_true (g_file_set_contents (stranger_path, g_bytes_get_data (bytes, NULL),
                                        (gssize) g_bytes_get_size (bytes), &error));
    g_assert_cmpuint (bundle_fixture_post (fixture, stranger_path, NULL, &answer), ==, 403);
    g_assert_nonnull (strstr (answer, "unknown_credential"));
    g_clear_pointer (&answer, g_free);
  }
  central = bundle_fixture_central (fixture, central_parser);
  g_assert_cmpuint (g_hash_table_size (central), ==, 0);

  /* Central's receipts are not an outbox; an outbox is not receipts. */
  post_ok (fixture, "outbox-1.json", "receipts-1.json");
  g_assert_cmpuint (bundle_fixture_post (fixture, receipts_path, NULL, &answer), ==, 400);
  g_assert_nonnull (strstr (answer, "direction"));
  g_assert_cmpint (bundle_fixture_cli (fixture, "import", import_outbox, NULL, &err), ==, 1);
  g_assert_nonnull (strstr (err, outbox_path));
  g_assert_nonnull (strstr (err, "not central’s receipts"));
  g_clear_pointer (&err, g_free);

  /* Tampered receipts: refused, naming the file, nothing imported. */
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (receipts_path, &contents, NULL, &error));
  at = strstr (contents, "TW-2026-");
  g_assert_nonnull (at);
  at[strlen ("TW-2026-")] = '9';
  g_assert_true (g_file_set_contents (tampered_path, contents, -1, &error));
  g_assert_cmpint (bundle_fixture_cli (fixture, "import", import_tampered, NULL, &err), ==, 1);
  g_assert_nonnull (strstr (err, tampered_path));
  g_assert_nonnull (strstr (err, "HMAC"));
  g_assert_cmpint (bundle_fixture_query_int (fixture, "SELECT count (*) FROM outbox"
                                                      " WHERE state = 'sending'"), ==,
                   bundle_fixture_query_int (fixture, "SELECT n_items FROM bundles"));
}

/* The scans of paper documents go with their claims and central keeps each once by content. */
static void
test_attachments_reach_central (Fixture       *fixture,
                                gconstpointer  data)
{
  static const guint8 scan[] = { '%', 'P', 'D', 'F', '-', '1', '.', '4', '\n', 0xe2, 0xe3 };
  g_autofree char *sha = cd_sha256_hex (scan, sizeof scan);
  g_autoptr(JsonParser) export_parser = json_parser_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStatement) insert = NULL;
  g_autofree char *url = NULL;
  g_autoptr(CdHttpRequest) request = NULL;
  g_autoptr(CdHttpResponse) response = NULL;
  JsonArray *stored;

  bundle_fixture_seed (fixture, "400");
  bundle_fixture_start_gateway (fixture, NULL);
  {
    g_autoptr(CdDatabase) db = cd_database_open (fixture->db_path, &error);
    g_autofree char *sql = g_strdup_printf (
      "INSERT INTO documents (claim_id, person_id, kind, source_system, fetched_at, raw, sha256,"
      " signature_status, parse_status, fields, scan_id, paper_state)"
      " SELECT c.id, c.claimant_id, 'discharge_paper', 'manual', '2026-11-30T08:00:00Z',"
      " CAST ('x' AS BLOB), '%s', 'not_applicable', 'parsed', '{}',"
      " (SELECT id FROM scans WHERE sha256 = '%s'), 'unverified' FROM outbox o"
      " JOIN decisions d ON d.id = o.decision_id JOIN claims c ON c.id = d.claim_id"
      " WHERE o.state = 'queued' ORDER BY o.id LIMIT 3", sha, sha);

    g_assert_no_error (error);
    insert = cd_database_prepare (db, "INSERT INTO scans (sha256, media_type, size, bytes,"
                                      " added_at) VALUES (?, 'application/pdf', ?, ?,"
                                      " '2026-11-30T08:00:00Z')", &error);
    g_assert_no_error (error);
    cd_statement_bind_text (insert, 1, sha);
    cd_statement_bind_int64 (insert, 2, sizeof scan);
    cd_statement_bind_blob (insert, 3, scan, sizeof scan);
    g_assert_true (cd_statement_run (insert, &error));
    g_clear_pointer (&insert, cd_statement_free);
    g_assert_true (cd_database_exec (db, sql, &error));
  }

  g_assert_cmpint (json_object_get_int_member (export_bundle (fixture, "outbox-1.json",
                                                              export_parser), "attachments"),
                   ==, 1);
  post_ok (fixture, "outbox-1.json", "receipts-1.json");
  url = g_strconcat (cd_gateway_process_get_base_url (fixture->gateway),
                     "/_control/central/attachments", NULL);
  request = cd_http_request_new ("GET", url);
  response = cd_http_client_send (fixture->http, request, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (response->body, NULL),
                                             (gssize) g_bytes_get_size (response->body), NULL));
  stored = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (stored), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (stored, 0),
                                                  "sha256"), ==, sha);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (stored, 0),
                                               "size"), ==, sizeof scan);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, bundle_fixture_set_up, func, bundle_fixture_tear_down)
  ADD ("/bundle/gateway/round-trip", test_round_trip);
  ADD ("/bundle/gateway/network-then-bundle", test_network_then_bundle);
  ADD ("/bundle/gateway/bundle-then-network", test_bundle_then_network);
  ADD ("/bundle/gateway/partial-acceptance", test_partial_acceptance);
  ADD ("/bundle/gateway/refusals", test_refusals);
  ADD ("/bundle/gateway/attachments", test_attachments_reach_central);
#undef ADD
  return g_test_run ();
}
