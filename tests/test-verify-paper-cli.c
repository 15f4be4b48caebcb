/* test-verify-paper-cli.c — `claimdesk-cli verify-paper` against the real gateway: a paper copy of
 * a leave certificate the medical portal really serves is verified, one with a changed date is a
 * mismatch with both values side by side, and with the gateway gone nothing is decided. */
#include <json-glib/json-glib.h>
#include <string.h>

#include "cd-canonical-json.h"
#include "cd-context.h"
#include "cd-database.h"
#include "cd-gateway-process.h"
#include "cd-http-client.h"
#include "cd-statement.h"
#include "paper-fixture.h"
#include "test-util.h"

#define XML11_ROOT "CHI_TIEU_DU_LIEU_GIAY_CHUNG_NHAN_NGHI_VIEC_HUONG_BAO_HIEM_XA_HOI"

typedef struct
{
  char             *dir;
  char             *db;
  char             *scratch;
  CdGatewayProcess *gateway;
  char             *url;
  char             *credential_file;
  char             *trust;
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
  /* No serial reused between two certificates, so a serial names one certificate. */
  const char *args[] = { "--world-seed", "3", "--people", "200", "--reused-serial-rate", "0",
                         "--overlap-rate", "0", NULL };
  const char *seed[] = { cli (), "seed", "--db", NULL, "--people", "200", "--claims", "400",
                         "--seed", "3", NULL };
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) from = NULL;
  g_autoptr(GFile) to = NULL;

  fixture->dir = test_tmpdir_new ();
  fixture->db = g_build_filename (fixture->dir, "office.db", NULL);
  fixture->scratch = g_build_filename (fixture->dir, "scratch.db", NULL);
  seed[3] = fixture->db;
  g_assert_cmpint (test_run (seed, &out, &err), ==, 0);
  from = g_file_new_for_path (fixture->db);
  to = g_file_new_for_path (fixture->scratch);
  g_assert_true (g_file_copy (from, to, G_FILE_COPY_NONE, NULL, NULL, NULL, &error));

  fixture->gateway = cd_gateway_process_new (args);
  g_assert_true (cd_gateway_process_start_sync (fixture->gateway, NULL, &error));
  fixture->url = g_strdup (cd_gateway_process_get_base_url (fixture->gateway));
  fixture->trust = g_build_filename (g_getenv ("CLAIMDESK_DATADIR"), "pki", "trust", NULL);
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
  g_free (fixture->trust);
  g_free (fixture->db);
  g_free (fixture->scratch);
  test_tmpdir_free (fixture->dir);
}

static char *
query_text (const char *path,
            const char *sql)
{
  g_autoptr(CdDatabase) db = cd_database_open (path, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStatement) stmt = cd_database_prepare (db, sql, &error);

  g_assert_no_error (error);
  if (cd_statement_step (stmt, &error) == CD_STEP_ROW)
    return cd_statement_dup_text (stmt, 0);
  g_assert_no_error (error);
  return NULL;
}

/* A leave certificate the portal serves: fetched into a scratch copy of the store, as the officer
 * would have seen it had the link been up. Returns its record and sets its holder's ID. */
static char *
served_certificate (Fixture  *fixture,
                    char    **personal_id)
{
  g_autoptr(GPtrArray) people = g_ptr_array_new_with_free_func (g_free);

  {
    g_autoptr(CdDatabase) db = cd_database_open (fixture->scratch, NULL);
    g_autoptr(CdStatement) stmt = cd_database_prepare (db,
                                                       "SELECT DISTINCT p.personal_id FROM claims c"
                                                       " JOIN persons p ON p.id = c.claimant_id"
                                                       " WHERE c.period_from >= '2025-06-01'"
                                                       " ORDER BY c.id LIMIT 40", NULL);

    while (cd_statement_step (stmt, NULL) == CD_STEP_ROW)
      g_ptr_array_add (people, cd_statement_dup_text (stmt, 0));
  }
  for (guint i = 0; i < people->len; i++)
    {
      const char *argv[] = { cli (), "fetch", "--db", fixture->scratch, "--central", fixture->url,
                             "--officer", "cb01", "--office-credential-file",
                             fixture->credential_file, "--person", people->pdata[i], "--from",
                             "2025-01-01", "--to", "2026-11-20", "--json", "--trust-dir",
                             fixture->trust, NULL };
      g_autofree char *out = NULL, *err = NULL;
      g_autofree char *sql = NULL;
      char *record;

      test_run (argv, &out, &err);
      sql = g_strdup_printf ("SELECT d.fields FROM documents d JOIN persons p"
                             " ON p.id = d.person_id WHERE p.personal_id = '%s'"
                             " AND d.kind = 'leave_certificate' AND d.parse_status = 'parsed'"
                             " AND json_extract(d.fields, '$.SO_SERI') IS NOT NULL"
                             " ORDER BY d.id LIMIT 1", (char *) people->pdata[i]);
      record = query_text (fixture->scratch, sql);
      if (record != NULL)
        {
          *personal_id = g_strdup (people->pdata[i]);
          return record;
        }
    }
  g_assert_not_reached ();
}

