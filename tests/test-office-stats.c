/* test-office-stats.c — the office dashboard's figures from running counts (issue 18, item 1).
 *
 * Two kinds of store: a seeded one (app/demo's world: a few thousand claims of every benefit and
 * status, decided, refused and synced), whose figures must agree with a plain recomputation over
 * claims written in the test, and with the per-claim deadline report; and the workflow fixture,
 * where the running counts are checked against the claims after each kind of change (insert,
 * status, amount, officer, employer, day of receipt, freeze, rejection, outbox move, delete).
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "cd-deadline-report.h"
#include "cd-office-stats.h"
#include "cd-seed.h"
#include "cd-statement.h"
#include "cd-workflow.h"
#include "test-util.h"
#include "workflow-fixture.h"

static CdRulePack *pack;

static CdDay
day_of (const char *text)
{
  CdDay day = CD_DAY_NONE;

  g_assert_true (cd_date_parse (text, &day));
  return day;
}

/* The rows of `sql`, one line each, columns separated by '|'. */
static char *
rows_text (CdDatabase *db,
           const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStatement) stmt = cd_database_prepare (db, sql, &error);
  GString *text = g_string_new (NULL);
  CdStep step;

  g_assert_no_error (error);
  while ((step = cd_statement_step (stmt, &error)) == CD_STEP_ROW)
    {
      for (int i = 0; i < cd_statement_get_n_columns (stmt); i++)
        g_string_append_printf (text, "%s%s", i > 0 ? "|" : "",
                                cd_statement_is_null (stmt, i) ? "NULL"
                                : cd_statement_get_text (stmt, i));
      g_string_append_c (text, '\n');
    }
  g_assert_cmpint (step, ==, CD_STEP_DONE);
  return g_string_free (text, FALSE);
}

static gint64
int_of (CdDatabase *db,
        const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStatement) stmt = cd_database_prepare (db, sql, &error);

  g_assert_no_error (error);
  g_assert_cmpint (cd_statement_step (stmt, &error), ==, CD_STEP_ROW);
  return cd_statement_get_int64 (stmt, 0);
}

/* Every running count against the claims it counts, recounted here in plain SQL. The day of
 * decision is written without the store's expression: the first freeze's date, else a rejected
 * claim's last change (TZ=UTC, so the office's date is the UTC one). */
static void
assert_counts_match (CdDatabase *db)
{
  g_autofree char *kept = NULL;
  g_autofree char *counted = NULL;

  kept = rows_text (db, "SELECT received_on, officer_id, benefit, status, n, amount"
                        " FROM claim_stats_day WHERE n > 0 ORDER BY 1, 2, 3, 4");
  counted = rows_text (db, "SELECT received_on, officer_id, benefit, status, count(*),"
                           " sum (amount) FROM claims GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4");
  g_assert_cmpstr (kept, ==, counted);
  g_clear_pointer (&kept, g_free);
  g_clear_pointer (&counted, g_free);

  kept = rows_text (db, "SELECT received_on, officer_id, decided_on, n FROM claim_stats_decided"
                        " WHERE n > 0 ORDER BY 1, 2, 3");
  counted = rows_text (db, "SELECT c.received_on, c.officer_id,"
                           "  CASE WHEN f.first IS NOT NULL"
                           "    THEN CAST (replace (substr (f.first, 1, 10), '-', '') AS INTEGER)"
                           "   WHEN c.status = 6"
                           "    THEN CAST (replace (substr (c.updated_at, 1, 10), '-', '')"
                           "               AS INTEGER)"
                           "   ELSE 0 END AS decided, count(*)"
                           " FROM claims c LEFT JOIN (SELECT claim_id, min (frozen_at) AS first"
                           "   FROM decisions WHERE frozen_at IS NOT NULL GROUP BY claim_id) f"
                           "   ON f.claim_id = c.id"
                           " GROUP BY 1, 2, 3 ORDER BY 1, 2, 3");
  g_assert_cmpstr (kept, ==, counted);
  g_clear_pointer (&kept, g_free);
  g_clear_pointer (&counted, g_free);

  /* Each running total is the claims of its employer (and officer) received up to its day… */
  g_assert_cmpint (int_of (db, "SELECT count(*) FROM claim_stats_employer t"
                               " WHERE t.n <> (SELECT count(*) FROM claims c"
                               "   WHERE coalesce (c.employer_id, 0) = t.employer_id"
                               "   AND (t.officer_id = 0 OR c.officer_id = t.officer_id)"
                               "   AND c.received_on <= t.received_on)"
                               " OR t.amount <> (SELECT coalesce (sum (c.amount), 0) FROM claims c"
                               "   WHERE coalesce (c.employer_id, 0) = t.employer_id"
                               "   AND (t.officer_id = 0 OR c.officer_id = t.officer_id)"
                               "   AND c.received_on <= t.received_on)"), ==, 0);
  /* …and every day with claims has its total, in both scopes. */
  g_assert_cmpint (int_of (db, "SELECT count(*) FROM claims c WHERE NOT EXISTS"
                               " (SELECT 1 FROM claim_stats_employer t WHERE t.officer_id = 0"
                               "  AND t.employer_id = coalesce (c.employer_id, 0)"
                               "  AND t.received_on = c.received_on)"
                               " OR NOT EXISTS"
                               " (SELECT 1 FROM claim_stats_employer t"
                               "  WHERE t.officer_id = c.officer_id"
                               "  AND t.employer_id = coalesce (c.employer_id, 0)"
                               "  AND t.received_on = c.received_on)"), ==, 0);

  kept = rows_text (db, "SELECT state, officer_id, n FROM claim_stats_outbox WHERE n > 0"
                        " ORDER BY 1, 2");
  counted = rows_text (db, "SELECT o.state, c.officer_id, count(*) FROM outbox o"
                           " JOIN decisions d ON d.id = o.decision_id"
                           " JOIN claims c ON c.id = d.claim_id GROUP BY 1, 2 ORDER BY 1, 2");
  g_assert_cmpstr (kept, ==, counted);
}

