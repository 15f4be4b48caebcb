/* test-gui-new-claim.c — the new-claim page: built and destroyed, the ID checked as typed, and the
 * whole flow driven against the real gateway down to the claim row in the database and its audit
 * entries.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cd-application.h"
#include "cd-database.h"
#include "cd-demo-accounts.h"
#include "cd-evaluation-view.h"
#include "cd-fact-form.h"
#include "cd-format.h"
#include "cd-gateway-process.h"
#include "cd-http-client.h"
#include "cd-new-claim-page.h"
#include "cd-paper-document-dialog.h"
#include "cd-seed.h"
#include "cd-source-row.h"
#include "cd-statement.h"
#include "cd-window.h"
#include "cd-world.h"
#include "gui-test-util.h"
#include "test-util.h"

#define WORLD_SEED   7
#define WORLD_PEOPLE 50
#define TIMEOUT_S    60

typedef gboolean (*Condition) (CdNewClaimPage *page);

/* Iterates the main loop until the condition holds; fails the test after TIMEOUT_S. */
static void
wait_for (CdNewClaimPage *page,
          Condition       condition,
          const char     *what)
{
  gint64 deadline = g_get_monotonic_time () + TIMEOUT_S * G_TIME_SPAN_SECOND;

  while (!condition (page))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out waiting for %s", what);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static gboolean
all_sources_done (CdNewClaimPage *page)
{
  return cd_new_claim_page_get_sources_done (page) == 10 && cd_new_claim_page_get_n_cases (page) > 0;
}

static gboolean
has_total (CdNewClaimPage *page)
{
  return cd_new_claim_page_get_total (page) >= 0;
}

static gboolean
has_claim (CdNewClaimPage *page)
{
  return cd_new_claim_page_get_claim_id (page) > 0;
}

static GtkWidget *find_named (GtkWidget  *root,
                              const char *name);

static gboolean
row_has_error_class (CdNewClaimPage *page)
{
  return gtk_widget_has_css_class (find_named (GTK_WIDGET (page), "claimant.sex"), "error");
}

static gboolean
fetch_finished (CdNewClaimPage *page)
{
  return cd_new_claim_page_get_sources_done (page) == 10 && !cd_new_claim_page_get_busy (page);
}

static void
collect_retry_buttons (GtkWidget *root,
                       GPtrArray *out)
{
  if (GTK_IS_BUTTON (root) && gtk_widget_get_visible (root)
      && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), "_Retry") == 0)
    g_ptr_array_add (out, root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_retry_buttons (child, out);
}

static void
control_post (CdGatewayProcess *gateway,
              const char       *json)
{
  g_autoptr(CdHttpClient) http = cd_http_client_new ();
  g_autofree char *url = g_strconcat (cd_gateway_process_get_base_url (gateway), "/_control/faults",
                                      NULL);
  g_autoptr(CdHttpRequest) request = cd_http_request_new ("POST", url);
  g_autoptr(GBytes) body = g_bytes_new (json, strlen (json));
  g_autoptr(CdHttpResponse) response = NULL;

  cd_http_request_set_body (request, "application/json", body);
  response = cd_http_client_send (http, request, NULL, NULL);
  g_assert_nonnull (response);
  g_assert_cmpuint (response->status, ==, 200);
}

/* What the page says it can do: its "can-fetch" or "can-create". */
static gboolean
page_can (GtkWidget  *page,
          const char *property)
{
  gboolean can = FALSE;

  g_object_get (page, property, &can, NULL);
  return can;
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static GtkWidget *
find_named (GtkWidget  *root,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_builds_and_checks_the_id (void)
{
  g_autoptr(CdContext) context = cd_context_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "claims.db", NULL);
  g_autoptr(CdDatabase) db = NULL;
  g_autoptr(CdSession) session = NULL;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = cd_new_claim_page_new (context);
  GtkWidget *id_row;

  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));
  gui_test_iterate ();

  id_row = gui_test_find_widget (page, ADW_TYPE_ENTRY_ROW);
  g_assert_nonnull (id_row);

  /* A province code that does not exist is refused while typing. */
  gtk_editable_set_text (GTK_EDITABLE (id_row), "999190");
  g_assert_nonnull (cd_new_claim_page_get_id_error (CD_NEW_CLAIM_PAGE (page)));
  g_assert_true (gtk_widget_has_css_class (id_row, "error"));

  /* Letters never make an ID. */
  gtk_editable_set_text (GTK_EDITABLE (id_row), "07919x");
  g_assert_nonnull (cd_new_claim_page_get_id_error (CD_NEW_CLAIM_PAGE (page)));

  /* A good prefix is not an error yet, and a whole valid ID is fine. */
  gtk_editable_set_text (GTK_EDITABLE (id_row), "0791");
  g_assert_null (cd_new_claim_page_get_id_error (CD_NEW_CLAIM_PAGE (page)));
  gtk_editable_set_text (GTK_EDITABLE (id_row), "079190012345");
  g_assert_null (cd_new_claim_page_get_id_error (CD_NEW_CLAIM_PAGE (page)));
  g_assert_false (gtk_widget_has_css_class (id_row, "error"));

  /* Without a database nothing can be fetched, though the ID is whole and valid. */
  g_assert_false (page_can (page, "can-fetch"));
  g_assert_false (gui_test_action_enabled (page, "new-claim.fetch"));
  g_assert_false (page_can (page, "can-create"));
  g_assert_false (gui_test_action_enabled (page, "new-claim.create"));

  /* The page follows its context: an evidence address and someone signed in are not enough… */
  session = gui_test_sign_in (NULL, path, "cb01", CD_ROLE_OFFICER);
  cd_context_set_addresses (context, "http://127.0.0.1:9/", "http://127.0.0.1:9/");
  cd_context_set_session (context, session);
  g_assert_false (page_can (page, "can-fetch"));
  /* …until the writer opens, which may come after the page. */
  db = cd_database_open (path, &error);
  g_assert_no_error (error);
  cd_context_set_database (context, db);
  g_assert_true (page_can (page, "can-fetch"));
  g_assert_true (gui_test_action_enabled (page, "new-claim.fetch"));
  /* Nobody to ask as: no fetch. */
  cd_context_set_session (context, NULL);
  g_assert_false (page_can (page, "can-fetch"));

  gtk_window_destroy (GTK_WINDOW (window));
  gui_test_iterate ();
  g_clear_object (&db);
  test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_window_shows_the_page (void)
{
  g_autoptr(CdApplication) app = gui_test_registered_app ();
  g_autofree char *dir = test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "claims.db", NULL);
  CdWindow *window = cd_window_new (app);
  g_autoptr(CdSession) session = NULL;

  g_assert_null (cd_window_get_new_claim_page (window));
  gtk_window_present (GTK_WINDOW (window));
  /* Nobody signed in: no claim can be started. */
  g_assert_false (gui_test_activate_if_enabled (GTK_WIDGET (window), "win.new-claim", NULL));
  g_assert_null (cd_window_get_new_claim_page (window));
  session = gui_test_sign_in (app, path, "canbo", CD_ROLE_OFFICER);
  cd_context_set_db_path (cd_window_get_context (window), path);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-claim", NULL));
  gui_test_iterate ();
  g_assert_nonnull (cd_window_get_new_claim_page (window));
  g_assert_true (gtk_widget_get_mapped (cd_window_get_new_claim_page (window)));

  /* Back to a queue hides it. */
  cd_window_select_queue (window, "my-drafts");
  gui_test_iterate ();
  g_assert_false (gtk_widget_get_mapped (cd_window_get_new_claim_page (window)));
  gtk_window_destroy (GTK_WINDOW (window));
  gui_test_iterate ();
}

