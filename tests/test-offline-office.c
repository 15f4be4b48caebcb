/* test-offline-office.c — issue 16's day without a link, end to end, on the real gateway.
 *
 * Central (the gateway) is stopped. An officer records two paper leave certificates, evaluates and
 * proposes a claim on each; the office rule refuses to approve on unverified paper until the
 * administrator allows it; a supervisor approves. The outbox leaves on a file bundle; central, up
 * again with its register of enrolled offices, files the bundle and writes the receipts, with the
 * rule pack it published meanwhile; importing them acknowledges every item and installs the
 * pack. Then the link comes back and deferred verification finds the
 * paper that matches the medical portal's record, and the one that does not, side by side.
 */
#include <json-glib/json-glib.h>
#include <string.h>

#include "cd-approval.h"
#include "cd-case-detect.h"
#include "cd-demo-accounts.h"
#include "cd-facts-builder.h"
#include "cd-gateway-process.h"
#include "cd-office-settings.h"
#include "cd-paper-document.h"
#include "cd-paper-kinds.h"
#include "cd-rules-engine.h"
#include "cd-seed.h"
#include "cd-statement.h"
#include "cd-users.h"
#include "cd-workflow.h"
#include "test-util.h"

#define WORLD_SEED   "3"
#define WORLD_PEOPLE "200"
#define TODAY        "2026-12-06"
#define NEXT_PACK    "vn-si-2024+2027.01"

typedef struct
{
  char       *personal_id;
  JsonObject *record;      /* the leave certificate as the portal serves it */
  char       *facility;    /* the facility that issued it (from its envelope) */
} Served;

typedef struct
{
  char             *dir;
  char             *db_path;
  char             *scratch;
  char             *register_file;
  char             *credential_file;
  char             *trust;
  CdGatewayProcess *gateway;
} Fixture;

static const char *
cli (void)
{
  return g_getenv ("CLAIMDESK_CLI");
}

static void
served_free (Served *served)
{
  g_free (served->personal_id);
  g_clear_pointer (&served->record, json_object_unref);
  g_free (served->facility);
  g_free (served);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Served, served_free)

/* Central as it runs in this test: the same world as the store, one serial per certificate, and
 * its register of enrolled offices kept in a file so it knows the office again after a restart. */
static void
start_central (Fixture *fixture)
{
  const char *args[] = { "--world-seed", WORLD_SEED, "--people", WORLD_PEOPLE,
                         "--reused-serial-rate", "0", "--overlap-rate", "0",
                         "--register-file", fixture->register_file, NULL };
  g_autoptr(GError) error = NULL;

  fixture->gateway = cd_gateway_process_new (args);
  g_assert_true (cd_gateway_process_start_sync (fixture->gateway, NULL, &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  const char *seed[] = { cli (), "seed", "--db", NULL, "--people", WORLD_PEOPLE, "--claims",
                         "300", "--seed", WORLD_SEED, NULL };
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) from = NULL;
  g_autoptr(GFile) to = NULL;

  fixture->dir = test_tmpdir_new ();
  fixture->db_path = g_build_filename (fixture->dir, "office.db", NULL);
  fixture->scratch = g_build_filename (fixture->dir, "scratch.db", NULL);
  fixture->register_file = g_build_filename (fixture->dir, "central-register.json", NULL);
  fixture->credential_file = g_build_filename (fixture->dir, "office.credential", NULL);
  fixture->trust = g_build_filename (g_getenv ("CLAIMDESK_DATADIR"), "pki", "trust", NULL);
  seed[3] = fixture->db_path;
  g_assert_cmpint (test_run (seed, &out, &err), ==, 0);
  from = g_file_new_for_path (fixture->db_path);
  to = g_file_new_for_path (fixture->scratch);
  g_assert_true (g_file_copy (from, to, G_FILE_COPY_NONE, NULL, NULL, NULL, &error));

  /* The office enrolled while the link was up. */
  start_central (fixture);
  {
    g_autoptr(CdHttpClient) http = cd_http_client_new ();
    const CdOfficeCredential *credential =
      cd_gateway_process_get_office_credential (fixture->gateway, http, &error);
    g_autofree char *text = NULL;

    g_assert_no_error (error);
    text = cd_office_credential_to_string (credential);
    g_assert_true (g_file_set_contents_full (fixture->credential_file, text, -1,
                                             G_FILE_SET_CONTENTS_NONE, 0600, &error));
  }
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->gateway);
  g_free (fixture->db_path);
  g_free (fixture->scratch);
  g_free (fixture->register_file);
  g_free (fixture->credential_file);
  g_free (fixture->trust);
  test_tmpdir_free (fixture->dir);
}

