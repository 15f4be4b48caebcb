/* test-claim-intake.c — the new-claim intake on the real gateway: fetch with progress, store,
 * verify, cross-check, detect; cancels that leave nothing half-written; one source failing and
 * being asked again; facts and evaluation. */

#include "cd-card-check.h"
#include "cd-claim-intake.h"
#include "cd-gateway-process.h"
#include "cd-rules-engine.h"
#include "cd-rules-error.h"
#include "cd-seed.h"
#include "cd-statement.h"
#include "cd-text-fold.h"
#include "cd-world.h"
#include "test-util.h"

#define WORLD_SEED   7
#define WORLD_PEOPLE 50
#define FROM         "2026-01-01"
#define TO           "2026-12-31"

typedef struct
{
  char              *dir;
  CdDatabase        *db;
  CdGatewayProcess  *gateway;
  CdHttpClient      *http;
  CdCentralClient   *central;
  CdEvidenceFetcher *fetcher;
  CdRulePack        *pack;
  CdClaimIntake     *intake;

  /* What the "source-done" and "notify::busy" handlers saw. */
  guint              done;        /* a bit per source that reported */
  guint              n_done;      /* reports, counting repeats */
  guint              failed;      /* a bit per source that reported an error */
  guint              n_busy_notifies;
  GCancellable      *cancel_on_first;  /* cancelled by the first report, when set */
  gboolean           cancelled_by_report;
  guint              n_after_cancel;   /* reports after cancel_on_first was cancelled */
} Fixture;

static void
on_source_done (CdClaimIntake            *intake,
                const CdEvidenceResponse *response,
                Fixture                  *fixture)
{
  g_assert_cmpuint (response->source, <, CD_N_EVIDENCE_SOURCES);
  if (fixture->cancelled_by_report)
    fixture->n_after_cancel++;
  fixture->done |= 1u << response->source;
  fixture->n_done++;
  if (response->error != NULL)
    fixture->failed |= 1u << response->source;
  if (fixture->cancel_on_first != NULL && !fixture->cancelled_by_report)
    {
      fixture->cancelled_by_report = TRUE;
      g_cancellable_cancel (fixture->cancel_on_first);
    }
}

static void
on_busy (CdClaimIntake *intake,
         GParamSpec    *pspec,
         Fixture       *fixture)
{
  fixture->n_busy_notifies++;
}

