/* test-paper-verification.c — deferred verification of paper evidence, and the office rule on
 * approving decisions that rest on unverified paper. */
#include <string.h>

#include "cd-approval.h"
#include "cd-canonical-json.h"
#include "cd-claim-details.h"
#include "cd-office-settings.h"
#include "cd-paper-rule.h"
#include "cd-paper-verification.h"
#include "cd-statement.h"
#include "cd-workflow.h"
#include "paper-fixture.h"
#include "test-util.h"
#include "workflow-fixture.h"

#define PERSON "079190123456"
#define XML11_ROOT "CHI_TIEU_DU_LIEU_GIAY_CHUNG_NHAN_NGHI_VIEC_HUONG_BAO_HIEM_XA_HOI"
/* A leave certificate as the medical portal's envelope gives it, once split into its table. */
#define CERTIFICATE "{\"MA_LK\":\"LK0001\",\"SO_CT\":\"CT-77\",\"SO_SERI\":\"AB123456\"," \
                    "\"SO_NGAY_NGHI\":3,\"TU_NGAY\":\"2026-09-08\",\"DEN_NGAY\":\"2026-09-10\"," \
                    "\"MA_BS\":\"BS042\"}"
#define ALL_ANSWERED ((1u << CD_N_EVIDENCE_SOURCES) - 1)

/* An electronic leave certificate, stored as cd_evidence_store_save stores a table of an envelope:
 * an envelope row and the table's row pointing at it, its fields the record itself. */
static gint64
add_electronic (Store      *store,
                const char *record_json)
{
  g_autofree char *fields = cd_canonical_json_from_text (record_json, NULL);
  g_autofree char *sql = NULL;

  fx_exec (store, "INSERT INTO documents (person_id, kind, source_system, url, fetched_at, raw,"
                  " sha256, signature_status, parse_status, fields)"
                  " VALUES (1, 'envelope', 'medical', 'http://127.0.0.1/x', '2026-11-30T08:00:00Z',"
                  " X'3C782F3E',"
                  " '0000000000000000000000000000000000000000000000000000000000000000',"
                  " 'valid', 'parsed', '{}')");
  sql = g_strdup_printf ("INSERT INTO documents (person_id, kind, source_system, url, fetched_at,"
                         " raw, sha256, signature_status, parse_status, fields, parent_id)"
                         " VALUES (1, 'leave_certificate', 'medical', 'http://127.0.0.1/x',"
                         " '2026-11-30T08:00:00Z', CAST('%s' AS BLOB), '%s', 'valid', 'parsed',"
                         " '%s',"
                         " (SELECT max(id) FROM documents))",
                         fields, "1111111111111111111111111111111111111111111111111111111111111111",
                         fields);
  fx_exec (store, sql);
  return fx_int (store, "SELECT max(id) FROM documents");
}

static gint64
claim_id (Store *store,
          guint  n)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM claims WHERE number = '%s'",
                                          fx_claim (n));

  return fx_int (store, sql);
}

static gint64
add_paper (Store      *store,
           gint64      claim,
           const char *record_json)
{
  g_autofree char *fields = paper_fixture_medical_fields ("XML11", XML11_ROOT, record_json);

  return paper_fixture_add (store->db, PERSON, claim, "leave_certificate", fields, "cb01");
}

static char *
document_text (Store      *store,
               gint64      id,
               const char *column)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM documents WHERE id = %" G_GINT64_FORMAT,
                                          column, id);

  return fx_text (store, sql);
}

static CdPaperCheck *
only_check (GPtrArray *checks,
            gint64     document_id)
{
  for (guint i = 0; i < checks->len; i++)
    if (((CdPaperCheck *) checks->pdata[i])->document_id == document_id)
      return checks->pdata[i];
  g_assert_not_reached ();
}