static char *
query_text (const char *path,
            const char *sql)
{
  g_autoptr(CdDatabase) db = cd_database_open_reader (path, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStatement) stmt = cd_database_prepare (db, sql, &error);

  g_assert_no_error (error);
  if (cd_statement_step (stmt, &error) == CD_STEP_ROW)
    return cd_statement_dup_text (stmt, 0);
  g_assert_no_error (error);
  return NULL;
}

static gint64
query_int (const char *path,
           const char *sql)
{
  g_autofree char *text = query_text (path, sql);

  return text != NULL ? g_ascii_strtoll (text, NULL, 10) : 0;
}

/* The two columns of the first row, or FALSE when there is none. */
static gboolean
query_pair (const char  *path,
            const char  *sql,
            char       **first,
            char       **second)
{
  g_autoptr(CdDatabase) db = cd_database_open_reader (path, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStatement) stmt = cd_database_prepare (db, sql, &error);

  g_assert_no_error (error);
  if (cd_statement_step (stmt, &error) != CD_STEP_ROW)
    {
      g_assert_no_error (error);
      return FALSE;
    }
  *first = cd_statement_dup_text (stmt, 0);
  *second = cd_statement_dup_text (stmt, 1);
  return TRUE;
}

/* Two people each with a leave certificate the medical portal really serves, read by fetching
 * into a scratch copy of the store while the link is up: the papers the officer will hold are
 * copies of these. */
static GPtrArray *
served_certificates (Fixture *fixture)
{
  g_autoptr(GPtrArray) people = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *served = g_ptr_array_new_with_free_func ((GDestroyNotify) served_free);

  {
    g_autoptr(CdDatabase) db = cd_database_open_reader (fixture->scratch, NULL);
    g_autoptr(CdStatement) stmt =
      cd_database_prepare (db, "SELECT DISTINCT p.personal_id FROM claims c"
                               " JOIN persons p ON p.id = c.claimant_id"
                               " WHERE c.period_from >= '2025-06-01' ORDER BY c.id LIMIT 60",
                           NULL);

    while (cd_statement_step (stmt, NULL) == CD_STEP_ROW)
      g_ptr_array_add (people, cd_statement_dup_text (stmt, 0));
  }
  for (guint i = 0; i < people->len && served->len < 2; i++)
    {
      const char *argv[] = { cli (), "fetch", "--db", fixture->scratch, "--central",
                             cd_gateway_process_get_base_url (fixture->gateway), "--officer",
                             "cb01", "--office-credential-file", fixture->credential_file,
                             "--person", people->pdata[i], "--from", "2025-01-01", "--to",
                             "2026-11-20", "--json", "--trust-dir", fixture->trust, NULL };
      g_autofree char *out = NULL, *err = NULL;
      g_autofree char *sql = NULL;
      g_autofree char *record = NULL;
      g_autofree char *facility = NULL;
      g_autoptr(JsonNode) node = NULL;
      Served *one;

      test_run (argv, &out, &err);
      /* A certificate short enough for one paper (at most 30 days), and the facility that issued
       * it, from the visit summary of the same envelope. */
      sql = g_strdup_printf ("SELECT d.fields, (SELECT json_extract(v.fields, '$.MA_CSKCB')"
                             "  FROM documents v WHERE v.parent_id = d.parent_id"
                             "  AND v.kind = 'visit_summary')"
                             " FROM documents d JOIN persons p ON p.id = d.person_id"
                             " WHERE p.personal_id = '%s' AND d.kind = 'leave_certificate'"
                             " AND d.parse_status = 'parsed'"
                             " AND json_extract(d.fields, '$.SO_SERI') IS NOT NULL"
                             " AND json_extract(d.fields, '$.SO_NGAY_NGHI') BETWEEN 2 AND 29"
                             " ORDER BY d.id LIMIT 1", (char *) people->pdata[i]);
      if (!query_pair (fixture->scratch, sql, &record, &facility))
        continue;
      node = json_from_string (record, NULL);
      one = g_new0 (Served, 1);
      one->personal_id = g_strdup (people->pdata[i]);
      one->record = json_object_ref (json_node_get_object (node));
      one->facility = g_steal_pointer (&facility);
      g_ptr_array_add (served, one);
    }
  g_assert_cmpuint (served->len, ==, 2);
  return served;
}

