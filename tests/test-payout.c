/* test-payout.c — payout batches: who makes them, what goes in, the CSV, and immutability. */
#include "cd-payout.h"
#include "cd-workflow.h"
#include "test-util.h"
#include "workflow-fixture.h"


/* Three frozen decisions (claims 1–3), one proposed (4), one reopened after central refused it (5).
 */
static void
store_with_decisions (Store *store)
{
  g_autoptr(GError) error = NULL;

  store_open (store);
  for (guint n = 1; n <= 5; n++)
    {
      fx_to_proposed (store, fx_claim (n), 1000000 * n, fx_officer);
      if (n != 4)
        g_assert_true (cd_workflow_approve (store->db, fx_sup1, fx_claim (n), NULL, &error));
      g_assert_no_error (error);
    }
  g_assert_true (cd_workflow_mark_synced (store->db, fx_claim (3), "TW-3", &error));
  g_assert_true (cd_workflow_refuse_by_central (store->db, fx_claim (5), "sai", &error));
  g_assert_no_error (error);
}

static void
test_create_show_approve (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdPayoutBatch) batch = NULL;
  g_autofree char *csv = NULL;
  gint64 id;

  store_with_decisions (&store);
  g_assert_cmpint (cd_payout_create (store.db, fx_officer, &error), ==, 0);
  g_assert_error (error, CD_USERS_ERROR, CD_USERS_ERROR_NOT_ALLOWED);
  g_clear_error (&error);

  id = cd_payout_create (store.db, fx_sup2, &error);
  g_assert_no_error (error);
  batch = cd_payout_load (store.db, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (batch->state, ==, "open");
  g_assert_cmpstr (batch->created_by, ==, "gs02");
  /* Claims 1 and 3 are childbirth (odd) and 2 sickness; 4 is not approved, 5 was refused. */
  g_assert_cmpuint (batch->items->len, ==, 3);
  g_assert_cmpint (batch->total, ==, 6000000);
  g_assert_cmpuint (batch->totals->len, ==, 2);
  for (guint i = 0; i < batch->totals->len; i++)
    {
      CdPayoutTotal *t = &g_array_index (batch->totals, CdPayoutTotal, i);
      if (t->benefit == CD_BENEFIT_CHILDBIRTH)
        g_assert_cmpint (t->amount, ==, 4000000);
      else
        g_assert_cmpint (t->amount, ==, 2000000);
    }

  csv = cd_payout_to_csv (batch);
  g_assert_cmpstr (csv, ==,
                   "claim_number,claimant,personal_id,benefit,amount\r\n"
                   "HS-T-0001,\"Nguyễn Thị \"\"Hoa\"\", Lan\",079190123456,childbirth,1000000\r\n"
                   "HS-T-0002,\"Nguyễn Thị \"\"Hoa\"\", Lan\",079190123456,sickness,2000000\r\n"
                   "HS-T-0003,\"Nguyễn Thị \"\"Hoa\"\", Lan\",079190123456,childbirth,3000000\r\n");

  /* Nothing is left for a second batch. */
  g_assert_cmpint (cd_payout_create (store.db, fx_sup2, &error), ==, 0);
  g_assert_error (error, CD_PAYOUT_ERROR, CD_PAYOUT_ERROR_EMPTY);
  g_clear_error (&error);

  g_assert_true (cd_payout_approve (store.db, fx_sup1, id, &error));
  g_assert_no_error (error);
  g_assert_false (cd_payout_approve (store.db, fx_sup1, id, &error));
  g_assert_error (error, CD_PAYOUT_ERROR, CD_PAYOUT_ERROR_APPROVED);
  g_clear_error (&error);
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM audit_log WHERE entity = 'payout_batch'"),
                   ==, 2);
  store_close (&store);
}

