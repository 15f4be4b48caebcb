/* test-demo-office.c — the demo office as it looks on a given day: a store seeded with the world
 * dated to that day, the real gateway playing the same world, and the open claims' evidence
 * fetched through the intake, after which the planted problems show as anomaly alerts. */
#include <string.h>

#include "cd-access.h"
#include "cd-alerts.h"
#include "cd-demo-accounts.h"
#include "cd-demo-evidence.h"
#include "cd-evidence-fetcher.h"
#include "cd-gateway-process.h"
#include "cd-seed.h"
#include "cd-settings.h"
#include "cd-statement.h"
#include "cd-trust-store.h"
#include "test-util.h"

#define WORLD_SEED   5
#define WORLD_PEOPLE 300
#define WORLD_CLAIMS 900
#define OFFICE_DAY   "2027-01-11"

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
seed_store (const char *dir,
            const char *name,
            CdDay       day)
{
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr(CdDatabase) db = cd_database_open (path, NULL);
  g_autoptr(GError) error = NULL;
  CdSeedWorld world = { WORLD_SEED, WORLD_PEOPLE, WORLD_CLAIMS, day, CD_WORLD_WORKLOAD_OFFICE };

  g_assert_nonnull (db);
  g_assert_true (cd_seed_run_world (db, &world, NULL, NULL, &error));
  g_assert_no_error (error);
  return path;
}

/* What a claim looks like, for comparing two stores. */
#define FINGERPRINT \
  "SELECT count(*), sum(length (number)), total (amount)," \
  " group_concat (number || status || received_on || period_from, ',')" \
  "  FROM (SELECT * FROM claims ORDER BY number)"