/* A seeded sickness claimant with a claim this year, up to today. */
static char *
sickness_claimant (CdDatabase *db)
{
  g_autoptr(CdStatement) stmt = NULL;
  char *id = NULL;

  stmt = cd_database_prepare (db, "SELECT p.personal_id FROM claims c JOIN persons p"
                              "  ON p.id = c.claimant_id"
                              "  WHERE c.benefit = 0 AND c.period_from >= '2026-01-01'"
                              "    AND c.period_to <= date ('now') ORDER BY c.id LIMIT 1", NULL);
  g_assert_nonnull (stmt);
  if (cd_statement_step (stmt, NULL) == CD_STEP_ROW)
    id = cd_statement_dup_text (stmt, 0);
  return id;
}

static gint64
query_int (CdDatabase *db,
           const char *sql,
           gint64      claim_id)
{
  g_autoptr(CdStatement) stmt = NULL;
  gint64 value = -1;

  stmt = cd_database_prepare (db, sql, NULL);
  g_assert_nonnull (stmt);
  cd_statement_bind_int64 (stmt, 1, claim_id);
  if (cd_statement_step (stmt, NULL) == CD_STEP_ROW)
    value = cd_statement_get_int64 (stmt, 0);
  return value;
}

static char *
query_text (CdDatabase *db,
            const char *sql,
            gint64      claim_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStatement) stmt = cd_database_prepare (db, sql, &error);
  char *value = NULL;

  g_assert_no_error (error);
  cd_statement_bind_int64 (stmt, 1, claim_id);
  if (cd_statement_step (stmt, &error) == CD_STEP_ROW)
    value = cd_statement_dup_text (stmt, 0);
  g_assert_no_error (error);
  return value;
}

static void
test_flow_against_the_gateway (void)
{
  const char *args[] = { "--world-seed", G_STRINGIFY (WORLD_SEED),
                         "--people", G_STRINGIFY (WORLD_PEOPLE), NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "claims.db", NULL);
  g_autoptr(CdDatabase) db = cd_database_open (path, &error);
  g_autoptr(CdGatewayProcess) gateway = NULL;
  g_autoptr(CdSession) session = NULL;
  g_autoptr(CdContext) context = NULL;
  g_autofree char *personal_id = NULL;
  GtkWidget *window;
  GtkWidget *page;
  GtkWidget *id_row;
  GtkWidget *leave_row;
  g_autofree char *original = NULL;
  gint64 total = -1;
  gint64 claim_id;
  int sickness = -1;
  guint create_notes = 0;

  g_assert_no_error (error);
  g_assert_true (cd_seed_run (db, WORLD_SEED, WORLD_PEOPLE, 200, NULL, NULL, &error));
  g_assert_no_error (error);
  personal_id = sickness_claimant (db);
  g_assert_nonnull (personal_id);

  gateway = cd_gateway_process_new (args);
  g_assert_true (cd_gateway_process_start_sync (gateway, NULL, &error));
  g_assert_no_error (error);

  session = gui_test_sign_in (NULL, path, "cb01", CD_ROLE_OFFICER);
  context = gui_test_writer_context (db, cd_gateway_process_get_base_url (gateway),
                                     gui_test_gateway_credential (gateway), session);
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 800);
  page = cd_new_claim_page_new (context);
  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));
  gui_test_iterate ();

  /* Type the ID and fetch: every source row finishes. Part of an ID cannot be fetched. */
  id_row = gui_test_find_widget (page, ADW_TYPE_ENTRY_ROW);
  gtk_editable_set_text (GTK_EDITABLE (id_row), "0791");
  g_assert_false (page_can (page, "can-fetch"));
  g_assert_false (gui_test_action_enabled (page, "new-claim.fetch"));
  gtk_editable_set_text (GTK_EDITABLE (id_row), personal_id);
  g_assert_null (cd_new_claim_page_get_id_error (CD_NEW_CLAIM_PAGE (page)));
  g_assert_true (page_can (page, "can-fetch"));
  g_assert_true (gui_test_action_enabled (page, "new-claim.fetch"));
  g_assert_true (gtk_widget_activate_action (page, "new-claim.fetch", NULL));
  /* Not twice at once. */
  g_assert_false (page_can (page, "can-fetch"));
  g_assert_false (gui_test_action_enabled (page, "new-claim.fetch"));
  wait_for (CD_NEW_CLAIM_PAGE (page), all_sources_done, "every source and the detected cases");
  g_assert_cmpuint (cd_new_claim_page_get_sources_failed (CD_NEW_CLAIM_PAGE (page)), ==, 0);

  /* Pick the detected sickness case: the form fills in and a total appears. */
  for (guint i = 0; i < cd_new_claim_page_get_n_cases (CD_NEW_CLAIM_PAGE (page)) && total <= 0; i++)
    {
      if (cd_new_claim_page_get_case_benefit (CD_NEW_CLAIM_PAGE (page), i) != CD_BENEFIT_SICKNESS)
        continue;
      sickness = (int) i;
      g_assert_true (gtk_widget_activate_action (page, "new-claim.select-case", "i", sickness));
      wait_for (CD_NEW_CLAIM_PAGE (page), has_total, "an evaluation");
      total = cd_new_claim_page_get_total (CD_NEW_CLAIM_PAGE (page));
    }
  g_assert_cmpint (sickness, >=, 0);
  g_assert_cmpint (total, >, 0);
  g_assert_true (page_can (page, "can-create"));
  g_assert_true (gui_test_action_enabled (page, "new-claim.create"));

  /* An impossible date is marked on its row with the reason, and no evaluation stands. */
  leave_row = find_named (page, "case.leave");
  g_assert_nonnull (leave_row);
  original = g_strdup (gtk_editable_get_text (GTK_EDITABLE (leave_row)));
  g_assert_true (cd_new_claim_page_set_field (CD_NEW_CLAIM_PAGE (page), "case.leave", "31/02/2026"));
  g_assert_true (gtk_widget_has_css_class (leave_row, "error"));
  g_assert_cmpint (cd_new_claim_page_get_total (CD_NEW_CLAIM_PAGE (page)), ==, -1);
  g_assert_false (page_can (page, "can-create"));
  g_assert_false (gui_test_action_enabled (page, "new-claim.create"));

  /* Putting the date back clears the mark and brings the same total back, evaluated live. */
  g_assert_true (cd_new_claim_page_set_field (CD_NEW_CLAIM_PAGE (page), "case.leave", original));
  g_assert_false (gtk_widget_has_css_class (leave_row, "error"));
  wait_for (CD_NEW_CLAIM_PAGE (page), has_total, "the evaluation again");
  g_assert_cmpint (cd_new_claim_page_get_total (CD_NEW_CLAIM_PAGE (page)), ==, total);

  /* A value the engine refuses marks the row its message names, and no total stands. */
  {
    GtkWidget *sex_row = find_named (page, "claimant.sex");

    g_assert_nonnull (sex_row);
    gtk_editable_set_text (GTK_EDITABLE (sex_row), "robot");
    g_assert_false (gtk_widget_has_css_class (sex_row, "error"));
    wait_for (CD_NEW_CLAIM_PAGE (page), row_has_error_class, "the engine to refuse the facts");
    g_assert_true (gtk_widget_has_css_class (sex_row, "error"));
    g_assert_cmpint (cd_new_claim_page_get_total (CD_NEW_CLAIM_PAGE (page)), ==, -1);
    gtk_editable_set_text (GTK_EDITABLE (sex_row), "female");
    wait_for (CD_NEW_CLAIM_PAGE (page), has_total, "the evaluation once more");
    g_assert_false (gtk_widget_has_css_class (sex_row, "error"));
  }

  /* Create: the claim is in the database, evaluated, with its evaluation. */
  g_assert_true (page_can (page, "can-create"));
  g_assert_true (gui_test_action_enabled (page, "new-claim.create"));
  g_signal_connect (page, "notify::can-create", G_CALLBACK (count_notify), &create_notes);
  g_assert_true (gtk_widget_activate_action (page, "new-claim.create", NULL));
  wait_for (CD_NEW_CLAIM_PAGE (page), has_claim, "the claim to be saved");
  claim_id = cd_new_claim_page_get_claim_id (CD_NEW_CLAIM_PAGE (page));
  g_assert_cmpint (query_int (db, "SELECT status FROM claims WHERE id = ?1", claim_id), ==,
                   CD_CLAIM_STATUS_EVALUATED);
  g_assert_cmpint (query_int (db, "SELECT amount FROM claims WHERE id = ?1", claim_id), ==, total);
  g_assert_cmpint (query_int (db, "SELECT benefit FROM claims WHERE id = ?1", claim_id), ==,
                   CD_BENEFIT_SICKNESS);
  g_assert_cmpint (query_int (db, "SELECT total FROM evaluations WHERE claim_id = ?1", claim_id), ==,
                   total);

  /* Saved once: the action is now disabled, and the page said so when it changed. */
  g_assert_false (page_can (page, "can-create"));
  g_assert_false (gui_test_action_enabled (page, "new-claim.create"));
  g_assert_cmpuint (create_notes, >, 0);

  if (g_getenv ("CLAIMDESK_SCREENSHOT_PAUSE") != NULL)
    {
      GtkScrolledWindow *scroller = GTK_SCROLLED_WINDOW (gui_test_find_widget (page, GTK_TYPE_SCROLLED_WINDOW));
      GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (scroller);
      gint64 until = g_get_monotonic_time () + 8 * G_TIME_SPAN_SECOND;

      /* Tall enough to show the form and the evaluation at once. */
      gtk_window_set_default_size (GTK_WINDOW (window), 1000, atoi (g_getenv ("CLAIMDESK_SCREENSHOT_PAUSE")));
      while (g_get_monotonic_time () < until)
        g_main_context_iteration (NULL, FALSE);
      g_assert_nonnull (adjustment);
    }

  gtk_window_destroy (GTK_WINDOW (window));
  gui_test_iterate ();
  g_clear_object (&gateway);
  g_clear_object (&db);
  test_tmpdir_free (g_steal_pointer (&dir));
}

