/* claim-details-fixture.c — a seeded store made ready for the claim view. */
#include "claim-details-fixture.h"

#include <gio/gio.h>
#include <string.h>

#include "cd-cross-checks.h"
#include "cd-evidence-store.h"
#include "cd-statement.h"
#include "cd-workflow.h"
#include "test-util.h"

static void
run_cli (const char * const *args,
         char              **out)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *err = NULL;
  g_autofree char *ignored = NULL;
  int status;

  g_ptr_array_add (argv, (gpointer) g_getenv ("CLAIMDESK_CLI"));
  g_assert_nonnull (argv->pdata[0]);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  /* Captured even when unused: the TAP output is the test's own. */
  status = test_run ((const char * const *) argv->pdata, out != NULL ? out : &ignored, &err);
  if (status != 0)
    g_error ("claimdesk-cli %s failed (%d): %s", args[0], status, err);
}

static CdEvidenceResponse *
response_from_file (CdEvidenceSource  source,
                    const char       *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "documents", name, NULL);
  CdEvidenceResponse *response = g_new0 (CdEvidenceResponse, 1);
  g_autoptr(GError) error = NULL;
  char *data = NULL;
  gsize length = 0;

  g_file_get_contents (path, &data, &length, &error);
  g_assert_no_error (error);
  response->source = source;
  response->url = g_strdup_printf ("http://127.0.0.1:9/%s/%s",
                                   cd_evidence_source_to_string (source), name);
  response->method = g_strdup ("POST");
  response->fetched_at = g_date_time_new_now_utc ();
  response->status = 200;
  response->attempts = 1;
  response->body = g_bytes_new_take (data, length);
  return response;
}

/* One answer per source: `files` fills some, the others failed (nothing is stored for them). */
static void
store_evidence (DetailsFixture   *fx,
                const char       *personal_id,
                gint64            claim_id,
                CdTrustStore     *trust,
                CdEvidenceSource  source_a,
                const char       *file_a,
                CdEvidenceSource  source_b,
                const char       *file_b)
{
  g_autoptr(GPtrArray) responses =
    g_ptr_array_new_with_free_func ((GDestroyNotify) cd_evidence_response_free);
  g_autoptr(GPtrArray) stored = NULL;
  g_autoptr(GError) error = NULL;

  for (guint s = 0; s < CD_N_EVIDENCE_SOURCES; s++)
    {
      CdEvidenceResponse *response;

      if (s == source_a || (file_b != NULL && s == source_b))
        response = response_from_file (s, s == source_a ? file_a : file_b);
      else
        {
          response = g_new0 (CdEvidenceResponse, 1);
          response->source = s;
          response->url = g_strdup ("http://127.0.0.1:9/");
          response->fetched_at = g_date_time_new_now_utc ();
          response->error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "down");
        }
      g_ptr_array_add (responses, response);
    }
  stored = cd_evidence_store_save (fx->db, personal_id, "2025-01-01", "2026-11-20", claim_id,
                                   responses, trust, &error);
  g_assert_no_error (error);
  g_assert_nonnull (stored);
}

static CdSession *
sign_in (DetailsFixture *fx,
         const char     *login)
{
  g_autoptr(GError) error = NULL;
  CdSession *session = cd_users_sign_in (fx->db, login, DETAILS_PASSWORD, &error);

  g_assert_no_error (error);
  return session;
}