/* An approved batch cannot change, whoever asks: the triggers refuse any SQL. */
static void
test_approved_batch_is_immutable (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  gint64 id;
  static const char *changes[] = {
    "DELETE FROM payout_batch_items",
    "UPDATE payout_batch_items SET amount = amount + 1",
    ("INSERT INTO payout_batch_items (batch_id, decision_id, amount)"
     "  SELECT 1, id, 1 FROM decisions WHERE state = 'proposed'"),
    "UPDATE payout_batches SET approved_by = (SELECT id FROM users WHERE login = 'gs02')",
    "UPDATE payout_batches SET state = 'open', approved_by = NULL, approved_at = NULL",
    "DELETE FROM payout_batches",
  };

  store_with_decisions (&store);
  id = cd_payout_create (store.db, fx_sup2, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, ==, 1);
  /* Open, it may still change. */
  g_assert_true (cd_database_exec (store.db, "UPDATE payout_batch_items SET amount = amount",
                                   NULL));
  g_assert_true (cd_payout_approve (store.db, fx_sup1, id, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (changes); i++)
    g_assert_true (fx_refused (&store, changes[i], NULL));
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM payout_batch_items"), ==, 3);
  g_assert_cmpint (fx_int (&store, "SELECT sum(amount) FROM payout_batch_items"), ==, 6000000);
  /* Recording the export is the one change allowed. */
  g_assert_true (cd_database_exec (store.db, "UPDATE payout_batches SET state = 'exported'",
                                   NULL));
  store_close (&store);
}

/* "A supervisor approves decisions and payouts (never their own)": the maker of a batch is refused,
 * by the core with its own error and by the file whatever SQL is tried; another supervisor may. */
static void
test_maker_cannot_approve (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdPayoutBatch) batch = NULL;
  gint64 id;

  store_with_decisions (&store);
  id = cd_payout_create (store.db, fx_sup2, &error);
  g_assert_no_error (error);

  g_assert_false (cd_payout_approve (store.db, fx_sup2, id, &error));
  g_assert_error (error, CD_PAYOUT_ERROR, CD_PAYOUT_ERROR_SEGREGATION);
  g_assert_nonnull (strstr (error->message, "gs02"));
  g_clear_error (&error);
  batch = cd_payout_load (store.db, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (batch->state, ==, "open");
  g_assert_null (batch->approved_by);
  g_assert_cmpint (fx_int (&store,
                           "SELECT count(*) FROM audit_log WHERE action = 'payout.approve'"),
                   ==, 0);

  /* Round the core: the trigger refuses the maker as approver, on update and on insert. */
  g_assert_true (fx_refused (&store, "UPDATE payout_batches SET state = 'approved',"
                             " approved_by = created_by, approved_at = 'x'", NULL));
  g_assert_true (fx_refused (&store, "INSERT INTO payout_batches (office_id, state,"
                             " created_by, created_at, approved_by, approved_at)"
                             " VALUES (1, 'approved', 4, 'x', 4, 'x')", NULL));

  g_assert_true (cd_payout_approve (store.db, fx_sup3, id, &error));
  g_assert_no_error (error);
  g_clear_pointer (&batch, cd_payout_batch_free);
  batch = cd_payout_load (store.db, id, &error);
  g_assert_cmpstr (batch->state, ==, "approved");
  g_assert_cmpstr (batch->approved_by, ==, "gs03");
  store_close (&store);
}

/* The list of batches, newest first, with their counts and totals. */
static void
test_list (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) batches = NULL;
  CdPayoutBatch *batch;
  gint64 id;

  store_with_decisions (&store);
  batches = cd_payout_list (store.db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (batches->len, ==, 0);
  g_clear_pointer (&batches, g_ptr_array_unref);

  id = cd_payout_create (store.db, fx_sup2, &error);
  g_assert_no_error (error);
  g_assert_true (cd_payout_approve (store.db, fx_sup1, id, &error));
  fx_to_proposed (&store, fx_claim (6), 500000, fx_officer);
  g_assert_true (cd_workflow_approve (store.db, fx_sup1, fx_claim (6), NULL, &error));
  g_assert_cmpint (cd_payout_create (store.db, fx_sup1, &error), ==, id + 1);
  g_assert_no_error (error);

  batches = cd_payout_list (store.db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (batches->len, ==, 2);
  batch = batches->pdata[0];
  g_assert_cmpint (batch->id, ==, id + 1);
  g_assert_cmpstr (batch->state, ==, "open");
  g_assert_cmpstr (batch->created_by, ==, "gs01");
  g_assert_cmpuint (batch->n_items, ==, 1);
  g_assert_cmpint (batch->total, ==, 500000);
  batch = batches->pdata[1];
  g_assert_cmpstr (batch->state, ==, "approved");
  g_assert_cmpstr (batch->approved_by, ==, "gs01");
  g_assert_cmpuint (batch->n_items, ==, 3);
  g_assert_cmpint (batch->total, ==, 6000000);
  store_close (&store);
}

/* A population-register answer about the fixture's claimant, `days_ago` days old. */
static void
add_vital_status (Store      *store,
                  const char *status,
                  guint       days_ago)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, -(int) days_ago);
  g_autofree char *at = g_date_time_format (then, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *sql = g_strdup_printf (
    "INSERT INTO documents (person_id, kind, source_system, url, fetched_at, raw, sha256,"
    " signature_status, parse_status, fields) VALUES (1, 'vital_status', 'population',"
    " 'http://127.0.0.1/p', '%s', X'00', '%064d', 'unsigned', 'parsed',"
    " '{\"SoDinhDanh\":\"079190123456\",\"status\":\"%s\"%s}')",
    at, 0, status, g_str_equal (status, "dead") ? ",\"NgayChet\":\"2026-10-02\"" : "");

  fx_exec (store, sql);
}

/* Approving a batch re-verifies claimants alive: one never checked, with no link to the register,
 * is held back with their name, personal ID and why; a claimant dead on record is never paid. */
static void
test_cli_alive (void)
{
  Store store;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *create[] = { "payout", "create", "--db", NULL, "--as", "gs02", NULL };
  const char *approve[] = { "payout", "approve", "--db", NULL, "--batch", "1", "--as", "gs01",
                            NULL };

  store_with_decisions (&store);
  create[3] = approve[3] = store.path;
  g_assert_cmpint (fx_cli (create, FIXTURE_PASSWORD "\n", &out, &err), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  {
    const char *show[] = { "payout", "show", "--db", store.path, "--batch", "1", NULL };

    g_assert_cmpint (fx_cli (show, NULL, &out, &err), ==, 0);
    g_assert_nonnull (strstr (out, "To re-verify alive at approval: HS-T-0001"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  g_assert_cmpint (fx_cli (approve, FIXTURE_PASSWORD "\n", &out, &err), ==, 1);
  g_assert_nonnull (strstr (out, "Held back: HS-T-0001"));
  g_assert_nonnull (strstr (out, "079190123456"));
  g_assert_nonnull (strstr (out, "never been checked in the population register"));
  g_assert_nonnull (strstr (err, "held back"));
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM payout_batches WHERE state = 'open'"),
                   ==, 1);
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM payout_batch_items"), ==, 3);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Checked too long ago is the same as never. */
  add_vital_status (&store, "alive", 45);
  g_assert_cmpint (fx_cli (approve, FIXTURE_PASSWORD "\n", &out, &err), ==, 1);
  g_assert_nonnull (strstr (out, "more than 30 days ago"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  add_vital_status (&store, "dead", 1);
  g_assert_cmpint (fx_cli (approve, FIXTURE_PASSWORD "\n", &out, &err), ==, 1);
  g_assert_nonnull (strstr (out, "is dead according to the population register"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  add_vital_status (&store, "alive", 0);
  g_assert_cmpint (fx_cli (approve, FIXTURE_PASSWORD "\n", &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "Approved by gs01"));
  store_close (&store);
}

static void
test_cli (void)
{
  Store store;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *csv_path = NULL;
  g_autofree char *csv = NULL;

  store_with_decisions (&store);
  /* The claimant was found alive in the population register when the claims were fetched, so the
   * approval pays without asking again (cd-payout-alive.h). */
  add_vital_status (&store, "alive", 0);
  csv_path = g_build_filename (store.dir, "chi-tra.csv", NULL);
  {
    const char *create[] = { "payout", "create", "--db", store.path, "--as", "gs02", NULL };
    const char *create_officer[] = { "payout", "create", "--db", store.path, "--as", "cb01", NULL };
    const char *show[] = { "payout", "show", "--db", store.path, "--batch", "1", NULL };
    const char *export[] = { "payout", "export", "--db", store.path, "--batch", "1", "--output",
                             csv_path, NULL };
    const char *approve[] = { "payout", "approve", "--db", store.path, "--batch", "1", "--as",
                              "gs01", NULL };
    const char *bad[] = { "payout", "export", "--db", store.path, "--batch", "1", NULL };
    const char *bad_verb[] = { "payout", "delete", "--db", store.path, NULL };

    g_assert_cmpint (fx_cli (create_officer, FIXTURE_PASSWORD "\n", &out, &err), ==, 1);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (fx_cli (create, FIXTURE_PASSWORD "\n", &out, &err), ==, 0);
    g_assert_nonnull (strstr (out, "Payout batch 1: open"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (fx_cli (show, NULL, &out, &err), ==, 0);
    g_assert_nonnull (strstr (out, "6000000"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (fx_cli (export, NULL, &out, &err), ==, 0);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (fx_cli (approve, FIXTURE_PASSWORD "\n", &out, &err), ==, 0);
    g_assert_nonnull (strstr (out, "Approved by gs01"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (fx_cli (approve, FIXTURE_PASSWORD "\n", &out, &err), ==, 1);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (fx_cli (bad, NULL, &out, &err), ==, 2);
    g_assert_cmpuint (test_count_lines (err), ==, 1);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (fx_cli (bad_verb, NULL, &out, &err), ==, 2);
    g_assert_cmpuint (test_count_lines (err), ==, 1);
  }
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
  g_assert_true (g_str_has_prefix (csv, "claim_number,claimant,personal_id,benefit,amount\r\n"));
  g_assert_true (g_utf8_validate (csv, -1, NULL));
  g_assert_cmpuint (test_count_lines (csv), ==, 4);
  store_close (&store);
}

/* ---- Off the main loop ----------------------------------------------------------------------- */

/* What a batch says, without the times (two stores made at different moments). */
static char *
batch_text (const CdPayoutBatch *batch)
{
  g_autofree char *csv = batch->items->len > 0 ? cd_payout_to_csv (batch) : g_strdup ("");
  g_autoptr(GString) text = g_string_new (NULL);

  g_string_append_printf (text, "%" G_GINT64_FORMAT " %s by %s, approved by %s: %u items, %"
                          G_GINT64_FORMAT " ₫;", batch->id, batch->state, batch->created_by,
                          batch->approved_by != NULL ? batch->approved_by : "nobody",
                          batch->n_items, batch->total);
  for (guint i = 0; i < batch->totals->len; i++)
    {
      CdPayoutTotal *t = &g_array_index (batch->totals, CdPayoutTotal, i);

      g_string_append_printf (text, " %s %u %" G_GINT64_FORMAT ";",
                              cd_benefit_to_string (t->benefit), t->count, t->amount);
    }
  g_string_append (text, csv);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
list_text (GPtrArray *batches)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < batches->len; i++)
    {
      g_autofree char *one = batch_text (batches->pdata[i]);

      g_string_append_printf (text, "[%s]", one);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Every call, made async on one store and blocking on its twin, answers the same. */
static void
test_async_matches_blocking (void)
{
  Store async_store, blocking_store;
  g_autoptr(GError) async_error = NULL;
  g_autoptr(GError) blocking_error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(CdPayoutBatch) async_batch = NULL;
  g_autoptr(CdPayoutBatch) blocking_batch = NULL;
  g_autoptr(GPtrArray) async_list = NULL;
  g_autoptr(GPtrArray) blocking_list = NULL;
  g_autofree char *async_text = NULL;
  g_autofree char *blocking_text = NULL;
  g_autofree char *async_csv_path = NULL;
  g_autofree char *blocking_csv_path = NULL;
  g_autofree char *async_csv = NULL;
  g_autofree char *blocking_csv = NULL;
  GAsyncResult *pending = NULL;
  gint64 async_id, blocking_id;

  store_with_decisions (&async_store);
  store_with_decisions (&blocking_store);

  /* An officer may not make a batch; a supervisor may. */
  cd_payout_create_async (async_store.db, fx_officer, NULL, on_fx_result, &pending);
  result = fx_wait_result (&pending);
  g_assert_cmpint (cd_payout_create_finish (result, &async_error), ==, 0);
  g_assert_cmpint (cd_payout_create (blocking_store.db, fx_officer, &blocking_error), ==, 0);
  g_assert_error (async_error, blocking_error->domain, blocking_error->code);
  g_clear_error (&async_error);
  g_clear_error (&blocking_error);
  g_clear_object (&result);

  cd_payout_create_async (async_store.db, fx_sup2, NULL, on_fx_result, &pending);
  result = fx_wait_result (&pending);
  async_id = cd_payout_create_finish (result, &async_error);
  g_assert_no_error (async_error);
  g_clear_object (&result);
  blocking_id = cd_payout_create (blocking_store.db, fx_sup2, &blocking_error);
  g_assert_no_error (blocking_error);
  g_assert_cmpint (async_id, >, 0);
  g_assert_cmpint (async_id, ==, blocking_id);

  cd_payout_load_async (async_store.path, async_id, NULL, on_fx_result, &pending);
  result = fx_wait_result (&pending);
  async_batch = cd_payout_load_finish (result, &async_error);
  g_assert_no_error (async_error);
  g_clear_object (&result);
  blocking_batch = cd_payout_load (blocking_store.db, blocking_id, &blocking_error);
  g_assert_no_error (blocking_error);
  async_text = batch_text (async_batch);
  blocking_text = batch_text (blocking_batch);
  g_assert_cmpstr (async_text, ==, blocking_text);
  g_assert_nonnull (strstr (async_text, "open by gs02, approved by nobody: 3 items, 6000000"));
  g_clear_pointer (&async_text, g_free);
  g_clear_pointer (&blocking_text, g_free);

  /* A batch that is not there. */
  cd_payout_load_async (async_store.path, 99, NULL, on_fx_result, &pending);
  result = fx_wait_result (&pending);
  g_assert_null (cd_payout_load_finish (result, &async_error));
  g_assert_null (cd_payout_load (blocking_store.db, 99, &blocking_error));
  g_assert_error (async_error, blocking_error->domain, blocking_error->code);
  g_assert_cmpstr (async_error->message, ==, blocking_error->message);
  g_clear_error (&async_error);
  g_clear_error (&blocking_error);
  g_clear_object (&result);

  /* The maker is refused, another supervisor approves. */
  for (guint round = 0; round < 2; round++)
    {
      CdSession *who = round == 0 ? fx_sup2 : fx_sup1;
      gboolean async_ok, blocking_ok;

      cd_payout_approve_async (async_store.db, who, async_id, NULL, on_fx_result, &pending);
      result = fx_wait_result (&pending);
      async_ok = cd_payout_approve_finish (result, &async_error);
      g_clear_object (&result);
      blocking_ok = cd_payout_approve (blocking_store.db, who, blocking_id, &blocking_error);
      g_assert_cmpint (async_ok, ==, round == 1);
      g_assert_cmpint (blocking_ok, ==, async_ok);
      if (!async_ok)
        {
          g_assert_error (async_error, CD_PAYOUT_ERROR, CD_PAYOUT_ERROR_SEGREGATION);
          g_assert_error (blocking_error, async_error->domain, async_error->code);
          g_assert_cmpstr (async_error->message, ==, blocking_error->message);
          g_clear_error (&async_error);
          g_clear_error (&blocking_error);
        }
    }

  cd_payout_list_async (async_store.path, NULL, on_fx_result, &pending);
  result = fx_wait_result (&pending);
  async_list = cd_payout_list_finish (result, &async_error);
  g_assert_no_error (async_error);
  g_clear_object (&result);
  blocking_list = cd_payout_list (blocking_store.db, &blocking_error);
  g_assert_no_error (blocking_error);
  async_text = list_text (async_list);
  blocking_text = list_text (blocking_list);
  g_assert_cmpstr (async_text, ==, blocking_text);
  g_assert_nonnull (strstr (async_text, "approved by gs01: 3 items"));

  async_csv_path = g_build_filename (async_store.dir, "chi-tra.csv", NULL);
  blocking_csv_path = g_build_filename (blocking_store.dir, "chi-tra.csv", NULL);
  cd_payout_export_csv_async (async_store.path, async_id, async_csv_path, NULL, on_fx_result,
                              &pending);
  result = fx_wait_result (&pending);
  g_assert_true (cd_payout_export_csv_finish (result, &async_error));
  g_assert_no_error (async_error);
  g_clear_object (&result);
  g_assert_true (cd_payout_export_csv (blocking_store.db, blocking_id, blocking_csv_path,
                                       &blocking_error));
  g_assert_true (g_file_get_contents (async_csv_path, &async_csv, NULL, NULL));
  g_assert_true (g_file_get_contents (blocking_csv_path, &blocking_csv, NULL, NULL));
  g_assert_cmpstr (async_csv, ==, blocking_csv);
  g_assert_true (g_str_has_prefix (async_csv, "claim_number,"));

  store_close (&async_store);
  store_close (&blocking_store);
}

/* Making and approving a batch are jobs on the shared writer: they wait for the job holding it. */
static void
test_async_writes_wait_for_the_writer (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *pending = NULL;
  FxWriterBlock *block;
  gint64 id;

  store_with_decisions (&store);
  block = fx_block_writer (store.db);
  cd_payout_create_async (store.db, fx_sup2, NULL, on_fx_result, &pending);
  fx_iterate_for (200);
  g_assert_null (pending);
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM payout_batches"), ==, 0);
  fx_release_writer (block);
  result = fx_wait_result (&pending);
  id = cd_payout_create_finish (result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_clear_object (&result);

  block = fx_block_writer (store.db);
  cd_payout_approve_async (store.db, fx_sup1, id, NULL, on_fx_result, &pending);
  fx_iterate_for (200);
  g_assert_null (pending);
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM payout_batches WHERE state = 'open'"),
                   ==, 1);
  fx_release_writer (block);
  result = fx_wait_result (&pending);
  g_assert_true (cd_payout_approve_finish (result, &error));
  g_assert_no_error (error);
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM payout_batches"
                                   " WHERE state = 'approved'"), ==, 1);
  store_close (&store);
}

/* Cancelled before it starts, or asked for by a locked session, a call does nothing. */
static void
test_async_refused_before_it_starts (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *csv_path = NULL;
  GAsyncResult *pending = NULL;
  FxWriterBlock *block;
  gint64 id;

  store_with_decisions (&store);
  g_cancellable_cancel (cancellable);
  cd_payout_create_async (store.db, fx_sup2, cancellable, on_fx_result, &pending);
  result = fx_wait_result (&pending);
  g_assert_cmpint (cd_payout_create_finish (result, &error), ==, 0);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_clear_object (&result);
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM payout_batches"), ==, 0);

  cd_session_lock (fx_sup3);
  cd_payout_create_async (store.db, fx_sup3, NULL, on_fx_result, &pending);
  result = fx_wait_result (&pending);
  g_assert_cmpint (cd_payout_create_finish (result, &error), ==, 0);
  g_assert_error (error, CD_USERS_ERROR, CD_USERS_ERROR_LOCKED);
  g_clear_error (&error);
  g_clear_object (&result);
  g_assert_true (cd_session_unlock (fx_sup3, store.db, FIXTURE_PASSWORD, &error));
  g_assert_no_error (error);
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM payout_batches"), ==, 0);

  /* Cancelled while another job holds the writer: the approval never runs. */
  id = cd_payout_create (store.db, fx_sup2, &error);
  g_assert_no_error (error);
  g_clear_object (&cancellable);
  cancellable = g_cancellable_new ();
  block = fx_block_writer (store.db);
  cd_payout_approve_async (store.db, fx_sup1, id, cancellable, on_fx_result, &pending);
  fx_iterate_for (50);
  g_cancellable_cancel (cancellable);
  fx_release_writer (block);
  result = fx_wait_result (&pending);
  g_assert_false (cd_payout_approve_finish (result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_clear_object (&result);
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM payout_batches WHERE state = 'open'"),
                   ==, 1);

  /* The reads too: no list, no file. */
  cd_payout_list_async (store.path, cancellable, on_fx_result, &pending);
  result = fx_wait_result (&pending);
  g_assert_null (cd_payout_list_finish (result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_clear_object (&result);
  csv_path = g_build_filename (store.dir, "chi-tra.csv", NULL);
  cd_payout_export_csv_async (store.path, id, csv_path, cancellable, on_fx_result, &pending);
  result = fx_wait_result (&pending);
  g_assert_false (cd_payout_export_csv_finish (result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_test (csv_path, G_FILE_TEST_EXISTS));
  store_close (&store);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  fixture_init ();

  g_test_add_func ("/payout/create-show-approve", test_create_show_approve);
  g_test_add_func ("/payout/approved-batch-is-immutable", test_approved_batch_is_immutable);
  g_test_add_func ("/payout/maker-cannot-approve", test_maker_cannot_approve);
  g_test_add_func ("/payout/cli-alive", test_cli_alive);
  g_test_add_func ("/payout/list", test_list);
  g_test_add_func ("/payout/cli", test_cli);
  g_test_add_func ("/payout/async/matches-blocking", test_async_matches_blocking);
  g_test_add_func ("/payout/async/writes-wait-for-the-writer",
                   test_async_writes_wait_for_the_writer);
  g_test_add_func ("/payout/async/refused-before-it-starts", test_async_refused_before_it_starts);

  status = g_test_run ();
  fixture_shutdown ();
  return status;
}
