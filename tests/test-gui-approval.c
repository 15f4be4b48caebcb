/* test-gui-approval.c — the approval page (bulk approve, return, cancel) and the payout page,
 * driven through their actions on a real store with real accounts. */
#include "config.h"

#include <string.h>

#include "cd-approval-page.h"
#include "cd-claim-view.h"
#include "cd-payout.h"
#include "cd-payout-page.h"
#include "cd-review.h"
#include "cd-review-rule-group.h"
#include "cd-window.h"
#include "cd-workflow.h"
#include "gui-test-util.h"
#include "paper-fixture.h"
#include "test-util.h"
#include "workflow-fixture.h"

typedef struct
{
  gboolean fired;
  gulong   handler;
  GObject *object;
} Waiter;

static void
on_fired (Waiter *w)
{
  w->fired = TRUE;
}

static void
waiter_start (Waiter     *w,
              gpointer    object,
              const char *signal)
{
  w->fired = FALSE;
  w->object = object;
  w->handler = g_signal_connect_swapped (object, signal, G_CALLBACK (on_fired), w);
}

/* Runs the main loop until the signal came, for at most 60 s. */
static void
waiter_wait (Waiter *w)
{
  gint64 until = g_get_monotonic_time () + 60 * G_TIME_SPAN_SECOND;

  while (!w->fired && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (w->fired);
  g_signal_handler_disconnect (w->object, w->handler);
}

static void
count_toast (guint      *count,
             const char *message)
{
  g_assert_nonnull (message);
  g_assert_cmpstr (message, !=, "");
  (*count)++;
}

static char *
status_of (Store      *store,
           const char *number)
{
  g_autofree char *sql = g_strdup_printf ("SELECT s.name FROM claims c JOIN claim_statuses s"
                                          " ON s.code = c.status WHERE c.number = '%s'", number);

  return fx_text (store, sql);
}

static GtkWidget *
page_in_window (GtkWidget *page,
                GtkWindow **window)
{
  *window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (*window, 900, 600);
  gtk_window_set_child (*window, page);
  gtk_window_present (*window);
  return page;
}

/* A context on the store, writing through its connection, with `session` signed in (or nobody). */
static CdContext *
context_for (Store     *store,
             CdSession *session)
{
  CdContext *context = cd_context_new ();

  cd_context_set_database (context, store->db);
  cd_context_set_session (context, session);
  return context;
}

static GtkWidget *
approval_page_for (Store     *store,
                   CdSession *session,
                   GtkWindow **window)
{
  g_autoptr(CdContext) context = context_for (store, session);
  GtkWidget *page = page_in_window (cd_approval_page_new (context), window);
  Waiter loaded;

  waiter_start (&loaded, page, "loaded");
  waiter_wait (&loaded);
  return page;
}

static gboolean
page_lists (GtkWidget  *page,
            const char *number)
{
  GListModel *model = G_LIST_MODEL (cd_approval_page_get_selection (CD_APPROVAL_PAGE (page)));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) object = g_list_model_get_item (model, i);

      if (g_str_equal (gtk_string_object_get_string (object), number))
        return TRUE;
    }
  return FALSE;
}

static guint
page_n_items (GtkWidget *page)
{
  return g_list_model_get_n_items (
      G_LIST_MODEL (cd_approval_page_get_selection (CD_APPROVAL_PAGE (page))));
}

/* Runs an action that starts a bulk run and waits for the run and the reload after it. */
static void
run_and_wait (GtkWidget  *page,
              const char *action_name)
{
  Waiter changed, loaded;

  waiter_start (&changed, page, "changed");
  waiter_start (&loaded, page, "loaded");
  g_assert_true (gtk_widget_activate_action (page, action_name, NULL));
  g_assert_true (cd_approval_page_get_running (CD_APPROVAL_PAGE (page)));
  waiter_wait (&changed);
  waiter_wait (&loaded);
  g_assert_false (cd_approval_page_get_running (CD_APPROVAL_PAGE (page)));
}

static void
test_templates (void)
{
  g_autoptr(CdContext) context = cd_context_new ();
  GtkWidget *approval = g_object_ref_sink (cd_approval_page_new (context));
  GtkWidget *payout = g_object_ref_sink (cd_payout_page_new (context));

  g_assert_true (CD_IS_APPROVAL_PAGE (approval));
  g_assert_true (CD_IS_PAYOUT_PAGE (payout));
  /* No backend, nobody signed in: nothing can be done. */
  g_assert_true (cd_approval_page_get_read_only (CD_APPROVAL_PAGE (approval)));
  g_assert_false (gui_test_action_enabled (approval, "approval.approve-selected"));
  g_assert_false (gui_test_action_enabled (approval, "approval.cancel"));
  g_assert_true (cd_payout_page_get_read_only (CD_PAYOUT_PAGE (payout)));
  g_assert_false (gui_test_action_enabled (payout, "payout.create"));
  gui_test_iterate ();
  g_assert_finalize_object (approval);
  g_assert_finalize_object (payout);
}

