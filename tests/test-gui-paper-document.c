/* test-gui-paper-document.c — "Record Paper Document": the form is keyboard-complete (Tab reaches
 * every control, Enter in the last field saves, Escape cancels, Save has a mnemonic), it marks
 * invalid fields with their reason, and the claim view offers it and shows the paper it saved.
 *
 * Tab and Enter are driven as the keys' bindings drive them: GtkWindow's Tab binding emits
 * ::move-focus, and Enter in an entry emits GtkText::activate.
 */
#include "config.h"

#include <string.h>

#include "cd-claim-evidence.h"
#include "cd-claim-view.h"
#include "cd-paper-document-dialog.h"
#include "cd-paper-kinds.h"
#include "gui-test-util.h"
#include "workflow-fixture.h"

#define CLAIMANT "079190123456"

static const guint8 png_bytes[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13,
                                    'I', 'H', 'D', 'R' };

static CdContext *
officer_context (Store *store)
{
  CdContext *context = cd_context_new ();

  cd_context_set_database (context, store->db);
  cd_context_set_session (context, fx_officer);
  return context;
}

static CdPaperDocumentDialog *
open_dialog (CdContext *context,
             gint64     claim_id)
{
  GtkWidget *dialog = cd_paper_document_dialog_new (context, CLAIMANT, claim_id);

  gtk_window_present (GTK_WINDOW (dialog));
  gui_test_iterate ();
  return CD_PAPER_DOCUMENT_DIALOG (dialog);
}

static GtkWidget *
focus_of (CdPaperDocumentDialog *dialog)
{
  return gtk_root_get_focus (GTK_ROOT (dialog));
}

/* What the Tab key does. */
static void
press_tab (CdPaperDocumentDialog *dialog)
{
  g_signal_emit_by_name (dialog, "move-focus", GTK_DIR_TAB_FORWARD);
  gui_test_iterate ();
}

/* Tabs until the focus is inside `target`; fails after a full round without reaching it. */
static void
tab_to (CdPaperDocumentDialog *dialog,
        GtkWidget             *target)
{
  for (guint i = 0; i < 200; i++)
    {
      GtkWidget *focus = focus_of (dialog);

      if (focus != NULL && (focus == target || gtk_widget_is_ancestor (focus, target)))
        return;
      press_tab (dialog);
    }
  {
    GString *chain = g_string_new (NULL);

    for (guint i = 0; i < 30; i++)
      {
        GtkWidget *focus = focus_of (dialog);

        g_string_append_printf (chain, " %s", focus != NULL ? G_OBJECT_TYPE_NAME (focus) : "none");
        if (focus != NULL && gtk_widget_get_parent (focus) != NULL)
          g_string_append_printf (chain, "<%s", G_OBJECT_TYPE_NAME (gtk_widget_get_parent (focus)));
        press_tab (dialog);
      }
    g_error ("Tab never reaches %s (%s): %s", G_OBJECT_TYPE_NAME (target),
             ADW_IS_PREFERENCES_ROW (target)
             ? adw_preferences_row_get_title (ADW_PREFERENCES_ROW (target)) : "", chain->str);
  }
}

/* Types into the focused field, as the keyboard would. */
static void
type_text (CdPaperDocumentDialog *dialog,
           const char            *text)
{
  GtkWidget *focus = focus_of (dialog);

  g_assert_true (GTK_IS_EDITABLE (focus));
  gtk_editable_set_text (GTK_EDITABLE (focus), text);
  gui_test_iterate ();
}

/* What Enter does in the focused entry. */
static void
press_enter (CdPaperDocumentDialog *dialog)
{
  GtkWidget *focus = focus_of (dialog);

  g_assert_true (GTK_IS_TEXT (focus));
  g_signal_emit_by_name (focus, "activate");
  gui_test_iterate ();
}

static void
on_saved (CdPaperDocumentDialog *dialog,
          gint64                 id,
          gint64                *out)
{
  *out = id;
}

static void
wait_for (gint64 *value)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_TIME_SPAN_SECOND;

  while (*value == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (*value, !=, 0);
}

