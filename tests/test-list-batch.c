/* test-list-batch.c — an employer's list worked by the batch against the real gateway, on a store
 * that knows nobody yet (the claimants are found by SI number at central): the planted wrong rows
 * get the findings that name what is wrong, the good rows are ready with the amount the rules give
 * (`claimdesk-cli evaluate` on the same facts says the same), and a run killed half-way resumes
 * without doing a row twice or losing one. */
#include <signal.h>
#include <string.h>

#include "cd-central-client.h"
#include "cd-employer-list.h"
#include "cd-employer-lists.h"
#include "cd-evidence-fetcher.h"
#include "cd-gateway-process.h"
#include "cd-approval.h"
#include "cd-list-batch.h"
#include "cd-list-decision.h"
#include "cd-list-triage.h"
#include "cd-rule-pack.h"
#include "cd-statement.h"
#include "cd-trust-store.h"
#include "cd-workflow.h"
#include "test-util.h"
#include "workflow-fixture.h"

#define WORLD_SEED 7
#define WORLD_PEOPLE 2000

typedef struct
{
  Store              store;
  CdGatewayProcess  *gateway;
  CdHttpClient      *http;
  CdCentralClient   *central;
  CdEvidenceFetcher *fetcher;
  CdTrustStore      *trust;
  CdRulePack        *pack;
  char              *credential_path;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  const char *plain[] = { "--world-seed", G_STRINGIFY (WORLD_SEED), "--people",
                          G_STRINGIFY (WORLD_PEOPLE), "--lists", "0", NULL };
  const char *slow[] = { "--world-seed", G_STRINGIFY (WORLD_SEED), "--people",
                         G_STRINGIFY (WORLD_PEOPLE), "--lists", "0", "--latency-ms", "60",
                         NULL };
  g_autofree char *trust_dir = g_build_filename (g_getenv ("CLAIMDESK_DATADIR"), "pki", "trust",
                                                 NULL);
  g_autofree char *pack_dir = cd_rule_pack_default_dir ();
  g_autofree char *credential = NULL;
  g_autoptr(GError) error = NULL;
  const CdOfficeCredential *office;

  store_open (&fixture->store);
  fixture->gateway = cd_gateway_process_new (data != NULL ? slow : plain);
  g_assert_true (cd_gateway_process_start_sync (fixture->gateway, NULL, &error));
  g_assert_no_error (error);
  fixture->http = cd_http_client_new ();
  office = cd_gateway_process_get_office_credential (fixture->gateway, fixture->http, &error);
  g_assert_no_error (error);
  fixture->central = cd_central_client_new (fixture->http,
                                            cd_gateway_process_get_base_url (fixture->gateway),
                                            office, "cb01");
  fixture->fetcher = cd_evidence_fetcher_new (fixture->http,
                                              cd_gateway_process_get_base_url (fixture->gateway),
                                              fixture->central, "cb01");
  fixture->trust = cd_trust_store_new_from_dir (trust_dir, &error);
  g_assert_no_error (error);
  fixture->pack = cd_rule_pack_load (pack_dir, &error);
  g_assert_no_error (error);
  credential = cd_office_credential_to_string (office);
  fixture->credential_path = g_build_filename (fixture->store.dir, "office.credential", NULL);
  g_assert_true (g_file_set_contents (fixture->credential_path, credential, -1, NULL));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->fetcher);
  g_clear_object (&fixture->central);
  g_clear_object (&fixture->http);
  g_clear_object (&fixture->trust);
  g_clear_pointer (&fixture->pack, cd_rule_pack_unref);
  g_clear_object (&fixture->gateway);
  g_free (fixture->credential_path);
  store_close (&fixture->store);
}

/* A list made by the gateway's control endpoint, fetched into the store: its id. */
static gint64
make_list (Fixture    *fixture,
           const char *body,
           JsonParser *parser)
{
  g_autofree char *url = g_strconcat (cd_gateway_process_get_base_url (fixture->gateway),
                                      "/_control/central/lists", NULL);
  g_autoptr(CdHttpRequest) request = cd_http_request_new ("POST", url);
  g_autoptr(GBytes) request_body = g_bytes_new (body, strlen (body));
  g_autoptr(CdHttpResponse) response = NULL;
  g_autoptr(GPtrArray) added = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;
  const char *text;

  cd_http_request_set_body (request, "application/json", request_body);
  response = cd_http_client_send (fixture->http, request, NULL, NULL);
  g_assert_nonnull (response);
  g_assert_cmpuint (response->status, ==, 200);
  text = g_bytes_get_data (response->body, &length);
  g_assert_true (json_parser_load_from_data (parser, text, (gssize) length, NULL));

  added = cd_employer_lists_fetch (fixture->store.db, fixture->http,
                                   cd_gateway_process_get_base_url (fixture->gateway),
                                   cd_gateway_process_get_office_credential (fixture->gateway,
                                                                             fixture->http, NULL),
                                   fixture->trust, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (added->len, ==, 1);
  return ((CdStoredList *) g_ptr_array_index (added, 0))->id;
}

static gboolean
has_finding (const CdStoredListRow *row,
             const char            *code)
{
  JsonArray *findings = json_node_get_array (row->findings);

  for (guint i = 0; i < json_array_get_length (findings); i++)
    if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (findings, i),
                                                  "code"), code) == 0)
      return TRUE;
  return FALSE;
}

