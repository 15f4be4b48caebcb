/* test-new-claim-flow.c — fetch → store → detect → build facts → evaluate, on the real gateway. */

#include "cd-case-detect.h"
#include "cd-evidence-fetcher.h"
#include "cd-evidence-store.h"
#include "cd-facts-builder.h"
#include "cd-gateway-process.h"
#include "cd-rules-engine.h"
#include "cd-seed.h"
#include "cd-statement.h"
#include "test-util.h"

#define WORLD_SEED   7
#define WORLD_PEOPLE 50

typedef struct
{
  char             *dir;
  CdDatabase       *db;
  CdGatewayProcess *gateway;
  CdHttpClient     *http;
  CdCentralClient  *central;
  CdRulePack       *pack;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  const char *args[] = { "--world-seed", G_STRINGIFY (WORLD_SEED),
                         "--people", G_STRINGIFY (WORLD_PEOPLE), NULL };
  CdHttpRetryPolicy fast = { 2, 5, 10 };
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *pack_dir = cd_rule_pack_default_dir ();

  fixture->dir = test_tmpdir_new ();
  path = g_build_filename (fixture->dir, "claims.db", NULL);
  fixture->db = cd_database_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (cd_seed_run (fixture->db, WORLD_SEED, WORLD_PEOPLE, 200, NULL, NULL, &error));
  g_assert_no_error (error);

  fixture->gateway = cd_gateway_process_new (args);
  g_assert_true (cd_gateway_process_start_sync (fixture->gateway, NULL, &error));
  fixture->http = cd_http_client_new ();
  cd_http_client_set_retry_policy (fixture->http, &fast);
  fixture->central = cd_central_client_new (fixture->http,
                                            cd_gateway_process_get_base_url (fixture->gateway),
                                            cd_gateway_process_get_office_credential (
                                              fixture->gateway, fixture->http, NULL),
                                            "cb01");
  fixture->pack = cd_rule_pack_load (pack_dir, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_pointer (&fixture->pack, cd_rule_pack_unref);
  g_clear_object (&fixture->central);
  g_clear_object (&fixture->http);
  g_clear_object (&fixture->gateway);
  g_clear_object (&fixture->db);
  g_clear_pointer (&fixture->dir, test_tmpdir_free);
}

/* The personal IDs of seeded claimants of one benefit, with a claim in 2026. */
static GPtrArray *
claimants_of (CdDatabase *db,
              CdBenefit   benefit)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(CdStatement) stmt = NULL;

  stmt = cd_database_prepare (db, "SELECT DISTINCT p.personal_id FROM claims c"
                              "  JOIN persons p ON p.id = c.claimant_id"
                              "  WHERE c.benefit = ?1 AND c.period_from >= '2026-01-01'"
                              "    AND c.period_to <= '2026-12-31' ORDER BY c.id", NULL);
  g_assert_nonnull (stmt);
  cd_statement_bind_int64 (stmt, 1, benefit);
  while (cd_statement_step (stmt, NULL) == CD_STEP_ROW)
    g_ptr_array_add (out, cd_statement_dup_text (stmt, 0));
  return out;
}

static CdResult *
evaluate_proposal (Fixture              *fixture,
                   const char           *personal_id,
                   const CdCaseProposal *proposal,
                   GError              **error)
{
  g_autoptr(CdFactsDraft) draft = cd_facts_build (fixture->db, personal_id, proposal, "2026-11-20",
                                                  error);
  g_autoptr(CdFacts) facts = NULL;

  g_assert_nonnull (draft);
  facts = cd_facts_parse_node (draft->facts, error);
  if (facts == NULL)
    return NULL;
  return cd_rules_evaluate (fixture->pack, facts, error);
}

static void
fetch_and_store (Fixture    *fixture,
                 const char *personal_id)
{
  g_autoptr(CdEvidenceFetcher) fetcher =
    cd_evidence_fetcher_new (fixture->http, cd_gateway_process_get_base_url (fixture->gateway),
                             fixture->central, "cb01");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) responses = cd_evidence_fetcher_fetch_sync (fetcher, personal_id,
                                                                  "2026-01-01", "2026-12-31",
                                                                  NULL, &error);
  g_autoptr(GPtrArray) stored = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (responses->len, ==, CD_N_EVIDENCE_SOURCES);
  stored = cd_evidence_store_save (fixture->db, personal_id, "2026-01-01", "2026-12-31", 0,
                                   responses, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stored->len, ==, CD_N_EVIDENCE_SOURCES);
}

static void
test_sickness_end_to_end (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) people = claimants_of (fixture->db, CD_BENEFIT_SICKNESS);
  guint evaluated = 0;

  g_assert_cmpuint (people->len, >, 0);
  for (guint i = 0; i < people->len && evaluated == 0; i++)
    {
      const char *personal_id = g_ptr_array_index (people, i);
      g_autoptr(GPtrArray) proposals = NULL;
      g_autoptr(GError) error = NULL;

      fetch_and_store (fixture, personal_id);
      proposals = cd_case_detect (fixture->db, personal_id, &error);
      g_assert_no_error (error);

      for (guint j = 0; j < proposals->len; j++)
        {
          CdCaseProposal *proposal = g_ptr_array_index (proposals, j);
          g_autoptr(CdResult) result = NULL;
          g_autoptr(GError) eval_error = NULL;

          /* Newest first. */
          if (j > 0)
            g_assert_cmpstr (((CdCaseProposal *) g_ptr_array_index (proposals, j - 1))->from, >=,
                             proposal->from);
          g_assert_cmpuint (proposal->document_ids->len, >, 0);
          if (proposal->benefit != CD_BENEFIT_SICKNESS)
            continue;
          result = evaluate_proposal (fixture, personal_id, proposal, &eval_error);
          g_assert_no_error (eval_error);
          g_assert_nonnull (result);
          if (result->eligible && cd_result_get_total (result) > 0)
            {
              g_assert_cmpuint (result->lines->len, >, 0);
              evaluated++;
              break;
            }
        }
    }
  g_assert_cmpuint (evaluated, ==, 1);
}