void
details_fixture_init (DetailsFixture *fx)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *facts_path = g_test_build_filename (G_TEST_DIST, "data", "claim-view",
                                                       "sickness-facts.json", NULL);
  g_autofree char *trust_dir = g_test_build_filename (G_TEST_DIST, "..", "data", "pki", "trust",
                                                      NULL);
  g_autoptr(CdTrustStore) trust = NULL;
  g_autofree char *facts = NULL;
  g_autofree char *result = NULL;
  g_autofree char *personal_id = NULL;
  g_autoptr(CdSession) admin = NULL;
  gint64 claim_id;
  static const struct { const char *login, *name; CdRole role; } staff[] = {
    { "cv01", "Võ Thị Cẩm Vân", CD_ROLE_OFFICER },
    { "gs91", "Lý Văn Giang", CD_ROLE_SUPERVISOR },
    { "gs92", "Đỗ Thị Sương", CD_ROLE_SUPERVISOR },
  };

  memset (fx, 0, sizeof *fx);
  fx->dir = test_tmpdir_new ();
  fx->path = g_build_filename (fx->dir, "office.db", NULL);
  run_cli ((const char *[]) { "seed", "--db", fx->path, "--people", "200", "--claims", "400",
                              "--seed", "3", "--quiet", NULL }, NULL);
  fx->db = cd_database_open (fx->path, &error);
  g_assert_no_error (error);

  /* Real accounts: the seeded ones have no password. */
  g_assert_true (cd_users_needs_bootstrap (fx->db, NULL));
  g_assert_cmpint (cd_users_bootstrap_admin (fx->db, "qt01", "Quản trị thử", DETAILS_PASSWORD,
                                             &error), >, 0);
  g_assert_no_error (error);
  admin = sign_in (fx, "qt01");
  for (guint i = 0; i < G_N_ELEMENTS (staff); i++)
    {
      cd_users_add (fx->db, admin, staff[i].login, staff[i].name, staff[i].role, DETAILS_PASSWORD,
                    CD_PASSWORD_KEEP, &error);
      g_assert_no_error (error);
    }
  fx->officer = sign_in (fx, "cv01");
  fx->sup1 = sign_in (fx, "gs91");
  fx->sup2 = sign_in (fx, "gs92");

  for (guint i = 0; i < DETAILS_N_CLAIMS; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT number FROM claims WHERE status = 2"
                                              " AND benefit = 0 ORDER BY id LIMIT 1 OFFSET %u", i);
      fx->evaluated[i] = details_text (fx, sql);
    }
  fx->queued = details_text (fx, "SELECT number FROM claims WHERE status = 7 AND benefit = 0"
                                 " ORDER BY id LIMIT 1");

  /* The evidence of the first one. */
  {
    g_autofree char *sql = g_strdup_printf ("SELECT c.id FROM claims c WHERE c.number = '%s'",
                                            fx->evaluated[0]);
    g_autofree char *pid_sql =
      g_strdup_printf ("SELECT p.personal_id FROM claims c JOIN persons p"
                       " ON p.id = c.claimant_id WHERE c.number = '%s'", fx->evaluated[0]);

    claim_id = details_int (fx, sql);
    personal_id = details_text (fx, pid_sql);
  }
  trust = cd_trust_store_new_from_dir (trust_dir, &error);
  g_assert_no_error (error);
  /* The same leave certificate was filed for someone else before: a finding. */
  {
    g_autofree char *other = details_text (fx, "SELECT personal_id FROM persons WHERE id NOT IN"
                                               " (SELECT claimant_id FROM claims) ORDER BY id"
                                               " LIMIT 1");

    store_evidence (fx, other, 0, trust, CD_EVIDENCE_MEDICAL, "signed-id-envelope-01001.xml",
                    CD_N_EVIDENCE_SOURCES, NULL);
  }
  store_evidence (fx, personal_id, 0, trust, CD_EVIDENCE_MEDICAL,
                  "signed-untrusted-envelope-99001.xml", CD_N_EVIDENCE_SOURCES, NULL);
  store_evidence (fx, personal_id, claim_id, trust, CD_EVIDENCE_MEDICAL,
                  "signed-id-envelope-01001.xml", CD_EVIDENCE_POPULATION_IDENTITY,
                  "population-lookup.xml");
  {
    g_autoptr(GPtrArray) findings = cd_cross_check (fx->db, personal_id, claim_id, NULL,
                                                    &error);

    g_assert_no_error (error);
    g_assert_nonnull (findings);
  }

  /* The real engine's result for a three-day sickness leave. */
  run_cli ((const char *[]) { "evaluate", facts_path, NULL }, &result);
  g_file_get_contents (facts_path, &facts, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < DETAILS_N_CLAIMS; i++)
    {
      cd_workflow_record_evaluation (fx->db, fx->officer, fx->evaluated[i], facts, result, &error);
      g_assert_no_error (error);
    }
}

void
details_fixture_clear (DetailsFixture *fx)
{
  g_clear_object (&fx->officer);
  g_clear_object (&fx->sup1);
  g_clear_object (&fx->sup2);
  g_clear_object (&fx->db);
  for (guint i = 0; i < DETAILS_N_CLAIMS; i++)
    g_clear_pointer (&fx->evaluated[i], g_free);
  g_clear_pointer (&fx->queued, g_free);
  g_clear_pointer (&fx->path, g_free);
  test_tmpdir_free (g_steal_pointer (&fx->dir));
}

static CdStatement *
query (DetailsFixture *fx,
       const char     *sql)
{
  g_autoptr(GError) error = NULL;
  CdStatement *stmt = cd_database_prepare (fx->db, sql, &error);

  g_assert_no_error (error);
  g_assert_cmpint (cd_statement_step (stmt, &error), ==, CD_STEP_ROW);
  return stmt;
}

gint64
details_int (DetailsFixture *fx,
             const char     *sql)
{
  g_autoptr(CdStatement) stmt = query (fx, sql);

  return cd_statement_get_int64 (stmt, 0);
}

char *
details_text (DetailsFixture *fx,
              const char     *sql)
{
  g_autoptr(CdStatement) stmt = query (fx, sql);

  return cd_statement_dup_text (stmt, 0);
}