static const CdOfficeStatsGroup *
find_group (GPtrArray  *groups,
            const char *key)
{
  for (guint i = 0; i < groups->len; i++)
    {
      const CdOfficeStatsGroup *group = g_ptr_array_index (groups, i);

      if (g_strcmp0 (group->key, key) == 0)
        return group;
    }
  return NULL;
}

/* The groups of `sql` (key, n, amount) against `groups`, the same keys in any order. */
static void
assert_groups (CdDatabase *db,
               GPtrArray  *groups,
               const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStatement) stmt = cd_database_prepare (db, sql, &error);
  guint n_rows = 0;
  CdStep step;

  g_assert_no_error (error);
  while ((step = cd_statement_step (stmt, &error)) == CD_STEP_ROW)
    {
      const CdOfficeStatsGroup *group = find_group (groups, cd_statement_get_text (stmt, 0));

      g_assert_nonnull (group);
      g_assert_cmpuint (group->n, ==, cd_statement_get_int64 (stmt, 1));
      g_assert_cmpint (group->amount, ==, cd_statement_get_int64 (stmt, 2));
      n_rows++;
    }
  g_assert_cmpint (step, ==, CD_STEP_DONE);
  g_assert_cmpuint (groups->len, ==, n_rows);
}

static void
assert_agrees_with_claims (CdDatabase *db,
                           CdDay       from,
                           CdDay       to,
                           CdDay       today)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdOfficeStats) stats = NULL;
  g_autoptr(CdDeadlineReport) report = NULL;
  g_autoptr(CdStatement) stmt = NULL;
  g_autofree char *range = g_strdup_printf ("received_on BETWEEN %u AND %u",
                                            cd_date_to_yyyymmdd (from), cd_date_to_yyyymmdd (to));
  g_autofree char *sql = NULL;
  guint64 others_n = 0;
  gint64 others_amount = 0;
  guint rank = 0;
  CdStep step;

  stats = cd_office_stats_read (db, pack, NULL, from, to, today, &error);
  g_assert_no_error (error);
  g_assert_nonnull (stats);

  sql = g_strdup_printf ("SELECT count(*) FROM claims WHERE %s", range);
  g_assert_cmpuint (stats->received, ==, int_of (db, sql));
  g_assert_cmpuint (stats->received, >, 0);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT coalesce (sum (amount), 0) FROM claims WHERE %s", range);
  g_assert_cmpint (stats->amount, ==, int_of (db, sql));
  g_clear_pointer (&sql, g_free);

  sql = g_strdup_printf ("SELECT b.name, count(*), sum (c.amount) FROM claims c"
                         " JOIN benefit_cases b ON b.code = c.benefit WHERE c.%s GROUP BY b.name",
                         range);
  assert_groups (db, stats->by_benefit, sql);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT s.name, count(*), sum (c.amount) FROM claims c"
                         " JOIN claim_statuses s ON s.code = c.status WHERE c.%s GROUP BY s.name",
                         range);
  assert_groups (db, stats->by_status, sql);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT u.login, count(*), sum (c.amount) FROM claims c"
                         " JOIN users u ON u.id = c.officer_id WHERE c.%s GROUP BY u.login",
                         range);
  assert_groups (db, stats->by_officer, sql);
  g_clear_pointer (&sql, g_free);

  /* The employers, most claims first, then by code: the top ones by name, the rest summed. */
  sql = g_strdup_printf ("SELECT coalesce (e.code, 'none'), count(*), sum (c.amount) FROM claims c"
                         " LEFT JOIN employers e ON e.id = c.employer_id WHERE c.%s"
                         " GROUP BY c.employer_id ORDER BY 2 DESC, 1", range);
  stmt = cd_database_prepare (db, sql, &error);
  g_assert_no_error (error);
  while ((step = cd_statement_step (stmt, &error)) == CD_STEP_ROW)
    {
      if (rank < CD_OFFICE_STATS_TOP_EMPLOYERS)
        {
          const CdOfficeStatsGroup *group = g_ptr_array_index (stats->by_employer, rank);

          g_assert_cmpstr (group->key, ==, cd_statement_get_text (stmt, 0));
          g_assert_cmpuint (group->n, ==, cd_statement_get_int64 (stmt, 1));
          g_assert_cmpint (group->amount, ==, cd_statement_get_int64 (stmt, 2));
        }
      else
        {
          others_n += cd_statement_get_int64 (stmt, 1);
          others_amount += cd_statement_get_int64 (stmt, 2);
        }
      rank++;
    }
  g_assert_cmpint (step, ==, CD_STEP_DONE);
  g_assert_cmpuint (rank, >, CD_OFFICE_STATS_TOP_EMPLOYERS);
  g_assert_cmpuint (stats->by_employer->len, ==, CD_OFFICE_STATS_TOP_EMPLOYERS + 1);
  {
    const CdOfficeStatsGroup *others = g_ptr_array_index (stats->by_employer,
                                                          CD_OFFICE_STATS_TOP_EMPLOYERS);

    g_assert_cmpstr (others->key, ==, CD_OFFICE_STATS_KEY_OTHERS);
    g_assert_cmpuint (others->n, ==, others_n);
    g_assert_cmpint (others->amount, ==, others_amount);
  }
  g_clear_pointer (&stmt, cd_statement_free);
  g_clear_pointer (&sql, g_free);

  /* The deadline's figures, against the per-claim report. */
  report = cd_deadline_report_build (db, pack, NULL, from, to, today, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stats->received, ==, report->received);
  g_assert_cmpuint (stats->decided, ==, report->decided);
  g_assert_cmpuint (stats->on_time, ==, report->on_time);
  g_assert_cmpuint (stats->late, ==, report->late);
  g_assert_cmpuint (stats->open, ==, report->open);
  g_assert_cmpuint (stats->open_overdue, ==, report->open_overdue);
  g_assert_cmpfloat_with_epsilon (stats->on_time_share, report->on_time_share, 1e-12);
  g_assert_cmpint (stats->assumed, ==, report->assumed);
  g_assert_cmpuint (stats->weeks->len, ==, report->weeks->len);
  for (guint i = 0; i < stats->weeks->len; i++)
    {
      const CdOfficeStatsGroup *week = g_ptr_array_index (stats->weeks, i);
      const CdDeadlineGroup *expected = g_ptr_array_index (report->weeks, i);

      g_assert_cmpstr (week->key, ==, expected->key);
      g_assert_cmpint (week->first_day, ==, expected->first_day);
      g_assert_cmpuint (week->n, ==, expected->received);
      g_assert_cmpuint (week->decided, ==, expected->decided);
      g_assert_cmpuint (week->on_time, ==, expected->on_time);
      g_assert_cmpuint (week->late, ==, expected->late);
      g_assert_cmpuint (week->open_overdue, ==, expected->open_overdue);
    }
  g_assert_cmpuint (stats->by_officer->len, ==, report->by_officer->len);
  for (guint i = 0; i < stats->by_officer->len; i++)
    {
      const CdOfficeStatsGroup *officer = g_ptr_array_index (stats->by_officer, i);
      const CdDeadlineGroup *expected = g_ptr_array_index (report->by_officer, i);

      g_assert_cmpstr (officer->key, ==, expected->key);
      g_assert_cmpuint (officer->decided, ==, expected->decided);
      g_assert_cmpuint (officer->on_time, ==, expected->on_time);
      g_assert_cmpuint (officer->open_overdue, ==, expected->open_overdue);
    }
  /* The most working days over first, as many as the dashboard lists. */
  g_assert_cmpuint (stats->overdue->len, ==,
                    MIN (report->overdue->len, CD_OFFICE_STATS_MAX_OVERDUE));
  for (guint i = 0; i < stats->overdue->len; i++)
    g_assert_cmpstr (((CdDeadlineClaim *) g_ptr_array_index (stats->overdue, i))->number, ==,
                     ((CdDeadlineClaim *) g_ptr_array_index (report->overdue, i))->number);

  /* Both ways of listing them, whole, against the report's read of every claim. */
  for (guint way = 0; way < 2; way++)
    {
      g_autoptr(GPtrArray) overdue =
        (way == 0 ? cd_deadline_report_list_overdue
                  : cd_deadline_report_list_overdue_in_days) (db, pack, 0, from, to, today, NULL,
                                                              &error);

      g_assert_no_error (error);
      g_assert_cmpuint (overdue->len, ==, report->overdue->len);
      for (guint i = 0; i < overdue->len; i++)
        g_assert_cmpstr (((CdDeadlineClaim *) g_ptr_array_index (overdue, i))->number, ==,
                         ((CdDeadlineClaim *) g_ptr_array_index (report->overdue, i))->number);
    }

  g_assert_cmpuint (stats->outbox.queued, ==,
                    int_of (db, "SELECT count(*) FROM outbox WHERE state = 'queued'"));
  g_assert_cmpuint (stats->outbox.acknowledged, ==,
                    int_of (db, "SELECT count(*) FROM outbox WHERE state = 'acknowledged'"));
  g_assert_cmpuint (stats->outbox.refused, ==,
                    int_of (db, "SELECT count(*) FROM outbox WHERE state = 'refused'"));
  g_assert_cmpuint (stats->outbox.sending + stats->outbox.quarantined, ==,
                    int_of (db, "SELECT count(*) FROM outbox"
                                " WHERE state IN ('sending', 'quarantined')"));
}

