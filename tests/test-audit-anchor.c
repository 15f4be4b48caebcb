/* test-audit-anchor.c — the audit log's head anchored at central (issue 19): each sync request and
 * each outbox bundle carries it to the real gateway playing central, which keeps it per office
 * credential and refuses a head that goes back or changes; `verify-audit` then finds a log whose
 * newest entries were deleted, emptied, or rewritten with a valid chain — against an anchor given,
 * central's anchors, and (the weaker check) the anchor recorded in the store. */
#include <string.h>

#include "bundle-fixture.h"
#include "cd-audit-anchor.h"
#include "cd-audit-log.h"
#include "cd-central-client.h"
#include "cd-database.h"
#include "cd-office-credential.h"
#include "cd-statement.h"
#include "cd-sync-worker.h"
#include "test-util.h"

typedef BundleFixture Fixture;

static void
read_head (const char  *db_path,
           gint64      *seq,
           char       **hash)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDatabase) db = cd_database_open_reader (db_path, &error);

  g_assert_no_error (error);
  g_assert_true (cd_audit_log_read_head (db, seq, hash, &error));
  g_assert_no_error (error);
}

static void
run_sync (Fixture *fixture)
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
  g_assert_cmpint (status, ==, 0);
}

/* `verify-audit --db PATH` with `extra` options; its exit status and standard output. */
static int
verify (Fixture     *fixture,
        const char  *db_path,
        const char  *anchor,
        gboolean     central,
        char       **out)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *err = NULL;
  int status;

  g_ptr_array_add (argv, (gpointer) g_getenv ("CLAIMDESK_CLI"));
  g_ptr_array_add (argv, (gpointer) "verify-audit");
  g_ptr_array_add (argv, (gpointer) "--db");
  g_ptr_array_add (argv, (gpointer) db_path);
  if (anchor != NULL)
    {
      g_ptr_array_add (argv, (gpointer) "--anchor");
      g_ptr_array_add (argv, (gpointer) anchor);
    }
  if (central)
    {
      g_ptr_array_add (argv, (gpointer) "--central");
      g_ptr_array_add (argv, (gpointer) cd_gateway_process_get_base_url (fixture->gateway));
      g_ptr_array_add (argv, (gpointer) "--officer");
      g_ptr_array_add (argv, (gpointer) "cb01");
      g_ptr_array_add (argv, (gpointer) "--office-credential-file");
      g_ptr_array_add (argv, fixture->credential_file);
    }
  g_ptr_array_add (argv, NULL);
  status = test_run ((const char * const *) argv->pdata, out, &err);
  g_test_message ("verify-audit%s%s%s: %d %s %s", anchor != NULL ? " --anchor " : "",
                  anchor != NULL ? anchor : "", central ? " --central" : "", status, *out, err);
  return status;
}

/* What central holds for the one workstation enrolled: {"held", "anchors", "refused"}. */
static JsonObject *
central_book (Fixture    *fixture,
              JsonParser *parser)
{
  g_autofree char *url = g_strconcat (cd_gateway_process_get_base_url (fixture->gateway),
                                      "/_control/central/audit-anchors", NULL);
  g_autoptr(CdHttpRequest) request = cd_http_request_new ("GET", url);
  g_autoptr(CdHttpResponse) response = cd_http_client_send (fixture->http, request, NULL, NULL);
  gsize length = 0;
  const char *data;
  JsonArray *books;

  g_assert_nonnull (response);
  g_assert_cmpuint (response->status, ==, 200);
  data = g_bytes_get_data (response->body, &length);
  g_assert_true (json_parser_load_from_data (parser, data, (gssize) length, NULL));
  books = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (books), ==, 1);
  return json_array_get_object_element (books, 0);
}

/* The highest anchor this store recorded from central's answers, and how it came. */
static gint64
local_anchor (const char  *db_path,
              char       **hash,
              char       **via)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDatabase) db = cd_database_open_reader (db_path, &error);
  g_autoptr(CdStatement) stmt = NULL;

  g_assert_no_error (error);
  stmt = cd_database_prepare (db, "SELECT seq, hash, via FROM audit_anchors"
                                  " ORDER BY seq DESC LIMIT 1", &error);
  g_assert_no_error (error);
  if (cd_statement_step (stmt, NULL) != CD_STEP_ROW)
    return -1;
  *hash = cd_statement_dup_text (stmt, 1);
  *via = cd_statement_dup_text (stmt, 2);
  return cd_statement_get_int64 (stmt, 0);
}