static void
on_gathered (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
test_dated_office (void)
{
  char *dir = test_tmpdir_new ();
  g_autoptr(CdDatabase) db = NULL;
  g_autoptr(CdDatabase) twin = NULL;
  g_autofree char *day_text = NULL;
  g_autofree char *workload = NULL;
  g_autofree char *path = NULL;
  g_autofree char *twin_path = NULL;
  g_autoptr(CdStatement) a = NULL;
  g_autoptr(CdStatement) b = NULL;
  CdDay day;

  g_assert_true (cd_date_parse (OFFICE_DAY, &day));
  path = seed_store (dir, "office.db", day);
  twin_path = seed_store (dir, "twin.db", day);
  db = cd_database_open (path, NULL);
  twin = cd_database_open (twin_path, NULL);

  /* The store knows its day, for the gateway that serves it. */
  day_text = cd_settings_dup_text (db, CD_SETTING_WORLD_REFERENCE_DAY, NULL, NULL);
  workload = cd_settings_dup_text (db, CD_SETTING_WORLD_WORKLOAD, NULL, NULL);
  g_assert_cmpstr (day_text, ==, OFFICE_DAY);
  g_assert_cmpstr (workload, ==, "office");
  /* Nothing received after it; the open claims were received in the last three weeks; the last
   * four weeks' claims are there. */
  g_assert_cmpint (query_int (db, "SELECT max (received_on) FROM claims"), <=, 20270111);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM claims WHERE status IN (0, 1, 2, 3, 5, 7)"
                                  " AND received_on < 20261221"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM claims WHERE received_on >= 20261214"),
                   >, 30);
  g_assert_cmpint (query_int (db, "SELECT min (created_at) >= '2020' AND max (created_at) <="
                                  " '2027-01-11T23:59:59Z' FROM users"), ==, 1);

  /* The same seed and day make the same store. */
  a = cd_database_prepare (db, FINGERPRINT, NULL);
  b = cd_database_prepare (twin, FINGERPRINT, NULL);
  g_assert_cmpint (cd_statement_step (a, NULL), ==, CD_STEP_ROW);
  g_assert_cmpint (cd_statement_step (b, NULL), ==, CD_STEP_ROW);
  g_assert_cmpint (cd_statement_get_int64 (a, 0), ==, WORLD_CLAIMS);
  g_assert_cmpstr (cd_statement_get_text (a, 3), ==, cd_statement_get_text (b, 3));
  /* The office's head signs in with the demo's password, and oversees the office. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(CdSession) head = cd_demo_accounts_sign_in (path, CD_SEED_HEAD_LOGIN, &error);

    g_assert_no_error (error);
    g_assert_cmpint (cd_session_get_role (head), ==, CD_ROLE_HEAD);
    g_assert_true (cd_access_allows (head, CD_ACCESS_DASHBOARD_OFFICE));
    g_assert_true (cd_access_allows (head, CD_ACCESS_REVIEW_RULE));
  }
  g_assert_cmpint (query_int (twin, "SELECT count(*) FROM users WHERE role = 'head'"), ==, 1);

  g_clear_pointer (&a, cd_statement_free);
  g_clear_pointer (&b, cd_statement_free);
  g_clear_object (&db);
  g_clear_object (&twin);
  test_tmpdir_free (dir);
}

static void
test_open_claims_get_evidence_and_alerts (void)
{
  /* The planted problems at rates high enough that forty claims surely show each. */
  const char *args[] = { "--world-seed", G_STRINGIFY (WORLD_SEED), "--people",
                         G_STRINGIFY (WORLD_PEOPLE), "--world-reference-day", OFFICE_DAY,
                         "--world-workload", "office",
                         "--reused-serial-rate", "0.3", "--overlap-rate", "0.3", NULL };
  char *dir = test_tmpdir_new ();
  g_autofree char *path = NULL;
  g_autoptr(CdDatabase) db = NULL;
  g_autoptr(CdGatewayProcess) gateway = cd_gateway_process_new (args);
  g_autoptr(CdHttpClient) http = cd_http_client_new ();
  g_autoptr(CdCentralClient) central = NULL;
  g_autoptr(CdEvidenceFetcher) fetcher = NULL;
  g_autoptr(CdTrustStore) trust = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(CdDemoEvidenceReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *trust_dir = g_build_filename (g_getenv ("CLAIMDESK_DATADIR"), "pki", "trust",
                                                 NULL);
  CdDay day;

  g_assert_true (cd_date_parse (OFFICE_DAY, &day));
  path = seed_store (dir, "office.db", day);
  db = cd_database_open (path, &error);
  g_assert_no_error (error);

  g_assert_true (cd_gateway_process_start_sync (gateway, NULL, &error));
  g_assert_no_error (error);
  central = cd_central_client_new (http, cd_gateway_process_get_base_url (gateway),
                                   cd_gateway_process_get_office_credential (gateway, http, NULL),
                                   "cb01");
  fetcher = cd_evidence_fetcher_new (http, cd_gateway_process_get_base_url (gateway), central,
                                     "cb01");
  trust = cd_trust_store_new_from_dir (trust_dir, &error);
  g_assert_no_error (error);

  g_assert_cmpint (query_int (db, "SELECT count(*) FROM documents"), ==, 0);
  cd_demo_evidence_gather_async (db, fetcher, trust, 40, NULL, on_gathered, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  report = cd_demo_evidence_gather_finish (result, &error);
  g_assert_no_error (error);

  /* Forty open claims, the latest received, each answered by the gateway of the same world: its
   * people are the store's (a gateway dated otherwise would not know their documents' days). */
  g_assert_cmpuint (report->claims, ==, 40);
  g_assert_cmpstr (report->problem, ==, NULL);
  g_assert_cmpuint (report->failed, ==, 0);
  g_assert_cmpuint (report->fetched, ==, 40);
  g_assert_null (report->problem);
  g_assert_cmpint (query_int (db, "SELECT count (DISTINCT claim_id) FROM documents"
                                  " WHERE claim_id IS NOT NULL"), ==, 40);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM documents WHERE kind = 'leave_certificate'"
                                  " OR kind = 'discharge_paper' OR kind = 'birth_certificate'"),
                   >, 10);
  /* Which are the newest open claims. */
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM claims AS c WHERE c.status IN (1, 2, 3,"
                                  " 4, 5, 7) AND NOT EXISTS (SELECT 1 FROM documents AS d"
                                  " WHERE d.claim_id = c.id) AND c.received_on > (SELECT min"
                                  " (received_on) FROM claims AS e WHERE EXISTS (SELECT 1 FROM"
                                  " documents AS d WHERE d.claim_id = e.id))"), ==, 0);

  /* The planted problems became alerts. */
  g_assert_cmpuint (report->alerts, >, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM alerts"), ==, report->alerts);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM alerts"
                                  " WHERE kind = 'certificate.serial_reused'"), >, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM alerts WHERE kind = 'leave.overlap'"),
                   >, 0);
  /* Gathering again finds nothing left to fetch. */
  g_clear_object (&result);
  g_clear_pointer (&report, cd_demo_evidence_report_free);
  cd_demo_evidence_gather_async (db, fetcher, trust, 40, NULL, on_gathered, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  report = cd_demo_evidence_gather_finish (result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->claims, >, 0);
  g_assert_cmpint (query_int (db, "SELECT count (DISTINCT claim_id) FROM documents"
                                  " WHERE claim_id IS NOT NULL"), ==, 40 + report->fetched);
  g_clear_object (&db);
  test_tmpdir_free (dir);
}