static char *
seeded_store (CdDatabase **db)
{
  char *dir = test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "seeded.db", NULL);
  g_autoptr(GError) error = NULL;

  *db = cd_database_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (cd_seed_run (*db, 1, 500, 3000, NULL, NULL, &error));
  g_assert_no_error (error);
  return dir;
}

static void
test_seeded_agrees (void)
{
  g_autoptr(CdDatabase) db = NULL;
  char *dir = seeded_store (&db);

  assert_counts_match (db);
  /* Twelve weeks, a period cut mid-week at both ends, as of days in and after it. */
  assert_agrees_with_claims (db, day_of ("2026-08-31"), day_of ("2026-11-22"),
                             day_of ("2026-11-25"));
  assert_agrees_with_claims (db, day_of ("2026-03-04"), day_of ("2026-10-15"),
                             day_of ("2026-09-01"));
  /* Everything since the pack has a deadline (6 working days from 1 Jul 2024, then 7). */
  assert_agrees_with_claims (db, day_of ("2024-07-01"), day_of ("2026-12-31"),
                             day_of ("2027-01-20"));
  g_clear_object (&db);
  test_tmpdir_free (dir);
}

/* The schema version that added the running counts (docs/data-model.md). */
#define CLAIM_STATS_VERSION 19

/* A store from before the running counts: the migration counts what is there. Only that
 * migration runs again: later ones have made their objects already. */
