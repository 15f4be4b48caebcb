/* test-deadline-report.c — processing time against the statutory deadline (issue 18, item 1).
 *
 * A real store (workflow-fixture) and the shipped rule pack. The claims are received just before
 * National Day 2026 (Sat 29 Aug – Wed 2 Sep off for the public sector: the weekend, the swapped
 * rest day 31 Aug, the holiday 1–2 Sep), before Tết 2026 and before Tết 2027, whose calendar is
 * not announced yet (the pack is confirmed to 31 Jan 2027: counted on the weekly rest and said).
 * A count ignoring holidays would put the National Day deadline on 8 Sep and the Tết 2026 one on
 * 24 Feb; the calendar's are 11 Sep and 3 Mar.
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "cd-deadline-report.h"
#include "cd-statement.h"
#include "cd-workflow.h"
#include "workflow-fixture.h"

static CdRulePack *pack;

static CdDay
day_of (const char *text)
{
  CdDay day = CD_DAY_NONE;

  g_assert_true (cd_date_parse (text, &day));
  return day;
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

/* A decision frozen at `frozen_at`, as the freeze writes it (payload, hash and time together), and
 * the claim queued. The workflow freezes at the clock's now; these claims were decided in 2026. */
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
      "UPDATE claims SET status = 7 WHERE number = '%s'",
      uuid, frozen_at, "0000000000000000000000000000000000000000000000000000000000000000",
      frozen_at, fx_claim (n), fx_claim (n));

  fx_exec (store, sql);
}

/* Claims 1–5 of the fixture (1, 3, 5 childbirth; 2, 4 sickness), received around National Day. */
static void
national_day_world (Store *store)
{
  receive (store, 1, "20260828");
  decide_at (store, 1, "2026-09-10T03:00:00Z");   /* in time: due Fri 11 Sep */
  receive (store, 2, "20260828");
  decide_at (store, 2, "2026-09-14T03:00:00Z");   /* Mon 14 Sep: one working day late */
  receive (store, 3, "20260828");                 /* still open on 30 Sep */
  receive (store, 4, "20260901");                 /* received on the holiday, rejected 4 Sep */
  fx_exec (store, "UPDATE claims SET status = 6, updated_at = '2026-09-04T02:00:00Z'"
                  " WHERE number = 'HS-T-0004'");
  receive (store, 5, "20260828");
  decide_at (store, 5, "2026-09-11T09:00:00Z");   /* on the deadline itself */
  {
    g_autofree char *sql = g_strdup_printf ("UPDATE claims SET officer_id = %lld"
                                            " WHERE number = 'HS-T-0005'",
                                            (long long) cd_session_get_user_id (fx_officer2));
    fx_exec (store, sql);
  }
}

