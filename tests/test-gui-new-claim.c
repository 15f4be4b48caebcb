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
#include "cd-gateway-process.h"
#include "cd-http-client.h"
#include "cd-new-claim-page.h"
#include "cd-seed.h"
#include "cd-statement.h"
#include "cd-window.h"
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
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = cd_new_claim_page_new ();
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

  gtk_window_destroy (GTK_WINDOW (window));
  gui_test_iterate ();
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

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 800);
  page = cd_new_claim_page_new ();
  gtk_window_set_child (GTK_WINDOW (window), page);
  cd_new_claim_page_set_backend (CD_NEW_CLAIM_PAGE (page), db,
                                 cd_gateway_process_get_base_url (gateway), NULL);
  session = gui_test_sign_in (NULL, path, "cb01", CD_ROLE_OFFICER);
  cd_new_claim_page_set_session (CD_NEW_CLAIM_PAGE (page), session);
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
 * audited as the officer, and `claimdesk-cli verify-audit` finds the chain intact. */
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
  g_autofree char *personal_id = NULL;
  g_autofree char *sql = NULL;
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

  window = gtk_window_new ();
  page = cd_new_claim_page_new ();
  gtk_window_set_child (GTK_WINDOW (window), page);
  cd_new_claim_page_set_backend (CD_NEW_CLAIM_PAGE (page), db,
                                 cd_gateway_process_get_base_url (gateway), NULL);
  gtk_window_present (GTK_WINDOW (window));
  create = find_action_button (page, "new-claim.create");
  g_assert_nonnull (create);

  /* The sickness case, evaluated: everything Create needs but someone to open the claim. */
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
  g_assert_false (gtk_widget_get_sensitive (create));

  session = gui_test_sign_in (NULL, path, "cb01", CD_ROLE_OFFICER);
  cd_new_claim_page_set_session (CD_NEW_CLAIM_PAGE (page), session);
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
                         "--people", G_STRINGIFY (WORLD_PEOPLE), "--error-rate", "1",
                         "--mismatch-rate", "1", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "claims.db", NULL);
  g_autoptr(CdDatabase) db = cd_database_open (path, &error);
  g_autoptr(CdGatewayProcess) gateway = NULL;
  g_autoptr(GPtrArray) retries = g_ptr_array_new ();
  g_autofree char *personal_id = NULL;
  GtkWidget *window;
  GtkWidget *page;

  g_assert_no_error (error);
  g_assert_true (cd_seed_run (db, WORLD_SEED, WORLD_PEOPLE, 200, NULL, NULL, &error));
  personal_id = sickness_claimant (db);
  gateway = cd_gateway_process_new (args);
  g_assert_true (cd_gateway_process_start_sync (gateway, NULL, &error));
  g_assert_no_error (error);

  window = gtk_window_new ();
  page = cd_new_claim_page_new ();
  gtk_window_set_child (GTK_WINDOW (window), page);
  cd_new_claim_page_set_backend (CD_NEW_CLAIM_PAGE (page), db,
                                 cd_gateway_process_get_base_url (gateway), NULL);
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

int
main (int    argc,
      char **argv)
{
  gui_test_init (&argc, &argv);

  g_test_add_func ("/gui/new-claim/builds-and-checks-the-id", test_builds_and_checks_the_id);
  g_test_add_func ("/gui/new-claim/window-shows-the-page", test_window_shows_the_page);
  g_test_add_func ("/gui/new-claim/flow-against-the-gateway", test_flow_against_the_gateway);
  g_test_add_func ("/gui/new-claim/failed-sources-retry", test_failed_sources_retry);
  g_test_add_func ("/gui/new-claim/created-through-the-workflow",
                   test_created_through_the_workflow);

  return g_test_run ();
}