/* Earlier, while central answered but the medical portal (and the other sources, on the same
 * dead address) did not, the office fetched the person: their record and contribution months are
 * in the store, their medical documents are not. */
static void
fetch_without_portal (Fixture    *fixture,
                      const char *personal_id)
{
  const char *argv[] = { cli (), "fetch", "--db", fixture->db_path, "--central",
                         cd_gateway_process_get_base_url (fixture->gateway), "--gateway",
                         "http://127.0.0.1:9", "--officer", "cb01", "--office-credential-file",
                         fixture->credential_file, "--person", personal_id, "--from",
                         "2025-01-01", "--to", "2026-11-20", "--trust-dir", fixture->trust,
                         NULL };
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM documents d JOIN persons p"
                                          " ON p.id = d.person_id WHERE p.personal_id = '%s'"
                                          " AND d.source_system = 'central'", personal_id);

  test_run (argv, &out, &err);
  g_assert_cmpint (query_int (fixture->db_path, sql), >, 0);
  g_free (sql);
  sql = g_strdup_printf ("SELECT count(*) FROM documents d JOIN persons p ON p.id = d.person_id"
                         " WHERE p.personal_id = '%s' AND d.source_system = 'medical'",
                         personal_id);
  g_assert_cmpint (query_int (fixture->db_path, sql), ==, 0);
}

/* What the officer types from the paper: each field of a paper leave certificate the record
 * holds, as text. */
static GHashTable *
paper_values (const Served *served)
{
  const CdPaperKind *kind = cd_paper_kind_find ("leave_certificate");
  GHashTable *values = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  for (const CdPaperField *field = kind->fields; field->name != NULL; field++)
    {
      JsonNode *node = json_object_get_member (served->record, field->name);

      if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
        continue;
      if (json_node_get_value_type (node) == G_TYPE_STRING)
        g_hash_table_insert (values, (gpointer) field->name, json_node_dup_string (node));
      else if (json_node_get_value_type (node) == G_TYPE_INT64)
        g_hash_table_insert (values, (gpointer) field->name,
                             g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node)));
    }
  if (!g_hash_table_contains (values, "MA_CSKCB") && served->facility != NULL)
    g_hash_table_insert (values, (gpointer) "MA_CSKCB", g_strdup (served->facility));
  return values;
}

static char *
day_after (const char *day)
{
  g_autofree char *iso = g_strdup_printf ("%sT00:00:00Z", day);
  g_autoptr(GDateTime) date = g_date_time_new_from_iso8601 (iso, NULL);
  g_autoptr(GDateTime) next = g_date_time_add_days (date, 1);

  return g_date_time_format (next, "%Y-%m-%d");
}