static void
test_migration_backfills (void)
{
  g_autoptr(CdDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  char *dir = seeded_store (&db);
  g_autofree char *path = g_strdup (cd_database_get_path (db));
  g_autofree char *back = g_strdup_printf ("PRAGMA user_version = %d", CLAIM_STATS_VERSION - 1);
  g_autoptr(GPtrArray) drops = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(CdStatement) stmt = NULL;

  stmt = cd_database_prepare (db, "SELECT type, name FROM sqlite_schema"
                                  " WHERE name GLOB 'claim_stats_*'"
                                  " AND type IN ('table', 'trigger')"
                                  " ORDER BY type DESC", &error);
  g_assert_no_error (error);
  while (cd_statement_step (stmt, &error) == CD_STEP_ROW)
    g_ptr_array_add (drops, g_strdup_printf ("DROP %s %s", cd_statement_get_text (stmt, 0),
                                             cd_statement_get_text (stmt, 1)));
  g_assert_no_error (error);
  g_clear_pointer (&stmt, cd_statement_free);
  /* Four tables and their triggers. */
  g_assert_cmpuint (drops->len, >=, 4 + 8);
  for (guint i = 0; i < drops->len; i++)
    g_assert_true (cd_database_exec (db, drops->pdata[i], NULL));
  g_assert_true (cd_database_exec (db, back, NULL));
  g_clear_object (&db);

  db = cd_database_open_at_version (path, CLAIM_STATS_VERSION, &error);
  g_assert_no_error (error);
  g_assert_cmpint (int_of (db, "SELECT count(*) FROM claim_stats_day"), >, 0);
  assert_counts_match (db);
  assert_agrees_with_claims (db, day_of ("2026-08-31"), day_of ("2026-11-22"),
                             day_of ("2026-11-25"));
  g_clear_object (&db);
  test_tmpdir_free (dir);
}

static void
test_running_counts (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;

  store_open (&store);
  fx_exec (&store, "INSERT INTO employers (id, code, name, province_code, calendar_profile,"
                   " weekly_rest) VALUES (1, '0101', 'Công ty A', '079', 'enterprise', '[7]'),"
                   " (2, '0102', 'Công ty B', '079', 'enterprise', '[7]')");
  assert_counts_match (store.db);

  /* An insert, days of receipt in order and out of it, an employer set and changed. */
  fx_exec (&store, "INSERT INTO claims (number, benefit, status, claimant_id, claimant_sort,"
                   " office_id, officer_id, employer_id, period_from, period_to, amount,"
                   " received_on, created_at, updated_at)"
                   " SELECT 'HS-T-0100', 0, 0, claimant_id, claimant_sort, office_id, officer_id,"
                   "  1, period_from, period_to, 250000, 20260915, created_at, updated_at"
                   " FROM claims WHERE number = 'HS-T-0001'");
  assert_counts_match (store.db);
  fx_exec (&store, "UPDATE claims SET employer_id = 1, received_on = 20260905"
                   " WHERE number IN ('HS-T-0002', 'HS-T-0003')");
  fx_exec (&store, "UPDATE claims SET employer_id = 2 WHERE number = 'HS-T-0004'");
  assert_counts_match (store.db);

  /* Status and amount through the workflow, then the freeze. */
  fx_to_proposed (&store, fx_claim (2), 1500000, fx_officer);
  assert_counts_match (store.db);
  g_assert_true (cd_workflow_approve (store.db, fx_sup1, fx_claim (2), NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (int_of (store.db, "SELECT count(*) FROM claim_stats_decided"
                                     " WHERE decided_on > 0 AND n > 0"), ==, 1);
  assert_counts_match (store.db);
  fx_exec (&store, "UPDATE claims SET amount = 1750000 WHERE number = 'HS-T-0003'");
  assert_counts_match (store.db);

  /* The outbox moves, the claim changes hands, a frozen decision's claim moves in time. */
  fx_exec (&store, "UPDATE outbox SET state = 'sending'");
  assert_counts_match (store.db);
  fx_exec (&store, "UPDATE outbox SET state = 'acknowledged'");
  sql = g_strdup_printf ("UPDATE claims SET officer_id = %lld WHERE number = 'HS-T-0002'",
                         (long long) cd_session_get_user_id (fx_officer2));
  fx_exec (&store, sql);
  assert_counts_match (store.db);
  fx_exec (&store, "UPDATE claims SET received_on = 20260801 WHERE number = 'HS-T-0002'");
  assert_counts_match (store.db);

  /* A rejection is a decision; a claim deleted leaves no count behind. */
  fx_exec (&store, "UPDATE claims SET status = 6, updated_at = '2026-09-18T02:00:00Z'"
                   " WHERE number = 'HS-T-0005'");
  assert_counts_match (store.db);
  fx_exec (&store, "DELETE FROM claims WHERE number IN ('HS-T-0100', 'HS-T-0004')");
  assert_counts_match (store.db);
  g_assert_cmpint (int_of (store.db, "SELECT count(*) FROM claim_stats_employer"
                                     " WHERE employer_id = 2 AND n > 0"), ==, 0);
  store_close (&store);
}

static void
receive (Store      *store,
         guint       n,
         const char *yyyymmdd)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE claims SET received_on = %s WHERE number = '%s'",
                                          yyyymmdd, fx_claim (n));

  fx_exec (store, sql);
}

/* A decision frozen at `frozen_at`, as the freeze writes it, and the claim queued. */
static void
decide_at (Store      *store,
           guint       n,
           const char *frozen_at)
{
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *sql = g_strdup_printf (
      "INSERT INTO decisions (uuid, claim_id, state, amount, proposed_by, proposed_at, payload,"
      " payload_sha256, frozen_at)"
      " SELECT '%s', id, 'approved', 1000000, officer_id, '%s', '{}', '%s', '%s'"
      " FROM claims WHERE number = '%s';"
      "UPDATE claims SET status = 7, amount = 1000000 WHERE number = '%s'",
      uuid, frozen_at, "0000000000000000000000000000000000000000000000000000000000000000",
      frozen_at, fx_claim (n), fx_claim (n));

  fx_exec (store, sql);
}

/* The deadline report's National Day claims (test-deadline-report.c): 1, 2, 3, 5 received Fri 28
 * Aug 2026, due Fri 11 Sep; 1 decided in time, 2 a working day late, 3 still open, 5 on the
 * deadline (officer cb02); 4 received on the holiday and rejected 4 Sep. */
static void
national_day_world (Store *store)
{
  g_autofree char *sql = NULL;

  receive (store, 1, "20260828");
  decide_at (store, 1, "2026-09-10T03:00:00Z");
  receive (store, 2, "20260828");
  decide_at (store, 2, "2026-09-14T03:00:00Z");
  receive (store, 3, "20260828");
  receive (store, 4, "20260901");
  fx_exec (store, "UPDATE claims SET status = 6, updated_at = '2026-09-04T02:00:00Z'"
                  " WHERE number = 'HS-T-0004'");
  receive (store, 5, "20260828");
  decide_at (store, 5, "2026-09-11T09:00:00Z");
  sql = g_strdup_printf ("UPDATE claims SET officer_id = %lld WHERE number = 'HS-T-0005'",
                         (long long) cd_session_get_user_id (fx_officer2));
  fx_exec (store, sql);
  /* Outbox items as the freeze would have made them, one for each frozen decision. */
  fx_exec (store, "INSERT INTO outbox (decision_id, state, created_at, updated_at)"
                  " SELECT id, 'queued', frozen_at, frozen_at FROM decisions");
  fx_exec (store, "UPDATE outbox SET state = 'quarantined' WHERE decision_id ="
                  " (SELECT d.id FROM decisions d JOIN claims c ON c.id = d.claim_id"
                  "  WHERE c.number = 'HS-T-0005')");
}

static CdOfficeStats *
national_day_stats (Store     *store,
                    CdSession *session,
                    CdDay      today)
{
  g_autoptr(GError) error = NULL;
  CdOfficeStats *stats = cd_office_stats_read (store->db, pack, session, day_of ("2026-08-24"),
                                               day_of ("2026-09-06"), today, &error);

  g_assert_no_error (error);
  g_assert_nonnull (stats);
  return stats;
}

static void
test_national_day (void)
{
  Store store;
  g_autoptr(CdOfficeStats) stats = NULL;
  const CdOfficeStatsGroup *week;
  const CdDeadlineClaim *claim;

  store_open (&store);
  national_day_world (&store);
  assert_counts_match (store.db);
  stats = national_day_stats (&store, fx_sup1, day_of ("2026-09-30"));

  g_assert_null (stats->officer);
  g_assert_cmpuint (stats->received, ==, 5);
  g_assert_cmpint (stats->amount, ==, 3000000);
  g_assert_cmpuint (stats->decided, ==, 4);
  g_assert_cmpuint (stats->on_time, ==, 3);
  g_assert_cmpuint (stats->late, ==, 1);
  g_assert_cmpuint (stats->open, ==, 1);
  g_assert_cmpuint (stats->open_overdue, ==, 1);
  g_assert_cmpfloat_with_epsilon (stats->on_time_share, 0.75, 1e-9);
  g_assert_false (stats->assumed);

  g_assert_cmpuint (stats->weeks->len, ==, 2);
  week = g_ptr_array_index (stats->weeks, 0);
  g_assert_cmpstr (week->key, ==, "2026-W35");
  g_assert_cmpstr (week->label, ==, "Week 35 (24/08/2026)");
  g_assert_cmpint (week->first_day, ==, day_of ("2026-08-24"));
  g_assert_cmpuint (week->n, ==, 4);
  g_assert_cmpuint (week->decided, ==, 3);
  g_assert_cmpuint (week->on_time, ==, 2);
  g_assert_cmpuint (week->late, ==, 1);
  g_assert_cmpuint (week->open_overdue, ==, 1);
  week = g_ptr_array_index (stats->weeks, 1);
  g_assert_cmpstr (week->key, ==, "2026-W36");
  g_assert_cmpuint (week->n, ==, 1);
  g_assert_cmpuint (week->on_time, ==, 1);

  g_assert_cmpuint (find_group (stats->by_benefit, "childbirth")->n, ==, 3);
  g_assert_cmpuint (find_group (stats->by_benefit, "sickness")->n, ==, 2);
  g_assert_cmpuint (find_group (stats->by_status, "queued")->n, ==, 3);
  g_assert_cmpint (find_group (stats->by_status, "queued")->amount, ==, 3000000);
  g_assert_cmpuint (find_group (stats->by_status, "rejected")->n, ==, 1);
  g_assert_cmpuint (find_group (stats->by_status, "draft")->n, ==, 1);
  g_assert_cmpuint (find_group (stats->by_officer, "cb01")->late, ==, 1);
  g_assert_cmpuint (find_group (stats->by_officer, "cb02")->on_time, ==, 1);
  g_assert_cmpuint (stats->by_employer->len, ==, 1);
  g_assert_cmpstr (((CdOfficeStatsGroup *) g_ptr_array_index (stats->by_employer, 0))->key, ==,
                   CD_OFFICE_STATS_KEY_NO_EMPLOYER);

  g_assert_cmpuint (stats->overdue->len, ==, 1);
  claim = g_ptr_array_index (stats->overdue, 0);
  g_assert_cmpstr (claim->number, ==, "HS-T-0003");
  g_assert_cmpint (claim->days_over, ==, 13);

  g_assert_cmpuint (stats->outbox.queued, ==, 2);
  g_assert_cmpuint (stats->outbox.quarantined, ==, 1);
  g_clear_pointer (&stats, cd_office_stats_free);

  /* On Sat 12 Sep, claim 2 (decided on the 14th) was open and a working day over. */
  stats = national_day_stats (&store, fx_sup1, day_of ("2026-09-12"));
  g_assert_cmpuint (stats->decided, ==, 3);
  g_assert_cmpuint (stats->open, ==, 2);
  g_assert_cmpuint (stats->open_overdue, ==, 2);
  g_assert_cmpuint (stats->overdue->len, ==, 2);
  g_assert_cmpstr (((CdDeadlineClaim *) g_ptr_array_index (stats->overdue, 0))->number, ==,
                   "HS-T-0002");
  store_close (&store);
}

/* Thu 31 Dec 2026 is in 2026-W53, Fri 1 Jan 2027 too, Mon 4 Jan 2027 starts 2027-W01; nothing
 * was received then, and every figure says so. */
static void
test_empty_period_iso_weeks (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdOfficeStats) stats = NULL;

  store_open (&store);
  stats = cd_office_stats_read (store.db, pack, NULL, day_of ("2026-12-31"), day_of ("2027-01-04"),
                                day_of ("2027-01-04"), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stats->weeks->len, ==, 2);
  g_assert_cmpstr (((CdOfficeStatsGroup *) g_ptr_array_index (stats->weeks, 0))->key, ==,
                   "2026-W53");
  g_assert_cmpstr (((CdOfficeStatsGroup *) g_ptr_array_index (stats->weeks, 1))->key, ==,
                   "2027-W01");
  g_assert_cmpuint (stats->received, ==, 0);
  g_assert_cmpfloat (stats->on_time_share, ==, 0.0);
  g_assert_cmpuint (stats->by_benefit->len + stats->by_status->len + stats->by_officer->len
                    + stats->by_employer->len + stats->overdue->len, ==, 0);
  store_close (&store);
}

