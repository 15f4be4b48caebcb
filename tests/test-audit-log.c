/* test-audit-log.c — the hash-chained audit log; `verify-audit` on intact and tampered files. */
#include "cd-audit-log.h"
#include "cd-canonical-json.h"
#include "cd-export-audit.h"
#include "cd-access.h"
#include "cd-workflow.h"
#include "test-util.h"
#include "workflow-fixture.h"

/* A store with a real history: the template's accounts and a few decided claims. */
static void
store_with_history (Store *store)
{
  g_autoptr(GError) error = NULL;

  store_open (store);
  fx_to_proposed (store, fx_claim (1), 900000, fx_officer);
  g_assert_true (cd_workflow_approve (store->db, fx_sup1, fx_claim (1), NULL, &error));
  fx_to_proposed (store, fx_claim (2), 800000, fx_officer);
  g_assert_true (cd_workflow_return (store->db, fx_sup2, fx_claim (2), "Bổ sung \"giấy\"\n",
                                     &error));
  g_assert_no_error (error);
  /* 6 accounts + 4 + 4 workflow steps */
  g_assert_cmpint (fx_int (store, "SELECT count(*) FROM audit_log"), ==, 14);
}

static void
test_append_and_verify (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  CdAuditLogReport report = { 0 };
  CdAuditEntry entry = { "2026-11-22T01:02:03Z", 0, "note", "claim", 1, "{\"b\": 1, \"a\": [2]}",
                         NULL };
  g_autofree char *before = NULL;

  store_with_history (&store);
  g_assert_true (cd_audit_log_append (store.db, &entry, &error));
  g_assert_no_error (error);
  /* Stored in canonical form. */
  before = fx_text (&store, "SELECT before FROM audit_log ORDER BY seq DESC LIMIT 1");
  g_assert_cmpstr (before, ==, "{\"a\":[2],\"b\":1}");

  g_assert_true (cd_audit_log_verify (store.db, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpint (report.kind, ==, CD_AUDIT_BREAK_NONE);
  g_assert_cmpuint (report.n_entries, ==, 15);
  g_assert_nonnull (report.head_hash);
  {
    g_autofree char *last = fx_text (&store,
                                     "SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1");
    g_assert_cmpstr (report.head_hash, ==, last);
  }
  cd_audit_log_report_clear (&report);

  /* Not JSON: refused, nothing written. */
  entry.before = "{not json";
  g_assert_false (cd_audit_log_append (store.db, &entry, &error));
  g_assert_error (error, CD_AUDIT_LOG_ERROR, CD_AUDIT_LOG_ERROR_INVALID);
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM audit_log"), ==, 15);
  store_close (&store);
}

/* The entry text built from the columns is already canonical: what is hashed is what is checked. */
static void
test_entry_json_is_canonical (void)
{
  g_autofree char *json = cd_audit_log_entry_json ("2026-11-22T01:02:03Z", 7, "return", "claim", 3,
                                                   "{\"status\":\"proposed\"}",
                                                   "{\"comment\":\"a\\\"b\\n\",\"status\":\"x\"}");
  g_autofree char *canonical = cd_canonical_json_from_text (json, NULL);
  g_autofree char *system = cd_audit_log_entry_json ("t", 0, "a", "e", 0, NULL, NULL);

  g_assert_cmpstr (json, ==, canonical);
  g_assert_cmpstr (system, ==, "{\"action\":\"a\",\"after\":null,\"at\":\"t\",\"before\":null,"
                               "\"entity\":\"e\",\"entity_id\":null,\"user_id\":null}");
}

/* The append-only triggers hold against an ordinary connection. */
static void
test_triggers_refuse_changes (void)
{
  Store store;

  store_with_history (&store);
  g_assert_true (fx_refused (&store, "UPDATE audit_log SET action = 'x' WHERE seq = 3", NULL));
  g_assert_true (fx_refused (&store, "DELETE FROM audit_log WHERE seq = 3", NULL));
  store_close (&store);
}

/* Tampers with a closed store the way an attacker with the file would: triggers dropped first. */
static void
tamper (const char *path,
        const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDatabase) db = cd_database_open (path, &error);
  g_autofree char *all = g_strdup_printf ("DROP TRIGGER audit_log_no_update;"
                                          "DROP TRIGGER audit_log_no_delete; %s", sql);

  g_assert_no_error (error);
  g_assert_true (cd_database_exec (db, all, &error));
  g_assert_no_error (error);
}

static int
verify_cli (const char  *path,
            char       **out)
{
  const char *argv[] = { "verify-audit", "--db", path, NULL };
  g_autofree char *err = NULL;

  return fx_cli (argv, NULL, out, &err);
}

typedef struct
{
  const char *name;
  const char *sql;
  const char *expected;  /* in verify-audit's output */
} Tampering;

static void
test_verify_audit_cli (void)
{
  static const Tampering cases[] = {
    { "intact", "", "Audit log intact: 14 entries" },
    { "edited-after", "UPDATE audit_log SET after = '{\"status\":\"approved\"}' WHERE seq = 9",
      "broken at entry 9: edited after it was written" },
    { "edited-user", "UPDATE audit_log SET user_id = 5 WHERE seq = 12",
      "broken at entry 12: edited after it was written" },
    { "deleted-middle", "DELETE FROM audit_log WHERE seq = 7",
      "broken at entry 8: entries before it were deleted (expected entry 7)" },
    { "deleted-first", "DELETE FROM audit_log WHERE seq = 1",
      "broken at entry 2: entries before it were deleted (expected entry 1)" },
    { "deleted-and-renumbered", "DELETE FROM audit_log WHERE seq = 5;"
                                "UPDATE audit_log SET seq = seq - 1 WHERE seq > 5",
      "broken at entry 5: out of order" },
    { "swapped", "UPDATE audit_log SET seq = -1 WHERE seq = 10;"
                 "UPDATE audit_log SET seq = 10 WHERE seq = 11;"
                 "UPDATE audit_log SET seq = 11 WHERE seq = -1",
      "broken at entry 10: out of order" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Store store;
      g_autofree char *out = NULL;
      g_autofree char *path = NULL;
      int status;

      store_with_history (&store);
      path = g_strdup (store.path);
      g_clear_object (&store.db);
      if (*cases[i].sql != '\0')
        tamper (path, cases[i].sql);
      status = verify_cli (path, &out);
      g_test_message ("%s: %s", cases[i].name, out);
      g_assert_nonnull (strstr (out, cases[i].expected));
      g_assert_cmpint (status, ==, *cases[i].sql == '\0' ? 0 : 1);
      store_close (&store);
    }
}

/* Appends `n` entries with a valid chain, as someone rewriting the tail would. */
static void
append_forged (const char *path,
               guint       n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDatabase) db = cd_database_open (path, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    {
      CdAuditEntry entry = { NULL, 0, "settings.change", "settings", 0, NULL, "{\"forged\":1}" };

      g_assert_true (cd_audit_log_append (db, &entry, &error));
      g_assert_no_error (error);
    }
}

typedef struct
{
  const char *name;
  const char *sql;       /* tampering; entry 14 is the anchored head */
  guint       append;    /* entries appended afterwards, chained */
  int         status;
  const char *expected;  /* in verify-audit's output */
} AnchorCase;

/* The chain alone cannot tell a log cut back from a shorter one; an anchor kept outside it can.
 * Each case is checked with --anchor, and with the anchor recorded in the store (the weaker check,
 * gone when its rows are deleted too). */
static void
test_verify_audit_anchor (void)
{
  static const AnchorCase cases[] = {
    { "untouched", "", 0, 0, "Audit log intact: 14 entries" },
    { "newest-deleted", "DELETE FROM audit_log WHERE seq > 11", 0, 1,
      "truncated after the anchored entry 14 (the anchor given): the log now ends at entry 11" },
    { "all-deleted", "DELETE FROM audit_log", 0, 1,
      "truncated after the anchored entry 14 (the anchor given): the log now ends at entry 0" },
    { "tail-rewritten", "DELETE FROM audit_log WHERE seq > 11", 5, 1,
      "rewritten after the anchored entry 14 (the anchor given)" },
    { "tail-rewritten-same-length", "DELETE FROM audit_log WHERE seq > 11", 3, 1,
      "rewritten after the anchored entry 14 (the anchor given)" },
  };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Store store;
      g_autofree char *path = NULL;
      g_autofree char *head = NULL;
      g_autofree char *anchor = NULL;
      g_autofree char *out = NULL;
      g_autofree char *plain = NULL;
      g_autofree char *err = NULL;
      gint64 seq = 0;

      store_with_history (&store);
      g_assert_true (cd_audit_log_read_head (store.db, &seq, &head, &error));
      g_assert_no_error (error);
      g_assert_cmpint (seq, ==, 14);
      anchor = g_strdup_printf ("14:%s", head);
      /* As the sync run records central's answer: in a transaction, once per (seq, hash). */
      g_assert_true (cd_database_begin_immediate (store.db, &error));
      g_assert_true (cd_audit_log_record_anchor (store.db, 14, head, "sync", "recorded", &error));
      g_assert_true (cd_audit_log_record_anchor (store.db, 14, head, "bundle", NULL, &error));
      g_assert_true (cd_database_commit (store.db, &error));
      g_assert_no_error (error);
      g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM audit_anchors"), ==, 1);
      path = g_strdup (store.path);
      g_clear_object (&store.db);
      if (*cases[i].sql != '\0')
        tamper (path, cases[i].sql);
      append_forged (path, cases[i].append);

      {
        const char *argv[] = { "verify-audit", "--db", path, "--anchor", anchor, NULL };

        g_assert_cmpint (fx_cli (argv, NULL, &out, &err), ==, cases[i].status);
        g_test_message ("%s: %s", cases[i].name, out);
        g_assert_nonnull (strstr (out, cases[i].expected));
        if (cases[i].status != 0)
          g_assert_cmpuint (test_count_lines (out), ==, 1);
      }
      g_clear_pointer (&err, g_free);
      /* The store's own anchor finds the same… */
      g_assert_cmpint (verify_cli (path, &plain), ==, cases[i].status);
      if (cases[i].status != 0)
        g_assert_nonnull (strstr (plain, "(acknowledged by the central system, as recorded in "
                                         "this store)"));
      /* …unless the one who cut the log deleted it too. */
      if (cases[i].status != 0)
        {
          g_autofree char *without = NULL;
          g_autoptr(CdDatabase) db = cd_database_open (path, &error);

          g_assert_no_error (error);
          g_assert_true (cd_database_exec (db, "DELETE FROM audit_anchors", &error));
          g_assert_no_error (error);
          g_clear_object (&db);
          g_assert_cmpint (verify_cli (path, &without), ==, 0);
        }
      store_close (&store);
    }
}

static void
test_verify_audit_anchor_usage (void)
{
  const char *bad[] = { "14", "14:abc", "x:" "0000000000000000000000000000000000000000000000000000"
                        "000000000000", "-1:" "00000000000000000000000000000000000000000000000000"
                        "00000000000000" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      const char *argv[] = { "verify-audit", "--db", "/nonexistent.db", "--anchor", bad[i], NULL };
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;

      g_assert_cmpint (fx_cli (argv, NULL, &out, &err), ==, 2);
      g_assert_nonnull (strstr (err, "is not an audit anchor"));
      g_assert_cmpuint (test_count_lines (err), ==, 1);
    }
}

static void
test_verify_audit_usage (void)
{
  const char *argv[] = { "verify-audit", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (fx_cli (argv, NULL, &out, &err), ==, 2);
  g_assert_cmpuint (test_count_lines (err), ==, 1);
}

/* An export is recorded as list.export by whoever made it, with the list, the format, the rows
 * and the file's name (not its folder); a locked session exports nothing. */
static void
test_export_recorded (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  g_autofree char *after = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(CdSession) locked = cd_session_new (cd_session_get_user_id (fx_officer), "cb01",
                                                "Cán bộ", CD_ROLE_OFFICER, 10);
  CdAuditLogReport report = { 0 };

  store_open (&store);
  g_assert_true (cd_export_audit_record (store.db, fx_sup1, "dashboard.overdue",
                                         "Hồ sơ quá hạn", CD_EXPORT_CSV, 7,
                                         "/home/gs01/Tài liệu/quá hạn.csv", &error));
  g_assert_no_error (error);
  g_assert_true (cd_export_audit_record (store.db, fx_officer, "claims.my-drafts", "Nháp",
                                         CD_EXPORT_PRINT, 12, NULL, &error));
  g_assert_no_error (error);
  /* The office's lists are not an officer's to take out: refused, nothing recorded. */
  g_assert_false (cd_export_audit_record (store.db, fx_officer, "claims.all-claims", "Tất cả",
                                          CD_EXPORT_PRINT, 12, NULL, &error));
  g_assert_error (error, CD_USERS_ERROR, CD_USERS_ERROR_NOT_ALLOWED);
  g_clear_error (&error);

  sql = g_strdup_printf ("SELECT count(*) FROM audit_log WHERE action = 'list.export'"
                         " AND entity = 'list' AND user_id = %lld",
                         (long long) cd_session_get_user_id (fx_sup1));
  g_assert_cmpint (fx_int (&store, sql), ==, 1);
  after = fx_text (&store, "SELECT after FROM audit_log WHERE action = 'list.export'"
                           " ORDER BY seq LIMIT 1");
  g_assert_cmpstr (after, ==, "{\"file\":\"quá hạn.csv\",\"format\":\"csv\","
                              "\"list\":\"dashboard.overdue\",\"rows\":7,"
                              "\"title\":\"Hồ sơ quá hạn\"}");
  g_clear_pointer (&after, g_free);
  after = fx_text (&store, "SELECT after FROM audit_log WHERE action = 'list.export'"
                           " ORDER BY seq DESC LIMIT 1");
  g_assert_cmpstr (after, ==, "{\"file\":null,\"format\":\"print\","
                              "\"list\":\"claims.my-drafts\",\"rows\":12,"
                              "\"title\":\"Nháp\"}");

  cd_session_lock (locked);
  g_assert_false (cd_export_audit_record (store.db, locked, "claims.all-claims", "Tất cả",
                                          CD_EXPORT_CSV, 1, "x.csv", &error));
  g_assert_error (error, CD_USERS_ERROR, CD_USERS_ERROR_LOCKED);
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM audit_log WHERE action = 'list.export'"),
                   ==, 2);

  g_assert_true (cd_audit_log_verify (store.db, &report, NULL));
  g_assert_cmpint (report.kind, ==, CD_AUDIT_BREAK_NONE);
  cd_audit_log_report_clear (&report);
  store_close (&store);
}

/* Whose figures a session reads, and which lists it may take out: the office's for a supervisor,
 * their own for an officer, none for an administrator (who runs accounts, not claims) or a locked
 * session. */
static void
test_figures_and_exports_by_role (void)
{
  g_autoptr(CdSession) locked = cd_session_new (cd_session_get_user_id (fx_sup1), "gs01",
                                                "Giám sát", CD_ROLE_SUPERVISOR, 10);
  g_autoptr(GError) error = NULL;
  gint64 officer_id = -1;

  g_assert_true (cd_access_figures_scope (fx_sup1, &officer_id, &error));
  g_assert_cmpint (officer_id, ==, 0);
  g_assert_true (cd_access_figures_scope (fx_officer, &officer_id, &error));
  g_assert_cmpint (officer_id, ==, cd_session_get_user_id (fx_officer));
  g_assert_true (cd_access_figures_scope (NULL, &officer_id, &error));
  g_assert_cmpint (officer_id, ==, 0);
  g_assert_false (cd_access_figures_scope (fx_admin, &officer_id, &error));
  g_assert_error (error, CD_USERS_ERROR, CD_USERS_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  cd_session_lock (locked);
  g_assert_false (cd_access_figures_scope (locked, &officer_id, &error));
  g_assert_error (error, CD_USERS_ERROR, CD_USERS_ERROR_LOCKED);
  g_clear_error (&error);

  /* An officer takes out their own lists, not the office's, nor the forms. */
  g_assert_true (cd_export_audit_check (fx_officer, "claims.my-drafts", &error));
  g_assert_true (cd_export_audit_check (fx_officer, "dashboard.by-week", &error));
  g_assert_no_error (error);
  g_assert_false (cd_export_audit_check (fx_officer, "claims.all-claims", &error));
  g_assert_error (error, CD_USERS_ERROR, CD_USERS_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  g_assert_false (cd_export_audit_check (fx_officer, "forms.22b-hsb", &error));
  g_clear_error (&error);
  g_assert_true (cd_export_audit_check (fx_sup1, "claims.all-claims", &error));
  g_assert_true (cd_export_audit_check (fx_sup1, "forms.22b-hsb", &error));
  g_assert_no_error (error);
  g_assert_false (cd_export_audit_check (fx_admin, "search.results", &error));
  g_clear_error (&error);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  fixture_init ();

  g_test_add_func ("/audit-log/append-and-verify", test_append_and_verify);
  g_test_add_func ("/audit-log/entry-json-is-canonical", test_entry_json_is_canonical);
  g_test_add_func ("/audit-log/triggers-refuse-changes", test_triggers_refuse_changes);
  g_test_add_func ("/audit-log/verify-audit-cli", test_verify_audit_cli);
  g_test_add_func ("/audit-log/verify-audit-usage", test_verify_audit_usage);
  g_test_add_func ("/audit-log/verify-audit-anchor", test_verify_audit_anchor);
  g_test_add_func ("/audit-log/verify-audit-anchor-usage", test_verify_audit_anchor_usage);
  g_test_add_func ("/audit-log/export-recorded", test_export_recorded);
  g_test_add_func ("/audit-log/figures-and-exports-by-role", test_figures_and_exports_by_role);

  status = g_test_run ();
  fixture_shutdown ();
  return status;
}