static void
test_sync_carries_head (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *hash = NULL;
  g_autofree char *local_hash = NULL;
  g_autofree char *via = NULL;
  g_autofree char *out = NULL;
  g_autofree char *central_out = NULL;
  JsonObject *book;
  JsonObject *first;
  gint64 seq = 0;

  bundle_fixture_seed (fixture, "200");
  bundle_fixture_start_gateway (fixture, NULL);
  read_head (fixture->db_path, &seq, &hash);
  g_assert_cmpint (seq, >, 0);
  run_sync (fixture);

  /* Central's first anchor is the head as it was when the request left. */
  book = central_book (fixture, parser);
  first = json_array_get_object_element (json_object_get_array_member (book, "anchors"), 0);
  g_assert_cmpint (json_object_get_int_member (first, "seq"), ==, seq);
  g_assert_cmpstr (json_object_get_string_member (first, "hash"), ==, hash);
  g_assert_cmpstr (json_object_get_string_member (first, "via"), ==, "sync");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (book, "refused")), ==, 0);

  /* And the store recorded the anchor central answered with. */
  g_assert_cmpint (local_anchor (fixture->db_path, &local_hash, &via), ==,
                   json_object_get_int_member (json_object_get_object_member (book, "held"),
                                               "seq"));
  g_assert_cmpstr (local_hash, ==,
                   json_object_get_string_member (json_object_get_object_member (book, "held"),
                                                  "hash"));
  g_assert_cmpstr (via, ==, "sync");

  g_assert_cmpint (verify (fixture, fixture->db_path, NULL, FALSE, &out), ==, 0);
  g_assert_nonnull (strstr (out, "Audit log intact"));
  g_assert_cmpint (verify (fixture, fixture->db_path, NULL, TRUE, &central_out), ==, 0);
  g_assert_nonnull (strstr (central_out, "anchors kept outside it"));
}

typedef struct
{
  const char *name;
  gint64      cut;          /* entries after (anchored entry - cut) deleted; -1: none */
  gint64      append;       /* entries appended afterwards, with a valid chain */
  gboolean    drop_local;   /* the store's own anchors deleted too */
  const char *expected;     /* in the output of each failing check; NULL: every check passes */
  gboolean    local_too;    /* the store's own anchor finds it */
} Tampering;

static const Tampering tamperings[] = {
  { "untouched", -1, 0, FALSE, NULL, TRUE },
  { "newest-deleted", 3, 0, FALSE, "truncated after the anchored entry", TRUE },
  { "all-deleted", G_MAXINT32, 0, FALSE, "truncated after the anchored entry", TRUE },
  /* Deleted and written again past the anchor: the chain is valid, longer, and not the same. */
  { "tail-rewritten", 3, 8, FALSE, "rewritten after the anchored entry", TRUE },
  /* The attacker deletes the store's own anchors too: only central's still catch it. */
  { "tail-and-local-anchors-deleted", 3, 0, TRUE, "truncated after the anchored entry", FALSE },
};

/* Tampers with a closed store the way an attacker with the file would: triggers dropped first. */
static void
tamper (const char      *path,
        const Tampering *tampering,
        gint64           anchored)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDatabase) db = cd_database_open (path, &error);
  g_autofree char *sql = NULL;

  g_assert_no_error (error);
  sql = g_strdup_printf ("DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;"
                         " DELETE FROM audit_log WHERE seq > %" G_GINT64_FORMAT "; %s",
                         tampering->cut >= 0 ? anchored - tampering->cut : G_MAXINT64,
                         tampering->drop_local ? "DELETE FROM audit_anchors" : "");
  g_assert_true (cd_database_exec (db, sql, &error));
  g_assert_no_error (error);
  for (gint64 i = 0; i < tampering->append; i++)
    {
      CdAuditEntry entry = { NULL, 0, "settings.change", "settings", 0, NULL,
                             "{\"forged\":true}" };

      g_assert_true (cd_audit_log_append (db, &entry, &error));
      g_assert_no_error (error);
    }
}

