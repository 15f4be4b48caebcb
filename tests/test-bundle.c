/* test-bundle.c — file bundles without a central system (core suite): the claimdesk-bundle-1
 * format (MAC, tampering, another office, the wrong direction or format), and what export and an
 * import of receipts do to a real seeded store, twice over. The receipts are made here with the
 * format's own API, keyed as central keys them (from the SHA-256 of the secret). */
#include <string.h>

#include "cd-bundle-store.h"
#include "cd-canonical-json.h"
#include "cd-claim-types.h"
#include "cd-connection-state.h"
#include "cd-database.h"
#include "cd-statement.h"
#include "test-util.h"

#define OFFICE "BHXH-079-BT"

typedef struct
{
  char               *dir;
  char               *db_path;
  CdDatabase         *db;
  CdOfficeCredential *credential;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  const char *argv[] = { g_getenv ("CLAIMDESK_CLI"), "seed", "--db", NULL, "--people", "1500",
                         "--claims", "400", "--seed", "6", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;

  fixture->dir = test_tmpdir_new ();
  fixture->db_path = g_build_filename (fixture->dir, "office.db", NULL);
  fixture->credential = cd_office_credential_new ("c-0001", "0123456789abcdef0123456789abcdef");
  if (GPOINTER_TO_INT (data))
    {
      argv[3] = fixture->db_path;
      g_assert_nonnull (argv[0]);
      g_assert_cmpint (test_run (argv, &out, &err), ==, 0);
      fixture->db = cd_database_open (fixture->db_path, &error);
      g_assert_no_error (error);
    }
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->db);
  cd_office_credential_free (fixture->credential);
  g_free (fixture->db_path);
  test_tmpdir_free (fixture->dir);
}

static gint64
query_int (CdDatabase *db,
           const char *sql)
{
  g_autoptr(CdStatement) stmt = cd_database_prepare (db, sql, NULL);

  g_assert_nonnull (stmt);
  g_assert_cmpint (cd_statement_step (stmt, NULL), ==, CD_STEP_ROW);
  return cd_statement_get_int64 (stmt, 0);
}

static char *
query_text (CdDatabase *db,
            const char *sql)
{
  g_autoptr(CdStatement) stmt = cd_database_prepare (db, sql, NULL);

  g_assert_nonnull (stmt);
  g_assert_cmpint (cd_statement_step (stmt, NULL), ==, CD_STEP_ROW);
  return cd_statement_dup_text (stmt, 0);
}

/* Everything an import may change: the outbox, the claims' status, the audit log, the bundles. */
static char *
snapshot (CdDatabase *db)
{
  return query_text (db, "SELECT (SELECT group_concat (id || '|' || state || '|' || attempts || '|'"
                         "  || coalesce (central_receipt, '') || '|' || coalesce (last_error, ''),"
                         "  ';') FROM outbox) || '#' || (SELECT group_concat (id || ':' || status)"
                         "  FROM claims) || '#' || (SELECT count (*) FROM audit_log) || '#'"
                         "  || (SELECT coalesce (group_concat (sequence || state"
                         "  || coalesce (receipts_sha256, '')), '') FROM bundles)");
}

static GBytes *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

/* ---- the format ------------------------------------------------------------------------------ */

static CdBundle *
sample_outbox (void)
{
  CdBundle *bundle = cd_bundle_new (CD_BUNDLE_OUTBOX, OFFICE, "c-0001", 7, "2026-12-01T08:00:00Z");
  CdBundleDecision *decision = g_new0 (CdBundleDecision, 1);
  CdBundleAttachment *attachment = g_new0 (CdBundleAttachment, 1);
  static const guint8 scan[] = { 0x89, 'P', 'N', 'G', 0, 1, 2, 0xff };

  decision->id = g_strdup ("9e7e530f-134e-4362-a23b-0742aaccd273");
  decision->payload = g_strdup ("{\"amount\":803000,\"claim\":\"HS-2026-00000061\"}");
  decision->payload_hash = cd_sha256_hex (decision->payload, strlen (decision->payload));
  g_ptr_array_add (bundle->decisions, decision);
  attachment->bytes = g_bytes_new_static (scan, sizeof scan);
  attachment->sha256 = cd_sha256_hex (scan, sizeof scan);
  attachment->media_type = g_strdup ("image/png");
  attachment->claim_number = g_strdup ("HS-2026-00000061");
  g_ptr_array_add (bundle->attachments, attachment);
  return bundle;
}

