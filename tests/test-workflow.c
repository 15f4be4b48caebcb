/* test-workflow.c — the claim state machine, opening a claim, segregation of duties, the
 * two-supervisor threshold and the single-transaction freeze. */
#include "cd-audit-log.h"
#include "cd-canonical-json.h"
#include "cd-decision.h"
#include "cd-workflow.h"
#include "test-util.h"
#include "workflow-fixture.h"

/* Extended result codes are on; the tests look at the primary one. */

static const char *
status_of (Store      *store,
           const char *number)
{
  g_autofree char *sql = g_strdup_printf ("SELECT status FROM claims WHERE number = '%s'", number);

  return cd_claim_status_to_string ((CdClaimStatus) fx_int (store, sql));
}

/* Runs `action` on a claim as `session` with whatever text it needs. */
static gboolean
act (Store            *store,
     CdWorkflowAction  action,
     CdSession        *session,
     const char       *number,
     GError          **error)
{
  g_autofree char *result = fx_result_json (1000000);

  switch (action)
    {
    case CD_WORKFLOW_ACTION_COMPLETE_EVIDENCE:
      return cd_workflow_complete_evidence (store->db, session, number, error);
    case CD_WORKFLOW_ACTION_EVALUATE:
      return cd_workflow_record_evaluation (store->db, session, number, "{}", result, error);
    case CD_WORKFLOW_ACTION_PROPOSE:
      return cd_workflow_propose (store->db, session, number, NULL, error);
    case CD_WORKFLOW_ACTION_APPROVE:
      return cd_workflow_approve (store->db, session, number, NULL, error);
    case CD_WORKFLOW_ACTION_RETURN:
      return cd_workflow_return (store->db, session, number, "Thiếu giấy ra viện", error);
    case CD_WORKFLOW_ACTION_REJECT:
      return cd_workflow_reject (store->db, session, number, "Không đủ điều kiện", error);
    case CD_WORKFLOW_ACTION_MARK_SYNCED:
      return cd_workflow_mark_synced (store->db, number, "TW-0000000001", error);
    case CD_WORKFLOW_ACTION_REFUSE_BY_CENTRAL:
      return cd_workflow_refuse_by_central (store->db, number, "Sai mã số", error);
    case CD_WORKFLOW_ACTION_REOPEN:
      return cd_workflow_reopen (store->db, session, number, error);
    case CD_WORKFLOW_ACTION_AMEND:
      return cd_workflow_amend (store->db, session, number, "Chậm báo tăng lương", error);
    case CD_WORKFLOW_ACTION_QUEUE:
    case CD_WORKFLOW_ACTION_OPEN:
    case CD_N_WORKFLOW_ACTIONS:
    default:
      g_assert_not_reached ();
    }
}

/* Every (status, action) pair the table does not list is refused as illegal, before anything else
 * is looked at, and changes nothing. */
static void
test_illegal_transitions (void)
{
  Store store;
  guint refused = 0;

  store_open (&store);
  for (guint s = 0; s < CD_N_CLAIM_STATUSES; s++)
    for (guint a = 0; a < CD_N_WORKFLOW_ACTIONS; a++)
      {
        g_autoptr(GError) error = NULL;
        g_autofree char *set = NULL;
        CdSession *who = a == CD_WORKFLOW_ACTION_APPROVE || a == CD_WORKFLOW_ACTION_RETURN
                         || a == CD_WORKFLOW_ACTION_REJECT ? fx_sup1 : fx_officer;

        /* Queueing happens inside an approval; opening makes a claim that is not there yet. */
        if (a == CD_WORKFLOW_ACTION_QUEUE || a == CD_WORKFLOW_ACTION_OPEN
            || cd_workflow_find_transition ((CdClaimStatus) s, (CdWorkflowAction) a) != NULL)
          continue;
        set = g_strdup_printf ("UPDATE claims SET status = %u WHERE number = 'HS-T-0001'", s);
        fx_exec (&store, set);
        g_assert_false (act (&store, (CdWorkflowAction) a, who, fx_claim (1), &error));
        g_assert_error (error, CD_WORKFLOW_ERROR, CD_WORKFLOW_ERROR_ILLEGAL);
        /* The message names the claim, its status and the action. */
        g_assert_nonnull (strstr (error->message, "HS-T-0001"));
        g_assert_nonnull (strstr (error->message, cd_claim_status_to_string ((CdClaimStatus) s)));
        g_assert_nonnull (strstr (error->message,
                                  cd_workflow_action_get_label ((CdWorkflowAction) a)));
        g_assert_cmpstr (status_of (&store, fx_claim (1)), ==,
                         cd_claim_status_to_string ((CdClaimStatus) s));
        refused++;
      }
  g_assert_cmpuint (refused, ==, CD_N_CLAIM_STATUSES * (CD_N_WORKFLOW_ACTIONS - 2) - 15);
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM audit_log"), ==, 6);
  store_close (&store);
}

