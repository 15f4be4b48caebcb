/* test-gui-claim-view.c — the claim view over a seeded store: its sections against SQL, and the
 * workflow driven through its actions by real accounts. */
#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "cd-claim-computation.h"
#include "cd-claim-evidence.h"
#include "cd-clock.h"
#include "cd-claim-findings.h"
#include "cd-claim-history.h"
#include "cd-claim-overview.h"
#include "cd-claim-rows.h"
#include "cd-claim-verification.h"
#include "cd-claim-view.h"
#include "cd-evidence-store.h"
#include "cd-format.h"
#include "cd-window.h"
#include "cd-workflow.h"
#include "claim-details-fixture.h"
#include "gui-test-util.h"

static DetailsFixture fx;

static gint64 sql_int  (const char *format,
                        ...) G_GNUC_PRINTF (1, 2);
static char  *sql_text (const char *format,
                        ...) G_GNUC_PRINTF (1, 2);

static gint64
sql_int (const char *format,
         ...)
{
  g_autofree char *sql = NULL;
  va_list args;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);
  return details_int (&fx, sql);
}

static char *
sql_text (const char *format,
          ...)
{
  g_autofree char *sql = NULL;
  va_list args;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);
  return details_text (&fx, sql);
}

static gint64
claim_status (const char *number)
{
  return sql_int ("SELECT status FROM claims WHERE number = '%s'", number);
}

/* Runs the main loop until the view is idle (read, acted), for at most 30 s. */
static void
wait_idle (CdClaimView *view)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_TIME_SPAN_SECOND;

  while (cd_claim_view_get_busy (view) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (cd_claim_view_get_busy (view));
  gui_test_iterate ();
}

/* The view's context: the tests sign users in and out there. */
static CdContext *
context_of (CdClaimView *view)
{
  g_autoptr(CdContext) context = NULL;

  g_object_get (view, "context", &context, NULL);
  return context;  /* the view keeps it */
}

/* A view on a context of its own, over the fixture's store and writing through its writer. */
static CdClaimView *
show_view (GtkWidget  **window,
           CdSession   *session,
           const char  *number)
{
  g_autoptr(CdContext) context = cd_context_new ();
  CdClaimView *view;

  cd_context_set_database (context, fx.db);
  cd_context_set_session (context, session);
  view = CD_CLAIM_VIEW (cd_claim_view_new (context));
  *window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (*window), 1000, 800);
  gtk_window_set_child (GTK_WINDOW (*window), GTK_WIDGET (view));
  gtk_window_present (GTK_WINDOW (*window));
  cd_claim_view_load (view, number);
  g_assert_true (cd_claim_view_get_busy (view));
  wait_idle (view);
  g_assert_nonnull (cd_claim_view_get_details (view));
  return view;
}

/* Whether the action's button can be pressed: the action is enabled. */
static gboolean
can (CdClaimView *view,
     const char  *action_name)
{
  return gui_test_action_enabled (GTK_WIDGET (view), action_name);
}

static gboolean
has_label (GtkWidget  *root,
           const char *text)
{
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_label (child, text))
      return TRUE;
  return FALSE;
}

static const char *
row_title (GtkWidget *row)
{
  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
}

static const char *
row_subtitle (GtkWidget *row)
{
  if (ADW_IS_EXPANDER_ROW (row))
    return adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row));
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
}

/* The subtitle of the row titled `title` in `list`. */
static const char *
property (CdClaimView *view,
          const char  *list,
          const char  *title)
{
  for (guint i = 0; i < cd_claim_view_count_rows (view, list); i++)
    {
      GtkWidget *row = cd_claim_view_get_row (view, list, i);

      if (g_strcmp0 (row_title (row), title) == 0)
        return row_subtitle (row);
    }
  return NULL;
}

/* Presses a key binding of the view's class, as the keyboard would. */
static gboolean
press_shortcut (GtkWidget       *widget,
                guint            keyval,
                GdkModifierType  modifiers)
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

          if (GTK_IS_KEYVAL_TRIGGER (trigger)
              && gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval
              && gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == modifiers)
            return gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, widget,
                                                 gtk_shortcut_get_arguments (shortcut));
        }
    }
  return FALSE;
}

static void
count_signal (gpointer  instance,
              guint    *counter)
{
  (*counter)++;
}

/* ---- tests -----------------------------------------------------------------------------------*/

static void
test_template (void)
{
  CdClaimView *view = g_object_ref_sink (CD_CLAIM_VIEW (cd_claim_view_new (NULL)));
  AdwViewStack *stack = ADW_VIEW_STACK (gui_test_find_widget (GTK_WIDGET (view),
                                                              ADW_TYPE_VIEW_STACK));
  g_autoptr(GtkSelectionModel) pages = NULL;
  const char *expected[] = { "overview", "evidence", "verification", "findings", "computation",
                             "history" };

  g_assert_nonnull (stack);
  pages = adw_view_stack_get_pages (stack);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (pages)), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(AdwViewStackPage) page = g_list_model_get_item (G_LIST_MODEL (pages), i);

      g_assert_cmpstr (adw_view_stack_page_get_name (page), ==, expected[i]);
    }
  /* Only the section on show is measured: measuring all six for each layout was most of the time
   * to a claim drawn (issue 20). */
  g_assert_false (adw_view_stack_get_hhomogeneous (stack));
  g_assert_false (adw_view_stack_get_vhomogeneous (stack));
  g_assert_null (cd_claim_view_get_details (view));
  g_assert_false (cd_claim_view_get_busy (view));
  /* Nothing to act on, nobody signed in. */
  g_assert_false (can (view, "claim.propose"));
  g_assert_false (can (view, "claim.approve"));
  g_assert_cmpstr (cd_claim_view_get_note (view), ==, "Sign in to act on this claim");
  g_assert_cmpuint (cd_claim_view_count_rows (view, "evidence"), ==, 0);

  g_object_add_weak_pointer (G_OBJECT (view), (gpointer *) &view);
  g_object_unref (view);
  g_assert_null (view);
}