static void
test_format_round_trip (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(CdBundle) bundle = sample_outbox ();
  g_autoptr(CdBundle) read = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *secret_sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256,
                                                               fixture->credential->secret, -1);
  guint8 key[CD_BUNDLE_KEY_SIZE];
  guint8 central_key[CD_BUNDLE_KEY_SIZE];
  const CdBundleDecision *decision;
  const CdBundleAttachment *attachment;

  /* Central derives the same key from the digest it keeps. */
  cd_bundle_key_from_credential (fixture->credential, key);
  g_assert_true (cd_bundle_key_from_hex (secret_sha, central_key));
  g_assert_cmpmem (key, sizeof key, central_key, sizeof central_key);
  g_assert_false (cd_bundle_key_from_hex ("abc", central_key));

  bytes = cd_bundle_to_bytes (bundle, key, &error);
  g_assert_no_error (error);
  read = cd_bundle_parse (bytes, "stick/outbox-7.json", &error);
  g_assert_no_error (error);
  g_assert_true (cd_bundle_check_mac (read, key, &error));
  g_assert_no_error (error);
  g_assert_true (cd_bundle_check_sender (read, CD_BUNDLE_OUTBOX, OFFICE, "c-0001", &error));
  g_assert_cmpstr (read->sha256, ==, bundle->sha256);
  g_assert_cmpint (read->sequence, ==, 7);
  g_assert_cmpstr (read->office, ==, OFFICE);
  g_assert_cmpuint (read->decisions->len, ==, 1);
  decision = g_ptr_array_index (read->decisions, 0);
  g_assert_cmpstr (decision->payload, ==, "{\"amount\":803000,\"claim\":\"HS-2026-00000061\"}");
  g_assert_cmpuint (read->attachments->len, ==, 1);
  attachment = g_ptr_array_index (read->attachments, 0);
  g_assert_true (g_bytes_equal (attachment->bytes,
                                ((CdBundleAttachment *) g_ptr_array_index (bundle->attachments,
                                                                           0))->bytes));

  /* Spacing and member order are not content: the MAC covers the canonical form. */
  {
    g_autoptr(JsonParser) parser = json_parser_new ();
    g_autoptr(JsonGenerator) generator = json_generator_new ();
    g_autofree char *pretty = NULL;
    g_autoptr(GBytes) pretty_bytes = NULL;
    g_autoptr(CdBundle) pretty_read = NULL;

    g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL),
                                               (gssize) g_bytes_get_size (bytes), NULL));
    json_generator_set_root (generator, json_parser_get_root (parser));
    json_generator_set_pretty (generator, TRUE);
    pretty = json_generator_to_data (generator, NULL);
    pretty_bytes = g_bytes_new (pretty, strlen (pretty));
    pretty_read = cd_bundle_parse (pretty_bytes, "pretty.json", &error);
    g_assert_no_error (error);
    g_assert_true (cd_bundle_check_mac (pretty_read, key, &error));
    g_assert_no_error (error);
  }
}

/* `bytes` with the first `from` replaced by `to`. */
static GBytes *
edited (GBytes     *bytes,
        const char *from,
        const char *to)
{
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  char *at = strstr (text, from);
  GString *out;

  g_assert_nonnull (at);
  out = g_string_new_len (text, at - text);
  g_string_append (out, to);
  g_string_append (out, at + strlen (from));
  return g_string_free_to_bytes (out);
}

