/* test-gui-lists.c — the employers' lists page against the real gateway: central holds a list of
 * twelve rows with wrong rows planted; the page fetches it, the officer opens it, runs the batch to
 * the end and accepts every ready row at once; a supervisor refuses the planted row with a written
 * reason and approves the list, which approves the officer's proposals but not their own refusal
 * (said on the view); a second supervisor approves that; the decision list exported as PDF, read
 * back with pdftotext, holds the rows, the total and the refusal's reason. The keys are the
 * view's own shortcuts; the same list opened from a file is stored once.
 */
#include "config.h"

#include <string.h>

#include "cd-database.h"
#include "cd-employer-lists.h"
#include "cd-format.h"
#include "cd-gateway-process.h"
#include "cd-http-client.h"
#include "cd-list-view.h"
#include "cd-lists-page.h"
#include "cd-seed.h"
#include "cd-statement.h"
#include "cd-window.h"
#include "gui-test-util.h"
#include "test-util.h"

#define WORLD_SEED   7
#define WORLD_PEOPLE 300
#define LIST_ROWS    12
#define TIMEOUT_S    240

#define RETURN_REASON "Cột 2–3: ghi lại thời gian nghỉ theo giấy chứng nhận"
#define REASON "Không đủ điều kiện theo Điều 42: ngày nghỉ không khớp giấy chứng nhận"

typedef gboolean (*Condition) (gpointer data);

/* Iterates the main loop until the condition holds; fails the test after TIMEOUT_S. */
static void
wait_for (Condition   condition,
          gpointer    data,
          const char *what)
{
  gint64 deadline = g_get_monotonic_time () + TIMEOUT_S * G_TIME_SPAN_SECOND;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out waiting for %s", what);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static gboolean
page_idle (gpointer data)
{
  return !cd_lists_page_get_loading (data) && !cd_lists_page_get_busy (data);
}

static gboolean
view_idle (gpointer data)
{
  return !cd_list_view_get_loading (data) && !cd_list_view_get_busy (data);
}

static gboolean
page_shows_list (gpointer data)
{
  return page_idle (data) && cd_lists_page_get_list_view (data) != NULL;
}

static void
on_toast (GtkWidget  *page,
          const char *message,
          char      **out)
{
  g_free (*out);
  *out = g_strdup (message);
}

static void
on_open_claim (GSimpleAction  *action,
               GVariant       *parameter,
               char          **out)
{
  g_free (*out);
  *out = g_variant_dup_string (parameter, NULL);
}

static gboolean
pack_loaded (gpointer data)
{
  return cd_context_get_rule_pack (data) != NULL;
}

static gboolean
page_has_list (gpointer data)
{
  return page_idle (data) && cd_lists_page_get_n_lists (data) > 0;
}

static JsonObject *
control_make_list (CdGatewayProcess *gateway,
                   const char       *body,
                   JsonParser       *parser)
{
  g_autoptr(CdHttpClient) http = cd_http_client_new ();
  g_autofree char *url = g_strconcat (cd_gateway_process_get_base_url (gateway),
                                      "/_control/central/lists", NULL);
  g_autoptr(CdHttpRequest) request = cd_http_request_new ("POST", url);
  g_autoptr(GBytes) request_body = g_bytes_new_static (body, strlen (body));
  g_autoptr(CdHttpResponse) response = NULL;
  gsize length;
  const char *text;

  cd_http_request_set_body (request, "application/json", request_body);
  response = cd_http_client_send (http, request, NULL, NULL);
  g_assert_nonnull (response);
  g_assert_cmpuint (response->status, ==, 200);
  text = g_bytes_get_data (response->body, &length);
  g_assert_true (json_parser_load_from_data (parser, text, (gssize) length, NULL));
  return json_node_get_object (json_parser_get_root (parser));
}

static gint64
query_int (CdDatabase *db,
           const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStatement) select = cd_database_prepare (db, sql, &error);

  g_assert_no_error (error);
  g_assert_cmpint (cd_statement_step (select, &error), ==, CD_STEP_ROW);
  return cd_statement_get_int64 (select, 0);
}