static void
dump_row (const CdStoredListRow *row)
{
  g_autofree char *findings = json_to_string (row->findings, FALSE);

  g_test_message ("row %u %s %s %s..%s: %s amount %" G_GINT64_FORMAT " claim %s %s failure %s %s",
                  row->number, row->section, row->si_code, row->period_from, row->period_to,
                  row->state, row->amount, row->claim_number, row->claim_status,
                  row->failure != NULL ? row->failure : "-", findings);
}

static CdStoredListRow *
find_row (GPtrArray *rows,
          guint      number)
{
  for (guint i = 0; i < rows->len; i++)
    {
      CdStoredListRow *row = g_ptr_array_index (rows, i);

      if (row->part == 1 && row->number == number)
        return row;
    }
  g_assert_not_reached ();
}

/* What `claimdesk-cli evaluate` pays for the facts recorded on the claim. */
static gint64
cli_total (Fixture    *fixture,
           const char *claim_number)
{
  g_autofree char *sql = g_strdup_printf ("SELECT e.facts FROM evaluations e JOIN claims c"
                                          " ON c.id = e.claim_id WHERE c.number = '%s'"
                                          " ORDER BY e.id DESC LIMIT 1", claim_number);
  g_autofree char *facts = fx_text (&fixture->store, sql);
  g_autofree char *path = g_build_filename (fixture->store.dir, "facts.json", NULL);
  const char *argv[] = { g_getenv ("CLAIMDESK_CLI"), "evaluate", path, NULL };
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert_true (g_file_set_contents (path, facts, -1, NULL));
  g_assert_cmpint (test_run (argv, &out, &err), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
  return json_object_get_int_member (json_node_get_object (json_parser_get_root (parser)),
                                     "total");
}

/* The finding each kind of planted wrong row must get. */
static const char *
expected_code (const char            *kind,
               const CdStoredListRow *row)
{
  if (g_str_equal (kind, "duplicate"))
    return "list.duplicate_row";
  if (g_str_equal (kind, "other-si"))
    return "list.name_mismatch";
  if (g_str_equal (kind, "period"))
    return "list.period_mismatch";
  if (g_str_equal (kind, "child-age"))
    return "list.child_birth_mismatch";
  return NULL;  /* "decided": this store has decided nothing before */
}

static void
check_worked_list (Fixture    *fixture,
                   const char *body,
                   guint       min_planted)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gint64 list_id = make_list (fixture, body, parser);
  JsonObject *made = json_node_get_object (json_parser_get_root (parser));
  JsonArray *planted = json_object_get_array_member (made, "planted");
  g_autoptr(GHashTable) wrong = g_hash_table_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  CdListBatchProgress progress = { 0 };
  guint compared = 0;

  g_assert_true (cd_list_batch_run (fixture->store.path, fx_officer, list_id, fixture->fetcher,
                                    fixture->trust, fixture->pack, 4, NULL, NULL, NULL, &progress,
                                    &error));
  g_assert_no_error (error);
  rows = cd_employer_lists_get_rows (fixture->store.db, list_id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < rows->len; i++)
    dump_row (g_ptr_array_index (rows, i));

  /* Every row worked, none failed. */
  g_assert_cmpuint (progress.total, ==, json_object_get_int_member (made, "rows"));
  g_assert_cmpuint (progress.done, ==, progress.total);
  g_assert_cmpuint (progress.failed, ==, 0);
  g_assert_cmpuint (progress.ready + progress.findings, ==, progress.done);

  /* The wrong rows get the finding that names what is wrong. */
  g_assert_cmpuint (json_array_get_length (planted), >=, min_planted);
  for (guint i = 0; i < json_array_get_length (planted); i++)
    {
      JsonObject *plant = json_array_get_object_element (planted, i);
      guint number = (guint) json_object_get_int_member (plant, "row");
      const char *kind = json_object_get_string_member (plant, "kind");
      CdStoredListRow *row = find_row (rows, number);
      const char *code = expected_code (kind, row);

      g_hash_table_add (wrong, GUINT_TO_POINTER (number));
      if (code == NULL)
        continue;
      if (!has_finding (row, code))
        dump_row (row);
      g_assert_true (has_finding (row, code));
      g_assert_cmpstr (row->state, ==, "findings");
    }

  /* The rows that agree with the evidence are ready, with what the rules pay for their facts. */
  for (guint i = 0; i < rows->len; i++)
    {
      CdStoredListRow *row = g_ptr_array_index (rows, i);

      if (g_hash_table_contains (wrong, GUINT_TO_POINTER (row->number)))
        continue;
      g_assert_false (has_finding (row, "list.name_mismatch"));
      g_assert_false (has_finding (row, "list.period_mismatch"));
      g_assert_false (has_finding (row, "list.duplicate_row"));
      g_assert_false (has_finding (row, "list.child_birth_mismatch"));
      if (!g_str_equal (row->state, "ready"))
        continue;
      g_assert_cmpstr (row->claim_status, ==, "evaluated");
      g_assert_cmpint (row->amount, ==, cli_total (fixture, row->claim_number));
      compared++;
    }
  g_assert_cmpuint (compared, >=, rows->len / 3);
}

