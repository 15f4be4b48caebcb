/* test-gui-alerts.c — the anomaly alerts page on a small planted store: two officers' claims, a
 * certificate serial on both of them and a certificate of 45 days belonging to no claim. A
 * supervisor scans (off the main loop), sees both alerts, filters them by kind and state, opens
 * one with its explanation, claims (activating one opens it through win.open-claim) and
 * documents, and refers it for inspection with a note: stored, audited and shown in its history.
 * An officer sees only the alert on their own claim and can neither scan nor change it. The
 * window reaches the page from its sidebar, whose badge counts the new alerts; a claim's findings
 * say how many alerts name it.
 */
#include "config.h"

#include <string.h>

#include "cd-alerts-page.h"
#include "cd-claim-findings.h"
#include "cd-database.h"
#include "cd-statement.h"
#include "cd-window.h"
#include "gui-test-util.h"
#include "test-util.h"

#define TIMEOUT_S 60
#define NOTE "Cùng số seri ở hai đơn vị: chuyển thanh tra"

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
  return !cd_alerts_page_get_loading (data) && !cd_alerts_page_get_busy (data);
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

static void
exec (CdDatabase *db,
      const char *sql)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cd_database_exec (db, sql, &error));
  g_assert_no_error (error);
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

/* Two people, a claim each (one per officer), Lan's certificate serial S001 again on Bình's, and a
 * certificate of 45 days for Bình that no claim holds. */
static void
plant (const char *path,
       gint64      officer,
       gint64      officer2)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDatabase) db = cd_database_open (path, &error);
  g_autofree char *claims = NULL;

  g_assert_no_error (error);
  exec (db,
        "INSERT INTO persons (id, personal_id, si_code, full_name, family_name, middle_name,"
        " given_name, name_folded, sex, birth_date, updated_at) VALUES"
        " (1, '079190123456', '7912345678', 'Nguyễn Thị Lan', 'Nguyễn', 'Thị', 'Lan',"
        "  'nguyen thi lan', 'female', '1990-05-01', '2026-11-01T00:00:00Z'),"
        " (2, '079085000001', '7900000002', 'Trần Văn Bình', 'Trần', 'Văn', 'Bình',"
        "  'tran van binh', 'male', '1985-03-02', '2026-11-01T00:00:00Z')");
  claims = g_strdup_printf (
    "INSERT INTO claims (id, number, benefit, status, claimant_id, claimant_sort, office_id,"
    " officer_id, period_from, period_to, received_on, created_at, updated_at) VALUES"
    " (1, 'HS-G-0001', 0, 1, 1, 'nguyen thi lan', (SELECT min (id) FROM offices), %"
    G_GINT64_FORMAT ", '2026-09-08', '2026-09-10', 20260911, '2026-09-11T08:00:00Z',"
    " '2026-09-11T08:00:00Z'),"
    " (2, 'HS-G-0002', 0, 1, 2, 'tran van binh', (SELECT min (id) FROM offices), %"
    G_GINT64_FORMAT ", '2026-10-01', '2026-10-03', 20261005, '2026-10-05T08:00:00Z',"
    " '2026-10-05T08:00:00Z')", officer, officer2);
  exec (db, claims);
  exec (db,
        "INSERT INTO documents (id, claim_id, person_id, kind, source_system, fetched_at, raw,"
        " sha256, signature_status, parse_status, fields) VALUES"
        " (11, 1, 1, 'leave_certificate', 'medical', '2026-09-11T08:00:00Z', x'01',"
        "  printf ('%064d', 11), 'valid', 'parsed',"
        "  json_object ('SO_SERI', 'S001', 'TU_NGAY', '2026-09-08', 'DEN_NGAY', '2026-09-10',"
        "               'MA_CSKCB', '79001')),"
        " (12, 2, 2, 'leave_certificate', 'medical', '2026-10-05T08:00:00Z', x'01',"
        "  printf ('%064d', 12), 'valid', 'parsed',"
        "  json_object ('SO_SERI', 'S001', 'TU_NGAY', '2026-10-01', 'DEN_NGAY', '2026-10-03',"
        "               'MA_CSKCB', '79002')),"
        " (13, NULL, 2, 'leave_certificate', 'medical', '2026-07-20T08:00:00Z', x'01',"
        "  printf ('%064d', 13), 'valid', 'parsed',"
        "  json_object ('SO_SERI', 'L100', 'TU_NGAY', '2026-06-01', 'DEN_NGAY', '2026-07-15',"
        "               'MA_CSKCB', '79002'))");
}

/* The position of the alert of `kind` among those the page shows, or -1. */
static int
find_kind (CdAlertsPage *page,
           const char   *kind)
{
  for (guint i = 0; i < cd_alerts_page_get_n_alerts (page); i++)
    if (g_str_equal (cd_alerts_page_get_alert (page, i)->kind, kind))
      return (int) i;
  return -1;
}