static void
test_read_only_without_session (void)
{
  Store store;
  GtkWindow *window;
  GtkWidget *page;

  store_open (&store);
  fx_to_proposed (&store, fx_claim (1), 1000000, fx_officer);
  fx_to_proposed (&store, fx_claim (2), 1000000, fx_sup1);

  page = approval_page_for (&store, NULL, &window);
  g_assert_true (cd_approval_page_get_read_only (CD_APPROVAL_PAGE (page)));
  g_assert_cmpuint (page_n_items (page), ==, 2);
  g_assert_true (gtk_widget_activate_action (page, "approval.select-all", NULL));
  g_assert_false (gui_test_action_enabled (page, "approval.approve-selected"));
  g_assert_false (gui_test_action_enabled (page, "approval.return-selected"));
  gtk_window_destroy (window);
  store_close (&store);
}

static void
test_bulk_approve (void)
{
  Store store;
  GtkWindow *window;
  GtkWidget *page;
  GtkSelectionModel *selection;
  g_autofree char *own_status = NULL;
  guint toasts = 0;

  store_open (&store);
  for (guint n = 1; n <= 6; n++)
    fx_to_proposed (&store, fx_claim (n), 1000000 + n, fx_officer);
  /* The supervisor's own proposal. */
  fx_to_proposed (&store, fx_claim (7), 2000000, fx_sup1);

  page = approval_page_for (&store, fx_sup1, &window);
  g_signal_connect_swapped (page, "toast", G_CALLBACK (count_toast), &toasts);
  g_assert_false (cd_approval_page_get_read_only (CD_APPROVAL_PAGE (page)));
  g_assert_cmpuint (page_n_items (page), ==, 6);
  g_assert_false (page_lists (page, fx_claim (7)));
  g_assert_false (gui_test_action_enabled (page, "approval.approve-selected"));

  selection = cd_approval_page_get_selection (CD_APPROVAL_PAGE (page));
  for (guint i = 0; i < 3; i++)
    gtk_selection_model_select_item (selection, i, FALSE);
  g_assert_true (gui_test_action_enabled (page, "approval.approve-selected"));
  run_and_wait (page, "approval.approve-selected");

  g_assert_cmpuint (toasts, ==, 1);
  g_assert_cmpuint (cd_approval_page_get_n_failures (CD_APPROVAL_PAGE (page)), ==, 0);
  g_assert_cmpstr (cd_approval_page_get_progress_text (CD_APPROVAL_PAGE (page)), ==, "3 of 3");
  for (guint n = 1; n <= 3; n++)
    {
      g_autofree char *status = status_of (&store, fx_claim (n));
      g_assert_cmpstr (status, ==, "queued");
      g_assert_false (page_lists (page, fx_claim (n)));
    }
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM outbox WHERE state = 'queued'"), ==, 3);
  g_assert_cmpuint (page_n_items (page), ==, 3);

  /* Select all and approve: the supervisor's own proposal is never among them. */
  g_assert_true (gtk_widget_activate_action (page, "approval.select-all", NULL));
  run_and_wait (page, "approval.approve-selected");
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM outbox"), ==, 6);
  own_status = status_of (&store, fx_claim (7));
  g_assert_cmpstr (own_status, ==, "proposed");
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM approvals a JOIN decisions d"
                                   " ON d.id = a.decision_id JOIN claims c ON c.id = d.claim_id"
                                   " WHERE c.number = 'HS-T-0007'"), ==, 0);
  g_assert_cmpuint (page_n_items (page), ==, 0);
  g_assert_false (gui_test_action_enabled (page, "approval.approve-selected"));
  gtk_window_destroy (window);
  store_close (&store);
}

/* A claim that changed under the page is refused by the workflow and listed with the reason. */
static void
test_failure_listed (void)
{
  Store store;
  GtkWindow *window;
  GtkWidget *page;
  g_autoptr(GError) error = NULL;

  store_open (&store);
  for (guint n = 1; n <= 3; n++)
    fx_to_proposed (&store, fx_claim (n), 1000000, fx_officer);
  page = approval_page_for (&store, fx_sup1, &window);
  g_assert_cmpuint (page_n_items (page), ==, 3);

  /* Another supervisor approves claim 2 meanwhile. */
  g_assert_true (cd_workflow_approve (store.db, fx_sup2, fx_claim (2), NULL, &error));
  g_assert_no_error (error);

  g_assert_true (gtk_widget_activate_action (page, "approval.select-all", NULL));
  run_and_wait (page, "approval.approve-selected");
  g_assert_cmpuint (cd_approval_page_get_n_failures (CD_APPROVAL_PAGE (page)), ==, 1);
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM outbox"), ==, 3);
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM approvals"), ==, 3);
  gtk_window_destroy (window);
  store_close (&store);
}

