/* test-review.c — risk-based review sampling, the access rights by role, the office head. */
#include <string.h>

#include "cd-access.h"
#include "cd-approval.h"
#include "cd-office-settings.h"
#include "cd-review.h"
#include "cd-schema.h"
#include "cd-statement.h"
#include "cd-workflow.h"
#include "test-util.h"
#include "workflow-fixture.h"

static void
set_rule (Store    *store,
          gboolean  enabled,
          guint     new_decisions,
          guint     new_months,
          guint     share,
          guint     score)
{
  CdReviewRule rule = { enabled, new_decisions, new_months, share, score };
  g_autoptr(GError) error = NULL;

  g_assert_true (cd_review_rule_write (store->db, fx_admin, &rule, &error));
  g_assert_no_error (error);
}

static gint64
risk_int (Store      *store,
          const char *number,
          const char *column)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM decision_risk r"
                                          " JOIN decisions d ON d.id = r.decision_id"
                                          " JOIN claims c ON c.id = d.claim_id"
                                          " WHERE c.number = '%s' AND d.state = 'proposed'",
                                          column, number);

  return fx_int (store, sql);
}

static CdApprovalItem *
item_of (GPtrArray  *items,
         const char *number)
{
  for (guint i = 0; i < items->len; i++)
    if (g_str_equal (((CdApprovalItem *) items->pdata[i])->claim_number, number))
      return items->pdata[i];
  g_assert_not_reached ();
}

static GPtrArray *
bulk_approve (Store      *store,
              CdSession  *session,
              const char *a,
              const char *b)
{
  const char *numbers[] = { a, b, NULL };

  return cd_approval_run_sync (store->db, session, CD_APPROVAL_ACTION_APPROVE, numbers, NULL, NULL,
                               NULL, NULL);
}

/* The test: a sampled claim cannot be bulk-approved, and can once opened. */
static void
test_bulk_refuses_unopened (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) second = NULL;
  CdApprovalResult *r;
  CdApprovalItem *item;
  gboolean recorded = TRUE;

  store_open (&store);
  /* cb01 has proposed nothing yet: a new officer, all of whose claims are reviewed. */
  set_rule (&store, TRUE, 20, 0, 10, 60);
  fx_to_proposed (&store, fx_claim (1), 1000000, fx_officer);
  fx_to_proposed (&store, fx_claim (2), 2000000, fx_officer);

  items = cd_approval_list_waiting (store.db, cd_session_get_user_id (fx_sup1), &error);
  g_assert_no_error (error);
  item = item_of (items, fx_claim (1));
  g_assert_true (item->review_sampled);
  g_assert_false (item->review_opened);
  g_assert_nonnull (strstr (item->review_reasons, "new officer"));

  first = bulk_approve (&store, fx_sup1, fx_claim (1), fx_claim (2));
  for (guint i = 0; i < 2; i++)
    {
      r = first->pdata[i];
      g_assert_cmpint (r->outcome, ==, CD_APPROVAL_OUTCOME_REFUSED);
      g_assert_true (r->domain == CD_WORKFLOW_ERROR);
      g_assert_cmpint (r->code, ==, CD_WORKFLOW_ERROR_NOT_REVIEWED);
      g_assert_nonnull (strstr (r->message, "gs01 has not opened it"));
    }
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM approvals"), ==, 0);
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM claims WHERE status = 3"), ==, 2);

  /* An officer reading the claim opens nothing; the supervisor's claim view does, once. */
  g_assert_true (cd_approval_mark_reviewed (store.db, fx_officer2, fx_claim (1), &recorded,
                                            &error));
  g_assert_no_error (error);
  g_assert_false (recorded);
  g_assert_true (cd_approval_mark_reviewed (store.db, fx_sup1, fx_claim (1), &recorded, &error));
  g_assert_no_error (error);
  g_assert_true (recorded);
  g_assert_true (cd_approval_mark_reviewed (store.db, fx_sup1, fx_claim (1), &recorded, &error));
  g_assert_true (!recorded);
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM audit_log WHERE action = 'review.open'"
                                   " AND user_id = (SELECT id FROM users WHERE login = 'gs01')"),
                   ==, 1);

  g_clear_pointer (&items, g_ptr_array_unref);
  items = cd_approval_list_waiting (store.db, cd_session_get_user_id (fx_sup1), &error);
  g_assert_true (item_of (items, fx_claim (1))->review_opened);
  g_assert_false (item_of (items, fx_claim (2))->review_opened);

  second = bulk_approve (&store, fx_sup1, fx_claim (1), fx_claim (2));
  g_assert_cmpint (((CdApprovalResult *) second->pdata[0])->outcome, ==,
                   CD_APPROVAL_OUTCOME_APPROVED);
  g_assert_cmpint (((CdApprovalResult *) second->pdata[1])->outcome, ==,
                   CD_APPROVAL_OUTCOME_REFUSED);
  g_assert_cmpint (fx_int (&store, "SELECT status FROM claims WHERE number = 'HS-T-0001'"), ==,
                   7 /* queued */);
  store_close (&store);
}