static void
test_format_refusals (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(CdBundle) bundle = sample_outbox ();
  g_autoptr(CdOfficeCredential) other = cd_office_credential_new ("c-0002", "another-secret-0002");
  g_autoptr(GBytes) bytes = NULL;
  guint8 key[CD_BUNDLE_KEY_SIZE];
  guint8 other_key[CD_BUNDLE_KEY_SIZE];
  const char *tampers[][2] = {
    { "803000", "903000" },                        /* the amount of a payload */
    { "\"sequence\":7", "\"sequence\":8" },        /* the header */
    { "\"data\":\"iVBO", "\"data\":\"iVBA" },      /* a byte of the scan */
  };

  cd_bundle_key_from_credential (fixture->credential, key);
  cd_bundle_key_from_credential (other, other_key);
  bytes = cd_bundle_to_bytes (bundle, key, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (tampers); i++)
    {
      g_autoptr(GBytes) changed = edited (bytes, tampers[i][0], tampers[i][1]);
      g_autoptr(CdBundle) read = NULL;
      g_autoptr(GError) error = NULL;

      read = cd_bundle_parse (changed, "stick/outbox-7.json", &error);
      g_assert_no_error (error);
      g_assert_false (cd_bundle_check_mac (read, key, &error));
      g_assert_error (error, CD_BUNDLE_ERROR, CD_BUNDLE_ERROR_MAC);
      g_assert_nonnull (strstr (error->message, "stick/outbox-7.json"));
    }

  {
    g_autoptr(CdBundle) read = cd_bundle_parse (bytes, "b.json", NULL);
    g_autoptr(GError) error = NULL;

    /* Another office's key, another office, the wrong direction. */
    g_assert_false (cd_bundle_check_mac (read, other_key, &error));
    g_assert_error (error, CD_BUNDLE_ERROR, CD_BUNDLE_ERROR_MAC);
    g_clear_error (&error);
    g_assert_false (cd_bundle_check_sender (read, CD_BUNDLE_OUTBOX, "BHXH-001-BD", "c-0001",
                                            &error));
    g_assert_error (error, CD_BUNDLE_ERROR, CD_BUNDLE_ERROR_OFFICE);
    g_clear_error (&error);
    g_assert_false (cd_bundle_check_sender (read, CD_BUNDLE_OUTBOX, NULL, "c-0002", &error));
    g_assert_error (error, CD_BUNDLE_ERROR, CD_BUNDLE_ERROR_OFFICE);
    g_clear_error (&error);
    g_assert_true (cd_bundle_check_sender (read, CD_BUNDLE_OUTBOX, NULL, "c-0001", &error));
    g_assert_false (cd_bundle_check_sender (read, CD_BUNDLE_RECEIPTS, OFFICE, "c-0001", &error));
    g_assert_error (error, CD_BUNDLE_ERROR, CD_BUNDLE_ERROR_DIRECTION);
    g_assert_nonnull (strstr (error->message, "b.json"));
  }

  {
    /* Not a bundle, another format, no MAC. */
    const char *bad[] = { "not json", "[1]", "{\"header\":{\"format\":\"claimdesk-bundle-2\"}}",
                          NULL };
    g_autoptr(GBytes) unsigned_bytes = edited (bytes, ",\"mac\":", ",\"nomac\":");
    g_autoptr(GError) error = NULL;

    for (guint i = 0; bad[i] != NULL; i++)
      {
        g_autoptr(GBytes) text = g_bytes_new_static (bad[i], strlen (bad[i]));
        g_autoptr(GError) bad_error = NULL;

        g_assert_null (cd_bundle_parse (text, "bad.json", &bad_error));
        g_assert_error (bad_error, CD_BUNDLE_ERROR, CD_BUNDLE_ERROR_INVALID);
        g_assert_nonnull (strstr (bad_error->message, "bad.json"));
      }
    g_assert_null (cd_bundle_parse (unsigned_bytes, "unsigned.json", &error));
    g_assert_error (error, CD_BUNDLE_ERROR, CD_BUNDLE_ERROR_INVALID);
  }
}

/* ---- export and import on a store ------------------------------------------------------------ */

/* Central's answer to `outbox`, as the gateway makes it: every decision accepted with a receipt,
 * but the `refuse`-th refused and the `conflict`-th in conflict (-1: none). */