static void
cancel_at_two (GtkWidget *page,
               guint      done,
               guint      total)
{
  if (done == 2)
    g_assert_true (gtk_widget_activate_action (page, "approval.cancel", NULL));
}

static void
test_cancel (void)
{
  Store store;
  GtkWindow *window;
  GtkWidget *page;

  store_open (&store);
  for (guint n = 1; n <= 10; n++)
    fx_to_proposed (&store, fx_claim (n), 1000000, fx_officer);
  page = approval_page_for (&store, fx_sup2, &window);
  g_assert_cmpuint (page_n_items (page), ==, 10);
  g_signal_connect (page, "progress", G_CALLBACK (cancel_at_two), NULL);

  g_assert_true (gtk_widget_activate_action (page, "approval.select-all", NULL));
  {
    Waiter changed;

    waiter_start (&changed, page, "changed");
    g_assert_true (gtk_widget_activate_action (page, "approval.approve-selected", NULL));
    g_assert_true (gui_test_action_enabled (page, "approval.cancel"));
    g_assert_false (gui_test_action_enabled (page, "approval.approve-selected"));
    waiter_wait (&changed);
  }
  g_assert_cmpstr (cd_approval_page_get_progress_text (CD_APPROVAL_PAGE (page)), ==, "2 of 10");
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM claims WHERE status = 7"), ==, 2);
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM claims WHERE status = 3"), ==, 8);
  g_assert_false (gui_test_action_enabled (page, "approval.cancel"));
  gtk_window_destroy (window);
  store_close (&store);
}

static void
close_window_at_two (GtkWidget *page,
                     guint      done,
                     guint      total,
                     GtkWindow *window)
{
  if (done == 2)
    gtk_window_destroy (window);
}

/* A bulk run stops when its window closes, like any work of a page, and then nothing holds the
 * page: the claims not reached yet are left as they were. */
static void
test_closed_window_stops_the_run (void)
{
  Store store;
  GtkWindow *window;
  GtkWidget *page;
  GPtrArray *watches = g_ptr_array_new ();

  store_open (&store);
  for (guint n = 1; n <= 10; n++)
    fx_to_proposed (&store, fx_claim (n), 1000000, fx_officer);
  page = approval_page_for (&store, fx_sup2, &window);
  g_assert_cmpuint (page_n_items (page), ==, 10);
  g_signal_connect (page, "progress", G_CALLBACK (close_window_at_two), window);
  gui_test_watch_finalize (watches, page, "the approval page");

  g_assert_true (gtk_widget_activate_action (page, "approval.select-all", NULL));
  g_assert_true (gtk_widget_activate_action (page, "approval.approve-selected", NULL));
  gui_test_assert_finalized (watches);
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM claims WHERE status = 7"), ==, 2);
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM claims WHERE status = 3"), ==, 8);
  store_close (&store);
}

static AdwMessageDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static void
test_return_with_comment (void)
{
  Store store;
  GtkWindow *window;
  GtkWidget *page;
  AdwMessageDialog *dialog;
  GtkEditable *entry;
  GtkSelectionModel *selection;
  Waiter changed, loaded;

  store_open (&store);
  for (guint n = 1; n <= 3; n++)
    fx_to_proposed (&store, fx_claim (n), 1000000, fx_officer);
  page = approval_page_for (&store, fx_sup1, &window);
  selection = cd_approval_page_get_selection (CD_APPROVAL_PAGE (page));
  gtk_selection_model_select_item (selection, 0, FALSE);
  gtk_selection_model_select_item (selection, 2, FALSE);

  g_assert_true (gtk_widget_activate_action (page, "approval.return-selected", NULL));
  gui_test_iterate ();
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_assert_true (GTK_IS_ENTRY (entry));
  /* OK stays disabled while the comment is empty (or blank). */
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "return"));
  gtk_editable_set_text (entry, "   ");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "return"));
  gtk_editable_set_text (entry, "Thiếu giấy ra viện");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "return"));

  waiter_start (&changed, page, "changed");
  waiter_start (&loaded, page, "loaded");
  adw_message_dialog_response (dialog, "return");
  waiter_wait (&changed);
  waiter_wait (&loaded);

  for (guint n = 1; n <= 3; n++)
    {
      g_autofree char *status = status_of (&store, fx_claim (n));
      g_assert_cmpstr (status, ==, n == 2 ? "proposed" : "returned");
    }
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM decisions"
                                   " WHERE comment = 'Thiếu giấy ra viện'"), ==, 2);
  g_assert_cmpuint (page_n_items (page), ==, 1);
  gtk_window_destroy (window);
  store_close (&store);
}

