/* test-fetch-cli.c — `claimdesk-cli fetch` against the real gateway: every source, the findings the
 * gateway planted, and the stored answers standing in when the gateway is gone. */
#include <json-glib/json-glib.h>

#include "cd-database.h"
#include "cd-gateway-process.h"
#include "cd-http-client.h"
#include "cd-statement.h"
#include "cd-text-fold.h"
#include "cd-world.h"
#include "test-util.h"

typedef struct
{
  char             *dir;
  char             *db;
  CdGatewayProcess *gateway;
  char             *url;     /* kept: it still names the gateway after it is stopped */
  CdWorld          *world;
  char             *credential_file;  /* the office's credentials, enrolled with the gateway */
} Fixture;

static const char *
cli (void)
{
  return g_getenv ("CLAIMDESK_CLI");
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  /* Every planted problem on, so each check has something to find. */
  const char *args[] = { "--world-seed", "3", "--people", "200", "--mismatch-rate", "1",
                         "--dead-rate", "1", "--overlap-rate", "1", "--reused-serial-rate", "1", NULL };
  const char *seed[] = { cli (), "seed", "--db", NULL, "--people", "200", "--claims", "400",
                         "--seed", "3", NULL };
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GError) error = NULL;

  fixture->dir = test_tmpdir_new ();
  fixture->db = g_build_filename (fixture->dir, "office.db", NULL);
  seed[3] = fixture->db;
  g_assert_cmpint (test_run (seed, &out, &err), ==, 0);

  fixture->gateway = cd_gateway_process_new (args);
  g_assert_true (cd_gateway_process_start_sync (fixture->gateway, NULL, &error));
  fixture->url = g_strdup (cd_gateway_process_get_base_url (fixture->gateway));
  fixture->world = cd_world_new (3, 200);
  {
    g_autoptr(CdHttpClient) http = cd_http_client_new ();
    const CdOfficeCredential *credential =
      cd_gateway_process_get_office_credential (fixture->gateway, http, &error);
    g_autofree char *text = NULL;

    g_assert_no_error (error);
    text = cd_office_credential_to_string (credential);
    fixture->credential_file = g_build_filename (fixture->dir, "office.credential", NULL);
    g_assert_true (g_file_set_contents_full (fixture->credential_file, text, -1,
                                             G_FILE_SET_CONTENTS_NONE, 0600, &error));
  }
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->gateway);
  g_free (fixture->url);
  g_free (fixture->credential_file);
  cd_world_free (fixture->world);
  g_free (fixture->db);
  test_tmpdir_free (fixture->dir);
}

static JsonObject *
run_fetch_claim (Fixture    *fixture,
                 guint32     household,
                 const char *claim,
                 int         expected_status,
                 JsonParser *parser)
{
  CdWorldPerson person;
  /* The gateway signs under the TEST-ONLY CA, which only the demo and the tests trust. */
  g_autofree char *trust = g_build_filename (g_getenv ("CLAIMDESK_DATADIR"), "pki", "trust", NULL);
  const char *argv[] = { cli (), "fetch", "--db", fixture->db, "--central", fixture->url,
                         "--officer", "cb01", "--office-credential-file", fixture->credential_file,
                         "--person", NULL, "--from", "2024-01-01", "--to", "2026-11-20", "--json",
                         "--trust-dir", trust, NULL, NULL, NULL };
  g_autofree char *out = NULL, *err = NULL;

  g_assert_true (cd_world_get_person (fixture->world, household, 0, &person));
  argv[11] = person.personal_id;
  if (claim != NULL)
    {
      argv[19] = "--claim";
      argv[20] = claim;
    }
  g_assert_cmpint (test_run (argv, &out, &err), ==, expected_status);
  g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
  return json_node_get_object (json_parser_get_root (parser));
}

static JsonObject *
run_fetch (Fixture    *fixture,
           guint32     household,
           int         expected_status,
           JsonParser *parser)
{
  return run_fetch_claim (fixture, household, NULL, expected_status, parser);
}

static gint64
query_int (Fixture    *fixture,
           const char *sql)
{
  g_autoptr(CdDatabase) db = cd_database_open (fixture->db, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStatement) stmt = cd_database_prepare (db, sql, &error);

  g_assert_no_error (error);
  if (cd_statement_step (stmt, &error) == CD_STEP_ROW)
    return cd_statement_get_int64 (stmt, 0);
  g_assert_no_error (error);
  return -1;
}

