/* bench-sync.c — draining 10,000 queued decisions to the gateway on loopback.
 *
 * Three runs, each on a fresh store and a fresh gateway: a clean line, 5 % faults (error, reset and
 * truncate rates of 1/60 each), and 5 % of each (15 % of requests faulted). Prints decisions per
 * second and checks against /_control/central/decisions that each decision was filed exactly once
 * with its own hash and that every outbox item is acknowledged. Run: build/tests/bench-sync [N]
 * with CLAIMDESK_GATEWAY set (meson devenv sets it). Exits 1 if a decision was lost or doubled.
 */
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "cd-central-client.h"
#include "cd-claim-types.h"
#include "cd-database.h"
#include "cd-decision.h"
#include "cd-gateway-process.h"
#include "cd-seed.h"
#include "cd-statement.h"
#include "cd-sync-worker.h"

/* A claim of the seeded store as a decision on it needs it. */
typedef struct
{
  gint64  id;
  char   *number;
  char   *status;      /* its status name as the bench leaves it, for the audit entry's "before" */
  char   *benefit;
  char   *claimant_name;
  char   *personal_id;
  char   *si_code;
  char   *period_from;
  char   *period_to;
  char   *office_code;
  char   *proposed_by;
} Claim;

static void
claim_free (Claim *claim)
{
  g_free (claim->number);
  g_free (claim->status);
  g_free (claim->benefit);
  g_free (claim->claimant_name);
  g_free (claim->personal_id);
  g_free (claim->si_code);
  g_free (claim->period_from);
  g_free (claim->period_to);
  g_free (claim->office_code);
  g_free (claim->proposed_by);
  g_free (claim);
}

static GPtrArray *
load_claims (CdDatabase  *db,
             GError     **error)
{
  g_autoptr(GPtrArray) claims = g_ptr_array_new_with_free_func ((GDestroyNotify) claim_free);
  g_autoptr(CdStatement) stmt = NULL;
  CdStep step;

  stmt = cd_database_prepare (db,
                              "SELECT c.id, c.number, c.status, c.benefit, p.full_name,"
                              " p.personal_id, p.si_code, c.period_from, c.period_to, o.code,"
                              " u.login FROM claims c JOIN persons p ON p.id = c.claimant_id"
                              " JOIN offices o ON o.id = c.office_id"
                              " JOIN users u ON u.id = c.officer_id ORDER BY c.id",
                              error);
  if (stmt == NULL)
    return NULL;
  while ((step = cd_statement_step (stmt, error)) == CD_STEP_ROW)
    {
      Claim *claim = g_new0 (Claim, 1);

      claim->id = cd_statement_get_int64 (stmt, 0);
      claim->number = cd_statement_dup_text (stmt, 1);
      claim->status = g_strdup (cd_claim_status_to_string (
          (CdClaimStatus) cd_statement_get_int (stmt, 2)));
      claim->benefit = g_strdup (cd_benefit_to_string ((CdBenefit) cd_statement_get_int (stmt, 3)));
      claim->claimant_name = cd_statement_dup_text (stmt, 4);
      claim->personal_id = cd_statement_dup_text (stmt, 5);
      claim->si_code = cd_statement_dup_text (stmt, 6);
      claim->period_from = cd_statement_dup_text (stmt, 7);
      claim->period_to = cd_statement_dup_text (stmt, 8);
      claim->office_code = cd_statement_dup_text (stmt, 9);
      claim->proposed_by = cd_statement_dup_text (stmt, 10);
      g_ptr_array_add (claims, claim);
    }
  if (step == CD_STEP_FAILED)
    return NULL;
  return g_steal_pointer (&claims);
}

/* A seeded store (for its people, claims and staff) plus `n` decisions on its claims, each frozen
 * as a supervisor's approval freezes one (cd-decision: canonical payload, hash, the claim queued,
 * its audit entry and outbox item), all queued. The seeded outbox is emptied first, so that the
 * bench's decisions are all there is to send. */
