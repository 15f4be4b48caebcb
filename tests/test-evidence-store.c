/* test-evidence-store.c — answers are stored raw before parsing; envelopes split; offline cache. */
#include <glib/gstdio.h>

#include "cd-canonical-json.h"
#include "cd-evidence-store.h"
#include "cd-statement.h"
#include "test-util.h"

static CdEvidenceResponse *
response_from (CdEvidenceSource  source,
               const char       *data,
               gsize             length)
{
  CdEvidenceResponse *response = g_new0 (CdEvidenceResponse, 1);

  response->source = source;
  response->url = g_strdup_printf ("http://127.0.0.1:9/%s", cd_evidence_source_to_string (source));
  response->method = g_strdup ("GET");
  response->fetched_at = g_date_time_new_now_utc ();
  response->status = 200;
  response->attempts = 1;
  response->body = g_bytes_new (data, length);
  return response;
}

static GPtrArray *
all_sources_failing (void)
{
  GPtrArray *responses = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_evidence_response_free);

  for (guint s = 0; s < CD_N_EVIDENCE_SOURCES; s++)
    {
      CdEvidenceResponse *response = g_new0 (CdEvidenceResponse, 1);
      response->source = s;
      response->url = g_strdup ("http://127.0.0.1:9/");
      response->fetched_at = g_date_time_new_now_utc ();
      response->error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "down");
      g_ptr_array_add (responses, response);
    }
  return responses;
}

static char *
query_text (CdDatabase *db,
            const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStatement) stmt = cd_database_prepare (db, sql, &error);

  g_assert_no_error (error);
  if (cd_statement_step (stmt, &error) == CD_STEP_ROW)
    return cd_statement_dup_text (stmt, 0);
  g_assert_no_error (error);
  return NULL;
}

static void
test_raw_kept_even_when_unreadable (void)
{
  char *dir = test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "office.db", NULL);
  g_autoptr(CdDatabase) db = cd_database_open (path, NULL);
  g_autoptr(GPtrArray) responses = all_sources_failing ();
  g_autoptr(GPtrArray) stored = NULL;
  g_autoptr(GError) error = NULL;
  static const char garbage[] = "<GIAMDINHHS><THONGTINDONVI><<<broken";
  g_autofree char *raw = NULL, *status = NULL, *sha = NULL, *expected_sha = NULL;
  CdStoredEvidence *medical;

  cd_evidence_response_free (g_ptr_array_index (responses, CD_EVIDENCE_MEDICAL));
  responses->pdata[CD_EVIDENCE_MEDICAL] = response_from (CD_EVIDENCE_MEDICAL, garbage, sizeof garbage - 1);

  stored = cd_evidence_store_save (db, "079190012345", "2026-01-01", "2026-11-20", 0, responses, NULL,
                                   &error);
  g_assert_no_error (error);
  medical = g_ptr_array_index (stored, CD_EVIDENCE_MEDICAL);
  g_assert_cmpint (medical->document_id, >, 0);
  g_assert_cmpstr (medical->parse_status, ==, "rejected");
  /* The reason names the system. */
  g_assert_nonnull (strstr (medical->parse_error, "Medical portal"));

  /* The bytes as they came, with their hash: nothing lost because the parser said no. */
  raw = query_text (db, "SELECT raw FROM documents WHERE kind = 'envelope'");
  sha = query_text (db, "SELECT sha256 FROM documents WHERE kind = 'envelope'");
  status = query_text (db, "SELECT parse_status FROM documents WHERE kind = 'envelope'");
  expected_sha = cd_sha256_hex (garbage, sizeof garbage - 1);
  g_assert_cmpstr (raw, ==, garbage);
  g_assert_cmpstr (sha, ==, expected_sha);
  g_assert_cmpstr (status, ==, "rejected");

  /* Failed sources store nothing. */
  g_assert_cmpint (((CdStoredEvidence *) g_ptr_array_index (stored, CD_EVIDENCE_CIVIL_BIRTHS))->document_id,
                   ==, 0);
  g_clear_object (&db);
  test_tmpdir_free (dir);
}

static void
test_signed_envelope_is_split_and_verified (void)
{
  char *dir = test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "office.db", NULL);
  g_autoptr(CdDatabase) db = cd_database_open (path, NULL);
  g_autofree char *fixture = g_test_build_filename (G_TEST_DIST, "data", "documents",
                                                    "signed-envelope-79001.xml", NULL);
  g_autofree char *trust_dir = g_test_build_filename (G_TEST_DIST, "..", "data", "pki", "trust", NULL);
  g_autoptr(CdTrustStore) trust = cd_trust_store_new_from_dir (trust_dir, NULL);
  g_autoptr(GPtrArray) responses = all_sources_failing ();
  g_autoptr(GPtrArray) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL, *parts = NULL, *child_signature = NULL;
  gsize length = 0;
  CdStoredEvidence *medical;

  g_assert_nonnull (trust);
  g_assert_true (g_file_get_contents (fixture, &data, &length, NULL));
  cd_evidence_response_free (g_ptr_array_index (responses, CD_EVIDENCE_MEDICAL));
  responses->pdata[CD_EVIDENCE_MEDICAL] = response_from (CD_EVIDENCE_MEDICAL, data, length);

  stored = cd_evidence_store_save (db, "079190012345", "2025-01-01", "2026-11-20", 0, responses, trust,
                                   &error);
  g_assert_no_error (error);
  medical = g_ptr_array_index (stored, CD_EVIDENCE_MEDICAL);
  g_assert_cmpstr (medical->parse_status, ==, "parsed");
  g_assert_cmpstr (medical->signature_status, ==, "valid");
  g_assert_nonnull (strstr (medical->signer, "79001"));
  g_assert_cmpuint (medical->n_parts, >, 0);

  parts = query_text (db, "SELECT count(*) FROM documents WHERE parent_id IS NOT NULL");
  g_assert_cmpint (atoi (parts), ==, (int) medical->n_parts);
  /* Each table row carries its envelope's signature, which covers it. */
  child_signature = query_text (db, "SELECT DISTINCT signature_status FROM documents WHERE parent_id IS NOT NULL");
  g_assert_cmpstr (child_signature, ==, "valid");

  /* One changed byte in the signed content: stored, and marked invalid. */
  {
    char *digit = strstr (data, "<NGAYLAP>");
    g_autoptr(GPtrArray) again = all_sources_failing ();
    g_autoptr(GPtrArray) stored_again = NULL;

    g_assert_nonnull (digit);
    digit += strlen ("<NGAYLAP>") + 7;
    *digit = *digit == '1' ? '2' : '1';
    cd_evidence_response_free (g_ptr_array_index (again, CD_EVIDENCE_MEDICAL));
    again->pdata[CD_EVIDENCE_MEDICAL] = response_from (CD_EVIDENCE_MEDICAL, data, length);
    stored_again = cd_evidence_store_save (db, "079190012345", "2025-01-01", "2026-11-20", 0, again, trust,
                                           &error);
    g_assert_no_error (error);
    g_assert_cmpstr (((CdStoredEvidence *) g_ptr_array_index (stored_again, CD_EVIDENCE_MEDICAL))->signature_status,
                     ==, "invalid");
  }
  g_clear_object (&db);
  test_tmpdir_free (dir);
}