/* Received Fri 29 Jan 2027, before Tết Đinh Mùi is announced: the deadline (Tue 9 Feb) and the
 * days over are counted on the weekly rest alone, and the figures say so, as the report does. */
static void
test_calendar_assumed (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdOfficeStats) stats = NULL;
  g_autoptr(CdDeadlineReport) report = NULL;
  const CdDeadlineClaim *claim;

  store_open (&store);
  receive (&store, 6, "20270129");
  stats = cd_office_stats_read (store.db, pack, fx_sup1, day_of ("2027-01-25"),
                                day_of ("2027-01-31"), day_of ("2027-02-15"), &error);
  g_assert_no_error (error);
  report = cd_deadline_report_build (store.db, pack, fx_sup1, day_of ("2027-01-25"),
                                     day_of ("2027-01-31"), day_of ("2027-02-15"), &error);
  g_assert_no_error (error);
  g_assert_true (stats->assumed);
  g_assert_true (report->assumed);
  g_assert_cmpuint (stats->received, ==, 1);
  g_assert_cmpuint (stats->open_overdue, ==, 1);
  g_assert_cmpuint (stats->overdue->len, ==, 1);
  claim = g_ptr_array_index (stats->overdue, 0);
  g_assert_cmpint (claim->deadline, ==, day_of ("2027-02-09"));
  g_assert_cmpint (claim->days_over, ==, 4);
  g_assert_true (claim->assumed);
  store_close (&store);
}

