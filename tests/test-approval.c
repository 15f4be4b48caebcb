/* test-approval.c — the supervisor's approval queue and bulk approve/return runs. */
#include <string.h>

#include "cd-approval.h"
#include "cd-office-settings.h"
#include "cd-statement.h"
#include "cd-workflow.h"
#include "test-util.h"
#include "workflow-fixture.h"

static gboolean
listed (GPtrArray  *items,
        const char *number)
{
  for (guint i = 0; i < items->len; i++)
    if (g_str_equal (((CdApprovalItem *) items->pdata[i])->claim_number, number))
      return TRUE;
  return FALSE;
}

static char *
status_of (Store      *store,
           const char *number)
{
  g_autofree char *sql = g_strdup_printf ("SELECT s.name FROM claims c JOIN claim_statuses s"
                                          " ON s.code = c.status WHERE c.number = '%s'", number);

  return fx_text (store, sql);
}

/* Claims 1–4 proposed by the officer, 5 by supervisor gs01 (supervisors may propose too). */
static void
store_with_proposals (Store *store)
{
  store_open (store);
  for (guint n = 1; n <= 4; n++)
    fx_to_proposed (store, fx_claim (n), 1000000 * n, fx_officer);
  fx_to_proposed (store, fx_claim (5), 700000, fx_sup1);
}

static void
test_queue_excludes_own (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) mine = NULL;
  g_autoptr(GPtrArray) theirs = NULL;
  g_autoptr(GPtrArray) all = NULL;
  CdApprovalItem *first;

  store_with_proposals (&store);
  mine = cd_approval_list_waiting (store.db, cd_session_get_user_id (fx_sup1), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mine->len, ==, 4);
  g_assert_false (listed (mine, fx_claim (5)));
  first = mine->pdata[0];
  g_assert_cmpstr (first->claim_number, ==, fx_claim (1));
  g_assert_cmpstr (first->claimant, ==, "Nguyễn Thị \"Hoa\", Lan");
  g_assert_cmpint (first->benefit, ==, CD_BENEFIT_CHILDBIRTH);
  g_assert_cmpint (first->amount, ==, 1000000);
  g_assert_cmpstr (first->proposer, ==, "cb01");
  g_assert_cmpstr (first->proposer_name, ==, "Nguyễn Văn An");
  g_assert_nonnull (first->proposed_at);
  g_assert_cmpuint (first->n_approvals, ==, 0);

  theirs = cd_approval_list_waiting (store.db, cd_session_get_user_id (fx_sup2), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (theirs->len, ==, 5);
  g_assert_true (listed (theirs, fx_claim (5)));

  /* Nobody signed in: every proposal, read-only. */
  all = cd_approval_list_waiting (store.db, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 5);
  store_close (&store);
}

static void
test_bulk_approve (void)
{
  Store store;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GPtrArray) after = NULL;
  const char *numbers[] = { "HS-T-0001", "HS-T-0002", "HS-T-0005", "HS-T-0003", NULL };

  store_with_proposals (&store);
  results = cd_approval_run_sync (store.db, fx_sup1, CD_APPROVAL_ACTION_APPROVE, numbers, NULL,
                                  NULL, NULL, NULL);
  g_assert_cmpuint (results->len, ==, 4);
  for (guint i = 0; i < results->len; i++)
    {
      CdApprovalResult *r = results->pdata[i];

      g_assert_cmpstr (r->claim_number, ==, numbers[i]);
      if (i == 2)
        {
          /* Their own proposal is refused with the workflow's message; the run goes on. */
          g_assert_cmpint (r->outcome, ==, CD_APPROVAL_OUTCOME_REFUSED);
          g_assert_true (r->domain == CD_WORKFLOW_ERROR);
          g_assert_cmpint (r->code, ==, CD_WORKFLOW_ERROR_SEGREGATION);
          g_assert_nonnull (strstr (r->message, "HS-T-0005"));
        }
      else
        {
          g_autofree char *status = status_of (&store, numbers[i]);

          g_assert_cmpint (r->outcome, ==, CD_APPROVAL_OUTCOME_APPROVED);
          g_assert_null (r->message);
          g_assert_cmpstr (status, ==, "queued");
        }
    }
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM outbox"), ==, 3);
  {
    g_autofree char *status = status_of (&store, fx_claim (5));
    g_assert_cmpstr (status, ==, "proposed");
  }

  after = cd_approval_list_waiting (store.db, cd_session_get_user_id (fx_sup1), NULL);
  g_assert_cmpuint (after->len, ==, 1);
  g_assert_true (listed (after, fx_claim (4)));
  store_close (&store);
}