static void
test_sickness_list (Fixture       *fixture,
                    gconstpointer  data)
{
  check_worked_list (fixture, "{\"dossier\": \"630a\", \"rows\": 50, \"rates\": {"
                              "\"duplicate\": 0.08, \"other-si\": 0.08, \"period\": 0.1,"
                              " \"child-age\": 0.5}}", 4);
}

static void
test_maternity_list (Fixture       *fixture,
                     gconstpointer  data)
{
  check_worked_list (fixture, "{\"dossier\": \"630b\", \"rows\": 40, \"rates\": {"
                              "\"period\": 0.15, \"child-age\": 0.2, \"other-si\": 0.1}}", 3);
}

/* Killed while rows are in flight: the next run does the rest, no row twice, none lost. */
static void
test_kill_and_resume (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gint64 list_id = make_list (fixture, "{\"dossier\": \"630a\", \"rows\": 40}", parser);
  g_autofree char *trust_dir = g_build_filename (g_getenv ("CLAIMDESK_DATADIR"), "pki", "trust",
                                                 NULL);
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, list_id);
  const char *argv[] = { g_getenv ("CLAIMDESK_CLI"), "lists", "work", id, "--db",
                         fixture->store.path, "--central",
                         cd_gateway_process_get_base_url (fixture->gateway), "--officer", "cb01",
                         "--office-credential-file", fixture->credential_path, "--trust-dir",
                         trust_dir, "--parallel", "2", NULL };
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM employer_list_rows WHERE"
                                          " list_id = %" G_GINT64_FORMAT " AND state IN"
                                          " ('ready', 'findings')", list_id);
  CdListBatchProgress progress = { 0 };
  gint64 worked = 0, total, before_kill;
  GOutputStream *input;

  child = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDIN_PIPE
                                   | G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error);
  g_assert_no_error (error);
  input = g_subprocess_get_stdin_pipe (child);
  g_assert_true (g_output_stream_write_all (input, FIXTURE_PASSWORD "\n",
                                            strlen (FIXTURE_PASSWORD "\n"), NULL, NULL, &error));
  g_assert_true (g_output_stream_close (input, NULL, &error));

  /* Some rows done, others in flight: then SIGKILL, no chance to tidy up. */
  for (guint i = 0; i < 3000 && worked < 8; i++)
    {
      g_usleep (10 * 1000);
      worked = fx_int (&fixture->store, sql);
    }
  g_assert_cmpint (worked, >=, 8);
  g_subprocess_force_exit (child);
  g_assert_true (g_subprocess_wait (child, NULL, &error));
  before_kill = fx_int (&fixture->store, sql);
  total = json_object_get_int_member (json_node_get_object (json_parser_get_root (parser)),
                                      "rows");
  g_assert_cmpint (before_kill, <, total);

  g_assert_true (cd_list_batch_run (fixture->store.path, fx_officer, list_id, fixture->fetcher,
                                    fixture->trust, fixture->pack, 4, NULL, NULL, NULL, &progress,
                                    &error));
  g_assert_no_error (error);
  g_assert_cmpuint (progress.done, ==, total);
  g_assert_cmpint (fx_int (&fixture->store, sql), ==, total);

  /* One claim per row, each evaluated once, each linked to exactly one row. */
  g_free (sql);
  sql = g_strdup_printf ("SELECT count(*) FROM claims WHERE number LIKE 'DS-%%'");
  g_assert_cmpint (fx_int (&fixture->store, sql), ==,
                   fx_int (&fixture->store, "SELECT count(DISTINCT claim_id) FROM"
                                            " employer_list_rows WHERE claim_id IS NOT NULL"));
  g_assert_cmpint (fx_int (&fixture->store, "SELECT count(*) FROM (SELECT claim_id FROM"
                                            " evaluations GROUP BY claim_id HAVING count(*) > 1)"),
                   ==, 0);
  g_assert_cmpint (fx_int (&fixture->store, "SELECT count(*) FROM employer_list_rows r"
                                            " WHERE r.state = 'ready' AND NOT EXISTS (SELECT 1"
                                            " FROM evaluations e WHERE e.claim_id = r.claim_id)"),
                   ==, 0);
}