static void
test_truncation (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *synced = NULL;
  g_autofree char *anchor = NULL;
  JsonObject *held;
  gint64 anchored;

  bundle_fixture_seed (fixture, "200");
  bundle_fixture_start_gateway (fixture, NULL);
  run_sync (fixture);
  held = json_object_get_object_member (central_book (fixture, parser), "held");
  anchored = json_object_get_int_member (held, "seq");
  anchor = g_strdup_printf ("%ld:%s", (long) anchored, json_object_get_string_member (held,
                                                                                     "hash"));
  /* The store as synced, closed (the CLI's connections are gone): each case tampers a copy. */
  synced = g_build_filename (fixture->dir, "synced.db", NULL);
  {
    g_autoptr(GFile) from = g_file_new_for_path (fixture->db_path);
    g_autoptr(GFile) to = g_file_new_for_path (synced);
    g_autoptr(GError) error = NULL;

    g_assert_true (g_file_copy (from, to, G_FILE_COPY_NONE, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
  }

  for (guint i = 0; i < G_N_ELEMENTS (tamperings); i++)
    {
      const Tampering *t = &tamperings[i];
      g_autofree char *path = g_strdup_printf ("%s/%s.db", fixture->dir, t->name);
      g_autoptr(GFile) from = g_file_new_for_path (synced);
      g_autoptr(GFile) to = g_file_new_for_path (path);
      g_autoptr(GError) error = NULL;
      g_autofree char *plain = NULL;
      g_autofree char *given = NULL;
      g_autofree char *central = NULL;
      int expected = t->expected != NULL ? 1 : 0;

      g_test_message ("case %s", t->name);
      g_assert_true (g_file_copy (from, to, G_FILE_COPY_NONE, NULL, NULL, NULL, &error));
      g_assert_no_error (error);
      tamper (path, t, anchored);

      g_assert_cmpint (verify (fixture, path, anchor, FALSE, &given), ==, expected);
      g_assert_cmpint (verify (fixture, path, NULL, TRUE, &central), ==, expected);
      g_assert_cmpint (verify (fixture, path, NULL, FALSE, &plain), ==,
                       t->local_too ? expected : 0);
      if (t->expected == NULL)
        continue;
      g_assert_nonnull (strstr (given, t->expected));
      g_assert_nonnull (strstr (central, t->expected));
      if (t->local_too)
        g_assert_nonnull (strstr (plain, t->expected));
      /* One line, naming the anchored entry. */
      g_assert_cmpuint (test_count_lines (given), ==, 1);
      {
        g_autofree char *entry = g_strdup_printf ("entry %ld", (long) anchored);

        g_assert_nonnull (strstr (given, entry));
      }
    }
}

static CdCentralClient *
new_client (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdOfficeCredential) credential = NULL;
  g_autofree char *text = NULL;

  g_assert_true (g_file_get_contents (fixture->credential_file, &text, NULL, &error));
  credential = cd_office_credential_parse (g_strstrip (text), &error);
  g_assert_no_error (error);
  return cd_central_client_new (fixture->http, cd_gateway_process_get_base_url (fixture->gateway),
                                credential, "cb01");
}

/* Heads sent straight to central with an empty batch, as a workstation's requests would carry
 * them: central keeps the highest, takes an older one read earlier, and refuses one that goes back
 * or changes an entry it holds. */
static void
test_central_monotonic (Fixture       *fixture,
                        gconstpointer  data)
{
  static const struct
  {
    gint64      seq;
    char        hash;       /* the hash: 64 times this digit */
    const char *taken_at;
    const char *status;
    gint64      held;
  } heads[] = {
    { 5, 'a', "2026-12-06T10:00:10Z", CD_AUDIT_ANCHOR_RECORDED, 5 },
    { 8, 'b', "2026-12-06T10:00:20Z", CD_AUDIT_ANCHOR_RECORDED, 8 },
    { 8, 'b', "2026-12-06T10:00:21Z", CD_AUDIT_ANCHOR_RECORDED, 8 },   /* sent again */
    { 6, 'c', "2026-12-06T10:00:15Z", CD_AUDIT_ANCHOR_OLDER, 8 },      /* a stick filed late */
    { 7, 'd', "2026-12-06T10:00:30Z", CD_AUDIT_ANCHOR_REWOUND, 8 },    /* entries deleted */
    { 5, 'e', "2026-12-06T10:00:05Z", CD_AUDIT_ANCHOR_CONFLICT, 8 },   /* entry 5 rewritten */
    { 8, 'f', "2026-12-06T10:00:40Z", CD_AUDIT_ANCHOR_CONFLICT, 8 },
    { 9, '1', "2026-12-06T10:00:50Z", CD_AUDIT_ANCHOR_RECORDED, 9 },
  };
  static const gint64 accepted[] = { 5, 6, 8, 9 };
  g_autoptr(GError) error = NULL;
  g_autoptr(CdCentralClient) client = NULL;
  g_autoptr(GPtrArray) anchors = NULL;
  guint n_refused = 0;

  bundle_fixture_start_gateway (fixture, NULL);
  client = new_client (fixture);

  for (guint i = 0; i < G_N_ELEMENTS (heads); i++)
    {
      g_autofree char *hash = g_strnfill (64, heads[i].hash);
      g_autoptr(CdAuditAnchor) head = cd_audit_anchor_new (heads[i].seq, hash, heads[i].taken_at);
      g_autoptr(CdAuditAnchor) held = NULL;
      g_autoptr(GPtrArray) results = NULL;

      results = cd_central_client_submit_decisions_with_head (client, NULL, 0, head, &held, NULL,
                                                              &error);
      g_assert_no_error (error);
      g_assert_nonnull (held);
      g_test_message ("head %ld:%c → %s (%s)", (long) heads[i].seq, heads[i].hash, held->status,
                      held->message != NULL ? held->message : "");
      g_assert_cmpstr (held->status, ==, heads[i].status);
      g_assert_cmpint (held->seq, ==, heads[i].held);
      g_assert_cmpint (cd_audit_anchor_is_refused (held), ==,
                       g_str_equal (heads[i].status, CD_AUDIT_ANCHOR_REWOUND)
                       || g_str_equal (heads[i].status, CD_AUDIT_ANCHOR_CONFLICT));
      if (cd_audit_anchor_is_refused (held))
        g_assert_nonnull (held->message);
    }

  /* GET /central/audit-anchor: what the auditor's verify-audit --central reads. */
  anchors = cd_central_client_get_audit_anchors (client, &n_refused, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (anchors->len, ==, G_N_ELEMENTS (accepted));
  for (guint i = 0; i < anchors->len; i++)
    g_assert_cmpint (((CdAuditAnchor *) g_ptr_array_index (anchors, i))->seq, ==, accepted[i]);
  g_assert_cmpuint (n_refused, ==, 3);
}

/* The workstation itself notices: the next run after the log was cut back gets central's anchor
 * back and finds the log no longer holds it — the sync indicator's last error says so. */
static void
test_run_notices_cut_back_log (Fixture       *fixture,
                               gconstpointer  data)
{
  const Tampering cut = { "cut", 4, 0, FALSE, NULL, TRUE };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(CdCentralClient) client = NULL;
  g_autoptr(CdSyncWorker) worker = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *last_error = NULL;
  g_autofree char *expected = NULL;
  CdSyncReport report;
  gint64 anchored;

  bundle_fixture_seed (fixture, "200");
  bundle_fixture_start_gateway (fixture, NULL);
  run_sync (fixture);
  anchored = json_object_get_int_member (json_object_get_object_member (
                                           central_book (fixture, parser), "held"), "seq");

  g_usleep (G_USEC_PER_SEC + 100000);   /* the next head is read a second later */
  tamper (fixture->db_path, &cut, anchored);
  {
    g_autoptr(CdDatabase) db = cd_database_open (fixture->db_path, &error);

    g_assert_no_error (error);
    g_assert_true (cd_database_exec (db, "UPDATE outbox SET state = 'queued'"
                                         " WHERE id = (SELECT min (id) FROM outbox)", &error));
    g_assert_no_error (error);
  }

  client = new_client (fixture);
  worker = cd_sync_worker_new (fixture->db_path, client);
  g_assert_true (cd_sync_worker_run_once (worker, CD_SYNC_ALL_PENDING, &report, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.acknowledged, ==, 1);   /* the decision is filed all the same */
  last_error = cd_sync_worker_dup_last_error (worker);
  g_test_message ("last error: %s", last_error);
  expected = g_strdup_printf ("no longer holds entry %ld as the central system anchored it",
                              (long) anchored);
  g_assert_nonnull (last_error);
  g_assert_nonnull (strstr (last_error, expected));
}

static JsonObject *
header_of (const char *path,
           JsonParser *parser)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_file (parser, path, &error));
  g_assert_no_error (error);
  return json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                        "header");
}