static GBytes *
receipts_for (Fixture         *fixture,
              const CdBundle  *outbox,
              const char      *office,
              int              refuse,
              int              conflict)
{
  g_autoptr(CdBundle) receipts = cd_bundle_new (CD_BUNDLE_RECEIPTS, office, outbox->credential_id,
                                                outbox->sequence, "2026-12-02T09:00:00Z");
  guint8 key[CD_BUNDLE_KEY_SIZE];
  GBytes *bytes;

  receipts->answers_sha256 = g_strdup (outbox->sha256);
  for (guint i = 0; i < outbox->decisions->len; i++)
    {
      const CdBundleDecision *decision = g_ptr_array_index (outbox->decisions, i);
      CdCentralResult *result = g_new0 (CdCentralResult, 1);

      result->id = g_strdup (decision->id);
      if ((int) i == refuse)
        {
          result->outcome = CD_CENTRAL_REFUSED;
          result->reason = g_strdup ("Người hưởng không có tên trong danh sách tham gia bảo hiểm");
        }
      else if ((int) i == conflict)
        {
          result->outcome = CD_CENTRAL_CONFLICT;
          result->receipt = g_strdup ("TW-2026-99999999");
        }
      else
        {
          result->outcome = CD_CENTRAL_ACCEPTED;
          result->receipt = g_strdup_printf ("TW-2026-%08u", i + 1);
        }
      g_ptr_array_add (receipts->results, result);
    }
  cd_bundle_key_from_credential (fixture->credential, key);
  bytes = cd_bundle_to_bytes (receipts, key, NULL);
  g_assert_nonnull (bytes);
  return bytes;
}

static CdBundle *
export_one (Fixture    *fixture,
            const char *name,
            gint64      expected_sequence)
{
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
  g_autoptr(CdBundleExport) result = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  CdBundle *bundle;
  guint8 key[CD_BUNDLE_KEY_SIZE];

  result = cd_bundle_store_export (fixture->db, path, OFFICE, fixture->credential, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->sequence, ==, expected_sequence);
  bytes = read_file (path);
  bundle = cd_bundle_parse (bytes, name, &error);
  g_assert_no_error (error);
  cd_bundle_key_from_credential (fixture->credential, key);
  g_assert_true (cd_bundle_check_mac (bundle, key, &error));
  g_assert_cmpstr (bundle->sha256, ==, result->sha256);
  g_assert_cmpuint (bundle->decisions->len, ==, result->n_items);
  return bundle;
}