#define START_BEFORE_BIRTH \
  "SELECT count(*) FROM alerts WHERE kind = 'contributions.start_before_birth'"
#define SALARY_JUMP "SELECT count(*) FROM alerts WHERE kind = 'contributions.salary_jump'"

/* The office workload plants the birth patterns in the seeded contribution months themselves (a
 * scan finds them with no document fetched: more than the stress workload has), and turns review
 * sampling on. */
static void
test_birth_patterns_planted (void)
{
  char *dir = test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "office.db", NULL);
  g_autofree char *stress_path = g_build_filename (dir, "stress.db", NULL);
  g_autoptr(CdDatabase) db = cd_database_open (path, NULL);
  g_autoptr(CdDatabase) stress = cd_database_open (stress_path, NULL);
  CdSeedWorld world = { 1, 2000, 6000, CD_DAY_NONE, CD_WORLD_WORKLOAD_OFFICE };
  CdAlertScan scan = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_true (cd_date_parse (OFFICE_DAY, &world.reference_day));
  g_assert_true (cd_seed_run_world (db, &world, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (cd_alerts_scan (db, &scan, &error));
  g_assert_no_error (error);
  /* The office reviews by sampling: every proposal waiting is scored, a share of them drawn,
   * the same ones for the same world. */
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM claims WHERE status = 3"), ==,
                   query_int (db, "SELECT count(*) FROM decision_risk"));
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM decision_risk WHERE sampled = 1"), >, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM decision_risk WHERE sampled = 1") * 2, <,
                   query_int (db, "SELECT count(*) FROM decision_risk"));

  world.workload = CD_WORLD_WORKLOAD_STRESS;
  g_assert_true (cd_seed_run_world (stress, &world, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (cd_alerts_scan (stress, &scan, &error));
  g_assert_no_error (error);
  /* Careers that begin, or pay rises, just before a birth happen by themselves too; the planted
   * ones come on top. */
  g_assert_cmpint (query_int (db, START_BEFORE_BIRTH), >, query_int (stress, START_BEFORE_BIRTH));
  g_assert_cmpint (query_int (db, SALARY_JUMP), >, query_int (stress, SALARY_JUMP));
  g_assert_cmpint (query_int (stress, "SELECT count(*) FROM decision_risk"), ==, 0);
  g_clear_object (&db);
  g_clear_object (&stress);
  test_tmpdir_free (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/demo-office/dated", test_dated_office);
  g_test_add_func ("/demo-office/birth-patterns-planted", test_birth_patterns_planted);
  g_test_add_func ("/demo-office/open-claims-get-evidence-and-alerts",
                   test_open_claims_get_evidence_and_alerts);

  return g_test_run ();
}