/* Off (the default): every proposal is scored, none drawn, bulk approval as before. */
static void
test_rule_off (void)
{
  Store store;
  g_autoptr(GPtrArray) results = NULL;
  CdReviewRule rule = { 0 };

  store_open (&store);
  cd_review_rule_read (store.db, &rule);
  g_assert_false (rule.enabled);
  g_assert_cmpuint (rule.share_percent, ==, CD_DEFAULT_REVIEW_SHARE);
  fx_to_proposed (&store, fx_claim (1), 1000000, fx_officer);
  fx_to_proposed (&store, fx_claim (2), 1000000, fx_officer);
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM decision_risk"), ==, 2);
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM decision_risk WHERE sampled = 1"), ==, 0);
  /* Officer's experience counts in the score whether or not the rule draws. */
  g_assert_cmpint (risk_int (&store, fx_claim (1), "json_extract (parts, '$.experience_points')"),
                   ==, 25);
  results = bulk_approve (&store, fx_sup1, fx_claim (1), fx_claim (2));
  g_assert_cmpint (((CdApprovalResult *) results->pdata[0])->outcome, ==,
                   CD_APPROVAL_OUTCOME_APPROVED);
  g_assert_cmpint (((CdApprovalResult *) results->pdata[1])->outcome, ==,
                   CD_APPROVAL_OUTCOME_APPROVED);
  store_close (&store);
}

/* A new officer (fewer than 3 earlier proposals) is reviewed whole; afterwards only by share and
 * score, here none. */
static void
test_new_officer_all (void)
{
  Store store;

  store_open (&store);
  set_rule (&store, TRUE, 3, 0, 0, 0);
  for (guint n = 1; n <= 5; n++)
    fx_to_proposed (&store, fx_claim (n), 1000000, fx_officer);
  for (guint n = 1; n <= 5; n++)
    {
      g_assert_cmpint (risk_int (&store, fx_claim (n),
                                 "json_extract (parts, '$.officer_decisions')"), ==, n - 1);
      g_assert_cmpint (risk_int (&store, fx_claim (n), "sampled"), ==, n <= 3);
    }
  g_assert_cmpint (risk_int (&store, fx_claim (1), "reasons = '[\"new_officer\"]'"), ==, 1);
  store_close (&store);
}