static gboolean
has_shortcut (GtkWidget  *widget,
              guint       keyval,
              const char *action_name)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);

          if (GTK_IS_KEYVAL_TRIGGER (trigger)
              && gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval
              && GTK_IS_NAMED_ACTION (action)
              && g_strcmp0 (gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)),
                            action_name) == 0)
            return TRUE;
        }
    }
  return FALSE;
}

/* Every control is reached with Tab; the required fields are typed; Enter in the last field
 * saves; the document is the one typed, by the signed-in officer, linked to the claim. */
static void
test_keyboard_complete (void)
{
  Store store;
  g_autoptr(CdContext) context = NULL;
  g_autoptr(GPtrArray) watches = g_ptr_array_new ();
  CdPaperDocumentDialog *dialog;
  GtkWidget *save, *last;
  g_autofree char *sql = NULL;
  gint64 saved = 0;
  static const struct { const char *field, *text; } typed[] = {
    { "SO_SERI", "KB-001" }, { "SO_CT", "12" }, { "MA_CSKCB", "79001" },
    { "TU_NGAY", "08/09/2026" }, { "DEN_NGAY", "2026-09-10" }, { "SO_NGAY_NGHI", "3" },
    { "NGAY_CT", "2026-09-10" },
  };

  store_open (&store);
  context = officer_context (&store);
  dialog = open_dialog (context, 1);
  gui_test_watch_finalize (watches, dialog, "CdPaperDocumentDialog");
  g_signal_connect (dialog, "saved", G_CALLBACK (on_saved), &saved);
  g_assert_cmpstr (cd_paper_document_dialog_get_kind (dialog), ==, "leave_certificate");

  /* Escape cancels; Save has a mnemonic (Alt+S). */
  g_assert_true (has_shortcut (GTK_WIDGET (dialog), GDK_KEY_Escape, "window.close"));
  save = gui_test_find_actionable (GTK_WIDGET (dialog), "paper.save");
  g_assert_nonnull (save);
  g_assert_true (gtk_button_get_use_underline (GTK_BUTTON (save)));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (save)), ==, "_Save");

  /* Every control on Tab's way: the kind, each field, the scan's chooser, Cancel and Save. */
  tab_to (dialog, gui_test_find_widget (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW));
  for (const CdPaperField *f = cd_paper_kind_find ("leave_certificate")->fields; f->name != NULL;
       f++)
    tab_to (dialog, cd_paper_document_dialog_get_field_row (dialog, f->name));
  tab_to (dialog, gui_test_find_actionable (GTK_WIDGET (dialog), "paper.choose-scan"));
  tab_to (dialog, gui_test_find_actionable (GTK_WIDGET (dialog), "window.close"));
  tab_to (dialog, save);

  /* Type each field where Tab leads. */
  for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
    {
      tab_to (dialog, cd_paper_document_dialog_get_field_row (dialog, typed[i].field));
      type_text (dialog, typed[i].text);
    }
  /* Enter in a field moves on; in the last field it saves. */
  tab_to (dialog, cd_paper_document_dialog_get_field_row (dialog, "SO_SERI"));
  press_enter (dialog);
  g_assert_true (gtk_widget_is_ancestor (focus_of (dialog),
                                         cd_paper_document_dialog_get_field_row (dialog,
                                                                                 "SO_CT")));
  g_assert_cmpint (saved, ==, 0);
  last = cd_paper_document_dialog_get_field_row (dialog, "NGAY_CT");
  tab_to (dialog, last);
  press_enter (dialog);
  wait_for (&saved);

  sql = g_strdup_printf ("SELECT count(*) FROM documents WHERE id = %lld AND claim_id = 1"
                         " AND source_system = 'manual' AND paper_state = 'unverified'"
                         " AND entered_by = %lld AND json_extract (fields, '$.records[0].SO_SERI')"
                         " = 'KB-001' AND json_extract (fields, '$.records[0].TU_NGAY')"
                         " = '2026-09-08'", (long long) saved,
                         (long long) cd_session_get_user_id (fx_officer));
  g_assert_cmpint (fx_int (&store, sql), ==, 1);

  /* Saved, the window closed and went away. */
  gui_test_assert_finalized (g_steal_pointer (&watches));
  store_close (&store);
}