/* The column's CHECK bounds the number, not the calendar: a store can hold 30 Feb. */
static void
test_bad_received_date (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  CdOfficeStats *stats;

  store_open (&store);
  receive (&store, 1, "20260230");
  stats = cd_office_stats_read (store.db, pack, NULL, day_of ("2026-02-01"), day_of ("2026-03-31"),
                                day_of ("2026-04-01"), &error);
  g_assert_null (stats);
  g_assert_error (error, CD_OFFICE_STATS_ERROR, CD_OFFICE_STATS_ERROR_QUERY);
  g_assert_nonnull (strstr (error->message, "20260230"));
  store_close (&store);
}

static void
test_officer_sees_own (void)
{
  Store store;
  g_autoptr(CdOfficeStats) mine = NULL;
  g_autoptr(CdOfficeStats) theirs = NULL;

  store_open (&store);
  national_day_world (&store);
  fx_exec (&store, "INSERT INTO documents (claim_id, person_id, kind, source_system, fetched_at,"
                   " raw, sha256, signature_status, paper_state) SELECT id, 1, 'leave_certificate',"
                   " 'manual', '2026-09-01T00:00:00Z', X'00', printf ('%064d', id),"
                   " 'not_applicable', 'unverified' FROM claims WHERE number = 'HS-T-0005'");

  mine = national_day_stats (&store, fx_officer, day_of ("2026-09-30"));
  g_assert_cmpstr (mine->officer, ==, "cb01");
  g_assert_cmpuint (mine->received, ==, 4);
  g_assert_cmpuint (mine->decided, ==, 3);
  g_assert_cmpuint (mine->by_officer->len, ==, 1);
  g_assert_null (find_group (mine->by_officer, "cb02"));
  g_assert_cmpuint (mine->outbox.queued, ==, 2);
  g_assert_cmpuint (mine->outbox.quarantined, ==, 0);
  g_assert_cmpuint (mine->verification.unverified, ==, 0);

  theirs = national_day_stats (&store, fx_officer2, day_of ("2026-09-30"));
  g_assert_cmpstr (theirs->officer, ==, "cb02");
  g_assert_cmpuint (theirs->received, ==, 1);
  g_assert_cmpint (theirs->amount, ==, 1000000);
  g_assert_cmpuint (theirs->overdue->len, ==, 0);
  g_assert_cmpuint (theirs->outbox.queued, ==, 0);
  g_assert_cmpuint (theirs->outbox.quarantined, ==, 1);
  g_assert_cmpuint (theirs->verification.unverified, ==, 1);
  g_assert_cmpuint (theirs->verification.people, ==, 1);
  g_assert_cmpfloat_with_epsilon (theirs->on_time_share, 1.0, 1e-9);
  g_clear_pointer (&theirs, cd_office_stats_free);

  /* A supervisor sees the office. */
  theirs = national_day_stats (&store, fx_sup2, day_of ("2026-09-30"));
  g_assert_cmpuint (theirs->received, ==, 5);
  g_assert_cmpuint (theirs->by_officer->len, ==, 2);
  g_assert_cmpuint (theirs->verification.unverified, ==, 1);
  store_close (&store);
}