static gboolean
build_store (const char  *path,
             guint        n,
             GError     **error)
{
  g_autoptr(CdDatabase) db = cd_database_open (path, error);
  g_autoptr(CdStatement) supervisor = NULL;
  g_autoptr(CdStatement) decision = NULL;
  g_autoptr(GPtrArray) claims = NULL;
  g_autofree char *approver_login = NULL;
  g_autofree char *approver_name = NULL;
  gint64 approver_id = 0;
  CdFreezer *freezer = NULL;
  gboolean ok;

  if (db == NULL || !cd_seed_run (db, 42, 500, 1000, NULL, NULL, error))
    return FALSE;
  if (!cd_database_begin_immediate (db, error))
    return FALSE;
  supervisor = cd_database_prepare (db,
                                    "SELECT id, login, full_name FROM users"
                                    " WHERE role = 'supervisor' ORDER BY id LIMIT 1",
                                    error);
  ok = supervisor != NULL && cd_statement_step (supervisor, error) == CD_STEP_ROW;
  if (ok)
    {
      approver_id = cd_statement_get_int64 (supervisor, 0);
      approver_login = cd_statement_dup_text (supervisor, 1);
      approver_name = cd_statement_dup_text (supervisor, 2);
    }
  ok = ok && cd_database_exec (db, "DELETE FROM outbox WHERE state = 'queued'", error)
       && (claims = load_claims (db, error)) != NULL
       && (decision = cd_database_prepare (db,
                                           "INSERT INTO decisions (uuid, claim_id, state, amount,"
                                           " proposed_by, proposed_at) SELECT ?1, id, 'proposed',"
                                           " ?2, officer_id, created_at FROM claims WHERE id = ?3",
                                           error)) != NULL
       && (freezer = cd_freezer_new (db, error)) != NULL;
  for (guint i = 0; ok && i < n; i++)
    {
      Claim *claim = g_ptr_array_index (claims, i % claims->len);
      g_autofree char *uuid = g_strdup_printf ("b5c00000-0000-4000-8000-%012u", i);
      gint64 amount = 1406250 + i;
      g_autofree char *result = g_strdup_printf ("{\"eligible\": true, \"lines\": [{\"code\":"
                                                 " \"%s.days\", \"days\": 5, \"amount\": %"
                                                 G_GINT64_FORMAT "}], \"total\": %" G_GINT64_FORMAT
                                                 ", \"rulepack\": \"vn-si-2024+2026.07\"}",
                                                 claim->benefit, amount, amount);
      CdDecisionApprover approver = { approver_login, approver_name, "2026-11-22T00:00:00Z" };
      CdDecisionFacts facts = { 0 };

      cd_statement_bind_text (decision, 1, uuid);
      cd_statement_bind_int64 (decision, 2, amount);
      cd_statement_bind_int64 (decision, 3, claim->id);
      if (!(ok = cd_statement_run (decision, error)))
        break;

      facts.uuid = uuid;
      facts.claim_number = claim->number;
      facts.benefit = claim->benefit;
      facts.claimant_name = claim->claimant_name;
      facts.personal_id = claim->personal_id;
      facts.si_code = claim->si_code;
      facts.period_from = claim->period_from;
      facts.period_to = claim->period_to;
      facts.office_code = claim->office_code;
      facts.result_json = result;
      facts.amount = amount;
      facts.proposed_by = claim->proposed_by;
      facts.approvers = &approver;
      facts.n_approvers = 1;
      facts.decided_at = approver.approved_at;
      ok = cd_freezer_freeze (freezer, cd_database_last_insert_rowid (db), claim->id, &facts,
                              approver_id, claim->status, error);
      /* The freeze queued the claim; a later decision on it starts from there. */
      g_free (claim->status);
      claim->status = g_strdup (cd_claim_status_to_string (CD_CLAIM_STATUS_QUEUED));
    }
  cd_freezer_free (freezer);
  if (!ok || !cd_database_commit (db, error))
    {
      cd_database_rollback (db);
      g_prefix_error (error, "building the outbox: ");
      return FALSE;
    }
  return TRUE;
}