/* The share, on a deterministic set: a fixed key and 5,000 claim numbers. */
static void
test_share_near_rule (void)
{
  guint8 key[CD_REVIEW_KEY_SIZE], other[CD_REVIEW_KEY_SIZE];
  CdReviewRule rule = { TRUE, 20, 0, 10, 60 };
  CdRiskScore experienced = { .officer_decisions = 500, .score = 10 };
  CdRiskScore beginner = { .officer_decisions = 2, .score = 10 };
  guint drawn = 0, differ = 0, all = 0, none = 0;

  for (guint i = 0; i < sizeof key; i++)
    {
      key[i] = (guint8) i;
      other[i] = (guint8) (i + 1);
    }
  for (guint n = 0; n < 5000; n++)
    {
      g_autofree char *number = g_strdup_printf ("HS-2026-%08u", n);
      guint draw = cd_review_draw (key, sizeof key, number);
      CdReviewReasons reasons = cd_review_rule_sample (&rule, &experienced, draw);

      g_assert_cmpuint (draw, <, 10000);
      /* The same claim draws the same number: proposing it again is no second chance. */
      g_assert_cmpuint (draw, ==, cd_review_draw (key, sizeof key, number));
      differ += draw != cd_review_draw (other, sizeof other, number);
      g_assert_true (reasons == CD_REVIEW_REASON_NONE || reasons == CD_REVIEW_REASON_DRAWN);
      drawn += reasons == CD_REVIEW_REASON_DRAWN;
      g_assert_cmpint (cd_review_rule_sample (&rule, &beginner, draw), ==,
                       CD_REVIEW_REASON_NEW_OFFICER);
      rule.share_percent = 100;
      all += cd_review_rule_sample (&rule, &experienced, draw) != CD_REVIEW_REASON_NONE;
      rule.share_percent = 0;
      none += cd_review_rule_sample (&rule, &experienced, draw) != CD_REVIEW_REASON_NONE;
      rule.share_percent = 10;
    }
  /* 10 % of 5,000 is 500; the binomial's standard deviation is 21. */
  g_assert_cmpuint (drawn, >=, 440);
  g_assert_cmpuint (drawn, <=, 560);
  g_assert_cmpuint (all, ==, 5000);
  g_assert_cmpuint (none, ==, 0);
  /* Another office's key draws other claims. */
  g_assert_cmpuint (differ, >, 4900);

  /* Off, nothing is drawn; at the score, always. */
  rule.enabled = FALSE;
  g_assert_cmpint (cd_review_rule_sample (&rule, &beginner, 0), ==, CD_REVIEW_REASON_NONE);
  rule.enabled = TRUE;
  experienced.score = 60;
  g_assert_cmpint (cd_review_rule_sample (&rule, &experienced, 9999), ==, CD_REVIEW_REASON_SCORE);
}

/* A claim returned and proposed again keeps its draw; the office's key is made once. */
static void
test_draw_stable (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  gint64 draw;

  store_open (&store);
  fx_to_proposed (&store, fx_claim (1), 1000000, fx_officer);
  draw = risk_int (&store, fx_claim (1), "draw");
  key = fx_text (&store, "SELECT value FROM settings WHERE key = 'review.sampling_key'");
  g_assert_cmpuint (strlen (key), ==, 64);
  g_assert_true (cd_workflow_return (store.db, fx_sup1, fx_claim (1), "Thiếu giấy", &error));
  g_assert_no_error (error);
  g_assert_true (cd_workflow_propose (store.db, fx_officer, fx_claim (1), NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM decision_risk"), ==, 2);
  g_assert_cmpint (risk_int (&store, fx_claim (1), "draw"), ==, draw);
  g_assert_cmpint (fx_int (&store, "SELECT count(DISTINCT draw) FROM decision_risk"), ==, 1);
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM settings"
                                   " WHERE key = 'review.sampling_key'"), ==, 1);
  /* What was drawn stays drawn. */
  g_assert_true (fx_refused (&store, "UPDATE decision_risk SET sampled = 0, reasons = '[]'", NULL));
  g_assert_true (fx_refused (&store, "DELETE FROM decision_risk", NULL));
  store_close (&store);
}

