/* test-seed.c — filling a store from the synthetic world; all or nothing on a full disk. */
#include <glib/gstdio.h>

#include "cd-canonical-json.h"
#include "cd-claim-types.h"
#include "cd-database.h"
#include "cd-seed.h"
#include "cd-statement.h"
#include "test-util.h"

static gint64
query_int (CdDatabase *db,
           const char *sql)
{
  g_autoptr(CdStatement) stmt = NULL;
  gint64 value;

  stmt = cd_database_prepare (db, sql, NULL);
  g_assert_nonnull (stmt);
  g_assert_cmpint (cd_statement_step (stmt, NULL), ==, CD_STEP_ROW);
  value = cd_statement_get_int64 (stmt, 0);
  return value;
}

static int
sort_strings (const char **a,
              const char **b)
{
  return strcmp (*a, *b);
}

/* A SHA-256 over every row of every table, in a fixed order: two stores with the same digest hold
 * the same data. */
static char *
digest_store (CdDatabase *db)
{
  static const char * const tables[] = {
    "settings", "offices", "users", "employers", "employer_days", "persons", "family_links",
    "contribution_months", "claims", "claim_counts", "decisions", "approvals", "outbox",
  };
  GChecksum *sum = g_checksum_new (G_CHECKSUM_SHA256);
  char *hex;

  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM %s", tables[t]);
      g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(CdStatement) stmt = NULL;

      /* Rows are sorted here, so the digest does not depend on any table's storage order. */
      stmt = cd_database_prepare (db, sql, NULL);
      g_assert_nonnull (stmt);
      while (cd_statement_step (stmt, NULL) == CD_STEP_ROW)
        {
          GString *row = g_string_new (NULL);
          for (int c = 0; c < cd_statement_get_n_columns (stmt); c++)
            {
              const char *text = cd_statement_get_text (stmt, c);
              g_string_append (row, text != NULL ? (const char *) text : "\x01NULL");
              g_string_append_c (row, '\x1f');
            }
          g_ptr_array_add (rows, g_string_free (row, FALSE));
        }
      g_ptr_array_sort (rows, (GCompareFunc) sort_strings);
      g_checksum_update (sum, (const guchar *) tables[t], -1);
      for (guint r = 0; r < rows->len; r++)
        g_checksum_update (sum, rows->pdata[r], -1);
    }
  hex = g_strdup (g_checksum_get_string (sum));
  g_checksum_free (sum);
  return hex;
}

static CdDatabase *
seeded (const char *dir,
        const char *name,
        guint64     seed)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  CdDatabase *db = cd_database_open (path, &error);

  g_assert_no_error (error);
  g_assert_true (cd_seed_run (db, seed, 300, 1200, NULL, NULL, &error));
  g_assert_no_error (error);
  return db;
}