/* Escape (window.close) leaves without saving anything. */
static void
test_escape_cancels (void)
{
  Store store;
  g_autoptr(CdContext) context = NULL;
  g_autoptr(GPtrArray) watches = g_ptr_array_new ();
  CdPaperDocumentDialog *dialog;

  store_open (&store);
  context = officer_context (&store);
  dialog = open_dialog (context, 0);
  gui_test_watch_finalize (watches, dialog, "CdPaperDocumentDialog");
  tab_to (dialog, cd_paper_document_dialog_get_field_row (dialog, "SO_SERI"));
  type_text (dialog, "ESC-1");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL));
  gui_test_assert_finalized (g_steal_pointer (&watches));
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM documents"), ==, 0);
  store_close (&store);
}

static void
assert_marked (CdPaperDocumentDialog *dialog,
               const char            *field,
               const char            *reason)
{
  GtkWidget *row = cd_paper_document_dialog_get_field_row (dialog, field);

  g_assert_true (gtk_widget_has_css_class (row, "error"));
  g_assert_cmpstr (cd_paper_document_dialog_get_reason (dialog, field), ==, reason);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       reason);
  g_assert_nonnull (strstr (cd_paper_document_dialog_get_message (dialog), reason));
}

static void
assert_clear (CdPaperDocumentDialog *dialog,
              const char            *field)
{
  GtkWidget *row = cd_paper_document_dialog_get_field_row (dialog, field);

  g_assert_false (gtk_widget_has_css_class (row, "error"));
  g_assert_null (cd_paper_document_dialog_get_reason (dialog, field));
}

/* Save refuses with every reason: each invalid row gets the `error` class, its reason under it and
 * in its accessible description; the list above the form says why; nothing is saved. Corrected,
 * a field loses its mark at once. */
static void
test_marks_invalid (void)
{
  Store store;
  g_autoptr(CdContext) context = NULL;
  CdPaperDocumentDialog *dialog;
  gint64 saved = 0;

  store_open (&store);
  context = officer_context (&store);
  dialog = open_dialog (context, 0);
  g_signal_connect (dialog, "saved", G_CALLBACK (on_saved), &saved);

  tab_to (dialog, cd_paper_document_dialog_get_field_row (dialog, "MA_CSKCB"));
  type_text (dialog, "7900");
  tab_to (dialog, cd_paper_document_dialog_get_field_row (dialog, "TU_NGAY"));
  type_text (dialog, "2026-02-30");
  tab_to (dialog, cd_paper_document_dialog_get_field_row (dialog, "DEN_NGAY"));
  type_text (dialog, "31/12/2025");
  tab_to (dialog, cd_paper_document_dialog_get_field_row (dialog, "SO_NGAY_NGHI"));
  type_text (dialog, "45");
  g_assert_null (cd_paper_document_dialog_get_message (dialog));

  g_assert_true (gui_test_activate_if_enabled (GTK_WIDGET (dialog), "paper.save", NULL));
  gui_test_iterate ();
  g_assert_nonnull (strstr (cd_paper_document_dialog_get_message (dialog),
                            "Not saved: 5 fields need correcting."));
  assert_marked (dialog, "SO_SERI", "Required");
  assert_marked (dialog, "SO_CT", "Required");
  assert_marked (dialog, "MA_CSKCB", "“7900” is not valid: a facility code has exactly 5 "
                                     "characters");
  assert_marked (dialog, "TU_NGAY", "No such date: 2026-02-30");
  assert_marked (dialog, "SO_NGAY_NGHI", "At most 30: 45");
  assert_clear (dialog, "DEN_NGAY");
  assert_clear (dialog, "MA_BS");
  /* The focus went to the first field to correct. */
  g_assert_true (gtk_widget_is_ancestor (focus_of (dialog),
                                         cd_paper_document_dialog_get_field_row (dialog,
                                                                                 "SO_SERI")));
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM documents"), ==, 0);

  /* A valid date before From: now the order is wrong, said on To. */
  tab_to (dialog, cd_paper_document_dialog_get_field_row (dialog, "TU_NGAY"));
  type_text (dialog, "2026-01-05");
  assert_clear (dialog, "TU_NGAY");
  g_assert_cmpstr (cd_paper_document_dialog_get_reason (dialog, "DEN_NGAY"), ==,
                   "To is before From (2025-12-31 < 2026-01-05)");
  g_assert_true (gtk_widget_has_css_class (cd_paper_document_dialog_get_field_row (dialog,
                                                                                   "DEN_NGAY"),
                                           "error"));
  g_assert_cmpint (saved, ==, 0);
  gtk_window_destroy (GTK_WINDOW (dialog));
  gui_test_iterate ();
  store_close (&store);
}