/* The button bound to `action`: its sensitivity is the action's enabled state. */
static GtkWidget *
find_action_button (GtkWidget  *root,
                    const char *action)
{
  if (GTK_IS_BUTTON (root)
      && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (root)), action) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_action_button (child, action);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Nobody signed in, or a locked session: the page cannot create. Signed in: the claim is opened,
 * its evidence marked complete and its evaluation recorded through the workflow, each change
 * audited as the officer, and `claimdesk-cli verify-audit` finds the chain intact. The claim is
 * received on the context's day, and numbered by its clock. */
static void
test_created_through_the_workflow (void)
{
  const char *args[] = { "--world-seed", G_STRINGIFY (WORLD_SEED),
                         "--people", G_STRINGIFY (WORLD_PEOPLE), NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "claims.db", NULL);
  g_autoptr(CdDatabase) db = cd_database_open (path, &error);
  g_autoptr(CdGatewayProcess) gateway = NULL;
  g_autoptr(CdSession) session = NULL;
  g_autoptr(CdContext) context = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) just_after_midnight = NULL;
  g_autoptr(CdClock) clock = NULL;
  g_autofree char *personal_id = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *number_prefix = NULL;
  GtkWidget *window;
  GtkWidget *page;
  GtkWidget *create;
  gint64 claim_id;
  guint i;

  g_assert_no_error (error);
  g_assert_true (cd_seed_run (db, WORLD_SEED, WORLD_PEOPLE, 200, NULL, NULL, &error));
  g_assert_no_error (error);
  personal_id = sickness_claimant (db);
  g_assert_nonnull (personal_id);
  gateway = cd_gateway_process_new (args);
  g_assert_true (cd_gateway_process_start_sync (gateway, NULL, &error));
  g_assert_no_error (error);

  /* Today, at a moment the system clock would not give while the test runs. */
  just_after_midnight = g_date_time_new_local (g_date_time_get_year (now),
                                               g_date_time_get_month (now),
                                               g_date_time_get_day_of_month (now), 0, 0, 1);
  clock = cd_clock_new_fixed (just_after_midnight);
  number_prefix = g_date_time_format (just_after_midnight, "NC-%Y%m%d%H%M%S-");
  session = gui_test_sign_in (NULL, path, "cb01", CD_ROLE_OFFICER);
  context = gui_test_writer_context (db, cd_gateway_process_get_base_url (gateway),
                                     gui_test_gateway_credential (gateway), session);
  cd_context_set_clock (context, clock);

  window = gtk_window_new ();
  page = cd_new_claim_page_new (context);
  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));
  create = find_action_button (page, "new-claim.create");
  g_assert_nonnull (create);

  /* The sickness case, evaluated: everything Create needs. */
  gtk_editable_set_text (GTK_EDITABLE (gui_test_find_widget (page, ADW_TYPE_ENTRY_ROW)),
                         personal_id);
  g_assert_true (gtk_widget_activate_action (page, "new-claim.fetch", NULL));
  wait_for (CD_NEW_CLAIM_PAGE (page), all_sources_done, "every source and the detected cases");
  for (i = 0; i < cd_new_claim_page_get_n_cases (CD_NEW_CLAIM_PAGE (page)); i++)
    if (cd_new_claim_page_get_case_benefit (CD_NEW_CLAIM_PAGE (page), i) == CD_BENEFIT_SICKNESS)
      break;
  g_assert_cmpuint (i, <, cd_new_claim_page_get_n_cases (CD_NEW_CLAIM_PAGE (page)));
  g_assert_true (gtk_widget_activate_action (page, "new-claim.select-case", "i", (int) i));
  wait_for (CD_NEW_CLAIM_PAGE (page), has_total, "an evaluation");
  gui_test_iterate ();
  g_assert_true (gtk_widget_get_sensitive (create));

  /* Signed out: nobody to open the claim. Signed in again: the page follows the context. */
  cd_context_set_session (context, NULL);
  gui_test_iterate ();
  g_assert_false (gtk_widget_get_sensitive (create));
  cd_context_set_session (context, session);
  gui_test_iterate ();
  g_assert_true (gtk_widget_get_sensitive (create));
  cd_session_lock (session);
  gui_test_iterate ();
  g_assert_false (gtk_widget_get_sensitive (create));
  g_assert_true (cd_session_unlock (session, db, CD_DEMO_PASSWORD, &error));
  g_assert_no_error (error);
  gui_test_iterate ();
  g_assert_true (gtk_widget_get_sensitive (create));

  g_assert_true (gtk_widget_activate_action (page, "new-claim.create", NULL));
  wait_for (CD_NEW_CLAIM_PAGE (page), has_claim, "the claim to be saved");
  claim_id = cd_new_claim_page_get_claim_id (CD_NEW_CLAIM_PAGE (page));
  g_assert_cmpint (query_int (db, "SELECT status FROM claims WHERE id = ?1", claim_id), ==,
                   CD_CLAIM_STATUS_EVALUATED);
  g_assert_cmpint (query_int (db, "SELECT officer_id FROM claims WHERE id = ?1", claim_id), ==,
                   cd_session_get_user_id (session));
  g_assert_cmpint (query_int (db, "SELECT received_on FROM claims WHERE id = ?1", claim_id), ==,
                   cd_date_to_yyyymmdd (cd_clock_get_today (clock)));
  {
    g_autofree char *number = query_text (db, "SELECT number FROM claims WHERE id = ?1", claim_id);

    g_assert_true (g_str_has_prefix (number, number_prefix));
  }

  /* Its audit entries, in order, each by the signed-in officer. */
  {
    static const char * const expected[] = { "open", "complete_evidence", "evaluate" };
    g_autoptr(CdStatement) stmt = NULL;
    guint n = 0;

    stmt = cd_database_prepare (db, "SELECT action, user_id FROM audit_log"
                                " WHERE entity = 'claim' AND entity_id = ?1 ORDER BY seq", NULL);
    g_assert_nonnull (stmt);
    cd_statement_bind_int64 (stmt, 1, claim_id);
    while (cd_statement_step (stmt, NULL) == CD_STEP_ROW)
      {
        g_assert_cmpuint (n, <, G_N_ELEMENTS (expected));
        g_assert_cmpstr (cd_statement_get_text (stmt, 0), ==, expected[n]);
        g_assert_cmpint (cd_statement_get_int64 (stmt, 1), ==, cd_session_get_user_id (session));
        n++;
      }
    g_assert_cmpuint (n, ==, G_N_ELEMENTS (expected));
  }

  /* The whole chain, the new entries included, checks out. */
  {
    const char *argv[] = { g_getenv ("CLAIMDESK_CLI"), "verify-audit", "--db", path, NULL };
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    g_assert_cmpint (test_run (argv, &out, &err), ==, 0);
    g_assert_true (g_str_has_prefix (out, "Audit log intact: "));
  }

  gtk_window_destroy (GTK_WINDOW (window));
  gui_test_iterate ();
  g_clear_object (&gateway);
  g_clear_object (&db);
  test_tmpdir_free (g_steal_pointer (&dir));
}