/* The findings section shows paper deferred verification did not confirm: a mismatch as an
 * expander with each field, paper and electronic side by side; an unverified one as a plain row. */
static void
test_paper_findings (void)
{
  GtkWidget *section = g_object_ref_sink (g_object_new (CD_TYPE_CLAIM_FINDINGS, NULL));
  CdClaimDetails details = { 0 };
  CdDetailsPaper mismatch = { 0 }, waiting = { 0 };
  CdDetailsPaperField field = { (char *) "DEN_NGAY", (char *) "\"2026-09-12\"",
                                (char *) "\"2026-09-10\"" };
  GtkListBox *list = cd_claim_section_get_list (CD_CLAIM_SECTION (section), "findings");
  GtkWidget *row;

  details.findings = g_ptr_array_new ();
  details.paper = g_ptr_array_new ();
  mismatch.document_id = 12;
  mismatch.kind = (char *) "leave_certificate";
  mismatch.paper_state = (char *) "mismatch";
  mismatch.entered_at = (char *) "2026-11-02T08:00:00Z";
  mismatch.entered_by = (char *) "Nguyễn Văn An";
  mismatch.fields = g_ptr_array_new ();
  g_ptr_array_add (mismatch.fields, &field);
  waiting = mismatch;
  waiting.document_id = 13;
  waiting.paper_state = (char *) "unverified";
  waiting.fields = g_ptr_array_new ();
  g_ptr_array_add (details.paper, &mismatch);
  g_ptr_array_add (details.paper, &waiting);

  cd_claim_section_set_details (CD_CLAIM_SECTION (section), &details);
  row = GTK_WIDGET (gtk_list_box_get_row_at_index (list, 0));
  g_assert_true (ADW_IS_EXPANDER_ROW (row));
  g_assert_true (g_str_has_suffix (row_title (row), "does not match the electronic record"));
  g_assert_nonnull (strstr (row_subtitle (row), "Nguyễn Văn An"));
  g_assert_true (has_label (row, "DEN_NGAY"));
  g_assert_true (has_label (row, "Paper: \"2026-09-12\" · Electronic: \"2026-09-10\""));
  row = GTK_WIDGET (gtk_list_box_get_row_at_index (list, 1));
  g_assert_true (ADW_IS_ACTION_ROW (row));
  g_assert_true (g_str_has_suffix (row_title (row), "not yet verified"));
  g_assert_null (gtk_list_box_get_row_at_index (list, 2));

  g_ptr_array_unref (mismatch.fields);
  g_ptr_array_unref (waiting.fields);
  g_ptr_array_unref (details.paper);
  g_ptr_array_unref (details.findings);
  g_object_unref (section);
}

/* A document central answered with, fetched once at `fetched_at`. */
static CdDetailsDocument
central_document (gint64      id,
                  const char *kind,
                  const char *fetched_at)
{
  CdDetailsDocument d = { 0 };

  d.id = id;
  d.kind = (char *) kind;
  d.source_system = (char *) "central";
  d.fetched_at = d.first_fetched_at = (char *) fetched_at;
  d.n_fetches = 1;
  d.sha256 = (char *) "00";
  d.signature_status = (char *) "not_applicable";
  d.parse_status = (char *) "parsed";
  return d;
}

/* The evidence section's freshness line counts the paper still waiting for its electronic record
 * beside the age of what was fetched; verified paper no longer waits, and typing paper in is no
 * fetch. */
static void
test_freshness_counts_paper (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 ("2026-12-06T10:00:00Z", NULL);
  g_autoptr(CdClock) clock = cd_clock_new_fixed (now);
  GtkWidget *section = g_object_ref_sink (g_object_new (CD_TYPE_CLAIM_EVIDENCE, "clock", clock,
                                                        NULL));
  CdClaimDetails details = { 0 };
  CdDetailsDocument fetched = central_document (1, "insured_person", "2026-12-03T09:00:00Z");
  CdDetailsDocument waiting, verified;

  waiting = fetched;
  waiting.id = 2;
  waiting.kind = (char *) "leave_certificate";
  waiting.source_system = (char *) "manual";
  waiting.fetched_at = (char *) "2026-12-06T09:00:00Z";
  waiting.paper = TRUE;
  waiting.paper_state = (char *) "unverified";
  waiting.entered_by = (char *) "Nguyễn Văn An";
  waiting.entered_at = waiting.fetched_at;
  verified = waiting;
  verified.id = 3;
  verified.paper_state = (char *) "verified";
  details.documents = g_ptr_array_new ();
  g_ptr_array_add (details.documents, &waiting);
  g_ptr_array_add (details.documents, &verified);
  g_ptr_array_add (details.documents, &fetched);

  cd_claim_section_set_details (CD_CLAIM_SECTION (section), &details);
  g_assert_cmpstr (cd_claim_evidence_get_freshness (CD_CLAIM_EVIDENCE (section)), ==,
                   "Fetched 3 days ago · 1 paper document not yet verified");

  g_ptr_array_remove_index (details.documents, 0);
  cd_claim_section_set_details (CD_CLAIM_SECTION (section), &details);
  g_assert_cmpstr (cd_claim_evidence_get_freshness (CD_CLAIM_EVIDENCE (section)), ==,
                   "Fetched 3 days ago");

  g_ptr_array_unref (details.documents);
  g_object_unref (section);
}

/* Each part of the view is a section of its own: built from its template alone it names its lists
 * (and no other's), and dropped, it goes. */