static CdDeadlineReport *
national_day_report (Store     *store,
                     CdSession *session)
{
  g_autoptr(GError) error = NULL;
  CdDeadlineReport *report = cd_deadline_report_build (store->db, pack, session,
                                                       day_of ("2026-08-24"),
                                                       day_of ("2026-09-06"),
                                                       day_of ("2026-09-30"), &error);

  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

static const CdDeadlineClaim *
find_claim (GPtrArray  *claims,
            const char *number)
{
  for (guint i = 0; i < claims->len; i++)
    {
      const CdDeadlineClaim *claim = g_ptr_array_index (claims, i);

      if (g_strcmp0 (claim->number, number) == 0)
        return claim;
    }
  g_assert_not_reached ();
}

static const CdDeadlineGroup *
find_group (GPtrArray  *groups,
            const char *key)
{
  for (guint i = 0; i < groups->len; i++)
    {
      const CdDeadlineGroup *group = g_ptr_array_index (groups, i);

      if (g_strcmp0 (group->key, key) == 0)
        return group;
    }
  return NULL;
}

static void
assert_group (const CdDeadlineGroup *group,
              guint                  received,
              guint                  decided,
              guint                  on_time,
              guint                  late,
              guint                  open_overdue)
{
  g_assert_nonnull (group);
  g_assert_cmpuint (group->received, ==, received);
  g_assert_cmpuint (group->decided, ==, decided);
  g_assert_cmpuint (group->on_time, ==, on_time);
  g_assert_cmpuint (group->late, ==, late);
  g_assert_cmpuint (group->open_overdue, ==, open_overdue);
}

static void
test_national_day (void)
{
  Store store;
  g_autoptr(CdDeadlineReport) report = NULL;
  const CdDeadlineClaim *claim;

  store_open (&store);
  national_day_world (&store);
  report = national_day_report (&store, fx_sup1);

  /* The other seven claims, received 11 Sep, are outside the period. */
  g_assert_cmpuint (report->received, ==, 5);
  g_assert_null (report->officer);
  g_assert_false (report->assumed);

  claim = find_claim (report->decided_claims, "HS-T-0001");
  g_assert_cmpint (claim->deadline, ==, day_of ("2026-09-11"));   /* naive: 8 Sep */
  g_assert_cmpint (claim->decided_on, ==, day_of ("2026-09-10"));
  g_assert_true (claim->on_time);
  g_assert_cmpint (claim->working_days, ==, 6);
  g_assert_cmpint (claim->days_over, ==, 0);

  claim = find_claim (report->decided_claims, "HS-T-0002");
  g_assert_false (claim->on_time);
  g_assert_cmpint (claim->working_days, ==, 8);
  g_assert_cmpint (claim->days_over, ==, 1);

  claim = find_claim (report->decided_claims, "HS-T-0005");
  g_assert_true (claim->on_time);
  g_assert_cmpint (claim->working_days, ==, 7);
  g_assert_cmpstr (claim->officer, ==, "cb02");

  /* Rejected: the decision is the rejection. Received on the holiday, day 1 is Thu 3 Sep. */
  claim = find_claim (report->decided_claims, "HS-T-0004");
  g_assert_cmpint (claim->deadline, ==, day_of ("2026-09-11"));
  g_assert_cmpint (claim->decided_on, ==, day_of ("2026-09-04"));
  g_assert_cmpint (claim->working_days, ==, 2);
  g_assert_true (claim->on_time);

  /* Open on Wed 30 Sep: 14–18, 21–25, 28–30 Sep after the deadline. */
  g_assert_cmpuint (report->overdue->len, ==, 1);
  claim = g_ptr_array_index (report->overdue, 0);
  g_assert_cmpstr (claim->number, ==, "HS-T-0003");
  g_assert_cmpint (claim->decided_on, ==, CD_DAY_NONE);
  g_assert_cmpint (claim->days_over, ==, 13);
  g_assert_cmpint (claim->working_days, ==, 20);

  g_assert_cmpuint (report->decided, ==, 4);
  g_assert_cmpuint (report->on_time, ==, 3);
  g_assert_cmpuint (report->late, ==, 1);
  g_assert_cmpuint (report->open, ==, 1);
  g_assert_cmpuint (report->open_overdue, ==, 1);
  g_assert_cmpfloat_with_epsilon (report->on_time_share, 0.75, 1e-9);

  store_close (&store);
}

static void
test_trend_and_breakdowns (void)
{
  Store store;
  g_autoptr(CdDeadlineReport) report = NULL;
  const CdDeadlineGroup *week;

  store_open (&store);
  national_day_world (&store);
  report = national_day_report (&store, fx_sup2);

  /* 24 Aug – 6 Sep 2026 is ISO weeks 35 and 36. */
  g_assert_cmpuint (report->weeks->len, ==, 2);
  week = g_ptr_array_index (report->weeks, 0);
  g_assert_cmpstr (week->key, ==, "2026-W35");
  g_assert_cmpint (week->first_day, ==, day_of ("2026-08-24"));
  assert_group (week, 4, 3, 2, 1, 1);
  week = g_ptr_array_index (report->weeks, 1);
  g_assert_cmpstr (week->key, ==, "2026-W36");
  assert_group (week, 1, 1, 1, 0, 0);

  g_assert_cmpuint (report->by_benefit->len, ==, 2);
  assert_group (find_group (report->by_benefit, "childbirth"), 3, 2, 2, 0, 1);
  assert_group (find_group (report->by_benefit, "sickness"), 2, 2, 1, 1, 0);

  g_assert_cmpuint (report->by_officer->len, ==, 2);
  assert_group (find_group (report->by_officer, "cb01"), 4, 3, 2, 1, 1);
  assert_group (find_group (report->by_officer, "cb02"), 1, 1, 1, 0, 0);

  store_close (&store);
}

static void
test_iso_week_year (void)
{
  Store store;
  g_autoptr(CdDeadlineReport) report = NULL;
  g_autoptr(GError) error = NULL;
  const CdDeadlineGroup *week;

  /* Thu 31 Dec 2026 is in 2026-W53; Fri 1 Jan 2027 too; Mon 4 Jan 2027 starts 2027-W01. */
  store_open (&store);
  report = cd_deadline_report_build (store.db, pack, NULL, day_of ("2026-12-31"),
                                     day_of ("2027-01-04"), day_of ("2027-01-04"), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->weeks->len, ==, 2);
  week = g_ptr_array_index (report->weeks, 0);
  g_assert_cmpstr (week->key, ==, "2026-W53");
  week = g_ptr_array_index (report->weeks, 1);
  g_assert_cmpstr (week->key, ==, "2027-W01");
  store_close (&store);
}

static void
test_tet (void)
{
  Store store;
  g_autoptr(CdDeadlineReport) report = NULL;
  g_autoptr(GError) error = NULL;
  const CdDeadlineClaim *claim;

  store_open (&store);
  /* Fri 13 Feb 2026, then the weekend and Tết 16–20 Feb: due Tue 3 Mar (naive: 24 Feb). */
  receive (&store, 6, "20260213");
  decide_at (&store, 6, "2026-03-02T08:00:00Z");
  receive (&store, 7, "20260213");
  decide_at (&store, 7, "2026-03-04T08:00:00Z");
  report = cd_deadline_report_build (store.db, pack, fx_sup1, day_of ("2026-02-09"),
                                     day_of ("2026-02-15"), day_of ("2026-03-31"), &error);
  g_assert_no_error (error);
  claim = find_claim (report->decided_claims, "HS-T-0006");
  g_assert_cmpint (claim->deadline, ==, day_of ("2026-03-03"));
  g_assert_true (claim->on_time);
  g_assert_cmpint (claim->working_days, ==, 6);
  claim = find_claim (report->decided_claims, "HS-T-0007");
  g_assert_false (claim->on_time);
  g_assert_cmpint (claim->days_over, ==, 1);
  g_assert_cmpfloat_with_epsilon (report->on_time_share, 0.5, 1e-9);
  g_clear_pointer (&report, cd_deadline_report_free);

  /* Fri 29 Jan 2027: Tết Đinh Mùi is not in the pack yet, so February is weekly rest only, and
   * the report says so rather than guess. Due Tue 9 Feb; open on Fri 12 Feb, three days over. */
  receive (&store, 8, "20270129");
  report = cd_deadline_report_build (store.db, pack, fx_sup1, day_of ("2027-01-25"),
                                     day_of ("2027-01-31"), day_of ("2027-02-12"), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->overdue->len, ==, 1);
  claim = g_ptr_array_index (report->overdue, 0);
  g_assert_cmpstr (claim->number, ==, "HS-T-0008");
  g_assert_cmpint (claim->deadline, ==, day_of ("2027-02-09"));
  g_assert_cmpint (claim->days_over, ==, 3);
  g_assert_true (claim->assumed);
  g_assert_true (report->assumed);
  g_assert_cmpfloat_with_epsilon (report->on_time_share, 0.0, 1e-9);
  store_close (&store);
}

/* A decision frozen by the workflow itself is read at its freeze, on the office's date. */
static void
test_workflow_freeze (void)
{
  Store store;
  g_autoptr(CdDeadlineReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *frozen_at = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(GDateTime) moment = NULL;
  g_autoptr(GDateTime) local = NULL;
  CdDay day;
  const CdDeadlineClaim *claim;

  store_open (&store);
  fx_to_proposed (&store, fx_claim (9), 1000000, fx_officer);
  g_assert_true (cd_workflow_approve (store.db, fx_sup1, fx_claim (9), NULL, &error));
  g_assert_no_error (error);
  frozen_at = fx_text (&store, "SELECT frozen_at FROM decisions d JOIN claims c"
                               " ON c.id = d.claim_id WHERE c.number = 'HS-T-0009'");
  moment = g_date_time_new_from_iso8601 (frozen_at, NULL);
  local = g_date_time_to_local (moment);
  day = cd_date_from_date_time (local);
  sql = g_strdup_printf ("UPDATE claims SET received_on = %u WHERE number = 'HS-T-0009'",
                         cd_date_to_yyyymmdd (day));
  fx_exec (&store, sql);

  report = cd_deadline_report_build (store.db, pack, fx_sup2, day, day, day, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->received, ==, 1);
  claim = find_claim (report->decided_claims, "HS-T-0009");
  g_assert_cmpint (claim->decided_on, ==, day);
  g_assert_cmpint (claim->working_days, ==, 0);
  g_assert_true (claim->on_time);
  g_clear_pointer (&report, cd_deadline_report_free);

  /* As it stood the day before, it was not decided yet. */
  report = cd_deadline_report_build (store.db, pack, fx_sup2, day, day, day - 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->decided, ==, 0);
  g_assert_cmpuint (report->open, ==, 1);
  store_close (&store);
}

static void
test_officer_sees_own (void)
{
  Store store;
  g_autoptr(CdDeadlineReport) mine = NULL;
  g_autoptr(CdDeadlineReport) theirs = NULL;

  store_open (&store);
  national_day_world (&store);
  mine = national_day_report (&store, fx_officer);
  g_assert_cmpstr (mine->officer, ==, "cb01");
  g_assert_cmpuint (mine->received, ==, 4);
  g_assert_cmpuint (mine->decided, ==, 3);
  g_assert_cmpuint (mine->by_officer->len, ==, 1);
  g_assert_null (find_group (mine->by_officer, "cb02"));
  for (guint i = 0; i < mine->decided_claims->len; i++)
    g_assert_cmpstr (((CdDeadlineClaim *) g_ptr_array_index (mine->decided_claims, i))->officer,
                     ==, "cb01");

  theirs = national_day_report (&store, fx_officer2);
  g_assert_cmpstr (theirs->officer, ==, "cb02");
  g_assert_cmpuint (theirs->received, ==, 1);
  g_assert_cmpuint (theirs->overdue->len, ==, 0);
  g_assert_cmpfloat_with_epsilon (theirs->on_time_share, 1.0, 1e-9);
  store_close (&store);
}

/* The dashboard's way: a reader of its own in a worker thread, the session's scope kept. */
static void
test_async (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(CdDeadlineReport) report = NULL;
  CdDeadlineReport *none;

  store_open (&store);
  national_day_world (&store);
  cd_deadline_report_build_async (store.path, pack, fx_officer, day_of ("2026-08-24"),
                                  day_of ("2026-09-06"), day_of ("2026-09-30"), NULL,
                                  on_fx_result, &result);
  result = fx_wait_result (&result);
  report = cd_deadline_report_build_finish (result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (report->officer, ==, "cb01");
  g_assert_cmpuint (report->received, ==, 4);
  g_assert_cmpuint (report->on_time, ==, 2);
  g_assert_cmpuint (report->open_overdue, ==, 1);

  g_clear_object (&result);
  g_cancellable_cancel (cancellable);
  cd_deadline_report_build_async (store.path, pack, fx_sup1, day_of ("2026-08-24"),
                                  day_of ("2026-09-06"), day_of ("2026-09-30"), cancellable,
                                  on_fx_result, &result);
  result = fx_wait_result (&result);
  none = cd_deadline_report_build_finish (result, &error);
  g_assert_null (none);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  store_close (&store);
}

static void
test_bad_period (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  CdDeadlineReport *report;

  store_open (&store);
  report = cd_deadline_report_build (store.db, pack, fx_sup1, day_of ("2026-09-06"),
                                     day_of ("2026-08-24"), day_of ("2026-09-30"), &error);
  g_assert_null (report);
  g_assert_error (error, CD_DEADLINE_REPORT_ERROR, CD_DEADLINE_REPORT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "2026-09-06"));
  store_close (&store);
}

static void
test_bad_received_date (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  CdDeadlineReport *report;

  store_open (&store);
  receive (&store, 10, "20260230");
  report = cd_deadline_report_build (store.db, pack, fx_sup1, day_of ("2026-02-01"),
                                     day_of ("2026-03-31"), day_of ("2026-03-31"), &error);
  g_assert_null (report);
  g_assert_error (error, CD_DEADLINE_REPORT_ERROR, CD_DEADLINE_REPORT_ERROR_QUERY);
  g_assert_nonnull (strstr (error->message, "HS-T-0010"));
  g_assert_nonnull (strstr (error->message, "20260230"));
  store_close (&store);
}

/* The range is a seek in the received-date index and each claim's decisions one in theirs: no
 * scan of a million claims. */
static void
test_query_plan (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStatement) stmt = NULL;
  g_autoptr(GString) plan = g_string_new (NULL);
  g_autofree char *sql = g_strconcat ("EXPLAIN QUERY PLAN ", cd_deadline_report_get_query (),
                                      NULL);
  CdStep step;

  store_open (&store);
  for (gint64 officer = 0; officer <= cd_session_get_user_id (fx_officer); officer +=
       cd_session_get_user_id (fx_officer))
    {
      stmt = cd_database_prepare (store.db, sql, &error);
      g_assert_no_error (error);
      cd_statement_bind_int64 (stmt, 1, 20260801);
      cd_statement_bind_int64 (stmt, 2, 20260831);
      cd_statement_bind_int64 (stmt, 3, officer);
      while ((step = cd_statement_step (stmt, &error)) == CD_STEP_ROW)
        g_string_append_printf (plan, "%s\n", cd_statement_get_text (stmt, 3));
      g_assert_cmpint (step, ==, CD_STEP_DONE);
      g_clear_pointer (&stmt, cd_statement_free);
    }
  g_test_message ("%s", plan->str);
  g_assert_nonnull (strstr (plan->str, "SEARCH c USING INDEX claims_by_received (received_on>? "
                                       "AND received_on<?)"));
  g_assert_nonnull (strstr (plan->str, "USING INDEX decisions_claim (claim_id=?)"));
  g_assert_null (strstr (plan->str, "SCAN c"));
  g_assert_null (strstr (plan->str, "TEMP B-TREE"));
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
  JsonObject *root, *claim, *week;
  JsonArray *array;

  store_open (&store);
  national_day_world (&store);
  {
    const char *argv[] = { "oversight", "deadlines", "--db", store.path, "--from", "2026-08-24",
                           "--to", "2026-09-06", "--today", "2026-09-30", "--json", NULL };

    root = run_cli_json (argv, NULL, parser);
  }
  g_assert_cmpstr (json_object_get_string_member (root, "from"), ==, "2026-08-24");
  g_assert_true (json_object_get_null_member (root, "officer"));
  g_assert_cmpint (json_object_get_int_member (root, "received"), ==, 5);
  g_assert_cmpint (json_object_get_int_member (root, "decided"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (root, "on_time"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (root, "open_overdue"), ==, 1);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (root, "on_time_share"), 0.75,
                                  1e-9);
  array = json_object_get_array_member (root, "overdue");
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  claim = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (claim, "number"), ==, "HS-T-0003");
  g_assert_cmpstr (json_object_get_string_member (claim, "deadline"), ==, "2026-09-11");
  g_assert_cmpint (json_object_get_int_member (claim, "days_over"), ==, 13);
  g_assert_true (json_object_get_null_member (claim, "decided_on"));
  array = json_object_get_array_member (root, "decided_claims");
  g_assert_cmpuint (json_array_get_length (array), ==, 4);
  array = json_object_get_array_member (root, "weeks");
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  week = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (week, "week"), ==, "2026-W35");
  g_assert_cmpstr (json_object_get_string_member (week, "monday"), ==, "2026-08-24");
  g_assert_cmpint (json_object_get_int_member (week, "overdue"), ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "by_benefit")),
                    ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "by_officer")),
                    ==, 2);

  {
    const char *argv[] = { "oversight", "deadlines", "--db", store.path, "--from", "2026-08-24",
                           "--to", "2026-09-06", "--today", "2026-09-30", "--officer", "cb02",
                           "--json", NULL };

    root = run_cli_json (argv, input, officer_parser);
  }
  g_assert_cmpstr (json_object_get_string_member (root, "officer"), ==, "cb02");
  g_assert_cmpint (json_object_get_int_member (root, "received"), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "by_officer")),
                    ==, 1);
  store_close (&store);
}