static void
payout_wait (GtkWidget  *page,
             const char *action_name)
{
  Waiter loaded;

  waiter_start (&loaded, page, "loaded");
  g_assert_true (gtk_widget_activate_action (page, action_name, NULL));
  waiter_wait (&loaded);
}

static void
test_payout (void)
{
  Store store;
  g_autoptr(CdContext) context = NULL;
  GtkWindow *window;
  GtkWidget *page;
  const CdPayoutBatch *batch;
  g_autoptr(GError) error = NULL;
  g_autofree char *csv_path = NULL;
  g_autofree char *csv = NULL;
  g_auto(GStrv) lines = NULL;
  Waiter loaded;
  gint64 id;

  store_open (&store);
  for (guint n = 1; n <= 3; n++)
    {
      fx_to_proposed (&store, fx_claim (n), 1000000 * n, fx_officer);
      g_assert_true (cd_workflow_approve (store.db, fx_sup1, fx_claim (n), NULL, &error));
      g_assert_no_error (error);
    }
  fx_to_proposed (&store, fx_claim (4), 500000, fx_officer);
  /* The claimant was found alive in the population register an hour ago, so approving the batch
   * pays without asking again (cd-payout-alive.h; this context has no link to ask through). */
  fx_exec (&store, "INSERT INTO documents (person_id, kind, source_system, url, fetched_at, raw,"
                   " sha256, signature_status, parse_status, fields) VALUES (1, 'vital_status',"
                   " 'population', 'http://127.0.0.1/p',"
                   " strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-1 hour'), X'00',"
                   " '0000000000000000000000000000000000000000000000000000000000000000',"
                   " 'unsigned', 'parsed',"
                   " '{\"SoDinhDanh\":\"079190123456\",\"status\":\"alive\"}')");

  context = context_for (&store, fx_sup2);
  page = page_in_window (cd_payout_page_new (context), &window);
  waiter_start (&loaded, page, "loaded");
  waiter_wait (&loaded);
  g_assert_cmpuint (cd_payout_page_get_n_batches (CD_PAYOUT_PAGE (page)), ==, 0);
  g_assert_null (cd_payout_page_get_batch (CD_PAYOUT_PAGE (page)));
  g_assert_true (gui_test_action_enabled (page, "payout.create"));
  g_assert_false (gui_test_action_enabled (page, "payout.approve"));

  payout_wait (page, "payout.create");
  g_assert_null (cd_payout_page_get_error (CD_PAYOUT_PAGE (page)));
  g_assert_cmpuint (cd_payout_page_get_n_batches (CD_PAYOUT_PAGE (page)), ==, 1);
  batch = cd_payout_page_get_batch (CD_PAYOUT_PAGE (page));
  g_assert_nonnull (batch);
  id = batch->id;
  g_assert_cmpstr (batch->state, ==, "open");
  g_assert_cmpstr (batch->created_by, ==, "gs02");
  g_assert_cmpuint (batch->items->len, ==, 3);
  g_assert_cmpint (batch->total, ==, 6000000);
  g_assert_cmpuint (batch->totals->len, ==, 2);

  /* The CSV, written off the main loop. */
  csv_path = g_build_filename (store.dir, "chi-tra.csv", NULL);
  waiter_start (&loaded, page, "loaded");
  cd_payout_page_export_to (CD_PAYOUT_PAGE (page), csv_path);
  waiter_wait (&loaded);
  g_assert_null (cd_payout_page_get_error (CD_PAYOUT_PAGE (page)));
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
  lines = g_strsplit (csv, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 5);
  g_assert_cmpstr (lines[0], ==, "claim_number,claimant,personal_id,benefit,amount");
  g_assert_true (g_str_has_prefix (lines[1], "HS-T-0001,"));
  g_assert_true (g_str_has_suffix (lines[1], ",childbirth,1000000"));
  g_assert_true (g_str_has_prefix (lines[2], "HS-T-0002,"));
  g_assert_true (g_str_has_suffix (lines[2], ",sickness,2000000"));
  g_assert_true (g_str_has_prefix (lines[3], "HS-T-0003,"));
  g_assert_cmpstr (lines[4], ==, "");

  /* The maker's approve is refused with the core's message. */
  g_assert_true (gui_test_action_enabled (page, "payout.approve"));
  payout_wait (page, "payout.approve");
  g_assert_nonnull (cd_payout_page_get_error (CD_PAYOUT_PAGE (page)));
  g_assert_nonnull (strstr (cd_payout_page_get_error (CD_PAYOUT_PAGE (page)), "gs02"));
  g_assert_cmpstr (cd_payout_page_get_batch (CD_PAYOUT_PAGE (page))->state, ==, "open");
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM payout_batches"
                                   " WHERE state = 'open'"), ==, 1);

  /* Another supervisor approves it. */
  waiter_start (&loaded, page, "loaded");
  cd_context_set_session (context, fx_sup1);
  waiter_wait (&loaded);
  waiter_start (&loaded, page, "loaded");
  cd_payout_page_select_batch (CD_PAYOUT_PAGE (page), id);
  waiter_wait (&loaded);
  payout_wait (page, "payout.approve");
  g_assert_null (cd_payout_page_get_error (CD_PAYOUT_PAGE (page)));
  batch = cd_payout_page_get_batch (CD_PAYOUT_PAGE (page));
  g_assert_cmpstr (batch->state, ==, "approved");
  g_assert_cmpstr (batch->approved_by, ==, "gs01");
  g_assert_false (gui_test_action_enabled (page, "payout.approve"));
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM payout_batches"
                                   " WHERE state = 'approved'"), ==, 1);

  /* Nobody signed in: read-only. */
  waiter_start (&loaded, page, "loaded");
  cd_context_set_session (context, NULL);
  waiter_wait (&loaded);
  g_assert_true (cd_payout_page_get_read_only (CD_PAYOUT_PAGE (page)));
  g_assert_cmpuint (cd_payout_page_get_n_batches (CD_PAYOUT_PAGE (page)), ==, 1);
  g_assert_false (gui_test_action_enabled (page, "payout.create"));
  gtk_window_destroy (window);
  store_close (&store);
}