static void
test_sections_alone (void)
{
  const struct
  {
    GType       type;
    const char *lists;
  } sections[] = {
    { CD_TYPE_CLAIM_OVERVIEW, "claim claimant decisions" },
    { CD_TYPE_CLAIM_EVIDENCE, "evidence" },
    { CD_TYPE_CLAIM_VERIFICATION, "verification" },
    { CD_TYPE_CLAIM_FINDINGS, "findings" },
    { CD_TYPE_CLAIM_COMPUTATION, "lines unpaid reasons assumptions required" },
    { CD_TYPE_CLAIM_HISTORY, "history" },
  };
  const char *all[] = { "claim", "claimant", "decisions", "evidence", "verification", "findings",
                        "lines", "unpaid", "reasons", "assumptions", "required", "history" };
  GPtrArray *watches = g_ptr_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      GtkWidget *section = g_object_ref_sink (g_object_new (sections[i].type, NULL));
      g_auto(GStrv) mine = g_strsplit (sections[i].lists, " ", -1);

      g_assert_true (CD_IS_CLAIM_SECTION (section));
      for (guint j = 0; j < G_N_ELEMENTS (all); j++)
        {
          GtkListBox *list = cd_claim_section_get_list (CD_CLAIM_SECTION (section), all[j]);

          g_assert_true ((list != NULL) == g_strv_contains ((const char * const *) mine, all[j]));
          if (list != NULL)
            g_assert_true (gtk_widget_is_ancestor (GTK_WIDGET (list), section));
        }
      gui_test_watch_finalize (watches, section, g_type_name (sections[i].type));
      g_object_unref (section);
    }
  gui_test_assert_finalized (watches);
}

static void
test_sections_match_the_store (void)
{
  const char *number = fx.evaluated[0];
  GtkWidget *window;
  CdClaimView *view = show_view (&window, fx.officer, number);
  g_autofree char *personal_id = sql_text ("SELECT p.personal_id FROM claims c JOIN persons p"
                                           " ON p.id = c.claimant_id WHERE c.number = '%s'",
                                           number);
  g_autofree char *name = sql_text ("SELECT p.full_name FROM claims c JOIN persons p"
                                    " ON p.id = c.claimant_id WHERE c.number = '%s'", number);
  g_autofree char *first_finding = sql_text ("SELECT v.discrepancies ->> '$[0].message_en'"
                                             " FROM verifications v JOIN claims c"
                                             " ON c.number = '%s' WHERE v.claim_id = c.id"
                                             " AND v.source = 'cross_check'"
                                             " ORDER BY v.id DESC LIMIT 1", number);
  gint64 n_documents = sql_int ("SELECT count(*) FROM documents d JOIN claims c"
                                " ON c.number = '%s' WHERE d.claim_id = c.id"
                                " OR d.person_id = c.claimant_id", number);
  gint64 n_checks = sql_int ("SELECT count(*) FROM verifications v JOIN claims c"
                             " ON c.number = '%s' WHERE v.claim_id = c.id"
                             " OR (v.claim_id IS NULL AND v.person_id = c.claimant_id)", number);
  gint64 n_findings = sql_int ("SELECT json_array_length(v.discrepancies) FROM verifications v"
                               " JOIN claims c ON c.number = '%s' WHERE v.claim_id = c.id"
                               " AND v.source = 'cross_check' ORDER BY v.id DESC LIMIT 1",
                               number);
  gint64 n_history = sql_int ("SELECT count(*) FROM audit_log a JOIN claims c ON c.number = '%s'"
                              " WHERE a.entity = 'claim' AND a.entity_id = c.id", number);
  g_autofree char *period = NULL;
  g_autofree char *raw = NULL;
  g_autofree char *shown_raw = NULL;
  GtkWidget *leave = NULL, *line, *required, *history;
  guint leave_index = 0;
  gint64 deadline;

  /* Overview: the claim and its claimant as stored. */
  g_assert_cmpstr (property (view, "claim", "Claim number"), ==, number);
  g_assert_cmpstr (property (view, "claim", "Status"), ==, "Evaluated");
  g_assert_cmpstr (property (view, "claim", "Benefit"), ==,
                   cd_benefit_get_label (CD_BENEFIT_SICKNESS));
  g_assert_cmpstr (property (view, "claim", "Amount"), ==, "1.406.250 ₫");
  period = sql_text ("SELECT strftime('%%d/%%m/%%Y', period_from) || ' – '"
                     " || strftime('%%d/%%m/%%Y', period_to) FROM claims WHERE number = '%s'",
                     number);
  g_assert_cmpstr (property (view, "claim", "Period"), ==, period);
  g_assert_cmpstr (property (view, "claimant", "Personal ID"), ==, personal_id);
  g_assert_cmpstr (property (view, "claimant", "Name"), ==, name);
  g_assert_cmpuint (cd_claim_view_count_rows (view, "decisions"), ==, 0);

  /* Evidence: every stored document, each with its source, time and signature badge. */
  g_assert_cmpuint (cd_claim_view_count_rows (view, "evidence"), ==, (guint) n_documents);
  for (guint i = 0; i < (guint) n_documents; i++)
    {
      GtkWidget *row = cd_claim_view_get_row (view, "evidence", i);
      GtkWidget *badge = g_object_get_data (G_OBJECT (row), "cd-badge");

      g_assert_true (g_regex_match_simple (" · [0-3][0-9]/[01][0-9]/20[0-9][0-9]"
                                           " [0-2][0-9]:[0-5][0-9]$", row_subtitle (row), 0, 0));
      g_assert_nonnull (badge);
      if (leave == NULL
          && g_str_equal (row_title (row), "Certificate of leave for social insurance (XML11)")
          && g_str_equal (gtk_label_get_text (GTK_LABEL (badge)), "Signature valid"))
        {
          leave = row;
          leave_index = i;
        }
    }
  g_assert_nonnull (leave);
  g_assert_true (g_str_has_prefix (row_subtitle (leave), "Medical portal · "));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (g_object_get_data (G_OBJECT (leave),
                                                                            "cd-badge")),
                            "01001"));
  g_assert_true (has_label (GTK_WIDGET (view), "Untrusted signer"));
  /* The raw XML, read when its expander opens. */
  raw = sql_text ("SELECT CAST(raw AS TEXT) FROM documents WHERE id = %" G_GINT64_FORMAT,
                  ((CdDetailsDocument *) cd_claim_view_get_details (view)->documents
                   ->pdata[leave_index])->id);
  deadline = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;
  while ((shown_raw = cd_claim_view_get_raw_text (view, leave_index)) == NULL
         && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (shown_raw, ==, raw);

  /* Verification and findings. */
  g_assert_cmpuint (cd_claim_view_count_rows (view, "verification"), ==, (guint) n_checks);
  g_assert_cmpstr (row_title (cd_claim_view_get_row (view, "verification", 0)), ==,
                   "Cross-check of the sources");
  g_assert_cmpuint (cd_claim_view_count_rows (view, "findings"), ==, (guint) n_findings);
  g_assert_cmpstr (row_title (cd_claim_view_get_row (view, "findings", 0)), ==, first_finding);
  g_assert_true (g_str_has_prefix (row_subtitle (cd_claim_view_get_row (view, "findings", 0)),
                                   "Error · certificate.serial_reused"));

  /* Computation: the engine's line, then the total. */
  g_assert_cmpuint (cd_claim_view_count_rows (view, "lines"), ==, 2);
  line = cd_claim_view_get_row (view, "lines", 0);
  g_assert_cmpstr (row_subtitle (line), ==,
                   "08/09/2026 – 10/09/2026 · 3 working days × 468.750 ₫ a day"
                   " · L41 Art 45(2),(5)");
  g_assert_nonnull (strstr (row_title (line), "75%"));
  g_assert_true (has_label (line, "1.406.250 ₫"));
  g_assert_cmpstr (row_title (cd_claim_view_get_row (view, "lines", 1)), ==, "Total");
  g_assert_true (has_label (cd_claim_view_get_row (view, "lines", 1), "1.406.250 ₫"));
  g_assert_cmpuint (cd_claim_view_count_rows (view, "required"), ==, 1);
  required = cd_claim_view_get_row (view, "required", 0);
  g_assert_cmpstr (row_title (required), ==, "Certificate of leave for social insurance (XML11)");
  g_assert_true (has_label (required, "Present"));

  /* History: the officer's evaluation. */
  g_assert_cmpuint (cd_claim_view_count_rows (view, "history"), ==, (guint) n_history);
  history = cd_claim_view_get_row (view, "history", 0);
  g_assert_cmpstr (row_title (history), ==, "Evaluated");
  g_assert_nonnull (strstr (row_subtitle (history), "Võ Thị Cẩm Vân (cv01)"));

  /* The officer may propose, nothing else. */
  g_assert_true (can (view, "claim.propose"));
  g_assert_false (can (view, "claim.approve"));
  g_assert_false (can (view, "claim.return"));
  g_assert_false (can (view, "claim.reject"));
  g_assert_false (can (view, "claim.print-letter"));
  g_assert_null (cd_claim_view_get_note (view));
  /* Only what is open to the user is offered. */
  g_assert_true (gtk_widget_get_visible (gui_test_find_actionable (GTK_WIDGET (view),
                                                                  "claim.propose")));
  g_assert_false (gtk_widget_get_visible (gui_test_find_actionable (GTK_WIDGET (view),
                                                                   "claim.approve")));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The label of the row under `row` (an expander row's child rows) whose title is `title`: its
 * subtitle, or NULL. */
static const char *
child_subtitle (GtkWidget  *row,
                const char *title)
{
  for (GtkWidget *child = gtk_widget_get_first_child (row); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *found;

      if (ADW_IS_ACTION_ROW (child)
          && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child)), title) == 0)
        return adw_action_row_get_subtitle (ADW_ACTION_ROW (child));
      if ((found = child_subtitle (child, title)) != NULL)
        return found;
    }
  return NULL;
}