/* Sources that fail show why, with a Retry; retrying once they answer brings the evidence, and
 * the cross-check findings. */
static void
test_failed_sources_retry (void)
{
  const char *args[] = { "--world-seed", G_STRINGIFY (WORLD_SEED),
                         "--people", G_STRINGIFY (WORLD_PEOPLE), "--mismatch-rate", "1", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "claims.db", NULL);
  g_autoptr(CdDatabase) db = cd_database_open (path, &error);
  g_autoptr(CdGatewayProcess) gateway = NULL;
  g_autoptr(GPtrArray) retries = g_ptr_array_new ();
  g_autoptr(CdSession) session = NULL;
  g_autoptr(CdContext) context = NULL;
  g_autofree char *personal_id = NULL;
  GtkWidget *window;
  GtkWidget *page;

  g_assert_no_error (error);
  g_assert_true (cd_seed_run (db, WORLD_SEED, WORLD_PEOPLE, 200, NULL, NULL, &error));
  personal_id = sickness_claimant (db);
  gateway = cd_gateway_process_new (args);
  g_assert_true (cd_gateway_process_start_sync (gateway, NULL, &error));
  g_assert_no_error (error);
  session = gui_test_sign_in (NULL, path, "cb01", CD_ROLE_OFFICER);
  context = gui_test_writer_context (db, cd_gateway_process_get_base_url (gateway),
                                     gui_test_gateway_credential (gateway), session);
  /* Enrolled while the line was good; now every system fails. */
  control_post (gateway, "{\"error-rate\": 1}");

  window = gtk_window_new ();
  page = cd_new_claim_page_new (context);
  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));
  gtk_editable_set_text (GTK_EDITABLE (gui_test_find_widget (page, ADW_TYPE_ENTRY_ROW)), personal_id);
  g_assert_true (gtk_widget_activate_action (page, "new-claim.fetch", NULL));
  wait_for (CD_NEW_CLAIM_PAGE (page), fetch_finished, "every source to fail");
  g_assert_cmpuint (cd_new_claim_page_get_sources_failed (CD_NEW_CLAIM_PAGE (page)), ==, 10);
  g_assert_cmpuint (cd_new_claim_page_get_n_cases (CD_NEW_CLAIM_PAGE (page)), ==, 0);
  collect_retry_buttons (page, retries);
  g_assert_cmpuint (retries->len, ==, 10);

  /* The systems come back: one row's Retry asks that source alone. */
  control_post (gateway, "{\"error-rate\": 0}");
  g_signal_emit_by_name (g_ptr_array_index (retries, 3), "clicked");
  g_assert_true (cd_new_claim_page_get_busy (CD_NEW_CLAIM_PAGE (page)));
  g_assert_cmpuint (cd_new_claim_page_get_sources_done (CD_NEW_CLAIM_PAGE (page)), ==, 9);
  wait_for (CD_NEW_CLAIM_PAGE (page), fetch_finished, "the one source asked again");
  g_assert_cmpuint (cd_new_claim_page_get_sources_failed (CD_NEW_CLAIM_PAGE (page)), ==, 9);

  /* Fetch asks them all again: every row finishes well. */
  g_assert_true (gtk_widget_activate_action (page, "new-claim.fetch", NULL));
  wait_for (CD_NEW_CLAIM_PAGE (page), all_sources_done, "the sources after the retry");
  wait_for (CD_NEW_CLAIM_PAGE (page), fetch_finished, "the evidence to be stored");
  g_assert_cmpuint (cd_new_claim_page_get_sources_failed (CD_NEW_CLAIM_PAGE (page)), ==, 0);
  g_assert_cmpuint (cd_new_claim_page_get_n_cases (CD_NEW_CLAIM_PAGE (page)), >, 0);

  /* The medical records spell the name differently (planted): the cross-checks say so. */
  g_assert_cmpuint (cd_new_claim_page_get_n_findings (CD_NEW_CLAIM_PAGE (page)), >, 0);

  gtk_window_destroy (GTK_WINDOW (window));
  gui_test_iterate ();
  g_clear_object (&gateway);
  g_clear_object (&db);
  test_tmpdir_free (g_steal_pointer (&dir));
}