static void
test_seed_fills_every_table (void)
{
  char *dir = test_tmpdir_new ();
  g_autoptr(CdDatabase) db = seeded (dir, "a.db", 1);

  g_assert_cmpint (query_int (db, "SELECT count(*) FROM claims"), ==, 1200);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM persons WHERE world_index % 8 = 0"), ==,
                   300);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM persons"), >, 600);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM family_links WHERE relation = 'spouse'"), >,
                   300);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM contribution_months"), >, 2500);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM employers"), >=, 8);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM users WHERE role = 'officer'"), ==, 12);

  /* Every benefit case in every workflow status a claim can rest in: `approved` is passed through
   * inside the approval's transaction (the decision is frozen and queued at once, as the seed does
   * through the same path), so the world's approved claims are queued. */
  g_assert_cmpint (
      query_int (db, "SELECT count(*) FROM (SELECT DISTINCT benefit, status FROM claims)"), ==,
      CD_N_BENEFITS * (CD_N_CLAIM_STATUSES - 1));
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM claims WHERE status = 4"), ==, 0);

  /* The counts the list uses agree with the table. */
  g_assert_cmpint (query_int (db, "SELECT sum(n) FROM claim_counts"), ==, 1200);
  g_assert_cmpint (
      query_int (db, "SELECT count(*) FROM (SELECT status, benefit, officer_id, count(*) AS k"
                     " FROM claims GROUP BY 1, 2, 3) AS g LEFT JOIN claim_counts AS cc"
                     " USING (status, benefit, officer_id) WHERE cc.n IS NOT g.k"),
      ==, 0);

  /* Consistent by construction (the seed checks neither row by row), and the search index and list
   * indexes are back. */
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM pragma_foreign_key_check"), ==, 0);
  g_assert_cmpint (
      query_int (db, "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check <> 'ok'"),
      ==, 0);
  g_assert_cmpint (query_int (db, "PRAGMA ignore_check_constraints"), ==, 0);
  g_assert_cmpint (
      query_int (db, "SELECT count(*) FROM person_name WHERE person_name MATCH '\"nguyen\"*'"), ==,
      query_int (db, "SELECT count(*) FROM persons WHERE name_folded GLOB 'nguyen *'"));
  g_assert_cmpint (
      query_int (db, "SELECT count(*) FROM sqlite_schema WHERE name GLOB 'claims_by_*'"), ==, 8);
  g_assert_cmpint (
      query_int (db, "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL"),
      ==, 28 /* all of them, as the migrations made them */);
  g_assert_cmpint (
      query_int (db, "SELECT count(*) FROM person_search WHERE person_search MATCH 'nguyen'"), ==,
      query_int (db, "SELECT count(*) FROM persons WHERE name_folded GLOB 'nguyen *'"
                     " OR name_folded GLOB '* nguyen *' OR name_folded GLOB '* nguyen'"));
  g_assert_cmpint (query_int (db, "PRAGMA foreign_keys"), ==, 1);
  g_assert_cmpint (query_int (db, "PRAGMA synchronous"), ==, 2);
  test_tmpdir_free (dir);
}

static void
test_decisions_and_outbox (void)
{
  char *dir = test_tmpdir_new ();
  g_autoptr(CdDatabase) db = seeded (dir, "a.db", 2);
  g_autoptr(CdStatement) stmt = NULL;
  guint checked = 0;

  /* Approved and queued claims have a frozen decision and an outbox item waiting. */
  g_assert_cmpint (
      query_int (db, "SELECT count(*) FROM claims AS c WHERE c.status IN (4, 7) AND NOT EXISTS"
                     " (SELECT 1 FROM decisions AS d JOIN outbox AS o ON o.decision_id = d.id"
                     "  WHERE d.claim_id = c.id AND d.state = 'approved' AND o.state = 'queued')"),
      ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM outbox WHERE state = 'queued'"), >, 0);
  /* The approver is never the proposer. */
  g_assert_cmpint (
      query_int (db,
                 "SELECT count(*) FROM approvals AS a JOIN decisions AS d ON d.id = a.decision_id"
                 " WHERE a.approver_id = d.proposed_by"),
      ==, 0);

  /* The stored hash is the SHA-256 of the stored canonical payload. */
  stmt = cd_database_prepare (db, "SELECT payload, payload_sha256, uuid FROM decisions"
                              " WHERE payload IS NOT NULL", NULL);
  g_assert_nonnull (stmt);
  while (cd_statement_step (stmt, NULL) == CD_STEP_ROW)
    {
      const char *payload = cd_statement_get_text (stmt, 0);
      g_autofree char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, payload, -1);
      g_autofree char *id = g_strdup_printf ("\"id\":\"%s\"",
                                             cd_statement_get_text (stmt, 2));

      g_autofree char *canonical = cd_canonical_json_from_text (payload, NULL);

      g_assert_cmpstr (sha, ==, cd_statement_get_text (stmt, 1));
      /* Written by hand for speed, and still its own canonical form. */
      g_assert_cmpstr (canonical, ==, payload);
      g_assert_nonnull (strstr (payload, "\"format\":\"claimdesk-decision-2\""));
      g_assert_true (g_str_has_prefix (payload, "{\"amount\":"));
      g_assert_nonnull (strstr (payload, id));
      g_assert_true (g_uuid_string_is_valid (cd_statement_get_text (stmt, 2)));
      checked++;
    }
  g_assert_cmpuint (checked, >, 100);

  /* Every frozen decision went through the approval's freeze: its audit entry is in a verifiable
   * chain, and it has its outbox item. */
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM decisions WHERE frozen_at IS NOT NULL"), ==,
                   query_int (db, "SELECT count(*) FROM audit_log WHERE action = 'approve'"));
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM decisions WHERE frozen_at IS NOT NULL"), ==,
                   query_int (db, "SELECT count(*) FROM outbox"));
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM claims WHERE status = 8"), ==,
                   query_int (db, "SELECT count(*) FROM audit_log WHERE action = 'mark_synced'"));
  {
    const char *argv[] = { g_getenv ("CLAIMDESK_CLI"), "verify-audit", "--db",
                           cd_database_get_path (db), NULL };
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    g_assert_cmpint (test_run (argv, &out, &err), ==, 0);
    g_assert_true (g_str_has_prefix (out, "Audit log intact: "));
  }

  /* A frozen decision cannot change; the proposer cannot approve. */
  g_assert_false (cd_database_exec (
      db, "UPDATE decisions SET amount = amount + 1 WHERE frozen_at IS NOT NULL;", NULL));
  g_assert_false (
      cd_database_exec (db,
                        "INSERT INTO approvals SELECT id, proposed_by, 'x' FROM decisions"
                        " WHERE state = 'proposed' LIMIT 1;",
                        NULL));
  test_tmpdir_free (dir);
}