/* The score from the claim's open alerts, its newest cross-check's findings and its amount. */
static void
test_score_parts (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  CdApprovalItem *item;

  store_open (&store);
  /* Experience left out (nobody is new), to see the other parts alone. */
  set_rule (&store, TRUE, 0, 0, 0, 60);
  fx_exec (&store,
           "INSERT INTO alerts (kind, subject_kind, subject, claims, explanation_vi,"
           " explanation_en, first_seen, last_seen, state) VALUES"
           " ('leave.overlap', 'person', '079190123456', '[\"HS-T-0001\",\"HS-T-0009\"]', 'x', 'x',"
           "  '2026-11-01T00:00:00Z', '2026-11-01T00:00:00Z', 'new'),"
           " ('certificate.serial_reused', 'certificate', 'S1', '[\"HS-T-0001\"]', 'x', 'x',"
           "  '2026-11-01T00:00:00Z', '2026-11-01T00:00:00Z', 'explained'),"
           " ('facility.leave_volume', 'facility', 'F1', '[\"HS-T-0002\"]', 'x', 'x',"
           "  '2026-11-01T00:00:00Z', '2026-11-01T00:00:00Z', 'referred');"
           "INSERT INTO verifications (claim_id, person_id, source, request, result, discrepancies,"
           " checked_at) VALUES"
           " ((SELECT id FROM claims WHERE number = 'HS-T-0001'), 1, 'cross_check', '{}',"
           "  'mismatch', '[{\"code\":\"a\",\"severity\":\"error\"},{\"code\":\"b\","
           "  \"severity\":\"error\"},{\"code\":\"c\",\"severity\":\"error\"}]',"
           "  '2026-11-01T00:00:00Z'),"
           /* The newest cross-check is the one that counts. */
           " ((SELECT id FROM claims WHERE number = 'HS-T-0001'), 1, 'cross_check', '{}',"
           "  'mismatch', '[{\"code\":\"a\",\"severity\":\"error\"},{\"code\":\"b\","
           "  \"severity\":\"warning\"},{\"code\":\"c\",\"severity\":\"info\"}]',"
           "  '2026-11-02T00:00:00Z')");
  fx_to_proposed (&store, fx_claim (1), 25000000, fx_officer);
  fx_to_proposed (&store, fx_claim (2), 12000000, fx_officer);
  fx_to_proposed (&store, fx_claim (3), 1000000, fx_officer);

  g_assert_cmpint (risk_int (&store, fx_claim (1), "json_extract (parts, '$.alerts')"), ==, 1);
  g_assert_cmpint (risk_int (&store, fx_claim (1), "json_extract (parts, '$.alert_points')"), ==,
                   30);
  g_assert_cmpint (risk_int (&store, fx_claim (1), "json_extract (parts, '$.finding_errors')"),
                   ==, 1);
  g_assert_cmpint (risk_int (&store, fx_claim (1), "json_extract (parts, '$.finding_warnings')"),
                   ==, 1);
  g_assert_cmpint (risk_int (&store, fx_claim (1), "json_extract (parts, '$.finding_points')"),
                   ==, 25);
  g_assert_cmpint (risk_int (&store, fx_claim (1), "json_extract (parts, '$.amount_points')"), ==,
                   20);
  g_assert_cmpint (risk_int (&store, fx_claim (1), "score"), ==, 75);
  g_assert_cmpint (risk_int (&store, fx_claim (1), "reasons = '[\"score\"]'"), ==, 1);
  /* A referred alert is open; half the two-supervisor threshold is a middling amount. */
  g_assert_cmpint (risk_int (&store, fx_claim (2), "score"), ==, 30 + 10);
  g_assert_cmpint (risk_int (&store, fx_claim (2), "sampled"), ==, 0);
  g_assert_cmpint (risk_int (&store, fx_claim (3), "score"), ==, 0);

  items = cd_approval_list_waiting (store.db, cd_session_get_user_id (fx_sup1), &error);
  g_assert_no_error (error);
  item = item_of (items, fx_claim (1));
  g_assert_true (item->review_sampled);
  g_assert_cmpuint (item->risk_score, ==, 75);
  g_assert_nonnull (strstr (item->review_reasons, "Risk score 75 of 100"));
  g_assert_false (item_of (items, fx_claim (2))->review_sampled);
  g_assert_cmpuint (item_of (items, fx_claim (2))->risk_score, ==, 40);
  g_assert_null (item_of (items, fx_claim (2))->review_reasons);
  store_close (&store);
}

static CdSession *
add_head (Store *store)
{
  g_autoptr(GError) error = NULL;
  CdSession *head;

  g_assert_cmpint (cd_users_add (store->db, fx_admin, "gd01", "Võ Thị Giám Đốc", CD_ROLE_HEAD,
                                 FIXTURE_PASSWORD, CD_PASSWORD_KEEP, &error), >, 0);
  g_assert_no_error (error);
  head = cd_users_sign_in (store->db, "gd01", FIXTURE_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cd_session_get_role (head), ==, CD_ROLE_HEAD);
  return head;
}