static char *
query_text (CdDatabase *db,
            const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStatement) select = cd_database_prepare (db, sql, &error);

  g_assert_no_error (error);
  g_assert_cmpint (cd_statement_step (select, &error), ==, CD_STEP_ROW);
  return cd_statement_dup_text (select, 0);
}

/* The row position of the view's row whose state cell says `state`, or -1. */
static int
find_state (CdListView *view,
            const char *state)
{
  for (guint i = 0; i < cd_list_view_get_n_rows (view); i++)
    {
      g_autofree char *text = cd_list_view_dup_cell_text (view, i, CD_LIST_VIEW_COLUMN_STATE);

      if (g_strcmp0 (text, state) == 0)
        return (int) i;
    }
  return -1;
}

/* Runs what pressing `accel` on `widget` runs: the widget's own shortcut for it, if enabled. Key
 * events cannot be made up in GTK 4, so the shortcut is found and its action activated as the
 * shortcut controller would. */
static gboolean
press (GtkWidget  *widget,
       const char *accel)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  g_autoptr(GtkShortcutTrigger) wanted = gtk_shortcut_trigger_parse_string (accel);

  g_assert_nonnull (wanted);
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);

          if (gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), wanted))
            return gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, widget,
                                                 gtk_shortcut_get_arguments (shortcut));
        }
    }
  g_error ("no shortcut %s", accel);
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