static void
test_same_seed_same_data (void)
{
  char *dir = test_tmpdir_new ();
  g_autoptr(CdDatabase) a = seeded (dir, "a.db", 77);
  g_autoptr(CdDatabase) b = seeded (dir, "b.db", 77);
  g_autoptr(CdDatabase) c = seeded (dir, "c.db", 78);
  g_autofree char *da = digest_store (a);
  g_autofree char *db = digest_store (b);
  g_autofree char *dc = digest_store (c);

  g_assert_cmpstr (da, ==, db);
  g_assert_cmpstr (da, !=, dc);
  test_tmpdir_free (dir);
}

static void
test_seed_refuses_non_empty_store_and_bad_counts (void)
{
  char *dir = test_tmpdir_new ();
  g_autoptr(CdDatabase) db = seeded (dir, "a.db", 3);
  g_autoptr(GError) error = NULL;

  g_assert_false (cd_seed_run (db, 3, 10, 10, NULL, NULL, &error));
  g_assert_error (error, CD_SEED_ERROR, CD_SEED_ERROR_NOT_EMPTY);
  g_clear_error (&error);
  g_assert_false (cd_seed_run (db, 3, 10, 81, NULL, NULL, &error));
  g_assert_error (error, CD_SEED_ERROR, CD_SEED_ERROR_INVALID);
  test_tmpdir_free (dir);
}

static void
test_full_disk_changes_nothing (void)
{
  char *dir = test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "full.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDatabase) db = cd_database_open (path, &error);
  g_autofree char *cap = NULL;

  g_assert_no_error (error);
  /* A disk that fills up a few pages from now, deterministically, whoever runs the test. */
  cap = g_strdup_printf ("PRAGMA max_page_count = %" G_GINT64_FORMAT ";",
                         query_int (db, "PRAGMA page_count") + 20);
  g_assert_true (cd_database_exec (db, cap, NULL));

  g_assert_false (cd_seed_run (db, 1, 300, 1200, NULL, NULL, &error));
  g_assert_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_FULL);
  g_assert_nonnull (strstr (error->message, "full"));
  g_assert_nonnull (strstr (error->message, path));

  /* Nothing of the seed is left, the file is sound, and the connection still works. */
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM persons"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM users"), ==, 0);
  g_assert_cmpint (
      query_int (db, "SELECT count(*) FROM sqlite_schema WHERE name GLOB 'claims_by_*'"), ==, 8);
  g_assert_cmpint (
      query_int (db, "SELECT count(*) FROM sqlite_schema WHERE name GLOB 'persons_search_*'"), ==,
      3);
  g_clear_object (&db);
  g_clear_error (&error);

  db = cd_database_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM persons"), ==, 0);
  test_tmpdir_free (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/seed/fills-every-table", test_seed_fills_every_table);
  g_test_add_func ("/seed/decisions-and-outbox", test_decisions_and_outbox);
  g_test_add_func ("/seed/same-seed-same-data", test_same_seed_same_data);
  g_test_add_func ("/seed/refuses-non-empty-and-bad-counts",
                   test_seed_refuses_non_empty_store_and_bad_counts);
  g_test_add_func ("/seed/full-disk-changes-nothing", test_full_disk_changes_nothing);

  return g_test_run ();
}