/* The record with DEN_NGAY one day later: the paper the officer typed says so. */
static char *
with_later_end (const char *record,
                char      **electronic_end,
                char      **paper_end)
{
  g_autoptr(JsonNode) node = json_from_string (record, NULL);
  JsonObject *object = json_node_get_object (node);
  g_autoptr(GDateTime) end = NULL;
  g_autoptr(GDateTime) later = NULL;
  g_autofree char *iso = NULL;

  *electronic_end = g_strdup (json_object_get_string_member (object, "DEN_NGAY"));
  iso = g_strdup_printf ("%sT00:00:00Z", *electronic_end);
  end = g_date_time_new_from_iso8601 (iso, NULL);
  later = g_date_time_add_days (end, 1);
  *paper_end = g_date_time_format (later, "%Y-%m-%d");
  json_object_set_string_member (object, "DEN_NGAY", *paper_end);
  return cd_canonical_json (node, NULL);
}

static JsonArray *
run_verify (Fixture    *fixture,
            const char *personal_id,
            int         expected_status,
            JsonParser *parser)
{
  const char *argv[] = { cli (), "verify-paper", "--db", fixture->db, "--central", fixture->url,
                         "--officer", "cb01", "--office-credential-file", fixture->credential_file,
                         "--person", personal_id, "--trust-dir", fixture->trust, "--json", NULL };
  g_autofree char *out = NULL, *err = NULL;

  int status = test_run (argv, &out, &err);

  if (status != expected_status)
    g_printerr ("%s\n%s\n", out, err);
  g_assert_cmpint (status, ==, expected_status);
  g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
  return json_node_get_array (json_parser_get_root (parser));
}

static JsonObject *
check_of (JsonArray *checks,
          gint64     document_id)
{
  for (guint i = 0; i < json_array_get_length (checks); i++)
    {
      JsonObject *check = json_array_get_object_element (checks, i);

      if (json_object_get_int_member (check, "document_id") == document_id)
        return check;
    }
  g_assert_not_reached ();
}

static void
test_verify_paper (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *personal_id = NULL;
  g_autofree char *record = served_certificate (fixture, &personal_id);
  g_autofree char *electronic_end = NULL;
  g_autofree char *paper_end = NULL;
  g_autofree char *changed = with_later_end (record, &electronic_end, &paper_end);
  g_autofree char *copy_fields = paper_fixture_medical_fields ("XML11", XML11_ROOT, record);
  g_autofree char *changed_fields = paper_fixture_medical_fields ("XML11", XML11_ROOT, changed);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) again_parser = json_parser_new ();
  g_autoptr(JsonParser) offline_parser = json_parser_new ();
  JsonArray *checks, *discrepancies;
  JsonObject *copy, *typo, *field;
  gint64 copy_id, typo_id, late_id;
  g_autofree char *state = NULL;
  g_autofree char *rows = NULL;
  g_autofree char *rows_again = NULL;
  g_autofree char *late_state = NULL;

  {
    g_autoptr(CdDatabase) db = cd_database_open (fixture->db, NULL);

    copy_id = paper_fixture_add (db, personal_id, 0, "leave_certificate", copy_fields, "cb01");
    typo_id = paper_fixture_add (db, personal_id, 0, "leave_certificate", changed_fields, "cb01");
  }

  checks = run_verify (fixture, personal_id, 0, parser);
  g_assert_cmpuint (json_array_get_length (checks), ==, 2);
  copy = check_of (checks, copy_id);
  g_assert_cmpstr (json_object_get_string_member (copy, "outcome"), ==, "verified");
  g_assert_false (json_object_get_null_member (copy, "electronic_document_id"));
  typo = check_of (checks, typo_id);
  g_assert_cmpstr (json_object_get_string_member (typo, "outcome"), ==, "mismatch");
  discrepancies = json_object_get_array_member (typo, "discrepancies");
  g_assert_cmpuint (json_array_get_length (discrepancies), ==, 1);
  field = json_array_get_object_element (discrepancies, 0);
  g_assert_cmpstr (json_object_get_string_member (field, "field"), ==, "DEN_NGAY");
  g_assert_cmpstr (json_object_get_string_member (field, "paper"), ==, paper_end);
  g_assert_cmpstr (json_object_get_string_member (field, "electronic"), ==, electronic_end);

  state = query_text (fixture->db, "SELECT group_concat(paper_state, ',') FROM (SELECT paper_state"
                                   " FROM documents WHERE source_system = 'manual' ORDER BY id)");
  g_assert_cmpstr (state, ==, "verified,mismatch");
  rows = query_text (fixture->db, "SELECT group_concat(result || ':' || discrepancies, ' ') FROM"
                                  " (SELECT result, discrepancies FROM verifications"
                                  "  WHERE document_id IN (SELECT id FROM documents"
                                  "  WHERE source_system = 'manual') ORDER BY id)");
  g_assert_true (g_str_has_prefix (rows, "match:[] mismatch:[{\"electronic\":\""));

  /* Again: the same outcomes, nothing new on record. */
  checks = run_verify (fixture, personal_id, 0, again_parser);
  g_assert_false (json_object_get_boolean_member (check_of (checks, copy_id), "changed"));
  g_assert_false (json_object_get_boolean_member (check_of (checks, typo_id), "changed"));
  rows_again = query_text (fixture->db, "SELECT group_concat(result || ':' || discrepancies, ' ')"
                                        " FROM (SELECT result, discrepancies FROM verifications"
                                        "  WHERE document_id IN (SELECT id FROM documents"
                                        "  WHERE source_system = 'manual') ORDER BY id)");
  g_assert_cmpstr (rows_again, ==, rows);

  /* A paper entered while the portal is gone stays unverified, and the command says why. */
  {
    g_autoptr(CdDatabase) db = cd_database_open (fixture->db, NULL);
    g_autofree char *other = paper_fixture_medical_fields (
      "XML11", XML11_ROOT, "{\"SO_SERI\":\"QQ000001\",\"TU_NGAY\":\"2026-10-01\","
                           "\"DEN_NGAY\":\"2026-10-03\"}");

    late_id = paper_fixture_add (db, personal_id, 0, "leave_certificate", other, "cb01");
  }
  cd_gateway_process_stop (fixture->gateway);
  checks = run_verify (fixture, personal_id, 1, offline_parser);
  g_assert_cmpstr (json_object_get_string_member (check_of (checks, late_id), "outcome"), ==,
                   "unreachable");
  g_assert_nonnull (json_object_get_string_member (check_of (checks, late_id), "message"));
  g_assert_cmpstr (json_object_get_string_member (check_of (checks, copy_id), "outcome"), ==,
                   "verified");
  late_state = query_text (fixture->db, "SELECT paper_state FROM documents WHERE id ="
                                        " (SELECT max(id) FROM documents"
                                        "  WHERE source_system = 'manual')");
  g_assert_cmpstr (late_state, ==, "unverified");
}