static void
keep_message (char       **out,
              const char  *message)
{
  g_free (*out);
  *out = g_strdup (message);
}

/* A locked session starts nothing: the page says so and the worker never runs. */
static void
test_locked_session (void)
{
  Store store;
  GtkWindow *window;
  GtkWidget *page;
  g_autofree char *message = NULL;
  g_autoptr(GError) error = NULL;

  store_open (&store);
  fx_to_proposed (&store, fx_claim (1), 1000000, fx_officer);
  page = approval_page_for (&store, fx_sup3, &window);
  g_signal_connect_swapped (page, "toast", G_CALLBACK (keep_message), &message);
  g_assert_true (gtk_widget_activate_action (page, "approval.select-all", NULL));

  cd_session_lock (fx_sup3);
  g_assert_true (gtk_widget_activate_action (page, "approval.approve-selected", NULL));
  g_assert_false (cd_approval_page_get_running (CD_APPROVAL_PAGE (page)));
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "gs03"));
  gui_test_iterate ();
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM approvals"), ==, 0);

  g_assert_true (cd_session_unlock (fx_sup3, store.db, FIXTURE_PASSWORD, &error));
  g_assert_no_error (error);
  run_and_wait (page, "approval.approve-selected");
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM outbox"), ==, 1);
  gtk_window_destroy (window);
  store_close (&store);
}