static void
reset_reports (Fixture *fixture)
{
  fixture->done = fixture->n_done = fixture->failed = fixture->n_busy_notifies = 0;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  /* Every insured's name misspelt in the medical records: each fetch has findings. */
  const char *args[] = { "--world-seed", G_STRINGIFY (WORLD_SEED),
                         "--people", G_STRINGIFY (WORLD_PEOPLE), "--mismatch-rate", "1", NULL };
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
  fixture->fetcher = cd_evidence_fetcher_new (fixture->http,
                                              cd_gateway_process_get_base_url (fixture->gateway),
                                              fixture->central, "cb01");
  fixture->pack = cd_rule_pack_load (pack_dir, &error);
  g_assert_no_error (error);

  fixture->intake = cd_claim_intake_new (fixture->db, fixture->fetcher, NULL);
  cd_claim_intake_set_rule_pack (fixture->intake, fixture->pack);
  g_signal_connect (fixture->intake, "source-done", G_CALLBACK (on_source_done), fixture);
  g_signal_connect (fixture->intake, "notify::busy", G_CALLBACK (on_busy), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  gpointer intake = fixture->intake;

  /* Nothing keeps the intake alive once its work is done: the last task may let go of it on a
   * worker thread just after its callback, so give that a moment. */
  g_object_add_weak_pointer (intake, &intake);
  g_clear_object (&fixture->intake);
  while (g_atomic_pointer_get (&intake) != NULL && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_null (g_atomic_pointer_get (&intake));
  g_clear_pointer (&fixture->pack, cd_rule_pack_unref);
  g_clear_object (&fixture->fetcher);
  g_clear_object (&fixture->central);
  g_clear_object (&fixture->http);
  g_clear_object (&fixture->gateway);
  g_clear_object (&fixture->db);
  g_clear_pointer (&fixture->dir, test_tmpdir_free);
}

static void
set_faults (Fixture    *fixture,
            const char *json)
{
  g_autofree char *url = g_strconcat (cd_gateway_process_get_base_url (fixture->gateway),
                                      "/_control/faults", NULL);
  g_autoptr(CdHttpRequest) request = cd_http_request_new ("POST", url);
  g_autoptr(GBytes) body = g_bytes_new (json, strlen (json));
  g_autoptr(CdHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  cd_http_request_set_body (request, "application/json", body);
  response = cd_http_client_send (fixture->http, request, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (response->status, ==, 200);
}

/* The personal ID of the first seeded claimant of a benefit with a claim in 2026. */
static char *
claimant_of (Fixture   *fixture,
             CdBenefit  benefit,
             guint      nth)
{
  g_autoptr(CdStatement) stmt = NULL;
  char *personal_id = NULL;

  stmt = cd_database_prepare (fixture->db, "SELECT DISTINCT p.personal_id FROM claims c"
                              "  JOIN persons p ON p.id = c.claimant_id"
                              "  WHERE c.benefit = ?1 AND c.period_from >= '2026-01-01'"
                              "    AND c.period_to <= '2026-12-31' ORDER BY c.id"
                              "  LIMIT 1 OFFSET ?2", NULL);
  g_assert_nonnull (stmt);
  cd_statement_bind_int64 (stmt, 1, benefit);
  cd_statement_bind_int64 (stmt, 2, nth);
  if (cd_statement_step (stmt, NULL) == CD_STEP_ROW)
    personal_id = cd_statement_dup_text (stmt, 0);
  g_assert_nonnull (personal_id);
  return personal_id;
}

/* A count about one person: `sql` has ?1 for the personal ID. */
static gint64
count_for (Fixture    *fixture,
           const char *sql,
           const char *personal_id)
{
  g_autoptr(CdStatement) stmt = NULL;
  gint64 value = -1;

  stmt = cd_database_prepare (fixture->db, sql, NULL);
  g_assert_nonnull (stmt);
  cd_statement_bind_text (stmt, 1, personal_id);
  if (cd_statement_step (stmt, NULL) == CD_STEP_ROW)
    value = cd_statement_get_int64 (stmt, 0);
  return value;
}

/* Runs a change about one person (?1); returns how many rows it changed. */
static int
change_for (Fixture    *fixture,
            const char *sql,
            const char *personal_id)
{
  CdDatabase *handle = fixture->db;
  g_autoptr(CdStatement) stmt = NULL;

  stmt = cd_database_prepare (handle, sql, NULL);
  g_assert_nonnull (stmt);
  cd_statement_bind_text (stmt, 1, personal_id);
  g_assert_cmpint (cd_statement_step (stmt, NULL), ==, CD_STEP_DONE);
  return cd_database_changes (handle);
}

static gint64
documents_of (Fixture    *fixture,
              const char *personal_id)
{
  return count_for (fixture, "SELECT count(*) FROM documents d JOIN persons p ON p.id = d.person_id"
                             "  WHERE p.personal_id = ?1", personal_id);
}

static gint64
checks_of (Fixture    *fixture,
           const char *personal_id)
{
  return count_for (fixture, "SELECT count(*) FROM verifications v"
                             "  JOIN persons p ON p.id = v.person_id"
                             "  WHERE p.personal_id = ?1 AND v.source = 'cross_check'",
                    personal_id);
}

typedef struct
{
  GAsyncResult *result;
  gboolean      busy;      /* the intake's "busy" when the callback ran */
} Done;

static void
on_done (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Done *done = user_data;

  done->result = g_object_ref (result);
  done->busy = cd_claim_intake_get_busy (CD_CLAIM_INTAKE (object));
}

static void
wait_for (Done *done)
{
  while (done->result == NULL)
    g_main_context_iteration (NULL, TRUE);
}

/* A fetch of the sources in `wanted`, for an ID typed (card NULL) or read off a card. */
static CdIntakeResult *
fetch_card (Fixture              *fixture,
            const char           *personal_id,
            const CdCitizenCard  *card,
            guint                 wanted,
            GError              **error)
{
  Done done = { NULL, FALSE };
  CdIntakeResult *result;

  cd_claim_intake_fetch_async (fixture->intake, personal_id, FROM, TO, 0, card, wanted, NULL,
                               on_done, &done);
  g_assert_true (cd_claim_intake_get_busy (fixture->intake));
  wait_for (&done);
  g_assert_false (done.busy);
  result = cd_claim_intake_fetch_finish (fixture->intake, done.result, error);
  g_object_unref (done.result);
  return result;
}

static CdIntakeResult *
fetch (Fixture     *fixture,
       const char  *personal_id,
       guint        wanted,
       GError     **error)
{
  return fetch_card (fixture, personal_id, NULL, wanted, error);
}

static gboolean
has_finding (const CdIntakeResult *result,
             const char           *code)
{
  for (guint i = 0; i < result->findings->len; i++)
    if (g_str_equal (((CdFinding *) g_ptr_array_index (result->findings, i))->code, code))
      return TRUE;
  return FALSE;
}

static void
test_fetch_stores_checks_and_detects (Fixture       *fixture,
                                      gconstpointer  data)
{
  g_autofree char *personal_id = claimant_of (fixture, CD_BENEFIT_SICKNESS, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdIntakeResult) result = NULL;
  g_autoptr(GPtrArray) detected = NULL;

  g_assert_cmpint (documents_of (fixture, personal_id), ==, 0);
  result = fetch (fixture, personal_id, CD_EVIDENCE_ALL_SOURCES, &error);
  g_assert_no_error (error);

  /* Every source reported once, before the callback; "busy" went on and off. */
  g_assert_cmpuint (fixture->done, ==, CD_EVIDENCE_ALL_SOURCES);
  g_assert_cmpuint (fixture->n_done, ==, CD_N_EVIDENCE_SOURCES);
  g_assert_cmpuint (fixture->failed, ==, 0);
  g_assert_cmpuint (fixture->n_busy_notifies, ==, 2);

  g_assert_cmpstr (result->personal_id, ==, personal_id);
  g_assert_cmpstr (result->window_from, ==, FROM);
  g_assert_cmpstr (result->window_to, ==, TO);
  g_assert_cmpuint (result->asked, ==, CD_EVIDENCE_ALL_SOURCES);
  g_assert_cmpuint (result->responses->len, ==, CD_N_EVIDENCE_SOURCES);
  g_assert_cmpuint (result->stored->len, ==, CD_N_EVIDENCE_SOURCES);
  g_assert_cmpuint (cd_intake_result_get_n_failed (result), ==, 0);
  for (guint i = 0; i < CD_N_EVIDENCE_SOURCES; i++)
    {
      CdEvidenceResponse *response = g_ptr_array_index (result->responses, i);
      CdStoredEvidence *stored = g_ptr_array_index (result->stored, i);

      g_assert_no_error (response->error);
      g_assert_cmpuint (response->status, ==, 200);
      g_assert_cmpint (stored->source, ==, i);
      g_assert_cmpint (stored->document_id, >, 0);
      g_assert_nonnull (stored->signature_status);
    }
  /* No trust store: the signed medical envelope is verified, its signer not trusted. */
  g_assert_cmpstr (((CdStoredEvidence *) g_ptr_array_index (result->stored,
                                                            CD_EVIDENCE_MEDICAL))->signature_status,
                   ==, "untrusted");

  /* Stored: the ten answers and the envelope's tables; checked once, with what was found. */
  g_assert_cmpint (documents_of (fixture, personal_id), >, CD_N_EVIDENCE_SOURCES);
  g_assert_cmpint (checks_of (fixture, personal_id), ==, 1);
  g_assert_null (result->findings_error);
  g_assert_true (has_finding (result, "identity.name_spelling"));

  /* The cases are what detection finds in the stored evidence. */
  detected = cd_case_detect (fixture->db, personal_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->proposals->len, >, 0);
  g_assert_cmpuint (result->proposals->len, ==, detected->len);
  for (guint i = 0; i < detected->len; i++)
    {
      CdCaseProposal *ours = g_ptr_array_index (result->proposals, i);
      CdCaseProposal *theirs = g_ptr_array_index (detected, i);

      g_assert_cmpint (ours->benefit, ==, theirs->benefit);
      g_assert_cmpstr (ours->from, ==, theirs->from);
      g_assert_cmpstr (ours->to, ==, theirs->to);
    }
}

/* A proposal's child counts as known only when the database has that person. */
static void
test_known_children (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *personal_id = NULL;
  g_autofree char *child_id = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdIntakeResult) again = NULL;
  gboolean proposed = FALSE;

  /* A claimant whose cases name a child (a sick child's leave). */
  for (guint nth = 0; nth < 5 && child_id == NULL; nth++)
    {
      g_autoptr(CdIntakeResult) result = NULL;

      g_free (personal_id);
      personal_id = claimant_of (fixture, CD_BENEFIT_CHILD_SICKNESS, nth);
      result = fetch (fixture, personal_id, CD_EVIDENCE_ALL_SOURCES, &error);
      g_assert_no_error (error);
      for (guint i = 0; i < result->proposals->len && child_id == NULL; i++)
        {
          CdCaseProposal *proposal = g_ptr_array_index (result->proposals, i);

          if (proposal->child_id == NULL)
            continue;
          g_test_message ("%s: %s, child %s", personal_id,
                          cd_benefit_to_string (proposal->benefit), proposal->child_id);
          /* The seed has every member of the households. */
          g_assert_cmpint (count_for (fixture,
                                      "SELECT count(*) FROM persons WHERE personal_id = ?1",
                                      proposal->child_id), ==, 1);
          g_assert_true (cd_intake_result_is_known_child (result, proposal->child_id));
          child_id = g_strdup (proposal->child_id);
        }
      g_assert_false (cd_intake_result_is_known_child (result, "001099999999"));
      g_assert_false (cd_intake_result_is_known_child (result, NULL));
    }
  g_assert_nonnull (child_id);

  /* The same child, once the database no longer knows that personal ID. */
  g_assert_cmpint (change_for (fixture,
                               "UPDATE persons SET personal_id = '999' || substr (personal_id, 4)"
                               "  WHERE personal_id = ?1", child_id), ==, 1);
  again = fetch (fixture, personal_id, CD_EVIDENCE_ALL_SOURCES, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < again->proposals->len; i++)
    proposed |= g_strcmp0 (((CdCaseProposal *) g_ptr_array_index (again->proposals, i))->child_id,
                           child_id) == 0;
  g_assert_true (proposed);
  g_assert_false (cd_intake_result_is_known_child (again, child_id));
}

/* A cancel while the sources are still answering: nothing of this fetch is stored or checked, and
 * no source reports after it. */
static void
test_cancel_while_fetching_stores_nothing (Fixture       *fixture,
                                           gconstpointer  data)
{
  g_autofree char *personal_id = claimant_of (fixture, CD_BENEFIT_SICKNESS, 1);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CdIntakeResult) result = NULL;
  Done done = { NULL, FALSE };

  /* Slow and uneven: the sources finish one by one, the first long before the last. */
  set_faults (fixture, "{\"latency-ms\": 100, \"jitter-ms\": 900}");
  fixture->cancel_on_first = cancellable;
  cd_claim_intake_fetch_async (fixture->intake, personal_id, FROM, TO, 0, NULL,
                               CD_EVIDENCE_ALL_SOURCES, cancellable, on_done, &done);
  wait_for (&done);
  result = cd_claim_intake_fetch_finish (fixture->intake, done.result, &error);
  g_object_unref (done.result);

  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (result);
  g_assert_true (fixture->cancelled_by_report);
  g_assert_cmpuint (fixture->n_after_cancel, ==, 0);
  g_assert_cmpuint (fixture->n_done, <, CD_N_EVIDENCE_SOURCES);
  g_assert_false (done.busy);
  g_assert_cmpint (documents_of (fixture, personal_id), ==, 0);
  g_assert_cmpint (checks_of (fixture, personal_id), ==, 0);
}

typedef struct
{
  GMutex   lock;
  GCond    cond;
  gboolean started;
  gboolean release;
  gboolean finished;
} Blocker;

/* Another writer's long job: holds the shared connection until released. */
static void
blocker_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Blocker *blocker = task_data;

  g_mutex_lock (&blocker->lock);
  blocker->started = TRUE;
  g_cond_broadcast (&blocker->cond);
  while (!blocker->release)
    g_cond_wait (&blocker->cond, &blocker->lock);
  g_mutex_unlock (&blocker->lock);
  g_task_return_boolean (task, TRUE);
}

static void
on_blocker_done (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Blocker *blocker = user_data;

  blocker->finished = TRUE;
}

static gboolean
quit_soon (gpointer user_data)
{
  gboolean *flag = user_data;

  *flag = TRUE;
  return G_SOURCE_REMOVE;
}

/* Every source answered, but another writer holds the connection: a cancel then stores nothing. The
 * intake's disk work queues on the writer (cd_database_run_in_thread) instead of running beside
 * the other job. */
static void
test_cancel_while_waiting_for_the_writer_stores_nothing (Fixture       *fixture,
                                                         gconstpointer  data)
{
  g_autofree char *personal_id = claimant_of (fixture, CD_BENEFIT_SICKNESS, 2);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GTask) block = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdIntakeResult) result = NULL;
  Blocker blocker = { 0 };
  Done done = { NULL, FALSE };
  gboolean waited = FALSE;

  g_mutex_init (&blocker.lock);
  g_cond_init (&blocker.cond);
  block = g_task_new (NULL, NULL, on_blocker_done, &blocker);
  g_task_set_task_data (block, &blocker, NULL);
  cd_database_run_in_thread (fixture->db, block, blocker_thread);
  g_mutex_lock (&blocker.lock);
  while (!blocker.started)
    g_cond_wait (&blocker.cond, &blocker.lock);
  g_mutex_unlock (&blocker.lock);

  cd_claim_intake_fetch_async (fixture->intake, personal_id, FROM, TO, 0, NULL,
                               CD_EVIDENCE_ALL_SOURCES, cancellable, on_done, &done);
  while (fixture->n_done < CD_N_EVIDENCE_SOURCES)
    g_main_context_iteration (NULL, TRUE);
  /* Let the answers reach the disk step, which now waits for the writer. */
  g_timeout_add (200, quit_soon, &waited);
  while (!waited)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (done.result);
  g_assert_true (cd_claim_intake_get_busy (fixture->intake));

  g_cancellable_cancel (cancellable);
  g_mutex_lock (&blocker.lock);
  blocker.release = TRUE;
  g_cond_broadcast (&blocker.cond);
  g_mutex_unlock (&blocker.lock);
  wait_for (&done);
  while (!blocker.finished)
    g_main_context_iteration (NULL, TRUE);

  result = cd_claim_intake_fetch_finish (fixture->intake, done.result, &error);
  g_object_unref (done.result);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (documents_of (fixture, personal_id), ==, 0);
  g_assert_cmpint (checks_of (fixture, personal_id), ==, 0);
  g_mutex_clear (&blocker.lock);
  g_cond_clear (&blocker.cond);
}