static void
test_export_marks_sending (Fixture       *fixture,
                           gconstpointer  data)
{
  gint64 queued = query_int (fixture->db, "SELECT count (*) FROM outbox WHERE state = 'queued'");
  g_autoptr(CdBundle) first = NULL;
  g_autoptr(CdBundle) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *nowhere = g_build_filename (fixture->dir, "no-such-dir", "b.json", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_assert_cmpint (queued, >, 10);

  /* A file that cannot be written records nothing and moves nothing. */
  before = snapshot (fixture->db);
  g_assert_null (cd_bundle_store_export (fixture->db, nowhere, OFFICE, fixture->credential,
                                         &error));
  g_assert_error (error, CD_BUNDLE_ERROR, CD_BUNDLE_ERROR_IO);
  g_assert_nonnull (strstr (error->message, nowhere));
  after = snapshot (fixture->db);
  g_assert_cmpstr (before, ==, after);

  first = export_one (fixture, "outbox-1.json", 1);
  g_assert_cmpint (first->decisions->len, ==, queued);
  /* In flight, one attempt more, as a network batch would leave them. */
  g_assert_cmpint (query_int (fixture->db, "SELECT count (*) FROM outbox WHERE state = 'sending'"
                                           " AND attempts = 1"), ==, queued);
  g_assert_cmpint (query_int (fixture->db, "SELECT count (*) FROM bundle_items WHERE sequence = 1"),
                   ==, queued);
  {
    /* The offline state counts them as waiting for receipts. */
    g_autoptr(GError) state_error = NULL;
    g_autoptr(CdConnectionState) state = cd_connection_state_read (fixture->db, &state_error);

    g_assert_no_error (state_error);
    g_assert_cmpuint (state->waiting_bundles, ==, 1);
    g_assert_cmpuint (state->waiting_receipts, ==, queued);
    g_assert_cmpuint (state->waiting_decisions, ==, queued);
  }
  g_assert_cmpint (query_int (fixture->db,
                              "SELECT count (*) FROM bundles WHERE state = 'exported'"), ==, 1);
  {
    /* Each item exactly as the network request carries it. */
    const CdBundleDecision *decision = g_ptr_array_index (first->decisions, 0);
    g_autofree char *sql = g_strdup_printf ("SELECT payload FROM decisions WHERE uuid = '%s'",
                                            decision->id);
    g_autofree char *payload = query_text (fixture->db, sql);
    g_autofree char *hash = cd_sha256_hex (payload, strlen (payload));

    g_assert_cmpstr (payload, ==, decision->payload);
    g_assert_cmpstr (hash, ==, decision->payload_hash);
  }

  /* Until the receipts come back, the next bundle carries the same items again, numbered on. */
  second = export_one (fixture, "outbox-2.json", 2);
  g_assert_cmpint (second->decisions->len, ==, queued);
  g_assert_cmpint (query_int (fixture->db, "SELECT count (*) FROM outbox WHERE state = 'sending'"
                                           " AND attempts = 2"), ==, queued);
}

static void
test_import_receipts (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(CdBundle) outbox = export_one (fixture, "outbox-1.json", 1);
  g_autoptr(GBytes) receipts = receipts_for (fixture, outbox, OFFICE, 1, 2);
  g_autoptr(CdBundleImport) report = NULL;
  g_autoptr(CdBundleImport) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  const CdBundleDecision *refused = g_ptr_array_index (outbox->decisions, 1);
  const CdBundleDecision *conflict = g_ptr_array_index (outbox->decisions, 2);
  guint n = outbox->decisions->len;

  report = cd_bundle_store_import_receipts (fixture->db, receipts, "receipts-1.json", OFFICE,
                                            fixture->credential, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (report->already_imported);
  g_assert_cmpuint (report->accepted, ==, n - 2);
  g_assert_cmpuint (report->refused, ==, 1);
  g_assert_cmpuint (report->quarantined, ==, 1);
  g_assert_cmpuint (report->unchanged + report->unknown + report->missing + report->duplicate,
                    ==, 0);
  g_assert_cmpuint (report->items->len, ==, n);

  /* Acknowledged with the receipt and the claim synced; refused with the claim reopened and
   * central's reason; the conflict quarantined, claim untouched. */
  g_assert_cmpint (query_int (fixture->db, "SELECT count (*) FROM outbox o"
                                           " JOIN decisions d ON d.id = o.decision_id"
                                           " JOIN claims c ON c.id = d.claim_id"
                                           " WHERE o.state = 'acknowledged'"
                                           " AND o.central_receipt LIKE 'TW-2026-%'"
                                           " AND o.central_receipt <> 'TW-2026-99999999'"
                                           " AND c.status = 8 AND o.id IN"
                                           " (SELECT outbox_id FROM bundle_items)"), ==, n - 2);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT o.state || '|' || c.status || '|'"
                                            " || c.status_note FROM outbox o"
                                            " JOIN decisions d ON d.id = o.decision_id"
                                            " JOIN claims c ON c.id = d.claim_id"
                                            " WHERE d.uuid = '%s'", refused->id);
    g_autofree char *row = query_text (fixture->db, sql);
    g_autofree char *expected = g_strdup_printf ("refused|%d|Người hưởng không có tên trong danh "
                                                 "sách tham gia bảo hiểm",
                                                 CD_CLAIM_STATUS_REOPENED);

    g_assert_cmpstr (row, ==, expected);
  }
  {
    g_autofree char *sql = g_strdup_printf ("SELECT o.state || '|' || (c.status <> 8) || '|'"
                                            " || o.last_error FROM outbox o"
                                            " JOIN decisions d ON d.id = o.decision_id"
                                            " JOIN claims c ON c.id = d.claim_id"
                                            " WHERE d.uuid = '%s'", conflict->id);
    g_autofree char *row = query_text (fixture->db, sql);

    g_assert_true (g_str_has_prefix (row, "quarantined|1|conflict:"));
  }
  g_assert_cmpint (query_int (fixture->db, "SELECT count (*) FROM bundles WHERE state = 'answered'"
                                           " AND answered_at IS NOT NULL"), ==, 1);
  {
    g_autoptr(CdConnectionState) state = cd_connection_state_read (fixture->db, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (state->waiting_bundles, ==, 0);
    g_assert_cmpuint (state->waiting_receipts, ==, 0);
  }

  /* The same receipts again: nothing changes, and the report says so. */
  before = snapshot (fixture->db);
  again = cd_bundle_store_import_receipts (fixture->db, receipts, "receipts-1.json", OFFICE,
                                           fixture->credential, NULL, NULL, &error);
  g_assert_no_error (error);
  after = snapshot (fixture->db);
  g_assert_cmpstr (before, ==, after);
  g_assert_true (again->already_imported);
  g_assert_cmpuint (again->unchanged, ==, n);
  g_assert_cmpuint (again->accepted + again->refused + again->quarantined + again->duplicate, ==,
                    0);
}

static gboolean
take_payload (const CdBundlePayload  *payload,
              gpointer                user_data,
              GError                **error)
{
  GPtrArray *seen = user_data;

  g_ptr_array_add (seen, g_strdup_printf ("%s/%s/%.*s", payload->kind, payload->name,
                                          (int) g_bytes_get_size (payload->bytes),
                                          (const char *) g_bytes_get_data (payload->bytes, NULL)));
  if (g_str_equal (payload->name, "bad.pack"))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "not signed");
      return FALSE;
    }
  return TRUE;
}