/* Every row of the table, walked through the real API, lands where the row says. */
static void
test_every_legal_transition (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  guint n;
  const CdWorkflowTransition *table = cd_workflow_get_transitions (&n);
  guint walked = 0;

  store_open (&store);
  for (guint i = 0; i < n; i++)
    {
      const CdWorkflowTransition *t = &table[i];
      const char *number = fx_claim (1 + i % FIXTURE_N_CLAIMS);
      g_autofree char *reset = NULL;
      CdSession *who = (t->roles & CD_ROLE_BIT (CD_ROLE_OFFICER)) ? fx_officer : fx_sup2;

      if (t->action == CD_WORKFLOW_ACTION_QUEUE)
        continue;  /* inside approve */

      /* Bring a claim to `from` the way the workflow would, with a proposal where one is needed. */
      reset = g_strdup_printf ("UPDATE claims SET status = 0 WHERE number = '%s';"
                               "UPDATE decisions SET state = 'superseded' WHERE frozen_at IS NULL"
                               " AND claim_id = (SELECT id FROM claims WHERE number = '%s')",
                               number, number);
      fx_exec (&store, reset);
      fx_to_proposed (&store, number, 1000000, fx_sup1);
      switch (t->from)
        {
        case CD_CLAIM_STATUS_PROPOSED:
          break;
        case CD_CLAIM_STATUS_QUEUED:
          g_assert_true (cd_workflow_approve (store.db, fx_sup2, number, NULL, &error));
          break;
        case CD_CLAIM_STATUS_RETURNED:
          g_assert_true (cd_workflow_return (store.db, fx_sup2, number, "sửa lại", &error));
          break;
        case CD_CLAIM_STATUS_REOPENED:
          g_assert_true (cd_workflow_approve (store.db, fx_sup2, number, NULL, &error));
          g_assert_true (cd_workflow_refuse_by_central (store.db, number, "sai", &error));
          break;
        case CD_CLAIM_STATUS_SYNCED:
          g_assert_true (cd_workflow_approve (store.db, fx_sup2, number, NULL, &error));
          g_assert_true (cd_workflow_mark_synced (store.db, number, "TW-1", &error));
          break;
        case CD_CLAIM_STATUS_DRAFT:
        case CD_CLAIM_STATUS_EVIDENCE_COMPLETE:
        case CD_CLAIM_STATUS_EVALUATED:
        case CD_CLAIM_STATUS_REFUSED:
          {
            g_autofree char *set = g_strdup_printf (
                "UPDATE claims SET status = %d WHERE number = '%s'", (int) t->from, number);
            fx_exec (&store, set);
          }
          break;
        case CD_CLAIM_STATUS_APPROVED:
        case CD_CLAIM_STATUS_REJECTED:
        case CD_N_CLAIM_STATUSES:
        default:
          g_assert_not_reached ();
        }
      g_assert_no_error (error);
      g_assert_cmpstr (status_of (&store, number), ==, cd_claim_status_to_string (t->from));

      g_assert_true (act (&store, t->action, who, number, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (status_of (&store, number), ==,
                       cd_claim_status_to_string (t->action == CD_WORKFLOW_ACTION_APPROVE
                                                  ? CD_CLAIM_STATUS_QUEUED : t->to));
      walked++;
    }
  g_assert_cmpuint (walked, ==, n - 1);
  store_close (&store);
}

static void
test_happy_path_freezes (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *canonical = NULL;
  g_autofree char *uuid = NULL;
  CdWorkflowApproval outcome = CD_WORKFLOW_APPROVAL_NEEDS_SECOND;

  store_open (&store);
  fx_to_proposed (&store, fx_claim (2), 1406250, fx_officer);
  g_assert_cmpstr (status_of (&store, fx_claim (2)), ==, "proposed");
  g_assert_true (cd_workflow_approve (store.db, fx_sup1, fx_claim (2), &outcome, &error));
  g_assert_no_error (error);
  g_assert_cmpint (outcome, ==, CD_WORKFLOW_APPROVAL_FINAL);
  g_assert_cmpstr (status_of (&store, fx_claim (2)), ==, "queued");

  payload = fx_text (&store, "SELECT payload FROM decisions WHERE state = 'approved'");
  sha = fx_text (&store, "SELECT payload_sha256 FROM decisions WHERE state = 'approved'");
  uuid = fx_text (&store, "SELECT uuid FROM decisions WHERE state = 'approved'");
  canonical = cd_canonical_json_from_text (payload, &error);
  g_assert_no_error (error);
  /* Stored canonical, hashed as stored. */
  g_assert_cmpstr (canonical, ==, payload);
  {
    g_autofree char *computed = cd_sha256_hex (payload, strlen (payload));
    g_assert_cmpstr (computed, ==, sha);
  }
  g_assert_true (g_uuid_string_is_valid (uuid));
  g_assert_cmpint (uuid[14], ==, '4');
  g_assert_nonnull (strstr (payload, "\"claim\":\"HS-T-0002\""));
  g_assert_nonnull (strstr (payload, "\"personal_id\":\"079190123456\""));
  g_assert_nonnull (strstr (payload, "\"days\":\"2.50\""));
  g_assert_nonnull (strstr (payload, "\"total\":1406250"));
  g_assert_nonnull (strstr (payload, "\"rulepack\":\"vn-si-2024+2026.07\""));
  g_assert_nonnull (strstr (payload, "\"approvers\":[{\"approved_at\""));
  g_assert_nonnull (strstr (payload, "\"login\":\"gs01\""));
  g_assert_nonnull (strstr (payload, "\"proposed_by\":\"cb01\""));

  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM outbox WHERE state = 'queued'"
                                   " AND decision_id = (SELECT id FROM decisions"
                                   "                    WHERE state = 'approved')"), ==, 1);
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM audit_log WHERE action = 'approve'"
                                   " AND user_id = (SELECT id FROM users WHERE login = 'gs01')"),
                   ==, 1);
  /* A frozen decision cannot change, even through SQL. */
  g_assert_true (fx_refused (&store, "UPDATE decisions SET amount = 1 WHERE state = 'approved'",
                             NULL));
  g_assert_true (fx_refused (&store, "DELETE FROM decisions WHERE state = 'approved'", NULL));

  g_assert_true (cd_workflow_mark_synced (store.db, fx_claim (2), "TW-0000000042", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (status_of (&store, fx_claim (2)), ==, "synced");
  store_close (&store);
}

/* The payload is written canonical by hand (a million seeded decisions go through it): a name with
 * control characters in it (a pasted line break, a tab) must still come out as its own canonical
 * form, or its hash would not be the decision's; a missing SI code or office is null. */
static void
test_decision_payload_is_canonical (void)
{
  CdDecisionApprover approver = { "gs01", "Trần\tThị\x1f" "B", "2026-03-10T15:00:00Z" };
  CdDecisionFacts facts = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *canonical = NULL;

  facts.uuid = "00000000-0000-4000-8000-000000000001";
  facts.claim_number = "HS-2026-00000001";
  facts.benefit = "sickness";
  facts.claimant_name = "Nguyễn Văn\nAn\t\"Út\"\\\x01";
  facts.personal_id = "079190012345";
  facts.period_from = "2026-03-02";
  facts.period_to = "2026-03-06";
  facts.result_json = "{\"eligible\": true, \"lines\": [{\"code\": \"sickness.days\","
                      " \"days\": 2.5, \"amount\": 1406250}], \"total\": 1406250,"
                      " \"rulepack\": \"vn-si-2024+2026.07\"}";
  facts.amount = 1406250;
  facts.proposed_by = "cb01";
  facts.approvers = &approver;
  facts.n_approvers = 1;
  facts.decided_at = "2026-03-10T15:00:00Z";

  payload = cd_decision_payload (&facts, &error);
  g_assert_no_error (error);
  canonical = cd_canonical_json_from_text (payload, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (payload, ==, canonical);
  g_assert_nonnull (strstr (payload, "\"name\":\"Nguyễn Văn\\nAn\\t\\\"Út\\\"\\\\\\u0001\""));
  g_assert_nonnull (strstr (payload, "\"name\":\"Trần\\tThị\\u001fB\""));
  g_assert_nonnull (strstr (payload, "\"si_code\":null"));
  g_assert_nonnull (strstr (payload, "\"office\":null"));
  g_assert_nonnull (strstr (payload, "\"days\":\"2.50\""));
}

static void
test_return_needs_comment (void)
{
  Store store;
  g_autoptr(GError) error = NULL;

  store_open (&store);
  fx_to_proposed (&store, fx_claim (3), 900000, fx_officer);
  g_assert_false (cd_workflow_return (store.db, fx_sup1, fx_claim (3), NULL, &error));
  g_assert_error (error, CD_WORKFLOW_ERROR, CD_WORKFLOW_ERROR_COMMENT_REQUIRED);
  g_clear_error (&error);
  g_assert_false (cd_workflow_return (store.db, fx_sup1, fx_claim (3), "  \n", &error));
  g_assert_error (error, CD_WORKFLOW_ERROR, CD_WORKFLOW_ERROR_COMMENT_REQUIRED);
  g_clear_error (&error);
  g_assert_cmpstr (status_of (&store, fx_claim (3)), ==, "proposed");

  g_assert_true (cd_workflow_return (store.db, fx_sup1, fx_claim (3), "Thiếu giấy", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (status_of (&store, fx_claim (3)), ==, "returned");
  {
    g_autofree char *note = fx_text (&store, "SELECT status_note FROM claims"
                                             " WHERE number = 'HS-T-0003'");
    g_assert_cmpstr (note, ==, "Thiếu giấy");
  }
  /* The officer proposes again; the returned proposal is superseded. */
  g_assert_true (cd_workflow_propose (store.db, fx_officer, fx_claim (3), "đã bổ sung", &error));
  g_assert_no_error (error);
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM decisions WHERE state = 'proposed'"), ==,
                   1);
  store_close (&store);
}

static void
test_reject_needs_reason (void)
{
  Store store;
  g_autoptr(GError) error = NULL;

  store_open (&store);
  fx_to_proposed (&store, fx_claim (4), 900000, fx_officer);
  g_assert_false (cd_workflow_reject (store.db, fx_sup1, fx_claim (4), "", &error));
  g_assert_error (error, CD_WORKFLOW_ERROR, CD_WORKFLOW_ERROR_REASON_REQUIRED);
  g_clear_error (&error);
  g_assert_cmpstr (status_of (&store, fx_claim (4)), ==, "proposed");
  g_assert_true (cd_workflow_reject (store.db, fx_sup1, fx_claim (4), "Nghỉ trùng", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (status_of (&store, fx_claim (4)), ==, "rejected");
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM decisions WHERE state = 'rejected'"), ==,
                   1);
  store_close (&store);
}

static void
test_roles (void)
{
  Store store;
  g_autoptr(GError) error = NULL;

  store_open (&store);
  g_assert_false (cd_workflow_complete_evidence (store.db, fx_admin, fx_claim (5), &error));
  g_assert_error (error, CD_WORKFLOW_ERROR, CD_WORKFLOW_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  fx_to_proposed (&store, fx_claim (5), 900000, fx_officer);
  /* An officer never approves, even someone else's proposal. */
  g_assert_false (cd_workflow_approve (store.db, fx_officer2, fx_claim (5), NULL, &error));
  g_assert_error (error, CD_WORKFLOW_ERROR, CD_WORKFLOW_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  /* Nor does anyone signed in act as the sync worker. */
  g_assert_false (cd_workflow_mark_synced (store.db, fx_claim (5), "", &error));
  g_assert_error (error, CD_WORKFLOW_ERROR, CD_WORKFLOW_ERROR_ILLEGAL);
  g_clear_error (&error);
  g_assert_false (cd_workflow_approve (store.db, fx_sup1, "HS-T-9999", NULL, &error));
  g_assert_error (error, CD_WORKFLOW_ERROR, CD_WORKFLOW_ERROR_NOT_FOUND);
  store_close (&store);
}

/* A supervisor who proposed is the proposer: they cannot approve, whatever their role. */
static void
test_segregation_in_core (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  gint64 entries;

  store_open (&store);
  fx_to_proposed (&store, fx_claim (6), 900000, fx_sup1);
  entries = fx_int (&store, "SELECT count(*) FROM audit_log");
  g_assert_false (cd_workflow_approve (store.db, fx_sup1, fx_claim (6), NULL, &error));
  g_assert_error (error, CD_WORKFLOW_ERROR, CD_WORKFLOW_ERROR_SEGREGATION);
  g_assert_nonnull (strstr (error->message, "HS-T-0006"));
  g_clear_error (&error);
  g_assert_cmpstr (status_of (&store, fx_claim (6)), ==, "proposed");
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM approvals"), ==, 0);
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM audit_log"), ==, entries);

  g_assert_true (cd_workflow_approve (store.db, fx_sup2, fx_claim (6), NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (status_of (&store, fx_claim (6)), ==, "queued");
  store_close (&store);
}

/* With core bypassed, the file itself refuses the proposer as approver, and every way round it. */
static void
test_segregation_in_database (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  char *message = NULL;

  store_open (&store);
  fx_to_proposed (&store, fx_claim (7), 900000, fx_sup1);

  g_assert_true (fx_refused (&store, "INSERT INTO approvals"
                             " (decision_id, approver_id, approved_at)"
                             " SELECT id, proposed_by, '2026-11-22T00:00:00Z'"
                             " FROM decisions WHERE state = 'proposed'", &message));
  g_assert_nonnull (strstr (message, "segregation of duties"));
  g_free (message);

  /* A legitimate approval cannot be rewritten to name the proposer… */
  g_assert_true (cd_workflow_approve (store.db, fx_sup2, fx_claim (7), NULL, &error));
  g_assert_no_error (error);
  g_assert_true (fx_refused (&store, "UPDATE approvals SET approver_id ="
                             " (SELECT proposed_by"
                             " FROM decisions WHERE id = decision_id)", NULL));
  /* …nor the proposer rewritten to be the approver, nor the approval removed. */
  g_assert_true (fx_refused (&store, "UPDATE decisions SET proposed_by ="
                             " (SELECT approver_id"
                             " FROM approvals WHERE decision_id = decisions.id)"
                             " WHERE state = 'approved'", NULL));
  g_assert_true (fx_refused (&store, "DELETE FROM approvals", NULL));
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM approvals a JOIN decisions d"
                                   " ON d.id = a.decision_id WHERE a.approver_id = d.proposed_by"),
                   ==, 0);
  store_close (&store);
}

static void
test_two_supervisors_above_threshold (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  CdWorkflowApproval outcome = CD_WORKFLOW_APPROVAL_FINAL;

  store_open (&store);
  fx_exec (&store, "INSERT INTO settings (key, value) VALUES ('approval_threshold', '5000000')");
  g_assert_cmpint (cd_workflow_get_approval_threshold (store.db), ==, 5000000);

  /* At the threshold one approval is enough; above it, two. */
  fx_to_proposed (&store, fx_claim (8), 5000000, fx_officer);
  g_assert_true (cd_workflow_approve (store.db, fx_sup1, fx_claim (8), &outcome, &error));
  g_assert_cmpint (outcome, ==, CD_WORKFLOW_APPROVAL_FINAL);

  fx_to_proposed (&store, fx_claim (9), 5000001, fx_sup3);
  g_assert_true (cd_workflow_approve (store.db, fx_sup1, fx_claim (9), &outcome, &error));
  g_assert_no_error (error);
  g_assert_cmpint (outcome, ==, CD_WORKFLOW_APPROVAL_NEEDS_SECOND);
  g_assert_cmpstr (status_of (&store, fx_claim (9)), ==, "proposed");
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM outbox"), ==, 1);

  /* The same supervisor twice is not two supervisors; the proposer is never one. */
  g_assert_false (cd_workflow_approve (store.db, fx_sup1, fx_claim (9), &outcome, &error));
  g_assert_error (error, CD_WORKFLOW_ERROR, CD_WORKFLOW_ERROR_ALREADY_APPROVED);
  g_clear_error (&error);
  g_assert_false (cd_workflow_approve (store.db, fx_sup3, fx_claim (9), &outcome, &error));
  g_assert_error (error, CD_WORKFLOW_ERROR, CD_WORKFLOW_ERROR_SEGREGATION);
  g_clear_error (&error);
  g_assert_cmpstr (status_of (&store, fx_claim (9)), ==, "proposed");

  g_assert_true (cd_workflow_approve (store.db, fx_sup2, fx_claim (9), &outcome, &error));
  g_assert_no_error (error);
  g_assert_cmpint (outcome, ==, CD_WORKFLOW_APPROVAL_FINAL);
  g_assert_cmpstr (status_of (&store, fx_claim (9)), ==, "queued");
  {
    g_autofree char *payload = fx_text (&store, "SELECT d.payload FROM decisions d"
                                                " JOIN claims c ON c.id = d.claim_id"
                                                " WHERE c.number = 'HS-T-0009'");
    g_assert_nonnull (strstr (payload, "\"login\":\"gs01\""));
    g_assert_nonnull (strstr (payload, "\"login\":\"gs02\""));
  }
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM outbox"), ==, 2);
  store_close (&store);
}

/* Any failing step of the freeze leaves nothing behind: no approval, no frozen payload, no audit
 * entry, no outbox item, the claim still proposed. */
static void
test_freeze_is_one_transaction (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  gint64 entries;
  const char *failures[] = {
    "CREATE TEMP TRIGGER fail BEFORE INSERT ON main.outbox BEGIN SELECT RAISE (ABORT, 'disk'); END",
    "CREATE TEMP TRIGGER fail BEFORE INSERT ON main.audit_log WHEN NEW.action = 'approve' BEGIN"
    "  SELECT RAISE (ABORT, 'disk'); END",
    "CREATE TEMP TRIGGER fail BEFORE UPDATE OF status ON main.claims WHEN NEW.status = 7 BEGIN"
    "  SELECT RAISE (ABORT, 'disk'); END",
  };

  store_open (&store);
  fx_to_proposed (&store, fx_claim (10), 900000, fx_officer);
  entries = fx_int (&store, "SELECT count(*) FROM audit_log");
  for (guint i = 0; i < G_N_ELEMENTS (failures); i++)
    {
      fx_exec (&store, failures[i]);
      g_assert_false (cd_workflow_approve (store.db, fx_sup1, fx_claim (10), NULL, &error));
      g_assert_nonnull (error);
      g_clear_error (&error);
      fx_exec (&store, "DROP TRIGGER temp.fail");

      g_assert_cmpstr (status_of (&store, fx_claim (10)), ==, "proposed");
      g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM approvals"), ==, 0);
      g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM outbox"), ==, 0);
      g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM decisions WHERE frozen_at IS NOT NULL"
                                       " OR state <> 'proposed'"), ==, 0);
      g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM audit_log"), ==, entries);
    }
  g_assert_true (cd_workflow_approve (store.db, fx_sup1, fx_claim (10), NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM outbox"), ==, 1);
  store_close (&store);
}

/* A read-only file: the approval fails as a whole, with the read-only message. */
static void
test_freeze_on_read_only_store (void)
{
  Store store;
  g_autoptr(GError) error = NULL;

  store_open (&store);
  fx_to_proposed (&store, fx_claim (11), 900000, fx_officer);
  fx_exec (&store, "PRAGMA query_only = ON");
  g_assert_false (cd_workflow_approve (store.db, fx_sup1, fx_claim (11), NULL, &error));
  g_assert_error (error, CD_WORKFLOW_ERROR, CD_WORKFLOW_ERROR_FAILED);
  fx_exec (&store, "PRAGMA query_only = OFF");
  g_assert_cmpstr (status_of (&store, fx_claim (11)), ==, "proposed");
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM approvals"), ==, 0);
  store_close (&store);
}

static void
test_central_refusal_reopens (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  g_autofree char *note = NULL;

  store_open (&store);
  fx_to_proposed (&store, fx_claim (12), 900000, fx_officer);
  g_assert_true (cd_workflow_approve (store.db, fx_sup1, fx_claim (12), NULL, &error));
  g_assert_false (cd_workflow_refuse_by_central (store.db, fx_claim (12), NULL, &error));
  g_assert_error (error, CD_WORKFLOW_ERROR, CD_WORKFLOW_ERROR_REASON_REQUIRED);
  g_clear_error (&error);

  g_assert_true (cd_workflow_refuse_by_central (store.db, fx_claim (12),
                                                "Quá trình đóng BHXH đang được rà soát", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (status_of (&store, fx_claim (12)), ==, "reopened");
  note = fx_text (&store, "SELECT status_note FROM claims WHERE number = 'HS-T-0012'");
  g_assert_cmpstr (note, ==, "Quá trình đóng BHXH đang được rà soát");
  /* The frozen payload stays as sent. */
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM decisions WHERE state = 'superseded'"
                                   " AND payload IS NOT NULL"), ==, 1);
  g_assert_false (cd_workflow_mark_synced (store.db, fx_claim (12), "TW-1", &error));
  g_assert_error (error, CD_WORKFLOW_ERROR, CD_WORKFLOW_ERROR_ILLEGAL);
  g_clear_error (&error);

  /* Decided again: a new decision, a new outbox item. */
  g_assert_true (cd_workflow_propose (store.db, fx_officer, fx_claim (12), NULL, &error));
  g_assert_true (cd_workflow_approve (store.db, fx_sup2, fx_claim (12), NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM outbox"), ==, 2);
  store_close (&store);
}

/* Inside the sync worker's own transaction the call is a savepoint: rolled back with it. */
static void
test_sync_calls_join_the_callers_transaction (void)
{
  Store store;
  g_autoptr(GError) error = NULL;

  store_open (&store);
  fx_to_proposed (&store, fx_claim (1), 900000, fx_officer);
  g_assert_true (cd_workflow_approve (store.db, fx_sup1, fx_claim (1), NULL, &error));
  fx_exec (&store, "BEGIN IMMEDIATE");
  g_assert_true (cd_workflow_mark_synced (store.db, fx_claim (1), "TW-7", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (status_of (&store, fx_claim (1)), ==, "synced");
  fx_exec (&store, "ROLLBACK");
  g_assert_cmpstr (status_of (&store, fx_claim (1)), ==, "queued");
  store_close (&store);
}

static void
test_locked_session_cannot_act (void)
{
  Store store;
  g_autoptr(GError) error = NULL;

  store_open (&store);
  cd_session_lock (fx_officer2);
  g_assert_false (cd_workflow_complete_evidence (store.db, fx_officer2, fx_claim (2), &error));
  g_assert_error (error, CD_USERS_ERROR, CD_USERS_ERROR_LOCKED);
  g_clear_error (&error);
  g_assert_cmpstr (status_of (&store, fx_claim (2)), ==, "draft");
  g_assert_true (cd_session_unlock (fx_officer2, store.db, FIXTURE_PASSWORD, &error));
  g_assert_true (cd_workflow_complete_evidence (store.db, fx_officer2, fx_claim (2), &error));
  g_assert_no_error (error);
  g_assert_cmpint (fx_int (&store, "SELECT user_id FROM audit_log ORDER BY seq DESC LIMIT 1"), ==,
                   cd_session_get_user_id (fx_officer2));
  store_close (&store);
}

/* --- Opening a claim -------------------------------------------------------------------------- */

#define CLAIMANT "079190123456"

static CdClaimDraft
draft_for (const char *number)
{
  CdClaimDraft draft = { number, CD_BENEFIT_SICKNESS, CLAIMANT, NULL, "2026-11-02", "2026-11-05",
                         NULL, 20261106 };

  return draft;
}

static gint64
claim_count (Store *store)
{
  return fx_int (store, "SELECT count(*) FROM claims");
}

static gint64
audit_count (Store *store)
{
  return fx_int (store, "SELECT count(*) FROM audit_log");
}

/* The claim's audit actions in order, "open,complete_evidence,…", and the one user who did them
 * all (-1 if several). */
static char *
audit_trail (Store  *store,
             gint64  claim_id,
             gint64 *user_id)
{
  g_autofree char *actions = g_strdup_printf (
      "SELECT group_concat (action) FROM (SELECT action FROM audit_log WHERE entity = 'claim'"
      " AND entity_id = %" G_GINT64_FORMAT " ORDER BY seq)", claim_id);
  g_autofree char *users = g_strdup_printf (
      "SELECT CASE WHEN count(DISTINCT user_id) = 1 THEN min(user_id) ELSE -1 END FROM audit_log"
      " WHERE entity = 'claim' AND entity_id = %" G_GINT64_FORMAT, claim_id);

  *user_id = fx_int (store, users);
  return fx_text (store, actions);
}

static void
assert_chain_intact (Store *store)
{
  g_autoptr(GError) error = NULL;
  CdAuditLogReport report = { 0 };

  g_assert_true (cd_audit_log_verify (store->db, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpint (report.kind, ==, CD_AUDIT_BREAK_NONE);
  g_assert_cmpuint (report.n_entries, ==, (guint64) audit_count (store));
  cd_audit_log_report_clear (&report);
}

/* The one way in: a draft, opened by the session's user in their office, with its audit entry. */
static void
test_open_claim (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  CdClaimDraft draft = draft_for ("NC-T-0001");
  g_autofree char *sql = NULL;
  g_autofree char *trail = NULL;
  gint64 id, user;

  store_open (&store);
  id = cd_workflow_open_claim (store.db, fx_officer, &draft, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpstr (status_of (&store, "NC-T-0001"), ==, "draft");
  sql = g_strdup_printf ("SELECT count(*) FROM claims c JOIN users u ON u.id = c.officer_id"
                         " JOIN persons p ON p.id = c.claimant_id"
                         " WHERE c.id = %" G_GINT64_FORMAT " AND u.id = %" G_GINT64_FORMAT
                         " AND c.office_id = u.office_id AND p.personal_id = '" CLAIMANT "'"
                         " AND c.benefit = 0 AND c.period_from = '2026-11-02'"
                         " AND c.period_to = '2026-11-05' AND c.received_on = 20261106"
                         " AND c.child_id IS NULL AND c.amount = 0",
                         id, cd_session_get_user_id (fx_officer));
  g_assert_cmpint (fx_int (&store, sql), ==, 1);

  trail = audit_trail (&store, id, &user);
  g_assert_cmpstr (trail, ==, "open");
  g_assert_cmpint (user, ==, cd_session_get_user_id (fx_officer));
  {
    g_autofree char *before = fx_text (&store, "SELECT before FROM audit_log ORDER BY seq DESC"
                                               " LIMIT 1");
    g_autofree char *after = fx_text (&store, "SELECT after FROM audit_log ORDER BY seq DESC"
                                              " LIMIT 1");
    g_assert_null (before);
    g_assert_cmpstr (after, ==, "{\"status\":\"draft\"}");
  }
  assert_chain_intact (&store);

  /* The opened claim goes on through the table like any other. */
  g_assert_true (cd_workflow_complete_evidence (store.db, fx_officer, "NC-T-0001", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (status_of (&store, "NC-T-0001"), ==, "evidence_complete");
  store_close (&store);
}

/* Officers and supervisors open claims; an administrator has no part in the claim workflow. */
static void
test_open_claim_roles (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  CdClaimDraft draft = draft_for ("NC-T-0002");
  gint64 claims, entries, id, user;
  g_autofree char *trail = NULL;

  g_assert_true (cd_workflow_can_open (CD_ROLE_OFFICER));
  g_assert_true (cd_workflow_can_open (CD_ROLE_SUPERVISOR));
  g_assert_false (cd_workflow_can_open (CD_ROLE_ADMIN));

  store_open (&store);
  claims = claim_count (&store);
  entries = audit_count (&store);
  g_assert_cmpint (cd_workflow_open_claim (store.db, fx_admin, &draft, &error), ==, 0);
  g_assert_error (error, CD_WORKFLOW_ERROR, CD_WORKFLOW_ERROR_NOT_ALLOWED);
  g_assert_nonnull (strstr (error->message, "admin"));
  g_assert_nonnull (strstr (error->message, "NC-T-0002"));
  g_clear_error (&error);
  g_assert_cmpint (claim_count (&store), ==, claims);
  g_assert_cmpint (audit_count (&store), ==, entries);

  id = cd_workflow_open_claim (store.db, fx_sup1, &draft, &error);
  g_assert_no_error (error);
  trail = audit_trail (&store, id, &user);
  g_assert_cmpstr (trail, ==, "open");
  g_assert_cmpint (user, ==, cd_session_get_user_id (fx_sup1));
  store_close (&store);
}

static void
test_open_claim_locked_session (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  CdClaimDraft draft = draft_for ("NC-T-0003");
  gint64 claims, entries;

  store_open (&store);
  claims = claim_count (&store);
  entries = audit_count (&store);
  cd_session_lock (fx_officer2);
  g_assert_cmpint (cd_workflow_open_claim (store.db, fx_officer2, &draft, &error), ==, 0);
  g_assert_error (error, CD_USERS_ERROR, CD_USERS_ERROR_LOCKED);
  g_clear_error (&error);
  g_assert_cmpint (claim_count (&store), ==, claims);
  g_assert_cmpint (audit_count (&store), ==, entries);

  g_assert_true (cd_session_unlock (fx_officer2, store.db, FIXTURE_PASSWORD, &error));
  g_assert_cmpint (cd_workflow_open_claim (store.db, fx_officer2, &draft, &error), >, 0);
  g_assert_no_error (error);
  store_close (&store);
}

/* The same number twice, an unknown claimant or child, an impossible period, a read-only file:
 * refused, with nothing written, claim or audit entry. */
static void
test_open_claim_refused_writes_nothing (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  CdClaimDraft draft = draft_for ("NC-T-0004");
  gint64 claims, entries;

  store_open (&store);
  g_assert_cmpint (cd_workflow_open_claim (store.db, fx_officer, &draft, &error), >, 0);
  g_assert_no_error (error);
  claims = claim_count (&store);
  entries = audit_count (&store);

  g_assert_cmpint (cd_workflow_open_claim (store.db, fx_officer, &draft, &error), ==, 0);
  g_assert_error (error, CD_WORKFLOW_ERROR, CD_WORKFLOW_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "NC-T-0004"));
  g_clear_error (&error);

  draft.number = "NC-T-0005";
  draft.claimant_id = "001099999999";
  g_assert_cmpint (cd_workflow_open_claim (store.db, fx_officer, &draft, &error), ==, 0);
  g_assert_error (error, CD_WORKFLOW_ERROR, CD_WORKFLOW_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "001099999999"));
  g_clear_error (&error);

  draft.claimant_id = CLAIMANT;
  draft.child_id = "079224000001";
  g_assert_cmpint (cd_workflow_open_claim (store.db, fx_officer, &draft, &error), ==, 0);
  g_assert_error (error, CD_WORKFLOW_ERROR, CD_WORKFLOW_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "079224000001"));
  g_clear_error (&error);

  draft.child_id = NULL;
  draft.period_to = "2026-10-01";
  g_assert_cmpint (cd_workflow_open_claim (store.db, fx_officer, &draft, &error), ==, 0);
  g_assert_error (error, CD_WORKFLOW_ERROR, CD_WORKFLOW_ERROR_FAILED);
  g_clear_error (&error);

  draft.period_to = "2026-11-05";
  fx_exec (&store, "PRAGMA query_only = ON");
  g_assert_cmpint (cd_workflow_open_claim (store.db, fx_officer, &draft, &error), ==, 0);
  g_assert_error (error, CD_WORKFLOW_ERROR, CD_WORKFLOW_ERROR_FAILED);
  g_clear_error (&error);
  fx_exec (&store, "PRAGMA query_only = OFF");

  g_assert_cmpint (claim_count (&store), ==, claims);
  g_assert_cmpint (audit_count (&store), ==, entries);
  assert_chain_intact (&store);
  store_close (&store);
}

/* The disk fills up: every claim acknowledged is there with its audit entry, the refused one is
 * not, and the file is sound. */
static void
test_open_claim_full_disk (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  g_autofree char *cap = NULL;
  gint64 claims, entries, opened = 0;

  store_open (&store);
  cap = g_strdup_printf ("PRAGMA max_page_count = %" G_GINT64_FORMAT,
                         fx_int (&store, "PRAGMA page_count"));
  fx_exec (&store, cap);
  claims = claim_count (&store);
  entries = audit_count (&store);
  for (guint k = 0; k < 20000 && error == NULL; k++)
    {
      g_autofree char *number = g_strdup_printf ("NC-T-8%07u", k);
      CdClaimDraft draft = draft_for (number);

      if (cd_workflow_open_claim (store.db, fx_officer, &draft, &error) > 0)
        opened++;
    }
  /* Whichever write met the full disk (the claim or its audit entry) says so. */
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "full"));
  g_assert_cmpint (claim_count (&store), ==, claims + opened);
  g_assert_cmpint (audit_count (&store), ==, entries + opened);
  {
    g_autofree char *verdict = fx_text (&store, "PRAGMA quick_check");

    g_assert_cmpstr (verdict, ==, "ok");
  }
  store_close (&store);
}

/* The new-claim page's save: three audited actions, in order, by the one user. */
static void
test_open_evaluated_claim (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  g_autofree char *result = fx_result_json (1406250);
  CdClaimDraft draft = draft_for ("NC-T-0006");
  g_autofree char *trail = NULL;
  gint64 id, user;

  store_open (&store);
  id = cd_workflow_open_evaluated_claim (store.db, fx_officer, &draft, "{\"benefit\":\"sickness\"}",
                                         result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpstr (status_of (&store, "NC-T-0006"), ==, "evaluated");
  g_assert_cmpint (fx_int (&store, "SELECT amount FROM claims WHERE number = 'NC-T-0006'"), ==,
                   1406250);
  g_assert_cmpint (fx_int (&store, "SELECT total FROM evaluations e JOIN claims c"
                                   " ON c.id = e.claim_id WHERE c.number = 'NC-T-0006'"), ==,
                   1406250);
  trail = audit_trail (&store, id, &user);
  g_assert_cmpstr (trail, ==, "open,complete_evidence,evaluate");
  g_assert_cmpint (user, ==, cd_session_get_user_id (fx_officer));
  assert_chain_intact (&store);
  store_close (&store);
}

/* A step that fails takes the earlier ones with it: no claim is left half made. */
static void
test_open_evaluated_claim_is_one_transaction (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  g_autofree char *result = fx_result_json (900000);
  CdClaimDraft draft = draft_for ("NC-T-0007");
  gint64 claims, entries;

  store_open (&store);
  claims = claim_count (&store);
  entries = audit_count (&store);

  /* Not a rules result: the evaluation step refuses it. */
  g_assert_cmpint (cd_workflow_open_evaluated_claim (store.db, fx_officer, &draft, "{}", "{}",
                                                     &error), ==, 0);
  g_assert_error (error, CD_WORKFLOW_ERROR, CD_WORKFLOW_ERROR_INVALID);
  g_clear_error (&error);

  /* The last audit entry cannot be written. */
  fx_exec (&store, "CREATE TEMP TRIGGER fail BEFORE INSERT ON main.audit_log"
                   " WHEN NEW.action = 'evaluate' BEGIN SELECT RAISE (ABORT, 'disk'); END");
  g_assert_cmpint (cd_workflow_open_evaluated_claim (store.db, fx_officer, &draft, "{}", result,
                                                     &error), ==, 0);
  g_assert_error (error, CD_AUDIT_LOG_ERROR, CD_AUDIT_LOG_ERROR_QUERY);
  g_clear_error (&error);
  fx_exec (&store, "DROP TRIGGER temp.fail");

  g_assert_cmpint (claim_count (&store), ==, claims);
  g_assert_cmpint (audit_count (&store), ==, entries);
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM evaluations"), ==, 0);

  g_assert_cmpint (cd_workflow_open_evaluated_claim (store.db, fx_officer, &draft, "{}", result,
                                                     &error), >, 0);
  g_assert_no_error (error);
  store_close (&store);
}

static void
on_done (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gint64
open_evaluated_async (Store         *store,
                      CdSession     *session,
                      const char    *number,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *evaluation = fx_result_json (1000000);
  CdClaimDraft draft = draft_for (number);

  cd_workflow_open_evaluated_claim_async (store->db, session, &draft, "{}", evaluation,
                                          cancellable, on_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return cd_workflow_open_evaluated_claim_finish (result, error);
}

/* In a worker thread: done, or refused before it writes anything (locked, cancelled). */
static void
test_open_evaluated_claim_async (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  gint64 id, claims, entries, user;
  g_autofree char *trail = NULL;

  store_open (&store);
  id = open_evaluated_async (&store, fx_sup2, "NC-T-0008", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpstr (status_of (&store, "NC-T-0008"), ==, "evaluated");
  trail = audit_trail (&store, id, &user);
  g_assert_cmpstr (trail, ==, "open,complete_evidence,evaluate");
  g_assert_cmpint (user, ==, cd_session_get_user_id (fx_sup2));

  claims = claim_count (&store);
  entries = audit_count (&store);
  g_cancellable_cancel (cancellable);
  g_assert_cmpint (open_evaluated_async (&store, fx_sup2, "NC-T-0009", cancellable, &error), ==, 0);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  cd_session_lock (fx_officer2);
  g_assert_cmpint (open_evaluated_async (&store, fx_officer2, "NC-T-0010", NULL, &error), ==, 0);
  g_assert_error (error, CD_USERS_ERROR, CD_USERS_ERROR_LOCKED);
  g_clear_error (&error);
  g_assert_true (cd_session_unlock (fx_officer2, store.db, FIXTURE_PASSWORD, &error));
  g_assert_no_error (error);

  g_assert_cmpint (claim_count (&store), ==, claims);
  g_assert_cmpint (audit_count (&store), ==, entries);
  store_close (&store);
}

/* The save is a job on the shared writer: it waits for the job that holds the connection. */
static void
test_open_evaluated_claim_async_waits_for_the_writer (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *evaluation = fx_result_json (1000000);
  CdClaimDraft draft = draft_for ("NC-T-0011");
  GAsyncResult *pending = NULL;
  FxWriterBlock *block;
  gint64 claims;

  store_open (&store);
  claims = claim_count (&store);
  block = fx_block_writer (store.db);
  cd_workflow_open_evaluated_claim_async (store.db, fx_officer, &draft, "{}", evaluation, NULL,
                                          on_fx_result, &pending);
  fx_iterate_for (200);
  g_assert_null (pending);
  g_assert_cmpint (claim_count (&store), ==, claims);
  fx_release_writer (block);
  result = fx_wait_result (&pending);
  g_assert_cmpint (cd_workflow_open_evaluated_claim_finish (result, &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (claim_count (&store), ==, claims + 1);
  store_close (&store);
}

/* ---- cd_workflow_act and its async form ------------------------------------------------------ */

static gboolean
act_async (Store               *store,
           CdSession           *session,
           const char          *number,
           CdWorkflowAction     action,
           const char          *text,
           GCancellable        *cancellable,
           CdWorkflowApproval  *outcome,
           GError             **error)
{
  GAsyncResult *pending = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  cd_workflow_act_async (store->db, session, number, action, text, cancellable, on_fx_result,
                         &pending);
  result = fx_wait_result (&pending);
  return cd_workflow_act_finish (result, outcome, error);
}

static char *
claim_trail (Store      *store,
             const char *number)
{
  g_autofree char *sql = g_strdup_printf (
      "SELECT group_concat (a.action || ':' || a.user_id || ':' || coalesce (a.after, ''), '|')"
      " FROM (SELECT * FROM audit_log ORDER BY seq) a JOIN claims c ON c.id = a.entity_id"
      " WHERE a.entity = 'claim' AND c.number = '%s'", number);
  g_autofree char *trail = fx_text (store, sql);
  g_autofree char *note_sql = g_strdup_printf (
      "SELECT coalesce (c.status_note, '') || ' / ' || coalesce (group_concat (d.state || ':'"
      " || coalesce (d.comment, '') || ':' || d.amount, ','), '') FROM claims c"
      " LEFT JOIN decisions d ON d.claim_id = c.id WHERE c.number = '%s'", number);
  g_autofree char *note = fx_text (store, note_sql);
  /* Times and decision ids differ from run to run; what was done, by whom and to what may not. */
  g_autoptr(GRegex) unique = g_regex_new ("\"(at|frozen_at|proposed_at|decision|uuid"
                                          "|payload_sha256)\":\"[^\"]*\"", 0, 0, NULL);
  g_autofree char *comparable = g_regex_replace_literal (unique, trail != NULL ? trail : "", -1, 0,
                                                         "", 0, NULL);

  return g_strdup_printf ("%s [%s] %s", status_of (store, number), note, comparable);
}

typedef struct
{
  CdWorkflowAction  action;
  CdSession       **who;
  const char       *text;
} Step;

/* The step through the action's own blocking function: what cd_workflow_act must amount to. */
static gboolean
act_directly (Store               *store,
              const Step          *step,
              const char          *number,
              CdWorkflowApproval  *outcome,
              GError             **error)
{
  *outcome = CD_WORKFLOW_APPROVAL_FINAL;
  switch (step->action)
    {
    case CD_WORKFLOW_ACTION_COMPLETE_EVIDENCE:
      return cd_workflow_complete_evidence (store->db, *step->who, number, error);
    case CD_WORKFLOW_ACTION_PROPOSE:
      return cd_workflow_propose (store->db, *step->who, number, step->text, error);
    case CD_WORKFLOW_ACTION_APPROVE:
      return cd_workflow_approve (store->db, *step->who, number, outcome, error);
    case CD_WORKFLOW_ACTION_RETURN:
      return cd_workflow_return (store->db, *step->who, number, step->text, error);
    case CD_WORKFLOW_ACTION_REJECT:
      return cd_workflow_reject (store->db, *step->who, number, step->text, error);
    case CD_WORKFLOW_ACTION_REOPEN:
      return cd_workflow_reopen (store->db, *step->who, number, error);
    case CD_WORKFLOW_ACTION_AMEND:
      return cd_workflow_amend (store->db, *step->who, number, step->text, error);
    case CD_WORKFLOW_ACTION_EVALUATE:
    case CD_WORKFLOW_ACTION_QUEUE:
    case CD_WORKFLOW_ACTION_MARK_SYNCED:
    case CD_WORKFLOW_ACTION_REFUSE_BY_CENTRAL:
    case CD_WORKFLOW_ACTION_OPEN:
    case CD_N_WORKFLOW_ACTIONS:
    default:
      g_assert_not_reached ();
    }
}

/* Each session action, done through the async call on one claim, through cd_workflow_act on a
 * second and through the action's own function on a third, leaves the same status, note and audit
 * trail, with the same outcome or refusal. */
static void
test_act_async_matches_blocking (void)
{
  Store store;
  g_autofree char *result_json = fx_result_json (1000000);
  const Step steps[] = {
    { CD_WORKFLOW_ACTION_PROPOSE, &fx_officer, NULL },          /* refused: not evaluated */
    { CD_WORKFLOW_ACTION_COMPLETE_EVIDENCE, &fx_officer, NULL },
    { CD_WORKFLOW_ACTION_EVALUATE, &fx_officer, NULL },         /* blocking on both */
    { CD_WORKFLOW_ACTION_PROPOSE, &fx_officer, "Đủ điều kiện" },
    { CD_WORKFLOW_ACTION_RETURN, &fx_sup1, "" },                /* refused: no comment */
    { CD_WORKFLOW_ACTION_RETURN, &fx_sup1, "Thiếu giấy ra viện" },
    { CD_WORKFLOW_ACTION_PROPOSE, &fx_officer, NULL },
    { CD_WORKFLOW_ACTION_APPROVE, &fx_officer, NULL },          /* refused: an officer */
    { CD_WORKFLOW_ACTION_REJECT, &fx_sup1, "Không đủ điều kiện" },
    { CD_WORKFLOW_ACTION_REOPEN, &fx_officer, NULL },           /* refused: rejected is final */
  };
  const char *twins[][3] = { { "HS-T-0001", "HS-T-0003", "HS-T-0009" },
                             { "HS-T-0005", "HS-T-0007", "HS-T-0011" } };

  store_open (&store);
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      const Step *step = &steps[i];
      g_autoptr(GError) async_error = NULL;
      g_autoptr(GError) blocking_error = NULL;
      g_autoptr(GError) direct_error = NULL;
      CdWorkflowApproval async_outcome = CD_WORKFLOW_APPROVAL_NEEDS_SECOND;
      CdWorkflowApproval blocking_outcome = CD_WORKFLOW_APPROVAL_NEEDS_SECOND;
      CdWorkflowApproval direct_outcome;
      gboolean async_ok, blocking_ok, direct_ok;
      g_autofree char *async_trail = NULL;
      g_autofree char *blocking_trail = NULL;
      g_autofree char *direct_trail = NULL;

      if (step->action == CD_WORKFLOW_ACTION_EVALUATE)
        {
          g_assert_false (cd_workflow_is_session_action (step->action));
          for (guint t = 0; t < 3; t++)
            {
              g_assert_true (cd_workflow_record_evaluation (store.db, *step->who, twins[0][t],
                                                            "{}", result_json, &async_error));
              g_assert_no_error (async_error);
            }
          continue;
        }
      g_assert_true (cd_workflow_is_session_action (step->action));
      async_ok = act_async (&store, *step->who, twins[0][0], step->action, step->text, NULL,
                            &async_outcome, &async_error);
      blocking_ok = cd_workflow_act (store.db, *step->who, twins[0][1], step->action, step->text,
                                     &blocking_outcome, &blocking_error);
      direct_ok = act_directly (&store, step, twins[0][2], &direct_outcome, &direct_error);
      g_assert_cmpint (async_ok, ==, direct_ok);
      g_assert_cmpint (blocking_ok, ==, direct_ok);
      if (direct_ok)
        {
          g_assert_cmpint (async_outcome, ==, direct_outcome);
          g_assert_cmpint (blocking_outcome, ==, direct_outcome);
        }
      else
        {
          /* The same refusal, each about its own claim. */
          g_assert_error (async_error, direct_error->domain, direct_error->code);
          g_assert_error (blocking_error, direct_error->domain, direct_error->code);
          g_assert_nonnull (strstr (async_error->message, twins[0][0]));
          g_assert_nonnull (strstr (blocking_error->message, twins[0][1]));
        }
      async_trail = claim_trail (&store, twins[0][0]);
      blocking_trail = claim_trail (&store, twins[0][1]);
      direct_trail = claim_trail (&store, twins[0][2]);
      g_assert_cmpstr (async_trail, ==, direct_trail);
      g_assert_cmpstr (blocking_trail, ==, direct_trail);
    }
  g_assert_cmpstr (status_of (&store, twins[0][0]), ==, "rejected");

  /* Approval above the threshold: the first says a second must follow, the second is final. */
  fx_exec (&store, "INSERT INTO settings (key, value) VALUES ('approval_threshold', '500000')");
  for (guint t = 0; t < 2; t++)
    fx_to_proposed (&store, twins[1][t], 1000000, fx_officer);
  for (guint round = 0; round < 2; round++)
    {
      CdSession *who = round == 0 ? fx_sup1 : fx_sup2;
      CdWorkflowApproval async_outcome, blocking_outcome;
      g_autoptr(GError) error = NULL;
      g_autofree char *async_trail = NULL;
      g_autofree char *blocking_trail = NULL;

      g_assert_true (act_async (&store, who, twins[1][0], CD_WORKFLOW_ACTION_APPROVE, NULL, NULL,
                                &async_outcome, &error));
      g_assert_no_error (error);
      g_assert_true (cd_workflow_act (store.db, who, twins[1][1], CD_WORKFLOW_ACTION_APPROVE, NULL,
                                      &blocking_outcome, &error));
      g_assert_no_error (error);
      g_assert_cmpint (async_outcome, ==, round == 0 ? CD_WORKFLOW_APPROVAL_NEEDS_SECOND
                                                     : CD_WORKFLOW_APPROVAL_FINAL);
      g_assert_cmpint (blocking_outcome, ==, async_outcome);
      async_trail = claim_trail (&store, twins[1][0]);
      blocking_trail = claim_trail (&store, twins[1][1]);
      g_assert_cmpstr (async_trail, ==, blocking_trail);
    }
  g_assert_cmpstr (status_of (&store, twins[1][0]), ==, "queued");
  assert_chain_intact (&store);
  store_close (&store);
}

/* The action is a job on the shared writer: while another job holds the connection it waits, and
 * cancelled then, it does nothing. */
static void
test_act_async_waits_for_the_writer (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *pending = NULL;
  FxWriterBlock *block;
  gint64 entries;

  store_open (&store);
  g_assert_true (cd_workflow_complete_evidence (store.db, fx_officer, fx_claim (1), &error));
  g_assert_no_error (error);
  entries = audit_count (&store);

  block = fx_block_writer (store.db);
  cd_workflow_act_async (store.db, fx_officer, fx_claim (2), CD_WORKFLOW_ACTION_COMPLETE_EVIDENCE,
                         NULL, NULL, on_fx_result, &pending);
  fx_iterate_for (200);
  g_assert_null (pending);
  g_assert_cmpstr (status_of (&store, fx_claim (2)), ==, "draft");
  fx_release_writer (block);
  result = fx_wait_result (&pending);
  g_assert_true (cd_workflow_act_finish (result, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (status_of (&store, fx_claim (2)), ==, "evidence_complete");
  g_assert_cmpint (audit_count (&store), ==, entries + 1);
  g_clear_object (&result);

  /* Cancelled while it waits: it never runs. */
  block = fx_block_writer (store.db);
  cd_workflow_act_async (store.db, fx_officer, fx_claim (3), CD_WORKFLOW_ACTION_COMPLETE_EVIDENCE,
                         NULL, cancellable, on_fx_result, &pending);
  fx_iterate_for (50);
  g_cancellable_cancel (cancellable);
  fx_release_writer (block);
  result = fx_wait_result (&pending);
  g_assert_false (cd_workflow_act_finish (result, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_cmpstr (status_of (&store, fx_claim (3)), ==, "draft");
  g_assert_cmpint (audit_count (&store), ==, entries + 1);
  store_close (&store);
}

/* Cancelled before it starts, or with the session locked, nothing is written. */
static void
test_act_async_refused_before_it_starts (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  gint64 entries;

  store_open (&store);
  entries = audit_count (&store);
  g_cancellable_cancel (cancellable);
  g_assert_false (act_async (&store, fx_officer, fx_claim (1),
                             CD_WORKFLOW_ACTION_COMPLETE_EVIDENCE, NULL, cancellable, NULL,
                             &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  cd_session_lock (fx_officer2);
  g_assert_false (act_async (&store, fx_officer2, fx_claim (1),
                             CD_WORKFLOW_ACTION_COMPLETE_EVIDENCE, NULL, NULL, NULL, &error));
  g_assert_error (error, CD_USERS_ERROR, CD_USERS_ERROR_LOCKED);
  g_clear_error (&error);
  g_assert_true (cd_session_unlock (fx_officer2, store.db, FIXTURE_PASSWORD, &error));
  g_assert_no_error (error);

  g_assert_cmpstr (status_of (&store, fx_claim (1)), ==, "draft");
  g_assert_cmpint (audit_count (&store), ==, entries);
  store_close (&store);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  fixture_init ();

  g_test_add_func ("/workflow/illegal-transitions", test_illegal_transitions);
  g_test_add_func ("/workflow/every-legal-transition", test_every_legal_transition);
  g_test_add_func ("/workflow/happy-path-freezes", test_happy_path_freezes);
  g_test_add_func ("/workflow/decision-payload-is-canonical", test_decision_payload_is_canonical);
  g_test_add_func ("/workflow/return-needs-comment", test_return_needs_comment);
  g_test_add_func ("/workflow/reject-needs-reason", test_reject_needs_reason);
  g_test_add_func ("/workflow/roles", test_roles);
  g_test_add_func ("/workflow/segregation/core", test_segregation_in_core);
  g_test_add_func ("/workflow/segregation/database", test_segregation_in_database);
  g_test_add_func ("/workflow/two-supervisors-above-threshold",
                   test_two_supervisors_above_threshold);
  g_test_add_func ("/workflow/freeze/one-transaction", test_freeze_is_one_transaction);
  g_test_add_func ("/workflow/freeze/read-only-store", test_freeze_on_read_only_store);
  g_test_add_func ("/workflow/central-refusal-reopens", test_central_refusal_reopens);
  g_test_add_func ("/workflow/sync-calls-join-callers-transaction",
                   test_sync_calls_join_the_callers_transaction);
  g_test_add_func ("/workflow/locked-session-cannot-act", test_locked_session_cannot_act);
  g_test_add_func ("/workflow/open/audited", test_open_claim);
  g_test_add_func ("/workflow/open/roles", test_open_claim_roles);
  g_test_add_func ("/workflow/open/locked-session", test_open_claim_locked_session);
  g_test_add_func ("/workflow/open/refused-writes-nothing", test_open_claim_refused_writes_nothing);
  g_test_add_func ("/workflow/open/full-disk", test_open_claim_full_disk);
  g_test_add_func ("/workflow/open-evaluated/three-audited-steps", test_open_evaluated_claim);
  g_test_add_func ("/workflow/open-evaluated/one-transaction",
                   test_open_evaluated_claim_is_one_transaction);
  g_test_add_func ("/workflow/open-evaluated/async", test_open_evaluated_claim_async);
  g_test_add_func ("/workflow/open-evaluated/async-waits-for-the-writer",
                   test_open_evaluated_claim_async_waits_for_the_writer);
  g_test_add_func ("/workflow/act/async-matches-blocking", test_act_async_matches_blocking);
  g_test_add_func ("/workflow/act/async-waits-for-the-writer",
                   test_act_async_waits_for_the_writer);
  g_test_add_func ("/workflow/act/async-refused-before-it-starts",
                   test_act_async_refused_before_it_starts);

  status = g_test_run ();
  fixture_shutdown ();
  return status;
}