/* A real hospital envelope whose visit summary (XML1) is refused: its discharge paper and record
 * summary are stored as read, the visit summary as a "rejected" part whose error names the field,
 * and the envelope's own row says which table was refused. */
static void
test_refused_table_is_stored_apart (void)
{
  char *dir = test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "office.db", NULL);
  g_autoptr(CdDatabase) db = cd_database_open (path, NULL);
  g_autofree char *fixture = g_test_build_filename (G_TEST_DIST, "data", "real-documents",
                                                    "pc-card-14char.xml", NULL);
  g_autoptr(GPtrArray) responses = all_sources_failing ();
  g_autoptr(GPtrArray) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL, *rejected = NULL, *kinds = NULL, *envelope_error = NULL;
  g_autofree char *refusal = NULL;
  gsize length = 0;
  CdStoredEvidence *medical;

  g_assert_true (g_file_get_contents (fixture, &data, &length, NULL));
  cd_evidence_response_free (g_ptr_array_index (responses, CD_EVIDENCE_MEDICAL));
  responses->pdata[CD_EVIDENCE_MEDICAL] = response_from (CD_EVIDENCE_MEDICAL, data, length);

  stored = cd_evidence_store_save (db, "094194059447", "2026-01-01", "2026-11-20", 0, responses,
                                   NULL, &error);
  g_assert_no_error (error);
  medical = g_ptr_array_index (stored, CD_EVIDENCE_MEDICAL);
  g_assert_cmpstr (medical->parse_status, ==, "parsed");
  g_assert_cmpuint (medical->n_parts, ==, 2);
  g_assert_cmpuint (medical->n_refused, ==, 1);
  g_assert_nonnull (strstr (medical->refused, "XML1: MA_THE_BHYT"));

  kinds = query_text (db, "SELECT group_concat(kind || ':' || parse_status, ' ') FROM"
                          " (SELECT kind, parse_status FROM documents WHERE parent_id IS NOT NULL"
                          "  ORDER BY id)");
  g_assert_cmpstr (kinds, ==,
                   "visit_summary:rejected discharge_paper:parsed record_summary:parsed");
  rejected = query_text (db, "SELECT parse_error FROM documents WHERE parse_status = 'rejected'");
  g_assert_nonnull (strstr (rejected, "MA_THE_BHYT: “TE194059447207” is not valid"));
  /* What was refused is kept as the refusal: its problems, readable later. */
  refusal = query_text (db, "SELECT raw FROM documents WHERE parse_status = 'rejected'");
  g_assert_nonnull (strstr (refusal, "\"problems\""));
  envelope_error = query_text (db, "SELECT parse_error FROM documents WHERE kind = 'envelope'"
                                   " AND parse_status = 'parsed'");
  g_assert_nonnull (strstr (envelope_error, "HOSO 1: XML1"));
  g_clear_object (&db);
  test_tmpdir_free (dir);
}

static void
test_describe_age (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 20, 12, 0, 0);
  g_autoptr(GDateTime) minutes = g_date_time_add_minutes (now, -5);
  g_autoptr(GDateTime) hours = g_date_time_add_hours (now, -3);
  g_autoptr(GDateTime) days = g_date_time_add_days (now, -4);
  g_autofree char *a = cd_evidence_describe_age (minutes, now);
  g_autofree char *b = cd_evidence_describe_age (hours, now);
  g_autofree char *c = cd_evidence_describe_age (days, now);

  g_assert_cmpstr (a, ==, "5 minutes ago");
  g_assert_cmpstr (b, ==, "3 hours ago");
  g_assert_cmpstr (c, ==, "4 days ago");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/evidence-store/raw-kept-even-when-unreadable", test_raw_kept_even_when_unreadable);
  g_test_add_func ("/evidence-store/signed-envelope-is-split-and-verified",
                   test_signed_envelope_is_split_and_verified);
  g_test_add_func ("/evidence-store/refused-table-is-stored-apart",
                   test_refused_table_is_stored_apart);
  g_test_add_func ("/evidence-store/describe-age", test_describe_age);

  return g_test_run ();
}