static void
test_match (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  g_autofree char *state = NULL;
  g_autofree char *request = NULL;
  g_autofree char *expected = NULL;
  gint64 electronic, paper;
  CdPaperCheck *check;

  store_open (&store);
  electronic = add_electronic (&store, CERTIFICATE);
  paper = add_paper (&store, claim_id (&store, 1), CERTIFICATE);

  checks = cd_paper_verification_match (store.db, PERSON, ALL_ANSWERED, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (checks->len, ==, 1);
  check = only_check (checks, paper);
  g_assert_cmpint (check->outcome, ==, CD_PAPER_OUTCOME_VERIFIED);
  g_assert_cmpint (check->electronic_id, ==, electronic);
  g_assert_cmpstr (check->serial, ==, "AB123456");
  g_assert_true (check->changed);

  state = document_text (&store, paper, "paper_state");
  g_assert_cmpstr (state, ==, "verified");
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM documents WHERE paper_checked_at"
                                   " IS NOT NULL"), ==, 1);
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM verifications WHERE result = 'match'"
                                   " AND source = 'medical' AND discrepancies = '[]'"
                                   " AND claim_id IS NOT NULL"), ==, 1);
  request = fx_text (&store, "SELECT request FROM verifications");
  expected = g_strdup_printf ("{\"electronic_document_id\":%" G_GINT64_FORMAT
                              ",\"paper_document_id\":%" G_GINT64_FORMAT "}", electronic, paper);
  g_assert_cmpstr (request, ==, expected);
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM audit_log WHERE action = 'paper.verify'"),
                   ==, 1);
  store_close (&store);
}

/* A hospital's export may write the diagnosis with the dual classification's mark (G55.2*); the
 * paper prints the code. The same diagnosis, not a discrepancy. */