/* A document stored by several fetches is one row, which says how many and since when; a
 * document fetched once has no such line. */
static void
test_refetched_document_row (void)
{
  GtkWidget *section = g_object_ref_sink (g_object_new (CD_TYPE_CLAIM_EVIDENCE, NULL));
  CdClaimDetails details = { 0 };
  CdDetailsDocument again = central_document (1, "insured_person", "2026-12-03T09:00:00Z");
  CdDetailsDocument once = central_document (2, "contributions", "2026-12-03T09:00:00Z");
  GtkListBox *list;
  g_autofree char *first = cd_claim_rows_format_time ("2026-12-01T09:00:00Z");
  g_autofree char *expected = g_strdup_printf ("3 times, first on %s", first);

  again.first_fetched_at = (char *) "2026-12-01T09:00:00Z";
  again.n_fetches = 3;
  details.documents = g_ptr_array_new ();
  g_ptr_array_add (details.documents, &again);
  g_ptr_array_add (details.documents, &once);

  cd_claim_section_set_details (CD_CLAIM_SECTION (section), &details);
  list = cd_claim_section_get_list (CD_CLAIM_SECTION (section), "evidence");
  g_assert_cmpstr (child_subtitle (GTK_WIDGET (gtk_list_box_get_row_at_index (list, 0)),
                                   "Fetched"), ==, expected);
  g_assert_null (child_subtitle (GTK_WIDGET (gtk_list_box_get_row_at_index (list, 1)),
                                 "Fetched"));
  g_assert_null (gtk_list_box_get_row_at_index (list, 2));

  g_ptr_array_unref (details.documents);
  g_object_unref (section);
}

/* A real hospital envelope whose visit summary is refused: the discharge paper beside it is shown
 * as read; the refused table follows its envelope with a Refused badge and the field and reason;
 * the envelope says which table was refused. */
