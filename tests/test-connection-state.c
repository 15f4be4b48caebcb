/* test-connection-state.c — the offline state as a person reads it: central's last answer, since
 * when it has not answered, what waits, and each evidence source's last delivery. */

#include "cd-clock.h"
#include "cd-connection-state.h"
#include "cd-database.h"
#include "cd-evidence-store.h"
#include "cd-statement.h"
#include "test-util.h"

#define SHA "'" "0000000000000000000000000000000000000000000000000000000000000000" "'"

static void
exec (CdDatabase *db,
      const char *sql)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cd_database_exec (db, sql, &error));
  g_assert_no_error (error);
}

static gint64
query_count (CdDatabase *db,
             const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStatement) stmt = cd_database_prepare (db, sql, &error);

  g_assert_no_error (error);
  g_assert_cmpint (cd_statement_step (stmt, &error), ==, CD_STEP_ROW);
  return cd_statement_get_int64 (stmt, 0);
}

/* Item n (1-based, outbox order) moves to `state` at `at`, with `error` (NULL: none). */
static void
set_item (CdDatabase *db,
          guint       n,
          const char *state,
          const char *error_text,
          const char *at)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE outbox SET state = '%s', attempts = attempts + 1,"
                                          " last_error = %s%s%s, updated_at = '%s'"
                                          " WHERE id = (SELECT id FROM outbox ORDER BY id"
                                          " LIMIT 1 OFFSET %u)", state,
                                          error_text != NULL ? "'" : "",
                                          error_text != NULL ? error_text : "NULL",
                                          error_text != NULL ? "'" : "", at, n - 1);

  exec (db, sql);
}

static CdConnectionState *
read_state (CdDatabase *db)
{
  g_autoptr(GError) error = NULL;
  CdConnectionState *state = cd_connection_state_read (db, &error);

  g_assert_no_error (error);
  g_assert_nonnull (state);
  return state;
}

static void
assert_time (GDateTime  *time,
             const char *expected)
{
  g_autofree char *text = NULL;

  if (expected == NULL)
    {
      g_assert_null (time);
      return;
    }
  g_assert_nonnull (time);
  text = g_date_time_format_iso8601 (time);
  g_assert_cmpstr (text, ==, expected);
}