static char *
pdf_text (const char *pdftotext,
          const char *path)
{
  const char *argv[] = { pdftotext, "-layout", "-enc", "UTF-8", path, "-", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (test_run (argv, &out, &err), ==, 0);
  return g_steal_pointer (&out);
}

static void
test_list_flow (void)
{
  const char *args[] = { "--world-seed", G_STRINGIFY (WORLD_SEED),
                         "--people", G_STRINGIFY (WORLD_PEOPLE), "--lists", "0", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "claims.db", NULL);
  g_autofree char *pdf = g_build_filename (dir, "decisions.pdf", NULL);
  g_autofree char *csv = g_build_filename (dir, "decisions.csv", NULL);
  g_autofree char *xml = g_build_filename (dir, "list.xml", NULL);
  g_autofree char *toast = NULL;
  g_autoptr(GBytes) envelope = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GSimpleActionGroup) win_actions = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) open_claim = NULL;
  g_autofree char *opened = NULL;
  g_autofree char *trust = g_build_filename (g_getenv ("CLAIMDESK_DATADIR"), "pki", "trust",
                                             NULL);
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  g_autoptr(CdDatabase) db = cd_database_open (path, &error);
  g_autoptr(CdGatewayProcess) gateway = NULL;
  g_autoptr(CdSession) officer = NULL;
  g_autoptr(CdSession) supervisor = NULL;
  g_autoptr(CdSession) second = NULL;
  g_autoptr(CdContext) context = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *text = NULL;
  g_autofree char *csv_text = NULL;
  g_autofree char *refused_name = NULL;
  g_autofree char *refused_claim = NULL;
  g_autofree char *total_text = NULL;
  g_autoptr(CdClock) today = NULL;
  g_autoptr(CdClock) later = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) later_time = NULL;
  gboolean overdue = FALSE;
  JsonObject *made;
  JsonArray *planted;
  AdwMessageDialog *dialog;
  GtkWidget *window;
  GtkWidget *page;
  CdListView *view;
  gint64 list_id;
  gint64 accepted_total;
  guint n_ready;
  int position;

  g_assert_no_error (error);
  g_assert_true (cd_seed_run (db, WORLD_SEED, WORLD_PEOPLE, 200, NULL, NULL, &error));
  g_assert_no_error (error);
  gateway = cd_gateway_process_new (args);
  g_assert_true (cd_gateway_process_start_sync (gateway, NULL, &error));
  g_assert_no_error (error);
  made = control_make_list (gateway, "{\"dossier\": \"630a\", \"rows\": "
                                     G_STRINGIFY (LIST_ROWS) ", \"rates\": {\"period\": 0.5}}",
                            parser);
  planted = json_object_get_array_member (made, "planted");
  /* The world's draws are fixed: the list has a wrong row to find, and rows to accept. */
  g_assert_cmpuint (json_array_get_length (planted), >=, 1);
  g_assert_cmpuint (json_array_get_length (planted), <, LIST_ROWS);

  officer = gui_test_sign_in (NULL, path, "cb01", CD_ROLE_OFFICER);
  context = gui_test_writer_context (db, cd_gateway_process_get_base_url (gateway),
                                     gui_test_gateway_credential (gateway), officer);
  cd_context_set_trust_dir (context, trust);
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  /* The window's win.open-claim, as CdWindow has it: the claim number asked for. */
  open_claim = g_simple_action_new ("open-claim", G_VARIANT_TYPE_STRING);
  g_signal_connect (open_claim, "activate", G_CALLBACK (on_open_claim), &opened);
  g_action_map_add_action (G_ACTION_MAP (win_actions), G_ACTION (open_claim));
  gtk_widget_insert_action_group (window, "win", G_ACTION_GROUP (win_actions));
  page = cd_lists_page_new (context);
  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));
  wait_for (page_idle, page, "the lists to load");
  g_assert_cmpuint (cd_lists_page_get_n_lists (CD_LISTS_PAGE (page)), ==, 0);

  /* Fetch: the list arrives, with its unit, dossier, rows and signature. */
  g_assert_true (gui_test_activate_if_enabled (page, "lists.fetch", NULL));
  wait_for (page_has_list, page, "the fetched list");
  g_assert_cmpuint (cd_lists_page_get_n_lists (CD_LISTS_PAGE (page)), ==, 1);
  text = cd_lists_page_dup_cell_text (CD_LISTS_PAGE (page), 0, CD_LISTS_COLUMN_ROWS, NULL);
  g_assert_cmpstr (text, ==, G_STRINGIFY (LIST_ROWS));
  g_clear_pointer (&text, g_free);
  text = cd_lists_page_dup_cell_text (CD_LISTS_PAGE (page), 0, CD_LISTS_COLUMN_SIGNATURE, NULL);
  g_assert_cmpstr (text, ==, "Valid");
  g_clear_pointer (&text, g_free);
  text = cd_lists_page_dup_cell_text (CD_LISTS_PAGE (page), 0, CD_LISTS_COLUMN_DOSSIER, NULL);
  g_assert_nonnull (strstr (text, "630a"));
  g_clear_pointer (&text, g_free);
  list_id = cd_lists_page_get_list_id (CD_LISTS_PAGE (page), 0);

  /* Its deadline, on the office's calendar: in time today, overdue two months on, in words and
   * marked as such. */
  wait_for (pack_loaded, context, "the rule pack");
  text = cd_lists_page_dup_cell_text (CD_LISTS_PAGE (page), 0, CD_LISTS_COLUMN_DAYS_LEFT,
                                      &overdue);
  g_assert_true (g_str_has_suffix (text, " left"));
  g_assert_false (overdue);
  g_clear_pointer (&text, g_free);
  today = g_object_ref (cd_context_get_clock (context));
  now = g_date_time_new_now_local ();
  later_time = g_date_time_add_days (now, 60);
  later = cd_clock_new_fixed (later_time);
  cd_context_set_clock (context, later);
  text = cd_lists_page_dup_cell_text (CD_LISTS_PAGE (page), 0, CD_LISTS_COLUMN_DAYS_LEFT,
                                      &overdue);
  g_assert_true (g_str_has_prefix (text, "Overdue by "));
  g_assert_true (overdue);
  g_clear_pointer (&text, g_free);
  cd_context_set_clock (context, today);

  /* Open it: its rows, none worked yet. */
  g_assert_true (cd_lists_page_show_list (CD_LISTS_PAGE (page), list_id));
  view = CD_LIST_VIEW (cd_lists_page_get_list_view (CD_LISTS_PAGE (page)));
  g_assert_nonnull (view);
  wait_for (view_idle, view, "the rows to load");
  g_assert_cmpuint (cd_list_view_get_n_rows (view), ==, LIST_ROWS);
  g_assert_false (press (GTK_WIDGET (view), "<Control><Shift>a"));

  /* The batch to the end: every row worked, the planted ones with findings. */
  g_assert_true (gui_test_activate_if_enabled (GTK_WIDGET (view), "list.start-batch", NULL));
  g_assert_true (cd_list_view_get_batch_running (view));
  wait_for (view_idle, view, "the batch");
  g_assert_null (cd_list_view_get_last_error (view));
  g_assert_cmpstr (cd_list_view_get_progress_text (view), ==,
                   G_STRINGIFY (LIST_ROWS) " of " G_STRINGIFY (LIST_ROWS));
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM employer_list_rows"
                                  " WHERE state IN ('new', 'fetching')"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM employer_list_rows"
                                  " WHERE state = 'findings'"), >=, 1);
  n_ready = (guint) query_int (db, "SELECT count(*) FROM employer_list_rows"
                                   " WHERE state = 'ready'");
  g_assert_cmpuint (n_ready, >=, 2);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM employer_list_rows"
                                  " WHERE state = 'findings'"), >=, 2);

  /* Enter on a row (the rows' activate) opens its claim through win.open-claim, as the claim
   * list does. */
  position = find_state (view, "Ready");
  g_assert_cmpint (position, >=, 0);
  g_signal_emit_by_name (gui_test_find_widget (GTK_WIDGET (view), GTK_TYPE_COLUMN_VIEW),
                         "activate", (guint) position);
  text = cd_list_view_dup_cell_text (view, (guint) position, CD_LIST_VIEW_COLUMN_CLAIM);
  g_assert_nonnull (opened);
  g_assert_true (g_str_has_prefix (text, opened));
  g_clear_pointer (&text, g_free);

  /* `a` accepts the selected ready row; Ctrl+Shift+A every other ready row, and none of those to
   * look at. */
  position = find_state (view, "Ready");
  g_assert_cmpint (position, >=, 0);
  gtk_single_selection_set_selected (cd_list_view_get_selection (view), (guint) position);
  g_assert_true (press (GTK_WIDGET (view), "a"));
  wait_for (view_idle, view, "the row accepted");
  g_assert_null (cd_list_view_get_last_error (view));
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM employer_list_rows"
                                  " WHERE state = 'accepted'"), ==, 1);
  g_assert_true (press (GTK_WIDGET (view), "<Control><Shift>a"));
  wait_for (view_idle, view, "the bulk accept");
  g_assert_null (cd_list_view_get_last_error (view));
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM employer_list_rows"
                                  " WHERE state = 'accepted'"), ==, n_ready);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM employer_list_rows"
                                  " WHERE state = 'ready'"), ==, 0);

  /* `e` returns a row to look at to the employer, with the reason the dialog asks for. */
  position = find_state (view, "To look at");
  g_assert_cmpint (position, >=, 0);
  gtk_single_selection_set_selected (cd_list_view_get_selection (view), (guint) position);
  g_assert_true (press (GTK_WIDGET (view), "e"));
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "decide"));
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)),
                         RETURN_REASON);
  adw_message_dialog_response (dialog, "decide");
  /* A button closes the dialog after its response; the call alone does not. */
  gtk_window_destroy (GTK_WINDOW (dialog));
  gui_test_iterate ();
  wait_for (view_idle, view, "the return");
  g_assert_null (cd_list_view_get_last_error (view));
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM employer_list_rows WHERE state = 'returned'"
                                  " AND reason = '" RETURN_REASON "'"), ==, 1);

  /* An officer cannot approve; there is no decision list before a supervisor has approved. */
  g_assert_false (gui_test_action_enabled (GTK_WIDGET (view), "list.approve"));
  g_assert_false (gui_test_action_enabled (GTK_WIDGET (view), "list.export-pdf"));

  /* A supervisor signs in on the same workstation: the page follows the session, back at the
   * lists, and the list is opened again. */
  supervisor = gui_test_sign_in (NULL, path, "gs01", CD_ROLE_SUPERVISOR);
  cd_context_set_session (context, supervisor);
  gui_test_iterate ();
  wait_for (page_has_list, page, "the lists, for the supervisor");
  g_assert_null (cd_lists_page_get_list_view (CD_LISTS_PAGE (page)));
  g_assert_true (cd_lists_page_show_list (CD_LISTS_PAGE (page), list_id));
  view = CD_LIST_VIEW (cd_lists_page_get_list_view (CD_LISTS_PAGE (page)));
  wait_for (view_idle, view, "the rows, for the supervisor");

  /* They refuse the row to look at: the reason dialog comes with an article to cite, and takes
   * neither nothing nor the hint alone. */
  position = find_state (view, "To look at");
  g_assert_cmpint (position, >=, 0);
  gtk_single_selection_set_selected (cd_list_view_get_selection (view), (guint) position);
  g_assert_nonnull (strstr (cd_list_view_get_findings_text (view), ": "));
  refused_name = cd_list_view_dup_cell_text (view, (guint) position, CD_LIST_VIEW_COLUMN_NAME);
  g_assert_true (press (GTK_WIDGET (view), "r"));
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  {
    GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));

    g_assert_nonnull (strstr (gtk_editable_get_text (entry), "Article 42"));
    g_assert_false (adw_message_dialog_get_response_enabled (dialog, "decide"));
    gtk_editable_set_text (entry, "");
    g_assert_false (adw_message_dialog_get_response_enabled (dialog, "decide"));
    gtk_editable_set_text (entry, REASON);
    g_assert_true (adw_message_dialog_get_response_enabled (dialog, "decide"));
    adw_message_dialog_response (dialog, "decide");
    gtk_window_destroy (GTK_WINDOW (dialog));
  }
  gui_test_iterate ();
  wait_for (view_idle, view, "the refusal");
  g_assert_null (cd_list_view_get_last_error (view));
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM employer_list_rows"
                                  " WHERE state = 'refused' AND reason = '" REASON "'"), ==, 1);
  refused_claim = query_text (db, "SELECT c.number FROM employer_list_rows r"
                                  " JOIN claims c ON c.id = r.claim_id WHERE r.state = 'refused'");

  /* Approving the list: the officer's proposals are approved; the refusal this supervisor
   * proposed is not, and the view says why. */
  g_assert_true (gui_test_activate_if_enabled (GTK_WIDGET (view), "list.approve", NULL));
  wait_for (view_idle, view, "the approval");
  g_assert_nonnull (cd_list_view_get_approval_text (view));
  g_assert_nonnull (strstr (cd_list_view_get_approval_text (view), ", 1 not done"));
  g_assert_nonnull (strstr (cd_list_view_get_approval_text (view), refused_claim));
  g_assert_nonnull (strstr (cd_list_view_get_approval_text (view), "another supervisor must"));
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM employer_list_rows r"
                                  " JOIN claims c ON c.id = r.claim_id"
                                  " JOIN claim_statuses s ON s.code = c.status"
                                  " WHERE r.state = 'refused' AND s.name = 'proposed'"), ==, 1);

  /* Another supervisor approves the rest. */
  second = gui_test_sign_in (NULL, path, "gs02", CD_ROLE_SUPERVISOR);
  cd_context_set_session (context, second);
  gui_test_iterate ();
  wait_for (page_has_list, page, "the lists, for the second supervisor");
  g_assert_true (cd_lists_page_show_list (CD_LISTS_PAGE (page), list_id));
  view = CD_LIST_VIEW (cd_lists_page_get_list_view (CD_LISTS_PAGE (page)));
  wait_for (view_idle, view, "the rows, for the second supervisor");
  g_assert_true (gui_test_activate_if_enabled (GTK_WIDGET (view), "list.approve", NULL));
  wait_for (view_idle, view, "the second approval");
  g_assert_nonnull (strstr (cd_list_view_get_approval_text (view), ", 0 not done"));
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM employer_list_rows r"
                                  " JOIN claims c ON c.id = r.claim_id"
                                  " JOIN claim_statuses s ON s.code = c.status"
                                  " WHERE r.state IN ('accepted', 'refused')"
                                  "   AND s.name = 'proposed'"), ==, 0);

  /* The decision list: PDF and CSV, written off the main loop. */
  g_assert_true (gui_test_action_enabled (GTK_WIDGET (view), "list.export-pdf"));
  cd_list_view_export (view, CD_DECISION_LIST_PDF, pdf);
  wait_for (view_idle, view, "the PDF");
  g_assert_null (cd_list_view_get_last_error (view));
  g_assert_cmpstr (cd_list_view_get_exported_path (view), ==, pdf);
  g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));
  cd_list_view_export (view, CD_DECISION_LIST_CSV, csv);
  wait_for (view_idle, view, "the CSV");
  g_assert_null (cd_list_view_get_last_error (view));
  g_assert_true (g_file_get_contents (csv, &csv_text, NULL, NULL));
  g_assert_nonnull (strstr (csv_text, REASON));

  accepted_total = query_int (db, "SELECT sum(amount) FROM employer_list_rows"
                                  " WHERE state = 'accepted'");
  g_assert_cmpint (accepted_total, >, 0);
  total_text = cd_format_integer_vi (accepted_total);
  if (pdftotext == NULL)
    g_test_message ("pdftotext (poppler-utils) is not installed: the PDF is not read back");
  else
    {
      g_autofree char *accepted_name = query_text (db, "SELECT name FROM employer_list_rows"
                                                       " WHERE state = 'accepted'"
                                                       " ORDER BY position LIMIT 1");

      text = pdf_text (pdftotext, pdf);
      g_assert_nonnull (strstr (text, accepted_name));
      g_assert_nonnull (strstr (text, refused_name));
      g_assert_nonnull (strstr (text, total_text));
      /* The reason may wrap in its cell: its opening words. */
      g_assert_nonnull (strstr (text, "Không đủ điều kiện"));
    }

  /* The same list handed in as a file: stored once only, and shown. */
  envelope = cd_employer_lists_dup_bytes (db, list_id, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (xml, g_bytes_get_data (envelope, NULL),
                                      (gssize) g_bytes_get_size (envelope), NULL));
  cd_lists_page_show_lists (CD_LISTS_PAGE (page));
  g_signal_connect (page, "toast", G_CALLBACK (on_toast), &toast);
  file = g_file_new_for_path (xml);
  cd_lists_page_open_file (CD_LISTS_PAGE (page), file);
  wait_for (page_shows_list, page, "the list opened from the file");
  g_assert_cmpstr (toast, ==, "This list was stored already");
  g_assert_cmpuint (cd_lists_page_get_n_lists (CD_LISTS_PAGE (page)), ==, 1);
  g_assert_cmpint (cd_list_view_get_list_id (CD_LIST_VIEW (cd_lists_page_get_list_view (
                     CD_LISTS_PAGE (page)))), ==, list_id);

  cd_context_set_session (context, NULL);
  gtk_window_destroy (GTK_WINDOW (window));
  gui_test_iterate ();
  g_clear_object (&gateway);
  g_clear_object (&db);
  test_tmpdir_free (g_steal_pointer (&dir));
}