/* The two queues show their pages in the window's content, with the signed-in supervisor. */
static void
test_window_shows_pages (void)
{
  Store store;
  g_autoptr(CdApplication) app = gui_test_registered_app ();
  CdWindow *window;
  GtkWidget *approval;
  GtkWidget *payout;
  GtkStack *stack;
  gint64 until;

  store_open (&store);
  fx_to_proposed (&store, fx_claim (1), 1000000, fx_officer);
  fx_to_proposed (&store, fx_claim (2), 1000000, fx_sup1);
  cd_context_set_session (cd_application_get_context (app), fx_sup1);
  window = cd_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  cd_context_set_db_path (cd_window_get_context (window), store.path);
  gui_test_iterate ();

  cd_window_select_queue (window, "awaiting-approval");
  approval = gui_test_find_widget (GTK_WIDGET (window), CD_TYPE_APPROVAL_PAGE);
  g_assert_nonnull (approval);
  stack = GTK_STACK (gtk_widget_get_parent (approval));
  g_assert_true (gtk_stack_get_visible_child (stack) == approval);
  until = g_get_monotonic_time () + 30 * G_TIME_SPAN_SECOND;
  while (cd_approval_page_get_loading (CD_APPROVAL_PAGE (approval))
         && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (cd_approval_page_get_read_only (CD_APPROVAL_PAGE (approval)));
  g_assert_cmpuint (page_n_items (approval), ==, 1);
  g_assert_true (page_lists (approval, fx_claim (1)));

  cd_window_select_queue (window, "payout-batches");
  payout = gui_test_find_widget (GTK_WIDGET (window), CD_TYPE_PAYOUT_PAGE);
  g_assert_nonnull (payout);
  g_assert_true (gtk_stack_get_visible_child (stack) == payout);
  g_assert_false (cd_payout_page_get_read_only (CD_PAYOUT_PAGE (payout)));

  /* Back to the claims, and again: the same page, not a second one. */
  cd_window_select_queue (window, "all-claims");
  g_assert_false (gtk_stack_get_visible_child (stack) == approval);
  cd_window_select_queue (window, "awaiting-approval");
  g_assert_true (gtk_stack_get_visible_child (stack) == approval);
  until = g_get_monotonic_time () + 30 * G_TIME_SPAN_SECOND;
  while ((cd_approval_page_get_loading (CD_APPROVAL_PAGE (approval))
          || cd_payout_page_get_busy (CD_PAYOUT_PAGE (payout)))
         && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);

  cd_context_set_session (cd_application_get_context (app), NULL);
  gtk_window_destroy (GTK_WINDOW (window));
  gui_test_iterate ();
  store_close (&store);
}

/* Approving a batch from the payout page re-verifies its claimants alive first: one never checked
 * in the population register, with no link to check now, is held back, named with the reason, and
 * with nothing left to pay the batch stays open. */
static void
test_payout_held_back (void)
{
  Store store;
  g_autoptr(CdContext) context = NULL;
  g_autoptr(GError) error = NULL;
  GtkWindow *window;
  GtkWidget *page;
  Waiter loaded;
  gint64 id;

  store_open (&store);
  fx_to_proposed (&store, fx_claim (1), 1000000, fx_officer);
  g_assert_true (cd_workflow_approve (store.db, fx_sup1, fx_claim (1), NULL, &error));
  g_assert_no_error (error);
  id = cd_payout_create (store.db, fx_sup2, &error);
  g_assert_no_error (error);

  context = context_for (&store, fx_sup1);
  page = page_in_window (cd_payout_page_new (context), &window);
  waiter_start (&loaded, page, "loaded");
  waiter_wait (&loaded);
  waiter_start (&loaded, page, "loaded");
  cd_payout_page_select_batch (CD_PAYOUT_PAGE (page), id);
  waiter_wait (&loaded);
  payout_wait (page, "payout.approve");
  g_assert_nonnull (cd_payout_page_get_error (CD_PAYOUT_PAGE (page)));
  g_assert_nonnull (strstr (cd_payout_page_get_error (CD_PAYOUT_PAGE (page)), "079190123456"));
  g_assert_nonnull (strstr (cd_payout_page_get_error (CD_PAYOUT_PAGE (page)),
                            "never been checked"));
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM payout_batches WHERE state = 'open'"),
                   ==, 1);
  gtk_window_destroy (window);
  store_close (&store);
}

static guint
position_of (GtkWidget  *page,
             const char *number)
{
  GListModel *model = G_LIST_MODEL (cd_approval_page_get_selection (CD_APPROVAL_PAGE (page)));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) object = g_list_model_get_item (model, i);

      if (g_str_equal (gtk_string_object_get_string (object), number))
        return i;
    }
  g_assert_not_reached ();
}

/* A decision resting on a paper document not yet verified says so in the queue, with the office
 * rule that applies, before anyone approves. */
static void
test_paper_flag (void)
{
  Store store;
  GtkWindow *window;
  GtkWidget *page;
  g_autofree char *fields = NULL;
  g_autofree char *flagged = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *rule = NULL;
  g_autofree char *no_rule = NULL;
  g_autofree char *sql = NULL;

  store_open (&store);
  fx_to_proposed (&store, fx_claim (1), 1000000, fx_officer);
  fx_to_proposed (&store, fx_claim (2), 1000000, fx_officer);
  fields = paper_fixture_medical_fields ("XML11", "CHI_TIEU_DU_LIEU_GIAY_CHUNG_NHAN_NGHI_VIEC_HUONG"
                                         "_BAO_HIEM_XA_HOI",
                                         "{\"SO_SERI\":\"AB123456\",\"TU_NGAY\":\"2026-09-08\","
                                         "\"DEN_NGAY\":\"2026-09-10\"}");
  sql = g_strdup_printf ("SELECT id FROM claims WHERE number = '%s'", fx_claim (1));
  paper_fixture_add (store.db, "079190123456", fx_int (&store, sql), "leave_certificate", fields,
                     "cb01");

  page = approval_page_for (&store, fx_sup1, &window);
  flagged = cd_approval_page_dup_evidence_text (CD_APPROVAL_PAGE (page),
                                                position_of (page, fx_claim (1)), &rule);
  g_assert_cmpstr (flagged, ==, "Paper, not yet verified");
  g_assert_nonnull (rule);
  g_assert_nonnull (strstr (rule, "Office rule"));
  plain = cd_approval_page_dup_evidence_text (CD_APPROVAL_PAGE (page),
                                              position_of (page, fx_claim (2)), &no_rule);
  g_assert_cmpstr (plain, ==, "");
  g_assert_null (no_rule);
  gtk_window_destroy (window);
  store_close (&store);
}