static void
test_async (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(CdOfficeStats) stats = NULL;
  CdOfficeStats *none;

  store_open (&store);
  national_day_world (&store);
  cd_office_stats_read_async (store.path, pack, fx_officer, day_of ("2026-08-24"),
                              day_of ("2026-09-06"), day_of ("2026-09-30"), NULL, on_fx_result,
                              &result);
  result = fx_wait_result (&result);
  stats = cd_office_stats_read_finish (result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stats->officer, ==, "cb01");
  g_assert_cmpuint (stats->received, ==, 4);
  g_assert_cmpuint (stats->on_time, ==, 2);
  g_assert_cmpuint (stats->open_overdue, ==, 1);

  g_clear_object (&result);
  g_cancellable_cancel (cancellable);
  cd_office_stats_read_async (store.path, pack, fx_sup1, day_of ("2026-08-24"),
                              day_of ("2026-09-06"), day_of ("2026-09-30"), cancellable,
                              on_fx_result, &result);
  result = fx_wait_result (&result);
  none = cd_office_stats_read_finish (result, &error);
  g_assert_null (none);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* A period that ends before it starts. */
  g_clear_object (&result);
  cd_office_stats_read_async (store.path, pack, fx_sup1, day_of ("2026-09-06"),
                              day_of ("2026-08-24"), day_of ("2026-09-30"), NULL, on_fx_result,
                              &result);
  result = fx_wait_result (&result);
  none = cd_office_stats_read_finish (result, &error);
  g_assert_null (none);
  g_assert_error (error, CD_OFFICE_STATS_ERROR, CD_OFFICE_STATS_ERROR_INVALID);
  store_close (&store);
}

/* No statement reads claims to count: the running counts' keys, the employers, the users, the
 * paper index; the overdue list reads the undecided claims by status. */
static void
test_query_plan (void)
{
  Store store;
  const char * const *queries = cd_office_stats_get_queries ();
  g_autoptr(GString) plan = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = g_ptr_array_new ();

  store_open (&store);
  /* The dashboard's statements, then the overdue list's two (which take `today` as ?4). */
  for (guint i = 0; queries[i] != NULL; i++)
    g_ptr_array_add (all, (gpointer) queries[i]);
  g_ptr_array_add (all, (gpointer) cd_deadline_report_get_overdue_query ());
  g_ptr_array_add (all, (gpointer) cd_deadline_report_get_overdue_days_query ());
  for (guint i = 0; i < all->len; i++)
    {
      gboolean overdue = i + 2 >= all->len;
      g_autofree char *sql = g_strconcat ("EXPLAIN QUERY PLAN ", all->pdata[i], NULL);

      for (gint64 officer = 0; officer <= 1; officer++)
        {
          g_autoptr(CdStatement) stmt = cd_database_prepare (store.db, sql, &error);
          CdStep step;

          g_assert_no_error (error);
          cd_statement_bind_int64 (stmt, 1, 20260801);
          cd_statement_bind_int64 (stmt, 2, 20261031);
          cd_statement_bind_int64 (stmt, 3, officer);
          if (overdue)
            cd_statement_bind_int64 (stmt, 4, 20261105);
          while ((step = cd_statement_step (stmt, &error)) == CD_STEP_ROW)
            g_string_append_printf (plan, "%s\n", cd_statement_get_text (stmt, 3));
          g_assert_cmpint (step, ==, CD_STEP_DONE);
        }
    }
  g_test_message ("%s", plan->str);
  g_assert_nonnull (strstr (plan->str, "SEARCH claim_stats_day USING PRIMARY KEY (received_on>? "
                                       "AND received_on<?)"));
  g_assert_nonnull (strstr (plan->str, "SEARCH claim_stats_decided USING PRIMARY KEY "
                                       "(received_on>? AND received_on<?)"));
  g_assert_nonnull (strstr (plan->str, "SEARCH t USING PRIMARY KEY (officer_id=? AND "
                                       "employer_id=? AND received_on<?)"));
  g_assert_nonnull (strstr (plan->str, "USING INDEX documents_paper"));
  g_assert_nonnull (strstr (plan->str, "SEARCH c USING INDEX claims_by_status (status=?)"));
  g_assert_nonnull (strstr (plan->str, "SEARCH c USING INDEX claims_by_received (received_on>? "
                                       "AND received_on<?)"));
  g_assert_nonnull (strstr (plan->str, "SEARCH claim_counts USING PRIMARY KEY (status=?)"));
  /* Whole reads only of the employers, the users and the outbox's few counts. */
  g_assert_null (strstr (plan->str, "SCAN c\n"));
  g_assert_null (strstr (plan->str, "SCAN claims"));
  g_assert_null (strstr (plan->str, "SCAN claim_stats_day"));
  g_assert_null (strstr (plan->str, "SCAN claim_stats_decided"));
  g_assert_null (strstr (plan->str, "SCAN claim_stats_employer"));
  g_assert_null (strstr (plan->str, "SCAN t\n"));
  g_assert_null (strstr (plan->str, "SCAN s\n"));
  g_assert_null (strstr (plan->str, "SCAN p\n"));
  g_assert_null (strstr (plan->str, "SCAN documents"));
  store_close (&store);
}