/* The first widget under root of `type` whose text (a label's, a row's title or subtitle)
 * contains `text`, or NULL. */
static GtkWidget *
find_text (GtkWidget  *root,
           GType       type,
           const char *text)
{
  const char *shown = NULL;

  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    {
      if (GTK_IS_LABEL (root))
        shown = gtk_label_get_text (GTK_LABEL (root));
      else if (ADW_IS_ACTION_ROW (root))
        shown = strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root)), text) != NULL
                ? text : adw_action_row_get_subtitle (ADW_ACTION_ROW (root));
      if (shown != NULL && strstr (shown, text) != NULL && gtk_widget_get_mapped (root))
        return root;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_text (child, type, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

typedef struct
{
  CdAlertsPage *page;
  CdAlertState  state;
} StateWait;

static gboolean
shows_state (gpointer data)
{
  StateWait *wait = data;
  const CdAlert *shown = cd_alerts_page_get_shown (wait->page);

  return page_idle (wait->page) && shown != NULL && shown->state == wait->state;
}

static void
test_alerts_flow (void)
{
  g_autofree char *dir = test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "claims.db", NULL);
  g_autoptr(CdSession) officer = NULL;
  g_autoptr(CdSession) officer2 = NULL;
  g_autoptr(CdSession) supervisor = NULL;
  g_autoptr(CdContext) context = NULL;
  g_autoptr(GSimpleActionGroup) win_actions = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) open_claim = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *toast = NULL;
  g_autofree char *opened = NULL;
  g_autofree char *audit = NULL;
  GPtrArray *watches = g_ptr_array_new ();
  CdAlertsPage *page;
  GtkWidget *window, *row, *note;
  const CdAlert *alert;
  StateWait wait;
  gint64 id;

  officer = gui_test_sign_in (NULL, path, "cb01", CD_ROLE_OFFICER);
  officer2 = gui_test_sign_in (NULL, path, "cb02", CD_ROLE_OFFICER);
  supervisor = gui_test_sign_in (NULL, path, "gs01", CD_ROLE_SUPERVISOR);
  plant (path, cd_session_get_user_id (officer), cd_session_get_user_id (officer2));
  context = gui_test_context_for (path);
  g_assert_true (cd_context_open_database (context, FALSE, &error));
  g_assert_no_error (error);
  cd_context_set_session (context, supervisor);

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 800);
  /* The window's win.open-claim, as CdWindow has it: the claim number asked for. */
  open_claim = g_simple_action_new ("open-claim", G_VARIANT_TYPE_STRING);
  g_signal_connect (open_claim, "activate", G_CALLBACK (on_open_claim), &opened);
  g_action_map_add_action (G_ACTION_MAP (win_actions), G_ACTION (open_claim));
  gtk_widget_insert_action_group (window, "win", G_ACTION_GROUP (win_actions));
  page = CD_ALERTS_PAGE (cd_alerts_page_new (context));
  g_signal_connect (page, "toast", G_CALLBACK (on_toast), &toast);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
  gtk_window_present (GTK_WINDOW (window));
  wait_for (page_idle, page, "the alerts to load");
  g_assert_cmpuint (cd_alerts_page_get_n_alerts (page), ==, 0);

  /* A supervisor scans: both patterns are found, and listed newest first. */
  g_assert_true (gui_test_activate_if_enabled (GTK_WIDGET (page), "alerts.scan", NULL));
  g_assert_true (cd_alerts_page_get_busy (page));
  wait_for (page_idle, page, "the scan");
  g_assert_cmpstr (toast, ==, "2 alerts found, 2 new");
  g_assert_cmpuint (cd_alerts_page_get_n_alerts (page), ==, 2);
  g_assert_cmpint (find_kind (page, "certificate.serial_reused"), >=, 0);
  g_assert_cmpint (find_kind (page, "certificate.long_leave"), >=, 0);
  g_assert_nonnull (find_text (GTK_WIDGET (page), ADW_TYPE_ACTION_ROW,
                               "Certificate serial used twice"));
  g_assert_nonnull (find_text (GTK_WIDGET (page), ADW_TYPE_ACTION_ROW, "Certificate L100"));

  /* The filters: by kind, by state. */
  cd_alerts_page_set_filter (page, TRUE, CD_ALERT_NEW, "certificate.long_leave");
  g_assert_cmpuint (cd_alerts_page_get_n_alerts (page), ==, 1);
  g_assert_cmpstr (cd_alerts_page_get_alert (page, 0)->subject, ==, "L100");
  cd_alerts_page_set_filter (page, FALSE, CD_ALERT_REFERRED, NULL);
  g_assert_cmpuint (cd_alerts_page_get_n_alerts (page), ==, 0);
  cd_alerts_page_set_filter (page, FALSE, CD_ALERT_NEW, NULL);
  g_assert_cmpuint (cd_alerts_page_get_n_alerts (page), ==, 2);
  cd_alerts_page_set_filter (page, TRUE, CD_ALERT_NEW, NULL);

  /* One alert: its explanation, the two claims and the two certificates. */
  id = cd_alerts_page_get_alert (page, find_kind (page, "certificate.serial_reused"))->id;
  g_assert_true (cd_alerts_page_show_alert (page, id));
  wait_for (page_idle, page, "the alert's details");
  gui_test_iterate ();
  g_assert_nonnull (find_text (GTK_WIDGET (page), GTK_TYPE_LABEL,
                               "Leave certificate serial S001 appears on 2 different"));
  g_assert_cmpuint (cd_alerts_page_get_n_claims (page), ==, 2);
  g_assert_cmpuint (cd_alerts_page_get_n_documents (page), ==, 2);
  g_assert_cmpuint (cd_alerts_page_get_n_history (page), ==, 0);
  g_assert_nonnull (find_text (GTK_WIDGET (page), ADW_TYPE_ACTION_ROW, "No. 12"));
  row = find_text (GTK_WIDGET (page), ADW_TYPE_ACTION_ROW, "HS-G-0002");
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_activate (row));
  g_assert_cmpstr (opened, ==, "HS-G-0002");

  /* Referred for inspection with a note: stored, audited, in its history. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (gui_test_find_widget (GTK_WIDGET (page),
                                                                   ADW_TYPE_COMBO_ROW)),
                              CD_ALERT_REFERRED);
  note = gui_test_find_entry_row (GTK_WIDGET (page), "Note");
  g_assert_nonnull (note);
  gtk_editable_set_text (GTK_EDITABLE (note), NOTE);
  g_assert_true (gui_test_activate_if_enabled (GTK_WIDGET (page), "alerts.save-state", NULL));
  wait = (StateWait) { page, CD_ALERT_REFERRED };
  wait_for (shows_state, &wait, "the saved state");
  g_assert_cmpstr (toast, ==, "Alert state saved");
  alert = cd_alerts_page_get_shown (page);
  g_assert_cmpint (alert->id, ==, id);
  g_assert_cmpstr (alert->note, ==, NOTE);
  g_assert_cmpint (alert->changed_by, ==, cd_session_get_user_id (supervisor));
  g_assert_cmpuint (cd_alerts_page_get_n_history (page), ==, 1);
  gui_test_iterate ();
  g_assert_nonnull (find_text (GTK_WIDGET (page), ADW_TYPE_ACTION_ROW, "New → Referred"));
  g_assert_nonnull (find_text (GTK_WIDGET (page), ADW_TYPE_ACTION_ROW, NOTE));
  g_assert_cmpint (query_int (cd_context_get_database (context),
                              "SELECT count (*) FROM alerts WHERE state = 'referred'"), ==, 1);
  audit = g_strdup_printf ("SELECT count (*) FROM audit_log WHERE action = 'alert.state'"
                           " AND entity_id = %" G_GINT64_FORMAT " AND user_id = %" G_GINT64_FORMAT
                           " AND json_extract (after, '$.note') = '" NOTE "'",
                           id, cd_session_get_user_id (supervisor));
  g_assert_cmpint (query_int (cd_context_get_database (context), audit), ==, 1);

  /* Back (Esc), the list says the new state; the referred alert is no longer among the new. */
  g_assert_true (gui_test_activate_if_enabled (GTK_WIDGET (page), "alerts.back", NULL));
  g_assert_null (cd_alerts_page_get_shown (page));
  gui_test_iterate ();
  row = find_text (GTK_WIDGET (page), ADW_TYPE_ACTION_ROW, "Certificate serial used twice");
  g_assert_nonnull (row);
  g_assert_nonnull (find_text (row, GTK_TYPE_LABEL, "Referred for Inspection"));
  cd_alerts_page_set_filter (page, FALSE, CD_ALERT_NEW, NULL);
  g_assert_cmpuint (cd_alerts_page_get_n_alerts (page), ==, 1);
  gui_test_iterate ();
  g_assert_null (find_text (GTK_WIDGET (page), ADW_TYPE_ACTION_ROW,
                            "Certificate serial used twice"));
  cd_alerts_page_set_filter (page, TRUE, CD_ALERT_NEW, NULL);

  /* An officer sees the alert naming their claim only, and can neither scan nor change it. */
  cd_context_set_session (context, officer);
  wait_for (page_idle, page, "the officer's alerts");
  g_assert_cmpuint (cd_alerts_page_get_n_alerts (page), ==, 1);
  g_assert_cmpstr (cd_alerts_page_get_alert (page, 0)->kind, ==, "certificate.serial_reused");
  g_assert_false (gui_test_activate_if_enabled (GTK_WIDGET (page), "alerts.scan", NULL));
  g_assert_true (cd_alerts_page_show_alert (page, id));
  wait_for (page_idle, page, "the alert's details");
  g_assert_false (gui_test_activate_if_enabled (GTK_WIDGET (page), "alerts.save-state", NULL));

  gui_test_watch_finalize_tree (watches, GTK_WIDGET (page));
  cd_context_set_session (context, NULL);
  gtk_window_destroy (GTK_WINDOW (window));
  gui_test_assert_finalized (watches);
  g_clear_object (&context);
  gui_test_iterate ();
  test_tmpdir_free (g_steal_pointer (&dir));
}