typedef struct
{
  GCancellable *cancellable;
  guint         cancel_at;
  guint         calls;
  guint         last_total;
} Cancel;

static void
cancel_progress (guint    done,
                 guint    total,
                 gpointer user_data)
{
  Cancel *c = user_data;

  c->calls++;
  g_assert_cmpuint (done, ==, c->calls);
  c->last_total = total;
  if (done == c->cancel_at)
    g_cancellable_cancel (c->cancellable);
}

static void
test_cancel_midway (void)
{
  Store store;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Cancel c = { cancellable, 2, 0, 0 };
  const char *numbers[] = { "HS-T-0001", "HS-T-0002", "HS-T-0003", "HS-T-0004", NULL };

  store_with_proposals (&store);
  results = cd_approval_run_sync (store.db, fx_sup2, CD_APPROVAL_ACTION_APPROVE, numbers, NULL,
                                  cancellable, cancel_progress, &c);
  g_assert_cmpuint (c.calls, ==, 2);
  g_assert_cmpuint (c.last_total, ==, 4);
  g_assert_cmpuint (results->len, ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      CdApprovalResult *r = results->pdata[i];
      g_autofree char *status = status_of (&store, numbers[i]);

      g_assert_cmpint (r->outcome, ==,
                       i < 2 ? CD_APPROVAL_OUTCOME_APPROVED : CD_APPROVAL_OUTCOME_NOT_RUN);
      g_assert_cmpstr (status, ==, i < 2 ? "queued" : "proposed");
    }
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM approvals"), ==, 2);
  store_close (&store);
}

/* Above the threshold, one approval leaves the claim proposed and out of that supervisor's queue;
 * the second, by someone else, makes it final. */
static void
test_threshold_needs_two (void)
{
  Store store;
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GPtrArray) second = NULL;
  g_autoptr(GPtrArray) queue1 = NULL;
  g_autoptr(GPtrArray) queue2 = NULL;
  const char *numbers[] = { "HS-T-0006", NULL };
  CdApprovalResult *r;
  g_autofree char *status = NULL;

  store_with_proposals (&store);
  fx_to_proposed (&store, fx_claim (6), CD_DEFAULT_APPROVAL_THRESHOLD + 1, fx_officer);

  first = cd_approval_run_sync (store.db, fx_sup1, CD_APPROVAL_ACTION_APPROVE, numbers, NULL,
                                NULL, NULL, NULL);
  r = first->pdata[0];
  g_assert_cmpint (r->outcome, ==, CD_APPROVAL_OUTCOME_NEEDS_SECOND);
  status = status_of (&store, fx_claim (6));
  g_assert_cmpstr (status, ==, "proposed");
  g_clear_pointer (&status, g_free);

  queue1 = cd_approval_list_waiting (store.db, cd_session_get_user_id (fx_sup1), NULL);
  g_assert_false (listed (queue1, fx_claim (6)));
  queue2 = cd_approval_list_waiting (store.db, cd_session_get_user_id (fx_sup2), NULL);
  g_assert_true (listed (queue2, fx_claim (6)));
  for (guint i = 0; i < queue2->len; i++)
    if (g_str_equal (((CdApprovalItem *) queue2->pdata[i])->claim_number, fx_claim (6)))
      g_assert_cmpuint (((CdApprovalItem *) queue2->pdata[i])->n_approvals, ==, 1);

  /* The same supervisor again is refused. */
  again = cd_approval_run_sync (store.db, fx_sup1, CD_APPROVAL_ACTION_APPROVE, numbers, NULL,
                                NULL, NULL, NULL);
  r = again->pdata[0];
  g_assert_cmpint (r->outcome, ==, CD_APPROVAL_OUTCOME_REFUSED);
  g_assert_cmpint (r->code, ==, CD_WORKFLOW_ERROR_ALREADY_APPROVED);

  second = cd_approval_run_sync (store.db, fx_sup2, CD_APPROVAL_ACTION_APPROVE, numbers, NULL,
                                 NULL, NULL, NULL);
  r = second->pdata[0];
  g_assert_cmpint (r->outcome, ==, CD_APPROVAL_OUTCOME_APPROVED);
  status = status_of (&store, fx_claim (6));
  g_assert_cmpstr (status, ==, "queued");
  store_close (&store);
}