/* Other signed payloads in receipts (rule packs, later) reach the importer's callback, under the
 * bundle's MAC; the answers are recorded whatever the callback says. */
static void
test_import_hands_payloads (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(CdBundle) outbox = export_one (fixture, "outbox-1.json", 1);
  g_autoptr(GBytes) plain = receipts_for (fixture, outbox, OFFICE, -1, -1);
  g_autoptr(CdBundle) receipts = cd_bundle_parse (plain, "r.json", NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(CdBundleImport) report = NULL;
  g_autoptr(GError) error = NULL;
  guint8 key[CD_BUNDLE_KEY_SIZE];
  const char *names[] = { "vn-si-2027.pack", "bad.pack" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      CdBundlePayload *payload = g_new0 (CdBundlePayload, 1);

      payload->kind = g_strdup ("rule_pack");
      payload->name = g_strdup (names[i]);
      payload->bytes = g_bytes_new (names[i], 3);
      g_ptr_array_add (receipts->payloads, payload);
    }
  cd_bundle_key_from_credential (fixture->credential, key);
  bytes = cd_bundle_to_bytes (receipts, key, &error);
  g_assert_no_error (error);
  report = cd_bundle_store_import_receipts (fixture->db, bytes, "r.json", OFFICE,
                                            fixture->credential, take_payload, seen, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->accepted, ==, outbox->decisions->len);
  g_assert_cmpuint (report->payloads, ==, 2);
  g_assert_cmpuint (seen->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (seen, 0), ==, "rule_pack/vn-si-2027.pack/vn-");
  g_assert_cmpuint (report->payload_errors->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (report->payload_errors, 0), ==, "bad.pack: not signed");
}

static void
test_import_refusals_change_nothing (Fixture       *fixture,
                                     gconstpointer  data)
{
  g_autoptr(CdBundle) outbox = export_one (fixture, "outbox-1.json", 1);
  g_autoptr(GBytes) good = receipts_for (fixture, outbox, OFFICE, -1, -1);
  g_autoptr(GBytes) outbox_bytes = NULL;
  g_autoptr(GBytes) tampered = edited (good, "TW-2026-00000001", "TW-2026-00000777");
  g_autoptr(GBytes) other_office = receipts_for (fixture, outbox, "BHXH-001-BD", -1, -1);
  g_autoptr(GBytes) unknown = NULL;
  g_autoptr(GBytes) other_key = NULL;
  g_autoptr(CdOfficeCredential) stranger = cd_office_credential_new ("c-0001", "not-our-secret");
  g_autofree char *before = snapshot (fixture->db);
  g_autofree char *outbox_path = g_build_filename (fixture->dir, "outbox-1.json", NULL);
  struct { GBytes **bytes; const CdOfficeCredential *credential; int code; } cases[] = {
    { &tampered, fixture->credential, CD_BUNDLE_ERROR_MAC },
    { &other_office, fixture->credential, CD_BUNDLE_ERROR_OFFICE },
    { &outbox_bytes, fixture->credential, CD_BUNDLE_ERROR_DIRECTION },
    { &unknown, fixture->credential, CD_BUNDLE_ERROR_UNKNOWN },
    { &good, stranger, CD_BUNDLE_ERROR_MAC },
  };

  outbox_bytes = read_file (outbox_path);
  {
    /* Receipts for a bundle this store never exported. */
    g_autoptr(CdBundle) copy = export_one (fixture, "outbox-2.json", 2);

    copy->sequence = 9;
    unknown = receipts_for (fixture, copy, OFFICE, -1, -1);
    g_free (before);
    before = snapshot (fixture->db);
  }

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *after = NULL;

      g_assert_null (cd_bundle_store_import_receipts (fixture->db, *cases[i].bytes, "stick.json",
                                                      OFFICE, cases[i].credential, NULL, NULL,
                                                      &error));
      g_assert_error (error, CD_BUNDLE_ERROR, cases[i].code);
      g_assert_nonnull (strstr (error->message, "stick.json"));
      after = snapshot (fixture->db);
      g_assert_cmpstr (before, ==, after);
    }
}