/* A second fetch cancels the first, which stores nothing; the second is whole. */
static void
test_new_fetch_cancels_the_previous (Fixture       *fixture,
                                     gconstpointer  data)
{
  g_autofree char *first = claimant_of (fixture, CD_BENEFIT_SICKNESS, 0);
  g_autofree char *second = claimant_of (fixture, CD_BENEFIT_SICKNESS, 1);
  g_autoptr(GError) first_error = NULL;
  g_autoptr(GError) second_error = NULL;
  g_autoptr(CdIntakeResult) first_result = NULL;
  g_autoptr(CdIntakeResult) second_result = NULL;
  Done first_done = { NULL, FALSE };
  Done second_done = { NULL, FALSE };

  cd_claim_intake_fetch_async (fixture->intake, first, FROM, TO, 0, NULL, CD_EVIDENCE_ALL_SOURCES,
                               NULL, on_done, &first_done);
  cd_claim_intake_fetch_async (fixture->intake, second, FROM, TO, 0, NULL, CD_EVIDENCE_ALL_SOURCES,
                               NULL, on_done, &second_done);
  wait_for (&first_done);
  /* Still busy with the second. */
  g_assert_true (first_done.busy);
  wait_for (&second_done);
  g_assert_false (second_done.busy);

  first_result = cd_claim_intake_fetch_finish (fixture->intake, first_done.result, &first_error);
  second_result = cd_claim_intake_fetch_finish (fixture->intake, second_done.result, &second_error);
  g_object_unref (first_done.result);
  g_object_unref (second_done.result);
  g_assert_error (first_error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_no_error (second_error);
  g_assert_cmpstr (second_result->personal_id, ==, second);
  /* Only the second fetch's sources reported. */
  g_assert_cmpuint (fixture->n_done, ==, CD_N_EVIDENCE_SOURCES);
  g_assert_cmpint (documents_of (fixture, first), ==, 0);
  g_assert_cmpint (documents_of (fixture, second), >, CD_N_EVIDENCE_SOURCES);
  g_assert_cmpuint (fixture->n_busy_notifies, ==, 2);
}

/* One source down: its error is its own, the nine others are stored and the cases detected. */
static void
test_failing_source_fails_alone (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autofree char *personal_id = claimant_of (fixture, CD_BENEFIT_SICKNESS, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdIntakeResult) result = NULL;
  CdEvidenceResponse *deaths;

  set_faults (fixture, "{\"fail-path\": \"/civil/deaths\"}");
  result = fetch (fixture, personal_id, CD_EVIDENCE_ALL_SOURCES, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (fixture->done, ==, CD_EVIDENCE_ALL_SOURCES);
  g_assert_cmpuint (fixture->failed, ==, 1u << CD_EVIDENCE_CIVIL_DEATHS);
  g_assert_cmpuint (cd_intake_result_get_n_failed (result), ==, 1);
  deaths = g_ptr_array_index (result->responses, CD_EVIDENCE_CIVIL_DEATHS);
  g_test_message ("%s", deaths->error->message);
  g_assert_error (deaths->error, CD_HTTP_ERROR, CD_HTTP_ERROR_STATUS);
  g_assert_null (deaths->body);
  /* The message names the system that failed and how. */
  g_assert_nonnull (strstr (deaths->error->message,
                            cd_evidence_source_get_system (CD_EVIDENCE_CIVIL_DEATHS)));
  g_assert_nonnull (strstr (deaths->error->message, "503"));
  for (guint i = 0; i < CD_N_EVIDENCE_SOURCES; i++)
    {
      CdEvidenceResponse *response = g_ptr_array_index (result->responses, i);
      CdStoredEvidence *stored = g_ptr_array_index (result->stored, i);

      if (i == CD_EVIDENCE_CIVIL_DEATHS)
        {
          g_assert_cmpint (stored->document_id, ==, 0);
          continue;
        }
      g_assert_no_error (response->error);
      g_assert_cmpint (stored->document_id, >, 0);
    }
  g_assert_cmpint (count_for (fixture, "SELECT count(*) FROM documents d"
                                       "  JOIN persons p ON p.id = d.person_id"
                                       "  WHERE p.personal_id = ?1"
                                       "    AND d.kind = 'death_registration'",
                              personal_id), ==, 0);
  g_assert_cmpuint (result->proposals->len, >, 0);
  g_assert_null (result->findings_error);
}

/* The failed source asked again, alone: it alone reports and is stored; the cases still come from
 * the whole stored evidence. */
static void
test_retry_asks_one_source (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *personal_id = claimant_of (fixture, CD_BENEFIT_SICKNESS, 0);
  const guint deaths = 1u << CD_EVIDENCE_CIVIL_DEATHS;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdIntakeResult) first = NULL;
  g_autoptr(CdIntakeResult) retry = NULL;
  gint64 before;

  set_faults (fixture, "{\"fail-path\": \"/civil/deaths\"}");
  first = fetch (fixture, personal_id, CD_EVIDENCE_ALL_SOURCES, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cd_intake_result_get_n_failed (first), ==, 1);
  before = documents_of (fixture, personal_id);

  set_faults (fixture, "{\"fail-path\": \"\"}");
  reset_reports (fixture);
  retry = fetch (fixture, personal_id, deaths, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (retry->asked, ==, deaths);
  g_assert_cmpuint (fixture->done, ==, deaths);
  g_assert_cmpuint (fixture->n_done, ==, 1);
  g_assert_cmpuint (fixture->failed, ==, 0);
  g_assert_cmpuint (cd_intake_result_get_n_failed (retry), ==, 0);
  for (guint i = 0; i < CD_N_EVIDENCE_SOURCES; i++)
    {
      CdEvidenceResponse *response = g_ptr_array_index (retry->responses, i);
      CdStoredEvidence *stored = g_ptr_array_index (retry->stored, i);

      g_assert_no_error (response->error);
      if (i == CD_EVIDENCE_CIVIL_DEATHS)
        {
          g_assert_cmpuint (response->status, ==, 200);
          g_assert_cmpint (stored->document_id, >, 0);
        }
      else
        {
          /* Not asked: neither answered nor failed, nothing stored. */
          g_assert_null (response->body);
          g_assert_cmpint (stored->document_id, ==, 0);
        }
    }
  g_assert_cmpint (documents_of (fixture, personal_id), ==, before + 1);
  g_assert_cmpuint (retry->proposals->len, ==, first->proposals->len);
}

/* Narrowing is for a retry only: another person is asked of every source. */
static void
test_other_person_is_asked_everything (Fixture       *fixture,
                                       gconstpointer  data)
{
  g_autofree char *first = claimant_of (fixture, CD_BENEFIT_SICKNESS, 0);
  g_autofree char *second = claimant_of (fixture, CD_BENEFIT_SICKNESS, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdIntakeResult) first_result = NULL;
  g_autoptr(CdIntakeResult) second_result = NULL;

  first_result = fetch (fixture, first, CD_EVIDENCE_ALL_SOURCES, &error);
  g_assert_no_error (error);
  reset_reports (fixture);
  second_result = fetch (fixture, second, 1u << CD_EVIDENCE_CIVIL_DEATHS, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (second_result->asked, ==, CD_EVIDENCE_ALL_SOURCES);
  g_assert_cmpuint (fixture->done, ==, CD_EVIDENCE_ALL_SOURCES);
}

/* A fetch that was cancelled stored nothing to retry from: the next one asks every source. */
static void
test_retry_after_a_cancelled_fetch_asks_everything (Fixture       *fixture,
                                                    gconstpointer  data)
{
  g_autofree char *personal_id = claimant_of (fixture, CD_BENEFIT_SICKNESS, 0);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CdIntakeResult) cancelled = NULL;
  g_autoptr(CdIntakeResult) retry = NULL;
  CdStoredEvidence *medical;
  Done done = { NULL, FALSE };

  cd_claim_intake_fetch_async (fixture->intake, personal_id, FROM, TO, 0, NULL,
                               CD_EVIDENCE_ALL_SOURCES, cancellable, on_done, &done);
  g_cancellable_cancel (cancellable);
  wait_for (&done);
  cancelled = cd_claim_intake_fetch_finish (fixture->intake, done.result, &error);
  g_object_unref (done.result);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  retry = fetch (fixture, personal_id, 1u << CD_EVIDENCE_CIVIL_DEATHS, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (retry->asked, ==, CD_EVIDENCE_ALL_SOURCES);
  medical = g_ptr_array_index (retry->stored, CD_EVIDENCE_MEDICAL);
  g_assert_cmpint (medical->document_id, >, 0);
}

/* Checks that cannot be recorded are reported, not dropped; the evidence is stored and the cases
 * detected all the same. */
static void
test_failed_checks_are_reported (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autofree char *personal_id = claimant_of (fixture, CD_BENEFIT_SICKNESS, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdIntakeResult) result = NULL;

  g_assert_true (cd_database_exec (fixture->db,
                                   "CREATE TEMP TRIGGER no_checks BEFORE INSERT ON verifications"
                                   " BEGIN"
                                   "   SELECT RAISE (ABORT, 'verifications are read-only');"
                                   " END", &error));
  g_assert_no_error (error);
  result = fetch (fixture, personal_id, CD_EVIDENCE_ALL_SOURCES, &error);
  g_assert_no_error (error);

  g_assert_nonnull (result->findings_error);
  g_test_message ("%s", result->findings_error->message);
  g_assert_nonnull (strstr (result->findings_error->message, "verifications are read-only"));
  g_assert_cmpuint (result->findings->len, ==, 0);
  g_assert_cmpint (documents_of (fixture, personal_id), >, CD_N_EVIDENCE_SOURCES);
  g_assert_cmpuint (result->proposals->len, >, 0);
}

/* ---- A scanned citizen card ----------------------------------------------------------------- */

/* The person the gateway's population register answers for this personal ID. */
static void
world_person (const char    *personal_id,
              CdWorldPerson *out)
{
  CdWorld *world = cd_world_new (WORLD_SEED, WORLD_PEOPLE);
  guint32 index;
  guint role;

  g_assert_true (cd_world_lookup_personal_id (world, personal_id, &index, &role));
  g_assert_true (cd_world_get_person (world, index, role, out));
  cd_world_free (world);
}

/* The card of `person` as a scanner types it, with the name and birth date (YYYY-MM-DD) given. */
static CdCitizenCard *
scan_card (const CdWorldPerson *person,
           const char          *name,
           const char          *birth)
{
  g_autofree char *payload = NULL;
  g_autoptr(GError) error = NULL;
  CdCitizenCard *card;

  payload = g_strdup_printf ("%s||%s|%.2s%.2s%.4s|%s|%s|15082021\r\n", person->personal_id, name,
                             birth + 8, birth + 5, birth, person->female ? "Nữ" : "Nam",
                             person->address);
  card = cd_citizen_card_parse_qr (payload, &error);
  g_assert_no_error (error);
  return card;
}

static const CdFinding *
find_finding (const CdIntakeResult *result,
              const char           *code)
{
  for (guint i = 0; i < result->findings->len; i++)
    {
      const CdFinding *finding = g_ptr_array_index (result->findings, i);

      if (g_str_equal (finding->code, code))
        return finding;
    }
  return NULL;
}

/* The newest recorded cross-check of the person: its request or its discrepancies. */
static char *
last_check (Fixture    *fixture,
            const char *column,
            const char *personal_id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT v.%s FROM verifications v"
                                          "  JOIN persons p ON p.id = v.person_id"
                                          "  WHERE p.personal_id = ?1 AND v.source = 'cross_check'"
                                          "  ORDER BY v.id DESC LIMIT 1", column);
  g_autoptr(CdStatement) stmt = cd_database_prepare (fixture->db, sql, NULL);
  char *text = NULL;

  g_assert_nonnull (stmt);
  cd_statement_bind_text (stmt, 1, personal_id);
  if (cd_statement_step (stmt, NULL) == CD_STEP_ROW)
    text = cd_statement_dup_text (stmt, 0);
  g_assert_nonnull (text);
  return text;
}

/* A card whose name and birth date are not the register's: a finding that names both values on
 * each side, recorded with the other checks. */
static void
test_card_that_differs_is_a_finding (Fixture       *fixture,
                                     gconstpointer  data)
{
  g_autofree char *personal_id = claimant_of (fixture, CD_BENEFIT_SICKNESS, 0);
  g_autofree char *other_day = NULL;
  g_autofree char *request = NULL;
  g_autofree char *discrepancies = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdCitizenCard) card = NULL;
  g_autoptr(CdIntakeResult) result = NULL;
  g_autofree char *card_name = NULL;
  CdWorldPerson person;
  const CdFinding *finding;

  world_person (personal_id, &person);
  /* Another day of the same year: the card's ID says the year of birth, so only a day that keeps
   * it reads as a card. */
  other_day = g_strdup_printf ("%.8s%s", person.birth_date,
                               g_str_has_suffix (person.birth_date, "-01") ? "02" : "01");
  card_name = g_strconcat (person.full_name, " Khác", NULL);
  card = scan_card (&person, card_name, other_day);

  result = fetch_card (fixture, personal_id, card, CD_EVIDENCE_ALL_SOURCES, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result->card);
  g_assert_cmpstr (result->card->full_name, ==, card_name);
  g_assert_null (result->findings_error);

  finding = find_finding (result, CD_FINDING_CARD_IDENTITY_MISMATCH);
  g_assert_nonnull (finding);
  g_assert_cmpint (finding->severity, ==, CD_FINDING_ERROR);
  g_test_message ("%s", finding->message_en);
  g_assert_nonnull (strstr (finding->message_en, card_name));
  g_assert_nonnull (strstr (finding->message_en, person.full_name));
  g_assert_nonnull (strstr (finding->message_en, other_day));
  g_assert_nonnull (strstr (finding->message_en, person.birth_date));
  g_assert_nonnull (strstr (finding->message_vi, card_name));
  g_assert_nonnull (strstr (finding->message_vi, person.birth_date));
  g_assert_null (find_finding (result, CD_FINDING_CARD_NOT_CHECKED));

  /* Recorded as the other checks are, for the claim view and the audit. */
  request = last_check (fixture, "request", personal_id);
  discrepancies = last_check (fixture, "discrepancies", personal_id);
  g_assert_nonnull (strstr (request, "\"card\""));
  g_assert_nonnull (strstr (discrepancies, "\"card.identity_mismatch\""));

  /* The same person fetched again by an ID typed by hand: no card, no card finding. */
  {
    g_autoptr(CdIntakeResult) typed = fetch (fixture, personal_id, CD_EVIDENCE_ALL_SOURCES,
                                             &error);

    g_assert_no_error (error);
    g_assert_null (typed->card);
    g_assert_null (find_finding (typed, CD_FINDING_CARD_IDENTITY_MISMATCH));
    g_clear_pointer (&request, g_free);
    request = last_check (fixture, "request", personal_id);
    g_assert_null (strstr (request, "\"card\""));
  }
}

/* The registered name and birth date, as printed or as a scanner without accents types the name:
 * no finding about the card. */
static void
test_card_that_agrees_is_no_finding (Fixture       *fixture,
                                     gconstpointer  data)
{
  g_autofree char *personal_id = claimant_of (fixture, CD_BENEFIT_SICKNESS, 1);
  g_autofree char *folded = NULL;
  g_autofree char *plain = NULL;
  CdWorldPerson person;

  world_person (personal_id, &person);
  folded = cd_text_fold (person.full_name);
  plain = g_ascii_strup (folded, -1);
  /* The name has accents to drop, or this would prove nothing. */
  g_assert_false (g_str_is_ascii (person.full_name));

  for (guint i = 0; i < 2; i++)
    {
      const char *name = i == 0 ? person.full_name : plain;
      g_autoptr(CdCitizenCard) card = scan_card (&person, name, person.birth_date);
      g_autoptr(CdIntakeResult) result = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("card name “%s”", name);
      result = fetch_card (fixture, personal_id, card, CD_EVIDENCE_ALL_SOURCES, &error);
      g_assert_no_error (error);
      g_assert_null (result->findings_error);
      g_assert_nonnull (result->card);
      g_assert_null (find_finding (result, CD_FINDING_CARD_IDENTITY_MISMATCH));
      g_assert_null (find_finding (result, CD_FINDING_CARD_NOT_CHECKED));
    }
}

/* The population register did not answer and has never answered for this person: the card is
 * said not to be checked, so that the silence is never read as a match. */
static void
test_card_without_the_register_is_not_checked (Fixture       *fixture,
                                               gconstpointer  data)
{
  g_autofree char *personal_id = claimant_of (fixture, CD_BENEFIT_SICKNESS, 2);
  g_autoptr(CdCitizenCard) card = NULL;
  g_autoptr(CdIntakeResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const CdFinding *finding;
  CdWorldPerson person;

  world_person (personal_id, &person);
  card = scan_card (&person, "Người Khác", person.birth_date);
  set_faults (fixture, "{\"fail-path\": \"/population/soap\"}");
  result = fetch_card (fixture, personal_id, card, CD_EVIDENCE_ALL_SOURCES, &error);
  g_assert_no_error (error);
  g_assert_null (result->findings_error);
  g_assert_cmpuint (fixture->failed & (1u << CD_EVIDENCE_POPULATION_IDENTITY), !=, 0);

  finding = find_finding (result, CD_FINDING_CARD_NOT_CHECKED);
  g_assert_nonnull (finding);
  g_assert_cmpint (finding->severity, ==, CD_FINDING_WARNING);
  g_assert_nonnull (strstr (finding->message_en, personal_id));
  g_assert_null (find_finding (result, CD_FINDING_CARD_IDENTITY_MISMATCH));
}

static CdFactsDraft *
build_facts (Fixture              *fixture,
             const char           *personal_id,
             const CdCaseProposal *proposal,
             GError              **error)
{
  Done done = { NULL, FALSE };
  CdFactsDraft *draft;

  cd_claim_intake_build_facts_async (fixture->intake, personal_id, proposal, "2026-11-20", NULL,
                                     on_done, &done);
  wait_for (&done);
  draft = cd_claim_intake_build_facts_finish (fixture->intake, done.result, error);
  g_object_unref (done.result);
  return draft;
}

static JsonNode *
evaluate (Fixture   *fixture,
          JsonNode  *facts,
          GError   **error)
{
  Done done = { NULL, FALSE };
  JsonNode *node;

  cd_claim_intake_evaluate_async (fixture->intake, facts, NULL, on_done, &done);
  wait_for (&done);
  node = cd_claim_intake_evaluate_finish (fixture->intake, done.result, error);
  g_object_unref (done.result);
  return node;
}

/* The facts of a proposal and their evaluation are those of the builder and the engine. */
static void
test_facts_and_evaluation (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *personal_id = claimant_of (fixture, CD_BENEFIT_SICKNESS, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdIntakeResult) result = fetch (fixture, personal_id, CD_EVIDENCE_ALL_SOURCES, &error);
  guint evaluated = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < result->proposals->len; i++)
    {
      CdCaseProposal *proposal = g_ptr_array_index (result->proposals, i);
      g_autoptr(CdFactsDraft) draft = build_facts (fixture, personal_id, proposal, &error);
      g_autoptr(CdFactsDraft) expected = NULL;
      g_autoptr(CdFacts) facts = NULL;
      g_autoptr(CdResult) direct = NULL;
      g_autoptr(GError) direct_error = NULL;
      g_autoptr(JsonNode) node = NULL;

      g_assert_no_error (error);
      expected = cd_facts_build (fixture->db, personal_id, proposal, "2026-11-20", &error);
      g_assert_no_error (error);
      g_assert_true (json_node_equal (draft->facts, expected->facts));
      g_assert_cmpuint (draft->missing->len, ==, expected->missing->len);

      node = evaluate (fixture, draft->facts, &error);
      facts = cd_facts_parse_node (expected->facts, &direct_error);
      if (facts != NULL)
        direct = cd_rules_evaluate (fixture->pack, facts, &direct_error);
      if (direct == NULL)
        {
          g_assert_null (node);
          g_assert_error (error, direct_error->domain, direct_error->code);
          g_assert_cmpstr (error->message, ==, direct_error->message);
          g_clear_error (&error);
          continue;
        }
      g_assert_no_error (error);
      g_assert_cmpint (json_object_get_int_member (json_node_get_object (node), "total"), ==,
                       cd_result_get_total (direct));
      g_assert_cmpint (json_object_get_boolean_member (json_node_get_object (node), "eligible"), ==,
                       direct->eligible);
      evaluated++;
    }
  g_assert_cmpuint (evaluated, >, 0);
}

/* A refusal names the fact at fault; a second evaluation cancels the first; no pack, no
 * evaluation. */
static void
test_evaluation_errors (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *personal_id = claimant_of (fixture, CD_BENEFIT_SICKNESS, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdIntakeResult) result = fetch (fixture, personal_id, CD_EVIDENCE_ALL_SOURCES, &error);
  g_autoptr(CdFactsDraft) draft = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) first_node = NULL;
  g_autoptr(JsonNode) second_node = NULL;
  g_autoptr(GError) first_error = NULL;
  g_autoptr(GError) second_error = NULL;
  Done first = { NULL, FALSE };
  Done second = { NULL, FALSE };
  JsonNode *bad = json_node_new (JSON_NODE_VALUE);

  g_assert_no_error (error);
  g_assert_cmpuint (result->proposals->len, >, 0);
  draft = build_facts (fixture, personal_id, g_ptr_array_index (result->proposals, 0), &error);
  g_assert_no_error (error);

  /* Back to back: the first is of no use any more. */
  cd_claim_intake_evaluate_async (fixture->intake, draft->facts, NULL, on_done, &first);
  cd_claim_intake_evaluate_async (fixture->intake, draft->facts, NULL, on_done, &second);
  wait_for (&first);
  wait_for (&second);
  first_node = cd_claim_intake_evaluate_finish (fixture->intake, first.result, &first_error);
  second_node = cd_claim_intake_evaluate_finish (fixture->intake, second.result, &second_error);
  g_object_unref (first.result);
  g_object_unref (second.result);
  g_assert_error (first_error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (first_node);
  g_assert_true (second_node != NULL || second_error->domain == CD_RULES_ERROR);

  /* The officer typed a word where a number goes. */
  json_node_set_string (bad, "ba");
  cd_facts_json_set (draft->facts, "claimant.si_years", bad);
  node = evaluate (fixture, draft->facts, &error);
  g_assert_null (node);
  g_assert_error (error, CD_RULES_ERROR, CD_RULES_ERROR_INVALID_FACTS);
  g_assert_true (g_str_has_prefix (error->message, "claimant.si_years"));
  g_clear_error (&error);

  cd_claim_intake_set_rule_pack (fixture->intake, NULL);
  node = evaluate (fixture, draft->facts, &error);
  g_assert_null (node);
  g_assert_error (error, CD_CLAIM_INTAKE_ERROR, CD_CLAIM_INTAKE_ERROR_NO_RULE_PACK);
}

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/claim-intake/fetch-stores-checks-and-detects", test_fetch_stores_checks_and_detects);
  ADD ("/claim-intake/known-children", test_known_children);
  ADD ("/claim-intake/cancel-while-fetching-stores-nothing",
       test_cancel_while_fetching_stores_nothing);
  ADD ("/claim-intake/cancel-while-waiting-for-the-writer-stores-nothing",
       test_cancel_while_waiting_for_the_writer_stores_nothing);
  ADD ("/claim-intake/new-fetch-cancels-the-previous", test_new_fetch_cancels_the_previous);
  ADD ("/claim-intake/card-that-differs-is-a-finding", test_card_that_differs_is_a_finding);
  ADD ("/claim-intake/card-that-agrees-is-no-finding", test_card_that_agrees_is_no_finding);
  ADD ("/claim-intake/card-without-the-register-is-not-checked",
       test_card_without_the_register_is_not_checked);
  ADD ("/claim-intake/failing-source-fails-alone", test_failing_source_fails_alone);
  ADD ("/claim-intake/retry-asks-one-source", test_retry_asks_one_source);
  ADD ("/claim-intake/other-person-is-asked-everything", test_other_person_is_asked_everything);
  ADD ("/claim-intake/retry-after-a-cancelled-fetch-asks-everything",
       test_retry_after_a_cancelled_fetch_asks_everything);
  ADD ("/claim-intake/failed-checks-are-reported", test_failed_checks_are_reported);
  ADD ("/claim-intake/facts-and-evaluation", test_facts_and_evaluation);
  ADD ("/claim-intake/evaluation-errors", test_evaluation_errors);

  return g_test_run ();
}