static void
test_bulk_return (void)
{
  Store store;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GPtrArray) refused = NULL;
  const char *numbers[] = { "HS-T-0001", "HS-T-0002", NULL };

  store_with_proposals (&store);
  /* Without a comment each claim is refused by the workflow, and nothing changes. */
  refused = cd_approval_run_sync (store.db, fx_sup1, CD_APPROVAL_ACTION_RETURN, numbers, "",
                                  NULL, NULL, NULL);
  for (guint i = 0; i < refused->len; i++)
    g_assert_cmpint (((CdApprovalResult *) refused->pdata[i])->code, ==,
                     CD_WORKFLOW_ERROR_COMMENT_REQUIRED);

  results = cd_approval_run_sync (store.db, fx_sup1, CD_APPROVAL_ACTION_RETURN, numbers,
                                  "Thiếu giấy ra viện", NULL, NULL, NULL);
  for (guint i = 0; i < results->len; i++)
    {
      g_autofree char *status = status_of (&store, numbers[i]);
      g_autofree char *sql = g_strdup_printf ("SELECT d.comment FROM decisions d JOIN claims c"
                                              " ON c.id = d.claim_id WHERE c.number = '%s'",
                                              numbers[i]);
      g_autofree char *comment = fx_text (&store, sql);

      g_assert_cmpint (((CdApprovalResult *) results->pdata[i])->outcome, ==,
                       CD_APPROVAL_OUTCOME_RETURNED);
      g_assert_cmpstr (status, ==, "returned");
      g_assert_cmpstr (comment, ==, "Thiếu giấy ra viện");
    }
  store_close (&store);
}

/* The run on the shared writer: progress on the main context, stopped from a handler. */
typedef struct
{
  GCancellable *cancellable;
  GPtrArray    *results;
  guint         progress_calls;
  gboolean      done;
} Async;

static void
on_progress (CdApprovalRun *run,
             guint          done,
             guint          total,
             Async         *a)
{
  a->progress_calls++;
  g_assert_cmpuint (total, ==, 4);
  if (done == 1)
    cd_approval_run_stop (run);
}

static void
on_finished (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Async *a = user_data;
  g_autoptr(GError) error = NULL;

  a->results = cd_approval_run_finish (CD_APPROVAL_RUN (source), result, &error);
  g_assert_no_error (error);
  a->done = TRUE;
}

static void
test_async_cancel (void)
{
  Store store;
  g_autoptr(CdApprovalRun) run = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Async a = { cancellable, NULL, 0, FALSE };
  const char *numbers[] = { "HS-T-0001", "HS-T-0002", "HS-T-0003", "HS-T-0004", NULL };

  store_with_proposals (&store);
  run = cd_approval_run_new (store.db, fx_sup2, CD_APPROVAL_ACTION_APPROVE, numbers, NULL);
  g_assert_cmpuint (cd_approval_run_get_total (run), ==, 4);
  g_signal_connect (run, "progress", G_CALLBACK (on_progress), &a);
  cd_approval_run_start (run, cancellable, on_finished, &a);
  while (!a.done)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (a.progress_calls, ==, 1);
  g_assert_cmpuint (a.results->len, ==, 4);
  g_assert_cmpint (((CdApprovalResult *) a.results->pdata[0])->outcome, ==,
                   CD_APPROVAL_OUTCOME_APPROVED);
  for (guint i = 1; i < 4; i++)
    g_assert_cmpint (((CdApprovalResult *) a.results->pdata[i])->outcome, ==,
                     CD_APPROVAL_OUTCOME_NOT_RUN);
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM claims WHERE status = 3"), ==, 4);
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM outbox"), ==, 1);
  g_ptr_array_unref (a.results);
  store_close (&store);
}