/* Who sets the rule: the office head and the administrator, audited; not a supervisor. */
static void
test_rule_rights (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdSession) head = NULL;
  CdReviewRule rule = { TRUE, 10, 2, 15, 70 };
  CdReviewRule read = { 0 };

  store_open (&store);
  head = add_head (&store);
  g_assert_false (cd_review_rule_write (store.db, fx_sup1, &rule, &error));
  g_assert_error (error, CD_USERS_ERROR, CD_USERS_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  g_assert_false (cd_review_rule_write (store.db, fx_officer, &rule, &error));
  g_assert_error (error, CD_USERS_ERROR, CD_USERS_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  rule.share_percent = 101;
  g_assert_false (cd_review_rule_write (store.db, head, &rule, &error));
  g_assert_error (error, CD_REVIEW_ERROR, CD_REVIEW_ERROR_INVALID);
  g_clear_error (&error);
  rule.share_percent = 15;
  g_assert_true (cd_review_rule_write (store.db, head, &rule, &error));
  g_assert_no_error (error);
  cd_review_rule_read (store.db, &read);
  g_assert_true (read.enabled);
  g_assert_cmpuint (read.new_officer_decisions, ==, 10);
  g_assert_cmpuint (read.new_officer_months, ==, 2);
  g_assert_cmpuint (read.share_percent, ==, 15);
  g_assert_cmpuint (read.score_threshold, ==, 70);
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM audit_log WHERE action = 'settings.change'"
                                   " AND json_extract (after, '$.review_share_percent') = 15"),
                   ==, 1);
  store_close (&store);
}

/* The matrix of docs/workflow.md, role by role. */
static const struct
{
  CdAccessRight right;
  gboolean      officer, supervisor, head, admin;
} matrix[] = {
  { CD_ACCESS_DASHBOARD_OWN, TRUE, TRUE, TRUE, FALSE },
  { CD_ACCESS_DASHBOARD_OFFICE, FALSE, TRUE, TRUE, FALSE },
  { CD_ACCESS_ALERTS_OWN, TRUE, TRUE, TRUE, TRUE },
  { CD_ACCESS_ALERTS_ALL, FALSE, TRUE, TRUE, TRUE },
  { CD_ACCESS_ALERTS_CHANGE_STATE, FALSE, TRUE, TRUE, TRUE },
  { CD_ACCESS_ALERTS_REFER, FALSE, TRUE, TRUE, FALSE },
  { CD_ACCESS_EXPORT_OWN_LISTS, TRUE, TRUE, TRUE, FALSE },
  { CD_ACCESS_EXPORT_OFFICE_LISTS, FALSE, TRUE, TRUE, FALSE },
  { CD_ACCESS_EXPORT_PAYOUTS, FALSE, TRUE, TRUE, FALSE },
  { CD_ACCESS_STATISTICS_FORMS, FALSE, TRUE, TRUE, FALSE },
  { CD_ACCESS_REVIEW_RISK, FALSE, TRUE, TRUE, FALSE },
  { CD_ACCESS_REVIEW_RULE, FALSE, FALSE, TRUE, TRUE },
};