/* The first widget under root that shows `tooltip`, or NULL. */
static GtkWidget *
find_tooltip (GtkWidget  *root,
              const char *tooltip)
{
  if (g_strcmp0 (gtk_widget_get_tooltip_text (root), tooltip) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_tooltip (child, tooltip);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The first label under root with the style class, or NULL. */
static GtkWidget *
find_label_with_class (GtkWidget  *root,
                       const char *css_class)
{
  if (GTK_IS_LABEL (root) && gtk_widget_has_css_class (root, css_class))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label_with_class (child, css_class);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* What a USB barcode scanner does with a card's QR code: types it into the focused field a key at
 * a time (over the text selected, as keys do), then Enter. */
static void
scan_into (GtkWidget  *id_row,
           const char *payload)
{
  GtkWidget *text = gui_test_find_widget (id_row, GTK_TYPE_TEXT);

  g_assert_nonnull (text);
  g_assert_true (gtk_widget_grab_focus (text));
  gtk_editable_delete_selection (GTK_EDITABLE (id_row));
  for (const char *p = payload; *p != '\0'; p = g_utf8_next_char (p))
    {
      int position = (int) g_utf8_strlen (gtk_editable_get_text (GTK_EDITABLE (id_row)), -1);

      if (*p == '\r' || *p == '\n')
        break;
      gtk_editable_insert_text (GTK_EDITABLE (id_row), p, (int) (g_utf8_next_char (p) - p),
                                &position);
      gtk_editable_set_position (GTK_EDITABLE (id_row), position);
    }
  /* Enter: the row's text says it was activated, as it does for the key. */
  g_signal_emit_by_name (text, "activate");
}

/* The first action row under root whose subtitle is `subtitle` (a finding's code), or NULL. */
static GtkWidget *
find_row_with_subtitle (GtkWidget  *root,
                        const char *subtitle)
{
  if (ADW_IS_ACTION_ROW (root)
      && g_strcmp0 (adw_action_row_get_subtitle (ADW_ACTION_ROW (root)), subtitle) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_row_with_subtitle (child, subtitle);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The first visible label under root whose text contains `part`, or NULL. */
static GtkWidget *
find_visible_label (GtkWidget  *root,
                    const char *part)
{
  if (!gtk_widget_get_visible (root))
    return NULL;
  if (GTK_IS_LABEL (root) && strstr (gtk_label_get_text (GTK_LABEL (root)), part) != NULL)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_visible_label (child, part);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A card's QR code scanned into the ID field: one that is not a card's says why under the field
 * and fetches nothing; a card's puts its ID in the field and is fetched at once, and a name that
 * is not the population register's is a finding on the page. */
static void
test_card_qr_scan (void)
{
  const char *args[] = { "--world-seed", G_STRINGIFY (WORLD_SEED),
                         "--people", G_STRINGIFY (WORLD_PEOPLE), NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "claims.db", NULL);
  g_autoptr(CdDatabase) db = cd_database_open (path, &error);
  g_autoptr(CdGatewayProcess) gateway = NULL;
  g_autoptr(CdSession) session = NULL;
  g_autoptr(CdContext) context = NULL;
  g_autofree char *personal_id = NULL;
  g_autofree char *bad = NULL;
  g_autofree char *good = NULL;
  CdWorld *world = cd_world_new (WORLD_SEED, WORLD_PEOPLE);
  CdWorldPerson person;
  guint32 index;
  guint role;
  GtkWidget *window;
  GtkWidget *page;
  GtkWidget *id_row;
  GtkWidget *id_error;
  GtkWidget *finding;
  const char *message;
  int start, end;

  g_assert_no_error (error);
  g_assert_true (cd_seed_run (db, WORLD_SEED, WORLD_PEOPLE, 200, NULL, NULL, &error));
  g_assert_no_error (error);
  personal_id = sickness_claimant (db);
  g_assert_nonnull (personal_id);
  g_assert_true (cd_world_lookup_personal_id (world, personal_id, &index, &role));
  g_assert_true (cd_world_get_person (world, index, role, &person));
  cd_world_free (world);
  gateway = cd_gateway_process_new (args);
  g_assert_true (cd_gateway_process_start_sync (gateway, NULL, &error));
  g_assert_no_error (error);

  session = gui_test_sign_in (NULL, path, "cb01", CD_ROLE_OFFICER);
  context = gui_test_writer_context (db, cd_gateway_process_get_base_url (gateway),
                                     gui_test_gateway_credential (gateway), session);
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 800);
  page = cd_new_claim_page_new (context);
  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));
  gui_test_iterate ();
  id_row = gui_test_find_widget (page, ADW_TYPE_ENTRY_ROW);

  /* A birth date that is no day: the reason under the field, and nothing fetched. */
  bad = g_strdup_printf ("%s||%s|31021990|Nam|%s|15082021\r\n", person.personal_id,
                         person.full_name, person.address);
  scan_into (id_row, bad);
  message = cd_new_claim_page_get_id_error (CD_NEW_CLAIM_PAGE (page));
  g_assert_cmpstr (message, ==,
                   "The card's QR code has a birth date “31021990” that is not a date");
  g_assert_true (gtk_widget_has_css_class (id_row, "error"));
  id_error = find_label_with_class (page, "error");
  g_assert_nonnull (id_error);
  g_assert_true (gtk_widget_get_visible (id_error));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (id_error)), ==, message);
  g_assert_false (cd_new_claim_page_get_busy (CD_NEW_CLAIM_PAGE (page)));
  g_assert_cmpuint (cd_new_claim_page_get_sources_done (CD_NEW_CLAIM_PAGE (page)), ==, 0);
  g_assert_false (page_can (page, "can-fetch"));
  /* The scan stays selected, so that the next one replaces it. */
  g_assert_true (gtk_editable_get_selection_bounds (GTK_EDITABLE (id_row), &start, &end));
  g_assert_cmpint (start, ==, 0);
  g_assert_cmpint (end, ==, g_utf8_strlen (gtk_editable_get_text (GTK_EDITABLE (id_row)), -1));

  /* A code with too few fields (the scanner stopped early): said so, with the code read. */
  scan_into (id_row, "001090012345|123456789|Nguyễn Văn An\r\n");
  message = cd_new_claim_page_get_id_error (CD_NEW_CLAIM_PAGE (page));
  g_assert_nonnull (message);
  g_assert_true (g_str_has_prefix (message, "The card's QR code should have 7 fields separated by "
                                            "“|”, but has 3"));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (id_error)), ==, message);
  g_assert_false (cd_new_claim_page_get_busy (CD_NEW_CLAIM_PAGE (page)));

  /* The card of the claimant, bearing another name: the field shows the ID, the fetch runs. */
  good = g_strdup_printf ("%s||Người Khác|%.2s%.2s%.4s|%s|%s|15082021\r\n", person.personal_id,
                          person.birth_date + 8, person.birth_date + 5, person.birth_date,
                          person.female ? "Nữ" : "Nam", person.address);
  scan_into (id_row, good);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (id_row)), ==, personal_id);
  g_assert_null (cd_new_claim_page_get_id_error (CD_NEW_CLAIM_PAGE (page)));
  g_assert_false (gtk_widget_has_css_class (id_row, "error"));
  g_assert_true (cd_new_claim_page_get_busy (CD_NEW_CLAIM_PAGE (page)));
  /* Under the field, whose card was read. */
  g_assert_nonnull (find_visible_label (page, "Read from the citizen card of Người Khác"));
  /* Scanned again while the fetch runs: nothing more is fetched, but the field holds the card's
   * ID, not the code, and the card is kept for the next Fetch. */
  scan_into (id_row, good);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (id_row)), ==, personal_id);
  g_assert_null (cd_new_claim_page_get_id_error (CD_NEW_CLAIM_PAGE (page)));
  g_assert_nonnull (find_visible_label (page, "Read from the citizen card of Người Khác"));
  wait_for (CD_NEW_CLAIM_PAGE (page), fetch_finished, "the evidence of the card's holder");
  g_assert_cmpuint (cd_new_claim_page_get_sources_failed (CD_NEW_CLAIM_PAGE (page)), ==, 0);
  finding = find_row_with_subtitle (page, "card.identity_mismatch");
  g_assert_nonnull (finding);
  g_assert_true (gtk_widget_is_visible (finding));
  g_assert_nonnull (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (finding)),
                            "Người Khác"));
  g_assert_nonnull (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (finding)),
                            person.full_name));

  /* Fetched again as it stands, the card is checked again. */
  g_assert_true (gtk_widget_activate_action (page, "new-claim.fetch", NULL));
  wait_for (CD_NEW_CLAIM_PAGE (page), fetch_finished, "the evidence again");
  g_assert_nonnull (find_row_with_subtitle (page, "card.identity_mismatch"));

  /* The ID typed by hand is no longer the card's: its fetch checks no card. */
  gtk_editable_set_text (GTK_EDITABLE (id_row), "");
  gtk_editable_set_text (GTK_EDITABLE (id_row), personal_id);
  g_assert_null (find_visible_label (page, "Read from the citizen card"));
  g_assert_true (gtk_widget_activate_action (page, "new-claim.fetch", NULL));
  wait_for (CD_NEW_CLAIM_PAGE (page), fetch_finished, "the evidence for the ID typed");
  g_assert_null (find_row_with_subtitle (page, "card.identity_mismatch"));

  gtk_window_destroy (GTK_WINDOW (window));
  gui_test_iterate ();
  g_clear_object (&gateway);
  g_clear_object (&db);
  test_tmpdir_free (g_steal_pointer (&dir));
}