static char *
results_text (GPtrArray *results)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < results->len; i++)
    {
      CdApprovalResult *r = results->pdata[i];

      g_string_append_printf (text, "%s %d %s %d %s\n", r->claim_number, r->outcome,
                              r->domain != 0 ? g_quark_to_string (r->domain) : "-", r->code,
                              r->message != NULL ? r->message : "-");
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
items_text (GPtrArray *items)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < items->len; i++)
    {
      CdApprovalItem *item = items->pdata[i];

      g_string_append_printf (text, "%s %s %d %" G_GINT64_FORMAT " %s %s %s %u\n",
                              item->claim_number, item->claimant, item->benefit, item->amount,
                              item->proposer, item->proposer_name, item->proposed_at,
                              item->n_approvals);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The queue read on a reader of its own is the queue read on the writer, for each supervisor and
 * for nobody; cancelled before it starts, nothing is read. */
static void
test_list_async (void)
{
  Store store;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  CdSession *who[] = { fx_sup1, fx_sup2, NULL };

  store_with_proposals (&store);
  for (guint i = 0; i < G_N_ELEMENTS (who); i++)
    {
      gint64 id = who[i] != NULL ? cd_session_get_user_id (who[i]) : 0;
      g_autoptr(GError) error = NULL;
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GPtrArray) async_items = NULL;
      g_autoptr(GPtrArray) items = NULL;
      g_autofree char *async_text = NULL;
      g_autofree char *text = NULL;
      GAsyncResult *pending = NULL;

      cd_approval_list_waiting_async (store.path, id, NULL, on_fx_result, &pending);
      result = fx_wait_result (&pending);
      async_items = cd_approval_list_waiting_finish (result, &error);
      g_assert_no_error (error);
      items = cd_approval_list_waiting (store.db, id, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (async_items->len, ==, i == 0 ? 4 : 5);
      async_text = items_text (async_items);
      text = items_text (items);
      g_assert_cmpstr (async_text, ==, text);
    }

  g_cancellable_cancel (cancellable);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GAsyncResult) result = NULL;
    GAsyncResult *pending = NULL;

    cd_approval_list_waiting_async (store.path, 0, cancellable, on_fx_result, &pending);
    result = fx_wait_result (&pending);
    g_assert_null (cd_approval_list_waiting_finish (result, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  }
  store_close (&store);
}

static GPtrArray *
run_async (CdApprovalRun  *run,
           GCancellable   *cancellable,
           GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *pending = NULL;

  cd_approval_run_start (run, cancellable, on_fx_result, &pending);
  result = fx_wait_result (&pending);
  return cd_approval_run_finish (run, result, error);
}

/* A run is one job on the shared writer: it waits while another job holds the connection, then
 * gives what the blocking run gives on a twin store, refusals and all. */
static void
test_run_waits_for_the_writer (void)
{
  Store store, twin;
  const char *numbers[] = { "HS-T-0001", "HS-T-0005", "HS-T-0002", NULL };
  g_autoptr(CdApprovalRun) run = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GPtrArray) expected = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *expected_text = NULL;
  GAsyncResult *pending = NULL;
  FxWriterBlock *block;

  store_with_proposals (&store);
  store_with_proposals (&twin);
  run = cd_approval_run_new (store.db, fx_sup1, CD_APPROVAL_ACTION_APPROVE, numbers, NULL);
  block = fx_block_writer (store.db);
  cd_approval_run_start (run, NULL, on_fx_result, &pending);
  fx_iterate_for (200);
  g_assert_null (pending);
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM approvals"), ==, 0);
  fx_release_writer (block);
  result = fx_wait_result (&pending);
  results = cd_approval_run_finish (run, result, &error);
  g_assert_no_error (error);

  expected = cd_approval_run_sync (twin.db, fx_sup1, CD_APPROVAL_ACTION_APPROVE, numbers, NULL,
                                   NULL, NULL, NULL);
  text = results_text (results);
  expected_text = results_text (expected);
  g_assert_cmpstr (text, ==, expected_text);
  /* Their own proposal (5) is refused; the others are approved. */
  g_assert_cmpint (((CdApprovalResult *) results->pdata[1])->outcome, ==,
                   CD_APPROVAL_OUTCOME_REFUSED);
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM outbox"), ==, 2);
  g_assert_cmpint (fx_int (&twin, "SELECT count(*) FROM outbox"), ==, 2);
  store_close (&store);
  store_close (&twin);
}

/* Approvals committed, as another connection sees them. */
static gint64
count_approvals (CdDatabase *reader)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStatement) stmt = cd_database_prepare (reader, "SELECT count(*) FROM approvals",
                                                     &error);

  g_assert_no_error (error);
  g_assert_cmpint (cd_statement_step (stmt, &error), ==, CD_STEP_ROW);
  return cd_statement_get_int64 (stmt, 0);
}

static void
abandon_at_one (CdApprovalRun *run,
                guint          done,
                guint          total,
                Async         *a)
{
  a->progress_calls++;
  if (done == 1 && a->cancellable != NULL)
    g_cancellable_cancel (a->cancellable);
}

/* Cancelled before it starts (at once, or while it waits for the writer) a run does nothing;
 * abandoned midway it stops before the next claim, says it was cancelled and reports no more
 * progress. A locked session starts nothing. */