/* Compares the central side with the store; prints what is wrong and returns FALSE if anything. */
static gboolean
verify (CdGatewayProcess *gateway,
        CdHttpClient     *http,
        const char       *path,
        guint             n)
{
  g_autofree char *url = g_strconcat (cd_gateway_process_get_base_url (gateway),
                                      "/_control/central/decisions", NULL);
  g_autoptr(CdHttpRequest) request = cd_http_request_new ("GET", url);
  g_autoptr(CdHttpResponse) response = cd_http_client_send (http, request, NULL, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(CdDatabase) db = cd_database_open_reader (path, NULL);
  g_autoptr(CdStatement) stmt = NULL;
  guint doubled = 0, wrong_hash = 0, conflicts = 0, received = 0, acknowledged = 0, lost = 0;
  JsonArray *array;
  gsize length = 0;
  const char *data;

  if (response == NULL || db == NULL)
    return FALSE;
  data = g_bytes_get_data (response->body, &length);
  if (!json_parser_load_from_data (parser, data, (gssize) length, NULL))
    return FALSE;
  array = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *item = json_array_get_object_element (array, i);
      const char *id = json_object_get_string_member (item, "id");

      if (!g_hash_table_insert (seen, (gpointer) id, item))
        doubled++;
      conflicts += json_object_get_int_member (item, "conflicts") > 0;
      received += (guint) json_object_get_int_member (item, "times_received");
    }

  stmt = cd_database_prepare (db, "SELECT d.uuid, d.payload_sha256, o.state, o.central_receipt"
                                  " FROM outbox o JOIN decisions d ON d.id = o.decision_id"
                                  " WHERE d.uuid LIKE 'b5c0%'", NULL);
  while (cd_statement_step (stmt, NULL) == CD_STEP_ROW)
    {
      JsonObject *filed = g_hash_table_lookup (seen, cd_statement_get_text (stmt, 0));

      if (filed == NULL)
        {
          lost++;
          continue;
        }
      if (g_strcmp0 (json_object_get_string_member (filed, "payload_hash"),
                     cd_statement_get_text (stmt, 1)) != 0)
        wrong_hash++;
      if (g_str_equal (cd_statement_get_text (stmt, 2), "acknowledged")
          && g_strcmp0 (json_object_get_string_member_with_default (filed, "receipt", NULL),
                        cd_statement_get_text (stmt, 3)) == 0)
        acknowledged++;
    }

  g_print ("  central: %u decisions filed (%u requests received for them), %u doubled, "
           "%u with conflicts, %u with another hash; local: %u of %u acknowledged with the "
           "central receipt, %u lost\n", g_hash_table_size (seen), received, doubled, conflicts,
           wrong_hash, acknowledged, n, lost);
  return g_hash_table_size (seen) == n && doubled == 0 && conflicts == 0 && wrong_hash == 0
         && acknowledged == n && lost == 0;
}

static gboolean
bench (const char         *label,
       const char * const *gateway_args,
       guint               n)
{
  g_autofree char *dir = g_dir_make_tmp ("bench-sync-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "office.db", NULL);
  g_autoptr(CdGatewayProcess) gateway = cd_gateway_process_new (gateway_args);
  g_autoptr(CdHttpClient) http = cd_http_client_new ();
  g_autoptr(CdCentralClient) central = NULL;
  g_autoptr(CdSyncWorker) worker = NULL;
  g_autoptr(GError) error = NULL;
  CdSyncReport report = { 0 };
  guint runs = 0, sent = 0, deferred = 0;
  gint64 start, elapsed;
  gboolean ok;

  if (!build_store (path, n, &error) || !cd_gateway_process_start_sync (gateway, NULL, &error))
    {
      g_printerr ("bench-sync: %s\n", error->message);
      return FALSE;
    }
  central = cd_central_client_new (http, cd_gateway_process_get_base_url (gateway),
                                   cd_gateway_process_get_office_credential (gateway, http, NULL),
                                   "cb01");
  worker = cd_sync_worker_new (path, central);
  cd_sync_worker_set_batch_size (worker, 100);

  start = g_get_monotonic_time ();
  /* An operator's sync, run again while anything is left (a batch whose four tries all failed). */
  do
    {
      if (!cd_sync_worker_run_once (worker, CD_SYNC_ALL_PENDING, &report, NULL, &error))
        {
          g_printerr ("bench-sync: %s\n", error->message);
          return FALSE;
        }
      runs++;
      sent += report.sent;
      deferred += report.deferred;
    }
  while (report.remaining > 0 && runs < 20);
  elapsed = g_get_monotonic_time () - start;

  g_print ("%s: %u decisions in %.2f s = %.0f decisions/s (%u runs, %u items sent, %u deferred "
           "after a batch's retries ran out)\n", label, n, elapsed / 1e6, n / (elapsed / 1e6), runs,
           sent, deferred);
  ok = verify (gateway, http, path, n);
  g_clear_object (&worker);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);
    g_unlink (path);
    g_unlink (wal);
    g_unlink (shm);
    g_rmdir (dir);
  }
  return ok;
}

int
main (int    argc,
      char **argv)
{
  const char *clean[] = { "--fault-seed", "1", NULL };
  const char *faulty[] = { "--fault-seed", "2", "--error-rate", "0.0167", "--reset-rate", "0.0167",
                           "--truncate-rate", "0.0167", NULL };
  const char *harsh[] = { "--fault-seed", "3", "--error-rate", "0.05", "--reset-rate", "0.05",
                          "--truncate-rate", "0.05", NULL };
  guint n = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 10000;
  gboolean ok = TRUE;

  ok &= bench ("clean line", clean, n);
  ok &= bench ("5 % faults", faulty, n);
  ok &= bench ("5 % of each fault (15 %)", harsh, n);
  g_print ("%s\n", ok ? "none lost, none doubled" : "FAILED: see above");
  return ok ? 0 : 1;
}