static void
test_access_matrix (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdSession) head = NULL;

  g_assert_cmpuint (G_N_ELEMENTS (matrix), ==, CD_ACCESS_LAST + 1);
  for (guint i = 0; i < G_N_ELEMENTS (matrix); i++)
    {
      CdAccessRight right = matrix[i].right, back;

      g_assert_cmpint (cd_access_role_allows (CD_ROLE_OFFICER, right), ==, matrix[i].officer);
      g_assert_cmpint (cd_access_role_allows (CD_ROLE_SUPERVISOR, right), ==,
                       matrix[i].supervisor);
      g_assert_cmpint (cd_access_role_allows (CD_ROLE_HEAD, right), ==, matrix[i].head);
      g_assert_cmpint (cd_access_role_allows (CD_ROLE_ADMIN, right), ==, matrix[i].admin);
      g_assert_true (cd_access_right_from_string (cd_access_right_to_string (right), &back));
      g_assert_cmpint (back, ==, right);
      g_assert_false (cd_access_allows (NULL, right));
    }

  /* The test: an officer cannot open the office dashboard. */
  g_assert_false (cd_access_allows (fx_officer, CD_ACCESS_DASHBOARD_OFFICE));
  g_assert_true (cd_access_allows (fx_officer, CD_ACCESS_DASHBOARD_OWN));
  g_assert_false (cd_access_require (fx_officer, CD_ACCESS_DASHBOARD_OFFICE, &error));
  g_assert_error (error, CD_USERS_ERROR, CD_USERS_ERROR_NOT_ALLOWED);
  g_assert_nonnull (strstr (error->message, "cb01"));
  g_clear_error (&error);
  g_assert_true (cd_access_require (fx_sup1, CD_ACCESS_DASHBOARD_OFFICE, &error));
  g_assert_no_error (error);

  /* The head has a supervisor's rights in the workflow too. */
  store_open (&store);
  head = add_head (&store);
  g_assert_true (cd_access_require (head, CD_ACCESS_REVIEW_RULE, &error));
  g_assert_true (cd_workflow_can (CD_CLAIM_STATUS_PROPOSED, CD_WORKFLOW_ACTION_APPROVE,
                                  CD_ROLE_HEAD));
  g_assert_true (cd_workflow_can_open (CD_ROLE_HEAD));
  g_assert_false (cd_workflow_can (CD_CLAIM_STATUS_PROPOSED, CD_WORKFLOW_ACTION_APPROVE,
                                   CD_ROLE_OFFICER));
  fx_to_proposed (&store, fx_claim (1), 1000000, fx_officer);
  g_assert_true (cd_workflow_approve (store.db, head, fx_claim (1), NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (cd_role_to_string (CD_ROLE_HEAD), ==, "head");
  store_close (&store);
}

/* The version just before users took 'head', found by its migration, not by its number. */
static int
version_before_head (void)
{
  guint n;
  const char * const *migrations = cd_schema_get_migrations (&n);

  for (guint i = 0; i < n; i++)
    if (strstr (migrations[i], "CREATE TABLE users_new") != NULL)
      return (int) i;
  g_assert_not_reached ();
}

/* Rebuilding users keeps every account, its id and what points at it. */
static void
test_migration_keeps_accounts (void)
{
  g_autofree char *dir = test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "old.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDatabase) db = NULL;
  Store store = { dir, path, NULL };

  db = cd_database_open_at_version (path, version_before_head (), &error);
  g_assert_no_error (error);
  g_assert_true (cd_database_exec (db,
      "INSERT INTO offices (id, code, name, province_code) VALUES (3, 'BHXH-079-BT', 'Q', '079');"
      "INSERT INTO users (id, office_id, login, full_name, role, password_hash, active,"
      " created_at, must_change_password, failed_sign_ins, locked_until) VALUES"
      " (7, 3, 'cb07', 'Cán Bộ', 'officer', '$argon2id$x', 1, '2026-01-02T03:04:05Z', 0, 2,"
      "  NULL),"
      " (9, 3, 'gs09', 'Giám Sát', 'supervisor', NULL, 0, '2026-01-03T03:04:05Z', 1, 0,"
      "  '2026-02-01T00:00:00Z'),"
      " (12, 3, 'qt12', 'Quản Trị', 'admin', '$argon2id$y', 1, '2026-01-04T03:04:05Z', 0, 0,"
      "  NULL);"
      "INSERT INTO persons (id, personal_id, full_name, family_name, middle_name, given_name,"
      " name_folded, sex, birth_date, updated_at) VALUES (1, '079190123456', 'A B', 'A', '', 'B',"
      " 'a b', 'female', '1990-05-01', '2026-11-01T00:00:00Z');"
      "INSERT INTO claims (id, number, benefit, status, claimant_id, claimant_sort, office_id,"
      " officer_id, period_from, period_to, received_on, created_at, updated_at) VALUES"
      " (1, 'HS-M-0001', 0, 0, 1, 'a b', 3, 7, '2026-09-08', '2026-09-10', 20260911,"
      "  '2026-09-11T08:00:00Z', '2026-09-11T08:00:00Z');",
      &error));
  g_assert_no_error (error);
  /* Before the migration the table refuses the new role: that is why it is rebuilt. */
  g_assert_false (cd_database_exec (db, "UPDATE users SET role = 'head' WHERE id = 9", NULL));
  g_clear_object (&db);

  store.db = cd_database_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cd_database_get_schema_version (store.db), ==,
                   cd_database_get_latest_version ());
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM users"), ==, 3);
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM users WHERE"
                                   " (id = 7 AND login = 'cb07' AND role = 'officer'"
                                   "  AND password_hash = '$argon2id$x' AND failed_sign_ins = 2"
                                   "  AND created_at = '2026-01-02T03:04:05Z')"
                                   " OR (id = 9 AND login = 'gs09' AND active = 0"
                                   "  AND must_change_password = 1"
                                   "  AND locked_until = '2026-02-01T00:00:00Z')"
                                   " OR (id = 12 AND login = 'qt12' AND role = 'admin')"), ==, 3);
  g_assert_cmpint (fx_int (&store, "SELECT u.id FROM claims c JOIN users u ON u.id = c.officer_id"),
                   ==, 7);
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM pragma_foreign_key_check"), ==, 0);
  g_assert_cmpint (fx_int (&store, "PRAGMA foreign_keys"), ==, 1);
  /* The new role is taken; the rest of the table's rules are as they were. */
  fx_exec (&store, "UPDATE users SET role = 'head' WHERE id = 9");
  g_assert_true (fx_refused (&store, "UPDATE users SET role = 'boss' WHERE id = 9", NULL));
  g_assert_true (fx_refused (&store, "DELETE FROM users WHERE id = 12", NULL));
  g_assert_true (fx_refused (&store, "UPDATE claims SET officer_id = 99 WHERE id = 1", NULL));
  g_assert_true (fx_refused (&store, "INSERT INTO users (office_id, login, full_name, role,"
                                     " created_at) VALUES (3, 'cb07', 'X', 'officer', 'x')", NULL));
  g_clear_object (&store.db);
  test_tmpdir_free (g_steal_pointer (&dir));
  g_clear_pointer (&path, g_free);
}