/* Every proposal of every fetched claimant builds facts the engine accepts (or refuses only for a
 * reason of law, never for malformed facts). */
static void
test_every_proposal_parses (Fixture       *fixture,
                            gconstpointer  data)
{
  static const CdBenefit benefits[] = { CD_BENEFIT_CHILD_SICKNESS, CD_BENEFIT_CHILDBIRTH,
                                        CD_BENEFIT_PREGNANCY_LOSS, CD_BENEFIT_CONTRACEPTION };
  guint built = 0;

  for (guint b = 0; b < G_N_ELEMENTS (benefits); b++)
    {
      g_autoptr(GPtrArray) people = claimants_of (fixture->db, benefits[b]);

      for (guint i = 0; i < MIN (people->len, 2); i++)
        {
          const char *personal_id = g_ptr_array_index (people, i);
          g_autoptr(GPtrArray) proposals = NULL;
          g_autoptr(GError) error = NULL;

          fetch_and_store (fixture, personal_id);
          proposals = cd_case_detect (fixture->db, personal_id, &error);
          g_assert_no_error (error);
          for (guint j = 0; j < proposals->len; j++)
            {
              CdCaseProposal *proposal = g_ptr_array_index (proposals, j);
              g_autoptr(CdFactsDraft) draft = cd_facts_build (fixture->db, personal_id, proposal,
                                                              "2026-11-20", &error);
              g_autoptr(CdFacts) facts = NULL;

              g_assert_no_error (error);
              facts = cd_facts_parse_node (draft->facts, &error);
              if (error != NULL)
                g_test_message ("%s %s: %s", personal_id, cd_benefit_to_string (proposal->benefit),
                                error->message);
              g_assert_no_error (error);
              g_test_message ("%s: %s %s..%s, %u document(s), %u fact(s) missing", personal_id,
                              cd_benefit_to_string (proposal->benefit), proposal->from, proposal->to,
                              proposal->document_ids->len, draft->missing->len);
              built++;
            }
        }
    }
  g_assert_cmpuint (built, >, 0);
}

static void
on_fetched (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
count_progress (const CdEvidenceResponse *response,
                gpointer                  user_data)
{
  guint *count = user_data;

  g_assert_cmpint (response->source, ==, CD_EVIDENCE_CENTRAL_PERSON);
  (*count)++;
}

/* A retry asks only the sources given; the others come back empty, neither answered nor failed. */
static void
test_fetch_some_sources (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(CdEvidenceFetcher) fetcher =
    cd_evidence_fetcher_new (fixture->http, cd_gateway_process_get_base_url (fixture->gateway),
                             fixture->central, "cb01");
  g_autoptr(GPtrArray) people = claimants_of (fixture->db, CD_BENEFIT_SICKNESS);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) responses = NULL;
  g_autoptr(GPtrArray) stored = NULL;
  g_autoptr(GError) error = NULL;
  guint progress = 0;

  cd_evidence_fetcher_fetch_sources_async (fetcher, g_ptr_array_index (people, 0), "2026-01-01",
                                           "2026-12-31", 1u << CD_EVIDENCE_CENTRAL_PERSON, NULL,
                                           count_progress, &progress, on_fetched, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  responses = cd_evidence_fetcher_fetch_finish (fetcher, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (responses->len, ==, CD_N_EVIDENCE_SOURCES);
  g_assert_cmpuint (progress, ==, 1);
  for (guint s = 0; s < CD_N_EVIDENCE_SOURCES; s++)
    {
      CdEvidenceResponse *response = g_ptr_array_index (responses, s);

      g_assert_cmpint (response->source, ==, s);
      g_assert_null (response->error);
      if (s == CD_EVIDENCE_CENTRAL_PERSON)
        g_assert_nonnull (response->body);
      else
        g_assert_null (response->body);
    }

  /* Stored, the empty ones keep nothing. */
  stored = cd_evidence_store_save (fixture->db, g_ptr_array_index (people, 0), "2026-01-01",
                                   "2026-12-31", 0, responses, NULL, &error);
  g_assert_no_error (error);
  for (guint s = 0; s < CD_N_EVIDENCE_SOURCES; s++)
    {
      CdStoredEvidence *one = g_ptr_array_index (stored, s);

      g_assert_cmpint (one->document_id > 0, ==, s == CD_EVIDENCE_CENTRAL_PERSON);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/new-claim-flow/sickness", Fixture, NULL, fixture_set_up, test_sickness_end_to_end,
              fixture_tear_down);
  g_test_add ("/new-claim-flow/every-proposal-parses", Fixture, NULL, fixture_set_up,
              test_every_proposal_parses, fixture_tear_down);
  g_test_add ("/new-claim-flow/fetch-some-sources", Fixture, NULL, fixture_set_up,
              test_fetch_some_sources, fixture_tear_down);
  return g_test_run ();
}