static void
exec_sql (Fixture    *fixture,
          const char *sql)
{
  g_autoptr(CdDatabase) db = cd_database_open (fixture->db, NULL);
  g_assert_true (cd_database_exec (db, sql, NULL));
}

static gboolean
has_finding (JsonObject *result,
             const char *code)
{
  JsonArray *findings = json_object_get_array_member (result, "findings");

  for (guint i = 0; i < json_array_get_length (findings); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (findings, i), "code"),
                     code))
      return TRUE;
  return FALSE;
}

static JsonObject *
source (JsonObject *result,
        const char *name)
{
  JsonArray *sources = json_object_get_array_member (result, "sources");

  for (guint i = 0; i < json_array_get_length (sources); i++)
    {
      JsonObject *entry = json_array_get_object_element (sources, i);
      if (g_str_equal (json_object_get_string_member (entry, "source"), name))
        return entry;
    }
  g_assert_not_reached ();
}

static void
test_every_source_and_the_planted_problems (Fixture       *fixture,
                                            gconstpointer  data)
{
  g_autoptr(JsonParser) first = json_parser_new ();
  g_autoptr(JsonParser) second = json_parser_new ();
  JsonObject *result;

  /* Household 0, then 1, whose certificates reuse household 0's serials. */
  run_fetch (fixture, 0, 0, first);
  result = run_fetch (fixture, 1, 0, second);

  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (result, "sources")), ==, 10);
  g_assert_true (json_object_get_boolean_member (source (result, "medical"), "ok"));
  g_assert_cmpstr (json_object_get_string_member (source (result, "medical"), "signature"), ==, "valid");
  g_assert_cmpint (json_object_get_int_member (source (result, "medical"), "parts"), >, 0);
  g_assert_cmpstr (json_object_get_string_member (source (result, "population-identity"), "parse"), ==,
                   "parsed");
  g_assert_cmpstr (json_object_get_string_member (source (result, "civil-deaths"), "parse"), ==, "parsed");

  g_assert_true (has_finding (result, "identity.name_spelling"));
  g_assert_true (has_finding (result, "identity.birth_date_mismatch"));
  g_assert_true (has_finding (result, "claimant.dead"));
  g_assert_true (has_finding (result, "certificate.serial_reused"));
  g_assert_true (has_finding (result, "leave.overlap"));
}

static void
test_tampered_documents_are_marked (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(CdHttpClient) http = cd_http_client_new ();
  g_autofree char *url = g_strconcat (fixture->url, "/_control/faults", NULL);
  g_autoptr(CdHttpRequest) request = cd_http_request_new ("POST", url);
  g_autoptr(GBytes) body = g_bytes_new_static ("{\"badsig-rate\": 1}", 18);
  g_autoptr(CdHttpResponse) response = NULL;
  JsonObject *result;

  cd_http_request_set_body (request, "application/json", body);
  response = cd_http_client_send (http, request, NULL, NULL);
  g_assert_cmpuint (response->status, ==, 200);

  result = run_fetch (fixture, 2, 0, parser);
  g_assert_cmpstr (json_object_get_string_member (source (result, "medical"), "signature"), ==, "invalid");
}

static void
test_offline_uses_stored_answers (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(JsonParser) online = json_parser_new ();
  g_autoptr(JsonParser) offline = json_parser_new ();
  JsonObject *result;

  run_fetch (fixture, 4, 0, online);
  cd_gateway_process_stop (fixture->gateway);

  /* Every source fails (exit 1), but says when the answer it stands in with was fetched. */
  result = run_fetch (fixture, 4, 1, offline);
  g_assert_false (json_object_get_boolean_member (source (result, "medical"), "ok"));
  g_assert_nonnull (strstr (json_object_get_string_member (source (result, "medical"), "error"),
                            "Medical portal"));
  g_assert_true (json_object_has_member (source (result, "medical"), "cached_at"));
  g_assert_true (json_object_has_member (source (result, "central-person"), "cached_at"));
  /* The checks still run on what is stored. */
  g_assert_true (has_finding (result, "claimant.dead"));
}