/* An item the network settled first keeps that answer: the bundle's answer finds it no longer in
 * flight. And an item not in flight at all (queued again after a transport failure) still takes
 * central's answer. */
static void
test_import_after_network (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(CdBundle) outbox = export_one (fixture, "outbox-1.json", 1);
  g_autoptr(GBytes) receipts = receipts_for (fixture, outbox, OFFICE, -1, -1);
  g_autoptr(CdBundleImport) report = NULL;
  g_autoptr(GError) error = NULL;
  const CdBundleDecision *first = g_ptr_array_index (outbox->decisions, 0);
  const CdBundleDecision *second = g_ptr_array_index (outbox->decisions, 1);
  g_autofree char *ack = g_strdup_printf ("UPDATE outbox SET state = 'acknowledged',"
                                          " central_receipt = 'TW-NET-1' WHERE decision_id ="
                                          " (SELECT id FROM decisions WHERE uuid = '%s')",
                                          first->id);
  g_autofree char *requeue = g_strdup_printf ("UPDATE outbox SET state = 'queued' WHERE"
                                              " decision_id = (SELECT id FROM decisions"
                                              " WHERE uuid = '%s')", second->id);
  g_autofree char *first_receipt = NULL;
  g_autofree char *second_state = NULL;

  g_assert_true (cd_database_exec (fixture->db, ack, NULL));
  g_assert_true (cd_database_exec (fixture->db, requeue, NULL));
  report = cd_bundle_store_import_receipts (fixture->db, receipts, "receipts-1.json", OFFICE,
                                            fixture->credential, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->unchanged, ==, 1);
  g_assert_cmpuint (report->accepted, ==, outbox->decisions->len - 1);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT o.central_receipt FROM outbox o JOIN decisions"
                                            " d ON d.id = o.decision_id WHERE d.uuid = '%s'",
                                            first->id);
    first_receipt = query_text (fixture->db, sql);
  }
  g_assert_cmpstr (first_receipt, ==, "TW-NET-1");
  {
    g_autofree char *sql = g_strdup_printf ("SELECT o.state FROM outbox o JOIN decisions"
                                            " d ON d.id = o.decision_id WHERE d.uuid = '%s'",
                                            second->id);
    second_state = query_text (fixture->db, sql);
  }
  g_assert_cmpstr (second_state, ==, "acknowledged");
}