/* The command line takes the new role. */
static void
test_cli_add_head (void)
{
  Store store;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *input = g_strdup_printf ("%s\n%s\n", FIXTURE_PASSWORD, FIXTURE_PASSWORD);
  g_autofree char *role = NULL;
  const char *argv[] = { "user", "add", NULL, NULL, "--login", "gd02", "--full-name",
                         "Đỗ Văn Trưởng", "--role", "head", "--as", "admin", NULL };

  store_open (&store);
  argv[2] = "--db";
  argv[3] = store.path;
  g_assert_cmpint (fx_cli (argv, input, &out, &err), ==, 0);
  role = fx_text (&store, "SELECT role FROM users WHERE login = 'gd02'");
  g_assert_cmpstr (role, ==, "head");
  store_close (&store);
}

/* `review set-rule` as the administrator; a supervisor is refused; `review rule` shows it. */
static void
test_cli_rule (void)
{
  Store store;
  g_autofree char *input = g_strdup_printf ("%s\n", FIXTURE_PASSWORD);
  g_autofree char *out = NULL, *err = NULL, *out2 = NULL, *err2 = NULL, *out3 = NULL;
  g_autofree char *err3 = NULL;
  const char *set[] = { "review", "set-rule", "--db", NULL, "--officer", "admin", "--on",
                        "--share", "30", NULL };
  const char *refused[] = { "review", "set-rule", "--db", NULL, "--officer", "gs01", "--off",
                            NULL };
  const char *show[] = { "review", "rule", "--db", NULL, NULL };
  CdReviewRule rule = { 0 };

  store_open (&store);
  set[3] = refused[3] = show[3] = store.path;
  g_assert_cmpint (fx_cli (set, input, &out, &err), ==, 0);
  cd_review_rule_read (store.db, &rule);
  g_assert_true (rule.enabled);
  g_assert_cmpuint (rule.share_percent, ==, 30);
  g_assert_cmpuint (rule.new_officer_decisions, ==, CD_DEFAULT_REVIEW_NEW_DECISIONS);
  g_assert_cmpint (fx_cli (refused, input, &out2, &err2), !=, 0);
  g_assert_nonnull (strstr (err2, "gs01"));
  cd_review_rule_read (store.db, &rule);
  g_assert_true (rule.enabled);
  g_assert_cmpint (fx_cli (show, NULL, &out3, &err3), ==, 0);
  g_assert_nonnull (strstr (out3, "Share of other proposals: 30 %"));
  store_close (&store);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  fixture_init ();
  g_test_add_func ("/review/bulk-refuses-unopened", test_bulk_refuses_unopened);
  g_test_add_func ("/review/rule-off", test_rule_off);
  g_test_add_func ("/review/new-officer-all", test_new_officer_all);
  g_test_add_func ("/review/share-near-rule", test_share_near_rule);
  g_test_add_func ("/review/draw-stable", test_draw_stable);
  g_test_add_func ("/review/score-parts", test_score_parts);
  g_test_add_func ("/review/rule-rights", test_rule_rights);
  g_test_add_func ("/access/matrix", test_access_matrix);
  g_test_add_func ("/access/migration-keeps-accounts", test_migration_keeps_accounts);
  g_test_add_func ("/access/cli-add-head", test_cli_add_head);
  g_test_add_func ("/review/cli-rule", test_cli_rule);
  status = g_test_run ();
  fixture_shutdown ();
  return status;
}