static void
test_bundle_carries_head (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(JsonParser) outbox_parser = json_parser_new ();
  g_autoptr(JsonParser) receipts_parser = json_parser_new ();
  g_autoptr(JsonParser) import_parser = json_parser_new ();
  g_autoptr(JsonParser) again_parser = json_parser_new ();
  g_autofree char *hash = NULL;
  g_autofree char *local_hash = NULL;
  g_autofree char *via = NULL;
  g_autofree char *outbox = g_build_filename (fixture->dir, "outbox-1.json", NULL);
  g_autofree char *receipts = g_build_filename (fixture->dir, "receipts-1.json", NULL);
  g_autofree char *outbox_2 = g_build_filename (fixture->dir, "outbox-2.json", NULL);
  g_autofree char *receipts_2 = g_build_filename (fixture->dir, "receipts-2.json", NULL);
  g_autofree char *out = NULL;
  g_autofree char *answer = NULL;
  JsonObject *head;
  JsonObject *anchor;
  gint64 seq = 0;

  bundle_fixture_seed (fixture, "200");
  bundle_fixture_start_gateway (fixture, NULL);
  read_head (fixture->db_path, &seq, &hash);

  {
    const char *args[] = { "--out", outbox, NULL };
    g_assert_cmpint (bundle_fixture_cli (fixture, "export", args, NULL, NULL), ==, 0);
  }
  head = json_object_get_object_member (header_of (outbox, outbox_parser), "audit_head");
  g_assert_nonnull (head);
  g_assert_cmpint (json_object_get_int_member (head, "seq"), ==, seq);
  g_assert_cmpstr (json_object_get_string_member (head, "hash"), ==, hash);

  g_assert_cmpuint (bundle_fixture_post (fixture, outbox, receipts, &answer), ==, 200);
  anchor = json_object_get_object_member (header_of (receipts, receipts_parser), "audit_anchor");
  g_assert_nonnull (anchor);
  g_assert_cmpint (json_object_get_int_member (anchor, "seq"), ==, seq);
  g_assert_cmpstr (json_object_get_string_member (anchor, "status"), ==,
                   CD_AUDIT_ANCHOR_RECORDED);
  g_assert_cmpstr (json_object_get_string_member (anchor, "via"), ==, "bundle");

  {
    const char *args[] = { receipts, "--json", NULL };
    g_assert_cmpint (bundle_fixture_cli (fixture, "import", args, &out, NULL), ==, 0);
  }
  g_assert_true (json_parser_load_from_data (import_parser, out, -1, NULL));
  g_assert_cmpint (json_object_get_int_member (
                     json_object_get_object_member (
                       json_node_get_object (json_parser_get_root (import_parser)),
                       "audit_anchor"), "seq"), ==, seq);
  g_assert_cmpint (local_anchor (fixture->db_path, &local_hash, &via), ==, seq);
  g_assert_cmpstr (local_hash, ==, hash);
  g_assert_cmpstr (via, ==, "bundle");

  /* The newest entries go; the next stick carries a head that went back, and central says so. */
  {
    const Tampering cut = { "cut", 2, 0, FALSE, NULL, TRUE };
    g_autofree char *verified = NULL;

    g_usleep (G_USEC_PER_SEC + 100000);   /* read a second later than the first head */
    tamper (fixture->db_path, &cut, seq);
    g_assert_cmpint (verify (fixture, fixture->db_path, NULL, FALSE, &verified), ==, 1);
    g_assert_nonnull (strstr (verified, "truncated after the anchored entry"));
  }
  g_assert_cmpint (bundle_fixture_query_int (fixture, "SELECT count (*) FROM outbox"
                                                      " WHERE state = 'queued'"), ==, 0);
  /* Nothing is left to export once every item is acknowledged: reopen one so a stick goes. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(CdDatabase) db = cd_database_open (fixture->db_path, &error);

    g_assert_no_error (error);
    g_assert_true (cd_database_exec (db, "UPDATE outbox SET state = 'queued'"
                                         " WHERE id = (SELECT min (id) FROM outbox)", &error));
    g_assert_no_error (error);
  }
  {
    const char *args[] = { "--out", outbox_2, NULL };
    g_assert_cmpint (bundle_fixture_cli (fixture, "export", args, NULL, NULL), ==, 0);
  }
  g_clear_pointer (&answer, g_free);
  g_assert_cmpuint (bundle_fixture_post (fixture, outbox_2, receipts_2, &answer), ==, 200);
  anchor = json_object_get_object_member (header_of (receipts_2, again_parser), "audit_anchor");
  g_assert_cmpstr (json_object_get_string_member (anchor, "status"), ==, CD_AUDIT_ANCHOR_REWOUND);
  g_assert_cmpint (json_object_get_int_member (anchor, "seq"), ==, seq);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/audit-anchor/sync-carries-head", Fixture, NULL, bundle_fixture_set_up,
              test_sync_carries_head, bundle_fixture_tear_down);
  g_test_add ("/audit-anchor/truncation", Fixture, NULL, bundle_fixture_set_up, test_truncation,
              bundle_fixture_tear_down);
  g_test_add ("/audit-anchor/central-monotonic", Fixture, NULL, bundle_fixture_set_up,
              test_central_monotonic, bundle_fixture_tear_down);
  g_test_add ("/audit-anchor/run-notices-cut-back-log", Fixture, NULL, bundle_fixture_set_up,
              test_run_notices_cut_back_log, bundle_fixture_tear_down);
  g_test_add ("/audit-anchor/bundle-carries-head", Fixture, NULL, bundle_fixture_set_up,
              test_bundle_carries_head, bundle_fixture_tear_down);
  return g_test_run ();
}