static gint64
record_paper (CdDatabase   *db,
              CdSession    *officer,
              const char   *personal_id,
              GHashTable   *values)
{
  CdPaperEntry entry = { "leave_certificate", personal_id, values, 0, NULL, NULL };
  g_autoptr(GPtrArray) invalid = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = cd_paper_document_save (db, officer, &entry, NULL, &invalid, &error);

  for (guint i = 0; invalid != NULL && i < invalid->len; i++)
    {
      CdPaperInvalid *one = g_ptr_array_index (invalid, i);

      g_printerr ("%s: %s\n", one->field, one->reason);
    }
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

/* Case detection proposes the case from the paper alone; the facts are built and evaluated; the
 * officer opens the claim with its evaluation and proposes it. */
static void
claim_from_paper (CdDatabase *db,
                  CdRulePack *pack,
                  CdSession  *officer,
                  const char *personal_id,
                  gint64      paper_id,
                  const char *number)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) proposals = cd_case_detect (db, personal_id, &error);
  CdCaseProposal *proposal = NULL;
  g_autoptr(CdFactsDraft) draft = NULL;
  g_autoptr(CdFacts) facts = NULL;
  g_autoptr(CdResult) result = NULL;
  g_autoptr(JsonNode) result_json = NULL;
  g_autofree char *facts_text = NULL;
  g_autofree char *result_text = NULL;
  CdClaimDraft claim = { 0 };

  g_assert_no_error (error);
  for (guint i = 0; i < proposals->len && proposal == NULL; i++)
    {
      CdCaseProposal *one = g_ptr_array_index (proposals, i);

      g_test_message ("%s: %s %s..%s from document %" G_GINT64_FORMAT, personal_id,
                      cd_benefit_to_string (one->benefit), one->from, one->to,
                      g_array_index (one->document_ids, gint64, 0));
      /* Sickness, or a sick child's when the certificate names the child as the patient. */
      if ((one->benefit == CD_BENEFIT_SICKNESS || one->benefit == CD_BENEFIT_CHILD_SICKNESS)
          && g_array_index (one->document_ids, gint64, 0) == paper_id)
        proposal = one;
    }
  g_assert_nonnull (proposal);
  draft = cd_facts_build (db, personal_id, proposal, TODAY, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cd_facts_draft_source_of (draft, "case.leave"), ==, paper_id);
  facts = cd_facts_parse_node (draft->facts, &error);
  g_assert_no_error (error);
  result = cd_rules_evaluate (pack, facts, &error);
  g_assert_no_error (error);
  g_assert_true (result->eligible);
  g_assert_cmpint (cd_result_get_total (result), >, 0);
  result_json = cd_result_to_json (result, facts->documents);
  facts_text = json_to_string (draft->facts, FALSE);
  result_text = json_to_string (result_json, FALSE);

  claim.number = number;
  claim.benefit = proposal->benefit;
  claim.claimant_id = personal_id;
  claim.child_id = proposal->child_id;
  claim.event_date = proposal->event_date;
  claim.period_from = proposal->from;
  claim.period_to = proposal->to;
  claim.received_on = 20261206;
  g_assert_cmpint (cd_workflow_open_evaluated_claim (db, officer, &claim, facts_text, result_text,
                                                     &error), >, 0);
  g_assert_no_error (error);
  g_assert_true (cd_workflow_propose (db, officer, number, NULL, &error));
  g_assert_no_error (error);
}

static void
approve (CdDatabase *db,
         CdSession  *first,
         CdSession  *second,
         const char *number)
{
  g_autoptr(GError) error = NULL;
  CdWorkflowApproval outcome;

  g_assert_true (cd_workflow_approve (db, first, number, &outcome, &error));
  g_assert_no_error (error);
  if (outcome == CD_WORKFLOW_APPROVAL_NEEDS_SECOND)
    {
      g_assert_true (cd_workflow_approve (db, second, number, &outcome, &error));
      g_assert_no_error (error);
    }
  g_assert_cmpint (outcome, ==, CD_WORKFLOW_APPROVAL_FINAL);
}

static CdSession *
sign_in (CdDatabase *db,
         const char *login)
{
  g_autoptr(GError) error = NULL;
  CdSession *session = cd_users_sign_in (db, login, CD_DEMO_PASSWORD, &error);

  g_assert_no_error (error);
  return session;
}