typedef struct
{
  CdWindow   *window;
  const char *queue;
  gint64      count;
} CountWait;

static gboolean
counted (gpointer data)
{
  CountWait *wait = data;

  return cd_window_get_queue_count (wait->window, wait->queue) == wait->count;
}

/* The window reaches the page from its sidebar, and the badge counts the new alerts. */
static void
test_window_shows_the_page (void)
{
  g_autoptr(CdApplication) app = gui_test_registered_app ();
  g_autofree char *dir = test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "claims.db", NULL);
  g_autoptr(CdSession) officer = NULL;
  g_autoptr(CdSession) officer2 = NULL;
  g_autoptr(CdSession) supervisor = NULL;
  g_autoptr(GError) error = NULL;
  CountWait wait;
  CdWindow *window;
  GtkWidget *page;

  officer = gui_test_sign_in (NULL, path, "cb01", CD_ROLE_OFFICER);
  officer2 = gui_test_sign_in (NULL, path, "cb02", CD_ROLE_OFFICER);
  plant (path, cd_session_get_user_id (officer), cd_session_get_user_id (officer2));
  supervisor = gui_test_sign_in (app, path, "gs01", CD_ROLE_SUPERVISOR);
  window = cd_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  cd_context_set_db_path (cd_window_get_context (window), path);
  g_assert_true (cd_context_open_database (cd_window_get_context (window), FALSE, &error));
  g_assert_no_error (error);
  gui_test_iterate ();
  cd_window_select_queue (window, "alerts");
  page = cd_window_get_alerts_page (window);
  g_assert_nonnull (page);
  g_assert_true (gtk_stack_get_visible_child (GTK_STACK (gtk_widget_get_parent (page))) == page);
  wait_for (page_idle, page, "the alerts to load");
  g_assert_cmpuint (cd_alerts_page_get_n_alerts (CD_ALERTS_PAGE (page)), ==, 0);

  /* A scan changes the badge: two new alerts for the supervisor. */
  cd_alerts_page_scan (CD_ALERTS_PAGE (page));
  wait_for (page_idle, page, "the scan");
  g_assert_cmpuint (cd_alerts_page_get_n_alerts (CD_ALERTS_PAGE (page)), ==, 2);
  wait = (CountWait) { window, "alerts", 2 };
  wait_for (counted, &wait, "the alerts' badge");

  cd_context_set_session (cd_application_get_context (app), NULL);
  gtk_window_destroy (GTK_WINDOW (window));
  gui_test_iterate ();
  test_tmpdir_free (g_steal_pointer (&dir));
}