static JsonObject *
run_cli_json (const char * const *argv,
              const char         *input,
              JsonParser         *parser)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = fx_cli (argv, input, &out, &err);

  g_assert_cmpstr (err, ==, "");
  g_assert_cmpint (status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (parser));
}

static void
test_cli_json (void)
{
  Store store;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) officer_parser = json_parser_new ();
  g_autofree char *input = g_strdup_printf ("%s\n", FIXTURE_PASSWORD);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  JsonObject *root, *week, *group;
  JsonArray *array;

  store_open (&store);
  national_day_world (&store);
  {
    const char *argv[] = { "oversight", "stats", "--db", store.path, "--from", "2026-08-24",
                           "--to", "2026-09-06", "--today", "2026-09-30", "--json", NULL };

    root = run_cli_json (argv, NULL, parser);
  }
  g_assert_cmpstr (json_object_get_string_member (root, "from"), ==, "2026-08-24");
  g_assert_cmpstr (json_object_get_string_member (root, "today"), ==, "2026-09-30");
  g_assert_true (json_object_get_null_member (root, "officer"));
  g_assert_cmpint (json_object_get_int_member (root, "received"), ==, 5);
  g_assert_cmpint (json_object_get_int_member (root, "amount"), ==, 3000000);
  g_assert_cmpint (json_object_get_int_member (root, "decided"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (root, "on_time"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (root, "open_overdue"), ==, 1);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (root, "on_time_share"), 0.75,
                                  1e-9);
  array = json_object_get_array_member (root, "weeks");
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  week = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (week, "key"), ==, "2026-W35");
  g_assert_cmpstr (json_object_get_string_member (week, "monday"), ==, "2026-08-24");
  g_assert_cmpint (json_object_get_int_member (week, "claims"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (week, "late"), ==, 1);
  array = json_object_get_array_member (root, "by_status");
  g_assert_cmpuint (json_array_get_length (array), ==, 3);
  group = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (group, "key"), ==, "draft");
  g_assert_cmpstr (json_object_get_string_member (group, "label"), ==, "Draft");
  array = json_object_get_array_member (root, "by_employer");
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  array = json_object_get_array_member (root, "overdue");
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0),
                                                  "number"), ==, "HS-T-0003");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (root, "outbox"),
                                               "quarantined"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (root,
                                                                              "verification"),
                                               "unverified"), ==, 0);

  {
    const char *argv[] = { "oversight", "stats", "--db", store.path, "--from", "2026-08-24",
                           "--to", "2026-09-06", "--today", "2026-09-30", "--officer", "cb02",
                           "--json", NULL };

    root = run_cli_json (argv, input, officer_parser);
  }
  g_assert_cmpstr (json_object_get_string_member (root, "officer"), ==, "cb02");
  g_assert_cmpint (json_object_get_int_member (root, "received"), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "by_officer")),
                    ==, 1);

  {
    const char *bad[] = { "oversight", "stats", "--db", store.path, "--from", "2026-09-06",
                          "--to", "2026-08-24", NULL };

    g_assert_cmpint (fx_cli (bad, NULL, &out, &err), ==, 2);
    g_assert_nonnull (strstr (err, "--from 2026-09-06 is after --to 2026-08-24"));
  }
  {
    const char *text[] = { "oversight", "stats", "--db", store.path, "--from", "2026-08-24",
                           "--to", "2026-09-06", "--today", "2026-09-30", NULL };

    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (fx_cli (text, NULL, &out, &err), ==, 0);
    g_assert_nonnull (strstr (out, "(75.0 % on time)"));
    g_assert_nonnull (strstr (out, "1 quarantined"));
  }
  store_close (&store);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *dir = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  fixture_init ();
  dir = cd_rule_pack_default_dir ();
  pack = cd_rule_pack_load (dir, &error);
  g_assert_no_error (error);

  g_test_add_func ("/office-stats/seeded-agrees", test_seeded_agrees);
  g_test_add_func ("/office-stats/migration-backfills", test_migration_backfills);
  g_test_add_func ("/office-stats/running-counts", test_running_counts);
  g_test_add_func ("/office-stats/national-day", test_national_day);
  g_test_add_func ("/office-stats/empty-period-iso-weeks", test_empty_period_iso_weeks);
  g_test_add_func ("/office-stats/calendar-assumed", test_calendar_assumed);
  g_test_add_func ("/office-stats/bad-received-date", test_bad_received_date);
  g_test_add_func ("/office-stats/officer-sees-own", test_officer_sees_own);
  g_test_add_func ("/office-stats/async", test_async);
  g_test_add_func ("/office-stats/query-plan", test_query_plan);
  g_test_add_func ("/office-stats/cli-json", test_cli_json);
  status = g_test_run ();

  cd_rule_pack_unref (pack);
  fixture_shutdown ();
  return status;
}