/* A source row works, fails with its reason and a Retry for its own source, works again, answers
 * with its time, and shows its signature. */
static void
test_source_row (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *list = gtk_list_box_new ();
  CdSourceRow *row = CD_SOURCE_ROW (cd_source_row_new (CD_EVIDENCE_CENTRAL_PERSON));
  CdEvidenceResponse response = { .source = CD_EVIDENCE_CENTRAL_PERSON };
  GtkWidget *retry = gui_test_find_actionable (GTK_WIDGET (row), "new-claim.retry-source");
  GVariant *target;
  GtkWidget *badge;

  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (row));
  gtk_window_set_child (GTK_WINDOW (window), list);
  gtk_window_present (GTK_WINDOW (window));
  gui_test_iterate ();

  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                   cd_evidence_source_get_system (CD_EVIDENCE_CENTRAL_PERSON));
  g_assert_false (cd_source_row_get_done (row));
  g_assert_nonnull (retry);
  g_assert_false (gtk_widget_get_visible (retry));
  target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (retry));
  g_assert_cmpint (g_variant_get_int32 (target), ==, CD_EVIDENCE_CENTRAL_PERSON);

  response.error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "central timed out");
  cd_source_row_set_response (row, &response);
  g_assert_true (cd_source_row_get_done (row));
  g_assert_true (cd_source_row_get_failed (row));
  g_assert_true (gtk_widget_get_visible (retry));
  g_assert_nonnull (find_label_with_class (GTK_WIDGET (row), "error"));
  g_clear_error (&response.error);

  cd_source_row_set_working (row);
  g_assert_false (cd_source_row_get_done (row));
  g_assert_false (cd_source_row_get_failed (row));
  g_assert_false (gtk_widget_get_visible (retry));
  g_assert_null (find_label_with_class (GTK_WIDGET (row), "error"));

  response.elapsed_us = 1234 * 1000;
  cd_source_row_set_response (row, &response);
  g_assert_true (cd_source_row_get_done (row));
  g_assert_false (cd_source_row_get_failed (row));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (find_label_with_class (GTK_WIDGET (row),
                                                                         "numeric"))),
                   ==, "Done in 1234 ms");
  cd_source_row_set_signature (row, "valid", "CN=BHXH");
  badge = find_tooltip (GTK_WIDGET (row), "CN=BHXH");
  g_assert_nonnull (badge);
  g_assert_true (gtk_widget_get_visible (badge));
  g_assert_true (gtk_widget_has_css_class (badge, "success"));
  cd_source_row_set_signature (row, "invalid", NULL);
  g_assert_true (gtk_widget_has_css_class (badge, "error"));
  g_assert_false (gtk_widget_has_css_class (badge, "success"));
  cd_source_row_set_signature (row, "not_applicable", NULL);
  g_assert_false (gtk_widget_get_visible (badge));

  gtk_window_destroy (GTK_WINDOW (window));
  gui_test_iterate ();
}