static void
test_cli_summary (void)
{
  Store store;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *argv[] = { "oversight", "deadlines", "--db", NULL, "--from", "2026-08-24",
                         "--to", "2026-09-06", "--today", "2026-09-30", NULL };
  const char *bad[] = { "oversight", "deadlines", "--db", NULL, "--from", "2026-09-06",
                        "--to", "2026-08-24", NULL };

  store_open (&store);
  national_day_world (&store);
  argv[3] = bad[3] = store.path;
  g_assert_cmpint (fx_cli (argv, NULL, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "(75.0 % on time)"));
  g_assert_nonnull (strstr (out, "HS-T-0003"));
  g_assert_nonnull (strstr (out, "13 working days over"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (fx_cli (bad, NULL, &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, "--from 2026-09-06 is after --to 2026-08-24"));
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

  g_test_add_func ("/deadline-report/national-day", test_national_day);
  g_test_add_func ("/deadline-report/trend-and-breakdowns", test_trend_and_breakdowns);
  g_test_add_func ("/deadline-report/iso-week-year", test_iso_week_year);
  g_test_add_func ("/deadline-report/tet", test_tet);
  g_test_add_func ("/deadline-report/workflow-freeze", test_workflow_freeze);
  g_test_add_func ("/deadline-report/officer-sees-own", test_officer_sees_own);
  g_test_add_func ("/deadline-report/async", test_async);
  g_test_add_func ("/deadline-report/bad-period", test_bad_period);
  g_test_add_func ("/deadline-report/bad-received-date", test_bad_received_date);
  g_test_add_func ("/deadline-report/query-plan", test_query_plan);
  g_test_add_func ("/deadline-report/cli-json", test_cli_json);
  g_test_add_func ("/deadline-report/cli-summary", test_cli_summary);
  status = g_test_run ();

  cd_rule_pack_unref (pack);
  fixture_shutdown ();
  return status;
}