static char *
review_text_of (GtkWidget   *page,
                const char  *number,
                char       **reasons)
{
  return cd_approval_page_dup_review_text (CD_APPROVAL_PAGE (page), position_of (page, number),
                                           reasons);
}

static void
reload_and_wait (GtkWidget *page)
{
  Waiter loaded;

  waiter_start (&loaded, page, "loaded");
  cd_approval_page_reload (CD_APPROVAL_PAGE (page));
  waiter_wait (&loaded);
}

/* A proposal drawn for review is marked in the queue with why; a bulk approval leaves it, saying
 * why, until the supervisor has opened it in the claim view. */
static void
test_review_flag (void)
{
  Store store;
  GtkWindow *window, *officer_window, *view_window;
  GtkWidget *page, *officer_page, *view, *row;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdContext) view_context = NULL;
  g_autofree char *flag = NULL;
  g_autofree char *reasons = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *plain_reasons = NULL;
  g_autofree char *hidden = NULL;
  g_autofree char *opened = NULL;
  g_autofree char *status1 = NULL;
  g_autofree char *status2 = NULL;
  g_autofree char *status3 = NULL;
  CdReviewRule rule = { TRUE, 20, 0, 10, 60 };
  Waiter loaded;

  store_open (&store);
  /* Claim 3 before the office samples; cb01 is then a new officer, all of whose claims are. */
  fx_to_proposed (&store, fx_claim (3), 1000000, fx_officer);
  g_assert_true (cd_review_rule_write (store.db, fx_admin, &rule, &error));
  g_assert_no_error (error);
  fx_to_proposed (&store, fx_claim (1), 1000000, fx_officer);
  fx_to_proposed (&store, fx_claim (2), 1000000, fx_officer);

  page = approval_page_for (&store, fx_sup1, &window);
  flag = review_text_of (page, fx_claim (1), &reasons);
  g_assert_cmpstr (flag, ==, "Needs review");
  g_assert_nonnull (strstr (reasons, "new officer"));
  g_assert_nonnull (strstr (reasons, "Risk score"));
  plain = review_text_of (page, fx_claim (3), &plain_reasons);
  g_assert_cmpstr (plain, ==, "");
  g_assert_null (plain_reasons);

  /* An officer never sees which proposals are drawn. */
  officer_page = approval_page_for (&store, fx_officer2, &officer_window);
  hidden = review_text_of (officer_page, fx_claim (1), NULL);
  g_assert_cmpstr (hidden, ==, "");
  gtk_window_destroy (officer_window);

  g_assert_true (gtk_widget_activate_action (page, "approval.select-all", NULL));
  run_and_wait (page, "approval.approve-selected");
  g_assert_cmpuint (cd_approval_page_get_n_failures (CD_APPROVAL_PAGE (page)), ==, 2);
  row = gui_test_find_widget (page, ADW_TYPE_ACTION_ROW);
  g_assert_nonnull (row);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)),
                            "gs01 has not opened it"));
  status1 = status_of (&store, fx_claim (1));
  status3 = status_of (&store, fx_claim (3));
  g_assert_cmpstr (status1, ==, "proposed");
  g_assert_cmpstr (status3, ==, "queued");

  /* The supervisor opens claim 1: the claim view records it, and the bulk approval takes it. */
  view_context = context_for (&store, fx_sup1);
  view = page_in_window (cd_claim_view_new (view_context), &view_window);
  waiter_start (&loaded, view, "loaded");
  cd_claim_view_load (CD_CLAIM_VIEW (view), fx_claim (1));
  waiter_wait (&loaded);
  for (guint i = 0; i < 500 && fx_int (&store, "SELECT count(*) FROM decision_reviews") == 0; i++)
    fx_iterate_for (10);
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM decision_reviews"), ==, 1);
  gtk_window_destroy (view_window);

  reload_and_wait (page);
  opened = review_text_of (page, fx_claim (1), NULL);
  g_assert_cmpstr (opened, ==, "Needs review, opened");
  g_assert_true (gtk_widget_activate_action (page, "approval.select-all", NULL));
  run_and_wait (page, "approval.approve-selected");
  g_assert_cmpuint (cd_approval_page_get_n_failures (CD_APPROVAL_PAGE (page)), ==, 1);
  g_clear_pointer (&status1, g_free);
  status1 = status_of (&store, fx_claim (1));
  status2 = status_of (&store, fx_claim (2));
  g_assert_cmpstr (status1, ==, "queued");
  g_assert_cmpstr (status2, ==, "proposed");
  gtk_window_destroy (window);
  store_close (&store);
}

