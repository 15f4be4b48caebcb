/* test-approval.c — the supervisor's approval queue and bulk approve/return runs. */
#include <string.h>

#include "cd-approval.h"
#include "cd-office-settings.h"
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

/* The threaded run: its own connection, progress on the main context, cancel from a handler. */
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
    g_cancellable_cancel (a->cancellable);
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
  run = cd_approval_run_new (store.path, fx_sup2, CD_APPROVAL_ACTION_APPROVE, numbers, NULL);
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

  status = g_test_run ();
  fixture_shutdown ();
  return status;
}