/* The scans of paper documents of the exported claims travel with them, once each. */
static void
test_export_carries_scans (Fixture       *fixture,
                           gconstpointer  data)
{
  static const guint8 scan[] = { 0xff, 0xd8, 0xff, 0xe0, 'J', 'F', 'I', 'F', 0, 0xd9 };
  g_autofree char *sha = cd_sha256_hex (scan, sizeof scan);
  g_autoptr(CdStatement) insert = NULL;
  g_autoptr(CdBundle) outbox = NULL;
  gint64 claim_id = query_int (fixture->db, "SELECT d.claim_id FROM outbox o"
                                            " JOIN decisions d ON d.id = o.decision_id"
                                            " WHERE o.state = 'queued' ORDER BY o.id LIMIT 1");
  const CdBundleAttachment *attachment;

  insert = cd_database_prepare (fixture->db, "INSERT INTO scans (sha256, media_type, file_name,"
                                             " size, bytes, added_at) VALUES (?, 'image/jpeg',"
                                             " 'giay-ra-vien.jpg', ?, ?, '2026-11-30T08:00:00Z')",
                                NULL);
  cd_statement_bind_text (insert, 1, sha);
  cd_statement_bind_int64 (insert, 2, sizeof scan);
  cd_statement_bind_blob (insert, 3, scan, sizeof scan);
  g_assert_true (cd_statement_run (insert, NULL));
  for (guint i = 0; i < 2; i++)
    {
      /* Two paper documents of the claim with the same scan: it travels once. */
      g_autofree char *sql = g_strdup_printf (
        "INSERT INTO documents (claim_id, person_id, kind, source_system, fetched_at, raw, sha256,"
        " signature_status, parse_status, fields, scan_id, paper_state)"
        " SELECT c.id, c.claimant_id, 'discharge_paper', 'manual', '2026-11-30T08:00:00Z',"
        " CAST ('x%u' AS BLOB),"
        " '%s', 'not_applicable', 'parsed', '{}', (SELECT id FROM scans WHERE sha256 = '%s'),"
        " 'unverified' FROM claims c WHERE c.id = %" G_GINT64_FORMAT, i, sha, sha, claim_id);

      g_autoptr(GError) error = NULL;

      cd_database_exec (fixture->db, sql, &error);
      g_assert_no_error (error);
    }

  outbox = export_one (fixture, "outbox-1.json", 1);
  g_assert_cmpuint (outbox->attachments->len, ==, 1);
  attachment = g_ptr_array_index (outbox->attachments, 0);
  g_assert_cmpstr (attachment->sha256, ==, sha);
  g_assert_cmpstr (attachment->media_type, ==, "image/jpeg");
  g_assert_cmpmem (g_bytes_get_data (attachment->bytes, NULL), g_bytes_get_size (attachment->bytes),
                   scan, sizeof scan);
  g_assert_cmpint (query_int (fixture->db, "SELECT n_attachments FROM bundles"), ==, 1);
}

static void
test_nothing_to_export (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "b.json", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (cd_database_exec (fixture->db, "UPDATE outbox SET state = 'refused'"
                                                " WHERE state IN ('queued', 'sending')", NULL));
  g_assert_null (cd_bundle_store_export (fixture->db, path, OFFICE, fixture->credential, &error));
  g_assert_error (error, CD_BUNDLE_ERROR, CD_BUNDLE_ERROR_EMPTY);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpint (query_int (fixture->db, "SELECT count (*) FROM bundles"), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/bundle/format/round-trip", Fixture, GINT_TO_POINTER (FALSE), fixture_set_up,
              test_format_round_trip, fixture_tear_down);
  g_test_add ("/bundle/format/refusals", Fixture, GINT_TO_POINTER (FALSE), fixture_set_up,
              test_format_refusals, fixture_tear_down);
  g_test_add ("/bundle/store/export-marks-sending", Fixture, GINT_TO_POINTER (TRUE),
              fixture_set_up, test_export_marks_sending, fixture_tear_down);
  g_test_add ("/bundle/store/import-receipts", Fixture, GINT_TO_POINTER (TRUE), fixture_set_up,
              test_import_receipts, fixture_tear_down);
  g_test_add ("/bundle/store/import-refusals-change-nothing", Fixture, GINT_TO_POINTER (TRUE),
              fixture_set_up, test_import_refusals_change_nothing, fixture_tear_down);
  g_test_add ("/bundle/store/import-hands-payloads", Fixture, GINT_TO_POINTER (TRUE),
              fixture_set_up, test_import_hands_payloads, fixture_tear_down);
  g_test_add ("/bundle/store/import-after-network", Fixture, GINT_TO_POINTER (TRUE),
              fixture_set_up, test_import_after_network, fixture_tear_down);
  g_test_add ("/bundle/store/export-carries-scans", Fixture, GINT_TO_POINTER (TRUE),
              fixture_set_up, test_export_carries_scans, fixture_tear_down);
  g_test_add ("/bundle/store/nothing-to-export", Fixture, GINT_TO_POINTER (TRUE), fixture_set_up,
              test_nothing_to_export, fixture_tear_down);
  return g_test_run ();
}