static gboolean
start_enabled (gpointer data)
{
  return view_idle (data) && gui_test_action_enabled (data, "list.start-batch");
}

static gboolean
some_row_worked (gpointer data)
{
  return query_int (data, "SELECT count(*) FROM employer_list_rows"
                          " WHERE state NOT IN ('new', 'fetching')") > 0;
}

/* Closing the window while the batch works stops it: the page and the view go (the batch lets the
 * view go once the rows in flight are settled), every row is worked or left to do, none half, and
 * the batch resumed on a new page works the rest. */
static void
test_closed_window_stops_the_batch (void)
{
  const char *args[] = { "--world-seed", G_STRINGIFY (WORLD_SEED),
                         "--people", G_STRINGIFY (WORLD_PEOPLE), "--lists", "0", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "claims.db", NULL);
  g_autoptr(CdDatabase) db = cd_database_open (path, &error);
  g_autoptr(CdGatewayProcess) gateway = NULL;
  g_autoptr(CdSession) officer = NULL;
  g_autoptr(CdContext) context = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  GPtrArray *watches = g_ptr_array_new ();
  GtkWidget *window;
  GtkWidget *page;
  CdListView *view;
  gint64 n_rows;
  gint64 worked;

  g_assert_no_error (error);
  g_assert_true (cd_seed_run (db, WORLD_SEED, WORLD_PEOPLE, 200, NULL, NULL, &error));
  g_assert_no_error (error);
  gateway = cd_gateway_process_new (args);
  g_assert_true (cd_gateway_process_start_sync (gateway, NULL, &error));
  g_assert_no_error (error);
  n_rows = json_object_get_int_member (control_make_list (gateway, "{\"rows\": 40}", parser),
                                       "rows");
  officer = gui_test_sign_in (NULL, path, "cb01", CD_ROLE_OFFICER);
  context = gui_test_writer_context (db, cd_gateway_process_get_base_url (gateway),
                                     gui_test_gateway_credential (gateway), officer);

  for (int round = 0; round < 2; round++)
    {
      window = gtk_window_new ();
      page = cd_lists_page_new (context);
      gtk_window_set_child (GTK_WINDOW (window), page);
      gtk_window_present (GTK_WINDOW (window));
      if (round == 0)
        g_assert_true (gui_test_activate_if_enabled (page, "lists.fetch", NULL));
      wait_for (page_has_list, page, "the list");
      g_assert_true (cd_lists_page_show_list (CD_LISTS_PAGE (page),
                                              cd_lists_page_get_list_id (CD_LISTS_PAGE (page), 0)));
      view = CD_LIST_VIEW (cd_lists_page_get_list_view (CD_LISTS_PAGE (page)));
      /* Resumed once the batch the closed window stopped has settled its rows in flight: each
       * worked, or put back to do. */
      wait_for (start_enabled, view, "Start or Resume");
      if (round == 1)
        {
          worked = query_int (db, "SELECT count(*) FROM employer_list_rows"
                                  " WHERE state IN ('ready', 'findings')");
          g_assert_cmpint (worked, <, n_rows);
          g_assert_cmpint (query_int (db, "SELECT count(*) FROM employer_list_rows"
                                          " WHERE state = 'new'"), ==, n_rows - worked);
        }
      g_assert_true (gui_test_activate_if_enabled (GTK_WIDGET (view), "list.start-batch", NULL));
      if (round == 1)
        break;
      wait_for (some_row_worked, db, "a row worked");
      gui_test_watch_finalize_tree (watches, window);
      gtk_window_destroy (GTK_WINDOW (window));
      gui_test_assert_finalized (watches);
    }

  wait_for (view_idle, view, "the batch resumed");
  g_assert_null (cd_list_view_get_last_error (view));
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM employer_list_rows"
                                  " WHERE state IN ('ready', 'findings')"), ==, n_rows);
  /* No row worked twice: one claim each. */
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM claims WHERE number LIKE 'DS-%'"), ==,
                   n_rows);
  gtk_window_destroy (GTK_WINDOW (window));
  gui_test_iterate ();
  g_clear_object (&gateway);
  g_clear_object (&db);
  test_tmpdir_free (g_steal_pointer (&dir));
}