static int
run_cli (const char * const *argv,
         char              **out)
{
  g_autofree char *err = NULL;
  int status = test_run (argv, out, &err);

  if (status != 0 || (err != NULL && *err != '\0'))
    g_printerr ("%s: %s\n%s\n", argv[1], out != NULL && *out != NULL ? *out : "", err);
  return status;
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

/* A copy of the shipped rule pack as version `id`, in a folder of the test's: what central
 * publishes as next year's pack. */
static char *
copy_shipped_pack (Fixture    *fixture,
                   const char *id)
{
  g_autofree char *shipped = cd_rule_pack_default_dir ();
  char *dir = g_build_filename (fixture->dir, id, NULL);
  const char *folders[] = { "calendars", "golden" };
  g_autofree char *params = g_build_filename (shipped, "parameters.json", NULL);
  g_autofree char *text = NULL;
  g_autofree char *version = g_strdup_printf ("\"version\": \"%s\"", id);
  g_autoptr(GRegex) regex = g_regex_new ("\"version\": \"[^\"]*\"", 0, 0, NULL);
  g_autofree char *renamed = NULL;
  g_autofree char *params_to = g_build_filename (dir, "parameters.json", NULL);

  g_assert_true (g_file_get_contents (params, &text, NULL, NULL));
  renamed = g_regex_replace_literal (regex, text, -1, 0, version, G_REGEX_MATCH_DEFAULT, NULL);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (params_to, renamed, -1, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (folders); i++)
    {
      g_autofree char *from = g_build_filename (shipped, folders[i], NULL);
      g_autofree char *to = g_build_filename (dir, folders[i], NULL);
      g_autoptr(GDir) listing = g_dir_open (from, 0, NULL);
      const char *name;

      g_assert_cmpint (g_mkdir_with_parents (to, 0700), ==, 0);
      while ((name = g_dir_read_name (listing)) != NULL)
        {
          g_autofree char *source = g_build_filename (from, name, NULL);
          g_autofree char *target = g_build_filename (to, name, NULL);
          g_autofree char *contents = NULL;
          gsize length = 0;

          g_assert_true (g_file_get_contents (source, &contents, &length, NULL));
          g_assert_true (g_file_set_contents (target, contents, (gssize) length, NULL));
        }
    }
  return dir;
}

/* Central publishes a signed rule pack (POST /_control/rule-packs). */
static void
publish_pack (Fixture    *fixture,
              const char *id,
              const char *effective,
              const char *dir)
{
  g_autoptr(CdHttpClient) http = cd_http_client_new ();
  g_autofree char *url = g_strconcat (cd_gateway_process_get_base_url (fixture->gateway),
                                      "/_control/rule-packs", NULL);
  g_autoptr(CdHttpRequest) request = cd_http_request_new ("POST", url);
  g_autofree char *json = g_strdup_printf ("{\"id\": \"%s\", \"effective\": \"%s\", \"dir\":"
                                           " \"%s\", \"signature\": \"central\"}", id,
                                           effective, dir);
  g_autoptr(GBytes) body = g_bytes_new (json, strlen (json));
  g_autoptr(CdHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  cd_http_request_set_body (request, "application/json", body);
  response = cd_http_client_send (http, request, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (response->status, ==, 200);
}

static void
test_offline_day (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) served = served_certificates (fixture);
  const Served *copied = g_ptr_array_index (served, 0);
  const Served *mistyped = g_ptr_array_index (served, 1);
  g_autoptr(GHashTable) copy_values = paper_values (copied);
  g_autoptr(GHashTable) typo_values = paper_values (mistyped);
  const char *electronic_end = g_hash_table_lookup (typo_values, "DEN_NGAY");
  g_autofree char *electronic_end_kept = g_strdup (electronic_end);
  g_autofree char *paper_end = day_after (electronic_end);
  g_autofree char *pack_dir = cd_rule_pack_default_dir ();
  g_autofree char *bundle = g_build_filename (fixture->dir, "outbox.bundle", NULL);
  g_autofree char *receipts = g_build_filename (fixture->dir, "receipts.bundle", NULL);
  g_autofree char *packs_dir = g_build_filename (fixture->dir, "packs", NULL);
  g_autofree char *next_pack_dir = copy_shipped_pack (fixture, NEXT_PACK);
  g_autoptr(CdRulePack) pack = NULL;
  g_autoptr(GError) error = NULL;
  gint64 copy_id, typo_id, days;
  gint64 pending;

  /* The paper with the end a day later, and its days counted to match: a consistent paper that
   * differs from the portal's record. */
  days = g_ascii_strtoll (g_hash_table_lookup (typo_values, "SO_NGAY_NGHI"), NULL, 10);
  g_hash_table_insert (typo_values, (gpointer) "DEN_NGAY", g_strdup (paper_end));
  g_hash_table_insert (typo_values, (gpointer) "SO_NGAY_NGHI",
                       g_strdup_printf ("%" G_GINT64_FORMAT, days + 1));

  fetch_without_portal (fixture, copied->personal_id);
  fetch_without_portal (fixture, mistyped->personal_id);

  /* The link goes down. */
  g_clear_object (&fixture->gateway);
  pack = cd_rule_pack_load (pack_dir, &error);
  g_assert_no_error (error);

  {
    g_autoptr(CdDatabase) db = cd_database_open (fixture->db_path, &error);
    g_autoptr(CdSession) admin = NULL;
    g_autoptr(CdSession) officer = NULL;
    g_autoptr(CdSession) sup1 = NULL;
    g_autoptr(CdSession) sup2 = NULL;
    g_autoptr(GPtrArray) waiting = NULL;
    CdWorkflowApproval outcome;
    CdPaperRules rules;
    guint flagged = 0;

    g_assert_no_error (error);
    g_assert_true (cd_demo_accounts_ensure (db, &error));
    g_assert_no_error (error);
    admin = sign_in (db, CD_DEMO_ADMIN_LOGIN);
    officer = sign_in (db, "cb01");
    sup1 = sign_in (db, "gs01");
    sup2 = sign_in (db, "gs02");

    copy_id = record_paper (db, officer, copied->personal_id, copy_values);
    typo_id = record_paper (db, officer, mistyped->personal_id, typo_values);
    claim_from_paper (db, pack, officer, copied->personal_id, copy_id, "HS-OFF-0001");
    claim_from_paper (db, pack, officer, mistyped->personal_id, typo_id, "HS-OFF-0002");

    /* The supervisor sees, before approving, that both rest on paper not yet verified. */
    waiting = cd_approval_list_waiting (db, cd_session_get_user_id (sup1), &error);
    g_assert_no_error (error);
    for (guint i = 0; i < waiting->len; i++)
      {
        CdApprovalItem *item = g_ptr_array_index (waiting, i);

        if (g_str_has_prefix (item->claim_number, "HS-OFF-"))
          {
            g_assert_cmpuint (item->n_paper_unverified, ==, 1);
            g_assert_nonnull (item->paper_rule);
            flagged++;
          }
      }
    g_assert_cmpuint (flagged, ==, 2);

    /* The office's rule refuses by default; the administrator allows it for days like this. */
    g_assert_false (cd_workflow_approve (db, sup1, "HS-OFF-0001", &outcome, &error));
    g_assert_error (error, CD_WORKFLOW_ERROR, CD_WORKFLOW_ERROR_PAPER_UNVERIFIED);
    g_clear_error (&error);
    cd_office_settings_read_paper_rules (db, &rules);
    rules.allow_unverified = TRUE;
    g_assert_true (cd_office_settings_write_paper_rules (db, admin, &rules, &error));
    g_assert_no_error (error);
    approve (db, sup1, sup2, "HS-OFF-0001");
    approve (db, sup1, sup2, "HS-OFF-0002");
  }

  /* The outbox leaves on a stick. */
  {
    const char *argv[] = { cli (), "bundle", "export", "--db", fixture->db_path,
                           "--office-credential-file", fixture->credential_file, "--out", bundle,
                           NULL };
    g_autofree char *out = NULL;

    g_assert_cmpint (run_cli (argv, &out), ==, 0);
  }
  g_assert_cmpint (query_int (fixture->db_path, "SELECT count(*) FROM outbox o"
                                                " JOIN decisions d ON d.id = o.decision_id"
                                                " JOIN claims c ON c.id = d.claim_id"
                                                " WHERE c.number GLOB 'HS-OFF-*'"
                                                " AND o.state = 'sending'"), ==, 2);

  /* Central, up again and knowing the office from its register, files the bundle. It has
   * published next year's rule pack meanwhile: that comes back on the stick too. */
  start_central (fixture);
  publish_pack (fixture, NEXT_PACK, "2027-01-01", next_pack_dir);
  {
    g_autoptr(CdHttpClient) http = cd_http_client_new ();
    g_autofree char *url = g_strconcat (cd_gateway_process_get_base_url (fixture->gateway),
                                        "/central/bundles", NULL);
    g_autoptr(CdHttpRequest) request = cd_http_request_new ("POST", url);
    g_autoptr(CdHttpResponse) response = NULL;
    g_autoptr(GBytes) body = NULL;
    char *contents = NULL;
    gsize length = 0;

    g_assert_true (g_file_get_contents (bundle, &contents, &length, &error));
    body = g_bytes_new_take (contents, length);
    cd_http_request_set_body (request, "application/json", body);
    response = cd_http_client_send (http, request, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (response->status, ==, 200);
    g_assert_true (g_file_set_contents (receipts, g_bytes_get_data (response->body, NULL),
                                        (gssize) g_bytes_get_size (response->body), &error));
  }

  /* The receipts come back on the stick: every item acknowledged, the two claims synced. */
  {
    const char *argv[] = { cli (), "bundle", "import", "--db", fixture->db_path,
                           "--office-credential-file", fixture->credential_file,
                           "--packs-dir", packs_dir, "--trust-dir", fixture->trust, receipts,
                           NULL };
    g_autofree char *out = NULL;
    g_autofree char *manifest = g_build_filename (packs_dir, NEXT_PACK, "manifest.json", NULL);

    g_assert_cmpint (run_cli (argv, &out), ==, 0);
    g_assert_nonnull (strstr (out, "rule pack " NEXT_PACK ": installed"));
    g_assert_true (g_file_test (manifest, G_FILE_TEST_IS_REGULAR));
  }
  /* (The seeded store's history also holds items central refused long ago: they stay so.) */
  pending = query_int (fixture->db_path, "SELECT count(*) FROM outbox"
                                         " WHERE state IN ('queued', 'sending')");
  g_assert_cmpint (pending, ==, 0);
  g_assert_cmpint (query_int (fixture->db_path, "SELECT count(*) FROM outbox o"
                                                " JOIN decisions d ON d.id = o.decision_id"
                                                " JOIN claims c ON c.id = d.claim_id"
                                                " WHERE c.number GLOB 'HS-OFF-*'"
                                                " AND o.state = 'acknowledged'"
                                                " AND o.central_receipt IS NOT NULL"), ==, 2);
  g_assert_cmpint (query_int (fixture->db_path, "SELECT count(*) FROM claims"
                                                " WHERE number GLOB 'HS-OFF-*' AND status = 8"),
                   ==, 2);

  /* The link is back: deferred verification re-fetches and matches the paper. */
  {
    const char *argv[] = { cli (), "verify-paper", "--db", fixture->db_path, "--central",
                           cd_gateway_process_get_base_url (fixture->gateway), "--officer",
                           "cb01", "--office-credential-file", fixture->credential_file,
                           "--trust-dir", fixture->trust, "--json", NULL };
    g_autofree char *out = NULL;
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonArray *checks, *discrepancies;
    JsonObject *copy, *typo;
    gboolean end_differs = FALSE;

    g_assert_cmpint (run_cli (argv, &out), ==, 0);
    g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
    checks = json_node_get_array (json_parser_get_root (parser));
    copy = check_of (checks, copy_id);
    g_assert_cmpstr (json_object_get_string_member (copy, "outcome"), ==, "verified");
    typo = check_of (checks, typo_id);
    g_assert_cmpstr (json_object_get_string_member (typo, "outcome"), ==, "mismatch");
    discrepancies = json_object_get_array_member (typo, "discrepancies");
    for (guint i = 0; i < json_array_get_length (discrepancies); i++)
      {
        JsonObject *field = json_array_get_object_element (discrepancies, i);

        if (g_str_equal (json_object_get_string_member (field, "field"), "DEN_NGAY"))
          {
            g_assert_cmpstr (json_object_get_string_member (field, "paper"), ==, paper_end);
            g_assert_cmpstr (json_object_get_string_member (field, "electronic"), ==,
                             electronic_end_kept);
            end_differs = TRUE;
          }
      }
    g_assert_true (end_differs);
  }
  {
    g_autofree char *sql = g_strdup_printf ("SELECT group_concat(paper_state, ',') FROM"
                                            " (SELECT paper_state FROM documents"
                                            "  WHERE id IN (%" G_GINT64_FORMAT ", %"
                                            G_GINT64_FORMAT ") ORDER BY id)", copy_id, typo_id);
    g_autofree char *states = query_text (fixture->db_path, sql);

    g_assert_cmpstr (states, ==, "verified,mismatch");
  }

  /* Nothing recorded on the way was lost or rewritten. */
  {
    const char *argv[] = { cli (), "verify-audit", "--db", fixture->db_path, NULL };
    g_autofree char *out = NULL;

    g_assert_cmpint (run_cli (argv, &out), ==, 0);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/offline-office/day-without-a-link", Fixture, NULL, fixture_set_up,
              test_offline_day, fixture_tear_down);
  return g_test_run ();
}