static void
test_refused_table_is_shown (void)
{
  const char *number = fx.evaluated[1];
  g_autofree char *personal_id = sql_text ("SELECT p.personal_id FROM claims c JOIN persons p"
                                           " ON p.id = c.claimant_id WHERE c.number = '%s'",
                                           number);
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "real-documents",
                                                 "pc-card-14char.xml", NULL);
  g_autoptr(GPtrArray) responses = g_ptr_array_new_with_free_func (
    (GDestroyNotify) cd_evidence_response_free);
  g_autoptr(GPtrArray) stored = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *window, *refused = NULL, *envelope = NULL, *discharge = NULL;
  CdClaimView *view;
  char *data = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  for (guint s = 0; s < CD_N_EVIDENCE_SOURCES; s++)
    {
      CdEvidenceResponse *response = g_new0 (CdEvidenceResponse, 1);

      response->source = s;
      response->url = g_strdup ("http://127.0.0.1:9/hospital");
      response->fetched_at = g_date_time_new_now_utc ();
      if (s == CD_EVIDENCE_MEDICAL)
        {
          response->status = 200;
          response->body = g_bytes_new_take (data, length);
        }
      else
        response->error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "down");
      g_ptr_array_add (responses, response);
    }
  stored = cd_evidence_store_save (fx.db, personal_id, "2026-01-01", "2026-11-20", 0, responses,
                                   NULL, &error);
  g_assert_no_error (error);

  view = show_view (&window, fx.officer, number);
  for (guint i = 0; i < cd_claim_view_count_rows (view, "evidence"); i++)
    {
      GtkWidget *row = cd_claim_view_get_row (view, "evidence", i);
      const char *badge = gtk_label_get_text (g_object_get_data (G_OBJECT (row), "cd-badge"));

      if (g_str_equal (row_title (row), "Visit summary (XML1)") && g_str_equal (badge, "Refused"))
        refused = row;
      else if (child_subtitle (row, "Tables refused") != NULL)
        envelope = row;
      else if (g_str_equal (row_title (row), "Discharge paper (XML7)")
               && g_str_has_prefix (row_subtitle (row), "Medical portal")
               && child_subtitle (row, "Could not be read") == NULL)
        discharge = row;
    }
  g_assert_nonnull (refused);
  g_assert_nonnull (envelope);
  g_assert_nonnull (discharge);
  g_assert_nonnull (strstr (child_subtitle (refused, "Could not be read"),
                            "XML1: MA_THE_BHYT: “TE194059447207” is not valid"));
  g_assert_nonnull (strstr (child_subtitle (envelope, "Tables refused"), "HOSO 1: XML1"));
  /* The refused table's signature line still tells its envelope's signature, not "Refused". */
  g_assert_cmpstr (child_subtitle (refused, "Signature"), ==, "Unsigned");

  gtk_window_destroy (GTK_WINDOW (window));
  gui_test_iterate ();
}