static void
test_run_abandoned (void)
{
  Store store;
  const char *numbers[] = { "HS-T-0001", "HS-T-0002", "HS-T-0003", "HS-T-0004", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Async a = { NULL, NULL, 0, FALSE };

  store_with_proposals (&store);
  {
    g_autoptr(CdApprovalRun) run = cd_approval_run_new (store.db, fx_sup2,
                                                        CD_APPROVAL_ACTION_APPROVE, numbers, NULL);

    g_cancellable_cancel (cancellable);
    g_signal_connect (run, "progress", G_CALLBACK (abandon_at_one), &a);
    g_assert_null (run_async (run, cancellable, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
    g_assert_cmpuint (a.progress_calls, ==, 0);
  }
  {
    g_autoptr(CdApprovalRun) run = cd_approval_run_new (store.db, fx_sup2,
                                                        CD_APPROVAL_ACTION_APPROVE, numbers, NULL);
    g_autoptr(GAsyncResult) result = NULL;
    GAsyncResult *pending = NULL;
    FxWriterBlock *block = fx_block_writer (store.db);

    g_clear_object (&cancellable);
    cancellable = g_cancellable_new ();
    cd_approval_run_start (run, cancellable, on_fx_result, &pending);
    fx_iterate_for (50);
    g_cancellable_cancel (cancellable);
    fx_release_writer (block);
    result = fx_wait_result (&pending);
    g_assert_null (cd_approval_run_finish (run, result, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
  }
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM approvals"), ==, 0);

  {
    g_autoptr(CdApprovalRun) run = cd_approval_run_new (store.db, fx_sup2,
                                                        CD_APPROVAL_ACTION_APPROVE, numbers, NULL);

    g_clear_object (&cancellable);
    cancellable = g_cancellable_new ();
    a.cancellable = cancellable;
    g_signal_connect (run, "progress", G_CALLBACK (abandon_at_one), &a);
    g_assert_null (run_async (run, cancellable, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
    g_assert_cmpuint (a.progress_calls, ==, 1);
  }
  /* The first claim stays approved, each claim being its own transaction. */
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM approvals"), ==, 1);
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM claims WHERE status = 3"), ==, 4);

  /* Abandoned after a claim is done but before its progress reached the main context: that
   * progress is never emitted (whoever listened may be gone). */
  {
    const char *rest[] = { "HS-T-0002", "HS-T-0003", "HS-T-0004", NULL };
    g_autoptr(CdApprovalRun) run = cd_approval_run_new (store.db, fx_sup2,
                                                        CD_APPROVAL_ACTION_APPROVE, rest, NULL);
    g_autoptr(CdDatabase) reader = cd_database_open_reader (store.path, &error);
    g_autoptr(GAsyncResult) result = NULL;
    GAsyncResult *pending = NULL;
    gint64 until = g_get_monotonic_time () + 30 * G_TIME_SPAN_SECOND;

    g_assert_no_error (error);
    g_clear_object (&cancellable);
    cancellable = g_cancellable_new ();
    a.progress_calls = 0;
    a.cancellable = NULL;
    g_signal_connect (run, "progress", G_CALLBACK (abandon_at_one), &a);
    cd_approval_run_start (run, cancellable, on_fx_result, &pending);
    /* Not iterating the main loop: the worker waits there with the first claim's progress. */
    while (count_approvals (reader) < 2 && g_get_monotonic_time () < until)
      g_usleep (1000);
    g_assert_cmpint (count_approvals (reader), ==, 2);
    g_cancellable_cancel (cancellable);
    result = fx_wait_result (&pending);
    g_assert_null (cd_approval_run_finish (run, result, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
    g_assert_cmpuint (a.progress_calls, ==, 0);
  }
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM approvals"), ==, 2);

  cd_session_lock (fx_sup3);
  {
    g_autoptr(CdApprovalRun) run = cd_approval_run_new (store.db, fx_sup3,
                                                        CD_APPROVAL_ACTION_APPROVE, numbers, NULL);

    g_assert_null (run_async (run, NULL, &error));
    g_assert_error (error, CD_USERS_ERROR, CD_USERS_ERROR_LOCKED);
    g_clear_error (&error);
  }
  g_assert_true (cd_session_unlock (fx_sup3, store.db, FIXTURE_PASSWORD, &error));
  g_assert_no_error (error);
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM approvals"), ==, 2);
  store_close (&store);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  fixture_init ();

  g_test_add_func ("/approval/queue-excludes-own", test_queue_excludes_own);
  g_test_add_func ("/approval/bulk-approve", test_bulk_approve);
  g_test_add_func ("/approval/cancel-midway", test_cancel_midway);
  g_test_add_func ("/approval/threshold-needs-two", test_threshold_needs_two);
  g_test_add_func ("/approval/bulk-return", test_bulk_return);
  g_test_add_func ("/approval/async-cancel", test_async_cancel);
  g_test_add_func ("/approval/async/list", test_list_async);
  g_test_add_func ("/approval/async/run-waits-for-the-writer", test_run_waits_for_the_writer);
  g_test_add_func ("/approval/async/run-abandoned", test_run_abandoned);

  status = g_test_run ();
  fixture_shutdown ();
  return status;
}