/* Household 0's first claim is claim 1 of the world ("HS-…-00000001"). */
static void
test_evidence_links_to_the_claim (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *number = NULL;
  g_autofree char *sql = NULL;
  CdWorldClaim claim;
  gint64 linked, outside;

  g_assert_true (cd_world_get_claim (fixture->world, 0, &claim));
  number = g_strdup (claim.number);
  run_fetch_claim (fixture, 0, number, 0, parser);

  sql = g_strdup_printf ("SELECT count(*) FROM documents d JOIN claims c ON c.id = d.claim_id"
                         " WHERE c.number = '%s'", number);
  linked = query_int (fixture, sql);
  g_assert_cmpint (linked, >, 0);
  /* Dated tables are linked only when they fall near the claim's period. */
  g_free (sql);
  sql = g_strdup_printf ("SELECT count(*) FROM documents d JOIN claims c ON c.id = d.claim_id"
                         " WHERE c.number = '%s' AND d.parent_id IS NOT NULL"
                         " AND substr(coalesce(json_extract(d.fields, '$.TU_NGAY'),"
                         " json_extract(d.fields, '$.NGAY_VAO')), 1, 10)"
                         " NOT BETWEEN date(c.period_from, '-30 days') AND date(c.period_to, '+30 days')",
                         number);
  outside = query_int (fixture, sql);
  g_assert_cmpint (outside, ==, 0);
}

static void
test_child_not_the_claimants (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *number = NULL;
  g_autofree char *sql = NULL;
  CdWorldClaim claim;
  JsonObject *result;

  g_assert_true (cd_world_get_claim (fixture->world, 0, &claim));
  number = g_strdup (claim.number);
  /* Someone else's child put on household 0's claim. */
  sql = g_strdup_printf ("UPDATE claims SET child_id = (SELECT id FROM persons WHERE world_index = 8 * 5 + 2)"
                         " WHERE number = '%s'", number);
  exec_sql (fixture, sql);
  result = run_fetch_claim (fixture, 0, number, 0, parser);
  g_assert_true (has_finding (result, "child.not_claimants"));
}

static void
test_garbage_is_kept_but_not_read (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(CdHttpClient) http = cd_http_client_new ();
  g_autofree char *url = g_strconcat (fixture->url, "/_control/faults", NULL);
  g_autoptr(CdHttpRequest) request = cd_http_request_new ("POST", url);
  g_autoptr(GBytes) body = g_bytes_new_static ("{\"garbage-rate\": 1}", 19);
  g_autoptr(CdHttpResponse) response = NULL;
  JsonObject *result, *medical;

  cd_http_request_set_body (request, "application/json", body);
  response = cd_http_client_send (http, request, NULL, NULL);
  g_assert_cmpuint (response->status, ==, 200);

  /* Exit 1: the central system's token answer is garbage too, so its sources fail outright. */
  result = run_fetch (fixture, 3, 1, parser);
  medical = source (result, "medical");
  g_assert_cmpstr (json_object_get_string_member (medical, "parse"), ==, "rejected");
  g_assert_nonnull (strstr (json_object_get_string_member (medical, "parse_error"), "Medical portal"));
  g_assert_cmpstr (json_object_get_string_member (source (result, "civil-births"), "parse"), ==, "rejected");
  g_assert_cmpstr (json_object_get_string_member (source (result, "population-identity"), "parse"), ==,
                   "rejected");
  /* Kept all the same: every answer is stored raw. */
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM documents WHERE parse_status = 'rejected'"
                                       " AND length(raw) > 0"), >=, 3);
}

static void
test_bad_arguments (void)
{
  const char *no_person[] = { cli (), "fetch", "--db", "/tmp/x.db", "--central", "http://127.0.0.1:9", NULL };
  const char *bad_id[] = { cli (), "fetch", "--db", "/tmp/x.db", "--central", "http://127.0.0.1:9",
                           "--person", "12345", NULL };
  const char *bad_window[] = { cli (), "fetch", "--db", "/tmp/x.db", "--central", "http://127.0.0.1:9",
                               "--person", "079190012345", "--from", "2026-02-30", NULL };
  g_autofree char *o1 = NULL, *e1 = NULL, *o2 = NULL, *e2 = NULL, *o3 = NULL, *e3 = NULL;

  g_assert_cmpint (test_run (no_person, &o1, &e1), ==, 2);
  g_assert_cmpint (test_run (bad_id, &o2, &e2), ==, 2);
  g_assert_nonnull (strstr (e2, "12345"));
  g_assert_cmpint (test_run (bad_window, &o3, &e3), ==, 2);
  g_assert_nonnull (strstr (e3, "2026-02-30"));
}