/* The evidence section says how old the claim's newest document is, by the context's clock. */
static void
test_evidence_freshness (void)
{
  const char *number = fx.evaluated[0];
  g_autofree char *newest = sql_text ("SELECT max (d.fetched_at) FROM documents d JOIN claims c"
                                      " ON c.number = '%s' WHERE d.claim_id = c.id"
                                      " OR d.person_id = c.claimant_id", number);
  g_autoptr(GDateTime) fetched = g_date_time_new_from_iso8601 (newest, NULL);
  g_autoptr(GDateTime) later = g_date_time_add_hours (fetched, 3 * 24 + 5);
  g_autoptr(CdClock) clock = cd_clock_new_fixed (later);
  g_autoptr(CdContext) context = cd_context_new ();
  GtkWidget *window = gtk_window_new ();
  CdClaimView *view;
  GtkWidget *evidence;

  g_assert_nonnull (fetched);
  cd_context_set_database (context, fx.db);
  cd_context_set_session (context, fx.officer);
  cd_context_set_clock (context, clock);
  view = CD_CLAIM_VIEW (cd_claim_view_new (context));
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  gtk_window_present (GTK_WINDOW (window));
  cd_claim_view_load (view, number);
  wait_idle (view);
  evidence = gtk_widget_get_ancestor (cd_claim_view_get_row (view, "evidence", 0),
                                      CD_TYPE_CLAIM_EVIDENCE);
  g_assert_nonnull (evidence);
  g_assert_cmpstr (cd_claim_evidence_get_freshness (CD_CLAIM_EVIDENCE (evidence)), ==,
                   "Fetched 3 days ago");
  g_assert_true (has_label (evidence, "Fetched 3 days ago"));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_locked_session_is_refused (void)
{
  GtkWidget *window;
  CdClaimView *view = show_view (&window, fx.officer, fx.evaluated[4]);
  g_autoptr(GError) error = NULL;

  /* Locked while the claim was open: core refuses, the view says why and changes nothing. */
  cd_session_lock (fx.officer);
  gtk_widget_activate_action (GTK_WIDGET (view), "claim.propose", NULL);
  wait_idle (view);
  g_assert_nonnull (cd_claim_view_get_error (view));
  g_assert_nonnull (strstr (cd_claim_view_get_error (view), "locked"));
  g_assert_cmpint (claim_status (fx.evaluated[4]), ==, CD_CLAIM_STATUS_EVALUATED);
  /* Dismissed, it goes. */
  gtk_widget_activate_action (GTK_WIDGET (view), "claim.dismiss-error", NULL);
  g_assert_null (cd_claim_view_get_error (view));

  g_assert_true (cd_session_unlock (fx.officer, fx.db, DETAILS_PASSWORD, &error));
  g_assert_no_error (error);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* An assumption the next rule pack may change (no 2028 calendar yet) stands out with a warning;
 * the law's plain readings do not. */
static void
test_provisional_assumption_warns (void)
{
  GtkWidget *section = g_object_ref_sink (g_object_new (CD_TYPE_CLAIM_COMPUTATION, NULL));
  CdDetailsMessage calendar = { (char *) "policy.calendar_assumed", NULL,
                                (char *) "Chưa có lịch nghỉ lễ chính thức cho năm 2028",
                                (char *) "No confirmed holiday calendar for 2028" };
  CdDetailsMessage window = { (char *) "policy.window_counting", NULL, (char *) "…",
                              (char *) "A window counts the day after the event as day 1." };
  CdDetailsEvaluation evaluation = { 0 };
  CdClaimDetails details = { 0 };
  GtkListBox *list;
  GtkWidget *first, *second;

  evaluation.rulepack = (char *) "vn-si-2024+2026.07";
  evaluation.eligible = TRUE;
  evaluation.evaluated_at = (char *) "2026-11-20T08:00:00Z";
  evaluation.lines = g_ptr_array_new ();
  evaluation.unpaid = g_ptr_array_new ();
  evaluation.reasons = g_ptr_array_new ();
  evaluation.required = g_ptr_array_new ();
  evaluation.assumptions = g_ptr_array_new ();
  g_ptr_array_add (evaluation.assumptions, &calendar);
  g_ptr_array_add (evaluation.assumptions, &window);
  details.evaluation = &evaluation;

  cd_claim_section_set_details (CD_CLAIM_SECTION (section), &details);
  list = cd_claim_section_get_list (CD_CLAIM_SECTION (section), "assumptions");
  first = GTK_WIDGET (gtk_list_box_get_row_at_index (list, 0));
  second = GTK_WIDGET (gtk_list_box_get_row_at_index (list, 1));
  g_assert_true (gtk_widget_has_css_class (first, "provisional"));
  g_assert_false (gtk_widget_has_css_class (second, "provisional"));

  g_object_unref (section);
  g_ptr_array_unref (evaluation.lines);
  g_ptr_array_unref (evaluation.unpaid);
  g_ptr_array_unref (evaluation.reasons);
  g_ptr_array_unref (evaluation.required);
  g_ptr_array_unref (evaluation.assumptions);
}

static void
test_read_only_without_session (void)
{
  GtkWidget *window;
  CdClaimView *view = show_view (&window, NULL, fx.evaluated[0]);

  g_assert_cmpstr (cd_claim_view_get_note (view), ==, "Sign in to act on this claim");
  g_assert_false (can (view, "claim.propose"));
  /* Everything is still shown. */
  g_assert_cmpuint (cd_claim_view_count_rows (view, "evidence"), >, 0);
  gtk_widget_activate_action (GTK_WIDGET (view), "claim.propose", NULL);
  g_assert_false (cd_claim_view_get_busy (view));
  g_assert_cmpint (claim_status (fx.evaluated[0]), ==, CD_CLAIM_STATUS_EVALUATED);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_workflow (void)
{
  GtkWidget *window;
  CdClaimView *view = show_view (&window, fx.officer, fx.evaluated[1]);
  guint changed = 0;
  g_autofree char *decision_state = NULL;

  g_signal_connect (view, "changed", G_CALLBACK (count_signal), &changed);

  /* The officer proposes. */
  g_assert_true (can (view, "claim.propose"));
  gtk_widget_activate_action (GTK_WIDGET (view), "claim.propose", NULL);
  wait_idle (view);
  g_assert_null (cd_claim_view_get_error (view));
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpint (claim_status (fx.evaluated[1]), ==, CD_CLAIM_STATUS_PROPOSED);
  g_assert_cmpstr (property (view, "claim", "Status"), ==, "Proposed");
  g_assert_cmpstr (row_title (cd_claim_view_get_row (view, "history", 0)), ==,
                   "Decision proposed");
  g_assert_cmpuint (cd_claim_view_count_rows (view, "decisions"), ==, 1);
  /* The same user cannot approve: an officer, and the proposer. */
  g_assert_false (can (view, "claim.approve"));
  g_assert_false (can (view, "claim.propose"));
  g_assert_cmpstr (cd_claim_view_get_note (view), ==,
                   "Nothing on this claim is yours to do in its present state.");
  gtk_widget_activate_action (GTK_WIDGET (view), "claim.approve", NULL);
  g_assert_false (cd_claim_view_get_busy (view));
  g_assert_cmpint (claim_status (fx.evaluated[1]), ==, CD_CLAIM_STATUS_PROPOSED);

  /* A supervisor who proposes is the proposer: core refuses the approval and the view says so. */
  cd_context_set_session (context_of (view), fx.sup1);
  cd_claim_view_load (view, fx.evaluated[2]);
  wait_idle (view);
  gtk_widget_activate_action (GTK_WIDGET (view), "claim.propose", NULL);
  wait_idle (view);
  g_assert_cmpint (claim_status (fx.evaluated[2]), ==, CD_CLAIM_STATUS_PROPOSED);
  g_assert_true (can (view, "claim.approve"));
  gtk_widget_activate_action (GTK_WIDGET (view), "claim.approve", NULL);
  wait_idle (view);
  g_assert_nonnull (cd_claim_view_get_error (view));
  g_assert_nonnull (strstr (cd_claim_view_get_error (view), "gs91 proposed the decision"));
  g_assert_nonnull (strstr (cd_claim_view_get_error (view), "cannot approve"));
  g_assert_true (has_label (GTK_WIDGET (view), cd_claim_view_get_error (view)));
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (
    gui_test_find_widget (GTK_WIDGET (view), GTK_TYPE_REVEALER))));
  g_assert_cmpint (claim_status (fx.evaluated[2]), ==, CD_CLAIM_STATUS_PROPOSED);
  g_assert_cmpuint (changed, ==, 2);

  /* Another supervisor approves, with Ctrl+Enter: frozen and queued, in the history. */
  cd_context_set_session (context_of (view), fx.sup2);
  wait_idle (view);
  g_assert_true (can (view, "claim.approve"));
  g_assert_true (press_shortcut (GTK_WIDGET (view), GDK_KEY_Return, GDK_CONTROL_MASK));
  wait_idle (view);
  g_assert_null (cd_claim_view_get_error (view));
  g_assert_cmpuint (changed, ==, 3);
  g_assert_cmpint (claim_status (fx.evaluated[2]), ==, CD_CLAIM_STATUS_QUEUED);
  decision_state = sql_text ("SELECT d.state FROM decisions d JOIN claims c ON c.id = d.claim_id"
                             " WHERE c.number = '%s' ORDER BY d.id DESC LIMIT 1",
                             fx.evaluated[2]);
  g_assert_cmpstr (decision_state, ==, "approved");
  g_assert_cmpstr (row_title (cd_claim_view_get_row (view, "history", 0)), ==, "Approved");
  g_assert_nonnull (strstr (row_subtitle (cd_claim_view_get_row (view, "history", 0)),
                            "Đỗ Thị Sương (gs92)"));
  g_assert_nonnull (strstr (row_subtitle (cd_claim_view_get_row (view, "history", 0)),
                            "Proposed → Queued"));
  g_assert_cmpuint (cd_claim_view_count_rows (view, "history"), ==,
                    (guint) sql_int ("SELECT count(*) FROM audit_log a JOIN claims c"
                                     " ON c.number = '%s' WHERE a.entity = 'claim'"
                                     " AND a.entity_id = c.id", fx.evaluated[2]));
  g_assert_false (can (view, "claim.approve"));
  g_assert_true (can (view, "claim.print-letter"));

  /* And the officer's proposal, by the first supervisor. */
  cd_context_set_session (context_of (view), fx.sup1);
  cd_claim_view_load (view, fx.evaluated[1]);
  wait_idle (view);
  gtk_widget_activate_action (GTK_WIDGET (view), "claim.approve", NULL);
  wait_idle (view);
  g_assert_null (cd_claim_view_get_error (view));
  g_assert_cmpint (claim_status (fx.evaluated[1]), ==, CD_CLAIM_STATUS_QUEUED);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_return_needs_a_comment (void)
{
  GtkWidget *window;
  CdClaimView *view;
  AdwMessageDialog *dialog;
  GtkEditable *entry;
  g_autoptr(GError) error = NULL;
  g_autofree char *note = NULL;

  g_assert_true (cd_workflow_propose (fx.db, fx.officer, fx.evaluated[3], NULL, &error));
  g_assert_no_error (error);
  view = show_view (&window, fx.sup1, fx.evaluated[3]);

  g_assert_true (can (view, "claim.return"));
  gtk_widget_activate_action (GTK_WIDGET (view), "claim.return", NULL);
  gui_test_iterate ();
  dialog = cd_claim_view_get_dialog (view);
  g_assert_nonnull (dialog);
  entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  /* No comment, no return. */
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "return"));
  gtk_editable_set_text (entry, "   ");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "return"));
  gtk_editable_set_text (entry, "Thiếu giấy ra viện");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "return"));
  adw_message_dialog_response (dialog, "return");
  wait_idle (view);
  g_assert_null (cd_claim_view_get_dialog (view));
  g_assert_null (cd_claim_view_get_error (view));

  g_assert_cmpint (claim_status (fx.evaluated[3]), ==, CD_CLAIM_STATUS_RETURNED);
  note = sql_text ("SELECT status_note FROM claims WHERE number = '%s'", fx.evaluated[3]);
  g_assert_cmpstr (note, ==, "Thiếu giấy ra viện");
  g_assert_cmpstr (row_title (cd_claim_view_get_row (view, "history", 0)), ==,
                   "Returned to the officer");
  g_assert_nonnull (strstr (row_subtitle (cd_claim_view_get_row (view, "history", 0)),
                            "Thiếu giấy ra viện"));
  g_assert_cmpstr (property (view, "claim", "Status note"), ==, "Thiếu giấy ra viện");

  /* Returned: the officer proposes again; the supervisor rejects, with a reason. */
  g_assert_true (cd_workflow_propose (fx.db, fx.officer, fx.evaluated[3], NULL, &error));
  g_assert_no_error (error);
  cd_claim_view_load (view, fx.evaluated[3]);
  wait_idle (view);
  gtk_widget_activate_action (GTK_WIDGET (view), "claim.reject", NULL);
  gui_test_iterate ();
  dialog = cd_claim_view_get_dialog (view);
  g_assert_nonnull (dialog);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "reject"));
  /* Cancelled: nothing happens. */
  adw_message_dialog_response (dialog, "cancel");
  gui_test_iterate ();
  g_assert_false (cd_claim_view_get_busy (view));
  g_assert_cmpint (claim_status (fx.evaluated[3]), ==, CD_CLAIM_STATUS_PROPOSED);
  gtk_widget_activate_action (GTK_WIDGET (view), "claim.reject", NULL);
  gui_test_iterate ();
  dialog = cd_claim_view_get_dialog (view);
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)),
                         "Không thuộc diện hưởng");
  adw_message_dialog_response (dialog, "reject");
  wait_idle (view);
  g_assert_cmpint (claim_status (fx.evaluated[3]), ==, CD_CLAIM_STATUS_REJECTED);
  g_assert_cmpstr (row_title (cd_claim_view_get_row (view, "history", 0)), ==, "Rejected");

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
on_print_letter (GSimpleAction *action,
                 GVariant      *parameter,
                 char         **number)
{
  g_free (*number);
  *number = g_variant_dup_string (parameter, NULL);
}