static void
count_signal (guint *count)
{
  (*count)++;
}

static CdFactsDraft *
sickness_draft (void)
{
  static const char facts[] =
    "{\"format\": \"claimdesk-facts-1\", \"benefit\": \"sickness\","
    " \"claimant\": {\"sex\": \"female\", \"insured\": true, \"si_years\": 3},"
    " \"case\": {\"leave\": [{\"from\": \"2026-03-02\", \"to\": \"2026-03-06\"}],"
    " \"cause\": \"illness\"}}";
  CdFactsDraft *draft = g_new0 (CdFactsDraft, 1);
  g_autoptr(GError) error = NULL;

  draft->facts = json_from_string (facts, &error);
  g_assert_no_error (error);
  draft->sources = g_ptr_array_new ();
  draft->missing = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (draft->missing, g_strdup ("case.cause"));
  return draft;
}

static const char *
first_leave_from (JsonNode *facts)
{
  JsonArray *leave = json_node_get_array (cd_facts_json_get (facts, "case.leave"));

  return json_object_get_string_member (json_array_get_object_element (leave, 0), "from");
}

/* The form shows the benefit's facts, dates as the officer writes them; a row that does not read
 * is marked and keeps the last good value out of the facts; a refusal marks the row it names. */
static void
test_fact_form (void)
{
  static const char missing[] = "No document gives this; please confirm";
  GtkWidget *window = gtk_window_new ();
  CdFactForm *form = CD_FACT_FORM (cd_fact_form_new ());
  GtkWidget *from_row;
  GtkWidget *to_row;
  GtkWidget *sex_row;
  GtkWidget *toggle;
  JsonNode *facts;
  guint changes = 0;

  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (form));
  gtk_window_present (GTK_WINDOW (window));
  g_signal_connect_swapped (form, "changed", G_CALLBACK (count_signal), &changes);
  cd_fact_form_set_draft (form, CD_BENEFIT_SICKNESS, sickness_draft ());
  gui_test_iterate ();
  facts = cd_fact_form_get_facts (form);
  g_assert_nonnull (facts);
  g_assert_cmpuint (changes, ==, 0);
  g_assert_true (cd_fact_form_get_valid (form));

  from_row = gui_test_find_entry_row (GTK_WIDGET (form), "Leave from");
  to_row = gui_test_find_entry_row (GTK_WIDGET (form), "Leave to");
  sex_row = find_named (GTK_WIDGET (form), "claimant.sex");
  g_assert_nonnull (from_row);
  g_assert_nonnull (to_row);
  g_assert_true (find_named (GTK_WIDGET (form), "case.leave") == from_row);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (from_row)), ==, "02/03/2026");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (sex_row)), ==, "female");
  /* What no document gives is marked for the officer to confirm. */
  g_assert_nonnull (find_tooltip (find_named (GTK_WIDGET (form), "case.cause"), missing));
  g_assert_null (find_tooltip (sex_row, missing));

  /* A day that does not exist: marked, and the facts keep the last good day. */
  g_assert_true (cd_fact_form_set_text (form, "case.leave", "31/02/2026"));
  g_assert_cmpuint (changes, >, 0);
  g_assert_false (cd_fact_form_get_valid (form));
  g_assert_true (gtk_widget_has_css_class (from_row, "error"));
  g_assert_cmpstr (first_leave_from (facts), ==, "2026-03-02");
  g_assert_true (cd_fact_form_set_text (form, "case.leave", "2026-03-05"));
  g_assert_true (cd_fact_form_get_valid (form));
  g_assert_false (gtk_widget_has_css_class (from_row, "error"));
  g_assert_cmpstr (first_leave_from (facts), ==, "2026-03-05");

  /* Whole numbers and yes/no facts go into the facts as such. */
  g_assert_true (cd_fact_form_set_text (form, "claimant.si_years", "three"));
  g_assert_false (cd_fact_form_get_valid (form));
  g_assert_true (cd_fact_form_set_text (form, "claimant.si_years", "4"));
  g_assert_cmpint (json_node_get_int (cd_facts_json_get (facts, "claimant.si_years")), ==, 4);
  toggle = gui_test_find_widget (find_named (GTK_WIDGET (form), "claimant.insured"),
                                 GTK_TYPE_SWITCH);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (toggle)));
  gtk_switch_set_active (GTK_SWITCH (toggle), FALSE);
  g_assert_false (json_node_get_boolean (cd_facts_json_get (facts, "claimant.insured")));
  g_assert_false (cd_fact_form_set_text (form, "claimant.insured", "no"));
  g_assert_false (cd_fact_form_set_text (form, "case.nothing", "1"));

  /* The engine's refusal names the fact: that row, and not one whose path only starts alike. */
  g_assert_true (cd_fact_form_mark_refusal (form, "case.leave[0].to: 2026-03-01 is before from"));
  g_assert_true (gtk_widget_has_css_class (to_row, "error"));
  g_assert_false (gtk_widget_has_css_class (from_row, "error"));
  g_assert_true (cd_fact_form_get_valid (form));
  g_assert_false (cd_fact_form_mark_refusal (form, "claimant.sex_at_birth: missing"));
  g_assert_true (cd_fact_form_mark_refusal (form, "claimant.sex: “robot” is not one of female"));
  g_assert_true (gtk_widget_has_css_class (sex_row, "error"));
  cd_fact_form_clear_refusals (form);
  g_assert_false (gtk_widget_has_css_class (to_row, "error"));
  g_assert_false (gtk_widget_has_css_class (sex_row, "error"));

  cd_fact_form_clear (form);
  g_assert_null (cd_fact_form_get_facts (form));
  g_assert_null (find_named (GTK_WIDGET (form), "claimant.sex"));
  gtk_window_destroy (GTK_WINDOW (window));
  gui_test_iterate ();
}