/* The claim view offers the form for its claimant; the paper saved shows in its evidence at a
 * glance, with its scan. A file that is not an image nor a PDF is refused by name. */
static void
test_from_claim_view (void)
{
  Store store;
  g_autoptr(CdContext) context = NULL;
  g_autoptr(GFile) scan = NULL;
  g_autoptr(GFile) text = NULL;
  g_autoptr(GPtrArray) watches = g_ptr_array_new ();
  g_autofree char *scan_path = NULL;
  g_autofree char *text_path = NULL;
  CdPaperDocumentDialog *dialog = NULL;
  GtkWidget *window, *view, *evidence;
  GtkListBox *list;
  GtkListBoxRow *first = NULL;
  GListModel *toplevels;  /* transfer none: GTK's own list */
  gint64 deadline;
  gboolean shown = FALSE;

  store_open (&store);
  scan_path = g_build_filename (store.dir, "giay-nghi.png", NULL);
  text_path = g_build_filename (store.dir, "ghi-chu.png", NULL);
  g_assert_true (g_file_set_contents (scan_path, (const char *) png_bytes, sizeof png_bytes, NULL));
  g_assert_true (g_file_set_contents (text_path, "only text", -1, NULL));
  scan = g_file_new_for_path (scan_path);
  text = g_file_new_for_path (text_path);

  context = officer_context (&store);
  view = cd_claim_view_new (context);
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 800);
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_present (GTK_WINDOW (window));
  cd_claim_view_load (CD_CLAIM_VIEW (view), "HS-T-0001");
  deadline = g_get_monotonic_time () + 20 * G_TIME_SPAN_SECOND;
  while (cd_claim_view_get_busy (CD_CLAIM_VIEW (view)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  gui_test_iterate ();

  g_assert_true (gui_test_action_enabled (view, "claim.record-paper"));
  g_assert_true (gui_test_activate_if_enabled (view, "claim.record-paper", NULL));
  gui_test_iterate ();
  toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (toplevels, i);

      if (CD_IS_PAPER_DOCUMENT_DIALOG (item))
        dialog = CD_PAPER_DOCUMENT_DIALOG (item);
    }
  g_assert_nonnull (dialog);
  gui_test_watch_finalize (watches, dialog, "CdPaperDocumentDialog");

  cd_paper_document_dialog_attach_scan (dialog, text);
  deadline = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;
  while (cd_paper_document_dialog_get_message (dialog) == NULL
         && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (strstr (cd_paper_document_dialog_get_message (dialog), "ghi-chu.png"));
  g_assert_false (cd_paper_document_dialog_has_scan (dialog));
  cd_paper_document_dialog_attach_scan (dialog, scan);
  deadline = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;
  while (!cd_paper_document_dialog_has_scan (dialog) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (cd_paper_document_dialog_has_scan (dialog));
  g_assert_true (gui_test_action_enabled (GTK_WIDGET (dialog), "paper.remove-scan"));

  gtk_editable_set_text (GTK_EDITABLE (cd_paper_document_dialog_get_field_row (dialog, "SO_SERI")),
                         "CV-1");
  gtk_editable_set_text (GTK_EDITABLE (cd_paper_document_dialog_get_field_row (dialog, "SO_CT")),
                         "1");
  gtk_editable_set_text (GTK_EDITABLE (cd_paper_document_dialog_get_field_row (dialog,
                                                                               "MA_CSKCB")),
                         "79001");
  gtk_editable_set_text (GTK_EDITABLE (cd_paper_document_dialog_get_field_row (dialog, "TU_NGAY")),
                         "2026-09-08");
  gtk_editable_set_text (GTK_EDITABLE (cd_paper_document_dialog_get_field_row (dialog,
                                                                               "DEN_NGAY")),
                         "2026-09-08");
  gtk_editable_set_text (GTK_EDITABLE (cd_paper_document_dialog_get_field_row (dialog,
                                                                               "SO_NGAY_NGHI")),
                         "1");
  g_assert_true (gui_test_activate_if_enabled (GTK_WIDGET (dialog), "paper.save", NULL));
  gui_test_assert_finalized (g_steal_pointer (&watches));

  /* The view read the claim again: the paper is at the top of its evidence. */
  deadline = g_get_monotonic_time () + 20 * G_TIME_SPAN_SECOND;
  evidence = gui_test_find_widget (view, CD_TYPE_CLAIM_EVIDENCE);
  list = cd_claim_section_get_list (CD_CLAIM_SECTION (evidence), "evidence");
  while (!shown && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, TRUE);
      first = gtk_list_box_get_row_at_index (list, 0);
      shown = first != NULL && ADW_IS_EXPANDER_ROW (first)
              && g_str_has_prefix (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (first)),
                                   "Paper, entered by Nguyễn Văn An at ");
    }
  g_assert_true (shown);
  g_assert_true (g_str_has_suffix (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (first)),
                                   " · not yet verified"));
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM documents d JOIN scans s"
                                   " ON s.id = d.scan_id WHERE d.claim_id = 1"
                                   " AND s.file_name = 'giay-nghi.png'"), ==, 1);

  gtk_window_destroy (GTK_WINDOW (window));
  gui_test_iterate ();
  store_close (&store);
}