static void
test_diagnosis_mark_is_no_discrepancy (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  gint64 paper;

  store_open (&store);
  add_electronic (&store, "{\"MA_LK\":\"LK0001\",\"SO_CT\":\"CT-77\",\"SO_SERI\":\"AB123456\","
                          "\"SO_NGAY_NGHI\":3,\"TU_NGAY\":\"2026-09-08\","
                          "\"DEN_NGAY\":\"2026-09-10\",\"MA_BENH_CHINH\":\"G55.2*\"}");
  paper = add_paper (&store, claim_id (&store, 1),
                     "{\"MA_LK\":\"LK0001\",\"SO_CT\":\"CT-77\",\"SO_SERI\":\"AB123456\","
                     "\"SO_NGAY_NGHI\":3,\"TU_NGAY\":\"2026-09-08\",\"DEN_NGAY\":\"2026-09-10\","
                     "\"MA_BENH_CHINH\":\"G55.2\"}");
  checks = cd_paper_verification_match (store.db, PERSON, ALL_ANSWERED, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (only_check (checks, paper)->outcome, ==, CD_PAPER_OUTCOME_VERIFIED);
  store_close (&store);
}

static void
test_mismatch_side_by_side (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  g_autofree char *discrepancies = NULL;
  g_autofree char *state = NULL;
  CdPaperCheck *check;
  CdPaperDiscrepancy *d;
  gint64 paper;

  store_open (&store);
  add_electronic (&store, CERTIFICATE);
  /* The officer typed the end date and the number of days off the paper, which says more. */
  paper = add_paper (&store, 0,
                     "{\"MA_LK\":\"LK0001\",\"SO_CT\":\"CT-77\",\"SO_SERI\":\"AB123456\","
                     "\"SO_NGAY_NGHI\":5,\"TU_NGAY\":\"2026-09-08\",\"DEN_NGAY\":\"2026-09-12\"}");

  checks = cd_paper_verification_match (store.db, PERSON, ALL_ANSWERED, 0, &error);
  g_assert_no_error (error);
  check = only_check (checks, paper);
  g_assert_cmpint (check->outcome, ==, CD_PAPER_OUTCOME_MISMATCH);
  g_assert_cmpuint (check->discrepancies->len, ==, 2);
  d = check->discrepancies->pdata[0];
  g_assert_cmpstr (d->field, ==, "DEN_NGAY");
  g_assert_cmpstr (d->paper, ==, "\"2026-09-12\"");
  g_assert_cmpstr (d->electronic, ==, "\"2026-09-10\"");
  d = check->discrepancies->pdata[1];
  g_assert_cmpstr (d->field, ==, "SO_NGAY_NGHI");
  g_assert_cmpstr (d->paper, ==, "5");
  g_assert_cmpstr (d->electronic, ==, "3");

  state = document_text (&store, paper, "paper_state");
  g_assert_cmpstr (state, ==, "mismatch");
  discrepancies = fx_text (&store, "SELECT discrepancies FROM verifications"
                                   " WHERE result = 'mismatch' AND claim_id IS NULL");
  g_assert_cmpstr (discrepancies, ==,
                   "[{\"electronic\":\"2026-09-10\",\"field\":\"DEN_NGAY\","
                   "\"paper\":\"2026-09-12\"},"
                   "{\"electronic\":3,\"field\":\"SO_NGAY_NGHI\",\"paper\":5}]");
  store_close (&store);
}

/* Another serial on paper, the register's facility-less certificate with the same dates: the
 * serial itself is what differs. */
static void
test_same_dates_other_serial (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  CdPaperCheck *check;
  gint64 paper;

  store_open (&store);
  add_electronic (&store, CERTIFICATE);
  paper = add_paper (&store, 0, "{\"SO_SERI\":\"AB999999\",\"TU_NGAY\":\"2026-09-08\","
                                "\"DEN_NGAY\":\"2026-09-10\"}");
  checks = cd_paper_verification_match (store.db, PERSON, ALL_ANSWERED, 0, &error);
  g_assert_no_error (error);
  check = only_check (checks, paper);
  g_assert_cmpint (check->outcome, ==, CD_PAPER_OUTCOME_MISMATCH);
  g_assert_cmpuint (check->discrepancies->len, ==, 1);
  g_assert_cmpstr (((CdPaperDiscrepancy *) check->discrepancies->pdata[0])->field, ==, "SO_SERI");
  store_close (&store);
}

static void
test_not_found_and_unreachable (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) offline = NULL;
  g_autoptr(GPtrArray) online = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  CdPaperCheck *check;
  gint64 paper;

  store_open (&store);
  add_electronic (&store, CERTIFICATE);
  paper = add_paper (&store, 0, "{\"SO_SERI\":\"ZZ000001\",\"TU_NGAY\":\"2026-03-02\","
                                "\"DEN_NGAY\":\"2026-03-04\"}");

  /* The medical portal did not answer: nothing is decided, nothing is written. */
  offline = cd_paper_verification_match (store.db, PERSON,
                                         ALL_ANSWERED & ~(1u << CD_EVIDENCE_MEDICAL), 0, &error);
  g_assert_no_error (error);
  check = only_check (offline, paper);
  g_assert_cmpint (check->outcome, ==, CD_PAPER_OUTCOME_UNREACHABLE);
  g_assert_false (check->changed);
  g_assert_nonnull (check->message);
  before = document_text (&store, paper, "paper_state");
  g_assert_cmpstr (before, ==, "unverified");
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM verifications"), ==, 0);

  online = cd_paper_verification_match (store.db, PERSON, ALL_ANSWERED, 0, &error);
  g_assert_no_error (error);
  check = only_check (online, paper);
  g_assert_cmpint (check->outcome, ==, CD_PAPER_OUTCOME_NOT_FOUND);
  g_assert_cmpint (check->electronic_id, ==, 0);
  after = document_text (&store, paper, "paper_state");
  g_assert_cmpstr (after, ==, "not_found");
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM verifications WHERE result = 'not_found'"
                                   " AND request = '{\"electronic_document_id\":null,"
                                   "\"paper_document_id\":" "' || (SELECT max(id) FROM documents"
                                   " WHERE source_system = 'manual') || '}'"), ==, 1);
  store_close (&store);
}