/* The window reaches the page from its queues, as it does the approval and payout pages. */
static void
test_window_shows_the_page (void)
{
  g_autoptr(CdApplication) app = gui_test_registered_app ();
  g_autofree char *dir = test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "claims.db", NULL);
  g_autoptr(CdSession) session = NULL;
  CdWindow *window;
  GtkWidget *page;

  session = gui_test_sign_in (app, path, "cb01", CD_ROLE_OFFICER);
  window = cd_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  cd_context_set_db_path (cd_window_get_context (window), path);
  gui_test_iterate ();
  cd_window_select_queue (window, "employer-lists");
  page = cd_window_get_lists_page (window);
  g_assert_nonnull (page);
  g_assert_true (gtk_stack_get_visible_child (GTK_STACK (gtk_widget_get_parent (page))) == page);
  wait_for (page_idle, page, "the lists to load");
  g_assert_cmpuint (cd_lists_page_get_n_lists (CD_LISTS_PAGE (page)), ==, 0);

  cd_context_set_session (cd_application_get_context (app), NULL);
  gtk_window_destroy (GTK_WINDOW (window));
  gui_test_iterate ();
  test_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int    argc,
      char **argv)
{
  gui_test_init (&argc, &argv);

  g_test_add_func ("/gui/lists/window-shows-the-page", test_window_shows_the_page);
  g_test_add_func ("/gui/lists/flow-against-the-gateway", test_list_flow);
  g_test_add_func ("/gui/lists/closed-window-stops-the-batch",
                   test_closed_window_stops_the_batch);

  return g_test_run ();
}