/* A claim's findings say how many alerts name it, and nothing when none does. */
static void
test_claim_findings_name_alerts (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *findings = g_object_new (CD_TYPE_CLAIM_FINDINGS, NULL);
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  CdClaimDetails details = { 0 };

  gtk_window_set_child (GTK_WINDOW (window), findings);
  gtk_window_present (GTK_WINDOW (window));
  details.number = (char *) "HS-G-0001";
  details.findings = none;
  cd_claim_section_set_details (CD_CLAIM_SECTION (findings), &details);
  gui_test_iterate ();
  g_assert_null (find_text (findings, ADW_TYPE_ACTION_ROW, "anomaly alert"));

  details.n_alerts = 2;
  cd_claim_section_set_details (CD_CLAIM_SECTION (findings), &details);
  gui_test_iterate ();
  g_assert_nonnull (find_text (findings, ADW_TYPE_ACTION_ROW,
                               "This claim is named in 2 anomaly alerts"));
  gtk_window_destroy (GTK_WINDOW (window));
  gui_test_iterate ();
}

int
main (int    argc,
      char **argv)
{
  gui_test_init (&argc, &argv);

  g_test_add_func ("/gui/alerts/flow", test_alerts_flow);
  g_test_add_func ("/gui/alerts/window-shows-the-page", test_window_shows_the_page);
  g_test_add_func ("/gui/alerts/claim-findings-name-alerts", test_claim_findings_name_alerts);

  return g_test_run ();
}