static void
test_idempotent (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) second = NULL;
  g_autofree char *checked = NULL;
  g_autofree char *checked_again = NULL;
  gint64 paper, entries;

  store_open (&store);
  add_electronic (&store, CERTIFICATE);
  paper = add_paper (&store, 0, CERTIFICATE);
  first = cd_paper_verification_match (store.db, PERSON, ALL_ANSWERED, 0, &error);
  g_assert_no_error (error);
  checked = document_text (&store, paper, "paper_checked_at");
  entries = fx_int (&store, "SELECT count(*) FROM audit_log");

  g_usleep (G_USEC_PER_SEC + 1000);
  second = cd_paper_verification_match (store.db, PERSON, ALL_ANSWERED, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (only_check (second, paper)->outcome, ==, CD_PAPER_OUTCOME_VERIFIED);
  g_assert_false (only_check (second, paper)->changed);
  checked_again = document_text (&store, paper, "paper_checked_at");
  g_assert_cmpstr (checked_again, ==, checked);
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM verifications"), ==, 1);
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM audit_log"), ==, entries);
  store_close (&store);
}

static void
test_list_due (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GPtrArray) stale = NULL;
  g_autoptr(GPtrArray) paper = NULL;

  store_open (&store);
  /* Not stale when staleness is off; every undecided claim's claimant is when nothing was ever
   * fetched for them. */
  none = cd_paper_verification_list_due (store.db, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->len, ==, 0);
  stale = cd_paper_verification_list_due (store.db, 30, &error);
  g_assert_cmpuint (stale->len, ==, 1);
  g_assert_cmpstr (stale->pdata[0], ==, PERSON);

  add_paper (&store, 0, CERTIFICATE);
  paper = cd_paper_verification_list_due (store.db, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (paper->len, ==, 1);
  g_assert_cmpstr (paper->pdata[0], ==, PERSON);
  store_close (&store);
}

static void
set_rules (Store    *store,
           gboolean  allow,
           gint64    threshold)
{
  g_autoptr(GError) error = NULL;
  CdPaperRules rules;

  cd_office_settings_read_paper_rules (store->db, &rules);
  rules.allow_unverified = allow;
  rules.second_threshold = threshold;
  g_assert_true (cd_office_settings_write_paper_rules (store->db, fx_admin, &rules, &error));
  g_assert_no_error (error);
}

static void
test_rules_audited (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  CdPaperRules rules;
  gint64 entries;

  store_open (&store);
  cd_office_settings_read_paper_rules (store.db, &rules);
  g_assert_false (rules.allow_unverified);
  g_assert_cmpint (rules.second_threshold, ==, CD_DEFAULT_PAPER_THRESHOLD);
  g_assert_cmpuint (rules.payout_alive_days, ==, CD_DEFAULT_PAYOUT_ALIVE_DAYS);

  rules.allow_unverified = TRUE;
  g_assert_false (cd_office_settings_write_paper_rules (store.db, fx_sup1, &rules, &error));
  g_assert_error (error, CD_USERS_ERROR, CD_USERS_ERROR_NOT_ALLOWED);
  g_clear_error (&error);

  entries = fx_int (&store, "SELECT count(*) FROM audit_log WHERE action = 'settings.change'");
  g_assert_true (cd_office_settings_write_paper_rules (store.db, fx_admin, &rules, &error));
  g_assert_true (cd_office_settings_write_paper_rules (store.db, fx_admin, &rules, &error));
  g_assert_no_error (error);
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM audit_log WHERE action ="
                                   " 'settings.change' AND json_extract(after,"
                                   " '$.paper_unverified_approval') = 'allow'"), ==, entries + 1);
  cd_office_settings_read_paper_rules (store.db, &rules);
  g_assert_true (rules.allow_unverified);

  rules.second_threshold = -1;
  g_assert_false (cd_office_settings_write_paper_rules (store.db, fx_admin, &rules, &error));
  g_assert_error (error, CD_OFFICE_SETTINGS_ERROR, CD_OFFICE_SETTINGS_ERROR_INVALID);
  store_close (&store);
}