/* The evaluation: the total first, then a row per line, reason and document; or why not. */
static void
test_evaluation_view (void)
{
  static const char result[] =
    "{\"total\": 1406250, \"eligible\": true,"
    " \"lines\": [{\"code\": \"sickness.standard\", \"amount\": 1406250,"
    " \"from\": \"2026-03-02\", \"to\": \"2026-03-06\", \"citation\": \"L41 Art 45\"}],"
    " \"reasons\": [{\"code\": \"r\", \"message_en\": \"A reason & more\","
    " \"message_vi\": \"Lý do\"}],"
    " \"required_documents\": [{\"kind\": \"leave_certificate\", \"present\": true},"
    " {\"kind\": \"discharge_paper\", \"present\": false}]}";
  GtkWidget *window = gtk_window_new ();
  CdEvaluationView *view = CD_EVALUATION_VIEW (cd_evaluation_view_new ());
  g_autoptr(JsonNode) node = json_from_string (result, NULL);
  g_autofree char *total = cd_format_money_vnd (1406250);
  GtkListBoxRow *first;

  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_nonnull (node);
  cd_evaluation_view_set_result (view, node);
  gui_test_iterate ();
  g_assert_cmpuint (cd_evaluation_view_get_n_rows (view), ==, 5);
  first = GTK_LIST_BOX_ROW (gui_test_find_widget (GTK_WIDGET (view), ADW_TYPE_ACTION_ROW));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (first)), ==, "Total");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (find_label_with_class (GTK_WIDGET (first),
                                                                         "numeric"))), ==, total);

  cd_evaluation_view_set_error (view, "claimant.sex: missing");
  g_assert_cmpuint (cd_evaluation_view_get_n_rows (view), ==, 1);
  cd_evaluation_view_clear (view);
  g_assert_cmpuint (cd_evaluation_view_get_n_rows (view), ==, 0);
  gtk_window_destroy (GTK_WINDOW (window));
  gui_test_iterate ();
}

/* Every source fails and no case can be proposed: the page offers Record Paper Document; the
 * paper leave certificate saved there is read with the stored evidence, and proposes the case. */
static void
test_paper_when_sources_fail (void)
{
  const char *args[] = { "--world-seed", G_STRINGIFY (WORLD_SEED),
                         "--people", G_STRINGIFY (WORLD_PEOPLE), NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "claims.db", NULL);
  g_autoptr(CdDatabase) db = cd_database_open (path, &error);
  g_autoptr(CdGatewayProcess) gateway = NULL;
  g_autoptr(CdSession) session = NULL;
  g_autoptr(CdContext) context = NULL;
  GListModel *toplevels;  /* transfer none: GTK's own list */
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) start = g_date_time_add_days (now, -10);
  g_autoptr(GDateTime) end = g_date_time_add_days (now, -8);
  g_autofree char *from = g_date_time_format (start, "%d/%m/%Y");
  g_autofree char *to = g_date_time_format (end, "%Y-%m-%d");
  g_autofree char *personal_id = NULL;
  CdPaperDocumentDialog *dialog = NULL;
  GtkWidget *window;
  GtkWidget *page;
  static const char * const fields[] = { "SO_SERI", "SO_CT", "MA_CSKCB", "SO_NGAY_NGHI" };
  static const char * const values[] = { "GIAY-001", "7", "79001", "3" };

  g_assert_no_error (error);
  g_assert_true (cd_seed_run (db, WORLD_SEED, WORLD_PEOPLE, 200, NULL, NULL, &error));
  personal_id = sickness_claimant (db);
  gateway = cd_gateway_process_new (args);
  g_assert_true (cd_gateway_process_start_sync (gateway, NULL, &error));
  g_assert_no_error (error);
  session = gui_test_sign_in (NULL, path, "cb01", CD_ROLE_OFFICER);
  context = gui_test_writer_context (db, cd_gateway_process_get_base_url (gateway),
                                     gui_test_gateway_credential (gateway), session);
  control_post (gateway, "{\"error-rate\": 1}");

  window = gtk_window_new ();
  page = cd_new_claim_page_new (context);
  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));
  gtk_editable_set_text (GTK_EDITABLE (gui_test_find_widget (page, ADW_TYPE_ENTRY_ROW)),
                         personal_id);
  /* Nothing fetched yet: nothing to stand in for. */
  g_assert_false (gui_test_action_enabled (page, "new-claim.record-paper"));
  g_assert_true (gtk_widget_activate_action (page, "new-claim.fetch", NULL));
  wait_for (CD_NEW_CLAIM_PAGE (page), fetch_finished, "every source to fail");
  g_assert_cmpuint (cd_new_claim_page_get_n_cases (CD_NEW_CLAIM_PAGE (page)), ==, 0);

  g_assert_true (gui_test_activate_if_enabled (page, "new-claim.record-paper", NULL));
  gui_test_iterate ();
  toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (toplevels, i);

      if (CD_IS_PAPER_DOCUMENT_DIALOG (item))
        dialog = CD_PAPER_DOCUMENT_DIALOG (item);
    }
  g_assert_nonnull (dialog);
  g_assert_cmpstr (cd_paper_document_dialog_get_kind (dialog), ==, "leave_certificate");
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    gtk_editable_set_text (GTK_EDITABLE (cd_paper_document_dialog_get_field_row (dialog,
                                                                                 fields[i])),
                           values[i]);
  gtk_editable_set_text (GTK_EDITABLE (cd_paper_document_dialog_get_field_row (dialog, "TU_NGAY")),
                         from);
  gtk_editable_set_text (GTK_EDITABLE (cd_paper_document_dialog_get_field_row (dialog, "DEN_NGAY")),
                         to);
  g_signal_connect_swapped (dialog, "saved", G_CALLBACK (g_nullify_pointer), &dialog);
  g_assert_true (gui_test_activate_if_enabled (GTK_WIDGET (dialog), "paper.save", NULL));
  while (dialog != NULL)
    g_main_context_iteration (NULL, TRUE);

  /* Saved, the failed sources are asked again and the stored evidence read anew. */
  g_assert_true (cd_new_claim_page_get_busy (CD_NEW_CLAIM_PAGE (page)));
  wait_for (CD_NEW_CLAIM_PAGE (page), fetch_finished, "the evidence read again");
  gui_test_iterate ();
  g_assert_cmpuint (cd_new_claim_page_get_n_cases (CD_NEW_CLAIM_PAGE (page)), >, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM documents WHERE source_system = 'manual'"
                                  " AND paper_state = 'unverified' AND ?1 = ?1", 0), ==, 1);

  gtk_window_destroy (GTK_WINDOW (window));
  gui_test_iterate ();
  g_clear_object (&gateway);
  g_clear_object (&db);
  test_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int    argc,
      char **argv)
{
  gui_test_init (&argc, &argv);

  g_test_add_func ("/gui/new-claim/builds-and-checks-the-id", test_builds_and_checks_the_id);
  g_test_add_func ("/gui/new-claim/source-row", test_source_row);
  g_test_add_func ("/gui/new-claim/fact-form", test_fact_form);
  g_test_add_func ("/gui/new-claim/evaluation-view", test_evaluation_view);
  g_test_add_func ("/gui/new-claim/window-shows-the-page", test_window_shows_the_page);
  g_test_add_func ("/gui/new-claim/flow-against-the-gateway", test_flow_against_the_gateway);
  g_test_add_func ("/gui/new-claim/failed-sources-retry", test_failed_sources_retry);
  g_test_add_func ("/gui/new-claim/card-qr-scan", test_card_qr_scan);
  g_test_add_func ("/gui/new-claim/paper-when-sources-fail", test_paper_when_sources_fail);
  g_test_add_func ("/gui/new-claim/created-through-the-workflow",
                   test_created_through_the_workflow);

  return g_test_run ();
}