static GtkWidget *
rule_group_for (Store      *store,
                CdSession  *session,
                GtkWindow **window)
{
  g_autoptr(CdContext) context = context_for (store, session);
  GtkWidget *group = cd_review_rule_group_new ();
  Waiter loaded;

  waiter_start (&loaded, group, "loaded");
  cd_review_rule_group_set_context (CD_REVIEW_RULE_GROUP (group), context);
  page_in_window (group, window);
  waiter_wait (&loaded);
  return group;
}

/* Preferences' Review Sampling: the office head sets the rule, a supervisor only sees it. */
static void
test_review_rule_group (void)
{
  Store store;
  GtkWindow *window;
  GtkWidget *group;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdSession) head = NULL;
  CdReviewRule shown = { 0 }, stored = { 0 };
  CdReviewRule wanted = { TRUE, 5, 1, 25, 50 };
  Waiter saved;

  store_open (&store);
  group = rule_group_for (&store, fx_officer, &window);
  g_assert_false (gtk_widget_get_visible (group));
  gtk_window_destroy (window);
  group = rule_group_for (&store, fx_sup1, &window);
  g_assert_true (gtk_widget_get_visible (group));
  g_assert_true (cd_review_rule_group_get_loaded (CD_REVIEW_RULE_GROUP (group)));
  g_assert_false (cd_review_rule_group_get_editable (CD_REVIEW_RULE_GROUP (group)));
  cd_review_rule_group_get_rule (CD_REVIEW_RULE_GROUP (group), &shown);
  g_assert_false (shown.enabled);
  g_assert_cmpuint (shown.share_percent, ==, CD_DEFAULT_REVIEW_SHARE);
  gtk_window_destroy (window);

  g_assert_cmpint (cd_users_add (store.db, fx_admin, "gd01", "Võ Thị Giám Đốc", CD_ROLE_HEAD,
                                 FIXTURE_PASSWORD, CD_PASSWORD_KEEP, &error), >, 0);
  g_assert_no_error (error);
  head = cd_users_sign_in (store.db, "gd01", FIXTURE_PASSWORD, &error);
  g_assert_no_error (error);
  group = rule_group_for (&store, head, &window);
  g_assert_true (cd_review_rule_group_get_editable (CD_REVIEW_RULE_GROUP (group)));
  cd_review_rule_group_set_rule (CD_REVIEW_RULE_GROUP (group), &wanted);
  waiter_start (&saved, group, "saved");
  cd_review_rule_group_save_now (CD_REVIEW_RULE_GROUP (group));
  waiter_wait (&saved);
  cd_review_rule_read (store.db, &stored);
  g_assert_true (stored.enabled);
  g_assert_cmpuint (stored.new_officer_decisions, ==, 5);
  g_assert_cmpuint (stored.new_officer_months, ==, 1);
  g_assert_cmpuint (stored.share_percent, ==, 25);
  g_assert_cmpuint (stored.score_threshold, ==, 50);
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM audit_log WHERE action = 'settings.change'"
                                   " AND user_id = (SELECT id FROM users WHERE login = 'gd01')"),
                   ==, 1);
  gtk_window_destroy (window);
  store_close (&store);
}

int
main (int    argc,
      char **argv)
{
  int status;

  gui_test_init (&argc, &argv);
  fixture_init ();

  g_test_add_func ("/gui/approval/templates", test_templates);
  g_test_add_func ("/gui/approval/read-only-without-session", test_read_only_without_session);
  g_test_add_func ("/gui/approval/bulk-approve", test_bulk_approve);
  g_test_add_func ("/gui/approval/failure-listed", test_failure_listed);
  g_test_add_func ("/gui/approval/cancel", test_cancel);
  g_test_add_func ("/gui/approval/closed-window-stops-the-run", test_closed_window_stops_the_run);
  g_test_add_func ("/gui/approval/return-with-comment", test_return_with_comment);
  g_test_add_func ("/gui/approval/payout", test_payout);
  g_test_add_func ("/gui/approval/window-shows-pages", test_window_shows_pages);
  g_test_add_func ("/gui/approval/locked-session", test_locked_session);
  g_test_add_func ("/gui/approval/paper-flag", test_paper_flag);
  g_test_add_func ("/gui/approval/payout-held-back", test_payout_held_back);
  g_test_add_func ("/gui/approval/review-flag", test_review_flag);
  g_test_add_func ("/gui/approval/review-rule-group", test_review_rule_group);

  status = g_test_run ();
  fixture_shutdown ();
  return status;
}