static void
test_rule_refuses (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  CdWorkflowApproval outcome;
  g_autoptr(GPtrArray) checks = NULL;

  store_open (&store);
  fx_to_proposed (&store, fx_claim (1), 1000000, fx_officer);
  add_paper (&store, claim_id (&store, 1), CERTIFICATE);

  g_assert_false (cd_workflow_approve (store.db, fx_sup1, fx_claim (1), &outcome, &error));
  g_assert_error (error, CD_WORKFLOW_ERROR, CD_WORKFLOW_ERROR_PAPER_UNVERIFIED);
  g_assert_nonnull (strstr (error->message, fx_claim (1)));
  g_clear_error (&error);
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM approvals"), ==, 0);

  /* Once verification confirms the paper, the same approval goes through. */
  add_electronic (&store, CERTIFICATE);
  checks = cd_paper_verification_match (store.db, PERSON, ALL_ANSWERED, 0, &error);
  g_assert_no_error (error);
  g_assert_true (cd_workflow_approve (store.db, fx_sup1, fx_claim (1), &outcome, &error));
  g_assert_no_error (error);
  g_assert_cmpint (outcome, ==, CD_WORKFLOW_APPROVAL_FINAL);
  store_close (&store);
}

/* A claim opened from paper is linked to it only later: until then the claimant's unlinked paper
 * counts, so the rule cannot be slipped past by a document no one linked. Paper already linked
 * to another claim does not. */
static void
test_rule_counts_unlinked_paper (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  CdWorkflowApproval outcome;
  CdPaperCount count;

  store_open (&store);
  fx_to_proposed (&store, fx_claim (1), 1000000, fx_officer);
  add_paper (&store, 0, CERTIFICATE);
  g_assert_true (cd_paper_rule_count (store.db, claim_id (&store, 1), &count, &error));
  g_assert_cmpuint (count.unverified, ==, 1);
  g_assert_false (cd_workflow_approve (store.db, fx_sup1, fx_claim (1), &outcome, &error));
  g_assert_error (error, CD_WORKFLOW_ERROR, CD_WORKFLOW_ERROR_PAPER_UNVERIFIED);
  g_clear_error (&error);

  fx_exec (&store, "UPDATE documents SET claim_id = (SELECT id FROM claims WHERE number = '"
                   "HS-T-0002') WHERE source_system = 'manual'");
  g_assert_true (cd_paper_rule_count (store.db, claim_id (&store, 1), &count, &error));
  g_assert_cmpuint (count.unverified, ==, 0);
  store_close (&store);
}

static void
test_rule_allows (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  CdWorkflowApproval outcome;

  store_open (&store);
  set_rules (&store, TRUE, 5000000);
  fx_to_proposed (&store, fx_claim (1), 1000000, fx_officer);
  add_paper (&store, claim_id (&store, 1), CERTIFICATE);
  g_assert_true (cd_workflow_approve (store.db, fx_sup1, fx_claim (1), &outcome, &error));
  g_assert_no_error (error);
  g_assert_cmpint (outcome, ==, CD_WORKFLOW_APPROVAL_FINAL);
  store_close (&store);
}