/* The claim view's window closes while the form is open, with a scan being read: the form goes
 * with it, and so does the view. */
static void
test_closed_with_its_view (void)
{
  Store store;
  g_autoptr(CdContext) context = NULL;
  g_autoptr(GPtrArray) watches = g_ptr_array_new ();
  g_autoptr(GFile) scan = NULL;
  g_autofree char *scan_path = NULL;
  GListModel *toplevels;  /* transfer none: GTK's own list */
  GtkWidget *window, *view;
  gint64 deadline;

  store_open (&store);
  scan_path = g_build_filename (store.dir, "scan.png", NULL);
  g_assert_true (g_file_set_contents (scan_path, (const char *) png_bytes, sizeof png_bytes, NULL));
  scan = g_file_new_for_path (scan_path);
  context = officer_context (&store);
  view = cd_claim_view_new (context);
  window = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_present (GTK_WINDOW (window));
  cd_claim_view_load (CD_CLAIM_VIEW (view), "HS-T-0001");
  deadline = g_get_monotonic_time () + 20 * G_TIME_SPAN_SECOND;
  while (cd_claim_view_get_busy (CD_CLAIM_VIEW (view)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (gui_test_activate_if_enabled (view, "claim.record-paper", NULL));
  gui_test_iterate ();
  /* Asked twice, the one form is shown again. */
  g_assert_true (gui_test_activate_if_enabled (view, "claim.record-paper", NULL));
  gui_test_iterate ();

  toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (toplevels, i);

      if (CD_IS_PAPER_DOCUMENT_DIALOG (item))
        {
          gui_test_watch_finalize (watches, item, "CdPaperDocumentDialog");
          cd_paper_document_dialog_attach_scan (CD_PAPER_DOCUMENT_DIALOG (item), scan);
        }
    }
  g_assert_cmpuint (watches->len, ==, 1);
  gui_test_watch_finalize (watches, view, "CdClaimView");
  gtk_window_destroy (GTK_WINDOW (window));
  gui_test_assert_finalized (g_steal_pointer (&watches));
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM documents"), ==, 0);
  store_close (&store);
}

int
main (int    argc,
      char **argv)
{
  int status;

  gui_test_init (&argc, &argv);
  fixture_init ();

  g_test_add_func ("/gui/paper/keyboard-complete", test_keyboard_complete);
  g_test_add_func ("/gui/paper/escape-cancels", test_escape_cancels);
  g_test_add_func ("/gui/paper/marks-invalid", test_marks_invalid);
  g_test_add_func ("/gui/paper/from-claim-view", test_from_claim_view);
  g_test_add_func ("/gui/paper/closed-with-its-view", test_closed_with_its_view);

  status = g_test_run ();
  fixture_shutdown ();
  return status;
}