static void
test_sequences (void)
{
  g_autofree char *dir = test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "office.db", NULL);
  const char *argv[] = { g_getenv ("CLAIMDESK_CLI"), "seed", "--db", path, "--people", "60",
                         "--claims", "120", "--seed", "5", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(CdDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 ("2026-12-04T07:50:00Z", NULL);
  g_autoptr(CdClock) clock = cd_clock_new_fixed (now);
  g_autoptr(CdConnectionState) state = NULL;
  g_autoptr(GDateTime) clock_now = NULL;
  g_autofree char *age = NULL;
  guint items;

  g_assert_nonnull (argv[0]);
  g_assert_cmpint (test_run (argv, &out, &err), ==, 0);
  db = cd_database_open (path, &error);
  g_assert_no_error (error);
  /* Every item waits and none was ever tried; the sources delivered at known times. */
  exec (db, "UPDATE outbox SET state = 'queued', attempts = 0, last_error = NULL,"
            " central_receipt = NULL, next_attempt_at = NULL, updated_at = '2026-12-04T06:00:00Z';"
            "INSERT INTO documents (kind, source_system, fetched_at, raw, sha256, signature_status)"
            " VALUES ('visit_summary', 'medical', '2026-12-03T09:30:00Z', x'00', " SHA ", 'valid'),"
            " ('visit_summary', 'medical', '2026-12-01T08:00:00Z', x'00', " SHA ", 'valid'),"
            " ('citizen', 'civil_status', '2026-11-20T10:00:00Z', x'00', " SHA ", 'valid'),"
            " ('other', 'manual', '2026-12-04T07:45:00Z', x'00', " SHA ", 'unsigned');");
  state = read_state (db);
  items = state->waiting_decisions;
  g_assert_cmpuint (items, >=, 4);
  g_assert_null (state->offline_since);
  g_assert_cmpuint (state->systems->len, ==, 4);
  g_assert_cmpstr (((CdSystemContact *) g_ptr_array_index (state->systems, 0))->system, ==,
                   "central");
  assert_time (cd_connection_state_get_system (state, "central")->last_success, NULL);
  assert_time (cd_connection_state_get_system (state, "medical")->last_success,
               "2026-12-03T09:30:00Z");
  assert_time (cd_connection_state_get_system (state, "civil_status")->last_success,
               "2026-11-20T10:00:00Z");
  /* No population document: that source never answered; a manual document is no contact. */
  assert_time (cd_connection_state_get_system (state, "population")->last_success, NULL);
  g_assert_null (cd_connection_state_get_system (state, "nowhere"));
  g_clear_pointer (&state, cd_connection_state_free);

  /* Central answers one item, then the line drops: offline since the first failure after it. */
  set_item (db, 1, "acknowledged", NULL, "2026-12-04T07:00:00Z");
  set_item (db, 2, "queued", "connection refused", "2026-12-04T07:05:00Z");
  set_item (db, 3, "queued", "connection refused", "2026-12-04T07:10:00Z");
  state = read_state (db);
  assert_time (cd_connection_state_get_system (state, "central")->last_success,
               "2026-12-04T07:00:00Z");
  assert_time (state->offline_since, "2026-12-04T07:05:00Z");
  g_assert_cmpuint (state->waiting_decisions, ==, items - 1);
  g_clear_pointer (&state, cd_connection_state_free);

  /* It answers again (a refusal is an answer): online, whatever failed before. */
  set_item (db, 2, "refused", "no such employer", "2026-12-04T07:20:00Z");
  state = read_state (db);
  assert_time (cd_connection_state_get_system (state, "central")->last_success,
               "2026-12-04T07:20:00Z");
  g_assert_null (state->offline_since);
  g_assert_cmpuint (state->waiting_decisions, ==, items - 2);
  g_clear_pointer (&state, cd_connection_state_free);

  /* An item set aside locally was never sent: no contact. A new failure: offline again. */
  set_item (db, 4, "quarantined", "local: payload changed", "2026-12-04T07:30:00Z");
  set_item (db, 3, "queued", "timeout", "2026-12-04T07:40:00Z");
  state = read_state (db);
  assert_time (cd_connection_state_get_system (state, "central")->last_success,
               "2026-12-04T07:20:00Z");
  assert_time (state->offline_since, "2026-12-04T07:40:00Z");
  g_assert_cmpuint (state->waiting_decisions, ==, items - 3);

  /* What a person reads, against the fixed clock. */
  clock_now = cd_clock_get_now (clock);
  age = cd_evidence_describe_age (cd_connection_state_get_system (state, "central")->last_success,
                                  clock_now);
  g_assert_cmpstr (age, ==, "30 minutes ago");
}

/* What deferred verification will do when the link returns: the paper waiting to be checked (not
 * yet, or not found last time) and the undecided claims whose evidence is stale or was never
 * fetched. */
static void
test_waiting_checks (void)
{
  g_autofree char *dir = test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "office.db", NULL);
  const char *argv[] = { g_getenv ("CLAIMDESK_CLI"), "seed", "--db", path, "--people", "60",
                         "--claims", "120", "--seed", "5", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(CdDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdConnectionState) state = NULL;
  guint undecided, stale;

  g_assert_cmpint (test_run (argv, &out, &err), ==, 0);
  db = cd_database_open (path, &error);
  g_assert_no_error (error);
  state = read_state (db);
  g_assert_cmpuint (state->waiting_verifications, ==, 0);
  /* A seeded store fetched nothing: every undecided claim waits for its evidence. */
  undecided = (guint) query_count (db, "SELECT count(*) FROM claims WHERE status IN (0, 1, 2, 3)");
  g_assert_cmpuint (undecided, >, 2);
  g_assert_cmpuint (state->waiting_fetches, ==, undecided);
  g_clear_pointer (&state, cd_connection_state_free);

  /* One claimant's evidence fetched now; paper in each state. */
  exec (db, "INSERT INTO documents (kind, source_system, fetched_at, raw, sha256,"
            " signature_status, person_id)"
            " SELECT 'insured_person', 'central', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), x'00', "
            SHA ", 'not_applicable', claimant_id FROM claims WHERE status = 0"
            " ORDER BY id LIMIT 1;"
            "INSERT INTO documents (kind, source_system, fetched_at, raw, sha256,"
            " signature_status, paper_state)"
            " VALUES ('leave_certificate', 'manual', '2026-12-04T07:45:00Z', x'00', " SHA ","
            " 'not_applicable', 'unverified'),"
            " ('leave_certificate', 'manual', '2026-12-04T07:45:00Z', x'00', " SHA ","
            " 'not_applicable', 'not_found'),"
            " ('leave_certificate', 'manual', '2026-12-04T07:45:00Z', x'00', " SHA ","
            " 'not_applicable', 'verified'),"
            " ('leave_certificate', 'manual', '2026-12-04T07:45:00Z', x'00', " SHA ","
            " 'not_applicable', 'mismatch');");
  stale = undecided - (guint) query_count (db, "SELECT count(*) FROM claims WHERE status IN"
                                               " (0, 1, 2, 3) AND claimant_id = (SELECT"
                                               " claimant_id FROM claims WHERE status = 0"
                                               " ORDER BY id LIMIT 1)");
  state = read_state (db);
  g_assert_cmpuint (state->waiting_verifications, ==, 2);
  g_assert_cmpuint (state->waiting_fetches, ==, stale);
}

static void
on_loaded (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  CdConnectionState **state = user_data;
  g_autoptr(GError) error = NULL;

  *state = cd_connection_state_load_finish (result, &error);
  g_assert_no_error (error);
}

static void
test_load_async (void)
{
  g_autofree char *dir = test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "empty.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDatabase) db = cd_database_open (path, &error);
  CdConnectionState *state = NULL;

  g_assert_no_error (error);
  cd_connection_state_load_async (path, NULL, on_loaded, &state);
  while (state == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (state->waiting_decisions, ==, 0);
  g_assert_null (state->offline_since);
  g_assert_null (cd_connection_state_get_system (state, "central")->last_success);
  cd_connection_state_free (state);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/connection-state/sequences", test_sequences);
  g_test_add_func ("/connection-state/load-async", test_load_async);
  g_test_add_func ("/connection-state/waiting-checks", test_waiting_checks);
  return g_test_run ();
}