/* Below the office's two-supervisor threshold, above the paper one: a second supervisor. */
static void
test_rule_second_supervisor (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  CdWorkflowApproval outcome;

  store_open (&store);
  set_rules (&store, TRUE, 2000000);
  g_assert_cmpint (cd_workflow_get_approval_threshold (store.db), >, 3000000);
  fx_to_proposed (&store, fx_claim (1), 3000000, fx_officer);
  fx_to_proposed (&store, fx_claim (2), 3000000, fx_officer);
  add_paper (&store, claim_id (&store, 1), CERTIFICATE);

  g_assert_true (cd_workflow_approve (store.db, fx_sup1, fx_claim (1), &outcome, &error));
  g_assert_no_error (error);
  g_assert_cmpint (outcome, ==, CD_WORKFLOW_APPROVAL_NEEDS_SECOND);
  g_assert_true (cd_workflow_approve (store.db, fx_sup2, fx_claim (1), &outcome, &error));
  g_assert_no_error (error);
  g_assert_cmpint (outcome, ==, CD_WORKFLOW_APPROVAL_FINAL);

  /* The same amount without paper needs one. */
  g_assert_true (cd_workflow_approve (store.db, fx_sup1, fx_claim (2), &outcome, &error));
  g_assert_cmpint (outcome, ==, CD_WORKFLOW_APPROVAL_FINAL);
  store_close (&store);
}

static CdApprovalItem *
queued (GPtrArray  *items,
        const char *number)
{
  for (guint i = 0; i < items->len; i++)
    if (g_str_equal (((CdApprovalItem *) items->pdata[i])->claim_number, number))
      return items->pdata[i];
  g_assert_not_reached ();
}

static void
test_queue_flag (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  CdApprovalItem *item;

  store_open (&store);
  fx_to_proposed (&store, fx_claim (1), 1000000, fx_officer);
  fx_to_proposed (&store, fx_claim (2), 1000000, fx_officer);
  add_paper (&store, claim_id (&store, 1), "{\"SO_SERI\":\"AB123456\",\"TU_NGAY\":\"2026-09-08\","
                                            "\"DEN_NGAY\":\"2026-09-12\"}");

  items = cd_approval_list_waiting (store.db, cd_session_get_user_id (fx_sup1), &error);
  g_assert_no_error (error);
  item = queued (items, fx_claim (1));
  g_assert_cmpuint (item->n_paper_unverified, ==, 1);
  g_assert_cmpuint (item->n_paper_mismatch, ==, 0);
  g_assert_nonnull (item->paper_rule);
  g_assert_nonnull (strstr (item->paper_rule, "cannot be approved"));
  item = queued (items, fx_claim (2));
  g_assert_cmpuint (item->n_paper_unverified + item->n_paper_mismatch, ==, 0);
  g_assert_null (item->paper_rule);

  add_electronic (&store, CERTIFICATE);
  checks = cd_paper_verification_match (store.db, PERSON, ALL_ANSWERED, 0, &error);
  g_assert_no_error (error);
  after = cd_approval_list_waiting (store.db, cd_session_get_user_id (fx_sup1), &error);
  item = queued (after, fx_claim (1));
  g_assert_cmpuint (item->n_paper_unverified, ==, 0);
  g_assert_cmpuint (item->n_paper_mismatch, ==, 1);
  store_close (&store);
}

/* The claim view's read model: paper the verification did not confirm, with both versions. */
static void
test_claim_details (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  g_autoptr(CdClaimDetails) before = NULL;
  g_autoptr(CdClaimDetails) after = NULL;
  CdDetailsPaper *paper;
  CdDetailsPaperField *field;

  store_open (&store);
  add_paper (&store, claim_id (&store, 1), "{\"SO_SERI\":\"AB123456\",\"TU_NGAY\":\"2026-09-08\","
                                            "\"DEN_NGAY\":\"2026-09-12\"}");
  before = cd_claim_details_load (store.db, fx_claim (1), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (before->paper->len, ==, 1);
  paper = before->paper->pdata[0];
  g_assert_cmpstr (paper->paper_state, ==, "unverified");
  g_assert_cmpstr (paper->entered_by, ==, "Nguyễn Văn An");
  g_assert_cmpuint (paper->fields->len, ==, 0);

  add_electronic (&store, CERTIFICATE);
  checks = cd_paper_verification_match (store.db, PERSON, ALL_ANSWERED, 0, &error);
  g_assert_no_error (error);
  after = cd_claim_details_load (store.db, fx_claim (1), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->paper->len, ==, 1);
  paper = after->paper->pdata[0];
  g_assert_cmpstr (paper->paper_state, ==, "mismatch");
  g_assert_nonnull (paper->checked_at);
  g_assert_cmpuint (paper->fields->len, ==, 1);
  field = paper->fields->pdata[0];
  g_assert_cmpstr (field->field, ==, "DEN_NGAY");
  g_assert_cmpstr (field->paper, ==, "\"2026-09-12\"");
  g_assert_cmpstr (field->electronic, ==, "\"2026-09-10\"");
  store_close (&store);
}

static void
on_run_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GPtrArray **checks = user_data;
  g_autoptr(GError) error = NULL;

  *checks = cd_paper_verification_run_finish (result, &error);
  g_assert_no_error (error);
}