/* --claim must name a claim of the store, and one of --person: otherwise exit 1 with one line
 * that says which, before any source is asked. Then --person must be twelve ASCII digits. */
static void
test_claim_must_be_the_persons (Fixture       *fixture,
                                gconstpointer  data)
{
  CdWorldClaim claim;
  CdWorldPerson claimant, other;
  const char *argv[] = { cli (), "fetch", "--db", fixture->db, "--central", "http://127.0.0.1:9",
                         "--person", NULL, "--claim", NULL, NULL };
  g_autofree char *expected = NULL;
  gint64 documents = query_int (fixture, "SELECT count(*) FROM documents");

  g_assert_true (cd_world_get_claim (fixture->world, 0, &claim));
  g_assert_true (cd_world_get_person (fixture->world, claim.index, 0, &claimant));
  g_assert_true (cd_world_get_person (fixture->world, claim.index + 1, 0, &other));
  g_assert_cmpstr (other.personal_id, !=, claimant.personal_id);

  {
    g_autofree char *out = NULL, *err = NULL;

    argv[7] = claimant.personal_id;
    argv[9] = "HS-2026-99999999";
    g_assert_cmpint (test_run (argv, &out, &err), ==, 1);
    expected = g_strdup_printf ("claimdesk-cli fetch: --claim HS-2026-99999999: no such claim in"
                                " %s\n", fixture->db);
    g_assert_cmpstr (err, ==, expected);
    g_assert_cmpstr (out, ==, "");
    g_clear_pointer (&expected, g_free);
  }
  {
    g_autofree char *out = NULL, *err = NULL;

    argv[7] = other.personal_id;
    argv[9] = claim.number;
    g_assert_cmpint (test_run (argv, &out, &err), ==, 1);
    expected = g_strdup_printf ("claimdesk-cli fetch: --claim %s is not a claim of %s\n",
                                claim.number, other.personal_id);
    g_assert_cmpstr (err, ==, expected);
    g_assert_cmpstr (out, ==, "");
    g_clear_pointer (&expected, g_free);
  }
  /* Nothing was asked or stored for either. */
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM documents"), ==, documents);

  {
    const char *shapes[] = { "07919001234", "0791900123456", "07919001234x", "０79190012345" };

    for (guint i = 0; i < G_N_ELEMENTS (shapes); i++)
      {
        g_autofree char *out = NULL, *err = NULL;

        argv[7] = shapes[i];
        argv[9] = claim.number;
        g_assert_cmpint (test_run (argv, &out, &err), ==, 2);
        expected = g_strdup_printf ("claimdesk-cli fetch: --person %s: a personal ID has 12"
                                    " digits\n", shapes[i]);
        g_assert_cmpstr (err, ==, expected);
        g_clear_pointer (&expected, g_free);
      }
  }
}

/* The card of `person` as a scanner types it, with the name given. */
static char *
card_payload (const CdWorldPerson *person,
              const char          *name)
{
  const char *birth = person->birth_date;

  return g_strdup_printf ("%s||%s|%.2s%.2s%.4s|%s|%s|15082021\r\n", person->personal_id, name,
                          birth + 8, birth + 5, birth, person->female ? "Nữ" : "Nam",
                          person->address);
}

/* fetch --card-qr: the card names the person (no --person needed), its name is checked against
 * the population register and a card that differs is a finding; one that cannot be read, or that
 * is not --person's, is a usage error before anything is asked. */
