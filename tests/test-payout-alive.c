/* test-payout-alive.c — a payout batch re-verifies its claimants alive in the population register
 * of the real gateway: a claimant the gateway says is dead is held back with a message naming
 * them, the living one is paid; with the gateway gone, a claimant not checked recently is held. */
#include <string.h>

#include "cd-evidence-fetcher.h"
#include "cd-gateway-process.h"
#include "cd-office-settings.h"
#include "cd-payout-alive.h"
#include "cd-payout.h"
#include "cd-statement.h"
#include "cd-trust-store.h"
#include "cd-workflow.h"
#include "cd-world.h"
#include "test-util.h"
#include "workflow-fixture.h"

#define WORLD_SEED   3
#define WORLD_PEOPLE 200

static CdAliveCheck *
check_for (GPtrArray  *checks,
           const char *claim)
{
  for (guint i = 0; i < checks->len; i++)
    if (g_str_equal (((CdAliveCheck *) checks->pdata[i])->claim_number, claim))
      return checks->pdata[i];
  g_assert_not_reached ();
}

static void
test_dead_claimant_held (void)
{
  /* Every insured person of the world is dead in the register; their spouses are not. */
  const char *args[] = { "--world-seed", G_STRINGIFY (WORLD_SEED), "--people",
                         G_STRINGIFY (WORLD_PEOPLE), "--dead-rate", "1", NULL };
  CdWorld *world = cd_world_new (WORLD_SEED, WORLD_PEOPLE);
  g_autoptr(CdGatewayProcess) gateway = cd_gateway_process_new (args);
  g_autoptr(CdHttpClient) http = cd_http_client_new ();
  g_autoptr(CdCentralClient) central = NULL;
  g_autoptr(CdEvidenceFetcher) fetcher = NULL;
  g_autoptr(CdTrustStore) trust = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  g_autoptr(GPtrArray) offline = NULL;
  g_autoptr(CdPayoutBatch) batch = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *trust_dir = g_build_filename (g_getenv ("CLAIMDESK_DATADIR"), "pki", "trust",
                                                 NULL);
  g_autofree char *sql = NULL;
  CdWorldPerson dead, alive;
  CdHttpRetryPolicy fast = { 2, 5, 10 };
  CdAliveCheck *check;
  Store store;
  gint64 batch_id, second_id;

  g_assert_true (cd_world_get_person (world, 1, CD_WORLD_ROLE_INSURED, &dead));
  g_assert_true (cd_world_get_person (world, 1, CD_WORLD_ROLE_SPOUSE, &alive));
  g_assert_true (cd_gateway_process_start_sync (gateway, NULL, &error));
  g_assert_no_error (error);
  cd_http_client_set_retry_policy (http, &fast);
  central = cd_central_client_new (http, cd_gateway_process_get_base_url (gateway),
                                   cd_gateway_process_get_office_credential (gateway, http, NULL),
                                   "cb01");
  fetcher = cd_evidence_fetcher_new (http, cd_gateway_process_get_base_url (gateway), central,
                                     "cb01");
  trust = cd_trust_store_new_from_dir (trust_dir, &error);
  g_assert_no_error (error);

  /* Claims 1 and 3 are the insured person's, 2 their spouse's; decided and approved. */
  store_open (&store);
  sql = g_strdup_printf ("UPDATE persons SET personal_id = '%s', birth_date = '%s', sex = '%s',"
                         " si_code = NULL WHERE id = 1;"
                         "INSERT INTO persons (id, personal_id, full_name, family_name,"
                         " given_name, name_folded, sex, birth_date, updated_at)"
                         " VALUES (2, '%s', 'Vợ Chồng', 'Vợ', 'Chồng', 'vo chong', '%s', '%s',"
                         " '2026-11-01T00:00:00Z');"
                         "UPDATE claims SET claimant_id = 2 WHERE number = '%s'",
                         dead.personal_id, dead.birth_date, dead.female ? "female" : "male",
                         alive.personal_id, alive.female ? "female" : "male", alive.birth_date,
                         fx_claim (2));
  fx_exec (&store, sql);
  for (guint n = 1; n <= 3; n++)
    {
      fx_to_proposed (&store, fx_claim (n), 1000000, fx_officer);
      g_assert_true (cd_workflow_approve (store.db, fx_sup1, fx_claim (n), NULL, &error));
      g_assert_no_error (error);
    }
  batch_id = cd_payout_create (store.db, fx_sup2, &error);
  g_assert_no_error (error);

  g_assert_true (cd_payout_approve_alive (store.db, fx_sup1, fetcher, trust, batch_id, &checks,
                                          NULL, &error));
  g_assert_no_error (error);
  check = check_for (checks, fx_claim (1));
  g_assert_cmpint (check->state, ==, CD_ALIVE_DEAD);
  g_assert_nonnull (strstr (check->message, dead.personal_id));
  g_assert_nonnull (strstr (check->message, "dead"));
  check = check_for (checks, fx_claim (2));
  g_assert_cmpint (check->state, ==, CD_ALIVE_REVERIFIED);
  g_assert_null (check->message);

  batch = cd_payout_load (store.db, batch_id, &error);
  g_assert_cmpstr (batch->state, ==, "approved");
  g_assert_cmpuint (batch->items->len, ==, 1);
  g_assert_cmpstr (((CdPayoutItem *) batch->items->pdata[0])->claim_number, ==, fx_claim (2));
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM audit_log WHERE action = 'payout.approve'"
                                   " AND json_array_length(json_extract(after, '$.held')) = 2"),
                   ==, 1);
  /* The register's answers are kept like every answer. */
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM documents WHERE kind = 'vital_status'"),
                   ==, 2);

  /* The dead claimant's decisions wait for a later batch, where they are held again, also with the
   * gateway gone: the death is on record. The spouse, checked a moment ago, needs no link. */
  cd_gateway_process_stop (gateway);
  fx_to_proposed (&store, fx_claim (4), 500000, fx_officer);
  fx_exec (&store, "UPDATE claims SET claimant_id = 2 WHERE number = 'HS-T-0004'");
  g_assert_true (cd_workflow_approve (store.db, fx_sup1, fx_claim (4), NULL, &error));
  second_id = cd_payout_create (store.db, fx_sup2, &error);
  g_assert_no_error (error);
  g_assert_true (cd_payout_approve_alive (store.db, fx_sup1, fetcher, trust, second_id, &offline,
                                          NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (check_for (offline, fx_claim (1))->state, ==, CD_ALIVE_DEAD);
  g_assert_cmpint (check_for (offline, fx_claim (4))->state, ==, CD_ALIVE_CURRENT);
  store_close (&store);
  cd_world_free (world);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  fixture_init ();
  g_test_add_func ("/payout-alive/dead-claimant-held", test_dead_claimant_held);
  status = g_test_run ();
  fixture_shutdown ();
  return status;
}