static void
test_print_letter_asks_the_window (void)
{
  GtkWidget *window;
  CdClaimView *view = show_view (&window, fx.officer, fx.queued);
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) action = g_simple_action_new ("print-letter", G_VARIANT_TYPE_STRING);
  g_autofree char *asked = NULL;

  g_signal_connect (action, "activate", G_CALLBACK (on_print_letter), &asked);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (action));
  gtk_widget_insert_action_group (window, "win", G_ACTION_GROUP (group));

  g_assert_true (can (view, "claim.print-letter"));
  g_assert_false (can (view, "claim.propose"));
  gtk_widget_activate_action (GTK_WIDGET (view), "claim.print-letter", NULL);
  g_assert_cmpstr (asked, ==, fx.queued);
  /* The seeded decision, frozen, with its approver. */
  g_assert_cmpuint (cd_claim_view_count_rows (view, "decisions"), ==, 1);
  g_assert_true (g_str_has_prefix (row_title (cd_claim_view_get_row (view, "decisions", 0)),
                                   "Approved · "));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_two_supervisors_above_threshold (void)
{
  GtkWidget *window;
  CdClaimView *view;
  g_autoptr(GError) error = NULL;

  /* 1.406.250 ₫ is above a threshold of 1.000.000 ₫. */
  cd_database_exec (fx.db, "INSERT INTO settings (key, value) VALUES ('approval_threshold',"
                           " '1000000')", &error);
  g_assert_no_error (error);
  g_assert_true (cd_workflow_propose (fx.db, fx.officer, fx.evaluated[4], NULL, &error));
  g_assert_no_error (error);
  view = show_view (&window, fx.sup1, fx.evaluated[4]);
  g_assert_cmpstr (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (
                     gtk_widget_get_ancestor (cd_claim_view_get_row (view, "decisions", 0),
                                              ADW_TYPE_PREFERENCES_GROUP))), ==,
                   "Above 1.000.000 ₫ two different supervisors must approve.");

  gtk_widget_activate_action (GTK_WIDGET (view), "claim.approve", NULL);
  wait_idle (view);
  g_assert_null (cd_claim_view_get_error (view));
  g_assert_cmpint (claim_status (fx.evaluated[4]), ==, CD_CLAIM_STATUS_PROPOSED);
  g_assert_cmpint (sql_int ("SELECT count(*) FROM approvals a JOIN decisions d"
                            " ON d.id = a.decision_id JOIN claims c ON c.id = d.claim_id"
                            " WHERE c.number = '%s'", fx.evaluated[4]), ==, 1);
  /* The same supervisor again: refused, a second one is needed. */
  gtk_widget_activate_action (GTK_WIDGET (view), "claim.approve", NULL);
  wait_idle (view);
  g_assert_nonnull (strstr (cd_claim_view_get_error (view), "gs91 has already approved"));

  cd_context_set_session (context_of (view), fx.sup2);
  wait_idle (view);
  gtk_widget_activate_action (GTK_WIDGET (view), "claim.approve", NULL);
  wait_idle (view);
  g_assert_null (cd_claim_view_get_error (view));
  g_assert_cmpint (claim_status (fx.evaluated[4]), ==, CD_CLAIM_STATUS_QUEUED);

  cd_database_exec (fx.db, "DELETE FROM settings WHERE key = 'approval_threshold'", &error);
  g_assert_no_error (error);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_window_opens_the_claim (void)
{
  g_autoptr(CdApplication) app = gui_test_registered_app ();
  CdWindow *window = cd_window_new (app);
  CdClaimView *view;
  guint counts = 0;

  cd_context_set_database (cd_window_get_context (window), fx.db);
  gtk_window_present (GTK_WINDOW (window));
  gui_test_iterate ();
  g_assert_null (cd_window_get_claim_view (window));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.open-claim", "s", fx.evaluated[0]);
  view = CD_CLAIM_VIEW (cd_window_get_claim_view (window));
  g_assert_nonnull (view);
  g_assert_true (gtk_stack_get_visible_child (GTK_STACK (gtk_widget_get_parent (GTK_WIDGET (view))))
                 == GTK_WIDGET (view));
  wait_idle (view);
  g_assert_cmpstr (cd_claim_view_get_claim_number (view), ==, fx.evaluated[0]);
  g_assert_cmpstr (property (view, "claim", "Claim number"), ==, fx.evaluated[0]);
  /* Nobody signed in yet: read-only. */
  g_assert_cmpstr (cd_claim_view_get_note (view), ==, "Sign in to act on this claim");
  g_assert_false (can (view, "claim.propose"));

  /* Sign-in reaches the view; an action there refreshes the window's counts. */
  cd_context_set_session (cd_application_get_context (app), fx.officer);
  g_assert_true (cd_claim_view_get_busy (view));
  wait_idle (view);
  g_assert_null (cd_claim_view_get_note (view));
  g_assert_true (can (view, "claim.propose"));
  g_signal_connect (window, "counts-changed", G_CALLBACK (count_signal), &counts);
  gtk_widget_activate_action (GTK_WIDGET (view), "claim.propose", NULL);
  wait_idle (view);
  {
    gint64 deadline = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;

    while (counts == 0 && g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, TRUE);
  }
  g_assert_cmpuint (counts, >, 0);
  g_assert_cmpint (claim_status (fx.evaluated[0]), ==, CD_CLAIM_STATUS_PROPOSED);

  cd_context_set_session (cd_application_get_context (app), NULL);
  gtk_window_destroy (GTK_WINDOW (window));
  gui_test_iterate ();
}