static void
on_finished (CdVerificationWorker *worker,
             gpointer              user_data)
{
  (*(guint *) user_data)++;
}

/* The workstation's context runs deferred verification by itself once the sources answer: its
 * verification worker follows the sync worker, and a pass checks the paper waiting. */
static void
test_worker (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *personal_id = NULL;
  g_autofree char *record = served_certificate (fixture, &personal_id);
  g_autofree char *fields = paper_fixture_medical_fields ("XML11", XML11_ROOT, record);
  g_autoptr(CdContext) context = cd_context_new ();
  g_autoptr(CdOfficeCredential) credential = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *state = NULL;
  CdVerificationWorker *worker;
  guint finished = 0;

  {
    g_autoptr(CdDatabase) db = cd_database_open (fixture->db, NULL);

    paper_fixture_add (db, personal_id, 0, "leave_certificate", fields, "cb01");
  }
  g_assert_true (g_file_get_contents (fixture->credential_file, &text, NULL, &error));
  credential = cd_office_credential_parse (g_strstrip (text), &error);
  g_assert_no_error (error);
  cd_context_set_db_path (context, fixture->db);
  cd_context_set_office_credential (context, credential);
  cd_context_set_operator (context, "cb01");
  cd_context_set_trust_dir (context, fixture->trust);
  cd_context_set_addresses (context, fixture->url, NULL);
  worker = cd_context_get_verification_worker (context);
  g_assert_nonnull (worker);
  g_assert_false (cd_verification_worker_is_running (worker));
  g_signal_connect (worker, "finished", G_CALLBACK (on_finished), &finished);

  cd_context_set_background_verification (context, TRUE);
  g_assert_true (cd_verification_worker_is_running (worker));
  while (finished == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (cd_verification_worker_get_last_error (worker));
  g_assert_cmpuint (cd_verification_worker_get_n_changed (worker), ==, 1);
  state = query_text (fixture->db, "SELECT paper_state FROM documents"
                                   " WHERE source_system = 'manual'");
  g_assert_cmpstr (state, ==, "verified");

  /* A trigger within the minimum interval does not start another pass; stopping is clean. */
  cd_verification_worker_trigger (worker);
  g_assert_false (cd_verification_worker_is_running (worker));
  cd_context_set_background_verification (context, FALSE);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/verify-paper/worker", Fixture, NULL, fixture_set_up, test_worker,
              fixture_tear_down);
  g_test_add ("/verify-paper/cli", Fixture, NULL, fixture_set_up, test_verify_paper,
              fixture_tear_down);
  return g_test_run ();
}