/* The background pass opens its connection without the integrity check: the workstation's writer
 * checked the file, and a check reads every page (12.6 s of a core at a million claims, at every
 * pass; issue 20). Seen in the statements CLAIMDESK_TRACE_SQL prints. */
static void
test_pass_skips_the_integrity_check (void)
{
  if (g_test_subprocess ())
    {
      Store store;
      g_autoptr(CdHttpClient) http = cd_http_client_new ();
      g_autoptr(CdCentralClient) central = NULL;
      g_autoptr(CdEvidenceFetcher) fetcher = NULL;
      g_autoptr(GPtrArray) checks = NULL;

      store_open (&store);
      /* Only connections opened from now on print their statements: the pass's. */
      g_setenv ("CLAIMDESK_TRACE_SQL", "1", TRUE);
      /* Nobody is due, so nothing is fetched: no gateway needed. */
      central = cd_central_client_new (http, "https://127.0.0.1:9", NULL, "cb01");
      fetcher = cd_evidence_fetcher_new (http, "https://127.0.0.1:9", central, "cb01");
      cd_paper_verification_run_async (store.path, fetcher, NULL, NULL, 0, NULL, on_run_done,
                                       &checks);
      while (checks == NULL)
        g_main_context_iteration (NULL, TRUE);
      g_assert_cmpuint (checks->len, ==, 0);
      store_close (&store);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  /* The pass did run its statements on its connection, and none of them was the check. */
  g_test_trap_assert_stderr ("*paper*");
  g_test_trap_assert_stderr_unmatched ("*quick_check*");
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  fixture_init ();
  g_test_add_func ("/paper/match", test_match);
  g_test_add_func ("/paper/mismatch-side-by-side", test_mismatch_side_by_side);
  g_test_add_func ("/paper/diagnosis-mark-is-no-discrepancy",
                   test_diagnosis_mark_is_no_discrepancy);
  g_test_add_func ("/paper/same-dates-other-serial", test_same_dates_other_serial);
  g_test_add_func ("/paper/not-found-and-unreachable", test_not_found_and_unreachable);
  g_test_add_func ("/paper/idempotent", test_idempotent);
  g_test_add_func ("/paper/list-due", test_list_due);
  g_test_add_func ("/paper/rules-audited", test_rules_audited);
  g_test_add_func ("/paper/rule-refuses", test_rule_refuses);
  g_test_add_func ("/paper/rule-counts-unlinked-paper", test_rule_counts_unlinked_paper);
  g_test_add_func ("/paper/rule-allows", test_rule_allows);
  g_test_add_func ("/paper/rule-second-supervisor", test_rule_second_supervisor);
  g_test_add_func ("/paper/queue-flag", test_queue_flag);
  g_test_add_func ("/paper/claim-details", test_claim_details);
  g_test_add_func ("/paper/pass-skips-the-integrity-check", test_pass_skips_the_integrity_check);
  status = g_test_run ();
  fixture_shutdown ();
  return status;
}