int
main (int    argc,
      char **argv)
{
  int status;

  gui_test_init (&argc, &argv);
  details_fixture_init (&fx);

  g_test_add_func ("/claim-view/template", test_template);
  g_test_add_func ("/claim-view/sections-alone", test_sections_alone);
  g_test_add_func ("/claim-view/paper-findings", test_paper_findings);
  g_test_add_func ("/claim-view/freshness-counts-paper", test_freshness_counts_paper);
  g_test_add_func ("/claim-view/refetched-document-row", test_refetched_document_row);
  g_test_add_func ("/claim-view/sections-match-the-store", test_sections_match_the_store);
  g_test_add_func ("/claim-view/read-only-without-session", test_read_only_without_session);
  g_test_add_func ("/claim-view/evidence-freshness", test_evidence_freshness);
  g_test_add_func ("/claim-view/refused-table-is-shown", test_refused_table_is_shown);
  g_test_add_func ("/claim-view/provisional-assumption-warns", test_provisional_assumption_warns);
  g_test_add_func ("/claim-view/workflow", test_workflow);
  g_test_add_func ("/claim-view/return-needs-a-comment", test_return_needs_a_comment);
  g_test_add_func ("/claim-view/print-letter-asks-the-window", test_print_letter_asks_the_window);
  g_test_add_func ("/claim-view/locked-session-is-refused", test_locked_session_is_refused);
  g_test_add_func ("/claim-view/two-supervisors-above-threshold",
                   test_two_supervisors_above_threshold);
  g_test_add_func ("/claim-view/window-opens-the-claim", test_window_opens_the_claim);

  status = g_test_run ();
  details_fixture_clear (&fx);
  return status;
}