/* The officer accepts the ready rows in bulk, refuses one (only with a cited article) and returns
 * one; a supervisor, never the proposer, approves the list's proposals. */
static void
test_triage (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gint64 list_id = make_list (fixture, "{\"dossier\": \"630a\", \"rows\": 20, \"rates\": {"
                                       "\"other-si\": 0.2, \"duplicate\": 0.1}}", parser);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) own = NULL;
  g_autoptr(GPtrArray) approved = NULL;
  g_auto(GStrv) proposed = NULL;
  CdStoredListRow *refused = NULL, *returned = NULL, *unclaimed = NULL;
  guint accepted = 0, not_accepted = 99, n_ready = 0;
  g_autofree char *sql = NULL;

  g_assert_true (cd_list_batch_run (fixture->store.path, fx_officer, list_id, fixture->fetcher,
                                    fixture->trust, fixture->pack, 4, NULL, NULL, NULL, NULL,
                                    &error));
  g_assert_no_error (error);
  rows = cd_employer_lists_get_rows (fixture->store.db, list_id, &error);
  for (guint i = 0; i < rows->len; i++)
    {
      CdStoredListRow *row = g_ptr_array_index (rows, i);

      n_ready += g_str_equal (row->state, "ready");
      if (!g_str_equal (row->state, "findings"))
        continue;
      if (row->claim_status != NULL && g_str_equal (row->claim_status, "evaluated")
          && refused == NULL)
        refused = row;
      else if (row->claim_id == 0 && unclaimed == NULL)
        unclaimed = row;
      else if (returned == NULL)
        returned = row;
    }
  g_assert_nonnull (refused);
  g_assert_nonnull (returned);
  g_assert_nonnull (unclaimed);
  g_assert_cmpuint (n_ready, >, 0);

  /* Nothing happens to a row not worked, and a findings row is not accepted by the bulk. */
  g_assert_true (cd_list_triage_accept_ready (fixture->store.db, fx_officer, list_id, &accepted,
                                              &not_accepted, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (accepted, ==, n_ready);
  g_assert_cmpuint (not_accepted, ==, 0);
  sql = g_strdup_printf ("SELECT count(*) FROM employer_list_rows WHERE list_id = %"
                         G_GINT64_FORMAT " AND state = 'accepted'", list_id);
  g_assert_cmpint (fx_int (&fixture->store, sql), ==, n_ready);

  /* A refusal must cite its article. */
  g_assert_false (cd_list_triage_act (fixture->store.db, fx_officer, list_id, 1,
                                      refused->position, CD_LIST_TRIAGE_REFUSE,
                                      "Sai tên người lao động", &error));
  g_assert_error (error, CD_LIST_TRIAGE_ERROR, CD_LIST_TRIAGE_ERROR_REASON);
  g_clear_error (&error);
  g_assert_true (cd_list_triage_act (fixture->store.db, fx_officer, list_id, 1, refused->position,
                                     CD_LIST_TRIAGE_REFUSE,
                                     "Sai thông tin người lao động (Điều 48 Luật BHXH 2024)",
                                     &error));
  g_assert_no_error (error);
  g_free (sql);
  sql = g_strdup_printf ("SELECT e.total || '/' || e.eligible || '/' || s.name FROM evaluations e"
                         " JOIN claims c ON c.id = e.claim_id JOIN claim_statuses s"
                         " ON s.code = c.status WHERE c.number = '%s' ORDER BY e.id DESC LIMIT 1",
                         refused->claim_number);
  {
    g_autofree char *outcome = fx_text (&fixture->store, sql);

    g_assert_cmpstr (outcome, ==, "0/0/proposed");
  }
  /* Twice is once. */
  g_assert_false (cd_list_triage_act (fixture->store.db, fx_officer, list_id, 1, refused->position,
                                      CD_LIST_TRIAGE_ACCEPT, NULL, &error));
  g_assert_error (error, CD_LIST_TRIAGE_ERROR, CD_LIST_TRIAGE_ERROR_STATE);
  g_clear_error (&error);

  /* A row without a claim is refused on the list alone; another goes back to the employer. */
  g_assert_true (cd_list_triage_act (fixture->store.db, fx_officer, list_id, 1,
                                     unclaimed->position, CD_LIST_TRIAGE_REFUSE,
                                     "Trùng dòng đã kê khai (Điều 48)", &error));
  g_assert_no_error (error);
  g_assert_true (cd_list_triage_act (fixture->store.db, fx_officer, list_id, 1,
                                     returned->position, CD_LIST_TRIAGE_RETURN,
                                     "Đề nghị đơn vị kiểm tra lại mã số BHXH", &error));
  g_assert_no_error (error);
  g_free (sql);
  sql = g_strdup_printf ("SELECT state || '/' || reason || '/' || decided_by FROM"
                         " employer_list_rows WHERE list_id = %" G_GINT64_FORMAT
                         " AND position = %u", list_id, returned->position);
  {
    g_autofree char *kept = fx_text (&fixture->store, sql);
    g_autofree char *expected = g_strdup_printf ("returned/Đề nghị đơn vị kiểm tra lại mã số"
                                                 " BHXH/%" G_GINT64_FORMAT,
                                                 cd_session_get_user_id (fx_officer));

    g_assert_cmpstr (kept, ==, expected);
  }

  /* The list's proposals: the accepted rows and the refusal. Its proposer cannot approve them; a
   * supervisor can. */
  proposed = cd_list_triage_dup_proposed (fixture->store.db, list_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (proposed), ==, n_ready + 1);
  own = cd_approval_run_sync (fixture->store.db, fx_officer, CD_APPROVAL_ACTION_APPROVE,
                              (const char * const *) proposed, NULL, NULL, NULL, NULL);
  for (guint i = 0; i < own->len; i++)
    g_assert_cmpint (((CdApprovalResult *) g_ptr_array_index (own, i))->outcome, ==,
                     CD_APPROVAL_OUTCOME_REFUSED);
  approved = cd_approval_run_sync (fixture->store.db, fx_sup1, CD_APPROVAL_ACTION_APPROVE,
                                   (const char * const *) proposed, NULL, NULL, NULL, NULL);
  for (guint i = 0; i < approved->len; i++)
    g_assert_cmpint (((CdApprovalResult *) g_ptr_array_index (approved, i))->outcome, !=,
                     CD_APPROVAL_OUTCOME_REFUSED);

  /* The decision list answers with what was triaged: the accepted rows at their amounts, both
   * refusals with their reasons, the returned row not at all. */
  {
    g_autoptr(JsonNode) answer = cd_list_decision_data (fixture->store.db, list_id, fixture->pack,
                                                        "vi", "2026-12-06", &error);
    JsonArray *listed;
    guint n_accepted = 0, n_refused = 0;
    gint64 paid = 0, expected = 0;

    g_assert_no_error (error);
    listed = json_object_get_array_member (json_node_get_object (answer), "rows");
    for (guint i = 0; i < json_array_get_length (listed); i++)
      {
        JsonObject *entry = json_array_get_object_element (listed, i);

        if (json_object_get_boolean_member (entry, "accepted"))
          {
            n_accepted++;
            paid += json_object_get_int_member (entry, "amount");
          }
        else
          {
            n_refused++;
            g_assert_nonnull (strstr (json_object_get_string_member (entry, "reason"), "Điều 48"));
          }
      }
    for (guint i = 0; i < rows->len; i++)
      {
        CdStoredListRow *row = g_ptr_array_index (rows, i);

        if (g_str_equal (row->state, "ready") && row->amount > 0)
          expected += row->amount;
      }
    g_assert_cmpuint (n_refused, ==, 2);
    g_assert_cmpuint (n_accepted, >, 0);
    g_assert_cmpint (paid, ==, expected);
  }
}

/* Part 2 of a later list adjusts decisions of the first: the one central has is reopened with the
 * employer's reason; one still on its way, and one that names no earlier decision, are findings. */
static void
test_adjustments (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gint64 first = make_list (fixture, "{\"dossier\": \"630a\", \"rows\": 8}", parser);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) adjusted = NULL;
  g_autoptr(CdStoredList) list = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(GBytes) envelope = NULL;
  g_autofree char *synced_si = NULL, *queued_si = NULL, *synced_claim = NULL, *note = NULL;
  g_autofree char *sql = NULL;
  g_auto(GStrv) proposed = NULL;
  g_autoptr(GPtrArray) approved = NULL;
  CdEmployerListEnvelope info = { 0 };
  CdListBatchProgress progress = { 0 };
  gint64 second = 0;

  g_assert_true (cd_list_batch_run (fixture->store.path, fx_officer, first, fixture->fetcher,
                                    fixture->trust, fixture->pack, 4, NULL, NULL, NULL, NULL,
                                    &error));
  g_assert_no_error (error);
  g_assert_true (cd_list_triage_accept_ready (fixture->store.db, fx_officer, first, NULL, NULL,
                                              &error));
  g_assert_no_error (error);
  proposed = cd_list_triage_dup_proposed (fixture->store.db, first, &error);
  g_assert_cmpuint (g_strv_length (proposed), >=, 2);
  approved = cd_approval_run_sync (fixture->store.db, fx_sup1, CD_APPROVAL_ACTION_APPROVE,
                                   (const char * const *) proposed, NULL, NULL, NULL, NULL);
  /* Central has the first decision; the second is still in the outbox. */
  g_assert_true (cd_workflow_mark_synced (fixture->store.db, proposed[0], "TW-1", &error));
  g_assert_no_error (error);
  rows = cd_employer_lists_get_rows (fixture->store.db, first, &error);
  for (guint i = 0; i < rows->len; i++)
    {
      CdStoredListRow *row = g_ptr_array_index (rows, i);

      if (g_strcmp0 (row->claim_number, proposed[0]) == 0)
        synced_si = g_strdup (row->si_code);
      else if (g_strcmp0 (row->claim_number, proposed[1]) == 0)
        queued_si = g_strdup (row->si_code);
    }
  g_assert_nonnull (synced_si);
  g_assert_nonnull (queued_si);
  synced_claim = g_strdup (proposed[0]);

  /* The unit's next list: three adjustments, of batch 1 of the first list's period. */
  list = cd_employer_lists_get (fixture->store.db, first, &error);
  g_string_append_printf (body, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<M01B-HSB>"
                          "<DonVi><TenDonVi>%s</TenDonVi><MaDonVi>%s</MaDonVi></DonVi>"
                          "<Dot>2</Dot><Thang>12</Thang><Nam>2026</Nam><Phan2>",
                          list->unit_name, list->unit_code);
  g_string_append_printf (body, "<Dong><O Cot=\"A\">1</O><O Cot=\"B\">Người Một</O>"
                          "<O Cot=\"1\">%s</O><O Cot=\"2\">1/%.2s/%.4s</O>"
                          "<O Cot=\"3\">Chậm báo tăng lương</O></Dong>", synced_si,
                          list->period + 5, list->period);
  g_string_append_printf (body, "<Dong><O Cot=\"A\">2</O><O Cot=\"B\">Người Hai</O>"
                          "<O Cot=\"1\">%s</O><O Cot=\"2\">1/%.2s/%.4s</O>"
                          "<O Cot=\"3\">Sai số ngày nghỉ</O></Dong>", queued_si,
                          list->period + 5, list->period);
  g_string_append_printf (body, "<Dong><O Cot=\"A\">3</O><O Cot=\"B\">Người Ba</O>"
                          "<O Cot=\"1\">%s</O><O Cot=\"2\">7/%.2s/%.4s</O>"
                          "<O Cot=\"3\">Điều chỉnh</O></Dong>", synced_si, list->period + 5,
                          list->period);
  g_string_append (body, "</Phan2><Cky/></M01B-HSB>\n");
  info.unit_code = list->unit_code;
  info.unit_name = list->unit_name;
  info.dossier_code = "630a";
  info.period = "2026-12";
  info.created = "2026-12-02";
  envelope = cd_employer_list_build_envelope (&info, "01B-HSB", body->str, body->len);
  g_assert_true (cd_employer_lists_store (fixture->store.db, envelope, "adjustments.xml", NULL,
                                          NULL, NULL, &second, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (cd_list_batch_run (fixture->store.path, fx_officer, second, fixture->fetcher,
                                    fixture->trust, fixture->pack, 4, NULL, NULL, NULL, &progress,
                                    &error));
  g_assert_no_error (error);
  g_assert_cmpuint (progress.total, ==, 3);
  g_assert_cmpuint (progress.ready, ==, 1);
  adjusted = cd_employer_lists_get_rows (fixture->store.db, second, &error);
  for (guint i = 0; i < adjusted->len; i++)
    dump_row (g_ptr_array_index (adjusted, i));
  g_assert_cmpstr (((CdStoredListRow *) adjusted->pdata[0])->state, ==, "ready");
  g_assert_true (has_finding (adjusted->pdata[0], "list.adjustment"));
  g_assert_cmpstr (((CdStoredListRow *) adjusted->pdata[0])->claim_number, ==, synced_claim);
  g_assert_true (has_finding (adjusted->pdata[1], "list.adjustment_not_synced"));
  g_assert_true (has_finding (adjusted->pdata[2], "list.no_earlier_decision"));

  /* Accepting the adjustment reopens the decision with the employer's reason. */
  g_assert_false (cd_list_triage_act (fixture->store.db, fx_officer, second, 2, 2,
                                      CD_LIST_TRIAGE_ACCEPT, NULL, &error));
  g_assert_error (error, CD_LIST_TRIAGE_ERROR, CD_LIST_TRIAGE_ERROR_STATE);
  g_clear_error (&error);
  g_assert_true (cd_list_triage_act (fixture->store.db, fx_officer, second, 2, 1,
                                     CD_LIST_TRIAGE_ACCEPT, NULL, &error));
  g_assert_no_error (error);
  sql = g_strdup_printf ("SELECT s.name || '|' || c.status_note FROM claims c JOIN claim_statuses s"
                         " ON s.code = c.status WHERE c.number = '%s'", synced_claim);
  note = fx_text (&fixture->store, sql);
  g_assert_true (g_str_has_prefix (note, "reopened|"));
  g_assert_nonnull (strstr (note, "Chậm báo tăng lương"));
  g_free (sql);
  sql = g_strdup_printf ("SELECT count(*) FROM decisions d JOIN claims c ON c.id = d.claim_id"
                         " WHERE c.number = '%s' AND d.state = 'superseded' AND d.frozen_at"
                         " IS NOT NULL", synced_claim);
  g_assert_cmpint (fx_int (&fixture->store, sql), ==, 1);
}

/* A row the employer files under A.II (a disease on the long-term list) is evaluated as one, and
 * one whose column E says "PCKV 0,7" as work in an especially difficult area: no document says
 * so, the employer does. */
static void
test_long_term_section (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gint64 first = make_list (fixture, "{\"dossier\": \"630a\", \"rows\": 3}", parser);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) refiled = NULL;
  g_autoptr(CdStoredList) list = NULL;
  g_autoptr(GBytes) envelope = NULL;
  g_autofree char *body = NULL, *sql = NULL, *long_term = NULL;
  CdEmployerListEnvelope info = { 0 };
  CdStoredListRow *row;
  JsonObject *cells;
  gint64 second = 0;

  list = cd_employer_lists_get (fixture->store.db, first, &error);
  rows = cd_employer_lists_get_rows (fixture->store.db, first, &error);
  g_assert_no_error (error);
  row = g_ptr_array_index (rows, 0);
  cells = json_node_get_object (row->cells);
  body = g_strdup_printf ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<M01B-HSB>"
                          "<DonVi><TenDonVi>%s</TenDonVi><MaDonVi>%s</MaDonVi></DonVi>"
                          "<Dot>2</Dot><Thang>11</Thang><Nam>2026</Nam><Phan1><Nhom Ma=\"A.II\">"
                          "<Dong><O Cot=\"A\">1</O><O Cot=\"B\">%s</O><O Cot=\"1\">%s</O>"
                          "<O Cot=\"2\">%s</O><O Cot=\"3\">%s</O><O Cot=\"4\">%s</O>"
                          "<O Cot=\"E\">PCKV 0,7</O></Dong>"
                          "</Nhom></Phan1><Cky/></M01B-HSB>\n", list->unit_name, list->unit_code,
                          row->name, row->si_code, json_object_get_string_member (cells, "2"),
                          json_object_get_string_member (cells, "3"),
                          json_object_get_string_member (cells, "4"));
  info.unit_code = list->unit_code;
  info.unit_name = list->unit_name;
  info.dossier_code = "630a";
  info.period = "2026-11";
  info.created = "2026-11-20";
  envelope = cd_employer_list_build_envelope (&info, "01B-HSB", body, strlen (body));
  g_assert_true (cd_employer_lists_store (fixture->store.db, envelope, "long-term.xml", NULL,
                                          NULL, NULL, &second, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (cd_list_batch_run (fixture->store.path, fx_officer, second, fixture->fetcher,
                                    fixture->trust, fixture->pack, 2, NULL, NULL, NULL, NULL,
                                    &error));
  g_assert_no_error (error);
  refiled = cd_employer_lists_get_rows (fixture->store.db, second, &error);
  dump_row (g_ptr_array_index (refiled, 0));
  g_assert_cmpstr (((CdStoredListRow *) refiled->pdata[0])->claim_status, ==, "evaluated");
  sql = g_strdup_printf ("SELECT json_extract (e.facts, '$.case.long_term_disease') FROM"
                         " evaluations e JOIN claims c ON c.id = e.claim_id WHERE c.number = '%s'",
                         ((CdStoredListRow *) refiled->pdata[0])->claim_number);
  long_term = fx_text (&fixture->store, sql);
  g_assert_cmpstr (long_term, ==, "1");
  /* Column E's regional allowance of 0.7: an especially difficult area. */
  g_free (sql);
  sql = g_strdup_printf ("SELECT json_extract (e.facts, '$.claimant.heavy_or_difficult') FROM"
                         " evaluations e JOIN claims c ON c.id = e.claim_id WHERE c.number = '%s'",
                         ((CdStoredListRow *) refiled->pdata[0])->claim_number);
  g_free (long_term);
  long_term = fx_text (&fixture->store, sql);
  g_assert_cmpstr (long_term, ==, "1");
}

typedef struct
{
  GCancellable        *cancellable;
  guint                calls;
  CdListBatchProgress  last;
  gboolean             finished;
  gboolean             ok;
  GError              *error;
} AsyncRun;

static void
on_progress (const CdListBatchProgress *progress,
             gpointer                   user_data)
{
  AsyncRun *run = user_data;

  run->calls++;
  run->last = *progress;
  if (progress->done >= 5)
    g_cancellable_cancel (run->cancellable);
}

static void
on_run_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  AsyncRun *run = user_data;

  run->ok = cd_list_batch_run_finish (result, &run->last, &run->error);
  run->finished = TRUE;
}

/* The officer's Cancel, through the async run: progress on the caller's loop, the rows not taken
 * left as they were (no failure recorded against them), and the next run finishes the list. */
static void
test_cancel_and_resume (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gint64 list_id = make_list (fixture, "{\"dossier\": \"630a\", \"rows\": 30}", parser);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *worked = g_strdup_printf ("SELECT count(*) FROM employer_list_rows WHERE"
                                             " list_id = %" G_GINT64_FORMAT " AND state IN"
                                             " ('ready', 'findings')", list_id);
  g_autofree char *failed = g_strdup_printf ("SELECT count(*) FROM employer_list_rows WHERE"
                                             " list_id = %" G_GINT64_FORMAT " AND failure IS NOT"
                                             " NULL", list_id);
  AsyncRun run = { cancellable };
  CdListBatchProgress stored = { 0 };
  gint64 total = json_object_get_int_member (json_node_get_object (json_parser_get_root (parser)),
                                             "rows");

  cd_list_batch_run_async (fixture->store.path, fx_officer, list_id, fixture->fetcher,
                           fixture->trust, fixture->pack, 2, cancellable, on_progress, &run, NULL,
                           on_run_done, &run);
  while (!run.finished)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (run.ok);
  g_assert_error (run.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&run.error);
  g_assert_cmpuint (run.calls, >=, 1);
  g_assert_cmpint (fx_int (&fixture->store, worked), >=, 5);
  g_assert_cmpint (fx_int (&fixture->store, worked), <, total);
  g_assert_cmpint (fx_int (&fixture->store, failed), ==, 0);
  g_assert_true (cd_list_batch_read_progress (fixture->store.db, list_id, &stored, &error));
  g_assert_cmpint (stored.done, ==, fx_int (&fixture->store, worked));
  g_assert_cmpuint (stored.failed, ==, 0);

  g_assert_true (cd_list_batch_run (fixture->store.path, fx_officer, list_id, fixture->fetcher,
                                    fixture->trust, fixture->pack, 4, NULL, NULL, NULL, &stored,
                                    &error));
  g_assert_no_error (error);
  g_assert_cmpint (stored.done, ==, total);
  g_assert_cmpint (fx_int (&fixture->store, worked), ==, total);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  fixture_init ();
  g_test_add ("/list-batch/sickness-list", Fixture, NULL, fixture_set_up, test_sickness_list,
              fixture_tear_down);
  g_test_add ("/list-batch/maternity-list", Fixture, NULL, fixture_set_up, test_maternity_list,
              fixture_tear_down);
  g_test_add ("/list-batch/triage", Fixture, NULL, fixture_set_up, test_triage,
              fixture_tear_down);
  g_test_add ("/list-batch/adjustments", Fixture, NULL, fixture_set_up, test_adjustments,
              fixture_tear_down);
  g_test_add ("/list-batch/long-term-section", Fixture, NULL, fixture_set_up,
              test_long_term_section, fixture_tear_down);
  g_test_add ("/list-batch/cancel-and-resume", Fixture, "slow", fixture_set_up,
              test_cancel_and_resume, fixture_tear_down);
  g_test_add ("/list-batch/kill-and-resume", Fixture, "slow", fixture_set_up,
              test_kill_and_resume, fixture_tear_down);
  status = g_test_run ();
  fixture_shutdown ();
  return status;
}