static void
test_card_qr (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *trust = g_build_filename (g_getenv ("CLAIMDESK_DATADIR"), "pki", "trust", NULL);
  const char *argv[] = { cli (), "fetch", "--db", fixture->db, "--central", fixture->url,
                         "--officer", "cb01", "--office-credential-file", fixture->credential_file,
                         "--card-qr", NULL, "--from", "2024-01-01", "--to", "2026-11-20", "--json",
                         "--trust-dir", trust, NULL, NULL, NULL };
  CdWorldPerson person, other;
  g_autofree char *folded = NULL;
  gint64 documents;

  g_assert_true (cd_world_get_person (fixture->world, 6, 0, &person));
  g_assert_true (cd_world_get_person (fixture->world, 7, 0, &other));
  folded = cd_text_fold (person.full_name);

  /* Someone else's name on the card: a finding, and the card in the output. */
  {
    g_autofree char *payload = card_payload (&person, "Người Khác");
    g_autoptr(JsonParser) parser = json_parser_new ();
    g_autofree char *out = NULL, *err = NULL;
    JsonObject *result, *card;

    argv[11] = payload;
    g_assert_cmpint (test_run (argv, &out, &err), ==, 0);
    g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
    result = json_node_get_object (json_parser_get_root (parser));
    g_assert_cmpstr (json_object_get_string_member (result, "person"), ==, person.personal_id);
    card = json_object_get_object_member (result, "card");
    g_assert_nonnull (card);
    g_assert_cmpstr (json_object_get_string_member (card, "full_name"), ==, "Người Khác");
    g_assert_cmpstr (json_object_get_string_member (card, "birth_date"), ==, person.birth_date);
    g_assert_true (has_finding (result, "card.identity_mismatch"));
  }

  /* The registered name, typed without its accents by the scanner: no finding about the card. */
  {
    g_autofree char *plain = g_ascii_strup (folded, -1);
    g_autofree char *payload = card_payload (&person, plain);
    g_autoptr(JsonParser) parser = json_parser_new ();
    g_autofree char *out = NULL, *err = NULL;
    JsonObject *result;

    argv[11] = payload;
    g_assert_cmpint (test_run (argv, &out, &err), ==, 0);
    g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
    result = json_node_get_object (json_parser_get_root (parser));
    g_assert_true (json_object_has_member (result, "card"));
    g_assert_false (has_finding (result, "card.identity_mismatch"));
  }

  documents = query_int (fixture, "SELECT count(*) FROM documents");
  /* A birth date that is no day: exit 2, the parser's message, nothing asked. */
  {
    g_autofree char *payload = g_strdup_printf ("%s||%s|31021990|Nam|Hà Nội|15082021",
                                                person.personal_id, person.full_name);
    g_autofree char *out = NULL, *err = NULL;

    argv[11] = payload;
    g_assert_cmpint (test_run (argv, &out, &err), ==, 2);
    g_assert_cmpstr (err, ==, "claimdesk-cli fetch: --card-qr: The card's QR code has a birth date"
                              " “31021990” that is not a date\n");
    g_assert_cmpstr (out, ==, "");
  }
  /* Another person's card. */
  {
    g_autofree char *payload = card_payload (&other, other.full_name);
    g_autofree char *out = NULL, *err = NULL;

    argv[11] = payload;
    argv[19] = "--person";
    argv[20] = person.personal_id;
    g_assert_cmpint (test_run (argv, &out, &err), ==, 2);
    g_assert_nonnull (strstr (err, person.personal_id));
    g_assert_nonnull (strstr (err, other.personal_id));
    g_assert_cmpstr (out, ==, "");
  }
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM documents"), ==, documents);
}

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/fetch-cli/every-source-and-the-planted-problems", test_every_source_and_the_planted_problems);
  ADD ("/fetch-cli/tampered-documents-are-marked", test_tampered_documents_are_marked);
  ADD ("/fetch-cli/offline-uses-stored-answers", test_offline_uses_stored_answers);
  ADD ("/fetch-cli/evidence-links-to-the-claim", test_evidence_links_to_the_claim);
  ADD ("/fetch-cli/child-not-the-claimants", test_child_not_the_claimants);
  ADD ("/fetch-cli/claim-must-be-the-persons", test_claim_must_be_the_persons);
  ADD ("/fetch-cli/garbage-is-kept-but-not-read", test_garbage_is_kept_but_not_read);
  ADD ("/fetch-cli/card-qr", test_card_qr);
  g_test_add_func ("/fetch-cli/bad-arguments", test_bad_arguments);

  return g_test_run ();
}
